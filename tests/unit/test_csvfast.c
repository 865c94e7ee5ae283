/* Unit tests of the fast path of the CSV reader (lib/csvio.c) against libcsv: every
 * input is read once as the commands read it and once with CSVR_LIBCSV, each in a child
 * process whose output and messages are kept, and both must print the same records, line
 * numbers, end and message.  The inputs are the corners of the fast path: quotes in the
 * middle of a record, CR alone, a CRLF cut by the end of a read chunk (CSVIO_CHUNK), a
 * field that ends exactly at a chunk boundary, a record longer than a chunk, a byte-order
 * mark, a sep= line, blank lines, no newline at the end, and random inputs over the bytes
 * that matter.  A few readings are also checked against records written out by hand.
 *
 * The writer formats numbers without printf: csvw_int and csvw_num must write what
 * "%lld" and "%.*f" write (a value that rounds to zero without its sign), checked here
 * against snprintf on ties, on the edges of the range and on random values. */
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "csvio.h"
#include "diag.h"
#include "harness.h"

static char path[4096];

/* In the child: reads path with o (struct csvr_opts) and prints each record as
 * "LINE: [f1][f2]" and then "end COUNT BYTES"; a message of the reader goes to stderr,
 * which is the same pipe. */
static void dump(const void *arg)
{
	const struct csvr_opts *o = arg;
	struct csvr *r = csvr_open_opts(path, o);
	const struct csv_row *row;
	size_t i;

	if (!(o->flags & CSVR_NOHEADER)) {
		row = csvr_header(r);
		printf("header %ld:", row->line);
		for (i = 0; i < row->n; i++)
			printf(" [%s]", row->f[i]);
		printf("\n");
	}
	while ((row = csvr_next(r)) != NULL) {
		printf("%ld:", row->line);
		for (i = 0; i < row->n; i++) {
			printf(" [");
			fwrite(row->f[i], 1, row->len[i], stdout);
			printf("]");
			if (row->f[i][row->len[i]] != '\0')
				printf("(not NUL-terminated)");
		}
		printf("\n");
	}
	printf("end %ld %lld delim %c cp1252 %ld\n", csvr_count(r), csvr_bytes(r), csvr_delim(r),
	       csvr_cp1252_line(r));
	csvr_close(r);
	fflush(stdout);
}

/* Runs dump in a child and returns what it printed, with its exit status. */
static void run(const struct csvr_opts *o, struct buf *out)
{
	run_child(dump, o, out);
}

/* Reads s both ways with flags, delim and enc; they must agree, and when want is not
 * NULL the fast path must print exactly want (without its status line). */
static void both(const char *name, const char *s, size_t n, int flags, int delim, int enc,
		 const char *want)
{
	struct csvr_opts fast = { flags, delim, enc }, slow = { flags | CSVR_LIBCSV, delim, enc };
	struct buf a = { 0 }, b = { 0 };
	char what[300];
	int same;

	put_file(path, s, n);
	run(&fast, &a);
	run(&slow, &b);
	same = a.len == b.len && memcmp(a.b, b.b, a.len) == 0;
	snprintf(what, sizeof what, "%s: the fast path reads what libcsv reads", name);
	check(same, what);
	if (!same) {
		fprintf(stderr, "fast path:\n%.*s\nlibcsv:\n%.*s\n",
			(int)(a.len > 3000 ? 3000 : a.len), a.b, (int)(b.len > 3000 ? 3000 : b.len),
			b.b);
	}
	if (want) {
		size_t wl = strlen(want);

		snprintf(what, sizeof what, "%s: the records written out by hand", name);
		same = a.len >= wl && memcmp(a.b, want, wl) == 0 &&
		       strncmp(a.b + wl, "status ", 7) == 0;
		check(same, what);
		if (!same)
			fprintf(stderr, "got:\n%.*s\nwant:\n%s\n", (int)a.len, a.b, want);
	}
	free(a.b);
	free(b.b);
}

#define BOTH(name, lit, flags, want) both(name, lit, sizeof lit - 1, flags, 0, CSVR_UTF8, want)

/* Lines "x,y\n" of filler, then tail, such that tail begins at offset at of the file. */
static void place(struct buf *b, const char *head, size_t at)
{
	b->len = 0;
	adds(b, head);
	while (b->len + 40 <= at)
		adds(b, "filler,0123456789012345678901234567890\n");
	/* The last filler line takes up what is left exactly. */
	if (b->len < at) {
		size_t k = at - b->len;

		if (k < 2) {
			/* Too short for "f\n": lengthen the last filler line instead. */
			b->len -= 1;
			while (b->len + 1 < at)
				adds(b, "z");
			adds(b, "\n");
		} else {
			adds(b, "f");
			while (b->len + 1 < at)
				adds(b, "g");
			adds(b, "\n");
		}
	}
	if (b->len != at)
		abort();
}

static void test_block_boundaries(void)
{
	static const char *const tails[] = {
		"1,2\r\n3,4\r\n",   /* CRLF: the CR is placed on each side of the boundary */
		",x\n",             /* a field that ends where the chunk does */
		"12345,x\n",        /* and one with bytes before it */
		"\"q\r\nr\",s\r\n", /* a quoted line end across the boundary */
		"\"\",\"\"\"\"\n",  /* quotes at the boundary */
		"\n\n\r\r\n",       /* blank lines at the boundary */
	};
	const size_t C = CSVIO_CHUNK;
	struct buf b = { 0 };
	size_t t, at;
	char name[100];
	int d;

	for (t = 0; t < sizeof tails / sizeof *tails; t++)
		for (d = -8; d <= 3; d++) {
			at = C + (size_t)((long)d - 1);
			place(&b, "a,b\n", at);
			adds(&b, tails[t]);
			adds(&b, "end,of\n");
			snprintf(name, sizeof name, "tail %zu at the chunk boundary %+d", t, d);
			both(name, b.b, b.len, CSVR_RAGGED, 0, CSVR_UTF8, NULL);
		}
	/* A quoted field with a line end in it whose closing quote is the last byte of a
	 * chunk, and a next chunk without a quote: the line end still counts.  The record
	 * begins on the line after the newlines before it and takes two lines (the CRLF in
	 * it counts once), so the next record is two lines further on. */
	for (d = 0; d < 2; d++) {
		struct csvr_opts o = { CSVR_RAGGED | (d ? CSVR_LIBCSV : 0), 0, CSVR_UTF8 };
		struct buf out = { 0 };
		long nl = 0;
		char want[80];
		size_t i;

		place(&b, "a,b\n", C - 6);
		for (i = 0; i < b.len; i++)
			nl += b.b[i] == '\n';
		adds(&b, "\"q\r\nr\",s\r\nend,of\n");
		put_file(path, b.b, b.len);
		run(&o, &out);
		add(&out, "", 1);
		snprintf(want, sizeof want, "\n%ld: [end] [of]\n", nl + 3);
		check(strstr(out.b, want) != NULL,
		      d ? "libcsv: a closing quote that ends a chunk, the line after it"
			: "fast path: a closing quote that ends a chunk, the line after it");
		free(out.b);
	}
	/* A field ending exactly at the boundary and the file ending there, no newline. */
	place(&b, "a,b\n", C - 3);
	adds(&b, "1,2");
	both("the last record ends at the chunk boundary", b.b, b.len, 0, 0, CSVR_UTF8, NULL);
	place(&b, "a,b\n", C - 4);
	adds(&b, "1,2\n");
	both("the last newline ends the chunk", b.b, b.len, 0, 0, CSVR_UTF8, NULL);
	free(b.b);
}

static void test_long_record(void)
{
	struct buf b = { 0 };
	size_t i;

	adds(&b, "a,b,c\n1,2,3\n");
	for (i = 0; i < 3 * CSVIO_CHUNK; i++)
		add(&b, "x", 1);
	adds(&b, ",");
	for (i = 0; i < CSVIO_CHUNK / 2; i++)
		add(&b, "y", 1);
	adds(&b, ",z\n4,5,6\n");
	both("a record longer than a chunk", b.b, b.len, 0, 0, CSVR_UTF8, NULL);
	free(b.b);
}

/* Random inputs over the bytes the scanner looks for, of sizes around a chunk. */
static void test_random(void)
{
	static const char alpha[] = "ab,,;\"\"\r\n\n  \t";
	struct buf b = { 0 };
	unsigned long x = 12345;
	size_t i, n;
	int k;
	char name[60];

	for (k = 0; k < 24; k++) {
		n = k % 3 == 0 ? 100 + (size_t)k * 7 : CSVIO_CHUNK - 50 + (size_t)k * 9;
		b.len = 0;
		for (i = 0; i < n; i++) {
			x = x * 6364136223846793005UL + 1442695040888963407UL;
			/* Long runs of plain bytes, now and then a byte that matters. */
			add(&b, (x >> 60) < 12 ? "v" : &alpha[(x >> 33) % (sizeof alpha - 1)], 1);
		}
		snprintf(name, sizeof name, "random input %d (%zu bytes)", k, n);
		both(name, b.b, b.len, CSVR_RAGGED | (k & 1 ? CSVR_NOHEADER : 0),
		     k % 4 == 3 ? ';' : 0, k % 5 == 4 ? CSVR_AUTO : CSVR_UTF8, NULL);
	}
	free(b.b);
}

/* What csvw_num wrote before it formatted numbers itself: snprintf, and no sign on a
 * value that rounds to zero. */
static void want_num(char *b, size_t size, double v, int d)
{
	int n;

	if (v != v) {
		b[0] = '\0';
		return;
	}
	n = snprintf(b, size, "%.*f", d, v);
	if (b[0] == '-' && strspn(b + 1, "0.") == (size_t)(n - 1))
		memmove(b, b + 1, (size_t)n);
}

static void test_numbers(void)
{
	static const double fixed[] = {
		0.0,
		-0.0,
		0.5,
		1.5,
		2.5,
		-0.5,
		-2.5,
		0.125,
		0.375,
		-0.125,
		0.25,
		0.35,
		1.005,
		2.675,
		1e-320,
		-1e-320,
		5e-324,
		0.0005,
		0.00049999999999999996,
		0.0015,
		123.4565,
		9.9995,
		99.5,
		1e15 + 0.5,
		4.5e15,
		4.6e15,
		4.6e18,
		4.7e18,
		1e300,
		-1e300,
		1e18,
		9007199254740993.0,
		0.045,
		1.0 / 3,
		2.0 / 3,
		-2.0 / 3,
	};
	char *mem = NULL, want[400], line[400];
	size_t memlen = 0, i, k = 0, bad = 0;
	unsigned long x = 99;
	FILE *fp = open_memstream(&mem, &memlen);
	struct csvw *w = csvw_stream(fp, "mem");
	struct buf all = { 0 };
	double v;
	int d;
	static const long long ints[] = { 0, 1, -1, 9, 10, -10, 123456789, LLONG_MAX, LLONG_MIN };

	for (i = 0; i < sizeof ints / sizeof *ints; i++) {
		csvw_int(w, ints[i]);
		csvw_end(w);
		snprintf(want, sizeof want, "%lld\n", ints[i]);
		adds(&all, want);
	}
	for (i = 0; i < sizeof fixed / sizeof *fixed + 20000; i++) {
		if (i < sizeof fixed / sizeof *fixed) {
			v = fixed[i];
		} else {
			x = x * 6364136223846793005UL + 1442695040888963407UL;
			/* Random values of every size, and exact ties of each digit count. */
			if (i % 3 == 0)
				v = (double)(long)(x >> 40) / (i % 2 ? 8.0 : 16.0);
			else
				v = ldexp((double)(x >> 11), (int)((x >> 3) % 90) - 80);
			if (x & 1)
				v = -v;
		}
		for (d = 0; d <= 6; d++) {
			csvw_num(w, v, d);
			csvw_end(w);
			want_num(line, sizeof line, v, d);
			/* A lone empty field is written as "" (see csvw_end). */
			snprintf(want, sizeof want, "%s\n", line[0] ? line : "\"\"");
			adds(&all, want);
			k++;
		}
	}
	csvw_num(w, NAN, 2);
	csvw_int(w, 7);
	csvw_end(w);
	adds(&all, ",7\n");
	csvw_close(w);
	fclose(fp);
	if (memlen != all.len || memcmp(mem, all.b, memlen) != 0) {
		for (i = 0; i < memlen && i < all.len && mem[i] == all.b[i]; i++)
			;
		fprintf(stderr, "first difference at byte %zu: got '%.40s' want '%.40s'\n", i,
			mem + (i > 10 ? i - 10 : 0), all.b + (i > 10 ? i - 10 : 0));
		bad = 1;
	}
	snprintf(line, sizeof line, "csvw_int and csvw_num write what printf writes (%zu numbers)",
		 k);
	check(!bad, line);
	free(mem);
	free(all.b);
}

/* csvw_field looks at a field's bytes in words and blocks: a byte that forces quotes is
 * found at every position of fields of every length up to 40, and a field without one
 * is written as it is. */
static void test_quoting(void)
{
	static const char specials[] = "\",\n\r";
	char field[41], want[100];
	size_t len, k, bad = 0;
	int pos;

	for (len = 0; len <= 40; len++)
		for (pos = -1; pos < (int)len; pos++)
			for (k = 0; k < (pos < 0 ? 1 : 4); k++) {
				char *mem = NULL;
				size_t memlen = 0, o = 0, i;
				FILE *fp = open_memstream(&mem, &memlen);
				struct csvw *w = csvw_stream(fp, "mem");

				memset(field, 'a' + (int)(len % 26), len);
				if (pos >= 0)
					field[pos] = specials[k];
				csvw_field(w, field, len);
				csvw_field(w, "z", 1);
				csvw_end(w);
				csvw_close(w);
				fclose(fp);
				/* Written out by the rule of keten(5): quotes around a field that
				 * holds a quote, comma or line end, a quote doubled. */
				if (len == 0) {
					o = (size_t)snprintf(want, sizeof want, ",z\n");
				} else if (pos < 0) {
					memcpy(want, field, len);
					o = len;
					o += (size_t)snprintf(want + o, sizeof want - o, ",z\n");
				} else {
					want[o++] = '"';
					for (i = 0; i < len; i++) {
						if (field[i] == '"')
							want[o++] = '"';
						want[o++] = field[i];
					}
					o += (size_t)snprintf(want + o, sizeof want - o, "\",z\n");
				}
				if (memlen != o || memcmp(mem, want, o) != 0)
					bad++;
				free(mem);
			}
	check(!bad, "csvw_field quotes a field for a quote, comma or line end anywhere in it");
}

/* Records read (in place or through libcsv) and written back by csvw_row, in one copy
 * where they are plain: the same bytes as written field by field. */
static void test_copy(void)
{
	static const char in[] = "a,b,c\n1,,3\n\"x,y\",2,3\n,,\n\"\"\n4,5,6";
	static const char out[] = "a,b,c\n1,,3\n\"x,y\",2,3\n,,\n\"\"\n4,5,6\n";
	int flags;

	for (flags = 0; flags <= CSVR_LIBCSV; flags += CSVR_LIBCSV) {
		char *mem = NULL;
		size_t memlen = 0;
		FILE *fp = open_memstream(&mem, &memlen);
		struct csvw *w = csvw_stream(fp, "mem");
		struct csvr *r;
		const struct csv_row *row;

		put_file(path, in, sizeof in - 1);
		r = csvr_open(path, flags | CSVR_RAGGED);
		csvw_row(w, csvr_header(r));
		while ((row = csvr_next(r)) != NULL)
			csvw_row(w, row);
		csvr_close(r);
		csvw_close(w);
		fclose(fp);
		check(memlen == sizeof out - 1 && memcmp(mem, out, memlen) == 0,
		      flags ? "csvw_row writes back what libcsv read"
			    : "csvw_row writes back what the fast path read");
		free(mem);
	}
}

int main(void)
{
	diag_init("test_csvfast");
	temp_path(path, sizeof path);

	BOTH("quotes in the middle of a record", "a,b,c\n1,x\"y,3\n4,\"5,5\",6\n\"7\"\"\",8,9\n", 0,
	     "header 1: [a] [b] [c]\n2: [1] [x\"y] [3]\n3: [4] [5,5] [6]\n4: [7\"] [8] [9]\n"
	     "end 3 34 delim , cp1252 0\n");
	BOTH("CR alone ends a line", "a,b\r1,2\r\r3,4\r", 0,
	     "header 1: [a] [b]\n2: [1] [2]\n4: [3] [4]\nend 2 13 delim , cp1252 0\n");
	BOTH("CRLF and blank lines", "a,b\r\n\r\n1,2\r\n\n\n3,4\r\n\r\n", 0,
	     "header 1: [a] [b]\n3: [1] [2]\n6: [3] [4]\nend 2 21 delim , cp1252 0\n");
	BOTH("a quoted newline counts as a line", "a,b\n\"x\ny\",1\n2,3\n", 0,
	     "header 1: [a] [b]\n2: [x\ny] [1]\n4: [2] [3]\nend 2 16 delim , cp1252 0\n");
	BOTH("no newline at the end", "a,b\n1,2", 0,
	     "header 1: [a] [b]\n2: [1] [2]\nend 1 7 delim , cp1252 0\n");
	BOTH("a byte-order mark",
	     "\xEF\xBB\xBF"
	     "a,b\n1,2\n",
	     0, "header 1: [a] [b]\n2: [1] [2]\nend 1 11 delim , cp1252 0\n");
	BOTH("a sep= line", "sep=;\na;b\n1;2,5\n", CSVR_SEPLINE,
	     "header 2: [a] [b]\n3: [1] [2,5]\nend 1 16 delim ; cp1252 0\n");
	BOTH("a quoted sep= line and CRLF", "\"sep=;\"\r\na;b\r\n1;\"2\r\n\"\r\n", CSVR_SEPLINE,
	     NULL);
	BOTH("spaces at the edges of fields", " a , b \n 1 ,\t2\t\n", 0,
	     "header 1: [ a ] [ b ]\n2: [ 1 ] [\t2\t]\nend 1 16 delim , cp1252 0\n");
	BOTH("empty fields and a lone comma", "a,b\n,\n\"\",x\n", 0,
	     "header 1: [a] [b]\n2: [] []\n3: [] [x]\nend 2 11 delim , cp1252 0\n");
	BOTH("a record of the wrong width", "a,b\n1,2\n1,2,3\n", 0, NULL);
	BOTH("a NUL byte", "a,b\n1,2\n3,x\0y\n", 0, NULL);
	BOTH("a NUL byte allowed", "a,b\n1,2\n3,x\0y\n", CSVR_NUL, NULL);
	BOTH("an unterminated quoted field", "a,b\n1,2\n3,\"x\ny\n", 0, NULL);
	BOTH("a repeated header name", "a,b,a\n1,2,3\n", 0, NULL);
	BOTH("no header line", "", 0, NULL);
	BOTH("only blank lines", "\n\r\n\n", 0, NULL);
	BOTH("UTF-16 with its mark",
	     "\xFF\xFE"
	     "a\0,\0b\0\r\0\n\0001\0,\0\"\0x\0\"\0\n\0",
	     0, NULL);
	both("Windows-1252 read as UTF-8", "a,b\n\xE9t\xE9,1\n", 10, 0, 0, CSVR_AUTO, NULL);
	both("Windows-1252", "a;b\n\x80;\"1;2\"\n", 12, 0, ';', CSVR_CP1252, NULL);
	both("sniffed semicolons", "a;b;c\n1;2,5;3\n4;5;6\n", 20, CSVR_SNIFF, 0, CSVR_UTF8, NULL);
	both("tabs", "a\tb\n1\t2\n", 8, 0, '\t', CSVR_UTF8, NULL);
	test_block_boundaries();
	test_long_record();
	test_random();
	test_numbers();
	test_quoting();
	test_copy();
	unlink(path);
	return failed;
}
