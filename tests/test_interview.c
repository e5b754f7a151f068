/* test_interview.c: the adaptive interview reaches the same result as batch.
 * For every case of tests/cases/ and for 2,000 generated cases, the interview
 * (answering from the case, leaving unanswered what the case lacks) must give
 * batch's disposition; and, unless it stopped at an emergency, the same
 * triggers, contributors, recommendations and cautions. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cases.h"
#include "engine.h"
#include "gen.h"
#include "interview.h"

static engine *eng;
static interview *iv;

static int setup(void **state)
{
    (void)state;
    const char *dirs[] = { "rules" };
    eng = engine_new();
    if (!eng || engine_load(eng, dirs, 1) != 0)
        return -1;
    iv = interview_new(eng);
    return iv ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    interview_free(iv);
    engine_free(eng);
    return 0;
}

/* The ids of arr (strings, or objects' "id"), sorted, with certainty when
 * with_cf, as one comparable string. */
static char *ids(const json_t *arr, int with_cf)
{
    size_t n = json_array_size(arr), i;
    char **v = calloc(n + 1, sizeof *v);
    json_t *x;
    json_array_foreach(arr, i, x) {
        const char *id = json_is_string(x) ? json_string_value(x)
                                           : json_string_value(json_object_get(x, "id"));
        char buf[128];
        if (with_cf)
            snprintf(buf, sizeof buf, "%s=%.3f", id,
                     json_number_value(json_object_get(x, "certainty")));
        else
            snprintf(buf, sizeof buf, "%s", id);
        v[i] = strdup(buf);
    }
    for (size_t a = 0; a < n; a++)
        for (size_t b = a + 1; b < n; b++)
            if (strcmp(v[a], v[b]) > 0) {
                char *t = v[a];
                v[a] = v[b];
                v[b] = t;
            }
    size_t len = 1;
    for (i = 0; i < n; i++)
        len += strlen(v[i]) + 1;
    char *out = calloc(len, 1);
    for (i = 0; i < n; i++) {
        strcat(out, v[i]);
        strcat(out, " ");
        free(v[i]);
    }
    free(v);
    return out;
}

static int same(const char *what, const char *cid, const json_t *a, const json_t *b, int cf)
{
    char *x = ids(json_object_get(a, what), cf), *y = ids(json_object_get(b, what), cf);
    int ok = strcmp(x, y) == 0;
    if (!ok)
        fprintf(stderr, "  case %s: %s differ: interview [%s] batch [%s]\n", cid, what, x, y);
    free(x);
    free(y);
    return ok;
}

/* Returns the number of differences. */
static int compare(const json_t *answers, const char *cid, size_t *asked)
{
    json_t *c = json_pack("{s:s, s:O}", "id", cid, "answers", answers);
    int failed;
    json_t *batch = cases_evaluate(eng, c, &failed);
    json_decref(c);
    if (failed) {
        json_decref(batch);
        return 0; /* error cases are batch's business */
    }
    const engine_question *bad;
    assert_int_equal(interview_play(iv, answers, &bad), 0);
    json_t *res = engine_result(eng);
    assert_non_null(res);
    json_t *log = interview_asked(iv);
    *asked = json_array_size(log);
    json_decref(log);
    int diffs = 0;
    /* its disposition is batch's on the whole case ... */
    const char *d1 = json_string_value(json_object_get(res, "disposition"));
    const char *d2 = json_string_value(json_object_get(batch, "disposition"));
    if (strcmp(d1, d2) != 0) {
        fprintf(stderr, "  case %s: disposition: interview %s, batch %s\n", cid, d1, d2);
        diffs++;
    }
    /* ... and its whole result is batch's on the answers it collected */
    json_t *collected = interview_answers(iv);
    json_t *c2 = json_pack("{s:s, s:o}", "id", cid, "answers", collected);
    json_t *batch2 = cases_evaluate(eng, c2, &failed);
    json_decref(c2);
    assert_false(failed);
    diffs += !same("triggers", cid, res, batch2, 0);
    diffs += !same("contributors", cid, res, batch2, 1);
    diffs += !same("recommendations", cid, res, batch2, 0);
    diffs += !same("cautions", cid, res, batch2, 0);
    diffs += !same("assumptions", cid, res, batch2, 0);
    json_decref(batch2);
    json_decref(res);
    json_decref(batch);
    return diffs;
}

static int cmp_size(const void *a, const void *b)
{
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    return x < y ? -1 : x > y;
}

static void test_every_case_file_agrees_with_batch(void **state)
{
    (void)state;
    FILE *f = fopen("tests/cases/policy.jsonl", "r");
    assert_non_null(f);
    char *line = NULL;
    size_t cap = 0, n = 0, counts[1024];
    int diffs = 0;
    while (getline(&line, &cap, f) > 0 && n < 1024) {
        json_t *c = json_loads(line, 0, NULL);
        assert_non_null(c);
        diffs += compare(json_object_get(c, "answers"),
                         json_string_value(json_object_get(c, "id")), &counts[n++]);
        json_decref(c);
    }
    free(line);
    fclose(f);
    qsort(counts, n, sizeof *counts, cmp_size);
    fprintf(stderr, "  %zu cases, median %zu questions asked\n", n, counts[n / 2]);
    assert_int_equal(diffs, 0);
}

static void test_generated_cases_agree_with_batch(void **state)
{
    (void)state;
    gen_rng rng = { 0xC0FFEE1234ULL };
    const char *s = getenv("TRIAGE_PROPERTY_CASES");
    int total = s && atoi(s) > 0 ? atoi(s) / 5 + 1 : 2000, diffs = 0;
    for (int i = 0; i < total; i++) {
        json_t *answers = gen_answers(eng, &rng);
        /* fewer red flags, so that most cases play to the end */
        const char *flags[] = { "saddle_numbness", "bladder_bowel_change", "leg_weakness" };
        for (size_t k = 0; k < 3; k++)
            if (gen_next(&rng) % 2)
                json_object_set_new(answers, flags[k], json_string("no"));
        char cid[32];
        snprintf(cid, sizeof cid, "gen-%d", i);
        size_t asked;
        int d = compare(answers, cid, &asked);
        if (d) {
            char *dump = json_dumps(answers, JSON_SORT_KEYS);
            fprintf(stderr, "    answers: %s\n", dump);
            free(dump);
        }
        diffs += d;
        json_decref(answers);
    }
    assert_int_equal(diffs, 0);
}

static void test_cauda_equina_within_three_questions(void **state)
{
    (void)state;
    static const char *const cases[] = {
        "{\"saddle_numbness\": \"yes\"}",
        "{\"saddle_numbness\": \"no\", \"bladder_bowel_change\": \"yes\"}",
        "{\"bladder_bowel_change\": \"yes\", \"fever\": \"yes\"}",
        "{\"saddle_numbness\": \"unknown\"}",
        "{\"saddle_numbness\": \"no\", \"bladder_bowel_change\": \"no\", \"both_legs\": \"yes\"}",
        "{\"saddle_numbness\": \"no\", \"bladder_bowel_change\": \"no\", \"both_legs\": \"unknown\"}",
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        json_t *answers = json_loads(cases[i], 0, NULL);
        const engine_question *bad;
        assert_int_equal(interview_play(iv, answers, &bad), 0);
        json_t *log = interview_asked(iv);
        assert_true(json_array_size(log) <= 3);
        assert_true(interview_is_settled(iv));
        json_decref(log);
        json_decref(answers);
    }
}

/* Each emergency of triage policy version 2, played as an interview of
 * someone who has nothing else: the interview must reach the emergency and
 * stop there, and the questions that can make it an emergency on their own
 * come first (within the number of prompts given; a combination such as
 * cancer with a numb leg needs both answers, and comes after them). */
static void test_every_emergency_is_reached_and_stops_the_interview(void **state)
{
    (void)state;
    static const char base[] =
        "{\"saddle_numbness\": \"no\", \"bladder_bowel_change\": \"no\", \"both_legs\": \"no\","
        " \"sexual_function_change\": \"no\", \"leg_weakness\": \"no\", \"chest_pain\": \"no\","
        " \"faint_or_clammy\": \"no\", \"recent_trauma\": \"no\", \"age\": 50, \"pain_onset\": \"gradual\","
        " \"pain_severity\": 4, \"pain_location\": [\"lower_back\"], \"cancer_history\": \"no\","
        " \"unexplained_weight_loss\": \"no\", \"fever\": \"no\", \"infection_risk\": \"no\","
        " \"leg_numbness\": \"no\", \"pain_radiates_down_leg\": \"no\"}";
    static const struct { const char *answers, *trigger; size_t within; } cases[] = {
        { "{\"saddle_numbness\": \"yes\"}", "cauda_equina", 1 },
        { "{\"bladder_bowel_change\": \"yes\"}", "cauda_equina", 2 },
        { "{\"both_legs\": \"yes\"}", "cauda_equina", 3 },
        { "{\"sexual_function_change\": \"yes\"}", "cauda_equina", 4 },
        { "{\"leg_weakness\": \"yes\", \"weakness_worsening\": \"yes\"}", "progressive_neuro_deficit", 6 },
        { "{\"chest_pain\": \"yes\"}", "chest_pain", 6 },
        { "{\"chest_pain\": \"unknown\"}", "chest_pain", 6 },
        { "{\"faint_or_clammy\": \"yes\"}", "collapse_signs", 7 },
        { "{\"recent_trauma\": \"yes\", \"serious_accident\": \"yes\"}", "major_trauma", 9 },
        { "{\"recent_trauma\": \"yes\", \"serious_accident\": \"unknown\"}", "major_trauma", 9 },
        { "{\"age\": 72, \"pain_onset\": \"sudden\", \"pain_severity\": 9}", "possible_aneurysm", 11 },
        { "{\"pain_onset\": \"sudden\", \"pain_severity\": 8, \"pain_location\": [\"mid_back\"]}",
          "possible_dissection", 12 },
        { "{\"cancer_history\": \"yes\", \"leg_numbness\": \"yes\"}", "spinal_cord_compression", 15 },
        { "{\"cancer_history\": \"yes\", \"pain_radiates_down_leg\": \"yes\"}", "spinal_cord_compression", 15 },
        { "{\"unexplained_weight_loss\": \"yes\", \"leg_weakness\": \"yes\", \"weakness_worsening\": \"no\"}",
          "spinal_cord_compression", 17 },
        { "{\"fever\": \"yes\", \"leg_numbness\": \"yes\"}", "infection_with_deficit", 17 },
        { "{\"infection_risk\": \"yes\", \"leg_weakness\": \"yes\", \"weakness_worsening\": \"no\"}",
          "infection_with_deficit", 19 },
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        json_t *answers = json_loads(base, 0, NULL), *these = json_loads(cases[i].answers, 0, NULL);
        assert_non_null(answers);
        assert_non_null(these);
        json_object_update(answers, these);
        const engine_question *bad;
        assert_int_equal(interview_play(iv, answers, &bad), 0);
        json_t *log = interview_asked(iv);
        json_t *res = engine_result(eng);
        char *trig = json_dumps(json_object_get(res, "triggers"), 0);
        fprintf(stderr, "  %-40s %2zu prompts: %s\n", cases[i].trigger, json_array_size(log), trig);
        if (!interview_is_settled(iv) || !strstr(trig, cases[i].trigger))
            fail_msg("%s: no emergency %s: %s", cases[i].answers, cases[i].trigger, trig);
        if (json_array_size(log) > cases[i].within)
            fail_msg("%s: %zu prompts, more than %zu", cases[i].answers, json_array_size(log),
                     cases[i].within);
        /* it stopped at the emergency: the last question asked is one the case answered yes
         * (or not sure, or with the number or place that completed it) */
        const char *last = json_string_value(
            json_object_get(json_array_get(log, json_array_size(log) - 1), "id"));
        if (!json_object_get(these, last))
            fail_msg("%s: went on after the emergency, to %s", cases[i].answers, last);
        free(trig);
        json_decref(res);
        json_decref(log);
        json_decref(these);
        json_decref(answers);
    }
}

static void test_follow_up_only_when_relevant(void **state)
{
    (void)state;
    const engine_question *bad;
    json_t *answers = json_loads("{\"leg_weakness\": \"no\", \"sex\": \"male\"}", 0, NULL);
    assert_int_equal(interview_play(iv, answers, &bad), 0);
    json_t *log = interview_asked(iv);
    char *dump = json_dumps(log, 0);
    assert_null(strstr(dump, "weakness_worsening"));
    assert_null(strstr(dump, "\"pregnant\""));
    assert_non_null(strstr(dump, "leg_weakness"));
    free(dump);
    json_decref(log);
    json_decref(answers);

    answers = json_loads("{\"leg_weakness\": \"unknown\", \"weakness_worsening\": \"no\"}", 0, NULL);
    assert_int_equal(interview_play(iv, answers, &bad), 0);
    log = interview_asked(iv);
    dump = json_dumps(log, 0);
    assert_non_null(strstr(dump, "weakness_worsening"));
    free(dump);
    json_decref(log);
    json_decref(answers);
}

static void test_back_restores_the_previous_state(void **state)
{
    (void)state;
    assert_int_equal(interview_restart(iv), 0);
    const engine_question *q = interview_next(iv);
    assert_string_equal(q->id, "saddle_numbness");
    json_t *yes = json_string("yes");
    assert_int_equal(interview_answer(iv, q, yes), 0);
    json_decref(yes);
    assert_true(interview_is_settled(iv));
    assert_null(interview_next(iv));
    const engine_question *undone;
    assert_int_equal(interview_back(iv, &undone), 0);
    assert_string_equal(undone->id, "saddle_numbness");
    assert_false(interview_is_settled(iv));
    assert_string_equal(interview_next(iv)->id, "saddle_numbness");
    assert_int_equal(interview_back(iv, &undone), -1);
}

/* Remembering quiet questions must never change which question comes next:
 * an interview that remembers and one that asks the engine afresh each time
 * are driven through the same generated cases, with answers taken back and
 * changed on the way, and must choose the same question at every step. */
static void test_remembering_quiet_questions_asks_the_same(void **state)
{
    (void)state;
    const char *dirs[] = { "rules" };
    engine *e2 = engine_new();
    assert_int_equal(engine_load(e2, dirs, 1), 0);
    interview *fresh = interview_new(e2);
    assert_non_null(fresh);
    interview_keep_quiet(fresh, 0);
    gen_rng rng = { 0x5EED0F0BULL };
    const char *s = getenv("TRIAGE_PROPERTY_CASES");
    int total = s && atoi(s) > 0 ? atoi(s) / 10 + 1 : 500;
    long steps = 0;
    for (int i = 0; i < total; i++) {
        json_t *answers = gen_answers(eng, &rng);
        const char *flags[] = { "saddle_numbness", "bladder_bowel_change", "leg_weakness" };
        for (size_t k = 0; k < 3; k++)
            if (gen_next(&rng) % 4)
                json_object_set_new(answers, flags[k], json_string("no"));
        assert_int_equal(interview_restart(iv), 0);
        assert_int_equal(interview_restart(fresh), 0);
        for (int guard = 0; guard < 200; guard++) {
            const engine_question *a = interview_next(iv), *b = interview_next(fresh);
            if (!a || !b) {
                if (a || b)
                    fail_msg("case %d step %ld: %s against %s", i, steps, a ? a->id : "the end",
                             b ? b->id : "the end");
                break;
            }
            if (strcmp(a->id, b->id) != 0)
                fail_msg("case %d step %ld: %s against %s", i, steps, a->id, b->id);
            steps++;
            unsigned long r = (unsigned long)(gen_next(&rng) % 10);
            if (r == 0) {   /* take the last one back */
                interview_back(iv, NULL);
                interview_back(fresh, NULL);
                continue;
            }
            const json_t *v = json_object_get(answers, a->id);
            if (v) {
                assert_int_equal(interview_answer(iv, a, v), 0);
                assert_int_equal(interview_answer(fresh, b, v), 0);
            } else {
                assert_int_equal(interview_pass(iv, a), 0);
                assert_int_equal(interview_pass(fresh, b), 0);
            }
        }
        json_decref(answers);
    }
    assert_true(steps > (long)total * 5);
    interview_free(fresh);
    engine_free(e2);
}

/* A question that matters only once a later answer brings a conclusion, or
 * once some other question is answered "unknown" (a rule with two answer
 * patterns, both for any question, which the rule's uses list names once):
 * it is quiet at first, and must be
 * asked once it matters. The shipped rules ask every input before what
 * depends on it, so these overlays make cases where remembering a quiet
 * question could go wrong. */
static void test_quiet_question_is_asked_once_it_matters(void **state)
{
    (void)state;
    static const struct { const char *rule, *answers; } cases[] = {
        { "(defrule core-check \"Test. Source: test\"\n"
          "   (logical (answer (id core_check) (value yes)) (contributor (id weak_core)))\n"
          "   =>\n"
          "   (assert (trigger (id core_check_flag))))\n",
          "{\"saddle_numbness\": \"no\", \"bladder_bowel_change\": \"no\", \"leg_weakness\": \"no\","
          " \"weak_core\": \"yes\", \"core_check\": \"yes\"}" },
        { "(defrule core-check \"Test. Source: test\"\n"
          "   (logical (question (id ?q) (priority 95)) (answer (id ?q) (value yes))\n"
          "            (answer (id ?other) (value unknown)))\n"
          "   =>\n"
          "   (assert (trigger (id core_check_flag))))\n",
          "{\"saddle_numbness\": \"no\", \"bladder_bowel_change\": \"no\", \"leg_weakness\": \"no\","
          " \"fever\": \"unknown\", \"core_check\": \"yes\"}" },
    };
    for (size_t c = 0; c < sizeof cases / sizeof *cases; c++) {
        char dir[64] = "/tmp/triage-quiet-XXXXXX", path[128];
        assert_non_null(mkdtemp(dir));
        snprintf(path, sizeof path, "%s/90-late.clp", dir);
        FILE *f = fopen(path, "w");
        assert_non_null(f);
        fputs("(deffacts late\n"
              "   (question (id core_check) (type yesno) (red-flag no) (if-unknown not-known) (priority 95)\n"
              "      (prompt \"Test: does it hurt to brace?\") (help \"test\") (source \"test\"))\n"
              "   (trigger-def (id core_check_flag) (disposition soon) (kind threshold)\n"
              "      (says \"test\") (source \"test\")))\n", f);
        fputs(cases[c].rule, f);
        fclose(f);
        const char *dirs[] = { "rules", dir };
        for (int keep = 0; keep <= 1; keep++) {
            engine *e = engine_new();
            assert_int_equal(engine_load(e, dirs, 2), 0);
            interview *w = interview_new(e);
            interview_keep_quiet(w, keep);
            json_t *answers = json_loads(cases[c].answers, 0, NULL);
            const engine_question *bad;
            assert_int_equal(interview_play(w, answers, &bad), 0);
            json_t *log = interview_asked(w);
            char *dump = json_dumps(log, 0);
            if (!strstr(dump, "core_check"))
                fail_msg("overlay %zu, keep_quiet %d: core_check was never asked: %s", c, keep, dump);
            free(dump);
            json_decref(log);
            json_t *res = engine_result(e);
            assert_string_equal(json_string_value(json_object_get(res, "disposition")), "soon");
            json_decref(res);
            json_decref(answers);
            interview_free(w);
            engine_free(e);
        }
        unlink(path);
        rmdir(dir);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_case_file_agrees_with_batch),
        cmocka_unit_test(test_generated_cases_agree_with_batch),
        cmocka_unit_test(test_cauda_equina_within_three_questions),
        cmocka_unit_test(test_every_emergency_is_reached_and_stops_the_interview),
        cmocka_unit_test(test_follow_up_only_when_relevant),
        cmocka_unit_test(test_back_restores_the_previous_state),
        cmocka_unit_test(test_remembering_quiet_questions_asks_the_same),
        cmocka_unit_test(test_quiet_question_is_asked_once_it_matters),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
