/* session.c: one interview session for every front end (session.h). */
#include "session.h"
#include "interview.h"
#include "transcript.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct session {
    engine *e;
    interview *iv;
    transcript *log;               /* borrowed, or NULL */
    session_step step;
    int fresh;                     /* step is computed for the current state */
    const engine_question *again;  /* to ask once more after a not-sure, or NULL */
    const engine_question *forced; /* to ask next (change), or NULL */
    const engine_question **singles;   /* unsure checklist items, asked one at a time */
    size_t nsingles;
    const engine_question *single_now; /* the unsure checklist item the step shows, or NULL */
    unsigned char *asked_again;    /* per question: its not-sure was asked once more */
    unsigned char *asked_alone;    /* per question: asked on its own, not in a checklist */
    size_t *undo;                  /* interview events each answered step recorded */
    size_t nundo, capundo;
    json_t *prompts;               /* every step shown */
    char err[256];                 /* the session's own last error, "" when the engine's */
};

const char *session_errmsg(session *s)
{
    return s->err[0] ? s->err : engine_errmsg(s->e);
}

session *session_new(engine *e)
{
    session *s = calloc(1, sizeof *s);
    if (!s)
        return NULL;
    s->e = e;
    s->iv = interview_new(e);
    size_t nq = engine_question_count(e) ? engine_question_count(e) : 1;
    s->singles = calloc(nq, sizeof *s->singles);
    s->asked_again = calloc(nq, 1);
    s->asked_alone = calloc(nq, 1);
    s->prompts = json_array();
    if (!s->iv || !s->singles || !s->asked_again || !s->asked_alone || !s->prompts) {
        session_free(s);
        return NULL;
    }
    return s;
}

void session_free(session *s)
{
    if (!s)
        return;
    interview_free(s->iv);
    free(s->singles);
    free(s->asked_again);
    free(s->asked_alone);
    free(s->undo);
    json_decref(s->prompts);
    free(s);
}

engine *session_engine(session *s)
{
    return s->e;
}

void session_typed(session *s, const char *typed)
{
    if (s->log)
        transcript_typed(s->log, typed);
}

void session_set_transcript(session *s, transcript *t)
{
    s->log = t;
    interview_set_transcript(s->iv, t);
}

static long qindex(const session *s, const engine_question *q)
{
    return engine_question_index(s->e, q->id);
}

static int answered(const session *s, const engine_question *q)
{
    return engine_answer_value(s->e, q->id) != NULL || interview_was_asked(s->iv, q);
}

/* The items of q's checklist that are due now, q first in checklist order. */
static void checklist_step(session *s, const engine_question *q, session_step *st)
{
    const engine_checklist *c = engine_checklist_of(s->e, q->id);
    st->items[0] = q;
    st->nitems = 1;
    if (!c)
        return;
    const engine_question *due[SESSION_MAX_ITEMS];
    size_t n = 0;
    for (size_t i = 0; i < c->nitems && n < SESSION_MAX_ITEMS; i++) {
        const engine_question *item = engine_question_find(s->e, c->items[i]);
        if (!item)
            continue;
        if (item == q || (item->type == ENGINE_YESNO && !answered(s, item) &&
                          interview_due(s->iv, item)))
            due[n++] = item;
    }
    if (n < 2)
        return;
    memcpy(st->items, due, n * sizeof *due);
    st->nitems = n;
    st->checklist = c;
}

static void compute(session *s)
{
    session_step *st = &s->step;
    int number = st->number;
    memset(st, 0, sizeof *st);
    st->number = number;
    const engine_question *q = NULL;
    s->single_now = NULL;
    if (s->forced) {
        q = s->forced;   /* an answer to change, whatever the disposition */
    } else if (interview_is_settled(s->iv)) {
        s->again = NULL;   /* nothing more is asked, not even once more */
        s->nsingles = 0;
    } else if (s->again) {
        q = s->again;
        st->again = 1;
    } else {
        while (s->nsingles && !q) {
            const engine_question *one = s->singles[0];
            memmove(s->singles, s->singles + 1, --s->nsingles * sizeof *s->singles);
            if (!engine_answer_value(s->e, one->id) && !interview_is_settled(s->iv)) {
                q = one;   /* an unsure item on its own: once more, if its not-sure counts as yes */
                s->single_now = one;
                st->alone = 1;
                st->again = one->unknown_means_yes && !s->asked_again[qindex(s, one)];
            }
        }
        if (!q && (q = interview_next(s->iv)) != NULL)
            checklist_step(s, q, st);
    }
    if (!q) {
        st->done = 1;
    } else {
        if (!st->nitems) {
            st->items[0] = q;
            st->nitems = 1;
        }
        st->number = number + 1;
        json_t *ids = json_array();
        for (size_t i = 0; i < st->nitems; i++)
            json_array_append_new(ids, json_string(st->items[i]->id));
        json_array_append_new(s->prompts, json_pack("{s:i, s:s*, s:o, s:b}", "prompt", st->number,
                                                    "checklist", st->checklist ? st->checklist->id : NULL,
                                                    "questions", ids, "again", st->again));
    }
    s->fresh = 1;
}

const session_step *session_step_now(session *s)
{
    if (!s->fresh)
        compute(s);
    return &s->step;
}

/* Queues q to be asked on its own, the queue in the order questions are asked. */
static void queue_single(session *s, const engine_question *q)
{
    long qi = qindex(s, q);
    size_t at = s->nsingles;
    for (size_t i = 0; i < s->nsingles; i++)
        if (s->singles[i] == q)
            return;
    while (at > 0 && qindex(s, s->singles[at - 1]) > qi)
        at--;
    if (s->nsingles >= engine_question_count(s->e))
        return;
    memmove(s->singles + at + 1, s->singles + at, (s->nsingles - at) * sizeof *s->singles);
    s->singles[at] = q;
    s->nsingles++;
}

static long long rank_now(session *s)
{
    const char *d = engine_disposition(s->e);
    return d ? engine_disposition_rank(s->e, d) : -1;
}

static int push_undo(session *s, size_t events)
{
    if (s->nundo == s->capundo) {
        size_t cap = s->capundo ? 2 * s->capundo : 32;
        size_t *p = realloc(s->undo, cap * sizeof *p);
        if (!p)
            return -1;
        s->undo = p;
        s->capundo = cap;
    }
    s->undo[s->nundo++] = events;
    return 0;
}

static int is_unknown(const json_t *v)
{
    return json_is_string(v) && strcmp(json_string_value(v), "unknown") == 0;
}

int session_answer(session *s, const json_t *answers, session_news *news)
{
    const session_step *st = session_step_now(s);
    session_news none;
    if (!news)
        news = &none;
    memset(news, 0, sizeof *news);
    s->err[0] = '\0';
    if (st->done) {
        snprintf(s->err, sizeof s->err, "the questions are finished");
        return -1;
    }
    const json_t *values[SESSION_MAX_ITEMS];
    json_t *no = json_string("no");
    for (size_t i = 0; i < st->nitems; i++) {
        const json_t *v = json_object_get(answers, st->items[i]->id);
        if (!v && !st->checklist) {
            snprintf(s->err, sizeof s->err, "no answer to %s", st->items[i]->id);
            json_decref(no);
            return -1;
        }
        values[i] = v ? v : no;
        if (!json_is_null(values[i]) && engine_check_answer(s->e, st->items[i]->id, values[i]) != 0) {
            json_decref(no);
            return -1;
        }
    }
    long long before = rank_now(s);
    size_t events = 0;
    int again = st->again;
    const engine_question *items[SESSION_MAX_ITEMS];
    size_t nitems = st->nitems;
    memcpy(items, st->items, nitems * sizeof *items);
    const engine_checklist *checklist = st->checklist;
    s->again = NULL;
    s->forced = NULL;
    s->fresh = 0;
    int rc = 0;
    for (size_t i = 0; i < nitems && rc == 0; i++) {
        const engine_question *q = items[i];
        long qi = qindex(s, q);
        if (!checklist)
            s->asked_alone[qi] = 1;
        if (json_is_null(values[i])) {
            rc = interview_pass(s->iv, q);
            events++;
            continue;
        }
        if (is_unknown(values[i]) && checklist && !s->asked_alone[qi]) {
            queue_single(s, q);   /* asked on its own next (once more, if it counts as yes) */
            news->again = news->again ? news->again : q;
            continue;
        }
        if (is_unknown(values[i]) && q->unknown_means_yes && !s->asked_again[qi] && !again) {
            s->again = q;   /* asked once more before it is taken as yes */
            news->again = q;
            continue;
        }
        if (again)
            s->asked_again[qi] = 1;
        rc = interview_answer(s->iv, q, values[i]);
        events++;
        if (rc == 0 && is_unknown(values[i]) && q->unknown_means_yes &&
            news->ntaken_yes < SESSION_MAX_ITEMS)
            news->taken_yes[news->ntaken_yes++] = q;
    }
    json_decref(no);
    if (events && push_undo(s, events) != 0)
        rc = -1;
    long long after = rank_now(s);
    const engine_disposition_info *d = session_disposition(s);
    if (rc == 0 && after > before && d && d->announce)
        news->rose_to = d;
    return rc;
}

int session_back(session *s, const engine_question **undone)
{
    s->again = NULL;
    s->forced = NULL;
    s->nsingles = 0;
    s->fresh = 0;
    if (s->nundo == 0)
        return -1;
    size_t n = s->undo[--s->nundo];
    int rc = 0;
    for (size_t i = 0; i < n && rc == 0; i++) {
        const engine_question *q = NULL;
        rc = interview_back(s->iv, &q);
        if (undone)
            *undone = q;
        long qi = q ? qindex(s, q) : -1;
        if (rc == 0 && qi >= 0 && s->asked_again[qi] && !answered(s, q)) {
            s->asked_again[qi] = 0;   /* undone as it was: asked once more, with its warning */
            s->again = q;
        }
    }
    return rc ? -1 : (int)n;
}

int session_ask(session *s, const engine_question *q)
{
    s->forced = q;
    s->again = NULL;
    s->fresh = 0;
    return 0;
}

int session_restart(session *s)
{
    s->again = NULL;
    s->forced = NULL;
    s->nsingles = 0;
    s->nundo = 0;
    s->fresh = 0;
    s->step.number = 0;
    json_array_clear(s->prompts);
    memset(s->asked_again, 0, engine_question_count(s->e) ? engine_question_count(s->e) : 1);
    memset(s->asked_alone, 0, engine_question_count(s->e) ? engine_question_count(s->e) : 1);
    return interview_restart(s->iv);
}

static void mark(session *s, const json_t *ids, unsigned char *set)
{
    size_t i;
    json_t *id;
    json_array_foreach(ids, i, id) {
        const engine_question *q = engine_question_find(s->e, json_string_value(id));
        if (q)
            set[qindex(s, q)] = 1;
    }
}

int session_load(session *s, const json_t *answers, const json_t *memory, const char **bad)
{
    *bad = NULL;
    if (session_restart(s) != 0)
        return -1;
    mark(s, json_object_get(memory, "asked_again"), s->asked_again);
    mark(s, json_object_get(memory, "asked_alone"), s->asked_alone);
    const char *k;
    json_t *v;
    json_object_foreach((json_t *)answers, k, v)
        if (engine_check_answer(s->e, k, json_is_null(v) ? NULL : v) != 0) {
            *bad = k;
            return -1;
        }
    /* in the order the questions are asked; a not-sure that the shell would
     * ask once more (first) or on its own (then) is not taken, and asked */
    for (size_t qi = 0; qi < engine_question_count(s->e); qi++) {
        const engine_question *q = engine_question_at(s->e, qi);
        const json_t *a = json_object_get(answers, q->id);
        if (!a)
            continue;
        if (json_is_null(a)) {   /* asked, and passed over */
            if (interview_pass(s->iv, q) != 0 || push_undo(s, 1) != 0)
                return -1;
            continue;
        }
        if (is_unknown(a) && !s->asked_alone[qi] && engine_checklist_of(s->e, q->id)) {
            queue_single(s, q);   /* unsure in a checklist, not yet asked on its own */
            continue;
        }
        if (is_unknown(a) && q->unknown_means_yes && !s->asked_again[qi]) {
            if (!s->again)
                s->again = q;   /* unsure when asked alone: once more */
            continue;
        }
        if (interview_answer(s->iv, q, a) != 0 || push_undo(s, 1) != 0)
            return -1;
    }
    const char *kept_id = json_string_value(json_object_get(memory, "ask_again"));
    const engine_question *kept = kept_id ? engine_question_find(s->e, kept_id) : NULL;
    if (kept && engine_answer_value(s->e, kept->id))
        s->again = kept;   /* changed to not sure: asked once more, its answer standing */
    s->fresh = 0;
    return 0;
}

/* Which questions were asked once more, and which on their own; with_step
 * counts the step now shown as asked. */
static json_t *memory(session *s, int with_step)
{
    const session_step *st = session_step_now(s);
    json_t *again = json_array(), *alone = json_array();
    for (size_t i = 0; i < engine_question_count(s->e); i++) {
        const engine_question *q = engine_question_at(s->e, i);
        int now = with_step && !st->done && !st->checklist && st->items[0] == q;
        if (s->asked_again[i] || (now && st->again))
            json_array_append_new(again, json_string(q->id));
        if (s->asked_alone[i] || now)
            json_array_append_new(alone, json_string(q->id));
    }
    return json_pack("{s:o, s:o}", "asked_again", again, "asked_alone", alone);
}

json_t *session_memory(session *s)
{
    return memory(s, 1);
}

/* Whether q is an unsure checklist item still to be asked on its own. */
static int queued(const session *s, const engine_question *q)
{
    if (s->single_now == q)
        return 1;
    for (size_t i = 0; i < s->nsingles; i++)
        if (s->singles[i] == q)
            return 1;
    return 0;
}

json_t *session_state(session *s)
{
    json_t *st = memory(s, 0), *answers = json_object();
    for (size_t i = 0; i < engine_question_count(s->e); i++) {
        const engine_question *q = engine_question_at(s->e, i);
        const json_t *v = engine_answer_value(s->e, q->id);
        if (s->again == q && v)   /* changed to not sure: the answer stands until asked again */
            json_object_set_new(st, "ask_again", json_string(q->id));
        if ((s->again == q && !v) || (!v && queued(s, q)))
            json_object_set_new(answers, q->id, json_string("unknown"));
        else if (v)
            json_object_set_new(answers, q->id, json_deep_copy(v));
        else if (interview_was_asked(s->iv, q))
            json_object_set_new(answers, q->id, json_null());
    }
    json_object_set_new(st, "answers", answers);
    return st;
}

json_t *session_answers(const session *s)
{
    return interview_answers(s->iv);
}

json_t *session_not_asked(session *s)
{
    json_t *ids = json_array();
    const session_step *st = session_step_now(s);
    if (!st->done || interview_mode(s->iv) == ENGINE_GO_ON)
        return ids;
    for (size_t i = 0; i < engine_question_count(s->e); i++) {
        const engine_question *q = engine_question_at(s->e, i);
        if (q->red_flag && !answered(s, q) && interview_relevant(s->iv, q) &&
            (!q->relevant_if || engine_answer_value(s->e, q->relevant_if)))
            json_array_append_new(ids, json_string(q->id));
    }
    return ids;
}

json_t *session_asked(const session *s)
{
    return interview_asked(s->iv);
}

json_t *session_prompts(const session *s)
{
    return json_deep_copy(s->prompts);
}

const engine_disposition_info *session_disposition(session *s)
{
    return engine_disposition_find(s->e, engine_disposition(s->e));
}

const engine_disposition_info *session_so_far(session *s)
{
    const engine_disposition_info *d = session_disposition(s);
    const engine_disposition_info *least = engine_disposition_at(s->e, 0);
    return d && least && d->rank > least->rank ? d : NULL;
}

const engine_disposition_info *session_could_stop(session *s)
{
    return interview_could_stop(s->iv);
}

const engine_outcome *session_outcome(session *s)
{
    if (s->log) {
        json_t *res = session_result(s);
        if (!res)
            return NULL;
        json_decref(res);
    }
    return engine_outcome_now(s->e);
}

json_t *session_result(session *s)
{
    json_t *res = engine_result(s->e);
    if (res && s->log) {
        json_t *answers = session_answers(s);
        if (transcript_result(s->log, answers, res) == 0)
            transcript_write(s->log);
        json_decref(answers);
    }
    return res;
}
