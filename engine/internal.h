/* internal.h: the engine's private state, shared by engine.c (lifecycle, the
 * CLIPS environment, look-ups), load.c (loading), answers.c (answers, runs),
 * result.c (reading a result back), image.c and graph.c. Not installed;
 * nothing outside engine/ includes it. */
#ifndef TRIAGE_ENGINE_INTERNAL_H
#define TRIAGE_ENGINE_INTERNAL_H

#include "engine.h"

#include <stdint.h>
#include <time.h>

typedef struct rule_info {
    void *defrule;             /* CLIPS defrule (or one of its disjuncts), the lookup key */
    const engine_rule *rule;
} rule_info;

typedef struct file_info {
    const char *path;
    char sha256[65];
} file_info;

typedef engine_disposition_info disposition_def;

typedef engine_trigger trigger_def;
typedef engine_contributor contributor_def;
typedef engine_recommendation recommendation_def;
typedef engine_caution caution_def;

typedef engine_technique technique_def;
typedef engine_wording_def wording_def;

typedef struct notice_def {
    const char *id, *text;
} notice_def;

typedef struct answer_slot {
    json_t *value;        /* owned; NULL when not answered */
    void *fact;           /* CLIPS fact held with a busy count, or NULL */
} answer_slot;

typedef struct step {
    const engine_rule *rule;
    size_t basis, nbasis; /* offsets into engine.idx */
    size_t concl, nconcl;
} step;

typedef struct arena_block arena_block;
typedef struct result_state result_state;

struct engine {
    /* the CLIPS environment and errors (engine.c) */
    void *env;
    char *err;                   /* error text, grows */
    size_t errlen, errcap;
    char clips_err[512];         /* what CLIPS last wrote to werror */
    size_t clips_errlen;
    long clips_err_line;         /* line being parsed when werror was first written */

    /* the loaded base (load.c) */
    const char *load_file;       /* file being loaded, for parse errors */
    char *image_dir;             /* where compiled images are kept, or NULL */
    int from_image;              /* the loaded rules came from a compiled image */
    arena_block *arena;          /* strings and arrays of the loaded base */
    engine_rule *rules; size_t nrules;    /* in definition order */
    rule_info *lookup; size_t nlookup;    /* sorted by defrule pointer */
    file_info *files; size_t nfiles;
    char version[65];
    engine_question *questions; size_t nquestions;
    size_t *qsorted;             /* question indexes in id order, for lookups */
    void **qsym;                 /* each question's id symbol, held */
    disposition_def *dispositions; size_t ndispositions;
    trigger_def *triggers; size_t ntriggers;
    contributor_def *contributors; size_t ncontributors;
    recommendation_def *recs; size_t nrecs;
    caution_def *cautions; size_t ncautions;
    technique_def *techniques; size_t ntechniques;
    notice_def *notices; size_t nnotices;
    wording_def *wordings; size_t nwordings;
    engine_checklist *checklists; size_t nchecklists;
    engine_words *words; size_t nwords;
    engine_override *overrides; size_t noverrides;
    long long policy;            /* the policy version the rules implement, 0 when not said */
    void *t_answer, *t_trigger, *t_contributor, *t_finding, *t_cause,
         *t_recommend, *t_caution, *t_assumption;

    /* the case's answers (answers.c) */
    answer_slot *answers;        /* one per question, same order */
    void *sym_given, *sym_yes, *sym_no, *sym_unknown;   /* held symbols */
    json_t *json_yes, *json_no, *json_unknown;          /* shared answer values, or NULL */

    /* runs and their budget (answers.c, engine.c's callbacks) */
    int ran;                     /* a run succeeded since the last change */
    long long max_firings;
    struct timespec run_start;
    int running;                 /* inside engine_run(): the budget applies */
    int over_budget;             /* a run exceeded its time or memory budget */
    int need_full_reset;         /* a run failed: the next reset starts from scratch */

    /* the derivation, recorded as rules fire (engine.c's callbacks) */
    unsigned long long *fired;   /* per rule: times fired since the load (malloc'd) */
    step *steps; size_t nsteps, capsteps;
    long long *idx; size_t nidx, capidx;
    uint32_t *fact_step; size_t capfact;   /* fact index -> step + 1 */
    long long last_index;        /* highest fact index already attributed */
    long long base_index;        /* facts up to this index are definitions */
    int oom;                     /* derivation recording ran out of memory */

    /* probes and the log of what changed (answers.c) */
    int probing;                 /* inside engine_probe(): stop at the first conclusion */
    int probe_answers;           /* a probe's run had a rule conclude an answer */
    unsigned long long changes;  /* conclusions asserted or retracted so far */
    int logging;                 /* engine_log_changes() is on */
    int log_lost;                /* the log ran out of memory */
    size_t *log; size_t nlog, caplog;    /* logged changes: offsets into logtext */
    struct jbuf *logtext;        /* their "template:id" keys, NUL-separated */

    /* the result (result.c) */
    result_state *rs;            /* rendered definitions and buffers, or NULL */
};

/* Sets the error text (printf-style), replacing what was there. */
void engine_set_error(engine *e, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Loads the compiled image of the rules with this version from dir into e's
 * new, empty environment, and gives back the rules' metadata saved with it
 * (*meta, NUL-terminated, the caller frees). Returns 0 when loaded; -1 when
 * there is none (or it is not private to the user, or damaged), the
 * environment untouched; -2 when CLIPS refused it, the environment then
 * unusable. */
int image_load(engine *e, const char *dir, const char *version, char **meta, size_t *metalen);

/* Saves e's constructs, with the rules' metadata, as the compiled image of
 * version in dir (made private to the user), replacing any earlier one at
 * once, and keeps only the newest few images there. Returns 0 or -1; nothing
 * depends on it succeeding. */
int image_save(engine *e, const char *dir, const char *version, const char *meta, size_t metalen);

/* Frees result.c's state for the loaded base (made again when needed). */
void engine_result_forget(engine *e);

/* The rule of a CLIPS defrule (or disjunct), or NULL. */
const engine_rule *engine_rule_info(const engine *e, void *defrule);

/* ---- shared by engine.c, load.c and answers.c ---- */

/* Memory for the loaded base, freed all at once when it is unloaded; NULL
 * when out of memory. */
void *eng_arena_alloc(engine *e, size_t n);
const char *eng_arena_strdup(engine *e, const char *s);

/* Adds to, or clears, the error engine_errmsg() reports. */
void eng_err_append(engine *e, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void eng_err_clear(engine *e);

/* A CLIPS error as one line ("[CODE] message", its lines joined); and, for
 * the errors rule files commonly meet, what a clinician should change, the
 * CLIPS text kept after it. At most outlen bytes. */
void eng_clips_error_line(const char *text, char *out, size_t outlen);
void eng_clips_plain(const char *raw, char *out, size_t outlen);

/* A fresh CLIPS environment with the engine's routers and callbacks, and the
 * functions rules may not call removed; -1 when it cannot be made. */
int eng_create_env(engine *e);

/* Forgets the case's answers and derivation, or the whole loaded base. */
void eng_clear_case(engine *e);
void eng_unload(engine *e);

/* Sorts the questions by id for engine_question_find(); -1 out of memory. */
int eng_index_questions(engine *e);

/* Orders pointers by address (the rule look-up table). */
int eng_cmp_ptr(const void *a, const void *b);

/* Retracts the definitions an overlay overrides (after every reset). */
int eng_drop_overridden(engine *e);

#endif
