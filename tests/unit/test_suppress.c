/* Unit tests of lib/suppress.c: primary and secondary suppression on small tables whose
 * blanks are worked out by hand in the comments, and an attacker who differences every
 * sum of random tables and must never recover a blank. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "suppress.h"

/* The blanks of s as a string of 0 and 1, one a cell. */
static void blanks(const struct supp *s, char *buf)
{
	size_t i;

	for (i = 0; i < supp_count(s); i++)
		buf[i] = supp_blank(s, i) ? '1' : '0';
	buf[i] = '\0';
}

/* A row of 3, 12, 0, 20 with its total 35 and K = 5: 3 is small; the smallest other cell
 * that is not zero is 12, so 3 and 12 are blank and the total stays. */
static void test_row(void)
{
	struct supp *s = supp_new(5);
	size_t c[4], t;
	char b[8];

	t = supp_cell(s, 35);
	c[0] = supp_cell(s, 3);
	c[1] = supp_cell(s, 12);
	c[2] = supp_cell(s, 0);
	c[3] = supp_cell(s, 20);
	supp_sum(s, t, c, 4);
	supp_apply(s);
	blanks(s, b);
	check(strcmp(b, "01100") == 0, "row: the small cell and the next smallest");
	supp_free(s);
}

/* A row whose total is small (4 = 4 + 0) with K = 5: the total and its one cell are both
 * small; nothing else needs blanking.  A row 7 = 7 alone with a cell forced blank: the
 * total must go too. */
static void test_total(void)
{
	struct supp *s = supp_new(5);
	size_t c[2], t, u, v;
	char b[8];

	t = supp_cell(s, 4);
	c[0] = supp_cell(s, 4);
	c[1] = supp_cell(s, 0);
	supp_sum(s, t, c, 2);
	u = supp_cell(s, 7);
	v = supp_cell(s, 7);
	supp_sum(s, u, &v, 1);
	supp_force(s, v);
	supp_apply(s);
	blanks(s, b);
	check(strcmp(b, "11011") == 0, "total: small total, and a lone cell takes its total");
	supp_free(s);
}

/* A blank total with every cell shown gives the total away: the smallest cell goes. */
static void test_blank_total(void)
{
	struct supp *s = supp_new(3);
	size_t c[3], t;
	char b[8];

	t = supp_cell(s, 30);
	c[0] = supp_cell(s, 10);
	c[1] = supp_cell(s, 8);
	c[2] = supp_cell(s, 12);
	supp_sum(s, t, c, 3);
	supp_force(s, t);
	supp_apply(s);
	blanks(s, b);
	check(strcmp(b, "1010") == 0, "blank total: the smallest cell goes with it");
	supp_free(s);
}

/* A 2 x 2 table with margins, K = 3:
 *        a   b | row
 *   x    2   9 | 11
 *   y    6   5 | 11
 *   col  8  14 | 22
 * 2 is small.  Row x: 9 goes.  Column a: 6 goes (the only other cell).  Row y: 6 blank,
 * so 5 goes.  Column b: 9 and 5 blank: done.  Margins stay. */
static void test_two_way(void)
{
	struct supp *s = supp_new(3);
	size_t xa, xb, ya, yb, rx, ry, ca, cb, g, r[2], c[2];
	char b[16];

	xa = supp_cell(s, 2);
	xb = supp_cell(s, 9);
	ya = supp_cell(s, 6);
	yb = supp_cell(s, 5);
	rx = supp_cell(s, 11);
	ry = supp_cell(s, 11);
	ca = supp_cell(s, 8);
	cb = supp_cell(s, 14);
	g = supp_cell(s, 22);
	r[0] = xa, r[1] = xb;
	supp_sum(s, rx, r, 2);
	r[0] = ya, r[1] = yb;
	supp_sum(s, ry, r, 2);
	c[0] = xa, c[1] = ya;
	supp_sum(s, ca, c, 2);
	c[0] = xb, c[1] = yb;
	supp_sum(s, cb, c, 2);
	r[0] = rx, r[1] = ry;
	supp_sum(s, g, r, 2);
	supp_apply(s);
	blanks(s, b);
	check(strcmp(b, "111100000") == 0, "two-way: a rectangle of four blanks, margins shown");
	supp_free(s);
}

/* K of 0 or 1 blanks nothing. */
static void test_off(void)
{
	struct supp *s = supp_new(0);
	size_t c[2], t;
	char b[8];

	t = supp_cell(s, 3);
	c[0] = supp_cell(s, 1);
	c[1] = supp_cell(s, 2);
	supp_sum(s, t, c, 2);
	supp_apply(s);
	blanks(s, b);
	check(strcmp(b, "000") == 0, "K 0: nothing blank");
	supp_free(s);
}

/* Random tables of R rows and C columns with margins: after supp_apply, no row, column or
 * margin sum has exactly one blank, so differencing recovers nothing, and every cell
 * under K (but zero) is blank. */
static void test_random(void)
{
	unsigned seed = 12345;
	int round, bad = 0;

	for (round = 0; round < 2000; round++) {
		size_t R = 1 + (size_t)(round % 5), C = 1 + (size_t)(round / 5 % 6), i, j;
		long k = 1 + round % 7, v[6][7] = { { 0 } };
		size_t id[6][7], tmp[8];
		struct supp *s = supp_new(k);

		for (i = 0; i < R; i++)
			for (j = 0; j < C; j++) {
				seed = seed * 1103515245u + 12345u;
				v[i][j] = (long)(seed >> 16) % 15;
			}
		for (i = 0; i < R; i++) {
			for (j = 0; j < C; j++) {
				v[i][C] += v[i][j];
				v[R][j] += v[i][j];
			}
			v[R][C] += v[i][C];
		}
		for (i = 0; i <= R; i++)
			for (j = 0; j <= C; j++)
				id[i][j] = supp_cell(s, v[i][j]);
		for (i = 0; i <= R; i++) {
			for (j = 0; j < C; j++)
				tmp[j] = id[i][j];
			supp_sum(s, id[i][C], tmp, C);
		}
		for (j = 0; j <= C; j++) {
			for (i = 0; i < R; i++)
				tmp[i] = id[i][j];
			supp_sum(s, id[R][j], tmp, R);
		}
		supp_apply(s);
		for (i = 0; i <= R; i++) {
			int n = 0;

			for (j = 0; j <= C; j++) {
				n += supp_blank(s, id[i][j]);
				if (v[i][j] > 0 && v[i][j] < k && !supp_blank(s, id[i][j]))
					bad++;
			}
			bad += n == 1;
		}
		for (j = 0; j <= C; j++) {
			int n = 0;

			for (i = 0; i <= R; i++)
				n += supp_blank(s, id[i][j]);
			bad += n == 1;
		}
		supp_free(s);
	}
	check(bad == 0, "random two-way tables: no lone blank in any sum, no small cell shown");
}

int main(void)
{
	test_row();
	test_total();
	test_blank_total();
	test_two_way();
	test_off();
	test_random();
	return failed;
}
