/* fuzz_expr: libFuzzer target for the filter expression parser and evaluator.  The input
 * up to its first newline is an expression; what follows, split at commas, is one more
 * row to evaluate it on.  An expression that parses must bind or give a message, must
 * evaluate to 0 or 1 on every row, and "not (E)" must evaluate to the opposite of E. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "csvio.h"
#include "expr.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define WIDTH 6

static char *names[WIDTH] = { "a", "b", "date", "c d", "not", "in" };
static const char *rows[][WIDTH] = {
	{ "1", "x", "2024-02-29", "", "0", "a,b" },
	{ "-2.50", "zakelijk", "2024-03-01T10:15", "Den Haag", "1", "" },
	{ "abc", "", "2023-12-31T23:59:59", "'s-Hertogenbosch", "10", "\"q\"" },
	{ "", "1e3", "not a date", "x y", "", "in" },
};

static void fill(struct csv_row *row, char **f, size_t *len)
{
	size_t i;

	row->n = WIDTH;
	row->f = f;
	row->len = len;
	row->line = 2;
	for (i = 0; i < WIDTH; i++)
		len[i] = strlen(f[i]);
}

/* Evaluates e on every row; checks against neg (the negation) when it is given. */
static void check(struct expr *e, struct expr *neg, char *extra)
{
	struct csv_row row;
	char *f[WIDTH];
	size_t len[WIDTH], i, j;
	char *p = extra;

	for (i = 0; i <= sizeof rows / sizeof *rows; i++) {
		if (i < sizeof rows / sizeof *rows) {
			for (j = 0; j < WIDTH; j++)
				f[j] = (char *)rows[i][j];
		} else {
			if (!extra)
				break;
			for (j = 0; j < WIDTH; j++) {
				f[j] = p;
				if (p) {
					p = strchr(p, ',');
					if (p)
						*p++ = '\0';
				} else {
					f[j] = "";
				}
			}
		}
		fill(&row, f, len);
		int v = expr_eval(e, &row);
		if (v != 0 && v != 1)
			abort();
		if (neg && expr_eval(neg, &row) != !v)
			abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct csv_row hdr;
	size_t len[WIDTH];
	char *text, *nl, *extra = NULL, *wrapped, *err = NULL;
	struct expr *e, *neg;

	if (size > 4096)
		return 0;
	text = malloc(size + 1);
	memcpy(text, data, size);
	text[size] = '\0';
	nl = strchr(text, '\n');
	if (nl) {
		*nl = '\0';
		extra = nl + 1;
	}
	fill(&hdr, names, len);

	e = expr_parse(text, &err);
	if (!e) {
		/* A syntax error always comes with a message that says where. */
		if (!err || strncmp(err, "at character ", 13) != 0)
			abort();
		free(err);
		free(text);
		return 0;
	}
	if (expr_bind(e, &hdr, &err) != 0) {
		if (!err || strncmp(err, "no column '", 11) != 0)
			abort();
		free(err);
		expr_free(e);
		free(text);
		return 0;
	}
	wrapped = malloc(strlen(text) + 8);
	strcpy(wrapped, "not (");
	strcat(wrapped, text);
	strcat(wrapped, ")");
	neg = expr_parse(wrapped, &err);
	if (neg && expr_bind(neg, &hdr, &err) != 0)
		abort();
	if (!neg)
		free(err);
	check(e, neg, extra);
	expr_free(neg);
	expr_free(e);
	free(wrapped);
	free(text);
	return 0;
}
