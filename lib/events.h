/* events: an event table loaded into compact form and grouped by case, for the commands
 * that follow cases through the chain (waits, bottleneck, flow, klantreis, report). */
#ifndef KETEN_EVENTS_H
#define KETEN_EVENTS_H

#include <stddef.h>
#include <stdint.h>

#include "csvio.h"
#include "date.h"
#include "model.h"

struct strtab;

/* One event: 28 bytes, so that ten million fit in under 300 MB. */
struct event {
	uint32_t kase;  /* interned case id */
	uint32_t group; /* interned values of the --by columns (0 when there are none) */
	uint32_t attr;  /* interned value of the first attribute column (0 when there is none) */
	int32_t day;    /* day number of the local date (in the zone of --tz) */
	int32_t ms;     /* milliseconds after local midnight, -1 when the date has no time */
	uint16_t stage; /* index into the model's stages */
	uint16_t flags; /* bit i: the condition of model norm i holds on this event */
	int16_t off;    /* the UTC offset of day + ms in minutes east; DATE_NOOFF for a wall
			   time without one (and a date alone), counted as if at UTC; in a
			   log that also has offsets, those get the zone's (keten(5)) */
};

/* The size that evlog's memory figures are documented with (keten-waits(1), Memory). */
_Static_assert(sizeof(struct event) <= 32, "struct event grew beyond 32 bytes");

/* What to load. */
struct evopts {
	const struct model *m;
	const char *by;    /* comma-separated group columns, or NULL */
	const char *attr;  /* comma-separated columns whose values each event keeps, or NULL;
			     the first goes in event.attr, the others beside (evlog_attr) */
	int attr_optional; /* an input without an attr column is fine: its values are "" */
	int norm_flags;    /* evaluate the model's norm conditions on every event */
	int ties_input;    /* events of one moment keep their input order, not the model's
			     stage order (--ties input; keten(5), "Order of events") */
	int closed;        /* a closed log (--closed): each case ended at its last event */
};

struct evlog {
	const char *name; /* the input's name for messages */
	const struct model *m;
	struct event *ev; /* sorted by case, then time, then stage order (unless ties_input),
			     then input order */
	size_t n;
	size_t *start;           /* the events of case c are ev[start[c]] .. ev[start[c + 1] - 1] */
	size_t ncases;           /* case c is the c-th case in order of first appearance */
	struct strtab *cases;    /* case ids by case number */
	struct strtab *groups;   /* group keys: the --by values joined by EVLOG_SEP */
	struct strtab *attrs;    /* the values of the first attribute column */
	size_t nattr;            /* the attribute columns kept (evopts.attr) */
	char **attr_names;       /* their names */
	struct strtab **attrtab; /* the values of each: attrtab[0] is attrs */
	uint32_t *xattr;         /* the values of columns 1 .. nattr - 1 of event i, at
				  xattr[i * (nattr - 1)]; NULL when nattr < 2 */
	const struct evlog *base; /* a selection (evlog_select): the log whose tables of
				     groups and values it shares; NULL otherwise */
	char **by;                /* the --by column names */
	size_t nby;
	kday minday, maxday; /* the earliest and latest dates in the input */
	long maxline;        /* the line of the (first) latest date */
	int has_time;        /* some date carried a time */
	int has_off;         /* some time carried a UTC offset */
	long rows;           /* events read */
	int closed;          /* evopts.closed: a case whose last event (up to the as-of date)
				is not at a terminal stage ended there, as if a terminal event
				without a reason followed it at the same moment (keten(5),
				"Censoring"); nothing is still waiting or open */
	int64_t *tstart;     /* the start of event i (keten(5), column start): when its activity
				began, in event_time()'s unit, or EVLOG_NO_START when the row gave
				none; NULL when the input has no start column */
};

/* The tstart of an event whose row has no start: it began when it completed. */
#define EVLOG_NO_START INT64_MIN

/* The start of event i of l in event_time()'s unit: its start column, or its completion when
 * it has none (as PM4Py's interval logs count a complete without a start). */
static inline int64_t evlog_start_time(const struct evlog *l, size_t i);

/* The separator between the values of several --by columns inside a group key. */
#define EVLOG_SEP '\x1f'

struct period;

/* Reads events from path ("-": stdin); errors (a missing column, a date that is not ISO,
 * a stage the model does not know) name the file, line and value and exit 1.  With the
 * model of -M infer (model_learning) the stages are learnt as they are met and the model
 * is finished by model_infer once the events are grouped, in time order with ties in
 * input order; the events are then renumbered and their ties put in the finished order.
 * A stage looked up in that model before the load (--between) is a usage error. */
struct evlog *evlog_load(const char *path, const struct evopts *o);
/* The same from a reader whose header was read (the loader closes it), for commands that
 * look at the header first to tell events from codes. */
struct evlog *evlog_read(struct csvr *r, const struct evopts *o);
void evlog_free(struct evlog *l);
/* The as-of date of a command (keten(5), "Censoring"): asof when given, which may not lie
 * before every date of l (a usage error); else the latest date of l, with a warning that
 * names its file and line when that date lies more than a year after 99% of the events. */
kday evlog_asof(const struct evlog *l, int given, kday asof);
/* The most events any one case has (at least 1): the room a per-case buffer needs. */
size_t evlog_max_case(const struct evlog *l);
/* Writes the --by column names as the first header fields. */
void evlog_write_by_names(const struct evlog *l, struct csvw *w);
/* Writes the values of group g as fields. */
void evlog_write_group(const struct evlog *l, uint32_t g, struct csvw *w);
/* The values of group g joined by ", ", for labels and messages; the caller frees it. */
char *evlog_group_text(const struct evlog *l, uint32_t g);
/* The groups in the order results list them (by their values, bytewise); returns an array
 * of l->groups' count ids that the caller frees, and fills rank[id] when rank is given. */
uint32_t *evlog_group_order(const struct evlog *l, uint32_t *rank);
/* The index of the attribute column name among evopts.attr, or -1. */
int evlog_attr_col(const struct evlog *l, const char *name);
/* The value id (in l->attrtab[k]) of attribute column k of event i. */
static inline uint32_t evlog_attr(const struct evlog *l, size_t i, size_t k)
{
	return k == 0 ? l->ev[i].attr : l->xattr[i * (l->nattr - 1) + k - 1];
}

/* Whether case c was in the chain during p: it has an event in p, or it was open across
 * p's start (period_case_in; events after p->to are not seen). */
int evlog_case_in_period(const struct evlog *l, size_t c, const struct period *p);

/* What the cases of a period did in it (keten-report(1), "Period and data"). */
struct period_counts {
	size_t cases; /* cases in the chain during the period (evlog_case_in_period) */
	long started; /* of which the first event falls in the period */
	long left;    /* of which an event in the period is at a terminal stage */
	long events;  /* events in the period */
};

/* The cases of l in the chain during p, as an array of l->ncases flags that the caller
 * frees; counts what they did when n is not NULL. */
uint8_t *evlog_period_cases(const struct evlog *l, const struct period *p, struct period_counts *n);
/* A log of the cases c of l with keep[c] set, with their events up to `to`, in l's order
 * of cases; it shares l's model and its tables of groups and values, so l must outlive
 * it.  Free it with evlog_free. */
struct evlog *evlog_select(const struct evlog *l, const uint8_t *keep, kday to);

/* The instant of an event in milliseconds since 1970-01-01T00:00Z, a date without time
 * counting as 00:00 and a time without an offset as if it were at UTC (keten(5), "Dates
 * and times"): the difference of two instants is the time between them, across a change
 * to or from summer time too. */
static inline int64_t event_time(const struct event *e)
{
	return (int64_t)e->day * 86400000 + (e->ms > 0 ? e->ms : 0) -
	       (e->off != DATE_NOOFF ? (int64_t)e->off * 60000 : 0);
}

/* The length of a day in event_time()'s unit. */
static inline int64_t evlog_day_ticks(void)
{
	struct event d = { 0 };

	d.day = 1;
	return event_time(&d);
}

static inline int64_t evlog_start_time(const struct evlog *l, size_t i)
{
	if (!l->tstart || l->tstart[i] == EVLOG_NO_START)
		return event_time(&l->ev[i]);
	return l->tstart[i];
}

#endif
