/* Unit tests of lib/date.c: day numbers, ISO parsing, Easter, the holidays of the
 * Algemene termijnenwet, working-day counts and deadlines, days added to a calendar.
 * Run from tests/. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "diag.h"
#include "harness.h"

/* The calendar of the law, without added days: what most checks count in. */
static struct calendar law;

/* Easter Sunday of 1900..2100 as month * 100 + day.  Source: Python's
 * dateutil.easter.easter(y, EASTER_WESTERN) (dateutil 2.8.2), which follows Claus
 * Tondering's formulation (the G, C, H, I, J, P terms), not the Meeus/Jones/Butcher
 * algorithm of lib/date.c.  Generated once with /usr/bin/python3 and pasted here. */
/* clang-format off */
static const short easter_tab[] = {
	415, 407, 330, 412, 403, 423, 415, 331, 419, 411,
	327, 416, 407, 323, 412, 404, 423, 408, 331, 420,
	404, 327, 416, 401, 420, 412, 404, 417, 408, 331,
	420, 405, 327, 416, 401, 421, 412, 328, 417, 409,
	324, 413, 405, 425, 409, 401, 421, 406, 328, 417,
	409, 325, 413, 405, 418, 410, 401, 421, 406, 329,
	417, 402, 422, 414, 329, 418, 410, 326, 414, 406,
	329, 411, 402, 422, 414, 330, 418, 410, 326, 415,
	406, 419, 411, 403, 422, 407, 330, 419, 403, 326,
	415, 331, 419, 411, 403, 416, 407, 330, 412, 404,
	423, 415, 331, 420, 411, 327, 416, 408, 323, 412,
	404, 424, 408, 331, 420, 405, 327, 416, 401, 421,
	412, 404, 417, 409, 331, 420, 405, 328, 416, 401,
	421, 413, 328, 417, 409, 325, 413, 405, 425, 410,
	401, 421, 406, 329, 417, 409, 325, 414, 405, 418,
	410, 402, 421, 406, 329, 418, 402, 422, 414, 330,
	418, 410, 326, 415, 406, 329, 411, 403, 422, 414,
	330, 419, 410, 326, 415, 407, 419, 411, 403, 423,
	407, 330, 419, 404, 326, 415, 331, 420, 411, 403,
	416, 408, 330, 412, 404, 424, 415, 331, 420, 412,
	328,
};
/* clang-format on */

static void test_easter(void)
{
	int y, bad = 0;
	char buf[11], want[16];

	for (y = 1900; y <= 2100; y++) {
		int md = easter_tab[y - 1900];
		date_format(date_easter(y), buf);
		snprintf(want, sizeof want, "%04d-%02d-%02d", y, md / 100, md % 100);
		if (strcmp(buf, want) != 0) {
			printf("# easter %d: got %s, want %s\n", y, buf, want);
			bad++;
		}
	}
	check(bad == 0, "easter 1900-2100 agrees with the dateutil table");
	/* Easter is always a Sunday, 22 March .. 25 April, over the whole range. */
	bad = 0;
	for (y = 1; y <= 9999; y++) {
		kday e = date_easter(y);
		if (date_weekday(e) != 6 || e < date_from_ymd(y, 3, 22) ||
		    e > date_from_ymd(y, 4, 25))
			bad++;
	}
	check(bad == 0, "easter 1-9999 is a Sunday between 22 March and 25 April");
}

static void test_daynumbers(void)
{
	int y, m, d, bad = 0;
	int py = 1, pm = 1, pd = 1;
	kday t, first = date_from_ymd(1, 1, 1), last = date_from_ymd(9999, 12, 31);

	/* Anchors from Python's datetime.date (date(...) - date(1970, 1, 1)).days. */
	check(date_from_ymd(1970, 1, 1) == 0, "1970-01-01 is day 0");
	check(first == -719162, "0001-01-01 is day -719162");
	check(last == 2932896, "9999-12-31 is day 2932896");
	check(date_from_ymd(2000, 3, 1) == 11017, "2000-03-01 is day 11017");
	check(date_from_ymd(1600, 2, 29) == -135081, "1600-02-29 is day -135081");
	/* Python's isoweekday: 0001-01-01 a Monday, 9999-12-31 a Friday, 2000-03-01 a
	 * Wednesday. */
	check(date_weekday(first) == 0 && date_weekday(last) == 4 &&
		      date_weekday(date_from_ymd(2000, 3, 1)) == 2 && date_weekday(0) == 3,
	      "weekdays of the anchors");

	/* Every day of the range: to_ymd of day t + 1 is the day after to_ymd of t, and
	 * from_ymd gives t back.  The range is only 3.65 million days, so no sampling. */
	for (t = first; t <= last; t++) {
		date_to_ymd(t, &y, &m, &d);
		if (t > first) {
			int ok =
				(y == py && m == pm && d == pd + 1) ||
				(y == py && m == pm + 1 && d == 1 && !date_valid(py, pm, pd + 1)) ||
				(y == py + 1 && m == 1 && d == 1 && pm == 12 && pd == 31);
			if (!ok)
				bad++;
		}
		if (!date_valid(y, m, d) || date_from_ymd(y, m, d) != t ||
		    date_weekday(t) != (int)((t - first) % 7))
			bad++;
		py = y;
		pm = m;
		pd = d;
	}
	check(bad == 0, "every day 0001-01-01..9999-12-31 round-trips in sequence");

	check(date_valid(1900, 2, 28) && !date_valid(1900, 2, 29), "1900 is not a leap year");
	check(date_valid(2000, 2, 29), "2000 is a leap year");
	check(date_valid(2024, 2, 29) && !date_valid(2023, 2, 29), "2024 is, 2023 is not");
	check(!date_valid(0, 1, 1) && !date_valid(10000, 1, 1) && !date_valid(2024, 0, 1) &&
		      !date_valid(2024, 13, 1) && !date_valid(2024, 4, 31) &&
		      !date_valid(2024, 1, 0) && !date_valid(2024, 1, 32),
	      "date_valid rejects out-of-range parts");
}

static int parses(const char *s, const char *want_date, int want_sec)
{
	kday d;
	int sec;
	char buf[11];

	if (date_parse_iso(s, strlen(s), &d, &sec) != 0)
		return 0;
	date_format(d, buf);
	return strcmp(buf, want_date) == 0 && sec == want_sec;
}

static int rejects(const char *s)
{
	kday d;
	int sec;

	return date_parse_iso(s, strlen(s), &d, &sec) != 0;
}

static void test_parse(void)
{
	/* clang-format off */
	static const char *const bad[] = {
		"", "2024", "2024-1-01", "2024-01-1", "24-01-01", "2024/01/01", "2024-01-01x",
		"2024-01-01 ", " 2024-01-01", "2024-01-01T", "2024-01-01T10", "2024-01-01T10:0",
		"2024-01-01T10:00:", "2024-01-01T10:00:0", "2024-01-01T10:00:00z",
		"2024-01-01T10:00:00.", "2024-01-01T10:00:00.1234567890", "2024-01-01Z",
		"2024-01-01T10:00:00+1:00", "2024-01-01T10:00:00+0100", "2024-01-01T10:00+24:00",
		"2024-01-01T10:00:00+01:60", "2024-01-01T10:00:00+01:00Z", "2024-01-01T10:00.5",
		"2024-01-01t10:00", "2024-01-01_10:00",
		"2024-01-01T24:00", "2024-01-01T23:60", "2024-01-01T23:59:60",
		"2024-01-01T-1:00", "2024-01-01T1a:00", "2023-02-29", "1900-02-29",
		"2024-13-01", "2024-00-10", "2024-04-31", "2024-06-31", "2024-01-00",
		"2024-01-32", "0000-01-01", "+202-01-01", "2024-+1-01", "2024-01- 1",
		"20240101", "2024-01-01T10-00", "2024-01-01T10:00-00", "31-02-2024",
	};
	/* clang-format on */
	size_t i;
	int ok = 1;
	kday d;
	int sec;

	check(parses("2024-02-29", "2024-02-29", -1), "parse leap day 2024");
	check(parses("2000-02-29", "2000-02-29", -1), "parse leap day 2000");
	check(rejects("1900-02-29"), "reject 1900-02-29");
	check(rejects("2023-02-29"), "reject 2023-02-29");
	check(rejects("2024-13-01"), "reject 2024-13-01");
	check(rejects("2024-04-31"), "reject 2024-04-31");
	check(parses("2024-03-05T09:30", "2024-03-05", 9 * 3600 + 30 * 60), "parse T HH:MM");
	check(parses("2024-03-05 09:30:15", "2024-03-05", 9 * 3600 + 30 * 60 + 15),
	      "parse space HH:MM:SS");
	check(parses("2024-03-05T00:00:00", "2024-03-05", 0), "parse midnight as 0 s");
	check(parses("2024-03-05T23:59:59", "2024-03-05", 86399), "parse 23:59:59");
	check(rejects("2024-01-01T24:00"), "reject 24:00");
	check(rejects("2024-01-01T24:00:00"), "reject 24:00:00");
	check(rejects("2024-01-01x") && rejects("2024-01-01T10:00x"), "reject trailing garbage");
	check(parses("0001-01-01", "0001-01-01", -1) && parses("9999-12-31", "9999-12-31", -1),
	      "parse the ends of the range");
	for (i = 0; i < sizeof bad / sizeof *bad; i++)
		if (!rejects(bad[i])) {
			printf("# accepted '%s'\n", bad[i]);
			ok = 0;
		}
	check(ok, "reject every malformed string of the list");
	/* n is authoritative: a valid date followed by more bytes is not a date, and a
	 * prefix is read only as far as n says. */
	check(date_parse_iso("2024-01-01T", 10, &d, &sec) == 0 && sec == -1,
	      "n limits what is read");
	check(date_parse_iso("2024-01-01\0", 11, &d, &sec) != 0, "a NUL byte is garbage");
}

static int has(int year, const char *want_date, const char *want_name)
{
	struct holiday h[32];
	int n = cal_holidays(&law, year, h, 32), i;
	char buf[11];

	for (i = 0; i < n; i++) {
		date_format(h[i].day, buf);
		if (strcmp(buf, want_date) == 0 && strcmp(h[i].name, want_name) == 0)
			return 1;
	}
	return 0;
}

/* s read by date_parse_time and written back by date_time_format (with seconds). */
static int moves(const char *s, const char *want)
{
	kday d;
	int32_t ms;
	int off;
	char buf[DATE_TIME_MAX];

	if (date_parse_time(s, strlen(s), &d, &ms, &off) != 0)
		return 0;
	date_time_format(d, ms, off, 1, buf);
	if (strcmp(buf, want) != 0)
		printf("# %s: %s, not %s\n", s, buf, want);
	return strcmp(buf, want) == 0;
}

/* Times with an offset in a zone of the tz database.  The expected local times are
 * Python's zoneinfo (datetime.fromisoformat(s).astimezone(ZoneInfo(zone))), Python 3.11
 * on Debian 12's tzdata. */
static void test_zone(void)
{
	char buf[DATE_TIME_MAX];
	kday d;
	int32_t ms;
	int off;

	check(strcmp(date_zone(), "Europe/Amsterdam") == 0, "the zone is Europe/Amsterdam");
	check(moves("2024-01-01T23:30:00Z", "2024-01-02T00:30:00+01:00"),
	      "Z in the evening is the next local day");
	check(moves("2024-03-31T00:59:59.999Z", "2024-03-31T01:59:59.999+01:00") &&
		      moves("2024-03-31T01:00:00Z", "2024-03-31T03:00:00+02:00"),
	      "the change to summer time, to the millisecond");
	check(moves("2024-10-27T00:59:59Z", "2024-10-27T02:59:59+02:00") &&
		      moves("2024-10-27T01:00:00Z", "2024-10-27T02:00:00+01:00"),
	      "the change back: the hour 02:00 twice, with its offsets");
	check(moves("2024-07-01T12:00:00.5-03:30", "2024-07-01T17:30:00.500+02:00"),
	      "a negative offset with minutes, and half a second");
	check(moves("2024-07-01T12:00:00.123456789", "2024-07-01T12:00:00.123") &&
		      moves("2024-07-01T12:00", "2024-07-01T12:00:00"),
	      "milliseconds kept, finer digits dropped; no offset, no conversion");
	check(date_parse_time("2024-07-01", 10, &d, &ms, &off) == 0 && ms == -1 &&
		      off == DATE_NOOFF,
	      "a date alone has no time and no offset");
	check(date_zone_offset_local(D("2024-07-01"), 12 * 3600000) == 120 &&
		      date_zone_offset_local(D("2024-01-01"), -1) == 60,
	      "the offset of a local time: summer and winter");
	check(date_zone_offset_local(D("2024-03-31"), 2 * 3600000 + 1800000) == 60 &&
		      date_zone_offset_local(D("2024-10-27"), 2 * 3600000 + 1800000) == 60,
	      "the skipped hour gets the offset before, the repeated hour the one after");
	check(date_time_format(D("2024-07-01"), 12 * 3600000, DATE_NOOFF, 0, buf) == 16 &&
		      strcmp(buf, "2024-07-01T12:00") == 0 &&
		      date_time_format(D("2024-07-01"), 7, -330, 0, buf) == 29 &&
		      strcmp(buf, "2024-07-01T00:00:00.007-05:30") == 0,
	      "date_time_format: seconds only when asked or not zero");
	check(date_zone_set("Nowhere/City") == -1 && date_zone_set("../../etc/passwd") == -1 &&
		      date_zone_set("") == -1 && strcmp(date_zone(), "Europe/Amsterdam") == 0,
	      "a zone the database lacks is refused and changes nothing");
	check(date_zone_set("America/New_York") == 0 &&
		      moves("2024-03-10T07:00:00Z", "2024-03-10T03:00:00-04:00") &&
		      moves("2024-03-10T06:59:59Z", "2024-03-10T01:59:59-05:00"),
	      "another zone: New York's change to summer time");
	check(date_zone_set("UTC") == 0 &&
		      moves("2024-01-01T23:30:00+01:00", "2024-01-01T22:30:00+00:00"),
	      "UTC");
	date_zone_set("Europe/Amsterdam");
}

static void test_holidays(void)
{
	/* Koningsdag 2014-2025: 27 April, except 2014 and 2025 when the 27th was a Sunday
	 * and the day was kept on Saturday the 26th (as it was celebrated). */
	/* clang-format off */
	static const char *const kd[] = {
		"2014-04-26", "2015-04-27", "2016-04-27", "2017-04-27", "2018-04-27",
		"2019-04-27", "2020-04-27", "2021-04-27", "2022-04-27", "2023-04-27",
		"2024-04-27", "2025-04-26",
	};
	/* clang-format on */
	struct holiday h[32];
	int y, n, i, ok = 1;
	char buf[11];

	for (y = 2014; y <= 2025; y++)
		if (!has(y, kd[y - 2014], "Koningsdag")) {
			printf("# no Koningsdag on %s\n", kd[y - 2014]);
			ok = 0;
		}
	check(ok, "Koningsdag 2014-2025");
	check(has(2006, "2006-04-29", "Koninginnedag"),
	      "Koninginnedag 2006 on 29 April (30 April was a Sunday)");
	check(has(2000, "2000-04-29", "Koninginnedag"), "Koninginnedag 2000 on 29 April");
	check(has(2013, "2013-04-30", "Koninginnedag"), "Koninginnedag 2013 on 30 April");
	check(!has(2013, "2013-04-27", "Koningsdag") && !has(2014, "2014-04-30", "Koninginnedag"),
	      "no Koningsdag before 2014, no Koninginnedag from 2014");

	/* 2024 in full (see tests/calendar/year-2024/README for the cross-check). */
	n = cal_holidays(&law, 2024, h, 32);
	{
		/* clang-format off */
		static const char *const want[][2] = {
			{ "2024-01-01", "Nieuwjaarsdag" }, { "2024-03-29", "Goede Vrijdag" },
			{ "2024-04-01", "Tweede Paasdag" }, { "2024-04-27", "Koningsdag" },
			{ "2024-05-05", "Bevrijdingsdag" }, { "2024-05-09", "Hemelvaartsdag" },
			{ "2024-05-20", "Tweede Pinksterdag" }, { "2024-12-25", "Eerste Kerstdag" },
			{ "2024-12-26", "Tweede Kerstdag" },
		};
		/* clang-format on */
		ok = n == 9;
		for (i = 0; ok && i < n; i++) {
			date_format(h[i].day, buf);
			ok = strcmp(buf, want[i][0]) == 0 && strcmp(h[i].name, want[i][1]) == 0;
		}
		check(ok, "the holidays of 2024 in order");
	}
	/* 2016: Hemelvaartsdag fell on 5 May; both are listed, in the order of the law,
	 * but the day counts once. */
	n = cal_holidays(&law, 2016, h, 32);
	check(n == 9 && cal_nholidays(&law, 2016) == 9 && h[4].day == D("2016-05-05") &&
		      strcmp(h[4].name, "Bevrijdingsdag") == 0 && h[5].day == D("2016-05-05") &&
		      strcmp(h[5].name, "Hemelvaartsdag") == 0,
	      "2016: Bevrijdingsdag and Hemelvaartsdag on one day");
	check(cal_workdays(&law, D("2016-05-04"), D("2016-05-06")) == 1,
	      "2016-05-04..06: the double holiday takes one working day");
	/* Hemelvaartsdag before Bevrijdingsdag: Easter 2008 was 23 March, so Hemelvaart
	 * was 1 May. */
	n = cal_holidays(&law, 2008, h, 32);
	check(n == 9 && h[3].day == D("2008-04-30") && h[4].day == D("2008-05-01") &&
		      strcmp(h[4].name, "Hemelvaartsdag") == 0 && h[5].day == D("2008-05-05"),
	      "2008: the list is in date order");
	check(cal_holidays(&law, 2024, h, 3) == 3 && h[2].day == D("2024-04-01"),
	      "cal_holidays stops at max");
	check(cal_holidays(&law, 0, h, 32) == 0 && cal_holidays(&law, 10000, h, 32) == 0,
	      "no holidays outside years 1..9999");
	check(cal_is_holiday(&law, D("2024-03-29")) && !cal_is_holiday(&law, D("2024-03-28")) &&
		      cal_is_holiday(&law, D("2024-04-27")) &&
		      !cal_is_workday(&law, D("2024-04-27")) &&
		      cal_is_workday(&law, D("2024-03-28")) &&
		      !cal_is_workday(&law, D("2024-03-30")),
	      "cal_is_holiday and cal_is_workday");
	check(cal_is_holiday(&law, D("2350-12-25")) && cal_is_holiday(&law, D("1850-05-05")) &&
		      !cal_is_workday(&law, D("2350-12-25")) &&
		      cal_is_workday(&law, D("2350-12-27")),
	      "holidays outside the table");
}

static void test_workdays(void)
{
	/* 2024-03-27 (Wed) .. 2024-04-03 (Wed), counting the days after the 27th:
	 * Thu 28 work, Fri 29 Goede Vrijdag, Sat 30, Sun 31 (Easter), Mon 1 April Tweede
	 * Paasdag, Tue 2 work, Wed 3 work: 3 working days. */
	check(cal_workdays(&law, D("2024-03-27"), D("2024-04-03")) == 3,
	      "workdays across Easter 2024");
	check(cal_workdays(&law, D("2024-04-03"), D("2024-03-27")) == -3, "the same, reversed: -3");
	/* 2025-04-17 (Thu) .. 2025-04-30 (Wed): Fri 18 Goede Vrijdag, Sat 19, Sun 20, Mon 21
	 * Tweede Paasdag, Tue 22 .. Fri 25 work (4), Sat 26 Koningsdag (27 April was a
	 * Sunday), Sun 27, Mon 28 .. Wed 30 work (3): 7. */
	check(cal_workdays(&law, D("2025-04-17"), D("2025-04-30")) == 7,
	      "workdays across Easter and Koningsdag on Saturday 2025");
	/* 2014-04-25 (Fri) .. 2014-04-29 (Tue): Sat 26 Koningsdag, Sun 27, Mon 28, Tue 29:
	 * 2; moving Koningsdag off the Sunday costs no working day. */
	check(cal_workdays(&law, D("2014-04-25"), D("2014-04-29")) == 2,
	      "workdays across Koningsdag 2014 (27 April a Sunday)");
	/* 2023-04-26 (Wed) .. 2023-04-28 (Fri): Thu 27 Koningsdag, Fri 28 work: 1. */
	check(cal_workdays(&law, D("2023-04-26"), D("2023-04-28")) == 1,
	      "workdays across Koningsdag on a Thursday 2023");
	/* 2024-12-20 (Fri) .. 2025-01-03 (Fri): Sat 21, Sun 22, Mon 23 w, Tue 24 w, Wed 25
	 * Eerste Kerstdag, Thu 26 Tweede Kerstdag, Fri 27 w, Sat 28, Sun 29, Mon 30 w,
	 * Tue 31 w, Wed 1 January Nieuwjaarsdag, Thu 2 w, Fri 3 w: 7. */
	check(cal_workdays(&law, D("2024-12-20"), D("2025-01-03")) == 7,
	      "workdays across Christmas and New Year 2024/25");
	check(cal_workdays(&law, D("2025-01-03"), D("2024-12-20")) == -7, "the same, reversed: -7");
	check(cal_workdays(&law, D("2024-06-05"), D("2024-06-05")) == 0, "the same day: 0");
	check(cal_workdays(&law, D("2024-06-07"), D("2024-06-10")) == 1, "Friday to Monday: 1");
	check(cal_workdays(&law, D("2024-06-08"), D("2024-06-09")) == 0, "Saturday to Sunday: 0");
	/* A plain year has 261 or 262 weekdays; 2024 (leap, starting on a Monday) has 262,
	 * of which Nieuwjaarsdag, Goede Vrijdag, Tweede Paasdag, Hemelvaartsdag, Tweede
	 * Pinksterdag and both Kerstdagen fall on weekdays (Koningsdag and 5 mei were on a
	 * Saturday and a Sunday): 262 - 7 = 255. */
	check(cal_workdays(&law, D("2023-12-31"), D("2024-12-31")) == 255,
	      "2024 has 255 working days");
}

/* Working days in (from, to] of c by walking, for comparison with the fast paths. */
static long walk(const struct calendar *c, kday from, kday to)
{
	long n = 0;
	kday t;

	if (to < from)
		return -walk(c, to, from);
	for (t = from + 1; t <= to; t++)
		n += cal_is_workday(c, t);
	return n;
}

static void test_workdays_random(void)
{
	/* Ranges inside the table, outside it (before 1900, after 2199) and across both of
	 * its edges, from a fixed seed. */
	static const char *const base[] = { "1890-06-01", "1990-01-01", "2150-01-01",
					    "2195-06-01", "2400-01-01", "0005-03-01" };
	unsigned long s = 12345;
	int i, bad = 0;

	for (i = 0; i < 20000; i++) {
		kday a, b;
		s = s * 6364136223846793005UL + 1442695040888963407UL;
		a = D(base[(s >> 33) % 6]) + (kday)((s >> 20) % 4000);
		s = s * 6364136223846793005UL + 1442695040888963407UL;
		b = a + (kday)((s >> 20) % 8000) - 4000;
		if (cal_workdays(&law, a, b) != walk(&law, a, b)) {
			if (bad++ < 5)
				printf("# workdays %ld != %ld\n", cal_workdays(&law, a, b),
				       walk(&law, a, b));
		}
	}
	check(bad == 0, "cal_workdays agrees with walking over 20000 random ranges");

	bad = 0;
	for (i = 0; i < 20000; i++) {
		kday a, d;
		int n;
		s = s * 6364136223846793005UL + 1442695040888963407UL;
		a = D(base[(s >> 33) % 6]) + (kday)((s >> 20) % 4000);
		n = (int)((s >> 8) % 300) + 1;
		d = cal_deadline_workdays(&law, a, n);
		if (!cal_is_workday(&law, d) || cal_workdays(&law, a, d) != n ||
		    cal_workdays(&law, a, d - 1) != n - 1)
			bad++;
	}
	check(bad == 0, "cal_deadline_workdays lands on the n-th working day (random)");
	check(cal_workdays(&law, D("0001-01-01"), D("9999-12-31")) ==
		      walk(&law, D("0001-01-01"), D("9999-12-31")),
	      "workdays over the whole range agree with walking");
}

static void test_deadlines(void)
{
	/* 2024-06-01 (Sat) + 28 days = 2024-06-29, a Saturday: on to Monday 1 July. */
	check(cal_deadline_days(&law, D("2024-06-01"), 28) == D("2024-07-01"),
	      "28 days ending on a Saturday run to Monday");
	/* 2024-03-04 + 28 = 2024-04-01, Tweede Paasdag (Monday): on to Tuesday 2 April. */
	check(cal_deadline_days(&law, D("2024-03-04"), 28) == D("2024-04-02"),
	      "28 days ending on Tweede Paasdag run to Tuesday");
	/* 2024-03-01 + 28 = 2024-03-29, Goede Vrijdag: Sat, Sun, Tweede Paasdag, so Tue 2
	 * April. */
	check(cal_deadline_days(&law, D("2024-03-01"), 28) == D("2024-04-02"),
	      "28 days ending on Goede Vrijdag run over Easter to Tuesday");
	check(cal_deadline_days(&law, D("2024-06-03"), 28) == D("2024-07-01"),
	      "28 days ending on a Monday stay");
	/* 2021-11-27 + 28 = 2021-12-25, a Saturday and Eerste Kerstdag; Sun 26 is Tweede
	 * Kerstdag: Monday 27 December. */
	check(cal_deadline_days(&law, D("2021-11-27"), 28) == D("2021-12-27"),
	      "a term ending at Christmas 2021 runs to Monday 27 December");
	/* 3 working days after Wed 2024-03-27: Thu 28 (1), Goede Vrijdag, the weekend,
	 * Tweede Paasdag, Tue 2 April (2), Wed 3 April (3). */
	check(cal_deadline_workdays(&law, D("2024-03-27"), 3) == D("2024-04-03"),
	      "3 working days over Easter 2024");
	/* 3 working days after Tue 2024-12-24: the Kerstdagen, Fri 27 (1), Mon 30 (2),
	 * Tue 31 (3). */
	check(cal_deadline_workdays(&law, D("2024-12-24"), 3) == D("2024-12-31"),
	      "3 working days over Christmas 2024");
	check(cal_deadline_workdays(&law, D("2024-04-27"), 1) == D("2024-04-29"),
	      "1 working day after Koningsdag 2024 (a Saturday) is Monday");
	check(cal_deadline_workdays(&law, D("2024-06-05"), 0) == D("2024-06-05"),
	      "0 working days: the start");
	check(cal_deadline_workdays(&law, D("2024-04-02"), -1) == D("2024-03-28"),
	      "-1 working day from Tue 2 April 2024 is Thu 28 March");
	check(cal_deadline_workdays(&law, D("2199-12-30"), 5) == D("2200-01-07"),
	      "working days across the end of the table");
}

static void test_added(void)
{
	/* Friday 2024-05-10 (the bridge day after Hemelvaart) twice under two names,
	 * 2024-12-27 without a name, 2024-12-25 (already Eerste Kerstdag), and 2250-05-10
	 * beyond the table; the names live in a buffer that is overwritten afterwards, so
	 * the calendar must hold copies. */
	char name[16] = "brugdag";
	/* clang-format off */
	struct holiday add[] = {
		{ D("2024-12-27"), NULL }, { D("2024-05-10"), name },
		{ D("2024-12-25"), "kerst" }, { D("2024-05-10"), "vrijdag na Hemelvaart" },
		{ D("2250-05-10"), "ver weg" },
	};
	/* clang-format on */
	struct holiday more[] = { { D("2024-08-01"), "zomer" }, { D("2024-05-10"), "later" } };
	struct holiday h[32];
	struct calendar c;
	int n;

	cal_init(&c);
	cal_add_days(&c, add, sizeof add / sizeof *add);
	strcpy(name, "overwritten");
	n = cal_holidays(&c, 2024, h, 32);
	check(cal_workdays(&law, D("2024-05-08"), D("2024-05-13")) == 2 &&
		      cal_workdays(&c, D("2024-05-08"), D("2024-05-13")) == 1,
	      "an added day is no working day");
	check(n == 11 && h[6].day == D("2024-05-10") && strcmp(h[6].name, "brugdag") == 0 &&
		      h[10].day == D("2024-12-27") && strcmp(h[10].name, "extra") == 0 &&
		      strcmp(h[8].name, "Eerste Kerstdag") == 0,
	      "added days are listed, by their first name or as 'extra', once each");
	check(cal_is_holiday(&c, D("2250-05-10")) && !cal_is_workday(&c, D("2250-05-10")) &&
		      walk(&c, D("2250-05-01"), D("2250-05-20")) ==
			      cal_workdays(&c, D("2250-05-01"), D("2250-05-20")) &&
		      cal_workdays(&c, D("2250-05-01"), D("2250-05-20")) ==
			      cal_workdays(&law, D("2250-05-01"), D("2250-05-20")) - 1,
	      "added days beyond the table");
	cal_add_days(&c, more, 2);
	n = cal_holidays(&c, 2024, h, 32);
	check(cal_nholidays(&c, 2024) == 12 && cal_is_holiday(&c, D("2024-08-01")) &&
		      strcmp(h[6].name, "brugdag") == 0,
	      "a second set adds to the first, whose names stay");
	check(cal_deadline_days(&c, D("2024-04-12"), 28) == D("2024-05-13") &&
		      cal_deadline_days(&law, D("2024-04-12"), 28) == D("2024-05-10"),
	      "a term ending on an added day runs on");
	check(cal_nholidays(&law, 2024) == 9 && !cal_is_holiday(&law, D("2024-05-10")),
	      "two calendars side by side: adding to one leaves the other");
	cal_add_days(&c, NULL, 0);
	check(cal_nholidays(&c, 2024) == 12, "adding no days changes nothing");
	cal_fini(&c);
}

static void test_default(void)
{
	struct holiday bridge = { D("2024-05-10"), "brugdag" };
	struct calendar *p = cal_default();

	check(p == cal_default() && cal_nholidays(p, 2024) == 9,
	      "the calendar of the process is one, and starts as the law");
	cal_add_days(p, &bridge, 1);
	check(cal_default() == p && cal_is_holiday(cal_default(), D("2024-05-10")),
	      "days added to it stay in it");
	cal_free();
	check(!cal_is_holiday(cal_default(), D("2024-05-10")),
	      "after cal_free it is built again without added days");
	cal_free();
}

/* The parser keeps the months it met (lib/date.c): a date of such a month is checked for
 * its day alone, and two months that share a slot (2024-02 and 1924-02) take turns.  The
 * day numbers are those of date_from_ymd, and the bad days are the ones date_valid
 * refuses, whatever was parsed before. */
static int month_day(const char *s, kday *day)
{
	int32_t ms;
	int off;

	return date_parse_time(s, strlen(s), day, &ms, &off) == 0;
}

static void test_parse_months(void)
{
	static const char *bad[] = { "2024-02-30", "2024-02-00", "2024-02-1x", "2023-02-29",
				     "2024-02-3",  "2024-13-01", "2024-02-99" };
	kday d = 0;
	int ok = 1, y, k;
	size_t i;

	for (k = 0; k < 3; k++) {
		for (y = 1924; y <= 2024; y += 100) {
			char s[16];
			int day;

			for (day = 1; day <= 29; day += 7) {
				snprintf(s, sizeof s, "%04d-02-%02d", y, day);
				if (!month_day(s, &d) || d != date_from_ymd(y, 2, day))
					ok = 0;
			}
			snprintf(s, sizeof s, "%04d-02-29", y);
			if (!month_day(s, &d) || d != date_from_ymd(y, 2, 29))
				ok = 0;
		}
		for (i = 0; i < sizeof bad / sizeof *bad; i++)
			if (month_day(bad[i], &d))
				ok = 0;
	}
	check(month_day("2023-02-28", &d) && d == date_from_ymd(2023, 2, 28) && ok,
	      "dates of months met before: the same day numbers, the same bad days");
}

int main(int argc, char **argv)
{
	diag_init(argv[0]);
	cal_init(&law);
	test_daynumbers();
	test_easter();
	test_parse();
	test_parse_months();
	test_zone();
	test_holidays();
	test_workdays();
	test_workdays_random();
	test_deadlines();
	test_added();
	test_default();
	cal_fini(&law);
	return failed;
}
