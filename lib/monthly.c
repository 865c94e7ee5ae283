/* monthly: the figures of keten report's month, each from the call that the command
 * answering the same question makes with --period MONTH (keten-report(1)). */
#include "monthly.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "codes.h"
#include "diag.h"
#include "stats.h"
#include "strtab.h"
#include "suppress.h"

struct period monthly_back(const struct period *p, int back)
{
	struct period q;
	int y, m, d, ym;

	date_to_ymd(p->from, &y, &m, &d);
	ym = y * 12 + m - 1 - back;
	q.from = date_from_ymd(ym / 12, ym % 12 + 1, 1);
	q.to = period_month_end(ym / 12, ym % 12 + 1);
	return q;
}

kday monthly_asof(const struct monthly *c, const struct period *p)
{
	return waits_period_asof(c->all, p, c->asof_given, c->asof);
}

/* keten(5), "Small cells", on the counts of Period and data (keten-report(1)).  The
 * cases in the chain during the period are those that started in it and those that came
 * from before; and those that left in it and those that did not: where the second of a
 * pair (not written, but worked out) is 1 to K - 1, the first is blanked with it.  Where
 * the cases of the input outside the period are 1 to K - 1, the cases of the input are
 * blanked rather than those of the period, which the klantreis shows again as its
 * started.  The events in the period rest on its cases, the coded segments on the
 * interviews.  The events read are the input file's records, as in Provenance: no count
 * of the period, they stay. */
void monthly_blanks(const struct monthly *c, const struct period_counts *n, unsigned char *blank)
{
	long k = c->min_n, cases = (long)n->cases, input = (long)c->all->ncases;
	struct supp *sp = supp_new(k);
	size_t cell[RC_COUNT], i, pair[2];

	cell[RC_INPUT_CASES] = supp_cell(sp, input);
	cell[RC_CASES] = supp_cell(sp, cases);
	cell[RC_STARTED] = supp_cell(sp, n->started);
	cell[RC_LEFT] = supp_cell(sp, n->left);
	cell[RC_EVENTS] = supp_cell(sp, n->events);
	cell[RC_INTERVIEWS] = supp_cell(sp, c->cd ? (long)codes_count(c->cd, CODES_INTERVIEW) : 0);
	cell[RC_SEGMENTS] = supp_cell(sp, c->cd ? (long)c->cd->n : 0);
	if (cases - n->started > 0 && cases - n->started < k) {
		pair[0] = cell[RC_STARTED];
		pair[1] = supp_cell(sp, cases - n->started);
		supp_sum(sp, cell[RC_CASES], pair, 2);
	}
	if (cases - n->left > 0 && cases - n->left < k) {
		pair[0] = cell[RC_LEFT];
		pair[1] = supp_cell(sp, cases - n->left);
		supp_sum(sp, cell[RC_CASES], pair, 2);
	}
	if (input - cases > 0 && input - cases < k)
		supp_force(sp, cell[RC_INPUT_CASES]);
	supp_apply(sp);
	for (i = 0; i < RC_COUNT; i++)
		blank[i] = (unsigned char)supp_blank(sp, cell[i]);
	blank[RC_EVENTS] |= blank[RC_CASES];
	blank[RC_SEGMENTS] |= blank[RC_INTERVIEWS];
	supp_free(sp);
}

/* The Wgs norms of each of the n months p[0 .. n - 1] as keten waits --norms --period
 * answers them: rows[k] holds the rows of waits_table over the norm pairs of the model
 * for month p[k] (NULL and nrows[k] 0 when it has none), all from one pass over the log
 * (waits_table_periods), as the report asks for those of many months and each pass is
 * one over every case.  The caller frees the rows. */
static void norms_of_months(const struct monthly *c, const struct period *p, size_t n,
			    struct waitrow **rows, size_t *nrows)
{
	struct waitspec spec = { .unit = c->unit, .level = 0.95, .min_n = c->min_n };
	kday *asof = xmalloc((n + 1) * sizeof *asof);
	size_t k;

	for (k = 0; k < n; k++) {
		rows[k] = NULL;
		nrows[k] = 0;
		asof[k] = monthly_asof(c, &p[k]);
	}
	spec.pairs = waits_norm_pairs(c->m, &spec.npairs);
	if (spec.npairs)
		waits_table_periods(c->all, &spec, p, asof, n, rows, nrows);
	free((void *)spec.pairs);
	free(asof);
}

/* The norm rows of the months that ask for them, one pass for them all: want[k] (n of
 * them) says whether month p[k] does; rows[k] and nrows[k] are NULL and 0 for the
 * others. */
static void norms_wanted(const struct monthly *c, const struct period *p, const int *want, size_t n,
			 struct waitrow **rows, size_t *nrows)
{
	struct period *q = xmalloc((n + 1) * sizeof *q);
	size_t k, m = 0;

	for (k = 0; k < n; k++)
		if (want[k])
			q[m++] = p[k];
	norms_of_months(c, q, m, rows, nrows);
	/* The rows of the m months asked for go to their places, from the last down. */
	for (k = n; k-- > 0;)
		if (want[k]) {
			m--;
			rows[k] = rows[m];
			nrows[k] = nrows[m];
		} else {
			rows[k] = NULL;
			nrows[k] = 0;
		}
	free(q);
}

/* The figures of one month of the headline, each from the call that answers it for the
 * month: evlog_period_cases (keten filter --active, --cohort) blanked as Period and data
 * blanks them and referral_count (keten flow --on org_type --period); returns whether the
 * month has cases, and with them norm rows (monthly_headline). */
static int month_figures(const struct monthly *c, struct monthly_head *mh, size_t k)
{
	struct report_head *h = &mh->h[k];
	kday asof = monthly_asof(c, &h->p);
	struct period seen = { h->p.from, asof };
	struct dwellspec ds = { .asof = asof,
				.unit = c->unit,
				.on_attr = c->org_type + 1,
				.start_stage = -1,
				.period = &h->p };
	struct evlog *sub;
	uint8_t *keep;
	int some;

	h->n = &mh->n[k];
	h->blank = mh->blank[k];
	/* A month that ended before the first date of the input has no figures. */
	h->valid = c->all->n && h->p.to >= c->all->minday;
	if (!h->valid)
		return 0;
	keep = evlog_period_cases(c->all, &seen, &mh->n[k]);
	sub = evlog_select(c->all, keep, asof);
	free(keep);
	monthly_blanks(c, &mh->n[k], mh->blank[k]);
	if (strtab_count(c->all->attrtab[c->org_type]) > 1)
		mh->ref[k] = referral_count(sub, &ds, c->min_n, &h->nref);
	h->ref = mh->ref[k];
	some = sub->ncases > 0;
	evlog_free(sub);
	return some;
}

/* The norm rows (waits_table) of the months with cases come from one pass. */
void monthly_headline(const struct monthly *c, const struct period *p, struct monthly_head *mh)
{
	struct period q[3];
	size_t nrows[3], k;
	int want[3];

	memset(mh, 0, sizeof *mh);
	for (k = 0; k < 3; k++) {
		mh->h[k].p = k ? monthly_back(p, k == 1 ? 1 : 12) : *p;
		want[k] = month_figures(c, mh, k);
		q[k] = mh->h[k].p;
	}
	norms_wanted(c, q, want, 3, mh->norm, nrows);
	for (k = 0; k < 3; k++) {
		mh->h[k].norm = mh->norm[k];
		mh->h[k].nnorm = nrows[k];
	}
}

void monthly_head_free(struct monthly_head *mh)
{
	size_t k;

	for (k = 0; k < 3; k++) {
		free(mh->norm[k]);
		free(mh->ref[k]);
	}
}

/* The first day on which a wait under every norm of the model can have run its full
 * limit when the data begin on `first`: a month that begins before it is cut short by
 * the start of the data (keten-report(1), "Trends"). */
static kday data_full_from(const struct model *m, kday first)
{
	kday full = first, d;
	size_t i;

	for (i = 0; i < m->nnorms; i++) {
		d = m->norms[i].workdays
			    ? cal_deadline_workdays(cal_default(), first, m->norms[i].limit)
			    : first + m->norms[i].limit;
		if (d > full)
			full = d;
	}
	return full;
}

/* A wait counts in the month in which it ended.  The whole log counts, not only the
 * report's cases, so that each month stands as it stood. */
void monthly_trend(const struct monthly *c, const struct period *p, kday asof,
		   const struct waitrow *norm, size_t nnorm, struct monthly_trend *t)
{
	struct waitspec spec = { .unit = c->unit, .asof = asof, .level = 0.95 };
	kday full = c->all->n ? data_full_from(c->m, c->all->minday) : 0;
	struct supp *sp = supp_new(c->min_n);
	struct trend *tr = &t->tr;
	struct period q[TREND_MONTHS];
	struct waitrow *rows[TREND_MONTHS];
	size_t nrows[TREND_MONTHS], i, k, n;
	int mo, want[TREND_MONTHS];

	trend_months(c->all, &spec, p->from, TREND_MONTHS, c->min_n, tr);
	/* Each month's waits are a count of their own: no total is shown beside them.  But
	 * those of the month reported are the done waits of the pair's rows in Wgs norms
	 * added up, so where one of these is blank the month's count is blanked with it. */
	n = tr->npairs * (size_t)tr->nmonths;
	t->blank = xcalloc(n + 1, 1);
	for (i = 0; i < n; i++)
		supp_cell(sp, tr->n[i]);
	for (i = 0; i < nnorm; i++)
		for (k = 0; k < tr->npairs; k++)
			if ((norm[i].st.blank & WAITS_BLANK_DONE) &&
			    norm[i].from == tr->pairs[k].from && norm[i].to == tr->pairs[k].to)
				supp_force(sp, (k + 1) * (size_t)tr->nmonths - 1);
	supp_apply(sp);
	for (i = 0; i < n; i++)
		t->blank[i] = (unsigned char)supp_blank(sp, i);
	for (mo = 0; mo < TREND_MONTHS; mo++) {
		q[mo] = monthly_back(p, TREND_MONTHS - 1 - mo);
		t->cut[mo] = c->all->n && q[mo].from < full;
		want[mo] = c->all->n && q[mo].to >= c->all->minday;
	}
	norms_wanted(c, q, want, TREND_MONTHS, rows, nrows);
	for (mo = 0; mo < TREND_MONTHS; mo++) {
		t->mn[mo].rows = rows[mo];
		t->mn[mo].nrows = nrows[mo];
	}
	supp_free(sp);
}

void monthly_trend_free(struct monthly_trend *t)
{
	int mo;

	for (mo = 0; mo < TREND_MONTHS; mo++)
		free((void *)t->mn[mo].rows);
	free(t->blank);
	trend_free(&t->tr);
}

void monthly_referral(const struct monthly *c, const struct period *p, kday asof,
		      const struct evlog *sub, struct monthly_referral *mr)
{
	size_t i;

	memset(&mr->ds, 0, sizeof mr->ds);
	mr->ds.asof = asof;
	mr->ds.unit = c->unit;
	mr->ds.on_attr = c->org_type + 1;
	mr->ds.start_stage = -1;
	mr->ds.period = p;
	dwell_table(c->all, &mr->ds, DWELL_CELLS | DWELL_MOVES, &mr->dt);
	dwell_blank_moves(&mr->dt, c->min_n);
	mr->q = xcalloc(2 * mr->dt.nmoves + 1, sizeof *mr->q);
	for (i = 0; i < mr->dt.nmoves; i++) {
		const struct dwell_move *mv = &mr->dt.move[i];

		mr->q[i] = stats_quantile(mv->d, (size_t)mv->n, 0.5);
		mr->q[mr->dt.nmoves + i] = stats_quantile(mv->d, (size_t)mv->n, 0.9);
	}
	mr->ref = referral_count(sub, &mr->ds, c->min_n, &mr->nref);
}

void monthly_referral_free(struct monthly_referral *mr)
{
	free(mr->ref);
	free(mr->q);
	dwell_table_free(&mr->dt);
}

void monthly_map(const struct monthly *c, const struct period *p, kday asof, struct monthly_map *mm)
{
	memset(&mm->ds, 0, sizeof mm->ds);
	mm->ds.asof = asof;
	mm->ds.unit = c->unit;
	mm->ds.start_stage = -1;
	mm->ds.period = p;
	dwell_table(c->all, &mm->ds, DWELL_CELLS | DWELL_MOVES, &mm->dt);
	dwell_blank_moves(&mm->dt, c->min_n);
}

void monthly_map_free(struct monthly_map *mm)
{
	dwell_table_free(&mm->dt);
}

/* The default replications and the horizon of the log's span (keten-report(1), "What
 * if"). */
void monthly_whatif(const struct monthly *c, struct sim_scenario *const *sc, size_t nsc, long reps,
		    unsigned long seed, struct monthly_whatif *w)
{
	struct sim_opts so = { .reps = reps, .seed = seed, .unit = c->unit };

	w->f = NULL;
	w->r = NULL;
	if (c->all->ncases > 0 && (long)c->all->ncases >= c->min_n) {
		w->f = sim_fit_log(c->all, NULL, 0);
		w->r = sim_run(w->f, sc, nsc, &so);
	}
}

void monthly_whatif_free(struct monthly_whatif *w)
{
	sim_result_free(w->r);
	sim_fit_free(w->f);
}

struct evlog *monthly_whole(const struct evlog *l)
{
	uint8_t *keep = xmalloc(l->ncases + 1);
	struct evlog *w;
	size_t i;

	memset(keep, 1, l->ncases + 1);
	w = evlog_select(l, keep, INT32_MAX);
	free(keep);
	/* The groups of a log read without --by: one, the empty key (lib/events). */
	w->groups = strtab_new();
	strtab_intern(w->groups, "", 0);
	w->by = NULL;
	w->nby = 0;
	for (i = 0; i < w->n; i++)
		w->ev[i].group = 0;
	w->rows = l->rows;
	return w;
}

void monthly_whole_free(struct evlog *w)
{
	if (!w)
		return;
	strtab_free(w->groups);
	evlog_free(w);
}

/* The new registrations of each group among the month's cases keep (evlog_period_cases
 * of the month from `from`), blanked per group as monthly_blanks blanks those of the
 * whole: a count of 1 to K - 1, or started where the group's cases in the chain that came
 * from before are 1 to K - 1. */
static void group_starts(const struct monthly *c, const uint8_t *keep, kday from, size_t ng,
			 struct monthly_by_month *h)
{
	const struct evlog *l = c->all;
	long *cases = xcalloc(ng + 1, sizeof *cases);
	size_t i, g;

	h->started = xcalloc(ng + 1, sizeof *h->started);
	h->started_blank = xcalloc(ng + 1, 1);
	for (i = 0; i < l->ncases; i++) {
		if (!keep[i] || l->start[i] == l->start[i + 1])
			continue;
		g = l->ev[l->start[i]].group;
		cases[g]++;
		if (l->ev[l->start[i]].day >= from)
			h->started[g]++;
	}
	for (g = 0; g < ng; g++) {
		struct supp *sp = supp_new(c->min_n);
		size_t total = supp_cell(sp, cases[g]), pair[2];
		long rest = cases[g] - h->started[g];

		pair[0] = supp_cell(sp, h->started[g]);
		if (rest > 0 && rest < c->min_n) {
			pair[1] = supp_cell(sp, rest);
			supp_sum(sp, total, pair, 2);
		}
		supp_apply(sp);
		h->started_blank[g] = (unsigned char)supp_blank(sp, pair[0]);
		supp_free(sp);
	}
	free(cases);
}

/* The headline's figures of the month p per group, as month_figures takes them for the
 * whole: of the month's cases as of its as-of date, their journeys and, where org_type has
 * values, the referral rows; returns whether the month has cases, and with them norm rows
 * (monthly_by). */
static int by_month(const struct monthly *c, const struct period *p, struct monthly_by_month *h)
{
	kday asof = monthly_asof(c, p);
	struct period seen = { p->from, asof };
	struct waitspec spec = { .unit = c->unit, .asof = asof, .level = 0.95, .min_n = c->min_n };
	struct dwellspec ds = { .asof = asof,
				.unit = c->unit,
				.on_attr = c->org_type + 1,
				.start_stage = -1,
				.period = p };
	struct evlog *sub;
	uint8_t *keep;
	int some;

	h->valid = c->all->n && p->to >= c->all->minday;
	if (!h->valid)
		return 0;
	keep = evlog_period_cases(c->all, &seen, NULL);
	group_starts(c, keep, p->from, strtab_count(c->all->groups), h);
	sub = evlog_select(c->all, keep, asof);
	free(keep);
	h->j = journey_compute(sub, &spec, &h->nj);
	if (strtab_count(c->all->attrtab[c->org_type]) > 1)
		h->ref = referral_count(sub, &ds, c->min_n, &h->nref);
	some = sub->ncases > 0;
	evlog_free(sub);
	return some;
}

/* The trend per group, as monthly_trend takes it for the whole: each group's waits of each
 * month a count of its own, and those of the month reported blanked where one of the
 * group's rows of the pair in Wgs norms has its done waits blank. */
static void by_trend(const struct monthly *c, const struct period *p, kday asof,
		     struct monthly_by *b)
{
	struct waitspec spec = { .unit = c->unit, .asof = asof, .level = 0.95 };
	struct supp *sp = supp_new(c->min_n);
	struct trend *tr = &b->tr;
	size_t i, k, n, nm;

	trend_months(c->all, &spec, p->from, TREND_MONTHS, c->min_n, tr);
	nm = (size_t)tr->nmonths;
	n = tr->ng * tr->npairs * nm;
	b->tblank = xcalloc(n + 1, 1);
	for (i = 0; i < n; i++)
		supp_cell(sp, tr->n[i]);
	for (i = 0; i < b->nnorm; i++)
		for (k = 0; k < tr->npairs; k++)
			if ((b->norm[i].st.blank & WAITS_BLANK_DONE) &&
			    b->norm[i].from == tr->pairs[k].from &&
			    b->norm[i].to == tr->pairs[k].to && b->norm[i].group < tr->ng)
				supp_force(sp, (b->norm[i].group * tr->npairs + k + 1) * nm - 1);
	supp_apply(sp);
	for (i = 0; i < n; i++)
		b->tblank[i] = (unsigned char)supp_blank(sp, i);
	supp_free(sp);
}

/* The months whose norm rows monthly_by takes, all from one pass: those of the trend, the
 * month, and the headline's month before and year before. */
enum { BY_TREND = 0, BY_MONTH = TREND_MONTHS, BY_BEFORE, BY_YEAR, BY_NMONTHS };

void monthly_by(const struct monthly *c, const struct period *p, kday asof, struct monthly_by *b)
{
	struct waitspec spec = { .unit = c->unit, .asof = asof, .level = 0.95, .min_n = c->min_n };
	struct bottleneck_opts o = {
		.asof = asof, .period = p, .completed = "afgerond", .min_n = c->min_n
	};
	struct period seen = { p->from, asof }, q[BY_NMONTHS];
	struct waitrow *rows[BY_NMONTHS];
	size_t nrows[BY_NMONTHS];
	uint8_t *keep;
	int mo, want[BY_NMONTHS];

	memset(b, 0, sizeof *b);
	b->l = c->all;
	b->ng = strtab_count(c->all->groups);
	b->rank = xcalloc(b->ng + 1, sizeof *b->rank);
	b->order = evlog_group_order(c->all, b->rank);
	keep = evlog_period_cases(c->all, &seen, NULL);
	group_starts(c, keep, p->from, b->ng, &b->hm[0]);
	b->sub = evlog_select(c->all, keep, asof);
	free(keep);
	b->j = journey_compute(b->sub, &spec, &b->nj);
	if (b->sub->ncases)
		b->bn = bottleneck_stages(c->all, &o, &b->nbn);
	monthly_referral(c, p, asof, b->sub, &b->mv);
	b->ref = b->mv.ref;
	b->nref = b->mv.nref;
	for (mo = 0; mo < TREND_MONTHS; mo++) {
		q[BY_TREND + mo] = monthly_back(p, TREND_MONTHS - 1 - mo);
		want[BY_TREND + mo] = c->all->n && q[BY_TREND + mo].to >= c->all->minday;
	}
	q[BY_MONTH] = *p;
	want[BY_MONTH] = b->sub->ncases > 0;
	q[BY_BEFORE] = monthly_back(p, 1);
	want[BY_BEFORE] = by_month(c, &q[BY_BEFORE], &b->hm[1]);
	q[BY_YEAR] = monthly_back(p, 12);
	want[BY_YEAR] = by_month(c, &q[BY_YEAR], &b->hm[2]);
	norms_wanted(c, q, want, BY_NMONTHS, rows, nrows);
	for (mo = 0; mo < TREND_MONTHS; mo++) {
		b->mn[mo].rows = rows[BY_TREND + mo];
		b->mn[mo].nrows = nrows[BY_TREND + mo];
	}
	b->norm = rows[BY_MONTH];
	b->nnorm = nrows[BY_MONTH];
	b->hm[1].norm = rows[BY_BEFORE];
	b->hm[1].nnorm = nrows[BY_BEFORE];
	b->hm[2].norm = rows[BY_YEAR];
	b->hm[2].nnorm = nrows[BY_YEAR];
	by_trend(c, p, asof, b);
	b->hm[0].valid = c->all->n && p->to >= c->all->minday;
	b->hm[0].j = b->j;
	b->hm[0].nj = b->nj;
	b->hm[0].norm = b->norm;
	b->hm[0].nnorm = b->nnorm;
	b->hm[0].ref = b->ref;
	b->hm[0].nref = b->nref;
}

void monthly_by_free(struct monthly_by *b)
{
	int mo;

	for (mo = 0; mo < TREND_MONTHS; mo++)
		free((void *)b->mn[mo].rows);
	for (mo = 0; mo < 3; mo++) {
		free(b->hm[mo].started);
		free(b->hm[mo].started_blank);
	}
	free(b->tblank);
	trend_free(&b->tr);
	for (mo = 1; mo < 3; mo++) {
		journey_free(b->hm[mo].j, b->hm[mo].nj);
		free(b->hm[mo].norm);
		free(b->hm[mo].ref);
	}
	monthly_referral_free(&b->mv);
	free(b->bn);
	free(b->norm);
	journey_free(b->j, b->nj);
	evlog_free(b->sub);
	free(b->order);
	free(b->rank);
}
