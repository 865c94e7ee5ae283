/* diag: messages in one form, memory that never returns NULL, and a checked stdout. */
#ifndef KETEN_DIAG_H
#define KETEN_DIAG_H

#include <stddef.h>
#include <stdnoreturn.h>

/* Exit statuses every command keeps (keten(1), EXIT STATUS; HACKING.md, Adding a command). */
enum { EXIT_DATA = 1, EXIT_USAGE = 2 };

/* The program name used in every message; set by diag_init from argv[0]. */
extern const char *diag_prog;

/* Sets the program name, leaves SIGPIPE at its default, silences getopt's own messages
 * (see usage_bad_option) and arranges for stdout to be flushed and checked at exit. */
void diag_init(const char *argv0);

/* Says that a write error on stdout was already reported, so that the check at exit
 * does not report it twice. */
void diag_stdout_failed(void);

/* Calls fn before every message of the functions below, so that a line drawn in place on
 * stderr (lib/progress) can be cleared first; NULL: none. */
void diag_before_message(void (*fn)(void));

/* The messages below look up their format string in the catalogue (lib/i18n.h) before
 * formatting: the call sites pass the English text. */
/* "prog: message" on stderr. */
void warnx(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* "prog: file:line: message" on stderr; line 0 leaves the line out. */
void warn_at(const char *file, long line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
noreturn void die(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
noreturn void die_at(const char *file, long line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* A usage error: one line, then the hint to --help, exit 2. */
noreturn void usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* The usage error for getopt_long's '?' (unknown option) or ':' (missing value; the
 * option string must start with ':' for that), with the option named. */
noreturn void usage_bad_option(int ch, char **argv);

void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
/* realloc for n elements of size bytes, checked for overflow. */
void *xreallocarray(void *p, size_t n, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);

/* Grows *p (of *cap elements of size bytes) so that it holds at least need elements. */
void xgrow(void *pp, size_t *cap, size_t need, size_t size);

/* Parses a whole decimal integer in [min, max]; on failure names the option and value and
 * exits 2. */
long long parse_int_opt(const char *opt, const char *s, long long min, long long max);

#endif
