/* ask.c: `triage` / `triage ask`: the question-and-answer shell. One
 * line-reading path for a terminal (libedit: editing, history, completion)
 * and for a pipe (one answer a line, no prompts). Nothing clinical is here:
 * questions, their order and the advice all come from the rules. */
#include "atomic.h"
#include "diff.h"
#include "engine.h"
#include "explain.h"
#include "interview.h"
#include "text.h"
#include "transcript.h"
#include "cli.h"

#include <ctype.h>
#include <errno.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
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

typedef struct command {
    const char *name;
    const char *usage;
    const char *help;
} command;

static const command commands[] = {
    { "why", "why", "why this question is asked; again: one step up the chain" },
    { "how", "how ID", "how a conclusion was reached (try: how disposition)" },
    { "back", "back", "undo your last answer" },
    { "change", "change ID", "answer an earlier question again" },
    { "answers", "answers", "what you have answered so far" },
    { "result", "result", "show the advice as it stands" },
    { "save", "save FILE", "save your answers as a case file (for triage batch)" },
    { "restart", "restart", "forget every answer and start again" },
    { "reload", "reload", "load the rule files again, keep the answers, show what changed" },
    { "help", "help", "this list" },
    { "quit", "quit", "leave (Ctrl-D does too)" },
};

typedef struct shell {
    engine *e;
    interview *iv;
    int interactive;          /* standard input is a terminal */
    int color;                /* standard output is a terminal and NO_COLOR unset */
    int width;
    const engine_question *q; /* the question being asked, or NULL */
    int reasked;              /* a not-sure answer to q was asked again */
    int shown;                /* the result has been shown */
    const engine_rule *why_rule;
    int why_done;
    transcript *log;          /* --transcript, or NULL */
    FILE *in;                 /* where answers come from when not a terminal */
    int safe;                 /* --safe: no command writes a file or loads rules */
    char *dirs[16];           /* the rules directories, for reload */
    size_t ndirs;
    char last_disposition[32];  /* to notice when the urgency rises */
    char history[4096];
} shell;

static volatile sig_atomic_t got_sigint;
static shell *completing;     /* the shell whose question completion reads */

static void on_sigint(int sig)
{
    (void)sig;
    got_sigint = 1;
}

/* ---- output ------------------------------------------------------------------ */

static void say(shell *sh, const char *text)
{
    text_wrap(stdout, "", text, 0, sh->width);
}

static void bold(shell *sh, const char *text)
{
    if (sh->color)
        printf("\033[1m");
    text_wrap(stdout, "", text, 0, sh->width);
    if (sh->color)
        printf("\033[0m");
}

static void words(char *buf, size_t len, const char *id)
{
    snprintf(buf, len, "%s", id);
    for (char *p = buf; *p; p++)
        if (*p == '_')
            *p = ' ';
}

static void hint(shell *sh, const engine_question *q)
{
    char buf[1024], w[64];
    size_t n = 0;
    switch (q->type) {
    case ENGINE_YESNO:
        snprintf(buf, sizeof buf, "(yes / no / not sure)");
        break;
    case ENGINE_INTEGER:
        snprintf(buf, sizeof buf, "(a number from %lld to %lld, or not sure)", q->min, q->max);
        break;
    case ENGINE_CHOICE:
    case ENGINE_MULTI:
        n = (size_t)snprintf(buf, sizeof buf, "(");
        for (size_t i = 0; i < q->nvalues && n < sizeof buf; i++) {
            words(w, sizeof w, q->values[i]);
            if (q->type == ENGINE_MULTI)
                n += (size_t)snprintf(buf + n, sizeof buf - n, "%zu %s, ", i + 1, w);
            else
                n += (size_t)snprintf(buf + n, sizeof buf - n, "%s / ", w);
        }
        if (n < sizeof buf)
            snprintf(buf + n, sizeof buf - n, "%s",
                     q->type == ENGINE_MULTI ? "or not sure; give every one that applies, "
                                               "by name or number)"
                                             : "not sure)");
        break;
    }
    say(sh, buf);
}

static void ask(shell *sh)
{
    fputc('\n', stdout);
    bold(sh, sh->q->prompt);
    hint(sh, sh->q);
}

static json_t *current_result(shell *sh)
{
    json_t *res = engine_result(sh->e);
    if (!res)
        triage_error("%s", engine_errmsg(sh->e));
    return res;
}

static void show_result(shell *sh)
{
    json_t *res = current_result(sh);
    if (!res)
        return;
    if (sh->log) {
        json_t *answers = interview_answers(sh->iv);
        if (transcript_result(sh->log, answers, res) != 0 || transcript_write(sh->log) != 0)
            triage_error("cannot write the transcript: %s", strerror(errno));
        json_decref(answers);
    }
    fputc('\n', stdout);
    text_result(stdout, res, sh->width);
    json_decref(res);
    sh->shown = 1;
    if (sh->interactive)
        say(sh, "\nType how disposition, how ID, change ID, save FILE or quit.");
}

/* ---- answers -------------------------------------------------------------------- */

static int is_not_sure(const char *s)
{
    static const char *const forms[] = { "unknown", "not sure", "notsure", "don't know",
                                         "dont know", "?", "u", NULL };
    for (size_t i = 0; forms[i]; i++)
        if (strcasecmp(s, forms[i]) == 0)
            return 1;
    return 0;
}

/* The value a typed line stands for; NULL with *why set when it cannot be one. */
static json_t *parse_answer(const engine_question *q, const char *line, const char **why)
{
    if (is_not_sure(line))
        return json_string("unknown");
    switch (q->type) {
    case ENGINE_YESNO:
        if (strcasecmp(line, "yes") == 0 || strcasecmp(line, "y") == 0)
            return json_string("yes");
        if (strcasecmp(line, "no") == 0 || strcasecmp(line, "n") == 0)
            return json_string("no");
        *why = "please answer yes, no or not sure";
        return NULL;
    case ENGINE_INTEGER: {
        char *end;
        errno = 0;
        long long v = strtoll(line, &end, 10);
        if (end == line || *end != '\0' || errno == ERANGE) {
            *why = "please give a whole number, or not sure";
            return NULL;
        }
        return json_integer(v);
    }
    case ENGINE_CHOICE: {
        const char *match = NULL;
        size_t n = strlen(line);
        for (size_t i = 0; i < q->nvalues; i++) {
            if (strcasecmp(q->values[i], line) == 0)
                return json_string(q->values[i]);
            if (strncasecmp(q->values[i], line, n) == 0)
                match = match ? "" : q->values[i];
        }
        if (match && *match)
            return json_string(match);
        *why = "please give one of the choices shown, or not sure";
        return NULL;
    }
    case ENGINE_MULTI: {
        json_t *arr = json_array();
        char buf[512];
        snprintf(buf, sizeof buf, "%s", line);
        if (strcasecmp(buf, "none") == 0)
            return arr;
        for (char *tok = strtok(buf, " ,;"); tok; tok = strtok(NULL, " ,;")) {
            const char *value = NULL;
            char *end;
            long k = strtol(tok, &end, 10);
            if (*end == '\0' && k >= 1 && (size_t)k <= q->nvalues)
                value = q->values[k - 1];
            for (size_t i = 0; !value && i < q->nvalues; i++)
                if (strcasecmp(q->values[i], tok) == 0)
                    value = q->values[i];
            if (!value) {
                json_decref(arr);
                *why = "please give places from the list, by name or number";
                return NULL;
            }
            json_t *v = json_string(value);
            size_t j;
            json_t *x;
            int dup = 0;
            json_array_foreach(arr, j, x)
                dup |= json_equal(x, v);
            if (dup)
                json_decref(v);
            else
                json_array_append_new(arr, v);
        }
        return arr;
    }
    }
    return NULL;
}

/* When the urgency has risen above self-care mid-interview, says so at once. */
static void note_urgency(shell *sh)
{
    const char *d = engine_disposition(sh->e);
    if (!d || strcmp(d, sh->last_disposition) == 0)
        return;
    snprintf(sh->last_disposition, sizeof sh->last_disposition, "%s", d);
    if (strcmp(d, "urgent") != 0 && strcmp(d, "soon") != 0)
        return;
    json_t *res = engine_result(sh->e);
    if (!res)
        return;
    char buf[512];
    snprintf(buf, sizeof buf, "So far: %s. The remaining questions check for anything more "
             "urgent and for what is behind the pain; type result to see the advice now.",
             json_string_value(json_object_get(res, "title")));
    fputc('\n', stdout);
    bold(sh, buf);
    json_decref(res);
}

static void next_question(shell *sh)
{
    note_urgency(sh);
    sh->q = interview_next(sh->iv);
    sh->reasked = 0;
    sh->why_rule = NULL;
    sh->why_done = 0;
    if (interview_is_settled(sh->iv)) {
        sh->q = NULL;
        show_result(sh);
        return;
    }
    if (sh->q)
        ask(sh);
    else if (!sh->shown)
        show_result(sh);
}

static void take_answer(shell *sh, const char *line)
{
    const char *why = NULL;
    json_t *v = parse_answer(sh->q, line, &why);
    if (!v) {
        printf("Sorry, %s.\n", why);
        return;
    }
    int unsure = json_is_string(v) && strcmp(json_string_value(v), "unknown") == 0;
    if (unsure && sh->q->unknown_means_yes && !sh->reasked) {
        json_decref(v);
        sh->reasked = 1;
        say(sh, "This one matters: if it cannot be ruled out, it has to be treated as yes. "
                "Please think again: yes, no, or still not sure?");
        return;
    }
    if (interview_answer(sh->iv, sh->q, v) != 0) {
        printf("Sorry, %s.\n", engine_errmsg(sh->e));
        json_decref(v);
        return;
    }
    json_decref(v);
    if (unsure && sh->q->unknown_means_yes)
        say(sh, "Taken as yes, because a dangerous cause cannot be ruled out.");
    sh->shown = 0;
    next_question(sh);
}

/* ---- commands -------------------------------------------------------------------- */

static void cmd_help(shell *sh)
{
    (void)sh;
    printf("Commands (at any prompt):\n");
    for (size_t i = 0; i < sizeof commands / sizeof *commands; i++)
        printf("  %-12s %s\n", commands[i].usage, commands[i].help);
    printf("Answers: yes, no, a number, a choice, or \"not sure\".\n");
}

static int rule_uses(const engine_rule *r, const char *ref)
{
    for (size_t i = 0; i < r->nuses; i++)
        if (strcmp(r->uses[i], ref) == 0)
            return 1;
    return 0;
}

static const engine_rule *first_rule_using(engine *e, const char *ref)
{
    for (size_t i = 0; i < engine_rule_count(e); i++)
        if (rule_uses(engine_rule_at(e, i), ref))
            return engine_rule_at(e, i);
    return NULL;
}

static void print_rule(shell *sh, const char *lead, const engine_rule *r)
{
    char buf[1024];
    snprintf(buf, sizeof buf, "%s rule %s: %s. (Source: %s)", lead, r->name, r->says,
             *r->source ? r->source : "none given");
    say(sh, buf);
}

static void cmd_why(shell *sh)
{
    if (!sh->q) {
        say(sh, "No question is being asked. Try: how disposition.");
        return;
    }
    if (sh->why_done) {
        say(sh, "That is the top of the chain: it decides how urgently you need care, "
                "or what goes in your plan.");
        return;
    }
    char ref[160];
    if (!sh->why_rule) {
        snprintf(ref, sizeof ref, "answer:%s", sh->q->id);
        sh->why_rule = first_rule_using(sh->e, ref);
        if (!sh->why_rule) {
            say(sh, "No rule uses this question directly.");
            sh->why_done = 1;
            return;
        }
        print_rule(sh, "This question is asked for", sh->why_rule);
        if (*sh->q->help)
            say(sh, sh->q->help);
        return;
    }
    const engine_rule *r = sh->why_rule;
    for (size_t i = 0; i < r->nconcludes; i++) {
        const char *c = r->concludes[i];
        if (strncmp(c, "trigger:", 8) == 0) {
            printf("It reaches trigger %s, which decides how urgently you need care.\n", c + 8);
            sh->why_done = 1;
            return;
        }
        if (strncmp(c, "recommend:", 10) == 0 || strncmp(c, "caution:", 8) == 0) {
            printf("It decides what goes in your plan (%s).\n", c);
            sh->why_done = 1;
            return;
        }
        const engine_rule *up = first_rule_using(sh->e, c);
        if (up && up != r) {
            printf("It concludes %s, used by:\n", c);
            print_rule(sh, "", up);
            sh->why_rule = up;
            return;
        }
    }
    say(sh, "That is the top of the chain.");
    sh->why_done = 1;
}

static void cmd_how(shell *sh, const char *arg)
{
    if (!*arg) {
        say(sh, "usage: how ID (for example: how disposition, how tight_hamstrings)");
        return;
    }
    json_t *res = current_result(sh);
    if (!res)
        return;
    if (explain_how(stdout, res, arg, sh->width) != 0)
        printf("Nothing called %s has been concluded so far.\n", arg);
    json_decref(res);
}

static void cmd_answers(shell *sh)
{
    json_t *a = interview_answers(sh->iv);
    if (json_object_size(a) == 0)
        say(sh, "No answers yet.");
    const char *k;
    json_t *v;
    json_object_foreach(a, k, v) {
        char *s = json_dumps(v, JSON_ENCODE_ANY);
        printf("  %-28s %s\n", k, s ? s : "?");
        free(s);
    }
    json_decref(a);
}

static void cmd_back(shell *sh)
{
    const engine_question *undone;
    if (interview_back(sh->iv, &undone) != 0) {
        say(sh, "There is nothing to undo.");
        return;
    }
    printf("Undid your answer to: %s\n", undone->id);
    sh->shown = 0;
    next_question(sh);
}

static void cmd_change(shell *sh, const char *arg)
{
    const engine_question *q = *arg ? engine_question_find(sh->e, arg) : NULL;
    if (!q) {
        say(sh, *arg ? "There is no question with that id. Type answers to see the ids."
                     : "usage: change ID (type answers to see the ids)");
        return;
    }
    sh->q = q;
    sh->reasked = 0;
    sh->why_rule = NULL;
    sh->why_done = 0;
    ask(sh);
}

static void cmd_save(shell *sh, const char *arg)
{
    if (sh->safe) {
        say(sh, "save is turned off in this shell (--safe).");
        return;
    }
    if (!*arg) {
        say(sh, "usage: save FILE");
        return;
    }
    json_t *c = json_pack("{s:s, s:o}", "id", "session", "answers", interview_answers(sh->iv));
    char *s = json_dumps(c, JSON_COMPACT);
    json_decref(c);
    if (!s || atomic_write_line(arg, s) != 0)
        printf("Could not save to %s: %s\n", arg, strerror(errno));
    else
        printf("Saved your answers to %s (triage batch %s reads it).\n", arg, arg);
    free(s);
}

/* Loads the rules again into a new engine; on success replays the answers on
 * it, swaps it in and shows what changed. The old rules stay on failure. */
static void cmd_reload(shell *sh)
{
    if (sh->safe) {
        say(sh, "reload is turned off in this shell (--safe).");
        return;
    }
    engine *e = triage_load_checked((const char *const *)sh->dirs, sh->ndirs, stdout, "  ");
    if (!e) {
        printf("The rules did not reload (the errors above); the rules loaded before stay in "
               "use.\n");
        return;
    }
    interview *iv = interview_new(e);
    if (!iv) {
        printf("The rules did not reload: %s\n", engine_errmsg(e));
        engine_free(e);
        return;
    }
    json_t *old = engine_result(sh->e), *answers = interview_answers(sh->iv);
    const char *k;
    json_t *v;
    json_object_foreach(answers, k, v) {
        const engine_question *q = engine_question_find(e, k);
        if (!q)
            printf("  your answer to %s is dropped: the rules no longer ask it\n", k);
        else if (interview_answer(iv, q, v) != 0)
            printf("  your answer to %s is dropped: %s\n", k, engine_errmsg(e));
    }
    json_decref(answers);
    interview_set_transcript(sh->iv, NULL);
    interview_free(sh->iv);
    engine_free(sh->e);
    sh->e = e;
    sh->iv = iv;
    interview_set_transcript(iv, sh->log);
    printf("Reloaded %zu rules (version %.12s).\n", engine_rule_count(e), engine_rules_version(e));
    json_t *now = engine_result(e);
    if (old && now && diff_results(stdout, old, now) == 0)
        say(sh, "Nothing in your result changed.");
    json_decref(old);
    json_decref(now);
    sh->shown = 0;
    next_question(sh);
}

/* Runs a command line; returns 1 when it was one, -1 for quit, 0 otherwise. */
static int command_line(shell *sh, char *line)
{
    if (*line == '.')
        line++;
    char *arg = line;
    while (*arg && !isspace((unsigned char)*arg))
        arg++;
    size_t n = (size_t)(arg - line);
    while (isspace((unsigned char)*arg))
        arg++;
#define IS(word) (n == strlen(word) && strncasecmp(line, word, n) == 0)
    if (IS("quit") || IS("exit"))
        return -1;
    if (IS("help") || IS("commands"))
        cmd_help(sh);
    else if (IS("why"))
        cmd_why(sh);
    else if (IS("how"))
        cmd_how(sh, arg);
    else if (IS("back") || IS("undo"))
        cmd_back(sh);
    else if (IS("change"))
        cmd_change(sh, arg);
    else if (IS("answers"))
        cmd_answers(sh);
    else if (IS("result"))
        show_result(sh);
    else if (IS("save"))
        cmd_save(sh, arg);
    else if (IS("reload"))
        cmd_reload(sh);
    else if (IS("restart")) {
        interview_restart(sh->iv);
        say(sh, "Starting again.");
        sh->shown = 0;
        next_question(sh);
    } else
        return 0;
#undef IS
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
        const char *buf = rl_line_buffer;
        int after_command = strncmp(buf, "change ", 7) == 0 || strncmp(buf, "how ", 4) == 0;
        if (after_command) {
            for (size_t k = 0; sh && k < engine_question_count(sh->e) && n < 200; k++)
                list[n++] = engine_question_at(sh->e, k)->id;
            if (strncmp(buf, "how ", 4) == 0)
                list[n++] = "disposition";
        } else {
            for (size_t k = 0; k < sizeof commands / sizeof *commands; k++)
                list[n++] = commands[k].name;
            if (sh && sh->q) {
                if (sh->q->type == ENGINE_YESNO) {
                    list[n++] = "yes";
                    list[n++] = "no";
                }
                for (size_t k = 0; k < sh->q->nvalues && n < 250; k++)
                    list[n++] = sh->q->values[k];
                list[n++] = "unknown";
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

int shell_run(engine **ep, const char *const *dirs, size_t ndirs, FILE *in,
              const char *transcript_path, int safe)
{
    engine *e = *ep;
    shell sh;
    memset(&sh, 0, sizeof sh);
    snprintf(sh.last_disposition, sizeof sh.last_disposition, "self_care");
    sh.e = e;
    sh.iv = interview_new(e);
    if (!sh.iv) {
        triage_error("cannot start the interview: %s", engine_errmsg(e));
        return TRIAGE_FAILED;
    }
    if (transcript_path) {
        sh.log = transcript_new(e, transcript_path, NULL);
        if (!sh.log || transcript_write(sh.log) != 0) {
            triage_error("%s: cannot write the transcript: %s", transcript_path, strerror(errno));
            transcript_free(sh.log);
            interview_free(sh.iv);
            return TRIAGE_USAGE;
        }
        interview_set_transcript(sh.iv, sh.log);
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

    say(&sh, "triage: questions about your back pain, the most serious first. "
             "This is not a diagnosis. If you have numbness around the groin, lose control "
             "of your bladder or bowel, or a leg is getting weaker, call your emergency "
             "number now.");
    if (sh.interactive)
        say(&sh, "Answer each question, or type help for the commands (why, how, back, ...).");
    next_question(&sh);

    for (;;) {
        char *line = read_line(&sh, sh.q ? "> " : "triage> ");
        if (!line) {
            if (sh.interactive)
                fputc('\n', stdout);
            break;
        }
        trim(line);
        if (sh.interactive && *line)
            add_history(line);
        int c = *line ? command_line(&sh, line) : 0;
        if (c < 0) {
            free(line);
            break;
        }
        if (c == 0 && *line) {
            if (sh.q)
                take_answer(&sh, line);
            else
                say(&sh, "The questions are done. Type help for what you can do next.");
        }
        free(line);
        fflush(stdout);
    }
    if (sh.interactive && sh.history[0])
        write_history(sh.history);
    if (sh.q) {
        const char *d = engine_disposition(e);
        if (d && strcmp(d, sh.last_disposition) == 0 && strcmp(d, "self_care") != 0 &&
            strcmp(d, "emergency") != 0) {
            say(&sh, "\nThe questions were not finished. From your answers so far, at least:");
            show_result(&sh);
        } else {
            say(&sh, "\nThe questions were not finished, so no advice is given. If you are "
                     "worried, call your doctor, or your emergency number if it is an emergency.");
        }
    }
    interview_free(sh.iv);
    transcript_free(sh.log);
    *ep = sh.e;
    for (size_t i = 0; i < sh.ndirs; i++)
        free(sh.dirs[i]);
    return TRIAGE_OK;
}
