/* gen.h: random cases drawn from the question definitions, for the property
 * test and the benchmark. Deterministic for a given seed. */
#ifndef TRIAGE_GEN_H
#define TRIAGE_GEN_H

#include <jansson.h>
#include <stdint.h>

typedef struct engine engine;

typedef struct gen_rng {
    uint64_t s;
} gen_rng;

/* Next pseudo-random number (xorshift64*); seed s must not be 0. */
uint64_t gen_next(gen_rng *r);

/* A random "answers" object: every question of e absent, "unknown" or a valid
 * value, red flags mostly "no". New reference. */
json_t *gen_answers(const engine *e, gen_rng *r);

#endif
