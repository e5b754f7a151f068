/* cases.h: one case of case-format.md, evaluated into one result. Shared by
 * the batch command, the tests and every later front end. */
#ifndef TRIAGE_CASES_H
#define TRIAGE_CASES_H

#include <jansson.h>

typedef struct engine engine;

/* Evaluates a case object: resets the engine, gives it every answer, runs the
 * rules and returns the result with the case's "id" first, or, when the case
 * is malformed or an answer is invalid, {"id": ..., "error": {"field": ...,
 * "message": ...}} naming the first bad field (null when it is not one field).
 * *failed is set to 1 for an error result, 0 otherwise. Returns a new
 * reference, NULL only when out of memory. */
json_t *cases_evaluate(engine *e, const json_t *c, int *failed);

/* Builds the error result of a case (id may be NULL). New reference. */
json_t *cases_error(const json_t *id, const char *field, const char *message);

/* The error of an error result as one line, "FIELD: message" or "message",
 * written into buf. Returns buf. */
const char *cases_error_text(const json_t *res, char *buf, size_t len);

#endif
