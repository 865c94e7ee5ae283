/* keten-calendar: list a year's holidays, count working days, or find the last day of a
 * term under the Algemene termijnenwet. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csvio.h"
#include "date.h"
#include "diag.h"
#include "holidays.h"

/* What to print: the holidays of a year, a count of working days, or a deadline. */
static enum { MODE_YEAR, MODE_WORKDAYS, MODE_DEADLINE } mode = MODE_YEAR;
static int mode_set;               /* --workdays or --deadline was given */
static const char **holiday_files; /* --holidays FILE, in the order given */
static size_t nholiday_files;

/* The longest term: 0001-01-01 to 9999-12-31. */
#define MAX_TERM 3652058

static void usage(void)
{
	printf("usage: keten calendar [--holidays FILE]... YEAR\n"
	       "       keten calendar [--holidays FILE]... --workdays FROM TO\n"
	       "       keten calendar [--holidays FILE]... --deadline DATE N days|workdays\n"
	       "\n"
	       "      --holidays FILE  add the days in FILE (columns date, name) as holidays;\n"
	       "                       may be repeated\n"
	       "      --workdays       print the working days after FROM up to and including TO\n"
	       "      --deadline       print the last day of a term of N days or N working days\n"
	       "                       that starts on DATE\n"
	       "  -h, --help           show this help\n"
	       "      --version        show the version\n");
}

static void set_mode(int m)
{
	if (mode_set && (int)mode != m)
		usage_error("--workdays and --deadline exclude each other");
	mode = m;
	mode_set = 1;
}

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
	static const struct option longopts[] = {
		{ "holidays", required_argument, NULL, 'H' },
		{ "workdays", no_argument, NULL, 'w' },
		{ "deadline", no_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	int ch, year = 0, term = 0, in_workdays = 0;
	kday from = 0, to = 0, last;
	struct calendar *cal;
	size_t i;
	char buf[11];

	diag_init(argv[0]);
	holiday_files = xreallocarray(NULL, (size_t)argc, sizeof *holiday_files);
	while ((ch = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
		switch (ch) {
		case 'H': /* --holidays */
			holiday_files[nholiday_files++] = optarg;
			break;
		case 'w': /* --workdays */
			set_mode(MODE_WORKDAYS);
			break;
		case 'd': /* --deadline */
			set_mode(MODE_DEADLINE);
			break;
		case 'h': /* --help */
			usage();
			free(holiday_files);
			return 0;
		case 'V': /* --version */
			printf("keten-calendar %s\n", KETEN_VERSION);
			free(holiday_files);
			return 0;
		default:
			usage_bad_option(ch, argv);
		}
	}
	argc -= optind;
	argv += optind;

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

	cal = cal_default();
	for (i = 0; i < nholiday_files; i++)
		holidays_add_file(cal, holiday_files[i]);
	free(holiday_files);

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
			usage_error("term of %d %s from %s ends after 9999-12-31", term,
				    argv[2], argv[0]);
		date_format(last, buf);
		printf("%s\n", buf);
		break;
	}
	cal_free();
	return 0;
}
