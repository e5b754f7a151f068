/* check_safety.c: `triage check-safety`: a worrying answer never lowers the urgency.
 *
 * The questions checked are every one that a rule leading to a trigger uses,
 * found through the rules. A change of answer is worrying when it moves
 * toward what the rules treat as worrying and away from nothing they do:
 * - yes/no: toward yes (or the values the question declares worrying), and
 *   to not-sure from no or no answer;
 * - choice: to a value the question declares worrying, from one it does not;
 * - list: adding a value the question declares worrying;
 * - number: entering the worrying side of some comparison a trigger's rules
 *   make on it (the side that fires the rule; under a not, the other side)
 *   without leaving the worrying side of another (age 15 to 16 leaves
 *   "under 16", so it is no worrying change). Every boundary is tried from
 *   both sides.
 * Base cases are every combination when there are few enough, otherwise a
 * seeded sample: sparse cases (a few answers away from the reassuring ones),
 * cases aimed at one trigger rule, and uniform ones. Trigger rules that no
 * case fired, and uses of answers the check cannot read, are reported as
 * UNCHECKED (exit 4); "safe" is said only when nothing was left out. */
#include "engine.h"
#include "lint.h"
#include "progress.h"
#include "cli.h"
#include "startup.h"
#include "vignette.h"

#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define EXHAUSTIVE_LIMIT 20000.0
#define AIMED_RETRIES 400

static const char safety_usage[] =
    "usage: triage check-safety [--rules DIR]... [--samples N] [--seed S] [--quiet]\n"
    "\n"
    "Checks over the rules as loaded (overlays included) that no worrying change\n"
    "of answer lowers the disposition: yes/no toward yes (or not sure), a choice\n"
    "or a list toward the values its question declares worrying, a number into\n"
    "the worrying side of a comparison a trigger's rules make (every boundary\n"
    "tried from both sides), for every question a trigger depends on.\n"
    "Exhaustive when the combinations are few, otherwise over N sampled cases\n"
    "(default 10000, seed 1); it says which. A counterexample is shrunk to the\n"
    "fewest answers that still show it and printed as a vignette that\n"
    "`triage test` reads (and fails). Trigger rules that no case fired, and\n"
    "answers the rules use in ways it cannot read, are listed as UNCHECKED.\n"
    "--quiet leaves out the progress line (on standard error, when it is a\n"
    "terminal, after half a second: cases done, rate, time left).\n"
    "\n"
    "Exit status: 0 safe (nothing left unchecked), 1 a counterexample was found\n"
    "or a red-flag rule can never fire, 2 usage error, 3 the rules failed to\n"
    "load, 4 something was left unchecked (and nothing unsafe found).\n";

typedef struct cmp {
    char op[3];          /* < <= > >= = */
    long long n;
    int negated;         /* inside a not: the worrying side is the other one */
} cmp;

typedef struct var {
    const engine_question *q;
    json_t *domain;      /* answers tried (json values; null = absent) */
    json_t *worse;       /* yes/no, choice, list: the worrying values */
    json_t *calm;        /* answers on no worrying side (null = absent among them) */
    cmp *cmps;           /* number: the comparisons trigger rules make on it */
    size_t ncmps;
} var;

typedef struct checker {
    engine *e;
    var *vars;
    size_t nvars;
    json_t *trigger_rules;   /* name -> true: rules that lead to a trigger */
    uint64_t rng;
    long cases, changes;
    progress *prog;          /* the progress line, or NULL */
} checker;

static uint64_t next(checker *c)
{
    c->rng ^= c->rng >> 12;
    c->rng ^= c->rng << 25;
    c->rng ^= c->rng >> 27;
    return c->rng * 2685821657736338717ULL;
}

static const engine_rule *rule_named(const engine *e, const char *name)
{
    for (size_t i = 0; i < engine_rule_count(e); i++)
        if (!strcmp(engine_rule_at(e, i)->name, name))
            return engine_rule_at(e, i);
    return NULL;
}

static int uses(const engine_rule *r, const char *ref)
{
    for (size_t u = 0; u < r->nuses; u++)
        if (!strcmp(r->uses[u], ref))
            return 1;
    return 0;
}

/* Whether v lies on the worrying side of c. */
static int on_side(const cmp *c, long long v)
{
    int in = !strcmp(c->op, ">=") ? v >= c->n : !strcmp(c->op, ">") ? v > c->n
           : !strcmp(c->op, "<=") ? v <= c->n : !strcmp(c->op, "<") ? v < c->n : v == c->n;
    return c->negated ? !in : in;
}

static void add_unique(json_t *arr, json_t *v)
{
    size_t i;
    json_t *x;
    json_array_foreach(arr, i, x)
        if (json_equal(x, v)) {
            json_decref(v);
            return;
        }
    json_array_append_new(arr, v);
}

static int has_value(const json_t *list, const json_t *v)
{
    size_t i;
    json_t *x;
    json_array_foreach(list, i, x)
        if (json_equal(x, v))
            return 1;
    return 0;
}

/* The comparisons the trigger rules make on number question q. */
static void read_comparisons(checker *c, var *v)
{
    size_t n = strlen(v->q->id);
    const char *name;
    json_t *t;
    json_object_foreach(c->trigger_rules, name, t) {
        const engine_rule *r = rule_named(c->e, name);
        for (size_t k = 0; r && k < r->ncomparisons; k++) {
            char op[8];
            long long num;
            const char *s = r->comparisons[k];
            if (strncmp(s, v->q->id, n) || s[n] != ':' ||
                sscanf(s + n + 1, "%7[^:]:%lld", op, &num) != 2 || strlen(op) > 2)
                continue;
            int negated = 0;
            for (size_t j = 0; j < r->nnegated_comparisons; j++)
                negated |= !strcmp(r->negated_comparisons[j], s);
            int dup = 0;
            for (size_t j = 0; j < v->ncmps; j++)
                dup |= v->cmps[j].n == num && !strcmp(v->cmps[j].op, op) &&
                       v->cmps[j].negated == negated;
            if (dup)
                continue;
            cmp *grown = realloc(v->cmps, (v->ncmps + 1) * sizeof *grown);
            if (!grown)
                continue;
            v->cmps = grown;
            snprintf(v->cmps[v->ncmps].op, sizeof v->cmps[v->ncmps].op, "%.2s", op);
            v->cmps[v->ncmps].n = num;
            v->cmps[v->ncmps++].negated = negated;
        }
    }
}

/* Records each use of an answer that the check cannot read in unchecked:
 * a variable question id, or a number used without a comparison. */
static void unreadable_uses(checker *c, json_t *unchecked)
{
    const char *name;
    json_t *t;
    json_object_foreach(c->trigger_rules, name, t) {
        const engine_rule *r = rule_named(c->e, name);
        for (size_t u = 0; r && u < r->nuses; u++) {
            const engine_ref *ref = &r->use_refs[u];
            int answer = !strcmp(ref->kind, "answer");
            char why[512] = "";
            if (answer && !strcmp(ref->id, "*"))
                snprintf(why, sizeof why, "rule %s (%s:%d) uses an answer whose question is a "
                         "variable, so which answer it needs cannot be read", r->name, r->file,
                         r->line);
            else if (answer) {
                const engine_question *q = engine_question_find(c->e, ref->id);
                size_t n = strlen(ref->id);
                int compared = 0;
                for (size_t k = 0; k < r->ncomparisons; k++)
                    compared |= !strncmp(r->comparisons[k], ref->id, n) &&
                                r->comparisons[k][n] == ':';
                for (size_t k = 0; k < r->nvalues; k++)
                    compared |= !strncmp(r->values[k], ref->id, n) && r->values[k][n] == '=';
                if (q && q->type == ENGINE_INTEGER && !compared)
                    snprintf(why, sizeof why, "rule %s (%s:%d) uses the number %s without a "
                             "comparison check-safety can read (write (value ?v&:(>= ?v N)))",
                             r->name, r->file, r->line, q->id);
            }
            if (why[0])
                add_unique(unchecked, json_string(why));
        }
    }
}

static int build_vars(checker *c, json_t *unchecked)
{
    for (size_t i = 0; i < engine_question_count(c->e); i++) {
        const engine_question *q = engine_question_at(c->e, i);
        char ref[160];
        snprintf(ref, sizeof ref, "answer:%s", q->id);
        int used = 0;
        const char *name;
        json_t *t;
        json_object_foreach(c->trigger_rules, name, t) {
            const engine_rule *r = rule_named(c->e, name);
            used |= r && uses(r, ref);
        }
        if (!used)
            continue;
        var v = { q, json_pack("[n]"), json_array(), json_pack("[n]"), NULL, 0 };
        if (q->type == ENGINE_YESNO) {
            add_unique(v.domain, json_string("no"));
            add_unique(v.domain, json_string("unknown"));
            add_unique(v.domain, json_string("yes"));
            for (size_t k = 0; k < q->nworrying; k++)
                add_unique(v.worse, json_string(q->worrying[k]));
            if (!q->nworrying)
                add_unique(v.worse, json_string("yes"));
            add_unique(v.calm, json_string(json_array_size(v.worse) == 1 &&
                                                   !strcmp(json_string_value(json_array_get(
                                                               v.worse, 0)), "no")
                                               ? "yes" : "no"));
        } else if (q->type == ENGINE_INTEGER) {
            read_comparisons(c, &v);
            add_unique(v.domain, json_integer(q->min));
            add_unique(v.domain, json_integer(q->max));
            for (size_t k = 0; k < v.ncmps; k++)
                for (long long d = -1; d <= 1; d++)
                    if (v.cmps[k].n + d >= q->min && v.cmps[k].n + d <= q->max)
                        add_unique(v.domain, json_integer(v.cmps[k].n + d));
            size_t k;
            json_t *x;
            json_array_foreach(v.domain, k, x) {
                int worrying = 0;
                for (size_t j = 0; json_is_integer(x) && j < v.ncmps; j++)
                    worrying |= on_side(&v.cmps[j], json_integer_value(x));
                if (json_is_integer(x) && !worrying)
                    add_unique(v.calm, json_incref(x));
            }
        } else {
            add_unique(v.domain, json_string("unknown"));
            for (size_t k = 0; k < q->nworrying; k++)
                add_unique(v.worse, json_string(q->worrying[k]));
            if (!q->nworrying)
                add_unique(unchecked, json_pack("s++", "question ", q->id,
                                                " declares no worrying values, so no change of it "
                                                "counts as worrying"));
            if (q->type == ENGINE_CHOICE) {
                for (size_t k = 0; k < q->nvalues; k++) {
                    add_unique(v.domain, json_string(q->values[k]));
                    if (!has_value(v.worse, json_array_get(v.domain, json_array_size(v.domain) - 1)))
                        add_unique(v.calm, json_string(q->values[k]));
                }
            } else {
                /* the empty list, each value alone, each worrying value with a calm one */
                const char *other = NULL;
                add_unique(v.domain, json_array());
                add_unique(v.calm, json_array());
                for (size_t k = 0; k < q->nvalues; k++) {
                    json_t *one = json_pack("[s]", q->values[k]);
                    int worrying = has_value(v.worse, json_array_get(one, 0));
                    if (!worrying) {
                        other = other ? other : q->values[k];
                        add_unique(v.calm, json_incref(one));
                    }
                    add_unique(v.domain, one);
                }
                for (size_t k = 0; other && k < json_array_size(v.worse); k++)
                    add_unique(v.domain, json_pack("[s,O]", other, json_array_get(v.worse, k)));
            }
        }
        var *grown = realloc(c->vars, (c->nvars + 1) * sizeof *grown);
        if (!grown)
            return -1;
        c->vars = grown;
        c->vars[c->nvars++] = v;
    }
    unreadable_uses(c, unchecked);
    return 0;
}

static long long run_rank(checker *c)
{
    if (engine_run(c->e) != 0)
        return -1;
    const char *d = engine_disposition(c->e);
    return d ? engine_disposition_rank(c->e, d) : -1;
}

static long long rank_of(checker *c, const json_t *answers)
{
    if (engine_reset(c->e) != 0)
        return -1;
    const char *k;
    json_t *v;
    json_object_foreach((json_t *)answers, k, v)
        if (engine_answer(c->e, k, v) != 0)
            return -1;
    return run_rank(c);
}

static int is_unsure(const json_t *value)
{
    return json_is_string(value) && !strcmp(json_string_value(value), "unknown");
}

/* How worrying a yes/no or choice answer is: absent and a calm answer 0, not
 * sure 1, a worrying answer 2. */
static int level(const var *v, const json_t *value)
{
    if (!value || json_is_null(value))
        return 0;
    if (has_value(v->worse, value))
        return 2;
    return is_unsure(value);
}

/* Whether list (an array) names a worrying value of v. */
static int names_worrying(const var *v, const json_t *list)
{
    size_t i;
    json_t *x;
    json_array_foreach(list, i, x)
        if (has_value(v->worse, x))
            return 1;
    return 0;
}

/* Whether changing v from a to b is worrying (null: absent). */
static int worrying_move(const var *v, const json_t *a, const json_t *b)
{
    if (json_equal(a, b) || json_is_null(b))
        return 0;
    switch (v->q->type) {
    case ENGINE_YESNO:
    case ENGINE_CHOICE:
        return level(v, b) > level(v, a);
    case ENGINE_INTEGER: {
        int enters = 0, leaves = 0;
        for (size_t k = 0; k < v->ncmps; k++) {
            int was = json_is_integer(a) && on_side(&v->cmps[k], json_integer_value(a));
            int now = on_side(&v->cmps[k], json_integer_value(b));
            enters |= now && !was;
            leaves |= was && !now;
        }
        return enters && !leaves;
    }
    default: {
        /* not sure where is worse than a list of calm places only; a list is
         * worse than not sure only when it names every worrying place;
         * otherwise b keeps every value of a and adds a worrying one */
        size_t i;
        json_t *x;
        int adds = 0;
        if (is_unsure(b))
            return !json_is_array(a) || !names_worrying(v, a);
        if (!json_is_array(b))
            return 0;
        if (is_unsure(a)) {
            json_array_foreach(v->worse, i, x)
                if (!has_value(b, x))
                    return 0;
            return 1;
        }
        if (json_is_array(a))
            json_array_foreach(a, i, x)
                if (!has_value(b, x))
                    return 0;
        json_array_foreach(b, i, x)
            adds |= has_value(v->worse, x) && !(json_is_array(a) && has_value(a, x));
        return adds;
    }
    }
}

/* The worrying answers one step from value for v: new ref (an array). */
static json_t *worse_than(const var *v, const json_t *value)
{
    json_t *out = json_array();
    size_t i;
    json_t *w;
    if (v->q->type == ENGINE_MULTI && is_unsure(value)) {
        json_array_append_new(out, json_deep_copy(v->worse));   /* every worrying place */
        return out;
    }
    if (v->q->type == ENGINE_MULTI) {
        json_array_foreach(v->worse, i, w) {
            if (json_is_array(value) && has_value(value, w))
                continue;
            json_t *more = json_is_array(value) ? json_deep_copy(value) : json_array();
            json_array_append(more, w);
            json_array_append_new(out, more);
        }
        if (!json_is_array(value) || !names_worrying(v, value))
            json_array_append_new(out, json_string("unknown"));
        return out;
    }
    json_array_foreach(v->domain, i, w)
        if (worrying_move(v, value, w))
            json_array_append(out, w);
    return out;
}

static const char *disposition_named(const engine *e, long long rank)
{
    for (size_t i = 0; i < engine_disposition_count(e); i++)
        if (engine_disposition_at(e, i)->rank == rank)
            return engine_disposition_at(e, i)->id;
    return "?";
}

/* Whether changing q to worse in answers lowers the disposition; sets the
 * ranks before and after. */
static int lowers(checker *c, const json_t *answers, const char *q, const json_t *worse,
                  long long *before, long long *after)
{
    *before = rank_of(c, answers);
    json_t *changed = json_deep_copy(answers);
    json_object_set(changed, q, (json_t *)worse);
    *after = rank_of(c, changed);
    json_decref(changed);
    return *before >= 0 && *after >= 0 && *after < *before;
}

/* Drops every answer not needed to show the counterexample, then prints it. */
static void counterexample(checker *c, json_t *answers, const char *q, const json_t *worse)
{
    json_t *a = json_deep_copy(answers);
    long long before, after;
    for (int again = 1; again;) {
        again = 0;
        const char *k;
        json_t *v;
        void *tmp;
        json_object_foreach_safe(a, tmp, k, v) {
            if (strcmp(k, q) == 0)
                continue;
            json_t *trial = json_deep_copy(a);
            json_object_del(trial, k);
            if (lowers(c, trial, q, worse, &before, &after)) {
                json_decref(a);
                a = trial;
                again = 1;
                break;
            }
            json_decref(trial);
        }
    }
    /* each number as near a boundary as still shows it */
    for (size_t i = 0; i < c->nvars; i++) {
        const var *v = &c->vars[i];
        const json_t *has = json_object_get(a, v->q->id);
        if (v->q->type != ENGINE_INTEGER || !has || !strcmp(v->q->id, q))
            continue;
        long long best = LLONG_MAX;
        json_t *keep = json_incref((json_t *)has);
        size_t k;
        json_t *x;
        json_array_foreach(v->domain, k, x) {
            long long d = LLONG_MAX;
            for (size_t j = 0; json_is_integer(x) && j < v->ncmps; j++) {
                long long gap = llabs(json_integer_value(x) - v->cmps[j].n);
                d = gap < d ? gap : d;
            }
            if (!json_is_integer(x) || d >= best)
                continue;
            json_object_set(a, v->q->id, x);
            if (lowers(c, a, q, worse, &before, &after)) {
                best = d;
                json_decref(keep);
                keep = json_incref(x);
            }
        }
        json_object_set_new(a, v->q->id, keep);
    }
    lowers(c, a, q, worse, &before, &after);
    const char *was_d = disposition_named(c->e, before), *now_d = disposition_named(c->e, after);
    const json_t *old = json_object_get(a, q);
    char *was = old ? json_dumps(old, JSON_ENCODE_ANY) : strdup("no answer");
    char *now = json_dumps(worse, JSON_ENCODE_ANY);
    printf("check-safety: UNSAFE: answering %s = %s instead of %s lowers the disposition from "
           "%s to %s (%zu answer%s in all).\n\n", q, now, was, was_d, now_d, json_object_size(a),
           json_object_size(a) == 1 ? "" : "s");
    printf("# check-safety counterexample: with %s = %s these answers give %s; with %s = %s\n"
           "# they give %s. A more worrying answer must never lower the disposition.\n",
           q, was, was_d, q, now, now_d);
    json_t *shown = json_deep_copy(a);
    json_object_set(shown, q, (json_t *)worse);
    json_t *expect = json_pack("{s:s}", "disposition", was_d);
    char name[256];
    snprintf(name, sizeof name, "check-safety counterexample: %s = %s", q, now);
    vignette_write(stdout, name, shown, expect);
    free(was);
    free(now);
    json_decref(shown);
    json_decref(expect);
    json_decref(a);
}

/* Checks every worrying change of one base case; 1 when one lowers it. */
static int check_case(checker *c, json_t *answers)
{
    long long base = rank_of(c, answers);
    if (base < 0)
        return 0;
    c->cases++;
    for (size_t i = 0; i < c->nvars; i++) {
        const var *v = &c->vars[i];
        const json_t *now = json_object_get(answers, v->q->id);
        json_t *worse = worse_than(v, now ? now : json_null());
        size_t k;
        json_t *w;
        json_array_foreach(worse, k, w) {
            /* tried on the running engine and undone: truth maintenance keeps it cheap */
            long long r = engine_answer(c->e, v->q->id, w) == 0 ? run_rank(c) : -1;
            if (now)
                engine_answer(c->e, v->q->id, now);
            else
                engine_unanswer(c->e, v->q->id);
            c->changes++;
            if (r >= 0 && r < base) {
                counterexample(c, answers, v->q->id, w);
                json_decref(worse);
                return 1;
            }
        }
        json_decref(worse);
    }
    return 0;
}

static json_t *pick(checker *c, json_t *from)
{
    size_t n = json_array_size(from);
    return n ? json_array_get(from, next(c) % n) : json_null();
}

static void set(json_t *a, const var *v, json_t *value)
{
    if (json_is_null(value))
        json_object_del(a, v->q->id);
    else
        json_object_set(a, v->q->id, value);
}

/* A case of calm answers with a few others. */
static json_t *sparse_case(checker *c)
{
    json_t *a = json_object();
    for (size_t i = 0; i < c->nvars; i++)
        set(a, &c->vars[i], pick(c, c->vars[i].calm));
    for (uint64_t k = 1 + next(c) % 3; k > 0 && c->nvars; k--) {
        const var *v = &c->vars[next(c) % c->nvars];
        set(a, v, pick(c, v->domain));
    }
    return a;
}

/* A sparse case with the answers rule r needs to fire, as far as they can be
 * read from its conditions. */
static json_t *aimed_case(checker *c, const engine_rule *r)
{
    json_t *a = sparse_case(c);
    for (size_t i = 0; i < c->nvars; i++) {
        const var *v = &c->vars[i];
        char ref[160];
        snprintf(ref, sizeof ref, "answer:%s", v->q->id);
        if (!uses(r, ref))
            continue;
        int negated = 0;
        for (size_t k = 0; k < r->nnegated; k++)
            negated |= !strcmp(r->negated[k], ref);
        if (negated) {
            set(a, v, pick(c, v->calm));
            continue;
        }
        json_t *fits = json_array();
        size_t n = strlen(v->q->id);
        for (size_t k = 0; k < r->nvalues; k++)
            if (!strncmp(r->values[k], v->q->id, n) && r->values[k][n] == '=') {
                const char *lit = r->values[k] + n + 1;
                if (v->q->type == ENGINE_MULTI)
                    add_unique(fits, json_pack("[s]", lit));
                else if (v->q->type != ENGINE_INTEGER)
                    add_unique(fits, json_string(lit));
            }
        if (v->q->type == ENGINE_INTEGER) {
            size_t k;
            json_t *x;
            json_array_foreach(v->domain, k, x) {
                int all = json_is_integer(x);
                for (size_t j = 0; all && j < r->ncomparisons; j++) {
                    char op[8];
                    long long num;
                    const char *s = r->comparisons[j];
                    if (strncmp(s, v->q->id, n) || s[n] != ':' ||
                        sscanf(s + n + 1, "%7[^:]:%lld", op, &num) != 2)
                        continue;
                    cmp one = { "", num, 0 };
                    snprintf(one.op, sizeof one.op, "%.2s", op);
                    all = on_side(&one, json_integer_value(x));
                }
                if (all)
                    add_unique(fits, json_incref(x));
            }
        }
        if (json_array_size(fits))
            set(a, v, pick(c, fits));
        else if (v->q->type == ENGINE_YESNO)
            set(a, v, pick(c, v->worse));
        json_decref(fits);
    }
    return a;
}

static json_t *uniform_case(checker *c)
{
    json_t *a = json_object();
    for (size_t i = 0; i < c->nvars; i++)
        set(a, &c->vars[i], pick(c, c->vars[i].domain));
    return a;
}

static json_t *case_at(checker *c, const size_t *at)
{
    json_t *a = json_object();
    for (size_t i = 0; i < c->nvars; i++)
        set(a, &c->vars[i], json_array_get(c->vars[i].domain, at[i]));
    return a;
}

/* The rules that conclude a trigger directly, in load order. */
static size_t direct_trigger_rules(const engine *e, size_t *out)
{
    size_t n = 0;
    for (size_t i = 0; i < engine_rule_count(e); i++) {
        const engine_rule *r = engine_rule_at(e, i);
        for (size_t k = 0; k < r->nconcludes; k++)
            if (!strcmp(r->conclude_refs[k].kind, "trigger")) {
                out[n++] = i;
                break;
            }
    }
    return n;
}

static void show_progress(checker *c, long done, long total)
{
    progress_update(c->prog, done, total, -1);
}

/* Red-flag rules that lint finds can never fire (a comparison no answer meets). */
static size_t dead_red_flags(const engine *e, const rules_dirs *rd)
{
    const char *dirs[16];
    size_t ndirs = triage_resolve_dirs(rd, dirs, 16), dead = 0;
    json_t *diags = json_array();
    lint_rules(dirs, ndirs, (engine *)e, diags);
    size_t i;
    json_t *d;
    json_array_foreach(diags, i, d) {
        const char *msg = json_string_value(json_object_get(d, "message"));
        char name[200];
        if (sscanf(msg, "rule %199s cannot fire", name) != 1)
            continue;
        const engine_rule *r = rule_named(e, name);
        for (size_t k = 0; r && k < r->nconcludes; k++)
            for (size_t t = 0; t < engine_trigger_count(e); t++) {
                const engine_trigger *tr = engine_trigger_at(e, t);
                const engine_ref *ref = &r->conclude_refs[k];
                if (!strcmp(ref->kind, "trigger") && !strcmp(ref->id, tr->id) &&
                    !strcmp(tr->kind, "red-flag")) {
                    printf("check-safety: red-flag rule %s (%s:%d) can never fire: %s\n", name,
                           r->file, r->line, msg);
                    dead++;
                }
            }
    }
    json_decref(diags);
    return dead;
}

int safety_main(int argc, char **argv)
{
    rules_dirs rd = { .n = 0 };
    long samples = 10000;
    unsigned long long seed = 1;
    int quiet = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            fputs(safety_usage, stdout);
            return TRIAGE_OK;
        } else if (triage_rules_option(argc, argv, &i, &rd)) {
            if (rd.bad)
                return TRIAGE_USAGE;
        } else if (strcmp(a, "--quiet") == 0 || strcmp(a, "-q") == 0) {
            quiet = 1;
        } else if ((strcmp(a, "--samples") == 0 || strcmp(a, "--seed") == 0) && i + 1 < argc) {
            char *end;
            unsigned long long v = strtoull(argv[++i], &end, 10);
            if (*end || v == 0 || v > 100000000ULL) {
                triage_error("%s needs a whole number from 1 to 100000000", a);
                return TRIAGE_USAGE;
            }
            if (a[2] == 's' && a[3] == 'a')
                samples = (long)v;
            else
                seed = v;
        } else {
            triage_error("unknown argument '%s' (try 'triage check-safety --help')", a);
            return TRIAGE_USAGE;
        }
    }
    engine *e = triage_open_engine(&rd);
    if (!e)
        return TRIAGE_NO_RULES;
    checker c = { .e = e, .rng = seed * 0x9E3779B97F4A7C15ULL | 1,
                  .prog = progress_new("check-safety", "cases", progress_wanted(quiet)) };
    c.trigger_rules = engine_trigger_rules(e);
    json_t *unchecked = json_array();
    size_t *direct = calloc(engine_rule_count(e) + 1, sizeof *direct);
    if (!direct || build_vars(&c, unchecked) != 0) {
        triage_error("out of memory");
        progress_end(c.prog);
        free(direct);
        engine_free(e);
        return TRIAGE_FAILED;
    }
    size_t ndirect = direct_trigger_rules(e, direct);
    double space = 1;
    for (size_t i = 0; i < c.nvars; i++)
        space *= (double)json_array_size(c.vars[i].domain);
    int unsafe = 0, exhaustive = space <= EXHAUSTIVE_LIMIT;
    if (exhaustive) {
        size_t *at = calloc(c.nvars + 1, sizeof *at);
        long done = 0;
        for (int end = !at; !end && !unsafe;) {
            json_t *a = case_at(&c, at);
            unsafe = check_case(&c, a);
            json_decref(a);
            show_progress(&c, ++done, (long)space);
            end = 1;
            for (size_t i = 0; i < c.nvars && end; i++) {
                if (++at[i] < json_array_size(c.vars[i].domain))
                    end = 0;
                else
                    at[i] = 0;
            }
        }
        free(at);
    } else {
        for (long n = 0; n < samples && !unsafe; n++) {
            json_t *a = n % 4 == 1 && ndirect ? aimed_case(&c, engine_rule_at(e, direct[(n / 4) % ndirect]))
                      : n % 4 == 3 ? uniform_case(&c) : sparse_case(&c);
            unsafe = check_case(&c, a);
            json_decref(a);
            show_progress(&c, n + 1, samples);
        }
    }
    /* a second chance, aimed at each trigger rule no case fired */
    for (size_t i = 0; i < ndirect && !unsafe; i++)
        for (int k = 0; k < AIMED_RETRIES && !engine_rule_fired(e, direct[i]) && !unsafe; k++) {
            json_t *a = aimed_case(&c, engine_rule_at(e, direct[i]));
            unsafe = check_case(&c, a);
            json_decref(a);
        }
    progress_end(c.prog);
    c.prog = NULL;
    size_t dead = unsafe ? 0 : dead_red_flags(e, &rd);
    for (size_t i = 0; i < ndirect && !unsafe; i++) {
        const engine_rule *r = engine_rule_at(e, direct[i]);
        if (!engine_rule_fired(e, direct[i]))
            add_unique(unchecked, json_pack("s+++++", "rule ", r->name, " (", r->file,
                                            "): no case fired it, so the answers it needs were "
                                            "never exercised", ""));
    }
    if (!unsafe) {
        if (exhaustive)
            printf("check-safety: every one of %.0f combinations of %zu questions: ", space,
                   c.nvars);
        else
            printf("check-safety: %ld sampled cases (seed %llu) of %.3g combinations of %zu "
                   "questions: ", c.cases, seed, space, c.nvars);
        printf("%ld worrying changes tried, none lowers the disposition.\n", c.changes);
        size_t fired = 0;
        for (size_t i = 0; i < ndirect; i++)
            fired += engine_rule_fired(e, direct[i]) > 0;
        printf("check-safety: %zu of %zu trigger rules fired in the cases tried.\n", fired,
               ndirect);
    }
    size_t i;
    json_t *u;
    json_array_foreach(unchecked, i, u)
        printf("check-safety: UNCHECKED: %s\n", json_string_value(u));
    int rc = unsafe || dead ? TRIAGE_FAILED : json_array_size(unchecked) ? TRIAGE_INCOMPLETE : TRIAGE_OK;
    if (rc == TRIAGE_OK)
        printf("check-safety: safe: nothing was left unchecked.\n");
    else if (rc == TRIAGE_INCOMPLETE)
        printf("check-safety: UNCHECKED: %zu item%s above %s left out; the rules are not shown "
               "safe.\n", json_array_size(unchecked), json_array_size(unchecked) == 1 ? "" : "s",
               json_array_size(unchecked) == 1 ? "was" : "were");
    for (size_t k = 0; k < c.nvars; k++) {
        json_decref(c.vars[k].domain);
        json_decref(c.vars[k].worse);
        json_decref(c.vars[k].calm);
        free(c.vars[k].cmps);
    }
    free(c.vars);
    free(direct);
    json_decref(unchecked);
    json_decref(c.trigger_rules);
    if (startup_free_at_exit())
        engine_free(e);
    return rc;
}
