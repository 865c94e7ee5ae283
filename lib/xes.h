/* xes: event logs in XES (IEEE 1849), the XML format of process-mining tools: read as rows
 * for keten import, and written from a keten event table for keten render -f xes.
 *
 * The reader turns a log into a table, one row per event, in the columns that PM4Py gives
 * a log it turns into CSV: an event attribute under its key (concept:name, time:timestamp,
 * org:resource, ...), a trace attribute under case: and its key (case:concept:name), so
 * that keten import maps an XES log as it maps the same log in CSV.  keten(5) (XES) says
 * which columns there are and how keten columns become XES attributes on the way out. */
#ifndef KETEN_XES_H
#define KETEN_XES_H

#include <stddef.h>

#include "csvio.h"

struct source;
struct xesr;

/* Whether the first n bytes of an input (source_peek) begin as an XML document: after a
 * UTF-8 byte-order mark and white space, "<?xml" or "<log"; or UTF-16 with its mark. */
int xes_sniff(const char *p, size_t n);
/* Whether path is named like an XES log: .xes or .xes.gz, in any case. */
int xes_named(const char *path);

/* A reader of the XES log on src, which the caller opened and closes after xesr_close.
 * Reads nothing yet, so that the caller holds the reader before anything can fail. */
struct xesr *xesr_new(struct source *src);
/* Decides the columns: when src can be read again (a regular file), every key of every
 * trace and event, in a first reading; otherwise the keys that the log's <global>
 * declarations name, and case:concept:name, concept:name and time:timestamp, and
 * org:resource and lifecycle:transition when the log declares their extension.  Here and
 * in xesr_next, ends the program with a message and the line when the input is not
 * well-formed XML, its root is not <log> or an attribute has no key. */
void xesr_start(struct xesr *x);
/* The columns, as the header of a CSV file would name them; line 0. */
const struct csv_row *xesr_header(const struct xesr *x);
/* The next event as a row of the header's width (an absent attribute is an empty field),
 * or NULL at the end of the log.  The row's line is the line of its <event> in the log;
 * the row stays valid until the next call. */
const struct csv_row *xesr_next(struct xesr *x);
/* When keys were dropped because no column was made for them (over a pipe), the keys
 * (up to ten, then how many more), comma-separated; otherwise NULL. */
const char *xesr_dropped(const struct xesr *x);
/* Frees x at any point, also after the program was ended part way (a fuzz target). */
void xesr_close(struct xesr *x);

/* A writer of an event table (keten(5) events) as an XES log: one trace per case, in the
 * order the cases first appear, holding the case's events in input order; a row with a
 * start (keten-import(1), Start and complete) is two events, its start and then its
 * completion, which keten import pairs into the same row again.  It holds the
 * table until it is written; how columns become attributes and values their types is in
 * keten-render(1).  Its life, which the caller holds from the start, so that it can be
 * freed after any error:
 *
 *	x = xesw_new(header, cols, ncols, name);   cols: the columns written, case among them
 *	xesw_add(x, row) ...                       each row, as wide as the header
 *	xesw_write(x, title, out);                 title: the log's concept:name, or NULL
 *	xesw_free(x);
 *
 * xesw_new ends the program when cols holds no column case; xesw_write when the column
 * date or start holds a value that is no date of keten(5).  name is the input's, for
 * messages. */
struct xesw;

struct xesw *xesw_new(const struct csv_row *header, const size_t *cols, size_t ncols,
		      const char *name);
void xesw_add(struct xesw *x, const struct csv_row *row);
void xesw_write(struct xesw *x, const char *title, struct csvw *out);
/* Frees x at any point of its life (NULL is allowed). */
void xesw_free(struct xesw *x);

#endif
