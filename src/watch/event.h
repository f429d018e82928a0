/* The records the kernel side (watch.bpf.c) writes into the ring buffers and the
 * configuration user space hands to it: the one ABI both sides compile. Everything is
 * fixed-size little-endian C with explicit padding, so the layout is the same for clang
 * -target bpf and for the host compiler.
 *
 * A record is a struct dd_ev_hdr followed by its type's payload. Syscall and exec records
 * end with up to DD_EV_NSTR strings, back to back; slen[i] is the length of string i with
 * its terminating NUL (0: absent). Strings read from a process's memory are untrusted:
 * user space bounds every length by the record size before it reads them. */
#pragma once

#ifndef __VMLINUX_H__
#include <linux/types.h>
#endif

#define DD_EV_COMM       16
#define DD_EV_NSTR       7
#define DD_NR_MAX        512 /* syscall numbers the interest bitmap covers (x86-64 has ~460) */
#define DD_NR_WORDS      (DD_NR_MAX / 64)
#define DD_EV_BUF        16384 /* largest record; the scratch buffer is twice that */
#define DD_PATH_BUF      4096  /* longest path assembled from dentries */
#define DD_PATH_DEPTH    32    /* path components walked */
#define DD_CGROUP_NAME   128   /* bytes of a cgroup directory name */
#define DD_CGROUP_LEVELS 4     /* the leaf and its ancestors named in a cgroup record */
#define DD_SOCKADDR_PATH 108   /* sun_path */

enum dd_ev_type {
    DD_EV_SYSCALL = 1, /* a syscall the interest bitmap selects, at sys_exit */
    DD_EV_EXEC = 2,    /* sched_process_exec: a new program image */
    DD_EV_FORK = 3,    /* sched_process_fork of a process (threads are not reported) */
    DD_EV_EXIT = 4,    /* the last thread of a process exited */
    DD_EV_CGROUP = 5,  /* first sight of a cgroup id: its directory names */
    DD_EV_CAP = 6,     /* capability:cap_capable (only when enabled) */
    DD_EV_RAW = 7,     /* raw mode: any syscall of a watched cgroup */
    DD_EV_NTYPES = 8,
};

/* Who did it: read from the current task when the record is made. */
struct dd_ev_task {
    __u64 cgroup_id; /* cgroup v2 id == inode of the cgroup directory */
    __u64 start_ns;  /* the process's start, CLOCK_MONOTONIC ns (identity with pid) */
    __u64 cap_eff;
    __u64 cap_prm;
    __u64 cap_inh;
    __u32 pid; /* tgid in the initial pid namespace */
    __u32 tid;
    __u32 ppid; /* real parent's tgid */
    __u32 vpid; /* pid in the process's own pid namespace */
    __u32 vtid;
    __u32 uid, gid, euid, egid;
    __u32 loginuid; /* (u32)-1 when unset */
    __u32 tty;      /* new_encode_dev of the controlling terminal, 0 when none */
    __u32 pad;
    char comm[DD_EV_COMM];
};

struct dd_ev_hdr {
    __u64 ts;   /* CLOCK_MONOTONIC ns */
    __u16 type; /* enum dd_ev_type */
    __u16 nr;   /* syscall number (syscall, raw); 0 otherwise */
    __u32 size; /* bytes of the whole record, strings included */
    struct dd_ev_task task;
};

/* What an fd refers to, read from the task's fd table at sys_exit. */
enum { DD_FD_NONE = 0, DD_FD_FILE, DD_FD_DIR, DD_FD_SOCK, DD_FD_PIPE, DD_FD_OTHER };
struct dd_ev_fd {
    __s32 num;          /* the fd, -1 when none */
    __u8 kind;          /* DD_FD_* */
    __u8 l4proto;       /* IPPROTO_* for sockets */
    __u16 family;       /* AF_* for sockets */
    __u16 sotype;       /* SOCK_STREAM, ... */
    __u16 lport, rport; /* host byte order */
    __u16 pad;
    __u32 mode;  /* i_mode */
    __u32 fmode; /* f_mode (FMODE_CREATED, FMODE_EXEC) */
    __u32 pad2;
    __u64 ino;
    __u8 laddr[16]; /* IPv4 in the first 4 bytes */
    __u8 raddr[16];
};

/* A struct sockaddr argument (connect, bind, sendto), decoded. A unix path is a string. */
struct dd_ev_sa {
    __u16 family;
    __u16 port; /* host byte order */
    __u8 addr[16];
};

/* Which string slots a syscall record fills; they follow the record in slot order. */
enum {
    DD_STR_ARG0 = 0,   /* the first path/string argument as the process gave it */
    DD_STR_ARG1 = 1,   /* the second one (link/rename targets) */
    DD_STR_BASE0 = 2,  /* directory a relative ARG0 is relative to (cwd or dirfd) */
    DD_STR_BASE1 = 3,  /* the same for ARG1 */
    DD_STR_FDPATH = 4, /* path of the described fd's file, or a unix socket's path */
    DD_STR_SA = 5,     /* a unix sockaddr argument's path */
    DD_STR_ARGV = 6,   /* failed execve: argv, NUL-separated */
};

struct dd_ev_syscall {
    struct dd_ev_hdr h;
    __s64 ret;
    __u64 args[6];
    struct dd_ev_fd fd;
    struct dd_ev_sa sa;
    __u16 slen[DD_EV_NSTR];
    __u16 pad;
    /* char str[] follows, in slot order */
};

/* Exec strings. */
enum {
    DD_EXEC_FILENAME = 0, /* as passed to execve */
    DD_EXEC_EXEPATH = 1,  /* the executed file, resolved from its dentries */
    DD_EXEC_ARGV = 2,     /* NUL-separated */
    DD_EXEC_CWD = 3,
    DD_EXEC_ENV = 4,   /* NUL-separated; only when configured */
    DD_EXEC_PCOMM = 5, /* the parent's comm */
};
enum {
    DD_EXE_MEMFD = 1u << 0,       /* executed from a memfd (or other unlinked shmem file) */
    DD_EXE_UPPER_LAYER = 1u << 1, /* overlayfs upper layer */
    DD_EXE_DELETED = 1u << 2,     /* nlink == 0 */
};
struct dd_ev_exec {
    struct dd_ev_hdr h;
    __u64 exe_ino;
    __s64 exe_ctime_ns; /* CLOCK_REALTIME ns */
    __s64 exe_mtime_ns;
    __u32 exe_mode, exe_uid, exe_gid, exe_flags; /* DD_EXE_* */
    __u32 exe_sb_magic;
    __u32 pgid, sid; /* initial-namespace pids of the group and session leaders */
    __u32 vpgid;
    __u32 argv_truncated;
    __u32 pad;
    __u16 slen[DD_EV_NSTR];
    __u16 pad2;
};

struct dd_ev_fork {
    struct dd_ev_hdr h; /* the parent */
    __u32 child_pid;
    __u32 child_vpid;
    __u64 child_start_ns;
};

struct dd_ev_exit {
    struct dd_ev_hdr h;
    __s32 code;
    __u32 pad;
};

struct dd_ev_cgroup {
    struct dd_ev_hdr h;
    __u64 id;
    /* leaf first, then its parent, ... ; empty when above the root */
    char name[DD_CGROUP_LEVELS][DD_CGROUP_NAME];
};

struct dd_ev_cap {
    struct dd_ev_hdr h;
    __s32 cap;
    __s32 ret; /* 0 granted, -EPERM refused */
};

struct dd_ev_raw {
    struct dd_ev_hdr h;
    __s64 ret;
    __u64 args[6];
};

/* How the kernel side treats the arguments of one syscall (user space fills a map from
 * the syscall table). Argument indexes are stored +1 so that 0 means "none". */
enum {
    DD_SPEC_RET = 7, /* fd: the returned value is the fd to describe */
    DD_SPEC_CWD = 8, /* dirfd: relative paths are relative to the cwd */
};
enum {
    DD_SPEC_F_ARGV = 1u << 0,       /* arg 1 is an argv array (execve, failed) */
    DD_SPEC_F_ARGV2 = 1u << 1,      /* arg 2 is an argv array (execveat, failed) */
    DD_SPEC_F_STR_NOPATH = 1u << 2, /* str[0] is a name, not a path: no base dir */
    DD_SPEC_F_FDPATH = 1u << 3,     /* also resolve the described file's path */
    DD_SPEC_F_EMPTY_FD = 1u << 4,   /* AT_EMPTY_PATH style: empty str means the dirfd itself */
};
struct dd_sc_spec {
    __u8 str[2];   /* argument index + 1 of user strings */
    __u8 dirfd[2]; /* argument index + 1 of str[i]'s dirfd, or DD_SPEC_CWD */
    __u8 fd;       /* argument index + 1 of the fd to describe, or DD_SPEC_RET */
    __u8 sa;       /* argument index + 1 of a sockaddr pointer (length is the next arg) */
    __u8 flags;    /* DD_SPEC_F_* */
    __u8 pad;
};

/* Per-CPU counters (a PERCPU_ARRAY of one element): exact, never sampled. */
struct dd_stats {
    __u64 events[DD_EV_NTYPES]; /* records written */
    __u64 drops[DD_EV_NTYPES];  /* records lost because the ring was full */
    __u64 truncated;            /* strings cut at their bound */
    __u64 wakeups;              /* forced wakeups (ring fuller than the threshold) */
    __u64 first_full;           /* first-occurrence mode: facts not kept, table full */
};

/* Raw mode's per-cgroup syscall counts, for `drydock profile`. */
struct dd_raw_key {
    __u64 cgroup_id;
    __u32 nr;
    __u32 pad;
};

/* Raw mode, first occurrences (DD_SENSOR_RAW_FIRST, for `drydock profile`): a fact is what
 * one syscall exit or capability check says about a process, and only its first
 * occurrence becomes a record; the kernel counts the others under this key. The process
 * is named by tgid, program image (exec_id), seccomp state, uid and comm, so a fact seen
 * before an exec, a new filter, a setuid or a rename is a new fact after it. Every
 * field is set (no padding): the key is hashed as bytes. */
struct dd_first_key {
    __u64 cgroup_id;
    __u64 exec_id; /* task->self_exec_id: counts the execs of the task's line */
    __u64 seccomp; /* seccomp mode << 32 | filters installed */
    __u64 arg[2];  /* arguments 0 and 1 under the caller's masks (dd_sensor_config) */
    __s64 ret;     /* DD_EV_RAW: 0 for any success, else -errno; DD_EV_CAP: the result */
    __u32 tgid;
    __u32 uid;
    __s32 cap;  /* DD_EV_CAP: the capability; DD_EV_RAW: the one refused during a call
                 * that failed with EPERM or EACCES (DD_SENSOR_RAW_CAUSE), else -1 */
    __u16 type; /* DD_EV_RAW or DD_EV_CAP */
    __u16 nr;   /* DD_EV_RAW: the syscall */
    char comm[DD_EV_COMM];
};

/* Raw mode, first occurrences: per CPU and syscall number, the last fact and its
 * occurrences not yet added to the kernel's table (read back by dd_sensor_first_counts). */
struct dd_first_slot {
    struct dd_first_key key;
    __u64 pending;
};

/* Which bits of arguments 0 and 1 make a syscall's facts distinct (0: not at all). */
struct dd_first_args {
    __u64 mask[2];
};

/* A DD_EV_RAW record in first-occurrence mode: the key its later occurrences are counted
 * under; counted == 0 when the kernel could not keep the key (its table was full), and
 * then every occurrence is a record. */
struct dd_ev_raw_first {
    struct dd_ev_raw raw;
    struct dd_first_key key;
    __u64 counted;
};
