/* Unit tests of lib/holidays.c: holidays files read into a calendar (a file with a bad
 * date is the case tests/calendar/holidays-bad-date).  Run from tests/. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "diag.h"
#include "harness.h"
#include "holidays.h"

/* Working days in (from, to] of c by walking. */
static long walk(const struct calendar *c, kday from, kday to)
{
	long n = 0;

	for (kday t = from + 1; t <= to; t++)
		n += cal_is_workday(c, t);
	return n;
}

static void test_files(void)
{
	struct calendar c, law;
	struct holiday h[32];
	int n;

	/* unit/holidays_extra.csv adds Friday 2024-05-10 (the bridge day after Hemelvaart),
	 * 2024-12-27 without a name, 2024-12-25 (already Eerste Kerstdag, so nothing new),
	 * 2024-05-10 a second time under another name (the first name stays), and 2250-05-10
	 * beyond the table. */
	cal_init(&c);
	cal_init(&law);
	holidays_add_file(&c, "unit/holidays_extra.csv");
	n = cal_holidays(&c, 2024, h, 32);
	check(cal_workdays(&law, D("2024-05-08"), D("2024-05-13")) == 2 &&
		      cal_workdays(&c, D("2024-05-08"), D("2024-05-13")) == 1,
	      "a day of the file is no working day");
	check(n == 11 && h[6].day == D("2024-05-10") && strcmp(h[6].name, "brugdag") == 0 &&
		      h[10].day == D("2024-12-27") && strcmp(h[10].name, "extra") == 0 &&
		      strcmp(h[8].name, "Eerste Kerstdag") == 0,
	      "the days of the file are listed, by name or as 'extra', once each");
	check(cal_is_holiday(&c, D("2250-05-10")) && !cal_is_workday(&c, D("2250-05-10")) &&
		      walk(&c, D("2250-05-01"), D("2250-05-20")) ==
			      cal_workdays(&c, D("2250-05-01"), D("2250-05-20")),
	      "a day of the file beyond the table");
	/* unit/holidays_extra2.csv has its columns the other way round. */
	holidays_add_file(&c, "unit/holidays_extra2.csv");
	check(cal_nholidays(&c, 2024) == 12 && cal_is_holiday(&c, D("2024-08-01")),
	      "a second file adds to the first");
	check(cal_deadline_days(&c, D("2024-04-12"), 28) == D("2024-05-13"),
	      "a term ending on a day of the file runs on");
	check(cal_nholidays(&law, 2024) == 9, "a file read into one calendar leaves another");
	cal_fini(&c);
	cal_fini(&law);
}

int main(int argc, char **argv)
{
	diag_init(argv[0]);
	test_files();
	return failed;
}
