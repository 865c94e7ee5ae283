/* monthly: the figures of keten report's month (keten-report(1)): the headline's months
 * (the month, the month before, the same month a year earlier), the trend over the last
 * TREND_MONTHS months, the referral's moves, the month's process map and the what-if run.
 * Each figure comes from the lib call that the command answering the same question makes
 * with --period MONTH, blanked by the same rule (keten(5), "Small cells"); lib/report_view
 * lays them out.  An analysis (HACKING.md, "Layers"): it knows no page. */
#ifndef KETEN_MONTHLY_H
#define KETEN_MONTHLY_H

#include <stddef.h>

#include "bottleneck.h"
#include "dwell.h"
#include "events.h"
#include "journey.h"
#include "model.h"
#include "period.h"
#include "simulate.h"
#include "trend.h"
#include "waits.h"

struct codes;

/* The months the trend charts go back over, the report's month included: a year and the
 * month a year before, which the headline compares with. */
#define TREND_MONTHS 13

/* What the figures are computed from: the log, its model and codes, and the settings of
 * the report that the commands take as options. */
struct monthly {
	const struct evlog *all; /* every event, with its reason and org_type */
	const struct codes *cd;  /* the coded interviews, or NULL */
	const struct model *m;
	enum wait_unit unit;
	long min_n;     /* --min-n K */
	int asof_given; /* --asof was given: asof is it */
	kday asof;
	int org_type; /* the attribute column of org_type in all */
};

/* The counts of Period and data that suppression may blank. */
enum report_count {
	RC_INPUT_CASES, /* cases in the input */
	RC_CASES,       /* cases in the chain during the period */
	RC_STARTED,     /* of which started in it */
	RC_LEFT,        /* of which left the chain in it */
	RC_EVENTS,      /* events in the period */
	RC_INTERVIEWS,  /* interviews coded */
	RC_SEGMENTS,    /* coded segments */
	RC_COUNT
};

/* The month back months before the month of p. */
struct period monthly_back(const struct period *p, int back);
/* The as-of date of --period of the month p in the commands (waits_period_asof), with the
 * --asof of the report when given. */
kday monthly_asof(const struct monthly *c, const struct period *p);
/* Sets blank[RC_...]: which counts of Period and data are suppressed, for the counts n of
 * the cases of a period (evlog_period_cases), the cases of c->all and the codes c->cd. */
void monthly_blanks(const struct monthly *c, const struct period_counts *n, unsigned char *blank);

/* One column of the headline: the figures of a month as the commands give them with
 * --period of that month (keten filter --cohort and --active, keten waits --norms, keten
 * flow --on org_type), each blanked as they blank it. */
struct report_head {
	struct period p;               /* the month */
	int valid;                     /* 0: the month lies before the data: no figures */
	const struct period_counts *n; /* evlog_period_cases of the month */
	const unsigned char *blank;    /* [RC_...]: the blanks of Period and data */
	const struct waitrow *norm;    /* waits_table over the norm pairs, with the month */
	size_t nnorm;                  /* as its period */
	const struct referral *ref;    /* referral_count of the month's cases */
	size_t nref;
};

/* The headline's three months, h[0] the month, h[1] the month before, h[2] the same month
 * a year earlier, with the figures their pointers point into. */
struct monthly_head {
	struct report_head h[3];
	struct period_counts n[3];
	unsigned char blank[3][RC_COUNT];
	struct waitrow *norm[3];
	struct referral *ref[3];
};

/* The headline of the month p (evlog_period_cases, waits_table and referral_count of each
 * of its three months); monthly_head_free frees what it holds. */
void monthly_headline(const struct monthly *c, const struct period *p, struct monthly_head *mh);
void monthly_head_free(struct monthly_head *mh);

/* The rows of the Wgs norms of one month (waits_table with the month as its period; nrows
 * 0 for none). */
struct report_month_norms {
	const struct waitrow *rows;
	size_t nrows;
};

/* The trend of the TREND_MONTHS months up to the month reported. */
struct monthly_trend {
	struct trend tr;                            /* trend_months */
	unsigned char *blank;                       /* [pair * nmonths + month]: suppressed */
	unsigned char cut[TREND_MONTHS];            /* cut short by the start of the data */
	struct report_month_norms mn[TREND_MONTHS]; /* the Wgs norm rows of each month */
};

/* The median of the waits done in each of the last TREND_MONTHS months up to the month p,
 * per norm pair (lib/trend), as of asof, over the whole log, and the Wgs norms of each
 * month; the norm rows of the month reported (norm, nnorm: keten waits --norms --period
 * of p) blank their month's count where their done waits are blank.  monthly_trend_free frees it. */
void monthly_trend(const struct monthly *c, const struct period *p, kday asof,
		   const struct waitrow *norm, size_t nnorm, struct monthly_trend *t);
void monthly_trend_free(struct monthly_trend *t);

/* The moves between the values of org_type as keten flow --on org_type --period p
 * tabulates them (the stays that ended in the month and those open at its end, on the
 * whole log), with the median and p90 of each move's waits, and the referral question
 * over the month's cases sub (referral_count). */
struct monthly_referral {
	struct dwellspec ds;
	struct dwell_table dt; /* blanked by dwell_blank_moves */
	double *q;             /* per move: the median at q[i], the p90 at q[dt.nmoves + i] */
	struct referral *ref;
	size_t nref;
};
void monthly_referral(const struct monthly *c, const struct period *p, kday asof,
		      const struct evlog *sub, struct monthly_referral *mr);
void monthly_referral_free(struct monthly_referral *mr);

/* The stage map of the month p as keten flow --period MONTH -k K --no-exits draws it: the
 * dwell table of the whole log with the month as its period, blanked as it blanks it. */
struct monthly_map {
	struct dwellspec ds;
	struct dwell_table dt;
};
void monthly_map(const struct monthly *c, const struct period *p, kday asof,
		 struct monthly_map *mm);
void monthly_map_free(struct monthly_map *mm);

/* keten simulate --scenarios on the whole log (sim_fit_log, sim_run of the nsc scenarios
 * sc) with reps replications and seed; a log of fewer than K cases is not simulated (r and
 * f NULL).  monthly_whatif_free frees it. */
struct monthly_whatif {
	struct sim_fit *f;
	struct sim_result *r;
};
void monthly_whatif(const struct monthly *c, struct sim_scenario *const *sc, size_t nsc, long reps,
		    unsigned long seed, struct monthly_whatif *w);
void monthly_whatif_free(struct monthly_whatif *w);

/* The log l read with --by COLS as the whole: a copy of its events in one group, as if
 * read without --by, so that every section of the whole is what the commands give without
 * --by.  monthly_whole_free frees it (before l). */
struct evlog *monthly_whole(const struct evlog *l);
void monthly_whole_free(struct evlog *w);

/* The headline's figures of a month per group: the journeys of its cases (their cases in
 * the chain), its norm rows and its referral rows, on the log read with --by. */
struct monthly_by_month {
	int valid; /* 0: the month lies before the data: no figures */
	/* [group id]: the new registrations, the cases that started in the month (as the
	 * whole's Period and data counts them, keten filter --cohort), and whether each is
	 * blanked (monthly_blanks' rule on the group's cases in the chain and started). */
	long *started;
	unsigned char *started_blank;
	struct journey *j;
	size_t nj;
	struct waitrow *norm;
	size_t nnorm;
	struct referral *ref;
	size_t nref;
};

/* The figures of the month per group of --by COLS (keten-report(1), "By group"), each from
 * the call of the section of the whole on the log read with --by, as the commands give them
 * with --by COLS --period MONTH: keten klantreis, keten waits --norms, keten bottleneck
 * --completed afgerond and keten flow --on org_type, each blanked per group as they blank
 * it. */
struct monthly_by {
	const struct evlog *l; /* the log read with --by */
	uint32_t *order;       /* its group ids in the order results list them */
	uint32_t *rank;        /* the place of each group id in that order */
	size_t ng;
	struct evlog *sub; /* the month's cases (evlog_period_cases), with their groups */
	struct journey *j; /* journey_compute of sub: one per group */
	size_t nj;
	struct waitrow *norm; /* keten waits --norms --period of the month: rows per group */
	size_t nnorm;
	struct bottleneck_row *bn; /* bottleneck_stages of the month */
	size_t nbn;
	struct referral *ref; /* referral_count of sub (that of mv) */
	size_t nref;
	struct monthly_referral mv; /* the moves between the values of org_type per group */
	struct report_month_norms mn[TREND_MONTHS]; /* the norm rows of each trend month */
	/* trend_months of the log read with --by: per group; tblank[(group id * npairs +
	 * pair) * nmonths + month] blanked as monthly_trend blanks the whole's, per group. */
	struct trend tr;
	unsigned char *tblank;
	struct monthly_by_month hm[3]; /* the headline's months as in monthly_headline: hm[0]
					* is the month (its pointers those above) */
};

/* The figures per group of c->all (read with --by) for the month p as of asof. */
void monthly_by(const struct monthly *c, const struct period *p, kday asof, struct monthly_by *b);
void monthly_by_free(struct monthly_by *b);

#endif
