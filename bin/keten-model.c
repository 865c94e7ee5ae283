/* keten-model: print the built-in chain model as a model file, or check a model file. */
#include <stdio.h>
#include <stdlib.h>

#include "csvio.h"
#include "diag.h"
#include "model.h"
#include "opt.h"

static struct opt_set set;     /* the shared options */
static const char *check_file; /* --check FILE */

/* clang-format off */
static const struct opt opts[] = {
	OPT_STRING_OWN(0, "check", "FILE", "validate a model file; print a summary of it",
		       &check_file),
	OPT_TAKE(OPT_MODEL),
	/* keten 0.1 took -c for --check and -m for --model (keten-model(1), Deprecated
	 * spellings): -c is --codes FILE and -m is --map elsewhere. */
	OPT_RENAMED('c', NULL, "check", NULL),
	OPT_RENAMED('m', NULL, "model", NULL),
	OPT_TABLE_END,
};
/* clang-format on */

static const struct opt_cmd cmd = {
	.name = "model",
	.synopsis = "keten model [-M FILE]\n"
		    "       keten model --check FILE",
	.opts = opts,
};

int main(int argc, char **argv)
{
	struct model *m;
	struct csvw *w;
	int first;

	diag_init(argv[0]);
	first = opt_parse(&cmd, &set, argc, argv);
	argc -= first;
	argv += first;
	if (argc > 0)
		usage_error("unexpected argument: '%s'", argv[0]);
	if (check_file && set.model)
		usage_error("--check and --model exclude each other");

	if (check_file) {
		/* model_load exits with a message naming the line of the first problem. */
		m = model_load(check_file);
		printf("%s: ok: %zu stages, %zu phases, %zu norms\n", check_file, m->nstages,
		       m->nphases, m->nnorms);
		model_free(m);
		return 0;
	}
	m = model_get(set.model);
	w = csvw_open("-");
	model_write(m, w);
	csvw_close(w);
	model_free(m);
	return 0;
}
