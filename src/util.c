/* util.c: small helpers the modules share (util.h). */
#include "util.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

size_t util_edit_distance(const char *a, const char *b)
{
    size_t n = strlen(b), row[128];
    if (n >= sizeof row / sizeof *row)
        return (size_t)-1;
    for (size_t j = 0; j <= n; j++)
        row[j] = j;
    for (size_t i = 1; a[i - 1]; i++) {
        size_t diag = row[0];
        row[0] = i;
        for (size_t j = 1; j <= n; j++) {
            size_t up = row[j], best = diag + (a[i - 1] != b[j - 1]);
            if (up + 1 < best)
                best = up + 1;
            if (row[j - 1] + 1 < best)
                best = row[j - 1] + 1;
            row[j] = best;
            diag = up;
        }
    }
    return row[n];
}

static int cmp_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int util_list_dir(const char *dir, const char *const *suffixes, json_t *paths)
{
    DIR *d = opendir(dir);
    if (!d)
        return -1;
    char **names = NULL;
    size_t n = 0;
    struct dirent *de;
    while ((de = readdir(d)) != NULL) {
        size_t len = strlen(de->d_name);
        int wanted = 0;
        for (size_t k = 0; suffixes[k] && !wanted; k++) {
            size_t m = strlen(suffixes[k]);
            wanted = len >= m && strcmp(de->d_name + len - m, suffixes[k]) == 0;
        }
        if (de->d_name[0] == '.' || !wanted)
            continue;
        char **grown = realloc(names, (n + 1) * sizeof *names);
        if (!grown)
            break;
        names = grown;
        names[n++] = strdup(de->d_name);
    }
    closedir(d);
    if (n > 1)
        qsort(names, n, sizeof *names, cmp_name);
    for (size_t i = 0; i < n; i++) {
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        json_array_append_new(paths, json_string(path));
        free(names[i]);
    }
    free(names);
    return 0;
}

char *util_fill(char *buf, size_t len, const char *text, const char *arg)
{
    if (len)
        buf[0] = '\0';
    if (!text)
        return NULL;
    const char *at = strstr(text, "{}");
    if (at)
        snprintf(buf, len, "%.*s%s%s", (int)(at - text), text, arg, at + 2);
    else
        snprintf(buf, len, "%s", text);
    return buf;
}
