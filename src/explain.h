/* explain.h: a conclusion of a result as a tree down to the answers, built
 * from the result's "explanation" (each step: rule, what it used, what it
 * concluded, its source). */
#ifndef TRIAGE_EXPLAIN_H
#define TRIAGE_EXPLAIN_H

#include <jansson.h>
#include <stdio.h>

/* Writes how `id` was reached: id is a trigger, contributor, finding, cause,
 * recommendation or caution id, or "disposition". Each node names the rule
 * that concluded it, what the rule says and its source; leaves are answers.
 * Returns 0, or -1 (writing nothing) when the result holds no such
 * conclusion. */
int explain_how(FILE *out, const json_t *result, const char *id, int width);

/* Writes the whole reasoning as numbered trees: the disposition, then each
 * recommendation, caution and contributor, down to the answers. */
void explain_tree(FILE *out, const json_t *result, int width);

#endif
