/* suppress: the one rule for small numbers (keten(5), "Small cells").  A count that rests
 * on fewer than K cases is blanked (primary suppression), and then, table by table, more
 * cells are blanked until no blank can be worked out from the totals, shares or other
 * cells of its row, column or group (secondary suppression). */
#ifndef KETEN_SUPPRESS_H
#define KETEN_SUPPRESS_H

#include <stddef.h>

/* The cells of one table and the sums that tie them together. */
struct supp;

/* A table whose counts must be at least k (k <= 1: nothing is blanked). */
struct supp *supp_new(long k);
void supp_free(struct supp *s);

/* A count the table shows, or from which it shows a figure (a denominator), and its index.
 * It is blanked when 0 < value < k; a zero reveals nobody and stays. */
size_t supp_cell(struct supp *s, long value);
/* Blanks a cell whatever its value: a count that reveals a blanked figure (a row whose
 * statistics are blanked blanks its counts with it). */
void supp_force(struct supp *s, size_t cell);

/* Says that total is the sum of the n cells: shown together, any one of them follows
 * from the others.  Where a total is not printed but can be worked out (from shares, say),
 * it is a cell all the same: blanking it then means blanking what reveals it. */
void supp_sum(struct supp *s, size_t total, const size_t *cells, size_t n);

/* Secondary suppression: in every sum with exactly one blank among the total and its
 * cells, the smallest shown cell is blanked too (one that is not zero first, the total
 * last), and so on until no sum has a lone blank.  Call once, after every cell and sum. */
void supp_apply(struct supp *s);

/* Whether a cell is blank. */
int supp_blank(const struct supp *s, size_t cell);
/* The number of cells. */
size_t supp_count(const struct supp *s);

#endif
