/* keten-klantreis: the client journey along the klantreis phases of the model, with the
 * knelpunten interviewees name for each phase beside the case figures. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "codes.h"
#include "csvio.h"
#include "date.h"
#include "diag.h"
#include "events.h"
#include "holidays.h"
#include "i18n.h"
#include "journey.h"
#include "journey_draw.h"
#include "model.h"
#include "opt.h"
#include "partial.h"
#include "period.h"
#include "render.h"
#include "report_view.h"

static struct opt_set set;     /* the shared options */
static const char *by;         /* --by */
static const char *model_file; /* --model */
static const char *codes_file; /* --codes */
static const char *out_file;   /* --output */
static const char *title;      /* --title */
static long top;               /* --top */
static long width;             /* --width */
static int side_by_side;       /* --layout side */
static int have_asof;          /* --asof given */

enum {
	F_TEXT = FORMAT_TEXT,
	F_MD = FORMAT_MD,
	F_HTML = FORMAT_HTML,
	F_CSV = FORMAT_CSV,
	F_SVG = FORMAT_SVG
};
static int format = F_TEXT; /* --format */

static const char *const layouts[] = { "stacked", "side", NULL };

/* clang-format off */
static const struct opt opts[] = {
	OPT_TAKE(OPT_BY),
	OPT_TAKE_FORMATS(FORMAT_BIT(FORMAT_TEXT) | FORMAT_BIT(FORMAT_MD) | FORMAT_BIT(FORMAT_HTML) |
				 FORMAT_BIT(FORMAT_CSV) | FORMAT_BIT(FORMAT_SVG),
			 "text"),
	OPT_CHOICE_OWN(0, "layout", "LAYOUT",
		       "stacked (one journey after another, default) or side", &side_by_side,
		       layouts),
	OPT_TAKE(OPT_CODES),
	OPT_TAKE_RANGE_DEF(OPT_TOP, 0, 100, "3"),
	OPT_TAKE(OPT_UNIT),
	OPT_TAKE(OPT_PERIOD),
	OPT_TAKE_NOTE(OPT_ASOF, "default: the end of the period, or the latest date"),
	OPT_TAKE(OPT_HOLIDAYS),
	OPT_TAKE(OPT_TZ),
	OPT_TAKE(OPT_MODEL),
	OPT_TAKE(OPT_TIES),
	OPT_TAKE(OPT_CLOSED),
	OPT_TAKE(OPT_MIN_N),
	OPT_TAKE(OPT_PARTIAL),
	OPT_TAKE_RANGE(OPT_WIDTH, 20, 100000),
	OPT_TAKE(OPT_TITLE),
	OPT_TAKE(OPT_OUTPUT),
	OPT_TAKE(OPT_LANG),
	OPT_TABLE_END,
};
/* clang-format on */

/* clang-format off */
static const struct opt_cmd cmd = {
	.name = "klantreis",
	.progress = 1,
	.synopsis = "keten klantreis [-g COLS] [-f FORMAT] [--layout stacked|side]\n"
		    "                       "
		    "[-c FILE] [-t N] [-u UNIT] [--period PERIOD] [-a DATE]\n"
		    "                       "
		    "[--holidays FILE] [--tz ZONE] [-M FILE] [--ties ORDER]\n"
		    "                       "
		    "[--closed] [-k K] [--partial] [-w N] [--title TEXT] [-o FILE]\n"
		    "                       "
		    "[FILE]",
	.opts = opts,
};
/* clang-format on */

/* --period: the cases in the chain during the period (evlog_period_cases, as keten filter
 * --active and keten report pick them), whole, with their events up to the as-of date:
 * the end of the period, or --asof.  An --asof inside the period ends it there; one after
 * it counts the later events of the same cases, as keten report --asof does. */
static struct evlog *period_cases(const struct evlog *l, struct waitspec *spec)
{
	struct period seen = set.period;
	struct evlog *sub;
	uint8_t *keep;
	char a[16];

	if (have_asof) {
		spec->asof = evlog_asof(l, 1, spec->asof);
		if (spec->asof < seen.from) {
			date_format(spec->asof, a);
			usage_error("--asof: %s is before the period", a);
		}
	} else {
		/* The rule of keten waits and keten report: a period not yet over (or open at
		 * its end) is seen as far as the data goes. */
		spec->asof = waits_period_asof(l, &set.period, 0, 0);
	}
	if (seen.to > spec->asof)
		seen.to = spec->asof;
	keep = evlog_period_cases(l, &seen, NULL);
	sub = evlog_select(l, keep, spec->asof);
	free(keep);
	return sub;
}

/* The page of -f html: the style sheet of keten report (a phone, A4 paper), each table
 * cut into blocks of phases (journey_html) and the legend of the mark.  lang is the
 * language of the labels (that of _(), lib/i18n.h): the page's lang, and in Dutch ("nl")
 * the decimals with a comma, as report_view.lang of keten report. */
static void html_page(const struct evlog *l, const struct journey *j, size_t nj, int sbs,
		      const struct journey_codes *jc, const struct codes *cd, long ntop,
		      enum wait_unit unit, long min_n, const char *given, const char *lang,
		      struct csvw *w)
{
	const struct report_view pv = { .lang = lang };
	size_t step = sbs ? (nj ? nj : 1) : 1, np = l->m->nphases, g;
	char heading[512], label[256], legend[256];
	const char *t = given ? given : _("Klantreis");

	render_page_begin(w, t, report_dutch(&pv) ? "nl" : "en", report_page_css());
	csvw_raw(w, "<h1>", 4);
	render_html_escape(w, t, strlen(t));
	csvw_raw(w, "</h1>\n<p class=\"legend\">", 24);
	if (min_n > 1)
		snprintf(legend, sizeof legend, _("Legend: %s = suppressed: fewer than %ld cases."),
			 RENDER_MARK, min_n);
	else
		snprintf(legend, sizeof legend, _("No figure is suppressed (--min-n %ld)."), min_n);
	render_html_escape(w, legend, strlen(legend));
	csvw_raw(w, "</p>\n", 5);
	for (g = 0; g < nj; g += step) {
		journey_label(l, &j[g], label, sizeof label);
		if (step > 1 || nj == 1)
			snprintf(heading, sizeof heading, "%s", t);
		else
			snprintf(heading, sizeof heading, "%s: %s", t, label);
		journey_html(l, j + g, step, jc ? jc + g * np : NULL, cd, ntop, unit, heading,
			     REPORT_BLOCK_COLS, report_dutch(&pv), w);
	}
	render_page_end(w);
}

int main(int argc, char **argv)
{
	struct waitspec spec = { .unit = UNIT_DAYS, .level = 0.95 };
	struct evopts eo = { 0 };
	struct codes *cd = NULL;
	struct journey_codes *jc = NULL;
	struct journey *j;
	struct model *m;
	struct evlog *l, *sub = NULL;
	struct csvw *w;
	size_t nj, g;
	char heading[512];
	int first;

	diag_init(argv[0]);
	first = opt_parse(&cmd, &set, argc, argv);
	by = set.by;
	format = (int)set.format;
	codes_file = set.codes;
	top = set.top;
	spec.unit = set.unit;
	spec.asof = set.asof;
	have_asof = opt_given(&set, OPT_ASOF) > 0;
	model_file = set.model;
	spec.min_n = set.min_n;
	width = set.width;
	title = set.title;
	out_file = set.output;
	argc -= first;
	argv += first;
	if (argc > 1)
		usage_error("one input file at most, not %d", argc);
	if (set.partial && format != F_CSV)
		usage_error("--partial: keten merge writes the journeys as CSV: give -f csv");
	if (set.partial && (codes_file || opt_given(&set, OPT_PERIOD)))
		usage_error("--partial: not with %s", codes_file ? "--codes" : "--period");
	if (set.partial && model_is_infer(model_file))
		usage_error(
			"--partial: a model inferred from each part would differ between parts");
	opt_load_holidays(&set);

	m = model_get(model_file);
	eo.m = m;
	eo.by = by;
	eo.attr = "reason";
	eo.attr_optional = 1;
	eo.norm_flags = 1;
	eo.ties_input = opt_ties_input(&set);
	eo.closed = set.closed;
	l = evlog_load(argc ? argv[0] : "-", &eo);
	if (opt_given(&set, OPT_PERIOD))
		sub = period_cases(l, &spec);
	else
		spec.asof = evlog_asof(l, have_asof, spec.asof);
	j = set.partial ? NULL : journey_compute(sub ? sub : l, &spec, &nj);
	if (set.partial)
		nj = 0;
	if (codes_file) {
		struct codes_opts co = { 0 };

		co.cols = CODES_BIT(CODES_PHASE) | CODES_BIT(CODES_CHAIN) | CODES_BIT(CODES_CITY) |
			  CODES_BIT(CODES_ROLE) | CODES_BIT(CODES_POLARITY);
		co.need = CODES_BIT(CODES_PHASE);
		co.model = m;
		cd = codes_new(&co);
		codes_read(cd, codes_file);
		codes_done(cd);
		jc = journey_codes(cd, sub ? sub : l, j, nj, spec.min_n);
	}

	w = csvw_open(out_file);
	if (set.partial) {
		struct partial_meta pm;

		/* The options as written, which keten merge compares and reads again. */
		partial_meta_init(&pm, "klantreis", &set);
		partial_klantreis(l, &spec, &pm, w);
		partial_meta_free(&pm);
	} else if (format == F_HTML) {
		html_page(l, j, nj, side_by_side, jc, cd, top, spec.unit, spec.min_n, title,
			  i18n_lang(), w);
	} else if (format == F_CSV) {
		journey_csv(l, j, nj, jc, cd, top, spec.unit, w);
	} else if (format == F_SVG) {
		journey_svg(l, j, nj, jc, cd, spec.unit, title ? title : "Klantreis", w, 1);
	} else {
		enum render_format rf =
			format == F_MD ? RENDER_MD
			: format == F_HTML
				? (nj > 1 && !side_by_side ? RENDER_HTML_TABLE : RENDER_HTML)
				: RENDER_TEXT;
		size_t step = side_by_side ? (nj ? nj : 1) : 1;

		/* Several tables share one page. */
		if (rf == RENDER_HTML_TABLE)
			render_page_begin(w, title ? title : "Klantreis", RENDER_LANG, NULL);
		for (g = 0; g < nj; g += step) {
			struct render_table *t = journey_table(l, j + g, step,
							       jc ? jc + g * m->nphases : NULL, cd,
							       top, spec.unit);
			char label[256];

			journey_label(l, &j[g], label, sizeof label);
			if (step > 1 || nj == 1)
				snprintf(heading, sizeof heading, "%s",
					 title ? title : "Klantreis");
			else
				snprintf(heading, sizeof heading, "%s: %s",
					 title ? title : "Klantreis", label);
			render_set_title(t, heading);
			if (g > 0 && rf != RENDER_HTML_TABLE)
				csvw_raw(w, "\n", 1);
			if (rf == RENDER_TEXT)
				journey_text(l, j + g, step, jc ? jc + g * m->nphases : NULL, cd,
					     top, spec.unit, heading, (size_t)width, w);
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
	evlog_free(sub);
	evlog_free(l);
	model_free(m);
	cal_free();
	opt_free(&set);
	return 0;
}
