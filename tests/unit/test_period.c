/* Unit tests of lib/period.c: each form of a term, "this" and "last" across the turn of
 * a year, month ends and leap days, open ends, and what is not a period.  The expected
 * spans are written out by hand from the calendar.  Run from tests/. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "harness.h"
#include "period.h"

static kday day(const char *s)
{
	kday d;
	int sec;

	if (date_parse_iso(s, strlen(s), &d, &sec) != 0) {
		fprintf(stderr, "bad test date %s\n", s);
		return 0;
	}
	return d;
}

/* A term of forms seen from today gives from..to (NULL: an open end). */
static void term(const char *s, int forms, const char *today, const char *from, const char *to)
{
	struct period p = { 0, 0 };
	char name[160];
	int ok = period_term(s, strlen(s), forms, day(today), &p) == 0 && p.from == day(from) &&
		 p.to == day(to);

	snprintf(name, sizeof name, "period_term '%s' (forms %d, today %s) is %s..%s", s, forms,
		 today, from, to);
	check(ok, name);
}

static void bad_term(const char *s, int forms)
{
	struct period p;
	char name[160];

	snprintf(name, sizeof name, "period_term '%s' (forms %d) is refused", s, forms);
	check(period_term(s, strlen(s), forms, day("2026-11-15"), &p) == -1, name);
}

static void parse(const char *s, const char *from, const char *to)
{
	struct period p = { 0, 0 };
	char name[160];
	int ok = period_parse(s, day("2026-11-15"), &p) == 0 &&
		 p.from == (from ? day(from) : INT32_MIN) && p.to == (to ? day(to) : INT32_MAX);

	snprintf(name, sizeof name, "period_parse '%s' is %s..%s", s, from ? from : "",
		 to ? to : "");
	check(ok, name);
}

int main(void)
{
	struct period p;

	term("2026-10", PERIOD_MONTH, "2000-01-01", "2026-10-01", "2026-10-31");
	term("2024-02", PERIOD_MONTH, "2000-01-01", "2024-02-01", "2024-02-29");
	term("2100-02", PERIOD_MONTH, "2000-01-01", "2100-02-01", "2100-02-28");
	term("2026-12", PERIOD_ANY, "2000-01-01", "2026-12-01", "2026-12-31");
	term("2026-Q1", PERIOD_QUARTER, "2000-01-01", "2026-01-01", "2026-03-31");
	term("2026-Q4", PERIOD_ANY, "2000-01-01", "2026-10-01", "2026-12-31");
	term("2026", PERIOD_YEAR, "2000-01-01", "2026-01-01", "2026-12-31");
	term("2024-02-29", PERIOD_DAY, "2000-01-01", "2024-02-29", "2024-02-29");
	term("last", PERIOD_MONTH, "2026-11-01", "2026-10-01", "2026-10-31");
	term("last", PERIOD_MONTH, "2026-01-31", "2025-12-01", "2025-12-31");
	term("last", PERIOD_MONTH, "2024-03-31", "2024-02-01", "2024-02-29");
	term("this", PERIOD_MONTH, "2026-12-31", "2026-12-01", "2026-12-31");
	term("last", PERIOD_QUARTER, "2026-02-10", "2025-10-01", "2025-12-31");
	term("this", PERIOD_QUARTER, "2026-08-10", "2026-07-01", "2026-09-30");
	term("last", PERIOD_YEAR, "2026-01-01", "2025-01-01", "2025-12-31");
	term("last-month", PERIOD_ANY, "2026-01-15", "2025-12-01", "2025-12-31");
	term("this-quarter", PERIOD_ANY, "2026-11-15", "2026-10-01", "2026-12-31");
	term("last-year", PERIOD_YEAR | PERIOD_MONTH, "2026-11-15", "2025-01-01", "2025-12-31");

	bad_term("this", PERIOD_ANY);
	bad_term("last", PERIOD_DAY);
	bad_term("last-month", PERIOD_YEAR);
	bad_term("2026-13", PERIOD_MONTH);
	bad_term("2026-00", PERIOD_MONTH);
	bad_term("2026-1", PERIOD_MONTH);
	bad_term("2026-10", PERIOD_YEAR | PERIOD_DAY);
	bad_term("2026-Q5", PERIOD_QUARTER);
	bad_term("2026-02-30", PERIOD_DAY);
	bad_term("0000", PERIOD_YEAR);
	bad_term("26-10", PERIOD_ANY);
	bad_term("2026-10 ", PERIOD_MONTH);
	bad_term("", PERIOD_ANY);
	check(period_term("last", 4, PERIOD_YEAR, day("0001-06-01"), &p) == -1,
	      "period_term 'last' year before year 1 is refused");

	parse("2026-10", "2026-10-01", "2026-10-31");
	parse("2026-10..2026-Q4", "2026-10-01", "2026-12-31");
	parse("2026-10-05..", "2026-10-05", NULL);
	parse("..last-month", NULL, "2026-10-31");
	check(period_parse("..", day("2026-11-15"), &p) == -1, "period_parse '..' is refused");
	check(period_parse("2026..x", day("2026-11-15"), &p) == -1,
	      "period_parse '2026..x' is refused");
	check(period_today("--today", "2026-11-01") == day("2026-11-01"),
	      "period_today takes the date given");
	check(period_month_end(2023, 2) == day("2023-02-28"), "period_month_end 2023-02");
	return failed;
}
