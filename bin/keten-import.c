/* keten-import: turn a municipal, process-mining or QDA export into keten CSV.  The
 * engine is lib/import.c; this file reads the options, feeds it the rows of the input,
 * draws the progress meter and puts the output in place. */
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "convert.h"
#include "csvio.h"
#include "diag.h"
#include "import.h"

/* A named output not renamed into place because the import failed; csvio removes its
 * temporary file at exit.  Kept (volatile, so that the store stays) to show that it was
 * not forgotten. */
static struct csvw *volatile abandoned;

/* The progress meter: one line on stderr, redrawn in place, only on a terminal. */
struct meter {
	const struct csvr *r;
	long long size; /* of the input, 0 when unknown */
	int on, shown;
	double delay, t0, tlast;
};

static void usage(void)
{
	printf("usage: keten import [-k events|codes] [-d DELIM] [-m MAP] [-o FILE]\n"
	       "                    [--encoding ENC] [--recode FILE] [--model FILE] [--strict]\n"
	       "                    [--date-format FMT] [--date-order dmy|mdy]\n"
	       "                    [--date-window FROM..TO]\n"
	       "                    [--numeric COLS] [--code-level N] [--rejects FILE]\n"
	       "                    [--max-rejects N] [--sort] [FILE]\n"
	       "\n"
	       "  -k, --kind KIND        events (default) or codes (coded interview segments)\n"
	       "  -d, --delimiter DELIM  , ; tab or | (default: sniffed from the first lines)\n"
	       "  -m, --map MAP          keten=Source,...: the source column of keten columns\n"
	       "      --encoding ENC     auto (default), utf-8 or windows-1252\n"
	       "      --recode FILE      replace values: a CSV with columns column,from,to\n"
	       "      --model FILE       the chain model that stages are checked against\n"
	       "      --strict           reject rows whose stage is not in the model\n"
	       "      --date-format FMT  read dates as FMT (%%d %%m %%b %%Y %%y %%H %%M %%S ...)\n"
	       "      --date-order ORD   dmy (default) or mdy for dates like 03/05/2024\n"
	       "      --date-window FROM..TO\n"
	       "                         reject dates outside it (years, quarters, months or\n"
	       "                         days; default 1900-01-01..2099-12-31)\n"
	       "      --numeric COLS     read these columns as Dutch numbers (1.234,56)\n"
	       "      --code-level N     with codes: keep the first N levels of code paths\n"
	       "                         (A>B>C), or the last -N when N is negative\n"
	       "      --rejects FILE     write rejected rows with line and reason to FILE\n"
	       "      --max-rejects N    exit 0 with up to N rejected rows (default 0)\n"
	       "      --sort             write events ordered by case, then date\n"
	       "  -o, --output FILE      write to FILE (whole or not at all) instead of stdout\n"
	       "  -h, --help             show this help\n"
	       "      --version          show the version\n");
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void meter_draw(struct meter *m, long rows)
{
	double t = now(), el = t - m->t0, mb = (double)csvr_bytes(m->r) / 1e6;

	if (el < m->delay || (m->shown && t - m->tlast < 0.2))
		return;
	m->tlast = t;
	m->shown = 1;
	fprintf(stderr, "\r%s: %.1f MB, %ld rows, %.1f MB/s", diag_prog, mb, rows,
		el > 0 ? mb / el : 0.0);
	if (m->size > 0)
		fprintf(stderr, ", %d%%",
			(int)(100.0 * (double)csvr_bytes(m->r) / (double)m->size));
	fputs("\033[K", stderr);
	fflush(stderr);
}

/* Erases the meter's line: the engine calls it before each message. */
static void meter_clear(void *ctx)
{
	struct meter *m = ctx;

	if (m->shown) {
		fputs("\r\033[K", stderr);
		m->shown = 0;
	}
}

/* Imports path (NULL: stdin) under opts to out_file; returns the exit status. */
static int import_path(const struct import_settings *opts, const char *path, const char *out_file)
{
	struct import_settings set = *opts;
	struct meter m = { 0 };
	const struct csv_row *row;
	struct import *im;
	struct csvr *r;
	struct csvw *w, *rw = NULL;
	struct stat st;
	const char *e;
	int status;

	set.before_message = meter_clear;
	set.ctx = &m;
	im = import_new(&set);
	r = import_open(&set, path);
	m.r = r;
	if (path && strcmp(path, "-") != 0 && stat(path, &st) == 0 && S_ISREG(st.st_mode))
		m.size = (long long)st.st_size;
	m.on = isatty(2);
	if (m.on) {
		m.delay = 1.0;
		if ((e = getenv("KETEN_PROGRESS_DELAY")) != NULL && *e)
			m.delay = strtod(e, NULL);
		m.t0 = now();
	}
	row = csvr_next(r);
	import_header(im, csvr_name(r), row, csvr_delim(r));
	w = csvw_open(out_file);
	if (set.rejects_file)
		rw = csvw_open(set.rejects_file);
	import_start(im, w, rw);
	while ((row = csvr_next(r)) != NULL) {
		import_row(im, row);
		if (m.on) {
			long n = import_counts(im).read;
			if (n == 1 || (n & 0x3FFF) == 0)
				meter_draw(&m, n);
		}
	}
	status = import_finish(im, csvr_cp1252_line(r));
	if (rw)
		csvw_close(rw);
	/* A named output appears only when the import succeeds; on stdout the rows are
	 * already on their way. */
	if (!status || !out_file || strcmp(out_file, "-") == 0)
		csvw_close(w);
	else
		abandoned = w;
	import_free(im);
	csvr_close(r);
	return status;
}

static int parse_delim(const char *s)
{
	if (strcmp(s, "tab") == 0 || strcmp(s, "\\t") == 0 || strcmp(s, "\t") == 0)
		return '\t';
	if (strcmp(s, "semicolon") == 0)
		return ';';
	if (strcmp(s, "comma") == 0)
		return ',';
	if (strcmp(s, "pipe") == 0)
		return '|';
	if (strlen(s) != 1 || *s == '"' || *s == '\n' || *s == '\r')
		usage_error("--delimiter: not one character (or tab): '%s'", s);
	return (unsigned char)*s;
}

static int parse_encoding(const char *s)
{
	static const char *const cp[] = { "windows-1252", "cp1252", "latin1", "latin-1",
					   "iso-8859-1" };
	size_t i;

	if (strcasecmp(s, "auto") == 0)
		return CSVR_AUTO;
	if (strcasecmp(s, "utf-8") == 0 || strcasecmp(s, "utf8") == 0)
		return CSVR_UTF8;
	for (i = 0; i < sizeof cp / sizeof *cp; i++)
		if (strcasecmp(s, cp[i]) == 0)
			return CSVR_CP1252;
	usage_error("--encoding: not auto, utf-8 or windows-1252: '%s'", s);
}

static void add_opt(const char ***list, size_t *n, const char *s)
{
	*list = xreallocarray(*list, *n + 1, sizeof **list);
	(*list)[(*n)++] = s;
}

int main(int argc, char **argv)
{
	enum { O_ENCODING = 256, O_RECODE, O_MODEL, O_STRICT, O_DATE_FORMAT, O_DATE_ORDER,
	       O_DATE_WINDOW, O_NUMERIC, O_CODE_LEVEL, O_REJECTS, O_MAX_REJECTS, O_SORT,
	       O_VERSION };
	static const struct option longopts[] = {
		{ "kind", required_argument, NULL, 'k' },
		{ "delimiter", required_argument, NULL, 'd' },
		{ "map", required_argument, NULL, 'm' },
		{ "encoding", required_argument, NULL, O_ENCODING },
		{ "recode", required_argument, NULL, O_RECODE },
		{ "model", required_argument, NULL, O_MODEL },
		{ "strict", no_argument, NULL, O_STRICT },
		{ "date-format", required_argument, NULL, O_DATE_FORMAT },
		{ "date-order", required_argument, NULL, O_DATE_ORDER },
		{ "date-window", required_argument, NULL, O_DATE_WINDOW },
		{ "numeric", required_argument, NULL, O_NUMERIC },
		{ "code-level", required_argument, NULL, O_CODE_LEVEL },
		{ "rejects", required_argument, NULL, O_REJECTS },
		{ "max-rejects", required_argument, NULL, O_MAX_REJECTS },
		{ "sort", no_argument, NULL, O_SORT },
		{ "output", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, O_VERSION },
		{ NULL, 0, NULL, 0 },
	};
	struct import_settings set = { .encoding = CSVR_AUTO, .date_order = CONV_DMY };
	const char **maps = NULL, **numerics = NULL;
	size_t nmaps = 0, nnumerics = 0;
	const char *out_file = NULL;
	int ch, status;

	diag_init(argv[0]);
	while ((ch = getopt_long(argc, argv, ":k:d:m:o:h", longopts, NULL)) != -1) {
		switch (ch) {
		case 'k': /* --kind */
			if (strcmp(optarg, "events") == 0)
				set.kind = IMPORT_EVENTS;
			else if (strcmp(optarg, "codes") == 0)
				set.kind = IMPORT_CODES;
			else
				usage_error("--kind: not events or codes: '%s'", optarg);
			break;
		case 'd': /* --delimiter */
			set.delim = parse_delim(optarg);
			break;
		case 'm': /* --map */
			add_opt(&maps, &nmaps, optarg);
			break;
		case O_ENCODING: /* --encoding */
			set.encoding = parse_encoding(optarg);
			break;
		case O_RECODE: /* --recode */
			set.recode_file = optarg;
			break;
		case O_MODEL: /* --model */
			set.model_file = optarg;
			break;
		case O_STRICT: /* --strict */
			set.strict = 1;
			break;
		case O_DATE_FORMAT: /* --date-format */
			set.date_format = optarg;
			break;
		case O_DATE_ORDER: /* --date-order */
			if (strcmp(optarg, "dmy") == 0)
				set.date_order = CONV_DMY;
			else if (strcmp(optarg, "mdy") == 0)
				set.date_order = CONV_MDY;
			else
				usage_error("--date-order: not dmy or mdy: '%s'", optarg);
			break;
		case O_DATE_WINDOW: /* --date-window */
			set.date_window = optarg;
			break;
		case O_NUMERIC: /* --numeric */
			add_opt(&numerics, &nnumerics, optarg);
			break;
		case O_CODE_LEVEL: /* --code-level */
			set.code_level = (int)parse_int_opt("--code-level", optarg, -100, 100);
			if (set.code_level == 0)
				usage_error("--code-level: 0 keeps no level (1: the top, -1: the code)");
			break;
		case O_REJECTS: /* --rejects */
			set.rejects_file = optarg;
			break;
		case O_MAX_REJECTS: /* --max-rejects */
			set.max_rejects = parse_int_opt("--max-rejects", optarg, 0, LLONG_MAX);
			break;
		case O_SORT: /* --sort */
			set.sort = 1;
			break;
		case 'o': /* --output */
			out_file = optarg;
			break;
		case 'h': /* --help */
			usage();
			return 0;
		case O_VERSION: /* --version */
			printf("keten-import %s\n", KETEN_VERSION);
			return 0;
		default:
			usage_bad_option(ch, argv);
		}
	}
	argc -= optind;
	argv += optind;
	if (argc > 1)
		usage_error("one input at a time: '%s'", argv[1]);
	if (set.kind == IMPORT_CODES && set.sort)
		usage_error("--sort orders events; not with --kind codes");
	if (set.kind == IMPORT_CODES && (set.strict || set.model_file))
		usage_error("--strict and --model check stages of events; not with --kind codes");
	if (set.kind == IMPORT_EVENTS && set.code_level)
		usage_error("--code-level needs --kind codes");
	if (set.kind == IMPORT_CODES && set.date_window)
		usage_error("--date-window checks the dates of events; not with --kind codes");
	/* The rejects file may be neither an input nor the output (csvio.h). */
	csvw_check_outputs(argv, argc,
			   (const struct csvw_file[]){ { "--output", out_file, CSVW_MAIN },
						       { "--rejects", set.rejects_file, CSVW_OUT },
						       { "--model", set.model_file, CSVW_IN },
						       { "--recode", set.recode_file, CSVW_IN },
						       { NULL, NULL, 0 } });
	set.maps = maps;
	set.nmaps = nmaps;
	set.numerics = numerics;
	set.nnumerics = nnumerics;

	status = import_path(&set, argc ? argv[0] : NULL, out_file);
	free(maps);
	free(numerics);
	return status;
}
