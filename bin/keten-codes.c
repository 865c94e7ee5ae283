/* keten-codes: frequencies, co-occurrence and the klantreis phase matrix of interview
 * codes. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "codes.h"
#include "csvio.h"
#include "diag.h"
#include "model.h"

enum sub { FREQ, COOC, MATRIX };

static enum sub sub;
static int group_col = -1;       /* --by: a codes column, or -1 */
static int wide;                 /* --wide */
static int count_segments;       /* --segments */
static int quotes;               /* --quotes */
static int by_segment;           /* --unit segment */
static int list;                 /* --list */
static int level;                /* --level, 0: as written */
static long min_n;               /* --min-n, 0: no suppression */
static int sort_code;            /* --sort code */
static const char *model_file;   /* --model */
static const char *rejects;      /* --rejects */
static const char *out_file;     /* --output */

static void usage(void)
{
	printf("usage: keten codes freq [-g COL] [-w] [--segments] [--quotes] [COMMON] [FILE ...]\n"
	       "       keten codes cooc [-u interview|segment] [-l] [COMMON] [FILE ...]\n"
	       "       keten codes matrix [--segments] [COMMON] [FILE ...]\n"
	       "COMMON: [-L N] [-k K] [--sort count|code] [-M FILE] [--rejects FILE] [-o FILE]\n"
	       "\n"
	       "  freq                 per code: segments, interviews and %% of interviews\n"
	       "  cooc                 pairs of codes in the same interview or segment\n"
	       "  matrix               codes by klantreis phase (interviews per cell)\n"
	       "  -g, --by COL         freq per value of role, city, chain, phase or coder\n"
	       "  -w, --wide           freq --by as a crosstab of codes by groups, with totals\n"
	       "      --segments       crosstab cells count segments instead of interviews\n"
	       "      --quotes         freq: add the first quote of each code (never by default)\n"
	       "  -u, --unit UNIT      cooc within an interview (default) or a segment\n"
	       "  -l, --list           cooc: list the interviews that carry both codes\n"
	       "  -L, --level N        roll hierarchical codes (Parent>Child) up to N levels\n"
	       "  -k, --min-n K        blank the statistics of cells with fewer than K interviews\n"
	       "      --sort ORDER     rows by count, largest first (default), or by code\n"
	       "  -M, --model FILE     the chain model whose phases are valid (default: built-in)\n"
	       "      --rejects FILE   write unusable rows to FILE instead of stopping\n"
	       "  -o, --output FILE    write to FILE (whole or not at all) instead of stdout\n"
	       "  -h, --help           show this help\n"
	       "      --version        show the version\n"
	       "Reads the codes tables FILE ..., or stdin when there is none or FILE is '-'.\n");
}

/* The counts of one grouping: codes by groups, the last group being rows with no value. */
struct tally {
	size_t ng, nc;
	long *segs, *ints;    /* [g * nc + code] */
	long *gsegs, *gints;  /* per group, over all codes */
	long *csegs, *cints;  /* per code, over all groups */
	long tsegs, tints;
	uint32_t *quote;      /* [g * nc + code]: the first row with a quote, or CODES_NONE */
};

static void tally(const struct codes *c, struct tally *t)
{
	size_t n = c->n, ni = codes_count(c, CODES_INTERVIEW), i;
	uint32_t *perm = xmalloc((n ? n : 1) * sizeof *perm);
	uint32_t *mark = xcalloc(ni + 1, sizeof *mark);
	uint32_t pg = CODES_NONE, pc = CODES_NONE, pi = CODES_NONE;

	t->nc = codes_count(c, CODES_CODE);
	t->ng = group_col >= 0 ? codes_count(c, group_col) + 1 : 1;
	t->segs = xcalloc(t->ng * t->nc + 1, sizeof *t->segs);
	t->ints = xcalloc(t->ng * t->nc + 1, sizeof *t->ints);
	t->gsegs = xcalloc(t->ng, sizeof *t->gsegs);
	t->gints = xcalloc(t->ng, sizeof *t->gints);
	t->csegs = xcalloc(t->nc + 1, sizeof *t->csegs);
	t->cints = xcalloc(t->nc + 1, sizeof *t->cints);
	t->quote = NULL;
	t->tsegs = (long)n;
	t->tints = (long)ni;

	/* Rows sorted by group, code and interview: each group is one run, so that marking
	 * interviews with the group counts each interview once per group. */
	for (i = 0; i < n; i++)
		perm[i] = (uint32_t)i;
	codes_sort_col(c, perm, n, CODES_INTERVIEW);
	codes_sort_col(c, perm, n, CODES_CODE);
	if (group_col >= 0)
		codes_sort_col(c, perm, n, group_col);
	for (i = 0; i < n; i++) {
		const struct codes_row *r = &c->row[perm[i]];
		uint32_t g = 0, k = r->id[CODES_CODE], iv = r->id[CODES_INTERVIEW];

		if (group_col >= 0)
			g = r->id[group_col] == CODES_NONE ? (uint32_t)t->ng - 1 : r->id[group_col];
		t->segs[g * t->nc + k]++;
		t->gsegs[g]++;
		if (g != pg || k != pc || iv != pi)
			t->ints[g * t->nc + k]++;
		pg = g, pc = k, pi = iv;
		if (mark[iv] != g + 1) {
			mark[iv] = g + 1;
			t->gints[g]++;
		}
	}
	/* Now by code, group and interview: each code is one run. */
	codes_sort_col(c, perm, n, CODES_CODE);
	memset(mark, 0, (ni + 1) * sizeof *mark);
	for (i = 0; i < n; i++) {
		const struct codes_row *r = &c->row[perm[i]];
		uint32_t k = r->id[CODES_CODE], iv = r->id[CODES_INTERVIEW];

		t->csegs[k]++;
		if (mark[iv] != k + 1) {
			mark[iv] = k + 1;
			t->cints[k]++;
		}
	}
	if (quotes) {
		t->quote = xmalloc((t->ng * t->nc + 1) * sizeof *t->quote);
		for (i = 0; i < t->ng * t->nc; i++)
			t->quote[i] = CODES_NONE;
		for (i = 0; i < n; i++) {
			const struct codes_row *r = &c->row[i];
			uint32_t g = 0;

			if (r->id[CODES_QUOTE] == CODES_NONE)
				continue;
			if (group_col >= 0)
				g = r->id[group_col] == CODES_NONE ? (uint32_t)t->ng - 1 :
								     r->id[group_col];
			if (t->quote[g * t->nc + r->id[CODES_CODE]] == CODES_NONE)
				t->quote[g * t->nc + r->id[CODES_CODE]] = (uint32_t)i;
		}
	}
	free(mark);
	free(perm);
}

static void tally_free(struct tally *t)
{
	free(t->segs);
	free(t->ints);
	free(t->gsegs);
	free(t->gints);
	free(t->csegs);
	free(t->cints);
	free(t->quote);
}

/* Whether a count of interviews is too small to show: 1 to K - 1.  An empty cell singles
 * no one out and stays. */
static int small(long interviews)
{
	return min_n > 0 && interviews > 0 && interviews < min_n;
}

/* The order of the rows of a listing: by the primary count, largest first, then by the
 * secondary, then by the code's rank in text order; or by text alone (--sort code). */
static const long *key1, *key2, *key_ints;
static const uint32_t *text_rank;

/* Rows whose counts are blanked come last and in text order, so that their order tells
 * nothing of the counts either. */
static int by_count(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	int sx = small(key_ints[x]), sy = small(key_ints[y]);

	if (!sort_code && sx != sy)
		return sx - sy;
	if (!sort_code && !sx) {
		if (key1[x] != key1[y])
			return key1[x] > key1[y] ? -1 : 1;
		if (key2 && key2[x] != key2[y])
			return key2[x] > key2[y] ? -1 : 1;
	}
	return text_rank[x] < text_rank[y] ? -1 : text_rank[x] > text_rank[y];
}

/* The codes in listing order by the counts k1 and k2, ints deciding which are blanked. */
static uint32_t *code_order(const struct tally *t, const uint32_t *rank, const long *k1,
			    const long *k2, const long *ints)
{
	uint32_t *ids = xmalloc((t->nc + 1) * sizeof *ids);
	size_t i;

	for (i = 0; i < t->nc; i++)
		ids[i] = (uint32_t)i;
	key1 = k1;
	key2 = k2;
	key_ints = ints;
	text_rank = rank;
	qsort(ids, t->nc, sizeof *ids, by_count);
	return ids;
}

static const char *colname(int col)
{
	static const char *const names[] = { "interview", "code", "role", "city", "chain",
					     "phase", "segment", "coder", "quote" };
	return names[col];
}

/* The groups in the order results list them: by text (phases in model order), and the
 * rows without a value last when there are any. */
static uint32_t *group_order(const struct codes *c, const struct tally *t, size_t *n)
{
	uint32_t *ids;

	if (group_col < 0) {
		ids = xmalloc(sizeof *ids);
		ids[0] = 0;
		*n = 1;
		return ids;
	}
	ids = codes_order(c, group_col, NULL);
	*n = t->ng - 1;
	if (t->gsegs[t->ng - 1]) {
		ids = xreallocarray(ids, t->ng, sizeof *ids);
		ids[(*n)++] = (uint32_t)t->ng - 1;
	}
	return ids;
}

static void write_long(const struct codes *c, const struct tally *t, struct csvw *w)
{
	uint32_t *rank = xmalloc((t->nc + 1) * sizeof *rank), *gids;
	size_t ngroups, gi, i;

	free(codes_order(c, CODES_CODE, rank));
	gids = group_order(c, t, &ngroups);
	if (group_col >= 0)
		csvw_str(w, colname(group_col));
	csvw_names(w, quotes ? "code,segments,interviews,pct_interviews,quote,suppressed" :
			       "code,segments,interviews,pct_interviews,suppressed");
	for (gi = 0; gi < ngroups; gi++) {
		uint32_t g = gids[gi], *ids;
		const long *segs = t->segs + (size_t)g * t->nc, *ints = t->ints + (size_t)g * t->nc;

		ids = code_order(t, rank, ints, segs, ints);
		for (i = 0; i < t->nc; i++) {
			uint32_t k = ids[i];
			int supp = small(ints[k]);

			if (!segs[k])
				continue;
			if (group_col >= 0)
				csvw_str(w, g == t->ng - 1 ? "" : codes_str(c, group_col, g));
			csvw_str(w, codes_str(c, CODES_CODE, k));
			if (supp) {
				csvw_empty(w);
				csvw_empty(w);
				csvw_empty(w);
			} else {
				csvw_int(w, segs[k]);
				csvw_int(w, ints[k]);
				csvw_num(w, 100.0 * (double)ints[k] / (double)t->gints[g], 1);
			}
			if (quotes) {
				uint32_t q = t->quote[(size_t)g * t->nc + k];
				if (supp || q == CODES_NONE)
					csvw_empty(w);
				else
					csvw_str(w, codes_str(c, CODES_QUOTE, c->row[q].id[CODES_QUOTE]));
			}
			csvw_int(w, supp);
			csvw_end(w);
		}
		free(ids);
	}
	free(gids);
	free(rank);
}

/* One crosstab cell: the count, or empty when its interviews are too few. */
static void cell(struct csvw *w, long v, long interviews, int *supp)
{
	if (small(interviews)) {
		csvw_empty(w);
		*supp = 1;
	} else {
		csvw_int(w, v);
	}
}

static void write_wide(const struct codes *c, const struct tally *t, struct csvw *w)
{
	uint32_t *rank = xmalloc((t->nc + 1) * sizeof *rank), *gids, *ids;
	size_t ngroups, gi, i;
	const long *cells = count_segments ? t->segs : t->ints;
	const long *tot = count_segments ? t->csegs : t->cints;

	free(codes_order(c, CODES_CODE, rank));
	gids = group_order(c, t, &ngroups);
	csvw_str(w, "code");
	for (gi = 0; gi < ngroups; gi++)
		csvw_str(w, gids[gi] == t->ng - 1 ? "(none)" : codes_str(c, group_col, gids[gi]));
	csvw_names(w, "total,suppressed");
	ids = code_order(t, rank, tot, count_segments ? t->cints : t->csegs, t->cints);
	for (i = 0; i < t->nc; i++) {
		uint32_t k = ids[i];
		int supp = 0;

		csvw_str(w, codes_str(c, CODES_CODE, k));
		for (gi = 0; gi < ngroups; gi++) {
			size_t at = (size_t)gids[gi] * t->nc + k;
			cell(w, cells[at], t->ints[at], &supp);
		}
		cell(w, tot[k], t->cints[k], &supp);
		csvw_int(w, supp);
		csvw_end(w);
	}
	/* The totals row: the interviews (or segments) of each group, whatever the code. */
	{
		int supp = 0;

		csvw_str(w, "(all)");
		for (gi = 0; gi < ngroups; gi++)
			cell(w, count_segments ? t->gsegs[gids[gi]] : t->gints[gids[gi]],
			     t->gints[gids[gi]], &supp);
		cell(w, count_segments ? t->tsegs : t->tints, t->tints, &supp);
		csvw_int(w, supp);
		csvw_end(w);
	}
	free(ids);
	free(gids);
	free(rank);
}

/* One co-occurrence: a pair of codes (by text rank) in a unit of some interview. */
struct occ {
	uint64_t pair;
	uint32_t interview;
};

static int by_pair(const void *a, const void *b)
{
	const struct occ *x = a, *y = b;

	if (x->pair != y->pair)
		return x->pair < y->pair ? -1 : 1;
	return x->interview < y->interview ? -1 : x->interview > y->interview;
}

/* The distinct interviews of the occurrences of one pair, in text order, as one field
 * with `;` between them. */
static void write_interviews(const struct codes *c, const uint32_t *inames,
			     const struct occ *o, size_t n, char **buf, size_t *cap,
			     struct csvw *w)
{
	size_t len = 0, i;

	for (i = 0; i < n; i++) {
		const char *s;
		size_t sl;

		if (i && o[i].interview == o[i - 1].interview)
			continue;
		s = codes_str(c, CODES_INTERVIEW, inames[o[i].interview]);
		sl = strlen(s);
		xgrow(buf, cap, len + sl + 2, 1);
		if (len)
			(*buf)[len++] = ';';
		memcpy(*buf + len, s, sl);
		len += sl;
	}
	csvw_field(w, *buf, len);
}

/* A pair of the result. */
struct pair {
	uint32_t a, b; /* code ids */
	long n;        /* units carrying both */
	long nint;     /* interviews carrying both */
	double jaccard;
	size_t first, last; /* its occurrences */
};

static const uint32_t *pair_rank;

static int by_pair_order(const void *pa, const void *pb)
{
	const struct pair *x = pa, *y = pb;

	int sx = small(x->nint), sy = small(y->nint);

	if (!sort_code && sx != sy)
		return sx - sy;
	if (!sort_code && !sx) {
		if (x->n != y->n)
			return x->n > y->n ? -1 : 1;
		if (x->jaccard != y->jaccard)
			return x->jaccard > y->jaccard ? -1 : 1;
	}
	if (x->a != y->a)
		return pair_rank[x->a] < pair_rank[y->a] ? -1 : 1;
	return pair_rank[x->b] < pair_rank[y->b] ? -1 : pair_rank[x->b] > pair_rank[y->b];
}

static void cooc(const struct codes *c, struct csvw *w)
{
	struct codes_units u;
	size_t n = c->n, nc = codes_count(c, CODES_CODE), i, j, start;
	uint32_t *perm = xmalloc((n ? n : 1) * sizeof *perm);
	uint32_t *rank = xmalloc((nc + 1) * sizeof *rank), *ids;
	uint32_t *in_unit = xmalloc((nc + 1) * sizeof *in_unit);
	long *units = xcalloc(nc + 1, sizeof *units);
	struct occ *occ = NULL;
	struct pair *pairs = NULL;
	size_t nocc = 0, occcap = 0, npairs = 0, paircap = 0, bufcap = 0;
	char *buf = NULL;
	uint32_t *names = xmalloc((nc + 1) * sizeof *names);
	uint32_t *irank = xmalloc((codes_count(c, CODES_INTERVIEW) + 1) * sizeof *irank);
	uint32_t *inames = codes_order(c, CODES_INTERVIEW, irank);

	ids = codes_order(c, CODES_CODE, rank);
	free(ids);
	codes_units(c, by_segment, &u);
	for (i = 0; i < n; i++)
		perm[i] = (uint32_t)i;
	codes_sort_col(c, perm, n, CODES_CODE);
	codes_isort(perm, n, u.of_row, u.n);
	/* Each unit is a run of rows sorted by code: its distinct codes, then every pair. */
	for (start = 0; start < n; start = i) {
		uint32_t unit = u.of_row[perm[start]];
		size_t k = 0, a, b;

		for (i = start; i < n && u.of_row[perm[i]] == unit; i++) {
			uint32_t code = c->row[perm[i]].id[CODES_CODE];
			if (k == 0 || in_unit[k - 1] != code)
				in_unit[k++] = code;
		}
		for (a = 0; a < k; a++)
			units[in_unit[a]]++;
		xgrow(&occ, &occcap, nocc + k * (k - 1) / 2 + 1, sizeof *occ);
		for (a = 0; a < k; a++)
			for (b = a + 1; b < k; b++) {
				uint32_t ra = rank[in_unit[a]], rb = rank[in_unit[b]];
				occ[nocc].pair = ra < rb ? (uint64_t)ra << 32 | rb :
							   (uint64_t)rb << 32 | ra;
				occ[nocc++].interview = irank[u.interview[unit]];
			}
	}
	if (nocc)
		qsort(occ, nocc, sizeof *occ, by_pair);
	/* The code id of each rank, to turn pairs of ranks back into codes. */
	for (i = 0; i < nc; i++)
		names[rank[i]] = (uint32_t)i;
	for (i = 0; i < nocc; i = j) {
		struct pair *p;
		long na, nb;
		size_t k;

		for (j = i; j < nocc && occ[j].pair == occ[i].pair; j++)
			;
		xgrow(&pairs, &paircap, npairs + 1, sizeof *pairs);
		p = &pairs[npairs++];
		p->a = names[occ[i].pair >> 32];
		p->b = names[occ[i].pair & 0xffffffffu];
		p->n = (long)(j - i);
		p->nint = 1;
		for (k = i + 1; k < j; k++)
			p->nint += occ[k].interview != occ[k - 1].interview;
		p->first = i;
		p->last = j;
		na = units[p->a];
		nb = units[p->b];
		p->jaccard = (double)p->n / (double)(na + nb - p->n);
	}
	pair_rank = rank;
	if (npairs)
		qsort(pairs, npairs, sizeof *pairs, by_pair_order);

	csvw_names(w, list ? "code_a,code_b,n_a,n_b,n_ab,jaccard,interviews,suppressed" :
			     "code_a,code_b,n_a,n_b,n_ab,jaccard,suppressed");
	for (i = 0; i < npairs; i++) {
		const struct pair *p = &pairs[i];
		int supp = small(p->nint);

		csvw_str(w, codes_str(c, CODES_CODE, p->a));
		csvw_str(w, codes_str(c, CODES_CODE, p->b));
		if (supp) {
			for (j = 0; j < 4 + (size_t)list; j++)
				csvw_empty(w);
		} else {
			csvw_int(w, units[p->a]);
			csvw_int(w, units[p->b]);
			csvw_int(w, p->n);
			csvw_num(w, p->jaccard, 3);
			if (list)
				write_interviews(c, inames, occ + p->first, p->last - p->first,
						 &buf, &bufcap, w);
		}
		csvw_int(w, supp);
		csvw_end(w);
	}
	free(buf);
	free(inames);
	free(irank);
	free(names);
	free(pairs);
	free(occ);
	free(units);
	free(in_unit);
	free(rank);
	free(perm);
	codes_units_free(&u);
}

/* The column --by names, as a codes column. */
static int parse_by(const char *s)
{
	static const int cols[] = { CODES_ROLE, CODES_CITY, CODES_CHAIN, CODES_PHASE,
				    CODES_CODER };
	size_t i;

	for (i = 0; i < sizeof cols / sizeof *cols; i++)
		if (strcmp(s, colname(cols[i])) == 0)
			return cols[i];
	usage_error("--by: not role, city, chain, phase or coder: '%s'", s);
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "by", required_argument, NULL, 'g' },
		{ "wide", no_argument, NULL, 'w' },
		{ "segments", no_argument, NULL, 'S' },
		{ "quotes", no_argument, NULL, 'Q' },
		{ "unit", required_argument, NULL, 'u' },
		{ "list", no_argument, NULL, 'l' },
		{ "level", required_argument, NULL, 'L' },
		{ "min-n", required_argument, NULL, 'k' },
		{ "sort", required_argument, NULL, 'O' },
		{ "model", required_argument, NULL, 'M' },
		{ "rejects", required_argument, NULL, 'R' },
		{ "output", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	struct codes_opts co = { 0 };
	struct model *m = NULL;
	struct codes *c;
	struct tally t;
	struct csvw *w;
	const char *name;
	int ch, i;

	diag_init(argv[0]);
	if (argc < 2)
		usage_error("no subcommand: freq, cooc or matrix");
	name = argv[1];
	if (strcmp(name, "-h") == 0 || strcmp(name, "--help") == 0) {
		usage();
		return 0;
	}
	if (strcmp(name, "--version") == 0) {
		printf("keten-codes %s\n", KETEN_VERSION);
		return 0;
	}
	if (strcmp(name, "freq") == 0)
		sub = FREQ;
	else if (strcmp(name, "cooc") == 0)
		sub = COOC;
	else if (strcmp(name, "matrix") == 0)
		sub = MATRIX;
	else
		usage_error("unknown subcommand: '%s' (freq, cooc or matrix)", name);
	argc--;
	argv++;
	while ((ch = getopt_long(argc, argv, ":g:wu:lL:k:M:o:h", longopts, NULL)) != -1) {
		switch (ch) {
		case 'g': /* --by */
			group_col = parse_by(optarg);
			break;
		case 'w': /* --wide */
			wide = 1;
			break;
		case 'S': /* --segments */
			count_segments = 1;
			break;
		case 'Q': /* --quotes */
			quotes = 1;
			break;
		case 'u': /* --unit */
			if (strcmp(optarg, "segment") == 0)
				by_segment = 1;
			else if (strcmp(optarg, "interview") == 0)
				by_segment = 0;
			else
				usage_error("--unit: not interview or segment: '%s'", optarg);
			break;
		case 'l': /* --list */
			list = 1;
			break;
		case 'L': /* --level */
			level = (int)parse_int_opt("--level", optarg, 1, 1000);
			break;
		case 'k': /* --min-n */
			min_n = (long)parse_int_opt("--min-n", optarg, 0, 1000000000);
			break;
		case 'O': /* --sort */
			if (strcmp(optarg, "code") == 0)
				sort_code = 1;
			else if (strcmp(optarg, "count") == 0)
				sort_code = 0;
			else
				usage_error("--sort: not count or code: '%s'", optarg);
			break;
		case 'M': /* --model */
			model_file = optarg;
			break;
		case 'R': /* --rejects */
			rejects = optarg;
			break;
		case 'o': /* --output */
			out_file = optarg;
			break;
		case 'h': /* --help */
			usage();
			return 0;
		case 'V': /* --version */
			printf("keten-codes %s\n", KETEN_VERSION);
			return 0;
		default:
			usage_bad_option(ch, argv);
		}
	}
	argc -= optind;
	argv += optind;
	/* The rejects file may be neither an input nor the output (csvio.h). */
	csvw_check_outputs(argv, argc,
			   (const struct csvw_file[]){ { "--output", out_file, CSVW_MAIN },
						       { "--rejects", rejects, CSVW_OUT },
						       { "--model", model_file, CSVW_IN },
						       { NULL, NULL, 0 } });
	if (sub != FREQ && (group_col >= 0 || wide || quotes))
		usage_error("--by, --wide and --quotes are options of freq");
	if (sub != COOC && (by_segment || list))
		usage_error("--unit and --list are options of cooc");
	if (sub == COOC && count_segments)
		usage_error("--segments is an option of freq and matrix");
	if (sub == FREQ && (wide || count_segments) && group_col < 0)
		usage_error("--wide and --segments need --by");
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
	if (by_segment)
		co.need |= CODES_BIT(CODES_SEGMENT), co.nonempty |= CODES_BIT(CODES_SEGMENT);
	if (group_col == CODES_PHASE || model_file)
		co.model = m = model_get(model_file);
	co.rejects = rejects;
	c = codes_new(&co);
	if (argc == 0)
		codes_read(c, "-");
	for (i = 0; i < argc; i++)
		codes_read(c, argv[i]);
	codes_done(c);
	if (level)
		codes_rollup(c, level);

	w = csvw_open(out_file);
	if (sub == COOC) {
		cooc(c, w);
	} else {
		tally(c, &t);
		if (wide)
			write_wide(c, &t, w);
		else
			write_long(c, &t, w);
		tally_free(&t);
	}
	csvw_close(w);
	codes_free(c);
	model_free(m);
	return 0;
}
