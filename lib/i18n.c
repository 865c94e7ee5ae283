/* i18n: texts looked up in keten's message catalogue through gettext (i18n.h). */
#include "i18n.h"

#include <libintl.h>
#include <locale.h>

#ifndef LOCALEDIR
#define LOCALEDIR "/usr/local/share/locale"
#endif

const char *i18n_text(const char *msgid)
{
	static int bound;

	/* The catalogue is bound at the first look-up, so that a program that never
	 * translates never touches the locale. */
	if (!bound) {
		bound = 1;
		setlocale(LC_MESSAGES, "");
		bindtextdomain("keten", LOCALEDIR);
		bind_textdomain_codeset("keten", "UTF-8");
	}
	return dgettext("keten", msgid);
}
