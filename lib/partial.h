/* partial: the partial results of --partial and their merging by keten merge
 * (keten-merge(1); keten(5), "Partial results").  A partial holds what a command's table
 * is computed from, as exact counts per value, and no case: partials of disjoint sets of
 * whole cases add up to the partial of their union, from which the table is computed by
 * the same functions the command uses. */
#ifndef KETEN_PARTIAL_H
#define KETEN_PARTIAL_H

#include <stddef.h>

#include "bottleneck.h"
#include "codes.h"
#include "csvio.h"
#include "dwell.h"
#include "events.h"
#include "journey.h"
#include "opt.h"
#include "waits.h"

/* The rows of kind meta: the command, the keten version, the options as written, in
 * order.  Every key but "asof" must be the same in partials that merge. */
struct partial_meta {
	char **key, **value;
	size_t n, cap;
};

/* Starts pm with the command, the version and the shared options of s that the command
 * takes: each one given (or with a default) as written, --unit always; --output, --partial
 * and --min-n (which merge applies) left out. */
void partial_meta_init(struct partial_meta *pm, const char *command, const struct opt_set *s);
/* Adds a key (an own option "--between", or "asof") and its value. */
void partial_meta_add(struct partial_meta *pm, const char *key, const char *value);
void partial_meta_free(struct partial_meta *pm);

/* Writes the partial of keten waits on l under s: the meta rows of pm, the as-of date,
 * then per group, pair, norm and status the waits as counts per value (done and dropped:
 * the wait in s->unit; waiting: the time it began, since merge censors it). */
void partial_waits(const struct evlog *l, const struct waitspec *s, const struct partial_meta *pm,
		   struct csvw *w);

/* Writes the partial of keten flow (the moves of --count cases) on l under s: the meta
 * rows of pm, then per group the distinct cases at each stage (or value) and of each move,
 * and the stays of each move as counts per dwell (open ones: per time they began). */
void partial_flow(const struct evlog *l, const struct dwellspec *s, const struct partial_meta *pm,
		  struct csvw *w);

/* Writes the partial of keten klantreis on l under s: the meta rows of pm, then per group
 * the journeys' counts, the times in each phase of the cases that moved on as counts per
 * value, and the norm waits still waiting as counts per start. */
void partial_klantreis(const struct evlog *l, const struct waitspec *s,
		       const struct partial_meta *pm, struct csvw *w);

/* Writes the partial of keten bottleneck (events) on l under o: the meta rows of pm, the
 * first date of l, whether l has starts, then per group and stage the counts of
 * bottleneck_count (the open stays and the norm waits still waiting per start, since merge
 * judges them at the as-of date of the whole). */
void partial_bottleneck(const struct evlog *l, const struct bottleneck_opts *o,
			const struct partial_meta *pm, struct csvw *w);

/* Writes the partial of keten codes freq on c grouped by column col (-1: none): the meta
 * rows of pm, every value of col and every code, then the counts k of codes_counts_of,
 * the sets of group values numbered within the file.  Interviews must be whole in one
 * part (keten filter --shard on codes hashes the interview): an interview split over two
 * parts would count in both. */
void partial_codes(const struct codes *c, int col, const struct codes_counts *k,
		   const struct partial_meta *pm, struct csvw *w);

/* What keten merge was asked. */
struct partial_merge {
	int partial;     /* write a partial of the union instead of the table */
	long min_n;      /* -k K, when min_n_given */
	int min_n_given; /* otherwise the largest --min-n of the partials */
	/* Adds the days of a --holidays file of the partials to the calendar (the holidays
	 * module, a layer below analysis that lib/partial does not reach). */
	void (*add_holidays)(const char *path);
	/* Writes journeys as keten klantreis -f csv does (journey_csv of the view, which
	 * lib/partial, an analysis, does not reach). */
	void (*write_journeys)(const struct evlog *l, const struct journey *j, size_t nj,
			       enum wait_unit unit, struct csvw *w);
};

/* Reads the partials files[0 .. n - 1], which must come from the same command with the
 * same options (else an error naming two files and the option that differs), and writes
 * what that command writes on the union of their inputs, or with o->partial its partial. */
void partial_merge(char *const *files, size_t n, const struct partial_merge *o, struct csvw *w);

#endif
