/* test_session.c: the interview as every front end conducts it (session.h),
 * with the shipped rules: emergencies within their prompts, the number of
 * prompts over generated cases, the same result as batch, a stateless front
 * end getting the same steps as one answered step by step, checklists with
 * unsure items, and back over a checklist. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cases.h"
#include "engine.h"
#include "gen.h"
#include "session.h"

static engine *eng;
static session *ses;

static int setup(void **state)
{
    (void)state;
    const char *dirs[] = { "rules" };
    eng = engine_new();
    if (!eng || engine_load(eng, dirs, 1) != 0)
        return -1;
    ses = session_new(eng);
    return ses ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    session_free(ses);
    engine_free(eng);
    return 0;
}

static int ncases(void)
{
    const char *s = getenv("TRIAGE_PROPERTY_CASES");
    return s && atoi(s) > 0 ? atoi(s) : 2000;
}

/* Plays the session with each step answered from answers (what the case
 * lacks left unanswered); returns the number of prompts, and in *urgent_at
 * the prompt after which the disposition first stopped asking everything
 * (0 when it never did). */
static size_t play(const json_t *answers, size_t *urgent_at)
{
    assert_int_equal(session_restart(ses), 0);
    size_t prompts = 0;
    if (urgent_at)
        *urgent_at = 0;
    const session_step *st;
    while (!(st = session_step_now(ses))->done) {
        prompts++;
        json_t *step = json_object();
        for (size_t i = 0; i < st->nitems; i++) {
            const json_t *a = json_object_get(answers, st->items[i]->id);
            json_object_set(step, st->items[i]->id, a ? (json_t *)a : json_null());
        }
        assert_int_equal(session_answer(ses, step, NULL), 0);
        json_decref(step);
        const engine_disposition_info *d = session_disposition(ses);
        if (urgent_at && !*urgent_at && d && d->interview != ENGINE_GO_ON)
            *urgent_at = prompts;
        assert_true(prompts < 200);
    }
    return prompts;
}

/* Someone with nothing else but this, answering every question as asked. */
static const char base[] =
    "{\"saddle_numbness\": \"no\", \"bladder_bowel_change\": \"no\", \"both_legs\": \"no\","
    " \"sexual_function_change\": \"no\", \"leg_weakness\": \"no\", \"chest_pain\": \"no\","
    " \"faint_or_clammy\": \"no\", \"recent_trauma\": \"no\", \"age\": 50, \"pain_onset\": \"gradual\","
    " \"pain_severity\": 4, \"pain_location\": [\"lower_back\"], \"cancer_history\": \"no\","
    " \"unexplained_weight_loss\": \"no\", \"fever\": \"no\", \"infection_risk\": \"no\","
    " \"leg_numbness\": \"no\", \"pain_radiates_down_leg\": \"no\", \"night_pain\": \"no\","
    " \"back_deformity\": \"no\", \"osteoporosis\": \"no\", \"pain_worse_straining\": \"no\","
    " \"morning_stiffness\": \"no\"}";

/* Every emergency of the policy, reached and stopped at within its prompts:
 * a cauda equina sign within 3, any question that is an emergency on its own
 * (or with its follow-up) within 6; the combinations within 6 too, but for
 * two that cannot all be: what could still make an emergency is asked before
 * what no longer can, and when the first answer is urgent on its own (a weak
 * leg), what it still needs is asked next. After the three emergency prompts,
 * pain that came on suddenly needs its severity, then age (aneurysm) and
 * place (dissection), and the nerve and urgent-signs checklists (cancer with
 * a numb leg): whichever comes second of age and place is the seventh prompt
 * (dissection here), and so are the two checklists after a sudden, milder
 * pain. Any order that brought those to 6 would push another past it. */
static void test_emergencies_within_their_prompts(void **state)
{
    (void)state;
    static const struct { const char *answers, *trigger; size_t within; } cases[] = {
        { "{\"saddle_numbness\": \"yes\"}", "cauda_equina", 1 },
        { "{\"saddle_numbness\": \"unknown\"}", "cauda_equina", 2 },
        { "{\"bladder_bowel_change\": \"yes\"}", "cauda_equina", 2 },
        { "{\"both_legs\": \"yes\"}", "cauda_equina", 3 },
        { "{\"sexual_function_change\": \"yes\"}", "cauda_equina", 3 },
        { "{\"leg_weakness\": \"yes\", \"weakness_worsening\": \"yes\"}", "progressive_neuro_deficit", 6 },
        { "{\"leg_weakness\": \"yes\", \"weakness_worsening\": \"unknown\"}", "progressive_neuro_deficit", 6 },
        { "{\"chest_pain\": \"yes\"}", "chest_pain", 6 },
        { "{\"chest_pain\": \"unknown\"}", "chest_pain", 6 },
        { "{\"faint_or_clammy\": \"yes\"}", "collapse_signs", 6 },
        { "{\"recent_trauma\": \"yes\", \"serious_accident\": \"yes\"}", "major_trauma", 6 },
        { "{\"recent_trauma\": \"yes\", \"serious_accident\": \"unknown\"}", "major_trauma", 6 },
        { "{\"age\": 72, \"pain_onset\": \"sudden\", \"pain_severity\": 9}", "possible_aneurysm", 6 },
        { "{\"pain_onset\": \"sudden\", \"pain_severity\": 8, \"pain_location\": [\"mid_back\"]}",
          "possible_dissection", 7 },
        { "{\"cancer_history\": \"yes\", \"leg_numbness\": \"yes\"}", "spinal_cord_compression", 6 },
        { "{\"cancer_history\": \"yes\", \"leg_numbness\": \"yes\", \"pain_onset\": \"sudden\"}",
          "spinal_cord_compression", 7 },
        { "{\"age\": 70, \"pain_onset\": \"sudden\", \"pain_severity\": 8, \"pain_location\": [\"mid_back\"]}",
          "possible_aneurysm", 6 },
        { "{\"unexplained_weight_loss\": \"yes\", \"leg_weakness\": \"yes\", \"weakness_worsening\": \"no\"}",
          "spinal_cord_compression", 6 },
        { "{\"fever\": \"yes\", \"leg_numbness\": \"yes\"}", "infection_with_deficit", 6 },
        { "{\"infection_risk\": \"yes\", \"leg_weakness\": \"yes\", \"weakness_worsening\": \"no\"}",
          "infection_with_deficit", 6 },
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        json_t *answers = json_loads(base, 0, NULL), *these = json_loads(cases[i].answers, 0, NULL);
        assert_non_null(answers);
        assert_non_null(these);
        json_object_update(answers, these);
        size_t prompts = play(answers, NULL);
        json_t *res = engine_result(eng);
        char *trig = json_dumps(json_object_get(res, "triggers"), 0);
        fprintf(stderr, "  %-28s %2zu prompts (at most %zu): %s\n", cases[i].trigger, prompts,
                cases[i].within, trig);
        const engine_disposition_info *d = session_disposition(ses);
        if (!d || d->interview != ENGINE_STOP || !strstr(trig, cases[i].trigger))
            fail_msg("%s: no emergency %s: %s", cases[i].answers, cases[i].trigger, trig);
        if (prompts > cases[i].within)
            fail_msg("%s: %zu prompts, more than %zu", cases[i].answers, prompts, cases[i].within);
        free(trig);
        json_decref(res);
        json_decref(these);
        json_decref(answers);
    }
}

static int cmp_size(const void *a, const void *b)
{
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    return x < y ? -1 : x > y;
}

/* Over generated cases: the interview's disposition is batch's on the whole
 * case, its result batch's on the answers it collected; the median number of
 * prompts of self-care and soon cases is at most 15. */
static void test_prompts_and_results_over_generated_cases(void **state)
{
    (void)state;
    gen_rng rng = { 0x5E55104ULL };
    int n = ncases();
    size_t *calm = calloc((size_t)n, sizeof *calm), *grave = calloc((size_t)n, sizeof *grave);
    size_t ncalm = 0, ngrave = 0, over4 = 0, settled = 0, after_max = 0;
    engine *ref = engine_new();
    const char *dirs[] = { "rules" };
    assert_int_equal(engine_load(ref, dirs, 1), 0);
    for (int k = 0; k < n; k++) {
        json_t *answers = gen_answers(eng, &rng);
        size_t urgent_at;
        size_t prompts = play(answers, &urgent_at);
        json_t *res = engine_result(eng);
        assert_non_null(res);
        int failed;
        json_t *c = json_pack("{s:s, s:O}", "id", "g", "answers", answers);
        json_t *whole = cases_evaluate(ref, c, &failed);
        json_decref(c);
        assert_false(failed);
        const char *d1 = json_string_value(json_object_get(res, "disposition"));
        const char *d2 = json_string_value(json_object_get(whole, "disposition"));
        if (strcmp(d1, d2) != 0) {
            char *dump = json_dumps(answers, JSON_SORT_KEYS);
            fprintf(stderr, "case %d: interview %s, whole case %s\n%s\n", k, d1, d2, dump);
            fail_msg("case %d: the interview's disposition differs from the whole case's", k);
        }
        c = json_pack("{s:s, s:o}", "id", "g", "answers", session_answers(ses));
        json_t *collected = cases_evaluate(ref, c, &failed);
        json_decref(c);
        json_object_del(res, "explanation");
        json_object_del(collected, "explanation");
        json_object_del(collected, "id");
        if (!json_equal(res, collected))
            fail_msg("case %d: the interview's result differs from batch on its answers", k);
        const engine_disposition_info *d = session_disposition(ses);
        if (d && d->plan)
            calm[ncalm++] = prompts;
        else
            grave[ngrave++] = prompts;
        if (urgent_at && d && d->interview == ENGINE_RAISE_ONLY) {
            size_t after = prompts - urgent_at;
            settled++;
            over4 += after > 4;
            after_max = after > after_max ? after : after_max;
        }
        json_decref(collected);
        json_decref(whole);
        json_decref(res);
        json_decref(answers);
    }
    qsort(calm, ncalm, sizeof *calm, cmp_size);
    qsort(grave, ngrave, sizeof *grave, cmp_size);
    fprintf(stderr, "  %d cases: self-care and soon %zu, median %zu prompts (p90 %zu); urgent and "
            "emergency %zu, median %zu\n", n, ncalm, ncalm ? calm[ncalm / 2] : 0,
            ncalm ? calm[ncalm * 9 / 10] : 0, ngrave, ngrave ? grave[ngrave / 2] : 0);
    fprintf(stderr, "  urgent cases: %zu; more than 4 prompts after urgent was reached: %zu "
            "(most %zu)\n", settled, over4, after_max);
    assert_true(ncalm > 0 && calm[ncalm / 2] <= 15);
    free(calm);
    free(grave);
    engine_free(ref);
}

static void same_step(const session_step *sf, const session_step *st, int k, int steps,
                      const char *how)
{
    if (sf->done != st->done || sf->nitems != st->nitems || sf->again != st->again ||
        sf->checklist != st->checklist)
        fail_msg("case %d step %d: %s, %s%s (%zu items); step by step, %s%s (%zu items)", k,
                 steps, how, sf->done ? "done" : sf->items[0]->id, sf->again ? " again" : "",
                 sf->nitems, st->done ? "done" : st->items[0]->id, st->again ? " again" : "",
                 st->nitems);
    for (size_t i = 0; i < st->nitems; i++)
        if (sf->items[i] != st->items[i])
            fail_msg("case %d step %d: %s, item %zu is %s, not %s", k, steps, how, i,
                     sf->items[i]->id, st->items[i]->id);
}

/* The session a front end's state makes (session_state() loaded) shows the
 * step this one shows, at the disposition it has reached. */
static void state_gives_step(session *s, session *fresh, int k, int steps)
{
    json_t *now = session_state(s);
    const char *bad;
    assert_int_equal(session_load(fresh, json_object_get(now, "answers"), now, &bad), 0);
    json_decref(now);
    same_step(session_step_now(fresh), session_step_now(s), k, steps, "from its state");
    if (session_disposition(fresh) != session_disposition(s))
        fail_msg("case %d step %d: from its state, the disposition is %s, not %s", k, steps,
                 session_disposition(fresh) ? session_disposition(fresh)->id : "none",
                 session_disposition(s) ? session_disposition(s)->id : "none");
}

/* Answers the step now shown with the JSON text given. */
static void answer_with(session *s, const char *given)
{
    json_t *a = json_loads(given, 0, NULL);
    assert_non_null(a);
    assert_int_equal(session_answer(s, a, NULL), 0);
    json_decref(a);
}

/* Changes made on the way, as the API allows: of a not-sure checklist item
 * still waiting to be asked on its own, and of a yes to not sure (asked once
 * more while the yes stands). The state carries both. */
static void test_state_after_changes_on_the_way(void **state)
{
    (void)state;
    session *fresh = session_new(eng);
    assert_non_null(fresh);
    assert_int_equal(session_restart(ses), 0);
    answer_with(ses, "{\"saddle_numbness\": \"no\"}");
    answer_with(ses, "{\"bladder_bowel_change\": \"no\"}");
    const session_step *st = session_step_now(ses);
    assert_non_null(st->checklist);
    json_t *unsure = json_object();   /* the checklist, two items not sure */
    for (size_t i = 0; i < st->nitems; i++)
        json_object_set_new(unsure, st->items[i]->id,
                            json_string(!strcmp(st->items[i]->id, "leg_weakness") ||
                                        !strcmp(st->items[i]->id, "sexual_function_change")
                                        ? "unknown" : "no"));
    assert_int_equal(session_answer(ses, unsure, NULL), 0);
    json_decref(unsure);
    state_gives_step(ses, fresh, 0, 3);
    /* as the API does: the state loaded, then either item changed to yes at
     * once, while both still wait to be asked on their own */
    json_t *now = session_state(ses);
    session *api = session_new(eng);
    assert_non_null(api);
    const char *items[] = { "leg_weakness", "sexual_function_change" }, *bad;
    for (size_t i = 0; i < 2; i++) {
        assert_int_equal(session_load(api, json_object_get(now, "answers"), now, &bad), 0);
        assert_int_equal(session_ask(api, engine_question_find(eng, items[i])), 0);
        json_t *yes = json_pack("{s:s}", items[i], "yes");
        assert_int_equal(session_answer(api, yes, NULL), 0);
        json_decref(yes);
        assert_int_not_equal(session_disposition(api)->rank, engine_disposition_at(eng, 0)->rank);
        state_gives_step(api, fresh, (int)i, 4);
    }
    session_free(api);
    json_decref(now);
    /* a weak leg said yes, then changed to not sure: asked once more, the yes standing */
    assert_int_equal(session_restart(ses), 0);
    answer_with(ses, "{\"saddle_numbness\": \"no\"}");
    answer_with(ses, "{\"bladder_bowel_change\": \"no\"}");
    answer_with(ses, "{\"leg_weakness\": \"yes\"}");   /* the checklist, the rest no */
    assert_string_equal(session_disposition(ses)->id, "urgent");
    assert_int_equal(session_ask(ses, engine_question_find(eng, "leg_weakness")), 0);
    answer_with(ses, "{\"leg_weakness\": \"unknown\"}");
    assert_true(session_step_now(ses)->again);
    assert_string_equal(session_disposition(ses)->id, "urgent");
    state_gives_step(ses, fresh, 0, 5);
    session_free(fresh);
}

/* A stateless front end's walk, as the API takes it: every request loads the
 * state the last one gave, then answers the step shown, sometimes after
 * changing an answer to any question shown so far (to yes, no or not sure;
 * some still waiting to be asked on their own). The state of every reply
 * makes a session that shows the same step at the same disposition. */
static void test_state_with_changes_at_random(void **state)
{
    (void)state;
    session *api = session_new(eng), *fresh = session_new(eng);
    assert_non_null(api);
    assert_non_null(fresh);
    gen_rng rng = { 0xC4A9E5ULL };
    static const char *const values[] = { "yes", "no", "unknown" };
    int n = ncases() / 10 + 1, changes = 0;
    for (int k = 0; k < n; k++) {
        json_t *answers = gen_answers(eng, &rng);
        json_object_set_new(answers, "leg_weakness", json_string("unknown"));
        if (k % 2)   /* two items of one checklist not sure: one waits while the other is asked */
            json_object_set_new(answers, "sexual_function_change", json_string("unknown"));
        json_t *now = json_pack("{s:{}}", "answers");
        for (int steps = 0; steps < 100; steps++) {
            const char *bad;
            assert_int_equal(session_load(api, json_object_get(now, "answers"), now, &bad), 0);
            json_t *shown = session_prompts(api), *items = json_array();
            size_t i;
            json_t *p;
            json_array_foreach(shown, i, p)
                json_array_extend(items, json_object_get(p, "questions"));
            json_decref(shown);
            json_t *unsure = json_array();   /* those not sure, often still waiting */
            json_object_foreach(json_object_get(now, "answers"), bad, p) {
                json_array_append_new(items, json_string(bad));
                if (json_is_string(p) && !strcmp(json_string_value(p), "unknown"))
                    json_array_append_new(unsure, json_string(bad));
            }
            if (json_array_size(unsure) && gen_next(&rng) % 2)
                json_array_clear(items);
            json_array_extend(items, unsure);
            json_decref(unsure);
            const engine_question *q = json_array_size(items) && gen_next(&rng) % 3 == 0
                ? engine_question_find(eng, json_string_value(json_array_get(
                      items, gen_next(&rng) % json_array_size(items))))
                : NULL;
            json_decref(items);
            json_t *step = json_object();
            if (q && q->type == ENGINE_YESNO) {   /* a change, as the API's "change" */
                assert_int_equal(session_ask(api, q), 0);
                json_object_set_new(step, q->id, json_string(values[gen_next(&rng) % 3]));
                changes++;
            } else {
                const session_step *st = session_step_now(api);
                if (st->done) {
                    json_decref(step);
                    break;
                }
                for (i = 0; i < st->nitems; i++) {
                    const json_t *a = json_object_get(answers, st->items[i]->id);
                    json_object_set_new(step, st->items[i]->id,
                                        a ? json_incref((json_t *)a) : json_string("unknown"));
                }
            }
            assert_int_equal(session_answer(api, step, NULL), 0);
            json_decref(step);
            state_gives_step(api, fresh, k, steps);
            json_decref(now);
            now = session_state(api);
        }
        json_decref(now);
        json_decref(answers);
    }
    assert_true(changes > n);
    session_free(api);
    session_free(fresh);
}

/* A front end that sends every answer so far with the memory it was given
 * gets, at every step, the step a session answered step by step shows; so
 * does one that sends back the state it was given. */
static void test_stateless_front_end_gets_the_same_steps(void **state)
{
    (void)state;
    session *fresh = session_new(eng);
    assert_non_null(fresh);
    gen_rng rng = { 0x57A7E1E55ULL };
    int n = ncases() / 10 + 1;
    for (int k = 0; k < n; k++) {
        json_t *answers = gen_answers(eng, &rng);
        if (k % 3 == 0)   /* not-sure answers, some asked again, some in checklists */
            json_object_set_new(answers, "chest_pain", json_string("unknown"));
        if (k % 5 == 1)   /* passed over */
            json_object_set_new(answers, "pain_onset", json_null());
        assert_int_equal(session_restart(ses), 0);
        json_t *given = json_object(), *memory = json_object();
        const session_step *st;
        int steps;
        for (steps = 0; !(st = session_step_now(ses))->done && steps < 200; steps++) {
            /* the stateless one, from the answers and memory alone */
            const char *bad;
            assert_int_equal(session_load(fresh, given, memory, &bad), 0);
            same_step(session_step_now(fresh), st, k, steps, "from answers and memory");
            state_gives_step(ses, fresh, k, steps);
            st = session_step_now(ses);
            json_decref(memory);
            memory = session_memory(ses);
            json_t *step = json_object();
            for (size_t i = 0; i < st->nitems; i++) {
                const json_t *a = json_object_get(answers, st->items[i]->id);
                json_object_set_new(step, st->items[i]->id, a ? json_incref((json_t *)a) : json_string("unknown"));
                json_object_set_new(given, st->items[i]->id, a ? json_incref((json_t *)a) : json_string("unknown"));
            }
            assert_int_equal(session_answer(ses, step, NULL), 0);
            json_decref(step);
        }
        const char *bad;
        assert_int_equal(session_load(fresh, given, memory, &bad), 0);
        if (!session_step_now(fresh)->done)
            fail_msg("case %d: a stateless front end is asked %s after the end", k,
                     session_step_now(fresh)->items[0]->id);
        state_gives_step(ses, fresh, k, steps);
        /* an answer changed after the result: to not sure, then as it was */
        const engine_question *q = engine_question_find(eng, k % 2 ? "saddle_numbness" : "age");
        json_t *unsure = json_pack("{s:s}", q->id, "unknown");
        assert_int_equal(session_ask(ses, q), 0);
        assert_int_equal(session_answer(ses, unsure, NULL), 0);
        state_gives_step(ses, fresh, k, steps + 1);
        json_decref(unsure);
        json_decref(given);
        json_decref(memory);
        json_decref(answers);
    }
    session_free(fresh);
}

/* Not-sure items of a checklist are asked on their own next, in the order
 * questions are asked; one whose not-sure counts as yes as its once more.
 * Back undoes each of those, then the whole checklist at once. */
static void test_checklist_with_unsure_items_and_back(void **state)
{
    (void)state;
    assert_int_equal(session_restart(ses), 0);
    json_t *no = json_pack("{s:s}", "saddle_numbness", "no");
    assert_int_equal(session_answer(ses, no, NULL), 0);
    json_decref(no);
    no = json_pack("{s:s}", "bladder_bowel_change", "no");
    assert_int_equal(session_answer(ses, no, NULL), 0);
    json_decref(no);
    const session_step *st = session_step_now(ses);
    assert_non_null(st->checklist);
    assert_true(st->nitems >= 3);
    /* chest pain not sure (counts as yes), sexual function not sure (does not) */
    json_t *a = json_pack("{s:s, s:s}", "chest_pain", "unknown", "sexual_function_change", "unknown");
    session_news news;
    assert_int_equal(session_answer(ses, a, &news), 0);
    json_decref(a);
    assert_non_null(news.again);
    json_t *now = session_answers(ses);
    assert_string_equal(json_string_value(json_object_get(now, "both_legs")), "no");
    assert_null(json_object_get(now, "chest_pain"));   /* not taken yet */
    json_decref(now);
    st = session_step_now(ses);
    assert_null(st->checklist);
    assert_false(st->again);
    assert_string_equal(st->items[0]->id, "sexual_function_change");
    a = json_pack("{s:s}", "sexual_function_change", "no");
    assert_int_equal(session_answer(ses, a, NULL), 0);
    json_decref(a);
    st = session_step_now(ses);
    assert_null(st->checklist);
    assert_true(st->again);
    assert_string_equal(st->items[0]->id, "chest_pain");
    a = json_pack("{s:s}", "chest_pain", "unknown");
    assert_int_equal(session_answer(ses, a, &news), 0);
    json_decref(a);
    assert_int_equal(news.ntaken_yes, 1);   /* still not sure: taken as yes */
    assert_true(session_step_now(ses)->done);   /* an emergency */
    /* back undoes each single answer, then the whole checklist */
    const engine_question *undone;
    assert_int_equal(session_back(ses, &undone), 1);
    assert_string_equal(undone->id, "chest_pain");
    assert_int_equal(session_back(ses, &undone), 1);
    assert_string_equal(undone->id, "sexual_function_change");
    assert_true(session_back(ses, &undone) > 1);   /* the checklist's answers at once */
    st = session_step_now(ses);
    assert_non_null(st->checklist);
    now = session_answers(ses);
    assert_null(json_object_get(now, "both_legs"));
    json_decref(now);
}

/* Back from an emergency reached by not sure twice: the question is asked
 * once more again, with its warning, so a plain no is still possible and a
 * not-sure is not taken as yes without it. */
static void test_back_from_a_not_sure_emergency_asks_once_more_again(void **state)
{
    (void)state;
    assert_int_equal(session_restart(ses), 0);
    json_t *unsure = json_pack("{s:s}", "saddle_numbness", "unknown");
    session_news news;
    assert_int_equal(session_answer(ses, unsure, &news), 0);
    assert_true(session_step_now(ses)->again);
    assert_int_equal(session_answer(ses, unsure, &news), 0);
    assert_int_equal(news.ntaken_yes, 1);
    assert_true(session_step_now(ses)->done);   /* an emergency */
    const engine_question *undone;
    assert_int_equal(session_back(ses, &undone), 1);
    const session_step *st = session_step_now(ses);
    assert_false(st->done);
    assert_string_equal(st->items[0]->id, "saddle_numbness");
    assert_true(st->again);   /* shown with "this one matters" */
    json_t *no = json_pack("{s:s}", "saddle_numbness", "no");
    assert_int_equal(session_answer(ses, no, &news), 0);
    assert_false(session_step_now(ses)->done);
    assert_string_equal(session_step_now(ses)->items[0]->id, "bladder_bowel_change");
    json_decref(no);
    json_decref(unsure);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_emergencies_within_their_prompts),
        cmocka_unit_test(test_prompts_and_results_over_generated_cases),
        cmocka_unit_test(test_stateless_front_end_gets_the_same_steps),
        cmocka_unit_test(test_state_after_changes_on_the_way),
        cmocka_unit_test(test_state_with_changes_at_random),
        cmocka_unit_test(test_checklist_with_unsure_items_and_back),
        cmocka_unit_test(test_back_from_a_not_sure_emergency_asks_once_more_again),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
