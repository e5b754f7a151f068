/* pool.h: `triage batch` on several cores. The process that reads the input
 * evaluates cases itself and writes every result, in input order; once the
 * input proves large it forks helpers (forks of the loaded engine) that take
 * chunks of cases when a processor is idle. Streamed, with memory bounded
 * whatever the input's size, and the same bytes out as one process. */
#ifndef TRIAGE_POOL_H
#define TRIAGE_POOL_H

#include <stdio.h>

typedef struct engine engine;
typedef struct progress progress;

/* Evaluates one input line (line number lineno, NUL-terminated, len bytes)
 * and writes its result, one line, to out. Returns 0 when the case was
 * evaluated, 1 when its result is an error, -1 when out of memory (or out
 * could not take the result). */
typedef int (*pool_eval_fn)(engine *e, const char *line, size_t len, long lineno, FILE *out);

/* Writes the result of an input line over the length limit (its number
 * lineno) to out; returns as pool_eval_fn does. */
typedef int (*pool_overlong_fn)(long lineno, FILE *out);

/* Reads lines of at most max bytes from fd, skips blank ones, and writes one
 * result line per case to stdout, in input order, evaluated by eval (or
 * overlong) in this process and, past the first 64 KB of input, in up to
 * jobs - 1 helper processes as well. Helpers run at idle priority
 * (SCHED_IDLE): they use processors nothing else wants, so a busy machine
 * (or a consumer of the output such as gzip) is never slowed by them, and
 * this process never waits long for one (past a short grace it evaluates
 * the chunk itself). prog (may be NULL) is told the cases written and the
 * share of the input read. Returns 0 when every case was evaluated, 1 when
 * some result was an error, -1 when the input could not be read, a helper
 * could not be started or stopped unexpectedly, or memory ran out: then why
 * (whylen bytes, "" otherwise) says so in plain words. When stdout's reader
 * goes away it ends the process with SIGPIPE, as a one-process run would. */
int pool_run(engine *e, int fd, size_t max, int jobs, pool_eval_fn eval, pool_overlong_fn overlong,
             progress *prog, char *why, size_t whylen);

/* The number of processes `batch` uses at most by default: the processors
 * online, at most 8, at least 1. */
int pool_default_jobs(void);

#endif
