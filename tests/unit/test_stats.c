/* Unit tests of lib/stats.c.  The expected values come from R 4.2 (Debian 12):
 * quantile(x, type = 7), sd(x), and survival 3.4's quantile(survfit(Surv(t, s) ~ 1),
 * c(.5, .9)), as written next to each case (the cases from "last event on p90" on from
 * R 4.2.2 with survival 3.5.3, quantile(survfit(Surv(t, s) ~ 1), c(.5, .9),
 * conf.int = FALSE)); the median intervals from the order-statistic
 * table for n = 10 (x(2), x(9): coverage 97.9%) and pbinom in R for the others. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "stats.h"

static int failed;

static void check(const char *name, double got, double want)
{
	int ok = (isnan(want) && isnan(got)) || fabs(got - want) < 1e-9;

	printf("%s - %s", ok ? "ok" : "not ok", name);
	if (!ok) {
		printf(": got %.10g, want %.10g", got, want);
		failed = 1;
	}
	printf("\n");
}

static void km(const char *name, const double *t, const int *ev, size_t n, double med, double p90)
{
	struct km_obs obs[32];
	static const double probs[2] = { 0.5, 0.9 };
	double out[2];
	char buf[128];
	size_t i;

	for (i = 0; i < n; i++) {
		obs[i].t = t[i];
		obs[i].event = ev[i];
	}
	stats_km(obs, n, probs, out, 2);
	snprintf(buf, sizeof buf, "km median %s", name);
	check(buf, out[0], med);
	snprintf(buf, sizeof buf, "km p90 %s", name);
	check(buf, out[1], p90);
}

int main(void)
{
	double x[] = { 7, 1, 3, 10, 4, 2, 8, 5, 9, 6 };
	double y[] = { 2.5, 0.5, 4 };
	double lo, hi;

	stats_sort(x, 10);
	/* quantile(1:10, c(.25, .5, .9), type = 7) = 3.25 5.5 9.1 */
	check("quantile p25 of 1..10", stats_quantile(x, 10, 0.25), 3.25);
	check("quantile median of 1..10", stats_quantile(x, 10, 0.5), 5.5);
	check("quantile p90 of 1..10", stats_quantile(x, 10, 0.9), 9.1);
	check("quantile of nothing", stats_quantile(x, 0, 0.5), NAN);
	stats_sort(y, 3);
	/* quantile(c(.5, 2.5, 4), .75, type = 7) = 3.25 */
	check("quantile p75 of 3 values", stats_quantile(y, 3, 0.75), 3.25);
	/* mean(1:10) = 5.5, sd(1:10) = 3.0276503540974917 (R) */
	check("mean of 1..10", stats_mean(x, 10), 5.5);
	{
		/* The runs of keten waits: 1..10 once each gives R's sd(1:10); 1 three times and
		 * 2 once has mean 1.25 and sd sqrt((3 * 0.25^2 + 0.75^2) / 3) = 0.5 by hand. */
		static const size_t once[10] = { 1, 1, 1, 1, 1, 1, 1, 1, 1, 1 }, c31[2] = { 3, 1 };
		static const double v12[2] = { 1, 2 };
		double mean, sd;

		stats_mean_sd_runs(x, once, 10, &mean, &sd);
		check("runs: mean of 1..10", mean, 5.5);
		check("runs: sd of 1..10", sd, 3.0276503540974917);
		stats_mean_sd_runs(v12, c31, 2, &mean, &sd);
		check("runs: mean of 1,1,1,2", mean, 1.25);
		check("runs: sd of 1,1,1,2", sd, 0.5);
		stats_mean_sd_runs(x, once, 1, &mean, &sd);
		check("runs: sd of one value", sd, NAN);
	}

	/* n = 10: P(B <= 1) = 0.0107 <= 0.025 < P(B <= 2) = 0.0547, so j = 2: [x(2), x(9)]. */
	stats_median_ci(x, 10, 0.95, &lo, &hi);
	check("median ci low n=10", lo, 2);
	check("median ci high n=10", hi, 9);
	/* n = 5: P(B <= 0) = 0.03125 > 0.025: no 95% interval exists. */
	stats_median_ci(x, 5, 0.95, &lo, &hi);
	check("median ci n=5 too small", lo, NAN);
	/* n = 6: P(B <= 0) = 0.015625 <= 0.025 < P(B <= 1): j = 1, [x(1), x(6)]. */
	stats_median_ci(x, 6, 0.95, &lo, &hi);
	check("median ci low n=6", lo, 1);
	check("median ci high n=6", hi, 6);

	{
		/* R: 2.5 4 (S = 0.5 exactly after t = 2: the midpoint to the next event) */
		const double t1[] = { 1, 2, 3, 4 };
		const int e1[] = { 1, 1, 1, 1 };
		/* R: 5.5 9.5 */
		const double t2[] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 };
		const int e2[] = { 1, 1, 1, 1, 1, 1, 1, 1, 1, 1 };
		/* R: 3 5 */
		const double t3[] = { 1, 2, 2, 3, 4, 5 };
		const int e3[] = { 1, 0, 1, 1, 0, 1 };
		/* R: 9 NA */
		const double t4[] = { 5, 5, 6, 8, 8, 9, 12, 15 };
		const int e4[] = { 1, 1, 0, 1, 0, 1, 1, 0 };
		/* R: 3 NA (S = 0.5 exactly and never lower: the time itself) */
		const double t5[] = { 3, 3, 3, 3 };
		const int e5[] = { 1, 1, 0, 0 };

		/* R: 5.5 14 (S = 0.1 exactly at the last event, t = 9: the midpoint to the
		 * largest time, the case still open at 19) */
		const double t6[] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 19 };
		const int e6[] = { 1, 1, 1, 1, 1, 1, 1, 1, 1, 0 };
		/* R: 5 NA (S = 0.5 at the last event, t = 2; the largest time is 8) */
		const double t7[] = { 1, 2, 5, 8 };
		const int e7[] = { 1, 1, 0, 0 };
		/* R: 3.5 5 (S = 0.5 from t = 2; a censoring at 3 is no drop; S falls at 5) */
		const double t8[] = { 1, 2, 3, 5 };
		const int e8[] = { 1, 1, 0, 1 };
		/* R: 2 NA (S = 0.5 at t = 2, the largest time too, censored there) */
		const double t9[] = { 1, 2, 2, 2 };
		const int e9[] = { 1, 1, 0, 0 };
		/* R: 8.5 NA (S = 0.5 at t = 6 with a censoring tied there; S falls at 11) */
		const double t10[] = { 2, 4, 4, 6, 6, 6, 9, 11, 15, 30 };
		const int e10[] = { 1, 1, 1, 0, 1, 1, 0, 1, 0, 0 };
		/* R: 2.5 NA (fractions, as waits in hours give) */
		const double t11[] = { 0.5, 1.5, 2.5, 2.5, 4, 7.25 };
		const int e11[] = { 1, 0, 1, 1, 0, 0 };

		km("four events", t1, e1, 4, 2.5, 4);
		km("ten events", t2, e2, 10, 5.5, 9.5);
		km("ties with censoring", t3, e3, 6, 3, 5);
		km("censored tail", t4, e4, 8, 9, NAN);
		km("flat at one half", t5, e5, 4, 3, NAN);
		km("last event on p90, open case after", t6, e6, 10, 5.5, 14);
		km("last event on the median", t7, e7, 4, 5, NAN);
		km("censoring inside the flat stretch", t8, e8, 4, 3.5, 5);
		km("last event tied with the largest time", t9, e9, 4, 2, NAN);
		km("censoring tied at the flat start", t10, e10, 10, 8.5, NAN);
		km("fractional times", t11, e11, 6, 2.5, NAN);
		km("nothing", t5, e5, 0, NAN, NAN);
	}
	return failed;
}
