/* import: the engine of keten import: a municipal, process-mining or QDA export turned
 * into keten CSV, row by row.
 *
 * One import is a struct import that holds all of its state, so that several can run
 * at once and each is freed whole, also after a fatal error part way.  Its life:
 *
 *	im = import_new(&settings);          the settings checked, the model loaded
 *	s = import_open(&settings, path);    the input: CSV or XES, gzip or not
 *	h = import_src_header(s);            its columns
 *	import_header(im, name, h, delim);   the source columns mapped
 *	import_start(im, out, rejects);      the output headers written
 *	import_row(im, import_src_next(s)) ...   each data row written or rejected
 *	status = import_finish(im, cp1252_line);  kept rows written, the summary on stderr
 *	import_free(im);
 *	import_src_close(s);
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
	long dropped;  /* rows of lifecycle transitions other than start and complete, left
			  out (keten-import(1), "Start and complete"): read = written +
			  rejected + dropped */
	long paired;   /* starts written on their completion's row: for events, out_rows =
			  written - paired */
};

struct import;

/* A new import under set, which must outlive it.  Compiles the date format and the
 * date window and loads the model; a bad date format or window is a usage error, a bad
 * model file an error with its line. */
struct import *import_new(const struct import_settings *set);
/* An input of keten import. */
struct import_src;

/* Opens path (NULL or "-": stdin) as keten import reads an export; set must outlive the
 * input.  Only opens the file, so that the caller holds the input before anything in it
 * can end the program (and can free it after, in a fuzz target). */
struct import_src *import_open(const struct import_settings *set, const char *path);
/* Tells the input's format by its first bytes (gzip decompressed first) and returns its
 * header, for import_header: an XES log (xes.h) when it begins as XML or is named .xes or
 * .xes.gz, with the columns of its keys; otherwise CSV with the delimiter and encoding of
 * set, whose first record is the header (NULL: the input is empty), whose rows may
 * differ in width from it and hold NUL bytes (import_row rejects them), and whose Excel
 * "sep=" first line is skipped.  Ends the program when an XES log is broken. */
const struct csv_row *import_src_header(struct import_src *s);
/* The next row, or NULL at the end; valid until the next call. */
const struct csv_row *import_src_next(struct import_src *s);
/* The name in messages: the path, or "-". */
const char *import_src_name(const struct import_src *s);
/* Whether the input is an XES log. */
int import_src_xes(const struct import_src *s);
/* The delimiter of a CSV input, for import_header (',' for XES). */
int import_src_delim(const struct import_src *s);
/* The first line read as Windows-1252 (csvr_cp1252_line), or 0. */
long import_src_cp1252_line(const struct import_src *s);
/* Bytes taken from the file so far, for a progress meter. */
long long import_src_bytes(const struct import_src *s);
/* The keys an XES log read over a pipe had that no column was made for, or NULL
 * (xesr_dropped). */
const char *import_src_dropped(const struct import_src *s);
/* Closes the input at any point of its life (NULL is allowed). */
void import_src_close(struct import_src *s);
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
