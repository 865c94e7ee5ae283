/* svg: small charts as standalone SVG, readable without colour (keten klantreis and
 * keten report draw with it). */
#ifndef KETEN_SVG_H
#define KETEN_SVG_H

#include <stddef.h>

struct csvw;

/* Opens an <svg> element of the given size; with standalone, an XML declaration first.
 * title becomes the <title> (read by screen readers). */
void svg_open(struct csvw *w, double width, double height, const char *title, int standalone);
void svg_close(struct csvw *w);
/* A rectangle; fill is a CSS colour (grey tones keep it readable without colour). */
void svg_rect(struct csvw *w, double x, double y, double wd, double ht, const char *fill,
	      const char *stroke);
/* Text at x, y; anchor "start", "middle" or "end"; bold when weight is 1. */
void svg_text(struct csvw *w, double x, double y, const char *anchor, double size, int bold,
	      const char *s);
void svg_line(struct csvw *w, double x1, double y1, double x2, double y2, const char *stroke,
	      double sw);

/* A line chart of n points (labels under the x axis, NaN for a gap), with the y axis
 * from 0 to the largest value and the values written at the points. */
void svg_line_chart(struct csvw *w, const char *title, const char *const *labels, const double *v,
		    size_t n, const char *unit, int standalone);
/* A trend over n months with a value axis of sensible ticks (at least three, at 1, 2 or 5
 * times a power of ten), an optional norm as a dashed line, a text at each point and one
 * under each label (its n), and points that are cut (cut[i] set) drawn hollow and out of
 * the line, on a shaded ground, with a legend saying why.  The texts are given written
 * as the page writes numbers; comma writes the ticks with a decimal comma. */
struct svg_series {
	const char *title;
	const char *const *labels; /* under the x axis */
	const double *v;           /* NaN: no point (a gap in the line) */
	const char *const *vtext;  /* the text above each point */
	const char *const *ntext;  /* the text under each label (NULL: none) */
	const unsigned char *cut;  /* NULL: none is cut */
	size_t n;
	const char *unit;     /* the unit of the value axis */
	double norm;          /* NaN: no norm line */
	const char *normtext; /* the label of the norm line */
	double ymax;          /* the axis reaches at least this (0: the largest value) */
	const char *cutnote;  /* the legend of the cut points */
	int comma;
};
void svg_trend(struct csvw *w, const struct svg_series *s, int standalone);

/* The step of sensible ticks for an axis from 0 to max: 1, 2 or 5 times a power of ten,
 * such that there are three to six ticks (0 included). */
double svg_tick_step(double max);

/* Horizontal bars, one per label, lengths relative to the largest value, the values
 * written after the bars: a funnel when the values fall. */
void svg_bar_chart(struct csvw *w, const char *title, const char *const *labels, const double *v,
		   size_t n, int standalone);

#endif
