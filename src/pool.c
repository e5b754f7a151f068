/* pool.c: batch evaluation in worker processes, results in input order.
 *
 * The parent forks the workers, then reads the input and sends the cases to
 * them in turn, as "c LINENO TEXT\n" (or "o LINENO\n" for a line over the
 * limit). The workers write the results to stdout themselves, in input order,
 * by passing a token around a ring of pipes: worker k may write the result of
 * a case once the worker before it has written the previous one, and then
 * hands the token on. Nothing goes through the parent but the input.
 *
 * Why it cannot deadlock: cases are sent in input order, so the worker with
 * the token has already been sent the case it writes next; a worker waits only
 * for its input, the token, or stdout. If a worker dies, the pipe of the token
 * it held closes, the next worker sees that and stops, and so on around the
 * ring; the parent sees their exit status. */
#include "pool.h"
#include "lines.h"
#include "cli.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define POOL_MAX_JOBS 8
#define WORKER_BROKEN 3   /* a worker's exit status when it cannot go on */

int pool_default_jobs(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n < 1 ? 1 : n > POOL_MAX_JOBS ? POOL_MAX_JOBS : (int)n;
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

static int read_token(int fd)
{
    char c;
    for (;;) {
        ssize_t k = read(fd, &c, 1);
        if (k < 0 && errno == EINTR)
            continue;
        return k == 1 ? 0 : -1;
    }
}

/* ---- the worker ------------------------------------------------------------- */

/* Writes the worker's results in turn; returns its exit status. */
static int worker_loop(engine *e, lines *l, FILE *one, char **text, int tok_in, int tok_out,
                       pool_eval_fn eval, pool_overlong_fn overlong)
{
    int failed = 0, got;
    char *line;
    size_t len;
    while ((got = lines_next(l, &line, &len)) == 1) {
        char *end;
        if (len < 3 || (line[0] != 'c' && line[0] != 'o'))
            return WORKER_BROKEN;
        long lineno = strtol(line + 2, &end, 10);
        rewind(one);
        int st = line[0] == 'c' ? eval(e, end + 1, len - (size_t)(end + 1 - line), lineno, one)
                                : overlong(lineno, one);
        long n = ftell(one);
        if (st < 0 || n < 0 || fflush(one) != 0 || read_token(tok_in) != 0)
            return WORKER_BROKEN;
        if (write_all(STDOUT_FILENO, *text, (size_t)n) != 0) {
            if (errno == EPIPE) {
                signal(SIGPIPE, SIG_DFL);
                raise(SIGPIPE);
            }
            return WORKER_BROKEN;
        }
        write_all(tok_out, "t", 1);   /* fails only when the next worker has gone */
        failed |= st;
    }
    return got == 0 ? failed : WORKER_BROKEN;
}

static void worker_main(engine *e, int in, int tok_in, int tok_out, pool_eval_fn eval,
                        pool_overlong_fn overlong)
{
    lines l;
    lines_init(&l, in, (size_t)-1 / 2);
    char *text = NULL;
    size_t cap = 0;
    FILE *one = open_memstream(&text, &cap);
    int rc = one ? worker_loop(e, &l, one, &text, tok_in, tok_out, eval, overlong) : WORKER_BROKEN;
    if (one)
        fclose(one);
    free(text);
    lines_free(&l);
    _exit(rc);
}

/* ---- the parent ------------------------------------------------------------- */

/* Sends every case of the input to the workers in turn. Returns 0, or -1 when
 * the input could not be read (errno set, after printing why) or a worker
 * could not be sent its case. */
static int dispatch(lines *l, const int *to, int jobs)
{
    char *msg = NULL, *line;
    size_t cap = 0, len;
    int next = 0, rc = 0, got;
    while (rc == 0 && (got = lines_next(l, &line, &len)) != 0) {
        if (got == -2) {
            triage_error("cannot read the cases: %s", strerror(errno));
            rc = -1;
            break;
        }
        if (got == 1 && lines_blank(line, len))
            continue;
        size_t need = (got == 1 ? len : 0) + 32;
        if (need > cap) {
            char *p = realloc(msg, need);
            if (!p) {
                triage_error("out of memory");
                rc = -1;
                break;
            }
            msg = p;
            cap = need;
        }
        int hn = snprintf(msg, cap, "%c %ld ", got == 1 ? 'c' : 'o', l->lineno);
        size_t n = (size_t)hn;
        if (got == 1) {
            memcpy(msg + n, line, len);
            n += len;
        }
        msg[n++] = '\n';
        if (write_all(to[next], msg, n) != 0) {
            rc = -1;   /* the worker is gone: its exit status tells why */
            break;
        }
        next = (next + 1) % jobs;
    }
    free(msg);
    return rc;
}

int pool_run(engine *e, int fd, size_t max, int jobs, pool_eval_fn eval, pool_overlong_fn overlong)
{
    /* no input, no workers: wait for the first bytes before forking */
    lines l;
    lines_init(&l, fd, max);
    int first = lines_peek(&l);
    if (first <= 0) {
        lines_free(&l);
        if (first < 0)
            triage_error("cannot read the cases: %s", strerror(errno));
        return first;
    }

    int to[POOL_MAX_JOBS], tok[POOL_MAX_JOBS][2];
    pid_t pid[POOL_MAX_JOBS];
    jobs = jobs < 1 ? 1 : jobs > POOL_MAX_JOBS ? POOL_MAX_JOBS : jobs;
    for (int k = 0; k < jobs; k++) {
        tok[k][0] = tok[k][1] = -1;
        to[k] = -1;
        pid[k] = -1;
    }
    int rc = 0;
    for (int k = 0; k < jobs && rc == 0; k++)
        if (pipe(tok[k]) != 0)
            rc = -1;
    fflush(stdout);

    /* a dead worker must show as its exit status, not kill the parent; a
     * worker tells a closed stdout from a closed token pipe itself */
    struct sigaction ign = { .sa_handler = SIG_IGN }, old;
    sigemptyset(&ign.sa_mask);
    sigaction(SIGPIPE, &ign, &old);

    for (int k = 0; k < jobs && rc == 0; k++) {
        int in[2];
        if (pipe(in) != 0) {
            rc = -1;
            break;
        }
        pid[k] = fork();
        if (pid[k] == 0) {
            close(in[1]);
            close(fd);
            for (int j = 0; j < k; j++)
                close(to[j]);
            int tin = tok[k][0], tout = tok[(k + 1) % jobs][1];
            for (int j = 0; j < jobs; j++) {
                if (tok[j][0] != tin)
                    close(tok[j][0]);
                if (tok[j][1] != tout)
                    close(tok[j][1]);
            }
            worker_main(e, in[0], tin, tout, eval, overlong);
        }
        close(in[0]);
        if (pid[k] < 0) {
            close(in[1]);
            rc = -1;
            break;
        }
        to[k] = in[1];
    }
    if (rc != 0)
        triage_error("cannot start the workers: %s", strerror(errno));
    if (rc == 0 && write_all(tok[0][1], "t", 1) != 0)
        rc = -1;
    for (int k = 0; k < jobs; k++) {
        if (tok[k][0] >= 0)
            close(tok[k][0]);
        if (tok[k][1] >= 0)
            close(tok[k][1]);
    }
    int input_failed = 0;
    if (rc == 0 && dispatch(&l, to, jobs) != 0)
        input_failed = 1;
    lines_free(&l);
    for (int k = 0; k < jobs; k++)
        if (to[k] >= 0)
            close(to[k]);

    int failed = 0, broken = 0, piped = 0;
    for (int k = 0; k < jobs; k++) {
        int status;
        if (pid[k] <= 0)
            continue;
        while (waitpid(pid[k], &status, 0) < 0 && errno == EINTR)
            ;
        if (WIFEXITED(status) && WEXITSTATUS(status) <= 1)
            failed |= WEXITSTATUS(status);
        else if (WIFSIGNALED(status) && WTERMSIG(status) == SIGPIPE)
            piped = 1;
        else
            broken = 1;
    }
    sigaction(SIGPIPE, &old, NULL);
    if (piped)
        raise(SIGPIPE);   /* the reader of stdout went away: stop as a one-process run would */
    if (broken && rc == 0)
        triage_error("a worker stopped unexpectedly; the results after it are missing");
    if (rc != 0 || broken || input_failed)
        return -1;
    return failed;
}
