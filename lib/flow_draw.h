/* flow_draw: the table of keten flow as a process map for Graphviz (DOT) or Mermaid
 * (keten-flow(1), Process maps).  A module of the View layer (HACKING.md, "Layers"): it
 * lays out what dwell_table or dwell_follows computed and computes no figure of its own
 * but the start edges, which are the first stays of the cases. */
#ifndef KETEN_FLOW_DRAW_H
#define KETEN_FLOW_DRAW_H

#include "csvio.h"
#include "dwell.h"
#include "events.h"

/* How a map is drawn. */
struct flow_map {
	int mermaid;         /* Mermaid; 0: DOT */
	int events;          /* t is a table of directly-follows pairs (flow --count events) */
	long long min_cases; /* --min-cases: leave out the moves counting fewer */
	int no_exits;        /* --no-exits: leave out the moves to (end) and (open) */
	long min_n;          /* --min-n of the table: what its blanks were made with */
};

/* Writes the map of table t (dwell_table with DWELL_CELLS | DWELL_MOVES and
 * dwell_blank_moves, or with o->events dwell_follows and dwell_blank_follows) of log l
 * under spec s to w. */
void flow_draw(const struct evlog *l, const struct dwellspec *s, const struct dwell_table *t,
	       const struct flow_map *o, struct csvw *w);

/* The name of a node of a map or of a row of a page: a stage or a value as it is, and (end)
 * and (open) in the user's language (i18n.h).  In CSV they are values, written by
 * dwell_key_name as they are (keten-flow(1)). */
const char *flow_node_name(const struct evlog *l, const struct dwellspec *s, uint32_t key);

/* The map of flow_draw in DOT (o->mermaid is ignored) laid out as an SVG document by
 * Graphviz's program dot (`dot -Tsvg`, found on PATH).  Returns the document, NUL-terminated
 * and allocated, with its length in *len; or NULL with *err set to the errno of starting dot
 * (ENOENT: no dot on PATH), or to -1 when dot ran and failed (its messages went to
 * stderr). */
char *flow_svg(const struct evlog *l, const struct dwellspec *s, const struct dwell_table *t,
	       const struct flow_map *o, size_t *len, int *err);

#endif
