/* casesel: a mask of condition bits, the day of the first event and, for --active, what
 * period membership needs (lib/period) per case, gathered in one pass; case ids are
 * interned, runs of rows of one case (the usual order of an export) skipping the hash
 * table. */
#include "casesel.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "expr.h"
#include "model.h"
#include "strtab.h"

#define BIT_OUT (UINT32_C(1) << 31)

void casesel_bind(struct casesel *s, const struct csvr *r, int need_case)
{
	size_t i;

	s->cases = strtab_new();
	s->last = UINT32_MAX;
	s->c_case = need_case || s->ncond || s->cohort || s->active ? csvr_need(r, "case")
								    : csvr_col(r, "case");
	s->c_stage = -1;
	for (i = 0; i < s->ncond; i++)
		if (s->cond[i].stage)
			s->c_stage = csvr_need(r, "stage");
	if (s->active) {
		s->c_stage = csvr_need(r, "stage");
		s->m = model_get(NULL);
	}
	s->c_date = s->need_date || s->cohort || s->active ? csvr_need(r, "date") : -1;
}

int casesel_has_case(const struct casesel *s)
{
	return s->c_case >= 0;
}

uint32_t casesel_case(struct casesel *s, const struct csv_row *row, int add)
{
	const char *f = row->f[s->c_case];
	size_t n = row->len[s->c_case];

	if (s->last != UINT32_MAX && n == strtab_len(s->cases, s->last) &&
	    memcmp(f, strtab_str(s->cases, s->last), n) == 0)
		return s->last;
	s->last = add ? strtab_intern(s->cases, f, n) : strtab_find(s->cases, f, n);
	return s->last;
}

uint32_t casesel_note(struct casesel *s, const struct csvr *r, const struct csv_row *row)
{
	uint32_t id = casesel_case(s, row, 1);
	size_t i;

	if (id >= s->cap) {
		/* The three arrays grow together: each gets its own copy of the old size. */
		size_t cap = s->cap;

		xgrow(&s->first, &cap, (size_t)id + 1, sizeof *s->first);
		if (s->active) {
			cap = s->cap;
			xgrow(&s->pc, &cap, (size_t)id + 1, sizeof *s->pc);
		}
		xgrow(&s->mask, &s->cap, (size_t)id + 1, sizeof *s->mask);
	}
	if (id == s->seen) {
		/* Ids are dense in order of first sight: this case is new. */
		s->mask[id] = 0;
		s->first[id] = INT32_MAX;
		if (s->active)
			period_case_init(&s->pc[id]);
		s->seen++;
	}
	for (i = 0; i < s->ncond; i++) {
		const struct casesel_cond *cd = &s->cond[i];
		int hit;

		if (cd->stage)
			hit = row->len[s->c_stage] == cd->slen &&
			      memcmp(row->f[s->c_stage], cd->stage, cd->slen) == 0;
		else
			hit = expr_eval(cd->where, row);
		if (hit)
			s->mask[id] |= UINT32_C(1) << i;
	}
	if (s->c_date >= 0) {
		const char *f = row->f[s->c_date];
		int sec;
		kday d;

		if (date_parse_iso(f, row->len[s->c_date], &d, &sec) != 0)
			die_at(csvr_name(r), row->line, "column 'date': not a date: '%s'", f);
		if (d < s->first[id])
			s->first[id] = d;
		if (s->active) {
			/* A stage the model does not know is not terminal: filter reads any
			 * export, and only a terminal stage can close a case. */
			int st = model_stage(s->m, row->f[s->c_stage], row->len[s->c_stage]);

			period_case_add(&s->pc[id], s->active, d, sec,
					s->ties_input ? 0
					: st >= 0     ? s->m->stages[st].order
						      : INT_MAX,
					st >= 0 && s->m->stages[st].terminal);
		}
	}
	return id;
}

void casesel_decide(struct casesel *s)
{
	uint32_t need = 0, refuse = 0;
	size_t i, c;

	for (i = 0; i < s->ncond; i++) {
		if (s->cond[i].lacks)
			refuse |= UINT32_C(1) << i;
		else
			need |= UINT32_C(1) << i;
	}
	for (c = 0; c < s->seen; c++) {
		int keep = (s->mask[c] & need) == need && !(s->mask[c] & refuse);

		if (s->cohort && (s->first[c] < s->cohort->from || s->first[c] > s->cohort->to))
			keep = 0;
		if (s->active && !period_case_in(&s->pc[c]))
			keep = 0;
		s->mask[c] = keep ? 1 : 0;
	}
}

int casesel_kept(const struct casesel *s, uint32_t id)
{
	return (s->mask[id] & 1) != 0;
}

void casesel_wrote(struct casesel *s, uint32_t id)
{
	s->mask[id] |= BIT_OUT;
}

size_t casesel_nwrote(const struct casesel *s)
{
	size_t c, n = 0;

	for (c = 0; c < s->seen; c++)
		n += (s->mask[c] & BIT_OUT) != 0;
	return n;
}

size_t casesel_ncases(const struct casesel *s)
{
	return s->cases ? strtab_count(s->cases) : 0;
}

void casesel_free(struct casesel *s)
{
	strtab_free(s->cases);
	free(s->mask);
	free(s->first);
	free(s->pc);
	model_free(s->m);
}

unsigned long casesel_shard(const char *id, size_t len, unsigned long n)
{
	uint64_t h = 14695981039346656037u;
	size_t i;

	for (i = 0; i < len; i++) {
		h ^= (unsigned char)id[i];
		h *= 1099511628211u;
	}
	return (unsigned long)(h % n);
}
