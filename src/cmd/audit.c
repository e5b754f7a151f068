/* audit.c: `triage audit TRANSCRIPT`: what happened in a recorded session
 * (every result shown, and what changed between them), the reasoning of the
 * last result as a numbered tree, or, for a session left unfinished, what was
 * known when it ended and what would have been asked next; then a replay of
 * the answers on the rules loaded now, with the rules that changed and the
 * conclusions they moved. */
#include "cases.h"
#include "diff.h"
#include "engine.h"
#include "explain.h"
#include "session.h"
#include "text.h"
#include "transcript.h"
#include "cli.h"

#include <libgen.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char audit_usage[] =
    "usage: triage audit [--rules DIR]... TRANSCRIPT\n"
    "\n"
    "Audits a session transcript (triage --transcript, triage interview\n"
    "--transcript, triage batch --transcripts). Lists every result shown during\n"
    "the session and what changed between one and the next (answers and\n"
    "conclusions), then shows the reasoning of the last result as a numbered\n"
    "tree, from the disposition (every trigger that fired, those that decide it\n"
    "marked) and each recommendation down to the answers, each step with its\n"
    "rule, what the rule says, its source and its tests with the answers that\n"
    "met them (pain_severity >= 7, answered 8).\n"
    "\n"
    "A session that ended without a result (left early, or changed after its\n"
    "last result) is audited as unfinished: the answers known when it ended,\n"
    "the result as it stood (replayed on the recorded rules when their files\n"
    "are still there unchanged, else on the rules loaded now, and it says\n"
    "which) and the question that would have come next.\n"
    "\n"
    "Then the answers are replayed on the rules loaded now (--rules, as for\n"
    "every command): which rule files changed, each rule that changed with its\n"
    "old and new conditions, and each conclusion that appears, disappears or\n"
    "changes with the rule responsible.\n"
    "\n"
    "Exit status: 0 the replay matches, 1 it differs, 2 usage error or a\n"
    "damaged or foreign transcript (the line at fault is named), 3 the rules\n"
    "failed to load, 4 the session was unfinished.\n";

typedef struct audit {
    const char *path;
    json_t *header, *events;
    engine *now;              /* the rules loaded now */
    engine *recorded;         /* the recorded rules, loaded again, or NULL */
    char recorded_why[512];   /* why they could not be, when not */
    int width;
} audit;

static const char *str(const json_t *o, const char *key)
{
    const char *s = json_string_value(json_object_get(o, key));
    return s ? s : "?";
}

static const char *kind_of(const json_t *ev)
{
    return str(ev, "event");
}

/* An answer as the explanation writes it: list items separated by spaces. */
static void value_words(const json_t *v, char *buf, size_t len)
{
    if (json_is_string(v)) {
        snprintf(buf, len, "%s", json_string_value(v));
    } else if (json_is_array(v)) {
        size_t i, pos = 0;
        json_t *x;
        buf[0] = '\0';
        json_array_foreach(v, i, x)
            if (pos < len)
                pos += (size_t)snprintf(buf + pos, len - pos, "%s%s", i ? " " : "",
                                        json_is_string(x) ? json_string_value(x) : "?");
        if (json_array_size(v) == 0)
            snprintf(buf, len, "(none)");
    } else {
        char *s = json_dumps(v, JSON_ENCODE_ANY | JSON_COMPACT);
        snprintf(buf, len, "%s", s ? s : "?");
        free(s);
    }
}

/* Writes "age = 34, fever = no, ..." wrapped after first. */
static void write_answers(audit *a, const char *first, const json_t *answers)
{
    char *line = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&line, &len);
    if (!m)
        return;
    const char *k;
    json_t *v;
    int any = 0;
    json_object_foreach((json_t *)answers, k, v) {
        char w[512];
        value_words(v, w, sizeof w);
        fprintf(m, "%s%s = %s", any++ ? ", " : "", k, w);
    }
    if (!any)
        fputs("none", m);
    fclose(m);
    text_wrap(stdout, first, line, (int)strlen(first), a->width);
    free(line);
}

/* Writes how the answers moved from before to after, one line each. */
static int write_answer_changes(const char *indent, const json_t *before, const json_t *after)
{
    int n = 0;
    const char *k;
    json_t *v;
    char w1[512], w2[512];
    json_object_foreach((json_t *)after, k, v) {
        const json_t *old = json_object_get(before, k);
        if (old && json_equal(old, v))
            continue;
        value_words(v, w2, sizeof w2);
        if (old) {
            value_words(old, w1, sizeof w1);
            printf("%sanswer %s: %s -> %s\n", indent, k, w1, w2);
        } else {
            printf("%sanswer %s: %s (new)\n", indent, k, w2);
        }
        n++;
    }
    json_object_foreach((json_t *)before, k, v)
        if (!json_object_get(after, k)) {
            value_words(v, w1, sizeof w1);
            printf("%sanswer %s: %s (taken back)\n", indent, k, w1);
            n++;
        }
    return n;
}

/* diff_results_because() with each line indented a little more. */
static int write_diff(const char *indent, const json_t *old, const json_t *now,
                      const json_t *changed)
{
    char *text = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&text, &len);
    if (!m)
        return 0;
    int n = diff_results_because(m, old, now, changed);
    fclose(m);
    for (char *p = text; p && *p;) {
        char *nl = strchr(p, '\n');
        size_t l = nl ? (size_t)(nl - p) : strlen(p);
        printf("%s%.*s\n", indent, (int)l, p);
        p += l + (nl ? 1 : 0);
    }
    free(text);
    return n;
}

/* The rules in force after the first n events: the last rules event among
 * them, else the header. */
static const json_t *rules_at(const audit *a, size_t n)
{
    const json_t *r = a->header;
    for (size_t i = 0; i < n && i < json_array_size(a->events); i++)
        if (strcmp(kind_of(json_array_get(a->events, i)), "rules") == 0)
            r = json_array_get(a->events, i);
    return r;
}

/* Loads the rule files a transcript names (by the directories they were
 * loaded from), and keeps them only when they are those files still: the same
 * rules_version. NULL, with why, otherwise. */
static engine *load_recorded(const json_t *rules, char *why, size_t whylen)
{
    const char *dirs[16];
    char *copies[16];
    size_t nd = 0, i;
    json_t *f;
    json_array_foreach(json_object_get(rules, "rule_files"), i, f) {
        const char *p = json_string_value(json_object_get(f, "path"));
        if (!p) {
            snprintf(why, whylen, "the transcript does not say where its rule files were");
            for (size_t k = 0; k < nd; k++)
                free(copies[k]);
            return NULL;
        }
        char *c = strdup(p);
        const char *d = c ? dirname(c) : NULL;
        int dup = 0;
        for (size_t k = 0; k < nd && d; k++)
            dup |= strcmp(dirs[k], d) == 0;
        if (!d || dup || nd == 16) {
            free(c);
            continue;
        }
        copies[nd] = c;
        dirs[nd++] = d;
    }
    engine *e = nd ? engine_new() : NULL;
    if (e)
        engine_set_image_dir(e, triage_image_dir());
    int ok = e && engine_load(e, dirs, nd) == 0;
    if (!nd)
        snprintf(why, whylen, "the transcript names no rule files");
    else if (!ok)
        snprintf(why, whylen, "the recorded rule files no longer load from %s", dirs[0]);
    else if (strcmp(engine_rules_version(e), str(rules, "rules_version")) != 0)
        snprintf(why, whylen, "the recorded rule files in %s have changed since", dirs[0]);
    for (size_t k = 0; k < nd; k++)
        free(copies[k]);
    if (ok && strcmp(engine_rules_version(e), str(rules, "rules_version")) == 0)
        return e;
    engine_free(e);
    return NULL;
}

/* A new session on e holding answers, as the shell would hold them after
 * those events (session_load(): the same next step as a session answered step
 * by step); an answer these rules cannot take is dropped, and said. NULL when
 * out of memory. */
static session *replay(engine *e, const json_t *answers, const char *indent)
{
    session *s = session_new(e);
    json_t *a = json_deep_copy(answers);
    /* a not-sure answer is written only once the shell has taken it (asked
     * once more, or on its own out of a checklist) */
    json_t *unsure = json_array();
    const char *k;
    json_t *v;
    json_object_foreach(a, k, v)
        if (json_is_string(v) && strcmp(json_string_value(v), "unknown") == 0)
            json_array_append_new(unsure, json_string(k));
    json_t *memory = json_pack("{s:O, s:O}", "asked_again", unsure, "asked_alone", unsure);
    json_decref(unsure);
    const char *bad = NULL;
    while (s && a && session_load(s, a, memory, &bad) != 0) {
        if (!bad || !json_object_get(a, bad)) {
            printf("%s(the answers could not be replayed: %s)\n", indent, session_errmsg(s));
            break;
        }
        printf("%s(answer %s dropped: %s)\n", indent, bad, session_errmsg(s));
        json_object_del(a, bad);
    }
    json_decref(a);
    json_decref(memory);
    if (s)
        engine_run(e);
    return s;
}

/* Writes the step a session would show next: one question, or a checklist. */
static void write_step(audit *a, const char *indent, const session_step *st)
{
    char line[2048];
    if (st->checklist) {
        size_t pos = (size_t)snprintf(line, sizeof line, "the checklist %s (\"%s\"):",
                                      st->checklist->id, st->checklist->prompt);
        for (size_t i = 0; i < st->nitems && pos < sizeof line; i++)
            pos += (size_t)snprintf(line + pos, sizeof line - pos, "%s %s", i ? "," : "",
                                    st->items[i]->id);
    } else {
        snprintf(line, sizeof line, "%s (\"%s\")%s", st->items[0]->id, st->items[0]->prompt,
                 st->again ? ", asked once more after a not-sure answer" : "");
    }
    text_wrap(stdout, indent, line, (int)strlen(indent), a->width);
}

/* ---- rules that changed ----------------------------------------------------------- */

static void join(char *buf, size_t len, const char *const *v, size_t n, const char *none)
{
    size_t pos = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < n && pos < len; i++)
        pos += (size_t)snprintf(buf + pos, len - pos, "%s%s", i ? "; " : "", v[i]);
    if (n == 0)
        snprintf(buf, len, "%s", none);
}

static void join_json(char *buf, size_t len, const json_t *arr, const char *none)
{
    size_t i, pos = 0;
    json_t *v;
    buf[0] = '\0';
    json_array_foreach(arr, i, v)
        if (pos < len)
            pos += (size_t)snprintf(buf + pos, len - pos, "%s%s", i ? "; " : "",
                                    json_string_value(v));
    if (json_array_size(arr) == 0)
        snprintf(buf, len, "%s", none);
}

static int same_list(const char *const *a, size_t na, const char *const *b, size_t nb)
{
    if (na != nb)
        return 0;
    for (size_t i = 0; i < na; i++)
        if (strcmp(a[i], b[i]) != 0)
            return 0;
    return 1;
}

static const engine_rule *rule_named(const engine *e, const char *name)
{
    for (size_t i = 0; e && i < engine_rule_count(e); i++)
        if (strcmp(engine_rule_at(e, i)->name, name) == 0)
            return engine_rule_at(e, i);
    return NULL;
}

static void was_now(audit *a, const char *what, const char *was, const char *now)
{
    char first[64];
    snprintf(first, sizeof first, "      %s was: ", what);
    text_wrap(stdout, first, was, (int)strlen(first), a->width);
    snprintf(first, sizeof first, "      %*s now: ", (int)strlen(what), "");
    text_wrap(stdout, first, now, (int)strlen(first), a->width);
}

/* Compares every rule of the recorded rules with the rules loaded now: each
 * changed, added or removed rule with its old and new conditions. Returns
 * the changed rules' names as an object's keys (new ref). */
static json_t *rule_changes_loaded(audit *a, const engine *old)
{
    json_t *changed = json_object();
    char was[4096], now[4096];
    for (size_t i = 0; i < engine_rule_count(a->now); i++) {
        const engine_rule *n = engine_rule_at(a->now, i);
        const engine_rule *o = rule_named(old, n->name);
        if (!o) {
            join(now, sizeof now, n->tests, n->ntests, "no test on an answer");
            printf("    rule %s (%s:%d) is new: %s\n", n->name, n->file, n->line, now);
            json_object_set_new(changed, n->name, json_true());
            continue;
        }
        int tests = same_list(o->tests, o->ntests, n->tests, n->ntests);
        int conds = same_list(o->conditions, o->nconditions, n->conditions, n->nconditions);
        int concl = same_list(o->concludes, o->nconcludes, n->concludes, n->nconcludes);
        int says = strcmp(o->says, n->says) == 0 && strcmp(o->source, n->source) == 0;
        if (tests && conds && concl && says && o->salience == n->salience)
            continue;
        json_object_set_new(changed, n->name, json_true());
        printf("    rule %s (%s:%d) changed:\n", n->name, n->file, n->line);
        if (!tests) {
            join(was, sizeof was, o->tests, o->ntests, "no test on an answer");
            join(now, sizeof now, n->tests, n->ntests, "no test on an answer");
            was_now(a, "tests", was, now);
        }
        if (!conds) {
            for (size_t k = 0; k < o->nconditions || k < n->nconditions; k++) {
                const char *x = k < o->nconditions ? o->conditions[k] : "(none)";
                const char *y = k < n->nconditions ? n->conditions[k] : "(none)";
                if (strcmp(x, y) != 0)
                    was_now(a, "condition", x, y);
            }
        }
        if (!concl) {
            join(was, sizeof was, o->concludes, o->nconcludes, "nothing");
            join(now, sizeof now, n->concludes, n->nconcludes, "nothing");
            was_now(a, "concludes", was, now);
        }
        if (!says) {
            snprintf(was, sizeof was, "%s. Source: %s", o->says, o->source);
            snprintf(now, sizeof now, "%s. Source: %s", n->says, n->source);
            was_now(a, "says", was, now);
        }
        if (o->salience != n->salience) {
            snprintf(was, sizeof was, "%d", o->salience);
            snprintf(now, sizeof now, "%d", n->salience);
            was_now(a, "salience", was, now);
        }
    }
    for (size_t i = 0; i < engine_rule_count(old); i++) {
        const engine_rule *o = engine_rule_at(old, i);
        if (!rule_named(a->now, o->name)) {
            join(was, sizeof was, o->tests, o->ntests, "no test on an answer");
            printf("    rule %s (%s:%d) was removed; it tested: %s\n", o->name, o->file, o->line,
                   was);
            json_object_set_new(changed, o->name, json_true());
        }
    }
    return changed;
}

/* Without the recorded rule files: compares each rule that fired in the
 * recorded results with the rule of that name now, by the tests and words
 * the transcript recorded. Returns the changed rules' names (new ref). */
static json_t *rule_changes_recorded(audit *a)
{
    json_t *changed = json_object(), *done = json_object();
    char was[4096], now[4096];
    size_t i, j;
    json_t *ev, *s;
    json_array_foreach(a->events, i, ev) {
        if (strcmp(kind_of(ev), "result") != 0)
            continue;
        json_array_foreach(json_object_get(json_object_get(ev, "result"), "explanation"), j, s) {
            const char *name = str(s, "rule");
            if (json_object_get(done, name))
                continue;
            json_object_set_new(done, name, json_true());
            const engine_rule *n = rule_named(a->now, name);
            if (!n) {
                printf("    rule %s (%s:%lld) fired then and no longer exists\n", name,
                       str(s, "file"), (long long)json_integer_value(json_object_get(s, "line")));
                json_object_set_new(changed, name, json_true());
                continue;
            }
            const json_t *tests = json_object_get(s, "tests");
            int same_tests = 1;
            if (json_is_array(tests)) {
                same_tests = json_array_size(tests) == n->ntests;
                for (size_t k = 0; same_tests && k < n->ntests; k++)
                    same_tests = strcmp(json_string_value(json_array_get(tests, k)),
                                        n->tests[k]) == 0;
            }
            int same_says = strcmp(str(s, "says"), n->says) == 0 &&
                            strcmp(str(s, "source"), n->source) == 0;
            if (same_tests && same_says)
                continue;
            json_object_set_new(changed, name, json_true());
            printf("    rule %s (%s:%d) changed:\n", name, n->file, n->line);
            if (!same_tests) {
                join_json(was, sizeof was, tests, "no test on an answer");
                join(now, sizeof now, n->tests, n->ntests, "no test on an answer");
                was_now(a, "tests", was, now);
            }
            if (!same_says) {
                snprintf(was, sizeof was, "%s. Source: %s", str(s, "says"), str(s, "source"));
                snprintf(now, sizeof now, "%s. Source: %s", n->says, n->source);
                was_now(a, "says", was, now);
            }
        }
    }
    json_decref(done);
    return changed;
}

static const engine_trigger *trigger_named(const engine *e, const char *id)
{
    for (size_t i = 0; e && i < engine_trigger_count(e); i++)
        if (strcmp(engine_trigger_at(e, i)->id, id) == 0)
            return engine_trigger_at(e, i);
    return NULL;
}

/* The triggers whose disposition differs now: every trigger of the recorded
 * rules when they are loaded (old), else those the recorded results name.
 * Returns how many. */
static int trigger_changes(audit *a, const engine *old)
{
    int n = 0;
    for (size_t i = 0; old && i < engine_trigger_count(old); i++) {
        const engine_trigger *o = engine_trigger_at(old, i), *t = trigger_named(a->now, o->id);
        if (!t)
            printf("    trigger %s (%s) is no longer defined\n", o->id, o->disposition);
        else if (strcmp(o->disposition, t->disposition) != 0)
            printf("    trigger %s now leads to %s (was %s)\n", o->id, t->disposition,
                   o->disposition);
        n += !t || strcmp(o->disposition, t->disposition) != 0;
    }
    json_t *done = json_object();
    size_t i, j;
    json_t *ev, *r;
    json_array_foreach(a->events, i, ev) {
        if (old || strcmp(kind_of(ev), "result") != 0)
            continue;
        json_array_foreach(json_object_get(json_object_get(ev, "result"), "reasons"), j, r) {
            const char *id = str(r, "trigger"), *d = str(r, "disposition");
            if (json_object_get(done, id))
                continue;
            json_object_set_new(done, id, json_true());
            const engine_trigger *t = trigger_named(a->now, id);
            if (!t)
                printf("    trigger %s (%s then) is no longer defined\n", id, d);
            else if (strcmp(d, t->disposition) != 0)
                printf("    trigger %s now leads to %s (was %s)\n", id, t->disposition, d);
            n += !t || strcmp(d, t->disposition) != 0;
        }
    }
    json_decref(done);
    return n;
}

/* Lists the rule files of `rules` (header or rules event) that differ from
 * those loaded now. */
static void diff_files(const json_t *rules, const engine *e)
{
    size_t i;
    json_t *f;
    json_array_foreach(json_object_get(rules, "rule_files"), i, f) {
        const char *name = json_string_value(json_object_get(f, "file"));
        const char *old = json_string_value(json_object_get(f, "sha256"));
        int found = 0;
        for (size_t k = 0; k < engine_file_count(e) && name && old; k++) {
            const char *p = engine_file_path(e, k);
            const char *base = strrchr(p, '/') ? strrchr(p, '/') + 1 : p;
            if (strcmp(base, name) != 0)
                continue;
            found = 1;
            if (strcmp(engine_file_sha256(e, k), old) != 0)
                printf("  changed: %s\n", name);
        }
        if (!found)
            printf("  removed: %s\n", name ? name : "?");
    }
    for (size_t k = 0; k < engine_file_count(e); k++) {
        const char *p = engine_file_path(e, k);
        const char *base = strrchr(p, '/') ? strrchr(p, '/') + 1 : p;
        int found = 0;
        json_array_foreach(json_object_get(rules, "rule_files"), i, f) {
            const char *name = json_string_value(json_object_get(f, "file"));
            found |= name && strcmp(name, base) == 0;
        }
        if (!found)
            printf("  added: %s\n", base);
    }
}

/* Replays answers on the rules loaded now and compares with `old`, the
 * result on the recorded rules `rules` (header or rules event). Returns
 * TRIAGE_OK when they match, TRIAGE_FAILED when not. */
static int replay_now(audit *a, const json_t *rules, const json_t *answers, const json_t *old)
{
    json_t *c = json_pack("{s:O, s:O}", "id", json_object_get(a->header, "case"), "answers",
                          answers);
    int failed = 1;
    json_t *res = c ? cases_evaluate(a->now, c, &failed) : NULL;
    json_decref(c);
    int same_rules = strcmp(str(rules, "rules_version"), engine_rules_version(a->now)) == 0;
    int rc = TRIAGE_OK;
    json_t *changed = NULL;
    printf("\nReplay against the rules loaded now (%s):\n", engine_rules_version(a->now));
    if (!same_rules) {
        printf("Rule files that differ from the recording:\n");
        diff_files(rules, a->now);
        const engine *old_rules = a->recorded;
        if (old_rules) {
            printf("Rules that differ (the recorded rule files are still there, unchanged):\n");
            changed = rule_changes_loaded(a, old_rules);
        } else {
            printf("Rules that differ among those that fired (the recorded rule files are not "
                   "there as recorded: %s; compared by the tests the transcript recorded):\n",
                   a->recorded_why);
            changed = rule_changes_recorded(a);
        }
        int triggers = trigger_changes(a, old_rules);
        if (json_object_size(changed) == 0 && triggers == 0)
            printf(old_rules ? "    none (the files differ in other ways)\n"
                             : "    none of those that fired then\n");
    }
    if (!res || failed) {
        char why[1024];
        printf("  the recorded answers no longer run: %s\n",
               res ? cases_error_text(res, why, sizeof why) : "out of memory");
        rc = TRIAGE_FAILED;
    } else if (write_diff("", old, res, changed) > 0) {
        printf("The replay differs from the recording.\n");
        rc = TRIAGE_FAILED;
    } else {
        printf("  the replay reaches exactly the recorded conclusions%s.\n",
               same_rules ? " (same rules)" : "");
    }
    json_decref(changed);
    json_decref(res);
    return rc;
}

/* ---- the session ------------------------------------------------------------------- */

/* Lists every result shown and, from the second on, what changed since the
 * one before. */
static void write_results(audit *a)
{
    size_t i, k = 0;
    json_t *ev;
    const json_t *prev = NULL;
    json_array_foreach(a->events, i, ev) {
        if (strcmp(kind_of(ev), "result") != 0)
            continue;
        const json_t *res = json_object_get(ev, "result");
        printf("  %zu. line %zu: %s (%zu answers)\n", ++k, i + 2, str(res, "disposition"),
               json_object_size(json_object_get(ev, "answers")));
        json_t *replayed = transcript_answers(a->events, i);
        if (!json_equal(replayed, json_object_get(ev, "answers"))) {
            printf("     note: the answers recorded with this result are not those the events "
                   "before it give:\n");
            write_answer_changes("       ", replayed, json_object_get(ev, "answers"));
        }
        json_decref(replayed);
        if (prev) {
            printf("     since result %zu:\n", k - 1);
            int n = write_answer_changes("       ", json_object_get(prev, "answers"),
                                         json_object_get(ev, "answers"));
            n += write_diff("     ", json_object_get(prev, "result"), res, NULL);
            if (n == 0)
                printf("       nothing changed (the same result shown again)\n");
        }
        prev = ev;
    }
}

/* The events of the session as counts: "12 events: 9 answers, 1 change". */
static void write_counts(const audit *a)
{
    static const char *const kinds[][3] = {
        { "answer", "answer", "answers" }, { "change", "change", "changes" },
        { "pass", "pass", "passes" },      { "back", "back", "backs" },
        { "restart", "restart", "restarts" }, { "rules", "reload of the rules", "reloads of the rules" },
        { "result", "result shown", "results shown" },
    };
    printf("  %zu event%s", json_array_size(a->events), json_array_size(a->events) == 1 ? "" : "s");
    int first = 1;
    for (size_t k = 0; k < sizeof kinds / sizeof *kinds; k++) {
        size_t n = 0, i;
        json_t *ev;
        json_array_foreach(a->events, i, ev)
            n += strcmp(kind_of(ev), kinds[k][0]) == 0;
        if (n)
            printf("%s%zu %s", first ? ": " : ", ", n, n == 1 ? kinds[k][1] : kinds[k][2]);
        first &= n == 0;
    }
    printf("\n");
}

static size_t last_result_at(const audit *a)
{
    size_t n = json_array_size(a->events);
    while (n-- > 0)
        if (strcmp(kind_of(json_array_get(a->events, n)), "result") == 0)
            return n;
    return SIZE_MAX;
}

static int audit_finished(audit *a)
{
    size_t at = last_result_at(a);
    const json_t *ev = json_array_get(a->events, at);
    const json_t *old = json_object_get(ev, "result");
    const json_t *answers = json_object_get(ev, "answers");
    printf("\nThe last result (line %zu), what the person was left with: %s\n", at + 2,
           str(old, "disposition"));
    printf("Reasoning as recorded:\n");
    explain_tree_answers(stdout, old, answers, a->width);
    /* a result asked for, or given on leaving, before the questions were done */
    if (json_is_null(json_object_get(a->header, "case"))) {
        engine *e = a->recorded ? a->recorded : a->now;
        session *s = replay(e, answers, "  ");
        const session_step *next = s ? session_step_now(s) : NULL;
        if (next && !next->done) {
            printf("\nThe questions were not finished when this result was shown; next, on the "
                   "%s rules, would have come:\n", a->recorded ? "recorded" : "current");
            write_step(a, "  ", next);
        }
        session_free(s);
    }
    return replay_now(a, rules_at(a, at), answers, old);
}

static int audit_unfinished(audit *a)
{
    size_t n = json_array_size(a->events), at = last_result_at(a);
    if (at == SIZE_MAX) {
        printf("\nUnfinished: the session ended before any result was shown.\n");
    } else {
        printf("\nUnfinished: the session went on after the last result (line %zu) and ended "
               "without another; since then:\n", at + 2);
        for (size_t i = at + 1; i < n; i++) {
            const json_t *ev = json_array_get(a->events, i);
            char w[512] = "";
            if (json_object_get(ev, "answer"))
                value_words(json_object_get(ev, "answer"), w, sizeof w);
            printf("    line %zu: %s %s%s%s\n", i + 2, kind_of(ev), str(ev, "question"),
                   *w ? " = " : "", w);
        }
    }
    json_t *answers = transcript_answers(a->events, n);
    printf("Known when it ended:\n");
    write_answers(a, "  answers: ", answers);
    engine *e = a->recorded ? a->recorded : a->now;
    if (a->recorded)
        printf("  the result as it stood, replayed on the recorded rules (%s):\n",
               engine_rules_version(e));
    else
        printf("  the result as it stood, replayed on the rules loaded now (%s), because %s:\n",
               engine_rules_version(e), a->recorded_why);
    session *s = replay(e, answers, "    ");
    json_t *standing = s ? engine_result(e) : NULL;
    const session_step *next = s ? session_step_now(s) : NULL;
    if (standing)
        explain_tree_answers(stdout, standing, answers, a->width);
    else
        printf("    (no result: %s)\n", engine_errmsg(e));
    if (next && !next->done) {
        printf("  next, it would have asked:\n");
        write_step(a, "    ", next);
    } else {
        printf("  no question was left to ask: the result above was due to be shown.\n");
    }
    if (standing && at != SIZE_MAX) {
        printf("  since the last result shown (line %zu):\n", at + 2);
        if (write_diff("  ", json_object_get(json_array_get(a->events, at), "result"), standing,
                       NULL) == 0)
            printf("    no conclusion changed\n");
    }
    session_free(s);
    if (standing && a->recorded && a->recorded != a->now)
        replay_now(a, rules_at(a, n), answers, standing);
    json_decref(standing);
    json_decref(answers);
    return TRIAGE_INCOMPLETE;
}

int audit_main(int argc, char **argv)
{
    rules_dirs rd = { .n = 0 };
    const char *path = NULL;
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0) {
            fputs(audit_usage, stdout);
            return TRIAGE_OK;
        } else if (triage_rules_option(argc, argv, &i, &rd)) {
            if (rd.bad)
                return TRIAGE_USAGE;
        } else if (arg[0] == '-' && arg[1]) {
            triage_error("unknown option '%s' (try 'triage audit --help')", arg);
            return TRIAGE_USAGE;
        } else if (path) {
            triage_error("audit takes one transcript");
            return TRIAGE_USAGE;
        } else {
            path = arg;
        }
    }
    if (!path) {
        triage_error("audit needs a transcript (try 'triage audit --help')");
        return TRIAGE_USAGE;
    }
    audit a = { .path = path, .width = text_width() };
    char err[512];
    if (transcript_read(path, &a.header, &a.events, err, sizeof err) != 0) {
        triage_error("%s: %s", path, err);
        return TRIAGE_USAGE;
    }
    a.now = triage_open_engine(&rd);
    if (!a.now) {
        json_decref(a.header);
        json_decref(a.events);
        return TRIAGE_NO_RULES;
    }
    int finished = transcript_finished(a.events);
    const json_t *rules = rules_at(&a, json_array_size(a.events));
    if (strcmp(str(rules, "rules_version"), engine_rules_version(a.now)) == 0)
        a.recorded = a.now;
    else
        a.recorded = load_recorded(rules, a.recorded_why, sizeof a.recorded_why);

    printf("Transcript %s\n", path);
    printf("  recorded %s by %s, rules %s\n", str(a.header, "created"), str(a.header, "program"),
           str(a.header, "rules_version"));
    write_counts(&a);
    size_t nresults = 0, i;
    json_t *ev;
    json_array_foreach(a.events, i, ev)
        nresults += strcmp(kind_of(ev), "result") == 0;
    if (nresults > 1 || (!finished && nresults > 0)) {
        printf("\nResults shown during the session:\n");
        write_results(&a);
    }
    int rc = finished ? audit_finished(&a) : audit_unfinished(&a);
    if (a.recorded != a.now)
        engine_free(a.recorded);
    engine_free(a.now);
    json_decref(a.header);
    json_decref(a.events);
    return rc;
}
