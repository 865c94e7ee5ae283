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
#include <libxml/tree.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "convert.h"
#include "date.h"
#include "diag.h"
#include "i18n.h"
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

/* The names the reader looks for, as the parser's dictionary holds them: SAX2 hands
 * every element and attribute name over from that dictionary, so a name is one of these
 * when it is the same pointer, and no string is compared. */
/* clang-format off */
enum { N_LOG, N_TRACE, N_EVENT, N_GLOBAL, N_EXTENSION, N_KEY, N_VALUE, N_SCOPE, N_PREFIX,
       N_STRING, N_DATE, N_INT, N_FLOAT, N_BOOLEAN, N_ID, NNAMES };
static const char *const names[NNAMES] = {
	"log", "trace", "event", "global", "extension", "key", "value", "scope", "prefix",
	"string", "date", "int", "float", "boolean", "id",
};
/* clang-format on */

/* A value in an arena; len SIZE_MAX: absent. */
struct xval {
	size_t off, len;
};

struct xesr {
	struct source *src;
	const char *name;
	xmlParserCtxtPtr ctxt;
	xmlSAXHandler sax;
	const xmlChar *nm[NNAMES];
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
	int seen_root;
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
	/* libxml2 says "Extra content at the end of the document" also of a document
	 * that ends too soon. */
	if (e->code == XML_ERR_DOCUMENT_END && !x->seen_root)
		snprintf(msg, sizeof msg, "%s", _("not XES: no <log> element"));
	else if (e->code == XML_ERR_DOCUMENT_END && x->depth > 0)
		snprintf(msg, sizeof msg, "%s",
			 _("not XES: the input ends inside the log (cut short?)"));
	else
		snprintf(msg, sizeof msg, _("not XES: %s"), e->message ? e->message : "broken XML");
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

	snprintf(msg, sizeof msg, _(fmt), what);
	keep_error(x, line_now(x), msg);
	xmlStopParser(x->ctxt);
}

/* The value of attribute name (from x->nm) of an element (the SAX2 list of nb entries of
 * five pointers: name, prefix, URI, value, end of value), or NULL. */
static const xmlChar *attr(const xmlChar **a, int nb, const xmlChar *name, size_t *len)
{
	int i;

	for (i = 0; i < nb; i++, a += 5)
		if (!a[1] && a[0] == name) {
			*len = (size_t)(a[4] - a[3]);
			return a[3];
		}
	return NULL;
}

/* Whether an element is an XES attribute that holds a value: string, date, int, float,
 * boolean, id (a list or a container holds none of its own). */
static int valued_attribute(const struct xesr *x, const xmlChar *name)
{
	int i;

	for (i = N_STRING; i <= N_ID; i++)
		if (name == x->nm[i])
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

/* The column of key in scope sc, or -1 (the key is counted as dropped).  A key that no
 * global declared still has a column when one has its name: an event key
 * case:concept:name, as a stream's events carry their case, is the trace's name. */
static int key_col(struct xesr *x, int sc, const char *key, size_t n)
{
	uint32_t id = strtab_find(x->keys[sc], key, n), c;
	char *s;

	if (id != UINT32_MAX)
		return x->col[sc][id];
	s = xmalloc(n + 6);
	memcpy(s, sc == TR ? "case:" : "", sc == TR ? 5 : 0);
	memcpy(s + (sc == TR ? 5 : 0), key, n);
	c = strtab_find(x->names, s, n + (sc == TR ? 5 : 0));
	id = key_id(x, sc, key, n, 1);
	x->col[sc][id] = c == UINT32_MAX ? -1 : (int)c;
	if (c == UINT32_MAX) {
		if (!x->dropped)
			x->dropped = strtab_new();
		strtab_intern(x->dropped, s, n + (sc == TR ? 5 : 0));
	}
	free(s);
	return x->col[sc][id];
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
	const xmlChar *key = attr(a, nb, x->nm[N_KEY], &kn);
	const xmlChar *val = attr(a, nb, x->nm[N_VALUE], &vn);
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
		x->seen_root = 1;
		if (name != x->nm[N_LOG])
			structure_error(x, "not XES: the root element is <%s>, not <log>",
					(const char *)name);
		else
			*k = K_LOG;
		return;
	}
	parent = x->kind[d - 1];
	switch (parent) {
	case K_LOG:
		if (name == x->nm[N_TRACE]) {
			*k = K_TRACE;
			begin_trace(x);
		} else if (name == x->nm[N_EVENT]) {
			*k = K_EVENT;
			begin_event(x, 1);
		} else if (name == x->nm[N_GLOBAL]) {
			scope = attr(a, nb, x->nm[N_SCOPE], &n);
			if (scope && n == 5 && memcmp(scope, "trace", 5) == 0)
				*k = K_GLOBAL_TR;
			else if (scope && n == 5 && memcmp(scope, "event", 5) == 0)
				*k = K_GLOBAL_EV;
		} else if (name == x->nm[N_EXTENSION]) {
			scope = attr(a, nb, x->nm[N_PREFIX], &n);
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
		if (parent == K_TRACE && name == x->nm[N_EVENT]) {
			*k = K_EVENT;
			begin_event(x, 0);
		} else if (valued_attribute(x, name)) {
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

/* Frees the parser, and the document that libxml2 makes of a document type declaration
 * with entities even for a SAX2 handler that builds none (it is not freed with the
 * parser). */
static void free_parser(struct xesr *x)
{
	if (!x->ctxt)
		return;
	if (x->ctxt->myDoc)
		xmlFreeDoc(x->ctxt->myDoc);
	xmlFreeParserCtxt(x->ctxt);
	x->ctxt = NULL;
}

static void new_parser(struct xesr *x)
{
	int i;

	free_parser(x);
	x->ctxt = xmlCreatePushParserCtxt(&x->sax, x, NULL, 0, x->name);
	if (!x->ctxt)
		die("%s: cannot start the XML parser", x->name);
	/* NOENT: the five predefined entities and character references are decoded in
	 * attribute values (without it SAX2 hands &amp; on as &#38;); with no declaration
	 * kept, no other entity can be expanded.  NONET: nothing is fetched. */
	xmlCtxtUseOptions(x->ctxt, XML_PARSE_NOENT | XML_PARSE_NONET | XML_PARSE_NOWARNING);
	for (i = 0; i < NNAMES; i++)
		x->nm[i] = xmlDictLookup(x->ctxt->dict, (const xmlChar *)names[i], -1);
	x->depth = 0;
	x->seen_root = 0;
	x->done = 0;
}

/* Parses the next block; at the end of the input, ends the document. */
static void push(struct xesr *x)
{
	size_t n = source_read(x->src, x->buf, XCHUNK);
	int last = n < XCHUNK;

	/* The end comes in a call of its own: with the last bytes, libxml2 names a
	 * document cut short as one with extra content. */
	if (n)
		xmlParseChunk(x->ctxt, x->buf, (int)n, 0);
	if (last && !x->err)
		xmlParseChunk(x->ctxt, NULL, 0, 1);
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
	free_parser(x);
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

/* The writer. */

/* The types of XES attributes; what a value can be written as. */
enum { T_STRING, T_DATE, T_INT, T_FLOAT, T_BOOLEAN, T_ID, T_NONE };
static const char *const type_name[] = { "string", "date", "int", "float", "boolean", "id" };
enum { C_BOOLEAN = 1, C_INT = 2, C_FLOAT = 4, C_DATE = 8, C_ID = 16, C_01 = 32, C_ALL = 63 };

static int digits(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return n > 0;
}

static int num2(const char *s)
{
	return (s[0] - '0') * 10 + (s[1] - '0');
}

/* Writes the xs:dateTime form of a keten date or date-time into out (n + 10 bytes) and
 * returns its length, or returns -1 when s is not one: YYYY-MM-DD, then optionally T or a
 * space, HH:MM, :SS, a fraction, and Z or an offset +HH:MM.  XES has no date without a
 * time, so a day is written as its midnight, and a time without seconds gets :00. */
static long iso_datetime(const char *s, size_t n, char *out)
{
	size_t i = 10, o;

	if (n < 10 || !digits(s, 4) || s[4] != '-' || !digits(s + 5, 2) || s[7] != '-' ||
	    !digits(s + 8, 2) || !date_valid(atoi(s), num2(s + 5), num2(s + 8)))
		return -1;
	memcpy(out, s, 10);
	out[10] = 'T';
	o = 11;
	if (n == 10) {
		strcpy(out + o, "00:00:00"); /* 20 bytes of the 20 out holds */
		return (long)(o + 8);
	}
	if ((s[i] != 'T' && s[i] != ' ') || n - i < 6 || !digits(s + i + 1, 2) || s[i + 3] != ':' ||
	    !digits(s + i + 4, 2) || num2(s + i + 1) > 23 || num2(s + i + 4) > 59)
		return -1;
	memcpy(out + o, s + i + 1, 5);
	o += 5;
	i += 6;
	if (i < n && s[i] == ':') {
		if (n - i < 3 || !digits(s + i + 1, 2) || num2(s + i + 1) > 59)
			return -1;
		memcpy(out + o, s + i, 3);
		o += 3;
		i += 3;
		if (i < n && s[i] == '.') {
			size_t f = i + 1;

			while (f < n && s[f] >= '0' && s[f] <= '9')
				f++;
			if (f == i + 1)
				return -1;
			memcpy(out + o, s + i, f - i);
			o += f - i;
			i = f;
		}
	} else {
		strcpy(out + o, ":00"); /* n is 16 or more, out 26 bytes or more */
		o += 3;
	}
	if (i < n && s[i] == 'Z') {
		out[o++] = 'Z';
		i++;
	} else if (i < n && (s[i] == '+' || s[i] == '-')) {
		if (n - i < 6 || !digits(s + i + 1, 2) || s[i + 3] != ':' ||
		    !digits(s + i + 4, 2) || num2(s + i + 1) > 14 || num2(s + i + 4) > 59)
			return -1;
		memcpy(out + o, s + i, 6);
		o += 6;
		i += 6;
	}
	return i == n ? (long)o : -1;
}

/* Whether s is an int as every reader reads it back the same: no sign but a minus, no
 * leading zero, no -0, within 64 bits. */
static int is_int(const char *s, size_t n)
{
	size_t i = n && s[0] == '-', d = n - i;

	if (!digits(s + i, d) || (s[i] == '0' && (d > 1 || i)) || d > 19)
		return 0;
	return d < 19 || memcmp(s + i, i ? "9223372036854775808" : "9223372036854775807", 19) <= 0;
}

/* Whether s is a number in a form of xs:double that keeps what it says when a reader
 * writes it back: [-] (digits [. digits] | . digits) [(e | E) [sign] digits], with no
 * leading zero but a lone one (007 is a code, not seven). */
static int is_float(const char *s, size_t n)
{
	size_t i = 0, d, f = 0;

	if (i < n && s[i] == '-')
		i++;
	for (d = i; i < n && s[i] >= '0' && s[i] <= '9'; i++)
		;
	if (i - d > 1 && s[d] == '0')
		return 0;
	d = i - d;
	if (i < n && s[i] == '.')
		for (i++; i < n && s[i] >= '0' && s[i] <= '9'; i++)
			f++;
	if (d + f == 0)
		return 0;
	if (i < n && (s[i] == 'e' || s[i] == 'E')) {
		size_t e;

		i++;
		if (i < n && (s[i] == '+' || s[i] == '-'))
			i++;
		for (e = i; i < n && s[i] >= '0' && s[i] <= '9'; i++)
			;
		if (i == e)
			return 0;
	}
	return i == n;
}

/* Whether s is a UUID, the form OpenXES requires of an id. */
static int is_uuid(const char *s, size_t n)
{
	size_t k;

	if (n != 36)
		return 0;
	for (k = 0; k < 36; k++) {
		int c = (unsigned char)s[k];

		if (k == 8 || k == 13 || k == 18 || k == 23) {
			if (c != '-')
				return 0;
		} else if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') ||
			     (c >= 'A' && c <= 'F'))) {
			return 0;
		}
	}
	return 1;
}

/* What the value s can be written as: a C_* bit for each type whose form it has. */
static unsigned value_class(const char *s, size_t n, char **tmp, size_t *tcap)
{
	unsigned c = 0;

	if ((n == 4 && memcmp(s, "true", 4) == 0) || (n == 5 && memcmp(s, "false", 5) == 0))
		c |= C_BOOLEAN;
	if (n == 1 && (s[0] == '0' || s[0] == '1'))
		c |= C_01;
	if (is_int(s, n))
		c |= C_INT | C_FLOAT;
	else if (is_float(s, n))
		c |= C_FLOAT;
	if (n >= 10) {
		xgrow(tmp, tcap, n + 10, 1);
		if (iso_datetime(s, n, *tmp) >= 0)
			c |= C_DATE;
	}
	if (is_uuid(s, n))
		c |= C_ID;
	return c;
}

/* A column as the writer writes it. */
struct wcol {
	const char *name; /* in the input */
	char *key;        /* the XES key */
	int trace;        /* an attribute of the trace, not of the event */
	int type;         /* T_*, T_NONE when the column holds no value */
	int bool01;       /* 0 and 1, written as false and true (urgent, keten(5)) */
	int global;       /* every trace or event has a value */
	unsigned cls;     /* the C_* bits every value has */
};

struct xesw {
	const char *name; /* of the input, for messages */
	size_t *cols;     /* the columns of the input that are written */
	size_t kcase;     /* the case among them */
	struct strtab *cases, *ekeys, *tkeys;
	struct csvw *w;
	size_t nc;
	struct wcol *c;
	char *arena; /* per row: for each column a uint32_t length and the bytes */
	size_t alen, acap;
	size_t *row;     /* where each row begins in arena */
	uint32_t *next;  /* the next row of the same case, or UINT32_MAX */
	uint32_t *first; /* per case: its first row */
	uint32_t *last;  /* per case: its last row */
	size_t nrows, rcap, ccap, ncase;
	/* A row with a start (keten-import(1), Start and complete) is written as two events,
	 * its start and its completion: kstart is the column start, kdate the date, klife
	 * the lifecycle (SIZE_MAX when the table has none that holds a value), npairs the
	 * rows that have a start. */
	size_t kstart, kdate, klife, npairs;
	const char **f; /* a row loaded by load_row */
	size_t *len;
	char *tmp; /* room for a date */
	size_t tcap;
};

static void load_row(struct xesw *wr, size_t r)
{
	const char *p = wr->arena + wr->row[r];
	size_t k;

	for (k = 0; k < wr->nc; k++) {
		uint32_t n;

		memcpy(&n, p, sizeof n);
		wr->f[k] = p + sizeof n;
		wr->len[k] = n;
		p += sizeof n + n;
	}
}

static void raw(struct xesw *wr, const char *s)
{
	csvw_raw(wr->w, s, strlen(s));
}

/* Writes s as the text of an XML attribute value: & < > " as entities, tab and line
 * breaks as character references (so that no reader turns them into spaces), and what
 * XML 1.0 cannot hold (other control characters, bytes that are not UTF-8, U+FFFE and
 * U+FFFF) as U+FFFD. */
static void escaped(struct xesw *wr, const char *s, size_t n)
{
	size_t i = 0, run = 0;

	while (i < n) {
		unsigned char b = (unsigned char)s[i];
		const char *rep = NULL;
		int k = 1;

		if (b < 0x80) {
			switch (b) {
			case '&':
				rep = "&amp;";
				break;
			case '<':
				rep = "&lt;";
				break;
			case '>':
				rep = "&gt;";
				break;
			case '"':
				rep = "&quot;";
				break;
			case '\t':
				rep = "&#9;";
				break;
			case '\n':
				rep = "&#10;";
				break;
			case '\r':
				rep = "&#13;";
				break;
			default:
				if (b < 0x20)
					rep = "\xEF\xBF\xBD";
			}
		} else {
			k = conv_utf8_seq((const unsigned char *)s + i, n - i);
			if (k <= 0) {
				rep = "\xEF\xBF\xBD";
				k = 1;
			} else if (k == 3 && memcmp(s + i, "\xEF\xBF", 2) == 0 &&
				   ((unsigned char)s[i + 2] == 0xBE ||
				    (unsigned char)s[i + 2] == 0xBF)) {
				rep = "\xEF\xBF\xBD";
			}
		}
		if (rep) {
			csvw_raw(wr->w, s + run, i - run);
			raw(wr, rep);
			run = i + (size_t)k;
		}
		i += (size_t)k;
	}
	csvw_raw(wr->w, s + run, n - run);
}

/* Writes one attribute element on its own line after depth tabs. */
static void attribute(struct xesw *wr, int depth, int type, const char *key, const char *v,
		      size_t n)
{
	static const char tabs[] = "\t\t\t\t";

	csvw_raw(wr->w, tabs, (size_t)depth);
	raw(wr, "<");
	raw(wr, type_name[type]);
	raw(wr, " key=\"");
	escaped(wr, key, strlen(key));
	raw(wr, "\" value=\"");
	escaped(wr, v, n);
	raw(wr, "\"/>\n");
}

/* Writes the value of column k (v, n bytes) as an attribute. */
static void value(struct xesw *wr, int depth, const struct wcol *c, const char *v, size_t n)
{
	if (c->type == T_DATE) {
		long m;

		xgrow(&wr->tmp, &wr->tcap, n + 10, 1);
		m = iso_datetime(v, n, wr->tmp);
		attribute(wr, depth, T_DATE, c->key, wr->tmp, (size_t)m);
	} else if (c->bool01) {
		attribute(wr, depth, T_BOOLEAN, c->key, v[0] == '1' ? "true" : "false",
			  v[0] == '1' ? 4 : 5);
	} else {
		attribute(wr, depth, c->type, c->key, v, n);
	}
}

/* A key that XML takes as a name (xs:Name, which the key of an XES attribute is): ASCII
 * letters, digits, '_', '-', '.' and ':' and the letters of Latin-1 (a-acute to y-umlaut)
 * are kept, every run of other characters becomes one '_', and a key that cannot begin
 * as it does gets a '_' before it (keten-render(1), XES). */
static char *key_of(const char *name)
{
	const unsigned char *u = (const unsigned char *)name;
	size_t n = strlen(name), i = 0, o = 0;
	char *k = xmalloc(n + 2);
	int gap = 0;

	if (!((u[0] >= 'a' && u[0] <= 'z') || (u[0] >= 'A' && u[0] <= 'Z') || u[0] == '_' ||
	      u[0] == ':' || u[0] == 0xC3))
		k[o++] = '_';
	while (i < n) {
		unsigned c = u[i];

		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		    c == '_' || c == '-' || c == '.' || c == ':') {
			k[o++] = (char)c;
			i++;
			gap = 0;
		} else if (c == 0xC3 && i + 1 < n && u[i + 1] >= 0x80 && u[i + 1] <= 0xBF &&
			   u[i + 1] != 0x97 && u[i + 1] != 0xB7) {
			/* U+00C0..U+00FF but the multiplication and division signs. */
			k[o++] = (char)c;
			k[o++] = (char)u[i + 1];
			i += 2;
			gap = 0;
		} else {
			int len = c >= 0x80 ? conv_utf8_seq(u + i, n - i) : 1;

			if (!gap)
				k[o++] = '_';
			gap = 1;
			i += len > 0 ? (size_t)len : 1;
		}
	}
	k[o] = '\0';
	return k;
}

/* The standard XES key of a keten column (keten(5), XES), or NULL. */
static const char *standard_key(const char *name)
{
	static const char *const map[][2] = {
		{ "stage", "concept:name" },        { "date", "time:timestamp" },
		{ "org", "org:resource" },          { "lifecycle", "lifecycle:transition" },
		{ "instance", "concept:instance" },
	};
	size_t i;

	for (i = 0; i < sizeof map / sizeof *map; i++)
		if (strcmp(name, map[i][0]) == 0)
			return map[i][1];
	return NULL;
}

/* Whether column k holds one value in all events of each case (empty counts as one). */
static int per_case(struct xesw *wr, size_t k)
{
	size_t cs;

	for (cs = 0; cs < wr->ncase; cs++) {
		uint32_t r = wr->first[cs];
		const char *v;
		size_t n;

		load_row(wr, r);
		v = wr->f[k];
		n = wr->len[k];
		for (r = wr->next[r]; r != UINT32_MAX; r = wr->next[r]) {
			load_row(wr, r);
			if (wr->len[k] != n || memcmp(wr->f[k], v, n) != 0)
				return 0;
		}
	}
	return 1;
}

/* The type of a column whose values all have the C_* bits cls: the first that fits of
 * boolean, int, float, date, id and string. */
static int type_of(unsigned cls)
{
	if (cls & C_BOOLEAN)
		return T_BOOLEAN;
	if (cls & C_INT)
		return T_INT;
	if (cls & C_FLOAT)
		return T_FLOAT;
	if (cls & C_DATE)
		return T_DATE;
	return cls & C_ID ? T_ID : T_STRING;
}

/* A key for column k not yet in keys (key, then key_2, key_3, ...), added to them. */
static char *unique_key(struct strtab *keys, const char *key)
{
	char *k = xstrdup(key);
	int n = 2;

	while (strtab_find(keys, k, strlen(k)) != UINT32_MAX) {
		free(k);
		k = xmalloc(strlen(key) + 24);
		sprintf(k, "%s_%d", key, n++);
	}
	strtab_intern(keys, k, strlen(k));
	return k;
}

/* Whether column k holds dates only; when not, *bad is the first row that does not. */
static int all_dates(struct xesw *wr, size_t k, size_t *bad)
{
	size_t r;

	for (r = 0; !(wr->c[k].cls & C_DATE) && r < wr->nrows; r++) {
		load_row(wr, r);
		if (wr->len[k] &&
		    !(value_class(wr->f[k], wr->len[k], &wr->tmp, &wr->tcap) & C_DATE)) {
			*bad = r;
			return 0;
		}
	}
	return 1;
}

/* Decides key, scope, type and global of every column but the case (keten-render(1)),
 * and which columns make a row with a start two events.  Returns -1, with *badk the
 * column and *bad the row, when the date or the start column holds a value that is no
 * date. */
static int decide(struct xesw *wr, size_t kcase, struct strtab *ekeys, struct strtab *tkeys,
		  size_t *badk, size_t *bad)
{
	long *filled = xcalloc(wr->nc, sizeof *filled);
	size_t k, r;

	wr->kstart = wr->kdate = wr->klife = SIZE_MAX;
	for (k = 0; k < wr->nc; k++) {
		const char *std = standard_key(wr->c[k].name);

		wr->c[k].cls = C_ALL;
		if (k == kcase)
			continue;
		if (strcmp(wr->c[k].name, "start") == 0)
			wr->kstart = k;
		else if (std && strcmp(std, "time:timestamp") == 0 && wr->kdate == SIZE_MAX)
			wr->kdate = k;
		else if (std && strcmp(std, "lifecycle:transition") == 0 && wr->klife == SIZE_MAX)
			wr->klife = k;
	}
	/* Without a date there is no completion to pair a start with: start is then an
	 * attribute like any other. */
	if (wr->kdate == SIZE_MAX)
		wr->kstart = SIZE_MAX;
	for (r = 0; r < wr->nrows; r++) {
		load_row(wr, r);
		for (k = 0; k < wr->nc; k++)
			if (wr->len[k]) {
				wr->c[k].cls &=
					value_class(wr->f[k], wr->len[k], &wr->tmp, &wr->tcap);
				filled[k]++;
			}
	}
	/* The standard keys first, so that no other column takes one of them. */
	for (k = 0; k < wr->nc; k++) {
		const char *std = standard_key(wr->c[k].name);

		if (k != kcase && std)
			wr->c[k].key = unique_key(ekeys, std);
	}
	for (k = 0; k < wr->nc; k++) {
		struct wcol *c = &wr->c[k];
		const char *std = standard_key(c->name);

		if (k == kcase)
			continue;
		if (k == wr->kstart) {
			/* Its values become the time:timestamp of the start events. */
			if (!all_dates(wr, k, bad)) {
				*badk = k;
				free(filled);
				return -1;
			}
			wr->npairs = (size_t)filled[k];
			c->type = T_NONE;
			continue;
		}
		/* A column case_X with one value per case was a trace attribute X (keten
		 * import names trace attributes so). */
		if (!std && strncmp(c->name, "case_", 5) == 0 && c->name[5] && per_case(wr, k)) {
			char *key = key_of(c->name + 5);

			if (strtab_find(tkeys, key, strlen(key)) == UINT32_MAX) {
				strtab_intern(tkeys, key, strlen(key));
				c->key = key;
				c->trace = 1;
			} else {
				free(key);
			}
		}
		if (!c->key) {
			char *key = key_of(c->name);

			c->key = unique_key(ekeys, key);
			free(key);
		}
		if (!filled[k]) {
			c->type = T_NONE;
			continue;
		}
		if (std && strcmp(std, "time:timestamp") == 0) {
			if (!all_dates(wr, k, bad)) {
				*badk = k;
				free(filled);
				return -1;
			}
			c->type = T_DATE;
		} else if (!std && strcmp(c->name, "urgent") == 0 && (c->cls & C_01)) {
			c->type = T_BOOLEAN;
			c->bool01 = 1;
		} else {
			c->type = std ? T_STRING : type_of(c->cls);
		}
		/* A global promises the key in every trace or event; one with a value in
		 * some only would be filled with the global's default by some readers. */
		if (c->trace) {
			size_t cs, have = 0;

			for (cs = 0; cs < wr->ncase; cs++) {
				load_row(wr, wr->first[cs]);
				have += wr->len[k] > 0;
			}
			c->global = have == wr->ncase;
		} else {
			c->global = (size_t)filled[k] == wr->nrows;
		}
	}
	free(filled);
	if (wr->klife != SIZE_MAX && wr->c[wr->klife].type == T_NONE)
		wr->klife = SIZE_MAX;
	return 0;
}

/* The default value a global declaration gives a key of type t. */
static const char *global_default(int t)
{
	switch (t) {
	case T_DATE:
		return "1970-01-01T00:00:00";
	case T_INT:
		return "0";
	case T_FLOAT:
		return "0.0";
	case T_BOOLEAN:
		return "false";
	case T_ID:
		return "00000000-0000-0000-0000-000000000000";
	default:
		return "UNKNOWN";
	}
}

/* Writes the global declaration of the traces or the events, unless it would be empty. */
static void globals(struct xesw *wr, int trace, size_t kcase)
{
	size_t k, any = trace;

	/* Without a lifecycle column, only the events of rows with a start have one. */
	int life = !trace && wr->npairs && wr->klife == SIZE_MAX && wr->npairs == wr->nrows;

	for (k = 0; k < wr->nc; k++)
		any += k != kcase && wr->c[k].type != T_NONE && wr->c[k].global &&
		       wr->c[k].trace == trace;
	any += (size_t)life;
	if (!any)
		return;
	raw(wr, trace ? "\t<global scope=\"trace\">\n" : "\t<global scope=\"event\">\n");
	if (trace)
		attribute(wr, 2, T_STRING, "concept:name", "UNKNOWN", 7);
	for (k = 0; k < wr->nc; k++) {
		const struct wcol *c = &wr->c[k];
		const char *d = global_default(c->type);

		if (k != kcase && c->type != T_NONE && c->global && c->trace == trace)
			attribute(wr, 2, c->type, c->key, d, strlen(d));
	}
	if (life)
		attribute(wr, 2, T_STRING, "lifecycle:transition", "UNKNOWN", 7);
	raw(wr, "\t</global>\n");
}

/* Whether a column of the table has the key key. */
static int has_key(const struct xesw *wr, const char *key)
{
	size_t k;

	for (k = 0; k < wr->nc; k++)
		if (wr->c[k].key && wr->c[k].type != T_NONE && strcmp(wr->c[k].key, key) == 0)
			return 1;
	return 0;
}

/* Writes the loaded row as an event.  A row with a start is written twice: as its start
 * (as_start: the time its start, the lifecycle 'start') and as its completion (the
 * lifecycle its own, or 'complete' when it has none), with the row's other attributes on
 * both, as PM4Py's to_lifecycle writes an interval; keten-import(1) pairs the two again. */
static void event(struct xesw *wr, int paired, int as_start)
{
	static const char *const life[] = { "complete", "start" };
	size_t k;

	raw(wr, "\t\t<event>\n");
	for (k = 0; k < wr->nc; k++) {
		const struct wcol *c = &wr->c[k];

		if (k == wr->kcase || c->trace)
			continue;
		if (paired && k == wr->kdate && as_start) {
			struct wcol d = *c;

			d.type = T_DATE;
			value(wr, 3, &d, wr->f[wr->kstart], wr->len[wr->kstart]);
		} else if (paired && k == wr->klife && (as_start || !wr->len[k])) {
			attribute(wr, 3, T_STRING, c->key, life[as_start], strlen(life[as_start]));
		} else if (c->type != T_NONE && wr->len[k]) {
			value(wr, 3, c, wr->f[k], wr->len[k]);
		}
	}
	if (paired && wr->klife == SIZE_MAX)
		attribute(wr, 3, T_STRING, "lifecycle:transition", life[as_start],
			  strlen(life[as_start]));
	raw(wr, "\t\t</event>\n");
}

struct xesw *xesw_new(const struct csv_row *h, const size_t *cols, size_t ncols, const char *name)
{
	struct xesw *wr;
	size_t k, kcase = SIZE_MAX;

	for (k = 0; k < ncols && kcase == SIZE_MAX; k++)
		if (strcmp(h->f[cols[k]], "case") == 0)
			kcase = k;
	if (kcase == SIZE_MAX)
		die("%s: no column 'case': XES groups the events by case", name);
	wr = xcalloc(1, sizeof *wr);
	wr->name = name;
	wr->kcase = kcase;
	wr->nc = ncols;
	wr->cols = xcalloc(ncols, sizeof *wr->cols);
	memcpy(wr->cols, cols, ncols * sizeof *cols);
	wr->c = xcalloc(ncols, sizeof *wr->c);
	wr->f = xcalloc(ncols, sizeof *wr->f);
	wr->len = xcalloc(ncols, sizeof *wr->len);
	for (k = 0; k < ncols; k++)
		wr->c[k].name = xstrdup(h->f[cols[k]]);
	wr->cases = strtab_new();
	wr->ekeys = strtab_new();
	wr->tkeys = strtab_new();
	strtab_intern(wr->tkeys, "concept:name", 12);
	return wr;
}

void xesw_add(struct xesw *wr, const struct csv_row *row)
{
	uint32_t cs, n = (uint32_t)wr->nrows;
	size_t k, c;

	if (wr->nrows == wr->rcap) {
		xgrow(&wr->row, &wr->rcap, wr->nrows + 1, sizeof *wr->row);
		wr->next = xreallocarray(wr->next, wr->rcap, sizeof *wr->next);
	}
	wr->row[wr->nrows] = wr->alen;
	wr->next[wr->nrows] = UINT32_MAX;
	for (k = 0; k < wr->nc; k++) {
		uint32_t len;

		c = wr->cols[k];
		len = c < row->n ? (uint32_t)row->len[c] : 0;
		xgrow(&wr->arena, &wr->acap, wr->alen + sizeof len + len, 1);
		memcpy(wr->arena + wr->alen, &len, sizeof len);
		if (len)
			memcpy(wr->arena + wr->alen + sizeof len, row->f[c], len);
		wr->alen += sizeof len + len;
	}
	c = wr->cols[wr->kcase];
	cs = strtab_intern(wr->cases, c < row->n ? row->f[c] : "", c < row->n ? row->len[c] : 0);
	if (cs == wr->ncase) {
		size_t cap = wr->ccap;

		xgrow(&wr->first, &cap, wr->ncase + 1, sizeof *wr->first);
		xgrow(&wr->last, &wr->ccap, wr->ncase + 1, sizeof *wr->last);
		wr->first[cs] = n;
		wr->ncase++;
	} else {
		wr->next[wr->last[cs]] = n;
	}
	wr->last[cs] = n;
	wr->nrows++;
}

void xesw_write(struct xesw *wr, const char *title, struct csvw *w)
{
	static const char *const ext[][3] = {
		/* name, prefix, a key that needs it */
		{ "Concept", "concept", NULL },
		{ "Time", "time", "time:timestamp" },
		{ "Organizational", "org", "org:resource" },
		{ "Lifecycle", "lifecycle", "lifecycle:transition" },
	};
	size_t k = 0, i, bad = 0, kcase = wr->kcase;

	wr->w = w;
	if (decide(wr, kcase, wr->ekeys, wr->tkeys, &k, &bad) != 0) {
		load_row(wr, bad);
		die("%s: column '%s': not a date of keten(5): '%.*s'", wr->name, wr->c[k].name,
		    (int)wr->len[k], wr->f[k]);
	}

	raw(wr, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
	raw(wr, "<log xes.version=\"1849.2016\" xes.features=\"\">\n");
	/* The log's own attributes come first: the XES schema's log is an element with
	 * attributes, followed by its extensions, globals, classifiers and traces. */
	if (title)
		attribute(wr, 1, T_STRING, "concept:name", title, strlen(title));
	for (i = 0; i < sizeof ext / sizeof *ext; i++) {
		/* Concept names every trace; the others are declared when used. */
		if (ext[i][2] && !has_key(wr, ext[i][2]) &&
		    !(wr->npairs && !strcmp(ext[i][2], "lifecycle:transition")))
			continue;
		raw(wr, "\t<extension name=\"");
		raw(wr, ext[i][0]);
		raw(wr, "\" prefix=\"");
		raw(wr, ext[i][1]);
		raw(wr, "\" uri=\"http://www.xes-standard.org/");
		raw(wr, ext[i][1]);
		raw(wr, ".xesext\"/>\n");
	}
	globals(wr, 1, kcase);
	globals(wr, 0, kcase);
	if (has_key(wr, "concept:name"))
		raw(wr, "\t<classifier name=\"Activity\" keys=\"concept:name\"/>\n");
	for (i = 0; i < wr->ncase; i++) {
		uint32_t rr = wr->first[i];

		raw(wr, "\t<trace>\n");
		load_row(wr, rr);
		attribute(wr, 2, T_STRING, "concept:name", wr->f[kcase], wr->len[kcase]);
		for (k = 0; k < wr->nc; k++)
			if (wr->c[k].trace && wr->c[k].type != T_NONE && wr->len[k])
				value(wr, 2, &wr->c[k], wr->f[k], wr->len[k]);
		for (; rr != UINT32_MAX; rr = wr->next[rr]) {
			int paired;

			load_row(wr, rr);
			paired = wr->kstart != SIZE_MAX && wr->len[wr->kstart] > 0;
			if (paired)
				event(wr, 1, 1);
			event(wr, paired, 0);
		}
		raw(wr, "\t</trace>\n");
	}
	raw(wr, "</log>\n");
}

void xesw_free(struct xesw *wr)
{
	size_t k;

	if (!wr)
		return;
	for (k = 0; k < wr->nc; k++) {
		free(wr->c[k].key);
		free((char *)wr->c[k].name);
	}
	free(wr->cols);
	free(wr->c);
	free(wr->f);
	free(wr->len);
	free(wr->arena);
	free(wr->row);
	free(wr->next);
	free(wr->first);
	free(wr->last);
	free(wr->tmp);
	if (wr->cases)
		strtab_free(wr->cases);
	if (wr->ekeys)
		strtab_free(wr->ekeys);
	if (wr->tkeys)
		strtab_free(wr->tkeys);
	free(wr);
}
