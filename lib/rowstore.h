/* rowstore: CSV records held in memory as the lines that csvw_row would write for them,
 * in large blocks, for a reader that can decide about rows only after reading them all
 * (keten filter's case filters on input that can be read only once). */
#ifndef KETEN_ROWSTORE_H
#define KETEN_ROWSTORE_H

#include <stddef.h>

#include "csvio.h"

struct rowstore;

struct rowstore *rowstore_new(void);
/* Appends row; returns the length of its line, the newline included. */
size_t rowstore_add(struct rowstore *s, const struct csv_row *row);
/* The lines in the order they were added, one call each: the next line, whose length
 * (len) is what rowstore_add returned for it. */
const char *rowstore_next(struct rowstore *s, size_t len);
void rowstore_free(struct rowstore *s);

#endif
