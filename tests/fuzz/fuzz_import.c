/* fuzz_import: libFuzzer target for the import engine of lib/import.c, from the bytes of
 * an export to the rows written and rejected: the reader with sniffing, sep= lines and
 * encodings, the header mapping, every value conversion, the rejects file, the stage
 * table, --sort and the splitting of codes.
 *
 * The rows are fed to the engine as keten import feeds them, so that an input that begins
 * as XML goes through the XES reader and one that begins as gzip through zlib.  The first byte of the
 * input picks the settings and the rest is the file: bit 0 --kind codes, bits 1-2 the
 * encoding (auto, UTF-8, Windows-1252), bit 3 --date-order mdy, bit 4 --strict (events)
 * or --code-level 2 (codes), bit 5 --sort (events) or --code-level -1 (codes), bit 6 a
 * --date-format, bit 7 --numeric on the column named n.  What the engine refuses as a
 * whole (no header, no case column, an unterminated quote) ends in die(), which escape.c
 * turns into a jump back here; the import is then freed, so a leak is a finding like
 * any other.
 *
 * An import that ends is checked, not only run: every row read is written, rejected or
 * dropped (a lifecycle transition other than start and complete); the output and the
 * rejects file read back as CSV whose records are as wide as their headers, one output
 * record per row written (per code, for codes; a start and its completion one), and one rejects
 * record per row rejected; with --sort the cases come in byte order. */
#define _GNU_SOURCE /* NOLINT(bugprone-reserved-identifier): memfd_create */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "convert.h"
#include "csvio.h"
#include "diag.h"
#include "escape.h"
#include "import.h"
#include "targets.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int fd_in = -1;
static char path_in[64], path_out[64], path_rej[64];
static const char *const numeric_n[] = { "n" };

static void setup_once(void)
{
	fd_in = memfile("fuzz_import_in", path_in);
	/* Kept open for the life of the process so that their names stay valid. */
	(void)memfile("fuzz_import_out", path_out);
	(void)memfile("fuzz_import_rejects", path_rej);
	diag_prog = "keten-import";
}

static noreturn void fail(const char *what, long a, long b)
{
	fprintf(stderr, "%s (%ld, %ld)\n", what, a, b);
	abort();
}

/* Reads back a CSV file the engine wrote; returns its records after the header, each of
 * which must be as wide as the header.  With sorted, the first fields must come in byte
 * order (a shorter field before a longer one that begins with it).  A rejects file copies
 * the source's header and rows, which may repeat a name or hold a NUL byte, so the file
 * is read as keten import reads it, the header as a record. */
static long read_back(const char *path, int sorted)
{
	struct csvr *r = csvr_open(path, CSVR_RAGGED | CSVR_NOHEADER | CSVR_NUL);
	size_t width = csvr_next(r)->n;
	const struct csv_row *row;
	char *last = NULL;
	size_t lastn = 0;
	long n = 0;

	while ((row = csvr_next(r)) != NULL) {
		if (row->n != width)
			fail("a record read back differs in width from its header", (long)row->n,
			     (long)width);
		if (sorted) {
			size_t k = lastn < row->len[0] ? lastn : row->len[0];
			int c = n ? memcmp(last, row->f[0], k) : 0;

			if (c > 0 || (c == 0 && n && lastn > row->len[0]))
				fail("--sort wrote a case out of order", n, 0);
			free(last);
			last = malloc(row->len[0] + 1);
			if (!last)
				abort();
			memcpy(last, row->f[0], row->len[0]);
			lastn = row->len[0];
		}
		n++;
	}
	free(last);
	csvr_close(r);
	return n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct import_settings set = { 0 };
	struct import *volatile im = NULL;
	struct import_src *volatile r = NULL;
	struct csvw *volatile w = NULL, *volatile rw = NULL;
	FILE *volatile out = NULL, *volatile rej = NULL;
	volatile int status = -1;
	const struct csv_row *row;
	struct import_counts c;
	unsigned o;

	if (size < 1)
		return 0;
	if (fd_in < 0)
		setup_once();
	o = data[0];
	data++;
	size--;
	if (ftruncate(fd_in, 0) != 0 || pwrite(fd_in, data, size, 0) != (ssize_t)size)
		abort();

	set.kind = o & 1 ? IMPORT_CODES : IMPORT_EVENTS;
	set.encoding = (int[]){ CSVR_AUTO, CSVR_UTF8, CSVR_CP1252, CSVR_AUTO }[(o >> 1) & 3];
	set.date_order = (o >> 3) & 1 ? CONV_MDY : CONV_DMY;
	set.strict = !(o & 1) && ((o >> 4) & 1);
	set.sort = !(o & 1) && ((o >> 5) & 1);
	set.code_level = !(o & 1) ? 0 : (o >> 4) & 1 ? 2 : (o >> 5) & 1 ? -1 : 0;
	set.date_format = (o >> 6) & 1 ? "%d %b %Y %H:%M" : NULL;
	set.numerics = (o >> 7) & 1 ? numeric_n : NULL;
	set.nnumerics = set.numerics ? 1 : 0;
	set.max_rejects = 0;

	/* New opens of the memory files, so that they start empty and at offset 0. */
	out = fopen(path_out, "w");
	rej = fopen(path_rej, "w");
	if (!out || !rej)
		abort();
	if (setjmp(escape_to) == 0) {
		escape_armed = 1;
		im = import_new(&set);
		r = import_open(&set, path_in);
		row = import_src_header(r);
		import_header(im, import_src_name(r), row, import_src_delim(r));
		w = csvw_stream(out, "out");
		rw = csvw_stream(rej, "rejects");
		import_start(im, w, rw);
		while ((row = import_src_next(r)) != NULL)
			import_row(im, row);
		status = import_finish(im, import_src_cp1252_line(r));
		escape_armed = 0;
	}
	/* Whether it ended or died: close what is open and free the rest. */
	if (w)
		csvw_close(w);
	if (rw)
		csvw_close(rw);
	if (fclose(out) != 0 || fclose(rej) != 0)
		abort();
	if (status >= 0) {
		c = import_counts(im);
		if (c.read != c.written + c.rejected + c.dropped)
			fail("rows read are not the rows written, rejected and dropped", c.read,
			     c.written + c.rejected + c.dropped);
		if (set.kind == IMPORT_EVENTS ? c.out_rows != c.written - c.paired
					      : c.out_rows < c.written)
			fail("records written do not match rows written", c.out_rows, c.written);
		if (read_back(path_out, set.sort) != c.out_rows)
			fail("the output does not hold the records written", c.out_rows, 0);
		if (read_back(path_rej, 0) != c.rejected)
			fail("the rejects file does not hold the rows rejected", c.rejected, 0);
		if (status != (c.rejected > 0 ? EXIT_DATA : 0))
			fail("the status does not follow the rows rejected", status, c.rejected);
	}
	import_free(im);
	import_src_close(r);
	return 0;
}
