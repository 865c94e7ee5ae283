/* trend: the median wait under each norm of the model per month in which the waits ended,
 * for the trend charts of keten report. */
#ifndef KETEN_TREND_H
#define KETEN_TREND_H

#include <stddef.h>

#include "waits.h"

struct trend {
	struct stage_pair *pairs; /* the pairs that carry norms (waits_norm_pairs) */
	size_t npairs;
	int nmonths;
	int y0, m0;     /* the first month: year and month (1..12) */
	size_t ng;      /* the groups of the log (--by; 1 without it): its group ids */
	long *n;        /* [(group * npairs + pair) * nmonths + month]: the waits of the
			   group's cases done in the month; without --by group 0 only */
	double *median; /* their median; NaN when there are none, or fewer than
				     min_n */
};

/* The waits from the first A of a case to the first B after it (s->unit, s->asof; the
 * pairs of the model's norms, s->pairs being ignored) that ended in each of the nmonths
 * months up to and including the month of `last`, counted in the month of B, over every
 * case of l, per group of l (the --by groups of keten waits; one without --by). */
void trend_months(const struct evlog *l, const struct waitspec *s, kday last, int nmonths,
		  long min_n, struct trend *t);
void trend_free(struct trend *t);

#endif
