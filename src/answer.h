/* answer.h: text as people type it, turned into the value of an answer: the
 * one parser of a person's words (the shell's; the other front ends take
 * the case format's values, which need no reading: a scripted interview's
 * case, the API's JSON, a vignette's literal values). The words it knows
 * come from the rules (answer-words, value-words, each question's labels and
 * examples); nothing clinical is written here.
 *
 * Ownership: values returned are new references owned by the caller; the
 * engine and its questions are borrowed. */
#ifndef TRIAGE_ANSWER_H
#define TRIAGE_ANSWER_H

#include <jansson.h>
#include <stddef.h>

#include "engine.h"

typedef enum {
    ANSWER_TAKEN,        /* *value is the answer; note says how it was read, when not plainly */
    ANSWER_NOT_SURE,     /* *value is "unknown" */
    ANSWER_REFUSED       /* no value: note says what would work, with an example */
} answer_status;

/* Reads text typed for question q. A hedged yes ("I think so") is taken as yes
 * and said so; on a red-flag question a hedged no ("not really") is taken as
 * not sure; a reply that says both yes and no is refused. Numbers may come
 * with their unit ("10 days", "3 wks", "4/10", "about 4"); a range or a
 * fraction takes the more worrying end as the rules compare the number, and is
 * refused for a number compared both ways (age). Choices and places may be
 * given by label, by synonym or by number, several joined by commas or "and",
 * with any side ("my right hip") ignored; a word that fits several ("thigh")
 * is refused with their names and numbers. The note (at most len bytes, "" when there is nothing to say) is plain words
 * for the person. */
answer_status answer_parse(const engine *e, const engine_question *q, const char *text,
                           json_t **value, char *note, size_t len);

/* The answer to a checklist: each item chosen by its number is yes, the
 * others no; "none" answers every item no, "all" every item yes; "not sure"
 * alone, or "not sure about N", makes those items "unknown". Returns an object of question id to
 * value (new ref), or NULL with note saying what would work (an empty reply is
 * not "none"). A choice with a hedge ("2 probably") is yes, and the note
 * says so ("Taken as yes: 2."); otherwise the note is "" on success. */
json_t *answer_parse_checklist(const engine *e, const engine_question *const *items,
                               size_t nitems, const char *text, char *note, size_t len);

/* An example of a valid answer to q, for prompts and refusals. */
const char *answer_example(const engine *e, const engine_question *q);

/* The plain words naming value v of choice or list question q (its label, or
 * the value with spaces for underscores), written into buf. */
const char *answer_label(const engine *e, const engine_question *q, const char *v, char *buf,
                         size_t len);

#endif
