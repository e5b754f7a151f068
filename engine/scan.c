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
    memset(&r[res->nrules], 0, sizeof *r);
    r[res->nrules].name = strndup(name->start, name->len);
    if (!r[res->nrules].name)
        return -1;
    r[res->nrules].line = line;
    res->nrules++;
    return 0;
}

/* Adds "a SEP b" to a list unless it is there already. */
static int add_ref(char ***list, size_t *n, const char *a, const char *sep, const char *b,
                   size_t blen)
{
    char buf[256];
    snprintf(buf, sizeof buf, "%s%s%.*s", a, sep, (int)blen, b);
    for (size_t i = 0; i < *n; i++)
        if (strcmp((*list)[i], buf) == 0)
            return 0;
    char **p = realloc(*list, (*n + 1) * sizeof *p);
    if (!p)
        return -1;
    *list = p;
    if (!(p[*n] = strdup(buf)))
        return -1;
    (*n)++;
    return 0;
}

/* Records the id constraint of a (TEMPLATE (id ...)) pattern or fact: each
 * literal symbol of "?v&a|b" as TEMPLATE:a, TEMPLATE:b; a bare variable as
 * TEMPLATE:*. */
static int add_refs(scan_rule *r, int rhs, int negated, const char *tmpl, const token *v)
{
    char ***list = rhs ? &r->concludes : &r->uses;
    size_t *n = rhs ? &r->nconcludes : &r->nuses;
    const char *p = v->start, *end = v->start + v->len;
    int any = 0;
    while (p < end) {
        const char *q = p;
        while (q < end && *q != '&' && *q != '|')
            q++;
        if (q > p && *p != '?' && *p != '$' && *p != ':' && *p != '=' && *p != '~') {
            if (add_ref(list, n, tmpl, ":", p, (size_t)(q - p)) != 0 ||
                (negated && add_ref(&r->negated, &r->nnegated, tmpl, ":", p, (size_t)(q - p)) != 0))
                return -1;
            any = 1;
        }
        p = q + 1;
    }
    if (any)
        return 0;
    return add_ref(list, n, tmpl, ":", "*", 1) != 0 ||
           (negated && add_ref(&r->negated, &r->nnegated, tmpl, ":", "*", 1) != 0) ? -1 : 0;
}

/* Whether the pattern whose head is at depth d sits inside a not or forall. */
static int under_negation(char heads[][64], int d)
{
    for (int k = 2; k < d; k++)
        if (strcmp(heads[k], "not") == 0 || strcmp(heads[k], "forall") == 0)
            return 1;
    return 0;
}

/* Whether the pattern whose head is at depth d sits inside an or. */
static int under_or(char heads[][64], int d)
{
    for (int k = 2; k < d; k++)
        if (strcmp(heads[k], "or") == 0)
            return 1;
    return 0;
}

static int add_def(scan_result *res, const char *tmpl, const token *id)
{
    if (id->start[0] == '?' || id->start[0] == '$')
        return 0;
    scan_def *d = realloc(res->defs, (res->ndefs + 1) * sizeof *d);
    if (!d)
        return -1;
    res->defs = d;
    char buf[256];
    snprintf(buf, sizeof buf, "%s:%.*s", tmpl, (int)id->len, id->start);
    if (!(d[res->ndefs].ref = strdup(buf)))
        return -1;
    d[res->ndefs++].line = id->line;
    return 0;
}

static int is_integer(const char *p, size_t n)
{
    size_t k = n > 0 && p[0] == '-' ? 1 : 0;
    if (k == n)
        return 0;
    for (; k < n; k++)
        if (p[k] < '0' || p[k] > '9')
            return 0;
    return 1;
}

/* Records the literals of a token in the value of an answer pattern: each
 * piece of "a|b", "~c" or "?x&d"; numbers also as thresholds and, inside a
 * comparison (OP ?x N), as comparisons. */
static int add_literals(scan_rule *r, const char *q, const token *t, const char *op, int negated)
{
    const char *p = t->start, *end = t->start + t->len;
    while (p < end) {
        const char *e = p;
        while (e < end && *e != '&' && *e != '|')
            e++;
        const char *lit = p;
        if (lit < e && *lit == '~')
            lit++;
        size_t n = (size_t)(e - lit);
        if (n > 0 && *lit != '?' && *lit != '$' && *lit != ':' && *lit != '=') {
            if (add_ref(&r->values, &r->nvalues, q, "=", lit, n) != 0)
                return -1;
            if (is_integer(lit, n)) {
                if (add_ref(&r->thresholds, &r->nthresholds, q, ":", lit, n) != 0)
                    return -1;
                if (op && (!strcmp(op, "<") || !strcmp(op, "<=") || !strcmp(op, ">") ||
                           !strcmp(op, ">=") || !strcmp(op, "="))) {
                    char qop[160];
                    snprintf(qop, sizeof qop, "%s:%s", q, op);
                    if (add_ref(&r->comparisons, &r->ncomparisons, qop, ":", lit, n) != 0 ||
                        (negated && add_ref(&r->negated_comparisons, &r->nnegated_comparisons,
                                            qop, ":", lit, n) != 0))
                        return -1;
                }
            }
        }
        p = e + 1;
    }
    return 0;
}

/* ---- conditions as a person reads them ------------------------------------------ */

typedef struct sbuf {
    char *p;
    size_t len, cap;
    int oom;
} sbuf;

static void sb_add(sbuf *b, const char *s, size_t n)
{
    if (b->oom)
        return;
    if (b->len + n + 1 > b->cap) {
        size_t cap = (b->len + n + 1) * 2;
        char *p = realloc(b->p, cap);
        if (!p) {
            b->oom = 1;
            return;
        }
        b->p = p;
        b->cap = cap;
    }
    memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = '\0';
}

static void sb_str(sbuf *b, const char *s)
{
    sb_add(b, s, strlen(s));
}

/* Adds s (taken) to a list unless an equal string is there. */
static int add_owned(char ***list, size_t *n, char *s)
{
    if (!s)
        return -1;
    for (size_t i = 0; i < *n; i++)
        if (strcmp((*list)[i], s) == 0) {
            free(s);
            return 0;
        }
    char **p = realloc(*list, (*n + 1) * sizeof *p);
    if (!p) {
        free(s);
        return -1;
    }
    *list = p;
    p[(*n)++] = s;
    return 0;
}

/* The text [p, end) with comments dropped and each run of white space made
 * one space (none after '(' or before ')'); strings as written. */
static void sb_compact(sbuf *b, const char *p, const char *end)
{
    int space = 0;
    while (p < end) {
        if (*p == ';') {
            while (p < end && *p != '\n')
                p++;
            space = 1;
            continue;
        }
        if (is_space(*p)) {
            space = 1;
            p++;
            continue;
        }
        if (space && b->len > 0 && b->p[b->len - 1] != '(' && *p != ')')
            sb_add(b, " ", 1);
        space = 0;
        const char *q = p;
        if (*p == '"') {
            for (q++; q < end && *q != '"'; q++)
                if (*q == '\\' && q + 1 < end)
                    q++;
            if (q < end)
                q++;
        } else {
            q++;
        }
        sb_add(b, p, (size_t)(q - p));
        p = q;
    }
}

/* The end of the piece of constraint text at p: the first sep (or white
 * space, when sep is ' ') outside parentheses and strings. */
static const char *piece_end(const char *p, const char *end, char sep)
{
    int depth = 0;
    for (; p < end; p++) {
        if (*p == '"') {
            for (p++; p < end && *p != '"'; p++)
                if (*p == '\\' && p + 1 < end)
                    p++;
            if (p >= end)
                return end;
            continue;
        }
        if (*p == '(')
            depth++;
        else if (*p == ')')
            depth--;
        else if (depth == 0 && (sep == ' ' ? is_space(*p) : *p == sep))
            return p;
    }
    return end;
}

static int is_plain(const char *p, const char *end)
{
    if (p >= end || *p == '?' || *p == '$' || *p == ':' || *p == '=' || *p == '~')
        return 0;
    for (; p < end; p++)
        if (*p == '&' || *p == '|' || *p == '(' || *p == ')' || is_space(*p))
            return 0;
    return 1;
}

/* Renders one comparison ":(OP A B)" on variable var as "q OP N"; -1 when it
 * is anything else. */
static int render_call(sbuf *b, const char *q, const char *var, size_t varlen, const char *p,
                       const char *end)
{
    if (end - p < 3 || p[0] != ':' || p[1] != '(' || end[-1] != ')')
        return -1;
    const char *w[4];
    const char *we[4];
    size_t n = 0;
    for (const char *c = p + 2; c < end - 1 && n < 4;) {
        while (c < end - 1 && is_space(*c))
            c++;
        if (c >= end - 1)
            break;
        w[n] = c;
        while (c < end - 1 && !is_space(*c))
            c++;
        we[n++] = c;
    }
    if (n != 3)
        return -1;
    static const char *const ops[][3] = {
        /* as written, as shown, flipped */
        { "<", "<", ">" }, { "<=", "<=", ">=" }, { ">", ">", "<" }, { ">=", ">=", "<=" },
        { "=", "=", "=" }, { "<>", "!=", "!=" }, { "neq", "!=", "!=" }, { "eq", "=", "=" },
    };
    size_t oplen = (size_t)(we[0] - w[0]);
    for (size_t i = 0; i < sizeof ops / sizeof *ops; i++) {
        if (strlen(ops[i][0]) != oplen || memcmp(w[0], ops[i][0], oplen) != 0)
            continue;
        int a_var = (size_t)(we[1] - w[1]) == varlen && memcmp(w[1], var, varlen) == 0;
        int b_var = (size_t)(we[2] - w[2]) == varlen && memcmp(w[2], var, varlen) == 0;
        const char *lit = a_var ? w[2] : w[1], *lend = a_var ? we[2] : we[1];
        if (a_var == b_var || !is_plain(lit, lend))
            return -1;
        sb_str(b, q);
        sb_str(b, " ");
        sb_str(b, ops[i][a_var ? 1 : 2]);
        sb_str(b, " ");
        sb_add(b, lit, (size_t)(lend - lit));
        return 0;
    }
    return -1;
}

/* Renders one single-field constraint on answer q ("yes", "a|b", "~no",
 * "?p&:(>= ?p 7)") as "q = yes", "q = a or b", "q != no", "q >= 7"; with
 * includes, a list answer: "q includes a or b". -1 when it cannot. */
static int render_field(sbuf *b, const char *q, const char *p, const char *end, int includes)
{
    const char *bar = piece_end(p, end, '|');
    if (bar < end) {   /* alternatives: each a plain literal */
        sb_str(b, q);
        sb_str(b, includes ? " includes " : " = ");
        for (int first = 1; p <= end; first = 0) {
            const char *e = piece_end(p, end, '|');
            if (!is_plain(p, e))
                return -1;
            if (!first)
                sb_str(b, " or ");
            sb_add(b, p, (size_t)(e - p));
            p = e + 1;
        }
        return 0;
    }
    const char *var = "";
    size_t varlen = 0, terms = 0;
    for (; p <= end; p = piece_end(p, end, '&') + 1) {
        const char *e = piece_end(p, end, '&');
        if (p < e && *p == '?') {
            var = p;
            varlen = (size_t)(e - p);
            continue;
        }
        if (terms++)
            sb_str(b, " and ");
        if (p < e && *p == '~' && is_plain(p + 1, e) && !includes) {
            sb_str(b, q);
            sb_str(b, " != ");
            sb_add(b, p + 1, (size_t)(e - p - 1));
        } else if (is_plain(p, e)) {
            sb_str(b, q);
            sb_str(b, includes ? " includes " : " = ");
            sb_add(b, p, (size_t)(e - p));
        } else if (includes || render_call(b, q, var, varlen, p, e) != 0) {
            return -1;
        }
    }
    if (terms == 0) {
        sb_str(b, q);
        sb_str(b, " answered");
    }
    return 0;
}

static int is_multifield_var(const char *p, const char *end)
{
    if (end - p < 2 || p[0] != '$' || p[1] != '?')
        return 0;
    for (p += 2; p < end; p++)
        if (*p == '&' || *p == '|' || *p == '(' || *p == ')' || *p == ':' || *p == '~')
            return 0;
    return 1;
}

/* Renders the contents of a (value ...) slot: one field, or "$? X $?". */
static int render_value(sbuf *b, const char *q, const char *p, const char *end)
{
    const char *f[4], *fe[4];
    size_t n = 0;
    while (p < end) {
        while (p < end && is_space(*p))
            p++;
        if (p >= end)
            break;
        if (n == 4)
            return -1;
        f[n] = p;
        fe[n] = p = piece_end(p, end, ' ');
        n++;
    }
    if (n == 1 && is_multifield_var(f[0], fe[0])) {
        sb_str(b, q);
        sb_str(b, " answered");
        return 0;
    }
    if (n == 1)
        return render_field(b, q, f[0], fe[0], 0);
    if (n == 3 && is_multifield_var(f[0], fe[0]) && is_multifield_var(f[2], fe[2]) &&
        !is_multifield_var(f[1], fe[1]))
        return render_field(b, q, f[1], fe[1], 1);
    return -1;
}

/* The answer pattern [p, end) on question q as a person reads it (see
 * scan_rule.tests); NULL when out of memory. */
static char *render_test(const char *q, const char *p, const char *end, int negated, int in_or)
{
    sbuf b = { 0 }, slots = { 0 };
    const char *value = NULL, *vend = NULL, *origin = NULL, *oend = NULL;
    int plain = 1;
    /* the slots: (id q) (value ...) (origin ...) */
    for (const char *c = p + 1; c < end - 1;) {
        while (c < end - 1 && (is_space(*c) || *c != '('))
            c++;
        if (c >= end - 1)
            break;
        const char *e = c + 1;
        for (int depth = 1; e < end && depth > 0; e++)
            depth += *e == '(' ? 1 : *e == ')' ? -1 : 0;
        const char *name = c + 1, *ne = name;
        while (ne < e - 1 && !is_space(*ne) && *ne != '(' && *ne != ')')
            ne++;
        size_t nl = (size_t)(ne - name);
        if (nl == 5 && memcmp(name, "value", 5) == 0) {
            value = ne;
            vend = e - 1;
        } else if (nl == 6 && memcmp(name, "origin", 6) == 0 && is_plain(ne + 1, e - 1)) {
            origin = ne + 1;
            oend = e - 1;
        } else if (!(nl == 2 && memcmp(name, "id", 2) == 0)) {
            plain = 0;
        }
        if (!(nl == 2 && memcmp(name, "id", 2) == 0)) {
            if (slots.len)
                sb_str(&slots, " ");
            sb_compact(&slots, c, e);
        }
        c = e;
    }
    sbuf test = { 0 };
    if (plain && value)
        plain = render_value(&test, q, value, vend) == 0;
    else if (plain) {
        sb_str(&test, q);
        sb_str(&test, " answered");
    }
    if (!plain) {
        free(test.p);
        test = (sbuf){ 0 };
        sb_str(&test, q);
        sb_str(&test, " matches ");
        sb_str(&test, slots.len ? slots.p : "anything");
        origin = NULL;
    }
    if (!test.oom && test.len > 9 && strcmp(test.p + test.len - 9, " answered") == 0 && negated) {
        sb_str(&b, q);
        sb_str(&b, " not answered");
    } else if (negated && !test.oom &&
               (strstr(test.p, " and ") || strstr(test.p, " or ") || !plain)) {
        sb_str(&b, "not (");
        sb_str(&b, test.p);
        sb_str(&b, ")");
    } else {
        if (negated)
            sb_str(&b, "not ");
        sb_str(&b, test.oom ? "" : test.p);
    }
    if (origin) {
        sb_str(&b, " (");
        sb_add(&b, origin, (size_t)(oend - origin));
        sb_str(&b, ")");
    }
    if (in_or)
        sb_str(&b, " (one alternative of an or)");
    int oom = b.oom || test.oom || slots.oom;
    free(test.p);
    free(slots.p);
    if (oom) {
        free(b.p);
        return NULL;
    }
    return b.p;
}

static char *compact_text(const char *p, const char *end)
{
    sbuf b = { 0 };
    sb_compact(&b, p, end);
    if (b.oom || !b.p) {
        free(b.p);
        return b.oom ? NULL : strdup("");
    }
    return b.p;
}

static int has_module_separator(const token *t)
{
    for (size_t i = 0; i + 1 < t->len; i++)
        if (t->start[i] == ':' && t->start[i + 1] == ':')
            return 1;
    return 0;
}

/* The line of the first byte that is not well-formed UTF-8 (overlong forms,
 * surrogates and code points past U+10FFFF included), or 0 when all is. */
static int bad_utf8_line(const unsigned char *p, size_t len)
{
    int line = 1;
    for (size_t i = 0; i < len;) {
        unsigned c = p[i];
        if (c == '\n')
            line++;
        if (c < 0x80) {
            i++;
            continue;
        }
        size_t n = c >= 0xc2 && c <= 0xdf ? 2 : c >= 0xe0 && c <= 0xef ? 3 : c >= 0xf0 && c <= 0xf4 ? 4 : 0;
        if (n == 0 || i + n > len)
            return line;
        unsigned lo = 0x80, hi = 0xbf;
        if (c == 0xe0)
            lo = 0xa0;
        else if (c == 0xed)
            hi = 0x9f;
        else if (c == 0xf0)
            lo = 0x90;
        else if (c == 0xf4)
            hi = 0x8f;
        if (p[i + 1] < lo || p[i + 1] > hi)
            return line;
        for (size_t k = 2; k < n; k++)
            if (p[i + k] < 0x80 || p[i + k] > 0xbf)
                return line;
        i += n;
    }
    return 0;
}

int scan_text(const char *text, size_t len, scan_result *res)
{
    memset(res, 0, sizeof *res);
    if (memchr(text, '\0', len))
        return fail(res, 1, "the file contains a NUL byte");
    int bad = bad_utf8_line((const unsigned char *)text, len);
    if (bad)
        return fail(res, bad, "the file is not valid UTF-8");

    lexer lx = { text, text + len, 1 };
    int depth = 0, after_open = 0;
    int in_rule = 0, rule_line = 0, rule_asserts = 0, rule_logical = 0;
    int outside_line = 0;        /* first condition of the rule outside (logical ...) */
    int want_rule_name = 0, want_doc = 0, rhs = 0, want_id = 0;
    int answer_depth = 0;        /* depth of the (answer (id Q) ...) pattern we are in */
    int value_depth = 0;         /* depth of its (value ...) list */
    int in_facts = 0, want_salience = 0;
    char answer_q[128] = "";
    char rule_name[128] = "";
    char heads[SCAN_MAX_DEPTH + 2][64];
    int open_line[SCAN_MAX_DEPTH + 2] = { 0 };   /* line of each open '(' */
    const char *open_at[SCAN_MAX_DEPTH + 2] = { 0 };   /* where each open '(' is */
    memset(heads, 0, sizeof heads);

    for (;;) {
        token t = next_token(&lx);
        if (t.kind == TOK_END)
            break;
        if (t.kind == TOK_ERROR)
            return fail(res, t.line, "unterminated string");
        if (t.kind == TOK_ATOM && has_module_separator(&t))
            return fail(res, t.line, "module names ('::') are not allowed in rule files");

        if (want_doc) {
            want_doc = 0;
            if (t.kind == TOK_STRING &&
                !(res->rules[res->nrules - 1].doc = strndup(t.start + 1, t.len - 2)))
                return fail(res, t.line, "out of memory");
        }
        if (want_rule_name) {
            want_rule_name = 0;
            if (t.kind != TOK_ATOM)
                return fail(res, t.line, "defrule needs a name");
            snprintf(rule_name, sizeof rule_name, "%.*s", (int)t.len, t.start);
            if (add_rule(res, &t, rule_line) != 0)
                return fail(res, t.line, "out of memory");
            want_doc = 1;
        }

        if (want_salience) {
            want_salience = 0;
            if (t.kind == TOK_ATOM)
                res->rules[res->nrules - 1].salience = atoi(t.start);
        }
        if (want_id) {
            want_id = 0;
            if (t.kind == TOK_ATOM && in_facts && depth >= 3 &&
                add_def(res, heads[depth - 1], &t) != 0)
                return fail(res, t.line, "out of memory");
            if (t.kind == TOK_ATOM && in_rule && depth >= 2 &&
                add_refs(&res->rules[res->nrules - 1], rhs, !rhs && under_negation(heads, depth - 1),
                         heads[depth - 1], &t) != 0)
                return fail(res, t.line, "out of memory");
            if (t.kind == TOK_ATOM && in_rule && !rhs && depth >= 2 &&
                strcmp(heads[depth - 1], "answer") == 0)
                res->rules[res->nrules - 1].answer_patterns++;
            if (t.kind == TOK_ATOM && in_rule && !rhs && strcmp(heads[depth - 1], "answer") == 0 &&
                t.start[0] != '?' && t.start[0] != '$') {
                answer_depth = depth - 1;
                snprintf(answer_q, sizeof answer_q, "%.*s", (int)t.len, t.start);
            }
        } else if (value_depth && t.kind == TOK_ATOM && !after_open &&
                   add_literals(&res->rules[res->nrules - 1], answer_q, &t,
                                depth > value_depth ? heads[depth] : NULL,
                                under_negation(heads, answer_depth)) != 0) {
            return fail(res, t.line, "out of memory");
        }
        if (in_rule && depth == 1 && tok_is(&t, "=>"))
            rhs = 1;
        if (in_rule && !rhs && depth > 1 && tok_is(&t, "=>"))
            return fail(res, open_line[2],
                        "a ')' is missing: the condition that opens here is not closed before "
                        "'=>' at line %d", t.line);

        if (after_open) {
            after_open = 0;
            snprintf(heads[depth], sizeof heads[depth], "%.*s",
                     (int)(t.kind == TOK_ATOM ? t.len : 0), t.start);
            if ((in_rule || in_facts) && depth >= 3 && tok_is(&t, "id"))
                want_id = 1;
            if (in_rule && tok_is(&t, "salience"))
                want_salience = 1;
            if (answer_depth && depth == answer_depth + 1 && tok_is(&t, "value"))
                value_depth = depth;
            if (depth > 1 && tok_in(&t, allowed_constructs) && open_line[1])
                return fail(res, open_line[1],
                            "a ')' is missing: the %s that opens here is not closed before the "
                            "%.*s at line %d", heads[1], (int)t.len, t.start, t.line);
            if (depth == 1) {
                if (!tok_in(&t, allowed_constructs))
                    return fail(res, t.line,
                                "only deftemplate, deffacts and defrule are allowed at the top level, found '%.*s'",
                                (int)(t.kind == TOK_ATOM ? t.len : 1), t.start);
                in_facts = tok_is(&t, "deffacts");
                if (tok_is(&t, "defrule")) {
                    in_rule = 1;
                    rhs = 0;
                    rule_line = t.line;
                    rule_asserts = rule_logical = 0;
                    outside_line = 0;
                    want_rule_name = 1;
                }
            } else if (in_rule && !rhs && depth == 2 && !outside_line &&
                       !(t.kind == TOK_ATOM && (tok_is(&t, "declare") || tok_is(&t, "logical")))) {
                outside_line = t.line;
            }
            if (depth > 1 && t.kind == TOK_ATOM) {
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
            open_line[depth] = t.line;
            open_at[depth] = t.start;
            after_open = 1;
        } else if (t.kind == TOK_CLOSE) {
            if (depth == 0)
                return fail(res, t.line, "unbalanced ')'");
            if (depth == value_depth)
                value_depth = 0;
            if (depth == answer_depth) {
                scan_rule *r = &res->rules[res->nrules - 1];
                if (add_owned(&r->tests, &r->ntests,
                              render_test(answer_q, open_at[depth], t.start + 1,
                                          under_negation(heads, depth), under_or(heads, depth))) != 0)
                    return fail(res, t.line, "out of memory");
                answer_depth = 0;
            }
            int logical = depth >= 2 && strcmp(heads[2], "logical") == 0;
            if (in_rule && !rhs && depth == (logical ? 3 : 2) && strcmp(heads[2], "declare") != 0) {
                scan_rule *r = &res->rules[res->nrules - 1];
                if (add_owned(&r->conditions, &r->nconditions,
                              compact_text(open_at[depth], t.start + 1)) != 0)
                    return fail(res, t.line, "out of memory");
            }
            if (depth == 1)
                in_facts = 0;
            if (--depth == 0 && in_rule) {
                in_rule = 0;
                if (rule_asserts && !rule_logical)
                    return fail(res, rule_line,
                                "rule %s asserts without logical support: wrap its conditions in (logical ...)",
                                rule_name);
                if (rule_asserts && outside_line)
                    return fail(res, outside_line,
                                "rule %s asserts, but this condition is outside (logical ...): its "
                                "conclusions would outlive a change to it; put every condition inside",
                                rule_name);
            }
        } else if (depth == 0) {
            return fail(res, t.line, "text outside a construct: '%.*s'",
                        (int)(t.len > 40 ? 40 : t.len), t.start);
        }
    }
    if (depth > 1)
        return fail(res, open_line[depth],
                    "a ')' is missing: this form is still open at the end of the file, inside "
                    "the %s that opens at line %d", heads[1], open_line[1]);
    if (depth > 0)
        return fail(res, open_line[1], "a ')' is missing: the %s that opens here is still open "
                    "at the end of the file", heads[1]);
    return 0;
}

static void free_list(char **list, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(list[i]);
    free(list);
}

void scan_rule_free(scan_rule *r)
{
    free(r->name);
    free(r->doc);
    free_list(r->uses, r->nuses);
    free_list(r->negated, r->nnegated);
    free_list(r->concludes, r->nconcludes);
    free_list(r->thresholds, r->nthresholds);
    free_list(r->values, r->nvalues);
    free_list(r->comparisons, r->ncomparisons);
    free_list(r->negated_comparisons, r->nnegated_comparisons);
    free_list(r->tests, r->ntests);
    free_list(r->conditions, r->nconditions);
    memset(r, 0, sizeof *r);
}

void scan_result_free(scan_result *res)
{
    if (!res)
        return;
    for (size_t i = 0; i < res->nrules; i++)
        scan_rule_free(&res->rules[i]);
    for (size_t i = 0; i < res->ndefs; i++)
        free(res->defs[i].ref);
    free(res->defs);
    res->defs = NULL;
    res->ndefs = 0;
    free(res->rules);
    res->rules = NULL;
    res->nrules = 0;
}
