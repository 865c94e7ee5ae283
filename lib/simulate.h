/* simulate: a discrete-event model of the chain fitted to a log, what-if scenarios on it,
 * and their replications (keten-simulate(1), keten-simulate(7)).  The fit holds arrivals
 * per entry stage and group by month of the year, the routing between stages with its
 * drop-out (by the stage a case came from, backed off to the stage's shares, and weighed
 * against the log's end), the empirical delays of every move, and the capacity of the
 * stages where cases queue; a run plays the baseline and each scenario R times over the horizon with
 * the same random numbers, so that a scenario without changes gives the baseline. */
#ifndef KETEN_SIMULATE_H
#define KETEN_SIMULATE_H

#include <stddef.h>

#include "csvio.h"
#include "events.h"
#include "model.h"
#include "opt.h"

struct sim_fit;

/* A capacity given for a stage (--capacity STAGE=N): it makes STAGE a queue stage. */
struct sim_given {
	int stage;
	long cap;
};

/* Fits the model to the cases of l (loaded with norm flags, grouped by the --by columns):
 * the capacity of a queue stage is the one given, or the most cases the log holds between
 * the stage and its release at once (keten-simulate(7), "Capacity"). */
struct sim_fit *sim_fit_log(const struct evlog *l, const struct sim_given *given, size_t ngiven);
/* Reads a fitted model that sim_fit_write wrote, for the stages of m; the reader r has
 * its header read and a column `record`.  Errors name the file, line and value. */
struct sim_fit *sim_fit_read(struct csvr *r, const struct model *m, const struct sim_given *given,
			     size_t ngiven);
/* Writes the fitted model as keten CSV (keten-simulate(7), "The fitted model"). */
void sim_fit_write(const struct sim_fit *f, struct csvw *w);
/* The capacity of stage s in the fit, 0 when s is no queue stage. */
long sim_fit_capacity(const struct sim_fit *f, int s);
void sim_fit_free(struct sim_fit *f);

/* A scenario: a name and its changes, one a line of the scenario language. */
struct sim_scenario;
struct sim_scenario *sim_scenario_new(const char *name);
/* Adds the change in text; returns NULL, or a message that says what is wrong (a static
 * buffer, valid until the next call), for the caller to put its place before. */
const char *sim_scenario_add(struct sim_scenario *s, const struct model *m, const char *text);
const char *sim_scenario_name(const struct sim_scenario *s);
void sim_scenario_free(struct sim_scenario *s);
/* Reads the scenarios of a file with the columns `scenario` and `change`, one change a
 * row, in the order the names first appear; errors name the file, line, column and
 * value.  Sets *n. */
struct sim_scenario **sim_scenarios_read(struct csvr *r, const struct model *m, size_t *n);

struct sim_opts {
	long reps;           /* replications, at least 1 */
	unsigned long seed;  /* of the random numbers */
	long horizon;        /* days; 0: the span of the fitted log */
	enum wait_unit unit; /* of the waits */
};

struct sim_result;
/* Runs the baseline and the scenarios sc[0..nsc) over the fit. */
struct sim_result *sim_run(const struct sim_fit *f, struct sim_scenario *const *sc, size_t nsc,
			   const struct sim_opts *o);
/* Writes the table of keten-simulate(1), "Output". */
void sim_write(const struct sim_result *r, struct csvw *w);
/* Writes the table of --check: the figures of the observed log l (which the fit came from)
 * beside the baseline's, the observed ones blanked by the rule of --min-n k.  Returns the
 * number of figures outside the baseline's interval, and sets *nfig to how many were
 * compared. */
long sim_check_write(const struct sim_result *r, const struct evlog *l, long k, struct csvw *w,
		     long *nfig);
/* The line on Little's law for the baseline (L = lambda W per stage), into buf. */
void sim_little(const struct sim_result *r, char *buf, size_t size);
void sim_result_free(struct sim_result *r);

/* The figures of a run one at a time, for a page that shows them as sim_write writes them
 * (lib/report_view).  The scenarios are counted with the baseline (0) first; the rows are
 * the normed pairs (the model's and those a norm change adds) and after them the phases of
 * the klantreis that hold a stage. */
enum sim_stat { SIM_N, SIM_MEAN, SIM_MEDIAN, SIM_P90, SIM_WITHIN, SIM_DROPPED };
struct sim_figure {
	double mean, lo, hi; /* the mean over the replications and its 95% interval */
	double diff;         /* mean minus the baseline's mean */
};
size_t sim_result_scenarios(const struct sim_result *r);
const char *sim_result_name(const struct sim_result *r, size_t sc);
/* The groups of the fit (1 without --by) and the rows. */
size_t sim_result_groups(const struct sim_result *r);
size_t sim_result_rows(const struct sim_result *r);
/* Row row: a pair (sets *from and *to, returns -1) or a phase (returns its index). */
int sim_result_row(const struct sim_result *r, size_t row, int *from, int *to);
/* The statistic st of scenario sc, group g and row row, as sim_write gives it; all NaN
 * where st is not one of the row's (mean and p90 of a phase, dropped of a pair). */
void sim_result_figure(const struct sim_result *r, size_t sc, size_t g, size_t row,
		       enum sim_stat st, struct sim_figure *out);

#endif
