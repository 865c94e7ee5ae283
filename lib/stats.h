/* stats: the statistics of keten-waits(1), Output columns (quantiles, mean, sd, the
 * confidence interval of a median, Kaplan-Meier), over GSL where GSL has them. */
#ifndef KETEN_STATS_H
#define KETEN_STATS_H

#include <stddef.h>

/* Sorts x ascending. */
void stats_sort(double *x, size_t n);
/* The p-quantile of sorted x, R type 7 (linear interpolation); NaN when n = 0. */
double stats_quantile(const double *sorted, size_t n, double p);
/* The mean; NaN when n = 0. */
double stats_mean(const double *x, size_t n);
/* The sample standard deviation (n - 1); NaN when n < 2. */
double stats_sd(const double *x, size_t n);
/* The distribution-free confidence interval of the median at the given level (0.95):
 * order statistics x(j) and x(n - j + 1) with j the largest index for which
 * P(B <= j - 1) <= (1 - level) / 2, B ~ Binomial(n, 1/2).  Sets NaN when n is too small
 * for any interval to reach the level. */
void stats_median_ci(const double *sorted, size_t n, double level, double *lo, double *hi);

/* One observation for Kaplan-Meier: a time and whether the event was seen (1) or the
 * observation was censored there (0). */
struct km_obs {
	double t;
	int event;
};

/* The product-limit estimate over obs (sorted in place by time); sets the smallest t with
 * S(t) <= 1 - p for each p in probs (0.5: the median), as R's survival::survfit does:
 * where S(t) equals 1 - p exactly, the midpoint between t and the next event time, or the
 * largest time observed (censored or not) when S never falls further; NaN where S never
 * gets that low. */
void stats_km(struct km_obs *obs, size_t n, const double *probs, double *out, size_t nprobs);

#endif
