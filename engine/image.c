/* image.c: a cache of compiled rule sets. CLIPS can save its constructs as a
 * binary image (bsave) and load one far faster than it parses the text
 * (bload). An image is kept per rules_version, so it is used only for the
 * exact rule files it was made from, and is trusted only as far as the user's
 * own files are: the directory and file must be the user's and writable by no
 * one else. A sha256 of the image, checked before CLIPS reads it, turns a
 * truncated or damaged file into a miss rather than a crash. */
#define _GNU_SOURCE
#include "internal.h"

#include <clips.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <nettle/sha2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#define IMAGE_MAGIC "triage-image 4\n"
#define IMAGE_MAX_BYTES (64L * 1024 * 1024)
#define IMAGE_KEEP 8

static void sha256_hex(const void *p, size_t n, char out[65])
{
    static const char digits[] = "0123456789abcdef";
    uint8_t d[SHA256_DIGEST_SIZE];
    struct sha256_ctx c;
    sha256_init(&c);
    sha256_update(&c, n, p);
    sha256_digest(&c, sizeof d, d);
    for (size_t i = 0; i < sizeof d; i++) {
        out[2 * i] = digits[d[i] >> 4];
        out[2 * i + 1] = digits[d[i] & 15];
    }
    out[64] = '\0';
}

static int private_to_user(const struct stat *st)
{
    return st->st_uid == geteuid() && (st->st_mode & 022) == 0;
}

static int read_all(int fd, char *p, size_t n)
{
    while (n > 0) {
        ssize_t k = read(fd, p, n);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0)
            return -1;
        p += k;
        n -= (size_t)k;
    }
    return 0;
}

static int write_all(int fd, const char *p, size_t n)
{
    while (n > 0) {
        ssize_t k = write(fd, p, n);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0)
            return -1;
        p += k;
        n -= (size_t)k;
    }
    return 0;
}

/* The image file's bytes, when the directory and file are the user's alone. */
static char *read_image(const char *dir, const char *version, size_t *len)
{
    struct stat st;
    if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode) || !private_to_user(&st))
        return NULL;
    char path[4096];
    snprintf(path, sizeof path, "%s/%s.img", dir, version);
    int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0)
        return NULL;
    char *buf = NULL;
    if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && private_to_user(&st) &&
        st.st_size > 0 && st.st_size <= IMAGE_MAX_BYTES &&
        (buf = malloc((size_t)st.st_size + 1)) && read_all(fd, buf, (size_t)st.st_size) == 0) {
        buf[st.st_size] = '\0';
        *len = (size_t)st.st_size;
    } else {
        free(buf);
        buf = NULL;
    }
    close(fd);
    return buf;
}

int image_load(engine *e, const char *dir, const char *version, char **meta, size_t *metalen)
{
    size_t len;
    char *buf = read_image(dir, version, &len);
    *meta = NULL;
    if (!buf)
        return -1;
    /* magic, version, sha256 of what follows the header, the CLIPS image's
     * length, the rules' length; then the two */
    char want[65], sum[65];
    size_t ilen = 0, mlen = 0;
    int rc = -1;
    const char *p = buf, *body = buf;
    size_t ml = strlen(IMAGE_MAGIC);
    for (int lines = 0; lines < 5 && body; lines++) {
        body = memchr(body, '\n', len - (size_t)(body - p));
        body = body ? body + 1 : NULL;
    }
    if (body && len > ml && memcmp(p, IMAGE_MAGIC, ml) == 0 &&
        sscanf(p + ml, "%64s %64s %zu %zu", want, sum, &ilen, &mlen) == 4 &&
        strcmp(want, version) == 0 && (size_t)(p + len - body) == ilen + mlen) {
        char got[65];
        sha256_hex(body, ilen + mlen, got);
        *meta = strcmp(got, sum) == 0 ? malloc(mlen + 1) : NULL;
        if (*meta) {
            memcpy(*meta, body + ilen, mlen);
            (*meta)[mlen] = '\0';
            *metalen = mlen;
            int fd = memfd_create("triage-image", MFD_CLOEXEC);
            char fdpath[64];
            snprintf(fdpath, sizeof fdpath, "/proc/self/fd/%d", fd);
            if (fd >= 0 && write_all(fd, body, ilen) == 0)
                rc = EnvBload(e->env, fdpath) ? 0 : -2;
            if (fd >= 0)
                close(fd);
        }
    }
    if (rc != 0) {
        free(*meta);
        *meta = NULL;
    }
    free(buf);
    return rc;
}

static int cmp_mtime(const void *a, const void *b)
{
    const struct { time_t t; char name[80]; } *x = a, *y = b;
    return (x->t > y->t) - (x->t < y->t);
}

/* Keeps the IMAGE_KEEP newest images of dir. */
static void prune(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        return;
    struct { time_t t; char name[80]; } v[64];
    size_t n = 0;
    struct dirent *de;
    while ((de = readdir(d)) != NULL && n < sizeof v / sizeof *v) {
        size_t l = strlen(de->d_name);
        struct stat st;
        char path[4096];
        if (l != 68 || strcmp(de->d_name + 64, ".img") != 0)
            continue;
        snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
        if (lstat(path, &st) != 0)
            continue;
        v[n].t = st.st_mtime;
        memcpy(v[n].name, de->d_name, l + 1);   /* 68 bytes and the NUL: it fits */
        n++;
    }
    closedir(d);
    if (n <= IMAGE_KEEP)
        return;
    qsort(v, n, sizeof *v, cmp_mtime);
    for (size_t i = 0; i + IMAGE_KEEP < n; i++) {
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", dir, v[i].name);
        unlink(path);
    }
}

/* Creates dir and its missing parents, the last one private to the user. */
static int make_dir(const char *dir)
{
    char path[4096];
    snprintf(path, sizeof path, "%s", dir);
    for (char *s = path + 1; *s; s++) {
        if (*s != '/')
            continue;
        *s = '\0';
        if (mkdir(path, 0700) != 0 && errno != EEXIST)
            return -1;
        *s = '/';
    }
    if (mkdir(path, 0700) != 0 && errno != EEXIST)
        return -1;
    return 0;
}

int image_save(engine *e, const char *dir, const char *version, const char *meta, size_t metalen)
{
    struct stat dst;
    if (make_dir(dir) != 0 || stat(dir, &dst) != 0 || !private_to_user(&dst))
        return -1;   /* an image there would never be trusted */
    int mfd = memfd_create("triage-image", MFD_CLOEXEC);
    if (mfd < 0)
        return -1;
    char fdpath[64];
    snprintf(fdpath, sizeof fdpath, "/proc/self/fd/%d", mfd);
    int rc = -1;
    char *img = NULL;
    struct stat st;
    if (EnvBsave(e->env, fdpath) && fstat(mfd, &st) == 0 && st.st_size > 0 &&
        st.st_size <= IMAGE_MAX_BYTES && (img = malloc((size_t)st.st_size)) &&
        lseek(mfd, 0, SEEK_SET) == 0 && read_all(mfd, img, (size_t)st.st_size) == 0) {
        char sum[65], head[256], tmp[4096], path[4096];
        struct sha256_ctx c;
        uint8_t d[SHA256_DIGEST_SIZE];
        sha256_init(&c);
        sha256_update(&c, (size_t)st.st_size, (const uint8_t *)img);
        sha256_update(&c, metalen, (const uint8_t *)meta);
        sha256_digest(&c, sizeof d, d);
        for (size_t i = 0; i < sizeof d; i++)
            snprintf(sum + 2 * i, 3, "%02x", d[i]);
        int hl = snprintf(head, sizeof head, "%s%s\n%s\n%lld\n%zu\n", IMAGE_MAGIC, version, sum,
                          (long long)st.st_size, metalen);
        snprintf(tmp, sizeof tmp, "%s/.image-XXXXXX", dir);
        snprintf(path, sizeof path, "%s/%s.img", dir, version);
        int fd = mkstemp(tmp);
        if (fd >= 0) {
            int ok = write_all(fd, head, (size_t)hl) == 0 &&
                     write_all(fd, img, (size_t)st.st_size) == 0 &&
                     write_all(fd, meta, metalen) == 0;
            ok = close(fd) == 0 && ok;
            if (ok && rename(tmp, path) == 0)
                rc = 0;
            else
                unlink(tmp);
        }
    }
    free(img);
    close(mfd);
    e->clips_errlen = 0;    /* bsave warns that constraints are not saved: not used at run time */
    e->clips_err[0] = '\0';
    if (rc == 0)
        prune(dir);
    return rc;
}
