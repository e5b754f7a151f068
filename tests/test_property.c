/* test_property.c: properties over generated cases.
 * - A worrying answer never lowers the urgency: over 10,000 cases, every
 *   yes/no question used by a red flag or a threshold is turned to "yes"
 *   (from no, unknown or absent), a question whose not-sure counts as yes is
 *   turned to "unknown" (from no or absent), a choice is turned to each of
 *   its declared worrying values and a list given each of its worrying values
 *   more (where it hurts, how it began), and the pain score and duration are
 *   raised; the disposition must never become less urgent. Each change is
 *   made on the running engine and then undone, so truth maintenance is
 *   checked too: undoing it must give back the first disposition.
 * - A case evaluated after others (only the answers that differ are changed,
 *   as batch does) gives the same result, byte for byte, as on a fresh engine.
 * - The explanation can be read from the top: whatever a step used that some
 *   step concluded was concluded by a step before it.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine.h"
#include "gen.h"

/* TRIAGE_PROPERTY_CASES lowers the count under valgrind. */
static int ncases(void)
{
    const char *s = getenv("TRIAGE_PROPERTY_CASES");
    return s && atoi(s) > 0 ? atoi(s) : 10000;
}

static engine *eng;

static int setup(void **state)
{
    (void)state;
    const char *dirs[] = { "rules" };
    eng = engine_new();
    return eng && engine_load(eng, dirs, 1) == 0 ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    engine_free(eng);
    return 0;
}

static int rank_now(void)
{
    static const char *const order[] = { "self_care", "soon", "urgent", "emergency" };
    if (engine_run(eng) != 0)
        fail_msg("run: %s", engine_errmsg(eng));
    const char *d = engine_disposition(eng);
    if (!d)
        fail_msg("disposition: %s", engine_errmsg(eng));
    for (int i = 0; i < 4; i++)
        if (strcmp(order[i], d) == 0)
            return i;
    fail_msg("unknown disposition %s", d);
    return -1;
}

static const char *const worrying_yes[] = {
    "saddle_numbness", "bladder_bowel_change", "both_legs", "sexual_function_change",
    "leg_weakness", "weakness_worsening", "chest_pain", "faint_or_clammy", "recent_trauma",
    "serious_accident", "fever", "infection_risk", "osteoporosis", "cancer_history",
    "unexplained_weight_loss", "night_pain", "back_deformity", "pain_worse_straining",
    "morning_stiffness", "home_care_failed", "affects_daily_life", "neurological_condition",
    "sharp_pain_when_stretching", "pain_radiates_down_leg", "leg_numbness", NULL
};

static int listed(const char *id)
{
    for (size_t i = 0; worrying_yes[i]; i++)
        if (strcmp(worrying_yes[i], id) == 0)
            return 1;
    return 0;
}

/* Every red-flag yes/no question is in the list (a new one cannot be
 * forgotten), and every red-flag choice or list declares worrying values. */
static void test_every_red_flag_question_is_checked(void **state)
{
    (void)state;
    size_t yesno = 0, choices = 0;
    for (size_t i = 0; i < engine_question_count(eng); i++) {
        const engine_question *q = engine_question_at(eng, i);
        if (!q->red_flag)
            continue;
        if (q->type == ENGINE_YESNO) {
            if (!listed(q->id))
                fail_msg("red-flag question %s is not in worrying_yes", q->id);
            yesno++;
        } else if (q->type == ENGINE_CHOICE || q->type == ENGINE_MULTI) {
            if (q->nworrying == 0)
                fail_msg("red-flag question %s declares no worrying values", q->id);
            choices++;
        }
    }
    for (size_t i = 0; worrying_yes[i]; i++)
        assert_non_null(engine_question_find(eng, worrying_yes[i]));
    fprintf(stderr, "  %zu red-flag yes/no questions, %zu choices and lists\n", yesno, choices);
    assert_true(yesno >= 21);
    assert_true(choices >= 2);
}

static void set(const char *id, const json_t *v)
{
    int rc = v ? engine_answer(eng, id, v) : engine_unanswer(eng, id);
    if (rc != 0)
        fail_msg("%s: %s", id, engine_errmsg(eng));
}

/* Applies worse to id, checks the disposition does not drop, then restores. */
static void try_worse(json_t *answers, const char *id, json_t *worse, int base)
{
    json_t *old = json_incref(json_object_get(answers, id));
    set(id, worse);
    int r = rank_now();
    if (r < base) {
        char *s = json_dumps(answers, JSON_SORT_KEYS);
        fail_msg("%s made worse lowered the disposition from rank %d to %d in %s", id, base, r, s);
    }
    set(id, old);
    if (rank_now() != base) {
        char *s = json_dumps(answers, JSON_SORT_KEYS);
        fail_msg("undoing %s did not restore the disposition in %s", id, s);
    }
    json_decref(old);
    json_decref(worse);
}

static void test_worrying_answers_never_lower_urgency(void **state)
{
    (void)state;
    gen_rng rng = { 0x9E3779B97F4A7C15ULL };
    long checks = 0;
    int seen[4] = { 0 };
    int total = ncases();
    for (int n = 0; n < total; n++) {
        json_t *answers = gen_answers(eng, &rng);
        assert_int_equal(engine_reset(eng), 0);
        const char *k;
        json_t *v;
        json_object_foreach(answers, k, v)
            set(k, v);
        int base = rank_now();
        seen[base]++;
        for (size_t i = 0; worrying_yes[i]; i++) {
            v = json_object_get(answers, worrying_yes[i]);
            if (v && strcmp(json_string_value(v), "yes") == 0)
                continue;
            try_worse(answers, worrying_yes[i], json_string("yes"), base);
            checks++;
        }
        for (size_t i = 0; i < engine_question_count(eng); i++) {
            const engine_question *q = engine_question_at(eng, i);
            v = json_object_get(answers, q->id);
            if (q->type == ENGINE_YESNO && q->unknown_means_yes &&
                (!v || strcmp(json_string_value(v), "no") == 0)) {
                /* not sure about a dangerous cause is never better than no */
                try_worse(answers, q->id, json_string("unknown"), base);
                checks++;
            } else if (q->type == ENGINE_CHOICE) {
                for (size_t w = 0; w < q->nworrying; w++) {
                    if (json_is_string(v) && strcmp(json_string_value(v), q->worrying[w]) == 0)
                        continue;
                    try_worse(answers, q->id, json_string(q->worrying[w]), base);
                    checks++;
                }
            } else if (q->type == ENGINE_MULTI && !json_is_array(v) && v) {
                /* not sure where: never more urgent than every worrying place at once (a
                 * place named rules things out, as a no does) */
                json_t *all = json_array();
                for (size_t w = 0; w < q->nworrying; w++)
                    json_array_append_new(all, json_string(q->worrying[w]));
                try_worse(answers, q->id, all, base);
                checks++;
            } else if (q->type == ENGINE_MULTI) {
                for (size_t w = 0; w < q->nworrying; w++) {
                    json_t *more = json_is_array(v) ? json_deep_copy(v) : json_array();
                    size_t j;
                    json_t *x;
                    int has = 0;
                    json_array_foreach(more, j, x)
                        has |= strcmp(json_string_value(x), q->worrying[w]) == 0;
                    if (has) {
                        json_decref(more);
                        continue;
                    }
                    json_array_append_new(more, json_string(q->worrying[w]));
                    try_worse(answers, q->id, more, base);
                    checks++;
                }
            }
        }
        static const struct { const char *id; long long max; } up[] = {
            { "pain_severity", 10 }, { "pain_duration_days", 36500 }
        };
        for (size_t i = 0; i < 2; i++) {
            v = json_object_get(answers, up[i].id);
            if (!json_is_integer(v) || json_integer_value(v) >= up[i].max)
                continue;
            long long w = json_integer_value(v) + 1 + (long long)(gen_next(&rng) % 5);
            try_worse(answers, up[i].id, json_integer(w > up[i].max ? up[i].max : w), base);
            checks++;
        }
        json_decref(answers);
    }
    fprintf(stderr, "  %d cases (self_care %d, soon %d, urgent %d, emergency %d), "
                    "%ld worsened variants, none less urgent\n",
            total, seen[0], seen[1], seen[2], seen[3], checks);
    for (int i = 0; i < 4; i++)
        assert_true(seen[i] > 0);
}

static char *result_text(engine *e)
{
    if (engine_run(e) != 0)
        fail_msg("run: %s", engine_errmsg(e));
    const char *t = engine_result_text(e, NULL, NULL);
    if (!t)
        fail_msg("result: %s", engine_errmsg(e));
    return strdup(t);
}

/* Batch gives each case only the answers that differ from the case before
 * it: the result must be the one a fresh engine gives, byte for byte. Cases
 * follow each other at random, some repeated, some in error. */
static void test_consecutive_cases_give_fresh_results(void **state)
{
    (void)state;
    const char *dirs[] = { "rules" };
    engine *fresh = engine_new();
    assert_int_equal(engine_load(fresh, dirs, 1), 0);
    gen_rng rng = { 0xA5A5F00DULL };
    int total = ncases() / 3 + 1, full = 0;
    json_t *prev = NULL;
    for (int n = 0; n < total; n++) {
        json_t *answers = prev && gen_next(&rng) % 8 == 0 ? json_deep_copy(prev) : gen_answers(eng, &rng);
        if (gen_next(&rng) % 19 == 0) {   /* a bad answer: nothing changes, the case fails */
            json_t *bad = json_deep_copy(answers);
            json_object_set_new(bad, "age", json_integer(500));
            const char *key;
            assert_int_equal(engine_set_answers(eng, bad, &key), -1);
            assert_string_equal(key, "age");
            json_decref(bad);
        }
        const char *key;
        assert_int_equal(engine_set_answers(eng, answers, &key), 0);
        char *a = result_text(eng);
        engine *ref = fresh;
        if (n % 200 == 0) {   /* now and then against a brand-new engine */
            ref = engine_new();
            assert_int_equal(engine_load(ref, dirs, 1), 0);
            full++;
        } else {
            assert_int_equal(engine_reset(ref), 0);
        }
        assert_int_equal(engine_set_answers(ref, answers, &key), 0);
        char *b = result_text(ref);
        if (strcmp(a, b) != 0) {
            char *dump = json_dumps(answers, JSON_SORT_KEYS);
            size_t at = 0;
            while (a[at] && a[at] == b[at])
                at++;
            size_t from = at > 200 ? at - 200 : 0;
            fprintf(stderr, "case %d: the result after the cases before it differs from a fresh "
                    "one\nanswers: %s\nafter: ...%.400s\nfresh: ...%.400s\n", n, dump, a + from,
                    b + from);
            fail_msg("case %d: the result after the cases before it differs from a fresh one", n);
        }
        free(a);
        free(b);
        if (ref != fresh)
            engine_free(ref);
        json_decref(prev);
        prev = answers;
    }
    json_decref(prev);
    engine_free(fresh);
    fprintf(stderr, "  %d consecutive cases, %d of them against a new engine: all as fresh\n",
            total, full);
}

/* An auditor reads the explanation from the top: what a step used, if a
 * step concluded it, must have been concluded above. */
static void test_explanation_steps_come_after_what_they_use(void **state)
{
    (void)state;
    gen_rng rng = { 0x5EEDF00DULL };
    int total = ncases() / 5 + 1, steps = 0;
    for (int n = 0; n < total; n++) {
        json_t *answers = gen_answers(eng, &rng);
        const char *key;
        assert_int_equal(engine_set_answers(eng, answers, &key), 0);
        char *text = result_text(eng);
        json_t *res = json_loads(text, 0, NULL);
        assert_non_null(res);
        json_t *expl = json_object_get(res, "explanation"), *all = json_object(),
               *above = json_object();
        size_t i, j;
        json_t *st, *name;
        json_array_foreach(expl, i, st)
            json_array_foreach(json_object_get(st, "concluded"), j, name)
                json_object_set(all, json_string_value(name), json_true());
        json_array_foreach(expl, i, st) {
            json_array_foreach(json_object_get(st, "used"), j, name) {
                const char *used = json_string_value(name);
                if (json_object_get(all, used) && !json_object_get(above, used)) {
                    char *dump = json_dumps(answers, JSON_SORT_KEYS);
                    fail_msg("case %d: step %zu uses \"%s\", concluded only below it\n"
                             "answers: %s", n, i + 1, used, dump);
                }
            }
            json_array_foreach(json_object_get(st, "concluded"), j, name)
                json_object_set(above, json_string_value(name), json_true());
            steps++;
        }
        json_decref(all);
        json_decref(above);
        json_decref(res);
        free(text);
        json_decref(answers);
    }
    fprintf(stderr, "  %d cases, %d steps: each after what it uses\n", total, steps);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_red_flag_question_is_checked),
        cmocka_unit_test(test_worrying_answers_never_lower_urgency),
        cmocka_unit_test(test_consecutive_cases_give_fresh_results),
        cmocka_unit_test(test_explanation_steps_come_after_what_they_use),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
