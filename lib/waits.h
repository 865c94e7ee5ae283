/* waits: the waits of cases between stages, and their statistics per group and pair
 * (keten-waits(1)); keten waits prints them, and the klantreis and the report build on
 * them. */
#ifndef KETEN_WAITS_H
#define KETEN_WAITS_H

#include <stddef.h>
#include <stdint.h>

#include "events.h"
#include "opt.h"
#include "period.h"

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

/* What a wait measures (keten-waits(1), --measure), for a log whose events carry a start
 * (evlog.tstart): the whole wait from the completion of A to the completion of B; the
 * waiting part of it, from A's completion to B's start; or B's processing, from its start to
 * its completion.  An event without a start began when it completed. */
enum wait_measure { MEASURE_TOTAL, MEASURE_WAITING, MEASURE_PROCESSING };

struct waitspec {
	enum wait_unit unit;
	kday asof;                      /* events after it are not seen */
	const struct stage_pair *pairs; /* "between" pairs; none: every transition */
	size_t npairs;
	double level;   /* of the median's confidence interval */
	long min_n;     /* K of the rule of keten(5), "Small cells" (waits_blank) */
	long *reversed; /* when set, counts the "between" waits whose B came
					  only before their A (the data says B came first) */
	/* The waits of a period (keten-waits(1), --period): only those that ended (done or
	 * dropped) in it, and those still open at asof, which the caller sets no later than
	 * the period's end (waits_period_asof); NULL: every wait. */
	const struct period *period;
	/* MEASURE_TOTAL (0) measures waits as ever.  The others judge no norm (a norm
	 * limits the whole wait: norm is -1 and over 0); MEASURE_PROCESSING keeps only the
	 * done waits, as an activity not reached was never processed. */
	enum wait_measure measure;
};

/* The waits of case c, written to out (room for the case's events plus npairs); returns
 * how many.  The case is followed whole, up to s->asof; with s->period only the waits of
 * the period are written. */
size_t waits_of_case(const struct evlog *l, size_t c, const struct waitspec *s, struct wait *out);

/* A buffer with room for the waits of any one case of l under s. */
struct wait *waits_buffer(const struct evlog *l, const struct waitspec *s);

/* The pairs of the model that carry norms, each once, in the order of the model. */
struct stage_pair *waits_norm_pairs(const struct model *m, size_t *n);

/* The figures of a row that --min-n blanks, as bits of waitstats.blank (keten(5), "Small
 * cells"): the counts n = done + waiting + dropped; the statistics of the finished waits,
 * which rest on done; Kaplan-Meier, which rests on n; over, and pct_over, which rests on
 * the waits judged against the norm, done + waiting. */
enum {
	WAITS_BLANK_N = 1,
	WAITS_BLANK_DONE = 2,
	WAITS_BLANK_WAITING = 4,
	WAITS_BLANK_DROPPED = 8,
	WAITS_BLANK_STATS = 16, /* mean, sd, min, p25, median, p75, p90, max, ci_low, ci_high */
	WAITS_BLANK_KM = 32,    /* km_median, km_p90 */
	WAITS_BLANK_OVER = 64,
	WAITS_BLANK_PCT = 128, /* pct_over */
};

struct waitstats {
	long n, done, waiting, dropped, over;
	int has_norm;
	unsigned blank; /* WAITS_BLANK_ bits */
	int suppressed; /* blank != 0: the row has a blank */
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

/* The tables of n periods at once: rows[k] and nrows[k] are what waits_table gives with s
 * for p[k] as its period and asof[k] as its as-of date (s->reversed is not counted).  With
 * pairs, each case's waits are found once, as of the latest of the dates, for every
 * table; each table takes its waits from them (the monthly figures of keten report). */
void waits_table_periods(const struct evlog *l, const struct waitspec *s, const struct period *p,
			 const kday *asof, size_t n, struct waitrow **rows, size_t *nrows);

/* Summarises n waits (their w, status and over); done values are sorted on the way.  The
 * blanks are those of waits_blank with K = s->min_n. */
void waits_summarise(const struct wait *w, size_t n, int has_norm, const struct waitspec *s,
		     struct waitstats *st);

/* Puts result rows in the order results list them (waits_table's order). */
void waits_sort_rows(const struct evlog *l, struct waitrow *rows, size_t n);

/* Writes the table of keten-waits(1), Output columns: a header, then the rows, with the
 * blanks that st.blank asks for. */
void waits_write_table(const struct evlog *l, const struct waitspec *s, const struct waitrow *rows,
		       size_t nrows, struct csvw *w);

/* Censors an open wait (W_WAITING) that began at event a at asof, as waits_of_case
 * does: sets w->w (in unit) and w->over (past norm, -1: none, at asof). */
void waits_censor(const struct model *m, int norm, const struct event *a, kday asof,
		  enum wait_unit unit, struct wait *w);

/* The same from the waits of a row as counts per value: value[0 .. nv - 1] ascending,
 * count[v][0] the finished waits of value v and count[v][1] the censored ones (waiting and
 * dropped), with the row's waiting, dropped and over counts: the statistics of
 * waits_summarise on those waits, without a sort. */
void waits_summarise_counts(const double *value, const long (*count)[2], size_t nv, long waiting,
			    long dropped, long over, int has_norm, const struct waitspec *s,
			    struct waitstats *st);

/* Sets st->blank and st->suppressed by the rule of keten(5), "Small cells", with K = k: a
 * count 0 < v < K is blank, and so is the next smallest count of a sum (n = done + waiting
 * + dropped; with a norm also done + waiting = judged, and n = judged + dropped) that has
 * a lone blank; a figure is blank when the count it rests on is blank or below K. */
void waits_blank(struct waitstats *st, long k);

/* The as-of date of a command that takes --period, the one rule of keten-waits(1) and
 * keten-report(1): with p NULL, evlog_asof (the given date, or the latest date of l); with
 * p, the end of p, or the given date when earlier, or the latest date of l when l ends
 * before p does (a period not yet over is seen as far as the data goes).  A period that
 * begins after that date is a usage error naming it. */
kday waits_period_asof(const struct evlog *l, const struct period *p, int given, kday asof);
/* The same, the messages naming opt ("--month" for keten report) as the option of p. */
kday waits_period_asof_opt(const struct evlog *l, const struct period *p, const char *opt,
			   int given, kday asof);

/* The wait from event a to the time (day, sec; sec -1 for a date alone) in unit: days
 * (fractional when both carry a time), working days after a's day up to and including
 * day, or hours, a date alone counting as 00:00.  Every wait and dwell of keten is
 * measured so; working days are those of the process's calendar, cal_default (date.h),
 * as are the deadlines of norms in waits_of_case. */
double waits_measure_to(const struct event *a, kday day, int sec, enum wait_unit unit);
/* The wait from event a to event b in unit, as every wait of keten is measured. */
double waits_measure(const struct event *a, const struct event *b, enum wait_unit unit);

/* The span from instant t0 to t1 (event_time()'s unit) in unit: days and hours as
 * fractions, a date alone counting as 00:00; working days after t0's day up to and
 * including t1's.  Never below 0: an activity that started before the one before it
 * completed (the two overlap) waited 0.  The measure of processing and waiting times. */
double waits_span(int64_t t0, int64_t t1, enum wait_unit unit);

/* "28 days" or "3 workdays": the limit of norm i, for output. */
void waits_norm_text(const struct model *m, int i, char *buf, size_t size);
/* The same as a label of a page, its unit in the user's language ("28 dagen"); CSV keeps
 * waits_norm_text (keten(5)). */
void waits_norm_label(const struct model *m, int i, char *buf, size_t size);

#endif
