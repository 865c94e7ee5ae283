/* keten-render: shows any keten CSV as aligned text, Markdown, HTML or CSV, writes it for
 * a Dutch spreadsheet (CSV with ';' and decimal commas, or an Excel workbook), and writes
 * an event table as an XES log for process-mining tools. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csvio.h"
#include "diag.h"
#include "i18n.h"
#include "opt.h"
#include "render.h"
#include "xes.h"

static struct opt_set set; /* the shared options */
static enum render_format format = RENDER_TEXT;
static size_t width; /* 0: no limit */
static const char *title;
static const char *columns; /* comma-separated, or NULL for all */
static const char *output;  /* NULL: stdout */

/* clang-format off */
static const struct opt opts[] = {
	OPT_TAKE_FORMATS(FORMAT_BIT(FORMAT_TEXT) | FORMAT_BIT(FORMAT_MD) | FORMAT_BIT(FORMAT_HTML) |
				 FORMAT_BIT(FORMAT_CSV) | FORMAT_BIT(FORMAT_CSV_NL) |
				 FORMAT_BIT(FORMAT_XLSX) | FORMAT_BIT(FORMAT_XES),
			 "text"),
	OPT_TAKE_RANGE(OPT_WIDTH, 0, 1000000),
	OPT_TAKE(OPT_TITLE),
	OPT_STRING_OWN(0, "columns", "LIST", "the columns to show, in this order (comma-separated)",
		       &columns),
	OPT_TAKE(OPT_OUTPUT),
	/* keten 0.1 took -t for --title and -c for --columns (keten-render(1), Deprecated
	 * spellings): -t is --top and -c is --codes FILE elsewhere. */
	OPT_RENAMED('t', NULL, "title", NULL),
	OPT_RENAMED('c', NULL, "columns", NULL),
	OPT_TABLE_END,
};
/* clang-format on */

static const struct opt_cmd cmd = {
	.name = "render",
	.synopsis = "keten render [-f text|md|html|csv|csv-nl|xlsx|xes] [-w N] [--title TEXT]\n"
		    "                    [--columns LIST] [-o FILE] [FILE]",
	.opts = opts,
	.footer = N_("\nReads FILE, or stdin when FILE is absent or '-'.\n"),
};

/* The input columns to show, from --columns or all of them; *n gets their count. */
static size_t *pick_columns(const struct csvr *r, size_t *n)
{
	const struct csv_row *h = csvr_header(r);
	size_t *pick, i, k = 0;
	char *list, *p, *comma;

	if (!columns) {
		pick = xcalloc(h->n, sizeof *pick);
		for (i = 0; i < h->n; i++)
			pick[i] = i;
		*n = h->n;
		return pick;
	}
	list = xstrdup(columns);
	for (p = list, i = 1; *p; p++)
		i += *p == ',';
	pick = xcalloc(i, sizeof *pick);
	for (p = list;; p = comma + 1) {
		comma = strchr(p, ',');
		if (comma)
			*comma = '\0';
		if (*p == '\0')
			usage_error("--columns: empty column name in '%s'", columns);
		pick[k++] = (size_t)csvr_need(r, p);
		if (!comma)
			break;
	}
	free(list);
	*n = k;
	return pick;
}

int main(int argc, char **argv)
{
	/* The formats of --format as render draws them. */
	static const enum render_format drawn[] = {
		[FORMAT_TEXT] = RENDER_TEXT,     [FORMAT_MD] = RENDER_MD,
		[FORMAT_HTML] = RENDER_HTML,     [FORMAT_CSV] = RENDER_CSV,
		[FORMAT_CSV_NL] = RENDER_CSV_NL, [FORMAT_XLSX] = RENDER_XLSX,
	};
	const struct csv_row *h, *row;
	const char **names, **cells;
	size_t *pick, *lens, n, i;
	struct render_table *t;
	struct csvr *r;
	struct csvw *w;
	int first, supp;

	diag_init(argv[0]);
	first = opt_parse(&cmd, &set, argc, argv);
	format = set.format == FORMAT_XES ? RENDER_CSV : drawn[set.format];
	width = (size_t)set.width;
	title = set.title;
	output = set.output;
	argc -= first;
	argv += first;
	if (argc > 1)
		usage_error("one input file at most: '%s'", argv[1]);

	r = csvr_open(argc ? argv[0] : "-", 0);
	h = csvr_header(r);
	pick = pick_columns(r, &n);
	if (set.format == FORMAT_XES) {
		/* An event table as a log: lib/xes holds it whole, to group it by case. */
		struct xesw *x = xesw_new(h, pick, n, csvr_name(r));

		while ((row = csvr_next(r)) != NULL)
			xesw_add(x, row);
		w = csvw_open(output);
		xesw_write(x, title, w);
		csvw_close(w);
		xesw_free(x);
		free(pick);
		csvr_close(r);
		opt_free(&set);
		return 0;
	}
	/* The flag comes from the input, shown or not. */
	supp = csvr_col(r, "suppressed");
	names = xcalloc(n, sizeof *names);
	cells = xcalloc(n, sizeof *cells);
	lens = xcalloc(n, sizeof *lens);
	for (i = 0; i < n; i++)
		names[i] = h->f[pick[i]];
	t = render_new(n, names);
	render_set_title(t, title);

	w = csvw_open(output);
	render_start(t, format, width, w);
	while ((row = csvr_next(r)) != NULL) {
		int flags = 0;

		for (i = 0; i < n; i++) {
			cells[i] = row->f[pick[i]];
			lens[i] = row->len[pick[i]];
		}
		if (supp >= 0 && row->len[supp] == 1 && row->f[supp][0] == '1')
			flags = RENDER_SUPPRESSED;
		render_row(t, cells, lens, flags);
	}
	render_finish(t);
	csvw_close(w);

	render_free(t);
	free(names);
	free(cells);
	free(lens);
	free(pick);
	csvr_close(r);
	opt_free(&set);
	return 0;
}
