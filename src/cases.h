/* cases.h: one case of case-format.md, evaluated into one result. Shared by
 * the batch command, the tests and every later front end. */
#ifndef TRIAGE_CASES_H
#define TRIAGE_CASES_H

#include <jansson.h>

typedef struct engine engine;

/* Evaluates a case object: makes its answers the engine's (changing only
 * those that differ from the case before: engine_set_answers()), runs the
 * rules and returns the result with the case's "id" first, or, when the case
 * is malformed or an answer is invalid, {"id": ..., "error": {"field": ...,
 * "message": ...}} naming the first bad field (null when it is not one field).
 * *failed is set to 1 for an error result, 0 otherwise. Returns a new
 * reference, NULL only when out of memory. */
json_t *cases_evaluate(engine *e, const json_t *c, int *failed);

/* Makes the case's answers the engine's and runs the rules: the first half
 * of cases_evaluate(). Returns 0 when the rules ran (the result is
 * then read from the engine), or -1 with *error set to the case's error result
 * (a new reference; NULL when out of memory). */
int cases_run(engine *e, const json_t *c, json_t **error);

/* The case's "id" as compact JSON text ("null" when it has none), for
 * engine_result_text(). Returns a string the caller frees, NULL when out of
 * memory. */
char *cases_id_text(const json_t *c);

/* Builds the error result of a case (id may be NULL). New reference. */
json_t *cases_error(const json_t *id, const char *field, const char *message);

/* The error of an error result as one line, "FIELD: message" or "message",
 * written into buf. Returns buf. */
const char *cases_error_text(const json_t *res, char *buf, size_t len);

/* The longest line of a case file that is read. */
#define CASES_MAX_LINE (1024 * 1024)

/* Reads the cases of a file: JSON lines, or one JSON object written over
 * several lines. A line that is not JSON (or has a NUL byte, or is longer
 * than CASES_MAX_LINE) becomes an error result with its "line". Returns an
 * array (new ref), or NULL with "PATH: reason" in err when the file cannot
 * be read. */
json_t *cases_read_file(const char *path, char *err, size_t errlen);

#endif
