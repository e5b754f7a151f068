/* transcript.h: a session's transcript, JSON lines, for the auditor.
 *
 *   line 1   {"transcript": "triage", "version": 1, "program": ..., "created": ...,
 *             "rules_version": ..., "rule_files": [{"file": ..., "sha256": ...}],
 *             "case": id}
 *   then     one event a line, in order, never rewritten:
 *            {"event": "answer" | "change" | "pass" | "back" | "restart",
 *             "question": id, "answer": v}
 *   last     {"event": "result", "answers": {...}, "result": {...with its explanation}}
 *
 * The file ends with a newline; anything else (a torn or cut file) is not a
 * transcript. Every write replaces the whole file atomically.
 *
 * Ownership: a transcript keeps its own copies of what it is given. */
#ifndef TRIAGE_TRANSCRIPT_H
#define TRIAGE_TRANSCRIPT_H

#include <jansson.h>
#include <stddef.h>

typedef struct engine engine;
typedef struct transcript transcript;

/* Starts a transcript of a session on e's rules, to be written to path
 * (nothing is written yet). case_id may be NULL. NULL when out of memory. */
transcript *transcript_new(const engine *e, const char *path, const json_t *case_id);

/* NULL is a no-op. */
void transcript_free(transcript *t);

/* Adds an event; answer may be NULL. Returns 0 or -1 (out of memory). */
int transcript_event(transcript *t, const char *event, const char *question, const json_t *answer);

/* Adds the final result line. */
int transcript_result(transcript *t, const json_t *answers, const json_t *result);

/* Writes everything so far to the path, atomically. 0, or -1 with errno. */
int transcript_write(transcript *t);

/* Reads and checks a transcript. On success returns 0 and sets *header,
 * *events (array) and *final (new references). On failure returns -1 and
 * writes "LINE: reason" (or the reason alone) into err. */
int transcript_read(const char *path, json_t **header, json_t **events, json_t **final,
                    char *err, size_t errlen);

/* transcript_read() of n bytes of text already in memory. */
int transcript_parse(const char *text, size_t n, json_t **header, json_t **events,
                     json_t **final, char *err, size_t errlen);

#endif
