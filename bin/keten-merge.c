/* keten-merge: the table of a command on the union of its parts, from the partial results
 * that the command wrote with --partial on each part (keten-merge(1)). */
#include <stdio.h>
#include <stdlib.h>

#include "csvio.h"
#include "date.h"
#include "diag.h"
#include "holidays.h"
#include "i18n.h"
#include "journey_draw.h"
#include "opt.h"
#include "partial.h"

static struct opt_set set; /* the shared options */

/* clang-format off */
static const struct opt opts[] = {
	OPT_TAKE_NOTE(OPT_MIN_N, "default: the largest --min-n of the partials"),
	OPT_TAKE(OPT_PARTIAL),
	OPT_TAKE(OPT_OUTPUT),
	OPT_TABLE_END,
};
/* clang-format on */

static const struct opt_cmd cmd = {
	.name = "merge",
	.synopsis = "keten merge [-k K] [--partial] [-o FILE] FILE ...",
	.opts = opts,
	.footer = N_("Reads the partial results FILE ... of one command with the same options.\n"),
};

static void add_holidays(const char *path)
{
	holidays_add_file(cal_default(), path);
}

/* keten klantreis -f csv, without knelpunten (a partial takes no --codes). */
static void write_journeys(const struct evlog *l, const struct journey *j, size_t nj,
			   enum wait_unit unit, struct csvw *w)
{
	journey_csv(l, j, nj, NULL, NULL, 3, unit, w);
}

int main(int argc, char **argv)
{
	struct partial_merge o = { .add_holidays = add_holidays, .write_journeys = write_journeys };
	struct csvw *w;
	int first;

	diag_init(argv[0]);
	first = opt_parse(&cmd, &set, argc, argv);
	if (first == argc)
		usage_error("no partial to merge");
	o.partial = set.partial;
	o.min_n = set.min_n;
	o.min_n_given = opt_given(&set, OPT_MIN_N) > 0;
	w = csvw_open(set.output);
	partial_merge(argv + first, (size_t)(argc - first), &o, w);
	csvw_close(w);
	cal_free();
	opt_free(&set);
	return 0;
}
