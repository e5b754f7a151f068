/* web.h: the web page's files (web/), built into the program by
 * web/embed.sh, so that `triage serve` needs nothing installed beside it
 * and no request can name a file on disk. */
#ifndef TRIAGE_WEB_H
#define TRIAGE_WEB_H

#include <stddef.h>

typedef struct web_file {
    const char *path;                /* "/index.html" */
    const char *type;                /* its content type */
    const unsigned char *data;
    size_t len;
} web_file;

/* The file served at path ("/" is "/index.html"), or NULL. */
const web_file *web_asset(const char *path);

#endif
