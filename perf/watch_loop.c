/* Syscall drivers for perf/watch.sh (not a test): a tight loop of one kind of system call,
 * timed with CLOCK_MONOTONIC and printed as nanoseconds per iteration.
 *   watch_loop getppid N      a syscall no rule needs
 *   watch_loop openclose N    open(2)+close(2) of one file (every open is an event)
 *   watch_loop forkexec N     fork, exec /bin/true, wait (process lifecycle events)
 *   watch_loop opennamed N P [W]  open+close of path P, after file W exists (the drop-
 *                             counter run counts these; it waits with stat, not open) */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e9 + ts.tv_nsec;
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: %s getppid|openclose|forkexec|opennamed N [PATH]\n", argv[0]);
        return 2;
    }
    const char *mode = argv[1];
    long n = atol(argv[2]);
    const char *path = argc > 3 ? argv[3] : "/etc/hostname";
    struct stat st;
    if (argc > 4)
        while (stat(argv[4], &st) != 0)
            usleep(20000);
    double t0 = now_ns();
    if (strcmp(mode, "getppid") == 0) {
        for (long i = 0; i < n; i++)
            syscall(SYS_getppid); /* not the libc wrapper: no caching, one real syscall */
    } else if (strcmp(mode, "openclose") == 0 || strcmp(mode, "opennamed") == 0) {
        for (long i = 0; i < n; i++) {
            int fd = open(path, O_RDONLY | O_CLOEXEC);
            if (fd < 0) {
                perror(path);
                return 1;
            }
            close(fd);
        }
    } else if (strcmp(mode, "forkexec") == 0) {
        for (long i = 0; i < n; i++) {
            pid_t pid = fork();
            if (pid == 0) {
                execl("/bin/true", "true", (char *)NULL);
                _exit(127);
            }
            int st;
            if (pid < 0 || waitpid(pid, &st, 0) < 0 || !WIFEXITED(st) || WEXITSTATUS(st)) {
                fprintf(stderr, "fork/exec failed\n");
                return 1;
            }
        }
    } else {
        fprintf(stderr, "unknown mode %s\n", mode);
        return 2;
    }
    printf("%.1f\n", (now_ns() - t0) / (double)n);
    return 0;
}
