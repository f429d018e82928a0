/* drydock's default ruleset: it loads whole (no rule skipped), every rule has an id, a
 * remediation and a MITRE ATT&CK technique, and the rules this host cannot trigger for
 * real (no --privileged, no overlayfs, no sshd, no Kubernetes, no outbound network) fire
 * on synthetic events exactly as they would on the kernel's. */
#include <stdio.h>
#include <string.h>

#include "tap.h"
#include "watch/default_rules.h"
#include "watch/watch.h"
#include "watch_events.h"

static dd_ruleset *rs;

/* The ids of the default rules matching the event, comma-separated. */
static const char *fired(tev *t)
{
    static char out[1024];
    out[0] = 0;
    for (size_t i = 0; i < dd_ruleset_count(rs); i++) {
        const dd_wrule *r = dd_ruleset_at(rs, i);
        tev_reset(t);
        if (dd_rule_matches(r, &t->ev)) {
            if (out[0])
                strcat(out, ",");
            strcat(out, r->id);
        }
    }
    return out;
}

static void loads_whole(void)
{
    dd_watch_opts o = {0};
    dd_error e = {0};
    CHECK_INT(dd_watch_load_rules(&o, &rs, NULL, &e), 0);
    if (!rs) {
        fprintf(stderr, "%s\n", e.msg);
        return;
    }
    CHECK(dd_ruleset_count(rs) >= 30);
    CHECK_INT(dd_ruleset_active(rs), dd_ruleset_count(rs));
    for (size_t i = 0; i < dd_ruleset_count(rs); i++) {
        const dd_wrule *r = dd_ruleset_at(rs, i);
        bool technique = false, tactic = false;
        for (size_t k = 0; k < r->ntags; k++) {
            technique |= r->tags[k][0] == 'T' && r->tags[k][1] >= '0' && r->tags[k][1] <= '9';
            tactic |= !strncmp(r->tags[k], "mitre_", 6);
        }
        if (!r->id || strncmp(r->id, "DDW-", 4) != 0 || !r->remediation || !technique || !tactic ||
            r->skip || r->note)
            fprintf(stderr, "rule '%s': id, remediation, MITRE tags, loads clean?\n", r->name);
        CHECK(r->id && !strncmp(r->id, "DDW-", 4));
        CHECK(r->remediation && *r->remediation);
        CHECK(technique && tactic);
        CHECK(r->skip == NULL && r->note == NULL);
    }
    /* the rules table drydock rules -c watch prints comes from the same YAML */
    const dd_rule_table *tab = dd_watch_rule_table();
    CHECK_STR(tab->command, "watch");
    CHECK_INT(tab->n, dd_ruleset_count(rs));
    const dd_rule *first = dd_rule_table_at(tab, 0);
    CHECK_STR(first->id, "DDW-SHELL-TTY");
    CHECK_STR(first->url, "https://attack.mitre.org/techniques/T1059/");
    const dd_rule *memfd = dd_rule_find("DDW-MEMFD-EXEC", NULL);
    CHECK(memfd && memfd->severity == DD_SEV_CRITICAL);
    CHECK(memfd && !strcmp(memfd->url, "https://attack.mitre.org/techniques/T1620/"));
}

static void synthetic(void)
{
    tev t = {0};
    /* --privileged fails on this host: Docker's start of a privileged container */
    dd_warena_free(&t.arena);
    tev_init(&t);
    t.ctr.privileged = true;
    tev_container(&t);
    CHECK_STR(fired(&t), "DDW-PRIV-CONTAINER");
    t.ctr.privileged = false;
    CHECK_STR(fired(&t), "");
    /* ... and debugfs run in one */
    dd_warena_free(&t.arena);
    tev_init(&t);
    t.ctr.privileged = true;
    strcpy(t.proc.comm, "debugfs");
    t.proc.args = "/dev/sda1";
    tev_exec(&t);
    CHECK_STR(fired(&t), "DDW-DEBUGFS-PRIV");
    /* overlayfs: the kernel flags an upper-layer executable */
    dd_warena_free(&t.arena);
    tev_init(&t);
    strcpy(t.proc.comm, "miner");
    t.proc.exepath = "/tmp/miner";
    t.proc.exe_flags = DD_EXE_UPPER_LAYER;
    tev_exec(&t);
    CHECK_STR(fired(&t), "DDW-DROP-EXEC");
    /* without overlayfs: changed after the container's pid 1 started (start_real 900) */
    t.proc.exe_flags = 0;
    t.proc.exe_ctime = 950000000000LL;
    CHECK_STR(fired(&t), "DDW-DROP-EXEC");
    t.proc.exe_ctime = 850000000000LL; /* from the image */
    CHECK_STR(fired(&t), "");
    t.proc.exe_ctime = 950000000000LL;
    t.proc.exe_flags = DD_EXE_MEMFD; /* runc's own memfd is not "dropped" */
    t.proc.exepath = "memfd:runc_cloned:/proc/self/exe";
    strcpy(t.proc.comm, "runc");
    CHECK_STR(fired(&t), "");
    /* a system user in an SSH session (no sshd here) */
    dd_warena_free(&t.arena);
    tev_init(&t);
    t.task.euid = 33;
    t.uname = "www-data";
    strcpy(t.grandparent.comm, "sshd");
    strcpy(t.proc.comm, "ls");
    t.ev.ctr = NULL;
    tev_exec(&t);
    CHECK_STR(fired(&t), "DDW-SYSUSER-INTERACTIVE");
    /* ssh out to port 443 (no outbound network here) */
    dd_warena_free(&t.arena);
    tev_init(&t);
    strcpy(t.proc.comm, "ssh");
    t.proc.exe = "/usr/bin/ssh";
    tev_syscall(&t, "connect", -115); /* EINPROGRESS */
    t.fd.kind = DD_FD_SOCK;
    t.fd.family = 2;
    t.fd.l4proto = 6;
    t.fd.num = 3;
    memcpy(t.fd.laddr, "\xac\x11\x00\x02", 4);
    t.fd.lport = 50000;
    t.sa.family = 2;
    t.sa.port = 443;
    memcpy(t.sa.addr, "\x5d\xb8\xd8\x22", 4);
    CHECK_STR(fired(&t), "DDW-SSH-NONSTD-PORT");
    /* a container talking to the Kubernetes API's in-cluster address */
    strcpy(t.proc.comm, "curl");
    t.proc.exe = "curl";
    t.sa.port = 443;
    memcpy(t.sa.addr, "\x0a\x60\x00\x01", 4); /* 10.96.0.1 */
    t.ev.ret = 0;
    CHECK_STR(fired(&t), "DDW-K8S-API");
    /* finit_module (no module support here: the attempt fails, and still counts) */
    dd_warena_free(&t.arena);
    tev_init(&t);
    t.task.cap_eff |= 1ull << 16; /* CAP_SYS_MODULE */
    tev_syscall(&t, "finit_module", -38);
    CHECK_STR(fired(&t), "DDW-KMOD");
    t.task.cap_eff &= ~(1ull << 16);
    CHECK_STR(fired(&t), "");
    /* a sensitive mount: the host's /var/run/docker.sock */
    dd_warena_free(&t.arena);
    tev_init(&t);
    dd_mount m = {.source = "/var/run/docker.sock", .dest = "/var/run/docker.sock", .rw = true};
    t.ctr.mounts = &m;
    t.ctr.nmounts = 1;
    tev_container(&t);
    CHECK_STR(fired(&t), "DDW-SENSITIVE-MOUNT");
    m.source = "/srv/data";
    CHECK_STR(fired(&t), "");
    dd_warena_free(&t.arena);
}

int main(void)
{
    loads_whole();
    if (rs)
        synthetic();
    dd_ruleset_free(rs);
    return dd_test_done();
}
