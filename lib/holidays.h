/* holidays: holidays files (keten(5)) read into a working-day calendar.  The calendar
 * itself (date.h) reads no files; this module sits above it and above csvio, so that
 * lib/ has no include cycle (HACKING.md, "Layers"). */
#ifndef KETEN_HOLIDAYS_H
#define KETEN_HOLIDAYS_H

#include "date.h"

/* Adds the days of a keten CSV file with a column 'date' (and optionally 'name'; an
 * empty or missing name is "extra") to c: bridge days set by decree, as --holidays FILE
 * gives them.  A day given twice keeps its first name (cal_add_days).  Errors name the
 * file and line and exit. */
void holidays_add_file(struct calendar *c, const char *path);

#endif
