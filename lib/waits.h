/* waits: the waits of cases between stages, and their statistics per group and pair
 * (keten-waits(1)); keten waits prints them, and the klantreis and the report build on
 * them. */
#ifndef KETEN_WAITS_H
#define KETEN_WAITS_H

#include <stddef.h>
#include <stdint.h>

#include "events.h"
#include "opt.h"

enum wait_status { W_DONE, W_WAITING, W_DROPPED };

/* One wait of one case. */
struct wait {
	uint32_t a, b;     /* indices into evlog.ev of where it starts and ends (b: the
			    event reached, or where the case left; UINT32_MAX while waiting) */
	double w;          /* the wait in the unit asked for; censored waits up to where
			    they were censored */
	int16_t norm;      /* index of the model norm that applies, -1 for none */
	uint16_t from, to; /* stage indices; to == WAIT_OPEN for an open transition */
	uint8_t status;    /* enum wait_status */
	uint8_t over;      /* 1 when past the norm (done, or still waiting at asof) */
};

/* The `to` of a case that has not moved on from its last stage (transition mode). */
#define WAIT_OPEN 0xFFFF

struct stage_pair {
	uint16_t from, to;
};

struct waitspec {
	enum wait_unit unit;
	kday asof;                      /* events after it are not seen */
	const struct stage_pair *pairs; /* "between" pairs; none: every transition */
	size_t npairs;
	double level;   /* of the median's confidence interval */
	long min_n;     /* groups with fewer cases are suppressed */
	long *reversed; /* when set, counts the "between" waits whose B came
					  only before their A (the data says B came first) */
};

/* The waits of case c, written to out (room for the case's events plus npairs); returns
 * how many. */
size_t waits_of_case(const struct evlog *l, size_t c, const struct waitspec *s, struct wait *out);

/* A buffer with room for the waits of any one case of l under s. */
struct wait *waits_buffer(const struct evlog *l, const struct waitspec *s);

/* The pairs of the model that carry norms, each once, in the order of the model. */
struct stage_pair *waits_norm_pairs(const struct model *m, size_t *n);

struct waitstats {
	long n, done, waiting, dropped, over;
	int has_norm, suppressed;
	double mean, sd, min, p25, median, p75, p90, max, ci_low, ci_high, km_median, km_p90;
	double pct_over;
};

/* One result row: a group, a pair and the norm that applies to its waits. */
struct waitrow {
	uint32_t group;
	uint16_t from, to;
	int16_t norm;
	struct waitstats st;
};

/* Every wait of the log, summarised per group, pair and norm, in the order results list
 * them: groups by value, then the model order of from and of to, then the norm. */
struct waitrow *waits_table(const struct evlog *l, const struct waitspec *s, size_t *nrows);

/* Summarises n waits (their w, status and over); done values are sorted on the way. */
void waits_summarise(const struct wait *w, size_t n, int has_norm, const struct waitspec *s,
		     struct waitstats *st);

/* The wait from event a to the time (day, sec; sec -1 for a date alone) in unit: days
 * (fractional when both carry a time), working days after a's day up to and including
 * day, or hours, a date alone counting as 00:00.  Every wait and dwell of keten is
 * measured so; working days are those of the process's calendar, cal_default (date.h),
 * as are the deadlines of norms in waits_of_case. */
double waits_measure_to(const struct event *a, kday day, int sec, enum wait_unit unit);
/* The wait from event a to event b in unit, as every wait of keten is measured. */
double waits_measure(const struct event *a, const struct event *b, enum wait_unit unit);

/* "28 days" or "3 workdays": the limit of norm i, for output. */
void waits_norm_text(const struct model *m, int i, char *buf, size_t size);

#endif
