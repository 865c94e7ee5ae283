/* i18n: texts looked up in keten's message catalogue (i18n.h).  Without a choice of
 * language the locale decides, through gettext and the catalogue installed under
 * LOCALEDIR; --lang (i18n_set_lang) uses the catalogue compiled into the program from
 * po/nl.po instead, so that it works where no locale is installed (keten(1), LANGUAGE).
 * That copy is read as a GNU .mo file: the format of the gettext manual, "The Format of
 * GNU MO Files", whose originals are sorted, so a look-up is a binary search. */
#include "i18n.h"

#include <libintl.h>
#include <locale.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#ifndef LOCALEDIR
#define LOCALEDIR "/usr/local/share/locale"
#endif

/* The build writes po/nl.po, through msgfmt, as a C array nl_mo[] into nl_mo.h beside
 * the objects (the Makefile); a build without it (the fuzzers, the static checks) knows no
 * Dutch. */
#ifdef KETEN_NL_MO
#include KETEN_NL_MO
#else
static const unsigned char nl_mo[1];
#endif

/* A catalogue in .mo form held in memory. */
struct mo {
	const unsigned char *b;
	size_t size;
	int swap;       /* written with the other byte order */
	uint32_t n;     /* strings */
	uint32_t orig;  /* offset of the table of originals */
	uint32_t trans; /* offset of the table of translations */
};

static uint32_t get32(const struct mo *m, uint32_t at)
{
	const unsigned char *p = m->b + at;

	if (m->swap)
		return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
	return (uint32_t)p[3] << 24 | (uint32_t)p[2] << 16 | (uint32_t)p[1] << 8 | p[0];
}

/* Checks the header and that every table entry lies inside the file with its NUL, so that
 * look-ups need no more checks; returns 0 when the catalogue is usable. */
static int mo_open(struct mo *m, const unsigned char *b, size_t size)
{
	uint32_t i;

	m->b = b;
	m->size = size;
	if (size < 28)
		return -1;
	m->swap = 0;
	if (get32(m, 0) != 0x950412deu) {
		m->swap = 1;
		if (get32(m, 0) != 0x950412deu)
			return -1;
	}
	m->n = get32(m, 8);
	m->orig = get32(m, 12);
	m->trans = get32(m, 16);
	if (m->orig > size || m->trans > size || m->n > (size - m->orig) / 8 ||
	    m->n > (size - m->trans) / 8)
		return -1;
	for (i = 0; i < m->n; i++) {
		uint32_t t;

		for (t = 0; t < 2; t++) {
			uint32_t tab = t ? m->trans : m->orig;
			uint32_t len = get32(m, tab + 8 * i), off = get32(m, tab + 8 * i + 4);

			if (off >= size || len >= size - off || b[off + len] != '\0')
				return -1;
		}
	}
	return 0;
}

/* The translation of msgid, or NULL.  The originals are sorted by their bytes. */
static const char *mo_find(const struct mo *m, const char *msgid)
{
	uint32_t lo = 0, hi = m->n;

	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;
		const char *o = (const char *)m->b + get32(m, m->orig + 8 * mid + 4);
		int c = strcmp(msgid, o);

		if (c == 0) {
			const char *t = (const char *)m->b + get32(m, m->trans + 8 * mid + 4);
			return *t ? t : NULL;
		}
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

enum { LANG_LOCALE, LANG_EN, LANG_NL };
static int chosen = LANG_LOCALE;
static struct mo nl;
static int nl_ok = -1; /* the built-in catalogue: not yet looked at (-1), usable (1) */

static void bind_catalogue(void)
{
	static int bound;
	const char *dir;

	/* The catalogue is bound at the first look-up, so that a program that never
	 * translates never touches the locale.  Only LC_MESSAGES follows the locale:
	 * numbers and dates are keten's own (keten(5)).  KETEN_LOCALEDIR stands in for
	 * the installed directory, for a build that is not installed (keten(1)). */
	if (bound)
		return;
	bound = 1;
	setlocale(LC_MESSAGES, "");
	dir = getenv("KETEN_LOCALEDIR");
	bindtextdomain("keten", dir && *dir ? dir : LOCALEDIR);
	bind_textdomain_codeset("keten", "UTF-8");
}

int i18n_set_lang(const char *lang)
{
	if (strcmp(lang, "en") == 0) {
		chosen = LANG_EN;
		return 0;
	}
	if (strcmp(lang, "nl") == 0) {
		if (nl_ok < 0)
			nl_ok = mo_open(&nl, nl_mo, sizeof nl_mo) == 0;
		chosen = LANG_NL;
		return 0;
	}
	return -1;
}

const char *i18n_text(const char *msgid)
{
	const char *t;

	switch (chosen) {
	case LANG_EN:
		return msgid;
	case LANG_NL:
		t = nl_ok > 0 ? mo_find(&nl, msgid) : NULL;
		return t ? t : msgid;
	default:
		bind_catalogue();
		return dgettext("keten", msgid);
	}
}

const char *i18n_lang(void)
{
	const char *h, *l;

	if (chosen != LANG_LOCALE)
		return chosen == LANG_NL ? "nl" : "en";
	/* The header of the catalogue the locale finds (the translation of "") names its
	 * language; with no catalogue the header is "" itself. */
	h = i18n_text("");
	l = strstr(h, "\nLanguage: ");
	if (!l && strncmp(h, "Language: ", 10) == 0)
		l = h - 1;
	return l && strncmp(l + 11, "nl", 2) == 0 ? "nl" : "en";
}
