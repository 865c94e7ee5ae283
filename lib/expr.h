/* expr: the filter expression language of keten filter and of model norms (keten-filter(1)). */
#ifndef KETEN_EXPR_H
#define KETEN_EXPR_H

#include "csvio.h"

struct expr;

/* Parses text.  On a syntax error returns NULL and sets *err to a message that points at
 * the place in the expression (free it with free). */
struct expr *expr_parse(const char *text, char **err);
/* Resolves the column names of e against a header.  Returns 0, or -1 and sets *err to a
 * message that names the unknown column and the columns there are. */
int expr_bind(struct expr *e, const struct csv_row *hdr, char **err);
/* 1 when row satisfies e (bound to the header of row's file). */
int expr_eval(const struct expr *e, const struct csv_row *row);
void expr_free(struct expr *e);

#endif
