/* keten-report: the monthly summary of the chain as one self-contained HTML page (or
 * Markdown): the klantreis, the Wgs norms, the bottlenecks, the referral from informal to
 * formal help, small charts, and where every number came from.  Every figure comes from
 * the lib call that the command answering the same question makes (keten klantreis,
 * waits, bottleneck, flow, filter --active); this file only lays them out.  It stays
 * above the 450 lines of a command for that layout: seven sections, each written as
 * HTML (with its charts) and as Markdown, the page frame and 14 options; what it computes
 * lives in lib (events, bottleneck, dwell, trend, journey, waits). */
#include <getopt.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bottleneck.h"
#include "codes.h"
#include "csvio.h"
#include "date.h"
#include "diag.h"
#include "dwell.h"
#include "events.h"
#include "holidays.h"
#include "journey.h"
#include "journey_draw.h"
#include "model.h"
#include "opt.h"
#include "period.h"
#include "render.h"
#include "sha256.h"
#include "stats.h"
#include "strtab.h"
#include "svg.h"
#include "trend.h"
#include "waits.h"

static const char *month = "last"; /* --month */
static const char *today_arg;      /* --today */
static const char *codes_file;     /* --codes */
static const char *model_file;     /* --model */
static const char *out_file;       /* --output */
static const char *title;          /* --title */
static long min_n;                 /* --min-n */
static long top = 3;               /* --top */
static enum wait_unit unit;        /* --unit */
static int have_asof;              /* --asof given */
static kday asof;                  /* --asof */
static int markdown;               /* --format md */

/* The months the trend charts go back over, the report's month included. */
#define TREND_MONTHS 12

static void usage(void)
{
	printf("usage: keten report [-m MONTH] [--today DATE] [-a DATE] [-c FILE] [-f FORMAT]\n"
	       "                    [-u UNIT] [--holidays FILE] [-M FILE] [-k K] [-t N]\n"
	       "                    [--title TEXT] [-o FILE] FILE\n"
	       "\n"
	       "  -m, --month MONTH    the month to report: YYYY-MM, this or last (default last)\n"
	       "      --today DATE     the day that this and last count from (default: today)\n"
	       "  -a, --asof DATE      see the data as of DATE (default: the month's last day,\n"
	       "                       or today when that is earlier)\n"
	       "  -c, --codes FILE     add the knelpunten of this codes table to the klantreis\n"
	       "  -f, --format FORMAT  html (default) or md\n"
	       "  -u, --unit UNIT      waits in days (default), workdays or hours\n"
	       "      --holidays FILE  add the days of FILE to the holidays (repeatable)\n"
	       "  -M, --model FILE     use this chain model instead of the built-in one\n"
	       "  -k, --min-n K        show '.' for figures of fewer than K cases\n"
	       "  -t, --top N          knelpunten per klantreis phase (default 3)\n"
	       "      --title TEXT     the title of the page\n"
	       "  -o, --output FILE    write to FILE (whole or not at all) instead of stdout\n"
	       "  -h, --help           show this help\n"
	       "      --version        show the version\n");
}

/* An input of the report, for the provenance table. */
struct input {
	const char *path;
	const char *what;
	long rows;
	char sha[SHA256_HEX];
};

/* Events, codes, a model and up to 31 holiday files. */
#define MAX_INPUTS 34
static struct input inputs[MAX_INPUTS];
static size_t ninputs;

/* Opens an input of CSV records for one reading that hashes it on the way (csvr_open_tap),
 * so that the footer names exactly what was read, stdin included. */
static struct csvr *open_input(const char *path, const char *what, struct sha256 *c)
{
	struct input *in = &inputs[ninputs++];

	in->path = path;
	in->what = what;
	in->rows = -1;
	sha256_init(c);
	return csvr_open_tap(path, 0, sha256_tap, c);
}

/* Sets the digest of input i once its reading is done. */
static void input_done(size_t i, struct sha256 *c, long rows)
{
	unsigned char d[SHA256_BYTES];

	sha256_final(c, d);
	sha256_hex(d, inputs[i].sha);
	inputs[i].rows = rows;
}

/* A small file the report takes whole (a model or holidays): hashed, its records counted. */
static void add_file(const char *path, const char *what)
{
	struct sha256 c;
	struct csvr *r;
	size_t i = ninputs;

	sha256_init(&c);
	r = csvr_open_tap(path, CSVR_RAGGED, sha256_tap, &c);
	inputs[ninputs].path = path;
	inputs[ninputs++].what = what;
	while (csvr_next(r))
		;
	input_done(i, &c, csvr_count(r));
	csvr_close(r);
}

/* Output. */

static struct csvw *out;

static void put(const char *s)
{
	csvw_raw(out, s, strlen(s));
}

/* Text from the data or the user, escaped for the page. */
static void put_text(const char *s)
{
	if (markdown)
		render_md_escape(out, s, strlen(s));
	else
		render_html_escape(out, s, strlen(s));
}

static void section(const char *id, const char *heading)
{
	if (markdown) {
		put("## ");
		put_text(heading);
		put("\n\n");
	} else {
		put("<section id=\"");
		put(id);
		put("\">\n<h2>");
		put_text(heading);
		put("</h2>\n");
	}
}

static void section_end(void)
{
	if (!markdown)
		put("</section>\n");
}

/* A paragraph of formatted text, escaped as a whole. */
static void para(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void para(const char *fmt, ...)
{
	char buf[2048];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	if (!markdown)
		put("<p>");
	put_text(buf);
	put(markdown ? "\n\n" : "</p>\n");
}

/* Writes t and frees it; on the page inside a box that scrolls when the table is wider
 * than the screen. */
static void emit_table(struct render_table *t)
{
	if (!markdown)
		put("<div class=\"t\">\n");
	render_table(t, markdown ? RENDER_MD : RENDER_HTML_TABLE, 0, out);
	put(markdown ? "\n" : "</div>\n");
	render_free(t);
}

/* A table of two columns, measure and value, built a row at a time. */
static void kv(struct render_table *t, const char *k, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void kv(struct render_table *t, const char *k, const char *fmt, ...)
{
	char buf[2048];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	render_cell(t, k, strlen(k));
	render_cell(t, buf, strlen(buf));
	render_end_row(t, 0);
}

static void cellf(struct render_table *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void cellf(struct render_table *t, const char *fmt, ...)
{
	char buf[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	render_cell(t, buf, strlen(buf));
}

/* Aligns columns from .. ncols - 1 right: they hold numbers, even when all are empty. */
static void align_right(struct render_table *t, size_t from, size_t ncols)
{
	for (; from < ncols; from++)
		render_set_align(t, from, RENDER_RIGHT);
}

static void cell_str(struct render_table *t, const char *s)
{
	render_cell(t, s, strlen(s));
}

/* A number with one decimal, or nothing for NaN. */
static void cell_num(struct render_table *t, double v)
{
	if (isnan(v))
		render_cell(t, "", 0);
	else
		cellf(t, "%.1f", v);
}

static void cell_mark(struct render_table *t)
{
	render_cell(t, RENDER_MARK, strlen(RENDER_MARK));
}

static const char *day_text(kday d, char *buf)
{
	date_format(d, buf);
	return buf;
}

/* What the sections share. */
struct report {
	const struct model *m;
	struct evlog *all;   /* every event, with its reason and org_type */
	struct evlog *sub;   /* the report's cases (evlog_period_cases), up to asof */
	struct codes *cd;
	struct period p;     /* the month */
	kday today, asof, to; /* to: the last day seen of the period */
	struct period_counts n;
	int org_type;        /* the attribute column of org_type */
};

static void section_period(const struct report *r)
{
	const struct evlog *l = r->all;
	struct render_table *t;
	static const char *const names[] = { "what", "value" };
	char a[16], b[16];

	section("period", "Period and data");
	para("The tables below count the cases that were in the chain during the period: those "
	     "with an event in it, and those whose last event before it had not ended their "
	     "journey. They are seen as of %s: later events are not counted.",
	     day_text(r->asof, a));
	t = render_new(2, names);
	render_set_align(t, 1, RENDER_LEFT);
	kv(t, "period", "%s to %s", day_text(r->p.from, a), day_text(r->p.to, b));
	kv(t, "seen as of", "%s", day_text(r->asof, a));
	kv(t, "events read", "%ld", l->rows);
	if (l->n)
		kv(t, "dates in the input", "%s to %s", day_text(l->minday, a), day_text(l->maxday, b));
	kv(t, "cases in the input", "%zu", l->ncases);
	kv(t, "cases in the chain during the period", "%zu", r->n.cases);
	kv(t, "of which started in the period", "%ld", r->n.started);
	kv(t, "of which left the chain in the period", "%ld", r->n.left);
	kv(t, "events in the period", "%ld", r->n.events);
	if (r->cd) {
		kv(t, "interviews coded", "%zu", codes_count(r->cd, CODES_INTERVIEW));
		kv(t, "coded segments", "%zu", r->cd->n);
	}
	emit_table(t);
	section_end();
}

/* The funnel: the cases that reached each phase with case data. */
static void funnel_chart(const struct report *r, const struct journey *j)
{
	const struct model *m = r->m;
	const char **labels = xcalloc(m->nphases + 1, sizeof *labels);
	double *v = xcalloc(m->nphases + 1, sizeof *v);
	size_t p, n = 0;

	for (p = 0; p < m->nphases; p++) {
		const struct journey_phase *ph = &j->ph[p];

		if (!ph->has_stages)
			continue;
		labels[n] = m->phase_labels[p];
		v[n++] = ph->suppressed ? NAN : (double)ph->reached;
	}
	put("<figure>\n");
	svg_bar_chart(out, "Cases that reached each phase", labels, v, n, 0);
	put("</figure>\n");
	free(labels);
	free(v);
}

static void section_klantreis(const struct report *r)
{
	struct waitspec spec = { .unit = unit, .asof = r->asof, .level = 0.95, .min_n = min_n };
	struct journey_codes *jc = NULL;
	struct journey *j;
	size_t nj;

	section("klantreis", "Klantreis");
	j = journey_compute(r->sub, &spec, &nj);
	if (nj == 0) {
		para("No case was in the chain during the period.");
		journey_free(j, nj);
		section_end();
		return;
	}
	para("The %ld cases along the phases of the model: how many reached each phase, how many "
	     "dropped out there, their time in the phase (in %s, for those that moved on) and "
	     "the share of their waits under a norm that kept to it%s.",
	     j[0].started, opt_unit_name(unit),
	     r->cd ? ", with the knelpunten interviewees name for each phase (and in how many "
		     "interviews)"
		   : "");
	if (r->cd)
		jc = journey_codes(r->cd, r->sub, j, nj);
	emit_table(journey_table(r->sub, j, 1, jc, r->cd, r->cd ? top : 0, unit));
	if (!markdown)
		funnel_chart(r, &j[0]);
	journey_codes_free(jc, nj * r->m->nphases);
	journey_free(j, nj);
	section_end();
}

/* Who a norm applies to, beside the others of its pair. */
static void norm_applies(const struct model *m, int i, char *buf, size_t size)
{
	size_t k;

	if (m->norms[i].where[0]) {
		snprintf(buf, size, "where %s", m->norms[i].where);
		return;
	}
	for (k = 0; k < m->nnorms; k++)
		if ((int)k != i && m->norms[k].from == m->norms[i].from &&
		    m->norms[k].to == m->norms[i].to && m->norms[k].where[0]) {
			snprintf(buf, size, "the others");
			return;
		}
	snprintf(buf, size, "all");
}

static void section_norms(const struct report *r)
{
	static const char *const names[] = {
		"from", "to", "norm", "applies to", "source", "waits", "done", "still waiting",
		"dropped", "median", "p90", "past the norm", "% within norm",
	};
	struct waitspec spec = { .unit = unit, .asof = r->asof, .level = 0.95, .min_n = min_n };
	const struct model *m = r->m;
	struct render_table *t;
	struct waitrow *rows;
	size_t nrows, i;
	char buf[256];

	section("norms", "Wgs norms");
	if (r->sub->ncases == 0) {
		para("No case was in the chain during the period.");
		section_end();
		return;
	}
	spec.pairs = waits_norm_pairs(m, &spec.npairs);
	if (spec.npairs == 0) {
		para("The %s model has no norms.", m->name);
		free((void *)spec.pairs);
		section_end();
		return;
	}
	para("The waits between the stages that carry a norm in the model, from the first A of a "
	     "case to the first B after it, for the same cases. Median and p90 are of the "
	     "waits that are done, in %s; a wait still running at %s counts against the norm "
	     "when it has already passed it. A calendar-day limit that ends on a weekend or "
	     "holiday runs on to the next working day.",
	     opt_unit_name(unit), day_text(r->asof, buf));
	rows = waits_table(r->sub, &spec, &nrows);
	t = render_new(sizeof names / sizeof *names, names);
	align_right(t, 5, sizeof names / sizeof *names);
	for (i = 0; i < nrows; i++) {
		const struct waitrow *w = &rows[i];
		const struct waitstats *st = &w->st;
		size_t k;

		cell_str(t, m->stages[w->from].name);
		cell_str(t, m->stages[w->to].name);
		waits_norm_text(m, w->norm, buf, sizeof buf);
		cell_str(t, buf);
		if (w->norm >= 0) {
			norm_applies(m, w->norm, buf, sizeof buf);
			cell_str(t, buf);
			cell_str(t, m->norms[w->norm].source);
		} else {
			cell_str(t, "");
			cell_str(t, "");
		}
		if (st->suppressed) {
			for (k = 0; k < 8; k++)
				cell_mark(t);
			render_end_row(t, RENDER_SUPPRESSED);
			continue;
		}
		cellf(t, "%ld", st->n);
		cellf(t, "%ld", st->done);
		cellf(t, "%ld", st->waiting);
		cellf(t, "%ld", st->dropped);
		cell_num(t, st->median);
		cell_num(t, st->p90);
		if (st->has_norm) {
			cellf(t, "%ld", st->over);
			cell_num(t, isnan(st->pct_over) ? NAN : 100 - st->pct_over);
		} else {
			cell_str(t, "");
			cell_str(t, "");
		}
		render_end_row(t, 0);
	}
	if (nrows == 0)
		para("None of the cases has a wait under a norm.");
	else
		emit_table(t);
	if (nrows == 0)
		render_free(t);
	free(rows);
	free((void *)spec.pairs);
	section_end();
}

/* The median of the waits done in each of the last TREND_MONTHS months, per norm pair
 * (lib/trend): a wait counts in the month in which it ended.  The whole log counts, not
 * only the report's cases, so that each month stands as it stood. */
static void section_trend(const struct report *r)
{
	const struct model *m = r->m;
	struct waitspec spec = { .unit = unit, .asof = r->asof, .level = 0.95 };
	char labels[TREND_MONTHS][16], (*hdr)[160];
	const char *lab[TREND_MONTHS], **names;
	struct render_table *t;
	struct trend tr;
	size_t k, np;
	int i;

	section("trend", "Median wait per month");
	trend_months(r->all, &spec, r->p.from, TREND_MONTHS, min_n, &tr);
	np = tr.npairs;
	if (np == 0) {
		para("The %s model has no norms.", m->name);
		trend_free(&tr);
		section_end();
		return;
	}
	for (i = 0; i < TREND_MONTHS; i++) {
		int ym = tr.y0 * 12 + tr.m0 - 1 + i;

		snprintf(labels[i], sizeof labels[i], "%04d-%02d", ym / 12, ym % 12 + 1);
		lab[i] = labels[i];
	}
	para("The median of the waits that ended in each month, from the first A of a case to "
	     "the first B after it, in %s, over every case in the input.",
	     opt_unit_name(unit));
	names = xcalloc(1 + 2 * np, sizeof *names);
	hdr = xcalloc(2 * np, sizeof *hdr);
	names[0] = "month";
	for (k = 0; k < np; k++) {
		const char *a = m->stages[tr.pairs[k].from].name, *b = m->stages[tr.pairs[k].to].name;

		snprintf(hdr[2 * k], sizeof hdr[0], "%s to %s: waits", a, b);
		snprintf(hdr[2 * k + 1], sizeof hdr[0], "%s to %s: median", a, b);
		names[1 + 2 * k] = hdr[2 * k];
		names[2 + 2 * k] = hdr[2 * k + 1];
		if (markdown)
			continue;
		snprintf(hdr[2 * k], sizeof hdr[0], "Median wait, %s to %s, by month it ended", a, b);
		put("<figure>\n");
		svg_line_chart(out, hdr[2 * k], lab, tr.median + k * TREND_MONTHS, TREND_MONTHS,
			       opt_unit_name(unit), 0);
		put("</figure>\n");
	}
	if (markdown) {
		t = render_new(1 + 2 * np, names);
		align_right(t, 1, 1 + 2 * np);
		for (i = 0; i < TREND_MONTHS; i++) {
			int supp = 0;

			cell_str(t, lab[i]);
			for (k = 0; k < np; k++) {
				long n = tr.n[k * TREND_MONTHS + (size_t)i];

				if (n < min_n) {
					cell_mark(t);
					cell_mark(t);
					supp = 1;
				} else {
					cellf(t, "%ld", n);
					cell_num(t, tr.median[k * TREND_MONTHS + (size_t)i]);
				}
			}
			render_end_row(t, supp ? RENDER_SUPPRESSED : 0);
		}
		emit_table(t);
	}
	free(hdr);
	free(names);
	trend_free(&tr);
	section_end();
}

/* Bottlenecks: the stage rows of keten bottleneck --completed afgerond (lib/bottleneck),
 * ranked as it ranks them by default: by share of case-days, then by drop rate. */
static void section_bottlenecks(const struct report *r)
{
	static const char *const names[] = {
		"rank", "stage", "entered", "moved on", "dropped", "still there", "median dwell",
		"p90 dwell", "case-days", "% of case-days", "drop rate %",
	};
	static const int cols[] = { BN_MEDIAN, BN_P90, BN_DAYS, BN_SHARE, BN_DROPRATE };
	struct bottleneck_opts o = { .asof = r->asof, .completed = "afgerond", .min_n = min_n };
	struct bottleneck_row *rows;
	struct render_table *t;
	size_t n, i, k;
	char a[16];

	section("bottlenecks", "Bottlenecks");
	if (r->sub->ncases == 0) {
		para("No case was in the chain during the period.");
		section_end();
		return;
	}
	rows = bottleneck_stages(r->sub, &o, &n);
	para("Where the cases stay longest and where they are lost: each stage's stays, ranked "
	     "by its share of all the days the cases spent in the chain (open stays counted to "
	     "%s), then by its drop rate, the share of stays that ended the journey without "
	     "completing it. A journey completes at the reason afgerond or on leaving the last "
	     "stage before the end. Dwells are in days.",
	     day_text(r->asof, a));
	t = render_new(sizeof names / sizeof *names, names);
	align_right(t, 2, sizeof names / sizeof *names);
	render_set_align(t, 0, RENDER_RIGHT);
	for (i = 0; i < n; i++) {
		const struct bottleneck_row *b = &rows[i];

		if (b->supp) {
			cell_str(t, "");
			cell_str(t, r->m->stages[b->stage].name);
			for (k = 0; k < 9; k++)
				cell_mark(t);
			render_end_row(t, RENDER_SUPPRESSED);
			continue;
		}
		cellf(t, "%ld", b->pos);
		cell_str(t, r->m->stages[b->stage].name);
		for (k = BN_ENTERED; k <= BN_WIP; k++)
			cellf(t, "%.0f", b->v[k]);
		for (k = 0; k < sizeof cols / sizeof *cols; k++)
			cell_num(t, b->v[cols[k]]);
		render_end_row(t, 0);
	}
	if (n == 0) {
		para("None of the cases stayed in a stage.");
		render_free(t);
	} else {
		emit_table(t);
	}
	free(rows);
	section_end();
}

/* The referral question as keten flow --on org_type answers it (lib/bottleneck), and
 * the moves between the values of org_type that keten flow tabulates (lib/dwell). */
static void section_referral(const struct report *r)
{
	static const char *const names[] = {
		"from", "to", "cases", "% of from", "median wait", "p90 wait",
	};
	struct dwellspec ds = { .asof = r->asof, .unit = unit, .on_attr = r->org_type + 1,
				.start_stage = -1 };
	const struct evlog *l = r->sub;
	struct dwell_table dt;
	struct render_table *t;
	struct referral *ref;
	char a[16];
	size_t i, c, nref;

	section("referral", "Referral from informal to formal help");
	dwell_table(l, &ds, DWELL_CELLS | DWELL_MOVES, &dt);
	if (l->ncases == 0) {
		para("No case was in the chain during the period.");
		goto done;
	}
	if (strtab_count(l->attrtab[r->org_type]) <= 1 || dt.ncells == 0) {
		para("The input has no org_type values for these cases, so the referral flow "
		     "cannot be shown.");
		goto done;
	}
	ref = referral_count(l, &ds, min_n, &nref);
	for (i = 0; i < nref; i++) {
		const struct referral *x = &ref[i];

		if (x->supp)
			para("Fewer than %ld cases had informal help: how many of them reached "
			     "formal help is not shown.", min_n);
		else
			para("Of the %ld cases that had informal help, %ld (%.1f%%) never reached "
			     "formal help after their first informal stay (%ld ended, %ld still "
			     "open).",
			     x->cases, x->never, 100.0 * (double)x->never / (double)x->cases,
			     x->ended, x->open);
	}
	free(ref);
	para("How the cases moved between informal and formal help (the column org_type): a row "
	     "per move from one to the next, with the cases that stopped at from as (end), "
	     "when their journey ended, or (open), when still there at %s. Waits are the "
	     "time spent in from before the move, in %s.",
	     day_text(r->asof, a), opt_unit_name(unit));
	t = render_new(sizeof names / sizeof *names, names);
	align_right(t, 2, sizeof names / sizeof *names);
	for (i = 0; i < dt.nmoves; i++) {
		const struct dwell_move *mv = &dt.move[i];

		cell_str(t, dwell_key_name(l, &ds, mv->from));
		cell_str(t, dwell_key_name(l, &ds, mv->to));
		if (mv->cases < min_n) {
			for (c = 0; c < 4; c++)
				cell_mark(t);
			render_end_row(t, RENDER_SUPPRESSED);
			continue;
		}
		cellf(t, "%ld", mv->cases);
		cell_num(t, mv->share);
		cell_num(t, stats_quantile(mv->d, (size_t)mv->n, 0.5));
		cell_num(t, stats_quantile(mv->d, (size_t)mv->n, 0.9));
		render_end_row(t, 0);
	}
	emit_table(t);
done:
	dwell_table_free(&dt);
	section_end();
}

static void section_provenance(const struct report *r)
{
	static const char *const in_names[] = { "file", "contents", "rows", "SHA-256" };
	static const char *const kv_names[] = { "setting", "value" };
	const struct model *m = r->m;
	struct render_table *t;
	size_t i, nextra = 0;
	char a[16], b[16];

	if (!markdown)
		put("<footer id=\"provenance\">\n<h2>Provenance</h2>\n");
	else
		put("## Provenance\n\n");
	t = render_new(4, in_names);
	render_set_align(t, 2, RENDER_RIGHT);
	for (i = 0; i < ninputs; i++) {
		cell_str(t, inputs[i].path);
		cell_str(t, inputs[i].what);
		cellf(t, "%ld", inputs[i].rows);
		cell_str(t, inputs[i].sha);
		render_end_row(t, 0);
		if (strcmp(inputs[i].what, "holidays") == 0)
			nextra++;
	}
	emit_table(t);
	t = render_new(2, kv_names);
	render_set_align(t, 1, RENDER_LEFT);
	kv(t, "model", "%s: %zu stages, %zu phases, %zu norms", m->name, m->nstages, m->nphases,
	   m->nnorms);
	kv(t, "calendar", "Dutch working days: Monday to Friday but the holidays of the "
			  "Algemene termijnenwet (art. 3) and Goede Vrijdag, Easter computed%s",
	   nextra ? "; and the days of the holiday files above" : "");
	kv(t, "period", "%s to %s", day_text(r->p.from, a), day_text(r->p.to, b));
	kv(t, "today", "%s", day_text(r->today, a));
	kv(t, "asof", "%s", day_text(r->asof, a));
	kv(t, "unit", "%s", opt_unit_name(unit));
	kv(t, "min-n", "%ld", min_n);
	kv(t, "keten version", "%s", KETEN_VERSION);
	emit_table(t);
	if (!markdown)
		put("</footer>\n");
}

static const char report_css[] =
	"h1{font-size:1.5em;margin:0 0 .5em}\n"
	"h2{font-size:1.2em;margin:1.5em 0 .5em}\n"
	"p{max-width:48em}\n"
	"figure{margin:1em 0}\n"
	"svg{max-width:100%;height:auto}\n"
	".t{overflow-x:auto;margin:.5em 0}\n"
	"table{font-size:.9em}\n"
	"td:first-child{white-space:nowrap}\n"
	"footer{margin-top:2em;font-size:.9em}\n"
	"@media print{body{margin:0}.t{overflow:visible}table{font-size:.75em}"
	"figure,tr{break-inside:avoid}}\n";

static void page_start(const char *heading)
{
	if (markdown) {
		put("# ");
		put_text(heading);
		put("\n\n");
		return;
	}
	put("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n"
	    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n<title>");
	put_text(heading);
	put("</title>\n<style>\n");
	put(render_css);
	put(report_css);
	put("</style>\n</head>\n<body>\n<h1>");
	put_text(heading);
	put("</h1>\n");
}

static void page_end(void)
{
	if (!markdown)
		put("</body>\n</html>\n");
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "month", required_argument, NULL, 'm' },
		{ "today", required_argument, NULL, 'T' },
		{ "asof", required_argument, NULL, 'a' },
		{ "codes", required_argument, NULL, 'c' },
		{ "format", required_argument, NULL, 'f' },
		{ "unit", required_argument, NULL, 'u' },
		{ "holidays", required_argument, NULL, 'H' },
		{ "model", required_argument, NULL, 'M' },
		{ "min-n", required_argument, NULL, 'k' },
		{ "top", required_argument, NULL, 't' },
		{ "title", required_argument, NULL, 'L' },
		{ "output", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	const char *holidays[MAX_INPUTS - 3];
	size_t nholidays = 0, i;
	struct evopts eo = { 0 };
	struct report r;
	struct period seen;
	struct sha256 hash;
	struct model *m;
	uint8_t *keep;
	char heading[512], ym[16], a[16], b[16];
	int ch, y, mo, d;

	diag_init(argv[0]);
	memset(&r, 0, sizeof r);
	while ((ch = getopt_long(argc, argv, ":m:a:c:f:u:M:k:t:o:h", longopts, NULL)) != -1) {
		switch (ch) {
		case 'm': /* --month */
			month = optarg;
			break;
		case 'T': /* --today */
			today_arg = optarg;
			break;
		case 'a': /* --asof */
			asof = opt_date("--asof", optarg);
			have_asof = 1;
			break;
		case 'c': /* --codes */
			codes_file = optarg;
			break;
		case 'f': /* --format */
			if (strcmp(optarg, "html") == 0)
				markdown = 0;
			else if (strcmp(optarg, "md") == 0)
				markdown = 1;
			else
				usage_error("--format: not html or md: '%s'", optarg);
			break;
		case 'u': /* --unit */
			unit = opt_unit("--unit", optarg);
			break;
		case 'H': /* --holidays */
			if (nholidays == sizeof holidays / sizeof *holidays)
				usage_error("--holidays: more than %zu files",
					    sizeof holidays / sizeof *holidays);
			holidays[nholidays++] = optarg;
			break;
		case 'M': /* --model */
			model_file = optarg;
			break;
		case 'k': /* --min-n */
			min_n = (long)parse_int_opt("--min-n", optarg, 0, 1000000000);
			break;
		case 't': /* --top */
			top = (long)parse_int_opt("--top", optarg, 0, 100);
			break;
		case 'L': /* --title */
			title = optarg;
			break;
		case 'o': /* --output */
			out_file = optarg;
			break;
		case 'h': /* --help */
			usage();
			return 0;
		case 'V': /* --version */
			printf("keten-report %s\n", KETEN_VERSION);
			return 0;
		default:
			usage_bad_option(ch, argv);
		}
	}
	argc -= optind;
	argv += optind;
	if (argc == 0)
		usage_error("no events file given");
	if (argc > 1)
		usage_error("one events file, not %d", argc);

	r.today = period_today("--today", today_arg);
	if (period_term(month, strlen(month), PERIOD_MONTH, r.today, &r.p) != 0)
		usage_error("--month: not YYYY-MM, this or last: '%s'", month);
	if (!have_asof && r.today < r.p.from)
		usage_error("--month: %s has not begun on %s (today)", month, day_text(r.today, a));
	r.asof = have_asof ? asof : r.p.to < r.today ? r.p.to : r.today;
	if (r.asof < r.p.from)
		usage_error("--asof: %s is before the month reported", day_text(r.asof, a));
	r.to = r.p.to < r.asof ? r.p.to : r.asof;
	if (codes_file && strcmp(codes_file, "-") == 0 && strcmp(argv[0], "-") == 0)
		usage_error("only one input can be stdin ('-')");
	if (model_file && strcmp(model_file, "-") == 0)
		usage_error("--model: a file, not stdin");
	for (i = 0; i < nholidays; i++)
		if (strcmp(holidays[i], "-") == 0)
			usage_error("--holidays: a file, not stdin");

	/* A bad output path fails before the work; the page appears whole or not at all. */
	out = csvw_open(out_file);

	/* Each input is read once and hashed as it is read.  The events keep the reason
	 * (the klantreis and the bottlenecks) and org_type (the referral). */
	m = model_get(model_file);
	r.m = m;
	eo.m = m;
	eo.attr = "reason,org_type";
	eo.attr_optional = 1;
	eo.norm_flags = 1;
	r.all = evlog_read(open_input(argv[0], "events", &hash), &eo);
	input_done(0, &hash, r.all->rows);
	r.org_type = evlog_attr_col(r.all, "org_type");
	if (codes_file) {
		struct codes_opts co = { 0 };

		co.cols = CODES_BIT(CODES_PHASE) | CODES_BIT(CODES_CHAIN) | CODES_BIT(CODES_CITY) |
			  CODES_BIT(CODES_ROLE) | CODES_BIT(CODES_POLARITY);
		co.need = CODES_BIT(CODES_PHASE);
		co.model = m;
		r.cd = codes_new(&co);
		codes_read_csv(r.cd, open_input(codes_file, "codes", &hash));
		codes_done(r.cd);
		input_done(1, &hash, r.cd->read);
	}
	if (model_file)
		add_file(model_file, "model");
	for (i = 0; i < nholidays; i++) {
		add_file(holidays[i], "holidays");
		holidays_add_file(cal_default(), holidays[i]);
	}
	if (r.all->n && r.all->maxday < r.to)
		warnx("%s: the latest date in the input, %s, is before the end of the period seen, %s",
		      r.all->name, day_text(r.all->maxday, a), day_text(r.to, b));

	/* The cases in the chain during the period, as keten filter --active picks them. */
	seen.from = r.p.from;
	seen.to = r.to;
	keep = evlog_period_cases(r.all, &seen, &r.n);
	r.sub = evlog_select(r.all, keep, r.asof);
	free(keep);

	date_to_ymd(r.p.from, &y, &mo, &d);
	snprintf(ym, sizeof ym, "%04d-%02d", y, mo);
	if (title)
		snprintf(heading, sizeof heading, "%s", title);
	else
		snprintf(heading, sizeof heading, "Monthly report of the chain: %s", ym);

	page_start(heading);
	section_period(&r);
	section_klantreis(&r);
	section_norms(&r);
	section_trend(&r);
	section_bottlenecks(&r);
	section_referral(&r);
	section_provenance(&r);
	page_end();
	csvw_close(out);

	if (r.cd)
		codes_free(r.cd);
	evlog_free(r.sub);
	evlog_free(r.all);
	model_free(m);
	cal_free();
	return 0;
}
