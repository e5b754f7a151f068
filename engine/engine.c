/* engine.c: the CLIPS environment's lifecycle, rule loading, answers and runs.
 * Every CLIPS call of the project is in engine/ (this file, result.c and
 * image.c). */
#include "internal.h"
#include "jbuf.h"
#include "scan.h"
#include "strata.h"

#include <clips.h>

#include <dirent.h>
#include <errno.h>
#include <nettle/sha2.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define MAX_RULE_FILE_BYTES (4L * 1024 * 1024)
#define RUN_BUDGET_NS (5LL * 1000 * 1000 * 1000)
#define RUN_BUDGET_MEM (512L * 1024 * 1024)
#define LOAD_SOURCE "triage-rules"
/* A reset retracts only the answers (truth maintenance retracts the rest)
 * until fact indexes pass this, then rebuilds the fact list from scratch. */
#define FAST_RESET_MAX_INDEX (1LL << 13)
/* Derivation steps kept, live or not, before engine_set_answers() drops the
 * dead ones. */
#define STEPS_BEFORE_COMPACTING 256

/* ---- arena: the loaded knowledge base's strings and arrays ---------------- */

struct arena_block {
    arena_block *next;
    size_t used, cap;
    max_align_t data[];
};

static void *arena_alloc(engine *e, size_t n)
{
    n = (n + sizeof(max_align_t) - 1) / sizeof(max_align_t) * sizeof(max_align_t);
    arena_block *b = e->arena;
    if (!b || b->cap - b->used < n) {
        size_t cap = n > 16384 ? n : 16384;
        b = malloc(sizeof *b + cap);
        if (!b)
            return NULL;
        b->next = e->arena;
        b->used = 0;
        b->cap = cap;
        e->arena = b;
    }
    void *p = (char *)b->data + b->used;
    b->used += n;
    return p;
}

static const char *arena_strdup(engine *e, const char *s)
{
    size_t n = strlen(s) + 1;
    char *p = arena_alloc(e, n);
    if (p)
        memcpy(p, s, n);
    return p;
}

static void arena_free(engine *e)
{
    while (e->arena) {
        arena_block *next = e->arena->next;
        free(e->arena);
        e->arena = next;
    }
}

/* ---- errors --------------------------------------------------------------- */

static void err_vappend(engine *e, const char *fmt, va_list ap)
{
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap2);
    va_end(ap2);
    if (n < 0)
        return;
    if (e->errlen + (size_t)n + 1 > e->errcap) {
        size_t cap = (e->errlen + (size_t)n + 1) * 2;
        char *p = realloc(e->err, cap);
        if (!p)
            return;
        e->err = p;
        e->errcap = cap;
    }
    vsnprintf(e->err + e->errlen, (size_t)n + 1, fmt, ap);
    e->errlen += (size_t)n;
}

static void err_append(engine *e, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void err_append(engine *e, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    if (e->errlen > 0)
        err_vappend(e, "\n", ap);
    va_end(ap);
    va_start(ap, fmt);
    err_vappend(e, fmt, ap);
    va_end(ap);
}

static void err_clear(engine *e)
{
    e->errlen = 0;
    if (e->err)
        e->err[0] = '\0';
}

void engine_set_error(engine *e, const char *fmt, ...)
{
    va_list ap;
    err_clear(e);
    va_start(ap, fmt);
    err_vappend(e, fmt, ap);
    va_end(ap);
}

const char *engine_errmsg(const engine *e)
{
    return e && e->err ? e->err : "";
}

/* ---- CLIPS environment ------------------------------------------------------ */

/* Claims every output CLIPS writes, so that nothing reaches the terminal. */
static int router_query(void *env, const char *name)
{
    static const char *const outputs[] = { "stdout", "t", WDISPLAY, WPROMPT, WTRACE,
                                           WWARNING, WERROR, WDIALOG, NULL };
    (void)env;
    for (size_t i = 0; outputs[i]; i++)
        if (strcmp(name, outputs[i]) == 0)
            return TRUE;
    return FALSE;
}

static int router_print(void *env, const char *name, const char *text)
{
    engine *e = GetEnvironmentContext(env);
    if (e && strcmp(name, WERROR) == 0) {
        if (e->clips_errlen == 0)
            e->clips_err_line = GetLineCount(env);
        size_t room = sizeof e->clips_err - 1 - e->clips_errlen;
        size_t n = strlen(text);
        if (n > room)
            n = room;
        memcpy(e->clips_err + e->clips_errlen, text, n);
        e->clips_errlen += n;
        e->clips_err[e->clips_errlen] = '\0';
    }
    return TRUE;
}

/* A CLIPS error as one line: its "[CODE] message" with the lines joined. */
static void clips_error_line(const char *text, char *out, size_t outlen)
{
    const char *p = strchr(text, '[');
    if (!p)
        p = text;
    size_t n = 0;
    const char *end = strstr(p, "ERROR:");
    for (; *p && p != end && n + 1 < outlen; p++) {
        char c = *p == '\n' ? ' ' : *p;
        if (c == ' ' && (n == 0 || out[n - 1] == ' '))
            continue;
        out[n++] = c;
    }
    while (n > 0 && out[n - 1] == ' ')
        n--;
    out[n] = '\0';
}

/* The word after prefix in msg (up to a space or '.'), or "". */
static const char *word_after(const char *msg, const char *prefix, char *buf, size_t len)
{
    const char *p = strstr(msg, prefix);
    buf[0] = '\0';
    if (p) {
        p += strlen(prefix);
        size_t n = strcspn(p, " .");
        snprintf(buf, len, "%.*s", (int)(n < len ? n : len - 1), p);
    }
    return buf;
}

/* What a clinician should change, for the CLIPS errors a rule file commonly
 * meets; the CLIPS text is kept after it. */
static void clips_plain(const char *raw, char *out, size_t outlen)
{
    char w[128];
    if (strstr(raw, "[EXPRNPSR3]"))
        snprintf(out, outlen,
                 "'(%s ...)' is neither a template nor a function CLIPS knows here. If %s is a "
                 "slot, the fact or pattern around it uses a template that is not defined: the "
                 "base rules (00-schema.clp) must load first (an overlay loaded without the base "
                 "rules? give --rules rules before --rules OVERLAY). Otherwise check the spelling; "
                 "functions that reach files, the shell or the engine are not allowed (%s)",
                 word_after(raw, "declaration for ", w, sizeof w), w, raw);
    else if (strstr(raw, "[CSTRNCHK1]") && strstr(raw, "allowed values"))
        snprintf(out, outlen,
                 "slot %s is given a value its template does not allow: see the slot's "
                 "allowed-symbols in 00-schema.clp (%s)",
                 word_after(raw, "for slot ", w, sizeof w), raw);
    else if (strstr(raw, "[CSTRNCHK1]"))
        snprintf(out, outlen,
                 "slot %s is given a value of the wrong type: text needs double quotes, a "
                 "symbol or number none (%s)", word_after(raw, "for slot ", w, sizeof w), raw);
    else if (strstr(raw, "[TMPLTDEF1]") || strstr(raw, "[TMPLTFUN1]"))
        snprintf(out, outlen,
                 "a fact or pattern names slot %s, which its template does not have: see the "
                 "templates in 00-schema.clp (%s)", word_after(raw, "Invalid slot ", w, sizeof w),
                 raw);
    else if (strstr(raw, "[TMPLTDEF2]"))
        snprintf(out, outlen,
                 "slot %s takes one value: put text in double quotes, or make it a multislot in "
                 "its template (%s)", word_after(raw, "field slot ", w, sizeof w), raw);
    else if (strstr(raw, "[PRNTUTIL2]"))
        snprintf(out, outlen,
                 "the %s is not written as CLIPS expects: check its brackets, its docstring "
                 "(one string after the name) and that conditions come before => (%s)",
                 word_after(raw, "syntax for ", w, sizeof w), raw);
    else
        snprintf(out, outlen, "%s", raw);
}

static void on_parse_error(void *env, const char *file, const char *warning,
                           const char *error, long line)
{
    engine *e = GetEnvironmentContext(env);
    (void)file;
    if (!error || !*error)
        return;
    char raw[512], msg[1024];
    clips_error_line(error, raw, sizeof raw);
    clips_plain(raw, msg, sizeof msg);
    (void)warning;
    err_append(e, "%s:%ld: %s", e->load_file ? e->load_file : "?", line, msg);
}

static void grow_fact_step(engine *e, long long idx)
{
    if ((size_t)idx < e->capfact)
        return;
    size_t cap = e->capfact ? e->capfact : 256;
    while (cap <= (size_t)idx)
        cap *= 2;
    uint32_t *p = realloc(e->fact_step, cap * sizeof *p);
    if (!p) {
        e->oom = 1;
        return;
    }
    memset(p + e->capfact, 0, (cap - e->capfact) * sizeof *p);
    e->fact_step = p;
    e->capfact = cap;
}

static int push_idx(engine *e, long long v)
{
    if (e->nidx == e->capidx) {
        size_t cap = e->capidx ? e->capidx * 2 : 1024;
        long long *p = realloc(e->idx, cap * sizeof *p);
        if (!p) {
            e->oom = 1;
            return -1;
        }
        e->idx = p;
        e->capidx = cap;
    }
    e->idx[e->nidx++] = v;
    return 0;
}

/* Called by CLIPS after each rule firing: records which rule fired, on which
 * facts, and which facts it asserted (every fact newer than the last one
 * attributed), so that any rule is explained without code in the rule. */
static void on_fire(void *env)
{
    engine *e = GetEnvironmentContext(env);
    struct defrule *rule = EngineData(env)->ExecutingRule;
    struct partialMatch *pm = EngineData(env)->GlobalLHSBinds;
    if (!rule)
        return;
    const engine_rule *ri = engine_rule_info(e, rule);
    if (ri && e->fired)
        e->fired[ri - e->rules]++;
    if (e->oom)
        return;
    if (e->nsteps == e->capsteps) {
        size_t cap = e->capsteps ? e->capsteps * 2 : 128;
        step *p = realloc(e->steps, cap * sizeof *p);
        if (!p) {
            e->oom = 1;
            return;
        }
        e->steps = p;
        e->capsteps = cap;
    }
    step *s = &e->steps[e->nsteps];
    s->rule = ri;
    s->basis = e->nidx;
    s->nbasis = 0;
    if (pm) {
        for (unsigned short i = 0; i < pm->bcount; i++) {
            struct alphaMatch *am = pm->binds[i].gm.theMatch;
            if (!am || !am->matchingItem)
                continue;
            if (push_idx(e, ((struct fact *)am->matchingItem)->factIndex) != 0)
                return;
            s->nbasis++;
        }
    }
    s->concl = e->nidx;
    s->nconcl = 0;
    struct fact *last = FactData(env)->LastFact;
    long long top = last ? last->factIndex : e->last_index;
    struct fact *f = last;
    while (f && f->factIndex > e->last_index)
        f = f->previousFact;
    f = f ? f->nextFact : FactData(env)->FactList;
    for (; f; f = f->nextFact) {
        grow_fact_step(e, f->factIndex);
        if (e->oom || push_idx(e, f->factIndex) != 0)
            return;
        e->fact_step[f->factIndex] = (uint32_t)(e->nsteps + 1);
        s->nconcl++;
    }
    if (top > e->last_index)
        e->last_index = top;
    e->nsteps++;
}

/* Called by CLIPS as each fact is asserted and retracted (truth maintenance
 * included): counts changes to conclusions and logs them when asked. */
static void log_change(engine *e, struct fact *f)
{
    if (!e->logtext && !(e->logtext = calloc(1, sizeof *e->logtext)))
        e->log_lost = 1;
    if (e->nlog == e->caplog && !e->log_lost) {
        size_t cap = e->caplog ? e->caplog * 2 : 64;
        size_t *p = realloc(e->log, cap * sizeof *p);
        if (p) {
            e->log = p;
            e->caplog = cap;
        } else {
            e->log_lost = 1;
        }
    }
    if (e->log_lost)
        return;
    DATA_OBJECT v;
    int has_id = EnvGetFactSlot(e->env, f, "id", &v) &&
                 (GetType(v) == SYMBOL || GetType(v) == STRING);
    e->log[e->nlog++] = e->logtext->len;
    jbuf_lit(e->logtext, EnvGetDeftemplateName(e->env, f->whichDeftemplate));
    jbuf_lit(e->logtext, ":");
    jbuf_lit(e->logtext, has_id ? DOToString(v) : "?");
    jbuf_raw(e->logtext, "", 1);
    if (e->logtext->oom)
        e->log_lost = 1;
}

static void fact_changed(engine *e, struct fact *f, int sign)
{
    void *t = f->whichDeftemplate;
    if (f->factIndex <= e->base_index || t == e->t_assumption)
        return;
    if (e->logging)
        log_change(e, f);
    if (t == e->t_answer) {
        if (e->probing && sign > 0)
            e->probe_answers = 1;   /* a rule concluded an answer: others may follow from it */
        return;
    }
    e->changes++;
    if (e->probing && sign > 0)
        EnvSetHaltRules(e->env, TRUE);   /* a new conclusion: the probe has its answer */
}

static void on_assert(void *env, void *fact)
{
    fact_changed(GetEnvironmentContext(env), fact, 1);
}

static void on_retract(void *env, void *fact)
{
    fact_changed(GetEnvironmentContext(env), fact, -1);
}

static void on_periodic(void *env)
{
    engine *e = GetEnvironmentContext(env);
    if (!e || !e->running || e->over_budget)
        return;
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    long long ns = (now.tv_sec - e->run_start.tv_sec) * 1000000000LL +
                   (now.tv_nsec - e->run_start.tv_nsec);
    if (ns > RUN_BUDGET_NS || EnvMemUsed(env) > RUN_BUDGET_MEM) {
        e->over_budget = 1;
        SetHaltExecution(env, TRUE);
        EnvSetHaltRules(env, TRUE);
    }
}

static int create_env(engine *e)
{
    void *env = CreateEnvironment();
    if (!env)
        return -1;
    SetEnvironmentContext(env, e);
    for (size_t i = 0; scan_denied_functions[i]; i++)
        UndefineFunction(env, scan_denied_functions[i]);
    if (!EnvAddRouterWithContext(env, "triage-capture", 100, router_query, router_print,
                                 NULL, NULL, NULL, NULL)) {
        DestroyEnvironment(env);
        return -1;
    }
    EnvSetParserErrorCallback(env, on_parse_error);
    SetPrintWhileLoading(env, FALSE);
    EnvSetFactDuplication(env, TRUE);
    EnvAddRunFunction(env, "triage-derivation", on_fire, 0);
    EnvAddAssertFunction(env, "triage-assert", on_assert, 0);
    EnvAddRetractFunction(env, "triage-retract", on_retract, 0);
    EnvAddPeriodicFunction(env, "triage-budget", on_periodic, 0);
    e->env = env;
    return 0;
}

/* ---- the loaded base -------------------------------------------------------- */

static void clear_case(engine *e)
{
    for (size_t i = 0; e->answers && i < e->nquestions; i++) {
        json_decref(e->answers[i].value);
        e->answers[i].value = NULL;
        if (e->answers[i].fact)
            EnvDecrementFactCount(e->env, e->answers[i].fact);
        e->answers[i].fact = NULL;
    }
    e->nsteps = 0;
    e->nidx = 0;
    if (e->fact_step) {
        size_t used = (size_t)e->last_index + 1;
        memset(e->fact_step, 0, (used < e->capfact ? used : e->capfact) * sizeof *e->fact_step);
    }
    e->ran = 0;
    e->oom = 0;
    e->need_full_reset = 0;
}

static void unload(engine *e)
{
    clear_case(e);
    engine_result_forget(e);
    free(e->answers);
    e->answers = NULL;
    arena_free(e);
    e->rules = NULL;
    e->nrules = 0;
    e->lookup = NULL;
    e->nlookup = 0;
    e->files = NULL;
    e->nfiles = 0;
    e->version[0] = '\0';
    e->from_image = 0;
    e->qsorted = NULL;
    e->qsym = NULL;
    e->questions = NULL;
    e->nquestions = 0;
    e->dispositions = NULL;
    e->ndispositions = 0;
    e->triggers = NULL;
    e->ntriggers = 0;
    e->contributors = NULL;
    e->ncontributors = 0;
    e->recs = NULL;
    e->nrecs = 0;
    e->cautions = NULL;
    e->ncautions = 0;
    e->techniques = NULL;
    e->ntechniques = 0;
    e->notices = NULL;
    e->nnotices = 0;
    e->overrides = NULL;
    e->noverrides = 0;
    e->checklists = NULL;
    e->nchecklists = 0;
    e->words = NULL;
    e->nwords = 0;
    free(e->fired);
    e->fired = NULL;
    e->policy = 0;
    e->t_answer = e->t_trigger = e->t_contributor = e->t_finding = NULL;
    e->t_cause = e->t_recommend = e->t_caution = e->t_assumption = NULL;
    if (e->env)
        DestroyEnvironment(e->env);
    e->env = NULL;
}

engine *engine_new(void)
{
    engine *e = calloc(1, sizeof *e);
    if (!e)
        return NULL;
    e->max_firings = ENGINE_DEFAULT_MAX_FIRINGS;
    return e;
}

void engine_free(engine *e)
{
    if (!e)
        return;
    unload(e);
    free(e->err);
    free(e->image_dir);
    free(e->log);
    if (e->logtext)
        jbuf_free(e->logtext);
    free(e->logtext);
    json_decref(e->json_yes);
    json_decref(e->json_no);
    json_decref(e->json_unknown);
    free(e->steps);
    free(e->idx);
    free(e->fact_step);
    free(e);
}

int engine_set_image_dir(engine *e, const char *dir)
{
    char *copy = dir ? strdup(dir) : NULL;
    if (dir && !copy)
        return -1;
    free(e->image_dir);
    e->image_dir = copy;
    return 0;
}

int engine_loaded_image(const engine *e)
{
    return e->from_image;
}

void engine_set_max_firings(engine *e, long long n)
{
    e->max_firings = n > 0 ? n : ENGINE_DEFAULT_MAX_FIRINGS;
}

size_t engine_rule_count(const engine *e) { return e->nrules; }
const engine_rule *engine_rule_at(const engine *e, size_t i) { return i < e->nrules ? &e->rules[i] : NULL; }
unsigned long long engine_rule_fired(const engine *e, size_t i) { return i < e->nrules && e->fired ? e->fired[i] : 0; }
const char *engine_rules_version(const engine *e) { return e->version; }
long long engine_policy_version(const engine *e) { return e->policy; }
size_t engine_checklist_count(const engine *e) { return e->nchecklists; }
const engine_checklist *engine_checklist_at(const engine *e, size_t i) { return i < e->nchecklists ? &e->checklists[i] : NULL; }
size_t engine_words_count(const engine *e) { return e->nwords; }
const engine_words *engine_words_at(const engine *e, size_t i) { return i < e->nwords ? &e->words[i] : NULL; }
size_t engine_disposition_count(const engine *e) { return e->ndispositions; }
const engine_disposition_info *engine_disposition_at(const engine *e, size_t i) { return i < e->ndispositions ? &e->dispositions[i] : NULL; }

const engine_disposition_info *engine_disposition_find(const engine *e, const char *id)
{
    for (size_t i = 0; id && i < e->ndispositions; i++)
        if (strcmp(e->dispositions[i].id, id) == 0)
            return &e->dispositions[i];
    return NULL;
}

const engine_checklist *engine_checklist_of(const engine *e, const char *question)
{
    for (size_t i = 0; i < e->nchecklists; i++)
        for (size_t k = 0; k < e->checklists[i].nitems; k++)
            if (strcmp(e->checklists[i].items[k], question) == 0)
                return &e->checklists[i];
    return NULL;
}

int engine_condition_holds(const engine *e, const engine_condition *c)
{
    const json_t *v = engine_answer_value(e, c->question);
    if (!json_is_integer(v))
        return -1;
    long long a = json_integer_value(v);
    const char *op = c->op;
    return !strcmp(op, ">=") ? a >= c->n : !strcmp(op, ">") ? a > c->n
         : !strcmp(op, "<=") ? a <= c->n : !strcmp(op, "<") ? a < c->n : a == c->n;
}
size_t engine_override_count(const engine *e) { return e->noverrides; }
const engine_override *engine_override_at(const engine *e, size_t i) { return i < e->noverrides ? &e->overrides[i] : NULL; }
size_t engine_file_count(const engine *e) { return e->nfiles; }
const char *engine_file_path(const engine *e, size_t i) { return i < e->nfiles ? e->files[i].path : NULL; }
const char *engine_file_sha256(const engine *e, size_t i) { return i < e->nfiles ? e->files[i].sha256 : NULL; }
size_t engine_question_count(const engine *e) { return e->nquestions; }
size_t engine_trigger_count(const engine *e) { return e->ntriggers; }

long long engine_disposition_rank(const engine *e, const char *id)
{
    for (size_t i = 0; i < e->ndispositions; i++)
        if (strcmp(e->dispositions[i].id, id) == 0)
            return e->dispositions[i].rank;
    return -1;
}
const engine_trigger *engine_trigger_at(const engine *e, size_t i) { return i < e->ntriggers ? &e->triggers[i] : NULL; }
size_t engine_contributor_count(const engine *e) { return e->ncontributors; }
const engine_contributor *engine_contributor_at(const engine *e, size_t i) { return i < e->ncontributors ? &e->contributors[i] : NULL; }
size_t engine_recommendation_count(const engine *e) { return e->nrecs; }
const engine_recommendation *engine_recommendation_at(const engine *e, size_t i) { return i < e->nrecs ? &e->recs[i] : NULL; }
size_t engine_caution_count(const engine *e) { return e->ncautions; }
const engine_caution *engine_caution_at(const engine *e, size_t i) { return i < e->ncautions ? &e->cautions[i] : NULL; }

const engine_question *engine_question_at(const engine *e, size_t i)
{
    return i < e->nquestions ? &e->questions[i] : NULL;
}

long engine_question_index(const engine *e, const char *id)
{
    if (!e->qsorted) {   /* while loading */
        for (size_t i = 0; i < e->nquestions; i++)
            if (strcmp(e->questions[i].id, id) == 0)
                return (long)i;
        return -1;
    }
    size_t lo = 0, hi = e->nquestions;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int c = strcmp(e->questions[e->qsorted[mid]].id, id);
        if (c == 0)
            return (long)e->qsorted[mid];
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return -1;
}

typedef struct qkey {
    const char *id;
    size_t i;
} qkey;

static int cmp_qkey(const void *a, const void *b)
{
    return strcmp(((const qkey *)a)->id, ((const qkey *)b)->id);
}

/* Builds the lookup index and the symbols answers are asserted with. */
static int index_questions(engine *e)
{
    size_t *order = arena_alloc(e, (e->nquestions ? e->nquestions : 1) * sizeof *order);
    void **sym = arena_alloc(e, (e->nquestions ? e->nquestions : 1) * sizeof *sym);
    if (!order || !sym)
        return -1;
    qkey *keys = malloc((e->nquestions ? e->nquestions : 1) * sizeof *keys);
    if (!keys)
        return -1;
    for (size_t i = 0; i < e->nquestions; i++) {
        keys[i] = (qkey){ e->questions[i].id, i };
        sym[i] = EnvAddSymbol(e->env, e->questions[i].id);
        IncrementSymbolCount(sym[i]);
    }
    qsort(keys, e->nquestions, sizeof *keys, cmp_qkey);
    for (size_t i = 0; i < e->nquestions; i++)
        order[i] = keys[i].i;
    free(keys);
    e->qsorted = order;
    e->qsym = sym;
    void **held[] = { &e->sym_given, &e->sym_yes, &e->sym_no, &e->sym_unknown };
    const char *names[] = { "given", "yes", "no", "unknown" };
    for (size_t i = 0; i < 4; i++) {
        *held[i] = EnvAddSymbol(e->env, names[i]);
        IncrementSymbolCount(*held[i]);
    }
    return 0;
}

const engine_question *engine_question_find(const engine *e, const char *id)
{
    long i = engine_question_index(e, id);
    return i < 0 ? NULL : &e->questions[i];
}

static int cmp_ptr(const void *a, const void *b)
{
    uintptr_t x = (uintptr_t)((const rule_info *)a)->defrule;
    uintptr_t y = (uintptr_t)((const rule_info *)b)->defrule;
    return x < y ? -1 : x > y;
}

const engine_rule *engine_rule_info(const engine *e, void *defrule)
{
    rule_info key = { .defrule = defrule, .rule = NULL };
    const rule_info *ri = bsearch(&key, e->lookup, e->nlookup, sizeof key, cmp_ptr);
    return ri ? ri->rule : NULL;
}

/* ---- loading ---------------------------------------------------------------- */

typedef struct pending_rule {
    scan_rule scanned;         /* owned */
    const char *file;
    size_t src;                /* its file's index in load_state.src */
} pending_rule;

typedef struct rule_source {
    const char *path;            /* in the arena */
    char *text;                  /* owned until the load ends */
    size_t len;
} rule_source;

typedef struct load_state {
    pending_rule *rules;
    size_t nrules;
    struct sha256_ctx all;
    rule_source *src;            /* every rule file, in load order */
    size_t nsrc;
} load_state;

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcmp(s + n - m, suffix) == 0;
}

static void hex(const uint8_t *d, size_t n, char *out)
{
    static const char digits[] = "0123456789abcdef";
    for (size_t i = 0; i < n; i++) {
        out[2 * i] = digits[d[i] >> 4];
        out[2 * i + 1] = digits[d[i] & 15];
    }
    out[2 * n] = '\0';
}

static char *read_file(engine *e, const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        err_append(e, "%s: cannot open: %s", path, strerror(errno));
        return NULL;
    }
    struct stat st;
    if (fstat(fileno(f), &st) != 0 || !S_ISREG(st.st_mode) || st.st_size > MAX_RULE_FILE_BYTES) {
        err_append(e, "%s: not a regular file of at most %ld bytes", path, MAX_RULE_FILE_BYTES);
        fclose(f);
        return NULL;
    }
    char *buf = malloc((size_t)st.st_size + 1);
    size_t n = buf ? fread(buf, 1, (size_t)st.st_size, f) : 0;
    int bad = !buf || ferror(f);
    fclose(f);
    if (bad) {
        err_append(e, "%s: cannot read", path);
        free(buf);
        return NULL;
    }
    buf[n] = '\0';
    *len = n;
    return buf;
}

/* Reads a rule file and adds it, with its sha256, to the files loaded. */
static int read_source(engine *e, load_state *ls, const char *path)
{
    size_t len;
    char *text = read_file(e, path, &len);
    if (!text)
        return -1;
    const char *stored = arena_strdup(e, path);
    file_info *files = arena_alloc(e, (e->nfiles + 1) * sizeof *files);
    rule_source *src = realloc(ls->src, (ls->nsrc + 1) * sizeof *src);
    if (src)
        ls->src = src;
    if (!stored || !files || !src) {
        free(text);
        err_append(e, "%s: out of memory", path);
        return -1;
    }
    ls->src[ls->nsrc++] = (rule_source){ stored, text, len };

    uint8_t digest[SHA256_DIGEST_SIZE];
    struct sha256_ctx one;
    sha256_init(&one);
    sha256_update(&one, len, (const uint8_t *)text);
    sha256_digest(&one, sizeof digest, digest);
    const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
    sha256_update(&ls->all, strlen(base) + 1, (const uint8_t *)base);
    sha256_update(&ls->all, len, (const uint8_t *)text);
    if (e->nfiles)
        memcpy(files, e->files, e->nfiles * sizeof *files);
    files[e->nfiles].path = stored;
    hex(digest, sizeof digest, files[e->nfiles].sha256);
    e->nfiles++;
    e->files = files;
    return 0;
}

/* Checks a rule file's text, records what its rules use and conclude, and,
 * when parse is set, has CLIPS parse it. */
static int compile_source(engine *e, load_state *ls, const rule_source *src, int parse)
{
    const char *path = src->path;
    const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
    scan_result sr;
    int rc = scan_text(src->text, src->len, &sr);
    if (rc != 0) {
        err_append(e, "%s:%d: %s", path, sr.err_line, sr.err);
    } else {
        for (size_t i = 0; i < sr.nrules && rc == 0; i++) {
            pending_rule *p = realloc(ls->rules, (ls->nrules + 1) * sizeof *p);
            if (!p) {
                rc = -1;
                break;
            }
            ls->rules = p;
            p[ls->nrules].scanned = sr.rules[i];
            p[ls->nrules].file = base;
            p[ls->nrules].src = (size_t)(src - ls->src);
            memset(&sr.rules[i], 0, sizeof sr.rules[i]);
            ls->nrules++;
        }
    }
    scan_result_free(&sr);
    if (rc != 0 || !parse)
        return rc;

    size_t before = e->errlen;
    e->clips_errlen = 0;
    e->clips_err[0] = '\0';
    e->load_file = path;
    EnvSetParsingFileName(e->env, path);
    SetLineCount(e->env, 0);
    if (!OpenStringSource(e->env, LOAD_SOURCE, src->text, 0)) {
        err_append(e, "%s: out of memory", path);
        rc = -1;
    } else {
        int ok = LoadConstructsFromLogicalName(e->env, LOAD_SOURCE);
        CloseStringSource(e->env, LOAD_SOURCE);
        if (!ok || e->errlen != before) {
            if (e->errlen == before) {
                char raw[512], msg[1024];
                clips_error_line(e->clips_err, raw, sizeof raw);
                clips_plain(raw, msg, sizeof msg);
                err_append(e, "%s:%ld: %s", path, e->clips_err_line,
                           msg[0] ? msg : "the rules failed to load");
            }
            rc = -1;
        }
    }
    e->load_file = NULL;
    return rc;
}

static int load_dir(engine *e, load_state *ls, const char *dir)
{
    DIR *d = opendir(dir);
    if (!d) {
        err_append(e, "%s: cannot open rules directory: %s", dir, strerror(errno));
        return -1;
    }
    char **names = NULL;
    size_t n = 0;
    int rc = 0;
    struct dirent *de;
    while ((de = readdir(d)) != NULL) {
        if (de->d_name[0] == '.' || !ends_with(de->d_name, ".clp"))
            continue;
        char **p = realloc(names, (n + 1) * sizeof *p);
        if (!p || !(p[n] = strdup(de->d_name))) {
            names = p ? p : names;
            rc = -1;
            err_append(e, "%s: out of memory", dir);
            break;
        }
        names = p;
        n++;
    }
    closedir(d);
    if (rc == 0 && n > 1)
        qsort(names, n, sizeof *names, cmp_str);
    for (size_t i = 0; i < n; i++) {
        if (rc == 0) {
            size_t len = strlen(dir) + strlen(names[i]) + 2;
            char *path = malloc(len);
            if (!path) {
                rc = -1;
            } else {
                snprintf(path, len, "%s/%s", dir, names[i]);
                if (read_source(e, ls, path) != 0)
                    rc = -1;
                free(path);
            }
        }
        free(names[i]);
    }
    free(names);
    return rc;
}

/* ---- the rules' metadata, saved beside a compiled image ------------------------ */

/* Written as NUL-terminated fields: the number of rules, then for each its
 * name, file index, line, salience, number of answer patterns, whether it
 * has a docstring and the docstring, then each list (uses, negated,
 * concludes, thresholds, values, comparisons, negated comparisons, tests,
 * conditions) as a count
 * and its items, after a first field naming this format (META_FORMAT). */
static void meta_str(jbuf *b, const char *s)
{
    jbuf_raw(b, s, strlen(s) + 1);
}

static void meta_num(jbuf *b, long long v)
{
    char t[32];
    snprintf(t, sizeof t, "%lld", v);
    meta_str(b, t);
}

static void meta_list(jbuf *b, char *const *v, size_t n)
{
    meta_num(b, (long long)n);
    for (size_t i = 0; i < n; i++)
        meta_str(b, v[i]);
}

#define META_FORMAT "triage-meta-3"

static void meta_write(const load_state *ls, jbuf *b)
{
    meta_str(b, META_FORMAT);
    meta_num(b, (long long)ls->nrules);
    for (size_t i = 0; i < ls->nrules; i++) {
        const scan_rule *r = &ls->rules[i].scanned;
        meta_str(b, r->name);
        meta_num(b, (long long)ls->rules[i].src);
        meta_num(b, r->line);
        meta_num(b, r->salience);
        meta_num(b, r->answer_patterns);
        meta_num(b, r->doc != NULL);
        meta_str(b, r->doc ? r->doc : "");
        meta_list(b, r->uses, r->nuses);
        meta_list(b, r->negated, r->nnegated);
        meta_list(b, r->concludes, r->nconcludes);
        meta_list(b, r->thresholds, r->nthresholds);
        meta_list(b, r->values, r->nvalues);
        meta_list(b, r->comparisons, r->ncomparisons);
        meta_list(b, r->negated_comparisons, r->nnegated_comparisons);
        meta_list(b, r->tests, r->ntests);
        meta_list(b, r->conditions, r->nconditions);
    }
}

typedef struct meta_cursor {
    const char *p, *end;
    int bad;
} meta_cursor;

static const char *meta_next(meta_cursor *c)
{
    const char *nul = c->p < c->end ? memchr(c->p, '\0', (size_t)(c->end - c->p)) : NULL;
    if (!nul) {
        c->bad = 1;
        return "";
    }
    const char *s = c->p;
    c->p = nul + 1;
    return s;
}

static long long meta_int(meta_cursor *c, long long max)
{
    char *end;
    const char *s = meta_next(c);
    long long v = strtoll(s, &end, 10);
    if (*s == '\0' || *end || v < -max || v > max)
        c->bad = 1;
    return v;
}

static char **meta_read_list(meta_cursor *c, size_t *n)
{
    *n = (size_t)meta_int(c, 1 << 20);
    char **v = calloc(*n ? *n : 1, sizeof *v);
    if (!v) {
        c->bad = 1;
        *n = 0;
        return NULL;
    }
    for (size_t i = 0; i < *n; i++)
        if (c->bad || !(v[i] = strdup(meta_next(c))))
            c->bad = 1;
    return v;
}

/* Rebuilds the scanned rules from their saved metadata. */
static int meta_read(load_state *ls, const char *meta, size_t len)
{
    meta_cursor c = { meta, meta + len, 0 };
    if (strcmp(meta_next(&c), META_FORMAT) != 0)
        return -1;
    size_t n = (size_t)meta_int(&c, 1 << 20);
    if (c.bad || !(ls->rules = calloc(n ? n : 1, sizeof *ls->rules)))
        return -1;
    for (size_t i = 0; i < n && !c.bad; i++) {
        pending_rule *pr = &ls->rules[i];
        scan_rule *r = &pr->scanned;
        ls->nrules++;
        r->name = strdup(meta_next(&c));
        pr->src = (size_t)meta_int(&c, 1 << 20);
        r->line = (int)meta_int(&c, 1 << 30);
        r->salience = (int)meta_int(&c, 1 << 30);
        r->answer_patterns = (int)meta_int(&c, 1 << 20);
        int has_doc = (int)meta_int(&c, 1);
        const char *doc = meta_next(&c);
        r->doc = has_doc ? strdup(doc) : NULL;
        r->uses = meta_read_list(&c, &r->nuses);
        r->negated = meta_read_list(&c, &r->nnegated);
        r->concludes = meta_read_list(&c, &r->nconcludes);
        r->thresholds = meta_read_list(&c, &r->nthresholds);
        r->values = meta_read_list(&c, &r->nvalues);
        r->comparisons = meta_read_list(&c, &r->ncomparisons);
        r->negated_comparisons = meta_read_list(&c, &r->nnegated_comparisons);
        r->tests = meta_read_list(&c, &r->ntests);
        r->conditions = meta_read_list(&c, &r->nconditions);
        if (!r->name || (has_doc && !r->doc) || pr->src >= ls->nsrc) {
            c.bad = 1;
            break;
        }
        const char *path = ls->src[pr->src].path;
        pr->file = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
    }
    return c.bad || c.p != c.end ? -1 : 0;
}

/* Splits a rule's docstring (as written between its quotes, or NULL) at
 * "Source:". */
static int rule_doc(engine *e, engine_rule *ri, const char *raw)
{
    const char *says = "", *source = "";
    char *doc = NULL;
    if (raw) {
        doc = malloc(strlen(raw) + 1);
        if (!doc)
            return -1;
        size_t n = 0;
        for (const char *p = raw; *p; p++) {
            if (*p == '\\' && p[1])
                p++;
            doc[n++] = *p;
        }
        doc[n] = '\0';
        char *src = strstr(doc, "Source:");
        if (src) {
            *src = '\0';
            source = src + strlen("Source:");
            while (*source == ' ')
                source++;
        }
        says = doc;
        size_t sl = strlen(doc);
        while (sl > 0 && (doc[sl - 1] == ' ' || doc[sl - 1] == '.'))
            doc[--sl] = '\0';
    }
    ri->says = arena_strdup(e, says);
    ri->source = arena_strdup(e, source);
    free(doc);
    return ri->says && ri->source ? 0 : -1;
}

/* Each "kind:id" of refs read once into kind and id. */
static const engine_ref *arena_refs(engine *e, const char *const *refs, size_t n)
{
    engine_ref *out = arena_alloc(e, (n ? n : 1) * sizeof *out);
    for (size_t i = 0; out && i < n; i++) {
        const char *colon = strchr(refs[i], ':');
        size_t k = colon ? (size_t)(colon - refs[i]) : strlen(refs[i]);
        char *kind = arena_alloc(e, k + 1);
        if (!kind)
            return NULL;
        memcpy(kind, refs[i], k);
        kind[k] = '\0';
        out[i].kind = kind;
        out[i].id = colon ? colon + 1 : "";
    }
    return out;
}

static const char *const *arena_strings(engine *e, char **src, size_t n)
{
    const char **out = arena_alloc(e, (n ? n : 1) * sizeof *out);
    for (size_t i = 0; out && i < n; i++)
        if (!(out[i] = arena_strdup(e, src[i])))
            return NULL;
    return out;
}

static int collect_rules(engine *e, load_state *ls)
{
    size_t n = 0, nd = 0;
    for (void *r = EnvGetNextDefrule(e->env, NULL); r; r = EnvGetNextDefrule(e->env, r)) {
        n++;
        for (struct defrule *d = r; d; d = d->disjunct)
            nd++;
    }
    engine_rule *rules = arena_alloc(e, (n ? n : 1) * sizeof *rules);
    rule_info *lookup = arena_alloc(e, (nd ? nd : 1) * sizeof *lookup);
    if (!rules || !lookup)
        return -1;
    size_t k = 0, kd = 0;
    for (void *r = EnvGetNextDefrule(e->env, NULL); r; r = EnvGetNextDefrule(e->env, r), k++) {
        engine_rule *ri = &rules[k];
        memset(ri, 0, sizeof *ri);
        ri->name = arena_strdup(e, EnvGetDefruleName(e->env, r));
        ri->file = "";
        ri->uses = ri->negated = ri->concludes = ri->thresholds = ri->values = ri->comparisons =
            ri->negated_comparisons = ri->tests = ri->conditions = arena_strings(e, NULL, 0);
        if (!ri->name || !ri->uses)
            return -1;
        const char *doc = NULL;
        for (size_t i = ls->nrules; i-- > 0;) {
            const scan_rule *sr = &ls->rules[i].scanned;
            if (strcmp(sr->name, ri->name) != 0)
                continue;
            doc = sr->doc;
            ri->file = ls->rules[i].file;
            ri->line = sr->line;
            ri->uses = arena_strings(e, sr->uses, sr->nuses);
            ri->nuses = sr->nuses;
            ri->negated = arena_strings(e, sr->negated, sr->nnegated);
            ri->nnegated = sr->nnegated;
            ri->concludes = arena_strings(e, sr->concludes, sr->nconcludes);
            ri->nconcludes = sr->nconcludes;
            ri->thresholds = arena_strings(e, sr->thresholds, sr->nthresholds);
            ri->nthresholds = sr->nthresholds;
            ri->values = arena_strings(e, sr->values, sr->nvalues);
            ri->nvalues = sr->nvalues;
            ri->comparisons = arena_strings(e, sr->comparisons, sr->ncomparisons);
            ri->ncomparisons = sr->ncomparisons;
            ri->negated_comparisons = arena_strings(e, sr->negated_comparisons,
                                                    sr->nnegated_comparisons);
            ri->nnegated_comparisons = sr->nnegated_comparisons;
            ri->tests = arena_strings(e, sr->tests, sr->ntests);
            ri->ntests = sr->ntests;
            ri->conditions = arena_strings(e, sr->conditions, sr->nconditions);
            ri->nconditions = sr->nconditions;
            ri->salience = sr->salience;
            ri->answer_patterns = sr->answer_patterns;
            if (!ri->uses || !ri->negated || !ri->concludes || !ri->thresholds || !ri->values ||
                !ri->comparisons || !ri->negated_comparisons || !ri->tests || !ri->conditions)
                return -1;
            break;
        }
        ri->use_refs = arena_refs(e, ri->uses, ri->nuses);
        ri->conclude_refs = arena_refs(e, ri->concludes, ri->nconcludes);
        if (!ri->use_refs || !ri->conclude_refs || rule_doc(e, ri, doc) != 0)
            return -1;
        for (struct defrule *d = r; d; d = d->disjunct) {
            lookup[kd].defrule = d;
            lookup[kd++].rule = ri;
        }
    }
    qsort(lookup, kd, sizeof *lookup, cmp_ptr);
    free(e->fired);
    if (!(e->fired = calloc(k ? k : 1, sizeof *e->fired)))
        return -1;
    e->rules = rules;
    e->nrules = k;
    e->lookup = lookup;
    e->nlookup = kd;
    return 0;
}

/* The path of a loaded file from its base name (the one loaded last). */
static const char *path_of(const engine *e, const char *base)
{
    for (size_t i = e->nfiles; i-- > 0;) {
        const char *p = e->files[i].path, *slash = strrchr(p, '/');
        if (strcmp(slash ? slash + 1 : p, base) == 0)
            return p;
    }
    return base;
}

/* Refuses rules whose negation is not stratified (strata.h), naming each
 * rule on a cycle through a negation. */
static int check_strata(engine *e)
{
    unsigned char *bad = malloc(e->nrules ? e->nrules : 1);
    long nbad = bad ? strata_check(e->rules, e->nrules, bad) : -1;
    if (nbad < 0)
        engine_set_error(e, "out of memory checking the rules");
    for (size_t i = 0; nbad > 0 && i < e->nrules; i++) {
        const engine_rule *r = &e->rules[i];
        if (bad[i])
            err_append(e,
                       "%s:%d: rule %s is on a cycle through a negation (not %s ...): what it "
                       "concludes depends on itself being absent, so which rule fires first, and "
                       "in batch the cases before, would decide the result",
                       path_of(e, r->file), r->line, r->name, r->negated[0]);
    }
    free(bad);
    return nbad == 0 ? 0 : -1;
}

/* ---- definitions read from the rules' facts ---------------------------------- */

static const char *slot_text(engine *e, void *fact, const char *slot)
{
    DATA_OBJECT v;
    if (!EnvGetFactSlot(e->env, fact, slot, &v))
        return NULL;
    if (GetType(v) != STRING && GetType(v) != SYMBOL)
        return NULL;
    return DOToString(v);
}

static int slot_present(engine *e, void *fact, const char *slot)
{
    return EnvDeftemplateSlotExistP(e->env, EnvFactDeftemplate(e->env, fact), slot);
}

static int slot_int(engine *e, void *fact, const char *slot, long long *out)
{
    DATA_OBJECT v;
    if (!EnvGetFactSlot(e->env, fact, slot, &v) || GetType(v) != INTEGER)
        return -1;
    *out = DOToLong(v);
    return 0;
}

/* Copies a multislot of symbols into the arena. */
static int slot_symbols(engine *e, void *fact, const char *slot, const char *const **out, size_t *n)
{
    DATA_OBJECT v;
    *out = NULL;
    *n = 0;
    if (!EnvGetFactSlot(e->env, fact, slot, &v) || GetType(v) != MULTIFIELD)
        return -1;
    long b = GetDOBegin(v), end = GetDOEnd(v);
    void *mf = GetValue(v);
    if (end < b)
        return 0;
    const char **arr = arena_alloc(e, (size_t)(end - b + 1) * sizeof *arr);
    if (!arr)
        return -1;
    for (long i = b; i <= end; i++) {
        if (GetMFType(mf, i) != SYMBOL && GetMFType(mf, i) != STRING)
            return -1;
        if (!(arr[i - b] = arena_strdup(e, ValueToString(GetMFValue(mf, i)))))
            return -1;
    }
    *out = arr;
    *n = (size_t)(end - b + 1);
    return 0;
}

/* A multislot of conditions, "question op n" repeated; absent slot: none. */
static int slot_conditions(engine *e, void *fact, const char *slot, const engine_condition **out,
                           size_t *n, const char *what)
{
    DATA_OBJECT v;
    *out = NULL;
    *n = 0;
    if (!slot_present(e, fact, slot))
        return 0;
    if (!EnvGetFactSlot(e->env, fact, slot, &v) || GetType(v) != MULTIFIELD)
        return -1;
    long b = GetDOBegin(v), end = GetDOEnd(v), len = end - b + 1;
    void *mf = GetValue(v);
    if (len <= 0)
        return 0;
    if (len % 3) {
        engine_set_error(e, "%s: %s needs conditions of three words each (question op number)",
                         what, slot);
        return -1;
    }
    engine_condition *arr = arena_alloc(e, (size_t)(len / 3) * sizeof *arr);
    if (!arr)
        return -1;
    for (long i = 0; i < len / 3; i++) {
        long k = b + 3 * i;
        const char *op = GetMFType(mf, k + 1) == SYMBOL ? ValueToString(GetMFValue(mf, k + 1)) : "";
        if (GetMFType(mf, k) != SYMBOL || GetMFType(mf, k + 2) != INTEGER ||
            (strcmp(op, "<") && strcmp(op, "<=") && strcmp(op, ">") && strcmp(op, ">=") &&
             strcmp(op, "="))) {
            engine_set_error(e, "%s: each %s condition is a question id, one of < <= > >= =, "
                             "and a whole number", what, slot);
            return -1;
        }
        arr[i].question = arena_strdup(e, ValueToString(GetMFValue(mf, k)));
        arr[i].op = arena_strdup(e, op);
        arr[i].n = ValueToLong(GetMFValue(mf, k + 2));
        if (!arr[i].question || !arr[i].op)
            return -1;
    }
    *out = arr;
    *n = (size_t)(len / 3);
    return 0;
}

/* A slot the schema may not have (an older rules directory): "" when absent. */
static const char *opt_slot(engine *e, void *fact, const char *slot, int *bad)
{
    if (!slot_present(e, fact, slot))
        return "";
    const char *s = slot_text(e, fact, slot);
    const char *d = s ? arena_strdup(e, s) : NULL;
    if (!d)
        *bad = 1;
    return d;
}

static const char *dup_slot(engine *e, void *fact, const char *slot, int *bad)
{
    const char *s = slot_text(e, fact, slot);
    const char *d = s ? arena_strdup(e, s) : NULL;
    if (!d)
        *bad = 1;
    return d;
}

static void *grow_array(engine *e, void *arr, size_t n, size_t size)
{
    void *p = arena_alloc(e, (n + 1) * size);
    if (p && n)
        memcpy(p, arr, n * size);
    return p;
}

static int cmp_question(const void *a, const void *b)
{
    const engine_question *x = a, *y = b;
    return x->priority != y->priority ? (y->priority > x->priority ? 1 : -1) : strcmp(x->id, y->id);
}

static int cmp_disposition(const void *a, const void *b)
{
    const disposition_def *x = a, *y = b;
    return (x->rank > y->rank) - (x->rank < y->rank);
}

static int read_question(engine *e, void *f)
{
    int bad = 0;
    engine_question q = { 0 };
    long long prio = 0;
    q.id = dup_slot(e, f, "id", &bad);
    q.prompt = dup_slot(e, f, "prompt", &bad);
    q.help = dup_slot(e, f, "help", &bad);
    q.source = dup_slot(e, f, "source", &bad);
    const char *type = slot_text(e, f, "type");
    const char *unknown = slot_text(e, f, "if-unknown");
    const char *red = slot_text(e, f, "red-flag");
    if (bad || !type || !unknown || !red || slot_int(e, f, "min", &q.min) ||
        slot_int(e, f, "max", &q.max) || slot_int(e, f, "priority", &prio) ||
        slot_symbols(e, f, "values", &q.values, &q.nvalues) ||
        (slot_present(e, f, "worrying") &&
         slot_symbols(e, f, "worrying", &q.worrying, &q.nworrying))) {
        engine_set_error(e, "a question definition is incomplete");
        return -1;
    }
    q.priority = (int)prio;
    q.label = opt_slot(e, f, "label", &bad);
    if (bad || slot_conditions(e, f, "asked-if", &q.asked_if, &q.nasked_if, q.id) ||
        (slot_present(e, f, "example") &&
         slot_symbols(e, f, "example", &q.examples, &q.nexamples)))
        return -1;
    q.type = strcmp(type, "yesno") == 0 ? ENGINE_YESNO
           : strcmp(type, "integer") == 0 ? ENGINE_INTEGER
           : strcmp(type, "choice") == 0 ? ENGINE_CHOICE : ENGINE_MULTI;
    q.unknown_means_yes = strcmp(unknown, "yes") == 0;
    q.red_flag = strcmp(red, "yes") == 0;
    const char *const *rel;
    size_t nrel;
    if (slot_symbols(e, f, "relevant-if", &rel, &nrel) != 0)
        return -1;
    if (nrel == 1) {
        engine_set_error(e, "question %s: relevant-if needs a question id and at least one value", q.id);
        return -1;
    }
    if (nrel >= 2) {
        q.relevant_if = rel[0];
        q.relevant_values = rel + 1;
        q.nrelevant_values = nrel - 1;
    }
    if (q.type == ENGINE_INTEGER && q.min > q.max) {
        engine_set_error(e, "question %s: min is greater than max", q.id);
        return -1;
    }
    if ((q.type == ENGINE_CHOICE || q.type == ENGINE_MULTI) && q.nvalues == 0) {
        engine_set_error(e, "question %s: a %s question needs values", q.id, type);
        return -1;
    }
    if (engine_question_index(e, q.id) >= 0) {
        engine_set_error(e, "question %s is defined twice", q.id);
        return -1;
    }
    engine_question *arr = grow_array(e, e->questions, e->nquestions, sizeof *arr);
    if (!arr)
        return -1;
    arr[e->nquestions++] = q;
    e->questions = arr;
    return 0;
}

static const disposition_def *find_disposition(const engine *e, const char *id)
{
    for (size_t i = 0; i < e->ndispositions; i++)
        if (strcmp(e->dispositions[i].id, id) == 0)
            return &e->dispositions[i];
    return NULL;
}

#define APPEND(arr, n, val)                                              \
    do {                                                                 \
        void *grown_ = grow_array(e, (arr), (n), sizeof *(arr));         \
        if (!grown_)                                                     \
            return -1;                                                   \
        (arr) = grown_;                                                  \
        (arr)[(n)++] = (val);                                            \
    } while (0)

static int read_definition(engine *e, void *f, const char *tmpl)
{
    int bad = 0;
    if (strcmp(tmpl, "question") == 0)
        return read_question(e, f);
    if (strcmp(tmpl, "disposition-def") == 0) {
        disposition_def d = { dup_slot(e, f, "id", &bad), dup_slot(e, f, "title", &bad),
                              dup_slot(e, f, "action", &bad), dup_slot(e, f, "advice", &bad), 0,
                              1, ENGINE_GO_ON, 0 };
        if (bad || slot_int(e, f, "rank", &d.rank))
            return -1;
        const char *plan = opt_slot(e, f, "plan", &bad), *mode = opt_slot(e, f, "interview", &bad);
        d.plan = strcmp(plan, "no") != 0;
        d.interview = !strcmp(mode, "stop") ? ENGINE_STOP
                    : !strcmp(mode, "raise-only") ? ENGINE_RAISE_ONLY : ENGINE_GO_ON;
        d.announce = !strcmp(opt_slot(e, f, "announce", &bad), "yes");
        if (bad)
            return -1;
        APPEND(e->dispositions, e->ndispositions, d);
    } else if (strcmp(tmpl, "trigger-def") == 0) {
        trigger_def t = { dup_slot(e, f, "id", &bad), dup_slot(e, f, "disposition", &bad),
                          dup_slot(e, f, "kind", &bad), dup_slot(e, f, "says", &bad),
                          dup_slot(e, f, "safety-net", &bad), dup_slot(e, f, "source", &bad), 0,
                          NULL, 0 };
        if (bad || slot_conditions(e, f, "net-if", &t.net_if, &t.nnet_if, t.id))
            return -1;
        APPEND(e->triggers, e->ntriggers, t);
    } else if (strcmp(tmpl, "contributor-def") == 0) {
        contributor_def c = { dup_slot(e, f, "id", &bad), dup_slot(e, f, "name", &bad),
                              dup_slot(e, f, "says", &bad), dup_slot(e, f, "source", &bad) };
        if (bad)
            return -1;
        APPEND(e->contributors, e->ncontributors, c);
    } else if (strcmp(tmpl, "recommendation-def") == 0) {
        recommendation_def r = { dup_slot(e, f, "id", &bad), dup_slot(e, f, "kind", &bad),
                                 dup_slot(e, f, "title", &bad), dup_slot(e, f, "how", &bad),
                                 dup_slot(e, f, "dose", &bad), dup_slot(e, f, "source", &bad),
                                 50, opt_slot(e, f, "rank-source", &bad) };
        if (bad || (slot_present(e, f, "rank") && slot_int(e, f, "rank", &r.rank)))
            return -1;
        APPEND(e->recs, e->nrecs, r);
    } else if (strcmp(tmpl, "caution-def") == 0) {
        caution_def c = { dup_slot(e, f, "id", &bad), dup_slot(e, f, "says", &bad),
                          dup_slot(e, f, "source", &bad), NULL, 0, NULL, 0 };
        if (bad || slot_symbols(e, f, "withholds", &c.withholds, &c.nwithholds) ||
            slot_symbols(e, f, "withholds-kinds", &c.kinds, &c.nkinds))
            return -1;
        APPEND(e->cautions, e->ncautions, c);
    } else if (strcmp(tmpl, "technique") == 0) {
        technique_def t = { dup_slot(e, f, "kind", &bad), dup_slot(e, f, "text", &bad),
                            dup_slot(e, f, "source", &bad) };
        if (bad)
            return -1;
        APPEND(e->techniques, e->ntechniques, t);
    } else if (strcmp(tmpl, "checklist") == 0) {
        engine_checklist c = { dup_slot(e, f, "id", &bad), dup_slot(e, f, "prompt", &bad),
                               dup_slot(e, f, "help", &bad), dup_slot(e, f, "source", &bad),
                               NULL, 0 };
        if (bad || slot_symbols(e, f, "items", &c.items, &c.nitems))
            return -1;
        APPEND(e->checklists, e->nchecklists, c);
    } else if (strcmp(tmpl, "answer-words") == 0 || strcmp(tmpl, "value-words") == 0) {
        int values = tmpl[0] == 'v';
        engine_words w = { values ? dup_slot(e, f, "question", &bad) : NULL,
                           values ? dup_slot(e, f, "value", &bad) : NULL,
                           values ? NULL : dup_slot(e, f, "means", &bad),
                           values ? dup_slot(e, f, "label", &bad) : "", NULL, 0 };
        if (bad || slot_symbols(e, f, "words", &w.words, &w.nwords))
            return -1;
        APPEND(e->words, e->nwords, w);
    } else if (strcmp(tmpl, "override") == 0) {
        engine_override o = { dup_slot(e, f, "kind", &bad), dup_slot(e, f, "id", &bad),
                              dup_slot(e, f, "reason", &bad) };
        if (bad)
            return -1;
        APPEND(e->overrides, e->noverrides, o);
    } else if (strcmp(tmpl, "policy") == 0) {
        if (slot_int(e, f, "version", &e->policy))
            return -1;
    } else if (strcmp(tmpl, "notice") == 0) {
        notice_def n = { dup_slot(e, f, "id", &bad), dup_slot(e, f, "text", &bad) };
        if (bad)
            return -1;
        APPEND(e->notices, e->nnotices, n);
    }
    return 0;
}

/* The id of a definition fact: its id slot, or for a technique its kind. */
static const char *definition_id(engine *e, void *f)
{
    return slot_present(e, f, "id") ? slot_text(e, f, "id")
         : slot_present(e, f, "kind") ? slot_text(e, f, "kind") : NULL;
}

/* Retracts every definition that an override fact declares replaced: of the
 * facts of that template and id, only the last (the overlay's) stays. Called
 * after every reset, which asserts them all again. */
static int drop_overridden(engine *e)
{
    size_t n = 0, cap = 0;
    void **doomed = NULL;
    int rc = 0;
    for (void *o = EnvGetNextFact(e->env, NULL); o && rc == 0; o = EnvGetNextFact(e->env, o)) {
        if (strcmp(EnvGetDeftemplateName(e->env, EnvFactDeftemplate(e->env, o)), "override") != 0)
            continue;
        const char *kind = slot_text(e, o, "kind"), *id = slot_text(e, o, "id");
        if (!kind || !id || strcmp(kind, "rule") == 0)
            continue;
        void *last = NULL;
        for (void *f = EnvGetNextFact(e->env, NULL); f && rc == 0; f = EnvGetNextFact(e->env, f)) {
            const char *fid;
            if (strcmp(EnvGetDeftemplateName(e->env, EnvFactDeftemplate(e->env, f)), kind) != 0 ||
                !(fid = definition_id(e, f)) || strcmp(fid, id) != 0)
                continue;
            if (last) {
                if (n == cap) {
                    void **grown = realloc(doomed, (cap = cap ? 2 * cap : 8) * sizeof *grown);
                    if (!grown) {
                        rc = -1;
                        break;
                    }
                    doomed = grown;
                }
                doomed[n++] = last;
            }
            last = f;
        }
    }
    for (size_t i = 0; i < n && rc == 0; i++)
        EnvRetract(e->env, doomed[i]);
    free(doomed);
    return rc;
}

static int read_definitions(engine *e)
{
    static const struct { const char *name; size_t off; } tmpl[] = {
        { "answer", offsetof(engine, t_answer) },
        { "trigger", offsetof(engine, t_trigger) },
        { "contributor", offsetof(engine, t_contributor) },
        { "finding", offsetof(engine, t_finding) },
        { "cause", offsetof(engine, t_cause) },
        { "recommend", offsetof(engine, t_recommend) },
        { "caution", offsetof(engine, t_caution) },
        { "assumption", offsetof(engine, t_assumption) },
    };
    for (size_t i = 0; i < sizeof tmpl / sizeof *tmpl; i++) {
        void *t = EnvFindDeftemplate(e->env, tmpl[i].name);
        if (!t) {
            engine_set_error(e, "the rules define no '%s' template (is 00-schema.clp loaded?)",
                             tmpl[i].name);
            return -1;
        }
        *(void **)((char *)e + tmpl[i].off) = t;
    }

    EnvReset(e->env);
    if (drop_overridden(e) != 0) {
        engine_set_error(e, "out of memory reading the rules");
        return -1;
    }
    for (void *f = EnvGetNextFact(e->env, NULL); f; f = EnvGetNextFact(e->env, f)) {
        const char *name = EnvGetDeftemplateName(e->env, EnvFactDeftemplate(e->env, f));
        if (read_definition(e, f, name) != 0) {
            if (e->errlen == 0)
                engine_set_error(e, "a %s definition is incomplete or out of memory", name);
            return -1;
        }
    }

    if (e->ndispositions == 0 || e->nquestions == 0 || e->nnotices == 0) {
        engine_set_error(e, "the rules define no %s",
                         e->ndispositions == 0 ? "dispositions" : e->nquestions == 0 ? "questions" : "notice");
        return -1;
    }
    for (size_t i = 0; i < e->ntriggers; i++) {
        const disposition_def *d = find_disposition(e, e->triggers[i].disposition);
        if (!d) {
            engine_set_error(e, "trigger %s leads to undefined disposition %s",
                             e->triggers[i].id, e->triggers[i].disposition);
            return -1;
        }
        e->triggers[i].rank = d->rank;
    }
    for (size_t i = 0; i < e->nquestions; i++) {
        const char *rel = e->questions[i].relevant_if;
        if (rel && engine_question_index(e, rel) < 0) {
            engine_set_error(e, "question %s is relevant-if undefined question %s",
                             e->questions[i].id, rel);
            return -1;
        }
    }
    qsort(e->questions, e->nquestions, sizeof *e->questions, cmp_question);
    qsort(e->dispositions, e->ndispositions, sizeof *e->dispositions, cmp_disposition);
    e->answers = calloc(e->nquestions, sizeof *e->answers);
    if (!e->answers || index_questions(e) != 0)
        return -1;
    e->last_index = e->base_index =
        FactData(e->env)->LastFact ? FactData(e->env)->LastFact->factIndex : 0;
    return 0;
}

static void free_rules(load_state *ls)
{
    for (size_t i = 0; i < ls->nrules; i++)
        scan_rule_free(&ls->rules[i].scanned);
    free(ls->rules);
    ls->rules = NULL;
    ls->nrules = 0;
}

/* Replaces an environment a refused image left unusable with a new one. */
static int renew_env(engine *e)
{
    DestroyEnvironment(e->env);
    e->env = NULL;
    if (create_env(e) == 0)
        return 0;
    engine_set_error(e, "out of memory creating the rule engine");
    return -1;
}

int engine_load(engine *e, const char *const *dirs, size_t ndirs)
{
    err_clear(e);
    unload(e);
    if (create_env(e) != 0) {
        engine_set_error(e, "out of memory creating the rule engine");
        return -1;
    }
    load_state ls = { 0 };
    sha256_init(&ls.all);
    int rc = 0;
    if (ndirs == 0) {
        engine_set_error(e, "no rules directory given");
        rc = -1;
    }
    for (size_t i = 0; i < ndirs && rc == 0; i++)
        rc = load_dir(e, &ls, dirs[i]);
    if (rc == 0) {
        uint8_t digest[SHA256_DIGEST_SIZE];
        sha256_digest(&ls.all, sizeof digest, digest);
        hex(digest, sizeof digest, e->version);
    }
    if (rc == 0 && e->image_dir) {
        char *meta = NULL;
        size_t metalen = 0;
        int im = image_load(e, e->image_dir, e->version, &meta, &metalen);
        if (im == 0 && meta_read(&ls, meta, metalen) == 0) {
            e->from_image = 1;
        } else {
            free_rules(&ls);
            if (im != -1)
                rc = renew_env(e);
        }
        free(meta);
    }
    for (size_t i = 0; i < ls.nsrc && rc == 0 && !e->from_image; i++)
        rc = compile_source(e, &ls, &ls.src[i], 1);
    if (rc == 0 && collect_rules(e, &ls) != 0) {
        engine_set_error(e, "out of memory reading the rules");
        rc = -1;
    }
    if (rc == 0)
        rc = check_strata(e);
    if (rc == 0)
        rc = read_definitions(e);
    if (rc == 0 && e->image_dir && !e->from_image) {
        jbuf meta = { 0 };
        meta_write(&ls, &meta);
        if (!meta.oom)
            image_save(e, e->image_dir, e->version, meta.p, meta.len);
        jbuf_free(&meta);
    }
    free_rules(&ls);
    for (size_t i = 0; i < ls.nsrc; i++)
        free(ls.src[i].text);
    free(ls.src);
    if (rc != 0) {
        char *keep = e->err;
        size_t keeplen = e->errlen, keepcap = e->errcap;
        e->err = NULL;
        e->errlen = e->errcap = 0;
        unload(e);
        free(e->err);
        e->err = keep;
        e->errlen = keeplen;
        e->errcap = keepcap;
        return -1;
    }
    return 0;
}

/* ---- answers and runs ---------------------------------------------------------- */


static int is_unknown(const json_t *v)
{
    return json_is_string(v) && strcmp(json_string_value(v), "unknown") == 0;
}

static int allowed_value(const engine_question *q, const char *s)
{
    for (size_t i = 0; i < q->nvalues; i++)
        if (strcmp(q->values[i], s) == 0)
            return 1;
    return 0;
}

static void set_values_error(engine *e, const engine_question *q, const char *lead)
{
    char buf[1024];
    size_t n = (size_t)snprintf(buf, sizeof buf, "%s", lead);
    for (size_t i = 0; i < q->nvalues && n < sizeof buf; i++)
        n += (size_t)snprintf(buf + n, sizeof buf - n, "%s\"%s\"", i ? ", " : "", q->values[i]);
    engine_set_error(e, "%s, or \"unknown\"", buf);
}

static int validate(engine *e, const engine_question *q, const json_t *v)
{
    if (is_unknown(v))
        return 0;
    switch (q->type) {
    case ENGINE_YESNO:
        if (json_is_string(v) && (strcmp(json_string_value(v), "yes") == 0 ||
                                  strcmp(json_string_value(v), "no") == 0))
            return 0;
        engine_set_error(e, "expected \"yes\", \"no\" or \"unknown\"");
        return -1;
    case ENGINE_INTEGER:
        if (json_is_integer(v) && json_integer_value(v) >= q->min && json_integer_value(v) <= q->max)
            return 0;
        if (json_is_integer(v))
            engine_set_error(e, "%lld is out of range: expected an integer from %lld to %lld",
                             (long long)json_integer_value(v), q->min, q->max);
        else
            engine_set_error(e, "expected an integer from %lld to %lld, or \"unknown\"", q->min, q->max);
        return -1;
    case ENGINE_CHOICE:
        if (json_is_string(v) && allowed_value(q, json_string_value(v)))
            return 0;
        set_values_error(e, q, "expected one of ");
        return -1;
    case ENGINE_MULTI:
        if (!json_is_array(v)) {
            set_values_error(e, q, "expected a list of ");
            return -1;
        }
        for (size_t i = 0; i < json_array_size(v); i++) {
            const json_t *item = json_array_get(v, i);
            if (!json_is_string(item) || !allowed_value(q, json_string_value(item))) {
                set_values_error(e, q, "each item must be one of ");
                return -1;
            }
            for (size_t j = 0; j < i; j++)
                if (json_equal(item, json_array_get(v, j))) {
                    engine_set_error(e, "\"%s\" is given twice", json_string_value(item));
                    return -1;
                }
        }
        return 0;
    }
    return -1;
}

/* The symbol for an answer's value: the common ones are held already. */
static void *value_symbol(engine *e, const char *s)
{
    if (strcmp(s, "yes") == 0)
        return e->sym_yes;
    if (strcmp(s, "no") == 0)
        return e->sym_no;
    if (strcmp(s, "unknown") == 0)
        return e->sym_unknown;
    return EnvAddSymbol(e->env, s);
}

static void *assert_answer(engine *e, long qi, const json_t *v)
{
    void *env = e->env;
    struct fact *f = EnvCreateFact(env, e->t_answer);
    if (!f)
        return NULL;
    DATA_OBJECT d;
    SetType(d, SYMBOL);
    SetValue(d, e->qsym[qi]);
    int ok = EnvPutFactSlot(env, f, "id", &d);

    size_t n = json_is_array(v) ? json_array_size(v) : 1;
    void *mf = EnvCreateMultifield(env, (long)n);
    for (size_t i = 0; i < n; i++) {
        const json_t *item = json_is_array(v) ? json_array_get(v, i) : v;
        if (json_is_integer(item)) {
            SetMFType(mf, (long)i + 1, INTEGER);
            SetMFValue(mf, (long)i + 1, EnvAddLong(env, json_integer_value(item)));
        } else {
            SetMFType(mf, (long)i + 1, SYMBOL);
            SetMFValue(mf, (long)i + 1, value_symbol(e, json_string_value(item)));
        }
    }
    SetType(d, MULTIFIELD);
    SetValue(d, mf);
    SetDOBegin(d, 1);
    SetDOEnd(d, (long)n);
    ok = ok && EnvPutFactSlot(env, f, "value", &d);
    SetType(d, SYMBOL);
    SetValue(d, e->sym_given);
    ok = ok && EnvPutFactSlot(env, f, "origin", &d) && EnvAssignFactSlotDefaults(env, f);
    if (!ok) {
        ReturnFact(env, f);
        return NULL;
    }
    void *a = EnvAssert(env, f);
    if (a)
        EnvIncrementFactCount(env, a);
    return a;
}

static void drop_answer(engine *e, answer_slot *slot)
{
    if (slot->fact) {
        EnvRetract(e->env, slot->fact);
        EnvDecrementFactCount(e->env, slot->fact);
        slot->fact = NULL;
    }
    json_decref(slot->value);
    slot->value = NULL;
}

/* After the answers are retracted, keeps only the derivation steps that still
 * have a live conclusion (those that rest on the definitions alone). */
static int compact_steps(engine *e)
{
    unsigned char *keep = calloc(e->nsteps ? e->nsteps : 1, 1);
    if (!keep)
        return -1;
    for (struct fact *f = FactData(e->env)->LastFact; f && f->factIndex > e->base_index;
         f = f->previousFact)
        if ((size_t)f->factIndex < e->capfact && e->fact_step[f->factIndex])
            keep[e->fact_step[f->factIndex] - 1] = 1;
    size_t ns = 0, ni = 0;
    for (size_t k = 0; k < e->nsteps; k++) {
        step st = e->steps[k];
        for (size_t j = 0; j < st.nconcl; j++)
            e->fact_step[e->idx[st.concl + j]] = keep[k] ? (uint32_t)(ns + 1) : 0;
        if (!keep[k])
            continue;
        memmove(e->idx + ni, e->idx + st.basis, st.nbasis * sizeof *e->idx);
        st.basis = ni;
        ni += st.nbasis;
        memmove(e->idx + ni, e->idx + st.concl, st.nconcl * sizeof *e->idx);
        st.concl = ni;
        ni += st.nconcl;
        e->steps[ns++] = st;
    }
    e->nsteps = ns;
    e->nidx = ni;
    free(keep);
    return 0;
}

int engine_reset(engine *e)
{
    err_clear(e);
    if (e->nquestions == 0) {
        engine_set_error(e, "no rules are loaded");
        return -1;
    }
    for (size_t i = 0; i < e->nquestions; i++)
        drop_answer(e, &e->answers[i]);
    e->ran = 0;
    if (!e->need_full_reset && !e->oom && e->last_index < FAST_RESET_MAX_INDEX &&
        compact_steps(e) == 0)
        return 0;
    clear_case(e);
    EnvReset(e->env);
    if (drop_overridden(e) != 0) {
        engine_set_error(e, "out of memory");
        e->need_full_reset = 1;
        return -1;
    }
    e->last_index = e->base_index =
        FactData(e->env)->LastFact ? FactData(e->env)->LastFact->factIndex : 0;
    return 0;
}

/* The engine's own reference to an answer's value: the common words are
 * shared, anything else is copied. */
static json_t *keep_value(engine *e, const json_t *v)
{
    if (json_is_string(v)) {
        const char *s = json_string_value(v);
        json_t **shared = strcmp(s, "yes") == 0 ? &e->json_yes
                        : strcmp(s, "no") == 0 ? &e->json_no
                        : strcmp(s, "unknown") == 0 ? &e->json_unknown : NULL;
        if (shared) {
            if (!*shared)
                *shared = json_string(s);
            return json_incref(*shared);
        }
    }
    return json_deep_copy(v);
}

/* Records a validated value as the answer to question i, replacing an
 * earlier one. */
static int record_answer(engine *e, long i, const json_t *value)
{
    const engine_question *q = &e->questions[i];
    json_t *copy = keep_value(e, value);
    if (!copy) {
        engine_set_error(e, "out of memory");
        return -1;
    }
    void *fact = NULL;
    if (!(q->type == ENGINE_INTEGER && is_unknown(value))) {
        fact = assert_answer(e, i, value);
        if (!fact) {
            json_decref(copy);
            engine_set_error(e, "could not record the answer to %s", q->id);
            return -1;
        }
    }
    drop_answer(e, &e->answers[i]);
    e->answers[i].value = copy;
    e->answers[i].fact = fact;
    e->ran = 0;
    return 0;
}

int engine_set_answers(engine *e, const json_t *answers, const char **bad)
{
    *bad = NULL;
    err_clear(e);
    if (e->nquestions == 0) {
        engine_set_error(e, "no rules are loaded");
        return -1;
    }
    if (answers && !json_is_object(answers)) {
        engine_set_error(e, "the answers must be an object");
        return -1;
    }
    if ((e->need_full_reset || e->oom || e->last_index >= FAST_RESET_MAX_INDEX) &&
        engine_reset(e) != 0)
        return -1;
    const char *key;
    json_t *value;
    json_object_foreach((json_t *)answers, key, value) {
        long i = engine_question_index(e, key);
        if (i < 0) {
            engine_set_error(e, "unknown question id \"%s\"", key);
            *bad = key;
            return -1;
        }
        if (validate(e, &e->questions[i], value) != 0) {
            *bad = key;
            return -1;
        }
    }
    e->ran = 0;
    for (size_t i = 0; i < e->nquestions; i++) {
        const json_t *now = answers ? json_object_get(answers, e->questions[i].id) : NULL;
        const json_t *was = e->answers[i].value;
        if (now ? was && json_equal(now, was) : !was)
            continue;
        if (!now)
            drop_answer(e, &e->answers[i]);
        else if (record_answer(e, (long)i, now) != 0)   /* checked above */
            return -1;
    }
    if (e->nsteps > STEPS_BEFORE_COMPACTING && compact_steps(e) != 0) {
        engine_set_error(e, "out of memory");
        return -1;
    }
    return 0;
}

int engine_answer(engine *e, const char *id, const json_t *value)
{
    err_clear(e);
    long i = engine_question_index(e, id);
    if (i < 0) {
        engine_set_error(e, "unknown question id \"%s\"", id);
        return -1;
    }
    if (validate(e, &e->questions[i], value) != 0)
        return -1;
    return record_answer(e, i, value);
}

int engine_check_answer(engine *e, const char *id, const json_t *value)
{
    err_clear(e);
    long i = engine_question_index(e, id);
    if (i < 0) {
        engine_set_error(e, "unknown question id \"%s\"", id);
        return -1;
    }
    return validate(e, &e->questions[i], value);
}

int engine_unanswer(engine *e, const char *id)
{
    err_clear(e);
    long i = engine_question_index(e, id);
    if (i < 0) {
        engine_set_error(e, "unknown question id \"%s\"", id);
        return -1;
    }
    drop_answer(e, &e->answers[i]);
    e->ran = 0;
    return 0;
}

void engine_log_changes(engine *e, int on)
{
    e->logging = on;
    engine_clear_changes(e);
}

void engine_clear_changes(engine *e)
{
    e->nlog = 0;
    e->log_lost = 0;
    if (e->logtext)
        jbuf_clear(e->logtext);
}

size_t engine_change_count(const engine *e)
{
    return e->log_lost ? SIZE_MAX : e->nlog;
}

const char *engine_change_at(engine *e, size_t i)
{
    return i < e->nlog && !e->log_lost ? e->logtext->p + e->log[i] : NULL;
}

static int probe(engine *e, const char *id, const json_t *value, int *quiet, json_t *prev,
                 unsigned long long before);

int engine_probe(engine *e, const char *id, const json_t *value, int *quiet)
{
    if (quiet)
        *quiet = 0;
    if (!e->ran) {
        engine_set_error(e, "no successful run since the answers last changed");
        return -1;
    }
    long i = engine_question_index(e, id);
    if (i < 0) {
        engine_set_error(e, "unknown question id \"%s\"", id);
        return -1;
    }
    json_t *prev = json_incref(e->answers[i].value);
    unsigned long long before = e->changes;
    int logging = e->logging;
    e->logging = 0;   /* a probe leaves the facts as they were: nothing to log */
    int rc = probe(e, id, value, quiet, prev, before);
    e->logging = logging;
    if (rc < 0 && logging)
        e->log_lost = 1;   /* what the failed probe left is unknown */
    json_decref(prev);
    return rc;
}

/* engine_probe() once the question is known and logging is paused; prev is
 * borrowed. */
static int probe(engine *e, const char *id, const json_t *value, int *quiet, json_t *prev,
                 unsigned long long before)
{
    if (engine_answer(e, id, value) != 0)
        return -1;
    int rc, changed = e->changes != before;
    if (!prev && !changed && !EnvGetNextActivation(e->env, NULL)) {
        /* no conclusion came or went and no rule can fire: nothing changes.
         * Taking the answer back may let a rule it blocked (an assumption
         * that it was not reported) fire again. */
        rc = engine_unanswer(e, id);
        if (rc == 0 && EnvGetNextActivation(e->env, NULL))
            rc = engine_run(e);
        else
            e->ran = rc == 0;
        if (quiet)
            *quiet = rc == 0;
        return rc == 0 ? 0 : -1;
    }
    int ran_quiet = 0;
    if (!changed) {
        e->probing = 1;
        e->probe_answers = 0;
        rc = engine_run(e);
        e->probing = 0;
        changed = rc != 0 || e->changes != before;
        ran_quiet = !prev && !changed && !e->probe_answers;
    }
    rc = prev ? engine_answer(e, id, prev) : engine_unanswer(e, id);
    if (rc == 0)
        rc = engine_run(e);
    if (quiet)
        *quiet = rc == 0 && ran_quiet;
    return rc == 0 ? changed : -1;
}

const json_t *engine_answer_value(const engine *e, const char *id)
{
    long i = engine_question_index(e, id);
    return i < 0 ? NULL : e->answers[i].value;
}

int engine_run(engine *e)
{
    err_clear(e);
    if (e->nquestions == 0) {
        engine_set_error(e, "no rules are loaded");
        return -1;
    }
    void *env = e->env;
    SetHaltExecution(env, FALSE);
    SetEvaluationError(env, FALSE);
    EnvSetHaltRules(env, FALSE);
    e->over_budget = 0;
    e->ran = 0;
    e->clips_errlen = 0;
    e->clips_err[0] = '\0';
    clock_gettime(CLOCK_MONOTONIC, &e->run_start);
    struct fact *last = FactData(env)->LastFact;
    if (last && last->factIndex > e->last_index)
        e->last_index = last->factIndex;

    e->running = 1;
    e->need_full_reset = 1;
    long long fired = EnvRun(env, e->max_firings);
    e->running = 0;

    if (e->oom) {
        engine_set_error(e, "out of memory recording the reasoning");
        return -1;
    }
    if (e->over_budget) {
        engine_set_error(e, "the rules ran over their time or memory budget and were stopped");
        return -1;
    }
    if (GetEvaluationError(env) || GetHaltExecution(env)) {
        char msg[512];
        clips_error_line(e->clips_err, msg, sizeof msg);
        engine_set_error(e, "a rule failed while running: %s", msg[0] ? msg : "evaluation error");
        return -1;
    }
    if (fired >= e->max_firings && EnvGetNextActivation(env, NULL)) {
        engine_set_error(e, "stopped after %lld rule firings: the rules may loop", fired);
        return -1;
    }
    e->need_full_reset = 0;
    e->ran = 1;
    return 0;
}
