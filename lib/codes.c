/* codes: a codes table loaded into compact rows with interned text values.
 *
 * Each text column has its own string table, so that the ids of a column are dense and
 * can index arrays: counting a code per group is then an array access, and sorting rows
 * by interview or code is a counting sort in linear time.  Under a model the phase table
 * is filled with the model's phases and `keten` before any row is read, so that a
 * phase's id is its index in the model and a value outside it is found at once. */
#include "codes.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "csvio.h"
#include "diag.h"
#include "model.h"
#include "sort.h"
#include "strtab.h"
#include "suppress.h"

/* The header names of the columns, in the order of enum codes_col and then polarity and
 * weight. */
/* clang-format off */
static const char *const colname[CODES_ALLCOLS] = {
	"interview", "code", "role", "city", "chain", "phase", "segment", "coder", "quote",
	"polarity", "weight",
};
/* clang-format on */

struct codes *codes_new(const struct codes_opts *o)
{
	struct codes *c = xcalloc(1, sizeof *c);
	int i;

	c->o = *o;
	if (!c->o.cols)
		c->o.cols = ~0u & ~CODES_BIT(CODES_QUOTE);
	c->o.cols |= CODES_BIT(CODES_INTERVIEW) | CODES_BIT(CODES_CODE);
	c->o.need |= CODES_BIT(CODES_INTERVIEW) | CODES_BIT(CODES_CODE);
	c->o.nonempty |= CODES_BIT(CODES_INTERVIEW);
	if (!(c->o.flags & CODES_EMPTY_CODE))
		c->o.nonempty |= CODES_BIT(CODES_CODE);
	/* A column that must be there is a column to load. */
	c->o.cols |= c->o.need | c->o.nonempty;
	c->model = o->model;
	for (i = 0; i < CODES_NCOLS; i++)
		if (c->o.cols & CODES_BIT(i))
			c->tab[i] = strtab_new();
	if (c->model && c->tab[CODES_PHASE]) {
		size_t p;

		for (p = 0; p < c->model->nphases; p++)
			strtab_intern(c->tab[CODES_PHASE], c->model->phases[p],
				      strlen(c->model->phases[p]));
		/* A model file may name `keten` as a phase of its own; then it already has
		 * its place. */
		if (model_phase(c->model, "keten") < 0)
			strtab_intern(c->tab[CODES_PHASE], "keten", 5);
	}
	return c;
}

/* A weight: digits with an optional fraction, no sign, no exponent. */
static int parse_weight(const char *s, size_t n, double *v)
{
	double x = 0, scale = 1;
	size_t i = 0, digits = 0;

	while (i < n && s[i] >= '0' && s[i] <= '9') {
		x = x * 10 + (s[i++] - '0');
		digits++;
	}
	if (i < n && s[i] == '.') {
		i++;
		while (i < n && s[i] >= '0' && s[i] <= '9') {
			scale /= 10;
			x += (s[i++] - '0') * scale;
			digits++;
		}
	}
	if (i != n || digits == 0 || !isfinite(x))
		return 0;
	*v = x;
	return 1;
}

/* Writes the header of the rejects file: where the row was, why, and its fields. */
static void open_rejects(struct codes *c, const struct csv_row *hdr)
{
	size_t i;

	c->rej = csvw_open(c->o.rejects);
	csvw_str(c->rej, "file");
	csvw_str(c->rej, "line");
	csvw_str(c->rej, "reject_reason");
	for (i = 0; i < hdr->n; i++)
		csvw_field(c->rej, hdr->f[i], hdr->len[i]);
	csvw_end(c->rej);
}

/* An unusable row goes to the rejects file, or ends the run with its place and reason. */
static void reject(struct codes *c, const char *file, const struct csv_row *row, const char *why,
		   int col, const char *val, size_t vlen)
{
	char msg[512];

	if (val)
		snprintf(msg, sizeof msg, "column '%s': %s: '%.*s'", colname[col], why,
			 vlen > 200 ? 200 : (int)vlen, val);
	else
		snprintf(msg, sizeof msg, "column '%s': %s", colname[col], why);
	if (!c->o.rejects)
		die_at(file, row->line, "%s", msg);
	csvw_str(c->rej, file);
	csvw_int(c->rej, row->line);
	csvw_str(c->rej, msg);
	csvw_row(c->rej, row);
	c->rejected++;
}

void codes_read(struct codes *c, const char *path)
{
	codes_read_csv(c, csvr_open(path, 0));
}

void codes_read_all(struct codes *c, char *const *paths, int n, int level)
{
	int i;

	if (n == 0)
		codes_read(c, "-");
	for (i = 0; i < n; i++)
		codes_read(c, paths[i]);
	codes_done(c);
	if (level)
		codes_rollup(c, level);
}

void codes_read_csv(struct codes *c, struct csvr *r)
{
	const char *name = csvr_name(r);
	const struct csv_row *row;
	int col[CODES_ALLCOLS];
	uint32_t file;
	int i;

	c->files = xreallocarray(c->files, c->nfiles + 1, sizeof *c->files);
	file = (uint32_t)c->nfiles;
	c->files[c->nfiles++] = xstrdup(name);
	for (i = 0; i < CODES_ALLCOLS; i++) {
		col[i] = -1;
		if (c->o.need & CODES_BIT(i))
			col[i] = csvr_need(r, colname[i]);
		else if (c->o.cols & CODES_BIT(i))
			col[i] = csvr_col(r, colname[i]);
		if (col[i] >= 0)
			c->cols |= CODES_BIT(i);
	}
	if (c->o.rejects && !c->rej)
		open_rejects(c, csvr_header(r));

	while ((row = csvr_next(r)) != NULL) {
		struct codes_row *cr;
		double weight = NAN;
		uint8_t pol = CODES_POL_NONE;
		int bad = 0;

		c->read++;
		/* Check every field before interning any, so that a rejected row leaves
		 * no value behind in the tables. */
		for (i = 0; i < CODES_ALLCOLS && !bad; i++) {
			const char *v;
			size_t n;

			if (col[i] < 0)
				continue;
			v = row->f[col[i]];
			n = row->len[col[i]];
			if (n == 0) {
				if (c->o.nonempty & CODES_BIT(i)) {
					reject(c, name, row, "empty", i, NULL, 0);
					bad = 1;
				}
				continue;
			}
			if (i == CODES_POLARITY) {
				if (n == 8 && memcmp(v, "knelpunt", 8) == 0)
					pol = CODES_POL_KNELPUNT;
				else if (n == 6 && memcmp(v, "succes", 6) == 0)
					pol = CODES_POL_SUCCES;
				else {
					reject(c, name, row, "not knelpunt or succes", i, v, n);
					bad = 1;
				}
			} else if (i == CODES_WEIGHT) {
				if (!parse_weight(v, n, &weight)) {
					reject(c, name, row, "not a number", i, v, n);
					bad = 1;
				}
			} else if (i == CODES_PHASE && c->model &&
				   strtab_find(c->tab[i], v, n) == CODES_NONE) {
				reject(c, name, row, "not a phase of the model", i, v, n);
				bad = 1;
			}
		}
		if (bad)
			continue;
		if (c->n == c->cap)
			xgrow(&c->row, &c->cap, c->n + 1, sizeof *c->row);
		cr = &c->row[c->n++];
		for (i = 0; i < CODES_NCOLS; i++) {
			if (col[i] < 0 || row->len[col[i]] == 0)
				cr->id[i] = CODES_NONE;
			else
				cr->id[i] =
					strtab_intern(c->tab[i], row->f[col[i]], row->len[col[i]]);
		}
		cr->file = file;
		cr->weight = weight;
		cr->line = row->line;
		cr->polarity = pol;
	}
	csvr_close(r);
}

void codes_done(struct codes *c)
{
	if (c->rej) {
		csvw_close(c->rej);
		c->rej = NULL;
		if (c->rejected)
			warnx("%ld of %ld rows rejected (see %s)", c->rejected, c->read,
			      c->o.rejects);
	}
}

void codes_free(struct codes *c)
{
	size_t i;

	if (!c)
		return;
	if (c->rej)
		csvw_close(c->rej);
	for (i = 0; i < CODES_NCOLS; i++)
		strtab_free(c->tab[i]);
	for (i = 0; i < c->nfiles; i++)
		free(c->files[i]);
	free(c->files);
	free(c->row);
	free(c);
}

size_t codes_count(const struct codes *c, int col)
{
	return c->tab[col] ? strtab_count(c->tab[col]) : 0;
}

const char *codes_str(const struct codes *c, int col, uint32_t id)
{
	return id == CODES_NONE ? "" : strtab_str(c->tab[col], id);
}

uint32_t codes_find(const struct codes *c, int col, const char *s)
{
	return c->tab[col] ? strtab_find(c->tab[col], s, strlen(s)) : CODES_NONE;
}

static int is_blank(char ch)
{
	return ch == ' ' || ch == '\t';
}

void codes_rollup(struct codes *c, int level)
{
	struct strtab *old = c->tab[CODES_CODE], *tab = strtab_new();
	size_t n = strtab_count(old), i;
	uint32_t *map = xcalloc(n ? n : 1, sizeof *map);
	char *buf = NULL;
	size_t bcap = 0;

	for (i = 0; i < n; i++) {
		const char *s = strtab_str(old, (uint32_t)i),
			   *end = s + strtab_len(old, (uint32_t)i);
		size_t len = 0;
		int lv;

		xgrow(&buf, &bcap, (size_t)(end - s) + 1, 1);
		for (lv = 0; lv < level && s <= end; lv++) {
			const char *gt = memchr(s, '>', (size_t)(end - s)), *a = s, *b;

			b = gt ? gt : end;
			while (a < b && is_blank(*a))
				a++;
			while (b > a && is_blank(b[-1]))
				b--;
			if (lv)
				buf[len++] = '>';
			memcpy(buf + len, a, (size_t)(b - a));
			len += (size_t)(b - a);
			if (!gt)
				break;
			s = gt + 1;
		}
		map[i] = strtab_intern(tab, buf, len);
	}
	for (i = 0; i < c->n; i++)
		if (c->row[i].id[CODES_CODE] != CODES_NONE)
			c->row[i].id[CODES_CODE] = map[c->row[i].id[CODES_CODE]];
	strtab_free(old);
	c->tab[CODES_CODE] = tab;
	free(map);
	free(buf);
}

uint32_t *codes_order(const struct codes *c, int col, uint32_t *rank)
{
	size_t n = codes_count(c, col), i;
	uint32_t *ids;

	/* Phases follow the model's order; everything else is ordered by its text.  A column
	 * the input lacks has no table and no ids. */
	if (!(col == CODES_PHASE && c->model) && c->tab[col])
		return strtab_order(c->tab[col], rank);
	ids = xmalloc((n ? n : 1) * sizeof *ids);
	for (i = 0; i < n; i++)
		ids[i] = (uint32_t)i;
	if (rank)
		for (i = 0; i < n; i++)
			rank[i] = (uint32_t)i;
	return ids;
}

/* The counting sort behind codes_isort and codes_sort_col: the key of row r is
 * key[r * stride]. */
static void isort(uint32_t *perm, size_t n, const uint32_t *key, size_t stride, size_t nkey)
{
	size_t *count = xcalloc(nkey + 2, sizeof *count), i;
	uint32_t *out = xmalloc((n ? n : 1) * sizeof *out);

	for (i = 0; i < n; i++) {
		uint32_t k = key[(size_t)perm[i] * stride];
		count[(k == CODES_NONE ? nkey : k) + 1]++;
	}
	for (i = 1; i <= nkey + 1; i++)
		count[i] += count[i - 1];
	for (i = 0; i < n; i++) {
		uint32_t k = key[(size_t)perm[i] * stride];
		out[count[k == CODES_NONE ? nkey : k]++] = perm[i];
	}
	memcpy(perm, out, n * sizeof *perm);
	free(out);
	free(count);
}

void codes_isort(uint32_t *perm, size_t n, const uint32_t *key, size_t nkey)
{
	isort(perm, n, key, 1, nkey);
}

void codes_sort_col(const struct codes *c, uint32_t *perm, size_t n, int col)
{
	/* A row is a whole number of uint32_t, so the column's ids lie at a fixed stride. */
	_Static_assert(sizeof(struct codes_row) % sizeof(uint32_t) == 0, "row stride");
	if (!c->n)
		return;
	isort(perm, n, &c->row[0].id[col], sizeof(struct codes_row) / sizeof(uint32_t),
	      codes_count(c, col));
}

void codes_units(const struct codes *c, int by_segment, struct codes_units *u)
{
	size_t n = c->n, i;

	u->of_row = xmalloc((n ? n : 1) * sizeof *u->of_row);
	if (!by_segment) {
		u->n = codes_count(c, CODES_INTERVIEW);
		u->interview = xmalloc((u->n ? u->n : 1) * sizeof *u->interview);
		u->segment = xmalloc((u->n ? u->n : 1) * sizeof *u->segment);
		for (i = 0; i < u->n; i++) {
			u->interview[i] = (uint32_t)i;
			u->segment[i] = CODES_NONE;
		}
		for (i = 0; i < n; i++)
			u->of_row[i] = c->row[i].id[CODES_INTERVIEW];
		return;
	}
	/* Segments are numbered in the order of (interview, segment) ids. */
	uint32_t *perm = xmalloc((n ? n : 1) * sizeof *perm);
	size_t cap = 0;
	uint32_t pi = CODES_NONE, ps = CODES_NONE;

	for (i = 0; i < n; i++)
		perm[i] = (uint32_t)i;
	codes_sort_col(c, perm, n, CODES_SEGMENT);
	codes_sort_col(c, perm, n, CODES_INTERVIEW);
	u->n = 0;
	u->interview = u->segment = NULL;
	for (i = 0; i < n; i++) {
		const struct codes_row *r = &c->row[perm[i]];

		if (r->id[CODES_SEGMENT] == CODES_NONE) {
			u->of_row[perm[i]] = CODES_NONE;
			continue;
		}
		if (r->id[CODES_INTERVIEW] != pi || r->id[CODES_SEGMENT] != ps) {
			size_t c2 = cap;
			pi = r->id[CODES_INTERVIEW];
			ps = r->id[CODES_SEGMENT];
			xgrow(&u->interview, &c2, u->n + 1, sizeof *u->interview);
			xgrow(&u->segment, &cap, u->n + 1, sizeof *u->segment);
			u->interview[u->n] = pi;
			u->segment[u->n] = ps;
			u->n++;
		}
		u->of_row[perm[i]] = (uint32_t)(u->n - 1);
	}
	free(perm);
}

void codes_units_free(struct codes_units *u)
{
	free(u->of_row);
	free(u->interview);
	free(u->segment);
	memset(u, 0, sizeof *u);
}

int codes_small(long interviews, long min_n)
{
	return min_n > 0 && interviews > 0 && interviews < min_n;
}

/* The value `beide` of a column: the chain that stands for both chains, or CODES_NONE
 * (another column, or a table without it).  This and the two users below are the whole
 * of the rule that a segment of chain `beide` counts for every chain. */
static uint32_t beide_of(const struct codes *c, int col)
{
	return col == CODES_CHAIN ? codes_find(c, CODES_CHAIN, "beide") : CODES_NONE;
}

/* Grouped by chain, a segment of `beide` counts in each other chain of the table. */
struct spread {
	uint32_t beide; /* CODES_NONE when nothing is spread */
	uint32_t *to;   /* the other chains */
	size_t n;
};

static void spread_init(const struct codes *c, int col, struct spread *s)
{
	size_t nv = col >= 0 ? codes_count(c, col) : 0, i;

	s->beide = beide_of(c, col);
	s->to = NULL;
	s->n = 0;
	if (s->beide == CODES_NONE)
		return;
	s->to = xmalloc(nv * sizeof *s->to);
	for (i = 0; i < nv; i++)
		if (i != s->beide)
			s->to[s->n++] = (uint32_t)i;
	/* A table whose only chain is `beide` keeps it as a group: its rows would
	 * otherwise count nowhere. */
	if (!s->n)
		s->beide = CODES_NONE;
}

/* Whether row r counts under o, only and obeide being o->only's id and the `beide` of
 * o->only_col: restricted to one value, a row with no value or with `beide` concerns
 * that value too. */
static int row_counts(const struct codes_row *r, const struct codes_tally_opts *o, uint32_t only,
		      uint32_t obeide)
{
	uint32_t v;

	if (r->id[CODES_CODE] == CODES_NONE)
		return 0;
	if ((o->flags & CODES_T_KNELPUNT) && r->polarity == CODES_POL_SUCCES)
		return 0;
	if (o->only_col < 0)
		return 1;
	v = r->id[o->only_col];
	return v == CODES_NONE || v == only || (obeide != CODES_NONE && v == obeide);
}

/* Reorders a[0..n) by perm: a[i] becomes the old a[perm[i]]; tmp holds n ids. */
static void permute(uint32_t *a, const uint32_t *perm, size_t n, uint32_t *tmp)
{
	size_t i;

	for (i = 0; i < n; i++)
		tmp[i] = a[perm[i]];
	memcpy(a, tmp, n * sizeof *a);
}

void codes_tally(const struct codes *c, const struct codes_tally_opts *o, struct codes_tally *t)
{
	size_t n = c->n, ni = codes_count(c, CODES_INTERVIEW), nk = 0, cap, i, e, k;
	uint32_t only = CODES_NONE, obeide = CODES_NONE, pg, pc, pi;
	uint32_t *kept = xmalloc((n ? n : 1) * sizeof *kept), *perm, *key;
	uint32_t *mark = xcalloc(ni + 1, sizeof *mark);
	struct spread sp;

	memset(t, 0, sizeof *t);
	t->col = o->col;
	t->nc = codes_count(c, CODES_CODE);
	t->ng = o->col >= 0 ? codes_count(c, o->col) + 1 : 1;
	spread_init(c, o->col, &sp);
	t->spread = sp.beide;
	if (o->only_col >= 0) {
		only = codes_find(c, o->only_col, o->only);
		obeide = beide_of(c, o->only_col);
	}
	t->segs = xcalloc(t->ng * t->nc + 1, sizeof *t->segs);
	t->ints = xcalloc(t->ng * t->nc + 1, sizeof *t->ints);
	t->weight = xcalloc(t->ng * t->nc + 1, sizeof *t->weight);
	t->gsegs = xcalloc(t->ng, sizeof *t->gsegs);
	t->gints = xcalloc(t->ng, sizeof *t->gints);
	t->csegs = xcalloc(t->nc + 1, sizeof *t->csegs);
	t->cints = xcalloc(t->nc + 1, sizeof *t->cints);

	/* The rows that count, and an entry for each group a row counts in, in input
	 * order. */
	cap = 0;
	for (i = 0; i < n; i++)
		if (row_counts(&c->row[i], o, only, obeide)) {
			kept[nk++] = (uint32_t)i;
			cap += sp.n && o->col >= 0 && c->row[i].id[o->col] == sp.beide ? sp.n : 1;
		}
	t->erow = xmalloc((cap ? cap : 1) * sizeof *t->erow);
	t->egroup = xmalloc((cap ? cap : 1) * sizeof *t->egroup);
	for (i = 0; i < nk; i++) {
		const struct codes_row *r = &c->row[kept[i]];
		uint32_t g = 0;

		if (o->col >= 0)
			g = r->id[o->col] == CODES_NONE ? (uint32_t)t->ng - 1 : r->id[o->col];
		if (sp.n && g == sp.beide) {
			for (k = 0; k < sp.n; k++) {
				t->erow[t->ne] = kept[i];
				t->egroup[t->ne++] = sp.to[k];
			}
		} else {
			t->erow[t->ne] = kept[i];
			t->egroup[t->ne++] = g;
		}
	}
	if (o->flags & CODES_T_QUOTES) {
		t->quote = xmalloc((t->ng * t->nc + 1) * sizeof *t->quote);
		for (i = 0; i < t->ng * t->nc; i++)
			t->quote[i] = CODES_NONE;
		for (e = 0; e < t->ne; e++) {
			const struct codes_row *r = &c->row[t->erow[e]];
			size_t at = (size_t)t->egroup[e] * t->nc + r->id[CODES_CODE];

			if (r->id[CODES_QUOTE] != CODES_NONE && t->quote[at] == CODES_NONE)
				t->quote[at] = t->erow[e];
		}
	}

	/* Entries sorted by group, code and interview: each cell is one run, so that an
	 * interview is counted once per cell by comparing with the entry before, and once
	 * per group by marking it with the group. */
	perm = xmalloc((t->ne ? t->ne : 1) * sizeof *perm);
	key = xmalloc((t->ne ? t->ne : 1) * sizeof *key);
	for (e = 0; e < t->ne; e++) {
		perm[e] = (uint32_t)e;
		key[e] = c->row[t->erow[e]].id[CODES_INTERVIEW];
	}
	codes_isort(perm, t->ne, key, ni);
	for (e = 0; e < t->ne; e++)
		key[e] = c->row[t->erow[e]].id[CODES_CODE];
	codes_isort(perm, t->ne, key, t->nc);
	codes_isort(perm, t->ne, t->egroup, t->ng);
	permute(t->erow, perm, t->ne, key);
	permute(t->egroup, perm, t->ne, key);
	pg = pc = pi = CODES_NONE;
	for (e = 0; e < t->ne; e++) {
		const struct codes_row *r = &c->row[t->erow[e]];
		uint32_t g = t->egroup[e], code = r->id[CODES_CODE], iv = r->id[CODES_INTERVIEW];
		size_t at = (size_t)g * t->nc + code;

		t->segs[at]++;
		t->gsegs[g]++;
		if (!isnan(r->weight))
			t->weight[at] += r->weight;
		if (g != pg || code != pc || iv != pi)
			t->ints[at]++;
		pg = g, pc = code, pi = iv;
		if (mark[iv] != g + 1) {
			mark[iv] = g + 1;
			t->gints[g]++;
		}
	}

	/* The totals count each row once, whatever the groups it counts in: by code, each
	 * code being one run, and over all. */
	codes_sort_col(c, kept, nk, CODES_CODE);
	memset(mark, 0, (ni + 1) * sizeof *mark);
	for (i = 0; i < nk; i++) {
		const struct codes_row *r = &c->row[kept[i]];
		uint32_t code = r->id[CODES_CODE], iv = r->id[CODES_INTERVIEW];

		t->csegs[code]++;
		if (mark[iv] != code + 1) {
			mark[iv] = code + 1;
			t->cints[code]++;
		}
	}
	memset(mark, 0, (ni + 1) * sizeof *mark);
	for (i = 0; i < nk; i++) {
		uint32_t iv = c->row[kept[i]].id[CODES_INTERVIEW];

		t->tints += !mark[iv];
		mark[iv] = 1;
	}
	t->tsegs = (long)nk;
	free(key);
	free(perm);
	free(mark);
	free(kept);
	free(sp.to);
}

void codes_tally_free(struct codes_tally *t)
{
	free(t->segs);
	free(t->ints);
	free(t->weight);
	free(t->gsegs);
	free(t->gints);
	free(t->csegs);
	free(t->cints);
	free(t->quote);
	free(t->erow);
	free(t->egroup);
	memset(t, 0, sizeof *t);
}

void codes_counts_init(struct codes_counts *k)
{
	k->keys = strtab_new_aligned();
	k->cap = 1;
	k->count = xcalloc(1, sizeof *k->count);
}

void codes_counts_free(struct codes_counts *k)
{
	strtab_free(k->keys);
	free(k->count);
	memset(k, 0, sizeof *k);
}

/* The most groups a key holds: every value of the column grouped by and none. */
void codes_counts_add(struct codes_counts *k, uint32_t kind, uint32_t code, const uint32_t *g,
		      size_t n, long count)
{
	uint32_t *key = xmalloc((n + 2) * sizeof *key), id;

	key[0] = kind;
	key[1] = code;
	if (n)
		memcpy(key + 2, g, n * sizeof *g);
	id = strtab_intern(k->keys, (const char *)key, (n + 2) * sizeof *key);
	free(key);
	if (id >= k->cap) {
		size_t old = k->cap;

		xgrow(&k->count, &k->cap, (size_t)id + 1, sizeof *k->count);
		memset(k->count + old, 0, (k->cap - old) * sizeof *k->count);
	}
	k->count[id] += count;
}

size_t codes_counts_key(const struct codes_counts *k, uint32_t id, uint32_t *kind, uint32_t *code,
			const uint32_t **g)
{
	const uint32_t *key = (const uint32_t *)(const void *)strtab_str(k->keys, id);

	*kind = key[0];
	*code = key[1];
	*g = key + 2;
	return strtab_len(k->keys, id) / sizeof *key - 2;
}

/* Sorts and makes unique g[0 .. n - 1]; returns how many are left. */
static size_t uniq_ids(uint32_t *g, size_t n)
{
	size_t i, j, k = 0;

	/* Insertion sort: an interview's groups are few. */
	for (i = 1; i < n; i++) {
		uint32_t v = g[i];

		for (j = i; j > 0 && g[j - 1] > v; j--)
			g[j] = g[j - 1];
		g[j] = v;
	}
	for (i = 0; i < n; i++)
		if (k == 0 || g[i] != g[k - 1])
			g[k++] = g[i];
	return k;
}

void codes_counts_of(const struct codes *c, int col, struct codes_counts *k)
{
	size_t n = c->n, ni = codes_count(c, CODES_INTERVIEW), nc = codes_count(c, CODES_CODE);
	size_t ng = col >= 0 ? codes_count(c, col) + 1 : 1, nk = 0, i, j, a, b;
	uint32_t *perm = xmalloc((n ? n : 1) * sizeof *perm), *key;
	uint32_t *gi = xmalloc((n ? n : 1) * sizeof *gi), *gc = xmalloc((n ? n : 1) * sizeof *gc);

	for (i = 0; i < n; i++)
		if (c->row[i].id[CODES_CODE] != CODES_NONE)
			perm[nk++] = (uint32_t)i;
	/* The rows by interview, code and group, so that each (interview, code) is one run
	 * and each interview one run of those. */
	key = xmalloc((n ? n : 1) * sizeof *key);
	for (i = 0; i < n; i++)
		key[i] = col >= 0 ? c->row[i].id[col] : 0;
	codes_isort(perm, nk, key, ng);
	for (i = 0; i < n; i++)
		key[i] = c->row[i].id[CODES_CODE];
	codes_isort(perm, nk, key, nc);
	for (i = 0; i < n; i++)
		key[i] = c->row[i].id[CODES_INTERVIEW];
	codes_isort(perm, nk, key, ni);
	for (a = 0; a < nk; a = b) {
		uint32_t iv = c->row[perm[a]].id[CODES_INTERVIEW];
		size_t nig = 0;

		for (b = a; b < nk && c->row[perm[b]].id[CODES_INTERVIEW] == iv; b++)
			;
		for (i = a; i < b; i = j) {
			uint32_t code = c->row[perm[i]].id[CODES_CODE];
			size_t ncg = 0;

			for (j = i; j < b && c->row[perm[j]].id[CODES_CODE] == code; j++) {
				uint32_t g = col >= 0 ? c->row[perm[j]].id[col] : 0;

				codes_counts_add(k, CODES_K_SEGMENTS, code, &g, 1, 1);
				gc[ncg++] = g;
				gi[nig++] = g;
			}
			ncg = uniq_ids(gc, ncg);
			codes_counts_add(k, CODES_K_INTERVIEWS, code, gc, ncg, 1);
		}
		nig = uniq_ids(gi, nig);
		codes_counts_add(k, CODES_K_INTERVIEWS, CODES_NONE, gi, nig, 1);
	}
	free(key);
	free(perm);
	free(gi);
	free(gc);
}

void codes_tally_of_counts(const struct codes *c, int col, const struct codes_counts *k,
			   struct codes_tally *t)
{
	size_t nk = strtab_count(k->keys), i, j, q, nto;
	uint32_t *mark, *to, stamp = 0;
	struct spread sp;

	memset(t, 0, sizeof *t);
	t->col = col;
	t->nc = codes_count(c, CODES_CODE);
	t->ng = col >= 0 ? codes_count(c, col) + 1 : 1;
	spread_init(c, col, &sp);
	t->spread = sp.beide;
	t->segs = xcalloc(t->ng * t->nc + 1, sizeof *t->segs);
	t->ints = xcalloc(t->ng * t->nc + 1, sizeof *t->ints);
	t->weight = xcalloc(t->ng * t->nc + 1, sizeof *t->weight);
	t->gsegs = xcalloc(t->ng, sizeof *t->gsegs);
	t->gints = xcalloc(t->ng, sizeof *t->gints);
	t->csegs = xcalloc(t->nc + 1, sizeof *t->csegs);
	t->cints = xcalloc(t->nc + 1, sizeof *t->cints);
	mark = xcalloc(t->ng + 1, sizeof *mark);
	to = xmalloc((t->ng + 1) * sizeof *to);
	for (i = 0; i < nk; i++) {
		uint32_t kind, code;
		const uint32_t *g;
		size_t ng = codes_counts_key(k, (uint32_t)i, &kind, &code, &g);
		long v = k->count[i];

		/* The groups the key counts in: a segment of `beide` in each other chain (as
		 * codes_tally spreads it), each only once. */
		stamp++;
		nto = 0;
		for (j = 0; j < ng; j++) {
			uint32_t x = g[j] == CODES_NONE ? (uint32_t)t->ng - 1 : g[j];
			size_t nx = sp.n && x == sp.beide ? sp.n : 1;

			for (q = 0; q < nx; q++) {
				uint32_t y = sp.n && x == sp.beide ? sp.to[q] : x;

				if (mark[y] == stamp)
					continue;
				mark[y] = stamp;
				to[nto++] = y;
			}
		}
		if (kind == CODES_K_SEGMENTS) {
			for (j = 0; j < nto; j++) {
				t->segs[(size_t)to[j] * t->nc + code] += v;
				t->gsegs[to[j]] += v;
			}
			t->csegs[code] += v;
			t->tsegs += v;
		} else if (code == CODES_NONE) {
			for (j = 0; j < nto; j++)
				t->gints[to[j]] += v;
			t->tints += v;
		} else {
			for (j = 0; j < nto; j++)
				t->ints[(size_t)to[j] * t->nc + code] += v;
			t->cints[code] += v;
		}
	}
	free(mark);
	free(to);
	free(sp.to);
}

const char *codes_col_name(int col)
{
	static const char *const names[] = { "interview", "code",    "role",  "city", "chain",
					     "phase",     "segment", "coder", "quote" };
	return names[col];
}

static void write_long(const struct codes *c, const struct codes_tally *t,
		       const struct codes_freq *f, struct csvw *w)
{
	uint32_t *rank = xmalloc((t->nc + 1) * sizeof *rank), *gids;
	size_t ngroups, gi, i;

	free(codes_order(c, CODES_CODE, rank));
	gids = codes_tally_groups(c, t, &ngroups);
	if (f->col >= 0)
		csvw_str(w, codes_col_name(f->col));
	csvw_names(w, f->quotes ? "code,segments,interviews,pct_interviews,quote,suppressed"
				: "code,segments,interviews,pct_interviews,suppressed");
	for (gi = 0; gi < ngroups; gi++) {
		uint32_t g = gids[gi], *ids;
		const long *segs = t->segs + (size_t)g * t->nc, *ints = t->ints + (size_t)g * t->nc;

		ids = codes_rank_codes(&f->order, rank, t->nc, ints, segs, ints, NULL);
		for (i = 0; i < t->nc; i++) {
			uint32_t k = ids[i];
			int supp = codes_small(ints[k], f->order.min_n);

			if (!segs[k])
				continue;
			if (f->col >= 0)
				csvw_str(w, g == t->ng - 1 ? "" : codes_str(c, f->col, g));
			csvw_str(w, codes_str(c, CODES_CODE, k));
			if (supp) {
				csvw_empty(w);
				csvw_empty(w);
				csvw_empty(w);
			} else {
				csvw_int(w, segs[k]);
				csvw_int(w, ints[k]);
				csvw_num(w, 100.0 * (double)ints[k] / (double)t->gints[g], 1);
			}
			if (f->quotes) {
				uint32_t q = t->quote[(size_t)g * t->nc + k];
				if (supp || q == CODES_NONE)
					csvw_empty(w);
				else
					csvw_str(w, codes_str(c, CODES_QUOTE,
							      c->row[q].id[CODES_QUOTE]));
			}
			csvw_int(w, supp);
			csvw_end(w);
		}
		free(ids);
	}
	free(gids);
	free(rank);
}

/* One crosstab cell: the count, or empty when it is blank. */
static void cell(struct csvw *w, long v, int blank, int *supp)
{
	if (blank) {
		csvw_empty(w);
		*supp = 1;
	} else {
		csvw_int(w, v);
	}
}

static void write_wide(const struct codes *c, const struct codes_tally *t,
		       const struct codes_freq *f, struct csvw *w)
{
	uint32_t *rank = xmalloc((t->nc + 1) * sizeof *rank), *gids, *ids;
	size_t ngroups, gi, i;
	const long *cells = f->segments ? t->segs : t->ints;
	const long *tot = f->segments ? t->csegs : t->cints;
	struct codes_blanks b;

	free(codes_order(c, CODES_CODE, rank));
	gids = codes_tally_groups(c, t, &ngroups);
	codes_tally_blanks(t, gids, ngroups, f->segments, f->order.min_n, &b);
	csvw_str(w, "code");
	for (gi = 0; gi < ngroups; gi++)
		csvw_str(w, gids[gi] == t->ng - 1 ? "(none)" : codes_str(c, f->col, gids[gi]));
	csvw_names(w, "total,suppressed");
	/* A row whose total is blank comes last, so that its place tells nothing of it. */
	ids = codes_rank_codes(&f->order, rank, t->nc, tot, f->segments ? t->cints : t->csegs,
			       t->cints, b.code);
	for (i = 0; i < t->nc; i++) {
		uint32_t k = ids[i];
		int supp = 0;

		csvw_str(w, codes_str(c, CODES_CODE, k));
		for (gi = 0; gi < ngroups; gi++) {
			size_t at = (size_t)gids[gi] * t->nc + k;
			cell(w, cells[at], b.cell[at], &supp);
		}
		cell(w, tot[k], b.code[k], &supp);
		csvw_int(w, supp);
		csvw_end(w);
	}
	/* The totals row: the interviews (or segments) of each group, whatever the code. */
	{
		int supp = 0;

		csvw_str(w, "(all)");
		for (gi = 0; gi < ngroups; gi++)
			cell(w, f->segments ? t->gsegs[gids[gi]] : t->gints[gids[gi]],
			     b.group[gids[gi]], &supp);
		cell(w, f->segments ? t->tsegs : t->tints, b.all, &supp);
		csvw_int(w, supp);
		csvw_end(w);
	}
	codes_blanks_free(&b);
	free(ids);
	free(gids);
	free(rank);
}

void codes_write_freq(const struct codes *c, const struct codes_tally *t,
		      const struct codes_freq *f, struct csvw *w)
{
	if (f->wide)
		write_wide(c, t, f, w);
	else
		write_long(c, t, f, w);
}

uint32_t *codes_tally_groups(const struct codes *c, const struct codes_tally *t, size_t *n)
{
	uint32_t *ids;
	size_t i, k = 0;

	if (t->col < 0) {
		ids = xmalloc(sizeof *ids);
		ids[0] = 0;
		*n = 1;
		return ids;
	}
	ids = xreallocarray(codes_order(c, t->col, NULL), t->ng, sizeof *ids);
	for (i = 0; i < t->ng - 1; i++)
		if (ids[i] != t->spread)
			ids[k++] = ids[i];
	if (t->gsegs[t->ng - 1])
		ids[k++] = (uint32_t)t->ng - 1;
	*n = k;
	return ids;
}

/* The context of the listing order. */
struct rank_ctx {
	const struct codes_rank *r;
	const uint32_t *rank;
	const long *k1, *k2, *ints;
	const uint8_t *blank;
};

/* Rows whose counts are blanked come last and in text order, so that their order tells
 * nothing of the counts either. */
static int by_count(const void *a, const void *b, void *ctx)
{
	const struct rank_ctx *x = ctx;
	uint32_t p = *(const uint32_t *)a, q = *(const uint32_t *)b;
	int sp = x->blank ? x->blank[p] : codes_small(x->ints[p], x->r->min_n);
	int sq = x->blank ? x->blank[q] : codes_small(x->ints[q], x->r->min_n);

	if (!x->r->by_code && sp != sq)
		return sp - sq;
	if (!x->r->by_code && !sp) {
		if (x->k1[p] != x->k1[q])
			return x->k1[p] > x->k1[q] ? -1 : 1;
		if (x->k2 && x->k2[p] != x->k2[q])
			return x->k2[p] > x->k2[q] ? -1 : 1;
	}
	return x->rank[p] < x->rank[q] ? -1 : x->rank[p] > x->rank[q];
}

uint32_t *codes_rank_codes(const struct codes_rank *r, const uint32_t *rank, size_t nc,
			   const long *k1, const long *k2, const long *ints, const uint8_t *blank)
{
	struct rank_ctx x = { r, rank, k1, k2, ints, blank };
	uint32_t *ids = xmalloc((nc + 1) * sizeof *ids);
	size_t i;

	for (i = 0; i < nc; i++)
		ids[i] = (uint32_t)i;
	sort_r(ids, nc, sizeof *ids, by_count, &x);
	return ids;
}

/* A cell of a crosstab: the count shown, blank when the interviews it rests on are few. */
static size_t blank_cell(struct supp *s, long shown, long interviews, long min_n)
{
	size_t id = supp_cell(s, shown);

	if (codes_small(interviews, min_n))
		supp_force(s, id);
	return id;
}

void codes_tally_blanks(const struct codes_tally *t, const uint32_t *gids, size_t ngroups,
			int segments, long min_n, struct codes_blanks *b)
{
	struct supp *s = supp_new(min_n);
	size_t nc = t->nc, gi, k, all;
	size_t *cell = xmalloc((nc * ngroups + 1) * sizeof *cell);
	size_t *code = xmalloc((nc + 1) * sizeof *code),
	       *group = xmalloc((ngroups + 1) * sizeof *group);
	size_t *run = xmalloc((nc + ngroups + 1) * sizeof *run);

	/* cell[k * ngroups + gi]: the cell of code k in group gids[gi]. */
	for (k = 0; k < nc; k++) {
		for (gi = 0; gi < ngroups; gi++) {
			size_t at = (size_t)gids[gi] * nc + k;

			cell[k * ngroups + gi] = blank_cell(s, segments ? t->segs[at] : t->ints[at],
							    t->ints[at], min_n);
		}
		code[k] = blank_cell(s, segments ? t->csegs[k] : t->cints[k], t->cints[k], min_n);
	}
	for (gi = 0; gi < ngroups; gi++)
		group[gi] = blank_cell(s, segments ? t->gsegs[gids[gi]] : t->gints[gids[gi]],
				       t->gints[gids[gi]], min_n);
	all = blank_cell(s, segments ? t->tsegs : t->tints, t->tints, min_n);

	for (k = 0; k < nc; k++)
		supp_sum(s, code[k], cell + k * ngroups, ngroups);
	supp_sum(s, all, group, ngroups);
	/* Each segment carries one code: a group's segments are the sum of its codes'. */
	if (segments) {
		for (gi = 0; gi < ngroups; gi++) {
			for (k = 0; k < nc; k++)
				run[k] = cell[k * ngroups + gi];
			supp_sum(s, group[gi], run, nc);
		}
		supp_sum(s, all, code, nc);
	}
	supp_apply(s);

	b->cell = xcalloc(t->ng * nc + 1, 1);
	b->code = xcalloc(nc + 1, 1);
	b->group = xcalloc(t->ng + 1, 1);
	for (k = 0; k < nc; k++) {
		for (gi = 0; gi < ngroups; gi++)
			b->cell[(size_t)gids[gi] * nc + k] =
				(uint8_t)supp_blank(s, cell[k * ngroups + gi]);
		b->code[k] = (uint8_t)supp_blank(s, code[k]);
	}
	for (gi = 0; gi < ngroups; gi++)
		b->group[gids[gi]] = (uint8_t)supp_blank(s, group[gi]);
	b->all = supp_blank(s, all);
	free(cell);
	free(code);
	free(group);
	free(run);
	supp_free(s);
}

void codes_blanks_free(struct codes_blanks *b)
{
	free(b->cell);
	free(b->code);
	free(b->group);
	memset(b, 0, sizeof *b);
}

/* Sorts the entries perm[0..ne) of a tally by the value of column col of their rows (ids
 * mapped through rank when given), then by cell; key holds ne ids. */
static void sort_cells(const struct codes *c, const struct codes_tally *t, int col,
		       const uint32_t *rank, const uint32_t *cell, size_t ncells, uint32_t *perm,
		       uint32_t *key)
{
	size_t e;

	for (e = 0; e < t->ne; e++) {
		uint32_t v = c->row[t->erow[e]].id[col];

		perm[e] = (uint32_t)e;
		key[e] = v != CODES_NONE && rank ? rank[v] : v;
	}
	codes_isort(perm, t->ne, key, codes_count(c, col));
	codes_isort(perm, t->ne, cell, ncells);
}

struct codes_knelpunt *codes_knelpunten(const struct codes *c, int col, size_t *n, size_t *ng)
{
	struct codes_tally_opts o = { .col = col, .flags = CODES_T_KNELPUNT, .only_col = -1 };
	struct codes_tally t;
	struct codes_knelpunt *k;
	size_t nk = 0, e, f, cap = 0, nr = codes_count(c, CODES_ROLE);
	uint32_t *cell, *perm, *key, *rrank = xmalloc((nr + 1) * sizeof *rrank);
	char *buf = NULL;

	codes_tally(c, &o, &t);
	cell = xmalloc((t.ne ? t.ne : 1) * sizeof *cell);
	perm = xmalloc((t.ne ? t.ne : 1) * sizeof *perm);
	key = xmalloc((t.ne ? t.ne : 1) * sizeof *key);
	/* The entries are sorted by group and code: a cell is a run. */
	for (e = 0; e < t.ne; e++) {
		if (e == 0 || t.egroup[e] != t.egroup[e - 1] ||
		    c->row[t.erow[e]].id[CODES_CODE] != c->row[t.erow[e - 1]].id[CODES_CODE])
			nk++;
		cell[e] = (uint32_t)(nk - 1);
	}
	k = xcalloc(nk ? nk : 1, sizeof *k);
	for (e = 0; e < t.ne; e++) {
		struct codes_knelpunt *p = &k[cell[e]];
		size_t at;

		if (p->segments)
			continue;
		p->group = t.egroup[e];
		p->code = c->row[t.erow[e]].id[CODES_CODE];
		p->phase = CODES_NONE;
		at = (size_t)p->group * t.nc + p->code;
		p->segments = t.segs[at];
		p->interviews = t.ints[at];
		p->weight = t.weight[at];
	}

	/* The distinct roles of each cell, in text order. */
	free(codes_order(c, CODES_ROLE, rrank));
	sort_cells(c, &t, CODES_ROLE, rrank, cell, nk, perm, key);
	for (e = 0; e < t.ne; e = f) {
		struct codes_knelpunt *p = &k[cell[perm[e]]];
		size_t len = 0;

		for (f = e; f < t.ne && cell[perm[f]] == cell[perm[e]]; f++) {
			uint32_t v = c->row[t.erow[perm[f]]].id[CODES_ROLE];
			const char *name;
			size_t nl;

			if (v == CODES_NONE ||
			    (f > e && v == c->row[t.erow[perm[f - 1]]].id[CODES_ROLE]))
				continue;
			name = codes_str(c, CODES_ROLE, v);
			nl = strlen(name);
			xgrow(&buf, &cap, len + nl + 2, 1);
			if (len)
				buf[len++] = ';';
			memcpy(buf + len, name, nl);
			len += nl;
			p->roles++;
		}
		p->role_list = xmalloc(len + 1);
		if (len)
			memcpy(p->role_list, buf, len);
		p->role_list[len] = '\0';
	}
	/* The distinct cities. */
	sort_cells(c, &t, CODES_CITY, NULL, cell, nk, perm, key);
	for (e = 0; e < t.ne; e++) {
		uint32_t v = key[perm[e]];

		if (v != CODES_NONE &&
		    (e == 0 || cell[perm[e]] != cell[perm[e - 1]] || v != key[perm[e - 1]]))
			k[cell[perm[e]]].cities++;
	}
	/* The phase most segments carry: the longest run, the first on a tie. */
	sort_cells(c, &t, CODES_PHASE, NULL, cell, nk, perm, key);
	for (e = 0; e < t.ne; e = f) {
		struct codes_knelpunt *p = &k[cell[perm[e]]];
		size_t best = 0;

		for (f = e; f < t.ne && cell[perm[f]] == cell[perm[e]];) {
			size_t g = f;

			while (g < t.ne && cell[perm[g]] == cell[perm[f]] &&
			       key[perm[g]] == key[perm[f]])
				g++;
			if (key[perm[f]] != CODES_NONE && g - f > best) {
				best = g - f;
				p->phase = key[perm[f]];
			}
			f = g;
		}
	}
	*n = nk;
	*ng = t.ng;
	free(buf);
	free(rrank);
	free(key);
	free(perm);
	free(cell);
	codes_tally_free(&t);
	return k;
}

void codes_knelpunten_free(struct codes_knelpunt *k, size_t n)
{
	size_t i;

	if (!k)
		return;
	for (i = 0; i < n; i++)
		free(k[i].role_list);
	free(k);
}

/* One co-occurrence: a pair of codes (by text rank) in a unit of some interview (by text
 * rank). */
struct occ {
	uint64_t pair;
	uint32_t interview;
};

static int by_occ(const void *a, const void *b, void *ctx)
{
	const struct occ *x = a, *y = b;

	if (x->pair != y->pair)
		return x->pair < y->pair ? -1 : 1;
	return x->interview < y->interview ? -1 : x->interview > y->interview;
}

/* The context of the order of pairs. */
struct pair_ctx {
	const struct codes_rank *r;
	const uint32_t *rank;
};

static int by_pair(const void *pa, const void *pb, void *ctx)
{
	const struct pair_ctx *c = ctx;
	const struct codes_pair *x = pa, *y = pb;
	int sx = codes_small(x->nint, c->r->min_n), sy = codes_small(y->nint, c->r->min_n);

	if (!c->r->by_code && sx != sy)
		return sx - sy;
	if (!c->r->by_code && !sx) {
		if (x->n != y->n)
			return x->n > y->n ? -1 : 1;
		if (x->jaccard != y->jaccard)
			return x->jaccard > y->jaccard ? -1 : 1;
	}
	if (x->a != y->a)
		return c->rank[x->a] < c->rank[y->a] ? -1 : 1;
	return c->rank[x->b] < c->rank[y->b] ? -1 : c->rank[x->b] > c->rank[y->b];
}

void codes_cooc(const struct codes *c, int by_segment, const struct codes_rank *r,
		struct codes_cooc *out)
{
	struct codes_units u;
	size_t n = c->n, nc = codes_count(c, CODES_CODE), i, j, start;
	size_t nocc = 0, occcap = 0, paircap = 0;
	uint32_t *perm = xmalloc((n ? n : 1) * sizeof *perm);
	uint32_t *rank = xmalloc((nc + 1) * sizeof *rank);
	uint32_t *in_unit = xmalloc((nc + 1) * sizeof *in_unit);
	uint32_t *names = xmalloc((nc + 1) * sizeof *names);
	uint32_t *irank = xmalloc((codes_count(c, CODES_INTERVIEW) + 1) * sizeof *irank);
	uint32_t *inames = codes_order(c, CODES_INTERVIEW, irank);
	struct pair_ctx ctx = { r, rank };
	struct occ *occ = NULL;

	memset(out, 0, sizeof *out);
	out->units = xcalloc(nc + 1, sizeof *out->units);
	free(codes_order(c, CODES_CODE, rank));
	codes_units(c, by_segment, &u);
	for (i = 0; i < n; i++)
		perm[i] = (uint32_t)i;
	codes_sort_col(c, perm, n, CODES_CODE);
	codes_isort(perm, n, u.of_row, u.n);
	/* Each unit is a run of rows sorted by code: its distinct codes, then every pair. */
	for (start = 0; start < n; start = i) {
		uint32_t unit = u.of_row[perm[start]];
		size_t k = 0, a, b;

		for (i = start; i < n && u.of_row[perm[i]] == unit; i++) {
			uint32_t code = c->row[perm[i]].id[CODES_CODE];
			if (k == 0 || in_unit[k - 1] != code)
				in_unit[k++] = code;
		}
		for (a = 0; a < k; a++)
			out->units[in_unit[a]]++;
		xgrow(&occ, &occcap, nocc + k * (k - 1) / 2 + 1, sizeof *occ);
		for (a = 0; a < k; a++)
			for (b = a + 1; b < k; b++) {
				uint32_t ra = rank[in_unit[a]], rb = rank[in_unit[b]];
				occ[nocc].pair = ra < rb ? (uint64_t)ra << 32 | rb
							 : (uint64_t)rb << 32 | ra;
				occ[nocc++].interview = irank[u.interview[unit]];
			}
	}
	sort_r(occ, nocc, sizeof *occ, by_occ, NULL);
	/* The code id of each rank, to turn pairs of ranks back into codes. */
	for (i = 0; i < nc; i++)
		names[rank[i]] = (uint32_t)i;
	out->iv = xmalloc((nocc ? nocc : 1) * sizeof *out->iv);
	for (i = 0; i < nocc; i++)
		out->iv[i] = inames[occ[i].interview];
	for (i = 0; i < nocc; i = j) {
		struct codes_pair *p;
		size_t k;

		for (j = i; j < nocc && occ[j].pair == occ[i].pair; j++)
			;
		xgrow(&out->pair, &paircap, out->n + 1, sizeof *out->pair);
		p = &out->pair[out->n++];
		p->a = names[occ[i].pair >> 32];
		p->b = names[occ[i].pair & 0xffffffffu];
		p->n = (long)(j - i);
		p->nint = 1;
		for (k = i + 1; k < j; k++)
			p->nint += occ[k].interview != occ[k - 1].interview;
		p->first = i;
		p->last = j;
		p->jaccard = (double)p->n / (double)(out->units[p->a] + out->units[p->b] - p->n);
	}
	sort_r(out->pair, out->n, sizeof *out->pair, by_pair, &ctx);
	free(occ);
	free(inames);
	free(irank);
	free(names);
	free(in_unit);
	free(rank);
	free(perm);
	codes_units_free(&u);
}

void codes_cooc_free(struct codes_cooc *co)
{
	free(co->pair);
	free(co->units);
	free(co->iv);
	memset(co, 0, sizeof *co);
}
