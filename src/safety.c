/* safety.c: `triage check-safety`: a worrying answer never lowers the urgency.
 *
 * The questions checked are those the triggers depend on, found through the
 * rules. For each, "toward the worrying value" is read from the rules too: a
 * yes/no question toward yes; a number toward the side its comparisons name
 * (>= and > upward, < and <= downward; a number compared both ways is
 * reported and not checked); a choice toward a value a trigger rule names; a
 * list by adding a value a trigger rule names. Base cases are every
 * combination of the questions' representative answers when there are few
 * enough, otherwise a seeded random sample. */
#include "engine.h"
#include "triage.h"
#include "vignette.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define EXHAUSTIVE_LIMIT 200000.0

static const char safety_usage[] =
    "usage: triage check-safety [--rules DIR]... [--samples N] [--seed S]\n"
    "\n"
    "Checks over the rules as loaded (overlays included) that, for every\n"
    "question a trigger depends on, changing its answer toward the worrying\n"
    "value never lowers the disposition. Exhaustive over the questions'\n"
    "representative answers when feasible, otherwise over N random cases\n"
    "(default 10000, seed 1); it says which. On failure it prints the smallest\n"
    "counterexample it finds as a vignette that triage test accepts (and fails).\n"
    "\n"
    "Exit status: 0 safe, 1 a counterexample was found, 2 usage error, 3 the\n"
    "rules failed to load.\n";

typedef struct var {
    const engine_question *q;
    json_t *domain;      /* representative answers (json values; null = absent) */
    json_t *worse;       /* for yes/no, choice and list: the worrying values */
    int direction;       /* numbers: +1 upward, -1 downward */
} var;

typedef struct checker {
    engine *e;
    var *vars;
    size_t nvars;
    uint64_t rng;
    long cases, changes;
} checker;

static uint64_t next(checker *c)
{
    c->rng ^= c->rng >> 12;
    c->rng ^= c->rng << 25;
    c->rng ^= c->rng >> 27;
    return c->rng * 2685821657736338717ULL;
}

/* Every ref the triggers depend on (closure over the rules), and the rules
 * on the way. */
static json_t *trigger_closure(const engine *e, json_t *rules)
{
    json_t *refs = json_object();
    for (size_t i = 0; i < engine_trigger_count(e); i++) {
        char ref[256];
        snprintf(ref, sizeof ref, "trigger:%s", engine_trigger_at(e, i)->id);
        json_object_set_new(refs, ref, json_true());
    }
    for (int grew = 1; grew;) {
        grew = 0;
        for (size_t i = 0; i < engine_rule_count(e); i++) {
            const engine_rule *r = engine_rule_at(e, i);
            int concludes = 0;
            for (size_t k = 0; k < r->nconcludes; k++)
                concludes |= json_object_get(refs, r->concludes[k]) != NULL;
            if (!concludes || json_object_get(rules, r->name))
                continue;
            json_object_set_new(rules, r->name, json_true());
            grew = 1;
            for (size_t u = 0; u < r->nuses; u++)
                if (!strchr(r->uses[u], '*'))
                    json_object_set_new(refs, r->uses[u], json_true());
        }
    }
    return refs;
}

/* Reads, from the rules in the closure, the literals and comparisons on q. */
static void literals(const engine *e, json_t *rules, const engine_question *q, json_t *lits,
                     json_t *numbers, int *up, int *down)
{
    size_t n = strlen(q->id);
    for (size_t i = 0; i < engine_rule_count(e); i++) {
        const engine_rule *r = engine_rule_at(e, i);
        if (!json_object_get(rules, r->name))
            continue;
        for (size_t k = 0; k < r->nvalues; k++)
            if (!strncmp(r->values[k], q->id, n) && r->values[k][n] == '=')
                json_object_set_new(lits, r->values[k] + n + 1, json_true());
        for (size_t k = 0; k < r->ncomparisons; k++) {
            char id[128], op[8];
            long long v;
            if (sscanf(r->comparisons[k], "%127[^:]:%7[^:]:%lld", id, op, &v) != 3 ||
                strcmp(id, q->id) != 0)
                continue;
            *up |= op[0] == '>';
            *down |= op[0] == '<';
            for (long long d = -1; d <= 1; d++)
                if (v + d >= q->min && v + d <= q->max)
                    json_array_append_new(numbers, json_integer(v + d));
        }
    }
}

static int build_vars(checker *c, json_t *skipped)
{
    json_t *rules = json_object();
    json_t *refs = trigger_closure(c->e, rules);
    for (size_t i = 0; i < engine_question_count(c->e); i++) {
        const engine_question *q = engine_question_at(c->e, i);
        char ref[160];
        snprintf(ref, sizeof ref, "answer:%s", q->id);
        if (!json_object_get(refs, ref))
            continue;
        json_t *lits = json_object(), *numbers = json_array();
        int up = 0, down = 0;
        literals(c->e, rules, q, lits, numbers, &up, &down);
        var v = { q, json_pack("[n]"), json_array(), 0 };
        if (q->type == ENGINE_YESNO) {
            json_array_append_new(v.domain, json_string("no"));
            json_array_append_new(v.domain, json_string("unknown"));
            json_array_append_new(v.domain, json_string("yes"));
            json_array_append_new(v.worse, json_string("yes"));
        } else if (q->type == ENGINE_INTEGER) {
            if (up && down) {
                json_array_append_new(skipped, json_string(q->id));
                json_decref(v.domain);
                json_decref(v.worse);
                json_decref(lits);
                json_decref(numbers);
                continue;
            }
            v.direction = down ? -1 : 1;
            json_array_append_new(numbers, json_integer(q->min));
            json_array_append_new(numbers, json_integer(q->max));
            size_t k;
            json_t *x;
            json_array_foreach(numbers, k, x) {
                int dup = 0;
                size_t j;
                json_t *y;
                json_array_foreach(v.domain, j, y)
                    dup |= json_equal(x, y);
                if (!dup)
                    json_array_append(v.domain, x);
            }
        } else {
            const char *lit;
            json_t *x;
            json_object_foreach(lits, lit, x) {
                int known = 0;
                for (size_t k = 0; k < q->nvalues; k++)
                    known |= strcmp(q->values[k], lit) == 0;
                if (known)
                    json_array_append_new(v.worse, json_string(lit));
            }
            if (q->type == ENGINE_CHOICE) {
                for (size_t k = 0; k < q->nvalues; k++)
                    json_array_append_new(v.domain, json_string(q->values[k]));
            } else {
                /* every subset of the named values, plus one value no trigger names */
                size_t nw = json_array_size(v.worse);
                const char *other = NULL;
                for (size_t k = 0; k < q->nvalues && !other; k++)
                    if (!json_object_get(lits, q->values[k]))
                        other = q->values[k];
                for (size_t mask = 0; mask < ((size_t)1 << nw) && mask < 4096; mask++) {
                    json_t *set = json_array();
                    for (size_t b = 0; b < nw; b++)
                        if (mask & ((size_t)1 << b))
                            json_array_append(set, json_array_get(v.worse, b));
                    if (other && mask == 0)
                        json_array_append_new(set, json_string(other));
                    json_array_append_new(v.domain, set);
                }
            }
        }
        json_decref(lits);
        json_decref(numbers);
        var *grown = realloc(c->vars, (c->nvars + 1) * sizeof *grown);
        if (!grown)
            return -1;
        c->vars = grown;
        c->vars[c->nvars++] = v;
    }
    json_decref(refs);
    json_decref(rules);
    return 0;
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
    if (engine_run(c->e) != 0)
        return -1;
    const char *d = engine_disposition(c->e);
    return d ? engine_disposition_rank(c->e, d) : -1;
}

/* The worrying answers one step from value for v. New ref (an array). */
static json_t *worse_than(const var *v, const json_t *value)
{
    json_t *out = json_array();
    size_t i;
    json_t *w;
    if (v->q->type == ENGINE_INTEGER) {
        if (!json_is_integer(value))
            return out;
        long long now = json_integer_value(value);
        json_array_foreach(v->domain, i, w)
            if (json_is_integer(w) && (json_integer_value(w) - now) * v->direction > 0)
                json_array_append(out, w);
    } else if (v->q->type == ENGINE_MULTI) {
        json_array_foreach(v->worse, i, w) {
            int has = 0;
            size_t j;
            json_t *x;
            json_array_foreach(value, j, x)
                has |= json_equal(x, w);
            if (has)
                continue;
            json_t *more = json_is_array(value) ? json_deep_copy(value) : json_array();
            json_array_append(more, w);
            json_array_append_new(out, more);
        }
    } else {
        json_array_foreach(v->worse, i, w)
            if (!json_equal(w, value))
                json_array_append(out, w);
    }
    return out;
}

/* Whether changing q to worse in answers lowers the disposition; sets the
 * ranks before and after. */
static int lowers(checker *c, json_t *answers, const char *q, const json_t *worse,
                  long long *before, long long *after)
{
    *before = rank_of(c, answers);
    json_t *changed = json_deep_copy(answers);
    json_object_set(changed, q, (json_t *)worse);
    *after = rank_of(c, changed);
    json_decref(changed);
    return *before >= 0 && *after >= 0 && *after < *before;
}

static const char *disposition_named(const engine *e, long long rank)
{
    static const char *const names[] = { "self_care", "soon", "urgent", "emergency" };
    for (size_t i = 0; i < 4; i++)
        if (engine_disposition_rank(e, names[i]) == rank)
            return names[i];
    return "?";
}

/* Drops every answer that is not needed for the counterexample, then prints it. */
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
    lowers(c, a, q, worse, &before, &after);
    const json_t *old = json_object_get(a, q);
    char *was = old ? json_dumps(old, JSON_ENCODE_ANY) : strdup("not answered");
    char *now = json_dumps(worse, JSON_ENCODE_ANY);
    printf("check-safety: UNSAFE: answering %s = %s instead of %s lowers the disposition from "
           "%s to %s.\n\n", q, now, was, disposition_named(c->e, before),
           disposition_named(c->e, after));
    printf("# check-safety counterexample: with %s = %s these answers give %s; with %s = %s\n"
           "# they give %s. A more worrying answer must never lower the disposition.\n",
           q, was, disposition_named(c->e, before), q, now, disposition_named(c->e, after));
    json_t *shown = json_deep_copy(a);
    json_object_set(shown, q, (json_t *)worse);
    json_t *expect = json_pack("{s:s}", "disposition", disposition_named(c->e, before));
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
            long long r = -1;
            if (engine_answer(c->e, v->q->id, w) == 0 && engine_run(c->e) == 0) {
                const char *d = engine_disposition(c->e);
                r = d ? engine_disposition_rank(c->e, d) : -1;
            }
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

static json_t *case_at(checker *c, const size_t *pick)
{
    json_t *a = json_object();
    for (size_t i = 0; i < c->nvars; i++) {
        json_t *v = json_array_get(c->vars[i].domain, pick[i]);
        if (!json_is_null(v))
            json_object_set(a, c->vars[i].q->id, v);
    }
    return a;
}

int safety_main(int argc, char **argv)
{
    rules_dirs rd = { .n = 0 };
    long samples = 10000;
    unsigned long long seed = 1;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            fputs(safety_usage, stdout);
            return TRIAGE_OK;
        } else if (triage_rules_option(argc, argv, &i, &rd)) {
            if (rd.bad)
                return TRIAGE_USAGE;
        } else if ((strcmp(a, "--samples") == 0 || strcmp(a, "--seed") == 0) && i + 1 < argc) {
            char *end;
            unsigned long long v = strtoull(argv[++i], &end, 10);
            if (*end || v == 0) {
                triage_error("%s needs a positive whole number", a);
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
    checker c = { .e = e, .rng = seed * 0x9E3779B97F4A7C15ULL | 1 };
    json_t *skipped = json_array();
    if (build_vars(&c, skipped) != 0) {
        triage_error("out of memory");
        engine_free(e);
        return TRIAGE_FAILED;
    }
    size_t si;
    json_t *sk;
    json_array_foreach(skipped, si, sk)
        printf("check-safety: not checked: %s is compared both upward and downward by the rules, "
               "so it has no single worrying direction\n", json_string_value(sk));
    double space = 1;
    for (size_t i = 0; i < c.nvars; i++)
        space *= (double)json_array_size(c.vars[i].domain);
    int unsafe = 0;
    size_t *pick = calloc(c.nvars + 1, sizeof *pick);
    if (space <= EXHAUSTIVE_LIMIT) {
        for (int done = 0; !done && !unsafe;) {
            json_t *a = case_at(&c, pick);
            unsafe = check_case(&c, a);
            json_decref(a);
            done = 1;
            for (size_t i = 0; i < c.nvars && done; i++) {
                if (++pick[i] < json_array_size(c.vars[i].domain))
                    done = 0;
                else
                    pick[i] = 0;
            }
        }
    } else {
        for (long n = 0; n < samples && !unsafe; n++) {
            for (size_t i = 0; i < c.nvars; i++)
                pick[i] = (size_t)(next(&c) % json_array_size(c.vars[i].domain));
            json_t *a = case_at(&c, pick);
            unsafe = check_case(&c, a);
            json_decref(a);
        }
    }
    if (!unsafe) {
        if (space <= EXHAUSTIVE_LIMIT)
            printf("check-safety: exhaustive over %.0f combinations of %zu questions: ", space,
                   c.nvars);
        else
            printf("check-safety: sampled %ld random cases (seed %llu) of %.3g combinations of "
                   "%zu questions: ", c.cases, seed, space, c.nvars);
        printf("%ld changes toward a worrying answer, none lowers the disposition.\n", c.changes);
    }
    for (size_t k = 0; k < c.nvars; k++) {
        json_decref(c.vars[k].domain);
        json_decref(c.vars[k].worse);
    }
    free(c.vars);
    free(pick);
    json_decref(skipped);
    engine_free(e);
    return unsafe ? TRIAGE_FAILED : TRIAGE_OK;
}
