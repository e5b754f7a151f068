/* jbuf.c: compact JSON text into a growable buffer. */
#include "jbuf.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void jbuf_clear(jbuf *b)
{
    b->len = 0;
    b->oom = 0;
    if (b->p)
        b->p[0] = '\0';
}

void jbuf_free(jbuf *b)
{
    free(b->p);
    b->p = NULL;
    b->len = b->cap = 0;
    b->oom = 0;
}

static int reserve(jbuf *b, size_t n)
{
    if (b->oom)
        return -1;
    if (b->len + n + 1 <= b->cap)
        return 0;
    size_t cap = b->cap ? b->cap : 4096;
    while (cap < b->len + n + 1)
        cap *= 2;
    char *p = realloc(b->p, cap);
    if (!p) {
        b->oom = 1;
        return -1;
    }
    b->p = p;
    b->cap = cap;
    return 0;
}

void jbuf_raw(jbuf *b, const char *s, size_t n)
{
    if (reserve(b, n) != 0)
        return;
    memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = '\0';
}

#define ONES 0x0101010101010101ULL
#define HIGHS 0x8080808080808080ULL

/* Whether any byte of w is a control character, '"' or '\\': a byte that
 * JSON escapes (bytes from 0x80 on, UTF-8, are copied as they are). */
static int needs_escape(uint64_t w)
{
    uint64_t quote = w ^ (ONES * '"'), slash = w ^ (ONES * '\\');
    return ((((w - ONES * 0x20) & ~w) | ((quote - ONES) & ~quote) | ((slash - ONES) & ~slash)) &
            HIGHS) != 0;
}

void jbuf_str(jbuf *b, const char *s)
{
    static const char hex[] = "0123456789abcdef";
    if (!s)
        s = "";
    size_t n = strlen(s);
    if (reserve(b, n * 6 + 2) != 0)
        return;
    char *o = b->p + b->len;
    *o++ = '"';
    const unsigned char *c = (const unsigned char *)s, *end = c + n;
    while (c < end) {
        uint64_t w;
        if (end - c >= 8 && (memcpy(&w, c, 8), !needs_escape(w))) {
            memcpy(o, c, 8);
            o += 8;
            c += 8;
            continue;
        }
        for (const unsigned char *stop = end - c >= 8 ? c + 8 : end; c < stop; c++) {
            if (*c >= 0x20 && *c != '"' && *c != '\\') {
                *o++ = (char)*c;
                continue;
            }
            *o++ = '\\';
            switch (*c) {
            case '"': *o++ = '"'; break;
            case '\\': *o++ = '\\'; break;
            case '\b': *o++ = 'b'; break;
            case '\f': *o++ = 'f'; break;
            case '\n': *o++ = 'n'; break;
            case '\r': *o++ = 'r'; break;
            case '\t': *o++ = 't'; break;
            default:
                *o++ = 'u';
                *o++ = '0';
                *o++ = '0';
                *o++ = hex[*c >> 4];
                *o++ = hex[*c & 15];
            }
        }
    }
    *o++ = '"';
    *o = '\0';
    b->len = (size_t)(o - b->p);
}

void jbuf_int(jbuf *b, long long v)
{
    char tmp[24], *p = tmp + sizeof tmp;
    unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;
    do {
        *--p = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    if (v < 0)
        *--p = '-';
    jbuf_raw(b, p, (size_t)(tmp + sizeof tmp - p));
}

void jbuf_real(jbuf *b, double v)
{
    char tmp[40];
    int n = snprintf(tmp, sizeof tmp, "%.6g", v);
    if (n > 0 && (size_t)n < sizeof tmp - 2 && !strchr(tmp, '.') && !strchr(tmp, 'e') &&
        !strchr(tmp, 'n') && !strchr(tmp, 'i')) {
        tmp[n++] = '.';
        tmp[n++] = '0';
        tmp[n] = '\0';
    }
    jbuf_raw(b, tmp, (size_t)n);
}

const char *jbuf_text(const jbuf *b)
{
    return b->p && !b->oom ? b->p : "";
}
