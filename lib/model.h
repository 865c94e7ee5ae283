/* model: the chain model (stages, klantreis phases, norms), built in or from a file. */
#ifndef KETEN_MODEL_H
#define KETEN_MODEL_H

#include <stddef.h>
#include <stdint.h>

#include "csvio.h"

struct expr;

struct stage {
	char *name;
	char *phase;
	char *label;
	int order;
	int terminal;
	int phase_idx; /* index into model.phases */
};

struct norm {
	int from, to; /* stage indices */
	int limit;
	int workdays;      /* 1: limit in working days; 0: calendar days */
	char *where;       /* filter expression text, "" for always */
	struct expr *cond; /* parsed where, NULL for always; bind before use */
	char *source;
};

struct model {
	char *name;           /* "built-in" or the file name */
	int builtin;          /* 1: the built-in model (model_builtin) */
	struct stage *stages; /* in model order */
	size_t nstages;
	char **phases; /* klantreis phases in order */
	char **phase_labels;
	size_t nphases;
	struct norm *norms;
	size_t nnorms;
	/* The model of -M infer (model_get("infer")): learning while its events are read,
	 * then inferred from them (keten-model(1), "Inferred models"). */
	int learning; /* no stage is fixed yet: model_stage takes every valid name */
	int inferred; /* the stages were learnt and ordered from events */
};

/* The word that names the inferred model where a model file is asked for (-M infer). */
#define MODEL_INFER "infer"
/* The most stages a model may have: an event keeps its stage in 16 bits. */
#define MODEL_MAX_STAGES 32767

/* The built-in Wgs model of keten-model(7). */
struct model *model_builtin(void);
/* The name of the model as a page shows it: the file name, or "built-in" in the user's
 * language (i18n.h); m->name stays English for CSV and partial results. */
const char *model_label(const struct model *m);
/* Loads and validates a model file; errors name the file, line and value. */
struct model *model_load(const char *path);
/* model_load(path), the built-in model when path is NULL, or when path is MODEL_INFER a
 * model that learns its stages from the events: no stages yet, the one phase `keten`. */
struct model *model_get(const char *path);
/* Whether the -M argument path names the inferred model rather than a file. */
int model_is_infer(const char *path);
/* The index of stage name (n bytes), or -1.  A model that is still learning (-M infer)
 * knows every name a stage may have: a new one is added, with order 0, phase `keten`,
 * the name as its label, not terminal; it returns -1 only for a name no model can hold
 * (model_stage_name_bad) or a stage beyond MODEL_MAX_STAGES. */
int model_stage(const struct model *m, const char *name, size_t n);
/* Why name (n bytes) cannot be a stage of a model (empty; a ',' or '>', which the lists
 * of stages on command lines use; a NUL byte), as a phrase for a message, or NULL. */
const char *model_stage_name_bad(const char *name, size_t n);
/* The model of -M infer while it learns, to be finished by model_infer; NULL for any
 * other model (a file, the built-in one, or an inferred one already finished). */
struct model *model_learning(const struct model *m);
/* Finishes the learning model m from the cases of its events: the stages of case c, in
 * the order of its events (time, ties in input order), are stage[start[c]] ..
 * stage[start[c + 1] - 1], as indexes in the order the stages were learnt (their first
 * appearance in the input).  Orders the stages by their typical place in the cases and
 * marks those that end cases and are never left (keten-model(1), "Inferred models"), in
 * orders 10, 20, 30, ...; sets map[i] to the new index of learnt stage i. */
void model_infer(struct model *m, const uint16_t *stage, const size_t *start, size_t ncases,
		 uint16_t *map);
/* The index of phase name, or -1. */
int model_phase(const struct model *m, const char *name);
/* Writes m as a model file. */
void model_write(const struct model *m, struct csvw *w);
void model_free(struct model *m);

#endif
