/* Package-manager rules: pinned versions, non-interactive switches, caches left in the
 * layer. The commands are recognised the way their tools read them (short and long
 * spellings of subcommands, option values that are not package names, simulated runs
 * that install nothing), and a cleanup counts only when it comes after the last install
 * of its RUN, or when the cache sits on a BuildKit cache/tmpfs mount. */
#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "core/buf.h"
#include "core/cleanup.h"
#include "core/mem.h"
#include "dockerfile/lint_int.h"

#define MAX_PKGS 128

/* Report the packages of `k` that `pinned` rejects, as one finding on the command. */
static void report_unpinned(lint_ctx *c, const dd_df_instr *in, const dd_sh_cmd *k, const char **pk,
                            int n, bool (*pinned)(const char *), const char *what, const char *how)
{
    const char *bad[MAX_PKGS];
    int nb = 0;
    for (int i = 0; i < n; i++)
        if (!pinned(pk[i]))
            bad[nb++] = pk[i];
    if (!nb)
        return;
    _cleanup_buf_ dd_buf b = DD_BUF_INIT;
    join_words(&b, bad, nb);
    dd_lint_emit(c, in, k->apos[0], "%s without a version: %s (pin with %s)", what, b.data, how);
}

/* The pinning rule of a package manager: every package of every install command is
 * checked by `pinned`, and the unpinned ones are reported together on their command. */
static void pin_rule(lint_ctx *c, bool (*installs)(const dd_sh_cmd *), const char *const *valopts,
                     bool (*pinned)(const char *), const char *what, const char *how)
{
    FOR_INS(c, in) {
        if (in->kind != DD_DF_RUN)
            continue;
        FOR_CMD(in, k) {
            if (!installs(k))
                continue;
            const char *pk[MAX_PKGS];
            int n = packages(k, valopts, pk, MAX_PKGS);
            report_unpinned(c, in, k, pk, n, pinned, what, how);
        }
    }
}

/* Position of the last command of `in` matching `pred`, or -1. */
static int last_cmd(const dd_df_instr *in, bool (*pred)(const dd_sh_cmd *))
{
    int at = -1;
    for (size_t i = 0; i < in->ncmds; i++)
        if (pred(&in->cmds[i]))
            at = (int)i;
    return at;
}

/* rm of something under one of `dirs`. */
static bool rm_of(const dd_sh_cmd *k, const char *const *dirs)
{
    if (!is_tool(k, "rm"))
        return false;
    for (int i = 1; i < k->argc; i++)
        for (const char *const *d = dirs; *d; d++)
            if (strstr(k->argv[i], *d))
                return true;
    return false;
}

/* ---- apt ---------------------------------------------------------------------------- */

static const char *const apt_valopts[] = {
    "-o", "-c", "-t", "--option", "--config-file", "--target-release", "--default-release", NULL};

static const char *const apt_names[] = {"apt-get", "apt", "aptitude", NULL};
static const char *const node_names[] = {"npm", "yarn", "pnpm", "bun", NULL};

static bool apt_tool(const dd_sh_cmd *k)
{
    const char *n = dd_sh_name(k);
    return streq(n, "apt-get") || streq(n, "apt") || streq(n, "aptitude");
}

/* -s and friends only print what would happen. */
static bool apt_simulates(const dd_sh_cmd *k)
{
    return has_short(k, 's') || has_long(k, "--simulate") || has_long(k, "--just-print") ||
           has_long(k, "--dry-run") || has_long(k, "--recon") || has_long(k, "--no-act") ||
           has_long(k, "--print-uris") || has_long(k, "--download-only") || has_short(k, 'd');
}

bool apt_install(const dd_sh_cmd *k)
{
    return apt_tool(k) && streq(subcmd(k, apt_valopts), "install") && !apt_simulates(k);
}

static bool apt_update(const dd_sh_cmd *k)
{
    return apt_tool(k) && streq(subcmd(k, apt_valopts), "update");
}

/* What removes the lists: rm of /var/lib/apt/lists, or apt-get dist-clean (apt 2.7). */
static bool apt_lists_cleanup(const dd_sh_cmd *k)
{
    static const char *const lists[] = {"/var/lib/apt/lists", NULL};
    const char *s = subcmd(k, apt_valopts);
    return rm_of(k, lists) || (apt_tool(k) && (streq(s, "dist-clean") || streq(s, "distclean")));
}

static bool apt_pinned(const char *p)
{
    size_t n = strlen(p);
    /* name=version, name/release, or a local .deb */
    return strchr(p, '=') || strchr(p, '/') || (n > 4 && streq(p + n - 4, ".deb"));
}

void r_apt_pin(lint_ctx *c)
{
    if (may_run_any(c, apt_names))
        pin_rule(c, apt_install, apt_valopts, apt_pinned, "apt-get install", "package=version");
}

void r_apt_lists(lint_ctx *c)
{
    if (!may_run_any(c, apt_names))
        return;
    FOR_INS(c, in) {
        if (in->kind != DD_DF_RUN || !ships(c, in) || cache_mount(in, "/var/lib/apt"))
            continue;
        int upd = last_cmd(in, apt_update);
        if (upd >= 0 && last_cmd(in, apt_lists_cleanup) < upd)
            dd_lint_emit(c, in, in->cmds[upd].apos[0],
                         "%s update without rm -rf "
                         "/var/lib/apt/lists/* after it in the same RUN: the package lists "
                         "stay in the layer",
                         dd_sh_name(&in->cmds[upd]));
    }
}

static bool apt_yes(const dd_sh_cmd *k)
{
    int q = 0;
    for (int i = 1; i < k->argc; i++) {
        const char *a = k->argv[i];
        if (a[0] == '-' && a[1] != '-')
            for (const char *p = a + 1; *p; p++)
                q += *p == 'q';
        q += streq(a, "--quiet") + 2 * (streq(a, "-q=2") || streq(a, "--quiet=2"));
    }
    /* -qq implies -y for apt-get */
    return has_short(k, 'y') || has_long(k, "--yes") || has_long(k, "--assume-yes") || q >= 2;
}

void r_apt_yes(lint_ctx *c)
{
    if (!may_run_any(c, apt_names))
        return;
    FOR_INS(c, in) {
        if (in->kind != DD_DF_RUN)
            continue;
        FOR_CMD(in, k)
            if (apt_install(k) && !apt_yes(k))
                dd_lint_emit(c, in, k->apos[0],
                             "%s install without -y waits for an answer no "
                             "one gives",
                             dd_sh_name(k));
    }
}

void r_apt_recommends(lint_ctx *c)
{
    if (!may_run_any(c, apt_names))
        return;
    FOR_INS(c, in) {
        if (in->kind != DD_DF_RUN)
            continue;
        FOR_CMD(in, k) {
            if (!apt_install(k) || has_long(k, "--no-install-recommends") ||
                (is_tool(k, "aptitude") &&
                 (has_short(k, 'R') || has_long(k, "--without-recommends"))))
                continue;
            bool opt = false;
            for (int i = 1; i < k->argc; i++)
                if (strstr(k->argv[i], "Install-Recommends=") &&
                    (strstr(k->argv[i], "=false") || strstr(k->argv[i], "=0")))
                    opt = true;
            if (!opt)
                dd_lint_emit(c, in, k->apos[0],
                             "%s install without --no-install-recommends "
                             "pulls in packages no one asked for",
                             dd_sh_name(k));
        }
    }
}

void r_apt(lint_ctx *c)
{
    if (!may_run(c, "apt"))
        return;
    FOR_INS(c, in) {
        if (in->kind != DD_DF_RUN)
            continue;
        FOR_CMD(in, k)
            if (is_tool(k, "apt"))
                dd_lint_emit(c, in, k->apos[0],
                             "apt is for people; scripts use apt-get or "
                             "apt-cache (stable interface)");
    }
}

/* ---- apk ---------------------------------------------------------------------------- */

static const char *const apk_valopts[] = {
    "-t",     "--virtual",  "-X",          "--repository",        "-p", "--root",
    "--arch", "--keys-dir", "--cache-dir", "--repositories-file", NULL};

bool apk_add(const dd_sh_cmd *k)
{
    return is_tool(k, "apk") && streq(subcmd(k, apk_valopts), "add") && !has_short(k, 's') &&
           !has_long(k, "--simulate");
}

static bool apk_pinned(const char *p)
{
    size_t n = strlen(p);
    /* =, ~ (fuzzy), <, > versions; a local .apk or a path */
    return strpbrk(p, "=~<>/") || (n > 4 && streq(p + n - 4, ".apk"));
}

void r_apk_pin(lint_ctx *c)
{
    if (may_run(c, "apk"))
        pin_rule(c, apk_add, apk_valopts, apk_pinned, "apk add", "package=version");
}

void r_apk_cache(lint_ctx *c)
{
    if (!may_run(c, "apk"))
        return;
    static const char *const cache[] = {"/var/cache/apk", NULL};
    FOR_INS(c, in) {
        if (in->kind != DD_DF_RUN || !ships(c, in) || cache_mount(in, "/var/cache/apk") ||
            cache_mount(in, "/etc/apk/cache"))
            continue;
        FOR_CMD(in, k) {
            /* --no-network reads only local packages: no index is fetched */
            if (!apk_add(k) || has_long(k, "--no-cache") || has_long(k, "--no-network"))
                continue;
            bool cleaned = false;
            for (const dd_sh_cmd *j = k + 1; j < in->cmds + in->ncmds; j++)
                cleaned |= rm_of(j, cache);
            if (!cleaned)
                dd_lint_emit(c, in, k->apos[0],
                             "apk add without --no-cache leaves the index "
                             "in the image");
        }
    }
}

/* ---- yum, dnf, microdnf, zypper ------------------------------------------------------- */

/* Options of the rpm-family tools that take the next word as their value. */
static const char *const rpm_valopts[] = {"--enablerepo",
                                          "--disablerepo",
                                          "--setopt",
                                          "--installroot",
                                          "--releasever",
                                          "-c",
                                          "--config",
                                          "--repo",
                                          "--repoid",
                                          "--repofrompath",
                                          "-x",
                                          "--exclude",
                                          "--forcearch",
                                          "-d",
                                          "--debuglevel",
                                          "-e",
                                          "--errorlevel",
                                          "--color",
                                          "-R",
                                          "--root",
                                          "--reposd-dir",
                                          "--cache-dir",
                                          "--pkg-cache-dir",
                                          NULL};

struct rpm_tool {
    const char *const *names;
    const char *const *installs; /* subcommands that install (need -y, a pin) */
    const char *const *caching;  /* subcommands that fill the cache */
    const char *yes;             /* how to say yes, for the message */
    const char *const *caches;   /* where the cache is (rm of it, a cache mount) */
};

static const char *const yum_names[] = {"yum", NULL};
static const char *const dnf_names[] = {"dnf", "dnf5", "microdnf", NULL};
static const char *const zyp_names[] = {"zypper", NULL};
static const char *const yum_installs[] = {"install", "groupinstall", "localinstall", "reinstall",
                                           NULL};
static const char *const dnf_installs[] = {
    "install", "in", "groupinstall", "localinstall", "reinstall", "rei", NULL};
static const char *const zyp_installs[] = {"install", "in", NULL};
static const char *const yum_caching[] = {
    "install", "groupinstall", "localinstall", "reinstall", "update", "upgrade", NULL};
static const char *const dnf_caching[] = {
    "install", "in", "groupinstall",    "localinstall", "reinstall",   "rei", "update",
    "upgrade", "up", "upgrade-minimal", "up-min",       "distro-sync", NULL};
static const char *const rpm_caches[] = {"/var/cache/yum", "/var/cache/dnf", "/var/cache/libdnf5",
                                         NULL};
static const char *const zyp_caches[] = {"/var/cache/zypp", NULL};

const rpm_tool dd_yum_tool = {yum_names, yum_installs, yum_caching, "-y", rpm_caches};
const rpm_tool dd_dnf_tool = {dnf_names, dnf_installs, dnf_caching, "-y", rpm_caches};
const rpm_tool dd_zypper_tool = {zyp_names, zyp_installs, zyp_installs, "-n", zyp_caches};

/* The subcommand, looking through `module` and `group` (dnf module install x:stream). */
static const char *rpm_verb(const dd_sh_cmd *k, bool *module, bool *group)
{
    int i = subcmd_at(k, rpm_valopts, 1);
    *module = *group = false;
    if (i < 0)
        return "";
    if (streq(k->argv[i], "module") || streq(k->argv[i], "group") || streq(k->argv[i], "groups")) {
        *module = streq(k->argv[i], "module");
        *group = !*module;
        int j = subcmd_at(k, rpm_valopts, i + 1);
        return j > 0 ? k->argv[j] : "";
    }
    return k->argv[i];
}

static bool rpm_does(const dd_sh_cmd *k, const rpm_tool *t, const char *const *verbs)
{
    bool module, group;
    return in_list(dd_sh_name(k), t->names) && in_list(rpm_verb(k, &module, &group), verbs);
}

static bool rpm_install(const dd_sh_cmd *k, const rpm_tool *t)
{
    return rpm_does(k, t, t->installs);
}

bool any_rpm_install(const dd_sh_cmd *k)
{
    return rpm_install(k, &dd_yum_tool) || rpm_install(k, &dd_dnf_tool) || rpm_install(k, &dd_zypper_tool);
}

void r_rpm_yes(lint_ctx *c)
{
    const rpm_tool *t = c->rule->arg;
    if (!may_run_any(c, t->names))
        return;
    /* zypper asks for these too */
    static const char *const zyp_asks[] = {"install", "in",    "remove", "rm", "source-install",
                                           "si",      "patch", "update", "up", "dist-upgrade",
                                           "dup",     NULL};
    FOR_INS(c, in) {
        if (in->kind != DD_DF_RUN)
            continue;
        FOR_CMD(in, k) {
            /* microdnf never asks */
            if (!rpm_does(k, t, t == &dd_zypper_tool ? zyp_asks : t->installs) || is_tool(k, "microdnf"))
                continue;
            bool yes = has_short(k, 'y') || has_long(k, "--assumeyes");
            if (t == &dd_zypper_tool)
                yes = has_short(k, 'n') || has_short(k, 'y') || has_long(k, "--non-interactive") ||
                      has_long(k, "--no-confirm");
            if (!yes)
                dd_lint_emit(c, in, k->apos[0],
                             "%s %s without %s waits for an answer no one "
                             "gives",
                             dd_sh_name(k), subcmd(k, rpm_valopts), t->yes);
        }
    }
}

static bool same_tool(const dd_sh_cmd *a, const dd_sh_cmd *b)
{
    const char *x = dd_sh_name(a), *y = dd_sh_name(b);
    return streq(x, y) ||
           ((streq(x, "dnf") || streq(x, "dnf5")) && (streq(y, "dnf") || streq(y, "dnf5")));
}

void r_rpm_clean(lint_ctx *c)
{
    const rpm_tool *t = c->rule->arg;
    const char *const *caches = t->caches;
    if (!may_run_any(c, t->names))
        return;
    FOR_INS(c, in) {
        if (in->kind != DD_DF_RUN || !ships(c, in))
            continue;
        bool mounted = false;
        for (const char *const *d = caches; *d; d++)
            mounted |= cache_mount(in, *d) || cache_mount(in, base_name(*d));
        if (mounted)
            continue;
        /* The last command that fills a cache, and whether a cleanup of the same tool (or
         * an rm of the cache) comes after it. */
        int fill = -1, clean = -1;
        for (size_t i = 0; i < in->ncmds; i++) {
            const dd_sh_cmd *k = &in->cmds[i];
            if (rpm_does(k, t, t->caching))
                fill = (int)i;
            /* `microdnf clean all` does not clean dnf's cache: the same tool cleans */
            bool m, g;
            const char *v = fill >= 0 && same_tool(k, &in->cmds[fill]) ? rpm_verb(k, &m, &g) : "";
            if ((streq(v, "clean") && (has_arg(k, "all") || t == &dd_zypper_tool)) || streq(v, "cc") ||
                rm_of(k, caches))
                clean = (int)i;
        }
        if (fill >= 0 && clean < fill)
            dd_lint_emit(c, in, in->cmds[fill].apos[0],
                         "%s %s without %s after it in the same "
                         "RUN: the package cache stays in the layer",
                         dd_sh_name(&in->cmds[fill]), subcmd(&in->cmds[fill], rpm_valopts),
                         t == &dd_zypper_tool ? "zypper clean" : "clean all");
    }
}

/* yum/dnf: name-version (the part after a dash starts with a digit and holds only version
 * characters); zypper: name=version or a comparison. */
static bool rpm_name_pinned(const char *p)
{
    size_t n = strlen(p);
    if (n > 4 && strcasecmp(p + n - 4, ".rpm") == 0)
        return true;
    for (const char *d = strchr(p, '-'); d; d = strchr(d + 1, '-')) {
        if (!isdigit((unsigned char)d[1]))
            continue;
        bool ok = true;
        for (const char *q = d + 1; *q && ok; q++)
            ok = isalnum((unsigned char)*q) || strchr(".~^_:+-", *q);
        if (ok)
            return true;
    }
    return false;
}

static bool zypper_pinned(const char *p)
{
    size_t n = strlen(p);
    return strpbrk(p, "=<>") || (n > 4 && strcasecmp(p + n - 4, ".rpm") == 0);
}

/* A package word holding $VAR or ${VAR}: pinned when VAR is declared for this RUN (an ENV
 * of this stage or its parents, an ARG of this stage). An ARG of another stage is empty
 * here, whatever hadolint assumes. */
static bool var_defined(const lint_ctx *c, const dd_df_instr *in, const char *word)
{
    for (const char *d = strchr(word, '$'); d; d = strchr(d + 1, '$')) {
        const char *s = d + 1 + (d[1] == '{');
        size_t n = 0;
        while (isalnum((unsigned char)s[n]) || s[n] == '_')
            n++;
        if (!n || n > 127)
            continue;
        char name[128];
        memcpy(name, s, n);
        name[n] = '\0';
        if (var_scope(c, in, name) != DD_VAR_NONE)
            return true;
    }
    return false;
}

void r_rpm_pin(lint_ctx *c)
{
    const rpm_tool *t = c->rule->arg;
    if (!may_run_any(c, t->names))
        return;
    FOR_INS(c, in) {
        if (in->kind != DD_DF_RUN)
            continue;
        FOR_CMD(in, k) {
            if (!rpm_install(k, t))
                continue;
            bool module, group;
            rpm_verb(k, &module, &group);
            if (group)
                continue; /* group names have no versions */
            const char *bad[MAX_PKGS];
            int nb = 0;
            int s = subcmd_at(k, rpm_valopts, 1);
            if (module)
                s = subcmd_at(k, rpm_valopts, s + 1);
            for (int i = s + 1; s > 0 && i < k->argc && nb < MAX_PKGS; i++) {
                const char *p = k->argv[i];
                if (is_opt(p)) {
                    if (in_list(p, rpm_valopts))
                        i++;
                    continue;
                }
                if (!*p || p[0] == '@' || strchr(p, '/'))
                    continue; /* @group, a path or URL to a package file */
                bool pinned = module           ? strchr(p, ':') != NULL
                              : t == &dd_zypper_tool ? zypper_pinned(p)
                                               : rpm_name_pinned(p);
                if (!pinned && strchr(p, '$'))
                    pinned = var_defined(c, in, p);
                if (!pinned)
                    bad[nb++] = p;
            }
            if (nb) {
                _cleanup_buf_ dd_buf b = DD_BUF_INIT;
                join_words(&b, bad, nb);
                dd_lint_emit(c, in, k->apos[0], "%s %sinstall without a version: %s", dd_sh_name(k),
                             module ? "module " : "", b.data);
            }
        }
    }
}

void r_zypper_dup(lint_ctx *c)
{
    if (!may_run(c, "zypper"))
        return;
    FOR_INS(c, in) {
        if (in->kind != DD_DF_RUN)
            continue;
        FOR_CMD(in, k) {
            const char *s = subcmd(k, rpm_valopts);
            if (is_tool(k, "zypper") && (streq(s, "dist-upgrade") || streq(s, "dup")))
                dd_lint_emit(c, in, k->apos[0], "zypper %s in a build", s);
        }
    }
}

/* ---- pip ------------------------------------------------------------------------------ */

static const char *const pip_valopts[] = {"-r",
                                          "--requirement",
                                          "-c",
                                          "--constraint",
                                          "-e",
                                          "--editable",
                                          "-i",
                                          "--index-url",
                                          "--extra-index-url",
                                          "-t",
                                          "--target",
                                          "--prefix",
                                          "--root",
                                          "-f",
                                          "--find-links",
                                          "--trusted-host",
                                          "--platform",
                                          "--python-version",
                                          "--implementation",
                                          "--abi",
                                          "--src",
                                          "--upgrade-strategy",
                                          "--progress-bar",
                                          "--proxy",
                                          "--cache-dir",
                                          "--log",
                                          "--timeout",
                                          "--retries",
                                          "--exists-action",
                                          "--cert",
                                          "--client-cert",
                                          "-C",
                                          "--config-settings",
                                          "--root-user-action",
                                          "--no-binary",
                                          "--only-binary",
                                          "--python",
                                          "-b",
                                          "--build",
                                          "--report",
                                          "--global-option",
                                          "--install-option",
                                          "--use-feature",
                                          "--use-deprecated",
                                          "--keyring-provider",
                                          NULL};

/* pip, pip3, pip3.11, pipx, python -m pip: the index of "install" or -1. */
int pip_install_at(const dd_sh_cmd *k)
{
    const char *n = dd_sh_name(k);
    int from = 1;
    if (strncmp(n, "python", 6) == 0) {
        if (k->argc < 4 || !streq(k->argv[1], "-m") ||
            !(streq(k->argv[2], "pip") || streq(k->argv[2], "pip3")))
            return -1;
        from = 3;
    } else if (strncmp(n, "pip", 3) != 0 ||
               (n[3] && n[3] != '3' && n[3] != '2' && !streq(n, "pipx"))) {
        return -1; /* pipenv and friends are not pip */
    }
    int i = subcmd_at(k, pip_valopts, from);
    return i > 0 && streq(k->argv[i], "install") ? i : -1;
}

static bool pip_pinned(const char *a)
{
    static const char *const vcs[] = {"git+", "hg+", "svn+", "bzr+", "git:", "svn:", NULL};
    size_t n = strlen(a);
    bool is_vcs = false;
    for (const char *const *v = vcs; *v; v++)
        is_vcs |= strncmp(a, *v, strlen(*v)) == 0;
    if (is_vcs)
        return strchr(strstr(a, "://") ? strstr(a, "://") + 3 : a, '@') != NULL;
    return strpbrk(a, "=<>~!") || strchr(a, '/') || a[0] == '.' ||
           (n > 4 && streq(a + n - 4, ".whl")) || (n > 7 && streq(a + n - 7, ".tar.gz")) ||
           (n > 4 && streq(a + n - 4, ".zip"));
}

void r_pip_pin(lint_ctx *c)
{
    FOR_INS(c, in) {
        if (in->kind != DD_DF_RUN)
            continue;
        FOR_CMD(in, k) {
            int s = pip_install_at(k);
            /* a requirements or constraints file decides the versions */
            if (s < 0 || has_short(k, 'r') || has_long(k, "--requirement") || has_short(k, 'c') ||
                has_long(k, "--constraint"))
                continue;
            const char *pk[MAX_PKGS];
            int n = packages_after(k, s, pip_valopts, pk, MAX_PKGS);
            report_unpinned(c, in, k, pk, n, pip_pinned, "pip install", "package==version");
        }
    }
}

/* PIP_NO_CACHE_DIR set to anything disables pip's cache, "0" and "false" included: pip
 * keeps that old behaviour on purpose (pip/_internal/cli/cmdoptions.py,
 * _handle_no_cache_dir). hadolint counts only true-ish values. */
static bool sets_no_cache(const dd_sh_cmd *k)
{
    for (int i = 0; i < k->nenv; i++)
        if (strncmp(k->env[i], "PIP_NO_CACHE_DIR=", 17) == 0)
            return true;
    if (is_tool(k, "export") || is_tool(k, "env"))
        for (int i = 1; i < k->argc; i++)
            if (strncmp(k->argv[i], "PIP_NO_CACHE_DIR=", 17) == 0)
                return true;
    return false;
}

void r_pip_cache(lint_ctx *c)
{
    FOR_INS(c, in) {
        if (in->kind != DD_DF_RUN || !ships(c, in) || cache_mount(in, ".cache/pip") ||
            stage_env_set(c, in, "PIP_NO_CACHE_DIR"))
            continue;
        bool off = false;
        FOR_CMD(in, k) {
            off |= sets_no_cache(k);
            /* pip takes any unambiguous prefix of a long option: --no-cache too */
            if (!off && pip_install_at(k) > 0 && !is_tool(k, "pipx") &&
                !has_long(k, "--no-cache-dir") && !has_long(k, "--no-cache"))
                dd_lint_emit(c, in, k->apos[0],
                             "pip install without --no-cache-dir keeps the "
                             "download cache in the image");
        }
    }
}

/* ---- npm, pnpm, yarn, bun ------------------------------------------------------------------ */

static const char *const npm_valopts[] = {
    "--loglevel",  "--registry", "--prefix", "--cache",   "--userconfig",       "-w",
    "--workspace", "--tag",      "--omit",   "--include", "--install-strategy", NULL};

bool npm_install(const dd_sh_cmd *k)
{
    const char *s = subcmd(k, npm_valopts);
    return is_tool(k, "npm") && (streq(s, "install") || streq(s, "i") || streq(s, "add") ||
                                 streq(s, "isntall") || streq(s, "in"));
}

/* A package spec of npm and friends that names one version. */
static bool node_pinned(const char *p)
{
    static const char *const git[] = {"git://",  "git+ssh://", "git+http://", "git+https://",
                                      "github:", "gitlab:",    "bitbucket:",  NULL};
    size_t n = strlen(p);
    for (const char *const *g = git; *g; g++)
        if (strncmp(p, *g, strlen(*g)) == 0)
            return strchr(p, '#') != NULL;
    if ((n > 4 && streq(p + n - 4, ".tgz")) || (n > 4 && streq(p + n - 4, ".tar")) ||
        (n > 7 && streq(p + n - 7, ".tar.gz")))
        return true;
    if (p[0] == '/' || p[0] == '.' || p[0] == '~' || strncmp(p, "file:", 5) == 0)
        return true;
    if (strchr(p, '#'))
        return true; /* user/repo#ref */
    const char *at = strchr(p + (p[0] == '@'), '@');
    /* @latest, @next... name a moving tag, not a version */
    return at && at[1] && !streq(at + 1, "latest") && !streq(at + 1, "next");
}

/* The index of the word after `add`/`install` of the node package managers, or -1. */
static int node_add_at(const dd_sh_cmd *k, const char **tool)
{
    const char *n = dd_sh_name(k);
    int i = subcmd_at(k, npm_valopts, 1);
    *tool = n;
    if (i < 0)
        return -1;
    const char *s = k->argv[i];
    if (streq(n, "npm"))
        return npm_install(k) ? i : -1;
    if (streq(n, "yarn") && streq(s, "global")) {
        int j = subcmd_at(k, npm_valopts, i + 1);
        return j > 0 && streq(k->argv[j], "add") ? j : -1;
    }
    if ((streq(n, "yarn") || streq(n, "pnpm") || streq(n, "bun")) &&
        (streq(s, "add") || (streq(n, "pnpm") && (streq(s, "install") || streq(s, "i")))))
        return i;
    return -1;
}

void r_npm_pin(lint_ctx *c)
{
    if (!may_run_any(c, node_names))
        return;
    FOR_INS(c, in) {
        if (in->kind != DD_DF_RUN)
            continue;
        FOR_CMD(in, k) {
            const char *tool;
            int s = node_add_at(k, &tool);
            if (s < 0)
                continue;
            const char *pk[MAX_PKGS];
            int n = packages_after(k, s, npm_valopts, pk, MAX_PKGS);
            _cleanup_free_ char *what = dd_xasprintf("%s %s", tool, k->argv[s]);
            report_unpinned(c, in, k, pk, n, node_pinned, what, "package@version");
        }
    }
}

static bool yarn_installs(const dd_sh_cmd *k)
{
    static const char *const info[] = {"--version", "-v", "--help", "-h", NULL};
    if (!is_tool(k, "yarn"))
        return false;
    const char *s = subcmd(k, npm_valopts);
    if (streq(s, "install") || streq(s, "add") || (streq(s, "global") && has_arg(k, "add")))
        return true;
    if (*s)
        return false;
    /* a bare `yarn` (options only) installs; `yarn --version` does not */
    for (int i = 1; i < k->argc; i++)
        if (in_list(k->argv[i], info))
            return false;
    return true;
}

static bool yarn_clean(const dd_sh_cmd *k)
{
    return is_tool(k, "yarn") && has_arg(k, "cache") && has_arg(k, "clean");
}

void r_yarn_cache(lint_ctx *c)
{
    if (!may_run(c, "yarn"))
        return;
    FOR_INS(c, in) {
        if (in->kind != DD_DF_RUN || !ships(c, in) || cache_mount(in, "yarn"))
            continue;
        int inst = last_cmd(in, yarn_installs);
        if (inst >= 0 && last_cmd(in, yarn_clean) < inst) {
            const dd_sh_cmd *k = &in->cmds[inst];
            const char *s = subcmd(k, npm_valopts);
            dd_lint_emit(c, in, k->apos[0],
                         "yarn %s without yarn cache clean after it in the "
                         "same RUN",
                         !*s                  ? "install"
                         : streq(s, "global") ? "global add"
                                              : s);
        }
    }
}

/* ---- gem, go --------------------------------------------------------------------------------- */

static const char *const gem_valopts[] = {
    "-i",           "--install-dir", "-n",           "--bindir", "-s",     "--source",   "-p",
    "--http-proxy", "--platform",    "--build-root", "-g",       "--file", "--document", NULL};

static bool gem_install(const dd_sh_cmd *k)
{
    const char *s = subcmd(k, gem_valopts);
    return is_tool(k, "gem") && (streq(s, "install") || streq(s, "i"));
}

static bool gem_pinned(const char *p)
{
    size_t n = strlen(p);
    /* name:version, a local .gem; true/false are values of a misplaced build option */
    return strchr(p, ':') || (n > 4 && streq(p + n - 4, ".gem")) || streq(p, "true") ||
           streq(p, "false");
}

/* -v/--version pins every gem of the command */
static bool gem_install_unversioned(const dd_sh_cmd *k)
{
    return gem_install(k) && !has_short(k, 'v') && !has_long(k, "--version");
}

void r_gem_pin(lint_ctx *c)
{
    if (may_run(c, "gem"))
        pin_rule(c, gem_install_unversioned, gem_valopts, gem_pinned, "gem install",
                 "gem:version or -v");
}

/* go install/get/run of a remote package: name@version, where latest and none are no
 * version. Local paths and .go files are the build's own code. */
static bool go_pinned(const char *p)
{
    /* meta-packages: go.mod's tools, the standard library */
    static const char *const meta[] = {"tool", "all", "std", "cmd", NULL};
    size_t n = strlen(p);
    if (p[0] == '.' || p[0] == '/' || (n > 3 && streq(p + n - 3, ".go")) || in_list(p, meta))
        return true;
    const char *at = strrchr(p, '@');
    return at && at[1] && !streq(at + 1, "latest") && !streq(at + 1, "none");
}

static bool go_fetch(const dd_sh_cmd *k)
{
    const char *s = subcmd(k, NULL);
    return is_tool(k, "go") && (streq(s, "install") || streq(s, "get") || streq(s, "run"));
}

void r_go_pin(lint_ctx *c)
{
    if (!may_run(c, "go"))
        return;
    FOR_INS(c, in) {
        if (in->kind != DD_DF_RUN)
            continue;
        FOR_CMD(in, k) {
            if (!go_fetch(k))
                continue;
            bool run = streq(subcmd(k, NULL), "run");
            const char *pk[MAX_PKGS];
            int n = packages(k, NULL, pk, MAX_PKGS);
            if (run && n > 1)
                n = 1; /* what follows the package is its own arguments */
            _cleanup_free_ char *what = dd_xasprintf("go %s", subcmd(k, NULL));
            report_unpinned(c, in, k, pk, n, go_pinned, what, "package@version");
        }
    }
}

/* A distribution upgrade (DDL109; hadolint's retired DL3005). */
void r_upgrade(lint_ctx *c)
{
    FOR_INS(c, in) {
        if (in->kind != DD_DF_RUN)
            continue;
        FOR_CMD(in, k) {
            const char *n = dd_sh_name(k);
            const char *s = subcmd(k, apt_tool(k) ? apt_valopts : rpm_valopts);
            bool hit = false;
            if (streq(n, "apt-get") || streq(n, "apt"))
                hit = streq(s, "upgrade") || streq(s, "dist-upgrade") || streq(s, "full-upgrade");
            else if (streq(n, "apk"))
                hit = streq(s, "upgrade");
            else if (streq(n, "yum") || streq(n, "dnf") || streq(n, "microdnf")) {
                const char *pk[2];
                hit = (streq(s, "upgrade") || streq(s, "update") || streq(s, "distro-sync")) &&
                      packages(k, NULL, pk, 2) == 0;
            }
            if (hit)
                dd_lint_emit(c, in, k->apos[0],
                             "%s %s upgrades the whole distribution in a "
                             "layer: rebuild on a newer base image instead",
                             n, s);
        }
    }
}

/* ---- any package install (for the security rules) ------------------------------------- */

bool pkg_install(const dd_sh_cmd *k)
{
    const char *tool;
    return apt_install(k) || apk_add(k) || any_rpm_install(k) || pip_install_at(k) > 0 ||
           npm_install(k) || node_add_at(k, &tool) >= 0 || gem_install(k) || go_fetch(k);
}
