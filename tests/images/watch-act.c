/* Actions for tests/e2e/watch_detect.sh, one per argument: each does exactly the syscalls
 * one drydock watch rule is about, and nothing else worth an alert. Built static into the
 * drydock-test/watch image (tests/images/60-watch.sh). Not part of drydock. */
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

static int fail(const char *what)
{
    fprintf(stderr, "watch-act: %s: %s\n", what, strerror(errno));
    return 1;
}

static int ptrace_attach(void)
{
    pid_t c = fork();
    if (c == 0) {
        sleep(5);
        _exit(0);
    }
    if (ptrace(PTRACE_ATTACH, c, NULL, NULL) != 0)
        return fail("ptrace attach");
    waitpid(c, NULL, 0);
    ptrace(PTRACE_DETACH, c, NULL, NULL);
    kill(c, SIGKILL);
    waitpid(c, NULL, 0);
    return 0;
}

static int memfd_exec(void)
{
    int m = (int)syscall(SYS_memfd_create, "payload", 0);
    int src = open("/bin/busybox", O_RDONLY);
    if (m < 0 || src < 0)
        return fail("memfd");
    char buf[65536];
    ssize_t n;
    while ((n = read(src, buf, sizeof buf)) > 0)
        if (write(m, buf, (size_t)n) != n)
            return fail("write");
    char path[64];
    snprintf(path, sizeof path, "/proc/self/fd/%d", m);
    char *argv[] = {"true", NULL};
    execv(path, argv);
    return fail("exec");
}

static int redirect_net(void)
{
    int l = socket(AF_INET, SOCK_STREAM, 0), c = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons(4444)};
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    int one = 1;
    setsockopt(l, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (bind(l, (void *)&a, sizeof a) || listen(l, 1) || connect(c, (void *)&a, sizeof a))
        return fail("loopback connection");
    if (dup2(c, 1) != 1) /* stdout is now the connection: a reverse shell's first step */
        return fail("dup2");
    return 0;
}

static int docker_sock(void)
{
    mkdir("/var", 0755);
    mkdir("/var/run", 0755);
    unlink("/var/run/docker.sock");
    int l = socket(AF_UNIX, SOCK_STREAM, 0), c = socket(AF_UNIX, SOCK_STREAM, 0);
    struct sockaddr_un a = {.sun_family = AF_UNIX, .sun_path = "/var/run/docker.sock"};
    if (bind(l, (void *)&a, sizeof a) || listen(l, 1) || connect(c, (void *)&a, sizeof a))
        return fail("docker.sock");
    return 0;
}

static int as_server(void)
{
    prctl(PR_SET_NAME, "nginx"); /* comm: what rules call proc.name */
    return 0;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: watch-act ACTION\n");
        return 2;
    }
    const char *a = argv[1];
    if (!strcmp(a, "ptrace-attach"))
        return ptrace_attach();
    if (!strcmp(a, "traceme"))
        return ptrace(PTRACE_TRACEME, 0, NULL, NULL) == 0 ? 0 : fail("traceme");
    if (!strcmp(a, "memfd-exec"))
        return memfd_exec();
    if (!strcmp(a, "packet-socket"))
        return socket(AF_PACKET, SOCK_RAW, 0) >= 0 ? 0 : fail("packet socket");
    if (!strcmp(a, "redirect-net"))
        return redirect_net();
    if (!strcmp(a, "docker-sock"))
        return docker_sock();
    if (!strcmp(a, "setuid-root"))
        return syscall(SYS_setuid, 0) != 0 ? 0 : 1; /* refused for a non-root user */
    if (!strcmp(a, "init-module")) {
        /* the kernel may have no module support: the attempt is what counts */
        syscall(SYS_init_module, NULL, 0UL, "");
        return 0;
    }
    if (!strcmp(a, "server-shell")) {
        as_server();
        pid_t c = fork();
        if (c == 0) {
            execl("/bin/sh", "sh", "-c", "true", (char *)NULL);
            _exit(127);
        }
        return waitpid(c, NULL, 0) == c ? 0 : fail("wait");
    }
    if (!strcmp(a, "server-read-shadow")) {
        /* a server reading credentials long after it started */
        as_server();
        sleep(6);
        int fd = open("/etc/shadow", O_RDONLY);
        return fd >= 0 ? 0 : fail("open /etc/shadow");
    }
    fprintf(stderr, "watch-act: unknown action %s\n", a);
    return 2;
}
