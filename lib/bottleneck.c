/* bottleneck: the stays of each stage and their metrics, the ranking of result rows, and
 * the referral question.
 *
 * The metrics are those of keten-bottleneck(1): a stage's stays are dwell_table's cells
 * (under --period, the stays dwell selects for the period, as keten flow does), its waits past
 * a norm from waits_of_case (counted where they start, as keten waits --norms counts them
 * as over), and share, drop rate, throughput and Little's WIP follow from those.  The
 * blanks of --min-n follow keten(5), "Small cells" (lib/suppress).  keten report shows
 * the same rows; keten flow and keten report say the same referral figures. */
#include "bottleneck.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "period.h"
#include "sort.h"
#include "stats.h"
#include "strtab.h"
#include "suppress.h"
#include "waits.h"

/* clang-format off */
const char *const bottleneck_cols[BN_NCOLS] = {
	"entered", "left", "dropped", "wip", "median_dwell", "p90_dwell", "dwell_days",
	"share", "drop_rate", "over_norm", "throughput", "littles_wip",
};
/* clang-format on */
const int bottleneck_decimals[BN_NCOLS] = { 0, 0, 0, 0, 2, 2, 2, 1, 1, 0, 2, 2 };
/* clang-format off */
const char *const bottleneck_lc_cols[BN_LC_NCOLS] = {
	"median_waiting", "p90_waiting", "median_processing", "p90_processing",
};
/* clang-format on */

int ranking_keys(struct ranking *rk, const char *by, const char *const *cols, int ncols,
		 const int *defaults, int ndef)
{
	int i, col = -1;

	rk->nkeys = 0;
	if (by) {
		for (i = 0; i < ncols; i++)
			if (strcmp(by, cols[i]) == 0)
				col = i;
		if (col < 0)
			return -1;
		rk->key[rk->nkeys++] = col;
	}
	for (i = 0; i < ndef && rk->nkeys < RANK_MAXKEYS; i++)
		if (defaults[i] != col)
			rk->key[rk->nkeys++] = defaults[i];
	return 0;
}

static int cmp_item(const void *x, const void *y, void *ctx)
{
	const struct rank_item *a = x, *b = y;
	const struct ranking *rk = ctx;
	int i;

	if (a->group != b->group)
		return rk->grank[a->group] < rk->grank[b->group] ? -1 : 1;
	if (a->supp != b->supp)
		return a->supp - b->supp;
	for (i = 0; !a->supp && i < rk->nkeys; i++) {
		double p = a->v[rk->key[i]], q = b->v[rk->key[i]];

		/* An empty value ranks below any number. */
		if (isnan(p) != isnan(q))
			return isnan(p) ? 1 : -1;
		if (!isnan(p) && p != q)
			return p > q ? -1 : 1;
	}
	return (rk->krank[a->key] > rk->krank[b->key]) - (rk->krank[a->key] < rk->krank[b->key]);
}

void rank_items(struct rank_item *items, size_t n, const struct ranking *rk)
{
	size_t i;

	sort_r(items, n, sizeof *items, cmp_item, (void *)rk);
	for (i = 0; i < n; i++)
		items[i].pos = i > 0 && items[i].group == items[i - 1].group ? items[i - 1].pos + 1
									     : 1;
}

/* Marks the values of the log's first attribute column that are among the reasons of a
 * comma-separated list. */
static uint8_t *done_reasons(const struct evlog *l, const char *list)
{
	size_t n = strtab_count(l->attrs);
	uint8_t *done = xcalloc(n ? n : 1, 1);
	const char *p = list;

	for (;;) {
		const char *c = strchr(p, ',');
		size_t len = c ? (size_t)(c - p) : strlen(p);
		uint32_t id = strtab_find(l->attrs, p, len);

		if (id != UINT32_MAX)
			done[id] = 1;
		if (!c)
			break;
		p = c + 1;
	}
	return done;
}

/* A sum of days in the table of a group's dwell days: not blanked for its size, which
 * tells nothing of how many people stayed (the row's counts decide), and otherwise as
 * large as it is, so that the smallest is the one blanked next. */
static size_t days_cell(struct supp *s, double days, long k)
{
	long v = days > 0 ? (long)ceil(days) : 0;

	return supp_cell(s, v > 0 && v < k ? k : v);
}

#define BIT(col) (1u << (col))

/* Sets the blanks of the rows (in cell order: a group's rows are consecutive) by the rule
 * of keten(5), "Small cells".  The counts of a row are entered, left, dropped and wip,
 * with the ended stays (left + dropped), which the table does not print but which
 * throughput gives away, and the waits over a norm; a row of fewer than K cases has them
 * all blank.  They are tied by ended = left + dropped and entered = ended + wip =
 * left + dropped + wip.  The dwell days of a group's rows add up to the group's, which
 * any shown share with its dwell days gives away: a row's dwell days are blank with its
 * entered, and the sum is then made safe in a table of its own.  Last, each figure is
 * blank with its denominator: the dwell statistics, throughput and Little's WIP with the
 * ended stays, the drop rate with the ended stays or the drops (its part), the share
 * with the dwell days or the group's. */
static void blank_rows(struct bottleneck_row *rows, size_t n, const uint8_t *has_norm,
		       const double *gtotal, long k)
{
	enum { C_N, C_L, C_D, C_W, C_E, C_O, NC };
	struct supp *s = supp_new(k), *sd = supp_new(k);
	size_t(*cell)[NC] = xcalloc(n + 1, sizeof *cell);
	size_t *days = xcalloc(n + 1, sizeof *days), *tot = xcalloc(n + 1, sizeof *tot);
	size_t i, j, a, b;

	for (i = 0; i < n; i++) {
		struct bottleneck_row *r = &rows[i];
		size_t *x = cell[i], part[3];

		r->supp = r->cases > 0 && r->cases < k;
		x[C_N] = supp_cell(s, (long)r->v[BN_ENTERED]);
		x[C_L] = supp_cell(s, (long)r->v[BN_LEFT]);
		x[C_D] = supp_cell(s, (long)r->v[BN_DROPPED]);
		x[C_W] = supp_cell(s, (long)r->v[BN_WIP]);
		x[C_E] = supp_cell(s, (long)(r->v[BN_LEFT] + r->v[BN_DROPPED]));
		x[C_O] = supp_cell(s, has_norm[r->stage] ? (long)r->v[BN_OVER] : 0);
		if (r->supp)
			for (j = 0; j < NC; j++)
				supp_force(s, x[j]);
		part[0] = x[C_L], part[1] = x[C_D], part[2] = x[C_W];
		supp_sum(s, x[C_E], part, 2);
		supp_sum(s, x[C_N], part, 3);
		part[0] = x[C_E], part[1] = x[C_W];
		supp_sum(s, x[C_N], part, 2);
	}
	supp_apply(s);

	for (a = 0; a < n; a = b) {
		size_t g;

		for (b = a; b < n && rows[b].group == rows[a].group; b++)
			days[b] = days_cell(sd, rows[b].v[BN_DAYS], k);
		g = days_cell(sd, gtotal[rows[a].group], k);
		for (i = a; i < b; i++) {
			tot[i] = g;
			if (supp_blank(s, cell[i][C_N]))
				supp_force(sd, days[i]);
		}
		supp_sum(sd, g, days + a, b - a);
	}
	supp_apply(sd);

	for (i = 0; i < n; i++) {
		struct bottleneck_row *r = &rows[i];
		const size_t *x = cell[i];
		int e = supp_blank(s, x[C_E]), d = supp_blank(sd, days[i]);

		r->blank = 0;
		if (r->supp) {
			r->blank = BIT(BN_NCOLS) - 1;
			continue;
		}
		r->blank |= supp_blank(s, x[C_N]) ? BIT(BN_ENTERED) : 0;
		r->blank |= supp_blank(s, x[C_L]) ? BIT(BN_LEFT) : 0;
		r->blank |= supp_blank(s, x[C_D]) ? BIT(BN_DROPPED) : 0;
		r->blank |= supp_blank(s, x[C_W]) ? BIT(BN_WIP) : 0;
		r->blank |= has_norm[r->stage] && supp_blank(s, x[C_O]) ? BIT(BN_OVER) : 0;
		if (e)
			r->blank |= BIT(BN_MEDIAN) | BIT(BN_P90) | BIT(BN_THROUGHPUT) |
				    BIT(BN_LITTLE);
		if (e || supp_blank(s, x[C_D]))
			r->blank |= BIT(BN_DROPRATE);
		if (d)
			r->blank |= BIT(BN_DAYS);
		if (d || supp_blank(sd, tot[i]))
			r->blank |= BIT(BN_SHARE);
	}
	free(cell);
	free(days);
	free(tot);
	supp_free(s);
	supp_free(sd);
}

/* clang-format off */
const char *const bottleneck_count_kinds[BN_C_NKINDS] = {
	"cases", "left", "done", "dropped", "idle", "open", "over", "norm_open", "waiting",
	"processing",
};
/* clang-format on */

void bottleneck_counts_init(struct bottleneck_counts *bc)
{
	memset(bc, 0, sizeof *bc);
	bc->keys = strtab_new_aligned();
	bc->cap = 1;
	bc->count = xcalloc(1, sizeof *bc->count);
}

void bottleneck_counts_add(struct bottleneck_counts *bc, const struct bn_count *k, long count)
{
	uint32_t id = strtab_intern(bc->keys, (const char *)k, sizeof *k);

	if (id >= bc->cap) {
		size_t old = bc->cap;

		xgrow(&bc->count, &bc->cap, (size_t)id + 1, sizeof *bc->count);
		memset(bc->count + old, 0, (bc->cap - old) * sizeof *bc->count);
	}
	bc->count[id] += count;
}

const struct bn_count *bottleneck_count_key(const struct bottleneck_counts *bc, uint32_t id)
{
	return (const struct bn_count *)(const void *)strtab_str(bc->keys, id);
}

void bottleneck_counts_free(struct bottleneck_counts *bc)
{
	strtab_free(bc->keys);
	free(bc->count);
	memset(bc, 0, sizeof *bc);
}

/* Sets the instant a key began at from event a. */
static void count_start(struct bn_count *k, const struct event *a)
{
	k->day = a->day;
	k->ms = a->ms;
	k->off = a->off;
}

/* The stays of case c (their cases, how they ended, the open ones per start), the waits
 * past a norm that start in a stage (under a period those that ended in it and those still
 * waiting, as stays are selected) and, with starts, the waiting and processing of its
 * activities up to asof (under a period those that completed in it): waiting from the
 * completion of the case's event before to the start, processing from the start to the
 * completion, as keten waits --measure measures them (waits_span, in days). */
static void count_case(const struct evlog *l, size_t c, const struct bottleneck_opts *o,
		       const struct dwellspec *spec, const struct waitspec *ws, struct stay *buf,
		       struct wait *wbuf, struct bottleneck_counts *bc)
{
	size_t lo = l->start[c], hi = l->start[c + 1], ns, nw, i, j;
	struct bn_count k;
	kday last;

	while (hi > lo && l->ev[hi - 1].day > o->asof)
		hi--;
	if (hi == lo)
		return;
	last = l->ev[hi - 1].day;
	ns = dwell_of_case(l, c, spec, buf);
	for (i = 0; i < ns; i++) {
		const struct stay *st = &buf[i];
		const struct event *a = &l->ev[st->a];

		memset(&k, 0, sizeof k);
		k.group = a->group;
		k.stage = st->key;
		k.kind = BN_C_CASES;
		for (j = 0; j < i; j++)
			if (buf[j].key == st->key && l->ev[buf[j].a].group == a->group)
				break;
		if (j == i)
			bottleneck_counts_add(bc, &k, 1);
		if (st->end == STAY_OPEN) {
			/* Judged at the as-of date of the whole: still open, or idle when its
			 * case's last day lies o->idle days before it. */
			k.kind = BN_C_OPEN;
			count_start(&k, a);
			k.last = o->idle > 0 ? last : 0;
		} else {
			k.kind = st->end == STAY_LEFT      ? BN_C_LEFT
				 : st->end == STAY_DONE    ? BN_C_DONE
				 : st->end == STAY_DROPPED ? BN_C_DROPPED
							   : BN_C_IDLE;
			k.v = st->d;
		}
		bottleneck_counts_add(bc, &k, 1);
	}
	nw = ws->npairs ? waits_of_case(l, c, ws, wbuf) : 0;
	for (j = 0; j < nw; j++) {
		const struct wait *x = &wbuf[j];

		memset(&k, 0, sizeof k);
		k.group = l->ev[x->a].group;
		k.stage = x->from;
		if (x->status == W_WAITING) {
			if (x->norm < 0)
				continue;
			k.kind = BN_C_NORM_OPEN;
			k.norm = x->norm;
			count_start(&k, &l->ev[x->a]);
		} else {
			if (!x->over)
				continue;
			if (o->period && l->ev[x->b].day < o->period->from)
				continue;
			k.kind = BN_C_OVER;
		}
		bottleneck_counts_add(bc, &k, 1);
	}
	for (i = lo; l->tstart && i < hi; i++) {
		const struct event *e = &l->ev[i];
		int64_t s = evlog_start_time(l, i);

		if (o->period && e->day < o->period->from)
			continue;
		memset(&k, 0, sizeof k);
		k.group = e->group;
		k.stage = e->stage;
		k.kind = BN_C_PROCESSING;
		k.v = waits_span(s, event_time(e), UNIT_DAYS);
		/* One zero, never -0, whose bits would count apart. */
		k.v = k.v == 0 ? 0 : k.v;
		bottleneck_counts_add(bc, &k, 1);
		if (i == l->start[c])
			continue;
		k.kind = BN_C_WAITING;
		k.v = waits_span(event_time(&l->ev[i - 1]), s, UNIT_DAYS);
		k.v = k.v == 0 ? 0 : k.v;
		bottleneck_counts_add(bc, &k, 1);
	}
}

void bottleneck_count(const struct evlog *l, const struct bottleneck_opts *o,
		      struct bottleneck_counts *bc)
{
	struct dwellspec spec = { .asof = o->asof,
				  .unit = UNIT_DAYS,
				  .idle = o->idle,
				  .last_done = 1,
				  .start_stage = -1 };
	struct waitspec ws = { .unit = UNIT_DAYS, .asof = o->asof, .level = 0.95 };
	struct stay *buf = xmalloc((evlog_max_case(l) + 1) * sizeof *buf);
	struct wait *wbuf;
	uint8_t *done = NULL;
	size_t c;

	if (o->completed)
		spec.done_attr = done = done_reasons(l, o->completed);
	spec.period = o->period;
	ws.pairs = waits_norm_pairs(l->m, &ws.npairs);
	wbuf = waits_buffer(l, &ws);
	if (l->n && (!bc->nonempty || l->minday < bc->first)) {
		bc->first = l->minday;
		bc->nonempty = 1;
	}
	if (l->tstart)
		bc->starts = 1;
	for (c = 0; c < l->ncases; c++)
		count_case(l, c, o, &spec, &ws, buf, wbuf, bc);
	free(wbuf);
	free((void *)ws.pairs);
	free(buf);
	free(done);
}

struct count_order {
	const struct bottleneck_counts *bc;
	const uint32_t *grank, *krank;
};

int bottleneck_count_cmp(const struct bn_count *a, const struct bn_count *b, const uint32_t *grank,
			 const uint32_t *krank)
{
	if (a->group != b->group)
		return grank[a->group] < grank[b->group] ? -1 : 1;
	if (a->stage != b->stage) {
		uint32_t p = krank ? krank[a->stage] : a->stage;
		uint32_t q = krank ? krank[b->stage] : b->stage;

		return p < q ? -1 : 1;
	}
	if (a->kind != b->kind)
		return a->kind < b->kind ? -1 : 1;
	if (a->v != b->v)
		return a->v < b->v ? -1 : 1;
	if (a->day != b->day)
		return a->day < b->day ? -1 : 1;
	if (a->ms != b->ms)
		return a->ms < b->ms ? -1 : 1;
	if (a->off != b->off)
		return a->off < b->off ? -1 : 1;
	if (a->last != b->last)
		return a->last < b->last ? -1 : 1;
	return (a->norm > b->norm) - (a->norm < b->norm);
}

/* Counts in cell order (groups, then stages in model order), then by kind and value. */
static int cmp_counts(const void *x, const void *y, void *ctx)
{
	const struct count_order *o = ctx;

	return bottleneck_count_cmp(bottleneck_count_key(o->bc, *(const uint32_t *)x),
				    bottleneck_count_key(o->bc, *(const uint32_t *)y), o->grank,
				    o->krank);
}

/* The values of one cell, each value repeated as often as it was counted. */
struct cellvals {
	double *d, *all, *w, *p; /* ended dwells, every dwell, waiting, processing */
	size_t nd, nall, nw, np, cap;
};

static void cellvals_put(double **v, size_t *n, double x, long count)
{
	long i;

	for (i = 0; i < count; i++)
		(*v)[(*n)++] = x;
}

/* Fills row r from the counts ids[a .. b - 1] of one group and stage; returns 0 when the
 * stage has no stay there (no row). */
static int finish_cell(const struct evlog *l, const struct bottleneck_opts *o,
		       const struct bottleneck_counts *bc, const uint32_t *ids, size_t a, size_t b,
		       struct cellvals *cv, struct bottleneck_row *r, double *mean)
{
	long cases = 0, n[BN_C_NKINDS] = { 0 }, over = 0;
	size_t i, total = 0;

	for (i = a; i < b; i++)
		total += (size_t)bc->count[ids[i]];
	if (total > cv->cap || !cv->d) {
		cv->cap = total ? total : 1;
		cv->d = xreallocarray(cv->d, cv->cap, sizeof *cv->d);
		cv->all = xreallocarray(cv->all, cv->cap, sizeof *cv->all);
		cv->w = xreallocarray(cv->w, cv->cap, sizeof *cv->w);
		cv->p = xreallocarray(cv->p, cv->cap, sizeof *cv->p);
	}
	cv->nd = cv->nall = cv->nw = cv->np = 0;
	for (i = a; i < b; i++) {
		const struct bn_count *k = bottleneck_count_key(bc, ids[i]);
		long cnt = bc->count[ids[i]];
		struct event e;
		struct wait x;
		int kind = k->kind;
		double v = k->v;

		memset(&e, 0, sizeof e);
		e.day = k->day;
		e.ms = k->ms;
		e.off = (int16_t)k->off;
		switch (kind) {
		case BN_C_CASES:
			cases += cnt;
			continue;
		case BN_C_OVER:
			over += cnt;
			continue;
		case BN_C_NORM_OPEN:
			waits_censor(l->m, k->norm, &e, o->asof, UNIT_DAYS, &x);
			over += x.over ? cnt : 0;
			continue;
		case BN_C_WAITING:
			cellvals_put(&cv->w, &cv->nw, v, cnt);
			continue;
		case BN_C_PROCESSING:
			cellvals_put(&cv->p, &cv->np, v, cnt);
			continue;
		case BN_C_OPEN:
			/* As dwell_of_case ends a stay at asof: idle after o->idle days without
			 * an event, on the last day plus the idle days (under a period only
			 * when that is not before it); otherwise open to asof. */
			if (o->idle > 0 && (long)o->asof - k->last >= o->idle) {
				if (o->period && k->last + (kday)o->idle < o->period->from)
					continue;
				kind = BN_C_IDLE;
				v = waits_measure_to(&e, k->last + (kday)o->idle, -1, UNIT_DAYS);
				v = v <= 0 ? 0 : v;
			} else {
				v = dwell_open(&e, o->asof, UNIT_DAYS);
			}
			break;
		default:
			break;
		}
		n[kind] += cnt;
		if (kind != BN_C_OPEN)
			cellvals_put(&cv->d, &cv->nd, v, cnt);
		cellvals_put(&cv->all, &cv->nall, v, cnt);
	}
	if (cv->nall == 0)
		return 0;
	stats_sort(cv->d, cv->nd);
	stats_sort(cv->all, cv->nall);
	stats_sort(cv->w, cv->nw);
	stats_sort(cv->p, cv->np);
	r->cases = cases;
	r->v[BN_ENTERED] = (double)cv->nall;
	r->v[BN_LEFT] = (double)(n[BN_C_LEFT] + n[BN_C_DONE]);
	r->v[BN_DROPPED] = (double)(n[BN_C_DROPPED] + n[BN_C_IDLE]);
	r->v[BN_WIP] = (double)n[BN_C_OPEN];
	r->v[BN_MEDIAN] = stats_quantile(cv->d, cv->nd, 0.5);
	r->v[BN_P90] = stats_quantile(cv->d, cv->nd, 0.9);
	/* The dwells added up in ascending order, so that every split of the cases into
	 * parts adds them up the same (keten-merge(1)). */
	r->v[BN_DAYS] = 0;
	for (i = 0; i < cv->nall; i++)
		r->v[BN_DAYS] += cv->all[i];
	r->v[BN_OVER] = (double)over;
	*mean = stats_mean(cv->d, cv->nd);
	r->nwait = (long)cv->nw;
	r->nproc = (long)cv->np;
	r->lc[BN_WAIT_MEDIAN] = stats_quantile(cv->w, cv->nw, 0.5);
	r->lc[BN_WAIT_P90] = stats_quantile(cv->w, cv->nw, 0.9);
	r->lc[BN_PROC_MEDIAN] = stats_quantile(cv->p, cv->np, 0.5);
	r->lc[BN_PROC_P90] = stats_quantile(cv->p, cv->np, 0.9);
	return 1;
}

struct bottleneck_row *bottleneck_finish(const struct evlog *l, const struct bottleneck_opts *o,
					 const struct bottleneck_counts *bc, size_t *n)
{
	static const int defaults[] = { BN_SHARE, BN_DROPRATE };
	const struct model *m = l->m;
	struct dwellspec spec = { .unit = UNIT_DAYS, .start_stage = -1 };
	size_t nk = strtab_count(bc->keys), ng = strtab_count(l->groups), i, a, b, nrows = 0;
	uint32_t *ids = xmalloc((nk + 1) * sizeof *ids), *grank, *krank;
	struct bottleneck_row *rows = xcalloc(nk + 1, sizeof *rows), *out;
	double *mean = xcalloc(nk + 1, sizeof *mean), *gtotal, period, (*rv)[BN_NCOLS];
	struct cellvals cv;
	struct count_order ord;
	struct ranking rk;
	struct rank_item *items;
	uint8_t *has_norm;
	kday start = bc->first;
	int j;

	grank = xmalloc((ng + 1) * sizeof *grank);
	free(evlog_group_order(l, grank));
	krank = dwell_key_rank(l, &spec);
	ord.bc = bc;
	ord.grank = grank;
	ord.krank = krank;
	for (i = 0; i < nk; i++)
		ids[i] = (uint32_t)i;
	sort_r(ids, nk, sizeof *ids, cmp_counts, &ord);
	has_norm = xcalloc(m->nstages + 1, 1);
	for (i = 0; i < m->nnorms; i++)
		has_norm[m->norms[i].from] = 1;

	memset(&cv, 0, sizeof cv);
	for (a = 0; a < nk; a = b) {
		const struct bn_count *ka = bottleneck_count_key(bc, ids[a]);
		struct bottleneck_row *r = &rows[nrows];

		for (b = a + 1; b < nk; b++) {
			const struct bn_count *kb = bottleneck_count_key(bc, ids[b]);

			if (kb->group != ka->group || kb->stage != ka->stage)
				break;
		}
		memset(r, 0, sizeof *r);
		r->group = ka->group;
		r->stage = ka->stage;
		if (finish_cell(l, o, bc, ids, a, b, &cv, r, &mean[nrows]))
			nrows++;
	}
	free(cv.d);
	free(cv.all);
	free(cv.w);
	free(cv.p);

	/* The stays that ended are counted from the first date (or the start of the period,
	 * when later) to the as-of date. */
	if (o->period && o->period->from > start)
		start = o->period->from;
	period = (double)o->asof - (double)start + 1;
	gtotal = xcalloc(ng + 1, sizeof *gtotal);
	for (i = 0; i < nrows; i++)
		gtotal[rows[i].group] += rows[i].v[BN_DAYS];
	for (i = 0; i < nrows; i++) {
		struct bottleneck_row *r = &rows[i];
		double left = r->v[BN_LEFT], dropped = r->v[BN_DROPPED];

		r->v[BN_SHARE] = gtotal[r->group] > 0 ? 100 * r->v[BN_DAYS] / gtotal[r->group]
						      : NAN;
		r->v[BN_DROPRATE] = left + dropped > 0 ? 100 * dropped / (left + dropped) : NAN;
		if (!has_norm[r->stage])
			r->v[BN_OVER] = NAN;
		r->v[BN_THROUGHPUT] = period > 0 ? (left + dropped) * 30 / period : NAN;
		r->v[BN_LITTLE] = r->v[BN_THROUGHPUT] * mean[i] / 30;
	}
	blank_rows(rows, nrows, has_norm, gtotal, o->min_n);
	/* With starts, the waiting and processing of the stage's activities: a figure is blank
	 * when its row is suppressed or when fewer than K activities (keten(5), "Small cells")
	 * carry it. */
	for (i = 0; i < nrows; i++) {
		struct bottleneck_row *r = &rows[i];

		r->lc_blank = 0;
		if (!bc->starts) {
			for (j = 0; j < BN_LC_NCOLS; j++)
				r->lc[j] = NAN;
			continue;
		}
		if (r->supp || (r->nwait > 0 && r->nwait < o->min_n))
			r->lc_blank |= 1u << BN_WAIT_MEDIAN | 1u << BN_WAIT_P90;
		if (r->supp || (r->nproc > 0 && r->nproc < o->min_n))
			r->lc_blank |= 1u << BN_PROC_MEDIAN | 1u << BN_PROC_P90;
	}

	if (o->rank)
		rk = *o->rank;
	else
		ranking_keys(&rk, NULL, bottleneck_cols, BN_NCOLS, defaults, 2);
	rk.grank = grank;
	rk.krank = krank;
	/* A blank value ranks as an empty one, so that the order tells nothing of it. */
	rv = xcalloc(nrows + 1, sizeof *rv);
	items = xcalloc(nrows + 1, sizeof *items);
	for (i = 0; i < nrows; i++) {
		for (j = 0; j < BN_NCOLS; j++)
			rv[i][j] = rows[i].blank & BIT(j) ? NAN : rows[i].v[j];
		items[i].group = rows[i].group;
		items[i].key = rows[i].stage;
		items[i].v = rv[i];
		items[i].supp = rows[i].supp;
		items[i].id = i;
	}
	rank_items(items, nrows, &rk);
	out = xcalloc(nrows + 1, sizeof *out);
	for (i = 0; i < nrows; i++) {
		out[i] = rows[items[i].id];
		out[i].pos = items[i].pos;
	}
	*n = nrows;

	free(items);
	free(rv);
	free(grank);
	free(krank);
	free(rows);
	free(mean);
	free(ids);
	free(has_norm);
	free(gtotal);
	return out;
}

struct bottleneck_row *bottleneck_stages(const struct evlog *l, const struct bottleneck_opts *o,
					 size_t *n)
{
	struct bottleneck_counts bc;
	struct bottleneck_row *rows;

	bottleneck_counts_init(&bc);
	bottleneck_count(l, o, &bc);
	rows = bottleneck_finish(l, o, &bc, n);
	bottleneck_counts_free(&bc);
	return rows;
}

void bottleneck_write(const struct evlog *l, const struct bottleneck_row *rows, size_t n,
		      int starts, long top, struct csvw *w)
{
	size_t i;
	int j;

	evlog_write_by_names(l, w);
	csvw_str(w, "stage");
	for (j = 0; j < BN_NCOLS; j++)
		csvw_str(w, bottleneck_cols[j]);
	for (j = 0; starts && j < BN_LC_NCOLS; j++)
		csvw_str(w, bottleneck_lc_cols[j]);
	csvw_names(w, "rank,suppressed");
	for (i = 0; i < n; i++) {
		const struct bottleneck_row *r = &rows[i];

		if (top && r->pos > top)
			continue;
		evlog_write_group(l, r->group, w);
		csvw_str(w, l->m->stages[r->stage].name);
		for (j = 0; j < BN_NCOLS; j++) {
			if (r->blank & (1u << j))
				csvw_empty(w);
			else if (bottleneck_decimals[j] == 0 && !isnan(r->v[j]))
				csvw_int(w, (long long)r->v[j]);
			else
				csvw_num(w, r->v[j], bottleneck_decimals[j]);
		}
		/* With starts, the waiting and processing of the stage (keten-bottleneck(1)). */
		for (j = 0; starts && j < BN_LC_NCOLS; j++)
			csvw_num(w, r->lc_blank & (1u << j) ? NAN : r->lc[j], 2);
		if (r->supp)
			csvw_empty(w);
		else
			csvw_int(w, r->pos);
		csvw_int(w, r->blank != 0 || r->lc_blank != 0);
		csvw_end(w);
	}
}
/* The blanks of one referral row: its counts and their two sums, and the share. */
static void referral_blank(struct referral *x, long k)
{
	struct supp *s = supp_new(k);
	size_t cases = supp_cell(s, x->cases), reached = supp_cell(s, x->reached);
	size_t never = supp_cell(s, x->never), ended = supp_cell(s, x->ended);
	size_t open = supp_cell(s, x->open), part[2];

	part[0] = reached, part[1] = never;
	supp_sum(s, cases, part, 2);
	part[0] = ended, part[1] = open;
	supp_sum(s, never, part, 2);
	supp_apply(s);
	x->blank = (supp_blank(s, cases) ? REFERRAL_BLANK_CASES : 0u) |
		   (supp_blank(s, reached) ? REFERRAL_BLANK_REACHED : 0u) |
		   (supp_blank(s, never) ? REFERRAL_BLANK_NEVER : 0u) |
		   (supp_blank(s, ended) ? REFERRAL_BLANK_ENDED : 0u) |
		   (supp_blank(s, open) ? REFERRAL_BLANK_OPEN : 0u);
	/* A share is blank with its part or its whole. */
	if (supp_blank(s, cases) || supp_blank(s, never))
		x->blank |= REFERRAL_BLANK_SHARE;
	x->supp = supp_blank(s, cases);
	supp_free(s);
}

struct referral *referral_count(const struct evlog *l, const struct dwellspec *s, long min_n,
				size_t *nout)
{
	const struct strtab *vals = l->attrtab[s->on_attr - 1];
	uint32_t inf = strtab_find(vals, REFERRAL_INFORMAL, strlen(REFERRAL_INFORMAL));
	uint32_t frm = strtab_find(vals, REFERRAL_FORMAL, strlen(REFERRAL_FORMAL));
	size_t ng = strtab_count(l->groups), c, i, k = 0;
	struct referral *r = xcalloc(ng + 1, sizeof *r), *out;
	struct stay *buf = xmalloc(evlog_max_case(l) * sizeof *buf);
	uint32_t *order;
	struct dwellspec whole = *s;

	/* Whether formal help came after informal help is a question of the whole case. */
	whole.period = NULL;
	for (c = 0; c < l->ncases; c++) {
		size_t ns = dwell_of_case(l, c, &whole, buf);
		int seen = 0, reached = 0;
		uint32_t g = 0;

		for (i = 0; i < ns; i++) {
			if (buf[i].key == inf && !seen) {
				seen = 1;
				g = l->ev[buf[i].a].group;
			} else if (buf[i].key == frm && seen) {
				reached = 1;
			}
		}
		if (!seen)
			continue;
		r[g].cases++;
		if (reached)
			r[g].reached++;
		else if (buf[ns - 1].end == STAY_OPEN)
			r[g].open++;
		else
			r[g].ended++;
	}
	free(buf);

	order = evlog_group_order(l, NULL);
	out = xcalloc(ng + 1, sizeof *out);
	for (i = 0; i < ng; i++) {
		struct referral *x = &r[order[i]];

		if (!x->cases)
			continue;
		x->group = order[i];
		x->never = x->cases - x->reached;
		referral_blank(x, min_n);
		out[k++] = *x;
	}
	free(order);
	free(r);
	*nout = k;
	return out;
}
