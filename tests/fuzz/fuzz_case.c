/* fuzz_case.c: the batch input path: any bytes as triage batch input, read
 * as lines (a short line limit, so that over-long lines come up too), each
 * parsed and evaluated, and each result written as text that must parse back
 * as JSON. */
#define _GNU_SOURCE
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include <jansson.h>

#include "cases.h"
#include "engine.h"
#include "lines.h"

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

static void evaluate(const char *line, size_t len)
{
    json_t *c = json_loadb(line, len, JSON_REJECT_DUPLICATES, NULL);
    if (!c)
        return;
    json_t *error = NULL;
    if (cases_run(eng, c, &error) == 0) {
        char *id = cases_id_text(c);
        size_t n;
        const char *text = id ? engine_result_text(eng, id, &n) : NULL;
        if (!text)
            abort();
        json_t *back = json_loadb(text, n, 0, NULL);
        if (!back)
            abort();   /* the result must be JSON */
        json_decref(back);
        free(id);
    } else if (!error) {
        abort();
    }
    json_decref(error);
    json_decref(c);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    int fd = memfd_create("fuzz-case", MFD_CLOEXEC);
    if (fd < 0)
        abort();
    size_t done = 0;
    while (done < size) {
        ssize_t k = write(fd, data + done, size - done);
        if (k <= 0)
            abort();
        done += (size_t)k;
    }
    lseek(fd, 0, SEEK_SET);
    lines l;
    lines_init(&l, fd, 4096);
    char *line;
    size_t len;
    int got;
    while ((got = lines_next(&l, &line, &len)) != 0) {
        if (got == -2)
            abort();
        if (got == 1)
            evaluate(line, len);
    }
    lines_free(&l);
    close(fd);
    return 0;
}
