/* keten-flow: how cases move between stages, organisations or any other column, as a table
 * of transitions or as a process map for Graphviz or Mermaid, or drawn by Graphviz as SVG. */
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
#include "flow_draw.h"
#include "model.h"
#include "opt.h"
#include "partial.h"
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
static long long min_cases; /* --min-cases */
static int no_exits;        /* --no-exits */

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
	OPT_TAKE(OPT_TZ),
	OPT_TAKE(OPT_MODEL),
	OPT_TAKE(OPT_TIES),
	OPT_TAKE(OPT_CLOSED),
	OPT_TAKE(OPT_MIN_N),
	OPT_TAKE(OPT_PARTIAL),
	OPT_TAKE_FORMATS(FORMAT_BIT(FORMAT_CSV) | FORMAT_BIT(FORMAT_DOT) |
				 FORMAT_BIT(FORMAT_MERMAID) | FORMAT_BIT(FORMAT_SVG),
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
		"                  [--tz ZONE] [-M FILE] [--ties ORDER] [--closed] [-k K]\n"
		"                  [--partial] [-f FORMAT] [--min-cases N] [--no-exits] [-o FILE]\n"
		"                  [FILE]",
	.opts = opts,
};

static void write_csv(const struct evlog *l, const struct dwellspec *s, const struct dwell_table *t,
		      struct csvw *w)
{
	dwell_write_moves(l, s, t, count_events, w);
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
	struct flow_map map;
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
	/* The table keeps every move: what a map leaves out to be read is no part of it. */
	if (set.format == FORMAT_CSV && min_cases)
		usage_error("--min-cases: only for a map (-f dot, mermaid or svg)");
	if (set.format == FORMAT_CSV && no_exits)
		usage_error("--no-exits: only for a map (-f dot, mermaid or svg)");
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
	map.mermaid = set.format == FORMAT_MERMAID;
	map.events = count_events;
	map.min_cases = min_cases;
	map.no_exits = no_exits;
	map.min_n = set.min_n;
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
	} else if (set.format == FORMAT_SVG) {
		size_t n;
		int err;
		/* The whole drawing before a byte of it is written: without dot, or when dot
		 * fails, stdout stays empty and -o FILE is not made. */
		char *svg = flow_svg(l, &spec, &t, &map, &n, &err);

		if (!svg && err > 0)
			die("-f svg: cannot run dot, the program of Graphviz that draws the map: %s",
			    strerror(err));
		if (!svg)
			die("-f svg: dot, the program of Graphviz that draws the map, failed");
		csvw_raw(w, svg, n);
		free(svg);
	} else {
		flow_draw(l, &spec, &t, &map, w);
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
