/* lint.c: the checks of a knowledge base, before it reaches anyone: run by
 * `triage lint` and by every command that loads rules (cli.c). */
#include "engine.h"
#include "util.h"

#include "lint.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

typedef struct rule_file {
    char *path;
    engine_source *src; /* NULL when it cannot be read */
    int ok;
} rule_file;

typedef struct lint {
    rule_file *files;
    size_t nfiles;
    engine *e;          /* NULL when the rules do not load */
    json_t *diags;      /* [{file, line, severity, message}] */
    json_t *defs;       /* "template:id" -> {file, line} of the definition in force */
    json_t *overrides;  /* "kind:id" -> whether an earlier definition was found */
} lint;

static void diag(lint *l, const char *file, int line, const char *severity, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
static void diag(lint *l, const char *file, int line, const char *severity, const char *fmt, ...)
{
    char msg[2048];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    json_array_append_new(l->diags, json_pack("{s:s, s:i, s:s, s:s}", "file", file, "line", line,
                                              "severity", severity, "message", msg));
}

static void read_dir(lint *l, const char *dir)
{
    static const char *const clp[] = { ".clp", NULL };
    json_t *paths = json_array();
    if (util_list_dir(dir, clp, paths) != 0) {
        diag(l, dir, 0, "error", "cannot open rules directory: %s", strerror(errno));
        json_decref(paths);
        return;
    }
    size_t n = json_array_size(paths);
    for (size_t i = 0; i < n; i++) {
        const char *path = json_string_value(json_array_get(paths, i));
        rule_file *fs = realloc(l->files, (l->nfiles + 1) * sizeof *fs);
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
        int line;
        const char *why;
        if (!(fs->src = engine_source_new(text, len)))
            diag(l, path, 0, "error", "out of memory");
        else if (*(why = engine_source_errmsg(fs->src, &line)))
            diag(l, path, line, "error", "%s", why);
        else
            fs->ok = 1;
    }
    json_decref(paths);
}

/* The rules and definitions of file f: none when it was not read or was
 * refused. */
static size_t file_nrules(const lint *l, size_t f)
{
    return l->files[f].ok ? engine_source_rule_count(l->files[f].src) : 0;
}

static const engine_source_rule *file_rule(const lint *l, size_t f, size_t i)
{
    return engine_source_rule_at(l->files[f].src, i);
}

static size_t file_ndefs(const lint *l, size_t f)
{
    return l->files[f].ok ? engine_source_def_count(l->files[f].src) : 0;
}

static const engine_source_def *file_def(const lint *l, size_t f, size_t i)
{
    return engine_source_def_at(l->files[f].src, i);
}

/* Where a deffacts fact of this ref is written (its first), or NULL. */
static const engine_source_def *find_def(const lint *l, const char *ref, const char **path)
{
    for (size_t f = 0; f < l->nfiles; f++)
        for (size_t i = 0; i < file_ndefs(l, f); i++) {
            const engine_source_def *d = file_def(l, f, i);
            if (strcmp(d->ref, ref) == 0) {
                *path = l->files[f].path;
                return d;
            }
        }
    return NULL;
}

/* A second definition of key ("rule:NAME" or "template:id") at file:line,
 * the first being where: a note when an override declares it, else an
 * error. */
static void second_definition(lint *l, const char *key, const char *file, int line,
                              const json_t *first)
{
    const char *colon = strchr(key, ':');
    const char *ffile = json_string_value(json_object_get(first, "file"));
    long long fline = json_integer_value(json_object_get(first, "line"));
    json_t *declared = json_object_get(l->overrides, key);
    if (declared) {
        json_object_set(l->overrides, key, json_true());
        diag(l, file, line, "note", "overrides %.*s %s at %s:%lld", (int)(colon - key), key,
             colon + 1, ffile, fline);
    } else {
        diag(l, file, line, "error",
             "%.*s %s is defined twice (first at %s:%lld): an overlay that means to replace it "
             "declares (override (kind %.*s) (id %s))", (int)(colon - key), key, colon + 1, ffile,
             fline, (int)(colon - key), key, colon + 1);
    }
}

/* Same rule name or definition twice, anywhere: an error unless an override
 * declares it; an override that replaces nothing is an error too. */
static void check_duplicates(lint *l)
{
    for (size_t i = 0; l->e && i < engine_override_count(l->e); i++) {
        const engine_override *o = engine_override_at(l->e, i);
        char key[256];
        snprintf(key, sizeof key, "%s:%s", o->kind, o->id);
        json_object_set_new(l->overrides, key, json_false());
    }
    json_t *rules = json_object();
    for (size_t f = 0; f < l->nfiles; f++) {
        const rule_file *fs = &l->files[f];
        for (size_t i = 0; i < file_nrules(l, f); i++) {
            const engine_source_rule *r = file_rule(l, f, i);
            char key[256];
            snprintf(key, sizeof key, "rule:%s", r->name);
            const json_t *first = json_object_get(rules, key);
            if (first)
                second_definition(l, key, fs->path, r->line, first);
            json_object_set_new(rules, key,
                                json_pack("{s:s, s:i}", "file", fs->path, "line", r->line));
        }
        for (size_t i = 0; i < file_ndefs(l, f); i++) {
            const engine_source_def *d = file_def(l, f, i);
            if (engine_ref_id(d->ref, "override"))
                continue;
            const json_t *first = json_object_get(l->defs, d->ref);
            if (first)
                second_definition(l, d->ref, fs->path, d->line, first);
            json_object_set_new(l->defs, d->ref,
                                json_pack("{s:s, s:i}", "file", fs->path, "line", d->line));
        }
    }
    const char *key;
    json_t *found;
    json_object_foreach(l->overrides, key, found) {
        if (json_is_true(found))
            continue;
        const char *colon = strchr(key, ':'), *path = NULL;
        char ref[256];
        snprintf(ref, sizeof ref, "override:%s", colon + 1);
        const engine_source_def *d = find_def(l, ref, &path);
        diag(l, path ? path : "?", d ? d->line : 0, "error",
             "override of %.*s %s, but nothing loaded before defines it (a misspelled id, or the "
             "overlay loaded without the base rules)", (int)(colon - key), key, colon + 1);
    }
    json_decref(rules);
}

static int defined(const lint *l, const char *tmpl, const char *id)
{
    char ref[256];
    snprintf(ref, sizeof ref, "%s:%s", tmpl, id);
    return json_object_get(l->defs, ref) != NULL;
}

/* " (did you mean X?)" for the defined id of template def nearest to id, or
 * "" when none is near. */
static void nearest_hint(const lint *l, const char *def, const char *id, char *out, size_t len)
{
    size_t best = strlen(id) / 3 + 1, dl = strlen(def);
    const char *ref, *name = NULL;
    json_t *where;
    out[0] = '\0';
    json_object_foreach(l->defs, ref, where) {
        if (strncmp(ref, def, dl) != 0 || ref[dl] != ':')
            continue;
        size_t d = util_edit_distance(id, ref + dl + 1);
        if (d <= best) {
            best = d;
            name = ref + dl + 1;
        }
    }
    if (name)
        snprintf(out, len, " (did you mean %s?)", name);
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
        for (size_t i = 0; i < file_nrules(l, f); i++) {
            const engine_source_rule *r = file_rule(l, f, i);
            for (size_t k = 0; k < r->nconcludes; k++)
                if (strcmp(r->concludes[k], ref) == 0)
                    return 1;
        }
    return 0;
}

static int is_used(const lint *l, const char *ref)
{
    for (size_t f = 0; f < l->nfiles; f++)
        for (size_t i = 0; i < file_nrules(l, f); i++) {
            const engine_source_rule *r = file_rule(l, f, i);
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
static int check_rule(lint *l, const char *file, const engine_source_rule *r)
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
    const char *const *lists[2] = { r->uses, r->concludes };
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
                char hint[200];
                nearest_hint(l, def, colon + 1, hint, sizeof hint);
                diag(l, file, r->line, "error", "rule %s %s %s %s, which is never defined%s",
                     r->name, side ? "concludes" : "uses", tmpl, colon + 1, hint);
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
            for (size_t i = 0; i < file_nrules(l, f); i++) {
                const engine_source_rule *r = file_rule(l, f, i);
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
        const char *id = engine_ref_id(ref, "question");
        char use[256];
        if (id) {
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
            { "trigger-def", "trigger" }, { "contributor-def", "contributor" },
            { "recommendation-def", "recommend" }, { "caution-def", "caution" },
        };
        for (size_t k = 0; k < sizeof kinds / sizeof *kinds; k++) {
            if (!(id = engine_ref_id(ref, kinds[k][0])))
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
        for (size_t i = 0; i < file_nrules(l, f); i++)
            if (strcmp(file_rule(l, f, i)->name, name) == 0)
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
                         "red flag: give it (declare (salience %d)) or more, above every rule "
                         "that is not a red flag", r->name, r->salience, top_name, top,
                         top < 1000 ? 1000 : top + 1);
            }
    }
}


/* Whether rule r concludes a trigger whose kind is red-flag. */
static int is_red_flag_rule(const engine *e, const engine_rule *r)
{
    for (size_t k = 0; k < r->nconcludes; k++)
        for (size_t t = 0; t < engine_trigger_count(e); t++) {
            const engine_trigger *tr = engine_trigger_at(e, t);
            const engine_ref *c = &r->conclude_refs[k];
            if (!strcmp(c->kind, "trigger") && !strcmp(c->id, tr->id) &&
                !strcmp(tr->kind, "red-flag"))
                return 1;
        }
    return 0;
}

/* Adds to qs ("question id" -> true) every question r uses, directly or
 * through the rules that conclude what it uses. */
static void questions_behind(const engine *e, const engine_rule *r, json_t *qs, json_t *seen)
{
    if (json_object_get(seen, r->name))
        return;
    json_object_set_new(seen, r->name, json_true());
    for (size_t u = 0; u < r->nuses; u++) {
        const char *ref = r->uses[u];
        const char *kind = r->use_refs[u].kind, *id = r->use_refs[u].id;
        if (!strcmp(kind, "answer")) {
            if (strcmp(id, "*") != 0)
                json_object_set_new(qs, id, json_true());
            continue;
        }
        if (strcmp(kind, "contributor") && strcmp(kind, "finding") && strcmp(kind, "cause"))
            continue;
        for (size_t i = 0; i < engine_rule_count(e); i++) {
            const engine_rule *o = engine_rule_at(e, i);
            for (size_t k = 0; k < o->nconcludes; k++)
                if (!strcmp(o->concludes[k], ref))
                    questions_behind(e, o, qs, seen);
        }
    }
}

/* A red-flag rule may use only questions marked red-flag: others are asked
 * late, and in batch their absence is not listed among the assumptions. */
static void check_red_flag_questions(lint *l)
{
    for (size_t i = 0; i < engine_rule_count(l->e); i++) {
        const engine_rule *r = engine_rule_at(l->e, i);
        if (!is_red_flag_rule(l->e, r))
            continue;
        json_t *qs = json_object(), *seen = json_object();
        questions_behind(l->e, r, qs, seen);
        const char *id;
        json_t *v;
        json_object_foreach(qs, id, v) {
            const engine_question *q = engine_question_find(l->e, id);
            if (q && !q->red_flag)
                diag(l, rule_path(l, r->name, r->file), r->line, "error",
                     "red-flag rule %s uses question %s, which is not marked (red-flag yes): it "
                     "would be asked after the thresholds and, in batch, its absence would not be "
                     "listed among the assumptions. Mark it in its definition (an overlay "
                     "declares (override (kind question) (id %s)) and defines it again)",
                     r->name, id, id);
        }
        json_decref(qs);
        json_decref(seen);
    }
}

/* Every definition says where it comes from. */
static void check_sources(lint *l)
{
    struct { const char *tmpl, *id, *source; } all[1024];
    size_t n = 0;
    for (size_t i = 0; i < engine_question_count(l->e) && n < 1024; i++, n++)
        all[n].tmpl = "question", all[n].id = engine_question_at(l->e, i)->id,
        all[n].source = engine_question_at(l->e, i)->source;
    for (size_t i = 0; i < engine_trigger_count(l->e) && n < 1024; i++, n++)
        all[n].tmpl = "trigger-def", all[n].id = engine_trigger_at(l->e, i)->id,
        all[n].source = engine_trigger_at(l->e, i)->source;
    for (size_t i = 0; i < engine_contributor_count(l->e) && n < 1024; i++, n++)
        all[n].tmpl = "contributor-def", all[n].id = engine_contributor_at(l->e, i)->id,
        all[n].source = engine_contributor_at(l->e, i)->source;
    for (size_t i = 0; i < engine_recommendation_count(l->e) && n < 1024; i++, n++)
        all[n].tmpl = "recommendation-def", all[n].id = engine_recommendation_at(l->e, i)->id,
        all[n].source = engine_recommendation_at(l->e, i)->source;
    for (size_t i = 0; i < engine_caution_count(l->e) && n < 1024; i++, n++)
        all[n].tmpl = "caution-def", all[n].id = engine_caution_at(l->e, i)->id,
        all[n].source = engine_caution_at(l->e, i)->source;
    for (size_t i = 0; i < n; i++) {
        if (all[i].source && *all[i].source)
            continue;
        char ref[256];
        snprintf(ref, sizeof ref, "%s:%s", all[i].tmpl, all[i].id);
        const json_t *where = json_object_get(l->defs, ref);
        diag(l, where ? json_string_value(json_object_get(where, "file")) : "?",
             where ? (int)json_integer_value(json_object_get(where, "line")) : 0, "error",
             "%s %s has no source: add (source \"...\") naming the document and section, or the "
             "guideline, it comes from", all[i].tmpl, all[i].id);
    }
}

/* A choice or list question that a rule leading to a trigger uses declares
 * which of its values are worrying (check-safety moves answers toward them). */
static void check_worrying(lint *l)
{
    json_t *rules = engine_trigger_rules(l->e);
    for (size_t i = 0; i < engine_question_count(l->e); i++) {
        const engine_question *q = engine_question_at(l->e, i);
        if (q->type != ENGINE_CHOICE && q->type != ENGINE_MULTI)
            continue;
        char ref[256], use[256];
        snprintf(ref, sizeof ref, "question:%s", q->id);
        snprintf(use, sizeof use, "answer:%s", q->id);
        const json_t *where = json_object_get(l->defs, ref);
        const char *file = where ? json_string_value(json_object_get(where, "file")) : "?";
        int line = where ? (int)json_integer_value(json_object_get(where, "line")) : 0;
        for (size_t k = 0; k < q->nworrying; k++) {
            int known = 0;
            for (size_t v = 0; v < q->nvalues; v++)
                known |= !strcmp(q->values[v], q->worrying[k]);
            if (!known)
                diag(l, file, line, "error", "question %s declares worrying value %s, which is "
                     "not one of its values", q->id, q->worrying[k]);
        }
        const char *name;
        json_t *v;
        const char *user = NULL;
        json_object_foreach(rules, name, v) {
            const engine_rule *r = NULL;
            for (size_t k = 0; k < engine_rule_count(l->e) && !r; k++)
                if (!strcmp(engine_rule_at(l->e, k)->name, name))
                    r = engine_rule_at(l->e, k);
            for (size_t u = 0; r && u < r->nuses && !user; u++)
                if (!strcmp(r->uses[u], use))
                    user = r->name;
        }
        if (user && q->nworrying == 0)
            diag(l, file, line, "error",
                 "question %s is used by rule %s, which leads to a trigger, but declares no "
                 "worrying values: add (worrying ...) naming the values whose choice can raise "
                 "the disposition, so that check-safety can check it", q->id, user);
    }
    json_decref(rules);
}

/* ---- one number, one place ---- */

typedef struct quantity {
    long long v;
    char dim;            /* 'd' days, 's' a score out of 10, 'h' hours, 'n' a plain number */
    int dir;             /* +1 "or more", "over"; -1 "or less", "under"; 0 not said */
    char text[64];       /* as written */
} quantity;

static int word_is(const char *p, const char *w)
{
    size_t n = strlen(w);
    return strncasecmp(p, w, n) == 0 && !isalpha((unsigned char)p[n]);
}

static const char *skip_spaces(const char *p)
{
    while (*p == ' ')
        p++;
    return p;
}

/* The quantities of text that state a threshold: a number with its unit
 * ("3 weeks", "8 out of 10", "70") next to words of comparison ("or more",
 * "or over", "under", "at least", ...). Ranges ("1-2 weeks"), numbers with
 * other units ("38 C") and numbers with no comparison are left out. */
static size_t quantities(const char *text, quantity *out, size_t max)
{
    static const struct { const char *w; int dir; } after[] = {
        { "or more", 1 }, { "or over", 1 }, { "or older", 1 }, { "or above", 1 },
        { "or worse", 1 }, { "or higher", 1 }, { "or longer", 1 }, { "and over", 1 },
        { "and older", 1 }, { "and above", 1 }, { "or less", -1 }, { "or under", -1 },
        { "or younger", -1 }, { "or below", -1 }, { "or fewer", -1 }, { NULL, 0 } };
    static const struct { const char *w; int dir; } before[] = {
        { "under ", -1 }, { "over ", 1 }, { "below ", -1 }, { "above ", 1 }, { "at least ", 1 },
        { "more than ", 1 }, { "older than ", 1 }, { "longer than ", 1 }, { "less than ", -1 },
        { "younger than ", -1 }, { "fewer than ", -1 }, { "aged ", 0 }, { "age ", 0 },
        { NULL, 0 } };
    size_t n = 0;
    for (const char *p = text; *p && n < max; p++) {
        if (!isdigit((unsigned char)*p) || (p > text && (isalnum((unsigned char)p[-1]) ||
                                                         p[-1] == '-' || p[-1] == '.' ||
                                                         p[-1] == '/')))
            continue;
        const char *start = p;
        long long v = 0;
        while (isdigit((unsigned char)*p))
            v = v * 10 + (*p++ - '0');
        if (*p == '-' || *p == '.' || (*p == ',' && isdigit((unsigned char)p[1])))
            continue;
        const char *q = skip_spaces(p);
        char dim = 'n';
        long long scale = 1;
        if (word_is(q, "out of 10") || !strncmp(q, "/10", 3)) {
            dim = 's';
            q = skip_spaces(q + (*q == '/' ? 3 : 9));
        } else if (word_is(q, "day") || word_is(q, "days")) {
            dim = 'd';
        } else if (word_is(q, "week") || word_is(q, "weeks")) {
            dim = 'd', scale = 7;
        } else if (word_is(q, "month") || word_is(q, "months")) {
            dim = 'd', scale = 30;
        } else if (word_is(q, "hour") || word_is(q, "hours")) {
            dim = 'h';
        } else if (word_is(q, "year") || word_is(q, "years")) {
            const char *o = skip_spaces(q + (word_is(q, "years") ? 5 : 4));
            if (!word_is(o, "old"))
                dim = 'd', scale = 365;
        } else if (isalpha((unsigned char)*q) && !word_is(q, "or") && !word_is(q, "and")) {
            p = q - 1;
            continue;   /* another unit: 38 C, 10 minutes */
        }
        if (dim != 'n' && dim != 's')
            while (isalpha((unsigned char)*q))
                q++;
        if (word_is(q = skip_spaces(q), "old"))
            q += 3;
        q = skip_spaces(q);
        if (*q == '(') {
            const char *close = strchr(q, ')');
            if (close)
                q = skip_spaces(close + 1);
        }
        if (*q == ')' || *q == ',')
            q = skip_spaces(q + 1);
        p = q - 1;
        int cmp = *q == '+', dir = cmp;
        const char *end = q + cmp;
        for (size_t k = 0; after[k].w && !cmp; k++)
            if ((cmp = word_is(q, after[k].w))) {
                end = q + strlen(after[k].w);
                dir = after[k].dir;
            }
        for (size_t k = 0; before[k].w && !cmp; k++) {
            size_t bl = strlen(before[k].w);
            if ((cmp = (size_t)(start - text) >= bl && !strncasecmp(start - bl, before[k].w, bl)))
                dir = before[k].dir;
        }
        if (!cmp)
            continue;
        out[n].v = v * scale;
        out[n].dim = dim;
        out[n].dir = dir;
        size_t len = (size_t)(end - start);
        while (len > 0 && (start[len - 1] == ' ' || start[len - 1] == '('))
            len--;
        snprintf(out[n].text, sizeof out[n].text, "%.*s", (int)len, start);
        n++;
    }
    return n;
}

/* Whether a quantity of dimension dim can be compared with question q. */
static int dim_fits(const engine_question *q, char dim)
{
    size_t n = strlen(q->id);
    int days = n > 5 && !strcmp(q->id + n - 5, "_days");
    int hours = n > 6 && !strcmp(q->id + n - 6, "_hours");
    switch (dim) {
    case 'd': return days;
    case 'h': return hours;
    case 's': return q->max == 10;
    default: return !days && !hours;
    }
}

/* Checks that each threshold quantity in text (the words of what, at
 * file:line) is a constant of one of the comparisons cmps ("question:OP:N"). */
static void check_text(lint *l, const char *file, int line, const char *what, const char *text,
                       const char *const *cmps, size_t ncmps)
{
    quantity qs[16];
    size_t n = text ? quantities(text, qs, 16) : 0;
    for (size_t i = 0; i < n; i++) {
        int ok = 0, opposite = 0;
        char seen[512] = "";
        size_t used = 0;
        for (size_t k = 0; k < ncmps && !ok; k++) {
            char id[128], op[8];
            long long c;
            if (sscanf(cmps[k], "%127[^:]:%7[^:]:%lld", id, op, &c) != 3)
                continue;
            const engine_question *q = engine_question_find(l->e, id);
            if (!q || !dim_fits(q, qs[i].dim))
                continue;
            long long v = qs[i].v;
            int same = v == c || (!strcmp(op, ">") && v == c + 1) ||
                       (!strcmp(op, "<") && v == c - 1);
            int opdir = op[0] == '>' ? 1 : op[0] == '<' ? -1 : 0;
            ok = same && (!qs[i].dir || !opdir || qs[i].dir == opdir);
            opposite |= same && !ok;
            char one[160];
            snprintf(one, sizeof one, "%s %s %lld", id, op, c);
            if (strstr(seen, one))
                continue;
            if (used < sizeof seen - 1)
                used += (size_t)snprintf(seen + used, sizeof seen - used, "%s%s %s %lld",
                                         used ? ", " : "", id, op, c);
        }
        if (ok)
            continue;
        char unit[32] = "";
        if (qs[i].dim == 'd' && !strstr(qs[i].text, "day"))
            snprintf(unit, sizeof unit, " (%lld days)", qs[i].v);
        if (opposite)
            diag(l, file, line, "error",
                 "%s says \"%s\", but its rules compare %s: the words and the comparison point "
                 "in opposite directions (is the comparison inverted?)", what, qs[i].text, seen);
        else if (seen[0])
            diag(l, file, line, "error",
                 "%s says \"%s\"%s, but its rules compare %s: say the number the rule tests, so "
                 "that no one is told a threshold that is no longer used", what, qs[i].text, unit,
                 seen);
        else
            diag(l, file, line, "error",
                 "%s says \"%s\"%s, but no rule behind it compares such a number: drop the number "
                 "or add the comparison", what, qs[i].text, unit);
    }
}

static void def_place(const lint *l, const char *tmpl, const char *id, const char **file, int *line)
{
    char ref[256];
    snprintf(ref, sizeof ref, "%s:%s", tmpl, id);
    const json_t *where = json_object_get(l->defs, ref);
    *file = where ? json_string_value(json_object_get(where, "file")) : "?";
    *line = where ? (int)json_integer_value(json_object_get(where, "line")) : 0;
}

/* Appends s to the array *v of *n; on running out of memory, leaves it as it
 * was (a check then sees fewer comparisons, never a wrong one). */
static void push_text(const char ***v, size_t *n, const char *s)
{
    const char **grown = realloc(*v, (*n + 1) * sizeof **v);
    if (!grown)
        return;
    *v = grown;
    grown[(*n)++] = s;
}

/* The texts that state a threshold agree with the comparison the rules make:
 * each rule's docstring with its own comparisons, each trigger's words and
 * safety net with those of the rules that conclude it, each number question's
 * prompt and help with every comparison on it. */
static void check_thresholds(lint *l)
{
    const engine *e = l->e;
    for (size_t i = 0; i < engine_rule_count(e); i++) {
        const engine_rule *r = engine_rule_at(e, i);
        char what[200];
        snprintf(what, sizeof what, "the docstring of rule %s", r->name);
        check_text(l, rule_path(l, r->name, r->file), r->line, what, r->says, r->comparisons,
                   r->ncomparisons);
    }
    for (size_t t = 0; t < engine_trigger_count(e); t++) {
        const engine_trigger *tr = engine_trigger_at(e, t);
        char ref[256];
        snprintf(ref, sizeof ref, "trigger:%s", tr->id);
        const char **cmps = NULL;
        size_t n = 0;
        for (size_t i = 0; i < engine_rule_count(e); i++) {
            const engine_rule *r = engine_rule_at(e, i);
            int concludes = 0;
            for (size_t k = 0; k < r->nconcludes; k++)
                concludes |= !strcmp(r->concludes[k], ref);
            for (size_t k = 0; concludes && k < r->ncomparisons; k++)
                push_text(&cmps, &n, r->comparisons[k]);
        }
        const char *file;
        int line;
        def_place(l, "trigger-def", tr->id, &file, &line);
        char what[200];
        snprintf(what, sizeof what, "trigger %s (its words)", tr->id);
        check_text(l, file, line, what, tr->says, cmps, n);
        snprintf(what, sizeof what, "trigger %s (its safety net)", tr->id);
        check_text(l, file, line, what, tr->safety_net, cmps, n);
        free(cmps);
    }
    for (size_t qi = 0; qi < engine_question_count(e); qi++) {
        const engine_question *q = engine_question_at(e, qi);
        if (q->type != ENGINE_INTEGER)
            continue;
        const char **cmps = NULL;
        size_t n = 0, len = strlen(q->id);
        for (size_t i = 0; i < engine_rule_count(e); i++) {
            const engine_rule *r = engine_rule_at(e, i);
            for (size_t k = 0; k < r->ncomparisons; k++)
                if (!strncmp(r->comparisons[k], q->id, len) && r->comparisons[k][len] == ':')
                    push_text(&cmps, &n, r->comparisons[k]);
        }
        if (n) {
            const char *file;
            int line;
            def_place(l, "question", q->id, &file, &line);
            char what[200];
            snprintf(what, sizeof what, "question %s (its prompt)", q->id);
            check_text(l, file, line, what, q->prompt, cmps, n);
            snprintf(what, sizeof what, "question %s (its help)", q->id);
            check_text(l, file, line, what, q->help, cmps, n);
        }
        free(cmps);
    }
}


/* The highest disposition rank a question reaches on its own: by a rule
 * concluding a trigger whose answers are only it and its follow-ups (the
 * questions relevant-if it), or through a follow-up. */
static long long own_rank(const engine *e, const engine_question *q)
{
    long long best = -1;
    for (size_t i = 0; i < engine_rule_count(e); i++) {
        const engine_rule *r = engine_rule_at(e, i);
        int uses = 0, alone = 1;
        for (size_t u = 0; u < r->nuses; u++) {
            const engine_ref *use = &r->use_refs[u];
            if (strcmp(use->kind, "answer"))
                continue;
            if (!strcmp(use->id, q->id)) {
                uses = 1;
                continue;
            }
            const engine_question *o = engine_question_find(e, use->id);
            alone &= o && o->relevant_if && !strcmp(o->relevant_if, q->id);
        }
        if (!uses || !alone)
            continue;
        for (size_t k = 0; k < r->nconcludes; k++)
            for (size_t t = 0; t < engine_trigger_count(e); t++) {
                const engine_trigger *tr = engine_trigger_at(e, t);
                const engine_ref *c = &r->conclude_refs[k];
                if (!strcmp(c->kind, "trigger") && !strcmp(c->id, tr->id) && tr->rank > best)
                    best = tr->rank;
            }
    }
    for (size_t i = 0; i < engine_question_count(e); i++) {   /* and what its follow-ups reach */
        const engine_question *f = engine_question_at(e, i);
        if (f->relevant_if && !strcmp(f->relevant_if, q->id) && f != q) {
            long long r = own_rank(e, f);
            best = r > best ? r : best;
        }
    }
    return best;
}

/* The urgency class of a checklist item: the rank it reaches on its own when
 * that disposition carries no plan (a red flag), else 0. */
static long long urgency_class(const engine *e, const engine_question *q)
{
    long long rank = own_rank(e, q);
    for (size_t i = 0; i < engine_disposition_count(e); i++) {
        const engine_disposition_info *d = engine_disposition_at(e, i);
        if (d->rank == rank)
            return d->plan ? 0 : rank;
    }
    return 0;
}

static void check_condition_list(lint *l, const char *file, int line, const char *what,
                                 const char *slot, const engine_condition *c, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        const engine_question *q = engine_question_find(l->e, c[i].question);
        if (!q) {
            char hint[200];
            nearest_hint(l, "question", c[i].question, hint, sizeof hint);
            diag(l, file, line, "error", "%s: %s names question %s, which is never defined%s",
                 what, slot, c[i].question, hint);
        } else if (q->type != ENGINE_INTEGER) {
            diag(l, file, line, "error", "%s: %s compares question %s, which is not a number",
                 what, slot, c[i].question);
        }
    }
}

/* Checklists, answer words and conditions name what exists: checklist items
 * are yes/no questions, at most six, in one checklist each, and of one
 * urgency (never an emergency item beside an urgent one); value-words name a
 * value of a choice or list question, labels unique; asked-if and net-if
 * compare numbers. */
static void check_interview_definitions(lint *l)
{
    const engine *e = l->e;
    for (size_t i = 0; i < engine_checklist_count(e); i++) {
        const engine_checklist *c = engine_checklist_at(e, i);
        const char *file;
        int line;
        def_place(l, "checklist", c->id, &file, &line);
        if (c->nitems > 6)
            diag(l, file, line, "error", "checklist %s has %zu items; at most six are asked together",
                 c->id, c->nitems);
        long long cls = -2;
        const char *first = NULL;
        for (size_t k = 0; k < c->nitems; k++) {
            const engine_question *q = engine_question_find(e, c->items[k]);
            if (!q) {
                char hint[200];
                nearest_hint(l, "question", c->items[k], hint, sizeof hint);
                diag(l, file, line, "error", "checklist %s names question %s, which is never "
                     "defined%s", c->id, c->items[k], hint);
                continue;
            }
            if (q->type != ENGINE_YESNO)
                diag(l, file, line, "error", "checklist %s: %s is not a yes/no question; only "
                     "those are asked in a checklist", c->id, q->id);
            const engine_checklist *owner = engine_checklist_of(e, q->id);
            if (owner != c)
                diag(l, file, line, "error", "question %s is in checklists %s and %s; it may be "
                     "in one only", q->id, owner->id, c->id);
            long long k_cls = urgency_class(e, q);
            if (cls == -2) {
                cls = k_cls;
                first = q->id;
            } else if (k_cls != cls) {
                diag(l, file, line, "error", "checklist %s mixes urgencies: %s can reach %s on its "
                     "own and %s %s; put items of different urgency in different checklists",
                     c->id, first, cls > 0 ? "a red flag of one urgency" : "no red flag", q->id,
                     k_cls > 0 ? "a red flag of another" : "none");
            }
        }
    }
    for (size_t i = 0; i < engine_words_count(e); i++) {
        const engine_words *w = engine_words_at(e, i);
        if (!w->question)
            continue;
        const engine_question *q = engine_question_find(e, w->question);
        const char *file;
        int line;
        def_place(l, "question", w->question, &file, &line);
        if (!q || (q->type != ENGINE_CHOICE && q->type != ENGINE_MULTI)) {
            diag(l, file, line, "error", "value-words for %s: %s", w->question,
                 q ? "it is not a choice or list question" : "no such question");
            continue;
        }
        int known = 0;
        for (size_t k = 0; k < q->nvalues; k++)
            known |= !strcmp(q->values[k], w->value);
        if (!known)
            diag(l, file, line, "error", "value-words for %s name value %s, which the question "
                 "does not have", q->id, w->value);
        for (size_t j = 0; j < i && *w->label; j++) {
            const engine_words *o = engine_words_at(e, j);
            if (o->question && !strcmp(o->question, w->question) && !strcmp(o->label, w->label))
                diag(l, file, line, "error", "question %s: values %s and %s have the same label "
                     "\"%s\"", q->id, o->value, w->value, w->label);
        }
    }
    for (size_t i = 0; i < engine_question_count(e); i++) {
        const engine_question *q = engine_question_at(e, i);
        const char *file;
        int line;
        def_place(l, "question", q->id, &file, &line);
        char what[160];
        snprintf(what, sizeof what, "question %s", q->id);
        check_condition_list(l, file, line, what, "asked-if", q->asked_if, q->nasked_if);
    }
    for (size_t i = 0; i < engine_trigger_count(e); i++) {
        const engine_trigger *t = engine_trigger_at(e, i);
        const char *file;
        int line;
        def_place(l, "trigger-def", t->id, &file, &line);
        char what[160];
        snprintf(what, sizeof what, "trigger %s", t->id);
        check_condition_list(l, file, line, what, "net-if", t->net_if, t->nnet_if);
    }
    /* a not-sure taken as yes is said so, in the rules' words, or not at all */
    static const char *const unsure_words[] = { "not-sure-again", "taken-as-yes",
                                                "not-sure-result" };
    for (size_t i = 0; i < engine_question_count(e); i++) {
        const engine_question *q = engine_question_at(e, i);
        if (!q->unknown_means_yes)
            continue;
        const char *file;
        int line;
        def_place(l, "question", q->id, &file, &line);
        for (size_t k = 0; k < sizeof unsure_words / sizeof *unsure_words; k++)
            if (!engine_wording(e, unsure_words[k]))
                diag(l, file, line, "error", "question %s: its not sure counts as yes, but the "
                     "rules give no wording %s, so the front ends could not say why they ask "
                     "it again or take it as yes (see rules/02-wording.clp)", q->id,
                     unsure_words[k]);
        break;   /* said once, at the first such question */
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

/* Adds the errors of a failed load (lines "FILE:LINE: message") that the
 * reading of each file has not already reported. */
static void load_errors(lint *l, const char *msg, const char *dir)
{
    while (*msg) {
        size_t len = strcspn(msg, "\n");
        char one[2048], file[512];
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
            json_array_foreach(l->diags, k, d)
                dup |= strstr(text, json_string_value(json_object_get(d, "message"))) != NULL;
            if (!dup)
                diag(l, file, line, "error", "%s", text);
        } else if (json_array_size(l->diags) == 0) {
            diag(l, dir, 0, "error", "%s", one);
        }
        msg += len + (msg[len] == '\n');
    }
}

int lint_rules(const char *const *dirs, size_t ndirs, engine *e, json_t *diags)
{
    lint l = { .diags = json_array(), .defs = json_object(), .overrides = json_object() };
    engine *own = NULL;
    for (size_t i = 0; i < ndirs; i++)
        read_dir(&l, dirs[i]);
    if (e) {
        l.e = e;
    } else if ((own = engine_new()) != NULL && engine_load(own, dirs, ndirs) == 0) {
        l.e = own;
    } else if (own) {
        load_errors(&l, engine_errmsg(own), ndirs ? dirs[0] : "?");
    }
    check_duplicates(&l);

    json_t *dead = json_object();
    for (size_t f = 0; f < l.nfiles; f++)
        for (size_t i = 0; i < file_nrules(&l, f); i++) {
            const engine_source_rule *r = file_rule(&l, f, i);
            if (!check_rule(&l, l.files[f].path, r))
                json_object_set_new(dead, r->name, json_true());
        }
    json_t *reach = reachable(&l, dead);
    check_definitions(&l, reach);
    if (l.e) {
        check_priorities(&l);
        check_red_flag_questions(&l);
        check_sources(&l);
        check_worrying(&l);
        check_thresholds(&l);
        check_interview_definitions(&l);
    }

    size_t n = json_array_size(l.diags);
    int errors = 0;
    json_t **sorted = calloc(n ? n : 1, sizeof *sorted);
    for (size_t i = 0; sorted && i < n; i++)
        sorted[i] = json_array_get(l.diags, i);
    if (sorted)
        qsort(sorted, n, sizeof *sorted, cmp_diag);
    for (size_t i = 0; sorted && i < n; i++) {
        errors += !strcmp(json_string_value(json_object_get(sorted[i], "severity")), "error");
        json_array_append(diags, sorted[i]);
    }
    if (!sorted)
        errors = -1;
    free(sorted);
    json_decref(dead);
    json_decref(reach);
    for (size_t f = 0; f < l.nfiles; f++) {
        free(l.files[f].path);
        engine_source_free(l.files[f].src);
    }
    free(l.files);
    engine_free(own);
    json_decref(l.diags);
    json_decref(l.defs);
    json_decref(l.overrides);
    return errors;
}

void lint_print(FILE *out, const json_t *diags, const char *severity, const char *prefix)
{
    size_t i;
    const json_t *d;
    json_array_foreach(diags, i, d) {
        const char *sev = json_string_value(json_object_get(d, "severity"));
        if (severity && strcmp(sev, severity) != 0)
            continue;
        fprintf(out, "%s%s:%lld: %s: %s\n", prefix, json_string_value(json_object_get(d, "file")),
                (long long)json_integer_value(json_object_get(d, "line")), sev,
                json_string_value(json_object_get(d, "message")));
    }
}
