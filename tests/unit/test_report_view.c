/* Unit tests of the page's language in lib/report_view.c (numbers and dates written the
 * English or the Dutch way, by report_view.lang) and of the ticks of lib/svg.c; the
 * expected texts are written out by hand. */
#include <stdio.h>
#include <string.h>

#include "date.h"
#include "report_view.h"
#include "svg.h"

static int failed;

static void check(const char *name, const char *got, const char *want)
{
	int ok = strcmp(got, want) == 0;

	printf("%s - %s\n", ok ? "ok" : "not ok", name);
	if (!ok) {
		printf("#   got '%s', want '%s'\n", got, want);
		failed = 1;
	}
}

static void test_numbers(void)
{
	struct report_view en = { 0 }, nl = { 0 }, nlbe = { 0 }, nld = { 0 };
	char b[64];

	nl.lang = "nl";
	nlbe.lang = "nl-BE";
	nld.lang = "nld"; /* not Dutch by this rule: a tag is nl or nl-REGION */
	check("number: no language is English", report_number(&en, 12.25, 1, b, sizeof b), "12.2");
	check("number: Dutch decimal comma", report_number(&nl, 12.26, 1, b, sizeof b), "12,3");
	check("number: nl-BE is Dutch", report_number(&nlbe, 0.5, 2, b, sizeof b), "0,50");
	check("number: nld is not Dutch", report_number(&nld, 0.5, 1, b, sizeof b), "0.5");
	check("number: whole", report_number(&nl, 1234, 0, b, sizeof b), "1234");
	check("number: no -0,0", report_number(&nl, -0.01, 1, b, sizeof b), "0,0");
	check("number: negative", report_number(&nl, -2.5, 1, b, sizeof b), "-2,5");
	check("number: NaN is empty", report_number(&nl, 0.0 / 0.0, 1, b, sizeof b), "");
}

static void test_dates(void)
{
	struct report_view en = { 0 }, nl = { 0 };
	char b[64];

	en.lang = "en";
	nl.lang = "nl";
	check("date: English ISO", report_date(&en, date_from_ymd(2026, 12, 1), b, sizeof b),
	      "2026-12-01");
	check("date: Dutch", report_date(&nl, date_from_ymd(2026, 12, 1), b, sizeof b),
	      "1 december 2026");
	check("date: Dutch March", report_date(&nl, date_from_ymd(2024, 3, 31), b, sizeof b),
	      "31 maart 2024");
	check("month: English", report_month(&en, date_from_ymd(2025, 5, 17), b, sizeof b),
	      "2025-05");
	check("month: Dutch", report_month(&nl, date_from_ymd(2025, 5, 17), b, sizeof b),
	      "mei 2025");
}

/* The step for an axis to max: the smallest of 1, 2, 5 times a power of ten with max /
 * step <= 5, so three to six ticks with 0. */
static void test_ticks(void)
{
	static const struct {
		double max;
		const char *step;
	} cases[] = {
		{ 28, "10" },                                /* 28/5 = 5.6: 10 gives 0 10 20 30 */
		{ 100, "20" },                               /* 0 20 40 60 80 100 */
		{ 56, "20" },                                /* 56/10 > 5, 56/20 = 2.8 */
		{ 3, "1" },                                  /* 0 1 2 3 */
		{ 0.7, "0.2" }, { 1000, "200" }, { 0, "1" }, /* no values: one step */
	};
	char b[32], name[64];
	size_t i;

	for (i = 0; i < sizeof cases / sizeof *cases; i++) {
		snprintf(b, sizeof b, "%g", svg_tick_step(cases[i].max));
		snprintf(name, sizeof name, "tick step for %g", cases[i].max);
		check(name, b, cases[i].step);
	}
}

int main(void)
{
	test_numbers();
	test_dates();
	test_ticks();
	return failed;
}
