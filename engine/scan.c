/* scan.c: tokenises CLIPS rule text and refuses what must never reach CLIPS. */
#include "scan.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const scan_denied_functions[] = {
    /* the shell, files and the terminal */
    "system", "exit", "open", "close", "remove", "rename", "load", "load*",
    "batch", "batch*", "bload", "bsave", "save", "dribble-on", "dribble-off",
    "save-facts", "load-facts", "constructs-to-c", "read", "readline",
    "get-char", "read-number", "set-locale", "load-instances",
    "save-instances", "bload-instances", "bsave-instances",
    "restore-instances", "toss", "print-region",
    /* text evaluated as code */
    "eval", "build", "funcall", "fetch", "format", "assert-string",
    "str-assert",
    /* the engine's own control: only the engine resets, runs and retracts */
    "retract", "modify", "duplicate", "halt", "clear", "reset", "run",
    "refresh", "set-fact-duplication", "set-strategy",
    "set-salience-evaluation", "set-reset-globals", "watch", "unwatch",
    "conserve-mem", "release-mem", "set-break", "remove-break",
    "set-dynamic-constraint-checking", "set-static-constraint-checking",
    "set-sequence-operator-recognition", "focus", "pop-focus",
    "clear-focus-stack", "undefrule", "undeftemplate", "undeffacts",
    "undeffunction", "undefglobal", "undefgeneric", "undefmethod",
    "undefclass", "undefinstances", "undefmessage-handler",
    /* unbounded loops: a rule's right-hand side only asserts */
    "while", "loop-for-count",
    NULL
};

static const char *const allowed_constructs[] = {
    "deftemplate", "deffacts", "defrule", NULL
};

typedef struct token {
    enum { TOK_OPEN, TOK_CLOSE, TOK_STRING, TOK_ATOM, TOK_END, TOK_ERROR } kind;
    const char *start;
    size_t len;
    int line;
} token;

typedef struct lexer {
    const char *p, *end;
    int line;
} lexer;

static int is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

static int is_delim(char c)
{
    return is_space(c) || c == '(' || c == ')' || c == '"' || c == ';';
}

static token next_token(lexer *lx)
{
    token t = { TOK_END, NULL, 0, 0 };
    for (;;) {
        while (lx->p < lx->end && is_space(*lx->p)) {
            if (*lx->p == '\n')
                lx->line++;
            lx->p++;
        }
        if (lx->p < lx->end && *lx->p == ';') {
            while (lx->p < lx->end && *lx->p != '\n')
                lx->p++;
            continue;
        }
        break;
    }
    t.line = lx->line;
    t.start = lx->p;
    if (lx->p >= lx->end)
        return t;
    char c = *lx->p;
    if (c == '(' || c == ')') {
        t.kind = c == '(' ? TOK_OPEN : TOK_CLOSE;
        t.len = 1;
        lx->p++;
        return t;
    }
    if (c == '"') {
        lx->p++;
        while (lx->p < lx->end && *lx->p != '"') {
            if (*lx->p == '\\' && lx->p + 1 < lx->end)
                lx->p++;
            if (*lx->p == '\n')
                lx->line++;
            lx->p++;
        }
        if (lx->p >= lx->end) {
            t.kind = TOK_ERROR;
            return t;
        }
        lx->p++;
        t.kind = TOK_STRING;
        t.len = (size_t)(lx->p - t.start);
        return t;
    }
    while (lx->p < lx->end && !is_delim(*lx->p))
        lx->p++;
    t.kind = TOK_ATOM;
    t.len = (size_t)(lx->p - t.start);
    return t;
}

static int tok_is(const token *t, const char *s)
{
    return t->kind == TOK_ATOM && strlen(s) == t->len && memcmp(t->start, s, t->len) == 0;
}

static int tok_in(const token *t, const char *const *list)
{
    for (size_t i = 0; list[i]; i++)
        if (tok_is(t, list[i]))
            return 1;
    return 0;
}

static int fail(scan_result *res, int line, const char *fmt, ...)
{
    va_list ap;
    res->err_line = line;
    va_start(ap, fmt);
    vsnprintf(res->err, sizeof res->err, fmt, ap);
    va_end(ap);
    return -1;
}

static int add_rule(scan_result *res, const token *name, int line)
{
    scan_rule *r = realloc(res->rules, (res->nrules + 1) * sizeof *r);
    if (!r)
        return -1;
    res->rules = r;
    r[res->nrules].name = strndup(name->start, name->len);
    if (!r[res->nrules].name)
        return -1;
    r[res->nrules].line = line;
    res->nrules++;
    return 0;
}

static int has_module_separator(const token *t)
{
    for (size_t i = 0; i + 1 < t->len; i++)
        if (t->start[i] == ':' && t->start[i + 1] == ':')
            return 1;
    return 0;
}

int scan_text(const char *text, size_t len, scan_result *res)
{
    memset(res, 0, sizeof *res);
    if (memchr(text, '\0', len))
        return fail(res, 1, "the file contains a NUL byte");

    lexer lx = { text, text + len, 1 };
    int depth = 0, after_open = 0;
    int in_rule = 0, rule_line = 0, rule_asserts = 0, rule_logical = 0;
    int want_rule_name = 0;
    char rule_name[128] = "";

    for (;;) {
        token t = next_token(&lx);
        if (t.kind == TOK_END)
            break;
        if (t.kind == TOK_ERROR)
            return fail(res, t.line, "unterminated string");
        if (t.kind == TOK_ATOM && has_module_separator(&t))
            return fail(res, t.line, "module names ('::') are not allowed in rule files");

        if (want_rule_name) {
            want_rule_name = 0;
            if (t.kind != TOK_ATOM)
                return fail(res, t.line, "defrule needs a name");
            snprintf(rule_name, sizeof rule_name, "%.*s", (int)t.len, t.start);
            if (add_rule(res, &t, rule_line) != 0)
                return fail(res, t.line, "out of memory");
        }

        if (after_open) {
            after_open = 0;
            if (depth == 1) {
                if (!tok_in(&t, allowed_constructs))
                    return fail(res, t.line,
                                "only deftemplate, deffacts and defrule are allowed at the top level, found '%.*s'",
                                (int)(t.kind == TOK_ATOM ? t.len : 1), t.start);
                if (tok_is(&t, "defrule")) {
                    in_rule = 1;
                    rule_line = t.line;
                    rule_asserts = rule_logical = 0;
                    want_rule_name = 1;
                }
            } else if (t.kind == TOK_ATOM) {
                if (tok_in(&t, scan_denied_functions))
                    return fail(res, t.line, "function '%.*s' is not allowed in rule files",
                                (int)t.len, t.start);
                if (in_rule && tok_is(&t, "assert"))
                    rule_asserts = 1;
                if (in_rule && tok_is(&t, "logical"))
                    rule_logical = 1;
            }
        }

        if (t.kind == TOK_OPEN) {
            if (++depth > SCAN_MAX_DEPTH)
                return fail(res, t.line, "nesting deeper than %d levels", SCAN_MAX_DEPTH);
            after_open = 1;
        } else if (t.kind == TOK_CLOSE) {
            if (depth == 0)
                return fail(res, t.line, "unbalanced ')'");
            if (--depth == 0 && in_rule) {
                in_rule = 0;
                if (rule_asserts && !rule_logical)
                    return fail(res, rule_line,
                                "rule %s asserts without logical support: wrap its conditions in (logical ...)",
                                rule_name);
            }
        } else if (depth == 0) {
            return fail(res, t.line, "text outside a construct: '%.*s'",
                        (int)(t.len > 40 ? 40 : t.len), t.start);
        }
    }
    if (depth > 0)
        return fail(res, lx.line, "missing ')' at end of file");
    return 0;
}

void scan_result_free(scan_result *res)
{
    if (!res)
        return;
    for (size_t i = 0; i < res->nrules; i++)
        free(res->rules[i].name);
    free(res->rules);
    res->rules = NULL;
    res->nrules = 0;
}
