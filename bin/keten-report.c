/* keten-report: the monthly summary of the chain as one self-contained HTML page (or
 * Markdown): the klantreis, the Wgs norms, the bottlenecks, the referral from informal to
 * formal help, small charts, and where every number came from.  Each section's figures
 * come from the lib call that the command answering the same question makes with
 * --period MONTH (keten klantreis, waits --norms, bottleneck, flow --on org_type), with
 * the same spec and as-of date (waits_period_asof), blanked by the same rule;
 * lib/report_view lays them out.  This file reads the options and the inputs (once, each
 * hashed as it is read), makes those calls and hands their answers to the view. */
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
#include "i18n.h"
#include "journey.h"
#include "model.h"
#include "opt.h"
#include "period.h"
#include "report_view.h"
#include "sha256.h"
#include "simulate.h"
#include "stats.h"
#include "strtab.h"
#include "suppress.h"
#include "trend.h"
#include "waits.h"

static struct opt_set set;  /* the shared options */
static const char *what_if; /* --what-if FILE */
static long long seed = 1;  /* --seed, of --what-if */

/* clang-format off */
static const struct opt opts[] = {
	OPT_TAKE_DEF(OPT_MONTH, "last"),
	OPT_TAKE(OPT_TODAY),
	OPT_TAKE_NOTE(OPT_ASOF, "default: the month's last day, or the latest date when earlier"),
	OPT_TAKE(OPT_CODES),
	OPT_TAKE_FORMATS(FORMAT_BIT(FORMAT_HTML) | FORMAT_BIT(FORMAT_MD), "html"),
	OPT_TAKE(OPT_UNIT),
	OPT_TAKE(OPT_HOLIDAYS),
	OPT_TAKE(OPT_TZ),
	OPT_TAKE(OPT_MODEL),
	OPT_TAKE(OPT_TIES),
	OPT_TAKE(OPT_CLOSED),
	OPT_TAKE_DEF(OPT_MIN_N, "10"),
	OPT_TAKE_RANGE_DEF(OPT_TOP, 0, 100, "3"),
	OPT_TAKE(OPT_TITLE),
	OPT_TAKE(OPT_OUTPUT),
	OPT_TAKE(OPT_LANG),
	OPT_INFILE_OWN(0, "what-if", "FILE",
		       "a what-if section: the scenarios of FILE simulated on the log", &what_if),
	OPT_INT_OWN(0, "seed", "N", "the seed of --what-if's simulation (default 1)", &seed, 0,
		    4294967295LL),
	/* keten 0.1 had -m for --month; -m is the column map of keten import. */
	OPT_RENAMED('m', NULL, "month", NULL),
	OPT_TABLE_END,
};
/* clang-format on */

static const struct opt_cmd cmd = {
	.name = "report",
	.progress = 1,
	.synopsis = "keten report [--month MONTH] [--today DATE] [-a DATE] [-c FILE] [-f FORMAT]\n"
		    "                    [-u UNIT] [--holidays FILE] [--tz ZONE] [-M FILE]\n"
		    "                    [--ties ORDER] [--closed] [-k K] [-t N] [--title TEXT]\n"
		    "                    [--what-if FILE] [--seed N] [-o FILE] FILE",
	.opts = opts,
};

/* The months the trend charts go back over, the report's month included: a year and the
 * month a year before, which the headline compares with. */
#define TREND_MONTHS 13

/* Events, codes, a model and up to 31 holiday files. */
#define MAX_INPUTS 34
static struct report_input inputs[MAX_INPUTS];
static size_t ninputs;

/* Opens an input of CSV records for one reading that hashes it on the way (csvr_open_tap),
 * so that the footer names exactly what was read, stdin included. */
static struct csvr *open_input(const char *path, const char *what, struct sha256 *c)
{
	struct report_input *in = &inputs[ninputs++];

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

static const char *day_text(kday d, char *buf)
{
	date_format(d, buf);
	return buf;
}

/* What the sections are computed from. */
struct report {
	struct evlog *all; /* every event, with its reason and org_type */
	struct evlog *sub; /* the month's cases (evlog_period_cases), up to asof: those of
			    * keten klantreis --period */
	struct codes *cd;
	struct period_counts n;
	int org_type;         /* the attribute column of org_type */
	struct waitrow *norm; /* the rows of Wgs norms, which the trend's month adds up */
	size_t nnorm;
};

/* keten(5), "Small cells", on the counts of Period and data (keten-report(1)).  The
 * cases in the chain during the period are those that started in it and those that came
 * from before; and those that left in it and those that did not: where the second of a
 * pair (not written, but worked out) is 1 to K - 1, the first is blanked with it.  Where
 * the cases of the input outside the period are 1 to K - 1, the cases of the input are
 * blanked rather than those of the period, which the klantreis shows again as its
 * started.  The events in the period rest on its cases, the coded segments on the
 * interviews.  The events read are the input file's records, as in Provenance: no count
 * of the period, they stay. */
static void period_blanks(const struct report *r, long k, unsigned char *blank)
{
	const struct period_counts *n = &r->n;
	long cases = (long)n->cases, input = (long)r->all->ncases;
	struct supp *sp = supp_new(k);
	size_t c[RC_COUNT], i, pair[2];

	c[RC_INPUT_CASES] = supp_cell(sp, input);
	c[RC_CASES] = supp_cell(sp, cases);
	c[RC_STARTED] = supp_cell(sp, n->started);
	c[RC_LEFT] = supp_cell(sp, n->left);
	c[RC_EVENTS] = supp_cell(sp, n->events);
	c[RC_INTERVIEWS] = supp_cell(sp, r->cd ? (long)codes_count(r->cd, CODES_INTERVIEW) : 0);
	c[RC_SEGMENTS] = supp_cell(sp, r->cd ? (long)r->cd->n : 0);
	if (cases - n->started > 0 && cases - n->started < k) {
		pair[0] = c[RC_STARTED];
		pair[1] = supp_cell(sp, cases - n->started);
		supp_sum(sp, c[RC_CASES], pair, 2);
	}
	if (cases - n->left > 0 && cases - n->left < k) {
		pair[0] = c[RC_LEFT];
		pair[1] = supp_cell(sp, cases - n->left);
		supp_sum(sp, c[RC_CASES], pair, 2);
	}
	if (input - cases > 0 && input - cases < k)
		supp_force(sp, c[RC_INPUT_CASES]);
	supp_apply(sp);
	for (i = 0; i < RC_COUNT; i++)
		blank[i] = (unsigned char)supp_blank(sp, c[i]);
	blank[RC_EVENTS] |= blank[RC_CASES];
	blank[RC_SEGMENTS] |= blank[RC_INTERVIEWS];
	supp_free(sp);
}

/* The month back months before the month of p. */
static struct period month_back(const struct period *p, int back)
{
	struct period q;
	int y, m, d, ym;

	date_to_ymd(p->from, &y, &m, &d);
	ym = y * 12 + m - 1 - back;
	q.from = date_from_ymd(ym / 12, ym % 12 + 1, 1);
	q.to = period_month_end(ym / 12, ym % 12 + 1);
	return q;
}

/* The as-of date of --period of the month p in the commands (waits_period_asof), with the
 * --asof of the report when given. */
static kday month_asof(const struct report *r, const struct period *p)
{
	return waits_period_asof(r->all, p, opt_given(&set, OPT_ASOF) > 0, set.asof);
}

/* The Wgs norms of the month p as keten waits --norms --period answers them. */
static struct waitrow *month_norms(const struct report_view *v, const struct report *r,
				   const struct period *p, size_t *n)
{
	struct waitspec spec = { .unit = v->unit,
				 .asof = month_asof(r, p),
				 .level = 0.95,
				 .min_n = v->min_n,
				 .period = p };
	struct waitrow *rows = NULL;

	*n = 0;
	spec.pairs = waits_norm_pairs(v->m, &spec.npairs);
	if (spec.npairs)
		rows = waits_table(r->all, &spec, n);
	free((void *)spec.pairs);
	return rows;
}

/* The figures of one month of the headline, each from the call that answers it for the
 * month: evlog_period_cases (keten filter --active, --cohort) blanked as Period and data
 * blanks them, waits_table (keten waits --norms --period) and referral_count (keten flow
 * --on org_type --period). */
struct month_figs {
	struct period_counts n;
	unsigned char blank[RC_COUNT];
	struct waitrow *norm;
	size_t nnorm;
	struct referral *ref;
	size_t nref;
};

static void period_blanks(const struct report *r, long k, unsigned char *blank);

static void month_figures(const struct report_view *v, const struct report *r,
			  struct report_head *h, struct month_figs *f)
{
	kday asof = month_asof(r, &h->p);
	struct period seen = { h->p.from, asof };
	struct dwellspec ds = { .asof = asof,
				.unit = v->unit,
				.on_attr = r->org_type + 1,
				.start_stage = -1,
				.period = &h->p };
	struct report mr = *r;
	struct evlog *sub;
	uint8_t *keep;

	memset(f, 0, sizeof *f);
	h->n = &f->n;
	h->blank = f->blank;
	/* A month that ended before the first date of the input has no figures. */
	h->valid = r->all->n && h->p.to >= r->all->minday;
	if (!h->valid)
		return;
	keep = evlog_period_cases(r->all, &seen, &f->n);
	sub = evlog_select(r->all, keep, asof);
	free(keep);
	mr.n = f->n;
	period_blanks(&mr, v->min_n, f->blank);
	if (sub->ncases)
		f->norm = month_norms(v, r, &h->p, &f->nnorm);
	if (strtab_count(r->all->attrtab[r->org_type]) > 1)
		f->ref = referral_count(sub, &ds, v->min_n, &f->nref);
	h->norm = f->norm;
	h->nnorm = f->nnorm;
	h->ref = f->ref;
	h->nref = f->nref;
	evlog_free(sub);
}

/* The headline: the month, the month before, the same month a year earlier. */
static void headline(const struct report_view *v, const struct report *r)
{
	struct report_head h[3];
	struct month_figs f[3];
	size_t k;

	memset(h, 0, sizeof h);
	for (k = 0; k < 3; k++) {
		h[k].p = k ? month_back(&v->p, k == 1 ? 1 : 12) : v->p;
		month_figures(v, r, &h[k], &f[k]);
	}
	report_headline(v, h);
	for (k = 0; k < 3; k++) {
		free(f[k].norm);
		free(f[k].ref);
	}
}

/* Klantreis: keten klantreis --period over the month's cases, with --codes its knelpunten. */
static void klantreis(const struct report_view *v, const struct report *r)
{
	struct waitspec spec = {
		.unit = v->unit, .asof = v->asof, .level = 0.95, .min_n = v->min_n
	};
	struct journey_codes *jc = NULL;
	struct journey *j;
	size_t nj;

	j = journey_compute(r->sub, &spec, &nj);
	if (nj && r->cd)
		jc = journey_codes(r->cd, r->sub, j, nj, v->min_n);
	report_klantreis(v, r->sub, j, nj, jc, r->cd, set.top);
	journey_codes_free(jc, nj * v->m->nphases);
	journey_free(j, nj);
}

/* Wgs norms: keten waits --norms --period MONTH, on the whole log: the waits that ended in
 * the month and those open at its end. */
static void norms(const struct report_view *v, struct report *r)
{
	struct waitspec spec = {
		.unit = v->unit, .asof = v->asof, .level = 0.95, .min_n = v->min_n, .period = &v->p
	};

	spec.pairs = waits_norm_pairs(v->m, &spec.npairs);
	if (r->sub->ncases && spec.npairs)
		r->norm = waits_table(r->all, &spec, &r->nnorm);
	report_norms(v, r->sub->ncases, spec.npairs, r->norm, r->nnorm);
	free((void *)spec.pairs);
}

/* The first day on which a wait under every norm of the model can have run its full
 * limit when the data begin on `first`: a month that begins before it is cut short by
 * the start of the data (keten-report(1), "Trends"). */
static kday data_full_from(const struct model *m, kday first)
{
	kday full = first, d;
	size_t i;

	for (i = 0; i < m->nnorms; i++) {
		d = m->norms[i].workdays
			    ? cal_deadline_workdays(cal_default(), first, m->norms[i].limit)
			    : first + m->norms[i].limit;
		if (d > full)
			full = d;
	}
	return full;
}

/* The median of the waits done in each of the last TREND_MONTHS months, per norm pair
 * (lib/trend): a wait counts in the month in which it ended.  The whole log counts, not
 * only the report's cases, so that each month stands as it stood.  Beside it, the Wgs
 * norms of each month as keten waits --norms --period MONTH gives them, for the share
 * within norm per month. */
static void trend(const struct report_view *v, const struct report *r)
{
	struct waitspec spec = { .unit = v->unit, .asof = v->asof, .level = 0.95 };
	struct report_month_norms mn[TREND_MONTHS];
	unsigned char cut[TREND_MONTHS];
	kday full = r->all->n ? data_full_from(v->m, r->all->minday) : 0;
	struct trend tr;
	int mo;

	struct supp *sp = supp_new(v->min_n);
	unsigned char *blank;
	size_t i, k, n;

	trend_months(r->all, &spec, v->p.from, TREND_MONTHS, v->min_n, &tr);
	/* Each month's waits are a count of their own: no total is shown beside them.  But
	 * those of the month reported are the done waits of the pair's rows in Wgs norms
	 * added up, so where one of these is blank the month's count is blanked with it. */
	n = tr.npairs * (size_t)tr.nmonths;
	blank = xcalloc(n + 1, 1);
	for (i = 0; i < n; i++)
		supp_cell(sp, tr.n[i]);
	for (i = 0; i < r->nnorm; i++)
		for (k = 0; k < tr.npairs; k++)
			if ((r->norm[i].st.blank & WAITS_BLANK_DONE) &&
			    r->norm[i].from == tr.pairs[k].from && r->norm[i].to == tr.pairs[k].to)
				supp_force(sp, (k + 1) * (size_t)tr.nmonths - 1);
	supp_apply(sp);
	for (i = 0; i < n; i++)
		blank[i] = (unsigned char)supp_blank(sp, i);
	for (mo = 0; mo < TREND_MONTHS; mo++) {
		struct period p = month_back(&v->p, TREND_MONTHS - 1 - mo);

		cut[mo] = r->all->n && p.from < full;
		mn[mo].rows = NULL;
		mn[mo].nrows = 0;
		if (r->all->n && p.to >= r->all->minday)
			mn[mo].rows = month_norms(v, r, &p, &mn[mo].nrows);
	}
	report_trend(v, &tr, blank, cut, mn);
	for (mo = 0; mo < TREND_MONTHS; mo++)
		free((void *)mn[mo].rows);
	supp_free(sp);
	free(blank);
	trend_free(&tr);
}

/* Bottlenecks: the stage rows of keten bottleneck --completed afgerond --period MONTH
 * (lib/bottleneck) on the whole log, ranked as it ranks them by default: by share of
 * case-days, then by drop rate. */
static void bottlenecks(const struct report_view *v, const struct report *r)
{
	struct bottleneck_opts o = {
		.asof = v->asof, .period = &v->p, .completed = "afgerond", .min_n = v->min_n
	};
	struct bottleneck_row *rows = NULL;
	size_t n = 0;

	if (r->sub->ncases)
		rows = bottleneck_stages(r->all, &o, &n);
	report_bottlenecks(v, r->sub->ncases, rows, n);
	free(rows);
}

/* The referral question as keten flow --on org_type --period MONTH answers it
 * (lib/bottleneck: of the month's cases, followed whole), and the moves between the values
 * of org_type that it tabulates (lib/dwell: the stays that ended in the month and those
 * open at its end, on the whole log), their waits summed up and blanked as it does. */
static void referral(const struct report_view *v, const struct report *r)
{
	struct dwellspec ds = { .asof = v->asof,
				.unit = v->unit,
				.on_attr = r->org_type + 1,
				.start_stage = -1,
				.period = &v->p };
	struct report_referral rr = {
		.l = r->all, .ncases = r->sub->ncases, .org_type = r->org_type, .ds = &ds
	};
	struct dwell_table dt;
	struct referral *ref;
	double *q;
	size_t i;

	dwell_table(r->all, &ds, DWELL_CELLS | DWELL_MOVES, &dt);
	dwell_blank_moves(&dt, v->min_n);
	q = xcalloc(2 * dt.nmoves + 1, sizeof *q);
	for (i = 0; i < dt.nmoves; i++) {
		q[i] = stats_quantile(dt.move[i].d, (size_t)dt.move[i].n, 0.5);
		q[dt.nmoves + i] = stats_quantile(dt.move[i].d, (size_t)dt.move[i].n, 0.9);
	}
	rr.dt = &dt;
	rr.median = q;
	rr.p90 = q + dt.nmoves;
	ref = referral_count(r->sub, &ds, v->min_n, &rr.nref);
	rr.ref = ref;
	report_referral(v, &rr);
	free(ref);
	free(q);
	dwell_table_free(&dt);
}

/* What if: keten simulate --scenarios FILE on the whole log (lib/simulate), with its
 * default replications, the horizon of the log's span and --seed (keten-report(1), "What
 * if").  The scenarios were read before the log, so that a bad one stops the report
 * early.  A log of fewer than K cases is not simulated: the model replays its waits. */
static void whatif(const struct report_view *v, const struct report *r, struct sim_scenario **sc,
		   size_t nsc, const unsigned char *blank)
{
	struct sim_opts so = { .reps = 20, .seed = (unsigned long)seed, .unit = v->unit };
	struct report_whatif w = { .path = what_if,
				   .ncases = (long)r->all->ncases,
				   .blank = blank[RC_INPUT_CASES],
				   .reps = 20,
				   .seed = (unsigned long)seed };
	struct sim_result *res = NULL;
	struct sim_fit *f = NULL;

	if (r->all->ncases > 0 && (long)r->all->ncases >= v->min_n) {
		f = sim_fit_log(r->all, NULL, 0);
		res = sim_run(f, sc, nsc, &so);
	}
	w.r = res;
	report_whatif(v, &w);
	sim_result_free(res);
	sim_fit_free(f);
}

/* The stage map of the month as keten flow --period MONTH -k K --no-exits draws it: the
 * same dwell table of the whole log with the month as its period, blanked as it blanks it. */
static void process_map(const struct report_view *v, const struct report *r)
{
	struct dwellspec ds = {
		.asof = v->asof, .unit = v->unit, .start_stage = -1, .period = &v->p
	};
	struct dwell_table dt;

	dwell_table(r->all, &ds, DWELL_CELLS | DWELL_MOVES, &dt);
	dwell_blank_moves(&dt, v->min_n);
	report_map(v, r->sub->ncases, r->all, &ds, &dt);
	dwell_table_free(&dt);
}

int main(int argc, char **argv)
{
	struct report_view v = { 0 };
	struct evopts eo = { 0 };
	struct report r = { 0 };
	struct period seen;
	struct sha256 hash;
	struct sim_scenario **sc = NULL;
	size_t nsc = 0;
	struct model *m;
	uint8_t *keep;
	unsigned char blank[RC_COUNT];
	char a[16], b[16], c[16];
	size_t i;
	kday end;
	int first, given;

	diag_init(argv[0]);
	first = opt_parse(&cmd, &set, argc, argv);
	argc -= first;
	argv += first;
	if (argc == 0)
		usage_error("no events file given");
	if (argc > 1)
		usage_error("one events file, not %d", argc);
	if (opt_seen(&set, "seed") && !what_if)
		usage_error("--seed is the seed of --what-if: give --what-if FILE");
	if (set.holidays.n > MAX_INPUTS - 3)
		usage_error("--holidays: more than %d files", MAX_INPUTS - 3);

	v.markdown = set.format == FORMAT_MD;
	v.unit = set.unit;
	v.min_n = set.min_n;
	v.closed = set.closed;
	v.lang = i18n_lang();
	v.today = set.today;
	v.p = set.month;
	given = opt_given(&set, OPT_ASOF) > 0;
	if (!given && v.today < v.p.from)
		usage_error("--month: %s has not begun on %s (today)", set.text[OPT_MONTH],
			    day_text(v.today, a));
	if (set.codes && strcmp(set.codes, "-") == 0 && strcmp(argv[0], "-") == 0)
		usage_error("only one input can be stdin ('-')");
	if (set.model && strcmp(set.model, "-") == 0)
		usage_error("--model: a file, not stdin");
	for (i = 0; i < set.holidays.n; i++)
		if (strcmp(set.holidays.v[i], "-") == 0)
			usage_error("--holidays: a file, not stdin");

	/* A bad output path fails before the work; the page appears whole or not at all. */
	v.w = csvw_open(set.output);

	/* Each input is read once and hashed as it is read.  The events keep the reason
	 * (the klantreis and the bottlenecks) and org_type (the referral). */
	m = model_get(set.model);
	v.m = m;
	if (what_if) {
		struct csvr *sr = csvr_open(what_if, 0);

		if (model_learning(m))
			usage_error("--what-if: the simulation needs the stages of a model, not -M "
				    "infer");
		sc = sim_scenarios_read(sr, m, &nsc);
		csvr_close(sr);
	}
	eo.m = m;
	eo.attr = "reason,org_type";
	eo.attr_optional = 1;
	eo.norm_flags = 1;
	eo.ties_input = opt_ties_input(&set);
	eo.closed = set.closed;
	r.all = evlog_read(open_input(argv[0], "events", &hash), &eo);
	input_done(0, &hash, r.all->rows);
	/* The as-of date of --period MONTH in keten waits, flow, bottleneck and klantreis: the
	 * end of the month, or the latest date of the input, or --asof, whichever comes
	 * first (keten-report(1), The cases of the month). */
	v.asof = waits_period_asof_opt(r.all, &v.p, "--month", given, set.asof);
	r.org_type = evlog_attr_col(r.all, "org_type");
	if (set.codes) {
		struct codes_opts co = { 0 };

		co.cols = CODES_BIT(CODES_PHASE) | CODES_BIT(CODES_CHAIN) | CODES_BIT(CODES_CITY) |
			  CODES_BIT(CODES_ROLE) | CODES_BIT(CODES_POLARITY);
		co.need = CODES_BIT(CODES_PHASE);
		co.model = m;
		r.cd = codes_new(&co);
		codes_read_csv(r.cd, open_input(set.codes, "codes", &hash));
		codes_done(r.cd);
		input_done(1, &hash, r.cd->read);
	}
	if (set.model && !model_is_infer(set.model))
		add_file(set.model, "model");
	/* The calendar takes the holiday files before they are hashed for the footer: a file
	 * it refuses stops the report before the next one is opened. */
	opt_load_holidays(&set);
	for (i = 0; i < set.holidays.n; i++)
		add_file(set.holidays.v[i], "holidays");
	/* An export older than the month's end (or today, in the month still running) leaves
	 * out what happened since: the page is seen as of its latest date. */
	end = v.p.to < v.today ? v.p.to : v.today;
	if (given && v.asof < end)
		end = v.asof;
	if (r.all->n && r.all->maxday < end)
		warnx("%s: the latest date in the input, %s, is before %s: the month is seen as of "
		      "%s",
		      r.all->name, day_text(r.all->maxday, a), day_text(end, b),
		      day_text(v.asof, c));

	/* The cases in the chain during the period, as keten filter --active picks them. */
	seen.from = v.p.from;
	seen.to = v.asof;
	keep = evlog_period_cases(r.all, &seen, &r.n);
	r.sub = evlog_select(r.all, keep, v.asof);
	free(keep);

	period_blanks(&r, v.min_n, blank);
	report_begin(&v, set.title);
	headline(&v, &r);
	report_period(&v, r.all, &r.n, r.cd, blank);
	klantreis(&v, &r);
	norms(&v, &r);
	trend(&v, &r);
	free(r.norm);
	bottlenecks(&v, &r);
	referral(&v, &r);
	process_map(&v, &r);
	if (what_if)
		whatif(&v, &r, sc, nsc, blank);
	report_provenance(&v, inputs, ninputs);
	report_end(&v);
	csvw_close(v.w);

	for (i = 0; i < nsc; i++)
		sim_scenario_free(sc[i]);
	free(sc);
	if (r.cd)
		codes_free(r.cd);
	evlog_free(r.sub);
	evlog_free(r.all);
	model_free(m);
	cal_free();
	opt_free(&set);
	return 0;
}
