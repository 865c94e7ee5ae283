/* Unit tests of stats_sort (lib/stats.c), the sort under every quantile of keten: its
 * order is that of the C library's qsort, bit for bit, for few values and many, whole
 * days and fractions, negative values, ties and infinities.  The values come from a fixed
 * linear congruential sequence, so that every run sees the same data. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "stats.h"

static unsigned long seed = 777;

static unsigned next(unsigned n)
{
	return lcg_below(&seed, n);
}

/* A value of kind k: whole days, fractions of days, values of both signs, a few values
 * over and over, or huge and infinite ones among small ones. */
static double value(int k)
{
	switch (k) {
	case 0:
		return (double)next(400);
	case 1:
		return (double)next(400000) / 1440.0;
	case 2:
		return ((double)next(2000000) - 1000000.0) / 7.0;
	case 3:
		return (double)next(3) * 0.5;
	default:
		switch (next(6)) {
		case 0:
			return INFINITY;
		case 1:
			return -INFINITY;
		case 2:
			return 1e300 * (double)next(10);
		case 3:
			/* Not 0 times: -0 and 0 are equal, and their order is any. */
			return -1e-300 * (double)(1 + next(10));
		default:
			return (double)next(100);
		}
	}
}

/* Sorts n values of kind k with stats_sort and with qsort: the same bits in the same
 * order. */
static int same_as_qsort(size_t n, int k)
{
	double *x = malloc((n + 1) * sizeof *x), *y = malloc((n + 1) * sizeof *y);
	size_t i;
	int same;

	for (i = 0; i < n; i++)
		x[i] = y[i] = value(k);
	stats_sort(x, n);
	qsort(y, n, sizeof *y, cmp_double);
	same = memcmp(x, y, n * sizeof *x) == 0;
	free(x);
	free(y);
	return same;
}

int main(void)
{
	static const char *kind[] = { "whole days", "fractions", "both signs", "ties",
				      "infinities and extremes" };
	static const size_t size[] = { 0, 1, 2, 63, 64, 65, 300, 5000, 200000 };
	char name[128];
	size_t s;
	int k;

	for (k = 0; k < 5; k++)
		for (s = 0; s < sizeof size / sizeof *size; s++) {
			snprintf(name, sizeof name, "%s, %zu values: the order of qsort", kind[k],
				 size[s]);
			check(same_as_qsort(size[s], k), name);
		}
	return failed;
}
