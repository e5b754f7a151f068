/* test_audit.c: transcripts and audits.
 *
 * Every sequence of events the shell can write is built with the transcript
 * writer, as the shell writes it (an event line after each answer, change,
 * pass, back or restart, a result line each time a result is shown, the file
 * rewritten after each), and audited as an auditor would: several results;
 * change, back and restart after a result; back past a result; quit, Ctrl-C
 * and Ctrl-D before any result (an end without a result). Also: transcripts
 * written before (version 1) still read; every cut copy is refused with its
 * line or read as the session up to that line; an audit against edited rules
 * shows the old and new conditions; a killed writer leaves the old file or
 * the new one; and no writer replaces a file of another kind. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "atomic.h"
#include "engine.h"
#include "session.h"
#include "transcript.h"

/* The program under test: $TRIAGE_BIN (make sets it), else ./triage. */
static const char *triage_bin(void)
{
    const char *b = getenv("TRIAGE_BIN");
    return b && *b ? b : "./triage";
}

static char dir[64];
static char path[128];
static char out[1 << 17];

static int setup(void **state)
{
    (void)state;
    snprintf(dir, sizeof dir, "/tmp/triage-audit-XXXXXX");
    if (!mkdtemp(dir))
        return -1;
    snprintf(path, sizeof path, "%s/session.jsonl", dir);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    return system(cmd);
}

/* Each test starts with no transcript. */
static int fresh(void **state)
{
    (void)state;
    unlink(path);
    return 0;
}

static char *slurp(const char *p, size_t *len)
{
    FILE *f = fopen(p, "rb");
    assert_non_null(f);
    static char buf[1 << 20];
    *len = fread(buf, 1, sizeof buf - 1, f);
    buf[*len] = '\0';
    fclose(f);
    return buf;
}

static void spit(const char *p, const char *text)
{
    FILE *f = fopen(p, "wb");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static int run(const char *cmd)
{
    setenv("COLUMNS", "400", 1);
    FILE *p = popen(cmd, "r");
    assert_non_null(p);
    size_t n = fread(out, 1, sizeof out - 1, p);
    out[n] = '\0';
    int status = pclose(p);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* Runs triage audit [options] path; returns its status, output in out. */
static int audit(const char *options)
{
    char cmd[512];
    snprintf(cmd, sizeof cmd, "%s audit %s '%s' 2>&1", triage_bin(), options, path);
    return run(cmd);
}

static void expect(const char *text)
{
    if (!strstr(out, text))
        fail_msg("the output lacks \"%s\":\n%s", text, out);
}

/* text with every run of white space made one space. */
static char *flat(const char *text)
{
    char *f = malloc(strlen(text) + 1);
    size_t n = 0;
    for (const char *p = text; *p; p++) {
        int space = *p == ' ' || *p == '\n' || *p == '\t';
        if (space && n > 0 && f[n - 1] == ' ')
            continue;
        f[n++] = space ? ' ' : *p;
    }
    f[n] = '\0';
    return f;
}

/* expect() with the output's lines joined: for what the audit wraps. */
static void expect_flat(const char *text)
{
    char *o = flat(out), *t = flat(text);
    if (!strstr(o, t))
        fail_msg("the output lacks \"%s\":\n%s", text, out);
    free(o);
    free(t);
}

static void expect_not(const char *text)
{
    if (strstr(out, text))
        fail_msg("the output has \"%s\":\n%s", text, out);
}

static engine *load(const char *rules)
{
    engine *e = engine_new();
    assert_non_null(e);
    assert_int_equal(engine_load(e, &rules, 1), 0);
    return e;
}

/* ---- a session as the shell records it ------------------------------------------- */

typedef struct session {
    engine *e;
    transcript *t;
    json_t *undo;    /* per answer or pass: [question, value before or null] */
} session;

static void begin(session *s, const char *rules)
{
    s->e = load(rules);
    s->t = transcript_new(s->e, path, NULL);
    assert_non_null(s->t);
    assert_int_equal(transcript_write(s->t), 0);
    s->undo = json_array();
}

static void written(session *s)
{
    assert_int_equal(transcript_write(s->t), 0);
}

/* An answer typed at the prompt, or by `change ID` (a change when answered). */
static void answer(session *s, const char *q, const char *value_json)
{
    json_t *v = json_loads(value_json, JSON_DECODE_ANY, NULL);
    assert_non_null(v);
    const json_t *before = engine_answer_value(s->e, q);
    json_array_append_new(s->undo, json_pack("[s, O]", q, before ? before : json_null()));
    assert_int_equal(transcript_event(s->t, before ? "change" : "answer", q, v), 0);
    assert_int_equal(engine_answer(s->e, q, v), 0);
    json_decref(v);
    written(s);
}

static void back(session *s)
{
    size_t n = json_array_size(s->undo);
    assert_true(n > 0);
    const json_t *u = json_array_get(s->undo, n - 1);
    const char *q = json_string_value(json_array_get(u, 0));
    const json_t *before = json_array_get(u, 1);
    assert_int_equal(transcript_event(s->t, "back", q, NULL), 0);
    if (json_is_null(before))
        engine_unanswer(s->e, q);
    else
        engine_answer(s->e, q, before);
    json_array_remove(s->undo, n - 1);
    written(s);
}

static void restart(session *s)
{
    assert_int_equal(transcript_event(s->t, "restart", "", NULL), 0);
    assert_int_equal(engine_reset(s->e), 0);
    json_array_clear(s->undo);
    written(s);
}

static json_t *answers_of(engine *e)
{
    json_t *a = json_object();
    for (size_t i = 0; i < engine_question_count(e); i++) {
        const engine_question *q = engine_question_at(e, i);
        const json_t *v = engine_answer_value(e, q->id);
        if (v)
            json_object_set(a, q->id, (json_t *)v);
    }
    return a;
}

/* `result`, or the result shown when the questions end. */
static void result(session *s)
{
    assert_int_equal(engine_run(s->e), 0);
    json_t *res = engine_result(s->e), *answers = answers_of(s->e);
    assert_non_null(res);
    assert_int_equal(transcript_result(s->t, answers, res), 0);
    json_decref(res);
    json_decref(answers);
    written(s);
}

/* quit, Ctrl-D, a second Ctrl-C, a closed terminal: the file stays as last
 * written. */
static void end(session *s)
{
    transcript_free(s->t);
    engine_free(s->e);
    json_decref(s->undo);
}

/* The first seven answers of a self-care session: no red flag, pain 4. */
static void calm_answers(session *s)
{
    answer(s, "saddle_numbness", "\"no\"");
    answer(s, "bladder_bowel_change", "\"no\"");
    answer(s, "leg_weakness", "\"no\"");
    answer(s, "fever", "\"no\"");
    answer(s, "age", "40");
    answer(s, "pain_location", "[\"lower_back\"]");
    answer(s, "pain_severity", "4");
}

/* ---- every sequence of the shell ------------------------------------------------ */

static void test_several_results_listed_with_what_changed(void **state)
{
    (void)state;
    session s;
    begin(&s, "rules");
    calm_answers(&s);                    /* lines 2-8 */
    result(&s);                          /* line 9: self_care */
    answer(&s, "pain_severity", "8");    /* line 10: a change after a result */
    result(&s);                          /* line 11: soon */
    result(&s);                          /* line 12: `result` typed again */
    end(&s);
    assert_int_equal(audit(""), 0);
    expect("11 events: 7 answers, 1 change, 3 results shown");
    expect("Results shown during the session:");
    expect("1. line 9: self_care (7 answers)");
    expect("2. line 11: soon (7 answers)");
    expect("answer pain_severity: 4 -> 8");
    expect("disposition changes: self_care -> soon");
    expect("appears: trigger: severe_pain  (rule threshold-severe-pain: pain_severity >= 7, "
           "answered 8)");
    expect("3. line 12: soon (7 answers)");
    expect("nothing changed (the same result shown again)");
    expect("The last result (line 12), what the person was left with: soon");
    expect("trigger: severe_pain (decides: soon) [rule threshold-severe-pain");
    expect("tests: pain_severity >= 7, answered 8");
    /* the shell shows a result on request before its questions are done */
    expect("The questions were not finished when this result was shown");
    expect("the replay reaches exactly the recorded conclusions (same rules)");
}

static void test_change_after_the_result_then_quit_is_unfinished(void **state)
{
    (void)state;
    session s;
    begin(&s, "rules");
    calm_answers(&s);
    answer(&s, "pain_severity", "8");   /* line 9 */
    result(&s);                         /* line 10: soon */
    answer(&s, "pain_severity", "3");   /* line 11 */
    end(&s);                            /* quit */
    assert_int_equal(audit(""), 4);
    expect("Unfinished: the session went on after the last result (line 10) and ended without "
           "another; since then:");
    expect("line 11: change pain_severity = 3");
    expect_flat("answers: saddle_numbness = no, bladder_bowel_change = no, leg_weakness = no, "
                "fever = no, age = 40, pain_location = lower_back, pain_severity = 3 ");
    expect("the result as it stood, replayed on the recorded rules");
    expect("since the last result shown (line 10):");
    expect("disposition changes: soon -> self_care");
    expect("disappears: trigger: severe_pain");
    /* the shell asks the emergency signs it has not asked yet, as one checklist */
    expect_flat("next, it would have asked: the checklist emergency_signs (\"Do any of these "
                "apply to you?\"): both_legs, "
                "sexual_function_change, chest_pain, faint_or_clammy, recent_trauma");
}

static void test_back_after_the_result_is_unfinished(void **state)
{
    (void)state;
    session s;
    begin(&s, "rules");
    calm_answers(&s);
    answer(&s, "night_pain", "\"yes\"");   /* line 9 */
    result(&s);                           /* line 10: urgent */
    back(&s);                             /* line 11: night_pain undone */
    end(&s);
    assert_int_equal(audit(""), 4);
    expect("line 11: back night_pain");
    expect_flat("answers: saddle_numbness = no, bladder_bowel_change = no, leg_weakness = no, "
                "fever = no, age = 40, pain_location = lower_back, pain_severity = 4 the result");
    expect("disposition changes: urgent -> self_care");
    expect("disappears: trigger: non_mechanical_pain  (rule red-flag-night-pain: night_pain = yes, "
           "answered yes)");
}

static void test_restart_after_the_result(void **state)
{
    (void)state;
    session s;
    begin(&s, "rules");
    calm_answers(&s);
    result(&s);                                 /* line 9 */
    restart(&s);                                /* line 10 */
    answer(&s, "saddle_numbness", "\"no\"");    /* line 11 */
    end(&s);
    assert_int_equal(audit(""), 4);
    expect("line 10: restart");
    expect("answers: saddle_numbness = no\n");
    /* then a second result after the restart: finished, the first answers taken back */
    begin(&s, "rules");
    calm_answers(&s);
    result(&s);
    restart(&s);
    answer(&s, "saddle_numbness", "\"no\"");
    answer(&s, "age", "70");
    result(&s);
    end(&s);
    assert_int_equal(audit(""), 0);
    expect("2. line 13: self_care (2 answers)");
    expect("answer age: 40 -> 70");
    expect("answer pain_severity: 4 (taken back)");
    expect("The last result (line 13), what the person was left with: self_care");
}

static void test_back_past_a_result(void **state)
{
    (void)state;
    session s;
    begin(&s, "rules");
    calm_answers(&s);
    answer(&s, "fever", "\"yes\"");   /* line 9: a change */
    result(&s);                       /* line 10: urgent */
    back(&s);                         /* fever back to no */
    back(&s);                         /* pain_severity unanswered: past the result */
    answer(&s, "pain_severity", "9");
    result(&s);                       /* line 14: soon */
    end(&s);
    assert_int_equal(audit(""), 0);
    expect("1. line 10: urgent (7 answers)");
    expect("2. line 14: soon (7 answers)");
    expect("answer fever: yes -> no");
    expect("answer pain_severity: 4 -> 9");
    expect("disposition changes: urgent -> soon");
    expect_not("note: the answers recorded with this result are not those");
}

static void test_quit_before_any_result(void **state)
{
    (void)state;
    session s;
    begin(&s, "rules");
    answer(&s, "saddle_numbness", "\"no\"");
    answer(&s, "bladder_bowel_change", "\"no\"");
    answer(&s, "both_legs", "\"no\"");
    end(&s);
    assert_int_equal(audit(""), 4);
    expect("3 events: 3 answers\n");
    expect("Unfinished: the session ended before any result was shown.");
    expect("answers: saddle_numbness = no, bladder_bowel_change = no, both_legs = no\n");
    expect("1. disposition: self_care");
    expect_not("Results shown during the session");
    expect_flat("next, it would have asked: the checklist emergency_signs (\"Do any of these "
                "apply to you?\"): sexual_function_change, "
                "leg_weakness, chest_pain, faint_or_clammy, recent_trauma");
}

static void test_ctrl_c_or_ctrl_d_is_an_end_without_a_result(void **state)
{
    (void)state;
    /* at the first question: the header alone */
    session s;
    begin(&s, "rules");
    end(&s);
    assert_int_equal(audit(""), 4);
    expect("0 events\n");
    expect("Unfinished: the session ended before any result was shown.");
    expect("answers: none");
    expect("next, it would have asked:\n    saddle_numbness (\"");
    /* part-way, after a pass and a not-sure answer */
    begin(&s, "rules");
    answer(&s, "saddle_numbness", "\"unknown\"");
    assert_int_equal(transcript_event(s.t, "pass", "bladder_bowel_change", NULL), 0);
    written(&s);
    end(&s);
    assert_int_equal(audit(""), 4);
    expect("2 events: 1 answer, 1 pass");
    expect("answers: saddle_numbness = unknown");
    /* a not-sure answer to saddle numbness is taken as yes: an emergency, and
     * nothing is left to ask */
    expect("1. disposition: emergency");
    expect("no question was left to ask");
}

static void test_reloaded_rules_are_followed(void **state)
{
    (void)state;
    session s;
    begin(&s, "rules");
    calm_answers(&s);
    json_t *kept = answers_of(s.e);
    json_object_del(kept, "fever");   /* as if the new rules no longer asked it */
    assert_int_equal(transcript_rules(s.t, s.e, kept), 0);
    written(&s);
    json_decref(kept);
    end(&s);
    assert_int_equal(audit(""), 4);
    expect("1 reload of the rules");
    const char *kept_answers[] = { "saddle_numbness = no", "bladder_bowel_change = no",
                                   "leg_weakness = no", "age = 40", "pain_severity = 4",
                                   "pain_location = lower_back" };
    for (size_t i = 0; i < 6; i++)
        expect_flat(kept_answers[i]);
    expect_not("fever = no");
}

/* ---- the writer as the shell's session drives it ---------------------------------- */

/* Answers the session's current step from answers (a checklist item it
 * lacks is answered no, a single question it lacks is passed). */
static void answer_step(session *s, const json_t *answers)
{
    const session_step *st = session_step_now(s);
    assert_false(st->done);
    json_t *step = json_object();
    for (size_t i = 0; i < st->nitems; i++) {
        const json_t *v = json_object_get(answers, st->items[i]->id);
        if (v || !st->checklist)
            json_object_set(step, st->items[i]->id, v ? (json_t *)v : json_null());
    }
    assert_int_equal(session_answer(s, step, NULL), 0);
    json_decref(step);
}

static void test_the_shells_session_writes_what_audit_reads(void **state)
{
    (void)state;
    engine *e = load("rules");
    session *s = session_new(e);
    transcript *t = transcript_new(e, path, NULL);
    assert_non_null(t);
    assert_int_equal(transcript_write(t), 0);
    session_set_transcript(s, t);
    json_t *answers = json_pack("{s:s, s:s, s:s, s:i, s:i}", "saddle_numbness", "no",
                                "bladder_bowel_change", "no", "pain_onset", "gradual",
                                "pain_severity", 8, "age", 40);
    for (int i = 0; i < 6; i++)    /* saddle, bladder, the emergency signs, onset, */
        answer_step(s, answers);   /* the nerve signs, severity */
    json_decref(session_result(s));   /* `result`: soon, for a pain of 8 */
    assert_int_equal(session_back(s, NULL), 1);   /* back past the result: severity undone */
    json_object_set_new(answers, "pain_severity", json_integer(3));
    answer_step(s, answers);
    json_decref(session_result(s));   /* self_care */
    assert_int_equal(session_ask(s, engine_question_find(e, "pain_severity")), 0);
    json_object_set_new(answers, "pain_severity", json_integer(9));
    answer_step(s, answers);          /* `change`, then Ctrl-D: no result */
    session_free(s);
    transcript_free(t);
    json_decref(answers);
    engine_free(e);

    json_t *header, *events;
    char err[256];
    assert_int_equal(transcript_read(path, &header, &events, err, sizeof err), 0);
    assert_false(transcript_finished(events));
    json_decref(header);
    json_decref(events);
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0600);

    assert_int_equal(audit(""), 4);
    expect("Results shown during the session:");
    expect("answer pain_severity: 8 -> 3");
    expect("disposition changes: soon -> self_care");
    expect("20 events: 16 answers, 1 change, 1 back, 2 results shown");
    expect_flat("change pain_severity = 9");
    expect_flat("pain_severity = 9");
    expect("trigger: severe_pain (decides: soon)");
    expect("tests: pain_severity >= 7, answered 9");
    expect("since the last result shown");
    expect("disposition changes: self_care -> soon");
}

/* ---- transcripts written before ----------------------------------------------------- */

static void test_version_1_transcripts_still_read(void **state)
{
    (void)state;
    static const char *const old[] = { "tests/fuzz/corpus/transcript/baseline.jsonl",
                                       "tests/fuzz/corpus/transcript/fever.jsonl" };
    char cmd[512];
    for (size_t i = 0; i < 2; i++) {
        snprintf(cmd, sizeof cmd, "%s audit '%s' 2>&1", triage_bin(), old[i]);
        int rc = run(cmd);
        if (rc != 0 && rc != 1)
            fail_msg("%s: exit %d\n%s", old[i], rc, out);
        expect("The last result (line");
    }
    /* what the shell of version 1 wrote when `result` was typed and the
     * session went on: refused then, read now */
    size_t len;
    const char *text = slurp(old[1], &len);
    const char *nl = strchr(text, '\n');
    char *header = strndup(text, (size_t)(nl - text));
    const char *last = strstr(text, "{\"event\":\"result\"");
    assert_non_null(last);
    char *result_line = strndup(last, strcspn(last, "\n"));
    FILE *f = fopen(path, "wb");
    fprintf(f, "%s\n{\"event\":\"answer\",\"question\":\"saddle_numbness\",\"answer\":\"no\"}\n"
               "%s\n%s\n{\"event\":\"change\",\"question\":\"fever\",\"answer\":\"no\"}\n",
            header, result_line, result_line);
    fclose(f);
    free(header);
    free(result_line);
    assert_int_equal(audit(""), 4);
    expect("Results shown during the session:");
    expect("line 5: change fever = no");
}

static void test_every_cut_copy_is_refused_or_read_as_far_as_it_goes(void **state)
{
    (void)state;
    session s;
    begin(&s, "rules");
    calm_answers(&s);
    result(&s);
    answer(&s, "pain_severity", "8");
    result(&s);
    end(&s);
    size_t len;
    char *full = slurp(path, &len);
    char *copy = malloc(len);
    memcpy(copy, full, len);
    char cut[160];
    snprintf(cut, sizeof cut, "%s/cut.jsonl", dir);
    long lines = 0;
    for (size_t k = 0; k < len; k++) {
        FILE *f = fopen(cut, "wb");
        fwrite(copy, 1, k, f);
        fclose(f);
        json_t *h, *ev;
        char err[256];
        int rc = transcript_read(cut, &h, &ev, err, sizeof err);
        if (k > 0 && copy[k - 1] == '\n') {
            /* cut between lines: the session as far as it had gone */
            lines++;
            if (rc != 0)
                fail_msg("a copy of %ld whole lines was refused: %s", lines, err);
            assert_int_equal(json_array_size(ev), (size_t)lines - 1);
            json_decref(h);
            json_decref(ev);
        } else if (rc == 0) {
            fail_msg("a copy cut inside line %ld (byte %zu of %zu) was accepted", lines + 1, k,
                     len);
        } else if (k > 0) {
            char want[64];
            snprintf(want, sizeof want, "line %ld: cut short", lines + 1);
            if (!strstr(err, want))
                fail_msg("a copy cut inside line %ld says \"%s\"", lines + 1, err);
        }
    }
    /* the audit names the line too, and exits 2 */
    FILE *f = fopen(path, "wb");
    fwrite(copy, 1, len - 5, f);
    fclose(f);
    assert_int_equal(audit(""), 2);
    expect("line 11: cut short");
    /* a torn middle line names its line */
    f = fopen(cut, "wb");
    const char *nl = memchr(copy, '\n', len);
    fwrite(copy, 1, (size_t)(nl - copy) + 1, f);
    fputs("{\"event\": \"answer\", \"quest\n", f);
    fclose(f);
    json_t *h, *ev;
    char err[256];
    assert_int_equal(transcript_read(cut, &h, &ev, err, sizeof err), -1);
    assert_non_null(strstr(err, "line 2"));
    /* a line of another kind */
    spit(cut, "{\"transcript\":\"triage\",\"version\":2,\"rules_version\":\"x\",\"rule_files\":[]}\n"
              "{\"event\":\"guess\",\"question\":\"age\"}\n");
    assert_int_equal(transcript_read(cut, &h, &ev, err, sizeof err), -1);
    assert_string_equal(err, "line 2: not a transcript event");
    /* a foreign file */
    spit(cut, "{\"id\": \"a case\", \"answers\": {}}\n");
    assert_int_equal(transcript_read(cut, &h, &ev, err, sizeof err), -1);
    assert_non_null(strstr(err, "line 1: not a triage transcript header"));
    free(copy);
}

/* ---- rules that changed ----------------------------------------------------------- */

static void copy_rules(const char *name)
{
    char cmd[512];
    snprintf(cmd, sizeof cmd, "rm -rf '%s/%s' && cp -r rules '%s/%s'", dir, name, dir, name);
    assert_int_equal(system(cmd), 0);
}

/* The severe-pain threshold moves from 7 to n, and its words with it (lint
 * refuses words that state another number than the rule compares). */
static void move_threshold(const char *name, int n)
{
    char cmd[512];
    snprintf(cmd, sizeof cmd,
             "sed -i 's/(>= ?p 7)/(>= ?p %d)/; s/7 out of 10/%d out of 10/g; s|7/10|%d/10|g' "
             "'%s/%s/35-see-a-doctor.clp'",
             n, n, n, dir, name);
    assert_int_equal(system(cmd), 0);
}

static void record_soon(const char *rules)
{
    session s;
    begin(&s, rules);
    calm_answers(&s);
    answer(&s, "pain_severity", "7");
    result(&s);
    end(&s);
}

static void test_audit_shows_the_old_and_new_conditions(void **state)
{
    (void)state;
    char opt[256];
    /* the recorded rule files are still there: their rules are compared */
    record_soon("rules");
    copy_rules("edited");
    move_threshold("edited", 8);
    snprintf(opt, sizeof opt, "--rules '%s/edited'", dir);
    assert_int_equal(audit(opt), 1);
    expect("changed: 35-see-a-doctor.clp");
    expect_not("changed: 30-red-flags.clp");
    expect("Rules that differ (the recorded rule files are still there, unchanged):");
    expect("rule threshold-severe-pain (35-see-a-doctor.clp:37) changed:\n"
           "      tests was: pain_severity >= 7\n"
           "            now: pain_severity >= 8\n"
           "      condition was: (answer (id pain_severity) (value ?p&:(>= ?p 7)))\n"
           "                now: (answer (id pain_severity) (value ?p&:(>= ?p 8)))\n");
    expect("disposition changes: soon -> self_care");
    expect("disappears: trigger: severe_pain  (rule threshold-severe-pain: pain_severity >= 7, "
           "answered 7; the rule changed)");

    /* the recorded rule files were edited in place: compared by the tests the
     * transcript recorded */
    copy_rules("mine");
    snprintf(opt, sizeof opt, "%s/mine", dir);
    record_soon(opt);
    move_threshold("mine", 8);
    snprintf(opt, sizeof opt, "--rules '%s/mine'", dir);
    assert_int_equal(audit(opt), 1);
    expect("compared by the tests the transcript recorded");
    expect("rule threshold-severe-pain (35-see-a-doctor.clp:37) changed:\n"
           "      tests was: pain_severity >= 7\n"
           "            now: pain_severity >= 8\n");

    /* a bad transcript is a usage error, rules that fail to load exit 3 */
    char cmd[512];
    snprintf(cmd, sizeof cmd, "%s audit rules/00-schema.clp 2>&1", triage_bin());
    assert_int_equal(run(cmd), 2);
    expect("00-schema.clp: line 1");
    snprintf(opt, sizeof opt, "--rules '%s/nowhere'", dir);
    assert_int_equal(audit(opt), 3);
}

static void test_unfinished_session_replayed_on_the_rules_it_can_find(void **state)
{
    (void)state;
    char rules[160], opt[256];
    copy_rules("a");
    snprintf(rules, sizeof rules, "%s/a", dir);
    session s;
    begin(&s, rules);
    calm_answers(&s);
    answer(&s, "pain_severity", "5");
    end(&s);
    /* the recorded rules still there, today's rules another directory */
    copy_rules("b");
    move_threshold("b", 4);
    snprintf(opt, sizeof opt, "--rules '%s/b'", dir);
    assert_int_equal(audit(opt), 4);
    expect("the result as it stood, replayed on the recorded rules");
    expect("1. disposition: self_care");
    expect("Replay against the rules loaded now");
    expect("tests was: pain_severity >= 7");
    expect("appears: trigger: severe_pain  (rule threshold-severe-pain: pain_severity >= 4, "
           "answered 5; the rule changed)");
    /* the recorded rules edited in place: replayed on today's, and said so */
    move_threshold("a", 4);
    snprintf(opt, sizeof opt, "--rules '%s/a'", dir);
    assert_int_equal(audit(opt), 4);
    expect("replayed on the rules loaded now (");
    expect("because the recorded rule files in ");
    expect("have changed since");
    expect("trigger: severe_pain (decides: soon)");
    expect("tests: pain_severity >= 4, answered 5");
}

/* ---- never clobber --------------------------------------------------------------- */

static void test_writers_never_replace_a_file_of_another_kind(void **state)
{
    (void)state;
    char p[160], err[512];
    size_t len;
    engine *e = load("rules");
    /* a transcript over a text file */
    spit(path, "root:x:0:0:root:/root:/bin/sh\n");
    errno = 0;
    assert_null(transcript_new(e, path, NULL));
    assert_int_equal(errno, EEXIST);
    assert_int_equal(atomic_may_replace(path, ATOMIC_TRANSCRIPT, err, sizeof err), -1);
    assert_non_null(strstr(err, "session.jsonl exists and is not a triage transcript: it is left "
                                "as it is"));
    assert_string_equal(slurp(path, &len), "root:x:0:0:root:/root:/bin/sh\n");
    /* over a case file too */
    spit(path, "{\"id\":\"session\",\"answers\":{\"age\":40}}\n");
    assert_null(transcript_new(e, path, NULL));
    /* over its own earlier transcript: yes */
    unlink(path);
    transcript *t = transcript_new(e, path, NULL);
    assert_non_null(t);
    assert_int_equal(transcript_write(t), 0);
    transcript_free(t);
    t = transcript_new(e, path, NULL);
    assert_non_null(t);
    json_t *forty = json_integer(40);
    assert_int_equal(transcript_event(t, "answer", "age", forty), 0);
    json_decref(forty);
    assert_int_equal(transcript_write(t), 0);
    /* replaced meanwhile by something else: the next write refuses */
    spit(path, "my notes\n");
    assert_int_equal(transcript_write(t), -1);
    assert_int_equal(errno, EEXIST);
    assert_non_null(strstr(transcript_errmsg(t), "exists and is not a triage transcript"));
    assert_string_equal(slurp(path, &len), "my notes\n");
    transcript_free(t);
    engine_free(e);

    /* save FILE: a case file only over a case file */
    snprintf(p, sizeof p, "%s/passwd", dir);
    spit(p, "root:x:0:0:root:/root:/bin/sh\n");
    assert_int_equal(atomic_write_line(p, "{\"id\":\"session\",\"answers\":{}}"), -1);
    assert_int_equal(errno, EEXIST);
    assert_string_equal(slurp(p, &len), "root:x:0:0:root:/root:/bin/sh\n");
    assert_int_equal(atomic_may_replace(p, ATOMIC_CASE_FILE, err, sizeof err), -1);
    assert_non_null(strstr(err, "passwd exists and is not a case file: it is left as it is"));
    assert_int_equal(atomic_write_line(path, "{\"id\":\"session\",\"answers\":{}}"), -1);
    snprintf(p, sizeof p, "%s/my case.json", dir);
    assert_int_equal(atomic_write_line(p, "{\"id\":\"session\",\"answers\":{\"age\":40}}"), 0);
    assert_int_equal(atomic_write_line(p, "{\"id\":\"session\",\"answers\":{\"age\":41}}"), 0);
    assert_string_equal(slurp(p, &len), "{\"id\":\"session\",\"answers\":{\"age\":41}}\n");
    struct stat st;
    assert_int_equal(stat(p, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0600);
    /* case lines, as triage batch reads them, are a case file */
    spit(p, "{\"id\":1,\"answers\":{}}\n\n{\"id\":2,\"answers\":{\"age\":3}}\n");
    assert_int_equal(atomic_may_replace(p, ATOMIC_CASE_FILE, NULL, 0), 0);
    /* an empty file holds nothing to lose */
    spit(p, "");
    assert_int_equal(atomic_may_replace(p, ATOMIC_CASE_FILE, NULL, 0), 0);
    /* a symbolic link, even to a case file, and a directory are left alone */
    char link[160];
    snprintf(link, sizeof link, "%s/link.json", dir);
    spit(p, "{\"answers\":{}}\n");
    assert_int_equal(symlink(p, link), 0);
    assert_int_equal(atomic_write_line(link, "{\"answers\":{}}"), -1);
    assert_int_equal(atomic_may_replace(link, ATOMIC_CASE_FILE, err, sizeof err), -1);
    assert_non_null(strstr(err, "link.json is a symbolic link"));
    assert_int_equal(lstat(link, &st), 0);
    assert_true(S_ISLNK(st.st_mode));
    assert_int_equal(atomic_write_line(dir, "{\"answers\":{}}"), -1);
    assert_int_equal(errno, EEXIST);
}

static void test_killed_writer_leaves_old_or_new(void **state)
{
    (void)state;
    size_t n = 256 * 1024;
    char *a = malloc(n), *b = malloc(n);
    memset(a, 'a', n);
    memset(b, 'b', n);
    char target[160];
    snprintf(target, sizeof target, "%s/atomic.bin", dir);
    assert_int_equal(atomic_write(target, a, n), 0);
    srand(7);
    for (int round = 0; round < 12; round++) {
        pid_t pid = fork();
        assert_true(pid >= 0);
        if (pid == 0) {
            setenv("TRIAGE_TEST_SLOW_WRITE", "200", 1);
            for (int k = 0;; k++)
                atomic_write(target, k % 2 ? a : b, n);
        }
        struct timespec ts = { 0, (long)(rand() % 80 + 5) * 1000000L };
        nanosleep(&ts, NULL);
        kill(pid, SIGKILL);
        waitpid(pid, NULL, 0);
        size_t len;
        char *got = slurp(target, &len);
        assert_int_equal(len, n);
        assert_true(memcmp(got, a, n) == 0 || memcmp(got, b, n) == 0);
    }
    free(a);
    free(b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_several_results_listed_with_what_changed, fresh),
        cmocka_unit_test_setup(test_change_after_the_result_then_quit_is_unfinished, fresh),
        cmocka_unit_test_setup(test_back_after_the_result_is_unfinished, fresh),
        cmocka_unit_test_setup(test_restart_after_the_result, fresh),
        cmocka_unit_test_setup(test_back_past_a_result, fresh),
        cmocka_unit_test_setup(test_quit_before_any_result, fresh),
        cmocka_unit_test_setup(test_ctrl_c_or_ctrl_d_is_an_end_without_a_result, fresh),
        cmocka_unit_test_setup(test_reloaded_rules_are_followed, fresh),
        cmocka_unit_test_setup(test_the_shells_session_writes_what_audit_reads, fresh),
        cmocka_unit_test_setup(test_version_1_transcripts_still_read, fresh),
        cmocka_unit_test_setup(test_every_cut_copy_is_refused_or_read_as_far_as_it_goes, fresh),
        cmocka_unit_test_setup(test_audit_shows_the_old_and_new_conditions, fresh),
        cmocka_unit_test_setup(test_unfinished_session_replayed_on_the_rules_it_can_find, fresh),
        cmocka_unit_test_setup(test_writers_never_replace_a_file_of_another_kind, fresh),
        cmocka_unit_test_setup(test_killed_writer_leaves_old_or_new, fresh),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
