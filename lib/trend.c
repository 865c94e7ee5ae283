/* trend: the waits of the norm pairs that ended in each month, and their medians.  Each
 * case's waits are measured once (waits_of_case) and bucketed by group, pair and month with
 * a counting sort; each bucket then gives its median. */
#include "trend.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "stats.h"
#include "strtab.h"

void trend_months(const struct evlog *l, const struct waitspec *s, kday last, int nmonths,
		  long min_n, struct trend *t)
{
	struct waitspec spec = *s;
	size_t np, c, i, k, nb, nall = 0, cap = 0, *start, *pos;
	double *v = NULL, *samples;
	uint32_t *bucket = NULL;
	size_t bcap = 0;
	struct wait *buf;
	int d, base;

	memset(t, 0, sizeof *t);
	t->pairs = waits_norm_pairs(l->m, &t->npairs);
	t->nmonths = nmonths;
	t->ng = l->groups ? strtab_count(l->groups) : 1;
	if (t->ng == 0)
		t->ng = 1;
	np = t->npairs;
	spec.pairs = t->pairs;
	spec.npairs = np;
	date_to_ymd(last, &t->y0, &t->m0, &d);
	base = t->y0 * 12 + (t->m0 - 1) - (nmonths - 1);
	t->y0 = base / 12;
	t->m0 = base % 12 + 1;
	nb = t->ng * np * (size_t)nmonths;
	t->n = xcalloc(nb + 1, sizeof *t->n);
	t->median = xcalloc(nb + 1, sizeof *t->median);
	if (np == 0)
		return;

	buf = waits_buffer(l, &spec);
	for (c = 0; c < l->ncases; c++) {
		size_t nw = waits_of_case(l, c, &spec, buf);
		size_t g = l->start[c] < l->start[c + 1] ? l->ev[l->start[c]].group : 0;

		for (i = 0; i < nw; i++) {
			int y, mo, dd, idx;

			if (buf[i].status != W_DONE)
				continue;
			date_to_ymd(l->ev[buf[i].b].day, &y, &mo, &dd);
			idx = y * 12 + (mo - 1) - base;
			if (idx < 0 || idx >= nmonths)
				continue;
			for (k = 0; k < np; k++)
				if (t->pairs[k].from == buf[i].from && t->pairs[k].to == buf[i].to)
					break;
			xgrow(&v, &cap, nall + 1, sizeof *v);
			xgrow(&bucket, &bcap, nall + 1, sizeof *bucket);
			v[nall] = buf[i].w;
			bucket[nall++] = (uint32_t)((g * np + k) * (size_t)nmonths + (size_t)idx);
		}
	}
	free(buf);

	/* Bucket the waits by pair and month, then one median per bucket. */
	start = xcalloc(nb + 1, sizeof *start);
	for (i = 0; i < nall; i++)
		start[bucket[i] + 1]++;
	for (k = 0; k < nb; k++)
		start[k + 1] += start[k];
	pos = xmalloc((nb + 1) * sizeof *pos);
	memcpy(pos, start, (nb + 1) * sizeof *pos);
	samples = xmalloc((nall ? nall : 1) * sizeof *samples);
	for (i = 0; i < nall; i++)
		samples[pos[bucket[i]]++] = v[i];
	for (k = 0; k < nb; k++) {
		size_t n = start[k + 1] - start[k];

		stats_sort(samples + start[k], n);
		t->n[k] = (long)n;
		t->median[k] = (long)n < min_n || n == 0
				       ? NAN
				       : stats_quantile(samples + start[k], n, 0.5);
	}
	free(v);
	free(bucket);
	free(start);
	free(pos);
	free(samples);
}

void trend_free(struct trend *t)
{
	free(t->pairs);
	free(t->n);
	free(t->median);
	memset(t, 0, sizeof *t);
}
