/* fuzz_csvfast: the fast path of the CSV reader (lib/csvio.c) against libcsv, which is
 * the definition of correct.  Every input is read twice, once as the commands read it and
 * once with CSVR_LIBCSV (every record through libcsv), and the two readings must give the
 * same records with the same line numbers, and end the same way: at the end of the input
 * after the same bytes, or with the same error message.
 *
 * The first byte of the input, which is also part of the file, picks the options as in
 * fuzz_csv: bit 0 CSVR_NOHEADER, bit 1 ';' as the delimiter, bit 2 CSVR_SNIFF, bit 3
 * CSVR_SEPLINE, bits 4-5 the encoding (UTF-8, auto, Windows-1252), bit 6 CSVR_NUL, and
 * bit 7 records of the header's width only (without it CSVR_RAGGED).  The library's
 * messages go to stderr and then exit, which escape.c turns into a jump back here; stderr
 * is a memory stream meanwhile, so that the two messages can be compared.
 * tests/fuzz/run builds the library with a 64-byte read chunk (CSVIO_CHUNK), so that
 * lines cross the chunk boundaries where the fast path hands them to libcsv.  The input
 * is read a third time with three parser threads (HACKING.md, Threads), which must give
 * what one thread gives: the same records, lines, byte count and message. */
#define _GNU_SOURCE /* NOLINT(bugprone-reserved-identifier): memfd_create */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "csvio.h"
#include "escape.h"
#include "targets.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int fd_in = -1;
static char path_in[64];

/* What one reading gave, flattened: for each record its line, its field count and each
 * field as its length and its bytes; then how it ended. */
static struct flat got[3];
static char msg[3][1024];

static void put_row(struct flat *f, const struct csv_row *row, int delim)
{
	size_t i;

	put(f, &row->line, sizeof row->line);
	put(f, &row->n, sizeof row->n);
	for (i = 0; i < row->n; i++) {
		put(f, &row->len[i], sizeof row->len[i]);
		put(f, row->f[i], row->len[i]);
		/* A plain row lets the writer copy its fields: none may need quotes. */
		if (row->plain &&
		    (delim != ',' || memchr(row->f[i], '"', row->len[i]) ||
		     memchr(row->f[i], ',', row->len[i]) || memchr(row->f[i], '\n', row->len[i]) ||
		     memchr(row->f[i], '\r', row->len[i]))) {
			fprintf(stderr, "a plain row has a field that needs quotes\n");
			abort();
		}
		if (row->f[i][row->len[i]] != '\0') {
			fprintf(stderr, "a field is not NUL-terminated\n");
			abort();
		}
	}
}

/* Reads path_in with o into got[k] and msg[k]. */
static void reading(int k, const struct csvr_opts *o)
{
	struct csvr *volatile r = NULL;
	const struct csv_row *row;
	FILE *err = fmemopen(msg[k], sizeof msg[k], "w");
	FILE *saved = stderr;
	long v[3];
	int d;

	if (!err)
		abort();
	memset(msg[k], 0, sizeof msg[k]);
	got[k].len = 0;
	stderr = err;
	if (setjmp(escape_to) == 0) {
		escape_armed = 1;
		r = csvr_open_opts(path_in, o);
		d = csvr_delim(r);
		if (!(o->flags & CSVR_NOHEADER))
			put_row(&got[k], csvr_header(r), d);
		while ((row = csvr_next(r)) != NULL)
			put_row(&got[k], row, d);
		escape_armed = 0;
		v[0] = csvr_count(r);
		v[1] = (long)csvr_bytes(r);
		v[2] = csvr_cp1252_line(r);
		put(&got[k], v, sizeof v);
		put(&got[k], &d, sizeof d);
	}
	stderr = saved;
	fclose(err);
	csvr_close(r);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const int enc[4] = { CSVR_UTF8, CSVR_AUTO, CSVR_CP1252, CSVR_UTF8 };
	unsigned mode = size ? data[0] : 0;
	struct csvr_opts o = {
		(mode & 128 ? 0 : CSVR_RAGGED) | (mode & 1 ? CSVR_NOHEADER : 0) |
			(mode & 4 ? CSVR_SNIFF : 0) | (mode & 8 ? CSVR_SEPLINE : 0) |
			(mode & 64 ? CSVR_NUL : 0),
		mode & 2 ? ';' : 0,
		enc[(mode >> 4) & 3],
	};

	if (fd_in < 0)
		fd_in = memfile("fuzz_csvfast_in", path_in);
	if (ftruncate(fd_in, 0) != 0)
		abort();
	write_all(fd_in, data, size, 0);

	reading(0, &o);
	/* Three parser threads, on stretches of CSVIO_PIPE_CHUNK bytes that end where a
	 * record ends: the same as one thread. */
	csvr_set_threads(3);
	reading(2, &o);
	csvr_set_threads(1);
	if (strcmp(msg[0], msg[2]) != 0) {
		fprintf(stderr, "one thread:    %s\nthree threads: %s\n", msg[0], msg[2]);
		abort();
	}
	if (got[0].len != got[2].len ||
	    (got[0].len && memcmp(got[0].b, got[2].b, got[0].len) != 0)) {
		fprintf(stderr, "one thread and three read different records (%s)\n",
			msg[0][0] ? msg[0] : "no error");
		abort();
	}
	o.flags |= CSVR_LIBCSV;
	reading(1, &o);
	if (strcmp(msg[0], msg[1]) != 0) {
		fprintf(stderr, "fast path: %s\nlibcsv:    %s\n", msg[0], msg[1]);
		abort();
	}
	if (got[0].len != got[1].len ||
	    (got[0].len && memcmp(got[0].b, got[1].b, got[0].len) != 0)) {
		fprintf(stderr, "the fast path and libcsv read different records (%s)\n",
			msg[0][0] ? msg[0] : "no error");
		abort();
	}
	return 0;
}
