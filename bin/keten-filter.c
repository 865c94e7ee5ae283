/* keten-filter: select the rows of a keten CSV by expression, by period and by case.
 * Which cases are kept is lib/casesel's answer (period membership lib/period's); this
 * file reads, applies the row filters and writes.  It stays near 500 lines for its 19
 * options and their period words, which the shared option table is to take over. */
#include <getopt.h>
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
#include "period.h"
#include "rowstore.h"

static struct expr **wheres; /* -e, --where */
static size_t nwheres;
static const char *out_path; /* -o, --output */
static int invert;            /* -v, --invert */
static int count_only;        /* -c, --count */
static int stats;             /* -s, --stats */
static const char *opt_from, *opt_to, *opt_month, *opt_quarter, *opt_year, *opt_today;
static const char *opt_cohort, *opt_active;
static struct casesel sel; /* --case-has, --case-lacks, --case-where, --cohort, --active */

/* What the options come to once "this" and "last" are known. */
static struct period rowp, cohortp, activep;
static int row_period, use_cohort, use_active;

static void usage(void)
{
	printf("usage: keten filter [-csv] [-e EXPR] [-o FILE] [--from DATE] [--to DATE]\n"
	       "                    [--month MONTH] [--quarter QUARTER] [--year YEAR]\n"
	       "                    [--today DATE] [--case-has STAGE] [--case-lacks STAGE]\n"
	       "                    [--case-where EXPR] [--cohort PERIOD] [--active PERIOD]\n"
	       "                    [FILE ...]\n"
	       "\n"
	       "  -e, --where EXPR        keep rows where EXPR holds (repeatable: all must hold)\n"
	       "      --from DATE         keep rows dated DATE or later\n"
	       "      --to DATE           keep rows dated DATE or earlier\n"
	       "      --month MONTH       keep rows of a month: YYYY-MM, this or last\n"
	       "      --quarter QUARTER   keep rows of a quarter: YYYY-Qn, this or last\n"
	       "      --year YEAR         keep rows of a year: YYYY, this or last\n"
	       "      --today DATE        the day that this and last count from (default: today)\n"
	       "      --case-has STAGE    keep cases with an event at STAGE\n"
	       "      --case-lacks STAGE  keep cases without an event at STAGE\n"
	       "      --case-where EXPR   keep cases with an event where EXPR holds\n"
	       "      --cohort PERIOD     keep cases whose first event falls in PERIOD\n"
	       "      --active PERIOD     keep cases in the chain during PERIOD\n"
	       "  -v, --invert            write the rows that the selection drops\n"
	       "  -c, --count             write the number of rows kept instead of the rows\n"
	       "  -s, --stats             end with a line on stderr: rows read, kept, cases kept\n"
	       "  -o, --output FILE       write to FILE (whole or not at all) instead of stdout\n"
	       "  -h, --help              show this help\n"
	       "      --version           show the version\n");
}


static void narrow(struct period *p, const struct period *q)
{
	if (q->from > p->from)
		p->from = q->from;
	if (q->to < p->to)
		p->to = q->to;
}

/* Turns the period options into day ranges, now that --today is known. */
static void resolve_periods(void)
{
	struct period q;
	kday today = period_today("--today", opt_today);
	rowp.from = INT32_MIN;
	rowp.to = INT32_MAX;
	if (opt_from) {
		if (period_term(opt_from, strlen(opt_from), PERIOD_DAY, today, &q) != 0)
			usage_error("--from: not a date (YYYY-MM-DD): '%s'", opt_from);
		rowp.from = q.from;
		row_period = 1;
	}
	if (opt_to) {
		if (period_term(opt_to, strlen(opt_to), PERIOD_DAY, today, &q) != 0)
			usage_error("--to: not a date (YYYY-MM-DD): '%s'", opt_to);
		if (q.to < rowp.to)
			rowp.to = q.to;
		row_period = 1;
	}
	if (opt_month) {
		if (period_term(opt_month, strlen(opt_month), PERIOD_MONTH, today, &q) != 0)
			usage_error("--month: not YYYY-MM, this or last: '%s'", opt_month);
		narrow(&rowp, &q);
		row_period = 1;
	}
	if (opt_quarter) {
		if (period_term(opt_quarter, strlen(opt_quarter), PERIOD_QUARTER, today, &q) != 0)
			usage_error("--quarter: not YYYY-Qn, this or last: '%s'", opt_quarter);
		narrow(&rowp, &q);
		row_period = 1;
	}
	if (opt_year) {
		if (period_term(opt_year, strlen(opt_year), PERIOD_YEAR, today, &q) != 0)
			usage_error("--year: not YYYY, this or last: '%s'", opt_year);
		narrow(&rowp, &q);
		row_period = 1;
	}
	if (opt_cohort) {
		if (period_parse(opt_cohort, today, &cohortp) != 0)
			usage_error("--cohort: not a period: '%s'", opt_cohort);
		use_cohort = 1;
	}
	if (opt_active) {
		if (period_parse(opt_active, today, &activep) != 0)
			usage_error("--active: not a period: '%s'", opt_active);
		use_active = 1;
	}
}

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
	int c_date;         /* for the row periods */
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
			u->meta[u->nmeta++] = (uint64_t)id << 32 |
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
				die_at(csvr_name(r), row->line, "the file changed while it was read");
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
	enum {
		O_FROM = 256, O_TO, O_MONTH, O_QUARTER, O_YEAR, O_TODAY, O_HAS, O_LACKS,
		O_CWHERE, O_COHORT, O_ACTIVE, O_VERSION
	};
	static const struct option longopts[] = {
		{ "where", required_argument, NULL, 'e' },
		{ "from", required_argument, NULL, O_FROM },
		{ "to", required_argument, NULL, O_TO },
		{ "month", required_argument, NULL, O_MONTH },
		{ "quarter", required_argument, NULL, O_QUARTER },
		{ "year", required_argument, NULL, O_YEAR },
		{ "today", required_argument, NULL, O_TODAY },
		{ "case-has", required_argument, NULL, O_HAS },
		{ "case-lacks", required_argument, NULL, O_LACKS },
		{ "case-where", required_argument, NULL, O_CWHERE },
		{ "cohort", required_argument, NULL, O_COHORT },
		{ "active", required_argument, NULL, O_ACTIVE },
		{ "invert", no_argument, NULL, 'v' },
		{ "count", no_argument, NULL, 'c' },
		{ "stats", no_argument, NULL, 's' },
		{ "output", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, O_VERSION },
		{ NULL, 0, NULL, 0 },
	};
	static char *stdin_only[] = { "-" };
	struct run u = { 0 };
	char **files;
	int ch, nfiles;
	size_t i;

	diag_init(argv[0]);
	while ((ch = getopt_long(argc, argv, ":e:o:vcsh", longopts, NULL)) != -1) {
		switch (ch) {
		case 'e': /* --where */
			wheres = xreallocarray(wheres, nwheres + 1, sizeof(struct expr *));
			wheres[nwheres] = parse_or_die("-e", optarg);
			nwheres++;
			break;
		case O_FROM: /* --from */
			opt_from = optarg;
			break;
		case O_TO: /* --to */
			opt_to = optarg;
			break;
		case O_MONTH: /* --month */
			opt_month = optarg;
			break;
		case O_QUARTER: /* --quarter */
			opt_quarter = optarg;
			break;
		case O_YEAR: /* --year */
			opt_year = optarg;
			break;
		case O_TODAY: /* --today */
			opt_today = optarg;
			break;
		case O_HAS:   /* --case-has */
		case O_LACKS: /* --case-lacks */
		case O_CWHERE: /* --case-where */
			if (sel.ncond == CASESEL_MAX)
				usage_error("more than %d --case-has, --case-lacks and --case-where",
					    CASESEL_MAX);
			if (ch == O_CWHERE) {
				sel.cond[sel.ncond].where = parse_or_die("--case-where", optarg);
			} else {
				sel.cond[sel.ncond].stage = optarg;
				sel.cond[sel.ncond].slen = strlen(optarg);
				sel.cond[sel.ncond].lacks = ch == O_LACKS;
			}
			sel.ncond++;
			break;
		case O_COHORT: /* --cohort */
			opt_cohort = optarg;
			break;
		case O_ACTIVE: /* --active */
			opt_active = optarg;
			break;
		case 'v': /* --invert */
			invert = 1;
			break;
		case 'c': /* --count */
			count_only = 1;
			break;
		case 's': /* --stats */
			stats = 1;
			break;
		case 'o': /* --output */
			out_path = optarg;
			break;
		case 'h': /* --help */
			usage();
			return 0;
		case O_VERSION: /* --version */
			printf("keten-filter %s\n", KETEN_VERSION);
			return 0;
		default:
			usage_bad_option(ch, argv);
		}
	}
	argc -= optind;
	argv += optind;
	resolve_periods();

	files = argc > 0 ? argv : stdin_only;
	nfiles = argc > 0 ? argc : 1;
	u.by_case = sel.ncond > 0 || use_cohort || use_active;
	sel.cohort = use_cohort ? &cohortp : NULL;
	sel.active = use_active ? &activep : NULL;
	u.w = csvw_open(out_path);
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
			warnx("rows read %ld, kept %ld, cases kept %zu", u.read, u.kept, kept_cases);
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
	return 0;
}
