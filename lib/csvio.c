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
 * fields come out as they would have from UTF-8 input.
 *
 * Every reader takes UTF-16 with a byte-order mark (Excel's "Unicode text"): the mark is
 * seen in the first chunk, and from then on each chunk is converted to UTF-8 (convert.h)
 * before anything else looks at it, the sep= line and the sniffing included.
 *
 * The fast path.  Most records hold no quote, and for them libcsv's call per field and
 * its copy of every byte are most of the cost of reading.  So each chunk, once it is
 * UTF-8, is scanned for the bytes that matter (the delimiter, the quote, CR and LF) a
 * block of 64 bytes at a time, with SSE2 where the compiler targets it (the x86-64
 * baseline) and otherwise with 64-bit words (SWAR).  A line without a quote is split in
 * place: its delimiters and its line end become NUL bytes and its fields point into the
 * chunk, which stays as it is until every record queued from it has been handed out.  A
 * line with a quote, a line cut by the end of the chunk and the lines of a record that
 * libcsv holds open go to libcsv, one line at a time, exactly as before; the fast path
 * takes over again where libcsv has ended a record.  Line numbers, blank lines and CRLF
 * are counted by the same on_record either way.  libcsv stays the definition: the flag
 * CSVR_LIBCSV sends everything through it, and tests/fuzz/fuzz_csvfast.c and
 * tests/unit/test_csvfast.c require both ways to give the same records, lines and
 * errors. */
#define _GNU_SOURCE /* NOLINT(bugprone-reserved-identifier): memrchr */
#include "csvio.h"

#include <csv.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <stdnoreturn.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "convert.h"
#include "diag.h"
#include "i18n.h"
#include "progress.h"
#include "sort.h"
#include "source.h"

#if defined(__SSE2__) && !defined(CSVIO_SWAR)
#include <emmintrin.h>
#define SCAN_SSE2 1
#endif

/* Bytes read and parsed at a time (CSVIO_CHUNK and CSVIO_PIPE_CHUNK are in csvio.h). */
#define CHUNK CSVIO_CHUNK
#define PIPE_CHUNK CSVIO_PIPE_CHUNK

struct rec {
	size_t f0, n;
	long line;
	int plain;
	size_t nul;       /* 1 + the index of the first field that holds a NUL byte; 0: none */
	const char *base; /* split in place: the offsets are into this chunk; NULL: data */
};

/* A batch of records that a parser thread hands to the reader's caller, in input order:
 * the buffers of the records (the stretch of input they were split in, the field bytes
 * libcsv copied, the offsets) move with them, and go back to the pipeline once the
 * caller has read every record of the batch. */
struct batch {
	char *in, *data;
	size_t incap, dlen, dcap;
	size_t *off, *flen;
	size_t nf, fcap;
	struct rec *rec;
	size_t nrec, reccap, recpos;
	long long bytes; /* csvr_bytes when the caller reaches the batch: the bytes read
			  * up to the end of its stretch */
	long lines;      /* the line where the next stretch begins, counted as the lines
			  * of this batch are */
	int end;         /* 1: the input ends after it; 2: then an error, line and msg */
	long line;
	char msg[640];
};

/* The most batches a pipeline keeps: one per parser thread, the caller's and one
 * ready for it. */
#define SLOTS_MAX (CSVR_THREADS_MAX + 2)

/* Parsing side by side (csvr_threads() > 1; HACKING.md, Threads).  The input after the
 * first chunk is cut into stretches that each end where a record ends.  The parser
 * threads take turns at reading: the one whose turn it is reads the next stretch, in
 * input order, and then parses it while the next one reads.  Batch k, the records of
 * stretch k, goes to slot[k % nslots], and the caller takes the slots in order. */
struct pipeline {
	pthread_mutex_t mu;
	pthread_cond_t cv;
	struct worker *w;
	int workers;  /* parser threads */
	int running;  /* of them, not ended yet */
	int stop;     /* the reader is being closed: the threads end */
	int reading;  /* a thread is reading: the others wait for their turn */
	int at_end;   /* the input has ended, or an error stopped the reading */
	size_t chunk; /* bytes read at a time */
	int nslots;
	struct batch slot[SLOTS_MAX];
	unsigned char full[SLOTS_MAX]; /* parsed and not yet given back by the caller */
	long long next_read;           /* the number of the next stretch to read */
	long long released;            /* batches the caller has given back */
	/* The bytes read after the last record end, for the next stretch: the reader's. */
	char *carry;
	size_t ncarry, carrycap;
	/* The caller's. */
	long long next_take; /* the number of the batch to take next */
	struct batch *cur;   /* the batch being read, NULL before the first */
	long base;           /* the lines before the batch being read */
	int done;            /* the caller has seen the end of the input */
};

struct csvr {
	const char *name;
	FILE *fp;
	int fd;             /* a file opened by path or stdin, read with read(2); -1: read fp */
	struct source *src; /* read instead of fp when not NULL; the caller's */
	int flags;
	struct csv_parser p;
	char *in;
	long long bytes;
	int first_chunk, eof;
	int fast; /* lines without a quote are split in place (not CSVR_LIBCSV) */
	int delim, delim_given;
	void (*tap)(void *ctx, const void *buf, size_t n);
	void *tap_ctx;
	struct progress meter; /* on a terminal, when the command asked (progress_enable) */

	/* Conversion to UTF-8 (enc != CSVR_UTF8). */
	int enc;
	char *conv;   /* 3 * CHUNK bytes */
	char tail[4]; /* a UTF-8 sequence cut by the end of a chunk, for the next one */
	size_t carry;
	long rawnl; /* newlines before the current chunk, until bad_line is known */
	long bad_line;
	struct conv_utf16 *u16; /* the input is UTF-16: its converter */
	long nl16;              /* newlines of the UTF-16 input converted so far */

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
	int nul_check;  /* a NUL byte was seen, and the reader must find it (no CSVR_NUL) */
	size_t cur_nul; /* struct rec.nul of the record being built */

	struct csv_row row;
	size_t rowcap;
	size_t row_nul; /* struct rec.nul of row */
	struct csv_row hdr;
	long count;
	int opening; /* the header is being read: the caller does not hold r yet */

	/* Parsing side by side (csvr_threads() > 1): from the second chunk on, parser
	 * threads read and parse, and the caller reads finished batches. */
	struct pipeline *pl;
	size_t incap;       /* bytes in the buffer in */
	long long pl_bytes; /* csvr_bytes of the caller's batch */
};

/* Where read_failed goes in a parser thread: the caller reports the error when it has
 * read every record before it. */
struct trap {
	jmp_buf env;
	long line;
	char msg[640];
};

static _Thread_local struct trap *catching;

/* Ends the program with a message about the input of r at line (0: none).  While r is
 * being opened, and so is not yet its caller's to free, it is closed first, so that a
 * caller that lives on after the exit (a fuzz target) loses nothing. */
static noreturn void read_failed(struct csvr *r, long line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

void csvr_close(struct csvr *r);

static noreturn void read_failed(struct csvr *r, long line, const char *fmt, ...)
{
	const char *name = r->name;
	char msg[640];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, _(fmt), ap);
	va_end(ap);
	if (catching) {
		catching->line = line;
		memcpy(catching->msg, msg, sizeof msg);
		longjmp(catching->env, 1);
	}
	if (r->opening)
		csvr_close(r);
	die_at(name, line, "%s", msg);
}

/* libcsv trims spaces and tabs around unquoted fields unless told that nothing is a
 * space; keten keeps fields exactly as written. */
static int never_space(unsigned char c)
{
	(void)c;
	return 0;
}

/* Bytes that force a field into quotes. */
static const unsigned char special[256] = {
	['"'] = 1,
	[','] = 1,
	['\n'] = 1,
	['\r'] = 1,
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
	if (r->nul_check && !r->cur_nul && n && memchr(s, '\0', n))
		r->cur_nul = r->nf - r->cur_f0;
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
	if (r->nrec == r->reccap)
		xgrow(&r->rec, &r->reccap, r->nrec + 1, sizeof *r->rec);
	r->rec[r->nrec].f0 = r->cur_f0;
	r->rec[r->nrec].n = n;
	r->rec[r->nrec].line = r->line;
	r->rec[r->nrec].plain = r->rec_plain;
	r->rec[r->nrec].nul = r->cur_nul;
	r->rec[r->nrec].base = NULL;
	r->rec_plain = 1;
	r->cur_nul = 0;
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
static size_t prologue(struct csvr *r, const char *s, size_t n, int final)
{
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

/* Converts the n bytes of UTF-16 at s to UTF-8; returns the bytes to parse and sets *len.
 * A character cut short by the end of the chunk waits in tail for the next one. */
static const char *decode16(struct csvr *r, const char *s, size_t n, int final, size_t *len)
{
	size_t used;
	long k = conv_utf16(r->u16, s, n, r->conv, &used);

	if (k < 0) {
		/* The line of the bad bytes: the newlines of the text before them. */
		size_t u2;
		long before = conv_utf16(r->u16, s, used, r->conv, &u2);

		read_failed(r, r->nl16 + count_lines(r->conv, (size_t)before) + 1,
			    "not UTF-16: half of a surrogate pair alone");
	}
	r->carry = n - used;
	if (final && r->carry)
		read_failed(r, 0, "the UTF-16 text ends inside a character");
	memcpy(r->tail, s + used, r->carry);
	r->nl16 += count_lines(r->conv, (size_t)k);
	*len = (size_t)k;
	return r->conv;
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

/* Hands n bytes at s to libcsv.  What on_field needs to know of them is decided for
 * this stretch alone: whether its fields may hold newlines to count, whether a field
 * that begins in it can need quotes, and whether the field open at its start (begun in
 * an earlier stretch) must be looked at. */
static void parse_slow(struct csvr *r, const char *s, size_t n)
{
	/* Only a quoted field can hold a newline: without a quote in the stretch, and not
	 * inside a quoted field already (FIELD_BEGUN, or FIELD_MIGHT_HAVE_ENDED after what
	 * may be its closing quote), there is nothing to count. */
	int has_quote = memchr(s, '"', n) != NULL;

	r->count_nl = ((r->p.pstate == 2 || r->p.pstate == 3) && r->p.quoted) || has_quote;
	/* A field that begins in a stretch without a quote is not quoted and so holds no
	 * quote, delimiter or line end; one that began in an earlier stretch (it starts in
	 * FIELD_BEGUN or FIELD_MIGHT_HAVE_ENDED) is looked at by on_field. */
	r->chunk_plain = r->delim == ',' && !has_quote;
	r->check_first = r->p.pstate == 2 || r->p.pstate == 3;
	csv_set_space_func(&r->p, no_edge_space(s, n, r->delim) ? NULL : never_space);
	if (csv_parse(&r->p, s, n, on_field, on_record, r) != n)
		read_failed(r, 0, "%s", csv_strerror(csv_error(&r->p)));
}

#ifndef SCAN_SSE2
/* 0x80 in each byte of x that is zero, exactly (no carry crosses a byte). */
static inline uint64_t zero_bytes(uint64_t x)
{
	const uint64_t lo7 = 0x7F7F7F7F7F7F7F7FULL;

	return ~(((x & lo7) + lo7) | x | lo7);
}
#endif

/* The scanner of the fast path: the positions of the delimiter, the quote, CR and LF in
 * a chunk, in order, found 64 bytes at a time as a bit mask per block. */
struct scan {
	const unsigned char *s;
	size_t n;
	size_t base;   /* the block that bits describes */
	uint64_t bits; /* its interesting bytes not yet handed out */
	int delim;
};

#ifdef SCAN_SSE2
/* Bit i set: byte i of the 64 at p is the delimiter, a quote, CR or LF. */
static inline uint64_t block_bits(const unsigned char *p, int delim)
{
	const __m128i d = _mm_set1_epi8((char)delim), q = _mm_set1_epi8('"');
	const __m128i cr = _mm_set1_epi8('\r'), lf = _mm_set1_epi8('\n');
	uint64_t bits = 0;
	int k;

	for (k = 0; k < 4; k++) {
		__m128i x = _mm_loadu_si128((const __m128i *)(const void *)(p + 16 * k));
		__m128i m =
			_mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(x, d), _mm_cmpeq_epi8(x, q)),
				     _mm_or_si128(_mm_cmpeq_epi8(x, cr), _mm_cmpeq_epi8(x, lf)));

		bits |= (uint64_t)(unsigned)_mm_movemask_epi8(m) << (16 * k);
	}
	return bits;
}
#else

/* The portable scanner: eight bytes to a 64-bit word. */
static inline uint64_t block_bits(const unsigned char *p, int delim)
{
	const uint64_t ones = 0x0101010101010101ULL;
	const uint64_t d = ones * (unsigned char)delim, q = ones * '"';
	const uint64_t cr = ones * '\r', lf = ones * '\n';
	uint64_t bits = 0, w, m;
	int k;

	for (k = 0; k < 8; k++) {
		memcpy(&w, p + 8 * k, 8);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
		w = __builtin_bswap64(w);
#endif
		m = zero_bytes(w ^ d) | zero_bytes(w ^ q) | zero_bytes(w ^ cr) | zero_bytes(w ^ lf);
		/* The top bit of each byte, gathered into the low eight bits in byte order. */
		bits |= (((m >> 7) * 0x0102040810204080ULL) >> 56) << (8 * k);
	}
	return bits;
}
#endif

/* The bits of the block at base, which may be cut short by the end of the chunk: the
 * bytes past it read as NUL, which is never the delimiter (see use_fast). */
static inline uint64_t scan_block(const struct scan *c)
{
	unsigned char tmp[64];

	if (c->n - c->base >= 64)
		return block_bits(c->s + c->base, c->delim);
	memset(tmp, 0, sizeof tmp);
	memcpy(tmp, c->s + c->base, c->n - c->base);
	return block_bits(tmp, c->delim);
}

static void scan_init(struct scan *c, const char *s, size_t n, int delim)
{
	c->s = (const unsigned char *)s;
	c->n = n;
	c->base = 0;
	c->delim = delim;
	c->bits = n ? scan_block(c) : 0;
}

/* The position of the next delimiter, quote, CR or LF, or n when there is none. */
static inline size_t scan_next(struct scan *c)
{
	size_t k;

	while (c->bits == 0) {
		if (c->n - c->base <= 64) {
			c->base = c->n;
			return c->n;
		}
		c->base += 64;
		c->bits = scan_block(c);
	}
	k = (size_t)__builtin_ctzll(c->bits);
	c->bits &= c->bits - 1;
	return c->base + k;
}

/* The position of the next CR or LF, or n. */
static size_t scan_line_end(struct scan *c)
{
	size_t p;

	while ((p = scan_next(c)) < c->n && c->s[p] != '\r' && c->s[p] != '\n')
		;
	return p;
}

/* Appends a field of the record being built: off and len into the chunk s, whose byte
 * after the field (its delimiter or line end) becomes the NUL byte that ends it. */
static inline void push_field(struct csvr *r, char *s, size_t off, size_t len)
{
	if (r->nf == r->fcap) {
		size_t cap = r->fcap;
		xgrow(&r->off, &cap, r->nf + 1, sizeof *r->off);
		xgrow(&r->flen, &r->fcap, r->nf + 1, sizeof *r->flen);
	}
	r->off[r->nf] = off;
	r->flen[r->nf++] = len;
	s[off + len] = '\0';
}

/* Drops the fields of the record being built, their delimiters put back, so that libcsv
 * can be given the line as it was. */
static void drop_fields(struct csvr *r, char *s)
{
	size_t i;

	for (i = r->cur_f0; i < r->nf; i++)
		s[r->off[i] + r->flen[i]] = (char)r->delim;
	r->nf = r->cur_f0;
}

/* Queues the fields cur_f0 .. nf - 1, found in place in s, as a record ended by c. */
static void fast_record(struct csvr *r, char *s, int c)
{
	size_t i;

	if (r->nul_check)
		for (i = r->cur_f0; i < r->nf; i++)
			if (r->flen[i] && memchr(s + r->off[i], '\0', r->flen[i])) {
				r->cur_nul = i - r->cur_f0 + 1;
				break;
			}
	/* Unquoted, with no quote, line end or (for ',') delimiter in a field. */
	r->rec_plain = r->delim == ',';
	on_record(c, r);
	r->rec[r->nrec - 1].base = s;
}

/* Parses the n bytes at s: lines without a quote in place, the rest through libcsv.
 * libcsv is handed whole lines (up to and with their line end), so that it is back at
 * the start of a record (ROW_NOT_BEGUN) after a line that ends one, and the fast path
 * can go on from there with the same state: on_record's count of lines and its memory
 * of a CR whose LF is still to come. */
static void parse_fast(struct csvr *r, char *s, size_t n)
{
	struct scan sc;
	size_t ls = 0, fs, p = 0, e;
	const int d = r->delim;
	int c;

	scan_init(&sc, s, n, d);
	while (ls < n) {
		if (r->p.pstate != 0) {
			/* A record that libcsv holds open: give it the next line. */
			e = scan_line_end(&sc);
			e = e < n ? e + 1 : n;
			parse_slow(r, s + ls, e - ls);
			ls = e;
			continue;
		}
		fs = ls;
		for (;;) {
			p = scan_next(&sc);
			if (p == n || s[p] == '"')
				break;
			c = (unsigned char)s[p];
			if (c == d) {
				push_field(r, s, fs, p - fs);
				fs = p + 1;
				continue;
			}
			/* CR or LF: the end of the line. */
			if (p == ls) {
				on_record(c, r); /* a blank line, or the LF of a CRLF */
			} else {
				push_field(r, s, fs, p - fs);
				fast_record(r, s, c);
			}
			ls = p + 1;
			break;
		}
		if (ls > p)
			continue;
		/* A quote, or the end of the chunk in the line: the line goes to libcsv. */
		drop_fields(r, s);
		e = p < n ? scan_line_end(&sc) : n;
		e = e < n ? e + 1 : n;
		parse_slow(r, s + ls, e - ls);
		ls = e;
	}
}

/* The fast path needs a delimiter that is neither a quote nor a line end, nor NUL (the
 * scanner pads the end of a chunk with NUL bytes). */
static int use_fast(const struct csvr *r)
{
	return r->fast && r->delim != '"' && r->delim != '\r' && r->delim != '\n' &&
	       r->delim != '\0';
}

/* Reads up to want bytes from the file descriptor; fewer only at the end of the input. */
static size_t read_fd(struct csvr *r, char *b, size_t want)
{
	size_t got = 0;

	while (got < want) {
		ssize_t k = read(r->fd, b + got, want - got);

		if (k == 0)
			break;
		if (k < 0) {
			if (errno == EINTR)
				continue;
			read_failed(r, 0, "read error: %s", strerror(errno));
		}
		got += (size_t)k;
	}
	return got;
}

/* Parses the n bytes at s, which the reader may write NUL bytes into. */
static void parse_chunk(struct csvr *r, char *s, size_t n)
{
	/* A NUL byte is looked for in every field from the chunk that holds the first one
	 * on: a field that began in an earlier chunk is whole only now. */
	if (!r->nul_check && memchr(s, '\0', n))
		r->nul_check = 1;
	if (use_fast(r))
		parse_fast(r, s, n);
	else
		parse_slow(r, s, n);
}

/* The end of the input: a quoted field still open is an error, and the record that
 * the last line began without a line end is queued. */
static void finish_input(struct csvr *r)
{
	if (r->p.pstate == 2 /* FIELD_BEGUN */ && r->p.quoted)
		read_failed(r, r->line + r->nl_in_rec,
			    "unterminated quoted field (it begins on this line)");
	csv_fini(&r->p, on_field, on_record, r);
	r->eof = 1;
}

/* Parses input until at least one record is queued; returns 0 at the end. */
static int fill(struct csvr *r)
{
	compact(r);
	while (r->nrec == 0) {
		size_t want, got, n, skip = 0;
		int first;
		const char *buf;
		int final;

		if (r->eof)
			return 0;
		if (r->carry)
			memcpy(r->in, r->tail, r->carry);
		want = CHUNK - r->carry;
		/* source_read ends the program itself on an error, and so leaves no error for
		 * ferror to find. */
		if (r->src)
			got = source_read(r->src, r->in + r->carry, want);
		else if (r->fd >= 0)
			got = read_fd(r, r->in + r->carry, want);
		else
			got = fread(r->in + r->carry, 1, want, r->fp);
		if (got == 0 && r->carry == 0) {
			if (r->fp && ferror(r->fp))
				read_failed(r, 0, "read error: %s", strerror(errno));
			finish_input(r);
			continue;
		}
		if (got < want && r->fp && ferror(r->fp))
			read_failed(r, 0, "read error: %s", strerror(errno));
		/* A read comes back short only at the end of the input. */
		final = got < want;
		r->bytes += (long long)got;
		if (r->tap && got)
			r->tap(r->tap_ctx, r->in + r->carry, got);
		n = r->carry + got;
		r->carry = 0;
		buf = r->in;
		first = r->first_chunk;
		r->first_chunk = 0;
		if (first && n >= 2 &&
		    (memcmp(buf, "\xFF\xFE", 2) == 0 || memcmp(buf, "\xFE\xFF", 2) == 0)) {
			/* UTF-16 with its byte-order mark, little-endian FF FE or big-endian
			 * FE FF: the mark decides, whatever the encoding asked for. */
			r->u16 = conv_utf16_new(buf[0] == '\xFE');
			if (!r->conv)
				r->conv = xmalloc(3 * CHUNK);
			buf += 2;
			n -= 2;
		}
		if (r->u16)
			buf = decode16(r, buf, n, final, &n);
		if (first)
			skip = prologue(r, buf, n, final);
		if (r->enc != CSVR_UTF8 && !r->u16) {
			buf = decode(r, buf + skip, n - skip, final, &n);
			skip = 0;
		}
		/* buf is r->in or r->conv, both ours to write NUL bytes into. */
		parse_chunk(r, (char *)(uintptr_t)(buf + skip), n - skip);
	}
	return 1;
}

static int threads_wanted; /* csvr_set_threads; 0: not set */

void csvr_set_threads(int n)
{
	threads_wanted = n;
}

/* Without --threads or KETEN_THREADS: the cores the program may run on (taskset and
 * cgroup cpusets narrow them), up to 8; more parser threads than that only wait for
 * their turn to read. */
static int csvr_default_threads(void)
{
	cpu_set_t set;
	long n = 0;

	if (sched_getaffinity(0, sizeof set, &set) == 0)
		n = CPU_COUNT(&set);
	if (n < 1)
		n = sysconf(_SC_NPROCESSORS_ONLN);
	return n < 1 ? 1 : n > 8 ? 8 : (int)n;
}

int csvr_threads(void)
{
	const char *e;
	long n;

	if (threads_wanted > 0)
		return threads_wanted;
	e = getenv("KETEN_THREADS");
	if (e && *e) {
		char *end;

		errno = 0;
		n = strtol(e, &end, 10);
		if (errno || *end || n < 1 || n > CSVR_THREADS_MAX)
			die("KETEN_THREADS: '%s' is not a number of threads from 1 to %d", e,
			    CSVR_THREADS_MAX);
		return (int)n;
	}
	return csvr_default_threads();
}

/* The states of libcsv's reading of quotes (csv_parse without CSV_STRICT, and no byte a
 * space, as parse_slow sets it), as far as they decide where a record ends: at the
 * start of a field (at the start of a line or after a delimiter), in an unquoted field,
 * in a quoted field, and just after a quote in a quoted field.  That quote closes the
 * field when a delimiter or a line end follows; doubled, or followed by anything else,
 * it is kept and the field goes on. */
enum { QS_START, QS_PLAIN, QS_QUOTED, QS_QUOTE };

static inline int ends_field(int c, int delim)
{
	return c == delim || c == '\n' || c == '\r';
}

/* The state of libcsv's parser p. */
static int quote_state(const struct csv_parser *p)
{
	switch (p->pstate) {
	case 2: /* FIELD_BEGUN */
		return p->quoted ? QS_QUOTED : QS_PLAIN;
	case 3: /* FIELD_MIGHT_HAVE_ENDED */
		return QS_QUOTE;
	default: /* ROW_NOT_BEGUN, FIELD_NOT_BEGUN */
		return QS_START;
	}
}

/* Follows libcsv through s[from, n) from the state *st at from, leaves the state at n in
 * *st, and returns the offset just after the last LF outside a quoted field there (after
 * it libcsv is at the start of a record), or 0 when there is none.  Only quotes are
 * looked at one by one: outside a quoted field a quote opens one only at the start of a
 * field, that is at from in QS_START or after a byte that ends a field; any other quote
 * is a byte of an unquoted field. */
static size_t last_record_end(const char *s, size_t from, size_t n, int delim, int *st)
{
	size_t p = from, last = 0, a, e;
	int state = *st;
	const char *q;

	while (p < n) {
		if (state == QS_QUOTED) {
			q = memchr(s + p, '"', n - p);
			p = q ? (size_t)(q - s) + 1 : n;
			if (q)
				state = QS_QUOTE;
			continue;
		}
		if (state == QS_QUOTE) {
			/* The byte after the quote: a delimiter or a line end closes the field
			 * and is looked at again below, as the first byte outside it. */
			if (ends_field((unsigned char)s[p], delim))
				state = QS_START;
			else
				state = QS_QUOTED, p++;
			continue;
		}
		/* Outside a quoted field from a to e, the quote that opens the next one (or n). */
		a = p;
		for (;;) {
			q = memchr(s + p, '"', n - p);
			e = q ? (size_t)(q - s) : n;
			if (!q || (e == a ? state == QS_START
					  : ends_field((unsigned char)s[e - 1], delim)))
				break;
			p = e + 1;
		}
		q = e > a ? memrchr(s + a, '\n', e - a) : NULL;
		if (q)
			last = (size_t)(q - s) + 1;
		if (e < n) {
			state = QS_QUOTED;
			p = e + 1;
		} else {
			if (n > a)
				state = ends_field((unsigned char)s[n - 1], delim) ? QS_START
										   : QS_PLAIN;
			p = n;
		}
	}
	*st = state;
	return last;
}

/* A parser thread, with the state it parses its stretches with (all but the first). */
struct worker {
	struct csvr *r;
	struct csvr *own;
	pthread_t tid;
};

/* Exchanges the values of the two lvalues a and b, of type T. */
#define SWAP(T, a, b)       \
	do {                \
		T t_ = (a); \
		(a) = (b);  \
		(b) = t_;   \
	} while (0)

/* Exchanges the buffers of the parser state p and the batch b, with what they hold, so
 * that a parser thread keeps no memory between stretches: it takes a batch's buffers
 * to parse into and hands them back full. */
static void swap_buffers(struct csvr *p, struct batch *b)
{
	SWAP(char *, p->in, b->in);
	SWAP(size_t, p->incap, b->incap);
	SWAP(char *, p->data, b->data);
	SWAP(size_t, p->dlen, b->dlen);
	SWAP(size_t, p->dcap, b->dcap);
	SWAP(size_t *, p->off, b->off);
	SWAP(size_t *, p->flen, b->flen);
	SWAP(size_t, p->nf, b->nf);
	SWAP(size_t, p->fcap, b->fcap);
	SWAP(struct rec *, p->rec, b->rec);
	SWAP(size_t, p->nrec, b->nrec);
	SWAP(size_t, p->reccap, b->reccap);
	SWAP(size_t, p->recpos, b->recpos);
}

/* A parser state for stretches that begin at the start of a record, with the options
 * of r and no buffers of its own. */
static struct csvr *worker_state(const struct csvr *r)
{
	struct csvr *p = xcalloc(1, sizeof *p);

	p->name = r->name;
	p->fd = -1;
	p->flags = r->flags;
	p->fast = r->fast;
	p->delim = r->delim;
	p->delim_given = 1;
	if (csv_init(&p->p, CSV_REPALL_NL | CSV_APPEND_NULL) != 0)
		die("cannot initialise the CSV parser");
	csv_set_space_func(&p->p, never_space);
	csv_set_delim(&p->p, (unsigned char)r->delim);
	return p;
}

/* Reads stretch k into the buffer in of p: the bytes after the last record end of
 * stretch k - 1, then a chunk more, and more while no record ends in what was read; the
 * bytes after its last record end stay for stretch k + 1.  Sets *len to the bytes of
 * the stretch and returns 1 when the input ends with it.  Runs in the thread whose turn
 * it is to read, so that the input is read and tapped in order. */
static int read_stretch(struct csvr *r, struct csvr *p, long long k, size_t *len)
{
	struct pipeline *pl = r->pl;
	size_t n = pl->ncarry, scanned = 0, end = 0, got;
	int st = k == 0 ? quote_state(&r->p) : QS_START;

	if (p->incap < n + pl->chunk)
		xgrow(&p->in, &p->incap, n + pl->chunk, 1);
	if (n)
		memcpy(p->in, pl->carry, n);
	for (;;) {
		if (p->incap < n + pl->chunk)
			xgrow(&p->in, &p->incap, n + pl->chunk, 1);
		got = read_fd(r, p->in + n, pl->chunk);
		r->bytes += (long long)got;
		if (r->tap && got)
			r->tap(r->tap_ctx, p->in + n, got);
		n += got;
		/* A read comes back short only at the end of the input. */
		if (got < pl->chunk) {
			pl->ncarry = 0;
			*len = n;
			return 1;
		}
		end = last_record_end(p->in, scanned, n, r->delim, &st);
		scanned = n;
		if (end)
			break;
	}
	pl->ncarry = n - end;
	if (pl->carrycap < pl->ncarry)
		xgrow(&pl->carry, &pl->carrycap, pl->ncarry, 1);
	if (pl->ncarry)
		memcpy(pl->carry, p->in + end, pl->ncarry);
	*len = end;
	return 0;
}

/* Reads and parses stretch k into the batch b: with the reader's own state for the
 * first (it goes on from the first chunk, whose last record may still be open), with the
 * thread's for the rest, which begin at the start of a record on line 1.  An error
 * (read_failed) is handed on in b after the records before it. */
static void run_stretch(struct worker *w, long long k, struct batch *b)
{
	struct csvr *r = w->r;
	struct pipeline *pl = r->pl;
	struct csvr *volatile p = k == 0 ? r : w->own;
	volatile int my_turn = 1;
	struct trap c;
	size_t n;
	int final;

	if (k == 0) {
		compact(r);
	} else {
		swap_buffers(p, b);
		p->dlen = p->nf = p->nrec = p->recpos = 0;
		p->cur_f0 = 0;
		p->line = 1;
		p->nl_in_rec = 0;
		p->after_cr = 0;
		p->rec_plain = 1;
		p->cur_nul = 0;
		p->nul_check = 0;
	}
	b->end = 0;
	catching = &c;
	if (setjmp(c.env) == 0) {
		final = read_stretch(r, p, k, &n);
		b->bytes = r->bytes;
		pthread_mutex_lock(&pl->mu);
		pl->reading = 0;
		my_turn = 0;
		if (final)
			pl->at_end = 1;
		pthread_cond_broadcast(&pl->cv);
		pthread_mutex_unlock(&pl->mu);
		parse_chunk(p, p->in, n);
		if (final)
			finish_input(p);
		else if (p->p.pstate != 0 || p->nf != p->cur_f0)
			/* last_record_end and libcsv disagree: a fault of keten's. */
			read_failed(p, p->line,
				    "the input was split inside a record for "
				    "parsing in threads; --threads 1 reads it");
		b->end = final;
	} else {
		pthread_mutex_lock(&pl->mu);
		if (my_turn)
			pl->reading = 0;
		pl->at_end = 1;
		pthread_cond_broadcast(&pl->cv);
		pthread_mutex_unlock(&pl->mu);
		b->end = 2;
		b->line = c.line;
		memcpy(b->msg, c.msg, sizeof b->msg);
		if (my_turn)
			b->bytes = r->bytes;
	}
	catching = NULL;
	b->lines = p->line;
	swap_buffers(p, b);
	p->dlen = p->nf = p->nrec = p->recpos = 0;
	p->cur_f0 = 0;
	b->recpos = 0;
}

/* A parser thread: it waits for its turn to read a stretch, and for the slot of that
 * stretch to be free, until the input has ended or the reader is being closed.  The
 * thread is detached: the caller may end the program (an error in a record) while it
 * runs, and csvr_close waits for running to drop instead of joining it.  Nothing of
 * the reader is touched after that. */
static void *parse_stretches(void *arg)
{
	struct worker *w = arg;
	struct pipeline *pl = w->r->pl;
	long long k;

	pthread_mutex_lock(&pl->mu);
	for (;;) {
		while (!pl->stop && !pl->at_end &&
		       (pl->reading || pl->next_read >= pl->released + pl->nslots))
			pthread_cond_wait(&pl->cv, &pl->mu);
		if (pl->stop || pl->at_end)
			break;
		k = pl->next_read++;
		pl->reading = 1;
		pthread_mutex_unlock(&pl->mu);
		run_stretch(w, k, &pl->slot[k % pl->nslots]);
		pthread_mutex_lock(&pl->mu);
		pl->full[k % pl->nslots] = 1;
		pthread_cond_broadcast(&pl->cv);
	}
	pl->running--;
	pthread_cond_broadcast(&pl->cv);
	pthread_mutex_unlock(&pl->mu);
	return NULL;
}

/* Frees the pipeline of r, whose threads have ended or never began. */
static void free_pipeline(struct csvr *r)
{
	struct pipeline *pl = r->pl;
	int i;

	for (i = 0; i < pl->nslots; i++) {
		struct batch *b = &pl->slot[i];

		free(b->in);
		free(b->data);
		free(b->off);
		free(b->flen);
		free(b->rec);
	}
	for (i = 0; i < pl->workers; i++)
		if (pl->w[i].own) {
			csv_free(&pl->w[i].own->p);
			free(pl->w[i].own);
		}
	free(pl->w);
	free(pl->carry);
	pthread_cond_destroy(&pl->cv);
	pthread_mutex_destroy(&pl->mu);
	free(pl);
	r->pl = NULL;
}

/* Parsing goes on in parser threads when more than one thread is wanted and the input
 * is plain: read with read(2) (a source may end the program on a gzip error in a thread
 * of its own), UTF-8 (a conversion keeps its state with the caller), longer than the
 * first chunk, and with a delimiter that is neither a quote nor a line end (where
 * records end is then found by last_record_end).  A tap is called in the thread whose
 * turn it is to read (csvio.h). */
static void start_pipeline(struct csvr *r)
{
	struct pipeline *pl;
	pthread_attr_t attr;
	int i, started = 0, n = csvr_threads();

	if (r->eof || r->first_chunk || r->src || r->fd < 0 || r->u16 || r->enc != CSVR_UTF8 ||
	    n < 2 || r->delim == '"' || r->delim == '\r' || r->delim == '\n')
		return;
	pl = xcalloc(1, sizeof *pl);
	pthread_mutex_init(&pl->mu, NULL);
	pthread_cond_init(&pl->cv, NULL);
	pl->workers = n;
	pl->nslots = n + 2;
	/* A pipe keeps the small chunk: a read waits until the chunk is full. */
	pl->chunk = csvr_size(r) >= 0 ? PIPE_CHUNK : CHUNK;
	pl->w = xcalloc((size_t)n, sizeof *pl->w);
	r->pl = pl;
	r->pl_bytes = r->bytes;
	if (pthread_attr_init(&attr) != 0)
		die("cannot start a thread");
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	/* The threads wait for the lock until all are counted; started is read before
	 * they can end and count themselves out. */
	pthread_mutex_lock(&pl->mu);
	for (i = 0; i < n; i++) {
		pl->w[i].r = r;
		pl->w[i].own = worker_state(r);
		if (pthread_create(&pl->w[i].tid, &attr, parse_stretches, &pl->w[i]) != 0)
			break;
		started++;
	}
	pl->running = started;
	pthread_mutex_unlock(&pl->mu);
	pthread_attr_destroy(&attr);
	/* Without a thread the reader goes on in this one. */
	if (started == 0)
		free_pipeline(r);
}

/* The next batch with a record to read: 0 at the end of the input; an error of a parser
 * thread ends the program here, after every record before it. */
static int next_batch(struct csvr *r)
{
	struct pipeline *pl = r->pl;
	struct batch *b = pl->cur;

	for (;;) {
		if (b && b->recpos < b->nrec)
			return 1;
		if (pl->done)
			return 0;
		if (b) {
			if (b->end == 2)
				die_at(r->name, b->line ? pl->base + b->line : 0, "%s", b->msg);
			if (b->end) {
				pl->done = 1;
				return 0;
			}
			pl->base += b->lines - 1;
			pthread_mutex_lock(&pl->mu);
			pl->full[(pl->next_take - 1) % pl->nslots] = 0;
			pl->released++;
			pthread_cond_broadcast(&pl->cv);
			pthread_mutex_unlock(&pl->mu);
		}
		pthread_mutex_lock(&pl->mu);
		while (!pl->full[pl->next_take % pl->nslots])
			pthread_cond_wait(&pl->cv, &pl->mu);
		pthread_mutex_unlock(&pl->mu);
		b = pl->cur = &pl->slot[pl->next_take % pl->nslots];
		pl->next_take++;
		r->pl_bytes = b->bytes;
	}
}

static void stop_pipeline(struct csvr *r)
{
	struct pipeline *pl = r->pl;

	pthread_mutex_lock(&pl->mu);
	pl->stop = 1;
	pthread_cond_broadcast(&pl->cv);
	while (pl->running)
		pthread_cond_wait(&pl->cv, &pl->mu);
	pthread_mutex_unlock(&pl->mu);
	free_pipeline(r);
}

static const struct csv_row *next_raw(struct csvr *r)
{
	const struct rec *rc;
	const char *data;
	const size_t *off, *flen;
	char *base;
	size_t i;
	long line;

	if (!r->pl && r->recpos == r->nrec && !r->opening)
		start_pipeline(r);
	if (r->pl) {
		struct batch *b;

		if (!next_batch(r))
			return NULL;
		b = r->pl->cur;
		rc = &b->rec[b->recpos++];
		data = b->data;
		off = b->off;
		flen = b->flen;
		line = rc->line + r->pl->base;
	} else {
		if (r->recpos == r->nrec && !fill(r))
			return NULL;
		rc = &r->rec[r->recpos++];
		data = r->data;
		off = r->off;
		flen = r->flen;
		line = rc->line;
	}
	if (rc->n > r->rowcap)
		xgrow(&r->row.f, &r->rowcap, rc->n, sizeof *r->row.f);
	base = (char *)(uintptr_t)(rc->base ? rc->base : data);
	for (i = 0; i < rc->n; i++)
		r->row.f[i] = base + off[rc->f0 + i];
	r->row.len = (size_t *)(uintptr_t)(flen + rc->f0);
	r->row.n = rc->n;
	r->row.line = line;
	r->row.plain = rc->plain;
	r->row_nul = rc->nul;
	r->row.nul = rc->nul;
	return &r->row;
}

/* The message for a NUL byte in field i of a record (keten(5): no field holds one): the
 * column by number, and by name when the header has one. */
static void nul_message(const struct csvr *r, size_t i, char *msg, size_t size)
{
	if (i < r->hdr.n)
		snprintf(msg, size, _("column %zu '%.*s': NUL byte in the value"), i + 1,
			 r->hdr.len[i] > 200 ? 200 : (int)r->hdr.len[i], r->hdr.f[i]);
	else if (!(r->flags & CSVR_NOHEADER) && !r->hdr.f)
		snprintf(msg, size, _("column %zu: NUL byte in the name"), i + 1);
	else
		snprintf(msg, size, _("column %zu: NUL byte in the value"), i + 1);
}

static int same_name(const struct csv_row *h, size_t x, size_t y)
{
	return h->len[x] == h->len[y] && memcmp(h->f[x], h->f[y], h->len[x]) == 0;
}

/* Orders the indexes of header names (ctx: the header) by name, then by index. */
static int cmp_name(const void *a, const void *b, void *ctx)
{
	const struct csv_row *h = ctx;
	size_t x = *(const size_t *)a, y = *(const size_t *)b;
	size_t n = h->len[x] < h->len[y] ? h->len[x] : h->len[y];
	int c = memcmp(h->f[x], h->f[y], n);

	if (c)
		return c;
	if (h->len[x] != h->len[y])
		return h->len[x] < h->len[y] ? -1 : 1;
	return x < y ? -1 : x > y;
}

/* Finds the first header name that repeats an earlier one (empty names, which no
 * command can ask for, aside): returns 1 and sets *first and *again, the columns, or
 * returns 0.  Sorting the indexes keeps a wide header from costing n * n comparisons. */
static int repeated_name(const struct csv_row *h, size_t *first, size_t *again)
{
	size_t *ix = xcalloc(h->n ? h->n : 1, sizeof *ix), i, j, k = 0;
	int found = 0;

	for (i = 0; i < h->n; i++)
		if (h->len[i])
			ix[k++] = i;
	sort_r(ix, k, sizeof *ix, cmp_name, (void *)h);
	/* In each run of one name the first index is where the name first stands and
	 * the second where it is first repeated; the earliest repetition is reported. */
	for (i = 0; i < k; i = j) {
		for (j = i + 1; j < k && same_name(h, ix[i], ix[j]); j++)
			;
		if (j > i + 1 && (!found || ix[i + 1] < *again)) {
			*first = ix[i];
			*again = ix[i + 1];
			found = 1;
		}
	}
	free(ix);
	return found;
}

/* Ends the program with msg about the header of r, at line; r is closed first, so that
 * a caller that lives on after the exit (a fuzz target) loses nothing. */
static noreturn void header_error(struct csvr *r, long line, const char *msg)
{
	const char *name = r->name;

	csvr_close(r);
	die_at(name, line, "%s", msg);
}

static struct csvr *open_reader(const char *path, struct source *src, const struct csvr_opts *o,
				void (*tap)(void *ctx, const void *buf, size_t n), void *ctx)
{
	struct csvr *r = xcalloc(1, sizeof *r);

	r->tap = tap;
	r->tap_ctx = ctx;

	r->fd = -1;
	if (src) {
		r->name = source_name(src);
		r->src = src;
	} else if (!path || strcmp(path, "-") == 0) {
		/* stdin is read with read(2) too: a parser thread blocked in fread would hold
		 * the lock of stdin, which exit takes, and so keep a program that ends on an
		 * error in a record from ending until more input came. */
		r->name = "-";
		r->fd = STDIN_FILENO;
	} else {
		/* A file of our own is read with read(2) straight into the chunk. */
		r->name = path;
		r->fd = open(path, O_RDONLY);
		if (r->fd < 0) {
			int e = errno;

			free(r);
			die("%s: %s", path, strerror(e));
		}
	}
	r->flags = o->flags;
	r->fast = !(o->flags & CSVR_LIBCSV);
	r->in = xmalloc(CHUNK);
	r->incap = CHUNK;
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
		const struct csv_row *h;
		size_t i, first, again;
		char msg[640];

		r->opening = 1;
		h = next_raw(r);
		if (!h)
			read_failed(r, 0, "empty input: no header line");
		if (r->row_nul) {
			nul_message(r, r->row_nul - 1, msg, sizeof msg);
			header_error(r, h->line, msg);
		}
		r->hdr.n = h->n;
		r->hdr.line = h->line;
		r->hdr.f = xcalloc(h->n, sizeof *r->hdr.f);
		r->hdr.len = xcalloc(h->n, sizeof *r->hdr.len);
		for (i = 0; i < h->n; i++) {
			r->hdr.f[i] = xstrndup(h->f[i], h->len[i]);
			r->hdr.len[i] = h->len[i];
		}
		/* Columns are found by name, so a name given twice would silently take the
		 * first of the two (keten(5)). */
		if (repeated_name(&r->hdr, &first, &again)) {
			int n = r->hdr.len[first] > 200 ? 200 : (int)r->hdr.len[first];

			snprintf(msg, sizeof msg, _("column %zu '%.*s' repeats column %zu '%.*s'"),
				 again + 1, n, r->hdr.f[again], first + 1, n, r->hdr.f[first]);
			header_error(r, r->hdr.line, msg);
		}
		r->opening = 0;
	}
	if ((r->fp || r->fd >= 0) && progress_enabled()) {
		struct stat st;
		long long size = 0;

		/* The share read is shown for a regular file only: a pipe has no size.  A
		 * file named by path is read with read(2), stdin through its stream. */
		if (fstat(r->fd >= 0 ? r->fd : fileno(r->fp), &st) == 0 && S_ISREG(st.st_mode))
			size = (long long)st.st_size;
		progress_start(&r->meter, r->name, size);
	}
	return r;
}

struct csvr *csvr_open_opts(const char *path, const struct csvr_opts *o)
{
	return open_reader(path, NULL, o, NULL, NULL);
}

struct csvr *csvr_open_source(struct source *src, const struct csvr_opts *o)
{
	return open_reader(NULL, src, o, NULL, NULL);
}

struct csvr *csvr_open_tap(const char *path, int flags,
			   void (*tap)(void *ctx, const void *buf, size_t n), void *ctx)
{
	struct csvr_opts o = { flags, 0, CSVR_UTF8 };
	return open_reader(path, NULL, &o, tap, ctx);
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

	if (!row) {
		progress_end(&r->meter);
		return NULL;
	}
	r->count++;
	/* The clock is read every 4096 rows, and at the first to show a meter at once when
	 * KETEN_PROGRESS_DELAY is 0. */
	if (r->meter.on && (r->count == 1 || (r->count & 0xFFF) == 0))
		progress_update(&r->meter, csvr_bytes(r), r->count);
	if (!(r->flags & (CSVR_RAGGED | CSVR_NOHEADER)) && row->n != r->hdr.n)
		die_at(r->name, row->line, "expected %zu fields, found %zu", r->hdr.n, row->n);
	if (r->row_nul && !(r->flags & CSVR_NUL)) {
		char msg[320];

		nul_message(r, r->row_nul - 1, msg, sizeof msg);
		die_at(r->name, row->line, "%s", msg);
	}
	return row;
}

long csvr_count(const struct csvr *r)
{
	return r->count;
}

long long csvr_size(const struct csvr *r)
{
	struct stat st;

	if (r->fd < 0 || fstat(r->fd, &st) != 0 || !S_ISREG(st.st_mode))
		return -1;
	return (long long)st.st_size;
}

long long csvr_bytes(const struct csvr *r)
{
	return r->pl ? r->pl_bytes : r->bytes;
}

void csvr_close(struct csvr *r)
{
	size_t i;

	if (!r)
		return;
	progress_end(&r->meter);
	if (r->pl)
		stop_pipeline(r);
	if (r->fd >= 0 && r->fd != STDIN_FILENO)
		close(r->fd);
	if (r->fp && r->fp != stdin)
		fclose(r->fp);
	conv_utf16_free(r->u16);
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
	char *path;   /* the name given, for messages; NULL on a stream the caller owns */
	char *tmp;    /* the temporary file, renamed to target at close; NULL if none */
	char *target; /* the regular file replaced (symbolic links followed) */
	const char *name;
	char *buf;
	size_t len;
	int first;      /* the next field is the first of its record */
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

/* Temporary files of writers not yet closed, removed if the program exits early or is
 * ended by SIGHUP, SIGINT or SIGTERM, so that a failed run leaves nothing behind.  The
 * signal handler only reads this list and calls unlink; the list changes only while
 * those signals are blocked, so the handler never sees it half changed. */
#define NPENDING 16
static char *pending[NPENDING];
static const int cleanup_signals[] = { SIGHUP, SIGINT, SIGTERM };
static struct sigaction default_action;

static void remove_pending(void)
{
	size_t i;

	for (i = 0; i < NPENDING; i++)
		if (pending[i])
			unlink(pending[i]);
}

/* Async-signal-safe: unlink, sigaction and raise only.  The signal is then delivered
 * again with its default action, so the caller sees the program ended by it (status
 * 128 + N in a shell). */
static void on_signal(int sig)
{
	int e = errno;

	remove_pending();
	sigaction(sig, &default_action, NULL);
	raise(sig);
	errno = e;
}

static void block_cleanup_signals(sigset_t *old)
{
	sigset_t set;
	size_t i;

	sigemptyset(&set);
	for (i = 0; i < sizeof cleanup_signals / sizeof *cleanup_signals; i++)
		sigaddset(&set, cleanup_signals[i]);
	sigprocmask(SIG_BLOCK, &set, old);
}

/* Arranges, once, for the temporary files to be removed at exit and on the signals. */
static void install_cleanup(void)
{
	static int done;
	struct sigaction sa, old;
	size_t i;

	if (done)
		return;
	done = 1;
	atexit(remove_pending);
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	for (i = 0; i < sizeof cleanup_signals / sizeof *cleanup_signals; i++)
		sigaddset(&sa.sa_mask, cleanup_signals[i]);
	default_action.sa_handler = SIG_DFL;
	sigemptyset(&default_action.sa_mask);
	for (i = 0; i < sizeof cleanup_signals / sizeof *cleanup_signals; i++) {
		/* A signal that was ignored when we started (nohup, a background job of a
		 * shell) stays ignored, and a handler someone installed stays theirs. */
		if (sigaction(cleanup_signals[i], NULL, &old) != 0 || (old.sa_flags & SA_SIGINFO) ||
		    old.sa_handler != SIG_DFL)
			continue;
		sigaction(cleanup_signals[i], &sa, NULL);
	}
}

/* Follows the symbolic links of path by name, to the file they lead to, which need not
 * exist yet (a dangling link names the file to make).  Returns that name, allocated. */
static char *follow_links(const char *path)
{
	char *cur = xstrdup(path);
	int hops;

	for (hops = 0;; hops++) {
		struct stat st;
		size_t size;
		ssize_t n;
		char *link, *slash, *next;

		if (lstat(cur, &st) != 0 || !S_ISLNK(st.st_mode))
			return cur;
		if (hops == 40)
			die("%s: cannot create: %s", path, strerror(ELOOP));
		size = st.st_size > 0 ? (size_t)st.st_size + 1 : 256;
		for (;;) {
			link = xmalloc(size);
			n = readlink(cur, link, size);
			if (n < 0)
				die("%s: cannot create: %s", path, strerror(errno));
			if ((size_t)n < size)
				break;
			free(link);
			size *= 2;
		}
		link[n] = '\0';
		slash = strrchr(cur, '/');
		if (link[0] == '/' || !slash) {
			next = link;
		} else {
			/* A relative target is relative to the directory of the link. */
			size_t dir = (size_t)(slash - cur) + 1;

			next = xmalloc(dir + (size_t)n + 1);
			memcpy(next, cur, dir);
			memcpy(next + dir, link, (size_t)n + 1);
			free(link);
		}
		free(cur);
		cur = next;
	}
}

/* Whether st is the file (or pipe, or terminal) our standard output writes to. */
static int is_stdout(const struct stat *st)
{
	struct stat o;

	return fstat(STDOUT_FILENO, &o) == 0 && o.st_dev == st->st_dev && o.st_ino == st->st_ino;
}

/* Makes the temporary file for w->target in its directory, registered for removal,
 * with the mode of the file it replaces (st, or NULL for a new file) and, where we may,
 * its owner and group. */
static void make_temp(struct csvw *w, const struct stat *st)
{
	sigset_t old;
	mode_t mode, mask;
	size_t i;
	int fd;

	w->tmp = xmalloc(strlen(w->target) + 16);
	sprintf(w->tmp, "%s.tmp.XXXXXX", w->target);
	install_cleanup();
	for (i = 0; i < NPENDING && pending[i]; i++)
		;
	if (i == NPENDING)
		die("%s: cannot create: more than %d outputs at once", w->path, NPENDING);
	/* Made and listed with the signals held, so that none comes between. */
	block_cleanup_signals(&old);
	fd = mkstemp(w->tmp);
	if (fd < 0)
		die("%s: cannot create: %s", w->path, strerror(errno));
	pending[i] = w->tmp;
	sigprocmask(SIG_SETMASK, &old, NULL);
	if (!(w->fp = fdopen(fd, "wb")))
		die("%s: cannot create: %s", w->path, strerror(errno));

	if (!st) {
		/* mkstemp makes the file private; a new file gets the usual permissions. */
		mask = umask(0);
		umask(mask);
		mode = 0666 & ~mask;
	} else {
		/* The file replaced keeps its permissions, so that a private file stays
		 * private.  Where its group cannot be kept, the group's bits are dropped
		 * rather than handed to another group. */
		mode = st->st_mode & 0777;
		if (fchown(fd, st->st_uid, st->st_gid) != 0 &&
		    fchown(fd, (uid_t)-1, st->st_gid) != 0) {
			struct stat t;

			if (fstat(fd, &t) != 0 || t.st_gid != st->st_gid)
				mode &= ~(mode_t)070;
		}
	}
	if (fchmod(fd, mode) != 0)
		die("%s: cannot create: %s", w->path, strerror(errno));
}

struct csvw *csvw_open(const char *path)
{
	struct csvw *w;
	struct stat st, t;
	int exists, fd;

	if (!path || strcmp(path, "-") == 0)
		return csvw_stream(stdout, "stdout");
	exists = stat(path, &st) == 0;
	if (!exists && errno != ENOENT)
		die("%s: cannot create: %s", path, strerror(errno));
	/* /dev/stdout, or the file our output already goes to: written through stdout,
	 * after whatever came before it. */
	if (exists && is_stdout(&st))
		return csvw_stream(stdout, "stdout");
	w = csvw_stream(NULL, path);
	w->path = xstrdup(path);
	w->name = w->path;
	if (!exists) {
		/* A new file, or one a dangling link names: made whole by a rename. */
		w->target = follow_links(path);
		make_temp(w, NULL);
		return w;
	}
	if (S_ISREG(st.st_mode)) {
		/* A regular file, through its links: replaced whole by a rename in its own
		 * directory, so that a link stays a link and shows the new contents. */
		w->target = follow_links(path);
		if (stat(w->target, &t) == 0 && t.st_dev == st.st_dev && t.st_ino == st.st_ino) {
			make_temp(w, &st);
			return w;
		}
		/* A file whose name we cannot reach (a deleted file behind /proc/self/fd):
		 * written in place. */
		free(w->target);
		w->target = NULL;
	}
	/* A device, a FIFO or a socket is written directly: a file renamed over it would
	 * put a regular file where /dev/null or a pipe was. */
	fd = open(path, O_WRONLY | O_TRUNC | O_NOCTTY);
	if (fd < 0 || !(w->fp = fdopen(fd, "wb")))
		die("%s: cannot create: %s", path, strerror(errno));
	return w;
}

/* The identity of a file a command names, for csvw_check_outputs. */
struct ident {
	int known; /* 0: nothing to compare (a device, a FIFO, an input not there) */
	dev_t dev; /* the file, or for a file yet to be made the directory it goes in */
	ino_t ino;
	char *base;    /* a file yet to be made: its name in that directory; else NULL */
	int on_stdout; /* an output that goes to our stdout */
};

static void identify(const char *path, int output, struct ident *id)
{
	struct stat st;
	char *target, *slash;

	memset(id, 0, sizeof *id);
	if (!path || strcmp(path, "-") == 0) {
		id->on_stdout = output;
		if (fstat(output ? STDOUT_FILENO : STDIN_FILENO, &st) != 0 || !S_ISREG(st.st_mode))
			return;
	} else if (stat(path, &st) != 0) {
		if (errno != ENOENT || !output)
			return; /* opening it will say what is wrong */
		/* Not there yet: the directory it will be made in, and its name there. */
		target = follow_links(path);
		slash = strrchr(target, '/');
		if (slash == target)
			id->known = stat("/", &st) == 0;
		else if (slash) {
			*slash = '\0';
			id->known = stat(target, &st) == 0;
			*slash = '/';
		} else {
			id->known = stat(".", &st) == 0;
		}
		if (id->known) {
			id->dev = st.st_dev;
			id->ino = st.st_ino;
			id->base = xstrdup(slash ? slash + 1 : target);
		}
		free(target);
		return;
	} else if (!S_ISREG(st.st_mode)) {
		/* /dev/null may well be named twice, but /dev/stdout is stdout. */
		id->on_stdout = output && is_stdout(&st);
		return;
	}
	id->known = 1;
	id->dev = st.st_dev;
	id->ino = st.st_ino;
}

static int same_file(const struct ident *a, const struct ident *b)
{
	if (a->on_stdout && b->on_stdout)
		return 1;
	if (!a->known || !b->known || a->dev != b->dev || a->ino != b->ino)
		return 0;
	if (!a->base || !b->base)
		return !a->base && !b->base;
	return strcmp(a->base, b->base) == 0;
}

/* "input 'ev.csv'", "--rejects 'r.csv'", "--output (stdout)". */
static void describe(char *buf, size_t size, const char *opt, const char *path, int output)
{
	if (!path || strcmp(path, "-") == 0)
		snprintf(buf, size, "%s (%s)", opt, output ? "stdout" : "stdin");
	else
		snprintf(buf, size, "%s '%s'", opt, path);
}

void csvw_check_outputs(char *const *in, int nin, const struct csvw_file *files)
{
	size_t nfiles = 0, nall, i, j, k = 0;
	struct ident *id;
	const char **opt, **path;
	int *role;
	char a[512], b[512];

	while (files[nfiles].opt)
		nfiles++;
	nall = (size_t)(nin > 0 ? nin : 1) + nfiles;
	id = xcalloc(nall, sizeof *id);
	opt = xcalloc(nall, sizeof *opt);
	path = xcalloc(nall, sizeof *path);
	role = xcalloc(nall, sizeof *role);

	/* The inputs first (none: stdin), then the files named by options. */
	for (i = 0; i < (size_t)(nin > 0 ? nin : 1); i++, k++) {
		opt[k] = "input";
		path[k] = nin > 0 ? in[i] : NULL;
		role[k] = CSVW_IN;
	}
	for (i = 0; i < nfiles; i++) {
		/* An input or further output not given has nothing to clash with; the main
		 * output not given is stdout. */
		if (!files[i].path && files[i].role != CSVW_MAIN)
			continue;
		opt[k] = files[i].opt;
		path[k] = files[i].path;
		role[k] = files[i].role;
		k++;
	}
	for (i = 0; i < k; i++)
		identify(path[i], role[i] != CSVW_IN, &id[i]);
	/* A further output may be neither an input nor another output; the main output may
	 * be an input, which is read whole before the output replaces it. */
	for (i = 0; i < k; i++) {
		if (role[i] != CSVW_OUT)
			continue;
		for (j = 0; j < k; j++) {
			if (j == i || (role[j] == CSVW_OUT && j > i) || !same_file(&id[i], &id[j]))
				continue;
			describe(a, sizeof a, opt[i], path[i], 1);
			describe(b, sizeof b, opt[j], path[j], role[j] != CSVW_IN);
			usage_error("%s is the same file as %s", a, b);
		}
	}
	for (i = 0; i < k; i++)
		free(id[i].base);
	free(id);
	free(opt);
	free(path);
	free(role);
}

#ifdef SCAN_SSE2
/* Nonzero when a byte of x is one of special[]. */
static inline int special_vec(__m128i x)
{
	__m128i m = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(x, _mm_set1_epi8('"')),
					      _mm_cmpeq_epi8(x, _mm_set1_epi8(','))),
				 _mm_or_si128(_mm_cmpeq_epi8(x, _mm_set1_epi8('\n')),
					      _mm_cmpeq_epi8(x, _mm_set1_epi8('\r'))));

	return _mm_movemask_epi8(m);
}

static inline __m128i load8(const char *p)
{
	return _mm_loadl_epi64((const __m128i *)(const void *)p);
}

static inline __m128i load16(const char *p)
{
	return _mm_loadu_si128((const __m128i *)(const void *)p);
}
#else
/* Nonzero when a byte of the eight at p is one of special[]. */
static inline uint64_t special_word(const char *p)
{
	const uint64_t ones = 0x0101010101010101ULL;
	uint64_t w;

	memcpy(&w, p, 8);
	return zero_bytes(w ^ (ones * '"')) | zero_bytes(w ^ (ones * ',')) |
	       zero_bytes(w ^ (ones * '\n')) | zero_bytes(w ^ (ones * '\r'));
}
#endif

/* 1 when one of the n bytes at s forces the field into quotes: with SSE2 sixteen bytes
 * at a time (a field of 8 to 16 bytes as two overlapping halves, the last block of a
 * longer one overlapping the one before), otherwise eight; byte by byte only below
 * eight, so that no byte outside the field is read. */
static inline int needs_quotes(const char *s, size_t n)
{
	size_t i;

	if (n < 8) {
		for (i = 0; i < n; i++)
			if (special[(unsigned char)s[i]])
				return 1;
		return 0;
	}
#ifdef SCAN_SSE2
	if (n <= 16)
		return special_vec(_mm_unpacklo_epi64(load8(s), load8(s + n - 8))) != 0;
	for (i = 0; i + 16 < n; i += 16)
		if (special_vec(load16(s + i)))
			return 1;
	return special_vec(load16(s + n - 16)) != 0;
#else
	for (i = 0; i + 8 < n; i += 8)
		if (special_word(s + i))
			return 1;
	return special_word(s + n - 8) != 0;
#endif
}

/* A field that needs no quotes, as its bytes. */
static inline void put_plain(struct csvw *w, const char *s, size_t n)
{
	if (!w->first)
		wputc(w, ',');
	w->lone_empty = w->first && n == 0;
	w->first = 0;
	wput(w, s, n);
}

void csvw_field(struct csvw *w, const char *s, size_t n)
{
	size_t i;

	if (!needs_quotes(s, n)) {
		put_plain(w, s, n);
		return;
	}
	if (!w->first)
		wputc(w, ',');
	w->lone_empty = 0;
	w->first = 0;
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

/* The decimal digits of u, ending at end; returns where they begin. */
static char *put_digits(char *end, uint64_t u)
{
	do {
		*--end = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	return end;
}

void csvw_int(struct csvw *w, long long v)
{
	char b[24], *p;
	uint64_t u = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;

	/* The digits as printf's "%lld" writes them, without its cost per call. */
	p = put_digits(b + sizeof b, u);
	if (v < 0)
		*--p = '-';
	put_plain(w, p, (size_t)(b + sizeof b - p));
}

/* Writes v with decimals (0 to 3) digits after the point into b (32 bytes), as printf's
 * "%.*f" does: the exact binary value rounded to the nearest, a tie to the even last
 * digit.  The sign of a value that rounds to zero is left out.  Returns the length, or 0
 * where v is not finite or |v| * 10^decimals is 2^62 or more, for printf to do.
 *
 * v is m * 2^e exactly, m below 2^53, so m * 10^decimals is below 2^63 and whole, and the
 * rounding of its shift by e is decided on the bits shifted out. */
static size_t fixed(char *b, double v, int decimals)
{
	static const uint64_t pow10[4] = { 1, 10, 100, 1000 };
	uint64_t bits, m, q, rem, half;
	int ex, neg, k;
	char t[32], *p;
	int zero;

	if (decimals < 0 || decimals > 3)
		return 0;
	memcpy(&bits, &v, sizeof bits);
	neg = (int)(bits >> 63);
	ex = (int)(bits >> 52 & 0x7FF);
	m = bits & ((UINT64_C(1) << 52) - 1);
	if (ex == 0x7FF)
		return 0;
	if (ex == 0) {
		ex = -1074;
	} else {
		m |= UINT64_C(1) << 52;
		ex -= 1075;
	}
	if ((neg ? -v : v) >= 4.6e18 / (double)pow10[decimals])
		return 0;
	q = m * pow10[decimals];
	if (ex >= 0) {
		q <<= ex;
	} else if (ex <= -64) {
		q = 0; /* below half of the last digit: q < 2^63 <= 2^(-ex - 1) */
	} else {
		rem = q & ((UINT64_C(1) << -ex) - 1);
		half = UINT64_C(1) << (-ex - 1);
		q >>= -ex;
		if (rem > half || (rem == half && (q & 1)))
			q++;
	}
	zero = q == 0;
	p = t + sizeof t;
	for (k = 0; k < decimals; k++) {
		*--p = (char)('0' + q % 10);
		q /= 10;
	}
	if (decimals)
		*--p = '.';
	p = put_digits(p, q);
	if (neg && !zero)
		*--p = '-';
	memcpy(b, p, (size_t)(t + sizeof t - p));
	return (size_t)(t + sizeof t - p);
}

void csvw_num(struct csvw *w, double v, int decimals)
{
	char b[64], *p;
	size_t n;
	int k;

	if (v != v) {
		csvw_empty(w);
		return;
	}
	n = fixed(b, v, decimals);
	if (n) {
		put_plain(w, b, n);
		return;
	}
	/* Up to 309 digits before the point. */
	k = snprintf(NULL, 0, "%.*f", decimals, v);
	p = (size_t)k < sizeof b ? b : xmalloc((size_t)k + 1);
	snprintf(p, (size_t)k + 1, "%.*f", decimals, v);
	/* A value that rounds to zero keeps no sign: "-0.00" means nothing to a reader. */
	if (p[0] == '-' && strspn(p + 1, "0.") == (size_t)(k - 1))
		csvw_field(w, p + 1, (size_t)k - 1);
	else
		csvw_field(w, p, (size_t)k);
	if (p != b)
		free(p);
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
		/* The reader leaves the fields of a record one after the other, each ended
		 * by a NUL byte: then the record is one copy, its NUL bytes made commas. */
		for (i = 0; i + 1 < row->n; i++)
			if (row->f[i] + row->len[i] + 1 != row->f[i + 1])
				break;
		if (i + 1 >= row->n) {
			const char *a = row->f[0];
			size_t span = (size_t)(row->f[row->n - 1] + row->len[row->n - 1] - a);
			char *d;

			if (span < WBUF) {
				if (w->len + span + 1 > WBUF)
					wflush(w);
				d = w->buf + w->len;
				memcpy(d, a, span);
				for (i = 0; i + 1 < row->n; i++)
					d[row->f[i] + row->len[i] - a] = ',';
				d[span] = '\n';
				w->len += span + 1;
				return;
			}
		}
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
	sigset_t old;
	size_t i;

	if (!w)
		return;
	wflush(w);
	if (w->tmp) {
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
		/* Renamed and struck from the list with the signals held, so that a signal
		 * never removes the finished file's old name or misses the temporary one. */
		block_cleanup_signals(&old);
		if (rename(w->tmp, w->target) != 0) {
			int e = errno;
			unlink(w->tmp);
			die("%s: cannot rename into place: %s", w->path, strerror(e));
		}
		for (i = 0; i < NPENDING; i++)
			if (pending[i] == w->tmp)
				pending[i] = NULL;
		sigprocmask(SIG_SETMASK, &old, NULL);
	} else if (w->path) {
		/* Written directly (a device or a FIFO): nothing to sync or rename. */
		if (fflush(w->fp) != 0 || ferror(w->fp)) {
			int e = errno;
			fclose(w->fp);
			die("%s: write error: %s", w->path, strerror(e));
		}
		if (fclose(w->fp) != 0)
			die("%s: write error: %s", w->path, strerror(errno));
	}
	free(w->path);
	free(w->tmp);
	free(w->target);
	free(w->buf);
	free(w);
}
