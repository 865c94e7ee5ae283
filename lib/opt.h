/* opt: option values that several commands take, parsed and checked in one place. */
#ifndef KETEN_OPT_H
#define KETEN_OPT_H

#include "date.h"

/* The unit waits are measured in. */
enum wait_unit { UNIT_DAYS, UNIT_WORKDAYS, UNIT_HOURS };

/* An ISO date option (--asof, --today); a bad value is a usage error naming opt. */
kday opt_date(const char *opt, const char *s);
/* days | workdays | hours. */
enum wait_unit opt_unit(const char *opt, const char *s);
const char *opt_unit_name(enum wait_unit u);
/* A confidence level: 95 or 0.95 both mean 95%. */
double opt_level(const char *opt, const char *s);

#endif
