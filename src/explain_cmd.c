/* explain_cmd.c: `triage explain` (the reasoning of a case, and why-not) and
 * `triage graph` (the knowledge base as DOT). */
#include "cases.h"
#include "engine.h"
#include "explain.h"
#include "graph.h"
#include "text.h"
#include "triage.h"
#include "whynot.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char explain_usage[] =
    "usage: triage explain --case FILE [ID] [--rules DIR]...\n"
    "       triage explain --case FILE why-not ID [--rules DIR]...\n"
    "\n"
    "Shows how the result of the case in FILE (one JSON case) was reached, as\n"
    "numbered trees down to the answers, each step with its rule, what the rule\n"
    "says and its source. With ID (disposition, or a trigger, contributor,\n"
    "recommendation or caution id), only how ID was reached.\n"
    "\n"
    "why-not ID: for a disposition, trigger, contributor, recommendation or\n"
    "caution that was not reached, which rules would reach it, which of their\n"
    "conditions are missing, and the smallest changes of the answers that would\n"
    "reach it.\n"
    "\n"
    "Exit status: 0 ok, 1 ID was not reached (plain explain) or nothing defines\n"
    "it, 2 usage error or a bad case, 3 the rules failed to load.\n";

static const char graph_usage[] =
    "usage: triage graph [--case FILE] [--rules DIR]...\n"
    "\n"
    "Writes the knowledge base as a Graphviz DOT graph: questions, findings,\n"
    "contributors, triggers, dispositions, recommendations and cautions, with\n"
    "every rule as labelled edges from what it uses to what it concludes. With\n"
    "--case, the rules that fired for that case and what they concluded are drawn\n"
    "in red. Render with: triage graph | dot -Tsvg > kb.svg\n";

typedef struct opts {
    rules_dirs rd;
    const char *casefile;
    const char *args[3];
    int nargs;
} opts;

/* Parses --rules, --case and up to three plain arguments; -1 on a usage error,
 * 1 after printing help. */
static int parse(int argc, char **argv, opts *o, const char *usage)
{
    memset(o, 0, sizeof *o);
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            fputs(usage, stdout);
            return 1;
        } else if (triage_rules_option(argc, argv, &i, &o->rd)) {
            if (o->rd.bad)
                return -1;
        } else if (triage_option(argc, argv, &i, "--case", &o->casefile)) {
            if (!o->casefile)
                return -1;
        } else if (a[0] == '-' && a[1]) {
            triage_error("unknown option '%s'", a);
            return -1;
        } else if (o->nargs < 3) {
            o->args[o->nargs++] = a;
        } else {
            triage_error("too many arguments");
            return -1;
        }
    }
    return 0;
}

/* Reads the one case of a file: a JSON object, or its first JSON line. */
static json_t *read_case(const char *path)
{
    json_error_t err;
    json_t *c = json_load_file(path, JSON_REJECT_DUPLICATES | JSON_DISABLE_EOF_CHECK, &err);
    if (!c) {
        triage_error("%s:%d: %s", path, err.line, err.text);
        return NULL;
    }
    return c;
}

/* Evaluates the case into e (answers given, rules run) and its result. */
static json_t *evaluate(engine *e, const json_t *c)
{
    int failed;
    json_t *res = cases_evaluate(e, c, &failed);
    if (failed) {
        char why[1024];
        triage_error("the case cannot be evaluated: %s", cases_error_text(res, why, sizeof why));
        json_decref(res);
        return NULL;
    }
    return res;
}

int explain_main(int argc, char **argv)
{
    opts o;
    int p = parse(argc, argv, &o, explain_usage);
    if (p != 0)
        return p > 0 ? TRIAGE_OK : TRIAGE_USAGE;
    int whynot = o.nargs > 0 && strcmp(o.args[0], "why-not") == 0;
    if (!o.casefile || (whynot && o.nargs != 2) || (!whynot && o.nargs > 1)) {
        triage_error("usage: triage explain --case FILE [ID | why-not ID]");
        return TRIAGE_USAGE;
    }
    json_t *c = read_case(o.casefile);
    if (!c)
        return TRIAGE_USAGE;
    engine *e = triage_open_engine(&o.rd);
    if (!e) {
        json_decref(c);
        return TRIAGE_NO_RULES;
    }
    int rc = TRIAGE_OK, width = text_width();
    json_t *res = evaluate(e, c);
    if (!res) {
        rc = TRIAGE_USAGE;
    } else if (whynot) {
        int w = whynot_explain(stdout, e, o.args[1], width);
        if (w < 0) {
            triage_error("nothing in the rules is called %s", o.args[1]);
            rc = TRIAGE_FAILED;
        } else if (w > 0) {
            explain_how(stdout, res, o.args[1], width);
        }
    } else if (o.nargs == 1) {
        if (explain_how(stdout, res, o.args[0], width) != 0) {
            printf("%s was not reached for this case (try: triage explain --case %s why-not %s)\n",
                   o.args[0], o.casefile, o.args[0]);
            rc = TRIAGE_FAILED;
        }
    } else {
        explain_tree(stdout, res, width);
    }
    json_decref(res);
    json_decref(c);
    engine_free(e);
    return rc;
}

int graph_main(int argc, char **argv)
{
    opts o;
    int p = parse(argc, argv, &o, graph_usage);
    if (p != 0)
        return p > 0 ? TRIAGE_OK : TRIAGE_USAGE;
    if (o.nargs) {
        triage_error("graph takes no arguments (try 'triage graph --help')");
        return TRIAGE_USAGE;
    }
    json_t *c = o.casefile ? read_case(o.casefile) : NULL;
    if (o.casefile && !c)
        return TRIAGE_USAGE;
    engine *e = triage_open_engine(&o.rd);
    if (!e) {
        json_decref(c);
        return TRIAGE_NO_RULES;
    }
    json_t *res = c ? evaluate(e, c) : NULL;
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
