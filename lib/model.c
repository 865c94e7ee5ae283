/* model: the chain model (stages, klantreis phases, norms), built in or from a file.
 *
 * A model file is keten CSV whose rows each say what they describe in the column `kind`:
 * `stage` rows (stage, phase, order, label, terminal), `norm` rows (from, to, limit, unit,
 * where, source) and optional `phase` rows (phase, order, label) that fix the order of the
 * klantreis phases, so that a phase without case data (preventie) can still be a column.
 * Without phase rows the phases follow the stages (keten-model(1), Model files). */
#include "model.h"

#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "expr.h"
#include "i18n.h"
#include "sort.h"

/* The built-in model: the municipal chain under the Wgs (keten-model(7)). */
/* clang-format off */
static const struct {
	const char *name, *phase, *label;
	int terminal;
} builtin_stages[] = {
	{ "signaal", "signalering", "Vroegsignalering", 0 },
	{ "informeel", "toeleiding", "Informele hulp", 0 },
	{ "doorverwijzing", "toeleiding", "Doorverwijzing", 0 },
	{ "aanmelding", "toegang", "Aanmelding", 0 },
	{ "eerste_gesprek", "toegang", "Eerste gesprek", 0 },
	{ "intake", "toegang", "Intake", 0 },
	{ "beschikking", "toegang", "Beschikking", 0 },
	{ "stabilisatie", "stabilisatie", "Stabilisatie", 0 },
	{ "schuldregeling", "oplossing", "Schuldregeling", 0 },
	{ "wsnp", "oplossing", "Wsnp", 0 },
	{ "begeleiding", "oplossing", "Begeleiding", 0 },
	{ "nazorg", "nazorg", "Nazorg", 0 },
	{ "uitstroom", "uitstroom", "Uitstroom", 1 },
};
/* clang-format on */

/* clang-format off */
static const char *const builtin_phases[][2] = {
	{ "preventie", "Preventie" },
	{ "signalering", "Signalering" },
	{ "toeleiding", "Toeleiding" },
	{ "toegang", "Toegang" },
	{ "stabilisatie", "Stabilisatie" },
	{ "oplossing", "Oplossing" },
	{ "nazorg", "Nazorg" },
	{ "uitstroom", "Uitstroom" },
};
/* clang-format on */

/* clang-format off */
static const struct {
	const char *from, *to;
	int limit, workdays;
	const char *where, *source;
} builtin_norms[] = {
	{ "aanmelding", "eerste_gesprek", 28, 0, "", "Wgs art. 4 lid 1" },
	{ "aanmelding", "eerste_gesprek", 3, 1, "urgent=1", "Wgs art. 4 lid 2" },
	{ "eerste_gesprek", "beschikking", 56, 0, "", "Wgs art. 4a" },
};
/* clang-format on */

#define N(a) (sizeof(a) / sizeof *(a))

/* The header of a model file, in the order keten model writes it. */
static const char model_columns[] =
	"kind,stage,phase,order,label,terminal,from,to,limit,unit,where,source";

const char *model_stage_name_bad(const char *name, size_t n)
{
	if (n == 0)
		return "empty";
	if (memchr(name, ',', n) || memchr(name, '>', n))
		return "a ',' or '>' in it";
	if (memchr(name, '\0', n))
		return "a NUL byte in it";
	return NULL;
}

/* The model of -M infer is handed around as const before its stages are known, as every
 * model is; learning them writes into it.  model_get allocated it and did not define it
 * const, so writing through the pointer is defined. */
static struct model *writable(const struct model *m)
{
	return (struct model *)m;
}

struct model *model_learning(const struct model *m)
{
	return m->learning ? writable(m) : NULL;
}

/* Adds stage name (n bytes) to the learning model m: order 0 until model_infer orders
 * the stages, so that events of one moment stay in input order meanwhile. */
static int learn(struct model *m, const char *name, size_t n)
{
	struct stage *s;

	if (model_stage_name_bad(name, n) || m->nstages >= MODEL_MAX_STAGES)
		return -1;
	/* The room doubles at powers of two: no capacity to keep beside the count. */
	if (m->nstages < 8 ? m->nstages == 0 : (m->nstages & (m->nstages - 1)) == 0)
		m->stages = xreallocarray(m->stages, m->nstages < 8 ? 8 : 2 * m->nstages,
					  sizeof *m->stages);
	s = &m->stages[m->nstages];
	memset(s, 0, sizeof *s);
	s->name = xstrndup(name, n);
	s->phase = xstrdup(m->phases[0]);
	s->label = xstrndup(name, n);
	s->phase_idx = 0;
	return (int)m->nstages++;
}

int model_stage(const struct model *m, const char *name, size_t n)
{
	size_t i;

	/* Compared by length first: name need not end in a NUL and may hold one. */
	for (i = 0; i < m->nstages; i++)
		if (strlen(m->stages[i].name) == n && memcmp(m->stages[i].name, name, n) == 0)
			return (int)i;
	return m->learning ? learn(writable(m), name, n) : -1;
}

int model_phase(const struct model *m, const char *name)
{
	size_t i;

	for (i = 0; i < m->nphases; i++)
		if (strcmp(m->phases[i], name) == 0)
			return (int)i;
	return -1;
}

static void add_phase(struct model *m, size_t *cap, const char *name, const char *label)
{
	xgrow(&m->phases, cap, m->nphases + 1, sizeof *m->phases);
	m->phases[m->nphases] = xstrdup(name);
	m->phase_labels = xreallocarray(m->phase_labels, m->nphases + 1, sizeof *m->phase_labels);
	m->phase_labels[m->nphases] = xstrdup(label);
	m->nphases++;
}

/* Links each stage to its phase, adding phases in stage order when the model names none. */
static int link_phases(struct model *m, size_t *pcap, int derive)
{
	size_t i;

	for (i = 0; i < m->nstages; i++) {
		int p = model_phase(m, m->stages[i].phase);
		if (p < 0) {
			if (!derive)
				return (int)i + 1;
			add_phase(m, pcap, m->stages[i].phase, m->stages[i].phase);
			p = (int)m->nphases - 1;
		}
		m->stages[i].phase_idx = p;
	}
	return 0;
}

const char *model_label(const struct model *m)
{
	return m->builtin ? _("built-in") : m->name;
}

struct model *model_builtin(void)
{
	struct model *m = xcalloc(1, sizeof *m);
	size_t i, pcap = 0;

	m->name = xstrdup("built-in");
	m->builtin = 1;
	m->nstages = N(builtin_stages);
	m->stages = xcalloc(m->nstages, sizeof *m->stages);
	for (i = 0; i < m->nstages; i++) {
		m->stages[i].name = xstrdup(builtin_stages[i].name);
		m->stages[i].phase = xstrdup(builtin_stages[i].phase);
		m->stages[i].label = xstrdup(builtin_stages[i].label);
		m->stages[i].order = (int)i + 1;
		m->stages[i].terminal = builtin_stages[i].terminal;
	}
	for (i = 0; i < N(builtin_phases); i++)
		add_phase(m, &pcap, builtin_phases[i][0], builtin_phases[i][1]);
	link_phases(m, &pcap, 0);
	m->nnorms = N(builtin_norms);
	m->norms = xcalloc(m->nnorms, sizeof *m->norms);
	for (i = 0; i < m->nnorms; i++) {
		struct norm *n = &m->norms[i];
		char *err = NULL;

		n->from = model_stage(m, builtin_norms[i].from, strlen(builtin_norms[i].from));
		n->to = model_stage(m, builtin_norms[i].to, strlen(builtin_norms[i].to));
		n->limit = builtin_norms[i].limit;
		n->workdays = builtin_norms[i].workdays;
		n->where = xstrdup(builtin_norms[i].where);
		n->source = xstrdup(builtin_norms[i].source);
		if (*n->where && !(n->cond = expr_parse(n->where, &err)))
			die("built-in model: %s", err);
	}
	return m;
}

/* One row of a model file, kept until every stage is known. */
struct mrow {
	long line;
	char *v[12];
};

enum {
	K_KIND,
	K_STAGE,
	K_PHASE,
	K_ORDER,
	K_LABEL,
	K_TERMINAL,
	K_FROM,
	K_TO,
	K_LIMIT,
	K_UNIT,
	K_WHERE,
	K_SOURCE
};

static int parse_count(const char *s, int *out)
{
	long v = 0;

	if (!*s)
		return -1;
	for (; *s; s++) {
		if (*s < '0' || *s > '9' || v > 100000000)
			return -1;
		v = v * 10 + (*s - '0');
	}
	*out = (int)v;
	return 0;
}

static int cmp_order(const void *a, const void *b, void *ctx)
{
	const struct stage *x = a, *y = b;

	(void)ctx;
	return (x->order > y->order) - (x->order < y->order);
}

/* A phase row of a model file, kept until the stages are known. */
struct phase_row {
	char *name, *label;
	int order;
	long line;
};

static int cmp_phase(const void *a, const void *b, void *ctx)
{
	const struct phase_row *x = a, *y = b;

	(void)ctx;
	return (x->order > y->order) - (x->order < y->order);
}

struct model *model_load(const char *path)
{
	static const char *const names[12] = { "kind",  "stage",    "phase", "order",
					       "label", "terminal", "from",  "to",
					       "limit", "unit",     "where", "source" };
	struct csvr *r = csvr_open(path, 0);
	const char *file = csvr_name(r);
	const struct csv_row *row;
	struct mrow *rows = NULL;
	size_t nrows = 0, rcap = 0, i, j, scap = 0, pcap = 0, ncap = 0;
	int col[12], bad;
	struct model *m = xcalloc(1, sizeof *m);
	struct phase_row *ph = NULL;
	size_t nph = 0, phcap = 0;

	col[K_KIND] = csvr_need(r, "kind");
	for (i = 1; i < 12; i++)
		col[i] = csvr_col(r, names[i]);
	while ((row = csvr_next(r))) {
		xgrow(&rows, &rcap, nrows + 1, sizeof *rows);
		rows[nrows].line = row->line;
		for (i = 0; i < 12; i++)
			rows[nrows].v[i] = xstrdup(col[i] >= 0 ? row->f[col[i]] : "");
		nrows++;
	}
	m->name = xstrdup(file);

	/* Stages and phases first, so that norms can name any stage of the file. */
	for (i = 0; i < nrows; i++) {
		char **v = rows[i].v;
		long ln = rows[i].line;

		if (strcmp(v[K_KIND], "stage") == 0) {
			struct stage *s;

			if (!*v[K_STAGE])
				die_at(file, ln, "stage row without a stage name");
			if (model_stage_name_bad(v[K_STAGE], strlen(v[K_STAGE])))
				die_at(file, ln, "column 'stage': not a stage name: '%s'",
				       v[K_STAGE]);
			if (model_stage(m, v[K_STAGE], strlen(v[K_STAGE])) >= 0)
				die_at(file, ln, "stage '%s' defined twice", v[K_STAGE]);
			if (!*v[K_PHASE])
				die_at(file, ln, "stage '%s' has no phase", v[K_STAGE]);
			xgrow(&m->stages, &scap, m->nstages + 1, sizeof *m->stages);
			s = &m->stages[m->nstages];
			memset(s, 0, sizeof *s);
			if (parse_count(v[K_ORDER], &s->order) != 0)
				die_at(file, ln, "column 'order': not a whole number: '%s'",
				       v[K_ORDER]);
			for (j = 0; j < m->nstages; j++)
				if (m->stages[j].order == s->order)
					die_at(file, ln,
					       "column 'order': %d is also the order of stage '%s'",
					       s->order, m->stages[j].name);
			if (strcmp(v[K_TERMINAL], "1") == 0)
				s->terminal = 1;
			else if (*v[K_TERMINAL] && strcmp(v[K_TERMINAL], "0") != 0)
				die_at(file, ln, "column 'terminal': not 0 or 1: '%s'",
				       v[K_TERMINAL]);
			s->name = xstrdup(v[K_STAGE]);
			s->phase = xstrdup(v[K_PHASE]);
			s->label = xstrdup(*v[K_LABEL] ? v[K_LABEL] : v[K_STAGE]);
			m->nstages++;
		} else if (strcmp(v[K_KIND], "phase") == 0) {
			if (!*v[K_PHASE])
				die_at(file, ln, "phase row without a phase name");
			for (j = 0; j < nph; j++)
				if (strcmp(ph[j].name, v[K_PHASE]) == 0)
					die_at(file, ln, "phase '%s' defined twice", v[K_PHASE]);
			xgrow(&ph, &phcap, nph + 1, sizeof *ph);
			if (parse_count(v[K_ORDER], &ph[nph].order) != 0)
				die_at(file, ln, "column 'order': not a whole number: '%s'",
				       v[K_ORDER]);
			ph[nph].name = v[K_PHASE];
			ph[nph].label = *v[K_LABEL] ? v[K_LABEL] : v[K_PHASE];
			ph[nph].line = ln;
			nph++;
		} else if (strcmp(v[K_KIND], "norm") != 0) {
			die_at(file, ln, "column 'kind': not stage, phase or norm: '%s'",
			       v[K_KIND]);
		}
	}
	if (m->nstages == 0)
		die("%s: the model has no stages", file);
	sort_r(m->stages, m->nstages, sizeof *m->stages, cmp_order, NULL);
	/* Phases of one order stay in the order of the file: the sort is stable. */
	sort_r(ph, nph, sizeof *ph, cmp_phase, NULL);
	for (i = 0; i < nph; i++)
		add_phase(m, &pcap, ph[i].name, ph[i].label);
	bad = link_phases(m, &pcap, nph == 0);
	if (bad)
		die("%s: stage '%s' has phase '%s', which no phase row defines", file,
		    m->stages[bad - 1].name, m->stages[bad - 1].phase);

	for (i = 0; i < nrows; i++) {
		char **v = rows[i].v;
		long ln = rows[i].line;
		struct norm *n;
		char *err = NULL;

		if (strcmp(v[K_KIND], "norm") != 0)
			continue;
		xgrow(&m->norms, &ncap, m->nnorms + 1, sizeof *m->norms);
		n = &m->norms[m->nnorms];
		memset(n, 0, sizeof *n);
		n->from = model_stage(m, v[K_FROM], strlen(v[K_FROM]));
		if (n->from < 0)
			die_at(file, ln, "column 'from': not a stage of the model: '%s'",
			       v[K_FROM]);
		n->to = model_stage(m, v[K_TO], strlen(v[K_TO]));
		if (n->to < 0)
			die_at(file, ln, "column 'to': not a stage of the model: '%s'", v[K_TO]);
		if (n->to <= n->from)
			die_at(file, ln, "norm from '%s' to '%s' runs against the stage order",
			       v[K_FROM], v[K_TO]);
		if (parse_count(v[K_LIMIT], &n->limit) != 0 || n->limit == 0)
			die_at(file, ln, "column 'limit': not a positive whole number: '%s'",
			       v[K_LIMIT]);
		if (strcmp(v[K_UNIT], "workdays") == 0)
			n->workdays = 1;
		else if (strcmp(v[K_UNIT], "days") != 0)
			die_at(file, ln, "column 'unit': not days or workdays: '%s'", v[K_UNIT]);
		n->where = xstrdup(v[K_WHERE]);
		n->source = xstrdup(v[K_SOURCE]);
		m->nnorms++;
		if (*n->where && !(n->cond = expr_parse(n->where, &err))) {
			warn_at(file, ln, "column 'where': %s", err);
			free(err);
			exit(EXIT_DATA);
		}
	}

	for (i = 0; i < nrows; i++)
		for (j = 0; j < 12; j++)
			free(rows[i].v[j]);
	free(rows);
	free(ph);
	csvr_close(r);
	return m;
}

int model_is_infer(const char *path)
{
	return path && strcmp(path, MODEL_INFER) == 0;
}

/* The model of -M infer before its events are read: no stages, and the one phase
 * `keten`.  An event log does not say which stages make up a phase; one phase for the
 * whole chain is what can be said, and it is known before the events are, so that the
 * phases of codes tables can be checked against it (keten-model(1), "Inferred models"). */
static struct model *model_infer_new(void)
{
	struct model *m = xcalloc(1, sizeof *m);
	size_t pcap = 0;

	m->name = xstrdup("inferred");
	add_phase(m, &pcap, "keten", "Keten");
	m->learning = 1;
	return m;
}

struct model *model_get(const char *path)
{
	if (!path)
		return model_builtin();
	return model_is_infer(path) ? model_infer_new() : model_load(path);
}

/* A stage's place in one case: the j-th of the case's d distinct stages in the order of
 * their first events, j / (d - 1), 0 in a case of one stage; kept as a fraction, so that
 * medians compare exactly. */
struct place {
	uint32_t num, den;
};

static int place_cmp(const struct place *a, const struct place *b)
{
	/* A place's terms are below MODEL_MAX_STAGES, a median's below twice its square,
	 * 2^31: the cross products fit in 64 bits. */
	uint64_t x = (uint64_t)a->num * b->den, y = (uint64_t)b->num * a->den;

	return (x > y) - (x < y);
}

static int cmp_place(const void *a, const void *b, void *ctx)
{
	(void)ctx;
	return place_cmp(a, b);
}

/* Orders the learnt stages by their median place; a stage without events goes last. */
static int cmp_median(const void *a, const void *b, void *ctx)
{
	const struct place *med = ctx;
	const struct place *x = &med[*(const uint16_t *)a], *y = &med[*(const uint16_t *)b];

	if (!x->den || !y->den)
		return (!x->den) - (!y->den);
	return place_cmp(x, y);
}

void model_infer(struct model *m, const uint16_t *stage, const size_t *start, size_t ncases,
		 uint16_t *map)
{
	size_t ns = m->nstages, c, i, k, total = 0;
	size_t *count = xcalloc(ns + 1, sizeof *count), *at;
	size_t *mark = xcalloc(ns ? ns : 1, sizeof *mark);
	uint16_t *seq = xmalloc((ns ? ns : 1) * sizeof *seq);
	uint16_t *idx = xmalloc((ns ? ns : 1) * sizeof *idx);
	uint8_t *left = xcalloc(ns ? ns : 1, 1);
	struct place *all, *med = xcalloc(ns ? ns : 1, sizeof *med);
	struct stage *st = xmalloc((ns ? ns : 1) * sizeof *st);

	/* The places of each stage, bucketed by stage: first counted, then filled.  A stage
	 * is left when another stage follows it directly in some case. */
	for (c = 0; c < ncases; c++)
		for (i = start[c]; i < start[c + 1]; i++) {
			if (mark[stage[i]] != c + 1) {
				mark[stage[i]] = c + 1;
				count[stage[i] + 1]++;
				total++;
			}
			if (i + 1 < start[c + 1] && stage[i + 1] != stage[i])
				left[stage[i]] = 1;
		}
	for (k = 0; k < ns; k++)
		count[k + 1] += count[k];
	at = xmalloc((ns ? ns : 1) * sizeof *at);
	memcpy(at, count, (ns ? ns : 1) * sizeof *at);
	all = xmalloc((total ? total : 1) * sizeof *all);
	memset(mark, 0, (ns ? ns : 1) * sizeof *mark);
	for (c = 0; c < ncases; c++) {
		size_t d = 0;

		for (i = start[c]; i < start[c + 1]; i++)
			if (mark[stage[i]] != c + 1) {
				mark[stage[i]] = c + 1;
				seq[d++] = stage[i];
			}
		for (k = 0; k < d; k++)
			all[at[seq[k]]++] = (struct place){ (uint32_t)(d > 1 ? k : 0),
							    (uint32_t)(d > 1 ? d - 1 : 1) };
	}

	/* The median of each stage's places: the middle one, or the mean of the middle two. */
	for (k = 0; k < ns; k++) {
		struct place *p = all + count[k];
		size_t n = count[k + 1] - count[k];

		if (n == 0)
			continue;
		sort_r(p, n, sizeof *p, cmp_place, NULL);
		if (n % 2)
			med[k] = p[n / 2];
		else
			med[k] = (struct place){ p[n / 2 - 1].num * p[n / 2].den +
							 p[n / 2].num * p[n / 2 - 1].den,
						 2 * p[n / 2 - 1].den * p[n / 2].den };
	}

	/* Stages of one median keep the order they were learnt in, their first appearance in
	 * the input: the sort is stable. */
	for (k = 0; k < ns; k++)
		idx[k] = (uint16_t)k;
	sort_r(idx, ns, sizeof *idx, cmp_median, med);
	for (k = 0; k < ns; k++) {
		st[k] = m->stages[idx[k]];
		st[k].order = (int)(10 * (k + 1));
		/* A stage is terminal when it ends cases and is never left; one without events
		 * ends none. */
		st[k].terminal = !left[idx[k]] && med[idx[k]].den != 0;
		map[idx[k]] = (uint16_t)k;
	}
	if (ns)
		memcpy(m->stages, st, ns * sizeof *st);
	m->learning = 0;
	m->inferred = 1;

	free(st);
	free(med);
	free(all);
	free(at);
	free(left);
	free(idx);
	free(seq);
	free(mark);
	free(count);
}

void model_write(const struct model *m, struct csvw *w)
{
	size_t i, j;

	csvw_names(w, model_columns);
	for (i = 0; i < m->nphases; i++) {
		csvw_str(w, "phase");
		csvw_empty(w);
		csvw_str(w, m->phases[i]);
		csvw_int(w, (long long)i + 1);
		csvw_str(w, m->phase_labels[i]);
		for (j = 0; j < 7; j++)
			csvw_empty(w);
		csvw_end(w);
	}
	for (i = 0; i < m->nstages; i++) {
		const struct stage *s = &m->stages[i];

		csvw_str(w, "stage");
		csvw_str(w, s->name);
		csvw_str(w, s->phase);
		csvw_int(w, s->order);
		csvw_str(w, s->label);
		csvw_int(w, s->terminal);
		for (j = 0; j < 6; j++)
			csvw_empty(w);
		csvw_end(w);
	}
	for (i = 0; i < m->nnorms; i++) {
		const struct norm *n = &m->norms[i];

		csvw_str(w, "norm");
		for (j = 0; j < 5; j++)
			csvw_empty(w);
		csvw_str(w, m->stages[n->from].name);
		csvw_str(w, m->stages[n->to].name);
		csvw_int(w, n->limit);
		csvw_str(w, n->workdays ? "workdays" : "days");
		csvw_str(w, n->where);
		csvw_str(w, n->source);
		csvw_end(w);
	}
}

void model_free(struct model *m)
{
	size_t i;

	if (!m)
		return;
	for (i = 0; i < m->nstages; i++) {
		free(m->stages[i].name);
		free(m->stages[i].phase);
		free(m->stages[i].label);
	}
	for (i = 0; i < m->nphases; i++) {
		free(m->phases[i]);
		free(m->phase_labels[i]);
	}
	for (i = 0; i < m->nnorms; i++) {
		free(m->norms[i].where);
		free(m->norms[i].source);
		expr_free(m->norms[i].cond);
	}
	free(m->stages);
	free(m->phases);
	free(m->phase_labels);
	free(m->norms);
	free(m->name);
	free(m);
}
