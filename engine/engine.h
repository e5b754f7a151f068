/* engine.h: the triage inference engine behind an opaque handle.
 *
 * The only module that touches CLIPS. It loads a knowledge base of rule files
 * (treated as untrusted input), takes answers as typed facts, runs the rules and
 * reads back an explained result in the JSON of case-format.md.
 *
 * Ownership: every `const char *` and `const engine_question *` returned by an
 * engine function is borrowed from the handle and stays valid until the next
 * engine_load() or engine_free() on it (error texts: until the next call on the
 * handle). A `json_t *` returned by engine_result() is a new reference owned by
 * the caller. A `const json_t *` passed in is only read. An engine_source is
 * the caller's, and what it lends stays valid until engine_source_free().
 *
 * Errors: functions return 0 on success and -1 on failure, constructors NULL;
 * the reason is in engine_errmsg(). The engine never prints.
 */
#ifndef TRIAGE_ENGINE_H
#define TRIAGE_ENGINE_H

#include <stddef.h>
#include <jansson.h>

typedef struct engine engine;

typedef enum {
    ENGINE_YESNO,   /* "yes" | "no" | "unknown" */
    ENGINE_INTEGER, /* integer in [min, max], or "unknown" */
    ENGINE_CHOICE,  /* one of values, or "unknown" */
    ENGINE_MULTI    /* array of distinct values, or "unknown" */
} engine_qtype;

/* A condition on a number answer, "question OP n" (asked-if, net-if). */
typedef struct engine_condition {
    const char *question;
    const char *op;                 /* "<", "<=", ">", ">=" or "=" */
    long long n;
} engine_condition;

typedef struct engine_question {
    const char *id;
    const char *prompt;
    const char *help;               /* "" when none */
    const char *source;
    engine_qtype type;
    const char *const *values;      /* allowed values (choice, multi) */
    size_t nvalues;
    long long min, max;             /* integer range */
    int unknown_means_yes;          /* a not-sure answer counts as yes */
    int red_flag;                   /* used by a red-flag rule */
    int priority;                   /* higher is asked first */
    const char *relevant_if;        /* question id, or NULL when always relevant */
    const char *const *relevant_values; /* answers of relevant_if that make it relevant */
    size_t nrelevant_values;
    const char *const *worrying;    /* choice and list: the values the rules declare worrying */
    size_t nworrying;
    const engine_condition *asked_if; /* asked only when each holds or is not known */
    size_t nasked_if;
    const char *label;              /* a few plain words naming it ("" when none) */
    const char *const *examples;    /* example answers, shown when one is refused */
    size_t nexamples;
} engine_question;

/* Limits a run may not exceed; exceeding one stops the run with an error. */
#define ENGINE_DEFAULT_MAX_FIRINGS 100000LL

/* Creates an engine with no rules (the CLIPS environment, with every
 * dangerous function denied, is made by engine_load()). Returns NULL when out
 * of memory. */
engine *engine_new(void);

/* Frees the engine and everything it lent out. NULL is a no-op. */
void engine_free(engine *e);

/* The last error, as one or more "FILE:LINE: message" or plain lines. Never
 * NULL; "" when the last call succeeded. */
const char *engine_errmsg(const engine *e);

/* Loads every .clp file of each directory, directories in the order given and
 * files in name order, replacing whatever was loaded before. Rule text is
 * checked before CLIPS parses it; a file that fails leaves the engine with no
 * rules at all (and engine_rule_count() == 0). */
int engine_load(engine *e, const char *const *dirs, size_t ndirs);

/* Keeps compiled images of loaded rule sets in dir (NULL: none, the
 * default). engine_load() then loads a rule set it has loaded before from its
 * image, several times faster, and saves the image of a new one. An image is
 * used only for the rule files it was made from (by rules_version), only when
 * dir and the image belong to the user and no one else may write them, and
 * only when its checksum holds. Returns 0, or -1 when out of memory. */
int engine_set_image_dir(engine *e, const char *dir);

/* Whether the last engine_load() loaded a compiled image. */
int engine_loaded_image(const engine *e);

/* A reference to a fact: "answer:fever" read as its template ("answer") and
 * its id ("fever"; "*" when the rule matches any id). */
typedef struct engine_ref {
    const char *kind;
    const char *id;
} engine_ref;

/* The id of the "kind:id" string ref ("answer:fever" -> "fever", a pointer
 * into ref) when its template is kind ("answer"), else NULL. For refs that
 * come as strings (a result's facts, a set of refs, a definition); a rule's
 * uses and concludes come read already (use_refs, conclude_refs). */
const char *engine_ref_id(const char *ref, const char *kind);

typedef struct engine_rule {
    const char *name;
    const char *file;               /* base name of the file defining it */
    int line;                       /* line of its "(defrule" */
    const char *says;               /* its docstring before "Source:" */
    const char *source;             /* its docstring after "Source:", "" when none */
    const char *const *uses;        /* "template:id" of its conditions ("answer:fever",
                                       "contributor:tight_hamstrings"; id "*" for a variable) */
    size_t nuses;
    const char *const *negated;     /* those of uses inside a not or forall */
    size_t nnegated;
    const char *const *concludes;   /* "template:id" of the facts it asserts */
    size_t nconcludes;
    const char *const *thresholds;  /* "question:N": each integer a condition on that answer names */
    size_t nthresholds;
    const char *const *values;      /* "question=literal": each value a condition on that answer names */
    size_t nvalues;
    const char *const *comparisons; /* "question:OP:N" for each comparison (OP ?v N) on an answer */
    size_t ncomparisons;
    const char *const *negated_comparisons; /* those of comparisons inside a not or forall */
    size_t nnegated_comparisons;
    const engine_ref *use_refs;     /* uses, read as template and id */
    const engine_ref *conclude_refs;/* concludes, read as template and id */
    const char *const *tests;       /* each answer condition as a person reads it, beginning
                                       with the question id, after "not " when negated:
                                       "pain_severity >= 7", "pain_location includes
                                       lower_back", "not hamstring_tightness = no",
                                       "fever answered"; a condition these forms cannot say
                                       is "question matches " and its slots as written */
    size_t ntests;
    const char *const *conditions;  /* each condition left of => as written (inside a logical:
                                       one by one), spaces collapsed */
    size_t nconditions;
    int salience;                   /* its priority, from (declare (salience N)) */
    int answer_patterns;            /* how many answer patterns its conditions have */
} engine_rule;

/* Number of rules loaded (0 before a successful load), and each of them in
 * definition order. */
size_t engine_rule_count(const engine *e);
const engine_rule *engine_rule_at(const engine *e, size_t i);

/* The version of the triage policy the rules say they implement (a policy
 * fact), or 0 when they do not say. Results carry it as "policy". */
long long engine_policy_version(const engine *e);

/* The rules whose conditions use the fact kind:id by name (a rule that
 * matches any id of its kind is found with id "*"): their indexes
 * (engine_rule_at() order) written to out, at most max, and how many there
 * are in all. (Which rules conclude a fact: engine_rules_leading_to().) */
size_t engine_rules_using(const engine *e, const char *kind, const char *id, size_t *out,
                          size_t max);

/* Backwards from the facts named in refs (an object whose keys are
 * "kind:id"): every rule that concludes one of them, then every rule that
 * concludes what those use, and so on. refs grows in place to all the facts
 * reached (wildcard uses left out). Returns the rules' names as the keys of a
 * new object the caller owns, or NULL when out of memory. */
json_t *engine_rules_leading_to(const engine *e, json_t *refs);

/* engine_rules_leading_to() from every trigger: the rules on the way to one. */
json_t *engine_trigger_rules(const engine *e);

/* How many times rule i (in engine_rule_at() order) has fired since the
 * rules were loaded, probes included. */
unsigned long long engine_rule_fired(const engine *e, size_t i);

/* Lowercase hex sha256 over the loaded rule files: for each file in load
 * order, its base name, a NUL byte, then its bytes. "" before a load. */
const char *engine_rules_version(const engine *e);

/* The loaded rule files, in load order: path and sha256 of its bytes. */
size_t engine_file_count(const engine *e);
const char *engine_file_path(const engine *e, size_t i);
const char *engine_file_sha256(const engine *e, size_t i);

/* The definitions the rules make (trigger-def, contributor-def,
 * recommendation-def, caution-def facts), in definition order. */
typedef struct engine_trigger {
    const char *id, *disposition, *kind, *says, *safety_net, *source;
    long long rank;                 /* rank of its disposition: higher is more urgent */
    const engine_condition *net_if; /* its safety net is shown unless the answers rule one out */
    size_t nnet_if;
} engine_trigger;

typedef struct engine_contributor {
    const char *id, *name, *says, *source;
} engine_contributor;

typedef struct engine_recommendation {
    const char *id, *kind, *title, *how, *dose, *source;
    long long rank;                 /* lower comes first in the plan */
    const char *rank_source;        /* why it ranks there ("" when not said) */
} engine_recommendation;

/* What a front end does once a disposition is reached. */
typedef enum {
    ENGINE_GO_ON,          /* ask on */
    ENGINE_RAISE_ONLY,     /* ask only what could make it more urgent */
    ENGINE_STOP            /* ask nothing more */
} engine_interview_mode;

typedef struct engine_disposition_info {
    const char *id, *title, *action, *advice;
    long long rank;                 /* higher is more urgent */
    int plan;                       /* results at it show a plan */
    engine_interview_mode interview;
    int announce;                   /* reaching it mid-interview is said at once */
} engine_disposition_info;

/* Related yes/no questions asked together. */
typedef struct engine_checklist {
    const char *id, *prompt, *help, *source;
    const char *const *items;       /* question ids, in the order shown */
    size_t nitems;
} engine_checklist;

/* Words people type: for yes/no questions (question NULL; means "yes", "no",
 * "unknown", "hedged-yes", "hedged-no" or "none") or for a value of a choice
 * or list question (its label and synonyms). */
typedef struct engine_words {
    const char *question, *value, *means, *label;
    const char *const *words;
    size_t nwords;
} engine_words;

typedef struct engine_caution {
    const char *id, *says, *source;
    const char *const *withholds; size_t nwithholds;   /* recommendation ids */
    const char *const *kinds; size_t nkinds;           /* every recommendation of these kinds */
} engine_caution;

/* An overlay's declaration that it replaces a shipped rule or definition
 * (an override fact): kind is "rule" or a definition template ("question",
 * "trigger-def", ...). */
typedef struct engine_override {
    const char *kind, *id, *reason;
} engine_override;

size_t engine_override_count(const engine *e);
const engine_override *engine_override_at(const engine *e, size_t i);

/* The dispositions, least urgent first; NULL past the end or for an unknown id. */
size_t engine_disposition_count(const engine *e);
const engine_disposition_info *engine_disposition_at(const engine *e, size_t i);
const engine_disposition_info *engine_disposition_find(const engine *e, const char *id);

size_t engine_checklist_count(const engine *e);
const engine_checklist *engine_checklist_at(const engine *e, size_t i);
/* The checklist q belongs to, or NULL. */
const engine_checklist *engine_checklist_of(const engine *e, const char *question);

size_t engine_words_count(const engine *e);
const engine_words *engine_words_at(const engine *e, size_t i);

/* The texts every result carries (that it is not a diagnosis; when to call
 * the emergency number), in the rules' order, for front ends to say before
 * there is a result. */
size_t engine_notice_count(const engine *e);
/* The text of notice i, or NULL past the end. */
const char *engine_notice_at(const engine *e, size_t i);

/* Words the rules give the front ends to put around the rules' own texts
 * (wording facts; the ids front ends ask for are listed in
 * rules/02-wording.clp). A "{}" in text stands for what the front end puts
 * there (util_fill()). */
typedef struct engine_wording_def {
    const char *id, *text;
} engine_wording_def;

size_t engine_wording_count(const engine *e);
const engine_wording_def *engine_wording_at(const engine *e, size_t i);
/* The text of wording id, borrowed; NULL when the rules give none or give it
 * empty (the front end then leaves that line out, or heads it with a plain
 * word of its own; lint refuses rules without the not-sure lines). */
const char *engine_wording(const engine *e, const char *id);

/* Text every recommendation of a kind carries (a technique fact), with the
 * heading front ends show over it ("" when none). */
typedef struct engine_technique {
    const char *kind, *text, *source, *heading;
} engine_technique;

size_t engine_technique_count(const engine *e);
const engine_technique *engine_technique_at(const engine *e, size_t i);
/* The technique of kind (the first defined), or NULL when there is none. */
const engine_technique *engine_technique_find(const engine *e, const char *kind);

/* Whether c holds for the current answers: 1 it does, 0 it does not, -1 not
 * known (unanswered, not sure, or not a number). */
int engine_condition_holds(const engine *e, const engine_condition *c);

/* The rank of a disposition (higher is more urgent), or -1 when the rules
 * define no such disposition. */
long long engine_disposition_rank(const engine *e, const char *id);

size_t engine_trigger_count(const engine *e);
const engine_trigger *engine_trigger_at(const engine *e, size_t i);
size_t engine_contributor_count(const engine *e);
const engine_contributor *engine_contributor_at(const engine *e, size_t i);
size_t engine_recommendation_count(const engine *e);
const engine_recommendation *engine_recommendation_at(const engine *e, size_t i);
size_t engine_caution_count(const engine *e);
const engine_caution *engine_caution_at(const engine *e, size_t i);

/* The questions defined by the rules, highest priority first. */
size_t engine_question_count(const engine *e);
const engine_question *engine_question_at(const engine *e, size_t i);
/* NULL when no question has that id. */
const engine_question *engine_question_find(const engine *e, const char *id);
/* The i of engine_question_at() for that id (a binary search), or -1. */
long engine_question_index(const engine *e, const char *id);

/* Sets the firing cap of engine_run() (default ENGINE_DEFAULT_MAX_FIRINGS). */
void engine_set_max_firings(engine *e, long long n);

/* Starts a new case: forgets every answer. */
int engine_reset(engine *e);

/* Validates value against question id's definition and, when it is valid,
 * records it as the answer (replacing an earlier one); the string "unknown"
 * is valid for every question. On a bad id or value nothing changes and
 * engine_errmsg() says why in one line. The value never becomes CLIPS code. */
int engine_answer(engine *e, const char *id, const json_t *value);

/* Whether value is a valid answer to question id, as engine_answer() checks
 * it, without recording anything (value NULL: whether id is a question): 0,
 * or -1 with engine_errmsg() saying why. */
int engine_check_answer(engine *e, const char *id, const json_t *value);

/* Whether answering id with value would change any conclusion of the last
 * run (assumptions aside): the answer is tried and taken back, and the
 * engine is left as it was, run included. The try stops at the first new
 * conclusion, so it is cheap when the answer matters. Returns 1 changed,
 * 0 not, -1 with an error (a bad id or value, or a failed run). When quiet
 * is not NULL it is set to whether the question was unanswered and the
 * answer let no rule conclude anything but assumptions (so only a change to
 * something else that a rule naming it uses could make it matter later).
 * Needs a successful run since the answers last changed. */
int engine_probe(engine *e, const char *id, const json_t *value, int *quiet);

/* Keeps a log of the facts asserted and retracted (answers and conclusions;
 * assumptions and definitions aside) while on, for a caller that must know
 * what changed; turning it on or clearing it empties it. */
void engine_log_changes(engine *e, int on);
void engine_clear_changes(engine *e);

/* The logged changes: how many (SIZE_MAX when the log ran out of memory:
 * then take it that anything may have changed), and each as "template:id"
 * ("template:?" for a fact without an id), borrowed until the log is next
 * cleared; NULL past the end. A fact asserted and retracted appears twice. */
size_t engine_change_count(const engine *e);
const char *engine_change_at(engine *e, size_t i);

/* Makes answers (an object of question id to value, or NULL for none) the
 * whole set of answers, changing only those that differ from the current
 * ones: what rests on an unchanged answer stays, so consecutive cases cost
 * what differs between them. The result of the next run is the same as after
 * engine_reset() and engine_answer() for each, because every condition of a
 * concluding rule is under logical support (the scanner enforces it) and
 * negation is stratified (triage lint checks it). Every answer is checked
 * first: on a bad id or value nothing changes, *bad is that key (borrowed
 * from answers) and engine_errmsg() says why; out of memory, *bad is NULL. */
int engine_set_answers(engine *e, const json_t *answers, const char **bad);

/* Forgets the answer to id; everything concluded from it is retracted at the
 * next engine_run(). Not an error when id was not answered. */
int engine_unanswer(engine *e, const char *id);

/* The recorded answer to id (borrowed), or NULL when not answered. */
const json_t *engine_answer_value(const engine *e, const char *id);

/* Runs the rules on the current answers. Fails when the firing cap is reached,
 * a rule's expression fails, or a run exceeds its time or memory budget. */
int engine_run(engine *e);

/* The disposition id reached by the last engine_run() (borrowed), without
 * building the whole result; NULL with an error when there is no successful
 * run or a rule reached an undefined trigger. */
const char *engine_disposition(engine *e);

/* Whether the last engine_run() concluded a fact of template tmpl whose id
 * slot is id (e.g. "contributor", "tight_hamstrings"); 0 when there is no
 * successful run. */
int engine_concluded(engine *e, const char *tmpl, const char *id);

/* The result of the last engine_run() as compact JSON text: the object of
 * case-format.md, beginning with "id": id_json when id_json is not NULL (JSON
 * text, copied as it is), and without "id" otherwise. Borrowed until the next
 * call on e, with its length in *len (when len is not NULL); NULL with an error
 * when there is no successful run or memory is short. */
const char *engine_result_text(engine *e, const char *id_json, size_t *len);

/* How much a result says. */
typedef enum {
    ENGINE_DETAIL_FULL,     /* everything of case-format.md, the derivation included */
    ENGINE_DETAIL_SUMMARY   /* what a service re-triaging records needs (case-format.md,
                               "Summary results"): "detail": "summary", triggers,
                               reasons (trigger, disposition, says), disposition,
                               cautions (ids), recommendations (ids and ranks), the
                               safety net by disposition (then, trigger ids),
                               assumptions, notice, rules_version, policy; in the
                               order and with the values of the full result */
} engine_detail;

/* engine_result_text() at the detail asked for: ENGINE_DETAIL_FULL gives the
 * same bytes as engine_result_text(); ENGINE_DETAIL_SUMMARY about a tenth of
 * them, in less time (no texts are copied and only the derivation steps
 * behind the triggers, cautions and assumptions are put in order). */
const char *engine_result_text_detail(engine *e, const char *id_json, engine_detail detail,
                                      size_t *len);

/* The result of the last engine_run(), as the JSON object of case-format.md
 * (without "id"). Returns a new reference, or NULL with an error when there is
 * no successful run or memory is short. */
json_t *engine_result(engine *e);

/* A contributor reached, with its certainty: the evidence of each rule that
 * reached it (its strongest firing) combined the MYCIN way, to 3 places. */
typedef struct engine_contribution {
    const char *id;
    const engine_contributor *def;  /* NULL when no contributor-def names it */
    double certainty;
} engine_contribution;

/* What a plan item was offered for: the ids its rules named (contributors,
 * mostly), each once, in the order the JSON result gives them. */
typedef struct engine_because {
    const char *const *ids;
    size_t n;
} engine_because;

/* The result of the last engine_run() as C values, assembled as for the text
 * and before any of it is written: each list in the order the JSON result
 * gives it. The definitions are the engine's (engine_trigger_at() and the
 * like). */
typedef struct engine_outcome {
    const engine_disposition_info *disposition;
    const engine_trigger *const *triggers; size_t ntriggers;          /* the reasons */
    const engine_contribution *contributors; size_t ncontributors;    /* most certain first */
    const engine_caution *const *cautions; size_t ncautions;          /* in force */
    const engine_recommendation *const *plan; size_t nplan;           /* less what cautions
                                                                         withhold, by rank */
    const engine_because *because;                                    /* per plan item */
    const engine_trigger *const *safety_net; size_t nsafety_net;      /* most urgent first */
    const char *const *assumptions; size_t nassumptions;              /* each once */
} engine_outcome;

/* The result of the last engine_run() as C values, for callers that need its
 * fields rather than its text (the shell's result and report). Borrowed until
 * e's answers change or its result, text or outcome is next asked for (its
 * definitions may be read meanwhile); NULL with an error when there is no
 * successful run, a rule reached an undefined trigger, caution or
 * recommendation, or memory is short. */
const engine_outcome *engine_outcome_now(engine *e);

/* A rule file's text read on its own, without CLIPS, by the check that
 * engine_load() makes before CLIPS sees it: the rules and definitions it
 * holds with their lines, or why it would be refused. For lint. */
typedef struct engine_source engine_source;

typedef struct engine_source_rule {
    const char *name;
    int line;                       /* line of its "(defrule" */
    const char *const *uses;        /* "template:id" of its conditions, as engine_rule's */
    size_t nuses;
    const char *const *concludes;   /* "template:id" of the facts it asserts */
    size_t nconcludes;
    const char *const *values;      /* "question=literal" for each value an answer condition names */
    size_t nvalues;
    const char *const *comparisons; /* "question:OP:N" for each comparison (OP ?v N) on an answer */
    size_t ncomparisons;
} engine_source_rule;

/* A fact with an id in a deffacts: a definition ("question:fever",
 * "trigger-def:cauda_equina", "override:x"). */
typedef struct engine_source_def {
    const char *ref;                /* "template:id" */
    int line;
} engine_source_def;

/* Reads len bytes of rule text (not kept; no NUL needed at the end). Returns
 * a new handle the caller frees with engine_source_free(), or NULL when out
 * of memory. Text the check refuses still gives a handle: with no rules and
 * no definitions, and the reason in engine_source_errmsg(). */
engine_source *engine_source_new(const char *text, size_t len);

/* Frees s and everything it lent out. NULL is a no-op. */
void engine_source_free(engine_source *s);

/* Why the text would be refused (its first problem), borrowed from s; ""
 * when CLIPS may be given it. When line is not NULL, *line is set to the
 * problem's line (0 when none). */
const char *engine_source_errmsg(const engine_source *s, int *line);

/* The rules of the text in file order, and its definitions in file order,
 * borrowed from s; NULL past the end. */
size_t engine_source_rule_count(const engine_source *s);
const engine_source_rule *engine_source_rule_at(const engine_source *s, size_t i);
size_t engine_source_def_count(const engine_source *s);
const engine_source_def *engine_source_def_at(const engine_source *s, size_t i);

#endif
