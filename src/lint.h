/* lint.h: the checks of `triage lint`, also run by every command that loads
 * rules, so that a rule set lint rejects is never run. */
#ifndef TRIAGE_LINT_H
#define TRIAGE_LINT_H

#include <stddef.h>
#include <stdio.h>

#include <jansson.h>

typedef struct engine engine;

/* The generation of the checks: raised whenever a check is added or made
 * stricter, so that rule sets that passed before are checked again. */
#define LINT_CHECKS 2

/* Checks the rule files of dirs (in load order). e is an engine that has
 * loaded exactly those directories, or NULL: they are then loaded here, and
 * a failed load is reported with the rest. Appends each finding to diags as
 * {"file", "line", "severity" ("error", "warning" or "note"), "message"},
 * sorted by file and line. Returns the number of errors, or -1 when out of
 * memory. */
int lint_rules(const char *const *dirs, size_t ndirs, engine *e, json_t *diags);

/* Prints the findings of diags of the given severity ("error", or NULL for
 * all) to out, one "FILE:LINE: severity: message" line each, with prefix
 * before each line. */
void lint_print(FILE *out, const json_t *diags, const char *severity, const char *prefix);

#endif
