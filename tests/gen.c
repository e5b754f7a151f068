/* gen.c: random cases from the question definitions. */
#include "gen.h"
#include "engine.h"

#include <string.h>

uint64_t gen_next(gen_rng *r)
{
    r->s ^= r->s >> 12;
    r->s ^= r->s << 25;
    r->s ^= r->s >> 27;
    return r->s * 2685821657736338717ULL;
}

static unsigned pct(gen_rng *r)
{
    return (unsigned)(gen_next(r) % 100);
}

static int is_worrying(const engine_question *q, const char *value)
{
    for (size_t k = 0; k < q->nworrying; k++)
        if (strcmp(q->worrying[k], value) == 0)
            return 1;
    return 0;
}

/* Red flags are many (every question a red-flag rule uses), so each is
 * worrying only now and then: most cases still reach every disposition. */
json_t *gen_answers(const engine *e, gen_rng *r)
{
    json_t *a = json_object();
    for (size_t i = 0; i < engine_question_count(e); i++) {
        const engine_question *q = engine_question_at(e, i);
        unsigned p = pct(r);
        if (p < 10)
            continue;
        if (p < (q->red_flag ? 12u : 15u)) {
            json_object_set_new(a, q->id, json_string("unknown"));
            continue;
        }
        json_t *v = NULL;
        switch (q->type) {
        case ENGINE_YESNO:
            v = json_string(pct(r) < (q->red_flag ? 3u : 45u) ? "yes" : "no");
            break;
        case ENGINE_INTEGER: {
            long long hi = q->max - q->min > 100 ? q->min + 100 : q->max;
            v = json_integer(q->min + (long long)(gen_next(r) % (uint64_t)(hi - q->min + 1)));
            break;
        }
        case ENGINE_CHOICE: {
            const char *c = q->values[gen_next(r) % q->nvalues];
            for (int tries = 0; q->red_flag && is_worrying(q, c) && pct(r) >= 40 && tries < 4; tries++)
                c = q->values[gen_next(r) % q->nvalues];
            v = json_string(c);
            break;
        }
        case ENGINE_MULTI:
            v = json_array();
            for (size_t k = 0; k < q->nvalues; k++)
                if (pct(r) < (q->red_flag && is_worrying(q, q->values[k]) ? 8u : 25u))
                    json_array_append_new(v, json_string(q->values[k]));
            break;
        }
        json_object_set_new(a, q->id, v);
    }
    /* keep the case consistent with the questions' relevant-if conditions */
    for (size_t i = 0; i < engine_question_count(e); i++) {
        const engine_question *q = engine_question_at(e, i);
        const json_t *gate = q->relevant_if ? json_object_get(a, q->relevant_if) : NULL;
        int holds = !json_is_string(gate) || strcmp(json_string_value(gate), "unknown") == 0;
        for (size_t k = 0; !holds && k < q->nrelevant_values; k++)
            holds = strcmp(q->relevant_values[k], json_string_value(gate)) == 0;
        /* and with their asked-if conditions on numbers */
        for (size_t k = 0; holds && k < q->nasked_if; k++) {
            const engine_condition *c = &q->asked_if[k];
            const json_t *n = json_object_get(a, c->question);
            if (!json_is_integer(n))
                continue;
            long long v = json_integer_value(n);
            holds = !strcmp(c->op, ">=") ? v >= c->n : !strcmp(c->op, ">") ? v > c->n
                  : !strcmp(c->op, "<=") ? v <= c->n : !strcmp(c->op, "<") ? v < c->n : v == c->n;
        }
        if (!holds)
            json_object_del(a, q->id);
    }
    return a;
}
