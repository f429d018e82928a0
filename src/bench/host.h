/* Host facts for CIS sections 1 to 3, read once from the filesystem under --root.
 *
 * Everything is read below `root` ("" means /), so drydock can audit a host whose / is
 * mounted at /host. Symlinks are resolved inside that root (an absolute link such as
 * /var/run -> /run points into the audited host, not into the container drydock runs in).
 *
 * Reading a fact can fail without failing the run: each fact records its own errno or
 * message and the check that needs it reports DD_STATUS_ERROR. Only a --root that is not
 * a directory is an error of dd_bench_gather_host().
 *
 * Ownership: dd_host_facts owns every string and array in it; dd_host_facts_free()
 * (bench/bench.h) releases them. */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "bench/bench.h"

typedef struct dd_file_fact {
    char *path;     /* host path as CIS names it ("/etc/docker/daemon.json"), or NULL when the
                       fact does not apply (no TLS key configured) */
    char *shown;    /* the path as read, with the --root prefix, for messages */
    char *resolved; /* the path inside root once its symlinks are resolved there */
    bool exists;
    bool masked; /* a systemd unit masked with a link to /dev/null: not in use */
    bool dflt;   /* not configured: the file dockerd uses by default (TLS in ~/.docker) */
    int err;     /* errno of a stat(2) failure other than ENOENT/ENOTDIR, else 0 */
    uid_t uid;
    gid_t gid;
    mode_t mode; /* full st_mode (type and permission bits) */
} dd_file_fact;

typedef struct dd_audit_rule {
    char *path;     /* the watched path as written in the rule */
    char *resolved; /* the same path with symlinks resolved inside root (no prefix) */
    char *origin;   /* "auditctl -l" or "/etc/audit/rules.d/docker.rules:3" */
    bool loaded;    /* from `auditctl -l` (the kernel's current rules) */
    bool dir;       /* -F dir=: covers everything below it */
    bool watch;     /* -w: covers everything below it when it is a directory */
} dd_audit_rule;

/* What the section-1.1 audit checks look for, in CIS order. */
typedef enum {
    DD_AUDIT_DOCKERD = 0,     /* 1.1.3 /usr/bin/dockerd */
    DD_AUDIT_RUN_CONTAINERD,  /* 1.1.4 /run/containerd */
    DD_AUDIT_VAR_LIB_DOCKER,  /* 1.1.5 /var/lib/docker */
    DD_AUDIT_ETC_DOCKER,      /* 1.1.6 /etc/docker */
    DD_AUDIT_DOCKER_SERVICE,  /* 1.1.7 docker.service */
    DD_AUDIT_CONTAINERD_SOCK, /* 1.1.8 containerd.sock */
    DD_AUDIT_DOCKER_SOCKET,   /* 1.1.9 docker.socket */
    DD_AUDIT_ETC_DEFAULT,     /* 1.1.10 /etc/default/docker */
    DD_AUDIT_DAEMON_JSON,     /* 1.1.11 /etc/docker/daemon.json */
    DD_AUDIT_CONTAINERD_TOML, /* 1.1.12 /etc/containerd/config.toml */
    DD_AUDIT_SYSCONFIG,       /* 1.1.13 /etc/sysconfig/docker */
    DD_AUDIT_CONTAINERD,      /* 1.1.14 /usr/bin/containerd */
    DD_AUDIT_SHIM,            /* 1.1.15 /usr/bin/containerd-shim */
    DD_AUDIT_SHIM_V1,         /* 1.1.16 /usr/bin/containerd-shim-runc-v1 */
    DD_AUDIT_SHIM_V2,         /* 1.1.17 /usr/bin/containerd-shim-runc-v2 */
    DD_AUDIT_RUNC,            /* 1.1.18 /usr/bin/runc */
    DD_AUDIT_N,
} dd_audit_target;

struct dd_host_facts {
    char *root; /* "" for /, else the prefix without a trailing slash */
    int rootfd; /* root opened once; every file below is opened through it (core/rootfile) */

    /* dockerd (bench/dockerd.c) */
    int ndockerd;            /* processes named dockerd seen under ROOT/proc */
    int dockerd_ignored;     /* of those, not trusted: neither root's dockerd nor the socket's */
    long dockerd_pid;        /* the one whose command line was used, 0 if none */
    const char *dockerd_why; /* static: why that one */
    bool dockerd_uid_known;
    uid_t dockerd_uid; /* effective uid from /proc/PID/status */
    int userland_proxies; /* docker-proxy children of that dockerd: the proxy is on (2.16) */

    /* Files of sections 1.1 and 3. */
    dd_file_fact docker_service;     /* systemd unit, first found in the usual dirs */
    dd_file_fact docker_socket_unit; /* docker.socket unit */
    dd_file_fact etc_docker;         /* /etc/docker */
    dd_file_fact daemon_json;        /* --config-file or /etc/docker/daemon.json */
    dd_file_fact etc_default_docker;
    dd_file_fact etc_sysconfig_docker;
    dd_file_fact containerd_sock;            /* /run/containerd/containerd.sock */
    dd_file_fact tlscacert, tlscert, tlskey; /* from the daemon configuration */
    dd_file_fact *docker_socks;              /* unix sockets dockerd listens on (3.15, 3.16) */
    json_t *bind_sources; /* object: bind mount source of a container in scope -> that path
                             resolved inside root (5.6, 5.32); empty for a remote daemon */
    size_t ndocker_socks;
    dd_file_fact audit_files[DD_AUDIT_N]; /* what 1.1.3-1.1.18 are about */

    /* /etc/docker/certs.d: every regular file, two levels deep (3.7, 3.8). */
    dd_file_fact certs_d;
    dd_file_fact *registry_certs;
    size_t nregistry_certs;
    int registry_certs_err; /* errno of a failed directory read */

    /* Audit rules: `auditctl -l` (only for root "/") and the rules files. */
    dd_audit_rule *audit;
    size_t naudit;
    bool auditctl_ran;       /* auditctl was found and run */
    char *auditctl_error;    /* why it failed, or NULL */
    size_t naudit_files;     /* rules files read */
    char *audit_files_error; /* a rules file that could not be read, or NULL */

    /* 1.1.1: the data root and whether it is its own mount. */
    char *data_root; /* host path */
    dd_file_fact data_root_fact;
    int data_root_mount;       /* 1 separate mount, 0 same filesystem as its parent, -1 unknown */
    char *data_root_mount_how; /* how it was decided, for the message */

    /* 1.1.2 and 3.15: the socket's group (daemon "group" setting, default "docker") from
     * ROOT/etc/group, with users whose primary group it is (ROOT/etc/passwd). */
    char *docker_group;
    bool docker_group_exists;
    gid_t docker_gid;
    char *docker_members; /* comma-separated, may be "" */
    char *group_error;    /* ROOT/etc/group could not be read, or NULL */

    /* Linux security modules (the kernel's, so ROOT/sys first, then /sys). */
    bool lsm_known;   /* could tell at all */
    bool apparmor;    /* AppArmor is active */
    bool selinux;     /* SELinux is active (enforcing or permissive) */
    char *lsm_source; /* where it was read */
};

/* Stat `path` (as on the audited host) inside h's root into `out` (which takes copies of
 * the strings); symlinks are resolved inside the root (core/rootfile.h). */
void dd_host_stat(const dd_host_facts *h, const char *path, dd_file_fact *out);

/* Choose the dockerd being audited among the processes under ROOT/proc and record its
 * command line in `d` (bench/dockerd.c says whom it trusts and why). */
void dd_host_find_dockerd(const dd_bench_facts *f, dd_host_facts *h, dd_daemon_config *d);
/* argv[0] names dockerd ("/usr/bin/dockerd", "dockerd"). */
bool dd_is_dockerd(const char *argv0);
void dd_file_fact_clear(dd_file_fact *f);

/* Parse audit rules text (auditctl -l output or a .rules file) and append every watched
 * path to h->audit. `origin` names the source; file rules get ":LINE" appended. */
void dd_host_parse_audit_rules(dd_host_facts *h, const char *text, size_t len, const char *origin,
                               bool loaded);

/* Split a systemd ExecStart= value into words (quotes and backslashes as systemd does,
 * leading -@+!: prefixes dropped). Returns the number of words; *argv is a NULL-terminated
 * array the caller frees with dd_strv_free(). */
int dd_split_exec(const char *s, char ***argv);
void dd_strv_free(char **v);

/* The rule covering host path `path` (whose in-root resolution is `resolved`), preferring
 * loaded rules, or NULL. */
const dd_audit_rule *dd_host_audit_find(const dd_host_facts *h, const char *path,
                                        const char *resolved, bool loaded);
