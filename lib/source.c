/* source: the bytes of an input, gunzipped when they are gzip, with a look at the first
 * bytes before they are read (see source.h).
 *
 * The file is read in blocks into raw.  A gzip input goes through zlib's inflate from
 * there; any other input is copied out of raw, or read straight into the caller's buffer
 * when the caller asks for a block or more.  The first bytes of the content are kept in
 * peek once source_peek has looked at them, and source_read hands them out first, so that
 * looking costs nothing on a pipe, which cannot be read twice.  zlib is used here only. */
#include "source.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <zlib.h>

#include "diag.h"

/* Bytes read from the file at a time. */
#define RAW (64 * 1024)

struct source {
	const char *name;
	FILE *fp;
	int is_stdin;
	int regular; /* a regular file: it can be read again */
	off_t start; /* where stdin was when it was opened */

	unsigned char *raw;
	size_t rpos, rlen;
	int raw_eof;
	long long bytes;

	int gz;
	z_stream z;
	int z_ready;  /* inflateInit2 was called */
	int z_member; /* inside a gzip member: its end has not been seen */

	char peek[SOURCE_PEEK];
	size_t npeek, ppos;
	int peeked;
};

/* Reads the next block of the file into raw, unless the file has ended. */
static void fill_raw(struct source *s)
{
	if (s->raw_eof)
		return;
	s->rlen = fread(s->raw, 1, RAW, s->fp);
	s->rpos = 0;
	s->bytes += (long long)s->rlen;
	if (s->rlen < RAW) {
		if (ferror(s->fp))
			die("%s: read error: %s", s->name, strerror(errno));
		s->raw_eof = 1;
	}
}

/* Sets s up to read its content from the beginning: the first block is read, and tells
 * gzip from anything else. */
static void begin(struct source *s)
{
	s->rpos = s->rlen = 0;
	s->raw_eof = 0;
	s->bytes = 0;
	s->npeek = s->ppos = 0;
	s->peeked = 0;
	fill_raw(s);
	s->gz = s->rlen >= 2 && s->raw[0] == 0x1f && s->raw[1] == 0x8b;
	if (!s->gz)
		return;
	if (!s->z_ready) {
		memset(&s->z, 0, sizeof s->z);
		/* 16 + 15: a gzip wrapper, the largest window. */
		if (inflateInit2(&s->z, 16 + MAX_WBITS) != Z_OK)
			die("%s: cannot start gzip decompression", s->name);
		s->z_ready = 1;
	} else if (inflateReset(&s->z) != Z_OK) {
		die("%s: cannot start gzip decompression", s->name);
	}
	s->z_member = 1;
}

struct source *source_open(const char *path)
{
	struct source *s = xcalloc(1, sizeof *s);
	struct stat st;

	if (!path || strcmp(path, "-") == 0) {
		s->name = "-";
		s->fp = stdin;
		s->is_stdin = 1;
	} else {
		s->name = path;
		s->fp = fopen(path, "rb");
		if (!s->fp) {
			int e = errno;

			free(s);
			die("%s: %s", path, strerror(e));
		}
	}
	if (fstat(fileno(s->fp), &st) == 0 && S_ISREG(st.st_mode)) {
		s->start = ftello(s->fp);
		s->regular = s->start >= 0;
	}
	s->raw = xmalloc(RAW);
	begin(s);
	return s;
}

const char *source_name(const struct source *s)
{
	return s->name;
}

int source_gzip(const struct source *s)
{
	return s->gz;
}

/* Up to n bytes of gzip content into buf. */
static size_t inflate_some(struct source *s, char *buf, size_t n)
{
	size_t got = 0;

	while (got < n) {
		int ret;

		if (s->rpos == s->rlen) {
			fill_raw(s);
			if (s->rpos == s->rlen) {
				if (s->z_member)
					die("%s: gzip data cut short", s->name);
				break;
			}
		}
		if (!s->z_member) {
			/* Another member follows the one that ended. */
			if (inflateReset(&s->z) != Z_OK)
				die("%s: cannot start gzip decompression", s->name);
			s->z_member = 1;
		}
		s->z.next_in = s->raw + s->rpos;
		s->z.avail_in = (uInt)(s->rlen - s->rpos);
		s->z.next_out = (unsigned char *)buf + got;
		s->z.avail_out = (uInt)(n - got);
		ret = inflate(&s->z, Z_NO_FLUSH);
		s->rpos = s->rlen - s->z.avail_in;
		got = n - s->z.avail_out;
		if (ret == Z_STREAM_END)
			s->z_member = 0;
		else if (ret != Z_OK && ret != Z_BUF_ERROR)
			die("%s: broken gzip data: %s", s->name,
			    s->z.msg ? s->z.msg : "inflate failed");
	}
	return got;
}

/* Up to n bytes of content into buf, past what peek holds. */
static size_t content(struct source *s, char *buf, size_t n)
{
	size_t got = 0;

	if (s->gz)
		return inflate_some(s, buf, n);
	while (got < n) {
		size_t k = s->rlen - s->rpos;

		if (k == 0) {
			if (s->raw_eof)
				break;
			if (n - got >= RAW) {
				/* A whole block or more: straight into the caller's buffer. */
				size_t want = n - got, r = fread(buf + got, 1, want, s->fp);

				s->bytes += (long long)r;
				got += r;
				if (r < want) {
					if (ferror(s->fp))
						die("%s: read error: %s", s->name, strerror(errno));
					s->raw_eof = 1;
				}
				continue;
			}
			fill_raw(s);
			continue;
		}
		if (k > n - got)
			k = n - got;
		memcpy(buf + got, s->raw + s->rpos, k);
		s->rpos += k;
		got += k;
	}
	return got;
}

size_t source_peek(struct source *s, const char **p)
{
	if (!s->peeked) {
		s->npeek = content(s, s->peek, SOURCE_PEEK);
		s->ppos = 0;
		s->peeked = 1;
	}
	*p = s->peek;
	return s->npeek;
}

size_t source_read(struct source *s, char *buf, size_t n)
{
	size_t got = 0;

	if (s->peeked && s->ppos < s->npeek) {
		got = s->npeek - s->ppos < n ? s->npeek - s->ppos : n;
		memcpy(buf, s->peek + s->ppos, got);
		s->ppos += got;
	}
	if (got < n)
		got += content(s, buf + got, n - got);
	return got;
}

int source_can_rewind(const struct source *s)
{
	return s->regular;
}

void source_rewind(struct source *s)
{
	if (!s->regular || fseeko(s->fp, s->start, SEEK_SET) != 0)
		die("%s: cannot read the input again: %s", s->name,
		    s->regular ? strerror(errno) : "not a regular file");
	clearerr(s->fp);
	begin(s);
}

long long source_bytes(const struct source *s)
{
	return s->bytes;
}

void source_close(struct source *s)
{
	if (!s)
		return;
	if (!s->is_stdin && s->fp)
		fclose(s->fp);
	if (s->z_ready)
		inflateEnd(&s->z);
	free(s->raw);
	free(s);
}
