/* keten-bottleneck: which stage of the chain holds people longest or loses them, from
 * events; or which codes interviewees name most as bottlenecks, from coded interviews. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bottleneck.h"
#include "codes.h"
#include "csvio.h"
#include "date.h"
#include "diag.h"
#include "events.h"
#include "i18n.h"
#include "model.h"
#include "opt.h"
#include "partial.h"
#include "waits.h"

static struct opt_set set;    /* the shared options */
static const char *completed; /* --completed */
static const char *rank_by;   /* --rank-by */
static long long idle;        /* --idle */

/* --completed: a list of reasons, none of them empty. */
static void set_completed(const char *opt, const char *arg, void *var)
{
	size_t len = strlen(arg);

	if (!len || strstr(arg, ",,") || arg[0] == ',' || arg[len - 1] == ',')
		usage_error("%s: an empty reason in '%s'", opt, arg);
	*(const char **)var = arg;
}

/* clang-format off */
static const struct opt opts[] = {
	OPT_TAKE(OPT_BY),
	OPT_TAKE_NOTE(OPT_ASOF, "default: the latest date"),
	OPT_TAKE(OPT_PERIOD),
	OPT_INT_OWN(0, "idle", "DAYS", "an open case without an event for DAYS days has dropped",
		    &idle, 1, 1000000),
	OPT_CALL_OWN(0, "completed", "REASONS",
		     "reasons (comma-separated) of a terminal event that complete a case rather "
		     "than drop it",
		     set_completed, &completed),
	OPT_STRING_OWN(0, "rank-by", "COL",
		       "rank by this column, largest first (default: share, then drop_rate; "
		       "codes: interviews, roles, weight)",
		       &rank_by),
	OPT_TAKE(OPT_MIN_N),
	OPT_TAKE_RANGE(OPT_TOP, 1, 1000000000),
	OPT_TAKE(OPT_HOLIDAYS),
	OPT_TAKE(OPT_TZ),
	OPT_TAKE(OPT_MODEL),
	OPT_TAKE(OPT_TIES),
	OPT_TAKE(OPT_CLOSED),
	OPT_TAKE(OPT_REJECTS),
	OPT_TAKE(OPT_PARTIAL),
	OPT_TAKE(OPT_OUTPUT),
	OPT_TABLE_END,
};
/* clang-format on */

static const struct opt_cmd cmd = {
	.name = "bottleneck",
	.progress = 1,
	.synopsis =
		"keten bottleneck [-g COLS] [-a DATE] [--period PERIOD]\n"
		"                        [--idle DAYS] [--completed REASONS] [--rank-by COL]\n"
		"                        [-k K] [-t N] [--holidays FILE] [--tz ZONE] [-M FILE]\n"
		"                        [--ties ORDER] [--closed] [--rejects FILE] [--partial]\n"
		"                        [-o FILE] [FILE]",
	.opts = opts,
	.footer = N_("Reads events (case, stage, date) or codes (interview, code) from FILE or\n"
		     "stdin; with codes --by is one of role, city, chain, phase, coder.\n"),
};

/* What the input holds, told by its header. */
enum kind { K_EVENTS, K_CODES };

/* The kind of an input, told by the header its reader has read; an input that is
 * neither ends the program, with its reader closed so that nothing is left allocated. */
static enum kind kind_of(struct csvr *r)
{
	char name[1024];

	if (csvr_col(r, "case") >= 0)
		return K_EVENTS;
	if (csvr_col(r, "interview") >= 0 && csvr_col(r, "code") >= 0)
		return K_CODES;
	snprintf(name, sizeof name, "%s", csvr_name(r));
	csvr_close(r);
	die("%s: neither events (no column 'case') nor codes (no columns 'interview' and 'code')",
	    name);
}

/* Codes: the columns of a result row that --rank-by can name, in output order. */
enum { D_INTERVIEWS, D_SEGMENTS, D_ROLES, D_CITIES, D_WEIGHT, NCDCOLS };
/* clang-format off */
static const char *const cdcols[NCDCOLS] = {
	"interviews", "segments", "roles", "cities", "weight",
};
/* clang-format on */

/* One result row of codes, and what ranks it. */
struct row {
	uint32_t group, key; /* group; code */
	double v[NCDCOLS];
	uint32_t phase; /* the phase most of the code's segments carry */
	char *roles;    /* the roles, ';'-separated */
	int supp;
};

/* The keys of the ranking, largest first: --rank-by's column, then the default ones. */
static struct ranking rank_spec;

/* Sets the ranking keys: the column --rank-by names, then the defaults. */
static void set_rank_keys(const char *const *names, int ncols, const int *defaults, int ndef)
{
	char list[256] = "";
	int i;

	if (ranking_keys(&rank_spec, rank_by, names, ncols, defaults, ndef) == 0)
		return;
	for (i = 0; i < ncols; i++) {
		if (i)
			strcat(list, ", ");
		strcat(list, names[i]);
	}
	usage_error("--rank-by: not a column of the table: '%s' (columns: %s)", rank_by, list);
}

/* Sorts rows by group and rank (lib/bottleneck's ranking) and writes them, the first
 * --top of each group. */
static void write_ranked(struct row *rows, size_t n, const uint32_t *grank, const uint32_t *krank,
			 struct csvw *w, void (*write_row)(const struct row *, long, struct csvw *))
{
	struct rank_item *it = xcalloc(n + 1, sizeof *it);
	size_t i;

	for (i = 0; i < n; i++) {
		it[i].group = rows[i].group;
		it[i].key = rows[i].key;
		it[i].v = rows[i].v;
		it[i].supp = rows[i].supp;
		it[i].id = i;
	}
	rank_spec.grank = grank;
	rank_spec.krank = krank;
	rank_items(it, n, &rank_spec);
	for (i = 0; i < n; i++) {
		const struct row *r = &rows[it[i].id];

		if (set.top && it[i].pos > set.top)
			continue;
		write_row(r, r->supp ? 0 : it[i].pos, w);
	}
	free(it);
}

/* The as-of date of events (keten(5), "Censoring"), and with --period the period: its end,
 * or a given --asof or the latest date when that is earlier (keten-bottleneck(1), --period). */
/* An --asof before the --period: a usage error found before the input is read. */
static void check_asof(void)
{
	char a[11];

	if (opt_given(&set, OPT_PERIOD) && opt_given(&set, OPT_ASOF) > 0 &&
	    set.asof < set.period.from) {
		date_format(set.asof, a);
		usage_error("--asof: %s is before the period %s", a, set.text[OPT_PERIOD]);
	}
}

/* The as-of date and period of o; a period that ends before every date of l is a usage
 * error, which frees l first (the program ends with nothing allocated left behind). */
static void set_asof(struct evlog *l, struct bottleneck_opts *o)
{
	int given = opt_given(&set, OPT_ASOF) > 0;
	const struct period *p = &set.period;
	char a[11], b[11];

	if (!opt_given(&set, OPT_PERIOD)) {
		o->asof = evlog_asof(l, given, set.asof);
		return;
	}
	o->period = p;
	/* The rule of keten waits and keten report: a period not yet over is seen as far as
	 * the data goes. */
	o->asof = waits_period_asof(l, p, given, set.asof);
	/* A period that ends before every date has no stays: a mistaken period. */
	if (l->n && o->asof < l->minday) {
		char name[256];

		date_format(o->asof, a);
		date_format(l->minday, b);
		snprintf(name, sizeof name, "%s", l->name);
		evlog_free(l);
		usage_error("--period: %s ends on %s, before every date of %s (the first is %s)",
			    set.text[OPT_PERIOD], a, name, b);
	}
}

/* Events: the stays of each stage, ranked (lib/bottleneck), the first --top of each
 * group. */
static void bottleneck_events(struct csvr *in, const struct model *m, struct csvw **wp)
{
	static const int defaults[] = { BN_SHARE, BN_DROPRATE };
	struct bottleneck_opts o = {
		.idle = (long)idle, .completed = completed, .min_n = set.min_n, .rank = &rank_spec
	};
	struct evopts eo = { 0 };
	struct bottleneck_row *rows;
	struct evlog *l;
	size_t n;

	set_rank_keys(bottleneck_cols, BN_NCOLS, defaults, 2);
	eo.m = m;
	eo.by = set.by;
	eo.attr = completed ? "reason" : NULL;
	eo.norm_flags = 1;
	eo.ties_input = opt_ties_input(&set);
	eo.closed = set.closed;
	check_asof();
	l = evlog_read(in, &eo);
	set_asof(l, &o);

	*wp = csvw_open(set.output);
	if (set.partial) {
		struct partial_meta pm;

		partial_meta_init(&pm, "bottleneck", &set);
		if (idle) {
			char buf[24];

			snprintf(buf, sizeof buf, "%lld", idle);
			partial_meta_add(&pm, "--idle", buf);
		}
		if (completed)
			partial_meta_add(&pm, "--completed", completed);
		if (rank_by)
			partial_meta_add(&pm, "--rank-by", rank_by);
		partial_bottleneck(l, &o, &pm, *wp);
		partial_meta_free(&pm);
		evlog_free(l);
		return;
	}
	rows = bottleneck_stages(l, &o, &n);
	bottleneck_write(l, rows, n, l->tstart != NULL, set.top, *wp);
	free(rows);
	evlog_free(l);
}

/* The column --by names in a codes table. */
static int codes_by_col(void)
{
	/* clang-format off */
	static const struct { const char *name; int col; } cols[] = {
		{ "role", CODES_ROLE }, { "city", CODES_CITY }, { "chain", CODES_CHAIN },
		{ "phase", CODES_PHASE }, { "coder", CODES_CODER },
	};
	/* clang-format on */
	size_t i;

	if (!set.by)
		return -1;
	for (i = 0; i < sizeof cols / sizeof cols[0]; i++)
		if (strcmp(set.by, cols[i].name) == 0)
			return cols[i].col;
	usage_error("--by: codes are grouped by one of role, city, chain, phase, coder, not '%s'",
		    set.by);
}

static const struct codes *out_codes;
static int out_bycol;
static size_t out_nogroup; /* the group of rows without a value */
static unsigned out_cols;  /* the columns the input has */

static void write_code_row(const struct row *r, long rank, struct csvw *w)
{
	int j;

	if (out_bycol >= 0)
		csvw_str(w,
			 r->group == out_nogroup ? "" : codes_str(out_codes, out_bycol, r->group));
	csvw_str(w, codes_str(out_codes, CODES_CODE, r->key));
	csvw_str(w, codes_str(out_codes, CODES_PHASE, r->phase));
	for (j = 0; j < NCDCOLS; j++) {
		int absent = (j == D_WEIGHT && !(out_cols & CODES_BIT(CODES_WEIGHT))) ||
			     (j == D_ROLES && !(out_cols & CODES_BIT(CODES_ROLE))) ||
			     (j == D_CITIES && !(out_cols & CODES_BIT(CODES_CITY)));

		if (r->supp || absent) {
			csvw_empty(w);
		} else if (j == D_WEIGHT && r->v[j] != floor(r->v[j])) {
			csvw_num(w, r->v[j], 2);
		} else {
			csvw_int(w, (long long)r->v[j]);
		}
		if (j == D_ROLES) {
			if (r->supp || absent)
				csvw_empty(w);
			else
				csvw_str(w, r->roles);
		}
	}
	if (rank)
		csvw_int(w, rank);
	else
		csvw_empty(w);
	csvw_int(w, r->supp);
	csvw_end(w);
}

static void bottleneck_codes(struct csvr *in, const struct model *m, struct csvw **wp)
{
	static const int defaults[] = { D_INTERVIEWS, D_ROLES, D_WEIGHT };
	struct codes_opts o = { 0 };
	struct codes_knelpunt *k;
	struct codes *c;
	struct row *rows;
	size_t nrows, i, ng;
	uint32_t *grank, *krank;
	int bycol = codes_by_col();

	set_rank_keys(cdcols, NCDCOLS, defaults, 3);
	o.cols = CODES_BIT(CODES_ROLE) | CODES_BIT(CODES_CITY) | CODES_BIT(CODES_CHAIN) |
		 CODES_BIT(CODES_PHASE) | CODES_BIT(CODES_POLARITY) | CODES_BIT(CODES_WEIGHT);
	if (bycol >= 0)
		o.need = CODES_BIT(bycol);
	o.model = m;
	o.rejects = set.rejects;
	c = codes_new(&o);
	codes_read_csv(c, in);
	codes_done(c);

	/* The counts are codes_knelpunten's; a row of the ranking holds them. */
	k = codes_knelpunten(c, bycol, &nrows, &ng);
	rows = xcalloc(nrows ? nrows : 1, sizeof *rows);
	for (i = 0; i < nrows; i++) {
		struct row *r = &rows[i];

		r->group = k[i].group;
		r->key = k[i].code;
		r->phase = k[i].phase;
		r->v[D_INTERVIEWS] = (double)k[i].interviews;
		r->v[D_SEGMENTS] = (double)k[i].segments;
		r->v[D_ROLES] = (double)k[i].roles;
		r->v[D_CITIES] = (double)k[i].cities;
		r->v[D_WEIGHT] = k[i].weight;
		r->roles = k[i].role_list;
		/* The rule of keten codes freq (keten-codes(1), Small cells). */
		r->supp = codes_small(k[i].interviews, set.min_n);
	}

	*wp = csvw_open(set.output);
	if (bycol >= 0)
		csvw_str(*wp, set.by);
	csvw_names(*wp,
		   "code,phase,interviews,segments,roles,role_list,cities,weight,rank,suppressed");
	grank = xmalloc((ng + 1) * sizeof *grank);
	if (bycol >= 0)
		free(codes_order(c, bycol, grank));
	grank[ng - 1] = (uint32_t)(ng - 1);
	krank = xmalloc((codes_count(c, CODES_CODE) + 1) * sizeof *krank);
	free(codes_order(c, CODES_CODE, krank));
	out_codes = c;
	out_bycol = bycol;
	out_nogroup = bycol >= 0 ? ng - 1 : (size_t)-1;
	out_cols = c->cols;
	write_ranked(rows, nrows, grank, krank, *wp, write_code_row);

	free(rows);
	codes_knelpunten_free(k, nrows);
	free(grank);
	free(krank);
	codes_free(c);
}

int main(int argc, char **argv)
{
	struct csvr *in;
	struct model *m;
	struct csvw *w = NULL;
	enum kind kind;
	int first;

	diag_init(argv[0]);
	first = opt_parse(&cmd, &set, argc, argv);
	argc -= first;
	argv += first;
	if (argc > 1)
		usage_error("one input file at most, not %d", argc);
	opt_load_holidays(&set);

	/* The header tells events from codes; the same reader then loads the rows. */
	in = csvr_open(argc ? argv[0] : "-", 0);
	kind = kind_of(in);
	if (kind == K_EVENTS && set.rejects)
		usage_error("--rejects: only for codes");
	if (kind == K_CODES && set.partial)
		usage_error("--partial: only for events");
	if (set.partial && model_is_infer(set.model))
		usage_error(
			"--partial: a model inferred from each part would differ between parts");
	if (kind == K_CODES) {
		const char *opt = idle                          ? "idle"
				  : completed                   ? "completed"
				  : opt_given(&set, OPT_ASOF)   ? "asof"
				  : opt_given(&set, OPT_PERIOD) ? "period"
								: NULL;
		if (opt)
			usage_error("--%s: only for events", opt);
	}
	m = model_get(set.model);
	if (kind == K_EVENTS)
		bottleneck_events(in, m, &w);
	else
		bottleneck_codes(in, m, &w);
	csvw_close(w);
	model_free(m);
	cal_free();
	opt_free(&set);
	return 0;
}
