/* graph.c: `triage graph`: the knowledge base as a Graphviz DOT graph. */
#include "cases.h"
#include "cli.h"
#include "engine.h"
#include "graph.h"

#include <stdio.h>
#include <string.h>

static const char graph_usage[] =
    "usage: triage graph [--case FILE [--all]] [--rules DIR]...\n"
    "\n"
    "Writes the knowledge base as a Graphviz DOT graph: questions, findings,\n"
    "contributors, triggers, dispositions, recommendations and cautions, with\n"
    "every rule as labelled edges from what it uses to what it concludes; a\n"
    "condition under a not is a blue dashed edge ending in a bar.\n"
    "\n"
    "--case FILE  only what that case reached, sized to fit an A4 page: each\n"
    "             rule that fired as a box with its tests (pain_severity >= 7),\n"
    "             answers with their values, conditions under a not in blue\n"
    "             dashes, every trigger that fired (those that decide the\n"
    "             disposition bold), recommendations a caution withheld greyed\n"
    "             and dashed, and the assumptions in a note\n"
    "--all        with --case: the whole knowledge base, with the rules that\n"
    "             fired for the case and what they concluded in red\n"
    "\n"
    "Render with: triage graph | dot -Tsvg > kb.svg\n"
    "             triage graph --case v.json | dot -Tpdf > case.pdf\n";

int graph_main(int argc, char **argv)
{
    rules_dirs rd = { .n = 0 };
    const char *casefile = NULL;
    int all = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            fputs(graph_usage, stdout);
            return TRIAGE_OK;
        } else if (triage_rules_option(argc, argv, &i, &rd)) {
            if (rd.bad)
                return TRIAGE_USAGE;
        } else if (strcmp(a, "--all") == 0) {
            all = 1;
        } else if (triage_option(argc, argv, &i, "--case", &casefile)) {
            if (!casefile)
                return TRIAGE_USAGE;
        } else {
            triage_error("unknown argument '%s' (try 'triage graph --help')", a);
            return TRIAGE_USAGE;
        }
    }
    if (all && !casefile) {
        triage_error("--all goes with --case (without a case the whole base is drawn anyway)");
        return TRIAGE_USAGE;
    }
    json_t *c = casefile ? cli_read_case(casefile) : NULL;
    if (casefile && !c)
        return TRIAGE_USAGE;
    engine *e = triage_open_engine(&rd);
    if (!e) {
        json_decref(c);
        return TRIAGE_NO_RULES;
    }
    json_t *res = c ? cli_evaluate(e, c) : NULL;
    int rc = TRIAGE_OK;
    if (c && !res)
        rc = TRIAGE_USAGE;
    else
        graph_write(stdout, e, res, json_object_get(c, "answers"), all);
    json_decref(res);
    json_decref(c);
    engine_free(e);
    return rc;
}
