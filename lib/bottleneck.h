/* bottleneck: where the chain holds people longest or loses them (the stays of each stage,
 * keten-bottleneck(1)), the ranking of result rows, and the referral question of
 * keten-flow(1), each answered once for keten bottleneck, keten flow and keten report. */
#ifndef KETEN_BOTTLENECK_H
#define KETEN_BOTTLENECK_H

#include <stddef.h>
#include <stdint.h>

#include "csvio.h"
#include "dwell.h"
#include "events.h"

/* The ranking of result rows: within each group the rows that are not suppressed come
 * first, largest first by each key in turn (an empty value, NaN, below any number), ties
 * in the order of their keys; suppressed rows follow in key order. */
#define RANK_MAXKEYS 8

struct ranking {
	int key[RANK_MAXKEYS]; /* indices into a row's values */
	int nkeys;
	const uint32_t *grank; /* the place of each group in output order */
	const uint32_t *krank; /* the place of each key (a stage, a code) */
};

/* Sets the keys of rk: the column named by (when it is not NULL) among the ncols names of
 * cols, then the defaults other than it.  Returns 0, or -1 when by names no column. */
int ranking_keys(struct ranking *rk, const char *by, const char *const *cols, int ncols,
		 const int *defaults, int ndef);

/* One row to rank. */
struct rank_item {
	uint32_t group, key;
	const double *v; /* the values the keys index */
	int supp;        /* suppressed */
	size_t id;       /* the caller's own number of the row */
	long pos;        /* set by rank_items: the place in its group, 1, 2, ... */
};

/* Sorts items into output order under rk (groups by grank) and sets their pos. */
void rank_items(struct rank_item *items, size_t n, const struct ranking *rk);

/* The columns of a stage's row, in the order keten bottleneck writes them. */
/* clang-format off */
enum {
	BN_ENTERED, BN_LEFT, BN_DROPPED, BN_WIP, BN_MEDIAN, BN_P90, BN_DAYS, BN_SHARE,
	BN_DROPRATE, BN_OVER, BN_THROUGHPUT, BN_LITTLE, BN_NCOLS
};
/* clang-format on */
/* Their names, and the decimals each is written with. */
extern const char *const bottleneck_cols[BN_NCOLS];
extern const int bottleneck_decimals[BN_NCOLS];

/* The columns of a stage's row for a log whose events carry a start (evlog.tstart), after
 * the others: the waiting before the stage's activities began and their processing, in days
 * (keten-bottleneck(1)), measured as keten waits --measure measures them. */
enum { BN_WAIT_MEDIAN, BN_WAIT_P90, BN_PROC_MEDIAN, BN_PROC_P90, BN_LC_NCOLS };
extern const char *const bottleneck_lc_cols[BN_LC_NCOLS];

struct bottleneck_opts {
	kday asof;                   /* events after it are not seen */
	const struct period *period; /* --period (keten-bottleneck(1)): only the stays that
				   ended in it count, and those still open at asof, which the
				   caller sets to its end at the latest; NULL: every stay */
	long idle;                   /* days without an event after which an open case has
				  dropped; 0: never */
	const char *completed;       /* comma-separated reasons (the values of the log's first
				  attribute column) of a terminal event that complete a case;
				  NULL: only leaving the last stage before the end does */
	long min_n;                  /* K of keten(5), "Small cells" */
	const struct ranking *rank;  /* the keys of the ranking; NULL: share, then drop_rate */
};

/* The stays of one group in one stage (keten-bottleneck(1) defines each column). */
struct bottleneck_row {
	uint32_t group, stage;
	double v[BN_NCOLS];     /* every value, the blank ones too */
	long cases;             /* distinct cases that stayed there */
	int supp;               /* 0 < cases < min_n: the row shows nothing and has no rank */
	unsigned blank;         /* bit j: column j is blank under min_n (keten(5), "Small
			     * cells"; keten-bottleneck(1), --min-n): a row of supp has every
			     * bit, others may have some, and a row with any is suppressed */
	long pos;               /* the place in its group's ranking, 1, 2, ...; rows of supp last */
	double lc[BN_LC_NCOLS]; /* with starts: waiting and processing (NaN: none) */
	long nproc, nwait;      /* the activities they rest on */
	unsigned lc_blank;      /* bit j: lc[j] is blank under min_n */
};

/* The stage rows of l (loaded with norm_flags, and with the reason as its first attribute
 * column when o->completed is set), with their lc columns when l has starts, ranked: in group order, then by pos, the blank values
 * ranking as empty ones.  Sets *n. */
struct bottleneck_row *bottleneck_stages(const struct evlog *l, const struct bottleneck_opts *o,
					 size_t *n);

/* The counts the stage rows are computed from (keten(5), "Partial results"): per group
 * and stage the distinct cases, the ended stays as counts per dwell by how they ended, the
 * open stays and the norm waits still waiting as counts per instant they began (so that
 * they are judged at the as-of date of the whole), the waits past a norm that ended, and
 * with starts the waiting and processing of the activities as counts per value.  Counts of
 * disjoint sets of whole cases add up to those of their union. */
enum {
	BN_C_CASES, /* distinct cases with a stay */
	BN_C_LEFT,  /* ended stays per dwell (v), by how they ended */
	BN_C_DONE,
	BN_C_DROPPED,
	BN_C_IDLE,
	BN_C_OPEN,       /* open stays per start (day, ms, off) and last day of their case */
	BN_C_OVER,       /* ended waits past a norm that start in the stage */
	BN_C_NORM_OPEN,  /* waits of norm `norm` still waiting, per start */
	BN_C_WAITING,    /* with starts: per waiting (v, days) */
	BN_C_PROCESSING, /* with starts: per processing (v, days) */
	BN_C_NKINDS
};
extern const char *const bottleneck_count_kinds[BN_C_NKINDS];

/* One counted value; its bytes are a strtab key, so all of it is set (memset first). */
struct bn_count {
	uint32_t group, stage;
	uint8_t kind;
	uint8_t pad;
	int16_t norm;
	int32_t day, ms, off, last;
	double v;
};

struct strtab;

struct bottleneck_counts {
	struct strtab *keys; /* struct bn_count */
	long *count;
	size_t cap;
	kday first;   /* the earliest date of the input (throughput counts from it) */
	int nonempty; /* first is set */
	int starts;   /* the input has starts: the rows get their lc columns */
};

void bottleneck_counts_init(struct bottleneck_counts *bc);
void bottleneck_counts_add(struct bottleneck_counts *bc, const struct bn_count *k, long count);
const struct bn_count *bottleneck_count_key(const struct bottleneck_counts *bc, uint32_t id);
/* The order of counts: by group (grank), by stage (krank, or the stage number when krank
 * is NULL), then kind, value, start instant, last and norm; -1, 0 or 1. */
int bottleneck_count_cmp(const struct bn_count *a, const struct bn_count *b, const uint32_t *grank,
			 const uint32_t *krank);
void bottleneck_counts_free(struct bottleneck_counts *bc);

/* Adds the counts of l under o (o->asof, o->period, o->idle, o->completed) to bc. */
void bottleneck_count(const struct evlog *l, const struct bottleneck_opts *o,
		      struct bottleneck_counts *bc);

/* The stage rows from the counts of bc, ranked as bottleneck_stages ranks them: the open
 * stays and waits judged at o->asof (an open stay of a case without an event for o->idle
 * days counts as idle).  l gives the model and the groups (and nothing else).  Sets *n. */
struct bottleneck_row *bottleneck_finish(const struct evlog *l, const struct bottleneck_opts *o,
					 const struct bottleneck_counts *bc, size_t *n);

/* Writes the rows as keten bottleneck writes them (keten-bottleneck(1)): with starts the
 * lc columns too, and top > 0 the first top of each group. */
void bottleneck_write(const struct evlog *l, const struct bottleneck_row *rows, size_t n,
		      int starts, long top, struct csvw *w);

/* The referral question (keten-flow(1), "The referral question"): of the cases with a
 * stay at informal help, how many reach formal help after their first informal stay,
 * and of those that never do, how many ended and how many are still open. */
#define REFERRAL_INFORMAL "informeel"
#define REFERRAL_FORMAL "formeel"

struct referral {
	uint32_t group; /* the group of the cases' first informal stay */
	long cases;     /* cases with a stay at informal help */
	long reached;   /* of which a stay at formal help follows the first informal one */
	long never;     /* cases - reached */
	long ended;     /* of those, the ones whose last stay ended the journey */
	long open;      /* and the ones still there at the as-of date */
	int supp;       /* cases is blank: the group's figures say nothing */
	unsigned blank; /* REFERRAL_BLANK_ bits */
};

/* The figures of a referral row that min_n blanks (keten(5), "Small cells"): the counts, of
 * which cases = reached + never and never = ended + open, and the share of never in cases,
 * blank with either. */
enum {
	REFERRAL_BLANK_CASES = 1,
	REFERRAL_BLANK_REACHED = 2,
	REFERRAL_BLANK_NEVER = 4,
	REFERRAL_BLANK_ENDED = 8,
	REFERRAL_BLANK_OPEN = 16,
	REFERRAL_BLANK_SHARE = 32,
};

/* One row per group with informal cases, in group order, from the stays that s follows
 * (s->on_attr names the org_type column; s->period is not looked at: a case is followed
 * whole), its figures blanked by the rule of keten(5), "Small cells", with K = min_n.
 * Sets *n. */
struct referral *referral_count(const struct evlog *l, const struct dwellspec *s, long min_n,
				size_t *n);

#endif
