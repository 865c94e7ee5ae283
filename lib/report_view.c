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
#include "flow_draw.h"
#include "i18n.h"
#include "journey_draw.h"
#include "render.h"
#include "simulate.h"
#include "stats.h"
#include "strtab.h"
#include "svg.h"
#include "waits.h"

int report_dutch(const struct report_view *v)
{
	return v->lang && strncmp(v->lang, "nl", 2) == 0 && (v->lang[2] == 0 || v->lang[2] == '-');
}

const char *report_number(const struct report_view *v, double x, int dec, char *buf, size_t size)
{
	char *c;

	if (isnan(x)) {
		buf[0] = 0;
		return buf;
	}
	snprintf(buf, size, "%.*f", dec, x);
	/* "-0.0" says nothing that "0.0" does not. */
	if (buf[0] == '-' && strspn(buf + 1, "0.") == strlen(buf + 1))
		memmove(buf, buf + 1, strlen(buf));
	if (report_dutch(v) && (c = strchr(buf, '.')) != NULL)
		*c = ',';
	return buf;
}

/* The Dutch names of the months, which are not translations of the English page's ISO
 * dates but the way Dutch writes a date. */
static const char *const nl_months[] = {
	"januari", "februari", "maart",     "april",   "mei",      "juni",
	"juli",    "augustus", "september", "oktober", "november", "december",
};

const char *report_date(const struct report_view *v, kday d, char *buf, size_t size)
{
	int y, m, dd;

	if (!report_dutch(v)) {
		char iso[16];

		date_format(d, iso);
		snprintf(buf, size, "%s", iso);
		return buf;
	}
	date_to_ymd(d, &y, &m, &dd);
	snprintf(buf, size, "%d %s %d", dd, nl_months[m - 1], y);
	return buf;
}

const char *report_month(const struct report_view *v, kday d, char *buf, size_t size)
{
	int y, m, dd;

	date_to_ymd(d, &y, &m, &dd);
	if (report_dutch(v))
		snprintf(buf, size, "%s %d", nl_months[m - 1], y);
	else
		snprintf(buf, size, "%04d-%02d", y, m);
	return buf;
}

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

/* Opens a section; one without cases (none) says so and is closed again, and then this
 * returns 0. */
static int section_cases(const struct report_view *v, const char *id, const char *heading, int none)
{
	section(v, id, heading);
	if (!none)
		return 1;
	para(v, "%s", _("No case was in the chain during the period."));
	section_end(v);
	return 0;
}

/* Writes t and frees it; on the page inside a box that scrolls when the table is wider
 * than the screen. */
static void emit_table(const struct report_view *v, struct render_table *t, const char *caption)
{
	/* Markdown shows a title as a heading of its own: there the section's heading is the
	 * caption. */
	if (!v->markdown) {
		render_set_title(t, caption);
		put(v, "<div class=\"t\">\n");
	}
	render_table(t, v->markdown ? RENDER_MD : RENDER_HTML_TABLE, 0, v->w);
	put(v, v->markdown ? "\n" : "</div>\n");
	render_free(t);
}

/* A table whose column names (of a static table, marked N_()) are shown in the page's
 * language. */
static struct render_table *new_table(size_t n, const char *const *names)
{
	const char **tr = xcalloc(n + 1, sizeof *tr);
	struct render_table *t;
	size_t i;

	for (i = 0; i < n; i++)
		tr[i] = _(names[i]);
	t = render_new(n, tr);
	free(tr);
	return t;
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

/* A number with one decimal in the page's language, or nothing for NaN. */
static void cell_num(const struct report_view *v, struct render_table *t, double x)
{
	char buf[64];

	cell_str(t, report_number(v, x, 1, buf, sizeof buf));
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
static void cell_fig(const struct report_view *v, struct render_table *t, double x, unsigned blank,
		     int row)
{
	if (blank || (row && isnan(x)))
		cell_mark(t);
	else
		cell_num(v, t, x);
}

/* The day d as the page writes it, into buf of DAY_TEXT bytes. */
#define DAY_TEXT 32
#define day_text(d, buf) report_date(v, (d), (buf), DAY_TEXT)

/* The page on a screen of any width and on A4 paper (keten-report(1), "The page"): a
 * table wider than the screen scrolls in its own box, never the page; a phone gets
 * smaller margins; the rows of a suppressed figure keep a contrast above 4.5:1 (#555 on
 * the even rows' #f6f6f6 is 6.9:1).  On paper nothing scrolls: the wide tables come
 * already cut into blocks of columns (journey_html), a heading or caption stays with
 * what follows it, and a row, a chart or a small table is not split over two pages. */
static const char report_css[] =
	"h1{font-size:1.5em;margin:0 0 .5em}\n"
	"h2{font-size:1.2em;margin:1.5em 0 .5em}\n"
	"h1,h2,p,caption{overflow-wrap:anywhere}\n"
	"p{max-width:48em}\n"
	"figure{margin:1em 0;max-width:100%}\n"
	"svg{max-width:100%;height:auto}\n"
	".t{overflow-x:auto;max-width:100%;margin:.5em 0}\n"
	"table{font-size:.9em}\n"
	"td:first-child{white-space:nowrap}\n"
	"tr.s{color:#555}\n"
	".legend{font-size:.9em}\n"
	"footer{margin-top:2em;font-size:.9em}\n"
	"@media (max-width:600px){body{margin:.5em}table{font-size:.8em}"
	"th,td{padding:.2em .4em}}\n"
	"@media print{@page{size:A4 portrait;margin:14mm 12mm}body{margin:0;font-size:10pt}"
	".t{overflow:visible}table{font-size:.8em}"
	"h1,h2,caption,.keep{break-after:avoid;page-break-after:avoid}"
	"figure,tr,.t,svg{break-inside:avoid;page-break-inside:avoid}"
	"td:first-child{white-space:normal}}\n";

const char *report_page_css(void)
{
	return report_css;
}

void report_begin(const struct report_view *v, const char *title)
{
	char heading[512], month[64];

	report_month(v, v->p.from, month, sizeof month);
	if (title)
		snprintf(heading, sizeof heading, "%s", title);
	else
		snprintf(heading, sizeof heading, _("Monthly report of the chain: %s"), month);
	if (v->markdown) {
		put(v, "# ");
		put_text(v, heading);
		put(v, "\n\n");
		return;
	}
	render_page_begin(v->w, heading, report_dutch(v) ? "nl" : "en", report_css);
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
	static const char *const names[] = { N_("what"), N_("value") };
	struct render_table *t;
	char a[DAY_TEXT], b[DAY_TEXT];

	section(v, "period", _("Period and data"));
	para(v,
	     _("The counts below and the klantreis are of the cases that were in the chain during "
	       "the period: those with an event in it, and those whose last event before it had "
	       "not ended their journey. The norms, the bottlenecks and the referral moves are of "
	       "the waits and stays that ended in the period and those still open at its end. "
	       "Everything is seen as of %s: later events are not counted."),
	     day_text(v->asof, a));
	if (v->closed)
		para(v, "%s",
		     _("The log is read as closed (--closed): each case ended at its last event, "
		       "so that nothing is still open and a case whose last event came before "
		       "the period was not in the chain during it."));
	/* The legend of the mark, with K (keten(5), "Small cells"). */
	if (v->min_n > 1)
		para(v,
		     _("Legend: %s = suppressed: fewer than %ld cases. A figure that rests on fewer "
		       "than %ld cases (or stays, waits or interviews) is not shown, nor a count "
		       "from which it could be worked out; knelpunten named in fewer than %ld "
		       "interviews are left out."),
		     RENDER_MARK, v->min_n, v->min_n, v->min_n);
	else
		para(v,
		     _("No figure is suppressed (--min-n %ld): the tables show every number, "
		       "however few cases it rests on."),
		     v->min_n);
	t = new_table(2, names);
	render_set_align(t, 1, RENDER_LEFT);
	kv(t, _("period"), _("%s to %s"), day_text(v->p.from, a), day_text(v->p.to, b));
	kv(t, _("seen as of"), "%s", day_text(v->asof, a));
	kv(t, _("events read"), "%ld", l->rows);
	if (l->n)
		kv(t, _("dates in the input"), _("%s to %s"), day_text(l->minday, a),
		   day_text(l->maxday, b));
	kv_count(t, _("cases in the input"), (long)l->ncases, blank[RC_INPUT_CASES]);
	kv_count(t, _("cases in the chain during the period"), (long)n->cases, blank[RC_CASES]);
	kv_count(t, _("of which started in the period"), n->started, blank[RC_STARTED]);
	kv_count(t, _("of which left the chain in the period"), n->left, blank[RC_LEFT]);
	kv_count(t, _("events in the period"), n->events, blank[RC_EVENTS]);
	if (cd) {
		kv_count(t, _("interviews coded"), (long)codes_count(cd, CODES_INTERVIEW),
			 blank[RC_INTERVIEWS]);
		kv_count(t, _("coded segments"), (long)cd->n, blank[RC_SEGMENTS]);
	}
	emit_table(v, t, _("Period and data"));
	section_end(v);
}

/* A figure of the headline: a value, a blank (the mark), or none (empty). */
struct hfig {
	double x;
	int state; /* HF_ */
};
enum { HF_VALUE, HF_BLANK, HF_NONE };

static struct hfig hf_value(double x)
{
	struct hfig f = { x, isnan(x) ? HF_NONE : HF_VALUE };
	return f;
}

static struct hfig hf_blank(void)
{
	struct hfig f = { NAN, HF_BLANK };
	return f;
}

static struct hfig hf_none(void)
{
	struct hfig f = { NAN, HF_NONE };
	return f;
}

/* The row of the norm rows of h that has the pair and norm of w, or NULL. */
static const struct waitrow *head_norm(const struct report_head *h, const struct waitrow *w)
{
	size_t i;

	for (i = 0; h->valid && i < h->nnorm; i++)
		if (h->norm[i].from == w->from && h->norm[i].to == w->to &&
		    h->norm[i].norm == w->norm)
			return &h->norm[i];
	return NULL;
}

/* What of a norm row the headline shows. */
enum { HN_WAITING, HN_WITHIN, HN_MEDIAN };

static struct hfig head_norm_fig(const struct waitrow *w, int what)
{
	const struct waitstats *st;

	if (!w)
		return hf_none();
	st = &w->st;
	switch (what) {
	case HN_WAITING:
		return st->blank & WAITS_BLANK_WAITING ? hf_blank() : hf_value((double)st->waiting);
	case HN_WITHIN:
		if (!st->has_norm)
			return hf_none();
		if (st->blank & WAITS_BLANK_PCT)
			return hf_blank();
		/* As the Wgs norms show it: a figure with no value in a row with a blank is
		 * the mark (cell_fig). */
		if (isnan(st->pct_over))
			return st->blank ? hf_blank() : hf_none();
		return hf_value(100 - st->pct_over);
	default:
		if (st->blank & WAITS_BLANK_STATS)
			return hf_blank();
		if (isnan(st->median))
			return st->blank ? hf_blank() : hf_none();
		return hf_value(st->median);
	}
}

static struct hfig ref_share(const struct referral *x);

/* The share of the cases with informal help that reached formal help after it. */
static struct hfig head_referral(const struct report_head *h)
{
	const struct referral *x;

	if (!h->valid || h->nref == 0)
		return hf_none();
	x = &h->ref[0];
	return ref_share(x);
}

static void cell_hfig(const struct report_view *v, struct render_table *t, struct hfig f, int dec)
{
	char buf[64];

	if (f.state == HF_BLANK)
		cell_mark(t);
	else if (f.state == HF_NONE)
		cell_str(t, "");
	else
		cell_str(t, report_number(v, f.x, dec, buf, sizeof buf));
}

/* The change from b to a: blank when either is, empty when either has no figure; a plus
 * sign before a rise. */
static void cell_change(const struct report_view *v, struct render_table *t, struct hfig a,
			struct hfig b, int dec)
{
	char num[64], zero[64], buf[80];

	if (a.state == HF_BLANK || b.state == HF_BLANK) {
		cell_mark(t);
		return;
	}
	if (a.state == HF_NONE || b.state == HF_NONE) {
		cell_str(t, "");
		return;
	}
	/* The difference of the figures as shown, so that the change adds up on the page. */
	snprintf(num, sizeof num, "%.*f", dec, a.x);
	snprintf(zero, sizeof zero, "%.*f", dec, b.x);
	report_number(v, strtod(num, NULL) - strtod(zero, NULL), dec, num, sizeof num);
	report_number(v, 0, dec, zero, sizeof zero);
	if (num[0] == '-' || strcmp(num, zero) == 0) {
		cell_str(t, num);
		return;
	}
	snprintf(buf, sizeof buf, "+%s", num);
	cell_str(t, buf);
}

/* One row of the headline: its three figures and the two changes. */
static void head_row(const struct report_view *v, struct render_table *t, const char *what,
		     const struct hfig *f, int dec)
{
	cell_str(t, what);
	cell_hfig(v, t, f[0], dec);
	cell_hfig(v, t, f[1], dec);
	cell_change(v, t, f[0], f[1], dec);
	cell_hfig(v, t, f[2], dec);
	cell_change(v, t, f[0], f[2], dec);
	render_end_row(t, 0);
}

static struct hfig head_count(const struct report_head *h, long n, int rc)
{
	if (!h->valid)
		return hf_none();
	return h->blank[rc] ? hf_blank() : hf_value((double)n);
}

/* The label of figure q (HN_) of the norm row w in the headline, from the texts what of
 * report_headline. */
static void head_label(const struct report_view *v, const char *const *what,
		       const struct waitrow *w, size_t q, char *label, size_t size)
{
	const struct model *m = v->m;
	char norm[256];

	waits_norm_label(m, w->norm, norm, sizeof norm);
	if (q == HN_MEDIAN)
		snprintf(label, size, _(what[q]), opt_unit_label(v->unit), m->stages[w->from].name,
			 m->stages[w->to].name, norm);
	else
		snprintf(label, size, _(what[q]), m->stages[w->from].name, m->stages[w->to].name,
			 norm);
}

/* The tables of --by COLS (keten-report(1), "By group"): a row per figure of the section,
 * a column per group in the order results list them and one for the whole.  Each figure
 * is the one the section's table of the whole shows, from the group's row of the same lib
 * call on the log read with --by, blanked per group as that call blanks it. */
static struct render_table *by_new(const struct report_view *v)
{
	const struct monthly_by *b = v->by;
	const char **names = xcalloc(b->ng + 2, sizeof *names);
	char **own = xcalloc(b->ng + 1, sizeof *own);
	struct render_table *t;
	size_t i;

	names[0] = _("figure");
	for (i = 0; i < b->ng; i++)
		names[1 + i] = own[i] = evlog_group_text(b->l, b->order[i]);
	names[1 + b->ng] = _("total");
	t = render_new(b->ng + 2, names);
	align_right(t, 1, b->ng + 2);
	for (i = 0; i < b->ng; i++)
		free(own[i]);
	free(own);
	free(names);
	return t;
}

/* The --by column names joined by ", ". */
static void by_cols(const struct report_view *v, char *buf, size_t size)
{
	const struct evlog *l = v->by->l;
	size_t i, len = 0;

	buf[0] = '\0';
	for (i = 0; i < l->nby && len < size; i++)
		len += (size_t)snprintf(buf + len, size - len, "%s%s", i ? ", " : "", l->by[i]);
}

/* The sentence before a table by group, which also tells the two tables apart in
 * Markdown, where the section's heading is their caption. */
static void by_intro(const struct report_view *v)
{
	char cols[256];

	by_cols(v, cols, sizeof cols);
	para(v,
	     _("By %s: the figures above per group, a column each, beside the total, each as "
	       "the command gives it with --by %s and blanked per group."),
	     cols, cols);
}

/* Writes t, captioned "what by COLS". */
static void by_emit(const struct report_view *v, struct render_table *t, const char *what)
{
	char cols[256], caption[512];

	by_cols(v, cols, sizeof cols);
	snprintf(caption, sizeof caption, _("%s by %s"), what, cols);
	emit_table(v, t, caption);
}

/* One row of a table by group, as the section's fill function gives it: its label, its
 * figures f[place] per group in the order of the results and f[ng] for the whole, and
 * their decimals.  A row of changes (since set) shows the change from base to f in each
 * column instead, as cell_change writes the changes of the headline, and is labelled
 * "label: change from since". */
struct by_line {
	char label[512];
	struct hfig *f, *base;
	const char *since;
	int dec;
};

/* Fills row r of a table by group from ctx, whose figures are all none when it is called;
 * returns 0 for a row that the table leaves out. */
typedef int by_fill(const struct report_view *v, const void *ctx, size_t r, struct by_line *row);

/* A table by group of at most nrows rows, each given by fill, after the sentence that
 * introduces it and captioned "what by COLS". */
static void by_table(const struct report_view *v, const char *what, size_t nrows, by_fill *fill,
		     const void *ctx)
{
	size_t ng = v->by->ng, r, i;
	struct by_line row;
	struct render_table *t;
	char change[600];

	row.f = xcalloc(ng + 1, sizeof *row.f);
	row.base = xcalloc(ng + 1, sizeof *row.base);
	by_intro(v);
	t = by_new(v);
	for (r = 0; r < nrows; r++) {
		for (i = 0; i <= ng; i++)
			row.f[i] = row.base[i] = hf_none();
		row.label[0] = '\0';
		row.since = NULL;
		row.dec = 0;
		if (!fill(v, ctx, r, &row))
			continue;
		if (row.since) {
			snprintf(change, sizeof change, _("%s: change from %s"), row.label,
				 row.since);
			cell_str(t, change);
		} else {
			cell_str(t, row.label);
		}
		for (i = 0; i <= ng; i++)
			if (row.since)
				cell_change(v, t, row.f[i], row.base[i], row.dec);
			else
				cell_hfig(v, t, row.f[i], row.dec);
		render_end_row(t, 0);
	}
	by_emit(v, t, what);
	free(row.f);
	free(row.base);
}

/* A count, the mark where it is blank. */
static struct hfig fig_count(long n, unsigned blank)
{
	return blank ? hf_blank() : hf_value((double)n);
}

/* A figure as cell_fig shows it: the mark where it is blank, and where it does not exist
 * in a row with a blank (row). */
static struct hfig fig_fig(double x, unsigned blank, int row)
{
	return blank || (row && isnan(x)) ? hf_blank() : hf_value(x);
}

/* The row of rows with the group g and the pair and norm of w, or NULL. */
static const struct waitrow *by_norm_row(const struct waitrow *rows, size_t n, uint32_t g,
					 const struct waitrow *w)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (rows[i].group == g && rows[i].from == w->from && rows[i].to == w->to &&
		    rows[i].norm == w->norm)
			return &rows[i];
	return NULL;
}

/* The share of the cases with informal help that reached formal help after it. */
static struct hfig ref_share(const struct referral *x)
{
	if (x->supp || (x->blank & REFERRAL_BLANK_SHARE))
		return hf_blank();
	if (x->cases == 0)
		return hf_none();
	return hf_value(100.0 * (double)x->reached / (double)x->cases);
}

/* The journey of group g among the nj of j, or NULL. */
static const struct journey *by_journey(const struct journey *j, size_t nj, uint32_t g)
{
	size_t i;

	for (i = 0; i < nj; i++)
		if (j[i].group == g)
			return &j[i];
	return NULL;
}

/* The referral row of group g among the n of ref, or NULL. */
static const struct referral *by_ref(const struct referral *ref, size_t n, uint32_t g)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (ref[i].group == g)
			return &ref[i];
	return NULL;
}

/* What of a month the headline by group shows: the new registrations (-2), the cases in
 * the chain (-1), a figure q of the norm row w (0 .. 2, as head_norm_fig), or the referral
 * share (3); f[place] per group, f[ng] the whole. */
static void by_head_figs(const struct report_view *v, const struct report_head *h, size_t k,
			 int what, const struct waitrow *w, struct hfig *f)
{
	const struct monthly_by *b = v->by;
	const struct monthly_by_month *hm = &b->hm[k];
	size_t g, ng = b->ng;

	for (g = 0; g < ng; g++) {
		uint32_t id = b->order[g];

		f[g] = hf_none();
		if (!hm->valid)
			continue;
		if (what == -2) {
			if (hm->started)
				f[g] = fig_count(hm->started[id], hm->started_blank[id]);
		} else if (what < 0) {
			const struct journey *j = by_journey(hm->j, hm->nj, id);

			if (j)
				f[g] = fig_count(j->started, j->started_blank);
		} else if (what < 3) {
			f[g] = head_norm_fig(by_norm_row(hm->norm, hm->nnorm, id, w), what);
		} else {
			const struct referral *x = by_ref(hm->ref, hm->nref, id);

			if (x)
				f[g] = ref_share(x);
		}
	}
	if (what == -2)
		f[ng] = head_count(&h[k], h[k].valid ? h[k].n->started : 0, RC_STARTED);
	else if (what < 0)
		f[ng] = head_count(&h[k], h[k].valid ? (long)h[k].n->cases : 0, RC_CASES);
	else if (what < 3)
		f[ng] = head_norm_fig(k ? head_norm(&h[k], w) : w, what);
	else
		f[ng] = head_referral(&h[k]);
}

/* What the headline by group is drawn from: the three months, the texts of report_headline
 * and the names of the month before and of the same month a year earlier. */
struct by_head {
	const struct report_head *h;
	const char *const *what;
	char mon[2][64];
};

/* Row r of the headline by group: each figure of the month (the new registrations; the cases
 * in the chain, the klantreis' started of each group; the figures of the Wgs norms; the
 * referral share), each followed by its change from the month before and from the same month
 * a year earlier. */
static int by_head_row(const struct report_view *v, const void *ctx, size_t r, struct by_line *row)
{
	const struct by_head *c = ctx;
	const struct report_head *h = c->h;
	const struct waitrow *w = NULL;
	size_t i = r / 3, k = r % 3;
	int fig;

	if (i == 0) {
		fig = -2;
		snprintf(row->label, sizeof row->label, "%s",
			 _("new registrations (cases that started)"));
	} else if (i == 1) {
		fig = -1;
		snprintf(row->label, sizeof row->label, "%s",
			 _("cases in the chain during the month"));
	} else if (i == h[0].nnorm * 3 + 2) {
		if (!h[0].nref)
			return 0;
		fig = 3;
		snprintf(row->label, sizeof row->label, "%s", /* xgettext:no-c-format */
			 _("% of cases with informal help that reached formal help"));
	} else {
		w = &h[0].norm[(i - 2) / 3];
		fig = (int)((i - 2) % 3);
		head_label(v, c->what, w, (size_t)fig, row->label, sizeof row->label);
	}
	row->dec = fig < 0 || fig == HN_WAITING ? 0 : 1;
	by_head_figs(v, h, 0, fig, w, row->f);
	if (k) {
		by_head_figs(v, h, k, fig, w, row->base);
		row->since = c->mon[k - 1];
	}
	return 1;
}

static void by_headline(const struct report_view *v, const struct report_head *h,
			const char *const *what)
{
	struct by_head c = { h, what, { "", "" } };

	if (!h[0].valid)
		return;
	report_month(v, h[1].p.from, c.mon[0], sizeof c.mon[0]);
	report_month(v, h[2].p.from, c.mon[1], sizeof c.mon[1]);
	by_table(v, _("Headline"), (h[0].nnorm * 3 + 3) * 3, by_head_row, &c);
}

void report_headline(const struct report_view *v, const struct report_head *h)
{
	static const char *const what[] = {
		N_("still waiting: %s to %s, %s"),
		N_("%% within norm: %s to %s, %s"),
		N_("median wait (%s): %s to %s, %s"),
	};
	char mon[3][64], label[512];
	const char *names[6];
	struct render_table *t;
	struct hfig f[3];
	size_t i, k;

	section(v, "headline", _("Headline"));
	para(v,
	     _("The month beside the month before and the same month a year earlier, each "
	       "figure as the sections below give it for its own month (and keten filter, "
	       "keten waits --norms and keten flow --on org_type with --period of that month), "
	       "with the change: in cases, in %s for waits and in percentage points for "
	       "shares. A change is %s where either figure is suppressed, and empty where "
	       "either has none."),
	     opt_unit_label(v->unit), RENDER_MARK);
	names[0] = _("figure");
	for (k = 0; k < 3; k++)
		names[k == 2 ? 4 : 1 + k] = report_month(v, h[k].p.from, mon[k], sizeof mon[k]);
	names[3] = _("change");
	names[5] = _("change");
	t = render_new(6, names);
	align_right(t, 1, 6);
	for (k = 0; k < 3; k++)
		f[k] = head_count(&h[k], h[k].valid ? h[k].n->started : 0, RC_STARTED);
	head_row(v, t, _("new registrations (cases that started)"), f, 0);
	for (k = 0; k < 3; k++)
		f[k] = head_count(&h[k], h[k].valid ? (long)h[k].n->cases : 0, RC_CASES);
	head_row(v, t, _("cases in the chain during the month"), f, 0);
	for (i = 0; h[0].valid && i < h[0].nnorm; i++) {
		const struct waitrow *w = &h[0].norm[i];
		size_t q;

		for (q = 0; q < sizeof what / sizeof *what; q++) {
			head_label(v, what, w, q, label, sizeof label);
			for (k = 0; k < 3; k++)
				f[k] = head_norm_fig(k ? head_norm(&h[k], w) : w, (int)q);
			head_row(v, t, label, f, q == HN_WAITING ? 0 : 1);
		}
	}
	for (k = 0; k < 3; k++)
		f[k] = head_referral(&h[k]);
	head_row(v, t, /* xgettext:no-c-format */
		 _("% of cases with informal help that reached formal help"), f, 1);
	emit_table(v, t, _("Headline: the month, the month before and a year earlier"));
	if (v->by)
		by_headline(v, h, what);
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
	svg_bar_chart(v->w, _("Cases that reached each phase"), labels, val, n, 0);
	put(v, "<figcaption>");
	put_text(v, _("The numbers of the chart are the row \"cases\" of the klantreis table."));
	put(v, "</figcaption>\n</figure>\n");
	free(labels);
	free(val);
}

/* What of a phase the klantreis by group shows. */
static struct hfig phase_fig(const struct journey *j, size_t p, int what)
{
	const struct journey_phase *ph;

	if (!j)
		return hf_none();
	ph = &j->ph[p];
	switch (what) {
	case 0:
		return fig_count(ph->reached, ph->blank & JB_REACHED);
	case 1:
		return fig_count(ph->dropped, ph->blank & JB_DROPPED);
	case 2:
		return fig_fig(ph->median_wait, ph->blank & JB_WAIT, ph->suppressed);
	default:
		return fig_fig(ph->pct_within, ph->blank & JB_WITHIN, ph->suppressed);
	}
}

/* What the klantreis by group shows of each phase with stages. */
static const char *const phase_what[] = {
	N_("%s: cases reached"),
	N_("%s: dropped out"),
	N_("%s: median time in phase"),
	N_("%s: %% within norm"),
};
#define PHASE_FIGS (sizeof phase_what / sizeof *phase_what)

/* Row r of the klantreis by group, from the journey of each group in the order of the
 * results and the whole's after them (ctx): the cases of each journey, and per phase with
 * stages the cases that reached it, those that dropped out there, the median time in it and
 * the share of its waits within the norm. */
static int by_klantreis_row(const struct report_view *v, const void *ctx, size_t r,
			    struct by_line *row)
{
	const struct journey *const *jg = ctx;
	size_t i, p, q, ng = v->by->ng;

	if (r == 0) {
		snprintf(row->label, sizeof row->label, "%s", _("cases"));
		for (i = 0; i <= ng; i++)
			if (jg[i])
				row->f[i] = fig_count(jg[i]->started, jg[i]->started_blank);
		return 1;
	}
	p = (r - 1) / PHASE_FIGS;
	q = (r - 1) % PHASE_FIGS;
	if (!jg[ng]->ph[p].has_stages)
		return 0;
	snprintf(row->label, sizeof row->label, _(phase_what[q]), v->m->phase_labels[p]);
	for (i = 0; i <= ng; i++)
		row->f[i] = phase_fig(jg[i], p, (int)q);
	row->dec = q < 2 ? 0 : 1;
	return 1;
}

static void by_klantreis(const struct report_view *v, const struct journey *whole)
{
	const struct monthly_by *b = v->by;
	const struct journey **jg = xcalloc(b->ng + 1, sizeof(const struct journey *));
	size_t i;

	for (i = 0; i < b->nj; i++)
		jg[b->rank[b->j[i].group]] = &b->j[i];
	jg[b->ng] = whole;
	by_table(v, _("Klantreis"), 1 + v->m->nphases * PHASE_FIGS, by_klantreis_row, jg);
	free(jg);
}

void report_klantreis(const struct report_view *v, const struct evlog *sub, const struct journey *j,
		      size_t nj, const struct journey_codes *jc, const struct codes *cd, long top)
{
	char cases[32];

	if (!section_cases(v, "klantreis", _("Klantreis"), nj == 0))
		return;
	if (j[0].started_blank)
		snprintf(cases, sizeof cases, "%s", RENDER_MARK);
	else
		snprintf(cases, sizeof cases, "%ld", j[0].started);
	para(v,
	     _("The %s cases along the phases of the model: how many reached each phase, how many "
	       "dropped out there, their time in the phase (in %s, for those that moved on) and "
	       "the share of their waits under a norm that kept to it%s."),
	     cases, opt_unit_label(v->unit),
	     cd ? _(", with the knelpunten interviewees name for each phase (and in how many "
		    "interviews)")
		: "");
	/* On the page the phases come in blocks that fit a phone and an A4 page. */
	if (v->markdown)
		emit_table(v,
			   (report_dutch(v) ? journey_table_comma : journey_table)(
				   sub, j, 1, jc, cd, cd ? top : 0, v->unit),
			   NULL);
	else
		journey_html(sub, j, 1, jc, cd, cd ? top : 0, v->unit, _("Klantreis"),
			     REPORT_BLOCK_COLS, report_dutch(v), v->w);
	if (!v->markdown)
		funnel_chart(v, &j[0]);
	if (v->by)
		by_klantreis(v, &j[0]);
	section_end(v);
}

/* Who a norm applies to, beside the others of its pair. */
static void norm_applies(const struct model *m, int i, char *buf, size_t size)
{
	size_t k;

	if (m->norms[i].where[0]) {
		snprintf(buf, size, _("where %s"), m->norms[i].where);
		return;
	}
	for (k = 0; k < m->nnorms; k++)
		if ((int)k != i && m->norms[k].from == m->norms[i].from &&
		    m->norms[k].to == m->norms[i].to && m->norms[k].where[0]) {
			snprintf(buf, size, "%s", _("the others"));
			return;
		}
	snprintf(buf, size, "%s", _("all"));
}

/* What of a norm row the table of the Wgs norms by group shows, as report_norms shows it. */
static struct hfig norm_fig(const struct waitrow *w, int what)
{
	const struct waitstats *st;
	unsigned b;

	if (!w)
		return hf_none();
	st = &w->st;
	b = st->blank;
	switch (what) {
	case 0:
		return fig_count(st->n, b & WAITS_BLANK_N);
	case 1:
		return fig_count(st->done, b & WAITS_BLANK_DONE);
	case 2:
		return fig_count(st->waiting, b & WAITS_BLANK_WAITING);
	case 3:
		return fig_count(st->dropped, b & WAITS_BLANK_DROPPED);
	case 4:
		return fig_fig(st->median, b & WAITS_BLANK_STATS, b != 0);
	case 5:
		return fig_fig(st->p90, b & WAITS_BLANK_STATS, b != 0);
	case 6:
		if (!st->has_norm)
			return fig_fig(NAN, 0, b != 0);
		return fig_count(st->over, b & WAITS_BLANK_OVER);
	default:
		if (!st->has_norm)
			return fig_fig(NAN, 0, b != 0);
		return fig_fig(isnan(st->pct_over) ? NAN : 100 - st->pct_over, b & WAITS_BLANK_PCT,
			       b != 0);
	}
}

/* The figures of norm_fig. */
#define NORM_FIGS 8

/* What the Wgs norms by group are drawn from: the rows of the whole (pair and norm) and the
 * names of the figures of norm_fig. */
struct by_norms_in {
	const struct waitrow *rows;
	const char *const *measure;
};

/* Row r of the Wgs norms by group: per row of the whole, its figures. */
static int by_norms_row(const struct report_view *v, const void *ctx, size_t r, struct by_line *row)
{
	const struct by_norms_in *c = ctx;
	const struct monthly_by *b = v->by;
	const struct model *m = v->m;
	const struct waitrow *w = &c->rows[r / NORM_FIGS];
	size_t q = r % NORM_FIGS, g;
	char norm[256];

	waits_norm_label(m, w->norm, norm, sizeof norm);
	snprintf(row->label, sizeof row->label, _("%s to %s, %s: %s"), m->stages[w->from].name,
		 m->stages[w->to].name, norm, _(c->measure[q]));
	for (g = 0; g < b->ng; g++)
		row->f[g] = norm_fig(by_norm_row(b->norm, b->nnorm, b->order[g], w), (int)q);
	row->f[b->ng] = norm_fig(w, (int)q);
	row->dec = q < 4 || q == 6 ? 0 : 1;
	return 1;
}

static void by_norms(const struct report_view *v, const struct waitrow *rows, size_t nrows,
		     const char *const *measure)
{
	struct by_norms_in c = { rows, measure };

	by_table(v, _("Wgs norms"), nrows * NORM_FIGS, by_norms_row, &c);
}

void report_norms(const struct report_view *v, size_t ncases, size_t npairs,
		  const struct waitrow *rows, size_t nrows)
{
	/* clang-format off */
	static const char *const names[] = {
		N_("from"), N_("to"), N_("norm"), N_("applies to"), N_("source"), N_("waits"), N_("done"), N_("still waiting"),
		N_("dropped"), N_("median"), N_("p90"), N_("past the norm"), N_("% within norm"),
	};
	/* clang-format on */
	const struct model *m = v->m;
	struct render_table *t;
	size_t i;
	char buf[256];

	if (!section_cases(v, "norms", _("Wgs norms"), ncases == 0))
		return;
	if (npairs == 0) {
		para(v, _("The %s model has no norms."), model_label(m));
		section_end(v);
		return;
	}
	para(v,
	     _("The waits between the stages that carry a norm in the model, from the first A of a "
	       "case to the first B after it: those that ended in the period (done, or dropped "
	       "where the case left) and those still running at %s, measured on whole cases. "
	       "Median and p90 are of the waits that are done, in %s; a wait still running "
	       "counts against the norm when it has already passed it. A calendar-day limit that "
	       "ends on a weekend or holiday runs on to the next working day."),
	     day_text(v->asof, buf), opt_unit_label(v->unit));
	if (nrows == 0) {
		para(v, "%s", _("None of the cases has a wait under a norm."));
		section_end(v);
		return;
	}
	t = new_table(sizeof names / sizeof *names, names);
	align_right(t, 5, sizeof names / sizeof *names);
	for (i = 0; i < nrows; i++) {
		const struct waitrow *w = &rows[i];
		const struct waitstats *st = &w->st;
		unsigned b = st->blank;

		cell_str(t, m->stages[w->from].name);
		cell_str(t, m->stages[w->to].name);
		waits_norm_label(m, w->norm, buf, sizeof buf);
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
		cell_fig(v, t, st->median, b & WAITS_BLANK_STATS, b != 0);
		cell_fig(v, t, st->p90, b & WAITS_BLANK_STATS, b != 0);
		if (st->has_norm) {
			cell_count(t, st->over, b & WAITS_BLANK_OVER);
			cell_fig(v, t, isnan(st->pct_over) ? NAN : 100 - st->pct_over,
				 b & WAITS_BLANK_PCT, b != 0);
		} else {
			cell_fig(v, t, NAN, 0, b != 0);
			cell_fig(v, t, NAN, 0, b != 0);
		}
		render_end_row(t, 0);
	}
	emit_table(v, t, _("Wgs norms"));
	if (v->by)
		by_norms(v, rows, nrows, names + 5);
	section_end(v);
}

/* The norm of the pair from -> to that applies to all of its cases (no where), as a
 * limit in the page's unit, or NaN when there is none or it counts in other days. */
static double pair_norm(const struct report_view *v, int from, int to, char *text, size_t size)
{
	const struct model *m = v->m;
	size_t i;

	for (i = 0; i < m->nnorms; i++) {
		const struct norm *n = &m->norms[i];

		if (n->from != from || n->to != to || n->where[0])
			continue;
		if ((v->unit == UNIT_WORKDAYS) != (n->workdays != 0) || v->unit == UNIT_HOURS)
			return NAN;
		waits_norm_label(m, (int)i, text, size);
		return n->limit;
	}
	return NAN;
}

/* The table of the trend: a row per month, the waits and their median per pair, and
 * whether the month is cut short by the start of the data.  On the page it holds the
 * numbers of the charts above it. */
static void trend_table(const struct report_view *v, const struct trend *tr,
			const unsigned char *blank, const unsigned char *cut,
			const char *const *months, const char *const *names)
{
	size_t np = tr->npairs, nm = (size_t)tr->nmonths, k, i;
	struct render_table *t = render_new(2 + 2 * np, names);

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
				cell_num(v, t, tr->median[k * nm + i]);
			}
		}
		cell_str(t, cut[i] ? _("yes") : "");
		render_end_row(t, 0);
	}
	emit_table(v, t, _("Median wait per month: the numbers of the charts"));
}

/* What the median wait per month by group is drawn from: the whole's trend, its blanks and
 * the month labels. */
struct by_trend_in {
	const struct trend *tr;
	const unsigned char *blank;
	const char *const *months;
};

/* Row r of the median wait per month by group: a row per pair and month for its waits and
 * one for their median, each cell as trend_table writes it; the total is the whole's
 * table. */
static int by_trend_row(const struct report_view *v, const void *ctx, size_t r, struct by_line *row)
{
	const struct by_trend_in *c = ctx;
	const struct trend *tr = c->tr;
	const struct monthly_by *b = v->by;
	const struct trend *gt = &b->tr;
	const struct model *m = v->m;
	size_t np = tr->npairs, nm = (size_t)tr->nmonths, ng = b->ng, g;
	size_t k = r / (2 * nm), i = r / 2 % nm, q = r % 2;
	const char *a = m->stages[tr->pairs[k].from].name;
	const char *z = m->stages[tr->pairs[k].to].name;

	snprintf(row->label, sizeof row->label,
		 q ? _("%s, %s to %s: median") : _("%s, %s to %s: waits"), c->months[i], a, z);
	for (g = 0; g <= ng; g++) {
		const struct trend *s = g < ng ? gt : tr;
		size_t cell = g < ng ? (b->order[g] * np + k) * nm + i : k * nm + i;
		const unsigned char *bl = g < ng ? b->tblank : c->blank;

		if (g < ng && b->order[g] >= gt->ng)
			row->f[g] = hf_none();
		else if (bl[cell])
			row->f[g] = hf_blank();
		else
			row->f[g] = hf_value(q ? s->median[cell] : (double)s->n[cell]);
	}
	row->dec = (int)q;
	return 1;
}

static void by_trend(const struct report_view *v, const struct trend *tr,
		     const unsigned char *blank, const char *const *months)
{
	struct by_trend_in c = { tr, blank, months };

	by_table(v, _("Median wait per month"), tr->npairs * (size_t)tr->nmonths * 2, by_trend_row,
		 &c);
}

/* The month labels of a trend. */
static void month_labels(const struct report_view *v, const struct trend *tr, char (*labels)[16],
			 const char **months)
{
	size_t i;

	for (i = 0; i < (size_t)tr->nmonths; i++) {
		int ym = tr->y0 * 12 + tr->m0 - 1 + (int)i;

		/* Short enough to stand under a point of the chart in either language. */
		if (report_dutch(v))
			snprintf(labels[i], sizeof labels[i], "%02d-%04d", ym % 12 + 1, ym / 12);
		else
			snprintf(labels[i], sizeof labels[i], "%04d-%02d", ym / 12, ym % 12 + 1);
		months[i] = labels[i];
	}
}

/* The share within norm per month of norm i of the model: the value, its text, the text of
 * its n, per month. */
static void within_series(const struct report_view *v, const struct trend *tr,
			  const struct report_month_norms *mn, int norm, double *val,
			  char (*vtext)[32], char (*ntext)[32], long *n, unsigned char *bl)
{
	size_t i, r;

	for (i = 0; i < (size_t)tr->nmonths; i++) {
		const struct waitrow *w = NULL;

		for (r = 0; r < mn[i].nrows; r++)
			if (mn[i].rows[r].norm == norm)
				w = &mn[i].rows[r];
		val[i] = NAN;
		n[i] = 0;
		bl[i] = 0;
		snprintf(vtext[i], sizeof vtext[i], "%s", "");
		snprintf(ntext[i], sizeof ntext[i], "n=0");
		if (!w)
			continue;
		n[i] = w->st.n;
		if (w->st.blank & WAITS_BLANK_N)
			snprintf(ntext[i], sizeof ntext[i], "n=%s", RENDER_MARK);
		else
			snprintf(ntext[i], sizeof ntext[i], "n=%ld", w->st.n);
		if (w->st.blank & WAITS_BLANK_PCT || (w->st.blank && isnan(w->st.pct_over))) {
			bl[i] = 1;
			snprintf(vtext[i], sizeof vtext[i], "%s", RENDER_MARK);
		} else if (!isnan(w->st.pct_over)) {
			val[i] = 100 - w->st.pct_over;
			report_number(v, val[i], 1, vtext[i], sizeof vtext[i]);
		}
	}
}

/* What of a month's norm row the share within norm by group shows, as within_series
 * shows it. */
static struct hfig within_fig(const struct waitrow *w)
{
	if (!w)
		return hf_none();
	if (w->st.blank & WAITS_BLANK_PCT || (w->st.blank && isnan(w->st.pct_over)))
		return hf_blank();
	return hf_value(isnan(w->st.pct_over) ? NAN : 100 - w->st.pct_over);
}

/* The row of norm of group g among the rows of mn, or NULL; g UINT32_MAX: any group. */
static const struct waitrow *month_norm_row(const struct report_month_norms *mn, int norm,
					    uint32_t g)
{
	const struct waitrow *w = NULL;
	size_t r;

	for (r = 0; r < mn->nrows; r++)
		if (mn->rows[r].norm == norm && (g == UINT32_MAX || mn->rows[r].group == g))
			w = &mn->rows[r];
	return w;
}

/* What the share within norm per month by group is drawn from: the whole's norm rows of
 * each month and the month labels. */
struct by_within_in {
	const struct report_month_norms *mn;
	const char *const *months;
};

/* Row r of the share within norm per month by group: a row per norm and month. */
static int by_within_row(const struct report_view *v, const void *ctx, size_t r,
			 struct by_line *row)
{
	const struct by_within_in *c = ctx;
	const struct monthly_by *b = v->by;
	const struct model *m = v->m;
	size_t k = r / TREND_MONTHS, i = r % TREND_MONTHS, g;
	char norm[128];

	waits_norm_label(m, (int)k, norm, sizeof norm);
	snprintf(row->label, sizeof row->label, _("%s, %s to %s (%s): %% within norm"),
		 c->months[i], m->stages[m->norms[k].from].name, m->stages[m->norms[k].to].name,
		 norm);
	for (g = 0; g < b->ng; g++)
		row->f[g] = within_fig(month_norm_row(&b->mn[i], (int)k, b->order[g]));
	row->f[b->ng] = within_fig(month_norm_row(&c->mn[i], (int)k, UINT32_MAX));
	row->dec = 1;
	return 1;
}

static void by_within(const struct report_view *v, const struct report_month_norms *mn,
		      const char *const *months)
{
	struct by_within_in c = { mn, months };

	by_table(v, _("Share within norm per month"), v->m->nnorms * TREND_MONTHS, by_within_row,
		 &c);
}

/* Share within norm per month: a chart per norm of the model, and the table of their
 * numbers: a row per month, the waits judged and the share per norm. */
static void trend_within(const struct report_view *v, const struct trend *tr,
			 const unsigned char *cut, const struct report_month_norms *mn,
			 const char *const *months)
{
	const struct model *m = v->m;
	size_t nm = (size_t)tr->nmonths, nn = m->nnorms, i, k;
	double *val = xcalloc(nm * (nn + 1), sizeof *val);
	char(*vtext)[32] = xcalloc(nm * (nn + 1), sizeof *vtext);
	char(*ntext)[32] = xcalloc(nm * (nn + 1), sizeof *ntext);
	long *n = xcalloc(nm * (nn + 1), sizeof *n);
	unsigned char *bl = xcalloc(nm * (nn + 1), 1);
	const char **vt = xcalloc(nm + 1, sizeof *vt), **nt = xcalloc(nm + 1, sizeof *nt);
	const char **names = xcalloc(2 + 2 * nn, sizeof *names);
	char(*hdr)[300] = xcalloc(2 * nn + 1, sizeof *hdr), norm[128], pair[256], title[300];
	struct render_table *t;

	section(v, "within", _("Share within norm per month"));
	para(v, "%s",
	     _("Per norm of the model, the share of the waits under it in each month that kept "
	       "to it, as the Wgs norms give it with that month as the period (keten waits "
	       "--norms --period MONTH): the waits that ended in the month and those still "
	       "running at its end, judged against the norm. n is the number of waits."));
	names[0] = _("month");
	for (k = 0; k < nn; k++) {
		const struct svg_series sr = {
			.title = title,
			.labels = months,
			.v = val + k * nm,
			.vtext = vt,
			.ntext = nt,
			.cut = cut,
			.n = nm,
			.unit = "%",
			.norm = NAN,
			.ymax = 100,
			.cutnote = _("cut short by the start of the data: not part of the line"),
			.comma = report_dutch(v),
		};

		within_series(v, tr, mn, (int)k, val + k * nm, vtext + k * nm, ntext + k * nm,
			      n + k * nm, bl + k * nm);
		waits_norm_label(m, (int)k, norm, sizeof norm);
		snprintf(pair, sizeof pair, _("%s to %s (%s)"), m->stages[m->norms[k].from].name,
			 m->stages[m->norms[k].to].name, norm);
		if (m->norms[k].where[0]) {
			size_t len = strlen(pair);

			snprintf(pair + len, sizeof pair - len, _(", where %s"), m->norms[k].where);
		}
		snprintf(title, sizeof title, _("%% within norm, %s"), pair);
		snprintf(hdr[2 * k], sizeof hdr[0], _("%s: waits"), pair);
		snprintf(hdr[2 * k + 1], sizeof hdr[0], _("%s: %% within norm"), pair);
		names[1 + 2 * k] = hdr[2 * k];
		names[2 + 2 * k] = hdr[2 * k + 1];
		if (v->markdown)
			continue;
		for (i = 0; i < nm; i++) {
			vt[i] = vtext[k * nm + i];
			nt[i] = ntext[k * nm + i];
		}
		put(v, "<figure>\n");
		svg_trend(v->w, &sr, 0);
		put(v, "</figure>\n");
	}
	names[1 + 2 * nn] = _("cut by the start of the data");
	t = render_new(2 + 2 * nn, names);
	align_right(t, 1, 1 + 2 * nn);
	for (i = 0; i < nm; i++) {
		cell_str(t, months[i]);
		for (k = 0; k < nn; k++) {
			/* The n of a blank row is the mark as its ntext says. */
			const char *nx = ntext[k * nm + i] + 2;

			cell_str(t, n[k * nm + i] || nx[0] == RENDER_MARK[0] ? nx : "");
			cell_str(t, vtext[k * nm + i]);
		}
		cell_str(t, cut[i] ? _("yes") : "");
		render_end_row(t, 0);
	}
	emit_table(v, t, _("Share within norm per month: the numbers of the charts"));
	if (v->by)
		by_within(v, mn, months);
	section_end(v);
	free(hdr);
	free(names);
	free(nt);
	free(vt);
	free(bl);
	free(n);
	free(ntext);
	free(vtext);
	free(val);
}

void report_trend(const struct report_view *v, const struct trend *tr, const unsigned char *blank,
		  const unsigned char *cut, const struct report_month_norms *mn)
{
	const struct model *m = v->m;
	size_t np = tr->npairs, nm = (size_t)tr->nmonths, k, i;
	char(*labels)[16], (*hdr)[160], (*vtext)[32], (*ntext)[32], normtext[256];
	const char **months, **names, **vt, **nt;
	double *med;

	section(v, "trend", _("Median wait per month"));
	if (np == 0) {
		para(v, _("The %s model has no norms."), model_label(m));
		section_end(v);
		return;
	}
	labels = xcalloc(nm, sizeof *labels);
	months = xcalloc(nm, sizeof *months);
	month_labels(v, tr, labels, months);
	para(v,
	     _("The median of the waits that ended in each month, from the first A of a case to "
	       "the first B after it, in %s, over every case in the input, with the number of "
	       "waits (n) under each month and the norm as a dashed line. A month that began "
	       "before the first date in the input plus the longest norm of the model is cut "
	       "short by the start of the data: its waits can only be short ones, so it is "
	       "marked (a hollow point on a grey ground) and left out of the line."),
	     opt_unit_label(v->unit));
	names = xcalloc(2 + 2 * np, sizeof *names);
	hdr = xcalloc(2 * np, sizeof *hdr);
	med = xcalloc(nm, sizeof *med);
	vtext = xcalloc(nm, sizeof *vtext);
	ntext = xcalloc(nm, sizeof *ntext);
	vt = xcalloc(nm, sizeof *vt);
	nt = xcalloc(nm, sizeof *nt);
	names[0] = _("month");
	for (k = 0; k < np; k++) {
		const char *a = m->stages[tr->pairs[k].from].name;
		const char *b = m->stages[tr->pairs[k].to].name;
		struct svg_series sr = {
			.labels = months,
			.v = med,
			.vtext = vt,
			.ntext = nt,
			.cut = cut,
			.n = nm,
			.unit = opt_unit_label(v->unit),
			.normtext = normtext,
			.cutnote = _("cut short by the start of the data: not part of the line"),
			.comma = report_dutch(v),
		};

		snprintf(hdr[2 * k], sizeof hdr[0], _("%s to %s: waits"), a, b);
		snprintf(hdr[2 * k + 1], sizeof hdr[0], _("%s to %s: median"), a, b);
		names[1 + 2 * k] = hdr[2 * k];
		names[2 + 2 * k] = hdr[2 * k + 1];
		if (v->markdown)
			continue;
		/* A month whose waits are blank has no point, as in the table. */
		for (i = 0; i < nm; i++) {
			size_t c = k * nm + i;

			med[i] = blank[c] ? NAN : tr->median[c];
			if (blank[c]) {
				snprintf(ntext[i], sizeof ntext[i], "n=%s", RENDER_MARK);
				snprintf(vtext[i], sizeof vtext[i], "%s", RENDER_MARK);
			} else {
				snprintf(ntext[i], sizeof ntext[i], "n=%ld", tr->n[c]);
				report_number(v, med[i], 1, vtext[i], sizeof vtext[i]);
			}
			vt[i] = vtext[i];
			nt[i] = ntext[i];
		}
		sr.norm =
			pair_norm(v, tr->pairs[k].from, tr->pairs[k].to, normtext, sizeof normtext);
		{
			char title[512];

			snprintf(title, sizeof title, _("Median wait, %s to %s, by month it ended"),
				 a, b);
			sr.title = title;
			put(v, "<figure>\n");
			svg_trend(v->w, &sr, 0);
			put(v, "</figure>\n");
		}
	}
	names[1 + 2 * np] = _("cut by the start of the data");
	trend_table(v, tr, blank, cut, months, names);
	if (v->by)
		by_trend(v, tr, blank, months);
	section_end(v);
	if (m->nnorms)
		trend_within(v, tr, cut, mn, months);
	free(nt);
	free(vt);
	free(ntext);
	free(vtext);
	free(med);
	free(hdr);
	free(names);
	free(months);
	free(labels);
}

/* The columns of a bottleneck row that the bottlenecks by group show, and their labels. */
static const int bn_by_cols[] = { BN_ENTERED, BN_DROPPED, BN_MEDIAN, BN_SHARE, BN_DROPRATE };
static const char *const bn_by_what[] = {
	N_("%s: entered"),         N_("%s: dropped"),      N_("%s: median dwell"),
	N_("%s: %% of case-days"), N_("%s: drop rate %%"),
};
#define BN_BY_FIGS (sizeof bn_by_cols / sizeof *bn_by_cols)

/* Row r of the bottlenecks by group: per stage of the whole's ranking (ctx), the figures of
 * its row of the group (bottleneck_stages on the log read with --by). */
static int by_bottleneck_row(const struct report_view *v, const void *ctx, size_t r,
			     struct by_line *row)
{
	const struct bottleneck_row *x = (const struct bottleneck_row *)ctx + r / BN_BY_FIGS;
	const struct monthly_by *b = v->by;
	size_t k, q = r % BN_BY_FIGS;
	int col = bn_by_cols[q];
	unsigned bit = 1u << col;

	snprintf(row->label, sizeof row->label, _(bn_by_what[q]), v->m->stages[x->stage].name);
	for (k = 0; k < b->nbn; k++) {
		const struct bottleneck_row *g = &b->bn[k];

		if (g->stage != x->stage)
			continue;
		row->f[b->rank[g->group]] =
			q < 2 ? fig_count((long)g->v[col], g->blank & bit)
			      : fig_fig(g->v[col], g->blank & bit, g->blank != 0);
	}
	row->f[b->ng] = q < 2 ? fig_count((long)x->v[col], x->blank & bit)
			      : fig_fig(x->v[col], x->blank & bit, x->blank != 0);
	row->dec = q < 2 ? 0 : 1;
	return 1;
}

static void by_bottlenecks(const struct report_view *v, const struct bottleneck_row *rows, size_t n)
{
	by_table(v, _("Bottlenecks"), n * BN_BY_FIGS, by_bottleneck_row, rows);
}

void report_bottlenecks(const struct report_view *v, size_t ncases,
			const struct bottleneck_row *rows, size_t n)
{
	/* clang-format off */
	static const char *const names[] = {
		N_("rank"), N_("stage"), N_("entered"), N_("moved on"), N_("dropped"), N_("still there"), N_("median dwell"),
		N_("p90 dwell"), N_("case-days"), /* xgettext:no-c-format */ N_("% of case-days"), N_("drop rate %"),
	};
	/* clang-format on */
	static const int cols[] = { BN_MEDIAN, BN_P90, BN_DAYS, BN_SHARE, BN_DROPRATE };
	struct render_table *t;
	size_t i, k;
	char a[DAY_TEXT];

	if (!section_cases(v, "bottlenecks", _("Bottlenecks"), ncases == 0))
		return;
	para(v,
	     _("Where the cases stay longest and where they are lost: each stage's stays that "
	       "ended in the period and those still open at %s, on whole cases, ranked by its "
	       "share of all the days these stays lasted (open ones counted to then), then by its "
	       "drop rate, the share of the ended stays that ended the journey without completing "
	       "it. A journey completes at the reason afgerond or on leaving the last stage "
	       "before the end. Dwells are in days."),
	     day_text(v->asof, a));
	if (n == 0) {
		para(v, "%s", _("None of the cases stayed in a stage."));
		section_end(v);
		return;
	}
	t = new_table(sizeof names / sizeof *names, names);
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
			cell_fig(v, t, b->v[cols[k]], b->blank & (1u << cols[k]), b->blank != 0);
		render_end_row(t, 0);
	}
	emit_table(v, t, _("Bottlenecks"));
	if (v->by)
		by_bottlenecks(v, rows, n);
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

/* What of a referral row the referral by group shows: the figures of its sentence. */
static struct hfig ref_fig(const struct referral *x, int what)
{
	if (!x)
		return hf_none();
	if (x->supp)
		return hf_blank();
	switch (what) {
	case 0:
		return fig_count(x->cases, x->blank & REFERRAL_BLANK_CASES);
	case 1:
		return fig_count(x->never, x->blank & REFERRAL_BLANK_NEVER);
	case 2:
		if (x->blank & REFERRAL_BLANK_SHARE)
			return hf_blank();
		return x->cases ? hf_value(100.0 * (double)x->never / (double)x->cases) : hf_none();
	case 3:
		return fig_count(x->ended, x->blank & REFERRAL_BLANK_ENDED);
	default:
		return fig_count(x->open, x->blank & REFERRAL_BLANK_OPEN);
	}
}

/* The figures of the referral by group, those of its sentence. */
static const char *const ref_what[] = {
	N_("cases that had informal help"),
	N_("of which never reached formal help"),
	/* xgettext:no-c-format */ N_("% never reached formal help"),
	N_("of those, ended"),
	N_("of those, still open"),
};

/* Row r of the referral question by group, from the referral row of each group in the order
 * of the results and the whole's after them (ctx). */
static int by_referral_row(const struct report_view *v, const void *ctx, size_t r,
			   struct by_line *row)
{
	const struct referral *const *rg = ctx;
	size_t i;

	snprintf(row->label, sizeof row->label, "%s", _(ref_what[r]));
	for (i = 0; i <= v->by->ng; i++)
		row->f[i] = ref_fig(rg[i], (int)r);
	row->dec = r == 2 ? 1 : 0;
	return 1;
}

/* The referral question by group (referral_count of the month's cases read with --by). */
static void by_referral(const struct report_view *v, const struct referral *whole)
{
	const struct monthly_by *b = v->by;
	const struct referral **rg = xcalloc(b->ng + 1, sizeof(const struct referral *));
	size_t i;

	for (i = 0; i < b->nref; i++)
		rg[b->rank[b->ref[i].group]] = &b->ref[i];
	rg[b->ng] = whole;
	by_table(v, _("Referral from informal to formal help"), sizeof ref_what / sizeof *ref_what,
		 by_referral_row, rg);
	free(rg);
}

/* What the moves by group show of each move. */
/* clang-format off */
static const char *const move_what[] = {
	N_("%s to %s: cases"), N_("%s to %s: %% of from"), N_("%s to %s: median wait"),
	N_("%s to %s: p90 wait"),
};
/* clang-format on */
#define MOVE_FIGS (sizeof move_what / sizeof *move_what)

/* Row n of the moves between the values of org_type by group: per move of the whole (ctx),
 * its cases, share of from and the median and p90 of its waits in each group (dwell_table on
 * the log read with --by, as keten flow --on org_type --by tabulates it). */
static int by_moves_row(const struct report_view *v, const void *ctx, size_t n, struct by_line *row)
{
	const struct report_referral *r = ctx;
	const struct monthly_by *b = v->by;
	const struct dwell_table *gt = &b->mv.dt;
	size_t i = n / MOVE_FIGS, q = n % MOVE_FIGS, k;
	const struct dwell_move *mv = &r->dt->move[i];

	snprintf(row->label, sizeof row->label, _(move_what[q]),
		 flow_node_name(r->l, r->ds, mv->from), flow_node_name(r->l, r->ds, mv->to));
	for (k = 0; k < gt->nmoves; k++) {
		const struct dwell_move *g = &gt->move[k];
		const double *gq = q == 2 ? b->mv.q : b->mv.q + gt->nmoves;

		if (g->from != mv->from || g->to != mv->to)
			continue;
		row->f[b->rank[g->group]] =
			q == 0   ? fig_count(g->cases, g->blank & DWELL_BLANK_CASES)
			: q == 1 ? fig_fig(g->share, g->blank & DWELL_BLANK_SHARE, g->blank != 0)
				 : fig_fig(gq[k], g->blank & DWELL_BLANK_WAITS, g->blank != 0);
	}
	row->f[b->ng] = q == 0   ? fig_count(mv->cases, mv->blank & DWELL_BLANK_CASES)
			: q == 1 ? fig_fig(mv->share, mv->blank & DWELL_BLANK_SHARE, mv->blank != 0)
				 : fig_fig(q == 2 ? r->median[i] : r->p90[i],
					   mv->blank & DWELL_BLANK_WAITS, mv->blank != 0);
	row->dec = q == 0 ? 0 : 1;
	return 1;
}

static void by_moves(const struct report_view *v, const struct report_referral *r)
{
	by_table(v, _("Moves between informal and formal help"), r->dt->nmoves * MOVE_FIGS,
		 by_moves_row, r);
}

void report_referral(const struct report_view *v, const struct report_referral *r)
{
	/* clang-format off */
	static const char *const names[] = {
		N_("from"), N_("to"), N_("cases"), /* xgettext:no-c-format */ N_("% of from"), N_("median wait"), N_("p90 wait"),
	};
	/* clang-format on */
	const struct evlog *l = r->l;
	const struct dwell_table *dt = r->dt;
	struct render_table *t;
	char a[DAY_TEXT];
	size_t i;

	if (!section_cases(v, "referral", _("Referral from informal to formal help"),
			   r->ncases == 0))
		return;
	if (strtab_count(l->attrtab[r->org_type]) <= 1 || dt->ncells == 0) {
		para(v, "%s",
		     _("The input has no org_type values for these cases, so the referral flow "
		       "cannot be shown."));
		section_end(v);
		return;
	}
	for (i = 0; i < r->nref; i++) {
		const struct referral *x = &r->ref[i];
		unsigned b = x->blank;
		char never[32], pct[32], ended[32], open[32];

		if (x->supp) {
			para(v,
			     _("Fewer than %ld cases had informal help: how many of them reached "
			       "formal help is not shown."),
			     v->min_n);
			continue;
		}
		count_text(never, sizeof never, x->never, b & REFERRAL_BLANK_NEVER);
		if (b & REFERRAL_BLANK_SHARE)
			snprintf(pct, sizeof pct, "%s", RENDER_MARK);
		else {
			char num[64];

			/* In the page's language: a decimal comma on a Dutch page. */
			snprintf(pct, sizeof pct, "%s%%",
				 report_number(v, 100.0 * (double)x->never / (double)x->cases, 1,
					       num, sizeof num));
		}
		count_text(ended, sizeof ended, x->ended, b & REFERRAL_BLANK_ENDED);
		count_text(open, sizeof open, x->open, b & REFERRAL_BLANK_OPEN);
		para(v,
		     _("Of the %ld cases that had informal help, %s (%s) never reached formal help "
		       "after their first informal stay (%s ended, %s still open)."),
		     x->cases, never, pct, ended, open);
	}
	para(v,
	     _("How the cases moved between informal and formal help (the column org_type): a row "
	       "per move from one to the next, of the stays that ended in the period and those "
	       "still open at %s, on whole cases, with the cases that stopped at from as (end), "
	       "when their journey ended, or (open), when still there. Waits are the time spent "
	       "in from before the move, in %s."),
	     day_text(v->asof, a), opt_unit_label(v->unit));
	t = new_table(sizeof names / sizeof *names, names);
	align_right(t, 2, sizeof names / sizeof *names);
	for (i = 0; i < dt->nmoves; i++) {
		const struct dwell_move *mv = &dt->move[i];

		cell_str(t, dwell_key_name(l, r->ds, mv->from));
		cell_str(t, flow_node_name(l, r->ds, mv->to));
		cell_count(t, mv->cases, mv->blank & DWELL_BLANK_CASES);
		cell_fig(v, t, mv->share, mv->blank & DWELL_BLANK_SHARE, mv->blank != 0);
		cell_fig(v, t, r->median[i], mv->blank & DWELL_BLANK_WAITS, mv->blank != 0);
		cell_fig(v, t, r->p90[i], mv->blank & DWELL_BLANK_WAITS, mv->blank != 0);
		render_end_row(t, 0);
	}
	emit_table(v, t, _("Moves between informal and formal help"));
	if (v->by) {
		by_referral(v, r->nref ? &r->ref[0] : NULL);
		by_moves(v, r);
	}
	section_end(v);
}

/* The name of scenario sc of r on the page: the baseline in the page's language. */
static const char *whatif_name(const struct sim_result *r, size_t sc)
{
	return sc ? sim_result_name(r, sc) : _("baseline");
}

/* The four cells of a simulated figure with two decimals, as keten simulate writes it: the
 * mean, its 95% interval and the difference from the baseline (none in the baseline's
 * rows, which are the baseline). */
static void whatif_cells(const struct report_view *v, struct render_table *t,
			 const struct sim_figure *f, size_t sc)
{
	char buf[64];

	cell_str(t, report_number(v, f->mean, 2, buf, sizeof buf));
	cell_str(t, report_number(v, f->lo, 2, buf, sizeof buf));
	cell_str(t, report_number(v, f->hi, 2, buf, sizeof buf));
	cell_str(t, sc ? report_number(v, f->diff, 2, buf, sizeof buf) : "");
}

void report_whatif(const struct report_view *v, const struct report_whatif *w)
{
	/* clang-format off */
	static const char *const pair_names[] = {
		N_("scenario"), N_("from"), N_("to"), N_("figure"), N_("mean"), N_("low (95%)"),
		N_("high (95%)"), N_("vs baseline"),
	};
	static const char *const phase_names[] = {
		N_("scenario"), N_("phase"), N_("cases reaching"), N_("low (95%)"), N_("high (95%)"),
		N_("vs baseline"), N_("dropped there"),
	};
	static const char *const stat_label[] = {
		N_("median wait"), N_("p90 wait"), N_("% within norm"),
	};
	/* clang-format on */
	static const enum sim_stat stat[] = { SIM_MEDIAN, SIM_P90, SIM_WITHIN };
	const struct model *m = v->m;
	const struct sim_result *r = w->r;
	struct render_table *t;
	struct sim_figure f;
	size_t sc, row, k, nrow;
	char n[32], buf[64];
	int from = 0, to = 0, ph;

	section(v, "whatif", _("What if"));
	if (w->blank)
		snprintf(n, sizeof n, "%s", RENDER_MARK);
	else
		snprintf(n, sizeof n, "%ld", w->ncases);
	if (!r) {
		para(v,
		     _("The scenarios of %s are not simulated: the model would be fitted on %s "
		       "cases, fewer than %ld, and would replay their waits."),
		     w->path, n, v->min_n);
		section_end(v);
		return;
	}
	para(v,
	     _("The scenarios of %s played on a model of the chain fitted to the %s cases of the "
	       "input, as keten simulate --scenarios gives them: %ld replications over the span "
	       "of the log, seed %lu. Each figure is the mean over the replications with its 95%% "
	       "interval, waits in %s; the difference is from the baseline, the chain as the log "
	       "shows it. Simulated figures are the model's, not counts of people: they are not "
	       "suppressed."),
	     w->path, n, w->reps, w->seed, opt_unit_label(v->unit));
	nrow = sim_result_rows(r);
	t = new_table(sizeof pair_names / sizeof *pair_names, pair_names);
	align_right(t, 4, sizeof pair_names / sizeof *pair_names);
	for (sc = 0; sc < sim_result_scenarios(r); sc++)
		for (row = 0; row < nrow; row++) {
			if (sim_result_row(r, row, &from, &to) >= 0)
				continue;
			for (k = 0; k < sizeof stat / sizeof *stat; k++) {
				sim_result_figure(r, sc, 0, row, stat[k], &f);
				/* A pair without a norm in this scenario has no share within. */
				if (isnan(f.mean) && stat[k] == SIM_WITHIN)
					continue;
				cell_str(t, whatif_name(r, sc));
				cell_str(t, m->stages[from].name);
				cell_str(t, m->stages[to].name);
				cell_str(t, _(stat_label[k]));
				whatif_cells(v, t, &f, sc);
				render_end_row(t, 0);
			}
		}
	emit_table(v, t, _("What if: waits per normed pair"));
	t = new_table(sizeof phase_names / sizeof *phase_names, phase_names);
	align_right(t, 2, sizeof phase_names / sizeof *phase_names);
	for (sc = 0; sc < sim_result_scenarios(r); sc++)
		for (row = 0; row < nrow; row++) {
			if ((ph = sim_result_row(r, row, &from, &to)) < 0)
				continue;
			cell_str(t, whatif_name(r, sc));
			cell_str(t, m->phases[ph]);
			sim_result_figure(r, sc, 0, row, SIM_N, &f);
			whatif_cells(v, t, &f, sc);
			sim_result_figure(r, sc, 0, row, SIM_DROPPED, &f);
			cell_str(t, report_number(v, f.mean, 2, buf, sizeof buf));
			render_end_row(t, 0);
		}
	emit_table(v, t, _("What if: the klantreis funnel"));
	section_end(v);
}

void report_map(const struct report_view *v, size_t ncases, const struct evlog *l,
		const struct dwellspec *ds, const struct dwell_table *dt)
{
	static const char *const names[] = { N_("from"), N_("to"), N_("cases"), N_("median wait") };
	struct flow_map o = { .no_exits = 1, .min_n = v->min_n };
	struct render_table *t;
	char *svg, *at;
	size_t len, i;
	int err;

	if (!section_cases(v, "map", _("Process map"), ncases == 0 || dt->nmoves == 0))
		return;
	para(v,
	     _("How the cases moved between the stages, as keten flow --period draws it: each "
	       "stage with its cases, each move an arrow with its cases and median wait in %s, "
	       "coloured from green (the quickest) to red (the slowest move of the map). Moves "
	       "of fewer than %ld cases are dashed and marked \".\"; the moves to the end are "
	       "left out."),
	     opt_unit_label(v->unit), v->min_n);
	if (v->markdown) {
		/* Markdown viewers draw Mermaid between these fences. */
		o.mermaid = 1;
		put(v, "```mermaid\n");
		flow_draw(l, ds, dt, &o, v->w);
		put(v, "```\n\n");
		section_end(v);
		return;
	}
	svg = flow_svg(l, ds, dt, &o, &len, &err);
	if (!svg) {
		/* The page is written all the same: only the picture is missing. */
		if (err > 0)
			para(v,
			     _("The map is not drawn: the program dot of Graphviz could not be run "
			       "(%s)."),
			     strerror(err));
		else
			para(v, "%s",
			     _("The map is not drawn: the program dot of Graphviz failed."));
		section_end(v);
		return;
	}
	/* The document's svg element, inline: the XML declaration and doctype before it have
	 * no place in an HTML page. */
	at = strstr(svg, "<svg");
	put(v, "<figure>\n");
	if (at)
		csvw_raw(v->w, at, len - (size_t)(at - svg));
	put(v, "<figcaption>");
	put_text(v, _("The numbers of the map are those of keten flow --period with --no-exits."));
	put(v, "</figcaption>\n</figure>\n");
	free(svg);
	/* The numbers of the arrows also as a table, for those who cannot see the picture. */
	t = new_table(sizeof names / sizeof *names, names);
	align_right(t, 2, sizeof names / sizeof *names);
	for (i = 0; i < dt->nmoves; i++) {
		const struct dwell_move *mv = &dt->move[i];

		if (mv->to == DWELL_END || mv->to == DWELL_OPEN)
			continue;
		cell_str(t, dwell_key_name(l, ds, mv->from));
		cell_str(t, dwell_key_name(l, ds, mv->to));
		cell_count(t, mv->cases, mv->blank & DWELL_BLANK_CASES);
		cell_fig(v, t, stats_quantile(mv->d, (size_t)mv->n, 0.5),
			 mv->blank & DWELL_BLANK_WAITS, mv->blank != 0);
		render_end_row(t, 0);
	}
	emit_table(v, t, _("Process map: the numbers of the map"));
	section_end(v);
}

void report_provenance(const struct report_view *v, const struct report_input *in, size_t n)
{
	static const char *const in_names[] = { N_("file"), N_("contents"), N_("rows"),
						N_("SHA-256") };
	static const char *const kv_names[] = { N_("setting"), N_("value") };
	static const char *const what_names[] = { N_("events"), N_("codes"), N_("model"),
						  N_("holidays") };
	const struct model *m = v->m;
	struct render_table *t;
	size_t i, nextra = 0;
	char a[DAY_TEXT], b[DAY_TEXT];

	if (!v->markdown) {
		put(v, "<footer id=\"provenance\">\n<h2>");
		put_text(v, _("Provenance"));
		put(v, "</h2>\n");
	} else {
		put(v, "## ");
		put_text(v, _("Provenance"));
		put(v, "\n\n");
	}
	t = new_table(4, in_names);
	render_set_align(t, 2, RENDER_RIGHT);
	for (i = 0; i < n; i++) {
		const char *what = in[i].what;
		size_t j;

		/* The contents in the page's language: one of the words of report_input. */
		for (j = 0; j < sizeof what_names / sizeof *what_names; j++)
			if (strcmp(what, what_names[j]) == 0)
				what = _(what_names[j]);
		cell_str(t, in[i].path);
		cell_str(t, what);
		cellf(t, "%ld", in[i].rows);
		cell_str(t, in[i].sha);
		render_end_row(t, 0);
		if (strcmp(in[i].what, "holidays") == 0)
			nextra++;
	}
	emit_table(v, t, _("Inputs"));
	t = new_table(2, kv_names);
	render_set_align(t, 1, RENDER_LEFT);
	kv(t, _("model"), _("%s: %zu stages, %zu phases, %zu norms"), model_label(m), m->nstages,
	   m->nphases, m->nnorms);
	kv(t, _("calendar"),
	   _("Dutch working days: Monday to Friday but the holidays of the "
	     "Algemene termijnenwet (art. 3) and Goede Vrijdag, Easter computed%s"),
	   nextra ? _("; and the days of the holiday files above") : "");
	kv(t, _("period"), _("%s to %s"), day_text(v->p.from, a), day_text(v->p.to, b));
	kv(t, _("today"), "%s", day_text(v->today, a));
	kv(t, _("asof"), "%s", day_text(v->asof, a));
	kv(t, _("unit"), "%s", opt_unit_label(v->unit));
	kv(t, _("min-n"), "%ld", v->min_n);
	if (v->closed)
		kv(t, _("closed"), "%s", _("yes: each case ended at its last event"));
	kv(t, _("keten version"), "%s", KETEN_VERSION);
	emit_table(v, t, _("Settings"));
	if (!v->markdown)
		put(v, "</footer>\n");
}
