/* diff.c: what differs between two results, conclusion by conclusion. */
#include "diff.h"
#include "explain.h"

#include <string.h>

/* Every concluded fact of a result's explanation, key -> rule. */
static json_t *conclusions(const json_t *result)
{
    json_t *map = json_object();
    size_t i, j;
    json_t *s, *c;
    json_array_foreach(json_object_get(result, "explanation"), i, s)
        json_array_foreach(json_object_get(s, "concluded"), j, c)
            if (!json_object_get(map, json_string_value(c)))
                json_object_set(map, json_string_value(c), json_object_get(s, "rule"));
    return map;
}

/* The part of a key before its detail: "contributor: x (certainty 1)" -> "contributor: x". */
static void key_head(const char *key, char *out, size_t len)
{
    const char *p = strstr(key, ": ");
    const char *end = p ? strchr(p + 2, ' ') : NULL;
    size_t n = end ? (size_t)(end - key) : strlen(key);
    snprintf(out, len, "%.*s", (int)n, key);
}

static int has_head(const json_t *map, const char *head)
{
    const char *k;
    json_t *v;
    char h[256];
    json_object_foreach((json_t *)map, k, v) {
        key_head(k, h, sizeof h);
        if (strcmp(h, head) == 0)
            return 1;
    }
    return 0;
}

/* The first step of result that concluded key, or NULL. */
static const json_t *concluding_step(const json_t *result, const char *key)
{
    size_t i, j;
    json_t *s, *c;
    json_array_foreach(json_object_get(result, "explanation"), i, s)
        json_array_foreach(json_object_get(s, "concluded"), j, c)
            if (strcmp(json_string_value(c), key) == 0)
                return s;
    return NULL;
}

/* The first rule of `changed` found under key in result's derivation (the
 * rules that concluded it, then those that concluded what they used), or
 * NULL. depth bounds the search. */
static const char *changed_below(const json_t *result, const char *key, const json_t *changed,
                                 int depth)
{
    size_t i, j, k;
    json_t *s, *c, *u;
    if (depth > 24)
        return NULL;
    json_array_foreach(json_object_get(result, "explanation"), i, s)
        json_array_foreach(json_object_get(s, "concluded"), j, c) {
            if (strcmp(json_string_value(c), key) != 0)
                continue;
            const char *rule = json_string_value(json_object_get(s, "rule"));
            if (rule && json_object_get(changed, rule))
                return rule;
            json_array_foreach(json_object_get(s, "used"), k, u) {
                const char *r = changed_below(result, json_string_value(u), changed, depth + 1);
                if (r)
                    return r;
            }
        }
    return NULL;
}

/* Writes each conclusion of `in` missing from `other`, as "changes" when
 * other holds the same fact with other details, else as `alone`; with the
 * changed rule behind it when changed is not NULL. */
static int only_in(FILE *out, const json_t *in, const json_t *in_result, const json_t *other,
                   const char *changes, const char *alone, const json_t *changed)
{
    int n = 0;
    const char *k;
    json_t *rule;
    char head[256];
    json_object_foreach((json_t *)in, k, rule) {
        if (json_object_get(other, k))
            continue;
        key_head(k, head, sizeof head);
        char r[1024];
        const json_t *step = concluding_step(in_result, k);
        char tests[900];
        explain_tests(step, NULL, tests, sizeof tests);
        snprintf(r, sizeof r, "%s%s%s", json_string_value(rule), *tests ? ": " : "", tests);
        const char *below = changed ? changed_below(in_result, k, changed, 0) : NULL;
        if (below && strcmp(below, json_string_value(rule)) == 0)
            fprintf(out, "  %s: %s  (rule %s; the rule changed)\n",
                    has_head(other, head) ? changes : alone, k, r);
        else if (below)
            fprintf(out, "  %s: %s  (rule %s; behind it rule %s, which changed)\n",
                    has_head(other, head) ? changes : alone, k, r, below);
        else
            fprintf(out, "  %s: %s  (rule %s)\n", has_head(other, head) ? changes : alone, k, r);
        n++;
    }
    return n;
}

int diff_results_because(FILE *out, const json_t *old, const json_t *now, const json_t *changed)
{
    int diffs = 0;
    const char *d1 = json_string_value(json_object_get(old, "disposition"));
    const char *d2 = json_string_value(json_object_get(now, "disposition"));
    if (d1 && d2 && strcmp(d1, d2) != 0) {
        fprintf(out, "  disposition changes: %s -> %s\n", d1, d2);
        diffs++;
    }
    json_t *a = conclusions(old), *b = conclusions(now);
    diffs += only_in(out, b, now, a, "changes to", "appears", changed);
    diffs += only_in(out, a, old, b, "changes from", "disappears", changed);
    json_decref(a);
    json_decref(b);
    return diffs;
}

int diff_results(FILE *out, const json_t *old, const json_t *now)
{
    return diff_results_because(out, old, now, NULL);
}
