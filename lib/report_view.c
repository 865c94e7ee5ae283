/* report_view: the sections of keten report written as HTML (with their charts) and as
 * Markdown.  The numbers are those of the analyses the command ran (journey, waits, trend,
 * bottleneck, dwell, events); this module only lays them out (HACKING.md, "Layers"), so
 * that each section reads as the output of the command that answers its question. */
#include "report_view.h"

#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "codes.h"
#include "csvio.h"
#include "diag.h"
#include "journey_draw.h"
#include "render.h"
#include "strtab.h"
#include "svg.h"

static void put(const struct report_view *v, const char *s)
{
	csvw_raw(v->w, s, strlen(s));
}

/* Text from the data or the user, escaped for the page. */
static void put_text(const struct report_view *v, const char *s)
{
	if (v->markdown)
		render_md_escape(v->w, s, strlen(s));
	else
		render_html_escape(v->w, s, strlen(s));
}

static void section(const struct report_view *v, const char *id, const char *heading)
{
	if (v->markdown) {
		put(v, "## ");
		put_text(v, heading);
		put(v, "\n\n");
	} else {
		put(v, "<section id=\"");
		put(v, id);
		put(v, "\">\n<h2>");
		put_text(v, heading);
		put(v, "</h2>\n");
	}
}

static void section_end(const struct report_view *v)
{
	if (!v->markdown)
		put(v, "</section>\n");
}

/* A paragraph of formatted text, escaped as a whole. */
static void para(const struct report_view *v, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void para(const struct report_view *v, const char *fmt, ...)
{
	char buf[2048];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	if (!v->markdown)
		put(v, "<p>");
	put_text(v, buf);
	put(v, v->markdown ? "\n\n" : "</p>\n");
}

/* Writes t and frees it; on the page inside a box that scrolls when the table is wider
 * than the screen. */
static void emit_table(const struct report_view *v, struct render_table *t)
{
	if (!v->markdown)
		put(v, "<div class=\"t\">\n");
	render_table(t, v->markdown ? RENDER_MD : RENDER_HTML_TABLE, 0, v->w);
	put(v, v->markdown ? "\n" : "</div>\n");
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

static void cellf(struct render_table *t, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
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

/* A count, or the mark where suppression blanked it (keten(5), "Small cells"). */
static void cell_count(struct render_table *t, long n, unsigned blank)
{
	if (blank)
		cell_mark(t);
	else
		cellf(t, "%ld", n);
}

/* A figure with one decimal, or the mark where it is blank.  A figure that does not exist
 * (NaN: the median of no waits) is empty, but in a row with a blank (row) it shows the mark,
 * as keten render shows the empty cells of a suppressed row of the command's table: that
 * no figure exists would tell that the count it rests on is 0. */
static void cell_fig(struct render_table *t, double v, unsigned blank, int row)
{
	if (blank || (row && isnan(v)))
		cell_mark(t);
	else
		cell_num(t, v);
}

static const char *day_text(kday d, char *buf)
{
	date_format(d, buf);
	return buf;
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

void report_begin(const struct report_view *v, const char *title)
{
	char heading[512];
	int y, mo, d;

	date_to_ymd(v->p.from, &y, &mo, &d);
	if (title)
		snprintf(heading, sizeof heading, "%s", title);
	else
		snprintf(heading, sizeof heading, "Monthly report of the chain: %04d-%02d", y, mo);
	if (v->markdown) {
		put(v, "# ");
		put_text(v, heading);
		put(v, "\n\n");
		return;
	}
	render_page_begin(v->w, heading, RENDER_LANG, report_css);
	put(v, "<h1>");
	put_text(v, heading);
	put(v, "</h1>\n");
}

void report_end(const struct report_view *v)
{
	if (!v->markdown)
		render_page_end(v->w);
}

/* A count of Period and data, or the mark where it is blank. */
static void kv_count(struct render_table *t, const char *k, long n, int blank)
{
	if (blank)
		kv(t, k, "%s", RENDER_MARK);
	else
		kv(t, k, "%ld", n);
}

void report_period(const struct report_view *v, const struct evlog *l,
		   const struct period_counts *n, const struct codes *cd,
		   const unsigned char *blank)
{
	static const char *const names[] = { "what", "value" };
	struct render_table *t;
	char a[16], b[16];

	section(v, "period", "Period and data");
	para(v,
	     "The counts below and the klantreis are of the cases that were in the chain during "
	     "the period: those with an event in it, and those whose last event before it had "
	     "not ended their journey. The norms, the bottlenecks and the referral moves are of "
	     "the waits and stays that ended in the period and those still open at its end. "
	     "Everything is seen as of %s: later events are not counted.",
	     day_text(v->asof, a));
	if (v->closed)
		para(v, "The log is read as closed (--closed): each case ended at its last event, "
			"so that nothing is still open and a case whose last event came before "
			"the period was not in the chain during it.");
	/* The legend of the mark, with K (keten(5), "Small cells"). */
	if (v->min_n > 1)
		para(v,
		     "Legend: %s = suppressed: fewer than %ld cases. A figure that rests on fewer "
		     "than %ld cases (or stays, waits or interviews) is not shown, nor a count "
		     "from which it could be worked out; knelpunten named in fewer than %ld "
		     "interviews are left out.",
		     RENDER_MARK, v->min_n, v->min_n, v->min_n);
	else
		para(v,
		     "No figure is suppressed (--min-n %ld): the tables show every number, "
		     "however few cases it rests on.",
		     v->min_n);
	t = render_new(2, names);
	render_set_align(t, 1, RENDER_LEFT);
	kv(t, "period", "%s to %s", day_text(v->p.from, a), day_text(v->p.to, b));
	kv(t, "seen as of", "%s", day_text(v->asof, a));
	kv(t, "events read", "%ld", l->rows);
	if (l->n)
		kv(t, "dates in the input", "%s to %s", day_text(l->minday, a),
		   day_text(l->maxday, b));
	kv_count(t, "cases in the input", (long)l->ncases, blank[RC_INPUT_CASES]);
	kv_count(t, "cases in the chain during the period", (long)n->cases, blank[RC_CASES]);
	kv_count(t, "of which started in the period", n->started, blank[RC_STARTED]);
	kv_count(t, "of which left the chain in the period", n->left, blank[RC_LEFT]);
	kv_count(t, "events in the period", n->events, blank[RC_EVENTS]);
	if (cd) {
		kv_count(t, "interviews coded", (long)codes_count(cd, CODES_INTERVIEW),
			 blank[RC_INTERVIEWS]);
		kv_count(t, "coded segments", (long)cd->n, blank[RC_SEGMENTS]);
	}
	emit_table(v, t);
	section_end(v);
}

/* The funnel: the cases that reached each phase with case data. */
static void funnel_chart(const struct report_view *v, const struct journey *j)
{
	const struct model *m = v->m;
	const char **labels = xcalloc(m->nphases + 1, sizeof *labels);
	double *val = xcalloc(m->nphases + 1, sizeof *val);
	size_t p, n = 0;

	for (p = 0; p < m->nphases; p++) {
		const struct journey_phase *ph = &j->ph[p];

		if (!ph->has_stages)
			continue;
		labels[n] = m->phase_labels[p];
		val[n++] = ph->blank & JB_REACHED ? NAN : (double)ph->reached;
	}
	put(v, "<figure>\n");
	svg_bar_chart(v->w, "Cases that reached each phase", labels, val, n, 0);
	put(v, "</figure>\n");
	free(labels);
	free(val);
}

void report_klantreis(const struct report_view *v, const struct evlog *sub, const struct journey *j,
		      size_t nj, const struct journey_codes *jc, const struct codes *cd, long top)
{
	char cases[32];

	section(v, "klantreis", "Klantreis");
	if (nj == 0) {
		para(v, "No case was in the chain during the period.");
		section_end(v);
		return;
	}
	if (j[0].started_blank)
		snprintf(cases, sizeof cases, "%s", RENDER_MARK);
	else
		snprintf(cases, sizeof cases, "%ld", j[0].started);
	para(v,
	     "The %s cases along the phases of the model: how many reached each phase, how many "
	     "dropped out there, their time in the phase (in %s, for those that moved on) and "
	     "the share of their waits under a norm that kept to it%s.",
	     cases, opt_unit_name(v->unit),
	     cd ? ", with the knelpunten interviewees name for each phase (and in how many "
		  "interviews)"
		: "");
	emit_table(v, journey_table(sub, j, 1, jc, cd, cd ? top : 0, v->unit));
	if (!v->markdown)
		funnel_chart(v, &j[0]);
	section_end(v);
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

void report_norms(const struct report_view *v, size_t ncases, size_t npairs,
		  const struct waitrow *rows, size_t nrows)
{
	/* clang-format off */
	static const char *const names[] = {
		"from", "to", "norm", "applies to", "source", "waits", "done", "still waiting",
		"dropped", "median", "p90", "past the norm", "% within norm",
	};
	/* clang-format on */
	const struct model *m = v->m;
	struct render_table *t;
	size_t i;
	char buf[256];

	section(v, "norms", "Wgs norms");
	if (ncases == 0) {
		para(v, "No case was in the chain during the period.");
		section_end(v);
		return;
	}
	if (npairs == 0) {
		para(v, "The %s model has no norms.", m->name);
		section_end(v);
		return;
	}
	para(v,
	     "The waits between the stages that carry a norm in the model, from the first A of a "
	     "case to the first B after it: those that ended in the period (done, or dropped "
	     "where the case left) and those still running at %s, measured on whole cases. "
	     "Median and p90 are of the waits that are done, in %s; a wait still running "
	     "counts against the norm when it has already passed it. A calendar-day limit that "
	     "ends on a weekend or holiday runs on to the next working day.",
	     day_text(v->asof, buf), opt_unit_name(v->unit));
	if (nrows == 0) {
		para(v, "None of the cases has a wait under a norm.");
		section_end(v);
		return;
	}
	t = render_new(sizeof names / sizeof *names, names);
	align_right(t, 5, sizeof names / sizeof *names);
	for (i = 0; i < nrows; i++) {
		const struct waitrow *w = &rows[i];
		const struct waitstats *st = &w->st;
		unsigned b = st->blank;

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
		cell_count(t, st->n, b & WAITS_BLANK_N);
		cell_count(t, st->done, b & WAITS_BLANK_DONE);
		cell_count(t, st->waiting, b & WAITS_BLANK_WAITING);
		cell_count(t, st->dropped, b & WAITS_BLANK_DROPPED);
		cell_fig(t, st->median, b & WAITS_BLANK_STATS, b != 0);
		cell_fig(t, st->p90, b & WAITS_BLANK_STATS, b != 0);
		if (st->has_norm) {
			cell_count(t, st->over, b & WAITS_BLANK_OVER);
			cell_fig(t, isnan(st->pct_over) ? NAN : 100 - st->pct_over,
				 b & WAITS_BLANK_PCT, b != 0);
		} else {
			cell_fig(t, NAN, 0, b != 0);
			cell_fig(t, NAN, 0, b != 0);
		}
		render_end_row(t, 0);
	}
	emit_table(v, t);
	section_end(v);
}

/* The table of the trend, for Markdown: a row per month, the waits and their median per
 * pair. */
static void trend_table(const struct report_view *v, const struct trend *tr,
			const unsigned char *blank, const char *const *months,
			const char *const *names)
{
	size_t np = tr->npairs, nm = (size_t)tr->nmonths, k, i;
	struct render_table *t = render_new(1 + 2 * np, names);

	align_right(t, 1, 1 + 2 * np);
	for (i = 0; i < nm; i++) {
		cell_str(t, months[i]);
		for (k = 0; k < np; k++) {
			long n = tr->n[k * nm + i];

			/* The marks are written here: a month without waits has no median,
			 * which is no blank. */
			if (blank[k * nm + i]) {
				cell_mark(t);
				cell_mark(t);
			} else {
				cellf(t, "%ld", n);
				cell_num(t, tr->median[k * nm + i]);
			}
		}
		render_end_row(t, 0);
	}
	emit_table(v, t);
}

void report_trend(const struct report_view *v, const struct trend *tr, const unsigned char *blank)
{
	const struct model *m = v->m;
	size_t np = tr->npairs, nm = (size_t)tr->nmonths, k, i;
	char(*labels)[16], (*hdr)[160];
	const char **months, **names;
	double *med;

	section(v, "trend", "Median wait per month");
	if (np == 0) {
		para(v, "The %s model has no norms.", m->name);
		section_end(v);
		return;
	}
	labels = xcalloc(nm, sizeof *labels);
	months = xcalloc(nm, sizeof *months);
	for (i = 0; i < nm; i++) {
		int ym = tr->y0 * 12 + tr->m0 - 1 + (int)i;

		snprintf(labels[i], sizeof labels[i], "%04d-%02d", ym / 12, ym % 12 + 1);
		months[i] = labels[i];
	}
	para(v,
	     "The median of the waits that ended in each month, from the first A of a case to "
	     "the first B after it, in %s, over every case in the input.",
	     opt_unit_name(v->unit));
	names = xcalloc(1 + 2 * np, sizeof *names);
	hdr = xcalloc(2 * np, sizeof *hdr);
	med = xcalloc(nm, sizeof *med);
	names[0] = "month";
	for (k = 0; k < np; k++) {
		const char *a = m->stages[tr->pairs[k].from].name;
		const char *b = m->stages[tr->pairs[k].to].name;

		if (v->markdown) {
			snprintf(hdr[2 * k], sizeof hdr[0], "%s to %s: waits", a, b);
			snprintf(hdr[2 * k + 1], sizeof hdr[0], "%s to %s: median", a, b);
			names[1 + 2 * k] = hdr[2 * k];
			names[2 + 2 * k] = hdr[2 * k + 1];
			continue;
		}
		snprintf(hdr[2 * k], sizeof hdr[0], "Median wait, %s to %s, by month it ended", a,
			 b);
		/* A month whose waits are blank has no point, as in the table of Markdown. */
		for (i = 0; i < nm; i++)
			med[i] = blank[k * nm + i] ? NAN : tr->median[k * nm + i];
		put(v, "<figure>\n");
		svg_line_chart(v->w, hdr[2 * k], months, med, nm, opt_unit_name(v->unit), 0);
		put(v, "</figure>\n");
	}
	if (v->markdown)
		trend_table(v, tr, blank, months, names);
	free(med);
	free(hdr);
	free(names);
	free(months);
	free(labels);
	section_end(v);
}

void report_bottlenecks(const struct report_view *v, size_t ncases,
			const struct bottleneck_row *rows, size_t n)
{
	/* clang-format off */
	static const char *const names[] = {
		"rank", "stage", "entered", "moved on", "dropped", "still there", "median dwell",
		"p90 dwell", "case-days", "% of case-days", "drop rate %",
	};
	/* clang-format on */
	static const int cols[] = { BN_MEDIAN, BN_P90, BN_DAYS, BN_SHARE, BN_DROPRATE };
	struct render_table *t;
	size_t i, k;
	char a[16];

	section(v, "bottlenecks", "Bottlenecks");
	if (ncases == 0) {
		para(v, "No case was in the chain during the period.");
		section_end(v);
		return;
	}
	para(v,
	     "Where the cases stay longest and where they are lost: each stage's stays that "
	     "ended in the period and those still open at %s, on whole cases, ranked by its "
	     "share of all the days these stays lasted (open ones counted to then), then by its "
	     "drop rate, the share of the ended stays that ended the journey without completing "
	     "it. A journey completes at the reason afgerond or on leaving the last stage "
	     "before the end. Dwells are in days.",
	     day_text(v->asof, a));
	if (n == 0) {
		para(v, "None of the cases stayed in a stage.");
		section_end(v);
		return;
	}
	t = render_new(sizeof names / sizeof *names, names);
	align_right(t, 2, sizeof names / sizeof *names);
	render_set_align(t, 0, RENDER_RIGHT);
	for (i = 0; i < n; i++) {
		const struct bottleneck_row *b = &rows[i];

		/* A stage whose cases are blank has no rank, as in keten bottleneck: its place
		 * would tell where its blank figures lie. */
		if (b->supp)
			cell_mark(t);
		else
			cellf(t, "%ld", b->pos);
		cell_str(t, v->m->stages[b->stage].name);
		for (k = BN_ENTERED; k <= BN_WIP; k++)
			cell_count(t, (long)b->v[k], b->blank & (1u << k));
		for (k = 0; k < sizeof cols / sizeof *cols; k++)
			cell_fig(t, b->v[cols[k]], b->blank & (1u << cols[k]), b->blank != 0);
		render_end_row(t, 0);
	}
	emit_table(v, t);
	section_end(v);
}

/* A count for a sentence, or the mark where it is blank. */
static void count_text(char *buf, size_t size, long n, unsigned blank)
{
	if (blank)
		snprintf(buf, size, "%s", RENDER_MARK);
	else
		snprintf(buf, size, "%ld", n);
}

void report_referral(const struct report_view *v, const struct report_referral *r)
{
	/* clang-format off */
	static const char *const names[] = {
		"from", "to", "cases", "% of from", "median wait", "p90 wait",
	};
	/* clang-format on */
	const struct evlog *l = r->l;
	const struct dwell_table *dt = r->dt;
	struct render_table *t;
	char a[16];
	size_t i;

	section(v, "referral", "Referral from informal to formal help");
	if (r->ncases == 0) {
		para(v, "No case was in the chain during the period.");
		section_end(v);
		return;
	}
	if (strtab_count(l->attrtab[r->org_type]) <= 1 || dt->ncells == 0) {
		para(v, "The input has no org_type values for these cases, so the referral flow "
			"cannot be shown.");
		section_end(v);
		return;
	}
	for (i = 0; i < r->nref; i++) {
		const struct referral *x = &r->ref[i];
		unsigned b = x->blank;
		char never[32], pct[32], ended[32], open[32];

		if (x->supp) {
			para(v,
			     "Fewer than %ld cases had informal help: how many of them reached "
			     "formal help is not shown.",
			     v->min_n);
			continue;
		}
		count_text(never, sizeof never, x->never, b & REFERRAL_BLANK_NEVER);
		if (b & REFERRAL_BLANK_SHARE)
			snprintf(pct, sizeof pct, "%s", RENDER_MARK);
		else
			snprintf(pct, sizeof pct, "%.1f%%",
				 100.0 * (double)x->never / (double)x->cases);
		count_text(ended, sizeof ended, x->ended, b & REFERRAL_BLANK_ENDED);
		count_text(open, sizeof open, x->open, b & REFERRAL_BLANK_OPEN);
		para(v,
		     "Of the %ld cases that had informal help, %s (%s) never reached formal help "
		     "after their first informal stay (%s ended, %s still open).",
		     x->cases, never, pct, ended, open);
	}
	para(v,
	     "How the cases moved between informal and formal help (the column org_type): a row "
	     "per move from one to the next, of the stays that ended in the period and those "
	     "still open at %s, on whole cases, with the cases that stopped at from as (end), "
	     "when their journey ended, or (open), when still there. Waits are the time spent "
	     "in from before the move, in %s.",
	     day_text(v->asof, a), opt_unit_name(v->unit));
	t = render_new(sizeof names / sizeof *names, names);
	align_right(t, 2, sizeof names / sizeof *names);
	for (i = 0; i < dt->nmoves; i++) {
		const struct dwell_move *mv = &dt->move[i];

		cell_str(t, dwell_key_name(l, r->ds, mv->from));
		cell_str(t, dwell_key_name(l, r->ds, mv->to));
		cell_count(t, mv->cases, mv->blank & DWELL_BLANK_CASES);
		cell_fig(t, mv->share, mv->blank & DWELL_BLANK_SHARE, mv->blank != 0);
		cell_fig(t, r->median[i], mv->blank & DWELL_BLANK_WAITS, mv->blank != 0);
		cell_fig(t, r->p90[i], mv->blank & DWELL_BLANK_WAITS, mv->blank != 0);
		render_end_row(t, 0);
	}
	emit_table(v, t);
	section_end(v);
}

void report_provenance(const struct report_view *v, const struct report_input *in, size_t n)
{
	static const char *const in_names[] = { "file", "contents", "rows", "SHA-256" };
	static const char *const kv_names[] = { "setting", "value" };
	const struct model *m = v->m;
	struct render_table *t;
	size_t i, nextra = 0;
	char a[16], b[16];

	if (!v->markdown)
		put(v, "<footer id=\"provenance\">\n<h2>Provenance</h2>\n");
	else
		put(v, "## Provenance\n\n");
	t = render_new(4, in_names);
	render_set_align(t, 2, RENDER_RIGHT);
	for (i = 0; i < n; i++) {
		cell_str(t, in[i].path);
		cell_str(t, in[i].what);
		cellf(t, "%ld", in[i].rows);
		cell_str(t, in[i].sha);
		render_end_row(t, 0);
		if (strcmp(in[i].what, "holidays") == 0)
			nextra++;
	}
	emit_table(v, t);
	t = render_new(2, kv_names);
	render_set_align(t, 1, RENDER_LEFT);
	kv(t, "model", "%s: %zu stages, %zu phases, %zu norms", m->name, m->nstages, m->nphases,
	   m->nnorms);
	kv(t, "calendar",
	   "Dutch working days: Monday to Friday but the holidays of the "
	   "Algemene termijnenwet (art. 3) and Goede Vrijdag, Easter computed%s",
	   nextra ? "; and the days of the holiday files above" : "");
	kv(t, "period", "%s to %s", day_text(v->p.from, a), day_text(v->p.to, b));
	kv(t, "today", "%s", day_text(v->today, a));
	kv(t, "asof", "%s", day_text(v->asof, a));
	kv(t, "unit", "%s", opt_unit_name(v->unit));
	kv(t, "min-n", "%ld", v->min_n);
	if (v->closed)
		kv(t, "closed", "yes: each case ended at its last event");
	kv(t, "keten version", "%s", KETEN_VERSION);
	emit_table(v, t);
	if (!v->markdown)
		put(v, "</footer>\n");
}
