/* agree: inter-coder agreement statistics over tables of counts per unit.
 *
 * All of them work on counts and not on the codings themselves, so that keten agree can
 * hand over a million units of presence and absence as a few rows with weights: the
 * statistics of a unit depend only on how many coders chose each category. */
#include "agree.h"

#include <math.h>
#include <stdlib.h>

#include "diag.h"

static double weight(const struct agree_units *t, size_t u)
{
	return t->w ? t->w[u] : 1;
}

static double coders(const struct agree_units *t, size_t u)
{
	double m = 0;
	size_t k;

	for (k = 0; k < t->ncat; k++)
		m += t->n[u * t->ncat + k];
	return m;
}

double agree_percent(const struct agree_units *t, double *units)
{
	double sum = 0, nu = 0;
	size_t u, k;

	for (u = 0; u < t->nrows; u++) {
		double m = coders(t, u), w = weight(t, u), pairs = 0;

		if (m < 2 || w <= 0)
			continue;
		for (k = 0; k < t->ncat; k++) {
			double x = t->n[u * t->ncat + k];
			pairs += x * (x - 1);
		}
		sum += w * pairs / (m * (m - 1));
		nu += w;
	}
	if (units)
		*units = nu;
	return nu > 0 ? sum / nu : NAN;
}

double agree_fleiss(const struct agree_units *t, int m, double *units)
{
	double nu = 0, pbar = 0, pe = 0, *pk = xcalloc(t->ncat + 1, sizeof *pk);
	size_t u, k;

	for (u = 0; u < t->nrows; u++) {
		double w = weight(t, u), s = 0;

		if (m < 2 || coders(t, u) != m || w <= 0)
			continue;
		for (k = 0; k < t->ncat; k++) {
			double x = t->n[u * t->ncat + k];
			pk[k] += w * x;
			s += x * x;
		}
		pbar += w * (s - m) / ((double)m * (m - 1));
		nu += w;
	}
	if (units)
		*units = nu;
	if (nu > 0) {
		pbar /= nu;
		for (k = 0; k < t->ncat; k++) {
			double pj = pk[k] / (nu * m);
			pe += pj * pj;
		}
	}
	free(pk);
	if (nu <= 0 || pe >= 1)
		return NAN;
	return (pbar - pe) / (1 - pe);
}

double agree_alpha_nominal(const struct agree_units *t, double *units)
{
	double nu = 0, n = 0, okk = 0, nk2 = 0, *nk = xcalloc(t->ncat + 1, sizeof *nk);
	size_t u, k;

	for (u = 0; u < t->nrows; u++) {
		double m = coders(t, u), w = weight(t, u);

		/* A unit with one value has no pair to compare: it is not pairable. */
		if (m < 2 || w <= 0)
			continue;
		for (k = 0; k < t->ncat; k++) {
			double x = t->n[u * t->ncat + k];
			okk += w * x * (x - 1) / (m - 1);
			nk[k] += w * x;
		}
		n += w * m;
		nu += w;
	}
	for (k = 0; k < t->ncat; k++)
		nk2 += nk[k] * nk[k];
	free(nk);
	if (units)
		*units = nu;
	/* Without variation in the values there is no disagreement to expect by chance. */
	if (nu <= 0 || n * n - nk2 <= 0)
		return NAN;
	return 1 - (n - 1) * (n - okk) / (n * n - nk2);
}

double agree_cohen(const double *t, size_t ncat, double *units)
{
	double n = 0, po = 0, pe = 0;
	size_t i, j;

	for (i = 0; i < ncat; i++)
		for (j = 0; j < ncat; j++)
			n += t[i * ncat + j];
	if (units)
		*units = n;
	if (n <= 0)
		return NAN;
	for (i = 0; i < ncat; i++) {
		double row = 0, col = 0;

		for (j = 0; j < ncat; j++) {
			row += t[i * ncat + j];
			col += t[j * ncat + i];
		}
		po += t[i * ncat + i];
		pe += (row / n) * (col / n);
	}
	po /= n;
	if (pe >= 1)
		return NAN;
	return (po - pe) / (1 - pe);
}
