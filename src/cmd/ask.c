/* ask.c: `triage` / `triage ask`: the question-and-answer shell. One
 * line-reading path for a terminal (libedit: editing, history, completion)
 * and for a pipe (one answer a line, no prompts). Nothing clinical is here:
 * questions, their order and the advice all come from the rules. */
#include "atomic.h"
#include "diff.h"
#include "engine.h"
#include "answer.h"
#include "plain.h"
#include "session.h"
#include "text.h"
#include "transcript.h"
#include "util.h"
#include "cli.h"

#include <ctype.h>
#include <errno.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include <editline/readline.h>

static const char shell_usage[] =
    "usage: triage [ask] [--rules DIR]... [--transcript FILE] [--safe]\n"
    "\n"
    "Asks about your back pain, the most serious questions first, and ends with\n"
    "what to do, how urgently and why. Answer each question with yes, no, a\n"
    "number or a choice as shown, or \"not sure\". Type help at any prompt for\n"
    "the commands (why, how, back, change, answers, save, restart, quit).\n"
    "When standard input is not a terminal, it reads one answer a line.\n"
    "--transcript FILE keeps a transcript of the session for triage audit.\n"
    "--safe turns off the commands that write files or load rules (save,\n"
    "reload), for a shell offered to the public.\n"
    "\n"
    "This is not a diagnosis. If you have numbness around the groin, lose\n"
    "control of your bladder or bowel, or a leg is getting weaker, call your\n"
    "emergency number now.\n";

typedef struct shell shell;

typedef struct command {
    const char *name;
    const char *aliases;      /* other words for it, each followed by a space */
    const char *usage;
    const char *help;
    int clinician;            /* listed apart, after what a person needs */
    int aside;                /* leaves the question waiting: it is shown again after */
    int (*run)(shell *sh, const char *arg);   /* -1 leaves the shell */
} command;

static int cmd_why(shell *sh, const char *arg);
static int cmd_how(shell *sh, const char *arg);
static int cmd_back(shell *sh, const char *arg);
static int cmd_change(shell *sh, const char *arg);
static int cmd_answers(shell *sh, const char *arg);
static int cmd_result(shell *sh, const char *arg);
static int cmd_plan(shell *sh, const char *arg);
static int cmd_report(shell *sh, const char *arg);
static int cmd_restart(shell *sh, const char *arg);
static int cmd_help(shell *sh, const char *arg);
static int cmd_quit(shell *sh, const char *arg);
static int cmd_save(shell *sh, const char *arg);
static int cmd_reload(shell *sh, const char *arg);

/* The shell's commands: what a line is run as, and help, are both from this table. */
static const command commands[] = {
    { "why", "", "why", "why this question is asked; again: one step further", 0, 1, cmd_why },
    { "how", "", "how N|WORDS", "how the advice or an item of it was reached (try: how advice, how 1)", 0, 1, cmd_how },
    { "back", "undo ", "back", "undo your last answer", 0, 0, cmd_back },
    { "change", "", "change N|WORDS", "answer an earlier question again (see answers for the numbers), or by its words one not asked", 0, 0, cmd_change },
    { "answers", "", "answers", "what you have answered so far, numbered", 0, 1, cmd_answers },
    { "result", "advice ", "result", "show the advice as it stands", 0, 1, cmd_result },
    { "plan", "", "plan", "show your whole plan", 0, 1, cmd_plan },
    { "report", "", "report FILE", "write a one-page summary to take to a doctor (.html for a web page)", 0, 1, cmd_report },
    { "restart", "", "restart", "forget every answer and start again", 0, 0, cmd_restart },
    { "help", "commands ", "help", "this list", 0, 1, cmd_help },
    { "quit", "exit bye q ", "quit", "leave (Ctrl-D does too)", 0, 0, cmd_quit },
    { "save", "", "save FILE", "save your answers as a case file (for triage batch)", 1, 1, cmd_save },
    { "reload", "", "reload", "load the rule files again, keep the answers, show what changed", 1, 0, cmd_reload },
};

struct shell {
    engine *e;
    session *s;
    int interactive;          /* standard input is a terminal */
    int color;                /* standard output is a terminal and NO_COLOR unset */
    int width;
    const engine_rule *why_rule;
    int why_done;
    int shown;                /* the result has been shown since the last answer */
    transcript *log;          /* --transcript, or NULL */
    FILE *in;                 /* where answers come from when not a terminal */
    int safe;                 /* --safe: no command writes a file or loads rules */
    char *dirs[16];           /* the rules directories, for reload */
    size_t ndirs;
    char history[4096];
};

static volatile sig_atomic_t got_sigint, got_winch;
static shell *completing;     /* the shell whose question completion reads */

static void on_sigint(int sig)
{
    (void)sig;
    got_sigint = 1;
}

static void on_winch(int sig)
{
    (void)sig;
    got_winch = 1;
}

/* ---- output ------------------------------------------------------------------ */

/* The width to wrap to, read again after the terminal was resized. */
static int width_now(shell *sh)
{
    if (got_winch) {
        got_winch = 0;
        sh->width = text_width();
    }
    return sh->width;
}

static void say(shell *sh, const char *text)
{
    text_wrap(stdout, "", text, 0, width_now(sh));
}

/* "Sorry: " and why, wrapped as one text. */
static void sorry(shell *sh, const char *why)
{
    char buf[1100];
    snprintf(buf, sizeof buf, "Sorry, %s", why);
    if (buf[7] >= 'A' && buf[7] <= 'Z' && buf[8] >= 'a' && buf[8] <= 'z')
        buf[7] = (char)(buf[7] - 'A' + 'a');
    say(sh, buf);
}

static void bold(shell *sh, const char *text)
{
    if (sh->color)
        printf("\033[1m");
    text_wrap(stdout, "", text, 0, width_now(sh));
    if (sh->color)
        printf("\033[0m");
}

static void hint(shell *sh, const engine_question *q)
{
    char buf[2048], label[128];
    size_t n = 0;
    switch (q->type) {
    case ENGINE_YESNO:
        snprintf(buf, sizeof buf, "(yes / no / not sure)");
        break;
    case ENGINE_INTEGER:
        if (strstr(q->id, "_days"))
            snprintf(buf, sizeof buf, "(how many days, weeks or months, or not sure; for example: "
                     "%s)", answer_example(sh->e, q));
        else
            snprintf(buf, sizeof buf, "(a number from %lld to %lld, or not sure; for example: %s)",
                     q->min, q->max, answer_example(sh->e, q));
        break;
    case ENGINE_MULTI:
        /* one place a line, so that a number never parts from its name */
        for (size_t i = 0; i < q->nvalues; i++) {
            char num[32];
            snprintf(num, sizeof num, "  %2zu. ", i + 1);
            text_wrap(stdout, num, answer_label(sh->e, q, q->values[i], label, sizeof label),
                      (int)strlen(num), width_now(sh));
        }
        snprintf(buf, sizeof buf, "(give every one that applies, by name or number, or not sure)");
        break;
    case ENGINE_CHOICE:
        n = (size_t)snprintf(buf, sizeof buf, "(");
        for (size_t i = 0; i < q->nvalues && n < sizeof buf; i++) {
            answer_label(sh->e, q, q->values[i], label, sizeof label);
            n += (size_t)snprintf(buf + n, sizeof buf - n, "%s / ", label);
        }
        if (n < sizeof buf)
            snprintf(buf + n, sizeof buf - n, "not sure)");
        break;
    }
    say(sh, buf);
}

static plain_view view(shell *sh, json_t *not_asked, json_t *answers, int full)
{
    plain_view v = { sh->e, not_asked, answers, full, width_now(sh),
                     !session_step_now(sh->s)->done };
    return v;
}

static void show_step(shell *sh, const session_step *st)
{
    fputc('\n', stdout);
    if (st->again && engine_wording(sh->e, "not-sure-again"))
        say(sh, engine_wording(sh->e, "not-sure-again"));
    else if (st->alone)
        say(sh, "You were not sure about this one in the list, so here it is on its own:");
    if (st->checklist) {
        bold(sh, st->checklist->prompt);
        for (size_t i = 0; i < st->nitems; i++) {
            char num[32];
            snprintf(num, sizeof num, "  %zu. ", i + 1);
            text_wrap(stdout, num, plain_label(st->items[i]), (int)strlen(num), width_now(sh));
        }
        say(sh, "(give the numbers of those that apply, or say none; \"not sure about 2\" if you "
                "cannot tell)");
        return;
    }
    bold(sh, st->items[0]->prompt);
    hint(sh, st->items[0]);
}

static void show_result(shell *sh, int full)
{
    json_t *not_asked = session_not_asked(sh->s), *answers = session_answers(sh->s);
    const engine_outcome *o = session_outcome(sh->s);
    if (!o) {
        triage_error("%s", engine_errmsg(sh->e));
        json_decref(not_asked);
        json_decref(answers);
        return;
    }
    plain_view v = view(sh, not_asked, answers, full);
    fputc('\n', stdout);
    plain_result(stdout, o, &v);
    json_decref(not_asked);
    json_decref(answers);
    sh->shown = 1;
    const engine_disposition_info *d = session_disposition(sh->s);
    if (sh->interactive && session_step_now(sh->s)->done)
        say(sh, d && !d->plan ? "\nType: how advice (how it was reached), report and a file name "
                                "(a summary to show a doctor), change and a number (answer "
                                "again), or quit."
                              : "\nType: how advice (how it was reached), how 1 (about an item "
                                "of your plan), plan (all of it), report and a file name (a "
                                "summary to show a doctor), change and a number (answer again), "
                                "or quit.");
}

/* Shows what comes next: the next question or checklist, or the result. */
static void next_step(shell *sh)
{
    sh->why_rule = NULL;
    sh->why_done = 0;
    const session_step *st = session_step_now(sh->s);
    if (st->done) {
        if (!sh->shown)
            show_result(sh, 0);
        return;
    }
    show_step(sh, st);
}

/* ---- answers -------------------------------------------------------------------- */

static void report_news(shell *sh, const session_news *news)
{
    /* while questions go on; a result says it first itself */
    for (size_t i = 0; i < news->ntaken_yes && !session_step_now(sh->s)->done; i++) {
        char buf[512];
        if (util_fill(buf, sizeof buf, engine_wording(sh->e, "taken-as-yes"),
                      plain_label(news->taken_yes[i])))
            say(sh, buf);
    }
    if (news->rose_to && !session_step_now(sh->s)->done) {
        char buf[768], rest[320];
        const engine_disposition_info *could = session_could_stop(sh->s);
        if (could)   /* sudden, severe pain before age and place: not the end of it */
            snprintf(rest, sizeof rest, "The questions still to come check for signs that "
                     "would mean you should %s, so please answer them", could->action);
        else
            snprintf(rest, sizeof rest, "%s", news->rose_to->interview == ENGINE_RAISE_ONLY
                         ? "The remaining questions check only for anything more urgent"
                         : "The remaining questions check for anything more urgent and shape "
                           "your plan");
        snprintf(buf, sizeof buf, "So far: %s. %s; type result to see the advice now.",
                 news->rose_to->title, rest);
        fputc('\n', stdout);
        bold(sh, buf);
    }
}

static void take_answer(shell *sh, const char *line)
{
    const session_step *st = session_step_now(sh->s);
    char note[512];
    json_t *answers;
    if (st->checklist) {
        answers = answer_parse_checklist(sh->e, st->items, st->nitems, line, note, sizeof note);
        if (!answers) {
            sorry(sh, note);
            return;
        }
        if (note[0])
            say(sh, note);
    } else {
        json_t *v;
        if (answer_parse(sh->e, st->items[0], line, &v, note, sizeof note) == ANSWER_REFUSED) {
            sorry(sh, note);
            return;
        }
        if (note[0])
            say(sh, note);
        answers = json_object();
        json_object_set_new(answers, st->items[0]->id, v);
    }
    session_news news;
    session_typed(sh->s, line);
    int rc = session_answer(sh->s, answers, &news);
    session_typed(sh->s, NULL);
    json_decref(answers);
    if (rc != 0) {
        sorry(sh, session_errmsg(sh->s));
        return;
    }
    sh->shown = 0;
    report_news(sh, &news);
    next_step(sh);
}

/* ---- commands -------------------------------------------------------------------- */

static int cmd_help(shell *sh, const char *arg)
{
    (void)arg;
    for (int clinician = 0; clinician < 2; clinician++) {
        say(sh, clinician ? "For clinicians and testers:" : "Commands (at any prompt):");
        for (size_t i = 0; i < sizeof commands / sizeof *commands; i++) {
            if (commands[i].clinician != clinician)
                continue;
            char head[32];
            snprintf(head, sizeof head, "  %-16s ", commands[i].usage);
            text_wrap(stdout, head, commands[i].help, (int)strlen(head), width_now(sh));
        }
    }
    say(sh, "Answers: yes, no, a number (\"10 days\", \"4 out of 10\"), a choice by name or "
            "number, or \"not sure\".");
    return 0;
}

/* The first rule that uses the fact kind:id, or NULL. */
static const engine_rule *first_rule_using(engine *e, const char *kind, const char *id)
{
    size_t i;
    return engine_rules_using(e, kind, id, &i, 1) ? engine_rule_at(e, i) : NULL;
}

static void print_rule(shell *sh, const char *lead, const engine_rule *r)
{
    char buf[1024];
    snprintf(buf, sizeof buf, "%s%s (Source: %s)", lead, r->says,
             *r->source ? r->source : "none given");
    say(sh, buf);
}

static int cmd_why(shell *sh, const char *arg)
{
    (void)arg;
    const session_step *st = session_step_now(sh->s);
    if (st->done) {
        say(sh, "No question is being asked. Try: how advice.");
        return 0;
    }
    const engine_question *q = st->items[0];
    if (sh->why_done) {
        say(sh, "That is as far as it goes: it decides how urgently you need care, or what goes "
                "in your plan.");
        return 0;
    }
    if (!sh->why_rule) {
        if (st->checklist && *st->checklist->help)
            say(sh, st->checklist->help);
        sh->why_rule = first_rule_using(sh->e, "answer", q->id);
        if (*q->help)
            say(sh, q->help);
        if (!sh->why_rule) {
            sh->why_done = 1;
            return 0;
        }
        print_rule(sh, "It is used for this: ", sh->why_rule);
        return 0;
    }
    const engine_rule *r = sh->why_rule;
    for (size_t i = 0; i < r->nconcludes; i++) {
        const engine_ref *c = &r->conclude_refs[i];
        if (!strcmp(c->kind, "trigger") || !strcmp(c->kind, "recommend") ||
            !strcmp(c->kind, "caution")) {
            say(sh, !strcmp(c->kind, "trigger") ? "That decides how urgently you need care."
                                                 : "That decides what goes in your plan.");
            sh->why_done = 1;
            return 0;
        }
        const engine_rule *up = first_rule_using(sh->e, c->kind, c->id);
        if (up && up != r) {
            print_rule(sh, "Which leads to this: ", up);
            sh->why_rule = up;
            return 0;
        }
    }
    say(sh, "That is as far as it goes.");
    sh->why_done = 1;
    return 0;
}

static int cmd_how(shell *sh, const char *arg)
{
    if (!*arg) {
        say(sh, "usage: how advice, or how N for item N of your plan, or how and a few words of "
                "a reason");
        return 0;
    }
    json_t *res = engine_result(sh->e);
    if (!res)
        return 0;
    plain_view v = view(sh, NULL, NULL, 0);
    if (plain_how(stdout, res, arg, &v) != 0)
        say(sh, "Nothing with those words has been concluded so far. Try: how advice.");
    json_decref(res);
    return 0;
}

/* The questions answered so far, in the order asked: the numbers answers shows. */
static size_t answered_list(shell *sh, const engine_question **out, size_t max)
{
    json_t *a = session_answers(sh->s);
    size_t n = 0;
    for (size_t i = 0; i < engine_question_count(sh->e) && n < max; i++) {
        const engine_question *q = engine_question_at(sh->e, i);
        if (json_object_get(a, q->id))
            out[n++] = q;
    }
    json_decref(a);
    return n;
}

static int cmd_answers(shell *sh, const char *arg)
{
    (void)arg;
    const engine_question *qs[256];
    size_t n = answered_list(sh, qs, 256);
    if (n == 0)
        say(sh, "No answers yet.");
    for (size_t i = 0; i < n; i++) {
        char val[512], line[1024], num[32];
        plain_answer(sh->e, qs[i], engine_answer_value(sh->e, qs[i]->id), val, sizeof val);
        snprintf(line, sizeof line, "%s: %s", plain_label(qs[i]), val);
        snprintf(num, sizeof num, "  %2zu. ", i + 1);
        text_wrap(stdout, num, line, 6, width_now(sh));
    }
    return 0;
}

static int cmd_back(shell *sh, const char *arg)
{
    (void)arg;
    const engine_question *undone;
    int n = session_back(sh->s, &undone);
    if (n < 0) {
        say(sh, "There is nothing to undo.");
        return 0;
    }
    char buf[512];
    if (n > 1)
        snprintf(buf, sizeof buf, "Undid your answers to the last list (%d items).", n);
    else
        snprintf(buf, sizeof buf, "Undid your answer to: %s", plain_label(undone));
    say(sh, buf);
    sh->shown = 0;
    next_step(sh);
    return 0;
}

static int matches(const char *text, const char *what)
{
    size_t n = strlen(what);
    for (const char *p = text; *p; p++)
        if (strncasecmp(p, what, n) == 0)
            return 1;
    return 0;
}

static int cmd_change(shell *sh, const char *arg)
{
    const engine_question *qs[256], *q = NULL;
    size_t n = answered_list(sh, qs, 256);
    char *end;
    long k = strtol(arg, &end, 10);
    if (*arg && *end == '\0' && k >= 1 && (size_t)k <= n)
        q = qs[k - 1];
    for (size_t i = 0; !q && strlen(arg) >= 3 && i < n; i++)   /* words of an answered one */
        if (matches(plain_label(qs[i]), arg) || matches(qs[i]->prompt, arg) ||
            !strcmp(qs[i]->id, arg))
            q = qs[i];
    json_t *skipped = q || strlen(arg) < 3 ? NULL : session_not_asked(sh->s);
    size_t i;
    json_t *id;
    json_array_foreach(skipped, i, id) {   /* or one not asked, to add what the person knows */
        const engine_question *nq = engine_question_find(sh->e, json_string_value(id));
        if (!q && nq && (matches(plain_label(nq), arg) || matches(nq->prompt, arg)))
            q = nq;
    }
    json_decref(skipped);
    if (!q) {
        say(sh, *arg ? "I cannot tell which question you mean. Type answers to see them "
                       "numbered, then change N."
                     : "usage: change N (type answers to see the numbers)");
        return 0;
    }
    session_ask(sh->s, q);
    sh->why_rule = NULL;
    sh->why_done = 0;
    show_step(sh, session_step_now(sh->s));
    return 0;
}

/* Refuses path unless it is new, or a report this shell wrote (its first
 * bytes begin with head); says why. */
static int may_write(shell *sh, const char *path, const char *head)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return 1;
    char buf[64] = "";
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = '\0';
    if (strncmp(buf, head, strlen(head)) == 0)
        return 1;
    char msg[1024];
    snprintf(msg, sizeof msg, "%s already exists and is not a file this shell wrote; choose "
             "another name (nothing was written).", path);
    say(sh, msg);
    return 0;
}

static int cmd_save(shell *sh, const char *arg)
{
    if (sh->safe) {
        say(sh, "save is turned off in this shell (--safe).");
        return 0;
    }
    if (!*arg) {
        say(sh, "usage: save FILE");
        return 0;
    }
    char why[1024];
    if (atomic_may_replace(arg, ATOMIC_CASE_FILE, why, sizeof why) != 0) {
        sorry(sh, why);
        return 0;
    }
    json_t *c = json_pack("{s:s, s:o}", "id", "session", "answers", session_answers(sh->s));
    char *s = json_dumps(c, JSON_COMPACT);
    json_decref(c);
    if (!s || atomic_write_line(arg, s) != 0) {
        printf("Could not save to %s: %s\n", arg, strerror(errno));
    } else {
        char msg[1024];
        snprintf(msg, sizeof msg, "Saved your answers to %s.", arg);
        say(sh, msg);
    }
    free(s);
    return 0;
}

static int cmd_report(shell *sh, const char *arg)
{
    if (sh->safe) {
        say(sh, "report is turned off in this shell (--safe).");
        return 0;
    }
    if (!*arg) {
        say(sh, "usage: report FILE (FILE.html for a web page that prints cleanly)");
        return 0;
    }
    size_t n = strlen(arg);
    int html = n > 5 && (!strcasecmp(arg + n - 5, ".html") || !strcasecmp(arg + n - 4, ".htm"));
    char head[256];
    if (!may_write(sh, arg, html ? "<!DOCTYPE html>" : plain_report_head(sh->e, head, sizeof head)))
        return 0;
    char *text = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&text, &len);
    json_t *answers = session_answers(sh->s), *not_asked = session_not_asked(sh->s);
    const engine_outcome *o = engine_outcome_now(sh->e);
    if (mem && o) {
        plain_view v = view(sh, not_asked, answers, 1);
        plain_report(mem, o, answers, &v, html);
    }
    if (mem)
        fclose(mem);
    if (!o) {
        printf("Could not write %s: %s\n", arg, engine_errmsg(sh->e));
    } else if (!text || atomic_write(arg, text, len) != 0) {
        printf("Could not write %s: %s\n", arg, strerror(errno));
    } else {
        char msg[1024];
        snprintf(msg, sizeof msg, "Wrote the report to %s.", arg);
        say(sh, msg);
    }
    free(text);
    json_decref(answers);
    json_decref(not_asked);
    return 0;
}

/* Loads the rules again into a new engine; on success replays the answers on
 * it, swaps it in and shows what changed. The old rules stay on failure. */
static int cmd_reload(shell *sh, const char *arg)
{
    (void)arg;
    if (sh->safe) {
        say(sh, "reload is turned off in this shell (--safe).");
        return 0;
    }
    engine *e = triage_load_checked((const char *const *)sh->dirs, sh->ndirs, stdout, "  ");
    if (!e) {
        printf("The rules did not reload (the errors above); the rules loaded before stay in "
               "use.\n");
        return 0;
    }
    session *s = session_new(e);
    if (!s) {
        printf("The rules did not reload: %s\n", engine_errmsg(e));
        engine_free(e);
        return 0;
    }
    json_t *old = engine_result(sh->e), *answers = session_answers(sh->s), *kept = json_object();
    const char *k;
    json_t *v;
    json_object_foreach(answers, k, v) {
        if (!engine_question_find(e, k))
            printf("  your answer to %s is dropped: the rules no longer ask it\n", k);
        else if (engine_check_answer(e, k, v) != 0)
            printf("  your answer to %s is dropped: %s\n", k, engine_errmsg(e));
        else
            json_object_set(kept, k, v);
    }
    json_t *memory = session_memory(sh->s);
    const char *bad;
    session_load(s, kept, memory, &bad);
    json_decref(memory);
    json_decref(kept);
    json_decref(answers);
    session_free(sh->s);
    engine_free(sh->e);
    sh->e = e;
    sh->s = s;
    session_set_transcript(s, sh->log);
    if (sh->log) {
        json_t *now_answers = session_answers(s);
        if (transcript_rules(sh->log, e, now_answers) == 0)
            transcript_write(sh->log);
        json_decref(now_answers);
    }
    printf("Reloaded %zu rules (version %.12s).\n", engine_rule_count(e), engine_rules_version(e));
    json_t *now = engine_result(e);
    if (old && now && diff_results(stdout, old, now) == 0)
        say(sh, "Nothing in your result changed.");
    json_decref(old);
    json_decref(now);
    sh->shown = 0;
    next_step(sh);
    return 0;
}

/* The advice as it stands; before the questions are done, only when
 * something already calls for more than the least urgent advice. */
static int result_at(shell *sh, int full)
{
    if (!session_step_now(sh->s)->done) {
        if (!session_so_far(sh->s)) {
            const engine_disposition_info *least = engine_disposition_at(sh->e, 0);
            char buf[512];
            snprintf(buf, sizeof buf, "Nothing so far needs more than to %s, but the questions "
                     "are not finished: the advice comes when they are.",
                     least ? least->action : "?");
            say(sh, buf);
            return 0;
        }
        say(sh, "The questions are not finished. From your answers so far, at least:");
    }
    show_result(sh, full);
    return 0;
}

static int cmd_result(shell *sh, const char *arg)
{
    (void)arg;
    return result_at(sh, 0);
}

static int cmd_plan(shell *sh, const char *arg)
{
    (void)arg;
    return result_at(sh, 1);
}

static int cmd_restart(shell *sh, const char *arg)
{
    (void)arg;
    session_restart(sh->s);
    say(sh, "Starting again.");
    sh->shown = 0;
    next_step(sh);
    return 0;
}

static int cmd_quit(shell *sh, const char *arg)
{
    (void)sh;
    (void)arg;
    return -1;
}

/* The command whose name or alias is the n characters at word, or NULL. */
static const command *command_named(const char *word, size_t n)
{
    for (size_t i = 0; i < sizeof commands / sizeof *commands; i++) {
        const command *c = &commands[i];
        if (n == strlen(c->name) && strncasecmp(word, c->name, n) == 0)
            return c;
        for (const char *a = c->aliases; *a; a = strchr(a, ' ') + 1)
            if ((size_t)(strchr(a, ' ') - a) == n && strncasecmp(word, a, n) == 0)
                return c;
    }
    return NULL;
}

/* Runs a command line; returns 1 when it was one, -1 for quit, 0 otherwise. */
static int command_line(shell *sh, char *line)
{
    int dotted = *line == '.';   /* ".back": the command, whatever the question */
    line += dotted;
    char *arg = line;
    while (*arg && !isspace((unsigned char)*arg))
        arg++;
    size_t n = (size_t)(arg - line);
    while (isspace((unsigned char)*arg))
        arg++;
    while (n > 1 && !*arg && strchr("?!.", line[n - 1]))
        n--;   /* "why?" */
    const command *c = command_named(line, n);
    if (!c)
        return 0;
    /* "back" where a place is asked could be the place: say which is meant */
    const session_step *st = session_step_now(sh->s);
    if (c->run == cmd_back && !dotted && !*arg && !st->done && !st->checklist &&
        (st->items[0]->type == ENGINE_MULTI || st->items[0]->type == ENGINE_CHOICE)) {
        char label[128];
        int named = 0;
        for (size_t i = 0; i < st->items[0]->nvalues && !named; i++)
            named = strstr(answer_label(sh->e, st->items[0], st->items[0]->values[i], label,
                                        sizeof label), "back") != NULL;
        if (named) {
            say(sh, "Do you mean your back (then say which part, by name or number), or the "
                    "command that undoes your last answer (then type .back)?");
            return 1;
        }
    }
    if (c->run(sh, arg) < 0)
        return -1;
    st = session_step_now(sh->s);
    if (c->aside && !st->done && sh->interactive)
        show_step(sh, st);   /* the question is still waiting: show it again */
    return 1;
}

/* ---- line reading ----------------------------------------------------------------- */

static char *complete_candidate(const char *text, int state)
{
    static size_t i, len;
    static const char *list[256];
    static size_t n;
    if (state == 0) {
        n = 0;
        i = 0;
        len = strlen(text);
        shell *sh = completing;
        const session_step *st = sh ? session_step_now(sh->s) : NULL;
        const char *buf = rl_line_buffer;
        if (strncmp(buf, "how ", 4) == 0) {
            list[n++] = "advice";
        } else if (strncmp(buf, "change ", 7) != 0) {
            for (size_t k = 0; k < sizeof commands / sizeof *commands; k++)
                list[n++] = commands[k].name;
            if (st && !st->done && !st->checklist) {
                const engine_question *q = st->items[0];
                if (q->type == ENGINE_YESNO) {
                    list[n++] = "yes";
                    list[n++] = "no";
                }
                for (size_t k = 0; k < q->nvalues && n < 250; k++)
                    list[n++] = q->values[k];
                list[n++] = "not sure";
            } else if (st && st->checklist) {
                list[n++] = "none";
                list[n++] = "not sure";
            }
        }
    }
    while (i < n) {
        const char *c = list[i++];
        if (strncmp(c, text, len) == 0)
            return strdup(c);
    }
    return NULL;
}

static char **complete(const char *text, int start, int end)
{
    (void)start;
    (void)end;
    return rl_completion_matches(text, complete_candidate);
}

#define SHELL_MAX_LINE 8192   /* bytes of a line from a pipe, newline excluded */

/* The next line from a pipe or file (caller frees), or NULL at its end. A
 * line longer than SHELL_MAX_LINE or with a NUL byte in it is refused, never
 * cut short (which could turn "n\0o" into "n"), and the next one read. */
static char *read_piped_line(shell *sh)
{
    char buf[SHELL_MAX_LINE + 1];
    fflush(stdout);   /* a program driving us through pipes sees the question first */
    for (;;) {
        size_t n = 0;
        int c, nul = 0, over = 0;
        while ((c = getc(sh->in)) != EOF && c != '\n') {
            nul |= c == '\0';
            if (n < SHELL_MAX_LINE)
                buf[n++] = (char)c;
            else
                over = 1;
        }
        if (c == EOF && n == 0)
            return NULL;
        if (!nul && !over) {
            buf[n] = '\0';
            return strdup(buf);
        }
        printf("Sorry, that line %s; please type it again.\n",
               over ? "was too long" : "had a NUL byte in it");
        fflush(stdout);
        if (c == EOF)
            return NULL;
    }
}

/* The next line without its newline (caller frees), or NULL at end of input.
 * A Ctrl-C drops the line and returns ""; a second one in a row quits. */
static char *read_line(shell *sh, const char *prompt)
{
    static int sigints;
    if (!sh->interactive)
        return read_piped_line(sh);
    for (;;) {
        got_sigint = 0;
        errno = 0;
        char *line = readline(prompt);
        if (line) {
            sigints = 0;
            return line;
        }
        if (!got_sigint)
            return NULL;
        if (++sigints >= 2) {
            fputc('\n', stdout);
            return NULL;
        }
        printf("\n(Press Ctrl-C again to leave, or type an answer.)\n");
        return strdup("");
    }
}

static void trim(char *s)
{
    size_t n = strlen(s);
    while (n > 0 && isspace((unsigned char)s[n - 1]))
        s[--n] = '\0';
    size_t k = 0;
    while (isspace((unsigned char)s[k]))
        k++;
    memmove(s, s + k, n - k + 1);
}

static void setup_terminal(shell *sh)
{
    setlocale(LC_CTYPE, "");
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_sigint;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sa.sa_handler = on_winch;
    sa.sa_flags = SA_RESTART;
    sigaction(SIGWINCH, &sa, NULL);
    rl_readline_name = "triage";
    rl_attempted_completion_function = complete;
    completing = sh;
    const char *path = getenv("TRIAGE_HISTORY");
    const char *home = getenv("HOME");
    if (path && *path)
        snprintf(sh->history, sizeof sh->history, "%s", path);
    else if (home && *home)
        snprintf(sh->history, sizeof sh->history, "%s/.triage_history", home);
    using_history();
    stifle_history(500);
    if (sh->history[0])
        read_history(sh->history);
}

int shell_main(int argc, char **argv)
{
    rules_dirs rd = { .n = 0 };
    const char *transcript_path = NULL;
    int safe = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            fputs(shell_usage, stdout);
            return TRIAGE_OK;
        } else if (strcmp(a, "--safe") == 0) {
            safe = 1;
        } else if (triage_option(argc, argv, &i, "--transcript", &transcript_path)) {
            if (!transcript_path)
                return TRIAGE_USAGE;
        } else if (triage_rules_option(argc, argv, &i, &rd)) {
            if (rd.bad)
                return TRIAGE_USAGE;
        } else {
            triage_error("unknown argument '%s' (try 'triage ask --help')", a);
            return TRIAGE_USAGE;
        }
    }
    engine *e = triage_open_engine(&rd);
    if (!e)
        return TRIAGE_NO_RULES;
    const char *dirs[16];
    size_t ndirs = triage_resolve_dirs(&rd, dirs, 16);
    int rc = shell_run(&e, dirs, ndirs, stdin, transcript_path, safe);
    engine_free(e);
    return rc;
}

/* Writes the history (commands only, never answers) readable by its owner only. */
static void save_history(shell *sh)
{
    if (!sh->interactive || !sh->history[0])
        return;
    mode_t old = umask(077);
    write_history(sh->history);
    umask(old);
    chmod(sh->history, 0600);
}

int shell_run(engine **ep, const char *const *dirs, size_t ndirs, FILE *in,
              const char *transcript_path, int safe)
{
    engine *e = *ep;
    shell sh;
    memset(&sh, 0, sizeof sh);
    sh.e = e;
    sh.s = session_new(e);
    if (!sh.s) {
        triage_error("cannot start the interview: %s", engine_errmsg(e));
        return TRIAGE_FAILED;
    }
    if (transcript_path) {
        char why[1024];
        if (atomic_may_replace(transcript_path, ATOMIC_TRANSCRIPT, why, sizeof why) != 0) {
            triage_error("%s", why);
            session_free(sh.s);
            return TRIAGE_USAGE;
        }
        sh.log = transcript_new(e, transcript_path, NULL);
        if (!sh.log || transcript_write(sh.log) != 0) {
            triage_error("%s: cannot write the transcript: %s", transcript_path, strerror(errno));
            transcript_free(sh.log);
            session_free(sh.s);
            return TRIAGE_USAGE;
        }
        session_set_transcript(sh.s, sh.log);
    }
    sh.in = in;
    sh.safe = safe;
    sh.ndirs = ndirs < 16 ? ndirs : 16;
    for (size_t i = 0; i < sh.ndirs; i++)
        sh.dirs[i] = strdup(dirs[i]);
    sh.interactive = in == stdin && isatty(STDIN_FILENO);
    sh.color = isatty(STDOUT_FILENO) && !getenv("NO_COLOR");
    sh.width = text_width();
    if (sh.interactive)
        setup_terminal(&sh);

    char greeting[512];
    if (util_fill(greeting, sizeof greeting, engine_wording(sh.e, "greeting"), ""))
        say(&sh, greeting);
    for (size_t i = 0; i < engine_notice_count(sh.e); i++)   /* the rules' own words */
        say(&sh, engine_notice_at(sh.e, i));
    if (sh.interactive)
        say(&sh, "Answer each question, or type help for the commands (why, how, back, ...).");
    next_step(&sh);

    for (;;) {
        const session_step *st = session_step_now(sh.s);
        char *line = read_line(&sh, st->done ? "triage> " : "> ");
        if (!line) {
            if (sh.interactive)
                fputc('\n', stdout);
            break;
        }
        trim(line);
        int c = *line ? command_line(&sh, line) : 0;
        if (sh.interactive && *line && c != 0)
            add_history(line);   /* commands only: answers are health data */
        if (c < 0) {
            free(line);
            break;
        }
        if (c == 0 && *line) {
            if (!session_step_now(sh.s)->done)
                take_answer(&sh, line);
            else
                say(&sh, "The questions are done. To add or correct something, type change and "
                         "a word of the question, also one that was not asked; help lists the "
                         "rest.");
        }
        free(line);
        fflush(stdout);
    }
    save_history(&sh);
    int rc = TRIAGE_OK;
    if (!session_step_now(sh.s)->done) {
        rc = TRIAGE_INCOMPLETE;
        const engine_disposition_info *d = session_so_far(sh.s);
        if (d && d->interview != ENGINE_STOP) {
            say(&sh, "\nThe questions were not finished. From your answers so far, at least:");
            show_result(&sh, 0);
        } else {
            say(&sh, "\nThe questions were not finished, so no advice is given. If you are "
                     "worried, call your doctor, or your emergency number if it is an emergency.");
        }
    }
    session_free(sh.s);
    transcript_free(sh.log);
    *ep = sh.e;
    for (size_t i = 0; i < sh.ndirs; i++)
        free(sh.dirs[i]);
    return rc;
}
