/* jbuf.h: compact JSON text written into a growable buffer, for results that
 * are written far more often than they are read.
 *
 * Ownership: the buffer's bytes belong to the jbuf and are freed by
 * jbuf_free(). A failed allocation sets oom and makes every later write a
 * no-op, so a caller checks once at the end. */
#ifndef TRIAGE_JBUF_H
#define TRIAGE_JBUF_H

#include <stddef.h>
#include <string.h>

typedef struct jbuf {
    char *p;      /* the text, NUL-terminated when len > 0 */
    size_t len, cap;
    int oom;      /* an allocation failed: the text is incomplete */
} jbuf;

/* Empties the buffer, keeping its memory (and clearing oom). */
void jbuf_clear(jbuf *b);

/* Frees the buffer's memory; the jbuf is left empty and reusable. */
void jbuf_free(jbuf *b);

/* Appends n bytes as they are (JSON text already). */
void jbuf_raw(jbuf *b, const char *s, size_t n);

/* Appends a NUL-terminated piece of JSON text as it is. (Inline, so that a
 * literal's length is known when compiling.) */
static inline void jbuf_lit(jbuf *b, const char *s)
{
    jbuf_raw(b, s, strlen(s));
}

/* Appends s as a quoted JSON string: '"' and '\\' escaped, control characters
 * as \b \f \n \r \t or \u00XX, every other byte as it is (s must be UTF-8;
 * the rule scanner guarantees it for rule text). NULL is written as "". */
void jbuf_str(jbuf *b, const char *s);

/* Appends an integer. */
void jbuf_int(jbuf *b, long long v);

/* Appends a real as jansson writes it with JSON_REAL_PRECISION(6): "%.6g",
 * with ".0" added when that looks like an integer. */
void jbuf_real(jbuf *b, double v);

/* The text so far, NUL-terminated ("" when empty or after an allocation
 * failure). Borrowed until the next write. */
const char *jbuf_text(const jbuf *b);

#endif
