/* graph.h: the knowledge base as a Graphviz DOT graph: questions, findings,
 * contributors, triggers, dispositions, recommendations and cautions as
 * nodes, every rule as labelled edges from what it uses to what it
 * concludes, so the association chains can be followed. */
#ifndef TRIAGE_GRAPH_H
#define TRIAGE_GRAPH_H

#include <jansson.h>
#include <stdio.h>

#include "engine.h"

/* Writes the DOT graph of e's rules. When result is not NULL, the rules that
 * fired for it and the facts it concluded are highlighted. */
void graph_write(FILE *out, const engine *e, const json_t *result);

#endif
