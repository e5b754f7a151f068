/* transcript.c: writing and reading session transcripts. */
#include "transcript.h"
#include "atomic.h"
#include "engine.h"
#include "cli.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define TRANSCRIPT_MAX_BYTES (64L * 1024 * 1024)

struct transcript {
    char *path;
    json_t *lines;   /* array of objects, one per line */
};

transcript *transcript_new(const engine *e, const char *path, const json_t *case_id)
{
    transcript *t = calloc(1, sizeof *t);
    if (!t || !(t->path = strdup(path)) || !(t->lines = json_array())) {
        transcript_free(t);
        return NULL;
    }
    char created[32];
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(created, sizeof created, "%Y-%m-%dT%H:%M:%SZ", &tm);
    json_t *files = json_array();
    for (size_t i = 0; i < engine_file_count(e); i++) {
        const char *p = engine_file_path(e, i);
        const char *base = strrchr(p, '/') ? strrchr(p, '/') + 1 : p;
        json_array_append_new(files, json_pack("{s:s, s:s, s:s}", "file", base, "path", p,
                                               "sha256", engine_file_sha256(e, i)));
    }
    json_t *h = json_pack("{s:s, s:i, s:s, s:s, s:s, s:o, s:O}", "transcript", "triage",
                          "version", 1, "program", "triage " TRIAGE_VERSION, "created", created,
                          "rules_version", engine_rules_version(e), "rule_files", files, "case",
                          case_id ? case_id : json_null());
    if (!h || json_array_append_new(t->lines, h) != 0) {
        transcript_free(t);
        return NULL;
    }
    return t;
}

void transcript_free(transcript *t)
{
    if (!t)
        return;
    free(t->path);
    json_decref(t->lines);
    free(t);
}

int transcript_event(transcript *t, const char *event, const char *question, const json_t *answer)
{
    json_t *ev = json_pack("{s:s, s:s}", "event", event, "question", question);
    if (ev && answer)
        json_object_set_new(ev, "answer", json_deep_copy(answer));
    return ev ? json_array_append_new(t->lines, ev) : -1;
}

int transcript_result(transcript *t, const json_t *answers, const json_t *result)
{
    json_t *ev = json_pack("{s:s, s:O, s:O}", "event", "result", "answers", answers, "result",
                           result);
    return ev ? json_array_append_new(t->lines, ev) : -1;
}

int transcript_write(transcript *t)
{
    size_t len = 0, cap = 4096, i;
    char *buf = malloc(cap);
    json_t *line;
    int rc = buf ? 0 : -1;
    json_array_foreach(t->lines, i, line) {
        if (rc != 0)
            break;
        char *s = json_dumps(line, JSON_COMPACT | JSON_REAL_PRECISION(6));
        size_t n = s ? strlen(s) : 0;
        if (s && len + n + 2 > cap) {
            char *grown = realloc(buf, (len + n + 2) * 2);
            if (grown) {
                buf = grown;
                cap = (len + n + 2) * 2;
            }
        }
        if (!s || len + n + 2 > cap) {
            free(s);
            rc = -1;
            break;
        }
        memcpy(buf + len, s, n);
        len += n;
        buf[len++] = '\n';
        free(s);
    }
    if (rc == 0)
        rc = atomic_write(t->path, buf, len);
    else
        errno = ENOMEM;
    int saved = errno;
    free(buf);
    errno = saved;
    return rc;
}

static int bad(char *err, size_t errlen, long line, const char *what)
{
    if (line > 0)
        snprintf(err, errlen, "line %ld: %s", line, what);
    else
        snprintf(err, errlen, "%s", what);
    return -1;
}

static int check_event(const json_t *ev, long line, char *err, size_t errlen)
{
    static const char *const kinds[] = { "answer", "change", "pass", "back", "restart", NULL };
    const char *kind = json_string_value(json_object_get(ev, "event"));
    for (size_t i = 0; kinds[i]; i++)
        if (kind && strcmp(kind, kinds[i]) == 0) {
            if (!json_is_string(json_object_get(ev, "question")))
                return bad(err, errlen, line, "event without a question id");
            return 0;
        }
    return bad(err, errlen, line, "not a transcript event");
}

int transcript_read(const char *path, json_t **header, json_t **events, json_t **final,
                    char *err, size_t errlen)
{
    *header = *events = *final = NULL;
    FILE *f = fopen(path, "rb");
    if (!f) {
        snprintf(err, errlen, "cannot open: %s", strerror(errno));
        return -1;
    }
    size_t n = 0, cap = 0;
    char *text = NULL;
    int rc = 0;
    for (;;) {
        if (n == cap) {
            size_t grown = cap ? cap * 2 : 65536;
            char *p = cap > TRANSCRIPT_MAX_BYTES ? NULL : realloc(text, grown);
            if (!p) {
                rc = bad(err, errlen, 0, cap > TRANSCRIPT_MAX_BYTES
                                             ? "larger than 64 MiB: not a transcript"
                                             : "out of memory");
                break;
            }
            text = p;
            cap = grown;
        }
        size_t got = fread(text + n, 1, cap - n, f);
        n += got;
        if (got == 0) {
            if (ferror(f))
                rc = bad(err, errlen, 0, "cannot read the file");
            break;
        }
    }
    fclose(f);
    if (rc == 0)
        rc = transcript_parse(text, n, header, events, final, err, errlen);
    free(text);
    return rc;
}

int transcript_parse(const char *text, size_t n, json_t **header, json_t **events,
                     json_t **final, char *err, size_t errlen)
{
    *header = *events = *final = NULL;
    int rc = 0;
    long line = 0;
    size_t pos = 0;
    json_t *evs = json_array();
    json_t *head = NULL, *last = NULL;
    if (n == 0)
        rc = bad(err, errlen, 0, "empty file: not a transcript");
    else if (text[n - 1] != '\n')
        rc = bad(err, errlen, 0, "the file does not end with a newline: cut short or torn");
    while (rc == 0 && pos < n) {
        const char *nl = memchr(text + pos, '\n', n - pos);
        size_t len = (size_t)(nl - (text + pos));
        line++;
        json_error_t jerr;
        json_t *obj = json_loadb(text + pos, len, JSON_REJECT_DUPLICATES, &jerr);
        pos += len + 1;
        if (!obj || !json_is_object(obj)) {
            json_decref(obj);
            char what[300];
            snprintf(what, sizeof what, "not a JSON object%s%s", obj ? "" : ": ",
                     obj ? "" : jerr.text);
            rc = bad(err, errlen, line, what);
            break;
        }
        if (line == 1) {
            const char *magic = json_string_value(json_object_get(obj, "transcript"));
            if (!magic || strcmp(magic, "triage") != 0 ||
                json_integer_value(json_object_get(obj, "version")) != 1 ||
                !json_is_string(json_object_get(obj, "rules_version")) ||
                !json_is_array(json_object_get(obj, "rule_files"))) {
                json_decref(obj);
                rc = bad(err, errlen, line, "not a triage transcript header (version 1)");
                break;
            }
            head = obj;
            continue;
        }
        if (last) {
            json_decref(obj);
            rc = bad(err, errlen, line, "text after the result line");
            break;
        }
        const char *kind = json_string_value(json_object_get(obj, "event"));
        if (kind && strcmp(kind, "result") == 0) {
            if (!json_is_object(json_object_get(obj, "answers")) ||
                !json_is_object(json_object_get(obj, "result")) ||
                !json_is_string(json_object_get(json_object_get(obj, "result"), "disposition"))) {
                json_decref(obj);
                rc = bad(err, errlen, line, "a result line without answers or result");
                break;
            }
            last = obj;
            continue;
        }
        if (check_event(obj, line, err, errlen) != 0) {
            json_decref(obj);
            rc = -1;
            break;
        }
        json_array_append_new(evs, obj);
    }
    if (rc == 0 && !head)
        rc = bad(err, errlen, 0, "no header: not a transcript");
    if (rc == 0 && !last)
        rc = bad(err, errlen, line + 1, "no result line: the transcript is incomplete");
    if (rc != 0) {
        json_decref(head);
        json_decref(last);
        json_decref(evs);
        return -1;
    }
    *header = head;
    *events = evs;
    *final = last;
    return 0;
}
