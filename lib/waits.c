/* waits: the waits of cases between stages, and their statistics per group and pair. */
#include "waits.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csvio.h"
#include "diag.h"
#include "i18n.h"
#include "sort.h"
#include "stats.h"
#include "strtab.h"
#include "suppress.h"

/* The norm for a wait from -> to that starts at an event with these condition flags: a
 * norm whose condition holds wins over one without a condition; among equals the first in
 * the model. */
static int pick_norm(const struct model *m, unsigned from, unsigned to, unsigned flags)
{
	int plain = -1;
	size_t i;

	for (i = 0; i < m->nnorms; i++) {
		const struct norm *n = &m->norms[i];

		if ((unsigned)n->from != from || (unsigned)n->to != to)
			continue;
		if (!n->cond) {
			if (plain < 0)
				plain = (int)i;
		} else if (i < 16 && (flags & (1u << i))) {
			return (int)i;
		}
	}
	return plain;
}

/* The wait from event a to event b in unit, working days counted in cal. */
static double measure(const struct calendar *cal, const struct event *a, const struct event *b,
		      enum wait_unit unit)
{
	switch (unit) {
	case UNIT_WORKDAYS:
		return (double)cal_workdays(cal, a->day, b->day);
	case UNIT_HOURS:
		return (double)(event_time(b) - event_time(a)) / 3600000;
	case UNIT_DAYS:
	default:
		if (a->ms >= 0 && b->ms >= 0)
			return (double)(event_time(b) - event_time(a)) / 86400000;
		return (double)(b->day - a->day);
	}
}

/* The moment day + sec (sec -1: the date alone) as an event to measure to: a wall time
 * when a has no offset, else a local time of the zone with its offset then. */
static struct event moment(const struct event *a, kday day, int sec)
{
	struct event b;

	memset(&b, 0, sizeof b);
	b.day = day;
	b.ms = sec < 0 ? -1 : sec * 1000;
	b.off = (int16_t)(a->off == DATE_NOOFF ? DATE_NOOFF : date_zone_offset_local(day, b.ms));
	return b;
}

double waits_measure_to(const struct event *a, kday day, int sec, enum wait_unit unit)
{
	struct event b = moment(a, day, sec);

	return measure(cal_default(), a, &b, unit);
}

double waits_measure(const struct event *a, const struct event *b, enum wait_unit unit)
{
	return measure(cal_default(), a, b, unit);
}

/* Whether the wait from start_day to end_day is past norm i: a calendar-day limit ends on
 * the deadline of art. 1 of the Algemene termijnenwet. */
static int past_norm(const struct calendar *cal, const struct norm *n, kday start, kday end)
{
	if (n->workdays)
		return cal_workdays(cal, start, end) > n->limit;
	return end > cal_deadline_days(cal, start, n->limit);
}

/* An open wait from event a, censored at asof: its w and whether it is past norm (-1:
 * none) then, in the calendar cal. */
static void censor(const struct calendar *cal, const struct model *m, int norm,
		   const struct event *a, kday asof, enum wait_unit unit, struct wait *w)
{
	/* Events at any time of the as-of day are seen, so in hours an open wait runs to the
	 * end of that day (24:00), not to its start, where a wait begun that morning would be
	 * cut before its own start and a later event counted. */
	struct event b = unit == UNIT_HOURS ? moment(a, asof + 1, 0) : moment(a, asof, -1);

	w->w = measure(cal, a, &b, unit);
	if (w->w < 0)
		w->w = 0;
	w->over = norm >= 0 ? (uint8_t)past_norm(cal, &m->norms[norm], a->day, asof) : 0;
}

void waits_censor(const struct model *m, int norm, const struct event *a, kday asof,
		  enum wait_unit unit, struct wait *w)
{
	censor(cal_default(), m, norm, a, asof, unit, w);
}

/* Measures w and tells whether it is past its norm, in the calendar cal. */
static void finish(const struct evlog *l, const struct waitspec *s, const struct calendar *cal,
		   struct wait *w)
{
	const struct event *a = &l->ev[w->a];

	if (w->status == W_WAITING) {
		censor(cal, l->m, w->norm, a, s->asof, s->unit, w);
		return;
	}
	w->w = measure(cal, a, &l->ev[w->b], s->unit);
	w->over = 0;
	if (w->norm >= 0 && w->status != W_DROPPED)
		w->over = (uint8_t)past_norm(cal, &l->m->norms[w->norm], a->day, l->ev[w->b].day);
}

/* The day of instant t (event_time()'s unit). */
static kday day_of(int64_t t)
{
	int64_t d = evlog_day_ticks(), q = t / d;

	return (kday)(t % d < 0 ? q - 1 : q);
}

double waits_span(int64_t t0, int64_t t1, enum wait_unit unit)
{
	double ticks = (double)evlog_day_ticks();

	if (t1 <= t0)
		return 0;
	switch (unit) {
	case UNIT_WORKDAYS:
		return (double)cal_workdays(cal_default(), day_of(t0), day_of(t1));
	case UNIT_HOURS:
		return (double)(t1 - t0) / (ticks / 24);
	case UNIT_DAYS:
	default:
		return (double)(t1 - t0) / ticks;
	}
}

/* Measures a finished wait w again as s->measure asks (keten-waits(1), --measure): its
 * waiting part or the processing of the event it reached.  Waits still waiting, and those
 * dropped, keep the wait they have: B has not started. */
static void remeasure(const struct evlog *l, const struct waitspec *s, struct wait *w)
{
	int64_t done_a = event_time(&l->ev[w->a]);

	w->norm = -1;
	w->over = 0;
	if (w->status != W_DONE)
		return;
	if (s->measure == MEASURE_WAITING)
		w->w = waits_span(done_a, evlog_start_time(l, w->b), s->unit);
	else
		w->w = waits_span(evlog_start_time(l, w->b), event_time(&l->ev[w->b]), s->unit);
}

/* The waits of out[0 .. k - 1] as s->measure asks; returns how many are kept. */
static size_t measured(const struct evlog *l, const struct waitspec *s, struct wait *out, size_t k)
{
	size_t i, n = 0;

	if (s->measure == MEASURE_TOTAL)
		return k;
	for (i = 0; i < k; i++) {
		if (s->measure == MEASURE_PROCESSING && out[i].status != W_DONE)
			continue;
		out[n] = out[i];
		remeasure(l, s, &out[n]);
		n++;
	}
	return n;
}

/* Whether a wait belongs to the period of s: it ended in it, or it is still open at asof
 * (keten-waits(1), --period). */
static int in_period(const struct evlog *l, const struct waitspec *s, const struct wait *w)
{
	kday end;

	if (!s->period || w->status == W_WAITING)
		return 1;
	end = l->ev[w->b].day;
	return end >= s->period->from && end <= s->period->to;
}

/* The first event of stage st in [i, hi), or hi. */
static size_t first_stage(const struct evlog *l, size_t i, size_t hi, unsigned st)
{
	while (i < hi && l->ev[i].stage != st)
		i++;
	return i;
}

/* The first event in [i, hi) of a terminal stage (where the case left), or hi. */
static size_t first_terminal(const struct evlog *l, size_t i, size_t hi)
{
	while (i < hi && !l->m->stages[l->ev[i].stage].terminal)
		i++;
	return i;
}

/* Sets where the "between" wait w (its a set) ended among the events before hi, from the
 * first B after its A (j) and the first terminal event after it (t), each hi or later for
 * none: done at B, dropped where the case left before it, or still waiting. */
static void settle(const struct evlog *l, size_t j, size_t t, size_t hi, struct wait *w)
{
	if (j < hi) {
		w->b = (uint32_t)j;
		w->status = W_DONE;
	} else if (t < hi) {
		w->b = (uint32_t)t;
		w->status = W_DROPPED;
	} else if (l->closed) {
		/* In a closed log a case that never reached B left at its last event: the
		 * wait is censored there, not at the as-of date. */
		w->b = (uint32_t)(hi - 1);
		w->status = W_DROPPED;
	} else {
		w->b = UINT32_MAX;
		w->status = W_WAITING;
	}
}

/* The events of a case seen as of asof: those before the returned end, the events after
 * the as-of date (at the end of the case, which is in time order) having not happened yet. */
static size_t seen_end(const struct evlog *l, size_t lo, size_t hi, kday asof)
{
	while (hi > lo && l->ev[hi - 1].day > asof)
		hi--;
	return hi;
}

size_t waits_of_case(const struct evlog *l, size_t c, const struct waitspec *s, struct wait *out)
{
	size_t lo = l->start[c], hi, i, j, k = 0, p;
	const struct model *m = l->m;
	const struct calendar *cal = cal_default();

	hi = seen_end(l, lo, l->start[c + 1], s->asof);
	if (hi == lo)
		return 0;

	if (s->npairs == 0) {
		for (i = lo; i + 1 < hi; i++) {
			struct wait *w = &out[k++];

			w->a = (uint32_t)i;
			w->b = (uint32_t)(i + 1);
			w->from = l->ev[i].stage;
			w->to = l->ev[i + 1].stage;
			w->status = W_DONE;
			w->norm = (int16_t)pick_norm(m, w->from, w->to, l->ev[i].flags);
			finish(l, s, cal, w);
			k -= !in_period(l, s, w);
		}
		/* In a closed log the case ended at its last event: no wait is left open. */
		if (!m->stages[l->ev[hi - 1].stage].terminal && !l->closed) {
			struct wait *w = &out[k++];

			w->a = (uint32_t)(hi - 1);
			w->b = UINT32_MAX;
			w->from = l->ev[hi - 1].stage;
			w->to = WAIT_OPEN;
			w->status = W_WAITING;
			w->norm = -1;
			finish(l, s, cal, w);
		}
		return measured(l, s, out, k);
	}

	for (p = 0; p < s->npairs; p++) {
		unsigned from = s->pairs[p].from, to = s->pairs[p].to;
		struct wait *w;

		i = first_stage(l, lo, hi, from);
		if (i == hi)
			continue;
		w = &out[k];
		w->a = (uint32_t)i;
		w->from = (uint16_t)from;
		w->to = (uint16_t)to;
		w->norm = (int16_t)pick_norm(m, from, to, l->ev[i].flags);
		j = first_stage(l, i + 1, hi, to);
		settle(l, j, j < hi ? hi : first_terminal(l, i + 1, hi), hi, w);
		if (!in_period(l, s, w))
			continue;
		/* Only the waits written are told of, so that the count matches the table. */
		if (w->status != W_DONE && s->reversed)
			for (j = lo; j < i; j++)
				if (l->ev[j].stage == to) {
					(*s->reversed)++;
					break;
				}
		finish(l, s, cal, w);
		k++;
	}
	return measured(l, s, out, k);
}

kday waits_period_asof_opt(const struct evlog *l, const struct period *p, const char *opt,
			   int given, kday asof)
{
	char a[11], b[11];

	if (!p)
		return evlog_asof(l, given, asof);
	if (l->n == 0)
		return given && asof < p->to ? asof : p->to;
	if (given) {
		asof = evlog_asof(l, 1, asof);
		if (asof > p->to)
			asof = p->to;
	} else {
		/* A period not yet over is seen as far as the data goes, not censored at a
		 * future day. */
		asof = p->to <= l->maxday ? p->to : evlog_asof(l, 0, 0);
	}
	if (asof < p->from) {
		date_format(p->from, a);
		date_format(asof, b);
		if (given)
			usage_error("%s begins on %s, after --asof %s", opt, a, b);
		usage_error("%s begins on %s, after the latest date of %s (%s)", opt, a, l->name,
			    b);
	}
	return asof;
}

kday waits_period_asof(const struct evlog *l, const struct period *p, int given, kday asof)
{
	return waits_period_asof_opt(l, p, "--period", given, asof);
}

struct wait *waits_buffer(const struct evlog *l, const struct waitspec *s)
{
	return xmalloc((evlog_max_case(l) + s->npairs + 1) * sizeof(struct wait));
}

struct stage_pair *waits_norm_pairs(const struct model *m, size_t *n)
{
	struct stage_pair *v = xcalloc(m->nnorms ? m->nnorms : 1, sizeof *v);
	size_t i, j;

	*n = 0;
	for (i = 0; i < m->nnorms; i++) {
		for (j = 0; j < *n; j++)
			if (v[j].from == m->norms[i].from && v[j].to == m->norms[i].to)
				break;
		if (j == *n) {
			v[*n].from = (uint16_t)m->norms[i].from;
			v[*n].to = (uint16_t)m->norms[i].to;
			(*n)++;
		}
	}
	return v;
}

void waits_norm_text(const struct model *m, int i, char *buf, size_t size)
{
	if (i < 0) {
		buf[0] = '\0';
		return;
	}
	snprintf(buf, size, "%d %s", m->norms[i].limit, m->norms[i].workdays ? "workdays" : "days");
}

void waits_norm_label(const struct model *m, int i, char *buf, size_t size)
{
	if (i < 0) {
		buf[0] = '\0';
		return;
	}
	/* The words of opt_unit_label, which the page's other units are written in. */
	snprintf(buf, size, "%d %s", m->norms[i].limit,
		 m->norms[i].workdays ? _("workdays") : _("days"));
}

/* The statistics of one row from its finished waits (sorted), all its observations for
 * Kaplan-Meier and its counts. */
/* The statistics of one row from its finished waits (done, sorted) and the runs of all its
 * waits for Kaplan-Meier (n waits in all).  The mean and sd are taken over the runs of equal
 * values of done, as from a partial's counts (waits_summarise_counts), so that a merge
 * gives the bits of the whole run. */
static void summarise(double *done, size_t nd, const struct km_run *run, size_t nruns, size_t n,
		      long waiting, long dropped, long over, int has_norm, const struct waitspec *s,
		      struct waitstats *st)
{
	static const double probs[2] = { 0.5, 0.9 };
	double km[2], *rv = xmalloc((nd ? nd : 1) * sizeof *rv);
	size_t i, nr = 0, *rc = xmalloc((nd ? nd : 1) * sizeof *rc);

	for (i = 0; i < nd; i++) {
		if (nr && rv[nr - 1] == done[i]) {
			rc[nr - 1]++;
			continue;
		}
		rv[nr] = done[i];
		rc[nr++] = 1;
	}

	memset(st, 0, sizeof *st);
	st->has_norm = has_norm;
	st->n = (long)n;
	st->done = (long)nd;
	st->waiting = waiting;
	st->dropped = dropped;
	st->over = over;
	stats_mean_sd_runs(rv, rc, nr, &st->mean, &st->sd);
	free(rv);
	free(rc);
	st->min = nd ? done[0] : NAN;
	st->max = nd ? done[nd - 1] : NAN;
	st->p25 = stats_quantile(done, nd, 0.25);
	st->median = stats_quantile(done, nd, 0.5);
	st->p75 = stats_quantile(done, nd, 0.75);
	st->p90 = stats_quantile(done, nd, 0.9);
	stats_median_ci(done, nd, s->level, &st->ci_low, &st->ci_high);
	stats_km_runs(run, nruns, probs, km, 2);
	st->km_median = km[0];
	st->km_p90 = km[1];
	st->pct_over = has_norm && st->done + st->waiting > 0
			       ? 100.0 * (double)st->over / (double)(st->done + st->waiting)
			       : NAN;
	waits_blank(st, s->min_n);
}

void waits_blank(struct waitstats *st, long k)
{
	struct supp *s = supp_new(k);
	size_t n, done, waiting, dropped, judged = 0, over = 0, part[3];
	unsigned b = 0;

	n = supp_cell(s, st->n);
	done = supp_cell(s, st->done);
	waiting = supp_cell(s, st->waiting);
	dropped = supp_cell(s, st->dropped);
	part[0] = done, part[1] = waiting, part[2] = dropped;
	supp_sum(s, n, part, 3);
	if (st->has_norm) {
		/* pct_over rests on the waits judged against the norm, which the table does not
		 * show but gives away as n - dropped: a cell of two sums, taken before its own
		 * (judged = done + waiting) so that a lone blank of n's row takes judged (and
		 * with it pct_over) rather than done (and with it every statistic). */
		judged = supp_cell(s, st->done + st->waiting);
		over = supp_cell(s, st->over);
		part[0] = judged, part[1] = dropped;
		supp_sum(s, n, part, 2);
		part[0] = done, part[1] = waiting;
		supp_sum(s, judged, part, 2);
	}
	supp_apply(s);
	b |= supp_blank(s, n) ? WAITS_BLANK_N | WAITS_BLANK_KM : 0u;
	b |= supp_blank(s, done) ? WAITS_BLANK_DONE | WAITS_BLANK_STATS : 0u;
	b |= supp_blank(s, waiting) ? WAITS_BLANK_WAITING : 0u;
	b |= supp_blank(s, dropped) ? WAITS_BLANK_DROPPED : 0u;
	/* A figure whose count is zero (a mean of no waits) is no figure, and shows empty
	 * whatever K is; one whose count is below K has that count blank. */
	if (st->has_norm) {
		b |= supp_blank(s, over) ? WAITS_BLANK_OVER : 0u;
		/* A share is blank when its part or its whole is: a shown share of a shown whole
		 * gives the part back, and of a shown part the whole. */
		if (supp_blank(s, over) || supp_blank(s, judged))
			b |= WAITS_BLANK_PCT;
	}
	st->blank = b;
	st->suppressed = b != 0;
	supp_free(s);
}

void waits_summarise(const struct wait *w, size_t n, int has_norm, const struct waitspec *s,
		     struct waitstats *st)
{
	double *done = xmalloc((n ? n : 1) * sizeof *done);
	struct km_obs *obs = xmalloc((n ? n : 1) * sizeof *obs);
	struct km_run *run = NULL;
	long waiting = 0, dropped = 0, over = 0;
	size_t i, nd = 0, nruns;

	for (i = 0; i < n; i++) {
		obs[i].t = w[i].w;
		obs[i].event = w[i].status == W_DONE;
		if (w[i].status == W_DONE)
			done[nd++] = w[i].w;
		else if (w[i].status == W_WAITING)
			waiting++;
		else
			dropped++;
		over += w[i].over;
	}
	stats_sort(done, nd);
	nruns = stats_km_group(obs, n, &run);
	summarise(done, nd, run, nruns, n, waiting, dropped, over, has_norm, s, st);
	free(done);
	free(obs);
	free(run);
}

void waits_summarise_counts(const double *value, const long (*count)[2], size_t nv, long waiting,
			    long dropped, long over, int has_norm, const struct waitspec *s,
			    struct waitstats *st)
{
	size_t v, n = 0, nd = 0, nruns = 0, cap = 0;
	struct km_run *run = NULL;
	double *done;
	long j;

	for (v = 0; v < nv; v++)
		n += (size_t)count[v][0] + (size_t)count[v][1];
	done = xmalloc((n ? n : 1) * sizeof *done);
	/* In order of value, as stats_km_group would sort them: the runs directly, with no
	 * observation per wait. */
	for (v = 0; v < nv; v++) {
		for (j = 0; j < count[v][0]; j++)
			done[nd++] = value[v];
		if (count[v][0] || count[v][1])
			nruns = stats_km_run_add(&run, &cap, nruns, value[v], (size_t)count[v][0],
						 (size_t)count[v][1]);
	}
	summarise(done, nd, run, nruns, n, waiting, dropped, over, has_norm, s, st);
	free(done);
	free(run);
}

/* Bucket keys pack group, pair and norm into one word so that a strtab can number them. */
struct bkey {
	uint32_t group;
	uint16_t from, to;
	int16_t norm;
	uint16_t pad;
};

static unsigned stage_rank(const struct model *m, unsigned s)
{
	return s == WAIT_OPEN ? 0x7FFFFFFF : (unsigned)m->stages[s].order;
}

/* What the order of result rows needs: the model, and the rank of each group. */
struct row_order {
	const struct model *m;
	const uint32_t *rank;
};

static int cmp_rows(const void *x, const void *y, void *ctx)
{
	const struct waitrow *a = x, *b = y;
	const struct row_order *o = ctx;
	unsigned ra = o->rank[a->group], rb = o->rank[b->group];

	if (ra != rb)
		return ra < rb ? -1 : 1;
	if (a->from != b->from)
		return stage_rank(o->m, a->from) < stage_rank(o->m, b->from) ? -1 : 1;
	if (a->to != b->to)
		return stage_rank(o->m, a->to) < stage_rank(o->m, b->to) ? -1 : 1;
	return (a->norm > b->norm) - (a->norm < b->norm);
}

/* Puts result rows in the order results list them. */
static void sort_rows(const struct evlog *l, struct waitrow *rows, size_t n)
{
	uint32_t *rank = xmalloc((strtab_count(l->groups) + 1) * sizeof *rank);
	struct row_order o = { l->m, rank };

	free(evlog_group_order(l, rank));
	sort_r(rows, n, sizeof *rows, cmp_rows, &o);
	free(rank);
}

/* Where the waits of one table or of several come from: the waits of each case for each of
 * nslot tables, each case being taken up once for them all (source_case, then
 * source_waits of each slot). */
struct source {
	const struct evlog *l;
	const struct waitspec *spec; /* [slot]: the spec of each table */
	size_t nslot;
	/* The slots' specs differ in their period and as-of date alone, and name pairs: each
	 * case's pairs are found once, as of the latest of the as-of dates, and each slot
	 * takes its own waits from them (waits_table_periods).  0: waits_of_case per slot. */
	int shared;
	kday asof; /* shared: the latest as-of date of the slots */
	const struct calendar *cal;
	size_t c; /* the case taken up */
	/* shared: its first event and the end of those seen as of asof, and per pair its
	 * first A (hi for none), the first B after that (hi for none), the first terminal
	 * event after A and before B (B for none) and the norm of the wait. */
	size_t lo, hi;
	size_t *a, *b, *t;
	int16_t *norm;
	/* shared: the earliest and the latest day of those events, and whether a wait is
	 * still open as of asof (one of a pair's, reaching neither B nor where the case left,
	 * in an open log). */
	kday minday, maxday;
	int open;
};

/* Finds the pairs of case c for the slots that share them. */
static void shared_case(struct source *src, size_t c)
{
	const struct evlog *l = src->l;
	const struct waitspec *s = src->spec;
	size_t p, lo = l->start[c], hi;

	hi = seen_end(l, lo, l->start[c + 1], src->asof);
	src->lo = lo;
	src->hi = hi;
	src->minday = INT32_MAX;
	src->maxday = INT32_MIN;
	src->open = 0;
	for (p = lo; p < hi; p++) {
		if (l->ev[p].day < src->minday)
			src->minday = l->ev[p].day;
		if (l->ev[p].day > src->maxday)
			src->maxday = l->ev[p].day;
	}
	for (p = 0; p < s->npairs; p++) {
		size_t a = first_stage(l, lo, hi, s->pairs[p].from), b;

		src->a[p] = a;
		if (a == hi)
			continue;
		b = first_stage(l, a + 1, hi, s->pairs[p].to);
		src->b[p] = b;
		src->t[p] = first_terminal(l, a + 1, b);
		src->norm[p] =
			(int16_t)pick_norm(l->m, s->pairs[p].from, s->pairs[p].to, l->ev[a].flags);
		src->open |= b == hi && src->t[p] == hi && !l->closed;
	}
}

/* The waits of the case taken up (shared_case) for the table of slot k, as waits_of_case
 * writes them with that slot's spec: seen as of an earlier date, a case has fewer events,
 * and its first A, its first B and its first terminal event are each the one found as of
 * the latest date when that one is seen, or none. */
static size_t shared_waits(const struct source *src, size_t k, struct wait *out)
{
	const struct evlog *l = src->l;
	const struct waitspec *s = &src->spec[k];
	size_t p, n = 0, hi;

	/* Most cases have nothing in most slots, which two comparisons tell: a case none of
	 * whose events is seen as of the slot's date has no wait in it; nor has one whose
	 * events are all seen then and lie before the period, and none of whose waits is
	 * open, as each wait ended on one of its days. */
	if (src->minday > s->asof ||
	    (!src->open && src->maxday < s->period->from && src->maxday <= s->asof))
		return 0;
	hi = seen_end(l, src->lo, src->hi, s->asof);
	for (p = 0; p < s->npairs; p++) {
		struct wait *w = &out[n];

		if (src->a[p] >= hi)
			continue;
		w->a = (uint32_t)src->a[p];
		w->from = s->pairs[p].from;
		w->to = s->pairs[p].to;
		w->norm = src->norm[p];
		settle(l, src->b[p], src->t[p], hi, w);
		if (!in_period(l, s, w))
			continue;
		finish(l, s, src->cal, w);
		n++;
	}
	return measured(l, s, out, n);
}

/* Takes up case c.  Small, so that the loop over the cases of a single table stays as
 * tight as a call of waits_of_case per case. */
static inline void source_case(struct source *src, size_t c)
{
	src->c = c;
	if (src->shared)
		shared_case(src, c);
}

/* The waits of the case taken up for the table of slot k. */
static inline size_t source_waits(const struct source *src, size_t k, struct wait *out)
{
	if (!src->shared)
		return waits_of_case(src->l, src->c, &src->spec[k], out);
	return shared_waits(src, k, out);
}

/* The bucket of a wait: its group, pair and norm. */
static struct bkey wait_key(const struct evlog *l, const struct wait *w)
{
	struct bkey key;

	memset(&key, 0, sizeof key);
	key.group = l->ev[w->a].group;
	key.from = w->from;
	key.to = w->to;
	key.norm = w->norm;
	return key;
}

/* The row of bucket i of keys, without its statistics. */
static void key_row(const struct strtab *keys, size_t i, struct waitrow *row)
{
	struct bkey key;

	memcpy(&key, strtab_str(keys, (uint32_t)i), sizeof key);
	row->group = key.group;
	row->from = key.from;
	row->to = key.to;
	row->norm = key.norm;
}

/* One table held as values: its buckets, the bucket of each of its waits in the order
 * they come, then the waits in bucket order. */
struct vtab {
	struct strtab *keys;
	uint32_t *bucket;
	size_t n, cap, nb;
	size_t *count, *pos;
	struct wait *sorted;
};

/* The waits of every row held as values (fractional waits): two passes over the cases
 * put each wait straight into its row's place, for each table of src. */
static void table_from_values(struct source *src, struct waitrow **rows, size_t *nrows)
{
	const struct evlog *l = src->l;
	struct vtab *t = xcalloc(src->nslot, sizeof *t);
	struct wait *buf = waits_buffer(l, src->spec);
	size_t c, i, k;

	/* The first pass numbers the buckets and counts their waits, the second puts each
	 * wait straight into its bucket's place, so the waits are held once, in bucket
	 * order. */
	for (k = 0; k < src->nslot; k++)
		t[k].keys = strtab_new();
	for (c = 0; c < l->ncases; c++) {
		source_case(src, c);
		for (k = 0; k < src->nslot; k++) {
			struct vtab *v = &t[k];
			size_t nw = source_waits(src, k, buf);

			xgrow(&v->bucket, &v->cap, v->n + nw, sizeof *v->bucket);
			for (i = 0; i < nw; i++) {
				struct bkey key = wait_key(l, &buf[i]);

				v->bucket[v->n++] =
					strtab_intern(v->keys, (const char *)&key, sizeof key);
			}
		}
	}
	for (k = 0; k < src->nslot; k++) {
		struct vtab *v = &t[k];

		v->nb = strtab_count(v->keys);
		v->count = xcalloc(v->nb + 1, sizeof *v->count);
		for (i = 0; i < v->n; i++)
			v->count[v->bucket[i] + 1]++;
		for (i = 0; i < v->nb; i++)
			v->count[i + 1] += v->count[i];
		v->pos = xmalloc((v->nb + 1) * sizeof *v->pos);
		memcpy(v->pos, v->count, (v->nb + 1) * sizeof *v->pos);
		v->sorted = xmalloc((v->n ? v->n : 1) * sizeof *v->sorted);
		v->n = 0;
	}
	for (c = 0; c < l->ncases; c++) {
		source_case(src, c);
		for (k = 0; k < src->nslot; k++) {
			struct vtab *v = &t[k];
			size_t nw = source_waits(src, k, buf);

			for (i = 0; i < nw; i++)
				v->sorted[v->pos[v->bucket[v->n++]]++] = buf[i];
		}
	}
	free(buf);

	for (k = 0; k < src->nslot; k++) {
		struct vtab *v = &t[k];

		rows[k] = xcalloc(v->nb ? v->nb : 1, sizeof *rows[k]);
		for (i = 0; i < v->nb; i++) {
			key_row(v->keys, i, &rows[k][i]);
			waits_summarise(v->sorted + v->count[i], v->count[i + 1] - v->count[i],
					rows[k][i].norm >= 0, &src->spec[k], &rows[k][i].st);
		}
		sort_rows(l, rows[k], v->nb);
		nrows[k] = v->nb;
		free(v->sorted);
		free(v->count);
		free(v->pos);
		free(v->bucket);
		strtab_free(v->keys);
	}
	free(t);
}

/* The waits of one row as counts per whole number of days: done and censored waits per
 * value, which give the sorted waits and the Kaplan-Meier observations in order without
 * holding or sorting a wait each. */
struct counts {
	uint32_t (*c)[2];
	size_t cap;
	long waiting, dropped, over, n, done;
};

/* One table held as counts: its buckets and their counts. */
struct ctab {
	struct strtab *keys;
	struct counts *h;
	size_t cap, nb;
	int values; /* a wait not a whole number was met: the table is held as values */
};

/* Largest wait kept as counts: beyond some 11,000 years a date is surely a typo, and the
 * waits are held as values instead. */
#define MAX_COUNTED 4000000

/* Counts wait w in its bucket of t; returns 0, counting nothing, when it is not a whole
 * number of days after all. */
static int count_wait(const struct evlog *l, struct ctab *t, const struct wait *w)
{
	struct bkey key;
	struct counts *ct;
	uint32_t b;
	size_t v;

	if (!(w->w >= 0 && w->w <= MAX_COUNTED && w->w == (double)(size_t)w->w))
		return 0;
	key = wait_key(l, w);
	b = strtab_intern(t->keys, (const char *)&key, sizeof key);
	if (b >= t->nb) {
		xgrow(&t->h, &t->cap, b + 1, sizeof *t->h);
		memset(&t->h[t->nb], 0, (b + 1 - t->nb) * sizeof *t->h);
		t->nb = b + 1;
	}
	ct = &t->h[b];
	v = (size_t)w->w;
	if (v >= ct->cap) {
		size_t old = ct->cap;
		xgrow(&ct->c, &ct->cap, v + 1, sizeof *ct->c);
		memset(&ct->c[old], 0, (ct->cap - old) * sizeof *ct->c);
	}
	ct->c[v][w->status != W_DONE]++;
	ct->n++;
	ct->over += w->over;
	if (w->status == W_DONE)
		ct->done++;
	else if (w->status == W_WAITING)
		ct->waiting++;
	else
		ct->dropped++;
	return 1;
}

static void ctab_free(struct ctab *t)
{
	size_t b;

	for (b = 0; b < t->nb; b++)
		free(t->h[b].c);
	free(t->h);
	strtab_free(t->keys);
	t->h = NULL;
	t->keys = NULL;
	t->nb = 0;
}

/* The rows of the table t counted under spec s; frees what t holds. */
static struct waitrow *ctab_rows(const struct evlog *l, const struct waitspec *s, struct ctab *t,
				 size_t *nrows)
{
	struct waitrow *rows = xcalloc(t->nb ? t->nb : 1, sizeof *rows);
	struct km_run *run = NULL;
	size_t i, maxn = 0, runcap = 0;
	double *done;

	for (i = 0; i < t->nb; i++)
		if ((size_t)t->h[i].n > maxn)
			maxn = (size_t)t->h[i].n;
	done = xmalloc((maxn ? maxn : 1) * sizeof *done);
	for (i = 0; i < t->nb; i++) {
		const struct counts *h = &t->h[i];
		size_t v, nd = 0, no = 0, nruns = 0;
		uint32_t j;

		for (v = 0; v < h->cap; v++) {
			for (j = 0; j < h->c[v][0]; j++)
				done[nd++] = (double)v;
			no += h->c[v][0] + h->c[v][1];
			if (h->c[v][0] || h->c[v][1])
				nruns = stats_km_run_add(&run, &runcap, nruns, (double)v,
							 h->c[v][0], h->c[v][1]);
		}
		key_row(t->keys, i, &rows[i]);
		summarise(done, nd, run, nruns, no, h->waiting, h->dropped, h->over,
			  rows[i].norm >= 0, s, &rows[i].st);
	}
	free(done);
	free(run);
	*nrows = t->nb;
	ctab_free(t);
	sort_rows(l, rows, *nrows);
	return rows;
}

/* The tables of src as counts, each held as values instead (table_from_values, on its
 * own) when one of its waits is no whole number after all. */
static void table_from_counts(struct source *src, struct waitrow **rows, size_t *nrows)
{
	const struct evlog *l = src->l;
	struct ctab *t = xcalloc(src->nslot, sizeof *t);
	struct wait *buf = waits_buffer(l, src->spec);
	size_t c, i, k, nslot = src->nslot, ncases = l->ncases;

	for (k = 0; k < nslot; k++)
		t[k].keys = strtab_new();
	for (c = 0; c < ncases; c++) {
		source_case(src, c);
		for (k = 0; k < nslot; k++) {
			struct ctab *tk = &t[k];
			size_t nw;

			if (tk->values)
				continue;
			nw = source_waits(src, k, buf);
			for (i = 0; i < nw; i++)
				if (!count_wait(l, tk, &buf[i])) {
					ctab_free(tk);
					tk->values = 1;
					break;
				}
		}
	}
	free(buf);
	for (k = 0; k < src->nslot; k++) {
		if (t[k].values) {
			struct source one = { .l = l, .spec = &src->spec[k], .nslot = 1 };

			table_from_values(&one, &rows[k], &nrows[k]);
		} else {
			rows[k] = ctab_rows(l, &src->spec[k], &t[k], &nrows[k]);
		}
	}
	free(t);
}

/* The tables of src: waits between dates are whole days (or working days), and counting
 * them is exact and needs neither a copy of every wait nor a sort. */
static void tables(struct source *src, struct waitrow **rows, size_t *nrows)
{
	if (!src->l->has_time || src->spec->unit == UNIT_WORKDAYS)
		table_from_counts(src, rows, nrows);
	else
		table_from_values(src, rows, nrows);
}

void waits_sort_rows(const struct evlog *l, struct waitrow *rows, size_t n)
{
	sort_rows(l, rows, n);
}

static const char *stage_name(const struct model *m, unsigned s)
{
	return s == WAIT_OPEN ? "(open)" : m->stages[s].name;
}

/* A count, or nothing where --min-n blanked it. */
static void put_count(struct csvw *w, long v, unsigned blank)
{
	if (blank)
		csvw_empty(w);
	else
		csvw_int(w, v);
}

void waits_write_table(const struct evlog *l, const struct waitspec *s, const struct waitrow *rows,
		       size_t nrows, struct csvw *w)
{
	size_t i;
	char norm[64];

	evlog_write_by_names(l, w);
	csvw_names(w, "from,to,n,done,waiting,dropped,mean,sd,min,p25,median,p75,p90,max,"
		      "ci_low,ci_high,km_median,km_p90,norm,unit,over,pct_over,suppressed");
	for (i = 0; i < nrows; i++) {
		const struct waitstats *st = &rows[i].st;
		const double stat[] = { st->mean, st->sd,  st->min, st->p25,    st->median,
					st->p75,  st->p90, st->max, st->ci_low, st->ci_high };
		size_t j;

		evlog_write_group(l, rows[i].group, w);
		csvw_str(w, stage_name(l->m, rows[i].from));
		csvw_str(w, stage_name(l->m, rows[i].to));
		put_count(w, st->n, st->blank & WAITS_BLANK_N);
		put_count(w, st->done, st->blank & WAITS_BLANK_DONE);
		put_count(w, st->waiting, st->blank & WAITS_BLANK_WAITING);
		put_count(w, st->dropped, st->blank & WAITS_BLANK_DROPPED);
		for (j = 0; j < sizeof stat / sizeof *stat; j++)
			csvw_num(w, st->blank & WAITS_BLANK_STATS ? NAN : stat[j], 2);
		csvw_num(w, st->blank & WAITS_BLANK_KM ? NAN : st->km_median, 2);
		csvw_num(w, st->blank & WAITS_BLANK_KM ? NAN : st->km_p90, 2);
		waits_norm_text(l->m, rows[i].norm, norm, sizeof norm);
		csvw_str(w, norm);
		csvw_str(w, opt_unit_name(s->unit));
		if (!st->has_norm) {
			csvw_empty(w);
			csvw_empty(w);
		} else {
			put_count(w, st->over, st->blank & WAITS_BLANK_OVER);
			csvw_num(w, st->blank & WAITS_BLANK_PCT ? NAN : st->pct_over, 1);
		}
		csvw_int(w, st->suppressed);
		csvw_end(w);
	}
}

struct waitrow *waits_table(const struct evlog *l, const struct waitspec *s, size_t *nrows)
{
	struct source src = { .l = l, .spec = s, .nslot = 1 };
	struct waitrow *rows;

	tables(&src, &rows, nrows);
	return rows;
}

void waits_table_periods(const struct evlog *l, const struct waitspec *s, const struct period *p,
			 const kday *asof, size_t n, struct waitrow **rows, size_t *nrows)
{
	struct waitspec *spec;
	struct source src = { .l = l, .nslot = n, .shared = s->npairs > 0 };
	size_t k, np = s->npairs + 1;

	if (n == 0)
		return;
	spec = xmalloc(n * sizeof *spec);
	src.asof = asof[0];
	src.cal = cal_default();
	for (k = 0; k < n; k++) {
		spec[k] = *s;
		spec[k].period = &p[k];
		spec[k].asof = asof[k];
		spec[k].reversed = NULL;
		if (asof[k] > src.asof)
			src.asof = asof[k];
	}
	src.spec = spec;
	src.a = xmalloc(np * sizeof *src.a);
	src.b = xmalloc(np * sizeof *src.b);
	src.t = xmalloc(np * sizeof *src.t);
	src.norm = xmalloc(np * sizeof *src.norm);
	tables(&src, rows, nrows);
	free(src.a);
	free(src.b);
	free(src.t);
	free(src.norm);
	free(spec);
}
