/* diff.h: what differs between two results of the same answers (a recording
 * and a replay, or before and after a reload), conclusion by conclusion. */
#ifndef TRIAGE_DIFF_H
#define TRIAGE_DIFF_H

#include <jansson.h>
#include <stdio.h>

/* Writes one line per difference: the disposition, and each concluded fact
 * that appears, disappears or changes (certainty, reason), with the rule that
 * concluded it and its tests with the answers that met them ("rule
 * threshold-severe-pain: pain_severity >= 7, answered 8"). Returns the
 * number of differences. */
int diff_results(FILE *out, const json_t *old, const json_t *now);

/* diff_results(), naming after each fact the rule of `changed` (an object
 * whose keys are rule names) responsible for it: the rule that concluded it
 * ("rule X: ...; the rule changed"), or the first changed rule down its derivation
 * ("rule Y; behind it rule X, which changed"). changed may be NULL. */
int diff_results_because(FILE *out, const json_t *old, const json_t *now, const json_t *changed);

#endif
