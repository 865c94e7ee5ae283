/* dwell: the stays of cases in the stages of the chain (or in the values of any column,
 * such as org or org_type) and the moves between them, for keten bottleneck, flow,
 * klantreis and report. */
#ifndef KETEN_DWELL_H
#define KETEN_DWELL_H

#include <stddef.h>
#include <stdint.h>

#include "events.h"
#include "opt.h"

/* How a stay ended. */
enum stay_end {
	STAY_LEFT,    /* the case moved on to another stage (or value) */
	STAY_DONE,    /* the case reached a terminal stage and completed (see dwellspec) */
	STAY_DROPPED, /* the case reached a terminal stage without completing */
	STAY_IDLE,    /* no event for dwellspec.idle days up to asof: deemed to have dropped */
	STAY_OPEN,    /* still there at asof */
};

/* The `next` of a stay that ended at a terminal stage, and of one that is open or idle. */
#define DWELL_END (UINT32_MAX - 1)
#define DWELL_OPEN UINT32_MAX

/* One stay: a run of consecutive events of a case with the same stage (or value).  A
 * terminal stage is no stay: it ends the one before it. */
struct stay {
	uint32_t a;    /* the event that began it (index into evlog.ev) */
	uint32_t b;    /* the event that ended it: the first of the next stay, or the terminal
			  event; UINT32_MAX when open or idle */
	uint32_t key;  /* the stage, or with on_attr the value id of the attribute column */
	uint32_t next; /* the key of the next stay, DWELL_END or DWELL_OPEN */
	double d;      /* the dwell in the unit asked for: to b; when open to asof; when idle
			  to the case's last event plus idle days */
	uint8_t end;   /* enum stay_end */
};

struct dwellspec {
	kday asof; /* events after it are not seen */
	enum wait_unit unit;
	int on_attr;              /* 0: stays in the stages; k + 1: in the values of the log's
				   attribute column k (evlog_attr), events whose value is
				   empty being passed over */
	long idle;                /* days without an event, up to asof, after which an open
				   case counts as dropped; 0: never */
	int last_done;            /* an exit from the model's last non-terminal stage completes */
	const uint8_t *done_attr; /* without on_attr: per value id of the first attribute
				     column (the reason), 1 when a terminal event with that
				     value completes; NULL: none does */
	int start_stage;          /* only cases whose first event is this stage; -1: all */
	/* The stays of a period (keten-flow(1), --period): only those that ended in it (left,
	 * done, dropped, or idle as of their last event plus idle days) and those still open
	 * at asof, which the caller sets no later than the period's end (waits_period_asof);
	 * NULL: every stay. */
	const struct period *period;
};

/* The stays of case c, in time order, written to out; returns how many.  The case is
 * followed whole, up to s->asof; with s->period only the stays of the period are written. */
size_t dwell_of_case(const struct evlog *l, size_t c, const struct dwellspec *s, struct stay *out);

/* The stays of one group at one stage (or value). */
struct dwell_cell {
	uint32_t group, key;
	long entered;                         /* stays begun */
	long cases;                           /* distinct cases among them */
	long left, done, dropped, idle, open; /* how they ended; these add up to entered */
	double total;    /* the dwells of all stays added up, open ones to asof */
	const double *d; /* the dwells of the stays that ended (all but open),
				    ascending */
	size_t nd;
};

/* The moves of one group from one stage (or value) to the next. */
struct dwell_move {
	uint32_t group, from, to; /* to: a key, DWELL_END or DWELL_OPEN */
	long n;                   /* stays that ended so */
	long cases;               /* distinct cases among them */
	double share;             /* 100 * cases / the distinct cases with a stay at from in
				     the group: where the people at from went (NaN unless
				     the table has DWELL_CELLS too) */
	const double *d;          /* the dwells in from, ascending: to the next stay, to the
				     terminal event, or (open) to asof */
	unsigned blank;           /* DWELL_BLANK_ bits: what dwell_blank_moves blanked */
};

/* The figures of a move that --min-n blanks (keten(5), "Small cells"): its cases; its share,
 * which rests on its cases and on the cases at from; the waits (median, p90), which rest on
 * its cases. */
enum { DWELL_BLANK_CASES = 1, DWELL_BLANK_SHARE = 2, DWELL_BLANK_WAITS = 4 };

struct dwell_table {
	struct dwell_cell *cell; /* by group (evlog_group_order), then key order */
	size_t ncells;
	struct dwell_move *move; /* by group, from, then to (DWELL_END and DWELL_OPEN last) */
	size_t nmoves;
	double *pool; /* private: the values the d pointers point into */
	double *mpool;
};

enum { DWELL_CELLS = 1, DWELL_MOVES = 2 };

/* Every stay of the log, summed per group and key (what is DWELL_CELLS) and per group and
 * move (DWELL_MOVES).  Keys are in model order for stages and bytewise for values. */
void dwell_table(const struct evlog *l, const struct dwellspec *s, int what, struct dwell_table *t);
void dwell_table_free(struct dwell_table *t);

/* Sets the blank of every move of t (built with DWELL_CELLS and DWELL_MOVES) by the rule of
 * keten(5), "Small cells", with K = k: a move made by 0 < cases < K is blank; the cases at
 * a from, which its shares give away, are the total of its moves, so a from with one blank
 * move has its next smallest blanked too; a share is blank with its part or its whole, the
 * waits with the cases. */
void dwell_blank_moves(struct dwell_table *t, long k);

/* The directly-follows pairs of the log (keten-flow(1), --count events), as PM4Py's
 * discover_dfg counts them: every two consecutive events of a case (up to s->asof; with
 * s->on_attr the events with an empty value passed over) are one occurrence of the pair
 * of their keys, a key followed by itself included, and terminal stages are keys like
 * any other.  t->move gets one move per group and pair, in the order of dwell_table's
 * moves: n is the occurrences, cases the distinct cases that make them, d the waits
 * from the first event of each to the second, share 100 * n / the occurrences from the
 * same key in the group.  With s->period only the occurrences whose second event falls
 * in it count; s->start_stage holds as in dwell_of_case.  t has no cells. */
void dwell_follows(const struct evlog *l, const struct dwellspec *s, struct dwell_table *t);
/* Sets the blank of every move of a dwell_follows table by the rule of keten(5), "Small
 * cells", with K = k: a pair made by 0 < cases < K has every figure blank (its
 * occurrences rest on those cases), and so does a pair of 0 < n < K; the occurrences
 * from a key, which its shares give away, are the total of its pairs, so a key with one
 * blank pair has its next smallest blanked too; a share is blank with its whole. */
void dwell_blank_follows(struct dwell_table *t, long k);

/* The dwell of a stay begun at event a and still open at asof, as dwell_of_case measures
 * it (to the end of the as-of day in hours). */
double dwell_open(const struct event *a, kday asof, enum wait_unit unit);

/* Puts the cells and moves of a table that its caller filled (keten merge: cells with
 * group, key and cases; moves with group, from, to, n, cases and d ascending) in
 * dwell_table's order, and sets the shares of the moves. */
void dwell_table_order(const struct evlog *l, const struct dwellspec *s, struct dwell_table *t);

/* Writes the moves of t as the CSV of keten-flow(1) (count_events: --count events), with
 * the blanks of t's blank bits. */
void dwell_write_moves(const struct evlog *l, const struct dwellspec *s,
		       const struct dwell_table *t, int count_events, struct csvw *w);

/* How many keys there are: the stages, or the values of the column followed. */
size_t dwell_nkeys(const struct evlog *l, const struct dwellspec *s);
/* The rank of each key in output order (model order of stages, or the values bytewise);
 * returns an array the caller frees, indexed by key. */
uint32_t *dwell_key_rank(const struct evlog *l, const struct dwellspec *s);
/* The text of a key: a stage name, a value, "(end)" or "(open)". */
const char *dwell_key_name(const struct evlog *l, const struct dwellspec *s, uint32_t key);

#endif
