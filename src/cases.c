/* cases.c: evaluates one case of case-format.md on the engine. */
#include "cases.h"
#include "engine.h"

#include <stdio.h>

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

json_t *cases_evaluate(engine *e, const json_t *c, int *failed)
{
    *failed = 1;
    if (!json_is_object(c))
        return cases_error(NULL, NULL, "a case must be a JSON object");
    const json_t *id = json_object_get(c, "id");
    const json_t *answers = json_object_get(c, "answers");
    if (answers && !json_is_object(answers))
        return cases_error(id, "answers", "\"answers\" must be an object of answer id to value");
    if (engine_reset(e) != 0)
        return cases_error(id, NULL, engine_errmsg(e));

    const char *key;
    json_t *value;
    json_object_foreach((json_t *)answers, key, value) {
        if (engine_answer(e, key, value) != 0)
            return cases_error(id, key, engine_errmsg(e));
    }
    if (engine_run(e) != 0)
        return cases_error(id, NULL, engine_errmsg(e));
    json_t *body = engine_result(e);
    if (!body)
        return cases_error(id, NULL, engine_errmsg(e));
    json_t *res = json_pack("{s:O}", "id", id ? id : json_null());
    if (!res || json_object_update(res, body) != 0) {
        json_decref(res);
        json_decref(body);
        return NULL;
    }
    json_decref(body);
    *failed = 0;
    return res;
}
