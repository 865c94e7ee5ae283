/* keten-agree: inter-coder agreement on coded interviews, per code and overall, from the
 * presence or absence of each code per interview or per segment. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agree.h"
#include "codes.h"
#include "csvio.h"
#include "diag.h"
#include "i18n.h"
#include "opt.h"

/* What a unit without any row of a coder means (keten-agree(1), UNCODED UNITS). */
enum uncoded { UNCODED_WITHIN, UNCODED_ABSENT, UNCODED_MISSING };

static struct opt_set set;           /* the shared options */
static int by_segment;               /* --per segment */
static int uncoded = UNCODED_WITHIN; /* --uncoded */

static const char *const uncoded_words[] = { "within", "absent", "missing", NULL };

/* clang-format off */
static const struct opt opts[] = {
	OPT_TAKE(OPT_PER),
	OPT_CHOICE_OWN(0, "uncoded", "HOW",
		       "a unit without rows of a coder: within (default: absent when the coder "
		       "coded the interview, else missing), absent (no code applies) or missing "
		       "(not coded)",
		       &uncoded, uncoded_words),
	OPT_TAKE(OPT_LEVEL),
	OPT_TAKE(OPT_REJECTS),
	OPT_TAKE(OPT_OUTPUT),
	/* keten 0.1 said -u and --unit for --per (keten-agree(1), Deprecated spellings);
	 * --unit is the unit of waits in every other command. */
	OPT_RENAMED('u', "unit", "per", NULL),
	OPT_TABLE_END,
};
/* clang-format on */

static const struct opt_cmd cmd = {
	.name = "agree",
	.synopsis = "keten agree [--per interview|segment] [--uncoded within|absent|missing]\n"
		    "                   [-L N] [--rejects FILE] [-o FILE] [FILE ...]",
	.opts = opts,
	.footer = N_("Reads the codes tables FILE ..., or stdin when there is none or FILE is "
		     "'-';\nthe column coder names who coded each row.\n"),
};

/* The number of distinct coders in each run of rows that share key, perm being sorted
 * by key and then by coder; out[key] gets the count. */
static void coders_per(const struct codes *c, const uint32_t *perm, size_t n, const uint32_t *key,
		       uint32_t *out)
{
	size_t i;

	for (i = 0; i < n; i++) {
		const struct codes_row *r = &c->row[perm[i]], *p = i ? &c->row[perm[i - 1]] : NULL;
		uint32_t k = key[perm[i]];

		if (!p || key[perm[i - 1]] != k)
			out[k] = 1;
		else if (p->id[CODES_CODER] != r->id[CODES_CODER])
			out[k]++;
	}
}

/* The counts of one code (or of all together): t[m * (K + 1) + j] units that m coders
 * coded, j of whom applied the code; first_only units of two coders where only the
 * first coder (in text order) applied it. */
struct counts {
	double *t;
	double first_only;
};

/* The statistics of one row of the result. */
static void write_stats(struct csvw *w, const struct counts *s, size_t K, const char *code)
{
	size_t m, j, nrows = 0;
	double *cat = xcalloc(2 * (K + 1) * (K + 1) + 1, sizeof *cat);
	double *wt = xcalloc((K + 1) * (K + 1) + 1, sizeof *wt);
	double units, present = 0, fleiss_units, pct, cohen = NAN, fleiss, alpha;
	struct agree_units au;

	/* Each (m, j) stands for its units: j coders chose present, m - j absent. */
	for (m = 2; m <= K; m++)
		for (j = 0; j <= m; j++) {
			double n = s->t[m * (K + 1) + j];
			if (n <= 0)
				continue;
			cat[nrows * 2] = (double)j;
			cat[nrows * 2 + 1] = (double)(m - j);
			wt[nrows++] = n;
			if (j)
				present += n;
		}
	au.nrows = nrows;
	au.ncat = 2;
	au.n = cat;
	au.w = wt;
	pct = agree_percent(&au, &units);
	alpha = agree_alpha_nominal(&au, NULL);
	fleiss = agree_fleiss(&au, (int)K, &fleiss_units);
	if (K == 2) {
		double both = s->t[2 * 3 + 2], one = s->t[2 * 3 + 1], none = s->t[2 * 3 + 0];
		double tab[4] = { both, s->first_only, one - s->first_only, none };
		cohen = agree_cohen(tab, 2, NULL);
	}
	csvw_str(w, code);
	csvw_str(w, by_segment ? "segment" : "interview");
	csvw_int(w, (long long)K);
	csvw_int(w, (long long)units);
	csvw_int(w, (long long)present);
	csvw_num(w, 100 * pct, 1);
	csvw_num(w, cohen, 3);
	csvw_num(w, fleiss, 3);
	csvw_int(w, (long long)fleiss_units);
	csvw_num(w, alpha, 3);
	csvw_end(w);
	free(cat);
	free(wt);
}

static void agree(const struct codes *c, struct csvw *w)
{
	struct codes_units u;
	size_t n = c->n, K = codes_count(c, CODES_CODER), nc = codes_count(c, CODES_CODE);
	size_t ni = codes_count(c, CODES_INTERVIEW), cells = (K + 1) * (K + 1), i, k;
	uint32_t *perm, *mu, *order, *crank;
	double *hist;
	struct counts *per, all;

	if (K < 2)
		die("agreement needs two or more coders; the input has %zu", K);
	perm = xmalloc((n ? n : 1) * sizeof *perm);
	crank = xmalloc((K + 1) * sizeof *crank);
	hist = xcalloc(K + 1, sizeof *hist);
	per = xcalloc(nc + 1, sizeof *per);
	free(codes_order(c, CODES_CODER, crank));
	codes_units(c, by_segment, &u);
	mu = xcalloc(u.n + 1, sizeof *mu);

	/* How many coders coded each unit. */
	for (i = 0; i < n; i++)
		perm[i] = (uint32_t)i;
	codes_sort_col(c, perm, n, CODES_CODER);
	if (uncoded == UNCODED_ABSENT) {
		for (i = 0; i < u.n; i++)
			mu[i] = (uint32_t)K;
	} else if (uncoded == UNCODED_MISSING || !by_segment) {
		codes_isort(perm, n, u.of_row, u.n);
		coders_per(c, perm, n, u.of_row, mu);
	} else {
		uint32_t *mi = xcalloc(ni + 1, sizeof *mi), *iv = xmalloc((n ? n : 1) * sizeof *iv);

		for (i = 0; i < n; i++)
			iv[i] = c->row[i].id[CODES_INTERVIEW];
		codes_isort(perm, n, iv, ni);
		coders_per(c, perm, n, iv, mi);
		for (i = 0; i < u.n; i++)
			mu[i] = mi[u.interview[i]];
		free(iv);
		free(mi);
	}
	for (i = 0; i < u.n; i++)
		hist[mu[i]]++;

	/* The units in which each code was applied, and by how many coders: rows sorted by
	 * code, unit and coder, with the rows of no code last. */
	for (i = 0; i < n; i++)
		perm[i] = (uint32_t)i;
	codes_sort_col(c, perm, n, CODES_CODER);
	codes_isort(perm, n, u.of_row, u.n);
	codes_sort_col(c, perm, n, CODES_CODE);
	for (k = 0; k < nc; k++)
		per[k].t = xcalloc(cells, sizeof *per[k].t);
	for (i = 0; i < n;) {
		const struct codes_row *r = &c->row[perm[i]];
		uint32_t code = r->id[CODES_CODE], unit = u.of_row[perm[i]], j = 0,
			 last = CODES_NONE;
		uint32_t who = CODES_NONE;

		if (code == CODES_NONE)
			break;
		for (; i < n; i++) {
			const struct codes_row *q = &c->row[perm[i]];
			if (q->id[CODES_CODE] != code || u.of_row[perm[i]] != unit)
				break;
			if (q->id[CODES_CODER] != last) {
				last = q->id[CODES_CODER];
				who = last;
				j++;
			}
		}
		per[code].t[mu[unit] * (K + 1) + j]++;
		if (K == 2 && mu[unit] == 2 && j == 1 && crank[who] == 0)
			per[code].first_only++;
	}

	/* Units in which no coder applied the code: all the units less those counted. */
	all.t = xcalloc(cells, sizeof *all.t);
	all.first_only = 0;
	for (k = 0; k < nc; k++) {
		size_t m, j;

		for (m = 0; m <= K; m++) {
			double used = 0;
			for (j = 1; j <= m; j++)
				used += per[k].t[m * (K + 1) + j];
			per[k].t[m * (K + 1)] = hist[m] - used;
		}
		for (m = 0; m < cells; m++)
			all.t[m] += per[k].t[m];
		all.first_only += per[k].first_only;
	}

	csvw_names(w, "code,unit,coders,units,present,pct_agree,cohen_kappa,fleiss_kappa,"
		      "fleiss_units,alpha");
	order = codes_order(c, CODES_CODE, NULL);
	for (k = 0; k < nc; k++)
		write_stats(w, &per[order[k]], K, codes_str(c, CODES_CODE, order[k]));
	write_stats(w, &all, K, "(all)");

	for (k = 0; k < nc; k++)
		free(per[k].t);
	free(all.t);
	free(order);
	free(per);
	free(hist);
	free(crank);
	free(mu);
	free(perm);
	codes_units_free(&u);
}

int main(int argc, char **argv)
{
	struct codes_opts co = { 0 };
	struct codes *c;
	struct csvw *w;
	int first;

	diag_init(argv[0]);
	first = opt_parse(&cmd, &set, argc, argv);
	by_segment = set.per_segment;
	argc -= first;
	argv += first;

	co.cols = CODES_BIT(CODES_CODER);
	co.need = co.nonempty = CODES_BIT(CODES_CODER);
	if (by_segment)
		co.need |= CODES_BIT(CODES_SEGMENT), co.nonempty |= CODES_BIT(CODES_SEGMENT);
	co.flags = CODES_EMPTY_CODE;
	co.rejects = set.rejects;
	c = codes_new(&co);
	codes_read_all(c, argv, argc, set.level);

	w = csvw_open(set.output);
	agree(c, w);
	csvw_close(w);
	codes_free(c);
	opt_free(&set);
	return 0;
}
