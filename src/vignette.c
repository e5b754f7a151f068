/* vignette.c: reading vignettes and checking results against them.
 *
 * JSON expect keys:
 *   disposition            the disposition id
 *   triggers               the exact set of trigger ids
 *   contributors           {id: certainty or null} each present (with that certainty)
 *   contributors_absent    ids that must not be reached
 *   causes                 cause ids that must be listed
 *   causes_count           the number of causes listed
 *   recommendations        ids that must be in the plan
 *   recommendations_absent ids that must not be in the plan
 *   no_plan                true: the plan must be empty
 *   cautions               the exact set of caution ids
 *   assumptions_include    texts each of which some assumption starts with
 *   assumptions_count      the number of assumptions
 *   safety_net_includes / safety_net_excludes (trigger ids) / safety_net_count
 *   explanation_rules      rules that must appear in the explanation
 *   error_field            the case must be an error naming this field
 */
#include "util.h"
#include "vignette.h"
#include "cases.h"
#include "engine.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

/* ---- checking ------------------------------------------------------------------ */

static void differ(json_t *diffs, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void differ(json_t *diffs, const char *fmt, ...)
{
    char buf[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    json_array_append_new(diffs, json_string(buf));
}

static const json_t *find_by(const json_t *arr, const char *key, const char *id)
{
    size_t i;
    json_t *v;
    json_array_foreach(arr, i, v) {
        const json_t *x = json_is_string(v) ? v : json_object_get(v, key);
        if (json_is_string(x) && strcmp(json_string_value(x), id) == 0)
            return v;
    }
    return NULL;
}

static void check_set(json_t *diffs, const char *what, const json_t *arr, const json_t *want)
{
    size_t i;
    json_t *v;
    json_array_foreach(want, i, v)
        if (!find_by(arr, "id", json_string_value(v)))
            differ(diffs, "%s: %s missing", what, json_string_value(v));
    json_array_foreach(arr, i, v) {
        const json_t *x = json_is_string(v) ? v : json_object_get(v, "id");
        if (!find_by(want, "id", json_string_value(x)))
            differ(diffs, "%s: %s not expected", what, json_string_value(x));
    }
}

static void check_present(json_t *diffs, const char *what, const json_t *arr, const char *key,
                          const json_t *want, int present)
{
    size_t i;
    json_t *v;
    json_array_foreach(want, i, v)
        if ((find_by(arr, key, json_string_value(v)) != NULL) != present)
            differ(diffs, "%s %s %s", what, json_string_value(v),
                   present ? "missing" : "present but must not be");
}

static void check_count(json_t *diffs, const char *what, const json_t *arr, const json_t *want)
{
    if (want && json_array_size(arr) != (size_t)json_integer_value(want))
        differ(diffs, "%zu %s, expected %lld", json_array_size(arr), what,
               (long long)json_integer_value(want));
}

json_t *vignette_check(const json_t *res, const json_t *expect)
{
    json_t *diffs = json_array();
    const json_t *err = json_object_get(res, "error");
    const json_t *want_err = json_object_get(expect, "error_field");
    if (want_err || err) {
        const json_t *field = json_object_get(err, "field");
        char why[1024];
        if (!want_err)
            differ(diffs, "refused: %s", cases_error_text(res, why, sizeof why));
        else if (!err)
            differ(diffs, "expected the case to be refused for %s", json_string_value(want_err));
        else if (!json_equal(field, want_err))
            differ(diffs, "refused for %s, expected %s",
                   json_is_string(field) ? json_string_value(field) : "no one answer",
                   json_string_value(want_err));
        return diffs;
    }
    const json_t *v;
    if ((v = json_object_get(expect, "disposition")) &&
        !json_equal(v, json_object_get(res, "disposition")))
        differ(diffs, "disposition %s, expected %s",
               json_string_value(json_object_get(res, "disposition")), json_string_value(v));
    if ((v = json_object_get(expect, "triggers")))
        check_set(diffs, "triggers", json_object_get(res, "triggers"), v);
    if ((v = json_object_get(expect, "cautions")))
        check_set(diffs, "cautions", json_object_get(res, "cautions"), v);
    if ((v = json_object_get(expect, "contributors"))) {
        const char *id;
        json_t *cf;
        json_object_foreach((json_t *)v, id, cf) {
            const json_t *got = find_by(json_object_get(res, "contributors"), "id", id);
            double c = json_number_value(json_object_get(got, "certainty"));
            if (!got)
                differ(diffs, "contributor %s missing", id);
            else if (json_is_number(cf) && fabs(c - json_number_value(cf)) > 0.0011)
                differ(diffs, "contributor %s certainty %g, expected %g", id, c,
                       json_number_value(cf));
        }
    }
    if ((v = json_object_get(expect, "contributors_absent")))
        check_present(diffs, "contributor", json_object_get(res, "contributors"), "id", v, 0);
    if ((v = json_object_get(expect, "causes")))
        check_present(diffs, "cause", json_object_get(res, "causes"), "id", v, 1);
    check_count(diffs, "causes", json_object_get(res, "causes"),
                json_object_get(expect, "causes_count"));
    if ((v = json_object_get(expect, "recommendations")))
        check_present(diffs, "recommendation", json_object_get(res, "recommendations"), "id", v, 1);
    if ((v = json_object_get(expect, "recommendations_absent")))
        check_present(diffs, "recommendation", json_object_get(res, "recommendations"), "id", v, 0);
    if (json_is_true(json_object_get(expect, "no_plan")) &&
        json_array_size(json_object_get(res, "recommendations")) != 0)
        differ(diffs, "has a plan, but must have none");
    if ((v = json_object_get(expect, "safety_net_includes")))
        check_present(diffs, "safety net", json_object_get(res, "safety_net"), "trigger", v, 1);
    if ((v = json_object_get(expect, "safety_net_excludes")))
        check_present(diffs, "safety net", json_object_get(res, "safety_net"), "trigger", v, 0);
    check_count(diffs, "safety net items", json_object_get(res, "safety_net"),
                json_object_get(expect, "safety_net_count"));
    check_count(diffs, "assumptions", json_object_get(res, "assumptions"),
                json_object_get(expect, "assumptions_count"));
    if ((v = json_object_get(expect, "assumptions_include"))) {
        size_t i, j;
        json_t *w, *a;
        json_array_foreach(v, i, w) {
            int found = 0;
            json_array_foreach(json_object_get(res, "assumptions"), j, a)
                found |= strncmp(json_string_value(a), json_string_value(w),
                                 strlen(json_string_value(w))) == 0;
            if (!found)
                differ(diffs, "no assumption beginning \"%s\"", json_string_value(w));
        }
    }
    if ((v = json_object_get(expect, "explanation_rules")))
        check_present(diffs, "explanation rule", json_object_get(res, "explanation"), "rule", v, 1);
    return diffs;
}

/* ---- reading ----------------------------------------------------------------------- */

static char *trim(char *s)
{
    while (isspace((unsigned char)*s))
        s++;
    size_t n = strlen(s);
    while (n > 0 && isspace((unsigned char)s[n - 1]))
        s[--n] = '\0';
    return s;
}

/* "a, b c" -> ["a", "b c"]; "none" -> []. */
static json_t *list(const char *text)
{
    json_t *arr = json_array();
    if (strcmp(text, "none") == 0)
        return arr;
    char *copy = strdup(text), *save = NULL;
    for (char *tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
        char *t = trim(tok);
        if (*t)
            json_array_append_new(arr, json_string(t));
    }
    free(copy);
    return arr;
}

/* A value as a vignette writes it: the case format's literals (an integer, a
 * value id, a list of ids joined by commas), taken as they are so that a
 * vignette can test what the rules refuse; a person's words are answer.c's. */
static json_t *literal(const engine *e, const char *id, const char *text)
{
    const engine_question *q = e ? engine_question_find(e, id) : NULL;
    if (q && q->type == ENGINE_MULTI && strcmp(text, "unknown") != 0)
        return list(text);
    char *end;
    errno = 0;
    long long n = strtoll(text, &end, 10);
    if (*text && *end == '\0' && errno == 0 && (!q || q->type == ENGINE_INTEGER))
        return json_integer(n);
    return json_string(text);
}

/* Adds one "key: value" line of an expect section. */
static int expect_line(json_t *expect, const char *key, const char *value)
{
    static const struct { const char *key, *json; int kind; } keys[] = {
        { "disposition", "disposition", 0 },
        { "triggers", "triggers", 1 },
        { "cautions", "cautions", 1 },
        { "recommendations", "recommendations", 1 },
        { "not recommendations", "recommendations_absent", 1 },
        { "not contributors", "contributors_absent", 1 },
        { "causes", "causes", 1 },
        { "assumption", "assumptions_include", 4 },
        { "error", "error_field", 0 },
        { "contributors", "contributors", 2 },
        { "no plan", "no_plan", 3 },
    };
    for (size_t i = 0; i < sizeof keys / sizeof *keys; i++) {
        if (strcmp(keys[i].key, key) != 0)
            continue;
        if (keys[i].kind == 0) {
            json_object_set_new(expect, keys[i].json, json_string(value));
        } else if (keys[i].kind == 1) {
            json_object_set_new(expect, keys[i].json, list(value));
        } else if (keys[i].kind == 4) {
            json_t *arr = json_object_get(expect, keys[i].json);
            if (!arr) {
                arr = json_array();
                json_object_set_new(expect, keys[i].json, arr);
            }
            json_array_append_new(arr, json_string(value));
        } else if (keys[i].kind == 3) {
            json_object_set_new(expect, keys[i].json, json_boolean(strcmp(value, "yes") == 0));
        } else {
            json_t *items = list(value), *map = json_object();
            size_t k;
            json_t *it;
            json_array_foreach(items, k, it) {
                char buf[256];
                snprintf(buf, sizeof buf, "%s", json_string_value(it));
                char *sp = strchr(buf, ' ');
                json_t *cf = json_null();
                if (sp) {
                    *sp = '\0';
                    char *end;
                    double d = strtod(trim(sp + 1), &end);
                    if (*end != '\0') {
                        json_decref(items);
                        json_decref(map);
                        return -1;
                    }
                    cf = json_real(d);
                }
                json_object_set_new(map, buf, cf);
            }
            json_decref(items);
            json_object_set_new(expect, keys[i].json, map);
        }
        return 0;
    }
    return -1;
}

/* The ids of one kind that e defines ("question", "trigger", "caution",
 * "recommendation", "contributor", "disposition"), as an array (new ref). */
static json_t *known_ids(const engine *e, const char *kind)
{
    json_t *ids = json_array();
    if (!strcmp(kind, "question"))
        for (size_t i = 0; i < engine_question_count(e); i++)
            json_array_append_new(ids, json_string(engine_question_at(e, i)->id));
    else if (!strcmp(kind, "trigger"))
        for (size_t i = 0; i < engine_trigger_count(e); i++)
            json_array_append_new(ids, json_string(engine_trigger_at(e, i)->id));
    else if (!strcmp(kind, "caution"))
        for (size_t i = 0; i < engine_caution_count(e); i++)
            json_array_append_new(ids, json_string(engine_caution_at(e, i)->id));
    else if (!strcmp(kind, "recommendation"))
        for (size_t i = 0; i < engine_recommendation_count(e); i++)
            json_array_append_new(ids, json_string(engine_recommendation_at(e, i)->id));
    else if (!strcmp(kind, "contributor"))
        for (size_t i = 0; i < engine_contributor_count(e); i++)
            json_array_append_new(ids, json_string(engine_contributor_at(e, i)->id));
    return ids;
}

/* 0 when e defines id of kind (or there is no e); otherwise -1 with a
 * message naming the nearest id that it does define. */
static int check_id(const engine *e, const char *kind, const char *id, const char *where,
                    char *err, size_t errlen)
{
    if (!e)
        return 0;
    if (!strcmp(kind, "disposition")) {
        if (engine_disposition_rank(e, id) >= 0)
            return 0;
        size_t o = (size_t)snprintf(err, errlen, "%s: unknown disposition \"%s\" (the rules "
                                    "define", where, id);
        for (size_t i = engine_disposition_count(e); i-- > 0 && o < errlen;)   /* most urgent first */
            o += (size_t)snprintf(err + o, errlen - o, "%s %s", i + 1 < engine_disposition_count(e)
                                  ? (i ? "," : " and") : "", engine_disposition_at(e, i)->id);
        if (o < errlen)
            snprintf(err + o, errlen - o, ")");
        return -1;
    }
    json_t *ids = known_ids(e, kind);
    size_t i, best = strlen(id) / 3 + 1;
    json_t *x;
    const char *near = NULL;
    int found = 0;
    json_array_foreach(ids, i, x) {
        size_t d = util_edit_distance(id, json_string_value(x));
        found |= d == 0;
        if (d <= best) {
            best = d;
            near = json_string_value(x);
        }
    }
    if (!found)
        snprintf(err, errlen, "%s: unknown %s id \"%s\"%s%s%s", where, kind, id,
                 near ? " (did you mean " : "", near ? near : "", near ? "?)" : "");
    json_decref(ids);
    return found ? 0 : -1;
}

/* Checks the ids an expect object names. */
static int check_expect(const engine *e, const json_t *expect, const char *where, char *err,
                        size_t errlen)
{
    static const struct { const char *key, *kind; } lists[] = {
        { "triggers", "trigger" }, { "cautions", "caution" },
        { "recommendations", "recommendation" }, { "recommendations_absent", "recommendation" },
        { "contributors_absent", "contributor" }, { "safety_net_includes", "trigger" },
        { "safety_net_excludes", "trigger" },
    };
    const json_t *d = json_object_get(expect, "disposition");
    if (json_is_string(d) && check_id(e, "disposition", json_string_value(d), where, err, errlen))
        return -1;
    for (size_t k = 0; k < sizeof lists / sizeof *lists; k++) {
        size_t i;
        json_t *x;
        json_array_foreach(json_object_get(expect, lists[k].key), i, x)
            if (json_is_string(x) &&
                check_id(e, lists[k].kind, json_string_value(x), where, err, errlen))
                return -1;
    }
    const char *id;
    json_t *cf;
    json_object_foreach(json_object_get(expect, "contributors"), id, cf)
        if (check_id(e, "contributor", id, where, err, errlen))
            return -1;
    return 0;
}

/* The expect keys of the JSON form that vignette_check() reads. */
static int known_expect_key(const char *key)
{
    static const char *const keys[] = {
        "disposition", "triggers", "cautions", "contributors", "contributors_absent", "causes",
        "causes_count", "recommendations", "recommendations_absent", "no_plan",
        "safety_net_includes", "safety_net_excludes", "safety_net_count", "assumptions_count",
        "assumptions_include", "explanation_rules", "error_field", NULL,
    };
    for (size_t i = 0; keys[i]; i++)
        if (!strcmp(keys[i], key))
            return 1;
    return 0;
}

/* A vignette's answers name questions e defines, unless it expects the case
 * to be refused. */
static int check_answers(const engine *e, const json_t *v, const char *where, char *err,
                         size_t errlen)
{
    if (!e || json_object_get(json_object_get(v, "expect"), "error_field"))
        return 0;
    const char *id;
    json_t *x;
    json_object_foreach(json_object_get(v, "answers"), id, x)
        if (check_id(e, "question", id, where, err, errlen))
            return -1;
    return 0;
}

static json_t *read_text(FILE *f, const char *path, const engine *e, char *err, size_t errlen)
{
    json_t *all = json_array(), *cur = NULL;
    enum { NONE, ANSWERS, EXPECT } section = NONE;
    char bad_answer_at[600] = "";   /* where the first unknown question id is, if any */
    char *line = NULL;
    size_t cap = 0;
    long lineno = 0;
    ssize_t n;
    while ((n = getline(&line, &cap, f)) > 0) {
        lineno++;
        if (strlen(line) != (size_t)n) {
            snprintf(err, errlen, "%s:%ld: the line has a NUL byte in it", path, lineno);
            goto fail;
        }
        char *hash = strchr(line, '#');
        if (hash)
            *hash = '\0';
        char *t = trim(line);
        if (!*t)
            continue;
        char *colon = strchr(t, ':');
        if (!colon) {
            snprintf(err, errlen, "%s:%ld: expected \"key: value\"", path, lineno);
            goto fail;
        }
        *colon = '\0';
        char *key = trim(t), *value = trim(colon + 1);
        char where[600];
        snprintf(where, sizeof where, "%s:%ld", path, lineno);
        if (strcmp(key, "vignette") == 0 && cur &&
            check_answers(e, cur, bad_answer_at, err, errlen))
            goto fail;
        if (strcmp(key, "vignette") == 0) {
            bad_answer_at[0] = '\0';
            cur = json_pack("{s:s, s:{}, s:{}, s:s, s:I}", "id", value, "answers", "expect",
                            "file", path, "line", (json_int_t)lineno);
            json_array_append_new(all, cur);
            section = NONE;
        } else if (!cur) {
            snprintf(err, errlen, "%s:%ld: a vignette begins with \"vignette: NAME\"", path, lineno);
            goto fail;
        } else if (strcmp(key, "answers") == 0 && !*value) {
            section = ANSWERS;
        } else if (strcmp(key, "expect") == 0 && !*value) {
            section = EXPECT;
        } else if ((section == ANSWERS || section == EXPECT) && !*value) {
            snprintf(err, errlen, "%s: \"%s:\" has no value (the sections are \"answers:\" and "
                     "\"expect:\")", where, key);
            goto fail;
        } else if (section == ANSWERS) {
            if (e && !engine_question_find(e, key) && !bad_answer_at[0])
                snprintf(bad_answer_at, sizeof bad_answer_at, "%s", where);
            json_object_set_new(json_object_get(cur, "answers"), key, literal(e, key, value));
        } else if (section == EXPECT) {
            json_t *one = json_object();
            if (expect_line(one, key, value) != 0) {
                json_decref(one);
                snprintf(err, errlen, "%s: unknown expectation \"%s\" (one of: disposition, "
                         "triggers, cautions, contributors, not contributors, recommendations, "
                         "not recommendations, causes, no plan, assumption, error)", where, key);
                goto fail;
            }
            int bad = check_expect(e, one, where, err, errlen);
            json_decref(one);
            if (bad)
                goto fail;
            expect_line(json_object_get(cur, "expect"), key, value);
        } else {
            snprintf(err, errlen, "%s:%ld: \"%s\" outside answers: or expect:", path, lineno, key);
            goto fail;
        }
    }
    if (cur && check_answers(e, cur, bad_answer_at, err, errlen))
        goto fail;
    free(line);
    return all;
fail:
    free(line);
    json_decref(all);
    return NULL;
}

static json_t *read_jsonl(FILE *f, const char *path, const engine *e, int need_expect, char *err,
                          size_t errlen)
{
    json_t *all = json_array();
    char *line = NULL;
    size_t cap = 0;
    long lineno = 0;
    ssize_t n;
    while ((n = getline(&line, &cap, f)) > 0) {
        lineno++;
        if (strspn(line, " \t\r\n") == (size_t)n)
            continue;
        json_error_t jerr;
        json_t *c = json_loadb(line, (size_t)n, JSON_REJECT_DUPLICATES, &jerr);
        char where[600];
        snprintf(where, sizeof where, "%s:%ld", path, lineno);
        const json_t *expect = json_object_get(c, "expect");
        const char *key = NULL;
        json_t *x;
        if (json_is_object(expect))
            json_object_foreach((json_t *)expect, key, x)
                if (!known_expect_key(key))
                    break;
        if (!json_is_object(c) || (need_expect && !json_is_object(expect)) ||
            (expect && !json_is_object(expect)) || key) {
            const char *why = c ? (key ? "unknown expect key" : "a vignette needs an \"expect\" object")
                              : strlen(line) != (size_t)n ? "the line has a NUL byte in it"
                              : jerr.text;
            snprintf(err, errlen, "%s: %s%s%s%s", where, why, key ? " \"" : "", key ? key : "",
                     key ? "\"" : "");
            json_decref(c);
            json_decref(all);
            free(line);
            return NULL;
        }
        if (check_answers(e, c, where, err, errlen) ||
            (expect && check_expect(e, expect, where, err, errlen))) {
            json_decref(c);
            json_decref(all);
            free(line);
            return NULL;
        }
        json_object_set_new(c, "file", json_string(path));
        json_object_set_new(c, "line", json_integer(lineno));
        json_array_append_new(all, c);
    }
    free(line);
    return all;
}

static json_t *read_any(const char *path, const engine *e, int need_expect, char *err,
                        size_t errlen)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        snprintf(err, errlen, "%s: %s", path, strerror(errno));
        return NULL;
    }
    int c;
    do {
        c = fgetc(f);
        if (c == '#')
            while ((c = fgetc(f)) != EOF && c != '\n')
                ;
    } while (c != EOF && isspace(c));
    rewind(f);
    json_t *all = c == '{' ? read_jsonl(f, path, e, need_expect, err, errlen)
                           : read_text(f, path, e, err, errlen);
    fclose(f);
    return all;
}

json_t *vignette_read(const char *path, const engine *e, char *err, size_t errlen)
{
    return read_any(path, e, 1, err, errlen);
}

json_t *vignette_read_cases(const char *path, const engine *e, char *err, size_t errlen)
{
    return read_any(path, e, 0, err, errlen);
}

/* ---- writing ------------------------------------------------------------------------ */

static void write_value(FILE *out, const json_t *v)
{
    if (json_is_array(v)) {
        size_t i;
        json_t *x;
        json_array_foreach(v, i, x)
            fprintf(out, "%s%s", i ? ", " : "", json_string_value(x));
        if (json_array_size(v) == 0)
            fputs("none", out);
    } else if (json_is_integer(v)) {
        fprintf(out, "%lld", (long long)json_integer_value(v));
    } else {
        fputs(json_string_value(v), out);
    }
}

void vignette_write(FILE *out, const char *name, const json_t *answers, const json_t *expect)
{
    fprintf(out, "vignette: %s\nanswers:\n", name);
    const char *k;
    json_t *v;
    json_object_foreach((json_t *)answers, k, v) {
        fprintf(out, "  %s: ", k);
        write_value(out, v);
        fputc('\n', out);
    }
    fputs("expect:\n", out);
    if (json_object_get(expect, "disposition"))
        fprintf(out, "  disposition: %s\n",
                json_string_value(json_object_get(expect, "disposition")));
    if (json_object_get(expect, "triggers")) {
        fputs("  triggers: ", out);
        write_value(out, json_object_get(expect, "triggers"));
        fputc('\n', out);
    }
}
