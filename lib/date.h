/* date: ISO dates and times as day numbers, and the Dutch working-day calendar of the
 * Algemene termijnenwet (keten-model(7), Working days and deadlines; keten-calendar(1)).
 * This module reads no files: holidays.h reads holidays files into a calendar (HACKING.md,
 * "Layers"). */
#ifndef KETEN_DATE_H
#define KETEN_DATE_H

#include <stddef.h>
#include <stdint.h>

/* A day number: days since 1970-01-01 (negative before it). */
typedef int32_t kday;

/* 1 when y-m-d is a date of the proleptic Gregorian calendar (years 1..9999). */
int date_valid(int y, int m, int d);
kday date_from_ymd(int y, int m, int d);
void date_to_ymd(kday day, int *y, int *m, int *d);
/* 0 = Monday ... 6 = Sunday. */
int date_weekday(kday day);
/* Parses the date and time forms of keten(5): YYYY-MM-DD, or YYYY-MM-DDTHH:MM[:SS[.F]]
 * (a space may stand for the T; F is 1 to 9 digits, of which the first three are kept)
 * followed by nothing, Z or an offset +HH:MM or -HH:MM.  A time with an offset or Z is
 * moved into the zone of date_zone_set, so that *day is always the local day.  Returns 0
 * and sets *day, *ms (milliseconds after local midnight, -1 when no time was given) and
 * *off (the offset in minutes east of UTC; DATE_NOOFF for a time without one, a local
 * wall time, and for a date alone), or -1 when s is not such a date or names a date that
 * does not exist. */
int date_parse_time(const char *s, size_t n, kday *day, int32_t *ms, int *off);
/* The same, in whole seconds: *sec is the seconds after midnight (a fraction dropped),
 * -1 when no time was given. */
int date_parse_iso(const char *s, size_t n, kday *day, int *sec);
/* Writes YYYY-MM-DD and a NUL into buf (11 bytes). */
void date_format(kday day, char *buf);
/* Writes the keten form of a date and time and a NUL into buf (DATE_TIME_MAX bytes) and
 * returns its length: YYYY-MM-DD alone when ms is -1, else THH:MM, then :SS when with_sec
 * or when the seconds or milliseconds are not zero, then .mmm when the milliseconds are
 * not zero, then +HH:MM or -HH:MM unless off is DATE_NOOFF. */
size_t date_time_format(kday day, int32_t ms, int off, int with_sec, char *buf);
#define DATE_TIME_MAX 36

/* No UTC offset: a local wall time, or a date alone. */
#define DATE_NOOFF INT16_MIN
/* The zone that times with an offset are converted into unless --tz names another. */
#define DATE_ZONE_DEFAULT "Europe/Amsterdam"
/* Makes name, a zone of the system's tz database (tzdata: Europe/Amsterdam, UTC,
 * America/New_York), the zone of date_parse_time and of the functions below.  Returns -1,
 * changing nothing, when the database has no such zone.  The C library answers for the
 * zone's offsets and its changes to and from summer time (keten(5), "Dates and times"). */
int date_zone_set(const char *name);
/* The name of the zone in use. */
const char *date_zone(void);
/* The offset of the zone, in minutes east of UTC, at the instant t (milliseconds since
 * 1970-01-01T00:00Z).  A zone that the tz database lacks ends the program with a message
 * that names it. */
int date_zone_offset_at(int64_t t);
/* The offset of the zone at the local wall time day + ms (ms -1 counting as 00:00): in
 * the hour that a change to summer time skips, the offset before it; in the hour that a
 * change back repeats, the offset after it. */
int date_zone_offset_local(kday day, int32_t ms);
/* Moves the wall time *day + *ms at the offset *off (not DATE_NOOFF) into the zone: the
 * same instant as the zone's local day, milliseconds and offset. */
void date_zone_localize(kday *day, int32_t *ms, int *off);
/* Easter Sunday of a Gregorian year, computed (Meeus/Jones/Butcher). */
kday date_easter(int year);

/* A holiday of the calendar. */
struct holiday {
	kday day;
	const char *name;
};

/* A working-day calendar: the holidays of art. 3 of the Algemene termijnenwet plus days
 * added to it (bridge days set by decree), and a table of the working days before each
 * day of 1900-01-01 .. 2199-12-31, so that a count is two look-ups.  cal_init builds it
 * and cal_add_days changes it; every other function only reads it, through a const
 * pointer, so a computation never changes a calendar and two calendars can be used side
 * by side.  The members are the calendar's own: read them through the functions below. */
struct calendar {
	struct holiday *extra; /* the added days, sorted by day, each day once */
	size_t nextra;
	kday t0, t1;         /* the days the table covers: [t0, t1) */
	unsigned char *flag; /* per day of the table: a working day, a holiday */
	int32_t *cum;        /* cum[i]: the working days in [t0, t0 + i) */
};

/* Makes c the calendar of the law, with no added days. */
void cal_init(struct calendar *c);
/* Adds n days to c, in any order; their names are copied (NULL: "extra").  A day that is
 * already a holiday of the law is not listed twice, and a day given twice (in days, or
 * in an earlier call) keeps its first name.  Files of such days are read by holidays.h. */
void cal_add_days(struct calendar *c, const struct holiday *days, size_t n);
/* Frees what c holds; cal_init makes it usable again. */
void cal_fini(struct calendar *c);

/* The calendar of the process: the one a command's --holidays files are added to
 * (holidays.h) and in which keten counts working days (waits_measure_to in waits.h).
 * Built by the first call, freed by cal_free; the only calendar that is not passed by
 * its user. */
struct calendar *cal_default(void);
/* Frees the calendar of the process (for a clean exit); a later cal_default builds it
 * again, without added days. */
void cal_free(void);

/* The holidays of year in c: those of art. 3 plus the added days, in date order; returns
 * how many were written (at most max).  Two holidays of the law on one day are both
 * listed; an added day that is already a holiday is not. */
int cal_holidays(const struct calendar *c, int year, struct holiday *out, int max);
/* How many holidays cal_holidays has for year: the size its out needs. */
int cal_nholidays(const struct calendar *c, int year);
int cal_is_holiday(const struct calendar *c, kday day);
/* Monday to Friday and not a holiday. */
int cal_is_workday(const struct calendar *c, kday day);
/* The working days after from up to and including to; negative when to < from. */
long cal_workdays(const struct calendar *c, kday from, kday to);
/* The last day of a term of n calendar days that starts on start, run on to the next
 * working day when it falls on a Saturday, Sunday or holiday (art. 1). */
kday cal_deadline_days(const struct calendar *c, kday start, int n);
/* The day on which the n-th working day after start falls; start itself for n = 0, and
 * the |n|-th working day before start for n < 0. */
kday cal_deadline_workdays(const struct calendar *c, kday start, int n);

#endif
