/* progress.h: one updating line on standard error for long work, as pv,
 * rsync and apt show it: what is done, the rate, and the time left when it
 * can be told. Shown only when standard error is a terminal and the work
 * has gone on for half a second; nothing else is written, so standard output
 * is never touched. */
#ifndef TRIAGE_PROGRESS_H
#define TRIAGE_PROGRESS_H

typedef struct progress progress;

/* Whether to show progress: not quiet, and standard error a terminal. */
int progress_wanted(int quiet);

/* A progress line for command what ("batch"), counting unit ("cases"); NULL
 * (which every function takes as "show nothing") when on is 0 or memory is
 * short. The caller frees it with progress_end(). */
progress *progress_new(const char *what, const char *unit, int on);

/* Reports done units so far, out of total when total > 0; otherwise
 * fraction (0 to 1) is the share of the work done, or negative when not
 * known (then no time left is shown). Cheap to call often: the line is
 * redrawn at most five times a second. */
void progress_update(progress *p, long long done, long long total, double fraction);

/* Clears the line (when one was shown) and frees p. NULL is a no-op. */
void progress_end(progress *p);

#endif
