/* stats: the statistics of keten-waits(1), Output columns, over GSL where GSL has them. */
#include "stats.h"

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_statistics_double.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "sort.h"

/* The bits of a double, u, as an unsigned key in the order of the values: a positive
 * value's bits already sort so with the sign bit set above them, a negative one's sort
 * backwards. */
static uint64_t sort_key(uint64_t u)
{
	return u >> 63 ? ~u : u | (uint64_t)1 << 63;
}

static uint64_t key_bits(uint64_t k)
{
	return k >> 63 ? k & ~((uint64_t)1 << 63) : ~k;
}

/* The 64 bits at p, as a double's bits or a key. */
static inline uint64_t bits_at(const double *p)
{
	uint64_t u;

	memcpy(&u, p, sizeof u);
	return u;
}

static inline void put_bits(double *p, uint64_t u)
{
	memcpy(p, &u, sizeof u);
}

/* An LSD radix sort on the bytes of the keys, skipping a byte that all keys share (whole
 * days differ in their top bytes only): linear in n, where GSL's heapsort took most of the
 * time of keten report's trend, bottlenecks and klantreis.  The keys are kept in place of
 * the values (as bits, moved with memcpy) and tmp takes each pass.  Equal values are the
 * same bits but for -0 and 0, which no wait is (it puts -0 first), so the order is that
 * of any sort. */
void stats_sort_tmp(double *x, size_t n, double *tmp)
{
	size_t count[256], i, j, sum;
	int shift;

	if (n < 64) {
		/* Insertion sort: the small rows are the many. */
		for (i = 1; i < n; i++) {
			double v = x[i];

			for (j = i; j > 0 && x[j - 1] > v; j--)
				x[j] = x[j - 1];
			x[j] = v;
		}
		return;
	}
	for (i = 0; i < n; i++)
		put_bits(&x[i], sort_key(bits_at(&x[i])));
	for (shift = 0; shift < 64; shift += 8) {
		memset(count, 0, sizeof count);
		for (i = 0; i < n; i++)
			count[(bits_at(&x[i]) >> shift) & 0xFF]++;
		if (count[(bits_at(&x[0]) >> shift) & 0xFF] == n)
			continue;
		for (i = 0, sum = 0; i < 256; i++) {
			size_t k = count[i];

			count[i] = sum;
			sum += k;
		}
		for (i = 0; i < n; i++)
			memcpy(&tmp[count[(bits_at(&x[i]) >> shift) & 0xFF]++], &x[i], sizeof *x);
		memcpy(x, tmp, n * sizeof *x);
	}
	for (i = 0; i < n; i++)
		put_bits(&x[i], key_bits(bits_at(&x[i])));
}

void stats_sort(double *x, size_t n)
{
	double *tmp = n < 64 ? NULL : xmalloc(n * sizeof *tmp);

	stats_sort_tmp(x, n, tmp);
	free(tmp);
}

double stats_quantile(const double *sorted, size_t n, double p)
{
	if (n == 0)
		return NAN;
	/* GSL's interpolation is R's type 7: (1 - g) x[i] + g x[i + 1], i + g = (n - 1) p. */
	return gsl_stats_quantile_from_sorted_data(sorted, 1, n, p);
}

/* A compensated sum (Neumaier's form of Kahan's): the error stays near one rounding
 * whatever n is, without a division per value.  GSL's running mean divides once per value
 * and its standard deviation takes the mean again; over the millions of waits of one row
 * (and again in keten merge, which rebuilds them from counts) that was most of the time
 * the statistics took.  (The mean and sd of keten waits go over runs of equal values:
 * stats_mean_sd_runs.) */
static double sum_of(const double *x, size_t n)
{
	double s = 0, c = 0, t, v;
	size_t i;

	for (i = 0; i < n; i++) {
		v = x[i];
		t = s + v;
		c += fabs(s) >= fabs(v) ? (s - t) + v : (v - t) + s;
		s = t;
	}
	return s + c;
}

void stats_mean_sd_runs(const double *v, const size_t *c, size_t nruns, double *mean, double *sd)
{
	double s = 0, e = 0, t, x, m;
	size_t i, n = 0;

	*mean = *sd = NAN;
	for (i = 0; i < nruns; i++)
		n += c[i];
	if (n == 0)
		return;
	/* Neumaier's compensated sum, as sum_of, over the products value x count. */
	for (i = 0; i < nruns; i++) {
		x = v[i] * (double)c[i];
		t = s + x;
		e += fabs(s) >= fabs(x) ? (s - t) + x : (x - t) + s;
		s = t;
	}
	m = (s + e) / (double)n;
	*mean = m;
	if (n < 2)
		return;
	s = e = 0;
	for (i = 0; i < nruns; i++) {
		x = (v[i] - m) * (v[i] - m) * (double)c[i];
		t = s + x;
		e += fabs(s) >= fabs(x) ? (s - t) + x : (x - t) + s;
		s = t;
	}
	*sd = sqrt((s + e) / (double)(n - 1));
}

double stats_mean(const double *x, size_t n)
{
	return n ? sum_of(x, n) / (double)n : NAN;
}

void stats_median_ci(const double *sorted, size_t n, double level, double *lo, double *hi)
{
	double alpha2 = (1 - level) / 2;
	unsigned j = 0, top = (unsigned)(n / 2);

	*lo = *hi = NAN;
	if (n == 0)
		return;
	/* The largest j <= n / 2 with P(B <= j - 1) <= alpha/2; the interval is [x(j),
	 * x(n - j + 1)].  P(B <= j) grows with j, so j is found by bisection: a step per
	 * value, as before, cost a binomial CDF per wait of a row of millions (merge, on one
	 * core, spent nine tenths of its time there). */
	while (j < top) {
		unsigned mid = j + (top - j) / 2;

		if (gsl_cdf_binomial_P(mid, 0.5, (unsigned)n) <= alpha2)
			j = mid + 1;
		else
			top = mid;
	}
	if (j == 0)
		return;
	*lo = sorted[j - 1];
	*hi = sorted[n - j];
}

static int cmp_obs(const void *a, const void *b, void *ctx)
{
	const struct km_obs *x = a, *y = b;

	(void)ctx;

	if (x->t != y->t)
		return x->t < y->t ? -1 : 1;
	/* Events before censorings at the same time: those censored then were still at risk. */
	return y->event - x->event;
}

void stats_km_runs(const struct km_run *run, size_t nruns, const double *probs, double *out,
		   size_t nprobs)
{
	size_t i, k, at_risk = 0;
	double s = 1;
	/* For each quantile: the time where S first fell to the threshold, or NaN; state 1
	 * while S sits on the threshold (within R's tolerance), 2 once the answer is known. */
	const double tol = 1.4901161193847656e-08; /* sqrt(DBL_EPSILON), R's tolerance */
	int *state = xcalloc(nprobs ? nprobs : 1, sizeof *state);

	for (k = 0; k < nprobs; k++)
		out[k] = NAN;
	for (i = 0; i < nruns; i++)
		at_risk += run[i].d + run[i].c;
	for (i = 0; i < nruns; i++) {
		double t = run[i].t;
		size_t d = run[i].d;

		if (d) {
			s *= 1 - (double)d / (double)at_risk;
			for (k = 0; k < nprobs; k++) {
				double target = 1 - probs[k];

				if (state[k] == 2)
					continue;
				if (state[k] == 1) {
					/* S sat on the target: the interval ends where S falls
					 * below it, at the midpoint of the two times. */
					if (s <= target - tol) {
						out[k] = (out[k] + t) / 2;
						state[k] = 2;
					}
				} else if (s <= target + tol) {
					out[k] = t;
					state[k] = s > target - tol ? 1 : 2;
				}
			}
		}
		at_risk -= d + run[i].c;
	}
	/* S stays on the target to the end: survfit takes the midpoint to the largest time
	 * observed, censored or not (survival:::findq, its "lastpt"). */
	for (k = 0; k < nprobs; k++)
		if (state[k] == 1 && nruns)
			out[k] = (out[k] + run[nruns - 1].t) / 2;
	free(state);
}

size_t stats_km_run_add(struct km_run **run, size_t *cap, size_t nruns, double t, size_t d,
			size_t c)
{
	/* Equal times are one run whatever their sign (0 and -0), as stats_km groups them. */
	if (nruns && (*run)[nruns - 1].t == t) {
		(*run)[nruns - 1].d += d;
		(*run)[nruns - 1].c += c;
		return nruns;
	}
	xgrow(run, cap, nruns + 1, sizeof **run);
	(*run)[nruns].t = t;
	(*run)[nruns].d = d;
	(*run)[nruns].c = c;
	return nruns + 1;
}

size_t stats_km_group(struct km_obs *obs, size_t n, struct km_run **runp)
{
	struct km_run *run = NULL;
	size_t k, nruns = 0, cap = 0;

	/* Callers that build obs in order skip the sort. */
	for (k = 1; k < n; k++)
		if (cmp_obs(&obs[k - 1], &obs[k], NULL) > 0)
			break;
	/* A stable sort: ties (0 and -0 among them) keep their order on every C library. */
	if (k < n)
		sort_r(obs, n, sizeof *obs, cmp_obs, NULL);
	for (k = 0; k < n; k++)
		nruns = stats_km_run_add(&run, &cap, nruns, obs[k].t, obs[k].event != 0,
					 obs[k].event == 0);
	*runp = run;
	return nruns;
}

void stats_km(struct km_obs *obs, size_t n, const double *probs, double *out, size_t nprobs)
{
	struct km_run *run = NULL;
	size_t nruns = stats_km_group(obs, n, &run);

	stats_km_runs(run, nruns, probs, out, nprobs);
	free(run);
}
