/* Unit tests of lib/codes.c: loading, interning, phases under a model, roll-up of
 * hierarchical codes, the counting sort and the units of analysis.  Run from tests/. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "codes.h"
#include "diag.h"
#include "harness.h"
#include "model.h"

/* Writes text to a new temporary file and returns its name (free it). */
static char *temp_file(const char *text)
{
	const char *dir = getenv("TMPDIR");
	char *path = xmalloc(4096);
	FILE *fp;
	int fd;

	snprintf(path, 4096, "%s/test_codes.XXXXXX", dir && *dir ? dir : "/tmp");
	fd = mkstemp(path);
	if (fd < 0 || !(fp = fdopen(fd, "w"))) {
		fprintf(stderr, "test_codes: cannot create %s\n", path);
		exit(1);
	}
	fputs(text, fp);
	fclose(fp);
	return path;
}

static const char table[] =
	"interview,code,role,phase,segment,coder,polarity,weight,quote,extra\n"
	"I1,toegang > wachttijd,hulpvrager,toegang,1,A,knelpunt,2.5,\"zes weken, niks\",x\n"
	"I1,toegang>drempels,hulpvrager,keten,2,A,succes,,,x\n"
	"I2,schaamte,,signalering,1,B,,0,,x\n"
	"I2,schaamte,formeel,,1,A,,,,x\n";

static void test_load(void)
{
	char *path = temp_file(table);
	struct codes_opts o = { 0 };
	struct model *m = model_builtin();
	struct codes *c;
	const struct codes_row *r;

	o.model = m;
	o.cols = CODES_BIT(CODES_QUOTE) | CODES_BIT(CODES_ROLE) | CODES_BIT(CODES_PHASE) |
		 CODES_BIT(CODES_SEGMENT) | CODES_BIT(CODES_CODER) | CODES_BIT(CODES_POLARITY) |
		 CODES_BIT(CODES_WEIGHT);
	c = codes_new(&o);
	codes_read(c, path);
	codes_done(c);
	check(c->n == 4 && c->read == 4 && c->rejected == 0, "four rows loaded");
	check(codes_count(c, CODES_INTERVIEW) == 2 && codes_count(c, CODES_CODE) == 3,
	      "interviews and codes interned");
	check(c->tab[CODES_CITY] == NULL && codes_count(c, CODES_CITY) == 0,
	      "a column not asked for is not loaded");
	r = &c->row[0];
	check(strcmp(codes_str(c, CODES_QUOTE, r->id[CODES_QUOTE]), "zes weken, niks") == 0,
	      "quote with a comma");
	check(r->polarity == CODES_POL_KNELPUNT && c->row[1].polarity == CODES_POL_SUCCES &&
		      c->row[2].polarity == CODES_POL_NONE,
	      "polarity");
	check(r->weight == 2.5 && isnan(c->row[1].weight) && c->row[2].weight == 0, "weight");
	check(c->row[2].id[CODES_ROLE] == CODES_NONE && *codes_str(c, CODES_ROLE, CODES_NONE) == 0,
	      "an empty field is CODES_NONE");
	check(r->id[CODES_PHASE] == (uint32_t)model_phase(m, "toegang") &&
		      c->row[1].id[CODES_PHASE] == m->nphases &&
		      c->row[3].id[CODES_PHASE] == CODES_NONE,
	      "phase ids are model indices, keten after them");
	check(r->line == 2 && c->row[3].line == 5, "physical lines");
	check(codes_find(c, CODES_CODE, "schaamte") == c->row[2].id[CODES_CODE] &&
		      codes_find(c, CODES_CODE, "nope") == CODES_NONE,
	      "codes_find");

	{
		uint32_t rank[32], *ids = codes_order(c, CODES_PHASE, rank);
		check(ids[0] == 0 && rank[3] == 3, "phases keep the model's order");
		free(ids);
		ids = codes_order(c, CODES_CODE, rank);
		check(strcmp(codes_str(c, CODES_CODE, ids[0]), "schaamte") == 0 &&
			      strcmp(codes_str(c, CODES_CODE, ids[1]), "toegang > wachttijd") == 0,
		      "codes in byte order");
		free(ids);
	}

	{
		struct codes_units u;
		codes_units(c, 1, &u);
		/* (I1,1) (I1,2) (I2,1): the two rows of I2 segment 1 are one unit. */
		check(u.n == 3 && u.of_row[2] == u.of_row[3] && u.of_row[0] != u.of_row[1] &&
			      u.interview[u.of_row[2]] == c->row[2].id[CODES_INTERVIEW],
		      "segment units");
		codes_units_free(&u);
		codes_units(c, 0, &u);
		check(u.n == 2 && u.of_row[0] == u.of_row[1] && u.segment[0] == CODES_NONE,
		      "interview units");
		codes_units_free(&u);
	}

	codes_rollup(c, 1);
	check(codes_count(c, CODES_CODE) == 2 &&
		      c->row[0].id[CODES_CODE] == c->row[1].id[CODES_CODE] &&
		      strcmp(codes_str(c, CODES_CODE, c->row[0].id[CODES_CODE]), "toegang") == 0,
	      "roll-up to level 1 trims and joins");
	codes_free(c);
	model_free(m);
	unlink(path);
	free(path);
}

static void test_rollup_levels(void)
{
	char *path = temp_file("interview,code\n"
			       "I1, a > b > c \n"
			       "I1,a>b\n"
			       "I1,x\n");
	struct codes_opts o = { 0 };
	struct codes *c = codes_new(&o);

	codes_read(c, path);
	codes_rollup(c, 2);
	check(codes_count(c, CODES_CODE) == 2 &&
		      strcmp(codes_str(c, CODES_CODE, c->row[0].id[CODES_CODE]), "a>b") == 0 &&
		      c->row[0].id[CODES_CODE] == c->row[1].id[CODES_CODE] &&
		      strcmp(codes_str(c, CODES_CODE, c->row[2].id[CODES_CODE]), "x") == 0,
	      "roll-up to level 2; a code of one level stays");
	codes_free(c);
	unlink(path);
	free(path);
}

static void test_rejects(void)
{
	char *path = temp_file("interview,code,polarity,weight\n"
			       "I1,a,knelpunt,1\n"
			       "I1,a,goed,1\n"
			       "I2,b,,-1\n"
			       "I2,,,\n"
			       "I3,c,,\n");
	char *rej = temp_file("");
	struct codes_opts o = { 0 };
	struct codes *c;
	FILE *fp;
	char buf[1024];
	size_t n;

	o.rejects = rej;
	c = codes_new(&o);
	codes_read(c, path);
	codes_done(c);
	check(c->n == 2 && c->read == 5 && c->rejected == 3, "three rows rejected");
	check(codes_count(c, CODES_INTERVIEW) == 2, "a rejected row interns nothing");
	fp = fopen(rej, "r");
	n = fp ? fread(buf, 1, sizeof buf - 1, fp) : 0;
	buf[n] = '\0';
	if (fp)
		fclose(fp);
	check(strstr(buf, "column 'polarity': not knelpunt or succes: 'goed'") &&
		      strstr(buf, "column 'weight': not a number: '-1'") &&
		      strstr(buf, ",5,column 'code': empty,I2,,,"),
	      "rejects file: line, reason, fields");
	codes_free(c);
	unlink(path);
	unlink(rej);
	free(path);
	free(rej);
}

static void test_isort(void)
{
	uint32_t perm[6] = { 0, 1, 2, 3, 4, 5 };
	uint32_t key[6] = { 2, CODES_NONE, 0, 2, 1, 0 };

	codes_isort(perm, 6, key, 3);
	check(perm[0] == 2 && perm[1] == 5 && perm[2] == 4 && perm[3] == 0 && perm[4] == 3 &&
		      perm[5] == 1,
	      "counting sort: stable, CODES_NONE last");
}

/* The tally's corners that the commands do not reach: a row without a code (kept for
 * keten agree) counts nowhere, and restricted to a chain the table does not name, only
 * the rows of `beide` and those without a chain count. */
static void test_tally(void)
{
	char *path = temp_file("interview,code,chain,polarity\n"
			       "I1,a,beide,knelpunt\n"
			       "I1,,particulier,\n"
			       "I2,a,particulier,succes\n"
			       "I2,b,,\n"
			       "I3,b,zakelijk,\n");
	struct codes_opts o = { 0 };
	struct codes_tally_opts to = { .col = CODES_CHAIN, .only_col = -1 };
	struct codes_tally t;
	struct codes *c;
	uint32_t a, b, part, zak, beide, *g;
	size_t ng;

	o.cols = CODES_BIT(CODES_CHAIN) | CODES_BIT(CODES_POLARITY);
	o.flags = CODES_EMPTY_CODE;
	c = codes_new(&o);
	codes_read(c, path);
	codes_done(c);
	a = codes_find(c, CODES_CODE, "a");
	b = codes_find(c, CODES_CODE, "b");
	part = codes_find(c, CODES_CHAIN, "particulier");
	zak = codes_find(c, CODES_CHAIN, "zakelijk");
	beide = codes_find(c, CODES_CHAIN, "beide");

	codes_tally(c, &to, &t);
	check(t.tsegs == 4 && t.tints == 3, "tally: a row without a code counts nowhere");
	check(t.spread == beide && t.segs[part * t.nc + a] == 2 && t.ints[part * t.nc + a] == 2 &&
		      t.segs[zak * t.nc + a] == 1 && t.segs[beide * t.nc + a] == 0 &&
		      t.csegs[a] == 2,
	      "tally by chain: beide counts in each other chain, and once in the total");
	g = codes_tally_groups(c, &t, &ng);
	check(ng == 3 && g[0] == part && g[1] == zak && g[2] == t.ng - 1 &&
		      t.segs[(t.ng - 1) * t.nc + b] == 1,
	      "tally groups: beide is no group, the rows without a chain come last");
	free(g);
	codes_tally_free(&t);

	to.col = -1;
	to.flags = CODES_T_KNELPUNT;
	to.only_col = CODES_CHAIN;
	to.only = "elders";
	codes_tally(c, &to, &t);
	check(t.tsegs == 2 && t.segs[a] == 1 && t.segs[b] == 1,
	      "tally for a chain the table lacks: the rows of beide and of no chain");
	codes_tally_free(&t);
	to.only = "particulier";
	codes_tally(c, &to, &t);
	check(t.tsegs == 2 && t.segs[a] == 1 && t.segs[b] == 1 && t.tints == 2,
	      "tally of knelpunten for particulier: beide and no chain, not succes");
	codes_tally_free(&t);
	codes_free(c);
	unlink(path);
	free(path);
}

/* The blanks of a crosstab by city, K = 2 (keten(5), Small cells).  Interviews per cell:
 *          X   Y | total      segments:   X   Y | total
 *     a    2   2 |   4                    2   2 |   4
 *     b    2   2 |   4                    2   2 |   4
 *     c    1   2 |   3                    2   2 |   4
 *   (all)  5   6 |  11                    6   6 |  12
 * c in X rests on one interview (I9, twice): blank.  Row c then has a lone blank, and c in
 * Y goes too.  Counting interviews, that is all: the columns are no sums (an interview
 * has many codes).  Counting segments, column X is a sum (6 = 2 + 2 + 2) with a lone
 * blank, so a in X goes (the smallest, the earliest on a tie), and then a in Y (row a). */
static void test_blanks(void)
{
	char *path = temp_file("interview,code,city\n"
			       "I1,a,X\nI2,a,X\nI3,a,Y\nI4,a,Y\n"
			       "I5,b,X\nI6,b,X\nI7,b,Y\nI8,b,Y\n"
			       "I9,c,X\nI9,c,X\nI10,c,Y\nI11,c,Y\n");
	struct codes_opts o = { 0 };
	struct codes_tally_opts to = { .col = CODES_CITY, .only_col = -1 };
	struct codes_tally t;
	struct codes_blanks bl;
	struct codes *c;
	uint32_t *g;
	size_t ng;
	char got[16];
	int seg, i;

	o.cols = CODES_BIT(CODES_CITY);
	c = codes_new(&o);
	codes_read(c, path);
	codes_done(c);
	codes_tally(c, &to, &t);
	g = codes_tally_groups(c, &t, &ng);
	for (seg = 0; seg < 2; seg++) {
		codes_tally_blanks(&t, g, ng, seg, 2, &bl);
		/* Cells a X, a Y, b X, b Y, c X, c Y, the codes' totals, the groups', all. */
		for (i = 0; i < 6; i++)
			got[i] = bl.cell[g[i % 2] * t.nc + (size_t)i / 2] ? '1' : '0';
		for (i = 0; i < 3; i++)
			got[6 + i] = bl.code[i] ? '1' : '0';
		got[9] = bl.group[g[0]] ? '1' : '0';
		got[10] = bl.group[g[1]] ? '1' : '0';
		got[11] = bl.all ? '1' : '0';
		got[12] = '\0';
		check(strcmp(got, seg ? "110011000000" : "000011000000") == 0,
		      seg ? "blanks: segments, the columns are sums too"
			  : "blanks: interviews, a lone blank in a row takes the next");
		codes_blanks_free(&bl);
	}
	codes_tally_blanks(&t, g, ng, 1, 0, &bl);
	check(memchr(bl.cell, 1, t.ng * t.nc) == NULL && !bl.all, "blanks: K 0 blanks nothing");
	codes_blanks_free(&bl);
	free(g);
	codes_tally_free(&t);
	codes_free(c);
	unlink(path);
	free(path);
}

int main(void)
{
	diag_init("test_codes");
	test_load();
	test_rollup_levels();
	test_rejects();
	test_isort();
	test_tally();
	test_blanks();
	return failed;
}
