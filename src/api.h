/* api.h: the HTTP API of `triage serve`, as plain functions: a request
 * (method, path, body) in, a reply (status, content type, body) out. No
 * network here, so the handlers are tested and fuzzed directly; the server
 * (src/cmd/serve.c) only carries bytes. The API is stateless: every request
 * carries all it needs, so the same request always gets the same reply.
 *
 *   GET  /healthz            {"status": "ok"}
 *   GET  /v1/version         {"program", "rules_version", "policy", "rule_files":
 *                            [{"file", "sha256"}]} (what a transcript's header holds)
 *   GET  /v1/questions       the question definitions, checklists and dispositions
 *   GET  /v1/questionnaire   the same as a FHIR R4 Questionnaire
 *   POST /v1/triage          a case; the result exactly as triage batch writes it
 *                            (?detail=summary: as batch --detail summary writes it)
 *   POST /v1/next            {"answers", "asked_again", "asked_alone"}: the next
 *                            step, or the result when should_stop
 *   POST /v1/explain         {"case", "id"} or {"case", "why_not"}: triage explain's text
 *   GET  /, /app.js, /style.css   the web page (web/), built into the program
 *
 * Ownership: an api borrows its engine, which must outlive it and be used by
 * one thread at a time; a reply's body belongs to the reply until
 * api_reply_free(). */
#ifndef TRIAGE_API_H
#define TRIAGE_API_H

#include <stddef.h>

#include "engine.h"

#define API_MAX_BODY (64 * 1024)   /* bytes of a request body */

typedef struct api api;

typedef struct api_reply {
    int status;              /* HTTP status */
    const char *type;        /* content type (static) */
    char *body;              /* the body (malloc'd unless fixed) */
    size_t len;
    int fixed;               /* body is static data, not to be freed */
} api_reply;

/* An api on engine e (borrowed). NULL when out of memory. */
api *api_new(engine *e);

/* NULL is a no-op. */
void api_free(api *a);

/* Answers one request. path may carry a query ("?detail=summary"). Errors
 * are replies too: 400 malformed JSON, 404 no such path, 405 wrong method,
 * 413 body too large, 422 a case or answer the rules refuse (the body names
 * the field), 500 the rules failed; each with {"error": {"status",
 * "message", "field"?}}. */
void api_handle(api *a, const char *method, const char *path, const char *body, size_t len,
                api_reply *r);

/* Frees a reply's body. */
void api_reply_free(api_reply *r);

#endif
