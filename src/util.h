/* util.h: small helpers the modules share: the files of a directory, how
 * far apart two ids are (for "did you mean"), and a wording from the rules
 * filled in. Nothing here prints. */
#ifndef TRIAGE_UTIL_H
#define TRIAGE_UTIL_H

#include <stddef.h>

#include <jansson.h>

/* The files of dir whose names end with one of suffixes (NULL-terminated),
 * as "dir/name" paths in name order, appended to paths. Returns 0, or -1 when
 * dir cannot be read. */
int util_list_dir(const char *dir, const char *const *suffixes, json_t *paths);

/* The edit distance between two short ids (SIZE_MAX when b is too long). */
size_t util_edit_distance(const char *a, const char *b);

/* Writes text into buf (len bytes, always terminated) with its first "{}"
 * replaced by arg. Returns buf, or NULL (and buf "") when text is NULL: a
 * wording the rules do not give. Text is never a format string. */
char *util_fill(char *buf, size_t len, const char *text, const char *arg);

#endif
