/* scan.h: a check of rule-file text before CLIPS parses it.
 *
 * Rule files are untrusted. CLIPS 6.30 crashes on some text and can reach the
 * shell and files through others, so each file is tokenised here first and
 * refused unless it holds only deftemplate, deffacts and defrule constructs,
 * calls no denied function, names no module, nests no deeper than
 * SCAN_MAX_DEPTH, and asserts conclusions only under logical support.
 * Pure C, no CLIPS: it also serves lint (through engine_source, source.c)
 * and the fuzzers.
 */
#ifndef TRIAGE_SCAN_H
#define TRIAGE_SCAN_H

#include <stddef.h>

#define SCAN_MAX_DEPTH 64

typedef struct scan_rule {
    char *name;        /* owned by the scan_result, like every string here */
    int line;          /* line of "(defrule" */
    char *doc;         /* its docstring as written between the quotes (escapes kept), or NULL */
    char **uses;       /* "template:id" of each pattern left of =>, id "*" when a variable */
    size_t nuses;
    char **negated;    /* those of uses that are inside a not or forall */
    size_t nnegated;
    char **concludes;  /* "template:id" of each fact asserted right of => */
    size_t nconcludes;
    char **thresholds; /* "question:N" for each integer N in the value of an (answer (id question)) pattern */
    size_t nthresholds;
    char **values;     /* "question=literal" for each symbol or number in such a value */
    size_t nvalues;
    char **comparisons; /* "question:OP:N" for each (OP ?v N) in such a value, OP one of < <= > >= = */
    size_t ncomparisons;
    char **negated_comparisons; /* those of comparisons inside a not or forall */
    size_t nnegated_comparisons;
    char **tests;      /* each (answer (id question) ...) pattern as a person reads it:
                          "pain_severity >= 7", "pain_location includes lower_back",
                          "not hamstring_tightness = no"; the pattern's own text when
                          it says more than these forms can */
    size_t ntests;
    char **conditions; /* each condition left of => as written (those inside a logical one by one), spaces collapsed */
    size_t nconditions;
    int salience;      /* from (declare (salience N)), 0 when none */
    int answer_patterns; /* answer patterns left of => (uses lists each reference once) */
} scan_rule;

typedef struct scan_def {
    char *ref;         /* "template:id" of a fact in a deffacts */
    int line;
} scan_def;

typedef struct scan_result {
    scan_rule *rules; /* every defrule, in file order */
    size_t nrules;
    scan_def *defs;   /* every (template (id x) ...) fact of a deffacts, in file order */
    size_t ndefs;
    int err_line;     /* line of the first problem, 0 when none */
    char err[256];    /* the first problem, "" when none */
} scan_result;

/* Scans len bytes of rule text. Returns 0 when the text may be given to CLIPS,
 * -1 with err_line and err set otherwise (out of memory included). The caller
 * frees res with scan_result_free(), whatever the return. */
int scan_text(const char *text, size_t len, scan_result *res);

/* Frees what scan_text() allocated; res itself is the caller's. */
void scan_result_free(scan_result *res);

/* Frees the strings of one rule taken out of a scan_result. */
void scan_rule_free(scan_rule *r);

/* The CLIPS functions no rule file may call, NULL-terminated. The engine also
 * removes each from CLIPS before anything is parsed. */
extern const char *const scan_denied_functions[];

#endif
