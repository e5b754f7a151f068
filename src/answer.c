/* answer.c: typed text to answer values (answer.h). The words come from the
 * rules; the few built in below are the bare minimum a rule set without
 * answer-words still needs. */
#include "answer.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_TEXT 512

/* Lower case, no apostrophes, single spaces, no spaces or punctuation at the
 * ends, no quotes. */
static void normalize(const char *in, char *out, size_t len)
{
    size_t n = 0;
    for (const unsigned char *p = (const unsigned char *)in; *p && n + 1 < len; p++) {
        int c = *p;
        if (c == 0xE2 && p[1] == 0x80 && (p[2] == 0x98 || p[2] == 0x99)) {   /* ' ' */
            c = '\'';
            p += 2;
        }
        if (c == '\'')
            continue;   /* "don't" and "dont" read the same */
        if (isspace(c) || c == '"')
            c = ' ';
        if ((c == '?' || c == '!') && isspace(p[1]))
            c = ',';   /* "maybe? i can't tell": the end of a sentence */
        if (c == ' ' && (n == 0 || out[n - 1] == ' '))
            continue;
        out[n++] = (char)tolower(c);
    }
    while (n > 1 && (out[n - 1] == ' ' || out[n - 1] == '.' || out[n - 1] == '!' ||
                     out[n - 1] == '?' || out[n - 1] == ','))
        n--;
    if (n == 1 && out[0] == ' ')
        n = 0;
    out[n] = '\0';
}

/* The word lists of the rules for yes/no answers, with a minimal fallback. */
static int means(const engine *e, const char *text, const char *kind)
{
    static const struct { const char *kind, *word; } builtin[] = {
        { "yes", "yes" }, { "yes", "y" }, { "no", "no" }, { "no", "n" },
        { "unknown", "not sure" }, { "unknown", "unknown" }, { "none", "none" }, { "all", "all" },
    };
    int any = 0;
    for (size_t i = 0; i < engine_words_count(e); i++) {
        const engine_words *w = engine_words_at(e, i);
        if (w->question || strcmp(w->means, kind) != 0)
            continue;
        any = 1;
        for (size_t k = 0; k < w->nwords; k++) {
            char norm[MAX_TEXT];
            normalize(w->words[k], norm, sizeof norm);
            if (strcmp(norm, text) == 0)
                return 1;
        }
    }
    for (size_t i = 0; !any && i < sizeof builtin / sizeof *builtin; i++)
        if (!strcmp(builtin[i].kind, kind) && !strcmp(builtin[i].word, text))
            return 1;
    return 0;
}

/* Whether text begins with a word list's phrase (a whole-word prefix). */
static int begins_with(const engine *e, const char *text, const char *kind)
{
    char head[MAX_TEXT];
    snprintf(head, sizeof head, "%s", text);
    for (size_t n = strlen(head); n > 0; n--) {
        if (head[n] != '\0' && head[n] != ' ' && head[n] != ',')
            continue;
        head[n] = '\0';
        if (means(e, head, kind))
            return 1;
    }
    return 0;
}

/* Whether some run of whole words of text is one of kind's phrases. */
static int contains(const engine *e, const char *text, const char *kind)
{
    for (const char *p = text; *p; p++)
        if ((p == text || p[-1] == ' ' || p[-1] == ',') && begins_with(e, p, kind))
            return 1;
    return 0;
}

/* The phrases of kind's word lists, normalised, into out (at most max);
 * returns how many. */
static size_t phrases(const engine *e, const char *kind, char out[][48], size_t max)
{
    size_t n = 0;
    for (size_t i = 0; i < engine_words_count(e); i++) {
        const engine_words *w = engine_words_at(e, i);
        if (w->question || strcmp(w->means, kind) != 0)
            continue;
        for (size_t k = 0; k < w->nwords && n < max; k++) {
            normalize(w->words[k], out[n], sizeof out[n]);
            n += out[n][0] != '\0';
        }
    }
    return n;
}

static int is_unsure(const engine *e, const char *text)
{
    return means(e, text, "unknown") || contains(e, text, "unknown");
}

const char *answer_label(const engine *e, const engine_question *q, const char *v, char *buf,
                         size_t len)
{
    for (size_t i = 0; i < engine_words_count(e); i++) {
        const engine_words *w = engine_words_at(e, i);
        if (w->question && !strcmp(w->question, q->id) && !strcmp(w->value, v) && *w->label) {
            snprintf(buf, len, "%s", w->label);
            return buf;
        }
    }
    snprintf(buf, len, "%s", v);
    for (char *p = buf; *p; p++)
        if (*p == '_')
            *p = ' ';
    return buf;
}

/* ---- numbers ----------------------------------------------------------------------- */

/* How the rules compare q: +1 only upward (more is worse), -1 only
 * downward, 0 both ways or not at all. */
static int direction(const engine *e, const engine_question *q)
{
    int up = 0, down = 0;
    size_t n = strlen(q->id);
    for (size_t i = 0; i < engine_rule_count(e); i++) {
        const engine_rule *r = engine_rule_at(e, i);
        for (size_t k = 0; k < r->ncomparisons; k++) {
            const char *c = r->comparisons[k];
            if (strncmp(c, q->id, n) || c[n] != ':')
                continue;
            up |= c[n + 1] == '>';
            down |= c[n + 1] == '<';
        }
    }
    return up && !down ? 1 : down && !up ? -1 : 0;
}

static int ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n > m && strcmp(s + n - m, suffix) == 0;
}

/* A number word at p ("two", "a couple of"), its value in *v and its
 * length in *n; 0 when there is none. */
static int number_word(const char *p, double *v, size_t *n)
{
    static const struct { const char *w; double v; } words[] = {
        { "a couple of ", 2 }, { "a couple ", 2 }, { "couple of ", 2 }, { "a few ", 3 },
        { "half a ", 0.5 }, { "an ", 1 }, { "a ", 1 },
        { "zero", 0 }, { "one", 1 }, { "two", 2 }, { "three", 3 }, { "four", 4 }, { "five", 5 },
        { "six", 6 }, { "seven", 7 }, { "eight", 8 }, { "nine", 9 }, { "ten", 10 },
        { "eleven", 11 }, { "twelve", 12 }, { "thirteen", 13 }, { "fourteen", 14 },
        { "fifteen", 15 }, { "sixteen", 16 }, { "seventeen", 17 }, { "eighteen", 18 },
        { "nineteen", 19 }, { "twenty", 20 }, { "thirty", 30 }, { "forty", 40 }, { "fifty", 50 },
        { "sixty", 60 }, { "seventy", 70 }, { "eighty", 80 }, { "ninety", 90 },
    };
    for (size_t i = 0; i < sizeof words / sizeof *words; i++) {
        size_t m = strlen(words[i].w);
        if (strncmp(p, words[i].w, m) == 0 &&
            (words[i].w[m - 1] == ' ' || !isalpha((unsigned char)p[m]))) {
            *v = words[i].v;
            *n = m;
            return 1;
        }
    }
    return 0;
}

/* The unit at p (after spaces): its size in days (0 for none, -1 for one
 * that is not a span of time: "/10", "years old", "hours"), its length in
 * *n and its kind in *kind ('d' days, 's' score, 'a' age, 'h' hours). */
static double unit_at(const char *p, size_t *n, char *kind)
{
    static const struct { const char *w; double days; char kind; } units[] = {
        { "out of 10", -1, 's' }, { "/10", -1, 's' }, { "years old", -1, 'a' },
        { "year old", -1, 'a' }, { "yrs old", -1, 'a' }, { "yo", -1, 'a' },
        { "days", 1, 'd' }, { "day", 1, 'd' }, { "d", 1, 'd' },
        { "weeks", 7, 'd' }, { "week", 7, 'd' }, { "wks", 7, 'd' }, { "wk", 7, 'd' }, { "w", 7, 'd' },
        { "months", 30, 'd' }, { "month", 30, 'd' }, { "mths", 30, 'd' }, { "mo", 30, 'd' },
        { "years", 365, 'y' }, { "year", 365, 'y' }, { "yrs", 365, 'y' }, { "yr", 365, 'y' },
        { "hours", -1, 'h' }, { "hour", -1, 'h' }, { "hrs", -1, 'h' }, { "h", -1, 'h' },
    };
    const char *q = p;
    while (*q == ' ')
        q++;
    for (size_t i = 0; i < sizeof units / sizeof *units; i++) {
        size_t m = strlen(units[i].w);
        if (strncmp(q, units[i].w, m) == 0 && !isalpha((unsigned char)q[m])) {
            *n = (size_t)(q - p) + m;
            *kind = units[i].kind;
            return units[i].days;
        }
    }
    *n = 0;
    *kind = 0;
    return 0;
}

static answer_status refuse_number(const engine *e, const engine_question *q, char *note,
                                   size_t len, const char *why)
{
    snprintf(note, len, "%s Please give %s from %lld to %lld (for example: %s), or say not sure.",
             why, ends_with(q->id, "_days") ? "a number of days, weeks or months" : "a whole number",
             q->min, q->max, answer_example(e, q));
    return ANSWER_REFUSED;
}

static answer_status parse_number(const engine *e, const engine_question *q, const char *t,
                                  json_t **value, char *note, size_t len)
{
    double nums[4], mult[4];
    char kinds[4];
    size_t count = 0;
    int approx = 0, converted = 0;
    const char *p = t;
    static const char *const approx_words[] = { "about ", "around ", "roughly ", "approx ",
                                                "approximately ", "maybe ", "almost ",
                                                "nearly ", "over ", "more than ", "~", NULL };
    while (*p && count < 4) {
        for (size_t i = 0; approx_words[i]; i++)
            if (strncmp(p, approx_words[i], strlen(approx_words[i])) == 0 &&
                (p == t || p[-1] == ' ')) {
                approx = 1;
                p += strlen(approx_words[i]);
            }
        double v;
        size_t n;
        if (isdigit((unsigned char)*p) && (p == t || !isalpha((unsigned char)p[-1]))) {
            if (p > t && p[-1] == '-' && (p - 1 == t || p[-2] == ' '))
                return refuse_number(e, q, note, len, "A number below zero cannot be right.");
            char *end;
            v = strtod(p, &end);
            n = (size_t)(end - p);
        } else if ((p == t || p[-1] == ' ') && number_word(p, &v, &n)) {
            size_t un0;
            char k0;
            if (p[n - 1] == ' ' && (unit_at(p + n, &un0, &k0), un0 == 0 || k0 == 's')) {
                p += n;   /* "a while", "about a 3/10": an article, not a number */
                continue;
            }
            if (v != floor(v) || p[n - 1] == ' ')
                approx |= strncmp(p, "a ", 2) != 0 && strncmp(p, "an ", 3) != 0;
            approx |= !strncmp(p, "a few", 5) || !strncmp(p, "a couple", 8);
            double more;
            size_t m;
            if (v >= 20 && v < 100 && (p[n] == ' ' || p[n] == '-') &&
                number_word(p + n + 1, &more, &m) && more < 10 && more >= 1) {
                v += more;   /* "thirty four" */
                n += m + 1;
            }
        } else if ((p == t || p[-1] == ' ') && ends_with(q->id, "_days") &&
                   (!strncmp(p, "yesterday", 9) || !strncmp(p, "last night", 10) ||
                    !strncmp(p, "today", 5) || !strncmp(p, "this morning", 12))) {
            v = p[0] == 'y' || p[0] == 'l' ? 1 : 0;   /* a day ago, or today */
            n = p[0] == 'y' ? 9 : p[0] == 'l' ? 10 : p[0] == 't' && p[1] == 'o' ? 5 : 12;
            approx = 1;
        } else {
            p++;
            continue;
        }
        p += n;
        size_t un;
        char kind;
        double days = unit_at(p, &un, &kind);
        if (!un && *p == '/' && !strncmp(p, "/10", 3)) {
            un = 3;
            kind = 's';
        }
        if (kind == 'y' && !ends_with(q->id, "_days")) {
            kind = 'a';   /* "58 years": an age */
            days = 0;
        }
        kinds[count] = kind == 'y' ? 'd' : kind;
        if (un && !strncmp(p + un, " and a half", 11)) {
            v += 0.5;   /* "a week and a half" */
            un += 11;
        }
        mult[count] = days > 0 ? days : 0;
        nums[count++] = v;
        p += un;
    }
    if (count == 0)
        return refuse_number(e, q, note, len, "That is not a number I can read.");
    /* a number without its unit takes its neighbour's: "a week or two", "2 or 3 weeks" */
    for (size_t i = 0; i < count; i++) {
        double m = mult[i];
        for (size_t d = 1; !m && d < count; d++)
            m = i >= d && mult[i - d] ? mult[i - d] : i + d < count && mult[i + d] ? mult[i + d] : 0;
        if (!kinds[i] && m)
            kinds[i] = 'd';
        if (m > 0) {
            nums[i] *= m;
            converted |= m != 1;
        }
    }
    if (count == 2 && strstr(t, "out of") && nums[1] != (double)q->max)
        return refuse_number(e, q, note, len, "That is not a score out of 10.");
    if (strstr(t, "something") || strstr(t, "ish") || strstr(t, "or so") || strstr(t, " odd"))
        approx = 1;   /* "40 something", "6ish" */
    int is_days = ends_with(q->id, "_days"), is_hours = ends_with(q->id, "_hours");
    for (size_t i = 0; i < count; i++) {
        char k = kinds[i];
        if ((k == 'd' && !is_days) || (k == 'h' && !is_hours) ||
            (k == 's' && q->max != 10) || (k == 'a' && (is_days || is_hours)))
            return refuse_number(e, q, note, len, "That unit does not fit this question.");
    }
    /* "4/10", "7 out of 10": the score is the first number */
    if (count == 2 && kinds[0] == 's')
        count = 1;
    if (count == 2 && nums[1] == 10 && q->max == 10 && strstr(t, "out of"))
        count = 1;
    int dir = direction(e, q);
    double v = nums[0];
    int ranged = count > 1;
    if (count == 1 && v != floor(v)) {   /* "6.5", "1.5 weeks": a fraction */
        if (dir == 0)
            return refuse_number(e, q, note, len, "Please give a whole number.");
        v = dir > 0 ? ceil(v) : floor(v);
        approx = 1;
    }
    if (ranged) {
        if (dir == 0)
            return refuse_number(e, q, note, len, "Please give one number, not a range.");
        double hi = v, lo = v;
        for (size_t i = 0; i < count; i++) {
            hi = nums[i] > hi ? nums[i] : hi;
            lo = nums[i] < lo ? nums[i] : lo;
        }
        v = dir > 0 ? ceil(hi) : floor(lo);
    }
    if (v < (double)q->min || v > (double)q->max) {
        char why[96];
        snprintf(why, sizeof why, "%g is outside what this question takes.", v);
        return refuse_number(e, q, note, len, why);
    }
    *value = json_integer((json_int_t)v);
    note[0] = '\0';
    if (ranged || approx || converted)
        snprintf(note, len, "Taken as %lld%s%s.", (long long)v,
                 is_days ? (v == 1 ? " day" : " days") : is_hours ? " hours" : "",
                 !ranged ? "" : dir > 0 ? ", the higher end" : ", the lower end");
    return ANSWER_TAKEN;
}

/* ---- choices and places ----------------------------------------------------------- */

/* t without the words that say a side ("my right hip", "back of the left
 * thigh", "lower back on the right", "the left side of my lower back"): no
 * value is told apart by its side. */
static void drop_sides(const engine *e, const char *t, char *out, size_t len)
{
    char sides[16][48];
    size_t nsides = phrases(e, "side", sides, 16);
    char copy[MAX_TEXT];
    snprintf(copy, sizeof copy, "%s", t);
    char *w[64];
    size_t n = 0;
    for (char *tok = strtok(copy, " "); tok && n < 64; tok = strtok(NULL, " "))
        w[n++] = tok;
    size_t o = 0;
    out[0] = '\0';
    for (size_t i = 0; i < n; i++) {
        int side = 0;
        for (size_t k = 0; k < nsides && !side; k++)
            side = !strcmp(w[i], sides[k]);
        if (!side) {
            if (o + strlen(w[i]) + 2 < len)
                o += (size_t)snprintf(out + o, len - o, "%s%s", o ? " " : "", w[i]);
            continue;
        }
        if (i + 1 < n && !strcmp(w[i + 1], "side"))
            i += 1 + (i + 2 < n && !strcmp(w[i + 2], "of"));
        for (int k = 0; k < 2 && o; k++) {   /* "on the", "on my" before it */
            char *last = strrchr(out, ' ');
            const char *word = last ? last + 1 : out;
            if (strcmp(word, k ? "on" : "the") && strcmp(word, k ? "on" : "my"))
                break;
            o = last ? (size_t)(last - out) : 0;
            out[o] = '\0';
        }
    }
}

/* The value of q that the words at t name (label, value id, synonym, number
 * or unique beginning), or NULL; then, when the words are part of several
 * values' labels ("thigh", "back"), those values are listed in which. */
static const char *value_named(const engine *e, const engine_question *q, const char *t0,
                               char *which, size_t wlen, size_t *first)
{
    char trailing[96][48], filler[64][48];
    size_t ntrail = phrases(e, "hedge", trailing, 96);
    ntrail += phrases(e, "aside", trailing + ntrail, 96 - ntrail);
    size_t nfill = phrases(e, "filler", filler, 64);
    char sideless[MAX_TEXT];
    drop_sides(e, t0, sideless, sizeof sideless);
    for (int again = 1; again;) {
        again = 0;
        size_t sl = strlen(sideless);
        for (size_t i = 0; i < ntrail; i++) {
            size_t m = strlen(trailing[i]);
            if (sl > m && sideless[sl - m - 1] == ' ' && !strcmp(sideless + sl - m, trailing[i])) {
                sideless[sl - m - 1] = '\0';
                again = 1;
                break;
            }
        }
    }
    const char *t = *sideless ? sideless : t0;
    for (int again = 1; again;) {   /* leading filler, hedges and asides ("i think suddenly") */
        again = 0;
        for (size_t i = 0; i < nfill + ntrail; i++) {
            const char *w = i < nfill ? filler[i] : trailing[i - nfill];
            size_t m = strlen(w);
            if (strncmp(t, w, m) == 0 && t[m] == ' ') {
                t += m + 1;
                again = 1;
            }
        }
    }
    if (!*t)
        return NULL;
    char *end;
    long k = strtol(t, &end, 10);
    if (*end == '\0' && k >= 1 && (size_t)k <= q->nvalues)
        return q->values[k - 1];
    const char *prefix = NULL;
    int nprefix = 0;
    size_t tl = strlen(t);
    for (size_t i = 0; i < q->nvalues; i++) {
        char label[128], id[128], norm[MAX_TEXT];
        normalize(answer_label(e, q, q->values[i], label, sizeof label), label, sizeof label);
        snprintf(id, sizeof id, "%s", q->values[i]);
        for (char *c = id; *c; c++)
            *c = *c == '_' ? ' ' : *c;
        if (!strcmp(t, label) || !strcmp(t, id) || !strcmp(t, q->values[i]))
            return q->values[i];
        for (size_t w = 0; w < engine_words_count(e); w++) {
            const engine_words *ww = engine_words_at(e, w);
            if (!ww->question || strcmp(ww->question, q->id) || strcmp(ww->value, q->values[i]))
                continue;
            for (size_t j = 0; j < ww->nwords; j++) {
                normalize(ww->words[j], norm, sizeof norm);
                if (!strcmp(t, norm))
                    return q->values[i];
            }
        }
        size_t ll = strlen(label), il = strlen(id);
        if ((tl >= 3 && !strncmp(label, t, tl)) ||
            (ll >= 4 && !strncmp(t, label, ll) && isalpha((unsigned char)t[ll])) ||
            (il >= 4 && !strncmp(t, id, il) && isalpha((unsigned char)t[il]))) {
            nprefix += prefix != q->values[i];
            prefix = q->values[i];
        }
    }
    /* words that name part of several values ("back": lower, middle, upper,
     * back of the thigh) are asked again, not guessed */
    int within = 0;
    size_t wn = 0;
    for (size_t i = 0; i < q->nvalues && tl >= 3; i++) {
        char label[128];
        const char *shown = answer_label(e, q, q->values[i], label, sizeof label);
        char norm[128];
        normalize(shown, norm, sizeof norm);
        for (const char *p = strstr(norm, t); p; p = strstr(p + 1, t))
            if ((p == norm || p[-1] == ' ') && !isalpha((unsigned char)p[tl])) {
                if (which && wn < wlen)
                    wn += (size_t)snprintf(which + wn, wlen - wn, "%s%s (%zu)",
                                           within ? ", " : "", shown, i + 1);
                if (!within && first)
                    *first = i + 1;
                within++;
                break;
            }
    }
    if (within > 1)
        return NULL;
    if (which)
        which[0] = '\0';
    if (nprefix == 1)
        return prefix;
    if (tl > 3 && t[tl - 1] == 's') {     /* "hips", "knees" */
        char one[MAX_TEXT];
        snprintf(one, sizeof one, "%.*s", (int)(tl - 1), t);
        return value_named(e, q, one, which, wlen, first);
    }
    return NULL;
}

/* Whether phrase (normalised first) is in t as whole words. */
static int has_phrase(const char *t, const char *phrase)
{
    char norm[MAX_TEXT];
    normalize(phrase, norm, sizeof norm);
    size_t m = strlen(norm);
    for (const char *p = strstr(t, norm); m && p; p = strstr(p + 1, norm))
        if ((p == t || p[-1] == ' ') && !isalpha((unsigned char)p[m]))
            return 1;
    return 0;
}

/* Whether t names a value of q other than except (NULL: any) anywhere in it
 * (a label, an id or a synonym as whole words): "then gradually" does, "when
 * i landed" does not. */
static int mentions_value(const engine *e, const engine_question *q, const char *t,
                          const char *except)
{
    for (size_t i = 0; i < q->nvalues; i++) {
        char label[128];
        if (except && !strcmp(q->values[i], except))
            continue;
        if (has_phrase(t, answer_label(e, q, q->values[i], label, sizeof label)) ||
            has_phrase(t, q->values[i]))
            return 1;
        for (size_t w = 0; w < engine_words_count(e); w++) {
            const engine_words *ww = engine_words_at(e, w);
            if (!ww->question || strcmp(ww->question, q->id) || strcmp(ww->value, q->values[i]))
                continue;
            for (size_t j = 0; j < ww->nwords; j++)
                if (has_phrase(t, ww->words[j]))
                    return 1;
        }
    }
    return 0;
}

/* The choice named by the first words of t when the rest names no other
 * ("gradual. started as a back ache"), counting the rest in *remarks; else
 * NULL. */
static const char *leading_choice(const engine *e, const engine_question *q, const char *t,
                                  size_t *remarks)
{
    char head[MAX_TEXT];
    snprintf(head, sizeof head, "%s", t);
    for (char *cut = strrchr(head, ' '); cut; cut = strrchr(head, ' ')) {
        *cut = '\0';
        size_t n = strlen(head);
        while (n && strchr(".,;:!-", head[n - 1]))
            head[--n] = '\0';
        const char *v = n ? value_named(e, q, head, NULL, 0, NULL) : NULL;
        if (v) {
            if (mentions_value(e, q, t + (cut - head) + 1, v))
                return NULL;
            (*remarks)++;
            return v;
        }
    }
    return NULL;
}

/* Splits t into pieces at commas, semicolons, slashes, "and", "&", "+". */
static size_t split(char *t, char **pieces, size_t max)
{
    size_t n = 0;
    char *p = t;
    while (*p && n < max) {
        char *cut = NULL, *next = NULL;
        for (char *q = p; *q && !cut; q++) {
            if (*q == ',' || *q == ';' || *q == '/' || *q == '&' || *q == '+') {
                cut = q;
                next = q + 1;
            } else if (!strncmp(q, " and ", 5) || !strncmp(q, " but ", 5) ||
                       !strncmp(q, " or ", 4) || !strncmp(q, " plus ", 6)) {
                cut = q;
                next = q + (q[1] == 'o' ? 4 : q[1] == 'p' ? 6 : 5);
            }
        }
        if (cut)
            *cut = '\0';
        while (*p == ' ')
            p++;
        size_t len = strlen(p);
        while (len > 0 && p[len - 1] == ' ')
            p[--len] = '\0';
        if (*p)
            pieces[n++] = p;
        if (!cut)
            break;
        p = next;
    }
    return n;
}

static answer_status parse_choice(const engine *e, const engine_question *q, char *t,
                                  json_t **value, char *note, size_t len)
{
    char *pieces[32];
    size_t n = split(t, pieces, 32);
    if (q->type == ENGINE_MULTI && n == 1 && means(e, pieces[0], "none")) {
        *value = json_array();
        return ANSWER_TAKEN;
    }
    json_t *chosen = json_array();
    size_t remarks = 0;
    for (size_t i = 0; i < n; i++) {
        char sideless[MAX_TEXT];
        drop_sides(e, pieces[i], sideless, sizeof sideless);
        if (!*sideless && n > 1)
            continue;   /* "calf and foot, left side" */
        char which[512] = "";
        size_t first = 0;
        const char *v = value_named(e, q, pieces[i], which, sizeof which, &first);
        if (!v && which[0]) {
            snprintf(note, len, "\"%s\" could be more than one on the list: %s. Please say "
                     "which, by name or number (for example: %zu), or say not sure.", pieces[i],
                     which, first);
            json_decref(chosen);
            return ANSWER_REFUSED;
        }
        if (!v && q->type == ENGINE_CHOICE && json_array_size(chosen) == 1 &&
            !mentions_value(e, q, pieces[i], json_string_value(json_array_get(chosen, 0)))) {
            remarks++;   /* "suddenly, when i landed": the choice, then a remark */
            continue;
        }
        if (!v && q->type == ENGINE_CHOICE && !json_array_size(chosen))
            v = leading_choice(e, q, pieces[i], &remarks);   /* "slowly over a few weeks" */
        if (!v && q->type == ENGINE_CHOICE) {   /* shown as words, not a numbered list */
            char choices[512] = "", label[128];
            size_t at = 0;
            for (size_t k = 0; k < q->nvalues && at < sizeof choices; k++)
                at += (size_t)snprintf(choices + at, sizeof choices - at, "%s%s",
                                       k ? (k + 1 == q->nvalues ? " or " : ", ") : "",
                                       answer_label(e, q, q->values[k], label, sizeof label));
            if (json_array_size(chosen) || mentions_value(e, q, pieces[i], NULL))
                snprintf(note, len, "That seems to say more than one. Please say just one: %s, "
                         "or not sure.", choices);
            else
                snprintf(note, len, "I could not match \"%s\" with a choice. Please say %s, or "
                         "not sure.", pieces[i], choices);
            json_decref(chosen);
            return ANSWER_REFUSED;
        }
        if (!v) {
            char ex[160];
            snprintf(ex, sizeof ex, "%s", answer_example(e, q));
            snprintf(note, len, "I could not match \"%s\" with the list. Please give every "
                     "place that applies from the list, by name or number (for example: %s), or "
                     "say not sure.", pieces[i], ex);
            json_decref(chosen);
            return ANSWER_REFUSED;
        }
        json_t *s = json_string(v);
        size_t k;
        json_t *x;
        int dup = 0;
        json_array_foreach(chosen, k, x)
            dup |= json_equal(x, s);
        if (dup)
            json_decref(s);
        else
            json_array_append_new(chosen, s);
    }
    if (q->type == ENGINE_CHOICE) {
        if (json_array_size(chosen) != 1) {
            snprintf(note, len, "Please give just one of the choices (for example: %s), or say not "
                     "sure.", answer_example(e, q));
            json_decref(chosen);
            return ANSWER_REFUSED;
        }
        *value = json_incref(json_array_get(chosen, 0));
        json_decref(chosen);
    } else {
        *value = chosen;
    }
    note[0] = '\0';
    if (remarks) {
        char label[128];
        snprintf(note, len, "Taken as: %s.",
                 answer_label(e, q, json_string_value(*value), label, sizeof label));
    }
    return ANSWER_TAKEN;
}

/* ---- yes and no --------------------------------------------------------------------- */

static answer_status parse_yesno(const engine *e, const engine_question *q, const char *t,
                                 json_t **value, char *note, size_t len)
{
    note[0] = '\0';
    if (means(e, t, "yes")) {
        *value = json_string("yes");
        return ANSWER_TAKEN;
    }
    if (means(e, t, "no")) {
        *value = json_string("no");
        return ANSWER_TAKEN;
    }
    if (is_unsure(e, t)) {   /* "I'm not sure" before "I'm not" */
        *value = json_string("unknown");
        return ANSWER_NOT_SURE;
    }
    int hedged_no = means(e, t, "hedged-no") || begins_with(e, t, "hedged-no");
    if (hedged_no) {
        if (q->red_flag) {
            snprintf(note, len, "Taken as not sure: on this question only a plain no rules it "
                     "out.");
            *value = json_string("unknown");
            return ANSWER_NOT_SURE;
        }
        snprintf(note, len, "Taken as no.");
        *value = json_string("no");
        return ANSWER_TAKEN;
    }
    if (means(e, t, "hedged-yes") || begins_with(e, t, "hedged-yes")) {
        snprintf(note, len, "Taken as yes.");
        *value = json_string("yes");
        return ANSWER_TAKEN;
    }
    /* a leading yes or no word ("no, not weak", "yes definitely"), unless the
     * reply says both */
    int yes = 0, no = 0;
    char copy[MAX_TEXT];
    snprintf(copy, sizeof copy, "%s", t);
    char *pieces[32];
    size_t n = 0;
    for (char *w = strtok(copy, " ,;"); w && n < 32; w = strtok(NULL, " ,;"))
        pieces[n++] = w;
    for (size_t i = 0; i < n; i++) {
        yes |= means(e, pieces[i], "yes");
        no |= means(e, pieces[i], "no");
    }
    if (n && !(yes && no) && (means(e, pieces[0], "yes") || means(e, pieces[0], "no"))) {
        int hedged = contains(e, t, "hedge") || contains(e, t, "unknown");
        int said_yes = means(e, pieces[0], "yes");
        if (hedged && !said_yes && q->red_flag) {   /* "no i suppose": not a plain no */
            snprintf(note, len, "Taken as not sure: on this question only a plain no rules it "
                     "out.");
            *value = json_string("unknown");
            return ANSWER_NOT_SURE;
        }
        if (hedged)
            snprintf(note, len, "Taken as %s.", said_yes ? "yes" : "no");
        *value = json_string(said_yes ? "yes" : "no");
        return ANSWER_TAKEN;
    }
    snprintf(note, len, yes && no ? "That says both yes and no. Please answer yes, no or not sure."
                                  : "Please answer yes, no or not sure.");
    return ANSWER_REFUSED;
}

/* ---- the entry points ---------------------------------------------------------------- */

answer_status answer_parse(const engine *e, const engine_question *q, const char *text,
                           json_t **value, char *note, size_t len)
{
    char t[MAX_TEXT];
    normalize(text, t, sizeof t);
    *value = NULL;
    note[0] = '\0';
    if (!*t) {
        snprintf(note, len, "Please type an answer (for example: %s), or say not sure.",
                 answer_example(e, q));
        return ANSWER_REFUSED;
    }
    if (q->type == ENGINE_YESNO)
        return parse_yesno(e, q, t, value, note, len);
    if (q->type == ENGINE_INTEGER && !means(e, t, "unknown")) {
        /* "maybe 70" is an answer with a hedge, not a not-sure */
        answer_status st = parse_number(e, q, t, value, note, len);
        if (st != ANSWER_REFUSED || !is_unsure(e, t))
            return st;
        static const char *const spans[][2] = { { "day", "days" }, { "week", "weeks" },
                                                { "month", "months" }, { "year", "years" } };
        for (size_t i = 0; i < 4 && ends_with(q->id, "_days"); i++)
            if (has_phrase(t, spans[i][0]) || has_phrase(t, spans[i][1])) {
                /* "months maybe": the unit is known, so ask how many, not take not sure */
                snprintf(note, len, "About how many %s? A rough number will do (for example: 3 "
                         "%s), or say not sure.", spans[i][1], spans[i][1]);
                return ANSWER_REFUSED;
            }
        json_decref(*value);
        *value = NULL;
        note[0] = '\0';
    }
    if (is_unsure(e, t) && !(q->type == ENGINE_MULTI && means(e, t, "none"))) {
        *value = json_string("unknown");
        return ANSWER_NOT_SURE;
    }
    if (q->type == ENGINE_INTEGER)
        return parse_number(e, q, t, value, note, len);
    return parse_choice(e, q, t, value, note, len);
}

/* Whether a piece of a checklist reply holds only item numbers, a not-sure
 * phrase, "none" or "no", and the little words around them ("number 3",
 * "not sure about 5"). */
static int only_numbers(const engine *e, const char *piece)
{
    static const char *const small[] = { "number", "numbers", "no", "item", "items", "about",
                                         "the", "is", "are", "and", "only", "just", "yes", "#",
                                         "of", "them", "these", NULL };
    if (means(e, piece, "none") || means(e, piece, "no"))
        return 1;
    char rest[MAX_TEXT];
    snprintf(rest, sizeof rest, "%s", piece);
    /* the not-sure phrase, wherever it is, goes first */
    for (char *p = rest; *p; p++)
        if ((p == rest || p[-1] == ' ')) {
            char head[MAX_TEXT];
            snprintf(head, sizeof head, "%s", p);
            for (size_t n = strlen(head); n > 0; n--) {
                if (head[n] != '\0' && head[n] != ' ')
                    continue;
                head[n] = '\0';
                if (means(e, head, "unknown")) {
                    memset(p, ' ', n);
                    break;
                }
            }
        }
    for (char *w = strtok(rest, " .:"); w; w = strtok(NULL, " .:")) {
        int ok = 1;
        for (const char *c = w; *c && ok; c++)
            ok = isdigit((unsigned char)*c);
        for (size_t k = 0; small[k] && !ok; k++)
            ok = !strcmp(w, small[k]);
        if (!ok)
            return 0;
    }
    return 1;
}

/* t without what a checklist reply says besides its choices: hedges and
 * asides that leave a choice standing ("2 and 6 probably", "none of them
 * really", "3 as well") and a remark in brackets with no number in it ("5 (a
 * few kilos)"). Returns whether a hedge was among them. */
static int drop_remarks(const engine *e, char *t)
{
    char words[96][48];
    size_t nhedges = phrases(e, "hedge", words, 96);
    size_t nwords = nhedges + phrases(e, "aside", words + nhedges, 96 - nhedges);
    int hedged = 0;
    for (char *open; (open = strchr(t, '(')) != NULL;) {
        char *close = strchr(open, ')');
        size_t n = close ? (size_t)(close - open) + 1 : strlen(open);
        if (strcspn(open, "0123456789") < n)
            break;   /* a number in a remark: left for the parser to refuse */
        memmove(open, open + n, strlen(open + n) + 1);
    }
    char out[MAX_TEXT];
    size_t o = 0;
    for (const char *p = t; *p;) {
        size_t skip = 0;
        for (size_t i = 0; i < nwords && !skip; i++) {
            size_t m = strlen(words[i]);
            if ((p == t || p[-1] == ' ' || p[-1] == ',') && !strncmp(p, words[i], m) &&
                (p[m] == '\0' || p[m] == ' ' || p[m] == ',' || p[m] == '.')) {
                skip = m;
                hedged |= i < nhedges;
            }
        }
        if (skip)
            p += skip;
        else if (o + 1 < sizeof out)
            out[o++] = *p++;
        else
            p++;
    }
    out[o] = '\0';
    char *a = out, *z = out + o;
    while (*a == ' ' || *a == ',')
        a++;
    while (z > a && (z[-1] == ' ' || z[-1] == ',' || z[-1] == '.'))
        z--;
    *z = '\0';
    memmove(t, a, strlen(a) + 1);
    return hedged;
}

json_t *answer_parse_checklist(const engine *e, const engine_question *const *items,
                               size_t nitems, const char *text, char *note, size_t len)
{
    char t[MAX_TEXT];
    normalize(text, t, sizeof t);
    note[0] = '\0';
    const char *how = "Please give the numbers of those that apply (for example: 1, 3), or say "
                      "none; \"not sure about 2\" if you cannot tell.";
    if (!*t) {
        snprintf(note, len, "%s", how);
        return NULL;
    }
    json_t *out = json_object();
    for (size_t i = 0; i < nitems; i++)
        json_object_set_new(out, items[i]->id, json_string("no"));
    if (means(e, t, "none") || means(e, t, "no"))
        return out;
    if (means(e, t, "all")) {
        for (size_t i = 0; i < nitems; i++)
            json_object_set_new(out, items[i]->id, json_string("yes"));
        return out;
    }
    if (means(e, t, "hedged-no") || begins_with(e, t, "hedged-no")) {
        for (size_t i = 0; i < nitems; i++)   /* "not really": each has to be checked */
            json_object_set_new(out, items[i]->id, json_string("unknown"));
        return out;
    }
    char said[MAX_TEXT];
    snprintf(said, sizeof said, "%s", t);
    int hedged = drop_remarks(e, t);   /* after the hedged no: "not really" is not "not" */
    if (means(e, t, "none") || means(e, t, "no"))
        return out;
    char *pieces[32];
    size_t n = split(t, pieces, 32);
    int unsure = 0, any = 0, bare_unsure = 0;
    for (size_t i = 0; i < n; i++) {
        char *p = pieces[i];
        int this_unsure = is_unsure(e, p);
        unsure |= this_unsure;
        int numbers = 0;
        if (!only_numbers(e, p)) {
            /* "i fell 2 weeks ago": a number in a sentence is not an item */
            if (strpbrk(p, "0123456789"))
                snprintf(note, len,
                         "I could not tell which numbers in \"%s\" are items. Please type "
                         "only the numbers of those that apply (for example: 1, 3), with no "
                         "other words.", p);
            else
                snprintf(note, len, "I could not read \"%s\". %s", n == 1 ? said : p, how);
            json_decref(out);
            return NULL;
        }
        for (char *c = p; *c;) {
            if (!isdigit((unsigned char)*c)) {
                c++;
                continue;
            }
            long k = strtol(c, &c, 10);
            if (k < 1 || (size_t)k > nitems) {
                snprintf(note, len, "There is no item %ld. %s", k, how);
                json_decref(out);
                return NULL;
            }
            json_object_set_new(out, items[k - 1]->id, json_string(unsure ? "unknown" : "yes"));
            numbers = any = 1;
        }
        if (this_unsure && !numbers)
            bare_unsure = 1;
        else if (!numbers && (means(e, p, "none") || means(e, p, "no")))
            any = 1;   /* "none, but not sure about 3" */
        else if (!numbers && !this_unsure) {
            snprintf(note, len, "I could not read \"%s\". %s", p, how);
            json_decref(out);
            return NULL;
        }
    }
    if (bare_unsure) {
        for (size_t i = 0; i < nitems; i++)
            if (!strcmp(json_string_value(json_object_get(out, items[i]->id)), "no"))
                json_object_set_new(out, items[i]->id, json_string("unknown"));
        any = 1;
    }
    if (!any) {
        snprintf(note, len, "%s", how);
        json_decref(out);
        return NULL;
    }
    size_t o = 0;
    for (size_t i = 0; hedged && i < nitems && o < len; i++)   /* "2 probably": said, as for one */
        if (!strcmp(json_string_value(json_object_get(out, items[i]->id)), "yes"))
            o += (size_t)snprintf(note + o, len - o, "%s%zu", o ? ", " : "Taken as yes: ", i + 1);
    if (o && o + 1 < len)
        snprintf(note + o, len - o, ".");
    return out;
}

const char *answer_example(const engine *e, const engine_question *q)
{
    static char buf[160];
    if (q->nexamples)
        return q->examples[0];
    switch (q->type) {
    case ENGINE_YESNO:
        return "yes";
    case ENGINE_INTEGER:
        if (ends_with(q->id, "_days"))
            return "10 days";
        snprintf(buf, sizeof buf, "%lld", q->min + (q->max - q->min) / 3);
        return buf;
    case ENGINE_CHOICE:
        return answer_label(e, q, q->values[0], buf, sizeof buf);
    case ENGINE_MULTI: {
        char a[64], b[64];
        snprintf(buf, sizeof buf, "%s, %s", answer_label(e, q, q->values[0], a, sizeof a),
                 q->nvalues > 1 ? answer_label(e, q, q->values[1], b, sizeof b) : "");
        return buf;
    }
    }
    return "yes";
}
