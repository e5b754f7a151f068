/* diff.c: what differs between two results, conclusion by conclusion. */
#include "diff.h"

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

/* Writes each conclusion of `in` missing from `other`, as "changes" when
 * other holds the same fact with other details, else as `alone`. */
static int only_in(FILE *out, const json_t *in, const json_t *other, const char *changes,
                   const char *alone)
{
    int n = 0;
    const char *k;
    json_t *rule;
    char head[256];
    json_object_foreach((json_t *)in, k, rule) {
        if (json_object_get(other, k))
            continue;
        key_head(k, head, sizeof head);
        fprintf(out, "  %s: %s  (rule %s)\n", has_head(other, head) ? changes : alone, k,
                json_string_value(rule));
        n++;
    }
    return n;
}

int diff_results(FILE *out, const json_t *old, const json_t *now)
{
    int diffs = 0;
    const char *d1 = json_string_value(json_object_get(old, "disposition"));
    const char *d2 = json_string_value(json_object_get(now, "disposition"));
    if (strcmp(d1, d2) != 0) {
        fprintf(out, "  disposition changes: %s -> %s\n", d1, d2);
        diffs++;
    }
    json_t *a = conclusions(old), *b = conclusions(now);
    diffs += only_in(out, b, a, "changes to", "appears");
    diffs += only_in(out, a, b, "changes from", "disappears");
    json_decref(a);
    json_decref(b);
    return diffs;
}
