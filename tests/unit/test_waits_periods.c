/* Unit tests of waits_table_periods (lib/waits.c), which keten report's monthly figures
 * come from: each of its tables is the one waits_table gives for that period and as-of
 * date on its own, to the bit, in whole days, working days and hours, for a log with and
 * without times, open and closed, with groups; and the done waits of the first norm pair
 * in each month are those counted from the log as it was written.  The log is written to
 * a temporary file from a fixed linear congruential sequence, so that every run sees the
 * same data. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "date.h"
#include "events.h"
#include "harness.h"
#include "model.h"
#include "period.h"
#include "waits.h"

static unsigned long seed = 4242;

static unsigned next(unsigned n)
{
	return lcg_below(&seed, n);
}

/* The months of the tables: those of 2024, with the last one seen as of the 20th, and
 * December 2023 (before the data) and June 2024 again. */
#define NMONTHS 15

/* Done waits of aanmelding -> eerste_gesprek per month of 2024, as written. */
static long want_done[12];

static void write_day(FILE *fp, kday d, int times)
{
	char buf[11];

	date_format(d, buf);
	if (times)
		fprintf(fp, "%sT%02u:%02u", buf, next(24), next(60));
	else
		fprintf(fp, "%s", buf);
}

static void write_event(FILE *fp, int c, const char *stage, kday d, int times, int urgent)
{
	fprintf(fp, "C%d,%s,", c, stage);
	write_day(fp, d, times);
	fprintf(fp, ",%s,%d\n", (const char *[]){ "Assen", "Breda", "Delft" }[c % 3], urgent);
}

/* Writes n cases from aanmelding on: some go on to eerste_gesprek and beschikking, some
 * leave (uitstroom) on the way, some stay where they are, and some met eerste_gesprek
 * before their aanmelding.  The events of a case never go back, so that its done waits of
 * aanmelding -> eerste_gesprek are counted in the month of eerste_gesprek (want_done) when
 * it is seen by the end of that month: the last month is seen as of the 20th. */
static void write_log(const char *path, int n, int times)
{
	FILE *fp = fopen(path, "w");
	kday first = date_from_ymd(2024, 1, 1), last = date_from_ymd(2024, 12, 20);
	int c, y, m, d;

	memset(want_done, 0, sizeof want_done);
	fprintf(fp, "case,stage,date,city,urgent\n");
	for (c = 0; c < n; c++) {
		/* With times, a later event on the same day might come at an earlier hour. */
		kday d0 = first + (kday)next(360), d1 = d0 + times + (kday)next(50),
		     d2 = d1 + times + (kday)next(70);
		int urgent = next(4) == 0, kind = (int)next(8);

		if (kind == 0) {
			/* eerste_gesprek came first (a day before at least, as on one day the
			 * model's order puts aanmelding first): no wait from aanmelding to it. */
			write_event(fp, c, "eerste_gesprek", d0, times, urgent);
			write_event(fp, c, "aanmelding", d1 + 1, times, urgent);
			continue;
		}
		write_event(fp, c, "aanmelding", d0, times, urgent);
		if (kind == 1) {
			write_event(fp, c, "uitstroom", d1, times, urgent);
			continue;
		}
		if (kind == 2)
			continue;
		write_event(fp, c, "eerste_gesprek", d1, times, urgent);
		date_to_ymd(d1, &y, &m, &d);
		if (y == 2024 && d1 <= last)
			want_done[m - 1]++;
		if (kind == 3)
			continue;
		write_event(fp, c, kind == 4 ? "uitstroom" : "beschikking", d2, times, urgent);
	}
	fclose(fp);
}

/* Whether two figures are the same to the bit (a NaN the same NaN). */
static int same_num(double x, double y)
{
	return memcmp(&x, &y, sizeof x) == 0;
}

/* Whether two rows are the same, every figure to the bit. */
static int same_row(const struct waitrow *a, const struct waitrow *b)
{
	const struct waitstats *x = &a->st, *y = &b->st;

	return a->group == b->group && a->from == b->from && a->to == b->to && a->norm == b->norm &&
	       x->n == y->n && x->done == y->done && x->waiting == y->waiting &&
	       x->dropped == y->dropped && x->over == y->over && x->has_norm == y->has_norm &&
	       x->blank == y->blank && x->suppressed == y->suppressed &&
	       same_num(x->mean, y->mean) && same_num(x->sd, y->sd) && same_num(x->min, y->min) &&
	       same_num(x->p25, y->p25) && same_num(x->median, y->median) &&
	       same_num(x->p75, y->p75) && same_num(x->p90, y->p90) && same_num(x->max, y->max) &&
	       same_num(x->ci_low, y->ci_low) && same_num(x->ci_high, y->ci_high) &&
	       same_num(x->km_median, y->km_median) && same_num(x->km_p90, y->km_p90) &&
	       same_num(x->pct_over, y->pct_over);
}

static void run(const char *label, int n, int times, enum wait_unit unit, int closed)
{
	char path[] = "/tmp/keten-test-waits-periods.XXXXXX", name[160];
	int fd = mkstemp(path), same = 1, counts = 1;
	struct model *m = model_builtin();
	struct evopts eo = { 0 };
	struct waitspec s = { .unit = unit, .level = 0.95, .min_n = 5 };
	struct period p[NMONTHS];
	kday asof[NMONTHS];
	struct waitrow *rows[NMONTHS];
	size_t nrows[NMONTHS], k, i;
	unsigned ae = 0;
	struct evlog *l;

	close(fd);
	write_log(path, n, times);
	eo.m = m;
	eo.by = "city";
	eo.norm_flags = 1;
	eo.closed = closed;
	l = evlog_load(path, &eo);
	s.pairs = waits_norm_pairs(m, &s.npairs);
	for (k = 0; k < 12; k++) {
		p[k].from = date_from_ymd(2024, (int)k + 1, 1);
		p[k].to = period_month_end(2024, (int)k + 1);
		asof[k] = p[k].to;
	}
	asof[11] = date_from_ymd(2024, 12, 20);
	p[12].from = date_from_ymd(2023, 12, 1);
	p[12].to = period_month_end(2023, 12);
	asof[12] = p[12].to;
	p[13] = p[5];
	asof[13] = asof[5];
	/* A period that is no month, seen as of a day in it. */
	p[14].from = date_from_ymd(2024, 3, 10);
	p[14].to = date_from_ymd(2024, 9, 5);
	asof[14] = date_from_ymd(2024, 7, 1);
	waits_table_periods(l, &s, p, asof, NMONTHS, rows, nrows);

	for (k = 0; k < NMONTHS; k++) {
		struct waitspec one = s;
		struct waitrow *want;
		size_t nwant;

		one.period = &p[k];
		one.asof = asof[k];
		want = waits_table(l, &one, &nwant);
		if (nwant != nrows[k])
			same = 0;
		for (i = 0; same && i < nwant; i++)
			if (!same_row(&want[i], &rows[k][i]))
				same = 0;
		free(want);
	}
	for (i = 0; i < s.npairs; i++)
		if (s.pairs[i].from == (uint16_t)model_stage(m, "aanmelding", 10) &&
		    s.pairs[i].to == (uint16_t)model_stage(m, "eerste_gesprek", 14))
			ae = (unsigned)i + 1;
	for (k = 0; ae && k < 12; k++) {
		long done = 0;

		for (i = 0; i < nrows[k]; i++)
			if (rows[k][i].from == s.pairs[ae - 1].from &&
			    rows[k][i].to == s.pairs[ae - 1].to)
				done += rows[k][i].st.done;
		if (done != want_done[k])
			counts = 0;
	}
	snprintf(name, sizeof name, "%s: each table is waits_table's for its period", label);
	check(same, name);
	snprintf(name, sizeof name, "%s: done waits per month as written", label);
	check(ae && counts, name);

	for (k = 0; k < NMONTHS; k++)
		free(rows[k]);
	free((void *)s.pairs);
	evlog_free(l);
	model_free(m);
	unlink(path);
}

int main(void)
{
	run("days, 40 cases", 40, 0, UNIT_DAYS, 0);
	run("days, 4000 cases", 4000, 0, UNIT_DAYS, 0);
	run("days, closed, 4000 cases", 4000, 0, UNIT_DAYS, 1);
	run("workdays, 4000 cases", 4000, 0, UNIT_WORKDAYS, 0);
	run("times, hours, 4000 cases", 4000, 1, UNIT_HOURS, 0);
	run("times, days, closed, 4000 cases", 4000, 1, UNIT_DAYS, 1);
	run("times, workdays, 4000 cases", 4000, 1, UNIT_WORKDAYS, 0);
	return failed;
}
