/* keten-import: turn a municipal, process-mining or QDA export into keten CSV. */
#include <getopt.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "convert.h"
#include "csvio.h"
#include "date.h"
#include "diag.h"
#include "model.h"
#include "strtab.h"

/* Reject messages shown on stderr before the rest are only counted. */
#define SHOW_REJECTS 10
/* Stages not in the model named one by one before the rest are summed up. */
#define SHOW_STAGES 10

static int kind_codes;           /* -k, --kind */
static int delim;                /* -d, --delimiter */
static int encoding = CSVR_AUTO; /* --encoding */
static const char **maps;        /* -m, --map */
static size_t nmaps;
static const char **numerics;    /* --numeric */
static size_t nnumerics;
static const char *recode_file;  /* --recode */
static const char *model_file;   /* --model */
static int strict;               /* --strict */
static const char *date_fmt;     /* --date-format */
static int date_order = CONV_DMY; /* --date-order */
static int code_level;           /* --code-level */
static const char *rejects_file; /* --rejects */
static long long max_rejects;    /* --max-rejects */
static int sort_rows;            /* --sort */
static const char *out_file;     /* -o, --output */
/* Where rejects go when set (the fuzz target), instead of rejects_file. */
static FILE *rejects_stream;
/* A named output not renamed into place because the import failed; csvio removes its
 * temporary file at exit.  Kept (volatile, so that the store stays) to show that it was
 * not forgotten. */
static struct csvw *volatile abandoned;

/* How the values of a keten column are read. */
enum { V_TEXT, V_STAGE, V_DATE, V_YESNO, V_NUMBER, V_CODE };

/* A keten column and the source names that mean it (cleaned, best first). */
struct target {
	const char *name;
	int required;
	int how;
	const char *const *syn;
};

static const char *const syn_case[] = {
	"case_concept_name", "case_id", "caseid", "case_nr", "case_number", "dossiernummer",
	"dossiernr", "dossier_nr", "dossier_id", "dossier", "zaaknummer", "zaaknr", "zaak_id",
	"zaak", "trajectnummer", "trajectnr", "traject_id", "klantnummer", "klantnr",
	"klant_nr", "klant_id", "clientnummer", "clientnr", "client_id", "cliëntnummer",
	"cliëntnr", "registratienummer", "casus", NULL
};
static const char *const syn_stage[] = {
	"fase", "concept_name", "activity", "activiteit", "status", "stap", "processtap",
	"gebeurtenis", "event", "activity_name", "mijlpaal", NULL
};
static const char *const syn_date[] = {
	"datum", "time_timestamp", "timestamp", "tijdstip", "datum_tijd", "datumtijd",
	"datetime", "date_time", "begindatum", "startdatum", "ingangsdatum",
	"registratiedatum", "event_date", "time", "tijd", NULL
};
static const char *const syn_org[] = {
	"organisatie", "organisation", "organization", "instantie", "instelling",
	"org_resource", "resource", NULL
};
static const char *const syn_org_type[] = {
	"organisatietype", "type_organisatie", "soort_organisatie", "orgtype",
	"organisation_type", "organization_type", NULL
};
static const char *const syn_chain[] = { "keten", "ketentype", "soort_keten", NULL };
static const char *const syn_city[] = {
	"gemeente", "woonplaats", "plaats", "stad", "municipality", "town", NULL
};
static const char *const syn_urgent[] = {
	"crisis", "spoed", "urgentie", "acuut", "wgs_crisis", NULL
};
static const char *const syn_reason[] = {
	"reden", "uitstroomreden", "reden_uitstroom", "reden_einde", "afsluitreden",
	"reden_afsluiting", "outflow_reason", NULL
};

static const struct target event_targets[] = {
	{ "case", 1, V_TEXT, syn_case },
	{ "stage", 1, V_STAGE, syn_stage },
	{ "date", 1, V_DATE, syn_date },
	{ "org", 0, V_TEXT, syn_org },
	{ "org_type", 0, V_TEXT, syn_org_type },
	{ "chain", 0, V_TEXT, syn_chain },
	{ "city", 0, V_TEXT, syn_city },
	{ "urgent", 0, V_YESNO, syn_urgent },
	{ "reason", 0, V_TEXT, syn_reason },
};

static const char *const syn_interview[] = {
	"document_name", "documentnaam", "document_naam", "document", "doc", "bestand",
	"bestandsnaam", "file", "filename", "file_name", "transcript", "interview_id",
	"respondent", NULL
};
static const char *const syn_code[] = {
	"codes", "codenaam", "code_name", "codename", "code_naam", NULL
};
static const char *const syn_role[] = {
	"rol", "respondent_type", "type_respondent", "respondenttype", "doelgroep", NULL
};
static const char *const syn_ccity[] = { "gemeente", "stad", "plaats", NULL };
static const char *const syn_cchain[] = { "keten", NULL };
static const char *const syn_phase[] = {
	"fase", "klantreisfase", "klantreis_fase", NULL
};
static const char *const syn_segment[] = {
	"segment_id", "segmentnummer", "segment_nr", "fragment_id", "quotation_id", "id",
	"begin", NULL
};
static const char *const syn_coder[] = {
	"codeur", "created_by", "gecodeerd_door", "aangemaakt_door", "user", "gebruiker",
	"owner", "author", "auteur", NULL
};
static const char *const syn_polarity[] = { "polariteit", NULL };
static const char *const syn_weight[] = {
	"weight_score", "gewicht", "score", "stemmen", "votes", "prioriteit", NULL
};
static const char *const syn_quote[] = {
	"quotation_content", "quotation", "citaat", "segment", "coded_text", "coded",
	"selected_text", "text", "tekst", "fragment", "content", NULL
};

static const struct target code_targets[] = {
	{ "interview", 1, V_TEXT, syn_interview },
	{ "code", 1, V_CODE, syn_code },
	{ "role", 0, V_TEXT, syn_role },
	{ "city", 0, V_TEXT, syn_ccity },
	{ "chain", 0, V_TEXT, syn_cchain },
	{ "phase", 0, V_TEXT, syn_phase },
	{ "segment", 0, V_TEXT, syn_segment },
	{ "coder", 0, V_TEXT, syn_coder },
	{ "polarity", 0, V_TEXT, syn_polarity },
	{ "weight", 0, V_NUMBER, syn_weight },
	{ "quote", 0, V_TEXT, syn_quote },
};

#define MAXT (sizeof code_targets / sizeof *code_targets)

/* How a keten column found its source column. */
enum { BY_NONE, BY_OPTION, BY_NAME, BY_GUESS };

/* The values of one source column that --recode replaces. */
struct recode {
	struct strtab *from;
	char **to;
	size_t cap;
};

/* An event kept for --sort: its fields in the arena, its case and its moment. */
struct kept {
	size_t off, case_off, case_len, seq;
	int64_t when;
};

/* A value of an output column: where its bytes are. */
struct val {
	const char *s;
	size_t n;
};

/* Everything one import holds, in one place so that it can all be freed, also after a
 * fatal error (the fuzz target lives on after die). */
static struct {
	struct csvr *r;
	struct csvw *w, *rw;
	struct model *model;
	struct conv_datefmt *fmt;
	const struct target *tg;
	size_t ntg;
	char *name;            /* the input, for messages */

	struct csv_row hdr;    /* the source header, copied */
	char **clean;          /* cleaned source names */
	int src[MAXT];         /* the source column of each keten column, or -1 */
	int by[MAXT];
	int *used;             /* source columns taken by a keten column */
	unsigned char *numeric; /* source columns read as numbers */
	struct recode *rc;     /* per source column */
	int *pass;             /* passthrough source columns in order */
	size_t npass;
	char **out_names;
	size_t nout;
	struct strtab *names;  /* out_names, to keep them unique */

	struct val *vals;
	char *scratch;
	size_t scap;
	char *joined;          /* a ragged row's surplus fields for the rejects file */
	size_t jcap;
	char *msg;
	size_t msgcap;

	/* Every stage value seen, what it is in the model (-1: not there) and how often it
	 * came, so that the model is searched once per value and not once per row. */
	struct strtab *stages;
	int *sidx;
	long *scount;
	size_t scap_;

	char *arena;           /* --sort */
	size_t alen, acap;
	struct kept *kept;
	size_t nkept, kcap;

	long nread, nwritten, nrejected, nout_rows;
	long long size;        /* of the input, 0 when unknown */
	int meter, meter_shown;
	double meter_delay, t0, tlast;
} im;

static void usage(void)
{
	printf("usage: keten import [-k events|codes] [-d DELIM] [-m MAP] [-o FILE]\n"
	       "                    [--encoding ENC] [--recode FILE] [--model FILE] [--strict]\n"
	       "                    [--date-format FMT] [--date-order dmy|mdy]\n"
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

/* The progress meter: one line on stderr, redrawn in place, only on a terminal. */
static void meter_draw(void)
{
	double t = now(), el = t - im.t0, mb = (double)csvr_bytes(im.r) / 1e6;

	if (el < im.meter_delay || (im.meter_shown && t - im.tlast < 0.2))
		return;
	im.tlast = t;
	im.meter_shown = 1;
	fprintf(stderr, "\r%s: %.1f MB, %ld rows, %.1f MB/s", diag_prog, mb, im.nread,
		el > 0 ? mb / el : 0.0);
	if (im.size > 0)
		fprintf(stderr, ", %d%%", (int)(100.0 * (double)csvr_bytes(im.r) / (double)im.size));
	fputs("\033[K", stderr);
	fflush(stderr);
}

static void meter_clear(void)
{
	if (im.meter_shown) {
		fputs("\r\033[K", stderr);
		im.meter_shown = 0;
	}
}

/* The column of the source header that name means: the same name, the same name in
 * another case, or the same cleaned name; -1 when there is none. */
static int find_col(const char *name, size_t n)
{
	size_t i;
	char *c;

	for (i = 0; i < im.hdr.n; i++)
		if (im.hdr.len[i] == n && memcmp(im.hdr.f[i], name, n) == 0)
			return (int)i;
	for (i = 0; i < im.hdr.n; i++)
		if (im.hdr.len[i] == n && strncasecmp(im.hdr.f[i], name, n) == 0)
			return (int)i;
	c = xmalloc(n + 1);
	conv_clean_name(name, n, c);
	for (i = 0; i < im.hdr.n; i++)
		if (*c && strcmp(im.clean[i], c) == 0) {
			free(c);
			return (int)i;
		}
	free(c);
	return -1;
}

/* The source columns, for messages. */
static char *columns_list(void)
{
	size_t i, len = 1;
	char *s;

	for (i = 0; i < im.hdr.n; i++)
		len += im.hdr.len[i] + 2;
	s = xmalloc(len);
	s[0] = '\0';
	for (i = 0; i < im.hdr.n; i++) {
		if (i)
			strcat(s, ", ");
		strcat(s, im.hdr.f[i]);
	}
	return s;
}

/* Ends the import: the file has no column name; what says who asked for it. */
static noreturn void no_column(const char *what, const char *name, size_t n,
				const char *hint)
{
	char *list = columns_list();

	meter_clear();
	warn_at(im.name, 0, "%sno column '%.*s' (columns: %s)%s", what, (int)n, name, list, hint);
	free(list);
	exit(EXIT_DATA);
}

static int target_index(const char *name, size_t n)
{
	size_t t;

	for (t = 0; t < im.ntg; t++)
		if (strlen(im.tg[t].name) == n && memcmp(im.tg[t].name, name, n) == 0)
			return (int)t;
	return -1;
}

/* Applies one -m option: keten=Source,... */
static void apply_map(const char *text)
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
		t = target_index(p, (size_t)(eq - p));
		if (t < 0)
			usage_error("--map: '%.*s' is not a keten %s column", (int)(eq - p), p,
				    kind_codes ? "codes" : "events");
		if (im.by[t] == BY_OPTION)
			usage_error("--map: '%s' is mapped twice", im.tg[t].name);
		src = eq + 1;
		sn = len - (size_t)(eq + 1 - p);
		if ((c = find_col(src, sn)) < 0)
			no_column("", src, sn, "");
		im.src[t] = c;
		im.by[t] = BY_OPTION;
		im.used[c] = 1;
		p += len;
		if (*p == ',')
			p++;
	}
}

/* Gives keten column t the first unused source column that match() accepts. */
static int claim(size_t t, int by, int (*match)(size_t col, const char *name),
		 const char *name)
{
	size_t i;

	for (i = 0; i < im.hdr.n; i++)
		if (!im.used[i] && match(i, name)) {
			im.src[t] = (int)i;
			im.by[t] = by;
			im.used[i] = 1;
			return 1;
		}
	return 0;
}

static int same_name(size_t col, const char *name)
{
	return strcmp(im.hdr.f[col], name) == 0;
}

static int same_clean(size_t col, const char *name)
{
	return strcmp(im.clean[col], name) == 0;
}

/* The keten columns without -m: a column with the keten name as it is, else once
 * cleaned ("Case", "DATE "), else the first recognised name found.  MAXQDA's "Segment"
 * is the text of a segment, so the segment id of codes is not taken by its cleaned name
 * until the recognised names have had their turn. */
static void recognise(void)
{
	size_t t, k;

	for (t = 0; t < im.ntg; t++)
		if (im.src[t] < 0)
			claim(t, BY_NAME, same_name, im.tg[t].name);
	for (t = 0; t < im.ntg; t++)
		if (im.src[t] < 0 && !(kind_codes && strcmp(im.tg[t].name, "segment") == 0))
			claim(t, BY_GUESS, same_clean, im.tg[t].name);
	for (t = 0; t < im.ntg; t++)
		for (k = 0; im.src[t] < 0 && im.tg[t].syn[k]; k++)
			claim(t, BY_GUESS, same_clean, im.tg[t].syn[k]);
	for (t = 0; t < im.ntg; t++)
		if (im.src[t] < 0)
			claim(t, BY_GUESS, same_clean, im.tg[t].name);
}

/* Adds an output column name, made unique with _2, _3, ... */
static void add_name(const char *s)
{
	size_t n = strlen(s), len = n;
	char *name = xmalloc(n + 24);
	int k = 2;

	if (!im.names)
		im.names = strtab_new();
	strcpy(name, s);
	while (strtab_find(im.names, name, len) != UINT32_MAX)
		len = (size_t)snprintf(name, n + 24, "%s_%d", s, k++);
	strtab_intern(im.names, name, len);
	im.out_names = xreallocarray(im.out_names, im.nout + 1, sizeof *im.out_names);
	im.out_names[im.nout++] = name;
}

/* Reads --recode FILE: rows column,from,to. */
static void load_recode(void)
{
	struct csvr *r = csvr_open(recode_file, 0);
	int ccol = csvr_need(r, "column"), cfrom = csvr_need(r, "from"), cto = csvr_need(r, "to");
	const struct csv_row *row;

	im.rc = xcalloc(im.hdr.n, sizeof *im.rc);
	while ((row = csvr_next(r)) != NULL) {
		const char *from = row->f[cfrom];
		size_t fn = row->len[cfrom];
		struct recode *rc;
		uint32_t id;
		int c = -1, t = target_index(row->f[ccol], row->len[ccol]);

		if (t >= 0)
			c = im.src[t];
		if (c < 0)
			c = find_col(row->f[ccol], row->len[ccol]);
		if (c < 0)
			die_at(recode_file, row->line, "no column '%s' in %s", row->f[ccol],
			       im.name);
		rc = &im.rc[c];
		if (!rc->from)
			rc->from = strtab_new();
		conv_trim(&from, &fn);
		id = strtab_find(rc->from, from, fn);
		if (id != UINT32_MAX) {
			if (strcmp(rc->to[id], row->f[cto]) != 0)
				die_at(recode_file, row->line,
				       "'%s' of column '%s' recoded twice: '%s' and '%s'",
				       strtab_str(rc->from, id), row->f[ccol], rc->to[id],
				       row->f[cto]);
			continue;
		}
		id = strtab_intern(rc->from, from, fn);
		xgrow(&rc->to, &rc->cap, id + 1, sizeof *rc->to);
		rc->to[id] = xstrndup(row->f[cto], row->len[cto]);
	}
	csvr_close(r);
}

/* Reads the header and decides every output column. */
static void setup(void)
{
	const struct csv_row *h = csvr_next(im.r);
	size_t i, t;
	int guessed = 0;

	if (!h) {
		meter_clear();
		die("%s: empty input: no header line", im.name);
	}
	im.hdr.n = h->n;
	im.hdr.line = h->line;
	im.hdr.f = xcalloc(h->n, sizeof *im.hdr.f);
	im.hdr.len = xcalloc(h->n, sizeof *im.hdr.len);
	im.clean = xcalloc(h->n, sizeof *im.clean);
	im.used = xcalloc(h->n, sizeof *im.used);
	im.numeric = xcalloc(h->n, 1);
	for (i = 0; i < h->n; i++) {
		const char *s = h->f[i];
		size_t n = h->len[i];

		conv_trim(&s, &n);
		im.hdr.f[i] = xstrndup(s, n);
		im.hdr.len[i] = n;
		im.clean[i] = xmalloc(n + 1);
		conv_clean_name(s, n, im.clean[i]);
	}
	for (t = 0; t < im.ntg; t++) {
		im.src[t] = -1;
		im.by[t] = BY_NONE;
	}
	for (i = 0; i < nmaps; i++)
		apply_map(maps[i]);
	recognise();
	for (t = 0; t < im.ntg; t++) {
		if (im.src[t] < 0 && im.tg[t].required) {
			char hint[64];
			snprintf(hint, sizeof hint, "; name it with -m %s=COLUMN", im.tg[t].name);
			no_column("", im.tg[t].name, strlen(im.tg[t].name), hint);
		}
		if (im.by[t] == BY_GUESS)
			guessed = 1;
	}
	if (guessed) {
		/* Say what was taken for what, so that a wrong guess is seen at once. */
		size_t len = 1;
		char *s;

		for (t = 0; t < im.ntg; t++)
			if (im.src[t] >= 0)
				len += strlen(im.tg[t].name) + im.hdr.len[im.src[t]] + 3;
		s = xmalloc(len);
		s[0] = '\0';
		for (t = 0; t < im.ntg; t++) {
			if (im.src[t] < 0)
				continue;
			if (s[0])
				strcat(s, ", ");
			strcat(s, im.tg[t].name);
			strcat(s, "=");
			strcat(s, im.hdr.f[im.src[t]]);
		}
		warn_at(im.name, 0, "columns: %s", s);
		free(s);
	}
	for (i = 0; i < nnumerics; i++) {
		const char *p = numerics[i];

		while (*p) {
			size_t len = strcspn(p, ",");
			int c = -1, tt = target_index(p, len);

			if (tt >= 0)
				c = im.src[tt];
			if (c < 0)
				c = find_col(p, len);
			if (c < 0)
				no_column("--numeric: ", p, len, "");
			im.numeric[c] = 1;
			p += len;
			if (*p == ',')
				p++;
		}
	}
	if (recode_file)
		load_recode();

	for (t = 0; t < im.ntg; t++)
		if (im.src[t] >= 0)
			add_name(im.tg[t].name);
	if (code_level)
		add_name("code_path");
	im.pass = xcalloc(im.hdr.n, sizeof *im.pass);
	for (i = 0; i < im.hdr.n; i++) {
		char col[32];

		if (im.used[i])
			continue;
		im.pass[im.npass++] = (int)i;
		if (im.clean[i][0]) {
			add_name(im.clean[i]);
		} else {
			snprintf(col, sizeof col, "column_%zu", i + 1);
			add_name(col);
		}
	}
	im.vals = xcalloc(im.nout, sizeof *im.vals);
}

static void write_header(void)
{
	size_t i;

	for (i = 0; i < im.nout; i++)
		csvw_str(im.w, im.out_names[i]);
	csvw_end(im.w);
	if (im.rw) {
		csvw_str(im.rw, "line");
		csvw_str(im.rw, "reason");
		for (i = 0; i < im.hdr.n; i++)
			csvw_field(im.rw, im.hdr.f[i], im.hdr.len[i]);
		csvw_end(im.rw);
	}
}

/* Rejects row with a reason: on stderr (the first few), in the rejects file, counted. */
static void reject(const struct csv_row *row, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void reject(const struct csv_row *row, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(im.msg, im.msgcap, fmt, ap);
	va_end(ap);
	if ((size_t)n >= im.msgcap) {
		xgrow(&im.msg, &im.msgcap, (size_t)n + 1, 1);
		va_start(ap, fmt);
		vsnprintf(im.msg, im.msgcap, fmt, ap);
		va_end(ap);
	}
	im.nrejected++;
	if (im.nrejected <= SHOW_REJECTS) {
		meter_clear();
		warn_at(im.name, row->line, "%s", im.msg);
	}
	if (im.rw) {
		size_t i, j, hn = im.hdr.n;

		csvw_int(im.rw, row->line);
		csvw_str(im.rw, im.msg);
		for (i = 0; i < hn; i++) {
			if (i >= row->n) {
				csvw_empty(im.rw);
			} else if (i + 1 == hn && row->n > hn) {
				/* Surplus fields go into the last column, joined by the
				 * delimiter: most often an unquoted delimiter split a value. */
				size_t len = 0, o = 0;
				for (j = i; j < row->n; j++)
					len += row->len[j] + 1;
				xgrow(&im.joined, &im.jcap, len, 1);
				for (j = i; j < row->n; j++) {
					if (j > i)
						im.joined[o++] = (char)csvr_delim(im.r);
					memcpy(im.joined + o, row->f[j], row->len[j]);
					o += row->len[j];
				}
				csvw_field(im.rw, im.joined, o);
			} else {
				csvw_field(im.rw, row->f[i], row->len[i]);
			}
		}
		csvw_end(im.rw);
	}
}

/* The value of source column c in row after --recode, trimmed when trim. */
static struct val value(const struct csv_row *row, int c, int trim)
{
	struct val v = { row->f[c], row->len[c] };
	const char *s = v.s;
	size_t n = v.n;

	conv_trim(&s, &n);
	if (trim) {
		v.s = s;
		v.n = n;
	}
	if (im.rc && im.rc[c].from) {
		uint32_t id = strtab_find(im.rc[c].from, s, n);
		if (id != UINT32_MAX) {
			v.s = im.rc[c].to[id];
			v.n = strlen(v.s);
			if (trim)
				conv_trim(&v.s, &v.n);
		}
	}
	return v;
}

/* The model stage that s names, exactly or once cleaned (Eerste gesprek), or -1. */
static int find_stage(const char *s, size_t n, char *tmp)
{
	int k;
	size_t cn;

	/* A NUL byte in a field ends no stage name. */
	if (memchr(s, '\0', n))
		return -1;
	k = model_stage(im.model, s, n);
	if (k >= 0)
		return k;
	cn = conv_clean_name(s, n, tmp);
	return cn ? model_stage(im.model, tmp, cn) : -1;
}

/* The entry of stage value s in im.stages, looked up in the model when new. */
static uint32_t stage_entry(const char *s, size_t n, char *tmp)
{
	uint32_t id;
	size_t before;

	if (!im.stages)
		im.stages = strtab_new();
	before = strtab_count(im.stages);
	id = strtab_intern(im.stages, s, n);
	if (id >= im.scap_) {
		size_t cap = im.scap_;
		xgrow(&im.sidx, &cap, id + 1, sizeof *im.sidx);
		xgrow(&im.scount, &im.scap_, id + 1, sizeof *im.scount);
	}
	if (strtab_count(im.stages) > before) {
		/* New: n bytes of s are the cleaned name's room too. */
		im.sidx[id] = find_stage(s, n, tmp);
		im.scount[id] = 0;
	}
	return id;
}

static void keep_bytes(const void *p, size_t n)
{
	if (n == 0)
		return;
	xgrow(&im.arena, &im.acap, im.alen + n, 1);
	memcpy(im.arena + im.alen, p, n);
	im.alen += n;
}

/* Writes the values of one output row, or keeps them for --sort. */
static void emit(int64_t when)
{
	size_t i;

	if (!sort_rows) {
		for (i = 0; i < im.nout; i++)
			csvw_field(im.w, im.vals[i].s, im.vals[i].n);
		csvw_end(im.w);
		return;
	}
	xgrow(&im.kept, &im.kcap, im.nkept + 1, sizeof *im.kept);
	im.kept[im.nkept].off = im.alen;
	im.kept[im.nkept].case_off = im.alen + sizeof(uint32_t);
	im.kept[im.nkept].case_len = im.vals[0].n;
	im.kept[im.nkept].seq = im.nkept;
	im.kept[im.nkept].when = when;
	im.nkept++;
	for (i = 0; i < im.nout; i++) {
		uint32_t len = (uint32_t)im.vals[i].n;
		keep_bytes(&len, sizeof len);
		keep_bytes(im.vals[i].s, im.vals[i].n);
	}
}

static int cmp_kept(const void *a, const void *b)
{
	const struct kept *x = a, *y = b;
	size_t n = x->case_len < y->case_len ? x->case_len : y->case_len;
	int c = memcmp(im.arena + x->case_off, im.arena + y->case_off, n);

	if (c)
		return c;
	if (x->case_len != y->case_len)
		return x->case_len < y->case_len ? -1 : 1;
	if (x->when != y->when)
		return x->when < y->when ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static void write_sorted(void)
{
	size_t k, i;

	if (im.nkept)
		qsort(im.kept, im.nkept, sizeof *im.kept, cmp_kept);
	for (k = 0; k < im.nkept; k++) {
		size_t off = im.kept[k].off;
		for (i = 0; i < im.nout; i++) {
			uint32_t len;
			memcpy(&len, im.arena + off, sizeof len);
			off += sizeof len;
			csvw_field(im.w, im.arena + off, len);
			off += len;
		}
		csvw_end(im.w);
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

/* The part of a code path that --code-level keeps: its first code_level levels, or its
 * last -code_level levels when negative (-1: the code without its parents). */
static struct val code_part(const char *s, size_t n)
{
	struct val v = { s, n };
	size_t levels = 1, k = 0, i;

	for (i = 0; i < n; i++)
		levels += s[i] == '>';
	if (code_level > 0) {
		for (i = 0; i < n; i++)
			if (s[i] == '>' && ++k == (size_t)code_level) {
				v.n = i;
				break;
			}
	} else if ((size_t)-code_level < levels) {
		size_t skip = levels - (size_t)-code_level;
		for (i = 0; i < n; i++)
			if (s[i] == '>' && ++k == skip) {
				v.s = s + i + 1;
				v.n = n - i - 1;
				break;
			}
	}
	return v;
}

/* Checks, converts and writes one data row (or rejects it). */
static void import_row(const struct csv_row *row)
{
	size_t t, i, o = 0, need = 64, sc = 0;
	int64_t when = 0;
	int code_slot = -1, path_slot = -1;
	struct val code = { NULL, 0 };

	im.nread++;
	if (row->n != im.hdr.n) {
		reject(row, "expected %zu fields, found %zu", im.hdr.n, row->n);
		return;
	}
	for (i = 0; i < row->n; i++)
		need += row->len[i] * 2 + 24;
	xgrow(&im.scratch, &im.scap, need, 1);

	for (t = 0; t < im.ntg; t++) {
		int c = im.src[t];
		struct val v;

		if (c < 0)
			continue;
		v = value(row, c, 1);
		if (v.n == 0) {
			if (im.tg[t].required) {
				reject(row, "column '%s': missing value", im.hdr.f[c]);
				return;
			}
			im.vals[o++] = v;
			continue;
		}
		switch (im.tg[t].how) {
		case V_STAGE: {
			uint32_t id = stage_entry(v.s, v.n, im.scratch + sc);
			int k = im.sidx[id];

			if (k >= 0) {
				v.s = im.model->stages[k].name;
				v.n = strlen(v.s);
			} else if (strict) {
				reject(row, "column '%s': stage not in the model: '%.*s'",
				       im.hdr.f[c], (int)v.n, v.s);
				return;
			} else {
				im.scount[id]++;
			}
			break;
		}
		case V_DATE: {
			struct conv_date d;

			if (conv_date(v.s, v.n, date_order, im.fmt, &d) != 0) {
				reject(row, "column '%s': not a date: '%.*s'", im.hdr.f[c],
				       (int)v.n, v.s);
				return;
			}
			when = (int64_t)d.day * 86401 + d.sec + 1;
			v.n = conv_date_write(&d, im.scratch + sc);
			v.s = im.scratch + sc;
			sc += v.n + 1;
			break;
		}
		case V_YESNO:
			switch (conv_yesno(v.s, v.n)) {
			case 1:
				v.s = "1";
				break;
			case 0:
				v.s = "0";
				break;
			default:
				reject(row, "column '%s': not yes or no: '%.*s'", im.hdr.f[c],
				       (int)v.n, v.s);
				return;
			}
			v.n = 1;
			break;
		case V_NUMBER: {
			long len = conv_number(v.s, v.n, im.scratch + sc);

			if (len < 0) {
				reject(row, "column '%s': not a number: '%.*s'", im.hdr.f[c],
				       (int)v.n, v.s);
				return;
			}
			v.s = im.scratch + sc;
			v.n = (size_t)len;
			sc += v.n + 1;
			break;
		}
		case V_CODE:
			code = v;
			code_slot = (int)o;
			break;
		default:
			if (im.numeric[c]) {
				long len = conv_number(v.s, v.n, im.scratch + sc);

				if (len < 0) {
					reject(row, "column '%s': not a number: '%.*s'",
					       im.hdr.f[c], (int)v.n, v.s);
					return;
				}
				v.s = im.scratch + sc;
				v.n = (size_t)len;
				sc += v.n + 1;
			}
			break;
		}
		im.vals[o++] = v;
	}
	if (code_level)
		path_slot = (int)o++;
	for (i = 0; i < im.npass; i++) {
		int c = im.pass[i];
		struct val v = value(row, c, im.numeric[c]);

		if (im.numeric[c] && v.n) {
			long len = conv_number(v.s, v.n, im.scratch + sc);

			if (len < 0) {
				reject(row, "column '%s': not a number: '%.*s'", im.hdr.f[c],
				       (int)v.n, v.s);
				return;
			}
			v.s = im.scratch + sc;
			v.n = (size_t)len;
			sc += v.n + 1;
		}
		im.vals[o++] = v;
	}

	if (code_slot < 0) {
		im.nwritten++;
		im.nout_rows++;
		emit(when);
		return;
	}
	/* Codes: a cell may hold several, one per line (ATLAS.ti); each makes a row. */
	{
		const char *p = code.s, *e = code.s + code.n;
		size_t before = (size_t)im.nout_rows;

		while (p < e) {
			const char *nl = memchr(p, '\n', (size_t)(e - p));
			struct val one = { p, nl ? (size_t)(nl - p) : (size_t)(e - p) };

			p = nl ? nl + 1 : e;
			conv_trim(&one.s, &one.n);
			if (one.n == 0)
				continue;
			one.n = code_path(one, im.scratch + sc);
			one.s = im.scratch + sc;
			if (code_level) {
				im.vals[code_slot] = code_part(one.s, one.n);
				im.vals[path_slot] = one;
			} else {
				im.vals[code_slot] = one;
			}
			if (im.vals[code_slot].n == 0)
				continue;
			im.nout_rows++;
			emit(0);
		}
		if ((size_t)im.nout_rows == before) {
			reject(row, "column '%s': no code in '%.*s'", im.hdr.f[im.src[1]],
			       (int)code.n, code.s);
			return;
		}
		im.nwritten++;
	}
}

static int cmp_count(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	if (im.scount[x] != im.scount[y])
		return im.scount[x] > im.scount[y] ? -1 : 1;
	return x < y ? -1 : x > y;
}

/* Names the stages that the model does not know, most frequent first. */
static void report_unknown(void)
{
	size_t n, i, k = 0;
	uint32_t *ids;
	long rest = 0;

	if (!im.stages)
		return;
	n = strtab_count(im.stages);
	ids = xcalloc(n, sizeof *ids);
	for (i = 0; i < n; i++)
		if (im.sidx[i] < 0 && im.scount[i] > 0)
			ids[k++] = (uint32_t)i;
	qsort(ids, k, sizeof *ids, cmp_count);
	for (i = 0; i < k; i++) {
		if (i < SHOW_STAGES)
			warn_at(im.name, 0, "stage not in the model: '%s' (%ld %s)",
				strtab_str(im.stages, ids[i]), im.scount[ids[i]],
				im.scount[ids[i]] == 1 ? "row" : "rows");
		else
			rest += im.scount[ids[i]];
	}
	if (k > SHOW_STAGES)
		warn_at(im.name, 0, "and %zu more stages not in the model (%ld rows)",
			k - SHOW_STAGES, rest);
	free(ids);
}

/* Frees everything an import holds; safe after a fatal error part way. */
static void import_free(void)
{
	size_t i;

	csvr_close(im.r);
	model_free(im.model);
	conv_datefmt_free(im.fmt);
	for (i = 0; i < im.hdr.n; i++) {
		free(im.hdr.f[i]);
		free(im.clean[i]);
		if (im.rc && im.rc[i].from) {
			size_t k, nk = strtab_count(im.rc[i].from);
			for (k = 0; k < nk; k++)
				free(im.rc[i].to[k]);
			free(im.rc[i].to);
			strtab_free(im.rc[i].from);
		}
	}
	free(im.hdr.f);
	free(im.hdr.len);
	free(im.clean);
	free(im.used);
	free(im.numeric);
	free(im.rc);
	free(im.pass);
	for (i = 0; i < im.nout; i++)
		free(im.out_names[i]);
	free(im.out_names);
	if (im.names)
		strtab_free(im.names);
	free(im.vals);
	free(im.scratch);
	free(im.joined);
	free(im.msg);
	if (im.stages)
		strtab_free(im.stages);
	free(im.sidx);
	free(im.scount);
	free(im.arena);
	free(im.kept);
	free(im.name);
	memset(&im, 0, sizeof im);
}

/* Imports path (NULL: stdin) to the output; returns the exit status. */
static int import(const char *path)
{
	struct csvr_opts o = { CSVR_NOHEADER | CSVR_RAGGED | CSVR_SEPLINE, delim, encoding };
	const struct csv_row *row;
	const char *e;
	struct stat st;
	int fail;

	if (!delim)
		o.flags |= CSVR_SNIFF;
	im.tg = kind_codes ? code_targets : event_targets;
	im.ntg = kind_codes ? MAXT : sizeof event_targets / sizeof *event_targets;
	im.msgcap = 256;
	im.msg = xmalloc(im.msgcap);
	if (date_fmt) {
		const char *err = NULL;
		if (!(im.fmt = conv_datefmt_new(date_fmt, &err)))
			usage_error("--date-format: %s: '%s'", err, date_fmt);
	}
	if (!kind_codes)
		im.model = model_get(model_file);
	/* csvr reads the header as a record, so that an empty input is an error of ours
	 * and not of the reader. */
	im.r = csvr_open_opts(path, &o);
	im.name = xstrdup(csvr_name(im.r));
	if (path && strcmp(path, "-") != 0 && stat(path, &st) == 0 && S_ISREG(st.st_mode))
		im.size = (long long)st.st_size;
	im.meter = isatty(2);
	if (im.meter) {
		im.meter_delay = 1.0;
		if ((e = getenv("KETEN_PROGRESS_DELAY")) != NULL && *e)
			im.meter_delay = strtod(e, NULL);
		im.t0 = now();
	}
	setup();
	im.w = csvw_open(out_file);
	if (rejects_stream)
		im.rw = csvw_stream(rejects_stream, "rejects");
	else if (rejects_file)
		im.rw = csvw_open(rejects_file);
	write_header();
	while ((row = csvr_next(im.r)) != NULL) {
		import_row(row);
		if (im.meter && (im.nread == 1 || (im.nread & 0x3FFF) == 0))
			meter_draw();
	}
	if (sort_rows)
		write_sorted();
	meter_clear();
	if (csvr_cp1252_line(im.r))
		warn_at(im.name, csvr_cp1252_line(im.r),
			"not UTF-8 from this line on: bytes read as Windows-1252");
	report_unknown();
	if (im.nrejected > SHOW_REJECTS)
		warn_at(im.name, 0, "%ld more rows rejected%s%s%s", im.nrejected - SHOW_REJECTS,
			rejects_file ? " (see " : "", rejects_file ? rejects_file : "",
			rejects_file ? ")" : "");
	if (kind_codes && im.nout_rows != im.nwritten)
		warn_at(im.name, 0, "%ld rows held %ld codes: one row written per code",
			im.nwritten, im.nout_rows);
	warnx("read %ld, written %ld, rejected %ld", im.nread, im.nwritten, im.nrejected);
	fail = im.nrejected > max_rejects;
	if (im.rw)
		csvw_close(im.rw);
	im.rw = NULL;
	/* A named output appears only when the import succeeds; on stdout the rows are
	 * already on their way. */
	if (!fail || !out_file || strcmp(out_file, "-") == 0)
		csvw_close(im.w);
	else
		abandoned = im.w;
	im.w = NULL;
	return fail ? EXIT_DATA : 0;
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
	       O_NUMERIC, O_CODE_LEVEL, O_REJECTS, O_MAX_REJECTS, O_SORT, O_VERSION };
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
	int ch, status;

	diag_init(argv[0]);
	while ((ch = getopt_long(argc, argv, ":k:d:m:o:h", longopts, NULL)) != -1) {
		switch (ch) {
		case 'k': /* --kind */
			if (strcmp(optarg, "events") == 0)
				kind_codes = 0;
			else if (strcmp(optarg, "codes") == 0)
				kind_codes = 1;
			else
				usage_error("--kind: not events or codes: '%s'", optarg);
			break;
		case 'd': /* --delimiter */
			delim = parse_delim(optarg);
			break;
		case 'm': /* --map */
			add_opt(&maps, &nmaps, optarg);
			break;
		case O_ENCODING: /* --encoding */
			encoding = parse_encoding(optarg);
			break;
		case O_RECODE: /* --recode */
			recode_file = optarg;
			break;
		case O_MODEL: /* --model */
			model_file = optarg;
			break;
		case O_STRICT: /* --strict */
			strict = 1;
			break;
		case O_DATE_FORMAT: /* --date-format */
			date_fmt = optarg;
			break;
		case O_DATE_ORDER: /* --date-order */
			if (strcmp(optarg, "dmy") == 0)
				date_order = CONV_DMY;
			else if (strcmp(optarg, "mdy") == 0)
				date_order = CONV_MDY;
			else
				usage_error("--date-order: not dmy or mdy: '%s'", optarg);
			break;
		case O_NUMERIC: /* --numeric */
			add_opt(&numerics, &nnumerics, optarg);
			break;
		case O_CODE_LEVEL: /* --code-level */
			code_level = (int)parse_int_opt("--code-level", optarg, -100, 100);
			if (code_level == 0)
				usage_error("--code-level: 0 keeps no level (1: the top, -1: the code)");
			break;
		case O_REJECTS: /* --rejects */
			rejects_file = optarg;
			break;
		case O_MAX_REJECTS: /* --max-rejects */
			max_rejects = parse_int_opt("--max-rejects", optarg, 0, LLONG_MAX);
			break;
		case O_SORT: /* --sort */
			sort_rows = 1;
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
	if (kind_codes && sort_rows)
		usage_error("--sort orders events; not with --kind codes");
	if (kind_codes && (strict || model_file))
		usage_error("--strict and --model check stages of events; not with --kind codes");
	if (!kind_codes && code_level)
		usage_error("--code-level needs --kind codes");
	/* The rejects file may be neither an input nor the output (csvio.h). */
	csvw_check_outputs(argv, argc,
			   (const struct csvw_file[]){ { "--output", out_file, CSVW_MAIN },
						       { "--rejects", rejects_file, CSVW_OUT },
						       { "--model", model_file, CSVW_IN },
						       { "--recode", recode_file, CSVW_IN },
						       { NULL, NULL, 0 } });

	status = import(argc ? argv[0] : NULL);
	import_free();
	free(maps);
	free(numerics);
	return status;
}
