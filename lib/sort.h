/* sort: a stable merge sort whose comparison gets its context as an argument. */
#ifndef KETEN_SORT_H
#define KETEN_SORT_H

#include <stddef.h>

/* Compares a and b under ctx: negative, zero or positive, as for qsort. */
typedef int (*sort_cmp)(const void *a, const void *b, void *ctx);

/* Sorts n elements of size bytes at base.  Equal elements keep their order, so the
 * output never depends on the C library's qsort; the context travels with the call,
 * so the library holds no file-level state for its comparators and stays re-entrant. */
void sort_r(void *base, size_t n, size_t size, sort_cmp cmp, void *ctx);

#endif
