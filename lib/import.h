/* import: the engine of keten import: a municipal, process-mining or QDA export turned
 * into keten CSV, row by row.
 *
 * One import is a struct import that holds all of its state, so that several can run
 * at once and each is freed whole, also after a fatal error part way.  Its life:
 *
 *	im = import_new(&settings);          the settings checked, the model loaded
 *	r = import_open(&settings, path);    the input, read as an export is read
 *	import_header(im, name, header, delim);   the source columns mapped
 *	import_start(im, out, rejects);      the output headers written
 *	import_row(im, row) ...              each data row written or rejected
 *	status = import_finish(im, cp1252_line);  kept rows written, the summary on stderr
 *	import_free(im);
 *
 * The engine reads no file but the --recode and --model files: rows come from the
 * caller, who may read them with import_open or make them in any other way.  How
 * columns are recognised and values converted is in keten-import(1); the keten CSV it
 * writes is in keten(5).  Errors in the input as a whole (no header, no case column)
 * end the program with a message, as every keten command does; a bad row is rejected
 * and counted. */
#ifndef KETEN_IMPORT_H
#define KETEN_IMPORT_H

#include <stddef.h>

#include "csvio.h"

/* What an export holds. */
enum import_kind {
	IMPORT_EVENTS, /* events of cases: keten(5) events */
	IMPORT_CODES,  /* coded interview segments: keten(5) codes */
};

/* How one import is done: what the options of keten-import(1) say.  Zero is the default
 * of every field but encoding, whose default is CSVR_AUTO. */
struct import_settings {
	enum import_kind kind;
	int delim;    /* the input's delimiter; 0: sniffed */
	int encoding; /* CSVR_AUTO, CSVR_UTF8 or CSVR_CP1252 */
	/* "keten=Source,..." lists (--map) and column lists read as Dutch numbers
	 * (--numeric). */
	const char *const *maps;
	size_t nmaps;
	const char *const *numerics;
	size_t nnumerics;
	const char *recode_file; /* a CSV of column,from,to (--recode), or NULL */
	/* Events: the model that stages are checked against (NULL: the built-in one),
	 * and whether a stage not in it rejects its row (--strict). */
	const char *model_file;
	int strict;
	const char *date_format; /* --date-format, or NULL */
	int date_order;          /* CONV_DMY or CONV_MDY (convert.h) */
	/* Events: the dates accepted (--date-window FROM..TO), or NULL for
	 * 1900-01-01..2099-12-31; never relative to today, so that the same input gives
	 * the same output on any day. */
	const char *date_window;
	/* Codes: the first N levels of a code path, or the last -N; 0 keeps it whole. */
	int code_level;
	int sort;              /* events: write ordered by case, then date */
	long long max_rejects; /* rejected rows that still end in success */
	/* The rejects file, named in the summary when rows were rejected, or NULL; the
	 * caller opens it and passes its writer to import_start. */
	const char *rejects_file;
	/* Called, when not NULL, before the engine writes a message on stderr, so that a
	 * line the caller keeps there (a progress meter) can be cleared first. */
	void (*before_message)(void *ctx);
	void *ctx;
};

/* Counts of one import so far. */
struct import_counts {
	long read;     /* data rows read */
	long written;  /* rows accepted */
	long rejected; /* rows rejected */
	long out_rows; /* rows written: more than written when a cell held several codes */
};

struct import;

/* A new import under set, which must outlive it.  Compiles the date format and the
 * date window and loads the model; a bad date format or window is a usage error, a bad
 * model file an error with its line. */
struct import *import_new(const struct import_settings *set);
/* Opens path (NULL or "-": stdin) as keten import reads an export, with the delimiter
 * and encoding of set: the header comes as the first record (for import_header), rows
 * may differ in width from it and hold NUL bytes (import_row rejects them), and an Excel
 * "sep=" first line is skipped. */
struct csvr *import_open(const struct import_settings *set, const char *path);
/* Takes the source header (NULL: the input was empty, an error) of the input called
 * name in messages, and decides every output column: --map, the recognised names,
 * --numeric, --recode.  delim joins the surplus fields of a row that is too wide in the
 * rejects file.  Ends the program when a keten column that is needed has no source, when
 * a name holds a NUL byte, or when a column taken for a keten column or named by an
 * option has the name of another column too.  The columns line and reject_reason that
 * begin a rejects file (import_start) are left out of the output. */
void import_header(struct import *im, const char *name, const struct csv_row *header, int delim);
/* Writes the output header on out and, when rejects is not NULL, the header of the
 * rejects file (line, reject_reason, the source columns but the line and reject_reason
 * of a rejects file); rows go to them from now on.  The writers stay the caller's, to
 * close. */
void import_start(struct import *im, struct csvw *out, struct csvw *rejects);
/* Checks, converts and writes one data row, or rejects it with a reason (the first few
 * on stderr, all in the rejects file): among them a field with a NUL byte and a date
 * outside the date window. */
void import_row(struct import *im, const struct csv_row *row);
/* Ends the rows: writes those kept for sorting, then the summary on stderr (bytes read
 * as Windows-1252 from cp1252_line on, when not 0; stages not in the model; rows
 * rejected).  Returns 0, or EXIT_DATA when more rows were rejected than allowed. */
int import_finish(struct import *im, long cp1252_line);
struct import_counts import_counts(const struct import *im);
/* Frees im and all it holds, at any point of its life (NULL is allowed). */
void import_free(struct import *im);

#endif
