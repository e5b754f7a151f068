/* atomic.h: replacing a file so that a reader, whatever kills the writer,
 * finds the old file or the new one, never a torn one; and never replacing a
 * file the program did not write.
 *
 * Every file written here is new (a temporary file in the same directory,
 * mode 0600, synced, then renamed or linked into place). */
#ifndef TRIAGE_ATOMIC_H
#define TRIAGE_ATOMIC_H

#include <stddef.h>

/* What a file is, for atomic_may_replace(). */
typedef enum atomic_kind {
    ATOMIC_ANY,         /* anything may be replaced (tests, a caller that checked) */
    ATOMIC_CASE_FILE,   /* case JSON (case-format.md): one object with "answers",
                           or lines of them, as `save` and `triage batch` read */
    ATOMIC_TRANSCRIPT   /* a session transcript: its first line is a triage
                           transcript header */
} atomic_kind;

/* Whether a file of kind may be written at path: 0 when nothing is there,
 * or an empty regular file, or a regular file of that kind. -1 otherwise,
 * with errno EEXIST when something else is there (a file of another kind, a
 * symbolic link, a directory, a device), or the errno of what could not be
 * read, and, when err is not NULL, the reason in err as a sentence naming
 * path ("/etc/passwd exists and is not a case file written by triage: it is
 * left as it is"). */
int atomic_may_replace(const char *path, atomic_kind kind, char *err, size_t errlen);

/* Writes len bytes of data as the whole of path: to a temporary file in the
 * same directory, fsync, then into place, fsync the directory. When kind is
 * not ATOMIC_ANY, refuses as atomic_may_replace() does, and a file that
 * appears at path while writing is not replaced either. Returns 0, or -1 with
 * errno set (the temporary file removed) and, when err is not NULL, the
 * reason in err. */
int atomic_replace(const char *path, const char *data, size_t len, atomic_kind kind, char *err,
                   size_t errlen);

/* atomic_replace() of any file (ATOMIC_ANY), without a message. */
int atomic_write(const char *path, const char *data, size_t len);

/* atomic_replace() of line and a newline as a case file (ATOMIC_CASE_FILE):
 * what the shell's `save FILE` writes. An existing file that is not a case
 * file is refused with EEXIST; atomic_may_replace() gives the words. */
int atomic_write_line(const char *path, const char *line);

#endif
