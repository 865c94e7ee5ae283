/* targets.h: what the fuzz targets share: the memory files they hand the library as paths,
 * and a growing buffer of bytes.  Each target is one program (tests/fuzz/run builds
 * fuzz_NAME.c with the library), so everything here is static and the functions inline:
 * a target uses what it needs of it.  memfd_create needs _GNU_SOURCE, which the target
 * defines before its first include. */
#ifndef KETEN_FUZZ_TARGETS_H
#define KETEN_FUZZ_TARGETS_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

/* Bytes that grow as they are added: the records of one reading, flattened, in the
 * form the target compares. */
struct flat {
	char *b;
	size_t len, cap;
};

static inline void put(struct flat *f, const void *p, size_t n)
{
	if (f->len + n > f->cap) {
		size_t cap = f->cap ? f->cap : 4096;
		while (cap < f->len + n)
			cap *= 2;
		f->b = realloc(f->b, cap);
		if (!f->b)
			abort();
		f->cap = cap;
	}
	memcpy(f->b + f->len, p, n);
	f->len += n;
}

/* A new memory file called name; path (64 bytes) gets the name that opens it. */
static inline int memfile(const char *name, char *path)
{
	int fd = memfd_create(name, 0);

	if (fd < 0) {
		perror("memfd_create");
		abort();
	}
	snprintf(path, 64, "/proc/self/fd/%d", fd);
	return fd;
}

/* Writes the n bytes of p to fd at offset at, all of them. */
static inline void write_all(int fd, const void *p, size_t n, off_t at)
{
	const char *s = p;

	while (n > 0) {
		ssize_t w = pwrite(fd, s, n, at);
		if (w <= 0)
			abort();
		s += w;
		n -= (size_t)w;
		at += w;
	}
}

#endif
