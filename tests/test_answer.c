/* test_answer.c: the one answer parser against a table of phrasings as people
 * type them (tests/answers/phrasings.tsv), read with the shipped rules' words;
 * checklists; and words a clinician adds in an overlay. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "answer.h"
#include "engine.h"

static engine *eng;

static int setup(void **state)
{
    (void)state;
    eng = engine_new();
    const char *dirs[] = { "rules" };
    return eng && engine_load(eng, dirs, 1) == 0 ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    engine_free(eng);
    return 0;
}

static void test_every_phrasing(void **state)
{
    (void)state;
    FILE *f = fopen("tests/answers/phrasings.tsv", "r");
    assert_non_null(f);
    char line[1024];
    int n = 0, bad = 0;
    while (fgets(line, sizeof line, f)) {
        line[strcspn(line, "\n")] = '\0';
        if (!line[0] || line[0] == '#')
            continue;
        char *id = line, *typed = strchr(line, '\t'), *want;
        assert_non_null(typed);
        *typed++ = '\0';
        want = strchr(typed, '\t');
        assert_non_null(want);
        *want++ = '\0';
        const engine_question *q = engine_question_find(eng, id);
        assert_non_null(q);
        json_t *v = NULL;
        char note[512];
        answer_status st = answer_parse(eng, q, typed, &v, note, sizeof note);
        n++;
        if (!strcmp(want, "REFUSED")) {
            if (st != ANSWER_REFUSED || !note[0]) {
                fprintf(stderr, "  %s: \"%s\" was taken, but must be asked again\n", id, typed);
                bad++;
            } else if (!strstr(note, "example") && !strstr(note, "yes, no or not sure") &&
                       !strstr(note, "Please say")) {   /* a choice: its choices named */
                fprintf(stderr, "  %s: \"%s\": the refusal does not say what would work: %s\n",
                        id, typed, note);
                bad++;
            }
        } else {
            json_t *expect = json_loads(want, JSON_DECODE_ANY, NULL);
            assert_non_null(expect);
            if (st == ANSWER_REFUSED || !json_equal(v, expect)) {
                char *got = v ? json_dumps(v, JSON_ENCODE_ANY) : NULL;
                fprintf(stderr, "  %s: \"%s\" taken as %s, expected %s (%s)\n", id, typed,
                        got ? got : "nothing", want, note);
                free(got);
                bad++;
            }
            json_decref(expect);
        }
        json_decref(v);
    }
    fclose(f);
    fprintf(stderr, "  %d phrasings, %d read wrongly\n", n, bad);
    assert_true(n >= 100);
    assert_int_equal(bad, 0);
}

static void test_hedged_yes_and_converted_numbers_say_how_they_were_taken(void **state)
{
    (void)state;
    json_t *v;
    char note[512];
    assert_int_equal(answer_parse(eng, engine_question_find(eng, "fever"), "I think so", &v, note,
                                  sizeof note), ANSWER_TAKEN);
    assert_non_null(strstr(note, "Taken as yes"));
    json_decref(v);
    assert_int_equal(answer_parse(eng, engine_question_find(eng, "pain_duration_days"), "5 weeks",
                                  &v, note, sizeof note), ANSWER_TAKEN);
    assert_non_null(strstr(note, "Taken as 35 days"));
    json_decref(v);
    assert_int_equal(answer_parse(eng, engine_question_find(eng, "pain_severity"), "6 or 7", &v,
                                  note, sizeof note), ANSWER_TAKEN);
    assert_non_null(strstr(note, "Taken as 7, the higher end"));
    json_decref(v);
    /* a vague duration is never read as one day: "a" is a number only before a unit */
    assert_int_equal(answer_parse(eng, engine_question_find(eng, "pain_duration_days"),
                                  "a week or two", &v, note, sizeof note), ANSWER_TAKEN);
    assert_non_null(strstr(note, "Taken as 14 days, the higher end"));
    json_decref(v);
    assert_int_equal(answer_parse(eng, engine_question_find(eng, "pain_duration_days"), "a while",
                                  &v, note, sizeof note), ANSWER_REFUSED);
    assert_non_null(strstr(note, "for example"));
}

static void checklist(const char *typed, const char *const *items, size_t n, const char *want)
{
    const engine_question *qs[8];
    for (size_t i = 0; i < n; i++)
        assert_non_null(qs[i] = engine_question_find(eng, items[i]));
    char note[512];
    json_t *got = answer_parse_checklist(eng, qs, n, typed, note, sizeof note);
    if (!want) {
        if (got)
            fail_msg("\"%s\" was taken, but must be asked again", typed);
        assert_true(note[0] != '\0');
        return;
    }
    json_t *expect = json_loads(want, 0, NULL);
    assert_non_null(expect);
    if (!got || !json_equal(got, expect)) {
        char *s = got ? json_dumps(got, 0) : NULL;
        fail_msg("\"%s\" taken as %s, expected %s (%s)", typed, s ? s : "nothing", want, note);
    }
    json_decref(got);
    json_decref(expect);
}

static void test_checklists(void **state)
{
    (void)state;
    const char *items[] = { "chest_pain", "both_legs", "faint_or_clammy" };
    checklist("none", items, 3, "{\"chest_pain\":\"no\",\"both_legs\":\"no\",\"faint_or_clammy\":\"no\"}");
    checklist("None of these.", items, 3, "{\"chest_pain\":\"no\",\"both_legs\":\"no\",\"faint_or_clammy\":\"no\"}");
    checklist("2", items, 3, "{\"chest_pain\":\"no\",\"both_legs\":\"yes\",\"faint_or_clammy\":\"no\"}");
    checklist("1 and 3", items, 3, "{\"chest_pain\":\"yes\",\"both_legs\":\"no\",\"faint_or_clammy\":\"yes\"}");
    checklist("1, not sure about 3", items, 3,
              "{\"chest_pain\":\"yes\",\"both_legs\":\"no\",\"faint_or_clammy\":\"unknown\"}");
    checklist("not sure", items, 3,
              "{\"chest_pain\":\"unknown\",\"both_legs\":\"unknown\",\"faint_or_clammy\":\"unknown\"}");
    checklist("all of them", items, 3, "{\"chest_pain\":\"yes\",\"both_legs\":\"yes\",\"faint_or_clammy\":\"yes\"}");
    /* a not-sure item after "none" is kept, not dropped */
    checklist("none, but not sure about 3", items, 3,
              "{\"chest_pain\":\"no\",\"both_legs\":\"no\",\"faint_or_clammy\":\"unknown\"}");
    checklist("no not at all", items, 3, "{\"chest_pain\":\"no\",\"both_legs\":\"no\",\"faint_or_clammy\":\"no\"}");
    checklist("No, none of them.", items, 3, "{\"chest_pain\":\"no\",\"both_legs\":\"no\",\"faint_or_clammy\":\"no\"}");
    /* hedges that leave a choice standing, and a remark in brackets without a number */
    checklist("not really", items, 3,   /* a hedged no: each is asked on its own */
              "{\"chest_pain\":\"unknown\",\"both_legs\":\"unknown\",\"faint_or_clammy\":\"unknown\"}");
    checklist("none of them really", items, 3, "{\"chest_pain\":\"no\",\"both_legs\":\"no\",\"faint_or_clammy\":\"no\"}");
    checklist("1 and 3 probably", items, 3, "{\"chest_pain\":\"yes\",\"both_legs\":\"no\",\"faint_or_clammy\":\"yes\"}");
    checklist("2 (only a bit)", items, 3, "{\"chest_pain\":\"no\",\"both_legs\":\"yes\",\"faint_or_clammy\":\"no\"}");
    checklist("i think 3 as well", items, 3, "{\"chest_pain\":\"no\",\"both_legs\":\"no\",\"faint_or_clammy\":\"yes\"}");
    checklist("2 (lost 6 kilos)", items, 3, NULL);   /* a number in the remark: refused */
    checklist("", items, 3, NULL);          /* an empty reply is not none */
    checklist("4", items, 3, NULL);         /* no such item */
    checklist("sometimes", items, 3, NULL); /* not a number */
    /* a number in a sentence is not an item: asked again, never ticked */
    checklist("i fell 2 weeks ago", items, 3, NULL);
    checklist("2 and 3. lost about 6 kilos", items, 3, NULL);
    checklist("1 and 2, my toes are numb", items, 3, NULL);
    checklist("3 - my left foot keeps catching on the stairs", items, 3, NULL);
    {   /* and the refusal says what to type instead */
        const engine_question *qs[] = { engine_question_find(eng, "chest_pain") };
        char note[512];
        assert_null(answer_parse_checklist(eng, qs, 1, "1 - only when i climb stairs", note,
                                           sizeof note));
        assert_non_null(strstr(note, "only the numbers"));
    }
    checklist("number 2", items, 3, "{\"chest_pain\":\"no\",\"both_legs\":\"yes\",\"faint_or_clammy\":\"no\"}");
    /* as played patients typed them */
    checklist("3 kind of", items, 3, "{\"chest_pain\":\"no\",\"both_legs\":\"no\",\"faint_or_clammy\":\"yes\"}");
    checklist("no none of those", items, 3, "{\"chest_pain\":\"no\",\"both_legs\":\"no\",\"faint_or_clammy\":\"no\"}");
    checklist("nah none", items, 3, "{\"chest_pain\":\"no\",\"both_legs\":\"no\",\"faint_or_clammy\":\"no\"}");
    {   /* a refusal quotes the reply as typed, not as cut down */
        const engine_question *qs[] = { engine_question_find(eng, "chest_pain") };
        char note[512];
        assert_null(answer_parse_checklist(eng, qs, 1, "i might have lost a bit of weight", note,
                                           sizeof note));
        assert_non_null(strstr(note, "\"i might have lost a bit of weight\""));
    }
}

/* The note a checklist reply leaves when it is taken: "" but for a hedge. */
static const char *checklist_note(engine *e, const char *typed)
{
    static char note[512];
    const engine_question *qs[] = { engine_question_find(e, "chest_pain"),
                                    engine_question_find(e, "both_legs"),
                                    engine_question_find(e, "faint_or_clammy") };
    json_t *got = answer_parse_checklist(e, qs, 3, typed, note, sizeof note);
    assert_non_null(got);
    json_decref(got);
    return note;
}

/* A hedged choice in a checklist is said, as "Taken as yes." is for one
 * question; an aside is not; and a clinician adds a hedge in the rules. */
static void test_hedged_checklist_choices_are_said(void **state)
{
    (void)state;
    assert_string_equal(checklist_note(eng, "1 and 3 probably"), "Taken as yes: 1, 3.");
    assert_string_equal(checklist_note(eng, "i think 3 as well"), "Taken as yes: 3.");
    assert_string_equal(checklist_note(eng, "3 as well"), "");
    assert_string_equal(checklist_note(eng, "2"), "");
    assert_string_equal(checklist_note(eng, "none of them really"), "");

    char dir[] = "/tmp/triage-words-XXXXXX", path[64];
    assert_non_null(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/90-words.clp", dir);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs("(deffacts more-words (answer-words (means hedge) (words \"i would wager\"))\n"
          "   (answer-words (means side) (words \"port\")))\n", f);
    fclose(f);
    engine *e = engine_new();
    const char *dirs[] = { "rules", dir };
    assert_int_equal(engine_load(e, dirs, 2), 0);
    assert_string_equal(checklist_note(e, "2 i would wager"), "Taken as yes: 2.");
    json_t *v;
    char note[256];
    assert_int_equal(answer_parse(e, engine_question_find(e, "pain_location"), "port hip", &v, note,
                                  sizeof note), ANSWER_TAKEN);
    assert_string_equal(json_string_value(json_array_get(v, 0)), "hip");
    json_decref(v);
    assert_int_equal(answer_parse(eng, engine_question_find(eng, "pain_location"), "port hip", &v,
                                  note, sizeof note), ANSWER_REFUSED);   /* not without it */
    engine_free(e);
    remove(path);
    rmdir(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_phrasing),
        cmocka_unit_test(test_hedged_yes_and_converted_numbers_say_how_they_were_taken),
        cmocka_unit_test(test_checklists),
        cmocka_unit_test(test_hedged_checklist_choices_are_said),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
