/* explain.c: `triage explain`: the reasoning of a case, and why-not. */
#include "cases.h"
#include "engine.h"
#include "explain.h"
#include "text.h"
#include "cli.h"
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
    "says, its source, and its tests with the answers that met them\n"
    "(pain_severity >= 7, answered 8). The disposition's tree holds every\n"
    "trigger that fired, those that decide it marked. With ID (disposition, or a\n"
    "trigger, contributor, recommendation or caution id), only how ID was\n"
    "reached; a recommendation a caution withheld says which.\n"
    "\n"
    "why-not ID: for a disposition, trigger, contributor, recommendation or\n"
    "caution that was not reached, which rules would reach it, which of their\n"
    "conditions are missing, and the smallest changes of the answers that would\n"
    "reach it.\n"
    "\n"
    "Exit status: 0 ok, 1 ID was not reached (plain explain) or nothing defines\n"
    "it, 2 usage error or a bad case, 3 the rules failed to load.\n";

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
    json_t *c = cli_read_case(o.casefile);
    if (!c)
        return TRIAGE_USAGE;
    engine *e = triage_open_engine(&o.rd);
    if (!e) {
        json_decref(c);
        return TRIAGE_NO_RULES;
    }
    int rc = TRIAGE_OK, width = text_width();
    json_t *res = cli_evaluate(e, c);
    if (!res) {
        rc = TRIAGE_USAGE;
    } else if (whynot) {
        int w = whynot_explain(stdout, e, o.args[1], width);
        if (w < 0) {
            triage_error("nothing in the rules is called %s", o.args[1]);
            rc = TRIAGE_FAILED;
        } else if (w > 0) {
            explain_how_answers(stdout, res, json_object_get(c, "answers"), o.args[1], width);
        }
    } else if (o.nargs == 1) {
        if (explain_how_answers(stdout, res, json_object_get(c, "answers"), o.args[0], width) != 0) {
            printf("%s was not reached for this case (try: triage explain --case %s why-not %s)\n",
                   o.args[0], o.casefile, o.args[0]);
            rc = TRIAGE_FAILED;
        }
    } else {
        explain_tree_answers(stdout, res, json_object_get(c, "answers"), width);
    }
    json_decref(res);
    json_decref(c);
    engine_free(e);
    return rc;
}
