/* bench_interview.c: time per answer in the interview (answering, running
 * the rules and choosing the next question), over generated cases. Prints
 * the median and the 99th percentile of the whole, the number of answers,
 * then the median and 99th percentile of its two parts: the answer with its
 * rules, and choosing the next question. usage: bench_interview N */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "engine.h"
#include "gen.h"
#include "interview.h"

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

static int cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
    long n = argc > 1 ? atol(argv[1]) : 1000;
    const char *dirs[] = { "rules" };
    engine *e = engine_new();
    if (!e || engine_load(e, dirs, 1) != 0)
        return 3;
    interview *iv = interview_new(e);
    gen_rng rng = { 99 };
    size_t cap = 1 << 20, k = 0;
    double *t = malloc(cap * sizeof *t), *ta = malloc(cap * sizeof *ta);
    double *tn = malloc(cap * sizeof *tn);
    for (long c = 0; c < n; c++) {
        json_t *answers = gen_answers(e, &rng);
        interview_restart(iv);
        const engine_question *q = interview_next(iv);
        while (q && k < cap) {
            const json_t *a = json_object_get(answers, q->id);
            double t0 = now();
            if (a)
                interview_answer(iv, q, a);
            else
                interview_pass(iv, q);
            double t1 = now();
            q = interview_next(iv);
            double t2 = now();
            t[k] = t2 - t0;
            ta[k] = t1 - t0;
            tn[k++] = t2 - t1;
        }
        json_decref(answers);
    }
    qsort(t, k, sizeof *t, cmp);
    qsort(ta, k, sizeof *ta, cmp);
    qsort(tn, k, sizeof *tn, cmp);
    printf("%.1f %.1f %zu %.1f %.1f %.1f %.1f\n", t[k / 2] * 1e6, t[k * 99 / 100] * 1e6, k,
           ta[k / 2] * 1e6, ta[k * 99 / 100] * 1e6, tn[k / 2] * 1e6, tn[k * 99 / 100] * 1e6);
    free(t);
    free(ta);
    free(tn);
    interview_free(iv);
    engine_free(e);
    return 0;
}
