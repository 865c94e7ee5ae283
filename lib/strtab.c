/* strtab: interning of strings as dense numbers, in an open-addressing hash table whose
 * strings live in large blocks, so that a million case ids cost a million small copies
 * and no allocation each. */
#include "strtab.h"

#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "sort.h"

#define BLOCK (1u << 20)

struct strtab {
	uint32_t *slot; /* id + 1, 0 = empty */
	size_t nslot;   /* a power of two */
	char **str;     /* per id: the string */
	uint32_t *len;
	uint32_t *hash;
	size_t n, cap;
	char **blocks;
	size_t nblocks, bcap;
	char *cur;     /* the block short strings go into */
	size_t bused;  /* bytes used in it */
	uint32_t last; /* id + 1 of the string interned last, 0 = none */
	int aligned;   /* strings start at multiples of STRTAB_ALIGN (strtab_new_aligned) */
	int lazy;      /* no index yet: every string so far was greater than the one before
			  (strtab_new_lazy), so all are different */
	int up_bytes;  /* while lazy: the strings rise in byte order */
	int up_len;    /* while lazy: they rise by length, then in byte order */
	size_t want;   /* the strings strtab_reserve made room for: the index's size */
};

/* Eight bytes at a time, each word mixed in by a multiplication, and the whole mixed once
 * more so that the low bits, which choose the slot, depend on every byte. */
static uint32_t hashof(const char *s, size_t n)
{
	uint64_t h = 0x9e3779b97f4a7c15u ^ n, w, v;
	uint32_t a, b;

	if (n > 8) {
		for (; n > 8; s += 8, n -= 8) {
			memcpy(&w, s, 8);
			h = (h ^ w) * 0xbf58476d1ce4e5b9u;
			h ^= h >> 31;
		}
		/* The last word ends at the string's end (it may take bytes mixed in before). */
		memcpy(&w, s + n - 8, 8);
	} else if (n >= 4) {
		memcpy(&a, s, 4);
		memcpy(&b, s + n - 4, 4);
		w = (uint64_t)a << 32 | b;
	} else {
		for (w = 0, v = 0; v < n; v++)
			w = w << 8 | (unsigned char)s[v];
	}
	h = (h ^ w) * 0x94d049bb133111ebu;
	h ^= h >> 29;
	h *= 0xbf58476d1ce4e5b9u;
	h ^= h >> 32;
	return (uint32_t)h;
}

/* Whether the n bytes at a and b are the same: most keys are short, and two overlapping
 * words compare them without a call of memcmp, which costs more than the comparison. */
static inline int same(const char *a, const char *b, size_t n)
{
	uint64_t x, y, u, v;
	uint32_t p, q, r, w;

	if (n >= 8 && n <= 16) {
		memcpy(&x, a, 8);
		memcpy(&y, b, 8);
		memcpy(&u, a + n - 8, 8);
		memcpy(&v, b + n - 8, 8);
		return ((x ^ y) | (u ^ v)) == 0;
	}
	if (n >= 4 && n < 8) {
		memcpy(&p, a, 4);
		memcpy(&q, b, 4);
		memcpy(&r, a + n - 4, 4);
		memcpy(&w, b + n - 4, 4);
		return ((p ^ q) | (r ^ w)) == 0;
	}
	return memcmp(a, b, n) == 0;
}

struct strtab *strtab_new(void)
{
	struct strtab *t = xcalloc(1, sizeof *t);
	t->nslot = 1024;
	t->slot = xcalloc(t->nslot, sizeof *t->slot);
	return t;
}

struct strtab *strtab_new_lazy(void)
{
	struct strtab *t = xcalloc(1, sizeof *t);

	t->lazy = t->up_bytes = t->up_len = 1;
	return t;
}

struct strtab *strtab_new_aligned(void)
{
	struct strtab *t = strtab_new();

	t->aligned = 1;
	return t;
}

/* Copies s into the current block, or into a block of its own when it is long, so that
 * blocks stay well used; every block is listed for strtab_free. */
static char *store(struct strtab *t, const char *s, size_t n)
{
	char *p;

	if (n + 1 > BLOCK / 4 || !t->cur || t->bused + n + 1 > BLOCK) {
		size_t size = n + 1 > BLOCK / 4 ? n + 1 : BLOCK;
		xgrow(&t->blocks, &t->bcap, t->nblocks + 1, sizeof *t->blocks);
		p = t->blocks[t->nblocks++] = xmalloc(size);
		if (size == BLOCK) {
			t->cur = p;
			t->bused = n + 1;
		}
	} else {
		p = t->cur + t->bused;
		t->bused += n + 1;
	}
	/* The next string of an aligned table starts at a multiple of STRTAB_ALIGN from the
	 * block's start, which malloc aligned. */
	if (t->aligned)
		t->bused = (t->bused + STRTAB_ALIGN - 1) / STRTAB_ALIGN * STRTAB_ALIGN;
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

static void rehash(struct strtab *t)
{
	size_t ns = t->nslot * 2, i;
	uint32_t *slot = xcalloc(ns, sizeof *slot);

	for (i = 0; i < t->n; i++) {
		size_t j = t->hash[i] & (ns - 1);
		while (slot[j])
			j = (j + 1) & (ns - 1);
		slot[j] = (uint32_t)i + 1;
	}
	free(t->slot);
	t->slot = slot;
	t->nslot = ns;
}

static size_t probe(const struct strtab *t, const char *s, size_t n, uint32_t h)
{
	size_t j = h & (t->nslot - 1);

	for (;;) {
		uint32_t id = t->slot[j];
		if (!id)
			return j;
		id--;
		if (t->hash[id] == h && t->len[id] == n && same(t->str[id], s, n))
			return j;
		j = (j + 1) & (t->nslot - 1);
	}
}

/* Makes room for n ids in the arrays per id; a lazy table has no hashes yet. */
static void grow_ids(struct strtab *t, size_t n)
{
	size_t c = t->cap;

	xgrow(&t->str, &c, n, sizeof *t->str);
	if (!t->lazy) {
		/* Each array grows from the same capacity to the same new one. */
		c = t->cap;
		xgrow(&t->hash, &c, n, sizeof *t->hash);
	}
	xgrow(&t->len, &t->cap, n, sizeof *t->len);
}

void strtab_reserve(struct strtab *t, size_t n)
{
	size_t want = t->nslot;

	if ((!t->slot && !t->lazy) || n > SIZE_MAX / 8)
		return;
	grow_ids(t, n);
	if (t->lazy) {
		if (n > t->want)
			t->want = n;
		return;
	}
	while (n * 4 > want * 3)
		want *= 2;
	while (t->nslot < want)
		rehash(t);
}

/* Whether s (n bytes) comes after id in byte order (by) and by length, then bytes (bl). */
static void rises(const struct strtab *t, uint32_t id, const char *s, size_t n, int *by, int *bl)
{
	size_t m = t->len[id];
	int c = memcmp(s, t->str[id], n < m ? n : m);

	*by = c > 0 || (c == 0 && n > m);
	*bl = n > m || (n == m && c > 0);
}

/* Gives a lazy table its index, once a string did not rise: from here on it is an
 * ordinary table.  The index is as large as strtab_reserve asked for. */
static void build_index(struct strtab *t)
{
	size_t i, want = 1024, n = t->want > t->n ? t->want : t->n;

	while (n * 4 > want * 3)
		want *= 2;
	t->lazy = 0;
	t->hash = xreallocarray(NULL, t->cap ? t->cap : 1, sizeof *t->hash);
	for (i = 0; i < t->n; i++)
		t->hash[i] = hashof(t->str[i], t->len[i]);
	t->nslot = want / 2;
	t->slot = NULL;
	rehash(t);
}

/* Stores s as the next id, the last string met; the caller indexes it where it keeps an
 * index. */
static uint32_t append(struct strtab *t, const char *s, size_t n)
{
	uint32_t id;

	if (n > UINT32_MAX || t->n >= UINT32_MAX - 1)
		die("too many or too long strings");
	if (t->n == t->cap)
		grow_ids(t, t->n + 1);
	id = (uint32_t)t->n++;
	t->str[id] = store(t, s, n);
	t->len[id] = (uint32_t)n;
	t->last = id + 1;
	return id;
}

/* strtab_intern for a string that is not the last one: apart, so that the frequent call
 * that finds the last string saves no registers. */
static __attribute__((noinline)) uint32_t intern_new(struct strtab *t, const char *s, size_t n)
{
	uint32_t h, id;
	size_t j;

	if (t->lazy) {
		/* The last string is the greatest: one greater than it is new. */
		if (t->n) {
			int by, bl;

			rises(t, (uint32_t)t->n - 1, s, n, &by, &bl);
			t->up_bytes &= by;
			t->up_len &= bl;
		}
		if (t->up_bytes || t->up_len)
			return append(t, s, n);
		build_index(t);
	}
	h = hashof(s, n);
	j = probe(t, s, n, h);
	if (t->slot[j]) {
		t->last = t->slot[j];
		return t->slot[j] - 1;
	}

	id = append(t, s, n);
	t->hash[id] = h;
	t->slot[j] = id + 1;
	/* A load of three quarters keeps probes short and the slots small. */
	if (t->n * 4 > t->nslot * 3)
		rehash(t);
	return id;
}

uint32_t strtab_intern(struct strtab *t, const char *s, size_t n)
{
	/* The events of a case mostly stand together: the string of the last call comes
	 * again before any other, and is told without hashing or probing. */
	if (t->last && t->len[t->last - 1] == n && same(t->str[t->last - 1], s, n))
		return t->last - 1;
	return intern_new(t, s, n);
}

void strtab_seal(struct strtab *t)
{
	free(t->slot);
	free(t->hash);
	t->last = 0;
	t->lazy = 0;
	t->slot = NULL;
	t->hash = NULL;
	t->nslot = 0;
}

uint32_t strtab_find(const struct strtab *t, const char *s, size_t n)
{
	size_t j;

	if (t->lazy) {
		/* The strings rise in one order at least: a binary search in it. */
		size_t lo = 0, hi = t->n;

		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;
			int by, bl;

			rises(t, (uint32_t)mid, s, n, &by, &bl);
			if (t->up_bytes ? by : bl)
				lo = mid + 1;
			else
				hi = mid;
		}
		return lo < t->n && t->len[lo] == n && memcmp(t->str[lo], s, n) == 0 ? (uint32_t)lo
										     : UINT32_MAX;
	}
	j = probe(t, s, n, hashof(s, n));
	return t->slot[j] ? t->slot[j] - 1 : UINT32_MAX;
}

const char *strtab_str(const struct strtab *t, uint32_t id)
{
	return t->str[id];
}

size_t strtab_len(const struct strtab *t, uint32_t id)
{
	return t->len[id];
}

size_t strtab_count(const struct strtab *t)
{
	return t->n;
}

void strtab_free(struct strtab *t)
{
	size_t i;

	if (!t)
		return;
	for (i = 0; i < t->nblocks; i++)
		free(t->blocks[i]);
	free(t->blocks);
	free(t->slot);
	free(t->str);
	free(t->len);
	free(t->hash);
	free(t);
}

static int cmp_text(const void *a, const void *b, void *ctx)
{
	const struct strtab *t = ctx;
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	size_t lx = strtab_len(t, x), ly = strtab_len(t, y);
	int c = memcmp(strtab_str(t, x), strtab_str(t, y), lx < ly ? lx : ly);

	if (c)
		return c;
	return (lx > ly) - (lx < ly);
}

uint32_t *strtab_order(const struct strtab *t, uint32_t *rank)
{
	size_t n = strtab_count(t), i;
	uint32_t *ids = xmalloc((n ? n : 1) * sizeof *ids);

	for (i = 0; i < n; i++)
		ids[i] = (uint32_t)i;
	sort_r(ids, n, sizeof *ids, cmp_text, (void *)t);
	if (rank)
		for (i = 0; i < n; i++)
			rank[ids[i]] = (uint32_t)i;
	return ids;
}
