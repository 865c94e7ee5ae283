/* events: an event table loaded into compact form and grouped by case.
 *
 * Rows are read once, the case id, the group values and the stage are interned, and the
 * events are then bucketed by case with a counting sort (linear in the events) and put in
 * time order inside each case with an insertion sort, which is linear too when a case's
 * events arrive in order, as exports nearly always give them. */
#include "events.h"

#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "expr.h"
#include "period.h"
#include "strtab.h"

/* Splits a comma-separated list of column names. */
static char **split_names(const char *list, size_t *n)
{
	char **v = NULL;
	size_t cap = 0;
	const char *p = list;

	*n = 0;
	for (;;) {
		const char *c = strchr(p, ',');
		size_t len = c ? (size_t)(c - p) : strlen(p);

		if (len == 0)
			usage_error("empty column name in '%s'", list);
		xgrow(&v, &cap, *n + 1, sizeof *v);
		v[(*n)++] = xstrndup(p, len);
		if (!c)
			break;
		p = c + 1;
	}
	return v;
}

/* Whether a comes before b: by time, then (unless ties_input) by the stage order of m; the
 * insertion sort keeps the input order of the rest. */
static int before(const struct event *a, const struct event *b, const struct model *m,
		  int ties_input)
{
	int64_t ta = event_time(a), tb = event_time(b);

	if (ta != tb)
		return ta < tb;
	/* A date without a time sorts before a time on the same day. */
	if ((a->ms < 0) != (b->ms < 0))
		return a->ms < 0;
	return !ties_input && m->stages[a->stage].order < m->stages[b->stage].order;
}

/* Moves the nx values of event i to j (j < i), those of j .. i - 1 one up: the insertion
 * sort's move of the event itself. */
static void move_xattr(uint32_t *x, size_t nx, size_t j, size_t i)
{
	uint32_t t[16], *tmp = nx <= 16 ? t : xmalloc(nx * sizeof *tmp);

	memcpy(tmp, x + i * nx, nx * sizeof *tmp);
	memmove(x + (j + 1) * nx, x + j * nx, (i - j) * nx * sizeof *x);
	memcpy(x + j * nx, tmp, nx * sizeof *tmp);
	if (tmp != t)
		free(tmp);
}

/* Moves the start of event i to j (j < i), those of j .. i - 1 one up, as move_xattr. */
static void move_start(int64_t *t, size_t j, size_t i)
{
	int64_t v = t[i];

	memmove(t + j + 1, t + j, (i - j) * sizeof *t);
	t[j] = v;
}

/* The start column of row (keten(5)) in event_time()'s unit, EVLOG_NO_START when empty; a
 * start that is no date, or one after the event's own date, is an error.  A start without
 * an offset beside a date with one is a wall time of the zone, as the loader reads such
 * dates (keten(5), "Dates and times"). */
static int64_t read_start(const struct evlog *l, const struct csv_row *row, int col,
			  const struct event *e)
{
	struct event t = { 0 };
	kday day;
	int32_t ms;
	int off;

	if (row->len[col] == 0)
		return EVLOG_NO_START;
	if (date_parse_time(row->f[col], row->len[col], &day, &ms, &off) != 0)
		die_at(l->name, row->line, "column 'start': not a date: '%s'", row->f[col]);
	if (off == DATE_NOOFF && e->off != DATE_NOOFF)
		off = date_zone_offset_local(day, ms);
	t.day = day;
	t.ms = ms;
	t.off = (int16_t)off;
	if (event_time(&t) > event_time(e))
		die_at(l->name, row->line, "column 'start': after the date: '%s'", row->f[col]);
	return event_time(&t);
}

/* Puts the events of each case in time order, ties by stage order unless ties_input: an
 * insertion sort, stable and linear when a case's events arrive in order.  The nx values
 * and the start beside each event move with it. */
static void sort_cases(struct evlog *l, const struct model *m, size_t nx, int ties_input)
{
	size_t c, i, j;

	for (c = 0; c < l->ncases; c++) {
		size_t a = l->start[c], b = l->start[c + 1];

		for (i = a + 1; i < b; i++) {
			struct event t;

			/* An event in order after the one before stays where it is. */
			if (!before(&l->ev[i], &l->ev[i - 1], m, ties_input))
				continue;
			t = l->ev[i];
			for (j = i; j > a && before(&t, &l->ev[j - 1], m, ties_input); j--)
				l->ev[j] = l->ev[j - 1];
			l->ev[j] = t;
			if (nx && j < i)
				move_xattr(l->xattr, nx, j, i);
			if (l->tstart && j < i)
				move_start(l->tstart, j, i);
		}
	}
}

/* Finishes the model of -M infer from the events just read.  They are in time order with
 * ties in input order, since every learnt stage has order 0 until the model is finished;
 * their stages are then renumbered into the model's order, and with --ties model ties put
 * in that order, as with the same model given as a file. */
static void finish_inferred(struct evlog *l, struct model *m, size_t nx, int ties_input)
{
	uint16_t *stage = xmalloc((l->n ? l->n : 1) * sizeof *stage);
	uint16_t *map = xmalloc((m->nstages ? m->nstages : 1) * sizeof *map);
	size_t i;

	for (i = 0; i < l->n; i++)
		stage[i] = l->ev[i].stage;
	model_infer(m, stage, l->start, l->ncases, map);
	for (i = 0; i < l->n; i++)
		l->ev[i].stage = map[l->ev[i].stage];
	if (!ties_input)
		sort_cases(l, m, nx, 0);
	free(map);
	free(stage);
}

/* The interned id of the stage name s (n bytes), through memo: a slot per cheap key of
 * the name that holds the id + 1 of the name seen last with that key.  A log names a few
 * stages in turn, which the last string of the table (strtab_intern) seldom is; the memo
 * tells most of them without hashing or probing. */
#define STAGE_MEMO 64
static uint32_t stage_id(struct strtab *stages, uint32_t *memo, const char *s, size_t n)
{
	size_t k = n ? (n * 7 + (unsigned char)s[0] * 3 + (unsigned char)s[n - 1]) % STAGE_MEMO : 0;
	uint32_t id = memo[k];

	if (id && strtab_len(stages, id - 1) == n && memcmp(strtab_str(stages, id - 1), s, n) == 0)
		return id - 1;
	id = strtab_intern(stages, s, n);
	memo[k] = id + 1;
	return id;
}

/* The stage of the event in line `line` is one the model cannot take. */
noreturn static void bad_stage(const struct evlog *l, long line, const struct model *m,
			       int learning, const char *name, size_t n)
{
	const char *why = model_stage_name_bad(name, n);

	if (!learning)
		die_at(l->name, line,
		       "column 'stage': not a stage of the %s model: '%s' (give -M infer for the model inferred from the events, or a model file with -M FILE; or map it with keten import --recode)",
		       m->name, name);
	if (n == 0)
		die_at(l->name, line, "column 'stage': empty");
	if (why)
		die_at(l->name, line,
		       "column 'stage': not a stage name (%s): '%s' (map it with keten import --recode)",
		       why, name);
	die_at(l->name, line, "more than %d stages", MODEL_MAX_STAGES);
}

struct evlog *evlog_load(const char *path, const struct evopts *o)
{
	return evlog_read(csvr_open(path, 0), o);
}

struct evlog *evlog_read(struct csvr *r, const struct evopts *o)
{
	struct evlog *l = xcalloc(1, sizeof *l);
	const struct csv_row *row;
	const struct model *m = o->m;
	struct model *learn = model_learning(m); /* -M infer: the stages are learnt here */
	int ccase, cstage, cdate, cstart, *cattr = NULL, *cby = NULL;
	struct strtab *stages = strtab_new();
	int16_t *stage_of = NULL; /* interned stage name -> model stage, -1 unknown */
	size_t stage_cap = 0, cap = 0, i, nn = 0, nx = 0;
	int nooff = 0; /* some event has no offset */
	char *key = NULL;
	size_t keycap = 0;
	uint32_t *dest, prevcase = 0;
	int scattered = 0; /* a case's events do not all stand together */
	struct expr **conds = NULL;
	uint32_t stage_memo[STAGE_MEMO] = { 0 };
	/* The norms with a condition that start at each of the first 64 stages, as bits, so
	 * that an event tries only those; norm_far: one starts further on. */
	uint16_t norm_at[64] = { 0 };
	int norm_far = 0;

	l->name = csvr_name(r);
	l->m = m;
	l->cases = strtab_new_lazy();
	l->groups = strtab_new();
	l->attrs = strtab_new();
	l->minday = INT32_MAX;
	l->maxday = INT32_MIN;
	/* Stages looked up before the events were read (--between, --start) have numbers
	 * that the inferred order would change under their holders. */
	if (learn && learn->nstages)
		usage_error(
			"-M infer: no stage is known before the events are read, and '%s' is named before: write the inferred model to a file (keten model --infer) and give that file",
			learn->stages[0].name);
	/* A case takes some hundred bytes of the file at least (keten gen writes about 90
	 * an event and four events a case): a table for a case per 256 bytes holds them
	 * without growing, and is not much too large for a log of long cases. */
	if (csvr_size(r) > 0)
		strtab_reserve(l->cases, (size_t)(csvr_size(r) / 256));
	ccase = csvr_need(r, "case");
	cstage = csvr_need(r, "stage");
	cdate = csvr_need(r, "date");
	cstart = csvr_col(r, "start");
	if (o->attr) {
		l->attr_names = split_names(o->attr, &l->nattr);
		cattr = xcalloc(l->nattr, sizeof *cattr);
		l->attrtab = xcalloc(l->nattr, sizeof(struct strtab *));
		for (i = 0; i < l->nattr; i++) {
			cattr[i] = o->attr_optional ? csvr_col(r, l->attr_names[i])
						    : csvr_need(r, l->attr_names[i]);
			l->attrtab[i] = i ? strtab_new() : l->attrs;
			strtab_intern(l->attrtab[i], "", 0);
		}
		nx = l->nattr - 1;
	} else {
		l->attrtab = xcalloc(1, sizeof(struct strtab *));
		l->attrtab[0] = l->attrs;
		strtab_intern(l->attrs, "", 0);
	}
	if (o->by) {
		l->by = split_names(o->by, &l->nby);
		cby = xcalloc(l->nby, sizeof *cby);
		for (i = 0; i < l->nby; i++)
			cby[i] = csvr_need(r, l->by[i]);
	} else {
		strtab_intern(l->groups, "", 0);
	}
	if (o->norm_flags) {
		nn = m->nnorms < 16 ? m->nnorms : 16;
		conds = xcalloc(nn ? nn : 1, sizeof(struct expr *));
		for (i = 0; i < nn; i++) {
			char *err = NULL;

			if (!m->norms[i].cond)
				continue;
			/* Bind a private copy: the model may be shared by later loads. */
			conds[i] = expr_parse(m->norms[i].where, &err);
			if (!conds[i])
				die("%s: norm %s -> %s: where '%s': %s", m->name,
				    m->stages[m->norms[i].from].name,
				    m->stages[m->norms[i].to].name, m->norms[i].where, err);
			/* An input without the column the condition names (no 'urgent') has no
			 * event the condition can hold for: the norm is said to be left out. */
			if (expr_bind(conds[i], csvr_header(r), &err) != 0) {
				warnx("%s: the norm %s -> %s where %s is not applied: the input lacks a column it names",
				      l->name, m->stages[m->norms[i].from].name,
				      m->stages[m->norms[i].to].name, m->norms[i].where);
				free(err);
				expr_free(conds[i]);
				conds[i] = NULL;
			}
		}
		for (i = 0; i < nn; i++) {
			if (!conds[i])
				continue;
			if (m->norms[i].from < 64)
				norm_at[m->norms[i].from] |= (uint16_t)(1u << i);
			else
				norm_far = 1;
		}
	}

	while ((row = csvr_next(r))) {
		struct event *e;
		uint32_t sid;
		kday day;
		int32_t ms;
		int off;

		if (l->n == UINT32_MAX)
			die_at(l->name, row->line, "more than %u events", UINT32_MAX);
		if (l->n == cap) {
			/* Growing by a sixteenth keeps the slack small for ten million events;
			 * large blocks grow by remapping, without copying. */
			cap += cap / 16 > 4096 ? cap / 16 : 4096;
			l->ev = xreallocarray(l->ev, cap, sizeof *l->ev);
			if (nx)
				l->xattr = xreallocarray(l->xattr, cap * nx, sizeof *l->xattr);
			if (cstart >= 0)
				l->tstart = xreallocarray(l->tstart, cap, sizeof *l->tstart);
		}
		e = &l->ev[l->n++];
		e->kase = strtab_intern(l->cases, row->f[ccase], row->len[ccase]);
		/* Case numbers count up in order of first appearance: one that goes down
		 * belongs to a case seen before another. */
		if (e->kase < prevcase)
			scattered = 1;
		prevcase = e->kase;
		if (row->len[ccase] == 0)
			die_at(l->name, row->line, "column 'case': empty");

		sid = stage_id(stages, stage_memo, row->f[cstage], row->len[cstage]);
		if (sid >= stage_cap) {
			size_t old = stage_cap;
			xgrow(&stage_of, &stage_cap, sid + 1, sizeof *stage_of);
			for (i = old; i < stage_cap; i++)
				stage_of[i] = -2;
		}
		if (stage_of[sid] == -2)
			stage_of[sid] = (int16_t)model_stage(m, row->f[cstage], row->len[cstage]);
		if (stage_of[sid] < 0)
			bad_stage(l, row->line, m, learn != NULL, row->f[cstage], row->len[cstage]);
		e->stage = (uint16_t)stage_of[sid];

		if (date_parse_time(row->f[cdate], row->len[cdate], &day, &ms, &off) != 0)
			die_at(l->name, row->line, "column 'date': not a date: '%s'",
			       row->f[cdate]);
		e->day = day;
		e->ms = ms;
		e->off = (int16_t)off;
		if (ms >= 0)
			l->has_time = 1;
		if (off != DATE_NOOFF)
			l->has_off = 1;
		else
			nooff = 1;
		if (day < l->minday)
			l->minday = day;
		if (day > l->maxday) {
			l->maxday = day;
			l->maxline = row->line;
		}
		if (cstart >= 0)
			l->tstart[l->n - 1] = read_start(l, row, cstart, e);

		e->attr = cattr && cattr[0] >= 0
				  ? strtab_intern(l->attrs, row->f[cattr[0]], row->len[cattr[0]])
				  : 0;
		for (i = 0; i < nx; i++)
			l->xattr[(l->n - 1) * nx + i] =
				cattr[i + 1] >= 0
					? strtab_intern(l->attrtab[i + 1], row->f[cattr[i + 1]],
							row->len[cattr[i + 1]])
					: 0;
		/* cby is set exactly when there are --by columns. */
		if (cby && l->nby == 1) {
			e->group = strtab_intern(l->groups, row->f[cby[0]], row->len[cby[0]]);
		} else if (cby && l->nby > 1) {
			size_t len = 0;

			for (i = 0; i < l->nby; i++)
				len += row->len[cby[i]] + 1;
			xgrow(&key, &keycap, len, 1);
			len = 0;
			for (i = 0; i < l->nby; i++) {
				if (i)
					key[len++] = EVLOG_SEP;
				memcpy(key + len, row->f[cby[i]], row->len[cby[i]]);
				len += row->len[cby[i]];
			}
			e->group = strtab_intern(l->groups, key, len);
		} else {
			e->group = 0;
		}
		e->flags = 0;
		if (!norm_far) {
			unsigned mask = conds && e->stage < 64 ? norm_at[e->stage] : 0;

			while (mask) {
				i = (size_t)__builtin_ctz(mask);
				mask &= mask - 1;
				if (expr_eval(conds[i], row))
					e->flags |= (uint16_t)(1u << i);
			}
		} else {
			for (i = 0; i < nn; i++)
				if (conds[i] && m->norms[i].from == e->stage &&
				    expr_eval(conds[i], row))
					e->flags |= (uint16_t)(1u << i);
		}
	}
	l->rows = csvr_count(r);
	strtab_seal(l->cases);
	if (l->n == 0)
		l->minday = l->maxday = 0;
	/* In a log that mixes times with an offset and times or dates without one, those
	 * without are local times of the zone (keten(5), "Dates and times"): they get its
	 * offset, so that every event is an instant on one line. */
	if (l->has_off && nooff)
		for (i = 0; i < l->n; i++)
			if (l->ev[i].off == DATE_NOOFF)
				l->ev[i].off =
					(int16_t)date_zone_offset_local(l->ev[i].day, l->ev[i].ms);

	/* Counting sort by case number, the cases keeping their order of first appearance.
	 * The permutation is applied in place, one cycle at a time, so that the events
	 * are held once (plus 4 bytes each for the permutation) rather than twice. */
	if (l->n < cap)
		l->ev = xreallocarray(l->ev, l->n ? l->n : 1, sizeof *l->ev);
	if (nx && l->n < cap)
		l->xattr = xreallocarray(l->xattr, (l->n ? l->n : 1) * nx, sizeof *l->xattr);
	if (cstart >= 0 && !l->tstart)
		l->tstart = xmalloc(sizeof *l->tstart);
	l->ncases = strtab_count(l->cases);
	l->start = xcalloc(l->ncases + 1, sizeof *l->start);
	for (i = 0; i < l->n; i++)
		l->start[l->ev[i].kase + 1]++;
	for (i = 0; i < l->ncases; i++)
		l->start[i + 1] += l->start[i];
	/* A log whose cases each stand together, in their order of first appearance, as
	 * exports and keten gen give them, is grouped already: no permutation to make. */
	if (scattered) {
		/* start[c] serves as the cursor of case c and is set back afterwards, so that no
		 * second array of counts is needed. */
		dest = xmalloc((l->n ? l->n : 1) * sizeof *dest);
		for (i = 0; i < l->n; i++)
			dest[i] = (uint32_t)l->start[l->ev[i].kase]++;
		for (i = l->ncases; i > 0; i--)
			l->start[i] = l->start[i - 1];
		l->start[0] = 0;
		if (nx) {
			/* The values beside the events move with them: a copy is the simple way. */
			uint32_t *x = xmalloc((l->n ? l->n : 1) * nx * sizeof *x);

			for (i = 0; i < l->n; i++)
				memcpy(x + (size_t)dest[i] * nx, l->xattr + i * nx, nx * sizeof *x);
			free(l->xattr);
			l->xattr = x;
		}
		if (l->tstart) {
			/* The starts move with their events as the values do. */
			int64_t *t = xmalloc((l->n ? l->n : 1) * sizeof *t);

			for (i = 0; i < l->n; i++)
				t[dest[i]] = l->tstart[i];
			free(l->tstart);
			l->tstart = t;
		}
		for (i = 0; i < l->n; i++) {
			while (dest[i] != i) {
				uint32_t d = dest[i];
				struct event t = l->ev[d];

				l->ev[d] = l->ev[i];
				l->ev[i] = t;
				dest[i] = dest[d];
				dest[d] = d;
			}
		}
		free(dest);
	}
	sort_cases(l, m, nx, o->ties_input);
	if (learn)
		finish_inferred(l, learn, nx, o->ties_input);
	l->closed = o->closed;

	for (i = 0; i < nn; i++)
		expr_free(conds[i]);
	free(conds);
	free(key);
	free(cattr);
	free(cby);
	free(stage_of);
	strtab_free(stages);
	/* The name outlives the reader: keep a copy. */
	l->name = xstrdup(l->name);
	csvr_close(r);
	return l;
}

void evlog_free(struct evlog *l)
{
	size_t i;

	if (!l)
		return;
	free(l->ev);
	free(l->start);
	free(l->xattr);
	free(l->tstart);
	strtab_free(l->cases);
	if (!l->base) {
		for (i = 0; i < l->nby; i++)
			free(l->by[i]);
		free(l->by);
		for (i = 0; i < l->nattr; i++) {
			free(l->attr_names[i]);
			if (i)
				strtab_free(l->attrtab[i]);
		}
		free(l->attr_names);
		free(l->attrtab);
		strtab_free(l->groups);
		strtab_free(l->attrs);
		free((char *)l->name);
	}
	free(l);
}

int evlog_attr_col(const struct evlog *l, const char *name)
{
	size_t i;

	for (i = 0; i < l->nattr; i++)
		if (strcmp(l->attr_names[i], name) == 0)
			return (int)i;
	return -1;
}

int evlog_case_in_period(const struct evlog *l, size_t c, const struct period *p)
{
	struct period_case pc;
	size_t i;

	/* A closed log's case ended at its last event: one that ended before p was not in the
	 * chain during it, whatever the stage of that event. */
	if (l->closed && l->start[c + 1] > l->start[c] && l->ev[l->start[c + 1] - 1].day < p->from)
		return 0;
	period_case_init(&pc);
	/* The events are in their order already (--ties included): of one moment the last
	 * one walked is the latest, which an equal order of 0 tells period_case_add. */
	for (i = l->start[c]; i < l->start[c + 1] && l->ev[i].day <= p->to; i++)
		period_case_add(&pc, p, l->ev[i].day, l->ev[i].ms, 0,
				l->m->stages[l->ev[i].stage].terminal);
	return period_case_in(&pc);
}

uint8_t *evlog_period_cases(const struct evlog *l, const struct period *p, struct period_counts *n)
{
	uint8_t *keep = xcalloc(l->ncases + 1, 1);
	size_t c, i;

	if (n)
		memset(n, 0, sizeof *n);
	for (c = 0; c < l->ncases; c++) {
		int left = 0;

		keep[c] = (uint8_t)evlog_case_in_period(l, c, p);
		if (!keep[c] || !n)
			continue;
		n->cases++;
		if (l->ev[l->start[c]].day >= p->from)
			n->started++;
		for (i = l->start[c]; i < l->start[c + 1] && l->ev[i].day <= p->to; i++) {
			if (l->ev[i].day < p->from)
				continue;
			n->events++;
			if (l->m->stages[l->ev[i].stage].terminal)
				left = 1;
		}
		n->left += left;
	}
	return keep;
}

struct evlog *evlog_select(const struct evlog *l, const uint8_t *keep, kday to)
{
	struct evlog *s = xmalloc(sizeof *s);
	size_t c, i, n = 0, k = 0, nx = l->nattr > 1 ? l->nattr - 1 : 0;

	*s = *l;
	s->base = l->base ? l->base : l;
	for (c = 0; c < l->ncases; c++)
		if (keep[c])
			for (i = l->start[c]; i < l->start[c + 1] && l->ev[i].day <= to; i++)
				n++;
	s->ev = xmalloc((n ? n : 1) * sizeof *s->ev);
	s->xattr = nx ? xmalloc((n ? n : 1) * nx * sizeof *s->xattr) : NULL;
	s->tstart = l->tstart ? xmalloc((n ? n : 1) * sizeof *s->tstart) : NULL;
	s->start = xmalloc((l->ncases + 1) * sizeof *s->start);
	/* The kept ids are added in the order of the log's cases: in a log read in case
	 * order they rise, and the lazy table then builds no index for them. */
	s->cases = strtab_new_lazy();
	for (c = 0; c < l->ncases; c++)
		k += keep[c] != 0;
	/* The kept ids are interned once each: a table of their number never grows. */
	strtab_reserve(s->cases, k);
	k = 0;
	s->minday = INT32_MAX;
	s->maxday = INT32_MIN;
	n = 0;
	for (c = 0; c < l->ncases; c++) {
		if (!keep[c])
			continue;
		s->start[k] = n;
		strtab_intern(s->cases, strtab_str(l->cases, (uint32_t)c),
			      strtab_len(l->cases, (uint32_t)c));
		for (i = l->start[c]; i < l->start[c + 1] && l->ev[i].day <= to; i++) {
			s->ev[n] = l->ev[i];
			s->ev[n].kase = (uint32_t)k;
			if (nx)
				memcpy(s->xattr + n * nx, l->xattr + i * nx, nx * sizeof *s->xattr);
			if (s->tstart)
				s->tstart[n] = l->tstart[i];
			if (s->ev[n].day < s->minday)
				s->minday = s->ev[n].day;
			if (s->ev[n].day > s->maxday)
				s->maxday = s->ev[n].day;
			n++;
		}
		k++;
	}
	strtab_seal(s->cases);
	s->start[k] = n;
	s->n = n;
	s->ncases = k;
	s->rows = (long)n;
	if (n == 0)
		s->minday = s->maxday = 0;
	return s;
}

size_t evlog_max_case(const struct evlog *l)
{
	size_t c, max = 1;

	for (c = 0; c < l->ncases; c++)
		if (l->start[c + 1] - l->start[c] > max)
			max = l->start[c + 1] - l->start[c];
	return max;
}

void evlog_write_by_names(const struct evlog *l, struct csvw *w)
{
	size_t i;

	for (i = 0; i < l->nby; i++)
		csvw_str(w, l->by[i]);
}

void evlog_write_group(const struct evlog *l, uint32_t g, struct csvw *w)
{
	const char *s = strtab_str(l->groups, g), *end = s + strtab_len(l->groups, g);
	size_t i;

	for (i = 0; i < l->nby; i++) {
		const char *c = memchr(s, EVLOG_SEP, (size_t)(end - s));
		if (!c || i + 1 == l->nby)
			c = end;
		csvw_field(w, s, (size_t)(c - s));
		s = c < end ? c + 1 : end;
	}
}

char *evlog_group_text(const struct evlog *l, uint32_t g)
{
	const char *s = strtab_str(l->groups, g);
	size_t n = strtab_len(l->groups, g), i, k = 0;
	char *buf = xmalloc(2 * n + 1);

	for (i = 0; i < n; i++) {
		if (s[i] == EVLOG_SEP) {
			buf[k++] = ',';
			buf[k++] = ' ';
		} else {
			buf[k++] = s[i];
		}
	}
	buf[k] = '\0';
	return buf;
}

uint32_t *evlog_group_order(const struct evlog *l, uint32_t *rank)
{
	return strtab_order(l->groups, rank);
}

kday evlog_asof(const struct evlog *l, int given, kday asof)
{
	char a[11], b[11];
	size_t i, recent = 0;

	if (given) {
		/* Every wait would be cut before it began: a mistaken date, not an answer. */
		if (l->n && asof < l->minday) {
			date_format(asof, a);
			date_format(l->minday, b);
			usage_error("--asof: %s is before every date of %s (the first is %s)", a,
				    l->name, b);
		}
		return asof;
	}
	/* The latest date decides who is still waiting.  One far-off date (9999-12-31 for
	 * "no end", a typing error) would keep every open case waiting for years, so a
	 * latest date with at most 1% of the events within a year before it is named. */
	for (i = 0; i < l->n; i++)
		recent += l->ev[i].day >= l->maxday - 365;
	if (l->n >= 2 && recent * 100 <= l->n) {
		date_format(l->maxday, a);
		warnx("%s:%ld: the latest date, %s, lies more than a year after 99%% of the data; "
		      "it is the default --asof: give --asof, or correct the date",
		      l->name, l->maxline, a);
	}
	return l->maxday;
}
