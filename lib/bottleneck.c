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

/* Per cell of t, the waits past a norm that start in its stage and group; under a period
 * only those that ended in it (done, or dropped where the case left) and those still
 * waiting at asof, as stays are selected. */
static long *over_norm(const struct evlog *l, kday asof, const struct period *p,
		       const struct dwell_table *t)
{
	const struct model *m = l->m;
	struct waitspec ws = { .unit = UNIT_DAYS, .asof = asof, .level = 0.95 };
	size_t ng = strtab_count(l->groups), i, c;
	size_t *first = xcalloc(ng + 1, sizeof *first), *count = xcalloc(ng + 1, sizeof *count);
	long *over = xcalloc(t->ncells + 1, sizeof *over);
	struct wait *wbuf;

	/* The cells of a group are consecutive: find them by group. */
	for (i = t->ncells; i-- > 0;) {
		first[t->cell[i].group] = i;
		count[t->cell[i].group]++;
	}
	ws.pairs = waits_norm_pairs(m, &ws.npairs);
	wbuf = waits_buffer(l, &ws);
	for (c = 0; ws.npairs && c < l->ncases; c++) {
		size_t k = waits_of_case(l, c, &ws, wbuf), j;

		for (j = 0; j < k; j++) {
			uint32_t g = l->ev[wbuf[j].a].group;
			size_t q;

			if (!wbuf[j].over)
				continue;
			if (p && wbuf[j].status != W_WAITING && l->ev[wbuf[j].b].day < p->from)
				continue;
			for (q = first[g]; q < first[g] + count[g]; q++)
				if (t->cell[q].key == wbuf[j].from)
					over[q]++;
		}
	}
	free(wbuf);
	free((void *)ws.pairs);
	free(first);
	free(count);
	return over;
}

/* The waiting and processing of the activities of each row's stage and group, for a log
 * with starts (keten-bottleneck(1)): every event up to asof, under a period those that
 * completed in it.  Processing runs from an event's start to its completion; waiting from
 * the completion of the case's event before it to its start, as keten waits --measure
 * measures them (waits_span, in days).  A figure is blank when its row is suppressed or
 * when fewer than K activities (keten(5), "Small cells") carry it. */
static void lifecycle_columns(const struct evlog *l, const struct bottleneck_opts *o,
			      struct bottleneck_row *rows, size_t n)
{
	size_t ng = strtab_count(l->groups), c, i, q;
	size_t *first = xcalloc(ng + 1, sizeof *first), *count = xcalloc(ng + 1, sizeof *count);
	size_t *off = xcalloc(2 * n + 1, sizeof *off), *fill;
	double *v;
	int pass;

	/* The rows of a group are consecutive: find them by group. */
	for (i = n; i-- > 0;) {
		first[rows[i].group] = i;
		count[rows[i].group]++;
	}
	/* Two passes: the first counts the values of each row (2q: waiting, 2q + 1:
	 * processing), the second puts them in place. */
	fill = xcalloc(2 * n + 1, sizeof *fill);
	v = NULL;
	for (pass = 0; pass < 2; pass++) {
		if (pass == 1) {
			for (q = 0; q < 2 * n; q++)
				off[q + 1] = off[q] + fill[q];
			v = xmalloc((off[2 * n] ? off[2 * n] : 1) * sizeof *v);
			memset(fill, 0, 2 * n * sizeof *fill);
		}
		for (c = 0; c < l->ncases; c++) {
			for (i = l->start[c]; i < l->start[c + 1] && l->ev[i].day <= o->asof; i++) {
				const struct event *e = &l->ev[i];
				int64_t s = evlog_start_time(l, i);

				if (o->period && e->day < o->period->from)
					continue;
				for (q = first[e->group]; q < first[e->group] + count[e->group];
				     q++)
					if (rows[q].stage == e->stage)
						break;
				if (q == first[e->group] + count[e->group])
					continue;
				if (pass == 1)
					v[off[2 * q + 1] + fill[2 * q + 1]] =
						waits_span(s, event_time(e), UNIT_DAYS);
				fill[2 * q + 1]++;
				if (i == l->start[c])
					continue;
				if (pass == 1)
					v[off[2 * q] + fill[2 * q]] =
						waits_span(event_time(&l->ev[i - 1]), s, UNIT_DAYS);
				fill[2 * q]++;
			}
		}
	}
	for (q = 0; q < n; q++) {
		struct bottleneck_row *r = &rows[q];
		double *w = v + off[2 * q], *p = v + off[2 * q + 1];

		r->nwait = (long)fill[2 * q];
		r->nproc = (long)fill[2 * q + 1];
		stats_sort(w, fill[2 * q]);
		stats_sort(p, fill[2 * q + 1]);
		r->lc[BN_WAIT_MEDIAN] = stats_quantile(w, fill[2 * q], 0.5);
		r->lc[BN_WAIT_P90] = stats_quantile(w, fill[2 * q], 0.9);
		r->lc[BN_PROC_MEDIAN] = stats_quantile(p, fill[2 * q + 1], 0.5);
		r->lc[BN_PROC_P90] = stats_quantile(p, fill[2 * q + 1], 0.9);
		r->lc_blank = 0;
		if (r->supp || (r->nwait > 0 && r->nwait < o->min_n))
			r->lc_blank |= 1u << BN_WAIT_MEDIAN | 1u << BN_WAIT_P90;
		if (r->supp || (r->nproc > 0 && r->nproc < o->min_n))
			r->lc_blank |= 1u << BN_PROC_MEDIAN | 1u << BN_PROC_P90;
	}
	free(v);
	free(fill);
	free(off);
	free(first);
	free(count);
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

struct bottleneck_row *bottleneck_stages(const struct evlog *l, const struct bottleneck_opts *o,
					 size_t *n)
{
	static const int defaults[] = { BN_SHARE, BN_DROPRATE };
	const struct model *m = l->m;
	struct dwellspec spec = { .asof = o->asof,
				  .unit = UNIT_DAYS,
				  .idle = o->idle,
				  .last_done = 1,
				  .start_stage = -1 };
	struct ranking rk;
	struct dwell_table t;
	struct bottleneck_row *rows, *out;
	struct rank_item *items;
	uint8_t *done = NULL, *has_norm;
	size_t ng = strtab_count(l->groups), i;
	double *gtotal, period, (*rv)[BN_NCOLS];
	long *over;
	uint32_t *grank, *krank;
	kday start = l->minday;
	int j;

	if (o->completed)
		spec.done_attr = done = done_reasons(l, o->completed);
	spec.period = o->period;
	dwell_table(l, &spec, DWELL_CELLS, &t);
	over = over_norm(l, o->asof, o->period, &t);
	has_norm = xcalloc(m->nstages + 1, 1);
	for (i = 0; i < m->nnorms; i++)
		has_norm[m->norms[i].from] = 1;
	gtotal = xcalloc(ng + 1, sizeof *gtotal);
	for (i = 0; i < t.ncells; i++)
		gtotal[t.cell[i].group] += t.cell[i].total;

	/* The stays that ended are counted from the first date (or the start of the period,
	 * when later) to the as-of date. */
	if (o->period && o->period->from > start)
		start = o->period->from;
	period = (double)o->asof - (double)start + 1;
	rows = xcalloc(t.ncells + 1, sizeof *rows);
	for (i = 0; i < t.ncells; i++) {
		const struct dwell_cell *cl = &t.cell[i];
		struct bottleneck_row *r = &rows[i];
		double left = (double)(cl->left + cl->done),
		       dropped = (double)(cl->dropped + cl->idle);
		double mean = stats_mean(cl->d, cl->nd);

		r->group = cl->group;
		r->stage = cl->key;
		r->cases = cl->cases;
		r->v[BN_ENTERED] = (double)cl->entered;
		r->v[BN_LEFT] = left;
		r->v[BN_DROPPED] = dropped;
		r->v[BN_WIP] = (double)cl->open;
		r->v[BN_MEDIAN] = stats_quantile(cl->d, cl->nd, 0.5);
		r->v[BN_P90] = stats_quantile(cl->d, cl->nd, 0.9);
		r->v[BN_DAYS] = cl->total;
		r->v[BN_SHARE] = gtotal[cl->group] > 0 ? 100 * cl->total / gtotal[cl->group] : NAN;
		r->v[BN_DROPRATE] = left + dropped > 0 ? 100 * dropped / (left + dropped) : NAN;
		r->v[BN_OVER] = has_norm[cl->key] ? (double)over[i] : NAN;
		r->v[BN_THROUGHPUT] = period > 0 ? (left + dropped) * 30 / period : NAN;
		r->v[BN_LITTLE] = r->v[BN_THROUGHPUT] * mean / 30;
	}
	blank_rows(rows, t.ncells, has_norm, gtotal, o->min_n);
	for (i = 0; i < t.ncells; i++)
		for (j = 0; j < BN_LC_NCOLS; j++)
			rows[i].lc[j] = NAN;
	if (l->tstart)
		lifecycle_columns(l, o, rows, t.ncells);

	if (o->rank)
		rk = *o->rank;
	else
		ranking_keys(&rk, NULL, bottleneck_cols, BN_NCOLS, defaults, 2);
	grank = xmalloc((ng + 1) * sizeof *grank);
	free(evlog_group_order(l, grank));
	krank = dwell_key_rank(l, &spec);
	rk.grank = grank;
	rk.krank = krank;
	/* A blank value ranks as an empty one, so that the order tells nothing of it. */
	rv = xcalloc(t.ncells + 1, sizeof *rv);
	items = xcalloc(t.ncells + 1, sizeof *items);
	for (i = 0; i < t.ncells; i++) {
		for (j = 0; j < BN_NCOLS; j++)
			rv[i][j] = rows[i].blank & BIT(j) ? NAN : rows[i].v[j];
		items[i].group = rows[i].group;
		items[i].key = rows[i].stage;
		items[i].v = rv[i];
		items[i].supp = rows[i].supp;
		items[i].id = i;
	}
	rank_items(items, t.ncells, &rk);
	out = xcalloc(t.ncells + 1, sizeof *out);
	for (i = 0; i < t.ncells; i++) {
		out[i] = rows[items[i].id];
		out[i].pos = items[i].pos;
	}
	*n = t.ncells;

	free(items);
	free(rv);
	free(grank);
	free(krank);
	free(rows);
	free(over);
	free(has_norm);
	free(gtotal);
	free(done);
	dwell_table_free(&t);
	return out;
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
