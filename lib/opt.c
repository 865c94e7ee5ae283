/* opt: option values that several commands take, parsed and checked in one place. */
#include "opt.h"

#include <stdlib.h>
#include <string.h>

#include "diag.h"

kday opt_date(const char *opt, const char *s)
{
	kday d;
	int sec;

	if (date_parse_iso(s, strlen(s), &d, &sec) != 0 || sec >= 0)
		usage_error("%s: not a date (YYYY-MM-DD): '%s'", opt, s);
	return d;
}

enum wait_unit opt_unit(const char *opt, const char *s)
{
	if (strcmp(s, "days") == 0)
		return UNIT_DAYS;
	if (strcmp(s, "workdays") == 0)
		return UNIT_WORKDAYS;
	if (strcmp(s, "hours") == 0)
		return UNIT_HOURS;
	usage_error("%s: not days, workdays or hours: '%s'", opt, s);
}

const char *opt_unit_name(enum wait_unit u)
{
	return u == UNIT_WORKDAYS ? "workdays" : u == UNIT_HOURS ? "hours" : "days";
}

double opt_level(const char *opt, const char *s)
{
	char *end;
	double v = strtod(s, &end);

	if (end == s || *end || !(v > 0))
		usage_error("%s: not a confidence level: '%s'", opt, s);
	if (v >= 1)
		v /= 100;
	if (!(v > 0 && v < 1))
		usage_error("%s: not a confidence level: '%s'", opt, s);
	return v;
}
