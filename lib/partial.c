/* partial: the partial results of --partial and their merging by keten merge. */
#include "partial.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bottleneck.h"
#include "codes.h"
#include "date.h"
#include "diag.h"
#include "dwell.h"
#include "journey.h"
#include "model.h"
#include "sort.h"
#include "strtab.h"

/* The columns of every partial: kind, key and value for the rows of kind meta, then the
 * columns of the rows of the command's kinds (keten(5), "Partial results"). */
#define WAITS_COLUMNS "kind,key,value,group,from,to,norm,status,wait,start,count,over"
#define FLOW_COLUMNS "kind,key,value,group,from,to,dwell,start,count"
#define BOTTLENECK_COLUMNS "kind,key,value,group,stage,norm,days,start,last,count"
#define CODES_COLUMNS "kind,key,value,group,code,set,count"
#define KLANTREIS_COLUMNS "kind,key,value,group,phase,norm,time,start,count"

void partial_meta_add(struct partial_meta *pm, const char *key, const char *value)
{
	xgrow(&pm->key, &pm->cap, pm->n + 1, sizeof *pm->key);
	pm->value = xreallocarray(pm->value, pm->cap, sizeof *pm->value);
	pm->key[pm->n] = xstrdup(key);
	pm->value[pm->n] = xstrdup(value ? value : "");
	pm->n++;
}

void partial_meta_init(struct partial_meta *pm, const char *command, const struct opt_set *s)
{
	const struct opt *o;
	char name[64];

	memset(pm, 0, sizeof *pm);
	partial_meta_add(pm, "command", command);
	partial_meta_add(pm, "version", KETEN_VERSION);
	for (o = s->cmd->opts; o->id != OPT_END; o++) {
		size_t i;

		if (o->id >= OPT_NSHARED || o->id == OPT_OUTPUT || o->id == OPT_PARTIAL ||
		    o->id == OPT_REJECTS || o->id == OPT_MIN_N || o->id == OPT_HELP ||
		    o->id == OPT_VERSION)
			continue;
		snprintf(name, sizeof name, "--%s", opt_name((enum opt_id)o->id));
		if (o->id == OPT_UNIT) {
			/* Written out, so that no -u and -u days are one option. */
			partial_meta_add(pm, name, opt_unit_name(s->unit));
		} else if (o->id == OPT_HOLIDAYS) {
			for (i = 0; i < s->holidays.n; i++)
				partial_meta_add(pm, name, s->holidays.v[i]);
		} else if (o->id == OPT_PERIOD && opt_given(s, OPT_PERIOD)) {
			/* The days it names, so that "last-month" on two days is told apart. */
			char days[32];

			date_format(s->period.from, days);
			days[10] = '.';
			days[11] = '.';
			date_format(s->period.to, days + 12);
			partial_meta_add(pm, name, days);
		} else if (o->id == OPT_TODAY) {
			/* Resolved into the period above. */
			continue;
		} else if (s->text[o->id] || opt_given(s, (enum opt_id)o->id)) {
			partial_meta_add(pm, name, s->text[o->id]);
		}
	}
	/* Not an option of the table but what merge must apply when not told. */
	if (s->min_n > 0) {
		snprintf(name, sizeof name, "%ld", s->min_n);
		partial_meta_add(pm, "--min-n", name);
	}
}

void partial_meta_free(struct partial_meta *pm)
{
	size_t i;

	for (i = 0; i < pm->n; i++) {
		free(pm->key[i]);
		free(pm->value[i]);
	}
	free(pm->key);
	free(pm->value);
	memset(pm, 0, sizeof *pm);
}

/* The value of key in pm, or NULL. */
static const char *meta_get(const struct partial_meta *pm, const char *key)
{
	size_t i;

	for (i = 0; i < pm->n; i++)
		if (strcmp(pm->key[i], key) == 0)
			return pm->value[i];
	return NULL;
}

/* The keys that may differ between partials that merge: each one's own as-of date, and
 * --min-n, which merge applies to the whole. */
static int meta_free_key(const char *key)
{
	return strcmp(key, "asof") == 0 || strcmp(key, "--min-n") == 0;
}

/* The values of key in pm joined by "; ", or NULL when pm has none; the caller frees it. */
static char *meta_values(const struct partial_meta *pm, const char *key)
{
	char *v = NULL;
	size_t i, len = 0;

	for (i = 0; i < pm->n; i++) {
		size_t n = strlen(pm->value[i]);

		if (strcmp(pm->key[i], key) != 0)
			continue;
		v = xrealloc(v, len + n + 3);
		if (len) {
			memcpy(v + len, "; ", 2);
			len += 2;
		}
		memcpy(v + len, pm->value[i], n + 1);
		len += n;
	}
	if (v && !len)
		v[0] = '\0';
	return v;
}

/* Whether the values of key in a and b differ; then a message names both files, the key
 * and the two values. */
static void meta_compare(const struct partial_meta *a, const char *fa, const struct partial_meta *b,
			 const char *fb, const char *key)
{
	char *va = meta_values(a, key), *vb = meta_values(b, key);

	if (meta_free_key(key) || (va && vb && strcmp(va, vb) == 0)) {
		free(va);
		free(vb);
		return;
	}
	if (!va || !vb)
		die("%s and %s differ in %s: %s%s%s and %s%s%s", fa, fb, key, va ? "'" : "",
		    va ? va : "(none)", va ? "'" : "", vb ? "'" : "", vb ? vb : "(none)",
		    vb ? "'" : "");
	die("%s and %s differ in %s: '%s' and '%s'", fa, fb, key, va, vb);
}

/* Refuses a partial whose meta differs from the first one's, naming both files and the
 * first key (of the first, then of the other) whose values differ. */
static void meta_check(const struct partial_meta *a, const char *fa, const struct partial_meta *b,
		       const char *fb)
{
	size_t i;

	for (i = 0; i < a->n; i++)
		meta_compare(a, fa, b, fb, a->key[i]);
	for (i = 0; i < b->n; i++)
		meta_compare(a, fa, b, fb, b->key[i]);
}

/* The rows of kind meta: pm's (but its as-of date and columns), then the names of the
 * --by columns of l, then the as-of date when there is one. */
static void write_meta(const struct partial_meta *pm, const struct evlog *l, kday asof,
		       int has_asof, struct csvw *w, size_t empties)
{
	char buf[16];
	size_t i, j;

	for (i = 0; i < pm->n + l->nby + 1; i++) {
		const char *key, *value;

		if (i < pm->n) {
			key = pm->key[i];
			value = pm->value[i];
			if (strcmp(key, "asof") == 0 || strcmp(key, "column") == 0)
				continue;
		} else if (i < pm->n + l->nby) {
			key = "column";
			value = l->by[i - pm->n];
		} else {
			if (!has_asof)
				continue;
			date_format(asof, buf);
			key = "asof";
			value = buf;
		}
		csvw_str(w, "meta");
		csvw_str(w, key);
		csvw_str(w, value);
		for (j = 0; j < empties; j++)
			csvw_empty(w);
		csvw_end(w);
	}
}

/* A number written so that it reads back as the same double: the shortest of %.15g,
 * %.16g and %.17g that does; an empty field when there is none. */
static void put_exact(struct csvw *w, int has, double v)
{
	char buf[40];
	int p;

	if (!has) {
		csvw_empty(w);
		return;
	}
	for (p = 15; p <= 17; p++) {
		snprintf(buf, sizeof buf, "%.*g", p, v);
		if (strtod(buf, NULL) == v)
			break;
	}
	csvw_str(w, buf);
}

/* When an open wait or stay began, as the event that began it has it: merge measures it
 * to the as-of date of the whole. */
struct instant {
	int32_t day, ms, off;
};

static struct instant instant_of(const struct event *a)
{
	struct instant t = { a->day, a->ms, a->off };

	return t;
}

/* An event at t and of nothing else, for waits_censor and dwell_open. */
static struct event instant_event(const struct instant *t)
{
	struct event a;

	memset(&a, 0, sizeof a);
	a.day = t->day;
	a.ms = t->ms;
	a.off = (int16_t)t->off;
	return a;
}

static int cmp_instant(const struct instant *a, const struct instant *b)
{
	if (a->day != b->day)
		return a->day < b->day ? -1 : 1;
	if (a->ms != b->ms)
		return a->ms < b->ms ? -1 : 1;
	return (a->off > b->off) - (a->off < b->off);
}

/* A start time as keten(5) writes it, milliseconds and offset included, so that merge
 * reads back the instant (date_parse_time); an empty field for NULL. */
static void put_time(struct csvw *w, const struct instant *t)
{
	char buf[DATE_TIME_MAX];

	if (!t) {
		csvw_empty(w);
		return;
	}
	date_time_format(t->day, t->ms, t->off, 1, buf);
	csvw_str(w, buf);
}

/* A count, or an empty field when there is none. */
static void put_int(struct csvw *w, int has, long v)
{
	if (has)
		csvw_int(w, v);
	else
		csvw_empty(w);
}

/* The first fields of a row of counts: its kind, the empty key and value of the meta
 * rows, and the group. */
static void put_head(struct csvw *w, const char *kind, const struct evlog *l, uint32_t group)
{
	csvw_str(w, kind);
	csvw_empty(w);
	csvw_empty(w);
	csvw_field(w, strtab_str(l->groups, group), strtab_len(l->groups, group));
}

/* The ids 0 .. n - 1 in the order of cmp (sort_r), as a new array. */
static uint32_t *sorted_ids(size_t n, int (*cmp)(const void *, const void *, void *), void *ctx)
{
	uint32_t *ids = xmalloc((n ? n : 1) * sizeof *ids);
	size_t i;

	for (i = 0; i < n; i++)
		ids[i] = (uint32_t)i;
	sort_r(ids, n, sizeof *ids, cmp, ctx);
	return ids;
}

/* The rank of each group of l in output order (evlog_group_order); the caller frees it. */
static uint32_t *group_ranks(const struct evlog *l)
{
	uint32_t *rank = xmalloc((strtab_count(l->groups) + 1) * sizeof *rank);

	free(evlog_group_order(l, rank));
	return rank;
}

/* A table of counts per key, which the partials of waits, flow and klantreis are made of
 * and merge adds up.  A key is the bytes of a struct (wkey, fkey, jkey), every one of
 * them set (memset first), kept one after another so that it is read in place.  Per key:
 * a count, a second count (over: the waits past their norm), and the last case counted
 * + 1, with which a case counts once.  Keys are numbered in order of first sight through
 * an open-addressing hash table of their own, hashed a word at a time: a partial adds
 * a key per wait or stay of the input, millions, which strtab's hash of a byte at a time
 * made a tenth of the run. */
struct ktab {
	unsigned char *key; /* n keys of size bytes */
	size_t size, n;
	uint32_t *slot; /* id + 1, 0 for a free slot */
	size_t nslot;   /* a power of two, at least 4/3 of n */
	long *count, *over;
	size_t *lastcase;
	size_t cap;
};

/* An empty table of keys of size bytes, its arrays never NULL. */
static void ktab_init(struct ktab *t, size_t size)
{
	memset(t, 0, sizeof *t);
	t->size = size;
	t->cap = 1;
	t->key = xmalloc(size);
	t->count = xcalloc(1, sizeof *t->count);
	t->over = xcalloc(1, sizeof *t->over);
	t->lastcase = xcalloc(1, sizeof *t->lastcase);
	t->nslot = 1024;
	t->slot = xcalloc(t->nslot, sizeof *t->slot);
}

static const void *ktab_key(const struct ktab *t, uint32_t id)
{
	return t->key + (size_t)id * t->size;
}

static size_t ktab_hash(const struct ktab *t, const void *k)
{
	const unsigned char *p = k;
	uint64_t h = 0, w;
	size_t i;

	for (i = 0; i + sizeof w <= t->size; i += sizeof w) {
		memcpy(&w, p + i, sizeof w);
		h = (h ^ w) * 0x9E3779B97F4A7C15u;
		h ^= h >> 32;
	}
	for (; i < t->size; i++)
		h = (h ^ p[i]) * 0x100000001B3u;
	/* MurmurHash3's finalizer: the values of waits differ in the high bits of their
	 * doubles, which the multiplications above carry up, not down to the slot. */
	h ^= h >> 33;
	h *= 0xFF51AFD7ED558CCDu;
	h ^= h >> 33;
	h *= 0xC4CEB9FE1A85EC53u;
	h ^= h >> 33;
	return (size_t)h;
}

/* Whether key id holds k.  The keys of the partials are whole words long (their padding
 * zeroed), compared here without a call: a wait probes the table once, millions of
 * times a partial. */
static int ktab_holds(const struct ktab *t, uint32_t id, const void *k)
{
	const unsigned char *a = ktab_key(t, id), *b = k;
	uint64_t x, y, diff = 0;
	size_t i;

	if (t->size % sizeof x)
		return memcmp(a, b, t->size) == 0;
	for (i = 0; i < t->size; i += sizeof x) {
		memcpy(&x, a + i, sizeof x);
		memcpy(&y, b + i, sizeof y);
		diff |= x ^ y;
	}
	return diff == 0;
}

/* The slot of key k: the one that holds it, or the free one where it goes. */
static size_t ktab_probe(const struct ktab *t, const void *k)
{
	size_t j = ktab_hash(t, k) & (t->nslot - 1);

	while (t->slot[j] && !ktab_holds(t, t->slot[j] - 1, k))
		j = (j + 1) & (t->nslot - 1);
	return j;
}

/* Adds count and over to key k; with c1 > 0 (a case + 1), count only once per case. */
static void ktab_add(struct ktab *t, const void *k, long count, long over, size_t c1)
{
	size_t j = ktab_probe(t, k), i;
	uint32_t id;

	if (t->slot[j]) {
		id = t->slot[j] - 1;
	} else {
		if (t->n >= UINT32_MAX - 1)
			die("too many or too long strings");
		id = (uint32_t)t->n++;
		if (id >= t->cap) {
			size_t old = t->cap;

			xgrow(&t->count, &t->cap, (size_t)id + 1, sizeof *t->count);
			t->key = xreallocarray(t->key, t->cap, t->size);
			t->over = xreallocarray(t->over, t->cap, sizeof *t->over);
			t->lastcase = xreallocarray(t->lastcase, t->cap, sizeof *t->lastcase);
			memset(t->count + old, 0, (t->cap - old) * sizeof *t->count);
			memset(t->over + old, 0, (t->cap - old) * sizeof *t->over);
			memset(t->lastcase + old, 0, (t->cap - old) * sizeof *t->lastcase);
		}
		memcpy(t->key + (size_t)id * t->size, k, t->size);
		t->slot[j] = id + 1;
		if (t->n * 4 > t->nslot * 3) {
			/* Twice the slots, every key in its new one. */
			free(t->slot);
			t->nslot *= 2;
			t->slot = xcalloc(t->nslot, sizeof *t->slot);
			for (i = 0; i < t->n; i++)
				t->slot[ktab_probe(t, ktab_key(t, (uint32_t)i))] = (uint32_t)i + 1;
		}
	}
	if (c1) {
		if (t->lastcase[id] == c1)
			return;
		t->lastcase[id] = c1;
	}
	t->count[id] += count;
	t->over[id] += over;
}

static size_t ktab_n(const struct ktab *t)
{
	return t->n;
}

static void ktab_free(struct ktab *t)
{
	free(t->key);
	free(t->slot);
	free(t->count);
	free(t->over);
	free(t->lastcase);
}

/* What the order of the keys of a partial rests on: groups by their rank, stages in model
 * order, the values followed by keten flow by krank. */
struct key_order {
	const struct evlog *l;
	const struct dwellspec *s; /* keten flow */
	const uint32_t *grank, *krank;
};

/* How two keys of a table compare under o: -1, 0 or 1. */
typedef int key_cmp(const void *a, const void *b, const struct key_order *o);

struct ktab_sort {
	const struct ktab *t;
	key_cmp *cmp;
	const struct key_order *o;
};

static int cmp_ids(const void *x, const void *y, void *ctx)
{
	const struct ktab_sort *s = ctx;

	return s->cmp(ktab_key(s->t, *(const uint32_t *)x), ktab_key(s->t, *(const uint32_t *)y),
		      s->o);
}

/* How the rows of one command's partial are written: its columns, the empty fields of a
 * meta row after kind, key and value, the order of the keys (so that equal inputs give
 * equal bytes), and the row of one key with its counts. */
struct rows {
	const char *columns;
	size_t empties;
	key_cmp *cmp;
	void (*put)(struct csvw *w, const struct key_order *o, const void *key, long count,
		    long over);
};

/* Writes the partial of d: the columns of r, the meta rows, then a row per key in order. */
static void write_rows(const struct rows *r, const struct ktab *d, struct key_order *o,
		       const struct partial_meta *pm, kday asof, int has_asof, struct csvw *w)
{
	size_t n = ktab_n(d), i;
	struct ktab_sort s = { d, r->cmp, o };
	uint32_t *ids;

	o->grank = group_ranks(o->l);
	ids = sorted_ids(n, cmp_ids, &s);
	csvw_names(w, r->columns);
	write_meta(pm, o->l, asof, has_asof, w, r->empties);
	for (i = 0; i < n; i++)
		r->put(w, o, ktab_key(d, ids[i]), d->count[ids[i]], d->over[ids[i]]);
	free(ids);
	free((void *)o->grank);
	o->grank = NULL;
}

/* One value of the distribution of waits of a row. */
struct wkey {
	uint32_t group;
	uint16_t from, to; /* to: WAIT_OPEN for an open transition */
	int16_t norm;
	uint8_t status;
	uint8_t pad;
	struct instant at; /* W_WAITING: when the wait began */
	double w;          /* W_DONE, W_DROPPED: the wait in the unit asked for */
};

static unsigned stage_rank(const struct model *m, unsigned s)
{
	return s == WAIT_OPEN ? 0x7FFFFFFF : (unsigned)m->stages[s].order;
}

/* Groups by value, stages in model order, then the norm, the status and the value. */
static int cmp_wkeys(const void *x, const void *y, const struct key_order *o)
{
	const struct wkey *a = x, *b = y;
	const struct model *m = o->l->m;

	if (a->group != b->group)
		return o->grank[a->group] < o->grank[b->group] ? -1 : 1;
	if (a->from != b->from)
		return stage_rank(m, a->from) < stage_rank(m, b->from) ? -1 : 1;
	if (a->to != b->to)
		return stage_rank(m, a->to) < stage_rank(m, b->to) ? -1 : 1;
	if (a->norm != b->norm)
		return a->norm < b->norm ? -1 : 1;
	if (a->status != b->status)
		return a->status < b->status ? -1 : 1;
	if (a->w != b->w)
		return a->w < b->w ? -1 : 1;
	return cmp_instant(&a->at, &b->at);
}

static void put_wait(struct csvw *w, const struct key_order *o, const void *key, long count,
		     long over)
{
	static const char *const status[] = { "done", "waiting", "dropped" };
	const struct wkey *k = key;
	const struct model *m = o->l->m;
	int waiting = k->status == W_WAITING;

	put_head(w, "wait", o->l, k->group);
	csvw_str(w, m->stages[k->from].name);
	csvw_str(w, k->to == WAIT_OPEN ? "" : m->stages[k->to].name);
	put_int(w, k->norm >= 0, k->norm);
	csvw_str(w, status[k->status]);
	put_exact(w, !waiting, k->w);
	put_time(w, waiting ? &k->at : NULL);
	csvw_int(w, count);
	put_int(w, !waiting, over);
	csvw_end(w);
}

static const struct rows wait_rows = { WAITS_COLUMNS, 9, cmp_wkeys, put_wait };

void partial_waits(const struct evlog *l, const struct waitspec *s, const struct partial_meta *pm,
		   struct csvw *w)
{
	struct ktab d;
	struct key_order o = { l, NULL, NULL, NULL };
	struct wait *buf = waits_buffer(l, s);
	size_t c, i;

	ktab_init(&d, sizeof(struct wkey));
	for (c = 0; c < l->ncases; c++) {
		size_t k = waits_of_case(l, c, s, buf);

		for (i = 0; i < k; i++) {
			const struct event *a = &l->ev[buf[i].a];
			struct wkey key;

			memset(&key, 0, sizeof key);
			key.group = a->group;
			key.from = buf[i].from;
			key.to = buf[i].to;
			key.norm = buf[i].norm;
			key.status = buf[i].status;
			/* A wait still waiting by when it began: merge censors it at the as-of
			 * date of the whole. */
			if (buf[i].status == W_WAITING)
				key.at = instant_of(a);
			else
				key.w = buf[i].w;
			ktab_add(&d, &key, 1, buf[i].status == W_WAITING ? 0 : buf[i].over, 0);
		}
	}
	free(buf);
	write_rows(&wait_rows, &d, &o, pm, s->asof, l->n > 0, w);
	ktab_free(&d);
}

/* The stays of a log for keten flow: per group and stage (or value) the distinct cases
 * there (kind cell), per move the distinct cases that made it (kind move), and per move
 * the stays as counts per dwell (kind stay) or, still open, per start (kind open). */
enum { F_CELL, F_MOVE, F_STAY, F_OPEN };

struct fkey {
	uint32_t group, from, to;
	uint8_t kind;
	uint8_t pad[3];
	struct instant at; /* F_OPEN: when the stay began */
	double d;          /* F_STAY: the dwell in the unit asked for */
};

static uint32_t fkey_rank(const struct key_order *o, uint32_t k)
{
	return k >= DWELL_END ? k : o->krank[k];
}

static int cmp_fkeys(const void *x, const void *y, const struct key_order *o)
{
	const struct fkey *a = x, *b = y;
	uint32_t p, q;

	if (a->group != b->group)
		return o->grank[a->group] < o->grank[b->group] ? -1 : 1;
	if (a->from != b->from)
		return fkey_rank(o, a->from) < fkey_rank(o, b->from) ? -1 : 1;
	if ((a->kind == F_CELL) != (b->kind == F_CELL))
		return a->kind == F_CELL ? -1 : 1;
	p = fkey_rank(o, a->to);
	q = fkey_rank(o, b->to);
	if (p != q)
		return p < q ? -1 : 1;
	if (a->kind != b->kind)
		return a->kind < b->kind ? -1 : 1;
	if (a->d != b->d)
		return a->d < b->d ? -1 : 1;
	return cmp_instant(&a->at, &b->at);
}

static void put_flow(struct csvw *w, const struct key_order *o, const void *key, long count,
		     long over)
{
	static const char *const kind[] = { "cell", "move", "stay", "stay" };
	const struct fkey *k = key;

	(void)over;
	put_head(w, kind[k->kind], o->l, k->group);
	csvw_str(w, dwell_key_name(o->l, o->s, k->from));
	csvw_str(w, k->kind == F_CELL ? "" : dwell_key_name(o->l, o->s, k->to));
	put_exact(w, k->kind == F_STAY, k->d);
	put_time(w, k->kind == F_OPEN ? &k->at : NULL);
	csvw_int(w, count);
	csvw_end(w);
}

static void write_flow(const struct evlog *l, const struct dwellspec *s, const struct ktab *d,
		       const struct partial_meta *pm, kday asof, int has_asof, struct csvw *w)
{
	static const struct rows flow_rows = { FLOW_COLUMNS, 6, cmp_fkeys, put_flow };
	uint32_t *krank = dwell_key_rank(l, s);
	struct key_order o = { l, s, NULL, krank };

	write_rows(&flow_rows, d, &o, pm, asof, has_asof, w);
	free(krank);
}

void partial_flow(const struct evlog *l, const struct dwellspec *s, const struct partial_meta *pm,
		  struct csvw *w)
{
	struct ktab d;
	struct stay *buf = xmalloc(evlog_max_case(l) * sizeof *buf);
	size_t c, i;

	ktab_init(&d, sizeof(struct fkey));
	for (c = 0; c < l->ncases; c++) {
		size_t k = dwell_of_case(l, c, s, buf);

		for (i = 0; i < k; i++) {
			const struct stay *st = &buf[i];
			const struct event *a = &l->ev[st->a];
			struct fkey key;

			memset(&key, 0, sizeof key);
			key.group = a->group;
			key.from = st->key;
			key.kind = F_CELL;
			ktab_add(&d, &key, 1, 0, c + 1);
			key.to = st->next;
			key.kind = F_MOVE;
			ktab_add(&d, &key, 1, 0, c + 1);
			if (st->end == STAY_OPEN) {
				/* Merge measures it to the as-of date of the whole. */
				key.kind = F_OPEN;
				key.at = instant_of(a);
			} else {
				key.kind = F_STAY;
				key.d = st->d;
			}
			ktab_add(&d, &key, 1, 0, 0);
		}
	}
	free(buf);
	write_flow(l, s, &d, pm, s->asof, l->n > 0, w);
	ktab_free(&d);
}

/* The counts of keten klantreis, one kind of count per row: the journeys' counts (kinds
 * started, reached, dropped, done, convert, norm_waits, norm_over), the times in a phase
 * of the cases that moved on as counts per value (kind time), and the norm waits still
 * waiting as counts per start (kind open), which merge judges at the as-of date of the
 * whole. */
enum {
	J_STARTED,
	J_REACHED,
	J_DROPPED,
	J_DONE,
	J_CONVERT,
	J_NORM_WAITS,
	J_NORM_OVER,
	J_TIME,
	J_OPEN,
	J_NKINDS
};
static const char *const jkinds[J_NKINDS] = { "started",   "reached", "dropped",
					      "done",      "convert", "norm_waits",
					      "norm_over", "time",    "open" };

struct jkey {
	uint32_t group;
	uint16_t phase;
	int16_t norm; /* J_OPEN */
	uint8_t kind;
	uint8_t pad[3];
	struct instant at; /* J_OPEN: when the wait began */
	double t;          /* J_TIME: the time in the phase */
};

/* Adds count (when not 0) to the key of group, phase and kind, the rest of it from more
 * or none. */
static void jdist_add(struct ktab *d, uint32_t group, size_t phase, int kind, long count,
		      const struct jkey *more)
{
	struct jkey k;

	if (more) {
		k = *more;
	} else {
		memset(&k, 0, sizeof k);
		k.norm = -1;
	}
	k.group = group;
	k.phase = (uint16_t)phase;
	k.kind = (uint8_t)kind;
	if (count)
		ktab_add(d, &k, count, 0, 0);
}

/* The journey counts' open norm waits, as counts per start. */
static void journey_open(void *ctx, uint32_t group, size_t phase, const struct wait *w)
{
	const struct jctx {
		struct ktab *d;
		const struct evlog *l;
	} *x = ctx;
	struct jkey k;

	memset(&k, 0, sizeof k);
	k.norm = w->norm;
	k.at = instant_of(&x->l->ev[w->a]);
	jdist_add(x->d, group, phase, J_OPEN, 1, &k);
}

/* Puts the counts of jc into d. */
static void jdist_of_counts(struct ktab *d, const struct journey_counts *jc)
{
	size_t g, p, i;
	int kind;

	for (g = 0; g < jc->ng; g++) {
		const struct journey *j = &jc->byid[g];

		jdist_add(d, (uint32_t)g, 0, J_STARTED, j->started, NULL);
		for (p = 0; p < jc->np; p++) {
			const struct journey_phase *ph = &j->ph[p];
			/* The kinds J_REACHED .. J_NORM_OVER in order. */
			const long v[] = { ph->reached,    ph->dropped,
					   ph->done,       jc->convert[g * jc->np + p],
					   ph->norm_waits, ph->norm_over };
			struct jkey k;

			for (kind = J_REACHED; kind <= J_NORM_OVER; kind++)
				jdist_add(d, (uint32_t)g, p, kind, v[kind - J_REACHED], NULL);
			for (i = 0; i < jc->nv[g * jc->np + p]; i++) {
				memset(&k, 0, sizeof k);
				k.norm = -1;
				k.t = jc->v[g * jc->np + p][i];
				jdist_add(d, (uint32_t)g, p, J_TIME, 1, &k);
			}
		}
	}
}

static int cmp_jkeys(const void *x, const void *y, const struct key_order *o)
{
	const struct jkey *a = x, *b = y;

	if (a->group != b->group)
		return o->grank[a->group] < o->grank[b->group] ? -1 : 1;
	if (a->phase != b->phase)
		return a->phase < b->phase ? -1 : 1;
	if (a->kind != b->kind)
		return a->kind < b->kind ? -1 : 1;
	if (a->norm != b->norm)
		return a->norm < b->norm ? -1 : 1;
	if (a->t != b->t)
		return a->t < b->t ? -1 : 1;
	return cmp_instant(&a->at, &b->at);
}

static void put_journey(struct csvw *w, const struct key_order *o, const void *key, long count,
			long over)
{
	const struct jkey *k = key;

	(void)over;
	put_head(w, jkinds[k->kind], o->l, k->group);
	csvw_str(w, k->kind == J_STARTED ? "" : o->l->m->phases[k->phase]);
	put_int(w, k->kind == J_OPEN, k->norm);
	put_exact(w, k->kind == J_TIME, k->t);
	put_time(w, k->kind == J_OPEN ? &k->at : NULL);
	csvw_int(w, count);
	csvw_end(w);
}

static const struct rows journey_rows = { KLANTREIS_COLUMNS, 6, cmp_jkeys, put_journey };

void partial_klantreis(const struct evlog *l, const struct waitspec *s,
		       const struct partial_meta *pm, struct csvw *w)
{
	struct journey_counts jc;
	struct ktab d;
	struct key_order o = { l, NULL, NULL, NULL };
	struct jctx {
		struct ktab *d;
		const struct evlog *l;
	} x = { &d, l };

	ktab_init(&d, sizeof(struct jkey));
	journey_counts_of(l, s, &jc, journey_open, &x);
	jdist_of_counts(&d, &jc);
	journey_counts_free(&jc);
	write_rows(&journey_rows, &d, &o, pm, s->asof, l->n > 0, w);
	ktab_free(&d);
}

/* The counts of keten bottleneck in the order of their group, stage, kind and value. */
struct bcount_order {
	const struct bottleneck_counts *bc;
	const uint32_t *grank;
};

static int cmp_bcounts(const void *x, const void *y, void *ctx)
{
	const struct bcount_order *o = ctx;

	/* Stages by number: the partial's rows need only a fixed order. */
	return bottleneck_count_cmp(bottleneck_count_key(o->bc, *(const uint32_t *)x),
				    bottleneck_count_key(o->bc, *(const uint32_t *)y), o->grank,
				    NULL);
}

/* An empty field, or the date of a day. */
static void put_day(struct csvw *w, kday day)
{
	char buf[16];

	date_format(day, buf);
	csvw_str(w, buf);
}

static void write_bottleneck(const struct evlog *l, const struct bottleneck_counts *bc,
			     const struct partial_meta *pm, kday asof, int has_asof, struct csvw *w)
{
	size_t n = strtab_count(bc->keys), i;
	uint32_t *grank = group_ranks(l);
	struct bcount_order o = { bc, grank };
	uint32_t *ids = sorted_ids(n, cmp_bcounts, &o);

	csvw_names(w, BOTTLENECK_COLUMNS);
	write_meta(pm, l, asof, has_asof, w, 7);
	/* The first date, from which throughput counts, and whether there are starts. */
	if (bc->nonempty) {
		csvw_str(w, "first");
		for (i = 0; i < 6; i++)
			csvw_empty(w);
		put_day(w, bc->first);
		csvw_empty(w);
		csvw_int(w, 1);
		csvw_end(w);
	}
	if (bc->starts) {
		csvw_str(w, "starts");
		for (i = 0; i < 8; i++)
			csvw_empty(w);
		csvw_int(w, 1);
		csvw_end(w);
	}
	for (i = 0; i < n; i++) {
		const struct bn_count *k = bottleneck_count_key(bc, ids[i]);
		int dwell = k->kind != BN_C_CASES && k->kind != BN_C_OPEN && k->kind != BN_C_OVER &&
			    k->kind != BN_C_NORM_OPEN;
		int open = k->kind == BN_C_OPEN || k->kind == BN_C_NORM_OPEN;

		struct instant at = { k->day, k->ms, k->off };

		put_head(w, bottleneck_count_kinds[k->kind], l, k->group);
		csvw_str(w, l->m->stages[k->stage].name);
		put_int(w, k->kind == BN_C_NORM_OPEN, k->norm);
		put_exact(w, dwell, k->v);
		put_time(w, open ? &at : NULL);
		if (k->kind == BN_C_OPEN && k->last)
			put_day(w, k->last);
		else
			csvw_empty(w);
		csvw_int(w, bc->count[ids[i]]);
		csvw_end(w);
	}
	free(ids);
	free(grank);
}

void partial_bottleneck(const struct evlog *l, const struct bottleneck_opts *o,
			const struct partial_meta *pm, struct csvw *w)
{
	struct bottleneck_counts bc;

	bottleneck_counts_init(&bc);
	bottleneck_count(l, o, &bc);
	write_bottleneck(l, &bc, pm, o->asof, l->n > 0, w);
	bottleneck_counts_free(&bc);
}

/* The counts of keten codes freq (codes_counts): per group value and code the segments,
 * and per set of group values the interviews (of a code, or whatever the code) whose
 * segments carry that set, the set written as rows of kind set before the counts that
 * name it; first every value of the column grouped by and every code, so that merge
 * lists what the command would. */
struct ccount_order {
	const struct codes_counts *k;
	const uint32_t *grank, *crank;
	uint32_t nonegroup;
};

static uint32_t cgroup_rank(const struct ccount_order *o, uint32_t g)
{
	return g == CODES_NONE ? o->nonegroup : o->grank[g];
}

/* The ranks of the n groups g, ascending; the caller frees them. */
static uint32_t *set_ranks(const struct ccount_order *o, const uint32_t *g, size_t n)
{
	uint32_t *r = xmalloc((n ? n : 1) * sizeof *r);
	size_t i, j;

	for (i = 0; i < n; i++) {
		uint32_t v = cgroup_rank(o, g[i]);

		for (j = i; j > 0 && r[j - 1] > v; j--)
			r[j] = r[j - 1];
		r[j] = v;
	}
	return r;
}

static int cmp_ccounts(const void *x, const void *y, void *ctx)
{
	const struct ccount_order *o = ctx;
	uint32_t ka, kb, ca, cb;
	const uint32_t *ga, *gb;
	size_t na = codes_counts_key(o->k, *(const uint32_t *)x, &ka, &ca, &ga);
	size_t nb = codes_counts_key(o->k, *(const uint32_t *)y, &kb, &cb, &gb);
	size_t i;

	if (ka != kb)
		return ka < kb ? -1 : 1;
	if (ka == CODES_K_INTERVIEWS && (ca == CODES_NONE) != (cb == CODES_NONE))
		return ca == CODES_NONE ? -1 : 1;
	int r = 0;

	if (na != nb)
		return na < nb ? -1 : 1;
	/* The sets by the ranks of their groups, which do not depend on the ids. */
	{
		uint32_t *p = set_ranks(o, ga, na), *q = set_ranks(o, gb, nb);

		for (i = 0; i < na && !r; i++)
			if (p[i] != q[i])
				r = p[i] < q[i] ? -1 : 1;
		free(p);
		free(q);
	}
	if (r)
		return r;
	if (ca != cb && ca != CODES_NONE)
		return o->crank[ca] < o->crank[cb] ? -1 : 1;
	return 0;
}

/* A field of a codes column: empty for no value. */
static void put_codes(struct csvw *w, const struct codes *c, int col, uint32_t id)
{
	if (col < 0 || id == CODES_NONE)
		csvw_empty(w);
	else
		csvw_str(w, codes_str(c, col, id));
}

/* One row of a codes partial: kind, the empty key and value, then group, code, set and
 * count (-1: empty). */
static void codes_row(struct csvw *w, const char *kind, const struct codes *c, int col,
		      uint32_t group, uint32_t code, long set, long count)
{
	csvw_str(w, kind);
	csvw_empty(w);
	csvw_empty(w);
	put_codes(w, c, col, group);
	put_codes(w, c, CODES_CODE, code);
	if (set >= 0)
		csvw_int(w, set);
	else
		csvw_empty(w);
	if (count >= 0)
		csvw_int(w, count);
	else
		csvw_empty(w);
	csvw_end(w);
}

static void write_codes(const struct codes *c, int col, const struct codes_counts *k,
			const struct partial_meta *pm, struct csvw *w)
{
	size_t n = strtab_count(k->keys), nv = col >= 0 ? codes_count(c, col) : 0;
	size_t nc = codes_count(c, CODES_CODE), i, j;
	uint32_t *ids;
	uint32_t *grank = xmalloc((nv + 1) * sizeof *grank), *gorder = NULL, *corder;
	uint32_t *crank = xmalloc((nc + 1) * sizeof *crank);
	struct ccount_order o = { k, grank, crank, (uint32_t)nv };
	struct strtab *sets = strtab_new();
	struct evlog none;

	memset(&none, 0, sizeof none);
	/* Without a column every row is in group 0, written as no value. */
	grank[0] = 0;
	if (col >= 0)
		gorder = codes_order(c, col, grank);
	corder = codes_order(c, CODES_CODE, crank);
	ids = sorted_ids(n, cmp_ccounts, &o);
	csvw_names(w, CODES_COLUMNS);
	write_meta(pm, &none, 0, 0, w, 4);
	for (i = 0; i < nv; i++)
		codes_row(w, "value", c, col, gorder[i], CODES_NONE, -1, -1);
	for (i = 0; i < nc; i++)
		codes_row(w, "code", c, -1, CODES_NONE, corder[i], -1, -1);
	for (i = 0; i < n; i++) {
		uint32_t kind, code, id;
		const uint32_t *g;
		size_t ng = codes_counts_key(k, ids[i], &kind, &code, &g);

		if (kind == CODES_K_SEGMENTS) {
			codes_row(w, "segments", c, col, g[0], code, -1, k->count[ids[i]]);
			continue;
		}
		j = strtab_count(sets);
		id = strtab_intern(sets, (const char *)g, ng * sizeof *g);
		if (id == j) {
			/* Its groups in their order, whatever their ids. */
			uint32_t *r = set_ranks(&o, g, ng);

			for (j = 0; j < ng; j++)
				codes_row(w, "set", c, col,
					  !gorder || r[j] == nv ? CODES_NONE : gorder[r[j]],
					  CODES_NONE, id + 1, -1);
			free(r);
		}
		codes_row(w, "interviews", c, -1, CODES_NONE, code, id + 1, k->count[ids[i]]);
	}
	strtab_free(sets);
	free(ids);
	free(grank);
	free(gorder);
	free(crank);
	free(corder);
}

void partial_codes(const struct codes *c, int col, const struct codes_counts *k,
		   const struct partial_meta *pm, struct csvw *w)
{
	write_codes(c, col, k, pm, w);
}

/* The merge of partials: the meta of the first, the shell of a log that holds the groups
 * and the model (no event), and the distribution added up. */
struct merge {
	struct partial_meta meta;
	const char *first;
	struct evlog *l;
	struct model *m;
	enum wait_unit unit;
	kday asof;
	int has_asof;
	long min_n;
	struct ktab d; /* struct wkey */
	/* keten klantreis: its counts added up (struct jkey). */
	int klantreis;
	struct ktab j;
	/* keten flow: the stays added up (struct fkey), and how their keys are read. */
	int flow;
	struct dwellspec ds;
	struct ktab f;
	/* keten bottleneck: its counts added up. */
	int bottleneck;
	struct bottleneck_counts bc;
	/* keten codes freq: the values and codes of the parts, their counts added up, and
	 * the sets of the file being read (set, group id). */
	int codes;
	int ccol;
	struct codes *c;
	struct codes_counts cc;
	uint32_t (*cset)[2];
	size_t ncset, csetcap;
};

/* Sets up the merge from the meta of the first partial. */
static void merge_start(struct merge *g, const char *file, const struct partial_merge *o)
{
	const char *cmd = meta_get(&g->meta, "command"), *v;
	size_t i;

	if (!cmd)
		die("%s: not a partial: no meta row 'command'", file);
	if (strcmp(cmd, "waits") != 0 && strcmp(cmd, "flow") != 0 &&
	    strcmp(cmd, "klantreis") != 0 && strcmp(cmd, "bottleneck") != 0 &&
	    strcmp(cmd, "codes freq") != 0)
		die("%s: partials of keten %s cannot be merged", file, cmd);
	g->bottleneck = strcmp(cmd, "bottleneck") == 0;
	g->codes = strcmp(cmd, "codes freq") == 0;
	g->flow = strcmp(cmd, "flow") == 0;
	g->klantreis = strcmp(cmd, "klantreis") == 0;
	v = meta_get(&g->meta, "version");
	if (!v || strcmp(v, KETEN_VERSION) != 0)
		die("%s: a partial of keten %s, not of this keten (%s)", file, v ? v : "(unknown)",
		    KETEN_VERSION);
	if (model_is_infer(meta_get(&g->meta, "--model")))
		die("%s: a partial under -M infer cannot be merged", file);
	g->m = model_get(meta_get(&g->meta, "--model"));
	/* The start instants of the partials are local times of their --tz zone with their
	 * offsets: read in another zone they would move to its local day (keten(5),
	 * "Dates and times").  Every partial names the same zone, or none (meta_check). */
	v = meta_get(&g->meta, "--tz");
	if (v && date_zone_set(v) != 0)
		die("%s: meta --tz: not a time zone of the tz database: '%s'", file, v);
	v = meta_get(&g->meta, "--unit");
	g->unit = opt_unit("--unit", v ? v : "days");
	for (i = 0; i < g->meta.n; i++)
		if (strcmp(g->meta.key[i], "--holidays") == 0)
			o->add_holidays(g->meta.value[i]);
	g->l = xcalloc(1, sizeof *g->l);
	g->l->name = xstrdup(file);
	g->l->m = g->m;
	g->l->groups = strtab_new();
	g->l->by = NULL;
	g->l->nby = 0;
	for (i = 0; i < g->meta.n; i++)
		if (strcmp(g->meta.key[i], "column") == 0) {
			g->l->by = xreallocarray(g->l->by, g->l->nby + 1, sizeof *g->l->by);
			g->l->by[g->l->nby++] = xstrdup(g->meta.value[i]);
		}
	ktab_init(&g->d, sizeof(struct wkey));
	ktab_init(&g->j, sizeof(struct jkey));
	ktab_init(&g->f, sizeof(struct fkey));
	bottleneck_counts_init(&g->bc);
	codes_counts_init(&g->cc);
	if (g->codes) {
		struct codes_opts co;
		int col;

		memset(&co, 0, sizeof co);
		g->ccol = -1;
		v = meta_get(&g->meta, "--by");
		for (col = CODES_ROLE; v && col <= CODES_CODER; col++)
			if (col != CODES_SEGMENT && strcmp(v, codes_col_name(col)) == 0)
				g->ccol = col;
		if (v && g->ccol < 0)
			die("%s: meta --by: not role, city, chain, phase or coder: '%s'", file, v);
		co.cols = CODES_BIT(CODES_INTERVIEW) | CODES_BIT(CODES_CODE);
		if (g->ccol >= 0)
			co.cols |= CODES_BIT(g->ccol);
		if (g->ccol == CODES_PHASE || meta_get(&g->meta, "--model"))
			co.model = g->m;
		g->c = codes_new(&co);
	}
	g->ds.unit = g->unit;
	g->ds.start_stage = -1;
	v = meta_get(&g->meta, "--on");
	if (g->flow && v && strcmp(v, "stage") != 0) {
		/* The values of the column followed, as the attribute column of the log. */
		g->ds.on_attr = 1;
		g->l->nattr = 1;
		g->l->attr_names = xmalloc(sizeof *g->l->attr_names);
		g->l->attr_names[0] = xstrdup(v);
		g->l->attrtab = xcalloc(1, sizeof(struct strtab *));
		g->l->attrtab[0] = g->l->attrs = strtab_new();
	}
}

/* The key of keten flow named by field col of row: a stage, or a value of the column
 * followed; "(end)" and "(open)" where allowed. */
static uint32_t row_key(struct merge *g, const char *file, const struct csv_row *row, int col,
			int to)
{
	const char *f = row->f[col];
	int st;

	if (to && strcmp(f, "(end)") == 0)
		return DWELL_END;
	if (to && strcmp(f, "(open)") == 0)
		return DWELL_OPEN;
	if (g->ds.on_attr)
		return strtab_intern(g->l->attrs, f, row->len[col]);
	st = model_stage(g->m, f, row->len[col]);
	if (st < 0)
		die_at(file, row->line, "not a stage of the %s model: '%s'", g->m->name, f);
	return (uint32_t)st;
}

static long row_count(const char *file, const struct csv_row *row, int col);

/* The instant of field col of row. */
static struct instant row_time(const char *file, const struct csv_row *row, int col)
{
	struct instant t;
	kday day;
	int off;

	if (date_parse_time(row->f[col], row->len[col], &day, &t.ms, &off) != 0)
		die_at(file, row->line, "not a time: '%s'", row->f[col]);
	t.day = day;
	t.off = off;
	return t;
}

/* The norm named by field col of row: its index in the model. */
static int16_t row_norm(const struct merge *g, const char *file, const struct csv_row *row, int col)
{
	char *end;
	long n = strtol(row->f[col], &end, 10);

	if (row->len[col] == 0 || *end || n < 0 || (size_t)n >= g->m->nnorms)
		die_at(file, row->line, "not a norm of the %s model: '%s'", g->m->name,
		       row->f[col]);
	return (int16_t)n;
}

/* Adds one row of a partial of keten flow; col: group, from, to, dwell, start, count. */
static void merge_flow_row(struct merge *g, const char *file, const struct csv_row *row,
			   const char *kind, const int *col)
{
	struct fkey key;
	char *end;

	memset(&key, 0, sizeof key);
	key.group = strtab_intern(g->l->groups, row->f[col[0]], row->len[col[0]]);
	key.from = row_key(g, file, row, col[1], 0);
	if (strcmp(kind, "cell") == 0) {
		key.kind = F_CELL;
	} else if (strcmp(kind, "move") == 0) {
		key.kind = F_MOVE;
		key.to = row_key(g, file, row, col[2], 1);
	} else if (strcmp(kind, "stay") == 0) {
		key.to = row_key(g, file, row, col[2], 1);
		if (row->len[col[4]]) {
			key.kind = F_OPEN;
			key.at = row_time(file, row, col[4]);
		} else {
			key.kind = F_STAY;
			key.d = strtod(row->f[col[3]], &end);
			if (row->len[col[3]] == 0 || *end || isnan(key.d))
				die_at(file, row->line, "not a dwell: '%s'", row->f[col[3]]);
		}
	} else {
		die_at(file, row->line, "not a kind of a flow partial: '%s'", kind);
	}
	ktab_add(&g->f, &key, row_count(file, row, col[5]), 0, 0);
}

/* One stay value of the merged flow table: its move and dwell. */
struct fvalue {
	uint32_t move;
	double d;
	long count;
};

static int cmp_fvalue(const void *x, const void *y, void *ctx)
{
	const struct fvalue *a = x, *b = y;

	(void)ctx;
	if (a->move != b->move)
		return a->move < b->move ? -1 : 1;
	return (a->d > b->d) - (a->d < b->d);
}

/* The table of keten flow from the merged stays: cells and moves with their cases, the
 * dwells of each move in order (the open ones to the as-of date of the whole), then the
 * order, shares, blanks and CSV of keten flow. */
static void merge_flow_table(struct merge *g, struct csvw *w)
{
	size_t n = ktab_n(&g->f), i, j, nv = 0, total = 0;
	struct strtab *moves = strtab_new();
	struct fvalue *fv = xmalloc((n ? n : 1) * sizeof *fv);
	struct dwell_table t;

	memset(&t, 0, sizeof t);
	t.cell = xcalloc(n ? n : 1, sizeof *t.cell);
	t.move = xcalloc(n ? n : 1, sizeof *t.move);
	for (i = 0; i < n; i++) {
		const struct fkey *k = ktab_key(&g->f, (uint32_t)i);
		uint32_t mk[3] = { k->group, k->from, k->to }, id;

		if (k->kind == F_CELL) {
			struct dwell_cell *c = &t.cell[t.ncells++];

			c->group = k->group;
			c->key = k->from;
			c->cases = g->f.count[i];
			continue;
		}
		id = strtab_intern(moves, (const char *)mk, sizeof mk);
		if (id == t.nmoves) {
			t.move[id].group = k->group;
			t.move[id].from = k->from;
			t.move[id].to = k->to;
			t.nmoves++;
		}
		if (k->kind == F_MOVE) {
			t.move[id].cases = g->f.count[i];
			continue;
		}
		fv[nv].move = id;
		fv[nv].count = g->f.count[i];
		if (k->kind == F_OPEN) {
			struct event a = instant_event(&k->at);

			fv[nv].d = dwell_open(&a, g->asof, g->unit);
		} else {
			fv[nv].d = k->d;
		}
		total += (size_t)fv[nv].count;
		nv++;
	}
	sort_r(fv, nv, sizeof *fv, cmp_fvalue, NULL);
	t.mpool = xmalloc((total ? total : 1) * sizeof *t.mpool);
	for (i = 0, total = 0; i < nv; i++) {
		struct dwell_move *mv = &t.move[fv[i].move];

		if (mv->n == 0)
			mv->d = t.mpool + total;
		for (j = 0; j < (size_t)fv[i].count; j++)
			t.mpool[total++] = fv[i].d;
		mv->n += fv[i].count;
	}
	dwell_table_order(g->l, &g->ds, &t);
	dwell_blank_moves(&t, g->min_n);
	dwell_write_moves(g->l, &g->ds, &t, 0, w);
	dwell_table_free(&t);
	free(fv);
	strtab_free(moves);
}

/* The stage named by field f of row, or WAIT_OPEN for an empty one when open is allowed. */
static uint16_t row_stage(const struct merge *g, const char *file, const struct csv_row *row,
			  int col, int open)
{
	int s;

	if (open && row->len[col] == 0)
		return WAIT_OPEN;
	s = model_stage(g->m, row->f[col], row->len[col]);
	if (s < 0)
		die_at(file, row->line, "not a stage of the %s model: '%s'", g->m->name,
		       row->f[col]);
	return (uint16_t)s;
}

static long row_count(const char *file, const struct csv_row *row, int col)
{
	char *end;
	long v = strtol(row->f[col], &end, 10);

	if (row->len[col] == 0 || *end || v < 0)
		die_at(file, row->line, "not a count: '%s'", row->f[col]);
	return v;
}

/* Adds one row of kind wait. */
static void merge_wait(struct merge *g, const char *file, const struct csv_row *row, const int *col)
{
	static const char *const status[] = { "done", "waiting", "dropped" };
	struct wkey key;
	char *end;
	int i;

	memset(&key, 0, sizeof key);
	key.group = strtab_intern(g->l->groups, row->f[col[0]], row->len[col[0]]);
	key.from = row_stage(g, file, row, col[1], 0);
	key.to = row_stage(g, file, row, col[2], 1);
	key.norm = -1;
	if (row->len[col[3]])
		key.norm = row_norm(g, file, row, col[3]);
	for (i = 0; i < 3 && strcmp(row->f[col[4]], status[i]) != 0; i++)
		;
	if (i == 3)
		die_at(file, row->line, "not a status: '%s'", row->f[col[4]]);
	key.status = (uint8_t)i;
	if (key.status == W_WAITING) {
		key.at = row_time(file, row, col[6]);
		ktab_add(&g->d, &key, row_count(file, row, col[7]), 0, 0);
	} else {
		key.w = strtod(row->f[col[5]], &end);
		if (row->len[col[5]] == 0 || *end || isnan(key.w))
			die_at(file, row->line, "not a wait: '%s'", row->f[col[5]]);
		ktab_add(&g->d, &key, row_count(file, row, col[7]), row_count(file, row, col[8]),
			 0);
	}
}

/* Adds one row of a partial of keten klantreis; col: group, phase, norm, time, start,
 * count. */
static void merge_klantreis_row(struct merge *g, const char *file, const struct csv_row *row,
				const char *kind, const int *col)
{
	struct jkey k;
	char *end;
	int i;

	memset(&k, 0, sizeof k);
	k.norm = -1;
	for (i = 0; i < J_NKINDS && strcmp(kind, jkinds[i]) != 0; i++)
		;
	if (i == J_NKINDS)
		die_at(file, row->line, "not a kind of a klantreis partial: '%s'", kind);
	k.kind = (uint8_t)i;
	k.group = strtab_intern(g->l->groups, row->f[col[0]], row->len[col[0]]);
	if (k.kind != J_STARTED) {
		int p = model_phase(g->m, row->f[col[1]]);

		if (p < 0)
			die_at(file, row->line, "not a phase of the %s model: '%s'", g->m->name,
			       row->f[col[1]]);
		k.phase = (uint16_t)p;
	}
	if (k.kind == J_OPEN) {
		k.norm = row_norm(g, file, row, col[2]);
		k.at = row_time(file, row, col[4]);
	} else if (k.kind == J_TIME) {
		k.t = strtod(row->f[col[3]], &end);
		if (row->len[col[3]] == 0 || *end || isnan(k.t))
			die_at(file, row->line, "not a time: '%s'", row->f[col[3]]);
	}
	ktab_add(&g->j, &k, row_count(file, row, col[5]), 0, 0);
}

/* Adds one row of a partial of keten bottleneck; col: group, stage, norm, days, start,
 * last, count. */
static void merge_bottleneck_row(struct merge *g, const char *file, const struct csv_row *row,
				 const char *kind, const int *col)
{
	struct bn_count k;
	char *end;
	int i, sec;
	kday day;

	memset(&k, 0, sizeof k);
	if (strcmp(kind, "first") == 0 || strcmp(kind, "starts") == 0) {
		if (kind[0] == 's') {
			g->bc.starts = 1;
			return;
		}
		if (date_parse_iso(row->f[col[4]], row->len[col[4]], &day, &sec) != 0)
			die_at(file, row->line, "not a date: '%s'", row->f[col[4]]);
		if (!g->bc.nonempty || day < g->bc.first)
			g->bc.first = day;
		g->bc.nonempty = 1;
		return;
	}
	for (i = 0; i < BN_C_NKINDS && strcmp(kind, bottleneck_count_kinds[i]) != 0; i++)
		;
	if (i == BN_C_NKINDS)
		die_at(file, row->line, "not a kind of a bottleneck partial: '%s'", kind);
	k.kind = (uint8_t)i;
	k.group = strtab_intern(g->l->groups, row->f[col[0]], row->len[col[0]]);
	k.stage = row_stage(g, file, row, col[1], 0);
	if (k.kind == BN_C_NORM_OPEN)
		k.norm = row_norm(g, file, row, col[2]);
	if (k.kind == BN_C_OPEN || k.kind == BN_C_NORM_OPEN) {
		struct instant at = row_time(file, row, col[4]);

		k.day = at.day;
		k.ms = at.ms;
		k.off = at.off;
		if (k.kind == BN_C_OPEN && row->len[col[5]]) {
			if (date_parse_iso(row->f[col[5]], row->len[col[5]], &day, &sec) != 0)
				die_at(file, row->line, "not a date: '%s'", row->f[col[5]]);
			k.last = day;
		}
	} else if (k.kind != BN_C_CASES && k.kind != BN_C_OVER) {
		k.v = strtod(row->f[col[3]], &end);
		if (row->len[col[3]] == 0 || *end || isnan(k.v))
			die_at(file, row->line, "not a number of days: '%s'", row->f[col[3]]);
	}
	bottleneck_counts_add(&g->bc, &k, row_count(file, row, col[6]));
}

/* The id of a value of a codes column in the merge, CODES_NONE for an empty one. */
static uint32_t codes_field(struct merge *g, int col, const struct csv_row *row, int f)
{
	if (col < 0 || row->len[f] == 0)
		return CODES_NONE;
	return strtab_intern(g->c->tab[col], row->f[f], row->len[f]);
}

/* A set number of a codes partial. */
static uint32_t row_set(const char *file, const struct csv_row *row, int col)
{
	long v = row_count(file, row, col);

	if (v < 1 || v > (long)UINT32_MAX - 1)
		die_at(file, row->line, "not a set: '%s'", row->f[col]);
	return (uint32_t)v;
}

/* Adds one row of a partial of keten codes freq; col: group, code, set, count. */
static void merge_codes_row(struct merge *g, const char *file, const struct csv_row *row,
			    const char *kind, const int *col)
{
	uint32_t gr, code, set, *m;
	size_t i, j, n;

	if (strcmp(kind, "value") == 0) {
		if (g->ccol >= 0)
			codes_field(g, g->ccol, row, col[0]);
	} else if (strcmp(kind, "code") == 0) {
		codes_field(g, CODES_CODE, row, col[1]);
	} else if (strcmp(kind, "segments") == 0) {
		gr = codes_field(g, g->ccol, row, col[0]);
		code = codes_field(g, CODES_CODE, row, col[1]);
		if (code == CODES_NONE)
			die_at(file, row->line, "no code");
		codes_counts_add(&g->cc, CODES_K_SEGMENTS, code, &gr, 1,
				 row_count(file, row, col[3]));
	} else if (strcmp(kind, "set") == 0) {
		xgrow(&g->cset, &g->csetcap, g->ncset + 1, sizeof *g->cset);
		g->cset[g->ncset][0] = row_set(file, row, col[2]);
		g->cset[g->ncset][1] = codes_field(g, g->ccol, row, col[0]);
		g->ncset++;
	} else if (strcmp(kind, "interviews") == 0) {
		code = codes_field(g, CODES_CODE, row, col[1]);
		set = row_set(file, row, col[2]);
		m = xmalloc((g->ncset + 1) * sizeof *m);
		for (i = n = 0; i < g->ncset; i++)
			if (g->cset[i][0] == set)
				m[n++] = g->cset[i][1];
		if (!n)
			die_at(file, row->line, "no rows of set %s", row->f[col[2]]);
		/* The groups ascending by their ids here, as codes_counts keeps them. */
		for (i = 1; i < n; i++) {
			uint32_t x = m[i];

			for (j = i; j > 0 && m[j - 1] > x; j--)
				m[j] = m[j - 1];
			m[j] = x;
		}
		for (i = j = 0; i < n; i++)
			if (j == 0 || m[i] != m[j - 1])
				m[j++] = m[i];
		n = j;
		codes_counts_add(&g->cc, CODES_K_INTERVIEWS, code, m, n,
				 row_count(file, row, col[3]));
		free(m);
	} else {
		die_at(file, row->line, "not a kind of a codes freq partial: '%s'", kind);
	}
}

/* The table of keten codes freq from the merged counts, under the options of the meta. */
static void merge_codes_table(struct merge *g, struct csvw *w)
{
	struct codes_freq f;
	struct codes_tally t;
	const char *v = meta_get(&g->meta, "--order");

	memset(&f, 0, sizeof f);
	f.col = g->ccol;
	f.wide = meta_get(&g->meta, "--wide") != NULL;
	f.segments = meta_get(&g->meta, "--segments") != NULL;
	f.order.min_n = g->min_n;
	f.order.by_code = v && strcmp(v, "code") == 0;
	codes_tally_of_counts(g->c, g->ccol, &g->cc, &t);
	codes_write_freq(g->c, &t, &f, w);
	codes_tally_free(&t);
}

/* The table of keten bottleneck from the merged counts, under the options of the meta:
 * the open stays and waits judged at the as-of date of the whole. */
static void merge_bottleneck_table(struct merge *g, struct csvw *w)
{
	static const int defaults[] = { BN_SHARE, BN_DROPRATE };
	struct bottleneck_opts o;
	struct ranking rk;
	struct period p;
	struct bottleneck_row *rows;
	const char *v = meta_get(&g->meta, "--period");
	size_t n;
	int sec;

	memset(&o, 0, sizeof o);
	o.asof = g->asof;
	o.min_n = g->min_n;
	if (v) {
		/* The days it names: FROM..TO (partial_meta_init). */
		memset(&p, 0, sizeof p);
		if (strlen(v) != 22 || date_parse_iso(v, 10, &p.from, &sec) != 0 ||
		    date_parse_iso(v + 12, 10, &p.to, &sec) != 0)
			die("%s: meta --period: not a period: '%s'", g->first, v);
		o.period = &p;
	}
	v = meta_get(&g->meta, "--idle");
	o.idle = v ? atol(v) : 0;
	v = meta_get(&g->meta, "--rank-by");
	if (ranking_keys(&rk, v, bottleneck_cols, BN_NCOLS, defaults, 2) != 0)
		die("%s: meta --rank-by: not a column of the table: '%s'", g->first, v);
	o.rank = &rk;
	rows = bottleneck_finish(g->l, &o, &g->bc, &n);
	v = meta_get(&g->meta, "--top");
	bottleneck_write(g->l, rows, n, g->bc.starts, v ? atol(v) : 0, w);
	free(rows);
}

/* The journeys of keten klantreis from the merged counts: the open norm waits judged at
 * the as-of date of the whole, then journey_finish, as keten klantreis computes them. */
static struct journey *merge_journeys(struct merge *g, size_t *nj)
{
	size_t n = ktab_n(&g->j), i, c;
	struct journey_counts jc;
	struct journey *out;

	journey_counts_init(&jc, g->m, strtab_count(g->l->groups));
	for (i = 0; i < n; i++) {
		const struct jkey *k = ktab_key(&g->j, (uint32_t)i);
		struct journey *j = &jc.byid[k->group];
		struct journey_phase *ph = &j->ph[k->phase];
		long v = g->j.count[i];

		switch (k->kind) {
		case J_STARTED:
			j->started += v;
			break;
		case J_REACHED:
			ph->reached += v;
			break;
		case J_DROPPED:
			ph->dropped += v;
			break;
		case J_DONE:
			ph->done += v;
			break;
		case J_CONVERT:
			jc.convert[k->group * jc.np + k->phase] += v;
			break;
		case J_NORM_WAITS:
			ph->norm_waits += v;
			break;
		case J_NORM_OVER:
			ph->norm_over += v;
			break;
		case J_TIME:
			for (c = 0; c < (size_t)v; c++)
				journey_counts_sample(&jc, k->group, k->phase, k->t);
			break;
		default: {
			struct event a = instant_event(&k->at);
			struct wait x;

			waits_censor(g->m, k->norm, &a, g->asof, g->unit, &x);
			ph->norm_waits += v;
			ph->norm_over += x.over ? v : 0;
			break;
		}
		}
	}
	out = journey_finish(g->l, &jc, g->min_n, nj);
	journey_counts_free(&jc);
	return out;
}

static void meta_copy(struct partial_meta *to, const struct partial_meta *from)
{
	size_t i;

	memset(to, 0, sizeof *to);
	for (i = 0; i < from->n; i++)
		partial_meta_add(to, from->key[i], from->value[i]);
}

/* Checks the meta of a partial against the first one's (or takes it as the first), and
 * takes its as-of date and --min-n into the whole. */
static void merge_meta(struct merge *g, const struct partial_meta *pm, const char *file,
		       const struct partial_merge *o)
{
	const char *a;

	if (!g->first) {
		g->first = file;
		meta_copy(&g->meta, pm);
		merge_start(g, file, o);
	} else {
		meta_check(&g->meta, g->first, pm, file);
	}
	/* The whole is seen as far as the latest of its parts (keten(5), "Censoring"). */
	a = meta_get(pm, "asof");
	if (a) {
		kday day;
		int sec;

		if (date_parse_iso(a, strlen(a), &day, &sec) != 0)
			die("%s: meta asof: not a date: '%s'", file, a);
		if (!g->has_asof || day > g->asof)
			g->asof = day;
		g->has_asof = 1;
	}
	a = meta_get(pm, "--min-n");
	if (a && atol(a) > g->min_n)
		g->min_n = atol(a);
}

/* Reads one partial into g. */
static void merge_file(struct merge *g, const char *file, const struct partial_merge *o)
{
	static const char *const wnames[] = { "group", "from",  "to",    "norm", "status",
					      "wait",  "start", "count", "over" };
	static const char *const fnames[] = { "group", "from", "to", "dwell", "start", "count" };
	static const char *const jnames[] = { "group", "phase", "norm", "time", "start", "count" };
	static const char *const cnames[] = { "group", "code", "set", "count" };
	static const char *const bnames[] = { "group", "stage", "norm", "days",
					      "start", "last",  "count" };
	struct csvr *r = csvr_open(file, 0);
	struct partial_meta pm = { 0 };
	const struct csv_row *row;
	int kind, key, value, col[9], started = 0;
	size_t i;

	if (csvr_col(r, "kind") < 0)
		die("%s: not a partial result (keten(5), \"Partial results\"): no column 'kind'",
		    file);
	kind = csvr_need(r, "kind");
	key = csvr_need(r, "key");
	value = csvr_need(r, "value");
	while ((row = csvr_next(r))) {
		if (strcmp(row->f[kind], "meta") == 0) {
			if (started)
				die_at(file, row->line, "a meta row after the data");
			partial_meta_add(&pm, row->f[key], row->f[value]);
			continue;
		}
		if (!started) {
			started = 1;
			merge_meta(g, &pm, file, o);
			for (i = 0; g->codes && i < 4; i++)
				col[i] = csvr_need(r, cnames[i]);
			for (i = 0; g->bottleneck && i < 7; i++)
				col[i] = csvr_need(r, bnames[i]);
			for (i = 0;
			     !g->bottleneck && !g->codes && i < (g->flow || g->klantreis ? 6u : 9u);
			     i++)
				col[i] = csvr_need(r, g->flow        ? fnames[i]
						      : g->klantreis ? jnames[i]
								     : wnames[i]);
		}
		if (g->codes) {
			merge_codes_row(g, file, row, row->f[kind], col);
		} else if (g->bottleneck) {
			merge_bottleneck_row(g, file, row, row->f[kind], col);
		} else if (g->klantreis) {
			merge_klantreis_row(g, file, row, row->f[kind], col);
		} else if (g->flow) {
			merge_flow_row(g, file, row, row->f[kind], col);
		} else {
			if (strcmp(row->f[kind], "wait") != 0)
				die_at(file, row->line, "not a kind of a waits partial: '%s'",
				       row->f[kind]);
			merge_wait(g, file, row, col);
		}
	}
	csvr_close(r);
	/* A partial without rows of data still says what it is. */
	if (!started)
		merge_meta(g, &pm, file, o);
	/* The sets of a codes partial are numbered within their file. */
	g->ncset = 0;
	partial_meta_free(&pm);
}

/* One value of a row of the merged table: its finished and censored waits. */
struct mvalue {
	uint32_t row;
	double w;
	long c[2];
};

static int cmp_mvalue(const void *x, const void *y, void *ctx)
{
	const struct mvalue *a = x, *b = y;

	(void)ctx;
	if (a->row != b->row)
		return a->row < b->row ? -1 : 1;
	return (a->w > b->w) - (a->w < b->w);
}

/* The table of keten waits from the merged distribution: the open waits censored at the
 * as-of date of the whole, each row's waits as counts per value in order, summarised by
 * waits_summarise_counts, ordered and written by the functions of keten waits. */
static void merge_table(struct merge *g, const struct waitspec *s, struct csvw *w)
{
	size_t n = ktab_n(&g->d), i, j, nb;
	struct strtab *rowkeys = strtab_new_aligned();
	struct mvalue *mv = xmalloc((n ? n : 1) * sizeof *mv);
	long(*rc)[3]; /* per row: waiting, dropped, over */
	double *value = xmalloc((n ? n : 1) * sizeof *value);
	long(*count)[2] = xmalloc((n ? n : 1) * sizeof *count);
	struct waitrow *rows;

	for (i = 0; i < n; i++) {
		struct wkey k = *(const struct wkey *)ktab_key(&g->d, (uint32_t)i);
		long over = g->d.over[i];

		mv[i].w = k.w;
		if (k.status == W_WAITING) {
			struct event a = instant_event(&k.at);
			struct wait x;

			waits_censor(g->m, k.norm, &a, s->asof, s->unit, &x);
			mv[i].w = x.w;
			over = x.over ? g->d.count[i] : 0;
		}
		mv[i].c[0] = k.status == W_DONE ? g->d.count[i] : 0;
		mv[i].c[1] = k.status == W_DONE ? 0 : g->d.count[i];
		/* The row of a value: its key with the value's own fields cleared. */
		memset(&k.at, 0, sizeof k.at);
		k.w = 0;
		k.status = 0;
		mv[i].row = strtab_intern(rowkeys, (const char *)&k, sizeof k);
		/* From here on over counts the waits of the value past the norm at asof. */
		g->d.over[i] = over;
	}
	nb = strtab_count(rowkeys);
	rc = xcalloc(nb ? nb : 1, sizeof *rc);
	for (i = 0; i < n; i++) {
		const struct wkey *k = ktab_key(&g->d, (uint32_t)i);

		if (k->status == W_WAITING)
			rc[mv[i].row][0] += g->d.count[i];
		else if (k->status == W_DROPPED)
			rc[mv[i].row][1] += g->d.count[i];
		rc[mv[i].row][2] += g->d.over[i];
	}
	sort_r(mv, n, sizeof *mv, cmp_mvalue, NULL);
	rows = xcalloc(nb ? nb : 1, sizeof *rows);
	for (i = 0; i < n; i = j) {
		const struct wkey *k;
		uint32_t r = mv[i].row;
		size_t nv = 0;

		for (j = i; j < n && mv[j].row == r; j++) {
			if (nv && value[nv - 1] == mv[j].w) {
				count[nv - 1][0] += mv[j].c[0];
				count[nv - 1][1] += mv[j].c[1];
				continue;
			}
			value[nv] = mv[j].w;
			count[nv][0] = mv[j].c[0];
			count[nv][1] = mv[j].c[1];
			nv++;
		}
		k = (const struct wkey *)(const void *)strtab_str(rowkeys, r);
		rows[r].group = k->group;
		rows[r].from = k->from;
		rows[r].to = k->to;
		rows[r].norm = k->norm;
		waits_summarise_counts(value, (const long(*)[2])count, nv, rc[r][0], rc[r][1],
				       rc[r][2], k->norm >= 0, s, &rows[r].st);
	}
	waits_sort_rows(g->l, rows, nb);
	waits_write_table(g->l, s, rows, nb, w);
	free(rows);
	free(rc);
	free(value);
	free(count);
	free(mv);
	strtab_free(rowkeys);
}

void partial_merge(char *const *files, size_t n, const struct partial_merge *o, struct csvw *w)
{
	struct merge g;
	struct waitspec s;
	struct key_order ko = { NULL, NULL, NULL, NULL };
	const char *v;
	size_t i;

	memset(&g, 0, sizeof g);
	if (n == 0)
		die("no partial to merge");
	for (i = 0; i < n; i++)
		merge_file(&g, files[i], o);
	if (!g.l)
		die("%s: not a partial result", files[0]);
	if (o->min_n_given)
		g.min_n = o->min_n;
	memset(&s, 0, sizeof s);
	s.unit = g.unit;
	s.asof = g.asof;
	s.min_n = g.min_n;
	v = meta_get(&g.meta, "--ci");
	s.level = v ? opt_level("--ci", v) : 0.95;
	ko.l = g.l;
	if (o->partial) {
		/* The partial of the whole says what merge would apply. */
		for (i = 0; i < g.meta.n; i++)
			if (strcmp(g.meta.key[i], "--min-n") == 0) {
				free(g.meta.value[i]);
				g.meta.value[i] = xmalloc(24);
				snprintf(g.meta.value[i], 24, "%ld", g.min_n);
			}
		if (g.codes)
			write_codes(g.c, g.ccol, &g.cc, &g.meta, w);
		else if (g.bottleneck)
			write_bottleneck(g.l, &g.bc, &g.meta, g.asof, g.has_asof, w);
		else if (g.klantreis)
			write_rows(&journey_rows, &g.j, &ko, &g.meta, g.asof, g.has_asof, w);
		else if (g.flow)
			write_flow(g.l, &g.ds, &g.f, &g.meta, g.asof, g.has_asof, w);
		else
			write_rows(&wait_rows, &g.d, &ko, &g.meta, g.asof, g.has_asof, w);
	} else if (g.codes) {
		merge_codes_table(&g, w);
	} else if (g.bottleneck) {
		merge_bottleneck_table(&g, w);
	} else if (g.klantreis) {
		size_t nj;
		struct journey *j = merge_journeys(&g, &nj);

		o->write_journeys(g.l, j, nj, g.unit, w);
		journey_free(j, nj);
	} else if (g.flow) {
		merge_flow_table(&g, w);
	} else {
		merge_table(&g, &s, w);
	}
	ktab_free(&g.d);
	ktab_free(&g.j);
	ktab_free(&g.f);
	bottleneck_counts_free(&g.bc);
	codes_counts_free(&g.cc);
	if (g.c)
		codes_free(g.c);
	free(g.cset);
	evlog_free(g.l);
	model_free(g.m);
	partial_meta_free(&g.meta);
}
