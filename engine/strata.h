/* strata.h: whether the rules' negation is stratified.
 *
 * A rule set is stratified when no conclusion depends, through a not, on
 * itself. Truth maintenance and the batch's incremental evaluation both rest
 * on it: otherwise which rule fires first (and, in batch, which cases came
 * before) would decide the result. The check reads only what the scanner
 * recorded of each rule (uses, negated, concludes); it touches no CLIPS. */
#ifndef TRIAGE_STRATA_H
#define TRIAGE_STRATA_H

#include "engine.h"

/* Marks in bad[i] (n entries, set to 0 or 1) each rule that concludes a fact
 * on a cycle through one of its own negated conditions. Returns how many
 * rules are marked (0: stratified), or -1 when out of memory. A use "T:*"
 * or a conclusion "T:*" (a variable id) meets every fact of template T. */
long strata_check(const engine_rule *rules, size_t n, unsigned char *bad);

#endif
