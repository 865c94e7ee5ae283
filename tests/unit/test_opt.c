/* Unit tests of lib/opt.c, the table of options: values of shared and own options,
 * defaults, repeated options, the period words and --today, old spellings, the usage
 * errors (unknown option, missing value, bad value naming the option), and the --help text
 * the table gives.  What may end the program runs in a child process; the expected texts
 * and spans are written out by hand from the rules in keten(1), COMMON OPTIONS. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "diag.h"
#include "harness.h"
#include "opt.h"

static kday day(const char *s)
{
	kday d;
	int sec;

	if (date_parse_iso(s, strlen(s), &d, &sec) != 0)
		return INT32_MIN;
	return d;
}

static int flag, pick;
static const char *str, *infile;
static long long num;
static struct opt_list both;
static double lvl;

static const char *const picks[] = { "one", "two", "three", NULL };

static void set_lvl(const char *opt, const char *arg, void *var)
{
	*(double *)var = opt_level(opt, arg);
}

/* clang-format off */
static const struct opt table[] = {
	OPT_TAKE(OPT_BY),
	OPT_TAKE(OPT_UNIT),
	OPT_TAKE(OPT_ASOF),
	OPT_TAKE(OPT_HOLIDAYS),
	OPT_TAKE(OPT_MIN_N),
	OPT_TAKE_FORMATS(FORMAT_BIT(FORMAT_TEXT) | FORMAT_BIT(FORMAT_MD) | FORMAT_BIT(FORMAT_HTML),
			 "html"),
	OPT_TAKE(OPT_TODAY),
	OPT_TAKE_DEF(OPT_MONTH, "last"),
	OPT_TAKE(OPT_COHORT),
	OPT_TAKE(OPT_FROM),
	OPT_TAKE(OPT_TO),
	OPT_TAKE_RANGE_DEF(OPT_TOP, 0, 100, "3"),
	OPT_TAKE(OPT_PER),
	OPT_TAKE(OPT_OUTPUT),
	OPT_FLAG_OWN('x', "extra", "a flag", &flag),
	OPT_STRING_OWN(0, "name", "TEXT", "a string", &str),
	OPT_INT_OWN('n', "number", "N", "a number from 1 to 9", &num, 1, 9),
	OPT_CHOICE_OWN(0, "pick", "WORD", "one, two or three", &pick, picks),
	OPT_LIST_OWN('b', "both", "A,B", "a pair (repeatable)", &both),
	OPT_CALL_OWN(0, "ci", "LEVEL", "a confidence level", set_lvl, &lvl),
	OPT_INFILE_OWN(0, "recode", "FILE", "a file the command reads", &infile),
	OPT_TAKE(OPT_REJECTS),
	OPT_RENAMED('m', NULL, "month", NULL),
	OPT_RENAMED('U', "unit-of-analysis", "per", NULL),
	OPT_RENAMED(0, "segments", "per", "segment"),
	OPT_TABLE_END,
};
/* clang-format on */

static const struct opt_cmd cmd = {
	.name = "t",
	.synopsis = "keten t [OPTION ...] [FILE]",
	.opts = table,
};

/* A table that breaks the rule that a shared letter means the shared option. */
/* clang-format off */
static const struct opt bad_table[] = {
	OPT_TAKE(OPT_BY),
	OPT_FLAG_OWN('k', "keep", "a flag on the letter of --min-n", &flag),
	OPT_TABLE_END,
};
/* clang-format on */

static const struct opt_cmd bad_cmd = { .name = "t", .synopsis = "keten t", .opts = bad_table };

/* Splits a command line (words separated by single spaces) into argv. */
static int split(char *line, char **argv, int max)
{
	int argc = 0;
	char *p;

	argv[argc++] = "keten-t";
	for (p = strtok(line, " "); p && argc < max - 1; p = strtok(NULL, " "))
		argv[argc++] = p;
	argv[argc] = NULL;
	return argc;
}

static void reset(struct opt_set *s)
{
	opt_free(s);
	memset(s, 0, sizeof *s);
	opt_list_free(&both);
	flag = pick = 0;
	str = infile = NULL;
	num = 0;
	lvl = 0;
}

/* Parses line in this process with stderr caught in err (size bytes); returns the index of
 * the first argument. */
static int parse(const struct opt_cmd *c, struct opt_set *s, const char *line, char **argv,
		 char *err, size_t size)
{
	static char buf[512];
	FILE *tmp = tmpfile();
	int fd = dup(2), first, argc;
	size_t n;

	snprintf(buf, sizeof buf, "%s", line);
	argc = split(buf, argv, 32);
	fflush(stderr);
	dup2(fileno(tmp), 2);
	first = opt_parse(c, s, argc, argv);
	fflush(stderr);
	dup2(fd, 2);
	close(fd);
	rewind(tmp);
	n = fread(err, 1, size - 1, tmp);
	err[n] = '\0';
	fclose(tmp);
	return first;
}

/* Runs opt_parse on line in a child; checks its exit status, stdout and stderr. */
static void child(const struct opt_cmd *c, const char *line, int status, const char *out,
		  const char *err, const char *name)
{
	FILE *fo = tmpfile(), *fe = tmpfile();
	char got_out[4096], got_err[1024];
	size_t no, ne;
	int st = -1;
	pid_t pid;

	fflush(stdout);
	fflush(stderr);
	pid = fork();
	if (pid == 0) {
		struct opt_set s = { 0 };
		char buf[512], *argv[32];

		dup2(fileno(fo), 1);
		dup2(fileno(fe), 2);
		snprintf(buf, sizeof buf, "%s", line);
		opt_parse(c, &s, split(buf, argv, 32), argv);
		exit(0);
	}
	waitpid(pid, &st, 0);
	rewind(fo);
	rewind(fe);
	no = fread(got_out, 1, sizeof got_out - 1, fo);
	ne = fread(got_err, 1, sizeof got_err - 1, fe);
	got_out[no] = got_err[ne] = '\0';
	fclose(fo);
	fclose(fe);
	check(WIFEXITED(st) && WEXITSTATUS(st) == status && strcmp(got_out, out) == 0 &&
		      strcmp(got_err, err) == 0,
	      name);
	if (!(WIFEXITED(st) && WEXITSTATUS(st) == status) || strcmp(got_err, err) != 0)
		printf("# status %d, stderr: %s", WIFEXITED(st) ? WEXITSTATUS(st) : -1, got_err);
}

static void usage(const char *line, const char *message, const char *name)
{
	char err[512];

	snprintf(err, sizeof err, "keten-t: %s\nTry 'keten-t --help' for more information.\n",
		 message);
	child(&cmd, line, 2, "", err, name);
}

static void values(void)
{
	struct opt_set s = { 0 };
	char *argv[32], err[512];
	int first;

	first = parse(&cmd, &s,
		      "-g city,chain events.csv -u workdays --asof 2024-06-30 -k 5 -f md "
		      "--holidays a.csv --holidays b.csv -o out.csv",
		      argv, err, sizeof err);
	check(s.by && strcmp(s.by, "city,chain") == 0, "--by keeps its columns as written");
	check(s.unit == UNIT_WORKDAYS, "-u workdays");
	check(s.asof == day("2024-06-30") && opt_given(&s, OPT_ASOF) == 1, "--asof 2024-06-30");
	check(s.min_n == 5, "-k 5 is --min-n 5");
	check(s.format == FORMAT_MD, "-f md");
	check(s.holidays.n == 2 && strcmp(s.holidays.v[0], "a.csv") == 0 &&
		      strcmp(s.holidays.v[1], "b.csv") == 0,
	      "--holidays twice keeps both files in order");
	check(s.output && strcmp(s.output, "out.csv") == 0, "-o out.csv");
	check(first == 17 && strcmp(argv[first], "events.csv") == 0,
	      "an argument among the options is moved after them");
	check(*err == '\0', "nothing on stderr");
	reset(&s);

	parse(&cmd, &s, "", argv, err, sizeof err);
	check(s.format == FORMAT_HTML && opt_given(&s, OPT_FORMAT) == 0,
	      "the default format applies and does not count as given");
	check(s.top == 3 && opt_given(&s, OPT_TOP) == 0, "the default of --top is 3");
	check(s.unit == UNIT_DAYS && s.by == NULL && s.output == NULL,
	      "options not given keep their zero");
	reset(&s);

	parse(&cmd, &s, "--by a --by b --top 7 -t 8 --format=text --for md", argv, err, sizeof err);
	check(strcmp(s.by, "b") == 0 && opt_given(&s, OPT_BY) == 2,
	      "a repeated option: the last value holds, both are counted");
	check(s.top == 8 && opt_seen(&s, "top") == 2, "--top 7 -t 8 is 8, seen twice");
	check(s.format == FORMAT_MD, "--format=text and then --for (shortened) md");
	reset(&s);

	parse(&cmd, &s, "-x --name hallo -n 3 --number=4 --pick two -b a,b -ba,c --ci 90", argv,
	      err, sizeof err);
	check(flag == 1 && str && strcmp(str, "hallo") == 0, "own flag and string");
	check(num == 4 && opt_seen(&s, "number") == 2, "own number, repeated");
	check(pick == 1, "own choice: two is the second word");
	check(both.n == 2 && strcmp(both.v[0], "a,b") == 0 && strcmp(both.v[1], "a,c") == 0,
	      "own list, with the value glued to the letter");
	check(lvl > 0.8999 && lvl < 0.9001, "own option read by the command's function");
	check(opt_seen(&s, "extra") == 1 && opt_seen(&s, "pick") == 1 &&
		      opt_seen(&s, "name") == 1 && opt_seen(&s, "month") == 0,
	      "opt_seen counts own and shared options by name");
	reset(&s);
}

static void periods(void)
{
	struct opt_set s = { 0 };
	char *argv[32], err[512];

	parse(&cmd, &s, "--month last --today 2026-01-15", argv, err, sizeof err);
	check(s.today == day("2026-01-15") && s.month.from == day("2025-12-01") &&
		      s.month.to == day("2025-12-31"),
	      "--month last with --today after it: December 2025");
	reset(&s);

	parse(&cmd, &s, "--cohort last-month --today 2026-01-15", argv, err, sizeof err);
	check(s.cohort.from == day("2025-12-01") && s.cohort.to == day("2025-12-31") &&
		      s.month.from == day("2025-12-01") && opt_given(&s, OPT_MONTH) == 0,
	      "--cohort last-month is the month of --month last (its default here)");
	reset(&s);

	parse(&cmd, &s, "--month 2026-02 --today 2026-05-20 --from 2026-01-01 --to 2026-01-31",
	      argv, err, sizeof err);
	check(s.month.from == day("2026-02-01") && s.month.to == day("2026-02-28") &&
		      s.from == day("2026-01-01") && s.to == day("2026-01-31"),
	      "--month, --from and --to");
	reset(&s);
}

static void old_spellings(void)
{
	struct opt_set s = { 0 };
	char *argv[32], err[512];

	parse(&cmd, &s, "-m 2026-03 --today 2026-05-01", argv, err, sizeof err);
	check(s.month.from == day("2026-03-01") && s.month.to == day("2026-03-31") &&
		      opt_given(&s, OPT_MONTH) == 1,
	      "-m, the old spelling, stores --month");
	check(strcmp(err, "keten-t: -m is deprecated, use --month\n") == 0,
	      "-m says on stderr that it is deprecated");
	reset(&s);

	parse(&cmd, &s, "--unit-of-analysis segment", argv, err, sizeof err);
	check(s.per_segment == 1, "--unit-of-analysis segment stores --per segment");
	check(strcmp(err, "keten-t: --unit-of-analysis is deprecated, use --per\n") == 0,
	      "a long old spelling names itself");
	reset(&s);

	parse(&cmd, &s, "-U segment", argv, err, sizeof err);
	check(s.per_segment == 1 && strcmp(err, "keten-t: -U is deprecated, use --per\n") == 0,
	      "the letter of an old spelling: the new word has no letter");
	reset(&s);

	parse(&cmd, &s, "--segments", argv, err, sizeof err);
	check(s.per_segment == 1 &&
		      strcmp(err, "keten-t: --segments is deprecated, use --per segment\n") == 0,
	      "an old flag that stands for an option and its value");
	reset(&s);
}

/* An own option that names a file to read is an input like the arguments: --rejects may
 * not be it, by name or by the file the name reaches; another name is no clash. */
static void input_files(void)
{
	struct opt_set s = { 0 };
	char dir[] = "/tmp/test_opt.XXXXXX", file[64], link[64], line[256], msg[512], *argv[32];
	char err[512];
	FILE *fp;

	if (!mkdtemp(dir)) {
		check(0, "a temporary directory for the input files");
		return;
	}
	snprintf(file, sizeof file, "%s/r.csv", dir);
	snprintf(link, sizeof link, "%s/link.csv", dir);
	fp = fopen(file, "w");
	if (fp)
		fclose(fp);
	if (!fp || symlink("r.csv", link) != 0) {
		check(0, "the input files");
		return;
	}

	snprintf(line, sizeof line, "--recode %s --rejects %s/other.csv", file, dir);
	parse(&cmd, &s, line, argv, err, sizeof err);
	check(infile && strcmp(infile, file) == 0 && opt_seen(&s, "recode") == 1 && *err == '\0',
	      "an own input file is stored as written; --rejects may name another file");
	reset(&s);

	snprintf(line, sizeof line, "--rejects %s --recode %s", file, file);
	snprintf(msg, sizeof msg, "--rejects '%s' is the same file as --recode '%s'", file, file);
	usage(line, msg, "--rejects naming an own input file is a usage error");
	snprintf(line, sizeof line, "--recode %s --rejects %s", file, link);
	snprintf(msg, sizeof msg, "--rejects '%s' is the same file as --recode '%s'", link, file);
	usage(line, msg, "--rejects reaching an own input file through a link");
	snprintf(line, sizeof line, "--rejects %s %s", file, file);
	snprintf(msg, sizeof msg, "--rejects '%s' is the same file as input '%s'", file, file);
	usage(line, msg, "--rejects naming an argument, as before");

	unlink(link);
	unlink(file);
	rmdir(dir);
}

static const char help_want[] =
	"usage: keten s [-g COLS] [FILE]\n"
	"\n"
	"  -g, --by COLS        group by these columns (comma-separated)\n"
	"  -f, --format FORMAT  html (default) or md\n"
	"  -t, --top N          show at most N rows per group, or N knelpunten per phase\n"
	"                       (default 3)\n"
	"  -a, --asof DATE      see the data as of DATE: later events are not seen\n"
	"                       (default: the latest date)\n"
	"  -x, --extra          a flag whose help is long enough to be wrapped at the\n"
	"                       eightieth column of the terminal\n"
	"      --pick WORD      one\n"
	"                       two\n"
	"  -h, --help           show this help\n"
	"      --version        show the version\n"
	"Reads FILE.\n";

/* clang-format off */
static const struct opt small[] = {
	OPT_TAKE(OPT_BY),
	OPT_TAKE_FORMATS(FORMAT_BIT(FORMAT_MD) | FORMAT_BIT(FORMAT_HTML), "html"),
	OPT_TAKE_RANGE_DEF(OPT_TOP, 0, 100, "3"),
	OPT_TAKE_NOTE(OPT_ASOF, "default: the latest date"),
	OPT_FLAG_OWN('x', "extra",
		     "a flag whose help is long enough to be wrapped at the eightieth column of "
		     "the terminal",
		     &flag),
	OPT_CHOICE_OWN(0, "pick", "WORD", "one\ntwo", &pick, picks),
	OPT_RENAMED('m', NULL, "by", NULL),
	OPT_TABLE_END,
};
/* clang-format on */

static const struct opt_cmd small_cmd = {
	.name = "s",
	.synopsis = "keten s [-g COLS] [FILE]",
	.opts = small,
	.footer = "Reads FILE.\n",
};

static void help(void)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);

	opt_help(&small_cmd, fp);
	fclose(fp);
	check(strcmp(buf, help_want) == 0,
	      "help: the table in order, old spellings left out, wrapped to 80 columns");
	if (strcmp(buf, help_want) != 0)
		printf("# got:\n%s", buf);
	free(buf);
	child(&small_cmd, "-g x --help --bogus", 0, help_want, "",
	      "--help writes the help and ends the run before later options");
	child(&small_cmd, "--version", 0, "keten-s " KETEN_VERSION "\n", "",
	      "--version says the program and version");
}

int main(void)
{
	diag_init("keten-t");
	values();
	periods();
	old_spellings();
	input_files();

	usage("--bogus", "unknown option '--bogus'", "an unknown long option is a usage error");
	usage("-q", "unknown option '-q'", "an unknown letter is a usage error");
	usage("--by", "option '--by' needs a value", "a missing value of a long option");
	usage("-x -k", "option '-k' needs a value", "a missing value of a letter");
	usage("-k many", "--min-n: not a whole number: 'many'",
	      "a bad value names the option by its word, also when given by letter");
	usage("--top 101", "--top: out of range [0, 100]: '101'",
	      "the range the command gives a shared integer");
	usage("--format svg", "--format: not html, text or md: 'svg'",
	      "--format names the formats of the command, its default first");
	usage("--unit weeks", "--unit: not days, workdays or hours: 'weeks'", "--unit");
	usage("--asof 2024-02-30", "--asof: not a date (YYYY-MM-DD): '2024-02-30'", "--asof");
	usage("--per page", "--per: not interview or segment: 'page'", "--per");
	usage("--month 2026-13", "--month: not YYYY-MM, this or last: '2026-13'", "--month");
	usage("--cohort last", "--cohort: not a period: 'last'",
	      "--cohort takes last-month, not the bare last of --month");
	usage("--today 2026-1-5", "--today: not a date (YYYY-MM-DD): '2026-1-5'", "--today");
	usage("--from 2026-01-01T10:00", "--from: not a date (YYYY-MM-DD): '2026-01-01T10:00'",
	      "--from");
	usage("-n 10", "--number: out of range [1, 9]: '10'", "an own integer out of range");
	usage("--pick four", "--pick: not one, two or three: 'four'", "an own choice");
	usage("--ci 0", "--ci: not a confidence level: '0'", "an own option read by the command");
	usage("-m", "option '-m' needs a value", "an old spelling needs the value of its option");
	child(&bad_cmd, "", 1, "",
	      "keten-t: the option table of keten-t: a letter of a shared option: 'k'\n",
	      "a table whose own option takes a shared letter is refused");
	help();
	opt_list_free(&both);
	return failed;
}
