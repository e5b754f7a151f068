/* fuzz_shell.c: the shell's line and command handling: any bytes as the
 * lines a person or a script types, in --safe mode (no file is written). */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "engine.h"
#include "cli.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static engine *eng;
static const char *dirs[] = { "rules" };

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    if (!freopen("/dev/null", "w", stdout))
        abort();
    eng = engine_new();
    if (!eng || engine_load(eng, dirs, 1) != 0)
        abort();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    FILE *in = size ? fmemopen((void *)data, size, "r") : NULL;
    if (!in)
        return 0;
    shell_run(&eng, dirs, 1, in, NULL, 1);
    fclose(in);
    return 0;
}
