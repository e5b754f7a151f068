/* test_shell.c: the shell driven through a real pseudo-terminal, as a person
 * would use it: answers, a bad answer, why, how, back, change, completion,
 * Ctrl-C and Ctrl-D; and through a pipe, as a script would. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <errno.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

/* The program under test: $TRIAGE_BIN (make sets it), else ./triage. */
static const char *triage_bin(void)
{
    const char *b = getenv("TRIAGE_BIN");
    return b && *b ? b : "./triage";
}

typedef struct session {
    pid_t pid;
    int fd;
    char out[1 << 18];    /* everything read so far */
    size_t len;
    size_t mark;          /* expect() searches from here */
} session;

static char history[64];

/* Starts ./triage with the shipped rules and, when overlay is not NULL, that
 * directory on top. */
static void start_with(session *s, const char *overlay)
{
    memset(s, 0, sizeof *s);
    struct winsize ws = { .ws_row = 40, .ws_col = 100 };
    s->pid = forkpty(&s->fd, NULL, NULL, &ws);
    assert_true(s->pid >= 0);
    if (s->pid == 0) {
        setenv("TRIAGE_HISTORY", history, 1);
        setenv("NO_COLOR", "1", 1);
        setenv("TERM", "dumb", 1);
        if (overlay)
            execl(triage_bin(), "triage", "--rules", "rules", "--rules", overlay, (char *)NULL);
        else
            execl(triage_bin(), "triage", (char *)NULL);
        _exit(127);
    }
}

static void start(session *s)
{
    start_with(s, NULL);
}

static int read_some(session *s, int ms)
{
    struct pollfd p = { s->fd, POLLIN, 0 };
    if (poll(&p, 1, ms) <= 0)
        return 0;
    ssize_t n = read(s->fd, s->out + s->len, sizeof s->out - 1 - s->len);
    if (n <= 0)
        return -1;
    s->len += (size_t)n;
    s->out[s->len] = '\0';
    return 1;
}

/* Waits up to 10 s for text to appear after the mark; moves the mark past it. */
static void expect(session *s, const char *text)
{
    time_t end = time(NULL) + 10;
    for (;;) {
        char *at = strstr(s->out + s->mark, text);
        if (at) {
            s->mark = (size_t)(at - s->out) + strlen(text);
            return;
        }
        if (time(NULL) > end || read_some(s, 200) < 0) {
            fprintf(stderr, "---- output ----\n%s\n---- end ----\n", s->out + s->mark);
            fail_msg("expected \"%s\"", text);
        }
    }
}

/* Waits for the next prompt and for the line editor to take the terminal out
 * of canonical mode, so that keys reach the line editor and not the tty. */
static void prompt(session *s)
{
    expect(s, "> ");
    for (int i = 0; i < 1000; i++) {
        struct termios t;
        if (tcgetattr(s->fd, &t) == 0 && !(t.c_lflag & ICANON))
            return;
        struct timespec ts = { 0, 10 * 1000 * 1000 };
        nanosleep(&ts, NULL);
        read_some(s, 0);
    }
    fail_msg("the line editor never took the terminal");
}

static void send(session *s, const char *text)
{
    size_t n = strlen(text);
    assert_int_equal(write(s->fd, text, n), (ssize_t)n);
}

static int finish(session *s)
{
    int status = 0;
    time_t end = time(NULL) + 10;
    while (waitpid(s->pid, &status, WNOHANG) == 0) {
        read_some(s, 100);
        if (time(NULL) > end) {
            kill(s->pid, SIGKILL);
            waitpid(s->pid, &status, 0);
            fail_msg("the shell did not exit");
        }
    }
    close(s->fd);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

static int setup(void **state)
{
    (void)state;
    snprintf(history, sizeof history, "/tmp/triage-history-XXXXXX");
    int fd = mkstemp(history);
    if (fd < 0)
        return -1;
    close(fd);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    unlink(history);
    return 0;
}

static session sess;

static void test_emergency_path_stops_at_once(void **state)
{
    (void)state;
    session *s = &sess;
    start(s);
    expect(s, "not a diagnosis");
    expect(s, "numbness or pins and needles around your groin");
    send(s, "yes\r");
    expect(s, "EMERGENCY: go to an emergency department now");
    expect(s, "cauda equina");
    expect(s, "triage> ");
    send(s, "how advice\r");
    expect(s, "EMERGENCY: go to an emergency department now, because:");
    expect(s, "you said: ");
    expect(s, ": yes");
    send(s, "quit\r");
    assert_int_equal(finish(s), 0);
    /* nothing the person reads names an internal id */
    assert_null(strstr(s->out, "cauda_equina"));
    assert_null(strstr(s->out, "saddle_numbness"));
}

static void test_bad_answer_is_asked_again(void **state)
{
    (void)state;
    session *s = &sess;
    start(s);
    expect(s, "around your groin");
    send(s, "purple\r");
    expect(s, "Sorry, please answer yes, no or not sure.");
    send(s, "No.\r");
    expect(s, "trouble passing urine");
    prompt(s);
    send(s, "\004");
    assert_int_equal(finish(s), 4);   /* unfinished */
}

static void test_why_back_and_change(void **state)
{
    (void)state;
    session *s = &sess;
    start(s);
    expect(s, "around your groin");
    send(s, "why?\r");   /* as people type it */
    expect(s, "It is used for this:");
    expect(s, "Source: NICE");
    expect(s, "around your groin");   /* the question, shown again */
    send(s, "why\r");
    expect(s, "That decides how urgently you need care.");
    send(s, "n\r");
    expect(s, "trouble passing urine");
    send(s, "back\r");
    expect(s, "Undid your answer to: ");
    expect(s, "around your groin");
    send(s, "no\r");
    expect(s, "trouble passing urine");
    send(s, "nope\r");
    expect(s, "both legs");
    prompt(s);
    send(s, "none\r");
    expect(s, "suddenly or gradually");
    send(s, "back\r");   /* a whole checklist is undone at once, and said so */
    expect(s, "Undid your answers to the last list (6 items).");
    expect(s, "both legs");
    send(s, "answers\r");
    expect(s, " 1. ");
    expect(s, " 2. ");
    send(s, "change 1\r");
    expect(s, "around your groin");
    send(s, "yes\r");
    expect(s, "EMERGENCY");
    prompt(s);
    send(s, "\004");
    assert_int_equal(finish(s), 0);
    assert_null(strstr(s->out, "saddle_numbness"));
    assert_null(strstr(s->out, "red-flag-"));
}

static void test_not_sure_is_asked_once_more_then_yes(void **state)
{
    (void)state;
    session *s = &sess;
    start(s);
    expect(s, "around your groin");
    send(s, "not sure\r");
    expect(s, "still not sure?");
    send(s, "still not sure\r");
    /* an emergency reached through not sure says so first, and once */
    expect(s, "You were not sure about this (");
    expect(s, "EMERGENCY");
    expect(s, "What was assumed:");
    expect(s, "not sure, taken as yes");
    send(s, "quit\r");
    assert_int_equal(finish(s), 0);
    assert_null(strstr(s->out, "Taken as yes ("));   /* not said twice */
}

/* Answers every question with a calm answer read off its hint line. */
static void test_self_care_path_to_the_end(void **state)
{
    (void)state;
    session *s = &sess;
    start(s);
    for (int asked = 0; asked < 60; asked++) {
        time_t end = time(NULL) + 10;
        char *hint = NULL;
        while (!hint) {
            if (strstr(s->out + s->mark, "SELF-CARE"))
                break;
            hint = strstr(s->out + s->mark, "(yes / no");
            if (!hint)
                hint = strstr(s->out + s->mark, "(a number from");
            if (!hint)
                hint = strstr(s->out + s->mark, "(how many days");
            if (!hint)
                hint = strstr(s->out + s->mark, "(give every one that applies");
            if (!hint)
                hint = strstr(s->out + s->mark, "(sudden");
            if (!hint)
                hint = strstr(s->out + s->mark, "(female");
            if (!hint)
                hint = strstr(s->out + s->mark, "(give the numbers");
            if (!hint && (time(NULL) > end || read_some(s, 200) < 0))
                fail_msg("no question or result: %s", s->out + s->mark);
        }
        if (!hint)
            break;
        s->mark = (size_t)(hint - s->out) + 1;
        expect(s, "> ");
        if (strncmp(hint, "(yes", 4) == 0)
            send(s, "no\r");
        else if (strncmp(hint, "(a number from 0 to 120", 23) == 0)
            send(s, "30\r");
        else if (strncmp(hint, "(how many days", 14) == 0)
            send(s, "2 days\r");
        else if (strncmp(hint, "(a number", 9) == 0)
            send(s, "2\r");
        else if (strncmp(hint, "(give every one", 15) == 0)
            send(s, "1\r");
        else if (strncmp(hint, "(sudden", 7) == 0)
            send(s, "gradual\r");
        else if (strncmp(hint, "(give the numbers", 17) == 0)
            send(s, "none\r");
        else
            send(s, "male\r");
    }
    expect(s, "SELF-CARE: you can look after this at home");
    expect(s, "Start with these:");
    expect(s, " 1. ");
    expect(s, "Get help sooner:");
    expect(s, "Go to an emergency department or call your emergency number now if:");
    expect(s, "This is not a diagnosis");
    send(s, "save /tmp/triage-shell-test.jsonl\r");
    expect(s, "Saved your answers");
    send(s, "quit\r");
    assert_int_equal(finish(s), 0);
    FILE *f = fopen("/tmp/triage-shell-test.jsonl", "r");
    assert_non_null(f);
    char line[4096];
    assert_non_null(fgets(line, sizeof line, f));
    fclose(f);
    unlink("/tmp/triage-shell-test.jsonl");
    assert_non_null(strstr(line, "\"saddle_numbness\":\"no\""));
    assert_non_null(strstr(line, "\"age\":30"));
}

static void test_completion(void **state)
{
    (void)state;
    session *s = &sess;
    start(s);
    expect(s, "around your groin");
    prompt(s);
    send(s, "he\t\r");
    expect(s, "Commands (at any prompt):");
    prompt(s);
    send(s, "ye\t\r");
    expect(s, "EMERGENCY");
    send(s, "quit\r");
    assert_int_equal(finish(s), 0);
}

static void test_ctrl_c_twice_quits(void **state)
{
    (void)state;
    session *s = &sess;
    start(s);
    expect(s, "around your groin");
    prompt(s);
    send(s, "some half-typed line\003");
    expect(s, "Press Ctrl-C again");
    prompt(s);
    send(s, "\003");
    assert_int_equal(finish(s), 4);   /* unfinished */
    assert_null(strstr(s->out, "Sorry"));
}

static void test_ctrl_d_quits_cleanly(void **state)
{
    (void)state;
    session *s = &sess;
    start(s);
    expect(s, "around your groin");
    prompt(s);
    send(s, "\004");
    assert_int_equal(finish(s), 4);   /* unfinished */
    expect(s, "The questions were not finished");
}

static void test_reload_keeps_answers_and_shows_changes(void **state)
{
    (void)state;
    char dir[] = "/tmp/triage-overlay-XXXXXX";
    assert_non_null(mkdtemp(dir));
    session *s = &sess;
    start_with(s, dir);
    /* the emergency questions, onset, the nerve checklist, then a pain of 9 */
    const char *answers[] = { "no", "no", "none", "gradual", "none", "9" };
    for (size_t i = 0; i < sizeof answers / sizeof *answers; i++) {
        prompt(s);
        send(s, answers[i]);
        send(s, "\r");
    }
    expect(s, "So far: SOON");
    expect(s, "and shape your plan");   /* the questions go on */
    prompt(s);
    char cmd[256];
    snprintf(cmd, sizeof cmd, "cp tests/safety/unsafe/90-unsafe.clp '%s'/", dir);
    assert_int_equal(system(cmd), 0);
    send(s, "reload\r");
    expect(s, "Reloaded");
    expect(s, "disposition changes: soon -> emergency");
    expect(s, "appears: trigger: severe_pain_no_fever  (rule severe-pain-without-fever: pain_severity >= ");
    expect(s, "EMERGENCY");
    send(s, "quit\r");
    assert_int_equal(finish(s), 0);
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    assert_int_equal(system(cmd), 0);
}

/* s with its line breaks made spaces: text wrapped to the width reads whole. */
static void flatten(char *s)
{
    for (; *s; s++)
        *s = *s == '\n' ? ' ' : *s;
}

/* What the shell writes (standard output and error) for the lines given, a
 * printf format, read from a pipe; it must exit with rc. Borrowed until the
 * next call. */
static char *piped(const char *lines, int rc)
{
    static char out[1 << 17];
    char cmd[1024];
    snprintf(cmd, sizeof cmd, "printf '%s' | %s 2>&1", lines, triage_bin());
    FILE *p = popen(cmd, "r");
    assert_non_null(p);
    size_t n = fread(out, 1, sizeof out - 1, p);
    out[n] = '\0';
    int status = pclose(p);
    assert_true(WIFEXITED(status));
    assert_int_equal(WEXITSTATUS(status), rc);
    return out;
}

/* An emergency found by changing an answer at the end: its reason comes
 * under Why, a less urgent one that also holds apart from it, below. */
static void test_less_urgent_reasons_apart(void **state)
{
    (void)state;
    char dir[] = "/tmp/triage-report-XXXXXX", lines[512], path[64];
    assert_non_null(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/report.txt", dir);
    snprintf(lines, sizeof lines, "no\\nno\\n6\\nno\\nsudden\\n6\\nnone\\n40\\nhip\\nnone\\n"
             "3 days\\nnone\\nnone\\n4\\nmale\\nchange 9\\nyes\\nreport %s\\n", path);
    const char *out = piped(lines, 0);
    const char *em = strstr(out, "EMERGENCY");
    assert_non_null(em);
    const char *why = strstr(em, "Why:"), *lesser = strstr(em, "Also noted, less urgent:");
    const char *crash = strstr(em, "serious accident"), *strain = strstr(em, "hip flexor strain");
    assert_non_null(why);
    assert_non_null(lesser);
    assert_true(why < crash && crash < lesser && lesser < strain);
    /* and so in the report for a doctor */
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    static char rep[1 << 15];
    rep[fread(rep, 1, sizeof rep - 1, f)] = '\0';
    fclose(f);
    remove(path);
    rmdir(dir);
    why = strstr(rep, "Why");
    lesser = strstr(rep, "Also noted, less urgent");
    assert_non_null(why);
    assert_non_null(lesser);
    assert_true(why < strstr(rep, "serious accident") && lesser < strstr(rep, "hip flexor strain"));
}

/* "back" where a place is asked could be the place: asked which is meant;
 * ".back", as that question says, is the command. */
static void test_back_or_the_back(void **state)
{
    (void)state;
    char *out = piped("no\\nno\\nnone\\ngradual\\nnone\\n5\\n40\\nback\\n.back\\n", 4);
    flatten(out);
    const char *asked = strstr(out, "Do you mean your back");
    assert_non_null(asked);
    assert_null(strstr(asked + 1, "Do you mean your back"));
    assert_non_null(strstr(asked, "Undid your answer to: Age"));
}

/* Before the first question: that this is not a diagnosis and when to call
 * the emergency number, in the rules' own words (their notices). */
static void test_notices_come_first(void **state)
{
    (void)state;
    char *out = piped("quit\\n", 4);
    flatten(out);
    const char *first = strstr(out, "Do you have any numbness");
    const char *dx = strstr(out, "This is not a diagnosis."), *call = strstr(out, "Call your emergency "
                                                                               "number (999 UK");
    assert_non_null(first);
    assert_true(dx && dx < first);
    assert_true(call && call < first && strstr(call, "chest pain"));
}

/* A rise in urgency while questions still to come could make it an
 * emergency says so: sudden pain of 8, before age and place. */
static void test_so_far_says_what_is_still_possible(void **state)
{
    (void)state;
    char *out = piped("no\\nno\\nnone\\nsuddenly\\n8\\n", 4);
    flatten(out);
    const char *sofar = strstr(out, "So far: SOON");
    assert_non_null(sofar);
    assert_non_null(strstr(sofar, "The questions still to come check for signs that would mean "
                                  "you should go to an emergency"));
}

/* A not-sure taken as yes while the questions go on is said at once, and so
 * is a hedged choice in a checklist. */
static void test_taken_as_yes_said_while_questions_go_on(void **state)
{
    (void)state;
    char *out = piped("no\\nno\\nnot sure about 3\\nnot sure\\n", 4);   /* unfinished */
    flatten(out);
    const char *yes = strstr(out, "Taken as yes (A weak leg");
    assert_non_null(yes);
    assert_non_null(strstr(yes, "So far: URGENT"));
    assert_non_null(strstr(yes, "Is the leg weakness getting worse?"));
    /* a hedged choice in a checklist is said too, before the next question */
    out = piped("no\\nno\\n6 probably\\n", 4);
    flatten(out);
    yes = strstr(out, "Taken as yes: 6.");
    assert_non_null(yes);
    assert_non_null(strstr(yes, "Was it a serious accident"));
}

/* The advice so far, asked for while questions remain, does not say that
 * what they will ask was taken as no. */
static void test_result_so_far_assumes_nothing_still_to_come(void **state)
{
    (void)state;
    char *out = piped("no\\nno\\n3\\nresult\\n", 4);
    flatten(out);
    const char *so_far = strstr(out, "The questions are not finished. From your answers so far");
    assert_non_null(so_far);
    assert_non_null(strstr(so_far, "URGENT"));
    assert_null(strstr(so_far, "not reported: taken as no"));
}

/* A checklist item not sure comes back on its own, and the shell says why. */
static void test_unsure_item_asked_alone_says_why(void **state)
{
    (void)state;
    char *out = piped("no\\nno\\nnone\\ngradual\\nnot sure about 5\\n", 4);
    flatten(out);
    const char *alone = strstr(out, "You were not sure about this one in the list, so here it is "
                                    "on its own:");
    assert_non_null(alone);
    assert_non_null(strstr(alone, "?"));
}

/* "how advice" says the reasons as the result does: those for this advice,
 * then the less urgent ones apart, each with the answers it rests on. */
static void test_how_advice_keeps_less_urgent_reasons_apart(void **state)
{
    (void)state;
    char *out = piped("no\\nno\\nnone\\nsudden\\n9\\nnone\\n70\\nlower back\\nhow advice\\n", 0);
    flatten(out);
    const char *how = strstr(out, "EMERGENCY: go to an emergency department now, because:");
    assert_non_null(how);
    const char *aneurysm = strstr(how, "aortic aneurysm"), *lesser = strstr(how, "Also noted, less urgent:");
    const char *fracture = strstr(how, "A broken bone in the spine");
    assert_non_null(aneurysm);
    assert_non_null(lesser);
    assert_non_null(fracture);
    assert_true(aneurysm < lesser && lesser < fracture);
    assert_non_null(strstr(fracture, "because you said: Age: 70"));
}

/* The shell's lines about a not-sure that matters are the rules' wording:
 * an overlay rewords them, and the shell says its words, not its own. */
static void test_the_rules_word_the_not_sure_lines(void **state)
{
    (void)state;
    char dir[] = "/tmp/triage-words-XXXXXX", path[128], cmd[512];
    assert_non_null(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/90-words.clp", dir);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(";;; 90-words.clp: a test overlay rewording two of the shell's lines.\n"
          "(deffacts reworded\n"
          "   (override (kind wording) (id taken-as-yes) (reason \"test\"))\n"
          "   (wording (id taken-as-yes) (text \"Counted as yes: {}.\"))\n"
          "   (override (kind wording) (id not-sure-again) (reason \"test\"))\n"
          "   (wording (id not-sure-again) (text \"Once more, please.\")))\n", f);
    fclose(f);
    snprintf(cmd, sizeof cmd, "printf 'no\\nno\\nnot sure about 3\\nnot sure\\n' | %s --rules rules "
             "--rules %s 2>&1", triage_bin(), dir);
    FILE *p = popen(cmd, "r");
    assert_non_null(p);
    static char out[1 << 17];
    size_t n = fread(out, 1, sizeof out - 1, p);
    out[n] = '\0';
    pclose(p);
    flatten(out);
    const char *again = strstr(out, "Once more, please.");
    assert_non_null(again);
    assert_non_null(strstr(again, "Counted as yes: A weak leg"));
    assert_null(strstr(out, "This one matters"));
    assert_null(strstr(out, "Taken as yes (A weak leg"));
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    assert_int_equal(system(cmd), 0);
}

/* A question the interview did not need (the advice was already urgent) can
 * still be answered by its words, and the advice takes it in. */
static void test_a_question_not_asked_can_be_added(void **state)
{
    (void)state;
    char *out = piped("no\\nno\\nnone\\ngradually\\nnone\\n5\\n52\\n2\\n"
                      "I had breast cancer\\nchange cancer\\nyes\\n", 0);
    flatten(out);
    const char *done = strstr(out, "type change and a word of the question");
    assert_non_null(done);
    const char *asked = strstr(done, "Have you ever had cancer?");
    assert_non_null(asked);
    assert_non_null(strstr(asked, "someone who has had cancer"));
}

static void test_piped_answers(void **state)
{
    (void)state;
    /* saddle, bladder: no; the emergency checklist: a word that is no number,
     * then item 3 (a weak leg); getting worse: yes */
    char *out = piped("no\\nno\\npurple\\n3\\nyes\\n", 0);
    assert_null(strstr(out, "> "));
    flatten(out);
    assert_non_null(strstr(out, "Do any of these apply to you?"));
    assert_non_null(strstr(out, "Sorry, I could not read \"purple\"."));
    /* a weak leg is urgent at once; getting worse makes it an emergency */
    assert_non_null(strstr(out, "So far: URGENT"));
    assert_non_null(strstr(out, "The questions still to come check for signs that would mean "
                                "you should go to an emergency department"));   /* what is left */
    assert_non_null(strstr(out, "Is the leg weakness getting worse?"));
    assert_non_null(strstr(out, "EMERGENCY"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_emergency_path_stops_at_once),
        cmocka_unit_test(test_bad_answer_is_asked_again),
        cmocka_unit_test(test_why_back_and_change),
        cmocka_unit_test(test_not_sure_is_asked_once_more_then_yes),
        cmocka_unit_test(test_self_care_path_to_the_end),
        cmocka_unit_test(test_completion),
        cmocka_unit_test(test_ctrl_c_twice_quits),
        cmocka_unit_test(test_ctrl_d_quits_cleanly),
        cmocka_unit_test(test_reload_keeps_answers_and_shows_changes),
        cmocka_unit_test(test_piped_answers),
        cmocka_unit_test(test_less_urgent_reasons_apart),
        cmocka_unit_test(test_taken_as_yes_said_while_questions_go_on),
        cmocka_unit_test(test_so_far_says_what_is_still_possible),
        cmocka_unit_test(test_notices_come_first),
        cmocka_unit_test(test_back_or_the_back),
        cmocka_unit_test(test_how_advice_keeps_less_urgent_reasons_apart),
        cmocka_unit_test(test_unsure_item_asked_alone_says_why),
        cmocka_unit_test(test_result_so_far_assumes_nothing_still_to_come),
        cmocka_unit_test(test_the_rules_word_the_not_sure_lines),
        cmocka_unit_test(test_a_question_not_asked_can_be_added),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
