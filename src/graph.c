/* graph.c: DOT output of the knowledge base, or of what one case reached. */
#include "graph.h"
#include "explain.h"

#include <stdlib.h>
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

/* A label with line breaks: "\n" in s becomes a centred DOT line break. */
static void label_lines(FILE *out, const char *s)
{
    fputc('"', out);
    for (; *s; s++) {
        if (*s == '\n')
            fputs("\\n", out);
        else {
            if (*s == '"' || *s == '\\')
                fputc('\\', out);
            fputc(*s, out);
        }
    }
    fputc('"', out);
}

/* Copies s into buf, breaking each line after an '_', '-' or ' ' once it is
 * `width` characters long, unless what is left of the line is short (an
 * existing "\n" starts a new line). */
static void wrap(const char *s, int width, char *buf, size_t len)
{
    size_t n = 0;
    int col = 0;
    for (; *s && n + 2 < len; s++) {
        buf[n++] = *s;
        col = *s == '\n' ? 0 : col + 1;
        size_t rest = strcspn(s + 1, "\n");
        if (col >= width && (*s == '_' || *s == '-' || *s == ' ') && rest > 6) {
            if (*s == ' ')
                n--;   /* the space becomes the break */
            buf[n++] = '\n';
            col = 0;
        }
    }
    buf[n] = '\0';
}

/* Node style by the template part of a ref ("contributor:x"). */
static const char *style_of(const char *ref)
{
    static const struct { const char *tmpl, *style; } styles[] = {
        { "answer", "shape=box, style=rounded" },
        { "finding", "shape=ellipse, style=dashed" },
        { "cause", "shape=ellipse, color=gray40" },
        { "contributor", "shape=ellipse, style=filled, fillcolor=lightyellow" },
        { "trigger", "shape=hexagon, style=filled, fillcolor=mistyrose" },
        { "recommend", "shape=note, style=filled, fillcolor=honeydew" },
        { "caution", "shape=octagon, style=filled, fillcolor=moccasin" },
        { "disposition", "shape=doubleoctagon, style=filled, fillcolor=lightpink" },
    };
    for (size_t i = 0; i < sizeof styles / sizeof *styles; i++)
        if (engine_ref_id(ref, styles[i].tmpl))
            return styles[i].style;
    return "shape=ellipse";
}

/* The style of a recommendation a caution withheld: greyed, dashed. */
#define WITHHELD_STYLE "shape=note, style=\"filled,dashed\", fillcolor=gray92, color=gray45, " \
                       "fontcolor=gray35"
/* The style of an edge from a condition under a not. */
#define NEGATED_EDGE "style=dashed, color=blue, fontcolor=blue, arrowhead=tee"

/* The ref ("contributor:x") of a fact key ("contributor: x (certainty 1)"). */
static int key_ref(const char *key, char *ref, size_t len)
{
    const char *colon = key ? strstr(key, ": ") : NULL;
    if (!colon)
        return -1;
    size_t n = strcspn(colon + 2, " ");
    snprintf(ref, len, "%.*s:%.*s", (int)(colon - key), key, (int)n, colon + 2);
    return 0;
}


/* What a case reached: the refs of the facts its result concluded or used
 * (answers with their values), the rules that fired, and the recommendations
 * a caution withheld (ref -> the cautions). */
typedef struct reached {
    json_t *facts;     /* ref -> label text */
    json_t *rules;     /* rule name -> true */
    json_t *withheld;  /* "recommend:x" -> "caution a, caution b" */
    const json_t *answers;   /* the case's, or NULL */
} reached;

static void answer_label(const json_t *answers, const char *q, const char *from_key, char *buf,
                         size_t len)
{
    const json_t *v = answers ? json_object_get(answers, q) : NULL;
    if (from_key) {
        snprintf(buf, len, "%s = %s", q, from_key);
    } else if (json_is_string(v)) {
        snprintf(buf, len, "%s = %s", q, json_string_value(v));
    } else if (json_is_integer(v)) {
        snprintf(buf, len, "%s = %lld", q, (long long)json_integer_value(v));
    } else if (json_is_array(v)) {
        size_t i, pos = (size_t)snprintf(buf, len, "%s =", q);
        json_t *x;
        json_array_foreach(v, i, x)
            if (pos < len)
                pos += (size_t)snprintf(buf + pos, len - pos, " %s", json_string_value(x));
    } else {
        snprintf(buf, len, "%s: not answered", q);
    }
}

static void reached_of(const json_t *result, const json_t *answers, reached *r)
{
    r->facts = json_object();
    r->rules = json_object();
    r->withheld = json_object();
    r->answers = answers;
    size_t i, j;
    json_t *s, *c;
    json_array_foreach(json_object_get(result, "explanation"), i, s) {
        json_object_set_new(r->rules, json_string_value(json_object_get(s, "rule")), json_true());
        json_t *lists[2] = { json_object_get(s, "concluded"), json_object_get(s, "used") };
        for (size_t l = 0; l < 2; l++)
            json_array_foreach(lists[l], j, c) {
                char ref[256], label[512];
                const char *key = json_string_value(c);
                if (key_ref(key, ref, sizeof ref) != 0)
                    continue;
                const char *q = engine_ref_id(ref, "answer");
                if (q)
                    answer_label(answers, q, explain_answer_fact(key, NULL, NULL), label, sizeof label);
                else
                    snprintf(label, sizeof label, "%s", "");
                if (!json_object_get(r->facts, ref) || q)
                    json_object_set_new(r->facts, ref, json_string(label));
            }
    }
    char ref[128];
    snprintf(ref, sizeof ref, "disposition:%s",
             json_string_value(json_object_get(result, "disposition")));
    json_object_set_new(r->facts, ref, json_string(""));
    json_array_foreach(json_object_get(result, "cautions"), i, s)
        json_array_foreach(json_object_get(s, "withheld"), j, c) {
            snprintf(ref, sizeof ref, "recommend:%s", json_string_value(c));
            const char *had = json_string_value(json_object_get(r->withheld, ref));
            char by[512];
            snprintf(by, sizeof by, "%s%s%s", had ? had : "", had ? ", " : "",
                     json_string_value(json_object_get(s, "id")));
            json_object_set_new(r->withheld, ref, json_string(by));
        }
}

static void reached_free(reached *r)
{
    json_decref(r->facts);
    json_decref(r->rules);
    json_decref(r->withheld);
}

/* A node's label: "template: id", an answer with its value, a withheld
 * recommendation saying so. */
static void node_label(const char *ref, const reached *r, char *buf, size_t len)
{
    const char *colon = strchr(ref, ':');
    const char *given = r ? json_string_value(json_object_get(r->facts, ref)) : NULL;
    const char *by = r ? json_string_value(json_object_get(r->withheld, ref)) : NULL;
    const char *q = engine_ref_id(ref, "answer");
    if (given && *given)
        snprintf(buf, len, "%s", given);
    else if (r && q)
        answer_label(r->answers, q, NULL, buf, len);
    else if (colon && by)
        snprintf(buf, len, "%.*s: %s\n(withheld by %s)", (int)(colon - ref), ref, colon + 1, by);
    else if (colon)
        snprintf(buf, len, "%.*s: %s", (int)(colon - ref), ref, colon + 1);
    else
        snprintf(buf, len, "%s", ref);
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

static int listed(const char *const *list, size_t n, const char *s)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(list[i], s) == 0)
            return 1;
    return 0;
}

/* The rule's negated test on question (its "not ..." entry of tests). */
static const char *negated_test(const engine_rule *r, const char *question)
{
    size_t n = strlen(question);
    for (size_t k = 0; k < r->ntests; k++) {
        const char *t = r->tests[k];
        const char *q = strncmp(t, "not (", 5) == 0 ? t + 5 : strncmp(t, "not ", 4) == 0 ? t + 4 : NULL;
        if (q && strncmp(q, question, n) == 0 && (q[n] == ' ' || q[n] == ':'))
            return t;
    }
    return NULL;
}

static void write_nodes(FILE *out, json_t *nodes, const reached *r, int highlight, int width)
{
    const char *ref;
    json_t *v;
    json_object_foreach(nodes, ref, v) {
        char text[640], label[700];
        if (engine_ref_id(ref, "rule"))
            continue;   /* drawn where it is first met */
        node_label(ref, r, text, sizeof text);
        if (width)
            wrap(text, width, label, sizeof label);
        else
            snprintf(label, sizeof label, "%s", text);
        int withheld = r && json_object_get(r->withheld, ref) &&
                       json_object_get(r->facts, ref);
        fputs("  ", out);
        quoted(out, ref);
        fprintf(out, " [%s, label=", withheld ? WITHHELD_STYLE : style_of(ref));
        label_lines(out, label);
        if (highlight && r && json_object_get(r->facts, ref) && !withheld)
            fputs(", color=red, penwidth=2", out);
        fputs("];\n", out);
    }
}

/* The whole knowledge base, a case's result highlighted when r is not NULL. */
static void write_all(FILE *out, const engine *e, const reached *r)
{
    json_t *nodes = json_object();
    fprintf(out, "digraph triage {\n  rankdir=LR;\n  node [fontname=\"Helvetica\", fontsize=10];\n"
                 "  edge [fontname=\"Helvetica\", fontsize=8, color=gray50];\n");
    for (size_t i = 0; i < engine_rule_count(e); i++) {
        const engine_rule *rule = engine_rule_at(e, i);
        int hot = r && json_object_get(r->rules, rule->name) != NULL;
        for (size_t u = 0; u < rule->nuses; u++) {
            const char *use = rule->uses[u];
            const engine_ref *ref = &rule->use_refs[u];
            if (!strcmp(ref->kind, "question") || !strcmp(ref->kind, "trigger-def"))
                continue;
            int neg = listed(rule->negated, rule->nnegated, use);
            const char *nt = neg && !strcmp(ref->kind, "answer") ? negated_test(rule, ref->id)
                                                                 : NULL;
            for (size_t c = 0; c < rule->nconcludes; c++) {
                char attrs[512];
                if (neg)
                    snprintf(attrs, sizeof attrs, "label=\"%s\", taillabel=\"%s\", " NEGATED_EDGE "%s",
                             rule->name, nt ? nt : "not", hot ? ", penwidth=2" : "");
                else
                    snprintf(attrs, sizeof attrs, "label=\"%s\"%s", rule->name,
                             hot ? ", color=red, penwidth=2, fontcolor=red" : "");
                edge(out, nodes, use, rule->concludes[c], attrs);
            }
        }
        if (rule->nuses == 0 || rule->nconcludes == 0) {
            /* a rule with nothing to draw still appears, as a note */
            fputs("  ", out);
            quoted(out, rule->name);
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
            edge(out, nodes, from, to, "style=dashed, label=\"withholds\", arrowhead=tee");
        }
    }
    write_nodes(out, nodes, r, 1, 0);
    fputs("}\n", out);
    json_decref(nodes);
}

static const engine_rule *rule_named(const engine *e, const char *name)
{
    for (size_t i = 0; i < engine_rule_count(e); i++)
        if (strcmp(engine_rule_at(e, i)->name, name) == 0)
            return engine_rule_at(e, i);
    return NULL;
}

/* The assumptions of a result in a few lines: those with the same words
 * after their question id listed together ("taken as no: a, b, c"). */
static void write_assumptions(FILE *out, const json_t *assumed)
{
    json_t *groups = json_object();   /* words -> "a, b, c" */
    size_t i;
    json_t *a;
    json_array_foreach(assumed, i, a) {
        const char *s = json_string_value(a);
        const char *sp = s ? strchr(s, ' ') : NULL;
        if (!sp)
            continue;
        const char *had = json_string_value(json_object_get(groups, sp + 1));
        char list[4096];
        snprintf(list, sizeof list, "%s%s%.*s", had ? had : "", had ? ", " : "", (int)(sp - s), s);
        json_object_set_new(groups, sp + 1, json_string(list));
    }
    char *text = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&text, &len);
    if (m) {
        const char *words;
        json_t *list;
        fputs("Assumed, not answered:", m);
        json_object_foreach(groups, words, list)
            fprintf(m, "\n%s: %s", words, json_string_value(list));
        fclose(m);
        char wrapped[8192];
        wrap(text, 60, wrapped, sizeof wrapped);
        fputs("  { rank=sink; \"note:assumptions\" [shape=note, fontsize=8, color=gray60, label=",
              out);
        label_lines(out, wrapped);
        fputs("]; }\n", out);
    }
    free(text);
    json_decref(groups);
}

/* Notes the edge from -> to once; 1 when it is new. */
static int first_edge(json_t *drawn, const char *from, const char *to)
{
    char pair[800];
    snprintf(pair, sizeof pair, "%s>%s", from, to);
    if (json_object_get(drawn, pair))
        return 0;
    json_object_set_new(drawn, pair, json_true());
    return 1;
}

/* Only what the case reached (see graph.h), top to bottom: each rule that
 * fired as a small box between what it used and what it concluded; the
 * recommendations in one note, and those the same cautions withheld in
 * another, so that a typical case fits a page. */
static void write_case(FILE *out, const engine *e, const json_t *result, const reached *r)
{
    json_t *nodes = json_object(), *drawn = json_object();
    json_t *group_of = json_object();   /* "recommend:x" -> "plan:RULE" */
    json_t *groups = json_object();     /* "plan:RULE" -> ["recommend:x", ...] */
    fprintf(out, "digraph triage_case {\n  rankdir=TB;\n  size=\"7.5,10.8\";\n  ratio=compress;\n"
                 "  nodesep=0.15;\n  ranksep=0.3;\n"
                 "  node [fontname=\"Helvetica\", fontsize=10, margin=\"0.06,0.03\", height=0.3];\n"
                 "  edge [fontname=\"Helvetica\", fontsize=8, color=gray40, arrowsize=0.6];\n");
    size_t i, j;
    json_t *s, *c;
    json_array_foreach(json_object_get(result, "explanation"), i, s) {
        const char *name = json_string_value(json_object_get(s, "rule"));
        const json_t *used = json_object_get(s, "used");
        if (json_array_size(used) == 0)
            continue;   /* an assumption about an absent answer: in the note */
        char rule_ref[300];
        snprintf(rule_ref, sizeof rule_ref, "rule:%s", name);
        if (!json_object_get(drawn, rule_ref)) {
            json_object_set_new(drawn, rule_ref, json_true());
            char text[1024], label[1100];
            size_t pos = (size_t)snprintf(text, sizeof text, "%s", name);
            json_t *t;
            json_array_foreach(json_object_get(s, "tests"), j, t)
                if (pos < sizeof text)
                    pos += (size_t)snprintf(text + pos, sizeof text - pos, "\n%s",
                                            json_string_value(t));
            wrap(text, 22, label, sizeof label);
            fputs("  ", out);
            quoted(out, rule_ref);
            fputs(" [shape=box, style=\"rounded,filled\", fillcolor=white, color=gray60, "
                  "fontsize=8, label=", out);
            label_lines(out, label);
            fputs("];\n", out);
            const engine_rule *rule = rule_named(e, name);
            for (size_t u = 0; rule && u < rule->nnegated; u++) {
                const char *ref = rule->negated[u];
                const char *q = engine_ref_id(ref, "answer");
                if (strchr(ref, '*') || !q)
                    continue;
                const char *nt = negated_test(rule, q);
                char attrs[512];
                snprintf(attrs, sizeof attrs, "label=\"%s\", " NEGATED_EDGE, nt ? nt : "not");
                edge(out, nodes, ref, rule_ref, attrs);
            }
        }
        char ref[256];
        json_array_foreach(used, j, c)
            if (key_ref(json_string_value(c), ref, sizeof ref) == 0 &&
                first_edge(drawn, ref, rule_ref))
                edge(out, nodes, ref, rule_ref, "arrowhead=none");
        json_array_foreach(json_object_get(s, "concluded"), j, c) {
            if (key_ref(json_string_value(c), ref, sizeof ref) != 0)
                continue;
            const char *to = ref;
            char plan[320];
            if (engine_ref_id(ref, "recommend")) {
                const char *g = json_string_value(json_object_get(group_of, ref));
                if (!g) {
                    /* in the plan, or withheld by the same cautions */
                    const char *by = json_string_value(json_object_get(r->withheld, ref));
                    snprintf(plan, sizeof plan, "plan:%s", by ? by : "");
                    if (!json_object_get(groups, plan))
                        json_object_set_new(groups, plan, json_array());
                    json_array_append_new(json_object_get(groups, plan), json_string(ref));
                    json_object_set_new(group_of, ref, json_string(plan));
                } else {
                    snprintf(plan, sizeof plan, "%s", g);
                }
                to = plan;
            }
            if (first_edge(drawn, rule_ref, to)) {
                fputs("  ", out);
                quoted(out, rule_ref);
                fputs(" -> ", out);
                quoted(out, to);
                fputs(";\n", out);
                if (!engine_ref_id(to, "plan"))
                    add_node(nodes, to);
            }
        }
    }
    const char *plan;
    json_t *members;
    json_object_foreach(groups, plan, members) {
        char *text = NULL;
        size_t len = 0;
        FILE *m = open_memstream(&text, &len);
        if (!m)
            continue;
        size_t k, nwithheld = 0;
        json_t *v;
        const char *by = engine_ref_id(plan, "plan");
        if (*by)
            fprintf(m, "withheld by %s:", by);
        else
            fputs("recommend:", m);
        json_array_foreach(members, k, v) {
            fprintf(m, "\n%s", engine_ref_id(json_string_value(v), "recommend"));
            nwithheld += json_object_get(r->withheld, json_string_value(v)) != NULL;
        }
        fclose(m);
        fputs("  ", out);
        quoted(out, plan);
        fprintf(out, " [%s, label=",
                nwithheld == json_array_size(members) ? WITHHELD_STYLE : style_of("recommend:"));
        label_lines(out, text);
        fputs("];\n", out);
        free(text);
    }
    const char *disp = json_string_value(json_object_get(result, "disposition"));
    char disp_ref[128];
    snprintf(disp_ref, sizeof disp_ref, "disposition:%s", disp);
    add_node(nodes, disp_ref);
    json_array_foreach(json_object_get(result, "reasons"), i, s) {
        char from[160], attrs[200];
        const char *d = json_string_value(json_object_get(s, "disposition"));
        snprintf(from, sizeof from, "trigger:%s", json_string_value(json_object_get(s, "trigger")));
        if (d && disp && strcmp(d, disp) == 0)
            snprintf(attrs, sizeof attrs, "style=bold, label=\"decides\"");
        else
            snprintf(attrs, sizeof attrs, "style=dashed, label=\"on its own: %s\"", d ? d : "?");
        edge(out, nodes, from, disp_ref, attrs);
    }
    json_array_foreach(json_object_get(result, "cautions"), i, s)
        json_array_foreach(json_object_get(s, "withheld"), j, c) {
            char from[160], to[160];
            snprintf(from, sizeof from, "caution:%s", json_string_value(json_object_get(s, "id")));
            snprintf(to, sizeof to, "recommend:%s", json_string_value(c));
            const char *g = json_string_value(json_object_get(group_of, to));
            if (g && first_edge(drawn, from, g)) {
                add_node(nodes, from);
                fputs("  ", out);
                quoted(out, from);
                fputs(" -> ", out);
                quoted(out, g);
                fputs(" [label=\"withholds\", style=dashed, color=gray45, fontcolor=gray35, "
                      "arrowhead=tee];\n", out);
            }
        }
    write_nodes(out, nodes, r, 0, 22);
    if (json_array_size(json_object_get(result, "assumptions")) > 0)
        write_assumptions(out, json_object_get(result, "assumptions"));
    fputs("}\n", out);
    json_decref(nodes);
    json_decref(drawn);
    json_decref(group_of);
    json_decref(groups);
}

void graph_write(FILE *out, const engine *e, const json_t *result, const json_t *answers, int all)
{
    if (!result) {
        write_all(out, e, NULL);
        return;
    }
    reached r;
    reached_of(result, answers, &r);
    if (all)
        write_all(out, e, &r);
    else
        write_case(out, e, result, &r);
    reached_free(&r);
}
