/* util.h: small helpers the modules share: the files of a directory, and
 * how far apart two ids are (for "did you mean"). Nothing here prints. */
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

#endif
