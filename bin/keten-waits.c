/* keten-waits: wait-time statistics per transition, against the norms of the chain model,
 * with the people still waiting counted in. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csvio.h"
#include "date.h"
#include "diag.h"
#include "events.h"
#include "holidays.h"
#include "model.h"
#include "opt.h"
#include "partial.h"
#include "strtab.h"
#include "waits.h"

static struct opt_set set;      /* the shared options */
static struct opt_list between; /* --between A,B ... */
static int norms_only;          /* --norms */
static int long_form;           /* --long */
static double level = 0.95;     /* --ci */
static int measure;             /* --measure: enum wait_measure */

/* --measure: total, waiting or processing. */
static void set_measure(const char *opt, const char *arg, void *var)
{
	static const char *const names[] = { "total", "waiting", "processing" };
	int i;

	for (i = 0; i < 3; i++)
		if (strcmp(arg, names[i]) == 0) {
			*(int *)var = i;
			return;
		}
	usage_error("%s: not total, waiting or processing: '%s'", opt, arg);
}

/* --ci: the level of the median's confidence interval. */
static const char *ci_text; /* --ci as written, for a partial */

static void set_level(const char *opt, const char *arg, void *var)
{
	*(double *)var = opt_level(opt, arg);
	ci_text = arg;
}

/* clang-format off */
static const struct opt opts[] = {
	OPT_LIST_OWN('b', "between", "A,B",
		     "the wait from the first A of a case to the first B after it (repeatable); "
		     "default: every transition",
		     &between),
	OPT_FLAG_OWN('n', "norms", "the pairs that carry norms in the model", &norms_only),
	OPT_TAKE(OPT_BY),
	OPT_TAKE(OPT_UNIT),
	OPT_TAKE_NOTE(OPT_ASOF, "default: the latest date, or the end of --period"),
	OPT_TAKE(OPT_PERIOD),
	OPT_TAKE(OPT_TODAY),
	OPT_TAKE(OPT_HOLIDAYS),
	OPT_TAKE(OPT_TZ),
	OPT_TAKE(OPT_MODEL),
	OPT_TAKE(OPT_TIES),
	OPT_TAKE(OPT_CLOSED),
	OPT_TAKE(OPT_MIN_N),
	OPT_CALL_OWN(0, "measure", "WHAT",
		     "total (default), waiting (A's completion to B's start) or processing "
		     "(B's start to its completion), for a log with a start column",
		     set_measure, &measure),
	OPT_TAKE(OPT_PARTIAL),
	OPT_CALL_OWN(0, "ci", "LEVEL", "level of the median's confidence interval (default 95)",
		     set_level, &level),
	OPT_FLAG_OWN('l', "long",
		     "write the individual waits instead of statistics (not with --min-n)",
		     &long_form),
	OPT_TAKE(OPT_OUTPUT),
	OPT_TABLE_END,
};
/* clang-format on */

static const struct opt_cmd cmd = {
	.name = "waits",
	.progress = 1,
	.synopsis =
		"keten waits [-b A,B ...] [--norms] [-g COLS] [-u UNIT] [-a DATE]\n"
		"                   [--period PERIOD] [--today DATE] [--holidays FILE]\n"
		"                   [--tz ZONE] [-M FILE] [--ties ORDER] [--closed] [-k K]\n"
		"                   [--measure WHAT] [--partial] [--ci LEVEL] [--long] [-o FILE]\n"
		"                   [FILE]",
	.opts = opts,
};

static void add_pair(struct stage_pair **pairs, size_t *n, size_t *cap, const struct model *m,
		     const char *arg)
{
	const char *comma = strchr(arg, ',');
	int a, b;

	if (!comma || strchr(comma + 1, ','))
		usage_error("--between: not two stages A,B: '%s'", arg);
	a = model_stage(m, arg, (size_t)(comma - arg));
	b = model_stage(m, comma + 1, strlen(comma + 1));
	if (a < 0 || b < 0)
		usage_error("--between: not a stage of the %s model: '%.*s'", m->name,
			    a < 0 ? (int)(comma - arg) : (int)strlen(comma + 1),
			    a < 0 ? arg : comma + 1);
	if (a == b)
		usage_error("--between: the two stages are the same: '%s'", arg);
	xgrow(pairs, cap, *n + 1, sizeof **pairs);
	(*pairs)[*n].from = (uint16_t)a;
	(*pairs)[*n].to = (uint16_t)b;
	(*n)++;
}

static const char *stage_name(const struct model *m, unsigned s)
{
	return s == WAIT_OPEN ? "(open)" : m->stages[s].name;
}

static void write_time(struct csvw *w, const struct event *e)
{
	char buf[DATE_TIME_MAX];

	date_time_format(e->day, e->ms, e->off, 1, buf);
	csvw_str(w, buf);
}

static void write_long(const struct evlog *l, const struct waitspec *s, struct csvw *w)
{
	const struct model *m = l->m;
	struct wait *buf;
	size_t c, i;
	char norm[64];

	csvw_str(w, "case");
	evlog_write_by_names(l, w);
	csvw_names(w, "from,to,start,end,wait,status,norm,over");
	buf = waits_buffer(l, s);
	for (c = 0; c < l->ncases; c++) {
		size_t k = waits_of_case(l, c, s, buf);

		for (i = 0; i < k; i++) {
			const struct wait *x = &buf[i];
			static const char *const status[] = { "done", "waiting", "dropped" };

			csvw_str(w, strtab_str(l->cases, (uint32_t)c));
			evlog_write_group(l, l->ev[x->a].group, w);
			csvw_str(w, stage_name(m, x->from));
			csvw_str(w, stage_name(m, x->to));
			write_time(w, &l->ev[x->a]);
			if (x->b != UINT32_MAX)
				write_time(w, &l->ev[x->b]);
			else
				csvw_empty(w);
			csvw_num(w, x->w, 2);
			csvw_str(w, status[x->status]);
			waits_norm_text(m, x->norm, norm, sizeof norm);
			csvw_str(w, norm);
			if (x->norm >= 0 && x->status != W_DROPPED)
				csvw_int(w, x->over);
			else
				csvw_empty(w);
			csvw_end(w);
		}
	}
	free(buf);
}

static void write_table(const struct evlog *l, const struct waitspec *s, struct csvw *w)
{
	size_t nrows;
	struct waitrow *rows = waits_table(l, s, &nrows);

	waits_write_table(l, s, rows, nrows, w);
	free(rows);
}

int main(int argc, char **argv)
{
	struct waitspec spec = { .level = 0.95 };
	size_t npairs = 0, pcap = 0, i;
	struct stage_pair *pairs = NULL;
	struct evopts eo = { 0 };
	struct partial_meta pm = { 0 };
	struct model *m;
	struct evlog *l;
	struct csvw *w;
	long reversed = 0;
	int first;

	diag_init(argv[0]);
	first = opt_parse(&cmd, &set, argc, argv);
	argc -= first;
	argv += first;
	if (argc > 1)
		usage_error("one input file at most, not %d", argc);
	if (norms_only && between.n)
		usage_error("--norms and --between exclude each other");
	/* The individual waits name their cases: nothing in them can be suppressed, and a
	 * --min-n that changed nothing would promise what it does not keep. */
	if (long_form && set.min_n > 0)
		usage_error("--long writes individual waits, which --min-n cannot suppress");
	if (long_form && set.partial)
		usage_error("--long and --partial exclude each other");
	if (set.partial && model_is_infer(set.model))
		usage_error(
			"--partial: a model inferred from each part would differ between parts");
	opt_load_holidays(&set);

	m = model_get(set.model);
	if (set.partial) {
		/* The options as written, which keten merge compares and reads again. */
		partial_meta_init(&pm, "waits", &set);
		for (i = 0; i < between.n; i++)
			partial_meta_add(&pm, "--between", between.v[i]);
		if (norms_only)
			partial_meta_add(&pm, "--norms", "");
		if (opt_seen(&set, "ci"))
			partial_meta_add(&pm, "--ci", ci_text);
	}
	for (i = 0; i < between.n; i++)
		add_pair(&pairs, &npairs, &pcap, m, between.v[i]);
	opt_list_free(&between);
	if (norms_only) {
		pairs = waits_norm_pairs(m, &npairs);
		if (npairs == 0)
			usage_error("--norms: the %s model has no norms", m->name);
	}
	spec.pairs = pairs;
	spec.npairs = npairs;
	spec.unit = set.unit;
	spec.level = level;
	spec.min_n = set.min_n;
	spec.measure = (enum wait_measure)measure;

	eo.m = m;
	eo.by = set.by;
	eo.norm_flags = 1;
	eo.ties_input = opt_ties_input(&set);
	eo.closed = set.closed;
	l = evlog_load(argc ? argv[0] : "-", &eo);
	/* Without starts, waiting would be the whole wait and processing nothing. */
	if (measure != MEASURE_TOTAL && !l->tstart)
		die("%s: --measure %s needs a column 'start' (keten import pairs start and complete events into it)",
		    l->name, measure == MEASURE_WAITING ? "waiting" : "processing");
	if (opt_given(&set, OPT_PERIOD))
		spec.period = &set.period;
	spec.asof = waits_period_asof(l, spec.period, opt_given(&set, OPT_ASOF) > 0, set.asof);

	spec.reversed = &reversed;
	w = csvw_open(set.output);
	if (set.partial)
		partial_waits(l, &spec, &pm, w);
	else if (long_form)
		write_long(l, &spec, w);
	else
		write_table(l, &spec, w);
	csvw_close(w);
	/* A B dated before its A is kept as the data says; the reader should know. */
	if (reversed)
		warnx("%s: %ld waits have their end stage only before their start stage; they count as waiting or dropped",
		      l->name, reversed);

	partial_meta_free(&pm);
	evlog_free(l);
	free(pairs);
	model_free(m);
	cal_free();
	opt_free(&set);
	return 0;
}
