/* keten-model: print the built-in chain model as a model file, or check a model file. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "csvio.h"
#include "diag.h"
#include "model.h"

static const char *check_file; /* --check FILE */
static const char *model_file; /* --model FILE */

static void usage(void)
{
	printf("usage: keten model [--model FILE]\n"
	       "       keten model --check FILE\n"
	       "\n"
	       "  -c, --check FILE   validate a model file; print a summary of it\n"
	       "  -m, --model FILE   print this model file instead of the built-in model\n"
	       "  -h, --help         show this help\n"
	       "      --version      show the version\n");
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "check", required_argument, NULL, 'c' },
		{ "model", required_argument, NULL, 'm' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	struct model *m;
	struct csvw *w;
	int ch;

	diag_init(argv[0]);
	while ((ch = getopt_long(argc, argv, ":c:m:h", longopts, NULL)) != -1) {
		switch (ch) {
		case 'c': /* --check */
			check_file = optarg;
			break;
		case 'm': /* --model */
			model_file = optarg;
			break;
		case 'h': /* --help */
			usage();
			return 0;
		case 'V': /* --version */
			printf("keten-model %s\n", KETEN_VERSION);
			return 0;
		default:
			usage_bad_option(ch, argv);
		}
	}
	argc -= optind;
	argv += optind;
	if (argc > 0)
		usage_error("unexpected argument: '%s'", argv[0]);
	if (check_file && model_file)
		usage_error("--check and --model exclude each other");

	if (check_file) {
		/* model_load exits with a message naming the line of the first problem. */
		m = model_load(check_file);
		printf("%s: ok: %zu stages, %zu phases, %zu norms\n", check_file, m->nstages,
		       m->nphases, m->nnorms);
		model_free(m);
		return 0;
	}
	m = model_get(model_file);
	w = csvw_open("-");
	model_write(m, w);
	csvw_close(w);
	model_free(m);
	return 0;
}
