/* Docker's default seccomp profile, as data: the rules of moby's
 * profiles/seccomp/default.json (github.com/moby/moby, the version of 2025 with
 * clone3 -> ENOSYS, the AF_VSOCK socket condition and landlock), rewritten here as one row
 * per rule. drydock uses it to count what Docker's default allows for a capability set
 * and to show what a generated profile takes away; it is never used to run containers.
 * Names are space-separated so a row reads like the JSON's list. */
#include <stdlib.h>
#include <string.h>

#include "core/mem.h"
#include "profile/seccomp.h"
#include "report/rule.h"

typedef struct row {
    const char *names;
    dd_scmp_action action;
    int errno_ret;
    const char *inc_caps, *exc_caps, *inc_arches, *exc_arches, *min_kernel;
    unsigned arg_index; /* with op != 0xff: one argument condition */
    unsigned op;
    uint64_t value;
} row;

#define ALLOW DD_SCMP_ALLOW
#define NOARG 0, 0xff, 0

static const row rows[] = {
    {"accept accept4 access adjtimex alarm bind brk capget capset chdir chmod chown chown32 "
     "clock_adjtime clock_adjtime64 clock_getres clock_getres_time64 clock_gettime "
     "clock_gettime64 clock_nanosleep clock_nanosleep_time64 close close_range connect "
     "copy_file_range creat dup dup2 dup3 epoll_create epoll_create1 epoll_ctl epoll_ctl_old "
     "epoll_pwait epoll_pwait2 epoll_wait epoll_wait_old eventfd eventfd2 execve execveat exit "
     "exit_group faccessat faccessat2 fadvise64 fadvise64_64 fallocate fanotify_mark fchdir "
     "fchmod fchmodat fchown fchown32 fchownat fcntl fcntl64 fdatasync fgetxattr flistxattr "
     "flock fork fremovexattr fsetxattr fstat fstat64 fstatat64 fstatfs fstatfs64 fsync "
     "ftruncate ftruncate64 futex futex_time64 futex_waitv futimesat getcpu getcwd getdents "
     "getdents64 getegid getegid32 geteuid geteuid32 getgid getgid32 getgroups getgroups32 "
     "getitimer getpeername getpgid getpgrp getpid getppid getpriority getrandom getresgid "
     "getresgid32 getresuid getresuid32 getrlimit get_robust_list getrusage getsid getsockname "
     "getsockopt get_thread_area gettid gettimeofday getuid getuid32 getxattr inotify_add_watch "
     "inotify_init inotify_init1 inotify_rm_watch io_cancel ioctl io_destroy io_getevents "
     "io_pgetevents io_pgetevents_time64 ioprio_get ioprio_set io_setup io_submit "
     "io_uring_enter io_uring_register io_uring_setup ipc kill landlock_add_rule "
     "landlock_create_ruleset landlock_restrict_self lchown lchown32 lgetxattr link linkat "
     "listen listxattr llistxattr _llseek lremovexattr lseek lsetxattr lstat lstat64 madvise "
     "membarrier memfd_create memfd_secret mincore mkdir mkdirat mknod mknodat mlock mlock2 "
     "mlockall mmap mmap2 mprotect mq_getsetattr mq_notify mq_open mq_timedreceive "
     "mq_timedreceive_time64 mq_timedsend mq_timedsend_time64 mq_unlink mremap msgctl msgget "
     "msgrcv msgsnd msync munlock munlockall munmap name_to_handle_at nanosleep newfstatat "
     "_newselect open openat openat2 pause pidfd_open pidfd_send_signal pipe pipe2 pkey_alloc "
     "pkey_free pkey_mprotect poll ppoll ppoll_time64 prctl pread64 preadv preadv2 prlimit64 "
     "process_mrelease pselect6 pselect6_time64 pwrite64 pwritev pwritev2 read readahead "
     "readlink readlinkat readv recv recvfrom recvmmsg recvmmsg_time64 recvmsg "
     "remap_file_pages removexattr rename renameat renameat2 restart_syscall rmdir rseq "
     "rt_sigaction rt_sigpending rt_sigprocmask rt_sigqueueinfo rt_sigreturn rt_sigsuspend "
     "rt_sigtimedwait rt_sigtimedwait_time64 rt_tgsigqueueinfo sched_getaffinity "
     "sched_getattr sched_getparam sched_get_priority_max sched_get_priority_min "
     "sched_getscheduler sched_rr_get_interval sched_rr_get_interval_time64 "
     "sched_setaffinity sched_setattr sched_setparam sched_setscheduler sched_yield seccomp "
     "select semctl semget semop semtimedop semtimedop_time64 send sendfile sendfile64 "
     "sendmmsg sendmsg sendto setfsgid setfsgid32 setfsuid setfsuid32 setgid setgid32 "
     "setgroups setgroups32 setitimer setpgid setpriority setregid setregid32 setresgid "
     "setresgid32 setresuid setresuid32 setreuid setreuid32 setrlimit set_robust_list setsid "
     "setsockopt set_thread_area set_tid_address setuid setuid32 setxattr shmat shmctl shmdt "
     "shmget shutdown sigaltstack signalfd signalfd4 sigprocmask sigreturn socketcall "
     "socketpair splice stat stat64 statfs statfs64 statx symlink symlinkat sync "
     "sync_file_range syncfs sysinfo tee tgkill time timer_create timer_delete "
     "timer_getoverrun timer_gettime timer_gettime64 timer_settime timer_settime64 "
     "timerfd_create timerfd_gettime timerfd_gettime64 timerfd_settime timerfd_settime64 "
     "times tkill truncate truncate64 ugetrlimit umask uname unlink unlinkat utime utimensat "
     "utimensat_time64 utimes vfork vmsplice wait4 waitid waitpid write writev",
     ALLOW, -1, NULL, NULL, NULL, NULL, NULL, NOARG},
    {"process_vm_readv process_vm_writev ptrace", ALLOW, -1, NULL, NULL, NULL, NULL, "4.8", NOARG},
    /* Every socket but AF_VSOCK (40). */
    {"socket", ALLOW, -1, NULL, NULL, NULL, NULL, NULL, 0, DD_SCMP_CMP_NE, 40},
    /* personality: PER_LINUX, PER_LINUX32, UNAME26, UNAME26|PER_LINUX32, and the query. */
    {"personality", ALLOW, -1, NULL, NULL, NULL, NULL, NULL, 0, DD_SCMP_CMP_EQ, 0},
    {"personality", ALLOW, -1, NULL, NULL, NULL, NULL, NULL, 0, DD_SCMP_CMP_EQ, 8},
    {"personality", ALLOW, -1, NULL, NULL, NULL, NULL, NULL, 0, DD_SCMP_CMP_EQ, 131072},
    {"personality", ALLOW, -1, NULL, NULL, NULL, NULL, NULL, 0, DD_SCMP_CMP_EQ, 131080},
    {"personality", ALLOW, -1, NULL, NULL, NULL, NULL, NULL, 0, DD_SCMP_CMP_EQ, 4294967295},
    {"sync_file_range2 swapcontext", ALLOW, -1, NULL, NULL, "ppc64le", NULL, NULL, NOARG},
    {"arm_fadvise64_64 arm_sync_file_range sync_file_range2 breakpoint cacheflush set_tls", ALLOW,
     -1, NULL, NULL, "arm arm64", NULL, NULL, NOARG},
    {"arch_prctl", ALLOW, -1, NULL, NULL, "amd64 x32", NULL, NULL, NOARG},
    {"modify_ldt", ALLOW, -1, NULL, NULL, "amd64 x32 x86", NULL, NULL, NOARG},
    {"s390_pci_mmio_read s390_pci_mmio_write s390_runtime_instr", ALLOW, -1, NULL, NULL,
     "s390 s390x", NULL, NULL, NOARG},
    {"riscv_flush_icache", ALLOW, -1, NULL, NULL, "riscv64", NULL, NULL, NOARG},
    {"open_by_handle_at", ALLOW, -1, "CAP_DAC_READ_SEARCH", NULL, NULL, NULL, NULL, NOARG},
    {"bpf clone clone3 fanotify_init fsconfig fsmount fsopen fspick lookup_dcookie mount "
     "mount_setattr move_mount open_tree perf_event_open quotactl quotactl_fd setdomainname "
     "sethostname setns syslog umount umount2 unshare",
     ALLOW, -1, "CAP_SYS_ADMIN", NULL, NULL, NULL, NULL, NOARG},
    /* clone without namespace flags (CLONE_NEWNS|UTS|IPC|USER|PID|NET|CGROUP = 0x7E020000). */
    {"clone", ALLOW, -1, NULL, "CAP_SYS_ADMIN", NULL, "s390 s390x", NULL, 0, DD_SCMP_CMP_MASKED_EQ,
     2114060288},
    {"clone", ALLOW, -1, NULL, "CAP_SYS_ADMIN", "s390 s390x", NULL, NULL, 1, DD_SCMP_CMP_MASKED_EQ,
     2114060288},
    /* clone3 answers ENOSYS so that glibc falls back to clone, whose flags can be checked. */
    {"clone3", DD_SCMP_ERRNO, 38, NULL, "CAP_SYS_ADMIN", NULL, NULL, NULL, NOARG},
    {"reboot", ALLOW, -1, "CAP_SYS_BOOT", NULL, NULL, NULL, NULL, NOARG},
    {"chroot", ALLOW, -1, "CAP_SYS_CHROOT", NULL, NULL, NULL, NULL, NOARG},
    {"delete_module init_module finit_module", ALLOW, -1, "CAP_SYS_MODULE", NULL, NULL, NULL, NULL,
     NOARG},
    {"acct", ALLOW, -1, "CAP_SYS_PACCT", NULL, NULL, NULL, NULL, NOARG},
    {"kcmp pidfd_getfd process_madvise process_vm_readv process_vm_writev ptrace", ALLOW, -1,
     "CAP_SYS_PTRACE", NULL, NULL, NULL, NULL, NOARG},
    {"iopl ioperm", ALLOW, -1, "CAP_SYS_RAWIO", NULL, NULL, NULL, NULL, NOARG},
    {"settimeofday stime clock_settime clock_settime64", ALLOW, -1, "CAP_SYS_TIME", NULL, NULL,
     NULL, NULL, NOARG},
    {"vhangup", ALLOW, -1, "CAP_SYS_TTY_CONFIG", NULL, NULL, NULL, NULL, NOARG},
    {"get_mempolicy mbind set_mempolicy set_mempolicy_home_node", ALLOW, -1, "CAP_SYS_NICE", NULL,
     NULL, NULL, NULL, NOARG},
    {"syslog", ALLOW, -1, "CAP_SYSLOG", NULL, NULL, NULL, NULL, NOARG},
    {"bpf", ALLOW, -1, "CAP_BPF", NULL, NULL, NULL, NULL, NOARG},
    {"perf_event_open", ALLOW, -1, "CAP_PERFMON", NULL, NULL, NULL, NULL, NOARG},
};

void dd_seccomp_docker_default(dd_seccomp *out)
{
    memset(out, 0, sizeof *out);
    out->default_action = DD_SCMP_ERRNO;
    out->default_errno = 1;
    dd_names_split(&out->arches, "SCMP_ARCH_X86_64 SCMP_ARCH_X86 SCMP_ARCH_X32");
    out->rules = dd_xcalloc(DD_ARRAY_LEN(rows), sizeof *out->rules);
    out->nrules = DD_ARRAY_LEN(rows);
    for (size_t i = 0; i < DD_ARRAY_LEN(rows); i++) {
        const row *w = &rows[i];
        dd_scmp_rule *r = &out->rules[i];
        dd_names_split(&r->names, w->names);
        r->action = w->action;
        r->errno_ret = w->errno_ret;
        dd_names_split(&r->includes.caps, w->inc_caps);
        dd_names_split(&r->excludes.caps, w->exc_caps);
        dd_names_split(&r->includes.arches, w->inc_arches);
        dd_names_split(&r->excludes.arches, w->exc_arches);
        r->includes.min_kernel = dd_xstrdup(w->min_kernel);
        if (w->op != 0xff) {
            r->args[0] = (dd_scmp_arg){w->arg_index, w->value, 0, (dd_scmp_op)w->op};
            r->nargs = 1;
        }
    }
}
