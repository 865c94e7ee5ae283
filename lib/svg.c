/* svg: small charts as standalone SVG, readable without colour.
 *
 * Every mark carries its number as text, so a chart printed in black and white, or read
 * by a screen reader, loses nothing. */
#include "svg.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "csvio.h"
#include "render.h"

static void num(struct csvw *w, double v)
{
	char b[32];
	int n = snprintf(b, sizeof b, "%.1f", v);
	csvw_raw(w, b, (size_t)n);
}

static void raw(struct csvw *w, const char *s)
{
	csvw_raw(w, s, strlen(s));
}

void svg_open(struct csvw *w, double width, double height, const char *title, int standalone)
{
	if (standalone)
		raw(w, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
	raw(w, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"");
	num(w, width);
	raw(w, "\" height=\"");
	num(w, height);
	raw(w, "\" viewBox=\"0 0 ");
	num(w, width);
	raw(w, " ");
	num(w, height);
	raw(w, "\" font-family=\"sans-serif\" role=\"img\">\n<title>");
	render_html_escape(w, title, strlen(title));
	raw(w, "</title>\n");
}

void svg_close(struct csvw *w)
{
	raw(w, "</svg>\n");
}

void svg_rect(struct csvw *w, double x, double y, double wd, double ht, const char *fill,
	      const char *stroke)
{
	raw(w, "<rect x=\"");
	num(w, x);
	raw(w, "\" y=\"");
	num(w, y);
	raw(w, "\" width=\"");
	num(w, wd);
	raw(w, "\" height=\"");
	num(w, ht);
	raw(w, "\" fill=\"");
	raw(w, fill);
	raw(w, "\" stroke=\"");
	raw(w, stroke);
	raw(w, "\"/>\n");
}

void svg_text(struct csvw *w, double x, double y, const char *anchor, double size, int bold,
	      const char *s)
{
	raw(w, "<text x=\"");
	num(w, x);
	raw(w, "\" y=\"");
	num(w, y);
	raw(w, "\" text-anchor=\"");
	raw(w, anchor);
	raw(w, "\" font-size=\"");
	num(w, size);
	raw(w, bold ? "\" font-weight=\"bold\">" : "\">");
	render_html_escape(w, s, strlen(s));
	raw(w, "</text>\n");
}

void svg_line(struct csvw *w, double x1, double y1, double x2, double y2, const char *stroke,
	      double sw)
{
	raw(w, "<line x1=\"");
	num(w, x1);
	raw(w, "\" y1=\"");
	num(w, y1);
	raw(w, "\" x2=\"");
	num(w, x2);
	raw(w, "\" y2=\"");
	num(w, y2);
	raw(w, "\" stroke=\"");
	raw(w, stroke);
	raw(w, "\" stroke-width=\"");
	num(w, sw);
	raw(w, "\"/>\n");
}

void svg_line_chart(struct csvw *w, const char *title, const char *const *labels, const double *v,
		    size_t n, const char *unit, int standalone)
{
	const double left = 50, right = 20, top = 40, plot = 160, step = 56;
	double width = left + right + step * (double)(n ? n : 1), max = 0, px = NAN, py = NAN;
	char buf[64];
	size_t i;

	for (i = 0; i < n; i++)
		if (!isnan(v[i]) && v[i] > max)
			max = v[i];
	if (max <= 0)
		max = 1;
	svg_open(w, width, top + plot + 50, title, standalone);
	svg_text(w, 8, 20, "start", 14, 1, title);
	svg_line(w, left, top, left, top + plot, "#000", 1);
	svg_line(w, left, top + plot, width - right, top + plot, "#000", 1);
	snprintf(buf, sizeof buf, "%.0f %s", max, unit);
	svg_text(w, left - 4, top + 4, "end", 10, 0, buf);
	svg_text(w, left - 4, top + plot, "end", 10, 0, "0");
	for (i = 0; i < n; i++) {
		double x = left + step * ((double)i + 0.5);

		svg_text(w, x, top + plot + 16, "middle", 10, 0, labels[i]);
		if (isnan(v[i])) {
			svg_text(w, x, top + plot - 4, "middle", 10, 0, "\xE2\x80\x93");
			px = NAN;
			continue;
		}
		{
			double y = top + plot - plot * v[i] / max;

			if (!isnan(px))
				svg_line(w, px, py, x, y, "#000", 2);
			svg_rect(w, x - 3, y - 3, 6, 6, "#000", "#000");
			snprintf(buf, sizeof buf, "%.1f", v[i]);
			svg_text(w, x, y - 8, "middle", 10, 0, buf);
			px = x;
			py = y;
		}
	}
	svg_close(w);
}

void svg_bar_chart(struct csvw *w, const char *title, const char *const *labels, const double *v,
		   size_t n, int standalone)
{
	const double left = 140, barw = 300, rowh = 24, top = 36;
	double max = 0;
	char buf[64];
	size_t i;

	for (i = 0; i < n; i++)
		if (!isnan(v[i]) && v[i] > max)
			max = v[i];
	if (max <= 0)
		max = 1;
	svg_open(w, left + barw + 80, top + rowh * (double)n + 10, title, standalone);
	svg_text(w, 8, 20, "start", 14, 1, title);
	for (i = 0; i < n; i++) {
		double y = top + rowh * (double)i;

		svg_text(w, left - 6, y + 15, "end", 11, 0, labels[i]);
		if (isnan(v[i])) {
			svg_text(w, left + 4, y + 15, "start", 11, 0, ".");
			continue;
		}
		svg_rect(w, left, y + 3, barw * v[i] / max, rowh - 6, "#bbb", "#000");
		snprintf(buf, sizeof buf, "%.0f", v[i]);
		svg_text(w, left + barw * v[i] / max + 6, y + 16, "start", 11, 0, buf);
	}
	svg_close(w);
}

double svg_tick_step(double max)
{
	static const double mult[] = { 1, 2, 5 };
	double p, step;
	size_t i;

	if (!(max > 0))
		return 1;
	p = pow(10, floor(log10(max / 5)));
	/* The smallest step that reaches max in at most five steps: at least three ticks
	 * with 0, as max / 5 <= step < max / 2 for the chosen one. */
	for (;;) {
		for (i = 0; i < 3; i++) {
			step = mult[i] * p;
			if (max / step <= 5)
				return step;
		}
		p *= 10;
	}
}

/* A tick value: whole, or with as many decimals as the step needs. */
static void tick_text(double v, double step, int comma, char *buf, size_t size)
{
	int dec = step >= 1 ? 0 : (int)ceil(-log10(step) - 1e-9);
	char *c;

	snprintf(buf, size, "%.*f", dec, v);
	if (comma && (c = strchr(buf, '.')) != NULL)
		*c = ',';
}

void svg_trend(struct csvw *w, const struct svg_series *s, int standalone)
{
	const double left = 56, right = 110, top = 40, plot = 180, step = 56;
	const double width = left + right + step * (double)(s->n ? s->n : 1);
	const double height = top + plot + (s->ntext ? 48 : 32) + (s->cut ? 20 : 0);
	double max = s->ymax, tick, px = NAN, py = NAN;
	char buf[64];
	size_t i;
	int any_cut = 0, nticks, k;

	for (i = 0; i < s->n; i++) {
		if (!isnan(s->v[i]) && s->v[i] > max)
			max = s->v[i];
		if (s->cut && s->cut[i])
			any_cut = 1;
	}
	if (!isnan(s->norm) && s->norm > max)
		max = s->norm;
	tick = svg_tick_step(max);
	max = tick * ceil(max / tick - 1e-9);
	if (max <= 0)
		max = tick;
	svg_open(w, width, height, s->title, standalone);
	svg_text(w, 8, 20, "start", 14, 1, s->title);
	/* The months cut by the start of the data on a shaded ground. */
	for (i = 0; i < s->n; i++)
		if (s->cut && s->cut[i])
			svg_rect(w, left + step * (double)i, top, step, plot, "#ececec", "none");
	nticks = (int)lround(max / tick);
	for (k = 0; k <= nticks; k++) {
		double t = tick * k, y = top + plot - plot * t / max;

		svg_line(w, left, y, width - right, y, t > 0 ? "#d0d0d0" : "#000", 1);
		tick_text(t, tick, s->comma, buf, sizeof buf);
		svg_text(w, left - 4, y + 4, "end", 10, 0, buf);
	}
	svg_text(w, left - 4, top - 8, "end", 10, 0, s->unit);
	svg_line(w, left, top, left, top + plot, "#000", 1);
	if (!isnan(s->norm)) {
		double y = top + plot - plot * s->norm / max;

		raw(w, "<g stroke-dasharray=\"6 4\">\n");
		svg_line(w, left, y, width - right, y, "#8a1c1c", 1.5);
		raw(w, "</g>\n");
		svg_text(w, width - right + 4, y + 4, "start", 10, 0, s->normtext);
	}
	for (i = 0; i < s->n; i++) {
		double x = left + step * ((double)i + 0.5), y;
		int cut = s->cut && s->cut[i];

		svg_text(w, x, top + plot + 16, "middle", 10, 0, s->labels[i]);
		if (s->ntext)
			svg_text(w, x, top + plot + 30, "middle", 10, 0, s->ntext[i]);
		if (isnan(s->v[i])) {
			/* No point: the mark of a blank where the text is one, else a dash. */
			svg_text(w, x, top + plot - 4, "middle", 10, 0,
				 s->vtext[i][0] ? s->vtext[i] : "\xE2\x80\x93");
			px = NAN;
			continue;
		}
		y = top + plot - plot * s->v[i] / max;
		if (cut) {
			/* Marked, but no part of the line. */
			svg_rect(w, x - 3, y - 3, 6, 6, "#fff", "#000");
			px = NAN;
		} else {
			if (!isnan(px))
				svg_line(w, px, py, x, y, "#000", 2);
			svg_rect(w, x - 3, y - 3, 6, 6, "#000", "#000");
			px = x;
			py = y;
		}
		svg_text(w, x, y - 8, "middle", 10, 0, s->vtext[i]);
	}
	if (any_cut && s->cutnote) {
		double y = height - 10;

		svg_rect(w, left, y - 9, 10, 10, "#ececec", "#000");
		svg_text(w, left + 16, y, "start", 10, 0, s->cutnote);
	}
	svg_close(w);
}
