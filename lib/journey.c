/* journey: the klantreis of a set of cases along the phases of the model.
 *
 * A case belongs to the group of its first event.  It reaches a phase when it has an
 * event in one of the phase's stages; its time in the phase runs from the first such event
 * to its first later event in a phase further along the model (done), and otherwise it is
 * censored.  It drops out in the phase of the event just before it left the chain (its
 * first event in a terminal stage), unless the reason given there is "afgerond". */
#include "journey.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "codes.h"
#include "diag.h"
#include "sort.h"
#include "stats.h"
#include "strtab.h"
#include "suppress.h"

/* A sum whose one hidden member h (reached - dropped - moved on, say) the journey does not
 * show, but a reader can work out when every other member is shown.  Such a sum cannot
 * give a blank away, for h stands beside it as a second unknown; it is handed to the rule
 * only when h itself is a number of 1 to K - 1 cases, so that another of its members is
 * blanked and h cannot be worked out. */
static void hidden_sum(struct supp *sp, long k, size_t total, size_t *cells, size_t n, long h)
{
	if (h > 0 && h < k) {
		cells[n] = supp_cell(sp, h);
		supp_sum(sp, total, cells, n + 1);
	}
}

/* keten(5), "Small cells", on one journey: its counts are started and, per phase with
 * stages, reached, dropped, done and norm_waits.  The sums a reader can form from them all
 * have a member the journey does not show: started is a phase's reached and the cases
 * that did not reach it; a phase's reached is its dropped and done and the cases neither
 * (still there, completed there, or both dropped and moved on after a return); and the
 * cases that reached the one phase of the terminal stages are the dropped of every phase
 * and those that left otherwise (completed, or that began there).  Each hidden member
 * stands in one sum only, so no blank can be worked out from these sums; hidden_sum keeps
 * the hidden member itself from being worked out when it is small.  Each figure is blank
 * with its own count: pct_started with reached or started, conversion with reached here
 * or in the previous phase (whose cases are mostly this phase's), the waits with done,
 * pct_within with norm_waits. */
static void journey_suppress(struct journey *j, const struct model *m, const int *prev, long k)
{
	size_t np = m->nphases, p, st, nc = 0;
	struct supp *sp = supp_new(k);
	size_t *reached = xcalloc(np ? np : 1, sizeof *reached);
	size_t *dropped = xcalloc(np + 1, sizeof *dropped);
	size_t *done = xcalloc(np ? np : 1, sizeof *done);
	size_t *norm = xcalloc(np ? np : 1, sizeof *norm);
	size_t started = supp_cell(sp, j->started), cells[3];
	long out = 0;
	int term = -1;

	/* The one phase that holds the terminal stages, if there is one. */
	for (st = 0; st < m->nstages; st++) {
		if (!m->stages[st].terminal)
			continue;
		if (term == -1)
			term = m->stages[st].phase_idx;
		else if (term != m->stages[st].phase_idx)
			term = -2;
	}
	for (p = 0; p < np; p++) {
		struct journey_phase *ph = &j->ph[p];

		if (!ph->has_stages)
			continue;
		reached[p] = supp_cell(sp, ph->reached);
		cells[0] = dropped[nc++] = supp_cell(sp, ph->dropped);
		cells[1] = done[p] = supp_cell(sp, ph->done);
		norm[p] = supp_cell(sp, ph->norm_waits);
		hidden_sum(sp, k, reached[p], cells, 2, ph->reached - ph->dropped - ph->done);
		cells[0] = reached[p];
		hidden_sum(sp, k, started, cells, 1, j->started - ph->reached);
		out += ph->dropped;
	}
	if (term >= 0 && j->ph[term].has_stages)
		hidden_sum(sp, k, reached[term], dropped, nc, j->ph[term].reached - out);
	supp_apply(sp);

	j->started_blank = supp_blank(sp, started);
	nc = 0;
	for (p = 0; p < np; p++) {
		struct journey_phase *ph = &j->ph[p];
		unsigned b = 0;

		if (!ph->has_stages)
			continue;
		if (supp_blank(sp, reached[p]))
			b |= JB_REACHED;
		if (supp_blank(sp, dropped[nc++]))
			b |= JB_DROPPED;
		if (supp_blank(sp, done[p]))
			b |= JB_DONE | JB_WAIT;
		if (supp_blank(sp, norm[p]))
			b |= JB_NORM_WAITS | JB_WITHIN;
		if ((b & JB_REACHED) || j->started_blank)
			b |= JB_PCT_STARTED;
		if ((b & JB_REACHED) || (prev[p] >= 0 && supp_blank(sp, reached[prev[p]])))
			b |= JB_CONVERSION;
		ph->blank = b;
		ph->suppressed = b != 0;
	}
	supp_free(sp);
	free(reached);
	free(dropped);
	free(done);
	free(norm);
}

/* The previous phase of each phase for the conversion: the nearest earlier phase that has
 * stages, or -1.  The caller frees the array. */
static int *phase_prev(const struct model *m)
{
	size_t np = m->nphases, p, k;
	int *prev = xmalloc((np ? np : 1) * sizeof *prev);

	for (p = 0; p < np; p++) {
		prev[p] = -1;
		for (k = p; k-- > 0;) {
			size_t st;
			int has = 0;

			for (st = 0; st < m->nstages; st++)
				has |= (size_t)m->stages[st].phase_idx == k;
			if (has) {
				prev[p] = (int)k;
				break;
			}
		}
	}
	return prev;
}

void journey_counts_init(struct journey_counts *jc, const struct model *m, size_t ng)
{
	size_t g, np = m->nphases;

	if (np > 32)
		die("%s: the model has more than 32 phases", m->name);
	jc->ng = ng;
	jc->np = np;
	jc->byid = xcalloc(ng ? ng : 1, sizeof *jc->byid);
	jc->v = xcalloc((ng ? ng : 1) * np + 1, sizeof *jc->v);
	jc->nv = xcalloc((ng ? ng : 1) * np + 1, sizeof *jc->nv);
	jc->vcap = xcalloc((ng ? ng : 1) * np + 1, sizeof *jc->vcap);
	jc->convert = xcalloc((ng ? ng : 1) * np + 1, sizeof *jc->convert);
	for (g = 0; g < ng; g++) {
		jc->byid[g].group = (uint32_t)g;
		jc->byid[g].ph = xcalloc(np ? np : 1, sizeof *jc->byid[g].ph);
	}
}

void journey_counts_sample(struct journey_counts *jc, uint32_t g, size_t p, double v)
{
	size_t at = g * jc->np + p;

	xgrow(&jc->v[at], &jc->vcap[at], jc->nv[at] + 1, sizeof *jc->v[at]);
	jc->v[at][jc->nv[at]++] = v;
}

void journey_counts_of(const struct evlog *l, const struct waitspec *s, struct journey_counts *jc,
		       void (*open)(void *ctx, uint32_t group, size_t phase, const struct wait *w),
		       void *ctx)
{
	const struct model *m = l->m;
	size_t np = m->nphases, c, p, i, k;
	struct stage_pair *pairs;
	struct waitspec ns = *s;
	struct wait *buf;
	size_t npairs;
	uint32_t afgerond = UINT32_MAX;
	int *prev = phase_prev(m);

	journey_counts_init(jc, m, strtab_count(l->groups));
	if (l->attrs)
		afgerond = strtab_find(l->attrs, "afgerond", 8);
	pairs = waits_norm_pairs(m, &npairs);
	ns.pairs = pairs;
	ns.npairs = npairs;
	ns.reversed = NULL;
	buf = waits_buffer(l, &ns);
	for (c = 0; c < l->ncases; c++) {
		size_t lo = l->start[c], hi = l->start[c + 1], nw;
		struct journey *j;
		uint32_t seen = 0;

		while (hi > lo && l->ev[hi - 1].day > s->asof)
			hi--;
		if (hi == lo)
			continue;
		j = &jc->byid[l->ev[lo].group];
		j->started++;
		for (i = lo; i < hi; i++) {
			unsigned ph = (unsigned)m->stages[l->ev[i].stage].phase_idx;
			struct journey_phase *jp = &j->ph[ph];

			if (seen & (1u << ph))
				continue;
			seen |= 1u << ph;
			jp->reached++;
			/* Time in the phase: to the first later event further along. */
			for (k = i + 1; k < hi; k++)
				if ((unsigned)m->stages[l->ev[k].stage].phase_idx > ph &&
				    !m->stages[l->ev[k].stage].terminal)
					break;
			if (k < hi) {
				journey_counts_sample(jc, j->group, ph,
						      waits_measure(&l->ev[i], &l->ev[k], s->unit));
				jp->done++;
			}
		}
		for (p = 0; p < np; p++)
			if ((seen & (1u << p)) && prev[p] >= 0 && (seen & (1u << prev[p])))
				jc->convert[j->group * np + p]++;
		/* Drop-out: the phase of the event before the first terminal one. */
		for (i = lo; i < hi; i++)
			if (m->stages[l->ev[i].stage].terminal)
				break;
		if (i < hi && i > lo && (afgerond == UINT32_MAX || l->ev[i].attr != afgerond))
			j->ph[m->stages[l->ev[i - 1].stage].phase_idx].dropped++;
		/* A closed log's case without a terminal event left after its last one, as
		 * through a terminal event without a reason (keten(5), "Censoring"). */
		if (i == hi && l->closed)
			j->ph[m->stages[l->ev[hi - 1].stage].phase_idx].dropped++;
		nw = waits_of_case(l, c, &ns, buf);
		for (k = 0; k < nw; k++)
			if (buf[k].norm >= 0 && buf[k].status != W_DROPPED) {
				size_t ph = (size_t)m->stages[buf[k].from].phase_idx;
				struct journey_phase *jp = &j->ph[ph];

				if (open && buf[k].status == W_WAITING) {
					open(ctx, j->group, ph, &buf[k]);
					continue;
				}
				jp->norm_waits++;
				jp->norm_over += buf[k].over;
			}
	}
	free(prev);
	free(pairs);
	free(buf);
}

void journey_counts_free(struct journey_counts *jc)
{
	size_t i;

	if (jc->byid)
		journey_free(jc->byid, jc->ng);
	for (i = 0; i < jc->ng * jc->np; i++)
		free(jc->v[i]);
	free(jc->v);
	free(jc->nv);
	free(jc->vcap);
	free(jc->convert);
	memset(jc, 0, sizeof *jc);
}

struct journey *journey_finish(const struct evlog *l, struct journey_counts *jc, long min_n,
			       size_t *n)
{
	const struct model *m = l->m;
	size_t ng = jc->ng, np = jc->np, g, p;
	struct journey *byid = jc->byid, *out;
	int *prev = phase_prev(m);
	uint32_t *order;

	for (g = 0; g < ng; g++) {
		struct journey *j = &byid[g];

		for (p = 0; p < np; p++) {
			struct journey_phase *jp = &j->ph[p];
			double *v = jc->v[g * np + p];
			size_t nv = jc->nv[g * np + p], st;

			for (st = 0; st < m->nstages; st++)
				jp->has_stages |= (size_t)m->stages[st].phase_idx == p;
			jp->pct_started =
				j->started ? 100.0 * (double)jp->reached / (double)j->started : NAN;
			jp->conversion = NAN;
			if (prev[p] >= 0 && j->ph[prev[p]].reached)
				jp->conversion = 100.0 * (double)jc->convert[g * np + p] /
						 (double)j->ph[prev[p]].reached;
			stats_sort(v, nv);
			jp->median_wait = stats_quantile(v, nv, 0.5);
			jp->p90_wait = stats_quantile(v, nv, 0.9);
			jp->pct_within =
				jp->norm_waits ? 100.0 * (double)(jp->norm_waits - jp->norm_over) /
							 (double)jp->norm_waits
					       : NAN;
		}
		journey_suppress(j, m, prev, min_n);
	}
	/* Groups without a case that started by the as-of date are left out. */
	order = evlog_group_order(l, NULL);
	out = xcalloc(ng ? ng : 1, sizeof *out);
	*n = 0;
	for (g = 0; g < ng; g++) {
		if (byid[order[g]].started)
			out[(*n)++] = byid[order[g]];
		else
			free(byid[order[g]].ph);
	}
	free(order);
	free(byid);
	jc->byid = NULL;
	free(prev);
	return out;
}

struct journey *journey_compute(const struct evlog *l, const struct waitspec *s, size_t *n)
{
	struct journey_counts jc;
	struct journey *out;

	journey_counts_of(l, s, &jc, NULL, NULL);
	out = journey_finish(l, &jc, s->min_n, n);
	journey_counts_free(&jc);
	return out;
}

void journey_free(struct journey *j, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(j[i].ph);
	free(j);
}

/* Most named first: by interviews, then segments, then the code's text. */
static int cmp_knel(const void *a, const void *b, void *ctx)
{
	const struct codes *cd = ctx;
	const struct journey_knel *x = a, *y = b;

	if (x->interviews != y->interviews)
		return x->interviews > y->interviews ? -1 : 1;
	if (x->segments != y->segments)
		return x->segments > y->segments ? -1 : 1;
	return strcmp(codes_str(cd, CODES_CODE, x->code), codes_str(cd, CODES_CODE, y->code));
}

struct journey_codes *journey_codes(const struct codes *cd, const struct evlog *l,
				    const struct journey *j, size_t nj, long min_n)
{
	size_t np = l->m->nphases, g, p, k;
	struct journey_codes *jc = xcalloc((nj ? nj : 1) * np, sizeof *jc);
	struct codes_tally_opts o = { .col = CODES_PHASE,
				      .flags = CODES_T_KNELPUNT,
				      .only_col = -1 };

	/* Each journey counts the rows that concern its value of the one --by column that
	 * a codes table has (codes_tally's rule for `beide` and empty values); any other
	 * --by lets every row count for every journey. */
	if (l->nby == 1) {
		if (strcmp(l->by[0], "chain") == 0)
			o.only_col = CODES_CHAIN;
		else if (strcmp(l->by[0], "city") == 0)
			o.only_col = CODES_CITY;
		else if (strcmp(l->by[0], "role") == 0)
			o.only_col = CODES_ROLE;
		if (o.only_col >= 0 && !(cd->cols & CODES_BIT(o.only_col)))
			o.only_col = -1;
	}
	for (g = 0; g < nj; g++) {
		struct codes_tally t;

		if (o.only_col >= 0)
			o.only = strtab_str(l->groups, j[g].group);
		codes_tally(cd, &o, &t);
		/* Phase ids are model phases; `keten` (np) and no phase are left out. */
		for (p = 0; p < np && p < t.ng - 1; p++) {
			struct journey_codes *q = &jc[g * np + p];

			/* A code named in fewer than min_n interviews is left out: keten codes
			 * freq blanks it (keten(5), "Small cells"). */
			for (k = 0; k < t.nc; k++)
				if (t.segs[p * t.nc + k] &&
				    !codes_small(t.ints[p * t.nc + k], min_n))
					q->n++;
			q->k = xmalloc((q->n ? q->n : 1) * sizeof *q->k);
			q->n = 0;
			for (k = 0; k < t.nc; k++)
				if (t.segs[p * t.nc + k] &&
				    !codes_small(t.ints[p * t.nc + k], min_n)) {
					q->k[q->n].code = (uint32_t)k;
					q->k[q->n].interviews = t.ints[p * t.nc + k];
					q->k[q->n++].segments = t.segs[p * t.nc + k];
				}
			sort_r(q->k, q->n, sizeof *q->k, cmp_knel, (void *)cd);
		}
		codes_tally_free(&t);
	}
	return jc;
}

void journey_codes_free(struct journey_codes *jc, size_t n)
{
	size_t i;

	if (!jc)
		return;
	for (i = 0; i < n; i++)
		free(jc[i].k);
	free(jc);
}
