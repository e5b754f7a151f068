/* fuzz_api.c: the HTTP API's request handlers (api_handle), as the server
 * calls them: any bytes as a request, read as a method line, a path line
 * and the body (the rest, NUL bytes and all). Every reply must be a known
 * status with a body; every JSON reply must parse; an error reply must say
 * its status; the page's files are served only to GET and HEAD. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "api.h"
#include "engine.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static engine *eng;
static api *handler;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    const char *dirs[] = { "rules" };
    eng = engine_new();
    if (!eng || engine_load(eng, dirs, 1) != 0)
        abort();
    handler = api_new(eng);
    if (!handler)
        abort();
    return 0;
}

/* The next line of data (without its newline) as a C string of at most
 * cap - 1 bytes; *pos moves past it. */
static void line(const uint8_t *data, size_t size, size_t *pos, char *out, size_t cap)
{
    size_t n = 0;
    while (*pos < size && data[*pos] != '\n') {
        if (n + 1 < cap && data[*pos] != '\0')
            out[n++] = (char)data[*pos];
        (*pos)++;
    }
    if (*pos < size)
        (*pos)++;
    out[n] = '\0';
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char method[16], path[2048];
    size_t pos = 0;
    line(data, size, &pos, method, sizeof method);
    line(data, size, &pos, path, sizeof path);
    /* the body exactly as it came, in its own allocation (overreads show) */
    size_t len = size - pos;
    char *body = malloc(len ? len : 1);
    if (!body)
        return 0;
    memcpy(body, data + pos, len);
    api_reply r;
    api_handle(handler, method, path, body, len, &r);
    static const int statuses[] = { 200, 400, 404, 405, 413, 422, 500 };
    int known = 0;
    for (size_t i = 0; i < sizeof statuses / sizeof *statuses; i++)
        known |= r.status == statuses[i];
    if (!known || !r.type || (!r.body && r.len))
        abort();
    if (!strcmp(r.type, "application/json")) {
        json_error_t err;
        json_t *v = json_loadb(r.body, r.len, 0, &err);
        if (!json_is_object(v))
            abort();   /* every JSON reply is an object */
        const json_t *e = json_object_get(v, "error");
        if (r.status >= 400 && r.status != 422 && !json_is_integer(json_object_get(e, "status")))
            abort();   /* an error says its status (422 of /v1/triage is batch's error line) */
        if (r.status >= 400 && !json_is_string(json_object_get(e, "message")))
            abort();
        json_decref(v);
    } else if (r.status != 200 || (strcmp(method, "GET") && strcmp(method, "HEAD"))) {
        abort();   /* a page file only as a 200 to GET or HEAD */
    }
    api_reply_free(&r);
    free(body);
    return 0;
}
