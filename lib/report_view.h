/* report_view: the sections of keten report laid out as one self-contained HTML page (its
 * tables through render, its charts through svg) or as Markdown.  Presentation only
 * (HACKING.md, "Layers"): each section is handed the answer of the lib call that the
 * command answering the same question makes (keten-report(1)), and writes it as it is. */
#ifndef KETEN_REPORT_VIEW_H
#define KETEN_REPORT_VIEW_H

#include <stddef.h>

#include "bottleneck.h"
#include "date.h"
#include "dwell.h"
#include "events.h"
#include "journey.h"
#include "monthly.h"
#include "opt.h"
#include "period.h"
#include "sha256.h"
#include "trend.h"
#include "waits.h"

struct codes;
struct csvw;

/* Where and how the page is written, and what its sentences and tables name. */
struct report_view {
	struct csvw *w;
	int markdown; /* Markdown; else HTML */
	const struct model *m;
	struct period p; /* the month reported */
	kday today, asof;
	enum wait_unit unit;
	long min_n; /* --min-n K of keten(5), "Small cells": the legend and the
		       settings name it */
	int closed; /* --closed: the log is closed, each case ended at its last event */
	/* The language of the page's labels and of how its numbers and dates are written:
	 * "nl" (decimal comma, "1 december 2026") or anything else for English (decimal
	 * point, ISO dates); NULL counts as "en".  It is written in <html lang>, so it must
	 * be the language that _() (lib/i18n.h) translates the labels into: whoever sets the
	 * one sets the other (keten report --lang). */
	const char *lang;
	/* --by COLS: the figures of the month per group, which each section's table of the
	 * whole is followed by, a column per group and one for the whole; NULL: none. */
	const struct monthly_by *by;
};

/* Whether the page is in Dutch (v->lang "nl" or "nl-..."). */
int report_dutch(const struct report_view *v);
/* x with dec decimals in the page's language ("12.5", Dutch "12,5"), or "" for NaN; into
 * buf of size bytes, which is returned. */
const char *report_number(const struct report_view *v, double x, int dec, char *buf, size_t size);
/* The day d in the page's language: ISO 8601 ("2026-12-01"), Dutch "1 december 2026". */
const char *report_date(const struct report_view *v, kday d, char *buf, size_t size);
/* The month of d in the page's language: "2026-12", Dutch "december 2026". */
const char *report_month(const struct report_view *v, kday d, char *buf, size_t size);

/* An input of the report, for the provenance table. */
struct report_input {
	const char *path;     /* as given, "-" for standard input */
	const char *what;     /* events, codes, model or holidays */
	long rows;            /* the records read after the header */
	char sha[SHA256_HEX]; /* the SHA-256 of the bytes read */
};

/* The most columns of phases in one block of the klantreis table on a page
 * (journey_html): four beside the measures fit a 390 px phone and A4 portrait. */
#define REPORT_BLOCK_COLS 4

/* The style sheet of the report's page (screen, phone and A4 print), which the page of
 * keten klantreis shares. */
const char *report_page_css(void);

/* The frame of the page with its heading: title, or without one "Monthly report of the
 * chain: YYYY-MM" of the month (HTML: render_page_begin, lang RENDER_LANG). */
void report_begin(const struct report_view *v, const char *title);
void report_end(const struct report_view *v);

/* Period and data: the month, the log read (all), what the month's cases did (n:
 * evlog_period_cases), and with codes cd (NULL: none) the interviews and segments read;
 * blank[RC_...] says which counts are suppressed.  Under it the legend of the mark of a
 * blank, with K. */
void report_period(const struct report_view *v, const struct evlog *all,
		   const struct period_counts *n, const struct codes *cd,
		   const unsigned char *blank);

/* The headline: the figures of the month h[0] beside those of the month before h[1] and
 * of the same month a year earlier h[2], with the change from each (blank when either
 * side is blank or has no figure). */
void report_headline(const struct report_view *v, const struct report_head *h);

/* Klantreis: the nj journeys of journey_compute over the month's cases sub (none when no
 * case was in the chain), with the knelpunten jc of cd and top of them per phase (jc and
 * cd NULL without codes), and on the page the funnel of the first journey. */
void report_klantreis(const struct report_view *v, const struct evlog *sub, const struct journey *j,
		      size_t nj, const struct journey_codes *jc, const struct codes *cd, long top);

/* Wgs norms: the nrows rows of waits_table over the npairs norm pairs of the model
 * (waits_norm_pairs), with the month as its period, for the ncases cases of the month; each
 * figure blank where its row's waitstats.blank says. */
void report_norms(const struct report_view *v, size_t ncases, size_t npairs,
		  const struct waitrow *rows, size_t nrows);

/* Median wait per month: the months of trend_months, a line chart per pair on the page and
 * one table in Markdown, where blank[pair * nmonths + month] marks a suppressed month and
 * cut[month] one cut short by the start of the data (keten-report(1), "Trends"): it is
 * marked, and left out of the line.  mn[month] holds the rows of the Wgs norms of each
 * month (waits_table with the month as its period; nrows 0 for none), for the share of
 * waits within the norm per month.  With v->by the table is followed by its table by
 * group (v->by->tr), whose total is t. */
void report_trend(const struct report_view *v, const struct trend *t, const unsigned char *blank,
		  const unsigned char *cut, const struct report_month_norms *mn);

/* Bottlenecks: the n ranked stage rows of bottleneck_stages (--completed afgerond, the
 * month as its period) for the ncases cases of the month; each figure blank where its
 * row's blank bits say. */
void report_bottlenecks(const struct report_view *v, size_t ncases,
			const struct bottleneck_row *rows, size_t n);

/* The answers of the referral section, as keten flow --on org_type --period gives them. */
struct report_referral {
	const struct evlog *l;        /* the log the table was built from */
	size_t ncases;                /* the cases in the chain during the month */
	int org_type;                 /* the attribute column of org_type in l */
	const struct dwellspec *ds;   /* the stays followed: those in the values of org_type
				       * that ended in the month or are open at its end */
	const struct dwell_table *dt; /* dwell_table(l, ds, DWELL_CELLS | DWELL_MOVES), blanked
				       * by dwell_blank_moves */
	const double *median, *p90;   /* per move of dt: stats_quantile of its waits */
	const struct referral *ref;   /* referral_count of the month's cases, with its blanks */
	size_t nref;
};

/* Referral from informal to formal help: the referral question as keten flow --on org_type
 * answers it, and the moves between the values of org_type as it tabulates them. */
void report_referral(const struct report_view *v, const struct report_referral *r);

/* The what-if section of --what-if FILE: the run of keten simulate --scenarios FILE on
 * the whole log (sim_fit_log, then sim_run of the baseline and the file's scenarios). */
struct report_whatif {
	const char *path;           /* the scenario file, as given */
	const struct sim_result *r; /* NULL: not run, the log holds fewer than K cases */
	long ncases;                /* the cases of the log the model was fitted on */
	int blank;                  /* ncases is suppressed (as in Period and data) */
	long reps;                  /* replications */
	unsigned long seed;         /* of the random numbers */
};

/* What if: per scenario and normed pair the median, p90 and share within the norm with
 * their 95% intervals and the difference from the baseline, and per scenario the cases
 * reaching each phase of the klantreis (keten-report(1), "What if"). */
void report_whatif(const struct report_view *v, const struct report_whatif *w);

/* Process map: the stages of the month as keten flow --period MONTH -k K --no-exits draws
 * them (keten-flow(1), Process maps): dt is dwell_table(l, ds, DWELL_CELLS | DWELL_MOVES)
 * with the month as the period of ds, blanked by dwell_blank_moves with the page's --min-n,
 * for the ncases cases of the month.  On the page the map drawn by Graphviz's dot as
 * inline SVG, or one line that says why there is none; in Markdown its Mermaid text. */
void report_map(const struct report_view *v, size_t ncases, const struct evlog *l,
		const struct dwellspec *ds, const struct dwell_table *dt);

/* Provenance: the n inputs, the model, the calendar (extra holidays when an input is
 * holidays) and the settings. */
void report_provenance(const struct report_view *v, const struct report_input *in, size_t n);

#endif
