/* Unit tests of lib/agree.c against published values: Krippendorff's own worked examples,
 * Fleiss' 1971 table as Wikipedia reproduces it, and the Cohen's kappa examples of
 * Wikipedia.  Run from tests/. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "agree.h"
#include "harness.h"

/* Whether x shows as want when rounded to three decimals, as published. */
static int near3(double x, double want)
{
	return fabs(x - want) < 0.0005 + 1e-12;
}

/* Krippendorff, K. (2011). Computing Krippendorff's Alpha-Reliability. Annenberg School
 * for Communication, University of Pennsylvania, section C: nominal data, four observers
 * A-D, twelve units, missing values (0 here), published alpha = 0.743. */
/* clang-format off */
static const int kripp[4][12] = {
	{ 1, 2, 3, 3, 2, 1, 4, 1, 2, 0, 0, 0 },
	{ 1, 2, 3, 3, 2, 2, 4, 1, 2, 5, 0, 3 },
	{ 0, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, 0 },
	{ 1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, 0 },
};
/* clang-format on */

/* The same paper, section A: binary data, two observers, ten units, alpha = 0.095. */
/* clang-format off */
static const int kripp_bin[2][10] = {
	{ 0, 1, 0, 0, 0, 0, 0, 0, 1, 0 },
	{ 1, 1, 1, 0, 0, 1, 0, 0, 0, 0 },
};
/* clang-format on */

/* Fleiss, J. L. (1971). Measuring nominal scale agreement among many raters.
 * Psychological Bulletin 76(5), 378-382; the worked example of Wikipedia's "Fleiss'
 * kappa" page: 10 subjects, 14 raters, 5 categories; P-bar = 0.378, P-bar-e = 0.213,
 * kappa = 0.210. */
/* clang-format off */
static const double fleiss[10][5] = {
	{ 0, 0, 0, 0, 14 },
	{ 0, 2, 6, 4, 2 },
	{ 0, 0, 3, 5, 6 },
	{ 0, 3, 9, 2, 0 },
	{ 2, 2, 8, 1, 1 },
	{ 7, 7, 0, 0, 0 },
	{ 3, 2, 6, 3, 0 },
	{ 2, 5, 3, 2, 2 },
	{ 6, 5, 2, 1, 0 },
	{ 0, 2, 2, 3, 7 },
};
/* clang-format on */

/* Counts per unit from a coders x units table of values 1..ncat (0: missing). */
static void to_counts(const int *v, size_t coders, size_t units, size_t ncat, double *n)
{
	size_t u, k;

	memset(n, 0, units * ncat * sizeof *n);
	for (k = 0; k < coders; k++)
		for (u = 0; u < units; u++)
			if (v[k * units + u])
				n[u * ncat + (size_t)v[k * units + u] - 1]++;
}

static void test_kripp(void)
{
	double n[12 * 5], units;
	struct agree_units t = { 12, 5, n, NULL };
	double a;

	to_counts(&kripp[0][0], 4, 12, 5, n);
	a = agree_alpha_nominal(&t, &units);
	check(near3(a, 0.743), "krippendorff 2011 nominal, 4 coders, missing data: 0.743");
	/* Unit 12 has one value only: it is not pairable and not counted. */
	check(units == 11, "krippendorff 2011: 11 pairable units");
}

static void test_kripp_binary(void)
{
	double n[10 * 2], units, tab[4] = { 0 };
	struct agree_units t = { 10, 2, n, NULL };
	size_t u;

	/* Values 0/1 become categories 1/2. */
	int v[2][10];
	for (u = 0; u < 10; u++) {
		v[0][u] = kripp_bin[0][u] + 1;
		v[1][u] = kripp_bin[1][u] + 1;
		tab[kripp_bin[0][u] * 2 + kripp_bin[1][u]]++;
	}
	to_counts(&v[0][0], 2, 10, 2, n);
	check(near3(agree_alpha_nominal(&t, &units), 0.095) && units == 10,
	      "krippendorff 2011 binary, 2 coders: 0.095");
	/* Hand computation: p_o = 6/10, p_e = 0.2 * 0.4 + 0.8 * 0.6 = 0.56,
	 * kappa = 0.04 / 0.44 = 0.0909. */
	check(near3(agree_cohen(tab, 2, &units), 0.091) && units == 10,
	      "cohen on krippendorff's binary data: 0.091 (hand computation)");
	/* Scott's pi, which Fleiss' kappa is for two coders: pooled share 6/20,
	 * p_e = 0.3^2 + 0.7^2 = 0.58, (0.6 - 0.58) / 0.42 = 0.0476. */
	check(near3(agree_fleiss(&t, 2, NULL), 0.048), "fleiss on two coders is scott's pi: 0.048");
	check(fabs(agree_percent(&t, NULL) - 0.6) < 1e-12, "percent agreement 6 of 10");
}

static void test_fleiss(void)
{
	struct agree_units t = { 10, 5, &fleiss[0][0], NULL };
	double units;

	check(near3(agree_fleiss(&t, 14, &units), 0.210) && units == 10,
	      "fleiss 1971 (wikipedia): kappa 0.210 over 10 subjects");
	check(near3(agree_percent(&t, NULL), 0.378), "fleiss 1971 (wikipedia): P-bar 0.378");
	/* Rows with another number of raters are left out. */
	check(isnan(agree_fleiss(&t, 13, &units)) && units == 0,
	      "fleiss: no unit with 13 raters gives NaN");
}

/* Wikipedia, "Cohen's kappa", section Examples: 50 grant proposals read by A and B.
 * Simple example: yes/yes 20, A yes B no 5, A no B yes 10, no/no 15: kappa = 0.4.
 * "Same percentages but different numbers": 45, 15, 25, 15 gives 0.1304 and
 * 25, 35, 5, 35 gives 0.2593. */
static void test_cohen(void)
{
	double a[4] = { 20, 5, 10, 15 }, b[4] = { 45, 15, 25, 15 }, c[4] = { 25, 35, 5, 35 };
	double units, same[4] = { 10, 0, 0, 0 };

	check(fabs(agree_cohen(a, 2, &units) - 0.4) < 1e-12 && units == 50,
	      "cohen (wikipedia): 0.4 over 50 units");
	check(fabs(agree_cohen(b, 2, NULL) - 0.1304) < 0.00005, "cohen (wikipedia): 0.1304");
	check(fabs(agree_cohen(c, 2, NULL) - 0.2593) < 0.00005, "cohen (wikipedia): 0.2593");
	/* Both coders always say yes: chance agreement is 1 and kappa undefined. */
	check(isnan(agree_cohen(same, 2, NULL)), "cohen without variation is NaN");
}

static void test_weights(void)
{
	/* The binary data of Krippendorff as four distinct rows with weights. */
	double n[4 * 2] = { 0, 2, 1, 1, 2, 0, 1, 1 }, w[4] = { 5, 3, 1, 1 }, units;
	struct agree_units t = { 4, 2, n, w };

	check(near3(agree_alpha_nominal(&t, &units), 0.095) && units == 10,
	      "alpha with weighted rows equals alpha of the units");
	check(fabs(agree_percent(&t, NULL) - 0.6) < 1e-12, "percent with weighted rows");
}

static void test_edges(void)
{
	double one[2] = { 1, 0 }, same[2 * 2] = { 3, 0, 2, 0 };
	struct agree_units t1 = { 1, 2, one, NULL }, t2 = { 2, 2, same, NULL };
	double units;

	check(isnan(agree_alpha_nominal(&t1, &units)) && units == 0,
	      "alpha: a unit of one value is not pairable");
	check(isnan(agree_percent(&t1, &units)) && units == 0, "percent: no pairable unit");
	check(isnan(agree_alpha_nominal(&t2, &units)) && units == 2,
	      "alpha without variation is undefined");
	check(agree_percent(&t2, NULL) == 1, "percent without variation is 1");
}

int main(void)
{
	test_kripp();
	test_kripp_binary();
	test_fleiss();
	test_cohen();
	test_weights();
	test_edges();
	return failed;
}
