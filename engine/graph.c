/* graph.c: questions about the loaded rules as a graph (engine.h): which
 * rules use or conclude a fact, and which lead to one; the id of a fact's
 * ref. Reads the rules' metadata only; no CLIPS call. */
#include "internal.h"

#include <stdio.h>
#include <string.h>

const char *engine_ref_id(const char *ref, const char *kind)
{
    size_t n = strlen(kind);
    return ref && strncmp(ref, kind, n) == 0 && ref[n] == ':' ? ref + n + 1 : NULL;
}

size_t engine_rules_using(const engine *e, const char *kind, const char *id, size_t *out,
                          size_t max)
{
    size_t n = 0;
    for (size_t i = 0; i < e->nrules; i++) {
        const engine_rule *r = &e->rules[i];
        for (size_t k = 0; k < r->nuses; k++)
            if (!strcmp(r->use_refs[k].kind, kind) && !strcmp(r->use_refs[k].id, id)) {
                if (n < max)
                    out[n] = i;
                n++;
                break;
            }
    }
    return n;
}

json_t *engine_rules_leading_to(const engine *e, json_t *refs)
{
    json_t *rules = json_object();
    if (!rules)
        return NULL;
    for (int grew = 1; grew;) {
        grew = 0;
        for (size_t i = 0; i < e->nrules; i++) {
            const engine_rule *r = &e->rules[i];
            int leads = 0;
            for (size_t k = 0; k < r->nconcludes && !leads; k++)
                leads = json_object_get(refs, r->concludes[k]) != NULL;
            if (!leads || json_object_get(rules, r->name))
                continue;
            json_object_set_new(rules, r->name, json_true());
            grew = 1;
            for (size_t u = 0; u < r->nuses; u++)
                if (!strchr(r->uses[u], '*'))
                    json_object_set_new(refs, r->uses[u], json_true());
        }
    }
    return rules;
}

json_t *engine_trigger_rules(const engine *e)
{
    json_t *refs = json_object();
    for (size_t i = 0; refs && i < e->ntriggers; i++) {
        char ref[256];
        snprintf(ref, sizeof ref, "trigger:%s", e->triggers[i].id);
        json_object_set_new(refs, ref, json_true());
    }
    json_t *rules = refs ? engine_rules_leading_to(e, refs) : NULL;
    json_decref(refs);
    return rules;
}
