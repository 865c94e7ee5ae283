/* fuzz_import: libFuzzer target for the whole of keten import, from the bytes of an
 * export to the rows written and rejected: the reader with sniffing, sep= lines and
 * encodings, the header mapping, every value conversion, the rejects file, the stage
 * table, --sort and the splitting of codes.
 *
 * The command is compiled into the target (its main renamed), and its import() is called
 * as main would call it.  The first byte of the input picks the options and the rest is
 * the file: bit 0 --kind codes, bits 1-2 the encoding (auto, UTF-8, Windows-1252), bit 3
 * --date-order mdy, bit 4 --strict (events) or --code-level 2 (codes), bit 5 --sort
 * (events) or --code-level -1 (codes), bit 6 a --date-format, bit 7 --numeric on the
 * column named n.  What the command refuses as a whole (no header, no case column, an
 * unterminated quote) ends in die(), which escape.c turns into a jump back here; the
 * import's own state is then freed, so a leak is a finding like any other. */
#define _GNU_SOURCE
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "escape.h"

#define main keten_import_main
#include "../../bin/keten-import.c"
#undef main

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int fd_in = -1;
static char path_in[64];
static FILE *sink;
static const char *numeric_n[] = { "n" };

static void setup_once(void)
{
	fd_in = memfd_create("fuzz_import", 0);
	if (fd_in < 0)
		abort();
	snprintf(path_in, sizeof path_in, "/proc/self/fd/%d", fd_in);
	/* Rows and rejects are written in full, to nowhere. */
	sink = fopen("/dev/null", "w");
	if (!sink || !freopen("/dev/null", "w", stdout))
		abort();
	diag_prog = "keten-import";
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
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

	kind_codes = o & 1;
	encoding = (int[]){ CSVR_AUTO, CSVR_UTF8, CSVR_CP1252, CSVR_AUTO }[(o >> 1) & 3];
	date_order = (o >> 3) & 1 ? CONV_MDY : CONV_DMY;
	strict = !kind_codes && ((o >> 4) & 1);
	sort_rows = !kind_codes && ((o >> 5) & 1);
	code_level = !kind_codes ? 0 : (o >> 4) & 1 ? 2 : (o >> 5) & 1 ? -1 : 0;
	date_fmt = (o >> 6) & 1 ? "%d %b %Y %H:%M" : NULL;
	numerics = (o >> 7) & 1 ? numeric_n : NULL;
	nnumerics = numerics ? 1 : 0;
	rejects_stream = sink;

	if (setjmp(escape_to) == 0) {
		escape_armed = 1;
		import(path_in);
		escape_armed = 0;
	}
	/* Whether it ended or died: close what is open and free the rest. */
	if (im.w)
		csvw_close(im.w);
	if (im.rw)
		csvw_close(im.rw);
	im.w = im.rw = NULL;
	import_free();
	fflush(stdout);
	return 0;
}
