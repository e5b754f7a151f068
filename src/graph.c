/* graph.c: DOT output of the knowledge base. */
#include "graph.h"

#include <string.h>

static void quoted(FILE *out, const char *s)
{
    fputc('"', out);
    for (; *s; s++) {
        if (*s == '"' || *s == '\\')
            fputc('\\', out);
        fputc(*s == '\n' ? ' ' : *s, out);
    }
    fputc('"', out);
}

/* Node style by the template part of a ref ("contributor:x"). */
static const char *style_of(const char *ref)
{
    static const struct { const char *tmpl, *style; } styles[] = {
        { "answer:", "shape=box, style=rounded" },
        { "finding:", "shape=ellipse, style=dashed" },
        { "cause:", "shape=ellipse, color=gray40" },
        { "contributor:", "shape=ellipse, style=filled, fillcolor=lightyellow" },
        { "trigger:", "shape=hexagon, style=filled, fillcolor=mistyrose" },
        { "recommend:", "shape=note, style=filled, fillcolor=honeydew" },
        { "caution:", "shape=octagon, style=filled, fillcolor=moccasin" },
        { "disposition:", "shape=doubleoctagon, style=filled, fillcolor=lightpink" },
    };
    for (size_t i = 0; i < sizeof styles / sizeof *styles; i++)
        if (strncmp(ref, styles[i].tmpl, strlen(styles[i].tmpl)) == 0)
            return styles[i].style;
    return "shape=ellipse";
}

/* The refs ("contributor:x") of the facts a result concluded, and the rules
 * that fired for it. */
static void highlights(const json_t *result, json_t *facts, json_t *rules)
{
    size_t i, j;
    json_t *s, *c;
    json_array_foreach(json_object_get(result, "explanation"), i, s) {
        json_object_set_new(rules, json_string_value(json_object_get(s, "rule")), json_true());
        json_t *lists[2] = { json_object_get(s, "concluded"), json_object_get(s, "used") };
        for (size_t l = 0; l < 2; l++)
            json_array_foreach(lists[l], j, c) {
                char ref[256];
                const char *key = json_string_value(c);
                const char *colon = strstr(key, ": ");
                if (!colon)
                    continue;
                size_t n = strcspn(colon + 2, " ");
                snprintf(ref, sizeof ref, "%.*s:%.*s", (int)(colon - key), key, (int)n, colon + 2);
                json_object_set_new(facts, ref, json_true());
            }
    }
    char ref[128];
    snprintf(ref, sizeof ref, "disposition:%s",
             json_string_value(json_object_get(result, "disposition")));
    json_object_set_new(facts, ref, json_true());
}

static void add_node(json_t *nodes, const char *ref)
{
    if (!json_object_get(nodes, ref))
        json_object_set_new(nodes, ref, json_true());
}

/* Writes the edge from -> to with its attributes, and notes both nodes. */
static void edge(FILE *out, json_t *nodes, const char *from, const char *to, const char *attrs)
{
    add_node(nodes, from);
    add_node(nodes, to);
    fputs("  ", out);
    quoted(out, from);
    fputs(" -> ", out);
    quoted(out, to);
    fprintf(out, " [%s];\n", attrs);
}

void graph_write(FILE *out, const engine *e, const json_t *result)
{
    json_t *nodes = json_object(), *hot_facts = json_object(), *hot_rules = json_object();
    if (result)
        highlights(result, hot_facts, hot_rules);
    fprintf(out, "digraph triage {\n  rankdir=LR;\n  node [fontname=\"Helvetica\", fontsize=10];\n"
                 "  edge [fontname=\"Helvetica\", fontsize=8, color=gray50];\n");
    for (size_t i = 0; i < engine_rule_count(e); i++) {
        const engine_rule *r = engine_rule_at(e, i);
        int hot = json_object_get(hot_rules, r->name) != NULL;
        for (size_t u = 0; u < r->nuses; u++) {
            if (strncmp(r->uses[u], "question:", 9) == 0 || strncmp(r->uses[u], "trigger-def:", 12) == 0)
                continue;
            for (size_t c = 0; c < r->nconcludes; c++) {
                char attrs[256];
                snprintf(attrs, sizeof attrs, "label=\"%s\"%s", r->name,
                         hot ? ", color=red, penwidth=2, fontcolor=red" : "");
                edge(out, nodes, r->uses[u], r->concludes[c], attrs);
            }
        }
        if (r->nuses == 0 || r->nconcludes == 0) {
            /* a rule with nothing to draw still appears, as a note */
            fputs("  ", out);
            quoted(out, r->name);
            fputs(" [shape=plaintext];\n", out);
        }
    }
    for (size_t i = 0; i < engine_trigger_count(e); i++) {
        const engine_trigger *t = engine_trigger_at(e, i);
        char from[160], to[160];
        snprintf(from, sizeof from, "trigger:%s", t->id);
        snprintf(to, sizeof to, "disposition:%s", t->disposition);
        edge(out, nodes, from, to, "style=bold");
    }
    for (size_t i = 0; i < engine_caution_count(e); i++) {
        const engine_caution *c = engine_caution_at(e, i);
        for (size_t k = 0; k < c->nwithholds; k++) {
            char from[160], to[160];
            snprintf(from, sizeof from, "caution:%s", c->id);
            snprintf(to, sizeof to, "recommend:%s", c->withholds[k]);
            edge(out, nodes, from, to, "style=dashed, label=\"withholds\"");
        }
    }
    const char *ref;
    json_t *v;
    json_object_foreach(nodes, ref, v) {
        const char *colon = strchr(ref, ':');
        fputs("  ", out);
        quoted(out, ref);
        fprintf(out, " [%s, label=", style_of(ref));
        char label[256];
        if (colon)
            snprintf(label, sizeof label, "%.*s: %s", (int)(colon - ref), ref, colon + 1);
        else
            snprintf(label, sizeof label, "%s", ref);
        quoted(out, label);
        if (json_object_get(hot_facts, ref))
            fputs(", color=red, penwidth=2", out);
        fputs("];\n", out);
    }
    fputs("}\n", out);
    json_decref(nodes);
    json_decref(hot_facts);
    json_decref(hot_rules);
}
