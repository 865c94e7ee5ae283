/* keten-model: print the built-in chain model as a model file, check a model file, or infer
 * one from an event log. */
#include <stdio.h>
#include <stdlib.h>

#include "csvio.h"
#include "diag.h"
#include "events.h"
#include "model.h"
#include "opt.h"

static struct opt_set set;     /* the shared options */
static const char *check_file; /* --check FILE */
static int infer;              /* --infer */

/* clang-format off */
static const struct opt opts[] = {
	OPT_STRING_OWN(0, "check", "FILE", "validate a model file; print a summary of it",
		       &check_file),
	OPT_FLAG_OWN(0, "infer", "infer a model from the events of FILE (default: stdin)", &infer),
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
		    "       keten model --check FILE\n"
		    "       keten model --infer [FILE]",
	.opts = opts,
};

/* Writes the model inferred from the events of path (keten-model(1), "Inferred models"). */
static void write_inferred(const char *path)
{
	struct model *m = model_get(MODEL_INFER);
	struct evopts eo = { 0 };
	struct evlog *l;
	struct csvw *w;

	eo.m = m;
	l = evlog_load(path, &eo);
	/* A model file needs a stage (model_load): an empty log gives nothing to write. */
	if (l->n == 0)
		die("%s: no events to infer a model from", l->name);
	w = csvw_open("-");
	model_write(m, w);
	csvw_close(w);
	evlog_free(l);
	model_free(m);
}

int main(int argc, char **argv)
{
	struct model *m;
	struct csvw *w;
	int first;

	diag_init(argv[0]);
	first = opt_parse(&cmd, &set, argc, argv);
	argc -= first;
	argv += first;
	if (check_file && (set.model || infer))
		usage_error("--check and --%s exclude each other", infer ? "infer" : "model");
	if (infer && set.model && !model_is_infer(set.model))
		usage_error("--infer and --model exclude each other");
	/* -M infer prints the model inferred from the events, as every command that takes
	 * -M reads it. */
	infer |= model_is_infer(set.model);
	if (argc > 0 && !infer)
		usage_error("unexpected argument: '%s'", argv[0]);
	if (argc > 1)
		usage_error("one input file at most, not %d", argc);

	if (check_file) {
		/* model_load exits with a message naming the line of the first problem. */
		m = model_load(check_file);
		printf("%s: ok: %zu stages, %zu phases, %zu norms\n", check_file, m->nstages,
		       m->nphases, m->nnorms);
		model_free(m);
		return 0;
	}
	if (infer) {
		write_inferred(argc ? argv[0] : "-");
		opt_free(&set);
		return 0;
	}
	m = model_get(set.model);
	w = csvw_open("-");
	model_write(m, w);
	csvw_close(w);
	model_free(m);
	return 0;
}
