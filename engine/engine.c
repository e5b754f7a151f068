/* engine.c: the engine's lifecycle and errors, the CLIPS environment with
 * the callbacks that record what fires and what changes, and look-ups in the
 * loaded base. Loading is in load.c, answers and runs in answers.c, reading
 * a result back in result.c, compiled images in image.c, the rule graph in
 * graph.c: every CLIPS call of the project is in engine/. */
#include "internal.h"
#include "jbuf.h"
#include "scan.h"

#include <clips.h>

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define RUN_BUDGET_NS (5LL * 1000 * 1000 * 1000)
#define RUN_BUDGET_MEM (512L * 1024 * 1024)

/* ---- arena: the loaded knowledge base's strings and arrays ---------------- */

struct arena_block {
    arena_block *next;
    size_t used, cap;
    max_align_t data[];
};

void *eng_arena_alloc(engine *e, size_t n)
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

const char *eng_arena_strdup(engine *e, const char *s)
{
    size_t n = strlen(s) + 1;
    char *p = eng_arena_alloc(e, n);
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

void eng_err_append(engine *e, const char *fmt, ...)
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

void eng_err_clear(engine *e)
{
    e->errlen = 0;
    if (e->err)
        e->err[0] = '\0';
}

void engine_set_error(engine *e, const char *fmt, ...)
{
    va_list ap;
    eng_err_clear(e);
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
void eng_clips_error_line(const char *text, char *out, size_t outlen)
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
void eng_clips_plain(const char *raw, char *out, size_t outlen)
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
    eng_clips_error_line(error, raw, sizeof raw);
    eng_clips_plain(raw, msg, sizeof msg);
    (void)warning;
    eng_err_append(e, "%s:%ld: %s", e->load_file ? e->load_file : "?", line, msg);
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

int eng_create_env(engine *e)
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

void eng_clear_case(engine *e)
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

void eng_unload(engine *e)
{
    eng_clear_case(e);
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
    e->wordings = NULL;
    e->nwordings = 0;
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
    eng_unload(e);
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
size_t engine_notice_count(const engine *e) { return e->nnotices; }
const char *engine_notice_at(const engine *e, size_t i) { return i < e->nnotices ? e->notices[i].text : NULL; }
size_t engine_checklist_count(const engine *e) { return e->nchecklists; }
const engine_checklist *engine_checklist_at(const engine *e, size_t i) { return i < e->nchecklists ? &e->checklists[i] : NULL; }
size_t engine_words_count(const engine *e) { return e->nwords; }
const engine_words *engine_words_at(const engine *e, size_t i) { return i < e->nwords ? &e->words[i] : NULL; }
size_t engine_disposition_count(const engine *e) { return e->ndispositions; }
const engine_disposition_info *engine_disposition_at(const engine *e, size_t i) { return i < e->ndispositions ? &e->dispositions[i] : NULL; }

size_t engine_wording_count(const engine *e) { return e->nwordings; }
const engine_wording_def *engine_wording_at(const engine *e, size_t i) { return i < e->nwordings ? &e->wordings[i] : NULL; }
size_t engine_technique_count(const engine *e) { return e->ntechniques; }
const engine_technique *engine_technique_at(const engine *e, size_t i) { return i < e->ntechniques ? &e->techniques[i] : NULL; }

const char *engine_wording(const engine *e, const char *id)
{
    for (size_t i = 0; i < e->nwordings; i++)
        if (strcmp(e->wordings[i].id, id) == 0)
            return *e->wordings[i].text ? e->wordings[i].text : NULL;
    return NULL;
}

const engine_technique *engine_technique_find(const engine *e, const char *kind)
{
    for (size_t i = 0; i < e->ntechniques; i++)
        if (strcmp(e->techniques[i].kind, kind) == 0)
            return &e->techniques[i];
    return NULL;
}

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
int eng_index_questions(engine *e)
{
    size_t *order = eng_arena_alloc(e, (e->nquestions ? e->nquestions : 1) * sizeof *order);
    void **sym = eng_arena_alloc(e, (e->nquestions ? e->nquestions : 1) * sizeof *sym);
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

int eng_cmp_ptr(const void *a, const void *b)
{
    uintptr_t x = (uintptr_t)((const rule_info *)a)->defrule;
    uintptr_t y = (uintptr_t)((const rule_info *)b)->defrule;
    return x < y ? -1 : x > y;
}

const engine_rule *engine_rule_info(const engine *e, void *defrule)
{
    rule_info key = { .defrule = defrule, .rule = NULL };
    const rule_info *ri = bsearch(&key, e->lookup, e->nlookup, sizeof key, eng_cmp_ptr);
    return ri ? ri->rule : NULL;
}
