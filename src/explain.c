/* explain.c: numbered derivation trees from a result's explanation. */
#include "explain.h"
#include "text.h"

#include <stdlib.h>
#include <string.h>

#define MAX_DEPTH 24
#define MAX_STEPS 16   /* rules shown as concluding one fact */

typedef struct tree {
    FILE *out;
    const json_t *result;
    const json_t *steps;     /* its explanation */
    const json_t *answers;   /* the case's answers, or NULL */
    json_t *seen;            /* fact key -> the number it was first shown under */
    int width;
} tree;

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

/* Whether two steps are firings of one rule on the same facts. */
static int same_firing(const json_t *a, const json_t *b)
{
    return json_equal(json_object_get(a, "rule"), json_object_get(b, "rule")) &&
           json_equal(json_object_get(a, "used"), json_object_get(b, "used"));
}

/* Every step that concluded key, in order (a firing like one before it
 * once), at most max; returns how many. */
static size_t steps_concluding(const json_t *steps, const char *key, const json_t **out, size_t max)
{
    size_t i, j, n = 0;
    json_t *s, *c;
    json_array_foreach(steps, i, s)
        json_array_foreach(json_object_get(s, "concluded"), j, c)
            if (n < max && strcmp(json_string_value(c), key) == 0) {
                int again = 0;
                for (size_t k = 0; k < n && !again; k++)
                    again = same_firing(out[k], s);
                if (!again)
                    out[n++] = s;
                break;
            }
    return n;
}

static const json_t *step_concluding(const json_t *steps, const char *key)
{
    const json_t *s = NULL;
    return steps_concluding(steps, key, &s, 1) ? s : NULL;
}

/* The question a test is about: its first word, after "not " and before a
 * space or ':'. */
static void test_question(const char *test, char *q, size_t len)
{
    if (strncmp(test, "not (", 5) == 0)
        test += 5;
    else if (strncmp(test, "not ", 4) == 0)
        test += 4;
    size_t n = strcspn(test, " :");
    snprintf(q, len, "%.*s", (int)n, test);
}

const char *explain_answer_fact(const char *fact, const char **id, size_t *idlen)
{
    const char *eq = fact && strncmp(fact, "answer: ", 8) == 0 ? strstr(fact + 8, " = ") : NULL;
    if (eq && id)
        *id = fact + 8;
    if (eq && idlen)
        *idlen = (size_t)(eq - fact - 8);
    return eq ? eq + 3 : NULL;
}

/* What the step used of question q ("8", "lower_back knee", "yes (assumed)"),
 * or NULL. */
static const char *used_answer(const json_t *step, const char *q)
{
    size_t i;
    json_t *u;
    json_array_foreach(json_object_get(step, "used"), i, u) {
        const char *id;
        size_t n;
        const char *v = explain_answer_fact(json_string_value(u), &id, &n);
        if (v && n == strlen(q) && strncmp(id, q, n) == 0)
            return v;
    }
    return NULL;
}

/* An answer value as the explanation writes it: list items separated by
 * spaces. */
static void answer_words(const json_t *v, char *buf, size_t len)
{
    if (json_is_string(v)) {
        snprintf(buf, len, "%s", json_string_value(v));
    } else if (json_is_integer(v)) {
        snprintf(buf, len, "%lld", (long long)json_integer_value(v));
    } else if (json_is_array(v)) {
        size_t i, pos = 0;
        json_t *x;
        buf[0] = '\0';
        json_array_foreach(v, i, x)
            if (pos < len)
                pos += (size_t)snprintf(buf + pos, len - pos, "%s%s", i ? " " : "",
                                        json_is_string(x) ? json_string_value(x) : "?");
    } else {
        char *s = json_dumps(v, JSON_ENCODE_ANY | JSON_COMPACT);
        snprintf(buf, len, "%s", s ? s : "?");
        free(s);
    }
}

int explain_tests(const json_t *step, const json_t *answers, char *buf, size_t len)
{
    const json_t *tests = json_object_get(step, "tests");
    size_t i, pos = 0;
    json_t *t;
    buf[0] = '\0';
    if (!json_is_array(tests) || json_array_size(tests) == 0)
        return 0;
    json_array_foreach(tests, i, t) {
        const char *test = json_string_value(t);
        if (!test || pos >= len)
            continue;
        char q[128], val[256] = "";
        test_question(test, q, sizeof q);
        const char *used = used_answer(step, q);
        const json_t *given = answers ? json_object_get(answers, q) : NULL;
        if (used)
            snprintf(val, sizeof val, ", answered %s", used);
        else if (given) {
            char w[200];
            answer_words(given, w, sizeof w);
            snprintf(val, sizeof val, ", answered %s", w);
        } else if (answers) {
            snprintf(val, sizeof val, ", not answered");
        }
        pos += (size_t)snprintf(buf + pos, len - pos, "%s%s%s", i ? "; " : "", test, val);
    }
    return 1;
}

/* "rule NAME (FILE:LINE): SAYS. Source: SOURCE" of a step. */
static void rule_words(const json_t *s, char *buf, size_t len)
{
    snprintf(buf, len, "rule %s (%s:%lld): %s. Source: %s",
             json_string_value(json_object_get(s, "rule")),
             json_string_value(json_object_get(s, "file")),
             (long long)json_integer_value(json_object_get(s, "line")),
             json_string_value(json_object_get(s, "says")),
             json_string_value(json_object_get(s, "source")));
}

static void write_tests(tree *t, const json_t *s, int hang)
{
    char tests[1536], pad[64];
    if (!explain_tests(s, t->answers, tests, sizeof tests))
        return;
    snprintf(pad, sizeof pad, "%*stests: ", hang < 48 ? hang : 48, "");
    text_wrap(t->out, pad, tests, (hang < 48 ? hang : 48) + 7, t->width);
}

static void node(tree *t, const char *key, const char *mark, const char *num, int depth);

/* The facts step s used, as children of num numbered from first. */
static void children(tree *t, const json_t *s, const char *num, size_t first, int depth)
{
    size_t i;
    json_t *u;
    json_array_foreach(json_object_get(s, "used"), i, u) {
        char sub[96];
        snprintf(sub, sizeof sub, "%s%zu.", num, first + i);
        node(t, json_string_value(u), NULL, sub, depth + 1);
    }
}

/* Writes key as node `num` (with mark after it, when not NULL) and, below it,
 * how it was concluded: by each rule that concluded it, the first one's facts
 * first. A key shown before refers to its first number instead. */
static void node(tree *t, const char *key, const char *mark, const char *num, int depth)
{
    char lead[160], line[2048], words[1536];
    int indent = depth * 3 > 45 ? 45 : depth * 3;
    snprintf(lead, sizeof lead, "%*s%s ", indent, "", num);
    int hang = (int)strlen(lead);
    const json_t *s[MAX_STEPS];
    size_t ns = depth < MAX_DEPTH ? steps_concluding(t->steps, key, s, MAX_STEPS) : 0;
    const json_t *before = json_object_get(t->seen, key);
    snprintf(line, sizeof line, "%s%s%s", key, mark ? " " : "", mark ? mark : "");
    if (ns && before) {
        size_t n = strlen(line);
        snprintf(line + n, sizeof line - n, "  (as in %s)", json_string_value(before));
        text_wrap(t->out, lead, line, hang, t->width);
        return;
    }
    if (!ns) {
        text_wrap(t->out, lead, line, hang, t->width);
        return;
    }
    json_object_set_new(t->seen, key, json_string(num));
    rule_words(s[0], words, sizeof words);
    size_t n = strlen(line);
    snprintf(line + n, sizeof line - n, "  [%s]", words);
    text_wrap(t->out, lead, line, hang, t->width);
    write_tests(t, s[0], hang);
    size_t k = json_array_size(json_object_get(s[0], "used"));
    children(t, s[0], num, 1, depth);
    for (size_t i = 1; i < ns; i++) {
        char sub[96], sublead[160];
        snprintf(sub, sizeof sub, "%s%zu.", num, k + i);
        int subindent = (depth + 1) * 3 > 45 ? 45 : (depth + 1) * 3;
        snprintf(sublead, sizeof sublead, "%*s%s ", subindent, "", sub);
        rule_words(s[i], words, sizeof words);
        snprintf(line, sizeof line, "also concluded by %s", words);
        text_wrap(t->out, sublead, line, (int)strlen(sublead), t->width);
        write_tests(t, s[i], (int)strlen(sublead));
        children(t, s[i], sub, 1, depth + 1);
    }
}

/* The disposition and, below it, every trigger that fired: those that decide
 * it (they lead to it on their own) first, marked, then the others with where
 * each leads on its own. */
static int disposition_tree(tree *t, const char *num)
{
    const char *disp = json_string_value(json_object_get(t->result, "disposition"));
    char head[160];
    snprintf(head, sizeof head, "%s disposition: %s", num, disp);
    text_wrap(t->out, "", head, 3, t->width);
    size_t i, k = 0;
    json_t *r;
    for (int deciding = 1; deciding >= 0; deciding--)
        json_array_foreach(json_object_get(t->result, "reasons"), i, r) {
            const char *d = json_string_value(json_object_get(r, "disposition"));
            int decides = d && disp && strcmp(d, disp) == 0;
            if (decides != deciding)
                continue;
            char key[256], sub[96], mark[128];
            snprintf(key, sizeof key, "trigger: %s",
                     json_string_value(json_object_get(r, "trigger")));
            snprintf(sub, sizeof sub, "%s%zu.", num, ++k);
            if (decides)
                snprintf(mark, sizeof mark, "(decides: %s)", disp);
            else
                snprintf(mark, sizeof mark, "(also fired; on its own: %s)", d ? d : "?");
            node(t, key, mark, sub, 1);
        }
    if (k == 0)
        text_wrap(t->out, "   ", "no trigger fired, so the least urgent disposition applies", 3,
                  t->width);
    return 0;
}

/* The cautions of the result that withheld recommendation id, as
 * "plan_deferred (because spinal_infection)" joined by ", " into buf; returns
 * how many (0 when none did). */
static int withheld_by(const json_t *result, const char *id, char *buf, size_t len)
{
    size_t i, j, pos = 0;
    json_t *c, *w;
    int any = 0;
    buf[0] = '\0';
    json_array_foreach(json_object_get(result, "cautions"), i, c)
        json_array_foreach(json_object_get(c, "withheld"), j, w)
            if (strcmp(json_string_value(w), id) == 0 && pos < len) {
                char because[256] = "";
                size_t k, bp = 0;
                json_t *b;
                json_array_foreach(json_object_get(c, "because"), k, b)
                    if (bp < sizeof because)
                        bp += (size_t)snprintf(because + bp, sizeof because - bp, "%s%s",
                                               k ? ", " : "", json_string_value(b));
                pos += (size_t)snprintf(buf + pos, len - pos, "%s%s (because %s)", any ? ", " : "",
                                        json_string_value(json_object_get(c, "id")), because);
                any++;
            }
    return any;
}

/* Writes every step that concluded a fact naming id, numbered from first. */
static int conclusion_trees(tree *t, const char *id, int *first)
{
    size_t i, j;
    json_t *s, *c;
    int found = 0;
    json_array_foreach(t->steps, i, s)
        json_array_foreach(json_object_get(s, "concluded"), j, c) {
            const char *key = json_string_value(c);
            if (!key_names(key, id) || step_concluding(t->steps, key) != s)
                continue;
            char num[32];
            snprintf(num, sizeof num, "%d.", (*first)++);
            node(t, key, NULL, num, 0);
            found = 1;
        }
    char by[1024];
    int nby = found ? withheld_by(t->result, id, by, sizeof by) : 0;
    if (nby) {
        char line[1200];
        snprintf(line, sizeof line, "%s was concluded but withheld from the plan by the caution%s %s.",
                 id, nby > 1 ? "s" : "", by);
        text_wrap(t->out, "   ", line, 3, t->width);
    }
    return found;
}

int explain_how_answers(FILE *out, const json_t *result, const json_t *answers, const char *id,
                        int width)
{
    tree t = { out, result, json_object_get(result, "explanation"), answers, json_object(),
               width };
    int n = 1, rc = strcmp(id, "disposition") == 0
                        ? disposition_tree(&t, "1.")
                        : (conclusion_trees(&t, id, &n) ? 0 : -1);
    json_decref(t.seen);
    return rc;
}

int explain_how(FILE *out, const json_t *result, const char *id, int width)
{
    return explain_how_answers(out, result, NULL, id, width);
}

void explain_tree_answers(FILE *out, const json_t *result, const json_t *answers, int width)
{
    tree t = { out, result, json_object_get(result, "explanation"), answers, json_object(),
               width };
    disposition_tree(&t, "1.");
    int n = 2;
    static const char *const parts[] = { "recommendations", "cautions", "contributors" };
    for (size_t p = 0; p < 3; p++) {
        size_t i;
        json_t *v;
        json_array_foreach(json_object_get(result, parts[p]), i, v)
            conclusion_trees(&t, json_string_value(json_object_get(v, "id")), &n);
    }
    json_decref(t.seen);
}

