/* result.c: reads the facts of a finished run back as a result, in three
 * steps: collect the conclusions (collect) and put them and the derivation in
 * a canonical order (order_steps), so that a result depends on the answers
 * and the rules alone, not on the order the rules fired in or the cases
 * before; assemble the result from them (assemble: the disposition, the
 * triggers, contributors with their certainty MYCIN-combined, the cautions in
 * force and the plan less what they withhold, the safety net, the
 * assumptions), as indexes into the definitions; then either write it as the
 * result JSON of case-format.md, or give it as C values (engine_outcome_now).
 * The text is written directly: the definitions' parts of it are rendered
 * once per loaded base, and each fact's name in the derivation once per
 * case. */
#include "internal.h"
#include "jbuf.h"

#include <clips.h>
#include <tmpltutl.h>

#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct concl {
    struct fact *fact;
    void *id;             /* the id symbol: CLIPS interns, so equal ids are equal pointers */
    void *other;          /* because / of / text, or NULL */
    double cf;
    const engine_rule *rule;
    size_t rank;          /* canonical order (see order_steps) */
} concl;

typedef struct concl_list {
    concl *v;
    size_t n, cap;
} concl_list;

typedef struct fact_name {
    struct fact *fact;    /* live conclusion or answer with this index, or NULL */
    size_t off, len;      /* its quoted name in result_state.names_text, len 0 until made */
    size_t rank;          /* its place in the canonical order of conclusions */
} fact_name;

enum { POS_ID, POS_CF, POS_OF, POS_BECAUSE, POS_TEXT, POS_N };

typedef struct contrib {
    void *id;
    long def;             /* its contributor-def, or -1 */
    double cf;            /* combined, rounded */
} contrib;

struct result_state {
    /* rendered once per loaded base; offsets into frags */
    jbuf frags;
    void **trig_id, **contrib_id, **rec_id, **caution_id;   /* id symbols, per definition */
    size_t *reason, *net, *contrib_tail, *rec_tail, *caution_tail, *disp, *rule;
    size_t *rec_order;    /* recommendation-defs by rank, then definition order */
    size_t *reason_short, *disp_short;   /* the summary's: without sources, titles, advice */
    size_t sum_tail;      /* the summary's ,"notice":[...],"rules_version":...} */
    size_t tail;          /* ,"notice":[...],"explanation": */
    size_t version;       /* ,"rules_version":"...","policy":N} */
    int pos[8][POS_N];    /* slot position per conclusion template, -1 when absent */
    int answer_value, answer_origin;   /* slot positions in answer facts, -1 when absent */

    /* per case */
    concl_list triggers, contributors, findings, causes, recommends, cautions, assumptions;
    /* per case, assembled from the lists (assemble()) before any text is written */
    size_t disp_at;                      /* the disposition reached, in e->dispositions */
    size_t *a_trig, na_trig;             /* trigger-defs, in the reasons' order */
    contrib *a_contrib; size_t na_contrib, cap_contrib;   /* most certain first */
    size_t *a_cause, na_cause, cap_cause;                 /* places in causes, each pair once */
    size_t *a_caution, *a_caution_at, na_caution;         /* caution-defs in force, and where
                                                             each is first named in cautions */
    size_t *a_plan, *a_plan_at, na_plan; /* recommendation-defs offered, by rank, and where
                                            each is first named in recommends */
    size_t *a_net, na_net;               /* trigger-defs of the safety net, most urgent first */
    size_t *a_assume, na_assume, cap_assume;              /* places in assumptions, each once */
    /* engine_outcome_now(): the assembled result as pointers to the definitions */
    engine_outcome view;
    const trigger_def **v_trig, **v_net;
    const caution_def **v_caution;
    const recommendation_def **v_plan;
    engine_contribution *v_contrib; size_t cap_v_contrib;
    engine_because *v_because; size_t cap_v_because;
    const char **v_because_ids; size_t cap_v_because_ids;
    const char **v_assume; size_t cap_v_assume;
    fact_name *names; size_t capnames;
    jbuf names_text, plan, out;
    unsigned char *withheld;           /* per recommendation-def x caution-def */
    size_t *steps; size_t nsteps, capsteps;   /* live steps, in canonical order */
    /* scratch of order_steps() */
    size_t *where;        /* per step of the engine: its place in steps, or SIZE_MAX */
    size_t *waiting;      /* per place: dependencies not yet placed */
    size_t *heap;         /* places free to come next */
    size_t *first;        /* per place: where its edges start in edges */
    size_t *edges; size_t capedges;   /* places that use what a place concluded */
    unsigned char *keep;  /* per place: a summary needs it ordered */
};

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

static const char *str(void *sym)
{
    return sym ? ValueToString(sym) : "";
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

static const disposition_def *lowest_disposition(const engine *e)
{
    const disposition_def *d = &e->dispositions[0];
    for (size_t i = 1; i < e->ndispositions; i++)
        if (e->dispositions[i].rank < d->rank)
            d = &e->dispositions[i];
    return d;
}

static long find_sym(void *const *ids, size_t n, void *sym)
{
    for (size_t i = 0; i < n; i++)
        if (ids[i] == sym)
            return (long)i;
    return -1;
}

/* ---- rendering the definitions, once per loaded base ------------------------ */

void engine_result_forget(engine *e)
{
    result_state *rs = e->rs;
    if (!rs)
        return;
    jbuf_free(&rs->frags);
    free(rs->trig_id);
    free(rs->contrib_id);
    free(rs->rec_id);
    free(rs->caution_id);
    free(rs->reason);
    free(rs->net);
    free(rs->rec_order);
    free(rs->reason_short);
    free(rs->disp_short);
    free(rs->keep);
    free(rs->contrib_tail);
    free(rs->rec_tail);
    free(rs->caution_tail);
    free(rs->disp);
    free(rs->rule);
    free(rs->triggers.v);
    free(rs->contributors.v);
    free(rs->findings.v);
    free(rs->causes.v);
    free(rs->recommends.v);
    free(rs->cautions.v);
    free(rs->assumptions.v);
    free(rs->names);
    jbuf_free(&rs->names_text);
    jbuf_free(&rs->plan);
    jbuf_free(&rs->out);
    free(rs->withheld);
    free(rs->steps);
    free(rs->where);
    free(rs->waiting);
    free(rs->heap);
    free(rs->first);
    free(rs->edges);
    free(rs->a_trig);
    free(rs->a_contrib);
    free(rs->a_cause);
    free(rs->a_caution);
    free(rs->a_caution_at);
    free(rs->a_plan);
    free(rs->a_plan_at);
    free(rs->a_net);
    free(rs->a_assume);
    free(rs->v_trig);
    free(rs->v_net);
    free(rs->v_caution);
    free(rs->v_plan);
    free(rs->v_contrib);
    free(rs->v_because);
    free(rs->v_because_ids);
    free(rs->v_assume);
    free(rs);
    e->rs = NULL;
}

static void *id_symbol(engine *e, const char *id)
{
    void *sym = EnvAddSymbol(e->env, id);
    IncrementSymbolCount(sym);   /* held for the environment's life */
    return sym;
}

static void slot_positions(engine *e, void *tmpl, int *pos)
{
    static const char *const names[POS_N] = { "id", "cf", "of", "because", "text" };
    for (int i = 0; i < POS_N; i++) {
        int p = FindSlotPosition(tmpl, EnvAddSymbol(e->env, names[i]));
        pos[i] = p > 0 ? p - 1 : -1;
    }
}

static void *tmpl_at(const engine *e, int i)
{
    void *const t[8] = { e->t_answer, e->t_trigger, e->t_contributor, e->t_finding,
                         e->t_cause, e->t_recommend, e->t_caution, e->t_assumption };
    return t[i];
}

/* Writes key (JSON text such as ",\"title\":") and then s as a JSON string. */
static void member(jbuf *b, const char *key, const char *s)
{
    jbuf_lit(b, key);
    jbuf_str(b, s);
}

static int render(engine *e)
{
    result_state *rs = calloc(1, sizeof *rs);
    if (!rs)
        return -1;
    e->rs = rs;
    size_t nt = e->ntriggers ? e->ntriggers : 1, nc = e->ncontributors ? e->ncontributors : 1;
    size_t nr = e->nrecs ? e->nrecs : 1, nk = e->ncautions ? e->ncautions : 1;
    rs->trig_id = calloc(nt, sizeof *rs->trig_id);
    rs->reason = calloc(nt, sizeof *rs->reason);
    rs->net = calloc(nt, sizeof *rs->net);
    rs->rec_order = calloc(e->nrecs ? e->nrecs : 1, sizeof *rs->rec_order);
    rs->reason_short = calloc(nt, sizeof *rs->reason_short);
    rs->disp_short = calloc(e->ndispositions ? e->ndispositions : 1, sizeof *rs->disp_short);
    rs->contrib_id = calloc(nc, sizeof *rs->contrib_id);
    rs->contrib_tail = calloc(nc, sizeof *rs->contrib_tail);
    rs->rec_id = calloc(nr, sizeof *rs->rec_id);
    rs->rec_tail = calloc(nr, sizeof *rs->rec_tail);
    rs->caution_id = calloc(nk, sizeof *rs->caution_id);
    rs->caution_tail = calloc(nk, sizeof *rs->caution_tail);
    rs->withheld = calloc(nr * nk, 1);
    rs->disp = calloc(e->ndispositions ? e->ndispositions : 1, sizeof *rs->disp);
    rs->rule = calloc(e->nrules ? e->nrules : 1, sizeof *rs->rule);
    rs->a_trig = calloc(nt, sizeof *rs->a_trig);
    rs->a_net = calloc(nt, sizeof *rs->a_net);
    rs->a_caution = calloc(nk, sizeof *rs->a_caution);
    rs->a_caution_at = calloc(nk, sizeof *rs->a_caution_at);
    rs->a_plan = calloc(nr, sizeof *rs->a_plan);
    rs->a_plan_at = calloc(nr, sizeof *rs->a_plan_at);
    rs->v_trig = calloc(nt, sizeof *rs->v_trig);
    rs->v_net = calloc(nt, sizeof *rs->v_net);
    rs->v_caution = calloc(nk, sizeof *rs->v_caution);
    rs->v_plan = calloc(nr, sizeof *rs->v_plan);
    if (!rs->a_trig || !rs->a_net || !rs->a_caution || !rs->a_caution_at || !rs->a_plan ||
        !rs->a_plan_at || !rs->v_trig || !rs->v_net || !rs->v_caution || !rs->v_plan)
        return -1;
    if (!rs->trig_id || !rs->reason || !rs->net || !rs->rec_order || !rs->contrib_id || !rs->contrib_tail ||
        !rs->reason_short || !rs->disp_short ||
        !rs->rec_id || !rs->rec_tail || !rs->caution_id || !rs->caution_tail || !rs->withheld ||
        !rs->disp || !rs->rule)
        return -1;
    for (int i = 0; i < 8; i++)
        slot_positions(e, tmpl_at(e, i), rs->pos[i]);
    rs->answer_value = FindSlotPosition(e->t_answer, EnvAddSymbol(e->env, "value")) - 1;
    rs->answer_origin = FindSlotPosition(e->t_answer, EnvAddSymbol(e->env, "origin")) - 1;

    jbuf *b = &rs->frags;
    jbuf_lit(b, "-");   /* offset 0 means "none" */
    for (size_t i = 0; i < e->ndispositions; i++) {
        const disposition_def *d = &e->dispositions[i];
        rs->disp[i] = b->len;
        member(b, "\"disposition\":", d->id);
        member(b, ",\"title\":", d->title);
        member(b, ",\"advice\":", d->advice);
        jbuf_raw(b, "", 1);
        rs->disp_short[i] = b->len;
        member(b, "\"disposition\":", d->id);
        jbuf_raw(b, "", 1);
    }
    for (size_t i = 0; i < e->ntriggers; i++) {
        const trigger_def *t = &e->triggers[i];
        rs->trig_id[i] = id_symbol(e, t->id);
        rs->reason[i] = b->len;
        member(b, "{\"trigger\":", t->id);
        member(b, ",\"disposition\":", t->disposition);
        member(b, ",\"says\":", t->says);
        member(b, ",\"source\":", t->source);
        jbuf_lit(b, "}");
        jbuf_raw(b, "", 1);
        rs->reason_short[i] = b->len;
        member(b, "{\"trigger\":", t->id);
        member(b, ",\"disposition\":", t->disposition);
        member(b, ",\"says\":", t->says);
        jbuf_lit(b, "}");
        jbuf_raw(b, "", 1);
        if (!t->safety_net[0])
            continue;
        const disposition_def *d = NULL;
        for (size_t k = 0; k < e->ndispositions; k++)
            if (strcmp(e->dispositions[k].id, t->disposition) == 0)
                d = &e->dispositions[k];
        rs->net[i] = b->len;
        member(b, "{\"if\":", t->safety_net);
        member(b, ",\"then\":", t->disposition);
        member(b, ",\"action\":", d ? d->action : "");
        member(b, ",\"trigger\":", t->id);
        jbuf_lit(b, "}");
        jbuf_raw(b, "", 1);
    }
    for (size_t i = 0; i < e->ncontributors; i++) {
        const contributor_def *c = &e->contributors[i];
        rs->contrib_id[i] = id_symbol(e, c->id);
        rs->contrib_tail[i] = b->len;
        member(b, ",\"name\":", c->name);
        member(b, ",\"says\":", c->says);
        jbuf_lit(b, "}");
        jbuf_raw(b, "", 1);
    }
    for (size_t i = 0; i < e->nrecs; i++) {   /* insertion sort: stable, and short */
        size_t k = i;
        while (k > 0 && e->recs[rs->rec_order[k - 1]].rank > e->recs[i].rank) {
            rs->rec_order[k] = rs->rec_order[k - 1];
            k--;
        }
        rs->rec_order[k] = i;
    }
    for (size_t i = 0; i < e->nrecs; i++) {
        const recommendation_def *r = &e->recs[i];
        rs->rec_id[i] = id_symbol(e, r->id);
        rs->rec_tail[i] = b->len;
        jbuf_lit(b, ",\"rank\":");
        jbuf_int(b, r->rank);
        member(b, ",\"kind\":", r->kind);
        member(b, ",\"title\":", r->title);
        member(b, ",\"how\":", r->how);
        member(b, ",\"dose\":", r->dose);
        member(b, ",\"source\":", r->source);
        const engine_technique *t = engine_technique_find(e, r->kind);
        if (t)
            member(b, ",\"technique\":", t->text);
        jbuf_lit(b, "}");
        jbuf_raw(b, "", 1);
    }
    for (size_t i = 0; i < e->ncautions; i++) {
        const caution_def *c = &e->cautions[i];
        rs->caution_id[i] = id_symbol(e, c->id);
        rs->caution_tail[i] = b->len;
        member(b, ",\"says\":", c->says);
        member(b, ",\"source\":", c->source);
        jbuf_lit(b, "}");
        jbuf_raw(b, "", 1);
        for (size_t r = 0; r < e->nrecs; r++) {
            int w = 0;
            for (size_t k = 0; k < c->nwithholds && !w; k++)
                w = strcmp(c->withholds[k], e->recs[r].id) == 0;
            for (size_t k = 0; k < c->nkinds && !w; k++)
                w = strcmp(c->kinds[k], e->recs[r].kind) == 0;
            rs->withheld[r * nk + i] = (unsigned char)w;
        }
    }
    for (size_t i = 0; i < e->nrules; i++) {
        const engine_rule *r = &e->rules[i];
        rs->rule[i] = b->len;
        member(b, ",\"rule\":", r->name);
        member(b, ",\"file\":", r->file);
        jbuf_lit(b, ",\"line\":");
        jbuf_int(b, r->line);
        member(b, ",\"says\":", r->says);
        member(b, ",\"source\":", r->source);
        jbuf_lit(b, ",\"tests\":[");
        for (size_t k = 0; k < r->ntests; k++) {
            if (k)
                jbuf_lit(b, ",");
            jbuf_str(b, r->tests[k]);
        }
        jbuf_lit(b, "]");
        jbuf_raw(b, "", 1);
    }
    rs->tail = b->len;
    jbuf_lit(b, ",\"notice\":[");
    for (size_t i = 0; i < e->nnotices; i++) {
        if (i)
            jbuf_lit(b, ",");
        jbuf_str(b, e->notices[i].text);
    }
    jbuf_lit(b, "],\"explanation\":[");
    jbuf_raw(b, "", 1);
    rs->version = b->len;
    member(b, "],\"rules_version\":", e->version);
    if (e->policy > 0) {
        jbuf_lit(b, ",\"policy\":");
        jbuf_int(b, e->policy);
    }
    jbuf_lit(b, "}");
    jbuf_raw(b, "", 1);
    rs->sum_tail = b->len;
    jbuf_lit(b, ",\"notice\":[");
    for (size_t i = 0; i < e->nnotices; i++) {
        if (i)
            jbuf_lit(b, ",");
        jbuf_str(b, e->notices[i].text);
    }
    member(b, "],\"rules_version\":", e->version);
    if (e->policy > 0) {
        jbuf_lit(b, ",\"policy\":");
        jbuf_int(b, e->policy);
    }
    jbuf_lit(b, "}");
    jbuf_raw(b, "", 1);
    return b->oom ? -1 : 0;
}

static const char *frag(const result_state *rs, size_t off)
{
    return rs->frags.p + off;
}

/* ---- reading the run's facts ---------------------------------------------------- */

static const engine_rule *rule_of(const engine *e, long long idx)
{
    if ((size_t)idx >= e->capfact || e->fact_step[idx] == 0)
        return NULL;
    return e->steps[e->fact_step[idx] - 1].rule;
}

static void *field(const struct fact *f, int pos)
{
    if (pos < 0 || pos >= (int)f->theProposition.multifieldLength)
        return NULL;
    const struct field *v = &f->theProposition.theFields[pos];
    return v->type == SYMBOL || v->type == STRING ? v->value : NULL;
}

static double cf_field(const struct fact *f, int pos)
{
    if (pos < 0 || pos >= (int)f->theProposition.multifieldLength)
        return 0.0;
    const struct field *v = &f->theProposition.theFields[pos];
    if (v->type == FLOAT)
        return ValueToDouble(v->value);
    if (v->type == INTEGER)
        return (double)ValueToLong(v->value);
    return 0.0;
}

/* The first fact the rules or answers asserted since the definitions. */
static struct fact *first_case_fact(const engine *e)
{
    struct fact *f = FactData(e->env)->LastFact, *first = NULL;
    for (; f && f->factIndex > e->base_index; f = f->previousFact)
        first = f;
    return first;
}

static int collect(engine *e)
{
    result_state *rs = e->rs;
    concl_list *lists[8] = { NULL, &rs->triggers, &rs->contributors, &rs->findings,
                             &rs->causes, &rs->recommends, &rs->cautions, &rs->assumptions };
    for (int i = 1; i < 8; i++)
        lists[i]->n = 0;
    struct fact *last = FactData(e->env)->LastFact;
    size_t span = last && last->factIndex > e->base_index
                      ? (size_t)(last->factIndex - e->base_index) : 0;
    if (span > rs->capnames) {
        fact_name *p = realloc(rs->names, span * sizeof *p);
        if (!p)
            return -1;
        memset(p + rs->capnames, 0, (span - rs->capnames) * sizeof *p);
        rs->names = p;
        rs->capnames = span;
    }
    for (struct fact *f = first_case_fact(e); f; f = f->nextFact) {
        rs->names[f->factIndex - e->base_index - 1].fact = f;
        rs->names[f->factIndex - e->base_index - 1].rank = 0;
        void *t = f->whichDeftemplate;
        int k = 1;
        while (k < 8 && tmpl_at(e, k) != t)
            k++;
        if (k == 8 || k == 3)
            continue;
        const int *pos = rs->pos[k];
        concl c = { f, field(f, pos[POS_ID]), NULL, 0.0, rule_of(e, f->factIndex), 0 };
        if (k == 2)
            c.cf = cf_field(f, pos[POS_CF]);
        else if (k == 4)
            c.other = field(f, pos[POS_OF]);
        else if (k == 5 || k == 6)
            c.other = field(f, pos[POS_BECAUSE]);
        else if (k == 7)
            c.other = field(f, pos[POS_TEXT]);
        if (!c.id || push(lists[k], c) != 0)
            return -1;
    }
    return 0;
}

/* Clears the fact names collect() set, ready for the next case. */
static void forget_names(engine *e)
{
    result_state *rs = e->rs;
    for (struct fact *f = first_case_fact(e); f; f = f->nextFact) {
        fact_name *n = &rs->names[f->factIndex - e->base_index - 1];
        n->fact = NULL;
        n->len = 0;
    }
    jbuf_clear(&rs->names_text);
}

static int seen_id(const concl_list *l, size_t upto, void *id)
{
    for (size_t i = 0; i < upto; i++)
        if (l->v[i].id == id)
            return 1;
    return 0;
}

static int seen_other(const concl_list *l, size_t upto, void *id, void *other)
{
    for (size_t i = 0; i < upto; i++)
        if ((!id || l->v[i].id == id) && l->v[i].other == other)
            return 1;
    return 0;
}

/* ---- the result assembled, before any text ------------------------------------- */

/* Evidence from one rule counts once (its strongest firing); evidence from
 * different rules combines the MYCIN way: a + b - a*b. */
static double combined_certainty(const concl_list *l, void *id)
{
    double total = 0.0;
    for (size_t i = 0; i < l->n; i++) {
        if (l->v[i].id != id)
            continue;
        int earlier = 0;
        double best = l->v[i].cf;
        for (size_t j = 0; j < l->n; j++) {
            if (l->v[j].id != id || l->v[j].rule != l->v[i].rule)
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
    const contrib *x = a, *y = b;
    if (x->cf != y->cf)
        return x->cf < y->cf ? 1 : -1;
    return strcmp(str(x->id), str(y->id));
}

/* Makes room for n entries of size sz in *v (capacity *cap); -1 when memory
 * is short. */
static int room(void *v, size_t *cap, size_t n, size_t sz)
{
    if (n <= *cap)
        return 0;
    void *p = realloc(*(void **)v, n * sz);
    if (!p)
        return -1;
    *(void **)v = p;
    *cap = n;
    return 0;
}

/* Whether the answers rule out a condition the trigger's safety net rests on
 * (an age it needs, say): then its line would not apply to this person. */
static int ruled_out(const engine *e, const trigger_def *t)
{
    for (size_t k = 0; k < t->nnet_if; k++)
        if (engine_condition_holds(e, &t->net_if[k]) == 0)
            return 1;
    return 0;
}

/* The most urgent disposition ranked above rank and below below, or NULL:
 * called with below LLONG_MAX, then with the last one's rank, it walks the
 * dispositions more urgent than the result, most urgent first. */
static const disposition_def *next_above(const engine *e, long long rank, long long below)
{
    const disposition_def *d = NULL;
    for (size_t k = 0; k < e->ndispositions; k++) {
        const disposition_def *c = &e->dispositions[k];
        if (c->rank > rank && c->rank < below && (!d || c->rank > d->rank))
            d = c;
    }
    return d;
}

/* Whether trigger i has a line in the safety net under disposition d: it
 * leads there, has words, did not fire, and is not ruled out. */
static int in_net(const engine *e, size_t i, const disposition_def *d)
{
    const result_state *rs = e->rs;
    return e->triggers[i].rank == d->rank && rs->net[i] &&
           !seen_id(&rs->triggers, rs->triggers.n, rs->trig_id[i]) &&
           !ruled_out(e, &e->triggers[i]);
}

/* The triggers, each once, and the disposition they reach (the least urgent
 * without any); -1 with the error in e when a trigger has no trigger-def. */
static int assemble_triggers(engine *e)
{
    result_state *rs = e->rs;
    const concl_list *l = &rs->triggers;
    size_t disp = 0;
    for (size_t i = 1; i < e->ndispositions; i++)
        if (e->dispositions[i].rank < e->dispositions[disp].rank)
            disp = i;
    rs->na_trig = 0;
    for (size_t i = 0; i < l->n; i++) {
        if (seen_id(l, i, l->v[i].id))
            continue;
        long t = find_sym(rs->trig_id, e->ntriggers, l->v[i].id);
        if (t < 0) {
            engine_set_error(e, "rule %s reached trigger %s, which no trigger-def defines",
                             l->v[i].rule ? l->v[i].rule->name : "?", str(l->v[i].id));
            return -1;
        }
        rs->a_trig[rs->na_trig++] = (size_t)t;
        if (e->triggers[t].rank > e->dispositions[disp].rank)
            for (size_t k = 0; k < e->ndispositions; k++)
                if (strcmp(e->dispositions[k].id, e->triggers[t].disposition) == 0)
                    disp = k;
    }
    rs->disp_at = disp;
    return 0;
}

/* The contributors, each once with its combined certainty, most certain
 * first; and the causes, each pair once. */
static int assemble_contributors(engine *e)
{
    result_state *rs = e->rs;
    const concl_list *l = &rs->contributors, *c = &rs->causes;
    if (room(&rs->a_contrib, &rs->cap_contrib, l->n, sizeof *rs->a_contrib) != 0 ||
        room(&rs->a_cause, &rs->cap_cause, c->n, sizeof *rs->a_cause) != 0)
        return -1;
    rs->na_contrib = 0;
    for (size_t i = 0; i < l->n; i++) {
        if (seen_id(l, i, l->v[i].id))
            continue;
        contrib *u = &rs->a_contrib[rs->na_contrib++];
        u->id = l->v[i].id;
        u->def = find_sym(rs->contrib_id, e->ncontributors, u->id);
        u->cf = round3(combined_certainty(l, u->id));
    }
    if (rs->na_contrib > 1)
        qsort(rs->a_contrib, rs->na_contrib, sizeof *rs->a_contrib, cmp_contrib);
    rs->na_cause = 0;
    for (size_t i = 0; i < c->n; i++)
        if (!seen_other(c, i, c->v[i].id, c->v[i].other))
            rs->a_cause[rs->na_cause++] = i;
    return 0;
}

/* Every caution and recommendation a rule reached has its definition; else
 * -1, with the error in e. */
static int check_plan_ids(engine *e)
{
    const result_state *rs = e->rs;
    const concl_list *cl = &rs->cautions, *rl = &rs->recommends;
    for (size_t i = 0; i < cl->n; i++)
        if (find_sym(rs->caution_id, e->ncautions, cl->v[i].id) < 0) {
            engine_set_error(e, "rule %s reached caution %s, which no caution-def defines",
                             cl->v[i].rule ? cl->v[i].rule->name : "?", str(cl->v[i].id));
            return -1;
        }
    for (size_t i = 0; i < rl->n; i++)
        if (find_sym(rs->rec_id, e->nrecs, rl->v[i].id) < 0) {
            engine_set_error(e, "rule %s recommends %s, which no recommendation-def defines",
                             rl->v[i].rule ? rl->v[i].rule->name : "?", str(rl->v[i].id));
            return -1;
        }
    return 0;
}

/* The cautions in force, each once, and the plan: the recommendations
 * offered that no caution in force withholds, by rank. */
static int assemble_plan(engine *e)
{
    result_state *rs = e->rs;
    const concl_list *cl = &rs->cautions, *rl = &rs->recommends;
    size_t nk = e->ncautions ? e->ncautions : 1;
    if (check_plan_ids(e) != 0)
        return -1;
    rs->na_caution = 0;
    for (size_t i = 0; i < cl->n; i++) {
        if (seen_id(cl, i, cl->v[i].id))
            continue;
        rs->a_caution_at[rs->na_caution] = i;
        rs->a_caution[rs->na_caution++] = (size_t)find_sym(rs->caution_id, e->ncautions,
                                                           cl->v[i].id);
    }
    rs->na_plan = 0;
    for (size_t o = 0; o < e->nrecs; o++) {
        size_t r = rs->rec_order[o], firstref = SIZE_MAX;
        for (size_t i = 0; i < rl->n && firstref == SIZE_MAX; i++)
            if (rl->v[i].id == rs->rec_id[r])
                firstref = i;
        int withheld = 0;
        for (size_t k = 0; k < rs->na_caution && !withheld; k++)
            withheld = rs->withheld[r * nk + rs->a_caution[k]];
        if (firstref == SIZE_MAX || withheld)
            continue;
        rs->a_plan_at[rs->na_plan] = firstref;
        rs->a_plan[rs->na_plan++] = r;
    }
    return 0;
}

/* For every trigger more urgent than the result that did not fire, and is
 * not ruled out by the answers, its safety-net line: most urgent first, then
 * in definition order; and the assumptions, each once. */
static int assemble_net(engine *e)
{
    result_state *rs = e->rs;
    long long rank = e->dispositions[rs->disp_at].rank;
    rs->na_net = 0;
    for (const disposition_def *d = next_above(e, rank, LLONG_MAX); d;
         d = next_above(e, rank, d->rank))
        for (size_t i = 0; i < e->ntriggers; i++)
            if (in_net(e, i, d))
                rs->a_net[rs->na_net++] = i;
    const concl_list *a = &rs->assumptions;
    if (room(&rs->a_assume, &rs->cap_assume, a->n, sizeof *rs->a_assume) != 0)
        return -1;
    rs->na_assume = 0;
    for (size_t i = 0; i < a->n; i++)
        if (a->v[i].other && !seen_other(a, i, NULL, a->v[i].other))
            rs->a_assume[rs->na_assume++] = i;
    return 0;
}

/* Assembles the result from the lists collected: all of it, or (summary)
 * all but the contributors and causes. -1 with the error in e. */
static int assemble(engine *e, int summary)
{
    if (assemble_triggers(e) != 0 || assemble_plan(e) != 0)
        return -1;
    if ((!summary && assemble_contributors(e) != 0) || assemble_net(e) != 0) {
        engine_set_error(e, "out of memory reading the result");
        return -1;
    }
    return 0;
}

/* ---- the parts of a result, written from what was assembled -------------------- */

static void write_triggers(engine *e, jbuf *b, int summary)
{
    const result_state *rs = e->rs;
    jbuf_lit(b, "\"triggers\":[");
    for (size_t j = 0; j < rs->na_trig; j++) {
        jbuf_lit(b, j ? "," : "");
        jbuf_str(b, e->triggers[rs->a_trig[j]].id);
    }
    jbuf_lit(b, "],\"reasons\":[");
    for (size_t j = 0; j < rs->na_trig; j++) {
        size_t t = rs->a_trig[j];
        jbuf_lit(b, j ? "," : "");
        jbuf_lit(b, frag(rs, summary ? rs->reason_short[t] : rs->reason[t]));
    }
    jbuf_lit(b, "],");
    jbuf_lit(b, frag(rs, summary ? rs->disp_short[rs->disp_at] : rs->disp[rs->disp_at]));
}

static void write_contributors(engine *e, jbuf *b)
{
    const result_state *rs = e->rs;
    jbuf_lit(b, ",\"contributors\":[");
    for (size_t i = 0; i < rs->na_contrib; i++) {
        const contrib *u = &rs->a_contrib[i];
        jbuf_lit(b, i ? ",{\"id\":" : "{\"id\":");
        jbuf_str(b, str(u->id));
        jbuf_lit(b, ",\"certainty\":");
        jbuf_real(b, u->cf);
        if (u->def >= 0) {
            jbuf_lit(b, frag(rs, rs->contrib_tail[u->def]));
        } else {
            jbuf_lit(b, ",\"name\":");
            jbuf_str(b, str(u->id));
            jbuf_lit(b, ",\"says\":\"\"}");
        }
    }
    const concl_list *c = &rs->causes;
    jbuf_lit(b, "],\"causes\":[");
    for (size_t j = 0; j < rs->na_cause; j++) {
        size_t i = rs->a_cause[j];
        jbuf_lit(b, j ? ",{\"id\":" : "{\"id\":");
        jbuf_str(b, str(c->v[i].id));
        jbuf_lit(b, ",\"of\":");
        jbuf_str(b, str(c->v[i].other));
        jbuf_lit(b, "}");
    }
    jbuf_lit(b, "]");
}

/* Whether entry i of l gives a reason for conclusion id not given before. */
static int new_reason(const concl_list *l, size_t i, void *id)
{
    return l->v[i].id == id && l->v[i].other && !seen_other(l, i, id, l->v[i].other);
}

/* The reasons given for conclusion id in l, from its first mention at: each
 * once, as a JSON list's items. */
static void write_because(jbuf *b, const concl_list *l, size_t at, void *id)
{
    int any = 0;
    for (size_t i = at; i < l->n; i++) {
        if (!new_reason(l, i, id))
            continue;
        jbuf_lit(b, any ? "," : "");
        jbuf_str(b, str(l->v[i].other));
        any = 1;
    }
}

/* The cautions in force (each with what it withheld) and the plan. */
static void write_plan(engine *e, jbuf *b)
{
    const result_state *rs = e->rs;
    const concl_list *cl = &rs->cautions, *rl = &rs->recommends;
    size_t nk = e->ncautions ? e->ncautions : 1;
    jbuf_lit(b, ",\"cautions\":[");
    for (size_t j = 0; j < rs->na_caution; j++) {
        size_t k = rs->a_caution[j];
        jbuf_lit(b, j ? ",{\"id\":" : "{\"id\":");
        jbuf_str(b, e->cautions[k].id);
        jbuf_lit(b, ",\"because\":[");
        write_because(b, cl, rs->a_caution_at[j], rs->caution_id[k]);
        jbuf_lit(b, "],\"withheld\":[");
        int any = 0;
        for (size_t r = 0; r < e->nrecs; r++) {
            if (!rs->withheld[r * nk + k] || !seen_id(rl, rl->n, rs->rec_id[r]))
                continue;
            jbuf_lit(b, any ? "," : "");
            jbuf_str(b, e->recs[r].id);
            any = 1;
        }
        jbuf_lit(b, "]");
        jbuf_lit(b, frag(rs, rs->caution_tail[k]));
    }
    jbuf_lit(b, "],\"recommendations\":[");
    for (size_t j = 0; j < rs->na_plan; j++) {
        size_t r = rs->a_plan[j];
        jbuf_lit(b, j ? ",{\"id\":" : "{\"id\":");
        jbuf_str(b, e->recs[r].id);
        jbuf_lit(b, ",\"because\":[");
        write_because(b, rl, rs->a_plan_at[j], rs->rec_id[r]);
        jbuf_lit(b, "]");
        jbuf_lit(b, frag(rs, rs->rec_tail[r]));
    }
    jbuf_lit(b, "]");
}

/* ,"assumptions":[...] */
static void write_assumptions(const engine *e, jbuf *b)
{
    const result_state *rs = e->rs;
    jbuf_lit(b, ",\"assumptions\":[");
    for (size_t j = 0; j < rs->na_assume; j++) {
        jbuf_lit(b, j ? "," : "");
        jbuf_str(b, str(rs->assumptions.v[rs->a_assume[j]].other));
    }
    jbuf_lit(b, "]");
}

static void write_safety_net(const engine *e, jbuf *b)
{
    const result_state *rs = e->rs;
    jbuf_lit(b, ",\"safety_net\":[");
    for (size_t j = 0; j < rs->na_net; j++) {
        jbuf_lit(b, j ? "," : "");
        jbuf_lit(b, frag(rs, rs->net[rs->a_net[j]]));
    }
    jbuf_lit(b, "]");
    write_assumptions(e, b);
}

/* ---- the summary's parts --------------------------------------------------------- */

/* The cautions in force and the plan, as ids, the plan's with their rank. */
static void write_summary_plan(engine *e, jbuf *b)
{
    const result_state *rs = e->rs;
    jbuf_lit(b, ",\"cautions\":[");
    for (size_t j = 0; j < rs->na_caution; j++) {
        jbuf_lit(b, j ? ",{\"id\":" : "{\"id\":");
        jbuf_str(b, e->cautions[rs->a_caution[j]].id);
        jbuf_lit(b, "}");
    }
    jbuf_lit(b, "],\"recommendations\":[");
    for (size_t j = 0; j < rs->na_plan; j++) {
        const recommendation_def *r = &e->recs[rs->a_plan[j]];
        jbuf_lit(b, j ? ",{\"id\":" : "{\"id\":");
        jbuf_str(b, r->id);
        jbuf_lit(b, ",\"rank\":");
        jbuf_int(b, r->rank);
        jbuf_lit(b, "}");
    }
    jbuf_lit(b, "]");
}

/* The safety net by the disposition it leads to, most urgent first, with the
 * ids of the triggers whose words the full result gives; then the
 * assumptions. */
static void write_summary_net(const engine *e, jbuf *b)
{
    const result_state *rs = e->rs;
    jbuf_lit(b, ",\"safety_net\":[");
    for (size_t j = 0; j < rs->na_net; j++) {
        const trigger_def *t = &e->triggers[rs->a_net[j]];
        int opens = !j || e->triggers[rs->a_net[j - 1]].rank != t->rank;
        if (opens) {
            jbuf_lit(b, j ? "]}," : "");
            member(b, "{\"then\":", t->disposition);
            jbuf_lit(b, ",\"triggers\":[");
        } else {
            jbuf_lit(b, ",");
        }
        jbuf_str(b, t->id);
    }
    jbuf_lit(b, rs->na_net ? "]}]" : "]");
    write_assumptions(e, b);
}

/* ---- the derivation ---------------------------------------------------------- */

/* Text built into a fixed buffer, cut short when it is full. */
typedef struct tbuf {
    char *p;
    size_t len, cap;
} tbuf;

static void put(tbuf *t, const char *s)
{
    size_t n = strlen(s);
    if (n > t->cap - 1 - t->len)
        n = t->cap - 1 - t->len;
    memcpy(t->p + t->len, s, n);
    t->len += n;
    t->p[t->len] = '\0';
}

static void put_field(tbuf *t, const struct field *v)
{
    char num[40];
    if (v->type == INTEGER) {
        snprintf(num, sizeof num, "%lld", ValueToLong(v->value));
        put(t, num);
    } else if (v->type == FLOAT) {
        snprintf(num, sizeof num, "%g", ValueToDouble(v->value));
        put(t, num);
    } else if (v->type == SYMBOL || v->type == STRING) {
        put(t, ValueToString(v->value));
    }
}

/* A certainty as "%g" of a value rounded to three places would give it. */
static void put_certainty(tbuf *t, double cf)
{
    char num[40];
    long m = lround(cf * 1000.0);
    if (m < 0 || m > 1000) {
        snprintf(num, sizeof num, "%g", round3(cf));
    } else if (m == 1000) {
        strcpy(num, "1");
    } else if (m == 0) {
        strcpy(num, "0");
    } else {
        char d[4] = { (char)('0' + m / 100), (char)('0' + m / 10 % 10), (char)('0' + m % 10), 0 };
        int n = 3;
        while (d[n - 1] == '0')
            d[--n] = '\0';
        snprintf(num, sizeof num, "0.%s", d);
    }
    put(t, num);
}

/* A fact as the explanation names it, e.g. "answer: age = 34",
 * "contributor: tight_hamstrings (certainty 0.6)". */
static void fact_text(const engine *e, struct fact *f, char *buf, size_t len)
{
    void *t = f->whichDeftemplate;
    tbuf o = { buf, 0, len };
    buf[0] = '\0';
    const int *pos = NULL;
    for (int k = 0; k < 8; k++)
        if (tmpl_at(e, k) == t)
            pos = e->rs->pos[k];
    void *idsym = pos ? field(f, pos[POS_ID]) : NULL;
    const char *id = idsym ? ValueToString(idsym) : NULL;
    if (t == e->t_answer) {
        put(&o, "answer: ");
        put(&o, id ? id : "?");
        put(&o, " = ");
        int value = e->rs->answer_value, origin_pos = e->rs->answer_origin;
        if (value >= 0 && f->theProposition.theFields[value].type == MULTIFIELD) {
            const struct multifield *mf = f->theProposition.theFields[value].value;
            for (long i = 0; i < mf->multifieldLength; i++) {
                if (i)
                    put(&o, " ");
                put_field(&o, &mf->theFields[i]);
            }
        }
        void *origin = field(f, origin_pos);
        if (origin && strcmp(ValueToString(origin), "assumed") == 0)
            put(&o, " (assumed)");
        return;
    }
    if (!pos)
        id = sym_slot(e->env, f, "id");   /* a template of the clinician's own */
    if (!id) {
        EnvGetFactPPForm(e->env, buf, len, f);
        return;
    }
    put(&o, EnvGetDeftemplateName(e->env, t));
    put(&o, ": ");
    put(&o, id);
    if (t == e->t_contributor || t == e->t_finding) {
        put(&o, " (certainty ");
        put_certainty(&o, cf_field(f, pos[POS_CF]));
        put(&o, ")");
    } else if (t == e->t_cause) {
        put(&o, " of ");
        put(&o, str(field(f, pos[POS_OF])));
    } else if (t == e->t_recommend || t == e->t_caution) {
        put(&o, " because ");
        put(&o, str(field(f, pos[POS_BECAUSE])));
    }
}

/* The live case fact with index idx, or NULL for definitions and retracted
 * facts. */
static fact_name *live_fact(const engine *e, long long idx)
{
    const result_state *rs = e->rs;
    if (idx <= e->base_index || (size_t)(idx - e->base_index) > rs->capnames)
        return NULL;
    fact_name *n = &rs->names[idx - e->base_index - 1];
    return n->fact ? n : NULL;
}

/* The quoted name of a live fact, made once per case: its offset in
 * names_text (its length in n->len). */
static size_t name_of(engine *e, fact_name *n)
{
    result_state *rs = e->rs;
    if (n->len == 0) {
        char buf[512];
        fact_text(e, n->fact, buf, sizeof buf);
        n->off = rs->names_text.len;
        jbuf_str(&rs->names_text, buf);
        n->len = rs->names_text.len - n->off;
    }
    return n->off;
}

static int live_conclusion(const engine *e, long long idx, size_t s)
{
    return live_fact(e, idx) && e->fact_step[idx] == s + 1;
}

/* Compares the names of the live facts of two lists of fact indexes. */
static int cmp_names(engine *e, const long long *x, size_t nx, size_t sx,
                     const long long *y, size_t ny, size_t sy)
{
    size_t i = 0, j = 0;
    for (;;) {
        fact_name *a = NULL, *b = NULL;
        while (i < nx && !(a = live_fact(e, x[i])) )
            i++;
        while (j < ny && !(b = live_fact(e, y[j])))
            j++;
        if (a && sx != SIZE_MAX && e->fact_step[x[i]] != sx + 1)
            a = NULL, i++;
        if (b && sy != SIZE_MAX && e->fact_step[y[j]] != sy + 1)
            b = NULL, j++;
        if (!a || !b) {
            if (i >= nx || j >= ny)
                return (i < nx) - (j < ny);
            continue;
        }
        size_t oa = name_of(e, a), ob = name_of(e, b);
        const char *base = e->rs->names_text.p;   /* names follow each other, unterminated */
        size_t n = a->len < b->len ? a->len : b->len;
        int c = base ? memcmp(base + oa, base + ob, n) : 0;
        if (c)
            return c;
        if (a->len != b->len)
            return a->len < b->len ? -1 : 1;
        i++;
        j++;
    }
}

/* The canonical order of derivation steps: a step comes after the steps that
 * concluded what it used; among the steps free to come next, higher salience
 * first, then the rule defined first, then by the names of what they concluded
 * and used. It depends only on the answers and the rules, not on the order
 * the engine happened to fire them in (nor on earlier cases). */
static int cmp_steps(engine *e, size_t x, size_t y)
{
    const step *a = &e->steps[x], *b = &e->steps[y];
    int sa = a->rule ? a->rule->salience : 0, sb = b->rule ? b->rule->salience : 0;
    if (sa != sb)
        return sa > sb ? -1 : 1;
    size_t ra = a->rule ? (size_t)(a->rule - e->rules) : SIZE_MAX;
    size_t rb = b->rule ? (size_t)(b->rule - e->rules) : SIZE_MAX;
    if (ra != rb)
        return ra < rb ? -1 : 1;
    int c = cmp_names(e, e->idx + a->concl, a->nconcl, x, e->idx + b->concl, b->nconcl, y);
    if (c)
        return c;
    return cmp_names(e, e->idx + a->basis, a->nbasis, SIZE_MAX, e->idx + b->basis, b->nbasis,
                     SIZE_MAX);
}

/* Grows the per-step scratch arrays of order_steps() to n steps (n + 1
 * entries). */
static int grow_order(result_state *rs, size_t n)
{
    if (n < rs->capsteps)
        return 0;
    size_t **arrays[] = { &rs->steps, &rs->where, &rs->waiting, &rs->heap, &rs->first };
    for (size_t k = 0; k < sizeof arrays / sizeof *arrays; k++) {
        size_t *p = realloc(*arrays[k], (n + 1) * sizeof *p);
        if (!p)
            return -1;
        *arrays[k] = p;
    }
    unsigned char *k = realloc(rs->keep, n + 1);
    if (!k)
        return -1;
    rs->keep = k;
    rs->capsteps = n + 1;
    return 0;
}

/* The live step that concluded what step st used at basis position j, as its
 * place in rs->steps, or SIZE_MAX (an answer given, a definition, a retracted
 * fact). */
static size_t dependency(const engine *e, const step *st, size_t j)
{
    long long idx = e->idx[st->basis + j];
    if (!live_fact(e, idx) || !e->fact_step[idx])
        return SIZE_MAX;
    return e->rs->where[e->fact_step[idx] - 1];
}

/* Whether the live step at place x comes before the one at place y among
 * steps free to come next (places follow the engine's steps, so ties, which
 * only identical steps can have, keep firing order). */
static int before(engine *e, size_t x, size_t y)
{
    int c = cmp_steps(e, e->rs->steps[x], e->rs->steps[y]);
    return c < 0 || (c == 0 && x < y);
}

static void heap_push(engine *e, size_t *heap, size_t *n, size_t place)
{
    size_t i = (*n)++;
    while (i > 0 && before(e, place, heap[(i - 1) / 2])) {
        heap[i] = heap[(i - 1) / 2];
        i = (i - 1) / 2;
    }
    heap[i] = place;
}

static size_t heap_pop(engine *e, size_t *heap, size_t *n)
{
    size_t top = heap[0], last = heap[--*n], i = 0;
    for (;;) {
        size_t c = 2 * i + 1;
        if (c >= *n)
            break;
        if (c + 1 < *n && before(e, heap[c + 1], heap[c]))
            c++;
        if (!before(e, heap[c], last))
            break;
        heap[i] = heap[c];
        i = c;
    }
    heap[i] = last;
    return top;
}

/* Whether the live step at place i concludes something a summary lists in
 * canonical order: a trigger, a caution or an assumption. */
static int summary_root(const engine *e, size_t i)
{
    size_t s = e->rs->steps[i];
    const step *st = &e->steps[s];
    for (size_t k = 0; k < st->nconcl; k++) {
        long long idx = e->idx[st->concl + k];
        if (!live_conclusion(e, idx, s))
            continue;
        void *t = live_fact(e, idx)->fact->whichDeftemplate;
        if (t == e->t_trigger || t == e->t_caution || t == e->t_assumption)
            return 1;
    }
    return 0;
}

/* For a summary: marks in rs->keep the places of the steps that conclude a
 * trigger, caution or assumption and of every step they rest on, and marks
 * the others placed already (waiting SIZE_MAX). Returns how many are kept.
 * Ordering only these gives them the same order among themselves as ordering
 * all: they are closed under dependency, so whenever one of them is free in
 * the whole order it is free in theirs, and the least free one comes next in
 * both. */
static size_t keep_for_summary(engine *e, size_t n)
{
    result_state *rs = e->rs;
    size_t *stack = rs->heap, top = 0, kept = 0;   /* the heap is not in use yet */
    for (size_t i = 0; i < n; i++) {
        rs->keep[i] = (unsigned char)summary_root(e, i);
        if (rs->keep[i])
            stack[top++] = i;
    }
    while (top > 0) {
        const step *st = &e->steps[rs->steps[stack[--top]]];
        for (size_t j = 0; j < st->nbasis; j++) {
            size_t d = dependency(e, st, j);
            if (d != SIZE_MAX && !rs->keep[d]) {
                rs->keep[d] = 1;
                stack[top++] = d;
            }
        }
    }
    for (size_t i = 0; i < n; i++) {
        if (rs->keep[i])
            kept++;
        else
            rs->waiting[i] = SIZE_MAX;
    }
    return kept;
}

/* Puts the live steps in canonical order and ranks every live conclusion by
 * it: repeatedly, of the steps whose dependencies are all placed, the least
 * by cmp_steps() comes next (Kahn's algorithm, the free steps in a heap).
 * For a summary, only the steps behind its ordered lists (keep_for_summary). */
static int order_steps(engine *e, int summary)
{
    result_state *rs = e->rs;
    if (grow_order(rs, e->nsteps) != 0)
        return -1;
    size_t n = 0;
    for (size_t s = 0; s < e->nsteps; s++) {
        const step *st = &e->steps[s];
        rs->where[s] = SIZE_MAX;
        for (size_t k = 0; k < st->nconcl; k++)
            if (live_conclusion(e, e->idx[st->concl + k], s)) {
                rs->where[s] = n;
                rs->steps[n++] = s;
                break;
            }
    }
    /* the edges from each place to the places that use what it concluded,
     * once per use, grouped by place: rs->edges[first[p] .. first[p + 1]) */
    memset(rs->first, 0, (n + 1) * sizeof *rs->first);
    size_t nedges = 0;
    for (size_t i = 0; i < n; i++) {
        const step *st = &e->steps[rs->steps[i]];
        rs->waiting[i] = 0;
        for (size_t j = 0; j < st->nbasis; j++) {
            size_t d = dependency(e, st, j);
            if (d != SIZE_MAX) {
                rs->waiting[i]++;
                rs->first[d + 1]++;
                nedges++;
            }
        }
    }
    if (nedges > rs->capedges) {
        size_t *p = realloc(rs->edges, nedges * sizeof *p);
        if (!p)
            return -1;
        rs->edges = p;
        rs->capedges = nedges;
    }
    for (size_t i = 0; i < n; i++)
        rs->first[i + 1] += rs->first[i];
    for (size_t i = 0; i < n; i++) {
        const step *st = &e->steps[rs->steps[i]];
        for (size_t j = 0; j < st->nbasis; j++) {
            size_t d = dependency(e, st, j);
            if (d != SIZE_MAX)
                rs->edges[rs->first[d]++] = i;
        }
    }
    for (size_t i = n; i > 0; i--)   /* each group's end back to its start */
        rs->first[i] = rs->first[i - 1];
    rs->first[0] = 0;

    size_t nheap = 0, rank = 0, done = 0, todo = summary ? keep_for_summary(e, n) : n;
    for (size_t i = 0; i < n; i++)
        if (rs->waiting[i] == 0)
            heap_push(e, rs->heap, &nheap, i);
    size_t *order = rs->where;   /* no longer needed once the edges are made */
    while (done < todo) {
        if (nheap == 0) {
            /* cannot happen: what a step used was concluded before it */
            size_t i = 0;
            while (rs->waiting[i] == SIZE_MAX)
                i++;
            rs->waiting[i] = 0;
            heap_push(e, rs->heap, &nheap, i);
        }
        size_t p = heap_pop(e, rs->heap, &nheap);
        rs->waiting[p] = SIZE_MAX;   /* placed */
        for (size_t k = rs->first[p]; k < rs->first[p + 1]; k++) {
            size_t *w = &rs->waiting[rs->edges[k]];
            if (*w != SIZE_MAX && *w > 0 && --*w == 0)
                heap_push(e, rs->heap, &nheap, rs->edges[k]);
        }
        order[done++] = p;
        size_t s = rs->steps[p];
        const step *st = &e->steps[s];
        for (size_t k = 0; k < st->nconcl; k++)
            if (live_conclusion(e, e->idx[st->concl + k], s))
                live_fact(e, e->idx[st->concl + k])->rank = ++rank;
    }
    for (size_t i = 0; i < done; i++)
        rs->waiting[i] = rs->steps[order[i]];
    memcpy(rs->steps, rs->waiting, done * sizeof *rs->steps);
    rs->nsteps = done;
    return rs->names_text.oom ? -1 : 0;
}

static int cmp_rank(const void *a, const void *b)
{
    const concl *x = a, *y = b;
    if (x->rank != y->rank)
        return x->rank < y->rank ? -1 : 1;
    return (x->fact->factIndex > y->fact->factIndex) - (x->fact->factIndex < y->fact->factIndex);
}

/* Sorts every list of conclusions into the canonical order (for a summary,
 * the triggers, cautions and assumptions: the lists it gives in that order). */
static void rank_lists(engine *e, int summary)
{
    result_state *rs = e->rs;
    concl_list *lists[] = { &rs->triggers, &rs->cautions, &rs->assumptions, &rs->contributors,
                            &rs->findings, &rs->causes, &rs->recommends };
    for (size_t k = 0; k < (summary ? 3 : sizeof lists / sizeof *lists); k++) {
        concl_list *l = lists[k];
        for (size_t i = 0; i < l->n; i++)
            l->v[i].rank = live_fact(e, l->v[i].fact->factIndex)->rank;
        if (l->n > 1)
            qsort(l->v, l->n, sizeof *l->v, cmp_rank);
    }
}

static void write_names(engine *e, jbuf *b, const long long *idx, size_t n, size_t only_step)
{
    int any = 0;
    for (size_t j = 0; j < n; j++) {
        fact_name *f = live_fact(e, idx[j]);
        if (!f || (only_step != SIZE_MAX && e->fact_step[idx[j]] != only_step + 1))
            continue;
        size_t off = name_of(e, f);
        if (any)
            jbuf_lit(b, ",");
        jbuf_raw(b, e->rs->names_text.p + off, f->len);
        any = 1;
    }
}

static void write_explanation(engine *e, jbuf *b)
{
    result_state *rs = e->rs;
    for (size_t i = 0; i < rs->nsteps; i++) {
        size_t s = rs->steps[i];
        const step *st = &e->steps[s];
        const engine_rule *r = st->rule;
        jbuf_lit(b, i ? ",{\"step\":" : "{\"step\":");
        jbuf_int(b, (long long)i + 1);
        if (r) {
            jbuf_lit(b, frag(rs, rs->rule[r - e->rules]));
        } else {
            jbuf_lit(b, ",\"rule\":\"?\",\"file\":\"\",\"line\":0,\"says\":\"\",\"source\":\"\","
                        "\"tests\":[]");
        }
        jbuf_lit(b, ",\"used\":[");
        write_names(e, b, e->idx + st->basis, st->nbasis, SIZE_MAX);
        jbuf_lit(b, "],\"concluded\":[");
        write_names(e, b, e->idx + st->concl, st->nconcl, s);
        jbuf_lit(b, "]}");
    }
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

const char *engine_result_text(engine *e, const char *id_json, size_t *len)
{
    return engine_result_text_detail(e, id_json, ENGINE_DETAIL_FULL, len);
}

/* Collects, orders and assembles the result of the last run (the lists a
 * summary needs put in order, or all of them); the facts' names stay made
 * until forget_names(). -1 with the error in e, names already forgotten. */
static int build(engine *e, int order_summary, int assemble_summary)
{
    if (!e->ran) {
        engine_set_error(e, "no successful run since the answers last changed");
        return -1;
    }
    if (!e->rs && render(e) != 0) {
        engine_result_forget(e);
        engine_set_error(e, "out of memory reading the result");
        return -1;
    }
    if (collect(e) != 0 || order_steps(e, order_summary) != 0) {
        forget_names(e);
        engine_set_error(e, "out of memory reading the result");
        return -1;
    }
    rank_lists(e, order_summary);
    if (assemble(e, assemble_summary) != 0) {
        forget_names(e);
        return -1;
    }
    return 0;
}

const char *engine_result_text_detail(engine *e, const char *id_json, engine_detail detail,
                                      size_t *len)
{
    int summary = detail == ENGINE_DETAIL_SUMMARY;
    if (build(e, summary, summary) != 0)
        return NULL;
    result_state *rs = e->rs;
    jbuf *b = &rs->out;
    jbuf_clear(b);
    jbuf_lit(b, "{");
    if (id_json) {
        jbuf_lit(b, "\"id\":");
        jbuf_lit(b, id_json);
        jbuf_lit(b, ",");
    }
    if (summary)
        jbuf_lit(b, "\"detail\":\"summary\",");
    write_triggers(e, b, summary);
    if (summary) {
        write_summary_plan(e, b);
        write_summary_net(e, b);
        jbuf_lit(b, frag(rs, rs->sum_tail));
    } else {
        write_contributors(e, b);
        write_plan(e, b);
        write_safety_net(e, b);
        jbuf_lit(b, frag(rs, rs->tail));
        write_explanation(e, b);
        jbuf_lit(b, frag(rs, rs->version));
    }
    forget_names(e);
    if (b->oom) {
        engine_set_error(e, "out of memory reading the result");
        return NULL;
    }
    if (len)
        *len = b->len;
    return b->p;
}

json_t *engine_result(engine *e)
{
    size_t len;
    const char *text = engine_result_text(e, NULL, &len);
    if (!text)
        return NULL;
    json_error_t err;
    json_t *res = json_loadb(text, len, 0, &err);
    if (!res)
        engine_set_error(e, "the result is not valid JSON: %s", err.text);
    return res;
}

const engine_outcome *engine_outcome_now(engine *e)
{
    /* in the full result's order (a plan item's reasons are ordered only there) */
    if (build(e, 0, 0) != 0)
        return NULL;
    forget_names(e);
    result_state *rs = e->rs;
    if (room(&rs->v_contrib, &rs->cap_v_contrib, rs->na_contrib, sizeof *rs->v_contrib) != 0) {
        engine_set_error(e, "out of memory reading the result");
        return NULL;
    }
    for (size_t j = 0; j < rs->na_trig; j++)
        rs->v_trig[j] = &e->triggers[rs->a_trig[j]];
    for (size_t j = 0; j < rs->na_contrib; j++) {
        const contrib *u = &rs->a_contrib[j];
        rs->v_contrib[j] = (engine_contribution){ str(u->id),
                                                  u->def >= 0 ? &e->contributors[u->def] : NULL,
                                                  u->cf };
    }
    for (size_t j = 0; j < rs->na_caution; j++)
        rs->v_caution[j] = &e->cautions[rs->a_caution[j]];
    const concl_list *rl = &rs->recommends;
    if (room(&rs->v_because, &rs->cap_v_because, rs->na_plan, sizeof *rs->v_because) != 0 ||
        room(&rs->v_because_ids, &rs->cap_v_because_ids, rl->n, sizeof *rs->v_because_ids) != 0 ||
        room(&rs->v_assume, &rs->cap_v_assume, rs->na_assume, sizeof *rs->v_assume) != 0) {
        engine_set_error(e, "out of memory reading the result");
        return NULL;
    }
    size_t nids = 0;
    for (size_t j = 0; j < rs->na_plan; j++) {
        size_t r = rs->a_plan[j];
        rs->v_plan[j] = &e->recs[r];
        rs->v_because[j].n = 0;
        for (size_t i = rs->a_plan_at[j]; i < rl->n; i++)   /* as write_because() */
            if (new_reason(rl, i, rs->rec_id[r]))
                rs->v_because_ids[nids + rs->v_because[j].n++] = str(rl->v[i].other);
        nids += rs->v_because[j].n;
    }
    for (size_t j = 0, at = 0; j < rs->na_plan; at += rs->v_because[j++].n)
        rs->v_because[j].ids = rs->v_because_ids + at;
    for (size_t j = 0; j < rs->na_net; j++)
        rs->v_net[j] = &e->triggers[rs->a_net[j]];
    for (size_t j = 0; j < rs->na_assume; j++)
        rs->v_assume[j] = str(rs->assumptions.v[rs->a_assume[j]].other);
    rs->view = (engine_outcome){ &e->dispositions[rs->disp_at],
                                 (const engine_trigger *const *)rs->v_trig, rs->na_trig,
                                 rs->v_contrib, rs->na_contrib,
                                 (const engine_caution *const *)rs->v_caution, rs->na_caution,
                                 (const engine_recommendation *const *)rs->v_plan, rs->na_plan,
                                 rs->v_because,
                                 (const engine_trigger *const *)rs->v_net, rs->na_net,
                                 (const char *const *)rs->v_assume, rs->na_assume };
    return &rs->view;
}
