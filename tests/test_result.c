/* test_result.c: the summary result is the full result cut down, nothing
 * else: over generated cases (and the shipped ones), every key of a summary
 * is the full result's, in the same order and with the same values, the
 * plan and cautions as ids (with their ranks), the safety net grouped by the
 * disposition it leads to; a summary stays small; and the API's
 * /v1/triage?detail=summary gives the same bytes. The result as C values
 * (engine_outcome_now()) says what the JSON says, in the same order. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "cases.h"
#include "engine.h"
#include "gen.h"

#define GENERATED 2000
#define SUMMARY_MEAN_MAX 2048   /* bytes a case, on average */

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

/* The summary the full result full implies. New reference. */
static json_t *expected_summary(const json_t *full)
{
    json_t *s = json_object(), *v;
    size_t i;
    json_object_set(s, "id", json_object_get(full, "id"));
    json_object_set_new(s, "detail", json_string("summary"));
    json_object_set(s, "triggers", json_object_get(full, "triggers"));
    json_t *reasons = json_array();
    json_array_foreach(json_object_get(full, "reasons"), i, v)
        json_array_append_new(reasons, json_pack("{s:O, s:O, s:O}", "trigger",
                                                 json_object_get(v, "trigger"), "disposition",
                                                 json_object_get(v, "disposition"), "says",
                                                 json_object_get(v, "says")));
    json_object_set_new(s, "reasons", reasons);
    json_object_set(s, "disposition", json_object_get(full, "disposition"));
    json_t *cautions = json_array(), *plan = json_array(), *net = json_array();
    json_array_foreach(json_object_get(full, "cautions"), i, v)
        json_array_append_new(cautions, json_pack("{s:O}", "id", json_object_get(v, "id")));
    json_array_foreach(json_object_get(full, "recommendations"), i, v)
        json_array_append_new(plan, json_pack("{s:O, s:O}", "id", json_object_get(v, "id"),
                                              "rank", json_object_get(v, "rank")));
    json_object_set_new(s, "cautions", cautions);
    json_object_set_new(s, "recommendations", plan);
    json_t *group = NULL;
    json_array_foreach(json_object_get(full, "safety_net"), i, v) {
        const json_t *then = json_object_get(v, "then");
        if (!group || !json_equal(json_object_get(group, "then"), (json_t *)then)) {
            group = json_pack("{s:O, s:[]}", "then", then, "triggers");
            json_array_append_new(net, group);
        }
        json_array_append(json_object_get(group, "triggers"), json_object_get(v, "trigger"));
    }
    json_object_set_new(s, "safety_net", net);
    const char *rest[] = { "assumptions", "notice", "rules_version", "policy" };
    for (size_t k = 0; k < sizeof rest / sizeof *rest; k++)
        if (json_object_get(full, rest[k]))
            json_object_set(s, rest[k], json_object_get(full, rest[k]));
    return s;
}

/* Checks one case; adds the summary's length to *bytes. */
static void check_case(json_t *c, size_t *bytes)
{
    json_t *err;
    assert_int_equal(cases_run(eng, c, &err), 0);
    size_t n;
    const char *t = engine_result_text_detail(eng, "\"x\"", ENGINE_DETAIL_FULL, &n);
    assert_non_null(t);
    json_t *full = json_loadb(t, n, 0, NULL);
    assert_non_null(full);
    t = engine_result_text_detail(eng, "\"x\"", ENGINE_DETAIL_SUMMARY, &n);
    assert_non_null(t);
    *bytes += n + 1;
    /* keys in the order written: compare the text of the expected object */
    json_t *want = expected_summary(full);
    char *want_text = json_dumps(want, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(6));
    json_t *got = json_loadb(t, n, 0, NULL);
    assert_non_null(got);
    char *got_text = json_dumps(got, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(6));
    if (strcmp(want_text, got_text) != 0)
        fail_msg("summary differs from the full result cut down:\n want %s\n got  %s", want_text,
                 got_text);
    assert_null(json_object_get(got, "explanation"));
    free(want_text);
    free(got_text);
    json_decref(want);
    json_decref(got);
    json_decref(full);
    /* the full text is the same bytes as engine_result_text() gives */
    const char *a = engine_result_text(eng, "\"x\"", &n);
    char *copy = strndup(a, n);
    size_t m;
    const char *b = engine_result_text_detail(eng, "\"x\"", ENGINE_DETAIL_FULL, &m);
    assert_int_equal(n, m);
    assert_memory_equal(copy, b, n);
    free(copy);
}

static void test_summary_is_the_full_result_cut_down(void **state)
{
    (void)state;
    gen_rng rng = { 2024 };
    size_t bytes = 0;
    for (int i = 0; i < GENERATED; i++) {
        json_t *c = json_pack("{s:i, s:o}", "id", i, "answers", gen_answers(eng, &rng));
        check_case(c, &bytes);
        json_decref(c);
    }
    printf("summary: %zu bytes a case on average over %d generated cases\n", bytes / GENERATED,
           GENERATED);
    assert_true(bytes / GENERATED <= SUMMARY_MEAN_MAX);
}

static void test_summary_of_the_shipped_cases(void **state)
{
    (void)state;
    char err[600];
    json_t *all = cases_read_file("tests/cases/policy.jsonl", err, sizeof err);
    assert_non_null(all);
    size_t i, bytes = 0;
    json_t *c;
    json_array_foreach(all, i, c)
        check_case(c, &bytes);
    json_decref(all);
}

static void test_summary_in_any_order(void **state)
{
    (void)state;
    /* the same case after different ones gives the same summary */
    gen_rng rng = { 7 };
    json_t *c = json_pack("{s:s, s:o}", "id", "same", "answers", gen_answers(eng, &rng));
    json_t *err;
    engine_reset(eng);
    assert_int_equal(cases_run(eng, c, &err), 0);
    char *first = strdup(engine_result_text_detail(eng, NULL, ENGINE_DETAIL_SUMMARY, NULL));
    for (int i = 0; i < 50; i++) {
        json_t *other = json_pack("{s:o}", "answers", gen_answers(eng, &rng));
        assert_int_equal(cases_run(eng, other, &err), 0);
        json_decref(other);
        assert_int_equal(cases_run(eng, c, &err), 0);
        assert_string_equal(engine_result_text_detail(eng, NULL, ENGINE_DETAIL_SUMMARY, NULL),
                            first);
    }
    free(first);
    json_decref(c);
}

static void test_api_detail(void **state)
{
    (void)state;
    api *a = api_new(eng);
    assert_non_null(a);
    const char *body = "{\"id\":\"h\",\"answers\":{\"hamstring_tightness\":\"yes\"}}";
    api_reply full = { 0 }, sum = { 0 }, bad = { 0 }, both = { 0 };
    api_handle(a, "POST", "/v1/triage", body, strlen(body), &full);
    api_handle(a, "POST", "/v1/triage?detail=summary", body, strlen(body), &sum);
    api_handle(a, "POST", "/v1/triage?detail=brief", body, strlen(body), &bad);
    api_handle(a, "POST", "/v1/triage?x=1&detail=full", body, strlen(body), &both);
    assert_int_equal(full.status, 200);
    assert_int_equal(sum.status, 200);
    assert_int_equal(bad.status, 400);
    assert_int_equal(both.status, 200);
    assert_non_null(strstr(full.body, "\"explanation\""));
    assert_null(strstr(sum.body, "\"explanation\""));
    assert_non_null(strstr(sum.body, "{\"id\":\"h\",\"detail\":\"summary\","));
    assert_string_equal(full.body, both.body);
    /* the same bytes as the engine's (batch's) summary */
    json_t *c = json_loads(body, 0, NULL), *err;
    assert_int_equal(cases_run(eng, c, &err), 0);
    assert_string_equal(sum.body, engine_result_text_detail(eng, "\"h\"", ENGINE_DETAIL_SUMMARY, NULL));
    json_decref(c);
    api_reply_free(&full);
    api_reply_free(&sum);
    api_reply_free(&bad);
    api_reply_free(&both);
    api_free(a);
}

/* The ids of a list of objects (key) or strings (key NULL), comma-joined. */
static void ids_of(const json_t *list, const char *key, char *out, size_t len)
{
    size_t i, o = 0;
    json_t *v;
    out[0] = '\0';
    json_array_foreach(list, i, v) {
        const char *id = json_string_value(key ? json_object_get(v, key) : v);
        o += (size_t)snprintf(out + o, o < len ? len - o : 0, "%s%s", i ? "," : "", id ? id : "?");
    }
}

static void join(const char *const *ids, size_t n, char *out, size_t len)
{
    size_t o = 0;
    out[0] = '\0';
    for (size_t i = 0; i < n; i++)
        o += (size_t)snprintf(out + o, o < len ? len - o : 0, "%s%s", i ? "," : "", ids[i]);
}

static void test_outcome_says_what_the_json_says(void **state)
{
    (void)state;
    gen_rng rng = { 0x0C7C0E5ULL };
    for (int k = 0; k < GENERATED; k++) {
        json_t *answers = gen_answers(eng, &rng);
        const char *bad;
        assert_int_equal(engine_reset(eng), 0);
        assert_int_equal(engine_set_answers(eng, answers, &bad), 0);
        assert_int_equal(engine_run(eng), 0);
        json_t *res = engine_result(eng);
        const engine_outcome *o = engine_outcome_now(eng);
        assert_non_null(res);
        assert_non_null(o);
        assert_string_equal(o->disposition->id, json_string_value(json_object_get(res, "disposition")));
        char want[16384], got[16384];
        const char *ids[256];
        struct { const char *key, *field; size_t n; } lists[] = {
            { "triggers", NULL, o->ntriggers }, { "cautions", "id", o->ncautions },
            { "recommendations", "id", o->nplan }, { "safety_net", "trigger", o->nsafety_net },
            { "contributors", "id", o->ncontributors }, { "assumptions", NULL, o->nassumptions },
        };
        for (size_t l = 0; l < sizeof lists / sizeof *lists; l++) {
            assert_true(lists[l].n < 256);
            for (size_t i = 0; i < lists[l].n; i++)
                ids[i] = l == 0 ? o->triggers[i]->id : l == 1 ? o->cautions[i]->id
                       : l == 2 ? o->plan[i]->id : l == 3 ? o->safety_net[i]->id
                       : l == 4 ? o->contributors[i].id : o->assumptions[i];
            ids_of(json_object_get(res, lists[l].key), lists[l].field, want, sizeof want);
            join(ids, lists[l].n, got, sizeof got);
            if (strcmp(want, got) != 0)
                fail_msg("case %d, %s: the outcome has %s, the JSON %s", k, lists[l].key, got, want);
        }
        for (size_t i = 0; i < o->nplan; i++) {   /* what each plan item was offered for */
            json_t *r = json_array_get(json_object_get(res, "recommendations"), i);
            ids_of(json_object_get(r, "because"), NULL, want, sizeof want);
            join(o->because[i].ids, o->because[i].n, got, sizeof got);
            if (strcmp(want, got) != 0)
                fail_msg("case %d, %s: because %s, the JSON %s", k, o->plan[i]->id, got, want);
        }
        for (size_t i = 0; i < o->ncontributors; i++) {
            json_t *c = json_array_get(json_object_get(res, "contributors"), i);
            assert_true(o->contributors[i].certainty ==
                        json_number_value(json_object_get(c, "certainty")));
            assert_true(!o->contributors[i].def ||
                        !strcmp(o->contributors[i].def->name,
                                json_string_value(json_object_get(c, "name"))));
        }
        json_decref(res);
        json_decref(answers);
    }
    /* no run since the answers changed: no outcome, and why */
    assert_int_equal(engine_reset(eng), 0);
    assert_null(engine_outcome_now(eng));
    assert_non_null(strstr(engine_errmsg(eng), "no successful run"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_api_detail),
        cmocka_unit_test(test_summary_is_the_full_result_cut_down),
        cmocka_unit_test(test_summary_of_the_shipped_cases),
        cmocka_unit_test(test_summary_in_any_order),
        cmocka_unit_test(test_outcome_says_what_the_json_says),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
