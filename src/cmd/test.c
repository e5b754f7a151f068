/* test.c: `triage test`: runs clinicians' vignettes against the rules. */
#include "cases.h"
#include "engine.h"
#include "cli.h"
#include "vignette.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static const char test_usage[] =
    "usage: triage test [--rules DIR]... [--coverage] [FILE|DIR]...\n"
    "\n"
    "Runs vignettes: each gives answers and what the result must be (format in\n"
    "docs/RULES.md: the text form, or JSON lines as in tests/cases/). A DIR runs\n"
    "its .vignette, .txt and .jsonl files in name order; without FILE or DIR,\n"
    "tests/cases. Prints pass or fail for each vignette with what differed, then\n"
    "the disposition accuracy, over-triage and under-triage.\n"
    "\n"
    "  --coverage   also list the rules that no vignette fired\n"
    "\n"
    "Exit status: 0 every vignette passed, 1 one failed or was under-triaged,\n"
    "2 usage error or an unreadable vignette, 3 the rules failed to load.\n";

typedef struct tally {
    long total, passed, failed;
    long judged, exact, over, under;   /* vignettes with an expected disposition */
    json_t *fired;                     /* rule names seen in an explanation */
} tally;

static void run_one(engine *e, const json_t *v, tally *t)
{
    const json_t *expect = json_object_get(v, "expect");
    json_t *c = json_pack("{s:O, s:O}", "id", json_object_get(v, "id"), "answers",
                          json_object_get(v, "answers") ? json_object_get(v, "answers")
                                                        : json_object());
    int failed;
    json_t *res = cases_evaluate(e, c, &failed);
    json_decref(c);
    json_t *diffs = vignette_check(res, expect);
    const char *want = json_string_value(json_object_get(expect, "disposition"));
    const char *got = json_string_value(json_object_get(res, "disposition"));
    int under = 0;
    if (want && got) {
        long long rw = engine_disposition_rank(e, want), rg = engine_disposition_rank(e, got);
        t->judged++;
        t->exact += rw == rg;
        t->over += rg > rw;
        under = rg < rw;
        t->under += under;
    }
    size_t i;
    json_t *s;
    json_array_foreach(json_object_get(res, "explanation"), i, s)
        json_object_set_new(t->fired, json_string_value(json_object_get(s, "rule")), json_true());
    char *id = json_dumps(json_object_get(v, "id"), JSON_ENCODE_ANY);
    t->total++;
    if (json_array_size(diffs) == 0) {
        t->passed++;
        printf("PASS %s\n", id ? id : "?");
    } else {
        t->failed++;
        printf("FAIL %s (%s:%lld)%s\n", id ? id : "?",
               json_string_value(json_object_get(v, "file")),
               (long long)json_integer_value(json_object_get(v, "line")),
               under ? " UNDER-TRIAGE" : "");
        json_array_foreach(diffs, i, s)
            printf("  - %s\n", json_string_value(s));
    }
    free(id);
    json_decref(diffs);
    json_decref(res);
}

int test_main(int argc, char **argv)
{
    rules_dirs rd = { .n = 0 };
    int coverage = 0;
    json_t *files = json_array();
    int rc = TRIAGE_OK;
    for (int i = 1; i < argc && rc == TRIAGE_OK; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            fputs(test_usage, stdout);
            json_decref(files);
            return TRIAGE_OK;
        } else if (strcmp(a, "--coverage") == 0) {
            coverage = 1;
        } else if (triage_rules_option(argc, argv, &i, &rd)) {
            if (rd.bad)
                rc = TRIAGE_USAGE;
        } else if (a[0] == '-' && a[1]) {
            triage_error("unknown option '%s' (try 'triage test --help')", a);
            rc = TRIAGE_USAGE;
        } else if (cli_collect_cases(a, files) != 0) {
            rc = TRIAGE_USAGE;
        }
    }
    if (rc == TRIAGE_OK && json_array_size(files) == 0 && cli_collect_cases("tests/cases", files) != 0)
        rc = TRIAGE_USAGE;
    if (rc != TRIAGE_OK) {
        json_decref(files);
        return rc;
    }
    engine *e = triage_open_engine(&rd);
    if (!e) {
        json_decref(files);
        return TRIAGE_NO_RULES;
    }
    tally t = { .fired = json_object() };
    size_t i;
    json_t *f;
    json_array_foreach(files, i, f) {
        char err[512];
        json_t *all = vignette_read(json_string_value(f), e, err, sizeof err);
        if (!all) {
            triage_error("%s", err);
            rc = TRIAGE_USAGE;
            continue;
        }
        size_t k;
        json_t *v;
        json_array_foreach(all, k, v)
            run_one(e, v, &t);
        json_decref(all);
    }
    if (t.judged)
        printf("\ndisposition exact %ld/%ld (%.1f%%), over-triage %ld, under-triage %ld\n",
               t.exact, t.judged, 100.0 * (double)t.exact / (double)t.judged, t.over, t.under);
    if (coverage) {
        long missed = 0;
        for (size_t r = 0; r < engine_rule_count(e); r++) {
            const engine_rule *rule = engine_rule_at(e, r);
            if (json_object_get(t.fired, rule->name))
                continue;
            if (missed++ == 0)
                printf("\nrules no vignette fired:\n");
            printf("  %s (%s:%d)\n", rule->name, rule->file, rule->line);
        }
        if (missed == 0)
            printf("\nevery rule fired in some vignette\n");
    }
    printf("%ld passed, %ld failed\n", t.passed, t.failed);
    if (rc == TRIAGE_OK && (t.failed || t.under))
        rc = TRIAGE_FAILED;
    json_decref(t.fired);
    json_decref(files);
    engine_free(e);
    return rc;
}
