/* simulate: the chain as a discrete-event model fitted to a log, what-if scenarios on it,
 * and their replications (keten-simulate(1); the model is explained in keten-simulate(7)). */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "simulate.h"

#include "date.h"
#include "diag.h"
#include "stats.h"
#include "strtab.h"
#include "suppress.h"
#include "waits.h"

#define DAY 86400.0

/* The column after of a route of the fitted model for the cases that entered the chain at
 * its stage (keten-simulate(7), "The fitted model"). */
#define HIST_ENTRY "-"

/* The weight, in moves, of the shares of a stage and urgency in the shares of a history
 * cell of theirs (keten-simulate(7), "Routing"). */
#define HIST_PRIOR 10.0

/* The instant of an event in seconds: the simulation's clock (event_time is in
 * milliseconds). */
static double ev_sec(const struct event *e)
{
	return (double)event_time(e) / 1000.0;
}

/* A growable list of doubles. */
struct dvec {
	double *v;
	size_t n, cap;
	double *cw; /* the delays of a move: their cumulative weights (fit_finish) */
	double mw;  /* and their mean weight */
};

static void dvec_push(struct dvec *d, double x)
{
	xgrow(&d->v, &d->cap, d->n + 1, sizeof *d->v);
	d->v[d->n++] = x;
}

/* The share of the cases entering at a stage that meet the conditions of the norms, as
 * counts per set of norm flags. */
struct flagcount {
	uint16_t flags;
	long n;
};

struct sim_fit {
	const struct model *m;
	size_t S;                 /* stages */
	size_t G;                 /* groups, in the order results list them */
	size_t nby;               /* group columns */
	char **by;                /* their names */
	char **gval;              /* the values of group g: gval[g * nby + j] */
	kday from, to;            /* the span of the fitted log */
	int has_time;             /* the log carried times of day */
	long *arr;                /* arrivals: arr[(g * S + s) * 12 + month] cases */
	struct flagcount **flags; /* per g * S + s: the norm flags of the entering cases */
	size_t *nflags;
	/* The routes by group and urgency: class u = g * 2 + 1 for the cases that meet the
	 * condition of a norm (urgent=1 in the built-in model), g * 2 for the others. */
	double *route; /* route[(u * S + a) * S + b]: moves seen from a to b */
	double *stop;  /* stop[u * S + a]: cases still in a after every move seen out of a */
	/* The same by the stage the case came to a from, h = that stage + 1, or 0 when it
	 * entered at a: hroute[((u * (S + 1) + h) * S + a) * S + b], hstop[(u * (S + 1) + h)
	 * * S + a].  A fit from a log has all its moves here; route and stop then hold
	 * nothing, and keep the rows of a fitted model without history (keten-simulate(7),
	 * "Routing"). */
	double *hroute, *hstop;
	struct dvec *delay; /* per (g * S + a) * S + b: the delays of those moves, seconds */
	/* The stays that the log ends in: per g * S + a, how long each had lasted at the end
	 * (seconds), and from fit_finish, per g * S + a, the weight of each of the stays of
	 * stop (keten-simulate(7), "Routing") and the longest move out of a seen. */
	struct dvec *cens;
	double *resid, *tlast;
	long *cap;    /* per stage: capacity, 0 for no queue */
	int *release; /* per stage: the stage whose reaching ends the hold of a queue */
};

static int month_of(kday d)
{
	int y, m, dd;

	date_to_ymd(d, &y, &m, &dd);
	return m - 1;
}

/* The last stage of the phase of q that a case can rest in: reaching it (or a stage of
 * another phase, or the end) ends the hold of q (keten-simulate(7), "Capacity"). */
static int release_of(const struct model *m, int q)
{
	int r = q;
	size_t i;

	for (i = 0; i < m->nstages; i++)
		if (!m->stages[i].terminal && m->stages[i].phase_idx == m->stages[q].phase_idx &&
		    m->stages[i].order > m->stages[r].order)
			r = (int)i;
	return r;
}

/* Whether reaching stage s ends a hold of queue stage q. */
static int ends_hold(const struct sim_fit *f, int q, int s)
{
	const struct stage *st = &f->m->stages[s];

	return s != q &&
	       (st->terminal || st->phase_idx != f->m->stages[q].phase_idx || s == f->release[q]);
}

/* The norm flags that make a case urgent: those of the norms with a condition. */
static uint16_t cond_mask(const struct model *m)
{
	uint16_t mask = 0;
	size_t k;

	for (k = 0; k < m->nnorms && k < 16; k++)
		if (m->norms[k].cond || (m->norms[k].where && *m->norms[k].where))
			mask |= (uint16_t)(1u << k);
	return mask;
}

static struct sim_fit *fit_new(const struct model *m, size_t G, size_t nby)
{
	struct sim_fit *f = xcalloc(1, sizeof *f);
	size_t S = m->nstages, s;

	f->m = m;
	f->S = S;
	f->G = G;
	f->nby = nby;
	f->by = xcalloc(nby ? nby : 1, sizeof *f->by);
	f->gval = xcalloc(G * nby + 1, sizeof *f->gval);
	f->arr = xcalloc(G * S * 12, sizeof *f->arr);
	f->flags = xcalloc(G * S, sizeof(struct flagcount *));
	f->nflags = xcalloc(G * S, sizeof *f->nflags);
	f->route = xcalloc(2 * G * S * S, sizeof *f->route);
	f->stop = xcalloc(2 * G * S, sizeof *f->stop);
	f->hroute = xcalloc(2 * G * (S + 1) * S * S, sizeof *f->hroute);
	f->hstop = xcalloc(2 * G * (S + 1) * S, sizeof *f->hstop);
	f->delay = xcalloc(G * S * S, sizeof *f->delay);
	f->cens = xcalloc(G * S, sizeof *f->cens);
	f->resid = xcalloc(G * S, sizeof *f->resid);
	f->tlast = xcalloc(G * S, sizeof *f->tlast);
	f->cap = xcalloc(S, sizeof *f->cap);
	f->release = xcalloc(S, sizeof *f->release);
	for (s = 0; s < S; s++)
		f->release[s] = release_of(m, (int)s);
	return f;
}

void sim_fit_free(struct sim_fit *f)
{
	size_t i;

	if (!f)
		return;
	for (i = 0; i < f->nby; i++)
		free(f->by[i]);
	for (i = 0; i < f->G * f->nby; i++)
		free(f->gval[i]);
	for (i = 0; i < f->G * f->S; i++)
		free(f->flags[i]);
	for (i = 0; i < f->G * f->S * f->S; i++) {
		free(f->delay[i].v);
		free(f->delay[i].cw);
	}
	for (i = 0; i < f->G * f->S; i++)
		free(f->cens[i].v);
	free(f->cens);
	free(f->resid);
	free(f->tlast);
	free(f->by);
	free(f->gval);
	free(f->arr);
	free(f->flags);
	free(f->nflags);
	free(f->route);
	free(f->stop);
	free(f->hroute);
	free(f->hstop);
	free(f->delay);
	free(f->cap);
	free(f->release);
	free(f);
}

long sim_fit_capacity(const struct sim_fit *f, int s)
{
	return f->cap[s];
}

static void add_flags(struct sim_fit *f, size_t gs, uint16_t flags, long n)
{
	size_t i;

	for (i = 0; i < f->nflags[gs]; i++)
		if (f->flags[gs][i].flags == flags) {
			f->flags[gs][i].n += n;
			return;
		}
	f->flags[gs] = xreallocarray(f->flags[gs], f->nflags[gs] + 1, sizeof **f->flags);
	f->flags[gs][f->nflags[gs]].flags = flags;
	f->flags[gs][f->nflags[gs]++].n = n;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* The queue stages of a model: the end stage of each norm, unless it is where the hold of
 * an earlier queue stage ends (keten-simulate(7), "Capacity"). */
static void default_queues(const struct sim_fit *f, uint8_t *queue)
{
	const struct model *m = f->m;
	size_t i, j;

	for (i = 0; i < m->nnorms; i++) {
		int to = m->norms[i].to, inner = 0;

		for (j = 0; j < m->nnorms; j++)
			if (queue[m->norms[j].to] && f->release[m->norms[j].to] == to)
				inner = 1;
		if (!inner && !m->stages[to].terminal)
			queue[to] = 1;
	}
}

/* One stay of a case in a queue stage: the time it started, the time it ended, and the
 * time the case reached its stage before (NAN: it entered at the queue stage). */
struct hold {
	double start, end, before;
	uint32_t g;
	int16_t prev;
	uint32_t seq;
};

static int cmp_hold(const void *a, const void *b)
{
	const struct hold *x = a, *y = b;

	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	return (x->seq > y->seq) - (x->seq < y->seq);
}

/* A time point of the sweep over the holds: +1 at a start, -1 at an end; ends first. */
struct tick {
	double t;
	int d;
};

static int cmp_tick(const void *a, const void *b)
{
	const struct tick *x = a, *y = b;

	if (x->t != y->t)
		return x->t < y->t ? -1 : 1;
	return x->d - y->d;
}

/* The capacity of queue stage q and the non-queue part of the delays into it.  The
 * capacity is the most holds of q the log has at once (or the one given).  A case that
 * became ready while every server was busy queued until the first moment one was free
 * (a release that another case took at once leaves no such moment); that part of its
 * wait is the queue's, and the rest is a delay (keten-simulate(7), "Capacity"). */
static void fit_queue(struct sim_fit *f, int q, const struct hold *h, size_t nh, long given)
{
	struct tick *t = xcalloc(2 * nh + 1, sizeof *t);
	double *fs = xcalloc(2 * nh + 1, sizeof *fs), *fe = xcalloc(2 * nh + 1, sizeof *fe);
	size_t i, nf = 0;
	long cur = 0, max = 0;

	for (i = 0; i < nh; i++) {
		t[2 * i].t = h[i].start;
		t[2 * i].d = 1;
		t[2 * i + 1].t = h[i].end;
		t[2 * i + 1].d = -1;
	}
	qsort(t, 2 * nh, sizeof *t, cmp_tick);
	for (i = 0; i < 2 * nh; i++) {
		cur += t[i].d;
		if (cur > max)
			max = cur;
	}
	f->cap[q] = given > 0 ? given : (max > 0 ? max : 1);
	/* The stretches of time in which every server was busy. */
	cur = 0;
	for (i = 0; i < 2 * nh; i++) {
		long was = cur;

		cur += t[i].d;
		if (was < f->cap[q] && cur >= f->cap[q]) {
			if (nf > 0 && fe[nf - 1] == t[i].t) {
				nf--; /* a release taken up at once: still full */
			} else {
				fs[nf] = t[i].t;
			}
			fe[nf] = HUGE_VAL;
			nf++;
		} else if (was >= f->cap[q] && cur < f->cap[q]) {
			fe[nf - 1] = t[i].t;
		}
	}
	free(t);
	for (i = 0; i < nh; i++) {
		double b = h[i].before, d = h[i].start - b, wait = 0;
		size_t lo = 0, hi = nf;

		if (h[i].prev < 0)
			continue;
		/* The last stretch that began at or before b. */
		while (lo < hi) {
			size_t mid = (lo + hi) / 2;

			if (fs[mid] <= b)
				lo = mid + 1;
			else
				hi = mid;
		}
		if (lo > 0 && fe[lo - 1] > b)
			wait = (fe[lo - 1] < h[i].start ? fe[lo - 1] : h[i].start) - b;
		dvec_push(&f->delay[(h[i].g * f->S + (size_t)h[i].prev) * f->S + (size_t)q],
			  d - wait);
	}
	free(fs);
	free(fe);
}

/* Sorts the delays and weighs them.  A log ends while some cases are still in a stage: a
 * move out of it that takes long is seen only for the cases that reached the stage early,
 * so long moves are seen less often than they are made.  The moves out of a stage a (of a
 * group) and the stays in a that the log ends in are a sample with right-censoring and
 * competing routes: each move that took d weighs N S(d-) / n(d), where N is the number of
 * stays, n(d) those that lasted at least d (moved at d or later, or still there after d)
 * and S the Kaplan-Meier survival of the stay; a stay the log ends in carries its weight
 * to the longer ones (Efron's redistribution to the right).  The weights are the
 * Aalen-Johansen estimate of the share of each route and of its delays, in the draw of a
 * delay and in the share of its route; what is left after the longest move seen, N
 * S(tlast), falls on the stays still there then, the stops (keten-simulate(7),
 * "Routing"). */
static void fit_finish(struct sim_fit *f)
{
	size_t S = f->S, gs, b, k;
	struct dvec t = { 0 };

	for (gs = 0; gs < f->G * S; gs++) {
		struct dvec *c = &f->cens[gs];
		double N, surv = 1, *w;
		size_t i, j, ci = 0, nw = 0;

		t.n = 0;
		for (b = 0; b < S; b++) {
			const struct dvec *d = &f->delay[gs * S + b];

			for (k = 0; k < d->n; k++)
				dvec_push(&t, d->v[k]);
		}
		if (c->n)
			qsort(c->v, c->n, sizeof *c->v, cmp_double);
		if (t.n)
			qsort(t.v, t.n, sizeof *t.v, cmp_double);
		N = (double)(t.n + c->n);
		/* The weight of each distinct delay, in place of the delays themselves. */
		w = xcalloc(t.n + 1, sizeof *w);
		f->tlast[gs] = -HUGE_VAL;
		for (i = 0; i < t.n; i = j) {
			double at_risk;

			for (j = i; j < t.n && t.v[j] == t.v[i]; j++)
				;
			/* A stay the log ends in at the time of a move is still at risk. */
			while (ci < c->n && c->v[ci] < t.v[i])
				ci++;
			at_risk = (double)(t.n - i + c->n - ci);
			t.v[nw] = t.v[i];
			w[nw++] = N * surv / at_risk;
			surv *= 1 - (double)(j - i) / at_risk;
			f->tlast[gs] = t.v[i];
		}
		while (ci < c->n && c->v[ci] < f->tlast[gs])
			ci++;
		f->resid[gs] = ci < c->n ? N * surv / (double)(c->n - ci) : 0;
		for (b = 0; b < S; b++) {
			struct dvec *d = &f->delay[gs * S + b];
			double acc = 0;

			if (!d->n)
				continue;
			qsort(d->v, d->n, sizeof *d->v, cmp_double);
			d->cw = xcalloc(d->n, sizeof *d->cw);
			for (k = 0; k < d->n; k++) {
				size_t lo = 0, hi = nw - 1;

				while (lo < hi) {
					size_t mid = (lo + hi) / 2;

					if (t.v[mid] < d->v[k])
						lo = mid + 1;
					else
						hi = mid;
				}
				acc += w[lo];
				d->cw[k] = acc;
			}
			d->mw = acc / (double)d->n;
		}
		free(w);
	}
	free(t.v);
}

struct sim_fit *sim_fit_log(const struct evlog *l, const struct sim_given *given, size_t ngiven)
{
	const struct model *m = l->m;
	size_t G = strtab_count(l->groups), S = m->nstages, c, i, q;
	uint32_t *rank = xcalloc(G ? G : 1, sizeof *rank);
	uint32_t *order = evlog_group_order(l, rank);
	struct sim_fit *f;
	uint8_t *queue = xcalloc(S, 1);
	long *gcap = xcalloc(S, sizeof *gcap);
	struct hold **holds = xcalloc(S, sizeof(struct hold *));
	size_t *nholds = xcalloc(S, sizeof *nholds), *capholds = xcalloc(S, sizeof *capholds);
	double hend;
	uint16_t cmask = cond_mask(m);
	struct stall {
		uint32_t g;
		uint16_t s, h;
		double t;
	} *stalls = NULL;
	size_t nstalls = 0, capstalls = 0;

	if (G == 0)
		G = 1;
	f = fit_new(m, G, l->nby);
	for (i = 0; i < l->nby; i++)
		f->by[i] = xstrdup(l->by[i]);
	for (i = 0; i < strtab_count(l->groups); i++) {
		const char *key = strtab_str(l->groups, order[i]);
		size_t j;

		for (j = 0; j < l->nby; j++) {
			const char *sep = strchr(key, EVLOG_SEP);
			size_t len = sep ? (size_t)(sep - key) : strlen(key);

			f->gval[i * l->nby + j] = xstrndup(key, len);
			key += len + (sep ? 1 : 0);
		}
	}
	free(order);
	f->from = l->minday;
	f->to = l->maxday;
	f->has_time = l->has_time;
	hend = ((double)f->to + 1) * DAY;

	default_queues(f, queue);
	for (i = 0; i < ngiven; i++) {
		queue[given[i].stage] = 1;
		gcap[given[i].stage] = given[i].cap;
	}

	for (c = 0; c < l->ncases; c++) {
		const struct event *e = &l->ev[l->start[c]];
		size_t ne = l->start[c + 1] - l->start[c];
		uint32_t g = rank[e[0].group];
		uint16_t flags = 0;
		int hold = -1;
		struct hold cur = { 0 };
		size_t u, hist = 0;
		double since = 0, before = NAN;

		for (i = 0; i < ne; i++)
			flags |= e[i].flags;
		u = (size_t)g * 2 + ((flags & cmask) != 0);
		f->arr[((size_t)g * S + e[0].stage) * 12 + (size_t)month_of(e[0].day)]++;
		add_flags(f, (size_t)g * S + e[0].stage, flags, 1);
		for (i = 0; i < ne; i++) {
			int s = e[i].stage;
			double t = ev_sec(&e[i]);

			/* Events in a row at one stage are one stay, from the first of them: the
			 * simulation reaches a stage once a stay. */
			if (i == 0 || e[i - 1].stage != s) {
				before = since;
				since = t;
				hist = i == 0 ? 0 : (size_t)e[i - 1].stage + 1;
			}
			if (hold >= 0 && ends_hold(f, hold, s)) {
				cur.end = t;
				xgrow(&holds[hold], &capholds[hold], nholds[hold] + 1,
				      sizeof **holds);
				holds[hold][nholds[hold]++] = cur;
				hold = -1;
			}
			if (queue[s] && hold != s && !m->stages[s].terminal) {
				if (hold >= 0) {
					cur.end = t;
					xgrow(&holds[hold], &capholds[hold], nholds[hold] + 1,
					      sizeof **holds);
					holds[hold][nholds[hold]++] = cur;
				}
				hold = s;
				cur.start = t;
				cur.g = g;
				cur.prev = -1;
				if (i > 0)
					cur.prev = (int16_t)e[i - 1].stage;
				cur.before = i > 0 ? before : NAN;
				cur.seq = (uint32_t)(l->start[c] + i);
			}
			if (i + 1 < ne && e[i + 1].stage != s) {
				size_t k = ((size_t)g * S + (size_t)s) * S + e[i + 1].stage;

				f->hroute[((u * (S + 1) + hist) * S + (size_t)s) * S +
					  e[i + 1].stage] += 1;
				/* The delay into a queue stage is split by fit_queue. */
				if (!(queue[e[i + 1].stage] && hold != e[i + 1].stage &&
				      !m->stages[e[i + 1].stage].terminal))
					dvec_push(&f->delay[k], ev_sec(&e[i + 1]) - since);
			}
		}
		if (!m->stages[e[ne - 1].stage].terminal) {
			xgrow(&stalls, &capstalls, nstalls + 1, sizeof *stalls);
			stalls[nstalls].g = (uint32_t)u;
			stalls[nstalls].s = e[ne - 1].stage;
			stalls[nstalls].h = (uint16_t)hist;
			stalls[nstalls++].t = since;
			dvec_push(&f->cens[(size_t)g * S + e[ne - 1].stage], hend - since);
		}
		if (hold >= 0) {
			/* A case that ends inside a hold is counted up to its last event: an
			 * open case may have stopped long before the log ends. */
			cur.end = ev_sec(&e[ne - 1]);
			xgrow(&holds[hold], &capholds[hold], nholds[hold] + 1, sizeof **holds);
			holds[hold][nholds[hold]++] = cur;
		}
	}
	for (q = 0; q < S; q++) {
		if (!queue[q])
			continue;
		if (nholds[q])
			qsort(holds[q], nholds[q], sizeof **holds, cmp_hold);
		fit_queue(f, (int)q, holds[q], nholds[q], gcap[q]);
		free(holds[q]);
	}
	fit_finish(f);
	/* A case whose last stage is not terminal and that had stayed there longer than any
	 * move out of the stage was seen to take has stopped there; the others may still be
	 * on their way (fit_finish; keten-simulate(7), "Routing"). */
	for (i = 0; i < nstalls; i++) {
		size_t gs = (size_t)(stalls[i].g / 2) * S + stalls[i].s;

		if (hend - stalls[i].t >= f->tlast[gs])
			f->hstop[((size_t)stalls[i].g * (S + 1) + stalls[i].h) * S + stalls[i].s] +=
				1;
	}
	free(stalls);
	free(holds);
	free(nholds);
	free(capholds);
	free(queue);
	free(gcap);
	free(rank);
	return f;
}

/* The fitted model as rows record,BY...,after,stage,to,key,value (keten-simulate(7)). */
static void put_row_after(struct csvw *w, const struct sim_fit *f, const char *record, long g,
			  const char *after, const char *stage, const char *to)
{
	size_t j;

	csvw_str(w, record);
	for (j = 0; j < f->nby; j++) {
		if (g >= 0)
			csvw_str(w, f->gval[(size_t)g * f->nby + j]);
		else
			csvw_empty(w);
	}
	csvw_str(w, after ? after : "");
	csvw_str(w, stage ? stage : "");
	csvw_str(w, to ? to : "");
}

static void put_row(struct csvw *w, const struct sim_fit *f, const char *record, long g,
		    const char *stage, const char *to)
{
	put_row_after(w, f, record, g, NULL, stage, to);
}

/* The route rows of group g, stage a and urgency u: the moves out of a (to b) and the
 * stops in a (to empty) of r and st, with after as the column after says. */
static void put_routes(struct csvw *w, const struct sim_fit *f, size_t g, size_t a, size_t u,
		       const char *after, const double *r, double st)
{
	const struct model *m = f->m;
	size_t b;

	if (st > 0) {
		put_row_after(w, f, "route", (long)g, after, m->stages[a].name, NULL);
		csvw_int(w, (long long)(u % 2));
		csvw_num(w, st, 0);
		csvw_end(w);
	}
	for (b = 0; b < f->S; b++) {
		if (r[b] <= 0)
			continue;
		put_row_after(w, f, "route", (long)g, after, m->stages[a].name, m->stages[b].name);
		csvw_int(w, (long long)(u % 2));
		csvw_num(w, r[b], 0);
		csvw_end(w);
	}
}

void sim_fit_write(const struct sim_fit *f, struct csvw *w)
{
	const struct model *m = f->m;
	size_t g, a, b, k, S = f->S;
	char buf[32];

	csvw_str(w, "record");
	for (k = 0; k < f->nby; k++)
		csvw_str(w, f->by[k]);
	csvw_names(w, "after,stage,to,key,value");
	put_row(w, f, "span", -1, NULL, NULL);
	date_format(f->from, buf);
	csvw_str(w, "from");
	csvw_str(w, buf);
	csvw_end(w);
	put_row(w, f, "span", -1, NULL, NULL);
	date_format(f->to, buf);
	csvw_str(w, "to");
	csvw_str(w, buf);
	csvw_end(w);
	put_row(w, f, "span", -1, NULL, NULL);
	csvw_str(w, "times");
	csvw_int(w, f->has_time);
	csvw_end(w);
	for (a = 0; a < S; a++) {
		if (!f->cap[a])
			continue;
		put_row(w, f, "capacity", -1, m->stages[a].name, m->stages[f->release[a]].name);
		csvw_empty(w);
		csvw_int(w, f->cap[a]);
		csvw_end(w);
	}
	for (g = 0; g < f->G; g++) {
		for (a = 0; a < S; a++) {
			for (k = 0; k < 12; k++) {
				if (!f->arr[(g * S + a) * 12 + k])
					continue;
				put_row(w, f, "arrivals", (long)g, m->stages[a].name, NULL);
				csvw_int(w, (long long)k + 1);
				csvw_int(w, f->arr[(g * S + a) * 12 + k]);
				csvw_end(w);
			}
			for (k = 0; k < f->nflags[g * S + a]; k++) {
				put_row(w, f, "flags", (long)g, m->stages[a].name, NULL);
				csvw_int(w, f->flags[g * S + a][k].flags);
				csvw_int(w, f->flags[g * S + a][k].n);
				csvw_end(w);
			}
		}
		for (a = 0; a < S; a++) {
			size_t u;

			for (u = g * 2; u < g * 2 + 2; u++) {
				size_t h;

				put_routes(w, f, g, a, u, NULL, &f->route[(u * S + a) * S],
					   f->stop[u * S + a]);
				for (h = 0; h <= S; h++)
					put_routes(w, f, g, a, u,
						   h ? m->stages[h - 1].name : HIST_ENTRY,
						   &f->hroute[((u * (S + 1) + h) * S + a) * S],
						   f->hstop[(u * (S + 1) + h) * S + a]);
			}
			for (k = 0; k < f->cens[g * S + a].n;) {
				const struct dvec *c = &f->cens[g * S + a];
				size_t e = k;

				while (e < c->n && c->v[e] == c->v[k])
					e++;
				put_row(w, f, "censored", (long)g, m->stages[a].name, NULL);
				csvw_num(w, c->v[k] / DAY, f->has_time ? 6 : 0);
				csvw_int(w, (long long)(e - k));
				csvw_end(w);
				k = e;
			}
			for (b = 0; b < S; b++) {
				size_t i = (g * S + a) * S + b;
				const struct dvec *d = &f->delay[i];

				for (k = 0; k < d->n;) {
					size_t e = k;

					while (e < d->n && d->v[e] == d->v[k])
						e++;
					put_row(w, f, "delay", (long)g, m->stages[a].name,
						m->stages[b].name);
					csvw_num(w, d->v[k] / DAY, f->has_time ? 6 : 0);
					csvw_int(w, (long long)(e - k));
					csvw_end(w);
					k = e;
				}
			}
		}
	}
}

/* A field of a fitted-model row as a number in [lo, hi], or an error naming its place. */
static double fit_num(struct csvr *r, const struct csv_row *row, int col, const char *name,
		      double lo, double hi)
{
	char buf[64], *end;
	double v;

	if (row->len[col] == 0 || row->len[col] >= sizeof buf)
		die_at(csvr_name(r), row->line, "column '%s': not a number: '%.*s'", name,
		       (int)row->len[col], row->f[col]);
	memcpy(buf, row->f[col], row->len[col]);
	buf[row->len[col]] = '\0';
	v = strtod(buf, &end);
	if (*end || !(v >= lo && v <= hi))
		die_at(csvr_name(r), row->line, "column '%s': not a number in %g..%g: '%s'", name,
		       lo, hi, buf);
	return v;
}

static int fit_stage(struct csvr *r, const struct csv_row *row, int col, const char *name,
		     const struct model *m)
{
	int s = model_stage(m, row->f[col], row->len[col]);

	if (s < 0)
		die_at(csvr_name(r), row->line, "column '%s': not a stage of the %s model: '%.*s'",
		       name, m->name, (int)row->len[col], row->f[col]);
	return s;
}

struct sim_fit *sim_fit_read(struct csvr *r, const struct model *m, const struct sim_given *given,
			     size_t ngiven)
{
	const struct csv_row *h = csvr_header(r), *row;
	int crec = csvr_need(r, "record"), cst = csvr_need(r, "stage"), cto = csvr_need(r, "to");
	int ckey = csvr_need(r, "key"), cval = csvr_need(r, "value");
	int caft = csvr_col(r, "after"); /* a fitted model without history has none */
	int *bycol = xcalloc(h->n + 1, sizeof *bycol);
	size_t nby = 0, i, G, g;
	struct strtab *groups = strtab_new();
	struct sim_fit *f;
	uint32_t *rank, *ids = NULL;
	char *key = NULL;
	size_t nrows = 0, rcap = 0;
	struct rowcopy {
		char **f;
		size_t *len;
		long line;
	} *rows = NULL;
	int have_from = 0, have_to = 0;

	if (model_learning(m))
		usage_error(
			"a fitted model needs a model with its stages (-M FILE or the built-in one), not -M infer");
	for (i = 0; i < h->n; i++)
		if ((int)i != crec && (int)i != cst && (int)i != cto && (int)i != ckey &&
		    (int)i != cval && (int)i != caft)
			bycol[nby++] = (int)i;
	/* The rows are kept, so that the groups are known (and ordered) before the tables
	 * that they index are made. */
	while ((row = csvr_next(r))) {
		size_t len = 0, j;

		if (row->n != h->n)
			die_at(csvr_name(r), row->line, "%zu fields where the header has %zu",
			       row->n, h->n);
		xgrow(&rows, &rcap, nrows + 1, sizeof *rows);
		rows[nrows].f = xcalloc(row->n, sizeof(char *));
		rows[nrows].len = xcalloc(row->n, sizeof(size_t));
		rows[nrows].line = row->line;
		for (j = 0; j < row->n; j++) {
			rows[nrows].f[j] = xstrndup(row->f[j], row->len[j]);
			rows[nrows].len[j] = row->len[j];
		}
		for (j = 0; j < nby; j++)
			len += row->len[bycol[j]] + 1;
		key = xrealloc(key, len + 1);
		len = 0;
		for (j = 0; j < nby; j++) {
			if (j)
				key[len++] = EVLOG_SEP;
			memcpy(key + len, row->f[bycol[j]], row->len[bycol[j]]);
			len += row->len[bycol[j]];
		}
		ids = xreallocarray(ids, nrows + 1, sizeof *ids);
		ids[nrows] = UINT32_MAX;
		if (!(row->len[crec] == 4 && memcmp(row->f[crec], "span", 4) == 0) &&
		    !(row->len[crec] == 8 && memcmp(row->f[crec], "capacity", 8) == 0))
			ids[nrows] = strtab_intern(groups, key, len);
		nrows++;
	}
	free(key);
	strtab_seal(groups);
	G = strtab_count(groups);
	rank = xcalloc(G + 1, sizeof *rank);
	free(strtab_order(groups, rank));
	f = fit_new(m, G ? G : 1, nby);
	for (i = 0; i < nby; i++)
		f->by[i] = xstrdup(h->f[bycol[i]]);
	for (i = 0; i < nrows; i++) {
		struct rowcopy *rc = &rows[i];
		const char *rec = rc->f[crec];
		struct csv_row cr = { .n = h->n, .f = rc->f, .len = rc->len, .line = rc->line };
		size_t j;

		g = ids[i] == UINT32_MAX ? 0 : rank[ids[i]];
		if (ids[i] != UINT32_MAX && nby && !f->gval[g * nby])
			for (j = 0; j < nby; j++)
				f->gval[g * nby + j] = xstrdup(rc->f[bycol[j]]);
		if (strcmp(rec, "span") == 0) {
			kday d;
			int sec;

			if (strcmp(rc->f[ckey], "times") == 0) {
				f->has_time = fit_num(r, &cr, cval, "value", 0, 1) > 0;
				continue;
			}
			if (date_parse_iso(rc->f[cval], rc->len[cval], &d, &sec) != 0 || sec >= 0)
				die_at(csvr_name(r), rc->line, "column 'value': not a date: '%s'",
				       rc->f[cval]);
			if (strcmp(rc->f[ckey], "from") == 0) {
				f->from = d;
				have_from = 1;
			} else if (strcmp(rc->f[ckey], "to") == 0) {
				f->to = d;
				have_to = 1;
			} else {
				die_at(csvr_name(r), rc->line,
				       "column 'key': not from, to or times: '%s'", rc->f[ckey]);
			}
		} else if (strcmp(rec, "capacity") == 0) {
			int s = fit_stage(r, &cr, cst, "stage", m);

			f->cap[s] = (long)fit_num(r, &cr, cval, "value", 1, 1e9);
		} else if (strcmp(rec, "arrivals") == 0) {
			int s = fit_stage(r, &cr, cst, "stage", m);
			int mo = (int)fit_num(r, &cr, ckey, "key", 1, 12);

			f->arr[(g * f->S + (size_t)s) * 12 + (size_t)mo - 1] +=
				(long)fit_num(r, &cr, cval, "value", 0, 1e12);
		} else if (strcmp(rec, "flags") == 0) {
			int s = fit_stage(r, &cr, cst, "stage", m);

			add_flags(f, g * f->S + (size_t)s,
				  (uint16_t)fit_num(r, &cr, ckey, "key", 0, 65535),
				  (long)fit_num(r, &cr, cval, "value", 0, 1e12));
		} else if (strcmp(rec, "route") == 0) {
			int a = fit_stage(r, &cr, cst, "stage", m);
			size_t u = g * 2 +
				   (rc->len[ckey] ? (size_t)fit_num(r, &cr, ckey, "key", 0, 1) : 0);
			double *rt = &f->route[(u * f->S + (size_t)a) * f->S];
			double *st = &f->stop[u * f->S + (size_t)a];

			if (caft >= 0 && rc->len[caft] > 0) {
				size_t hi = 0;

				if (strcmp(rc->f[caft], HIST_ENTRY) != 0)
					hi = (size_t)fit_stage(r, &cr, caft, "after", m) + 1;
				rt = &f->hroute[((u * (f->S + 1) + hi) * f->S + (size_t)a) * f->S];
				st = &f->hstop[(u * (f->S + 1) + hi) * f->S + (size_t)a];
			}
			if (rc->len[cto] == 0) {
				*st += fit_num(r, &cr, cval, "value", 0, 1e12);
			} else {
				int b = fit_stage(r, &cr, cto, "to", m);

				rt[b] += fit_num(r, &cr, cval, "value", 0, 1e12);
			}
		} else if (strcmp(rec, "censored") == 0) {
			int a = fit_stage(r, &cr, cst, "stage", m);
			double d = fit_num(r, &cr, ckey, "key", 0, 1e6) * DAY;
			long n = (long)fit_num(r, &cr, cval, "value", 1, 1e9), k;

			for (k = 0; k < n; k++)
				dvec_push(&f->cens[g * f->S + (size_t)a], d);
		} else if (strcmp(rec, "delay") == 0) {
			int a = fit_stage(r, &cr, cst, "stage", m),
			    b = fit_stage(r, &cr, cto, "to", m);
			double d = fit_num(r, &cr, ckey, "key", 0, 1e6) * DAY;
			long n = (long)fit_num(r, &cr, cval, "value", 1, 1e9), k;

			for (k = 0; k < n; k++)
				dvec_push(&f->delay[(g * f->S + (size_t)a) * f->S + (size_t)b], d);
		} else {
			die_at(csvr_name(r), rc->line,
			       "column 'record': not span, capacity, arrivals, flags, route, censored or delay: '%s'",
			       rec);
		}
	}
	if (!have_from || !have_to || f->to < f->from)
		die("%s: no span from and to, or to before from", csvr_name(r));
	for (i = 0; i < ngiven; i++)
		f->cap[given[i].stage] = given[i].cap;
	if (G == 0 && nby)
		for (i = 0; i < nby; i++)
			f->gval[i] = xstrdup("");
	for (i = 0; i < nrows; i++) {
		size_t j;

		for (j = 0; j < h->n; j++)
			free(rows[i].f[j]);
		free(rows[i].f);
		free(rows[i].len);
	}
	free(rows);
	free(ids);
	free(rank);
	free(bycol);
	strtab_free(groups);
	fit_finish(f);
	return f;
}

/* Scenarios. */

enum ch_kind { CH_CAPACITY, CH_ARRIVALS, CH_ROUTE, CH_DELAY, CH_NORM, CH_SKIP };

struct sim_change {
	enum ch_kind kind;
	int a, b;  /* stages; a = -1 for arrivals at every entry stage */
	char op;   /* capacity: '+', 'x' or '=' */
	double v;  /* the number */
	int limit; /* norm */
	int workdays;
};

struct sim_scenario {
	char *name;
	struct sim_change *ch;
	size_t n, cap;
};

struct sim_scenario *sim_scenario_new(const char *name)
{
	struct sim_scenario *s = xcalloc(1, sizeof *s);

	s->name = xstrdup(name);
	return s;
}

const char *sim_scenario_name(const struct sim_scenario *s)
{
	return s->name;
}

void sim_scenario_free(struct sim_scenario *s)
{
	if (!s)
		return;
	free(s->name);
	free(s->ch);
	free(s);
}

static char errbuf[512];

/* A factor xF (F > 0). */
static int parse_factor(const char *w, double *v)
{
	char *end;

	if (w[0] != 'x' && w[0] != '*')
		return -1;
	*v = strtod(w + 1, &end);
	return (w[1] && !*end && *v >= 0 && *v < 1e6) ? 0 : -1;
}

static int parse_stage(const struct model *m, const char *w, int *s)
{
	*s = model_stage(m, w, strlen(w));
	if (*s < 0) {
		snprintf(errbuf, sizeof errbuf, "not a stage of the %s model: '%s'", m->name, w);
		return -1;
	}
	return 0;
}

const char *sim_scenario_add(struct sim_scenario *s, const struct model *m, const char *text)
{
	char buf[512], *w[8], *p, *end;
	int n = 0;
	struct sim_change c = { 0 };

	if (strlen(text) >= sizeof buf) {
		snprintf(errbuf, sizeof errbuf, "a change of more than %zu bytes", sizeof buf - 1);
		return errbuf;
	}
	strcpy(buf, text);
	for (p = strtok(buf, " \t"); p && n < 8; p = strtok(NULL, " \t"))
		w[n++] = p;
	if (n == 0) {
		snprintf(errbuf, sizeof errbuf, "an empty change");
		return errbuf;
	}
#define WANT(k, form)                                                                              \
	do {                                                                                       \
		if (n != (k)) {                                                                    \
			snprintf(errbuf, sizeof errbuf, "not of the form '%s': '%s'", form, text); \
			return errbuf;                                                             \
		}                                                                                  \
	} while (0)
	if (strcmp(w[0], "capacity") == 0) {
		WANT(3, "capacity STAGE +N|xF|=N");
		c.kind = CH_CAPACITY;
		if (parse_stage(m, w[1], &c.a))
			return errbuf;
		c.op = w[2][0];
		if (c.op == '*')
			c.op = 'x';
		c.v = strtod(w[2] + 1, &end);
		if (!strchr("+x=", c.op) || !w[2][1] || *end || !(c.v >= 0 && c.v < 1e6) ||
		    (c.op != 'x' && c.v != floor(c.v))) {
			snprintf(errbuf, sizeof errbuf, "not +N, xF or =N: '%s'", w[2]);
			return errbuf;
		}
	} else if (strcmp(w[0], "arrivals") == 0) {
		if (n != 2 && n != 3)
			WANT(3, "arrivals [STAGE] xF");
		c.kind = CH_ARRIVALS;
		c.a = -1;
		if (n == 3 && parse_stage(m, w[1], &c.a))
			return errbuf;
		if (parse_factor(w[n - 1], &c.v)) {
			snprintf(errbuf, sizeof errbuf, "not a factor xF: '%s'", w[n - 1]);
			return errbuf;
		}
	} else if (strcmp(w[0], "route") == 0) {
		size_t len;

		WANT(4, "route A B P");
		c.kind = CH_ROUTE;
		if (parse_stage(m, w[1], &c.a) || parse_stage(m, w[2], &c.b))
			return errbuf;
		len = strlen(w[3]);
		c.v = strtod(w[3], &end);
		if (len && w[3][len - 1] == '%' && end == w[3] + len - 1)
			c.v /= 100;
		else if (*end)
			c.v = -1;
		if (!(c.v >= 0 && c.v <= 1) || end == w[3]) {
			snprintf(errbuf, sizeof errbuf,
				 "not a share from 0 to 1 (or 0%% to 100%%): '%s'", w[3]);
			return errbuf;
		}
	} else if (strcmp(w[0], "delay") == 0) {
		WANT(4, "delay A B xF");
		c.kind = CH_DELAY;
		if (parse_stage(m, w[1], &c.a) || parse_stage(m, w[2], &c.b))
			return errbuf;
		if (parse_factor(w[3], &c.v)) {
			snprintf(errbuf, sizeof errbuf, "not a factor xF: '%s'", w[3]);
			return errbuf;
		}
	} else if (strcmp(w[0], "norm") == 0) {
		long v;

		WANT(5, "norm A B LIMIT days|workdays");
		c.kind = CH_NORM;
		if (parse_stage(m, w[1], &c.a) || parse_stage(m, w[2], &c.b))
			return errbuf;
		v = strtol(w[3], &end, 10);
		if (*end || end == w[3] || v < 0 || v > 100000) {
			snprintf(errbuf, sizeof errbuf, "not a limit in whole days: '%s'", w[3]);
			return errbuf;
		}
		c.limit = (int)v;
		if (strcmp(w[4], "days") == 0)
			c.workdays = 0;
		else if (strcmp(w[4], "workdays") == 0)
			c.workdays = 1;
		else {
			snprintf(errbuf, sizeof errbuf, "not days or workdays: '%s'", w[4]);
			return errbuf;
		}
	} else if (strcmp(w[0], "skip") == 0) {
		WANT(2, "skip STAGE");
		c.kind = CH_SKIP;
		if (parse_stage(m, w[1], &c.a))
			return errbuf;
		if (m->stages[c.a].terminal) {
			snprintf(errbuf, sizeof errbuf, "a terminal stage cannot be skipped: '%s'",
				 w[1]);
			return errbuf;
		}
	} else {
		snprintf(errbuf, sizeof errbuf,
			 "not a change (capacity, arrivals, route, delay, norm, skip): '%s'", w[0]);
		return errbuf;
	}
#undef WANT
	if ((c.kind == CH_ROUTE || c.kind == CH_DELAY || c.kind == CH_NORM) && c.a == c.b) {
		snprintf(errbuf, sizeof errbuf, "the two stages are the same: '%s'", text);
		return errbuf;
	}
	xgrow(&s->ch, &s->cap, s->n + 1, sizeof *s->ch);
	s->ch[s->n++] = c;
	return NULL;
}

struct sim_scenario **sim_scenarios_read(struct csvr *r, const struct model *m, size_t *n)
{
	int cs = csvr_need(r, "scenario"), cc = csvr_need(r, "change");
	struct sim_scenario **v = NULL;
	const struct csv_row *row;
	size_t cap = 0, i;

	*n = 0;
	while ((row = csvr_next(r))) {
		char *name, *text;
		const char *err;

		if ((size_t)cs >= row->n || (size_t)cc >= row->n)
			die_at(csvr_name(r), row->line, "fewer fields than the header");
		name = xstrndup(row->f[cs], row->len[cs]);
		text = xstrndup(row->f[cc], row->len[cc]);
		if (!*name || strcmp(name, "baseline") == 0)
			die_at(csvr_name(r), row->line,
			       "column 'scenario': not a name for a scenario: '%s'", name);
		for (i = 0; i < *n; i++)
			if (strcmp(v[i]->name, name) == 0)
				break;
		if (i == *n) {
			xgrow(&v, &cap, *n + 1, sizeof(struct sim_scenario *));
			v[(*n)++] = sim_scenario_new(name);
		}
		/* An empty change leaves the scenario as it is: a null scenario. */
		if (*text && (err = sim_scenario_add(v[i], m, text)))
			die_at(csvr_name(r), row->line, "column 'change': %s", err);
		free(name);
		free(text);
	}
	return v;
}

/* The parameters of one scenario, after its changes. */
struct params {
	long *cap;      /* per stage */
	double *arrf;   /* per stage: the factor on the arrivals there */
	double *route;  /* per g, a: the cumulative shares of the moves to b, S each */
	double *delayf; /* per a * S + b */
	uint8_t *skip;  /* per stage */
	int *limit;     /* per pair row: the limit of its norm without condition, -1 none */
	int *workdays;
};

/* The rows of the output: the normed pairs (of the model and of every scenario) and the
 * phases of the klantreis that hold a stage. */
struct rows {
	size_t np, nph;
	int *from, *to;
	int *phase;
};

enum { ST_N, ST_MEAN, ST_MEDIAN, ST_P90, ST_WITHIN, ST_DROPPED, NSTAT };
static const char *const stat_name[NSTAT] = {
	"n", "mean", "median", "p90", "pct_within", "dropped"
};

struct sim_result {
	const struct sim_fit *f;
	struct sim_opts o;
	size_t nsc; /* scenarios, the baseline first */
	char **name;
	struct rows rows;
	size_t nrow;    /* rows.np + rows.nph */
	double *val;    /* [sc][rep][g][row][stat] */
	double *little; /* baseline: [rep][stage][3]: L, lambda, W */
	kday h0, h1;    /* the horizon */
};

static void params_build(const struct sim_fit *f, const struct rows *rows,
			 const struct sim_scenario *sc, struct params *p)
{
	const struct model *m = f->m;
	size_t S = f->S, g, a, b, i;
	double *mr;

	p->cap = xcalloc(S, sizeof *p->cap);
	p->arrf = xcalloc(S, sizeof *p->arrf);
	p->route = xcalloc(2 * f->G * (S + 1) * S * S, sizeof *p->route);
	p->delayf = xcalloc(S * S, sizeof *p->delayf);
	p->skip = xcalloc(S, 1);
	p->limit = xcalloc(rows->np + 1, sizeof *p->limit);
	p->workdays = xcalloc(rows->np + 1, sizeof *p->workdays);
	for (a = 0; a < S; a++) {
		p->cap[a] = f->cap[a];
		p->arrf[a] = 1;
		for (b = 0; b < S; b++)
			p->delayf[a * S + b] = 1;
	}
	/* The moves seen as shares of each stage's moves, by the stage the case came from
	 * (keten-simulate(7), "Routing"): the moves of a history cell weigh as they are, and
	 * the shares of the stage and urgency as HIST_PRIOR moves more, so that a cell of
	 * few moves goes mostly as its stage does.  What a change leaves short of 1 ends
	 * the case there.  Urgent cases of a stage that no urgent case of the group left in
	 * the log go as the others do. */
	mr = xcalloc(S, sizeof *mr);
	for (g = 0; g < 2 * f->G; g++)
		for (a = 0; a < S; a++) {
			const struct dvec *d = &f->delay[(g / 2 * S + a) * S];
			double res = f->resid[g / 2 * S + a];
			size_t u = g, h;

			for (;;) {
				double sum = f->stop[u * S + a];

				for (b = 0; b < S; b++)
					mr[b] = f->route[(u * S + a) * S + b];
				for (h = 0; h <= S; h++) {
					sum += f->hstop[(u * (S + 1) + h) * S + a];
					for (b = 0; b < S; b++)
						mr[b] += f->hroute[((u * (S + 1) + h) * S + a) * S +
								   b];
				}
				for (b = 0; b < S; b++)
					sum += mr[b];
				if (sum > 0 || u % 2 == 0)
					break;
				u--;
			}
			/* The shares of the stage and urgency. */
			{
				double sum = f->stop[u * S + a] * res;

				for (h = 0; h <= S; h++)
					sum += f->hstop[(u * (S + 1) + h) * S + a] * res;
				for (b = 0; b < S; b++) {
					mr[b] *= d[b].n ? d[b].mw : 1;
					sum += mr[b];
				}
				for (b = 0; b < S; b++)
					mr[b] = sum > 0 ? mr[b] / sum : 0;
			}
			for (h = 0; h <= S; h++) {
				const double *hr = &f->hroute[((u * (S + 1) + h) * S + a) * S];
				double *out = &p->route[((g * (S + 1) + h) * S + a) * S];
				double n = f->hstop[(u * (S + 1) + h) * S + a] * res;

				for (b = 0; b < S; b++)
					n += hr[b] * (d[b].n ? d[b].mw : 1);
				for (b = 0; b < S; b++)
					out[b] = (hr[b] * (d[b].n ? d[b].mw : 1) +
						  HIST_PRIOR * mr[b]) /
						 (n + HIST_PRIOR);
			}
		}
	free(mr);
	for (i = 0; i < rows->np; i++) {
		size_t k;

		p->limit[i] = -1;
		for (k = 0; k < m->nnorms; k++)
			if (m->norms[k].from == rows->from[i] && m->norms[k].to == rows->to[i] &&
			    !m->norms[k].cond && p->limit[i] < 0) {
				p->limit[i] = m->norms[k].limit;
				p->workdays[i] = m->norms[k].workdays;
			}
	}
	for (i = 0; sc && i < sc->n; i++) {
		const struct sim_change *c = &sc->ch[i];

		switch (c->kind) {
		case CH_CAPACITY:
			if (c->op == '=')
				p->cap[c->a] = (long)c->v;
			else if (c->op == '+')
				p->cap[c->a] += (long)c->v;
			else
				p->cap[c->a] = lround((double)p->cap[c->a] * c->v);
			if (p->cap[c->a] < 1)
				p->cap[c->a] = 1;
			break;
		case CH_ARRIVALS:
			for (a = 0; a < S; a++)
				if (c->a < 0 || (size_t)c->a == a)
					p->arrf[a] *= c->v;
			break;
		case CH_ROUTE:
			/* The share is set in every history cell of A alike. */
			for (g = 0; g < 2 * f->G * (S + 1); g++) {
				double *r = &p->route[(g * S + (size_t)c->a) * S], sum = 0;

				for (b = 0; b < S; b++)
					if ((int)b != c->b)
						sum += r[b];
				for (b = 0; b < S; b++)
					if ((int)b != c->b)
						r[b] = sum > 0 ? r[b] / sum * (1 - c->v) : 0;
				r[c->b] = c->v;
			}
			break;
		case CH_DELAY:
			p->delayf[(size_t)c->a * S + (size_t)c->b] *= c->v;
			break;
		case CH_NORM:
			for (b = 0; b < rows->np; b++)
				if (rows->from[b] == c->a && rows->to[b] == c->b) {
					p->limit[b] = c->limit;
					p->workdays[b] = c->workdays;
				}
			break;
		case CH_SKIP:
			p->skip[c->a] = 1;
			break;
		}
	}
	/* Shares to cumulative shares, per group, urgency, history and stage. */
	for (g = 0; g < 2 * f->G * (S + 1); g++)
		for (a = 0; a < S; a++) {
			double *r = &p->route[(g * S + a) * S], acc = 0;

			for (b = 0; b < S; b++) {
				acc += r[b];
				r[b] = acc;
			}
		}
}

static void params_free(struct params *p)
{
	free(p->cap);
	free(p->arrf);
	free(p->route);
	free(p->delayf);
	free(p->skip);
	free(p->limit);
	free(p->workdays);
}

/* The simulation of one replication. */

enum { EV_ARRIVE, EV_REACH, EV_READY };

struct simev {
	double t;
	uint64_t seq;
	uint32_t c;
	uint16_t stage;
	uint8_t kind;
};

struct scase {
	uint32_t g;
	uint16_t flags;
	int16_t cur;     /* the stage it is in, -1 before the first and after the end */
	int16_t hold;    /* the queue stage whose capacity it holds, -1 for none */
	int16_t dropped; /* the phase it left the chain from, -1 */
	int16_t from;    /* the stage it came to cur from, -1 when it entered there */
	double enter;    /* when it reached cur */
};

/* A first-come, first-served queue of cases. */
struct fifo {
	uint32_t *v;
	size_t head, n, cap;
};

static void fifo_push(struct fifo *q, uint32_t c)
{
	if (q->head > 0 && q->head == q->n) {
		q->head = q->n = 0;
	}
	xgrow(&q->v, &q->cap, q->n + 1, sizeof *q->v);
	q->v[q->n++] = c;
}

struct engine {
	const struct sim_fit *f;
	const struct params *p;
	gsl_rng *rng;
	double hend;
	struct simev *heap;
	size_t nheap, capheap;
	uint64_t seq;
	struct scase *cs;
	size_t ncs, capcs;
	double *first; /* [case][stage]: when it first reached the stage, NAN never */
	size_t capfirst;
	long *freecap;
	struct fifo *urgent, *normal; /* per stage */
	uint16_t *urgmask;            /* per stage: the flags that put a case first */
	uint16_t cmask;               /* the flags that make a case urgent in its routes */
	/* Little's law, per stage: the cases in it now, the sum of the daily counts, the
	 * entries and the sum of their stays. */
	long *in;
	double *lsum, *stays;
	long *entries;
	double nextsnap;
	long nsnap;
};

static int ev_before(const struct simev *a, const struct simev *b)
{
	return a->t < b->t || (a->t == b->t && a->seq < b->seq);
}

static void ev_push(struct engine *e, double t, uint32_t c, int stage, int kind)
{
	size_t i;
	struct simev x = {
		.t = t, .seq = e->seq++, .c = c, .stage = (uint16_t)stage, .kind = (uint8_t)kind
	};

	if (t >= e->hend)
		return;
	xgrow(&e->heap, &e->capheap, e->nheap + 1, sizeof *e->heap);
	i = e->nheap++;
	while (i > 0 && ev_before(&x, &e->heap[(i - 1) / 2])) {
		e->heap[i] = e->heap[(i - 1) / 2];
		i = (i - 1) / 2;
	}
	e->heap[i] = x;
}

static struct simev ev_pop(struct engine *e)
{
	struct simev top = e->heap[0], x = e->heap[--e->nheap];
	size_t i = 0;

	for (;;) {
		size_t c = 2 * i + 1;

		if (c >= e->nheap)
			break;
		if (c + 1 < e->nheap && ev_before(&e->heap[c + 1], &e->heap[c]))
			c++;
		if (!ev_before(&e->heap[c], &x))
			break;
		e->heap[i] = e->heap[c];
		i = c;
	}
	if (e->nheap)
		e->heap[i] = x;
	return top;
}

/* The next stage of case k in stage a, which it came to from stage from (-1: it entered
 * there), -1 for the end. */
static int pick_route(struct engine *e, const struct scase *k, int a, int from)
{
	size_t S = e->f->S, b, cl = (size_t)k->g * 2 + ((k->flags & e->cmask) != 0);
	const double *r = &e->p->route[((cl * (S + 1) + (size_t)(from + 1)) * S + (size_t)a) * S];
	double u = gsl_rng_uniform(e->rng);
	int last = -1;

	for (b = 0; b < S; b++) {
		if (u < r[b])
			return (int)b;
		if (b == 0 ? r[0] > 0 : r[b] > r[b - 1])
			last = (int)b;
	}
	/* What rounding leaves short of a full share of 1 goes with the last move. */
	return r[S - 1] > 1 - 1e-9 ? last : -1;
}

/* A delay of the move a -> b of group g, in seconds: one of the delays seen for it (or for
 * any move out of a, when the move was never seen), times the scenario's factor. */
static double pick_delay(struct engine *e, uint32_t g, int a, int b)
{
	const struct sim_fit *f = e->f;
	size_t S = f->S, base = ((size_t)g * S + (size_t)a) * S, k, tot = 0;
	const struct dvec *d = &f->delay[base + (size_t)b];
	double x;

	if (d->n) {
		double u = gsl_rng_uniform(e->rng) * d->cw[d->n - 1];
		size_t lo = 0, hi = d->n - 1;

		/* The first delay whose cumulative weight passes u. */
		while (lo < hi) {
			size_t mid = (lo + hi) / 2;

			if (d->cw[mid] > u)
				hi = mid;
			else
				lo = mid + 1;
		}
		x = d->v[lo];
	} else {
		for (k = 0; k < S; k++)
			tot += f->delay[base + k].n;
		if (!tot)
			return 0;
		tot = gsl_rng_uniform_int(e->rng, tot);
		for (k = 0; tot >= f->delay[base + k].n; k++)
			tot -= f->delay[base + k].n;
		x = f->delay[base + k].v[tot];
	}
	x *= e->p->delayf[(size_t)a * S + (size_t)b];
	/* A log of dates alone moves in whole days. */
	if (!f->has_time)
		x = floor(x / DAY + 0.5) * DAY;
	return x;
}

static void reach(struct engine *e, uint32_t c, int s, double t);

/* Ends case c's hold of its queue stage at t and lets the next case in. */
static void release(struct engine *e, uint32_t c, double t)
{
	int q = e->cs[c].hold;
	struct fifo *w;

	e->cs[c].hold = -1;
	w = e->urgent[q].head < e->urgent[q].n ? &e->urgent[q] : &e->normal[q];
	if (w->head < w->n) {
		uint32_t next = w->v[w->head++];

		e->cs[next].hold = (int16_t)q;
		ev_push(e, t, next, q, EV_REACH);
	} else {
		e->freecap[q]++;
	}
}

/* Case c is ready for queue stage q at t. */
static void ready(struct engine *e, uint32_t c, int q, double t)
{
	if (e->cs[c].hold >= 0 && e->cs[c].hold != q)
		release(e, c, t);
	if (e->freecap[q] > 0) {
		e->freecap[q]--;
		e->cs[c].hold = (int16_t)q;
		reach(e, c, q, t);
	} else if (e->cs[c].flags & e->urgmask[q]) {
		fifo_push(&e->urgent[q], c);
	} else {
		fifo_push(&e->normal[q], c);
	}
}

/* Sends case c from stage a (at t) on to its next stage, after a delay. */
static void move_on(struct engine *e, uint32_t c, int a, double t)
{
	struct scase *k = &e->cs[c];
	int b = pick_route(e, k, a, k->from), hops = 0;
	size_t S = e->f->S;

	/* A skipped stage is passed through at once: the case goes on by its routes, as a
	 * case that came there from the stage it passed from. */
	while (b >= 0 && e->p->skip[b] && hops++ < (int)S) {
		int from = a;

		a = b;
		b = pick_route(e, k, a, from);
	}
	k->from = (int16_t)a;
	if (b < 0 || e->p->skip[b]) {
		if (k->cur >= 0) {
			e->in[k->cur]--;
			e->stays[k->cur] += 0;
		}
		k->cur = -1;
		if (k->hold >= 0)
			release(e, c, t);
		return;
	}
	t += pick_delay(e, k->g, a, b);
	ev_push(e, t, c, b, e->p->cap[b] > 0 && !e->f->m->stages[b].terminal ? EV_READY : EV_REACH);
}

static void reach(struct engine *e, uint32_t c, int s, double t)
{
	const struct model *m = e->f->m;
	struct scase *k = &e->cs[c];
	double *first = &e->first[(size_t)c * e->f->S];
	int prev = k->cur;

	if (prev >= 0) {
		e->in[prev]--;
		e->stays[prev] += t - k->enter;
	}
	if (isnan(first[s]))
		first[s] = t;
	if (k->hold >= 0 && ends_hold(e->f, k->hold, s))
		release(e, c, t);
	if (m->stages[s].terminal) {
		if (prev >= 0 && k->dropped < 0)
			k->dropped = (int16_t)m->stages[prev].phase_idx;
		k->cur = -1;
		return;
	}
	k->cur = (int16_t)s;
	k->enter = t;
	e->in[s]++;
	e->entries[s]++;
	move_on(e, c, s, t);
}

static void snapshots(struct engine *e, double t)
{
	size_t s;

	while (e->nextsnap < t && e->nextsnap < e->hend) {
		for (s = 0; s < e->f->S; s++)
			e->lsum[s] += (double)e->in[s];
		e->nsnap++;
		e->nextsnap += DAY;
	}
}

/* The arrivals of the horizon: per group and entry stage, a Poisson process whose rate
 * in a day is the fitted month's (keten-simulate(7), "Arrivals"). */
static void arrivals(struct engine *e, kday h0, kday h1, const double *perday)
{
	const struct sim_fit *f = e->f;
	size_t S = f->S, g, s;
	kday d;

	for (g = 0; g < f->G; g++)
		for (s = 0; s < S; s++) {
			const double *rate = &perday[(g * S + s) * 12];
			size_t gs = g * S + s, k;
			long tot = 0;

			for (k = 0; k < f->nflags[gs]; k++)
				tot += f->flags[gs][k].n;
			if (tot == 0)
				continue;
			for (d = h0; d <= h1; d++) {
				double r = rate[month_of(d)] * e->p->arrf[s], t = (double)d * DAY;
				unsigned n = 0, i;

				if (r <= 0)
					continue;
				if (!f->has_time)
					n = gsl_ran_poisson(e->rng, r);
				for (i = 0;; i++) {
					struct scase *nc;
					long x;
					size_t j;

					if (f->has_time) {
						t += gsl_ran_exponential(e->rng, DAY / r);
						if (t >= (double)(d + 1) * DAY)
							break;
					} else if (i >= n) {
						break;
					}
					xgrow(&e->cs, &e->capcs, e->ncs + 1, sizeof *e->cs);
					nc = &e->cs[e->ncs];
					nc->g = (uint32_t)g;
					nc->cur = nc->hold = nc->dropped = nc->from = -1;
					x = (long)gsl_rng_uniform_int(e->rng, (unsigned long)tot);
					for (j = 0; x >= f->flags[gs][j].n; j++)
						x -= f->flags[gs][j].n;
					nc->flags = f->flags[gs][j].flags;
					ev_push(e, t, (uint32_t)e->ncs, (int)s, EV_ARRIVE);
					e->ncs++;
				}
			}
		}
}

static void engine_run(struct engine *e, kday h0, kday h1, const double *perday)
{
	const struct sim_fit *f = e->f;
	size_t S = f->S, i, s;

	e->ncs = 0;
	e->nheap = 0;
	e->seq = 0;
	e->hend = ((double)h1 + 1) * DAY;
	for (s = 0; s < S; s++) {
		e->freecap[s] = e->p->cap[s];
		e->urgent[s].head = e->urgent[s].n = 0;
		e->normal[s].head = e->normal[s].n = 0;
		e->in[s] = e->entries[s] = 0;
		e->lsum[s] = e->stays[s] = 0;
	}
	e->nextsnap = (double)h0 * DAY + DAY / 2;
	e->nsnap = 0;
	arrivals(e, h0, h1, perday);
	xgrow(&e->first, &e->capfirst, e->ncs * S + 1, sizeof *e->first);
	for (i = 0; i < e->ncs * S; i++)
		e->first[i] = NAN;
	while (e->nheap) {
		struct simev x = ev_pop(e);

		snapshots(e, x.t);
		if (x.kind == EV_ARRIVE) {
			if (e->p->skip[x.stage])
				move_on(e, x.c, x.stage, x.t);
			else if (e->p->cap[x.stage] > 0)
				ready(e, x.c, x.stage, x.t);
			else
				reach(e, x.c, x.stage, x.t);
		} else if (x.kind == EV_READY) {
			ready(e, x.c, x.stage, x.t);
		} else {
			reach(e, x.c, x.stage, x.t);
		}
	}
	snapshots(e, e->hend);
	/* The stays still going at the end count up to it. */
	for (i = 0; i < e->ncs; i++)
		if (e->cs[i].cur >= 0)
			e->stays[e->cs[i].cur] += e->hend - e->cs[i].enter;
}

/* The statistics of one set of case histories (a replication, or the log itself). */

struct tally {
	struct dvec *w;          /* per g * np + row: the finished waits */
	long *within;            /* per g * np + row */
	long *reached, *dropped; /* per g * nph + phase row */
};

/* The wait from t0 to t1 (seconds) in the unit asked for, as waits_measure does. */
static double measure(double t0, double t1, int has_time, enum wait_unit unit)
{
	kday d0 = (kday)floor(t0 / DAY), d1 = (kday)floor(t1 / DAY);
	struct event a = { .day = d0,
			   .ms = has_time ? (int32_t)((t0 - (double)d0 * DAY) * 1000) : -1,
			   .off = DATE_NOOFF };

	if (unit == UNIT_DAYS)
		return (t1 - t0) / DAY;
	if (unit == UNIT_HOURS)
		return (t1 - t0) / 3600;
	return waits_measure_to(&a, d1, has_time ? (int)(t1 - (double)d1 * DAY) : -1, unit);
}

/* Whether the wait t0 -> t1 keeps within a limit in days or working days. */
static int within(double t0, double t1, int limit, int workdays, int has_time)
{
	return measure(t0, t1, has_time, workdays ? UNIT_WORKDAYS : UNIT_DAYS) <= limit;
}

/* Adds one case: its group, norm flags, first times per stage, and the phase it left from. */
static void tally_case(struct tally *ty, const struct sim_fit *f, const struct rows *rows,
		       const struct params *p, enum wait_unit unit, uint32_t g, uint16_t flags,
		       const double *first, int dropped)
{
	const struct model *m = f->m;
	size_t i, s;

	for (i = 0; i < rows->np; i++) {
		double t0 = first[rows->from[i]], t1 = first[rows->to[i]];
		int limit = p->limit[i], wd = p->workdays[i];
		size_t k;

		if (isnan(t0) || isnan(t1) || t1 < t0)
			continue;
		dvec_push(&ty->w[g * rows->np + i], measure(t0, t1, f->has_time, unit));
		/* A norm with a condition the case meets comes first (keten-model(7)). */
		for (k = 0; k < m->nnorms; k++)
			if (m->norms[k].cond && (flags >> k & 1) &&
			    m->norms[k].from == rows->from[i] && m->norms[k].to == rows->to[i]) {
				limit = m->norms[k].limit;
				wd = m->norms[k].workdays;
				break;
			}
		if (limit >= 0 && within(t0, t1, limit, wd, f->has_time))
			ty->within[g * rows->np + i]++;
	}
	for (i = 0; i < rows->nph; i++) {
		for (s = 0; s < f->S; s++)
			if (m->stages[s].phase_idx == rows->phase[i] && !isnan(first[s]))
				break;
		if (s < f->S)
			ty->reached[g * rows->nph + i]++;
		if (dropped == rows->phase[i])
			ty->dropped[g * rows->nph + i]++;
	}
}

static void tally_init(struct tally *ty, size_t G, const struct rows *rows)
{
	ty->w = xcalloc(G * rows->np + 1, sizeof *ty->w);
	ty->within = xcalloc(G * rows->np + 1, sizeof *ty->within);
	ty->reached = xcalloc(G * rows->nph + 1, sizeof *ty->reached);
	ty->dropped = xcalloc(G * rows->nph + 1, sizeof *ty->dropped);
}

static void tally_clear(struct tally *ty, size_t G, const struct rows *rows)
{
	size_t i;

	for (i = 0; i < G * rows->np; i++) {
		ty->w[i].n = 0;
		ty->within[i] = 0;
	}
	for (i = 0; i < G * rows->nph; i++)
		ty->reached[i] = ty->dropped[i] = 0;
}

static void tally_free(struct tally *ty, size_t G, const struct rows *rows)
{
	size_t i;

	for (i = 0; i < G * rows->np; i++)
		free(ty->w[i].v);
	free(ty->w);
	free(ty->within);
	free(ty->reached);
	free(ty->dropped);
}

/* The statistics of a tally into out[g][row][stat]; NAN where there is nothing. */
static void tally_stats(struct tally *ty, size_t G, const struct rows *rows, const struct params *p,
			double *out)
{
	size_t nrow = rows->np + rows->nph, g, i, k;

	for (g = 0; g < G; g++) {
		for (i = 0; i < rows->np; i++) {
			struct dvec *d = &ty->w[g * rows->np + i];
			double *o = &out[(g * nrow + i) * NSTAT];

			for (k = 0; k < NSTAT; k++)
				o[k] = NAN;
			o[ST_N] = (double)d->n;
			if (d->n) {
				stats_sort(d->v, d->n);
				o[ST_MEAN] = stats_mean(d->v, d->n);
				o[ST_MEDIAN] = stats_quantile(d->v, d->n, 0.5);
				o[ST_P90] = stats_quantile(d->v, d->n, 0.9);
			}
			if (d->n && p->limit[i] >= 0)
				o[ST_WITHIN] =
					100.0 * (double)ty->within[g * rows->np + i] / (double)d->n;
		}
		for (i = 0; i < rows->nph; i++) {
			double *o = &out[(g * nrow + rows->np + i) * NSTAT];

			for (k = 0; k < NSTAT; k++)
				o[k] = NAN;
			o[ST_N] = (double)ty->reached[g * rows->nph + i];
			o[ST_DROPPED] = (double)ty->dropped[g * rows->nph + i];
		}
	}
}

static void rows_build(const struct sim_fit *f, struct sim_scenario *const *sc, size_t nsc,
		       struct rows *rows)
{
	const struct model *m = f->m;
	size_t np = 0, i, j, k, s;
	struct stage_pair *pairs = waits_norm_pairs(m, &np);

	rows->from = xcalloc(np + 1, sizeof *rows->from);
	rows->to = xcalloc(np + 1, sizeof *rows->to);
	for (i = 0; i < np; i++) {
		rows->from[i] = pairs[i].from;
		rows->to[i] = pairs[i].to;
	}
	free(pairs);
	for (i = 0; i < nsc; i++)
		for (j = 0; j < sc[i]->n; j++) {
			const struct sim_change *c = &sc[i]->ch[j];

			if (c->kind != CH_NORM)
				continue;
			for (k = 0; k < np; k++)
				if (rows->from[k] == c->a && rows->to[k] == c->b)
					break;
			if (k < np)
				continue;
			rows->from = xreallocarray(rows->from, np + 1, sizeof *rows->from);
			rows->to = xreallocarray(rows->to, np + 1, sizeof *rows->to);
			rows->from[np] = c->a;
			rows->to[np] = c->b;
			np++;
		}
	rows->np = np;
	rows->phase = xcalloc(m->nphases + 1, sizeof *rows->phase);
	rows->nph = 0;
	for (i = 0; i < m->nphases; i++) {
		for (s = 0; s < f->S; s++)
			if (m->stages[s].phase_idx == (int)i)
				break;
		if (s < f->S)
			rows->phase[rows->nph++] = (int)i;
	}
}

/* The seed of replication rep: the same for every scenario, so that they share their
 * random numbers (common random numbers), and a null scenario gives the baseline. */
static unsigned long rep_seed(unsigned long seed, long rep)
{
	uint64_t z = (uint64_t)seed * 0x9e3779b97f4a7c15u + (uint64_t)rep + 1;

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
	z ^= z >> 31;
	return (unsigned long)(z & 0xffffffffu) | 1u;
}

struct sim_result *sim_run(const struct sim_fit *f, struct sim_scenario *const *sc, size_t nsc,
			   const struct sim_opts *o)
{
	struct sim_result *r = xcalloc(1, sizeof *r);
	size_t S = f->S, G = f->G, i, s, g, k;
	long rep;
	double *perday = xcalloc(G * S * 12, sizeof *perday);
	long mdays[12] = { 0 };
	struct engine e = { 0 };
	struct tally ty;
	kday d;

	r->f = f;
	r->o = *o;
	r->nsc = nsc + 1;
	r->name = xcalloc(r->nsc, sizeof *r->name);
	r->name[0] = xstrdup("baseline");
	for (i = 0; i < nsc; i++)
		r->name[i + 1] = xstrdup(sc[i]->name);
	rows_build(f, sc, nsc, &r->rows);
	r->nrow = r->rows.np + r->rows.nph;
	r->h0 = f->from;
	r->h1 = o->horizon > 0 ? f->from + (kday)o->horizon - 1 : f->to;
	r->val = xcalloc(r->nsc * (size_t)o->reps * G * r->nrow * NSTAT, sizeof *r->val);
	r->little = xcalloc((size_t)o->reps * S * 3, sizeof *r->little);

	/* The rate per day of each month: its arrivals over its days in the fitted span. */
	for (d = f->from; d <= f->to; d++)
		mdays[month_of(d)]++;
	for (i = 0; i < G * S; i++)
		for (k = 0; k < 12; k++)
			perday[i * 12 + k] =
				mdays[k] ? (double)f->arr[i * 12 + k] / (double)mdays[k] : 0;

	e.f = f;
	e.rng = gsl_rng_alloc(gsl_rng_mt19937);
	e.freecap = xcalloc(S, sizeof *e.freecap);
	e.urgent = xcalloc(S, sizeof *e.urgent);
	e.normal = xcalloc(S, sizeof *e.normal);
	e.urgmask = xcalloc(S, sizeof *e.urgmask);
	e.cmask = cond_mask(f->m);
	e.in = xcalloc(S, sizeof *e.in);
	e.entries = xcalloc(S, sizeof *e.entries);
	e.lsum = xcalloc(S, sizeof *e.lsum);
	e.stays = xcalloc(S, sizeof *e.stays);
	/* Urgent cases go first where a norm with a condition leads to the queue stage. */
	for (k = 0; k < f->m->nnorms && k < 16; k++)
		if (f->m->norms[k].cond)
			e.urgmask[f->m->norms[k].to] |= (uint16_t)(1u << k);
	tally_init(&ty, G, &r->rows);

	for (i = 0; i < r->nsc; i++) {
		struct params p;

		params_build(f, &r->rows, i ? sc[i - 1] : NULL, &p);
		e.p = &p;
		for (rep = 0; rep < o->reps; rep++) {
			size_t c;

			gsl_rng_set(e.rng, rep_seed(o->seed, rep));
			engine_run(&e, r->h0, r->h1, perday);
			tally_clear(&ty, G, &r->rows);
			for (c = 0; c < e.ncs; c++)
				tally_case(&ty, f, &r->rows, &p, o->unit, e.cs[c].g, e.cs[c].flags,
					   &e.first[c * S], e.cs[c].dropped);
			tally_stats(&ty, G, &r->rows, &p,
				    &r->val[((i * (size_t)o->reps + (size_t)rep) * G) * r->nrow *
					    NSTAT]);
			if (i == 0)
				for (s = 0; s < S; s++) {
					double *lw = &r->little[((size_t)rep * S + s) * 3];
					double days = (e.hend - (double)r->h0 * DAY) / DAY;

					lw[0] = e.nsnap ? e.lsum[s] / (double)e.nsnap : 0;
					lw[1] = (double)e.entries[s] / days;
					lw[2] = e.entries[s]
							? e.stays[s] / (double)e.entries[s] / DAY
							: 0;
				}
		}
		params_free(&p);
	}
	(void)g;
	tally_free(&ty, G, &r->rows);
	gsl_rng_free(e.rng);
	for (s = 0; s < S; s++) {
		free(e.urgent[s].v);
		free(e.normal[s].v);
	}
	free(e.urgent);
	free(e.normal);
	free(e.urgmask);
	free(e.freecap);
	free(e.in);
	free(e.entries);
	free(e.lsum);
	free(e.stays);
	free(e.heap);
	free(e.cs);
	free(e.first);
	free(perday);
	return r;
}

void sim_result_free(struct sim_result *r)
{
	size_t i;

	if (!r)
		return;
	for (i = 0; i < r->nsc; i++)
		free(r->name[i]);
	free(r->name);
	free(r->rows.from);
	free(r->rows.to);
	free(r->rows.phase);
	free(r->val);
	free(r->little);
	free(r);
}

/* The mean and the 2.5% and 97.5% quantiles of a statistic over the replications,
 * leaving out those where it is NAN (no case); NAN when every one is. */
static void summarise(const struct sim_result *r, size_t sc, size_t g, size_t row, int st,
		      double *mean, double *lo, double *hi)
{
	size_t R = (size_t)r->o.reps, rep, n = 0;
	double *x = xcalloc(R, sizeof *x);
	size_t G = r->f->G;

	for (rep = 0; rep < R; rep++) {
		double v = r->val[(((sc * R + rep) * G + g) * r->nrow + row) * NSTAT + (size_t)st];

		if (!isnan(v))
			x[n++] = v;
	}
	stats_sort(x, n);
	*mean = n ? stats_mean(x, n) : NAN;
	*lo = stats_quantile(x, n, 0.025);
	*hi = stats_quantile(x, n, 0.975);
	free(x);
}

static void put_group(struct csvw *w, const struct sim_fit *f, size_t g)
{
	size_t j;

	for (j = 0; j < f->nby; j++)
		csvw_str(w, f->gval[g * f->nby + j] ? f->gval[g * f->nby + j] : "");
}

static void put_rowkey(struct csvw *w, const struct sim_result *r, size_t row)
{
	const struct model *m = r->f->m;

	if (row < r->rows.np) {
		csvw_str(w, m->stages[r->rows.from[row]].name);
		csvw_str(w, m->stages[r->rows.to[row]].name);
		csvw_empty(w);
	} else {
		csvw_empty(w);
		csvw_empty(w);
		csvw_str(w, m->phases[r->rows.phase[row - r->rows.np]]);
	}
}

/* Whether statistic st belongs to the rows of pairs (0) or of phases (1), or both (2). */
static int stat_rows(int st)
{
	return st == ST_N ? 2 : st == ST_DROPPED ? 1 : 0;
}

void sim_write(const struct sim_result *r, struct csvw *w)
{
	const struct sim_fit *f = r->f;
	size_t sc, g, row, j;
	int st;

	csvw_str(w, "scenario");
	for (j = 0; j < f->nby; j++)
		csvw_str(w, f->by[j]);
	csvw_str(w, "from");
	csvw_str(w, "to");
	csvw_str(w, "phase");
	for (st = 0; st < NSTAT; st++) {
		char buf[64];

		csvw_str(w, stat_name[st]);
		snprintf(buf, sizeof buf, "%s_lo", stat_name[st]);
		csvw_str(w, buf);
		snprintf(buf, sizeof buf, "%s_hi", stat_name[st]);
		csvw_str(w, buf);
		snprintf(buf, sizeof buf, "%s_diff", stat_name[st]);
		csvw_str(w, buf);
	}
	csvw_end(w);
	for (sc = 0; sc < r->nsc; sc++)
		for (g = 0; g < f->G; g++)
			for (row = 0; row < r->nrow; row++) {
				int phase = row >= r->rows.np;

				csvw_str(w, r->name[sc]);
				put_group(w, f, g);
				put_rowkey(w, r, row);
				for (st = 0; st < NSTAT; st++) {
					double mean, lo, hi, bmean, blo, bhi;

					if (stat_rows(st) != 2 && stat_rows(st) != phase) {
						csvw_empty(w);
						csvw_empty(w);
						csvw_empty(w);
						csvw_empty(w);
						continue;
					}
					summarise(r, sc, g, row, st, &mean, &lo, &hi);
					summarise(r, 0, g, row, st, &bmean, &blo, &bhi);
					csvw_num(w, mean, 2);
					csvw_num(w, lo, 2);
					csvw_num(w, hi, 2);
					csvw_num(w, mean - bmean, 2);
				}
				csvw_end(w);
			}
}

_Static_assert((int)SIM_N == ST_N && (int)SIM_MEAN == ST_MEAN && (int)SIM_MEDIAN == ST_MEDIAN &&
		       (int)SIM_P90 == ST_P90 && (int)SIM_WITHIN == ST_WITHIN &&
		       (int)SIM_DROPPED == ST_DROPPED,
	       "the statistics of simulate.h are those of the output");

size_t sim_result_scenarios(const struct sim_result *r)
{
	return r->nsc;
}

const char *sim_result_name(const struct sim_result *r, size_t sc)
{
	return r->name[sc];
}

size_t sim_result_groups(const struct sim_result *r)
{
	return r->f->G;
}

size_t sim_result_rows(const struct sim_result *r)
{
	return r->nrow;
}

int sim_result_row(const struct sim_result *r, size_t row, int *from, int *to)
{
	if (row >= r->rows.np)
		return r->rows.phase[row - r->rows.np];
	*from = r->rows.from[row];
	*to = r->rows.to[row];
	return -1;
}

void sim_result_figure(const struct sim_result *r, size_t sc, size_t g, size_t row,
		       enum sim_stat st, struct sim_figure *out)
{
	double bmean, blo, bhi;

	if (stat_rows((int)st) != 2 && stat_rows((int)st) != (row >= r->rows.np)) {
		out->mean = out->lo = out->hi = out->diff = NAN;
		return;
	}
	summarise(r, sc, g, row, (int)st, &out->mean, &out->lo, &out->hi);
	summarise(r, 0, g, row, (int)st, &bmean, &blo, &bhi);
	out->diff = out->mean - bmean;
}

/* The observed figures of the log l, in the rows of r, into out[g][row][stat]. */
static void observed(const struct sim_result *r, const struct evlog *l, double *out)
{
	const struct sim_fit *f = r->f;
	size_t S = f->S, G = f->G, c, i;
	uint32_t *rank = xcalloc(strtab_count(l->groups) + 1, sizeof *rank);
	double *first = xcalloc(S, sizeof *first);
	struct tally ty;
	struct params p;

	free(evlog_group_order(l, rank));
	params_build(f, &r->rows, NULL, &p);
	tally_init(&ty, G, &r->rows);
	for (c = 0; c < l->ncases; c++) {
		const struct event *e = &l->ev[l->start[c]];
		size_t ne = l->start[c + 1] - l->start[c];
		uint16_t flags = 0;
		int dropped = -1;

		for (i = 0; i < S; i++)
			first[i] = NAN;
		for (i = 0; i < ne; i++) {
			flags |= e[i].flags;
			if (isnan(first[e[i].stage]))
				first[e[i].stage] = ev_sec(&e[i]);
			if (f->m->stages[e[i].stage].terminal && i > 0 && dropped < 0 &&
			    !f->m->stages[e[i - 1].stage].terminal)
				dropped = f->m->stages[e[i - 1].stage].phase_idx;
		}
		tally_case(&ty, f, &r->rows, &p, r->o.unit, rank[e[0].group], flags, first,
			   dropped);
	}
	tally_stats(&ty, G, &r->rows, &p, out);
	tally_free(&ty, G, &r->rows);
	params_free(&p);
	free(first);
	free(rank);
}

long sim_check_write(const struct sim_result *r, const struct evlog *l, long k, struct csvw *w,
		     long *nfig)
{
	const struct sim_fit *f = r->f;
	size_t G = f->G, g, row, j;
	double *obs = xcalloc(G * r->nrow * NSTAT + 1, sizeof *obs);
	struct supp *sp = supp_new(k);
	size_t *cell = xcalloc(G * r->nrow * NSTAT + 1, sizeof *cell);
	long outside = 0;
	int st;

	*nfig = 0;
	observed(r, l, obs);
	/* The counts of the log are cells of the rule of keten(5), "Small cells"; a figure
	 * rests on the count n of its row. */
	for (g = 0; g < G * r->nrow; g++) {
		cell[g * NSTAT + ST_N] = supp_cell(sp, (long)obs[g * NSTAT + ST_N]);
		if (!isnan(obs[g * NSTAT + ST_DROPPED]))
			cell[g * NSTAT + ST_DROPPED] =
				supp_cell(sp, (long)obs[g * NSTAT + ST_DROPPED]);
	}
	supp_apply(sp);
	for (j = 0; j < f->nby; j++)
		csvw_str(w, f->by[j]);
	csvw_names(w, "from,to,phase,statistic,observed,simulated,simulated_lo,simulated_hi,"
		      "within");
	for (g = 0; g < G; g++)
		for (row = 0; row < r->nrow; row++) {
			const double *o = &obs[(g * r->nrow + row) * NSTAT];
			const size_t *cl = &cell[(g * r->nrow + row) * NSTAT];
			int phase = row >= r->rows.np;

			for (st = 0; st < NSTAT; st++) {
				double mean, lo, hi, v = o[st];
				int blank;

				if (stat_rows(st) != 2 && stat_rows(st) != phase)
					continue;
				if (isnan(v) && st != ST_N && st != ST_DROPPED)
					continue;
				blank = supp_blank(sp, cl[ST_N]) ||
					(st == ST_DROPPED && supp_blank(sp, cl[ST_DROPPED])) ||
					(st != ST_N && st != ST_DROPPED && o[ST_N] < (double)k);
				summarise(r, 0, g, row, st, &mean, &lo, &hi);
				put_group(w, f, g);
				put_rowkey(w, r, row);
				csvw_str(w, stat_name[st]);
				csvw_num(w, blank ? NAN : v, 2);
				csvw_num(w, mean, 2);
				csvw_num(w, lo, 2);
				csvw_num(w, hi, 2);
				if (blank || isnan(v) || isnan(mean)) {
					csvw_empty(w);
				} else {
					/* Within the interval, or within 10% where the interval
					 * is narrower (keten-simulate(1), --check). */
					int in = (v >= lo && v <= hi) ||
						 fabs(v - mean) <= 0.10 * fabs(mean);

					csvw_str(w, in ? "yes" : "no");
					outside += !in;
					(*nfig)++;
				}
				csvw_end(w);
			}
		}
	supp_free(sp);
	free(cell);
	free(obs);
	return outside;
}

void sim_little(const struct sim_result *r, char *buf, size_t size)
{
	const struct sim_fit *f = r->f;
	size_t S = f->S, R = (size_t)r->o.reps, s, rep;
	double worst = 0;
	int bad = 0, worst_s = -1;
	char names[256] = "";

	for (s = 0; s < S; s++) {
		double sl = 0, slw = 0, sd2 = 0, gap, noise;

		for (rep = 0; rep < R; rep++) {
			const double *x = &r->little[(rep * S + s) * 3];

			sl += x[0];
			slw += x[1] * x[2];
		}
		sl /= (double)R;
		slw /= (double)R;
		if (sl <= 0 && slw <= 0)
			continue;
		for (rep = 0; rep < R; rep++) {
			const double *x = &r->little[(rep * S + s) * 3];
			double dv = (x[0] - x[1] * x[2]) - (sl - slw);

			sd2 += dv * dv;
		}
		/* The noise of the run: the spread of the gap over the replications, and the
		 * daily counting of L, which can be off by a day's arrivals. */
		noise = 2 * sqrt(sd2 / (double)(R > 1 ? R - 1 : 1) / (double)R) +
			r->little[s * 3 + 1] * 1.0 + 0.01 * sl;
		gap = fabs(sl - slw);
		if (sl > 0 && gap / sl > worst) {
			worst = gap / sl;
			worst_s = (int)s;
		}
		if (gap > noise) {
			bad++;
			if (strlen(names) + strlen(f->m->stages[s].name) + 3 < sizeof names) {
				if (*names)
					strcat(names, ", ");
				strcat(names, f->m->stages[s].name);
			}
		}
	}
	if (bad)
		snprintf(buf, size,
			 "Little's law (L = lambda W) does not hold within the run's noise at %s",
			 names);
	else
		snprintf(
			buf, size,
			"Little's law (L = lambda W) holds at every stage within the run's noise (largest gap %.1f%%%s%s)",
			100 * worst, worst_s >= 0 ? " at " : "",
			worst_s >= 0 ? f->m->stages[worst_s].name : "");
}
