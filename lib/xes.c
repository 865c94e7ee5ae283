/* xes: XES logs read as rows and event tables written as XES (see xes.h).
 *
 * The reader runs libxml2's SAX2 push parser over the input, a block at a time, and turns
 * its callbacks into a pull interface, as csvio does with libcsv: the rows that a block
 * completes are queued, and xesr_next hands them out before it parses the next block.  The
 * parser builds no tree and keeps only the trace being read, so memory does not grow with
 * the log, only with its longest trace.  Its events wait until the trace ends, so that a
 * trace attribute written after the events still reaches every one of them.
 *
 * A log is read twice when it can be: first for the keys (a key may first turn up in the
 * last event), then for the rows.  The first reading costs about as much as a parse
 * without a tree, which is why SAX2 and not libxml2's xmlReader, which builds and frees a
 * node for every element and took two and a half times as long (keten-import(1) promises
 * 50 MB/s of XML).  libxml2 is used here only.
 *
 * Nothing in a callback ends the program: the callbacks run inside libxml2, which must
 * get the chance to return, so an error is kept and the parser stopped, and the message
 * is given once xmlParseChunk is back.  No entity of a document type declaration is
 * ever expanded: the handler keeps no declarations, so a reference to one is an error. */
#include "xes.h"

#include <libxml/SAX2.h>
#include <libxml/parser.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "convert.h"
#include "date.h"
#include "diag.h"
#include "source.h"
#include "strtab.h"

/* Bytes handed to the parser at a time; the fuzz target makes it small, as for csvio. */
#ifdef CSVIO_CHUNK
#define XCHUNK CSVIO_CHUNK
#else
#define XCHUNK (64 * 1024)
#endif

/* Keys named one by one in xesr_dropped. */
#define SHOW_DROPPED 10

enum { EV, TR }; /* the scope of a key: event or trace */

/* What an element is, by its depth (1: the log). */
enum { K_SKIP, K_LOG, K_GLOBAL_EV, K_GLOBAL_TR, K_TRACE, K_EVENT };
#define MAXDEPTH 4 /* log, trace, event, attribute: anything deeper is skipped */

/* A value in an arena; len SIZE_MAX: absent. */
struct xval {
	size_t off, len;
};

struct xesr {
	struct source *src;
	const char *name;
	xmlParserCtxtPtr ctxt;
	xmlSAXHandler sax;
	char *buf;
	int done;  /* the document has been parsed to its end */
	int scan;  /* the first reading: keys only */
	int fixed; /* the columns are decided */

	/* Keys, per scope, in order of first sight, and the column of each (-1: none). */
	struct strtab *keys[2];
	int *col[2];
	size_t colcap[2];
	int ext_org, ext_lifecycle; /* the log declares these extensions */
	struct strtab *dropped;
	char *dropped_text;

	struct csv_row hdr;
	struct strtab *names; /* the header's names */

	/* Where the parser is. */
	int depth;
	int kind[MAXDEPTH + 1];
	int loose; /* the event being read is outside any trace */

	/* The trace being read: its values and those of its events, nev of them. */
	char *tarena;
	size_t tlen, tcap;
	struct xval *tv;
	char *earena;
	size_t elen, ecap;
	struct xval *ev;
	size_t evcap;
	long *evline;
	size_t nev, linecap;

	/* Rows made and not yet handed out: fields in rarena, ncols per row. */
	char *rarena;
	size_t rlen, rcap;
	size_t *roff, *rfl;
	size_t fcap;
	long *rline;
	size_t nready, rpos, rlcap;
	struct csv_row row;

	char *err; /* the first error, kept until the parser is back */
	long errline;
};

/* Says nothing: libxml2 reports its errors through the structured handler. */
static void quiet(void *ctx, const char *msg, ...)
{
	(void)ctx;
	(void)msg;
}

static void keep_error(struct xesr *x, long line, const char *msg)
{
	if (x->err)
		return;
	x->err = xstrdup(msg);
	x->errline = line;
}

/* libxml2's errors: the first one is kept; warnings are left out. */
static void on_error(void *ctx, xmlErrorPtr e)
{
	struct xesr *x = ctx;
	char msg[300];
	size_t n;

	if (!e || e->level < XML_ERR_ERROR)
		return;
	snprintf(msg, sizeof msg, "not XES: %s", e->message ? e->message : "broken XML");
	n = strlen(msg);
	while (n && (msg[n - 1] == '\n' || msg[n - 1] == ' '))
		msg[--n] = '\0';
	keep_error(x, e->line, msg);
}

static long line_now(const struct xesr *x)
{
	return (long)xmlSAX2GetLineNumber(x->ctxt);
}

/* An error of the log's structure: kept, and the parser stopped. */
static void structure_error(struct xesr *x, const char *fmt, const char *what)
{
	char msg[300];

	snprintf(msg, sizeof msg, fmt, what);
	keep_error(x, line_now(x), msg);
	xmlStopParser(x->ctxt);
}

static int name_is(const xmlChar *name, const char *s)
{
	return strcmp((const char *)name, s) == 0;
}

/* The value of attribute name of an element (the SAX2 list of nb entries of five
 * pointers: name, prefix, URI, value, end of value), or NULL. */
static const xmlChar *attr(const xmlChar **a, int nb, const char *name, size_t *len)
{
	int i;

	for (i = 0; i < nb; i++, a += 5)
		if (!a[1] && name_is(a[0], name)) {
			*len = (size_t)(a[4] - a[3]);
			return a[3];
		}
	return NULL;
}

/* Whether an element is an XES attribute that holds a value: string, date, int, float,
 * boolean, id (a list or a container holds none of its own). */
static int valued_attribute(const xmlChar *name)
{
	static const char *const valued[] = { "string", "date", "int", "float", "boolean", "id" };
	size_t i;

	for (i = 0; i < sizeof valued / sizeof *valued; i++)
		if (name_is(name, valued[i]))
			return 1;
	return 0;
}

/* The id of key in scope sc, added when new (only while the keys are collected). */
static uint32_t key_id(struct xesr *x, int sc, const char *key, size_t n, int add)
{
	uint32_t id = strtab_find(x->keys[sc], key, n);

	if (id == UINT32_MAX && add) {
		id = strtab_intern(x->keys[sc], key, n);
		xgrow(&x->col[sc], &x->colcap[sc], id + 1, sizeof *x->col[sc]);
		x->col[sc][id] = -1;
	}
	return id;
}

/* The column of key in scope sc, or -1 (the key is counted as dropped). */
static int key_col(struct xesr *x, int sc, const char *key, size_t n)
{
	uint32_t id = strtab_find(x->keys[sc], key, n);

	if (id != UINT32_MAX && x->col[sc][id] >= 0)
		return x->col[sc][id];
	if (!x->dropped)
		x->dropped = strtab_new();
	if (sc == TR) {
		char *s = xmalloc(n + 6);

		memcpy(s, "case:", 5);
		memcpy(s + 5, key, n);
		strtab_intern(x->dropped, s, n + 5);
		free(s);
	} else {
		strtab_intern(x->dropped, key, n);
	}
	return -1;
}

/* Adds a column named name (made of prefix and key) and returns it, or returns the column
 * of that name when there is one: an event key "case:x" and a trace key "x" share it. */
static int add_column(struct xesr *x, const char *prefix, const char *key, size_t n)
{
	size_t pn = strlen(prefix);
	char *s = xmalloc(pn + n + 1);
	uint32_t id;

	memcpy(s, prefix, pn);
	memcpy(s + pn, key, n);
	s[pn + n] = '\0';
	id = strtab_find(x->names, s, pn + n);
	if (id == UINT32_MAX) {
		id = strtab_intern(x->names, s, pn + n);
		x->hdr.f = xreallocarray(x->hdr.f, x->hdr.n + 1, sizeof *x->hdr.f);
		x->hdr.len = xreallocarray(x->hdr.len, x->hdr.n + 1, sizeof *x->hdr.len);
		x->hdr.f[x->hdr.n] = s;
		x->hdr.len[x->hdr.n] = pn + n;
		x->hdr.n++;
	} else {
		free(s);
	}
	return (int)id;
}

/* Decides the columns from the keys known now (xes.h): the event keys, then the trace
 * keys under case:, each in order of first sight; over a pipe the standard keys are
 * added when no global named them. */
static void fix_columns(struct xesr *x)
{
	size_t i, n;

	if (x->fixed)
		return;
	x->fixed = 1;
	if (!x->scan && !source_can_rewind(x->src)) {
		key_id(x, EV, "concept:name", 12, 1);
		key_id(x, EV, "time:timestamp", 14, 1);
		if (x->ext_org)
			key_id(x, EV, "org:resource", 12, 1);
		if (x->ext_lifecycle)
			key_id(x, EV, "lifecycle:transition", 20, 1);
		key_id(x, TR, "concept:name", 12, 1);
	}
	n = strtab_count(x->keys[EV]);
	for (i = 0; i < n; i++)
		x->col[EV][i] = add_column(x, "", strtab_str(x->keys[EV], (uint32_t)i),
					   strtab_len(x->keys[EV], (uint32_t)i));
	n = strtab_count(x->keys[TR]);
	for (i = 0; i < n; i++)
		x->col[TR][i] = add_column(x, "case:", strtab_str(x->keys[TR], (uint32_t)i),
					   strtab_len(x->keys[TR], (uint32_t)i));
	x->row.f = xcalloc(x->hdr.n ? x->hdr.n : 1, sizeof *x->row.f);
	x->row.len = xcalloc(x->hdr.n ? x->hdr.n : 1, sizeof *x->row.len);
	x->tv = xcalloc(x->hdr.n ? x->hdr.n : 1, sizeof *x->tv);
}

static size_t put(char **arena, size_t *len, size_t *cap, const xmlChar *s, size_t n)
{
	size_t off = *len;

	xgrow(arena, cap, *len + n + 1, 1);
	memcpy(*arena + off, s, n);
	(*arena)[off + n] = '\0';
	*len += n + 1;
	return off;
}

static void clear_vals(struct xval *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		v[i].len = SIZE_MAX;
}

static void begin_trace(struct xesr *x)
{
	if (x->scan)
		return;
	fix_columns(x);
	x->tlen = x->elen = 0;
	x->nev = 0;
	clear_vals(x->tv, x->hdr.n);
}

static void begin_event(struct xesr *x, int loose)
{
	size_t nc;

	x->loose = loose;
	if (x->scan)
		return;
	fix_columns(x);
	nc = x->hdr.n;
	if (loose) {
		/* An event outside any trace (a stream, as IEEE 1849 allows): no trace
		 * values, and nothing kept from an earlier one. */
		x->elen = 0;
		x->nev = 0;
		clear_vals(x->tv, nc);
	}
	xgrow(&x->ev, &x->evcap, (x->nev + 1) * (nc ? nc : 1), sizeof *x->ev);
	xgrow(&x->evline, &x->linecap, x->nev + 1, sizeof *x->evline);
	clear_vals(x->ev + x->nev * nc, nc);
	x->evline[x->nev] = line_now(x);
	x->nev++;
}

/* Makes the rows of the events kept: each column's event value, else the trace's. */
static void make_rows(struct xesr *x)
{
	size_t nc = x->hdr.n, e, c;

	for (e = 0; e < x->nev; e++) {
		const struct xval *ev = x->ev + e * nc;

		xgrow(&x->rline, &x->rlcap, x->nready + 1, sizeof *x->rline);
		if ((x->nready + 1) * nc > x->fcap) {
			size_t cap = x->fcap;

			xgrow(&x->roff, &cap, (x->nready + 1) * nc, sizeof *x->roff);
			xgrow(&x->rfl, &x->fcap, (x->nready + 1) * nc, sizeof *x->rfl);
		}
		for (c = 0; c < nc; c++) {
			const char *s = "";
			size_t n = 0, k = x->nready * nc + c;

			if (ev[c].len != SIZE_MAX) {
				s = x->earena + ev[c].off;
				n = ev[c].len;
			} else if (x->tv[c].len != SIZE_MAX) {
				s = x->tarena + x->tv[c].off;
				n = x->tv[c].len;
			}
			x->roff[k] = put(&x->rarena, &x->rlen, &x->rcap, (const xmlChar *)s, n);
			x->rfl[k] = n;
		}
		x->rline[x->nready++] = x->evline[e];
	}
	x->nev = 0;
	x->elen = 0;
}

/* An XES attribute (key, value) of the element of kind parent. */
static void take_attribute(struct xesr *x, int parent, const xmlChar **a, int nb)
{
	size_t kn = 0, vn = 0;
	const xmlChar *key = attr(a, nb, "key", &kn), *val = attr(a, nb, "value", &vn);
	int sc = parent == K_TRACE || parent == K_GLOBAL_TR ? TR : EV, c;

	if (!key) {
		structure_error(x, "not XES: an attribute without a key%s", "");
		return;
	}
	if (parent == K_GLOBAL_EV || parent == K_GLOBAL_TR) {
		/* A global declares a key; its value, a default, is not used
		 * (keten(5), XES). */
		if (!x->fixed)
			key_id(x, sc, (const char *)key, kn, 1);
		return;
	}
	if (x->scan) {
		key_id(x, sc, (const char *)key, kn, 1);
		return;
	}
	if (!val) {
		val = (const xmlChar *)"";
		vn = 0;
	}
	if ((c = key_col(x, sc, (const char *)key, kn)) < 0)
		return;
	/* A key given twice in one element: the last value holds. */
	if (sc == TR) {
		x->tv[c].off = put(&x->tarena, &x->tlen, &x->tcap, val, vn);
		x->tv[c].len = vn;
	} else {
		struct xval *v = x->ev + (x->nev - 1) * x->hdr.n + c;

		v->off = put(&x->earena, &x->elen, &x->ecap, val, vn);
		v->len = vn;
	}
}

static void on_start(void *ctx, const xmlChar *name, const xmlChar *prefix, const xmlChar *uri,
		     int nns, const xmlChar **ns, int nb, int ndef, const xmlChar **a)
{
	struct xesr *x = ctx;
	int d = ++x->depth, parent, *k;
	size_t n;
	const xmlChar *scope;

	(void)prefix, (void)uri, (void)nns, (void)ns, (void)ndef;
	if (d > MAXDEPTH)
		return;
	k = &x->kind[d];
	*k = K_SKIP;
	if (d == 1) {
		if (!name_is(name, "log"))
			structure_error(x, "not XES: the root element is <%s>, not <log>",
					(const char *)name);
		else
			*k = K_LOG;
		return;
	}
	parent = x->kind[d - 1];
	switch (parent) {
	case K_LOG:
		if (name_is(name, "trace")) {
			*k = K_TRACE;
			begin_trace(x);
		} else if (name_is(name, "event")) {
			*k = K_EVENT;
			begin_event(x, 1);
		} else if (name_is(name, "global")) {
			scope = attr(a, nb, "scope", &n);
			if (scope && n == 5 && memcmp(scope, "trace", 5) == 0)
				*k = K_GLOBAL_TR;
			else if (scope && n == 5 && memcmp(scope, "event", 5) == 0)
				*k = K_GLOBAL_EV;
		} else if (name_is(name, "extension")) {
			scope = attr(a, nb, "prefix", &n);
			if (scope && n == 3 && memcmp(scope, "org", 3) == 0)
				x->ext_org = 1;
			else if (scope && n == 9 && memcmp(scope, "lifecycle", 9) == 0)
				x->ext_lifecycle = 1;
		}
		/* Attributes of the log, classifiers and anything else: skipped. */
		break;
	case K_TRACE:
	case K_EVENT:
	case K_GLOBAL_EV:
	case K_GLOBAL_TR:
		/* Attributes nested in an attribute, and lists and containers, which hold
		 * no value of their own, are left out (keten(5), XES). */
		if (parent == K_TRACE && name_is(name, "event")) {
			*k = K_EVENT;
			begin_event(x, 0);
		} else if (valued_attribute(name)) {
			take_attribute(x, parent, a, nb);
		}
		break;
	default:
		break;
	}
}

static void on_end(void *ctx, const xmlChar *name, const xmlChar *prefix, const xmlChar *uri)
{
	struct xesr *x = ctx;
	int d = x->depth--;

	(void)name, (void)prefix, (void)uri;
	if (d > MAXDEPTH || x->scan)
		return;
	if (x->kind[d] == K_TRACE || (x->kind[d] == K_EVENT && x->loose))
		make_rows(x);
}

static void new_parser(struct xesr *x)
{
	if (x->ctxt)
		xmlFreeParserCtxt(x->ctxt);
	x->ctxt = xmlCreatePushParserCtxt(&x->sax, x, NULL, 0, x->name);
	if (!x->ctxt)
		die("%s: cannot start the XML parser", x->name);
	/* NOENT: the five predefined entities and character references are decoded in
	 * attribute values (without it SAX2 hands &amp; on as &#38;); with no declaration
	 * kept, no other entity can be expanded.  NONET: nothing is fetched. */
	xmlCtxtUseOptions(x->ctxt, XML_PARSE_NOENT | XML_PARSE_NONET | XML_PARSE_NOWARNING);
	x->depth = 0;
	x->done = 0;
}

/* Parses the next block; at the end of the input, ends the document. */
static void push(struct xesr *x)
{
	size_t n = source_read(x->src, x->buf, XCHUNK);
	int last = n < XCHUNK;

	xmlParseChunk(x->ctxt, x->buf, (int)n, last);
	if (x->err)
		die_at(x->name, x->errline, "%s", x->err);
	if (last)
		x->done = 1;
}

struct xesr *xesr_new(struct source *src)
{
	struct xesr *x = xcalloc(1, sizeof *x);

	xmlInitParser();
	xmlSetGenericErrorFunc(NULL, quiet);
	x->src = src;
	x->name = source_name(src);
	x->buf = xmalloc(XCHUNK);
	x->keys[EV] = strtab_new();
	x->keys[TR] = strtab_new();
	x->names = strtab_new();
	memset(&x->sax, 0, sizeof x->sax);
	x->sax.initialized = XML_SAX2_MAGIC;
	x->sax.startElementNs = on_start;
	x->sax.endElementNs = on_end;
	x->sax.serror = on_error;
	return x;
}

void xesr_start(struct xesr *x)
{
	if (source_can_rewind(x->src)) {
		x->scan = 1;
		new_parser(x);
		while (!x->done)
			push(x);
		source_rewind(x->src);
		fix_columns(x);
		x->scan = 0;
	}
	new_parser(x);
	/* Over a pipe the columns are decided where the first trace begins (globals come
	 * before it), or at the end of a log without one. */
	while (!x->fixed && !x->done)
		push(x);
	fix_columns(x);
}

const struct csv_row *xesr_header(const struct xesr *x)
{
	return &x->hdr;
}

const struct csv_row *xesr_next(struct xesr *x)
{
	size_t c, nc = x->hdr.n;

	if (x->rpos == x->nready) {
		x->nready = x->rpos = 0;
		x->rlen = 0;
		while (x->nready == 0 && !x->done)
			push(x);
		if (x->nready == 0)
			return NULL;
	}
	for (c = 0; c < nc; c++) {
		x->row.f[c] = x->rarena + x->roff[x->rpos * nc + c];
		x->row.len[c] = x->rfl[x->rpos * nc + c];
	}
	x->row.n = nc;
	x->row.line = x->rline[x->rpos];
	x->row.plain = 0;
	x->rpos++;
	return &x->row;
}

const char *xesr_dropped(const struct xesr *x)
{
	size_t n, i, len = 64;
	char *s;

	if (!x->dropped || x->dropped_text)
		return x->dropped_text;
	n = strtab_count(x->dropped);
	for (i = 0; i < n && i < SHOW_DROPPED; i++)
		len += strtab_len(x->dropped, (uint32_t)i) + 2;
	s = xmalloc(len);
	s[0] = '\0';
	for (i = 0; i < n && i < SHOW_DROPPED; i++) {
		if (i)
			strcat(s, ", ");
		strcat(s, strtab_str(x->dropped, (uint32_t)i));
	}
	if (n > SHOW_DROPPED)
		snprintf(s + strlen(s), 64, " and %zu more", n - SHOW_DROPPED);
	/* Made once, when first asked for; x is the caller's, the text belongs to it. */
	((struct xesr *)x)->dropped_text = s;
	return s;
}

void xesr_close(struct xesr *x)
{
	size_t i;

	if (!x)
		return;
	if (x->ctxt)
		xmlFreeParserCtxt(x->ctxt);
	for (i = 0; i < x->hdr.n; i++)
		free(x->hdr.f[i]);
	free(x->hdr.f);
	free(x->hdr.len);
	for (i = 0; i < 2; i++) {
		if (x->keys[i])
			strtab_free(x->keys[i]);
		free(x->col[i]);
	}
	if (x->names)
		strtab_free(x->names);
	if (x->dropped)
		strtab_free(x->dropped);
	free(x->dropped_text);
	free(x->buf);
	free(x->tarena);
	free(x->tv);
	free(x->earena);
	free(x->ev);
	free(x->evline);
	free(x->rarena);
	free(x->roff);
	free(x->rfl);
	free(x->rline);
	free(x->row.f);
	free(x->row.len);
	free(x->err);
	free(x);
}

int xes_named(const char *path)
{
	size_t n = path ? strlen(path) : 0;

	return (n > 4 && strcasecmp(path + n - 4, ".xes") == 0) ||
	       (n > 7 && strcasecmp(path + n - 7, ".xes.gz") == 0);
}

int xes_sniff(const char *p, size_t n)
{
	size_t i = 0;

	if (n >= 4 && ((p[0] == '\xFF' && p[1] == '\xFE' && p[2] == '<' && p[3] == '\0') ||
		       (p[0] == '\xFE' && p[1] == '\xFF' && p[2] == '\0' && p[3] == '<')))
		return 1;
	if (n >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
		i = 3;
	while (i < n && (p[i] == ' ' || p[i] == '\t' || p[i] == '\r' || p[i] == '\n'))
		i++;
	return (n - i >= 5 && memcmp(p + i, "<?xml", 5) == 0) ||
	       (n - i >= 4 && memcmp(p + i, "<log", 4) == 0 &&
		(n - i == 4 || p[i + 4] == '>' || p[i + 4] == ' ' || p[i + 4] == '\t' ||
		 p[i + 4] == '\r' || p[i + 4] == '\n' || p[i + 4] == '/'));
}
