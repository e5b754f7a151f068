/* bench_run.c: runs a command with stdin from a file and stdout to /dev/null,
 * REPEAT times, and prints the median wall time and the peak resident memory.
 * usage: bench_run REPEAT INPUT COMMAND [ARGS...] */
#define _DEFAULT_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static int cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
    if (argc < 4) {
        fprintf(stderr, "usage: bench_run REPEAT INPUT COMMAND [ARGS...]\n");
        return 2;
    }
    int n = atoi(argv[1]);
    double *t = calloc(n > 0 ? (size_t)n : 1, sizeof *t);
    long maxrss = 0;
    for (int i = 0; i < n; i++) {
        struct timespec a, b;
        clock_gettime(CLOCK_MONOTONIC, &a);
        pid_t pid = fork();
        if (pid == 0) {
            int in = open(argv[2], O_RDONLY), out = open("/dev/null", O_WRONLY);
            if (in < 0 || out < 0)
                _exit(127);
            dup2(in, 0);
            dup2(out, 1);
            execv(argv[3], argv + 3);
            _exit(127);
        }
        int status;
        struct rusage ru;
        if (wait4(pid, &status, 0, &ru) < 0 || !WIFEXITED(status) || WEXITSTATUS(status) > 1) {
            fprintf(stderr, "bench_run: %s failed\n", argv[3]);
            return 1;
        }
        clock_gettime(CLOCK_MONOTONIC, &b);
        t[i] = (double)(b.tv_sec - a.tv_sec) + (double)(b.tv_nsec - a.tv_nsec) * 1e-9;
        if (ru.ru_maxrss > maxrss)
            maxrss = ru.ru_maxrss;
    }
    qsort(t, (size_t)n, sizeof *t, cmp);
    printf("%.6f %ld\n", t[n / 2], maxrss);
    free(t);
    return 0;
}
