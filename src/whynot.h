/* whynot.h: why a conclusion was not reached, and the fewest answers that
 * would have reached it, found by trying changes on the engine (truth
 * maintenance makes each try cheap) among the questions the rules behind the
 * conclusion depend on. */
#ifndef TRIAGE_WHYNOT_H
#define TRIAGE_WHYNOT_H

#include <jansson.h>
#include <stdio.h>

#include "engine.h"

/* Writes, for the current answers of e (already run), why target was not
 * reached: the rules that would conclude it, each condition as the rule
 * writes it with the current answer and whether it is met ("age >= 50,
 * answered 34 (not met)"), and up to three smallest changes of the answers
 * (at most three answers each, each change of other questions than the ones
 * before it) that reach it; a number is tried at the boundaries the rules
 * compare it with, nearest the current answer first. target is a disposition
 * id (reached by it or anything more urgent), or a trigger, contributor,
 * recommendation or caution id. Returns 0, 1 when target was reached after
 * all (a recommendation a caution withheld from the plan says so), -1 when
 * nothing defines target. The engine's answers are as before on return. */
int whynot_explain(FILE *out, engine *e, const char *target, int width);

#endif
