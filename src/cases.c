/* cases.c: evaluates one case of case-format.md on the engine. */
#include "cases.h"
#include "engine.h"

#include <stdio.h>
#include <stdlib.h>

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
