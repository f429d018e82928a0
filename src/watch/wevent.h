/* What a rule sees: one event decoded from a sensor record (or made by drydock itself,
 * like a container start), with the process and container it belongs to. Fields
 * (watch/fields.h) are read from here.
 *
 * Ownership: a dd_wevent borrows everything it points at (the ring record, the process
 * table entry, the container entry) for the time of one evaluation; strings computed while
 * fields are read live in `arena`, which the caller resets per event. */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "watch/event.h"
#include "watch/syscalls.h"

/* A process as the process table keeps it (watch/proc.h). */
typedef struct dd_proc {
    uint32_t pid, ppid, vpid;
    uint32_t pgid, sid, vpgid;
    uint64_t start_ns;  /* CLOCK_MONOTONIC: identity together with pid */
    int64_t start_real; /* CLOCK_REALTIME ns */
    uint64_t cgroup_id;
    char comm[DD_EV_COMM];
    char pcomm[DD_EV_COMM]; /* the parent's comm when it exec'd us (parent may be gone) */
    char *exe;              /* argv[0] */
    char *exepath;          /* the executable, resolved */
    char *args;             /* argv[1..] joined with spaces */
    char *cwd;
    char *env; /* NUL-separated, env_len bytes; NULL when not captured */
    size_t env_len;
    uint32_t tty;
    uint32_t uid, gid, loginuid;
    uint64_t exe_ino;
    int64_t exe_ctime, exe_mtime; /* CLOCK_REALTIME ns */
    uint32_t exe_flags;           /* DD_EXE_* */
    uint32_t exe_mode, exe_uid, exe_gid;
    bool from_proc; /* read from /proc at start rather than seen exec'ing */
} dd_proc;

/* A container as the container cache keeps it (watch/containers.h). */
typedef struct dd_mount {
    char *source, *dest, *mode, *propagation;
    bool rw;
} dd_mount;

typedef struct dd_container {
    char id[65];
    char *name;  /* without the leading '/' */
    char *image; /* as the user named it: "nginx:1.25" */
    char *image_id;
    char *image_repo; /* "docker.io/library/nginx" → as Docker reports it: "nginx" */
    char *image_tag;
    char *image_digest;
    char *user;
    char *ip;
    char *healthcheck;    /* the healthcheck command line (CMD-SHELL wrapped as sh -c), or NULL */
    char *labels_json;    /* all labels, JSON object text */
    char *passwd, *group; /* its /etc/passwd and /etc/group, read when it started */
    char *k8s_ns, *k8s_pod;
    dd_mount *mounts;
    size_t nmounts;
    bool privileged, host_pid, host_network, host_ipc;
    int64_t start_real; /* CLOCK_REALTIME ns; 0 unknown */
    bool known;         /* inspected (or named by an event); false: only the id is known */
} dd_container;

/* Event types drydock makes that are not syscalls. */
enum {
    DD_WEV_SYSCALL = 0,
    DD_WEV_EXEC,      /* execve/execveat that succeeded (new image) */
    DD_WEV_CLONE,     /* fork of a process */
    DD_WEV_PROCEXIT,  /* process exit */
    DD_WEV_CONTAINER, /* a container started (from the Docker API) */
};

typedef struct dd_wevent dd_wevent;

/* Strings computed while fields are read (resolved paths, joined lists): bump-allocated
 * in blocks that never move, released all at once per event (dd_warena_reset). */
typedef struct dd_warena_block {
    struct dd_warena_block *next;
    size_t used, cap;
    char data[];
} dd_warena_block;
typedef struct dd_warena {
    dd_warena_block *head;
} dd_warena;
char *dd_warena_alloc(dd_warena *a, size_t n);
char *dd_warena_strndup(dd_warena *a, const char *s, size_t n);
void dd_warena_reset(dd_warena *a); /* keeps the first block */
void dd_warena_free(dd_warena *a);

/* Lookups the fields need beyond the event itself (the process table, names). */
typedef struct dd_wctx {
    const dd_proc *(*proc)(void *ud, uint32_t pid); /* NULL when unknown */
    /* user/group names as the container (or host) defines them; NULL when unknown */
    const char *(*user_name)(void *ud, const dd_wevent *ev, uint32_t uid);
    const char *(*user_home)(void *ud, const dd_wevent *ev, uint32_t uid);
    const char *(*user_shell)(void *ud, const dd_wevent *ev, uint32_t uid);
    const char *(*group_name)(void *ud, const dd_wevent *ev, uint32_t gid);
    const char *hostname;
    void *ud;
} dd_wctx;

struct dd_wevent {
    uint64_t num;         /* evt.num: 1, 2, ... in processing order */
    int64_t ts;           /* CLOCK_REALTIME ns */
    int kind;             /* DD_WEV_* */
    int type;             /* event type index (watch/fields.h dd_evtype_*) */
    const dd_syscall *sc; /* the syscall row (also for exec events: execve/execveat) */
    int64_t ret;
    uint64_t args[6];
    const struct dd_ev_task *task; /* thread facts at the time of the event (never NULL) */
    const struct dd_ev_fd *fd;     /* may be NULL */
    const struct dd_ev_sa *sa;     /* may be NULL */
    const char *str[DD_EV_NSTR];   /* NUL-terminated, or NULL */
    uint32_t slen[DD_EV_NSTR];     /* bytes without the NUL (argv: the whole block) */
    const dd_proc *proc;           /* never NULL for process events */
    const dd_container *ctr;       /* NULL: the host */
    const dd_wctx *ctx;
    dd_warena *arena; /* computed strings; reset by the caller per event */
    /* values several rules read, computed once per event (fields.c) */
    const char *path[2]; /* str0/str1 resolved to absolute paths */
    bool path_done[2];
};
