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
#include "partial.h"
#include "period.h"
#include "stats.h"
#include "waits.h"

static struct opt_set set;       /* the shared options */
static const char *on = "stage"; /* --on */
static const char *start;        /* --start */
static int count_events;         /* --count events: directly-follows occurrences */
static const char *const count_words[] = { "cases", "events", NULL };

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
	OPT_TAKE(OPT_PARTIAL),
	OPT_TAKE_FORMATS(FORMAT_BIT(FORMAT_CSV) | FORMAT_BIT(FORMAT_DOT) |
				 FORMAT_BIT(FORMAT_MERMAID),
			 "csv"),
	OPT_TAKE(OPT_OUTPUT),
	OPT_TABLE_END,
};
/* clang-format on */

static const struct opt_cmd cmd = {
	.name = "flow",
	.synopsis =
		"keten flow [--on COL] [--start STAGE] [--count WHAT] [-g COLS] [-u UNIT]\n"
		"                  [-a DATE] [--period PERIOD] [--today DATE] [--holidays FILE]\n"
		"                  [-M FILE] [--ties ORDER] [--closed] [-k K] [--partial]\n"
		"                  [-f FORMAT] [-o FILE] [FILE]",
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

/* What a move counts: its cases, or with --count events its occurrences. */
static long weight(const struct dwell_move *m)
{
	return count_events ? m->n : m->cases;
}

/* Whether the edge of a move is drawn without numbers: maps show no shares, so the cases
 * decide (dwell_blank_moves blanks the waits with them). */
static int suppressed(const struct dwell_move *m)
{
	return (m->blank & DWELL_BLANK_CASES) != 0;
}

static void write_csv(const struct evlog *l, const struct dwellspec *s, const struct dwell_table *t,
		      struct csvw *w)
{
	dwell_write_moves(l, s, t, count_events, w);
}

/* Graph output: text inside a quoted string, with what would end it escaped. */
static void put(struct csvw *w, const char *s)
{
	csvw_raw(w, s, strlen(s));
}

static void put_escaped(struct csvw *w, const char *s, int mermaid)
{
	const char *p;

	for (p = s; *p; p++) {
		if (*p == '"')
			put(w, mermaid ? "#quot;" : "\\\"");
		else if (*p == '\\' && !mermaid)
			put(w, "\\\\");
		else if (*p == '\n' || *p == '\r')
			put(w, " ");
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

/* The id of a node: group and key, with the two pseudo-stages named apart. */
static void node_id(char *buf, size_t size, size_t gi, uint32_t key)
{
	if (key == DWELL_END)
		snprintf(buf, size, "g%zu_stop", gi);
	else if (key == DWELL_OPEN)
		snprintf(buf, size, "g%zu_open", gi);
	else
		snprintf(buf, size, "g%zu_n%u", gi, (unsigned)key);
}

static void put_node(struct csvw *w, const struct evlog *l, const struct dwellspec *s, size_t gi,
		     uint32_t key, const char *ind)
{
	char id[48];

	node_id(id, sizeof id, gi, key);
	put(w, ind);
	put(w, id);
	if (set.format == FORMAT_MERMAID) {
		put(w, key == DWELL_END ? "((" : key == DWELL_OPEN ? "([" : "[");
		put_quoted(w, dwell_key_name(l, s, key), 1);
		put(w, key == DWELL_END ? "))\n" : key == DWELL_OPEN ? "])\n" : "]\n");
	} else {
		put(w, " [label=");
		put_quoted(w, dwell_key_name(l, s, key), 0);
		if (key == DWELL_END)
			put(w, ", shape=doublecircle, style=solid");
		else if (key == DWELL_OPEN)
			put(w, ", shape=ellipse, style=dashed");
		put(w, "];\n");
	}
}

static double edge_width(const struct dwell_move *m, long maxcases)
{
	return suppressed(m) ? 1.0 : 1.0 + 4.0 * (double)weight(m) / (double)maxcases;
}

static void put_edge(struct csvw *w, const struct evlog *l, const struct dwellspec *s, size_t gi,
		     const struct dwell_move *m, long maxcases, const char *ind)
{
	int mermaid = set.format == FORMAT_MERMAID;
	char id[48], line1[64], line2[96], attr[96], med[48];
	double width = edge_width(m, maxcases);

	if (suppressed(m)) {
		snprintf(line1, sizeof line1, ".");
		line2[0] = '\0';
	} else {
		fmt_wait(med, sizeof med, stats_quantile(m->d, (size_t)m->n, 0.5));
		snprintf(line1, sizeof line1, "%ld %s%s", weight(m),
			 count_events ? "event" : "case", weight(m) == 1 ? "" : "s");
		/* "days" minus its s for a wait of exactly one. */
		snprintf(line2, sizeof line2, "median %s %.*s", med,
			 (int)strlen(opt_unit_name(s->unit)) - (strcmp(med, "1") == 0),
			 opt_unit_name(s->unit));
	}
	node_id(id, sizeof id, gi, m->from);
	put(w, ind);
	put(w, id);
	node_id(id, sizeof id, gi, m->to);
	if (mermaid) {
		put(w, " -->|\"");
		put_escaped(w, line1, 1);
		if (line2[0]) {
			put(w, "<br/>");
			put_escaped(w, line2, 1);
		}
		put(w, "\"| ");
		put(w, id);
		put(w, "\n");
	} else {
		put(w, " -> ");
		put(w, id);
		put(w, " [label=\"");
		put_escaped(w, line1, 0);
		if (line2[0]) {
			put(w, "\\n");
			put_escaped(w, line2, 0);
		}
		snprintf(attr, sizeof attr, "\", penwidth=%.2f%s];\n", width,
			 suppressed(m) ? ", style=dashed" : "");
		put(w, attr);
	}
}

/* A process map: per group (a cluster when there are groups) its nodes, the stages that
 * cases leave in order and then the others as they are first reached, and its edges. */
static void write_graph(const struct evlog *l, const struct dwellspec *s,
			const struct dwell_table *t, struct csvw *w)
{
	int mermaid = set.format == FORMAT_MERMAID;
	size_t nkeys = dwell_nkeys(l, s);
	size_t *mark = xcalloc(nkeys + 2, sizeof *mark);
	long maxcases = 1;
	size_t i, j, gi;
	const char *ind = l->nby ? "\t\t" : "\t";

	for (i = 0; i < t->nmoves; i++)
		if (!suppressed(&t->move[i]) && weight(&t->move[i]) > maxcases)
			maxcases = weight(&t->move[i]);
	if (mermaid)
		put(w, "flowchart LR\n");
	else
		put(w, "digraph flow {\n"
		       "\trankdir=LR;\n"
		       "\tnode [shape=box, style=rounded, fontname=\"Helvetica\"];\n"
		       "\tedge [fontname=\"Helvetica\", fontsize=10];\n");

	for (i = 0, gi = 0; i < t->nmoves; gi++) {
		uint32_t g = t->move[i].group;
		size_t end = i;

		while (end < t->nmoves && t->move[end].group == g)
			end++;
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
		for (j = i; j < end; j++) {
			uint32_t key = t->move[j].from;

			if (mark[key] != gi + 1) {
				mark[key] = gi + 1;
				put_node(w, l, s, gi, key, ind);
			}
		}
		for (j = i; j < end; j++) {
			uint32_t key = t->move[j].to;
			size_t k = key == DWELL_END ? nkeys : key == DWELL_OPEN ? nkeys + 1 : key;

			if (mark[k] != gi + 1) {
				mark[k] = gi + 1;
				put_node(w, l, s, gi, key, ind);
			}
		}
		for (j = i; j < end; j++)
			put_edge(w, l, s, gi, &t->move[j], maxcases, ind);
		if (l->nby)
			put(w, mermaid ? "\tend\n" : "\t}\n");
		i = end;
	}
	/* Mermaid sets the width of the n-th edge of the chart apart from the edge. */
	for (i = 0; mermaid && i < t->nmoves; i++) {
		char line[96];

		snprintf(line, sizeof line, "\tlinkStyle %zu stroke-width:%.1fpx\n", i,
			 edge_width(&t->move[i], maxcases));
		put(w, line);
	}
	if (!mermaid)
		put(w, "}\n");
	free(mark);
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
	if (set.partial && count_events)
		usage_error("--partial: not with --count events");
	if (set.partial && set.format != FORMAT_CSV)
		usage_error("--partial writes CSV, not --format %s", opt_format_name(set.format));
	if (set.partial && model_is_infer(set.model))
		usage_error(
			"--partial: a model inferred from each part would differ between parts");
	opt_load_holidays(&set);

	spec.unit = set.unit;
	m = model_get(set.model);
	if (start) {
		spec.start_stage = model_stage(m, start, strlen(start));
		if (spec.start_stage < 0)
			usage_error("--start: not a stage of the %s model: '%s'", m->name, start);
	}
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

	if (set.partial) {
		memset(&t, 0, sizeof t);
	} else if (count_events) {
		dwell_follows(l, &spec, &t);
		dwell_blank_follows(&t, set.min_n);
	} else {
		dwell_table(l, &spec, DWELL_CELLS | DWELL_MOVES, &t);
		dwell_blank_moves(&t, set.min_n);
	}
	w = csvw_open(set.output);
	if (set.partial) {
		struct partial_meta pm;

		/* The options as written, which keten merge compares and reads again. */
		partial_meta_init(&pm, "flow", &set);
		if (opt_seen(&set, "on"))
			partial_meta_add(&pm, "--on", on);
		if (start)
			partial_meta_add(&pm, "--start", start);
		partial_flow(l, &spec, &pm, w);
		partial_meta_free(&pm);
	} else if (set.format == FORMAT_CSV) {
		write_csv(l, &spec, &t, w);
	} else {
		write_graph(l, &spec, &t, w);
	}
	csvw_close(w);
	if (spec.on_attr && strcmp(on, "org_type") == 0 && !set.partial)
		referral(l, &spec);

	dwell_table_free(&t);
	evlog_free(l);
	model_free(m);
	cal_free();
	opt_free(&set);
	return 0;
}
