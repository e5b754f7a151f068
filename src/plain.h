/* plain.h: a result in plain words for the person it is about: what to do
 * first, why, the first steps of the plan, when to get help sooner, and what
 * was assumed, with no internal id anywhere; how a conclusion was reached,
 * in words; and a one-page report to take to a doctor. The words come from
 * the result and the rules (labels of questions and values). */
#ifndef TRIAGE_PLAIN_H
#define TRIAGE_PLAIN_H

#include <jansson.h>
#include <stdio.h>

#include "engine.h"

#define PLAIN_PLAN_SHOWN 5   /* plan items shown before "plan" asks for the rest */

typedef struct plain_view {
    engine *e;                 /* for the words of questions and values */
    const json_t *not_asked;   /* ids never asked because the result settled (may be NULL) */
    const json_t *answers;     /* the answers (may be NULL): every not-sure one is listed,
                                  and one taken as yes is said first without a plan */
    int full_plan;             /* every plan item, not the first PLAIN_PLAN_SHOWN */
    int width;
    int unfinished;            /* questions remain: what they ask is not said to be assumed */
} plain_view;

/* The few words naming question q: its label, else its prompt. */
const char *plain_label(const engine_question *q);

/* An answer in words ("yes", "not sure", "10 days", "lower back, hip"). */
void plain_answer(const engine *e, const engine_question *q, const json_t *value, char *buf,
                  size_t len);

/* Writes the result (engine_outcome_now() of v->e) for the person. Urgent
 * and emergency results (whose disposition shows no plan) say what to do,
 * why and when to call for help, and nothing else; an emergency reached
 * through a not-sure answer says so first. */
void plain_result(FILE *out, const engine_outcome *o, const plain_view *v);

/* Writes how the thing named by what was reached, in words: "disposition",
 * the number of a plan item as shown, or words of a reason's, contributor's
 * or plan item's title, and the answers it rests on. It reads those from the
 * result JSON res (engine_result() of v->e): only its derivation says what
 * rests on what. Returns 0, or -1 when nothing concluded matches. */
int plain_how(FILE *out, const json_t *res, const char *what, const plain_view *v);

/* Writes a one-page summary to take to a doctor: the date, the advice, the
 * reasons, the answers in words, what was assumed, the rules version; as
 * HTML that prints cleanly when html is set, else as text. */
void plain_report(FILE *out, const engine_outcome *o, const json_t *answers,
                  const plain_view *v, int html);

/* The first line of a text report (its title, in capitals), by which a
 * file is known to be one: what plain_report() writes first. */
const char *plain_report_head(const engine *e, char *buf, size_t len);

#endif
