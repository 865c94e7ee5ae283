/* suppress: the one rule for small numbers (keten(5), "Small cells"). */
#include "suppress.h"

#include <stdlib.h>

#include "diag.h"

struct sum {
	size_t first, n; /* the cells of the sum in s->members, the total first */
};

struct cell {
	long value;
	int blank;
};

struct supp {
	long k;
	struct cell *cell;
	size_t ncells, ccap;
	size_t *members; /* every sum's total and cells, one sum after another */
	size_t nmembers, mcap;
	struct sum *sums;
	size_t nsums, scap;
};

struct supp *supp_new(long k)
{
	struct supp *s = xcalloc(1, sizeof *s);

	s->k = k;
	return s;
}

void supp_free(struct supp *s)
{
	if (!s)
		return;
	free(s->cell);
	free(s->members);
	free(s->sums);
	free(s);
}

size_t supp_cell(struct supp *s, long value)
{
	size_t i = s->ncells++;

	xgrow(&s->cell, &s->ccap, s->ncells, sizeof *s->cell);
	s->cell[i].value = value;
	s->cell[i].blank = value > 0 && value < s->k;
	return i;
}

void supp_force(struct supp *s, size_t cell)
{
	if (cell < s->ncells)
		s->cell[cell].blank = 1;
}

void supp_sum(struct supp *s, size_t total, const size_t *cells, size_t n)
{
	size_t i;

	if (total >= s->ncells)
		die("supp_sum: no cell %zu", total);
	xgrow(&s->members, &s->mcap, s->nmembers + n + 1, sizeof *s->members);
	xgrow(&s->sums, &s->scap, s->nsums + 1, sizeof *s->sums);
	s->sums[s->nsums].first = s->nmembers;
	s->sums[s->nsums].n = n + 1;
	s->nsums++;
	s->members[s->nmembers++] = total;
	for (i = 0; i < n; i++) {
		if (cells[i] >= s->ncells)
			die("supp_sum: no cell %zu", cells[i]);
		s->members[s->nmembers++] = cells[i];
	}
}

/* Whether cell a is a better second blank than cell b: a cell that is not zero before a
 * zero (two blanks of which one is a known-small zero protect little), then the smaller,
 * then the earlier. */
static int better(const struct supp *s, size_t a, size_t b)
{
	long va = s->cell[a].value, vb = s->cell[b].value;

	if ((va != 0) != (vb != 0))
		return va != 0;
	if (va != vb)
		return va < vb;
	return a < b;
}

/* Fixes the sum if it has a lone blank; returns whether it blanked a cell. */
static int fix(struct supp *s, const struct sum *x)
{
	const size_t *m = s->members + x->first;
	size_t i, nblank = 0, pick = (size_t)-1;

	for (i = 0; i < x->n; i++)
		nblank += s->cell[m[i]].blank;
	if (nblank != 1)
		return 0;
	/* The cells of the sum are tried before its total, which is the largest of them and
	 * says the most. */
	for (i = 1; i < x->n; i++)
		if (!s->cell[m[i]].blank && (pick == (size_t)-1 || better(s, m[i], pick)))
			pick = m[i];
	if (pick == (size_t)-1)
		pick = m[0];
	if (s->cell[pick].blank)
		return 0;
	s->cell[pick].blank = 1;
	return 1;
}

void supp_apply(struct supp *s)
{
	int changed = 1;
	size_t i;

	/* Each pass blanks at least one more cell or ends, so this ends. */
	while (changed) {
		changed = 0;
		for (i = 0; i < s->nsums; i++)
			changed |= fix(s, &s->sums[i]);
	}
}

int supp_blank(const struct supp *s, size_t cell)
{
	return cell < s->ncells && s->cell[cell].blank;
}

size_t supp_count(const struct supp *s)
{
	return s->ncells;
}
