/* lines.h: lines from a file descriptor, read in large blocks, with a limit
 * on line length. Tells its caller when the next line would need a read (and
 * so could block), so that buffered output can be flushed first. */
#ifndef TRIAGE_LINES_H
#define TRIAGE_LINES_H

#include <stddef.h>

typedef struct lines {
    int fd;
    size_t max;          /* longest line accepted, in bytes */
    long lineno;         /* number of the line last returned */
    char *buf;           /* owned */
    size_t cap, start, end;
    int eof;
} lines;

/* Starts reading fd (not owned: the caller closes it) with lines of at most
 * max bytes. */
void lines_init(lines *l, int fd, size_t max);

/* Frees the buffer. */
void lines_free(lines *l);

/* The next line without its newline (a last line without one counts):
 * returns 1 with *line (NUL-terminated, borrowed until the next call) and
 * *len; 0 at the end; -1 for a line longer than max (skipped whole, its number
 * in lineno); -2 on a read error or when out of memory (errno says which). */
int lines_next(lines *l, char **line, size_t *len);

/* Waits for input: returns 1 when there is some (buffered for
 * lines_next()), 0 at the end, -1 on a read error. */
int lines_peek(lines *l);

/* Whether the n bytes of a line are only spaces, tabs and carriage returns
 * (a blank line, which batch skips). */
int lines_blank(const char *s, size_t n);

/* Whether a whole line (or the end) is already buffered, so that
 * lines_next() will not read. */
int lines_ready(const lines *l);

#endif
