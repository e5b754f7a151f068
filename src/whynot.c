/* whynot.c: the missing conditions of a conclusion, and the smallest answer
 * changes that reach it. */
#include "whynot.h"
#include "text.h"

#include <stdlib.h>
#include <string.h>

#define MAX_SET 3
#define MAX_FOUND 3
#define MAX_TRIES 200000L

typedef struct target {
    const char *tmpl;   /* template of the fact, or NULL for a disposition */
    const char *id;
    long long rank;     /* a disposition's rank */
} target;

typedef struct change {
    const char *q;
    json_t *value;
} change;

typedef struct search {
    engine *e;
    const target *t;
    change *cands;
    size_t ncands;
    long tries;
    size_t found[MAX_FOUND][MAX_SET];
    size_t nfound, size;
} search;

static long long disposition_rank(const engine *e, const char *disp)
{
    long long r = 0;
    for (size_t i = 0; i < engine_trigger_count(e); i++)
        if (strcmp(engine_trigger_at(e, i)->disposition, disp) == 0)
            r = engine_trigger_at(e, i)->rank;
    return r;
}

static int resolve(const engine *e, const char *id, target *t)
{
    memset(t, 0, sizeof *t);
    t->id = id;
    for (size_t i = 0; i < engine_trigger_count(e); i++)
        if (strcmp(engine_trigger_at(e, i)->disposition, id) == 0) {
            t->rank = engine_trigger_at(e, i)->rank;
            return 0;
        }
    for (size_t i = 0; i < engine_trigger_count(e) && !t->tmpl; i++)
        if (strcmp(engine_trigger_at(e, i)->id, id) == 0)
            t->tmpl = "trigger";
    for (size_t i = 0; i < engine_contributor_count(e) && !t->tmpl; i++)
        if (strcmp(engine_contributor_at(e, i)->id, id) == 0)
            t->tmpl = "contributor";
    for (size_t i = 0; i < engine_recommendation_count(e) && !t->tmpl; i++)
        if (strcmp(engine_recommendation_at(e, i)->id, id) == 0)
            t->tmpl = "recommend";
    for (size_t i = 0; i < engine_caution_count(e) && !t->tmpl; i++)
        if (strcmp(engine_caution_at(e, i)->id, id) == 0)
            t->tmpl = "caution";
    return t->tmpl ? 0 : -1;
}

static int reached(engine *e, const target *t)
{
    if (!t->tmpl) {
        const char *d = engine_disposition(e);
        return d && disposition_rank(e, d) >= t->rank;
    }
    return engine_concluded(e, t->tmpl, t->id);
}

/* Whether ref ("template:id") is one the target stands on. */
static int is_target_ref(const engine *e, const target *t, const char *ref)
{
    if (t->tmpl) {
        size_t n = strlen(t->tmpl);
        return strncmp(ref, t->tmpl, n) == 0 && ref[n] == ':' && strcmp(ref + n + 1, t->id) == 0;
    }
    if (strncmp(ref, "trigger:", 8) != 0)
        return 0;
    for (size_t i = 0; i < engine_trigger_count(e); i++)
        if (strcmp(engine_trigger_at(e, i)->id, ref + 8) == 0)
            return engine_trigger_at(e, i)->rank == t->rank;
    return 0;
}

static int concludes_any(const engine_rule *r, json_t *refs)
{
    for (size_t i = 0; i < r->nconcludes; i++)
        if (json_object_get(refs, r->concludes[i]))
            return 1;
    return 0;
}

/* Every fact the target depends on, through the rules, as a set of refs. */
static json_t *closure(const engine *e, const target *t)
{
    json_t *refs = json_object();
    for (size_t i = 0; i < engine_rule_count(e); i++) {
        const engine_rule *r = engine_rule_at(e, i);
        for (size_t k = 0; k < r->nconcludes; k++)
            if (is_target_ref(e, t, r->concludes[k]))
                json_object_set_new(refs, r->concludes[k], json_true());
    }
    for (int grew = 1; grew;) {
        grew = 0;
        for (size_t i = 0; i < engine_rule_count(e); i++) {
            const engine_rule *r = engine_rule_at(e, i);
            if (!concludes_any(r, refs))
                continue;
            for (size_t u = 0; u < r->nuses; u++) {
                const char *ref = r->uses[u];
                if (strchr(ref, '*') || json_object_get(refs, ref))
                    continue;
                json_object_set_new(refs, ref, json_true());
                grew = 1;
            }
        }
    }
    return refs;
}

static void add_cand(search *s, const char *q, json_t *v)
{
    const json_t *now = engine_answer_value(s->e, q);
    if (!v || (now && json_equal(now, v))) {
        json_decref(v);
        return;
    }
    change *c = realloc(s->cands, (s->ncands + 1) * sizeof *c);
    if (!c) {
        json_decref(v);
        return;
    }
    s->cands = c;
    c[s->ncands].q = q;
    c[s->ncands++].value = v;
}

static void candidates(search *s, json_t *refs)
{
    const char *ref;
    json_t *dummy;
    json_object_foreach(refs, ref, dummy) {
        if (strncmp(ref, "answer:", 7) != 0)
            continue;
        const engine_question *q = engine_question_find(s->e, ref + 7);
        if (!q)
            continue;
        add_cand(s, q->id, json_string("unknown"));
        if (q->type == ENGINE_YESNO) {
            add_cand(s, q->id, json_string("yes"));
            add_cand(s, q->id, json_string("no"));
        } else if (q->type == ENGINE_CHOICE) {
            for (size_t i = 0; i < q->nvalues; i++)
                add_cand(s, q->id, json_string(q->values[i]));
        } else if (q->type == ENGINE_MULTI) {
            const json_t *now = engine_answer_value(s->e, q->id);
            for (size_t i = 0; i < q->nvalues; i++) {
                json_t *v = json_is_array(now) ? json_deep_copy(now) : json_array();
                size_t k;
                json_t *x;
                int has = 0;
                json_array_foreach(v, k, x)
                    has |= strcmp(json_string_value(x), q->values[i]) == 0;
                if (has) {
                    json_decref(v);
                    continue;
                }
                json_array_append_new(v, json_string(q->values[i]));
                add_cand(s, q->id, v);
            }
        } else {
            size_t n = strlen(q->id);
            for (size_t r = 0; r < engine_rule_count(s->e); r++) {
                const engine_rule *rule = engine_rule_at(s->e, r);
                for (size_t k = 0; k < rule->nthresholds; k++) {
                    const char *th = rule->thresholds[k];
                    if (strncmp(th, q->id, n) != 0 || th[n] != ':')
                        continue;
                    long long v = atoll(th + n + 1);
                    for (long long d = -1; d <= 1; d++)
                        if (v + d >= q->min && v + d <= q->max)
                            add_cand(s, q->id, json_integer(v + d));
                }
            }
        }
    }
}

static int try_set(search *s, const size_t *set, size_t n)
{
    json_t *old[MAX_SET];
    for (size_t i = 0; i < n; i++) {
        const json_t *now = engine_answer_value(s->e, s->cands[set[i]].q);
        old[i] = now ? json_deep_copy(now) : NULL;
    }
    int ok = 1;
    for (size_t i = 0; i < n && ok; i++)
        ok = engine_answer(s->e, s->cands[set[i]].q, s->cands[set[i]].value) == 0;
    int hit = ok && engine_run(s->e) == 0 && reached(s->e, s->t);
    for (size_t i = n; i-- > 0;) {
        if (old[i])
            engine_answer(s->e, s->cands[set[i]].q, old[i]);
        else
            engine_unanswer(s->e, s->cands[set[i]].q);
        json_decref(old[i]);
    }
    s->tries++;
    return hit;
}

static void combos(search *s, size_t *set, size_t depth, size_t start)
{
    if (s->nfound >= MAX_FOUND || s->tries >= MAX_TRIES)
        return;
    if (depth == s->size) {
        if (try_set(s, set, depth)) {
            memcpy(s->found[s->nfound++], set, depth * sizeof *set);
        }
        return;
    }
    for (size_t i = start; i < s->ncands; i++) {
        int same_q = 0;
        for (size_t k = 0; k < depth; k++)
            same_q |= strcmp(s->cands[set[k]].q, s->cands[i].q) == 0;
        if (same_q)
            continue;
        set[depth] = i;
        combos(s, set, depth + 1, i + 1);
    }
}

static void show_condition(FILE *out, engine *e, const char *ref, int width)
{
    char line[512];
    if (strncmp(ref, "answer:", 7) == 0) {
        const json_t *v = engine_answer_value(e, ref + 7);
        char *s = v ? json_dumps(v, JSON_ENCODE_ANY) : NULL;
        snprintf(line, sizeof line, "%s: %s", ref, s ? s : "not answered");
        free(s);
    } else if (strchr(ref, '*')) {
        snprintf(line, sizeof line, "%s", ref);
    } else {
        char tmpl[64];
        const char *colon = strchr(ref, ':');
        snprintf(tmpl, sizeof tmpl, "%.*s", colon ? (int)(colon - ref) : 0, ref);
        snprintf(line, sizeof line, "%s: %s", ref,
                 colon && engine_concluded(e, tmpl, colon + 1) ? "reached" : "not reached");
    }
    text_wrap(out, "      - ", line, 8, width);
}

int whynot_explain(FILE *out, engine *e, const char *id, int width)
{
    target t;
    if (resolve(e, id, &t) != 0)
        return -1;
    if (engine_run(e) != 0)
        return -1;
    if (reached(e, &t)) {
        fprintf(out, "%s was reached.\n", id);
        return 1;
    }
    fprintf(out, "Why not %s:\n", id);
    json_t *refs = closure(e, &t);
    for (size_t i = 0; i < engine_rule_count(e); i++) {
        const engine_rule *r = engine_rule_at(e, i);
        int direct = 0;
        for (size_t k = 0; k < r->nconcludes; k++)
            direct |= is_target_ref(e, &t, r->concludes[k]);
        if (!direct)
            continue;
        char line[512];
        snprintf(line, sizeof line, "rule %s (%s:%d) would reach it; it needs:", r->name,
                 r->file, r->line);
        text_wrap(out, "  ", line, 4, width);
        for (size_t u = 0; u < r->nuses; u++)
            show_condition(out, e, r->uses[u], width);
    }

    search s = { .e = e, .t = &t };
    candidates(&s, refs);
    size_t set[MAX_SET];
    for (s.size = 1; s.size <= MAX_SET && s.nfound == 0; s.size++)
        combos(&s, set, 0, 0);
    s.size--;
    if (s.nfound == 0) {
        fprintf(out, "No change of up to %d answers reaches it.\n", MAX_SET);
    } else {
        fprintf(out, "Smallest change%s of the answers that would reach it:\n",
                s.nfound > 1 ? "s" : "");
        for (size_t f = 0; f < s.nfound; f++) {
            char line[512];
            size_t pos = 0;
            for (size_t k = 0; k < s.size && pos < sizeof line; k++) {
                const change *c = &s.cands[s.found[f][k]];
                char *v = json_dumps(c->value, JSON_ENCODE_ANY);
                pos += (size_t)snprintf(line + pos, sizeof line - pos, "%s%s = %s",
                                        k ? ", " : "", c->q, v ? v : "?");
                free(v);
            }
            text_wrap(out, "  - ", line, 4, width);
        }
    }
    for (size_t i = 0; i < s.ncands; i++)
        json_decref(s.cands[i].value);
    free(s.cands);
    json_decref(refs);
    engine_run(e);
    return 0;
}
