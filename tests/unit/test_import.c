/* Unit tests of lib/import.c where the command line cannot reach: two imports at once,
 * each fed rows by hand and not from a reader (the engine holds no state outside its
 * struct import, so interleaving them must change nothing), the call before each
 * message on stderr that lets keten import clear its progress meter, and freeing an
 * import at any point of its life.  The expected outputs were worked out by hand from
 * keten-import(1): the names recognised, dates in keten form, a Dutch decimal comma,
 * code paths and --code-level -1, --sort by case, then moment, then arrival. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "convert.h"
#include "csvio.h"
#include "diag.h"
#include "harness.h"
#include "import.h"

/* A source row made by hand, as a reader would hand it over. */
struct hand {
	struct csv_row row;
	char *f[8];
	size_t len[8];
};

static const struct csv_row *hand_row(struct hand *h, long line, const char *const *fields)
{
	size_t n;

	for (n = 0; fields[n]; n++) {
		h->f[n] = (char *)fields[n]; /* the engine only reads a row */
		h->len[n] = strlen(fields[n]);
	}
	h->row.n = n;
	h->row.f = h->f;
	h->row.len = h->len;
	h->row.line = line;
	h->row.plain = 0;
	return &h->row;
}

/* An export of events: Dutch names to be recognised, dates in three forms, a stage
 * to be cleaned (Eerste gesprek), one not in the model, and four rows to reject, the
 * last too wide (its surplus is joined by the delimiter ';' in the rejects file). */
static const char *const ev_header[] = { "Zaaknummer", "Fase", "Datum", "Opmerking", NULL };
/* clang-format off */
static const char *const *const ev_rows[] = {
	(const char *const[]){ "Z2", "Intake", "4-2-2025", "b", NULL },
	(const char *const[]){ "Z1", "Eerste gesprek", "3 feb 2025", "a", NULL },
	(const char *const[]){ "Z1", "aanmelding", "2025-02-01", "c", NULL },
	(const char *const[]){ "Z3", "onbekend", "2025-02-02", "d", NULL },
	(const char *const[]){ "Z1", "intake", "31-02-2025", "e", NULL },
	(const char *const[]){ "Z2", "", "2025-02-05", "f", NULL },
	(const char *const[]){ "Z9", "x", "y", NULL },
	(const char *const[]){ "Z1", "nazorg", "2025-02-01T10:00", "g", NULL },
	(const char *const[]){ "Z4", "intake", "2025-02-06", "p", "q", NULL },
	(const char *const[]){ "Z3", "aanmelding", "2025-02-02", "h", NULL },
};
/* clang-format on */
static const char ev_out[] = "case,stage,date,opmerking\n"
			     "Z1,aanmelding,2025-02-01,c\n"
			     "Z1,nazorg,2025-02-01T10:00,g\n"
			     "Z1,eerste_gesprek,2025-02-03,a\n"
			     "Z2,intake,2025-02-04,b\n"
			     "Z3,onbekend,2025-02-02,d\n"
			     "Z3,aanmelding,2025-02-02,h\n";
static const char ev_rej[] = "line,reject_reason,Zaaknummer,Fase,Datum,Opmerking\n"
			     "6,column 'Datum': not a date: '31-02-2025',Z1,intake,31-02-2025,e\n"
			     "7,column 'Fase': missing value,Z2,,2025-02-05,f\n"
			     "8,\"expected 4 fields, found 3\",Z9,x,y,\n"
			     "10,\"expected 4 fields, found 5\",Z4,intake,2025-02-06,p;q\n";

/* An export of codes: two codes in one cell (one per line), a MAXQDA path, a cell
 * with only separators, and a weight that is not a number. */
static const char *const co_header[] = { "Document name", "Codes", "Gewicht", NULL };
/* clang-format off */
static const char *const *const co_rows[] = {
	(const char *const[]){ "I1", "Toegang > Wachttijd\nSchaamte", "1,5", NULL },
	(const char *const[]){ "I2", "Hulp\\Geld\\Schuld", "2", NULL },
	(const char *const[]){ "I2", "> \n>", "1", NULL },
	(const char *const[]){ "I3", "A", "veel", NULL },
};
/* clang-format on */
static const char co_out[] = "interview,code,weight,code_path\n"
			     "I1,Wachttijd,1.5,Toegang>Wachttijd\n"
			     "I1,Schaamte,1.5,Schaamte\n"
			     "I2,Schuld,2,Hulp>Geld>Schuld\n";

/* One import being run: its settings, its writers and what they wrote. */
struct run {
	struct import_settings set;
	struct import *im;
	FILE *out, *rej;
	char *outbuf, *rejbuf;
	size_t outlen, rejlen;
	struct csvw *w, *rw;
	struct hand hand;
	int status;
};

static void run_init(struct run *r, int codes)
{
	memset(r, 0, sizeof *r);
	r->set.kind = codes ? IMPORT_CODES : IMPORT_EVENTS;
	r->set.encoding = CSVR_AUTO;
	r->set.date_order = CONV_DMY;
	r->set.sort = !codes;
	r->set.code_level = codes ? -1 : 0;
	r->set.max_rejects = codes ? 2 : 4;
	r->out = open_memstream(&r->outbuf, &r->outlen);
	r->rej = open_memstream(&r->rejbuf, &r->rejlen);
	if (!r->out || !r->rej) {
		perror("open_memstream");
		exit(1);
	}
}

static void run_start(struct run *r, const char *const *header)
{
	r->im = import_new(&r->set);
	import_header(r->im, r->set.kind == IMPORT_CODES ? "codes.csv" : "events.csv",
		      hand_row(&r->hand, 1, header), ';');
	r->w = csvw_stream(r->out, "out");
	r->rw = csvw_stream(r->rej, "rejects");
	import_start(r->im, r->w, r->rw);
}

static void run_row(struct run *r, size_t i, const char *const *fields)
{
	import_row(r->im, hand_row(&r->hand, (long)i + 2, fields));
}

static void run_finish(struct run *r)
{
	r->status = import_finish(r->im, 0);
	csvw_close(r->w);
	csvw_close(r->rw);
	fclose(r->out);
	fclose(r->rej);
}

static void run_free(struct run *r)
{
	import_free(r->im);
	free(r->outbuf);
	free(r->rejbuf);
}

static int counts_are(const struct import *im, long read, long written, long rejected,
		      long out_rows)
{
	struct import_counts c = import_counts(im);

	return c.read == read && c.written == written && c.rejected == rejected &&
	       c.out_rows == out_rows;
}

#define NEV (sizeof ev_rows / sizeof *ev_rows)
#define NCO (sizeof co_rows / sizeof *co_rows)

static void test_alone(void)
{
	struct run e, c;
	size_t i;

	run_init(&e, 0);
	run_start(&e, ev_header);
	for (i = 0; i < NEV; i++)
		run_row(&e, i, ev_rows[i]);
	run_finish(&e);
	check(strcmp(e.outbuf, ev_out) == 0, "events: recognised, converted and sorted");
	check(strcmp(e.rejbuf, ev_rej) == 0, "events: rejects with line, reason and fields");
	check(counts_are(e.im, 10, 6, 4, 6), "events: counts");
	check(e.status == 0, "events: four rejects allowed");
	run_free(&e);

	run_init(&c, 1);
	run_start(&c, co_header);
	for (i = 0; i < NCO; i++)
		run_row(&c, i, co_rows[i]);
	run_finish(&c);
	check(strcmp(c.outbuf, co_out) == 0, "codes: one row per code, the leaf kept");
	check(counts_are(c.im, 4, 2, 2, 3), "codes: counts");
	run_free(&c);
}

/* Three imports at once, their rows interleaved and finished in another order than
 * they began: each writes what it writes alone. */
static void test_together(void)
{
	struct run a, b, c;
	size_t i;

	run_init(&a, 0);
	run_init(&b, 1);
	run_init(&c, 0);
	run_start(&a, ev_header);
	run_start(&b, co_header);
	run_start(&c, ev_header);
	for (i = 0; i < NEV; i++) {
		run_row(&a, i, ev_rows[i]);
		if (i < NCO)
			run_row(&b, i, co_rows[i]);
		run_row(&c, i, ev_rows[i]);
	}
	run_finish(&c);
	run_finish(&b);
	run_finish(&a);
	check(strcmp(a.outbuf, ev_out) == 0 && strcmp(c.outbuf, ev_out) == 0 &&
		      strcmp(a.rejbuf, ev_rej) == 0 && strcmp(c.rejbuf, ev_rej) == 0,
	      "two event imports at once write what each writes alone");
	check(strcmp(b.outbuf, co_out) == 0, "a codes import beside them too");
	check(counts_are(a.im, 10, 6, 4, 6) && counts_are(b.im, 4, 2, 2, 3) &&
		      counts_are(c.im, 10, 6, 4, 6),
	      "each keeps its own counts");
	run_free(&a);
	run_free(&b);
	run_free(&c);
}

static void count_call(void *ctx)
{
	++*(int *)ctx;
}

/* The engine calls before_message before each message it writes on stderr: the first
 * ten rejects, then once more before the summary. */
static void test_before_message(void)
{
	static const char *const shorter[] = { "Z1", "aanmelding", NULL };
	struct run r;
	int calls = 0, before_rejects;
	size_t i;

	run_init(&r, 0);
	r.set.before_message = count_call;
	r.set.ctx = &calls;
	r.set.max_rejects = 0;
	run_start(&r, ev_header);
	run_row(&r, 0, ev_rows[0]);
	before_rejects = calls;
	for (i = 1; i <= 12; i++)
		run_row(&r, i, shorter);
	check(before_rejects == 0 && calls == 10, "called before each of the first ten rejects");
	run_finish(&r);
	check(calls == 11, "called before the summary");
	check(r.status == EXIT_DATA, "more rejects than allowed: EXIT_DATA");
	run_free(&r);
}

/* Freeing is allowed at every point (leaks show under make check-valgrind). */
static void test_free(void)
{
	struct import_settings set = { .encoding = CSVR_AUTO };
	struct hand h;
	struct import *im;

	import_free(NULL);
	import_free(import_new(&set));
	im = import_new(&set);
	import_header(im, "events.csv", hand_row(&h, 1, ev_header), ',');
	import_free(im);
	check(1, "an import is freed before it began and before its rows");
}

int main(void)
{
	diag_init("test_import");
	test_alone();
	test_together();
	test_before_message();
	test_free();
	return failed;
}
