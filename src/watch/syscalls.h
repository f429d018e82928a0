/* The syscalls the sensor understands, one row each: Falco's event type name, the number
 * on this architecture, how the kernel side reads its arguments (dd_sc_spec), and the
 * names and kinds of the arguments as Falco's evt.arg.NAME fields spell them.
 * The table is static data: nobody owns or frees it. */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "watch/event.h"

/* Where an argument's value comes from in a syscall record. */
typedef enum {
    DD_SRC_ARG0 = 0, /* ..DD_SRC_ARG5: a register argument */
    DD_SRC_RET = 6,  /* the return value */
    DD_SRC_STR0,     /* string slot 0 (resolved against its base when a path) */
    DD_SRC_STR1,
    DD_SRC_SA,   /* the decoded sockaddr argument, as a tuple */
    DD_SRC_FD,   /* the described fd, as Falco renders one: 3(<f>/etc/passwd) */
    DD_SRC_ARGV, /* argv of a failed exec */
} dd_sc_src;

/* How a value is rendered for evt.arg.NAME (evt.rawarg.NAME is always the number). */
typedef enum {
    DD_K_INT = 0, /* signed decimal */
    DD_K_UINT,
    DD_K_HEX,
    DD_K_FD,      /* fd number; -100 renders as AT_FDCWD */
    DD_K_PATH,    /* a path, resolved to an absolute one */
    DD_K_STR,     /* a string as given */
    DD_K_OFLAGS,  /* O_RDONLY|O_CREAT|... */
    DD_K_MODE,    /* S_ISUID|S_IRWXU|... */
    DD_K_PTRACE,  /* PTRACE_ATTACH */
    DD_K_DOMAIN,  /* AF_PACKET */
    DD_K_SOTYPE,  /* SOCK_RAW */
    DD_K_CLONE,   /* CLONE_NEWNS|... */
    DD_K_SIGNAL,  /* SIGKILL */
    DD_K_MOUNT,   /* MS_BIND|... */
    DD_K_BPFCMD,  /* BPF_PROG_LOAD */
    DD_K_ATFLAGS, /* AT_SYMLINK_FOLLOW|... */
    DD_K_MEMFD,   /* MFD_CLOEXEC|... */
    DD_K_RES,     /* result: SUCCESS, or an errno name */
} dd_sc_kind;

typedef struct dd_sc_arg {
    const char *name; /* Falco's parameter name */
    uint8_t src;      /* dd_sc_src */
    uint8_t kind;     /* dd_sc_kind */
} dd_sc_arg;

#define DD_SC_MAXARGS 7

enum {
    DD_SC_OPEN = 1u << 0,    /* an open: evt.is_open_*, fd.name is the path opened */
    DD_SC_EXEC = 1u << 1,    /* execve/execveat */
    DD_SC_NET = 1u << 2,     /* the described fd is a socket */
    DD_SC_FDRET = 1u << 3,   /* returns an fd */
    DD_SC_CREAT = 1u << 4,   /* creat(2): implied O_CREAT|O_WRONLY|O_TRUNC */
    DD_SC_FSPATH = 1u << 5,  /* operates on paths: fs.path.* */
    DD_SC_TWOPATH = 1u << 6, /* source and target paths (link, rename) */
};

typedef struct dd_syscall {
    const char *name; /* Falco's event type: "openat", "execve", ... */
    int nr;
    struct dd_sc_spec spec;
    unsigned flags;                /* DD_SC_* */
    dd_sc_arg args[DD_SC_MAXARGS]; /* terminated by a NULL name */
} dd_syscall;

/* Every row, NULL-terminated name. */
const dd_syscall *dd_syscalls(void);
const dd_syscall *dd_syscall_by_nr(int nr);
const dd_syscall *dd_syscall_by_name(const char *name);
/* The spec array for the kernel, DD_NR_MAX entries (rows outside the table are zero). */
const struct dd_sc_spec *dd_syscall_specs(void);
/* Falco evt.type names that are not syscalls of ours but are valid in conditions
 * (event types we never produce: a rule on them loads and never fires). */
bool dd_syscall_known_other(const char *name);

/* Render helpers (Falco's spelling). */
void dd_render_oflags(dd_buf *b, uint64_t flags);
void dd_render_mode(dd_buf *b, uint64_t mode);
void dd_render_kind(dd_buf *b, dd_sc_kind kind, int64_t v);
const char *dd_errno_name(int err); /* "ENOENT"; NULL when unknown */
/* Capability names: "CAP_SYS_ADMIN CAP_NET_RAW" (Falco's thread.cap_* spelling). */
void dd_render_caps(dd_buf *b, uint64_t caps);
