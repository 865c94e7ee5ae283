/* holidays: holidays files (keten(5)) read into a working-day calendar. */
#include "holidays.h"

#include <stdlib.h>

#include "csvio.h"
#include "diag.h"

/* Frees the names of the n days read so far. */
static void free_days(struct holiday *a, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free((char *)a[i].name);
	free(a);
}

void holidays_add_file(struct calendar *c, const char *path)
{
	struct csvr *r = csvr_open(path, 0);
	int cd = csvr_need(r, "date"), cn = csvr_col(r, "name");
	const struct csv_row *row;
	struct holiday *a = NULL;
	size_t na = 0, acap = 0;

	while ((row = csvr_next(r))) {
		kday day;
		int sec;

		if (date_parse_iso(row->f[cd], row->len[cd], &day, &sec) != 0 || sec >= 0) {
			warn_at(csvr_name(r), row->line, "column 'date': not a date: '%s'",
				row->f[cd]);
			free_days(a, na);
			csvr_close(r);
			exit(EXIT_DATA);
		}
		xgrow(&a, &acap, na + 1, sizeof *a);
		a[na].day = day;
		a[na].name = NULL;
		if (cn >= 0 && row->len[cn] > 0)
			a[na].name = xstrndup(row->f[cn], row->len[cn]);
		na++;
	}
	csvr_close(r);
	/* The days go in in the order of the file, so the first of a day keeps its name. */
	cal_add_days(c, a, na);
	free_days(a, na);
}
