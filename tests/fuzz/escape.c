/* escape: the exit() wrapper every fuzz target is linked with (see escape.h). */
#include "escape.h"

#include <stdnoreturn.h>

jmp_buf escape_to;
volatile int escape_armed;
volatile int escape_status;

/* The names are the linker's: --wrap=exit sends calls of exit to __wrap_exit and makes
 * __real_exit the exit of the C library. */
noreturn void __real_exit(int status); /* NOLINT(bugprone-reserved-identifier) */
noreturn void __wrap_exit(int status); /* NOLINT(bugprone-reserved-identifier) */

noreturn void __wrap_exit(int status) /* NOLINT(bugprone-reserved-identifier) */
{
	if (escape_armed) {
		escape_armed = 0;
		escape_status = status;
		longjmp(escape_to, 1);
	}
	__real_exit(status);
}
