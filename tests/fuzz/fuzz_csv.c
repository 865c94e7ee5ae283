/* fuzz_csv: the CSV reader of lib/csvio.c on arbitrary bytes, with the writer checked
 * against it: whatever the reader accepts, written back by csvw and read again, must give
 * the same records.
 *
 * The reader takes a path, so the input goes into a memory file that is opened by its
 * /proc/self/fd name.  The first byte of the input, which is also part of the file, picks
 * the reader's options: bit 0 CSVR_NOHEADER, bit 1 ';' as the delimiter, bit 2
 * CSVR_SNIFF, bit 3 CSVR_SEPLINE, bits 4-5 the encoding (UTF-8, auto, Windows-1252), bit
 * 6 CSVR_NUL.  Records may differ in width (CSVR_RAGGED), so the only errors left are an
 * unterminated quoted field, a NUL byte without CSVR_NUL and, with a header, an input
 * without one or a header that repeats a name; those call exit through die(), which
 * escape.c turns into a jump back here.  tests/fuzz/run builds the library with a
 * 64-byte read chunk (CSVIO_CHUNK), so that records, quoted fields and UTF-8 sequences
 * cross chunk boundaries in inputs of every size. */
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
static char path_in[64], path_out[64];

/* The records of one reading, flattened: for each record its field count, then each
 * field as its length and its bytes.  Two readings agree when their flat forms do. */
static struct flat first, second;

static void put_row(struct flat *f, const struct csv_row *row)
{
	size_t i;

	put(f, &row->n, sizeof row->n);
	for (i = 0; i < row->n; i++) {
		put(f, &row->len[i], sizeof row->len[i]);
		put(f, row->f[i], row->len[i]);
	}
}

static void setup(void)
{
	int fd_out;

	fd_in = memfile("fuzz_csv_in", path_in);
	/* Kept open for the life of the process so that its name stays valid. */
	fd_out = memfile("fuzz_csv_out", path_out);
	(void)fd_out;
}

/* Where a reader can have started a record: lines are ended by LF, CR or CRLF, and a CRLF
 * counts once, so the line number never exceeds 1 + the count of LF and CR bytes. */
static long max_line(const uint8_t *data, size_t size)
{
	long n = 1;
	size_t i;

	for (i = 0; i < size; i++)
		n += data[i] == '\n' || data[i] == '\r';
	return n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const int enc[4] = { CSVR_UTF8, CSVR_AUTO, CSVR_CP1252, CSVR_UTF8 };
	unsigned mode = size ? data[0] : 0;
	int header = !(mode & 1);
	struct csvr_opts o = {
		CSVR_RAGGED | (header ? 0 : CSVR_NOHEADER) | (mode & 4 ? CSVR_SNIFF : 0) |
			(mode & 8 ? CSVR_SEPLINE : 0) | (mode & 64 ? CSVR_NUL : 0),
		mode & 2 ? ';' : 0,
		enc[(mode >> 4) & 3],
	};
	struct csvr *volatile r = NULL;
	struct csvw *volatile w = NULL;
	FILE *volatile out = NULL;
	const struct csv_row *row;
	long last, lines;

	if (fd_in < 0)
		setup();
	if (ftruncate(fd_in, 0) != 0)
		abort();
	write_all(fd_in, data, size, 0);
	lines = max_line(data, size);

	/* With a header, csvr_open reads the first record itself and dies where it cannot,
	 * which would leave its reader unreachable; a reading without a header finds out
	 * first whether there is a first record to be had. */
	if (header) {
		struct csvr_opts probe = o;
		volatile int have = 0;

		probe.flags |= CSVR_NOHEADER;
		if (setjmp(escape_to) == 0) {
			escape_armed = 1;
			r = csvr_open_opts(path_in, &probe);
			have = csvr_next(r) != NULL;
			escape_armed = 0;
		}
		csvr_close(r);
		r = NULL;
		if (!have)
			return 0;
	}

	first.len = second.len = 0;
	/* A new open of the memory file, so that it starts empty and at offset 0. */
	out = fopen(path_out, "w");
	if (!out)
		abort();
	if (setjmp(escape_to) == 0) {
		escape_armed = 1;
		r = csvr_open_opts(path_in, &o);
		w = csvw_stream(out, "out");
		last = 0;
		if (header) {
			row = csvr_header(r);
			put_row(&first, row);
			csvw_row(w, row);
			last = row->line;
		}
		while ((row = csvr_next(r)) != NULL) {
			if (row->line <= last || row->line > lines) {
				fprintf(stderr, "record at line %ld after line %ld (at most %ld)\n",
					row->line, last, lines);
				abort();
			}
			last = row->line;
			put_row(&first, row);
			csvw_row(w, row);
		}
		escape_armed = 0;
		if (csvr_bytes(r) != (long long)size) {
			fprintf(stderr, "read %lld bytes of %zu\n", csvr_bytes(r), size);
			abort();
		}
	} else {
		/* An unterminated quoted field, a NUL byte, a repeated name: a correct
		 * answer, and nothing to compare. */
		csvr_close(r);
		csvw_close(w);
		fclose(out);
		return 0;
	}
	csvr_close(r);
	csvw_close(w);
	if (fclose(out) != 0)
		abort();

	/* A first field that begins with a byte order mark is written unquoted, and at the
	 * start of a file the reader takes that mark for the file's own (a second mark in
	 * the input, which keten CSV never has); the comparison would fail for that alone.
	 * So for the marks of UTF-16 (FF FE, FE FF), bytes that UTF-8 never has. */
	if (first.len >= 2 * sizeof(size_t)) {
		size_t n0;
		const char *f0 = first.b + 2 * sizeof(size_t);

		memcpy(&n0, first.b + sizeof(size_t), sizeof n0);
		if ((n0 >= 3 && memcmp(f0, "\xEF\xBB\xBF", 3) == 0) ||
		    (n0 >= 2 && (memcmp(f0, "\xFF\xFE", 2) == 0 || memcmp(f0, "\xFE\xFF", 2) == 0)))
			return 0;
	}

	/* What the writer wrote is keten CSV: it must read back the same, and without an
	 * error, so no escape is armed. */
	o.flags &= ~(CSVR_SNIFF | CSVR_SEPLINE);
	o.delim = 0;
	o.encoding = CSVR_UTF8;
	r = csvr_open_opts(path_out, &o);
	if (header)
		put_row(&second, csvr_header(r));
	while ((row = csvr_next(r)) != NULL)
		put_row(&second, row);
	csvr_close(r);
	if (first.len != second.len || (first.len && memcmp(first.b, second.b, first.len) != 0)) {
		fprintf(stderr, "records written and read back differ from the records read\n");
		abort();
	}
	return 0;
}
