/* vignette.h: test vignettes, a case with what its result must be.
 *
 * Two forms are read. JSON lines, as in tests/cases/: a case of
 * case-format.md with an "expect" object. And a text form for clinicians to
 * write by hand (docs/RULES.md):
 *
 *   # a comment
 *   vignette: fever with tight hamstrings
 *   answers:
 *     fever: yes
 *     age: 40
 *     pain_location: lower_back, knee
 *   expect:
 *     disposition: urgent
 *     triggers: spinal_infection
 *     contributors: tight_hamstrings 1.0, pelvic_tilt
 *     not recommendations: seated_hamstring_stretch
 *     cautions: plan_deferred, stretching_paused
 *
 * Expect keys of the text form: disposition; triggers and cautions (exactly
 * these, or "none"); contributors (at least these, each with an optional
 * certainty); not contributors; recommendations (at least these); not
 * recommendations; causes; no plan (yes); assumption (one a line: the text
 * some assumption begins with); error (the case must be refused, naming this
 * answer). They map onto the JSON expect keys documented in vignette.c.
 */
#ifndef TRIAGE_VIGNETTE_H
#define TRIAGE_VIGNETTE_H

#include <jansson.h>
#include <stdio.h>

typedef struct engine engine;

/* Reads every vignette of a file (text or JSON lines, told apart by its
 * first character that is not blank or a comment). Returns an array of
 * {"id", "answers", "expect", "file", "line"} (new ref), or NULL with a
 * "FILE:LINE: message" in err. Answers of the text form are typed with e's
 * question definitions (numbers, lists). */
json_t *vignette_read(const char *path, const engine *e, char *err, size_t errlen);

/* Like vignette_read(), but a JSON line needs no "expect": cases as batch
 * reads them. Both refuse, naming the line, an unknown question, trigger,
 * recommendation, caution, contributor or disposition id (with the nearest
 * known one) and an unknown expectation key, when e is not NULL. */
json_t *vignette_read_cases(const char *path, const engine *e, char *err, size_t errlen);

/* Compares a result (or error result) with an expect object. Returns an
 * array of differences, one string each (new ref; empty when it matches). */
json_t *vignette_check(const json_t *result, const json_t *expect);

/* Writes a vignette in the text form. */
void vignette_write(FILE *out, const char *name, const json_t *answers, const json_t *expect);

#endif
