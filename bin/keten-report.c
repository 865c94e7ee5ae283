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
#include "events.h"
#include "i18n.h"
#include "journey.h"
#include "model.h"
#include "monthly.h"
#include "opt.h"
#include "period.h"
#include "report_view.h"
#include "sha256.h"
#include "simulate.h"
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
	OPT_TAKE(OPT_BY),
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
	.synopsis =
		"keten report [--month MONTH] [--today DATE] [-a DATE] [-c FILE] [-g COLS]\n"
		"                    [-f FORMAT] [-u UNIT] [--holidays FILE] [--tz ZONE] [-M FILE]\n"
		"                    [--ties ORDER] [--closed] [-k K] [-t N] [--title TEXT]\n"
		"                    [--what-if FILE] [--seed N] [-o FILE] FILE",
	.opts = opts,
};

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
	struct monthly c;  /* the whole log, its codes and model, the settings */
	struct evlog *all; /* every event, with its reason and org_type */
	struct evlog *sub; /* the month's cases (evlog_period_cases), up to asof: those of
			    * keten klantreis --period */
	struct codes *cd;
	struct evlog *grouped; /* with --by COLS: the log as read, in its groups; all is its
				* whole (monthly_whole) */
	struct period_counts n;
	struct waitrow *norm; /* the rows of Wgs norms, which the trend's month adds up */
	size_t nnorm;
};

/* The headline: the month, the month before, the same month a year earlier. */
static void headline(const struct report_view *v, const struct report *r)
{
	struct monthly_head mh;

	monthly_headline(&r->c, &v->p, &mh);
	report_headline(v, mh.h);
	monthly_head_free(&mh);
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

/* The median of the waits done in each of the last TREND_MONTHS months, per norm pair,
 * and beside it the Wgs norms of each month as keten waits --norms --period MONTH gives
 * them, for the share within norm per month (lib/monthly). */
static void trend(const struct report_view *v, const struct report *r)
{
	struct monthly_trend t;

	monthly_trend(&r->c, &v->p, v->asof, r->norm, r->nnorm, &t);
	report_trend(v, &t.tr, t.blank, t.cut, t.mn);
	monthly_trend_free(&t);
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
	struct monthly_referral mr;
	struct report_referral rr = { .l = r->all,
				      .ncases = r->sub->ncases,
				      .org_type = r->c.org_type };

	monthly_referral(&r->c, &v->p, v->asof, r->sub, &mr);
	rr.ds = &mr.ds;
	rr.dt = &mr.dt;
	rr.median = mr.q;
	rr.p90 = mr.q + mr.dt.nmoves;
	rr.ref = mr.ref;
	rr.nref = mr.nref;
	report_referral(v, &rr);
	monthly_referral_free(&mr);
}

/* What if: keten simulate --scenarios FILE on the whole log (lib/simulate), with its
 * default replications, the horizon of the log's span and --seed (keten-report(1), "What
 * if").  The scenarios were read before the log, so that a bad one stops the report
 * early.  A log of fewer than K cases is not simulated: the model replays its waits. */
static void whatif(const struct report_view *v, const struct report *r, struct sim_scenario **sc,
		   size_t nsc, const unsigned char *blank)
{
	struct report_whatif w = { .path = what_if,
				   .ncases = (long)r->all->ncases,
				   .blank = blank[RC_INPUT_CASES],
				   .reps = 20,
				   .seed = (unsigned long)seed };
	struct monthly_whatif mw;

	monthly_whatif(&r->c, sc, nsc, w.reps, w.seed, &mw);
	w.r = mw.r;
	report_whatif(v, &w);
	monthly_whatif_free(&mw);
}

/* The stage map of the month as keten flow --period MONTH -k K --no-exits draws it. */
static void process_map(const struct report_view *v, const struct report *r)
{
	struct monthly_map mm;

	monthly_map(&r->c, &v->p, v->asof, &mm);
	report_map(v, r->sub->ncases, r->all, &mm.ds, &mm.dt);
	monthly_map_free(&mm);
}

int main(int argc, char **argv)
{
	struct report_view v = { 0 };
	struct evopts eo = { 0 };
	struct report r = { 0 };
	struct monthly_by by;
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
	eo.by = set.by;
	r.all = evlog_read(open_input(argv[0], "events", &hash), &eo);
	input_done(0, &hash, r.all->rows);
	/* With --by the sections of the whole are those of the log without it, and beside
	 * them the same calls on the log in its groups (keten-report(1), "By group"). */
	if (set.by) {
		r.grouped = r.all;
		r.all = monthly_whole(r.grouped);
	}
	/* The as-of date of --period MONTH in keten waits, flow, bottleneck and klantreis: the
	 * end of the month, or the latest date of the input, or --asof, whichever comes
	 * first (keten-report(1), The cases of the month). */
	v.asof = waits_period_asof_opt(r.all, &v.p, "--month", given, set.asof);
	r.c.all = r.all;
	r.c.m = m;
	r.c.unit = v.unit;
	r.c.min_n = v.min_n;
	r.c.asof_given = given;
	r.c.asof = set.asof;
	r.c.org_type = evlog_attr_col(r.all, "org_type");
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
		r.c.cd = r.cd;
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

	monthly_blanks(&r.c, &r.n, blank);
	if (r.grouped) {
		struct monthly gc = r.c;

		gc.all = r.grouped;
		monthly_by(&gc, &v.p, v.asof, &by);
		v.by = &by;
	}
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
	if (v.by)
		monthly_by_free(&by);

	for (i = 0; i < nsc; i++)
		sim_scenario_free(sc[i]);
	free(sc);
	if (r.cd)
		codes_free(r.cd);
	evlog_free(r.sub);
	if (r.grouped) {
		monthly_whole_free(r.all);
		evlog_free(r.grouped);
	} else {
		evlog_free(r.all);
	}
	model_free(m);
	cal_free();
	opt_free(&set);
	return 0;
}
