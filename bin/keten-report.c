/* keten-report: the monthly summary of the chain as one self-contained HTML page (or
 * Markdown): the klantreis, the Wgs norms, the bottlenecks, the referral from informal to
 * formal help, small charts, and where every number came from. */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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

/* Inputs: hashed before they are read, stdin by way of a spool file. */

static int stdin_taken;

/* Hashes path; when it is "-", copies stdin to an unlinked temporary file on the way and
 * puts that file in the place of stdin, so that it can be read (and read again) as
 * stdin while messages still name it "-". */
static void add_input(const char *path, const char *what)
{
	struct input *in = &inputs[ninputs++];
	static unsigned char buf[1 << 16];
	unsigned char d[SHA256_BYTES];
	struct sha256 c;
	FILE *fp, *spool = NULL;
	size_t n;

	in->path = path;
	in->what = what;
	in->rows = -1;
	sha256_init(&c);
	if (strcmp(path, "-") == 0) {
		if (stdin_taken)
			usage_error("only one input can be stdin ('-')");
		stdin_taken = 1;
		if (!(spool = tmpfile()))
			die("cannot make a temporary file for stdin: %s", strerror(errno));
		fp = stdin;
	} else if (!(fp = fopen(path, "rb"))) {
		die("%s: %s", path, strerror(errno));
	}
	while ((n = fread(buf, 1, sizeof buf, fp)) > 0) {
		sha256_update(&c, buf, n);
		if (spool && fwrite(buf, 1, n, spool) != n)
			die("cannot write the copy of stdin: %s", strerror(errno));
	}
	if (ferror(fp))
		die("%s: read error: %s", path, strerror(errno));
	sha256_final(&c, d);
	sha256_hex(d, in->sha);
	if (spool) {
		if (fflush(spool) != 0 || dup2(fileno(spool), STDIN_FILENO) < 0)
			die("cannot put the copy of stdin in place: %s", strerror(errno));
		fclose(spool);
		clearerr(stdin);
		rewind(stdin);
	} else {
		fclose(fp);
	}
}

/* The records of a small CSV input (a model or holiday file), for the provenance. */
static long count_rows(const char *path)
{
	struct csvr *r = csvr_open(path, CSVR_RAGGED);
	long n;

	while (csvr_next(r))
		;
	n = csvr_count(r);
	csvr_close(r);
	return n;
}

/* The cases of the report. */

/* Whether case c was in the chain during from..to: it has an event in the period, or its
 * last event before the period is not the end of the chain (so it was still open at the
 * period's start). */
static int in_period(const struct evlog *l, size_t c, kday from, kday to)
{
	size_t i, lo = l->start[c], hi = l->start[c + 1];
	int open = 0;

	for (i = lo; i < hi && l->ev[i].day <= to; i++) {
		if (l->ev[i].day >= from)
			return 1;
		open = !l->m->stages[l->ev[i].stage].terminal;
	}
	return open;
}

/* A log of the chosen cases of l, their events up to asof, sharing l's tables of groups
 * and values.  Cases are renumbered in l's order; free it with sub_free. */
static struct evlog *sub_log(const struct evlog *l, const uint8_t *keep, kday to)
{
	struct evlog *s = xmalloc(sizeof *s);
	size_t c, i, n = 0, k = 0;

	*s = *l;
	for (c = 0; c < l->ncases; c++)
		if (keep[c])
			for (i = l->start[c]; i < l->start[c + 1] && l->ev[i].day <= to; i++)
				n++;
	s->ev = xmalloc((n ? n : 1) * sizeof *s->ev);
	s->start = xmalloc((l->ncases + 1) * sizeof *s->start);
	s->cases = strtab_new();
	s->minday = INT32_MAX;
	s->maxday = INT32_MIN;
	n = 0;
	for (c = 0; c < l->ncases; c++) {
		if (!keep[c])
			continue;
		s->start[k] = n;
		strtab_intern(s->cases, strtab_str(l->cases, (uint32_t)c),
			      strtab_len(l->cases, (uint32_t)c));
		for (i = l->start[c]; i < l->start[c + 1] && l->ev[i].day <= to; i++) {
			s->ev[n] = l->ev[i];
			s->ev[n].kase = (uint32_t)k;
			if (s->ev[n].day < s->minday)
				s->minday = s->ev[n].day;
			if (s->ev[n].day > s->maxday)
				s->maxday = s->ev[n].day;
			n++;
		}
		k++;
	}
	s->start[k] = n;
	s->n = n;
	s->ncases = k;
	s->rows = (long)n;
	if (n == 0)
		s->minday = s->maxday = 0;
	return s;
}

static void sub_free(struct evlog *s)
{
	if (!s)
		return;
	free(s->ev);
	free(s->start);
	strtab_free(s->cases);
	free(s);
}

/* What the sections share. */
struct report {
	const struct model *m;
	struct evlog *all;   /* every event, with the reason of each */
	struct evlog *sub;   /* the report's cases */
	struct codes *cd;
	struct period p;     /* the month */
	kday today, asof, to; /* to: the last day seen of the period */
	uint8_t *keep;       /* per case of all: one of the report's cases */
	long started, left, events; /* cases that started, cases that left, events: in the period */
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
	kv(t, "cases in the chain during the period", "%zu", r->sub->ncases);
	kv(t, "of which started in the period", "%ld", r->started);
	kv(t, "of which left the chain in the period", "%ld", r->left);
	kv(t, "events in the period", "%ld", r->events);
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

/* The median of the waits done in each of the last TREND_MONTHS months, per norm pair: a
 * wait counts in the month in which it ended.  The whole log counts, not only the
 * report's cases, so that each month stands as it stood. */
static void section_trend(const struct report *r)
{
	const struct evlog *l = r->all;
	const struct model *m = r->m;
	struct waitspec spec = { .unit = unit, .asof = r->asof, .level = 0.95 };
	struct stage_pair *pairs = waits_norm_pairs(m, &spec.npairs);
	size_t np = spec.npairs, c, i, k;
	double *v = NULL, *samples = NULL, *med;
	size_t *nv, *cnt, cap = 0, nall = 0;
	uint16_t *which = NULL;
	uint8_t *mon = NULL;
	size_t wcap = 0, mcap = 0;
	struct wait *buf;
	char labels[TREND_MONTHS][16];
	const char *lab[TREND_MONTHS];
	int y0, m0, d0, base;
	struct render_table *t = NULL;

	section("trend", "Median wait per month");
	spec.pairs = pairs;
	if (np == 0) {
		para("The %s model has no norms.", m->name);
		free(pairs);
		section_end();
		return;
	}
	date_to_ymd(r->p.from, &y0, &m0, &d0);
	base = y0 * 12 + (m0 - 1) - (TREND_MONTHS - 1);
	for (k = 0; k < TREND_MONTHS; k++) {
		snprintf(labels[k], sizeof labels[k], "%04d-%02d", (base + (int)k) / 12,
			 (base + (int)k) % 12 + 1);
		lab[k] = labels[k];
	}

	buf = waits_buffer(l, &spec);
	for (c = 0; c < l->ncases; c++) {
		size_t nw = waits_of_case(l, c, &spec, buf);

		for (i = 0; i < nw; i++) {
			int y, mo, d, idx;

			if (buf[i].status != W_DONE)
				continue;
			date_to_ymd(l->ev[buf[i].b].day, &y, &mo, &d);
			idx = y * 12 + (mo - 1) - base;
			if (idx < 0 || idx >= TREND_MONTHS)
				continue;
			for (k = 0; k < np; k++)
				if (pairs[k].from == buf[i].from && pairs[k].to == buf[i].to)
					break;
			xgrow(&v, &cap, nall + 1, sizeof *v);
			xgrow(&which, &wcap, nall + 1, sizeof *which);
			xgrow(&mon, &mcap, nall + 1, sizeof *mon);
			v[nall] = buf[i].w;
			which[nall] = (uint16_t)k;
			mon[nall] = (uint8_t)idx;
			nall++;
		}
	}
	free(buf);

	/* Bucket the waits by pair and month, then one median per bucket. */
	nv = xcalloc(np * TREND_MONTHS + 1, sizeof *nv);
	cnt = xcalloc(np * TREND_MONTHS + 1, sizeof *cnt);
	for (i = 0; i < nall; i++)
		nv[which[i] * TREND_MONTHS + mon[i] + 1]++;
	for (k = 0; k < np * TREND_MONTHS; k++)
		nv[k + 1] += nv[k];
	samples = xmalloc((nall ? nall : 1) * sizeof *samples);
	memcpy(cnt, nv, (np * TREND_MONTHS + 1) * sizeof *cnt);
	for (i = 0; i < nall; i++)
		samples[cnt[which[i] * TREND_MONTHS + mon[i]]++] = v[i];
	med = xmalloc(np * TREND_MONTHS * sizeof *med);
	for (k = 0; k < np * TREND_MONTHS; k++) {
		size_t n = nv[k + 1] - nv[k];

		stats_sort(samples + nv[k], n);
		med[k] = (long)n < min_n || (long)n == 0 ? NAN : stats_quantile(samples + nv[k], n, 0.5);
	}

	para("The median of the waits that ended in each month, from the first A of a case to "
	     "the first B after it, in %s, over every case in the input.",
	     opt_unit_name(unit));
	if (markdown) {
		const char **names = xcalloc(1 + 2 * np, sizeof *names);
		char (*hdr)[160] = xcalloc(2 * np, sizeof *hdr);

		names[0] = "month";
		for (k = 0; k < np; k++) {
			snprintf(hdr[2 * k], sizeof hdr[0], "%s to %s: waits",
				 m->stages[pairs[k].from].name, m->stages[pairs[k].to].name);
			snprintf(hdr[2 * k + 1], sizeof hdr[0], "%s to %s: median",
				 m->stages[pairs[k].from].name, m->stages[pairs[k].to].name);
			names[1 + 2 * k] = hdr[2 * k];
			names[2 + 2 * k] = hdr[2 * k + 1];
		}
		t = render_new(1 + 2 * np, (const char *const *)names);
		align_right(t, 1, 1 + 2 * np);
		for (i = 0; i < TREND_MONTHS; i++) {
			int supp = 0;

			cell_str(t, lab[i]);
			for (k = 0; k < np; k++) {
				size_t n = nv[k * TREND_MONTHS + i + 1] - nv[k * TREND_MONTHS + i];

				if ((long)n < min_n) {
					cell_mark(t);
					cell_mark(t);
					supp = 1;
				} else {
					cellf(t, "%zu", n);
					cell_num(t, med[k * TREND_MONTHS + i]);
				}
			}
			render_end_row(t, supp ? RENDER_SUPPRESSED : 0);
		}
		emit_table(t);
		free(hdr);
		free(names);
	} else {
		for (k = 0; k < np; k++) {
			char ttl[256];

			snprintf(ttl, sizeof ttl, "Median wait, %s to %s, by month it ended",
				 m->stages[pairs[k].from].name, m->stages[pairs[k].to].name);
			put("<figure>\n");
			svg_line_chart(out, ttl, lab, med + k * TREND_MONTHS, TREND_MONTHS,
				       opt_unit_name(unit), 0);
			put("</figure>\n");
		}
	}
	free(v);
	free(which);
	free(mon);
	free(samples);
	free(nv);
	free(cnt);
	free(med);
	free(pairs);
	section_end();
}

/* Bottlenecks: the stays of the report's cases in each stage (lib/dwell), ranked as keten
 * bottleneck ranks them by default: by share of case-days, then by drop rate. */
struct brow {
	const struct dwell_cell *c;
	double share, drop_rate, median, p90;
	uint32_t rank; /* the stage's place in the model */
	int supp;
};

static int cmp_brow(const void *x, const void *y)
{
	const struct brow *a = x, *b = y;
	const double pa[2] = { a->share, a->drop_rate }, pb[2] = { b->share, b->drop_rate };
	int i;

	if (a->supp != b->supp)
		return a->supp - b->supp;
	for (i = 0; !a->supp && i < 2; i++) {
		/* An empty value ranks below any number. */
		if (isnan(pa[i]) != isnan(pb[i]))
			return isnan(pa[i]) ? 1 : -1;
		if (!isnan(pa[i]) && pa[i] != pb[i])
			return pa[i] > pb[i] ? -1 : 1;
	}
	return (a->rank > b->rank) - (a->rank < b->rank);
}

static void section_bottlenecks(const struct report *r)
{
	static const char *const names[] = {
		"rank", "stage", "entered", "moved on", "dropped", "still there", "median dwell",
		"p90 dwell", "case-days", "% of case-days", "drop rate %",
	};
	const struct evlog *l = r->sub;
	struct dwellspec ds = { .asof = r->asof, .unit = UNIT_DAYS, .last_done = 1,
				.start_stage = -1 };
	size_t nattr = strtab_count(l->attrs), i, k;
	uint8_t *done = xcalloc(nattr + 1, 1);
	uint32_t afgerond = strtab_find(l->attrs, "afgerond", 8), *krank;
	struct dwell_table dt;
	struct render_table *t;
	struct brow *rows;
	double total = 0;
	char a[16];

	section("bottlenecks", "Bottlenecks");
	if (l->ncases == 0) {
		para("No case was in the chain during the period.");
		free(done);
		section_end();
		return;
	}
	if (afgerond != UINT32_MAX)
		done[afgerond] = 1;
	ds.done_attr = done;
	dwell_table(l, &ds, DWELL_CELLS, &dt);
	krank = dwell_key_rank(l, &ds);
	rows = xcalloc(dt.ncells + 1, sizeof *rows);
	for (i = 0; i < dt.ncells; i++)
		total += dt.cell[i].total;
	for (i = 0; i < dt.ncells; i++) {
		const struct dwell_cell *c = &dt.cell[i];
		double left = (double)(c->left + c->done), dropped = (double)(c->dropped + c->idle);

		rows[i].c = c;
		rows[i].share = total > 0 ? 100 * c->total / total : NAN;
		rows[i].drop_rate = left + dropped > 0 ? 100 * dropped / (left + dropped) : NAN;
		rows[i].median = stats_quantile(c->d, c->nd, 0.5);
		rows[i].p90 = stats_quantile(c->d, c->nd, 0.9);
		rows[i].rank = krank[c->key];
		rows[i].supp = c->cases < min_n;
	}
	qsort(rows, dt.ncells, sizeof *rows, cmp_brow);

	para("Where the cases stay longest and where they are lost: each stage's stays, ranked "
	     "by its share of all the days the cases spent in the chain (open stays counted to "
	     "%s), then by its drop rate, the share of stays that ended the journey without "
	     "completing it. A journey completes at the reason afgerond or on leaving the last "
	     "stage before the end. Dwells are in days.",
	     day_text(r->asof, a));
	t = render_new(sizeof names / sizeof *names, names);
	align_right(t, 2, sizeof names / sizeof *names);
	render_set_align(t, 0, RENDER_RIGHT);
	for (i = 0; i < dt.ncells; i++) {
		const struct brow *b = &rows[i];
		const struct dwell_cell *c = b->c;

		if (b->supp) {
			cell_str(t, "");
			cell_str(t, dwell_key_name(l, &ds, c->key));
			for (k = 0; k < 9; k++)
				cell_mark(t);
			render_end_row(t, RENDER_SUPPRESSED);
			continue;
		}
		cellf(t, "%zu", i + 1);
		cell_str(t, dwell_key_name(l, &ds, c->key));
		cellf(t, "%ld", c->entered);
		cellf(t, "%ld", c->left + c->done);
		cellf(t, "%ld", c->dropped + c->idle);
		cellf(t, "%ld", c->open);
		cell_num(t, b->median);
		cell_num(t, b->p90);
		cell_num(t, c->total);
		cell_num(t, b->share);
		cell_num(t, b->drop_rate);
		render_end_row(t, 0);
	}
	if (dt.ncells == 0) {
		para("None of the cases stayed in a stage.");
		render_free(t);
	} else {
		emit_table(t);
	}
	free(rows);
	free(krank);
	free(done);
	dwell_table_free(&dt);
	section_end();
}

/* The referral flow: how the report's cases moved between the values of org_type
 * (lib/dwell over a log that keeps org_type). */
static void section_referral(const struct report *r, const struct evlog *orgs)
{
	static const char *const names[] = {
		"from", "to", "cases", "% of from", "median wait", "p90 wait",
	};
	struct dwellspec ds = { .asof = r->asof, .unit = unit, .on_attr = 1, .start_stage = -1 };
	struct evlog *l = sub_log(orgs, r->keep, r->asof);
	uint32_t inf = strtab_find(l->attrs, "informeel", 9);
	uint32_t frm = strtab_find(l->attrs, "formeel", 7);
	struct dwell_table dt;
	struct render_table *t;
	char a[16];
	size_t i, c;

	section("referral", "Referral from informal to formal help");
	dwell_table(l, &ds, DWELL_CELLS | DWELL_MOVES, &dt);
	if (l->ncases == 0) {
		para("No case was in the chain during the period.");
		goto done;
	}
	if (strtab_count(l->attrs) <= 1 || dt.ncells == 0) {
		para("The input has no org_type values for these cases, so the referral flow "
		     "cannot be shown.");
		goto done;
	}
	for (i = 0; i < dt.nmoves; i++) {
		const struct dwell_move *mv = &dt.move[i];

		if (mv->from != inf || mv->to != frm || inf == UINT32_MAX || frm == UINT32_MAX)
			continue;
		for (c = 0; c < dt.ncells; c++)
			if (dt.cell[c].key == inf)
				break;
		if (c < dt.ncells && dt.cell[c].cases >= min_n && mv->cases >= min_n)
			para("Of the %ld cases that had informal help, %ld (%.1f%%) moved on from it "
			     "to formal help.",
			     dt.cell[c].cases, mv->cases,
			     100.0 * (double)mv->cases / (double)dt.cell[c].cases);
	}
	para("How the cases moved between informal and formal help (the column org_type): a row "
	     "per move from one to the next, with the cases that stopped at from as (end), "
	     "when their journey ended, or (open), when still there at %s. Waits are the "
	     "time spent in from before the move, in %s.",
	     day_text(r->asof, a), opt_unit_name(unit));
	t = render_new(sizeof names / sizeof *names, names);
	align_right(t, 2, sizeof names / sizeof *names);
	for (i = 0; i < dt.nmoves; i++) {
		const struct dwell_move *mv = &dt.move[i];
		const struct dwell_cell *from = NULL;

		for (c = 0; c < dt.ncells; c++)
			if (dt.cell[c].group == mv->group && dt.cell[c].key == mv->from)
				from = &dt.cell[c];
		cell_str(t, dwell_key_name(l, &ds, mv->from));
		cell_str(t, dwell_key_name(l, &ds, mv->to));
		if (mv->cases < min_n) {
			for (c = 0; c < 4; c++)
				cell_mark(t);
			render_end_row(t, RENDER_SUPPRESSED);
			continue;
		}
		cellf(t, "%ld", mv->cases);
		cell_num(t, from && from->cases ? 100.0 * (double)mv->cases / (double)from->cases
						: NAN);
		cell_num(t, stats_quantile(mv->d, (size_t)mv->n, 0.5));
		cell_num(t, stats_quantile(mv->d, (size_t)mv->n, 0.9));
		render_end_row(t, 0);
	}
	emit_table(t);
done:
	dwell_table_free(&dt);
	sub_free(l);
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

/* Counts the report's cases and what they did in the period. */
static void choose_cases(struct report *r)
{
	const struct evlog *l = r->all;
	size_t c, i;

	r->keep = xcalloc(l->ncases + 1, 1);
	for (c = 0; c < l->ncases; c++) {
		int left = 0;

		r->keep[c] = (uint8_t)in_period(l, c, r->p.from, r->to);
		if (!r->keep[c])
			continue;
		if (l->ev[l->start[c]].day >= r->p.from)
			r->started++;
		for (i = l->start[c]; i < l->start[c + 1] && l->ev[i].day <= r->to; i++) {
			if (l->ev[i].day < r->p.from)
				continue;
			r->events++;
			if (l->m->stages[l->ev[i].stage].terminal)
				left = 1;
		}
		r->left += left;
	}
	r->sub = sub_log(l, r->keep, r->asof);
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
	struct evlog *orgs;
	struct model *m;
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

	/* A bad output path fails before the work; the page appears whole or not at all. */
	out = csvw_open(out_file);

	/* Hash every input before it is read, so the footer names exactly what was read. */
	if (model_file && strcmp(model_file, "-") == 0)
		usage_error("--model: a file, not stdin");
	add_input(argv[0], "events");
	if (codes_file)
		add_input(codes_file, "codes");
	if (model_file) {
		add_input(model_file, "model");
		inputs[ninputs - 1].rows = count_rows(model_file);
	}
	for (i = 0; i < nholidays; i++) {
		if (strcmp(holidays[i], "-") == 0)
			usage_error("--holidays: a file, not stdin");
		add_input(holidays[i], "holidays");
		inputs[ninputs - 1].rows = count_rows(holidays[i]);
		holidays_add_file(cal_default(), holidays[i]);
	}

	m = model_get(model_file);
	r.m = m;
	eo.m = m;
	eo.attr = "reason";
	eo.attr_optional = 1;
	eo.norm_flags = 1;
	r.all = evlog_load(argv[0], &eo);
	inputs[0].rows = r.all->rows;
	if (r.all->n && r.all->maxday < r.to)
		warnx("%s: the latest date in the input, %s, is before the end of the period seen, %s",
		      r.all->name, day_text(r.all->maxday, a), day_text(r.to, b));
	choose_cases(&r);
	if (codes_file) {
		struct codes_opts co = { 0 };

		co.cols = CODES_BIT(CODES_PHASE) | CODES_BIT(CODES_CHAIN) | CODES_BIT(CODES_CITY) |
			  CODES_BIT(CODES_ROLE) | CODES_BIT(CODES_POLARITY);
		co.need = CODES_BIT(CODES_PHASE);
		co.model = m;
		r.cd = codes_new(&co);
		codes_read(r.cd, codes_file);
		codes_done(r.cd);
		inputs[1].rows = r.cd->read;
	}
	/* The flow follows org_type, a second value per event: a second reading of the
	 * input keeps the event log compact. */
	if (strcmp(argv[0], "-") == 0)
		rewind(stdin);
	memset(&eo, 0, sizeof eo);
	eo.m = m;
	eo.attr = "org_type";
	eo.attr_optional = 1;
	orgs = evlog_load(argv[0], &eo);

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
	section_referral(&r, orgs);
	section_provenance(&r);
	page_end();
	csvw_close(out);

	evlog_free(orgs);
	if (r.cd)
		codes_free(r.cd);
	sub_free(r.sub);
	free(r.keep);
	evlog_free(r.all);
	model_free(m);
	cal_free();
	return 0;
}
