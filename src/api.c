/* api.c: the HTTP API as plain functions (api.h). */
#include "api.h"
#include "answer.h"
#include "cases.h"
#include "version.h"
#include "explain.h"
#include "session.h"
#include "transcript.h"
#include "web.h"
#include "whynot.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct api {
    engine *e;
    session *s;
};

api *api_new(engine *e)
{
    api *a = calloc(1, sizeof *a);
    if (!a)
        return NULL;
    a->e = e;
    a->s = session_new(e);
    if (!a->s) {
        free(a);
        return NULL;
    }
    return a;
}

void api_free(api *a)
{
    if (!a)
        return;
    session_free(a->s);
    free(a);
}

void api_reply_free(api_reply *r)
{
    if (!r->fixed)
        free(r->body);
    r->body = NULL;
    r->len = 0;
}

static void reply_json(api_reply *r, int status, json_t *body)
{
    r->status = status;
    r->type = "application/json";
    r->fixed = 0;
    r->body = json_dumps(body, JSON_COMPACT | JSON_REAL_PRECISION(6));
    r->len = r->body ? strlen(r->body) : 0;
    json_decref(body);
    if (!r->body) {
        r->status = 500;
        r->body = strdup("{\"error\":{\"status\":500,\"message\":\"out of memory\"}}");
        r->len = r->body ? strlen(r->body) : 0;
    }
}

static void reply_error(api_reply *r, int status, const char *message, const char *field)
{
    reply_json(r, status, json_pack("{s:{s:i, s:s, s:s*}}", "error", "status", status, "message",
                                    message, "field", field));
}

/* ---- the definitions ---------------------------------------------------------------- */

static const char *type_name(engine_qtype t)
{
    return t == ENGINE_YESNO ? "yesno" : t == ENGINE_INTEGER ? "integer"
         : t == ENGINE_CHOICE ? "choice" : "multi";
}

/* A question as the API shows it: its words, its choices, why it is asked. */
static json_t *question_json(engine *e, const engine_question *q)
{
    json_t *choices = json_array();
    for (size_t i = 0; i < q->nvalues; i++) {
        char label[128];
        json_array_append_new(choices, json_pack("{s:s, s:s}", "value", q->values[i], "label",
                                                 answer_label(e, q, q->values[i], label,
                                                              sizeof label)));
    }
    json_t *o = json_pack("{s:s, s:s, s:s, s:s, s:s, s:b, s:b, s:s, s:o}", "id", q->id, "text",
                          q->prompt, "label", *q->label ? q->label : q->prompt, "why", q->help,
                          "type", type_name(q->type), "red_flag", q->red_flag,
                          "not_sure_counts_as_yes", q->unknown_means_yes, "example",
                          answer_example(e, q), "choices", choices);
    if (q->type == ENGINE_INTEGER) {
        json_object_set_new(o, "min", json_integer(q->min));
        json_object_set_new(o, "max", json_integer(q->max));
    }
    if (q->relevant_if) {
        json_t *vals = json_array();
        for (size_t i = 0; i < q->nrelevant_values; i++)
            json_array_append_new(vals, json_string(q->relevant_values[i]));
        json_object_set_new(o, "relevant_if", json_pack("{s:s, s:o}", "question", q->relevant_if,
                                                        "values", vals));
    }
    return o;
}

static void get_health(api *a, const char *query, const char *body, size_t len, api_reply *r)
{
    (void)a;
    (void)query;
    (void)body;
    (void)len;
    reply_json(r, 200, json_pack("{s:s}", "status", "ok"));
}

static void get_questions(api *a, const char *query, const char *body, size_t len, api_reply *r)
{
    (void)query;
    (void)body;
    (void)len;
    json_t *qs = json_array(), *cs = json_array();
    for (size_t i = 0; i < engine_question_count(a->e); i++)
        json_array_append_new(qs, question_json(a->e, engine_question_at(a->e, i)));
    for (size_t i = 0; i < engine_checklist_count(a->e); i++) {
        const engine_checklist *c = engine_checklist_at(a->e, i);
        json_t *items = json_array();
        for (size_t k = 0; k < c->nitems; k++)
            json_array_append_new(items, json_string(c->items[k]));
        json_array_append_new(cs, json_pack("{s:s, s:s, s:s, s:o}", "id", c->id, "text",
                                            c->prompt, "why", c->help, "items", items));
    }
    /* what a front end does at each disposition: show a plan, say it at once */
    json_t *ds = json_array();
    static const char *const modes[] = { [ENGINE_GO_ON] = "continue",
                                         [ENGINE_RAISE_ONLY] = "raise-only",
                                         [ENGINE_STOP] = "stop" };
    for (size_t i = 0; i < engine_disposition_count(a->e); i++) {
        const engine_disposition_info *d = engine_disposition_at(a->e, i);
        json_array_append_new(ds, json_pack("{s:s, s:I, s:s, s:s, s:s, s:b, s:b, s:s}", "id",
                                            d->id, "rank", (json_int_t)d->rank, "title", d->title,
                                            "action", d->action, "advice", d->advice, "plan",
                                            d->plan, "announce", d->announce, "interview",
                                            modes[d->interview]));
    }
    /* the words a front end puts around the rules' own texts */
    json_t *words = json_object(), *headings = json_object();
    for (size_t i = 0; i < engine_wording_count(a->e); i++)
        json_object_set_new(words, engine_wording_at(a->e, i)->id,
                            json_string(engine_wording_at(a->e, i)->text));
    for (size_t i = 0; i < engine_technique_count(a->e); i++) {
        const engine_technique *t = engine_technique_at(a->e, i);
        if (*t->heading)
            json_object_set_new(headings, t->kind, json_string(t->heading));
    }
    reply_json(r, 200, json_pack("{s:s, s:I, s:o, s:o, s:o, s:o, s:o}", "rules_version",
                                 engine_rules_version(a->e), "policy",
                                 (json_int_t)engine_policy_version(a->e), "questions", qs,
                                 "checklists", cs, "dispositions", ds, "wording", words,
                                 "technique_headings", headings));
}

/* The program, the rules' version and each rule file's name and sha256: what
 * a transcript's header records, so that a client can write one that
 * `triage audit` reads. File names only: no path of the server's disk. */
static void get_version(api *a, const char *query, const char *body, size_t len, api_reply *r)
{
    (void)query;
    (void)body;
    (void)len;
    json_t *files = json_array();
    for (size_t i = 0; i < engine_file_count(a->e); i++) {
        const char *p = engine_file_path(a->e, i);
        const char *base = strrchr(p, '/') ? strrchr(p, '/') + 1 : p;
        json_array_append_new(files, json_pack("{s:s, s:s}", "file", base, "sha256",
                                               engine_file_sha256(a->e, i)));
    }
    reply_json(r, 200, json_pack("{s:s, s:s, s:I, s:o}", "program", "triage " TRIAGE_VERSION,
                                 "rules_version", engine_rules_version(a->e), "policy",
                                 (json_int_t)engine_policy_version(a->e), "rule_files", files));
}

/* The rules as a FHIR R4 Questionnaire: one item a question (linkId = its
 * id), answer options from its values, enableWhen from relevant-if. */
static void get_questionnaire(api *a, const char *query, const char *body, size_t len, api_reply *r)
{
    (void)query;
    (void)body;
    (void)len;
    json_t *items = json_array();
    for (size_t i = 0; i < engine_question_count(a->e); i++) {
        const engine_question *q = engine_question_at(a->e, i);
        json_t *item = json_pack("{s:s, s:s, s:s, s:b}", "linkId", q->id, "text", q->prompt,
                                 "type", q->type == ENGINE_INTEGER ? "integer" : "choice",
                                 "required", 0);
        if (q->type == ENGINE_MULTI)
            json_object_set_new(item, "repeats", json_true());
        if (q->type != ENGINE_INTEGER) {
            json_t *opts = json_array();
            const char *const yesno[] = { "yes", "no" };
            size_t n = q->type == ENGINE_YESNO ? 2 : q->nvalues;
            for (size_t k = 0; k <= n; k++) {
                const char *v = k == n ? "unknown" : q->type == ENGINE_YESNO ? yesno[k]
                                                                             : q->values[k];
                char label[128];
                if (k == n)
                    snprintf(label, sizeof label, "not sure");
                else if (q->type == ENGINE_YESNO)
                    snprintf(label, sizeof label, "%s", v);
                else
                    answer_label(a->e, q, v, label, sizeof label);
                json_array_append_new(opts, json_pack("{s:{s:s, s:s, s:s}}", "valueCoding",
                                                      "system", "urn:triage:answer", "code", v,
                                                      "display", label));
            }
            json_object_set_new(item, "answerOption", opts);
        }
        if (q->relevant_if) {
            json_t *when = json_array();
            for (size_t k = 0; k < q->nrelevant_values; k++)
                json_array_append_new(when, json_pack("{s:s, s:s, s:{s:s, s:s}}", "question",
                                                      q->relevant_if, "operator", "=",
                                                      "answerCoding", "system",
                                                      "urn:triage:answer", "code",
                                                      q->relevant_values[k]));
            json_object_set_new(item, "enableWhen", when);
            json_object_set_new(item, "enableBehavior", json_string("any"));
        }
        if (*q->help)
            json_object_set_new(item, "prefix", json_string(q->red_flag ? "red flag" : "question"));
        json_array_append_new(items, item);
    }
    char version[80];
    snprintf(version, sizeof version, "%s", engine_rules_version(a->e));
    const char *title = engine_wording(a->e, "questionnaire");
    reply_json(r, 200, json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:o}", "resourceType",
                                 "Questionnaire", "id", "triage-back-pain", "url",
                                 "urn:triage:questionnaire:back-pain", "version", version, "name",
                                 "TriageBackPain", "title", title ? title : "Triage", "status",
                                 "active", "item", items));
}

/* ---- requests with a body ----------------------------------------------------------- */

static json_t *parse_body(const char *body, size_t len, api_reply *r)
{
    json_error_t err;
    json_t *v = len ? json_loadb(body, len, JSON_REJECT_DUPLICATES, &err) : NULL;
    if (!json_is_object(v)) {
        char msg[300];
        snprintf(msg, sizeof msg, "the body must be a JSON object%s%s", v || !len ? "" : ": ",
                 v || !len ? "" : err.text);
        json_decref(v);
        reply_error(r, 400, msg, NULL);
        return NULL;
    }
    return v;
}

/* The detail a query asks for ("detail=full" or "detail=summary" among
 * "&"-separated parameters; full when it names none). Returns 0, or -1 after
 * a 400 reply for another value. */
static int query_detail(const char *query, engine_detail *d, api_reply *r)
{
    *d = ENGINE_DETAIL_FULL;
    for (const char *p = query; p && *p; p = strchr(p, '&') ? strchr(p, '&') + 1 : NULL) {
        if (strncmp(p, "detail=", 7) != 0)
            continue;
        size_t n = strcspn(p + 7, "&");
        if (n == 7 && !strncmp(p + 7, "summary", 7)) {
            *d = ENGINE_DETAIL_SUMMARY;
        } else if (!(n == 4 && !strncmp(p + 7, "full", 4))) {
            reply_error(r, 400, "detail takes full or summary", NULL);
            return -1;
        }
    }
    return 0;
}

static void post_triage(api *a, const char *query, const char *body, size_t len, api_reply *r)
{
    engine_detail detail;
    if (query_detail(query, &detail, r) != 0)
        return;
    json_t *c = parse_body(body, len, r);
    if (!c)
        return;
    json_t *error;
    /* the session's interview logs what changes on this engine; a case run
     * here needs no log, and one left on would grow with every case */
    engine_log_changes(a->e, 0);
    if (cases_run(a->e, c, &error) != 0) {
        reply_json(r, error ? 422 : 500,
                   error ? error : json_pack("{s:{s:s}}", "error", "message", "out of memory"));
        json_decref(c);
        return;
    }
    char *id = json_object_get(c, "id") ? cases_id_text(c) : NULL;
    size_t n;
    const char *text = engine_result_text_detail(a->e, id, detail, &n);
    free(id);
    json_decref(c);
    if (!text) {
        reply_error(r, 500, engine_errmsg(a->e), NULL);
        return;
    }
    r->status = 200;
    r->type = "application/json";
    r->fixed = 0;
    r->body = malloc(n + 1);
    if (!r->body) {
        reply_error(r, 500, "out of memory", NULL);
        return;
    }
    memcpy(r->body, text, n);
    r->body[n] = '\0';
    r->len = n;
}

static json_t *step_json(api *a, const session_step *st)
{
    json_t *items = json_array();
    for (size_t i = 0; i < st->nitems; i++)
        json_array_append_new(items, question_json(a->e, st->items[i]));
    const engine_question *q = st->items[0];
    return json_pack("{s:s, s:s, s:s, s:s, s:b, s:b, s:o}", "kind",
                     st->checklist ? "checklist" : "question", "id",
                     st->checklist ? st->checklist->id : q->id, "text",
                     st->checklist ? st->checklist->prompt : q->prompt, "why",
                     st->checklist ? st->checklist->help : q->help, "again", st->again, "alone",
                     st->alone, "items", items);
}

/* What answering the step brought: the transcript's events, not-sure answers
 * taken as yes, the one asked once more next, and a rise in urgency. */
static json_t *news_json(const session_news *n, json_t *events)
{
    json_t *yes = json_array();
    for (size_t i = 0; i < n->ntaken_yes; i++)
        json_array_append_new(yes, json_string(n->taken_yes[i]->id));
    json_t *rose = n->rose_to ? json_pack("{s:s, s:s}", "disposition", n->rose_to->id, "title",
                                          n->rose_to->title)
                              : json_null();
    return json_pack("{s:o, s:o, s:s?, s:o}", "events", events, "taken_yes", yes, "again",
                     n->again ? n->again->id : NULL, "rose_to", rose);
}

/* Answers the step the loaded session shows with given (a change of the
 * question named change first, when not NULL): 0 and *news, or -1 after an
 * error reply (422 naming the field at fault, 500 when the rules fail). */
static int answer_given(api *a, const json_t *given, const char *change, json_t **news,
                        api_reply *r)
{
    if (change) {
        const engine_question *q = engine_question_find(a->e, change);
        if (!q) {
            reply_error(r, 422, "no question has that id", "change");
            return -1;
        }
        session_ask(a->s, q);
    }
    const session_step *st = session_step_now(a->s);
    if (st->done) {
        reply_error(r, 422, "the questions are finished: send \"change\" to change an answer",
                    "given");
        return -1;
    }
    const char *k;
    json_t *v;
    json_object_foreach((json_t *)given, k, v) {
        size_t i = 0;
        while (i < st->nitems && strcmp(st->items[i]->id, k) != 0)
            i++;
        if (i == st->nitems) {
            reply_error(r, 422, "not asked at this step", k);
            return -1;
        }
        if (!json_is_null(v) && engine_check_answer(a->e, k, v) != 0) {
            reply_error(r, 422, engine_errmsg(a->e), k);
            return -1;
        }
    }
    if (!st->checklist && !json_object_get(given, st->items[0]->id)) {
        reply_error(r, 422, "no answer to the question asked", st->items[0]->id);
        return -1;
    }
    transcript *t = transcript_new(a->e, NULL, NULL);
    if (!t) {
        reply_error(r, 500, "out of memory", NULL);
        return -1;
    }
    session_set_transcript(a->s, t);
    session_news n;
    int rc = session_answer(a->s, given, &n);
    session_set_transcript(a->s, NULL);
    json_t *events = rc == 0 ? transcript_events(t) : NULL;
    transcript_free(t);
    if (!events) {   /* every answer was checked: the rules failed, or memory */
        reply_error(r, 500, rc == 0 ? "out of memory" : session_errmsg(a->s), NULL);
        return -1;
    }
    *news = news_json(&n, events);
    return 0;
}

static void post_next(api *a, const char *query, const char *body, size_t len, api_reply *r)
{
    (void)query;
    json_t *req = parse_body(body, len, r);
    if (!req)
        return;
    const json_t *answers = json_object_get(req, "answers");
    const json_t *given = json_object_get(req, "given");
    const json_t *change = json_object_get(req, "change");
    const char *field = answers && !json_is_object(answers) ? "answers"
                      : given && !json_is_object(given) ? "given"
                      : change && (!json_is_string(change) || !given) ? "change" : NULL;
    if (field) {
        reply_error(r, 400, !strcmp(field, "change")
                                ? "\"change\" is the id of the question \"given\" answers again"
                                : "\"answers\" and \"given\" must be objects of question id to value",
                    field);
        json_decref(req);
        return;
    }
    const json_t *kept = json_object_get(req, "ask_again");
    if (kept && !json_is_string(kept)) {
        reply_error(r, 400, "ask_again must be a question id", "ask_again");
        json_decref(req);
        return;
    }
    static const char *const lists[] = { "asked_again", "asked_alone" };
    for (size_t k = 0; k < 2; k++) {
        const json_t *l = json_object_get(req, lists[k]);
        size_t i;
        json_t *x;
        int ok = !l || json_is_array(l);
        json_array_foreach(l, i, x)
            ok &= json_is_string(x);
        if (!ok) {
            reply_error(r, 400, "asked_again and asked_alone must be lists of question ids",
                        lists[k]);
            json_decref(req);
            return;
        }
    }
    const char *bad = NULL;
    json_t *empty = json_object(), *news = NULL;
    if (session_load(a->s, answers ? answers : empty, req, &bad) != 0) {
        reply_error(r, bad ? 422 : 500, engine_errmsg(a->e), bad);
        json_decref(empty);
        json_decref(req);
        return;
    }
    json_decref(empty);
    if (given && answer_given(a, given, json_string_value(change), &news, r) != 0) {
        json_decref(req);
        return;
    }
    json_decref(req);
    const session_step *st = session_step_now(a->s);
    json_t *out;
    if (st->done) {
        json_t *res = engine_result(a->e);
        if (!res) {
            json_decref(news);
            reply_error(r, 500, engine_errmsg(a->e), NULL);
            return;
        }
        out = json_pack("{s:b, s:o, s:o}", "should_stop", 1, "result", res, "not_asked",
                        session_not_asked(a->s));
    } else {
        out = json_pack("{s:b, s:o, s:o}", "should_stop", 0, "step", step_json(a, st), "memory",
                        session_memory(a->s));
    }
    const engine_disposition_info *d = session_so_far(a->s);
    if (d) {
        json_t *so_far = json_pack("{s:s, s:s, s:b}", "disposition", d->id, "title", d->title,
                                   "announce", d->announce);
        const engine_disposition_info *could = st->done ? NULL : session_could_stop(a->s);
        if (so_far && could)
            json_object_set_new(so_far, "could_reach", json_pack("{s:s, s:s}", "disposition",
                                                                 could->id, "action",
                                                                 could->action));
        json_object_set_new(out, "so_far", so_far);
    }
    json_object_set_new(out, "state", session_state(a->s));
    if (news)
        json_object_set_new(out, "news", news);
    reply_json(r, 200, out);
}

static void post_explain(api *a, const char *query, const char *body, size_t len, api_reply *r)
{
    (void)query;
    json_t *req = parse_body(body, len, r);
    if (!req)
        return;
    const json_t *c = json_object_get(req, "case");
    const char *id = json_string_value(json_object_get(req, "id"));
    const char *whynot = json_string_value(json_object_get(req, "why_not"));
    if (!json_is_object(c) || (!id == !whynot)) {
        reply_error(r, 400, "give {\"case\": {...}, \"id\": ID} or {\"case\": {...}, \"why_not\": ID}",
                    NULL);
        json_decref(req);
        return;
    }
    int failed;
    engine_log_changes(a->e, 0);   /* as in post_triage */
    json_t *res = cases_evaluate(a->e, c, &failed);
    if (!res || failed) {
        reply_json(r, 422, res ? res : json_pack("{s:{s:s}}", "error", "message", "out of memory"));
        json_decref(req);
        return;
    }
    char *text = NULL;
    size_t n = 0;
    FILE *out = open_memstream(&text, &n);
    int found = 0;
    if (out) {
        if (whynot) {
            int w = whynot_explain(out, a->e, whynot, 100);
            found = w >= 0;
            if (w > 0)
                explain_how(out, res, whynot, 100);
        } else {
            found = explain_how(out, res, id, 100) == 0;
        }
        fclose(out);
    }
    json_decref(res);
    if (!text) {
        reply_error(r, 500, "out of memory", NULL);
    } else if (!found) {
        reply_error(r, 404, whynot ? "nothing in the rules is called that"
                                   : "that was not reached for this case (try why_not)",
                    whynot ? whynot : id);
    } else {
        reply_json(r, 200, json_pack("{s:s, s:s}", "id", whynot ? whynot : id, "text", text));
    }
    free(text);
    json_decref(req);
}

/* ---- routing -------------------------------------------------------------------------- */

void api_handle(api *a, const char *method, const char *path, const char *body, size_t len,
                api_reply *r)
{
    memset(r, 0, sizeof *r);
    char route[256];
    size_t plen = strcspn(path, "?");
    snprintf(route, sizeof route, "%.*s", (int)(plen < sizeof route ? plen : sizeof route - 1), path);
    const char *query = path[plen] ? path + plen + 1 : "";
    int get = !strcmp(method, "GET") || !strcmp(method, "HEAD"), post = !strcmp(method, "POST");
    static const struct {
        const char *path;
        int post;
        void (*handle)(api *a, const char *query, const char *body, size_t len, api_reply *r);
    } routes[] = {
        { "/healthz", 0, get_health }, { "/v1/version", 0, get_version },
        { "/v1/questions", 0, get_questions }, { "/v1/questionnaire", 0, get_questionnaire },
        { "/v1/triage", 1, post_triage }, { "/v1/next", 1, post_next },
        { "/v1/explain", 1, post_explain },
    };
    const web_file *page = web_asset(route);
    size_t at = sizeof routes / sizeof *routes;
    for (size_t i = 0; i < sizeof routes / sizeof *routes; i++)
        if (!strcmp(routes[i].path, route))
            at = i;
    int known = page != NULL || at < sizeof routes / sizeof *routes;
    int wants_post = !page && known && routes[at].post;
    if (!known) {
        reply_error(r, 404, "no such path", NULL);
        return;
    }
    if ((wants_post && !post) || (!wants_post && !get)) {
        reply_error(r, 405, wants_post ? "use POST with a JSON body" : "use GET", NULL);
        return;
    }
    if (len > API_MAX_BODY) {
        reply_error(r, 413, "the body is larger than 64 KiB", NULL);
        return;
    }
    if (page) {
        r->status = 200;
        r->type = page->type;
        r->body = (char *)page->data;
        r->len = page->len;
        r->fixed = 1;
    } else {
        routes[at].handle(a, query, body, len, r);
    }
}
