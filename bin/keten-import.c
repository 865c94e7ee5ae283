/* keten-import: turn a municipal, process-mining or QDA export, or an XES log, into keten
 * CSV.  The engine is lib/import.c; this file reads the options, feeds it the rows of the
 * input, draws the progress meter and puts the output in place. */
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
#include "opt.h"
#include "progress.h"

/* A named output not renamed into place because the import failed; csvio removes its
 * temporary file at exit.  Kept (volatile, so that the store stays) to show that it was
 * not forgotten. */
static struct csvw *volatile abandoned;

/* Erases the progress line (lib/progress): the engine calls it before each message. */
static void meter_clear(void *ctx)
{
	progress_clear(ctx);
}

/* Imports path (NULL: stdin) under the settings base to out_file; returns the exit status. */
static int import_path(const struct import_settings *base, const char *path, const char *out_file)
{
	struct import_settings run = *base;
	struct progress m = { 0 };
	long long size = 0;
	const struct csv_row *row;
	struct import *im;
	struct import_src *r;
	struct csvw *w, *rw = NULL;
	struct stat st;
	const char *e;
	int status;

	run.before_message = meter_clear;
	run.ctx = &m;
	im = import_new(&run);
	r = import_open(&run, path);
	if (path && strcmp(path, "-") != 0 && stat(path, &st) == 0 && S_ISREG(st.st_mode))
		size = (long long)st.st_size;
	progress_start(&m, import_src_name(r), size);
	row = import_src_header(r);
	import_header(im, import_src_name(r), row, import_src_delim(r));
	w = csvw_open(out_file);
	if (run.rejects_file)
		rw = csvw_open(run.rejects_file);
	import_start(im, w, rw);
	while ((row = import_src_next(r)) != NULL) {
		import_row(im, row);
		if (m.on) {
			long n = import_counts(im).read;
			if (n == 1 || (n & 0x3FFF) == 0)
				progress_update(&m, import_src_bytes(r), n);
		}
	}
	if ((e = import_src_dropped(r)) != NULL) {
		meter_clear(&m);
		warn_at(import_src_name(r), 0,
			"left out, as no <global> declares them and a pipe is read once: %s", e);
	}
	status = import_finish(im, import_src_cp1252_line(r));
	if (rw)
		csvw_close(rw);
	/* A named output appears only when the import succeeds; on stdout the rows are
	 * already on their way. */
	if (!status || !out_file || strcmp(out_file, "-") == 0)
		csvw_close(w);
	else
		abandoned = w;
	progress_end(&m);
	import_free(im);
	import_src_close(r);
	return status;
}

/* --delimiter: one character, or the name of one. */
static void set_delim(const char *opt, const char *arg, void *var)
{
	int *delim = var;

	if (strcmp(arg, "tab") == 0 || strcmp(arg, "\\t") == 0 || strcmp(arg, "\t") == 0)
		*delim = '\t';
	else if (strcmp(arg, "semicolon") == 0)
		*delim = ';';
	else if (strcmp(arg, "comma") == 0)
		*delim = ',';
	else if (strcmp(arg, "pipe") == 0)
		*delim = '|';
	else if (strlen(arg) != 1 || *arg == '"' || *arg == '\n' || *arg == '\r')
		usage_error("%s: not one character (or tab): '%s'", opt, arg);
	else
		*delim = (unsigned char)*arg;
}

/* --encoding, with the other names of Windows-1252 that exports are labelled with. */
static void set_encoding(const char *opt, const char *arg, void *var)
{
	static const char *const cp[] = { "windows-1252", "cp1252", "latin1", "latin-1",
					  "iso-8859-1" };
	int *encoding = var;
	size_t i;

	if (strcasecmp(arg, "auto") == 0) {
		*encoding = CSVR_AUTO;
		return;
	}
	if (strcasecmp(arg, "utf-8") == 0 || strcasecmp(arg, "utf8") == 0) {
		*encoding = CSVR_UTF8;
		return;
	}
	for (i = 0; i < sizeof cp / sizeof *cp; i++) {
		if (strcasecmp(arg, cp[i]) == 0) {
			*encoding = CSVR_CP1252;
			return;
		}
	}
	usage_error("%s: not auto, utf-8 or windows-1252: '%s'", opt, arg);
}

/* --code-level: a level from the top or, negative, from the leaf; 0 would keep nothing. */
static void set_code_level(const char *opt, const char *arg, void *var)
{
	int *level = var;

	*level = (int)parse_int_opt(opt, arg, -100, 100);
	if (*level == 0)
		usage_error("%s: 0 keeps no level (1: the top, -1: the code)", opt);
}

static struct opt_set set; /* the shared options */
/* The settings of the engine that the command's own options fill in. */
static struct import_settings settings = { .encoding = CSVR_AUTO, .date_order = CONV_DMY };
static struct opt_list maps, numerics; /* --map, --numeric */
static int date_order;                 /* --date-order: the index in date_orders */

static const char *const date_orders[] = { "dmy", "mdy", NULL };

/* clang-format off */
static const struct opt opts[] = {
	OPT_TAKE(OPT_KIND),
	OPT_CALL_OWN('d', "delimiter", "DELIM",
		     ", ; tab or | (default: sniffed from the first lines)", set_delim,
		     &settings.delim),
	OPT_LIST_OWN('m', "map", "MAP", "keten=Source,...: the source column of keten columns",
		     &maps),
	OPT_CALL_OWN(0, "encoding", "ENC", "auto (default), utf-8 or windows-1252", set_encoding,
		     &settings.encoding),
	OPT_INFILE_OWN(0, "recode", "FILE", "replace values: a CSV with columns column,from,to",
		       &settings.recode_file),
	OPT_TAKE(OPT_MODEL),
	OPT_FLAG_OWN(0, "strict", "reject rows whose stage is not in the model", &settings.strict),
	OPT_STRING_OWN(0, "date-format", "FMT", "read dates as FMT (%d %m %b %Y %y %H %M %S ...)",
		       &settings.date_format),
	OPT_CHOICE_OWN(0, "date-order", "ORD", "dmy (default) or mdy for dates like 03/05/2024",
		       &date_order, date_orders),
	OPT_STRING_OWN(0, "date-window", "FROM..TO",
		       "reject dates outside it (years, quarters, months or days; default "
		       "1900-01-01..2099-12-31)",
		       &settings.date_window),
	OPT_TAKE(OPT_TZ),
	OPT_LIST_OWN(0, "numeric", "COLS", "read these columns as Dutch numbers (1.234,56)",
		     &numerics),
	OPT_CALL_OWN(0, "code-level", "N",
		     "with codes: keep the first N levels of code paths (A>B>C), or the last -N "
		     "when N is negative",
		     set_code_level, &settings.code_level),
	OPT_TAKE(OPT_REJECTS),
	OPT_INT_OWN(0, "max-rejects", "N", "exit 0 with up to N rejected rows (default 0)",
		    &settings.max_rejects, 0, LLONG_MAX),
	OPT_FLAG_OWN(0, "sort", "write events ordered by case, then date", &settings.sort),
	OPT_TAKE(OPT_OUTPUT),
	/* keten 0.1 said -k for --kind (keten-import(1), Deprecated spellings); -k is
	 * --min-n in every other command. */
	OPT_RENAMED('k', NULL, "kind", NULL),
	OPT_TABLE_END,
};
/* clang-format on */

static const struct opt_cmd cmd = {
	.name = "import",
	.synopsis = "keten import [-K events|codes] [-d DELIM] [-m MAP] [-o FILE]\n"
		    "                    [--encoding ENC] [--recode FILE] [-M FILE] [--strict]\n"
		    "                    [--date-format FMT] [--date-order dmy|mdy]\n"
		    "                    [--date-window FROM..TO] [--tz ZONE]\n"
		    "                    [--numeric COLS] [--code-level N] [--rejects FILE]\n"
		    "                    [--max-rejects N] [--sort] [FILE]",
	.opts = opts,
	.footer = NULL,
};

int main(int argc, char **argv)
{
	int first, status;

	diag_init(argv[0]);
	/* opt_parse also checks that --rejects is neither the output nor an input: FILE,
	 * --model or --recode. */
	first = opt_parse(&cmd, &set, argc, argv);
	argc -= first;
	argv += first;
	settings.kind = set.kind_codes ? IMPORT_CODES : IMPORT_EVENTS;
	settings.model_file = set.model;
	settings.rejects_file = set.rejects;
	settings.date_order = date_order ? CONV_MDY : CONV_DMY;
	settings.maps = maps.v;
	settings.nmaps = maps.n;
	settings.numerics = numerics.v;
	settings.nnumerics = numerics.n;
	if (argc > 1)
		usage_error("one input at a time: '%s'", argv[1]);
	if (settings.kind == IMPORT_CODES && settings.sort)
		usage_error("--sort orders events; not with --kind codes");
	if (settings.kind == IMPORT_CODES && (settings.strict || settings.model_file))
		usage_error("--strict and --model check stages of events; not with --kind codes");
	if (settings.kind == IMPORT_EVENTS && settings.code_level)
		usage_error("--code-level needs --kind codes");
	if (settings.kind == IMPORT_CODES && settings.date_window)
		usage_error("--date-window checks the dates of events; not with --kind codes");

	status = import_path(&settings, argc ? argv[0] : NULL, set.output);
	opt_list_free(&maps);
	opt_list_free(&numerics);
	opt_free(&set);
	return status;
}
