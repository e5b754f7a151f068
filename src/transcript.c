/* transcript.c: writing and reading session transcripts. */
#include "transcript.h"
#include "atomic.h"
#include "engine.h"
#include "version.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define TRANSCRIPT_MAX_BYTES (64L * 1024 * 1024)
#define TRANSCRIPT_VERSION 2

struct transcript {
    char *path;
    json_t *lines;   /* array of objects, one per line */
    char *typed;     /* the person's own words for the next answers, or NULL */
    char err[512];   /* why the last write failed */
};

/* The rule files of e, as the header and a rules event list them. */
static json_t *rule_files(const engine *e)
{
    json_t *files = json_array();
    for (size_t i = 0; files && i < engine_file_count(e); i++) {
        const char *p = engine_file_path(e, i);
        const char *base = strrchr(p, '/') ? strrchr(p, '/') + 1 : p;
        if (json_array_append_new(files, json_pack("{s:s, s:s, s:s}", "file", base, "path", p,
                                                   "sha256", engine_file_sha256(e, i))) != 0) {
            json_decref(files);
            return NULL;
        }
    }
    return files;
}

transcript *transcript_new(const engine *e, const char *path, const json_t *case_id)
{
    if (path && atomic_may_replace(path, ATOMIC_TRANSCRIPT, NULL, 0) != 0)
        return NULL;
    transcript *t = calloc(1, sizeof *t);
    if (!t || (path && !(t->path = strdup(path))) || !(t->lines = json_array())) {
        transcript_free(t);
        errno = ENOMEM;
        return NULL;
    }
    char created[32];
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(created, sizeof created, "%Y-%m-%dT%H:%M:%SZ", &tm);
    json_t *files = path ? rule_files(e) : json_array();   /* in memory: its events are what count */
    json_t *h = files ? json_pack("{s:s, s:i, s:s, s:s, s:s, s:o, s:O}", "transcript", "triage",
                                  "version", TRANSCRIPT_VERSION, "program",
                                  "triage " TRIAGE_VERSION, "created", created, "rules_version",
                                  engine_rules_version(e), "rule_files", files, "case",
                                  case_id ? case_id : json_null())
                      : NULL;
    if (!h || json_array_append_new(t->lines, h) != 0) {
        transcript_free(t);
        errno = ENOMEM;
        return NULL;
    }
    return t;
}

void transcript_free(transcript *t)
{
    if (!t)
        return;
    free(t->path);
    free(t->typed);
    json_decref(t->lines);
    free(t);
}

json_t *transcript_events(const transcript *t)
{
    json_t *events = json_array();
    for (size_t i = 1; events && i < json_array_size(t->lines); i++)
        if (json_array_append(events, json_array_get(t->lines, i)) != 0) {
            json_decref(events);
            return NULL;
        }
    return events;
}

int transcript_typed(transcript *t, const char *typed)
{
    free(t->typed);
    t->typed = typed ? strdup(typed) : NULL;
    return typed && !t->typed ? -1 : 0;
}

int transcript_event(transcript *t, const char *event, const char *question, const json_t *answer)
{
    json_t *ev = json_pack("{s:s, s:s}", "event", event, "question", question);
    if (ev && answer)
        json_object_set_new(ev, "answer", json_deep_copy(answer));
    if (ev && answer && t->typed)
        json_object_set_new(ev, "typed", json_string(t->typed));
    return ev ? json_array_append_new(t->lines, ev) : -1;
}

int transcript_rules(transcript *t, const engine *e, const json_t *answers)
{
    json_t *files = rule_files(e);
    json_t *ev = files ? json_pack("{s:s, s:s, s:o, s:o}", "event", "rules", "rules_version",
                                   engine_rules_version(e), "rule_files", files, "answers",
                                   answers ? json_deep_copy(answers) : json_object())
                       : NULL;
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
    if (!t->path)
        return 0;
    size_t len = 0, cap = 4096, i;
    char *buf = malloc(cap);
    json_t *line;
    int rc = buf ? 0 : -1;
    t->err[0] = '\0';
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
    if (rc == 0) {
        rc = atomic_replace(t->path, buf, len, ATOMIC_TRANSCRIPT, t->err, sizeof t->err);
    } else {
        snprintf(t->err, sizeof t->err, "cannot write %s: out of memory", t->path);
        errno = ENOMEM;
    }
    int saved = errno;
    free(buf);
    errno = saved;
    return rc;
}

const char *transcript_errmsg(const transcript *t)
{
    return t->err;
}

/* ---- reading ------------------------------------------------------------------------ */

static int bad(char *err, size_t errlen, long line, const char *what)
{
    if (line > 0)
        snprintf(err, errlen, "line %ld: %s", line, what);
    else
        snprintf(err, errlen, "%s", what);
    return -1;
}

static int is_kind(const char *kind, const char *const *kinds)
{
    for (size_t i = 0; kinds[i]; i++)
        if (kind && strcmp(kind, kinds[i]) == 0)
            return 1;
    return 0;
}

/* Checks one line after the header; 0, or -1 with err set. */
static int check_event(const json_t *ev, long line, char *err, size_t errlen)
{
    static const char *const with_answer[] = { "answer", "change", NULL };
    static const char *const with_question[] = { "pass", "back", "restart", NULL };
    const char *kind = json_string_value(json_object_get(ev, "event"));
    if (is_kind(kind, with_answer) || is_kind(kind, with_question)) {
        if (!json_is_string(json_object_get(ev, "question")))
            return bad(err, errlen, line, "event without a question id");
        if (is_kind(kind, with_answer) && !json_object_get(ev, "answer"))
            return bad(err, errlen, line, "an answer event without its answer");
        return 0;
    }
    if (kind && strcmp(kind, "rules") == 0) {
        if (!json_is_string(json_object_get(ev, "rules_version")) ||
            !json_is_array(json_object_get(ev, "rule_files")) ||
            !json_is_object(json_object_get(ev, "answers")))
            return bad(err, errlen, line, "a rules event without its rules or answers");
        return 0;
    }
    if (kind && strcmp(kind, "result") == 0) {
        if (!json_is_object(json_object_get(ev, "answers")) ||
            !json_is_object(json_object_get(ev, "result")) ||
            !json_is_string(json_object_get(json_object_get(ev, "result"), "disposition")))
            return bad(err, errlen, line, "a result line without answers or result");
        return 0;
    }
    return bad(err, errlen, line, "not a transcript event");
}

int transcript_read(const char *path, json_t **header, json_t **events, char *err, size_t errlen)
{
    *header = *events = NULL;
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
        rc = transcript_parse(text, n, header, events, err, errlen);
    free(text);
    return rc;
}

int transcript_parse(const char *text, size_t n, json_t **header, json_t **events, char *err,
                     size_t errlen)
{
    *header = *events = NULL;
    int rc = 0;
    long line = 0;
    size_t pos = 0;
    json_t *evs = json_array();
    json_t *head = NULL;
    if (n == 0) {
        rc = bad(err, errlen, 0, "empty file: not a transcript");
    } else if (text[n - 1] != '\n') {
        long last = 1;
        for (size_t i = 0; i + 1 < n; i++)
            last += text[i] == '\n';
        rc = bad(err, errlen, last, "cut short: the line does not end (the file was cut or torn)");
    }
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
            json_int_t version = json_integer_value(json_object_get(obj, "version"));
            if (!magic || strcmp(magic, "triage") != 0 || version < 1 ||
                version > TRANSCRIPT_VERSION ||
                !json_is_string(json_object_get(obj, "rules_version")) ||
                !json_is_array(json_object_get(obj, "rule_files"))) {
                json_decref(obj);
                rc = bad(err, errlen, line, "not a triage transcript header (versions 1 and 2)");
                break;
            }
            head = obj;
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
    if (rc != 0) {
        json_decref(head);
        json_decref(evs);
        return -1;
    }
    *header = head;
    *events = evs;
    return 0;
}

int transcript_finished(const json_t *events)
{
    size_t n = json_array_size(events);
    const char *kind = n ? json_string_value(json_object_get(json_array_get(events, n - 1),
                                                             "event"))
                         : NULL;
    return kind && strcmp(kind, "result") == 0;
}

json_t *transcript_answers(const json_t *events, size_t n)
{
    json_t *answers = json_object();
    json_t *undo = json_array();   /* per answer or pass: [question, value before or null] */
    for (size_t i = 0; i < n && i < json_array_size(events); i++) {
        const json_t *ev = json_array_get(events, i);
        const char *kind = json_string_value(json_object_get(ev, "event"));
        const char *q = json_string_value(json_object_get(ev, "question"));
        if (!kind)
            continue;
        if ((strcmp(kind, "answer") == 0 || strcmp(kind, "change") == 0) && q) {
            json_t *before = json_object_get(answers, q);
            json_array_append_new(undo, json_pack("[s, O]", q, before ? before : json_null()));
            json_object_set(answers, q, json_object_get(ev, "answer"));
        } else if (strcmp(kind, "pass") == 0 && q) {
            /* as the interview records it: undoing a pass forgets the question's answer */
            json_array_append_new(undo, json_pack("[s, n]", q));
        } else if (strcmp(kind, "back") == 0) {
            size_t k = json_array_size(undo);
            if (k == 0)
                continue;
            const json_t *u = json_array_get(undo, k - 1);
            const char *uq = json_string_value(json_array_get(u, 0));
            const json_t *before = json_array_get(u, 1);
            if (json_is_null(before))
                json_object_del(answers, uq);
            else
                json_object_set(answers, uq, (json_t *)before);
            json_array_remove(undo, k - 1);
        } else if (strcmp(kind, "restart") == 0) {
            json_object_clear(answers);
            json_array_clear(undo);
        } else if (strcmp(kind, "rules") == 0) {
            /* a reload keeps these answers, each as if answered afresh, in this order */
            json_object_clear(answers);
            json_array_clear(undo);
            const char *k;
            json_t *v;
            json_object_foreach(json_object_get(ev, "answers"), k, v) {
                json_object_set(answers, k, v);
                json_array_append_new(undo, json_pack("[s, n]", k));
            }
        }
    }
    json_decref(undo);
    return answers;
}
