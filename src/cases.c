/* cases.c: evaluates one case of case-format.md on the engine. */
#include "cases.h"
#include "engine.h"
#include "lines.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

json_t *cases_error(const json_t *id, const char *field, const char *message)
{
    return json_pack("{s:O, s:{s:s?, s:s}}", "id", id ? id : json_null(), "error", "field",
                     field, "message", message);
}

const char *cases_error_text(const json_t *res, char *buf, size_t len)
{
    const json_t *er = json_object_get(res, "error");
    const char *field = json_string_value(json_object_get(er, "field"));
    const char *msg = json_string_value(json_object_get(er, "message"));
    snprintf(buf, len, "%s%s%s", field ? field : "", field ? ": " : "", msg ? msg : "");
    return buf;
}

int cases_run(engine *e, const json_t *c, json_t **error)
{
    *error = NULL;
    if (!json_is_object(c)) {
        *error = cases_error(NULL, NULL, "a case must be a JSON object");
        return -1;
    }
    const json_t *id = json_object_get(c, "id");
    const json_t *answers = json_object_get(c, "answers");
    if (answers && !json_is_object(answers)) {
        *error = cases_error(id, "answers", "\"answers\" must be an object of answer id to value");
        return -1;
    }
    const char *bad;
    if (engine_set_answers(e, answers, &bad) != 0) {
        *error = cases_error(id, bad, engine_errmsg(e));
        return -1;
    }
    if (engine_run(e) != 0) {
        *error = cases_error(id, NULL, engine_errmsg(e));
        return -1;
    }
    return 0;
}

char *cases_id_text(const json_t *c)
{
    const json_t *id = json_is_object(c) ? json_object_get(c, "id") : NULL;
    return json_dumps(id ? id : json_null(), JSON_COMPACT | JSON_ENCODE_ANY);
}

json_t *cases_evaluate(engine *e, const json_t *c, int *failed)
{
    json_t *error;
    *failed = 1;
    if (cases_run(e, c, &error) != 0)
        return error;
    char *id = cases_id_text(c);
    if (!id)
        return NULL;
    size_t len;
    const char *text = engine_result_text(e, id, &len);
    free(id);
    if (!text)
        return cases_error(json_object_get(c, "id"), NULL, engine_errmsg(e));
    json_t *res = json_loadb(text, len, 0, NULL);
    if (res)
        *failed = 0;
    return res;
}

json_t *cases_read_file(const char *path, char *err, size_t errlen)
{
    json_error_t jerr;
    json_t *one = json_load_file(path, JSON_REJECT_DUPLICATES, &jerr);
    if (json_is_object(one))
        return json_pack("[o]", one);
    json_decref(one);
    int fd = open(path, O_RDONLY);
    if (fd < 0) {
        snprintf(err, errlen, "%s: %s", path, strerror(errno));
        return NULL;
    }
    lines l;
    lines_init(&l, fd, CASES_MAX_LINE);
    json_t *all = json_array();
    char *line;
    size_t n;
    int rc;
    while (all && (rc = lines_next(&l, &line, &n)) != 0) {
        char msg[300] = "";
        json_t *c = NULL;
        if (rc == -2) {
            snprintf(err, errlen, "%s: %s", path, strerror(errno));
            json_decref(all);
            all = NULL;
            break;
        }
        if (rc == -1)
            snprintf(msg, sizeof msg, "line %ld: longer than %d bytes", l.lineno, CASES_MAX_LINE);
        else if (lines_blank(line, n))
            continue;
        else if (memchr(line, '\0', n))
            snprintf(msg, sizeof msg, "line %ld: invalid JSON: the line has a NUL byte in it",
                     l.lineno);
        else if (!(c = json_loadb(line, n, JSON_REJECT_DUPLICATES, &jerr)))
            snprintf(msg, sizeof msg, "line %ld: invalid JSON: %s", l.lineno, jerr.text);
        if (!c) {
            c = cases_error(NULL, NULL, msg);
            json_object_set_new(c, "line", json_integer(l.lineno));
        }
        json_array_append_new(all, c);
    }
    lines_free(&l);
    close(fd);
    return all;
}
