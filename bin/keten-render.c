/* keten-render: shows any keten CSV as aligned text, Markdown, HTML or CSV. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csvio.h"
#include "diag.h"
#include "render.h"

static enum render_format format = RENDER_TEXT;
static size_t width;            /* 0: no limit */
static const char *title;
static const char *columns;     /* comma-separated, or NULL for all */
static const char *output;      /* NULL: stdout */

static void usage(void)
{
	printf("usage: keten render [-f text|md|html|csv] [-w N] [-t TEXT] [-c LIST]\n"
	       "                    [-o FILE] [FILE]\n"
	       "\n"
	       "  -f, --format FMT    text (aligned columns, the default), md, html or csv\n"
	       "  -w, --width N       text: cut cells so that lines fit in N columns (0: no limit)\n"
	       "  -t, --title TEXT    a title above the table\n"
	       "  -c, --columns LIST  the columns to show, in this order (comma-separated)\n"
	       "  -o, --output FILE   write FILE, whole or not at all, instead of stdout\n"
	       "  -h, --help          show this help\n"
	       "      --version       show the version\n"
	       "\n"
	       "Reads FILE, or stdin when FILE is absent or '-'.\n");
}

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
	static const struct option longopts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "width", required_argument, NULL, 'w' },
		{ "title", required_argument, NULL, 't' },
		{ "columns", required_argument, NULL, 'c' },
		{ "output", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	const struct csv_row *h, *row;
	const char **names, **cells;
	size_t *pick, *lens, n, i;
	struct render_table *t;
	struct csvr *r;
	struct csvw *w;
	int c, supp;

	diag_init(argv[0]);
	while ((c = getopt_long(argc, argv, ":f:w:t:c:o:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'f': /* --format */
			if (!render_parse_format(optarg, &format))
				usage_error("--format: not text, md, html or csv: '%s'", optarg);
			break;
		case 'w': /* --width */
			width = (size_t)parse_int_opt("--width", optarg, 0, 1000000);
			break;
		case 't': /* --title */
			title = optarg;
			break;
		case 'c': /* --columns */
			columns = optarg;
			break;
		case 'o': /* --output */
			output = optarg;
			break;
		case 'h': /* --help */
			usage();
			return 0;
		case 'V': /* --version */
			printf("keten-render %s\n", KETEN_VERSION);
			return 0;
		default:
			usage_bad_option(c, argv);
		}
	}
	argc -= optind;
	argv += optind;
	if (argc > 1)
		usage_error("one input file at most: '%s'", argv[1]);

	r = csvr_open(argc ? argv[0] : "-", 0);
	h = csvr_header(r);
	pick = pick_columns(r, &n);
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
	return 0;
}
