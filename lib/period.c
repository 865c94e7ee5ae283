/* period: spans of days named as people name them.  The clock is read in one place,
 * period_today, so that every command that says "last month" agrees on it. */
#include "period.h"

#include <stdint.h>
#include <string.h>
#include <time.h>

#include "diag.h"

/* Exactly n digits as a number; -1 when any is not a digit. */
static int digits(const char *s, size_t n)
{
	int v = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

kday period_month_end(int y, int m)
{
	return m == 12 ? date_from_ymd(y, 12, 31) : date_from_ymd(y, m + 1, 1) - 1;
}

/* The month, quarter or year (form) that holds today, or the one back before it. */
static int relative(int form, int back, kday today, struct period *p)
{
	int y, m, d;

	date_to_ymd(today, &y, &m, &d);
	if (form == PERIOD_YEAR) {
		y -= back;
		if (y < 1)
			return -1;
		p->from = date_from_ymd(y, 1, 1);
		p->to = date_from_ymd(y, 12, 31);
		return 0;
	}
	if (form == PERIOD_QUARTER)
		m = (m - 1) / 3 * 3 + 1 - 3 * back;
	else
		m -= back;
	if (m < 1) {
		m += 12;
		y--;
	}
	if (y < 1)
		return -1;
	p->from = date_from_ymd(y, m, 1);
	p->to = period_month_end(y, form == PERIOD_QUARTER ? m + 2 : m);
	return 0;
}

int period_term(const char *s, size_t n, int forms, kday today, struct period *p)
{
	static const struct {
		const char *word;
		int form, back;
		/* clang-format off */
	} rel[] = {
		{ "this-month", PERIOD_MONTH, 0 },     { "last-month", PERIOD_MONTH, 1 },
		{ "this-quarter", PERIOD_QUARTER, 0 }, { "last-quarter", PERIOD_QUARTER, 1 },
		{ "this-year", PERIOD_YEAR, 0 },       { "last-year", PERIOD_YEAR, 1 },
	};
	/* clang-format on */
	int y, m, d;
	size_t i;

	/* Plain "this" and "last" say which form only when one form is allowed. */
	if (n == 4 && (memcmp(s, "this", 4) == 0 || memcmp(s, "last", 4) == 0)) {
		if (forms != PERIOD_MONTH && forms != PERIOD_QUARTER && forms != PERIOD_YEAR)
			return -1;
		return relative(forms, s[0] == 'l', today, p);
	}
	for (i = 0; i < sizeof rel / sizeof *rel; i++)
		if (n == strlen(rel[i].word) && memcmp(s, rel[i].word, n) == 0)
			return forms & rel[i].form ? relative(rel[i].form, rel[i].back, today, p)
						   : -1;
	if (n < 4 || (y = digits(s, 4)) < 1)
		return -1;
	if (n == 4 && (forms & PERIOD_YEAR)) {
		p->from = date_from_ymd(y, 1, 1);
		p->to = date_from_ymd(y, 12, 31);
		return 0;
	}
	if (n == 7 && (forms & PERIOD_QUARTER) && s[4] == '-' && s[5] == 'Q' && s[6] >= '1' &&
	    s[6] <= '4') {
		int q = s[6] - '0';

		p->from = date_from_ymd(y, 3 * q - 2, 1);
		p->to = period_month_end(y, 3 * q);
		return 0;
	}
	if (n == 7 && (forms & PERIOD_MONTH) && s[4] == '-' && (m = digits(s + 5, 2)) >= 1 &&
	    m <= 12) {
		p->from = date_from_ymd(y, m, 1);
		p->to = period_month_end(y, m);
		return 0;
	}
	if (n == 10 && (forms & PERIOD_DAY) && s[4] == '-' && s[7] == '-' &&
	    (m = digits(s + 5, 2)) >= 0 && (d = digits(s + 8, 2)) >= 0 && date_valid(y, m, d)) {
		p->from = p->to = date_from_ymd(y, m, d);
		return 0;
	}
	return -1;
}

int period_parse(const char *s, kday today, struct period *p)
{
	const char *dots = strstr(s, "..");
	struct period a = { INT32_MIN, INT32_MAX }, b = { INT32_MIN, INT32_MAX };

	if (!dots)
		return period_term(s, strlen(s), PERIOD_ANY, today, p);
	if (dots == s && !dots[2])
		return -1;
	if (dots > s && period_term(s, (size_t)(dots - s), PERIOD_ANY, today, &a) != 0)
		return -1;
	if (dots[2] && period_term(dots + 2, strlen(dots + 2), PERIOD_ANY, today, &b) != 0)
		return -1;
	/* A span that ends before it begins is a slip, not an empty period. */
	if (a.from > b.to)
		return -1;
	p->from = a.from;
	p->to = b.to;
	return 0;
}

kday period_today(const char *opt, const char *s)
{
	time_t t;
	struct tm tm;
	kday day;
	int sec;

	if (s) {
		if (date_parse_iso(s, strlen(s), &day, &sec) != 0 || sec >= 0)
			usage_error("%s: not a date (YYYY-MM-DD): '%s'", opt, s);
		return day;
	}
	/* The one place where keten reads the clock: the local date, as cron sees it. */
	t = time(NULL);
	if (!localtime_r(&t, &tm))
		die("cannot read the date of today");
	return date_from_ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

void period_case_init(struct period_case *c)
{
	memset(c, 0, sizeof *c);
}

void period_case_add(struct period_case *c, const struct period *p, kday day, int ms, int order,
		     int terminal)
{
	if (day > p->to)
		return;
	if (day >= p->from) {
		c->inside = 1;
		return;
	}
	/* Later in the order, or equal and later in the input: the latest so far. */
	if (c->before &&
	    (day < c->day || (day == c->day && (ms < c->ms || (ms == c->ms && order < c->order)))))
		return;
	c->before = 1;
	c->day = day;
	c->ms = ms;
	c->order = order;
	c->terminal = (unsigned char)(terminal != 0);
}

int period_case_in(const struct period_case *c)
{
	return c->inside || (c->before && !c->terminal);
}
