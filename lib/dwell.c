/* dwell: the stays of cases in stages (or values) and the moves between them.
 *
 * A case's events are walked once: a run of events with the same stage (or value) is one
 * stay, which ends where the next run begins, at a terminal stage, or at the as-of date.
 * Tables are built by interning a (group, key, next) triple per stay and bucketing the
 * dwells with a counting sort, as waits_table does for waits. */
#include "dwell.h"

#include "waits.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "sort.h"
#include "stats.h"
#include "strtab.h"
#include "suppress.h"

/* The time from event a to (day, sec), measured as keten waits measures a wait, so that a
 * dwell and a wait between the same events agree. */
static double measure(const struct event *a, kday day, int sec, enum wait_unit unit)
{
	double d = waits_measure_to(a, day, sec, unit);

	/* Never negative, and never -0, whose bits would sort apart. */
	return d <= 0 ? 0 : d;
}

/* The same to event b. */
static double measure_to(const struct event *a, const struct event *b, enum wait_unit unit)
{
	double d = waits_measure(a, b, unit);

	return d <= 0 ? 0 : d;
}

/* Whether leaving the chain after an event at stage `from` through the terminal event t
 * completes the case; t is NULL where a closed log's case ended at its last event, which
 * carries no reason. */
static int completes(const struct evlog *l, const struct dwellspec *s, unsigned from,
		     const struct event *t)
{
	const struct model *m = l->m;
	size_t last = m->nstages;

	if (t && s->done_attr && !s->on_attr && s->done_attr[t->attr])
		return 1;
	if (!s->last_done)
		return 0;
	while (last > 0 && m->stages[last - 1].terminal)
		last--;
	return last > 0 && from == last - 1;
}

/* Keeps the stays of out[0 .. k - 1] that belong to the period of s: those that ended in it
 * (an idle one on its case's last day plus the idle days), the open ones, and the idle ones
 * whose idle days run past its end, which were still open then; returns how many are
 * left. */
static size_t in_period(const struct evlog *l, const struct dwellspec *s, struct stay *out,
			size_t k, kday last)
{
	size_t i, n = 0;

	for (i = 0; i < k; i++) {
		kday end = out[i].end == STAY_OPEN   ? s->period->to
			   : out[i].end == STAY_IDLE ? last + (kday)s->idle
						     : l->ev[out[i].b].day;

		if (end >= s->period->from && (end <= s->period->to || out[i].end == STAY_IDLE))
			out[n++] = out[i];
	}
	return n;
}

double dwell_open(const struct event *a, kday asof, enum wait_unit unit)
{
	/* Events at any time of the as-of day are seen, so in hours an open stay runs to the
	 * end of that day (24:00), as an open wait does (waits.c). */
	if (unit == UNIT_HOURS)
		return measure(a, asof + 1, 0, unit);
	return measure(a, asof, -1, unit);
}

/* The end of the events of case c that s follows: up to s->asof, since events after it
 * have not happened yet; none (the case's start) when the case does not begin at
 * s->start_stage. */
static inline size_t case_end(const struct evlog *l, size_t c, const struct dwellspec *s)
{
	size_t lo = l->start[c], hi = l->start[c + 1];

	while (hi > lo && l->ev[hi - 1].day > s->asof)
		hi--;
	if (hi > lo && s->start_stage >= 0 && l->ev[lo].stage != (unsigned)s->start_stage)
		return lo;
	return hi;
}

size_t dwell_of_case(const struct evlog *l, size_t c, const struct dwellspec *s, struct stay *out)
{
	size_t lo = l->start[c], hi = case_end(l, c, s), i, k = 0;
	const struct model *m = l->m;
	struct stay *cur = NULL;

	if (hi == lo)
		return 0;

	for (i = lo; i < hi; i++) {
		const struct event *e = &l->ev[i];
		uint32_t key;

		if (m->stages[e->stage].terminal) {
			if (cur) {
				cur->b = (uint32_t)i;
				cur->next = DWELL_END;
				cur->end = completes(l, s, l->ev[i - 1].stage, e) ? STAY_DONE
										  : STAY_DROPPED;
				cur->d = measure_to(&l->ev[cur->a], e, s->unit);
				cur = NULL;
			}
			continue;
		}
		if (s->on_attr) {
			key = evlog_attr(l, i, (size_t)s->on_attr - 1);
			if (strtab_len(l->attrtab[s->on_attr - 1], key) == 0)
				continue;
		} else {
			key = e->stage;
		}
		if (cur && cur->key == key)
			continue;
		if (cur) {
			cur->b = (uint32_t)i;
			cur->next = key;
			cur->end = STAY_LEFT;
			cur->d = measure_to(&l->ev[cur->a], e, s->unit);
		}
		cur = &out[k++];
		cur->a = (uint32_t)i;
		cur->key = key;
	}
	if (cur && l->closed) {
		/* A closed log's case ended at its last event, as if a terminal event without
		 * a reason followed it (keten(5), "Censoring"): the last stay ends there. */
		const struct event *e = &l->ev[hi - 1];

		cur->b = (uint32_t)(hi - 1);
		cur->next = DWELL_END;
		cur->end = completes(l, s, e->stage, NULL) ? STAY_DONE : STAY_DROPPED;
		cur->d = measure_to(&l->ev[cur->a], e, s->unit);
	} else if (cur) {
		kday last = l->ev[hi - 1].day;

		cur->b = UINT32_MAX;
		cur->next = DWELL_OPEN;
		if (s->idle > 0 && (long)s->asof - last >= s->idle) {
			cur->end = STAY_IDLE;
			cur->d = measure(&l->ev[cur->a], last + (kday)s->idle, -1, s->unit);
		} else {
			cur->end = STAY_OPEN;
			cur->d = dwell_open(&l->ev[cur->a], s->asof, s->unit);
		}
	}
	return s->period ? in_period(l, s, out, k, l->ev[hi - 1].day) : k;
}

size_t dwell_nkeys(const struct evlog *l, const struct dwellspec *s)
{
	return s->on_attr ? strtab_count(l->attrtab[s->on_attr - 1]) : l->m->nstages;
}

const char *dwell_key_name(const struct evlog *l, const struct dwellspec *s, uint32_t key)
{
	if (key == DWELL_END)
		return "(end)";
	if (key == DWELL_OPEN)
		return "(open)";
	return s->on_attr ? strtab_str(l->attrtab[s->on_attr - 1], key) : l->m->stages[key].name;
}

uint32_t *dwell_key_rank(const struct evlog *l, const struct dwellspec *s)
{
	size_t n = dwell_nkeys(l, s), i;
	uint32_t *rank = xmalloc((n ? n : 1) * sizeof *rank);

	if (!s->on_attr) {
		/* The model keeps its stages in order. */
		for (i = 0; i < n; i++)
			rank[i] = (uint32_t)i;
		return rank;
	}
	free(strtab_order(l->attrtab[s->on_attr - 1], rank));
	return rank;
}

/* The (group, key, next) triple a bucket is known by. */
struct bkey {
	uint32_t group, key, next;
};

/* Values gathered per bucket, then laid out bucket after bucket.  Buckets are numbered in
 * order of first sight, through a dense table when groups times keys times nexts is small
 * (the common case: a few groups, a dozen stages) and through a hash table otherwise. */
struct bucketing {
	uint32_t *dense; /* [(group * nk + key) * nn + next index] -> bucket + 1, 0: none */
	size_t nk, nn;
	struct strtab *ids;
	struct binfo *info; /* per bucket */
	size_t nb, icap;
	uint32_t *of; /* per value its bucket */
	double *val;
	size_t n, cap;
};

struct binfo {
	struct bkey k;
	size_t lastcase; /* the last case seen + 1, to count cases once */
	long cases;
};

#define DENSE_MAX (1u << 22)

static void bucket_init(struct bucketing *b, size_t ngroups, size_t nkeys, int moves,
			size_t nvalues)
{
	memset(b, 0, sizeof *b);
	b->nk = nkeys;
	b->nn = moves ? nkeys + 2 : 1;
	if (ngroups * nkeys * b->nn <= DENSE_MAX && ngroups * nkeys * b->nn > 0)
		b->dense = xcalloc(ngroups * nkeys * b->nn, sizeof *b->dense);
	else
		b->ids = strtab_new();
	/* A case has at most as many stays as events: room for all values at once saves
	 * the copies of growing. */
	b->icap = 64;
	b->info = xmalloc(b->icap * sizeof *b->info);
	b->cap = nvalues ? nvalues : 1;
	b->of = xmalloc(b->cap * sizeof *b->of);
	b->val = xmalloc(b->cap * sizeof *b->val);
}

static uint32_t bucket_of(struct bucketing *b, uint32_t group, uint32_t key, uint32_t next,
			  size_t c)
{
	struct bkey k = { group, key, next };
	uint32_t id;

	if (b->dense) {
		size_t ni = b->nn == 1           ? 0
			    : next == DWELL_END  ? b->nk
			    : next == DWELL_OPEN ? b->nk + 1
						 : next;
		uint32_t *slot = &b->dense[((size_t)group * b->nk + key) * b->nn + ni];

		if (!*slot)
			*slot = (uint32_t)b->nb + 1;
		id = *slot - 1;
	} else {
		id = strtab_intern(b->ids, (const char *)&k, sizeof k);
	}
	if (id == b->nb) {
		xgrow(&b->info, &b->icap, b->nb + 1, sizeof *b->info);
		b->info[b->nb].k = k;
		b->info[b->nb].lastcase = 0;
		b->info[b->nb].cases = 0;
		b->nb++;
	}
	if (b->info[id].lastcase != c + 1) {
		b->info[id].lastcase = c + 1;
		b->info[id].cases++;
	}
	return id;
}

static void bucket_add(struct bucketing *b, uint32_t id, double v)
{
	if (b->n == b->cap) {
		size_t cap2 = b->cap;

		xgrow(&b->of, &b->cap, b->n + 1, sizeof *b->of);
		xgrow(&b->val, &cap2, b->n + 1, sizeof *b->val);
	}
	b->of[b->n] = id;
	b->val[b->n++] = v;
}

/* Lays the values out bucket after bucket, each bucket sorted; returns the pool and sets
 * off[id] .. off[id + 1] as the range of bucket id. */
static double *bucket_layout(struct bucketing *b, size_t **offp)
{
	size_t nb = b->nb, i;
	size_t *off = xcalloc(nb + 1, sizeof *off), *pos;
	double *pool = xmalloc((b->n ? b->n : 1) * sizeof *pool);

	for (i = 0; i < b->n; i++)
		off[b->of[i] + 1]++;
	for (i = 0; i < nb; i++)
		off[i + 1] += off[i];
	pos = xmalloc((nb + 1) * sizeof *pos);
	memcpy(pos, off, (nb + 1) * sizeof *pos);
	for (i = 0; i < b->n; i++)
		pool[pos[b->of[i]]++] = b->val[i];
	free(pos);
	free(b->of);
	b->of = NULL;
	/* The values are no longer needed where they were: their room serves the sort. */
	for (i = 0; i < nb; i++)
		stats_sort_tmp(pool + off[i], off[i + 1] - off[i], b->val);
	free(b->val);
	b->val = NULL;
	*offp = off;
	return pool;
}

static void bucket_free(struct bucketing *b)
{
	free(b->dense);
	strtab_free(b->ids);
	free(b->info);
	free(b->of);
	free(b->val);
}

/* The order of output: groups, and keys within them, by their rank. */
struct order {
	const uint32_t *grank, *krank;
};

static uint32_t key_rank(const struct order *o, uint32_t k)
{
	return k >= DWELL_END ? k : o->krank[k];
}

static int cmp_cell(const void *x, const void *y, void *ctx)
{
	const struct dwell_cell *a = x, *b = y;
	const struct order *o = ctx;
	uint32_t p, q;

	if (a->group != b->group)
		return o->grank[a->group] < o->grank[b->group] ? -1 : 1;
	p = key_rank(o, a->key);
	q = key_rank(o, b->key);
	return (p > q) - (p < q);
}

static int cmp_move(const void *x, const void *y, void *ctx)
{
	const struct dwell_move *a = x, *b = y;
	const struct order *o = ctx;
	uint32_t p, q;

	if (a->group != b->group)
		return o->grank[a->group] < o->grank[b->group] ? -1 : 1;
	if (a->from != b->from)
		return key_rank(o, a->from) < key_rank(o, b->from) ? -1 : 1;
	p = key_rank(o, a->to);
	q = key_rank(o, b->to);
	return (p > q) - (p < q);
}

/* The ranks of l's groups and of s's keys; order_free frees them. */
static void order_init(struct order *o, const struct evlog *l, const struct dwellspec *s)
{
	uint32_t *grank = xmalloc((strtab_count(l->groups) + 1) * sizeof *grank);

	free(evlog_group_order(l, grank));
	o->grank = grank;
	o->krank = dwell_key_rank(l, s);
}

static void order_free(struct order *o)
{
	free((void *)o->grank);
	free((void *)o->krank);
}

/* Makes the buckets of mb, one per (group, key, next), the moves of t, their values the
 * dwells in order, and puts the moves in the order o. */
static void take_moves(struct bucketing *mb, struct order *o, struct dwell_table *t)
{
	size_t i, *off;

	t->nmoves = mb->nb;
	t->mpool = bucket_layout(mb, &off);
	t->move = xcalloc(t->nmoves ? t->nmoves : 1, sizeof *t->move);
	for (i = 0; i < t->nmoves; i++) {
		const struct bkey k = mb->info[i].k;

		t->move[i].group = k.group;
		t->move[i].from = k.key;
		t->move[i].to = k.next;
		t->move[i].n = (long)(off[i + 1] - off[i]);
		t->move[i].cases = mb->info[i].cases;
		t->move[i].d = t->mpool + off[i];
	}
	free(off);
	sort_r(t->move, t->nmoves, sizeof *t->move, cmp_move, o);
}

/* Counts one stay into its cell: begun, its dwell in the total, and how it ended. */
static void cell_add(struct dwell_cell *a, const struct stay *st)
{
	a->entered++;
	a->total += st->d;
	switch (st->end) {
	case STAY_LEFT:
		a->left++;
		break;
	case STAY_DONE:
		a->done++;
		break;
	case STAY_DROPPED:
		a->dropped++;
		break;
	case STAY_IDLE:
		a->idle++;
		break;
	default:
		a->open++;
		break;
	}
}

/* Sets the share of each move in the cases at its from.  Cells and moves are in the same
 * order of group and key, and every move leaves a cell: the cell of a move is found by
 * walking forward. */
static void share_of_from(struct dwell_table *t)
{
	size_t i, c = 0;

	for (i = 0; i < t->nmoves; i++) {
		struct dwell_move *mv = &t->move[i];

		while (c < t->ncells &&
		       (t->cell[c].group != mv->group || t->cell[c].key != mv->from))
			c++;
		if (c == t->ncells) {
			mv->share = NAN;
			c = 0;
			continue;
		}
		mv->share = 100.0 * (double)mv->cases / (double)t->cell[c].cases;
	}
}

void dwell_table(const struct evlog *l, const struct dwellspec *s, int what, struct dwell_table *t)
{
	struct bucketing cb, mb;
	struct dwell_cell *acc = NULL; /* per cell bucket: the counts */
	size_t acap = 0, c, i, *off;
	struct stay *buf = xmalloc(evlog_max_case(l) * sizeof *buf);
	struct order ord;

	size_t ng = strtab_count(l->groups);
	size_t nk = dwell_nkeys(l, s);

	memset(t, 0, sizeof *t);
	memset(&cb, 0, sizeof cb);
	memset(&mb, 0, sizeof mb);
	if (what & DWELL_CELLS)
		bucket_init(&cb, ng, nk, 0, l->n);
	if (what & DWELL_MOVES)
		bucket_init(&mb, ng, nk, 1, l->n);
	for (c = 0; c < l->ncases; c++) {
		size_t k = dwell_of_case(l, c, s, buf);

		for (i = 0; i < k; i++) {
			const struct stay *st = &buf[i];
			uint32_t g = l->ev[st->a].group;

			if (what & DWELL_CELLS) {
				/* Every stay has a cell, the open ones too, but only the ended
				 * ones give a dwell value. */
				uint32_t id = bucket_of(&cb, g, st->key, 0, c);
				struct dwell_cell *a;

				if (id >= acap) {
					size_t old = acap;
					xgrow(&acc, &acap, (size_t)id + 1, sizeof *acc);
					memset(acc + old, 0, (acap - old) * sizeof *acc);
				}
				a = &acc[id];
				a->group = g;
				a->key = st->key;
				cell_add(a, st);
				if (st->end != STAY_OPEN)
					bucket_add(&cb, id, st->d);
			}
			if (what & DWELL_MOVES)
				bucket_add(&mb, bucket_of(&mb, g, st->key, st->next, c), st->d);
		}
	}
	free(buf);

	order_init(&ord, l, s);
	if (what & DWELL_CELLS) {
		t->ncells = cb.nb;
		t->pool = bucket_layout(&cb, &off);
		t->cell = xcalloc(t->ncells ? t->ncells : 1, sizeof *t->cell);
		for (i = 0; i < t->ncells; i++) {
			t->cell[i] = acc[i];
			t->cell[i].cases = cb.info[i].cases;
			t->cell[i].d = t->pool + off[i];
			t->cell[i].nd = off[i + 1] - off[i];
		}
		free(off);
		sort_r(t->cell, t->ncells, sizeof *t->cell, cmp_cell, &ord);
	}
	if (what & DWELL_MOVES) {
		take_moves(&mb, &ord, t);
		share_of_from(t);
	}
	free(acc);
	order_free(&ord);
	bucket_free(&cb);
	bucket_free(&mb);
}

void dwell_table_order(const struct evlog *l, const struct dwellspec *s, struct dwell_table *t)
{
	struct order ord;

	order_init(&ord, l, s);
	sort_r(t->cell, t->ncells, sizeof *t->cell, cmp_cell, &ord);
	sort_r(t->move, t->nmoves, sizeof *t->move, cmp_move, &ord);
	share_of_from(t);
	order_free(&ord);
}

void dwell_write_moves(const struct evlog *l, const struct dwellspec *s,
		       const struct dwell_table *t, int count_events, struct csvw *w)
{
	size_t i;

	evlog_write_by_names(l, w);
	csvw_names(
		w,
		count_events
			? "from,to,events,cases,share_of_from,median_wait,p90_wait,unit,suppressed"
			: "from,to,cases,share_of_from,median_wait,p90_wait,unit,suppressed");
	for (i = 0; i < t->nmoves; i++) {
		const struct dwell_move *m = &t->move[i];

		evlog_write_group(l, m->group, w);
		csvw_str(w, dwell_key_name(l, s, m->from));
		csvw_str(w, dwell_key_name(l, s, m->to));
		if (count_events && (m->blank & DWELL_BLANK_CASES))
			csvw_empty(w);
		else if (count_events)
			csvw_int(w, m->n);
		if (m->blank & DWELL_BLANK_CASES)
			csvw_empty(w);
		else
			csvw_int(w, m->cases);
		csvw_num(w, m->blank & DWELL_BLANK_SHARE ? NAN : m->share, 1);
		if (m->blank & DWELL_BLANK_WAITS) {
			csvw_empty(w);
			csvw_empty(w);
		} else {
			csvw_num(w, stats_quantile(m->d, (size_t)m->n, 0.5), 2);
			csvw_num(w, stats_quantile(m->d, (size_t)m->n, 0.9), 2);
		}
		csvw_str(w, opt_unit_name(s->unit));
		csvw_int(w, m->blank != 0);
		csvw_end(w);
	}
}

/* The key of event i under s: its stage, or its value of the column followed; UINT32_MAX
 * for an empty value, which is passed over. */
static uint32_t event_key(const struct evlog *l, const struct dwellspec *s, size_t i)
{
	uint32_t key;

	if (!s->on_attr)
		return l->ev[i].stage;
	key = evlog_attr(l, i, (size_t)s->on_attr - 1);
	return strtab_len(l->attrtab[s->on_attr - 1], key) == 0 ? UINT32_MAX : key;
}

void dwell_follows(const struct evlog *l, const struct dwellspec *s, struct dwell_table *t)
{
	struct bucketing mb;
	size_t c, i, *from;
	struct order ord;
	double *sum;

	memset(t, 0, sizeof *t);
	bucket_init(&mb, strtab_count(l->groups), dwell_nkeys(l, s), 1, l->n);
	for (c = 0; c < l->ncases; c++) {
		size_t hi = case_end(l, c, s), prev = SIZE_MAX;

		for (i = l->start[c]; i < hi; i++) {
			uint32_t key = event_key(l, s, i);
			const struct event *a, *b = &l->ev[i];

			if (key == UINT32_MAX)
				continue;
			if (prev != SIZE_MAX && (!s->period || (b->day >= s->period->from &&
								b->day <= s->period->to))) {
				a = &l->ev[prev];
				bucket_add(&mb,
					   bucket_of(&mb, a->group, event_key(l, s, prev), key, c),
					   measure_to(a, b, s->unit));
			}
			prev = i;
		}
	}

	order_init(&ord, l, s);
	take_moves(&mb, &ord, t);
	order_free(&ord);
	/* The share of a pair in the occurrences from its key: the moves of a group and
	 * key are consecutive. */
	sum = xmalloc((t->nmoves ? t->nmoves : 1) * sizeof *sum);
	from = xmalloc((t->nmoves ? t->nmoves : 1) * sizeof *from);
	for (i = 0; i < t->nmoves; i++) {
		from[i] = i > 0 && t->move[i].group == t->move[i - 1].group &&
					  t->move[i].from == t->move[i - 1].from
				  ? from[i - 1]
				  : i;
		sum[from[i]] = (from[i] == i ? 0 : sum[from[i]]) + (double)t->move[i].n;
	}
	for (i = 0; i < t->nmoves; i++)
		t->move[i].share = 100.0 * (double)t->move[i].n / sum[from[i]];
	free(sum);
	free(from);
	bucket_free(&mb);
}

void dwell_blank_follows(struct dwell_table *t, long k)
{
	struct supp *s = supp_new(k);
	size_t *cell = xmalloc((t->nmoves ? t->nmoves : 1) * sizeof *cell);
	size_t *whole = xmalloc((t->nmoves ? t->nmoves : 1) * sizeof *whole);
	size_t i, j, x;

	for (i = 0; i < t->nmoves; i = j) {
		long sum = 0;

		for (j = i; j < t->nmoves && t->move[j].group == t->move[i].group &&
			    t->move[j].from == t->move[i].from;
		     j++)
			sum += t->move[j].n;
		whole[i] = supp_cell(s, sum);
		for (x = i; x < j; x++) {
			whole[x] = whole[i];
			cell[x] = supp_cell(s, t->move[x].n);
			/* Occurrences of fewer than K cases say something of those few, however
			 * many there are. */
			if (t->move[x].cases > 0 && t->move[x].cases < k)
				supp_force(s, cell[x]);
		}
		supp_sum(s, whole[i], cell + i, j - i);
	}
	supp_apply(s);
	for (i = 0; i < t->nmoves; i++) {
		unsigned b = 0;

		if (supp_blank(s, cell[i]))
			b |= DWELL_BLANK_CASES | DWELL_BLANK_SHARE | DWELL_BLANK_WAITS;
		if (supp_blank(s, whole[i]))
			b |= DWELL_BLANK_SHARE;
		t->move[i].blank = b;
	}
	free(cell);
	free(whole);
	supp_free(s);
}

void dwell_blank_moves(struct dwell_table *t, long k)
{
	struct supp *s = supp_new(k);
	size_t *cell = xmalloc((t->nmoves ? t->nmoves : 1) * sizeof *cell);
	size_t *whole = xmalloc((t->nmoves ? t->nmoves : 1) * sizeof *whole);
	size_t i, j, c = 0;

	for (i = 0; i < t->nmoves; i = j) {
		const struct dwell_move *mv = &t->move[i];
		long sum = 0;
		size_t x;

		for (j = i;
		     j < t->nmoves && t->move[j].group == mv->group && t->move[j].from == mv->from;
		     j++)
			sum += t->move[j].cases;
		/* The cases at from, which the shares give away: the cell's, found as
		 * share_of_from finds it; without cells the sum of the moves. */
		while (c < t->ncells &&
		       (t->cell[c].group != mv->group || t->cell[c].key != mv->from))
			c++;
		if (c < t->ncells) {
			whole[i] = supp_cell(s, t->cell[c].cases);
		} else {
			whole[i] = supp_cell(s, sum);
			c = 0;
		}
		for (x = i; x < j; x++) {
			whole[x] = whole[i];
			cell[x] = supp_cell(s, t->move[x].cases);
		}
		/* The shares of a from add up to 100 (but for cases that leave it twice in
		 * different ways): a reader takes its cases for the sum of its moves. */
		supp_sum(s, whole[i], cell + i, j - i);
	}
	supp_apply(s);
	for (i = 0; i < t->nmoves; i++) {
		unsigned b = 0;

		if (supp_blank(s, cell[i]))
			b |= DWELL_BLANK_CASES | DWELL_BLANK_SHARE | DWELL_BLANK_WAITS;
		if (supp_blank(s, whole[i]))
			b |= DWELL_BLANK_SHARE;
		t->move[i].blank = b;
	}
	free(cell);
	free(whole);
	supp_free(s);
}

void dwell_table_free(struct dwell_table *t)
{
	free(t->cell);
	free(t->move);
	free(t->pool);
	free(t->mpool);
	memset(t, 0, sizeof *t);
}
