/* progress: the one progress meter of keten (progress.h), for import and for every reader
 * of a large log. */
#include "progress.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "diag.h"
#include "i18n.h"

static int enabled;
/* The meter whose line is on the screen, for diag to erase before a message. */
static struct progress *active;

void progress_enable(void)
{
	enabled = 1;
}

int progress_enabled(void)
{
	return enabled;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void clear_active(void)
{
	if (active)
		progress_clear(active);
}

void progress_start(struct progress *p, const char *name, long long size)
{
	const char *e;

	p->name = name;
	p->size = size;
	p->shown = 0;
	p->tlast = 0;
	p->on = isatty(2);
	if (!p->on)
		return;
	p->delay = 1.0;
	if ((e = getenv("KETEN_PROGRESS_DELAY")) != NULL && *e)
		p->delay = strtod(e, NULL);
	p->t0 = now();
	diag_before_message(clear_active);
}

void progress_update(struct progress *p, long long bytes, long long rows)
{
	double t, el, mb;

	if (!p->on)
		return;
	t = now();
	el = t - p->t0;
	if (el < p->delay || (p->shown && t - p->tlast < 0.25))
		return;
	mb = (double)bytes / 1e6;
	p->tlast = t;
	p->shown = 1;
	active = p;
	fputc('\r', stderr);
	fprintf(stderr, _("%s: %.1f MB, %lld rows, %.1f MB/s"), diag_prog, mb, rows,
		el > 0 ? mb / el : 0.0);
	if (p->size > 0)
		fprintf(stderr, ", %d%%", (int)(100.0 * (double)bytes / (double)p->size));
	fputs("\033[K", stderr);
	fflush(stderr);
}

void progress_clear(struct progress *p)
{
	if (p->shown) {
		fputs("\r\033[K", stderr);
		fflush(stderr);
		p->shown = 0;
	}
}

void progress_end(struct progress *p)
{
	progress_clear(p);
	p->on = 0;
	if (active == p)
		active = NULL;
}
