/* keten-gen: write realistic synthetic case events or coded interview segments. */
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "csvio.h"
#include "date.h"
#include "diag.h"
#include "model.h"
#include "opt.h"

/* Fused multiply-add would change the last bits of a wait on some machines and so the
 * bytes of the output; gcc keeps it off in ISO C mode, clang needs to be told. */
#ifdef __clang__
#pragma STDC FP_CONTRACT OFF
#endif

static struct opt_set set;         /* the shared options */
static long long seed = 1;         /* --seed */
static long long ncases = 3000;    /* --cases */
static long long days = 365;       /* --days */
static int codes;                  /* --kind codes */
static long long ninterviews = 60; /* --interviews */
static long long double_pct = 20;  /* --double-coded */
static int shuffle;                /* --shuffle */
static int mmc;                    /* --mmc */
static long long servers = 3;      /* --servers */
static const char *rho_text;       /* --rho */
static long long years = 4;        /* --years */

/* clang-format off */
static const struct opt opts[] = {
	OPT_INT_OWN(0, "seed", "N", "the seed of the random numbers (default 1)", &seed, 0,
		    LLONG_MAX),
	OPT_INT_OWN(0, "cases", "N", "cases to write (default 3000: about 4 events each)", &ncases,
		    0, 1000000000),
	OPT_TAKE_DEF(OPT_FROM, "2025-01-01"),
	OPT_INT_OWN(0, "days", "N", "the length of the period in days (default 365)", &days, 1,
		    36600),
	OPT_TAKE(OPT_KIND),
	OPT_INT_OWN('i', "interviews", "N", "interviews to write with --kind codes (default 60)",
		    &ninterviews, 0, 1000000),
	OPT_INT_OWN(0, "double-coded", "PCT", "percentage of interviews coded twice (default 20)",
		    &double_pct, 0, 100),
	OPT_FLAG_OWN(0, "shuffle", "write the rows in random order", &shuffle),
	OPT_FLAG_OWN(0, "mmc", "write the log of an M/M/c queue (keten-gen(1), \"M/M/c\")", &mmc),
	OPT_INT_OWN(0, "servers", "C", "servers of --mmc (default 3)", &servers, 1, 10000),
	OPT_STRING_OWN(0, "rho", "R", "utilisation of --mmc, above 0 and below 1 (default 0.8)",
		       &rho_text),
	OPT_INT_OWN(0, "years", "N", "years of --mmc (default 4)", &years, 1, 100),
	OPT_TAKE(OPT_OUTPUT),
	/* The spellings of keten 0.1 (keten-gen(1), Deprecated spellings): -s, -n and -c
	 * mean --stats, --norms and --codes FILE elsewhere, --start a stage in keten flow. */
	OPT_RENAMED('s', NULL, "seed", NULL),
	OPT_RENAMED('n', NULL, "cases", NULL),
	OPT_RENAMED('c', "codes", "kind", "codes"),
	OPT_RENAMED(0, "start", "from", NULL),
	OPT_TABLE_END,
};
/* clang-format on */

static const struct opt_cmd cmd = {
	.name = "gen",
	.synopsis = "keten gen [--seed N] [--cases N] [--from DATE] [--days N] [--shuffle]\n"
		    "                 [-o FILE]\n"
		    "       keten gen --kind codes [--seed N] [--interviews N]\n"
		    "                 [--double-coded PCT] [--shuffle] [-o FILE]\n"
		    "       keten gen --mmc [--servers C] [--rho R] [--years N] [--cases N]\n"
		    "                 [--seed N] [--from DATE] [-o FILE]",
	.opts = opts,
};

/* Random numbers: xoshiro256** seeded through splitmix64, so that a seed gives the same
 * stream on every machine.  Every draw below is integer arithmetic or IEEE double
 * arithmetic that is exactly rounded (+ - * / sqrt, frexp, ldexp, floor). */
struct rng {
	uint64_t s[4];
};

static uint64_t splitmix64(uint64_t *x)
{
	uint64_t z = (*x += 0x9e3779b97f4a7c15u);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
	return z ^ (z >> 31);
}

/* Separate streams for separate jobs keep, for example, the arrival days unchanged when
 * the model of a case's path changes. */
static void rng_seed(struct rng *r, uint64_t s, uint64_t stream)
{
	uint64_t x = s ^ (stream * 0xd1b54a32d192ed03u);
	int i;

	for (i = 0; i < 4; i++)
		r->s[i] = splitmix64(&x);
}

static inline uint64_t rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

static inline uint64_t rng_next(struct rng *r)
{
	uint64_t *s = r->s;
	uint64_t res = rotl(s[1] * 5, 7) * 9;
	uint64_t t = s[1] << 17;

	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rotl(s[3], 45);
	return res;
}

/* A uniform double in [0, 1) with 53 random bits. */
static inline double rng_u01(struct rng *r)
{
	return (double)(rng_next(r) >> 11) * 0x1.0p-53;
}

/* A uniform integer in [0, n), n < 2^32 (the multiply-shift method). */
static inline uint32_t rng_below(struct rng *r, uint32_t n)
{
	return (uint32_t)(((rng_next(r) >> 32) * n) >> 32);
}

static inline int rng_chance(struct rng *r, double p)
{
	return rng_u01(r) < p;
}

/* An index drawn with the given integer weights. */
static int rng_pick(struct rng *r, const unsigned *w, int n)
{
	unsigned total = 0, x;
	int i;

	for (i = 0; i < n; i++)
		total += w[i];
	x = rng_below(r, total);
	for (i = 0; i < n - 1; i++) {
		if (x < w[i])
			return i;
		x -= w[i];
	}
	return n - 1;
}

#define LN2 0.6931471805599453094

/* Natural logarithm from exactly rounded operations only: libm's log may differ in the
 * last bit between C libraries, and a wait that rounds the other way changes the data. */
static double k_log(double x)
{
	int e;
	double m = frexp(x, &e), s, s2, t, sum;
	int k;

	if (m < 0.70710678118654752440) {
		m *= 2;
		e--;
	}
	/* log m = 2 atanh((m - 1) / (m + 1)); |s| < 0.172 makes the series short. */
	s = (m - 1) / (m + 1);
	s2 = s * s;
	t = s;
	sum = s;
	for (k = 3; k <= 27; k += 2) {
		t *= s2;
		sum += t / k;
	}
	return e * LN2 + 2 * sum;
}

/* e^x for |x| < 700, from exactly rounded operations (see k_log). */
static double k_exp(double x)
{
	double n = floor(x / LN2 + 0.5), r = x - n * LN2, t = 1, sum = 1;
	int k;

	for (k = 1; k <= 16; k++) {
		t = t * r / k;
		sum += t;
	}
	return ldexp(sum, (int)n);
}

/* A standard normal draw (Marsaglia's polar method). */
static double rng_normal(struct rng *r)
{
	double u, v, s;

	do {
		u = 2 * rng_u01(r) - 1;
		v = 2 * rng_u01(r) - 1;
		s = u * u + v * v;
	} while (s >= 1 || s == 0);
	return u * sqrt(-2 * k_log(s) / s);
}

/* Days drawn from a log-normal distribution with the given median and log-sd, rounded
 * to whole days; z is capped at 4 so that no wait is absurd. */
static int lognormal_days(struct rng *r, double median, double sigma)
{
	double z = rng_normal(r), x;

	if (z > 4)
		z = 4;
	if (z < -4)
		z = -4;
	x = median * k_exp(sigma * z);
	return (int)(x + 0.5);
}

/* A uniform integer in [lo, hi]. */
static int uniform_days(struct rng *r, int lo, int hi)
{
	return lo + (int)rng_below(r, (uint32_t)(hi - lo + 1));
}

/* The cities of the referral study, weighted by inhabitants in thousands (about 2024,
 * rounded): Amsterdam gets about half of the cases, Leeuwarden one in fifteen.  The
 * wait factor scales the median wait for a first conversation: bigger cities wait longer.
 * The court is the one that handles Wsnp requests from the city. */
/* clang-format off */
static const struct city {
	const char *name;
	unsigned weight;
	double wait;
	const char *court;
} cities[] = {
	{ "Leeuwarden", 125, 0.9, "Rechtbank Noord-Nederland" },
	{ "Den Haag", 560, 1.2, "Rechtbank Den Haag" },
	{ "Groningen", 240, 1.0, "Rechtbank Noord-Nederland" },
	{ "Amsterdam", 930, 1.3, "Rechtbank Amsterdam" },
};
/* clang-format on */
#define NCITY 4
static unsigned city_weights[NCITY];

/* Organisations per city.  The informal ones come first. */
/* clang-format off */
enum {
	O_MAATJE, O_HUMANITAS, O_VOEDSELBANK, O_KERK, O_WIJKTEAM, O_ONDERNEMERS,
	O_GEMEENTE, O_SHV, O_KREDIETBANK, O_RECHTBANK, O_MAATSCHAPPELIJK, NORGKIND
};
/* clang-format on */
#define NINFORMAL O_GEMEENTE

/* clang-format off */
static const char *const org_patterns[NORGKIND] = {
	"SchuldHulpMaatje %s", "Humanitas Thuisadministratie %s", "Voedselbank %s",
	"Diaconaal Schuldenproject %s", "Wijkteam %s", "Ondernemerssteunpunt %s",
	"Gemeente %s", "Schuldhulpverlening %s", "Kredietbank %s", "%s",
	"Maatschappelijk Werk %s",
};
/* clang-format on */

/* Which informal organisation a resident (first row) or an entrepreneur (second row)
 * turns to. */
/* clang-format off */
static const unsigned informal_weights[2][NINFORMAL] = {
	{ 30, 20, 20, 10, 20, 0 },
	{ 15, 5, 10, 5, 15, 50 },
};
/* clang-format on */

/* The outflow reasons of the VNG Gemeentelijk Gegevensmodel. */
/* clang-format off */
enum {
	R_NONE, R_NIET_VERSCHENEN, R_INGETROKKEN, R_ZELF_GEREGELD, R_AFGEROND, R_VERHUISD,
	R_NIET_PASSEND, R_VOLDOET_NIET, R_OVERLEDEN, R_OVERIG, NREASON
};
/* clang-format on */

/* clang-format off */
static const char *const reason_names[NREASON] = {
	"", "niet verschenen", "ingetrokken", "zelf geregeld", "afgerond", "verhuisd",
	"niet passend", "voldoet niet", "overleden", "overig",
};
/* clang-format on */

/* The reasons given where a case leaves, by the point where it leaves (weights in the
 * order of reason_names, without R_NONE). */
/* clang-format off */
enum {
	X_SIGNAL, X_INFORMAL, X_REFERRAL, X_BEFORE_EG, X_BEFORE_INTAKE, X_BEFORE_DECISION,
	X_REFUSED, X_STABILISATION, X_SOLUTION, NEXIT
};
/* clang-format on */

/* clang-format off */
static const unsigned exit_weights[NEXIT][NREASON - 1] = {
	/* nv  ing  zelf  afg  verh  np  vn  overl  ov */
	{ 45, 15, 25, 0, 3, 5, 0, 0, 7 },   /* a signal that leads nowhere */
	{ 0, 15, 20, 45, 5, 0, 0, 1, 14 },  /* informal help that ends */
	{ 10, 35, 25, 0, 5, 5, 0, 0, 20 },  /* a referral that broke */
	{ 50, 28, 12, 0, 3, 2, 0, 0, 5 },   /* before the first conversation */
	{ 30, 30, 10, 0, 3, 12, 10, 0, 5 }, /* before the intake */
	{ 25, 40, 10, 0, 3, 10, 5, 0, 7 },  /* before the decision */
	{ 0, 0, 0, 0, 0, 30, 70, 0, 0 },    /* refused by the decision */
	{ 25, 35, 10, 0, 15, 0, 0, 5, 10 }, /* during stabilisation */
	{ 15, 35, 5, 0, 20, 0, 0, 10, 15 }, /* during the solution */
};
/* clang-format on */

/* How a case enters the chain. */
enum { ENTRY_SIGNAL, ENTRY_INFORMAL, ENTRY_DIRECT, NENTRY };
static const unsigned entry_weights[NENTRY] = { 20, 28, 52 };
/* The chance of a second, third and fourth signal about the same household. */
static const double signal_again[3] = { 0.65, 0.55, 0.45 };
/* The chance that a case is a crisis (Wgs art. 4 lid 2), by its entry. */
static const double urgent_chance[NENTRY] = { 0.10, 0.02, 0.08 };

/* The stages a case can pass, in model order; their names come from the model. */
/* clang-format off */
enum {
	S_SIGNAAL, S_INFORMEEL, S_DOORVERWIJZING, S_AANMELDING, S_EERSTE_GESPREK, S_INTAKE,
	S_BESCHIKKING, S_STABILISATIE, S_SCHULDREGELING, S_WSNP, S_BEGELEIDING, S_NAZORG,
	S_UITSTROOM, NSTAGE
};
/* clang-format on */

/* clang-format off */
static const char *const stage_keys[NSTAGE] = {
	"signaal", "informeel", "doorverwijzing", "aanmelding", "eerste_gesprek", "intake",
	"beschikking", "stabilisatie", "schuldregeling", "wsnp", "begeleiding", "nazorg",
	"uitstroom",
};
/* clang-format on */

/* Working days to the first conversation in a crisis: 88% within the 3 of the norm. */
static const unsigned urgent_wd_weights[] = { 10, 35, 25, 18, 5, 4, 2, 0, 1 };

/* The period: day offsets 0 .. days-1 from t0. */
static kday t0;
static int32_t *next_wd; /* the first working day at or after an offset; -1: none */
static int32_t *wd_rank; /* the index of a working day among the period's */
static int32_t *wd_list; /* the offsets of the working days */
static int32_t nwd;
static char (*dtab)[10]; /* each offset's date as YYYY-MM-DD */

/* The strings of the output. */
static const char *stage_names[NSTAGE];
static size_t stage_len[NSTAGE];
static char *org_names[NCITY][NORGKIND];
static size_t org_len[NCITY][NORGKIND];

enum { CHAIN_PARTICULIER, CHAIN_ZAKELIJK };

struct ev {
	int32_t off;
	uint8_t stage, org, reason;
};

#define MAXEV 16

/* A case while it is drawn. */
struct gcase {
	int city, chain, urgent, entry;
	int32_t last; /* offset of the last event */
	int org;      /* the organisation that holds the case now */
	struct ev ev[MAXEV];
	int n;
};

static void push(struct gcase *c, int stage, int32_t off, int org, int reason)
{
	struct ev *e = &c->ev[c->n++];

	e->off = off;
	e->stage = (uint8_t)stage;
	e->org = (uint8_t)org;
	e->reason = (uint8_t)reason;
	c->last = off;
	c->org = org;
}

/* Adds an event n calendar days after the case's last one, moved on to the next working
 * day; returns 0 when that falls after the period, where the case is still open. */
static int after(struct gcase *c, int stage, int n, int org, int reason)
{
	long o = (long)c->last + n;

	if (o >= days || next_wd[o] < 0)
		return 0;
	push(c, stage, next_wd[o], org, reason);
	return 1;
}

/* The same, n working days after the last event. */
static int after_wd(struct gcase *c, int stage, int n, int org)
{
	long k = (long)wd_rank[c->last] + n;

	if (k >= nwd)
		return 0;
	push(c, stage, wd_list[k], org, R_NONE);
	return 1;
}

static int reason(struct rng *r, int exit)
{
	return 1 + rng_pick(r, exit_weights[exit], NREASON - 1);
}

/* Leaves the chain n days on, at the organisation that holds the case. */
static void leave(struct rng *r, struct gcase *c, int n, int exit)
{
	after(c, S_UITSTROOM, n, c->org, reason(r, exit));
}

/* An admitted case after its solution (schuldregeling, wsnp or begeleiding) that lasts
 * n days: some drop out, the rest finish, half of them through aftercare. */
static void finish(struct rng *r, struct gcase *c, int n)
{
	if (rng_chance(r, 0.12)) {
		leave(r, c, uniform_days(r, n / 10, n), X_SOLUTION);
		return;
	}
	if (rng_chance(r, 0.5)) {
		if (!after(c, S_NAZORG, n, O_SHV, R_NONE))
			return;
		after(c, S_UITSTROOM, uniform_days(r, 90, 180), O_SHV, R_AFGEROND);
		return;
	}
	after(c, S_UITSTROOM, n, c->org, R_AFGEROND);
}

/* The formal chain from the aanmelding on: toegang, stabilisation, a solution. */
static void formal(struct rng *r, struct gcase *c)
{
	const double urgent = c->urgent ? 0.5 : 1;
	double eg_median = 11 * cities[c->city].wait * (c->chain == CHAIN_ZAKELIJK ? 1.2 : 1);
	int ok, n;

	/* Most drop-out falls before the intake (Nationale ombudsman 2018). */
	if (rng_chance(r, 0.15)) {
		leave(r, c, lognormal_days(r, 20, 0.5), X_BEFORE_EG);
		return;
	}
	if (c->urgent)
		ok = after_wd(c, S_EERSTE_GESPREK,
			      rng_pick(r, urgent_wd_weights,
				       sizeof urgent_wd_weights / sizeof *urgent_wd_weights),
			      O_SHV);
	else
		ok = after(c, S_EERSTE_GESPREK, 1 + lognormal_days(r, eg_median, 0.65), O_SHV,
			   R_NONE);
	if (!ok)
		return;
	if (rng_chance(r, 0.15)) {
		leave(r, c, lognormal_days(r, 21, 0.5), X_BEFORE_INTAKE);
		return;
	}
	if (!after(c, S_INTAKE, 1 + lognormal_days(r, 8 * urgent, 0.6), O_SHV, R_NONE))
		return;
	if (rng_chance(r, 0.08)) {
		leave(r, c, lognormal_days(r, 30, 0.5), X_BEFORE_DECISION);
		return;
	}
	if (!after(c, S_BESCHIKKING, 1 + lognormal_days(r, 20 * urgent, 0.6), O_SHV, R_NONE))
		return;
	if (rng_chance(r, 0.07)) {
		leave(r, c, uniform_days(r, 0, 5), X_REFUSED);
		return;
	}
	if (!after(c, S_STABILISATIE, lognormal_days(r, 5, 0.6), O_KREDIETBANK, R_NONE))
		return;
	if (rng_chance(r, 0.10)) {
		leave(r, c, uniform_days(r, 20, 200), X_STABILISATION);
		return;
	}
	/* Stabilisation lasts 4 to 8 months under the NVVK covenants. */
	n = uniform_days(r, 120, 240);
	switch (rng_pick(r, (const unsigned[]){ 62, 9, 29 }, 3)) {
	case 0:
		if (!after(c, S_SCHULDREGELING, n, O_KREDIETBANK, R_NONE))
			return;
		if (rng_chance(r, 0.12)) {
			/* Creditors refused the amicable settlement: the court's turn. */
			if (!after(c, S_WSNP, lognormal_days(r, 90, 0.4), O_RECHTBANK, R_NONE))
				return;
			finish(r, c, uniform_days(r, 540, 560));
		} else if (rng_chance(r, 0.2)) {
			/* A herfinanciering or betalingsregeling that is done quickly. */
			finish(r, c, lognormal_days(r, 60, 0.5));
		} else if (c->chain == CHAIN_ZAKELIJK && rng_chance(r, 0.5)) {
			/* Entrepreneurs under the Bbz can still have 36 months. */
			finish(r, c, uniform_days(r, 1085, 1110));
		} else {
			/* 18 months since 1 July 2023. */
			finish(r, c, uniform_days(r, 530, 565));
		}
		break;
	case 1:
		if (!after(c, S_WSNP, n, O_RECHTBANK, R_NONE))
			return;
		finish(r, c, uniform_days(r, 540, 560));
		break;
	default:
		if (!after(c, S_BEGELEIDING, n, O_KREDIETBANK, R_NONE))
			return;
		finish(r, c, lognormal_days(r, 365, 0.5));
		break;
	}
}

/* Draws the path of one case that enters on the working day off. */
static void gen_case(struct rng *r, struct gcase *c, int32_t off)
{
	int org, n, i;

	c->n = 0;
	c->city = rng_pick(r, city_weights, NCITY);
	/* 5,578 of about 80,000 registrations in 2023 were entrepreneurs (NVVK). */
	c->chain = rng_chance(r, 0.07) ? CHAIN_ZAKELIJK : CHAIN_PARTICULIER;
	c->entry = rng_pick(r, entry_weights, NENTRY);
	c->urgent = rng_chance(r, urgent_chance[c->entry]);
	switch (c->entry) {
	case ENTRY_SIGNAL:
		push(c, S_SIGNAAL, off, O_GEMEENTE, R_NONE);
		/* Arrears are reported again month after month while they last, and by
		 * more than one creditor. */
		for (i = 0; i < 3 && rng_chance(r, signal_again[i]); i++)
			if (!after(c, S_SIGNAAL, lognormal_days(r, 30, 0.3), O_GEMEENTE, R_NONE))
				return;
		/* Most signals do not lead to a request for help. */
		if (rng_chance(r, 0.2)) {
			if (after(c, S_AANMELDING, 1 + lognormal_days(r, 12, 0.7), O_SHV, R_NONE))
				formal(r, c);
		} else {
			leave(r, c, lognormal_days(r, 30, 0.4), X_SIGNAL);
		}
		break;
	case ENTRY_INFORMAL:
		org = rng_pick(r, informal_weights[c->chain], NINFORMAL);
		push(c, S_INFORMEEL, off, org, R_NONE);
		/* Some move on from one informal project to another, say from the food bank
		 * to a budget buddy. */
		if (rng_chance(r, 0.4)) {
			unsigned wt[NINFORMAL];
			memcpy(wt, informal_weights[c->chain], sizeof wt);
			wt[org] = 0;
			org = rng_pick(r, wt, NINFORMAL);
			if (!after(c, S_INFORMEEL, 1 + lognormal_days(r, 30, 0.7), org, R_NONE))
				break;
		}
		/* About two thirds never reach professional help: no referral, or a
		 * referral that breaks. */
		if (rng_chance(r, 0.55)) {
			/* Informal projects hold on long before they refer. */
			if (!after(c, S_DOORVERWIJZING, 1 + lognormal_days(r, 60, 0.8), c->org,
				   R_NONE))
				break;
			if (rng_chance(r, 0.8)) {
				/* A warm handover gets there sooner. */
				if (after(c, S_AANMELDING,
					  rng_chance(r, 0.5) ? lognormal_days(r, 3, 0.6)
							     : 1 + lognormal_days(r, 10, 0.8),
					  O_SHV, R_NONE))
					formal(r, c);
			} else if (rng_chance(r, 0.5)) {
				leave(r, c, lognormal_days(r, 60, 0.6), X_REFERRAL);
			}
			/* Else the referral is lost: nobody records an end. */
		} else if (rng_chance(r, 0.85)) {
			/* Informal help runs for months; Humanitas trajectories last at most
			 * a year. */
			n = lognormal_days(r, 150, 0.6);
			leave(r, c, n < 365 ? n : 365, X_INFORMAL);
		}
		break;
	default:
		/* Some come referred by a professional: social work, a GP, a landlord. */
		if (rng_chance(r, 0.45)) {
			push(c, S_DOORVERWIJZING, off, O_MAATSCHAPPELIJK, R_NONE);
			if (!after(c, S_AANMELDING, lognormal_days(r, 4, 0.7), O_SHV, R_NONE))
				return;
		} else {
			push(c, S_AANMELDING, off, O_SHV, R_NONE);
		}
		formal(r, c);
		break;
	}
}

/* Output of events. */
static struct csvw *w;
static int id_width; /* digits of a case number: at least 6, enough for --cases */
static const char events_header[] = "case,stage,date,org,org_type,chain,city,urgent,reason";
static const char *const chain_names[2] = { "particulier", "zakelijk" };

/* An event kept for --shuffle: 12 bytes. */
struct prow {
	uint32_t kase;
	uint16_t off;
	uint8_t stage, org, reason;
	uint8_t attr; /* city | chain << 2 | urgent << 3 */
};

static struct prow *prows;
static size_t nprows, prows_cap;

static char *put_str(char *p, const char *s, size_t n)
{
	memcpy(p, s, n);
	return p + n;
}

/* Writes one event row.  Every string is known to need no quotes, so the row is put
 * together here and handed to the writer whole. */
static void put_event(uint32_t kase, int city, int chain, int urgent, const struct ev *e)
{
	char line[256], *p = line;
	uint32_t k = kase;
	int i;

	*p++ = 'K';
	for (i = id_width - 1; i >= 0; i--) {
		p[i] = (char)('0' + k % 10);
		k /= 10;
	}
	p += id_width;
	*p++ = ',';
	p = put_str(p, stage_names[e->stage], stage_len[e->stage]);
	*p++ = ',';
	p = put_str(p, dtab[e->off], 10);
	*p++ = ',';
	p = put_str(p, org_names[city][e->org], org_len[city][e->org]);
	p = e->org < NINFORMAL ? put_str(p, ",informeel,", 11) : put_str(p, ",formeel,", 9);
	p = put_str(p, chain_names[chain], chain ? 8 : 11);
	*p++ = ',';
	p = put_str(p, cities[city].name, strlen(cities[city].name));
	p = put_str(p, urgent ? ",1," : ",0,", 3);
	p = put_str(p, reason_names[e->reason], strlen(reason_names[e->reason]));
	*p++ = '\n';
	csvw_raw(w, line, (size_t)(p - line));
}

static void emit_case(uint32_t kase, const struct gcase *c)
{
	int i;

	if (!shuffle) {
		for (i = 0; i < c->n; i++)
			put_event(kase, c->city, c->chain, c->urgent, &c->ev[i]);
		return;
	}
	xgrow(&prows, &prows_cap, nprows + (size_t)c->n, sizeof *prows);
	for (i = 0; i < c->n; i++) {
		struct prow *p = &prows[nprows++];
		p->kase = kase;
		p->off = (uint16_t)c->ev[i].off;
		p->stage = c->ev[i].stage;
		p->org = c->ev[i].org;
		p->reason = c->ev[i].reason;
		p->attr = (uint8_t)(c->city | c->chain << 2 | c->urgent << 3);
	}
}

/* Fisher-Yates over n items of size bytes. */
static void shuffle_rows(struct rng *r, void *base, size_t n, size_t size)
{
	char *b = base, tmp[64];
	size_t i, j;

	for (i = n; i > 1; i--) {
		j = (size_t)(rng_u01(r) * (double)i);
		memcpy(tmp, b + (i - 1) * size, size);
		memcpy(b + (i - 1) * size, b + j * size, size);
		memcpy(b + j * size, tmp, size);
	}
}

/* Builds the tables of the period: working days and their dates. */
static void make_period(void)
{
	const struct calendar *cal = cal_default();
	int32_t o, next = -1;

	next_wd = xreallocarray(NULL, (size_t)days, sizeof *next_wd);
	wd_rank = xreallocarray(NULL, (size_t)days, sizeof *wd_rank);
	wd_list = xreallocarray(NULL, (size_t)days, sizeof *wd_list);
	dtab = xreallocarray(NULL, (size_t)days, sizeof *dtab);
	for (o = 0; o < days; o++) {
		char buf[11];
		date_format(t0 + o, buf);
		memcpy(dtab[o], buf, 10);
		wd_rank[o] = nwd;
		if (cal_is_workday(cal, t0 + o))
			wd_list[nwd++] = o;
	}
	for (o = (int32_t)days - 1; o >= 0; o--) {
		if (cal_is_workday(cal, t0 + o))
			next = o;
		next_wd[o] = next;
	}
}

static void free_period(void)
{
	free(next_wd);
	free(wd_rank);
	free(wd_list);
	free(dtab);
}

static int digits(long long v)
{
	int n = 1;

	while (v >= 10) {
		v /= 10;
		n++;
	}
	return n;
}

static void gen_events(void)
{
	struct rng arrive, path, mix;
	struct gcase c;
	uint32_t *count, kase = 0, j;
	long long i;
	int32_t d;
	int tty = isatty(2);

	id_width = digits(ncases) < 6 ? 6 : digits(ncases);
	rng_seed(&arrive, (uint64_t)seed, 1);
	rng_seed(&path, (uint64_t)seed, 2);
	rng_seed(&mix, (uint64_t)seed, 3);

	/* Arrival days first, counted per working day, so that the cases come out in the
	 * order of their first event without holding them. */
	count = xcalloc(nwd ? (size_t)nwd : 1, sizeof *count);
	for (i = 0; i < ncases; i++)
		count[rng_below(&arrive, (uint32_t)nwd)]++;

	csvw_names(w, events_header);
	for (d = 0; d < nwd; d++) {
		for (j = 0; j < count[d]; j++) {
			gen_case(&path, &c, wd_list[d]);
			emit_case(++kase, &c);
			if (tty && (kase & 0xffff) == 0)
				fprintf(stderr, "\r%s: %lu of %lld cases", diag_prog,
					(unsigned long)kase, ncases);
		}
	}
	if (tty && kase >= 0x10000)
		fprintf(stderr, "\r%s: %lu of %lld cases\n", diag_prog, (unsigned long)kase,
			ncases);
	if (shuffle) {
		shuffle_rows(&mix, prows, nprows, sizeof *prows);
		for (size_t k = 0; k < nprows; k++) {
			const struct prow *p = &prows[k];
			struct ev e = { p->off, p->stage, p->org, p->reason };
			put_event(p->kase, p->attr & 3, p->attr >> 2 & 1, p->attr >> 3 & 1, &e);
		}
	}
	free(count);
	free(prows);
}

/* The code book (keten-gen(1), "The code book"): code, klantreis phase, chain, how often
 * each role brings it up (hulpvrager, informeel, formeel, gemeente), the mean priority votes
 * a knelpunt on it gets in a work session, and invented quotes: a knelpunt told by a help
 * seeker and by a professional, then a success told by each. */
enum { ROLE_HULPVRAGER, ROLE_INFORMEEL, ROLE_FORMEEL, ROLE_GEMEENTE, NROLE };
static const char *const role_names[NROLE] = { "hulpvrager", "informeel", "formeel", "gemeente" };
static const unsigned role_weights[NROLE] = { 35, 40, 15, 10 };

enum { BOOK_PARTICULIER, BOOK_ZAKELIJK, BOOK_BEIDE };
static const char *const book_chain_names[3] = { "particulier", "zakelijk", "beide" };

/* clang-format off */
static const struct code {
	const char *name, *phase;
	int chain;
	unsigned w[NROLE];
	unsigned votes;
	const char *quote[4];
} book[] = {
	{ "schaamte", "signalering", BOOK_BEIDE, { 10, 6, 5, 2 }, 3,
	  { "Ik durfde het jarenlang aan niemand te vertellen.",
	    "Mensen schamen zich en wachten te lang met hulp vragen.",
	    "Toen ik eenmaal belde, viel de schaamte mee.",
	    "Een ervaringsdeskundige helpt mensen over hun schaamte heen." } },
	{ "onbekend_hulpaanbod", "toeleiding", BOOK_BEIDE, { 8, 6, 3, 3 }, 3,
	  { "Ik wist gewoon niet waar ik heen moest met mijn schulden.",
	    "Veel mensen weten niet dat de gemeente gratis kan helpen.",
	    "Via een folder bij de huisarts vond ik het loket.",
	    "Sinds de campagne in de wijk weten meer mensen ons te vinden." } },
	{ "late_hulpvraag", "signalering", BOOK_BEIDE, { 4, 5, 8, 4 }, 2,
	  { "Ik kwam pas toen de deurwaarder voor de deur stond.",
	    "Als ze bij ons komen, zitten ze al jaren in de schulden.",
	    "Ik belde al bij de eerste aanmaning, en dat was op tijd.",
	    "Door het vroege signaal waren we er op tijd bij." } },
	{ "imago_formeel", "toeleiding", BOOK_BEIDE, { 6, 7, 2, 1 }, 2,
	  { "Ik had gehoord dat je daar alles moet inleveren.",
	    "Onze deelnemers vertrouwen de gemeente niet.",
	    "De schuldhulpverlener bleek heel anders dan ik dacht.",
	    "Een kennismaking op onze eigen locatie haalt veel angst weg." } },
	{ "informeel_te_lang", "toeleiding", BOOK_PARTICULIER, { 0, 2, 7, 3 }, 2,
	  { "Ik liep een jaar bij een maatje voordat iemand de gemeente noemde.",
	    "Vrijwilligers modderen soms te lang aan terwijl de schulden groeien.",
	    "Mijn maatje stuurde me al na een paar weken door.",
	    "Na drie gesprekken hebben we hem al doorgestuurd." } },
	{ "verwijzen_geen_taak", "toeleiding", BOOK_PARTICULIER, { 1, 5, 4, 2 }, 1,
	  { "Ik wilde zelf niet naar de gemeente.",
	    "Doorverwijzen zien wij niet als onze taak.",
	    "Mijn maatje ging mee naar het eerste gesprek.",
	    "We hebben afgesproken dat doorverwijzen bij ons werk hoort." } },
	{ "verwijsroute_onduidelijk", "toeleiding", BOOK_BEIDE, { 2, 8, 3, 2 }, 2,
	  { "Ik werd van het ene loket naar het andere gestuurd.",
	    "Ik weet niet bij wie ik iemand moet aanmelden.",
	    "Er was één nummer en daar werd ik meteen goed geholpen.",
	    "Sinds er één telefoonnummer is, gaat verwijzen makkelijker." } },
	{ "elkaar_niet_kennen", "keten", BOOK_PARTICULIER, { 0, 6, 6, 4 }, 3,
	  { "Mijn maatje wist niet wie ik bij de gemeente kon bellen.",
	    "Wij kennen de mensen bij de gemeente niet.",
	    "Mijn maatje en de consulent zaten samen aan tafel.",
	    "Door het netwerkoverleg kennen we elkaar nu bij naam." } },
	{ "geen_terugkoppeling", "toeleiding", BOOK_BEIDE, { 1, 7, 2, 1 }, 2,
	  { "Ik hoorde na de aanmelding wekenlang niets.",
	    "Na de doorverwijzing horen we nooit meer iets.",
	    "De consulent belde me na een week terug.",
	    "De consulent liet ons weten dat het traject liep." } },
	{ "privacy_onzeker", "keten", BOOK_BEIDE, { 0, 3, 5, 5 }, 1,
	  { "Ik wist niet wat ze met mijn gegevens zouden doen.",
	    "We weten niet welke gegevens we mogen delen.",
	    "Ik tekende een formulier en toen mocht mijn maatje meepraten.",
	    "Met een toestemmingsformulier konden we gewoon overleggen." } },
	{ "wachttijd_gesprek", "toegang", BOOK_BEIDE, { 7, 4, 3, 2 }, 3,
	  { "Ik moest zes weken wachten op het eerste gesprek.",
	    "De wachtlijst is lang, dus mensen haken af.",
	    "Binnen een week had ik al een afspraak.",
	    "Door een inloopspreekuur is de wachttijd bijna weg." } },
	{ "drempels_aanmelding", "toegang", BOOK_BEIDE, { 6, 5, 2, 1 }, 2,
	  { "Ze zeiden \"kom maar terug als alles compleet is\", en dat deed ik niet.",
	    "Eerst een workshop volgen voordat je een gesprek krijgt, dat schrikt af.",
	    "Ik kon me gewoon telefonisch aanmelden.",
	    "Papieren verzamelen we nu samen na het eerste gesprek." } },
	{ "uitval_voor_intake", "toegang", BOOK_BEIDE, { 1, 2, 6, 4 }, 2,
	  { "Ik ben niet meer naar de intake gegaan.",
	    "Tussen aanmelding en intake raken we mensen kwijt.",
	    "Ze belden me de dag voor de intake nog even.",
	    "Door een herinnering per sms komen meer mensen naar de intake." } },
	{ "uitsluiting", "toegang", BOOK_ZAKELIJK, { 2, 1, 2, 1 }, 2,
	  { "Als ondernemer kwam ik niet in aanmerking voor schuldhulp.",
	    "Met een fraudeschuld word je vaak geweigerd.",
	    "Uiteindelijk werd ik als zzp'er toch toegelaten.",
	    "We kijken nu per ondernemer wat er wel kan." } },
	{ "multiproblematiek", "stabilisatie", BOOK_PARTICULIER, { 3, 3, 6, 3 }, 2,
	  { "Ik had eerst andere problemen aan mijn hoofd dan de schulden.",
	    "Er spelen zoveel problemen tegelijk dat de schulden blijven liggen.",
	    "Met de wijkverpleging erbij lukte het traject wel.",
	    "Eén regisseur voor alle problemen maakt het verschil." } },
	{ "administratieve_last", "stabilisatie", BOOK_BEIDE, { 6, 4, 3, 1 }, 1,
	  { "Al die formulieren en bewijsstukken werden me te veel.",
	    "Het verzamelen van documenten duurt maanden.",
	    "De vrijwilliger hielp me de papieren op orde te krijgen.",
	    "We vragen de gegevens nu zelf op bij de instanties." } },
	{ "incasso_loopt_door", "stabilisatie", BOOK_BEIDE, { 4, 2, 4, 1 }, 2,
	  { "Ondanks de afspraak ging de incasso gewoon door.",
	    "Schuldeisers houden zich niet aan de adempauze.",
	    "Na één telefoontje stopte de schuldeiser met incasso.",
	    "Met het convenant houden de meeste schuldeisers zich aan de pauze." } },
	{ "looptijd_lang", "oplossing", BOOK_PARTICULIER, { 3, 1, 2, 1 }, 1,
	  { "Achttien maanden van weinig geld leven, dat hield ik bijna niet vol.",
	    "De lange looptijd schrikt mensen af.",
	    "Met het saneringskrediet was ik in één keer klaar.",
	    "Sinds de looptijd 18 maanden is, haken minder mensen af." } },
	{ "regels_ondernemers", "oplossing", BOOK_ZAKELIJK, { 2, 1, 3, 2 }, 2,
	  { "Met het Bbz zit ik er zomaar 36 maanden aan vast.",
	    "Voor ondernemers gelden weer heel andere regels.",
	    "De adviseur voor ondernemers wist precies welke regeling paste.",
	    "Eén loket voor ondernemers scheelt veel uitzoekwerk." } },
	{ "nazorg_recidive", "nazorg", BOOK_BEIDE, { 1, 2, 4, 3 }, 1,
	  { "Na de regeling stond ik er ineens weer alleen voor.",
	    "Zonder nazorg komen mensen binnen een paar jaar terug.",
	    "Het nazorggesprek na een half jaar hielp me op koers te blijven.",
	    "Wie nazorg krijgt, komt minder vaak terug." } },
	{ "registratie_ontbreekt", "keten", BOOK_BEIDE, { 0, 1, 4, 7 }, 1,
	  { "Ik moest mijn verhaal bij elke instantie opnieuw vertellen.",
	    "We hebben geen goede cijfers over hoeveel mensen afvallen.",
	    "Ik hoefde mijn verhaal maar één keer te vertellen.",
	    "Sinds dit jaar houden we de doorlooptijden wel bij." } },
	{ "bereik_vroegsignaal", "signalering", BOOK_PARTICULIER, { 0, 1, 3, 6 }, 2,
	  { "Ik deed niet open toen er iemand van de gemeente aanbelde.",
	    "Maar een klein deel van de signalen leidt tot een hulpvraag.",
	    "Toen ze voor de tweede keer langskwamen, heb ik wel opengedaan.",
	    "Door langs te gaan in plaats van te bellen bereiken we meer mensen." } },
	{ "tekort_vrijwilligers", "toeleiding", BOOK_PARTICULIER, { 0, 5, 1, 2 }, 2,
	  { "Ik stond maanden op de wachtlijst voor een maatje.",
	    "We hebben te weinig vrijwilligers en coördinatoren.",
	    "Binnen twee weken had ik een maatje.",
	    "Na de wervingsactie hebben we weer genoeg maatjes." } },
	{ "taalbarriere", "toeleiding", BOOK_PARTICULIER, { 1, 2, 1, 0 }, 1,
	  { "De brieven kon ik niet lezen.",
	    "Wie geen Nederlands spreekt, kunnen wij niet goed helpen.",
	    "Met een tolk erbij ging het gesprek veel beter.",
	    "Onze vrijwilligers spreken nu samen zes talen." } },
};
/* clang-format on */
#define NCODE (sizeof book / sizeof *book)

/* One coded segment. */
struct crow {
	uint32_t interview;
	uint8_t code, role, city, seg, coder, succes, weight;
	uint8_t qcode, quote; /* the segment's text: book[qcode].quote[quote] */
};

static const char codes_header[] =
	"interview,code,role,city,chain,phase,segment,coder,polarity,weight,quote";

static void put_code(const struct crow *c, int width)
{
	char id[32];

	snprintf(id, sizeof id, "I%0*u", width, c->interview);
	csvw_str(w, id);
	csvw_str(w, book[c->code].name);
	csvw_str(w, role_names[c->role]);
	csvw_str(w, cities[c->city].name);
	csvw_str(w, book_chain_names[book[c->code].chain]);
	csvw_str(w, book[c->code].phase);
	csvw_int(w, c->seg);
	csvw_str(w, c->coder ? "B" : "A");
	csvw_str(w, c->succes ? "succes" : "knelpunt");
	csvw_int(w, c->weight);
	csvw_str(w, book[c->qcode].quote[c->quote]);
	csvw_end(w);
}

/* A code for a segment of an interview, not one of the n already on it. */
static int draw_code(struct rng *r, const unsigned *weights, const uint8_t *taken, int n)
{
	unsigned wt[NCODE];
	int k;

	memcpy(wt, weights, sizeof wt);
	for (k = 0; k < n; k++)
		wt[taken[k]] = 0;
	return rng_pick(r, wt, (int)NCODE);
}

static uint8_t votes(struct rng *r, int code, int succes)
{
	return succes ? 0 : (uint8_t)rng_below(r, 2 * book[code].votes + 1);
}

static void gen_codes(void)
{
	struct rng r, mix;
	struct crow *rows = NULL;
	size_t nrows = 0, cap = 0, k;
	long long i, ndouble = (ninterviews * double_pct + 50) / 100, left = ndouble;
	int width = digits(ninterviews) < 3 ? 3 : digits(ninterviews);

	rng_seed(&r, (uint64_t)seed, 4);
	rng_seed(&mix, (uint64_t)seed, 5);
	for (i = 0; i < ninterviews; i++) {
		unsigned wt[NCODE];
		uint8_t a[2] = { 0, 0 }, b[2] = { 0, 0 };
		int role = rng_pick(&r, role_weights, NROLE);
		int city = (int)rng_below(&r, NCITY);
		int zakelijk = rng_chance(&r, 0.15);
		int nseg = 5 + (int)rng_below(&r, 12);
		/* Selection sampling picks exactly ndouble interviews for the second coder. */
		int twice = rng_below(&r, (uint32_t)(ninterviews - i)) < left;
		size_t first = nrows, nfirst;
		int s, j, n;

		left -= twice;
		for (k = 0; k < NCODE; k++) {
			int ch = book[k].chain;
			wt[k] = book[k].w[role];
			if (ch == (zakelijk ? BOOK_PARTICULIER : BOOK_ZAKELIJK))
				wt[k] = 0;
			else if (ch == BOOK_ZAKELIJK)
				wt[k] *= 4;
		}
		for (s = 1; s <= nseg; s++) {
			int succes = rng_chance(&r, 0.12);
			int quote = 2 * succes + (role != ROLE_HULPVRAGER);

			n = rng_chance(&r, 0.2) ? 2 : 1;
			for (j = 0; j < n; j++) {
				a[j] = (uint8_t)draw_code(&r, wt, a, j);
				xgrow(&rows, &cap, nrows + 1, sizeof *rows);
				rows[nrows++] = (struct crow){
					.interview = (uint32_t)i + 1,
					.code = a[j],
					.role = (uint8_t)role,
					.city = (uint8_t)city,
					.seg = (uint8_t)s,
					.succes = (uint8_t)succes,
					.weight = votes(&r, a[j], succes),
					.qcode = a[0],
					.quote = (uint8_t)quote,
				};
			}
		}
		if (!twice)
			continue;
		/* The second coder sees the same segments and mostly agrees. */
		nfirst = nrows;
		for (k = first; k < nfirst; k = k + (size_t)n) {
			struct crow c;
			n = (k + 1 < nfirst && rows[k + 1].seg == rows[k].seg) ? 2 : 1;
			for (j = 0; j < n; j++) {
				c = rows[k + (size_t)j];
				c.coder = 1;
				if (!rng_chance(&r, 0.75) || (j == 1 && b[0] == c.code)) {
					/* A code that differs from the first coder's and
					 * from the one already on this segment. */
					uint8_t avoid[2] = { c.code, b[0] };
					c.code = (uint8_t)draw_code(&r, wt, avoid, 1 + j);
					c.weight = votes(&r, c.code, c.succes);
				}
				b[j] = c.code;
				if (rng_chance(&r, 0.05)) {
					c.succes = !c.succes;
					c.weight = votes(&r, c.code, c.succes);
				}
				xgrow(&rows, &cap, nrows + 1, sizeof *rows);
				rows[nrows++] = c;
			}
		}
	}
	if (shuffle)
		shuffle_rows(&mix, rows, nrows, sizeof *rows);
	csvw_names(w, codes_header);
	for (k = 0; k < nrows; k++)
		put_code(&rows[k], width);
	free(rows);
}

/* Takes the stage names from the built-in model, so that the data always fit it. */
static void stages_from_model(struct model *m)
{
	int i, idx, prev = -1;

	for (i = 0; i < NSTAGE; i++) {
		idx = model_stage(m, stage_keys[i], strlen(stage_keys[i]));
		if (idx < 0 || idx <= prev)
			die("the built-in model lacks stage '%s' in its place", stage_keys[i]);
		stage_names[i] = m->stages[idx].name;
		stage_len[i] = strlen(stage_names[i]);
		prev = idx;
	}
}

static void make_orgs(void)
{
	int c, k;
	char buf[128];

	for (c = 0; c < NCITY; c++) {
		city_weights[c] = cities[c].weight;
		for (k = 0; k < NORGKIND; k++) {
			snprintf(buf, sizeof buf, org_patterns[k],
				 k == O_RECHTBANK ? cities[c].court : cities[c].name);
			org_names[c][k] = xstrdup(buf);
			org_len[c][k] = strlen(buf);
		}
	}
}

static void free_orgs(void)
{
	int c, k;

	for (c = 0; c < NCITY; c++)
		for (k = 0; k < NORGKIND; k++)
			free(org_names[c][k]);
}

/* R of --rho: a decimal above 0 and below 1, read digit by digit (no locale). */
static double parse_rho(const char *t)
{
	double num = 0, den = 1;
	const char *p = t;
	int digits = 0;

	for (; *p >= '0' && *p <= '9'; p++, digits++)
		num = num * 10 + (*p - '0');
	if (*p == '.')
		for (p++; *p >= '0' && *p <= '9' && den < 1e15; p++, digits++) {
			num = num * 10 + (*p - '0');
			den *= 10;
		}
	if (*p || !digits || num <= 0 || num >= den)
		usage_error("--rho: not a number above 0 and below 1: '%s'", t);
	return num / den;
}

/* A draw of the exponential distribution with the given rate (see k_log). */
static double rng_exp(struct rng *r, double rate)
{
	return -k_log(1 - rng_u01(r)) / rate;
}

/* One event of --mmc: case i at stage s, x days after the start, to the second. */
static void mmc_event(long i, int s, double x)
{
	long long sec = (long long)floor(x * 86400 + 0.5);
	char id[32], date[32], day[16];

	snprintf(id, sizeof id, "M%05ld", i);
	date_format(t0 + (kday)(sec / 86400), day);
	sec %= 86400;
	snprintf(date, sizeof date, "%sT%02d:%02d:%02d", day, (int)(sec / 3600),
		 (int)(sec / 60 % 60), (int)(sec % 60));
	csvw_str(w, id);
	csvw_str(w, stage_names[s]);
	csvw_str(w, date);
	csvw_str(w, "particulier");
	csvw_str(w, "0");
	csvw_end(w);
}

/* --mmc: the log of an M/M/c queue (keten-gen(1), "M/M/c"): Poisson arrivals at
 * aanmelding, ncases expected over the period; c servers, each busy with one case from
 * its eerste_gesprek until its beschikking for an exponential time of mean c rho / lambda,
 * first come first served; uitstroom at the beschikking.  A case whose service has not
 * ended at the end of the period stays open after its eerste_gesprek. */
static void gen_mmc(double rho)
{
	double lambda = (double)ncases / (double)days, mu = lambda / ((double)servers * rho);
	double *free_at = xcalloc((size_t)servers, sizeof *free_at), t = 0, st, e;
	struct rng ra, rs;
	long i = 0;
	size_t k, first;

	rng_seed(&ra, (uint64_t)seed, 7);
	rng_seed(&rs, (uint64_t)seed, 8);
	csvw_names(w, "case,stage,date,chain,urgent");
	while (lambda > 0) {
		t += rng_exp(&ra, lambda);
		if (t >= (double)days)
			break;
		i++;
		/* The server free first (the lowest number among equals) takes the case. */
		first = 0;
		for (k = 1; k < (size_t)servers; k++)
			if (free_at[k] < free_at[first])
				first = k;
		st = t > free_at[first] ? t : free_at[first];
		e = st + rng_exp(&rs, mu);
		free_at[first] = e;
		mmc_event(i, S_AANMELDING, t);
		/* A case still waiting at the end of the period stays at its aanmelding. */
		if (st >= (double)days)
			continue;
		mmc_event(i, S_EERSTE_GESPREK, st);
		if (e < (double)days) {
			mmc_event(i, S_BESCHIKKING, e);
			mmc_event(i, S_UITSTROOM, e);
		}
	}
	free(free_at);
}

int main(int argc, char **argv)
{
	struct model *m;
	double rho;
	int first, events_opt, codes_opt;

	diag_init(argv[0]);
	first = opt_parse(&cmd, &set, argc, argv);
	argc -= first;
	argv += first;
	if (argc > 0)
		usage_error("unexpected argument: '%s'", argv[0]);
	codes = set.kind_codes;
	/* Options that belong to one kind of output. */
	events_opt = opt_seen(&set, "cases") || opt_given(&set, OPT_FROM) || opt_seen(&set, "days");
	codes_opt = opt_seen(&set, "interviews") || opt_seen(&set, "double-coded");
	if (codes && events_opt)
		usage_error("--cases, --from and --days do not go with --kind codes");
	if (!codes && codes_opt)
		usage_error("--interviews and --double-coded need --kind codes");
	if (!mmc && (opt_seen(&set, "servers") || rho_text || opt_seen(&set, "years")))
		usage_error("--servers, --rho and --years need --mmc");
	if (mmc && (codes || shuffle || opt_seen(&set, "days")))
		usage_error(
			"--mmc writes one log of its own: leave out --kind codes, --shuffle and "
			"--days");
	t0 = set.from;
	if (mmc) {
		int y, mo, d;

		/* The period of --years: from --from to the same day N years on. */
		date_to_ymd(t0, &y, &mo, &d);
		if (y + years > 9999)
			usage_error("--years: the period runs past the year 9999");
		if (mo == 2 && d == 29)
			d = 28;
		days = date_from_ymd(y + (int)years, mo, d) - t0;
		if (!opt_seen(&set, "cases"))
			ncases = 3500;
	}
	if (t0 + days - 1 > date_from_ymd(9999, 12, 31))
		usage_error("--days: the period runs past the year 9999");

	if (!codes) {
		make_period();
		if (nwd == 0 && ncases > 0)
			usage_error("no working day in the %lld days from %.10s", days, dtab[0]);
	}
	m = model_builtin();
	stages_from_model(m);
	make_orgs();
	rho = rho_text ? parse_rho(rho_text) : 0.8;
	w = csvw_open(set.output);
	if (mmc)
		gen_mmc(rho);
	else if (codes)
		gen_codes();
	else
		gen_events();
	csvw_close(w);
	free_period();
	free_orgs();
	model_free(m);
	cal_free();
	opt_free(&set);
	return 0;
}
