/* whynot.c: the missing conditions of a conclusion, and the smallest answer
 * changes that reach it. */
#include "whynot.h"
#include "text.h"

#include <stdlib.h>
#include <string.h>

#define MAX_SET 3
#define MAX_FOUND 3
#define MAX_TRIES 200000L

typedef struct target {
    const char *tmpl;   /* template of the fact, or NULL for a disposition */
    const char *id;
    long long rank;     /* a disposition's rank */
} target;

typedef struct change {
    const char *q;
    json_t *value;
} change;

typedef struct search {
    engine *e;
    const target *t;
    change *cands;
    size_t ncands;
    long tries;
    size_t found[MAX_FOUND][MAX_SET];
    size_t nfound, size;
} search;

static long long disposition_rank(const engine *e, const char *disp)
{
    long long r = 0;
    for (size_t i = 0; i < engine_trigger_count(e); i++)
        if (strcmp(engine_trigger_at(e, i)->disposition, disp) == 0)
            r = engine_trigger_at(e, i)->rank;
    return r;
}

static int resolve(const engine *e, const char *id, target *t)
{
    memset(t, 0, sizeof *t);
    t->id = id;
    for (size_t i = 0; i < engine_trigger_count(e); i++)
        if (strcmp(engine_trigger_at(e, i)->disposition, id) == 0) {
            t->rank = engine_trigger_at(e, i)->rank;
            return 0;
        }
    for (size_t i = 0; i < engine_trigger_count(e) && !t->tmpl; i++)
        if (strcmp(engine_trigger_at(e, i)->id, id) == 0)
            t->tmpl = "trigger";
    for (size_t i = 0; i < engine_contributor_count(e) && !t->tmpl; i++)
        if (strcmp(engine_contributor_at(e, i)->id, id) == 0)
            t->tmpl = "contributor";
    for (size_t i = 0; i < engine_recommendation_count(e) && !t->tmpl; i++)
        if (strcmp(engine_recommendation_at(e, i)->id, id) == 0)
            t->tmpl = "recommend";
    for (size_t i = 0; i < engine_caution_count(e) && !t->tmpl; i++)
        if (strcmp(engine_caution_at(e, i)->id, id) == 0)
            t->tmpl = "caution";
    return t->tmpl ? 0 : -1;
}

static int reached(engine *e, const target *t)
{
    if (!t->tmpl) {
        const char *d = engine_disposition(e);
        return d && disposition_rank(e, d) >= t->rank;
    }
    return engine_concluded(e, t->tmpl, t->id);
}

/* Whether ref (a rule's conclusion) is one the target stands on. */
static int is_target_ref(const engine *e, const target *t, const engine_ref *ref)
{
    if (t->tmpl)
        return strcmp(ref->kind, t->tmpl) == 0 && strcmp(ref->id, t->id) == 0;
    if (strcmp(ref->kind, "trigger") != 0)
        return 0;
    for (size_t i = 0; i < engine_trigger_count(e); i++)
        if (strcmp(engine_trigger_at(e, i)->id, ref->id) == 0)
            return engine_trigger_at(e, i)->rank == t->rank;
    return 0;
}

static int concludes_any(const engine_rule *r, json_t *refs)
{
    for (size_t i = 0; i < r->nconcludes; i++)
        if (json_object_get(refs, r->concludes[i]))
            return 1;
    return 0;
}

/* Every fact the target depends on, through the rules, as a set of refs. */
static json_t *closure(const engine *e, const target *t)
{
    json_t *refs = json_object();
    for (size_t i = 0; i < engine_rule_count(e); i++) {
        const engine_rule *r = engine_rule_at(e, i);
        for (size_t k = 0; k < r->nconcludes; k++)
            if (is_target_ref(e, t, &r->conclude_refs[k]))
                json_object_set_new(refs, r->concludes[k], json_true());
    }
    json_decref(engine_rules_leading_to(e, refs));
    return refs;
}

/* Adds the change of q to v (taken), unless it is no change or listed. */
static void add_cand(search *s, const char *q, json_t *v)
{
    const json_t *now = engine_answer_value(s->e, q);
    int dup = !v || (now && json_equal(now, v));
    for (size_t i = 0; i < s->ncands && !dup; i++)
        dup = strcmp(s->cands[i].q, q) == 0 && json_equal(s->cands[i].value, v);
    if (dup) {
        json_decref(v);
        return;
    }
    change *c = realloc(s->cands, (s->ncands + 1) * sizeof *c);
    if (!c) {
        json_decref(v);
        return;
    }
    s->cands = c;
    c[s->ncands].q = q;
    c[s->ncands++].value = v;
}

static long long now_number(const search *s, const char *q)
{
    const json_t *now = engine_answer_value(s->e, q);
    return json_is_integer(now) ? json_integer_value(now) : 0;
}

static const search *sorting;   /* the search whose numbers are being sorted */
static const char *sorting_q;

/* Nearest the current answer first (an unanswered question: smallest first). */
static int by_nearness(const void *a, const void *b)
{
    long long x = *(const long long *)a, y = *(const long long *)b;
    const json_t *now = engine_answer_value(sorting->e, sorting_q);
    if (json_is_integer(now)) {
        long long c = now_number(sorting, sorting_q);
        long long dx = x > c ? x - c : c - x, dy = y > c ? y - c : c - y;
        if (dx != dy)
            return dx < dy ? -1 : 1;
    }
    return x < y ? -1 : x > y;
}

static int listed(const char *const *list, size_t n, const char *s)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(list[i], s) == 0)
            return 1;
    return 0;
}

/* The boundary values of number question q that the rules behind the target
 * compare it with: the first value on the side each comparison holds (for a
 * comparison under a not, the side it fails), nearest the current answer
 * first. */
static void number_candidates(search *s, const engine_question *q, json_t *refs)
{
    long long vals[256];
    size_t n = 0, qn = strlen(q->id);
    for (size_t r = 0; r < engine_rule_count(s->e); r++) {
        const engine_rule *rule = engine_rule_at(s->e, r);
        if (!concludes_any(rule, refs))
            continue;
        for (size_t k = 0; k < rule->ncomparisons && n + 2 <= 256; k++) {
            const char *c = rule->comparisons[k];
            if (strncmp(c, q->id, qn) != 0 || c[qn] != ':')
                continue;
            const char *op = c + qn + 1, *num = strchr(op, ':');
            if (!num)
                continue;
            long long v = atoll(num + 1);
            int neg = listed(rule->negated_comparisons, rule->nnegated_comparisons, c);
            size_t oplen = (size_t)(num - op);
#define OP(x) (oplen == strlen(x) && strncmp(op, x, oplen) == 0)
            if (OP(">="))
                vals[n++] = neg ? v - 1 : v;
            else if (OP(">"))
                vals[n++] = neg ? v : v + 1;
            else if (OP("<="))
                vals[n++] = neg ? v + 1 : v;
            else if (OP("<"))
                vals[n++] = neg ? v : v - 1;
            else if (neg) {
                vals[n++] = v - 1;
                vals[n++] = v + 1;
            } else {
                vals[n++] = v;
            }
#undef OP
        }
        for (size_t k = 0; k < rule->nthresholds && n < 256; k++) {
            const char *th = rule->thresholds[k];
            if (strncmp(th, q->id, qn) != 0 || th[qn] != ':')
                continue;   /* a number another question is compared with */
            int compared = 0;
            for (size_t j = 0; j < rule->ncomparisons && !compared; j++) {
                const char *c = rule->comparisons[j], *last = strrchr(c, ':');
                compared = strncmp(c, q->id, qn) == 0 && c[qn] == ':' && last &&
                           strcmp(last + 1, th + qn + 1) == 0;
            }
            if (!compared)
                vals[n++] = atoll(th + qn + 1);
        }
    }
    sorting = s;
    sorting_q = q->id;
    qsort(vals, n, sizeof *vals, by_nearness);
    for (size_t i = 0; i < n; i++)
        if (vals[i] >= q->min && vals[i] <= q->max)
            add_cand(s, q->id, json_integer(vals[i]));
}

static void candidates(search *s, json_t *refs)
{
    const char *ref;
    json_t *dummy;
    json_object_foreach(refs, ref, dummy) {
        const char *id = engine_ref_id(ref, "answer");
        const engine_question *q = id ? engine_question_find(s->e, id) : NULL;
        if (!q)
            continue;
        if (q->type == ENGINE_YESNO) {
            add_cand(s, q->id, json_string("yes"));
            add_cand(s, q->id, json_string("no"));
        } else if (q->type == ENGINE_CHOICE) {
            for (size_t i = 0; i < q->nvalues; i++)
                add_cand(s, q->id, json_string(q->values[i]));
        } else if (q->type == ENGINE_MULTI) {
            const json_t *now = engine_answer_value(s->e, q->id);
            for (size_t i = 0; i < q->nvalues; i++) {
                json_t *v = json_is_array(now) ? json_deep_copy(now) : json_array();
                size_t k;
                json_t *x;
                int has = 0;
                json_array_foreach(v, k, x)
                    has |= strcmp(json_string_value(x), q->values[i]) == 0;
                if (has) {
                    json_decref(v);
                    continue;
                }
                json_array_append_new(v, json_string(q->values[i]));
                add_cand(s, q->id, v);
            }
        } else {
            number_candidates(s, q, refs);
        }
        /* not sure last: a definite answer says more */
        add_cand(s, q->id, json_string("unknown"));
    }
}

static int try_set(search *s, const size_t *set, size_t n)
{
    json_t *old[MAX_SET];
    for (size_t i = 0; i < n; i++) {
        const json_t *now = engine_answer_value(s->e, s->cands[set[i]].q);
        old[i] = now ? json_deep_copy(now) : NULL;
    }
    int ok = 1;
    for (size_t i = 0; i < n && ok; i++)
        ok = engine_answer(s->e, s->cands[set[i]].q, s->cands[set[i]].value) == 0;
    int hit = ok && engine_run(s->e) == 0 && reached(s->e, s->t);
    for (size_t i = n; i-- > 0;) {
        if (old[i])
            engine_answer(s->e, s->cands[set[i]].q, old[i]);
        else
            engine_unanswer(s->e, s->cands[set[i]].q);
        json_decref(old[i]);
    }
    s->tries++;
    return hit;
}

/* Whether a change found already is of the same questions as set (another
 * value of them would say nothing new: the first found is the nearest). */
static int same_questions_found(const search *s, const size_t *set, size_t n)
{
    for (size_t f = 0; f < s->nfound; f++) {
        size_t same = 0;
        for (size_t i = 0; i < n; i++)
            for (size_t k = 0; k < n; k++)
                same += strcmp(s->cands[set[i]].q, s->cands[s->found[f][k]].q) == 0;
        if (same == n)
            return 1;
    }
    return 0;
}

static void combos(search *s, size_t *set, size_t depth, size_t start)
{
    if (s->nfound >= MAX_FOUND || s->tries >= MAX_TRIES)
        return;
    if (depth == s->size) {
        if (!same_questions_found(s, set, depth) && try_set(s, set, depth))
            memcpy(s->found[s->nfound++], set, depth * sizeof *set);
        return;
    }
    for (size_t i = start; i < s->ncands; i++) {
        int same_q = 0;
        for (size_t k = 0; k < depth; k++)
            same_q |= strcmp(s->cands[set[k]].q, s->cands[i].q) == 0;
        if (same_q)
            continue;
        set[depth] = i;
        combos(s, set, depth + 1, i + 1);
    }
}

/* Whether value v (NULL: not answered) equals the literal [p, p+n). */
static int value_is(const json_t *v, const char *p, size_t n)
{
    if (json_is_string(v))
        return strlen(json_string_value(v)) == n && strncmp(json_string_value(v), p, n) == 0;
    if (json_is_integer(v)) {
        char buf[32];
        int k = snprintf(buf, sizeof buf, "%lld", (long long)json_integer_value(v));
        return (size_t)k == n && strncmp(buf, p, n) == 0;
    }
    return 0;
}

/* Whether one of the " or "-separated literals of [p, end) holds for v
 * (includes: is an item of the list v). */
static int any_of(const json_t *v, const char *p, const char *end, int includes)
{
    while (p < end) {
        const char *sep = strstr(p, " or ");
        const char *e = sep && sep < end ? sep : end;
        if (includes) {
            size_t i;
            json_t *x;
            json_array_foreach(v, i, x)
                if (value_is(x, p, (size_t)(e - p)))
                    return 1;
        } else if (value_is(v, p, (size_t)(e - p))) {
            return 1;
        }
        p = e == end ? end : e + 4;
    }
    return 0;
}

/* Whether one term of a test ("age >= 50", "fever = yes") holds for v, the
 * answer to q; -1 when it cannot be told. */
static int term_holds(const char *q, const char *p, const char *end, const json_t *v)
{
    size_t qn = strlen(q);
    if ((size_t)(end - p) <= qn + 1 || strncmp(p, q, qn) != 0 || p[qn] != ' ')
        return -1;
    p += qn + 1;
    size_t rest = (size_t)(end - p);
    if (rest == 8 && strncmp(p, "answered", 8) == 0)
        return v != NULL;
    if (rest == 12 && strncmp(p, "not answered", 12) == 0)
        return v == NULL;
    if (rest > 9 && strncmp(p, "includes ", 9) == 0)
        return json_is_array(v) && any_of(v, p + 9, end, 1);
    static const char *const ops[] = { ">= ", "<= ", "!= ", "> ", "< ", "= " };
    for (size_t i = 0; i < sizeof ops / sizeof *ops; i++) {
        size_t n = strlen(ops[i]);
        if (rest <= n || strncmp(p, ops[i], n) != 0)
            continue;
        if (!v)
            return 0;
        if (ops[i][0] == '=')
            return any_of(v, p + n, end, 0);
        if (ops[i][0] == '!')
            return !value_is(v, p + n, (size_t)(end - p - n));
        if (!json_is_integer(v))
            return 0;
        char *stop;
        long long x = json_integer_value(v), y = strtoll(p + n, &stop, 10);
        if (stop != end)
            return -1;
        switch (ops[i][0] == '>' ? (ops[i][1] == '=' ? 0 : 1) : (ops[i][1] == '=' ? 2 : 3)) {
        case 0: return x >= y;
        case 1: return x > y;
        case 2: return x <= y;
        default: return x < y;
        }
    }
    return -1;
}

/* Whether a rule's test on an answer (engine_rule.tests) holds for the
 * current answer v of its question q: 1, 0, or -1 when it cannot be told
 * (a test shown as written, or a not-sure answer a rule may take as yes). */
static int test_holds(const char *test, const char *q, const json_t *v)
{
    char buf[512];
    snprintf(buf, sizeof buf, "%s", test);
    size_t n = strlen(buf);
    if (n > 8 && strcmp(buf + n - 8, " (given)") == 0)
        buf[n -= 8] = '\0';
    if (strchr(buf, '(') && strncmp(buf, "not (", 5) != 0)
        return -1;
    if (json_is_string(v) && strcmp(json_string_value(v), "unknown") == 0 &&
        !strstr(buf, "unknown"))
        return -1;
    int neg = 0;
    const char *p = buf, *end = buf + n;
    if (strncmp(p, "not (", 5) == 0 && end[-1] == ')') {
        neg = 1;
        p += 5;
        end--;
    } else if (strncmp(p, "not ", 4) == 0) {
        neg = 1;
        p += 4;
    }
    int all = 1;
    while (p < end) {
        const char *sep = strstr(p, " and ");
        const char *e = sep && sep < end ? sep : end;
        int h = term_holds(q, p, e, v);
        if (h < 0)
            return -1;
        all &= h;
        p = e == end ? end : e + 5;
    }
    return neg ? !all : all;
}

/* The question a test is about: its first word after "not " or "not (". */
static void test_question(const char *test, char *q, size_t len)
{
    if (strncmp(test, "not (", 5) == 0)
        test += 5;
    else if (strncmp(test, "not ", 4) == 0)
        test += 4;
    snprintf(q, len, "%.*s", (int)strcspn(test, " :"), test);
}

static void answer_text(const json_t *v, char *buf, size_t len)
{
    if (json_is_array(v)) {
        size_t i, pos = 0;
        json_t *x;
        buf[0] = '\0';
        json_array_foreach(v, i, x)
            if (pos < len)
                pos += (size_t)snprintf(buf + pos, len - pos, "%s%s", i ? " " : "",
                                        json_string_value(x));
    } else if (json_is_integer(v)) {
        snprintf(buf, len, "%lld", (long long)json_integer_value(v));
    } else {
        snprintf(buf, len, "%s", json_is_string(v) ? json_string_value(v) : "?");
    }
}

/* One condition of a rule on an answer, as written, with the current answer:
 * "age >= 50, answered 34 (not met)". */
static void show_test(FILE *out, engine *e, const char *test, int width)
{
    char q[128], line[1024], now[512];
    test_question(test, q, sizeof q);
    const json_t *v = engine_answer_value(e, q);
    int holds = test_holds(test, q, v);
    if (v)
        answer_text(v, now, sizeof now);
    snprintf(line, sizeof line, "%s, %s%s%s", test, v ? "answered " : "not answered", v ? now : "",
             holds > 0 ? " (met)" : holds == 0 ? " (not met)" : "");
    text_wrap(out, "      - ", line, 8, width);
}

/* A condition of r on a concluded fact (its use u, "contributor:sciatica_pattern"),
 * met or not. Definitions and conditions on any fact of a kind are not shown. */
static void show_fact(FILE *out, engine *e, const engine_rule *r, size_t u, int width)
{
    const char *use = r->uses[u];
    const engine_ref *ref = &r->use_refs[u];
    if (strchr(use, '*') || !strcmp(ref->kind, "answer") || !strcmp(ref->kind, "question") ||
        strstr(use, "-def:"))
        return;
    char line[512];
    int neg = listed(r->negated, r->nnegated, use);
    int got = engine_concluded(e, ref->kind, ref->id);
    snprintf(line, sizeof line, "%s%s %s, %s (%s)", neg ? "no " : "", ref->kind, ref->id,
             got ? "reached" : "not reached", got != neg ? "met" : "not met");
    text_wrap(out, "      - ", line, 8, width);
}

int whynot_explain(FILE *out, engine *e, const char *id, int width)
{
    target t;
    if (resolve(e, id, &t) != 0)
        return -1;
    if (engine_run(e) != 0)
        return -1;
    if (reached(e, &t)) {
        int withheld = 0;
        if (t.tmpl && strcmp(t.tmpl, "recommend") == 0) {
            const engine_outcome *o = engine_outcome_now(e);
            withheld = o != NULL;
            for (size_t i = 0; o && i < o->nplan; i++)
                withheld &= strcmp(o->plan[i]->id, id) != 0;
        }
        fprintf(out, withheld ? "%s was reached, but a caution withheld it from the plan.\n"
                              : "%s was reached.\n", id);
        return 1;
    }
    fprintf(out, "Why not %s:\n", id);
    json_t *refs = closure(e, &t);
    for (size_t i = 0; i < engine_rule_count(e); i++) {
        const engine_rule *r = engine_rule_at(e, i);
        int direct = 0;
        for (size_t k = 0; k < r->nconcludes; k++)
            direct |= is_target_ref(e, &t, &r->conclude_refs[k]);
        if (!direct)
            continue;
        char line[512];
        snprintf(line, sizeof line, "rule %s (%s:%d) would reach it; it needs:", r->name,
                 r->file, r->line);
        text_wrap(out, "  ", line, 4, width);
        for (size_t k = 0; k < r->ntests; k++)
            show_test(out, e, r->tests[k], width);
        for (size_t u = 0; u < r->nuses; u++)
            show_fact(out, e, r, u, width);
    }

    search s = { .e = e, .t = &t };
    candidates(&s, refs);
    size_t set[MAX_SET];
    for (s.size = 1; s.size <= MAX_SET && s.nfound == 0; s.size++)
        combos(&s, set, 0, 0);
    s.size--;
    if (s.nfound == 0) {
        fprintf(out, "No change of up to %d answers reaches it.\n", MAX_SET);
    } else {
        fprintf(out, "Smallest change%s of the answers that would reach it:\n",
                s.nfound > 1 ? "s" : "");
        for (size_t f = 0; f < s.nfound; f++) {
            char line[512];
            size_t pos = 0;
            for (size_t k = 0; k < s.size && pos < sizeof line; k++) {
                const change *c = &s.cands[s.found[f][k]];
                char *v = json_is_string(c->value) ? strdup(json_string_value(c->value))
                                                   : json_dumps(c->value, JSON_ENCODE_ANY);
                pos += (size_t)snprintf(line + pos, sizeof line - pos, "%s%s = %s",
                                        k ? ", " : "", c->q, v ? v : "?");
                free(v);
            }
            text_wrap(out, "  - ", line, 4, width);
        }
    }
    for (size_t i = 0; i < s.ncands; i++)
        json_decref(s.cands[i].value);
    free(s.cands);
    json_decref(refs);
    engine_run(e);
    return 0;
}
