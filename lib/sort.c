/* sort: a stable merge sort whose comparison gets its context as an argument.
 * qsort_r exists on glibc and the BSDs with two different signatures, and qsort is not
 * stable; one portable sort of our own avoids both. */
#include "sort.h"

#include <stdlib.h>
#include <string.h>

#include "diag.h"

/* Runs shorter than this are sorted by insertion, which is faster on small runs. */
#define SORT_RUN 16

static void insertion(char *a, size_t n, size_t size, sort_cmp cmp, void *ctx, char *tmp)
{
	size_t i, j;

	for (i = 1; i < n; i++) {
		if (cmp(a + (i - 1) * size, a + i * size, ctx) <= 0)
			continue;
		memcpy(tmp, a + i * size, size);
		for (j = i; j > 0 && cmp(a + (j - 1) * size, tmp, ctx) > 0; j--)
			memcpy(a + j * size, a + (j - 1) * size, size);
		memcpy(a + j * size, tmp, size);
	}
}

void sort_r(void *base, size_t n, size_t size, sort_cmp cmp, void *ctx)
{
	char *a = base, *buf, *src, *dst;
	size_t run, lo;

	if (n < 2)
		return;
	buf = xmalloc(n * size + size);
	for (lo = 0; lo < n; lo += SORT_RUN)
		insertion(a + lo * size, n - lo < SORT_RUN ? n - lo : SORT_RUN, size, cmp, ctx,
			  buf + n * size);
	/* Bottom-up merging between the array and the buffer; a final copy puts the
	 * result back when it ends in the buffer. */
	src = a;
	dst = buf;
	for (run = SORT_RUN; run < n; run *= 2) {
		for (lo = 0; lo < n; lo += 2 * run) {
			size_t mid = lo + run < n ? lo + run : n;
			size_t hi = lo + 2 * run < n ? lo + 2 * run : n;
			size_t i = lo, j = mid, k = lo;

			while (i < mid && j < hi) {
				/* Taking from the left on ties keeps the sort stable. */
				if (cmp(src + j * size, src + i * size, ctx) < 0)
					memcpy(dst + k++ * size, src + j++ * size, size);
				else
					memcpy(dst + k++ * size, src + i++ * size, size);
			}
			memcpy(dst + k * size, src + i * size, (mid - i) * size);
			k += mid - i;
			memcpy(dst + k * size, src + j * size, (hi - j) * size);
		}
		char *t = src;
		src = dst;
		dst = t;
	}
	if (src != a)
		memcpy(a, src, n * size);
	free(buf);
}
