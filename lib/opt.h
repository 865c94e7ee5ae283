/* opt: the options of every command, read from one table.  The options of the chain that
 * several commands take (--by, --unit, --asof, --model, --format, the period words, ...)
 * are declared here once, with their letter, argument, help line and parser; a command
 * lists the ones it takes beside its own, in the same form, and opt_parse reads the command
 * line, stores each value, and writes --help from that list (keten(1), COMMON OPTIONS). */
#ifndef KETEN_OPT_H
#define KETEN_OPT_H

#include <stddef.h>
#include <stdio.h>

#include "date.h"
#include "period.h"

/* The unit waits are measured in. */
enum wait_unit { UNIT_DAYS, UNIT_WORKDAYS, UNIT_HOURS };

/* An ISO date option (--asof, --today); a bad value is a usage error naming opt. */
kday opt_date(const char *opt, const char *s);
/* days | workdays | hours. */
enum wait_unit opt_unit(const char *opt, const char *s);
const char *opt_unit_name(enum wait_unit u);
/* The unit as a word of a page or a label, in the user's language (i18n.h); keten CSV
 * always says opt_unit_name. */
const char *opt_unit_label(enum wait_unit u);
/* A confidence level: 95 or 0.95 both mean 95%. */
double opt_level(const char *opt, const char *s);

/* The output formats --format names.  The names live here, in one table, so that every
 * command reads them alike; a command that draws through render maps the value to a
 * render_format itself, since lib/render (presentation) and lib/opt (data) do not include
 * each other. */
enum opt_format {
	FORMAT_TEXT,
	FORMAT_MD,
	FORMAT_HTML,
	FORMAT_CSV,
	FORMAT_CSV_NL, /* CSV for Dutch spreadsheets (keten-render(1)) */
	FORMAT_XLSX,   /* an Excel workbook (keten-render(1)) */
	FORMAT_SVG,
	FORMAT_DOT,
	FORMAT_MERMAID,
	FORMAT_XES,
	FORMAT_COUNT
};
#define FORMAT_BIT(f) (1u << (f))
/* "text", "md", "html", "csv", "csv-nl", "xlsx", "svg", "dot", "mermaid", "xes". */
const char *opt_format_name(enum opt_format f);
/* The format named s if its bit is in mask, else -1. */
int opt_format_parse(const char *s, unsigned mask);

/* The shared options.  Each has one letter (or none) and one word in every command. */
enum opt_id {
	OPT_BY,       /* -g, --by COLS */
	OPT_UNIT,     /* -u, --unit UNIT: days, workdays or hours */
	OPT_ASOF,     /* -a, --asof DATE */
	OPT_HOLIDAYS, /* --holidays FILE, repeatable */
	OPT_MODEL,    /* -M, --model FILE */
	OPT_MIN_N,    /* -k, --min-n K */
	OPT_OUTPUT,   /* -o, --output FILE */
	OPT_FORMAT,   /* -f, --format FORMAT */
	OPT_TODAY,    /* --today DATE */
	OPT_MONTH,    /* --month MONTH */
	OPT_QUARTER,  /* --quarter QUARTER */
	OPT_YEAR,     /* --year YEAR */
	OPT_FROM,     /* --from DATE */
	OPT_TO,       /* --to DATE */
	OPT_COHORT,   /* --cohort PERIOD */
	OPT_ACTIVE,   /* --active PERIOD */
	OPT_PERIOD,   /* --period PERIOD: the figures of a period, on whole cases */
	OPT_CODES,    /* -c, --codes FILE */
	OPT_TOP,      /* -t, --top N */
	OPT_TITLE,    /* --title TEXT */
	OPT_WIDTH,    /* -w, --width N */
	OPT_REJECTS,  /* --rejects FILE */
	OPT_LEVEL,    /* -L, --level N */
	OPT_PER,      /* --per interview|segment */
	OPT_KIND,     /* -K, --kind events|codes */
	OPT_TIES,     /* --ties input|model: the order of events of one moment */
	OPT_CLOSED,   /* --closed: each case ended at its last event */
	OPT_TZ,       /* --tz ZONE: the zone times with an offset are read into */
	OPT_PARTIAL,  /* --partial: a partial result for keten merge (keten-merge(1)) */
	OPT_LANG,     /* --lang LANG: en or nl; every command takes it, --help shows it
			 where the table lists it (a command with pages in a language) */
	OPT_THREADS,  /* --threads N: every command takes it (csvr_set_threads) */
	OPT_HELP,     /* -h, --help: every command takes it */
	OPT_VERSION,  /* --version: every command takes it */
	OPT_NSHARED,
	OPT_OWN = 100, /* an option of the command itself */
	OPT_OLD,       /* an old spelling, kept for one release */
	OPT_END,       /* the end of a table */
};

/* A list of strings from a repeatable option, in the order given. */
struct opt_list {
	const char **v;
	size_t n, cap;
};

/* How an option of the command itself stores its value. */
enum opt_type {
	OPT_FLAG,   /* int *var = 1 */
	OPT_STRING, /* const char **var = the argument */
	OPT_INT,    /* long long *var, a whole number in [min, max] */
	OPT_CHOICE, /* int *var = the index of the argument in words */
	OPT_LIST,   /* struct opt_list *var gets the argument appended */
	OPT_CALL,   /* call(name, argument, var): a value only the command can read */
	OPT_INFILE, /* const char **var = the argument, a file the command reads: opt_parse
		     * checks, as for --model, that no output of the command is that file */
};

/* One entry of a command's table: a shared option it takes (OPT_TAKE and friends), an
 * option of its own (OPT_FLAG_OWN ...), or an old spelling (OPT_RENAMED).  Write entries
 * with the macros below. */
struct opt {
	/* Own: the long option; old: the long spelling, or NULL. */
	const char *name;
	/* Own: the name of the argument, NULL for a flag. */
	const char *arg;
	/* Own: one sentence in English, translated and wrapped by opt_help (po/extract.sh
	 * finds it by the macro that writes the entry). */
	const char *help;
	/* Own: where the value goes; the words of OPT_CHOICE (NULL-terminated); the function
	 * of OPT_CALL. */
	void *var;
	const char *const *words;
	void (*call)(const char *opt, const char *arg, void *var);
	/* Shared: the value when the option is not given, parsed as if given and shown in
	 * --help; old: the value the old spelling stands for. */
	const char *def;
	/* Shared: what the command does without the option, for --help (translated there). */
	const char *note;
	/* Old: the long name of the option the old spelling stands for. */
	const char *target;
	/* Own OPT_INT: the range; a shared integer: a narrower range (0, 0: the shared one). */
	long long min, max;
	/* An enum opt_id, OPT_OWN, OPT_OLD or OPT_END. */
	int id;
	/* Own and old: the letter, 0 for none. */
	int letter;
	/* Own: how the value is stored. */
	enum opt_type type;
	/* OPT_FORMAT: the FORMAT_BITs the command writes. */
	unsigned formats;
};

/* The entries, one a line: clang-format would spread each over five. */
/* clang-format off */
/* A shared option, with a default value, a range, or the formats of --format. */
#define OPT_TAKE(i) { .id = (i) }
#define OPT_TAKE_DEF(i, d) { .id = (i), .def = (d) }
#define OPT_TAKE_RANGE(i, lo, hi) { .id = (i), .min = (lo), .max = (hi) }
#define OPT_TAKE_RANGE_DEF(i, lo, hi, d) { .id = (i), .min = (lo), .max = (hi), .def = (d) }
#define OPT_TAKE_NOTE(i, n) { .id = (i), .note = (n) }
#define OPT_TAKE_FORMATS(mask, d) { .id = OPT_FORMAT, .formats = (mask), .def = (d) }
/* Options of the command itself. */
#define OPT_FLAG_OWN(c, n, h, v) \
	{ .id = OPT_OWN, .letter = (c), .name = (n), .help = (h), .type = OPT_FLAG, .var = (v) }
#define OPT_STRING_OWN(c, n, a, h, v) \
	{ .id = OPT_OWN, .letter = (c), .name = (n), .arg = (a), .help = (h), \
	  .type = OPT_STRING, .var = (v) }
#define OPT_INT_OWN(c, n, a, h, v, lo, hi) \
	{ .id = OPT_OWN, .letter = (c), .name = (n), .arg = (a), .help = (h), .type = OPT_INT, \
	  .var = (v), .min = (lo), .max = (hi) }
#define OPT_CHOICE_OWN(c, n, a, h, v, w) \
	{ .id = OPT_OWN, .letter = (c), .name = (n), .arg = (a), .help = (h), \
	  .type = OPT_CHOICE, .var = (v), .words = (w) }
#define OPT_LIST_OWN(c, n, a, h, v) \
	{ .id = OPT_OWN, .letter = (c), .name = (n), .arg = (a), .help = (h), \
	  .type = OPT_LIST, .var = (v) }
#define OPT_CALL_OWN(c, n, a, h, f, v) \
	{ .id = OPT_OWN, .letter = (c), .name = (n), .arg = (a), .help = (h), \
	  .type = OPT_CALL, .call = (f), .var = (v) }
#define OPT_INFILE_OWN(c, n, a, h, v) \
	{ .id = OPT_OWN, .letter = (c), .name = (n), .arg = (a), .help = (h), \
	  .type = OPT_INFILE, .var = (v) }
/* An old spelling: the letter c (0: none) or the long name n (NULL: none) now written as
 * --target, or as --target value when value is not NULL (the old spelling then takes no
 * argument).  It works with a line on stderr, "-c is deprecated, use --target", and is
 * left out of --help. */
#define OPT_RENAMED(c, n, t, value) \
	{ .id = OPT_OLD, .letter = (c), .name = (n), .target = (t), .def = (value) }
#define OPT_TABLE_END { .id = OPT_END }
/* clang-format on */

/* A command: its name (the program is keten-NAME), the usage lines after "usage: " (the
 * SYNOPSIS of its man page), its table, and a text after the options (or NULL), marked
 * N_("...") for translation. */
struct opt_cmd {
	const char *name;
	const char *synopsis;
	const struct opt *opts;
	const char *footer;
	/* 1: the command reads large logs, and its CSV readers draw a progress meter on a
	 * terminal (lib/progress, keten(1) PROGRESS). */
	int progress;
};

/* What the shared options store.  Zero before opt_parse means: nothing given. */
struct opt_set {
	const char *by;           /* --by COLS, as written; NULL: no grouping */
	enum wait_unit unit;      /* --unit; days */
	kday asof;                /* --asof (opt_given says whether it was) */
	struct opt_list holidays; /* --holidays FILE ..., read by opt_load_holidays */
	const char *model;        /* --model FILE; NULL: the built-in model */
	long min_n;               /* --min-n K */
	const char *output;       /* --output FILE; NULL: stdout */
	enum opt_format format;   /* --format */
	kday today;               /* --today, or the machine's date (period_today) */
	kday from, to;            /* --from, --to */
	const char *codes;        /* --codes FILE */
	long top;                 /* --top N */
	const char *title;        /* --title TEXT */
	long width;               /* --width N; 0: no limit */
	const char *rejects;      /* --rejects FILE */
	int level;                /* --level N; 0: codes as written */
	int per_segment;          /* --per segment */
	int kind_codes;           /* --kind codes */
	int ties;                 /* --ties: OPT_TIES_INPUT, OPT_TIES_MODEL; 0 when not given
				     (opt_ties_input says what that means) */
	int closed;               /* --closed */
	const char *tz;           /* --tz ZONE, set in date (date_zone_set); NULL: not given */
	int partial;              /* --partial */
	/* --month, --quarter, --year, --cohort, --active, --period. */
	struct period month, quarter, year, cohort, active, period;

	/* opt's own bookkeeping: each shared option's value as written (or its default;
	 * NULL when neither), how often each shared option and each entry of the table was
	 * given, and the command. */
	const char *text[OPT_NSHARED];
	unsigned given[OPT_NSHARED];
	unsigned *seen;
	const struct opt_cmd *cmd;
};

/* The values of --ties. */
enum { OPT_TIES_INPUT = 1, OPT_TIES_MODEL = 2 };

/* Reads the options of argv by the table of cmd into s (and the vars of the command's own
 * options), and returns the index of the first argument that is not an option.  The period
 * words are resolved once all options are read, so that --today may come after them.
 * -h/--help writes opt_help to stdout and exits 0, --version "keten-NAME VERSION"; an
 * unknown option, a missing value or a bad value is a usage error (exit 2) naming the
 * option; an old spelling works and says so on stderr.  Last, by the files the names
 * reach, --rejects may be neither --output nor an input: an argument from the index
 * returned on (stdin when there is none), --model, --codes, --holidays or an own
 * OPT_INFILE option (csvw_check_outputs: a clash is a usage error; --output may be an
 * input). */
int opt_parse(const struct opt_cmd *cmd, struct opt_set *s, int argc, char **argv);
/* The --help text: the usage lines, then one line (or more) per option of the table in its
 * order, old spellings left out, each help text wrapped to 80 columns, then the footer;
 * --threads is listed by the commands with progress set.  The help texts, notes, footer
 * and the word "usage" come in the user's language (i18n.h); option words, arguments,
 * the synopsis and default values stay as written. */
void opt_help(const struct opt_cmd *cmd, FILE *fp);
/* The long name of the shared option id ("by" for OPT_BY). */
const char *opt_name(enum opt_id id);
/* How often the shared option id was given on the command line (a default does not count). */
unsigned opt_given(const struct opt_set *s, enum opt_id id);
/* How often the option with this long name (shared or own) was given. */
unsigned opt_seen(const struct opt_set *s, const char *name);
/* Whether events of one moment keep their input order (keten(5), "Order of events"):
 * --ties input, or without --ties an inferred model (-M infer); otherwise they follow
 * the stage order of the model. */
int opt_ties_input(const struct opt_set *s);
/* Adds the days of every --holidays file to the working-day calendar, in the order given. */
void opt_load_holidays(const struct opt_set *s);
/* Says on stderr "keten-NAME: OLD is deprecated, use USE", the one form of that line. */
void opt_deprecated(const char *old, const char *use);
void opt_list_free(struct opt_list *l);
/* Frees what opt_parse allocated in s. */
void opt_free(struct opt_set *s);

#endif
