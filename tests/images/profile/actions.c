/* Actions a profiled workload never did, for `drydock profile verify` to
 * refuse: each argument names one, which is attempted and reported as "NAME:
 * denied (ERRNO)" or "NAME: allowed". The exit code is the number that were
 * allowed. Built static so it runs in the busybox test image. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/ptrace.h>
#include <sys/socket.h>
#include <unistd.h>

static int attempt(const char *what)
{
    long r = -1;
    errno = ENOSYS;
    if (strcmp(what, "mount") == 0)
        r = mount("none", "/mnt", "tmpfs", 0, NULL);
    else if (strcmp(what, "unshare") == 0)
        r = unshare(CLONE_NEWNS);
    else if (strcmp(what, "ptrace") == 0)
        r = ptrace(PTRACE_TRACEME, 0, NULL, NULL);
    else if (strcmp(what, "rawsock") == 0)
        r = socket(AF_INET, SOCK_RAW, IPPROTO_ICMP);
    else if (strcmp(what, "write") == 0)
        r = open("/etc/drydock-verify", O_CREAT | O_WRONLY, 0644);
    if (r < 0) {
        printf("%s: denied (%s)\n", what, strerrorname_np(errno));
        return 0;
    }
    printf("%s: allowed\n", what);
    return 1;
}

int main(int argc, char **argv)
{
    int allowed = 0;
    for (int i = 1; i < argc; i++)
        allowed += attempt(argv[i]);
    return allowed;
}
