/* pool.c: batch evaluation on several processors, results in input order.
 *
 * This process reads the input, evaluates and writes. While the input is
 * small (HELPERS_AFTER bytes) that is all it does, exactly as one process
 * would. Past that, it forks helpers and the cases travel in chunks of up to
 * CHUNK_CASES through slots of a shared memory ring: this process copies a
 * chunk's lines into a free slot, marks it queued and names it on the work
 * pipe; a helper that reads the name claims the slot (an atomic compare and
 * swap, so a chunk is claimed once), writes the chunk's results into the
 * slot and marks it done. This process writes the chunks in order: a done
 * chunk from its slot; the next chunk, when no helper has claimed it, it
 * evaluates itself straight to stdout; while the next chunk is a helper's,
 * it evaluates a later queued chunk into that chunk's slot. So it never
 * waits while there is work, and per chunk (not per case) the cost is one
 * byte on a pipe and a few atomic operations.
 *
 * Helpers run at idle priority (SCHED_IDLE): they take processors that
 * nothing else wants, so the consumer of the output (gzip, say) or another
 * program is never slowed by them, and on a busy machine the batch runs as
 * one process would. A helper counts the cases it has done in the slot;
 * should the one holding the next chunk show no progress for four times
 * what a case takes here (at least 1 ms), it is taken as not running, and
 * this process evaluates that chunk itself and writes it; the helper's copy
 * is dropped.
 *
 * Every result depends on its case alone, so whoever evaluates a chunk, the
 * output is the bytes one process writes. A chunk whose results do not fit
 * its slot is evaluated again, by this process, when its turn comes. If a
 * helper dies, its pipe to this process closes; the results up to the chunk
 * being written stand and the run stops with an error (a helper found gone
 * at the end, after every result was written, is an error too). */
#define _GNU_SOURCE
#include "pool.h"
#include "lines.h"
#include "progress.h"

#include <errno.h>
#include <stdarg.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define POOL_MAX_JOBS 8
#define HELPERS_AFTER (64 * 1024)    /* bytes of input evaluated alone before helpers start */
#define CHUNK_CASES 16
#define CHUNK_BYTES (32 * 1024)      /* a chunk ends once its lines pass this */
#define SLOTS_PER_HELPER 3
#define SLOT_OUT ((size_t)4 << 20)   /* results a slot holds; a chunk with more is evaluated again */
#define STALL_MIN 0.001              /* seconds a helper may take over a case at least */

enum { FREE, QUEUED, TAKEN, DONE, MINE };   /* a slot's state */

typedef struct slot {
    _Atomic int state;
    _Atomic int progress;  /* cases of it a helper has evaluated so far */
    int redo;            /* its results did not fit, or memory ran short: evaluate again */
    int failed;          /* a result was an error */
    int ncases;
    size_t in_len, out_len;
} slot;

/* One line in a slot's input: header, then len bytes and a NUL. */
typedef struct rec {
    long lineno;
    size_t len;
    int overlong;        /* a line over the limit: no text */
} rec;

typedef struct ring {
    char *base;          /* the shared mapping */
    size_t size, stride, in_cap;
    int nslots;
} ring;

typedef struct helper {
    pid_t pid;
    int done_fd;         /* read end: a byte per chunk done; closes when it exits */
} helper;

typedef struct pool {
    engine *e;
    pool_eval_fn eval;
    pool_overlong_fn overlong;
    progress *prog;
    lines l;
    int fd, eof, input_failed, failed, regular;
    int broken;          /* a helper stopped unexpectedly */
    int lost;            /* ... and the run stopped short for it */
    long long size;      /* of a regular input file, for progress */
    long long cases;     /* cases written */
    ring r;
    helper h[POOL_MAX_JOBS];
    int nhelpers, work_fd;
    int fifo[256];       /* slots of the chunks in flight, in input order */
    int head, count;
    unsigned char *spec; /* per slot: written here while a helper still holds it */
    unsigned char *ahead;/* per slot: evaluated here into the slot */
    double chunk_time;   /* seconds a chunk takes this process, smoothed */
    long long by_helper, ahead_here, at_head, taken_over;   /* chunks, for TRIAGE_POOL_STATS */
    char err[256];       /* why the run failed, the first reason only */
} pool;

static void fail(pool *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void fail(pool *p, const char *fmt, ...)
{
    if (p->err[0])
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(p->err, sizeof p->err, fmt, ap);
    va_end(ap);
}

int pool_default_jobs(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n < 1 ? 1 : n > POOL_MAX_JOBS ? POOL_MAX_JOBS : (int)n;
}

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

static slot *slot_at(const ring *r, int i)
{
    return (slot *)(r->base + (size_t)i * r->stride);
}

static char *slot_in(const ring *r, int i)
{
    return (char *)slot_at(r, i) + 64;
}

static char *slot_out(const ring *r, int i)
{
    return slot_in(r, i) + r->in_cap;
}

/* ---- a chunk's results into its slot ---------------------------------------- */

typedef struct sink {
    char *p;
    size_t len, cap;
    int full;
} sink;

static ssize_t sink_write(void *cookie, const char *buf, size_t n)
{
    sink *s = cookie;
    if (n > s->cap - s->len) {
        s->full = 1;
        errno = ENOSPC;
        return -1;
    }
    memcpy(s->p + s->len, buf, n);
    s->len += n;
    return (ssize_t)n;
}

/* An unbuffered stream into a slot's results, one copy per write. */
static FILE *sink_open(sink *s)
{
    cookie_io_functions_t io = { .write = sink_write };
    FILE *f = fopencookie(s, "w", io);
    if (f)
        setvbuf(f, NULL, _IONBF, 0);
    return f;
}

/* Evaluates the chunk in slot i, writing to out (a helper counting its
 * progress in the slot). Returns 1 when a result was an error, 0 when none
 * was, -1 when memory ran short. */
static int run_chunk(engine *e, const ring *r, int i, FILE *out, pool_eval_fn eval,
                     pool_overlong_fn overlong, int count)
{
    slot *s = slot_at(r, i);
    const char *p = slot_in(r, i), *end = p + s->in_len;
    int failed = 0;
    while (p < end) {
        rec h;
        memcpy(&h, p, sizeof h);
        const char *text = p + sizeof h;
        int st = h.overlong ? overlong(h.lineno, out) : eval(e, text, h.len, h.lineno, out);
        if (st < 0)
            return -1;
        failed |= st;
        if (count)
            atomic_fetch_add(&s->progress, 1);
        p = text + ((h.overlong ? 0 : h.len + 1) + 7) / 8 * 8;
    }
    return failed;
}

/* Evaluates the chunk of slot i into the slot itself. */
static void chunk_into_slot(engine *e, const ring *r, int i, FILE *f, sink *k,
                            pool_eval_fn eval, pool_overlong_fn overlong, int count)
{
    slot *s = slot_at(r, i);
    *k = (sink){ slot_out(r, i), 0, SLOT_OUT, 0 };
    clearerr(f);
    int st = run_chunk(e, r, i, f, eval, overlong, count);
    s->redo = st < 0 || k->full;
    s->failed = st > 0;
    s->out_len = k->len;
}

/* ---- the helper ----------------------------------------------------------------- */

static void helper_main(engine *e, const ring *r, int work_fd, int done_fd, pool_eval_fn eval,
                        pool_overlong_fn overlong)
{
    struct sched_param sp = { 0 };
    if (sched_setscheduler(0, SCHED_IDLE, &sp) != 0)
        setpriority(PRIO_PROCESS, 0, 19);
    signal(SIGPIPE, SIG_IGN);
    fcntl(done_fd, F_SETFL, O_NONBLOCK);   /* a full pipe: this process is busy, not waiting */
    sink k = { 0 };
    FILE *f = sink_open(&k);
    if (!f)
        _exit(3);
    for (;;) {
        unsigned char i;
        ssize_t n = read(work_fd, &i, 1);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;   /* the work pipe closed: the end */
        if (i >= r->nslots)
            continue;
        slot *s = slot_at(r, i);
        int expect = QUEUED;
        if (!atomic_compare_exchange_strong(&s->state, &expect, TAKEN))
            continue;   /* claimed already, or a stale name */
        chunk_into_slot(e, r, i, f, &k, eval, overlong, 1);
        atomic_store(&s->state, DONE);
        if (write(done_fd, "d", 1) < 0 && errno == EPIPE)
            break;
    }
    _exit(0);   /* nothing to flush: stdout is this process's only in name */
}

/* ---- this process ---------------------------------------------------------------- */

static int input_ready(pool *p)
{
    if (p->eof || lines_ready(&p->l) || p->regular)
        return 1;
    struct pollfd pf = { .fd = p->fd, .events = POLLIN };
    return poll(&pf, 1, 0) > 0;
}

static double read_share(const pool *p)
{
    if (!p->regular || p->size <= 0)
        return -1;
    off_t at = lseek(p->fd, 0, SEEK_CUR);
    return at < 0 ? -1 : (double)at / (double)p->size;
}

static void stdout_check(void)
{
    if (ferror(stdout) && errno == EPIPE) {
        signal(SIGPIPE, SIG_DFL);
        raise(SIGPIPE);   /* the reader went away: stop as one process would */
    }
}

/* Evaluates one line read (rc from lines_next) straight to stdout. */
static int direct(pool *p, int rc, const char *line, size_t len)
{
    int st = rc == 1 ? p->eval(p->e, line, len, p->l.lineno, stdout)
                     : p->overlong(p->l.lineno, stdout);
    if (st < 0) {
        fail(p, "out of memory");
        return -1;
    }
    p->failed |= st;
    p->cases++;
    return 0;
}

/* The first HELPERS_AFTER bytes, alone. Returns 1 when helpers are worth
 * starting (more input to come), 0 at the end, -1 on failure. */
static int alone(pool *p, size_t budget)
{
    size_t used = 0;
    char *line;
    size_t len;
    int rc;
    double t0 = now();
    long long before = p->cases;
    while (used < budget && (rc = lines_next(&p->l, &line, &len)) != 0) {
        if (rc == -2) {
            fail(p, "cannot read the cases: %s", strerror(errno));
            p->input_failed = 1;
            return 0;
        }
        used += (rc == 1 ? len : 0) + 1;
        if (rc == 1 && lines_blank(line, len))
            continue;
        if (direct(p, rc, line, len) != 0)
            return -1;
        progress_update(p->prog, p->cases, 0, read_share(p));
        if (!lines_ready(&p->l))
            fflush(stdout);
        stdout_check();
    }
    if (p->cases > before)
        p->chunk_time = (now() - t0) / (double)(p->cases - before) * CHUNK_CASES;
    if (used < budget)
        return 0;
    int more = lines_peek(&p->l);
    if (more < 0) {
        fail(p, "cannot read the cases: %s", strerror(errno));
        p->input_failed = 1;
    }
    return more > 0;
}

/* Reads the next chunk into free slot i. Returns its number of lines (0 at
 * the end of the input). Reads without waiting once the chunk has a line. */
static int read_chunk(pool *p, int i)
{
    slot *s = slot_at(&p->r, i);
    char *in = slot_in(&p->r, i);
    s->ncases = 0;
    atomic_store(&s->progress, 0);
    s->in_len = 0;
    s->redo = s->failed = 0;
    s->out_len = 0;
    while (s->ncases < CHUNK_CASES && s->in_len < CHUNK_BYTES && !p->eof) {
        if (s->ncases > 0 && !input_ready(p))
            break;
        char *line;
        size_t len;
        int rc = lines_next(&p->l, &line, &len);
        if (rc == 0) {
            p->eof = 1;
            break;
        }
        if (rc == -2) {
            fail(p, "cannot read the cases: %s", strerror(errno));
            p->input_failed = p->eof = 1;
            break;
        }
        if (rc == 1 && lines_blank(line, len))
            continue;
        rec h = { p->l.lineno, rc == 1 ? len : 0, rc != 1 };
        memcpy(in + s->in_len, &h, sizeof h);
        if (rc == 1) {
            memcpy(in + s->in_len + sizeof h, line, len);
            in[s->in_len + sizeof h + len] = '\0';
        }
        s->in_len += sizeof h + ((rc == 1 ? len + 1 : 0) + 7) / 8 * 8;
        s->ncases++;
    }
    return s->ncases;
}

static int free_slot(pool *p)
{
    for (int i = 0; i < p->r.nslots; i++) {
        slot *s = slot_at(&p->r, i);
        int st = atomic_load(&s->state);
        if (p->spec[i] && st == DONE) {   /* a helper let go of a chunk written here */
            p->spec[i] = 0;
            atomic_store(&s->state, FREE);
            st = FREE;
        }
        if (st == FREE && !p->spec[i])
            return i;
    }
    return -1;
}

/* Writes the chunk at the head (evaluating it here when it must) and drops it
 * from the ring. Returns 0, or -1 when memory ran short. */
static int write_head(pool *p, int evaluate)
{
    int i = p->fifo[p->head];
    slot *s = slot_at(&p->r, i);
    double t0 = now();
    if (evaluate && atomic_load(&s->state) == TAKEN)
        p->taken_over++;
    else if (evaluate || s->redo)
        p->at_head++;
    else if (p->ahead[i])
        p->ahead_here++;
    else
        p->by_helper++;
    if (evaluate || s->redo) {
        int st = run_chunk(p->e, &p->r, i, stdout, p->eval, p->overlong, 0);
        if (st < 0) {
            fail(p, "out of memory");
            return -1;
        }
        p->failed |= st;
        double t = now() - t0;
        p->chunk_time = p->chunk_time > 0 ? 0.8 * p->chunk_time + 0.2 * t : t;
    } else {
        fwrite(slot_out(&p->r, i), 1, s->out_len, stdout);
        p->failed |= s->failed;
    }
    stdout_check();
    p->cases += s->ncases;
    p->ahead[i] = 0;
    p->head = (p->head + 1) % (int)(sizeof p->fifo / sizeof *p->fifo);
    p->count--;
    int st = atomic_load(&s->state);
    if (st == TAKEN)
        p->spec[i] = 1;   /* a helper still has it: free once it lets go */
    else
        atomic_store(&s->state, FREE);
    progress_update(p->prog, p->cases, 0, read_share(p));
    return 0;
}

/* Evaluates the first queued chunk after the head into its slot. Returns 1
 * when there was one. */
static int work_ahead(pool *p, FILE *f, sink *k)
{
    for (int n = 1; n < p->count; n++) {
        int i = p->fifo[(p->head + n) % (int)(sizeof p->fifo / sizeof *p->fifo)];
        slot *s = slot_at(&p->r, i);
        int expect = QUEUED;
        if (atomic_compare_exchange_strong(&s->state, &expect, MINE)) {
            chunk_into_slot(p->e, &p->r, i, f, k, p->eval, p->overlong, 0);
            p->ahead[i] = 1;
            return 1;
        }
    }
    return 0;
}

/* Waits up to timeout seconds for a helper to finish a chunk (or for input
 * when want_input). Marks p->broken when a helper has gone. */
static void wait_helpers(pool *p, double timeout, int want_input)
{
    struct pollfd pf[POOL_MAX_JOBS + 1];
    int n = 0;
    for (int k = 0; k < p->nhelpers; k++)
        pf[n++] = (struct pollfd){ .fd = p->h[k].done_fd, .events = POLLIN };
    if (want_input)
        pf[n++] = (struct pollfd){ .fd = p->fd, .events = POLLIN };
    int ms = (int)(timeout * 1000) + 1;
    if (poll(pf, (nfds_t)n, ms) <= 0)
        return;
    for (int k = 0; k < p->nhelpers; k++) {
        if (!(pf[k].revents & (POLLIN | POLLHUP | POLLERR)))
            continue;
        char buf[256];
        ssize_t got = read(p->h[k].done_fd, buf, sizeof buf);
        if (got == 0 || (got < 0 && errno != EAGAIN && errno != EINTR))
            p->broken = 1;   /* it exited while work remains */
    }
}

static int start_helpers(pool *p, int nhelpers, size_t max)
{
    ring *r = &p->r;
    r->nslots = 2 + SLOTS_PER_HELPER * nhelpers;
    r->in_cap = (CHUNK_BYTES + max + 2 * sizeof(rec) + 64 + 4095) / 4096 * 4096;
    r->stride = 64 + r->in_cap + SLOT_OUT;
    r->size = r->stride * (size_t)r->nslots;
    r->base = mmap(NULL, r->size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS | MAP_NORESERVE,
                   -1, 0);
    p->spec = calloc((size_t)r->nslots, 1);
    p->ahead = calloc((size_t)r->nslots, 1);
    if (r->base == MAP_FAILED || !p->spec || !p->ahead) {
        if (r->base == MAP_FAILED)
            r->base = NULL;
        return -1;
    }
    for (int i = 0; i < r->nslots; i++)
        atomic_init(&slot_at(r, i)->state, FREE);
    int work[2];
    if (pipe(work) != 0)
        return -1;
    fcntl(work[1], F_SETFL, O_NONBLOCK);   /* a full pipe: the chunk is left to this process */
    fflush(stdout);
    for (int k = 0; k < nhelpers; k++) {
        int done[2];
        if (pipe(done) != 0)
            break;
        pid_t pid = fork();
        if (pid == 0) {
            close(work[1]);
            close(done[0]);
            close(p->fd);
            for (int j = 0; j < k; j++)
                close(p->h[j].done_fd);
            helper_main(p->e, r, work[0], done[1], p->eval, p->overlong);
        }
        close(done[1]);
        if (pid < 0) {
            close(done[0]);
            break;
        }
        fcntl(done[0], F_SETFL, O_NONBLOCK);
        p->h[k] = (helper){ pid, done[0] };
        p->nhelpers++;
    }
    close(work[0]);
    p->work_fd = work[1];
    return p->nhelpers > 0 ? 0 : -1;
}

/* The ring: reads chunks ahead, hands them out, writes them in order. */
static int run_ring(pool *p)
{
    sink k = { 0 };
    FILE *f = sink_open(&k);
    if (!f) {
        fail(p, "out of memory");
        return -1;
    }
    const int cap = (int)(sizeof p->fifo / sizeof *p->fifo);
    int rc = 0;
    double waited_since = 0;   /* when the head's helper last showed progress */
    int seen = -1;             /* the progress it showed then */
    while (rc == 0 && !p->broken) {
        /* read ahead into free slots, without waiting for input while work is in flight */
        int i = p->count < cap && !p->eof && (p->count == 0 || input_ready(p)) ? free_slot(p) : -1;
        if (i >= 0) {
            if (p->count == 0)
                fflush(stdout);   /* everything read is written: let it out before waiting */
            if (read_chunk(p, i) > 0) {
                atomic_store(&slot_at(&p->r, i)->state, QUEUED);
                unsigned char b = (unsigned char)i;
                if (write(p->work_fd, &b, 1) < 0) {
                    /* full, or no helper left: this process will take it */
                }
                p->fifo[(p->head + p->count) % cap] = i;
                p->count++;
            }
            continue;
        }
        /* write what is ready at the head */
        if (p->count > 0) {
            int h = p->fifo[p->head];
            slot *s = slot_at(&p->r, h);
            int st = atomic_load(&s->state), expect = QUEUED;
            if (st == DONE || (st == MINE && p->ahead[h])) {
                rc = write_head(p, 0);
                waited_since = 0;
                continue;
            }
            if (st == QUEUED && atomic_compare_exchange_strong(&s->state, &expect, MINE)) {
                rc = write_head(p, 1);
                waited_since = 0;
                continue;
            }
        }
        if (p->count == 0)
            break;   /* the end of the input, all written */
        /* the head is a helper's: evaluate a later chunk meanwhile */
        if (work_ahead(p, f, &k))
            continue;
        /* nothing left to do here: wait for the helper while it makes progress
         * (a case at least every few case-times); one that is not running (on
         * a busy machine an idle-priority process may wait long for a
         * processor) is not waited for: the chunk is evaluated here */
        double t = now(), grace = 4 * p->chunk_time / CHUNK_CASES;
        grace = grace > STALL_MIN ? grace : STALL_MIN;
        int done_now = atomic_load(&slot_at(&p->r, p->fifo[p->head])->progress);
        if (waited_since == 0 || done_now != seen) {
            waited_since = t;
            seen = done_now;
        } else if (t - waited_since >= grace) {
            rc = write_head(p, 1);
            waited_since = 0;
            continue;
        }
        fflush(stdout);
        stdout_check();
        wait_helpers(p, grace - (t - waited_since),
                     p->count < cap && !p->eof && free_slot(p) >= 0);
    }
    if (p->broken)
        p->lost = p->count > 0 || !p->eof;
    fclose(f);
    return rc;
}

int pool_run(engine *e, int fd, size_t max, int jobs, pool_eval_fn eval, pool_overlong_fn overlong,
             progress *prog, char *why, size_t whylen)
{
    if (whylen)
        why[0] = '\0';
    pool *p = calloc(1, sizeof *p);
    if (!p) {
        snprintf(why, whylen, "out of memory");
        return -1;
    }
    *p = (pool){ .e = e, .eval = eval, .overlong = overlong, .prog = prog, .fd = fd,
                 .work_fd = -1 };
    lines_init(&p->l, fd, max);
    struct stat st;
    if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode)) {
        p->regular = 1;
        p->size = (long long)st.st_size;
    }
    jobs = jobs < 1 ? 1 : jobs > POOL_MAX_JOBS ? POOL_MAX_JOBS : jobs;
    const char *after = getenv("TRIAGE_POOL_AFTER");   /* tests: helpers from the first line */
    size_t budget = after && *after ? (size_t)strtoul(after, NULL, 10) : HELPERS_AFTER;

    struct sigaction ign = { .sa_handler = SIG_IGN }, old;
    sigemptyset(&ign.sa_mask);
    sigaction(SIGPIPE, &ign, &old);   /* a helper gone must not end this process */

    int more = alone(p, budget), rc = more < 0 ? -1 : 0;
    if (more > 0 && jobs > 1) {
        if (start_helpers(p, jobs - 1, max) != 0)
            p->nhelpers = 0;   /* none could start: go on alone, as one process */
    }
    if (more > 0 && rc == 0) {
        if (p->nhelpers > 0) {
            rc = run_ring(p);
        } else {
            /* alone to the end */
            char *line;
            size_t len;
            int got;
            while (rc == 0 && (got = lines_next(&p->l, &line, &len)) != 0) {
                if (got == -2) {
                    fail(p, "cannot read the cases: %s", strerror(errno));
                    p->input_failed = 1;
                    break;
                }
                if (got == 1 && lines_blank(line, len))
                    continue;
                rc = direct(p, got, line, len);
                progress_update(p->prog, p->cases, 0, read_share(p));
                if (!lines_ready(&p->l))
                    fflush(stdout);
                stdout_check();
            }
        }
    }
    fflush(stdout);
    stdout_check();

    if (p->work_fd >= 0)
        close(p->work_fd);   /* the helpers read the end and leave */
    for (int k = 0; k < p->nhelpers; k++) {
        int status;
        close(p->h[k].done_fd);
        while (waitpid(p->h[k].pid, &status, 0) < 0 && errno == EINTR)
            ;
        if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
            p->broken = 1;
    }
    sigaction(SIGPIPE, &old, NULL);
    if (p->broken && rc == 0) {
        fail(p, "a worker stopped unexpectedly%s",
                     p->lost ? "; the results after it are missing" : "");
        rc = -1;
    }
    if (p->r.base)
        munmap(p->r.base, p->r.size);
    free(p->spec);
    free(p->ahead);
    lines_free(&p->l);
    if (getenv("TRIAGE_POOL_STATS"))   /* where the chunks were evaluated */
        fprintf(stderr, "pool: %d helpers; chunks: %lld by a helper, %lld here ahead, %lld here "
                "at their turn, %lld taken over from a helper\n", p->nhelpers, p->by_helper,
                p->ahead_here, p->at_head, p->taken_over);
    int failed = p->failed;
    if (p->input_failed)
        rc = -1;
    snprintf(why, whylen, "%s", p->err);
    free(p);
    return rc != 0 ? -1 : failed;
}
