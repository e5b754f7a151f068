/* text.c: plain-text rendering of a result. */
#include "text.h"
#include "cases.h"

#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

int text_width(void)
{
    int w = 0;
    struct winsize ws;
    if (isatty(STDOUT_FILENO) && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0)
        w = ws.ws_col;
    if (w <= 0 && getenv("COLUMNS"))
        w = atoi(getenv("COLUMNS"));
    if (w <= 0)
        w = 80;
    return w < 40 ? 40 : w > 120 ? 120 : w;
}

void text_wrap(FILE *out, const char *first, const char *text, int indent, int width)
{
    int col = (int)strlen(first);
    fputs(first, out);
    const char *p = text;
    int at_start = 1;
    while (*p) {
        while (*p == ' ' || *p == '\n')
            p++;
        size_t wl = strcspn(p, " \n");
        if (wl == 0)
            break;
        if (!at_start && col + 1 + (int)wl > width) {
            fprintf(out, "\n%*s", indent, "");
            col = indent;
            at_start = 1;
        }
        if (!at_start) {
            fputc(' ', out);
            col++;
        }
        fwrite(p, 1, wl, out);
        col += (int)wl;
        p += wl;
        at_start = 0;
    }
    fputc('\n', out);
}

static const char *str(const json_t *obj, const char *key)
{
    const char *s = json_string_value(json_object_get(obj, key));
    return s ? s : "";
}

static void words(char *buf, size_t len, const char *id)
{
    snprintf(buf, len, "%s", id);
    for (char *p = buf; *p; p++)
        if (*p == '_')
            *p = ' ';
}

static void because_list(char *buf, size_t len, const json_t *arr)
{
    size_t i, pos = 0;
    json_t *v;
    buf[0] = '\0';
    json_array_foreach(arr, i, v) {
        char w[128];
        words(w, sizeof w, json_string_value(v));
        int n = snprintf(buf + pos, len - pos, "%s%s", i ? ", " : "", w);
        if (n < 0 || (size_t)n >= len - pos)
            break;
        pos += (size_t)n;
    }
}

static void heading(FILE *out, const char *title)
{
    fprintf(out, "\n%s\n", title);
}

void text_heading(FILE *out, const char *words, const char *fallback)
{
    fprintf(out, "\n%s:\n", words ? words : fallback);
}

void text_result(FILE *out, const engine *e, const json_t *res, int width)
{
    char line[1024];
    const json_t *id = json_object_get(res, "id");
    char *idtext = id && !json_is_null(id) ? json_dumps(id, JSON_ENCODE_ANY) : NULL;
    const json_t *err = json_object_get(res, "error");
    if (err) {
        snprintf(line, sizeof line, "Case %s: not evaluated: ", idtext ? idtext : "(no id)");
        char msg[1024];
        text_wrap(out, line, cases_error_text(res, msg, sizeof msg), 2, width);
        free(idtext);
        return;
    }
    if (idtext)
        fprintf(out, "Case %s\n", idtext);
    free(idtext);

    char rule[121];
    int rw = width > 120 ? 120 : width;
    memset(rule, '=', (size_t)rw);
    rule[rw] = '\0';
    fprintf(out, "%s\n", rule);
    text_wrap(out, "", str(res, "title"), 0, width);
    fprintf(out, "%s\n", rule);
    text_wrap(out, "", str(res, "advice"), 0, width);

    size_t i;
    json_t *v;
    const json_t *reasons = json_object_get(res, "reasons");
    if (json_array_size(reasons)) {
        heading(out, "Why:");
        json_array_foreach(reasons, i, v) {
            snprintf(line, sizeof line, "%s (%s)", str(v, "says"), str(v, "trigger"));
            text_wrap(out, "  - ", line, 4, width);
        }
    }

    const json_t *contributors = json_object_get(res, "contributors");
    if (json_array_size(contributors)) {
        text_heading(out, engine_wording(e, "contributors"), "Contributors");
        json_array_foreach(contributors, i, v) {
            snprintf(line, sizeof line, "%s (certainty %.2g): %s",
                     str(v, "name"), json_number_value(json_object_get(v, "certainty")),
                     str(v, "says"));
            text_wrap(out, "  - ", line, 4, width);
        }
    }

    const json_t *recs = json_object_get(res, "recommendations");
    if (json_array_size(recs)) {
        heading(out, "Your plan:");
        const char *technique = NULL, *kind = NULL;
        json_array_foreach(recs, i, v) {
            char num[32], because[512];
            snprintf(num, sizeof num, " %2zu. ", i + 1);
            text_wrap(out, num, str(v, "title"), 6, width);
            text_wrap(out, "      How: ", str(v, "how"), 11, width);
            if (*str(v, "dose"))
                text_wrap(out, "      Dose: ", str(v, "dose"), 12, width);
            because_list(because, sizeof because, json_object_get(v, "because"));
            text_wrap(out, "      Why for you: ", because, 19, width);
            if (json_object_get(v, "technique")) {
                technique = str(v, "technique");
                kind = str(v, "kind");
            }
        }
        const engine_technique *t = kind ? engine_technique_find(e, kind) : NULL;
        if (technique) {
            text_heading(out, t && *t->heading ? t->heading : NULL, "Technique");
            text_wrap(out, "  ", technique, 2, width);
        }
    }

    const json_t *cautions = json_object_get(res, "cautions");
    if (json_array_size(cautions)) {
        heading(out, "Cautions:");
        json_array_foreach(cautions, i, v)
            text_wrap(out, "  - ", str(v, "says"), 4, width);
    }

    const json_t *net = json_object_get(res, "safety_net");
    if (json_array_size(net)) {
        heading(out, "Get help sooner if:");
        json_array_foreach(net, i, v) {
            snprintf(line, sizeof line, "%s if %s", str(v, "action"), str(v, "if"));
            if (line[0] >= 'a' && line[0] <= 'z')
                line[0] = (char)(line[0] - 'a' + 'A');
            text_wrap(out, "  - ", line, 4, width);
        }
    }

    const json_t *assumptions = json_object_get(res, "assumptions");
    if (json_array_size(assumptions)) {
        heading(out, "Assumed:");
        json_array_foreach(assumptions, i, v)
            text_wrap(out, "  - ", json_string_value(v), 4, width);
    }

    fputc('\n', out);
    json_array_foreach(json_object_get(res, "notice"), i, v)
        text_wrap(out, "", json_string_value(v), 0, width);
}
