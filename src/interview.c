/* interview.c: which question to ask next, decided from the rules. */
#include "interview.h"
#include "transcript.h"

#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef struct event {
    size_t q;          /* question index */
    json_t *prev;      /* its answer before, or NULL */
    int prev_asked;
    json_t *value;     /* what was answered, or NULL for a pass */
} event;

struct interview {
    engine *e;
    size_t nq;
    unsigned char *asked;    /* per question: asked (answered or passed) */
    unsigned char *co;       /* nq x nq: a rule uses both questions */
    unsigned char *quiet;    /* per question: every answer to it was tried and let no
                                rule conclude anything but assumptions, and nothing
                                those rules could meet changed since */
    const char ***ctx;       /* per question: what else the rules naming it use */
    size_t *nctx;
    unsigned char *direct;   /* per question: a rule concludes from this answer alone */
    long long *rule_rank;    /* per rule: the highest rank of the triggers it concludes, or -1 */
    long long *reach;        /* per question: the highest rule_rank of the rules using it */
    int can_keep_quiet;      /* no rule tests assumptions (they come and go unlogged) */
    int keep_quiet;          /* interview_keep_quiet() */
    event *hist;
    size_t nhist, caphist;
    transcript *log;         /* borrowed, or NULL */
};

void interview_set_transcript(interview *iv, transcript *t)
{
    iv->log = t;
}

static void log_event(interview *iv, const char *kind, const char *question, const json_t *v)
{
    if (iv->log && transcript_event(iv->log, kind, question, v) == 0)
        transcript_write(iv->log);
}

static long index_of(const interview *iv, const char *id)
{
    return engine_question_index(iv->e, id);
}

/* Marks every pair of questions that one rule names together. */
static void build_co_mentions(interview *iv)
{
    long ids[64];
    for (size_t r = 0; r < engine_rule_count(iv->e); r++) {
        const engine_rule *rule = engine_rule_at(iv->e, r);
        size_t n = 0;
        for (size_t u = 0; u < rule->nuses && n < 64; u++) {
            const engine_ref *use = &rule->use_refs[u];
            if (strcmp(use->kind, "answer") != 0)
                continue;
            long qi = index_of(iv, use->id);
            if (qi >= 0)
                ids[n++] = qi;
        }
        for (size_t a = 0; a < n; a++)
            for (size_t b = 0; b < n; b++)
                if (ids[a] != ids[b])
                    iv->co[(size_t)ids[a] * iv->nq + (size_t)ids[b]] = 1;
    }
}

/* Whether a rule concludes nothing but assumptions: its firing can neither
 * change a conclusion nor make a try other than quiet. */
static int assumptions_only(const engine_rule *rule)
{
    for (size_t c = 0; c < rule->nconcludes; c++)
        if (strcmp(rule->conclude_refs[c].kind, "assumption") != 0)
            return 0;
    return 1;
}

/* For each question, what the rules that may match its answer use besides
 * that answer: the facts whose coming or going can make a quiet answer
 * matter. A rule with more than one answer pattern keeps its answer uses too
 * (its other pattern may match any answer). */
static int build_contexts(interview *iv)
{
    size_t nq = iv->nq ? iv->nq : 1;
    iv->ctx = calloc(nq, sizeof *iv->ctx);
    iv->nctx = calloc(nq, sizeof *iv->nctx);
    size_t *self = malloc(nq * sizeof *self);   /* per question: the use naming it */
    size_t *named = malloc(nq * sizeof *named);  /* the questions the rule names */
    if (!iv->ctx || !iv->nctx || !self || !named) {
        free(self);
        free(named);
        return -1;
    }
    for (size_t q = 0; q < iv->nq; q++)
        self[q] = SIZE_MAX;
    iv->can_keep_quiet = 1;
    int rc = 0;
    for (size_t r = 0; r < engine_rule_count(iv->e) && rc == 0; r++) {
        const engine_rule *rule = engine_rule_at(iv->e, r);
        for (size_t u = 0; u < rule->nuses; u++)
            if (strcmp(rule->use_refs[u].kind, "assumption") == 0)
                iv->can_keep_quiet = 0;
        if (assumptions_only(rule))
            continue;
        size_t nnamed = 0;
        for (size_t u = 0; u < rule->nuses; u++) {
            const engine_ref *use = &rule->use_refs[u];
            if (strcmp(use->kind, "answer") != 0)
                continue;
            int any = strcmp(use->id, "*") == 0;
            long one = any ? -1 : index_of(iv, use->id);
            if (!any && one < 0)
                continue;
            size_t lo = any ? 0 : (size_t)one, hi = any ? iv->nq : (size_t)one + 1;
            for (size_t q = lo; q < hi; q++)
                if (self[q] == SIZE_MAX) {
                    self[q] = u;
                    named[nnamed++] = q;
                }
        }
        for (size_t k = 0; k < nnamed && rc == 0; k++) {
            size_t q = named[k], skip = rule->answer_patterns > 1 ? SIZE_MAX : self[q];
            const char **p = realloc(iv->ctx[q], (iv->nctx[q] + rule->nuses) * sizeof *p);
            if (!p) {
                rc = -1;
                break;
            }
            iv->ctx[q] = p;
            for (size_t u = 0; u < rule->nuses; u++)
                if (u != skip)
                    p[iv->nctx[q]++] = rule->uses[u];
        }
        for (size_t k = 0; k < nnamed; k++)
            self[named[k]] = SIZE_MAX;
    }
    free(self);
    free(named);
    return rc;
}

/* Whether a rule's use is of a definition (read once after loading). */
static int is_definition(const engine_ref *ref)
{
    static const char *const defs[] = { "question", "disposition-def", "trigger-def",
                                        "contributor-def", "recommendation-def", "caution-def",
                                        "technique", "notice", "wording", "checklist", "answer-words",
                                        "value-words", "override", "policy", NULL };
    for (size_t i = 0; defs[i]; i++)
        if (strcmp(ref->kind, defs[i]) == 0)
            return 1;
    return 0;
}

/* A question is direct when some rule concludes something from one of its
 * answers and the definitions alone, with a value the question allows: then
 * answering it that way always changes the conclusions, and it needs no
 * trying. (Should such a rule be unable to fire, the question is only asked
 * when it need not be, never the other way round.) */
static void build_direct(interview *iv)
{
    for (size_t r = 0; r < engine_rule_count(iv->e); r++) {
        const engine_rule *rule = engine_rule_at(iv->e, r);
        const char *only = NULL;
        int ok = rule->nconcludes > 0 && rule->nnegated == 0;
        for (size_t u = 0; u < rule->nuses && ok; u++) {
            const engine_ref *use = &rule->use_refs[u];
            if (is_definition(use))
                continue;
            if (strcmp(use->kind, "answer") != 0 || strcmp(use->id, "*") == 0 ||
                (only && strcmp(only, use->id) != 0))
                ok = 0;
            else
                only = use->id;
        }
        long qi = ok && only ? index_of(iv, only) : -1;
        if (qi < 0)
            continue;
        const engine_question *q = engine_question_at(iv->e, (size_t)qi);
        for (size_t k = 0; k < rule->nvalues; k++) {
            const char *eq = strchr(rule->values[k], '=');
            if (!eq || (size_t)(eq - rule->values[k]) != strlen(q->id) ||
                strncmp(rule->values[k], q->id, strlen(q->id)) != 0)
                continue;
            const char *v = eq + 1;
            int allowed = q->type == ENGINE_YESNO && (!strcmp(v, "yes") || !strcmp(v, "no"));
            for (size_t i = 0; i < q->nvalues && !allowed; i++)
                allowed = strcmp(q->values[i], v) == 0;
            if (allowed)
                iv->direct[qi] = 1;
        }
    }
}

/* Whether a change "template:id" is one a use "template:id" (id may be "*")
 * can match. */
static int meets(const char *change, const char *use)
{
    const char *c = strchr(change, ':'), *u = strchr(use, ':');
    if (!c || !u || c - change != u - use || strncmp(change, use, (size_t)(c - change)) != 0)
        return 0;
    return strcmp(u + 1, "*") == 0 || strcmp(c + 1, "?") == 0 || strcmp(c + 1, u + 1) == 0;
}

/* A quiet answer let no rule conclude anything but assumptions (which no
 * rule tests): it can come to matter only when a fact that a rule naming it
 * also uses comes or goes (an answer to another question such a rule names,
 * a conclusion it tests). The engine logs every change; before choosing a
 * question, what the log names is forgotten. */
static void forget_quiet(interview *iv)
{
    memset(iv->quiet, 0, iv->nq ? iv->nq : 1);
}

static void forget_what_changed(interview *iv)
{
    size_t n = engine_change_count(iv->e);
    if (n == SIZE_MAX) {
        forget_quiet(iv);
        return;
    }
    for (size_t q = 0; q < iv->nq; q++) {
        if (!iv->quiet[q])
            continue;
        for (size_t i = 0; i < n && iv->quiet[q]; i++) {
            const char *change = engine_change_at(iv->e, i);
            for (size_t k = 0; k < iv->nctx[q] && iv->quiet[q]; k++)
                if (meets(change, iv->ctx[q][k]))
                    iv->quiet[q] = 0;
        }
    }
}

/* Each rule's highest trigger rank, and the highest any question's rules reach. */
static int build_ranks(interview *iv)
{
    size_t nr = engine_rule_count(iv->e);
    iv->rule_rank = malloc((nr ? nr : 1) * sizeof *iv->rule_rank);
    iv->reach = malloc((iv->nq ? iv->nq : 1) * sizeof *iv->reach);
    if (!iv->rule_rank || !iv->reach)
        return -1;
    for (size_t j = 0; j < nr; j++) {
        const engine_rule *r = engine_rule_at(iv->e, j);
        iv->rule_rank[j] = -1;
        for (size_t k = 0; k < r->nconcludes; k++) {
            const engine_ref *c = &r->conclude_refs[k];
            for (size_t t = 0; !strcmp(c->kind, "trigger") && t < engine_trigger_count(iv->e); t++) {
                const engine_trigger *tr = engine_trigger_at(iv->e, t);
                if (!strcmp(c->id, tr->id) && tr->rank > iv->rule_rank[j])
                    iv->rule_rank[j] = tr->rank;
            }
        }
    }
    for (size_t i = 0; i < iv->nq; i++) {
        size_t using[256];
        size_t n = engine_rules_using(iv->e, "answer", engine_question_at(iv->e, i)->id, using, 256);
        iv->reach[i] = n > 256 ? LLONG_MAX : -1;
        for (size_t j = 0; j < n && j < 256; j++)
            if (iv->rule_rank[using[j]] > iv->reach[i])
                iv->reach[i] = iv->rule_rank[using[j]];
    }
    return 0;
}

interview *interview_new(engine *e)
{
    interview *iv = calloc(1, sizeof *iv);
    if (!iv)
        return NULL;
    iv->e = e;
    iv->nq = engine_question_count(e);
    iv->asked = calloc(iv->nq ? iv->nq : 1, 1);
    iv->co = calloc(iv->nq ? iv->nq * iv->nq : 1, 1);
    iv->quiet = calloc(iv->nq ? iv->nq : 1, 1);
    iv->direct = calloc(iv->nq ? iv->nq : 1, 1);
    iv->keep_quiet = 1;
    if (!iv->asked || !iv->co || !iv->quiet || !iv->direct || build_contexts(iv) != 0 ||
        build_ranks(iv) != 0 || interview_restart(iv) != 0) {
        interview_free(iv);
        return NULL;
    }
    build_co_mentions(iv);
    build_direct(iv);
    return iv;
}

static void clear_history(interview *iv)
{
    for (size_t i = 0; i < iv->nhist; i++) {
        json_decref(iv->hist[i].prev);
        json_decref(iv->hist[i].value);
    }
    iv->nhist = 0;
}

void interview_free(interview *iv)
{
    if (!iv)
        return;
    clear_history(iv);
    free(iv->hist);
    engine_log_changes(iv->e, 0);
    for (size_t q = 0; iv->ctx && q < iv->nq; q++)
        free(iv->ctx[q]);
    free(iv->ctx);
    free(iv->nctx);
    free(iv->asked);
    free(iv->co);
    free(iv->quiet);
    free(iv->direct);
    free(iv->rule_rank);
    free(iv->reach);
    free(iv);
}

void interview_keep_quiet(interview *iv, int on)
{
    iv->keep_quiet = on;
    forget_quiet(iv);
}

int interview_restart(interview *iv)
{
    if (iv->nhist)
        log_event(iv, "restart", "", NULL);
    clear_history(iv);
    memset(iv->asked, 0, iv->nq ? iv->nq : 1);
    if (iv->quiet)
        forget_quiet(iv);
    engine_log_changes(iv->e, 1);
    if (engine_reset(iv->e) != 0)
        return -1;
    return engine_run(iv->e);
}

engine_interview_mode interview_mode(interview *iv)
{
    const engine_disposition_info *d = engine_disposition_find(iv->e, engine_disposition(iv->e));
    return d ? d->interview : ENGINE_GO_ON;
}

int interview_is_settled(interview *iv)
{
    return interview_mode(iv) == ENGINE_STOP;
}

/* The question's relevant-if answer holds, or is not known (unanswered or
 * not sure), and no asked-if condition is known to fail, so the question
 * cannot be ruled out. */
static int relevant(const interview *iv, const engine_question *q)
{
    for (size_t i = 0; i < q->nasked_if; i++)
        if (engine_condition_holds(iv->e, &q->asked_if[i]) == 0)
            return 0;
    if (!q->relevant_if)
        return 1;
    const json_t *v = engine_answer_value(iv->e, q->relevant_if);
    if (!json_is_string(v) || strcmp(json_string_value(v), "unknown") == 0)
        return 1;
    for (size_t i = 0; i < q->nrelevant_values; i++)
        if (strcmp(q->relevant_values[i], json_string_value(v)) == 0)
            return 1;
    return 0;
}

/* Tries value on q and undoes it: did any conclusion change? *all_quiet is
 * cleared unless the answer let no rule fire at all. */
static int probe(interview *iv, const engine_question *q, const char *value, int *all_quiet)
{
    json_t *v = json_string(value);
    int quiet = 0;
    int changed = v ? engine_probe(iv->e, q->id, v, &quiet) : -1;
    json_decref(v);
    *all_quiet &= quiet;
    return changed != 0;
}

static int could_change(interview *iv, size_t qi)
{
    const engine_question *q = engine_question_at(iv->e, qi);
    if (q->type == ENGINE_INTEGER || q->type == ENGINE_MULTI || iv->direct[qi])
        return 1;
    for (size_t j = 0; j < iv->nq; j++) {
        const engine_question *other = engine_question_at(iv->e, j);
        if (iv->asked[j])
            continue;
        if (iv->co[qi * iv->nq + j])
            return 1;   /* a rule needs both: neither alone shows an effect */
        if (other->relevant_if && strcmp(other->relevant_if, q->id) == 0)
            return 1;   /* its answer decides whether another is asked */
    }
    if (iv->quiet[qi])
        return 0;
    int quiet = 1, changed;
    if (q->type == ENGINE_YESNO) {
        changed = probe(iv, q, "yes", &quiet) || probe(iv, q, "no", &quiet) ||
                  probe(iv, q, "unknown", &quiet);
    } else {
        changed = 0;
        for (size_t i = 0; i < q->nvalues && !changed; i++)
            changed = probe(iv, q, q->values[i], &quiet);
        changed = changed || probe(iv, q, "unknown", &quiet);
    }
    iv->quiet[qi] = (unsigned char)(!changed && quiet && iv->can_keep_quiet && iv->keep_quiet);
    return changed;
}

/* Whether the current answer to q (answered, not "unknown" unless it counts
 * as yes) could still meet rule r's conditions on it, as far as the rule's
 * literals and comparisons tell. */
static int answer_may_meet(const interview *iv, const engine_rule *r, const engine_question *q)
{
    const json_t *v = engine_answer_value(iv->e, q->id);
    if (!v)
        return 1;
    size_t n = strlen(q->id);
    if (q->type == ENGINE_INTEGER) {
        if (!json_is_integer(v))
            return 1;
        for (size_t k = 0; k < r->ncomparisons; k++) {
            const char *c = r->comparisons[k];
            char op[4];
            long long num;
            if (strncmp(c, q->id, n) || c[n] != ':' || sscanf(c + n + 1, "%3[^:]:%lld", op, &num) != 2)
                continue;
            engine_condition cond = { q->id, op, num };
            if (engine_condition_holds(iv->e, &cond) == 0)
                return 0;
        }
        return 1;
    }
    const char *ans = json_string_value(v);
    if (ans && !strcmp(ans, "unknown"))
        ans = q->unknown_means_yes ? "yes" : NULL;
    int named = 0, met = 0;
    for (size_t k = 0; k < r->nvalues; k++) {
        const char *lit = r->values[k];
        if (strncmp(lit, q->id, n) || lit[n] != '=')
            continue;
        named = 1;
        if (json_is_array(v)) {
            size_t i;
            json_t *x;
            json_array_foreach(v, i, x)
                met |= !strcmp(json_string_value(x), lit + n + 1);
        } else {
            met |= ans && !strcmp(ans, lit + n + 1);
        }
    }
    return !named || met || (!ans && !json_is_array(v));
}

/* Whether q could still make the disposition more urgent than rank: some
 * rule concluding a trigger above it uses q and is not ruled out by the
 * answers it tests (negated tests are not taken to rule anything out). With
 * alone, only a rule whose other answers are all given and meet it counts:
 * q's answer is all it still needs. */
static int could_raise(interview *iv, const engine_question *q, long long rank, int alone)
{
    long qi = engine_question_index(iv->e, q->id);
    if (qi >= 0 && iv->reach[qi] <= rank)
        return 0;
    size_t using[256];
    size_t n = engine_rules_using(iv->e, "answer", q->id, using, 256);
    for (size_t j = 0; j < n && j < 256; j++) {
        const engine_rule *r = engine_rule_at(iv->e, using[j]);
        if (iv->rule_rank[using[j]] <= rank)
            continue;
        int possible = 1;
        for (size_t u = 0; u < r->nuses && possible; u++) {
            int negated = 0;
            for (size_t k = 0; k < r->nnegated; k++)
                negated |= !strcmp(r->negated[k], r->uses[u]);
            const engine_ref *use = &r->use_refs[u];
            int is_answer = !strcmp(use->kind, "answer");
            const engine_question *other = !negated && is_answer
                                               ? engine_question_find(iv->e, use->id) : NULL;
            if (other && other != q)
                possible = answer_may_meet(iv, r, other) &&
                           (!alone || engine_answer_value(iv->e, other->id));
            else if (alone && !is_answer)
                possible = 0;
        }
        if (possible)
            return 1;
    }
    return n > 256;   /* more rules than were looked at: take it that it could */
}

/* Whether question i would be asked now: not asked yet, relevant, and its
 * answer could still change a conclusion (once the disposition says to ask
 * only what could raise it, could raise it). */
static int due(interview *iv, size_t i, engine_interview_mode mode, long long rank)
{
    const engine_question *q = engine_question_at(iv->e, i);
    if (iv->asked[i] || !relevant(iv, q))
        return 0;
    if (mode == ENGINE_RAISE_ONLY)
        return could_raise(iv, q, rank, 0);
    return could_change(iv, i);
}

static long long current_rank(interview *iv)
{
    const char *d = engine_disposition(iv->e);
    return d ? engine_disposition_rank(iv->e, d) : -1;
}

/* The rank just below the least urgent disposition that stops the
 * interview, or -1 when none does. */
static long long below_stop(const interview *iv)
{
    long long low = -1;
    for (size_t i = 0; i < engine_disposition_count(iv->e); i++) {
        const engine_disposition_info *d = engine_disposition_at(iv->e, i);
        if (d->interview == ENGINE_STOP && (low < 0 || d->rank < low))
            low = d->rank;
    }
    return low < 0 ? -1 : low - 1;
}

/* Due questions in priority order, but first those one answer from raising
 * an urgent disposition, and while asking on, first those that could still
 * lead to a disposition that stops the interview: each combination that can
 * make an emergency is then asked before what can no longer make one. */
const engine_question *interview_next(interview *iv)
{
    engine_interview_mode mode = interview_mode(iv);
    if (mode == ENGINE_STOP)
        return NULL;
    long long rank = current_rank(iv), stop = below_stop(iv);
    forget_what_changed(iv);
    const engine_question *next = NULL;
    for (size_t i = 0; mode == ENGINE_RAISE_ONLY && i < iv->nq && !next; i++)
        if (due(iv, i, mode, rank) && could_raise(iv, engine_question_at(iv->e, i), rank, 1))
            next = engine_question_at(iv->e, i);   /* one answer from raising it: first */
    const engine_question *first = NULL;   /* the first due, in priority order */
    for (size_t i = 0; mode == ENGINE_GO_ON && stop >= 0 && i < iv->nq && !next; i++) {
        const engine_question *q = engine_question_at(iv->e, i);
        int leads = !iv->asked[i] && could_raise(iv, q, stop, 0);
        if ((leads || !first) && due(iv, i, mode, rank)) {   /* due() probes: only if needed */
            if (leads)
                next = q;
            else
                first = q;
        }
    }
    if (!next)
        next = first;
    for (size_t i = 0; i < iv->nq && !next; i++)
        if (due(iv, i, mode, rank))
            next = engine_question_at(iv->e, i);
    engine_clear_changes(iv->e);   /* the tries left the engine as it was */
    return next;
}

const engine_disposition_info *interview_could_stop(interview *iv)
{
    long long stop = below_stop(iv), rank = current_rank(iv);
    engine_interview_mode mode = interview_mode(iv);
    if (stop < 0 || mode == ENGINE_STOP)
        return NULL;
    forget_what_changed(iv);
    int could = 0;
    for (size_t i = 0; i < iv->nq && !could; i++)
        could = !iv->asked[i] && could_raise(iv, engine_question_at(iv->e, i), stop, 0) &&
                due(iv, i, mode, rank);
    engine_clear_changes(iv->e);
    const engine_disposition_info *d = NULL;
    for (size_t i = 0; could && i < engine_disposition_count(iv->e); i++) {
        const engine_disposition_info *c = engine_disposition_at(iv->e, i);
        if (c->rank == stop + 1)
            d = c;
    }
    return d;
}

int interview_due(interview *iv, const engine_question *q)
{
    engine_interview_mode mode = interview_mode(iv);
    long i = engine_question_index(iv->e, q->id);
    if (mode == ENGINE_STOP || i < 0)
        return 0;
    forget_what_changed(iv);
    int d = due(iv, (size_t)i, mode, current_rank(iv));
    engine_clear_changes(iv->e);
    return d;
}

int interview_relevant(const interview *iv, const engine_question *q)
{
    return relevant(iv, q);
}

int interview_was_asked(const interview *iv, const engine_question *q)
{
    long i = engine_question_index(iv->e, q->id);
    return i >= 0 && iv->asked[i];
}

/* Records an answer or pass of question qi for back; takes prev. */
static int record(interview *iv, size_t qi, json_t *prev, const json_t *value)
{
    if (iv->nhist == iv->caphist) {
        size_t cap = iv->caphist ? iv->caphist * 2 : 64;
        event *p = realloc(iv->hist, cap * sizeof *p);
        if (!p) {
            json_decref(prev);
            return -1;
        }
        iv->hist = p;
        iv->caphist = cap;
    }
    event ev = { qi, prev, iv->asked[qi], value ? json_deep_copy(value) : NULL };
    iv->hist[iv->nhist++] = ev;
    iv->asked[qi] = 1;
    return 0;
}

int interview_answer(interview *iv, const engine_question *q, const json_t *value)
{
    long qi = index_of(iv, q->id);
    if (qi < 0)
        return -1;
    json_t *prev = json_incref((json_t *)engine_answer_value(iv->e, q->id));
    if (engine_answer(iv->e, q->id, value) != 0) {
        json_decref(prev);
        return -1;
    }
    log_event(iv, prev ? "change" : "answer", q->id, value);
    if (record(iv, (size_t)qi, prev, value) != 0)
        return -1;
    return engine_run(iv->e);
}

int interview_pass(interview *iv, const engine_question *q)
{
    long qi = index_of(iv, q->id);
    if (qi < 0)
        return -1;
    log_event(iv, "pass", q->id, NULL);
    return record(iv, (size_t)qi, NULL, NULL);
}

int interview_play(interview *iv, const json_t *answers, const engine_question **bad)
{
    *bad = NULL;
    if (interview_restart(iv) != 0)
        return -1;
    const engine_question *q;
    while ((q = interview_next(iv)) != NULL) {
        const json_t *a = json_object_get(answers, q->id);
        if ((a ? interview_answer(iv, q, a) : interview_pass(iv, q)) != 0) {
            *bad = q;
            return -1;
        }
    }
    return 0;
}

int interview_back(interview *iv, const engine_question **undone)
{
    if (iv->nhist == 0)
        return -1;
    event ev = iv->hist[--iv->nhist];
    const engine_question *q = engine_question_at(iv->e, ev.q);
    log_event(iv, "back", q->id, NULL);
    int rc = ev.prev ? engine_answer(iv->e, q->id, ev.prev) : engine_unanswer(iv->e, q->id);
    iv->asked[ev.q] = (unsigned char)ev.prev_asked;
    json_decref(ev.prev);
    json_decref(ev.value);
    if (undone)
        *undone = q;
    return rc == 0 ? engine_run(iv->e) : -1;
}

json_t *interview_answers(const interview *iv)
{
    json_t *a = json_object();
    for (size_t i = 0; i < iv->nq; i++) {
        const engine_question *q = engine_question_at(iv->e, i);
        const json_t *v = engine_answer_value(iv->e, q->id);
        if (v)
            json_object_set_new(a, q->id, json_deep_copy(v));
    }
    return a;
}

json_t *interview_asked(const interview *iv)
{
    json_t *arr = json_array();
    for (size_t i = 0; i < iv->nhist; i++)
        json_array_append_new(arr, json_pack("{s:s, s:O}", "id",
                                             engine_question_at(iv->e, iv->hist[i].q)->id,
                                             "answer", iv->hist[i].value ? iv->hist[i].value
                                                                         : json_null()));
    return arr;
}
