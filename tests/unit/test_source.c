/* Unit tests of lib/source.c and the UTF-16 converter of lib/convert.c, where the command
 * line cannot reach: a surrogate pair cut at every byte, the offset of a bad unit, and a
 * source that peeks, reads gzip of two members and is read again.  The expected bytes are
 * written out by hand (U+1F600 is F0 9F 98 80 in UTF-8, D83D DE00 in UTF-16). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "convert.h"
#include "diag.h"
#include "harness.h"
#include "source.h"

/* Converts in (n bytes of UTF-16) handing the converter step bytes at a time, as a reader
 * with small blocks would, carrying what it leaves; returns the UTF-8 in out. */
static long convert_in_steps(int be, const char *in, size_t n, size_t step, char *out)
{
	struct conv_utf16 *c = conv_utf16_new(be);
	char buf[64], tmp[128];
	size_t have = 0, pos = 0, o = 0, used;
	long k;

	while (pos < n || have) {
		size_t take = n - pos < step ? n - pos : step;

		memcpy(buf + have, in + pos, take);
		pos += take;
		have += take;
		k = conv_utf16(c, buf, have, tmp, &used);
		if (k < 0) {
			conv_utf16_free(c);
			return -1;
		}
		memcpy(out + o, tmp, (size_t)k);
		o += (size_t)k;
		memmove(buf, buf + used, have - used);
		have -= used;
		if (take == 0)
			break; /* bytes left that never make a character */
	}
	conv_utf16_free(c);
	return have ? -2 : (long)o;
}

static void test_utf16(void)
{
	/* "a", U+1F600, "\xC3\xAB" (e-umlaut), "\n". */
	static const char le[] = "a\0\x3D\xD8\x00\xDE\xEB\0\n\0";
	static const char be[] = "\0a\xD8\x3D\xDE\x00\0\xEB\0\n";
	static const char want[] = "a\xF0\x9F\x98\x80\xC3\xAB\n";
	static const char lone[] = "a\0\x00\xDE"
				   "b\0"; /* a low surrogate alone */
	struct conv_utf16 *c;
	char out[64];
	size_t step, used;
	int all = 1;
	long k;

	for (step = 1; step <= 10; step++) {
		k = convert_in_steps(0, le, 10, step, out);
		all &= k == 8 && memcmp(out, want, 8) == 0;
		k = convert_in_steps(1, be, 10, step, out);
		all &= k == 8 && memcmp(out, want, 8) == 0;
	}
	check(all, "utf16: a surrogate pair cut at every byte, both byte orders");
	check(convert_in_steps(0, le, 9, 4, out) == -2, "utf16: an odd byte at the end is left");

	c = conv_utf16_new(0);
	k = conv_utf16(c, lone, 6, out, &used);
	check(k == -1 && used == 2, "utf16: a low surrogate alone is refused, at its offset");
	k = conv_utf16(c, le, 4, out, &used);
	check(k == 1 && used == 2 && out[0] == 'a', "utf16: a high surrogate at the end waits");
	conv_utf16_free(c);
}

static void test_source(void)
{
	char path[] = "/tmp/keten-test-source.XXXXXX", buf[256];
	const char *p;
	struct source *s;
	size_t n, total;
	gzFile gz;
	int fd = mkstemp(path);
	FILE *fp;

	if (fd < 0) {
		check(0, "source: a temporary file");
		return;
	}
	close(fd);
	/* Two gzip members, as cat a.gz b.gz makes. */
	gz = gzopen(path, "wb");
	gzputs(gz, "<?xml version=\"1.0\"?>\n");
	gzclose(gz);
	gz = gzopen(path, "ab");
	gzputs(gz, "<log/>\n");
	gzclose(gz);

	s = source_open(path);
	n = source_peek(s, &p);
	check(source_gzip(s) && n == 29 && memcmp(p, "<?xml", 5) == 0,
	      "source: gzip is decompressed before the peek");
	total = source_read(s, buf, 10);
	total += source_read(s, buf + 10, sizeof buf - 10);
	check(total == 29 && memcmp(buf + 22, "<log/>\n", 7) == 0,
	      "source: the peeked bytes come first, then the second member");
	check(source_read(s, buf, sizeof buf) == 0, "source: 0 at the end");
	check(source_can_rewind(s), "source: a regular file can be read again");
	source_rewind(s);
	check(source_read(s, buf, 5) == 5 && memcmp(buf, "<?xml", 5) == 0,
	      "source: read again from the start");
	source_close(s);

	fp = fopen(path, "w");
	fputs("case,stage,date\n", fp);
	fclose(fp);
	s = source_open(path);
	n = source_peek(s, &p);
	check(!source_gzip(s) && n == 16 && source_bytes(s) == 16,
	      "source: plain bytes as they are");
	source_close(s);
	unlink(path);
}

int main(int argc, char **argv)
{
	(void)argc;
	diag_init(argv[0]);
	test_utf16();
	test_source();
	return failed;
}
