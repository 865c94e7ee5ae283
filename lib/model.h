/* model: the chain model (stages, klantreis phases, norms), built in or from a file. */
#ifndef KETEN_MODEL_H
#define KETEN_MODEL_H

#include <stddef.h>

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
	struct stage *stages; /* in model order */
	size_t nstages;
	char **phases; /* klantreis phases in order */
	char **phase_labels;
	size_t nphases;
	struct norm *norms;
	size_t nnorms;
};

/* The built-in Wgs model of keten-model(7). */
struct model *model_builtin(void);
/* Loads and validates a model file; errors name the file, line and value. */
struct model *model_load(const char *path);
/* model_load(path), or the built-in model when path is NULL. */
struct model *model_get(const char *path);
/* The index of stage name (n bytes), or -1. */
int model_stage(const struct model *m, const char *name, size_t n);
/* The index of phase name, or -1. */
int model_phase(const struct model *m, const char *name);
/* Writes m as a model file. */
void model_write(const struct model *m, struct csvw *w);
void model_free(struct model *m);

#endif
