/* atomic.h: replacing a file so that a reader, whatever kills the writer,
 * finds the old file or the new one, never a torn one. */
#ifndef TRIAGE_ATOMIC_H
#define TRIAGE_ATOMIC_H

#include <stddef.h>

/* Writes len bytes of data as the whole of path: to a temporary file in the
 * same directory, fsync, rename over path, fsync the directory. Returns 0, or
 * -1 with errno set (the temporary file removed). */
int atomic_write(const char *path, const char *data, size_t len);

/* atomic_write() of line and a newline. */
int atomic_write_line(const char *path, const char *line);

#endif
