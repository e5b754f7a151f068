/* fuzz_case.c: the case parser and validator: any bytes as one line of
 * triage batch input, parsed and evaluated. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <jansson.h>

#include "cases.h"
#include "engine.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static engine *eng;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    const char *dirs[] = { "rules" };
    eng = engine_new();
    if (!eng || engine_load(eng, dirs, 1) != 0)
        abort();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    json_t *c = json_loadb((const char *)data, size, JSON_REJECT_DUPLICATES, NULL);
    if (!c)
        return 0;
    int failed;
    json_t *res = cases_evaluate(eng, c, &failed);
    if (!res)
        abort();
    char *s = json_dumps(res, JSON_COMPACT);
    free(s);
    json_decref(res);
    json_decref(c);
    return 0;
}
