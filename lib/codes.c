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
#include "strtab.h"

/* The header names of the columns, in the order of enum codes_col and then polarity and
 * weight. */
static const char *const colname[CODES_ALLCOLS] = {
	"interview", "code", "role", "city", "chain", "phase", "segment", "coder", "quote",
	"polarity", "weight",
};

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
	csvw_str(c->rej, "reason");
	for (i = 0; i < hdr->n; i++)
		csvw_field(c->rej, hdr->f[i], hdr->len[i]);
	csvw_end(c->rej);
}

/* An unusable row goes to the rejects file, or ends the run with its place and reason. */
static void reject(struct codes *c, const char *file, const struct csv_row *row,
		   const char *why, int col, const char *val, size_t vlen)
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
				cr->id[i] = strtab_intern(c->tab[i], row->f[col[i]],
							  row->len[col[i]]);
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
		const char *s = strtab_str(old, (uint32_t)i), *end = s + strtab_len(old, (uint32_t)i);
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
