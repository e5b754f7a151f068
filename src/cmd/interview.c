/* interview.c: `triage interview --case FILE`: plays the shell's interview
 * with each answer taken from a case, so a clinician sees the question flow
 * of a vignette. */
#include "atomic.h"
#include "cases.h"
#include "engine.h"
#include "session.h"
#include "text.h"
#include "transcript.h"
#include "cli.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char interview_usage[] =
    "usage: triage interview --case FILE [--format text|json] [--transcript FILE]\n"
    "                        [--rules DIR]...\n"
    "\n"
    "Plays the interactive interview on each case of FILE (one JSON case a line,\n"
    "or one JSON object), answering every step (a question or a checklist) from\n"
    "the case. A question the case does not answer is left unanswered, as in\n"
    "triage batch. Prints each question asked with its answer, then the result.\n"
    "\n"
    "  --format text   for a person (the default)\n"
    "  --format json   one object a case: {\"id\", \"prompt_count\": N,\n"
    "                  \"prompts\": [{\"prompt\", \"questions\": [ids], \"checklist\", \"again\"}],\n"
    "                  \"questions\": N, \"asked\": [{\"id\", \"answer\"}],\n"
    "                  \"not_asked\": [ids], \"result\": {...}}\n"
    "  --transcript FILE  write the session transcript (FILE must hold one case)\n"
    "\n"
    "Exit status: 0 every case played, 1 a case was in error, 2 usage error,\n"
    "3 the rules failed to load.\n";

/* Plays one case through a session, each step answered from the case (an
 * item the case lacks is left unanswered), recording it in log when not NULL;
 * returns its output object (new ref) and sets *failed. */
static json_t *play(session *s, const json_t *c, transcript *log, int *failed)
{
    *failed = 1;
    const json_t *id = json_object_get(c, "id");
    const json_t *answers = json_object_get(c, "answers");
    if (!json_is_object(c))
        return cases_error(NULL, NULL, "a case must be a JSON object");
    if (answers && !json_is_object(answers))
        return cases_error(id, "answers", "\"answers\" must be an object of answer id to value");
    engine *e = session_engine(s);
    const char *key;
    json_t *v;
    json_object_foreach((json_t *)answers, key, v)
        if (!engine_question_find(e, key))
            return cases_error(id, key, "unknown question id");
        else if (engine_check_answer(e, key, v) != 0)
            return cases_error(id, key, engine_errmsg(e));
    session_restart(s);
    session_set_transcript(s, log);
    const session_step *st;
    while (!(st = session_step_now(s))->done) {
        json_t *step = json_object();
        for (size_t i = 0; i < st->nitems; i++) {
            const json_t *a = json_object_get(answers, st->items[i]->id);
            json_object_set(step, st->items[i]->id, a ? (json_t *)a : json_null());
        }
        int rc = session_answer(s, step, NULL);
        json_decref(step);
        if (rc != 0) {
            session_set_transcript(s, NULL);
            return cases_error(id, NULL, session_errmsg(s));
        }
    }
    json_t *res = log ? session_result(s) : engine_result(e);
    session_set_transcript(s, NULL);
    if (!res)
        return cases_error(id, NULL, engine_errmsg(e));
    json_t *asked = session_asked(s), *prompts = session_prompts(s);
    json_t *out = json_pack("{s:O, s:I, s:o, s:I, s:o, s:o, s:o}", "id", id ? id : json_null(),
                            "prompt_count", (json_int_t)json_array_size(prompts), "prompts",
                            prompts, "questions", (json_int_t)json_array_size(asked), "asked",
                            asked, "not_asked", session_not_asked(s), "result", res);
    *failed = 0;
    return out;
}

static void print_text(const engine *e, const json_t *out, int width)
{
    if (json_object_get(out, "error")) {
        text_result(stdout, e, out, width);
        return;
    }
    char *id = json_dumps(json_object_get(out, "id"), JSON_ENCODE_ANY);
    printf("Interview %s: %lld prompts, %lld questions asked\n", id ? id : "?",
           (long long)json_integer_value(json_object_get(out, "prompt_count")),
           (long long)json_integer_value(json_object_get(out, "questions")));
    free(id);
    size_t i;
    json_t *a;
    json_array_foreach(json_object_get(out, "asked"), i, a) {
        const json_t *v = json_object_get(a, "answer");
        char *s = json_is_null(v) ? NULL : json_dumps(v, JSON_ENCODE_ANY);
        printf("  %2zu. %-28s %s\n", i + 1, json_string_value(json_object_get(a, "id")),
               s ? s : "(not in the case: left unanswered)");
        free(s);
    }
    fputc('\n', stdout);
    text_result(stdout, e, json_object_get(out, "result"), width);
}

int interview_main(int argc, char **argv)
{
    rules_dirs rd = { .n = 0 };
    const char *path = NULL, *tpath = NULL;
    int json = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *v;
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            fputs(interview_usage, stdout);
            return TRIAGE_OK;
        } else if (triage_rules_option(argc, argv, &i, &rd)) {
            if (rd.bad)
                return TRIAGE_USAGE;
        } else if (triage_option(argc, argv, &i, "--transcript", &tpath)) {
            if (!tpath)
                return TRIAGE_USAGE;
        } else if (triage_option(argc, argv, &i, "--case", &path)) {
            if (!path)
                return TRIAGE_USAGE;
        } else if (triage_option(argc, argv, &i, "--format", &v)) {
            if (v && (strcmp(v, "json") == 0 || strcmp(v, "text") == 0)) {
                json = strcmp(v, "json") == 0;
            } else {
                triage_error("--format takes text or json");
                return TRIAGE_USAGE;
            }
        } else {
            triage_error("unknown argument '%s' (try 'triage interview --help')", a);
            return TRIAGE_USAGE;
        }
    }
    if (!path) {
        triage_error("interview needs --case FILE (try 'triage interview --help')");
        return TRIAGE_USAGE;
    }
    char err[600];
    json_t *all = cases_read_file(path, err, sizeof err);
    if (!all) {
        triage_error("%s", err);
        return TRIAGE_USAGE;
    }
    char why[4608];
    if (tpath && atomic_may_replace(tpath, ATOMIC_TRANSCRIPT, why, sizeof why) != 0) {
        triage_error("%s", why);
        json_decref(all);
        return TRIAGE_USAGE;
    }
    if (tpath && json_array_size(all) != 1) {
        triage_error("--transcript records one case, and %s holds %zu", path,
                     json_array_size(all));
        json_decref(all);
        return TRIAGE_USAGE;
    }
    engine *e = triage_open_engine(&rd);
    if (!e) {
        json_decref(all);
        return TRIAGE_NO_RULES;
    }
    session *iv = session_new(e);
    if (!iv) {
        triage_error("cannot start the interview: %s", engine_errmsg(e));
        engine_free(e);
        json_decref(all);
        return TRIAGE_FAILED;
    }
    int width = text_width(), any_failed = 0;
    size_t i;
    json_t *c;
    json_array_foreach(all, i, c) {
        int failed = 1;
        transcript *log = tpath ? transcript_new(e, tpath, json_object_get(c, "id")) : NULL;
        if (tpath && !log) {
            triage_error("%s: cannot write the transcript: %s", tpath, strerror(errno));
            any_failed = 1;
            continue;
        }
        json_t *out = json_object_get(c, "error") ? json_incref(c) : play(iv, c, log, &failed);
        transcript_free(log);
        any_failed |= failed;
        if (json) {
            char *s = json_dumps(out, JSON_COMPACT | JSON_REAL_PRECISION(6));
            if (s)
                puts(s);
            free(s);
        } else {
            if (i > 0)
                fputc('\n', stdout);
            print_text(session_engine(iv), out, width);
        }
        json_decref(out);
    }
    session_free(iv);
    engine_free(e);
    json_decref(all);
    return any_failed ? TRIAGE_FAILED : TRIAGE_OK;
}
