/* lint.c: `triage lint`: checks a knowledge base before it reaches anyone.
 * Every problem is reported as FILE:LINE: severity: message. */
#include "engine.h"
#include "scan.h"
#include "triage.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char lint_usage[] =
    "usage: triage lint [--rules DIR]...\n"
    "\n"
    "Checks the rule files and reports every problem as FILE:LINE: severity:\n"
    "message. Errors: parse errors; forbidden functions; a rule without a\n"
    "source; a question id, answer value, trigger, contributor, recommendation\n"
    "or caution used but never defined, or defined but never used; a\n"
    "recommendation that can never be reached; the same rule or definition\n"
    "twice; a red-flag rule with a lower priority than a rule that is not a red\n"
    "flag; rules on a cycle through a negation (a conclusion that depends on\n"
    "its own absence). Warnings: a rule that cannot fire given the question\n"
    "definitions, a question without help text.\n"
    "\n"
    "Exit status: 0 no errors (warnings allowed), 1 errors, 2 usage error.\n";

typedef struct file_scan {
    char *path;
    scan_result sr;
    int ok;
} file_scan;

typedef struct lint {
    file_scan *files;
    size_t nfiles;
    engine *e;          /* NULL when the rules do not load */
    json_t *diags;      /* [{file, line, severity, message}] */
    json_t *defs;       /* "template:id" -> {file, line} */
} lint;

static void diag(lint *l, const char *file, int line, const char *severity, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
static void diag(lint *l, const char *file, int line, const char *severity, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    json_array_append_new(l->diags, json_pack("{s:s, s:i, s:s, s:s}", "file", file, "line", line,
                                              "severity", severity, "message", msg));
}

static void scan_dir(lint *l, const char *dir)
{
    static const char *const clp[] = { ".clp", NULL };
    json_t *paths = json_array();
    if (triage_list_dir(dir, clp, paths) != 0) {
        diag(l, dir, 0, "error", "cannot open rules directory: %s", strerror(errno));
        json_decref(paths);
        return;
    }
    size_t n = json_array_size(paths);
    for (size_t i = 0; i < n; i++) {
        const char *path = json_string_value(json_array_get(paths, i));
        file_scan *fs = realloc(l->files, (l->nfiles + 1) * sizeof *fs);
        if (!fs)
            continue;
        l->files = fs;
        fs = &l->files[l->nfiles++];
        memset(fs, 0, sizeof *fs);
        fs->path = strdup(path);
        FILE *f = fopen(path, "rb");
        static char text[4 * 1024 * 1024 + 1];
        size_t len = f ? fread(text, 1, sizeof text - 1, f) : 0;
        if (f)
            fclose(f);
        if (!f) {
            diag(l, path, 0, "error", "cannot read: %s", strerror(errno));
            continue;
        }
        if (scan_text(text, len, &fs->sr) != 0)
            diag(l, path, fs->sr.err_line, "error", "%s", fs->sr.err);
        else
            fs->ok = 1;
    }
    json_decref(paths);
}

/* Same rule name or definition twice, anywhere. */
static void check_duplicates(lint *l)
{
    json_t *rules = json_object();
    for (size_t f = 0; f < l->nfiles; f++) {
        file_scan *fs = &l->files[f];
        for (size_t i = 0; fs->ok && i < fs->sr.nrules; i++) {
            const scan_rule *r = &fs->sr.rules[i];
            const json_t *first = json_object_get(rules, r->name);
            if (first)
                diag(l, fs->path, r->line, "error", "rule %s is defined twice (first at %s:%lld)",
                     r->name, json_string_value(json_object_get(first, "file")),
                     (long long)json_integer_value(json_object_get(first, "line")));
            else
                json_object_set_new(rules, r->name,
                                    json_pack("{s:s, s:i}", "file", fs->path, "line", r->line));
        }
        for (size_t i = 0; fs->ok && i < fs->sr.ndefs; i++) {
            const scan_def *d = &fs->sr.defs[i];
            const json_t *first = json_object_get(l->defs, d->ref);
            if (first) {
                const char *colon = strchr(d->ref, ':');
                diag(l, fs->path, d->line, "error", "%.*s %s is defined twice (first at %s:%lld)",
                     (int)(colon - d->ref), d->ref, colon + 1,
                     json_string_value(json_object_get(first, "file")),
                     (long long)json_integer_value(json_object_get(first, "line")));
            }
            else
                json_object_set_new(l->defs, d->ref,
                                    json_pack("{s:s, s:i}", "file", fs->path, "line", d->line));
        }
    }
    json_decref(rules);
}

static int defined(const lint *l, const char *tmpl, const char *id)
{
    char ref[256];
    snprintf(ref, sizeof ref, "%s:%s", tmpl, id);
    return json_object_get(l->defs, ref) != NULL;
}

/* The definition template that defines ids of a conclusion template. */
static const char *def_template(const char *tmpl)
{
    static const char *const map[][2] = {
        { "answer", "question" }, { "trigger", "trigger-def" },
        { "contributor", "contributor-def" }, { "recommend", "recommendation-def" },
        { "caution", "caution-def" },
    };
    for (size_t i = 0; i < sizeof map / sizeof *map; i++)
        if (strcmp(map[i][0], tmpl) == 0)
            return map[i][1];
    return NULL;
}

static int is_concluded(const lint *l, const char *ref)
{
    for (size_t f = 0; f < l->nfiles; f++)
        for (size_t i = 0; l->files[f].ok && i < l->files[f].sr.nrules; i++) {
            const scan_rule *r = &l->files[f].sr.rules[i];
            for (size_t k = 0; k < r->nconcludes; k++)
                if (strcmp(r->concludes[k], ref) == 0)
                    return 1;
        }
    return 0;
}

static int is_used(const lint *l, const char *ref)
{
    for (size_t f = 0; f < l->nfiles; f++)
        for (size_t i = 0; l->files[f].ok && i < l->files[f].sr.nrules; i++) {
            const scan_rule *r = &l->files[f].sr.rules[i];
            for (size_t k = 0; k < r->nuses; k++)
                if (strcmp(r->uses[k], ref) == 0)
                    return 1;
        }
    return 0;
}

/* A literal a condition on question q names, checked against its definition. */
static int value_allowed(const engine_question *q, const char *lit)
{
    if (strcmp(lit, "unknown") == 0)
        return q->type != ENGINE_INTEGER;
    if (q->type == ENGINE_YESNO)
        return strcmp(lit, "yes") == 0 || strcmp(lit, "no") == 0;
    if (q->type == ENGINE_INTEGER) {
        char *end;
        strtoll(lit, &end, 10);
        return *end == '\0';
    }
    for (size_t i = 0; i < q->nvalues; i++)
        if (strcmp(q->values[i], lit) == 0)
            return 1;
    return 0;
}

static int comparison_possible(const engine_question *q, const char *op, long long n)
{
    if (strcmp(op, ">=") == 0)
        return n <= q->max;
    if (strcmp(op, ">") == 0)
        return n < q->max;
    if (strcmp(op, "<=") == 0)
        return n >= q->min;
    if (strcmp(op, "<") == 0)
        return n > q->min;
    return n >= q->min && n <= q->max;
}

/* Checks one rule; returns 0 when it cannot fire. */
static int check_rule(lint *l, const char *file, const scan_rule *r)
{
    int can_fire = 1;
    if (l->e) {
        const engine_rule *er = NULL;
        for (size_t i = 0; i < engine_rule_count(l->e) && !er; i++)
            if (strcmp(engine_rule_at(l->e, i)->name, r->name) == 0)
                er = engine_rule_at(l->e, i);
        if (er && !*er->source)
            diag(l, file, r->line, "error",
                 "rule %s has no source: end its docstring with \"Source: ...\"", r->name);
    }
    char **lists[2] = { r->uses, r->concludes };
    size_t counts[2] = { r->nuses, r->nconcludes };
    for (int side = 0; side < 2; side++)
        for (size_t k = 0; k < counts[side]; k++) {
            const char *ref = lists[side][k];
            const char *colon = strchr(ref, ':');
            if (!colon || strcmp(colon + 1, "*") == 0)
                continue;
            char tmpl[128];
            snprintf(tmpl, sizeof tmpl, "%.*s", (int)(colon - ref), ref);
            const char *def = def_template(tmpl);
            if (def && !defined(l, def, colon + 1)) {
                diag(l, file, r->line, "error", "rule %s %s %s %s, which is never defined",
                     r->name, side ? "concludes" : "uses", tmpl, colon + 1);
                can_fire = side ? can_fire : 0;
            } else if (!def && side == 0 && (!strcmp(tmpl, "finding") || !strcmp(tmpl, "cause")) &&
                       !is_concluded(l, ref)) {
                diag(l, file, r->line, "error", "rule %s uses %s %s, which no rule concludes",
                     r->name, tmpl, colon + 1);
                can_fire = 0;
            }
        }
    for (size_t k = 0; l->e && k < r->nvalues; k++) {
        char q[128];
        const char *eq = strchr(r->values[k], '=');
        snprintf(q, sizeof q, "%.*s", (int)(eq - r->values[k]), r->values[k]);
        const engine_question *qd = engine_question_find(l->e, q);
        if (qd && !value_allowed(qd, eq + 1)) {
            diag(l, file, r->line, "error",
                 "rule %s uses answer value %s for %s, which that question does not define",
                 r->name, eq + 1, q);
            can_fire = 0;
        }
    }
    for (size_t k = 0; l->e && k < r->ncomparisons; k++) {
        char q[128], op[8];
        long long n;
        if (sscanf(r->comparisons[k], "%127[^:]:%7[^:]:%lld", q, op, &n) != 3)
            continue;
        const engine_question *qd = engine_question_find(l->e, q);
        if (qd && qd->type == ENGINE_INTEGER && !comparison_possible(qd, op, n)) {
            diag(l, file, r->line, "warning",
                 "rule %s cannot fire: no answer to %s is %s %lld (answers run from %lld to %lld)",
                 r->name, q, op, n, qd->min, qd->max);
            can_fire = 0;
        }
    }
    return can_fire;
}

/* Which conclusions some chain of rules that can fire reaches. */
static json_t *reachable(lint *l, json_t *dead)
{
    json_t *got = json_object();
    for (int grew = 1; grew;) {
        grew = 0;
        for (size_t f = 0; f < l->nfiles; f++)
            for (size_t i = 0; l->files[f].ok && i < l->files[f].sr.nrules; i++) {
                const scan_rule *r = &l->files[f].sr.rules[i];
                if (json_object_get(dead, r->name) || json_object_get(got, r->name))
                    continue;
                int ok = 1;
                for (size_t k = 0; k < r->nuses && ok; k++) {
                    const char *ref = r->uses[k], *colon = strchr(ref, ':');
                    char tmpl[128];
                    snprintf(tmpl, sizeof tmpl, "%.*s", colon ? (int)(colon - ref) : 0, ref);
                    int input = !strcmp(tmpl, "answer") || strstr(tmpl, "-def") ||
                                !strcmp(tmpl, "question") || (colon && !strcmp(colon + 1, "*"));
                    ok = input || json_object_get(got, ref);
                }
                if (!ok)
                    continue;
                json_object_set_new(got, r->name, json_true());
                for (size_t k = 0; k < r->nconcludes; k++)
                    json_object_set_new(got, r->concludes[k], json_true());
                grew = 1;
            }
    }
    return got;
}

static void check_definitions(lint *l, json_t *reach)
{
    const char *ref;
    json_t *where;
    json_object_foreach(l->defs, ref, where) {
        const char *file = json_string_value(json_object_get(where, "file"));
        int line = (int)json_integer_value(json_object_get(where, "line"));
        const char *colon = strchr(ref, ':');
        const char *id = colon + 1;
        char use[256];
        if (!strncmp(ref, "question:", 9)) {
            snprintf(use, sizeof use, "answer:%s", id);
            int gate = 0;
            for (size_t i = 0; l->e && i < engine_question_count(l->e); i++) {
                const char *rel = engine_question_at(l->e, i)->relevant_if;
                gate |= rel && strcmp(rel, id) == 0;
            }
            if (l->e && !is_used(l, use) && !gate)
                diag(l, file, line, "error", "question %s is defined but no rule uses it", id);
            const engine_question *q = l->e ? engine_question_find(l->e, id) : NULL;
            if (q && !*q->help)
                diag(l, file, line, "warning", "question %s has no help text", id);
            continue;
        }
        static const char *const kinds[][2] = {
            { "trigger-def:", "trigger" }, { "contributor-def:", "contributor" },
            { "recommendation-def:", "recommend" }, { "caution-def:", "caution" },
        };
        for (size_t k = 0; k < sizeof kinds / sizeof *kinds; k++) {
            if (strncmp(ref, kinds[k][0], strlen(kinds[k][0])) != 0)
                continue;
            snprintf(use, sizeof use, "%s:%s", kinds[k][1], id);
            if (!is_concluded(l, use))
                diag(l, file, line, "error", "%s %s is defined but no rule concludes it",
                     kinds[k][1], id);
            else if (!strcmp(kinds[k][1], "recommend") && !json_object_get(reach, use))
                diag(l, file, line, "error", "recommendation %s can never be reached", id);
        }
    }
}

/* The path of the file that defines rule name (its last definition). */
static const char *rule_path(const lint *l, const char *name, const char *fallback)
{
    const char *path = fallback;
    for (size_t f = 0; f < l->nfiles; f++)
        for (size_t i = 0; l->files[f].ok && i < l->files[f].sr.nrules; i++)
            if (strcmp(l->files[f].sr.rules[i].name, name) == 0)
                path = l->files[f].path;
    return path;
}

/* A red-flag rule (one concluding a red-flag trigger) must not have a lower
 * priority than any rule that is not a red flag. */
static void check_priorities(lint *l)
{
    if (!l->e)
        return;
    int top = -1000000;
    const char *top_name = NULL;
    for (size_t i = 0; i < engine_rule_count(l->e); i++) {
        const engine_rule *r = engine_rule_at(l->e, i);
        int red = 0;
        for (size_t k = 0; k < r->nconcludes; k++)
            for (size_t t = 0; t < engine_trigger_count(l->e); t++) {
                const engine_trigger *tr = engine_trigger_at(l->e, t);
                char ref[256];
                snprintf(ref, sizeof ref, "trigger:%s", tr->id);
                red |= !strcmp(ref, r->concludes[k]) && !strcmp(tr->kind, "red-flag");
            }
        if (!red && r->salience > top) {
            top = r->salience;
            top_name = r->name;
        }
    }
    for (size_t i = 0; i < engine_rule_count(l->e); i++) {
        const engine_rule *r = engine_rule_at(l->e, i);
        for (size_t k = 0; k < r->nconcludes; k++)
            for (size_t t = 0; t < engine_trigger_count(l->e); t++) {
                const engine_trigger *tr = engine_trigger_at(l->e, t);
                char ref[256];
                snprintf(ref, sizeof ref, "trigger:%s", tr->id);
                if (!strcmp(ref, r->concludes[k]) && !strcmp(tr->kind, "red-flag") &&
                    top_name && r->salience < top)
                    diag(l, rule_path(l, r->name, r->file), r->line, "error",
                         "red-flag rule %s has priority %d, below rule %s (%d), which is not a "
                         "red flag", r->name, r->salience, top_name, top);
            }
    }
}

static int cmp_diag(const void *a, const void *b)
{
    const json_t *x = *(json_t *const *)a, *y = *(json_t *const *)b;
    int c = strcmp(json_string_value(json_object_get(x, "file")),
                   json_string_value(json_object_get(y, "file")));
    if (c)
        return c;
    return (int)(json_integer_value(json_object_get(x, "line")) -
                 json_integer_value(json_object_get(y, "line")));
}

int lint_main(int argc, char **argv)
{
    rules_dirs rd = { .n = 0 };
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            fputs(lint_usage, stdout);
            return TRIAGE_OK;
        } else if (triage_rules_option(argc, argv, &i, &rd)) {
            if (rd.bad)
                return TRIAGE_USAGE;
        } else {
            triage_error("unknown argument '%s' (try 'triage lint --help')", a);
            return TRIAGE_USAGE;
        }
    }
    lint l = { .diags = json_array(), .defs = json_object() };
    const char *dirs[16];
    size_t ndirs = triage_resolve_dirs(&rd, dirs, 16);
    for (size_t i = 0; i < ndirs; i++)
        scan_dir(&l, dirs[i]);
    check_duplicates(&l);

    l.e = engine_new();
    if (l.e && engine_load(l.e, dirs, ndirs) != 0) {
        const char *msg = engine_errmsg(l.e);
        while (*msg) {
            size_t len = strcspn(msg, "\n");
            char one[1024], file[512];
            int line = 0;
            snprintf(one, sizeof one, "%.*s", (int)len, msg);
            char *c1 = strchr(one, ':'), *c2 = c1 ? strchr(c1 + 1, ':') : NULL;
            if (c1 && c2 && sscanf(c1 + 1, "%d", &line) == 1) {
                snprintf(file, sizeof file, "%.*s", (int)(c1 - one), one);
                const char *text = c2 + 1;
                while (*text == ' ')
                    text++;
                int dup = 0;
                size_t k;
                json_t *d;
                json_array_foreach(l.diags, k, d)
                    dup |= strstr(text, json_string_value(json_object_get(d, "message"))) != NULL;
                if (!dup)
                    diag(&l, file, line, "error", "%s", text);
            } else if (json_array_size(l.diags) == 0) {
                diag(&l, dirs[0], 0, "error", "%s", one);
            }
            msg += len + (msg[len] == '\n');
        }
        engine_free(l.e);
        l.e = NULL;
    }

    json_t *dead = json_object();
    for (size_t f = 0; f < l.nfiles; f++)
        for (size_t i = 0; l.files[f].ok && i < l.files[f].sr.nrules; i++)
            if (!check_rule(&l, l.files[f].path, &l.files[f].sr.rules[i]))
                json_object_set_new(dead, l.files[f].sr.rules[i].name, json_true());
    json_t *reach = reachable(&l, dead);
    check_definitions(&l, reach);
    check_priorities(&l);

    size_t n = json_array_size(l.diags), errors = 0;
    json_t **sorted = calloc(n ? n : 1, sizeof *sorted);
    for (size_t i = 0; i < n; i++)
        sorted[i] = json_array_get(l.diags, i);
    qsort(sorted, n, sizeof *sorted, cmp_diag);
    for (size_t i = 0; i < n; i++) {
        const char *sev = json_string_value(json_object_get(sorted[i], "severity"));
        errors += strcmp(sev, "error") == 0;
        printf("%s:%lld: %s: %s\n", json_string_value(json_object_get(sorted[i], "file")),
               (long long)json_integer_value(json_object_get(sorted[i], "line")), sev,
               json_string_value(json_object_get(sorted[i], "message")));
    }
    fprintf(stderr, "triage lint: %zu error%s, %zu warning%s in %zu files\n", errors,
            errors == 1 ? "" : "s", n - errors, n - errors == 1 ? "" : "s", l.nfiles);
    free(sorted);
    json_decref(dead);
    json_decref(reach);
    for (size_t f = 0; f < l.nfiles; f++) {
        free(l.files[f].path);
        scan_result_free(&l.files[f].sr);
    }
    free(l.files);
    engine_free(l.e);
    json_decref(l.diags);
    json_decref(l.defs);
    return errors ? TRIAGE_FAILED : TRIAGE_OK;
}
