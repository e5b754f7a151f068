/* bench_first.c: start-up to the first question: runs COMMAND with its
 * standard input a pipe held open and times, from fork, until a line ending
 * in '?' comes out; REPEAT times, printing the median in seconds.
 * usage: bench_first REPEAT COMMAND [ARGS...] */
#define _DEFAULT_SOURCE
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static int cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: bench_first REPEAT COMMAND [ARGS...]\n");
        return 2;
    }
    int n = atoi(argv[1]);
    double *t = calloc(n > 0 ? (size_t)n : 1, sizeof *t);
    for (int i = 0; i < n; i++) {
        int in[2], out[2];
        if (pipe(in) != 0 || pipe(out) != 0)
            return 1;
        double a = now();
        pid_t pid = fork();
        if (pid == 0) {
            dup2(in[0], 0);
            dup2(out[1], 1);
            close(in[1]);
            close(out[0]);
            execv(argv[2], argv + 2);
            _exit(127);
        }
        close(in[0]);
        close(out[1]);
        char buf[8192];
        size_t len = 0;
        int found = 0;
        while (!found && len < sizeof buf - 1) {
            ssize_t k = read(out[0], buf + len, sizeof buf - 1 - len);
            if (k <= 0)
                break;
            len += (size_t)k;
            buf[len] = '\0';
            found = strstr(buf, "?\n") != NULL;
        }
        t[i] = now() - a;
        close(in[1]);   /* end of input: it says so and leaves */
        while (read(out[0], buf, sizeof buf) > 0)
            ;
        close(out[0]);
        waitpid(pid, NULL, 0);
        if (!found) {
            fprintf(stderr, "bench_first: no question came out\n");
            return 1;
        }
    }
    qsort(t, (size_t)n, sizeof *t, cmp);
    printf("%.6f\n", t[n / 2]);
    free(t);
    return 0;
}
