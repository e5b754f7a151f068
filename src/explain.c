/* explain.c: numbered derivation trees from a result's explanation. */
#include "explain.h"
#include "text.h"

#include <string.h>

#define MAX_DEPTH 24

/* A fact key ("contributor: tight_hamstrings (certainty 1)") names id when
 * the text after "TEMPLATE: " is id, alone or followed by a space. */
static int key_names(const char *key, const char *id)
{
    const char *p = strstr(key, ": ");
    if (!p)
        return 0;
    p += 2;
    size_t n = strlen(id);
    return strncmp(p, id, n) == 0 && (p[n] == '\0' || p[n] == ' ');
}

static const json_t *step_concluding(const json_t *steps, const char *key)
{
    size_t i, j;
    json_t *s, *c;
    json_array_foreach(steps, i, s)
        json_array_foreach(json_object_get(s, "concluded"), j, c)
            if (strcmp(json_string_value(c), key) == 0)
                return s;
    return NULL;
}

/* Writes key as node `num` and, below it, how it was concluded; a key shown
 * before (recorded in seen) refers to its first number instead. */
static void node(FILE *out, const json_t *steps, json_t *seen, const char *key, const char *num,
                 int depth, int width)
{
    char lead[160], line[1536];
    int indent = depth * 3 > 45 ? 45 : depth * 3;
    snprintf(lead, sizeof lead, "%*s%s ", indent, "", num);
    int hang = (int)strlen(lead);
    const json_t *s = depth < MAX_DEPTH ? step_concluding(steps, key) : NULL;
    const json_t *before = json_object_get(seen, key);
    if (s && before) {
        snprintf(line, sizeof line, "%s  (as in %s)", key, json_string_value(before));
        text_wrap(out, lead, line, hang, width);
        return;
    }
    if (!s) {
        text_wrap(out, lead, key, hang, width);
        return;
    }
    json_object_set_new(seen, key, json_string(num));
    snprintf(line, sizeof line, "%s  [rule %s (%s:%lld): %s. Source: %s]", key,
             json_string_value(json_object_get(s, "rule")),
             json_string_value(json_object_get(s, "file")),
             (long long)json_integer_value(json_object_get(s, "line")),
             json_string_value(json_object_get(s, "says")),
             json_string_value(json_object_get(s, "source")));
    text_wrap(out, lead, line, hang, width);
    size_t i;
    json_t *u;
    json_array_foreach(json_object_get(s, "used"), i, u) {
        char sub[96];
        snprintf(sub, sizeof sub, "%s%zu.", num, i + 1);
        node(out, steps, seen, json_string_value(u), sub, depth + 1, width);
    }
}

static int disposition_tree(FILE *out, const json_t *result, json_t *seen, const char *num,
                            int width)
{
    const json_t *steps = json_object_get(result, "explanation");
    const char *disp = json_string_value(json_object_get(result, "disposition"));
    char head[160];
    snprintf(head, sizeof head, "%s disposition: %s", num, disp);
    text_wrap(out, "", head, 3, width);
    size_t i, k = 0;
    json_t *s;
    json_array_foreach(json_object_get(result, "reasons"), i, s) {
        if (strcmp(json_string_value(json_object_get(s, "disposition")), disp) != 0)
            continue;
        char key[256], sub[96];
        snprintf(key, sizeof key, "trigger: %s", json_string_value(json_object_get(s, "trigger")));
        snprintf(sub, sizeof sub, "%s%zu.", num, ++k);
        node(out, steps, seen, key, sub, 1, width);
    }
    if (k == 0)
        text_wrap(out, "   ", "no trigger fired, so the least urgent disposition applies", 3,
                  width);
    return 0;
}

/* Writes every step that concluded a fact naming id, numbered from first. */
static int conclusion_trees(FILE *out, const json_t *result, json_t *seen, const char *id,
                            int *first, int width)
{
    const json_t *steps = json_object_get(result, "explanation");
    size_t i, j;
    json_t *s, *c;
    int found = 0;
    json_array_foreach(steps, i, s)
        json_array_foreach(json_object_get(s, "concluded"), j, c) {
            const char *key = json_string_value(c);
            if (!key_names(key, id) || step_concluding(steps, key) != s)
                continue;
            char num[32];
            snprintf(num, sizeof num, "%d.", (*first)++);
            node(out, steps, seen, key, num, 0, width);
            found = 1;
        }
    return found;
}

int explain_how(FILE *out, const json_t *result, const char *id, int width)
{
    json_t *seen = json_object();
    int n = 1, rc = strcmp(id, "disposition") == 0
                        ? disposition_tree(out, result, seen, "1.", width)
                        : (conclusion_trees(out, result, seen, id, &n, width) ? 0 : -1);
    json_decref(seen);
    return rc;
}

void explain_tree(FILE *out, const json_t *result, int width)
{
    json_t *seen = json_object();
    disposition_tree(out, result, seen, "1.", width);
    int n = 2;
    static const char *const parts[] = { "recommendations", "cautions", "contributors" };
    for (size_t p = 0; p < 3; p++) {
        size_t i;
        json_t *v;
        json_array_foreach(json_object_get(result, parts[p]), i, v)
            conclusion_trees(out, result, seen, json_string_value(json_object_get(v, "id")), &n,
                             width);
    }
    json_decref(seen);
}
