/* diff.c: `triage diff`: how a rule change moves a whole set of cases.
 *
 * Every case is run under the old and the new rules; a case whose
 * disposition, triggers or plan differ is listed under its transition
 * (one disposition -> another), less urgent transitions first, each with the rules
 * responsible. Answers the old rules do not define (a question added since)
 * are left out for them. */
#include "cases.h"
#include "diff.h"
#include "engine.h"
#include "cli.h"
#include "vignette.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char diff_usage[] =
    "usage: triage diff --old DIR... [--new DIR...] [--generated N] [--seed S] [FILE|DIR]...\n"
    "\n"
    "Runs a set of cases under two rule sets and prints, grouped by transition\n"
    "(the disposition before -> after: 12 cases), every case whose disposition,\n"
    "triggers or plan changed, with the rule behind each change. Less urgent\n"
    "transitions come first. Cases come from FILE or DIR (JSON lines as batch\n"
    "reads, or vignettes); without any, from the project's tests/cases and\n"
    "tests/vignettes (beside the program) plus N generated ones (--generated,\n"
    "default 2000; 0 for none). Answers the old rules do not define are left\n"
    "out for them.\n"
    "\n"
    "  --old DIR        the rules before the change (repeatable, in load order);\n"
    "                   loaded as they are, lint's checks are not applied\n"
    "  --new DIR        the rules after it (repeatable; default: the rules\n"
    "                   triage would load), which must pass lint\n"
    "  --generated N    also run N cases generated from the new rules' questions\n"
    "  --seed S         the generator's seed (default 1)\n"
    "\n"
    "Exit status: 0 no case became less urgent, 1 some case did, 2 usage error\n"
    "or an unreadable case file, 3 either rule set failed to load.\n";

typedef struct rng {
    uint64_t s;
} rng;

static uint64_t next(rng *r)
{
    r->s ^= r->s >> 12;
    r->s ^= r->s << 25;
    r->s ^= r->s >> 27;
    return r->s * 2685821657736338717ULL;
}

/* Every comparison constant the rules of e make on question id. */
static void boundaries(const engine *e, const char *id, json_t *out)
{
    size_t n = strlen(id);
    for (size_t i = 0; i < engine_rule_count(e); i++) {
        const engine_rule *r = engine_rule_at(e, i);
        for (size_t k = 0; k < r->ncomparisons; k++) {
            char op[8];
            long long v;
            if (!strncmp(r->comparisons[k], id, n) && r->comparisons[k][n] == ':' &&
                sscanf(r->comparisons[k] + n + 1, "%7[^:]:%lld", op, &v) == 2)
                for (long long d = -1; d <= 1; d++)
                    json_array_append_new(out, json_integer(v + d));
        }
    }
}

/* A random case over e's questions, like most people's: yes/no answers no
 * or unanswered but for up to three yes (or not sure), other questions a
 * third unanswered, numbers near the rules' boundaries or anywhere in range. */
static json_t *generated(const engine *e, rng *g, long n)
{
    json_t *answers = json_object();
    for (size_t i = 0; i < engine_question_count(e); i++) {
        const engine_question *q = engine_question_at(e, i);
        uint64_t x = next(g);
        json_t *v = NULL;
        if (q->type == ENGINE_YESNO) {
            if (x % 5)
                json_object_set_new(answers, q->id, json_string("no"));
            continue;
        }
        if (x % 3 == 0)
            continue;
        x = next(g);
        switch (q->type) {
        case ENGINE_YESNO:
            break;
        case ENGINE_INTEGER: {
            json_t *b = json_array();
            boundaries(e, q->id, b);
            long long val = q->min + (long long)(x % (uint64_t)(q->max - q->min + 1));
            if (json_array_size(b) && x % 2)
                val = json_integer_value(json_array_get(b, (x >> 8) % json_array_size(b)));
            json_decref(b);
            if (val >= q->min && val <= q->max)
                v = json_integer(val);
            break;
        }
        case ENGINE_CHOICE:
            v = json_string(q->values[x % q->nvalues]);
            break;
        case ENGINE_MULTI:
            v = json_array();
            for (size_t k = 0; k < q->nvalues; k++)
                if ((x >> k) % 4 == 0)
                    json_array_append_new(v, json_string(q->values[k]));
            if (!json_array_size(v))
                json_array_append_new(v, json_string(q->values[(x >> 20) % q->nvalues]));
            break;
        }
        if (v)
            json_object_set_new(answers, q->id, v);
    }
    for (uint64_t k = next(g) % 4; k > 0 && engine_question_count(e); k--) {
        const engine_question *q = engine_question_at(e, next(g) % engine_question_count(e));
        if (q->type == ENGINE_YESNO)
            json_object_set_new(answers, q->id, json_string(next(g) % 5 ? "yes" : "unknown"));
    }
    char id[64];
    snprintf(id, sizeof id, "generated-%ld", n);
    return json_pack("{s:s, s:o}", "id", id, "answers", answers);
}

/* The answers of c that e defines and accepts; *dropped counts the others. */
static json_t *answers_for(engine *e, const json_t *answers, size_t *dropped)
{
    json_t *out = json_object();
    const char *k;
    json_t *v;
    json_object_foreach((json_t *)answers, k, v) {
        if (engine_question_find(e, k) && engine_answer(e, k, v) == 0)
            json_object_set(out, k, v);
        else
            (*dropped)++;
    }
    return out;
}

static json_t *evaluate(engine *e, const json_t *c, size_t *dropped)
{
    json_t *answers = answers_for(e, json_object_get(c, "answers"), dropped);
    json_t *one = json_pack("{s:O?, s:o}", "id", json_object_get(c, "id"), "answers", answers);
    int failed;
    json_t *res = cases_evaluate(e, one, &failed);
    json_decref(one);
    if (res && failed) {
        json_decref(res);
        return NULL;
    }
    return res;
}

/* The ids of a result's list (triggers: strings; recommendations: objects). */
static json_t *ids(const json_t *res, const char *key)
{
    json_t *out = json_object();
    size_t i;
    json_t *x;
    json_array_foreach(json_object_get(res, key), i, x) {
        const char *id = json_is_string(x) ? json_string_value(x)
                                           : json_string_value(json_object_get(x, "id"));
        if (id)
            json_object_set_new(out, id, json_true());
    }
    return out;
}

/* The rule of res's explanation that concluded "what: id", or "?". */
static const char *rule_for(const json_t *res, const char *what, const char *id)
{
    char want[256];
    snprintf(want, sizeof want, "%s: %s", what, id);
    size_t n = strlen(want), i, j;
    json_t *s, *c;
    json_array_foreach(json_object_get(res, "explanation"), i, s)
        json_array_foreach(json_object_get(s, "concluded"), j, c) {
            const char *t = json_string_value(c);
            if (t && !strncmp(t, want, n) && (t[n] == '\0' || t[n] == ' '))
                return json_string_value(json_object_get(s, "rule"));
        }
    return "?";
}

/* Lines saying what of key ("triggers", "recommendations") appears or goes. */
static void changed_ids(json_t *lines, const json_t *old, const json_t *now, const char *key,
                        const char *what, const char *label)
{
    json_t *a = ids(old, key), *b = ids(now, key);
    const char *id;
    json_t *v;
    char line[512];
    json_object_foreach(b, id, v)
        if (!json_object_get(a, id)) {
            snprintf(line, sizeof line, "%s %s appears (rule %s)", label, id,
                     rule_for(now, what, id));
            json_array_append_new(lines, json_string(line));
        }
    json_object_foreach(a, id, v)
        if (!json_object_get(b, id)) {
            snprintf(line, sizeof line, "%s %s goes (was rule %s)", label, id,
                     rule_for(old, what, id));
            json_array_append_new(lines, json_string(line));
        }
    json_decref(a);
    json_decref(b);
}

typedef struct diff_run {
    engine *old, *now;
    json_t *groups;        /* "old -> new" -> {"rank": change, "cases": [...]} */
    long cases, changed, lowered, skipped;
    size_t dropped;
} diff_run;

static void compare(diff_run *d, const json_t *c)
{
    json_t *a = evaluate(d->old, c, &d->dropped), *b = evaluate(d->now, c, &d->dropped);
    if (!a || !b) {
        d->skipped++;
        json_decref(a);
        json_decref(b);
        return;
    }
    d->cases++;
    json_t *lines = json_array();
    changed_ids(lines, a, b, "triggers", "trigger", "trigger");
    changed_ids(lines, a, b, "recommendations", "recommend", "plan item");
    const char *d1 = json_string_value(json_object_get(a, "disposition"));
    const char *d2 = json_string_value(json_object_get(b, "disposition"));
    if (strcmp(d1, d2) != 0 || json_array_size(lines)) {
        long long r1 = engine_disposition_rank(d->old, d1), r2 = engine_disposition_rank(d->now, d2);
        char key[128];
        snprintf(key, sizeof key, "%s -> %s", d1, d2);
        json_t *g = json_object_get(d->groups, key);
        if (!g) {
            g = json_pack("{s:I, s:[]}", "change", (json_int_t)(r2 - r1), "cases");
            json_object_set_new(d->groups, key, g);
        }
        char *id = json_dumps(json_object_get(c, "id"), JSON_ENCODE_ANY);
        json_array_append_new(json_object_get(g, "cases"),
                              json_pack("{s:s, s:O}", "id", id ? id : "null", "lines", lines));
        free(id);
        d->changed++;
        d->lowered += r2 < r1;
    }
    json_decref(lines);
    json_decref(a);
    json_decref(b);
}

static int cmp_group(const void *x, const void *y)
{
    const json_t *a = *(json_t *const *)x, *b = *(json_t *const *)y;
    /* less urgent first, then more urgent, then the same disposition */
    long long ca = json_integer_value(json_object_get(a, "change"));
    long long cb = json_integer_value(json_object_get(b, "change"));
    int oa = ca < 0 ? 0 : ca > 0 ? 1 : 2, ob = cb < 0 ? 0 : cb > 0 ? 1 : 2;
    if (oa != ob)
        return oa - ob;
    if (ca != cb)
        return ca < cb ? -1 : 1;
    return strcmp(json_string_value(json_object_get(a, "key")),
                  json_string_value(json_object_get(b, "key")));
}

static void print_groups(diff_run *d)
{
    size_t n = json_object_size(d->groups), i = 0;
    json_t **sorted = calloc(n ? n : 1, sizeof *sorted);
    const char *key;
    json_t *g;
    json_object_foreach(d->groups, key, g) {
        json_object_set_new(g, "key", json_string(key));
        sorted[i++] = g;
    }
    qsort(sorted, n, sizeof *sorted, cmp_group);
    for (i = 0; i < n; i++) {
        g = sorted[i];
        long long change = json_integer_value(json_object_get(g, "change"));
        const json_t *cases = json_object_get(g, "cases");
        printf("%s: %zu case%s%s\n", json_string_value(json_object_get(g, "key")),
               json_array_size(cases), json_array_size(cases) == 1 ? "" : "s",
               change < 0 ? "  LESS URGENT" : change > 0 ? "  more urgent" : "");
        size_t k, j;
        json_t *c, *line;
        json_array_foreach(cases, k, c) {
            printf("  %s\n", json_string_value(json_object_get(c, "id")));
            json_array_foreach(json_object_get(c, "lines"), j, line)
                printf("    %s\n", json_string_value(line));
        }
    }
    free(sorted);
}

/* The project's own case directories, beside the program. */
static void project_cases(json_t *files)
{
    char exe[4096];
    ssize_t len = readlink("/proc/self/exe", exe, sizeof exe - 32);
    if (len <= 0)
        return;
    exe[len] = '\0';
    char *slash = strrchr(exe, '/');
    if (!slash)
        return;
    static const char *const dirs[] = { "/tests/cases", "/tests/vignettes" };
    for (size_t i = 0; i < 2; i++) {
        strcpy(slash, dirs[i]);
        struct stat st;
        if (stat(exe, &st) == 0 && S_ISDIR(st.st_mode))
            cli_collect_cases(exe, files);
    }
}

static engine *load_old(const rules_dirs *rd)
{
    engine *e = engine_new();
    if (e && engine_set_image_dir(e, triage_image_dir()) == 0 &&
        engine_load(e, rd->dirs, rd->n) == 0)
        return e;
    const char *msg = e ? engine_errmsg(e) : "out of memory";
    while (*msg) {
        size_t len = strcspn(msg, "\n");
        fprintf(stderr, "triage: error: (old rules) %.*s\n", (int)len, msg);
        msg += len + (msg[len] == '\n');
    }
    engine_free(e);
    return NULL;
}

int diff_main(int argc, char **argv)
{
    rules_dirs old = { .n = 0 }, now = { .n = 0 };
    long ngen = -1;
    unsigned long long seed = 1;
    json_t *files = json_array();
    int rc = TRIAGE_OK;
    for (int i = 1; i < argc && rc == TRIAGE_OK; i++) {
        const char *a = argv[i], *val;
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            fputs(diff_usage, stdout);
            json_decref(files);
            return TRIAGE_OK;
        } else if (triage_option(argc, argv, &i, "--old", &val)) {
            rc = !val || rules_dirs_add(&old, val) ? TRIAGE_USAGE : rc;
        } else if (triage_option(argc, argv, &i, "--new", &val) ||
                   triage_option(argc, argv, &i, "--rules", &val)) {
            rc = !val || rules_dirs_add(&now, val) ? TRIAGE_USAGE : rc;
        } else if (triage_option(argc, argv, &i, "--generated", &val) ||
                   triage_option(argc, argv, &i, "--seed", &val)) {
            char *end;
            long long v = val ? strtoll(val, &end, 10) : -1;
            if (!val || *end || v < 0 || v > 10000000) {
                triage_error("%s needs a whole number from 0 to 10000000", a);
                rc = TRIAGE_USAGE;
            } else if (a[2] == 'g') {
                ngen = (long)v;
            } else {
                seed = (unsigned long long)v;
            }
        } else if (a[0] == '-' && a[1]) {
            triage_error("unknown argument '%s' (try 'triage diff --help')", a);
            rc = TRIAGE_USAGE;
        } else if (cli_collect_cases(a, files) != 0) {
            rc = TRIAGE_USAGE;
        }
    }
    if (rc == TRIAGE_OK && old.n == 0) {
        triage_error("diff needs the rules before the change: --old DIR (try 'triage diff --help')");
        rc = TRIAGE_USAGE;
    }
    if (rc != TRIAGE_OK) {
        json_decref(files);
        return rc;
    }
    int own = json_array_size(files) == 0;
    if (own)
        project_cases(files);
    if (ngen < 0)
        ngen = own ? 2000 : 0;
    diff_run d = { .groups = json_object() };
    d.old = load_old(&old);
    d.now = d.old ? triage_open_engine(&now) : NULL;
    if (!d.old || !d.now) {
        engine_free(d.old);
        json_decref(files);
        json_decref(d.groups);
        return TRIAGE_NO_RULES;
    }
    size_t i;
    json_t *f;
    json_array_foreach(files, i, f) {
        char err[512];
        json_t *vs = vignette_read_cases(json_string_value(f), d.now, err, sizeof err);
        if (!vs) {
            triage_error("%s", err);
            rc = TRIAGE_USAGE;
            break;
        }
        size_t k;
        json_t *v;
        json_array_foreach(vs, k, v)
            compare(&d, v);
        json_decref(vs);
    }
    rng g = { seed * 0x9E3779B97F4A7C15ULL | 1 };
    for (long n = 0; rc == TRIAGE_OK && n < ngen; n++) {
        json_t *c = generated(d.now, &g, n + 1);
        compare(&d, c);
        json_decref(c);
    }
    if (rc == TRIAGE_OK) {
        print_groups(&d);
        printf("%s%ld case%s (%zu file%s, %ld generated): %ld changed, %ld less urgent",
               d.changed ? "\n" : "", d.cases, d.cases == 1 ? "" : "s", json_array_size(files),
               json_array_size(files) == 1 ? "" : "s", ngen, d.changed, d.lowered);
        if (d.skipped)
            printf("; %ld refused by either rule set (not compared)", d.skipped);
        if (d.dropped)
            printf("; %zu answers left out where a rule set does not define them", d.dropped);
        printf(".\n");
        rc = d.lowered ? TRIAGE_FAILED : TRIAGE_OK;
    }
    engine_free(d.old);
    engine_free(d.now);
    json_decref(files);
    json_decref(d.groups);
    return rc;
}
