/* agree: inter-coder agreement statistics (percent agreement, Cohen's and Fleiss' kappa,
 * Krippendorff's alpha for nominal data), as keten-agree(1) defines them. */
#ifndef KETEN_AGREE_H
#define KETEN_AGREE_H

#include <stddef.h>

/* Units of analysis as a table of counts: row u says how many coders put the unit in
 * each of ncat categories (n[u * ncat + k]); coders who did not code the unit are simply
 * not counted, so rows may add up to different numbers.  w[u], when w is not NULL, is
 * the number of identical units that row u stands for. */
struct agree_units {
	size_t nrows;
	size_t ncat;
	const double *n;
	const double *w;
};

/* Each function returns NaN where the statistic is undefined (no usable unit, or a
 * chance term that leaves nothing to correct) and sets *units, when units is not NULL, to
 * the number of units it used. */

/* The mean over units coded by two or more coders of the share of agreeing pairs of
 * coders: sum_k n_uk (n_uk - 1) / (m_u (m_u - 1)), m_u the coders of unit u.  With two
 * coders: the share of units on which they agree. */
double agree_percent(const struct agree_units *t, double *units);

/* Fleiss' kappa (Fleiss 1971) over the units coded by exactly m coders. */
double agree_fleiss(const struct agree_units *t, int m, double *units);

/* Krippendorff's alpha for nominal data (Krippendorff 2011, "Computing Krippendorff's
 * Alpha-Reliability"): 1 - (n - 1) (n - sum_k o_kk) / (n^2 - sum_k n_k^2) over the
 * units coded by two or more coders, with o_kk = sum_u n_uk (n_uk - 1) / (m_u - 1),
 * n_k = sum_u n_uk and n = sum_k n_k. */
double agree_alpha_nominal(const struct agree_units *t, double *units);

/* Cohen's kappa (Cohen 1960) from an ncat x ncat table of counts: t[i * ncat + j] units
 * that the first coder put in category i and the second in j. */
double agree_cohen(const double *t, size_t ncat, double *units);

#endif
