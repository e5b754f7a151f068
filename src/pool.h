/* pool.h: `triage batch` on several cores. Worker processes are forks of the
 * loaded engine; cases go to them in turn and they write the results to
 * stdout in input order, streamed, with memory bounded whatever the input's
 * size. */
#ifndef TRIAGE_POOL_H
#define TRIAGE_POOL_H

#include <stdio.h>

typedef struct engine engine;

/* Evaluates one input line (line number lineno, NUL-terminated, len bytes)
 * and writes its result, one line, to out. Returns 0 when the case was
 * evaluated, 1 when its result is an error, -1 when out of memory. */
typedef int (*pool_eval_fn)(engine *e, const char *line, size_t len, long lineno, FILE *out);

/* Writes the result of an input line over the length limit (its number
 * lineno) to out; returns as pool_eval_fn does. */
typedef int (*pool_overlong_fn)(long lineno, FILE *out);

/* Reads lines of at most max bytes from fd, skips blank ones, and writes one
 * result line per case to stdout, evaluated by eval (or overlong) in jobs
 * worker processes. Returns 0 when every case was evaluated, 1 when some
 * result was an error, -1 (after printing why) when the input could not be
 * read, a worker could not be started or stopped unexpectedly, or memory ran
 * out. When stdout's reader goes away it ends the process with SIGPIPE, as a
 * one-process run would. */
int pool_run(engine *e, int fd, size_t max, int jobs, pool_eval_fn eval, pool_overlong_fn overlong);

/* The number of workers `batch` uses by default: the processors online,
 * at most 8, at least 1. */
int pool_default_jobs(void);

#endif
