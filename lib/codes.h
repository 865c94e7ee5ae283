/* codes: a codes table (coded interview segments) loaded into compact rows whose text
 * values are interned per column, for keten codes, agree, bottleneck and klantreis. */
#ifndef KETEN_CODES_H
#define KETEN_CODES_H

#include <stddef.h>
#include <stdint.h>

struct csvw;
struct model;
struct strtab;

/* The text columns of a codes table (keten(5), Codes); each is interned on its own, so
 * that a value's id is dense within its column. */
enum codes_col {
	CODES_INTERVIEW,
	CODES_CODE,
	CODES_ROLE,
	CODES_CITY,
	CODES_CHAIN,
	CODES_PHASE,
	CODES_SEGMENT,
	CODES_CODER,
	CODES_QUOTE,
	CODES_NCOLS
};
/* The columns that are parsed rather than interned, numbered after the others so that
 * one bit mask can name any column. */
enum { CODES_POLARITY = CODES_NCOLS, CODES_WEIGHT, CODES_ALLCOLS };

#define CODES_BIT(col) (1u << (col))

/* The id of an empty field, or of a column the input does not have. */
#define CODES_NONE UINT32_MAX

enum codes_polarity { CODES_POL_NONE, CODES_POL_KNELPUNT, CODES_POL_SUCCES };

/* One coded segment: 64 bytes, so that a million take 64 MB. */
struct codes_row {
	uint32_t id[CODES_NCOLS]; /* interned value per column, or CODES_NONE */
	uint32_t file;            /* index into codes.files */
	double weight;            /* NaN when empty or not loaded */
	long line;                /* the physical line where the record starts */
	uint8_t polarity;         /* enum codes_polarity */
};

/* What to load, and what makes a row unusable. */
struct codes_opts {
	unsigned cols;     /* CODES_BIT mask of the columns to load besides interview and
			    * code; the others read as CODES_NONE (0: all but quote) */
	unsigned need;     /* columns every input must have (interview and code always) */
	unsigned nonempty; /* columns whose empty value rejects a row (interview always,
			    * code unless CODES_EMPTY_CODE) */
	int flags;
	const struct model *model; /* when set, phase must be a phase of the model or
				    * `keten`, and phase ids are model phase indices,
				    * `keten` being model->nphases */
	const char *rejects;       /* file for unusable rows; NULL: the first one is an error */
};

enum {
	/* A row with an empty code is kept (code = CODES_NONE): it says that the coder read
	 * the segment and applied no code (keten agree). */
	CODES_EMPTY_CODE = 1,
};

struct codes {
	struct codes_row *row; /* in input order */
	size_t n;
	struct strtab *tab[CODES_NCOLS]; /* NULL for a column not loaded */
	unsigned cols;                   /* CODES_BIT mask of the loaded columns some input had */
	const struct model *model;
	char **files; /* input names, for messages */
	size_t nfiles;
	long read, rejected; /* records read and rows rejected, over all inputs */

	/* Private to codes.c. */
	struct codes_opts o;
	struct csvw *rej;
	size_t cap;
};

/* An empty table that codes_read fills. */
struct codes *codes_new(const struct codes_opts *o);
/* Appends the rows of path ("-": stdin).  Columns are found by name in each input; a
 * missing required column and, without a rejects file, an unusable row are errors that
 * name the file, line and value, and exit 1. */
void codes_read(struct codes *c, const char *path);
/* The same from a reader whose header was read; the reader is closed. */
struct csvr;
void codes_read_csv(struct codes *c, struct csvr *r);
/* Closes the rejects file and, when rows were rejected, says how many on stderr. */
void codes_done(struct codes *c);
/* A command's codes: the n files of paths (stdin when n is 0) read in turn, codes_done,
 * and the codes rolled up to their first `level` levels when level is not 0. */
void codes_read_all(struct codes *c, char *const *paths, int n, int level);
void codes_free(struct codes *c);

/* The number of distinct values of a column (0 when it was not loaded). */
size_t codes_count(const struct codes *c, int col);
/* The text of a value; "" for CODES_NONE. */
const char *codes_str(const struct codes *c, int col, uint32_t id);
/* The id of a value, or CODES_NONE. */
uint32_t codes_find(const struct codes *c, int col, const char *s);

/* Rolls hierarchical codes (`Parent>Child>...`) up to their first level levels: each code
 * becomes its first level parts, each trimmed of spaces and tabs, joined by `>`.  Code
 * ids are renumbered. */
void codes_rollup(struct codes *c, int level);

/* The ids of a column in the order results list them: bytewise by text, except phases
 * under a model, which keep the model's order.  Returns codes_count(col) ids, with the
 * rank of each id in rank[id] when rank is not NULL; the caller frees the array. */
uint32_t *codes_order(const struct codes *c, int col, uint32_t *rank);

/* Stably sorts the row numbers perm[0..n) by key[perm[i]], each key below nkey or
 * CODES_NONE (last), in linear time.  Sort by the least significant key first. */
void codes_isort(uint32_t *perm, size_t n, const uint32_t *key, size_t nkey);
/* The same with the ids of column col of each row as the key. */
void codes_sort_col(const struct codes *c, uint32_t *perm, size_t n, int col);

/* The units of analysis: interviews, or segments (an interview and a segment id in it). */
struct codes_units {
	uint32_t *of_row;    /* per row its unit, CODES_NONE for a row without segment */
	size_t n;            /* units */
	uint32_t *interview; /* per unit its interview */
	uint32_t *segment;   /* per unit its segment id (CODES_NONE by interview) */
};

void codes_units(const struct codes *c, int by_segment, struct codes_units *u);
void codes_units_free(struct codes_units *u);

/* Whether a count of interviews is too small to show under --min-n K: 1 to K - 1.  An
 * empty cell singles no one out and stays (keten-codes(1), Small cells and quotes). */
int codes_small(long interviews, long min_n);

/* Tallies: the segments and interviews of each code per group, the one count behind
 * keten codes freq and matrix, the codes of keten bottleneck and the knelpunten of keten
 * klantreis.
 *
 * Groups are the values of a column.  A segment whose chain is `beide` (both) counts in
 * every other chain: grouped by chain, it counts in each chain the table names besides
 * `beide`, which then is no group of its own (it stays one when the table names no other
 * chain); restricted to one chain (only_col), it counts for whichever chain that is. */
enum {
	CODES_T_KNELPUNT = 1, /* leave out the segments of polarity succes */
	CODES_T_QUOTES = 2,   /* find the first quote of each cell */
};

struct codes_tally_opts {
	int col;        /* the column grouped by, or -1 for one group */
	unsigned flags; /* CODES_T_* */
	/* With only_col >= 0: only the rows that concern the value only of column only_col
	 * count: those with that value, with no value, and (chain) with `beide`.  only need
	 * not be a value of the table. */
	int only_col;
	const char *only;
};

struct codes_tally {
	int col;             /* the column grouped by, or -1 */
	size_t ng, nc;       /* groups: the ids of col, then (ng - 1) the rows without a
			      * value; codes */
	uint32_t spread;     /* the id of `beide` when its rows count in the other chains,
			      * else CODES_NONE */
	long *segs, *ints;   /* [g * nc + code]: segments, distinct interviews */
	double *weight;      /* [g * nc + code]: the sum of the weights given */
	long *gsegs, *gints; /* per group, whatever the code */
	long *csegs, *cints; /* per code, over all groups: each segment and interview once */
	long tsegs, tints;   /* all the segments and interviews counted, each once */
	uint32_t *quote;     /* with CODES_T_QUOTES, [g * nc + code]: the first row (in input
			      * order) with a quote, or CODES_NONE; else NULL */
	/* The segments counted, once per group they count in, sorted by group, code and
	 * interview: entry e is row erow[e] in group egroup[e]. */
	uint32_t *erow, *egroup;
	size_t ne;
};

void codes_tally(const struct codes *c, const struct codes_tally_opts *o, struct codes_tally *t);
void codes_tally_free(struct codes_tally *t);

/* The counts a tally of keten codes freq is computed from, without an interview id
 * (keten(5), "Partial results"): per group value (before `beide` is spread) and code the
 * segments, and per set of group values the (interview, code) pairs, and the interviews
 * whatever the code, whose segments carry exactly that set.  Counts of disjoint sets of
 * whole interviews add up to the counts of their union (keten-merge(1)). */
enum { CODES_K_SEGMENTS, CODES_K_INTERVIEWS };

struct codes_counts {
	struct strtab *keys; /* kind, code (CODES_NONE: any code), then the group ids
			      * ascending (CODES_NONE: no value), as uint32_t */
	long *count;
	size_t cap;
};

void codes_counts_init(struct codes_counts *k);
void codes_counts_free(struct codes_counts *k);
/* Adds count to the key of kind, code and the n groups g (ascending). */
void codes_counts_add(struct codes_counts *k, uint32_t kind, uint32_t code, const uint32_t *g,
		      size_t n, long count);
/* The key id: sets *kind and *code, points *g at its groups; returns how many. */
size_t codes_counts_key(const struct codes_counts *k, uint32_t id, uint32_t *kind, uint32_t *code,
			const uint32_t **g);
/* The counts of c grouped by column col (-1: one group), every row counting. */
void codes_counts_of(const struct codes *c, int col, struct codes_counts *k);
/* The tally of keten codes freq (codes_tally with o->col = col, no flags, only_col -1,
 * without quotes and entries) from counts k whose ids are those of c. */
void codes_tally_of_counts(const struct codes *c, int col, const struct codes_counts *k,
			   struct codes_tally *t);

/* The groups of a tally in the order results list them: by text (phases in the model's
 * order), without the group `beide` spread over the others, and the rows without a value
 * last when there are any.  Returns *n ids; the caller frees the array. */
uint32_t *codes_tally_groups(const struct codes *c, const struct codes_tally *t, size_t *n);

/* How listings are ordered (keten-codes(1) --order and --min-n). */
struct codes_rank {
	long min_n;  /* rows of 1 to min_n - 1 interviews are blanked (codes_small) and
		      * come last, in text order; 0: none */
	int by_code; /* by text alone */
};

/* The nc codes in listing order: by the count k1, largest first, then by k2 (may be
 * NULL), then by text, rank[code] being the code's rank in text order (codes_order); the
 * codes whose count is blank come last, in text order: those with blank[code] set, or
 * when blank is NULL those whose ints are 1 to r->min_n - 1.  The caller frees the
 * array. */
uint32_t *codes_rank_codes(const struct codes_rank *r, const uint32_t *rank, size_t nc,
			   const long *k1, const long *k2, const long *ints, const uint8_t *blank);

/* The blanks of a crosstab of a tally under --min-n K (keten(5), "Small cells";
 * keten-codes(1), Small cells): a row per code, a column per group of gids (ngroups ids,
 * as codes_tally_groups gives them), each code's total over the groups, each group's
 * total over the codes (the row `(all)`: interviews, or segments, of the group whatever
 * the code), and the total of all.  The cells count interviews, or segments when
 * segments is set, but every one of them rests on its interviews: it is blank when they
 * are 1 to K - 1 (codes_small).  Then, so that no blank follows from the others, every
 * sum that a reader can form with a single blank has its smallest other cell blanked, and
 * so on: a code's total is the sum of its groups, and the total of all that of the
 * groups' totals; with segments, a group's total is also the sum of its codes, and the
 * total of all that of the codes' totals.  With `beide` spread over the chains the groups
 * add up to more than the total, and an interview in two groups makes them do so too:
 * they are taken as sums all the same, which can only blank more.  K <= 1 blanks
 * nothing. */
struct codes_blanks {
	uint8_t *cell;  /* [g * t->nc + code]: 1 when blank (only the groups of gids are set) */
	uint8_t *code;  /* [code]: the code's total */
	uint8_t *group; /* [g]: the group's total */
	int all;        /* the total of all */
};

void codes_tally_blanks(const struct codes_tally *t, const uint32_t *gids, size_t ngroups,
			int segments, long min_n, struct codes_blanks *b);
void codes_blanks_free(struct codes_blanks *b);

/* How keten codes freq writes a tally (keten-codes(1)). */
struct codes_freq {
	int col;      /* --by, or -1 */
	int wide;     /* --wide */
	int segments; /* --segments */
	int quotes;   /* --quotes: t has quote */
	struct codes_rank order;
};

/* Writes the table of keten codes freq of tally t of c. */
void codes_write_freq(const struct codes *c, const struct codes_tally *t,
		      const struct codes_freq *f, struct csvw *w);

/* The name of a column in a codes table, "interview" ... "quote". */
const char *codes_col_name(int col);

/* A code named as a bottleneck in a group (keten-bottleneck(1), codes): the segments of
 * polarity knelpunt or none, grouped as codes_tally groups them. */
struct codes_knelpunt {
	uint32_t group, code;
	uint32_t phase; /* the phase most of its segments carry, the first in order
				 * on a tie; CODES_NONE when none has one */
	long interviews, segments, roles, cities;
	double weight;   /* the sum of the weights given */
	char *role_list; /* the distinct roles in text order, ';' between */
};

/* The knelpunten of the table grouped by col (-1: one group), in the order of group and
 * code id; *ng gets the number of groups, the last being the rows without a value. */
struct codes_knelpunt *codes_knelpunten(const struct codes *c, int col, size_t *n, size_t *ng);
void codes_knelpunten_free(struct codes_knelpunt *k, size_t n);

/* Co-occurrence (keten-codes(1) cooc): the pairs of codes that occur in one unit. */
struct codes_pair {
	uint32_t a, b;      /* code ids, a before b in text order */
	long n;             /* units carrying both */
	long nint;          /* interviews carrying both */
	double jaccard;     /* n / (units of a + units of b - n) */
	size_t first, last; /* its interviews: iv[first .. last) of the result */
};

struct codes_cooc {
	struct codes_pair *pair; /* in listing order */
	size_t n;
	long *units;  /* per code: the units that carry it */
	uint32_t *iv; /* interview ids, per pair in text order, once per unit */
};

/* The pairs of codes within interviews, or within segments when by_segment, listed in the
 * order of r (by units, then Jaccard index, then the codes' text). */
void codes_cooc(const struct codes *c, int by_segment, const struct codes_rank *r,
		struct codes_cooc *out);
void codes_cooc_free(struct codes_cooc *co);

#endif
