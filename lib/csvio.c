/* csvio: streaming CSV reading over libcsv and a writer that quotes only when needed.
 *
 * libcsv is a push parser: it calls back for each field and each record end.  The reader
 * turns that into a pull interface by parsing one chunk of input at a time and queueing
 * the records it completes in a buffer that is reused for every chunk; a record that is
 * still open at the end of a chunk is moved to the front.  libcsv counts no lines, so the
 * reader counts them: one per record terminator and one per newline inside a quoted
 * field, with CSV_REPALL_NL so that blank lines and the LF of a CRLF are seen too.
 *
 * Readers of foreign exports (keten import) may ask for more, all decided per chunk so
 * that plain keten CSV pays nothing for it: the delimiter sniffed from the first chunk,
 * Excel's "sep=;" first line, and conversion of Windows-1252 bytes to UTF-8 before
 * parsing.  Conversion never makes or removes a newline, a quote or a delimiter (every
 * byte it changes is at least 0x80 and becomes bytes that are too), so line numbers and
 * fields come out as they would have from UTF-8 input. */
#include "csvio.h"

#include <csv.h>
#include <errno.h>
#include <stdlib.h>
#include <stdnoreturn.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "convert.h"
#include "diag.h"

/* Bytes read and parsed at a time.  The fuzz target builds the reader with a tiny chunk
 * so that records and quoted fields cross chunk boundaries everywhere. */
#ifndef CSVIO_CHUNK
#define CSVIO_CHUNK (128 * 1024)
#endif
#define CHUNK CSVIO_CHUNK

struct rec {
	size_t f0, n;
	long line;
	int plain;
};

struct csvr {
	const char *name;
	FILE *fp;
	int flags;
	struct csv_parser p;
	char *in;
	long long bytes;
	int first_chunk, eof;
	int delim, delim_given;
	void (*tap)(void *ctx, const void *buf, size_t n);
	void *tap_ctx;

	/* Conversion to UTF-8 (enc != CSVR_UTF8). */
	int enc;
	char *conv;      /* 3 * CHUNK bytes */
	char tail[4];    /* a UTF-8 sequence cut by the end of a chunk, for the next one */
	size_t carry;
	long rawnl;      /* newlines before the current chunk, until bad_line is known */
	long bad_line;

	/* Field bytes of queued records, each field NUL-terminated. */
	char *data;
	size_t dlen, dcap;
	size_t *off, *flen;
	size_t nf, fcap;
	struct rec *rec;
	size_t nrec, reccap, recpos;

	/* The record being built. */
	size_t cur_f0;
	long line;       /* where it starts */
	long nl_in_rec;  /* newlines inside its completed fields */
	int count_nl;    /* fields of this chunk may hold newlines */
	int chunk_plain; /* fields that end in this chunk need no quotes (csv_row.plain) */
	int rec_plain;   /* the fields of the record so far need none */
	int check_first; /* the next field began in an earlier chunk: look at its bytes */
	int after_cr;

	struct csv_row row;
	size_t rowcap;
	struct csv_row hdr;
	long count;
};

/* libcsv trims spaces and tabs around unquoted fields unless told that nothing is a
 * space; keten keeps fields exactly as written. */
static int never_space(unsigned char c)
{
	(void)c;
	return 0;
}

/* Bytes that force a field into quotes. */
static const unsigned char special[256] = {
	['"'] = 1, [','] = 1, ['\n'] = 1, ['\r'] = 1,
};

static void on_field(void *s, size_t n, void *ctx)
{
	struct csvr *r = ctx;

	if (r->dlen + n + 1 > r->dcap)
		xgrow(&r->data, &r->dcap, r->dlen + n + 1, 1);
	if (r->nf == r->fcap) {
		size_t cap = r->fcap;
		xgrow(&r->off, &cap, r->nf + 1, sizeof *r->off);
		xgrow(&r->flen, &r->fcap, r->nf + 1, sizeof *r->flen);
	}
	if (n)
		memcpy(r->data + r->dlen, s, n);
	r->data[r->dlen + n] = '\0';
	r->off[r->nf] = r->dlen;
	r->flen[r->nf++] = n;
	r->dlen += n + 1;
	if (r->check_first) {
		/* Begun in an earlier chunk, quoted or not: only its bytes can tell. */
		size_t i;

		r->check_first = 0;
		for (i = 0; i < n; i++)
			if (special[((unsigned char *)s)[i]])
				break;
		r->rec_plain &= r->delim == ',' && i == n;
	} else {
		r->rec_plain &= r->chunk_plain;
	}
	if (r->count_nl && n) {
		const char *p = s, *end = p + n;
		while ((p = memchr(p, '\n', (size_t)(end - p))) != NULL) {
			r->nl_in_rec++;
			p++;
		}
	}
}

static void on_record(int c, void *ctx)
{
	struct csvr *r = ctx;
	size_t n = r->nf - r->cur_f0;

	if (n == 0) {
		/* A blank line, or the LF of a CRLF whose CR ended the record. */
		if (c == '\n' && r->after_cr)
			r->after_cr = 0;
		else if (c != -1) {
			r->line++;
			r->after_cr = c == '\r';
		}
		return;
	}
	xgrow(&r->rec, &r->reccap, r->nrec + 1, sizeof *r->rec);
	r->rec[r->nrec].f0 = r->cur_f0;
	r->rec[r->nrec].n = n;
	r->rec[r->nrec].line = r->line;
	r->rec[r->nrec].plain = r->rec_plain;
	r->rec_plain = 1;
	r->nrec++;
	r->line += r->nl_in_rec + (c == -1 ? 0 : 1);
	r->nl_in_rec = 0;
	r->cur_f0 = r->nf;
	r->after_cr = c == '\r';
}

/* Drops the consumed records and moves the open one to the front of the buffers. */
static void compact(struct csvr *r)
{
	size_t keep = r->nf - r->cur_f0, base, i;

	if (keep) {
		base = r->off[r->cur_f0];
		memmove(r->data, r->data + base, r->dlen - base);
		r->dlen -= base;
		for (i = 0; i < keep; i++) {
			r->off[i] = r->off[r->cur_f0 + i] - base;
			r->flen[i] = r->flen[r->cur_f0 + i];
		}
	} else {
		r->dlen = 0;
	}
	r->nf = keep;
	r->cur_f0 = 0;
	r->nrec = r->recpos = 0;
}

/* The delimiter of the lines in s: of , ; TAB and |, the one found in the first record
 * that the next records (up to 50) have as often; failing that the most frequent one in
 * the first record; failing that ','.  Quotes are followed, so delimiters and newlines
 * in quoted fields do not count. */
static int sniff(const char *s, size_t n, int final)
{
	static const char cand[4] = { ',', ';', '\t', '|' };
	size_t cnt[4] = { 0 }, head[4] = { 0 }, i;
	int same[4] = { 1, 1, 1, 1 }, nrec = 0, inq = 0, any = 0, k, best = -1;

	for (i = 0; i <= n && nrec < 50; i++) {
		int c = i < n ? (unsigned char)s[i] : -1;

		if (c == -1 && (!final || inq || !any))
			break;
		if (c == '"') {
			inq = !inq;
			any = 1;
		} else if (inq) {
			continue;
		} else if (c == '\n' || c == '\r' || c == -1) {
			if (!any)
				continue;
			for (k = 0; k < 4; k++) {
				if (nrec == 0)
					head[k] = cnt[k];
				else if (cnt[k] != head[k])
					same[k] = 0;
				cnt[k] = 0;
			}
			nrec++;
			any = 0;
		} else {
			any = 1;
			for (k = 0; k < 4; k++)
				if (c == cand[k])
					cnt[k]++;
		}
	}
	for (k = 0; k < 4; k++) {
		if (head[k] == 0)
			continue;
		if (best < 0 || same[k] > same[best] ||
		    (same[k] == same[best] && head[k] > head[best]))
			best = k;
	}
	return best < 0 ? ',' : cand[best];
}

/* Handles the start of the input: a byte-order mark, a sep= line, the sniffing of the
 * delimiter.  Returns the bytes to skip. */
static size_t prologue(struct csvr *r, size_t n, int final)
{
	const char *s = r->in;
	size_t skip = 0, e;

	if (n >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0)
		skip = 3;
	if (r->flags & CSVR_SEPLINE) {
		/* sep=; as Excel writes it, also quoted or padded with delimiters as a
		 * spreadsheet saves a first row that held only it. */
		int q = 0;
		char d;

		e = skip;
		if (e < n && s[e] == '"')
			q = 1, e++;
		if (n - e >= 5 && memcmp(s + e, "sep=", 4) == 0 && s[e + 4] != '\n' &&
		    s[e + 4] != '\r' && s[e + 4] != '"') {
			d = s[e + 4];
			e += 5;
			if (q && e < n && s[e] == '"')
				q = 0, e++;
			while (e < n && s[e] == d)
				e++;
			if (!q && (e == n ? final : (s[e] == '\n' || s[e] == '\r'))) {
				if (e < n && s[e] == '\r')
					e++;
				if (e < n && s[e] == '\n')
					e++;
				if (!r->delim_given)
					r->delim = (unsigned char)d;
				r->delim_given = 1;
				r->line = 2;
				r->rawnl = 1;
				skip = e;
			}
		}
	}
	if ((r->flags & CSVR_SNIFF) && !r->delim_given)
		r->delim = sniff(s + skip, n - skip, final);
	csv_set_delim(&r->p, (unsigned char)r->delim);
	return skip;
}

static long count_lines(const char *s, size_t n)
{
	const char *end = s + n;
	long k = 0;

	while ((s = memchr(s, '\n', (size_t)(end - s))) != NULL) {
		k++;
		s++;
	}
	return k;
}

/* Converts the n bytes at s to UTF-8; returns the bytes to parse and sets *len. */
static const char *decode(struct csvr *r, const char *s, size_t n, int final, size_t *len)
{
	size_t used, bad = (size_t)-1, v;

	if (r->enc == CSVR_CP1252) {
		*len = conv_cp1252(s, n, r->conv);
		return r->conv;
	}
	v = conv_utf8_valid(s, n);
	if (v == n || (!final && conv_utf8_seq((const unsigned char *)s + v, n - v) < 0)) {
		/* UTF-8 as it is, perhaps but for a sequence that the next chunk ends. */
		r->carry = n - v;
		memcpy(r->tail, s + v, r->carry);
		if (!r->bad_line)
			r->rawnl += count_lines(s, v);
		*len = v;
		return s;
	}
	*len = conv_utf8_mixed(s, n, final, r->conv, &used, &bad);
	if (!r->bad_line) {
		if (bad != (size_t)-1)
			r->bad_line = r->rawnl + count_lines(s, bad) + 1;
		else
			r->rawnl += count_lines(s, used);
	}
	r->carry = n - used;
	memcpy(r->tail, s + used, r->carry);
	return r->conv;
}

/* 1 when no space or tab in s could be trimmed by libcsv: none begins a field (after a
 * delimiter, a line end, a quote, or at the start of the chunk) or ends one (before a
 * delimiter, a line end, or at the end of the chunk).  For such a chunk libcsv's own
 * test for spaces gives the same fields as never_space, without a call per byte. */
static int no_edge_space(const char *s, size_t n, int delim)
{
	static const char ws[2] = { ' ', '\t' };
	size_t k;

	for (k = 0; k < 2; k++) {
		const char *p = s, *end = s + n;

		while ((p = memchr(p, ws[k], (size_t)(end - p))) != NULL) {
			if (p == s || p + 1 == end)
				return 0;
			if (p[-1] == delim || p[-1] == '\n' || p[-1] == '\r' || p[-1] == '"' ||
			    p[1] == delim || p[1] == '\n' || p[1] == '\r')
				return 0;
			p++;
		}
	}
	return 1;
}

/* Parses input until at least one record is queued; returns 0 at the end. */
static int fill(struct csvr *r)
{
	compact(r);
	while (r->nrec == 0) {
		size_t want, got, n, skip = 0;
		int has_quote;
		const char *buf;
		int final;

		if (r->eof)
			return 0;
		if (r->carry)
			memcpy(r->in, r->tail, r->carry);
		want = CHUNK - r->carry;
		got = fread(r->in + r->carry, 1, want, r->fp);
		if (got == 0 && r->carry == 0) {
			if (ferror(r->fp))
				die("%s: read error: %s", r->name, strerror(errno));
			if (r->p.pstate == 2 /* FIELD_BEGUN */ && r->p.quoted)
				die_at(r->name, r->line + r->nl_in_rec,
				       "unterminated quoted field (it begins on this line)");
			csv_fini(&r->p, on_field, on_record, r);
			r->eof = 1;
			continue;
		}
		if (got < want && ferror(r->fp))
			die("%s: read error: %s", r->name, strerror(errno));
		/* fread comes back short only at the end of the input. */
		final = got < want;
		r->bytes += (long long)got;
		if (r->tap && got)
			r->tap(r->tap_ctx, r->in + r->carry, got);
		n = r->carry + got;
		r->carry = 0;
		buf = r->in;
		if (r->first_chunk) {
			r->first_chunk = 0;
			skip = prologue(r, n, final);
		}
		if (r->enc != CSVR_UTF8) {
			buf = decode(r, buf + skip, n - skip, final, &n);
			skip = 0;
		}
		/* Only a quoted field can hold a newline: without a quote in the chunk, and
		 * not inside a quoted field already, there is nothing to count. */
		has_quote = memchr(buf + skip, '"', n - skip) != NULL;
		r->count_nl = (r->p.pstate == 2 && r->p.quoted) || has_quote;
		/* A field that begins in a chunk without a quote is not quoted and so holds no
		 * quote, delimiter or line end; one that began in an earlier chunk (the chunk
		 * starts in FIELD_BEGUN or FIELD_MIGHT_HAVE_ENDED) is looked at by on_field. */
		r->chunk_plain = r->delim == ',' && !has_quote;
		r->check_first = r->p.pstate == 2 || r->p.pstate == 3;
		csv_set_space_func(&r->p, no_edge_space(buf + skip, n - skip, r->delim) ?
						  NULL : never_space);
		if (csv_parse(&r->p, buf + skip, n - skip, on_field, on_record, r) != n - skip)
			die("%s: %s", r->name, csv_strerror(csv_error(&r->p)));
	}
	return 1;
}

static const struct csv_row *next_raw(struct csvr *r)
{
	const struct rec *rc;
	size_t i;

	if (r->recpos == r->nrec && !fill(r))
		return NULL;
	rc = &r->rec[r->recpos++];
	xgrow(&r->row.f, &r->rowcap, rc->n, sizeof *r->row.f);
	for (i = 0; i < rc->n; i++)
		r->row.f[i] = r->data + r->off[rc->f0 + i];
	r->row.len = r->flen + rc->f0;
	r->row.n = rc->n;
	r->row.line = rc->line;
	r->row.plain = rc->plain;
	return &r->row;
}

static struct csvr *open_reader(const char *path, const struct csvr_opts *o,
				void (*tap)(void *ctx, const void *buf, size_t n), void *ctx)
{
	struct csvr *r = xcalloc(1, sizeof *r);

	r->tap = tap;
	r->tap_ctx = ctx;

	if (!path || strcmp(path, "-") == 0) {
		r->name = "-";
		r->fp = stdin;
	} else {
		r->name = path;
		r->fp = fopen(path, "rb");
		if (!r->fp)
			die("%s: %s", path, strerror(errno));
	}
	r->flags = o->flags;
	r->in = xmalloc(CHUNK);
	r->first_chunk = 1;
	r->line = 1;
	r->rec_plain = 1;
	if (csv_init(&r->p, CSV_REPALL_NL | CSV_APPEND_NULL) != 0)
		die("cannot initialise the CSV parser");
	csv_set_space_func(&r->p, never_space);
	r->delim = o->delim ? o->delim : ',';
	r->delim_given = o->delim != 0;
	r->enc = o->encoding;
	if (r->enc != CSVR_UTF8)
		r->conv = xmalloc(3 * CHUNK);

	if (!(r->flags & CSVR_NOHEADER)) {
		const struct csv_row *h = next_raw(r);
		size_t i;

		if (!h)
			die("%s: empty input: no header line", r->name);
		r->hdr.n = h->n;
		r->hdr.line = h->line;
		r->hdr.f = xcalloc(h->n, sizeof *r->hdr.f);
		r->hdr.len = xcalloc(h->n, sizeof *r->hdr.len);
		for (i = 0; i < h->n; i++) {
			r->hdr.f[i] = xstrndup(h->f[i], h->len[i]);
			r->hdr.len[i] = h->len[i];
		}
	}
	return r;
}

struct csvr *csvr_open_opts(const char *path, const struct csvr_opts *o)
{
	return open_reader(path, o, NULL, NULL);
}

struct csvr *csvr_open_tap(const char *path, int flags,
			   void (*tap)(void *ctx, const void *buf, size_t n), void *ctx)
{
	struct csvr_opts o = { flags, 0, CSVR_UTF8 };
	return open_reader(path, &o, tap, ctx);
}

struct csvr *csvr_open(const char *path, int flags)
{
	struct csvr_opts o = { flags, 0, CSVR_UTF8 };
	return csvr_open_opts(path, &o);
}

const char *csvr_name(const struct csvr *r)
{
	return r->name;
}

int csvr_delim(const struct csvr *r)
{
	return r->delim;
}

long csvr_cp1252_line(const struct csvr *r)
{
	return r->bad_line;
}

const struct csv_row *csvr_header(const struct csvr *r)
{
	return &r->hdr;
}

int csvr_col(const struct csvr *r, const char *name)
{
	size_t i;

	for (i = 0; i < r->hdr.n; i++)
		if (strcmp(r->hdr.f[i], name) == 0)
			return (int)i;
	return -1;
}

int csvr_need(const struct csvr *r, const char *name)
{
	int c = csvr_col(r, name);
	size_t i, len = 0;
	char *list;

	if (c >= 0)
		return c;
	for (i = 0; i < r->hdr.n; i++)
		len += r->hdr.len[i] + 2;
	list = xmalloc(len + 1);
	list[0] = '\0';
	for (i = 0; i < r->hdr.n; i++) {
		if (i)
			strcat(list, ", ");
		strcat(list, r->hdr.f[i]);
	}
	die("%s: no column '%s' (columns: %s)", r->name, name, list);
}

const struct csv_row *csvr_next(struct csvr *r)
{
	const struct csv_row *row = next_raw(r);

	if (!row)
		return NULL;
	r->count++;
	if (!(r->flags & (CSVR_RAGGED | CSVR_NOHEADER)) && row->n != r->hdr.n)
		die_at(r->name, row->line, "expected %zu fields, found %zu", r->hdr.n, row->n);
	return row;
}

long csvr_count(const struct csvr *r)
{
	return r->count;
}

long long csvr_bytes(const struct csvr *r)
{
	return r->bytes;
}

void csvr_close(struct csvr *r)
{
	size_t i;

	if (!r)
		return;
	if (r->fp != stdin)
		fclose(r->fp);
	csv_free(&r->p);
	for (i = 0; i < r->hdr.n; i++)
		free(r->hdr.f[i]);
	free(r->hdr.f);
	free(r->hdr.len);
	free(r->in);
	free(r->conv);
	free(r->data);
	free(r->off);
	free(r->flen);
	free(r->rec);
	free(r->row.f);
	free(r);
}

/* The writer keeps its own buffer and hands the stream whole blocks. */
#define WBUF (64 * 1024)

struct csvw {
	FILE *fp;
	char *path, *tmp;
	const char *name;
	char *buf;
	size_t len;
	int first; /* the next field is the first of its record */
	int lone_empty; /* the record so far is one empty field */
};

static noreturn void write_failed(struct csvw *w)
{
	int e = errno;

	if (w->fp == stdout)
		diag_stdout_failed();
	die("%s: write error: %s", w->name, strerror(e));
}

static void wflush(struct csvw *w)
{
	if (w->len && fwrite(w->buf, 1, w->len, w->fp) != w->len)
		write_failed(w);
	w->len = 0;
}

static inline void wput(struct csvw *w, const char *s, size_t n)
{
	if (w->len + n > WBUF) {
		wflush(w);
		if (n > WBUF) {
			if (fwrite(s, 1, n, w->fp) != n)
				write_failed(w);
			return;
		}
	}
	memcpy(w->buf + w->len, s, n);
	w->len += n;
}

static inline void wputc(struct csvw *w, char c)
{
	if (w->len == WBUF)
		wflush(w);
	w->buf[w->len++] = c;
}

struct csvw *csvw_stream(FILE *fp, const char *name)
{
	struct csvw *w = xcalloc(1, sizeof *w);
	w->fp = fp;
	w->name = name;
	w->buf = xmalloc(WBUF);
	w->first = 1;
	return w;
}

/* Temporary files of writers not yet closed, removed if the program exits early so that
 * a failed run leaves nothing behind. */
static char *pending[8];

static void remove_pending(void)
{
	size_t i;

	for (i = 0; i < sizeof pending / sizeof *pending; i++)
		if (pending[i])
			unlink(pending[i]);
}

struct csvw *csvw_open(const char *path)
{
	struct csvw *w;
	static int registered;
	size_t i;
	mode_t mask;
	int fd;

	if (!path || strcmp(path, "-") == 0)
		return csvw_stream(stdout, "stdout");
	w = csvw_stream(NULL, path);
	w->path = xstrdup(path);
	w->tmp = xmalloc(strlen(path) + 16);
	sprintf(w->tmp, "%s.tmp.XXXXXX", path);
	fd = mkstemp(w->tmp);
	if (fd < 0 || !(w->fp = fdopen(fd, "wb")))
		die("%s: cannot create: %s", path, strerror(errno));
	/* mkstemp makes the file private; the result should get the usual permissions. */
	mask = umask(0);
	umask(mask);
	fchmod(fd, 0666 & ~mask);
	if (!registered) {
		atexit(remove_pending);
		registered = 1;
	}
	for (i = 0; i < sizeof pending / sizeof *pending; i++)
		if (!pending[i]) {
			pending[i] = w->tmp;
			break;
		}
	w->name = w->path;
	return w;
}

void csvw_field(struct csvw *w, const char *s, size_t n)
{
	size_t i;
	const unsigned char *u = (const unsigned char *)s;

	if (!w->first)
		wputc(w, ',');
	w->lone_empty = w->first && n == 0;
	w->first = 0;
	for (i = 0; i < n; i++)
		if (special[u[i]])
			break;
	if (i == n) {
		wput(w, s, n);
		return;
	}
	wputc(w, '"');
	for (i = 0; i < n; i++) {
		if (s[i] == '"')
			wputc(w, '"');
		wputc(w, s[i]);
	}
	wputc(w, '"');
}

void csvw_str(struct csvw *w, const char *s)
{
	csvw_field(w, s, strlen(s));
}

void csvw_empty(struct csvw *w)
{
	csvw_field(w, "", 0);
}

void csvw_int(struct csvw *w, long long v)
{
	char b[32];
	int n = snprintf(b, sizeof b, "%lld", v);
	csvw_field(w, b, (size_t)n);
}

void csvw_num(struct csvw *w, double v, int decimals)
{
	char b[64];
	int n;

	if (v != v) {
		csvw_empty(w);
		return;
	}
	n = snprintf(b, sizeof b, "%.*f", decimals, v);
	/* A value that rounds to zero keeps no sign: "-0.00" means nothing to a reader. */
	if (b[0] == '-' && strspn(b + 1, "0.") == (size_t)(n - 1))
		csvw_field(w, b + 1, (size_t)n - 1);
	else
		csvw_field(w, b, (size_t)n);
}

void csvw_end(struct csvw *w)
{
	/* A record of one empty field written as nothing would be a blank line, which
	 * readers skip: the row would be lost. */
	if (w->lone_empty) {
		wput(w, "\"\"", 2);
		w->lone_empty = 0;
	}
	wputc(w, '\n');
	w->first = 1;
}

void csvw_row(struct csvw *w, const struct csv_row *row)
{
	size_t i;

	if (row->plain && w->first && (row->n > 1 || (row->n == 1 && row->len[0] > 0))) {
		for (i = 0; i < row->n; i++) {
			if (i)
				wputc(w, ',');
			wput(w, row->f[i], row->len[i]);
		}
		wputc(w, '\n');
		return;
	}

	for (i = 0; i < row->n; i++)
		csvw_field(w, row->f[i], row->len[i]);
	csvw_end(w);
}

void csvw_names(struct csvw *w, const char *names)
{
	const char *p = names, *c;

	for (;;) {
		c = strchr(p, ',');
		csvw_field(w, p, c ? (size_t)(c - p) : strlen(p));
		if (!c)
			break;
		p = c + 1;
	}
	csvw_end(w);
}

void csvw_raw(struct csvw *w, const char *s, size_t n)
{
	wput(w, s, n);
}

void csvw_close(struct csvw *w)
{
	if (!w)
		return;
	wflush(w);
	if (w->path) {
		if (fflush(w->fp) != 0 || ferror(w->fp) || fsync(fileno(w->fp)) != 0) {
			int e = errno;
			fclose(w->fp);
			unlink(w->tmp);
			die("%s: write error: %s", w->path, strerror(e));
		}
		if (fclose(w->fp) != 0) {
			int e = errno;
			unlink(w->tmp);
			die("%s: write error: %s", w->path, strerror(e));
		}
		if (rename(w->tmp, w->path) != 0) {
			int e = errno;
			unlink(w->tmp);
			die("%s: cannot rename into place: %s", w->path, strerror(e));
		}
		for (size_t i = 0; i < sizeof pending / sizeof *pending; i++)
			if (pending[i] == w->tmp)
				pending[i] = NULL;
		free(w->path);
		free(w->tmp);
	}
	free(w->buf);
	free(w);
}
