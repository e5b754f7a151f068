/* startup.h: what a one-shot command pays once per process, made cheap:
 * first touches of fresh memory (the rule engine's tables take about 2 MB at
 * once) and the teardown at exit, which the operating system does anyway. */
#ifndef TRIAGE_STARTUP_H
#define TRIAGE_STARTUP_H

/* Prepares the heap for the rule engine: large blocks stay in the heap, and
 * the part of it the engine fills first is asked for as transparent huge
 * pages, so that about 2 MB of fresh memory costs one page fault, not 500.
 * Call before the first engine is created; later calls do nothing. Does
 * nothing when leaks are checked (startup_free_at_exit()) or when the C
 * library is not glibc. */
void startup_prepare_heap(void);

/* Whether a command frees what it holds before it exits: only when leaks are
 * being checked, that is under a sanitizer build (-fsanitize=address, or
 * -DTRIAGE_FREE_AT_EXIT) or with TRIAGE_FREE_AT_EXIT set in the environment
 * (make valgrind sets it). Otherwise the process ends without tearing down
 * the engine: the operating system reclaims all of it at once. */
int startup_free_at_exit(void);

#endif
