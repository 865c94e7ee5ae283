/* Unit tests of lib/events.c and the period membership of lib/period.c where the command
 * line cannot look: the values of several attribute columns follow their events through
 * the sort by case and time (events out of order, cases interleaved, more columns than
 * the insertion sort's small buffer holds), a selection keeps them, and period_case
 * decides ties as keten(5) orders events.  Expected values are written out by hand. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "events.h"
#include "harness.h"
#include "model.h"
#include "period.h"
#include "strtab.h"

static kday day(const char *s)
{
	kday d;
	int sec;

	date_parse_iso(s, strlen(s), &d, &sec);
	return d;
}

/* period_case over events given as (date, stage) in input order. */
static int member(const struct model *m, const char *from, const char *to, const char **ev,
		  size_t n)
{
	struct period p = { day(from), day(to) };
	struct period_case c;
	size_t i;

	period_case_init(&c);
	for (i = 0; i < n; i++) {
		kday d;
		int sec, st = model_stage(m, ev[2 * i + 1], strlen(ev[2 * i + 1]));

		date_parse_iso(ev[2 * i], strlen(ev[2 * i]), &d, &sec);
		period_case_add(&c, &p, d, sec, m->stages[st].order, m->stages[st].terminal);
	}
	return period_case_in(&c);
}

static void test_period_case(const struct model *m)
{
	const char *tie[] = { "2024-01-10", "aanmelding", "2024-01-10", "uitstroom" };
	const char *tie2[] = { "2024-01-10", "uitstroom", "2024-01-10", "aanmelding" };
	const char *time[] = { "2024-01-10T09:00", "uitstroom", "2024-01-10T10:00", "aanmelding" };
	const char *bare[] = { "2024-01-10T10:00", "aanmelding", "2024-01-10", "uitstroom" };
	const char *after[] = { "2024-03-02", "aanmelding" };
	const char *inside[] = { "2024-01-05", "uitstroom", "2024-02-29", "aanmelding" };
	const char *back[] = { "2024-01-05", "aanmelding", "2024-01-06",
			       "uitstroom",  "2024-01-07", "informeel" };
	const char *late[] = { "2024-01-05", "aanmelding", "2024-01-06",
			       "uitstroom",  "2024-03-07", "informeel" };

	check(!member(m, "2024-02-01", "2024-02-29", tie, 2),
	      "period_case: a terminal stage later in model order on the same day ends the case");
	check(!member(m, "2024-02-01", "2024-02-29", tie2, 2),
	      "period_case: the same in the other input order");
	check(member(m, "2024-02-01", "2024-02-29", time, 2),
	      "period_case: a later time on the same day is latest");
	check(member(m, "2024-02-01", "2024-02-29", bare, 2),
	      "period_case: a date alone comes before a time that day");
	check(!member(m, "2024-02-01", "2024-02-29", after, 1),
	      "period_case: a case that begins after the period is not in it");
	check(member(m, "2024-02-01", "2024-02-29", inside, 2),
	      "period_case: an event in the period (the leap day) puts it in");
	check(member(m, "2024-02-01", "2024-02-29", back, 3),
	      "period_case: back after the end, before the period: open");
	check(!member(m, "2024-02-01", "2024-02-29", late, 3),
	      "period_case: back only after the period: ended");
}

/* The value of attribute column k of event i, as text. */
static const char *attr(const struct evlog *l, size_t i, size_t k)
{
	return strtab_str(l->attrtab[k], evlog_attr(l, i, k));
}

#define NX 20 /* extra columns: more than the 16 the insertion sort keeps on the stack */

static void test_attrs(const struct model *m)
{
	char path[] = "/tmp/keten-test-events.XXXXXX";
	/* clang-format off */
	static const char *const rows[][3] = {
		/* case, stage, date; the columns a0 .. a20 hold case:stage:k */
		{ "B", "eerste_gesprek", "2024-02-10" }, { "A", "intake", "2024-03-01" },
		{ "B", "aanmelding", "2024-02-01" },     { "A", "aanmelding", "2024-01-05" },
		{ "C", "signaal", "2024-01-01" },        { "A", "eerste_gesprek", "2024-02-01" },
		{ "B", "signaal", "2024-01-20" },
	};
	/* clang-format on */
	/* clang-format off */
	static const char *const want[] = {
		/* case order of first sight, then time */
		"B:signaal", "B:aanmelding", "B:eerste_gesprek", "A:aanmelding",
		"A:eerste_gesprek", "A:intake", "C:signaal",
	};
	/* clang-format on */
	char list[512] = "", buf[64];
	struct evopts eo = { 0 };
	struct evlog *l, *s;
	struct period p = { day("2024-02-01"), day("2024-02-29") };
	uint8_t *keep;
	size_t i, k, nrows = sizeof rows / sizeof *rows;
	int ok = 1, oksel = 1, fd = mkstemp(path);
	FILE *fp = fdopen(fd, "w");

	fprintf(fp, "case,stage,date");
	for (k = 0; k <= NX; k++)
		fprintf(fp, ",a%zu", k);
	fprintf(fp, "\n");
	for (i = 0; i < nrows; i++) {
		fprintf(fp, "%s,%s,%s", rows[i][0], rows[i][1], rows[i][2]);
		for (k = 0; k <= NX; k++)
			fprintf(fp, ",%s:%s:%zu", rows[i][0], rows[i][1], k);
		fprintf(fp, "\n");
	}
	fclose(fp);
	/* Every column but a3 (the one the test leaves out), plus one the input lacks. */
	for (k = 0; k <= NX; k++) {
		if (k == 3)
			continue;
		snprintf(buf, sizeof buf, "%sa%zu", *list ? "," : "", k);
		strcat(list, buf);
	}
	strcat(list, ",missing");
	eo.m = m;
	eo.attr = list;
	eo.attr_optional = 1;
	l = evlog_load(path, &eo);
	check(l->nattr == NX + 1 && evlog_attr_col(l, "a0") == 0 && evlog_attr_col(l, "a4") == 3 &&
		      evlog_attr_col(l, "missing") == NX && evlog_attr_col(l, "a3") == -1,
	      "attributes: the columns named, in order");
	for (i = 0; i < l->n; i++)
		for (k = 0; k < NX; k++) {
			size_t col = k < 3 ? k : k + 1;

			snprintf(buf, sizeof buf, "%s:%zu", want[i], col);
			if (strcmp(attr(l, i, k), buf) != 0)
				ok = 0;
			if (attr(l, i, NX)[0] != '\0')
				ok = 0;
		}
	check(ok && l->n == nrows, "attributes: each value follows its event through the sort");

	keep = evlog_period_cases(l, &p, NULL);
	check(keep[0] && keep[1] && keep[2],
	      "attributes: the cases of February (B and A in, C open since 01-01 in too)");
	keep[2] = 0;
	s = evlog_select(l, keep, day("2024-02-10"));
	/* B: signaal, aanmelding, eerste_gesprek 02-10; A: aanmelding, eerste_gesprek. */
	static const int sel[] = { 0, 1, 2, 3, 4 };
	if (s->n != 5 || s->ncases != 2)
		oksel = 0;
	for (i = 0; oksel && i < s->n; i++)
		for (k = 0; k < NX; k++)
			if (strcmp(attr(s, i, k), attr(l, (size_t)sel[i], k)) != 0)
				oksel = 0;
	check(oksel && s->maxday == day("2024-02-10"),
	      "attributes: a selection keeps each event's values and its days up to `to`");
	free(keep);
	evlog_free(s);
	evlog_free(l);
	unlink(path);
}

int main(void)
{
	struct model *m = model_builtin();

	test_period_case(m);
	test_attrs(m);
	model_free(m);
	return failed;
}
