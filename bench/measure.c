/* measure.c — runs a command N times and prints what bench/run.sh tabulates:
 *
 *     measure N COMMAND [ARG...]
 *
 * prints one line: wall-clock milliseconds (median, 25th and 75th
 * percentile), CPU milliseconds of the command and its children (user +
 * system, same three), and the largest peak resident set of any run in KB.
 * The command's output goes to /dev/null; a run that does not exit with 0
 * or 1 (1: some case invalid, which a batch may mean to test) stops the
 * measurement with status 2. fork+exec, not a shell, so the figures hold
 * the command and nothing else.
 */
#define _DEFAULT_SOURCE   /* wait4 */
#define _POSIX_C_SOURCE 200809L

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* The p-th percentile (0..1) of n sorted values, interpolated. */
static double percentile(const double *v, int n, double p)
{
    double pos = p * (n - 1);
    int i = (int)pos;
    double frac = pos - i;
    return i + 1 < n ? v[i] + frac * (v[i + 1] - v[i]) : v[i];
}

static double ms(struct timeval t)
{
    return (double)t.tv_sec * 1e3 + (double)t.tv_usec / 1e3;
}

int main(int argc, char **argv)
{
    int n = argc > 2 ? atoi(argv[1]) : 0;
    if (n < 1) {
        fprintf(stderr, "usage: measure N COMMAND [ARG...]\n");
        return 2;
    }
    double *wall = malloc(sizeof(double) * (size_t)n), *cpu = malloc(sizeof(double) * (size_t)n);
    long maxrss = 0;
    if (!wall || !cpu)
        return 2;
    for (int i = 0; i < n; i++) {
        struct timespec t0, t1;
        clock_gettime(CLOCK_MONOTONIC, &t0);
        pid_t pid = fork();
        if (pid < 0)
            return 2;
        if (pid == 0) {
            int null = open("/dev/null", O_WRONLY);
            dup2(null, 1);
            dup2(null, 2);
            execvp(argv[2], argv + 2);
            _exit(127);
        }
        int status;
        struct rusage ru;
        if (wait4(pid, &status, 0, &ru) != pid)
            return 2;
        clock_gettime(CLOCK_MONOTONIC, &t1);
        if (!WIFEXITED(status) || WEXITSTATUS(status) > 1) {
            fprintf(stderr, "measure: %s failed (status %d)\n", argv[2], status);
            return 2;
        }
        /* wait4's usage covers the command and the children it waited for
         * (a batch's workers): their CPU time adds up, their peak is kept */
        wall[i] = (double)(t1.tv_sec - t0.tv_sec) * 1e3 + (double)(t1.tv_nsec - t0.tv_nsec) / 1e6;
        cpu[i] = ms(ru.ru_utime) + ms(ru.ru_stime);
        if (ru.ru_maxrss > maxrss)
            maxrss = ru.ru_maxrss;
    }
    qsort(wall, (size_t)n, sizeof(double), cmp_double);
    qsort(cpu, (size_t)n, sizeof(double), cmp_double);
    printf("%.3f %.3f %.3f %.3f %.3f %.3f %ld\n", percentile(wall, n, 0.5),
           percentile(wall, n, 0.25), percentile(wall, n, 0.75), percentile(cpu, n, 0.5),
           percentile(cpu, n, 0.25), percentile(cpu, n, 0.75), maxrss);
    free(wall);
    free(cpu);
    return 0;
}
