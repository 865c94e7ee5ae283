/* opt: the options of every command, read from one table.  The shared options are
 * declared in the table shared[] below and stored by store_shared, nowhere else; a command
 * names the ones it takes, and its own options and old spellings, in a table of struct opt
 * (opt.h).  The command line is read with getopt_long, so that options and arguments may
 * mix, long options may be shortened while unambiguous, and --opt=value and -kVALUE work
 * as they always did. */
#include "opt.h"

#include <getopt.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "csvio.h"
#include "diag.h"
#include "holidays.h"
#include "i18n.h"
#include "model.h"
#include "progress.h"

kday opt_date(const char *opt, const char *s)
{
	kday d;
	int sec;

	if (date_parse_iso(s, strlen(s), &d, &sec) != 0 || sec >= 0)
		usage_error("%s: not a date (YYYY-MM-DD): '%s'", opt, s);
	return d;
}

enum wait_unit opt_unit(const char *opt, const char *s)
{
	if (strcmp(s, "days") == 0)
		return UNIT_DAYS;
	if (strcmp(s, "workdays") == 0)
		return UNIT_WORKDAYS;
	if (strcmp(s, "hours") == 0)
		return UNIT_HOURS;
	usage_error("%s: not days, workdays or hours: '%s'", opt, s);
}

const char *opt_unit_name(enum wait_unit u)
{
	return u == UNIT_WORKDAYS ? "workdays" : u == UNIT_HOURS ? "hours" : "days";
}

const char *opt_unit_label(enum wait_unit u)
{
	return u == UNIT_WORKDAYS ? _("workdays") : u == UNIT_HOURS ? _("hours") : _("days");
}

double opt_level(const char *opt, const char *s)
{
	char *end;
	double v = strtod(s, &end);

	if (end == s || *end || !(v > 0))
		usage_error("%s: not a confidence level: '%s'", opt, s);
	if (v >= 1)
		v /= 100;
	if (!(v > 0 && v < 1))
		usage_error("%s: not a confidence level: '%s'", opt, s);
	return v;
}

static const char *const format_names[FORMAT_COUNT] = {
	[FORMAT_TEXT] = "text", [FORMAT_MD] = "md",         [FORMAT_HTML] = "html",
	[FORMAT_CSV] = "csv",   [FORMAT_CSV_NL] = "csv-nl", [FORMAT_XLSX] = "xlsx",
	[FORMAT_SVG] = "svg",   [FORMAT_DOT] = "dot",       [FORMAT_MERMAID] = "mermaid",
	[FORMAT_XES] = "xes",
};

const char *opt_format_name(enum opt_format f)
{
	return (unsigned)f < FORMAT_COUNT ? format_names[f] : "?";
}

int opt_format_parse(const char *s, unsigned mask)
{
	int f;

	for (f = 0; f < FORMAT_COUNT; f++)
		if ((mask & FORMAT_BIT(f)) && strcmp(s, format_names[f]) == 0)
			return f;
	return -1;
}

/* The shared options: the one place where each is named, lettered and explained.  A letter
 * or a word here means this in every command (keten(1), COMMON OPTIONS); a command's own
 * option may take neither.  The help texts are written in English and translated where
 * --help writes them (opt_help); po/extract.sh finds them as the fourth argument of
 * SHARED and SHARED_INT (HACKING.md, Translations). */
/* clang-format off */
#define SHARED(letter, name, arg, help) { letter, name, arg, help, 0, 0 }
#define SHARED_INT(letter, name, arg, help, min, max) { letter, name, arg, help, min, max }
/* clang-format on */
/* clang-format off */
static const struct shared {
	int letter;
	const char *name, *arg, *help;
	long long min, max; /* the integers: the range a command may narrow */
} shared[OPT_NSHARED] = {
	[OPT_BY] = SHARED('g', "by", "COLS", "group by these columns (comma-separated)"),
	[OPT_UNIT] = SHARED('u', "unit", "UNIT", "waits in days (default), workdays or hours"),
	[OPT_ASOF] =
		SHARED('a', "asof", "DATE", "see the data as of DATE: later events are not seen"),
	[OPT_HOLIDAYS] = SHARED(0, "holidays", "FILE",
				"add the days of FILE (a column date) to the holidays; repeatable"),
	[OPT_MODEL] =
		SHARED('M', "model", "FILE", "use this chain model instead of the built-in one"),
	[OPT_MIN_N] = SHARED_INT('k', "min-n", "K", "suppress the figures that count fewer than K",
				 0, 1000000000),
	[OPT_OUTPUT] = SHARED('o', "output", "FILE",
			      "write to FILE (whole or not at all) instead of stdout"),
	[OPT_FORMAT] = SHARED('f', "format", "FORMAT", NULL),
	[OPT_TODAY] = SHARED(0, "today", "DATE",
			     "the day that this and last count from (default: today)"),
	[OPT_MONTH] = SHARED(0, "month", "MONTH", "a month: YYYY-MM, this or last"),
	[OPT_QUARTER] = SHARED(0, "quarter", "QUARTER", "a quarter: YYYY-Qn, this or last"),
	[OPT_YEAR] = SHARED(0, "year", "YEAR", "a year: YYYY, this or last"),
	[OPT_FROM] = SHARED(0, "from", "DATE", "the period begins on DATE"),
	[OPT_TO] = SHARED(0, "to", "DATE", "the period ends on DATE"),
	[OPT_COHORT] = SHARED(0, "cohort", "PERIOD", "the cases whose first event falls in PERIOD"),
	[OPT_ACTIVE] = SHARED(0, "active", "PERIOD", "the cases with an event in PERIOD"),
	[OPT_PERIOD] = SHARED(0, "period", "PERIOD",
			      "the figures of PERIOD, computed on whole cases and censored at its end"),
	[OPT_CODES] = SHARED('c', "codes", "FILE", "add the knelpunten of this codes table"),
	[OPT_TOP] = SHARED_INT('t', "top", "N",
			       "show at most N rows per group, or N knelpunten per phase", 0,
			       1000000000),
	[OPT_TITLE] = SHARED(0, "title", "TEXT", "a title above the output"),
	[OPT_WIDTH] = SHARED_INT('w', "width", "N",
				 "text: fit lines to N columns (default: no limit)", 0, 1000000),
	[OPT_REJECTS] =
		SHARED(0, "rejects", "FILE", "write unusable rows to FILE instead of stopping"),
	[OPT_LEVEL] = SHARED_INT('L', "level", "N",
				 "roll hierarchical codes (Parent>Child) up to N levels", 1, 1000),
	[OPT_PER] = SHARED(0, "per", "UNIT", "judge codes per interview (default) or per segment"),
	[OPT_KIND] =
		SHARED('K', "kind", "KIND", "events (default) or codes (coded interview segments)"),
	[OPT_TIES] = SHARED(0, "ties", "ORDER",
			    "events of one moment in input order or in the model's stage order "
			    "(default: model; input with -M infer)"),
	[OPT_CLOSED] = SHARED(0, "closed",
			      NULL, "a closed log: each case ended at its last event"),
	/* Its default is added by entry_help: a text with a macro in it cannot be extracted
	 * for translation. */
	[OPT_TZ] = SHARED(0, "tz", "ZONE", "read times with a UTC offset as local times of ZONE"),
	[OPT_PARTIAL] = SHARED(0, "partial", NULL,
			       "write a partial result for keten merge instead of the table"),
	[OPT_LANG] = SHARED(0, "lang", "LANG",
			    "messages and page texts in LANG: en or nl (default: the locale)"),
	[OPT_THREADS] = SHARED_INT(0, "threads", "N",
				   "read CSV with N threads (default: KETEN_THREADS, else the cores, up to 8)", 1,
				   CSVR_THREADS_MAX),
	[OPT_HELP] = SHARED('h', "help", NULL, "show this help"),
	[OPT_VERSION] = SHARED(0, "version", NULL, "show the version"),
};
/* clang-format on */
#undef SHARED
#undef SHARED_INT

static const char *const per_words[] = { "interview", "segment", NULL };
static const char *const kind_words[] = { "events", "codes", NULL };
static const char *const ties_words[] = { "input", "model", NULL };

/* A table entry with everything opt needs filled in: a shared option's letter, name and
 * help from shared[], an old spelling's target found. */
struct ent {
	const struct opt *o; /* the command's entry; NULL for help, version and a --lang
				the table does not list */
	int id;              /* enum opt_id, OPT_OWN or OPT_OLD */
	int letter;
	const char *name, *arg, *help;
	long long min, max;
	size_t target; /* OPT_OLD: the entry it stands for */
};

static int is_word(const char *a, const char *b)
{
	return a && b && strcmp(a, b) == 0;
}

/* A mistake in a command's table is the program's, not the user's: it ends the program
 * before any option is read. */
static noreturn void table_error(const struct opt_cmd *cmd, const char *what, const char *name)
{
	die("the option table of keten-%s: %s: '%s'", cmd->name, what, name);
}

/* The command's table with help and version after it, and --lang when the table does not
 * list it: every command speaks the language asked for (keten(1), LANGUAGE); *n gets the
 * number of entries. */
static struct ent *resolve(const struct opt_cmd *cmd, size_t *n)
{
	const struct opt *o;
	struct ent *e;
	size_t k = 0, i, j, cap = 4; /* help, version, --lang, --threads */
	char buf[2] = { 0, 0 };
	int lang = 0;

	for (o = cmd->opts; o->id != OPT_END; o++)
		cap++;
	e = xcalloc(cap, sizeof *e);
	for (o = cmd->opts;; o++) {
		int id = o->id;

		if (id == OPT_END)
			break;
		e[k].o = o;
		e[k].id = id;
		if (id >= 0 && id < OPT_NSHARED) {
			const struct shared *d = &shared[id];

			if (id == OPT_HELP || id == OPT_VERSION || id == OPT_THREADS)
				table_error(cmd, "help, version and threads are in every table",
					    d->name);
			lang |= id == OPT_LANG;
			e[k].letter = d->letter;
			e[k].name = d->name;
			e[k].arg = d->arg;
			e[k].help = d->help;
			e[k].min = o->min || o->max ? o->min : d->min;
			e[k].max = o->min || o->max ? o->max : d->max;
		} else if (id == OPT_OWN || id == OPT_OLD) {
			e[k].letter = o->letter;
			e[k].name = o->name;
			e[k].arg = o->arg;
			e[k].help = o->help;
			e[k].min = o->min;
			e[k].max = o->max;
		} else {
			table_error(cmd, "not an option id", o->name ? o->name : "?");
		}
		k++;
	}
	/* Every command takes --threads, for the CSV it reads (csvio.h); opt_help shows it
	 * where it matters, before help and version. */
	e[k].id = OPT_THREADS;
	e[k].name = shared[OPT_THREADS].name;
	e[k].arg = shared[OPT_THREADS].arg;
	e[k].help = shared[OPT_THREADS].help;
	e[k].min = shared[OPT_THREADS].min;
	e[k++].max = shared[OPT_THREADS].max;
	e[k].id = OPT_HELP;
	e[k].letter = shared[OPT_HELP].letter;
	e[k].name = shared[OPT_HELP].name;
	e[k++].help = shared[OPT_HELP].help;
	e[k].id = OPT_VERSION;
	e[k].name = shared[OPT_VERSION].name;
	e[k++].help = shared[OPT_VERSION].help;
	if (!lang) {
		e[k].id = OPT_LANG;
		e[k].name = shared[OPT_LANG].name;
		e[k].arg = shared[OPT_LANG].arg;
		e[k++].help = shared[OPT_LANG].help;
	}

	for (i = 0; i < k; i++) {
		buf[0] = (char)e[i].letter;
		if (e[i].id == OPT_OWN) {
			size_t s;

			if (!e[i].name || !e[i].help)
				table_error(cmd, "an option without a name or help", buf);
			/* A letter or word of a shared option means that option everywhere. */
			for (s = 0; s < OPT_NSHARED; s++) {
				if (e[i].letter && e[i].letter == shared[s].letter)
					table_error(cmd, "a letter of a shared option", buf);
				if (is_word(e[i].name, shared[s].name))
					table_error(cmd, "a word of a shared option", e[i].name);
			}
		}
		if (e[i].id == OPT_OLD) {
			for (j = 0; j < k; j++)
				if (e[j].id != OPT_OLD && is_word(e[j].name, e[i].o->target))
					break;
			if (j == k)
				table_error(cmd, "an old spelling of no option",
					    e[i].o->target ? e[i].o->target : "?");
			e[i].target = j;
			/* With a value of its own the old spelling takes no argument. */
			e[i].arg = e[i].o->def ? NULL : e[j].arg;
		}
		for (j = 0; j < i; j++) {
			if (e[i].letter && e[i].letter == e[j].letter)
				table_error(cmd, "a letter twice", buf);
			if (is_word(e[i].name, e[j].name))
				table_error(cmd, "a word twice", e[i].name);
		}
	}
	*n = k;
	return e;
}

static void list_add(struct opt_list *l, const char *s)
{
	xgrow(&l->v, &l->cap, l->n + 1, sizeof *l->v);
	l->v[l->n++] = s;
}

void opt_list_free(struct opt_list *l)
{
	free(l->v);
	l->v = NULL;
	l->n = l->cap = 0;
}

/* Writes the words of a NULL-terminated list as "a, b or c" into buf. */
static void words_or(char *buf, size_t size, const char *const *w)
{
	size_t n = 0, i, len = 0;

	while (w[n])
		n++;
	buf[0] = '\0';
	for (i = 0; i < n && len < size; i++) {
		const char *sep = i == 0 ? "" : i + 1 == n ? " or " : ", ";

		len += (size_t)snprintf(buf + len, size - len, "%s%s", sep, w[i]);
	}
}

/* The formats of a command, its default first (as the messages have always named them). */
static size_t format_list(const struct opt *o, const char **w)
{
	int def = o->def ? opt_format_parse(o->def, o->formats) : -1, f;
	size_t n = 0;

	if (def >= 0)
		w[n++] = format_names[def];
	for (f = 0; f < FORMAT_COUNT; f++)
		if ((o->formats & FORMAT_BIT(f)) && f != def)
			w[n++] = format_names[f];
	w[n] = NULL;
	return n;
}

static int choice(const char *opt, const char *arg, const char *const *words)
{
	char list[256];
	int i;

	for (i = 0; words[i]; i++)
		if (strcmp(arg, words[i]) == 0)
			return i;
	words_or(list, sizeof list, words);
	usage_error("%s: not %s: '%s'", opt, list, arg);
}

/* Stores a shared option: the one parser of each.  The period words only keep their text
 * here; resolve_periods reads them once --today is known. */
static void store_shared(struct opt_set *s, const struct ent *e, const char *opt, const char *arg)
{
	switch ((enum opt_id)e->id) {
	case OPT_THREADS:
		csvr_set_threads((int)parse_int_opt(opt, arg, e->min, e->max));
		break;
	case OPT_BY:
		/* The columns are the command's to check: it knows its input. */
		s->by = arg;
		break;
	case OPT_UNIT:
		s->unit = opt_unit(opt, arg);
		break;
	case OPT_ASOF:
		s->asof = opt_date(opt, arg);
		break;
	case OPT_HOLIDAYS:
		list_add(&s->holidays, arg);
		break;
	case OPT_MODEL:
		s->model = arg;
		break;
	case OPT_MIN_N:
		s->min_n = (long)parse_int_opt(opt, arg, e->min, e->max);
		break;
	case OPT_OUTPUT:
		s->output = arg;
		break;
	case OPT_FORMAT: {
		const char *w[FORMAT_COUNT + 1];
		char list[256];
		int f = opt_format_parse(arg, e->o->formats);

		if (f < 0) {
			format_list(e->o, w);
			words_or(list, sizeof list, w);
			usage_error("%s: not %s: '%s'", opt, list, arg);
		}
		s->format = (enum opt_format)f;
		break;
	}
	case OPT_TODAY:
	case OPT_MONTH:
	case OPT_QUARTER:
	case OPT_YEAR:
	case OPT_FROM:
	case OPT_TO:
	case OPT_COHORT:
	case OPT_ACTIVE:
	case OPT_PERIOD:
		break;
	case OPT_CODES:
		s->codes = arg;
		break;
	case OPT_TOP:
		s->top = (long)parse_int_opt(opt, arg, e->min, e->max);
		break;
	case OPT_TITLE:
		s->title = arg;
		break;
	case OPT_WIDTH:
		s->width = (long)parse_int_opt(opt, arg, e->min, e->max);
		break;
	case OPT_REJECTS:
		s->rejects = arg;
		break;
	case OPT_LEVEL:
		s->level = (int)parse_int_opt(opt, arg, e->min, e->max);
		break;
	case OPT_PER:
		s->per_segment = choice(opt, arg, per_words);
		break;
	case OPT_KIND:
		s->kind_codes = choice(opt, arg, kind_words);
		break;
	case OPT_TIES:
		s->ties = choice(opt, arg, ties_words) == 0 ? OPT_TIES_INPUT : OPT_TIES_MODEL;
		break;
	case OPT_CLOSED:
		s->closed = 1;
		break;
	case OPT_TZ:
		if (date_zone_set(arg) != 0)
			usage_error("%s: not a time zone of the tz database: '%s'", opt, arg);
		s->tz = arg;
		break;
	case OPT_PARTIAL:
		s->partial = 1;
		break;
	case OPT_LANG:
		if (i18n_set_lang(arg) != 0)
			usage_error("%s: not %s: '%s'", opt, I18N_LANGS, arg);
		break;
	case OPT_HELP:
	case OPT_VERSION:
	case OPT_NSHARED:
	case OPT_OWN:
	case OPT_OLD:
	case OPT_END:
		break;
	}
	s->text[e->id] = arg;
}

static void store_own(const struct ent *e, const char *opt, const char *arg)
{
	const struct opt *o = e->o;

	switch (o->type) {
	case OPT_FLAG:
		*(int *)o->var = 1;
		break;
	case OPT_STRING:
	case OPT_INFILE:
		*(const char **)o->var = arg;
		break;
	case OPT_INT:
		*(long long *)o->var = parse_int_opt(opt, arg, o->min, o->max);
		break;
	case OPT_CHOICE:
		*(int *)o->var = choice(opt, arg, o->words);
		break;
	case OPT_LIST:
		list_add(o->var, arg);
		break;
	case OPT_CALL:
		o->call(opt, arg, o->var);
		break;
	}
}

/* One period word: the span its text names, in the forms it allows. */
static void period_word(struct opt_set *s, enum opt_id id, int forms, struct period *p,
			const char *what)
{
	const char *t = s->text[id];
	int bad;

	if (!t)
		return;
	if (forms == PERIOD_ANY)
		bad = period_parse(t, s->today, p) != 0;
	else
		bad = period_term(t, strlen(t), forms, s->today, p) != 0;
	if (bad)
		usage_error("--%s: not %s: '%s'", shared[id].name, what, t);
}

/* The period words, in one order, once every option (--today among them) is read. */
static void resolve_periods(struct opt_set *s, const struct ent *e, size_t n)
{
	struct period q = { INT32_MIN, INT32_MAX };
	int relative = 0;
	size_t i;

	for (i = 0; i < n; i++)
		if (e[i].id == OPT_TODAY || e[i].id == OPT_MONTH || e[i].id == OPT_QUARTER ||
		    e[i].id == OPT_YEAR || e[i].id == OPT_COHORT || e[i].id == OPT_ACTIVE ||
		    e[i].id == OPT_PERIOD)
			relative = 1;
	/* Only a command that can say "this" or "last" reads the clock. */
	if (relative)
		s->today = period_today("--today", s->text[OPT_TODAY]);
	period_word(s, OPT_FROM, PERIOD_DAY, &q, "a date (YYYY-MM-DD)");
	s->from = q.from;
	q.from = INT32_MIN;
	q.to = INT32_MAX;
	period_word(s, OPT_TO, PERIOD_DAY, &q, "a date (YYYY-MM-DD)");
	s->to = q.to;
	/* A reversed range selects nothing; said so rather than answered with an empty table. */
	if (s->given[OPT_FROM] && s->given[OPT_TO] && s->from > s->to)
		usage_error("--from %s is after --to %s", s->text[OPT_FROM], s->text[OPT_TO]);
	period_word(s, OPT_MONTH, PERIOD_MONTH, &s->month, "YYYY-MM, this or last");
	period_word(s, OPT_QUARTER, PERIOD_QUARTER, &s->quarter, "YYYY-Qn, this or last");
	period_word(s, OPT_YEAR, PERIOD_YEAR, &s->year, "YYYY, this or last");
	period_word(s, OPT_COHORT, PERIOD_ANY, &s->cohort, "a period");
	period_word(s, OPT_ACTIVE, PERIOD_ANY, &s->active, "a period");
	period_word(s, OPT_PERIOD, PERIOD_ANY, &s->period, "a period");
}

void opt_deprecated(const char *old, const char *use)
{
	warnx("%s is deprecated, use %s", old, use);
}

/* Tells the user of an old spelling what to write instead. */
static void deprecated(const struct ent *e, const struct ent *to, int ch)
{
	char old[128], use[160];

	if (ch < 256)
		snprintf(old, sizeof old, "-%c", ch);
	else
		snprintf(old, sizeof old, "--%s", e->name);
	if (ch < 256 && to->letter && !e->o->def)
		snprintf(use, sizeof use, "-%c", to->letter);
	else
		snprintf(use, sizeof use, "--%s%s%s", to->name, e->o->def ? " " : "",
			 e->o->def ? e->o->def : "");
	opt_deprecated(old, use);
}

static void version(const struct opt_cmd *cmd)
{
	printf("keten-%s %s\n", cmd->name, KETEN_VERSION);
}

/* The outputs of a command may not overwrite its inputs, nor each other: checked here,
 * by the files the names reach, before anything is read or written (csvw_check_outputs).
 * The inputs are the arguments, the shared options that name files to read, and the
 * command's own OPT_INFILE options. */
static void check_files(const struct opt_set *s, int nargs, char **args)
{
	const struct opt *o;
	size_t k = 0, i, nown = 0;
	struct csvw_file *f;
	char(*names)[64];

	for (o = s->cmd->opts; o->id != OPT_END; o++)
		nown += o->id == OPT_OWN && o->type == OPT_INFILE;
	f = xcalloc(s->holidays.n + nown + 5, sizeof *f);
	names = xcalloc(nown + 1, sizeof *names);

	f[k++] = (struct csvw_file){ "--output", s->output, CSVW_MAIN };
	if (s->rejects)
		f[k++] = (struct csvw_file){ "--rejects", s->rejects, CSVW_OUT };
	/* -M infer names no file: the model comes from the events. */
	if (s->model && !model_is_infer(s->model))
		f[k++] = (struct csvw_file){ "--model", s->model, CSVW_IN };
	if (s->codes)
		f[k++] = (struct csvw_file){ "--codes", s->codes, CSVW_IN };
	for (i = 0; i < s->holidays.n; i++)
		f[k++] = (struct csvw_file){ "--holidays", s->holidays.v[i], CSVW_IN };
	for (o = s->cmd->opts, i = 0; o->id != OPT_END; o++) {
		const char *path;

		if (o->id != OPT_OWN || o->type != OPT_INFILE)
			continue;
		path = *(const char *const *)o->var;
		if (!path)
			continue;
		snprintf(names[i], sizeof *names, "--%s", o->name);
		f[k++] = (struct csvw_file){ names[i++], path, CSVW_IN };
	}
	csvw_check_outputs(args, nargs, f);
	free(names);
	free(f);
}

/* The language is chosen before the other options are read, so that a message about them
 * is in it too; a bad value is left for the reading proper to report. */
static void pre_lang(int argc, char **argv)
{
	int i;

	for (i = 1; i < argc && strcmp(argv[i], "--") != 0; i++) {
		if (strcmp(argv[i], "--lang") == 0 && i + 1 < argc)
			i18n_set_lang(argv[++i]);
		else if (strncmp(argv[i], "--lang=", 7) == 0)
			i18n_set_lang(argv[i] + 7);
	}
}

int opt_parse(const struct opt_cmd *cmd, struct opt_set *s, int argc, char **argv)
{
	size_t n, i, nlong = 0, k = 0;
	struct ent *e = resolve(cmd, &n);
	struct option *lo = xcalloc(n + 1, sizeof *lo);
	char *shorts = xmalloc(2 * n + 2), opt[64];
	int ch;

	s->cmd = cmd;
	s->seen = xcalloc(n, sizeof *s->seen);
	shorts[k++] = ':';
	for (i = 0; i < n; i++) {
		if (e[i].name) {
			lo[nlong].name = e[i].name;
			lo[nlong].has_arg = e[i].arg ? required_argument : no_argument;
			lo[nlong++].val = 256 + (int)i;
		}
		if (e[i].letter) {
			shorts[k++] = (char)e[i].letter;
			if (e[i].arg)
				shorts[k++] = ':';
		}
	}
	shorts[k] = '\0';
	pre_lang(argc, argv);

	/* The defaults are read as if given, by the same parser. */
	for (i = 0; i < n; i++)
		if (e[i].id < OPT_NSHARED && e[i].o && e[i].o->def) {
			snprintf(opt, sizeof opt, "--%s", e[i].name);
			store_shared(s, &e[i], opt, e[i].o->def);
		}

#ifdef __GLIBC__
	optind = 0; /* glibc starts afresh, so that a second parse works too */
#else
	optind = 1;
#endif
	while ((ch = getopt_long(argc, argv, shorts, lo, NULL)) != -1) {
		const struct ent *x;
		const char *arg = optarg;

		if (ch == '?' || ch == ':') {
			free(lo);
			free(shorts);
			free(e);
			usage_bad_option(ch, argv);
		}
		if (ch >= 256) {
			i = (size_t)(ch - 256);
		} else {
			for (i = 0; i < n && e[i].letter != ch; i++)
				;
		}
		s->seen[i]++;
		x = &e[i];
		if (x->id == OPT_OLD) {
			deprecated(x, &e[x->target], ch);
			if (x->o->def)
				arg = x->o->def;
			x = &e[x->target];
			s->seen[x - e]++;
		}
		snprintf(opt, sizeof opt, "--%s", x->name);
		if (x->id == OPT_HELP || x->id == OPT_VERSION) {
			int help = x->id == OPT_HELP;

			free(lo);
			free(shorts);
			free(e);
			opt_free(s);
			if (help)
				opt_help(cmd, stdout);
			else
				version(cmd);
			exit(0);
		}
		if (x->id == OPT_OWN) {
			store_own(x, opt, arg);
		} else {
			store_shared(s, x, opt, arg);
			s->given[x->id]++;
		}
	}
	resolve_periods(s, e, n);
	if (cmd->progress)
		progress_enable();
	free(lo);
	free(shorts);
	free(e);
	check_files(s, argc - optind, argv + optind);
	return optind;
}

unsigned opt_given(const struct opt_set *s, enum opt_id id)
{
	return (unsigned)id < OPT_NSHARED ? s->given[id] : 0;
}

int opt_ties_input(const struct opt_set *s)
{
	/* An inferred model's order is learnt from the events in input order: ordering their
	 * ties by it again would only echo that order back, differently per case. */
	if (s->ties)
		return s->ties == OPT_TIES_INPUT;
	return model_is_infer(s->model);
}

unsigned opt_seen(const struct opt_set *s, const char *name)
{
	const struct opt *o;
	size_t i;

	if (!s->cmd || !s->seen)
		return 0;
	for (o = s->cmd->opts, i = 0; o->id != OPT_END; o++, i++) {
		const char *w = o->id < OPT_NSHARED ? shared[o->id].name : o->name;

		if (o->id != OPT_OLD && is_word(w, name))
			return s->seen[i];
	}
	die("the option table of keten-%s: no option --%s", s->cmd->name, name);
}

const char *opt_name(enum opt_id id)
{
	return shared[id].name;
}

void opt_load_holidays(const struct opt_set *s)
{
	size_t i;

	/* The one call of the calendar's file reader for every command. */
	for (i = 0; i < s->holidays.n; i++)
		holidays_add_file(cal_default(), s->holidays.v[i]);
}

void opt_free(struct opt_set *s)
{
	opt_list_free(&s->holidays);
	free(s->seen);
	s->seen = NULL;
}

/* The help text of an entry in the user's language, with what the command adds: the
 * formats it writes and its default, or the default of another option.  Only the texts
 * are translated; the option words, the format names and the default values stay as
 * written, since they are what the user types. */
static void entry_help(const struct ent *e, char *buf, size_t size)
{
	const struct opt *o = e->o;

	if (e->id == OPT_FORMAT) {
		const char *w[FORMAT_COUNT + 2];
		char def[64];
		size_t nw = format_list(o, w), i, len = 0;

		/* "text (default), md or html": the default is listed first. */
		if (o->def && nw > 0) {
			snprintf(def, sizeof def, _("%s (default)"), w[0]);
			w[0] = def;
		}
		/* As words_or, with the "or" of the language. */
		buf[0] = '\0';
		for (i = 0; i < nw && len < size; i++) {
			const char *sep = i == 0 ? "" : i + 1 == nw ? _(" or ") : ", ";

			len += (size_t)snprintf(buf + len, size - len, "%s%s", sep, w[i]);
		}
		return;
	}
	snprintf(buf, size, "%s", _(e->help));
	/* The zone of --tz is date's, named where it is defined. */
	if (e->id == OPT_TZ)
		snprintf(buf + strlen(buf), size - strlen(buf), _(" (default: %s)"),
			 DATE_ZONE_DEFAULT);
	if (o && e->id < OPT_NSHARED && o->def)
		snprintf(buf + strlen(buf), size - strlen(buf), _(" (default %s)"), o->def);
	if (o && e->id < OPT_NSHARED && o->note)
		snprintf(buf + strlen(buf), size - strlen(buf), " (%s)", _(o->note));
}

/* Writes text from column col, wrapped to lines of at most 80 columns, each further line
 * indented to col; a newline in text starts a new line. */
static void wrap(FILE *fp, const char *text, size_t col)
{
	const char *p = text;
	size_t at = col;
	int first = 1;

	while (*p) {
		size_t len = strcspn(p, " \n");

		if (!first && at + 1 + len > 80) {
			fprintf(fp, "\n%*s", (int)col, "");
			at = col;
			first = 1;
		}
		if (!first) {
			fputc(' ', fp);
			at++;
		}
		fwrite(p, 1, len, fp);
		at += len;
		first = 0;
		p += len;
		if (*p == '\n') {
			fprintf(fp, "\n%*s", (int)col, "");
			at = col;
			first = 1;
		}
		if (*p)
			p++;
	}
	fputc('\n', fp);
}

/* Whether --help lists the entry.  Old spellings are left out, and may have no word; so is
 * the --lang that every command takes unlisted (keten(1), COMMON OPTIONS).  --threads is
 * shown by the commands that read large logs (cmd->progress), where a parser thread pays
 * (HACKING.md, Threads): a command that reads a model or a small table only takes it so
 * that a script may pass the same options to every command. */
static int listed(const struct opt_cmd *cmd, const struct ent *e)
{
	if (e->id == OPT_OLD || (e->id == OPT_LANG && !e->o))
		return 0;
	return e->id != OPT_THREADS || cmd->progress;
}

/* The usage lines: "usage: " in the user's language before the first, the further lines
 * (indented under the command's name for "usage: ") moved by as many columns as the
 * translation is longer or shorter, so that they stay under it. */
static void usage_lines(const struct opt_cmd *cmd, FILE *fp)
{
	const char *label = _("usage: ");
	const char *p = cmd->synopsis;
	int shift = (int)strlen(label) - (int)strlen("usage: ");

	fputs(label, fp);
	for (;;) {
		size_t len = strcspn(p, "\n"), lead = strspn(p, " ");

		if (p != cmd->synopsis && lead > 0) {
			fprintf(fp, "%*s", (int)lead + shift < 0 ? 0 : (int)lead + shift, "");
			p += lead;
			len -= lead;
		}
		fwrite(p, 1, len, fp);
		fputc('\n', fp);
		p += len;
		if (!*p)
			break;
		p++;
	}
	fputc('\n', fp);
}

void opt_help(const struct opt_cmd *cmd, FILE *fp)
{
	size_t n, i, width = 0;
	struct ent *e = resolve(cmd, &n);
	char left[128], help[1024];

	usage_lines(cmd, fp);
	for (i = 0; i < n; i++) {
		size_t len;

		if (!listed(cmd, &e[i]))
			continue;
		len = 8 + strlen(e[i].name) + (e[i].arg ? 1 + strlen(e[i].arg) : 0);
		if (len > width)
			width = len;
	}
	width += 2;
	for (i = 0; i < n; i++) {
		if (!listed(cmd, &e[i]))
			continue;
		if (e[i].letter)
			snprintf(left, sizeof left, "  -%c, --%s%s%s", e[i].letter, e[i].name,
				 e[i].arg ? " " : "", e[i].arg ? e[i].arg : "");
		else
			snprintf(left, sizeof left, "      --%s%s%s", e[i].name,
				 e[i].arg ? " " : "", e[i].arg ? e[i].arg : "");
		entry_help(&e[i], help, sizeof help);
		fprintf(fp, "%-*s", (int)width, left);
		wrap(fp, help, width);
	}
	/* The footer is marked with N_() in the command's file (po/extract.sh). */
	if (cmd->footer)
		fputs(_(cmd->footer), fp);
	free(e);
}
