// SPDX-License-Identifier: GPL-2.0
/* drydock watch: the kernel side of the sensor. Tracepoints only (tp_btf), so it loads
 * where kprobes, fentry and BPF-LSM do not, and CO-RE, so one object runs on every kernel
 * with BTF.
 *
 * Decisions are taken at sys_exit: a syscall refused by seccomp never reaches sys_enter
 * but does reach sys_exit, and at sys_exit the argument registers still hold what the
 * process passed. Every syscall pays one bitmap test (interest, set from the loaded
 * rules); only selected ones build a record. Records go to a ring buffer of the CPU they
 * happen on, without a wakeup unless the ring is filling up: user space polls, so a busy
 * system pays no wakeup per event.
 *
 * Everything read from a process's memory (paths, argv, sockaddrs) is untrusted and
 * may change under us; it is copied once, bounded, and user space treats it as such. */
#include "vmlinux.h"
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_endian.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

#include "watch/event.h"

char LICENSE[] SEC("license") = "GPL"; /* tp_btf needs a GPL-compatible program */

/* Configuration, fixed at load time (the verifier then drops the unused branches). */
const volatile __u32 self_tgid = 0;              /* drydock itself: never traced */
const volatile __u64 self_ns_dev = 0;            /* ...its pid namespace, which self_tgid is */
const volatile __u64 self_ns_ino = 0;            /* relative to (a container's, say) */
const volatile __u32 argv_max = 4096;            /* bytes of argv kept at exec */
const volatile __u32 env_max = 0;                /* bytes of environment kept at exec (0: none) */
const volatile __u64 wakeup_bytes = 0;           /* wake the reader when a ring holds this much */
const volatile __u8 filter_cgroups = 0;          /* only cgroups present in the `cgroups` map */
const volatile __u8 raw_mode = 0;                /* DD_RAW_COUNT | DD_RAW_RECORD */
const volatile __u64 interest[DD_NR_WORDS] = {}; /* syscalls that make a record */

#define DD_RAW_COUNT  1
#define DD_RAW_RECORD 2
#define DD_RAW_FIRST  4 /* records of first occurrences only, the rest counted */
#define DD_RAW_CAUSE  8 /* raw facts name the capability refused during the call */

/* DD_RAW_FIRST: which bits of arguments 0 and 1 make a syscall's facts distinct. */
const volatile struct dd_first_args first_args[DD_NR_MAX] = {};

struct ringbuf_tmpl {
    __uint(type, BPF_MAP_TYPE_RINGBUF);
    __uint(max_entries, 1 << 22);
};

/* One ring per CPU (inner maps created by user space at the size it chose). */
struct {
    __uint(type, BPF_MAP_TYPE_ARRAY_OF_MAPS);
    __uint(max_entries, 1); /* resized to the number of possible CPUs before load */
    __type(key, __u32);
    __array(values, struct ringbuf_tmpl);
} rings SEC(".maps");

struct {
    __uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
    __uint(max_entries, 1);
    __type(key, __u32);
    __type(value, struct dd_stats);
} stats SEC(".maps");

/* Record under construction: twice the largest record so that a bounded write at any
 * offset below DD_EV_BUF stays inside. */
struct scratch {
    char buf[2 * DD_EV_BUF];
};
struct {
    __uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
    __uint(max_entries, 1);
    __type(key, __u32);
    __type(value, struct scratch);
} scratch SEC(".maps");

/* A path is assembled right to left here before it is copied into the record; the walk's
 * state lives here too, so that the verifier sees one opaque step (bpf_loop) rather than
 * every combination of branches over DD_PATH_DEPTH iterations. */
struct pathbuf {
    char buf[2 * DD_PATH_BUF];
    struct dentry *d, *root_d;
    struct vfsmount *vm, *root_m;
    __u32 pos;
    __u32 done;
};
struct {
    __uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
    __uint(max_entries, 1);
    __type(key, __u32);
    __type(value, struct pathbuf);
} pathbuf SEC(".maps");

struct {
    __uint(type, BPF_MAP_TYPE_ARRAY);
    __uint(max_entries, DD_NR_MAX);
    __type(key, __u32);
    __type(value, struct dd_sc_spec);
} specs SEC(".maps");

/* cgroup filter (filter_cgroups): ids user space wants to see. */
struct {
    __uint(type, BPF_MAP_TYPE_HASH);
    __uint(max_entries, 4096);
    __type(key, __u64);
    __type(value, __u8);
} cgroups SEC(".maps");

/* cgroups already named to user space; a miss sends a DD_EV_CGROUP record first. */
struct {
    __uint(type, BPF_MAP_TYPE_LRU_HASH);
    __uint(max_entries, 8192);
    __type(key, __u64);
    __type(value, __u8);
} cgroup_seen SEC(".maps");

struct {
    __uint(type, BPF_MAP_TYPE_HASH);
    __uint(max_entries, 65536);
    __type(key, struct dd_raw_key);
    __type(value, __u64);
} raw_counts SEC(".maps");

/* DD_RAW_FIRST: every fact seen and how often (sized by user space; 1 entry when unused). */
struct {
    __uint(type, BPF_MAP_TYPE_HASH);
    __uint(max_entries, 1);
    __type(key, struct dd_first_key);
    __type(value, __u64);
} first_seen SEC(".maps");

/* DD_RAW_FIRST: per CPU and syscall number, the last fact and its occurrences not yet
 * added to first_seen. A loop repeating one call is counted here, without hashing. */
struct {
    __uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
    __uint(max_entries, 1); /* DD_NR_MAX when used */
    __type(key, __u32);
    __type(value, struct dd_first_slot);
} first_cache SEC(".maps");

/* DD_RAW_CAUSE: the capability last refused to a thread, taken by its next syscall exit
 * (the call the check was made in). */
struct {
    __uint(type, BPF_MAP_TYPE_HASH);
    __uint(max_entries, 1);
    __type(key, __u32);
    __type(value, __s32);
} cap_cause SEC(".maps");

/* kernfs_node::parent was renamed __parent (6.15); CO-RE picks whichever exists. */
struct kernfs_node___old {
    struct kernfs_node *parent;
} __attribute__((preserve_access_index));
struct kernfs_node___new {
    struct kernfs_node *__parent;
} __attribute__((preserve_access_index));

/* inode times moved from struct timespec64 i_ctime to i_ctime_sec/nsec (6.11). */
struct inode___ts {
    struct timespec64 __i_ctime;
    struct timespec64 i_mtime;
} __attribute__((preserve_access_index));

#define S_IFMT                00170000
#define S_IFSOCK              0140000
#define S_IFDIR               0040000
#define S_IFIFO               0010000
#define S_IFREG               0100000
#define AF_UNIX               1
#define AF_INET               2
#define AF_INET6              10
#define OVERLAYFS_SUPER_MAGIC 0x794c7630
#define AT_FDCWD              -100

static __always_inline struct dd_stats *cpu_stats(void)
{
    __u32 zero = 0;
    return bpf_map_lookup_elem(&stats, &zero);
}

static __always_inline void *scratch_buf(void)
{
    __u32 zero = 0;
    return bpf_map_lookup_elem(&scratch, &zero);
}

/* Write a record to this CPU's ring. A full ring is counted, never silent. */
static __always_inline int submit(void *rec, __u32 size, __u16 type)
{
    struct dd_stats *st = cpu_stats();
    __u32 cpu = bpf_get_smp_processor_id();
    void *rb = bpf_map_lookup_elem(&rings, &cpu);
    __u64 sz = size;
    barrier_var(sz);
    if (sz > DD_EV_BUF)
        sz = DD_EV_BUF;
    if (type >= DD_EV_NTYPES)
        return -1;
    if (!rb) {
        if (st)
            st->drops[type]++;
        return -1;
    }
    __u64 flags = BPF_RB_NO_WAKEUP;
    if (wakeup_bytes && bpf_ringbuf_query(rb, BPF_RB_AVAIL_DATA) >= wakeup_bytes) {
        flags = BPF_RB_FORCE_WAKEUP;
        if (st)
            st->wakeups++;
    }
    ((struct dd_ev_hdr *)rec)->size = sz;
    long err = bpf_ringbuf_output(rb, rec, sz, flags);
    if (st) {
        if (err)
            st->drops[type]++;
        else
            st->events[type]++;
    }
    return err ? -1 : 0;
}

static __always_inline __u32 encode_dev(__u32 major, __u32 minor)
{
    return (minor & 0xff) | (major << 8) | ((minor & ~0xffu) << 12);
}

static __always_inline __u32 pid_nr_in_ns(struct pid *p)
{
    if (!p)
        return 0;
    unsigned int level = p->level; /* a direct load; numbers[level] needs a probe read */
    __u64 base = (__u64)p;
    struct upid up = {};
    bpf_probe_read_kernel(&up, sizeof(up),
                          (void *)(base + bpf_core_field_offset(struct pid, numbers) +
                                   (level & 31) * sizeof(struct upid)));
    return up.nr;
}

static __always_inline void fill_task(struct dd_ev_task *t, struct task_struct *task)
{
    __u64 pid_tgid = bpf_get_current_pid_tgid();
    t->pid = pid_tgid >> 32;
    t->tid = (__u32)pid_tgid;
    t->cgroup_id = bpf_get_current_cgroup_id();
    struct task_struct *leader = task->group_leader;
    t->start_ns = leader->start_time;
    t->ppid = task->real_parent->tgid;
    const struct cred *cred = task->cred;
    t->uid = cred->uid.val;
    t->gid = cred->gid.val;
    t->euid = cred->euid.val;
    t->egid = cred->egid.val;
    /* kernel_cap_t was two u32 before 6.3 and one u64 since: the same 8 bytes, and the
     * three sets are contiguous (inheritable, permitted, effective): one read */
    __u64 caps[3];
    bpf_probe_read_kernel(caps, sizeof(caps), &cred->cap_inheritable);
    t->cap_inh = caps[0];
    t->cap_prm = caps[1];
    t->cap_eff = caps[2];
    if (bpf_core_field_exists(task->loginuid))
        t->loginuid = task->loginuid.val;
    else
        t->loginuid = (__u32)-1;
    struct tty_struct *tty = task->signal->tty;
    t->tty = 0;
    if (tty) {
        struct tty_driver *drv = tty->driver;
        t->tty = encode_dev(drv->major, drv->minor_start + tty->index);
    }
    t->vpid = pid_nr_in_ns(leader->thread_pid);
    t->vtid = t->tid == t->pid ? t->vpid : pid_nr_in_ns(task->thread_pid);
    bpf_get_current_comm(t->comm, sizeof(t->comm));
}

static __always_inline void fill_hdr(struct dd_ev_hdr *h, __u16 type, __u16 nr,
                                     struct task_struct *task)
{
    h->ts = bpf_ktime_get_ns();
    h->type = type;
    h->nr = nr;
    h->size = 0;
    fill_task(&h->task, task);
}

static __always_inline struct kernfs_node *kn_parent(struct kernfs_node *kn)
{
    struct kernfs_node___new *n = (void *)kn;
    if (bpf_core_field_exists(n->__parent))
        return BPF_CORE_READ(n, __parent);
    return BPF_CORE_READ((struct kernfs_node___old *)kn, parent);
}

/* Name a cgroup to user space the first time it is seen: the directory name survives in
 * the kernel after a short-lived container's cgroup is gone from the filesystem. */
static __always_inline void note_cgroup(struct task_struct *task, __u64 id)
{
    if (bpf_map_lookup_elem(&cgroup_seen, &id))
        return;
    struct dd_ev_cgroup *ev = scratch_buf();
    if (!ev)
        return;
    fill_hdr(&ev->h, DD_EV_CGROUP, 0, task);
    ev->id = id;
    struct kernfs_node *kn = BPF_CORE_READ(task, cgroups, dfl_cgrp, kn);
#pragma unroll
    for (int i = 0; i < DD_CGROUP_LEVELS; i++) {
        ev->name[i][0] = 0;
        if (!kn)
            continue;
        const char *name = BPF_CORE_READ(kn, name);
        bpf_probe_read_kernel_str(ev->name[i], DD_CGROUP_NAME, name);
        kn = kn_parent(kn);
    }
    if (submit(ev, sizeof(*ev), DD_EV_CGROUP) == 0) {
        __u8 one = 1;
        bpf_map_update_elem(&cgroup_seen, &id, &one, BPF_ANY);
    }
}

static __always_inline bool wanted(__u64 cgid)
{
    /* In a container getpid() is a number in the container's pid namespace, not the
     * kernel's: compare there, or drydock would alert on its own use of the daemon's
     * socket. */
    if (self_ns_ino) {
        struct bpf_pidns_info ns;
        if (bpf_get_ns_current_pid_tgid(self_ns_dev, self_ns_ino, &ns, sizeof ns) == 0 &&
            ns.tgid == self_tgid)
            return false;
    } else if (self_tgid && (bpf_get_current_pid_tgid() >> 32) == self_tgid) {
        return false;
    }
    if (filter_cgroups && !bpf_map_lookup_elem(&cgroups, &cgid))
        return false;
    return true;
}

/* Where a string at `off` goes: offsets are masked so the verifier sees a bounded write. */
static __always_inline char *AT(char *buf, __u32 off)
{
    __u64 o = off;
    barrier_var(o); /* keep the mask: clang would drop it after a range check */
    o &= DD_EV_BUF - 1;
    return buf + o;
}

/* Room left for a string at `off` (records never exceed DD_EV_BUF). */
static __always_inline __u32 room(__u32 off, __u32 want)
{
    if (off >= DD_EV_BUF)
        return 0;
    __u32 left = DD_EV_BUF - off;
    return want < left ? want : left;
}

static __always_inline struct pathbuf *path_state(void)
{
    __u32 zero = 0;
    return bpf_map_lookup_elem(&pathbuf, &zero);
}

/* One step of the walk up from a dentry: prepend its name, or cross a mount point. */
static long path_step(__u32 i, void *unused)
{
    struct pathbuf *pb = path_state();
    if (!pb)
        return 1;
    struct dentry *d = pb->d;
    struct vfsmount *vm = pb->vm;
    if (d == pb->root_d && vm == pb->root_m)
        return 1;
    struct dentry *mnt_root = BPF_CORE_READ(vm, mnt_root);
    struct dentry *parent = BPF_CORE_READ(d, d_parent);
    if (d == mnt_root) {
        struct mount *mnt = container_of(vm, struct mount, mnt);
        struct mount *mp = BPF_CORE_READ(mnt, mnt_parent);
        if (mp == mnt)
            return 1; /* the root of a tree: outside the task's root (chroot) */
        pb->d = BPF_CORE_READ(mnt, mnt_mountpoint);
        pb->vm = &mp->mnt;
        return 0;
    }
    struct qstr q = BPF_CORE_READ(d, d_name);
    __u32 len = q.len, pos = pb->pos;
    if (len > 255 || pos >= DD_PATH_BUF || len + 1 > pos)
        return 1;
    pos -= len;
    bpf_probe_read_kernel(&pb->buf[pos & (DD_PATH_BUF - 1)], len & 255, q.name);
    if (d == parent) {
        /* unattached (memfd, pipe): the name alone, as /proc shows it */
        pb->pos = pos;
        pb->done = 1;
        return 1;
    }
    pos -= 1;
    pb->buf[pos & (DD_PATH_BUF - 1)] = '/';
    pb->pos = pos;
    pb->d = parent;
    return 0;
}

/* Assemble the path of (dentry, vfsmount) as the task sees it (up to its root) and copy
 * it to dst (inside the record buffer), at most `max` bytes. Returns the bytes written
 * with the NUL, 0 on failure. Mount points are crossed through struct mount; a file with
 * no name in any mounted tree (memfd, pipe) is named by its dentry alone. */
static __noinline __u32 put_path(char *dst, __u32 max, struct dentry *d, struct vfsmount *vm,
                                 struct task_struct *task)
{
    struct pathbuf *pb = path_state();
    if (!pb || !d || !max)
        return 0;
    pb->root_d = BPF_CORE_READ(task, fs, root.dentry);
    pb->root_m = BPF_CORE_READ(task, fs, root.mnt);
    pb->d = d;
    pb->vm = vm;
    pb->pos = DD_PATH_BUF - 1;
    pb->done = 0;
    pb->buf[DD_PATH_BUF - 1] = 0;
    bpf_loop(DD_PATH_DEPTH, path_step, NULL, 0);
    __u32 pos = pb->pos;
    if (pos >= DD_PATH_BUF)
        return 0;
    if (pos == DD_PATH_BUF - 1) {
        pos -= 1;
        pb->buf[pos & (DD_PATH_BUF - 1)] = '/';
    }
    __u64 sz = max;
    barrier_var(sz);
    sz &= 2 * DD_PATH_BUF - 1;
    if (sz > DD_PATH_BUF)
        sz = DD_PATH_BUF;
    long n = bpf_probe_read_kernel_str(dst, sz, &pb->buf[pos & (DD_PATH_BUF - 1)]);
    return n > 0 ? n : 0;
}

static __always_inline struct file *fd_file(struct task_struct *task, int fd)
{
    if (fd < 0)
        return NULL;
    struct fdtable *fdt = BPF_CORE_READ(task, files, fdt);
    if (!fdt || (unsigned int)fd >= BPF_CORE_READ(fdt, max_fds))
        return NULL;
    struct file **arr = BPF_CORE_READ(fdt, fd);
    struct file *f = NULL;
    bpf_probe_read_kernel(&f, sizeof(f), &arr[fd & 0xfffff]);
    return f;
}

/* Describe fd `fd` of `task` into `out`; with want_path, the file's path (or a unix
 * socket's bound path) goes to buf+off. Returns the bytes written there. */
static __noinline __u32 describe_fd(char *dst, struct dd_ev_fd *out, struct task_struct *task,
                                    int fd, bool want_path)
{
    out->num = fd;
    struct file *f = fd_file(task, fd);
    if (!f)
        return 0;
    struct inode *ino = BPF_CORE_READ(f, f_inode);
    __u32 mode = BPF_CORE_READ(ino, i_mode);
    out->mode = mode;
    out->fmode = BPF_CORE_READ(f, f_mode);
    out->ino = BPF_CORE_READ(ino, i_ino);
    switch (mode & S_IFMT) {
    case S_IFSOCK: {
        out->kind = DD_FD_SOCK;
        struct socket *sock = BPF_CORE_READ(f, private_data);
        struct sock *sk = BPF_CORE_READ(sock, sk);
        if (!sk)
            return 0;
        out->family = BPF_CORE_READ(sk, __sk_common.skc_family);
        out->sotype = BPF_CORE_READ(sk, sk_type);
        out->l4proto = BPF_CORE_READ_BITFIELD_PROBED(sk, sk_protocol);
        if (out->family == AF_INET) {
            __u32 l = BPF_CORE_READ(sk, __sk_common.skc_rcv_saddr);
            __u32 r = BPF_CORE_READ(sk, __sk_common.skc_daddr);
            __builtin_memcpy(out->laddr, &l, 4);
            __builtin_memcpy(out->raddr, &r, 4);
        } else if (out->family == AF_INET6) {
            BPF_CORE_READ_INTO(&out->laddr, sk, __sk_common.skc_v6_rcv_saddr);
            BPF_CORE_READ_INTO(&out->raddr, sk, __sk_common.skc_v6_daddr);
        }
        if (out->family == AF_INET || out->family == AF_INET6) {
            out->lport = BPF_CORE_READ(sk, __sk_common.skc_num);
            out->rport = bpf_ntohs(BPF_CORE_READ(sk, __sk_common.skc_dport));
        } else if (out->family == AF_UNIX && want_path) {
            /* our own bound path, else the peer's (a client of /var/run/docker.sock) */
            struct unix_sock *us = (struct unix_sock *)sk;
            struct unix_address *ua = BPF_CORE_READ(us, addr);
            if (!ua) {
                struct sock *peer = BPF_CORE_READ(us, peer);
                if (peer)
                    ua = BPF_CORE_READ((struct unix_sock *)peer, addr);
            }
            if (ua) {
                long n = bpf_probe_read_kernel_str(dst, DD_SOCKADDR_PATH, &ua->name[0].sun_path);
                return n > 0 ? n : 0;
            }
        }
        return 0;
    }
    case S_IFDIR:
        out->kind = DD_FD_DIR;
        break;
    case S_IFIFO:
        out->kind = DD_FD_PIPE;
        return 0;
    case S_IFREG:
        out->kind = DD_FD_FILE;
        break;
    default:
        out->kind = DD_FD_OTHER;
        break;
    }
    if (!want_path)
        return 0;
    struct path p = BPF_CORE_READ(f, f_path);
    return put_path(dst, DD_PATH_BUF, p.dentry, p.mnt, task);
}

/* Copy a user string argument; returns bytes with the NUL (0 when unreadable). */
static __always_inline __u32 put_user_str(char *buf, __u32 off, __u32 max, const void *p)
{
    if (!p || off >= DD_EV_BUF || max == 0)
        return 0;
    if (max > DD_PATH_BUF)
        max = DD_PATH_BUF;
    /* a mask the verifier can see (the barrier keeps clang from dropping it) */
    __u64 sz = max;
    barrier_var(sz);
    sz &= 2 * DD_PATH_BUF - 1;
    long n = bpf_probe_read_user_str(AT(buf, off), sz, p);
    return n > 0 ? n : 0;
}

/* The directory a relative path argument is relative to. */
static __always_inline __u32 put_base(char *buf, __u32 off, struct task_struct *task,
                                      __u8 dirfd_spec, __u64 *args)
{
    int dfd = AT_FDCWD;
    if (dirfd_spec >= 1 && dirfd_spec <= 6)
        dfd = (int)args[(dirfd_spec - 1) & 7];
    if (dfd == AT_FDCWD) {
        struct path pwd = BPF_CORE_READ(task, fs, pwd);
        return put_path(AT(buf, off), room(off, DD_PATH_BUF), pwd.dentry, pwd.mnt, task);
    }
    struct file *f = fd_file(task, dfd);
    if (!f)
        return 0;
    struct path p = BPF_CORE_READ(f, f_path);
    return put_path(AT(buf, off), room(off, DD_PATH_BUF), p.dentry, p.mnt, task);
}

/* argv of a failed execve: the pointers are still the caller's. */
static __always_inline __u32 put_argv(char *buf, __u32 off, const char *const *argv)
{
    __u32 start = off;
#pragma unroll
    for (int i = 0; i < 16; i++) {
        const char *a = NULL;
        if (bpf_probe_read_user(&a, sizeof(a), &argv[i]) || !a)
            break;
        __u32 n = put_user_str(buf, off, room(off, 512), a);
        if (!n)
            break;
        off += n;
    }
    return off - start;
}

static __always_inline void decode_sockaddr(struct dd_ev_sa *sa, char *buf, __u32 *off, __u16 *slen,
                                            const void *uaddr, __u64 len)
{
    struct {
        __u16 family;
        char data[126];
    } ss = {};
    if (!uaddr || len < 2)
        return;
    if (len > sizeof(ss))
        len = sizeof(ss);
    if (bpf_probe_read_user(&ss, len & 127, uaddr))
        return;
    sa->family = ss.family;
    if (ss.family == AF_INET) {
        struct sockaddr_in *in = (void *)&ss;
        sa->port = bpf_ntohs(in->sin_port);
        __builtin_memcpy(sa->addr, &in->sin_addr, 4);
    } else if (ss.family == AF_INET6) {
        struct sockaddr_in6 *in6 = (void *)&ss;
        sa->port = bpf_ntohs(in6->sin6_port);
        __builtin_memcpy(sa->addr, &in6->sin6_addr, 16);
    } else if (ss.family == AF_UNIX && *off < DD_EV_BUF) {
        long n = bpf_probe_read_kernel_str(AT(buf, *off), DD_SOCKADDR_PATH, ss.data);
        if (n > 0) {
            slen[DD_STR_SA] = n;
            *off += n;
        }
    }
}

static __always_inline void raw_count(__u64 cgid, __u32 nr)
{
    struct dd_raw_key k = {.cgroup_id = cgid, .nr = nr};
    __u64 *c = bpf_map_lookup_elem(&raw_counts, &k);
    if (c) {
        __sync_fetch_and_add(c, 1);
    } else {
        __u64 one = 1;
        bpf_map_update_elem(&raw_counts, &k, &one, BPF_NOEXIST);
    }
}

static __always_inline void read_args(struct pt_regs *regs, __u64 *a)
{
    a[0] = regs->di;
    a[1] = regs->si;
    a[2] = regs->dx;
    a[3] = regs->r10;
    a[4] = regs->r8;
    a[5] = regs->r9;
}

static __noinline int do_raw(struct pt_regs *regs, __u32 nr, long ret, __u64 cgid)
{
    if (raw_mode & DD_RAW_COUNT)
        raw_count(cgid, nr);
    if (!(raw_mode & DD_RAW_RECORD))
        return 0;
    struct dd_ev_raw *ev = scratch_buf();
    if (!ev)
        return 0;
    struct task_struct *task = bpf_get_current_task_btf();
    fill_hdr(&ev->h, DD_EV_RAW, nr, task);
    ev->ret = ret;
    read_args(regs, ev->args);
    return submit(ev, sizeof(*ev), DD_EV_RAW);
}

/* The process part of a fact: who, in which program image and under which filter. */
static __always_inline void fact_key(struct dd_first_key *k, struct task_struct *task, __u64 cgid,
                                     __u16 type, __u16 nr, __s64 ret, __s32 cap)
{
    k->cgroup_id = cgid;
    k->exec_id = task->self_exec_id;
    k->seccomp = 0;
    if (bpf_core_field_exists(task->seccomp)) {
        __u64 n = 0;
        if (bpf_core_field_exists(task->seccomp.filter_count))
            n = (__u32)task->seccomp.filter_count.counter;
        k->seccomp = (__u64)(__u32)task->seccomp.mode << 32 | n;
    }
    k->arg[0] = 0;
    k->arg[1] = 0;
    k->ret = ret;
    k->tgid = task->tgid;
    k->uid = task->cred->uid.val;
    k->cap = cap;
    k->type = type;
    k->nr = nr;
    /* two loads rather than a helper call (the record's header has the padded copy) */
    __builtin_memcpy(k->comm, task->comm, sizeof(k->comm));
}

static __always_inline bool same_fact(const struct dd_first_key *a, const struct dd_first_key *b)
{
    const __u64 *x = (const void *)a, *y = (const void *)b;
#pragma unroll
    for (int i = 0; i < sizeof(*a) / 8; i++)
        if (x[i] != y[i])
            return false;
    return true;
}

/* Is this fact new? Counts it when it is not. 1: new (kept in first_seen when it could
 * be: *kept), 0: seen before. */
static __always_inline int first_time(struct dd_first_key *k, bool *kept)
{
    __u64 *c = bpf_map_lookup_elem(&first_seen, k);
    if (c) {
        __sync_fetch_and_add(c, 1);
        return 0;
    }
    __u64 one = 1;
    long err = bpf_map_update_elem(&first_seen, k, &one, BPF_NOEXIST);
    if (err == -17 /* EEXIST: another CPU, just now */) {
        c = bpf_map_lookup_elem(&first_seen, k);
        if (c)
            __sync_fetch_and_add(c, 1);
        return 0;
    }
    *kept = err == 0;
    if (err) {
        struct dd_stats *st = cpu_stats();
        if (st)
            st->first_full++;
    }
    return 1;
}

/* The capability refused during the call now returning, if it failed for lack of one. */
static __always_inline __s32 take_cause(long ret)
{
    __u32 tid = (__u32)bpf_get_current_pid_tgid();
    __s32 *c = bpf_map_lookup_elem(&cap_cause, &tid);
    if (!c)
        return -1;
    __s32 cap = *c;
    bpf_map_delete_elem(&cap_cause, &tid);
    return ret == -1 /* EPERM */ || ret == -13 /* EACCES */ ? cap : -1;
}

/* Raw mode, first occurrences: a fact already seen on this CPU just now costs a compare;
 * one seen before costs a hash lookup; a new one is a record. */
static __noinline int first_raw(struct pt_regs *regs, __u32 nr, long ret, __u64 cgid)
{
    __u32 idx = nr;
    struct dd_first_slot *slot = bpf_map_lookup_elem(&first_cache, &idx);
    if (!slot)
        return 0;
    bool maybe = slot->key.cgroup_id == cgid;
    if (!maybe && !wanted(cgid))
        return 0;
    struct task_struct *task = bpf_get_current_task_btf();
    __s32 cap = (raw_mode & DD_RAW_CAUSE) ? take_cause(ret) : -1;
    struct dd_first_key k;
    fact_key(&k, task, cgid, DD_EV_RAW, nr, ret < 0 ? ret : 0, cap);
    k.arg[0] = regs->di & first_args[nr & (DD_NR_MAX - 1)].mask[0];
    k.arg[1] = regs->si & first_args[nr & (DD_NR_MAX - 1)].mask[1];
    if (maybe) {
        if (same_fact(&k, &slot->key)) {
            slot->pending++;
            return 0;
        }
        if (!wanted(cgid))
            return 0;
    }
    /* The slot now holds this fact: what it counted goes to the table first. */
    if (slot->pending) {
        __u64 *c = bpf_map_lookup_elem(&first_seen, &slot->key);
        if (c)
            __sync_fetch_and_add(c, slot->pending);
        slot->pending = 0;
    }
    bool kept = false;
    if (!first_time(&k, &kept)) {
        slot->key = k;
        return 0;
    }
    slot->key.cgroup_id = 0; /* until it is kept and recorded */
    struct dd_ev_raw_first *ev = scratch_buf();
    if (!ev)
        return 0;
    fill_hdr(&ev->raw.h, DD_EV_RAW, nr, task);
    ev->raw.ret = ret;
    read_args(regs, ev->raw.args);
    ev->key = k;
    ev->counted = kept;
    if (submit(ev, sizeof(*ev), DD_EV_RAW) < 0) {
        /* lost (counted as a drop): forget it, so its next occurrence is recorded */
        if (kept)
            bpf_map_delete_elem(&first_seen, &k);
        return 0;
    }
    if (kept)
        slot->key = k;
    return 0;
}

static __noinline int do_syscall(struct pt_regs *regs, __u32 nr, long ret)
{
    struct dd_sc_spec *spec = bpf_map_lookup_elem(&specs, &nr);
    if (!spec)
        return 0;
    /* A successful execve is reported by sched_process_exec, with the new image. */
    if ((spec->flags & (DD_SPEC_F_ARGV | DD_SPEC_F_ARGV2)) && ret == 0)
        return 0;
    struct task_struct *task = bpf_get_current_task_btf();
    note_cgroup(task, bpf_get_current_cgroup_id());
    char *buf = scratch_buf();
    if (!buf)
        return 0;
    struct dd_ev_syscall *ev = (void *)buf;
    fill_hdr(&ev->h, DD_EV_SYSCALL, nr, task);
    ev->ret = ret;
    read_args(regs, ev->args);
    __builtin_memset(&ev->fd, 0, sizeof(ev->fd));
    __builtin_memset(&ev->sa, 0, sizeof(ev->sa));
    ev->fd.num = -1;
#pragma unroll
    for (int i = 0; i < DD_EV_NSTR; i++)
        ev->slen[i] = 0;
    __u32 off = sizeof(*ev);
    /* String slots are written in slot order so user space can walk them. */
#pragma unroll
    for (int i = 0; i < 2; i++) {
        __u8 a = spec->str[i];
        if (a < 1 || a > 6)
            continue;
        __u32 n =
            put_user_str(buf, off, room(off, DD_PATH_BUF), (const void *)ev->args[(a - 1) & 7]);
        ev->slen[i] = n;
        off += n;
    }
#pragma unroll
    for (int i = 0; i < 2; i++) {
        __u8 a = spec->str[i];
        if (a < 1 || a > 6 || !ev->slen[i] || !spec->dirfd[i])
            continue;
        /* only a relative path needs its base; the first byte tells */
        char first = 0;
        bpf_probe_read_user(&first, 1, (const void *)ev->args[(a - 1) & 7]);
        if (first == '/')
            continue;
        if (first == 0 && !(spec->flags & DD_SPEC_F_EMPTY_FD))
            continue;
        __u32 n = put_base(buf, off, task, spec->dirfd[i], ev->args);
        ev->slen[DD_STR_BASE0 + i] = n;
        off += n;
    }
    if (spec->fd) {
        int fd = spec->fd == DD_SPEC_RET ? (int)ret : (int)ev->args[(spec->fd - 1) & 7];
        if (fd >= 0) {
            __u32 n =
                off + DD_PATH_BUF <= DD_EV_BUF
                    ? describe_fd(AT(buf, off), &ev->fd, task, fd, spec->flags & DD_SPEC_F_FDPATH)
                    : describe_fd(AT(buf, off), &ev->fd, task, fd, false);
            ev->slen[DD_STR_FDPATH] = n;
            off += n;
        }
    }
    if (spec->sa >= 1 && spec->sa <= 5) {
        __u8 a = spec->sa - 1;
        decode_sockaddr(&ev->sa, buf, &off, ev->slen, (const void *)ev->args[a & 7],
                        ev->args[(a + 1) & 7]);
    }
    if (spec->flags & (DD_SPEC_F_ARGV | DD_SPEC_F_ARGV2)) {
        int ai = (spec->flags & DD_SPEC_F_ARGV) ? 1 : 2;
        __u32 n = put_argv(buf, off, (const char *const *)ev->args[ai]);
        ev->slen[DD_STR_ARGV] = n;
        off += n;
    }
    return submit(buf, off, DD_EV_SYSCALL);
}

SEC("tp_btf/sys_exit")
int BPF_PROG(dd_sys_exit, struct pt_regs *regs, long ret)
{
    long nr = regs->orig_ax;
    if ((unsigned long)nr >= DD_NR_MAX)
        return 0;
    if (raw_mode & DD_RAW_FIRST) {
        first_raw(regs, nr, ret, bpf_get_current_cgroup_id());
    } else if (raw_mode) {
        __u64 cgid = bpf_get_current_cgroup_id();
        if (wanted(cgid))
            do_raw(regs, nr, ret, cgid);
    }
    /* The one test every syscall pays. */
    if (!(interest[(nr >> 6) & (DD_NR_WORDS - 1)] & (1ULL << (nr & 63))))
        return 0;
    if (!wanted(bpf_get_current_cgroup_id()))
        return 0;
    return do_syscall(regs, nr, ret);
}

/* Multigrain timestamps (6.13) keep a flag in the top bit of i_ctime_nsec. */
static __always_inline __s64 ts_ns(__s64 sec, __u32 nsec)
{
    nsec &= 0x3fffffff;
    return sec * 1000000000LL + nsec;
}

SEC("tp_btf/sched_process_exec")
int BPF_PROG(dd_exec, struct task_struct *p, pid_t old_pid, struct linux_binprm *bprm)
{
    __u64 cgid = bpf_get_current_cgroup_id();
    if (!wanted(cgid))
        return 0;
    struct task_struct *task = bpf_get_current_task_btf();
    note_cgroup(task, cgid);
    char *buf = scratch_buf();
    if (!buf)
        return 0;
    struct dd_ev_exec *ev = (void *)buf;
    fill_hdr(&ev->h, DD_EV_EXEC, 0, task);
#pragma unroll
    for (int i = 0; i < DD_EV_NSTR; i++)
        ev->slen[i] = 0;
    ev->exe_flags = 0;
    ev->argv_truncated = 0;

    struct file *file = BPF_CORE_READ(bprm, file);
    struct inode *ino = BPF_CORE_READ(file, f_inode);
    ev->exe_ino = BPF_CORE_READ(ino, i_ino);
    ev->exe_mode = BPF_CORE_READ(ino, i_mode);
    ev->exe_uid = BPF_CORE_READ(ino, i_uid.val);
    ev->exe_gid = BPF_CORE_READ(ino, i_gid.val);
    if (bpf_core_field_exists(ino->i_ctime_sec)) {
        ev->exe_ctime_ns = ts_ns(BPF_CORE_READ(ino, i_ctime_sec), BPF_CORE_READ(ino, i_ctime_nsec));
        ev->exe_mtime_ns = ts_ns(BPF_CORE_READ(ino, i_mtime_sec), BPF_CORE_READ(ino, i_mtime_nsec));
    } else {
        struct inode___ts *o = (void *)ino;
        ev->exe_ctime_ns =
            ts_ns(BPF_CORE_READ(o, __i_ctime.tv_sec), BPF_CORE_READ(o, __i_ctime.tv_nsec));
        ev->exe_mtime_ns =
            ts_ns(BPF_CORE_READ(o, i_mtime.tv_sec), BPF_CORE_READ(o, i_mtime.tv_nsec));
    }
    if (BPF_CORE_READ(ino, __i_nlink) == 0)
        ev->exe_flags |= DD_EXE_DELETED;
    ev->exe_sb_magic = BPF_CORE_READ(ino, i_sb, s_magic);
    if (ev->exe_sb_magic == OVERLAYFS_SUPER_MAGIC && bpf_core_type_exists(struct ovl_inode)) {
        struct ovl_inode *oi = container_of(ino, struct ovl_inode, vfs_inode);
        if (BPF_CORE_READ(oi, __upperdentry))
            ev->exe_flags |= DD_EXE_UPPER_LAYER;
    }
    struct signal_struct *sig = task->signal;
    struct pid *pg = sig->pids[PIDTYPE_PGID];
    struct pid *sid = sig->pids[PIDTYPE_SID];
    ev->pgid = pg ? BPF_CORE_READ(pg, numbers[0].nr) : 0;
    ev->sid = sid ? BPF_CORE_READ(sid, numbers[0].nr) : 0;
    ev->vpgid = pid_nr_in_ns(pg);

    __u32 off = sizeof(*ev);
    const char *fname = BPF_CORE_READ(bprm, filename);
    long n = bpf_probe_read_kernel_str(AT(buf, off), DD_PATH_BUF, fname);
    ev->slen[DD_EXEC_FILENAME] = n > 0 ? n : 0;
    off += ev->slen[DD_EXEC_FILENAME];

    struct path fp = BPF_CORE_READ(file, f_path);
    __u32 m = put_path(AT(buf, off), room(off, DD_PATH_BUF), fp.dentry, fp.mnt, task);
    ev->slen[DD_EXEC_EXEPATH] = m;
    /* memfd_create names its files "memfd:NAME" on an internal shmem mount */
    if (m > 6 && off < DD_EV_BUF) {
        char *q = AT(buf, off);
        if (q[0] == 'm' && q[1] == 'e' && q[2] == 'm' && q[3] == 'f' && q[4] == 'd' && q[5] == ':')
            ev->exe_flags |= DD_EXE_MEMFD;
    }
    off += m;

    struct mm_struct *mm = task->mm;
    if (mm && off < DD_EV_BUF) {
        unsigned long as = mm->arg_start, ae = mm->arg_end;
        __u32 len = ae > as ? ae - as : 0;
        if (len > argv_max) {
            len = argv_max;
            ev->argv_truncated = 1;
            struct dd_stats *st = cpu_stats();
            if (st)
                st->truncated++;
        }
        len = room(off, len);
        if (len > DD_PATH_BUF)
            len = DD_PATH_BUF;
        if (len && bpf_probe_read_user(AT(buf, off), len & (DD_PATH_BUF - 1), (void *)as) == 0) {
            ev->slen[DD_EXEC_ARGV] = len & (DD_PATH_BUF - 1);
            off += len & (DD_PATH_BUF - 1);
        }
    }

    struct path pwd = BPF_CORE_READ(task, fs, pwd);
    m = put_path(AT(buf, off), room(off, DD_PATH_BUF), pwd.dentry, pwd.mnt, task);
    ev->slen[DD_EXEC_CWD] = m;
    off += m;

    if (env_max && mm && off < DD_EV_BUF) {
        unsigned long es = mm->env_start, ee = mm->env_end;
        __u32 len = ee > es ? ee - es : 0;
        if (len > env_max)
            len = env_max;
        len = room(off, len);
        if (len > DD_PATH_BUF)
            len = DD_PATH_BUF;
        if (len && bpf_probe_read_user(AT(buf, off), len & (DD_PATH_BUF - 1), (void *)es) == 0) {
            ev->slen[DD_EXEC_ENV] = len & (DD_PATH_BUF - 1);
            off += len & (DD_PATH_BUF - 1);
        }
    }

    if (off < DD_EV_BUF) {
        n = bpf_probe_read_kernel_str(AT(buf, off), DD_EV_COMM, task->real_parent->comm);
        ev->slen[DD_EXEC_PCOMM] = n > 0 ? n : 0;
        off += ev->slen[DD_EXEC_PCOMM];
    }
    return submit(buf, off, DD_EV_EXEC);
}

SEC("tp_btf/sched_process_fork")
int BPF_PROG(dd_fork, struct task_struct *parent, struct task_struct *child)
{
    if (child->pid != child->tgid)
        return 0; /* a thread */
    __u64 cgid = bpf_get_current_cgroup_id();
    if (!wanted(cgid))
        return 0;
    struct task_struct *task = bpf_get_current_task_btf();
    struct dd_ev_fork *ev = scratch_buf();
    if (!ev)
        return 0;
    fill_hdr(&ev->h, DD_EV_FORK, 0, task);
    ev->child_pid = child->tgid;
    ev->child_vpid = pid_nr_in_ns(child->thread_pid);
    ev->child_start_ns = child->start_time;
    return submit(ev, sizeof(*ev), DD_EV_FORK);
}

SEC("tp_btf/sched_process_exit")
int BPF_PROG(dd_exit, struct task_struct *p)
{
    struct task_struct *task = bpf_get_current_task_btf();
    if (task->signal->live.counter != 0)
        return 0; /* other threads live on */
    __u64 cgid = bpf_get_current_cgroup_id();
    if (!wanted(cgid))
        return 0;
    struct dd_ev_exit *ev = scratch_buf();
    if (!ev)
        return 0;
    fill_hdr(&ev->h, DD_EV_EXIT, 0, task);
    ev->code = task->exit_code;
    return submit(ev, sizeof(*ev), DD_EV_EXIT);
}

SEC("tp_btf/cap_capable")
int BPF_PROG(dd_cap_capable, const struct cred *cred, struct user_namespace *target_ns,
             const struct user_namespace *capable_ns, int cap, int ret)
{
    __u64 cgid = bpf_get_current_cgroup_id();
    if (!wanted(cgid))
        return 0;
    struct task_struct *task = bpf_get_current_task_btf();
    if ((raw_mode & DD_RAW_CAUSE) && ret != 0) {
        __u32 tid = (__u32)bpf_get_current_pid_tgid();
        __s32 c = cap;
        bpf_map_update_elem(&cap_cause, &tid, &c, BPF_ANY);
    }
    struct dd_first_key k;
    bool kept = false;
    if (raw_mode & DD_RAW_FIRST) {
        fact_key(&k, task, cgid, DD_EV_CAP, 0, ret, cap);
        if (!first_time(&k, &kept))
            return 0;
    }
    note_cgroup(task, cgid);
    struct dd_ev_cap *ev = scratch_buf();
    if (!ev)
        return 0;
    fill_hdr(&ev->h, DD_EV_CAP, 0, task);
    ev->cap = cap;
    ev->ret = ret;
    int err = submit(ev, sizeof(*ev), DD_EV_CAP);
    if (err && kept)
        bpf_map_delete_elem(&first_seen, &k); /* lost: record its next occurrence */
    return err;
}
