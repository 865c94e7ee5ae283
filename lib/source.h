/* source: the bytes of an input file or of stdin, gunzipped when they are gzip, whose first
 * bytes can be looked at before they are read, so that a reader can tell a format by its
 * content also on a pipe (keten import tells CSV from XES so; keten-import(1)). */
#ifndef KETEN_SOURCE_H
#define KETEN_SOURCE_H

#include <stddef.h>

/* The most bytes source_peek shows. */
#define SOURCE_PEEK 512

struct source;

/* Opens path (NULL or "-": stdin).  Input that begins with the gzip magic bytes (1f 8b) is
 * decompressed as it is read; several gzip members one after the other are one stream, as
 * gzip -d reads them.  Exits with a message when path cannot be opened. */
struct source *source_open(const char *path);
/* The name used in messages: the path, or "-" for stdin. */
const char *source_name(const struct source *s);
/* Whether the input is gzip. */
int source_gzip(const struct source *s);
/* Sets *p to the first bytes of the content (after gunzip) and returns how many there
 * are: SOURCE_PEEK, or fewer when the input is shorter.  Reads nothing away: source_read
 * still begins with these bytes. */
size_t source_peek(struct source *s, const char **p);
/* Reads up to n bytes into buf and returns how many were read: n, or fewer only at the
 * end of the input.  Exits with a message on a read error or broken gzip data. */
size_t source_read(struct source *s, char *buf, size_t n);
/* Whether the input can be read again from its start: a regular file, also when it is
 * stdin (keten import < log.xes), and not a pipe. */
int source_can_rewind(const struct source *s);
/* Starts reading again from the beginning; only when source_can_rewind. */
void source_rewind(struct source *s);
/* Bytes taken from the file so far (compressed bytes for gzip), for progress meters. */
long long source_bytes(const struct source *s);
/* Closes the file (not stdin) and frees s; NULL is allowed. */
void source_close(struct source *s);

#endif
