/* diff.h: what differs between two results of the same answers (a recording
 * and a replay, or before and after a reload), conclusion by conclusion. */
#ifndef TRIAGE_DIFF_H
#define TRIAGE_DIFF_H

#include <jansson.h>
#include <stdio.h>

/* Writes one line per difference: the disposition, and each concluded fact
 * that appears, disappears or changes (certainty, reason), with the rule that
 * concluded it. Returns the number of differences. */
int diff_results(FILE *out, const json_t *old, const json_t *now);

#endif
