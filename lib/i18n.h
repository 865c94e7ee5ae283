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

/* _() translates where the text is used; N_() only marks a text in a static table for
 * extraction (xgettext --keyword=_ --keyword=N_), to be translated with _() when used. */
/* The names are gettext's own, which xgettext and every translator know. */
#define _(s) i18n_text(s) /* NOLINT(bugprone-reserved-identifier) */
#define N_(s) (s)

#endif
