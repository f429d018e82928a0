/* Helpers the rule files share: reading options and subcommands of shell commands, image
 * references, and facts about stages. */
#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "core/buf.h"
#include "dockerfile/lint_int.h"
#include "registry/registry.h"

bool is_opt(const char *a)
{
    return a[0] == '-' && a[1];
}

bool has_short(const dd_sh_cmd *c, char letter)
{
    for (int i = 1; i < c->argc; i++) {
        const char *a = c->argv[i];
        if (streq(a, "--"))
            break;
        if (a[0] == '-' && a[1] != '-' && strchr(a + 1, letter))
            return true;
    }
    return false;
}

bool has_long(const dd_sh_cmd *c, const char *name)
{
    size_t n = strlen(name);
    for (int i = 1; i < c->argc; i++) {
        if (streq(c->argv[i], "--"))
            break;
        if (strncmp(c->argv[i], name, n) == 0 && (c->argv[i][n] == '\0' || c->argv[i][n] == '='))
            return true;
    }
    return false;
}

bool has_arg(const dd_sh_cmd *c, const char *s)
{
    for (int i = 1; i < c->argc; i++)
        if (streq(c->argv[i], s))
            return true;
    return false;
}

bool in_list(const char *s, const char *const *list)
{
    for (; *list; list++)
        if (streq(s, *list))
            return true;
    return false;
}

bool all_digits(const char *s)
{
    if (!*s)
        return false;
    for (; *s; s++)
        if (!isdigit((unsigned char)*s))
            return false;
    return true;
}

int subcmd_at(const dd_sh_cmd *c, const char *const *valopts, int from)
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

const char *subcmd(const dd_sh_cmd *c, const char *const *valopts)
{
    int i = subcmd_at(c, valopts, 1);
    return i > 0 ? c->argv[i] : "";
}

int packages_after(const dd_sh_cmd *c, int at, const char *const *valopts, const char **out,
                   int max)
{
    int n = 0;
    if (at < 0)
        return 0;
    for (int i = at + 1; i < c->argc && n < max; i++) {
        const char *a = c->argv[i];
        if (streq(a, "--"))
            break; /* what follows goes to a build script (gem install x -- --with-y) */
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

int packages(const dd_sh_cmd *c, const char *const *valopts, const char **out, int max)
{
    return packages_after(c, subcmd_at(c, valopts, 1), valopts, out, max);
}

bool is_tool(const dd_sh_cmd *k, const char *name)
{
    return streq(dd_sh_name(k), name);
}

bool mount_opt(const char *mount, const char *key, char *out, size_t outsz)
{
    size_t kl = strlen(key);
    for (const char *p = mount; p && *p;) {
        const char *end = strchr(p, ',');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        if (len > kl && strncmp(p, key, kl) == 0 && p[kl] == '=') {
            size_t vl = len - kl - 1;
            if (vl >= outsz)
                vl = outsz - 1;
            memcpy(out, p + kl + 1, vl);
            out[vl] = '\0';
            return true;
        }
        p = end ? end + 1 : NULL;
    }
    return false;
}

bool cache_mount(const dd_df_instr *in, const char *path)
{
    for (size_t i = 0; i < in->nflags; i++) {
        const dd_df_flag *f = &in->flags[i];
        char type[32], target[512];
        if (!streq(f->name, "mount") || !f->value)
            continue;
        /* A cache or tmpfs mount keeps the files out of the layer: as good as a cleanup. */
        if (!mount_opt(f->value, "type", type, sizeof type) ||
            !(streq(type, "cache") || streq(type, "tmpfs")))
            continue;
        if ((mount_opt(f->value, "target", target, sizeof target) ||
             mount_opt(f->value, "dst", target, sizeof target) ||
             mount_opt(f->value, "destination", target, sizeof target)) &&
            strstr(target, path))
            return true;
    }
    return false;
}

bool ships(const lint_ctx *c, const dd_df_instr *in)
{
    return in->onbuild || in->stage < 0 || c->ships[in->stage];
}

const char *flag_value(const dd_df_instr *in, const char *name, dd_df_pos *pos)
{
    for (size_t i = 0; i < in->nflags; i++)
        if (streq(in->flags[i].name, name)) {
            if (pos)
                *pos = in->flags[i].pos;
            return in->flags[i].value ? in->flags[i].value : "";
        }
    return NULL;
}

void join_words(dd_buf *b, const char **w, int n)
{
    for (int i = 0; i < n; i++) {
        if (i)
            dd_buf_puts(b, ", ");
        dd_buf_puts(b, w[i]);
    }
}

const char *base_name(const char *name)
{
    const char *s = strrchr(name, '/');
    return s ? s + 1 : name;
}

bool is_url(const char *s)
{
    return strncmp(s, "http://", 7) == 0 || strncmp(s, "https://", 8) == 0 ||
           strncmp(s, "ftp://", 6) == 0;
}

bool is_git(const char *s)
{
    return strncmp(s, "git@", 4) == 0 || strncmp(s, "git://", 6) == 0 ||
           (is_url(s) && strstr(s, ".git") &&
            (strstr(s, ".git#") || !strcmp(s + strlen(s) - 4, ".git")));
}

bool is_archive(const char *s)
{
    static const char *const ext[] = {".tar",    ".tar.gz", ".tgz", ".tar.bz2", ".tbz2",
                                      ".tbz",    ".tar.xz", ".txz", ".tar.zst", ".tzst",
                                      ".tar.lz", ".gz",     ".bz2", ".xz",      ".lzma",
                                      ".tlz",    ".zst",    ".Z",   ".tZ",      NULL};
    size_t n = strlen(s);
    for (const char *const *e = ext; *e; e++) {
        size_t m = strlen(*e);
        if (n > m && strcasecmp(s + n - m, *e) == 0)
            return true;
    }
    return false;
}

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

void parse_image(const char *ref, imgref *r)
{
    dd_regref_parts p;
    dd_regref_split(ref, &p);
    r->has_tag = p.tag != NULL;
    r->has_digest = p.digest != NULL;
    if (p.host)
        copy_str(r->reg, sizeof r->reg, p.host, p.host_len);
    else
        copy_str(r->reg, sizeof r->reg, "docker.io", 9);
    copy_str(r->name, sizeof r->name, p.name, p.name_len);
    copy_str(r->tag, sizeof r->tag, p.tag ? p.tag : "", p.tag_len);
}

bool distro_image(const char *image)
{
    static const char *const full[] = {
        "debian",         "ubuntu",      "alpine",         "centos", "fedora",  "rockylinux",
        "almalinux",      "amazonlinux", "oraclelinux",    "ubi8",   "ubi9",    "ubi",
        "node",           "python",      "ruby",           "golang", "openjdk", "eclipse-temurin",
        "amazoncorretto", "rust",        "buildpack-deps", NULL};
    imgref r;
    parse_image(image, &r);
    return in_list(base_name(r.name), full);
}

const dd_df_stage *external_from(const lint_ctx *c, const dd_df_instr *in)
{
    if (in->kind != DD_DF_FROM || in->stage < 0 || in->onbuild)
        return NULL;
    const dd_df_stage *s = &c->df->stages[in->stage];
    if (s->from_stage >= 0 || s->image_unresolved || !*s->image ||
        strcasecmp(s->image, "scratch") == 0)
        return NULL;
    return s;
}

const char *base_image(const lint_ctx *c, int st)
{
    while (c->df->stages[st].from_stage >= 0)
        st = c->df->stages[st].from_stage;
    return c->df->stages[st].image_unresolved ? NULL : c->df->stages[st].image;
}

bool windows_image(const lint_ctx *c, int st)
{
    const char *img = st >= 0 ? base_image(c, st) : NULL;
    return img &&
           (strstr(img, "windows") || strstr(img, "nanoserver") || strstr(img, "servercore"));
}

const dd_df_instr *stage_from(const lint_ctx *c, int st)
{
    return &c->df->ins[c->df->stages[st].first];
}

/* Walk the instructions before `upto` in its stage and the stages it is built FROM. */
static const dd_df_instr *find_before(const lint_ctx *c, const dd_df_instr *upto,
                                      bool (*match)(const dd_df_instr *, const void *),
                                      const void *arg)
{
    /* Before the first FROM (a fragment, or a file docker refuses): what came before. */
    if (upto->stage < 0) {
        for (size_t i = 0; i < c->df->n && c->df->ins[i].pos.line < upto->pos.line; i++)
            if (match(&c->df->ins[i], arg))
                return &c->df->ins[i];
        return NULL;
    }
    for (int st = upto->stage; st >= 0; st = c->df->stages[st].from_stage)
        FOR_STAGE(c, st, in) {
            /* by line: an ONBUILD trigger lives outside df->ins, on its ONBUILD's line */
            if (st == upto->stage && in->pos.line >= upto->pos.line)
                break;
            /* earlier triggers run before a trigger in the child's build */
            const dd_df_instr *x = in->sub && upto->onbuild ? in->sub : in;
            if (match(x, arg))
                return x;
        }
    return NULL;
}

static bool env_sets(const dd_df_instr *in, const void *key)
{
    if (in->kind != DD_DF_ENV)
        return false;
    for (size_t j = 0; j < in->nkvs; j++)
        if (streq(in->kvs[j].key, key))
            return true;
    return false;
}

static bool kind_is(const dd_df_instr *in, const void *kind)
{
    return in->kind == *(const dd_df_kind *)kind;
}

bool stage_env_set(const lint_ctx *c, const dd_df_instr *upto, const char *key)
{
    return find_before(c, upto, env_sets, key) != NULL;
}

bool stage_has(const lint_ctx *c, const dd_df_instr *upto, dd_df_kind kind)
{
    return find_before(c, upto, kind_is, &kind) != NULL;
}

/* ENV in `in`'s stage chain, ARG in its own stage (or before the first FROM). */
static bool var_source(const dd_df_instr *e, int st, const dd_df_instr *in)
{
    return e->kind == DD_DF_ENV || (e->kind == DD_DF_ARG && st == in->stage);
}

/* `dir` without trailing slashes and globs, for comparing paths a RUN names. */
static void trim_path(const char *in, char *out, size_t max)
{
    snprintf(out, max, "%s", in);
    size_t n = strlen(out);
    while (n > 1 && (out[n - 1] == '/' || out[n - 1] == '*'))
        out[--n] = '\0';
}

bool removed_later(const dd_df_instr *in, const dd_sh_cmd *after, const char *path)
{
    char dir[512];
    trim_path(path, dir, sizeof dir);
    for (const dd_sh_cmd *k = after + 1; k < in->cmds + in->ncmds; k++) {
        if (!is_tool(k, "rm"))
            continue;
        for (int a = 1; a < k->argc; a++) {
            char rm[512];
            trim_path(k->argv[a], rm, sizeof rm);
            size_t n = strlen(rm);
            if (is_opt(k->argv[a]) || !n || streq(rm, "/"))
                continue;
            if (streq(base_name(rm), base_name(dir)) ||
                (strncmp(dir, rm, n) == 0 && (dir[n] == '/' || dir[n] == '\0')))
                return true;
        }
    }
    return false;
}

int var_scope(const lint_ctx *c, const dd_df_instr *in, const char *name)
{
    int got = DD_VAR_NONE;
    int first = in->stage < 0 ? -1 : in->stage;
    for (int st = first; st >= -1; st = st < 0 ? -2 : c->df->stages[st].from_stage) {
        size_t lo = st < 0 ? 0 : c->df->stages[st].first;
        size_t hi = st < 0 ? c->df->n : c->df->stages[st].last + 1;
        for (size_t i = lo; i < hi; i++) {
            const dd_df_instr *e = &c->df->ins[i];
            if ((st == in->stage && e->pos.line >= in->pos.line) || (st < 0 && e->stage >= 0))
                break;
            if (!var_source(e, st, in))
                continue;
            for (size_t j = 0; j < e->nkvs; j++) {
                if (!streq(e->kvs[j].key, name))
                    continue;
                const char *v = e->kvs[j].value;
                if (e->kind == DD_DF_ARG && !v)
                    /* `ARG NAME` takes the global default, if one was given */
                    for (size_t g = 0; g < c->df->n && c->df->ins[g].stage < 0; g++)
                        if (c->df->ins[g].kind == DD_DF_ARG)
                            for (size_t q = 0; q < c->df->ins[g].nkvs; q++)
                                if (streq(c->df->ins[g].kvs[q].key, name))
                                    v = c->df->ins[g].kvs[q].value;
                int now = v && *v ? DD_VAR_VALUE : DD_VAR_DECLARED;
                if (now > got)
                    got = now;
            }
        }
        if (st < 0)
            break;
    }
    return got;
}

bool final_is_export(const lint_ctx *c)
{
    if (c->final < 0 || c->df->stages[c->final].from_stage >= 0 ||
        strcasecmp(c->df->stages[c->final].image, "scratch") != 0)
        return false;
    bool copies = false;
    FOR_STAGE(c, c->final, in) {
        switch (in->kind) {
        case DD_DF_FROM:
        case DD_DF_ARG:
        case DD_DF_LABEL:
            break;
        case DD_DF_COPY:
        case DD_DF_ADD:
            copies = true;
            break;
        default:
            return false;
        }
    }
    return copies;
}
