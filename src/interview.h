/* interview.h: the adaptive interview, shared by the shell and `triage
 * interview`. It picks the next question worth asking from the rules alone:
 * the highest-priority unanswered question that is relevant (its relevant-if
 * answer holds) and whose answer could still change a conclusion. Nothing
 * clinical is written here.
 *
 * A question could change a conclusion when some value of it changes the
 * engine's conclusions as they stand (tried on the engine, then undone), when
 * a rule uses it together with another question still unanswered, or when
 * another unanswered question is relevant-if it.
 * Number and list questions are always treated as able to. Once the
 * disposition reached says so (its disposition-def's interview slot), only
 * questions that could still make it more urgent are asked, or none. The
 * interview is over when no question is left to ask.
 *
 * Ownership: the engine is borrowed and must outlive the interview; returned
 * questions are the engine's. */
#ifndef TRIAGE_INTERVIEW_H
#define TRIAGE_INTERVIEW_H

#include <jansson.h>
#include <stddef.h>

#include "engine.h"

typedef struct interview interview;
typedef struct transcript transcript;

/* Starts an interview on e (resetting it). NULL when out of memory. */
interview *interview_new(engine *e);

/* NULL is a no-op. */
void interview_free(interview *iv);

/* Forgets every answer and starts again. */
int interview_restart(interview *iv);

/* The next question worth asking, or NULL when the interview is over. */
const engine_question *interview_next(interview *iv);

/* Answers q with value (validated by the engine) and runs the rules. On a bad
 * value nothing changes and -1 is returned; the reason is
 * engine_errmsg() of the interview's engine. */
int interview_answer(interview *iv, const engine_question *q, const json_t *value);

/* Records that q was asked but left unanswered (a case without that answer):
 * it is not asked again. */
int interview_pass(interview *iv, const engine_question *q);

/* Plays the whole interview from scratch, answering each question asked from
 * answers (an "answers" object of case-format.md) and passing those it lacks.
 * Returns 0, or -1 when an answer is invalid: *bad is then its question. */
int interview_play(interview *iv, const json_t *answers, const engine_question **bad);

/* Undoes the last answer or pass; -1 when there is none. *undone is set to
 * the question it concerned. */
int interview_back(interview *iv, const engine_question **undone);

/* What the disposition reached so far says of the interview (its
 * disposition-def): ask on, ask only what could raise it, or stop. */
engine_interview_mode interview_mode(interview *iv);

/* Whether the disposition reached so far stops the interview. */
int interview_is_settled(interview *iv);

/* The least urgent disposition that stops the interview, when a question
 * still to be asked could lead to it; NULL when none could (or the interview
 * is over). */
const engine_disposition_info *interview_could_stop(interview *iv);

/* Whether q would be asked now (as interview_next() decides, for any
 * question): the other items of a checklist are asked with it when due. */
int interview_due(interview *iv, const engine_question *q);

/* Whether q is relevant now: its relevant-if answer holds or is not known,
 * and no asked-if condition is known to fail. */
int interview_relevant(const interview *iv, const engine_question *q);

/* Whether q has been asked (answered or passed). */
int interview_was_asked(const interview *iv, const engine_question *q);

/* The answers so far as an "answers" object of case-format.md (new ref). */
json_t *interview_answers(const interview *iv);

/* Every question asked, in order: [{"id": ..., "answer": value or null}]
 * (new ref). */
json_t *interview_asked(const interview *iv);

/* Records every answer, change, pass, back and restart from now on in t
 * (borrowed; NULL stops recording), writing t after each. */
void interview_set_transcript(interview *iv, transcript *t);

/* Whether to remember questions whose every answer was found to let no rule
 * conclude anything but assumptions, until something those rules could meet
 * changes (on by default). Off asks the engine afresh each time: the same
 * questions, more slowly. */
void interview_keep_quiet(interview *iv, int on);

#endif
