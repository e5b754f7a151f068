/* source.c: a rule file's text read on its own (engine.h, engine_source):
 * scan.c's reading of it, lent out as engine_source_rule and
 * engine_source_def. No CLIPS call. */
#include "engine.h"
#include "scan.h"

#include <stdlib.h>

struct engine_source {
    scan_result sr;                 /* no rules or definitions when refused */
    int refused;
    engine_source_rule *rules;      /* one for each of sr.rules */
    engine_source_def *defs;        /* one for each of sr.defs */
};

static const char *const *strings(char **list)
{
    return (const char *const *)list;
}

engine_source *engine_source_new(const char *text, size_t len)
{
    engine_source *s = calloc(1, sizeof *s);
    if (!s)
        return NULL;
    if (scan_text(text, len, &s->sr) != 0) {
        s->refused = 1;
        scan_result_free(&s->sr);
        return s;
    }
    s->rules = calloc(s->sr.nrules ? s->sr.nrules : 1, sizeof *s->rules);
    s->defs = calloc(s->sr.ndefs ? s->sr.ndefs : 1, sizeof *s->defs);
    if (!s->rules || !s->defs) {
        engine_source_free(s);
        return NULL;
    }
    for (size_t i = 0; i < s->sr.nrules; i++) {
        const scan_rule *r = &s->sr.rules[i];
        s->rules[i] = (engine_source_rule){
            .name = r->name, .line = r->line,
            .uses = strings(r->uses), .nuses = r->nuses,
            .concludes = strings(r->concludes), .nconcludes = r->nconcludes,
            .values = strings(r->values), .nvalues = r->nvalues,
            .comparisons = strings(r->comparisons), .ncomparisons = r->ncomparisons,
        };
    }
    for (size_t i = 0; i < s->sr.ndefs; i++)
        s->defs[i] = (engine_source_def){ .ref = s->sr.defs[i].ref, .line = s->sr.defs[i].line };
    return s;
}

void engine_source_free(engine_source *s)
{
    if (!s)
        return;
    scan_result_free(&s->sr);
    free(s->rules);
    free(s->defs);
    free(s);
}

const char *engine_source_errmsg(const engine_source *s, int *line)
{
    if (line)
        *line = s->refused ? s->sr.err_line : 0;
    return s->refused ? s->sr.err : "";
}

size_t engine_source_rule_count(const engine_source *s)
{
    return s->sr.nrules;
}

const engine_source_rule *engine_source_rule_at(const engine_source *s, size_t i)
{
    return i < s->sr.nrules ? &s->rules[i] : NULL;
}

size_t engine_source_def_count(const engine_source *s)
{
    return s->sr.ndefs;
}

const engine_source_def *engine_source_def_at(const engine_source *s, size_t i)
{
    return i < s->sr.ndefs ? &s->defs[i] : NULL;
}
