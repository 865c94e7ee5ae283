/* keten-flow: how cases move between stages, organisations or any other column, as a table
 * of transitions or as a process map for Graphviz or Mermaid. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bottleneck.h"
#include "csvio.h"
#include "date.h"
#include "diag.h"
#include "dwell.h"
#include "events.h"
#include "model.h"
#include "opt.h"
#include "period.h"
#include "sort.h"
#include "stats.h"
#include "strtab.h"
#include "waits.h"

static struct opt_set set;       /* the shared options */
static const char *on = "stage"; /* --on */
static const char *start;        /* --start */
static int count_events;         /* --count events: directly-follows occurrences */
static const char *const count_words[] = { "cases", "events", NULL };
static long long min_cases;      /* --min-cases */
static int no_exits;             /* --no-exits */

/* --on: one column, named. */
static void set_on(const char *opt, const char *arg, void *var)
{
	if (!*arg)
		usage_error("%s: empty column name", opt);
	*(const char **)var = arg;
}

/* clang-format off */
static const struct opt opts[] = {
	OPT_CALL_OWN(0, "on", "COL", "follow this column: stage (default), org, org_type, ...",
		     set_on, &on),
	OPT_STRING_OWN(0, "start", "STAGE", "only the cases whose first event is at this stage",
		       &start),
	OPT_CHOICE_OWN(0, "count", "WHAT",
		       "cases (default): distinct cases per move; events: every directly-follows "
		       "pair",
		       &count_events, count_words),
	OPT_TAKE(OPT_BY),
	OPT_TAKE(OPT_UNIT),
	OPT_TAKE_NOTE(OPT_ASOF, "default: the latest date, or the end of --period"),
	OPT_TAKE(OPT_PERIOD),
	OPT_TAKE(OPT_TODAY),
	OPT_TAKE(OPT_HOLIDAYS),
	OPT_TAKE(OPT_MODEL),
	OPT_TAKE(OPT_TIES),
	OPT_TAKE(OPT_CLOSED),
	OPT_TAKE(OPT_MIN_N),
	OPT_TAKE_FORMATS(FORMAT_BIT(FORMAT_CSV) | FORMAT_BIT(FORMAT_DOT) |
				 FORMAT_BIT(FORMAT_MERMAID),
			 "csv"),
	OPT_INT_OWN(0, "min-cases", "N", "maps: leave out the moves of fewer than N cases",
		    &min_cases, 0, 1000000000),
	OPT_FLAG_OWN(0, "no-exits", "maps: leave out the moves to (end) and (open)", &no_exits),
	OPT_TAKE(OPT_OUTPUT),
	OPT_TABLE_END,
};
/* clang-format on */

static const struct opt_cmd cmd = {
	.name = "flow",
	.progress = 1,
	.synopsis =
		"keten flow [--on COL] [--start STAGE] [--count WHAT] [-g COLS] [-u UNIT]\n"
		"                  [-a DATE] [--period PERIOD] [--today DATE] [--holidays FILE]\n"
		"                  [-M FILE] [--ties ORDER] [--closed] [-k K] [-f FORMAT]\n"
		"                  [--min-cases N] [--no-exits] [-o FILE] [FILE]",
	.opts = opts,
};

/* A wait for a label: whole numbers without decimals, others with one. */
static void fmt_wait(char *buf, size_t size, double v)
{
	if (isnan(v))
		snprintf(buf, size, "-");
	else if (v == floor(v) && fabs(v) < 1e15)
		snprintf(buf, size, "%.0f", v);
	else
		snprintf(buf, size, "%.1f", v);
}

/* Whether the edge of a move is drawn without numbers: maps show no shares, so the cases
 * decide (dwell_blank_moves blanks the waits with them). */
static int suppressed(const struct dwell_move *m)
{
	return (m->blank & DWELL_BLANK_CASES) != 0;
}

/* What a move counts: its cases, or with --count events its occurrences. */
static long weight(const struct dwell_move *m)
{
	return count_events ? m->n : m->cases;
}

static void write_csv(const struct evlog *l, const struct dwellspec *s, const struct dwell_table *t,
		      struct csvw *w)
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

/* Graph output: text inside a quoted string, with what would end or change it escaped.
 * DOT: \" and \\, and &amp; for &, since Graphviz reads entities in labels (a & b stays,
 * but &lt; would become <).  Mermaid: its entity codes, which it turns back into the
 * characters (#quot; #lt; #gt; #amp;, and #35; for the # that would begin a code), and
 * #124; and #96; for | (which ends an edge label) and ` (which begins a Markdown string).
 * A line break is a space in both. */
static void put(struct csvw *w, const char *s)
{
	csvw_raw(w, s, strlen(s));
}

static void put_escaped(struct csvw *w, const char *s, int mermaid)
{
	const char *p;

	for (p = s; *p; p++) {
		const char *rep = NULL;

		if (*p == '\n' || *p == '\r')
			rep = " ";
		else if (!mermaid)
			rep = *p == '"' ? "\\\"" : *p == '\\' ? "\\\\" : *p == '&' ? "&amp;" : NULL;
		else
			switch (*p) {
			case '"':
				rep = "#quot;";
				break;
			case '<':
				rep = "#lt;";
				break;
			case '>':
				rep = "#gt;";
				break;
			case '&':
				rep = "#amp;";
				break;
			case '#':
				rep = "#35;";
				break;
			case '|':
				rep = "#124;";
				break;
			case '`':
				rep = "#96;";
				break;
			}
		if (rep)
			put(w, rep);
		else
			csvw_raw(w, p, 1);
	}
}

static void put_quoted(struct csvw *w, const char *s, int mermaid)
{
	put(w, "\"");
	put_escaped(w, s, mermaid);
	put(w, "\"");
}

/* The start node of a group: where its cases begin. */
#define KEY_START (DWELL_END - 1)

/* The id of a node: group and key, with the pseudo-stages named apart. */
static void node_id(char *buf, size_t size, size_t gi, uint32_t key)
{
	if (key == DWELL_END)
		snprintf(buf, size, "g%zu_stop", gi);
	else if (key == DWELL_OPEN)
		snprintf(buf, size, "g%zu_open", gi);
	else if (key == KEY_START)
		snprintf(buf, size, "g%zu_start", gi);
	else
		snprintf(buf, size, "g%zu_n%u", gi, (unsigned)key);
}

/* "12 cases", "1 case", with --count events "3 events" on an edge, or "." for a count
 * --min-n blanked. */
static void count_label(char *buf, size_t size, long n, int blank, int events)
{
	if (blank)
		snprintf(buf, size, ".");
	else
		snprintf(buf, size, "%ld %s%s", n, events ? "event" : "case", n == 1 ? "" : "s");
}

/* A node with its cases (keten-flow(1), Process maps); blank: the count is blanked;
 * cases < 0: no count (the start node under --min-n). */
static void put_node(struct csvw *w, const struct evlog *l, const struct dwellspec *s, size_t gi,
		     uint32_t key, long cases, int blank, const char *ind)
{
	int mermaid = set.format == FORMAT_MERMAID;
	const char *name = key == KEY_START ? "(start)" : dwell_key_name(l, s, key);
	char id[48], count[48];

	/* A table of directly-follows pairs has no cells: its nodes carry no count. */
	if (count_events)
		cases = -1;
	node_id(id, sizeof id, gi, key);
	count_label(count, sizeof count, cases, blank, 0);
	put(w, ind);
	put(w, id);
	if (mermaid) {
		/* (open) a stadium, (end) and (start) circles, a value a box. */
		int round = key == DWELL_END || key == KEY_START;

		put(w, key == DWELL_OPEN ? "([\"" : round ? "((\"" : "[\"");
		put_escaped(w, name, 1);
		if (cases >= 0) {
			put(w, "<br/>");
			put_escaped(w, count, 1);
		}
		put(w, key == DWELL_OPEN ? "\"])\n" : round ? "\"))\n" : "\"]\n");
	} else {
		put(w, " [label=\"");
		put_escaped(w, name, 0);
		if (cases >= 0) {
			put(w, "\\n");
			put_escaped(w, count, 0);
		}
		put(w, "\"");
		if (key == DWELL_END)
			put(w, ", shape=doublecircle, style=solid");
		else if (key == DWELL_OPEN)
			put(w, ", shape=ellipse, style=dashed");
		else if (key == KEY_START)
			put(w, ", shape=circle, style=solid");
		put(w, "];\n");
	}
}

/* An edge of the map: a move of the table, or one from the start node. */
struct edge {
	uint32_t from, to;
	long cases;    /* its cases; with --count events, a move's occurrences */
	int blank;     /* its cases are blank (--min-n) */
	int bare;      /* drawn without a count, 1 wide: a start edge under --min-n */
	double median; /* NaN: no wait (a start edge, or blank) */
};

static int is_exit(uint32_t to)
{
	return to == DWELL_END || to == DWELL_OPEN;
}

/* Whether an edge is drawn: --no-exits leaves out the moves to (end) and (open),
 * --min-cases those of fewer cases; a blank edge stays, since its cases are not shown. */
static int drawn(const struct edge *e)
{
	if (e->bare)
		return 1;
	if (no_exits && is_exit(e->to))
		return 0;
	return e->blank || e->cases >= min_cases;
}

/* The colours of waits, quickest fifth first (ColorBrewer RdYlGn, 5 classes, with a darker
 * yellow that shows on white); an exit is faint, a blank edge grey. */
static const char *const wait_colour[] = { "#1a9850", "#91cf60", "#d9a400", "#fc8d59", "#d73027" };
#define FAINT_COLOUR "#bbbbbb"
#define FAINT_TEXT "#888888"
#define BLANK_COLOUR "#999999"

/* The colour of an edge: the fifth of 0 .. maxwait its median falls in (the largest in the
 * last), or NULL for the default colour of a start edge. */
static const char *edge_colour(const struct edge *e, double maxwait)
{
	int k;

	if (e->from == KEY_START)
		return NULL;
	if (is_exit(e->to))
		return FAINT_COLOUR;
	if (e->blank || isnan(e->median))
		return BLANK_COLOUR;
	k = maxwait > 0 ? (int)floor(5.0 * e->median / maxwait) : 0;
	return wait_colour[k < 0 ? 0 : k > 4 ? 4 : k];
}

static double edge_width(const struct edge *e, long maxcases)
{
	return e->blank || e->bare ? 1.0 : 1.0 + 4.0 * (double)e->cases / (double)maxcases;
}

/* What Mermaid needs of every edge after the last: its linkStyle, by number. */
struct link_styles {
	char *b;
	size_t n, cap;
	size_t count;
};

static void put_edge(struct csvw *w, const struct dwellspec *s, size_t gi, const struct edge *e,
		     long maxcases, double maxwait, struct link_styles *ls, const char *ind)
{
	int mermaid = set.format == FORMAT_MERMAID;
	char id[48], line1[64], line2[96], attr[160], med[48];
	const char *colour = edge_colour(e, maxwait);
	int faint = e->from != KEY_START && is_exit(e->to);
	double width = edge_width(e, maxcases);

	count_label(line1, sizeof line1, e->cases, e->blank,
		    count_events && e->from != KEY_START);
	if (e->bare)
		line1[0] = '\0';
	line2[0] = '\0';
	if (!e->blank && !isnan(e->median)) {
		fmt_wait(med, sizeof med, e->median);
		/* "days" minus its s for a wait of exactly one. */
		snprintf(line2, sizeof line2, "median %s %.*s", med,
			 (int)strlen(opt_unit_name(s->unit)) - (strcmp(med, "1") == 0),
			 opt_unit_name(s->unit));
	}
	node_id(id, sizeof id, gi, e->from);
	put(w, ind);
	put(w, id);
	node_id(id, sizeof id, gi, e->to);
	if (mermaid) {
		int len;

		/* A blank edge is dotted, Mermaid's dashed line. */
		put(w, e->blank ? " -.->" : " -->");
		if (line1[0]) {
			put(w, "|\"");
			put_escaped(w, line1, 1);
			if (line2[0]) {
				put(w, "<br/>");
				put_escaped(w, line2, 1);
			}
			put(w, "\"|");
		}
		put(w, " ");
		put(w, id);
		put(w, "\n");
		len = snprintf(attr, sizeof attr, "\tlinkStyle %zu stroke-width:%.1fpx%s%s%s\n",
			       ls->count++, width, colour ? ",stroke:" : "", colour ? colour : "",
			       faint ? ",color:" FAINT_TEXT : "");
		xgrow(&ls->b, &ls->cap, ls->n + (size_t)len, 1);
		memcpy(ls->b + ls->n, attr, (size_t)len);
		ls->n += (size_t)len;
	} else {
		put(w, " -> ");
		put(w, id);
		put(w, " [");
		if (line1[0]) {
			put(w, "label=\"");
			put_escaped(w, line1, 0);
			if (line2[0]) {
				put(w, "\\n");
				put_escaped(w, line2, 0);
			}
			put(w, "\", ");
		}
		snprintf(attr, sizeof attr, "penwidth=%.2f%s%s%s%s%s];\n", width,
			 colour ? ", color=\"" : "", colour ? colour : "", colour ? "\"" : "",
			 faint ? ", fontcolor=\"" FAINT_TEXT "\"" : "",
			 e->blank ? ", style=dashed" : "");
		put(w, attr);
	}
}

/* Where the cases of each group begin: a count per group and key of the cases whose first
 * stay (by the as-of date, in the period with --period) is there, sorted as the table's
 * moves are, by group and then key.  The counts are not blanked by --min-n: with it the
 * map draws these edges bare (no count, 1 wide), since with the cases at a stage and the
 * moves into it, which the table gives, a start gives away the blank of such a move by
 * subtraction, and where none of those is blank the table gives the start away itself. */
struct start_ctx {
	const uint32_t *grank, *krank;
};

static int cmp_start(const void *a, const void *b, void *ctx)
{
	const struct edge *x = a, *y = b;
	const struct start_ctx *c = ctx;
	uint32_t gx = c->grank[x->from], gy = c->grank[y->from];

	if (gx != gy)
		return gx < gy ? -1 : 1;
	if (c->krank[x->to] != c->krank[y->to])
		return c->krank[x->to] < c->krank[y->to] ? -1 : 1;
	return 0;
}

/* The start edges, with the group in from (for the sort) until the caller draws them;
 * *n gets their count. */
static struct edge *start_edges(const struct evlog *l, const struct dwellspec *s, size_t *n)
{
	struct stay *buf = xmalloc((evlog_max_case(l) ? evlog_max_case(l) : 1) * sizeof *buf);
	struct edge *e = xcalloc(l->ncases ? l->ncases : 1, sizeof *e);
	uint32_t *grank = xcalloc(strtab_count(l->groups) + 1, sizeof *grank);
	uint32_t *order = evlog_group_order(l, grank), *krank = dwell_key_rank(l, s);
	struct start_ctx ctx = { grank, krank };
	size_t c, k = 0, i, j, m = 0;

	for (c = 0; c < l->ncases; c++)
		if (dwell_of_case(l, c, s, buf) > 0) {
			e[k].from = l->ev[buf[0].a].group;
			e[k].to = buf[0].key;
			k++;
		}
	sort_r(e, k, sizeof *e, cmp_start, &ctx);
	/* One edge per group and key. */
	for (i = 0; i < k; i = j) {
		for (j = i; j < k && e[j].from == e[i].from && e[j].to == e[i].to; j++)
			;
		e[m] = e[i];
		e[m].cases = (long)(j - i);
		e[m].median = NAN;
		e[m].bare = set.min_n > 1;
		m++;
	}
	free(buf);
	free(grank);
	free(order);
	free(krank);
	*n = m;
	return e;
}

/* The edge of a move of the table. */
static struct edge move_edge(const struct dwell_move *m)
{
	struct edge e = { m->from, m->to, weight(m), suppressed(m), 0, NAN };

	if (!e.blank)
		e.median = stats_quantile(m->d, (size_t)m->n, 0.5);
	return e;
}

/* A process map (keten-flow(1), Process maps): per group (a cluster when there are groups)
 * the start node, the stages that cases leave in order, the other stages where cases
 * begin, and the stages, (end) and (open) as they are first reached; then the start edges
 * and the moves. */
static void write_graph(const struct evlog *l, const struct dwellspec *s,
			const struct dwell_table *t, struct csvw *w)
{
	int mermaid = set.format == FORMAT_MERMAID;
	size_t nkeys = dwell_nkeys(l, s), nstart, si = 0, c = 0;
	size_t *mark = xcalloc(nkeys + 2, sizeof *mark);
	long *cases = xcalloc(nkeys + 2, sizeof *cases);
	unsigned char *shown = xcalloc(nkeys + 2, 1);
	struct edge *starts = NULL, e;
	struct link_styles ls = { 0 };
	long maxcases = 1, sum;
	double maxwait = 0;
	size_t i, j, gi;
	const char *ind = l->nby ? "\t\t" : "\t";

	/* The start edges count cases; a map of directly-follows pairs has none. */
	if (count_events)
		nstart = 0;
	else
		starts = start_edges(l, s, &nstart);
	/* Widths compare across the whole map, and so do colours. */
	for (i = 0; i < t->nmoves + nstart; i++) {
		e = i < t->nmoves ? move_edge(&t->move[i]) : starts[i - t->nmoves];
		if (!drawn(&e) || e.blank || e.bare)
			continue;
		if (e.cases > maxcases)
			maxcases = e.cases;
		if (!is_exit(e.to) && i < t->nmoves && e.median > maxwait)
			maxwait = e.median;
	}
	if (mermaid)
		put(w, "flowchart LR\n");
	else
		put(w, "digraph flow {\n"
		       "\trankdir=LR;\n"
		       "\tnode [shape=box, style=rounded, fontname=\"Helvetica\"];\n"
		       "\tedge [fontname=\"Helvetica\", fontsize=10];\n");

	for (i = 0, gi = 0; i < t->nmoves; gi++) {
		uint32_t g = t->move[i].group;
		size_t end = i, s0 = si;

		while (end < t->nmoves && t->move[end].group == g)
			end++;
		while (si < nstart && starts[si].from == g)
			si++;
		if (l->nby) {
			char *text = evlog_group_text(l, g), id[32];

			snprintf(id, sizeof id, "g%zu", gi);
			if (mermaid) {
				put(w, "\tsubgraph ");
				put(w, id);
				put(w, "[");
				put_quoted(w, text, 1);
				put(w, "]\n");
			} else {
				put(w, "\tsubgraph cluster_");
				put(w, id);
				put(w, " {\n\t\tlabel=");
				put_quoted(w, text, 0);
				put(w, ";\n");
			}
			free(text);
		}
		/* The cases of each node: of a stage, its cell's distinct cases, shown where
		 * some share of it is (the cases at a stage are the whole of its shares); of
		 * (end) and (open), the cases of the moves into them added up, shown where
		 * none of those is blank. */
		memset(cases, 0, (nkeys + 2) * sizeof *cases);
		memset(shown, 0, nkeys + 2);
		shown[nkeys] = shown[nkeys + 1] = 1;
		for (; c < t->ncells && t->cell[c].group != g; c++)
			;
		for (; c < t->ncells && t->cell[c].group == g; c++)
			cases[t->cell[c].key] = t->cell[c].cases;
		for (j = i; j < end; j++) {
			const struct dwell_move *m = &t->move[j];
			size_t k = m->to == DWELL_END ? nkeys : m->to == DWELL_OPEN ? nkeys + 1 : 0;

			if (!(m->blank & DWELL_BLANK_SHARE))
				shown[m->from] = 1;
			if (k) {
				cases[k] += m->cases;
				if (suppressed(m))
					shown[k] = 0;
			}
		}
		/* The start node: the cases of the group, which under --min-n it does not say:
		 * with the cases at each stage and the moves into it, they would give the starts
		 * and then the blanks among those moves away. */
		for (j = s0, sum = 0; j < si; j++)
			sum += starts[j].cases;
		for (j = s0; j < si; j++)
			if (drawn(&starts[j])) {
				put_node(w, l, s, gi, KEY_START, set.min_n > 1 ? -1 : sum, 0, ind);
				break;
			}
		for (j = i; j < end; j++) {
			uint32_t key = t->move[j].from;

			e = move_edge(&t->move[j]);
			if (drawn(&e) && mark[key] != gi + 1) {
				mark[key] = gi + 1;
				put_node(w, l, s, gi, key, cases[key], !shown[key], ind);
			}
		}
		for (j = s0; j < si; j++) {
			uint32_t key = starts[j].to;

			if (drawn(&starts[j]) && mark[key] != gi + 1) {
				mark[key] = gi + 1;
				put_node(w, l, s, gi, key, cases[key], !shown[key], ind);
			}
		}
		for (j = i; j < end; j++) {
			uint32_t key = t->move[j].to;
			size_t k = key == DWELL_END ? nkeys : key == DWELL_OPEN ? nkeys + 1 : key;

			e = move_edge(&t->move[j]);
			if (drawn(&e) && mark[k] != gi + 1) {
				mark[k] = gi + 1;
				put_node(w, l, s, gi, key, cases[k], !shown[k], ind);
			}
		}
		for (j = s0; j < si; j++) {
			e = starts[j];
			e.from = KEY_START;
			if (drawn(&e))
				put_edge(w, s, gi, &e, maxcases, maxwait, &ls, ind);
		}
		for (j = i; j < end; j++) {
			e = move_edge(&t->move[j]);
			if (drawn(&e))
				put_edge(w, s, gi, &e, maxcases, maxwait, &ls, ind);
		}
		if (l->nby)
			put(w, mermaid ? "\tend\n" : "\t}\n");
		i = end;
	}
	/* Mermaid sets the width and colour of the n-th edge of the chart apart from it. */
	if (mermaid && ls.n)
		csvw_raw(w, ls.b, ls.n);
	if (!mermaid)
		put(w, "}\n");
	free(ls.b);
	free(mark);
	free(cases);
	free(shown);
	free(starts);
}

/* A count of the referral line, or "." where --min-n blanked it. */
static void count_text(char *buf, size_t size, long v, unsigned blank)
{
	if (blank)
		snprintf(buf, size, ".");
	else
		snprintf(buf, size, "%ld", v);
}

/* The referral question (lib/bottleneck, keten-flow(1)): said on stderr, per group, so
 * that the table stays a table of moves.  With --period it is asked of the cases in the
 * chain during the period (evlog_period_cases), followed whole up to the as-of date. */
static void referral(const struct evlog *l, const struct dwellspec *s)
{
	struct evlog *sub = NULL;
	struct referral *r;
	size_t n, i;

	if (s->period) {
		/* An --asof before the period's end ends it there: what came later is unseen. */
		struct period p = *s->period;
		uint8_t *keep;

		if (p.to > s->asof)
			p.to = s->asof;
		keep = evlog_period_cases(l, &p, NULL);

		sub = evlog_select(l, keep, s->asof);
		free(keep);
	}
	r = referral_count(sub ? sub : l, s, set.min_n, &n);
	for (i = 0; i < n; i++) {
		char *text = l->nby ? evlog_group_text(l, r[i].group) : NULL;
		char prefix[64 + 1024], cases[32], never[32], pct[32], ended[32], open[32];
		unsigned b = r[i].blank;

		if (text)
			snprintf(prefix, sizeof prefix, "%s: ", text);
		else
			prefix[0] = '\0';
		count_text(cases, sizeof cases, r[i].cases, b & REFERRAL_BLANK_CASES);
		count_text(never, sizeof never, r[i].never, b & REFERRAL_BLANK_NEVER);
		count_text(ended, sizeof ended, r[i].ended, b & REFERRAL_BLANK_ENDED);
		count_text(open, sizeof open, r[i].open, b & REFERRAL_BLANK_OPEN);
		if (b & REFERRAL_BLANK_SHARE)
			snprintf(pct, sizeof pct, ".");
		else
			snprintf(pct, sizeof pct, "%.1f%%",
				 100.0 * (double)r[i].never / (double)r[i].cases);
		if (r[i].supp)
			warnx("%s%s to %s: suppressed (fewer than %ld cases)", prefix,
			      REFERRAL_INFORMAL, REFERRAL_FORMAL, set.min_n);
		else
			warnx("%sof %s cases with %s help, %s (%s) never reached %s (%s ended, %s still open)",
			      prefix, cases, REFERRAL_INFORMAL, never, pct, REFERRAL_FORMAL, ended,
			      open);
		free(text);
	}
	free(r);
	if (sub)
		evlog_free(sub);
}

int main(int argc, char **argv)
{
	struct dwellspec spec = { .start_stage = -1 };
	struct evopts eo = { 0 };
	struct dwell_table t;
	struct model *m;
	struct evlog *l;
	struct csvw *w;
	int first;

	diag_init(argv[0]);
	first = opt_parse(&cmd, &set, argc, argv);
	argc -= first;
	argv += first;
	if (argc > 1)
		usage_error("one input file at most, not %d", argc);
	opt_load_holidays(&set);

	spec.unit = set.unit;
	m = model_get(set.model);
	if (start) {
		spec.start_stage = model_stage(m, start, strlen(start));
		if (spec.start_stage < 0)
			usage_error("--start: not a stage of the %s model: '%s'", m->name, start);
	}
	/* The table keeps every move: what a map leaves out to be read is no part of it. */
	if (set.format == FORMAT_CSV && min_cases)
		usage_error("--min-cases: only for a map (-f dot or mermaid)");
	if (set.format == FORMAT_CSV && no_exits)
		usage_error("--no-exits: only for a map (-f dot or mermaid)");
	if (strchr(on, ','))
		usage_error("--on: one column, not a list: '%s'", on);
	spec.on_attr = strcmp(on, "stage") != 0;
	eo.m = m;
	eo.by = set.by;
	eo.attr = spec.on_attr ? on : NULL;
	eo.ties_input = opt_ties_input(&set);
	eo.closed = set.closed;
	l = evlog_load(argc ? argv[0] : "-", &eo);
	if (opt_given(&set, OPT_PERIOD))
		spec.period = &set.period;
	spec.asof = waits_period_asof(l, spec.period, opt_given(&set, OPT_ASOF) > 0, set.asof);

	if (count_events) {
		dwell_follows(l, &spec, &t);
		dwell_blank_follows(&t, set.min_n);
	} else {
		dwell_table(l, &spec, DWELL_CELLS | DWELL_MOVES, &t);
		dwell_blank_moves(&t, set.min_n);
	}
	w = csvw_open(set.output);
	if (set.format == FORMAT_CSV)
		write_csv(l, &spec, &t, w);
	else
		write_graph(l, &spec, &t, w);
	csvw_close(w);
	if (spec.on_attr && strcmp(on, "org_type") == 0)
		referral(l, &spec);

	dwell_table_free(&t);
	evlog_free(l);
	model_free(m);
	cal_free();
	opt_free(&set);
	return 0;
}
