/* answers.c: a case's answers and runs: checking and asserting answers,
 * reset, probes, the log of what changed, and running the rules within their
 * budget. */
#include "internal.h"
#include "jbuf.h"

#include <clips.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A reset retracts only the answers (truth maintenance retracts the rest)
 * until fact indexes pass this, then rebuilds the fact list from scratch. */
#define FAST_RESET_MAX_INDEX (1LL << 13)
/* Derivation steps kept, live or not, before engine_set_answers() drops the
 * dead ones. */
#define STEPS_BEFORE_COMPACTING 256

static int is_unknown(const json_t *v)
{
    return json_is_string(v) && strcmp(json_string_value(v), "unknown") == 0;
}

static int allowed_value(const engine_question *q, const char *s)
{
    for (size_t i = 0; i < q->nvalues; i++)
        if (strcmp(q->values[i], s) == 0)
            return 1;
    return 0;
}

static void set_values_error(engine *e, const engine_question *q, const char *lead)
{
    char buf[1024];
    size_t n = (size_t)snprintf(buf, sizeof buf, "%s", lead);
    for (size_t i = 0; i < q->nvalues && n < sizeof buf; i++)
        n += (size_t)snprintf(buf + n, sizeof buf - n, "%s\"%s\"", i ? ", " : "", q->values[i]);
    engine_set_error(e, "%s, or \"unknown\"", buf);
}

static int validate(engine *e, const engine_question *q, const json_t *v)
{
    if (is_unknown(v))
        return 0;
    switch (q->type) {
    case ENGINE_YESNO:
        if (json_is_string(v) && (strcmp(json_string_value(v), "yes") == 0 ||
                                  strcmp(json_string_value(v), "no") == 0))
            return 0;
        engine_set_error(e, "expected \"yes\", \"no\" or \"unknown\"");
        return -1;
    case ENGINE_INTEGER:
        if (json_is_integer(v) && json_integer_value(v) >= q->min && json_integer_value(v) <= q->max)
            return 0;
        if (json_is_integer(v))
            engine_set_error(e, "%lld is out of range: expected an integer from %lld to %lld",
                             (long long)json_integer_value(v), q->min, q->max);
        else
            engine_set_error(e, "expected an integer from %lld to %lld, or \"unknown\"", q->min, q->max);
        return -1;
    case ENGINE_CHOICE:
        if (json_is_string(v) && allowed_value(q, json_string_value(v)))
            return 0;
        set_values_error(e, q, "expected one of ");
        return -1;
    case ENGINE_MULTI:
        if (!json_is_array(v)) {
            set_values_error(e, q, "expected a list of ");
            return -1;
        }
        for (size_t i = 0; i < json_array_size(v); i++) {
            const json_t *item = json_array_get(v, i);
            if (!json_is_string(item) || !allowed_value(q, json_string_value(item))) {
                set_values_error(e, q, "each item must be one of ");
                return -1;
            }
            for (size_t j = 0; j < i; j++)
                if (json_equal(item, json_array_get(v, j))) {
                    engine_set_error(e, "\"%s\" is given twice", json_string_value(item));
                    return -1;
                }
        }
        return 0;
    }
    return -1;
}

/* The symbol for an answer's value: the common ones are held already. */
static void *value_symbol(engine *e, const char *s)
{
    if (strcmp(s, "yes") == 0)
        return e->sym_yes;
    if (strcmp(s, "no") == 0)
        return e->sym_no;
    if (strcmp(s, "unknown") == 0)
        return e->sym_unknown;
    return EnvAddSymbol(e->env, s);
}

static void *assert_answer(engine *e, long qi, const json_t *v)
{
    void *env = e->env;
    struct fact *f = EnvCreateFact(env, e->t_answer);
    if (!f)
        return NULL;
    DATA_OBJECT d;
    SetType(d, SYMBOL);
    SetValue(d, e->qsym[qi]);
    int ok = EnvPutFactSlot(env, f, "id", &d);

    size_t n = json_is_array(v) ? json_array_size(v) : 1;
    void *mf = EnvCreateMultifield(env, (long)n);
    for (size_t i = 0; i < n; i++) {
        const json_t *item = json_is_array(v) ? json_array_get(v, i) : v;
        if (json_is_integer(item)) {
            SetMFType(mf, (long)i + 1, INTEGER);
            SetMFValue(mf, (long)i + 1, EnvAddLong(env, json_integer_value(item)));
        } else {
            SetMFType(mf, (long)i + 1, SYMBOL);
            SetMFValue(mf, (long)i + 1, value_symbol(e, json_string_value(item)));
        }
    }
    SetType(d, MULTIFIELD);
    SetValue(d, mf);
    SetDOBegin(d, 1);
    SetDOEnd(d, (long)n);
    ok = ok && EnvPutFactSlot(env, f, "value", &d);
    SetType(d, SYMBOL);
    SetValue(d, e->sym_given);
    ok = ok && EnvPutFactSlot(env, f, "origin", &d) && EnvAssignFactSlotDefaults(env, f);
    if (!ok) {
        ReturnFact(env, f);
        return NULL;
    }
    void *a = EnvAssert(env, f);
    if (a)
        EnvIncrementFactCount(env, a);
    return a;
}

static void drop_answer(engine *e, answer_slot *slot)
{
    if (slot->fact) {
        EnvRetract(e->env, slot->fact);
        EnvDecrementFactCount(e->env, slot->fact);
        slot->fact = NULL;
    }
    json_decref(slot->value);
    slot->value = NULL;
}

/* After the answers are retracted, keeps only the derivation steps that still
 * have a live conclusion (those that rest on the definitions alone). */
static int compact_steps(engine *e)
{
    unsigned char *keep = calloc(e->nsteps ? e->nsteps : 1, 1);
    if (!keep)
        return -1;
    for (struct fact *f = FactData(e->env)->LastFact; f && f->factIndex > e->base_index;
         f = f->previousFact)
        if ((size_t)f->factIndex < e->capfact && e->fact_step[f->factIndex])
            keep[e->fact_step[f->factIndex] - 1] = 1;
    size_t ns = 0, ni = 0;
    for (size_t k = 0; k < e->nsteps; k++) {
        step st = e->steps[k];
        for (size_t j = 0; j < st.nconcl; j++)
            e->fact_step[e->idx[st.concl + j]] = keep[k] ? (uint32_t)(ns + 1) : 0;
        if (!keep[k])
            continue;
        memmove(e->idx + ni, e->idx + st.basis, st.nbasis * sizeof *e->idx);
        st.basis = ni;
        ni += st.nbasis;
        memmove(e->idx + ni, e->idx + st.concl, st.nconcl * sizeof *e->idx);
        st.concl = ni;
        ni += st.nconcl;
        e->steps[ns++] = st;
    }
    e->nsteps = ns;
    e->nidx = ni;
    free(keep);
    return 0;
}

int engine_reset(engine *e)
{
    eng_err_clear(e);
    if (e->nquestions == 0) {
        engine_set_error(e, "no rules are loaded");
        return -1;
    }
    for (size_t i = 0; i < e->nquestions; i++)
        drop_answer(e, &e->answers[i]);
    e->ran = 0;
    if (!e->need_full_reset && !e->oom && e->last_index < FAST_RESET_MAX_INDEX &&
        compact_steps(e) == 0)
        return 0;
    eng_clear_case(e);
    EnvReset(e->env);
    if (eng_drop_overridden(e) != 0) {
        engine_set_error(e, "out of memory");
        e->need_full_reset = 1;
        return -1;
    }
    e->last_index = e->base_index =
        FactData(e->env)->LastFact ? FactData(e->env)->LastFact->factIndex : 0;
    return 0;
}

/* The engine's own reference to an answer's value: the common words are
 * shared, anything else is copied. */
static json_t *keep_value(engine *e, const json_t *v)
{
    if (json_is_string(v)) {
        const char *s = json_string_value(v);
        json_t **shared = strcmp(s, "yes") == 0 ? &e->json_yes
                        : strcmp(s, "no") == 0 ? &e->json_no
                        : strcmp(s, "unknown") == 0 ? &e->json_unknown : NULL;
        if (shared) {
            if (!*shared)
                *shared = json_string(s);
            return json_incref(*shared);
        }
    }
    return json_deep_copy(v);
}

/* Records a validated value as the answer to question i, replacing an
 * earlier one. */
static int record_answer(engine *e, long i, const json_t *value)
{
    const engine_question *q = &e->questions[i];
    json_t *copy = keep_value(e, value);
    if (!copy) {
        engine_set_error(e, "out of memory");
        return -1;
    }
    void *fact = NULL;
    if (!(q->type == ENGINE_INTEGER && is_unknown(value))) {
        fact = assert_answer(e, i, value);
        if (!fact) {
            json_decref(copy);
            engine_set_error(e, "could not record the answer to %s", q->id);
            return -1;
        }
    }
    drop_answer(e, &e->answers[i]);
    e->answers[i].value = copy;
    e->answers[i].fact = fact;
    e->ran = 0;
    return 0;
}

int engine_set_answers(engine *e, const json_t *answers, const char **bad)
{
    *bad = NULL;
    eng_err_clear(e);
    if (e->nquestions == 0) {
        engine_set_error(e, "no rules are loaded");
        return -1;
    }
    if (answers && !json_is_object(answers)) {
        engine_set_error(e, "the answers must be an object");
        return -1;
    }
    if ((e->need_full_reset || e->oom || e->last_index >= FAST_RESET_MAX_INDEX) &&
        engine_reset(e) != 0)
        return -1;
    const char *key;
    json_t *value;
    json_object_foreach((json_t *)answers, key, value) {
        long i = engine_question_index(e, key);
        if (i < 0) {
            engine_set_error(e, "unknown question id \"%s\"", key);
            *bad = key;
            return -1;
        }
        if (validate(e, &e->questions[i], value) != 0) {
            *bad = key;
            return -1;
        }
    }
    e->ran = 0;
    for (size_t i = 0; i < e->nquestions; i++) {
        const json_t *now = answers ? json_object_get(answers, e->questions[i].id) : NULL;
        const json_t *was = e->answers[i].value;
        if (now ? was && json_equal(now, was) : !was)
            continue;
        if (!now)
            drop_answer(e, &e->answers[i]);
        else if (record_answer(e, (long)i, now) != 0)   /* checked above */
            return -1;
    }
    if (e->nsteps > STEPS_BEFORE_COMPACTING && compact_steps(e) != 0) {
        engine_set_error(e, "out of memory");
        return -1;
    }
    return 0;
}

int engine_answer(engine *e, const char *id, const json_t *value)
{
    if (!value) {
        engine_set_error(e, "no value given for \"%s\"", id);
        return -1;
    }
    if (engine_check_answer(e, id, value) != 0)
        return -1;
    return record_answer(e, engine_question_index(e, id), value);
}

int engine_check_answer(engine *e, const char *id, const json_t *value)
{
    eng_err_clear(e);
    long i = engine_question_index(e, id);
    if (i < 0) {
        engine_set_error(e, "unknown question id \"%s\"", id);
        return -1;
    }
    return value ? validate(e, &e->questions[i], value) : 0;
}

int engine_unanswer(engine *e, const char *id)
{
    eng_err_clear(e);
    long i = engine_question_index(e, id);
    if (i < 0) {
        engine_set_error(e, "unknown question id \"%s\"", id);
        return -1;
    }
    drop_answer(e, &e->answers[i]);
    e->ran = 0;
    return 0;
}

void engine_log_changes(engine *e, int on)
{
    e->logging = on;
    engine_clear_changes(e);
}

void engine_clear_changes(engine *e)
{
    e->nlog = 0;
    e->log_lost = 0;
    if (e->logtext)
        jbuf_clear(e->logtext);
}

size_t engine_change_count(const engine *e)
{
    return e->log_lost ? SIZE_MAX : e->nlog;
}

const char *engine_change_at(engine *e, size_t i)
{
    return i < e->nlog && !e->log_lost ? e->logtext->p + e->log[i] : NULL;
}

static int probe(engine *e, const char *id, const json_t *value, int *quiet, json_t *prev,
                 unsigned long long before);

int engine_probe(engine *e, const char *id, const json_t *value, int *quiet)
{
    if (quiet)
        *quiet = 0;
    if (!e->ran) {
        engine_set_error(e, "no successful run since the answers last changed");
        return -1;
    }
    long i = engine_question_index(e, id);
    if (i < 0) {
        engine_set_error(e, "unknown question id \"%s\"", id);
        return -1;
    }
    json_t *prev = json_incref(e->answers[i].value);
    unsigned long long before = e->changes;
    int logging = e->logging;
    e->logging = 0;   /* a probe leaves the facts as they were: nothing to log */
    int rc = probe(e, id, value, quiet, prev, before);
    e->logging = logging;
    if (rc < 0 && logging)
        e->log_lost = 1;   /* what the failed probe left is unknown */
    json_decref(prev);
    return rc;
}

/* engine_probe() once the question is known and logging is paused; prev is
 * borrowed. */
static int probe(engine *e, const char *id, const json_t *value, int *quiet, json_t *prev,
                 unsigned long long before)
{
    if (engine_answer(e, id, value) != 0)
        return -1;
    int rc, changed = e->changes != before;
    if (!prev && !changed && !EnvGetNextActivation(e->env, NULL)) {
        /* no conclusion came or went and no rule can fire: nothing changes.
         * Taking the answer back may let a rule it blocked (an assumption
         * that it was not reported) fire again. */
        rc = engine_unanswer(e, id);
        if (rc == 0 && EnvGetNextActivation(e->env, NULL))
            rc = engine_run(e);
        else
            e->ran = rc == 0;
        if (quiet)
            *quiet = rc == 0;
        return rc == 0 ? 0 : -1;
    }
    int ran_quiet = 0;
    if (!changed) {
        e->probing = 1;
        e->probe_answers = 0;
        rc = engine_run(e);
        e->probing = 0;
        changed = rc != 0 || e->changes != before;
        ran_quiet = !prev && !changed && !e->probe_answers;
    }
    rc = prev ? engine_answer(e, id, prev) : engine_unanswer(e, id);
    if (rc == 0)
        rc = engine_run(e);
    if (quiet)
        *quiet = rc == 0 && ran_quiet;
    return rc == 0 ? changed : -1;
}

const json_t *engine_answer_value(const engine *e, const char *id)
{
    long i = engine_question_index(e, id);
    return i < 0 ? NULL : e->answers[i].value;
}

int engine_run(engine *e)
{
    eng_err_clear(e);
    if (e->nquestions == 0) {
        engine_set_error(e, "no rules are loaded");
        return -1;
    }
    void *env = e->env;
    SetHaltExecution(env, FALSE);
    SetEvaluationError(env, FALSE);
    EnvSetHaltRules(env, FALSE);
    e->over_budget = 0;
    e->ran = 0;
    e->clips_errlen = 0;
    e->clips_err[0] = '\0';
    clock_gettime(CLOCK_MONOTONIC, &e->run_start);
    struct fact *last = FactData(env)->LastFact;
    if (last && last->factIndex > e->last_index)
        e->last_index = last->factIndex;

    e->running = 1;
    e->need_full_reset = 1;
    long long fired = EnvRun(env, e->max_firings);
    e->running = 0;

    if (e->oom) {
        engine_set_error(e, "out of memory recording the reasoning");
        return -1;
    }
    if (e->over_budget) {
        engine_set_error(e, "the rules ran over their time or memory budget and were stopped");
        return -1;
    }
    if (GetEvaluationError(env) || GetHaltExecution(env)) {
        char msg[512];
        eng_clips_error_line(e->clips_err, msg, sizeof msg);
        engine_set_error(e, "a rule failed while running: %s", msg[0] ? msg : "evaluation error");
        return -1;
    }
    if (fired >= e->max_firings && EnvGetNextActivation(env, NULL)) {
        engine_set_error(e, "stopped after %lld rule firings: the rules may loop", fired);
        return -1;
    }
    e->need_full_reset = 0;
    e->ran = 1;
    return 0;
}
