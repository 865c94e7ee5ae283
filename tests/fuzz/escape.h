/* escape: lets a fuzz target live through keten's library calling exit().
 *
 * The library answers bad input the way a command must: a message and exit(1) (die in
 * lib/diag.c).  Inside a fuzz target that would end the whole run, and libFuzzer counts
 * an exit as a failure.  tests/fuzz/run links every target with -Wl,--wrap=exit, so every
 * call of exit comes to escape.c first: inside a guarded stretch it jumps back to the
 * guard, because a clean error message is a correct answer to bad input; anywhere else
 * it exits as usual, and libFuzzer reports the input that made it.  Use it like this:
 *
 *	struct csvr *volatile r = NULL;
 *	if (setjmp(escape_to) == 0) {
 *		escape_armed = 1;
 *		... code that may die ...
 *		escape_armed = 0;
 *	} else {
 *		... it died (escape_armed is 0 again): free what it left ...
 *	}
 *
 * Locals changed inside the guarded stretch and read after a jump must be volatile. */
#ifndef KETEN_FUZZ_ESCAPE_H
#define KETEN_FUZZ_ESCAPE_H

#include <setjmp.h>

extern jmp_buf escape_to;
extern volatile int escape_armed;
/* The status the last escaped exit was called with. */
extern volatile int escape_status;

#endif
