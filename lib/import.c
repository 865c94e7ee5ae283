/* import: the engine of keten import (see import.h): a foreign export's columns mapped
 * to keten columns, every value checked and converted, rows written or rejected.
 *
 * All state of an import is in its struct import, so that it can all be freed, also
 * after a fatal error part way (a fuzz target lives on after die), and so that two
 * imports never share anything. */
#include "import.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "convert.h"
#include "csvio.h"
#include "date.h"
#include "diag.h"
#include "i18n.h"
#include "model.h"
#include "period.h"
#include "sort.h"
#include "source.h"
#include "strtab.h"
#include "xes.h"

/* Reject messages shown on stderr before the rest are only counted. */
#define SHOW_REJECTS 10
/* Stages not in the model named one by one before the rest are summed up. */
#define SHOW_STAGES 10
/* The first two columns of a rejects file (import_start), which a re-import leaves out. */
#define REJECT_COLS 2

/* How the values of a keten column are read. */
enum { V_TEXT, V_STAGE, V_DATE, V_YESNO, V_NUMBER, V_CODE };

/* A keten column and the source names that mean it (cleaned, best first). */
struct target {
	const char *name;
	int required;
	int how;
	const char *const *syn;
};

/* clang-format off */
static const char *const syn_case[] = {
	"case_concept_name", "case_id", "caseid", "case_nr", "case_number", "dossiernummer",
	"dossiernr", "dossier_nr", "dossier_id", "dossier", "zaaknummer", "zaaknr", "zaak_id",
	"zaak", "trajectnummer", "trajectnr", "traject_id", "klantnummer", "klantnr",
	"klant_nr", "klant_id", "clientnummer", "clientnr", "client_id", "cliëntnummer",
	"cliëntnr", "registratienummer", "casus", "case_key", "patient", NULL
};
/* clang-format on */
/* clang-format off */
static const char *const syn_stage[] = {
	"fase", "concept_name", "activity", "activiteit", "status", "stap", "processtap",
	"gebeurtenis", "event", "activity_name", "mijlpaal", "activity_id", "activity_en",
	"handling", NULL
};
/* clang-format on */
/* clang-format off */
static const char *const syn_date[] = {
	"datum", "time_timestamp", "timestamp", "tijdstip", "datum_tijd", "datumtijd",
	"datetime", "date_time", "begindatum", "startdatum", "ingangsdatum",
	"registratiedatum", "event_date", "time", "tijd", "complete_timestamp",
	"completetime", "complete_time", "complete", "end_timestamp", "eventtime", NULL
};
/* clang-format on */
/* clang-format off */
static const char *const syn_org[] = {
	"organisatie", "organisation", "organization", "instantie", "instelling",
	"org_resource", "resource", "resource_id", "employee", NULL
};
/* clang-format on */
/* clang-format off */
static const char *const syn_org_type[] = {
	"organisatietype", "type_organisatie", "soort_organisatie", "orgtype",
	"organisation_type", "organization_type", NULL
};
/* clang-format on */
static const char *const syn_chain[] = { "keten", "ketentype", "soort_keten", NULL };
/* clang-format off */
static const char *const syn_city[] = {
	"gemeente", "woonplaats", "plaats", "stad", "municipality", "town", NULL
};
/* clang-format on */
/* clang-format off */
static const char *const syn_urgent[] = {
	"crisis", "spoed", "urgentie", "acuut", "wgs_crisis", NULL
};
/* clang-format on */
/* clang-format off */
static const char *const syn_reason[] = {
	"reden", "uitstroomreden", "reden_uitstroom", "reden_einde", "afsluitreden",
	"reden_afsluiting", "outflow_reason", NULL
};
/* clang-format on */
/* The start of an activity whose completion is the date (Disco, ProM; keten(5)). */
/* clang-format off */
static const char *const syn_start[] = {
	"start_timestamp", "starttime", "start_time", NULL
};
/* clang-format on */
/* clang-format off */
static const char *const syn_lifecycle[] = {
	"lifecycle_transition", "lifecycle_id", "registration_type", "transition",
	"event_type", NULL
};
/* clang-format on */
/* clang-format off */
static const char *const syn_instance[] = {
	"concept_instance", "activity_instance_id", "activity_instance", "handling_id",
	"instance_id", NULL
};
/* clang-format on */

static const struct target event_targets[] = {
	{ "case", 1, V_TEXT, syn_case },           { "stage", 1, V_STAGE, syn_stage },
	{ "date", 1, V_DATE, syn_date },           { "org", 0, V_TEXT, syn_org },
	{ "org_type", 0, V_TEXT, syn_org_type },   { "chain", 0, V_TEXT, syn_chain },
	{ "city", 0, V_TEXT, syn_city },           { "urgent", 0, V_YESNO, syn_urgent },
	{ "reason", 0, V_TEXT, syn_reason },       { "start", 0, V_DATE, syn_start },
	{ "lifecycle", 0, V_TEXT, syn_lifecycle }, { "instance", 0, V_TEXT, syn_instance },
};

/* clang-format off */
static const char *const syn_interview[] = {
	"document_name", "documentnaam", "document_naam", "document", "doc", "bestand",
	"bestandsnaam", "file", "filename", "file_name", "transcript", "interview_id",
	"respondent", NULL
};
/* clang-format on */
/* clang-format off */
static const char *const syn_code[] = {
	"codes", "codenaam", "code_name", "codename", "code_naam", NULL
};
/* clang-format on */
/* clang-format off */
static const char *const syn_role[] = {
	"rol", "respondent_type", "type_respondent", "respondenttype", "doelgroep", NULL
};
/* clang-format on */
static const char *const syn_ccity[] = { "gemeente", "stad", "plaats", NULL };
static const char *const syn_cchain[] = { "keten", NULL };
/* clang-format off */
static const char *const syn_phase[] = {
	"fase", "klantreisfase", "klantreis_fase", NULL
};
/* clang-format on */
/* clang-format off */
static const char *const syn_segment[] = {
	"segment_id", "segmentnummer", "segment_nr", "fragment_id", "quotation_id", "id",
	"begin", NULL
};
/* clang-format on */
/* clang-format off */
static const char *const syn_coder[] = {
	"codeur", "created_by", "gecodeerd_door", "aangemaakt_door", "user", "gebruiker",
	"owner", "author", "auteur", NULL
};
/* clang-format on */
static const char *const syn_polarity[] = { "polariteit", NULL };
/* clang-format off */
static const char *const syn_weight[] = {
	"weight_score", "gewicht", "score", "stemmen", "votes", "prioriteit", NULL
};
/* clang-format on */
/* clang-format off */
static const char *const syn_quote[] = {
	"quotation_content", "quotation", "citaat", "segment", "coded_text", "coded",
	"selected_text", "text", "tekst", "fragment", "content", NULL
};
/* clang-format on */

static const struct target code_targets[] = {
	{ "interview", 1, V_TEXT, syn_interview }, { "code", 1, V_CODE, syn_code },
	{ "role", 0, V_TEXT, syn_role },           { "city", 0, V_TEXT, syn_ccity },
	{ "chain", 0, V_TEXT, syn_cchain },        { "phase", 0, V_TEXT, syn_phase },
	{ "segment", 0, V_TEXT, syn_segment },     { "coder", 0, V_TEXT, syn_coder },
	{ "polarity", 0, V_TEXT, syn_polarity },   { "weight", 0, V_NUMBER, syn_weight },
	{ "quote", 0, V_TEXT, syn_quote },
};

#define NCODET (sizeof code_targets / sizeof *code_targets)
#define NEVENTT (sizeof event_targets / sizeof *event_targets)
#define MAXT (NCODET > NEVENTT ? NCODET : NEVENTT)

/* How a keten column found its source column. */
enum { BY_NONE, BY_OPTION, BY_NAME, BY_GUESS };

/* The values of one source column that --recode replaces. */
struct recode {
	struct strtab *from;
	char **to;
	size_t cap;
};

/* An event kept for --sort: where its fields are in the arena, its case and its
 * moment.  case_s points at the case in the arena once it stops growing (write_sorted). */
struct kept {
	const char *case_s;
	size_t off, case_len, seq;
	int64_t when; /* twice the date's moment, plus 1 when it has a time */
	int tz;       /* the date's UTC offset, DATE_NOOFF when it has none */
};

/* A value of an output column: where its bytes are. */
struct val {
	const char *s;
	size_t n;
};

struct import {
	const struct import_settings *set;
	int codes;             /* set->kind == IMPORT_CODES */
	struct csvw *w, *rw;   /* the caller's */
	struct csvr *recode_r; /* the --recode file while it is read */
	struct model *model;
	struct conv_datefmt *fmt;
	int date_off;             /* the UTC offset of the row's date (DATE_NOOFF: none) */
	int has_off, has_nooff;   /* some kept date has an offset; some has none */
	kday first_day, last_day; /* the date window: dates outside it are rejected */
	char window[32];          /* the window as FROM..TO, for reasons */
	const struct target *tg;
	size_t ntg;
	char *name; /* the input, for messages */
	int delim;  /* of the input, to join surplus fields */

	struct csv_row hdr; /* the source header, copied */
	size_t skip;        /* leading columns of a rejects file, left out (REJECT_COLS) */
	char **clean;       /* cleaned source names */
	int src[MAXT];      /* the source column of each keten column, or -1 */
	int by[MAXT];
	int *used;              /* source columns taken by a keten column */
	unsigned char *numeric; /* source columns read as numbers */
	struct recode *rc;      /* per source column */
	int *pass;              /* passthrough source columns in order */
	size_t npass;
	char **out_names;
	size_t nout;
	struct strtab *names; /* out_names, to keep them unique */

	struct val *vals;
	char *scratch;
	size_t scap;
	char *joined; /* a ragged row's surplus fields for the rejects file */
	size_t jcap;
	char *msg;
	size_t msgcap;

	/* Every stage value seen, what it is in the model (-1: not there) and how often it
	 * came, so that the model is searched once per value and not once per row. */
	struct strtab *stages;
	int *sidx;
	long *scount;
	size_t stage_cap;

	char *arena; /* --sort */
	size_t alen, acap;
	struct kept *kept;
	size_t nkept, kcap;

	struct import_counts n;
	int t_start;          /* the target start, -1 for none (codes) */
	struct pairing *pair; /* start and complete paired, or NULL (pair_new) */
};

static void pair_new(struct import *im);
static int pair_has_slot(struct import *im, size_t t);

/* Lets the caller clear its line on stderr before a message goes there. */
static void before_message(const struct import *im)
{
	if (im->set->before_message)
		im->set->before_message(im->set->ctx);
}

/* Reads one end of --date-window: a year, quarter, month or day (period.h), never a
 * term relative to today, which would make the output depend on the day of the run;
 * sets *day to its first day (end 0) or last (end 1). */
static int window_term(const char *s, size_t n, int end, kday *day)
{
	struct period p;

	if (n == 0 || s[0] < '0' || s[0] > '9' || period_term(s, n, PERIOD_ANY, 0, &p) != 0)
		return -1;
	*day = end ? p.to : p.from;
	return 0;
}

/* Sets the date window of im from --date-window FROM..TO (either end may be left out to
 * keep its default) or a single term, or to 1900-01-01..2099-12-31 (keten-import(1)). */
static void date_window(struct import *im, const char *text)
{
	const char *dots;
	char a[11], b[11];

	im->first_day = date_from_ymd(1900, 1, 1);
	im->last_day = date_from_ymd(2099, 12, 31);
	if (text) {
		int bad;

		dots = strstr(text, "..");
		if (!dots)
			bad = window_term(text, strlen(text), 0, &im->first_day) ||
			      window_term(text, strlen(text), 1, &im->last_day);
		else
			bad = (dots == text && !dots[2]) ||
			      (dots > text &&
			       window_term(text, (size_t)(dots - text), 0, &im->first_day)) ||
			      (dots[2] &&
			       window_term(dots + 2, strlen(dots + 2), 1, &im->last_day));
		if (bad)
			usage_error(
				"--date-window: not FROM..TO of years, quarters, months or days: "
				"'%s'",
				text);
		if (im->first_day > im->last_day)
			usage_error("--date-window: ends before it begins: '%s'", text);
	}
	date_format(im->first_day, a);
	date_format(im->last_day, b);
	snprintf(im->window, sizeof im->window, "%s..%s", a, b);
}

struct import *import_new(const struct import_settings *set)
{
	struct import *im = xcalloc(1, sizeof *im);

	im->set = set;
	im->codes = set->kind == IMPORT_CODES;
	im->tg = im->codes ? code_targets : event_targets;
	im->ntg = im->codes ? NCODET : NEVENTT;
	im->t_start = -1;
	for (size_t t = 0; t < im->ntg; t++)
		if (!im->codes && strcmp(im->tg[t].name, "start") == 0)
			im->t_start = (int)t;
	im->msgcap = 256;
	im->msg = xmalloc(im->msgcap);
	date_window(im, set->date_window);
	if (set->date_format) {
		const char *err = NULL;
		if (!(im->fmt = conv_datefmt_new(set->date_format, &err)))
			usage_error("--date-format: %s: '%s'", err, set->date_format);
	}
	if (!im->codes)
		im->model = model_get(set->model_file);
	return im;
}

/* An input of keten import: a CSV export or an XES log, told apart by the first bytes. */
struct import_src {
	const struct import_settings *set;
	struct source *src;
	struct csvr *csv;
	struct xesr *xes;
};

struct import_src *import_open(const struct import_settings *set, const char *path)
{
	struct source *src = source_open(path);
	struct import_src *s = xcalloc(1, sizeof *s);

	s->set = set;
	s->src = src;
	return s;
}

const struct csv_row *import_src_header(struct import_src *s)
{
	const char *p;
	size_t n = source_peek(s->src, &p);

	if (xes_named(source_name(s->src)) || xes_sniff(p, n)) {
		s->xes = xesr_new(s->src);
		xesr_start(s->xes);
		return xesr_header(s->xes);
	} else {
		/* The header is read as a record, so that an empty input is an error of
		 * the engine's and not of the reader's. */
		struct csvr_opts o = { CSVR_NOHEADER | CSVR_RAGGED | CSVR_SEPLINE | CSVR_NUL,
				       s->set->delim, s->set->encoding };

		if (!s->set->delim)
			o.flags |= CSVR_SNIFF;
		s->csv = csvr_open_source(s->src, &o);
		return csvr_next(s->csv);
	}
}

const struct csv_row *import_src_next(struct import_src *s)
{
	return s->xes ? xesr_next(s->xes) : csvr_next(s->csv);
}

const char *import_src_name(const struct import_src *s)
{
	return source_name(s->src);
}

int import_src_xes(const struct import_src *s)
{
	return s->xes != NULL;
}

int import_src_delim(const struct import_src *s)
{
	return s->csv ? csvr_delim(s->csv) : ',';
}

long import_src_cp1252_line(const struct import_src *s)
{
	return s->csv ? csvr_cp1252_line(s->csv) : 0;
}

long long import_src_bytes(const struct import_src *s)
{
	return source_bytes(s->src);
}

const char *import_src_dropped(const struct import_src *s)
{
	return s->xes ? xesr_dropped(s->xes) : NULL;
}

void import_src_close(struct import_src *s)
{
	if (!s)
		return;
	csvr_close(s->csv);
	xesr_close(s->xes);
	source_close(s->src);
	free(s);
}

/* How two source names are the same: as written, in any case, once cleaned. */
enum { SAME_EXACT, SAME_CASE, SAME_CLEAN };

static int same(const struct import *im, size_t i, size_t j, int how)
{
	switch (how) {
	case SAME_EXACT:
		return im->hdr.len[i] == im->hdr.len[j] &&
		       memcmp(im->hdr.f[i], im->hdr.f[j], im->hdr.len[i]) == 0;
	case SAME_CASE:
		return im->hdr.len[i] == im->hdr.len[j] &&
		       strncasecmp(im->hdr.f[i], im->hdr.f[j], im->hdr.len[i]) == 0;
	default:
		return im->clean[i][0] && strcmp(im->clean[i], im->clean[j]) == 0;
	}
}

/* Ends the import when source column c, taken for a keten column or named by an option,
 * has a name that another column has too (in the sense how): which of the two is meant
 * cannot be told.  A repeated name that nothing takes passes through (keten-import(1)). */
static void check_repeat(const struct import *im, size_t c, int how)
{
	size_t i;

	for (i = 0; i < im->hdr.n; i++)
		if (i != c && same(im, i, c, how)) {
			size_t a = i < c ? i : c, b = i < c ? c : i;

			before_message(im);
			die_at(im->name, im->hdr.line, "column %zu '%s' repeats column %zu '%s'",
			       b + 1, im->hdr.f[b], a + 1, im->hdr.f[a]);
		}
}

/* The column of the source header that name means: the same name, the same name in
 * another case, or the same cleaned name; -1 when there is none.  A name that two
 * columns answer to in the first of these ways that finds one is an error. */
static int find_col(const struct import *im, const char *name, size_t n)
{
	size_t i;
	char *c;

	for (i = 0; i < im->hdr.n; i++)
		if (im->hdr.len[i] == n && memcmp(im->hdr.f[i], name, n) == 0) {
			check_repeat(im, i, SAME_EXACT);
			return (int)i;
		}
	for (i = 0; i < im->hdr.n; i++)
		if (im->hdr.len[i] == n && strncasecmp(im->hdr.f[i], name, n) == 0) {
			check_repeat(im, i, SAME_CASE);
			return (int)i;
		}
	c = xmalloc(n + 1);
	conv_clean_name(name, n, c);
	for (i = 0; i < im->hdr.n; i++)
		if (*c && strcmp(im->clean[i], c) == 0) {
			free(c);
			check_repeat(im, i, SAME_CLEAN);
			return (int)i;
		}
	free(c);
	return -1;
}

/* The source columns, for messages. */
static char *columns_list(const struct import *im)
{
	size_t i, len = 1;
	char *s;

	for (i = 0; i < im->hdr.n; i++)
		len += im->hdr.len[i] + 2;
	s = xmalloc(len);
	s[0] = '\0';
	for (i = 0; i < im->hdr.n; i++) {
		if (i)
			strcat(s, ", ");
		strcat(s, im->hdr.f[i]);
	}
	return s;
}

/* Ends the import: the file has no column name; what says who asked for it. */
static noreturn void no_column(const struct import *im, const char *what, const char *name,
			       size_t n, const char *hint)
{
	char *list = columns_list(im);

	before_message(im);
	warn_at(im->name, 0, "%sno column '%.*s' (columns: %s)%s", what, (int)n, name, list, hint);
	free(list);
	exit(EXIT_DATA);
}

static int target_index(const struct import *im, const char *name, size_t n)
{
	size_t t;

	for (t = 0; t < im->ntg; t++)
		if (strlen(im->tg[t].name) == n && memcmp(im->tg[t].name, name, n) == 0)
			return (int)t;
	return -1;
}

/* Applies one --map list: keten=Source,... */
static void apply_map(struct import *im, const char *text)
{
	const char *p = text;

	while (*p) {
		const char *comma = strchr(p, ','), *eq;
		size_t len = comma ? (size_t)(comma - p) : strlen(p);
		const char *src;
		size_t sn;
		int t, c;

		eq = memchr(p, '=', len);
		if (!eq || eq == p || eq + 1 == p + len)
			usage_error("--map: not keten=Source: '%.*s'", (int)len, p);
		t = target_index(im, p, (size_t)(eq - p));
		if (t < 0)
			usage_error("--map: '%.*s' is not a keten %s column", (int)(eq - p), p,
				    im->codes ? "codes" : "events");
		if (im->by[t] == BY_OPTION)
			usage_error("--map: '%s' is mapped twice", im->tg[t].name);
		src = eq + 1;
		sn = len - (size_t)(eq + 1 - p);
		if ((c = find_col(im, src, sn)) < 0)
			no_column(im, "", src, sn, "");
		im->src[t] = c;
		im->by[t] = BY_OPTION;
		im->used[c] = 1;
		p += len;
		if (*p == ',')
			p++;
	}
}

/* Gives keten column t the first unused source column whose name (clean: cleaned name)
 * is name. */
static int claim(struct import *im, size_t t, int by, int clean, const char *name)
{
	size_t i;

	for (i = 0; i < im->hdr.n; i++)
		if (!im->used[i] && strcmp(clean ? im->clean[i] : im->hdr.f[i], name) == 0) {
			im->src[t] = (int)i;
			im->by[t] = by;
			im->used[i] = 1;
			return 1;
		}
	return 0;
}

/* The keten columns without --map: a column with the keten name as it is, else once
 * cleaned ("Case", "DATE "), else the first recognised name found.  MAXQDA's "Segment"
 * is the text of a segment, so the segment id of codes is not taken by its cleaned name
 * until the recognised names have had their turn. */
static void recognise(struct import *im)
{
	size_t t, k;

	for (t = 0; t < im->ntg; t++)
		if (im->src[t] < 0)
			claim(im, t, BY_NAME, 0, im->tg[t].name);
	for (t = 0; t < im->ntg; t++)
		if (im->src[t] < 0 && !(im->codes && strcmp(im->tg[t].name, "segment") == 0))
			claim(im, t, BY_GUESS, 1, im->tg[t].name);
	for (t = 0; t < im->ntg; t++)
		for (k = 0; im->src[t] < 0 && im->tg[t].syn[k]; k++)
			claim(im, t, BY_GUESS, 1, im->tg[t].syn[k]);
	for (t = 0; t < im->ntg; t++)
		if (im->src[t] < 0)
			claim(im, t, BY_GUESS, 1, im->tg[t].name);
}

/* Adds an output column name, made unique with _2, _3, ... */
static void add_name(struct import *im, const char *s)
{
	size_t n = strlen(s), len = n;
	char *name = xmalloc(n + 24);
	int k = 2;

	if (!im->names)
		im->names = strtab_new();
	strcpy(name, s);
	while (strtab_find(im->names, name, len) != UINT32_MAX)
		len = (size_t)snprintf(name, n + 24, "%s_%d", s, k++);
	strtab_intern(im->names, name, len);
	im->out_names = xreallocarray(im->out_names, im->nout + 1, sizeof *im->out_names);
	im->out_names[im->nout++] = name;
}

/* Reads --recode FILE: rows column,from,to. */
static void load_recode(struct import *im)
{
	const char *file = im->set->recode_file;
	struct csvr *r = im->recode_r = csvr_open(file, 0);
	int ccol = csvr_need(r, "column"), cfrom = csvr_need(r, "from"), cto = csvr_need(r, "to");
	const struct csv_row *row;

	im->rc = xcalloc(im->hdr.n, sizeof *im->rc);
	while ((row = csvr_next(r)) != NULL) {
		const char *from = row->f[cfrom];
		size_t fn = row->len[cfrom];
		struct recode *rc;
		uint32_t id;
		int c = -1, t = target_index(im, row->f[ccol], row->len[ccol]);

		if (t >= 0)
			c = im->src[t];
		if (c < 0)
			c = find_col(im, row->f[ccol], row->len[ccol]);
		if (c < 0)
			die_at(file, row->line, "no column '%s' in %s", row->f[ccol], im->name);
		rc = &im->rc[c];
		if (!rc->from)
			rc->from = strtab_new();
		conv_trim(&from, &fn);
		id = strtab_find(rc->from, from, fn);
		if (id != UINT32_MAX) {
			if (strcmp(rc->to[id], row->f[cto]) != 0)
				die_at(file, row->line,
				       "'%s' of column '%s' recoded twice: '%s' and '%s'",
				       strtab_str(rc->from, id), row->f[ccol], rc->to[id],
				       row->f[cto]);
			continue;
		}
		id = strtab_intern(rc->from, from, fn);
		xgrow(&rc->to, &rc->cap, id + 1, sizeof *rc->to);
		rc->to[id] = xstrndup(row->f[cto], row->len[cto]);
	}
	im->recode_r = NULL;
	csvr_close(r);
}

/* Says what was taken for what, so that a wrong guess is seen at once. */
static void say_guesses(const struct import *im)
{
	size_t t, len = 1;
	char *s;

	for (t = 0; t < im->ntg; t++)
		if (im->src[t] >= 0)
			len += strlen(im->tg[t].name) + im->hdr.len[im->src[t]] + 3;
	s = xmalloc(len);
	s[0] = '\0';
	for (t = 0; t < im->ntg; t++) {
		if (im->src[t] < 0)
			continue;
		if (s[0])
			strcat(s, ", ");
		strcat(s, im->tg[t].name);
		strcat(s, "=");
		strcat(s, im->hdr.f[im->src[t]]);
	}
	warn_at(im->name, 0, "columns: %s", s);
	free(s);
}

/* Marks the columns of the --numeric lists. */
static void mark_numeric(struct import *im)
{
	size_t i;

	for (i = 0; i < im->set->nnumerics; i++) {
		const char *p = im->set->numerics[i];

		while (*p) {
			size_t len = strcspn(p, ",");
			int c = -1, t = target_index(im, p, len);

			if (t >= 0)
				c = im->src[t];
			if (c < 0)
				c = find_col(im, p, len);
			if (c < 0)
				no_column(im, "--numeric: ", p, len, "");
			im->numeric[c] = 1;
			p += len;
			if (*p == ',')
				p++;
		}
	}
}

void import_header(struct import *im, const char *name, const struct csv_row *h, int delim)
{
	size_t i, t;
	int guessed = 0;

	im->name = xstrdup(name);
	im->delim = delim;
	if (!h) {
		before_message(im);
		die("%s: empty input: no header line", im->name);
	}
	for (i = 0; i < h->n; i++)
		if (memchr(h->f[i], '\0', h->len[i])) {
			before_message(im);
			die_at(im->name, h->line, "column %zu: NUL byte in the name", i + 1);
		}
	im->hdr.n = h->n;
	im->hdr.line = h->line;
	im->hdr.f = xcalloc(h->n, sizeof *im->hdr.f);
	im->hdr.len = xcalloc(h->n, sizeof *im->hdr.len);
	im->clean = xcalloc(h->n, sizeof *im->clean);
	im->used = xcalloc(h->n, sizeof *im->used);
	im->numeric = xcalloc(h->n, 1);
	for (i = 0; i < h->n; i++) {
		const char *s = h->f[i];
		size_t n = h->len[i];

		conv_trim(&s, &n);
		im->hdr.f[i] = xstrndup(s, n);
		im->hdr.len[i] = n;
		im->clean[i] = xmalloc(n + 1);
		conv_clean_name(s, n, im->clean[i]);
	}
	for (t = 0; t < im->ntg; t++) {
		im->src[t] = -1;
		im->by[t] = BY_NONE;
	}
	/* A rejects file of keten import, repaired and imported again: its line and
	 * reason are not data, so that its rows come out as they would have the first
	 * time (and its own rejects file has the same columns). */
	if (h->n > REJECT_COLS && strcmp(im->hdr.f[0], "line") == 0 &&
	    strcmp(im->hdr.f[1], "reject_reason") == 0) {
		im->skip = REJECT_COLS;
		for (i = 0; i < REJECT_COLS; i++)
			im->used[i] = 1;
	}
	for (i = 0; i < im->set->nmaps; i++)
		apply_map(im, im->set->maps[i]);
	recognise(im);
	for (t = 0; t < im->ntg; t++) {
		/* A column taken by its name may not share that name with another. */
		if (im->by[t] == BY_NAME)
			check_repeat(im, (size_t)im->src[t], SAME_EXACT);
		else if (im->by[t] == BY_GUESS)
			check_repeat(im, (size_t)im->src[t], SAME_CLEAN);
	}
	for (t = 0; t < im->ntg; t++) {
		if (im->src[t] < 0 && im->tg[t].required) {
			char hint[64];
			snprintf(hint, sizeof hint, "; name it with -m %s=COLUMN", im->tg[t].name);
			no_column(im, "", im->tg[t].name, strlen(im->tg[t].name), hint);
		}
		if (im->by[t] == BY_GUESS)
			guessed = 1;
	}
	if (guessed)
		say_guesses(im);
	mark_numeric(im);
	if (im->set->recode_file)
		load_recode(im);

	pair_new(im);
	for (t = 0; t < im->ntg; t++)
		if (pair_has_slot(im, t))
			add_name(im, im->tg[t].name);
	if (im->codes && im->set->code_level)
		add_name(im, "code_path");
	im->pass = xcalloc(im->hdr.n, sizeof *im->pass);
	for (i = 0; i < im->hdr.n; i++) {
		char col[32];

		if (im->used[i])
			continue;
		im->pass[im->npass++] = (int)i;
		if (im->clean[i][0]) {
			add_name(im, im->clean[i]);
		} else {
			snprintf(col, sizeof col, "column_%zu", i + 1);
			add_name(im, col);
		}
	}
	im->vals = xcalloc(im->nout, sizeof *im->vals);
}

void import_start(struct import *im, struct csvw *out, struct csvw *rejects)
{
	size_t i;

	im->w = out;
	im->rw = rejects;
	for (i = 0; i < im->nout; i++)
		csvw_str(im->w, im->out_names[i]);
	csvw_end(im->w);
	if (im->rw) {
		/* reject_reason, not reason: a source may have a reason column of its own,
		 * keten's outflow reason among them (keten(5)). */
		csvw_str(im->rw, "line");
		csvw_str(im->rw, "reject_reason");
		for (i = im->skip; i < im->hdr.n; i++)
			csvw_field(im->rw, im->hdr.f[i], im->hdr.len[i]);
		csvw_end(im->rw);
	}
}

/* Rejects row with a reason: on stderr (the first few), in the rejects file, counted. */
static void reject(struct import *im, const struct csv_row *row, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void reject(struct import *im, const struct csv_row *row, const char *fmt, ...)
{
	const char *f = _(fmt);
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(im->msg, im->msgcap, f, ap);
	va_end(ap);
	if ((size_t)n >= im->msgcap) {
		xgrow(&im->msg, &im->msgcap, (size_t)n + 1, 1);
		va_start(ap, fmt);
		vsnprintf(im->msg, im->msgcap, f, ap);
		va_end(ap);
	}
	im->n.rejected++;
	if (im->n.rejected <= SHOW_REJECTS) {
		before_message(im);
		warn_at(im->name, row->line, "%s", im->msg);
	}
	if (im->rw) {
		size_t i, j, hn = im->hdr.n;

		csvw_int(im->rw, row->line);
		csvw_str(im->rw, im->msg);
		for (i = im->skip; i < hn; i++) {
			if (i >= row->n) {
				csvw_empty(im->rw);
			} else if (i + 1 == hn && row->n > hn) {
				/* Surplus fields go into the last column, joined by the
				 * delimiter: most often an unquoted delimiter split a value. */
				size_t len = 0, o = 0;
				for (j = i; j < row->n; j++)
					len += row->len[j] + 1;
				xgrow(&im->joined, &im->jcap, len, 1);
				for (j = i; j < row->n; j++) {
					if (j > i)
						im->joined[o++] = (char)im->delim;
					memcpy(im->joined + o, row->f[j], row->len[j]);
					o += row->len[j];
				}
				csvw_field(im->rw, im->joined, o);
			} else {
				csvw_field(im->rw, row->f[i], row->len[i]);
			}
		}
		csvw_end(im->rw);
	}
}

/* The value of source column c in row after --recode, trimmed when trim. */
static struct val value(const struct import *im, const struct csv_row *row, int c, int trim)
{
	struct val v = { row->f[c], row->len[c] };
	const char *s = v.s;
	size_t n = v.n;

	conv_trim(&s, &n);
	if (trim) {
		v.s = s;
		v.n = n;
	}
	if (im->rc && im->rc[c].from) {
		uint32_t id = strtab_find(im->rc[c].from, s, n);
		if (id != UINT32_MAX) {
			v.s = im->rc[c].to[id];
			v.n = strlen(v.s);
			if (trim)
				conv_trim(&v.s, &v.n);
		}
	}
	return v;
}

/* The model stage that s names, exactly or once cleaned (Eerste gesprek), or -1. */
static int find_stage(const struct model *m, const char *s, size_t n, char *tmp)
{
	int k;
	size_t cn;

	k = model_stage(m, s, n);
	if (k >= 0)
		return k;
	cn = conv_clean_name(s, n, tmp);
	return cn ? model_stage(m, tmp, cn) : -1;
}

/* The entry of stage value s in im->stages, looked up in the model when new. */
static uint32_t stage_entry(struct import *im, const char *s, size_t n, char *tmp)
{
	uint32_t id;
	size_t before;

	if (!im->stages)
		im->stages = strtab_new();
	before = strtab_count(im->stages);
	id = strtab_intern(im->stages, s, n);
	if (id >= im->stage_cap) {
		size_t cap = im->stage_cap;
		xgrow(&im->sidx, &cap, id + 1, sizeof *im->sidx);
		xgrow(&im->scount, &im->stage_cap, id + 1, sizeof *im->scount);
	}
	if (strtab_count(im->stages) > before) {
		/* New: n bytes of s are the cleaned name's room too. */
		im->sidx[id] = find_stage(im->model, s, n, tmp);
		im->scount[id] = 0;
	}
	return id;
}

static void keep_bytes(struct import *im, const void *p, size_t n)
{
	if (n == 0)
		return;
	xgrow(&im->arena, &im->acap, im->alen + n, 1);
	memcpy(im->arena + im->alen, p, n);
	im->alen += n;
}

/* Writes the values of one output row, or keeps them for --sort. */
static void emit(struct import *im, int64_t when)
{
	struct kept *k;
	size_t i;

	if (!im->set->sort) {
		for (i = 0; i < im->nout; i++)
			csvw_field(im->w, im->vals[i].s, im->vals[i].n);
		csvw_end(im->w);
		return;
	}
	xgrow(&im->kept, &im->kcap, im->nkept + 1, sizeof *im->kept);
	k = &im->kept[im->nkept];
	k->off = im->alen;
	k->case_s = NULL;
	k->case_len = im->vals[0].n;
	k->seq = im->nkept;
	k->when = when;
	k->tz = im->date_off;
	if (im->date_off != DATE_NOOFF)
		im->has_off = 1;
	else
		im->has_nooff = 1;
	im->nkept++;
	for (i = 0; i < im->nout; i++) {
		uint32_t len = (uint32_t)im->vals[i].n;
		keep_bytes(im, &len, sizeof len);
		keep_bytes(im, im->vals[i].s, im->vals[i].n);
	}
}

/* Orders kept rows by case, then moment, then arrival. */
static int cmp_kept(const void *a, const void *b)
{
	const struct kept *x = a, *y = b;
	size_t n = x->case_len < y->case_len ? x->case_len : y->case_len;
	int c = memcmp(x->case_s, y->case_s, n);

	if (c)
		return c;
	if (x->case_len != y->case_len)
		return x->case_len < y->case_len ? -1 : 1;
	if (x->when != y->when)
		return x->when < y->when ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static void write_sorted(struct import *im)
{
	size_t k, i;

	for (k = 0; k < im->nkept; k++)
		im->kept[k].case_s = im->arena + im->kept[k].off + sizeof(uint32_t);
	/* The order is total (arrival breaks every tie), so qsort's lack of stability
	 * cannot show, and it needs no context once the cases are pointers; it moves
	 * these records faster than sort_r, which matters for millions of events. */
	if (im->has_off && im->has_nooff) {
		/* Dates without an offset among dates with one are local times of the zone
		 * (keten(5), Dates and times): they are put at the zone's offset then. */
		for (k = 0; k < im->nkept; k++) {
			struct kept *x = &im->kept[k];
			int64_t wall = (x->when - (x->when & 1)) / 2;
			int64_t day = wall / 86400000 - (wall % 86400000 < 0);
			int32_t ms = x->when & 1 ? (int32_t)(wall - day * 86400000) : -1;

			if (x->tz == DATE_NOOFF)
				x->when -=
					2 * (int64_t)date_zone_offset_local((kday)day, ms) * 60000;
		}
	}
	if (im->nkept)
		qsort(im->kept, im->nkept, sizeof *im->kept, cmp_kept);
	for (k = 0; k < im->nkept; k++) {
		size_t off = im->kept[k].off;
		for (i = 0; i < im->nout; i++) {
			uint32_t len;
			memcpy(&len, im->arena + off, sizeof len);
			off += sizeof len;
			csvw_field(im->w, im->arena + off, len);
			off += len;
		}
		csvw_end(im->w);
	}
}

/* Writes code path v as keten writes it into out (v.n bytes): the levels, separated by
 * '>' or by '\\' (MAXQDA), trimmed and joined by '>'; empty levels are left out.  Returns
 * the length. */
static size_t code_path(struct val v, char *out)
{
	const char *p = v.s, *e = v.s + v.n, *q;
	size_t o = 0;

	for (;;) {
		struct val lv;

		for (q = p; q < e && *q != '>' && *q != '\\'; q++)
			;
		lv.s = p;
		lv.n = (size_t)(q - p);
		conv_trim(&lv.s, &lv.n);
		if (lv.n) {
			if (o)
				out[o++] = '>';
			memcpy(out + o, lv.s, lv.n);
			o += lv.n;
		}
		if (q == e)
			return o;
		p = q + 1;
	}
}

/* The part of a code path that --code-level keeps: its first level levels, or its last
 * -level levels when negative (-1: the code without its parents). */
static struct val code_part(const char *s, size_t n, int level)
{
	struct val v = { s, n };
	size_t levels = 1, k = 0, i;

	for (i = 0; i < n; i++)
		levels += s[i] == '>';
	if (level > 0) {
		for (i = 0; i < n; i++)
			if (s[i] == '>' && ++k == (size_t)level) {
				v.n = i;
				break;
			}
	} else if ((size_t)-level < levels) {
		size_t skip = levels - (size_t)-level;
		for (i = 0; i < n; i++)
			if (s[i] == '>' && ++k == skip) {
				v.s = s + i + 1;
				v.n = n - i - 1;
				break;
			}
	}
	return v;
}

/* Reads v as a Dutch or plain number into the scratch at *sc; rejects row (column c)
 * and returns 0 when it is none. */
static int number(struct import *im, const struct csv_row *row, int c, struct val *v, size_t *sc)
{
	long len = conv_number(v->s, v->n, im->scratch + *sc);

	if (len < 0) {
		reject(im, row, "column '%s': not a number: '%.*s'", im->hdr.f[c], (int)v->n, v->s);
		return 0;
	}
	v->s = im->scratch + *sc;
	v->n = (size_t)len;
	*sc += v->n + 1;
	return 1;
}

/* Converts value v of keten column t (source column c) in place, the scratch at *sc
 * holding what is made; *when gets a date's moment.  Rejects row and returns 0 when v
 * is not what the column takes. */
static int convert(struct import *im, const struct csv_row *row, size_t t, int c, struct val *v,
		   size_t *sc, int64_t *when)
{
	switch (im->tg[t].how) {
	case V_STAGE: {
		uint32_t id = stage_entry(im, v->s, v->n, im->scratch + *sc);
		int k = im->sidx[id];

		if (k >= 0) {
			v->s = im->model->stages[k].name;
			v->n = strlen(v->s);
		} else if (im->set->strict) {
			reject(im, row, "column '%s': stage not in the model: '%.*s'", im->hdr.f[c],
			       (int)v->n, v->s);
			return 0;
		} else {
			im->scount[id]++;
		}
		return 1;
	}
	case V_DATE: {
		struct conv_date d;

		if (conv_date(v->s, v->n, im->set->date_order, im->fmt, &d) != 0) {
			reject(im, row, "column '%s': not a date: '%.*s'", im->hdr.f[c], (int)v->n,
			       v->s);
			return 0;
		}
		/* An open end written as 9999-12-31, or 0001-01-01 for "unknown", is no
		 * moment; taken for one it would stretch every wait it touches. */
		if (d.day < im->first_day || d.day > im->last_day) {
			reject(im, row, "column '%s': outside the date window %s: '%.*s'",
			       im->hdr.f[c], im->window, (int)v->n, v->s);
			return 0;
		}
		/* The instant, doubled so that a date alone sorts before a time of 00:00 that
		 * day; a time without an offset counts as written, or, when others have one,
		 * as a local time of the zone (write_sorted; keten(5), Dates and times). */
		*when = 2 * ((int64_t)d.day * 86400000 + (d.ms > 0 ? d.ms : 0) -
			     (d.off != DATE_NOOFF ? (int64_t)d.off * 60000 : 0)) +
			(d.ms >= 0);
		im->date_off = d.off;
		v->n = conv_date_write(&d, im->scratch + *sc);
		v->s = im->scratch + *sc;
		*sc += v->n + 1;
		return 1;
	}
	case V_YESNO:
		switch (conv_yesno(v->s, v->n)) {
		case 1:
			v->s = "1";
			break;
		case 0:
			v->s = "0";
			break;
		default:
			reject(im, row, "column '%s': not yes or no: '%.*s'", im->hdr.f[c],
			       (int)v->n, v->s);
			return 0;
		}
		v->n = 1;
		return 1;
	case V_NUMBER:
		return number(im, row, c, v, sc);
	case V_CODE:
		return 1;
	default:
		return im->numeric[c] ? number(im, row, c, v, sc) : 1;
	}
}

/* Writes one row per code of the cell code (ATLAS.ti puts several in one, one per line),
 * into output column code_slot (and the whole path into path_slot with --code-level);
 * rejects row when the cell holds none. */
static void emit_codes(struct import *im, const struct csv_row *row, struct val code, int code_slot,
		       int path_slot, size_t sc)
{
	const char *p = code.s, *e = code.s + code.n;
	long before = im->n.out_rows;

	while (p < e) {
		const char *nl = memchr(p, '\n', (size_t)(e - p));
		struct val one = { p, nl ? (size_t)(nl - p) : (size_t)(e - p) };

		p = nl ? nl + 1 : e;
		conv_trim(&one.s, &one.n);
		if (one.n == 0)
			continue;
		one.n = code_path(one, im->scratch + sc);
		one.s = im->scratch + sc;
		if (path_slot >= 0) {
			im->vals[code_slot] = code_part(one.s, one.n, im->set->code_level);
			im->vals[path_slot] = one;
		} else {
			im->vals[code_slot] = one;
		}
		if (im->vals[code_slot].n == 0)
			continue;
		im->n.out_rows++;
		emit(im, 0);
	}
	if (im->n.out_rows == before) {
		reject(im, row, "column '%s': no code in '%.*s'", im->hdr.f[im->src[1]],
		       (int)code.n, code.s);
		return;
	}
	im->n.written++;
}

/* Pairing of start and complete events (keten-import(1), "Start and complete").
 *
 * A log with a lifecycle column gives an activity instance as two rows, its start and its
 * completion; import writes it as one row, the completion's, with the start's date in the
 * column start.  An open start is held until its completion comes, in a hash table whose
 * chains keep the starts of one key in input order, so that a completion takes the earliest
 * open start of its case, stage and instance (first in, first out, as PM4Py's to_interval
 * and bupaR do).  Memory is bounded by the starts open at once: a completed start's record
 * is reused by the next. */

/* An open start: its key and its output row, as (length, bytes) per column after the key. */
struct open_start {
	struct open_start *next; /* in its chain, or in the free list */
	char *buf;
	size_t cap, len, keylen;
	uint64_t hash;
	long seq;     /* input order */
	int64_t when; /* the moment of its date, for --sort */
};

struct pairing {
	int slot_case, slot_stage, slot_date, slot_start, slot_life, slot_inst; /* output slots */
	struct open_start **bucket;
	size_t nbucket, open;
	struct open_start *free;
	char *key;
	size_t keycap;
	long seq;
	long lone_starts, lone_completes;
	struct strtab *other; /* other transitions, and how many rows of each were dropped */
	long *other_n;
	size_t other_cap;
};

/* Sets up pairing when the events have a lifecycle column: start gets an output column of
 * its own when the source has none.  Called with the output names being added, target by
 * target; returns whether target t has an output column. */
static int pair_has_slot(struct import *im, size_t t)
{
	if (im->src[t] >= 0)
		return 1;
	return !im->codes && strcmp(im->tg[t].name, "start") == 0 && im->pair;
}

static void pair_new(struct import *im)
{
	size_t t;
	int o = 0;
	struct pairing *p;

	if (im->codes)
		return;
	for (t = 0; t < im->ntg; t++)
		if (strcmp(im->tg[t].name, "lifecycle") == 0 && im->src[t] >= 0)
			break;
	if (t == im->ntg)
		return;
	p = im->pair = xcalloc(1, sizeof *p);
	p->slot_start = p->slot_inst = -1;
	for (t = 0; t < im->ntg; t++) {
		const char *n = im->tg[t].name;

		if (!pair_has_slot(im, t))
			continue;
		if (strcmp(n, "case") == 0)
			p->slot_case = o;
		else if (strcmp(n, "stage") == 0)
			p->slot_stage = o;
		else if (strcmp(n, "date") == 0)
			p->slot_date = o;
		else if (strcmp(n, "start") == 0)
			p->slot_start = o;
		else if (strcmp(n, "lifecycle") == 0)
			p->slot_life = o;
		else if (strcmp(n, "instance") == 0)
			p->slot_inst = o;
		o++;
	}
	p->nbucket = 64;
	p->bucket = xcalloc(p->nbucket, sizeof(struct open_start *));
	p->other = strtab_new();
}

static void pair_free(struct pairing *p)
{
	struct open_start *s, *n;
	size_t i;

	if (!p)
		return;
	for (i = 0; i < p->nbucket; i++)
		for (s = p->bucket[i]; s; s = n) {
			n = s->next;
			free(s->buf);
			free(s);
		}
	for (s = p->free; s; s = n) {
		n = s->next;
		free(s->buf);
		free(s);
	}
	free(p->bucket);
	free(p->key);
	strtab_free(p->other);
	free(p->other_n);
	free(p);
}

/* FNV-1a. */
static uint64_t pair_hash(const char *s, size_t n)
{
	uint64_t h = 14695981039346656037ULL;
	size_t i;

	for (i = 0; i < n; i++) {
		h ^= (unsigned char)s[i];
		h *= 1099511628211ULL;
	}
	return h;
}

/* The key of the current row: case, stage and instance, separated by a byte that keten
 * values may hold too, so each part is preceded by its length. */
static size_t pair_key(struct import *im)
{
	struct pairing *p = im->pair;
	int slots[3] = { p->slot_case, p->slot_stage, p->slot_inst };
	size_t k = 0, i, need = 3 * sizeof(size_t);

	for (i = 0; i < 3; i++)
		if (slots[i] >= 0)
			need += im->vals[slots[i]].n;
	xgrow(&p->key, &p->keycap, need, 1);
	for (i = 0; i < 3; i++) {
		size_t n = slots[i] >= 0 ? im->vals[slots[i]].n : 0;

		memcpy(p->key + k, &n, sizeof n);
		k += sizeof n;
		if (n)
			memcpy(p->key + k, im->vals[slots[i]].s, n);
		k += n;
	}
	return k;
}

/* Appends s to the end of its chain, so that a chain holds the starts of a key in order. */
static void pair_link(struct pairing *p, struct open_start *s)
{
	struct open_start **at = &p->bucket[s->hash & (p->nbucket - 1)];

	while (*at)
		at = &(*at)->next;
	s->next = NULL;
	*at = s;
}

/* Doubles the table; chains are walked in order, so each key's starts stay in order. */
static void pair_grow(struct pairing *p)
{
	struct open_start **old = p->bucket, *s, *n;
	size_t i, nold = p->nbucket;

	p->nbucket *= 2;
	p->bucket = xcalloc(p->nbucket, sizeof(struct open_start *));
	for (i = 0; i < nold; i++)
		for (s = old[i]; s; s = n) {
			n = s->next;
			pair_link(p, s);
		}
	free(old);
}

/* Holds the current row as an open start. */
static void pair_open(struct import *im, int64_t when)
{
	struct pairing *p = im->pair;
	struct open_start *s;
	size_t klen = pair_key(im), need = klen, i;

	for (i = 0; i < im->nout; i++)
		need += sizeof(size_t) + im->vals[i].n;
	if (p->free) {
		s = p->free;
		p->free = s->next;
	} else {
		s = xcalloc(1, sizeof *s);
	}
	xgrow(&s->buf, &s->cap, need, 1);
	memcpy(s->buf, p->key, klen);
	s->keylen = klen;
	s->len = klen;
	for (i = 0; i < im->nout; i++) {
		memcpy(s->buf + s->len, &im->vals[i].n, sizeof(size_t));
		s->len += sizeof(size_t);
		if (im->vals[i].n)
			memcpy(s->buf + s->len, im->vals[i].s, im->vals[i].n);
		s->len += im->vals[i].n;
	}
	s->hash = pair_hash(p->key, klen);
	s->seq = p->seq++;
	s->when = when;
	if (p->open >= p->nbucket)
		pair_grow(p);
	pair_link(p, s);
	p->open++;
}

/* The value of output column i kept in s. */
static struct val pair_field(const struct open_start *s, size_t i)
{
	struct val v;
	size_t off = s->keylen, k;

	for (k = 0;; k++) {
		memcpy(&v.n, s->buf + off, sizeof v.n);
		off += sizeof v.n;
		if (k == i)
			break;
		off += v.n;
	}
	v.s = s->buf + off;
	return v;
}

/* Takes the earliest open start of the current row's key out of the table, or NULL. */
static struct open_start *pair_take(struct import *im)
{
	struct pairing *p = im->pair;
	size_t klen = pair_key(im);
	uint64_t h = pair_hash(p->key, klen);
	struct open_start **at = &p->bucket[h & (p->nbucket - 1)], *s;

	for (; (s = *at); at = &s->next)
		if (s->hash == h && s->keylen == klen && memcmp(s->buf, p->key, klen) == 0) {
			*at = s->next;
			p->open--;
			return s;
		}
	return NULL;
}

/* Counts a row of another transition, which is dropped. */
static void pair_drop(struct pairing *p, struct val life)
{
	uint32_t id = strtab_intern(p->other, life.s, life.n);

	if (id >= p->other_cap) {
		size_t old = p->other_cap;

		xgrow(&p->other_n, &p->other_cap, id + 1, sizeof *p->other_n);
		memset(p->other_n + old, 0, (p->other_cap - old) * sizeof *p->other_n);
	}
	p->other_n[id]++;
}

/* Whether the lifecycle value v is the transition name (any case). */
static int pair_is(struct val v, const char *name)
{
	return v.n == strlen(name) && strncasecmp(v.s, name, v.n) == 0;
}

/* Takes the converted current row: holds a start, writes a completion with the start it
 * pairs with, drops another transition.  An empty lifecycle is a completion, as PM4Py
 * reads an event without lifecycle:transition. */
static void pair_row(struct import *im, int64_t when)
{
	struct pairing *p = im->pair;
	struct val life = im->vals[p->slot_life];
	struct open_start *s;

	if (pair_is(life, "start")) {
		im->n.written++;
		pair_open(im, when);
		return;
	}
	if (life.n && !pair_is(life, "complete")) {
		im->n.dropped++;
		pair_drop(p, life);
		return;
	}
	im->n.written++;
	im->n.out_rows++;
	/* A completion with a start of its own (a start column, or keten's output imported
	 * again) is paired already: it takes no open start, which stays for another. */
	if (im->vals[p->slot_start].n) {
		emit(im, when);
		return;
	}
	s = pair_take(im);
	if (!s) {
		p->lone_completes++;
		emit(im, when);
		return;
	}
	im->n.paired++;
	im->vals[p->slot_start] = pair_field(s, (size_t)p->slot_date);
	emit(im, when);
	s->next = p->free;
	p->free = s;
}

/* An open start in the list that pair_finish sorts. */
struct open_ref {
	long seq;
	struct open_start *s;
};

/* Orders open starts by input order. */
static int cmp_open(const void *a, const void *b, void *ctx)
{
	const struct open_ref *x = a, *y = b;

	(void)ctx;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* Writes the starts never completed, in input order, each as a row of its own whose date
 * is the start and whose start is empty; then says what pairing did. */
static void pair_finish(struct import *im)
{
	struct pairing *p = im->pair;
	struct open_ref *v;
	struct open_start *s;
	size_t i, k = 0;

	if (!p)
		return;
	v = xcalloc(p->open ? p->open : 1, sizeof *v);
	for (i = 0; i < p->nbucket; i++)
		for (s = p->bucket[i]; s; s = s->next) {
			v[k].seq = s->seq;
			v[k++].s = s;
		}
	sort_r(v, k, sizeof *v, cmp_open, NULL);
	for (i = 0; i < k; i++) {
		size_t j;

		for (j = 0; j < im->nout; j++)
			im->vals[j] = pair_field(v[i].s, j);
		im->vals[p->slot_start].n = 0;
		im->n.out_rows++;
		emit(im, v[i].s->when);
	}
	p->lone_starts = (long)k;
	free(v);
}

/* The summary of pairing on stderr, after the rows are written. */
static void pair_summary(const struct import *im)
{
	const struct pairing *p = im->pair;
	size_t i, n;

	/* A log of completions only (most XES logs) has nothing paired to tell of. */
	if (!p || (!im->n.paired && !p->lone_starts && !im->n.dropped))
		return;
	warn_at(im->name, 0,
		"start and complete paired: %ld; kept with an empty start: starts never completed %ld, completions without a start %ld",
		im->n.paired, p->lone_starts, p->lone_completes);
	n = strtab_count(p->other);
	for (i = 0; i < n; i++)
		warn_at(im->name, 0,
			"lifecycle '%s': %ld %s dropped (only start and complete are kept)",
			strtab_str(p->other, (uint32_t)i), p->other_n[i],
			p->other_n[i] == 1 ? "row" : "rows");
}

/* The start column of a row, when it has one of its own (Disco's start and end columns),
 * may not come after its date (moments as convert gives them, a date alone at 00:00).
 * Returns 0 and rejects the row when it does. */
static int start_in_order(struct import *im, const struct csv_row *row, int64_t start, int64_t when)
{
	int c = im->src[im->t_start];

	if (start <= when)
		return 1;
	reject(im, row, "column '%s': after the date: '%.*s'", im->hdr.f[c], (int)row->len[c],
	       row->f[c]);
	return 0;
}

void import_row(struct import *im, const struct csv_row *row)
{
	size_t t, i, o = 0, need = 64, sc = 0;
	int64_t when = 0, start = INT64_MIN;
	int code_slot = -1, path_slot = -1;

	im->date_off = DATE_NOOFF;
	struct val code = { NULL, 0 };

	im->n.read++;
	if (row->n != im->hdr.n) {
		reject(im, row, "expected %zu fields, found %zu", im->hdr.n, row->n);
		return;
	}
	/* keten CSV holds no NUL byte (keten(5)); the reader lets them through so that
	 * the row can be rejected here, with its column, instead of ending the import. */
	if (row->nul) {
		reject(im, row, "column %zu '%s': NUL byte in the value", row->nul,
		       im->hdr.f[row->nul - 1]);
		return;
	}
	for (i = 0; i < row->n; i++)
		need += row->len[i] * 2 + 24;
	xgrow(&im->scratch, &im->scap, need, 1);

	for (t = 0; t < im->ntg; t++) {
		int c = im->src[t];
		struct val v;

		if (c < 0) {
			/* The start that pairing fills (pair_new). */
			if (pair_has_slot(im, t))
				im->vals[o++] = (struct val){ "", 0 };
			continue;
		}
		v = value(im, row, c, 1);
		if (v.n == 0) {
			if (im->tg[t].required) {
				reject(im, row, "column '%s': missing value", im->hdr.f[c]);
				return;
			}
		} else if (!convert(im, row, t, c, &v, &sc,
				    (int)t == im->t_start ? &start : &when)) {
			return;
		} else if (im->tg[t].how == V_CODE) {
			code = v;
			code_slot = (int)o;
		}
		im->vals[o++] = v;
	}
	if (im->codes && im->set->code_level)
		path_slot = (int)o++;
	for (i = 0; i < im->npass; i++) {
		int c = im->pass[i];
		struct val v = value(im, row, c, im->numeric[c]);

		if (im->numeric[c] && v.n && !number(im, row, c, &v, &sc))
			return;
		im->vals[o++] = v;
	}

	if (start != INT64_MIN && !start_in_order(im, row, start, when))
		return;
	if (im->pair) {
		pair_row(im, when);
		return;
	}
	if (code_slot < 0) {
		im->n.written++;
		im->n.out_rows++;
		emit(im, when);
		return;
	}
	emit_codes(im, row, code, code_slot, path_slot, sc);
}

/* Orders stage ids by their count (ctx), most first, then by first sight. */
static int cmp_count(const void *a, const void *b, void *ctx)
{
	const long *count = ctx;
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	if (count[x] != count[y])
		return count[x] > count[y] ? -1 : 1;
	return x < y ? -1 : x > y;
}

/* Names the stages that the model does not know, most frequent first. */
static void report_unknown(const struct import *im)
{
	size_t n, i, k = 0;
	uint32_t *ids;
	long rest = 0;

	if (!im->stages)
		return;
	n = strtab_count(im->stages);
	ids = xcalloc(n, sizeof *ids);
	for (i = 0; i < n; i++)
		if (im->sidx[i] < 0 && im->scount[i] > 0)
			ids[k++] = (uint32_t)i;
	sort_r(ids, k, sizeof *ids, cmp_count, im->scount);
	for (i = 0; i < k; i++) {
		if (i < SHOW_STAGES)
			warn_at(im->name, 0, "stage not in the model: '%s' (%ld %s)",
				strtab_str(im->stages, ids[i]), im->scount[ids[i]],
				im->scount[ids[i]] == 1 ? "row" : "rows");
		else
			rest += im->scount[ids[i]];
	}
	if (k > SHOW_STAGES)
		warn_at(im->name, 0, "and %zu more stages not in the model (%ld rows)",
			k - SHOW_STAGES, rest);
	/* The commands that read the events stop at such a stage: name the two ways past it. */
	if (k)
		warn_at(im->name, 0,
			"to analyse these events, give -M infer (the model inferred from them, keten-model(1)), or map the stages with --recode");
	free(ids);
}

int import_finish(struct import *im, long cp1252_line)
{
	const char *rf = im->set->rejects_file;

	pair_finish(im);
	if (im->set->sort)
		write_sorted(im);
	before_message(im);
	if (cp1252_line)
		warn_at(im->name, cp1252_line,
			"not UTF-8 from this line on: bytes read as Windows-1252");
	report_unknown(im);
	pair_summary(im);
	if (im->n.rejected > SHOW_REJECTS)
		warn_at(im->name, 0, "%ld more rows rejected%s%s%s", im->n.rejected - SHOW_REJECTS,
			rf ? " (see " : "", rf ? rf : "", rf ? ")" : "");
	if (im->codes && im->n.out_rows != im->n.written)
		warn_at(im->name, 0, "%ld rows held %ld codes: one row written per code",
			im->n.written, im->n.out_rows);
	warnx("read %ld, written %ld, rejected %ld", im->n.read, im->n.written, im->n.rejected);
	return im->n.rejected > im->set->max_rejects ? EXIT_DATA : 0;
}

struct import_counts import_counts(const struct import *im)
{
	return im->n;
}

void import_free(struct import *im)
{
	size_t i;

	if (!im)
		return;
	csvr_close(im->recode_r);
	model_free(im->model);
	conv_datefmt_free(im->fmt);
	for (i = 0; i < im->hdr.n; i++) {
		free(im->hdr.f[i]);
		free(im->clean[i]);
		if (im->rc && im->rc[i].from) {
			size_t k, nk = strtab_count(im->rc[i].from);
			for (k = 0; k < nk; k++)
				free(im->rc[i].to[k]);
			free(im->rc[i].to);
			strtab_free(im->rc[i].from);
		}
	}
	free(im->hdr.f);
	free(im->hdr.len);
	free(im->clean);
	free(im->used);
	free(im->numeric);
	free(im->rc);
	free(im->pass);
	for (i = 0; i < im->nout; i++)
		free(im->out_names[i]);
	free(im->out_names);
	if (im->names)
		strtab_free(im->names);
	free(im->vals);
	free(im->scratch);
	free(im->joined);
	free(im->msg);
	if (im->stages)
		strtab_free(im->stages);
	free(im->sidx);
	free(im->scount);
	free(im->arena);
	free(im->kept);
	free(im->name);
	pair_free(im->pair);
	free(im);
}
