/* Syscall-heavy loops for perf/profile.sh: N calls of the cheapest syscall
 * there is (getppid), N one-byte reads of /dev/zero (a call that does some
 * work), or N open+read+close of a file (a typical file-serving pattern), then
 * the nanoseconds they took, wall clock and the process's CPU time (what a
 * tracer adds to each syscall is CPU time in the caller; the wall clock also
 * counts every other process on a shared machine), measured inside the
 * container so docker's own start-up is not counted; printed, or written to the
 * file named last (the container may be gone before its log is read).
 *   loop N [getppid|read|openread] [FILE]     prints "WALL_NS CPU_NS" */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    long n = argc > 1 ? atol(argv[1]) : 1000000;
    const char *kind = argc > 2 ? argv[2] : "getppid";
    int fd = open("/dev/zero", O_RDONLY);
    char c;
    struct timespec a, b, ca, cb;
    clock_gettime(CLOCK_MONOTONIC, &a);
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ca);
    if (strcmp(kind, "read") == 0) {
        for (long i = 0; i < n; i++)
            (void)!read(fd, &c, 1);
    } else if (strcmp(kind, "openread") == 0) {
        for (long i = 0; i < n; i++) {
            int f = open("/www/index.html", O_RDONLY | O_CLOEXEC);
            if (f < 0)
                return 1;
            (void)!read(f, &c, 1);
            close(f);
        }
    } else {
        for (long i = 0; i < n; i++)
            syscall(SYS_getppid); /* not the libc wrapper: one real syscall each */
    }
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &cb);
    clock_gettime(CLOCK_MONOTONIC, &b);
    FILE *out = argc > 3 ? fopen(argv[3], "w") : stdout;
    if (!out)
        return 1;
    fprintf(out, "%lld %lld\n",
            (long long)(b.tv_sec - a.tv_sec) * 1000000000LL + (b.tv_nsec - a.tv_nsec),
            (long long)(cb.tv_sec - ca.tv_sec) * 1000000000LL + (cb.tv_nsec - ca.tv_nsec));
    return fclose(out) != 0;
}
