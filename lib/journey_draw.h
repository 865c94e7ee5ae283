/* journey_draw: the klantreis of journey.h as tables, tidy CSV and SVG, for keten
 * klantreis and keten report.  Presentation only: the numbers are journey_compute's and
 * journey_codes'. */
#ifndef KETEN_JOURNEY_DRAW_H
#define KETEN_JOURNEY_DRAW_H

#include <stddef.h>

#include "journey.h"

struct codes;
struct csvw;
struct render_table;

/* The label of a journey for titles: "chain = zakelijk", or "all cases" without --by. */
void journey_label(const struct evlog *l, const struct journey *j, char *buf, size_t size);

/* The journey table for people: a row per measure, a column per phase (and per journey
 * side by side when count > 1), '.' in the cells of suppressed phases; jc and cd may be
 * NULL, top is the number of knelpunt rows. */
struct render_table *journey_table(const struct evlog *l, const struct journey *j, size_t count,
				   const struct journey_codes *jc, const struct codes *cd, long top,
				   enum wait_unit unit);
/* The same with a decimal comma, as Dutch writes decimals. */
struct render_table *journey_table_comma(const struct evlog *l, const struct journey *j,
					 size_t count, const struct journey_codes *jc,
					 const struct codes *cd, long top, enum wait_unit unit);
/* The journey table as text, cut into blocks of phases that fit width columns (0: no
 * limit), each block repeating the measure column; title goes above the first. */
void journey_text(const struct evlog *l, const struct journey *j, size_t count,
		  const struct journey_codes *jc, const struct codes *cd, long top,
		  enum wait_unit unit, const char *title, size_t width, struct csvw *w);
/* The journey table as HTML tables for a page, each in a box of class "t" that scrolls on
 * its own: cut into blocks of phases of at most maxcols columns beside the measures (at
 * least one phase), so that no block is wider than a phone or an A4 page; each has
 * caption as its <caption>, with the phases it holds when there are several.  comma
 * writes the decimals with a comma, as Dutch does. */
void journey_html(const struct evlog *l, const struct journey *j, size_t count,
		  const struct journey_codes *jc, const struct codes *cd, long top,
		  enum wait_unit unit, const char *caption, size_t maxcols, int comma,
		  struct csvw *w);
/* The journeys as tidy keten CSV: a row per journey and phase. */
void journey_csv(const struct evlog *l, const struct journey *j, size_t nj,
		 const struct journey_codes *jc, const struct codes *cd, long top,
		 enum wait_unit unit, struct csvw *w);
/* The journeys as SVG: per journey a row of phase blocks with the funnel and the waits. */
void journey_svg(const struct evlog *l, const struct journey *j, size_t nj,
		 const struct journey_codes *jc, const struct codes *cd, enum wait_unit unit,
		 const char *title, struct csvw *w, int standalone);

#endif
