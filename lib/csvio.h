/* csvio: streaming CSV reading over libcsv and a writer that quotes only when needed. */
#ifndef KETEN_CSVIO_H
#define KETEN_CSVIO_H

#include <stddef.h>
#include <stdio.h>

/* Bytes the reader reads and parses at a time.  The fuzz targets build the library with
 * a tiny chunk, so that records and quoted fields cross chunk boundaries everywhere; the
 * unit tests place their inputs against it. */
#ifndef CSVIO_CHUNK
#define CSVIO_CHUNK (128 * 1024)
#endif
/* Bytes a parser thread (Threads, below) reads at a time from a file, after the first
 * chunk: each stretch is handed over whole, so that the threads meet seldom.  Measured
 * on the bench file with two threads, 1 MiB was as fast and cost some 6 MB more of peak
 * memory (the batches in flight); 256 KiB was slower (bench/README, Threads). */
#define CSVIO_PIPE_CHUNK (4 * CSVIO_CHUNK)

/* One record.  The fields are NUL-terminated and stay valid until the next call of
 * csvr_next; len[i] is authoritative (under CSVR_NUL a field may hold a NUL byte). */
struct csv_row {
	size_t n;
	char **f;
	size_t *len;
	long line; /* the physical line where the record starts (1 = first line) */
	/* Set by the reader when no field holds a byte that the writer must quote, so
	 * that csvw_row can copy the fields as they are; clear it when changing a field. */
	int plain;
	/* 1 + the index of the first field that holds a NUL byte, 0 when none does: set by
	 * the reader, which ends the program at such a row unless it was opened with
	 * CSVR_NUL, so that the caller can reject the row without looking at every byte. */
	size_t nul;
};

struct csvr;

/* Reader flags. */
enum {
	CSVR_RAGGED = 1,   /* rows may differ in width from the header; the caller checks */
	CSVR_NOHEADER = 2, /* the first record is data */
	CSVR_SNIFF = 4,    /* with delim 0: take the one of , ; TAB | that splits the first
			    * lines of the input most evenly (',' when none does) */
	CSVR_SEPLINE = 8,  /* a first line "sep=X" (Excel's hint) is skipped; it sets the
			    * delimiter unless delim does */
	CSVR_NUL = 16,     /* fields may hold NUL bytes; the caller checks (without it a NUL
			    * byte is an error naming the line and the column) */
	CSVR_LIBCSV = 32,  /* every record through libcsv, none split in place by the fast
			    * path: the reference the fast path is checked against (the same
			    * records, lines and errors) */
};

/* Encodings of the input (struct csvr_opts.encoding). */
enum {
	CSVR_UTF8 = 0,   /* bytes are passed on as they are */
	CSVR_AUTO = 1,   /* valid UTF-8 is kept, any other byte is read as Windows-1252 */
	CSVR_CP1252 = 2, /* Windows-1252, converted to UTF-8 */
};

/* Options for readers of files that are not keten CSV (keten import). */
struct csvr_opts {
	int flags;
	int delim;    /* 0: ',' (or sniffed, with CSVR_SNIFF) */
	int encoding; /* CSVR_UTF8, CSVR_AUTO or CSVR_CP1252 */
};

/* Opens path ("-" or NULL: stdin) and reads its header; exits with a message when the
 * file cannot be opened or read, or when a header name repeats an earlier one (empty
 * names aside): "column 3 'date' repeats column 2 'date'".  Every reader takes UTF-16
 * with a byte-order mark (Excel's "Unicode text") and converts it to UTF-8; an unpaired
 * surrogate in it is an error with its line. */
struct csvr *csvr_open(const char *path, int flags);
struct csvr *csvr_open_opts(const char *path, const struct csvr_opts *o);
/* The same on a source (source.h) that the caller opened and closes after csvr_close:
 * the reader reads through it, so that it may begin with bytes the caller has peeked at
 * and may be gzip. */
struct source;
struct csvr *csvr_open_source(struct source *src, const struct csvr_opts *o);
/* csvr_open with a tap: tap(ctx, buf, n) is called with every block of bytes as it is
 * read, so that the whole input passes through it once (keten report hashes it so).  It
 * may be called in the reader's parser thread (Threads, below), ahead of the records:
 * the caller looks at ctx only once csvr_next has returned NULL, or after csvr_close. */
struct csvr *csvr_open_tap(const char *path, int flags,
			   void (*tap)(void *ctx, const void *buf, size_t n), void *ctx);
/* The name used in messages: the path, or "-" for stdin. */
const char *csvr_name(const struct csvr *r);
/* The delimiter in use (after sniffing or a sep= line). */
int csvr_delim(const struct csvr *r);
/* Under CSVR_AUTO: the line of the first byte that was not UTF-8 and so was read as
 * Windows-1252, or 0 when there was none so far. */
long csvr_cp1252_line(const struct csvr *r);
const struct csv_row *csvr_header(const struct csvr *r);
/* The index of the column named name, or -1. */
int csvr_col(const struct csvr *r, const char *name);
/* The same, but a missing column is an error that names the columns there are. */
int csvr_need(const struct csvr *r, const char *name);
/* The next record, or NULL at the end of the input.  A record whose width differs from
 * the header's is an error with file and line unless CSVR_RAGGED was given; a field that
 * holds a NUL byte is one with file, line and column unless CSVR_NUL was given. */
const struct csv_row *csvr_next(struct csvr *r);
/* Records returned so far, not counting the header. */
long csvr_count(const struct csvr *r);
/* The size of the input when it is a regular file opened by path, else -1 (for sizing
 * tables before the records are read). */
long long csvr_size(const struct csvr *r);
/* Bytes read from the input so far (for progress meters). */
long long csvr_bytes(const struct csvr *r);
void csvr_close(struct csvr *r);

/* Threads.  A reader of a plain input (a file by path or stdin, UTF-8, longer than one
 * chunk) parses the rest in stretches that end where a record ends, side by side in
 * parser threads, while its caller works on the records it has: the records, their
 * lines and the first error in input order are the same as with one thread
 * (csvr_bytes runs up to a few stretches ahead, and is the same at the end).  A tap is
 * called in the parser threads, one at a time and in input order.
 * csvr_set_threads(n) (opt_parse does it for --threads) sets the number for the readers
 * opened after it; without it the environment variable KETEN_THREADS gives it, and
 * failing that the cores the program may run on, up to 8 (keten(1), ENVIRONMENT).  One
 * thread parses in the caller's thread. */
#define CSVR_THREADS_MAX 64
void csvr_set_threads(int n);
/* The number in force; ends the program when KETEN_THREADS is not a number from 1 to
 * CSVR_THREADS_MAX. */
int csvr_threads(void);

struct csvw;

/* A writer on stdout ("-" or NULL) or on path.  A regular file (new, or replaced) is
 * written to a temporary file beside it and renamed over it by csvw_close, so it appears
 * whole or not at all; a file it replaces keeps its permissions (and its owner and group
 * where we may set them; where the group cannot be kept, the group gets no access).  A
 * symbolic link is followed: the file it names is replaced, in that file's directory, and
 * the link stays.  A device, a FIFO or a socket (/dev/null, a named pipe) is written
 * directly, with no temporary file, and so is the file our stdout already goes to
 * (/dev/stdout).  Temporary files are removed at exit and on SIGHUP, SIGINT and SIGTERM
 * (unless ignored when the first writer opened), after which the signal ends the program
 * as it would have. */
struct csvw *csvw_open(const char *path);

/* The roles of the files a command names, for csvw_check_outputs. */
enum csvw_role {
	CSVW_IN,   /* an input named by an option (--model FILE) */
	CSVW_MAIN, /* the main output (-o): it may be an input, which is read whole before the
		    * output replaces it, as with sort -o */
	CSVW_OUT,  /* a further output (--rejects): neither an input nor another output */
};

struct csvw_file {
	const char *opt;  /* the option that names it, for the message: "--rejects"; NULL
			   * ends a list */
	const char *path; /* NULL: not given (the main output: stdout); "-": stdin or stdout */
	int role;         /* enum csvw_role */
};

/* Checks, before anything is opened for writing, that no further output is the same file
 * as an input or another output.  Files are compared by identity (device and inode, with
 * symbolic links followed), not by name; a file yet to be made by the directory it goes
 * in and its name there; "-" by the file on stdin or stdout.  Devices and FIFOs are not
 * compared (/dev/null may be named twice).  The inputs are in[0 .. nin - 1] (nin 0: stdin)
 * and the CSVW_IN entries of files, a list that ends with an entry whose opt is NULL.  A
 * clash is a usage error (exit 2) naming both. */
void csvw_check_outputs(char *const *in, int nin, const struct csvw_file *files);
/* A writer on an open stream that the caller owns. */
struct csvw *csvw_stream(FILE *fp, const char *name);
void csvw_field(struct csvw *w, const char *s, size_t n);
void csvw_str(struct csvw *w, const char *s);
void csvw_empty(struct csvw *w);
void csvw_int(struct csvw *w, long long v);
/* A number with the given decimals; NaN writes an empty field. */
void csvw_num(struct csvw *w, double v, int decimals);
/* Ends the record. */
void csvw_end(struct csvw *w);
/* Writes every field of row and ends the record. */
void csvw_row(struct csvw *w, const struct csv_row *row);
/* Writes a header from a comma-separated list of plain names (no quoting needed). */
void csvw_names(struct csvw *w, const char *names);
/* Flushes, checks for errors, and for a named file renames it into place.  Exits with a
 * message on any error. */
void csvw_close(struct csvw *w);
/* Raw bytes, for writers of other formats that still want the buffering. */
void csvw_raw(struct csvw *w, const char *s, size_t n);

#endif
