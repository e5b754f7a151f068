/* lint.c: `triage lint`: every problem of the rule files as FILE:LINE:
 * severity: message. */
#include "cli.h"
#include "lint.h"

#include <stdio.h>
#include <string.h>

static const char lint_usage[] =
    "usage: triage lint [--rules DIR]...\n"
    "\n"
    "Checks the rule files and reports every problem as FILE:LINE: severity:\n"
    "message. Every command that loads rules runs the same checks and refuses\n"
    "rules with an error (exit 3); lint is the full report.\n"
    "\n"
    "Errors: a file CLIPS cannot read (a missing ')' is reported where the form\n"
    "opens; CLIPS's messages say what to change); a forbidden function; a rule\n"
    "or definition without a source; an id or answer value used but never\n"
    "defined (with the nearest defined id), or defined but never used; a\n"
    "recommendation that can never be reached; the same rule or definition\n"
    "twice without an (override (kind K) (id ID)) declaring it, or an override\n"
    "that replaces nothing; a red-flag rule with a lower priority than a rule\n"
    "that is not a red flag, or using a question not marked red-flag; a choice\n"
    "or list question on the way to a trigger without worrying values; a\n"
    "threshold stated in words (\"3 weeks or more\", \"age 50 or over\") that\n"
    "is not the number the rules compare, or points the other way; rules on a\n"
    "cycle through a negation. Warnings: a rule that cannot fire given the\n"
    "question definitions, a question without help text. Notes: each override.\n"
    "\n"
    "Exit status: 0 no errors (warnings allowed), 1 errors, 2 usage error.\n";

int lint_main(int argc, char **argv)
{
    rules_dirs rd = { .n = 0 };
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            fputs(lint_usage, stdout);
            return TRIAGE_OK;
        } else if (triage_rules_option(argc, argv, &i, &rd)) {
            if (rd.bad)
                return TRIAGE_USAGE;
        } else {
            triage_error("unknown argument '%s' (try 'triage lint --help')", a);
            return TRIAGE_USAGE;
        }
    }
    const char *dirs[16];
    size_t ndirs = triage_resolve_dirs(&rd, dirs, 16);
    json_t *diags = json_array();
    int errors = lint_rules(dirs, ndirs, NULL, diags);
    if (errors < 0) {
        triage_error("out of memory");
        json_decref(diags);
        return TRIAGE_FAILED;
    }
    lint_print(stdout, diags, NULL, "");
    size_t n = json_array_size(diags), notes = 0, warnings;
    size_t i;
    json_t *d;
    json_array_foreach(diags, i, d)
        notes += !strcmp(json_string_value(json_object_get(d, "severity")), "note");
    warnings = n - notes - (size_t)errors;
    fprintf(stderr, "triage lint: %d error%s, %zu warning%s, %zu override%s in %zu director%s\n",
            errors, errors == 1 ? "" : "s", warnings, warnings == 1 ? "" : "s", notes,
            notes == 1 ? "" : "s", ndirs, ndirs == 1 ? "y" : "ies");
    json_decref(diags);
    return errors ? TRIAGE_FAILED : TRIAGE_OK;
}
