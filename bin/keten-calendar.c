/* keten-calendar: list a year's holidays, count working days, or find the last day of a
 * term under the Algemene termijnenwet. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csvio.h"
#include "date.h"
#include "diag.h"
#include "opt.h"

static struct opt_set set; /* the shared options */
static int workdays;       /* --workdays */
static int deadline;       /* --deadline */

/* The longest term: 0001-01-01 to 9999-12-31. */
#define MAX_TERM 3652058

/* clang-format off */
static const struct opt opts[] = {
	OPT_TAKE(OPT_HOLIDAYS),
	OPT_FLAG_OWN(0, "workdays", "print the working days after FROM up to and including TO",
		     &workdays),
	OPT_FLAG_OWN(0, "deadline",
		     "print the last day of a term of N days or N working days that starts on DATE",
		     &deadline),
	OPT_TABLE_END,
};
/* clang-format on */

static const struct opt_cmd cmd = {
	.name = "calendar",
	.synopsis = "keten calendar [--holidays FILE ...] YEAR\n"
		    "       keten calendar [--holidays FILE ...] --workdays FROM TO\n"
		    "       keten calendar [--holidays FILE ...] --deadline DATE N days|workdays",
	.opts = opts,
};

/* A year 1..9999 written as one to four digits, nothing else. */
static int parse_year(const char *s)
{
	size_t n = strlen(s), i;
	int y = 0;

	if (n == 0 || n > 4)
		usage_error("not a year (1 to 9999): '%s'", s);
	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			usage_error("not a year (1 to 9999): '%s'", s);
		y = y * 10 + (s[i] - '0');
	}
	if (y < 1)
		usage_error("not a year (1 to 9999): '%s'", s);
	return y;
}

static kday parse_date(const char *s)
{
	kday d;
	int sec;

	if (date_parse_iso(s, strlen(s), &d, &sec) != 0 || sec >= 0)
		usage_error("not a date (YYYY-MM-DD): '%s'", s);
	return d;
}

/* A term length: digits only, 0 .. MAX_TERM. */
static int parse_term(const char *s)
{
	size_t n = strlen(s), i;
	long v = 0;

	if (n == 0 || n > 7)
		usage_error("not a number of days (0 to %d): '%s'", MAX_TERM, s);
	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			usage_error("not a number of days (0 to %d): '%s'", MAX_TERM, s);
		v = v * 10 + (s[i] - '0');
	}
	if (v > MAX_TERM)
		usage_error("not a number of days (0 to %d): '%s'", MAX_TERM, s);
	return (int)v;
}

static void print_year(const struct calendar *cal, int year)
{
	int n = cal_nholidays(cal, year), i;
	struct holiday *h = xreallocarray(NULL, (size_t)n, sizeof *h);
	struct csvw *w = csvw_open("-");
	char buf[11];

	n = cal_holidays(cal, year, h, n);
	csvw_names(w, "date,name,weekday");
	for (i = 0; i < n; i++) {
		date_format(h[i].day, buf);
		csvw_str(w, buf);
		csvw_str(w, h[i].name);
		/* ISO 8601 weekday numbers: 1 = Monday .. 7 = Sunday. */
		csvw_int(w, date_weekday(h[i].day) + 1);
		csvw_end(w);
	}
	csvw_close(w);
	free(h);
}

int main(int argc, char **argv)
{
	enum { MODE_YEAR, MODE_WORKDAYS, MODE_DEADLINE } mode;
	int year = 0, term = 0, in_workdays = 0, first;
	kday from = 0, to = 0, last;
	const struct calendar *cal;
	char buf[11];

	diag_init(argv[0]);
	first = opt_parse(&cmd, &set, argc, argv);
	argc -= first;
	argv += first;
	if (workdays && deadline)
		usage_error("--workdays and --deadline exclude each other");
	mode = workdays ? MODE_WORKDAYS : deadline ? MODE_DEADLINE : MODE_YEAR;

	/* Every argument is checked before any file is read, so that a usage error is
	 * reported as one, whatever the files hold. */
	switch (mode) {
	case MODE_YEAR:
		if (argc < 1)
			usage_error("missing YEAR");
		if (argc > 1)
			usage_error("unexpected argument: '%s'", argv[1]);
		year = parse_year(argv[0]);
		break;
	case MODE_WORKDAYS:
		if (argc < 2)
			usage_error("--workdays needs FROM and TO");
		if (argc > 2)
			usage_error("unexpected argument: '%s'", argv[2]);
		from = parse_date(argv[0]);
		to = parse_date(argv[1]);
		break;
	case MODE_DEADLINE:
		if (argc < 3)
			usage_error("--deadline needs DATE, N and days or workdays");
		if (argc > 3)
			usage_error("unexpected argument: '%s'", argv[3]);
		from = parse_date(argv[0]);
		term = parse_term(argv[1]);
		if (strcmp(argv[2], "workdays") == 0)
			in_workdays = 1;
		else if (strcmp(argv[2], "days") != 0)
			usage_error("unit must be 'days' or 'workdays': '%s'", argv[2]);
		break;
	}

	opt_load_holidays(&set);
	cal = cal_default();

	switch (mode) {
	case MODE_YEAR:
		print_year(cal, year);
		break;
	case MODE_WORKDAYS:
		printf("%ld\n", cal_workdays(cal, from, to));
		break;
	case MODE_DEADLINE:
		last = in_workdays ? cal_deadline_workdays(cal, from, term)
				   : cal_deadline_days(cal, from, term);
		if (last > date_from_ymd(9999, 12, 31))
			usage_error("term of %d %s from %s ends after 9999-12-31", term, argv[2],
				    argv[0]);
		date_format(last, buf);
		printf("%s\n", buf);
		break;
	}
	cal_free();
	opt_free(&set);
	return 0;
}
