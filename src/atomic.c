/* atomic.c: write to a temporary file, fsync, rename; check what is there first. */
#include "atomic.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* TRIAGE_TEST_SLOW_WRITE=N (tests only) pauses N microseconds after every
 * KiB written, so a test can kill the writer half-way. */
static int write_all(int fd, const char *p, size_t n)
{
    const char *slow = getenv("TRIAGE_TEST_SLOW_WRITE");
    long pause = slow ? atol(slow) : 0;
    while (n > 0) {
        ssize_t w = write(fd, p, pause && n > 1024 ? 1024 : n);
        if (pause) {
            struct timespec ts = { pause / 1000000, (pause % 1000000) * 1000 };
            nanosleep(&ts, NULL);
        }
        if (w < 0) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

static int say(char *err, size_t errlen, int errnum, const char *fmt, const char *path,
               const char *what)
{
    if (err && errlen)
        snprintf(err, errlen, fmt, path, what);
    errno = errnum;
    return -1;
}

/* Whether text is a case object (with "answers"). */
static int is_case(json_t *v)
{
    int ok = json_is_object(v) && json_object_get(v, "answers") != NULL;
    json_decref(v);
    return ok;
}

/* Whether n bytes of text are case JSON: one object, or lines of them. */
static int is_case_file(const char *text, size_t n)
{
    if (is_case(json_loadb(text, n, 0, NULL)))
        return 1;
    size_t pos = 0, cases = 0;
    while (pos < n) {
        const char *nl = memchr(text + pos, '\n', n - pos);
        size_t len = nl ? (size_t)(nl - (text + pos)) : n - pos;
        size_t k = 0;
        while (k < len && isspace((unsigned char)text[pos + k]))
            k++;
        if (k < len) {
            if (!is_case(json_loadb(text + pos, len, 0, NULL)))
                return 0;
            cases++;
        }
        pos += len + 1;
    }
    return cases > 0;
}

/* Whether the first line of n bytes of text is a triage transcript header. */
static int is_transcript(const char *text, size_t n)
{
    const char *nl = memchr(text, '\n', n);
    json_t *h = json_loadb(text, nl ? (size_t)(nl - text) : n, 0, NULL);
    const char *magic = json_string_value(json_object_get(h, "transcript"));
    int ok = magic && strcmp(magic, "triage") == 0;
    json_decref(h);
    return ok;
}

#define CHECK_MAX_BYTES (64L * 1024 * 1024)

int atomic_may_replace(const char *path, atomic_kind kind, char *err, size_t errlen)
{
    struct stat st;
    if (lstat(path, &st) != 0)
        return errno == ENOENT ? 0
                               : say(err, errlen, errno, "cannot check %s: %s", path,
                                     strerror(errno));
    if (S_ISLNK(st.st_mode))
        return say(err, errlen, EEXIST,
                   "%s is a symbolic link: it is left as it is (%s)", path,
                   "give the path of a new file");
    if (S_ISDIR(st.st_mode))
        return say(err, errlen, EEXIST, "%s is a %s", path, "directory");
    if (!S_ISREG(st.st_mode))
        return say(err, errlen, EEXIST, "%s is a %s: it is left as it is", path,
                   "device or other special file");
    if (kind == ATOMIC_ANY || st.st_size == 0)
        return 0;
    const char *what = kind == ATOMIC_CASE_FILE ? "a case file" : "a triage transcript";
    if (st.st_size > CHECK_MAX_BYTES)
        return say(err, errlen, EEXIST, "%s exists and is not %s: it is left as it is", path, what);
    int fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK);
    if (fd < 0)
        return say(err, errlen, errno, "cannot read %s to check it: %s", path, strerror(errno));
    size_t cap = (size_t)st.st_size, n = 0;
    if (kind == ATOMIC_TRANSCRIPT && cap > 1024 * 1024)
        cap = 1024 * 1024;   /* a header is far shorter */
    char *buf = malloc(cap + 1);
    while (buf && n < cap) {
        ssize_t r = read(fd, buf + n, cap - n);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            break;
        n += (size_t)r;
    }
    close(fd);
    int ok = buf && (kind == ATOMIC_CASE_FILE ? is_case_file(buf, n) : is_transcript(buf, n));
    free(buf);
    if (!ok)
        return say(err, errlen, EEXIST, "%s exists and is not %s: it is left as it is", path, what);
    return 0;
}

int atomic_replace(const char *path, const char *data, size_t len, atomic_kind kind, char *err,
                   size_t errlen)
{
    if (kind != ATOMIC_ANY && atomic_may_replace(path, kind, err, errlen) != 0)
        return -1;
    struct stat st;
    int existed = lstat(path, &st) == 0;
    size_t plen = strlen(path);
    char *tmp = malloc(plen + 16);
    char *dircopy = strdup(path);
    if (!tmp || !dircopy) {
        free(tmp);
        free(dircopy);
        return say(err, errlen, ENOMEM, "cannot write %s: %s", path, strerror(ENOMEM));
    }
    snprintf(tmp, plen + 16, "%s.tmp.XXXXXX", path);
    int fd = mkstemp(tmp);
    int rc = -1, saved = errno, refused = 0;
    if (fd >= 0) {
        if (write_all(fd, data, len) == 0 && fsync(fd) == 0 && close(fd) == 0) {
            fd = -1;
            if (kind == ATOMIC_ANY || existed) {
                rc = rename(tmp, path);
            } else if (link(tmp, path) == 0) {
                /* nothing was there: linking never replaces what appeared meanwhile */
                rc = 0;
                unlink(tmp);
            } else if (errno == EEXIST) {
                if (atomic_may_replace(path, kind, err, errlen) == 0)
                    rc = rename(tmp, path);
                else
                    refused = 1;
            } else {
                rc = rename(tmp, path);   /* a file system without hard links */
            }
            if (rc == 0) {
                int dfd = open(dirname(dircopy), O_RDONLY | O_DIRECTORY);
                if (dfd >= 0) {
                    fsync(dfd);
                    close(dfd);
                }
            }
        }
        saved = errno;
        if (fd >= 0)
            close(fd);
        if (rc != 0)
            unlink(tmp);
    }
    free(tmp);
    free(dircopy);
    if (rc != 0 && !refused)
        say(err, errlen, saved, "cannot write %s: %s", path, strerror(saved));
    errno = saved;
    return rc;
}

int atomic_write(const char *path, const char *data, size_t len)
{
    return atomic_replace(path, data, len, ATOMIC_ANY, NULL, 0);
}

int atomic_write_line(const char *path, const char *line)
{
    size_t n = strlen(line);
    char *buf = malloc(n + 2);
    if (!buf) {
        errno = ENOMEM;
        return -1;
    }
    memcpy(buf, line, n);
    buf[n] = '\n';
    int rc = atomic_replace(path, buf, n + 1, ATOMIC_CASE_FILE, NULL, 0);
    int saved = errno;
    free(buf);
    errno = saved;
    return rc;
}
