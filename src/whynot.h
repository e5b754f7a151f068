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
 * reached: the rules that would conclude it, each condition met or not, and
 * up to three smallest sets of changed answers (at most three answers each)
 * that reach it. target is a disposition id (reached by it or anything more
 * urgent), or a trigger, contributor, recommendation or caution id. Returns 0,
 * 1 when target was reached after all, -1 when nothing defines target. The
 * engine's answers are as before on return. */
int whynot_explain(FILE *out, engine *e, const char *target, int width);

#endif
