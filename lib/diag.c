/* diag: messages in one form, memory that never returns NULL, and a checked stdout. */
#include "diag.h"

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "i18n.h"

const char *diag_prog = "keten";
static int stdout_failed;
static void (*before_message)(void);

void diag_before_message(void (*fn)(void))
{
	before_message = fn;
}

void diag_stdout_failed(void)
{
	stdout_failed = 1;
}

/* Flushes and closes stdout so that a full disk or a closed pipe is an error and not a
 * silent loss (the sbase fshut and datamash close_stdout habit). */
static void close_stdout(void)
{
	int bad = ferror(stdout) != 0;
	if (fflush(stdout) != 0)
		bad = 1;
	if (fclose(stdout) != 0)
		bad = 1;
	if (bad && stdout_failed)
		_exit(EXIT_DATA);
	if (bad) {
		/* A reader that went away is not our error: the default SIGPIPE action
		 * already ended us quietly if the pipe broke during a write. */
		fprintf(stderr, _("%s: write error: %s\n"), diag_prog,
			errno ? strerror(errno) : "stdout");
		_exit(EXIT_DATA);
	}
}

void diag_init(const char *argv0)
{
	if (argv0 && *argv0) {
		const char *slash = strrchr(argv0, '/');
		diag_prog = slash ? slash + 1 : argv0;
	}
	/* Shells sometimes start us with SIGPIPE ignored; the default makes "| head" quiet. */
	signal(SIGPIPE, SIG_DFL);
	/* Option errors are reported by usage_bad_option, in the same form as the rest. */
	opterr = 0;
	atexit(close_stdout);
}

/* The one place where a message is written.  Its format string is looked up in the
 * catalogue here (lib/i18n), so that every message of every command is translated without
 * a mark at the call: po/extract.sh takes the format strings of these functions into
 * po/keten.pot, and msgfmt --check makes each translation take the same arguments. */
static void vmsg(const char *file, long line, const char *fmt, va_list ap)
{
	/* Flush stdout first so that messages and output interleave as they happened, and
	 * take a progress line (lib/progress) away. */
	fflush(stdout);
	if (before_message)
		before_message();
	fmt = _(fmt);
	if (file && line > 0)
		fprintf(stderr, "%s: %s:%ld: ", diag_prog, file, line);
	else if (file)
		fprintf(stderr, "%s: %s: ", diag_prog, file);
	else
		fprintf(stderr, "%s: ", diag_prog);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

void warnx(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vmsg(NULL, 0, fmt, ap);
	va_end(ap);
}

void warn_at(const char *file, long line, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vmsg(file, line, fmt, ap);
	va_end(ap);
}

void die(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vmsg(NULL, 0, fmt, ap);
	va_end(ap);
	exit(EXIT_DATA);
}

void die_at(const char *file, long line, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vmsg(file, line, fmt, ap);
	va_end(ap);
	exit(EXIT_DATA);
}

void usage_error(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vmsg(NULL, 0, fmt, ap);
	va_end(ap);
	fprintf(stderr, _("Try '%s --help' for more information.\n"), diag_prog);
	exit(EXIT_USAGE);
}

void usage_bad_option(int ch, char **argv)
{
	const char *arg = optind > 0 ? argv[optind - 1] : "";

	if (ch == ':') {
		if (optopt && arg[0] == '-' && arg[1] != '-')
			usage_error("option '-%c' needs a value", optopt);
		usage_error("option '%s' needs a value", arg);
	}
	if (optopt)
		usage_error("unknown option '-%c'", optopt);
	usage_error("unknown option '%s'", arg);
}

static noreturn void oom(void)
{
	fprintf(stderr, "%s: out of memory\n", diag_prog);
	exit(EXIT_DATA);
}

void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		oom();
	return p;
}

void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);
	if (!p)
		oom();
	return p;
}

void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p)
		oom();
	return p;
}

void *xreallocarray(void *p, size_t n, size_t size)
{
	if (size && n > SIZE_MAX / size)
		oom();
	return xrealloc(p, n * size);
}

char *xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *xstrndup(const char *s, size_t n)
{
	char *p = xmalloc(n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

void xgrow(void *pp, size_t *cap, size_t need, size_t size)
{
	void **p = pp;
	size_t c;

	if (need <= *cap)
		return;
	c = *cap ? *cap : 16;
	while (c < need) {
		if (c > SIZE_MAX / 2)
			oom();
		c *= 2;
	}
	*p = xreallocarray(*p, c, size);
	*cap = c;
}

long long parse_int_opt(const char *opt, const char *s, long long min, long long max)
{
	char *end;
	long long v;

	errno = 0;
	v = strtoll(s, &end, 10);
	if (end == s || *end != '\0' || errno == ERANGE)
		usage_error("%s: not a whole number: '%s'", opt, s);
	if (v < min || v > max)
		usage_error("%s: out of range [%lld, %lld]: '%s'", opt, min, max, s);
	return v;
}
