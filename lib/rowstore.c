/* rowstore: CSV records kept as encoded lines in blocks of BLOCK bytes, so that millions of
 * rows cost a few large allocations and no pointer each. */
#include "rowstore.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"

/* Rows are stored in blocks of this size; a longer row gets a block of its own. */
#define BLOCK (8u << 20)

struct rowstore {
	char **blk;
	size_t *bused;
	size_t nblk, bcap;
	size_t rb, rpos; /* where rowstore_next reads */
};

struct rowstore *rowstore_new(void)
{
	return xcalloc(1, sizeof(struct rowstore));
}

static int special(char c)
{
	return c == '"' || c == ',' || c == '\n' || c == '\r';
}

size_t rowstore_add(struct rowstore *s, const struct csv_row *row)
{
	size_t need = 0, i, j;
	char *p;

	for (i = 0; i < row->n; i++) {
		const char *f = row->f[i];
		size_t q = 0, sp = 0;

		for (j = 0; j < row->len[i]; j++) {
			if (f[j] == '"')
				q++;
			if (special(f[j]))
				sp = 1;
		}
		need += row->len[i] + q + (sp ? 2 : 0) + 1;
	}
	if (need > UINT32_MAX / 2)
		die("a row longer than 2 GB");
	if (!s->nblk || s->bused[s->nblk - 1] + need > BLOCK) {
		if (s->nblk == s->bcap) {
			size_t cap = s->bcap;
			xgrow(&s->bused, &cap, s->nblk + 1, sizeof *s->bused);
			xgrow(&s->blk, &s->bcap, s->nblk + 1, sizeof *s->blk);
		}
		s->blk[s->nblk] = xmalloc(need > BLOCK ? need : BLOCK);
		s->bused[s->nblk++] = 0;
	}
	p = s->blk[s->nblk - 1] + s->bused[s->nblk - 1];
	for (i = 0; i < row->n; i++) {
		const char *f = row->f[i];
		size_t n = row->len[i];
		int sp = 0;

		if (i)
			*p++ = ',';
		for (j = 0; j < n; j++)
			if (special(f[j]))
				sp = 1;
		if (!sp) {
			memcpy(p, f, n);
			p += n;
			continue;
		}
		*p++ = '"';
		for (j = 0; j < n; j++) {
			if (f[j] == '"')
				*p++ = '"';
			*p++ = f[j];
		}
		*p++ = '"';
	}
	*p = '\n';
	s->bused[s->nblk - 1] += need;
	return need;
}

const char *rowstore_next(struct rowstore *s, size_t len)
{
	const char *line;

	if (s->rpos == s->bused[s->rb]) {
		s->rb++;
		s->rpos = 0;
	}
	line = s->blk[s->rb] + s->rpos;
	s->rpos += len;
	return line;
}

void rowstore_free(struct rowstore *s)
{
	size_t i;

	if (!s)
		return;
	for (i = 0; i < s->nblk; i++)
		free(s->blk[i]);
	free(s->blk);
	free(s->bused);
	free(s);
}
