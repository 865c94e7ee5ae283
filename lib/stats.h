/* stats: the statistics of keten-waits(1), Output columns (quantiles, mean, sd, the
 * confidence interval of a median, Kaplan-Meier), over GSL where GSL has them. */
#ifndef KETEN_STATS_H
#define KETEN_STATS_H

#include <stddef.h>

/* Sorts x ascending. */
void stats_sort(double *x, size_t n);
/* The same with room for n values at tmp, for a caller that sorts many rows. */
void stats_sort_tmp(double *x, size_t n, double *tmp);
/* The p-quantile of sorted x, R type 7 (linear interpolation); NaN when n = 0. */
double stats_quantile(const double *sorted, size_t n, double p);
/* The mean; NaN when n = 0. */
double stats_mean(const double *x, size_t n);
/* The mean and the sample standard deviation of values given as runs: v[i] taken c[i]
 * times, in the order given (mean NaN for none, sd NaN for fewer than two).  keten waits
 * takes its statistics this way from the sorted waits and from a partial's counts alike
 * (keten-merge(1)), so that both give the same bits. */
void stats_mean_sd_runs(const double *v, const size_t *c, size_t nruns, double *mean, double *sd);
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

/* A run of observations at one time: d events and c censored. */
struct km_run {
	double t;
	size_t d, c;
};
/* stats_km over runs of distinct times in ascending order. */
void stats_km_runs(const struct km_run *run, size_t nruns, const double *probs, double *out,
		   size_t nprobs);
/* Sorts obs as stats_km does and sets *run to its runs (the caller frees them); returns
 * their number. */
size_t stats_km_group(struct km_obs *obs, size_t n, struct km_run **run);
/* Appends d events and c censored at time t to the runs (*run, *cap: grown as needed; t
 * not below the last run's), as one run with the last when its time equals t; returns
 * the number of runs. */
size_t stats_km_run_add(struct km_run **run, size_t *cap, size_t nruns, double t, size_t d,
			size_t c);

#endif
