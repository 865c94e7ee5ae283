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
	const char *rejects; /* file for unusable rows; NULL: the first one is an error */
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
	unsigned cols;         /* CODES_BIT mask of the loaded columns some input had */
	const struct model *model;
	char **files;          /* input names, for messages */
	size_t nfiles;
	long read, rejected;   /* records read and rows rejected, over all inputs */

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

#endif
