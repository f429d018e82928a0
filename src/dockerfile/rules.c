/* The Dockerfile rules: one row per rule, with the hadolint code it replaces (alias), the
 * CIS Docker Benchmark 1.6.0 section 4 item and the CWE where one applies. DDL0xx are
 * the build-hygiene rules hadolint users know; DDL1xx are the security rules.
 * Findings on a RUN point at the shell command that causes them, not only the RUN. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/buf.h"
#include "core/cleanup.h"
#include "core/mem.h"
#include "dockerfile/lint_int.h"
#include "registry/registry.h"
#include "sign/policy.h"

/* ---- helpers over the AST ---------------------------------------------------------- */

/* An empty file or instruction has a NULL array: NULL + 0 is undefined, so the end is
 * computed only from a real array. */
#define FOR_INS(c, in)                                                                             \
    for (const dd_df_instr *in = (c)->df->ins, *in##_end = in ? in + (c)->df->n : in;              \
         in < in##_end; in++)
#define FOR_CMD(in, cmd)                                                                           \
    for (const dd_sh_cmd *cmd = (in)->cmds, *cmd##_end = cmd ? cmd + (in)->ncmds : cmd;            \
         cmd < cmd##_end; cmd++)

static bool streq(const char *a, const char *b)
{
    return strcmp(a, b) == 0;
}

static bool is_opt(const char *a)
{
    return a[0] == '-' && a[1];
}

/* `-y`, or `-qy` style bundles; never `--long`. */
static bool has_short(const dd_sh_cmd *c, char letter)
{
    for (int i = 1; i < c->argc; i++) {
        const char *a = c->argv[i];
        if (a[0] == '-' && a[1] != '-' && strchr(a + 1, letter))
            return true;
    }
    return false;
}

static bool has_long(const dd_sh_cmd *c, const char *name)
{
    size_t n = strlen(name);
    for (int i = 1; i < c->argc; i++)
        if (strncmp(c->argv[i], name, n) == 0 && (c->argv[i][n] == '\0' || c->argv[i][n] == '='))
            return true;
    return false;
}

static bool has_arg(const dd_sh_cmd *c, const char *s)
{
    for (int i = 1; i < c->argc; i++)
        if (streq(c->argv[i], s))
            return true;
    return false;
}

static bool in_list(const char *s, const char *const *list)
{
    for (; *list; list++)
        if (streq(s, *list))
            return true;
    return false;
}

/* Index of the first non-option argument (the subcommand), skipping option values. */
static int subcmd_at(const dd_sh_cmd *c, const char *const *valopts, int from)
{
    for (int i = from; i < c->argc; i++) {
        const char *a = c->argv[i];
        if (is_opt(a)) {
            if (valopts && in_list(a, valopts))
                i++;
            continue;
        }
        return i;
    }
    return -1;
}

static const char *subcmd(const dd_sh_cmd *c, const char *const *valopts)
{
    int i = subcmd_at(c, valopts, 1);
    return i > 0 ? c->argv[i] : "";
}

/* The package words after the subcommand. Returns how many were stored in out. */
static int packages(const dd_sh_cmd *c, const char *const *valopts, const char **out, int max)
{
    int s = subcmd_at(c, valopts, 1);
    int n = 0;
    if (s < 0)
        return 0;
    for (int i = s + 1; i < c->argc && n < max; i++) {
        const char *a = c->argv[i];
        if (is_opt(a)) {
            if (valopts && in_list(a, valopts))
                i++;
            continue;
        }
        if (!*a || a[0] == '$')
            continue; /* $PACKAGES: unknown at lint time */
        out[n++] = a;
    }
    return n;
}

/* RUN --mount=type=cache,target=... covering `path`. */
static bool cache_mount(const dd_df_instr *in, const char *path)
{
    for (size_t i = 0; i < in->nflags; i++) {
        const dd_df_flag *f = &in->flags[i];
        if (streq(f->name, "mount") && f->value && strstr(f->value, "type=cache") &&
            strstr(f->value, path))
            return true;
    }
    return false;
}

static bool is_tool(const dd_sh_cmd *k, const char *name)
{
    return streq(dd_sh_name(k), name);
}

/* Commands of RUN instructions in stages that end up in the final image. */
static bool ships(const lint_ctx *c, const dd_df_instr *in)
{
    return in->stage >= 0 && c->ships[in->stage];
}

static void join_words(dd_buf *b, const char **w, int n)
{
    for (int i = 0; i < n; i++) {
        if (i)
            dd_buf_puts(b, ", ");
        dd_buf_puts(b, w[i]);
    }
}

/* Image reference parts: registry ("docker.io" when implicit), tag (NULL), digest. */
typedef struct imgref {
    char reg[256];
    char name[256];
    char tag[128];
    bool has_tag, has_digest;
} imgref;

/* snprintf(dst, size, "%.*s", n, src) without the printf machinery (hot: every stage, every
 * COPY source). */
static void copy_str(char *dst, size_t size, const char *src, size_t n)
{
    n = strnlen(src, n);
    if (n >= size)
        n = size - 1;
    memcpy(dst, src, n);
    dst[n] = '\0';
}

static void parse_image(const char *ref, imgref *r)
{
    memset(r, 0, sizeof *r);
    const char *at = strchr(ref, '@');
    r->has_digest = at != NULL;
    size_t len = at ? (size_t)(at - ref) : strlen(ref);
    const char *slash = memchr(ref, '/', len);
    const char *rest = ref;
    if (slash) {
        size_t fl = (size_t)(slash - ref);
        bool is_reg = memchr(ref, '.', fl) || memchr(ref, ':', fl) ||
                      (fl == 9 && strncmp(ref, "localhost", 9) == 0);
        if (is_reg) {
            copy_str(r->reg, sizeof r->reg, ref, fl);
            rest = slash + 1;
            len -= fl + 1;
        }
    }
    if (!r->reg[0])
        copy_str(r->reg, sizeof r->reg, "docker.io", 9);
    const char *lastslash = NULL;
    for (size_t i = 0; i < len; i++)
        if (rest[i] == '/')
            lastslash = rest + i;
    const char *colon = memchr(lastslash ? lastslash : rest, ':',
                               len - (size_t)((lastslash ? lastslash : rest) - rest));
    if (colon) {
        r->has_tag = true;
        copy_str(r->tag, sizeof r->tag, colon + 1, len - (size_t)(colon + 1 - rest));
        len = (size_t)(colon - rest);
    }
    copy_str(r->name, sizeof r->name, rest, len);
}

static const char *base_name(const char *name)
{
    const char *s = strrchr(name, '/');
    return s ? s + 1 : name;
}

/* An external image (not scratch, not an earlier stage, fully resolved). */
static const dd_df_stage *external_from(const lint_ctx *c, const dd_df_instr *in)
{
    if (in->kind != DD_DF_FROM || in->stage < 0)
        return NULL;
    const dd_df_stage *s = &c->df->stages[in->stage];
    if (s->from_stage >= 0 || s->image_unresolved || !*s->image ||
        strcasecmp(s->image, "scratch") == 0)
        return NULL;
    return s;
}

static const dd_df_instr *stage_from(const lint_ctx *c, int st)
{
    return &c->df->ins[c->df->stages[st].first];
}

/* ---- rules: build hygiene (hadolint) ------------------------------------------------ */

static void r_workdir_abs(lint_ctx *c)
{
    FOR_INS(c, in) {
        if (in->kind != DD_DF_WORKDIR || !in->nwords || in->words[0].unresolved)
            continue;
        const char *v = in->words[0].value;
        bool win = isalpha((unsigned char)v[0]) && v[1] == ':';
        if (v[0] != '/' && !win && v[0] != '$')
            dd_lint_emit(c, in, in->words[0].pos, "WORKDIR %s is relative: it depends on the "
                         "working directory the base image left", v);
    }
}

static void r_pointless_cmd(lint_ctx *c)
{
    static const char *const bad[] = {"ssh", "vim", "shutdown", "service", "ps", "free", "top",
                                      "kill", "mount", "ifconfig", "nano", NULL};
    FOR_INS(c, in) {
        if (in->kind != DD_DF_RUN)
            continue;
        FOR_CMD(in, k)
            if (in_list(dd_sh_name(k), bad))
                dd_lint_emit(c, in, k->apos[0], "'%s' makes no sense in a build step",
                             dd_sh_name(k));
    }
}

static void r_cd(lint_ctx *c)
{
    FOR_INS(c, in) {
        if (in->kind != DD_DF_RUN)
            continue;
        FOR_CMD(in, k)
            if (is_tool(k, "cd") && k->argc > 1)
                dd_lint_emit(c, in, k->apos[0], "cd %s: use WORKDIR to change directory",
                             k->argv[1]);
    }
}

static void r_sudo(lint_ctx *c)
{
    FOR_INS(c, in) {
        if (in->kind != DD_DF_RUN)
            continue;
        FOR_CMD(in, k)
            if (is_tool(k, "sudo"))
                dd_lint_emit(c, in, k->apos[0], "sudo in a build step");
    }
}

static void r_untagged(lint_ctx *c)
{
    FOR_INS(c, in) {
        const dd_df_stage *s = external_from(c, in);
        if (!s)
            continue;
        imgref r;
        parse_image(s->image, &r);
        if (!r.has_tag && !r.has_digest)
            dd_lint_emit(c, in, in->words[0].pos, "FROM %s has no tag: the build changes "
                         "whenever the image's latest does", s->image);
    }
}

static void r_latest(lint_ctx *c)
{
    FOR_INS(c, in) {
        const dd_df_stage *s = external_from(c, in);
        if (!s)
            continue;
        imgref r;
        parse_image(s->image, &r);
        if (r.has_tag && !r.has_digest && streq(r.tag, "latest"))
            dd_lint_emit(c, in, in->words[0].pos, "FROM %s uses the latest tag", s->image);
    }
}

static const char *const apt_valopts[] = {"-o", "-c", "-t", "--option", "--config-file",
                                          "--target-release", "--default-release", NULL};

static bool apt_install(const dd_sh_cmd *k)
{
    return (is_tool(k, "apt-get") || is_tool(k, "apt")) && streq(subcmd(k, apt_valopts), "install");
}

/* apt-get install / apk add of a package without "=version": the same check for both
 * package managers; a path or a local package file is pinned by what it is. */
static void unpinned_packages(lint_ctx *c, bool (*installs)(const dd_sh_cmd *),
                              const char *const *valopts, const char *file_ext, const char *what)
{
    FOR_INS(c, in) {
        if (in->kind != DD_DF_RUN)
            continue;
        FOR_CMD(in, k) {
            if (!installs(k))
                continue;
            const char *pk[64], *bad[64];
            int n = packages(k, valopts, pk, 64), nb = 0;
            for (int i = 0; i < n; i++)
                if (!strchr(pk[i], '=') && !strchr(pk[i], '/') && !strstr(pk[i], file_ext))
                    bad[nb++] = pk[i];
            if (nb) {
                _cleanup_buf_ dd_buf b = DD_BUF_INIT;
                join_words(&b, bad, nb);
                dd_lint_emit(c, in, k->apos[0], "%s without a version: %s (pin with "
                             "package=version)", what, b.data);
            }
        }
    }
}

static void r_apt_pin(lint_ctx *c)
{
    unpinned_packages(c, apt_install, apt_valopts, ".deb", "apt-get install");
}

static void r_apt_lists(lint_ctx *c)
{
    FOR_INS(c, in) {
        if (in->kind != DD_DF_RUN || !ships(c, in) || cache_mount(in, "/var/lib/apt"))
            continue;
        bool clean = false;
        FOR_CMD(in, k)
            if (is_tool(k, "rm"))
                for (int i = 1; i < k->argc; i++)
                    if (strstr(k->argv[i], "/var/lib/apt/lists"))
                        clean = true;
        if (clean)
            continue;
        FOR_CMD(in, k)
            if (apt_install(k)) {
                dd_lint_emit(c, in, k->apos[0], "apt-get install without rm -rf "
                             "/var/lib/apt/lists/* in the same RUN");
                break;
            }
    }
}

static bool port_ok(const char *p)
{
    char *end;
    long v = strtol(p, &end, 10);
    return end != p && v >= 0 && v <= 65535 && (*end == '\0' || *end == '-');
}

static void r_port(lint_ctx *c)
{
    FOR_INS(c, in) {
        if (in->kind != DD_DF_EXPOSE)
            continue;
        for (size_t i = 0; i < in->nwords; i++) {
            const dd_df_word *w = &in->words[i];
            if (w->unresolved)
                continue;
            char buf[64];
            snprintf(buf, sizeof buf, "%s", w->value);
            char *proto = strchr(buf, '/');
            bool ok = true;
            if (proto) {
                *proto++ = '\0';
                ok = !strcasecmp(proto, "tcp") || !strcasecmp(proto, "udp") ||
                     !strcasecmp(proto, "sctp");
            }
            char *dash = strchr(buf, '-');
            ok = ok && port_ok(buf) && (!dash || port_ok(dash + 1));
            if (!ok)
                dd_lint_emit(c, in, w->pos, "EXPOSE %s is not a valid port (0-65535[/tcp|udp])",
                             w->value);
        }
    }
}

static void per_stage_dups(lint_ctx *c, dd_df_kind kind, const char *what)
{
    for (size_t s = 0; s < c->df->nstages; s++) {
        const dd_df_stage *st = &c->df->stages[s];
        int seen = 0;
        for (size_t i = st->first; i <= st->last && i < c->df->n; i++) {
            const dd_df_instr *in = &c->df->ins[i];
            if (in->kind != kind)
                continue;
            if (seen++)
                dd_lint_emit(c, in, in->pos, "another %s in the same stage: only the last one "
                             "counts", what);
        }
    }
}

static void r_multi_healthcheck(lint_ctx *c)
{
    per_stage_dups(c, DD_DF_HEALTHCHECK, "HEALTHCHECK");
}

static const char *const pip_valopts[] = {
    "-r", "--requirement", "-c", "--constraint", "-e", "--editable", "-i", "--index-url",
    "--extra-index-url", "-t", "--target", "--prefix", "--root", "-f", "--find-links",
    "--trusted-host", "--platform", "--python-version", "--implementation", "--abi",
    "--src", "--upgrade-strategy", "--progress-bar", "--proxy", "--cache-dir", "--log",
    "--timeout", "--retries", "--exists-action", "--cert", "--client-cert", "-C",
    "--config-settings", NULL};

/* pip, pip3, pip3.11, python -m pip: the index of "install" or -1. */
static int pip_install_at(const dd_sh_cmd *k)
{
    const char *n = dd_sh_name(k);
    int from = 1;
    if (strncmp(n, "python", 6) == 0) {
        if (k->argc < 4 || !streq(k->argv[1], "-m") || !streq(k->argv[2], "pip"))
            return -1;
        from = 3;
    } else if (strncmp(n, "pip", 3) != 0 || (n[3] && n[3] != '3' && n[3] != '2')) {
        return -1;
    }
    int i = subcmd_at(k, pip_valopts, from);
    return i > 0 && streq(k->argv[i], "install") ? i : -1;
}

static void r_pip_pin(lint_ctx *c)
{
    FOR_INS(c, in) {
        if (in->kind != DD_DF_RUN)
            continue;
        FOR_CMD(in, k) {
            int s = pip_install_at(k);
            if (s < 0)
                continue;
            const char *bad[64];
            int nb = 0;
            for (int i = s + 1; i < k->argc && nb < 64; i++) {
                const char *a = k->argv[i];
                if (is_opt(a)) {
                    if (in_list(a, pip_valopts))
                        i++;
                    continue;
                }
                if (strpbrk(a, "=<>~!@/") || strstr(a, ".whl") || strstr(a, ".tar.gz") ||
                    a[0] == '.' || a[0] == '$')
                    continue;
                bad[nb++] = a;
            }
            if (nb) {
                _cleanup_buf_ dd_buf b = DD_BUF_INIT;
                join_words(&b, bad, nb);
                dd_lint_emit(c, in, k->apos[0], "pip install without a version: %s (pin with "
                             "package==version)", b.data);
            }
        }
    }
}

static bool apt_yes(const dd_sh_cmd *k)
{
    return has_short(k, 'y') || has_long(k, "--yes") || has_long(k, "--assume-yes") ||
           has_arg(k, "-qq") || has_arg(k, "-q=2");
}

static void r_apt_yes(lint_ctx *c)
{
    FOR_INS(c, in) {
        if (in->kind != DD_DF_RUN)
            continue;
        FOR_CMD(in, k)
            if (apt_install(k) && !apt_yes(k))
                dd_lint_emit(c, in, k->apos[0], "apt-get install without -y waits for an "
                             "answer no one gives");
    }
}

static void r_apt_recommends(lint_ctx *c)
{
    FOR_INS(c, in) {
        if (in->kind != DD_DF_RUN)
            continue;
        FOR_CMD(in, k) {
            if (!apt_install(k) || has_long(k, "--no-install-recommends"))
                continue;
            bool opt = false;
            for (int i = 1; i < k->argc; i++)
                if (strstr(k->argv[i], "Install-Recommends=") &&
                    (strstr(k->argv[i], "=false") || strstr(k->argv[i], "=0")))
                    opt = true;
            if (!opt)
                dd_lint_emit(c, in, k->apos[0], "apt-get install without "
                             "--no-install-recommends pulls in packages no one asked for");
        }
    }
}

static bool npm_install(const dd_sh_cmd *k)
{
    const char *s = subcmd(k, NULL);
    return is_tool(k, "npm") && (streq(s, "install") || streq(s, "i") || streq(s, "add"));
}

static void r_npm_pin(lint_ctx *c)
{
    FOR_INS(c, in) {
        if (in->kind != DD_DF_RUN)
            continue;
        FOR_CMD(in, k) {
            if (!npm_install(k))
                continue;
            const char *pk[64], *bad[64];
            int n = packages(k, NULL, pk, 64), nb = 0;
            for (int i = 0; i < n; i++) {
                const char *p = pk[i];
                const char *at = strchr(p + (p[0] == '@'), '@');
                if (at || p[0] == '.' || p[0] == '/' || strstr(p, "://") ||
                    strncmp(p, "git", 3) == 0 || strstr(p, ".tgz") ||
                    (strchr(p, '/') && p[0] != '@'))
                    continue;
                bad[nb++] = p;
            }
            if (nb) {
                _cleanup_buf_ dd_buf b = DD_BUF_INIT;
                join_words(&b, bad, nb);
                dd_lint_emit(c, in, k->apos[0], "npm install without a version: %s (pin with "
                             "package@version)", b.data);
            }
        }
    }
}

static const char *const apk_valopts[] = {"-t", "--virtual", "-X", "--repository", "-p",
                                          "--root", "--arch", "--keys-dir", "--cache-dir", NULL};

static bool apk_add(const dd_sh_cmd *k)
{
    return is_tool(k, "apk") && streq(subcmd(k, apk_valopts), "add");
}

static void r_apk_pin(lint_ctx *c)
{
    unpinned_packages(c, apk_add, apk_valopts, ".apk", "apk add");
}

static void r_apk_cache(lint_ctx *c)
{
    FOR_INS(c, in) {
        if (in->kind != DD_DF_RUN || !ships(c, in) || cache_mount(in, "/var/cache/apk") ||
            cache_mount(in, "/etc/apk/cache"))
            continue;
        FOR_CMD(in, k)
            if (apk_add(k) && !has_long(k, "--no-cache"))
                dd_lint_emit(c, in, k->apos[0], "apk add without --no-cache leaves the index "
                             "in the image");
    }
}

static bool is_url(const char *s)
{
    return strncmp(s, "http://", 7) == 0 || strncmp(s, "https://", 8) == 0 ||
           strncmp(s, "ftp://", 6) == 0;
}

static bool is_git(const char *s)
{
    return strncmp(s, "git@", 4) == 0 || strncmp(s, "git://", 6) == 0 ||
           (is_url(s) && strstr(s, ".git") && (strstr(s, ".git#") || !strcmp(s + strlen(s) - 4, ".git")));
}

static bool is_archive(const char *s)
{
    static const char *const ext[] = {".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tbz2", ".tbz",
                                      ".tar.xz", ".txz", ".tar.zst", ".tzst", ".tar.lz", ".gz",
                                      ".bz2", ".xz", NULL};
    size_t n = strlen(s);
    for (const char *const *e = ext; *e; e++) {
        size_t m = strlen(*e);
        if (n > m && strcasecmp(s + n - m, *e) == 0)
            return true;
    }
    return false;
}

/* Sources of COPY/ADD: every word but the last. */
#define FOR_SRC(in, w) for (const dd_df_word *w = (in)->words; (in)->nwords >= 2 && w < (in)->words + (in)->nwords - 1; w++)

static void r_add_local(lint_ctx *c)
{
    FOR_INS(c, in) {
        if (in->kind != DD_DF_ADD)
            continue;
        FOR_SRC(in, w) {
            if (is_url(w->value) || is_git(w->value) || is_archive(w->value) || w->unresolved)
                continue;
            dd_lint_emit(c, in, w->pos, "ADD %s: use COPY for local files (ADD also fetches "
                         "URLs and unpacks archives)", w->value);
            break;
        }
    }
}

static void r_copy_dest_slash(lint_ctx *c)
{
    FOR_INS(c, in) {
        if (in->kind != DD_DF_COPY || in->nwords < 3)
            continue;
        const dd_df_word *d = &in->words[in->nwords - 1];
        size_t n = strlen(d->value);
        if (!d->unresolved && n && d->value[n - 1] != '/')
            dd_lint_emit(c, in, d->pos, "COPY with %zu sources needs a destination directory "
                         "ending in /, not %s", in->nwords - 1, d->value);
    }
}

static const char *flag_value(const dd_df_instr *in, const char *name, dd_df_pos *pos)
{
    for (size_t i = 0; i < in->nflags; i++)
        if (streq(in->flags[i].name, name)) {
            if (pos)
                *pos = in->flags[i].pos;
            return in->flags[i].value ? in->flags[i].value : "";
        }
    return NULL;
}

static bool all_digits(const char *s)
{
    if (!*s)
        return false;
    for (; *s; s++)
        if (!isdigit((unsigned char)*s))
            return false;
    return true;
}

static void r_copy_from_unknown(lint_ctx *c)
{
    FOR_INS(c, in) {
        if (in->kind != DD_DF_COPY)
            continue;
        dd_df_pos pos;
        const char *f = flag_value(in, "from", &pos);
        if (!f || !*f || strchr(f, '$') || strpbrk(f, ":/@.") || in->stage < 0)
            continue;
        if (all_digits(f)) {
            if (atol(f) > in->stage)
                dd_lint_emit(c, in, pos, "COPY --from=%s: there is no stage %s before this one",
                             f, f);
            continue;
        }
        bool known = false, later = false;
        for (size_t s = 0; s < c->df->nstages; s++)
            if (c->df->stages[s].name && strcasecmp(c->df->stages[s].name, f) == 0) {
                if ((int)s <= in->stage)
                    known = true;
                else
                    later = true;
            }
        if (!known)
            dd_lint_emit(c, in, pos, "COPY --from=%s: no stage named %s %s", f, f,
                         later ? "is defined before this one" : "exists (an image needs a tag)");
    }
}

static void r_copy_from_self(lint_ctx *c)
{
    FOR_INS(c, in) {
        if (in->kind != DD_DF_COPY || in->stage < 0)
            continue;
        dd_df_pos pos;
        const char *f = flag_value(in, "from", &pos);
        if (!f || !*f)
            continue;
        const dd_df_stage *st = &c->df->stages[in->stage];
        if ((st->name && strcasecmp(st->name, f) == 0) ||
            (all_digits(f) && atol(f) == in->stage))
            dd_lint_emit(c, in, pos, "COPY --from=%s refers to the stage it is in", f);
    }
}

static void r_dup_stage(lint_ctx *c)
{
    for (size_t s = 0; s < c->df->nstages; s++) {
        const dd_df_stage *st = &c->df->stages[s];
        if (!st->name)
            continue;
        for (size_t t = 0; t < s; t++)
            if (c->df->stages[t].name && streq(c->df->stages[t].name, st->name)) {
                const dd_df_instr *in = stage_from(c, (int)s);
                dd_lint_emit(c, in, in->words[2].pos, "stage name %s is already used by "
                             "stage %zu", st->name, t);
                break;
            }
    }
}

static void r_json_cmd(lint_ctx *c)
{
    FOR_INS(c, in)
        if ((in->kind == DD_DF_CMD || in->kind == DD_DF_ENTRYPOINT) && !in->json &&
            in->args_raw[0])
            dd_lint_emit(c, in, in->pos, "%s in shell form: the process runs under /bin/sh -c "
                         "and does not receive signals; use %s [\"...\"]", in->keyword,
                         in->keyword);
}

static bool trusted(const lint_ctx *c, const char *reg)
{
    return dd_trust_registry_match(c->cfg->trusted, c->cfg->ntrusted, reg);
}

/* trust.base-images: the FROM image as written or as its full name (docker.io/library/
 * debian:12) must match one of the patterns. */
static bool base_allowed(const lint_ctx *c, const char *image)
{
    dd_trust_policy p = {.base_images = c->cfg->base_images, .nbase = c->cfg->nbase};
    if (dd_trust_base_allowed(&p, image))
        return true;
    dd_regref rr;
    dd_error ignore = {0};
    if (dd_regref_parse(image, &rr, &ignore) < 0)
        return false;
    char *full = dd_regref_string(&rr);
    bool ok = dd_trust_base_allowed(&p, full);
    free(full);
    dd_regref_free(&rr);
    return ok;
}

static void r_registry(lint_ctx *c)
{
    if (!c->cfg->ntrusted && !c->cfg->nbase)
        return;
    FOR_INS(c, in) {
        const dd_df_stage *s = external_from(c, in);
        if (!s)
            continue;
        imgref r;
        parse_image(s->image, &r);
        if (c->cfg->nbase && !base_allowed(c, s->image))
            dd_lint_emit(c, in, in->words[0].pos, "FROM %s is not one of the allowed base images "
                         "(trust.base-images)", s->image);
        else if (c->cfg->ntrusted && !trusted(c, r.reg))
            dd_lint_emit(c, in, in->words[0].pos, "FROM %s comes from %s, which is not a "
                         "trusted registry", s->image, r.reg);
    }
}

static void r_apt(lint_ctx *c)
{
    FOR_INS(c, in) {
        if (in->kind != DD_DF_RUN)
            continue;
        FOR_CMD(in, k)
            if (is_tool(k, "apt"))
                dd_lint_emit(c, in, k->apos[0], "apt is for people; scripts use apt-get or "
                             "apt-cache (stable interface)");
    }
}

static void r_gem_pin(lint_ctx *c)
{
    FOR_INS(c, in) {
        if (in->kind != DD_DF_RUN)
            continue;
        FOR_CMD(in, k) {
            if (!is_tool(k, "gem") || !streq(subcmd(k, NULL), "install") || has_short(k, 'v') ||
                has_long(k, "--version"))
                continue;
            const char *pk[64], *bad[64];
            int n = packages(k, NULL, pk, 64), nb = 0;
            for (int i = 0; i < n; i++)
                if (!strchr(pk[i], ':') && !strstr(pk[i], ".gem"))
                    bad[nb++] = pk[i];
            if (nb) {
                _cleanup_buf_ dd_buf b = DD_BUF_INIT;
                join_words(&b, bad, nb);
                dd_lint_emit(c, in, k->apos[0], "gem install without a version: %s (pin with "
                             "gem:version or -v)", b.data);
            }
        }
    }
}

static void r_platform(lint_ctx *c)
{
    FOR_INS(c, in) {
        if (in->kind != DD_DF_FROM)
            continue;
        dd_df_pos pos;
        const char *p = flag_value(in, "platform", &pos);
        if (p && !strchr(p, '$'))
            dd_lint_emit(c, in, pos, "FROM --platform=%s: a fixed platform breaks multi-platform "
                         "builds; use $BUILDPLATFORM or $TARGETPLATFORM", p);
    }
}

/* yum, dnf, microdnf, zypper share the same three rules: -y, clean, pinned. */
typedef struct rpm_tool {
    const char *names[4];
    const char *installs[6];
} rpm_tool;

static const rpm_tool yum_tool = {{"yum", NULL}, {"install", "groupinstall", "localinstall", NULL}};
static const rpm_tool dnf_tool = {{"dnf", "microdnf", NULL}, {"install", "groupinstall", "localinstall", NULL}};
static const rpm_tool zyp_tool = {{"zypper", NULL}, {"install", "in", NULL}};

static bool rpm_install(const dd_sh_cmd *k, const rpm_tool *t)
{
    return in_list(dd_sh_name(k), t->names) && in_list(subcmd(k, NULL), t->installs);
}

static void rpm_yes(lint_ctx *c, const rpm_tool *t)
{
    FOR_INS(c, in) {
        if (in->kind != DD_DF_RUN)
            continue;
        FOR_CMD(in, k) {
            if (!rpm_install(k, t))
                continue;
            bool yes = has_short(k, 'y') || has_long(k, "--assumeyes");
            if (t == &zyp_tool)
                yes = has_short(k, 'n') || has_short(k, 'y') || has_long(k, "--non-interactive") ||
                      has_long(k, "--no-confirm");
            if (!yes)
                dd_lint_emit(c, in, k->apos[0], "%s %s without %s waits for an answer no one "
                             "gives", dd_sh_name(k), subcmd(k, NULL),
                             t == &zyp_tool ? "-n" : "-y");
        }
    }
}

static void rpm_clean(lint_ctx *c, const rpm_tool *t, const char *cache)
{
    FOR_INS(c, in) {
        if (in->kind != DD_DF_RUN || !ships(c, in) || cache_mount(in, cache))
            continue;
        bool clean = false;
        FOR_CMD(in, k) {
            if (in_list(dd_sh_name(k), t->names) &&
                (has_arg(k, "clean") || has_arg(k, "cc") || has_arg(k, "clean-all")))
                clean = true;
            if (is_tool(k, "rm"))
                for (int i = 1; i < k->argc; i++)
                    if (strstr(k->argv[i], cache))
                        clean = true;
        }
        if (clean)
            continue;
        FOR_CMD(in, k)
            if (rpm_install(k, t)) {
                dd_lint_emit(c, in, k->apos[0], "%s install without %s in the same RUN",
                             dd_sh_name(k), t == &zyp_tool ? "zypper clean" : "clean all");
                break;
            }
    }
}

static void rpm_pin(lint_ctx *c, const rpm_tool *t)
{
    FOR_INS(c, in) {
        if (in->kind != DD_DF_RUN)
            continue;
        FOR_CMD(in, k) {
            if (!rpm_install(k, t))
                continue;
            const char *pk[64], *bad[64];
            int n = packages(k, NULL, pk, 64), nb = 0;
            for (int i = 0; i < n; i++) {
                const char *p = pk[i];
                if (p[0] == '@' || strstr(p, ".rpm") || strchr(p, '/'))
                    continue;
                bool pinned = false;
                if (t == &zyp_tool) {
                    pinned = strpbrk(p, "=<>") != NULL;
                } else {
                    for (const char *d = strchr(p, '-'); d; d = strchr(d + 1, '-'))
                        if (isdigit((unsigned char)d[1]))
                            pinned = true;
                }
                if (!pinned)
                    bad[nb++] = p;
            }
            if (nb) {
                _cleanup_buf_ dd_buf b = DD_BUF_INIT;
                join_words(&b, bad, nb);
                dd_lint_emit(c, in, k->apos[0], "%s install without a version: %s", dd_sh_name(k),
                             b.data);
            }
        }
    }
}

static void r_yum_yes(lint_ctx *c) { rpm_yes(c, &yum_tool); }
static void r_yum_clean(lint_ctx *c) { rpm_clean(c, &yum_tool, "/var/cache/yum"); }
static void r_yum_pin(lint_ctx *c) { rpm_pin(c, &yum_tool); }
static void r_zypper_yes(lint_ctx *c) { rpm_yes(c, &zyp_tool); }
static void r_zypper_clean(lint_ctx *c) { rpm_clean(c, &zyp_tool, "/var/cache/zypp"); }
static void r_zypper_pin(lint_ctx *c) { rpm_pin(c, &zyp_tool); }
static void r_dnf_yes(lint_ctx *c) { rpm_yes(c, &dnf_tool); }
static void r_dnf_clean(lint_ctx *c) { rpm_clean(c, &dnf_tool, "/var/cache/dnf"); }
static void r_dnf_pin(lint_ctx *c) { rpm_pin(c, &dnf_tool); }

static void r_zypper_dup(lint_ctx *c)
{
    FOR_INS(c, in) {
        if (in->kind != DD_DF_RUN)
            continue;
        FOR_CMD(in, k) {
            const char *s = subcmd(k, NULL);
            if (is_tool(k, "zypper") && (streq(s, "dist-upgrade") || streq(s, "dup")))
                dd_lint_emit(c, in, k->apos[0], "zypper %s in a build", s);
        }
    }
}

static bool stage_env_set(const lint_ctx *c, const dd_df_instr *upto, const char *key)
{
    if (upto->stage < 0)
        return false;
    for (int st = upto->stage; st >= 0; st = c->df->stages[st].from_stage)
        for (size_t i = c->df->stages[st].first; i <= c->df->stages[st].last && i < c->df->n; i++) {
            const dd_df_instr *in = &c->df->ins[i];
            if (st == upto->stage && in >= upto)
                break;
            if (in->kind == DD_DF_ENV)
                for (size_t j = 0; j < in->nkvs; j++)
                    if (streq(in->kvs[j].key, key))
                        return true;
        }
    return false;
}

static void r_pip_cache(lint_ctx *c)
{
    FOR_INS(c, in) {
        if (in->kind != DD_DF_RUN || !ships(c, in) || cache_mount(in, ".cache/pip") ||
            stage_env_set(c, in, "PIP_NO_CACHE_DIR"))
            continue;
        FOR_CMD(in, k)
            if (pip_install_at(k) > 0 && !has_long(k, "--no-cache-dir"))
                dd_lint_emit(c, in, k->apos[0], "pip install without --no-cache-dir keeps the "
                             "download cache in the image");
    }
}

static void r_onbuild(lint_ctx *c)
{
    FOR_INS(c, in)
        if (in->kind == DD_DF_ONBUILD && in->sub &&
            (in->sub->kind == DD_DF_ONBUILD || in->sub->kind == DD_DF_FROM ||
             in->sub->kind == DD_DF_MAINTAINER))
            dd_lint_emit(c, in, in->sub->pos, "ONBUILD %s is not allowed", in->sub->keyword);
}

/* Does raw text reference variable `name` ($name or ${name...})? */
static bool refs_var(const char *raw, const char *name)
{
    size_t n = strlen(name);
    for (const char *p = strchr(raw, '$'); p; p = strchr(p + 1, '$')) {
        const char *q = p + 1 + (p[1] == '{');
        if (strncmp(q, name, n) == 0 && !(isalnum((unsigned char)q[n]) || q[n] == '_'))
            return true;
    }
    return false;
}

static void r_env_self(lint_ctx *c)
{
    FOR_INS(c, in) {
        if (in->kind != DD_DF_ENV || in->nkvs < 2)
            continue;
        for (size_t j = 1; j < in->nkvs; j++)
            for (size_t i = 0; i < j; i++) {
                const char *k = in->kvs[i].key;
                if (streq(k, in->kvs[j].key) || !in->kvs[j].raw_value ||
                    !refs_var(in->kvs[j].raw_value, k) || stage_env_set(c, in, k))
                    continue;
                dd_lint_emit(c, in, in->kvs[j].pos, "%s refers to %s, which this same ENV "
                             "defines: it is not set yet here", in->kvs[j].key, k);
            }
    }
}

static bool stage_has(const lint_ctx *c, const dd_df_instr *upto, dd_df_kind kind)
{
    if (upto->stage < 0)
        return false;
    for (int st = upto->stage; st >= 0; st = c->df->stages[st].from_stage)
        for (size_t i = c->df->stages[st].first; i <= c->df->stages[st].last && i < c->df->n; i++) {
            const dd_df_instr *in = &c->df->ins[i];
            if (st == upto->stage && in >= upto)
                break;
            if (in->kind == kind)
                return true;
        }
    return false;
}

static void r_copy_relative(lint_ctx *c)
{
    FOR_INS(c, in) {
        if ((in->kind != DD_DF_COPY && in->kind != DD_DF_ADD) || in->nwords < 2)
            continue;
        const dd_df_word *d = &in->words[in->nwords - 1];
        const char *v = d->value;
        if (d->unresolved || v[0] == '/' || v[0] == '$' || (isalpha((unsigned char)v[0]) && v[1] == ':'))
            continue;
        if (!stage_has(c, in, DD_DF_WORKDIR))
            dd_lint_emit(c, in, d->pos, "%s to the relative path %s with no WORKDIR set",
                         in->keyword, v);
    }
}

static void r_useradd(lint_ctx *c)
{
    FOR_INS(c, in) {
        if (in->kind != DD_DF_RUN)
            continue;
        FOR_CMD(in, k) {
            if (!is_tool(k, "useradd") || has_short(k, 'l') || has_long(k, "--no-log-init"))
                continue;
            for (int i = 1; i + 1 < k->argc; i++)
                if ((streq(k->argv[i], "-u") || streq(k->argv[i], "--uid")) &&
                    strlen(k->argv[i + 1]) > 5 && all_digits(k->argv[i + 1]))
                    dd_lint_emit(c, in, k->apos[0], "useradd -u %s without -l: the lastlog and "
                                 "faillog files grow to gigabytes", k->argv[i + 1]);
        }
    }
}

static void r_wget_progress(lint_ctx *c)
{
    FOR_INS(c, in) {
        if (in->kind != DD_DF_RUN)
            continue;
        FOR_CMD(in, k)
            if (is_tool(k, "wget") && !has_long(k, "--progress") && !has_short(k, 'q') &&
                !has_long(k, "--quiet") && !has_arg(k, "-nv") && !has_long(k, "--no-verbose"))
                dd_lint_emit(c, in, k->apos[0], "wget without --progress=dot:giga (or -q) fills "
                             "the build log");
    }
}

static bool label_key_ok(const char *k)
{
    static const char *const reserved[] = {"com.docker.", "io.docker.", "org.dockerproject.", NULL};
    for (const char *const *r = reserved; *r; r++)
        if (strncmp(k, *r, strlen(*r)) == 0)
            return false;
    if (!isalnum((unsigned char)k[0]))
        return false;
    for (const char *p = k; *p; p++) {
        if (isupper((unsigned char)*p))
            return false;
        if (!(islower((unsigned char)*p) || isdigit((unsigned char)*p) || *p == '.' || *p == '-'))
            return false;
        if ((*p == '.' || *p == '-') && (p[1] == '.' || p[1] == '-' || !p[1]))
            return false;
    }
    return true;
}

static void r_label_key(lint_ctx *c)
{
    FOR_INS(c, in) {
        if (in->kind != DD_DF_LABEL)
            continue;
        for (size_t j = 0; j < in->nkvs; j++)
            if (!label_key_ok(in->kvs[j].key))
                dd_lint_emit(c, in, in->kvs[j].pos, "label key '%s' is not lower-case "
                             "reverse-DNS notation (or uses a reserved prefix)", in->kvs[j].key);
    }
}

static void r_label_required(lint_ctx *c)
{
    if (!c->cfg->nlabels || c->final < 0)
        return;
    const dd_df_instr *from = stage_from(c, c->final);
    for (size_t l = 0; l < c->cfg->nlabels; l++) {
        bool found = false;
        for (int st = c->final; st >= 0 && !found; st = c->df->stages[st].from_stage)
            for (size_t i = c->df->stages[st].first; i <= c->df->stages[st].last && i < c->df->n; i++) {
                const dd_df_instr *in = &c->df->ins[i];
                if (in->kind == DD_DF_LABEL)
                    for (size_t j = 0; j < in->nkvs; j++)
                        if (streq(in->kvs[j].key, c->cfg->labels[l]))
                            found = true;
            }
        if (!found)
            dd_lint_emit(c, from, from->pos, "the final image has no label %s (required by %s)",
                         c->cfg->labels[l], c->cfg->path ? c->cfg->path : "the configuration");
    }
}

static void r_healthcheck_missing(lint_ctx *c)
{
    if (c->final < 0)
        return;
    for (int st = c->final; st >= 0; st = c->df->stages[st].from_stage)
        for (size_t i = c->df->stages[st].first; i <= c->df->stages[st].last && i < c->df->n; i++)
            if (c->df->ins[i].kind == DD_DF_HEALTHCHECK)
                return;
    const dd_df_instr *from = stage_from(c, c->final);
    dd_lint_emit(c, from, from->pos, "the final stage has no HEALTHCHECK: a hung service "
                 "looks healthy");
}

static bool same_flags(const dd_df_instr *a, const dd_df_instr *b)
{
    if (a->nflags != b->nflags)
        return false;
    for (size_t i = 0; i < a->nflags; i++)
        if (!streq(a->flags[i].name, b->flags[i].name) ||
            strcmp(a->flags[i].value ? a->flags[i].value : "", b->flags[i].value ? b->flags[i].value : ""))
            return false;
    return true;
}

static void r_consecutive_run(lint_ctx *c)
{
    for (size_t i = 1; i < c->df->n; i++) {
        const dd_df_instr *a = &c->df->ins[i - 1], *b = &c->df->ins[i];
        if (a->kind == DD_DF_RUN && b->kind == DD_DF_RUN && same_flags(a, b) && !a->nheredocs &&
            !b->nheredocs)
            dd_lint_emit(c, b, b->pos, "RUN right after RUN (line %d): each one is a layer; "
                         "join them with &&", a->pos.line);
    }
}

static void r_yarn_cache(lint_ctx *c)
{
    FOR_INS(c, in) {
        if (in->kind != DD_DF_RUN || !ships(c, in) || cache_mount(in, "yarn"))
            continue;
        bool clean = false;
        FOR_CMD(in, k)
            if (is_tool(k, "yarn") && has_arg(k, "cache") && has_arg(k, "clean"))
                clean = true;
        if (clean)
            continue;
        FOR_CMD(in, k) {
            const char *s = subcmd(k, NULL);
            if (is_tool(k, "yarn") && (streq(s, "install") || streq(s, "add") || !*s)) {
                dd_lint_emit(c, in, k->apos[0], "yarn %s without yarn cache clean in the same "
                             "RUN", *s ? s : "install");
                break;
            }
        }
    }
}

static void r_before_from(lint_ctx *c)
{
    FOR_INS(c, in)
        if (in->stage < 0 && in->kind != DD_DF_ARG && in->kind != DD_DF_FROM)
            dd_lint_emit(c, in, in->pos, "%s before the first FROM", in->keyword);
}

static void r_maintainer(lint_ctx *c)
{
    FOR_INS(c, in)
        if (in->kind == DD_DF_MAINTAINER)
            dd_lint_emit(c, in, in->pos, "MAINTAINER is deprecated: use LABEL "
                         "org.opencontainers.image.authors=...");
}

static void r_wget_curl(lint_ctx *c)
{
    for (size_t s = 0; s < c->df->nstages; s++) {
        const dd_df_stage *st = &c->df->stages[s];
        const char *first = NULL;
        for (size_t i = st->first; i <= st->last && i < c->df->n; i++) {
            const dd_df_instr *in = &c->df->ins[i];
            if (in->kind != DD_DF_RUN)
                continue;
            FOR_CMD(in, k) {
                const char *n = dd_sh_name(k);
                if (!streq(n, "wget") && !streq(n, "curl"))
                    continue;
                if (!first) {
                    first = streq(n, "wget") ? "wget" : "curl";
                } else if (!streq(first, n)) {
                    dd_lint_emit(c, in, k->apos[0], "both curl and wget in one stage: use one");
                    goto next_stage;
                }
            }
        }
    next_stage:;
    }
}

static void r_multi_cmd(lint_ctx *c)
{
    per_stage_dups(c, DD_DF_CMD, "CMD");
}

static void r_multi_entrypoint(lint_ctx *c)
{
    per_stage_dups(c, DD_DF_ENTRYPOINT, "ENTRYPOINT");
}

static void r_ln_sh(lint_ctx *c)
{
    FOR_INS(c, in) {
        if (in->kind != DD_DF_RUN)
            continue;
        FOR_CMD(in, k)
            if (is_tool(k, "ln") && k->argc > 2 &&
                (streq(k->argv[k->argc - 1], "/bin/sh") || streq(k->argv[k->argc - 1], "/usr/bin/sh")))
                dd_lint_emit(c, in, k->apos[0], "replacing /bin/sh with ln: use the SHELL "
                             "instruction");
    }
}

/* The SHELL in force at `in` (walking back through the stage and its parents). */
static const dd_df_instr *current_shell(const lint_ctx *c, const dd_df_instr *upto)
{
    const dd_df_instr *found = NULL;
    if (upto->stage < 0)
        return NULL;
    for (int st = upto->stage; st >= 0 && !found; st = c->df->stages[st].from_stage)
        for (size_t i = c->df->stages[st].first; i <= c->df->stages[st].last && i < c->df->n; i++) {
            const dd_df_instr *in = &c->df->ins[i];
            if (st == upto->stage && in >= upto)
                break;
            if (in->kind == DD_DF_SHELL)
                found = in;
        }
    return found;
}

static void r_pipefail(lint_ctx *c)
{
    FOR_INS(c, in) {
        if (in->kind != DD_DF_RUN || in->json)
            continue;
        const dd_df_instr *sh = current_shell(c, in);
        if (sh) {
            bool pf = false, posix = false;
            for (size_t i = 0; i < sh->nwords; i++) {
                const char *v = sh->words[i].value;
                if (streq(v, "pipefail") || strstr(v, "pipefail"))
                    pf = true;
                const char *b = base_name(v);
                if (i == 0 && (streq(b, "sh") || streq(b, "bash") || streq(b, "ash") ||
                               streq(b, "dash") || streq(b, "zsh") || streq(b, "ksh")))
                    posix = true;
            }
            if (pf || !posix)
                continue;
        }
        bool set_pf = false;
        FOR_CMD(in, k) {
            if (is_tool(k, "set") && (has_arg(k, "pipefail") || has_short(k, 'o')) &&
                has_arg(k, "pipefail"))
                set_pf = true;
            if (k->next == DD_SH_PIPE && k->depth == 0 && !k->from_heredoc && !set_pf) {
                dd_lint_emit(c, in, k->apos[0], "a pipe without pipefail: a failing %s does not "
                             "fail the build; SHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]",
                             dd_sh_name(k));
                break;
            }
        }
    }
}

/* ---- rules: security ----------------------------------------------------------------- */

static bool is_root_user(const char *u)
{
    char name[128];
    snprintf(name, sizeof name, "%s", u);
    char *colon = strchr(name, ':');
    if (colon)
        *colon = '\0';
    return streq(name, "root") || streq(name, "0");
}

static void r_root(lint_ctx *c)
{
    if (c->final < 0)
        return;
    const dd_df_instr *last = NULL;
    for (int st = c->final; st >= 0 && !last; st = c->df->stages[st].from_stage)
        for (size_t i = c->df->stages[st].first; i <= c->df->stages[st].last && i < c->df->n; i++)
            if (c->df->ins[i].kind == DD_DF_USER)
                last = &c->df->ins[i];
    if (last) {
        if (last->nwords && !last->words[0].unresolved && is_root_user(last->words[0].value))
            dd_lint_emit(c, last, last->words[0].pos, "the final stage runs as %s",
                         last->words[0].value);
        return;
    }
    /* Follow the FROM chain to the external base; images made to run as non-root say so. */
    int st = c->final;
    while (c->df->stages[st].from_stage >= 0)
        st = c->df->stages[st].from_stage;
    const char *img = c->df->stages[st].image;
    if (strstr(img, "nonroot") || strstr(img, "rootless"))
        return;
    const dd_df_instr *from = stage_from(c, c->final);
    dd_lint_emit(c, from, from->pos, "no USER in the final stage: the container runs as root");
}

/* A variable name that says it holds a secret. */
static bool secret_name(const char *key)
{
    static const char *const words[] = {"PASSWORD", "PASSWD", "PASS", "SECRET", "SECRETS",
                                        "TOKEN", "APIKEY", "CREDENTIALS", "CREDENTIAL", "PRIVATEKEY",
                                        "AUTHTOKEN", NULL};
    static const char *const pairs[] = {"API_KEY", "ACCESS_KEY", "PRIVATE_KEY", "SECRET_KEY",
                                        "AUTH_KEY", "SIGNING_KEY", "ENCRYPTION_KEY", "MASTER_KEY",
                                        "CLIENT_SECRET", "ACCESS_TOKEN", NULL};
    static const char *const safe_last[] = {"FILE", "PATH", "DIR", "URL", "NAME", "LENGTH",
                                            "TYPE", "ENABLED", "HEADER", "ID", "USER",
                                            "USERNAME", "HOST", "PORT", "FILES", "MODE",
                                            /* settings about a secret, not the secret:
                                             * ACCESS_TOKEN_EXPIRE_MINUTES=30, AUTH_TOKEN_TTL */
                                            "TTL", "TIMEOUT", "EXPIRE", "EXPIRES", "EXPIRY",
                                            "EXPIRATION", "LIFETIME", "SECONDS", "MINUTES",
                                            "HOURS", "DAYS", "ENDPOINT", "ISSUER", "AUDIENCE",
                                            "ALGORITHM", "VERSION", NULL};
    char up[128];
    size_t n = 0;
    for (const char *p = key; *p && n + 1 < sizeof up; p++)
        up[n++] = (*p == '-' || *p == '.') ? '_' : (char)toupper((unsigned char)*p);
    up[n] = '\0';
    const char *last = strrchr(up, '_');
    last = last ? last + 1 : up;
    if (in_list(last, safe_last) && last != up)
        return false;
    for (const char *const *pr = pairs; *pr; pr++)
        if (strstr(up, *pr))
            return true;
    char *save = NULL;
    for (char *t = strtok_r(up, "_", &save); t; t = strtok_r(NULL, "_", &save))
        if (in_list(t, words))
            return true;
    return false;
}

static void r_env_secret_name(lint_ctx *c)
{
    FOR_INS(c, in) {
        if (in->kind != DD_DF_ENV)
            continue;
        for (size_t j = 0; j < in->nkvs; j++) {
            const dd_df_kv *kv = &in->kvs[j];
            if (!secret_name(kv->key) || !kv->raw_value || !*kv->raw_value)
                continue;
            _cleanup_free_ char *m = dd_df_mask(kv->raw_value);
            dd_lint_emit(c, in, kv->pos, "ENV %s=%s: the value is stored in the image config "
                         "for anyone who pulls it", kv->key, m);
        }
    }
}

static void check_secret_value(lint_ctx *c, const dd_df_instr *in, const char *what,
                               const char *v, dd_df_pos pos)
{
    const char *kind = dd_df_secret_kind(v);
    if (!kind)
        return;
    /* Mask from where the secret starts: show only its first 4 characters. */
    dd_lint_emit(c, in, pos, "%s holds a %s (value masked: %.4s****)", what, kind,
                 v);
}

static void r_secret_value(lint_ctx *c)
{
    FOR_INS(c, in) {
        const dd_df_instr *x = in->sub ? in->sub : in;
        if (x->kind == DD_DF_ENV || x->kind == DD_DF_ARG || x->kind == DD_DF_LABEL) {
            for (size_t j = 0; j < x->nkvs; j++) {
                const dd_df_kv *kv = &x->kvs[j];
                /* Name the place only when there is something to report. */
                if (!kv->value || !dd_df_secret_kind(kv->value))
                    continue;
                _cleanup_free_ char *what = dd_xasprintf("%s %s", x->keyword, kv->key);
                check_secret_value(c, in, what, kv->value, kv->pos);
            }
            continue;
        }
        bool found = false;
        for (size_t w = 0; w < x->nwords && !found; w++)
            if (dd_df_secret_kind(x->words[w].value)) {
                _cleanup_free_ char *what = dd_xasprintf("%s argument", x->keyword);
                check_secret_value(c, in, what, x->words[w].value, x->words[w].pos);
                found = true;
            }
        FOR_CMD(x, k)
            for (int a = 0; a < k->argc && !found; a++)
                if (dd_df_secret_kind(k->argv[a])) {
                    _cleanup_free_ char *what = dd_xasprintf("%s %s argument", x->keyword,
                                                             dd_sh_name(k));
                    check_secret_value(c, in, what, k->argv[a], k->apos[a]);
                    found = true;
                }
        for (size_t h = 0; h < x->nheredocs && !found; h++)
            if (dd_df_secret_kind(x->heredocs[h].body)) {
                check_secret_value(c, in, "heredoc", x->heredocs[h].body, x->heredocs[h].pos);
                found = true;
            }
    }
}

/* The secret itself never reaches the report: find where it starts and mask from there. */

static bool credential_file(const char *src)
{
    static const char *const names[] = {"id_rsa", "id_dsa", "id_ecdsa", "id_ed25519", ".env",
                                        ".npmrc", ".pypirc", ".netrc", ".git-credentials",
                                        ".htpasswd", ".dockercfg", "credentials", ".pgpass",
                                        "kubeconfig", ".vault-token", NULL};
    static const char *const exts[] = {".pem", ".key", ".p12", ".pfx", ".jks", ".keystore", NULL};
    static const char *const dirs[] = {".aws", ".ssh", ".docker", ".kube", ".gnupg", NULL};
    static const char *const dir_pats[] = {".aws/", ".ssh/", ".docker/", ".kube/", ".gnupg/",
                                           NULL};
    char buf[512];
    copy_str(buf, sizeof buf, src, sizeof buf);
    size_t n = strlen(buf);
    while (n > 1 && buf[n - 1] == '/')
        buf[--n] = '\0';
    const char *b = base_name(buf);
    if (in_list(b, names) || (strncmp(b, ".env.", 5) == 0 && !strstr(b, "example") &&
                              !strstr(b, "sample")))
        return true;
    size_t bl = strlen(b);
    for (const char *const *e = exts; *e; e++) {
        size_t m = strlen(*e);
        if (bl > m && strcasecmp(b + bl - m, *e) == 0)
            return true;
    }
    if (in_list(b, dirs))
        return true;
    for (const char *const *d = dir_pats; *d; d++) {
        const char *p = strstr(buf, *d);
        if (p && (p == buf || p[-1] == '/'))
            return true;
    }
    return false;
}

static void r_credential_copy(lint_ctx *c)
{
    FOR_INS(c, in) {
        if (in->kind != DD_DF_COPY && in->kind != DD_DF_ADD)
            continue;
        FOR_SRC(in, w) {
            if (w->raw[0] == '<' || is_url(w->value) || !credential_file(w->value) ||
                strstr(w->value, ".pub"))
                continue;
            dd_lint_emit(c, in, w->pos, "%s %s puts a credential file into the image",
                         in->keyword, w->value);
        }
    }
}

static void r_add_url(lint_ctx *c)
{
    FOR_INS(c, in) {
        if (in->kind != DD_DF_ADD || flag_value(in, "checksum", NULL))
            continue;
        FOR_SRC(in, w)
            if (is_url(w->value) && !is_git(w->value))
                dd_lint_emit(c, in, w->pos, "ADD %s downloads without verification; use "
                             "ADD --checksum=sha256:... or curl and check the hash", w->value);
    }
}

static bool is_interpreter(const char *n)
{
    static const char *const sh[] = {"sh", "bash", "zsh", "dash", "ash", "ksh", "python",
                                     "python3", "perl", "ruby", "node", NULL};
    return in_list(n, sh);
}

static void r_curl_pipe_sh(lint_ctx *c)
{
    FOR_INS(c, in) {
        if (in->kind != DD_DF_RUN)
            continue;
        FOR_CMD(in, k) {
            const char *n = dd_sh_name(k);
            bool fetch = streq(n, "curl") || streq(n, "wget");
            if (fetch && k->next == DD_SH_PIPE && k + 1 < in->cmds + in->ncmds) {
                const dd_sh_cmd *d = k + 1;
                const char *dn = dd_sh_name(d);
                if (streq(dn, "sudo") && d->argc > 1)
                    dn = base_name(d->argv[subcmd_at(d, NULL, 1) > 0 ? subcmd_at(d, NULL, 1) : 1]);
                if (is_interpreter(dn)) {
                    dd_lint_emit(c, in, k->apos[0], "%s piped to %s runs whatever the server "
                                 "sends", n, dn);
                    continue;
                }
            }
            if (is_interpreter(n))
                for (int a = 1; a < k->argc; a++)
                    if (strstr(k->argv[a], "$(curl") || strstr(k->argv[a], "$(wget") ||
                        strstr(k->argv[a], "<(curl") || strstr(k->argv[a], "<(wget") ||
                        strstr(k->argv[a], "`curl") || strstr(k->argv[a], "`wget")) {
                        dd_lint_emit(c, in, k->apos[0], "%s runs a downloaded script unverified", n);
                        break;
                    }
        }
    }
}

/* chmod mode checks; `mode` is an octal or symbolic mode. */
static bool mode_world_writable(const char *m)
{
    if (all_digits(m)) {
        size_t n = strlen(m);
        char last = m[n - 1];
        return n >= 3 && (last == '2' || last == '3' || last == '6' || last == '7');
    }
    for (const char *clause = m; clause && *clause;) {
        const char *end = strchr(clause, ',');
        size_t len = end ? (size_t)(end - clause) : strlen(clause);
        const char *op = strpbrk(clause, "+=");
        if (op && op < clause + len) {
            bool who_o = false, who_none = op == clause;
            for (const char *p = clause; p < op; p++)
                if (*p == 'o' || *p == 'a')
                    who_o = true;
            const char *w = memchr(op, 'w', len - (size_t)(op - clause));
            if (w && (who_o || (who_none && false)))
                return true;
        }
        clause = end ? end + 1 : NULL;
    }
    return false;
}

static bool mode_setid(const char *m)
{
    if (all_digits(m)) {
        size_t n = strlen(m);
        return n == 4 && (m[0] == '4' || m[0] == '2' || m[0] == '6');
    }
    for (const char *clause = m; clause && *clause;) {
        const char *end = strchr(clause, ',');
        size_t len = end ? (size_t)(end - clause) : strlen(clause);
        const char *op = strpbrk(clause, "+=");
        if (op && op < clause + len && memchr(op, 's', len - (size_t)(op - clause)))
            return true;
        clause = end ? end + 1 : NULL;
    }
    return false;
}

static void chmod_rule(lint_ctx *c, bool (*bad)(const char *), const char *what)
{
    FOR_INS(c, in) {
        if (in->kind == DD_DF_COPY || in->kind == DD_DF_ADD) {
            dd_df_pos pos;
            const char *m = flag_value(in, "chmod", &pos);
            if (m && bad(m))
                dd_lint_emit(c, in, pos, "%s --chmod=%s %s", in->keyword, m, what);
            continue;
        }
        if (in->kind != DD_DF_RUN)
            continue;
        FOR_CMD(in, k) {
            if (!is_tool(k, "chmod"))
                continue;
            int i = subcmd_at(k, NULL, 1);
            if (i > 0 && bad(k->argv[i]))
                dd_lint_emit(c, in, k->apos[0], "chmod %s %s", k->argv[i], what);
        }
    }
}

static void r_chmod_world(lint_ctx *c)
{
    chmod_rule(c, mode_world_writable, "makes files writable by every user");
}

static void r_chmod_setuid(lint_ctx *c)
{
    chmod_rule(c, mode_setid, "sets the setuid/setgid bit");
}

static void r_ssh(lint_ctx *c)
{
    static const char *const pk[] = {"openssh-server", "openssh", "dropbear", "ssh-server", NULL};
    FOR_INS(c, in) {
        if (in->kind == DD_DF_EXPOSE) {
            for (size_t i = 0; i < in->nwords; i++) {
                const char *v = in->words[i].value;
                long a = strtol(v, NULL, 10), b = a;
                const char *dash = strchr(v, '-');
                if (dash)
                    b = strtol(dash + 1, NULL, 10);
                if (!in->words[i].unresolved && a <= 22 && b >= 22 && isdigit((unsigned char)v[0]))
                    dd_lint_emit(c, in, in->words[i].pos, "EXPOSE %s opens SSH: use docker exec "
                                 "instead of an SSH server", v);
            }
            continue;
        }
        if (in->kind != DD_DF_RUN && in->kind != DD_DF_CMD && in->kind != DD_DF_ENTRYPOINT)
            continue;
        FOR_CMD(in, k) {
            const char *n = dd_sh_name(k);
            bool hit = streq(n, "sshd") || (streq(n, "service") && k->argc > 2 &&
                                            (streq(k->argv[1], "ssh") || streq(k->argv[1], "sshd")));
            if (!hit && in->kind == DD_DF_RUN &&
                (apt_install(k) || apk_add(k) || rpm_install(k, &yum_tool) ||
                 rpm_install(k, &dnf_tool) || rpm_install(k, &zyp_tool)))
                for (int a = 1; a < k->argc; a++)
                    if (in_list(k->argv[a], pk) || strncmp(k->argv[a], "openssh-server=", 15) == 0)
                        hit = true;
            if (hit)
                dd_lint_emit(c, in, k->apos[0], "an SSH server in the image: use docker exec "
                             "instead");
        }
    }
}

static void r_upgrade(lint_ctx *c)
{
    FOR_INS(c, in) {
        if (in->kind != DD_DF_RUN)
            continue;
        FOR_CMD(in, k) {
            const char *n = dd_sh_name(k);
            const char *s = subcmd(k, apt_valopts);
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
                dd_lint_emit(c, in, k->apos[0], "%s %s upgrades the whole distribution in a "
                             "layer: rebuild on a newer base image instead", n, s);
        }
    }
}

static void r_digest(lint_ctx *c)
{
    FOR_INS(c, in) {
        const dd_df_stage *s = external_from(c, in);
        if (s && !strchr(s->image, '@'))
            dd_lint_emit(c, in, in->words[0].pos, "FROM %s is not pinned by digest "
                         "(image@sha256:...)", s->image);
    }
}

static void r_docker_sock(lint_ctx *c)
{
    FOR_INS(c, in)
        if (strstr(in->args_raw, "docker.sock"))
            dd_lint_emit(c, in, in->pos, "%s refers to the Docker socket: whoever reaches it "
                         "is root on the host", in->keyword);
}

static void r_distroless(lint_ctx *c)
{
    static const char *const full[] = {"debian", "ubuntu", "alpine", "centos", "fedora",
                                       "rockylinux", "almalinux", "amazonlinux", "oraclelinux",
                                       "ubi8", "ubi9", "ubi", "node", "python", "ruby", "golang",
                                       "openjdk", "eclipse-temurin", "amazoncorretto", "rust",
                                       "buildpack-deps", NULL};
    if (c->final < 0)
        return;
    const dd_df_instr *from = stage_from(c, c->final);
    const dd_df_stage *s = external_from(c, from);
    if (!s)
        return;
    imgref r;
    parse_image(s->image, &r);
    if (!in_list(base_name(r.name), full))
        return;
    bool entry = false;
    const dd_df_stage *st = &c->df->stages[c->final];
    for (size_t i = st->first; i <= st->last && i < c->df->n; i++) {
        const dd_df_instr *in = &c->df->ins[i];
        if (in->kind == DD_DF_RUN || in->kind == DD_DF_ONBUILD || in->kind == DD_DF_SHELL ||
            ((in->kind == DD_DF_CMD || in->kind == DD_DF_ENTRYPOINT || in->kind == DD_DF_HEALTHCHECK) &&
             !in->json && in->nwords && strcasecmp(in->words[0].value, "NONE") != 0))
            return;
        if ((in->kind == DD_DF_CMD || in->kind == DD_DF_ENTRYPOINT) && in->json)
            entry = true;
    }
    if (entry)
        dd_lint_emit(c, from, from->words[0].pos, "the final stage only copies files onto %s: "
                     "a distroless or scratch base would drop the shell and package manager",
                     s->image);
}

static void r_arg_secret(lint_ctx *c)
{
    FOR_INS(c, in) {
        if (in->kind != DD_DF_ARG)
            continue;
        for (size_t j = 0; j < in->nkvs; j++)
            if (secret_name(in->kvs[j].key))
                dd_lint_emit(c, in, in->kvs[j].pos, "ARG %s: build arguments are visible in "
                             "docker history; use RUN --mount=type=secret,id=%s",
                             in->kvs[j].key, in->kvs[j].key);
    }
}

/* ---- the table ---------------------------------------------------------------------- */

#define HADO "https://github.com/hadolint/hadolint/wiki/"
#define ROW(id_, sev_, title_, why_, fix_, cis_, cwe_, url_, alias_, fn_)                      \
    {{.id = id_, .title = title_, .severity = DD_SEV_##sev_, .group = "dockerfile",            \
      .rationale = why_, .remediation = fix_, .cis = cis_, .cwe = cwe_, .url = url_,             \
      .alias = alias_, .flags = 0},                                                             \
     fn_}

static const dd_lint_rule rows[] = {
    ROW("DDL000", HIGH, "Dockerfile could not be read or parsed",
        "docker build would refuse this file, and no other rule can judge it.",
        "Fix the syntax error at the reported line.", NULL, NULL, NULL, NULL, NULL),
    ROW("DDL001", MEDIUM, "WORKDIR is not an absolute path",
        "A relative WORKDIR depends on whatever directory the base image left, which changes "
        "silently with the base.", "Use an absolute path: WORKDIR /app.", NULL, NULL,
        HADO "DL3000", "DL3000", r_workdir_abs),
    ROW("DDL002", INFO, "Command that makes no sense in a build step",
        "Interactive or service-management tools (ssh, vim, service, ps, top, kill, mount...) "
        "do nothing useful while an image is built.",
        "Remove the command; manage processes at run time.", NULL, NULL, HADO "DL3001", "DL3001",
        r_pointless_cmd),
    ROW("DDL003", LOW, "cd used instead of WORKDIR",
        "cd only lasts for one RUN; the next instruction starts elsewhere, which is a common "
        "source of confusing builds.", "Use WORKDIR /path.", NULL, NULL, HADO "DL3003", "DL3003",
        r_cd),
    ROW("DDL004", MEDIUM, "sudo in a build step",
        "Build steps already run as the current USER; sudo adds an unpredictable TTY and "
        "privilege layer and keeps sudo in the image.",
        "Switch with USER root for the step that needs it, then back.", NULL, "CWE-250",
        HADO "DL3004", "DL3004", r_sudo),
    ROW("DDL005", MEDIUM, "Base image has no tag",
        "Without a tag the build takes whatever 'latest' is on the day of the build.",
        "Name a version: FROM debian:12.5 (or pin a digest).", "4.2", NULL, HADO "DL3006",
        "DL3006", r_untagged),
    ROW("DDL006", MEDIUM, "Base image uses the latest tag",
        "'latest' moves; the same Dockerfile builds different images on different days.",
        "Name a version: FROM debian:12.5.", "4.2", NULL, HADO "DL3007", "DL3007", r_latest),
    ROW("DDL007", LOW, "apt-get install without pinned versions",
        "Unpinned packages make the build non-reproducible.",
        "apt-get install -y package=version.", NULL, NULL, HADO "DL3008", "DL3008", r_apt_pin),
    ROW("DDL008", LOW, "apt lists not removed after apt-get install",
        "/var/lib/apt/lists stays in the layer: tens of MB of stale index in every image.",
        "End the same RUN with rm -rf /var/lib/apt/lists/* (or use a cache mount).", NULL, NULL,
        HADO "DL3009", "DL3009", r_apt_lists),
    ROW("DDL009", HIGH, "EXPOSE with an invalid port",
        "Ports are 0-65535 with an optional /tcp, /udp or /sctp; docker build rejects others.",
        "EXPOSE 8080 or EXPOSE 8080/udp.", NULL, NULL, HADO "DL3011", "DL3011", r_port),
    ROW("DDL010", LOW, "More than one HEALTHCHECK in a stage",
        "Only the last HEALTHCHECK counts; the others mislead readers.",
        "Keep one HEALTHCHECK per stage.", NULL, NULL, HADO "DL3012", "DL3012",
        r_multi_healthcheck),
    ROW("DDL011", LOW, "pip install without pinned versions",
        "Unpinned Python packages make the build non-reproducible and open the door to a "
        "malicious new release.", "pip install package==version, or -r requirements.txt with "
        "hashes.", NULL, "CWE-1104", HADO "DL3013", "DL3013", r_pip_pin),
    ROW("DDL012", MEDIUM, "apt-get install without -y",
        "Without -y apt-get asks for confirmation and the build fails or hangs.",
        "apt-get install -y ...", NULL, NULL, HADO "DL3014", "DL3014", r_apt_yes),
    ROW("DDL013", LOW, "apt-get install without --no-install-recommends",
        "Recommended packages add size and attack surface no one asked for.",
        "apt-get install -y --no-install-recommends ...", "4.3", NULL, HADO "DL3015", "DL3015",
        r_apt_recommends),
    ROW("DDL014", LOW, "npm install without pinned versions",
        "Unpinned npm packages make the build non-reproducible.",
        "npm install package@version, or npm ci with a lock file.", NULL, "CWE-1104",
        HADO "DL3016", "DL3016", r_npm_pin),
    ROW("DDL015", LOW, "apk add without pinned versions",
        "Unpinned Alpine packages make the build non-reproducible.",
        "apk add package=version.", NULL, NULL, HADO "DL3018", "DL3018", r_apk_pin),
    ROW("DDL016", LOW, "apk add without --no-cache",
        "The package index stays in the layer.", "apk add --no-cache ...", NULL, NULL,
        HADO "DL3019", "DL3019", r_apk_cache),
    ROW("DDL017", MEDIUM, "ADD used for local files",
        "ADD also fetches URLs and unpacks archives; for plain files its magic only "
        "surprises.", "Use COPY for local files and directories.", "4.9", NULL, HADO "DL3020",
        "DL3020", r_add_local),
    ROW("DDL018", HIGH, "COPY of several sources into a destination without a trailing /",
        "docker build fails when several sources go to a destination that is not a directory.",
        "End the destination with /.", NULL, NULL, HADO "DL3021", "DL3021", r_copy_dest_slash),
    ROW("DDL019", MEDIUM, "COPY --from names no earlier stage",
        "A --from that matches no stage defined before is pulled as an image, usually a typo.",
        "Use the AS name of an earlier stage, or a fully qualified image with a tag.", NULL,
        NULL, HADO "DL3022", "DL3022", r_copy_from_unknown),
    ROW("DDL020", HIGH, "COPY --from refers to its own stage",
        "A stage cannot copy from itself; docker build fails.",
        "Copy from an earlier stage.", NULL, NULL, HADO "DL3023", "DL3023", r_copy_from_self),
    ROW("DDL021", HIGH, "Stage name used twice",
        "Two stages with the same AS name make --from and --target ambiguous.",
        "Give every stage a unique name.", NULL, NULL, HADO "DL3024", "DL3024", r_dup_stage),
    ROW("DDL022", MEDIUM, "CMD or ENTRYPOINT in shell form",
        "In shell form the process is a child of /bin/sh -c: it is not PID 1 and does not "
        "get SIGTERM, so containers stop only when killed.",
        "Use the JSON (exec) form: CMD [\"app\", \"--flag\"].", NULL, NULL, HADO "DL3025",
        "DL3025", r_json_cmd),
    ROW("DDL023", HIGH, "Base image from a registry that is not trusted",
        "Images from registries outside the allowed list bypass the organisation's review "
        "and scanning.", "Use an image from a trusted registry (trusted-registries in "
        ".drydock.yaml or --trusted-registry).", "4.2", "CWE-829", HADO "DL3026", "DL3026",
        r_registry),
    ROW("DDL024", LOW, "apt used instead of apt-get",
        "apt's output and behaviour are meant for people and may change; scripts should use "
        "apt-get.", "Use apt-get or apt-cache.", NULL, NULL, HADO "DL3027", "DL3027", r_apt),
    ROW("DDL025", LOW, "gem install without pinned versions",
        "Unpinned gems make the build non-reproducible.", "gem install name:version or -v.",
        NULL, "CWE-1104", HADO "DL3028", "DL3028", r_gem_pin),
    ROW("DDL026", LOW, "FROM with a fixed --platform",
        "A hard-coded platform breaks multi-platform builds and emulates silently.",
        "Drop --platform or use $BUILDPLATFORM/$TARGETPLATFORM.", NULL, NULL, HADO "DL3029",
        "DL3029", r_platform),
    ROW("DDL027", MEDIUM, "yum install without -y", "yum asks for confirmation and the build "
        "fails.", "yum install -y ...", NULL, NULL, HADO "DL3030", "DL3030", r_yum_yes),
    ROW("DDL028", LOW, "yum install without yum clean all",
        "The yum cache stays in the layer.", "End the same RUN with yum clean all.", NULL, NULL,
        HADO "DL3032", "DL3032", r_yum_clean),
    ROW("DDL029", LOW, "yum install without pinned versions",
        "Unpinned packages make the build non-reproducible.", "yum install -y name-version.",
        NULL, NULL, HADO "DL3033", "DL3033", r_yum_pin),
    ROW("DDL030", MEDIUM, "zypper without a non-interactive switch",
        "zypper asks for confirmation and the build fails.", "zypper -n install ... (or -y).",
        NULL, NULL, HADO "DL3034", "DL3034", r_zypper_yes),
    ROW("DDL031", MEDIUM, "zypper dist-upgrade in a build",
        "A distribution upgrade in a layer produces an unreviewed, non-reproducible base.",
        "Use a newer base image instead.", "4.7", NULL, HADO "DL3035", "DL3035", r_zypper_dup),
    ROW("DDL032", LOW, "zypper install without zypper clean",
        "The zypper cache stays in the layer.", "End the same RUN with zypper clean.", NULL, NULL,
        HADO "DL3036", "DL3036", r_zypper_clean),
    ROW("DDL033", LOW, "zypper install without pinned versions",
        "Unpinned packages make the build non-reproducible.",
        "zypper install -y 'name=version'.", NULL, NULL, HADO "DL3037", "DL3037", r_zypper_pin),
    ROW("DDL034", MEDIUM, "dnf install without -y", "dnf asks for confirmation and the build "
        "fails.", "dnf install -y ...", NULL, NULL, HADO "DL3038", "DL3038", r_dnf_yes),
    ROW("DDL035", LOW, "dnf install without dnf clean all",
        "The dnf cache stays in the layer.", "End the same RUN with dnf clean all.", NULL, NULL,
        HADO "DL3040", "DL3040", r_dnf_clean),
    ROW("DDL036", LOW, "dnf install without pinned versions",
        "Unpinned packages make the build non-reproducible.", "dnf install -y name-version.",
        NULL, NULL, HADO "DL3041", "DL3041", r_dnf_pin),
    ROW("DDL037", LOW, "pip install without --no-cache-dir",
        "pip's download cache stays in the layer.",
        "pip install --no-cache-dir ... (or ENV PIP_NO_CACHE_DIR=1, or a cache mount).", NULL,
        NULL, HADO "DL3042", "DL3042", r_pip_cache),
    ROW("DDL038", HIGH, "ONBUILD triggers ONBUILD, FROM or MAINTAINER",
        "Docker refuses these as ONBUILD triggers.", "Remove the trigger.", NULL, NULL,
        HADO "DL3043", "DL3043", r_onbuild),
    ROW("DDL039", HIGH, "ENV refers to a variable defined in the same ENV",
        "All values of one ENV are expanded before any is set, so the reference is empty or "
        "stale.", "Split into two ENV instructions.", NULL, NULL, HADO "DL3044", "DL3044",
        r_env_self),
    ROW("DDL040", MEDIUM, "COPY to a relative path without WORKDIR",
        "The destination depends on the base image's working directory.",
        "Set WORKDIR first or use an absolute destination.", NULL, NULL, HADO "DL3045",
        "DL3045", r_copy_relative),
    ROW("DDL041", LOW, "useradd with a high UID without -l",
        "Without -l, useradd writes sparse lastlog/faillog entries that grow the layer to "
        "gigabytes.", "useradd -l -u 100000 ...", NULL, NULL, HADO "DL3046", "DL3046",
        r_useradd),
    ROW("DDL042", INFO, "wget without --progress",
        "wget's default progress bar floods build logs.",
        "wget --progress=dot:giga ... or wget -q.", NULL, NULL, HADO "DL3047", "DL3047",
        r_wget_progress),
    ROW("DDL043", INFO, "Invalid label key",
        "Label keys should be lower-case reverse-DNS (org.opencontainers.image.*); com.docker., "
        "io.docker. and org.dockerproject. are reserved.",
        "Rename the label.", NULL, NULL, HADO "DL3048", "DL3048", r_label_key),
    ROW("DDL044", INFO, "Required label missing",
        "The organisation's configuration requires this label on every image.",
        "Add LABEL key=value to the final stage.", NULL, NULL, HADO "DL3049", "DL3049",
        r_label_required),
    ROW("DDL045", LOW, "No HEALTHCHECK in the final stage",
        "Without a HEALTHCHECK, Docker and orchestrators cannot tell a hung service from a "
        "working one.", "Add HEALTHCHECK CMD [\"/app\", \"health\"] (or HEALTHCHECK NONE on "
        "purpose).", "4.6", NULL, HADO "DL3057", "DL3057", r_healthcheck_missing),
    ROW("DDL046", INFO, "Consecutive RUN instructions",
        "Every RUN is a layer; consecutive ones add size and build time.",
        "Join them with &&.", NULL, NULL, HADO "DL3059", "DL3059", r_consecutive_run),
    ROW("DDL047", INFO, "yarn install without yarn cache clean",
        "The yarn cache stays in the layer.", "End the same RUN with yarn cache clean.", NULL,
        NULL, HADO "DL3060", "DL3060", r_yarn_cache),
    ROW("DDL048", HIGH, "Instruction before the first FROM",
        "Only ARG may precede FROM; docker build rejects anything else.",
        "Move the instruction after FROM.", NULL, NULL, HADO "DL3061", "DL3061", r_before_from),
    ROW("DDL049", INFO, "MAINTAINER is deprecated",
        "MAINTAINER was deprecated in Docker 1.13.",
        "LABEL org.opencontainers.image.authors=\"...\"", NULL, NULL, HADO "DL4000", "DL4000",
        r_maintainer),
    ROW("DDL050", INFO, "Both curl and wget in one stage",
        "Two download tools where one would do: more size, more attack surface.",
        "Use one of them.", "4.3", NULL, HADO "DL4001", "DL4001", r_wget_curl),
    ROW("DDL051", MEDIUM, "More than one CMD in a stage",
        "Only the last CMD counts.", "Keep one CMD.", NULL, NULL, HADO "DL4003", "DL4003",
        r_multi_cmd),
    ROW("DDL052", HIGH, "More than one ENTRYPOINT in a stage",
        "Only the last ENTRYPOINT counts.", "Keep one ENTRYPOINT.", NULL, NULL, HADO "DL4004",
        "DL4004", r_multi_entrypoint),
    ROW("DDL053", MEDIUM, "/bin/sh replaced with ln",
        "Relinking /bin/sh changes the shell for every later program in the image.",
        "Use SHELL [\"/bin/bash\", \"-c\"] to change the build shell.", NULL, NULL,
        HADO "DL4005", "DL4005", r_ln_sh),
    ROW("DDL054", MEDIUM, "Pipe in RUN without pipefail",
        "/bin/sh -c only checks the last command of a pipe: curl ... | tar x succeeds even "
        "when the download failed.",
        "SHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"] before the RUN, or set -o pipefail "
        "&& ...", NULL, "CWE-754", HADO "DL4006", "DL4006", r_pipefail),

    ROW("DDL100", HIGH, "Final stage runs as root",
        "A process running as root in a container is root on the host when it escapes, and "
        "can modify the whole image filesystem at run time.",
        "Create a user and switch to it: RUN useradd -r app && ... then USER app (or a "
        "numeric UID).", "4.1", "CWE-250", HADO "DL3002", "DL3002", r_root),
    ROW("DDL101", HIGH, "Secret-like variable set with ENV",
        "ENV values are stored in the image configuration: anyone who can pull the image can "
        "read them with docker inspect.",
        "Pass secrets at run time (environment, secret files) or at build time with RUN "
        "--mount=type=secret.", "4.10", "CWE-798", NULL, NULL, r_env_secret_name),
    ROW("DDL102", CRITICAL, "Secret value in the Dockerfile",
        "A token or key written into a Dockerfile lives in version control, build logs and "
        "image history.",
        "Revoke the credential, remove it, and use RUN --mount=type=secret or run-time "
        "secrets.", "4.10", "CWE-798", NULL, NULL, r_secret_value),
    ROW("DDL103", HIGH, "Credential file copied into the image",
        "Private keys, .env files, .npmrc, cloud and Docker credentials copied into a layer "
        "stay in the image even if a later step deletes them.",
        "Exclude them in .dockerignore; use RUN --mount=type=secret or ssh mounts.", "4.10",
        "CWE-522", NULL, NULL, r_credential_copy),
    ROW("DDL104", MEDIUM, "ADD from a remote URL",
        "ADD downloads without checking integrity; a compromised or changed server changes "
        "the image.", "Use ADD --checksum=sha256:..., or RUN curl -fsSLo f URL && echo 'HASH  f' | "
        "sha256sum -c.", "4.9", "CWE-494", NULL, NULL, r_add_url),
    ROW("DDL105", HIGH, "Downloaded script piped to a shell",
        "curl | sh runs whatever the server sends at build time, unverified.",
        "Download to a file, verify its checksum or signature, then run it.", NULL, "CWE-494",
        NULL, NULL, r_curl_pipe_sh),
    ROW("DDL106", MEDIUM, "World-writable permissions",
        "chmod 777 / o+w lets any user in the container change the files, including "
        "programs that root later runs.", "Give write access only to the owner (755, 644).",
        NULL, "CWE-732", NULL, NULL, r_chmod_world),
    ROW("DDL107", MEDIUM, "setuid or setgid bit set",
        "setuid/setgid programs are a privilege-escalation path inside the container.",
        "Remove the bit (chmod u-s,g-s) unless the program truly needs it.", "4.8", "CWE-250",
        NULL, NULL, r_chmod_setuid),
    ROW("DDL108", MEDIUM, "SSH server in the image",
        "An SSH daemon in a container is one more service, one more set of credentials and "
        "one more port to attack; docker exec does the job.",
        "Remove the SSH server and EXPOSE 22; use docker exec.", NULL, "CWE-1188", NULL, NULL,
        r_ssh),
    ROW("DDL109", LOW, "Distribution upgrade in a build step",
        "apt-get upgrade and friends produce a base nobody reviewed and that differs on every "
        "build; updates belong in the base image.",
        "Use a newer base image tag; install only the packages you need.", "4.7", NULL,
        HADO "DL3005", "DL3005", r_upgrade),
    ROW("DDL110", INFO, "Base image not pinned by digest",
        "A tag can be moved to a different image; only a digest names exact content.",
        "FROM image:tag@sha256:... (and let a bot update it).", "4.2", "CWE-829", NULL, NULL,
        r_digest),
    ROW("DDL111", HIGH, "Docker socket referenced",
        "Access to /var/run/docker.sock is root on the host.",
        "Do not mount or use the Docker socket in images.", NULL, "CWE-250", NULL, NULL,
        r_docker_sock),
    ROW("DDL112", INFO, "Final stage keeps a shell and package manager it does not need",
        "The final stage only copies files and starts an exec-form command, yet its base "
        "brings a shell and a package manager an attacker can use.",
        "Use a distroless or scratch base for the final stage.", "4.3", NULL, NULL, NULL,
        r_distroless),
    ROW("DDL113", MEDIUM, "Secret passed as a build argument",
        "ARG values are recorded in docker history and in the image's build metadata.",
        "RUN --mount=type=secret,id=NAME and read /run/secrets/NAME in that step.", "4.10",
        "CWE-214", NULL, NULL, r_arg_secret),
};

const dd_rule_table dd_lint_table = {"lint", "Dockerfile rules", rows, DD_ARRAY_LEN(rows),
                                     sizeof rows[0]};
const dd_rule *const dd_lint_parse_rule = &rows[0].rule;
