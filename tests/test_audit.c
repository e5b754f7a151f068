/* test_audit.c: transcripts and audits. A transcript written by the
 * interview replays to the same result; every cut-short copy is refused;
 * killing a writer leaves the old file or the new one; an audit against
 * edited rules names the change. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "atomic.h"
#include "engine.h"
#include "interview.h"
#include "transcript.h"

/* The program under test: $TRIAGE_BIN (make sets it), else ./triage. */
static const char *triage_bin(void)
{
    const char *b = getenv("TRIAGE_BIN");
    return b && *b ? b : "./triage";
}

static char dir[64];
static char path[128];

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

static char *slurp(const char *p, size_t *len)
{
    FILE *f = fopen(p, "rb");
    assert_non_null(f);
    static char buf[1 << 20];
    *len = fread(buf, 1, sizeof buf, f);
    fclose(f);
    return buf;
}

static int run(const char *cmd, char *out, size_t outlen)
{
    setenv("COLUMNS", "400", 1);
    FILE *p = popen(cmd, "r");
    assert_non_null(p);
    size_t n = fread(out, 1, outlen - 1, p);
    out[n] = '\0';
    int status = pclose(p);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* An interview with a change and a back, recorded as a transcript. */
static void record_session(void)
{
    const char *dirs[] = { "rules" };
    engine *e = engine_new();
    assert_int_equal(engine_load(e, dirs, 1), 0);
    interview *iv = interview_new(e);
    transcript *t = transcript_new(e, path, NULL);
    assert_non_null(t);
    interview_set_transcript(iv, t);
    const char *answers[][2] = {
        { "saddle_numbness", "\"no\"" }, { "bladder_bowel_change", "\"no\"" },
        { "leg_weakness", "\"no\"" }, { "fever", "\"yes\"" },
    };
    for (size_t i = 0; i < 4; i++) {
        json_t *v = json_loads(answers[i][1], JSON_DECODE_ANY, NULL);
        assert_int_equal(interview_answer(iv, engine_question_find(e, answers[i][0]), v), 0);
        json_decref(v);
    }
    const engine_question *undone;
    assert_int_equal(interview_back(iv, &undone), 0);
    json_t *no = json_string("no"), *age = json_integer(72), *sev = json_integer(7);
    assert_int_equal(interview_answer(iv, engine_question_find(e, "fever"), no), 0);
    assert_int_equal(interview_answer(iv, engine_question_find(e, "age"), age), 0);
    assert_int_equal(interview_answer(iv, engine_question_find(e, "pain_severity"), sev), 0);
    json_t *older = json_integer(71);
    assert_int_equal(interview_answer(iv, engine_question_find(e, "age"), older), 0);
    json_decref(older);
    json_decref(no);
    json_decref(age);
    json_decref(sev);
    json_t *res = engine_result(e), *final = interview_answers(iv);
    assert_int_equal(transcript_result(t, final, res), 0);
    assert_int_equal(transcript_write(t), 0);
    json_decref(res);
    json_decref(final);
    transcript_free(t);
    interview_free(iv);
    engine_free(e);
}

static void test_round_trip_replays_exactly(void **state)
{
    (void)state;
    record_session();
    json_t *header, *events, *final;
    char err[256];
    assert_int_equal(transcript_read(path, &header, &events, &final, err, sizeof err), 0);
    /* back and change are kept as events, not rewritten */
    char *dump = json_dumps(events, 0);
    assert_non_null(strstr(dump, "\"event\": \"back\", \"question\": \"fever\""));
    assert_non_null(strstr(dump, "\"event\": \"change\", \"question\": \"age\""));
    free(dump);
    assert_string_equal(json_string_value(json_object_get(json_object_get(final, "result"),
                                                          "disposition")), "soon");
    json_decref(header);
    json_decref(events);
    json_decref(final);

    char cmd[256], out[1 << 16];
    snprintf(cmd, sizeof cmd, "%s audit '%s' 2>&1", triage_bin(), path);
    assert_int_equal(run(cmd, out, sizeof out), 0);
    assert_non_null(strstr(out, "1. disposition: soon"));
    assert_non_null(strstr(out, "trigger: severe_pain [rule threshold-severe-pain"));
    assert_non_null(strstr(out, "answer: pain_severity = 7"));
    assert_non_null(strstr(out, "the replay reaches exactly the recorded conclusions (same rules)"));
}

static void test_every_cut_copy_is_refused(void **state)
{
    (void)state;
    record_session();
    size_t len;
    char *full = slurp(path, &len);
    char *copy = malloc(len);
    memcpy(copy, full, len);
    char cut[160];
    snprintf(cut, sizeof cut, "%s/cut.jsonl", dir);
    for (size_t k = 0; k < len; k++) {
        FILE *f = fopen(cut, "wb");
        fwrite(copy, 1, k, f);
        fclose(f);
        json_t *h, *ev, *fin;
        char err[256];
        if (transcript_read(cut, &h, &ev, &fin, err, sizeof err) == 0)
            fail_msg("a copy cut at byte %zu of %zu was accepted", k, len);
    }
    /* a torn middle line names its line */
    FILE *f = fopen(cut, "wb");
    const char *nl = memchr(copy, '\n', len);
    fwrite(copy, 1, (size_t)(nl - copy) + 1, f);
    fputs("{\"event\": \"answer\", \"quest\n", f);
    fclose(f);
    json_t *h, *ev, *fin;
    char err[256];
    assert_int_equal(transcript_read(cut, &h, &ev, &fin, err, sizeof err), -1);
    assert_non_null(strstr(err, "line 2"));
    /* a foreign file */
    f = fopen(cut, "wb");
    fputs("{\"id\": \"a case\", \"answers\": {}}\n", f);
    fclose(f);
    assert_int_equal(transcript_read(cut, &h, &ev, &fin, err, sizeof err), -1);
    assert_non_null(strstr(err, "line 1: not a triage transcript header"));
    free(copy);
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

static void test_audit_names_an_edited_rule(void **state)
{
    (void)state;
    record_session();
    char cmd[512], out[1 << 16];
    /* the threshold moves from 7 to 8, and its words with it (lint refuses
     * words that state another number than the rule compares) */
    snprintf(cmd, sizeof cmd,
             "cp -r rules '%s/rules' && sed -i 's/(>= ?p 7)/(>= ?p 8)/; s/7 out of 10/8 out of 10/g; "
             "s|7/10|8/10|g' '%s/rules/35-see-a-doctor.clp'",
             dir, dir);
    assert_int_equal(system(cmd), 0);
    snprintf(cmd, sizeof cmd, "%s audit --rules '%s/rules' '%s' 2>&1", triage_bin(), dir, path);
    assert_int_equal(run(cmd, out, sizeof out), 1);
    assert_non_null(strstr(out, "changed: 35-see-a-doctor.clp"));
    assert_non_null(strstr(out, "disposition changes: soon -> self_care"));
    assert_non_null(strstr(out, "disappears: trigger: severe_pain  (rule threshold-severe-pain)"));
    assert_null(strstr(out, "changed: 30-red-flags.clp"));

    /* a bad transcript is a usage error, rules that fail to load exit 3 */
    snprintf(cmd, sizeof cmd, "%s audit '%s/rules/00-schema.clp' 2>&1", triage_bin(), dir);
    assert_int_equal(run(cmd, out, sizeof out), 2);
    assert_non_null(strstr(out, "00-schema.clp: line 1"));
    snprintf(cmd, sizeof cmd, "%s audit --rules '%s/nowhere' '%s' 2>&1", triage_bin(), dir, path);
    assert_int_equal(run(cmd, out, sizeof out), 3);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_round_trip_replays_exactly),
        cmocka_unit_test(test_every_cut_copy_is_refused),
        cmocka_unit_test(test_killed_writer_leaves_old_or_new),
        cmocka_unit_test(test_audit_names_an_edited_rule),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
