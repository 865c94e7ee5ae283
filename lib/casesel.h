/* casesel: which cases the case filters of keten filter keep (--case-has, --case-lacks,
 * --case-where, --cohort, --active): what each case needs is noted one row at a time, in
 * one pass over the input, and each case is then kept or not. */
#ifndef KETEN_CASESEL_H
#define KETEN_CASESEL_H

#include <stddef.h>
#include <stdint.h>

#include "csvio.h"
#include "date.h"
#include "period.h"

struct expr;
struct model;
struct strtab;

/* Conditions take one bit each of a case's mask; bit 31 says "a row of it was written". */
#define CASESEL_MAX 30

/* A stage that a case must have or must not have, or an expression that one of its events
 * must satisfy. */
struct casesel_cond {
	const char *stage; /* --case-has, --case-lacks */
	size_t slen;
	int lacks;
	struct expr *where; /* --case-where, bound to the header by the caller */
};

struct casesel {
	/* Set by the caller. */
	struct casesel_cond cond[CASESEL_MAX];
	size_t ncond;
	const struct period *cohort; /* keep the cases whose first event falls in it */
	const struct period *active; /* keep the cases in the chain during it
					(period_case_in) */
	int need_date;               /* read every row's date (a bad one stops the run) */
	int ties_input;              /* --ties input: of the events of one moment the last in
					the input is the latest, whatever its stage */
	/* Private. */
	struct model *m; /* the stages that --active looks up */
	int c_case, c_stage, c_date;
	struct strtab *cases;
	uint32_t *mask;
	kday *first;
	struct period_case *pc;
	size_t cap;
	uint32_t seen, last;
};

/* Takes the columns from the header of r (the first input): case, and stage and date
 * where the conditions look at them, a missing one being an error; with need_case 0 and
 * no conditions the case column is optional (keten filter -s counts cases when there is
 * one). */
void casesel_bind(struct casesel *s, const struct csvr *r, int need_case);
/* Whether the input has a case column. */
int casesel_has_case(const struct casesel *s);
/* The id of the case of row (0, 1, ... in order of first sight); with add 0, UINT32_MAX
 * for a case never seen. */
uint32_t casesel_case(struct casesel *s, const struct csv_row *row, int add);
/* Notes what row tells about its case; returns the case's id. */
uint32_t casesel_note(struct casesel *s, const struct csvr *r, const struct csv_row *row);
/* Decides every case noted: kept when it meets every condition. */
void casesel_decide(struct casesel *s);
/* After casesel_decide: whether case id is kept. */
int casesel_kept(const struct casesel *s, uint32_t id);
/* Notes that a row of case id was written, and counts the cases so noted. */
void casesel_wrote(struct casesel *s, uint32_t id);
size_t casesel_nwrote(const struct casesel *s);
/* The cases seen. */
size_t casesel_ncases(const struct casesel *s);
void casesel_free(struct casesel *s);

/* The shard of n (0 .. n - 1) that the case id (len bytes) falls in, for keten filter
 * --shard: the 64-bit FNV-1a hash of its bytes (offset basis 14695981039346656037, prime
 * 1099511628211) modulo n, the same on every machine. */
unsigned long casesel_shard(const char *id, size_t len, unsigned long n);

#endif
