/* keten-filter: select the rows of a keten CSV by expression, by period and by case.
 * Which cases are kept is lib/casesel's answer (period membership lib/period's); this
 * file reads, applies the row filters and writes. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "casesel.h"
#include "csvio.h"
#include "date.h"
#include "diag.h"
#include "expr.h"
#include "i18n.h"
#include "opt.h"
#include "period.h"
#include "rowstore.h"

static struct opt_set set;   /* the shared options: the periods, --today, --output */
static struct expr **wheres; /* -e, --where */
static size_t nwheres;
static int invert;         /* -v, --invert */
static int count_only;     /* --count */
static int stats;          /* -s, --stats */
static struct casesel sel; /* --case-has, --case-lacks, --case-where, --cohort, --active */

/* --shard I/N: keep the cases whose id falls in shard I of N (casesel_shard). */
static unsigned long shard_i, shard_n;

static void set_shard(const char *opt, const char *arg, void *var)
{
	char *end;
	unsigned long i, n;

	(void)var;
	if (*arg < '1' || *arg > '9')
		usage_error("%s: not I/N with 1 <= I <= N <= 1000000: '%s'", opt, arg);
	i = strtoul(arg, &end, 10);
	if (*end != '/' || end[1] < '1' || end[1] > '9')
		usage_error("%s: not I/N with 1 <= I <= N <= 1000000: '%s'", opt, arg);
	n = strtoul(end + 1, &end, 10);
	if (*end || i > n || n > 1000000)
		usage_error("%s: not I/N with 1 <= I <= N <= 1000000: '%s'", opt, arg);
	shard_i = i;
	shard_n = n;
}

/* The row period: the days that --from, --to, --month, --quarter and --year share. */
static struct period rowp;
static int row_period;

static struct expr *parse_or_die(const char *opt, const char *text)
{
	char *err = NULL, msg[512];
	struct expr *e = expr_parse(text, &err);

	if (!e) {
		snprintf(msg, sizeof msg, "%s: %s", opt, err);
		free(err);
		usage_error("%s", msg);
	}
	return e;
}

/* -e: one more expression that every row must pass. */
static void add_where(const char *opt, const char *arg, void *var)
{
	wheres = xreallocarray(wheres, nwheres + 1, sizeof(struct expr *));
	/* Its messages say -e, the spelling of every example, whether -e or --where was given. */
	wheres[nwheres++] = parse_or_die("-e", arg);
}

/* --case-has, --case-lacks, --case-where: one more condition on the cases. */
static void add_cond(const char *opt, const char *arg, void *var)
{
	struct casesel_cond *c;

	if (sel.ncond == CASESEL_MAX)
		usage_error("more than %d --case-has, --case-lacks and --case-where", CASESEL_MAX);
	c = &sel.cond[sel.ncond];
	if (strcmp(opt, "--case-where") == 0) {
		c->where = parse_or_die(opt, arg);
	} else {
		c->stage = arg;
		c->slen = strlen(arg);
		c->lacks = strcmp(opt, "--case-lacks") == 0;
	}
	sel.ncond++;
}

/* clang-format off */
static const struct opt opts[] = {
	OPT_CALL_OWN('e', "where", "EXPR", "keep rows where EXPR holds (repeatable: all must hold)",
		     add_where, NULL),
	OPT_TAKE(OPT_FROM),
	OPT_TAKE(OPT_TO),
	OPT_TAKE(OPT_MONTH),
	OPT_TAKE(OPT_QUARTER),
	OPT_TAKE(OPT_YEAR),
	OPT_TAKE(OPT_TODAY),
	OPT_TAKE(OPT_TZ),
	OPT_CALL_OWN(0, "case-has", "STAGE", "keep cases with an event at STAGE", add_cond, NULL),
	OPT_CALL_OWN(0, "case-lacks", "STAGE", "keep cases without an event at STAGE", add_cond,
		     NULL),
	OPT_CALL_OWN(0, "case-where", "EXPR", "keep cases with an event where EXPR holds",
		     add_cond, NULL),
	OPT_TAKE(OPT_COHORT),
	OPT_TAKE(OPT_ACTIVE),
	OPT_TAKE(OPT_TIES),
	OPT_CALL_OWN(0, "shard", "I/N",
		     "keep the cases whose id hashes to shard I of N (FNV-1a 64 modulo N)",
		     set_shard, NULL),
	OPT_FLAG_OWN('v', "invert", "write the rows that the selection drops", &invert),
	OPT_FLAG_OWN(0, "count", "write the number of rows kept instead of the rows", &count_only),
	OPT_FLAG_OWN('s', "stats", "end with a line on stderr: rows read, kept, cases kept",
		     &stats),
	OPT_TAKE(OPT_OUTPUT),
	/* -c is --codes FILE in klantreis and report (keten-filter(1), Deprecated spellings). */
	OPT_RENAMED('c', NULL, "count", NULL),
	OPT_TABLE_END,
};
/* clang-format on */

static const struct opt_cmd cmd = {
	.name = "filter",
	.progress = 1,
	.synopsis =
		"keten filter [-sv] [-e EXPR] [-o FILE] [--from DATE] [--to DATE]\n"
		"                    [--month MONTH] [--quarter QUARTER] [--year YEAR]\n"
		"                    [--today DATE] [--tz ZONE] [--case-has STAGE]\n"
		"                    [--case-lacks STAGE] [--case-where EXPR] [--cohort PERIOD]\n"
		"                    [--active PERIOD] [--ties ORDER] [--shard I/N] [--count]\n"
		"                    [FILE ...]",
	.opts = opts,
	.footer = N_("--from, --to, --month, --quarter and --year keep the rows in every period\n"
		     "given; --cohort and --active keep whole cases.\n"),
};

static void narrow(struct period *p, const struct period *q)
{
	if (q->from > p->from)
		p->from = q->from;
	if (q->to < p->to)
		p->to = q->to;
}

/* The row period from the period words, which lib/opt has resolved. */
static void row_periods(void)
{
	static const enum opt_id words[] = { OPT_MONTH, OPT_QUARTER, OPT_YEAR };
	const struct period *p[] = { &set.month, &set.quarter, &set.year };
	size_t i;

	rowp.from = set.from;
	rowp.to = set.to;
	row_period = opt_given(&set, OPT_FROM) || opt_given(&set, OPT_TO);
	for (i = 0; i < 3; i++) {
		if (opt_given(&set, words[i])) {
			narrow(&rowp, p[i]);
			row_period = 1;
		}
	}
}

/* Every input has the same header, so a missing column is named without a file. */
static void bind_or_die(struct expr *e, const struct csvr *r, const char *opt)
{
	char *err = NULL;

	if (expr_bind(e, csvr_header(r), &err) == 0)
		return;
	warnx("%s: %s", opt, err);
	free(err);
	exit(EXIT_DATA);
}

/* The state of one run over the inputs. */
struct run {
	struct csvw *w;
	struct csv_row hdr; /* a copy of the first input's header */
	int c_date, c_case; /* the columns of the date (row periods) and the case (--shard) */
	int by_case;
	long read, kept;
	/* Case filters on input read once: the rows that may be written, and per row its
	 * case id, line length, and whether the row filters hold. */
	struct rowstore *rows;
	uint64_t *meta;
	size_t nmeta, mcap;
};

static int same_header(const struct csv_row *a, const struct csv_row *b)
{
	size_t i;

	if (a->n != b->n)
		return 0;
	for (i = 0; i < a->n; i++)
		if (a->len[i] != b->len[i] || memcmp(a->f[i], b->f[i], a->len[i]) != 0)
			return 0;
	return 1;
}

/* Reads the day of row's date, or exits with the file, line and value. */
static kday row_day(const struct csvr *r, const struct csv_row *row, int c)
{
	kday day;
	int sec;

	if (date_parse_iso(row->f[c], row->len[c], &day, &sec) != 0)
		die_at(csvr_name(r), row->line, "column 'date': not a date: '%s'", row->f[c]);
	return day;
}

/* Whether row passes -e and the period options. */
static int row_pass(const struct csvr *r, const struct csv_row *row, const struct run *u)
{
	size_t i;

	if (row_period) {
		kday d = row_day(r, row, u->c_date);
		if (d < rowp.from || d > rowp.to)
			return 0;
	}
	/* A case's rows share its id, so a shard keeps cases whole in one pass. */
	if (shard_n &&
	    casesel_shard(row->f[u->c_case], row->len[u->c_case], shard_n) != shard_i - 1)
		return 0;
	for (i = 0; i < nwheres; i++)
		if (!expr_eval(wheres[i], row))
			return 0;
	return 1;
}

/* Opens one input and checks its header against the first. */
static struct csvr *open_input(struct run *u, const char *path, int first)
{
	struct csvr *r = csvr_open(path, 0);
	const struct csv_row *h = csvr_header(r);
	size_t i;

	if (!first) {
		if (!same_header(&u->hdr, h))
			die("%s: header differs from that of the first input", csvr_name(r));
		return r;
	}
	u->hdr.n = h->n;
	u->hdr.f = xcalloc(h->n, sizeof *u->hdr.f);
	u->hdr.len = xcalloc(h->n, sizeof *u->hdr.len);
	for (i = 0; i < h->n; i++) {
		u->hdr.f[i] = xstrndup(h->f[i], h->len[i]);
		u->hdr.len[i] = h->len[i];
	}
	for (i = 0; i < nwheres; i++)
		bind_or_die(wheres[i], r, "-e");
	for (i = 0; i < sel.ncond; i++)
		if (sel.cond[i].where)
			bind_or_die(sel.cond[i].where, r, "--case-where");
	sel.need_date = row_period;
	if (u->by_case || stats)
		casesel_bind(&sel, r, u->by_case);
	u->c_date = row_period ? csvr_need(r, "date") : -1;
	/* Codes (keten(5), Codes) are sharded by interview, so that an interview stays
	 * whole and its distinct counts add up (keten-merge(1)). */
	if (shard_n && csvr_col(r, "case") < 0 && csvr_col(r, "interview") >= 0)
		u->c_case = csvr_need(r, "interview");
	else
		u->c_case = shard_n ? csvr_need(r, "case") : -1;
	if (!count_only)
		csvw_row(u->w, &u->hdr);
	return r;
}

/* Row filters alone: one pass, constant memory (apart from the case ids that -s counts). */
static void run_rows(struct run *u, char **files, int nfiles)
{
	int i;

	for (i = 0; i < nfiles; i++) {
		struct csvr *r = open_input(u, files[i], i == 0);
		const struct csv_row *row;

		while ((row = csvr_next(r)) != NULL) {
			u->read++;
			if (row_pass(r, row, u) == invert)
				continue;
			u->kept++;
			if (!count_only)
				csvw_row(u->w, row);
			if (stats && casesel_has_case(&sel))
				casesel_case(&sel, row, 1);
		}
		csvr_close(r);
	}
}

/* Case filters on input that can be read only once: one pass keeps what each case needs
 * and the rows that may be written, then the kept rows go out in input order. */
static void run_cases_held(struct run *u, char **files, int nfiles)
{
	size_t i;
	int k;

	u->rows = rowstore_new();
	for (k = 0; k < nfiles; k++) {
		struct csvr *r = open_input(u, files[k], k == 0);
		const struct csv_row *row;

		while ((row = csvr_next(r)) != NULL) {
			uint32_t id = casesel_note(&sel, r, row);
			int pass = row_pass(r, row, u);

			u->read++;
			if (!pass && !invert)
				continue;
			if (u->nmeta == u->mcap)
				xgrow(&u->meta, &u->mcap, u->nmeta + 1, sizeof *u->meta);
			/* Counting needs no bytes of the row. */
			u->meta[u->nmeta++] =
				(uint64_t)id << 32 |
				(uint64_t)(count_only ? 0 : rowstore_add(u->rows, row)) << 1 |
				(uint64_t)pass;
		}
		csvr_close(r);
	}
	casesel_decide(&sel);
	for (i = 0; i < u->nmeta; i++) {
		uint32_t id = (uint32_t)(u->meta[i] >> 32);
		size_t len = (size_t)(u->meta[i] & UINT32_MAX) >> 1;
		int keep = casesel_kept(&sel, id) && (u->meta[i] & 1);
		const char *line = count_only ? NULL : rowstore_next(u->rows, len);

		if (keep != invert) {
			u->kept++;
			casesel_wrote(&sel, id);
			if (!count_only)
				csvw_raw(u->w, line, len);
		}
	}
}

/* Case filters on regular files: a first pass learns the cases, a second writes the
 * rows, so memory grows with the cases and not with the events. */
static void run_cases_twice(struct run *u, char **files, int nfiles)
{
	const struct csv_row *row;
	struct csvr *r;
	int k;

	for (k = 0; k < nfiles; k++) {
		r = open_input(u, files[k], k == 0);
		while ((row = csvr_next(r)) != NULL) {
			casesel_note(&sel, r, row);
			u->read++;
		}
		csvr_close(r);
	}
	casesel_decide(&sel);
	for (k = 0; k < nfiles; k++) {
		r = csvr_open(files[k], 0);
		if (!same_header(&u->hdr, csvr_header(r)))
			die("%s: header differs from that of the first input", csvr_name(r));
		while ((row = csvr_next(r)) != NULL) {
			uint32_t id = casesel_case(&sel, row, 0);

			if (id == UINT32_MAX)
				die_at(csvr_name(r), row->line,
				       "the file changed while it was read");
			if ((casesel_kept(&sel, id) && row_pass(r, row, u)) == invert)
				continue;
			u->kept++;
			casesel_wrote(&sel, id);
			if (!count_only)
				csvw_row(u->w, row);
		}
		csvr_close(r);
	}
}

/* Whether every input can be read twice. */
static int rereadable(char **files, int nfiles)
{
	struct stat st;
	int k;

	for (k = 0; k < nfiles; k++)
		if (strcmp(files[k], "-") == 0 || stat(files[k], &st) != 0 || !S_ISREG(st.st_mode))
			return 0;
	return 1;
}

int main(int argc, char **argv)
{
	static char *stdin_only[] = { "-" };
	struct run u = { 0 };
	char **files;
	int first, nfiles;
	size_t i;

	diag_init(argv[0]);
	first = opt_parse(&cmd, &set, argc, argv);
	argc -= first;
	argv += first;
	row_periods();

	files = argc > 0 ? argv : stdin_only;
	nfiles = argc > 0 ? argc : 1;
	sel.cohort = opt_given(&set, OPT_COHORT) ? &set.cohort : NULL;
	sel.active = opt_given(&set, OPT_ACTIVE) ? &set.active : NULL;
	sel.ties_input = opt_ties_input(&set);
	u.by_case = sel.ncond > 0 || sel.cohort || sel.active;
	u.w = csvw_open(set.output);
	if (u.by_case && rereadable(files, nfiles))
		run_cases_twice(&u, files, nfiles);
	else if (u.by_case)
		run_cases_held(&u, files, nfiles);
	else
		run_rows(&u, files, nfiles);

	if (count_only) {
		char buf[32];
		int n = snprintf(buf, sizeof buf, "%ld\n", u.kept);
		csvw_raw(u.w, buf, (size_t)n);
	}
	csvw_close(u.w);
	if (stats) {
		size_t kept_cases = u.by_case ? casesel_nwrote(&sel) : casesel_ncases(&sel);

		if (casesel_has_case(&sel))
			warnx("rows read %ld, kept %ld, cases kept %zu", u.read, u.kept,
			      kept_cases);
		else
			warnx("rows read %ld, kept %ld", u.read, u.kept);
	}

	for (i = 0; i < nwheres; i++)
		expr_free(wheres[i]);
	free(wheres);
	for (i = 0; i < sel.ncond; i++)
		expr_free(sel.cond[i].where);
	for (i = 0; i < u.hdr.n; i++)
		free(u.hdr.f[i]);
	free(u.hdr.f);
	free(u.hdr.len);
	casesel_free(&sel);
	rowstore_free(u.rows);
	free(u.meta);
	opt_free(&set);
	return 0;
}
