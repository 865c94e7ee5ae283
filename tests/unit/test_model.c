/* Unit tests of the inferred model of lib/model.c where the command line cannot look: the
 * learning model's answers to model_stage, a learnt stage without events, medians that
 * are equal as fractions but not as doubles, and the event loader's renumbering of stages
 * and its order of ties once the model is finished.  Expected values are worked out by
 * hand in the comments. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "events.h"
#include "harness.h"
#include "model.h"

static int stage(const struct model *m, const char *name)
{
	return model_stage(m, name, strlen(name));
}

static void test_learning(void)
{
	struct model *m = model_get(MODEL_INFER);
	uint16_t ev[] = { 0, 2 }, map[3];
	size_t start[] = { 0, 2 };

	check(m->learning && !m->inferred && m->nstages == 0 && m->nphases == 1 &&
		      strcmp(m->phases[0], "keten") == 0 && model_learning(m) == m,
	      "learning: no stages, the one phase keten");
	check(stage(m, "A") == 0 && stage(m, "B") == 1 && stage(m, "A") == 0 &&
		      stage(m, "C") == 2 && m->nstages == 3,
	      "learning: a new name is added, a known one found");
	check(stage(m, "") == -1 && stage(m, "a,b") == -1 && stage(m, "a>b") == -1 &&
		      model_stage(m, "a\0b", 3) == -1 && m->nstages == 3,
	      "learning: the names a model cannot hold are none");
	check(strcmp(m->stages[2].phase, "keten") == 0 && m->stages[2].phase_idx == 0 &&
		      strcmp(m->stages[2].label, "C") == 0 && m->stages[2].order == 0 &&
		      !m->stages[2].terminal,
	      "learning: a learnt stage is in phase keten, labelled by its name, order 0");

	/* One case A, C: A has the place 0, C 1; B has no events and goes last. */
	model_infer(m, ev, start, 1, map);
	check(map[0] == 0 && map[2] == 1 && map[1] == 2 && strcmp(m->stages[2].name, "B") == 0 &&
		      !m->stages[2].terminal && m->stages[1].terminal && !m->stages[0].terminal,
	      "infer: a stage without events goes last and ends no case");
	check(m->stages[0].order == 10 && m->stages[1].order == 20 && m->stages[2].order == 30,
	      "infer: orders 10, 20, 30");
	check(!m->learning && m->inferred && model_learning(m) == NULL && stage(m, "D") == -1 &&
		      stage(m, "C") == 1,
	      "infer: finished, the model takes no new stage");
	model_free(m);
	m = model_builtin();
	check(model_learning(m) == NULL && !m->inferred && stage(m, "D") == -1,
	      "the built-in model is never learning, and knows no new stage");
	model_free(m);
}

/* X has the places 1/10 and 2/10, so the median 3/20; Y the one place 3/20.  In doubles
 * (0.1 + 0.2) / 2 is above 0.15 and Y would come first; as fractions they are equal and X,
 * learnt first, comes first. */
static void test_exact_median(void)
{
	struct model *m = model_get(MODEL_INFER);
	uint16_t ev[11 + 11 + 21], map[22];
	size_t start[4], n = 0, i;
	char name[8];

	stage(m, "X");
	stage(m, "Y");
	for (i = 0; i < 20; i++) {
		snprintf(name, sizeof name, "F%zu", i);
		stage(m, name);
	}
	/* Case 0: F0 X F1 .. F9 (X the 2nd of 11); case 1: F0 F1 X F2 .. F9 (the 3rd of 11);
	 * case 2: F0 F1 F2 Y F3 .. F19 (Y the 4th of 21). */
	start[0] = n;
	ev[n++] = 2;
	ev[n++] = 0;
	for (i = 1; i < 10; i++)
		ev[n++] = (uint16_t)(2 + i);
	start[1] = n;
	ev[n++] = 2;
	ev[n++] = 3;
	ev[n++] = 0;
	for (i = 2; i < 10; i++)
		ev[n++] = (uint16_t)(2 + i);
	start[2] = n;
	for (i = 0; i < 3; i++)
		ev[n++] = (uint16_t)(2 + i);
	ev[n++] = 1;
	for (i = 3; i < 20; i++)
		ev[n++] = (uint16_t)(2 + i);
	start[3] = n;
	model_infer(m, ev, start, 3, map);
	check(map[0] + 1 == map[1],
	      "infer: medians equal as fractions are ordered by first appearance");
	model_free(m);
}

/* The loader with -M infer: events of one moment in input order while the model learns,
 * then in the order of the finished model, as with a model file. */
static void test_load(void)
{
	char path[] = "/tmp/keten-test-model.XXXXXX";
	int fd = mkstemp(path);
	FILE *fp = fdopen(fd, "w");
	struct model *m = model_get(MODEL_INFER);
	struct evopts eo = { 0 };
	struct evlog *l;
	int ok = 1;
	size_t i;

	/* Learnt in the order A, C, B.  Case 1 has C and B on one day, C first in the input:
	 * places A 0, C 1/2, B 1; cases 2 and 3 A 0, B 1/2, C 1.  Medians: A 0, B 1/2, C 1,
	 * so the order A, B, C, and in case 1 B now comes before C.  Every stage is left
	 * (C by B in case 1, at the same moment, in input order): none is terminal. */
	fprintf(fp, "case,stage,date\n1,A,2024-01-01\n1,C,2024-01-02\n1,B,2024-01-02\n"
		    "2,A,2024-01-01\n2,B,2024-01-02\n2,C,2024-01-03\n"
		    "3,A,2024-01-01\n3,B,2024-01-02\n3,C,2024-01-03\n");
	fclose(fp);
	eo.m = m;
	l = evlog_load(path, &eo);
	check(m->nstages == 3 && !m->learning && m->inferred &&
		      strcmp(m->stages[0].name, "A") == 0 && strcmp(m->stages[1].name, "B") == 0 &&
		      strcmp(m->stages[2].name, "C") == 0 && !m->stages[0].terminal &&
		      !m->stages[1].terminal && !m->stages[2].terminal,
	      "load: the stages in the inferred order, none terminal");
	for (i = 0; i < l->n; i++)
		ok &= l->ev[i].stage == i % 3;
	check(ok && l->n == 9 && l->ncases == 3,
	      "load: events renumbered, the tie of case 1 in the finished order");
	evlog_free(l);
	model_free(m);
	unlink(path);
}

int main(void)
{
	test_learning();
	test_exact_median();
	test_load();
	return failed;
}
