/* bench_floor.c: the bare CLIPS floor for the benchmark: the same answers of
 * the same generated cases asserted into a CLIPS environment with the answer
 * template and no rules, reset and run each time. What no rule base on this
 * engine can beat. usage: bench_floor FILE (JSON lines) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <clips.h>
#include <jansson.h>

static void assert_answer(void *env, void *tmpl, const char *id, json_t *v)
{
    struct fact *f = EnvCreateFact(env, tmpl);
    DATA_OBJECT d;
    SetType(d, SYMBOL);
    SetValue(d, EnvAddSymbol(env, id));
    EnvPutFactSlot(env, f, "id", &d);
    size_t n = json_is_array(v) ? json_array_size(v) : 1;
    void *mf = EnvCreateMultifield(env, (long)n);
    for (size_t i = 0; i < n; i++) {
        json_t *x = json_is_array(v) ? json_array_get(v, i) : v;
        if (json_is_integer(x)) {
            SetMFType(mf, (long)i + 1, INTEGER);
            SetMFValue(mf, (long)i + 1, EnvAddLong(env, json_integer_value(x)));
        } else {
            SetMFType(mf, (long)i + 1, SYMBOL);
            SetMFValue(mf, (long)i + 1, EnvAddSymbol(env, json_is_string(x) ? json_string_value(x) : "nil"));
        }
    }
    SetType(d, MULTIFIELD);
    SetValue(d, mf);
    SetDOBegin(d, 1);
    SetDOEnd(d, (long)n);
    EnvPutFactSlot(env, f, "value", &d);
    EnvAssignFactSlotDefaults(env, f);
    EnvAssert(env, f);
}

int main(int argc, char **argv)
{
    if (argc < 2)
        return 2;
    void *env = CreateEnvironment();
    EnvBuild(env, "(deftemplate answer (slot id) (multislot value) (slot origin))");
    void *tmpl = EnvFindDeftemplate(env, "answer");
    FILE *f = fopen(argv[1], "r");
    if (!f)
        return 2;
    char *line = NULL;
    size_t cap = 0;
    long n = 0;
    struct timespec a, b;
    clock_gettime(CLOCK_MONOTONIC, &a);
    while (getline(&line, &cap, f) > 0) {
        json_t *c = json_loads(line, 0, NULL);
        EnvReset(env);
        const char *k;
        json_t *v;
        json_object_foreach(json_object_get(c, "answers"), k, v)
            assert_answer(env, tmpl, k, v);
        EnvRun(env, -1);
        json_decref(c);
        n++;
    }
    clock_gettime(CLOCK_MONOTONIC, &b);
    double s = (double)(b.tv_sec - a.tv_sec) + (double)(b.tv_nsec - a.tv_nsec) * 1e-9;
    printf("%.0f\n", (double)n / s);
    free(line);
    fclose(f);
    DestroyEnvironment(env);
    return 0;
}
