/* graph.c: `triage graph`: the knowledge base as a Graphviz DOT graph. */
#include "cases.h"
#include "cli.h"
#include "engine.h"
#include "graph.h"

#include <stdio.h>
#include <string.h>

static const char graph_usage[] =
    "usage: triage graph [--case FILE] [--rules DIR]...\n"
    "\n"
    "Writes the knowledge base as a Graphviz DOT graph: questions, findings,\n"
    "contributors, triggers, dispositions, recommendations and cautions, with\n"
    "every rule as labelled edges from what it uses to what it concludes. With\n"
    "--case, the rules that fired for that case and what they concluded are drawn\n"
    "in red. Render with: triage graph | dot -Tsvg > kb.svg\n";

int graph_main(int argc, char **argv)
{
    rules_dirs rd = { .n = 0 };
    const char *casefile = NULL;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            fputs(graph_usage, stdout);
            return TRIAGE_OK;
        } else if (triage_rules_option(argc, argv, &i, &rd)) {
            if (rd.bad)
                return TRIAGE_USAGE;
        } else if (triage_option(argc, argv, &i, "--case", &casefile)) {
            if (!casefile)
                return TRIAGE_USAGE;
        } else {
            triage_error("unknown argument '%s' (try 'triage graph --help')", a);
            return TRIAGE_USAGE;
        }
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
        graph_write(stdout, e, res);
    json_decref(res);
    json_decref(c);
    engine_free(e);
    return rc;
}
