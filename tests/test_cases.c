/* test_cases.c: the data-driven cases of tests/cases/ (one JSON file each). Each line is a
 * case of case-format.md plus "expect": what the policy says its result must
 * be. Keys of expect:
 *   disposition            the disposition id
 *   triggers               the exact set of trigger ids
 *   contributors           {id: certainty} each present with that certainty
 *   contributors_absent    ids that must not be reached
 *   causes                 cause ids that must be listed
 *   causes_count           the number of causes listed
 *   recommendations        ids that must be in the plan
 *   recommendations_absent ids that must not be in the plan
 *   no_plan                true: the plan must be empty
 *   cautions               the exact set of caution ids
 *   assumptions_include    texts each of which some assumption starts with
 *   assumptions_count      the number of assumptions
 *   safety_net_includes / safety_net_excludes / safety_net_count
 *   explanation_rules      rules that must appear in the explanation
 *   error_field            the case must be an error naming this field
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cases.h"
#include "engine.h"

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

static int failures;

static void fail_case(const char *id, const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "  case %s: ", id);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    failures++;
}

static const json_t *find_by_id(const json_t *arr, const char *key, const char *id)
{
    size_t i;
    json_t *v;
    json_array_foreach(arr, i, v) {
        const json_t *x = json_is_string(v) ? v : json_object_get(v, key);
        if (json_is_string(x) && strcmp(json_string_value(x), id) == 0)
            return v;
    }
    return NULL;
}

/* The exact set of ids of arr (strings or objects with key) equals want. */
static void check_set(const char *cid, const char *what, const json_t *arr, const char *key,
                      const json_t *want)
{
    size_t i;
    json_t *v;
    json_array_foreach(want, i, v)
        if (!find_by_id(arr, key, json_string_value(v)))
            fail_case(cid, "%s: %s missing", what, json_string_value(v));
    json_array_foreach(arr, i, v) {
        const json_t *x = json_is_string(v) ? v : json_object_get(v, key);
        int wanted = 0;
        size_t j;
        json_t *w;
        json_array_foreach(want, j, w)
            wanted |= json_equal(w, x);
        if (!wanted)
            fail_case(cid, "%s: unexpected %s", what, json_string_value(x));
    }
}

static void check_present(const char *cid, const char *what, const json_t *arr,
                          const char *key, const json_t *want, int present)
{
    size_t i;
    json_t *v;
    json_array_foreach(want, i, v)
        if ((find_by_id(arr, key, json_string_value(v)) != NULL) != present)
            fail_case(cid, "%s: %s %s", what, json_string_value(v),
                      present ? "missing" : "present but must not be");
}

static void check_case(const json_t *line)
{
    json_t *c = json_deep_copy(line);
    json_t *expect = json_object_get(line, "expect");
    json_object_del(c, "expect");
    const char *cid = json_string_value(json_object_get(line, "id"));
    int failed;
    json_t *res = cases_evaluate(eng, c, &failed);
    json_decref(c);
    assert_non_null(res);

    const json_t *want_err = json_object_get(expect, "error_field");
    const json_t *err = json_object_get(res, "error");
    if (want_err) {
        const json_t *field = json_object_get(err, "field");
        if (!err || !failed)
            fail_case(cid, "expected an error naming %s, got a result", json_string_value(want_err));
        else if (!json_equal(field, want_err))
            fail_case(cid, "error names field %s, expected %s",
                      json_is_string(field) ? json_string_value(field) : "null",
                      json_string_value(want_err));
        json_decref(res);
        return;
    }
    if (err || failed) {
        fail_case(cid, "unexpected error: %s",
                  json_string_value(json_object_get(err, "message")));
        json_decref(res);
        return;
    }

    const json_t *v;
    if ((v = json_object_get(expect, "disposition")) &&
        !json_equal(v, json_object_get(res, "disposition")))
        fail_case(cid, "disposition %s, expected %s",
                  json_string_value(json_object_get(res, "disposition")), json_string_value(v));
    if ((v = json_object_get(expect, "triggers")))
        check_set(cid, "triggers", json_object_get(res, "triggers"), "id", v);
    if ((v = json_object_get(expect, "cautions")))
        check_set(cid, "cautions", json_object_get(res, "cautions"), "id", v);
    if ((v = json_object_get(expect, "contributors"))) {
        const char *id;
        json_t *cf;
        json_object_foreach((json_t *)v, id, cf) {
            const json_t *got = find_by_id(json_object_get(res, "contributors"), "id", id);
            if (!got)
                fail_case(cid, "contributor %s missing", id);
            else if (fabs(json_number_value(json_object_get(got, "certainty")) -
                          json_number_value(cf)) > 0.0011)
                fail_case(cid, "contributor %s certainty %g, expected %g", id,
                          json_number_value(json_object_get(got, "certainty")),
                          json_number_value(cf));
        }
    }
    if ((v = json_object_get(expect, "contributors_absent")))
        check_present(cid, "contributor", json_object_get(res, "contributors"), "id", v, 0);
    if ((v = json_object_get(expect, "causes")))
        check_present(cid, "cause", json_object_get(res, "causes"), "id", v, 1);
    if ((v = json_object_get(expect, "causes_count")) &&
        json_array_size(json_object_get(res, "causes")) != (size_t)json_integer_value(v))
        fail_case(cid, "%zu causes, expected %lld", json_array_size(json_object_get(res, "causes")),
                  (long long)json_integer_value(v));
    if ((v = json_object_get(expect, "recommendations")))
        check_present(cid, "recommendation", json_object_get(res, "recommendations"), "id", v, 1);
    if ((v = json_object_get(expect, "recommendations_absent")))
        check_present(cid, "recommendation", json_object_get(res, "recommendations"), "id", v, 0);
    if (json_is_true(json_object_get(expect, "no_plan")) &&
        json_array_size(json_object_get(res, "recommendations")) != 0)
        fail_case(cid, "has an exercise or self-care plan, but must have none");
    if ((v = json_object_get(expect, "safety_net_includes")))
        check_present(cid, "safety net", json_object_get(res, "safety_net"), "trigger", v, 1);
    if ((v = json_object_get(expect, "safety_net_excludes")))
        check_present(cid, "safety net", json_object_get(res, "safety_net"), "trigger", v, 0);
    if ((v = json_object_get(expect, "safety_net_count")) &&
        json_array_size(json_object_get(res, "safety_net")) != (size_t)json_integer_value(v))
        fail_case(cid, "safety net has %zu items, expected %lld",
                  json_array_size(json_object_get(res, "safety_net")),
                  (long long)json_integer_value(v));
    if ((v = json_object_get(expect, "assumptions_count")) &&
        json_array_size(json_object_get(res, "assumptions")) != (size_t)json_integer_value(v))
        fail_case(cid, "%zu assumptions, expected %lld",
                  json_array_size(json_object_get(res, "assumptions")),
                  (long long)json_integer_value(v));
    if ((v = json_object_get(expect, "assumptions_include"))) {
        size_t i, j;
        json_t *w, *a;
        json_array_foreach(v, i, w) {
            int found = 0;
            json_array_foreach(json_object_get(res, "assumptions"), j, a)
                found |= strncmp(json_string_value(a), json_string_value(w),
                                 strlen(json_string_value(w))) == 0;
            if (!found)
                fail_case(cid, "no assumption starting \"%s\"", json_string_value(w));
        }
    }
    if ((v = json_object_get(expect, "explanation_rules")))
        check_present(cid, "explanation rule", json_object_get(res, "explanation"), "rule", v, 1);

    /* every result carries the notice and a safety net unless emergency */
    if (json_array_size(json_object_get(res, "notice")) == 0)
        fail_case(cid, "no notice");
    if (strcmp(json_string_value(json_object_get(res, "disposition")), "emergency") != 0 &&
        json_array_size(json_object_get(res, "safety_net")) == 0)
        fail_case(cid, "no safety net");
    json_decref(res);
}

static void run_file(const char *path)
{
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    char *line = NULL;
    size_t cap = 0;
    int n = 0;
    failures = 0;
    while (getline(&line, &cap, f) > 0) {
        json_error_t jerr;
        json_t *c = json_loads(line, 0, &jerr);
        if (!c)
            fail_msg("%s: invalid JSON: %s", path, jerr.text);
        check_case(c);
        json_decref(c);
        n++;
    }
    free(line);
    fclose(f);
    fprintf(stderr, "  %s: %d cases, %d failures\n", path, n, failures);
    assert_true(n > 0);
    assert_int_equal(failures, 0);
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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_policy_cases),
        cmocka_unit_test(test_error_cases),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
