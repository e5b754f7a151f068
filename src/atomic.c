/* atomic.c: write to a temporary file, fsync, rename. */
#include "atomic.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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

int atomic_write(const char *path, const char *data, size_t len)
{
    size_t plen = strlen(path);
    char *tmp = malloc(plen + 16);
    char *dircopy = strdup(path);
    if (!tmp || !dircopy) {
        free(tmp);
        free(dircopy);
        errno = ENOMEM;
        return -1;
    }
    snprintf(tmp, plen + 16, "%s.tmp.XXXXXX", path);
    int fd = mkstemp(tmp);
    int rc = -1, saved = 0;
    if (fd >= 0) {
        if (write_all(fd, data, len) == 0 && fsync(fd) == 0 && close(fd) == 0) {
            fd = -1;
            if (rename(tmp, path) == 0) {
                rc = 0;
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
        errno = saved;
    }
    free(tmp);
    free(dircopy);
    return rc;
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
    int rc = atomic_write(path, buf, n + 1);
    int saved = errno;
    free(buf);
    errno = saved;
    return rc;
}
