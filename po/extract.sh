#!/bin/sh
# Writes the message template of keten (po/keten.pot) to stdout: the texts marked with _()
# and N_(), and the format strings of lib/diag's message functions, which translate them
# where they print (lib/diag.c), so that no call site needs a mark.  Without locations
# and sorted, the template changes only when a text does (HACKING.md, Translations).
set -eu
cd "$(dirname "$0")/.."
kw=""
for f in warnx:1 warn_at:3 die:1 die_at:3 usage_error:1 read_failed:3 fail:3 reject:3 \
	structure_error:2; do
	kw="$kw --keyword=$f --flag=$f:c-format"
done
# The help texts of --help (lib/opt.h): the fourth argument of the shared options' table
# in lib/opt.c, the help sentence of each option macro, the note of OPT_TAKE_NOTE; the
# footers of the commands are marked N_().
for f in SHARED:4 SHARED_INT:4 OPT_FLAG_OWN:3 OPT_STRING_OWN:4 OPT_INT_OWN:4 \
	OPT_CHOICE_OWN:4 OPT_LIST_OWN:4 OPT_CALL_OWN:4 OPT_INFILE_OWN:4 OPT_TAKE_NOTE:2; do
	kw="$kw --keyword=$f"
done
# shellcheck disable=SC2086 # the keywords are words
xgettext --language=C --from-code=UTF-8 --no-location --sort-output --omit-header \
	--keyword=_ --keyword=N_ $kw -o - lib/*.c bin/*.c
