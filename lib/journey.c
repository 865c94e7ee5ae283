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
#include "csvio.h"
#include "diag.h"
#include "opt.h"
#include "render.h"
#include "sort.h"
#include "stats.h"
#include "strtab.h"
#include "svg.h"

/* Wait samples of one group and phase. */
struct samples {
	double *v;
	size_t n, cap;
};

struct journey *journey_compute(const struct evlog *l, const struct waitspec *s, size_t *n)
{
	const struct model *m = l->m;
	size_t ng = strtab_count(l->groups), np = m->nphases, c, g, p, i, k;
	struct journey *byid = xcalloc(ng ? ng : 1, sizeof *byid);
	struct samples *smp = xcalloc((ng ? ng : 1) * np, sizeof *smp);
	long *convert = xcalloc((ng ? ng : 1) * np, sizeof *convert);
	struct stage_pair *pairs;
	struct waitspec ns = *s;
	struct wait *buf;
	size_t npairs;
	uint32_t *order, afgerond = UINT32_MAX;
	int *prev = xmalloc((np ? np : 1) * sizeof *prev);
	struct journey *out;

	if (np > 32)
		die("%s: the model has more than 32 phases", m->name);
	for (g = 0; g < ng; g++) {
		byid[g].group = (uint32_t)g;
		byid[g].ph = xcalloc(np ? np : 1, sizeof *byid[g].ph);
	}
	/* The previous phase of each phase for the conversion: the nearest earlier phase
	 * that has stages. */
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
		j = &byid[l->ev[lo].group];
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
				struct samples *sm = &smp[j->group * np + ph];

				xgrow(&sm->v, &sm->cap, sm->n + 1, sizeof *sm->v);
				sm->v[sm->n++] = waits_measure(&l->ev[i], &l->ev[k], s->unit);
				jp->done++;
			}
		}
		for (p = 0; p < np; p++)
			if ((seen & (1u << p)) && prev[p] >= 0 && (seen & (1u << prev[p])))
				convert[j->group * np + p]++;
		/* Drop-out: the phase of the event before the first terminal one. */
		for (i = lo; i < hi; i++)
			if (m->stages[l->ev[i].stage].terminal)
				break;
		if (i < hi && i > lo && (afgerond == UINT32_MAX || l->ev[i].attr != afgerond))
			j->ph[m->stages[l->ev[i - 1].stage].phase_idx].dropped++;

		nw = waits_of_case(l, c, &ns, buf);
		for (k = 0; k < nw; k++)
			if (buf[k].norm >= 0 && buf[k].status != W_DROPPED) {
				struct journey_phase *jp =
					&j->ph[m->stages[buf[k].from].phase_idx];
				jp->norm_waits++;
				jp->norm_over += buf[k].over;
			}
	}

	for (g = 0; g < ng; g++) {
		struct journey *j = &byid[g];

		for (p = 0; p < np; p++) {
			struct journey_phase *jp = &j->ph[p];
			struct samples *sm = &smp[g * np + p];
			size_t st;

			for (st = 0; st < m->nstages; st++)
				jp->has_stages |= (size_t)m->stages[st].phase_idx == p;
			jp->pct_started = j->started ? 100.0 * (double)jp->reached / (double)j->started
						     : NAN;
			jp->conversion = NAN;
			if (prev[p] >= 0 && j->ph[prev[p]].reached)
				jp->conversion = 100.0 * (double)convert[g * np + p] /
						 (double)j->ph[prev[p]].reached;
			stats_sort(sm->v, sm->n);
			jp->median_wait = stats_quantile(sm->v, sm->n, 0.5);
			jp->p90_wait = stats_quantile(sm->v, sm->n, 0.9);
			jp->pct_within = jp->norm_waits ? 100.0 * (double)(jp->norm_waits - jp->norm_over) /
								  (double)jp->norm_waits
							: NAN;
			jp->suppressed = jp->has_stages && jp->reached < s->min_n;
			free(sm->v);
		}
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
	free(smp);
	free(convert);
	free(prev);
	free(pairs);
	free(buf);
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
				    const struct journey *j, size_t nj)
{
	size_t np = l->m->nphases, g, p, k;
	struct journey_codes *jc = xcalloc((nj ? nj : 1) * np, sizeof *jc);
	struct codes_tally_opts o = { .col = CODES_PHASE, .flags = CODES_T_KNELPUNT,
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

			for (k = 0; k < t.nc; k++)
				if (t.segs[p * t.nc + k])
					q->n++;
			q->k = xmalloc((q->n ? q->n : 1) * sizeof *q->k);
			q->n = 0;
			for (k = 0; k < t.nc; k++)
				if (t.segs[p * t.nc + k]) {
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

void journey_label(const struct evlog *l, const struct journey *j, char *buf, size_t size)
{
	const char *v = strtab_str(l->groups, j->group);
	size_t i, len = 0;

	if (l->nby == 0) {
		snprintf(buf, size, "all cases");
		return;
	}
	buf[0] = '\0';
	for (i = 0; i < l->nby && len + 1 < size; i++) {
		const char *sep = strchr(v, EVLOG_SEP);
		int n = sep ? (int)(sep - v) : (int)strlen(v);

		len += (size_t)snprintf(buf + len, size - len, "%s%s = %.*s", i ? ", " : "",
					l->by[i], n, v);
		v = sep ? sep + 1 : v + n;
	}
}

/* The measures of the journey table, in their order. */
enum { M_CASES, M_PCT, M_CONV, M_DROPPED, M_MEDIAN, M_P90, M_NORM, M_COUNT };

/* Formats measure k of phase p into buf; "" where the phase has no case data. */
static void cell(const struct journey_phase *p, int k, char *buf, size_t size)
{
	double v = NAN;

	buf[0] = '\0';
	if (!p->has_stages)
		return;
	if (p->suppressed) {
		snprintf(buf, size, "%s", RENDER_MARK);
		return;
	}
	switch (k) {
	case M_CASES:
		snprintf(buf, size, "%ld", p->reached);
		return;
	case M_DROPPED:
		snprintf(buf, size, "%ld", p->dropped);
		return;
	case M_PCT:
		v = p->pct_started;
		break;
	case M_CONV:
		v = p->conversion;
		break;
	case M_MEDIAN:
		v = p->median_wait;
		break;
	case M_P90:
		v = p->p90_wait;
		break;
	case M_NORM:
		v = p->pct_within;
		break;
	}
	if (!isnan(v))
		snprintf(buf, size, "%.1f", v);
}

static void knel_text(const struct journey_codes *jc, const struct codes *cd, long r, char *buf,
		      size_t size)
{
	buf[0] = '\0';
	if (jc && (size_t)r < jc->n)
		snprintf(buf, size, "%s (%ld)", codes_str(cd, CODES_CODE, jc->k[r].code),
			 jc->k[r].interviews);
}

/* The table of phases p0 .. p1 - 1; when wd is given, also the width text gives each of
 * its columns (the widest cell or header, render_width). */
static struct render_table *table_range(const struct evlog *l, const struct journey *j,
					size_t count, const struct journey_codes *jc,
					const struct codes *cd, long top, enum wait_unit unit,
					size_t p0, size_t p1, size_t *wd)
{
	const struct model *m = l->m;
	size_t np = m->nphases, ncols = 1 + (p1 - p0) * count, p, g, c = 1;
	const char **names = xcalloc(ncols, sizeof *names);
	char **owned = xcalloc(ncols, sizeof *owned);
	struct render_table *t;
	char buf[1024], label[256];
	const char *u = opt_unit_name(unit);
	long k, nk = jc ? top : 0;

	names[0] = "";
	for (p = p0; p < p1; p++)
		for (g = 0; g < count; g++) {
			if (count > 1) {
				journey_label(l, &j[g], label, sizeof label);
				snprintf(buf, sizeof buf, "%s: %s", m->phase_labels[p],
					 strchr(label, '=') ? strchr(label, '=') + 2 : label);
				names[c] = owned[c] = xstrdup(buf);
			} else {
				names[c] = m->phase_labels[p];
			}
			c++;
		}
	t = render_new(ncols, names);
	for (c = 1; c < ncols; c++)
		render_set_align(t, c, RENDER_RIGHT);
	if (wd)
		for (c = 0; c < ncols; c++)
			wd[c] = render_width(names[c], strlen(names[c]));
	for (k = 0; k < M_COUNT + nk; k++) {
		static const char *const label_of[M_COUNT] = {
			"cases", "% of started", "% from previous phase", "dropped here",
			NULL, NULL, "% within norm",
		};

		if (k == M_MEDIAN || k == M_P90)
			snprintf(label, sizeof label, "%s wait (%s)", k == M_MEDIAN ? "median" : "p90", u);
		else if (k >= M_COUNT)
			snprintf(label, sizeof label, "knelpunt %ld", k - M_COUNT + 1);
		else
			snprintf(label, sizeof label, "%s", label_of[k]);
		render_cell(t, label, strlen(label));
		if (wd && render_width(label, strlen(label)) > wd[0])
			wd[0] = render_width(label, strlen(label));
		c = 1;
		for (p = p0; p < p1; p++)
			for (g = 0; g < count; g++, c++) {
				if (k < M_COUNT)
					cell(&j[g].ph[p], (int)k, buf, sizeof buf);
				else
					knel_text(&jc[g * np + p], cd, k - M_COUNT, buf, sizeof buf);
				render_cell(t, buf, strlen(buf));
				if (wd && render_width(buf, strlen(buf)) > wd[c])
					wd[c] = render_width(buf, strlen(buf));
			}
		render_end_row(t, 0);
	}
	for (c = 0; c < ncols; c++)
		free(owned[c]);
	free(owned);
	free(names);
	return t;
}

struct render_table *journey_table(const struct evlog *l, const struct journey *j, size_t count,
				   const struct journey_codes *jc, const struct codes *cd,
				   long top, enum wait_unit unit)
{
	return table_range(l, j, count, jc, cd, top, unit, 0, l->m->nphases, NULL);
}

void journey_text(const struct evlog *l, const struct journey *j, size_t count,
		  const struct journey_codes *jc, const struct codes *cd, long top,
		  enum wait_unit unit, const char *title, size_t width, struct csvw *w)
{
	size_t np = l->m->nphases, p0 = 0, p1, used, c;
	size_t *wd = xcalloc(1 + np * count, sizeof *wd);
	struct render_table *t = table_range(l, j, count, jc, cd, top, unit, 0, np, wd);

	render_free(t);
	while (p0 < np) {
		/* As many phases as fit beside the measure column (two spaces between
		 * columns, as text writes them); at least one. */
		used = wd[0];
		for (p1 = p0; p1 < np; p1++) {
			size_t cw = 0;
			for (c = 0; c < count; c++)
				cw += 2 + wd[1 + p1 * count + c];
			if (width && p1 > p0 && used + cw > width)
				break;
			used += cw;
		}
		t = table_range(l, j, count, jc, cd, top, unit, p0, p1, NULL);
		if (p0 == 0)
			render_set_title(t, title);
		else
			csvw_raw(w, "\n", 1);
		render_table(t, RENDER_TEXT, width, w);
		render_free(t);
		p0 = p1;
	}
	free(wd);
}

void journey_csv(const struct evlog *l, const struct journey *j, size_t nj,
		 const struct journey_codes *jc, const struct codes *cd, long top,
		 enum wait_unit unit, struct csvw *w)
{
	const struct model *m = l->m;
	size_t np = m->nphases, g, p;

	evlog_write_by_names(l, w);
	csvw_names(w, "phase,label,started,reached,pct_started,conversion,dropped,moved_on,"
		      "median_wait,p90_wait,unit,norm_waits,pct_within,knelpunten,suppressed");
	for (g = 0; g < nj; g++)
		for (p = 0; p < np; p++) {
			const struct journey_phase *ph = &j[g].ph[p];
			int blank = !ph->has_stages || ph->suppressed;
			char buf[2048];
			size_t len = 0;
			long k;

			evlog_write_group(l, j[g].group, w);
			csvw_str(w, m->phases[p]);
			csvw_str(w, m->phase_labels[p]);
			csvw_int(w, j[g].started);
			if (blank) {
				int i;
				for (i = 0; i < 9; i++)
					csvw_empty(w);
				if (!ph->has_stages)
					csvw_empty(w);
			} else {
				csvw_int(w, ph->reached);
				csvw_num(w, ph->pct_started, 1);
				csvw_num(w, ph->conversion, 1);
				csvw_int(w, ph->dropped);
				csvw_int(w, ph->done);
				csvw_num(w, ph->median_wait, 2);
				csvw_num(w, ph->p90_wait, 2);
				csvw_str(w, opt_unit_name(unit));
				csvw_int(w, ph->norm_waits);
				csvw_num(w, ph->pct_within, 1);
			}
			buf[0] = '\0';
			if (jc)
				for (k = 0; k < top && (size_t)k < jc[g * np + p].n; k++) {
					const struct journey_knel *kn = &jc[g * np + p].k[k];
					len += (size_t)snprintf(buf + len, sizeof buf - len, "%s%s (%ld)",
								k ? "; " : "",
								codes_str(cd, CODES_CODE, kn->code),
								kn->interviews);
					if (len >= sizeof buf)
						len = sizeof buf - 1;
				}
			csvw_str(w, buf);
			csvw_int(w, ph->has_stages && ph->suppressed);
			csvw_end(w);
		}
}

void journey_svg(const struct evlog *l, const struct journey *j, size_t nj,
		 const struct journey_codes *jc, const struct codes *cd, enum wait_unit unit,
		 const char *title, struct csvw *w, int standalone)
{
	const struct model *m = l->m;
	const double bw = 150, gap = 14, bh = 150, rowh = bh + 60, left = 10, top = 40;
	size_t np = m->nphases, g, p;
	char buf[512], label[256];

	svg_open(w, left * 2 + (bw + gap) * (double)np, top + rowh * (double)(nj ? nj : 1), title,
		 standalone);
	svg_text(w, left, 24, "start", 16, 1, title);
	for (g = 0; g < nj; g++) {
		double y0 = top + rowh * (double)g;

		journey_label(l, &j[g], label, sizeof label);
		snprintf(buf, sizeof buf, "%s: %ld cases started", label, j[g].started);
		svg_text(w, left, y0 + 14, "start", 12, 1, buf);
		for (p = 0; p < np; p++) {
			const struct journey_phase *ph = &j[g].ph[p];
			double x = left + (bw + gap) * (double)p, y = y0 + 24;
			double frac = ph->has_stages && !ph->suppressed && j[g].started
					      ? (double)ph->reached / (double)j[g].started
					      : 0;

			svg_rect(w, x, y, bw, bh, "#fff", "#000");
			/* The funnel: a bar whose height is the share of cases that got here. */
			if (frac > 0)
				svg_rect(w, x + bw - 24, y + bh - (bh - 8) * frac - 4, 18,
					 (bh - 8) * frac, "#bbb", "#000");
			svg_text(w, x + 6, y + 16, "start", 12, 1, m->phase_labels[p]);
			if (!ph->has_stages) {
				svg_text(w, x + 6, y + 36, "start", 11, 0, "no case data");
			} else if (ph->suppressed) {
				svg_text(w, x + 6, y + 36, "start", 11, 0, "cases: " RENDER_MARK);
			} else {
				snprintf(buf, sizeof buf, "cases: %ld", ph->reached);
				svg_text(w, x + 6, y + 36, "start", 11, 0, buf);
				snprintf(buf, sizeof buf, "%.1f%% of started", ph->pct_started);
				svg_text(w, x + 6, y + 52, "start", 11, 0, buf);
				snprintf(buf, sizeof buf, "dropped: %ld", ph->dropped);
				svg_text(w, x + 6, y + 68, "start", 11, 0, buf);
				if (!isnan(ph->median_wait)) {
					snprintf(buf, sizeof buf, "median %.1f %s", ph->median_wait,
						 opt_unit_name(unit));
					svg_text(w, x + 6, y + 84, "start", 11, 0, buf);
				}
				if (!isnan(ph->pct_within)) {
					snprintf(buf, sizeof buf, "%.1f%% within norm", ph->pct_within);
					svg_text(w, x + 6, y + 100, "start", 11, 0, buf);
				}
			}
			if (jc && jc[g * np + p].n) {
				const struct journey_knel *kn = &jc[g * np + p].k[0];
				snprintf(buf, sizeof buf, "%.20s (%ld)", codes_str(cd, CODES_CODE, kn->code),
					 kn->interviews);
				svg_text(w, x + 6, y + 132, "start", 10, 0, buf);
			}
		}
	}
	svg_close(w);
}
