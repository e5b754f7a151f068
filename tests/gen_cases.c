/* gen_cases.c: writes N random cases (JSON lines) for the benchmark.
 * usage: gen_cases N [SEED] */
#include <stdio.h>
#include <stdlib.h>

#include "engine.h"
#include "gen.h"

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: gen_cases N [SEED]\n");
        return 2;
    }
    long n = atol(argv[1]);
    gen_rng rng = { argc > 2 ? strtoull(argv[2], NULL, 0) : 42 };
    const char *dirs[] = { "rules" };
    engine *e = engine_new();
    if (!e || engine_load(e, dirs, 1) != 0) {
        fprintf(stderr, "gen_cases: %s\n", e ? engine_errmsg(e) : "out of memory");
        return 3;
    }
    for (long i = 0; i < n; i++) {
        json_t *c = json_pack("{s:I, s:o}", "id", (json_int_t)i, "answers", gen_answers(e, &rng));
        char *s = json_dumps(c, JSON_COMPACT);
        puts(s);
        free(s);
        json_decref(c);
    }
    engine_free(e);
    return 0;
}
