/* fuzz_xes: libFuzzer target for lib/xes.c: the XES reader on arbitrary bytes, read both
 * ways it can be read, and the XES writer checked by reading what it wrote.
 *
 * The first byte of the input picks what is done with the rest, which goes into a memory
 * file opened by its /proc/self/fd name (see fuzz_csv.c):
 *
 *   bit 0 clear: the rest is an XES log (or gzip, or anything).  It is read as a file,
 *     which the reader reads twice (first for the keys), and, when it fits in a pipe's
 *     buffer, over a pipe, which it reads once and where it makes columns of declared
 *     and standard keys only.  The two readings must agree: both end in an error or
 *     neither does; every row is as wide as the header, its fields NUL-terminated at
 *     their length (XML holds no NUL); both give the same number of rows, and every
 *     column that both have holds the same values, row by row.
 *   bit 0 set: the rest is keten CSV, written as XES by xesw_write and read again.  What
 *     the writer refuses (no case column, a date that is no date) and what the CSV
 *     reader refuses end in die(), which escape.c turns into a jump back here; but what
 *     the writer wrote must read without an error, with one row per row written and
 *     the case of each row among the traces.
 *
 * The library is built with CSVIO_CHUNK=64 (tests/fuzz/run), which the XES reader takes
 * as its block too, so that elements and attribute values cross the blocks that libxml2
 * is given. */
#define _GNU_SOURCE /* NOLINT(bugprone-reserved-identifier): memfd_create */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "csvio.h"
#include "diag.h"
#include "escape.h"
#include "source.h"
#include "targets.h"
#include "xes.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Inputs up to this size are also read over a pipe, whose buffer holds 64 KiB. */
#define PIPE_MAX 60000

static int fd_in = -1;
static char path_in[64], path_out[64];

/* One reading: the header's names and every field of every row, each a string. */
struct table {
	size_t ncols, nrows;
	char **names;
	char **cells; /* nrows * ncols */
	size_t cap;
};

static noreturn void fail(const char *what, long a, long b)
{
	fprintf(stderr, "%s (%ld, %ld)\n", what, a, b);
	abort();
}

static char *copy(const char *s, size_t n)
{
	char *d = malloc(n + 1);

	if (!d)
		abort();
	memcpy(d, s, n);
	d[n] = '\0';
	return d;
}

static void table_free(struct table *t)
{
	size_t i;

	for (i = 0; i < t->ncols; i++)
		free(t->names[i]);
	for (i = 0; i < t->nrows * t->ncols; i++)
		free(t->cells[i]);
	free(t->names);
	free(t->cells);
	memset(t, 0, sizeof *t);
}

static void add_row(struct table *t, const struct csv_row *row)
{
	size_t i;

	if (row->n != t->ncols)
		fail("a row differs in width from the header", (long)row->n, (long)t->ncols);
	if ((t->nrows + 1) * t->ncols > t->cap) {
		t->cap = 2 * (t->nrows + 1) * t->ncols + 8;
		t->cells = realloc(t->cells, t->cap * sizeof *t->cells);
		if (!t->cells)
			abort();
	}
	for (i = 0; i < row->n; i++) {
		if (strlen(row->f[i]) != row->len[i])
			fail("a field is not NUL-terminated at its length", (long)i,
			     (long)row->len[i]);
		t->cells[t->nrows * t->ncols + i] = copy(row->f[i], row->len[i]);
	}
	t->nrows++;
}

/* Reads the XES log at path into t; returns 0, or -1 when the reader ended the program
 * (t is then freed). */
static int read_log(const char *path, struct table *t)
{
	struct source *volatile src = NULL;
	struct xesr *volatile x = NULL;
	volatile int ok = 0;

	memset(t, 0, sizeof *t);
	if (setjmp(escape_to) == 0) {
		const struct csv_row *h, *row;
		size_t i;

		escape_armed = 1;
		src = source_open(path);
		x = xesr_new(src);
		xesr_start(x);
		h = xesr_header(x);
		t->ncols = h->n;
		t->names = calloc(h->n + 1, sizeof *t->names);
		if (!t->names)
			abort();
		for (i = 0; i < h->n; i++)
			t->names[i] = copy(h->f[i], h->len[i]);
		while ((row = xesr_next(x)) != NULL)
			add_row(t, row);
		(void)xesr_dropped(x);
		escape_armed = 0;
		ok = 1;
	}
	xesr_close(x);
	source_close(src);
	if (!ok)
		table_free(t);
	return ok ? 0 : -1;
}

static long column(const struct table *t, const char *name)
{
	size_t i;

	for (i = 0; i < t->ncols; i++)
		if (strcmp(t->names[i], name) == 0)
			return (long)i;
	return -1;
}

static void check_reader(const uint8_t *data, size_t size)
{
	struct table file, pipe_t;
	int fst, pst, fds[2];
	char path_pipe[64];
	size_t i, r;

	fst = read_log(path_in, &file);
	if (size > PIPE_MAX) {
		if (fst == 0)
			table_free(&file);
		return;
	}
	if (pipe(fds) != 0)
		abort();
	if (size && write(fds[1], data, size) != (ssize_t)size)
		abort();
	close(fds[1]);
	snprintf(path_pipe, sizeof path_pipe, "/proc/self/fd/%d", fds[0]);
	pst = read_log(path_pipe, &pipe_t);
	close(fds[0]);
	if (fst != pst)
		fail("the file and the pipe disagree about an error", fst, pst);
	if (fst != 0)
		return;
	if (file.nrows != pipe_t.nrows)
		fail("the file and the pipe give different numbers of rows", (long)file.nrows,
		     (long)pipe_t.nrows);
	for (i = 0; i < pipe_t.ncols; i++) {
		long c = column(&file, pipe_t.names[i]);

		if (c < 0)
			continue;
		for (r = 0; r < file.nrows; r++)
			if (strcmp(file.cells[r * file.ncols + (size_t)c],
				   pipe_t.cells[r * pipe_t.ncols + i]) != 0)
				fail("the file and the pipe give a column different values",
				     (long)i, (long)r);
	}
	table_free(&file);
	table_free(&pipe_t);
}

static void check_writer(void)
{
	struct csvr *volatile r = NULL;
	struct csvw *volatile w = NULL;
	struct xesw *volatile x = NULL;
	size_t *volatile cols = NULL;
	FILE *volatile out = NULL;
	volatile long rows = -1;
	struct table back;

	out = fopen(path_out, "w");
	if (!out)
		abort();
	if (setjmp(escape_to) == 0) {
		const struct csv_row *h, *row;
		size_t i;

		escape_armed = 1;
		r = csvr_open(path_in, 0);
		h = csvr_header(r);
		cols = calloc(h->n + 1, sizeof *cols);
		if (!cols)
			abort();
		for (i = 0; i < h->n; i++)
			cols[i] = i;
		x = xesw_new(h, cols, h->n, csvr_name(r));
		while ((row = csvr_next(r)) != NULL)
			xesw_add(x, row);
		w = csvw_stream(out, "out");
		xesw_write(x, "fuzz", w);
		csvw_close(w);
		w = NULL;
		escape_armed = 0;
		rows = csvr_count(r);
	}
	if (w)
		csvw_close(w);
	xesw_free(x);
	free(cols);
	csvr_close(r);
	if (fclose(out) != 0)
		abort();
	if (rows < 0)
		return;
	if (read_log(path_out, &back) != 0)
		fail("what the writer wrote does not read", rows, 0);
	if ((long)back.nrows != rows)
		fail("the log read back has another number of events", (long)back.nrows, rows);
	if (rows && column(&back, "case:concept:name") < 0)
		fail("the log read back has no case", rows, 0);
	table_free(&back);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned mode;

	if (size < 1)
		return 0;
	if (fd_in < 0) {
		fd_in = memfile("fuzz_xes_in", path_in);
		/* Kept open for the life of the process so that its name stays valid. */
		(void)memfile("fuzz_xes_out", path_out);
		diag_prog = "keten-import";
	}
	mode = data[0];
	data++;
	size--;
	if (ftruncate(fd_in, 0) != 0 || (size && pwrite(fd_in, data, size, 0) != (ssize_t)size))
		abort();
	if (mode & 1)
		check_writer();
	else
		check_reader(data, size);
	return 0;
}
