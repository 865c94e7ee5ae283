/* date: ISO dates and times as day numbers, and the Dutch working-day calendar of the
 * Algemene termijnenwet (keten-model(7), Working days and deadlines; keten-calendar(1)).
 *
 * Day numbers count from 1970-01-01 in the proleptic Gregorian calendar; the conversions
 * are Howard Hinnant's days_from_civil and civil_from_days, which need no tables and no
 * loops.  keten waits counts working days between tens of millions of pairs of dates, so
 * the calendar keeps, for 1900-01-01 .. 2199-12-31, a table of the working days before
 * each day; a count is then two look-ups.  Dates outside that window are counted from
 * the weekday arithmetic and the holidays of each year between them.  The table belongs
 * to a struct calendar: cal_init builds it, cal_add_days builds it again, and the
 * functions that count only read it, so a calendar's state is in the object its user
 * holds.  This module reads no files (holidays.c does; HACKING.md, "Layers"). */
#include "date.h"

#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "sort.h"

/* The holidays of art. 3 in one year. */
#define NBUILTIN 9

static int is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int month_days(int y, int m)
{
	static const unsigned char dm[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	return m == 2 && is_leap(y) ? 29 : dm[m - 1];
}

int date_valid(int y, int m, int d)
{
	return y >= 1 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 && d <= month_days(y, m);
}

kday date_from_ymd(int y, int m, int d)
{
	/* The year is taken to start on 1 March so that the leap day is its last day. */
	long yy = m <= 2 ? (long)y - 1 : y;
	long era = (yy >= 0 ? yy : yy - 399) / 400;
	long yoe = yy - era * 400;
	long doy = (153L * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

	return (kday)(era * 146097 + doe - 719468);
}

void date_to_ymd(kday day, int *y, int *m, int *d)
{
	long z = (long)day + 719468;
	long era = (z >= 0 ? z : z - 146096) / 146097;
	long doe = z - era * 146097;
	long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	long mp = (5 * doy + 2) / 153;
	int mm = (int)(mp < 10 ? mp + 3 : mp - 9);

	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = mm;
	*y = (int)(yoe + era * 400 + (mm <= 2));
}

int date_weekday(kday day)
{
	/* 1970-01-01 was a Thursday (3). */
	int w = (int)(((long)day + 3) % 7);

	return w < 0 ? w + 7 : w;
}

/* The value of n ASCII digits, or -1 when one of them is not a digit. */
static int digits(const char *s, int n)
{
	int v = 0;

	while (n-- > 0) {
		if (*s < '0' || *s > '9')
			return -1;
		v = v * 10 + (*s++ - '0');
	}
	return v;
}

int date_parse_iso(const char *s, size_t n, kday *day, int *sec)
{
	int y, m, d, hh, mi, ss = 0;

	if (n != 10 && n != 16 && n != 19)
		return -1;
	y = digits(s, 4);
	m = digits(s + 5, 2);
	d = digits(s + 8, 2);
	if (y < 0 || m < 0 || d < 0 || s[4] != '-' || s[7] != '-' || !date_valid(y, m, d))
		return -1;
	if (n == 10) {
		*day = date_from_ymd(y, m, d);
		*sec = -1;
		return 0;
	}
	if ((s[10] != 'T' && s[10] != ' ') || s[13] != ':')
		return -1;
	hh = digits(s + 11, 2);
	mi = digits(s + 14, 2);
	if (n == 19) {
		if (s[16] != ':')
			return -1;
		ss = digits(s + 17, 2);
	}
	if (hh < 0 || hh > 23 || mi < 0 || mi > 59 || ss < 0 || ss > 59)
		return -1;
	*day = date_from_ymd(y, m, d);
	*sec = hh * 3600 + mi * 60 + ss;
	return 0;
}

void date_format(kday day, char *buf)
{
	int y, m, d;

	date_to_ymd(day, &y, &m, &d);
	/* Written by hand: this sits in the output loop of every command that prints dates.
	 * Years outside 1..9999 are clamped to four digits rather than overrun buf. */
	if (y < 0)
		y = 0;
	if (y > 9999)
		y = 9999;
	buf[0] = (char)('0' + y / 1000);
	buf[1] = (char)('0' + y / 100 % 10);
	buf[2] = (char)('0' + y / 10 % 10);
	buf[3] = (char)('0' + y % 10);
	buf[4] = '-';
	buf[5] = (char)('0' + m / 10);
	buf[6] = (char)('0' + m % 10);
	buf[7] = '-';
	buf[8] = (char)('0' + d / 10);
	buf[9] = (char)('0' + d % 10);
	buf[10] = '\0';
}

kday date_easter(int year)
{
	/* The anonymous Gregorian algorithm (Meeus, Astronomical Algorithms, ch. 8). */
	int a = year % 19, b = year / 100, c = year % 100;
	int d = b / 4, e = b % 4;
	int f = (b + 8) / 25, g = (b - f + 1) / 3;
	int h = (19 * a + b - d - g + 15) % 30;
	int i = c / 4, k = c % 4;
	int l = (32 + 2 * e + 2 * i - h - k) % 7;
	int m = (a + 11 * h + 22 * l) / 451;
	int month = (h + l - 7 * m + 114) / 31;
	int day = (h + l - 7 * m + 114) % 31 + 1;

	return date_from_ymd(year, month, day);
}

/* The working-day table: flag[i] tells whether t0 + i is a working day (DAY_WORK) or a
 * holiday (DAY_HOLIDAY), and cum[i] counts the working days in [t0, t0 + i). */
enum { DAY_WORK = 1, DAY_HOLIDAY = 2 };
#define TAB_Y0 1900
#define TAB_Y1 2200 /* first year not covered */

/* The holidays of art. 3 in year y, in date order (ties in the order of the law);
 * returns how many. */
static int builtin(int y, struct holiday *h)
{
	kday easter = date_easter(y);
	int n = 0, i, j;

	h[n++] = (struct holiday){ date_from_ymd(y, 1, 1), "Nieuwjaarsdag" };
	h[n++] = (struct holiday){ easter - 2, "Goede Vrijdag" };
	h[n++] = (struct holiday){ easter + 1, "Tweede Paasdag" };
	if (y >= 2014) {
		/* The King's birthday; on a Sunday it is kept the day before. */
		kday k = date_from_ymd(y, 4, 27);
		h[n++] = (struct holiday){ date_weekday(k) == 6 ? k - 1 : k, "Koningsdag" };
	} else {
		kday k = date_from_ymd(y, 4, 30);
		h[n++] = (struct holiday){ date_weekday(k) == 6 ? k - 1 : k, "Koninginnedag" };
	}
	h[n++] = (struct holiday){ date_from_ymd(y, 5, 5), "Bevrijdingsdag" };
	h[n++] = (struct holiday){ easter + 39, "Hemelvaartsdag" };
	h[n++] = (struct holiday){ easter + 50, "Tweede Pinksterdag" };
	h[n++] = (struct holiday){ date_from_ymd(y, 12, 25), "Eerste Kerstdag" };
	h[n++] = (struct holiday){ date_from_ymd(y, 12, 26), "Tweede Kerstdag" };
	/* Hemelvaartsdag can fall before Koningsdag or Bevrijdingsdag (or on it, as on
	 * 2016-05-05); a stable insertion sort keeps the order of the law on ties. */
	for (i = 1; i < n; i++) {
		struct holiday t = h[i];
		for (j = i; j > 0 && h[j - 1].day > t.day; j--)
			h[j] = h[j - 1];
		h[j] = t;
	}
	return n;
}

/* The index of the first added day of c on or after day. */
static size_t extra_from(const struct calendar *c, kday day)
{
	size_t lo = 0, hi = c->nextra;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (c->extra[mid].day < day)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* All holidays of year y in c (built-in, then added days that are not already holidays,
 * merged in date order) into h, which holds NBUILTIN + the added days of the year;
 * returns how many.  With h NULL it only counts. */
static int year_holidays(const struct calendar *c, int y, struct holiday *h)
{
	struct holiday b[NBUILTIN];
	int nb = builtin(y, b), n = 0, i = 0;
	kday end = date_from_ymd(y + 1, 1, 1);
	size_t e = extra_from(c, date_from_ymd(y, 1, 1));
	const struct holiday *x = c->extra;

	while (i < nb || (e < c->nextra && x[e].day < end)) {
		if (e < c->nextra && x[e].day < end && (i == nb || x[e].day < b[i].day)) {
			int dup = 0, j;
			for (j = 0; j < nb; j++)
				dup |= b[j].day == x[e].day;
			if (!dup) {
				if (h)
					h[n] = x[e];
				n++;
			}
			e++;
		} else {
			if (h)
				h[n] = b[i];
			n++;
			i++;
		}
	}
	return n;
}

int cal_nholidays(const struct calendar *c, int year)
{
	if (year < 1 || year > 9999)
		return 0;
	return year_holidays(c, year, NULL);
}

int cal_holidays(const struct calendar *c, int year, struct holiday *out, int max)
{
	struct holiday *h;
	int n;

	if (year < 1 || year > 9999 || max <= 0)
		return 0;
	n = year_holidays(c, year, NULL);
	if (n <= max)
		return year_holidays(c, year, out);
	h = xreallocarray(NULL, (size_t)n, sizeof *h);
	year_holidays(c, year, h);
	memcpy(out, h, (size_t)max * sizeof *h);
	free(h);
	return max;
}

/* Holiday test without the table: the built-in days of the year and the added days. */
static int slow_holiday(const struct calendar *c, kday day)
{
	struct holiday b[NBUILTIN];
	int y, m, d, n, i;
	size_t e;

	date_to_ymd(day, &y, &m, &d);
	n = builtin(y, b);
	for (i = 0; i < n; i++)
		if (b[i].day == day)
			return 1;
	e = extra_from(c, day);
	return e < c->nextra && c->extra[e].day == day;
}

/* Fills the working-day table of c from the law and the added days. */
static void build_table(struct calendar *c)
{
	kday t, n = c->t1 - c->t0;
	int32_t k = 0;

	for (t = 0; t < n; t++)
		c->flag[t] = date_weekday(c->t0 + t) < 5 ? DAY_WORK : 0;
	for (int y = TAB_Y0; y < TAB_Y1; y++) {
		struct holiday b[NBUILTIN];
		int nb = builtin(y, b);
		for (int i = 0; i < nb; i++)
			c->flag[b[i].day - c->t0] = DAY_HOLIDAY;
	}
	for (size_t e = extra_from(c, c->t0); e < c->nextra && c->extra[e].day < c->t1; e++)
		c->flag[c->extra[e].day - c->t0] = DAY_HOLIDAY;
	for (t = 0; t < n; t++) {
		c->cum[t] = k;
		k += c->flag[t] & DAY_WORK;
	}
	c->cum[n] = k;
}

void cal_init(struct calendar *c)
{
	size_t n;

	c->extra = NULL;
	c->nextra = 0;
	c->t0 = date_from_ymd(TAB_Y0, 1, 1);
	c->t1 = date_from_ymd(TAB_Y1, 1, 1);
	n = (size_t)(c->t1 - c->t0);
	c->flag = xmalloc(n);
	c->cum = xreallocarray(NULL, n + 1, sizeof *c->cum);
	build_table(c);
}

void cal_fini(struct calendar *c)
{
	for (size_t i = 0; i < c->nextra; i++)
		free((char *)c->extra[i].name);
	free(c->extra);
	free(c->flag);
	free(c->cum);
	memset(c, 0, sizeof *c);
}

static int cmp_day(const void *a, const void *b, void *ctx)
{
	const struct holiday *x = a, *y = b;

	(void)ctx;
	return (x->day > y->day) - (x->day < y->day);
}

void cal_add_days(struct calendar *c, const struct holiday *days, size_t n)
{
	struct holiday *a, *m;
	size_t i = 0, j = 0, k = 0;

	if (n == 0)
		return;
	/* A stable sort keeps the days of one date in the order given, the first first. */
	a = xreallocarray(NULL, n, sizeof *a);
	memcpy(a, days, n * sizeof *a);
	sort_r(a, n, sizeof *a, cmp_day, NULL);

	/* Merge with the days added before; a day given twice keeps its first name. */
	m = xreallocarray(NULL, c->nextra + n, sizeof *m);
	while (i < c->nextra || j < n) {
		if (j == n || (i < c->nextra && c->extra[i].day <= a[j].day)) {
			if (j < n && c->extra[i].day == a[j].day) {
				j++;
				continue;
			}
			m[k++] = c->extra[i++];
		} else if (k > 0 && m[k - 1].day == a[j].day) {
			j++;
		} else {
			m[k].day = a[j].day;
			m[k++].name = xstrdup(a[j].name ? a[j].name : "extra");
			j++;
		}
	}
	free(a);
	free(c->extra);
	c->extra = m;
	c->nextra = k;
	build_table(c);
}

/* The calendar of the process, and whether cal_default has built it. */
static struct calendar process_cal;
static int process_cal_built;

struct calendar *cal_default(void)
{
	if (!process_cal_built) {
		cal_init(&process_cal);
		process_cal_built = 1;
	}
	return &process_cal;
}

void cal_free(void)
{
	if (process_cal_built)
		cal_fini(&process_cal);
	process_cal_built = 0;
}

int cal_is_holiday(const struct calendar *c, kday day)
{
	if (day >= c->t0 && day < c->t1)
		return (c->flag[day - c->t0] & DAY_HOLIDAY) != 0;
	return slow_holiday(c, day);
}

int cal_is_workday(const struct calendar *c, kday day)
{
	if (day >= c->t0 && day < c->t1)
		return c->flag[day - c->t0] & DAY_WORK;
	return date_weekday(day) < 5 && !slow_holiday(c, day);
}

/* Mondays to Fridays in [1969-12-29, x), negative before it: a count whose differences
 * give the weekdays of any interval. */
static long weekdays_before(kday x)
{
	long k = (long)x + 3; /* days since Monday 1969-12-29 */
	long w = (k >= 0 ? k : k - 6) / 7;
	long r = k - 7 * w;

	return 5 * w + (r < 5 ? r : 5);
}

/* Working days in (from, to] for from <= to, from weekdays and each year's holidays. */
static long slow_workdays(const struct calendar *c, kday from, kday to)
{
	struct holiday b[NBUILTIN];
	long n = weekdays_before(to + 1) - weekdays_before(from + 1);
	int y0, y1, m, d, y, i, nb;
	kday last = 0;
	int have = 0;
	size_t e;

	if (to <= from)
		return 0;
	date_to_ymd(from + 1, &y0, &m, &d);
	date_to_ymd(to, &y1, &m, &d);
	for (y = y0; y <= y1; y++) {
		nb = builtin(y, b);
		for (i = 0; i < nb; i++) {
			/* Two holidays on one day take one working day. */
			if (b[i].day > from && b[i].day <= to && date_weekday(b[i].day) < 5 &&
			    !(have && b[i].day == last))
				n--;
			last = b[i].day;
			have = 1;
		}
	}
	/* Added days that are not also built-in holidays. */
	for (e = extra_from(c, from + 1); e < c->nextra && c->extra[e].day <= to; e++) {
		kday x = c->extra[e].day;
		int dup = 0;
		if (date_weekday(x) >= 5)
			continue;
		date_to_ymd(x, &y, &m, &d);
		nb = builtin(y, b);
		for (i = 0; i < nb; i++)
			dup |= b[i].day == x;
		if (!dup)
			n--;
	}
	return n;
}

long cal_workdays(const struct calendar *c, kday from, kday to)
{
	if (to < from)
		return -cal_workdays(c, to, from);
	/* The working days in (from, to] are cum(to + 1) - cum(from + 1). */
	if (from + 1 >= c->t0 && to < c->t1)
		return (long)c->cum[to + 1 - c->t0] - c->cum[from + 1 - c->t0];
	return slow_workdays(c, from, to);
}

kday cal_deadline_days(const struct calendar *c, kday start, int n)
{
	kday d = start + n;

	while (!cal_is_workday(c, d))
		d++;
	return d;
}

kday cal_deadline_workdays(const struct calendar *c, kday start, int n)
{
	kday d = start;

	if (n <= 0) {
		/* Backwards: the n-th working day before start. */
		for (; n < 0; n++)
			do
				d--;
			while (!cal_is_workday(c, d));
		return d;
	}
	if (start + 1 >= c->t0 && start < c->t1) {
		/* The n-th working day is the first d with cum(d + 1) = cum(start + 1) + n. */
		long target = (long)c->cum[start + 1 - c->t0] + n;
		size_t lo = (size_t)(start + 1 - c->t0), hi = (size_t)(c->t1 - c->t0) + 1;
		if (target <= c->cum[c->t1 - c->t0]) {
			while (lo < hi) {
				size_t mid = lo + (hi - lo) / 2;
				if (c->cum[mid] < target)
					lo = mid + 1;
				else
					hi = mid;
			}
			return c->t0 + (kday)lo - 1;
		}
	}
	while (n > 0) {
		d++;
		n -= cal_is_workday(c, d);
	}
	return d;
}
