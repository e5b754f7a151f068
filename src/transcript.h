/* transcript.h: a session's transcript, JSON lines, for the auditor.
 *
 *   line 1   the header:
 *            {"transcript": "triage", "version": 2, "program": ..., "created": ...,
 *             "rules_version": ..., "rule_files": [{"file": ..., "path": ..., "sha256": ...}],
 *             "case": id or null}
 *   then     one line per event, in the order they happened, never rewritten:
 *            {"event": "answer", "question": id, "answer": v, "typed": words}
 *                                                                a question answered (typed: what
 *                                                                the person typed, when they did)
 *            {"event": "change", "question": id, "answer": v}   an answer given again
 *            {"event": "pass", "question": id}                   asked, left unanswered
 *            {"event": "back", "question": id}                   the last answer or pass undone
 *            {"event": "restart", "question": ""}                every answer forgotten
 *            {"event": "rules", "rules_version": ..., "rule_files": [...],
 *             "answers": {...}}                                  rules reloaded; the answers kept
 *            {"event": "result", "answers": {...}, "result": {...}}
 *                                                                a result shown, with the answers
 *                                                                it came from and its derivation
 *
 * A session may show several results, and go on after one (more answers, a
 * change, back, restart). It is finished when its last line is a result (the
 * last result is what the person was left with); otherwise it is unfinished
 * (left before a result, or after changing something since the last one:
 * quit, Ctrl-C, Ctrl-D, a closed terminal), and a header alone is a session
 * left before the first answer. Version 1 files (written before the rules
 * event existed) are read by the same rules.
 *
 * The file ends with a newline; a file cut inside a line, a line that is not
 * one of the above, or a first line that is not a header is not a transcript.
 * Every write replaces the whole file atomically, and never replaces a file
 * that is not a transcript (see atomic.h).
 *
 * Ownership: a transcript keeps its own copies of what it is given; what the
 * readers return belongs to the caller. */
#ifndef TRIAGE_TRANSCRIPT_H
#define TRIAGE_TRANSCRIPT_H

#include <jansson.h>
#include <stddef.h>

typedef struct engine engine;
typedef struct transcript transcript;

/* Starts a transcript of a session on e's rules, to be written to path
 * (nothing is written yet), or kept in memory only when path is NULL (for
 * transcript_events(); its header then lists no rule files). case_id may be NULL. NULL when out of memory, or
 * with errno EEXIST when something that is not a transcript is at path
 * (atomic_may_replace() says why in words). */
transcript *transcript_new(const engine *e, const char *path, const json_t *case_id);

/* NULL is a no-op. */
void transcript_free(transcript *t);

/* Adds an event; answer may be NULL. Returns 0 or -1 (out of memory). */
int transcript_event(transcript *t, const char *event, const char *question, const json_t *answer);

/* The words the person typed, kept with every answer and change event from
 * now on (NULL: none) until set again. 0, or -1 out of memory. */
int transcript_typed(transcript *t, const char *typed);

/* Adds a "rules" event: the session now runs on e's rules (after a reload),
 * with answers (an "answers" object, borrowed) kept from before. */
int transcript_rules(transcript *t, const engine *e, const json_t *answers);

/* Adds a result line: a result shown, and the answers it came from. */
int transcript_result(transcript *t, const json_t *answers, const json_t *result);

/* The events so far (every line after the header), as a new array. NULL
 * when out of memory. */
json_t *transcript_events(const transcript *t);

/* Writes everything so far to the path, atomically (nothing, and 0, for a
 * transcript kept in memory). 0, or -1 with errno
 * (EEXIST: a file that is not a transcript is at the path) and the reason in
 * transcript_errmsg(). */
int transcript_write(transcript *t);

/* Why the last transcript_write() failed, "" when it did not. */
const char *transcript_errmsg(const transcript *t);

/* Reads and checks a transcript. On success returns 0 and sets *header and
 * *events (every line after the header, results included, in order: event
 * i is line i + 2; new references). On failure returns -1 and writes "line N: reason" (or the
 * reason alone) into err. */
int transcript_read(const char *path, json_t **header, json_t **events, char *err, size_t errlen);

/* transcript_read() of n bytes of text already in memory. */
int transcript_parse(const char *text, size_t n, json_t **header, json_t **events, char *err,
                     size_t errlen);

/* Whether the session ended with a result (its last event is one). */
int transcript_finished(const json_t *events);

/* The answers after the first n events, as the shell held them: answers and
 * changes set, back undoes the last answer or pass, restart forgets all, a
 * rules event sets those it kept. New reference. */
json_t *transcript_answers(const json_t *events, size_t n);

#endif
