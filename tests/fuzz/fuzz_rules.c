/* fuzz_rules.c: the rule loader on any bytes as a rule file, loaded over the
 * shipped schema with the forbidden functions removed as in production. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char schema[64], overlay[64], file[96];
static engine *eng;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    snprintf(schema, sizeof schema, "/tmp/triage-fuzz-schema-XXXXXX");
    snprintf(overlay, sizeof overlay, "/tmp/triage-fuzz-rules-XXXXXX");
    if (!mkdtemp(schema) || !mkdtemp(overlay))
        abort();
    char cmd[256];
    snprintf(cmd, sizeof cmd, "cp rules/00-schema.clp rules/01-dispositions.clp '%s'/", schema);
    if (system(cmd) != 0)
        abort();
    snprintf(file, sizeof file, "%s/90-fuzz.clp", overlay);
    eng = engine_new();
    return eng ? 0 : -1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    FILE *f = fopen(file, "wb");
    if (!f)
        abort();
    fwrite(data, 1, size, f);
    fclose(f);
    const char *dirs[] = { schema, overlay };
    if (engine_load(eng, dirs, 2) == 0 && engine_reset(eng) == 0) {
        engine_run(eng);
        json_decref(engine_result(eng));
    }
    return 0;
}
