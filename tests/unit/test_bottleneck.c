/* Unit tests of lib/bottleneck.c where the command line cannot look: the ranking's order
 * on ties, empty values and suppressed rows, its keys, and the referral counts of cases
 * that come back after leaving the chain, given on several attribute columns.  Expected
 * values are written out by hand. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bottleneck.h"
#include "harness.h"
#include "model.h"

static void test_ranking(void)
{
	static const char *const cols[] = { "a", "b", "c" };
	static const int defaults[] = { 0, 1 };
	/* group, key: values a, b, c; suppressed */
	/* clang-format off */
	static const double v[][3] = {
		{ 5, 1, 0 }, { 5, 2, 9 }, { NAN, 3, 0 }, { 7, 0, 0 }, { 5, 2, 1 }, { 9, 9, 9 },
		{ 1, 1, 1 },
	};
	/* clang-format on */
	static const uint32_t group[] = { 0, 0, 0, 0, 0, 0, 1 };
	static const int supp[] = { 0, 0, 0, 0, 0, 1, 0 };
	/* Groups in reverse order of their ids; keys in order of their ids. */
	static const uint32_t grank[] = { 1, 0 }, krank[] = { 0, 1, 2, 3, 4, 5, 6 };
	struct rank_item it[7];
	struct ranking rk;
	size_t i;
	char order[16] = "", pos[16] = "";
	int ok;

	ok = ranking_keys(&rk, NULL, cols, 3, defaults, 2) == 0 && rk.nkeys == 2 &&
	     rk.key[0] == 0 && rk.key[1] == 1;
	check(ok, "ranking: the default keys");
	ok = ranking_keys(&rk, "b", cols, 3, defaults, 2) == 0 && rk.nkeys == 2 && rk.key[0] == 1 &&
	     rk.key[1] == 0;
	check(ok, "ranking: --rank-by first, then the other defaults");
	check(ranking_keys(&rk, "d", cols, 3, defaults, 2) == -1, "ranking: an unknown column");

	ranking_keys(&rk, NULL, cols, 3, defaults, 2);
	rk.grank = grank;
	rk.krank = krank;
	for (i = 0; i < 7; i++) {
		it[i].group = group[i];
		it[i].key = (uint32_t)i;
		it[i].v = v[i];
		it[i].supp = supp[i];
		it[i].id = i;
	}
	rank_items(it, 7, &rk);
	for (i = 0; i < 7; i++) {
		order[i] = (char)('0' + it[i].id);
		pos[i] = (char)('0' + it[i].pos);
	}
	/* Group 1 (its rank is 0) first; then in group 0: 7, then the 5s by b (2, 2, 1) with
	 * the tie of 1 and 4 in key order, the empty a below every number, the suppressed
	 * row last. */
	check(strcmp(order, "6314025") == 0, "ranking: the order");
	check(strcmp(pos, "1123456") == 0, "ranking: the places in each group");
}

static void test_referral(const struct model *m)
{
	char path[] = "/tmp/keten-test-referral.XXXXXX";
	int fd = mkstemp(path);
	FILE *fp = fdopen(fd, "w");
	struct evopts eo = { 0 };
	struct dwellspec s = { .unit = UNIT_DAYS, .start_stage = -1 };
	struct referral *r;
	struct evlog *l;
	size_t n;

	/* org_type is the second attribute column: the referral reads the column s names. */
	fprintf(fp, "case,stage,date,city,reason,org_type\n"
		    "R1,informeel,2024-03-01,X,,informeel\n"
		    "R1,uitstroom,2024-03-10,X,zelf,informeel\n"
		    "R1,aanmelding,2024-04-15,X,,formeel\n"
		    "R2,aanmelding,2024-03-01,X,,formeel\n"
		    "R2,informeel,2024-03-05,X,,informeel\n"
		    "R3,informeel,2024-04-01,Y,,informeel\n"
		    "R3,doorverwijzing,2024-04-02,Y,,\n"
		    "R4,informeel,2024-02-01,Y,,informeel\n"
		    "R4,uitstroom,2024-04-20,Y,afgerond,informeel\n"
		    "R5,aanmelding,2024-04-03,Y,,formeel\n"
		    "R6,informeel,2024-04-01,Y,,informeel\n"
		    "R6,informeel,2024-04-05,X,,informeel\n"
		    "R6,aanmelding,2024-05-05,X,,formeel\n");
	fclose(fp);
	eo.m = m;
	eo.by = "city";
	eo.attr = "reason,org_type";
	l = evlog_load(path, &eo);
	s.on_attr = evlog_attr_col(l, "org_type") + 1;
	s.asof = l->maxday;
	r = referral_count(l, &s, 0, &n);
	/* X: R1 (back after uitstroom: reached), R2 (formeel came before: never, open).
	 * Y: R3 (an empty value passed over: never, open), R4 (never, ended), R6 (its first
	 * informal stay is in Y: reached).  R5 had no informal help. */
	check(n == 2, "referral: a row per group with informal cases");
	check(n == 2 && r[0].cases == 2 && r[0].reached == 1 && r[0].never == 1 &&
		      r[0].ended == 0 && r[0].open == 1 && !r[0].supp,
	      "referral: X");
	check(n == 2 && r[1].cases == 3 && r[1].reached == 1 && r[1].never == 2 &&
		      r[1].ended == 1 && r[1].open == 1,
	      "referral: Y");
	free(r);
	s.asof = l->maxday - 40;
	r = referral_count(l, &s, 3, &n);
	/* As of 2024-03-26: R1 ended 03-10 (not yet back), R2 open; in Y only R4 (open). */
	check(n == 2 && r[0].cases == 2 && r[0].reached == 0 && r[0].ended == 1 && r[0].open == 1 &&
		      r[1].cases == 1 && r[1].open == 1,
	      "referral: as of an earlier day");
	check(n == 2 && r[0].supp && r[1].supp,
	      "referral: groups of fewer than --min-n cases are suppressed");
	free(r);
	evlog_free(l);
	unlink(path);
}

int main(void)
{
	struct model *m = model_builtin();

	test_ranking();
	test_referral(m);
	model_free(m);
	return failed;
}
