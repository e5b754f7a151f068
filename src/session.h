/* session.h: one interview session, for every front end (the terminal shell,
 * a scripted interview, the HTTP API). It owns the interview's rules of
 * conduct: which step comes next (one question, or a checklist of related
 * ones the rules group), a not-sure answer to a question whose not-sure
 * counts as yes asked once more before it is taken, unsure checklist items
 * asked one at a time, a rise in urgency reported as it happens, what is
 * asked once the disposition settles (its disposition-def says), back,
 * change and restart, the transcript, and what was never asked. Nothing
 * clinical is written here: the words, the order and the urgency all come
 * from the rules.
 *
 * Ownership: the engine is borrowed and must outlive the session; questions,
 * checklists and dispositions returned are the engine's; json_t results are
 * new references owned by the caller; the transcript is borrowed. */
#ifndef TRIAGE_SESSION_H
#define TRIAGE_SESSION_H

#include <jansson.h>
#include <stddef.h>

#include "engine.h"

#define SESSION_MAX_ITEMS 6   /* items of one checklist step */

typedef struct session session;
typedef struct transcript transcript;

typedef struct session_step {
    int done;                               /* nothing is left to ask: the result stands */
    const engine_checklist *checklist;      /* the checklist asked, or NULL for one question */
    const engine_question *items[SESSION_MAX_ITEMS];
    size_t nitems;                          /* 1 for a single question */
    int again;                              /* items[0] is asked once more after a not-sure */
    int alone;                              /* items[0], not sure in a checklist, is asked
                                               on its own */
    int number;                             /* this step's prompt number, from 1 */
} session_step;

/* What an answer brought, for the front end to say. */
typedef struct session_news {
    const engine_disposition_info *rose_to; /* the disposition just reached, when it rose to
                                               one that is announced; else NULL */
    const engine_question *taken_yes[SESSION_MAX_ITEMS];   /* not-sure answers taken as yes */
    size_t ntaken_yes;
    const engine_question *again;           /* asked once more next (its not-sure not taken) */
} session_news;

/* Starts a session on e (resetting its answers). NULL when out of memory. */
session *session_new(engine *e);

/* NULL is a no-op. */
void session_free(session *s);

engine *session_engine(session *s);

/* Why the last call failed: the session's reason, or the engine's. */
const char *session_errmsg(session *s);

/* Records every answer, back, change, restart and shown result from now on in
 * t (NULL stops recording). */
void session_set_transcript(session *s, transcript *t);

/* The words the person typed for the answers that follow (NULL: none), kept
 * in the transcript beside the answers they were taken as. */
void session_typed(session *s, const char *typed);

/* The step to show now (computed when first asked for after a change).
 * Borrowed until the next call that changes the session. */
const session_step *session_step_now(session *s);

/* Answers the current step. answers maps its items' ids to values (checked
 * against the questions first: on a bad value nothing is recorded, -1, and
 * session_errmsg() says why); a checklist item left out is answered no, and
 * JSON null leaves an item unanswered (a scripted case that lacks it). A
 * not-sure answer to a question whose not-sure counts as yes is asked once
 * more before it is taken; not-sure checklist items are asked one at a time
 * next, in the order questions are asked (those whose not-sure counts as yes
 * as their once more).
 * news (may be NULL) says what the answer brought. */
int session_answer(session *s, const json_t *answers, session_news *news);

/* Undoes the last step answered (a whole checklist at once): the number of
 * answers undone, -1 when there is none. *undone (may be NULL) is set to its
 * first question. A question answered when it was asked once more is asked
 * once more again, as it was. */
int session_back(session *s, const engine_question **undone);

/* Makes the next step ask q alone (to change an earlier answer). */
int session_ask(session *s, const engine_question *q);

/* Forgets every answer and starts again. */
int session_restart(session *s);

/* Takes answers given all at once (a stateless front end sends every answer
 * so far, with the memory session_memory() gave it last): each is recorded,
 * in the order the questions are asked, except a not-sure that the session
 * would ask once more (a question whose not-sure counts as yes, not yet
 * asked again) or on its own (a checklist item not yet asked alone), which
 * the next step asks; a null answer is a question asked and passed over (as
 * a scripted interview passes what its case lacks); memory's "ask_again"
 * (session_state()) asks that answered question once more. The same answers
 * and memory always give the same next step, and the same as a session
 * answered step by step. -1 on an invalid answer (nothing recorded; *bad is
 * its id). */
int session_load(session *s, const json_t *answers, const json_t *memory, const char **bad);

/* What a stateless front end sends back with its next answers:
 * {"asked_again": [ids], "asked_alone": [ids]}, counting the step now shown
 * as asked. */
json_t *session_memory(session *s);

/* Where the session stands, for a stateless front end to send back with
 * the answers to the step now shown: {"answers": {...}, "asked_again": [ids],
 * "asked_alone": [ids]}, from which session_load() makes a session that
 * shows the same step and goes on as this one would. Its answers are those
 * recorded, a not-sure still to be asked once more or on its own as
 * "unknown", and a question passed over as null; an answer changed to not
 * sure, asked once more while it stands, is named by "ask_again". A change
 * asked with session_ask() and not yet answered is not kept. */
json_t *session_state(session *s);

/* The answers so far, as an "answers" object of the case format. */
json_t *session_answers(const session *s);

/* The red-flag questions that were never asked because the disposition
 * settled first (empty while questions remain): their absence is "not
 * asked", not "taken as no". */
json_t *session_not_asked(session *s);

/* Every question asked, in order: [{"id": ..., "answer": value or null}]. */
json_t *session_asked(const session *s);

/* Every step shown so far: [{"prompt": n, "questions": [ids], "again": bool}]. */
json_t *session_prompts(const session *s);

/* The disposition reached so far. */
const engine_disposition_info *session_disposition(session *s);

/* The disposition reached so far when it is more urgent than the least
 * urgent one (what "so far" is worth saying before the end), else NULL. */
const engine_disposition_info *session_so_far(session *s);

/* The least urgent disposition that stops the interview, when questions
 * still to come could lead to it (so that a front end saying how far the
 * answers have got can say what the rest may still show); else NULL. */
const engine_disposition_info *session_could_stop(session *s);

/* The result as it stands (engine_result()), written to the transcript as a
 * result line when there is one. NULL with engine_errmsg() on failure. */
json_t *session_result(session *s);

/* The result as it stands as C values (engine_outcome_now(), borrowed as it
 * says), written to the transcript as a result line when there is one: what
 * a front end shows. NULL with engine_errmsg() on failure. */
const engine_outcome *session_outcome(session *s);

#endif
