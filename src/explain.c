/* explain.c: derivation trees from a result's explanation. */
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

static void node(FILE *out, const json_t *steps, const char *key, int depth, int width)
{
    char lead[128];
    int indent = depth * 3;
    if (indent > 60)
        indent = 60;
    snprintf(lead, sizeof lead, "%*s- ", indent, "");
    const json_t *s = depth < MAX_DEPTH ? step_concluding(steps, key) : NULL;
    if (!s) {
        text_wrap(out, lead, key, indent + 2, width);
        return;
    }
    char line[1024];
    snprintf(line, sizeof line, "%s  [rule %s, %s:%lld: %s. Source: %s]", key,
             json_string_value(json_object_get(s, "rule")),
             json_string_value(json_object_get(s, "file")),
             (long long)json_integer_value(json_object_get(s, "line")),
             json_string_value(json_object_get(s, "says")),
             json_string_value(json_object_get(s, "source")));
    text_wrap(out, lead, line, indent + 2, width);
    size_t i;
    json_t *u;
    json_array_foreach(json_object_get(s, "used"), i, u)
        node(out, steps, json_string_value(u), depth + 1, width);
}

int explain_how(FILE *out, const json_t *result, const char *id, int width)
{
    const json_t *steps = json_object_get(result, "explanation");
    size_t i, j;
    json_t *s, *c;
    if (strcmp(id, "disposition") == 0) {
        const char *disp = json_string_value(json_object_get(result, "disposition"));
        int any = 0;
        fprintf(out, "disposition %s:\n", disp);
        json_array_foreach(json_object_get(result, "reasons"), i, s) {
            if (strcmp(json_string_value(json_object_get(s, "disposition")), disp) != 0)
                continue;
            char key[256];
            snprintf(key, sizeof key, "trigger: %s",
                     json_string_value(json_object_get(s, "trigger")));
            node(out, steps, key, 1, width);
            any = 1;
        }
        if (!any)
            text_wrap(out, "   - ", "no trigger fired, so the least urgent disposition applies",
                      5, width);
        return 0;
    }
    int found = 0;
    json_array_foreach(steps, i, s)
        json_array_foreach(json_object_get(s, "concluded"), j, c) {
            const char *key = json_string_value(c);
            if (!key_names(key, id) || step_concluding(steps, key) != s)
                continue;
            node(out, steps, key, 0, width);
            found = 1;
        }
    return found ? 0 : -1;
}
