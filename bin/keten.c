/* keten: the dispatcher; "keten VERB ARGS" runs keten-VERB, found next to keten first. */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "diag.h"

/* The verbs and what each does, in the order a new user meets them. */
/* clang-format off */
static const struct verb {
	const char *name;
	const char *what;
} verbs[] = {
	{ "import", "turn a municipal, process-mining or QDA export into keten CSV" },
	{ "filter", "select rows, periods and cases" },
	{ "waits", "wait times per transition, against the Wgs norms" },
	{ "bottleneck", "where the chain holds people longest or loses them" },
	{ "flow", "how cases move between stages and organisations" },
	{ "klantreis", "the client journey table along the klantreis phases" },
	{ "report", "the monthly summary as one HTML or Markdown page" },
	{ "simulate", "what-if scenarios on a model of the chain fitted to its log" },
	{ "codes", "frequencies and co-occurrence of interview codes" },
	{ "agree", "inter-coder agreement on coded interviews" },
	{ "merge", "the figures of the whole from the partial results of its parts" },
	{ "render", "show any keten CSV as text, Markdown or HTML" },
	{ "gen", "write realistic synthetic events and interview codes" },
	{ "model", "print or check the chain model" },
	{ "calendar", "the Dutch working-day calendar" },
};
/* clang-format on */

static void usage(FILE *fp)
{
	fprintf(fp, "usage: keten VERB [ARG ...]\n"
		    "       keten help VERB\n"
		    "       keten --version | --help\n");
}

static void list_verbs(void)
{
	size_t i;

	usage(stdout);
	printf("\nverbs:\n");
	for (i = 0; i < sizeof verbs / sizeof *verbs; i++)
		printf("  %-11s %s\n", verbs[i].name, verbs[i].what);
	printf("\n'keten help VERB' shows the manual of a verb.\n");
}

static int known(const char *v)
{
	size_t i;

	for (i = 0; i < sizeof verbs / sizeof *verbs; i++)
		if (strcmp(verbs[i].name, v) == 0)
			return 1;
	return 0;
}

/* The directory this program lives in, so that keten-VERB beside it wins over PATH. */
static char *self_dir(const char *argv0)
{
	char buf[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", buf, sizeof buf - 1);
	char *slash;

	if (n > 0) {
		buf[n] = '\0';
	} else if (strchr(argv0, '/')) {
		snprintf(buf, sizeof buf, "%s", argv0);
	} else {
		return NULL;
	}
	slash = strrchr(buf, '/');
	if (!slash)
		return NULL;
	*slash = '\0';
	return xstrdup(buf);
}

/* Shows the manual of keten-VERB (page): by man, else by mandoc, else, where neither is
 * installed, the command's own --help (keten(1), "keten help"); ends with a message when
 * none of them could be run. */
static noreturn void help_verb(const char *argv0, const char *page)
{
	char path[PATH_MAX], prog[PATH_MAX], *dir = self_dir(argv0);
	int have = 0;

	/* In a build tree the page beside the programs is the one that matches them; an
	 * installed keten finds its page under share/man beside bin. */
	if (dir) {
		snprintf(path, sizeof path, "%s/../man/man1/%s.1", dir, page);
		if (access(path, R_OK) != 0)
			snprintf(path, sizeof path, "%s/../share/man/man1/%s.1", dir, page);
		have = access(path, R_OK) == 0;
	}
	if (have)
		execlp("man", "man", "-l", path, (char *)NULL);
	else
		execlp("man", "man", page, (char *)NULL);
	/* mandoc formats a page it is given; it has no index of pages to search. */
	if (have)
		execlp("mandoc", "mandoc", "-a", path, (char *)NULL);
	if (dir) {
		snprintf(prog, sizeof prog, "%s/%s", dir, page);
		free(dir);
		if (access(prog, X_OK) == 0)
			execl(prog, prog, "--help", (char *)NULL);
	}
	execlp(page, page, "--help", (char *)NULL);
	die("cannot run man, mandoc or %s --help: %s", page, strerror(errno));
}

int main(int argc, char **argv)
{
	char prog[256], path[PATH_MAX];
	char *dir;

	diag_init(argv[0]);
	if (argc < 2) {
		list_verbs();
		return 0;
	}
	if (strcmp(argv[1], "--version") == 0) {
		printf("keten %s\n", KETEN_VERSION);
		return 0;
	}
	if (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0) {
		list_verbs();
		return 0;
	}
	if (argv[1][0] == '-')
		usage_error("unknown option: '%s'", argv[1]);
	if (strcmp(argv[1], "help") == 0) {
		char page[300];

		if (argc < 3) {
			list_verbs();
			return 0;
		}
		if (!known(argv[2]))
			usage_error("no such verb: '%s'", argv[2]);
		snprintf(page, sizeof page, "keten-%s", argv[2]);
		fflush(stdout);
		help_verb(argv[0], page);
	}
	if (strlen(argv[1]) > 200 || strchr(argv[1], '/'))
		usage_error("no such verb: '%s'", argv[1]);
	snprintf(prog, sizeof prog, "keten-%s", argv[1]);
	argv[1] = prog;
	fflush(stdout);
	dir = self_dir(argv[0]);
	if (dir) {
		snprintf(path, sizeof path, "%s/%s", dir, prog);
		free(dir);
		if (access(path, X_OK) == 0) {
			execv(path, argv + 1);
			die("cannot run %s: %s", path, strerror(errno));
		}
	}
	execvp(prog, argv + 1);
	if (errno == ENOENT)
		usage_error("no such verb: '%s'", prog + 6);
	die("cannot run %s: %s", prog, strerror(errno));
}
