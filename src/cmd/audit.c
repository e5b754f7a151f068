/* audit.c: `triage audit TRANSCRIPT`: the recorded reasoning as a numbered
 * tree, then a replay of the answers against the rules loaded now, with what
 * changed and which rules changed it. */
#include "cases.h"
#include "diff.h"
#include "engine.h"
#include "explain.h"
#include "text.h"
#include "transcript.h"
#include "cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char audit_usage[] =
    "usage: triage audit [--rules DIR]... TRANSCRIPT\n"
    "\n"
    "Shows the reasoning recorded in a session transcript as a numbered tree,\n"
    "from the disposition and each recommendation down to the answers, each step\n"
    "with its rule, what the rule says and its source. Then replays the answers\n"
    "against the rules loaded now and reports which rule files changed, which\n"
    "conclusions appear, disappear or change, and which rules cause it.\n"
    "\n"
    "Exit status: 0 the replay matches, 1 it differs, 2 usage error or a bad\n"
    "transcript, 3 the rules failed to load.\n";

static int diff_files(const json_t *header, const engine *e)
{
    int changes = 0;
    size_t i;
    json_t *f;
    json_array_foreach(json_object_get(header, "rule_files"), i, f) {
        const char *name = json_string_value(json_object_get(f, "file"));
        const char *old = json_string_value(json_object_get(f, "sha256"));
        int found = 0;
        for (size_t k = 0; k < engine_file_count(e) && name && old; k++) {
            const char *p = engine_file_path(e, k);
            const char *base = strrchr(p, '/') ? strrchr(p, '/') + 1 : p;
            if (strcmp(base, name) != 0)
                continue;
            found = 1;
            if (strcmp(engine_file_sha256(e, k), old) != 0) {
                printf("  changed: %s\n", name);
                changes++;
            }
        }
        if (!found) {
            printf("  removed: %s\n", name ? name : "?");
            changes++;
        }
    }
    for (size_t k = 0; k < engine_file_count(e); k++) {
        const char *p = engine_file_path(e, k);
        const char *base = strrchr(p, '/') ? strrchr(p, '/') + 1 : p;
        int found = 0;
        json_array_foreach(json_object_get(header, "rule_files"), i, f)
            found |= strcmp(json_string_value(json_object_get(f, "file")), base) == 0;
        if (!found) {
            printf("  added: %s\n", base);
            changes++;
        }
    }
    return changes;
}

int audit_main(int argc, char **argv)
{
    rules_dirs rd = { .n = 0 };
    const char *path = NULL;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            fputs(audit_usage, stdout);
            return TRIAGE_OK;
        } else if (triage_rules_option(argc, argv, &i, &rd)) {
            if (rd.bad)
                return TRIAGE_USAGE;
        } else if (a[0] == '-' && a[1]) {
            triage_error("unknown option '%s' (try 'triage audit --help')", a);
            return TRIAGE_USAGE;
        } else if (path) {
            triage_error("audit takes one transcript");
            return TRIAGE_USAGE;
        } else {
            path = a;
        }
    }
    if (!path) {
        triage_error("audit needs a transcript (try 'triage audit --help')");
        return TRIAGE_USAGE;
    }
    json_t *header, *events, *final;
    char err[512];
    if (transcript_read(path, &header, &events, &final, err, sizeof err) != 0) {
        triage_error("%s: %s", path, err);
        return TRIAGE_USAGE;
    }
    int width = text_width();
    const json_t *old = json_object_get(final, "result");
    printf("Transcript %s\n", path);
    printf("  recorded %s by %s, rules %s\n",
           json_string_value(json_object_get(header, "created")),
           json_string_value(json_object_get(header, "program")),
           json_string_value(json_object_get(header, "rules_version")));
    printf("  %zu events; %zu answers\n\n", json_array_size(events),
           json_object_size(json_object_get(final, "answers")));
    printf("Reasoning as recorded:\n");
    explain_tree(stdout, old, width);

    engine *e = triage_open_engine(&rd);
    if (!e) {
        json_decref(header);
        json_decref(events);
        json_decref(final);
        return TRIAGE_NO_RULES;
    }
    json_t *c = json_pack("{s:O, s:O}", "id", json_object_get(header, "case"), "answers",
                          json_object_get(final, "answers"));
    int failed;
    json_t *now = cases_evaluate(e, c, &failed);
    json_decref(c);
    int same_rules = strcmp(json_string_value(json_object_get(header, "rules_version")),
                            engine_rules_version(e)) == 0;
    int rc = TRIAGE_OK;
    printf("\nReplay against the rules loaded now (%s):\n", engine_rules_version(e));
    if (!same_rules) {
        printf("Rule files that differ from the recording:\n");
        diff_files(header, e);
    }
    if (failed) {
        char why[1024];
        printf("  the recorded answers no longer run: %s\n",
               cases_error_text(now, why, sizeof why));
        rc = TRIAGE_FAILED;
    } else if (diff_results(stdout, old, now) > 0) {
        printf("The replay differs from the recording.\n");
        rc = TRIAGE_FAILED;
    } else {
        printf("  the replay reaches exactly the recorded conclusions%s.\n",
               same_rules ? " (same rules)" : "");
    }
    json_decref(now);
    engine_free(e);
    json_decref(header);
    json_decref(events);
    json_decref(final);
    return rc;
}
