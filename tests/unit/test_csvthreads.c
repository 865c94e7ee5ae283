/* Unit tests of the reader's parser thread (lib/csvio.c, csvio.h "Threads"): every input
 * is read with 1, 2 and 3 threads, each in a child process whose output and messages are
 * kept, from the file and from stdin, and all must print the same records, line numbers,
 * byte count at the end, and message.  The inputs are longer than a chunk (CSVIO_CHUNK), so
 * that the parser thread takes over after the first one, and are made against the end of
 * that chunk and of the larger ones the thread reads (CSVIO_PIPE_CHUNK), where a batch
 * is handed to the caller: a quoted field holding
 * newlines, commas and doubled quotes across a boundary, a chunk that begins inside
 * quotes, a record longer than three batches, a CRLF split by a boundary, a byte-order
 * mark, a record that ends exactly at a boundary, errors found by the parser (a quote
 * never closed) and by the caller (a record of the wrong width) after many records, and
 * random inputs over the bytes that matter. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "csvio.h"
#include "diag.h"
#include "harness.h"

static char path[4096];

/* How the child reads: with n threads, from stdin or from path, with flags. */
struct how {
	int n, from_stdin, flags;
};

/* In the child: reads path (or stdin) as arg (a struct how) says and prints each record as
 * "LINE: [f1][f2]", then "end COUNT BYTES"; a message goes to the same pipe.  The bytes
 * read so far are the same only at the end: the parser thread reads larger chunks. */
static void dump(const void *arg)
{
	const struct how *h = arg;
	struct csvr *r;
	const struct csv_row *row;
	size_t i;

	csvr_set_threads(h->n);
	if (h->from_stdin && !freopen(path, "rb", stdin))
		exit(3);
	r = csvr_open(h->from_stdin ? "-" : path, h->flags);
	while ((row = csvr_next(r)) != NULL) {
		printf("%ld:", row->line);
		for (i = 0; i < row->n; i++) {
			printf(" [");
			fwrite(row->f[i], 1, row->len[i], stdout);
			printf("]");
		}
		printf("\n");
	}
	printf("end %ld %lld\n", csvr_count(r), csvr_bytes(r));
	csvr_close(r);
	fflush(stdout);
}

static void run(int n, int from_stdin, int flags, struct buf *out)
{
	struct how h = { n, from_stdin, flags };

	run_child(dump, &h, out);
}

/* Reads b with 1, 2 and 3 threads, from the file and from stdin: each must print what one
 * thread prints from the same (messages name stdin "-").  When want is not NULL, the last
 * line of one thread's output from the file (the end or the message) must be it. */
static void same(const char *name, const struct buf *b, int flags, const char *want)
{
	struct buf one = { 0 }, other = { 0 }, ref = { 0 };
	char what[300];
	int ok = 1, n, s;

	put_file(path, b->b, b->len);
	run(1, 0, flags, &one);
	for (s = 0; s < 2; s++) {
		if (s)
			run(1, 1, flags, &ref);
		for (n = 2; n <= 3; n++) {
			const struct buf *w = s ? &ref : &one;

			run(n, s, flags, &other);
			if (other.len != w->len || memcmp(other.b, w->b, w->len) != 0) {
				ok = 0;
				fprintf(stderr, "%s: %d threads%s differ\n", name, n,
					s ? " on stdin" : "");
			}
		}
	}
	snprintf(what, sizeof what, "%s: the same with 1, 2 and 3 threads", name);
	check(ok, what);
	if (want) {
		/* The line before the status line. */
		size_t e = one.len - 1, st;

		while (e > 0 && one.b[e - 1] != '\n')
			e--;
		st = e;
		e = st - 1;
		while (e > 0 && one.b[e - 1] != '\n')
			e--;
		ok = st - e == strlen(want) && memcmp(one.b + e, want, st - e) == 0;
		snprintf(what, sizeof what, "%s: ends with %.*s", name, (int)strcspn(want, "\n"),
			 want);
		check(ok, what);
		if (!ok)
			fprintf(stderr, "got: %.*s", (int)(st - e), one.b + e);
	}
	free(one.b);
	free(other.b);
	free(ref.b);
}

/* Appends filler lines "f,NNN...\n" of two fields until the buffer is at offset at. */
static void fill_to(struct buf *b, size_t at)
{
	while (b->len + 40 <= at)
		adds(b, "filler,0123456789012345678901234567890\n");
	if (b->len + 3 <= at) {
		adds(b, "f,");
		while (b->len + 1 < at)
			adds(b, "g");
		adds(b, "\n");
	}
	/* 1 or 2 bytes short: the blank lines are counted, and make no record. */
	while (b->len < at)
		adds(b, "\n");
}

static void test_boundaries(void)
{
	static const char *const tails[] = {
		"\"a, b\n\"\"c\"\"\nd\",x\n", /* a quoted field with newlines across */
		"\"\n\n\n\",\"\"\"\"\n",      /* a chunk that begins inside quotes */
		"1,2\r\n3,4\r\n",             /* CRLF split by the boundary */
		"x,y\n",                      /* a record that ends at the boundary */
		"\"q\r\nr\",s\r\n",           /* a quoted CRLF across */
	};
	struct buf b = { 0 };
	size_t t, k, d;
	char name[120];

	for (t = 0; t < sizeof tails / sizeof *tails; t++)
		for (k = 0; k <= 2; k++)
			for (d = 0; d <= 5; d++) {
				/* The first chunk, then those of the parser thread. */
				size_t at = CSVIO_CHUNK + (k ? k * CSVIO_PIPE_CHUNK : 0) - d;

				b.len = 0;
				adds(&b, "a,b\n");
				fill_to(&b, at);
				adds(&b, tails[t]);
				adds(&b, "last,1\n");
				if (!k)
					fill_to(&b, b.len + CSVIO_CHUNK);
				snprintf(name, sizeof name,
					 "tail %zu at a chunk and %zu batches less %zu bytes", t, k,
					 d);
				same(name, &b, 0, NULL);
			}
	free(b.b);
}

static void test_long_record(void)
{
	struct buf b = { 0 };
	size_t i;

	adds(&b, "\xEF\xBB\xBF"
		 "a,b,c\r\n1,2,3\r\n\"");
	for (i = 0; i < 3 * CSVIO_PIPE_CHUNK + 17; i++)
		add(&b, i % 97 == 0 ? "\n" : i % 89 == 0 ? "," : "x", 1);
	adds(&b, "\",");
	for (i = 0; i < CSVIO_CHUNK / 2; i++)
		add(&b, "y", 1);
	adds(&b, ",z\r\n4,5,6\r\n");
	fill_to(&b, b.len + CSVIO_CHUNK);
	same("a byte-order mark, CRLF and a quoted record longer than three batches", &b,
	     CSVR_RAGGED, NULL);
	free(b.b);
}

static void test_errors(void)
{
	struct buf b = { 0 };
	char want[sizeof path + 200];
	long line;

	/* A quote never closed, opened on line 2 + the filler lines. */
	adds(&b, "a,b\n");
	fill_to(&b, CSVIO_CHUNK + 2 * CSVIO_PIPE_CHUNK + 100);
	line = 1;
	for (size_t i = 0; i < b.len; i++)
		line += b.b[i] == '\n';
	adds(&b, "x,\"open\n");
	fill_to(&b, b.len + CSVIO_CHUNK);
	snprintf(want, sizeof want,
		 "test_csvthreads: %s:%ld: unterminated quoted field (it "
		 "begins on this line)\n",
		 path, line);
	same("a quote never closed", &b, 0, want);

	/* A record of three fields after two chunks of two. */
	b.len = 0;
	adds(&b, "a,b\n");
	fill_to(&b, CSVIO_CHUNK + 2 * CSVIO_PIPE_CHUNK + 7);
	line = 1;
	for (size_t i = 0; i < b.len; i++)
		line += b.b[i] == '\n';
	adds(&b, "1,2,3\n");
	fill_to(&b, b.len + CSVIO_CHUNK);
	snprintf(want, sizeof want, "test_csvthreads: %s:%ld: expected 2 fields, found 3\n", path,
		 line);
	same("a record of the wrong width", &b, 0, want);
	free(b.b);
}

/* Random inputs over the bytes that matter, of a chunk and up to two batches more. */
static void test_random(void)
{
	static const char alpha[] = "ab,,\"\"\r\n\n";
	struct buf b = { 0 };
	unsigned long x = 4242;
	size_t i, n;
	int k;
	char name[60];

	for (k = 0; k < 8; k++) {
		n = CSVIO_CHUNK + (size_t)(k % 3) * CSVIO_PIPE_CHUNK + (size_t)k * 101;
		b.len = 0;
		for (i = 0; i < n; i++) {
			x = x * 6364136223846793005UL + 1442695040888963407UL;
			add(&b, (x >> 60) < 13 ? "v" : &alpha[(x >> 33) % (sizeof alpha - 1)], 1);
		}
		snprintf(name, sizeof name, "random input %d (%zu bytes)", k, n);
		same(name, &b, CSVR_RAGGED | CSVR_NOHEADER, NULL);
	}
	free(b.b);
}

int main(void)
{
	diag_init("test_csvthreads");
	temp_path(path, sizeof path);
	test_boundaries();
	test_long_record();
	test_errors();
	test_random();
	unlink(path);
	return failed;
}
