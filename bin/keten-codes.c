/* keten-codes: frequencies, co-occurrence and the klantreis phase matrix of interview
 * codes. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "codes.h"
#include "csvio.h"
#include "diag.h"
#include "i18n.h"
#include "model.h"
#include "opt.h"
#include "partial.h"

enum sub { FREQ, COOC, MATRIX };

static struct opt_set set; /* the shared options */
static enum sub sub;
static int group_col = -1;      /* --by: a codes column, or -1 */
static int wide;                /* --wide */
static int count_segments;      /* --segments */
static int quotes;              /* --quotes */
static int list;                /* --list */
static int by_code;             /* --order code */
static struct codes_rank order; /* --order and --min-n */

static const char *const orders[] = { "count", "code", NULL };

/* clang-format off */
static const struct opt opts[] = {
	OPT_TAKE(OPT_BY),
	OPT_FLAG_OWN(0, "wide", "freq --by as a crosstab of codes by groups, with totals", &wide),
	OPT_FLAG_OWN(0, "segments", "crosstab cells count segments instead of interviews",
		     &count_segments),
	OPT_FLAG_OWN(0, "quotes", "freq: add the first quote of each code (never by default)",
		     &quotes),
	OPT_TAKE(OPT_PER),
	OPT_FLAG_OWN(0, "list", "cooc: list the interviews that carry both codes", &list),
	OPT_TAKE(OPT_LEVEL),
	OPT_TAKE(OPT_MIN_N),
	OPT_CHOICE_OWN(0, "order", "ORDER", "rows by count, largest first (default), or by code",
		       &by_code, orders),
	OPT_TAKE(OPT_MODEL),
	OPT_TAKE(OPT_REJECTS),
	OPT_TAKE(OPT_PARTIAL),
	OPT_TAKE(OPT_OUTPUT),
	/* Old spellings (keten-codes(1), Deprecated spellings): --unit is the unit of waits,
	 * -w --width, -l --long of waits, and --sort a flag of keten import. */
	OPT_RENAMED('u', "unit", "per", NULL),
	OPT_RENAMED('w', NULL, "wide", NULL),
	OPT_RENAMED('l', NULL, "list", NULL),
	OPT_RENAMED(0, "sort", "order", NULL),
	OPT_TABLE_END,
};
/* clang-format on */

static const struct opt_cmd cmd = {
	.name = "codes",
	.synopsis = "keten codes freq [-g COL] [--wide] [--segments] [--quotes] [-L N] [-k K]\n"
		    "                        [--order count|code] [-M FILE] [--rejects FILE]\n"
		    "                        [--partial] [-o FILE] [FILE ...]\n"
		    "       keten codes cooc [--per interview|segment] [--list] [-L N] [-k K]\n"
		    "                        [--order count|code] [-M FILE] [--rejects FILE]\n"
		    "                        [-o FILE] [FILE ...]\n"
		    "       keten codes matrix [--segments] [-L N] [-k K] [--order count|code]\n"
		    "                          [-M FILE] [--rejects FILE] [-o FILE] [FILE ...]",
	.opts = opts,
	/* xgettext:no-c-format */
	.footer = N_("  freq              per code: segments, interviews and % of interviews\n"
		     "  cooc              pairs of codes in the same interview or segment\n"
		     "  matrix            codes by klantreis phase (interviews per cell)\n"
		     "--by is one of role, city, chain, phase or coder.  Reads the codes tables\n"
		     "FILE ..., or stdin when there is none or FILE is '-'.\n"),
};

static int small(long interviews)
{
	return codes_small(interviews, order.min_n);
}

/* The distinct interviews of one pair (repeats are adjacent), in text order, as one field
 * with `;` between them. */
static void write_interviews(const struct codes *c, const uint32_t *iv, size_t n, char **buf,
			     size_t *cap, struct csvw *w)
{
	size_t len = 0, i;

	for (i = 0; i < n; i++) {
		const char *s;
		size_t sl;

		if (i && iv[i] == iv[i - 1])
			continue;
		s = codes_str(c, CODES_INTERVIEW, iv[i]);
		sl = strlen(s);
		xgrow(buf, cap, len + sl + 2, 1);
		if (len)
			(*buf)[len++] = ';';
		memcpy(*buf + len, s, sl);
		len += sl;
	}
	csvw_field(w, *buf, len);
}

static void write_cooc(const struct codes *c, struct csvw *w)
{
	struct codes_cooc co;
	size_t i, j, bufcap = 0;
	char *buf = NULL;

	codes_cooc(c, set.per_segment, &order, &co);
	csvw_names(w, list ? "code_a,code_b,n_a,n_b,n_ab,jaccard,interviews,suppressed"
			   : "code_a,code_b,n_a,n_b,n_ab,jaccard,suppressed");
	for (i = 0; i < co.n; i++) {
		const struct codes_pair *p = &co.pair[i];
		int supp = small(p->nint);

		csvw_str(w, codes_str(c, CODES_CODE, p->a));
		csvw_str(w, codes_str(c, CODES_CODE, p->b));
		if (supp) {
			for (j = 0; j < 4 + (size_t)list; j++)
				csvw_empty(w);
		} else {
			csvw_int(w, co.units[p->a]);
			csvw_int(w, co.units[p->b]);
			csvw_int(w, p->n);
			csvw_num(w, p->jaccard, 3);
			if (list)
				write_interviews(c, co.iv + p->first, p->last - p->first, &buf,
						 &bufcap, w);
		}
		csvw_int(w, supp);
		csvw_end(w);
	}
	free(buf);
	codes_cooc_free(&co);
}

/* keten codes freq and matrix: the tally, from the counts that a partial holds (as keten
 * merge computes it) or with --quotes by codes_tally, whose first quote of a cell is a row
 * of the input; with --partial those counts (keten(5), "Partial results"). */
static void freq(const struct codes *c, struct csvw *w)
{
	struct codes_tally_opts to = { .col = group_col, .only_col = -1 };
	struct codes_freq f = { .col = group_col,
				.wide = wide,
				.segments = count_segments,
				.quotes = quotes,
				.order = order };
	struct codes_tally t;
	struct codes_counts k;

	if (quotes) {
		to.flags = CODES_T_QUOTES;
		codes_tally(c, &to, &t);
		codes_write_freq(c, &t, &f, w);
		codes_tally_free(&t);
		return;
	}
	codes_counts_init(&k);
	codes_counts_of(c, group_col, &k);
	if (set.partial) {
		struct partial_meta pm;

		partial_meta_init(&pm, "codes freq", &set);
		if (wide)
			partial_meta_add(&pm, "--wide", "");
		if (count_segments)
			partial_meta_add(&pm, "--segments", "");
		if (by_code)
			partial_meta_add(&pm, "--order", "code");
		partial_codes(c, group_col, &k, &pm, w);
		partial_meta_free(&pm);
	} else {
		codes_tally_of_counts(c, group_col, &k, &t);
		codes_write_freq(c, &t, &f, w);
		codes_tally_free(&t);
	}
	codes_counts_free(&k);
}

/* The column --by names, as a codes column. */
static int parse_by(const char *s)
{
	static const int cols[] = { CODES_ROLE, CODES_CITY, CODES_CHAIN, CODES_PHASE, CODES_CODER };
	size_t i;

	for (i = 0; i < sizeof cols / sizeof *cols; i++)
		if (strcmp(s, codes_col_name(cols[i])) == 0)
			return cols[i];
	usage_error("--by: not role, city, chain, phase or coder: '%s'", s);
}

int main(int argc, char **argv)
{
	struct codes_opts co = { 0 };
	struct model *m = NULL;
	struct codes *c;
	struct csvw *w;
	const char *name;
	int first;

	diag_init(argv[0]);
	if (argc < 2)
		usage_error("no subcommand: freq, cooc or matrix");
	name = argv[1];
	/* Help and version come before a subcommand too, with a --lang after them. */
	if (strcmp(name, "-h") == 0 || strcmp(name, "--help") == 0 ||
	    strcmp(name, "--version") == 0)
		opt_parse(&cmd, &set, argc, argv);
	if (strcmp(name, "freq") == 0)
		sub = FREQ;
	else if (strcmp(name, "cooc") == 0)
		sub = COOC;
	else if (strcmp(name, "matrix") == 0)
		sub = MATRIX;
	else
		usage_error("unknown subcommand: '%s' (freq, cooc or matrix)", name);
	first = opt_parse(&cmd, &set, argc - 1, argv + 1);
	argc -= first + 1;
	argv += first + 1;
	if (set.by)
		group_col = parse_by(set.by);
	order.min_n = set.min_n;
	order.by_code = by_code;
	if (sub != FREQ && (group_col >= 0 || wide || quotes))
		usage_error("--by, --wide and --quotes are options of freq");
	if (sub != COOC && (set.per_segment || list))
		usage_error("--per and --list are options of cooc");
	if (sub == COOC && count_segments)
		usage_error("--segments is an option of freq and matrix");
	if (sub == FREQ && (wide || count_segments) && group_col < 0)
		usage_error("--wide and --segments need --by");
	if (set.partial && sub != FREQ)
		usage_error("--partial is an option of freq");
	if (set.partial && quotes)
		usage_error("--partial: not with --quotes, which are rows of the input");
	if (sub == FREQ && count_segments && !wide)
		usage_error("--segments needs --wide (the long table has both counts)");
	if (sub == MATRIX) {
		group_col = CODES_PHASE;
		wide = 1;
	}

	co.cols = CODES_BIT(CODES_INTERVIEW) | CODES_BIT(CODES_CODE);
	if (group_col >= 0)
		co.need |= CODES_BIT(group_col);
	if (quotes)
		co.cols |= CODES_BIT(CODES_QUOTE);
	if (set.per_segment)
		co.need |= CODES_BIT(CODES_SEGMENT), co.nonempty |= CODES_BIT(CODES_SEGMENT);
	if (group_col == CODES_PHASE || set.model)
		co.model = m = model_get(set.model);
	co.rejects = set.rejects;
	c = codes_new(&co);
	codes_read_all(c, argv, argc, set.level);

	w = csvw_open(set.output);
	if (sub == COOC) {
		write_cooc(c, w);
	} else {
		freq(c, w);
	}
	csvw_close(w);
	codes_free(c);
	model_free(m);
	opt_free(&set);
	return 0;
}
