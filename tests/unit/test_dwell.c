/* Unit tests of lib/dwell.c where the command line cannot look: the dwells of a bucket
 * come out in ascending order whatever their bit patterns (the radix sort over whole
 * days, fractions of days and zeros, in buckets above and below its cut-over), each value
 * once, and the counts of a cell add up.  The log is written to a temporary file with
 * times from a fixed linear congruential sequence, so that every run sees the same data. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dwell.h"
#include "events.h"
#include "harness.h"
#include "model.h"

static unsigned long seed = 12345;

static unsigned next(unsigned n)
{
	return lcg_below(&seed, n);
}

/* Writes n cases: aanmelding at a time, eerste_gesprek some days (and, for the cases with
 * times, hours) later or on the same instant; every third case stays open.  The expected
 * waits of the move aanmelding -> eerste_gesprek go to want. */
static void write_log(const char *path, int n, int times, double *want, size_t *nwant)
{
	FILE *fp = fopen(path, "w");
	int c;

	*nwant = 0;
	fprintf(fp, "case,stage,date\n");
	for (c = 0; c < n; c++) {
		int d0 = 1 + (int)next(20), gap = (int)next(9), h0 = (int)next(12),
		    h1 = (int)next(12);

		if (times)
			fprintf(fp, "C%d,aanmelding,2024-03-%02dT%02d:30\n", c, d0, h0);
		else
			fprintf(fp, "C%d,aanmelding,2024-03-%02d\n", c, d0);
		if (c % 3 == 2)
			continue;
		if (times) {
			fprintf(fp, "C%d,eerste_gesprek,2024-03-%02dT%02d:30\n", c, d0 + gap,
				gap ? h1 : h0);
			want[(*nwant)++] = gap + (gap ? (h1 - h0) / 24.0 : 0);
		} else {
			fprintf(fp, "C%d,eerste_gesprek,2024-03-%02d\n", c, d0 + gap);
			want[(*nwant)++] = gap;
		}
	}
	fclose(fp);
}

static void run(const char *label, int n, int times)
{
	char path[] = "/tmp/keten-test-dwell.XXXXXX", name[128];
	int fd = mkstemp(path);
	double *want = malloc((size_t)n * sizeof *want);
	size_t nwant, i, k;
	struct model *m = model_builtin();
	struct evopts eo = { 0 };
	struct dwellspec s = { .unit = UNIT_DAYS, .start_stage = -1 };
	struct dwell_table t;
	struct evlog *l;
	int sorted = 1, same = 1, sums = 1;

	close(fd);
	write_log(path, n, times, want, &nwant);
	eo.m = m;
	l = evlog_load(path, &eo);
	s.asof = l->maxday;
	dwell_table(l, &s, DWELL_CELLS | DWELL_MOVES, &t);
	qsort(want, nwant, sizeof *want, cmp_double);

	for (k = 0; k < t.nmoves; k++) {
		const struct dwell_move *mv = &t.move[k];

		for (i = 1; i < (size_t)mv->n; i++)
			if (mv->d[i - 1] > mv->d[i])
				sorted = 0;
		if (mv->from == (uint32_t)model_stage(m, "aanmelding", 10) &&
		    mv->to == (uint32_t)model_stage(m, "eerste_gesprek", 14)) {
			if ((size_t)mv->n != nwant)
				same = 0;
			for (i = 0; same && i < nwant; i++)
				if (fabs(mv->d[i] - want[i]) > 1e-9)
					same = 0;
		}
	}
	for (k = 0; k < t.ncells; k++) {
		const struct dwell_cell *c = &t.cell[k];

		if (c->left + c->done + c->dropped + c->idle + c->open != c->entered ||
		    c->nd != (size_t)(c->entered - c->open))
			sums = 0;
		for (i = 1; i < c->nd; i++)
			if (c->d[i - 1] > c->d[i])
				sorted = 0;
	}
	snprintf(name, sizeof name, "%s: every bucket ascending", label);
	check(sorted, name);
	snprintf(name, sizeof name, "%s: the waits of aanmelding -> eerste_gesprek", label);
	check(same, name);
	snprintf(name, sizeof name, "%s: entered = left + done + dropped + idle + open", label);
	check(sums, name);

	dwell_table_free(&t);
	evlog_free(l);
	model_free(m);
	free(want);
	unlink(path);
}

int main(void)
{
	run("whole days, 30 cases", 30, 0);
	run("whole days, 3000 cases", 3000, 0);
	run("times, 30 cases", 30, 1);
	run("times, 3000 cases", 3000, 1);
	return failed;
}
