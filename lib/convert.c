/* convert: values of foreign exports turned into keten values: dates in Dutch and other
 * forms, Dutch numbers, Windows-1252 and UTF-16 text, yes/no words and header names.
 *
 * Everything here is parsed by hand, byte by byte: the machine's locale must not decide
 * what a date or a number means, and keten import runs these functions for every field
 * of files with tens of millions of rows. */
#include "convert.h"

#include <errno.h>
#include <iconv.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"

#define N(a) (sizeof(a) / sizeof *(a))

static int is_digit(int c)
{
	return c >= '0' && c <= '9';
}

static int is_alpha(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

/* s (n bytes) equals the lowercase word w, in any case. */
static int word_is(const char *s, size_t n, const char *w)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (w[i] == '\0' || lower((unsigned char)s[i]) != w[i])
			return 0;
	return w[n] == '\0';
}

void conv_trim(const char **sp, size_t *np)
{
	const unsigned char *s = (const unsigned char *)*sp;
	size_t n = *np;

	for (;;) {
		if (n && (s[0] == ' ' || s[0] == '\t' || s[0] == '\r' || s[0] == '\n')) {
			s++, n--;
		} else if (n >= 2 && s[0] == 0xC2 && s[1] == 0xA0) {
			s += 2, n -= 2;
		} else {
			break;
		}
	}
	for (;;) {
		if (n &&
		    (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' || s[n - 1] == '\n'))
			n--;
		else if (n >= 2 && s[n - 2] == 0xC2 && s[n - 1] == 0xA0)
			n -= 2;
		else
			break;
	}
	*sp = (const char *)s;
	*np = n;
}

/* Month and weekday names. */

/* clang-format off */
static const struct {
	const char *name;
	int month;
} months[] = {
	{ "januari", 1 }, { "jan", 1 }, { "january", 1 },
	{ "februari", 2 }, { "feb", 2 }, { "february", 2 }, { "febr", 2 },
	{ "maart", 3 }, { "mrt", 3 }, { "mar", 3 }, { "march", 3 },
	{ "april", 4 }, { "apr", 4 },
	{ "mei", 5 }, { "may", 5 },
	{ "juni", 6 }, { "jun", 6 }, { "june", 6 },
	{ "juli", 7 }, { "jul", 7 }, { "july", 7 },
	{ "augustus", 8 }, { "aug", 8 }, { "august", 8 },
	{ "september", 9 }, { "sep", 9 }, { "sept", 9 },
	{ "oktober", 10 }, { "okt", 10 }, { "october", 10 }, { "oct", 10 },
	{ "november", 11 }, { "nov", 11 },
	{ "december", 12 }, { "dec", 12 },
};
/* clang-format on */

/* 0 = Monday, as date_weekday counts. */
/* clang-format off */
static const struct {
	const char *name;
	int wd;
} weekdays[] = {
	{ "maandag", 0 }, { "ma", 0 }, { "monday", 0 }, { "mon", 0 },
	{ "dinsdag", 1 }, { "di", 1 }, { "tuesday", 1 }, { "tue", 1 }, { "tues", 1 },
	{ "woensdag", 2 }, { "wo", 2 }, { "wednesday", 2 }, { "wed", 2 },
	{ "donderdag", 3 }, { "do", 3 }, { "thursday", 3 }, { "thu", 3 }, { "thur", 3 },
	{ "thurs", 3 },
	{ "vrijdag", 4 }, { "vr", 4 }, { "friday", 4 }, { "fri", 4 },
	{ "zaterdag", 5 }, { "za", 5 }, { "saturday", 5 }, { "sat", 5 },
	{ "zondag", 6 }, { "zo", 6 }, { "sunday", 6 }, { "sun", 6 },
};
/* clang-format on */

int conv_month(const char *s, size_t n)
{
	size_t i;

	if (n && s[n - 1] == '.')
		n--;
	for (i = 0; i < N(months); i++)
		if (word_is(s, n, months[i].name))
			return months[i].month;
	return 0;
}

static int weekday_named(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < N(weekdays); i++)
		if (word_is(s, n, weekdays[i].name))
			return weekdays[i].wd;
	return -1;
}

/* A cursor over the text of one date. */
struct scan {
	const char *p, *e;
};

static int at(const struct scan *c)
{
	return c->p < c->e ? (unsigned char)*c->p : -1;
}

/* Reads min..max digits into *v; unless packed, no digit may follow them. */
static int digits_at(struct scan *c, int min, int max, int packed, int *v)
{
	int k = 0, x = 0;

	while (c->p < c->e && is_digit(*c->p) && k < max) {
		x = x * 10 + (*c->p++ - '0');
		k++;
	}
	if (k < min || (!packed && c->p < c->e && is_digit(*c->p)))
		return -1;
	*v = x;
	return k;
}

static int num(struct scan *c, int min, int max, int *v)
{
	return digits_at(c, min, max, 0, v);
}

/* Reads a word of ASCII letters (at least one). */
static int word(struct scan *c, const char **w, size_t *n)
{
	*w = c->p;
	while (c->p < c->e && is_alpha(*c->p))
		c->p++;
	*n = (size_t)(c->p - *w);
	return *n ? 0 : -1;
}

static int spaces(struct scan *c)
{
	int k = 0;

	while (c->p < c->e && *c->p == ' ') {
		c->p++;
		k++;
	}
	return k;
}

/* A year of four digits, or of two read with the pivot. */
static int year(struct scan *c, int *y)
{
	int k = num(c, 2, 4, y);

	if (k == 2)
		*y += *y < CONV_YY_PIVOT ? 2000 : 1900;
	else if (k != 4)
		return -1;
	return 0;
}

/* Z, or an offset +HH, +HHMM, +HH:MM (or with a minus): its minutes east in *off. */
static int zone(struct scan *c, int *off)
{
	int h, m = 0, k, neg;

	if (at(c) == 'Z' || at(c) == 'z') {
		c->p++;
		*off = 0;
		return 0;
	}
	if (at(c) != '+' && at(c) != '-')
		return -1;
	neg = at(c) == '-';
	c->p++;
	k = num(c, 2, 4, &h);
	if (k == 4) {
		m = h % 100;
		h /= 100;
	} else if (k == 2 && at(c) == ':') {
		c->p++;
		if (num(c, 2, 2, &m) < 0)
			return -1;
	} else if (k != 2) {
		return -1;
	}
	if (h > 23 || m > 59)
		return -1;
	*off = (h * 60 + m) * (neg ? -1 : 1);
	return 0;
}

/* The milliseconds of the fraction at c (its first three digits; the rest are read and
 * dropped). */
static int fraction(struct scan *c)
{
	int v = 0, k = 0;

	while (c->p < c->e && is_digit(*c->p)) {
		if (k++ < 3)
			v = v * 10 + (*c->p - '0');
		c->p++;
	}
	while (k++ < 3)
		v *= 10;
	return v;
}

/* am/pm, a.m./p.m., in any case: 0 for am, 12 for pm, -1 for neither. */
static int ampm(struct scan *c)
{
	const char *p = c->p;
	int v;

	if (at(c) == 'a' || at(c) == 'A')
		v = 0;
	else if (at(c) == 'p' || at(c) == 'P')
		v = 12;
	else
		return -1;
	p++;
	if (p < c->e && *p == '.')
		p++;
	if (p >= c->e || (*p != 'm' && *p != 'M'))
		return -1;
	p++;
	if (p < c->e && *p == '.')
		p++;
	c->p = p;
	return v;
}

static int hour12(int h, int pm)
{
	if (h < 1 || h > 12)
		return -1;
	return h % 12 + pm;
}

/* HH:MM[:SS[.fff]] [am|pm] [zone when zone_ok]. */
static int clock(struct scan *c, int zone_ok, struct conv_date *d)
{
	int h, m, s = 0, pm, ms = 0;
	const char *save;

	if (num(c, 1, 2, &h) < 0 || at(c) != ':')
		return -1;
	c->p++;
	if (num(c, 2, 2, &m) < 0)
		return -1;
	d->with_sec = 0;
	if (at(c) == ':') {
		c->p++;
		if (num(c, 2, 2, &s) < 0)
			return -1;
		d->with_sec = 1;
		/* Milliseconds are kept, finer digits dropped (keten(5)). */
		if ((at(c) == '.' || at(c) == ',') && c->p + 1 < c->e && is_digit(c->p[1])) {
			c->p++;
			ms = fraction(c);
		}
	}
	save = c->p;
	spaces(c);
	if ((pm = ampm(c)) >= 0) {
		if ((h = hour12(h, pm)) < 0)
			return -1;
	} else {
		c->p = save;
	}
	if (zone_ok && c->p < c->e) {
		save = c->p;
		spaces(c);
		if (zone(c, &d->off) < 0)
			c->p = save;
	}
	if (h > 23 || m > 59 || s > 59)
		return -1;
	d->ms = (h * 3600 + m * 60 + s) * 1000 + ms;
	return 0;
}

static int finish(int y, int m, int dd, int wd, struct conv_date *d)
{
	if (!date_valid(y, m, dd))
		return -1;
	d->day = date_from_ymd(y, m, dd);
	if (wd >= 0 && date_weekday(d->day) != wd)
		return -1;
	return 0;
}

/* The forms that need no pattern (see conv_date). */
static int builtin(struct scan *c, int order, struct conv_date *d)
{
	int y, m, dd, a, b, wd = -1, k;
	const char *w;
	size_t wn;
	char sep;

	if (is_alpha(at(c))) {
		int named = 1;

		word(c, &w, &wn);
		if ((wd = weekday_named(w, wn)) >= 0) {
			/* zondag 3 maart 2024, Sun, March 3, 2024: checked against the date. */
			if (at(c) == '.')
				c->p++;
			if (at(c) == ',')
				c->p++;
			if (spaces(c) == 0)
				return -1;
			named = is_alpha(at(c)) && word(c, &w, &wn) == 0;
		}
		if (named) {
			/* March 3, 2024; mrt 3 2024. */
			if (!(m = conv_month(w, wn)))
				return -1;
			if (at(c) == '.')
				c->p++;
			if (spaces(c) == 0 && at(c) != '-')
				return -1;
			if (at(c) == '-')
				c->p++;
			if (num(c, 1, 2, &dd) < 0)
				return -1;
			if (at(c) == ',')
				c->p++;
			if (spaces(c) == 0 && at(c) != '-')
				return -1;
			if (at(c) == '-')
				c->p++;
			if (year(c, &y) < 0)
				return -1;
			goto time;
		}
	}
	if ((k = num(c, 1, 4, &a)) < 0)
		return -1;
	if (k == 4) {
		/* Year first: ISO 8601 (and 2024/03/05). */
		y = a;
		sep = (char)at(c);
		if (sep != '-' && sep != '/')
			return -1;
		c->p++;
		if (num(c, 1, 2, &m) < 0 || at(c) != sep)
			return -1;
		c->p++;
		if (num(c, 1, 2, &dd) < 0)
			return -1;
		d->ms = -1;
		d->with_sec = 0;
		if ((at(c) == 'T' || at(c) == 't' || at(c) == ' ') && c->p + 1 < c->e &&
		    is_digit(c->p[1])) {
			c->p++;
			if (clock(c, 1, d) < 0)
				return -1;
		}
		return c->p == c->e ? finish(y, m, dd, wd, d) : -1;
	}
	if (k > 2)
		return -1;
	sep = (char)at(c);
	if (sep == ' ')
		spaces(c);
	else if (sep == '-' || sep == '/' || sep == '.')
		c->p++;
	else
		return -1;
	if (is_alpha(at(c))) {
		/* 3 maart 2024, 3-mrt-24, 3 mrt. 2024. */
		dd = a;
		word(c, &w, &wn);
		if (!(m = conv_month(w, wn)))
			return -1;
		if (at(c) == '.')
			c->p++;
		if (spaces(c) == 0) {
			if (at(c) != '-' && at(c) != '/' && at(c) != '.')
				return -1;
			c->p++;
		}
		if (year(c, &y) < 0)
			return -1;
	} else {
		if (sep == ' ' || num(c, 1, 2, &b) < 0 || at(c) != sep)
			return -1;
		c->p++;
		if (year(c, &y) < 0)
			return -1;
		dd = order == CONV_MDY ? b : a;
		m = order == CONV_MDY ? a : b;
	}
time:
	d->ms = -1;
	d->with_sec = 0;
	if (c->p < c->e) {
		if (at(c) == 'T' || at(c) == 't')
			c->p++;
		else if (spaces(c) == 0)
			return -1;
		if (clock(c, 0, d) < 0)
			return -1;
	}
	return c->p == c->e ? finish(y, m, dd, wd, d) : -1;
}

/* Pieces of a --date-format pattern. */
enum {
	F_LIT,
	F_SPACE,
	F_DAY,
	F_MON,
	F_MONNAME,
	F_YEAR4,
	F_YEAR2,
	F_HOUR,
	F_MIN,
	F_SEC,
	F_FRAC,
	F_AMPM,
	F_ZONE,
	F_WDAY
};

struct conv_datefmt {
	struct {
		int kind;
		char ch;
	} * tok;
	size_t n;
};

struct conv_datefmt *conv_datefmt_new(const char *fmt, const char **err)
{
	struct conv_datefmt *f = xcalloc(1, sizeof *f);
	size_t len = strlen(fmt), i;
	int have_y = 0, have_m = 0, have_d = 0, have_h = 0, have_p = 0, have_min = 0;

	f->tok = xcalloc(len + 1, sizeof *f->tok);
	for (i = 0; i < len; i++) {
		int kind = F_LIT;
		char ch = fmt[i];

		if (fmt[i] == ' ') {
			kind = F_SPACE;
			while (fmt[i + 1] == ' ')
				i++;
		} else if (fmt[i] == '%') {
			switch (fmt[++i]) {
			case 'd':
				kind = F_DAY;
				have_d++;
				break;
			case 'm':
				kind = F_MON;
				have_m++;
				break;
			case 'b':
			case 'B':
				kind = F_MONNAME;
				have_m++;
				break;
			case 'Y':
				kind = F_YEAR4;
				have_y++;
				break;
			case 'y':
				kind = F_YEAR2;
				have_y++;
				break;
			case 'H':
				kind = F_HOUR;
				have_h++;
				break;
			case 'M':
				kind = F_MIN;
				have_min++;
				break;
			case 'S':
				kind = F_SEC;
				break;
			case 'f':
				kind = F_FRAC;
				break;
			case 'p':
				kind = F_AMPM;
				have_p++;
				break;
			case 'z':
				kind = F_ZONE;
				break;
			case 'a':
			case 'A':
				kind = F_WDAY;
				break;
			case '%':
				ch = '%';
				break;
			default:
				*err = "unknown directive (use %d %m %b %Y %y %H %M %S %f %p %z %a %%)";
				conv_datefmt_free(f);
				return NULL;
			}
		}
		f->tok[f->n].kind = kind;
		f->tok[f->n].ch = ch;
		f->n++;
	}
	if (have_y != 1 || have_m != 1 || have_d != 1) {
		*err = "needs one day (%d), one month (%m or %b) and one year (%Y or %y)";
	} else if (have_h > 1 || have_min > 1 || (have_h != have_min) || (have_p && !have_h)) {
		*err = "a time needs one hour (%H) and one minute (%M)";
	} else {
		return f;
	}
	conv_datefmt_free(f);
	return NULL;
}

void conv_datefmt_free(struct conv_datefmt *f)
{
	if (!f)
		return;
	free(f->tok);
	free(f);
}

static int by_format(struct scan *c, const struct conv_datefmt *f, struct conv_date *d)
{
	int y = 0, m = 0, dd = 0, h = -1, mi = 0, s = 0, pm = -1, wd = -1, ms = 0;
	const char *w;
	size_t i, wn;

	d->with_sec = 0;
	for (i = 0; i < f->n; i++) {
		switch (f->tok[i].kind) {
		case F_LIT:
			if (at(c) < 0 || lower(at(c)) != lower((unsigned char)f->tok[i].ch))
				return -1;
			c->p++;
			break;
		case F_SPACE:
			if (spaces(c) == 0)
				return -1;
			break;
		case F_DAY:
			if (digits_at(c, 1, 2, 1, &dd) < 0)
				return -1;
			break;
		case F_MON:
			if (digits_at(c, 1, 2, 1, &m) < 0)
				return -1;
			break;
		case F_MONNAME:
			if (word(c, &w, &wn) < 0 || !(m = conv_month(w, wn)))
				return -1;
			if (at(c) == '.')
				c->p++;
			break;
		case F_YEAR4:
			if (digits_at(c, 4, 4, 1, &y) < 0)
				return -1;
			break;
		case F_YEAR2:
			if (digits_at(c, 2, 2, 1, &y) < 0)
				return -1;
			y += y < CONV_YY_PIVOT ? 2000 : 1900;
			break;
		case F_HOUR:
			if (digits_at(c, 1, 2, 1, &h) < 0)
				return -1;
			break;
		case F_MIN:
			if (digits_at(c, 2, 2, 1, &mi) < 0)
				return -1;
			break;
		case F_SEC:
			if (digits_at(c, 2, 2, 1, &s) < 0)
				return -1;
			d->with_sec = 1;
			break;
		case F_FRAC:
			if (!is_digit(at(c)))
				return -1;
			ms = fraction(c);
			break;
		case F_AMPM:
			if ((pm = ampm(c)) < 0)
				return -1;
			break;
		case F_ZONE:
			if (zone(c, &d->off) < 0)
				return -1;
			break;
		case F_WDAY:
			if (word(c, &w, &wn) < 0 || (wd = weekday_named(w, wn)) < 0)
				return -1;
			if (at(c) == '.')
				c->p++;
			break;
		}
	}
	if (c->p != c->e)
		return -1;
	d->ms = -1;
	if (h >= 0) {
		if (pm >= 0 && (h = hour12(h, pm)) < 0)
			return -1;
		if (h > 23 || mi > 59 || s > 59)
			return -1;
		d->ms = (h * 3600 + mi * 60 + s) * 1000 + ms;
	}
	return finish(y, m, dd, wd, d);
}

int conv_date(const char *s, size_t n, int order, const struct conv_datefmt *fmt,
	      struct conv_date *out)
{
	struct scan c;
	int r;

	conv_trim(&s, &n);
	c.p = s;
	c.e = s + n;
	out->off = DATE_NOOFF;
	if (fmt) {
		/* ISO stays readable beside the pattern: it cannot be mistaken for another
		 * date, and keten's own files are written in it. */
		struct scan iso = c;
		if (n >= 10 && is_digit(s[0]) && s[4] == '-' && builtin(&iso, order, out) == 0) {
			r = 0;
		} else {
			out->off = DATE_NOOFF;
			r = by_format(&c, fmt, out);
		}
	} else {
		r = builtin(&c, order, out);
	}
	if (r != 0)
		return -1;
	/* A time with an offset is an instant: it is written as the zone's local time and
	 * offset then (keten-import(1)).  An offset without a time says nothing. */
	if (out->ms < 0)
		out->off = DATE_NOOFF;
	else if (out->off != DATE_NOOFF)
		date_zone_localize(&out->day, &out->ms, &out->off);
	return 0;
}

size_t conv_date_write(const struct conv_date *d, char *buf)
{
	return date_time_format(d->day, d->ms, d->off, d->with_sec, buf);
}

/* A euro sign (UTF-8) or EUR at p: its length, or 0. */
static size_t euro(const char *p, const char *e)
{
	if (e - p >= 3 && memcmp(p, "\xE2\x82\xAC", 3) == 0)
		return 3;
	if (e - p >= 3 && word_is(p, 3, "eur"))
		return 3;
	return 0;
}

/* The digits in [p, e) are grouped by sep in threes: 1.234.567 (the first group 1..3
 * digits without a leading zero). */
static int grouped(const char *p, const char *e, char sep)
{
	size_t k = 0;
	int first = 1;

	if (p < e && *p == '0')
		return 0;
	for (; p < e; p++) {
		if (*p == sep) {
			if (k == 0 || (first ? k > 3 : k != 3))
				return 0;
			first = 0;
			k = 0;
		} else {
			k++;
		}
	}
	return !first && k == 3;
}

static const char *last(const char *p, const char *e, char c)
{
	while (e > p)
		if (*--e == c)
			return e;
	return NULL;
}

long conv_number(const char *s, size_t n, char *out)
{
	const char *p, *e, *num0, *num1, *dec = NULL, *q;
	int neg = 0, sign = 0, cur = 0, whole = 0;
	size_t ncomma = 0, ndot = 0, k;
	char thou = 0;
	long o = 0;

	conv_trim(&s, &n);
	p = s;
	e = s + n;
	/* A sign and a currency, in either order, spaces between. */
	for (;;) {
		if (!sign && p < e && (*p == '-' || *p == '+')) {
			neg = *p == '-';
			sign = 1;
			p++;
		} else if (!cur && (k = euro(p, e)) > 0) {
			cur = 1;
			p += k;
		} else {
			break;
		}
		while (p < e && *p == ' ')
			p++;
	}
	num0 = p;
	while (p < e && (is_digit(*p) || *p == '.' || *p == ','))
		p++;
	num1 = p;
	/* 12,- and 12,-- are whole amounts. */
	if (num1 > num0 && num1[-1] == ',' && p < e && *p == '-') {
		whole = 1;
		num1--;
		p++;
		if (p < e && *p == '-')
			p++;
	}
	while (p < e && *p == ' ')
		p++;
	if (!cur && (k = euro(p, e)) > 0)
		p += k;
	if (p != e || num1 == num0)
		return -1;
	for (q = num0; q < num1; q++) {
		if (*q == ',')
			ncomma++;
		else if (*q == '.')
			ndot++;
	}
	if (ncomma && ndot) {
		/* Both: the last one is the decimal mark, the other groups thousands. */
		const char *lc = last(num0, num1, ','), *ld = last(num0, num1, '.');
		dec = lc > ld ? lc : ld;
		thou = lc > ld ? '.' : ',';
		if ((thou == '.' ? ncomma : ndot) != 1)
			return -1;
	} else if (ncomma == 1) {
		dec = memchr(num0, ',', (size_t)(num1 - num0));
	} else if (ndot == 1 && !grouped(num0, num1, '.')) {
		dec = memchr(num0, '.', (size_t)(num1 - num0));
	} else if (ncomma) {
		thou = ',';
	} else if (ndot) {
		thou = '.';
	}
	if (whole && (dec || thou == ','))
		return -1;
	if (thou && !grouped(num0, dec ? dec : num1, thou))
		return -1;
	if (dec && dec + 1 == num1)
		return -1;
	if (dec == num0 && dec + 1 == num1)
		return -1;
	/* The digits, without leading zeros and group marks. */
	if (neg)
		out[o++] = '-';
	for (q = num0; q < (dec ? dec : num1); q++)
		if (is_digit(*q) && !(*q == '0' && o == neg))
			out[o++] = *q;
	if (o == neg)
		out[o++] = '0';
	if (dec) {
		out[o++] = '.';
		for (q = dec + 1; q < num1; q++)
			out[o++] = *q;
	}
	/* -0 and -0.00 are written without the sign. */
	if (neg) {
		for (q = out + 1; q < out + o; q++)
			if (*q != '0' && *q != '.')
				break;
		if (q == out + o)
			memmove(out, out + 1, (size_t)--o);
	}
	out[o] = '\0';
	return o;
}

int conv_yesno(const char *s, size_t n)
{
	static const char *const yes[] = { "1", "ja", "j", "yes", "y", "true", "waar", "x" };
	static const char *const no[] = { "0", "nee", "n", "no", "false", "onwaar" };
	size_t i;

	if (n == 1 && (*s == '0' || *s == '1'))
		return *s - '0';
	conv_trim(&s, &n);
	for (i = 0; i < N(yes); i++)
		if (word_is(s, n, yes[i]))
			return 1;
	for (i = 0; i < N(no); i++)
		if (word_is(s, n, no[i]))
			return 0;
	return -1;
}

/* Windows-1252 0x80..0x9F; the five bytes it leaves undefined map to the C1 controls of
 * the same number, as Windows itself converts them. */
/* clang-format off */
static const uint16_t cp1252_high[32] = {
	0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
	0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
	0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
	0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
};
/* clang-format on */

size_t conv_cp1252_char(unsigned char c, char *out)
{
	unsigned u = c;

	if (c < 0x80) {
		out[0] = (char)c;
		return 1;
	}
	if (c < 0xA0)
		u = cp1252_high[c - 0x80];
	if (u < 0x800) {
		out[0] = (char)(0xC0 | u >> 6);
		out[1] = (char)(0x80 | (u & 0x3F));
		return 2;
	}
	out[0] = (char)(0xE0 | u >> 12);
	out[1] = (char)(0x80 | (u >> 6 & 0x3F));
	out[2] = (char)(0x80 | (u & 0x3F));
	return 3;
}

size_t conv_cp1252(const char *in, size_t n, char *out)
{
	const unsigned char *s = (const unsigned char *)in;
	size_t i, o = 0;

	for (i = 0; i < n; i++) {
		if (s[i] < 0x80)
			out[o++] = (char)s[i];
		else
			o += conv_cp1252_char(s[i], out + o);
	}
	return o;
}

int conv_utf8_seq(const unsigned char *s, size_t n)
{
	unsigned c = s[0];
	int len, i;
	unsigned lo = 0x80, hi = 0xBF;

	if (c < 0x80)
		return 1;
	if (c >= 0xC2 && c <= 0xDF) {
		len = 2;
	} else if (c >= 0xE0 && c <= 0xEF) {
		len = 3;
		if (c == 0xE0)
			lo = 0xA0;
		else if (c == 0xED)
			hi = 0x9F;
	} else if (c >= 0xF0 && c <= 0xF4) {
		len = 4;
		if (c == 0xF0)
			lo = 0x90;
		else if (c == 0xF4)
			hi = 0x8F;
	} else {
		return 0;
	}
	for (i = 1; i < len; i++) {
		if ((size_t)i >= n)
			return -1;
		if (s[i] < lo || s[i] > hi)
			return 0;
		lo = 0x80;
		hi = 0xBF;
	}
	return len;
}

int conv_utf8_decode(const unsigned char *s, size_t n, uint32_t *cp)
{
	/* The payload bits of a lead byte of a sequence of 1, 2, 3 or 4 bytes. */
	static const unsigned char lead[5] = { 0, 0x7F, 0x1F, 0x0F, 0x07 };
	int len = conv_utf8_seq(s, n);
	uint32_t c;

	if (len <= 0)
		return len;
	c = s[0] & lead[len];
	for (int i = 1; i < len; i++)
		c = c << 6 | (s[i] & 0x3F);
	*cp = c;
	return len;
}

/* Bytes of in from i on that are ASCII, eight at a time. */
static size_t ascii_run(const unsigned char *s, size_t i, size_t n)
{
	uint64_t w;

	while (i + 8 <= n) {
		memcpy(&w, s + i, 8);
		if (w & 0x8080808080808080ULL)
			break;
		i += 8;
	}
	while (i < n && s[i] < 0x80)
		i++;
	return i;
}

size_t conv_utf8_valid(const char *in, size_t n)
{
	const unsigned char *s = (const unsigned char *)in;
	size_t i = 0;
	int k;

	for (;;) {
		i = ascii_run(s, i, n);
		if (i == n)
			return n;
		k = conv_utf8_seq(s + i, n - i);
		if (k <= 0)
			return i;
		i += (size_t)k;
	}
}

size_t conv_utf8_mixed(const char *in, size_t n, int final, char *out, size_t *used, size_t *bad)
{
	const unsigned char *s = (const unsigned char *)in;
	size_t i = 0, o = 0, j;
	int k;

	while (i < n) {
		j = ascii_run(s, i, n);
		memcpy(out + o, s + i, j - i);
		o += j - i;
		i = j;
		if (i == n)
			break;
		k = conv_utf8_seq(s + i, n - i);
		if (k > 0) {
			memcpy(out + o, s + i, (size_t)k);
			o += (size_t)k;
			i += (size_t)k;
			continue;
		}
		if (k < 0 && !final)
			break;
		if (*bad == (size_t)-1)
			*bad = i;
		o += conv_cp1252_char(s[i], out + o);
		i++;
	}
	*used = i;
	return o;
}

/* The length of the non-ASCII character at u (n bytes left) when it belongs in a name,
 * or minus its length when it separates words: Latin-1 symbols and the no-break space
 * (U+0080..U+00BF), the multiplication and division signs, punctuation, currency and
 * other symbols of U+2000..U+2BFF, and the byte-order mark. */
static int name_char(const unsigned char *u, size_t n)
{
	int k = conv_utf8_seq(u, n);

	if (k <= 0)
		return -1;
	if (u[0] == 0xC2 || (u[0] == 0xC3 && (u[1] == 0x97 || u[1] == 0xB7)) ||
	    (u[0] == 0xE2 && u[1] <= 0xAF) || (u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF))
		return -k;
	return k;
}

size_t conv_clean_name(const char *s, size_t n, char *out)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, o = 0;
	int gap = 0, k;

	while (i < n) {
		unsigned c = u[i];

		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z'))
			k = 1;
		else if (c >= 0x80)
			k = name_char(u + i, n - i);
		else
			k = -1;
		if (k < 0) {
			gap = 1;
			i += (size_t)-k;
			continue;
		}
		/* Accented letters are part of a name (Reële waarde). */
		if (gap && o)
			out[o++] = '_';
		gap = 0;
		while (k-- > 0)
			out[o++] = (char)lower(u[i++]);
	}
	out[o] = '\0';
	return o;
}

struct conv_utf16 {
	iconv_t cd;
};

struct conv_utf16 *conv_utf16_new(int big_endian)
{
	struct conv_utf16 *c = xcalloc(1, sizeof *c);

	/* The byte order is named, so that iconv takes no byte-order mark from the text:
	 * the caller has skipped it. */
	c->cd = iconv_open("UTF-8", big_endian ? "UTF-16BE" : "UTF-16LE");
	if (c->cd == (iconv_t)-1) {
		free(c);
		die("cannot convert UTF-16: iconv_open: %s", strerror(errno));
	}
	return c;
}

long conv_utf16(struct conv_utf16 *c, const char *in, size_t n, char *out, size_t *used)
{
	/* iconv's prototype takes char **, which it does not write through. */
	char *ip = (char *)in, *op = out;
	size_t il = n, ol = 3 * n / 2 + 4;

	while (il > 0) {
		if (iconv(c->cd, &ip, &il, &op, &ol) != (size_t)-1)
			continue;
		if (errno == EINVAL)
			break; /* cut short: the rest comes with the next bytes */
		*used = (size_t)(ip - in);
		return -1; /* EILSEQ: a lone surrogate; E2BIG cannot happen with this room */
	}
	*used = (size_t)(ip - in);
	return (long)(op - out);
}

void conv_utf16_free(struct conv_utf16 *c)
{
	if (!c)
		return;
	iconv_close(c->cd);
	free(c);
}
