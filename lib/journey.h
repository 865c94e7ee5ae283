/* journey: the klantreis of a set of cases along the phases of the model, for keten
 * klantreis and keten report. */
#ifndef KETEN_JOURNEY_H
#define KETEN_JOURNEY_H

#include <stddef.h>
#include <stdint.h>

#include "events.h"
#include "waits.h"

struct journey_phase {
	int has_stages;     /* the model has stages in this phase (preventie has none) */
	long reached;       /* cases with an event in a stage of the phase */
	double pct_started; /* 100 * reached / cases that started */
	double conversion;  /* 100 * the share of the previous phase's cases that reached this
			       one; NaN for the first phase with stages */
	long dropped;       /* cases that left the chain from this phase */
	long done;          /* cases that moved on to a later phase */
	double median_wait, p90_wait; /* time in the phase of those that moved on */
	long norm_waits;   /* waits under a norm that start in this phase (not dropped) */
	long norm_over;    /* of which past the norm */
	double pct_within; /* 100 * (norm_waits - norm_over) / norm_waits; NaN without */
	unsigned blank;    /* the JB_ bits of the figures suppression blanks */
	int suppressed;    /* some figure of the phase is blank */
};

/* The figures of a phase that suppression may blank (keten(5), "Small cells"). */
enum {
	JB_REACHED = 1 << 0,     /* reached */
	JB_PCT_STARTED = 1 << 1, /* pct_started: rests on reached and started */
	JB_CONVERSION = 1 << 2,  /* conversion: rests on reached here and in the previous phase */
	JB_DROPPED = 1 << 3,     /* dropped */
	JB_DONE = 1 << 4,        /* done (moved on) */
	JB_WAIT = 1 << 5,        /* median_wait and p90_wait: rest on done */
	JB_NORM_WAITS = 1 << 6,  /* norm_waits */
	JB_WITHIN = 1 << 7,      /* pct_within: rests on norm_waits */
};

struct journey {
	uint32_t group;           /* the group of the case's first event */
	long started;             /* cases with an event by the as-of date */
	int started_blank;        /* started is suppressed */
	struct journey_phase *ph; /* one per model phase, in model order */
};

/* The journeys of the log, one per group, in the order results list groups.  The waits of
 * s->unit and the norms of the model decide the wait and norm columns; s->pairs is
 * ignored.  With s->min_n = K, each journey is one table of keten(5)'s rule for small
 * cells: a count of 1 to K - 1 is blank, a figure whose own count is blank is blank, and
 * a count is blanked besides where a number of fewer than K cases could otherwise be
 * worked out from the journey's counts (journey.c says which). */
struct journey *journey_compute(const struct evlog *l, const struct waitspec *s, size_t *n);
void journey_free(struct journey *j, size_t n);

/* What the journeys are computed from, group by group (ids of l->groups): the counts of
 * byid (started; per phase reached, dropped, done, norm_waits, norm_over), the times in
 * each phase of the cases that moved on (v, nv per group * np + phase, in any order) and
 * the cases that reached a phase and the one before it (convert, likewise).  For partial
 * results (keten merge): counts of disjoint sets of cases add up. */
struct journey_counts {
	size_t ng, np;
	struct journey *byid;
	double **v;
	size_t *nv, *vcap;
	long *convert;
};

/* Empty counts for ng groups of model m. */
void journey_counts_init(struct journey_counts *jc, const struct model *m, size_t ng);
/* Adds a time in phase p of a case of group g that moved on. */
void journey_counts_sample(struct journey_counts *jc, uint32_t g, size_t p, double v);
/* The counts of the cases of l under s.  With open, the norm waits still waiting at
 * s->asof are handed to it (group, phase of from, the wait) instead of being counted, so
 * that a merge can judge them at a later as-of date. */
void journey_counts_of(const struct evlog *l, const struct waitspec *s, struct journey_counts *jc,
		       void (*open)(void *ctx, uint32_t group, size_t phase, const struct wait *w),
		       void *ctx);
/* The journeys from the counts, as journey_compute gives them (K = min_n); takes byid
 * over. */
struct journey *journey_finish(const struct evlog *l, struct journey_counts *jc, long min_n,
			       size_t *n);
void journey_counts_free(struct journey_counts *jc);

struct codes;

/* A knelpunt named for a phase: a code and the distinct interviews that name it. */
struct journey_knel {
	uint32_t code;
	long interviews, segments;
};

/* The knelpunten of one journey and phase, most named first. */
struct journey_codes {
	struct journey_knel *k;
	size_t n;
};

/* Counts, per journey and phase, the distinct interviews naming each code of polarity
 * knelpunt (or none), with codes_tally; a code named in 1 to min_n - 1 interviews is left
 * out, as keten codes freq --min-n blanks it (codes_small).  A code row counts for a
 * journey when its value in the --by column (chain, city or role) is the journey's or
 * empty, or, by chain, "beide"; with any other --by every row counts for every journey.
 * Returns nj * nphases lists; codes of phase keten are in none of them. */
struct journey_codes *journey_codes(const struct codes *cd, const struct evlog *l,
				    const struct journey *j, size_t nj, long min_n);
void journey_codes_free(struct journey_codes *jc, size_t n);

#endif
