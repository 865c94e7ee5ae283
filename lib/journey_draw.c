/* journey_draw: the klantreis of lib/journey.c shown to people: a table of measures by
 * phase (text, Markdown or HTML through render), tidy keten CSV, and an SVG drawing.
 *
 * Drawing is kept out of the analysis (HACKING.md, the modules of lib/): journey.c
 * computes the journeys and their knelpunten, this module only writes them. */
#include "journey_draw.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "codes.h"
#include "csvio.h"
#include "diag.h"
#include "i18n.h"
#include "opt.h"
#include "render.h"
#include "strtab.h"
#include "svg.h"

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

/* The JB_ bit of each measure. */
static const unsigned measure_bit[M_COUNT] = {
	[M_CASES] = JB_REACHED,   [M_PCT] = JB_PCT_STARTED, [M_CONV] = JB_CONVERSION,
	[M_DROPPED] = JB_DROPPED, [M_MEDIAN] = JB_WAIT,     [M_P90] = JB_WAIT,
	[M_NORM] = JB_WITHIN,
};

/* Formats measure k of phase p into buf: RENDER_MARK where it is blank (keten(5), "Small
 * cells"), "" where the phase has no case data or the figure no value (a share of none,
 * the waits of none that moved on). */
static void cell(const struct journey_phase *p, int k, int comma, char *buf, size_t size)
{
	char *dot;

	double v = NAN;

	buf[0] = '\0';
	if (!p->has_stages)
		return;
	switch (k) {
	case M_CASES:
		v = (double)p->reached;
		break;
	case M_DROPPED:
		v = (double)p->dropped;
		break;
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
	if (isnan(v))
		return;
	if (p->blank & measure_bit[k])
		snprintf(buf, size, "%s", RENDER_MARK);
	else if (k == M_CASES || k == M_DROPPED)
		snprintf(buf, size, "%.0f", v);
	else
		snprintf(buf, size, "%.1f", v);
	if (comma && strcmp(buf, RENDER_MARK) != 0 && (dot = strchr(buf, '.')) != NULL)
		*dot = ',';
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
					size_t p0, size_t p1, size_t *wd, int comma)
{
	const struct model *m = l->m;
	size_t np = m->nphases, ncols = 1 + (p1 - p0) * count, p, g, c = 1;
	const char **names = xcalloc(ncols, sizeof *names);
	char **owned = xcalloc(ncols, sizeof *owned);
	struct render_table *t;
	char buf[1024], label[256];
	const char *u = opt_unit_label(unit);
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
		/* clang-format off */
		static const char *const label_of[M_COUNT] = {
			N_("cases"), /* xgettext:no-c-format */ N_("% of started"), /* xgettext:no-c-format */ N_("% from previous phase"),
			N_("dropped here"), NULL, NULL, N_("% within norm"),
		};
		/* clang-format on */

		if (k == M_MEDIAN || k == M_P90)
			snprintf(label, sizeof label,
				 k == M_MEDIAN ? _("median wait (%s)") : _("p90 wait (%s)"), u);
		else if (k >= M_COUNT)
			snprintf(label, sizeof label, _("knelpunt %ld"), k - M_COUNT + 1);
		else
			snprintf(label, sizeof label, "%s", _(label_of[k]));
		render_cell(t, label, strlen(label));
		if (wd && render_width(label, strlen(label)) > wd[0])
			wd[0] = render_width(label, strlen(label));
		c = 1;
		for (p = p0; p < p1; p++)
			for (g = 0; g < count; g++, c++) {
				if (k < M_COUNT)
					cell(&j[g].ph[p], (int)k, comma, buf, sizeof buf);
				else
					knel_text(&jc[g * np + p], cd, k - M_COUNT, buf,
						  sizeof buf);
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
				   const struct journey_codes *jc, const struct codes *cd, long top,
				   enum wait_unit unit)
{
	return table_range(l, j, count, jc, cd, top, unit, 0, l->m->nphases, NULL, 0);
}

struct render_table *journey_table_comma(const struct evlog *l, const struct journey *j,
					 size_t count, const struct journey_codes *jc,
					 const struct codes *cd, long top, enum wait_unit unit)
{
	return table_range(l, j, count, jc, cd, top, unit, 0, l->m->nphases, NULL, 1);
}

void journey_text(const struct evlog *l, const struct journey *j, size_t count,
		  const struct journey_codes *jc, const struct codes *cd, long top,
		  enum wait_unit unit, const char *title, size_t width, struct csvw *w)
{
	size_t np = l->m->nphases, p0 = 0, p1, used, c;
	size_t *wd = xcalloc(1 + np * count, sizeof *wd);
	struct render_table *t = table_range(l, j, count, jc, cd, top, unit, 0, np, wd, 0);

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
		t = table_range(l, j, count, jc, cd, top, unit, p0, p1, NULL, 0);
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

/* A field of the CSV: a count, or a figure with its decimals (NaN: empty); empty when
 * blank. */
void journey_html(const struct evlog *l, const struct journey *j, size_t count,
		  const struct journey_codes *jc, const struct codes *cd, long top,
		  enum wait_unit unit, const char *caption, size_t maxcols, int comma,
		  struct csvw *w)
{
	size_t np = l->m->nphases, per, p0, p1;
	char buf[1024];

	per = maxcols / (count ? count : 1);
	if (per == 0)
		per = 1;
	/* Blocks of about equal size: 8 phases by 5 make 4 and 4, not 5 and 3. */
	per = (np + (np + per - 1) / per - 1) / ((np + per - 1) / per);
	for (p0 = 0; p0 < np; p0 = p1) {
		struct render_table *t;

		p1 = p0 + per < np ? p0 + per : np;
		t = table_range(l, j, count, jc, cd, top, unit, p0, p1, NULL, comma);
		if (p1 - p0 < np) {
			snprintf(buf, sizeof buf, _("%s: %s to %s"), caption,
				 l->m->phase_labels[p0], l->m->phase_labels[p1 - 1]);
			render_set_title(t, buf);
		} else {
			render_set_title(t, caption);
		}
		csvw_raw(w, "<div class=\"t\">\n", 16);
		render_table(t, RENDER_HTML_TABLE, 0, w);
		csvw_raw(w, "</div>\n", 7);
		render_free(t);
	}
}

static void count(struct csvw *w, long v, unsigned blank)
{
	if (blank)
		csvw_empty(w);
	else
		csvw_int(w, v);
}

static void num(struct csvw *w, double v, int decimals, unsigned blank)
{
	if (blank)
		csvw_empty(w);
	else
		csvw_num(w, v, decimals);
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
			char buf[2048];
			size_t len = 0;
			long k;

			evlog_write_group(l, j[g].group, w);
			csvw_str(w, m->phases[p]);
			csvw_str(w, m->phase_labels[p]);
			if (j[g].started_blank)
				csvw_empty(w);
			else
				csvw_int(w, j[g].started);
			/* A phase without stages has no figures; a blank figure is an empty
			 * field, in a row whose suppressed field says 1. */
			if (!ph->has_stages) {
				int i;
				for (i = 0; i < 10; i++)
					csvw_empty(w);
			} else {
				count(w, ph->reached, ph->blank & JB_REACHED);
				num(w, ph->pct_started, 1, ph->blank & JB_PCT_STARTED);
				num(w, ph->conversion, 1, ph->blank & JB_CONVERSION);
				count(w, ph->dropped, ph->blank & JB_DROPPED);
				count(w, ph->done, ph->blank & JB_DONE);
				num(w, ph->median_wait, 2, ph->blank & JB_WAIT);
				num(w, ph->p90_wait, 2, ph->blank & JB_WAIT);
				csvw_str(w, opt_unit_name(unit));
				count(w, ph->norm_waits, ph->blank & JB_NORM_WAITS);
				num(w, ph->pct_within, 1, ph->blank & JB_WITHIN);
			}
			buf[0] = '\0';
			if (jc)
				for (k = 0; k < top && (size_t)k < jc[g * np + p].n; k++) {
					const struct journey_knel *kn = &jc[g * np + p].k[k];
					len += (size_t)snprintf(buf + len, sizeof buf - len,
								"%s%s (%ld)", k ? "; " : "",
								codes_str(cd, CODES_CODE, kn->code),
								kn->interviews);
					if (len >= sizeof buf)
						len = sizeof buf - 1;
				}
			csvw_str(w, buf);
			csvw_int(w, ph->suppressed || j[g].started_blank);
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
		if (j[g].started_blank)
			snprintf(buf, sizeof buf, "%s: %s cases started", label, RENDER_MARK);
		else
			snprintf(buf, sizeof buf, "%s: %ld cases started", label, j[g].started);
		svg_text(w, left, y0 + 14, "start", 12, 1, buf);
		for (p = 0; p < np; p++) {
			const struct journey_phase *ph = &j[g].ph[p];
			double x = left + (bw + gap) * (double)p, y = y0 + 24;
			/* The bar shows the share of started: none where that share is blank. */
			double frac = ph->has_stages && !(ph->blank & JB_PCT_STARTED) &&
						      j[g].started
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
			} else {
				char v[64];

				cell(ph, M_CASES, 0, v, sizeof v);
				snprintf(buf, sizeof buf, "cases: %s", v);
				svg_text(w, x + 6, y + 36, "start", 11, 0, buf);
				cell(ph, M_PCT, 0, v, sizeof v);
				snprintf(buf, sizeof buf, "%s%% of started", v);
				svg_text(w, x + 6, y + 52, "start", 11, 0, buf);
				cell(ph, M_DROPPED, 0, v, sizeof v);
				snprintf(buf, sizeof buf, "dropped: %s", v);
				svg_text(w, x + 6, y + 68, "start", 11, 0, buf);
				cell(ph, M_MEDIAN, 0, v, sizeof v);
				if (v[0]) {
					snprintf(buf, sizeof buf, "median %s %s", v,
						 opt_unit_name(unit));
					svg_text(w, x + 6, y + 84, "start", 11, 0, buf);
				}
				cell(ph, M_NORM, 0, v, sizeof v);
				if (v[0]) {
					snprintf(buf, sizeof buf, "%s%% within norm", v);
					svg_text(w, x + 6, y + 100, "start", 11, 0, buf);
				}
			}
			if (jc && jc[g * np + p].n) {
				const struct journey_knel *kn = &jc[g * np + p].k[0];
				snprintf(buf, sizeof buf, "%.20s (%ld)",
					 codes_str(cd, CODES_CODE, kn->code), kn->interviews);
				svg_text(w, x + 6, y + 132, "start", 10, 0, buf);
			}
		}
	}
	svg_close(w);
}
