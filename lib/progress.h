/* progress: a meter for a long read on stderr, one line redrawn in place, only when stderr
 * is a terminal (keten(1), PROGRESS): how much of the input is read, how many rows, how
 * fast, and the share of a regular file.  Nothing is written when stderr is a file or a
 * pipe, so that what a command writes there stays the same on every run. */
#ifndef KETEN_PROGRESS_H
#define KETEN_PROGRESS_H

struct progress {
	const char *name; /* the input, for no message; NULL when none */
	long long size;   /* bytes of the input, 0 when unknown (a pipe) */
	double delay;     /* seconds before the first line (KETEN_PROGRESS_DELAY, default 1) */
	double t0, tlast; /* when reading began, when the line was drawn last */
	int on;           /* stderr is a terminal: the meter draws */
	int shown;        /* the line is on the screen */
};

/* Lets every CSV reader of the program draw a meter over its input (lib/csvio): the
 * commands that read large logs call it before they read. */
void progress_enable(void);
int progress_enabled(void);

/* Starts a meter for an input of size bytes (0: unknown).  It is on only when stderr is a
 * terminal; while it is, a message of lib/diag erases its line first. */
void progress_start(struct progress *p, const char *name, long long size);
/* Reports bytes and rows read so far.  Draws after the delay, at most four times a
 * second; it reads the clock, so a reader calls it every few thousand rows. */
void progress_update(struct progress *p, long long bytes, long long rows);
/* Erases the line (the next update draws it again). */
void progress_clear(struct progress *p);
/* Erases the line and stops the meter. */
void progress_end(struct progress *p);

#endif
