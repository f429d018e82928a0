/* The syscall table and Falco's renderings of flags, modes, requests and errnos. */
#include "watch/syscalls.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/capability.h>
#include <sched.h>
#include <signal.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/ptrace.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>

#include "report/rule.h"

/* Syscalls newer than the C library's headers; numbers above 424 are the same on every
 * architecture. */
#ifndef SYS_openat2
#define SYS_openat2 437
#endif
#ifndef SYS_fchmodat2
#define SYS_fchmodat2 452
#endif

#define A(i) ((i) + 1)
#define CWD  DD_SPEC_CWD
/* spec: string args (index+1), their dirfds, fd to describe, sockaddr arg, flags */
#define SPEC(s0, d0, s1, d1, fd_, sa_, fl)                                                         \
    {                                                                                              \
        .str = {s0, s1}, .dirfd = {d0, d1}, .fd = fd_, .sa = sa_, .flags = fl                      \
    }
#define RES                                                                                        \
    {                                                                                              \
        "res", DD_SRC_RET, DD_K_RES                                                                \
    }
#define RETFD                                                                                      \
    {                                                                                              \
        "fd", DD_SRC_RET, DD_K_FD                                                                  \
    }

static const dd_syscall table[] = {
    {"open",
     SYS_open,
     SPEC(A(0), CWD, 0, 0, DD_SPEC_RET, 0, 0),
     DD_SC_OPEN | DD_SC_FDRET | DD_SC_FSPATH,
     {RETFD, {"name", DD_SRC_STR0, DD_K_PATH}, {"flags", 1, DD_K_OFLAGS}, {"mode", 2, DD_K_MODE}}},
    {"openat",
     SYS_openat,
     SPEC(A(1), A(0), 0, 0, DD_SPEC_RET, 0, 0),
     DD_SC_OPEN | DD_SC_FDRET | DD_SC_FSPATH,
     {RETFD,
      {"dirfd", 0, DD_K_FD},
      {"name", DD_SRC_STR0, DD_K_PATH},
      {"flags", 2, DD_K_OFLAGS},
      {"mode", 3, DD_K_MODE}}},
    {"openat2",
     SYS_openat2,
     SPEC(A(1), A(0), 0, 0, DD_SPEC_RET, 0, 0),
     DD_SC_OPEN | DD_SC_FDRET | DD_SC_FSPATH,
     {RETFD, {"dirfd", 0, DD_K_FD}, {"name", DD_SRC_STR0, DD_K_PATH}}},
    {"creat",
     SYS_creat,
     SPEC(A(0), CWD, 0, 0, DD_SPEC_RET, 0, 0),
     DD_SC_OPEN | DD_SC_FDRET | DD_SC_CREAT | DD_SC_FSPATH,
     {RETFD, {"name", DD_SRC_STR0, DD_K_PATH}, {"mode", 1, DD_K_MODE}}},
    {"execve",
     SYS_execve,
     SPEC(A(0), CWD, 0, 0, 0, 0, DD_SPEC_F_ARGV),
     DD_SC_EXEC,
     {RES, {"filename", DD_SRC_STR0, DD_K_PATH}, {"args", DD_SRC_ARGV, DD_K_STR}}},
    {"execveat",
     SYS_execveat,
     SPEC(A(1), A(0), 0, 0, 0, 0, DD_SPEC_F_ARGV2 | DD_SPEC_F_EMPTY_FD),
     DD_SC_EXEC,
     {RES,
      {"dirfd", 0, DD_K_FD},
      {"pathname", DD_SRC_STR0, DD_K_PATH},
      {"args", DD_SRC_ARGV, DD_K_STR},
      {"flags", 4, DD_K_ATFLAGS}}},
    {"connect",
     SYS_connect,
     SPEC(0, 0, 0, 0, A(0), A(1), DD_SPEC_F_FDPATH),
     DD_SC_NET,
     {RES,
      {"tuple", DD_SRC_SA, DD_K_STR},
      {"fd", DD_SRC_FD, DD_K_FD},
      {"addr", DD_SRC_SA, DD_K_STR}}},
    {"accept",
     SYS_accept,
     SPEC(0, 0, 0, 0, DD_SPEC_RET, 0, DD_SPEC_F_FDPATH),
     DD_SC_NET | DD_SC_FDRET,
     {RETFD, {"tuple", DD_SRC_FD, DD_K_STR}}},
    {"accept4",
     SYS_accept4,
     SPEC(0, 0, 0, 0, DD_SPEC_RET, 0, DD_SPEC_F_FDPATH),
     DD_SC_NET | DD_SC_FDRET,
     {RETFD, {"tuple", DD_SRC_FD, DD_K_STR}, {"flags", 3, DD_K_HEX}}},
    {"bind",
     SYS_bind,
     SPEC(0, 0, 0, 0, A(0), A(1), DD_SPEC_F_FDPATH),
     DD_SC_NET,
     {RES, {"addr", DD_SRC_SA, DD_K_STR}, {"fd", DD_SRC_FD, DD_K_FD}}},
    {"listen",
     SYS_listen,
     SPEC(0, 0, 0, 0, A(0), 0, DD_SPEC_F_FDPATH),
     DD_SC_NET,
     {RES, {"fd", DD_SRC_FD, DD_K_FD}, {"backlog", 1, DD_K_INT}}},
    {"socket",
     SYS_socket,
     SPEC(0, 0, 0, 0, DD_SPEC_RET, 0, 0),
     DD_SC_NET | DD_SC_FDRET,
     {RETFD, {"domain", 0, DD_K_DOMAIN}, {"type", 1, DD_K_SOTYPE}, {"proto", 2, DD_K_INT}}},
    {"sendto",
     SYS_sendto,
     SPEC(0, 0, 0, 0, A(0), A(4), 0),
     DD_SC_NET,
     {RES, {"fd", DD_SRC_FD, DD_K_FD}, {"size", 2, DD_K_UINT}, {"tuple", DD_SRC_SA, DD_K_STR}}},
    {"ptrace",
     SYS_ptrace,
     SPEC(0, 0, 0, 0, 0, 0, 0),
     0,
     {RES,
      {"request", 0, DD_K_PTRACE},
      {"pid", 1, DD_K_INT},
      {"addr", 2, DD_K_HEX},
      {"data", 3, DD_K_HEX}}},
    {"setuid", SYS_setuid, SPEC(0, 0, 0, 0, 0, 0, 0), 0, {RES, {"uid", 0, DD_K_UINT}}},
    {"setgid", SYS_setgid, SPEC(0, 0, 0, 0, 0, 0, 0), 0, {RES, {"gid", 0, DD_K_UINT}}},
    {"setreuid",
     SYS_setreuid,
     SPEC(0, 0, 0, 0, 0, 0, 0),
     0,
     {RES, {"ruid", 0, DD_K_INT}, {"euid", 1, DD_K_INT}}},
    {"setregid",
     SYS_setregid,
     SPEC(0, 0, 0, 0, 0, 0, 0),
     0,
     {RES, {"rgid", 0, DD_K_INT}, {"egid", 1, DD_K_INT}}},
    {"setresuid",
     SYS_setresuid,
     SPEC(0, 0, 0, 0, 0, 0, 0),
     0,
     {RES, {"ruid", 0, DD_K_INT}, {"euid", 1, DD_K_INT}, {"suid", 2, DD_K_INT}}},
    {"setresgid",
     SYS_setresgid,
     SPEC(0, 0, 0, 0, 0, 0, 0),
     0,
     {RES, {"rgid", 0, DD_K_INT}, {"egid", 1, DD_K_INT}, {"sgid", 2, DD_K_INT}}},
    {"capset", SYS_capset, SPEC(0, 0, 0, 0, 0, 0, 0), 0, {RES}},
    {"mount",
     SYS_mount,
     SPEC(A(0), 0, A(1), CWD, 0, 0, 0),
     DD_SC_FSPATH,
     {RES,
      {"dev", DD_SRC_STR0, DD_K_STR},
      {"dir", DD_SRC_STR1, DD_K_PATH},
      {"flags", 3, DD_K_MOUNT}}},
    {"umount2",
     SYS_umount2,
     SPEC(A(0), CWD, 0, 0, 0, 0, 0),
     DD_SC_FSPATH,
     {RES, {"name", DD_SRC_STR0, DD_K_PATH}, {"flags", 1, DD_K_HEX}}},
    {"unshare", SYS_unshare, SPEC(0, 0, 0, 0, 0, 0, 0), 0, {RES, {"flags", 0, DD_K_CLONE}}},
    {"setns",
     SYS_setns,
     SPEC(0, 0, 0, 0, A(0), 0, DD_SPEC_F_FDPATH),
     0,
     {RES, {"fd", DD_SRC_FD, DD_K_FD}, {"nstype", 1, DD_K_CLONE}}},
    {"init_module",
     SYS_init_module,
     SPEC(A(2), 0, 0, 0, 0, 0, DD_SPEC_F_STR_NOPATH),
     0,
     {RES, {"uargs", DD_SRC_STR0, DD_K_STR}, {"len", 1, DD_K_UINT}}},
    {"finit_module",
     SYS_finit_module,
     SPEC(A(1), 0, 0, 0, A(0), 0, DD_SPEC_F_FDPATH),
     0,
     {RES, {"fd", DD_SRC_FD, DD_K_FD}, {"uargs", DD_SRC_STR0, DD_K_STR}, {"flags", 2, DD_K_HEX}}},
    {"memfd_create",
     SYS_memfd_create,
     SPEC(A(0), 0, 0, 0, 0, 0, DD_SPEC_F_STR_NOPATH),
     DD_SC_FDRET,
     {RETFD, {"name", DD_SRC_STR0, DD_K_STR}, {"flags", 1, DD_K_MEMFD}}},
    {"link",
     SYS_link,
     SPEC(A(0), CWD, A(1), CWD, 0, 0, 0),
     DD_SC_FSPATH | DD_SC_TWOPATH,
     {RES, {"oldpath", DD_SRC_STR0, DD_K_PATH}, {"newpath", DD_SRC_STR1, DD_K_PATH}}},
    {"linkat",
     SYS_linkat,
     SPEC(A(1), A(0), A(3), A(2), 0, 0, 0),
     DD_SC_FSPATH | DD_SC_TWOPATH,
     {RES,
      {"olddir", 0, DD_K_FD},
      {"oldpath", DD_SRC_STR0, DD_K_PATH},
      {"newdir", 2, DD_K_FD},
      {"newpath", DD_SRC_STR1, DD_K_PATH},
      {"flags", 4, DD_K_ATFLAGS}}},
    /* a symlink's target is stored as given, never resolved */
    {"symlink",
     SYS_symlink,
     SPEC(A(0), 0, A(1), CWD, 0, 0, 0),
     DD_SC_FSPATH | DD_SC_TWOPATH,
     {RES, {"target", DD_SRC_STR0, DD_K_STR}, {"linkpath", DD_SRC_STR1, DD_K_PATH}}},
    {"symlinkat",
     SYS_symlinkat,
     SPEC(A(0), 0, A(2), A(1), 0, 0, 0),
     DD_SC_FSPATH | DD_SC_TWOPATH,
     {RES,
      {"target", DD_SRC_STR0, DD_K_STR},
      {"linkdirfd", 1, DD_K_FD},
      {"linkpath", DD_SRC_STR1, DD_K_PATH}}},
    {"unlink",
     SYS_unlink,
     SPEC(A(0), CWD, 0, 0, 0, 0, 0),
     DD_SC_FSPATH,
     {RES, {"path", DD_SRC_STR0, DD_K_PATH}}},
    {"unlinkat",
     SYS_unlinkat,
     SPEC(A(1), A(0), 0, 0, 0, 0, 0),
     DD_SC_FSPATH,
     {RES, {"dirfd", 0, DD_K_FD}, {"name", DD_SRC_STR0, DD_K_PATH}, {"flags", 2, DD_K_ATFLAGS}}},
    {"rmdir",
     SYS_rmdir,
     SPEC(A(0), CWD, 0, 0, 0, 0, 0),
     DD_SC_FSPATH,
     {RES, {"path", DD_SRC_STR0, DD_K_PATH}}},
    {"rename",
     SYS_rename,
     SPEC(A(0), CWD, A(1), CWD, 0, 0, 0),
     DD_SC_FSPATH | DD_SC_TWOPATH,
     {RES, {"oldpath", DD_SRC_STR0, DD_K_PATH}, {"newpath", DD_SRC_STR1, DD_K_PATH}}},
    {"renameat",
     SYS_renameat,
     SPEC(A(1), A(0), A(3), A(2), 0, 0, 0),
     DD_SC_FSPATH | DD_SC_TWOPATH,
     {RES,
      {"olddirfd", 0, DD_K_FD},
      {"oldpath", DD_SRC_STR0, DD_K_PATH},
      {"newdirfd", 2, DD_K_FD},
      {"newpath", DD_SRC_STR1, DD_K_PATH}}},
    {"renameat2",
     SYS_renameat2,
     SPEC(A(1), A(0), A(3), A(2), 0, 0, 0),
     DD_SC_FSPATH | DD_SC_TWOPATH,
     {RES,
      {"olddirfd", 0, DD_K_FD},
      {"oldpath", DD_SRC_STR0, DD_K_PATH},
      {"newdirfd", 2, DD_K_FD},
      {"newpath", DD_SRC_STR1, DD_K_PATH},
      {"flags", 4, DD_K_HEX}}},
    {"mkdir",
     SYS_mkdir,
     SPEC(A(0), CWD, 0, 0, 0, 0, 0),
     DD_SC_FSPATH,
     {RES, {"path", DD_SRC_STR0, DD_K_PATH}, {"mode", 1, DD_K_MODE}}},
    {"mkdirat",
     SYS_mkdirat,
     SPEC(A(1), A(0), 0, 0, 0, 0, 0),
     DD_SC_FSPATH,
     {RES, {"dirfd", 0, DD_K_FD}, {"path", DD_SRC_STR0, DD_K_PATH}, {"mode", 2, DD_K_MODE}}},
    {"chmod",
     SYS_chmod,
     SPEC(A(0), CWD, 0, 0, 0, 0, 0),
     DD_SC_FSPATH,
     {RES, {"filename", DD_SRC_STR0, DD_K_PATH}, {"mode", 1, DD_K_MODE}}},
    {"fchmod",
     SYS_fchmod,
     SPEC(0, 0, 0, 0, A(0), 0, DD_SPEC_F_FDPATH),
     DD_SC_FSPATH,
     {RES, {"fd", DD_SRC_FD, DD_K_FD}, {"mode", 1, DD_K_MODE}}},
    {"fchmodat",
     SYS_fchmodat,
     SPEC(A(1), A(0), 0, 0, 0, 0, 0),
     DD_SC_FSPATH,
     {RES, {"dirfd", 0, DD_K_FD}, {"filename", DD_SRC_STR0, DD_K_PATH}, {"mode", 2, DD_K_MODE}}},
    {"fchmodat2",
     SYS_fchmodat2,
     SPEC(A(1), A(0), 0, 0, 0, 0, 0),
     DD_SC_FSPATH,
     {RES, {"dirfd", 0, DD_K_FD}, {"filename", DD_SRC_STR0, DD_K_PATH}, {"mode", 2, DD_K_MODE}}},
    {"dup",
     SYS_dup,
     SPEC(0, 0, 0, 0, DD_SPEC_RET, 0, DD_SPEC_F_FDPATH),
     DD_SC_FDRET,
     {RES, {"oldfd", 0, DD_K_FD}}},
    {"dup2",
     SYS_dup2,
     SPEC(0, 0, 0, 0, DD_SPEC_RET, 0, DD_SPEC_F_FDPATH),
     DD_SC_FDRET,
     {RES, {"oldfd", 0, DD_K_FD}, {"newfd", 1, DD_K_FD}}},
    {"dup3",
     SYS_dup3,
     SPEC(0, 0, 0, 0, DD_SPEC_RET, 0, DD_SPEC_F_FDPATH),
     DD_SC_FDRET,
     {RES, {"oldfd", 0, DD_K_FD}, {"newfd", 1, DD_K_FD}, {"flags", 2, DD_K_OFLAGS}}},
    {"bpf", SYS_bpf, SPEC(0, 0, 0, 0, 0, 0, 0), 0, {RES, {"cmd", 0, DD_K_BPFCMD}}},
    {"kill",
     SYS_kill,
     SPEC(0, 0, 0, 0, 0, 0, 0),
     0,
     {RES, {"pid", 0, DD_K_INT}, {"sig", 1, DD_K_SIGNAL}}},
    {"chdir",
     SYS_chdir,
     SPEC(A(0), CWD, 0, 0, 0, 0, 0),
     DD_SC_FSPATH,
     {RES, {"path", DD_SRC_STR0, DD_K_PATH}}},
    {"fchdir",
     SYS_fchdir,
     SPEC(0, 0, 0, 0, A(0), 0, DD_SPEC_F_FDPATH),
     0,
     {RES, {"fd", DD_SRC_FD, DD_K_FD}}},
    {"chroot",
     SYS_chroot,
     SPEC(A(0), CWD, 0, 0, 0, 0, 0),
     DD_SC_FSPATH,
     {RES, {"path", DD_SRC_STR0, DD_K_PATH}}},
    {"pivot_root",
     SYS_pivot_root,
     SPEC(A(0), CWD, A(1), CWD, 0, 0, 0),
     DD_SC_FSPATH,
     {RES, {"new_root", DD_SRC_STR0, DD_K_PATH}, {"put_old", DD_SRC_STR1, DD_K_PATH}}},
    {NULL, -1, SPEC(0, 0, 0, 0, 0, 0, 0), 0, {{NULL, 0, 0}}},
};

const dd_syscall *dd_syscalls(void)
{
    return table;
}

const dd_syscall *dd_syscall_by_nr(int nr)
{
    static const dd_syscall *by_nr[DD_NR_MAX];
    static int ready;
    if (!__atomic_load_n(&ready, __ATOMIC_ACQUIRE)) {
        for (const dd_syscall *s = table; s->name; s++)
            if (s->nr >= 0 && s->nr < DD_NR_MAX)
                by_nr[s->nr] = s;
        __atomic_store_n(&ready, 1, __ATOMIC_RELEASE);
    }
    return nr >= 0 && nr < DD_NR_MAX ? by_nr[nr] : NULL;
}

const dd_syscall *dd_syscall_by_name(const char *name)
{
    for (const dd_syscall *s = table; s->name; s++)
        if (strcmp(s->name, name) == 0)
            return s;
    return NULL;
}

const struct dd_sc_spec *dd_syscall_specs(void)
{
    static struct dd_sc_spec specs[DD_NR_MAX];
    static int ready;
    if (!__atomic_load_n(&ready, __ATOMIC_ACQUIRE)) {
        for (const dd_syscall *s = table; s->name; s++)
            if (s->nr >= 0 && s->nr < DD_NR_MAX)
                specs[s->nr] = s->spec;
        __atomic_store_n(&ready, 1, __ATOMIC_RELEASE);
    }
    return specs;
}

bool dd_syscall_known_other(const char *name)
{
    /* Falco event types we do not produce; conditions on them are valid and never match.
     * (The syscalls we do not trace yet are listed too: a rule about them loads, and the
     * loader says it can never fire.) */
    static const char *const other[] = {
        "container",
        "procexit",
        "clone",
        "clone3",
        "fork",
        "vfork",
        "close",
        "read",
        "write",
        "pread",
        "pwrite",
        "readv",
        "writev",
        "sendmsg",
        "recvmsg",
        "recvfrom",
        "mmap",
        "mprotect",
        "munmap",
        "ioctl",
        "fcntl",
        "prctl",
        "setsid",
        "setpgid",
        "chown",
        "fchown",
        "fchownat",
        "lchown",
        "truncate",
        "ftruncate",
        "userfaultfd",
        "io_uring_setup",
        "io_uring_enter",
        "io_uring_register",
        "process_vm_readv",
        "process_vm_writev",
        "pidfd_open",
        "pidfd_getfd",
        "signalfd",
        "signalfd4",
        "eventfd",
        "eventfd2",
        "pipe",
        "pipe2",
        "socketpair",
        "shutdown",
        "getsockopt",
        "setsockopt",
        "umount",
        "seccomp",
        "tkill",
        "tgkill",
        "nanosleep",
        "poll",
        "select",
        "epoll_wait",
        "brk",
        "futex",
        "stat",
        "lstat",
        "fstat",
        "newfstatat",
        "access",
        "faccessat",
        "faccessat2",
        "getdents",
        "getdents64",
        "utimensat",
        "mknod",
        "mknodat",
        "quotactl",
        "syslog",
        "notification",
        "infra",
        "k8s",
        "mesos",
        "asyncevent",
        "pluginevent",
        "switch",
        "signaldeliver",
        "page_fault",
        "cpu_hotplug",
        "drop",
        "sysdigevent",
        "openat2_x",
        "procinfo",
        "setrlimit",
        "prlimit",
        "getrlimit",
        "copy_file_range",
        "splice",
        NULL,
    };
    for (const char *const *o = other; *o; o++)
        if (strcmp(*o, name) == 0)
            return true;
    return false;
}

/* ---- renderings ------------------------------------------------------------------- */

typedef struct flagname {
    uint64_t bit;
    const char *name;
} flagname;

static void render_bits(dd_buf *b, uint64_t v, const flagname *names, size_t n)
{
    bool first = true;
    for (size_t i = 0; i < n; i++)
        if (names[i].bit && (v & names[i].bit) == names[i].bit) {
            if (!first)
                dd_buf_putc(b, '|');
            dd_buf_puts(b, names[i].name);
            first = false;
            v &= ~names[i].bit;
        }
    if (v) {
        if (!first)
            dd_buf_putc(b, '|');
        dd_buf_printf(b, "0x%llx", (unsigned long long)v);
    } else if (first) {
        dd_buf_putc(b, '0');
    }
}

void dd_render_oflags(dd_buf *b, uint64_t flags)
{
    static const flagname names[] = {
        {O_APPEND, "O_APPEND"},       {O_CREAT, "O_CREAT"},
        {O_TRUNC, "O_TRUNC"},         {O_EXCL, "O_EXCL"},
        {O_NONBLOCK, "O_NONBLOCK"},   {O_DSYNC, "O_DSYNC"},
        {O_DIRECTORY, "O_DIRECTORY"}, {O_NOFOLLOW, "O_NOFOLLOW"},
        {O_CLOEXEC, "O_CLOEXEC"},     {O_NOCTTY, "O_NOCTTY"},
        {O_DIRECT, "O_DIRECT"},       {O_LARGEFILE, "O_LARGEFILE"},
        {O_NOATIME, "O_NOATIME"},     {O_PATH, "O_PATH"},
        {__O_TMPFILE, "O_TMPFILE"},   {O_SYNC & ~O_DSYNC, "O_SYNC"},
    };
    switch (flags & O_ACCMODE) {
    case O_RDONLY:
        dd_buf_puts(b, "O_RDONLY");
        break;
    case O_WRONLY:
        dd_buf_puts(b, "O_WRONLY");
        break;
    case O_RDWR:
        dd_buf_puts(b, "O_RDWR");
        break;
    default:
        dd_buf_puts(b, "O_ACCMODE");
        break;
    }
    uint64_t rest = flags & ~(uint64_t)O_ACCMODE;
    if (rest) {
        dd_buf_putc(b, '|');
        render_bits(b, rest, names, DD_ARRAY_LEN(names));
    }
}

void dd_render_mode(dd_buf *b, uint64_t mode)
{
    static const flagname names[] = {
        {S_ISUID, "S_ISUID"}, {S_ISGID, "S_ISGID"}, {S_ISVTX, "S_ISVTX"}, {S_IRUSR, "S_IRUSR"},
        {S_IWUSR, "S_IWUSR"}, {S_IXUSR, "S_IXUSR"}, {S_IRGRP, "S_IRGRP"}, {S_IWGRP, "S_IWGRP"},
        {S_IXGRP, "S_IXGRP"}, {S_IROTH, "S_IROTH"}, {S_IWOTH, "S_IWOTH"}, {S_IXOTH, "S_IXOTH"},
    };
    dd_buf_printf(b, "0%llo(", (unsigned long long)(mode & 07777));
    render_bits(b, mode & 07777, names, DD_ARRAY_LEN(names));
    dd_buf_putc(b, ')');
}

static const char *ptrace_name(int64_t r)
{
    static const struct {
        int64_t v;
        const char *n;
    } m[] = {
        {0, "PTRACE_TRACEME"},
        {1, "PTRACE_PEEKTEXT"},
        {2, "PTRACE_PEEKDATA"},
        {3, "PTRACE_PEEKUSR"},
        {4, "PTRACE_POKETEXT"},
        {5, "PTRACE_POKEDATA"},
        {6, "PTRACE_POKEUSR"},
        {7, "PTRACE_CONT"},
        {8, "PTRACE_KILL"},
        {9, "PTRACE_SINGLESTEP"},
        {12, "PTRACE_GETREGS"},
        {13, "PTRACE_SETREGS"},
        {14, "PTRACE_GETFPREGS"},
        {15, "PTRACE_SETFPREGS"},
        {16, "PTRACE_ATTACH"},
        {17, "PTRACE_DETACH"},
        {24, "PTRACE_SYSCALL"},
        {0x4200, "PTRACE_SETOPTIONS"},
        {0x4201, "PTRACE_GETEVENTMSG"},
        {0x4202, "PTRACE_GETSIGINFO"},
        {0x4203, "PTRACE_SETSIGINFO"},
        {0x4204, "PTRACE_GETREGSET"},
        {0x4205, "PTRACE_SETREGSET"},
        {0x4206, "PTRACE_SEIZE"},
        {0x4207, "PTRACE_INTERRUPT"},
        {0x4208, "PTRACE_LISTEN"},
    };
    for (size_t i = 0; i < DD_ARRAY_LEN(m); i++)
        if (m[i].v == r)
            return m[i].n;
    return NULL;
}

static const char *domain_name(int64_t d)
{
    static const char *const n[] = {
        [AF_UNSPEC] = "AF_UNSPEC",
        [AF_UNIX] = "AF_UNIX",
        [AF_INET] = "AF_INET",
        [AF_INET6] = "AF_INET6",
        [AF_NETLINK] = "AF_NETLINK",
        [AF_PACKET] = "AF_PACKET",
        [AF_BLUETOOTH] = "AF_BLUETOOTH",
        [AF_ALG] = "AF_ALG",
        [AF_VSOCK] = "AF_VSOCK",
        [AF_KEY] = "AF_KEY",
        [AF_XDP] = "AF_XDP",
    };
    return d >= 0 && (size_t)d < DD_ARRAY_LEN(n) ? n[d] : NULL;
}

static const char *sotype_name(int64_t t)
{
    static const char *const n[] = {[SOCK_STREAM] = "SOCK_STREAM",
                                    [SOCK_DGRAM] = "SOCK_DGRAM",
                                    [SOCK_RAW] = "SOCK_RAW",
                                    [SOCK_RDM] = "SOCK_RDM",
                                    [SOCK_SEQPACKET] = "SOCK_SEQPACKET",
                                    [SOCK_PACKET] = "SOCK_PACKET"};
    t &= 0xf;
    return (size_t)t < DD_ARRAY_LEN(n) ? n[t] : NULL;
}

static const char *bpfcmd_name(int64_t c)
{
    static const char *const n[] = {
        "BPF_MAP_CREATE",       "BPF_MAP_LOOKUP_ELEM",
        "BPF_MAP_UPDATE_ELEM",  "BPF_MAP_DELETE_ELEM",
        "BPF_MAP_GET_NEXT_KEY", "BPF_PROG_LOAD",
        "BPF_OBJ_PIN",          "BPF_OBJ_GET",
        "BPF_PROG_ATTACH",      "BPF_PROG_DETACH",
        "BPF_PROG_TEST_RUN",    "BPF_PROG_GET_NEXT_ID",
        "BPF_MAP_GET_NEXT_ID",  "BPF_PROG_GET_FD_BY_ID",
        "BPF_MAP_GET_FD_BY_ID", "BPF_OBJ_GET_INFO_BY_FD",
        "BPF_PROG_QUERY",       "BPF_RAW_TRACEPOINT_OPEN",
        "BPF_BTF_LOAD",
    };
    return c >= 0 && (size_t)c < DD_ARRAY_LEN(n) ? n[c] : NULL;
}

void dd_render_kind(dd_buf *b, dd_sc_kind kind, int64_t v)
{
    const char *name = NULL;
    switch (kind) {
    case DD_K_UINT:
        dd_buf_printf(b, "%llu", (unsigned long long)(uint32_t)v);
        return;
    case DD_K_HEX:
        dd_buf_printf(b, "0x%llx", (unsigned long long)v);
        return;
    case DD_K_FD:
        if ((int)v == AT_FDCWD)
            dd_buf_puts(b, "-100(AT_FDCWD)");
        else
            dd_buf_printf(b, "%d", (int)v);
        return;
    case DD_K_OFLAGS:
        dd_render_oflags(b, (uint64_t)v);
        return;
    case DD_K_MODE:
        dd_render_mode(b, (uint64_t)v);
        return;
    case DD_K_PTRACE:
        name = ptrace_name(v);
        break;
    case DD_K_DOMAIN:
        name = domain_name(v);
        break;
    case DD_K_SOTYPE:
        name = sotype_name(v);
        break;
    case DD_K_SIGNAL:
        if (v > 0 && v < 65) {
            const char *abbrev = sigabbrev_np((int)v);
            if (abbrev) {
                dd_buf_printf(b, "SIG%s", abbrev);
                return;
            }
        }
        break;
    case DD_K_BPFCMD:
        name = bpfcmd_name(v);
        break;
    case DD_K_CLONE: {
        static const flagname names[] = {
            {CLONE_NEWNS, "CLONE_NEWNS"},
            {CLONE_NEWUTS, "CLONE_NEWUTS"},
            {CLONE_NEWIPC, "CLONE_NEWIPC"},
            {CLONE_NEWUSER, "CLONE_NEWUSER"},
            {CLONE_NEWPID, "CLONE_NEWPID"},
            {CLONE_NEWNET, "CLONE_NEWNET"},
            {CLONE_NEWCGROUP, "CLONE_NEWCGROUP"},
            {CLONE_FILES, "CLONE_FILES"},
            {CLONE_FS, "CLONE_FS"},
            {CLONE_SYSVSEM, "CLONE_SYSVSEM"},
#ifdef CLONE_NEWTIME
            {CLONE_NEWTIME, "CLONE_NEWTIME"},
#endif
        };
        render_bits(b, (uint64_t)v, names, DD_ARRAY_LEN(names));
        return;
    }
    case DD_K_MOUNT: {
        static const flagname names[] = {
            {MS_RDONLY, "MS_RDONLY"}, {MS_NOSUID, "MS_NOSUID"},   {MS_NODEV, "MS_NODEV"},
            {MS_NOEXEC, "MS_NOEXEC"}, {MS_REMOUNT, "MS_REMOUNT"}, {MS_BIND, "MS_BIND"},
            {MS_MOVE, "MS_MOVE"},     {MS_REC, "MS_REC"},         {MS_PRIVATE, "MS_PRIVATE"},
            {MS_SHARED, "MS_SHARED"}, {MS_SLAVE, "MS_SLAVE"},
        };
        render_bits(b, (uint64_t)v, names, DD_ARRAY_LEN(names));
        return;
    }
    case DD_K_ATFLAGS: {
        static const flagname names[] = {
            {AT_SYMLINK_NOFOLLOW, "AT_SYMLINK_NOFOLLOW"},
            {AT_REMOVEDIR, "AT_REMOVEDIR"},
            {AT_SYMLINK_FOLLOW, "AT_SYMLINK_FOLLOW"},
            {AT_EMPTY_PATH, "AT_EMPTY_PATH"},
        };
        render_bits(b, (uint64_t)v, names, DD_ARRAY_LEN(names));
        return;
    }
    case DD_K_MEMFD: {
        static const flagname names[] = {{1, "MFD_CLOEXEC"},
                                         {2, "MFD_ALLOW_SEALING"},
                                         {4, "MFD_HUGETLB"},
                                         {8, "MFD_NOEXEC_SEAL"},
                                         {16, "MFD_EXEC"}};
        render_bits(b, (uint64_t)v, names, DD_ARRAY_LEN(names));
        return;
    }
    case DD_K_RES:
        if (v >= 0) {
            dd_buf_puts(b, "SUCCESS");
            return;
        }
        name = dd_errno_name((int)-v);
        break;
    default:
        break;
    }
    if (name)
        dd_buf_puts(b, name);
    else
        dd_buf_printf(b, "%lld", (long long)v);
}

const char *dd_errno_name(int err)
{
    const char *n = strerrorname_np(err);
    return n;
}

void dd_render_caps(dd_buf *b, uint64_t caps)
{
    static const char *const names[] = {
        "CAP_CHOWN",
        "CAP_DAC_OVERRIDE",
        "CAP_DAC_READ_SEARCH",
        "CAP_FOWNER",
        "CAP_FSETID",
        "CAP_KILL",
        "CAP_SETGID",
        "CAP_SETUID",
        "CAP_SETPCAP",
        "CAP_LINUX_IMMUTABLE",
        "CAP_NET_BIND_SERVICE",
        "CAP_NET_BROADCAST",
        "CAP_NET_ADMIN",
        "CAP_NET_RAW",
        "CAP_IPC_LOCK",
        "CAP_IPC_OWNER",
        "CAP_SYS_MODULE",
        "CAP_SYS_RAWIO",
        "CAP_SYS_CHROOT",
        "CAP_SYS_PTRACE",
        "CAP_SYS_PACCT",
        "CAP_SYS_ADMIN",
        "CAP_SYS_BOOT",
        "CAP_SYS_NICE",
        "CAP_SYS_RESOURCE",
        "CAP_SYS_TIME",
        "CAP_SYS_TTY_CONFIG",
        "CAP_MKNOD",
        "CAP_LEASE",
        "CAP_AUDIT_WRITE",
        "CAP_AUDIT_CONTROL",
        "CAP_SETFCAP",
        "CAP_MAC_OVERRIDE",
        "CAP_MAC_ADMIN",
        "CAP_SYSLOG",
        "CAP_WAKE_ALARM",
        "CAP_BLOCK_SUSPEND",
        "CAP_AUDIT_READ",
        "CAP_PERFMON",
        "CAP_BPF",
        "CAP_CHECKPOINT_RESTORE",
    };
    bool first = true;
    for (unsigned i = 0; i < 64; i++) {
        if (!((caps >> i) & 1))
            continue;
        if (!first)
            dd_buf_putc(b, ' ');
        first = false;
        if (i < DD_ARRAY_LEN(names))
            dd_buf_puts(b, names[i]);
        else
            dd_buf_printf(b, "CAP_%u", i);
    }
}
