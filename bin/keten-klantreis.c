/* keten-klantreis: the client journey along the klantreis phases of the model, with the
 * knelpunten interviewees name for each phase beside the case figures. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "codes.h"
#include "csvio.h"
#include "date.h"
#include "diag.h"
#include "events.h"
#include "holidays.h"
#include "journey.h"
#include "journey_draw.h"
#include "model.h"
#include "opt.h"
#include "render.h"

static const char *by;         /* --by */
static const char *model_file; /* --model */
static const char *codes_file; /* --codes */
static const char *out_file;   /* --output */
static const char *title;      /* --title */
static long top = 3;           /* --top */
static long width;             /* --width */
static int side_by_side;       /* --layout side */
static int have_asof;          /* --asof given */

enum { F_TEXT, F_MD, F_HTML, F_CSV, F_SVG };
static int format = F_TEXT;    /* --format */

static void usage(void)
{
	printf("usage: keten klantreis [-g COLS] [-f FORMAT] [--layout stacked|side]\n"
	       "                       [-c FILE] [-t N] [-u UNIT] [-a DATE] [--holidays FILE]\n"
	       "                       [-M FILE] [-k K] [-w N] [--title TEXT] [-o FILE] [FILE]\n"
	       "\n"
	       "  -g, --by COLS        one journey per value of these columns\n"
	       "  -f, --format FORMAT  text (default), md, html, csv or svg\n"
	       "      --layout LAYOUT  stacked (one journey after another, default) or side\n"
	       "  -c, --codes FILE     add the knelpunten of this codes table per phase\n"
	       "  -t, --top N          how many knelpunten per phase (default 3)\n"
	       "  -u, --unit UNIT      days (default), workdays or hours\n"
	       "  -a, --asof DATE      the date the journey is seen from (default: the latest)\n"
	       "      --holidays FILE  add the days of FILE to the holidays (repeatable)\n"
	       "  -M, --model FILE     use this chain model instead of the built-in one\n"
	       "  -k, --min-n K        show '.' for phases reached by fewer than K cases\n"
	       "  -w, --width N        text: fit lines to N columns (default: no limit)\n"
	       "      --title TEXT     a title above the journey\n"
	       "  -o, --output FILE    write to FILE (whole or not at all) instead of stdout\n"
	       "  -h, --help           show this help\n"
	       "      --version        show the version\n");
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "by", required_argument, NULL, 'g' },
		{ "format", required_argument, NULL, 'f' },
		{ "layout", required_argument, NULL, 'L' },
		{ "codes", required_argument, NULL, 'c' },
		{ "top", required_argument, NULL, 't' },
		{ "unit", required_argument, NULL, 'u' },
		{ "asof", required_argument, NULL, 'a' },
		{ "holidays", required_argument, NULL, 'H' },
		{ "model", required_argument, NULL, 'M' },
		{ "min-n", required_argument, NULL, 'k' },
		{ "width", required_argument, NULL, 'w' },
		{ "title", required_argument, NULL, 'T' },
		{ "output", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	struct waitspec spec = { .unit = UNIT_DAYS, .level = 0.95 };
	struct evopts eo = { 0 };
	struct codes *cd = NULL;
	struct journey_codes *jc = NULL;
	struct journey *j;
	struct model *m;
	struct evlog *l;
	struct csvw *w;
	size_t nj, g;
	char heading[512];
	int ch;

	diag_init(argv[0]);
	while ((ch = getopt_long(argc, argv, ":g:f:c:t:u:a:M:k:w:o:h", longopts, NULL)) != -1) {
		switch (ch) {
		case 'g': /* --by */
			by = optarg;
			break;
		case 'f': /* --format */
			if (strcmp(optarg, "text") == 0)
				format = F_TEXT;
			else if (strcmp(optarg, "md") == 0)
				format = F_MD;
			else if (strcmp(optarg, "html") == 0)
				format = F_HTML;
			else if (strcmp(optarg, "csv") == 0)
				format = F_CSV;
			else if (strcmp(optarg, "svg") == 0)
				format = F_SVG;
			else
				usage_error("--format: not text, md, html, csv or svg: '%s'", optarg);
			break;
		case 'L': /* --layout */
			if (strcmp(optarg, "side") == 0)
				side_by_side = 1;
			else if (strcmp(optarg, "stacked") == 0)
				side_by_side = 0;
			else
				usage_error("--layout: not stacked or side: '%s'", optarg);
			break;
		case 'c': /* --codes */
			codes_file = optarg;
			break;
		case 't': /* --top */
			top = (long)parse_int_opt("--top", optarg, 0, 100);
			break;
		case 'u': /* --unit */
			spec.unit = opt_unit("--unit", optarg);
			break;
		case 'a': /* --asof */
			spec.asof = opt_date("--asof", optarg);
			have_asof = 1;
			break;
		case 'H': /* --holidays */
			holidays_add_file(cal_default(), optarg);
			break;
		case 'M': /* --model */
			model_file = optarg;
			break;
		case 'k': /* --min-n */
			spec.min_n = (long)parse_int_opt("--min-n", optarg, 0, 1000000000);
			break;
		case 'w': /* --width */
			width = (long)parse_int_opt("--width", optarg, 20, 100000);
			break;
		case 'T': /* --title */
			title = optarg;
			break;
		case 'o': /* --output */
			out_file = optarg;
			break;
		case 'h': /* --help */
			usage();
			return 0;
		case 'V': /* --version */
			printf("keten-klantreis %s\n", KETEN_VERSION);
			return 0;
		default:
			usage_bad_option(ch, argv);
		}
	}
	argc -= optind;
	argv += optind;
	if (argc > 1)
		usage_error("one input file at most, not %d", argc);

	m = model_get(model_file);
	eo.m = m;
	eo.by = by;
	eo.attr = "reason";
	eo.attr_optional = 1;
	eo.norm_flags = 1;
	l = evlog_load(argc ? argv[0] : "-", &eo);
	if (!have_asof)
		spec.asof = l->maxday;
	j = journey_compute(l, &spec, &nj);
	if (codes_file) {
		struct codes_opts co = { 0 };

		co.cols = CODES_BIT(CODES_PHASE) | CODES_BIT(CODES_CHAIN) | CODES_BIT(CODES_CITY) |
			  CODES_BIT(CODES_ROLE) | CODES_BIT(CODES_POLARITY);
		co.need = CODES_BIT(CODES_PHASE);
		co.model = m;
		cd = codes_new(&co);
		codes_read(cd, codes_file);
		codes_done(cd);
		jc = journey_codes(cd, l, j, nj);
	}

	w = csvw_open(out_file);
	if (format == F_CSV) {
		journey_csv(l, j, nj, jc, cd, top, spec.unit, w);
	} else if (format == F_SVG) {
		journey_svg(l, j, nj, jc, cd, spec.unit, title ? title : "Klantreis", w, 1);
	} else {
		enum render_format rf = format == F_MD ? RENDER_MD
				      : format == F_HTML ? (nj > 1 && !side_by_side ? RENDER_HTML_TABLE : RENDER_HTML)
							 : RENDER_TEXT;
		size_t step = side_by_side ? (nj ? nj : 1) : 1;

		/* Several tables share one page. */
		if (rf == RENDER_HTML_TABLE)
			render_page_begin(w, title ? title : "Klantreis", RENDER_LANG, NULL);
		for (g = 0; g < nj; g += step) {
			struct render_table *t = journey_table(l, j + g, step, jc ? jc + g * m->nphases : NULL,
							       cd, top, spec.unit);
			char label[256];

			journey_label(l, &j[g], label, sizeof label);
			if (step > 1 || nj == 1)
				snprintf(heading, sizeof heading, "%s", title ? title : "Klantreis");
			else
				snprintf(heading, sizeof heading, "%s: %s", title ? title : "Klantreis", label);
			render_set_title(t, heading);
			if (g > 0 && rf != RENDER_HTML_TABLE)
				csvw_raw(w, "\n", 1);
			if (rf == RENDER_TEXT)
				journey_text(l, j + g, step, jc ? jc + g * m->nphases : NULL, cd, top,
					     spec.unit, heading, (size_t)width, w);
			else
				render_table(t, rf, 0, w);
			render_free(t);
		}
		if (rf == RENDER_HTML_TABLE)
			render_page_end(w);
	}
	csvw_close(w);

	journey_codes_free(jc, nj * m->nphases);
	if (cd)
		codes_free(cd);
	journey_free(j, nj);
	evlog_free(l);
	model_free(m);
	cal_free();
	return 0;
}
