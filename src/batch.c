/* batch.c: `triage batch`: cases as JSON lines in, results as JSON lines out,
 * streamed one line at a time so memory stays flat whatever the input size. */
#include "cases.h"
#include "engine.h"
#include "text.h"
#include "transcript.h"
#include "triage.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BATCH_MAX_LINE (1024 * 1024)

static const char batch_usage[] =
    "usage: triage batch [--rules DIR]... [--format json|text] [--transcripts DIR]\n"
    "                    [FILE|-]\n"
    "\n"
    "Reads cases, one JSON object a line (see case-format.md), from FILE or\n"
    "standard input, and writes one result a line, in input order. A case with\n"
    "a bad answer gives {\"id\": ..., \"error\": {\"field\": ..., \"message\": ...}}\n"
    "and the other cases go on. Lines longer than 1 MiB are rejected.\n"
    "\n"
    "  --format json   one JSON result a line (the default)\n"
    "  --format text   each result for a person: what to do first, why, the\n"
    "                  plan and when to seek help\n"
    "  --rules DIR     load the rules from DIR (repeatable)\n"
    "  --transcripts DIR\n"
    "                  write each evaluated case's transcript to DIR/ID.jsonl\n"
    "                  (for triage audit)\n"
    "\n"
    "Exit status: 0 every case evaluated, 1 a case was in error, 2 usage error,\n"
    "3 the rules failed to load.\n";

typedef struct line_reader {
    FILE *f;
    char *buf;
    size_t cap;
    long lineno;
} line_reader;

/* Reads the next line without its newline. Returns 1 with *len set, 0 at end
 * of input, -1 for a line over BATCH_MAX_LINE (its rest is skipped), -2 on a
 * read error or when out of memory. */
static int read_line(line_reader *lr, size_t *len)
{
    size_t n = 0;
    int c, over = 0;
    while ((c = getc_unlocked(lr->f)) != EOF && c != '\n') {
        if (over)
            continue;
        if (n == BATCH_MAX_LINE) {
            over = 1;
            continue;
        }
        if (n + 1 >= lr->cap) {
            size_t cap = lr->cap ? lr->cap * 2 : 4096;
            char *p = realloc(lr->buf, cap);
            if (!p)
                return -2;
            lr->buf = p;
            lr->cap = cap;
        }
        lr->buf[n++] = (char)c;
    }
    if (c == EOF && ferror(lr->f))
        return -2;
    if (c == EOF && n == 0 && !over)
        return 0;
    lr->lineno++;
    if (over)
        return -1;
    lr->buf[n] = '\0';
    *len = n;
    return 1;
}

static int is_blank(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r')
            return 0;
    return 1;
}

static int emit(json_t *res, int text, int *first)
{
    if (!res)
        return -1;
    if (text) {
        if (!*first)
            fputs("\n", stdout);
        text_result(stdout, res, text_width());
    } else {
        char *s = json_dumps(res, JSON_COMPACT | JSON_REAL_PRECISION(6));
        if (!s) {
            json_decref(res);
            return -1;
        }
        fputs(s, stdout);
        fputc('\n', stdout);
        free(s);
    }
    *first = 0;
    json_decref(res);
    return 0;
}

/* Evaluates case c and writes its JSON result line straight from the
 * engine's text. Returns 0 when written; otherwise -1 with *res set to the
 * error result to emit (NULL when out of memory). */
static int emit_direct(engine *e, const json_t *c, json_t **res, int *failed)
{
    *failed = 1;
    if (cases_run(e, c, res) != 0)
        return -1;
    char *id = cases_id_text(c);
    size_t len;
    const char *text = id ? engine_result_text(e, id, &len) : NULL;
    free(id);
    if (!text) {
        *res = id ? cases_error(json_object_get(c, "id"), NULL, engine_errmsg(e)) : NULL;
        return -1;
    }
    fwrite(text, 1, len, stdout);
    fputc('\n', stdout);
    *failed = 0;
    return 0;
}

/* Writes the transcript of an evaluated case c with result res into dir, named
 * after the case id (made safe for a file name), or its line number. */
static int write_transcript(engine *e, const char *dir, json_t *written, const json_t *c,
                            const json_t *res, long lineno)
{
    char name[160], path[4352];
    const json_t *id = json_object_get(c, "id");
    if (json_is_string(id) && json_string_length(id) > 0) {
        snprintf(name, sizeof name, "%s", json_string_value(id));
        for (char *p = name; *p; p++)
            if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
                  (*p >= '0' && *p <= '9') || *p == '-' || *p == '_' || *p == '.'))
                *p = '_';
        if (name[0] == '.')
            name[0] = '_';
    } else if (json_is_integer(id)) {
        snprintf(name, sizeof name, "%lld", (long long)json_integer_value(id));
    } else {
        snprintf(name, sizeof name, "line-%ld", lineno);
    }
    if (json_object_get(written, name))
        snprintf(name + strlen(name), sizeof name - strlen(name), "-line-%ld", lineno);
    json_object_set_new(written, name, json_true());
    snprintf(path, sizeof path, "%s/%s.jsonl", dir, name);
    transcript *t = transcript_new(e, path, id);
    int rc = t ? 0 : -1;
    const char *k;
    json_t *v;
    json_object_foreach(json_object_get(c, "answers"), k, v)
        if (rc == 0)
            rc = transcript_event(t, "answer", k, v);
    json_t *body = json_deep_copy(res), *none = json_object();
    json_object_del(body, "id");
    const json_t *answers = json_object_get(c, "answers");
    if (rc == 0)
        rc = transcript_result(t, answers ? answers : none, body);
    json_decref(body);
    json_decref(none);
    if (rc == 0)
        rc = transcript_write(t);
    if (rc != 0)
        triage_error("%s: cannot write the transcript: %s", path, strerror(errno));
    transcript_free(t);
    return rc;
}

static json_t *line_error(long lineno, const char *what)
{
    char msg[256];
    snprintf(msg, sizeof msg, "line %ld: %s", lineno, what);
    json_t *res = cases_error(NULL, NULL, msg);
    if (res)
        json_object_set_new(res, "line", json_integer(lineno));
    return res;
}

int batch_main(int argc, char **argv)
{
    rules_dirs rd = { .n = 0 };
    const char *path = NULL, *tdir = NULL;
    int text = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *v;
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            fputs(batch_usage, stdout);
            return TRIAGE_OK;
        } else if (triage_rules_option(argc, argv, &i, &rd)) {
            if (rd.bad)
                return TRIAGE_USAGE;
        } else if (triage_option(argc, argv, &i, "--transcripts", &tdir)) {
            if (!tdir)
                return TRIAGE_USAGE;
        } else if (triage_option(argc, argv, &i, "--format", &v)) {
            if (v && strcmp(v, "json") == 0) {
                text = 0;
            } else if (v && strcmp(v, "text") == 0) {
                text = 1;
            } else {
                triage_error("--format takes json or text");
                return TRIAGE_USAGE;
            }
        } else if (a[0] == '-' && a[1] != '\0') {
            triage_error("unknown option '%s' (try 'triage batch --help')", a);
            return TRIAGE_USAGE;
        } else if (path) {
            triage_error("batch takes one input file");
            return TRIAGE_USAGE;
        } else {
            path = a;
        }
    }

    FILE *in = stdin;
    if (path && strcmp(path, "-") != 0) {
        in = fopen(path, "r");
        if (!in) {
            triage_error("%s: %s", path, strerror(errno));
            return TRIAGE_USAGE;
        }
    }
    engine *e = triage_open_engine(&rd);
    if (!e) {
        if (in != stdin)
            fclose(in);
        return TRIAGE_NO_RULES;
    }

    json_t *written = json_object();
    line_reader lr = { in, NULL, 0, 0 };
    int any_failed = 0, first = 1, rc;
    size_t len;
    while ((rc = read_line(&lr, &len)) != 0) {
        json_t *res;
        int failed = 1;
        if (rc == -2) {
            triage_error("%s: cannot read: %s", path ? path : "stdin", strerror(errno));
            any_failed = 1;
            break;
        }
        if (rc == -1) {
            res = line_error(lr.lineno, "line longer than 1 MiB");
        } else if (is_blank(lr.buf, len)) {
            continue;
        } else {
            json_error_t jerr;
            json_t *c = json_loadb(lr.buf, len, JSON_REJECT_DUPLICATES, &jerr);
            if (!c) {
                char what[300];
                snprintf(what, sizeof what, "invalid JSON: %s", jerr.text);
                res = line_error(lr.lineno, what);
            } else if (!text && !tdir) {
                int rc2 = emit_direct(e, c, &res, &failed);
                json_decref(c);
                if (rc2 == 0) {
                    any_failed |= failed;
                    continue;
                }
            } else {
                res = cases_evaluate(e, c, &failed);
                if (tdir && !failed && res &&
                    write_transcript(e, tdir, written, c, res, lr.lineno) != 0)
                    failed = 1;
                json_decref(c);
            }
        }
        any_failed |= failed;
        if (emit(res, text, &first) != 0) {
            triage_error("out of memory");
            any_failed = 1;
            break;
        }
    }
    free(lr.buf);
    json_decref(written);
    if (in != stdin)
        fclose(in);
    engine_free(e);
    if (fflush(stdout) != 0 || ferror(stdout)) {
        triage_error("cannot write the results: %s", strerror(errno));
        return TRIAGE_FAILED;
    }
    return any_failed ? TRIAGE_FAILED : TRIAGE_OK;
}
