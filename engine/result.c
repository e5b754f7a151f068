/* result.c: reads the facts of a finished run back as the result JSON of
 * case-format.md: disposition, triggers, contributors (MYCIN-combined),
 * recommendations less what cautions withhold, safety net, assumptions, and
 * the derivation of every live conclusion. */
#include "internal.h"

#include <clips.h>

#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct concl {
    void *fact;
    long long idx;
    const char *id;
    const char *other;    /* because / of / text, or NULL */
    double cf;
    const engine_rule *rule;
} concl;

typedef struct concl_list {
    concl *v;
    size_t n, cap;
} concl_list;

typedef struct walk {
    concl_list triggers, contributors, causes, recommends, cautions, assumptions;
    void **by_index;      /* live fact by fact index */
    size_t nindex;
} walk;

static int push(concl_list *l, concl c)
{
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 16;
        concl *p = realloc(l->v, cap * sizeof *p);
        if (!p)
            return -1;
        l->v = p;
        l->cap = cap;
    }
    l->v[l->n++] = c;
    return 0;
}

static const char *sym_slot(void *env, void *f, const char *slot)
{
    DATA_OBJECT v;
    if (!EnvGetFactSlot(env, f, slot, &v))
        return NULL;
    if (GetType(v) != SYMBOL && GetType(v) != STRING)
        return NULL;
    return DOToString(v);
}

static double cf_slot(void *env, void *f)
{
    DATA_OBJECT v;
    if (!EnvGetFactSlot(env, f, "cf", &v))
        return 0.0;
    if (GetType(v) == FLOAT)
        return DOToDouble(v);
    if (GetType(v) == INTEGER)
        return (double)DOToLong(v);
    return 0.0;
}

static const engine_rule *rule_of(const engine *e, long long idx)
{
    if ((size_t)idx >= e->capfact || e->fact_step[idx] == 0)
        return NULL;
    return e->steps[e->fact_step[idx] - 1].rule;
}

static void free_walk(walk *w)
{
    free(w->triggers.v);
    free(w->contributors.v);
    free(w->causes.v);
    free(w->recommends.v);
    free(w->cautions.v);
    free(w->assumptions.v);
    free(w->by_index);
}

static int walk_facts(engine *e, walk *w)
{
    void *env = e->env;
    struct fact *last = FactData(env)->LastFact;
    w->nindex = (size_t)(last ? last->factIndex : 0) + 1;
    w->by_index = calloc(w->nindex, sizeof *w->by_index);
    if (!w->by_index)
        return -1;
    for (struct fact *f = FactData(env)->FactList; f; f = f->nextFact) {
        if ((size_t)f->factIndex < w->nindex)
            w->by_index[f->factIndex] = f;
        void *t = f->whichDeftemplate;
        concl c = { f, f->factIndex, NULL, NULL, 0.0, rule_of(e, f->factIndex) };
        concl_list *l = NULL;
        if (t == e->t_trigger) {
            l = &w->triggers;
        } else if (t == e->t_contributor) {
            l = &w->contributors;
            c.cf = cf_slot(env, f);
        } else if (t == e->t_cause) {
            l = &w->causes;
            c.other = sym_slot(env, f, "of");
        } else if (t == e->t_recommend) {
            l = &w->recommends;
            c.other = sym_slot(env, f, "because");
        } else if (t == e->t_caution) {
            l = &w->cautions;
            c.other = sym_slot(env, f, "because");
        } else if (t == e->t_assumption) {
            l = &w->assumptions;
            c.other = sym_slot(env, f, "text");
        }
        if (!l)
            continue;
        c.id = sym_slot(env, f, "id");
        if (!c.id || push(l, c) != 0)
            return -1;
    }
    return 0;
}

/* ---- small helpers -------------------------------------------------------- */

static int seen_id(const concl_list *l, size_t upto, const char *id)
{
    for (size_t i = 0; i < upto; i++)
        if (strcmp(l->v[i].id, id) == 0)
            return 1;
    return 0;
}

static int array_has_string(const json_t *arr, const char *s)
{
    size_t i;
    json_t *v;
    json_array_foreach(arr, i, v)
        if (strcmp(json_string_value(v), s) == 0)
            return 1;
    return 0;
}

static void add_unique(json_t *arr, const char *s)
{
    if (s && !array_has_string(arr, s))
        json_array_append_new(arr, json_string(s));
}

static double round3(double x)
{
    return round(x * 1000.0) / 1000.0;
}

static const trigger_def *find_trigger(const engine *e, const char *id)
{
    for (size_t i = 0; i < e->ntriggers; i++)
        if (strcmp(e->triggers[i].id, id) == 0)
            return &e->triggers[i];
    return NULL;
}

static const contributor_def *find_contributor(const engine *e, const char *id)
{
    for (size_t i = 0; i < e->ncontributors; i++)
        if (strcmp(e->contributors[i].id, id) == 0)
            return &e->contributors[i];
    return NULL;
}

static const caution_def *find_caution(const engine *e, const char *id)
{
    for (size_t i = 0; i < e->ncautions; i++)
        if (strcmp(e->cautions[i].id, id) == 0)
            return &e->cautions[i];
    return NULL;
}

static const char *technique_for(const engine *e, const char *kind)
{
    for (size_t i = 0; i < e->ntechniques; i++)
        if (strcmp(e->techniques[i].kind, kind) == 0)
            return e->techniques[i].text;
    return NULL;
}

static int in_list(const char *const *list, size_t n, const char *s)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(list[i], s) == 0)
            return 1;
    return 0;
}

/* ---- the parts of a result ---------------------------------------------------- */

static const disposition_def *lowest_disposition(const engine *e)
{
    const disposition_def *d = &e->dispositions[0];
    for (size_t i = 1; i < e->ndispositions; i++)
        if (e->dispositions[i].rank < d->rank)
            d = &e->dispositions[i];
    return d;
}

static int add_triggers(engine *e, const walk *w, json_t *res, long long *rank)
{
    const disposition_def *disp = lowest_disposition(e);
    json_t *ids = json_array(), *reasons = json_array();
    json_object_set_new(res, "triggers", ids);
    json_object_set_new(res, "reasons", reasons);
    for (size_t i = 0; i < w->triggers.n; i++) {
        const char *id = w->triggers.v[i].id;
        if (seen_id(&w->triggers, i, id))
            continue;
        const trigger_def *t = find_trigger(e, id);
        if (!t) {
            engine_set_error(e, "rule %s reached trigger %s, which no trigger-def defines",
                             w->triggers.v[i].rule ? w->triggers.v[i].rule->name : "?", id);
            return -1;
        }
        json_array_append_new(ids, json_string(id));
        json_array_append_new(reasons, json_pack("{s:s, s:s, s:s, s:s}", "trigger", id,
                                                 "disposition", t->disposition, "says", t->says,
                                                 "source", t->source));
        if (t->rank > disp->rank)
            for (size_t k = 0; k < e->ndispositions; k++)
                if (strcmp(e->dispositions[k].id, t->disposition) == 0)
                    disp = &e->dispositions[k];
    }
    json_object_set_new(res, "disposition", json_string(disp->id));
    json_object_set_new(res, "title", json_string(disp->title));
    json_object_set_new(res, "advice", json_string(disp->advice));
    *rank = disp->rank;
    return 0;
}

/* Evidence from one rule counts once (its strongest firing); evidence from
 * different rules combines the MYCIN way: a + b - a*b. */
static double combined_certainty(const walk *w, const char *id)
{
    double total = 0.0;
    const concl_list *l = &w->contributors;
    for (size_t i = 0; i < l->n; i++) {
        if (strcmp(l->v[i].id, id) != 0)
            continue;
        int earlier = 0;
        double best = l->v[i].cf;
        for (size_t j = 0; j < l->n; j++) {
            if (strcmp(l->v[j].id, id) != 0 || l->v[j].rule != l->v[i].rule)
                continue;
            if (j < i) {
                earlier = 1;
                break;
            }
            if (l->v[j].cf > best)
                best = l->v[j].cf;
        }
        if (!earlier)
            total = total + best - total * best;
    }
    return total;
}

static int cmp_contrib(const void *a, const void *b)
{
    const json_t *x = *(json_t *const *)a, *y = *(json_t *const *)b;
    double cx = json_real_value(json_object_get(x, "certainty"));
    double cy = json_real_value(json_object_get(y, "certainty"));
    if (cx != cy)
        return cx < cy ? 1 : -1;
    return strcmp(json_string_value(json_object_get(x, "id")),
                  json_string_value(json_object_get(y, "id")));
}

static int add_contributors(engine *e, const walk *w, json_t *res)
{
    size_t n = 0;
    json_t **items = calloc(w->contributors.n ? w->contributors.n : 1, sizeof *items);
    if (!items)
        return -1;
    for (size_t i = 0; i < w->contributors.n; i++) {
        const char *id = w->contributors.v[i].id;
        if (seen_id(&w->contributors, i, id))
            continue;
        const contributor_def *d = find_contributor(e, id);
        items[n++] = json_pack("{s:s, s:f, s:s, s:s}", "id", id, "certainty",
                               round3(combined_certainty(w, id)), "name", d ? d->name : id,
                               "says", d ? d->says : "");
    }
    qsort(items, n, sizeof *items, cmp_contrib);
    json_t *arr = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(arr, items[i]);
    free(items);
    json_object_set_new(res, "contributors", arr);

    json_t *causes = json_array();
    for (size_t i = 0; i < w->causes.n; i++) {
        const concl *c = &w->causes.v[i];
        int dup = 0;
        for (size_t j = 0; j < i && !dup; j++)
            dup = strcmp(w->causes.v[j].id, c->id) == 0 &&
                  strcmp(w->causes.v[j].other ? w->causes.v[j].other : "", c->other ? c->other : "") == 0;
        if (!dup)
            json_array_append_new(causes, json_pack("{s:s, s:s}", "id", c->id, "of",
                                                    c->other ? c->other : ""));
    }
    json_object_set_new(res, "causes", causes);
    return 0;
}

static int add_plan(engine *e, const walk *w, json_t *res)
{
    json_t *cautions = json_array();
    json_object_set_new(res, "cautions", cautions);
    for (size_t i = 0; i < w->cautions.n; i++) {
        const concl *c = &w->cautions.v[i];
        const caution_def *d = find_caution(e, c->id);
        if (!d) {
            engine_set_error(e, "rule %s reached caution %s, which no caution-def defines",
                             c->rule ? c->rule->name : "?", c->id);
            return -1;
        }
        json_t *obj = NULL;
        size_t k;
        json_t *v;
        json_array_foreach(cautions, k, v)
            if (strcmp(json_string_value(json_object_get(v, "id")), c->id) == 0)
                obj = v;
        if (!obj) {
            obj = json_pack("{s:s, s:[], s:[], s:s, s:s}", "id", c->id, "because", "withheld",
                            "says", d->says, "source", d->source);
            json_array_append_new(cautions, obj);
        }
        add_unique(json_object_get(obj, "because"), c->other);
    }

    json_t *recs = json_array();
    json_object_set_new(res, "recommendations", recs);
    for (size_t i = 0; i < w->recommends.n; i++) {
        const concl *c = &w->recommends.v[i];
        int defined = 0;
        for (size_t r = 0; r < e->nrecs && !defined; r++)
            defined = strcmp(e->recs[r].id, c->id) == 0;
        if (!defined) {
            engine_set_error(e, "rule %s recommends %s, which no recommendation-def defines",
                             c->rule ? c->rule->name : "?", c->id);
            return -1;
        }
    }
    for (size_t r = 0; r < e->nrecs; r++) {
        const recommendation_def *d = &e->recs[r];
        json_t *because = NULL;
        for (size_t i = 0; i < w->recommends.n; i++) {
            if (strcmp(w->recommends.v[i].id, d->id) != 0)
                continue;
            if (!because)
                because = json_array();
            add_unique(because, w->recommends.v[i].other);
        }
        if (!because)
            continue;
        int withheld = 0;
        size_t k;
        json_t *cv;
        json_array_foreach(cautions, k, cv) {
            const caution_def *cd = find_caution(e, json_string_value(json_object_get(cv, "id")));
            if (in_list(cd->withholds, cd->nwithholds, d->id) ||
                in_list(cd->kinds, cd->nkinds, d->kind)) {
                add_unique(json_object_get(cv, "withheld"), d->id);
                withheld = 1;
            }
        }
        if (withheld) {
            json_decref(because);
            continue;
        }
        json_t *obj = json_pack("{s:s, s:o, s:s, s:s, s:s, s:s, s:s}", "id", d->id, "because",
                                because, "kind", d->kind, "title", d->title, "how", d->how,
                                "dose", d->dose, "source", d->source);
        const char *tech = technique_for(e, d->kind);
        if (tech)
            json_object_set_new(obj, "technique", json_string(tech));
        json_array_append_new(recs, obj);
    }
    return 0;
}

/* For every trigger more urgent than the result that did not fire, the plain
 * words that would have fired it: most urgent first, then in definition order. */
static void add_safety_net(const engine *e, const walk *w, json_t *res, long long rank)
{
    json_t *net = json_array();
    long long below = LLONG_MAX;
    for (;;) {
        const disposition_def *d = NULL;
        for (size_t k = 0; k < e->ndispositions; k++) {
            const disposition_def *c = &e->dispositions[k];
            if (c->rank > rank && c->rank < below && (!d || c->rank > d->rank))
                d = c;
        }
        if (!d)
            break;
        below = d->rank;
        for (size_t i = 0; i < e->ntriggers; i++) {
            const trigger_def *t = &e->triggers[i];
            if (t->rank != d->rank || !t->safety_net[0] ||
                seen_id(&w->triggers, w->triggers.n, t->id))
                continue;
            json_array_append_new(net, json_pack("{s:s, s:s, s:s, s:s}", "if", t->safety_net,
                                                 "then", t->disposition, "action", d->action,
                                                 "trigger", t->id));
        }
    }
    json_object_set_new(res, "safety_net", net);
}

static void add_assumptions(const walk *w, json_t *res)
{
    json_t *arr = json_array();
    for (size_t i = 0; i < w->assumptions.n; i++)
        add_unique(arr, w->assumptions.v[i].other);
    json_object_set_new(res, "assumptions", arr);
}

/* ---- the derivation ---------------------------------------------------------- */

static void append_value(char *buf, size_t len, size_t *pos, DATA_OBJECT *v)
{
    if (GetType(*v) != MULTIFIELD)
        return;
    void *mf = GetValue(*v);
    for (long i = GetDOBegin(*v); i <= GetDOEnd(*v) && *pos < len; i++) {
        const char *sep = i > GetDOBegin(*v) ? " " : "";
        int t = GetMFType(mf, i);
        int n;
        if (t == INTEGER)
            n = snprintf(buf + *pos, len - *pos, "%s%lld", sep, ValueToLong(GetMFValue(mf, i)));
        else if (t == FLOAT)
            n = snprintf(buf + *pos, len - *pos, "%s%g", sep, ValueToDouble(GetMFValue(mf, i)));
        else
            n = snprintf(buf + *pos, len - *pos, "%s%s", sep, ValueToString(GetMFValue(mf, i)));
        *pos += n > 0 ? (size_t)n : 0;
    }
}

/* A fact as the explanation names it, e.g. "answer: age = 34",
 * "contributor: tight_hamstrings (certainty 0.6)". NULL for definitions. */
static json_t *fact_key(const engine *e, struct fact *f)
{
    void *env = e->env;
    void *t = f->whichDeftemplate;
    char buf[512];
    const char *id = sym_slot(env, f, "id");
    if (t == e->t_answer) {
        DATA_OBJECT v;
        size_t pos = (size_t)snprintf(buf, sizeof buf, "answer: %s = ", id ? id : "?");
        if (EnvGetFactSlot(env, f, "value", &v))
            append_value(buf, sizeof buf, &pos, &v);
        const char *origin = sym_slot(env, f, "origin");
        if (origin && strcmp(origin, "assumed") == 0 && pos < sizeof buf)
            snprintf(buf + pos, sizeof buf - pos, " (assumed)");
        return json_string(buf);
    }
    if (f->factIndex <= e->base_index)
        return NULL;
    const char *name = EnvGetDeftemplateName(env, t);
    if (t == e->t_contributor || t == e->t_finding)
        snprintf(buf, sizeof buf, "%s: %s (certainty %g)", name, id, round3(cf_slot(env, f)));
    else if (t == e->t_cause)
        snprintf(buf, sizeof buf, "cause: %s of %s", id, sym_slot(env, f, "of"));
    else if (t == e->t_recommend || t == e->t_caution)
        snprintf(buf, sizeof buf, "%s: %s because %s", name, id, sym_slot(env, f, "because"));
    else if (id)
        snprintf(buf, sizeof buf, "%s: %s", name, id);
    else
        EnvGetFactPPForm(env, buf, sizeof buf, f);
    return json_string(buf);
}

static json_t *explanation(const engine *e, const walk *w)
{
    json_t *arr = json_array();
    int n = 0;
    for (size_t s = 0; s < e->nsteps; s++) {
        const step *st = &e->steps[s];
        json_t *concluded = json_array();
        for (size_t k = 0; k < st->nconcl; k++) {
            long long idx = e->idx[st->concl + k];
            if ((size_t)idx < w->nindex && w->by_index[idx] && e->fact_step[idx] == s + 1) {
                json_t *key = fact_key(e, w->by_index[idx]);
                if (key)
                    json_array_append_new(concluded, key);
            }
        }
        if (json_array_size(concluded) == 0) {
            json_decref(concluded);
            continue;
        }
        json_t *used = json_array();
        for (size_t k = 0; k < st->nbasis; k++) {
            long long idx = e->idx[st->basis + k];
            if ((size_t)idx < w->nindex && w->by_index[idx]) {
                json_t *key = fact_key(e, w->by_index[idx]);
                if (key)
                    json_array_append_new(used, key);
            }
        }
        const engine_rule *r = st->rule;
        json_array_append_new(arr, json_pack("{s:i, s:s, s:s, s:i, s:s, s:s, s:o, s:o}",
                                             "step", ++n, "rule", r ? r->name : "?",
                                             "file", r ? r->file : "", "line", r ? r->line : 0,
                                             "says", r ? r->says : "", "source",
                                             r ? r->source : "", "used", used,
                                             "concluded", concluded));
    }
    return arr;
}

const char *engine_disposition(engine *e)
{
    if (!e->ran) {
        engine_set_error(e, "no successful run since the answers last changed");
        return NULL;
    }
    const disposition_def *disp = lowest_disposition(e);
    for (struct fact *f = FactData(e->env)->FactList; f; f = f->nextFact) {
        if (f->whichDeftemplate != e->t_trigger)
            continue;
        const char *id = sym_slot(e->env, f, "id");
        const trigger_def *t = id ? find_trigger(e, id) : NULL;
        if (!t) {
            engine_set_error(e, "a rule reached trigger %s, which no trigger-def defines",
                             id ? id : "?");
            return NULL;
        }
        if (t->rank > disp->rank)
            for (size_t k = 0; k < e->ndispositions; k++)
                if (strcmp(e->dispositions[k].id, t->disposition) == 0)
                    disp = &e->dispositions[k];
    }
    return disp->id;
}

int engine_concluded(engine *e, const char *tmpl, const char *id)
{
    if (!e->ran)
        return 0;
    void *t = EnvFindDeftemplate(e->env, tmpl);
    if (!t)
        return 0;
    for (struct fact *f = FactData(e->env)->LastFact; f && f->factIndex > e->base_index;
         f = f->previousFact) {
        if (f->whichDeftemplate != t)
            continue;
        const char *v = sym_slot(e->env, f, "id");
        if (v && strcmp(v, id) == 0)
            return 1;
    }
    return 0;
}

static unsigned long long mix(unsigned long long h)
{
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdULL;
    h ^= h >> 33;
    h *= 0xc4ceb9fe1a85ec53ULL;
    return h ^ (h >> 33);
}

/* Symbols, numbers and strings are interned by CLIPS, so a field is
 * identified by its type and value pointer. */
static unsigned long long hash_fields(const struct field *f, long n)
{
    unsigned long long h = (unsigned long long)n;
    for (long i = 0; i < n; i++) {
        unsigned long long v = f[i].type == MULTIFIELD
            ? hash_fields(((struct multifield *)f[i].value)->theFields,
                          ((struct multifield *)f[i].value)->multifieldLength)
            : (unsigned long long)(uintptr_t)f[i].value;
        h = mix(h * 31 + (unsigned long long)f[i].type * 1000003ULL + v);
    }
    return h;
}

unsigned long long engine_signature(engine *e)
{
    if (!e->ran)
        return 0;
    unsigned long long sum = 1;
    for (struct fact *f = FactData(e->env)->LastFact; f && f->factIndex > e->base_index;
         f = f->previousFact) {
        void *t = f->whichDeftemplate;
        if (t == e->t_answer || t == e->t_assumption)
            continue;
        sum += mix((unsigned long long)(uintptr_t)t ^
                   hash_fields(f->theProposition.theFields, f->theProposition.multifieldLength));
    }
    return sum;
}

json_t *engine_result(engine *e)
{
    if (!e->ran) {
        engine_set_error(e, "no successful run since the answers last changed");
        return NULL;
    }
    walk w = { 0 };
    json_t *res = json_object();
    long long rank = 0;
    int rc = res && walk_facts(e, &w) == 0 ? 0 : -1;
    if (rc != 0)
        engine_set_error(e, "out of memory reading the result");
    if (rc == 0)
        rc = add_triggers(e, &w, res, &rank);
    if (rc == 0)
        rc = add_contributors(e, &w, res);
    if (rc == 0)
        rc = add_plan(e, &w, res);
    if (rc == 0) {
        add_safety_net(e, &w, res, rank);
        add_assumptions(&w, res);
        json_t *notices = json_array();
        for (size_t i = 0; i < e->nnotices; i++)
            json_array_append_new(notices, json_string(e->notices[i].text));
        json_object_set_new(res, "notice", notices);
        json_object_set_new(res, "explanation", explanation(e, &w));
        json_object_set_new(res, "rules_version", json_string(e->version));
    }
    free_walk(&w);
    if (rc != 0) {
        json_decref(res);
        return NULL;
    }
    return res;
}
