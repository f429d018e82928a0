/* The AppArmor profile of a recording: read anywhere, write only where the workload
 * wrote (its tmpfs list), run only the programs it ran, only the address families and
 * capabilities it used, never mount or ptrace. Checked with `apparmor_parser -Q -K`,
 * which parses and compiles a profile without loading it: this works where the kernel has
 * no AppArmor (as on the machines drydock is tested on), but there it cannot be enforced.
 *
 * Paths come from the recording (untrusted when read from a file): only those made of
 * plain path characters are written into the profile, so no path can add a rule. */
#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/buf.h"
#include "core/cleanup.h"
#include "core/mem.h"
#include "inside/caps.h"
#include "profile/profile.h"
#include "report/rule.h"

extern char **environ;

/* AppArmor's network family keywords, indexed by AF_* number (linux/socket.h). */
static const char *const families[] = {
    [1] = "unix",     [2] = "inet",     [3] = "ax25",      [4] = "ipx",      [5] = "appletalk",
    [6] = "netrom",   [7] = "bridge",   [8] = "atmpvc",    [9] = "x25",      [10] = "inet6",
    [11] = "rose",    [13] = "netbeui", [14] = "security", [15] = "key",     [16] = "netlink",
    [17] = "packet",  [18] = "ash",     [19] = "econet",   [20] = "atmsvc",  [21] = "rds",
    [22] = "sna",     [23] = "irda",    [24] = "pppox",    [25] = "wanpipe", [26] = "llc",
    [27] = "ib",      [28] = "mpls",    [29] = "can",      [30] = "tipc",    [31] = "bluetooth",
    [32] = "iucv",    [33] = "rxrpc",   [34] = "isdn",     [35] = "phonet",  [36] = "ieee802154",
    [37] = "caif",    [38] = "alg",     [39] = "nfc",      [40] = "vsock",   [41] = "kcm",
    [42] = "qipcrtr", [43] = "smc",     [44] = "xdp",      [45] = "mctp",
};

static bool plain_path(const char *p)
{
    return p[0] == '/' && strlen(p) < 1024 &&
           strspn(p, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/._-+@") ==
               strlen(p) &&
           !strstr(p, "/../");
}

char *dd_apparmor_profile(const dd_recording *r, const dd_profile *p)
{
    dd_buf b = DD_BUF_INIT;
    dd_buf_printf(&b,
                  "# AppArmor profile written by `drydock profile` from a recording%s%s.\n"
                  "# Load it with: apparmor_parser -r FILE\n"
                  "# Use it with:  docker run --security-opt apparmor=%s ...\n"
                  "profile %s flags=(attach_disconnected,mediate_deleted) {\n",
                  r->image ? " of " : "", r->image && plain_path(r->image) ? r->image : "", p->name,
                  p->name);
    dd_buf_puts(&b, "  # address families it used\n");
    for (unsigned f = 0; f < DD_ARRAY_LEN(families); f++)
        if ((r->socket_families & (1ULL << f)) && families[f])
            dd_buf_printf(&b, "  network %s,\n", families[f]);
    dd_buf_puts(&b, "  # capabilities it used\n");
    char name[DD_CAP_NAME_MAX];
    for (unsigned c = 0; c < 64; c++)
        if (p->cap_add & (1ULL << c)) {
            dd_cap_name(c, name);
            for (char *s = name; *s; s++)
                *s = (char)(*s >= 'A' && *s <= 'Z' ? *s - 'A' + 'a' : *s);
            dd_buf_printf(&b, "  capability %s,\n", name);
        }
    dd_buf_puts(&b, "  # read and map anything; write only below its tmpfs mounts\n"
                    "  /** rm,\n"
                    "  /dev/null rw,\n  /dev/zero rw,\n  /dev/full rw,\n  /dev/tty rw,\n"
                    "  /dev/pts/* rw,\n  /dev/shm/** rwk,\n  /proc/*/fd/* rw,\n");
    for (size_t i = 0; i < p->tmpfs.n; i++)
        if (plain_path(p->tmpfs.v[i]))
            dd_buf_printf(&b, "  %s/ rw,\n  %s/** rwkl,\n", p->tmpfs.v[i], p->tmpfs.v[i]);
    dd_buf_puts(&b, "  # the programs it ran\n");
    for (size_t i = 0; i < r->execs.n; i++)
        if (plain_path(r->execs.v[i]))
            dd_buf_printf(&b, "  %s ix,\n", r->execs.v[i]);
    dd_buf_printf(&b,
                  "  # what docker-default also refuses\n"
                  "  deny mount,\n  deny umount,\n  deny pivot_root,\n  deny ptrace (trace),\n"
                  "  deny /proc/sys/** w,\n  deny /proc/sysrq-trigger rwklx,\n"
                  "  deny /proc/kcore rwklx,\n  deny /sys/** w,\n"
                  "  signal (receive) peer=unconfined,\n  signal (send,receive) peer=%s,\n}\n",
                  p->name);
    return dd_buf_steal(&b);
}

int dd_apparmor_check(const char *text, char **out, dd_error *e)
{
    *out = NULL;
    char path[] = "/tmp/drydock-apparmor.XXXXXX";
    _cleanup_close_ int fd = mkstemp(path);
    if (fd < 0)
        return dd_error_sys(e, errno, "cannot write a temporary AppArmor profile");
    size_t len = strlen(text);
    bool wrote = write(fd, text, len) == (ssize_t)len;
    int pipefd[2] = {-1, -1};
    if (!wrote || pipe2(pipefd, O_CLOEXEC) < 0) {
        unlink(path);
        return dd_error_sys(e, errno, "cannot write a temporary AppArmor profile");
    }
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, pipefd[1], 1);
    posix_spawn_file_actions_adddup2(&fa, pipefd[1], 2);
    char *argv[] = {"apparmor_parser", "-Q", "-K", path, NULL};
    pid_t pid;
    int rc = posix_spawnp(&pid, "apparmor_parser", &fa, NULL, argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    close(pipefd[1]);
    if (rc != 0) {
        close(pipefd[0]);
        unlink(path);
        if (rc == ENOENT) {
            *out = dd_xstrdup("apparmor_parser is not installed (Debian: apparmor): the "
                              "profile was not checked");
            return 0;
        }
        return dd_error_sys(e, rc, "cannot run apparmor_parser");
    }
    dd_buf msg = DD_BUF_INIT;
    char buf[4096];
    ssize_t n;
    while ((n = read(pipefd[0], buf, sizeof buf)) > 0)
        if (msg.len < 65536)
            dd_buf_append(&msg, buf, (size_t)n);
    close(pipefd[0]);
    int st = 0;
    waitpid(pid, &st, 0);
    unlink(path);
    if (WIFEXITED(st) && WEXITSTATUS(st) == 0) {
        dd_buf_free(&msg);
        *out = dd_xstrdup("apparmor_parser -Q -K accepted the profile");
        return 1;
    }
    if (!msg.data)
        dd_buf_puts(&msg, "apparmor_parser failed");
    *out = dd_buf_steal(&msg);
    return dd_error_set(e, DD_ERR_RUN, 0, "apparmor_parser rejected the generated profile: %s",
                        *out);
}
