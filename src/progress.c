/* progress.c: the updating progress line of batch and check-safety. */
#include "progress.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#define PROGRESS_DELAY 0.5     /* seconds of work before the line first shows */
#define PROGRESS_EVERY 0.2     /* seconds between redraws */

struct progress {
    const char *what, *unit;
    double start, last;        /* when the work began; when the line was last drawn */
    double delay;
    int shown;
};

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

int progress_wanted(int quiet)
{
    return !quiet && isatty(STDERR_FILENO);
}

progress *progress_new(const char *what, const char *unit, int on)
{
    if (!on)
        return NULL;
    progress *p = calloc(1, sizeof *p);
    if (!p)
        return NULL;
    p->what = what;
    p->unit = unit;
    p->start = now();
    /* TRIAGE_PROGRESS_DELAY (seconds) lets a test see the line at once */
    const char *d = getenv("TRIAGE_PROGRESS_DELAY");
    p->delay = d && *d ? atof(d) : PROGRESS_DELAY;
    return p;
}

/* n with thousands separated by commas, into buf. */
static const char *grouped(long long n, char *buf, size_t len)
{
    char digits[32];
    int k = snprintf(digits, sizeof digits, "%lld", n < 0 ? 0 : n), o = 0;
    for (int i = 0; i < k && (size_t)o + 2 < len; i++) {
        if (i > 0 && (k - i) % 3 == 0)
            buf[o++] = ',';
        buf[o++] = digits[i];
    }
    buf[o] = '\0';
    return buf;
}

static const char *clock_text(double s, char *buf, size_t len)
{
    long t = s < 0 ? 0 : s > 359999 ? 359999 : (long)(s + 0.5);
    if (t >= 3600)
        snprintf(buf, len, "%ld:%02ld:%02ld", t / 3600, t / 60 % 60, t % 60);
    else
        snprintf(buf, len, "%ld:%02ld", t / 60, t % 60);
    return buf;
}

void progress_update(progress *p, long long done, long long total, double fraction)
{
    if (!p)
        return;
    double t = now(), elapsed = t - p->start;
    if (elapsed < p->delay || (p->shown && t - p->last < PROGRESS_EVERY))
        return;
    if (total > 0)
        fraction = (double)done / (double)total;
    char a[32], rate[32], left[48] = "";
    grouped(elapsed > 0 ? (long long)(done / elapsed) : 0, rate, sizeof rate);
    if (fraction > 0 && fraction <= 1 && done > 0) {
        char c[32];
        snprintf(left, sizeof left, ", %s left", clock_text(elapsed * (1 - fraction) / fraction,
                                                             c, sizeof c));
    }
    if (total > 0) {
        char c[32];
        fprintf(stderr, "\r%s: %s of %s %s, %s %s/s%s\033[K", p->what, grouped(done, a, sizeof a),
                grouped(total, c, sizeof c), p->unit, rate, p->unit, left);
    } else {
        fprintf(stderr, "\r%s: %s %s, %s %s/s%s\033[K", p->what, grouped(done, a, sizeof a),
                p->unit, rate, p->unit, left);
    }
    p->shown = 1;
    p->last = t;
}

void progress_end(progress *p)
{
    if (!p)
        return;
    if (p->shown)
        fputs("\r\033[K", stderr);
    free(p);
}
