/* graph.h: the knowledge base as a Graphviz DOT graph: questions, findings,
 * contributors, triggers, dispositions, recommendations and cautions as
 * nodes, every rule as labelled edges from what it uses to what it
 * concludes, so the association chains can be followed; or only what one
 * case reached. */
#ifndef TRIAGE_GRAPH_H
#define TRIAGE_GRAPH_H

#include <jansson.h>
#include <stdio.h>

#include "engine.h"

/* Writes a DOT graph. With result NULL: the whole knowledge base of e, a
 * condition under a not drawn as a blue dashed edge ending in a bar. With a
 * result (and the case's answers, or NULL): when all is set, the whole base
 * with the rules that fired and the facts they concluded in red; otherwise
 * only what the case reached, sized for an A4 page: each rule that fired as
 * a small box labelled with its tests, between what it used and what it
 * concluded; answers with their values; conditions under a not in blue
 * dashes; every trigger that fired to the disposition (those that decide it
 * bold, the others dashed with where they lead on their own); each caution
 * to the recommendations it withheld, which are greyed and dashed and say
 * so; the assumptions in a note. In both views withheld recommendations are
 * greyed. */
void graph_write(FILE *out, const engine *e, const json_t *result, const json_t *answers, int all);

#endif
