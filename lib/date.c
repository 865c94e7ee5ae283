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
 * holds.  This module reads no files (holidays.c does; HACKING.md, "Layers"); the
 * offsets of a time zone are the C library's, which reads the system's tz database. */
#include "date.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

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

/* The months of the dates parsed lately in this thread, each under its first eight bytes
 * (YYYY-MM-) in a slot chosen by its year and month: with its first day and its length.
 * The events of a log fall in a few dozen months, and a date of a month met before needs
 * only its day checked. */
#define MEMO 256
static _Thread_local struct month_memo {
	uint64_t key; /* 0: none (a valid date has digits there) */
	kday first;
	int days;
} memo[MEMO];

/* The day number of the date in the first ten bytes of s, or -1 when they are none. */
static int parse_ymd(const char *s, kday *day)
{
	uint64_t key;
	int y, m, d = digits(s + 8, 2);
	/* Any bytes choose a slot; the key then tells whether it holds their month. */
	unsigned k = (((unsigned)s[2] & 15) * 10 + ((unsigned)s[3] & 15)) * 12 +
		     ((unsigned)s[5] & 1) * 10 + ((unsigned)s[6] & 15);
	struct month_memo *e = &memo[k % MEMO];

	memcpy(&key, s, 8);
	if (key != e->key) {
		y = digits(s, 4);
		m = digits(s + 5, 2);
		if (y < 0 || m < 0 || s[4] != '-' || s[7] != '-' || !date_valid(y, m, 1))
			return -1;
		e->key = key;
		e->first = date_from_ymd(y, m, 1);
		e->days = month_days(y, m);
	}
	if (d < 1 || d > e->days)
		return -1;
	*day = e->first + d - 1;
	return 0;
}

int date_parse_time(const char *s, size_t n, kday *day, int32_t *ms, int *off)
{
	int hh, mi, ss = 0, frac = 0, o = DATE_NOOFF;
	size_t i = 16;
	kday dn;

	if (n < 10 || parse_ymd(s, &dn) != 0)
		return -1;
	if (n == 10) {
		*day = dn;
		*ms = -1;
		*off = DATE_NOOFF;
		return 0;
	}
	if (n < 16 || (s[10] != 'T' && s[10] != ' ') || s[13] != ':')
		return -1;
	hh = digits(s + 11, 2);
	mi = digits(s + 14, 2);
	if (i < n && s[i] == ':') {
		if (n - i < 3)
			return -1;
		ss = digits(s + i + 1, 2);
		i += 3;
		if (i < n && s[i] == '.') {
			size_t f = ++i, k;

			while (i < n && s[i] >= '0' && s[i] <= '9')
				i++;
			if (i == f || i - f > 9)
				return -1;
			/* Milliseconds are kept; finer digits are dropped (keten(5)). */
			for (k = 0; k < 3; k++)
				frac = frac * 10 + (f + k < i ? s[f + k] - '0' : 0);
		}
	}
	if (i < n && s[i] == 'Z') {
		o = 0;
		i++;
	} else if (i < n && (s[i] == '+' || s[i] == '-')) {
		int oh, om;

		if (n - i < 6 || s[i + 3] != ':')
			return -1;
		oh = digits(s + i + 1, 2);
		om = digits(s + i + 4, 2);
		if (oh < 0 || oh > 23 || om < 0 || om > 59)
			return -1;
		o = (oh * 60 + om) * (s[i] == '-' ? -1 : 1);
		i += 6;
	}
	if (i != n || hh < 0 || hh > 23 || mi < 0 || mi > 59 || ss < 0 || ss > 59)
		return -1;
	*day = dn;
	*ms = ((hh * 60 + mi) * 60 + ss) * 1000 + frac;
	*off = o;
	if (o != DATE_NOOFF) {
		date_zone_localize(day, ms, off);
		/* The local day of 0001-01-01T00:00+01:00 is in the year 0. */
		if (*day < date_from_ymd(1, 1, 1) || *day > date_from_ymd(9999, 12, 31))
			return -1;
	}
	return 0;
}

int date_parse_iso(const char *s, size_t n, kday *day, int *sec)
{
	int32_t ms;
	int off;

	if (date_parse_time(s, n, day, &ms, &off) != 0)
		return -1;
	*sec = ms < 0 ? -1 : ms / 1000;
	return 0;
}

static void two(char *p, int v)
{
	p[0] = (char)('0' + v / 10);
	p[1] = (char)('0' + v % 10);
}

size_t date_time_format(kday day, int32_t ms, int off, int with_sec, char *buf)
{
	size_t n = 16;
	int sec, frac;

	date_format(day, buf);
	if (ms < 0)
		return 10;
	sec = ms / 1000;
	frac = ms % 1000;
	buf[10] = 'T';
	two(buf + 11, sec / 3600);
	buf[13] = ':';
	two(buf + 14, sec / 60 % 60);
	if (with_sec || sec % 60 || frac) {
		buf[n] = ':';
		two(buf + n + 1, sec % 60);
		n += 3;
	}
	if (frac) {
		buf[n] = '.';
		buf[n + 1] = (char)('0' + frac / 100);
		two(buf + n + 2, frac % 100);
		n += 4;
	}
	if (off != DATE_NOOFF) {
		int a = off < 0 ? -off : off;

		buf[n] = off < 0 ? '-' : '+';
		two(buf + n + 1, a / 60 % 100);
		buf[n + 3] = ':';
		two(buf + n + 4, a % 60);
		n += 6;
	}
	buf[n] = '\0';
	return n;
}

/* The zone.  Its offsets come from the C library (localtime_r under TZ=":name"), which
 * reads the tz database; the process's own TZ is put back after each question, so that
 * the one reading of the clock (period_today) keeps the machine's zone.  The answers are
 * kept per UTC day, with the instant of a change within that day, so that the library is
 * asked about once per day of data, not per event. */
static char zone_name[256] = DATE_ZONE_DEFAULT;
static int zone_checked; /* 1: the database has the zone; -1: it has not */

/* A slot per UTC day of 179 years, so that a log of any span in any order asks the
 * library once per day it holds (the slots are in the zeroed data segment, and only
 * those of days met are touched). */
#define ZCACHE 65536
static struct zday {
	int64_t uday;   /* the UTC day the slot holds, when full */
	int64_t change; /* the first second of the day at o1 */
	int o0, o1;     /* the offset in seconds at the start and at the end of the day */
	int full;
} zcache[ZCACHE];

static int zone_exists(const char *name)
{
	const char *dir = getenv("TZDIR");
	char path[1024];
	struct stat st;

	if (!name[0] || name[0] == '/' || strstr(name, "..") || strlen(name) >= sizeof zone_name)
		return 0;
	if (!dir || !*dir)
		dir = "/usr/share/zoneinfo";
	if ((size_t)snprintf(path, sizeof path, "%s/%s", dir, name) >= sizeof path)
		return 0;
	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

static void zcache_clear(void)
{
	memset(zcache, 0, sizeof zcache);
}

int date_zone_set(const char *name)
{
	if (!zone_exists(name))
		return -1;
	strcpy(zone_name, name);
	zone_checked = 1;
	zcache_clear();
	return 0;
}

const char *date_zone(void)
{
	return zone_name;
}

/* The process's TZ while the zone's is set. */
static char *saved_tz;
static int saved_set;

static void zone_enter(void)
{
	const char *old = getenv("TZ");
	char spec[sizeof zone_name + 1];

	if (!zone_checked)
		zone_checked = zone_exists(zone_name) ? 1 : -1;
	if (zone_checked < 0)
		die("time zone '%s' is not in the tz database: install tzdata or name another "
		    "zone with --tz",
		    zone_name);
	saved_set = old != NULL;
	saved_tz = old ? xstrdup(old) : NULL;
	spec[0] = ':';
	strcpy(spec + 1, zone_name);
	if (setenv("TZ", spec, 1) != 0)
		die("cannot set the time zone '%s'", zone_name);
	tzset();
}

static void zone_leave(void)
{
	if (saved_set)
		setenv("TZ", saved_tz, 1);
	else
		unsetenv("TZ");
	tzset();
	free(saved_tz);
	saved_tz = NULL;
}

/* The offset in seconds of the zone at second t (between zone_enter and zone_leave). */
static int zone_offset_sec(int64_t t)
{
	time_t tt = (time_t)t;
	struct tm tm;

	if (!localtime_r(&tt, &tm))
		return 0;
	return (int)((int64_t)date_from_ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday) * 86400 +
		     tm.tm_hour * 3600 + tm.tm_min * 60 + tm.tm_sec - t);
}

static int64_t floor_div(int64_t a, int64_t b)
{
	return a / b - (a % b != 0 && (a < 0) != (b < 0));
}

int date_zone_offset_at(int64_t t)
{
	int64_t sec = floor_div(t, 1000), uday = floor_div(sec, 86400);
	struct zday *z;

	z = &zcache[(uint64_t)uday % ZCACHE];
	if (!z->full || z->uday != uday) {
		int64_t lo = uday * 86400, hi = lo + 86399;

		zone_enter();
		z->uday = uday;
		z->o0 = zone_offset_sec(lo);
		z->o1 = zone_offset_sec(hi);
		/* A day holds at most one change of the zone's offset: find its second. */
		while (z->o0 != z->o1 && hi - lo > 1) {
			int64_t mid = lo + (hi - lo) / 2;

			if (zone_offset_sec(mid) == z->o0)
				lo = mid;
			else
				hi = mid;
		}
		z->change = hi;
		z->full = 1;
		zone_leave();
	}
	/* Offsets are written in whole minutes (keten(5)). */
	return (sec < z->change ? z->o0 : z->o1) / 60;
}

int date_zone_offset_local(kday day, int32_t ms)
{
	int64_t w = (int64_t)day * 86400000 + (ms > 0 ? ms : 0);
	int before = date_zone_offset_at(w - 86400000), after = date_zone_offset_at(w + 86400000);

	/* An offset fits the wall time when the instant it names has that offset. */
	if (date_zone_offset_at(w - (int64_t)after * 60000) == after)
		return after;
	return before;
}

void date_zone_localize(kday *day, int32_t *ms, int *off)
{
	int64_t t = (int64_t)*day * 86400000 + (*ms > 0 ? *ms : 0) - (int64_t)*off * 60000;
	int o = date_zone_offset_at(t);
	int64_t w = t + (int64_t)o * 60000, d = floor_div(w, 86400000);

	*day = (kday)d;
	*ms = (int32_t)(w - d * 86400000);
	*off = o;
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
