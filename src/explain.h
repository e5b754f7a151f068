/* explain.h: a conclusion of a result as a tree down to the answers, built
 * from the result's "explanation" (each step: rule, its tests on answers,
 * what it used, what it concluded, its source). */
#ifndef TRIAGE_EXPLAIN_H
#define TRIAGE_EXPLAIN_H

#include <jansson.h>
#include <stddef.h>
#include <stdio.h>

/* Writes how `id` was reached: id is a trigger, contributor, finding, cause,
 * recommendation or caution id, or "disposition". Each node names the rule
 * that concluded it (every rule, when several did), what the rule says, its
 * source and its tests with the answers that met them ("pain_severity >= 7,
 * answered 8"); leaves are answers. The disposition's tree holds every trigger
 * that fired, those that decide it marked "(decides: D)" and first. A
 * recommendation a caution withheld says so. Returns 0, or -1 (writing
 * nothing) when the result holds no such conclusion. */
int explain_how(FILE *out, const json_t *result, const char *id, int width);

/* explain_how() knowing the case's answers (an "answers" object of
 * case-format.md, or NULL): a test the step's facts do not show the answer of
 * (a negated one) then says what was answered, or "not answered".
 * explain_tree_answers() writes the whole reasoning so: numbered trees of the
 * disposition, then each recommendation, caution and contributor, down to
 * the answers. */
int explain_how_answers(FILE *out, const json_t *result, const json_t *answers, const char *id,
                        int width);
void explain_tree_answers(FILE *out, const json_t *result, const json_t *answers, int width);

/* An explanation step's tests with the answers that met them, into buf:
 * "pain_severity >= 7, answered 8; not hamstring_tightness = no, answered
 * yes". Returns 0 (buf "") when the step has no tests (a rule with no
 * condition on an answer, or a result written before steps had tests). */
int explain_tests(const json_t *step, const json_t *answers, char *buf, size_t len);

/* A fact of an explanation step read as an answer ("answer: age = 34"): its
 * value as written ("34"), with *id pointing at its question id in fact and
 * *idlen its length (either may be NULL); NULL when the fact is not an
 * answer. The one reader of that form, for every caller of a result's
 * derivation. */
const char *explain_answer_fact(const char *fact, const char **id, size_t *idlen);

#endif
