/* Writing a profile's files and telling the user what they contain. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/cleanup.h"
#include "core/mem.h"
#include "inside/caps.h"
#include "profile/output.h"

bool dd_apparmor_enforceable(void)
{
    char c = 0;
    _cleanup_close_ int fd = open("/sys/module/apparmor/parameters/enabled", O_RDONLY | O_CLOEXEC);
    return fd >= 0 && read(fd, &c, 1) == 1 && c == 'Y';
}

static int write_file(const char *dir, const char *name, const char *text, dd_error *e)
{
    _cleanup_free_ char *path = dd_xasprintf("%s/%s", dir, name);
    _cleanup_free_ char *tmp = dd_xasprintf("%s.tmp", path);
    _cleanup_fclose_ FILE *f = fopen(tmp, "we");
    if (!f)
        return dd_error_sys(e, errno, "cannot write %s", tmp);
    if (fputs(text, f) < 0 || fflush(f) != 0) {
        unlink(tmp);
        return dd_error_sys(e, errno, "cannot write %s", tmp);
    }
    if (rename(tmp, path) < 0) {
        unlink(tmp);
        return dd_error_sys(e, errno, "cannot rename %s to %s", tmp, path);
    }
    return 0;
}

static int write_json(const char *dir, const char *name, json_t *j, dd_error *e)
{
    _cleanup_free_ char *text = json_dumps(j, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    if (!text)
        return dd_error_set(e, DD_ERR_RUN, 0, "cannot encode %s", name);
    size_t n = strlen(text);
    _cleanup_free_ char *nl = dd_xasprintf("%.*s\n", (int)n, text);
    return write_file(dir, name, nl, e);
}

int dd_profile_write_dir(const dd_profile *p, const dd_recording *r, const char *dir, dd_error *e)
{
    if (mkdir(dir, 0755) < 0 && errno != EEXIST)
        return dd_error_sys(e, errno, "cannot create %s", dir);
    _cleanup_free_ char *seccomp_path = dd_xasprintf("%s/seccomp.json", dir);
    _cleanup_json_ json_t *sj = dd_seccomp_to_json(&p->seccomp);
    _cleanup_json_ json_t *bundle = dd_profile_to_json(p, r);
    _cleanup_free_ char *run = dd_profile_docker_run(p, seccomp_path);
    _cleanup_free_ char *compose =
        dd_profile_compose(p, r->container ? r->container : "app", seccomp_path);
    if (write_json(dir, "seccomp.json", sj, e) < 0 ||
        write_json(dir, "profile.json", bundle, e) < 0 ||
        write_file(dir, "docker-run.txt", run, e) < 0 ||
        write_file(dir, "compose.yaml", compose, e) < 0 ||
        write_file(dir, p->name, p->apparmor, e) < 0)
        return -1;
    return 0;
}

void dd_profile_print(FILE *out, const dd_profile *p, const dd_recording *r, const char *dir,
                      const char *apparmor_check)
{
    fprintf(out, "Profile %s from %.1f s of %s%s%s\n", p->name, r->seconds,
            r->container ? r->container : "a recording", r->image ? ", image " : "",
            r->image ? r->image : "");
    fprintf(out,
            "  seccomp:      %zu system calls allowed (Docker's default allows %zu with its "
            "default capabilities)\n",
            p->nallowed, p->docker_default_allowed);
    _cleanup_free_ char *add = dd_cap_set_str(p->cap_add, ",");
    _cleanup_free_ char *refused = dd_cap_set_str(r->caps_refused, ",");
    fprintf(out, "  capabilities: drop ALL, add %s", add[0] ? add : "none");
    if (refused[0])
        fprintf(out, " (refused while recording: %s)", refused);
    fputs("\n  filesystem:   read-only root", out);
    for (size_t i = 0; i < p->tmpfs.n; i++)
        fprintf(out, "%s%s", i ? ", " : ", tmpfs on ", p->tmpfs.v[i]);
    fprintf(out, "\n  user:         %s\n", p->user ? p->user : "root (a capability was used)");
    if (p->pids_limit || p->mem_limit || p->cpus > 0)
        fprintf(out, "  limits:       pids %lld, memory %lldm, cpus %.1f (twice the peak)\n",
                (long long)p->pids_limit, (long long)(p->mem_limit >> 20), p->cpus);
    else
        fputs("  limits:       not measured (the container stopped before its cgroup was read)\n",
              out);
    fprintf(out, "  AppArmor:     %s; %s\n", apparmor_check ? apparmor_check : "not checked",
            dd_apparmor_enforceable()
                ? "AppArmor is enabled here"
                : "this host's kernel has no AppArmor: the profile cannot be enforced here");
    for (size_t i = 0; i < p->notes.n; i++)
        fprintf(out, "  note:         %s\n", p->notes.v[i]);
    if (dir)
        fprintf(out,
                "Written to %s: profile.json, seccomp.json, docker-run.txt, compose.yaml, "
                "%s (AppArmor)\n",
                dir, p->name);
    _cleanup_free_ char *seccomp_path = dd_xasprintf("%s/seccomp.json", dir ? dir : ".");
    _cleanup_free_ char *run = dd_profile_docker_run(p, seccomp_path);
    fputs("\ndocker run flags:\n", out);
    for (char *save = NULL, *t = strtok_r(run, "\n", &save); t; t = strtok_r(NULL, "\n", &save))
        fprintf(out, "  %s\n", t);
}
