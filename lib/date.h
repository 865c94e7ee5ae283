/* date: ISO dates and times as day numbers, and the Dutch working-day calendar of the
 * Algemene termijnenwet (keten-model(7), Working days and deadlines; keten-calendar(1)). */
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
/* Parses YYYY-MM-DD, or YYYY-MM-DDTHH:MM[:SS] (a space may stand for the T).  Returns 0
 * and sets *day and *sec (seconds after midnight, -1 when no time was given), or -1 when
 * s is not such a date or names a date that does not exist. */
int date_parse_iso(const char *s, size_t n, kday *day, int *sec);
/* Writes YYYY-MM-DD and a NUL into buf (11 bytes). */
void date_format(kday day, char *buf);
/* Easter Sunday of a Gregorian year, computed (Meeus/Jones/Butcher). */
kday date_easter(int year);

/* A holiday of the calendar. */
struct holiday {
	kday day;
	const char *name;
};

/* The holidays of year under art. 3 of the Algemene termijnenwet plus any added with
 * cal_add_file, in date order; returns how many were written (at most max).  Two
 * holidays of the law on one day are both listed; an added day that is already a
 * holiday is not. */
int cal_holidays(int year, struct holiday *out, int max);
/* How many holidays cal_holidays has for year: the size its out needs. */
int cal_nholidays(int year);
/* Adds the days of a keten CSV file with a column 'date' (and optionally 'name'; an
 * empty or missing name is "extra"): bridge days set by decree.  Errors name the file
 * and line and exit.  A day given twice keeps its first name. */
void cal_add_file(const char *path);
int cal_is_holiday(kday day);
/* Monday to Friday and not a holiday. */
int cal_is_workday(kday day);
/* The working days after from up to and including to; negative when to < from. */
long cal_workdays(kday from, kday to);
/* The last day of a term of n calendar days that starts on start, run on to the next
 * working day when it falls on a Saturday, Sunday or holiday (art. 1). */
kday cal_deadline_days(kday start, int n);
/* The day on which the n-th working day after start falls; start itself for n = 0, and
 * the |n|-th working day before start for n < 0. */
kday cal_deadline_workdays(kday start, int n);
/* Frees the added days and the working-day table (for a clean exit). */
void cal_free(void);

#endif
