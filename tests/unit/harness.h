/* harness.h: what the unit tests share.  Each test is one program of one file
 * (tests/unit/NAME.c, built by the Makefile's unit rule) that includes this header; so
 * that a test may use any part of it and leave the rest, everything here is static and
 * the functions are inline.
 *
 * A test prints a line "ok - NAME" or "not ok - NAME" per check, and exits with failed
 * (0 when every check held), as tests/run reads it. */
#ifndef KETEN_TEST_HARNESS_H
#define KETEN_TEST_HARNESS_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "date.h"
#include "diag.h"

/* 1 once a check has failed: main returns it. */
static int failed;

static inline void check(int ok, const char *name)
{
	printf("%s - %s\n", ok ? "ok" : "not ok", name);
	if (!ok)
		failed = 1;
}

/* A pseudo-random number below n from the linear congruential generator whose state is
 * *seed, so that each test draws the same numbers on every machine. */
static inline unsigned lcg_below(unsigned long *seed, unsigned n)
{
	*seed = *seed * 1103515245 + 12345;
	return (unsigned)((*seed >> 8) % n);
}

/* Ascending order of doubles, for qsort. */
static inline int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* The day of the date s (YYYY-MM-DD) that a test writes out, short as the checks write
 * many.  One that does not parse is a mistake of the test, which ends it. */
static inline kday D(const char *s)
{
	kday d;
	int sec;

	if (date_parse_iso(s, strlen(s), &d, &sec) != 0) {
		fprintf(stderr, "%s: bad date in the test: %s\n", diag_prog, s);
		exit(1);
	}
	return d;
}

/* Bytes that grow as they are added. */
struct buf {
	char *b;
	size_t len, cap;
};

static inline void add(struct buf *b, const void *p, size_t n)
{
	if (b->len + n > b->cap) {
		b->cap = (b->len + n) * 2;
		b->b = realloc(b->b, b->cap);
		if (!b->b)
			abort();
	}
	memcpy(b->b + b->len, p, n);
	b->len += n;
}

static inline void adds(struct buf *b, const char *s)
{
	add(b, s, strlen(s));
}

/* Runs child(arg) in a child process and sets out to what it wrote on stdout and stderr,
 * which are the same pipe, followed by "status N\n", N its exit status (-1 when it did
 * not exit).  The child exits 0 when child returns. */
static inline void run_child(void (*child)(const void *), const void *arg, struct buf *out)
{
	int fd[2], st;
	pid_t pid;
	char b[4096], tail[32];
	ssize_t k;

	out->len = 0;
	fflush(stdout);
	if (pipe(fd) != 0)
		abort();
	pid = fork();
	if (pid < 0)
		abort();
	if (pid == 0) {
		close(fd[0]);
		dup2(fd[1], 1);
		dup2(fd[1], 2);
		close(fd[1]);
		child(arg);
		exit(0);
	}
	close(fd[1]);
	while ((k = read(fd[0], b, sizeof b)) > 0)
		add(out, b, (size_t)k);
	close(fd[0]);
	waitpid(pid, &st, 0);
	snprintf(tail, sizeof tail, "status %d\n", WIFEXITED(st) ? WEXITSTATUS(st) : -1);
	adds(out, tail);
}

/* Sets path (of size bytes) to the name of a file of this test in $TMPDIR (or /tmp),
 * "PROG.PID.csv", PROG the name diag_init was given. */
static inline void temp_path(char *path, size_t size)
{
	const char *tmp = getenv("TMPDIR");

	snprintf(path, size, "%s/%s.%ld.csv", tmp && *tmp ? tmp : "/tmp", diag_prog,
		 (long)getpid());
}

/* Writes the n bytes of s to the file path; a test that cannot ends. */
static inline void put_file(const char *path, const char *s, size_t n)
{
	FILE *fp = fopen(path, "wb");

	if (!fp || fwrite(s, 1, n, fp) != n || fclose(fp) != 0) {
		perror(path);
		exit(1);
	}
}

#endif
