/* test_cases.c: the data-driven cases of tests/cases/: each is a case of
 * case-format.md with "expect", what the policy says its result must be
 * (keys in src/vignette.c), checked through the same code as `triage test`. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "cases.h"
#include "engine.h"
#include "vignette.h"

static engine *eng;

static int setup(void **state)
{
    (void)state;
    const char *dirs[] = { "rules" };
    eng = engine_new();
    if (!eng || engine_load(eng, dirs, 1) != 0) {
        fprintf(stderr, "load: %s\n", eng ? engine_errmsg(eng) : "out of memory");
        return -1;
    }
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    engine_free(eng);
    return 0;
}

static void run_file(const char *path)
{
    char err[512];
    json_t *all = vignette_read(path, eng, err, sizeof err);
    if (!all)
        fail_msg("%s", err);
    size_t i, failures = 0;
    json_t *v;
    json_array_foreach(all, i, v) {
        json_t *c = json_pack("{s:O, s:O}", "id", json_object_get(v, "id"), "answers",
                              json_object_get(v, "answers") ? json_object_get(v, "answers")
                                                            : json_object());
        int failed;
        json_t *res = cases_evaluate(eng, c, &failed);
        json_t *diffs = vignette_check(res, json_object_get(v, "expect"));
        size_t k;
        json_t *d;
        json_array_foreach(diffs, k, d)
            fprintf(stderr, "  case %s: %s\n", json_string_value(json_object_get(v, "id")),
                    json_string_value(d));
        if (json_array_size(diffs))
            failures++;
        /* every result carries the notice and, unless an emergency, a safety net */
        if (!failed && (json_array_size(json_object_get(res, "notice")) == 0 ||
                        (strcmp(json_string_value(json_object_get(res, "disposition")),
                                "emergency") != 0 &&
                         json_array_size(json_object_get(res, "safety_net")) == 0))) {
            fprintf(stderr, "  case %s: no notice or no safety net\n",
                    json_string_value(json_object_get(v, "id")));
            failures++;
        }
        json_decref(diffs);
        json_decref(res);
        json_decref(c);
    }
    fprintf(stderr, "  %s: %zu cases, %zu failures\n", path, json_array_size(all), failures);
    assert_true(json_array_size(all) > 0);
    assert_int_equal(failures, 0);
    json_decref(all);
}

static void test_policy_cases(void **state)
{
    (void)state;
    run_file("tests/cases/policy.jsonl");
}

static void test_error_cases(void **state)
{
    (void)state;
    run_file("tests/cases/errors.jsonl");
}

static void test_a_wrong_expectation_is_reported(void **state)
{
    (void)state;
    json_t *res = json_pack("{s:s, s:[s], s:[{s:s, s:f}], s:[], s:[]}", "disposition", "soon",
                            "triggers", "severe_pain", "contributors", "id", "weak_core",
                            "certainty", 1.0, "recommendations", "cautions");
    json_t *expect = json_pack("{s:s, s:[s], s:{s:f}, s:[s]}", "disposition", "urgent",
                               "triggers", "spinal_infection", "contributors", "weak_core", 0.5,
                               "recommendations", "walking");
    json_t *diffs = vignette_check(res, expect);
    char *s = json_dumps(diffs, 0);
    assert_non_null(strstr(s, "disposition soon, expected urgent"));
    assert_non_null(strstr(s, "triggers: spinal_infection missing"));
    assert_non_null(strstr(s, "triggers: severe_pain not expected"));
    assert_non_null(strstr(s, "contributor weak_core certainty 1, expected 0.5"));
    assert_non_null(strstr(s, "recommendation walking missing"));
    free(s);
    json_decref(diffs);
    json_decref(res);
    json_decref(expect);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_policy_cases),
        cmocka_unit_test(test_error_cases),
        cmocka_unit_test(test_a_wrong_expectation_is_reported),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
