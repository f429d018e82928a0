/* Syscall-heavy loops for perf/profile.sh: N calls of the cheapest syscall
 * there is (getppid), or N one-byte reads of /dev/zero (a call that does some
 * work), then the nanoseconds they took, measured inside the container so
 * docker's own start-up is not counted; printed, or written to the file named
 * last (the container may be gone before its log is read). loop N
 * [getppid|read] [FILE] */
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
    int reads = argc > 2 && strcmp(argv[2], "read") == 0;
    int fd = open("/dev/zero", O_RDONLY);
    char c;
    struct timespec a, b;
    clock_gettime(CLOCK_MONOTONIC, &a);
    for (long i = 0; i < n; i++)
        if (reads)
            (void)!read(fd, &c, 1);
        else
            syscall(SYS_getppid);
    clock_gettime(CLOCK_MONOTONIC, &b);
    FILE *out = argc > 3 ? fopen(argv[3], "w") : stdout;
    if (!out)
        return 1;
    fprintf(out, "%lld\n",
            (long long)(b.tv_sec - a.tv_sec) * 1000000000LL + (b.tv_nsec - a.tv_nsec));
    return fclose(out) != 0;
}
