/* lines.c: lines from a file descriptor, read in large blocks. */
#include "lines.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define LINES_BLOCK (64 * 1024)

void lines_init(lines *l, int fd, size_t max)
{
    memset(l, 0, sizeof *l);
    l->fd = fd;
    l->max = max;
}

void lines_free(lines *l)
{
    free(l->buf);
    l->buf = NULL;
    l->cap = l->start = l->end = 0;
}

int lines_blank(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r')
            return 0;
    return 1;
}

int lines_ready(const lines *l)
{
    return l->eof || (l->end > l->start && memchr(l->buf + l->start, '\n', l->end - l->start));
}

/* Reads one more block after the buffered bytes. 1 read, 0 end, -1 error. */
static int fill(lines *l)
{
    if (l->start > 0) {
        memmove(l->buf, l->buf + l->start, l->end - l->start);
        l->end -= l->start;
        l->start = 0;
    }
    if (l->cap - l->end < LINES_BLOCK + 1) {
        size_t cap = l->end + LINES_BLOCK + 1;
        cap = cap > l->cap * 2 ? cap : l->cap * 2;
        char *p = realloc(l->buf, cap);
        if (!p) {
            errno = ENOMEM;
            return -1;
        }
        l->buf = p;
        l->cap = cap;
    }
    for (;;) {
        ssize_t n = read(l->fd, l->buf + l->end, l->cap - l->end - 1);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return -1;
        if (n == 0) {
            l->eof = 1;
            return 0;
        }
        l->end += (size_t)n;
        return 1;
    }
}

int lines_peek(lines *l)
{
    while (l->end == l->start && !l->eof)
        if (fill(l) < 0)
            return -1;
    return l->end > l->start;
}

int lines_next(lines *l, char **line, size_t *len)
{
    size_t scanned = 0;
    int over = 0;
    for (;;) {
        char *s = l->buf ? l->buf + l->start : NULL;   /* no buffer before the first read */
        size_t have = l->end - l->start;
        char *nl = have > scanned ? memchr(s + scanned, '\n', have - scanned) : NULL;
        if (nl || (l->eof && (have > 0 || over))) {
            size_t n = nl ? (size_t)(nl - s) : have;
            l->start += nl ? n + 1 : n;
            l->lineno++;
            if (over || n > l->max)
                return -1;
            s[n] = '\0';
            *line = s;
            *len = n;
            return 1;
        }
        if (l->eof)
            return 0;
        if (have > l->max) {
            /* too long: drop what we have, keep looking for its end */
            over = 1;
            l->start = l->end;
            have = 0;
        }
        scanned = have;
        if (fill(l) < 0)
            return -2;
    }
}
