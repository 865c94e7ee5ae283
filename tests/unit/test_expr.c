/* Unit tests of lib/expr.c: the comparison rules on values that the command-line cases
 * cannot reach easily, and the exact text of every parse and bind error. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csvio.h"
#include "expr.h"

static int failures;

static void ok(int cond, const char *name)
{
	printf("%sok - %s\n", cond ? "" : "not ", name);
	if (!cond)
		failures++;
}

/* The header every case is bound to, and the row it is evaluated on: v holds the
 * value of column v, and the other columns hold what their names say. */
static char *names[] = { "v", "empty", "not", "in", "c d", "and" };
#define WIDTH (sizeof names / sizeof *names)

static struct csv_row make_row(char **f, size_t *len)
{
	struct csv_row r = { .n = WIDTH, .f = f, .len = len, .line = 2 };
	size_t i;

	for (i = 0; i < WIDTH; i++)
		len[i] = strlen(f[i]);
	return r;
}

/* Evaluates text on a row whose column v holds value; -1 when it does not parse. */
static int eval_on(const char *text, const char *value)
{
	char *f[WIDTH] = { (char *)value, "e", "n", "i", "space", "a" };
	size_t len[WIDTH];
	struct csv_row hdr, row;
	size_t hlen[WIDTH];
	char *err = NULL;
	struct expr *e = expr_parse(text, &err);
	int v;

	if (!e) {
		free(err);
		return -1;
	}
	hdr = make_row(names, hlen);
	if (expr_bind(e, &hdr, &err) != 0) {
		free(err);
		expr_free(e);
		return -1;
	}
	row = make_row(f, len);
	v = expr_eval(e, &row);
	expr_free(e);
	return v;
}

/* clang-format off */
static const struct {
	const char *expr, *value;
	int want;
} evals[] = {
	/* Numbers: both sides numbers compare as numbers. */
	{ "v = 1.50", "1.5", 1 },
	{ "v = 1.5", "+1.500", 1 },
	{ "v = 0", "-0", 1 },
	{ "v = 0.3", "0.30", 1 },
	{ "v = .5", "0.5", 1 },
	{ "v = 5.", "5", 1 },
	{ "v = 007", "7", 1 },
	{ "v < 10", "9", 1 },
	{ "v < 10", "9.999", 1 },
	{ "v > -1", "-0.5", 1 },
	{ "v < -1", "-2", 1 },
	{ "v = 12345678901234567890", "12345678901234567890", 1 },
	{ "v < 12345678901234567890", "12345678901234567891", 0 },
	{ "v = 0.1", "0.10000000000000000000000001", 1 },
	/* Not numbers: an exponent, a comma, spaces, a lone sign or point. */
	{ "v = 1000", "1e3", 0 },
	{ "v = 3.5", "3,5", 0 },
	{ "v = 5", " 5", 0 },
	{ "v = 5", "5 ", 0 },
	{ "v < 5", "-", 1 },
	{ "v = .", ".", 1 },
	/* A number against a string compares bytes: "abc" > "10", "" < anything. */
	{ "v > 10", "abc", 1 },
	{ "v < 10", "", 1 },
	/* Strings compare as bytes, and a prefix is less. */
	{ "v < b", "a", 1 },
	{ "v < ab", "a", 1 },
	{ "v > ab", "abc", 1 },
	{ "v < a", "B", 1 },
	{ "v = zakelijk", "Zakelijk", 0 },
	{ "v = \"\"", "", 1 },
	{ "v != ''", "", 0 },
	/* Dates compare as dates; without a time on either side, by day. */
	{ "v < 2024-03-01", "2024-02-29", 1 },
	{ "v = 2024-02-29", "2024-02-29T23:59", 1 },
	{ "v = 2024-02-29T10:00", "2024-02-29", 1 },
	{ "v < 2024-02-29T10:00", "2024-02-29T09:59:59", 1 },
	{ "v = 2024-02-29T10:00", "2024-02-29 10:00:00", 1 },
	{ "v > 2023-12-31T23:59", "2024-01-01T00:00", 1 },
	/* Not a date on one side: bytes ("2023-02-29" does not exist). */
	{ "v < 2023-03-01", "2023-02-29", 1 },
	{ "v = 2024-1-5", "2024-01-05", 0 },
	/* Regular expressions: extended, unanchored, case-sensitive. */
	{ "v ~ ^ab+c$", "abbbc", 1 },
	{ "v ~ 'b{2}'", "abbc", 1 },
	{ "v ~ '(x|y)z'", "ayz", 1 },
	{ "v !~ '[[:digit:]]'", "abc", 1 },
	{ "v ~ Hum", "humanitas", 0 },
	{ "v ~ ''", "", 1 },
	{ "v ~ '[*+]+'", "+*", 1 },
	{ "v ~ '\\++'", "a+", 1 },
	{ "v ~ 'a{2}b*c+d?'", "aacd", 1 },
	{ "v ~ '[]*]{2}'", "*]", 1 },
	{ "v ~ '[[:alpha:]*]+'", "*x", 1 },
	/* Lists: each item compares like =. */
	{ "v in (1, 2.0, x)", "2", 1 },
	{ "v in (a,'b c',\"d,e\")", "d,e", 1 },
	{ "v not in (a, b)", "c", 1 },
	{ "v not in (a, b)", "b", 0 },
	{ "v in (2024-01-01)", "2024-01-01T08:00", 1 },
	/* Quotes: doubled inside, either kind. */
	{ "v = '''s-Hertogenbosch'", "'s-Hertogenbosch", 1 },
	{ "v = \"say \"\"hi\"\"\"", "say \"hi\"", 1 },
	{ "v = \"it's\"", "it's", 1 },
	/* empty() and the keyword names as columns. */
	{ "empty(v)", "", 1 },
	{ "empty(v)", " ", 0 },
	{ "empty(\"c d\")", "x", 0 },
	{ "\"c d\" = space", "x", 1 },
	{ "empty = e", "x", 1 },
	{ "not = n", "x", 1 },
	{ "in = i", "x", 1 },
	{ "and = a and not = n", "x", 1 },
	{ "not not = n", "x", 0 },
	/* Precedence: not binds tighter than and, and tighter than or. */
	{ "v = 1 or v = 2 and v = 3", "1", 1 },
	{ "(v = 1 or v = 2) and v = 3", "1", 0 },
	{ "not v = 1 and v = 2", "2", 1 },
	{ "not (v = 2 and v = 2)", "2", 0 },
	{ "not v = 1 or v = 1", "1", 1 },
	{ "v=1 or v=2 or v=3", "3", 1 },
	{ "v=1 and v=1 and v=2", "1", 0 },
	{ "((((v = 1))))", "1", 1 },
	{ "v == 1", "1", 1 },
	{ "v=1", "1", 1 },
	{ "v!=1", "1", 0 },
	{ "v<=1", "1", 1 },
	{ "v>=1", "1", 1 },
	{ "v<1", "1", 0 },
	{ "v>1", "1", 0 },
	{ "v!~1", "1", 0 },
	{ "v~1", "1", 1 },
};
/* clang-format on */

/* clang-format off */
static const struct {
	const char *expr, *err;
} errors[] = {
	{ "", "at character 1: expected a column name, found the end" },
	{ "v", "at character 2: expected an operator (= != < <= > >= ~ !~ in) after column 'v', "
	       "found the end" },
	{ "v =", "at character 4: expected a value after '=', found the end" },
	{ "v = (", "at character 5: expected a value after '=', found '('" },
	{ "v = 'abc", "at character 5: expected a value after '=', found an unterminated quote" },
	{ "v ! 1", "at character 3: expected an operator (= != < <= > >= ~ !~ in) after column "
		   "'v', found '!'" },
	{ "v = 1 v = 2", "at character 7: expected 'and', 'or' or the end, found 'v'" },
	{ "v = 1)", "at character 6: unexpected ')'" },
	{ "(v = 1", "at character 7: expected ')', found the end" },
	{ "v = 1 and", "at character 10: expected a column name, found the end" },
	{ "or v = 1", "at character 4: expected an operator (= != < <= > >= ~ !~ in) after column "
		      "'or', found 'v'" },
	{ "not", "at character 4: expected a column name, found the end" },
	{ "v in a", "at character 6: expected '(' after 'in', found 'a'" },
	{ "v in ()", "at character 7: expected a value after 'in (', found ')'" },
	{ "v in (a b)", "at character 9: expected ',' or ')' in the list, found 'b'" },
	{ "v in (a,)", "at character 9: expected a value after ',', found ')'" },
	{ "v not x", "at character 7: expected 'in' after 'not', found 'x'" },
	{ "empty()", "at character 7: expected a column name in empty(), found ')'" },
	{ "empty(v w)", "at character 9: expected ')' after the column of empty(), found 'w'" },
	{ "v ~ '('", "at character 5: bad regular expression: unmatched ( or \\(" },
	{ "v ~ '(a{200}){99}'", "at character 5: bad regular expression: its repetitions expand "
			     "to more than 10000 elements" },
	{ "v ~ a+++++++++++++++", "at character 5: bad regular expression: two repetition "
				"operators in a row" },
	{ "v ~ '((((((((((((((a+)+)+)+)+)+)+)+)+)+)+)+)+)+)'", "at character 5: bad regular "
	  "expression: its repetitions expand to more than 10000 elements" },
	{ "v ~ '((a{,200}){,200})'", "at character 5: bad regular expression: its repetitions "
				     "expand to more than 10000 elements" },
	{ "v ~ 'a*{2}'", "at character 5: bad regular expression: two repetition operators "
			 "in a row" },
	{ "v = aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa b", "at character 47: expected 'and', 'or' "
							   "or the end, found 'b'" },
	{ "v = 1 and bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb", "at character 57: expected "
	  "an operator (= != < <= > >= ~ !~ in) after column "
	  "'bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb', found the end" },
	{ "v = 1 or 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx' 'y'",
	  "at character 63: expected an operator (= != < <= > >= ~ !~ in) after column "
	  "'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx', found 'y'" },
};
/* clang-format on */

static void test_errors(void)
{
	size_t i;

	for (i = 0; i < sizeof errors / sizeof *errors; i++) {
		char *err = NULL, name[160];
		struct expr *e = expr_parse(errors[i].expr, &err);
		int good = !e && err && strcmp(err, errors[i].err) == 0;

		snprintf(name, sizeof name, "error: %s", errors[i].expr);
		ok(good, name);
		if (!good)
			printf("#   got: %s\n#  want: %s\n", err ? err : "(none)", errors[i].err);
		free(err);
		expr_free(e);
	}
}

/* Deep nesting is refused before it can exhaust the stack; 64 levels are fine. */
static void test_depth(void)
{
	char text[4096], *err = NULL;
	struct expr *e;
	int i, n = 0;

	for (i = 0; i < 64; i++)
		n += sprintf(text + n, "(");
	n += sprintf(text + n, "v = 1");
	for (i = 0; i < 64; i++)
		n += sprintf(text + n, ")");
	ok(eval_on(text, "1") == 1, "64 parentheses");
	memmove(text + 1, text, (size_t)n + 1);
	text[0] = '(';
	strcat(text, ")");
	e = expr_parse(text, &err);
	ok(!e && err && strcmp(err, "at character 65: nested more than 64 deep") == 0,
	   "65 parentheses");
	free(err);
	n = 0;
	for (i = 0; i < 65; i++)
		n += sprintf(text + n, "not ");
	sprintf(text + n, "v = 1");
	err = NULL;
	e = expr_parse(text, &err);
	ok(!e && err && strcmp(err, "at character 257: nested more than 64 deep") == 0, "65 nots");
	free(err);
	/* A long chain of and is no nesting at all. */
	n = 0;
	for (i = 0; i < 200; i++)
		n += sprintf(text + n, "%sv = 1", i ? " and " : "");
	ok(eval_on(text, "1") == 1, "200 operands of and");
}

static void test_bind(void)
{
	char *err = NULL;
	struct expr *e = expr_parse("v = 1 or nope = 2", &err);
	struct csv_row hdr;
	size_t hlen[WIDTH];

	hdr = make_row(names, hlen);
	ok(e && expr_bind(e, &hdr, &err) == -1 && err &&
		   strcmp(err, "no column 'nope' (columns: v, empty, not, in, c d, and)") == 0,
	   "bind names the unknown column and the columns there are");
	free(err);
	expr_free(e);
}

int main(void)
{
	size_t i;

	for (i = 0; i < sizeof evals / sizeof *evals; i++) {
		char name[160];
		int got = eval_on(evals[i].expr, evals[i].value);

		snprintf(name, sizeof name, "'%s' on '%s' is %d", evals[i].expr, evals[i].value,
			 evals[i].want);
		ok(got == evals[i].want, name);
		if (got != evals[i].want)
			printf("#   got %d\n", got);
	}
	test_errors();
	test_depth();
	test_bind();
	return failures != 0;
}
