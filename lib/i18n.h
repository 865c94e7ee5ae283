/* i18n: the texts of keten in the user's language (keten(1), LANGUAGE).  Messages and the
 * labels of pages are written in English in the code and looked up here; only texts
 * change, never how a number or date is read or written (keten(5)).  A module of the Base
 * layer (HACKING.md, "Layers"): every other layer may translate. */
#ifndef KETEN_I18N_H
#define KETEN_I18N_H

/* The translation of msgid in the language chosen (i18n_set_lang, or the locale's
 * LC_MESSAGES and LANGUAGE), or msgid itself when there is none.  The result lives as
 * long as the process. */
const char *i18n_text(const char *msgid);

/* Chooses the language of every text from now on, whatever the locale says: "en" (the
 * texts as written) or "nl" (the catalogue built into the program from po/nl.po, which
 * needs no installed locale).  Returns 0, or -1 for a language keten has no texts in (the
 * choice is then left as it was). */
int i18n_set_lang(const char *lang);

/* The language the texts come out in: "nl" when i18n_set_lang chose Dutch, or, without a
 * choice, when the locale (LANGUAGE, LC_ALL, LC_MESSAGES, LANG) finds keten's Dutch
 * catalogue; "en" otherwise.  Pages write it as their lang attribute and format their
 * numbers and dates by it. */
const char *i18n_lang(void);

/* The languages i18n_set_lang takes, for messages and help: "en or nl". */
#define I18N_LANGS "en or nl"

/* _() translates where the text is used; N_() only marks a text in a static table for
 * extraction (xgettext --keyword=_ --keyword=N_), to be translated with _() when used. */
/* NOLINTNEXTLINE(bugprone-reserved-identifier): _ is gettext's name, which xgettext reads */
#define _(s) i18n_text(s)
#define N_(s) (s)

#endif
