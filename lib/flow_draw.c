/* flow_draw: keten flow's process maps (flow_draw.h). */
#include "flow_draw.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "diag.h"
#include "i18n.h"
#include "opt.h"
#include "sort.h"
#include "stats.h"
#include "strtab.h"

/* A wait for a label: whole numbers without decimals, others with one. */
static void fmt_wait(char *buf, size_t size, double v)
{
	if (isnan(v))
		snprintf(buf, size, "-");
	else if (v == floor(v) && fabs(v) < 1e15)
		snprintf(buf, size, "%.0f", v);
	else
		snprintf(buf, size, "%.1f", v);
	/* A map in Dutch writes a decimal comma, as the Dutch page does. */
	if (strcmp(i18n_lang(), "nl") == 0) {
		char *dot = strchr(buf, '.');

		if (dot)
			*dot = ',';
	}
}

/* The unit of a wait of exactly one, in the user's language. */
static const char *unit_one(enum wait_unit u)
{
	return u == UNIT_WORKDAYS ? _("workday") : u == UNIT_HOURS ? _("hour") : _("day");
}

/* Whether the edge of a move is drawn without numbers: maps show no shares, so the cases
 * decide (dwell_blank_moves blanks the waits with them). */
static int suppressed(const struct dwell_move *m)
{
	return (m->blank & DWELL_BLANK_CASES) != 0;
}

/* What a move counts: its cases, or with --count events its occurrences. */
static long weight(const struct flow_map *o, const struct dwell_move *m)
{
	return o->events ? m->n : m->cases;
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
		snprintf(buf, size,
			 events ? (n == 1 ? _("%ld event") : _("%ld events"))
				: (n == 1 ? _("%ld case") : _("%ld cases")),
			 n);
}

const char *flow_node_name(const struct evlog *l, const struct dwellspec *s, uint32_t key)
{
	if (key == DWELL_END)
		return _("(end)");
	if (key == DWELL_OPEN)
		return _("(open)");
	return dwell_key_name(l, s, key);
}

/* A node with its cases (keten-flow(1), Process maps); blank: the count is blanked;
 * cases < 0: no count (the start node under --min-n). */
static void put_node(const struct flow_map *o, struct csvw *w, const struct evlog *l,
		     const struct dwellspec *s, size_t gi, uint32_t key, long cases, int blank,
		     const char *ind)
{
	int mermaid = o->mermaid;
	const char *name = key == KEY_START ? _("(start)") : flow_node_name(l, s, key);
	char id[48], count[48];

	/* A table of directly-follows pairs has no cells: its nodes carry no count. */
	if (o->events)
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
static int drawn(const struct flow_map *o, const struct edge *e)
{
	if (e->bare)
		return 1;
	if (o->no_exits && is_exit(e->to))
		return 0;
	return e->blank || e->cases >= o->min_cases;
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

static void put_edge(const struct flow_map *o, struct csvw *w, const struct dwellspec *s, size_t gi,
		     const struct edge *e, long maxcases, double maxwait, struct link_styles *ls,
		     const char *ind)
{
	int mermaid = o->mermaid;
	char id[48], line1[64], line2[96], attr[160], med[48];
	const char *colour = edge_colour(e, maxwait);
	int faint = e->from != KEY_START && is_exit(e->to);
	double width = edge_width(e, maxcases);

	count_label(line1, sizeof line1, e->cases, e->blank, o->events && e->from != KEY_START);
	if (e->bare)
		line1[0] = '\0';
	line2[0] = '\0';
	if (!e->blank && !isnan(e->median)) {
		fmt_wait(med, sizeof med, e->median);
		snprintf(line2, sizeof line2, "%s %s %s", _("median"), med,
			 strcmp(med, "1") == 0 ? unit_one(s->unit) : opt_unit_label(s->unit));
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
static struct edge *start_edges(const struct flow_map *o, const struct evlog *l,
				const struct dwellspec *s, size_t *n)
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
		e[m].bare = o->min_n > 1;
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
static struct edge move_edge(const struct flow_map *o, const struct dwell_move *m)
{
	struct edge e = { m->from, m->to, weight(o, m), suppressed(m), 0, NAN };

	if (!e.blank)
		e.median = stats_quantile(m->d, (size_t)m->n, 0.5);
	return e;
}

/* A process map (keten-flow(1), Process maps): per group (a cluster when there are groups)
 * the start node, the stages that cases leave in order, the other stages where cases
 * begin, and the stages, (end) and (open) as they are first reached; then the start edges
 * and the moves. */
void flow_draw(const struct evlog *l, const struct dwellspec *s, const struct dwell_table *t,
	       const struct flow_map *o, struct csvw *w)
{
	int mermaid = o->mermaid;
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
	if (o->events)
		nstart = 0;
	else
		starts = start_edges(o, l, s, &nstart);
	/* Widths compare across the whole map, and so do colours. */
	for (i = 0; i < t->nmoves + nstart; i++) {
		e = i < t->nmoves ? move_edge(o, &t->move[i]) : starts[i - t->nmoves];
		if (!drawn(o, &e) || e.blank || e.bare)
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
			if (drawn(o, &starts[j])) {
				put_node(o, w, l, s, gi, KEY_START, o->min_n > 1 ? -1 : sum, 0,
					 ind);
				break;
			}
		for (j = i; j < end; j++) {
			uint32_t key = t->move[j].from;

			e = move_edge(o, &t->move[j]);
			if (drawn(o, &e) && mark[key] != gi + 1) {
				mark[key] = gi + 1;
				put_node(o, w, l, s, gi, key, cases[key], !shown[key], ind);
			}
		}
		for (j = s0; j < si; j++) {
			uint32_t key = starts[j].to;

			if (drawn(o, &starts[j]) && mark[key] != gi + 1) {
				mark[key] = gi + 1;
				put_node(o, w, l, s, gi, key, cases[key], !shown[key], ind);
			}
		}
		for (j = i; j < end; j++) {
			uint32_t key = t->move[j].to;
			size_t k = key == DWELL_END ? nkeys : key == DWELL_OPEN ? nkeys + 1 : key;

			e = move_edge(o, &t->move[j]);
			if (drawn(o, &e) && mark[k] != gi + 1) {
				mark[k] = gi + 1;
				put_node(o, w, l, s, gi, key, cases[k], !shown[k], ind);
			}
		}
		for (j = s0; j < si; j++) {
			e = starts[j];
			e.from = KEY_START;
			if (drawn(o, &e))
				put_edge(o, w, s, gi, &e, maxcases, maxwait, &ls, ind);
		}
		for (j = i; j < end; j++) {
			e = move_edge(o, &t->move[j]);
			if (drawn(o, &e))
				put_edge(o, w, s, gi, &e, maxcases, maxwait, &ls, ind);
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

extern char **environ;

/* Runs dot -Tsvg with the n bytes of text on its stdin and returns what it wrote on its
 * stdout (flow_svg).  The program, not libgvc: the library would make every program of
 * keten depend on Graphviz's libraries and plugins for one output format, while dot is what
 * a user of the DOT output runs anyway, and where it is missing only -f svg (and the
 * report's picture) fails, with a message that names it.  Its input and output go through
 * two pipes at once (poll), so that neither side waits on a full pipe. */
static char *run_dot(const char *text, size_t n, size_t *len, int *err)
{
	char *const argv[] = { "dot", "-Tsvg", NULL };
	posix_spawn_file_actions_t fa;
	struct sigaction ign = { 0 }, old;
	int in[2], out[2], rc, status;
	size_t off = 0, cap = 4096, got = 0;
	char *buf;
	pid_t pid;

	if (pipe(in) != 0)
		die("cannot make a pipe for dot: %s", strerror(errno));
	if (pipe(out) != 0)
		die("cannot make a pipe for dot: %s", strerror(errno));
	/* Our ends stay ours: dot gets only its stdin and stdout. */
	fcntl(in[1], F_SETFD, FD_CLOEXEC);
	fcntl(out[0], F_SETFD, FD_CLOEXEC);
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, in[0], 0);
	posix_spawn_file_actions_adddup2(&fa, out[1], 1);
	posix_spawn_file_actions_addclose(&fa, in[0]);
	posix_spawn_file_actions_addclose(&fa, out[1]);
	rc = posix_spawnp(&pid, "dot", &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	close(in[0]);
	close(out[1]);
	if (rc != 0) {
		close(in[1]);
		close(out[0]);
		*err = rc;
		return NULL;
	}
	/* A dot that ends before it read everything must not end keten by SIGPIPE. */
	ign.sa_handler = SIG_IGN;
	sigemptyset(&ign.sa_mask);
	sigaction(SIGPIPE, &ign, &old);
	fcntl(in[1], F_SETFL, fcntl(in[1], F_GETFL) | O_NONBLOCK);
	buf = xmalloc(cap);
	for (;;) {
		struct pollfd p[2] = { { out[0], POLLIN, 0 }, { in[1], POLLOUT, 0 } };
		nfds_t np = in[1] >= 0 ? 2 : 1;
		ssize_t k;

		if (poll(p, np, -1) < 0) {
			if (errno == EINTR)
				continue;
			die("waiting for dot: %s", strerror(errno));
		}
		if (np == 2 && p[1].revents) {
			k = write(in[1], text + off, n - off);
			if (k > 0)
				off += (size_t)k;
			if ((k < 0 && errno != EAGAIN && errno != EINTR) || off == n) {
				close(in[1]);
				in[1] = -1;
			}
		}
		if (p[0].revents) {
			if (got + 4096 > cap) {
				cap *= 2;
				buf = xrealloc(buf, cap);
			}
			k = read(out[0], buf + got, cap - got - 1);
			if (k == 0)
				break;
			if (k < 0 && errno != EINTR && errno != EAGAIN)
				die("reading from dot: %s", strerror(errno));
			if (k > 0)
				got += (size_t)k;
		}
	}
	if (in[1] >= 0)
		close(in[1]);
	close(out[0]);
	sigaction(SIGPIPE, &old, NULL);
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			die("waiting for dot: %s", strerror(errno));
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 || off != n) {
		free(buf);
		*err = -1;
		return NULL;
	}
	buf[got] = '\0';
	*len = got;
	return buf;
}

char *flow_svg(const struct evlog *l, const struct dwellspec *s, const struct dwell_table *t,
	       const struct flow_map *o, size_t *len, int *err)
{
	struct flow_map dot = *o;
	char *text = NULL, *svg;
	size_t n = 0;
	struct csvw *w;
	FILE *fp;

	dot.mermaid = 0;
	fp = open_memstream(&text, &n);
	if (!fp)
		die("cannot hold the map in memory: %s", strerror(errno));
	w = csvw_stream(fp, "map");
	flow_draw(l, s, t, &dot, w);
	csvw_close(w);
	if (fclose(fp) != 0)
		die("cannot hold the map in memory: %s", strerror(errno));
	svg = run_dot(text, n, len, err);
	free(text);
	return svg;
}
