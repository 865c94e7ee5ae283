/* Unit tests of lib/i18n.c: the language a page asks for (i18n_lang) and the texts of the
 * catalogue built in from po/nl.po, which --lang chooses whatever the locale says.  The
 * runner runs under LC_ALL=C, where gettext finds no Dutch. */
#include <stdio.h>
#include <string.h>

#include "i18n.h"

static int failures;

static void ok(int cond, const char *name)
{
	printf("%sok - %s\n", cond ? "" : "not ", name);
	if (!cond)
		failures++;
}

int main(void)
{
	ok(strcmp(i18n_lang(), "en") == 0, "under LC_ALL=C the language is en");
	ok(strcmp(_("unknown option '%s'"), "unknown option '%s'") == 0,
	   "under LC_ALL=C a text is itself");
	ok(i18n_set_lang("fr") == -1, "fr is no language of keten");
	ok(strcmp(i18n_lang(), "en") == 0, "a refused language leaves the choice as it was");
	ok(i18n_set_lang("nl") == 0, "nl is chosen");
	ok(strcmp(i18n_lang(), "nl") == 0, "i18n_lang says nl");
	ok(strcmp(_("unknown option '%s'"), "onbekende optie '%s'") == 0,
	   "a message in Dutch from the built-in catalogue");
	ok(strcmp(_("dropped here"), "hier uitgevallen") == 0, "a label of the klantreis in Dutch");
	ok(strcmp(_("a text no catalogue holds"), "a text no catalogue holds") == 0,
	   "a text with no translation is itself");
	ok(strstr(_(""), "Language: nl") != NULL, "the header of the catalogue names nl");
	ok(i18n_set_lang("en") == 0 && strcmp(i18n_lang(), "en") == 0, "en is chosen again");
	ok(strcmp(_("unknown option '%s'"), "unknown option '%s'") == 0,
	   "with en a text is itself");
	return failures != 0;
}
