/* csvcat: the CSV module alone, for bench/csv.sh: every record of a keten CSV file read
 * with csvr and written back unchanged with csvw, so that the time measured is the time
 * of lib/csvio.c and nothing else.  With -n it only reads and prints the record count. */
#include <stdio.h>
#include <string.h>

#include "csvio.h"
#include "diag.h"

int main(int argc, char **argv)
{
	const struct csv_row *row;
	struct csvr *r;
	struct csvw *w;
	int count_only = 0;

	diag_init(argv[0]);
	if (argc > 1 && strcmp(argv[1], "-n") == 0) {
		count_only = 1;
		argc--;
		argv++;
	}
	if (argc != 2)
		usage_error("usage: csvcat [-n] FILE");
	r = csvr_open(argv[1], 0);
	if (count_only) {
		while (csvr_next(r))
			;
		printf("%ld\n", csvr_count(r));
		csvr_close(r);
		return 0;
	}
	w = csvw_open("-");
	csvw_row(w, csvr_header(r));
	while ((row = csvr_next(r)) != NULL)
		csvw_row(w, row);
	csvr_close(r);
	csvw_close(w);
	return 0;
}
