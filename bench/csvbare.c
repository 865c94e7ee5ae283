/* csvbare: the yardstick of bench/csv.sh: libcsv's own loop as its examples write it,
 * with the default options (csv_init(&p, 0)), reading a file in 128 KiB blocks and only
 * counting fields and records.  It keeps nothing, writes nothing and numbers no lines;
 * keten's CSV module should come within 1.5 times its time while doing all of that. */
#include <csv.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static size_t fields, records;

static void on_field(void *s, size_t n, void *ctx)
{
	(void)s;
	(void)n;
	(void)ctx;
	fields++;
}

static void on_record(int c, void *ctx)
{
	(void)c;
	(void)ctx;
	records++;
}

int main(int argc, char **argv)
{
	static char buf[128 * 1024];
	struct csv_parser p;
	FILE *fp;
	size_t n;

	if (argc != 2) {
		fprintf(stderr, "usage: csvbare FILE\n");
		return 2;
	}
	fp = fopen(argv[1], "rb");
	if (!fp) {
		fprintf(stderr, "csvbare: %s: %s\n", argv[1], strerror(errno));
		return 1;
	}
	if (csv_init(&p, 0) != 0) {
		fprintf(stderr, "csvbare: cannot initialise libcsv\n");
		fclose(fp);
		return 1;
	}
	while ((n = fread(buf, 1, sizeof buf, fp)) > 0) {
		if (csv_parse(&p, buf, n, on_field, on_record, NULL) != n) {
			fprintf(stderr, "csvbare: %s: %s\n", argv[1], csv_strerror(csv_error(&p)));
			csv_free(&p);
			fclose(fp);
			return 1;
		}
	}
	if (ferror(fp)) {
		fprintf(stderr, "csvbare: %s: read error\n", argv[1]);
		csv_free(&p);
		fclose(fp);
		return 1;
	}
	csv_fini(&p, on_field, on_record, NULL);
	csv_free(&p);
	fclose(fp);
	printf("%zu fields, %zu records\n", fields, records);
	return 0;
}
