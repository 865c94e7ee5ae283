/* period: spans of days named as people name them (2026-10, 2026-Q4, 2026, 2026-10-05,
 * this, last, last-month, and FROM..TO), relative to a today that a cron job can fix. */
#ifndef KETEN_PERIOD_H
#define KETEN_PERIOD_H

#include <stddef.h>

#include "date.h"

/* A span of days, both ends included; an open end is INT32_MIN or INT32_MAX. */
struct period {
	kday from, to;
};

/* The forms a term may take, as bits. */
enum {
	PERIOD_YEAR = 1,    /* YYYY */
	PERIOD_QUARTER = 2, /* YYYY-Qn */
	PERIOD_MONTH = 4,   /* YYYY-MM */
	PERIOD_DAY = 8,     /* YYYY-MM-DD */
	PERIOD_ANY = 15,
};

/* Parses one term of the forms in forms (n bytes of s): a form above; "this" or "last"
 * when forms is the single form of a month, quarter or year; or this-month, last-month,
 * this-quarter, last-quarter, this-year, last-year when their form is in forms.  "this"
 * and "last" count from today.  Returns 0, or -1 when s is no such term. */
int period_term(const char *s, size_t n, int forms, kday today, struct period *p);
/* A term of any form, or FROM..TO where FROM or TO (not both) may be left out for an
 * open end, and FROM may not begin after TO ends.  Returns 0 or -1. */
int period_parse(const char *s, kday today, struct period *p);
/* The day that "this" and "last" count from: the date s (YYYY-MM-DD) when given, a bad
 * one being a usage error that names opt; otherwise the machine's date today. */
kday period_today(const char *opt, const char *s);
/* The last day of month m (1..12) of year y. */
kday period_month_end(int y, int m);

/* Period membership, the one definition keten filter --active and keten report share
 * (keten-filter(1)): a case is in the chain during a period when it has an event in it,
 * or when it was open across the period's start: it has an event before the period and
 * the latest of them is not at a terminal stage.  A case whose first event comes after
 * the period is not in it.  "Latest" is the order of keten(5): by date and time (a date
 * without a time before any time that day), then by the stages' model order, then by
 * input order.
 *
 * What membership needs to know of a case, gathered one event at a time, in any order. */
struct period_case {
	kday day;               /* the latest event before the period: its day, */
	int ms;                 /* its milliseconds after midnight (-1: no time), */
	int order;              /* its stage's place in the model order */
	unsigned char terminal; /* and whether that stage is terminal */
	unsigned char before;   /* there is an event before the period */
	unsigned char inside;   /* there is an event in the period */
};

void period_case_init(struct period_case *c);
/* Notes an event of the case on day (ms milliseconds after midnight, -1 without a time)
 * at a stage of model order `order`, terminal or not; events are given in input order. */
void period_case_add(struct period_case *c, const struct period *p, kday day, int ms, int order,
		     int terminal);
/* Whether the case was in the chain during the period. */
int period_case_in(const struct period_case *c);

#endif
