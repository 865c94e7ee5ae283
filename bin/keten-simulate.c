/* keten-simulate: fit a discrete-event model of the chain to a log and play what-if
 * scenarios on it against the baseline. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csvio.h"
#include "date.h"
#include "diag.h"
#include "events.h"
#include "model.h"
#include "opt.h"
#include "simulate.h"

static struct opt_set set;       /* the shared options */
static int fit_only;             /* --fit */
static struct opt_list what;     /* --what CHANGE ... */
static const char *scenarios;    /* --scenarios FILE */
static int check;                /* --check */
static long long reps = 20;      /* --replications */
static long long seed = 1;       /* --seed */
static long long horizon;        /* --horizon */
static struct opt_list capacity; /* --capacity STAGE=N ... */

/* clang-format off */
static const struct opt opts[] = {
	OPT_FLAG_OWN(0, "fit", "write the fitted model as keten CSV instead of simulating",
		     &fit_only),
	OPT_LIST_OWN(0, "what", "CHANGE",
		     "a change of the scenario language (repeatable: one scenario of them all)",
		     &what),
	OPT_INFILE_OWN(0, "scenarios", "FILE",
		       "scenarios from a file with the columns scenario and change", &scenarios),
	OPT_FLAG_OWN(0, "check", "the baseline beside the observed log, per pair and phase",
		     &check),
	OPT_INT_OWN(0, "replications", "N", "replications of each scenario (default 20)", &reps,
		    1, 100000),
	OPT_INT_OWN(0, "seed", "N", "the seed of the random numbers (default 1)", &seed, 0,
		    4294967295LL),
	OPT_INT_OWN(0, "horizon", "DAYS", "days to simulate (default: the span of the log)",
		    &horizon, 1, 36600),
	OPT_LIST_OWN(0, "capacity", "STAGE=N",
		     "the capacity of a queue stage instead of the one fitted (repeatable)",
		     &capacity),
	OPT_TAKE(OPT_BY),
	OPT_TAKE(OPT_UNIT),
	OPT_TAKE(OPT_HOLIDAYS),
	OPT_TAKE(OPT_MODEL),
	OPT_TAKE(OPT_MIN_N),
	OPT_TAKE(OPT_OUTPUT),
	OPT_TABLE_END,
};
/* clang-format on */

static const struct opt_cmd cmd = {
	.name = "simulate",
	.synopsis =
		"keten simulate [--what CHANGE ...] [--scenarios FILE] [--replications N]\n"
		"                      [--seed N] [--horizon DAYS] [--capacity STAGE=N ...]\n"
		"                      [-g COLS] [-u UNIT] [--holidays FILE] [-M FILE] [-o FILE]\n"
		"                      [FILE]\n"
		"       keten simulate --fit [--capacity STAGE=N ...] [-g COLS] [-M FILE]\n"
		"                      [-o FILE] [FILE]\n"
		"       keten simulate --check [--replications N] [--seed N] [-g COLS]\n"
		"                      [-u UNIT] [--holidays FILE] [-M FILE] [-k K] [-o FILE]\n"
		"                      [FILE]",
	.opts = opts,
};

static struct sim_given *read_capacity(const struct model *m, size_t *n)
{
	struct sim_given *g = xcalloc(capacity.n + 1, sizeof *g);
	size_t i;

	for (i = 0; i < capacity.n; i++) {
		const char *arg = capacity.v[i], *eq = strchr(arg, '=');

		if (!eq)
			usage_error("--capacity: not STAGE=N: '%s'", arg);
		g[i].stage = model_stage(m, arg, (size_t)(eq - arg));
		if (g[i].stage < 0 || m->stages[g[i].stage].terminal)
			usage_error(
				"--capacity: not a stage of the %s model that cases stay in: '%.*s'",
				m->name, (int)(eq - arg), arg);
		g[i].cap = (long)parse_int_opt("--capacity", eq + 1, 1, 1000000000);
	}
	*n = capacity.n;
	return g;
}

int main(int argc, char **argv)
{
	struct sim_opts so = { 0 };
	struct sim_scenario **sc = NULL;
	struct sim_given *given;
	struct evlog *l = NULL;
	struct sim_fit *f;
	struct sim_result *res;
	struct model *m;
	struct csvr *r;
	struct csvw *w;
	size_t nsc = 0, ngiven, i;
	int first;

	diag_init(argv[0]);
	first = opt_parse(&cmd, &set, argc, argv);
	argc -= first;
	argv += first;
	if (argc > 1)
		usage_error("one input file at most, not %d", argc);
	if ((fit_only || check) && (what.n || scenarios))
		usage_error("--%s writes no scenarios: leave out --what and --scenarios",
			    fit_only ? "fit" : "check");
	if (fit_only && check)
		usage_error("--fit and --check exclude each other");
	opt_load_holidays(&set);

	m = model_get(set.model);
	if (model_learning(m))
		usage_error(
			"-M infer: simulate needs the stages of a model (a file or the built-in one)");
	given = read_capacity(m, &ngiven);

	/* The scenarios first, so that a wrong change is told before a long fit. */
	if (what.n) {
		size_t len = 1;
		char *name;

		for (i = 0; i < what.n; i++)
			len += strlen(what.v[i]) + 2;
		name = xcalloc(len, 1);
		for (i = 0; i < what.n; i++) {
			if (i)
				strcat(name, "; ");
			strcat(name, what.v[i]);
		}
		sc = xcalloc(1, sizeof(struct sim_scenario *));
		sc[0] = sim_scenario_new(name);
		nsc = 1;
		free(name);
		for (i = 0; i < what.n; i++) {
			const char *err = sim_scenario_add(sc[0], m, what.v[i]);

			if (err)
				usage_error("--what: %s", err);
		}
	}
	if (scenarios) {
		struct sim_scenario **more;
		size_t nmore;

		r = csvr_open(scenarios, 0);
		more = sim_scenarios_read(r, m, &nmore);
		csvr_close(r);
		sc = xreallocarray(sc, nsc + nmore + 1, sizeof(struct sim_scenario *));
		for (i = 0; i < nmore; i++)
			sc[nsc++] = more[i];
		free(more);
	}

	r = csvr_open(argc ? argv[0] : "-", 0);
	if (csvr_col(r, "record") >= 0) {
		if (check)
			usage_error(
				"--check compares with the observed log: give the event log, not a fitted model");
		if (set.by)
			usage_error("--by: a fitted model has its groups already");
		f = sim_fit_read(r, m, given, ngiven);
		csvr_close(r);
	} else {
		struct evopts eo = { .m = m, .by = set.by, .norm_flags = 1 };

		l = evlog_read(r, &eo);
		if (l->ncases == 0)
			die("%s: no events to fit", l->name);
		f = sim_fit_log(l, given, ngiven);
	}

	w = csvw_open(set.output);
	if (fit_only) {
		sim_fit_write(f, w);
		csvw_close(w);
	} else {
		char line[512];
		long nfig = 0, out = 0;

		so.reps = (long)reps;
		so.seed = (unsigned long)seed;
		so.horizon = (long)horizon;
		so.unit = set.unit;
		res = sim_run(f, sc, nsc, &so);
		if (check)
			out = sim_check_write(res, l, set.min_n, w, &nfig);
		else
			sim_write(res, w);
		/* The output first: the closing lines only follow what was written. */
		csvw_close(w);
		if (!set.output && (fflush(stdout) != 0 || ferror(stdout))) {
			int e = errno;

			diag_stdout_failed();
			die("write error: %s", strerror(e));
		}
		if (check)
			warnx("--check: %ld of %ld observed figures outside the baseline's interval",
			      out, nfig);
		sim_little(res, line, sizeof line);
		warnx("%s", line);
		sim_result_free(res);
	}

	for (i = 0; i < nsc; i++)
		sim_scenario_free(sc[i]);
	free(sc);
	free(given);
	sim_fit_free(f);
	evlog_free(l);
	model_free(m);
	opt_list_free(&what);
	opt_list_free(&capacity);
	cal_free();
	opt_free(&set);
	return 0;
}
