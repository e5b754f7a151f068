/* plain.c: results in plain words for the person (plain.h). */
#include "plain.h"
#include "answer.h"
#include "explain.h"
#include "text.h"
#include "util.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char *str(const json_t *obj, const char *key)
{
    const char *s = json_string_value(json_object_get(obj, key));
    return s ? s : "";
}

const char *plain_label(const engine_question *q)
{
    return *q->label ? q->label : q->prompt;
}

static void words(char *buf, size_t len, const char *id)
{
    snprintf(buf, len, "%s", id);
    for (char *p = buf; *p; p++)
        if (*p == '_')
            *p = ' ';
}

static void capital(char *s)
{
    if (*s >= 'a' && *s <= 'z')
        *s = (char)(*s - 'a' + 'A');
}

void plain_answer(const engine *e, const engine_question *q, const json_t *value, char *buf,
                  size_t len)
{
    if (json_is_string(value) && !strcmp(json_string_value(value), "unknown")) {
        snprintf(buf, len, "not sure");
    } else if (json_is_integer(value)) {
        long long n = json_integer_value(value);
        size_t idl = strlen(q->id);
        snprintf(buf, len, "%lld%s", n,
                 idl > 5 && !strcmp(q->id + idl - 5, "_days") ? (n == 1 ? " day" : " days")
                 : idl > 6 && !strcmp(q->id + idl - 6, "_hours") ? " hours"
                 : q->max == 10 ? " out of 10" : "");
    } else if (json_is_array(value)) {
        size_t i, pos = 0;
        json_t *x;
        buf[0] = '\0';
        if (!json_array_size(value))
            snprintf(buf, len, "none");
        json_array_foreach(value, i, x) {
            char l[128];
            int n = snprintf(buf + pos, len - pos, "%s%s", i ? ", " : "",
                             answer_label(e, q, json_string_value(x), l, sizeof l));
            if (n < 0 || (size_t)n >= len - pos)
                break;
            pos += (size_t)n;
        }
    } else if (json_is_string(value) && q->type == ENGINE_CHOICE) {
        answer_label(e, q, json_string_value(value), buf, len);
    } else {
        snprintf(buf, len, "%s", json_is_string(value) ? json_string_value(value) : "?");
    }
}

/* An assumption in words: its leading question id becomes the question's
 * label. */
static void assumption_words(const plain_view *v, const char *text, char *buf, size_t len)
{
    size_t n = strspn(text, "abcdefghijklmnopqrstuvwxyz_0123456789");
    char id[128];
    snprintf(id, sizeof id, "%.*s", (int)(n < sizeof id ? n : sizeof id - 1), text);
    const engine_question *q = n ? engine_question_find(v->e, id) : NULL;
    if (q)
        snprintf(buf, len, "%s%s", plain_label(q), text + n);
    else
        snprintf(buf, len, "%s", text);
    capital(buf);
}

static int listed(const json_t *ids, const char *id)
{
    size_t i;
    json_t *x;
    json_array_foreach(ids, i, x)
        if (!strcmp(json_string_value(x), id))
            return 1;
    return 0;
}

/* The question an assumption is about, or NULL. */
static const engine_question *assumption_question(const plain_view *v, const char *text)
{
    size_t n = strspn(text, "abcdefghijklmnopqrstuvwxyz_0123456789");
    char id[128];
    snprintf(id, sizeof id, "%.*s", (int)(n < sizeof id ? n : sizeof id - 1), text);
    return n ? engine_question_find(v->e, id) : NULL;
}

/* Whether an assumption is said: not when its question was never asked
 * because the advice was clear (said apart), or is still to come. */
static int said_assumed(const plain_view *v, const char *assumption)
{
    const engine_question *q = assumption_question(v, assumption);
    return !q || !(listed(v->not_asked, q->id) ||
                   (v->unfinished && !json_object_get(v->answers, q->id)));
}

/* Whether an assumption of the outcome is about question q. */
static int assumed(const engine_outcome *o, const plain_view *v, const engine_question *q)
{
    for (size_t i = 0; i < o->nassumptions; i++)
        if (assumption_question(v, o->assumptions[i]) == q)
            return 1;
    return 0;
}

static const char *contributor_name(const engine_contribution *c)
{
    return c->def ? c->def->name : c->id;
}

static const char *certainty_words(double cf)
{
    return cf >= 0.95 ? "likely" : cf >= 0.6 ? "possible" : "perhaps";
}

/* What a plan item was offered for, in words: contributor names where they
 * are contributors of the outcome. */
static void because_words(const engine_outcome *o, const engine_because *because, char *buf,
                          size_t len)
{
    size_t pos = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < because->n; i++) {
        const char *id = because->ids[i], *name = NULL;
        for (size_t k = 0; k < o->ncontributors; k++)
            if (!strcmp(o->contributors[k].id, id))
                name = contributor_name(&o->contributors[k]);
        char w[128];
        if (!name) {
            words(w, sizeof w, id);
            name = w;
        }
        size_t at = pos + (i ? 2 : 0);
        int n = snprintf(buf + pos, len - pos, "%s%s", i ? "; " : "", name);
        if (n < 0 || (size_t)n >= len - pos)
            break;
        pos += (size_t)n;
        if (buf[at] >= 'A' && buf[at] <= 'Z' && buf[at + 1] >= 'a' && buf[at + 1] <= 'z')
            buf[at] = (char)(buf[at] - 'A' + 'a');   /* a name mid-sentence */
    }
    capital(buf);   /* one sentence */
}

static void heading(FILE *out, const char *title)
{
    fprintf(out, "\n%s\n", title);
}

/* Whether a reason leads to another disposition than the result's. */
static int lesser(const engine_outcome *o, const engine_trigger *t)
{
    return strcmp(t->disposition, o->disposition->id) != 0;
}

void plain_result(FILE *out, const engine_outcome *o, const plain_view *v)
{
    int plan_shown = o->disposition->plan;
    int width = v->width;
    char line[2048];
    size_t i;

    /* an emergency (or any result without a plan) reached through not sure says so first */
    for (i = 0; i < o->nassumptions && !plan_shown; i++) {
        const engine_question *q = assumption_question(v, o->assumptions[i]);
        const json_t *given = q && v->answers ? json_object_get(v->answers, q->id) : NULL;
        if (q && q->unknown_means_yes && json_is_string(given) &&
            !strcmp(json_string_value(given), "unknown") &&   /* taken as yes */
            util_fill(line, sizeof line, engine_wording(v->e, "not-sure-result"), plain_label(q))) {
            text_wrap(out, "", line, 0, width);
            fputc('\n', out);
        }
    }
    char rule[121];
    int rw = width > 120 ? 120 : width;
    memset(rule, '=', (size_t)rw);
    rule[rw] = '\0';
    fprintf(out, "%s\n", rule);
    text_wrap(out, "", o->disposition->title, 0, width);
    fprintf(out, "%s\n", rule);
    text_wrap(out, "", o->disposition->advice, 0, width);

    /* the reasons for this advice first; less urgent ones apart, so that they
     * cannot read as if they softened it */
    for (int less = 0; less < 2; less++) {
        int any = 0;
        for (i = 0; i < o->ntriggers; i++) {
            if (less != lesser(o, o->triggers[i]))
                continue;
            if (!any++)
                heading(out, less ? "Also noted, less urgent:" : "Why:");
            snprintf(line, sizeof line, "%s", o->triggers[i]->says);
            capital(line);
            text_wrap(out, "  - ", line, 4, width);
        }
    }
    if (plan_shown) {
        if (o->ncontributors)
            text_heading(out, engine_wording(v->e, "contributors"), "Contributors");
        for (i = 0; i < o->ncontributors; i++) {
            const engine_contribution *c = &o->contributors[i];
            snprintf(line, sizeof line, "%s (%s): %s", contributor_name(c),
                     certainty_words(c->certainty), c->def ? c->def->says : "");
            text_wrap(out, "  - ", line, 4, width);
        }
        size_t n = o->nplan, shown = v->full_plan || n <= PLAIN_PLAN_SHOWN + 1
                                         ? n : PLAIN_PLAN_SHOWN;
        if (n) {
            heading(out, v->full_plan ? "Your whole plan:" : "Start with these:");
            const engine_technique *technique = NULL;
            for (i = 0; i < shown; i++) {
                const engine_recommendation *r = o->plan[i];
                char num[32], because[512];
                snprintf(num, sizeof num, " %2zu. ", i + 1);
                text_wrap(out, num, r->title, 6, width);
                text_wrap(out, "      How: ", r->how, 11, width);
                if (*r->dose)
                    text_wrap(out, "      How much: ", r->dose, 16, width);
                because_words(o, &o->because[i], because, sizeof because);
                text_wrap(out, "      Why for you: ", because, 19, width);
                if (engine_technique_find(v->e, r->kind))
                    technique = engine_technique_find(v->e, r->kind);
            }
            if (technique) {
                text_heading(out, *technique->heading ? technique->heading : NULL, "Technique");
                text_wrap(out, "  ", technique->text, 2, width);
            }
            if (shown < n) {
                snprintf(line, sizeof line, "%zu more in your plan: type plan to see them.",
                         n - shown);
                fputc('\n', out);
                text_wrap(out, "", line, 0, width);
            }
        }
        if (o->ncautions)
            heading(out, "Take care:");
        for (i = 0; i < o->ncautions; i++)
            text_wrap(out, "  - ", o->cautions[i]->says, 4, width);
    }
    /* the safety net grouped by what to do, most urgent first */
    if (o->nsafety_net)
        heading(out, "Get help sooner:");
    const char *action = NULL;
    for (i = 0; i < o->nsafety_net; i++) {
        const engine_trigger *t = o->safety_net[i];
        const engine_disposition_info *d = engine_disposition_find(v->e, t->disposition);
        const char *act = d ? d->action : "";
        if (!action || strcmp(action, act) != 0) {
            action = act;
            snprintf(line, sizeof line, "%s if:", action);
            capital(line);
            text_wrap(out, "  ", line, 2, width);
        }
        text_wrap(out, "    - ", t->safety_net, 6, width);
    }
    int any = 0;
    for (i = 0; i < o->nassumptions; i++) {
        if (!said_assumed(v, o->assumptions[i]))
            continue;
        if (!any)
            heading(out, "What was assumed:");
        any = 1;
        assumption_words(v, o->assumptions[i], line, sizeof line);
        text_wrap(out, "  - ", line, 4, width);
    }
    /* every not-sure answer, also those no rule needed */
    const char *id;
    json_t *a, *x;
    json_object_foreach((json_t *)v->answers, id, a) {
        const engine_question *q = engine_question_find(v->e, id);
        if (!q || !json_is_string(a) || strcmp(json_string_value(a), "unknown") != 0 ||
            assumed(o, v, q))
            continue;
        if (!any)
            heading(out, "What was assumed:");
        any = 1;
        snprintf(line, sizeof line, "%s: you were not sure, so the advice does not count on it",
                 plain_label(q));
        capital(line);
        text_wrap(out, "  - ", line, 4, width);
    }
    if (json_array_size(v->not_asked) && !plan_shown) {
        fputc('\n', out);
        text_wrap(out, "", "Some questions were not asked, because the advice was already "
                           "clear.", 0, width);
    } else if (json_array_size(v->not_asked)) {
        size_t pos = (size_t)snprintf(line, sizeof line, "Not asked, because the advice was "
                                      "already clear: ");
        json_array_foreach(v->not_asked, i, x) {
            const engine_question *q = engine_question_find(v->e, json_string_value(x));
            int n = snprintf(line + pos, sizeof line - pos, "%s%s", i ? "; " : "",
                             q ? plain_label(q) : json_string_value(x));
            if (n < 0 || (size_t)n >= sizeof line - pos)
                break;
            pos += (size_t)n;
        }
        fputc('\n', out);
        text_wrap(out, "", line, 0, width);
    }
    fputc('\n', out);
    for (i = 0; i < engine_notice_count(v->e); i++)
        text_wrap(out, "", engine_notice_at(v->e, i), 0, width);
}

/* ---- how, in words ------------------------------------------------------------------- */

/* The explanation step that concluded key ("trigger: x", "contributor: y"). */
static const json_t *step_for(const json_t *res, const char *key)
{
    size_t n = strlen(key), i, j;
    json_t *s, *c;
    json_array_foreach(json_object_get(res, "explanation"), i, s)
        json_array_foreach(json_object_get(s, "concluded"), j, c) {
            const char *t = json_string_value(c);
            if (t && !strncmp(t, key, n) && (t[n] == '\0' || t[n] == ' '))
                return s;
        }
    return NULL;
}

/* Adds to ids ("question id" -> true) every answer the derivation of key
 * rests on, following the steps down to the answers. */
static void answers_behind(const json_t *res, const char *key, json_t *ids, json_t *seen, int depth)
{
    const json_t *st = step_for(res, key);
    if (!st || json_object_get(seen, key) || depth > 12)
        return;
    json_object_set_new(seen, key, json_true());
    size_t i;
    json_t *u;
    json_array_foreach(json_object_get(st, "used"), i, u) {
        const char *t = json_string_value(u), *id;
        size_t n;
        if (explain_answer_fact(t, &id, &n)) {
            json_object_setn_new(ids, id, n, json_true());
        } else if (!engine_ref_id(t, "question") && !strstr(t, "-def:")) {
            char key2[256];
            const char *sp = strchr(t + strcspn(t, " ") + 1, ' ');
            snprintf(key2, sizeof key2, "%.*s", sp ? (int)(sp - t) : (int)strlen(t), t);
            answers_behind(res, key2, ids, seen, depth + 1);
        }
    }
}

/* Writes what is said, then "because you said:" and the answers it rests on. */
static void how_fact(FILE *out, const json_t *res, const char *key, const char *says,
                     const plain_view *v)
{
    char line[1024];
    snprintf(line, sizeof line, "%s", says);
    capital(line);
    text_wrap(out, "  - ", line, 4, v->width);
    json_t *ids = json_object(), *seen = json_object();
    answers_behind(res, key, ids, seen, 0);
    /* in the order the questions are asked */
    for (size_t i = 0; i < engine_question_count(v->e); i++) {
        const engine_question *q = engine_question_at(v->e, i);
        if (!json_object_get(ids, q->id))
            continue;
        char val[512];
        plain_answer(v->e, q, engine_answer_value(v->e, q->id), val, sizeof val);
        snprintf(line, sizeof line, "%s: %s", plain_label(q), val);
        text_wrap(out, "      because you said: ", line, 24, v->width);
    }
    json_decref(ids);
    json_decref(seen);
}

static int matches(const char *text, const char *what)
{
    char a[1024], b[256];
    size_t i;
    for (i = 0; text[i] && i + 1 < sizeof a; i++)
        a[i] = (char)tolower((unsigned char)text[i]);
    a[i] = '\0';
    for (i = 0; what[i] && i + 1 < sizeof b; i++)
        b[i] = (char)tolower((unsigned char)what[i]);
    b[i] = '\0';
    return strlen(b) >= 3 && strstr(a, b) != NULL;
}

/* The words of a contributor of the result, or NULL. */
static const char *contributor_says(const json_t *res, const char *id)
{
    size_t i;
    json_t *c;
    json_array_foreach(json_object_get(res, "contributors"), i, c)
        if (!strcmp(str(c, "id"), id))
            return str(c, "says");
    return NULL;
}

int plain_how(FILE *out, const json_t *res, const char *what, const plain_view *v)
{
    int found = 0;
    size_t i;
    json_t *x;
    char key[256], line[1024];
    if (!strcmp(what, "disposition") || matches("the advice", what) ||
        matches(str(res, "title"), what)) {
        snprintf(line, sizeof line, "%s, because:", str(res, "title"));
        text_wrap(out, "", line, 0, v->width);
        /* as the result says them: the reasons for this advice, then less urgent ones */
        const engine_outcome *o = engine_outcome_now(v->e);
        for (int less = 0; o && less < 2; less++) {
            int any = 0;
            for (i = 0; i < o->ntriggers; i++) {
                if (less != lesser(o, o->triggers[i]))
                    continue;
                if (less && !any++)
                    text_wrap(out, "", "Also noted, less urgent:", 0, v->width);
                snprintf(key, sizeof key, "trigger: %s", o->triggers[i]->id);
                how_fact(out, res, key, o->triggers[i]->says, v);
                found = 1;
            }
        }
        if (!found)
            text_wrap(out, "  ", "nothing in your answers called for more than this.", 2, v->width);
        return 0;
    }
    char *end;
    long n = strtol(what, &end, 10);
    const json_t *recs = json_object_get(res, "recommendations");
    const json_t *item = NULL;
    if (*end == '\0' && n >= 1 && (size_t)n <= json_array_size(recs))
        item = json_array_get(recs, (size_t)n - 1);
    json_array_foreach(recs, i, x)
        if (!item && matches(str(x, "title"), what))
            item = x;
    if (item) {
        snprintf(line, sizeof line, "%s is in your plan for:", str(item, "title"));
        text_wrap(out, "", line, 0, v->width);
        json_array_foreach(json_object_get(item, "because"), i, x) {
            const char *says = contributor_says(res, json_string_value(x));
            char w[256];
            if (!says) {
                words(w, sizeof w, json_string_value(x));
                says = w;
            }
            snprintf(key, sizeof key, "contributor: %s", json_string_value(x));
            how_fact(out, res, key, says, v);
        }
        return 0;
    }
    json_array_foreach(json_object_get(res, "reasons"), i, x)
        if (!found && matches(str(x, "says"), what)) {
            snprintf(key, sizeof key, "trigger: %s", str(x, "trigger"));
            how_fact(out, res, key, str(x, "says"), v);
            found = 1;
        }
    json_array_foreach(json_object_get(res, "contributors"), i, x)
        if (!found && (matches(str(x, "name"), what) || matches(str(x, "says"), what))) {
            snprintf(line, sizeof line, "%s:", str(x, "name"));
            text_wrap(out, "", line, 0, v->width);
            snprintf(key, sizeof key, "contributor: %s", str(x, "id"));
            how_fact(out, res, key, str(x, "says"), v);
            found = 1;
        }
    return found ? 0 : -1;
}

/* ---- the report ----------------------------------------------------------------------- */

static void esc(FILE *out, const char *s, int html)
{
    for (; *s; s++) {
        if (html && *s == '<')
            fputs("&lt;", out);
        else if (html && *s == '>')
            fputs("&gt;", out);
        else if (html && *s == '&')
            fputs("&amp;", out);
        else if (html && *s == '"')
            fputs("&quot;", out);
        else
            fputc(*s, out);
    }
}

static void item(FILE *out, const char *text, int html)
{
    if (!html) {
        text_wrap(out, "  - ", text, 4, 78);
        return;
    }
    fputs("<li>", out);
    esc(out, text, html);
    fputs("</li>\n", out);
}

static void section(FILE *out, const char *title, int html, int open)
{
    if (html)
        fprintf(out, open ? "<h2>%s</h2>\n<ul>\n" : "</ul>\n", title);
    else if (open)
        fprintf(out, "\n%s\n", title);
}

static const char *report_title(const engine *e)
{
    const char *t = engine_wording(e, "report");
    return t ? t : "Summary";
}

const char *plain_report_head(const engine *e, char *buf, size_t len)
{
    snprintf(buf, len, "%s", report_title(e));
    for (char *p = buf; *p; p++)
        *p = (char)toupper((unsigned char)*p);
    return buf;
}

void plain_report(FILE *out, const engine_outcome *o, const json_t *answers,
                  const plain_view *v, int html)
{
    char date[64], line[2048];
    time_t now = time(NULL);
    strftime(date, sizeof date, "%Y-%m-%d %H:%M", localtime(&now));
    if (html) {
        fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>", out);
        esc(out, report_title(v->e), 1);
        fputs("</title>\n<style>\n"
              "body{font-family:sans-serif;max-width:42em;margin:1em auto;line-height:1.4;color:#000}\n"
              "h1{font-size:1.4em}h2{font-size:1.1em;margin-bottom:.2em}\n"
              ".advice{border:2px solid #000;padding:.5em}\n"
              "@media print{body{margin:0}a{color:#000}}\n</style>\n</head>\n<body>\n<h1>", out);
        esc(out, report_title(v->e), 1);
        fputs("</h1>\n", out);
    } else {
        fprintf(out, "%s\n", plain_report_head(v->e, line, sizeof line));
    }
    fprintf(out, html ? "<p>Made on %s by triage, rules version %.12s%s%s.</p>\n"
                      : "Made on %s by triage, rules version %.12s%s%s.\n",
            date, engine_rules_version(v->e), engine_policy_version(v->e) > 0 ? ", policy " : "",
            engine_policy_version(v->e) > 0
                ? (snprintf(line, sizeof line, "%lld", engine_policy_version(v->e)), line)
                : "");
    if (html) {
        fputs("<div class=\"advice\"><strong>", out);
        esc(out, o->disposition->title, 1);
        fputs("</strong><br>", out);
        esc(out, o->disposition->advice, 1);
        fputs("</div>\n", out);
    } else {
        fprintf(out, "\nADVICE: %s\n", o->disposition->title);
        text_wrap(out, "  ", o->disposition->advice, 2, 78);
    }
    size_t i;
    json_t *x;
    for (int less = 0; less < 2; less++) {   /* as plain_result() shows them */
        const char *title = less ? "Also noted, less urgent" : "Why";
        int any = 0;
        for (i = 0; i < o->ntriggers; i++) {
            if (less != lesser(o, o->triggers[i]))
                continue;
            if (!any++)
                section(out, title, html, 1);
            snprintf(line, sizeof line, "%s", o->triggers[i]->says);
            capital(line);
            item(out, line, html);
        }
        if (any)
            section(out, title, html, 0);
    }
    section(out, "The answers given", html, 1);
    for (size_t k = 0; k < engine_question_count(v->e); k++) {
        const engine_question *q = engine_question_at(v->e, k);
        const json_t *a = json_object_get(answers, q->id);
        if (!a)
            continue;
        char val[512];
        plain_answer(v->e, q, a, val, sizeof val);
        snprintf(line, sizeof line, "%s: %s", plain_label(q), val);
        capital(line);
        item(out, line, html);
    }
    section(out, "The answers given", html, 0);
    size_t nsaid = 0;
    for (i = 0; i < o->nassumptions; i++)
        nsaid += said_assumed(v, o->assumptions[i]);
    if (nsaid || json_array_size(v->not_asked)) {
        section(out, "What was assumed", html, 1);
        for (i = 0; i < o->nassumptions; i++) {
            if (!said_assumed(v, o->assumptions[i]))
                continue;
            assumption_words(v, o->assumptions[i], line, sizeof line);
            item(out, line, html);
        }
        json_array_foreach(v->not_asked, i, x) {
            const engine_question *q = engine_question_find(v->e, json_string_value(x));
            snprintf(line, sizeof line, "%s: not asked, the advice was already clear",
                     q ? plain_label(q) : json_string_value(x));
            capital(line);
            item(out, line, html);
        }
        section(out, "What was assumed", html, 0);
    }
    if (html)
        fputs("<h2>Please note</h2>\n", out);
    else
        fputs("\n", out);
    for (i = 0; i < engine_notice_count(v->e); i++) {
        if (html) {
            fputs("<p>", out);
            esc(out, engine_notice_at(v->e, i), 1);
            fputs("</p>\n", out);
        } else {
            text_wrap(out, "", engine_notice_at(v->e, i), 0, 78);
        }
    }
    if (html)
        fputs("</body>\n</html>\n", out);
}
