/* bench_start.c: commands side by side, measured in turns so that the noise
 * of a shared machine falls on all of them alike. Each round runs every
 * command once, in order; each command's standard input is INPUT and its
 * standard output OUTPUT (a file, truncated each time; /dev/null), or, with
 * --first, both are pipes, held open until the command writes a line ending
 * in '?' (a shell's first question). Prints, one line a command: the median
 * wall time (to exit, or to the first question) and the median processor
 * time (user + system, of the process and the children it waited for), in
 * seconds; then the median over the rounds of its ratio to the first
 * command's, wall and processor time (1 for the first).
 * usage: bench_start ROUNDS INPUT OUTPUT [--first] COMMAND [ARGS...] [-- [--first] COMMAND ...] */
#define _DEFAULT_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAX_COMMANDS 8

typedef struct command {
    char **argv;
    int first;          /* time to the first question, not to exit */
    double *wall, *cpu;
    double *rwall, *rcpu;   /* per round, the ratio to the first command */
} command;

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

/* Runs c once; returns 0, or -1 when it failed. */
static int run(command *c, const char *input, const char *output, int round)
{
    int in[2] = { -1, -1 }, out[2] = { -1, -1 };
    if (c->first && (pipe(in) != 0 || pipe(out) != 0))
        return -1;
    double a = now(), b = 0;
    pid_t pid = fork();
    if (pid == 0) {
        int fd0 = c->first ? in[0] : open(input, O_RDONLY);
        int fd1 = c->first ? out[1] : open(output, O_WRONLY | O_CREAT | O_TRUNC, 0600);
        if (fd0 < 0 || fd1 < 0)
            _exit(127);
        dup2(fd0, 0);
        dup2(fd1, 1);
        if (c->first) {
            close(in[1]);
            close(out[0]);
        }
        execv(c->argv[0], c->argv);
        _exit(127);
    }
    if (c->first) {
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
        b = now();
        close(in[1]);   /* end of input: it says so and leaves */
        while (read(out[0], buf, sizeof buf) > 0)
            ;
        close(out[0]);
        if (!found) {
            fprintf(stderr, "bench_start: %s asked no question\n", c->argv[0]);
            return -1;
        }
    }
    int status;
    struct rusage ru;
    /* a shell left at its first question may say it is unfinished (4) */
    if (wait4(pid, &status, 0, &ru) < 0 || !WIFEXITED(status) ||
        WEXITSTATUS(status) > (c->first ? 4 : 1)) {
        fprintf(stderr, "bench_start: %s failed\n", c->argv[0]);
        return -1;
    }
    if (!c->first)
        b = now();
    c->wall[round] = b - a;
    c->cpu[round] = (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec * 1e-6 +
                    (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec * 1e-6;
    return 0;
}

int main(int argc, char **argv)
{
    if (argc < 5) {
        fprintf(stderr, "usage: bench_start ROUNDS INPUT OUTPUT [--first] COMMAND [ARGS...] "
                        "[-- [--first] COMMAND ...]\n");
        return 2;
    }
    int rounds = atoi(argv[1]);
    if (rounds < 1)
        rounds = 1;
    const char *input = argv[2], *output = argv[3];
    command cmds[MAX_COMMANDS];
    int n = 0;
    for (int i = 4; i < argc && n < MAX_COMMANDS;) {
        command *c = &cmds[n++];
        c->first = 0;
        if (strcmp(argv[i], "--first") == 0) {
            c->first = 1;
            i++;
        }
        c->argv = argv + i;
        while (i < argc && strcmp(argv[i], "--") != 0)
            i++;
        if (i < argc)
            argv[i++] = NULL;   /* ends this command's arguments */
        c->wall = calloc((size_t)rounds, sizeof *c->wall);
        c->cpu = calloc((size_t)rounds, sizeof *c->cpu);
        c->rwall = calloc((size_t)rounds, sizeof *c->rwall);
        c->rcpu = calloc((size_t)rounds, sizeof *c->rcpu);
        if (!c->wall || !c->cpu || !c->rwall || !c->rcpu)
            return 1;
    }
    for (int r = 0; r < rounds; r++)
        for (int k = 0; k < n; k++) {
            if (run(&cmds[k], input, output, r) != 0)
                return 1;
            cmds[k].rwall[r] = cmds[k].wall[r] / cmds[0].wall[r];
            cmds[k].rcpu[r] = cmds[0].cpu[r] > 0 ? cmds[k].cpu[r] / cmds[0].cpu[r] : 1;
        }
    for (int k = 0; k < n; k++) {
        command *c = &cmds[k];
        qsort(c->wall, (size_t)rounds, sizeof *c->wall, cmp);
        qsort(c->cpu, (size_t)rounds, sizeof *c->cpu, cmp);
        qsort(c->rwall, (size_t)rounds, sizeof *c->rwall, cmp);
        qsort(c->rcpu, (size_t)rounds, sizeof *c->rcpu, cmp);
        /* the median; of an even number of rounds, the mean of the middle two */
        int m = rounds / 2, e = rounds % 2 == 0;
#define MEDIAN(v) (e ? ((v)[m - 1] + (v)[m]) / 2 : (v)[m])
        printf("%.6f %.6f %.4f %.4f\n", MEDIAN(c->wall), MEDIAN(c->cpu), MEDIAN(c->rwall),
               MEDIAN(c->rcpu));
        free(c->wall);
        free(c->cpu);
        free(c->rwall);
        free(c->rcpu);
    }
    return 0;
}
