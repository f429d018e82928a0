/* Image checks: one row per rule; each row's function looks at the facts gathered once
 * (configuration JSON, final view, packages, secrets found while streaming). */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "core/buf.h"
#include "core/cleanup.h"
#include "core/mem.h"
#include "image/checks.h"
#include "image/history.h"
#include "secrets/secrets.h"

typedef struct scan_ctx {
    const dd_image *img;
    const dd_package_list *pkgs;
    const char *target;
    dd_report *r;
    json_t *cfg; /* config.config, borrowed; NULL for rootfs */
    dd_secret_scanner *sc;
    dd_secret_scratch *scr;
} scan_ctx;

enum { NEED_CONFIG = 1, NEED_SECRETS = 2, NEED_IMAGE_CONFIG = 4 };

typedef struct scan_row {
    dd_rule rule;
    void (*check)(scan_ctx *c, const dd_rule *rule);
    unsigned needs;
} scan_row;

#define CWE_SECRET "CWE-798"
#define DOCKLE     "https://github.com/goodwithtech/dockle/blob/master/CHECKPOINT.md"

/* --------------------------------------------------------------- helpers ---- */

void dd_image_mask(const char *value, char *out, size_t outsz)
{
    dd_secret_mask(value, strlen(value), out, outsz);
}

static const char *layer_name(const dd_image *img, int li)
{
    if (li < 0 || (size_t)li >= img->nlayers)
        return "?";
    return img->layers[li].digest ? img->layers[li].digest : img->layers[li].name;
}

static json_t *layer_props(const dd_image *img, int li)
{
    return json_pack("{s:s, s:i}", "layer", layer_name(img, li), "layer_index", li);
}

/* What configuration a finding is about: the instruction that sets it and, for ENV and
 * LABEL, the key (scan --dockerfile puts the finding on the line that set it). */
static void set_instruction(dd_finding *f, const char *instruction, const char *key)
{
    if (!f)
        return;
    if (!f->props)
        f->props = json_object();
    json_object_set_new(f->props, "instruction", json_string(instruction));
    if (key)
        json_object_set_new(f->props, "key", json_string(key));
}

/* The history entry (0-based `i`) a finding is about, as the 1-based step users read. */
static void set_step(dd_finding *f, size_t i)
{
    if (!f)
        return;
    if (!f->props)
        f->props = json_object();
    json_object_set_new(f->props, "history_step", json_integer((json_int_t)i + 1));
}

/* The OS package `name`, or NULL. */
static const dd_package *find_pkg(const scan_ctx *c, const char *name)
{
    if (!c->pkgs)
        return NULL;
    for (size_t i = 0; i < c->pkgs->n; i++)
        if (c->pkgs->v[i].name && strcmp(c->pkgs->v[i].name, name) == 0 &&
            c->pkgs->v[i].type <= DD_PKG_RPM)
            return &c->pkgs->v[i];
    return NULL;
}

static const char *first_file(const dd_image *img, const char *const *paths, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        const dd_layer_entry *e = dd_image_resolve(img, paths[i], NULL);
        if (e && e->kind == DD_ENT_FILE)
            return paths[i];
    }
    return NULL;
}

typedef struct str_hits {
    dd_buf ids;
    char first_masked[64];
    int n;
} str_hits;

static int on_str_secret(const dd_secret_match *m, void *ud)
{
    str_hits *h = ud;
    if (h->n == 0)
        snprintf(h->first_masked, sizeof h->first_masked, "%s", m->masked ? m->masked : "****");
    if (!strstr(h->ids.data ? h->ids.data : "", m->rule->id)) {
        if (h->ids.len)
            dd_buf_puts(&h->ids, ", ");
        dd_buf_puts(&h->ids, m->rule->id);
    }
    h->n++;
    return h->n > 20 ? -1 : 0;
}

/* Check "KEY=VALUE" (or a label, or a command) for secrets: the scanner on the string,
 * then the name test. `what` describes where ("ENV", "label", "history step 3"). */
static void check_secret_string(scan_ctx *c, const dd_rule *rule, const char *what,
                                const char *name, const char *value, const char *text,
                                const char *instruction, const char *key)
{
    str_hits h = {DD_BUF_INIT, "", 0};
    if (c->sc) {
        dd_error e = {0};
        dd_secret_scan(c->sc, c->scr, NULL, text, strlen(text), on_str_secret, &h, &e);
    }
    dd_finding *f = NULL;
    if (h.n > 0) {
        f = dd_report_add(c->r, rule, DD_STATUS_FAIL, c->target, "%s%s%s holds a secret (%s): %s",
                          what, name ? " " : "", name ? name : "", h.ids.data, h.first_masked);
        f->props = json_pack("{s:s}", "secret_rules", h.ids.data);
    } else if (name && value && dd_secret_name(name) && !dd_secret_trivial_value(value)) {
        char masked[64];
        dd_image_mask(value, masked, sizeof masked);
        f = dd_report_add(c->r, rule, DD_STATUS_FAIL, c->target,
                          "%s %s looks like a secret by its name: %s", what, name, masked);
    }
    if (instruction)
        set_instruction(f, instruction, key);
    dd_buf_free(&h.ids);
}

/* -------------------------------------------------------------- config ---- */

static void check_user(scan_ctx *c, const dd_rule *rule)
{
    const char *u = json_string_value(json_object_get(c->cfg, "User"));
    if (!u || !u[0]) {
        set_instruction(
            dd_report_add(c->r, rule, DD_STATUS_FAIL, c->target, "no USER: the image runs as root"),
            "USER", NULL);
        return;
    }
    size_t ulen = strcspn(u, ":");
    bool root_user = (ulen == 1 && u[0] == '0') || (ulen == 4 && strncmp(u, "root", 4) == 0);
    set_instruction(
        root_user ? dd_report_add(c->r, rule, DD_STATUS_FAIL, c->target, "USER %s is root", u)
                  : dd_report_add(c->r, rule, DD_STATUS_PASS, c->target, "runs as USER %s", u),
        "USER", NULL);
}

static void check_healthcheck(scan_ctx *c, const dd_rule *rule)
{
    json_t *hc = json_object_get(c->cfg, "Healthcheck");
    json_t *test = json_object_get(hc, "Test");
    const char *t0 = json_string_value(json_array_get(test, 0));
    dd_finding *f;
    if (!json_array_size(test))
        f = dd_report_add(c->r, rule, DD_STATUS_FAIL, c->target, "no HEALTHCHECK");
    else if (t0 && strcmp(t0, "NONE") == 0)
        f = dd_report_add(c->r, rule, DD_STATUS_FAIL, c->target, "HEALTHCHECK NONE disables it");
    else
        f = dd_report_add(c->r, rule, DD_STATUS_PASS, c->target, "HEALTHCHECK is set");
    set_instruction(f, "HEALTHCHECK", NULL);
}

static void check_env(scan_ctx *c, const dd_rule *rule)
{
    json_t *env = json_object_get(c->cfg, "Env");
    size_t i;
    json_t *x;
    json_array_foreach(env, i, x)
    {
        const char *kv = json_string_value(x);
        if (!kv)
            continue;
        const char *eq = strchr(kv, '=');
        _cleanup_free_ char *name = eq ? dd_xstrndup(kv, (size_t)(eq - kv)) : dd_xstrdup(kv);
        check_secret_string(c, rule, "ENV", name, eq ? eq + 1 : "", kv, "ENV", name);
    }
}

static void check_labels(scan_ctx *c, const dd_rule *rule)
{
    json_t *labels = json_object_get(c->cfg, "Labels");
    const char *k;
    json_t *v;
    json_object_foreach(labels, k, v)
    {
        const char *s = json_string_value(v);
        if (!s)
            continue;
        _cleanup_free_ char *text = dd_xasprintf("%s=%s", k, s);
        /* Label keys are reverse-DNS ("com.example.db-password"); test the last part. */
        const char *last = strrchr(k, '.');
        _cleanup_free_ char *name = dd_xstrdup(last ? last + 1 : k);
        for (char *p = name; *p; p++)
            if (*p == '-')
                *p = '_';
        check_secret_string(c, rule, "label", name, s, text, "LABEL", k);
    }
}

/* history[] with its created_by strings. */
static json_t *history(const scan_ctx *c)
{
    return json_object_get(c->img->config, "history");
}

static void check_history_secrets(scan_ctx *c, const dd_rule *rule)
{
    size_t i;
    json_t *h;
    json_array_foreach(history(c), i, h)
    {
        const char *cmd = json_string_value(json_object_get(h, "created_by"));
        if (!cmd)
            continue;
        char what[64];
        snprintf(what, sizeof what, "history step %zu", i + 1);
        size_t before = c->r->n;
        check_secret_string(c, rule, what, NULL, NULL, cmd, NULL, NULL);
        if (c->r->n != before) {
            set_step(&c->r->items[before], i);
            continue;
        }
        /* Build args of a RUN: "|2 DB_PASSWORD=hunter2 OTHER=x /bin/sh -c ..." */
        if (cmd[0] == '|') {
            char *end;
            long nargs = strtol(cmd + 1, &end, 10);
            const char *p = end;
            for (long k = 0; k < nargs && k < 64 && *p; k++) {
                while (*p == ' ')
                    p++;
                size_t len = strcspn(p, " ");
                _cleanup_free_ char *arg = dd_xstrndup(p, len);
                p += len;
                char *eq = strchr(arg, '=');
                if (!eq)
                    continue;
                *eq = '\0';
                if (dd_secret_name(arg) && !dd_secret_trivial_value(eq + 1)) {
                    char masked[64];
                    dd_image_mask(eq + 1, masked, sizeof masked);
                    set_step(dd_report_add(c->r, rule, DD_STATUS_FAIL, c->target,
                                           "%s: build argument %s looks like a secret by its "
                                           "name: %s",
                                           what, arg, masked),
                             i);
                }
            }
        }
    }
}

/* The command of a RUN step, as either builder records it (image/history.h), else NULL:
 * an ENV or LABEL whose text mentions "apt-get update" is not a RUN. */
static const char *run_body(const char *cmd)
{
    const char *body;
    size_t len;
    return dd_history_kind(cmd, &body, &len) == DD_DF_RUN ? body : NULL;
}

static void check_add(scan_ctx *c, const dd_rule *rule)
{
    size_t i;
    json_t *h;
    json_array_foreach(history(c), i, h)
    {
        const char *args;
        size_t len;
        if (dd_history_kind(json_string_value(json_object_get(h, "created_by")), &args, &len) !=
            DD_DF_ADD)
            continue;
        /* The base image's root filesystem (first step, "ADD file:... in /") is what ADD
         * is for: unpacking a local tarball. */
        if (i == 0 && len > 10 && strncmp(args, "file:", 5) == 0 &&
            (memmem(args, len, " in / ", 6) || memcmp(args + len - 5, " in /", 5) == 0))
            continue;
        dd_finding *f =
            dd_report_add(c->r, rule, DD_STATUS_FAIL, c->target, "history step %zu: ADD %.*s",
                          i + 1, (int)(len < 196 ? len : 196), args);
        set_step(f, i);
    }
}

static void check_expose_ssh(scan_ctx *c, const dd_rule *rule)
{
    json_t *ports = json_object_get(c->cfg, "ExposedPorts");
    const char *k;
    json_t *v;
    json_object_foreach(ports, k, v)
    {
        if (strcmp(k, "22") == 0 || strncmp(k, "22/", 3) == 0)
            set_instruction(
                dd_report_add(c->r, rule, DD_STATUS_FAIL, c->target, "EXPOSE %s (SSH)", k),
                "EXPOSE", NULL);
    }
}

/* A VOLUME over a system directory: whatever is mounted there (often the host's own
 * directory, by mistake or by a careless compose file) replaces what the image ships. */
static bool sensitive_volume(const char *v)
{
    static const char *const exact[] = {"/",
                                        "/etc",
                                        "/usr",
                                        "/lib",
                                        "/lib64",
                                        "/bin",
                                        "/sbin",
                                        "/root",
                                        "/var/run/docker.sock",
                                        "/run/docker.sock"};
    static const char *const trees[] = {"/boot", "/dev", "/proc", "/sys"};
    size_t n = strlen(v);
    while (n > 1 && v[n - 1] == '/')
        n--;
    for (size_t i = 0; i < DD_ARRAY_LEN(exact); i++)
        if (strlen(exact[i]) == n && strncmp(v, exact[i], n) == 0)
            return true;
    for (size_t i = 0; i < DD_ARRAY_LEN(trees); i++) {
        size_t t = strlen(trees[i]);
        if (n >= t && strncmp(v, trees[i], t) == 0 && (n == t || v[t] == '/'))
            return true;
    }
    return false;
}

static void check_sensitive_volume(scan_ctx *c, const dd_rule *rule)
{
    const char *k;
    json_t *v;
    json_object_foreach(json_object_get(c->cfg, "Volumes"), k, v)
    {
        if (sensitive_volume(k))
            set_instruction(dd_report_add(c->r, rule, DD_STATUS_FAIL, c->target, "VOLUME %s", k),
                            "VOLUME", NULL);
    }
}

static bool cmd_has_word(const char *cmd, const char *a, const char *b)
{
    const char *p = strstr(cmd, a);
    return p && (!b || strstr(p, b));
}

static void check_update_alone(scan_ctx *c, const dd_rule *rule)
{
    size_t i;
    json_t *h;
    json_array_foreach(history(c), i, h)
    {
        const char *cmd = run_body(json_string_value(json_object_get(h, "created_by")) ?: "");
        if (!cmd)
            continue;
        static const char *const mgrs[][2] = {{"apt-get update", "install"},
                                              {"apt update", "install"},
                                              {"apk update", "add"},
                                              {"yum update", "install"},
                                              {"dnf update", "install"}};
        for (size_t k = 0; k < DD_ARRAY_LEN(mgrs); k++)
            if (strstr(cmd, mgrs[k][0]) && !strstr(cmd, mgrs[k][1]) && !strstr(cmd, "upgrade")) {
                set_step(dd_report_add(c->r, rule, DD_STATUS_FAIL, c->target,
                                       "history step %zu runs '%s' without '%s' in the same step",
                                       i + 1, mgrs[k][0], mgrs[k][1]),
                         i);
                break;
            }
    }
}

static void check_upgrade(scan_ctx *c, const dd_rule *rule)
{
    size_t i;
    json_t *h;
    json_array_foreach(history(c), i, h)
    {
        const char *cmd = run_body(json_string_value(json_object_get(h, "created_by")) ?: "");
        if (!cmd)
            continue;
        if (cmd_has_word(cmd, "apt-get", "dist-upgrade") ||
            cmd_has_word(cmd, "apt-get", " upgrade") || cmd_has_word(cmd, "apt ", "full-upgrade"))
            set_step(dd_report_add(c->r, rule, DD_STATUS_FAIL, c->target,
                                   "history step %zu upgrades every package: %.160s", i + 1, cmd),
                     i);
    }
}

static void check_apk_cache(scan_ctx *c, const dd_rule *rule)
{
    size_t i;
    json_t *h;
    json_array_foreach(history(c), i, h)
    {
        const char *cmd = run_body(json_string_value(json_object_get(h, "created_by")) ?: "");
        if (cmd && strstr(cmd, "apk add") && !strstr(cmd, "--no-cache") &&
            !strstr(cmd, "/var/cache/apk"))
            set_step(dd_report_add(c->r, rule, DD_STATUS_FAIL, c->target,
                                   "history step %zu: 'apk add' without --no-cache", i + 1),
                     i);
    }
}

static void check_latest(scan_ctx *c, const dd_rule *rule)
{
    const char *ref = c->img->ref;
    if (strchr(ref, ':') && (strncmp(ref, "docker-archive:", 15) == 0 ||
                             strncmp(ref, "oci:", 4) == 0 || strncmp(ref, "rootfs:", 7) == 0))
        return; /* not a daemon reference: tags below */
    if (strncmp(ref, "sha256:", 7) == 0 || strchr(ref, '@'))
        return;
    const char *slash = strrchr(ref, '/');
    const char *colon = strrchr(slash ? slash : ref, ':');
    if (!colon)
        dd_report_add(c->r, rule, DD_STATUS_FAIL, c->target, "%s has no tag (means :latest)", ref);
    else if (strcmp(colon, ":latest") == 0)
        dd_report_add(c->r, rule, DD_STATUS_FAIL, c->target, "%s uses the latest tag", ref);
}

/* ------------------------------------------------------------ filesystem ---- */

typedef struct walk_ctx {
    scan_ctx *c;
    const dd_rule *rule;
} walk_ctx;

static int visit_setuid(const dd_layer_entry *ent, int layer, void *ud)
{
    walk_ctx *w = ud;
    if (ent->kind != DD_ENT_FILE && ent->kind != DD_ENT_HARDLINK)
        return 0;
    if (!(ent->mode & (S_ISUID | S_ISGID)))
        return 0;
    const char *what = (ent->mode & S_ISUID) && (ent->mode & S_ISGID) ? "setuid and setgid"
                       : (ent->mode & S_ISUID)                        ? "setuid"
                                                                      : "setgid";
    dd_finding *f =
        dd_report_add(w->c->r, w->rule, DD_STATUS_FAIL, w->c->target,
                      "%s file (mode %04o, owner %u:%u)", what, ent->mode, ent->uid, ent->gid);
    f->path = dd_xasprintf("/%s", ent->path);
    f->props = layer_props(w->c->img, layer);
    json_object_set_new(f->props, "mode", json_sprintf("%04o", ent->mode));
    return 0;
}

static void check_setuid(scan_ctx *c, const dd_rule *rule)
{
    walk_ctx w = {c, rule};
    dd_image_walk(c->img, visit_setuid, &w);
}

static int visit_world_writable(const dd_layer_entry *ent, int layer, void *ud)
{
    walk_ctx *w = ud;
    if (!(ent->mode & S_IWOTH))
        return 0;
    const char *what;
    if (ent->kind == DD_ENT_DIR) {
        if (ent->mode & S_ISVTX)
            return 0; /* /tmp: sticky, as it should be */
        what = "world-writable directory without the sticky bit";
    } else if (ent->kind == DD_ENT_FILE || ent->kind == DD_ENT_HARDLINK) {
        what = "world-writable file";
    } else {
        return 0; /* symlinks are always 0777; devices are not files one writes code to */
    }
    dd_finding *f = dd_report_add(w->c->r, w->rule, DD_STATUS_FAIL, w->c->target, "%s (mode %04o)",
                                  what, ent->mode);
    f->path = dd_xasprintf("/%s", ent->path);
    f->props = layer_props(w->c->img, layer);
    return 0;
}

static void check_world_writable(scan_ctx *c, const dd_rule *rule)
{
    walk_ctx w = {c, rule};
    dd_image_walk(c->img, visit_world_writable, &w);
}

static void check_installed(scan_ctx *c, const dd_rule *rule, const char *const *pkgs, size_t npkgs,
                            const char *const *files, size_t nfiles)
{
    for (size_t i = 0; i < npkgs; i++) {
        const dd_package *p = find_pkg(c, pkgs[i]);
        if (p) {
            dd_finding *f = dd_report_add(c->r, rule, DD_STATUS_FAIL, c->target,
                                          "package %s is installed", pkgs[i]);
            if (p->layer) /* the layer that installed it */
                f->props = json_pack("{s:s}", "layer", p->layer);
            return;
        }
    }
    const char *f = first_file(c->img, files, nfiles);
    if (f) {
        dd_finding *fd = dd_report_add(c->r, rule, DD_STATUS_FAIL, c->target, "/%s is present", f);
        fd->path = dd_xasprintf("/%s", f);
    }
}

static void check_sudo(scan_ctx *c, const dd_rule *rule)
{
    static const char *const pk[] = {"sudo", "doas", "sudo-rs"};
    static const char *const fs[] = {"usr/bin/sudo", "bin/sudo", "usr/sbin/sudo", "usr/bin/doas"};
    check_installed(c, rule, pk, DD_ARRAY_LEN(pk), fs, DD_ARRAY_LEN(fs));
}

static void check_sshd(scan_ctx *c, const dd_rule *rule)
{
    static const char *const pk[] = {"openssh-server", "dropbear", "dropbear-bin"};
    static const char *const fs[] = {"usr/sbin/sshd", "sbin/sshd", "usr/bin/sshd",
                                     "usr/sbin/dropbear"};
    check_installed(c, rule, pk, DD_ARRAY_LEN(pk), fs, DD_ARRAY_LEN(fs));
}

typedef struct cache_count {
    size_t files;
    uint64_t bytes;
    const char *suffix; /* count only names ending so, or NULL */
    const char *const *skip;
    size_t nskip;
} cache_count;

static int count_visit(const dd_layer_entry *ent, int layer, void *ud)
{
    cache_count *cc = ud;
    (void)layer;
    if (ent->kind != DD_ENT_FILE)
        return 0;
    const char *base = strrchr(ent->path, '/');
    base = base ? base + 1 : ent->path;
    for (size_t i = 0; i < cc->nskip; i++)
        if (strcmp(base, cc->skip[i]) == 0)
            return 0;
    if (cc->suffix) {
        size_t a = strlen(base), b = strlen(cc->suffix);
        if (a < b || strcmp(base + a - b, cc->suffix) != 0)
            return 0;
    }
    cc->files++;
    cc->bytes += ent->size;
    return 0;
}

typedef struct cache_def {
    const char *dir;
    bool deep;
    const char *suffix;
    const char *tool;
} cache_def;

static void check_pkg_cache(scan_ctx *c, const dd_rule *rule)
{
    static const char *const apt_skip[] = {"lock"};
    static const cache_def caches[] = {
        {"var/cache/apt/archives", false, ".deb", "apt"},
        {"var/lib/apt/lists", false, NULL, "apt"},
        {"var/cache/apk", true, NULL, "apk"},
        {"var/cache/yum", true, NULL, "yum"},
        {"var/cache/dnf", true, NULL, "dnf"},
        {"root/.cache/pip", true, NULL, "pip"},
        {"root/.npm/_cacache", true, NULL, "npm"},
        {"usr/local/share/.cache/yarn", true, NULL, "yarn"},
    };
    for (size_t i = 0; i < DD_ARRAY_LEN(caches); i++) {
        cache_count cc = {0, 0, caches[i].suffix, apt_skip, DD_ARRAY_LEN(apt_skip)};
        if (caches[i].deep)
            dd_image_walk_dir(c->img, caches[i].dir, count_visit, &cc);
        else
            dd_image_list_dir(c->img, caches[i].dir, count_visit, &cc);
        if (!cc.files)
            continue;
        dd_finding *f = dd_report_add(
            c->r, rule, DD_STATUS_FAIL, c->target, "%s cache left behind: %zu file%s, %llu bytes",
            caches[i].tool, cc.files, cc.files == 1 ? "" : "s", (unsigned long long)cc.bytes);
        f->path = dd_xasprintf("/%s", caches[i].dir);
        f->props =
            json_pack("{s:I, s:I}", "files", (json_int_t)cc.files, "bytes", (json_int_t)cc.bytes);
    }
}

static void check_distroless(scan_ctx *c, const dd_rule *rule)
{
    static const char *const shells[] = {"bin/sh",   "bin/bash",   "usr/bin/bash", "bin/ash",
                                         "bin/dash", "usr/bin/sh", "bin/busybox"};
    static const char *const mgrs[] = {
        "usr/bin/apt-get", "usr/bin/apt",      "usr/bin/dpkg", "sbin/apk", "usr/bin/yum",
        "usr/bin/dnf",     "usr/bin/microdnf", "usr/bin/rpm",  "bin/rpm",  "usr/bin/zypper"};
    const char *sh = first_file(c->img, shells, DD_ARRAY_LEN(shells));
    const char *pm = first_file(c->img, mgrs, DD_ARRAY_LEN(mgrs));
    if (sh && pm)
        dd_report_add(c->r, rule, DD_STATUS_INFO, c->target,
                      "a shell (/%s) and a package manager (/%s) are present: a distroless or "
                      "scratch image would do without them",
                      sh, pm);
}

static void check_shadow(scan_ctx *c, const dd_rule *rule)
{
    const dd_layer_entry *ent = dd_image_resolve(c->img, "etc/shadow", NULL);
    if (!ent || !ent->data)
        return;
    const char *p = ent->data, *end = ent->data + ent->data_len;
    int line = 0;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p);
        line++;
        const char *colon = memchr(p, ':', len);
        if (colon && colon + 1 <= p + len) {
            const char *pw = colon + 1;
            bool empty = pw == p + len || *pw == ':';
            if (empty) {
                dd_finding *f =
                    dd_report_add(c->r, rule, DD_STATUS_FAIL, c->target,
                                  "user %.*s has an empty password", (int)(colon - p), p);
                f->path = dd_xstrdup("/etc/shadow");
                f->line = line;
            }
        }
        p += len + 1;
    }
}

static void check_duplicate_ids(scan_ctx *c, const dd_rule *rule)
{
    static const char *const files[] = {"etc/passwd", "etc/group"};
    for (size_t fi = 0; fi < DD_ARRAY_LEN(files); fi++) {
        const dd_layer_entry *ent = dd_image_resolve(c->img, files[fi], NULL);
        if (!ent || !ent->data)
            continue;
        /* id → first line; at most 65536 lines are looked at. */
        struct idl {
            long id;
            int line;
        } *seen = NULL;
        size_t n = 0, cap = 0;
        const char *p = ent->data, *end = ent->data + ent->data_len;
        int line = 0;
        while (p < end && line < 65536) {
            const char *nl = memchr(p, '\n', (size_t)(end - p));
            size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p);
            line++;
            /* name:x:ID:... */
            const char *f = p;
            int field = 0;
            while (field < 2 && f < p + len) {
                const char *col = memchr(f, ':', (size_t)(p + len - f));
                if (!col)
                    break;
                f = col + 1;
                field++;
            }
            if (field == 2 && f < p + len && *f >= '0' && *f <= '9') {
                long id = strtol(f, NULL, 10);
                for (size_t k = 0; k < n; k++)
                    if (seen[k].id == id) {
                        const char *nm_end = memchr(p, ':', len);
                        dd_finding *fd = dd_report_add(
                            c->r, rule, DD_STATUS_FAIL, c->target,
                            "%s %ld of %.*s is also used on line %d", fi ? "GID" : "UID", id,
                            (int)(nm_end ? nm_end - p : 0), p, seen[k].line);
                        fd->path = dd_xasprintf("/%s", files[fi]);
                        fd->line = line;
                        break;
                    }
                seen = dd_xgrow(seen, &cap, n + 1, sizeof *seen);
                seen[n++] = (struct idl){id, line};
            }
            p += len + 1;
        }
        free(seen);
    }
}

static int visit_unnecessary(const dd_layer_entry *ent, int layer, void *ud)
{
    walk_ctx *w = ud;
    const char *base = strrchr(ent->path, '/');
    base = base ? base + 1 : ent->path;
    bool hit =
        (ent->kind == DD_ENT_DIR && (strcmp(base, ".git") == 0 || strcmp(base, ".svn") == 0 ||
                                     strcmp(base, ".idea") == 0 || strcmp(base, ".vscode") == 0)) ||
        (ent->kind == DD_ENT_FILE && strcmp(base, ".DS_Store") == 0);
    if (!hit)
        return 0;
    dd_finding *f = dd_report_add(w->c->r, w->rule, DD_STATUS_FAIL, w->c->target,
                                  "%s does not belong in an image", base);
    f->path = dd_xasprintf("/%s", ent->path);
    f->props = layer_props(w->c->img, layer);
    return 0;
}

static void check_unnecessary(scan_ctx *c, const dd_rule *rule)
{
    walk_ctx w = {c, rule};
    dd_image_walk(c->img, visit_unnecessary, &w);
}

/* ------------------------------------------------------------- secrets ---- */

/* How many more of the same: "" or " (and 99999 more in this file)". */
static char *more_text(const dd_layer_secret *s)
{
    if (s->files)
        return dd_xasprintf(" (%llu in all, in %llu file%s of this layer: more files with "
                            "secrets than the %u findings a layer keeps one by one)",
                            (unsigned long long)s->count, (unsigned long long)s->files,
                            s->files == 1 ? "" : "s", DD_IMAGE_MAX_SECRET_GROUPS);
    if (s->count > 1)
        return dd_xasprintf(" (and %llu more in this file)", (unsigned long long)s->count - 1);
    return dd_xstrdup("");
}

static void report_secret(scan_ctx *c, const dd_rule *rule, size_t li, const dd_layer_secret *s)
{
    const dd_image *img = c->img;
    const dd_layer_entry *ent = &img->layers[li].ent[s->entry];
    _cleanup_free_ char *more = more_text(s);
    dd_finding *f;
    if (ent->gone_layer < 0) {
        f = dd_report_add(c->r, s->rule, DD_STATUS_FAIL, c->target, "%s: %s%s", s->rule->title,
                          s->masked, more);
        f->props = layer_props(img, (int)li);
    } else {
        f = dd_report_add(c->r, rule, DD_STATUS_FAIL, c->target,
                          "%s (%s: %s%s) was %s in layer %s but is still recoverable from "
                          "layer %s",
                          s->rule->title, s->rule->id, s->masked, more,
                          ent->gone_how == DD_GONE_DELETED ? "deleted" : "overwritten",
                          layer_name(img, ent->gone_layer), layer_name(img, (int)li));
        f->props = layer_props(img, (int)li);
        json_object_set_new(f->props, "removed_in", json_string(layer_name(img, ent->gone_layer)));
        json_object_set_new(f->props, "secret_rule", json_string(s->rule->id));
    }
    json_object_set_new(f->props, "count", json_integer((json_int_t)s->count));
    if (s->files)
        json_object_set_new(f->props, "files", json_integer((json_int_t)s->files));
    if (ent->written_as)
        json_object_set_new(f->props, "written_as", json_sprintf("/%s", ent->written_as));
    f->path = dd_xasprintf("/%s", ent->path);
    f->line = s->line;
    f->column = s->column;
}

/* One finding per rule and file (with a count), so no number of decoys can crowd out
 * another kind of secret; past DD_IMAGE_MAX_SECRET_GROUPS files, one per rule and layer. */
static void check_secret_files(scan_ctx *c, const dd_rule *rule)
{
    const dd_image *img = c->img;
    for (size_t li = 0; li < img->nlayers; li++) {
        const dd_layer *l = &img->layers[li];
        for (size_t k = 0; k < l->nsec; k++)
            report_secret(c, rule, li, &l->sec[k]);
        for (size_t k = 0; k < l->nfolded; k++)
            report_secret(c, rule, li, &l->folded[k]);
    }
}

/* ---------------------------------------------------------------- table ---- */

static const scan_row rows[] = {
    {
        .rule = {.id = "DDI-USER-ROOT",
                 .title = "Image runs as root",
                 .severity = DD_SEV_MEDIUM,
                 .group = "config",
                 .rationale = "A process running as root in a container is root on the host's "
                              "kernel: any escape, or any mounted host path, is reached with full "
                              "privileges.",
                 .remediation = "Create a user in the image and switch to it: RUN useradd -r app "
                                "&& USER app (or USER 10001).",
                 .cis = "4.1",
                 .cwe = "CWE-250",
                 .url = DOCKLE,
                 .alias = "CIS-DI-0001",
                 .flags = DD_RULE_SCORED},
        .check = check_user,
        .needs = NEED_IMAGE_CONFIG,
    },
    {
        .rule = {.id = "DDI-NO-HEALTHCHECK",
                 .title = "No HEALTHCHECK instruction",
                 .severity = DD_SEV_LOW,
                 .group = "config",
                 .rationale = "Without a health check the engine and orchestrators cannot tell a "
                              "hung service from a working one.",
                 .remediation = "Add HEALTHCHECK CMD ... to the Dockerfile.",
                 .cis = "4.6",
                 .url = DOCKLE,
                 .alias = "CIS-DI-0006",
                 .flags = DD_RULE_SCORED},
        .check = check_healthcheck,
        .needs = NEED_IMAGE_CONFIG,
    },
    {
        .rule = {.id = "DDI-SECRET-ENV",
                 .title = "Secret in an ENV variable",
                 .severity = DD_SEV_HIGH,
                 .group = "secrets",
                 .rationale = "ENV values are stored in the image configuration and shown by "
                              "docker inspect to anyone who can pull the image.",
                 .remediation = "Pass secrets at run time (docker run --env-file, secrets mounts, "
                                "BuildKit --mount=type=secret) instead of ENV.",
                 .cis = "4.10",
                 .cwe = CWE_SECRET,
                 .url = DOCKLE,
                 .alias = "CIS-DI-0010",
                 .flags = DD_RULE_SCORED},
        .check = check_env,
        .needs = NEED_IMAGE_CONFIG | NEED_SECRETS,
    },
    {
        .rule = {.id = "DDI-SECRET-LABEL",
                 .title = "Secret in a label",
                 .severity = DD_SEV_HIGH,
                 .group = "secrets",
                 .rationale = "Labels are part of the image configuration, readable by anyone who "
                              "can pull it.",
                 .remediation = "Remove the secret from LABEL; labels are for metadata.",
                 .cis = "4.10",
                 .cwe = CWE_SECRET,
                 .url = DOCKLE,
                 .alias = "CIS-DI-0010",
                 .flags = DD_RULE_SCORED},
        .check = check_labels,
        .needs = NEED_IMAGE_CONFIG | NEED_SECRETS,
    },
    {
        .rule = {.id = "DDI-SECRET-HISTORY",
                 .title = "Secret in the build history",
                 .severity = DD_SEV_HIGH,
                 .group = "secrets",
                 .rationale = "Every RUN command and the build arguments it used are kept in the "
                              "image history (docker history --no-trunc).",
                 .remediation = "Use BuildKit secret mounts (RUN --mount=type=secret) instead of "
                                "ARG or inline credentials.",
                 .cis = "4.10",
                 .cwe = CWE_SECRET,
                 .url = DOCKLE,
                 .alias = "CIS-DI-0010",
                 .flags = DD_RULE_SCORED},
        .check = check_history_secrets,
        .needs = NEED_IMAGE_CONFIG | NEED_SECRETS,
    },
    {
        .rule = {.id = "DDI-SECRET-DELETED",
                 .title = "Secret deleted in a later layer is still in the image",
                 .severity = DD_SEV_HIGH,
                 .group = "secrets",
                 .rationale = "Layers are immutable: a file deleted (or overwritten) by a later "
                              "layer is still in the earlier layer's tar, and anyone who can pull "
                              "the image can extract it.",
                 .remediation = "Rotate the credential, then rebuild so that it never enters a "
                                "layer (multi-stage build, secret mounts); squashing is not a fix "
                                "for already published images.",
                 .cis = "4.10",
                 .cwe = CWE_SECRET},
        .check = check_secret_files,
        .needs = NEED_SECRETS,
    },
    {
        .rule = {.id = "DDI-ADD",
                 .title = "ADD used instead of COPY",
                 .severity = DD_SEV_LOW,
                 .group = "history",
                 .rationale = "ADD fetches URLs and unpacks archives implicitly; COPY does only "
                              "what it says.",
                 .remediation = "Use COPY, and curl/wget plus checksum verification for remote "
                                "files.",
                 .cis = "4.9",
                 .url = DOCKLE,
                 .alias = "CIS-DI-0009",
                 .flags = DD_RULE_SCORED},
        .check = check_add,
        .needs = NEED_IMAGE_CONFIG,
    },
    {
        .rule = {.id = "DDI-EXPOSE-SSH",
                 .title = "Port 22 (SSH) exposed",
                 .severity = DD_SEV_MEDIUM,
                 .group = "config",
                 .rationale = "Containers are entered with docker exec; an SSH daemon adds keys, "
                              "passwords and an attack surface to manage.",
                 .remediation = "Remove EXPOSE 22 and the SSH server."},
        .check = check_expose_ssh,
        .needs = NEED_IMAGE_CONFIG,
    },
    {
        .rule = {.id = "DDI-SENSITIVE-VOLUME",
                 .title = "VOLUME over a system directory",
                 .severity = DD_SEV_MEDIUM,
                 .group = "config",
                 .rationale = "A volume over /etc, /usr, /dev, /proc, /sys or the Docker socket "
                              "replaces what the image ships with whatever is mounted there, often "
                              "the host's own directory.",
                 .remediation = "Declare volumes only for application data (e.g. /var/lib/app).",
                 .url = DOCKLE,
                 .alias = "DKL-DI-0002"},
        .check = check_sensitive_volume,
        .needs = NEED_IMAGE_CONFIG,
    },
    {
        .rule = {.id = "DDI-UPDATE-ALONE",
                 .title = "Package index updated in a step that installs nothing",
                 .severity = DD_SEV_LOW,
                 .group = "history",
                 .rationale = "A cached 'apt-get update' layer makes later installs use stale "
                              "indexes.",
                 .remediation = "Update and install in the same RUN: apt-get update && apt-get "
                                "install -y ...",
                 .cis = "4.7",
                 .url = DOCKLE,
                 .alias = "CIS-DI-0007",
                 .flags = DD_RULE_SCORED},
        .check = check_update_alone,
        .needs = NEED_IMAGE_CONFIG,
    },
    {
        .rule = {.id = "DDI-UPGRADE",
                 .title = "Whole-system upgrade in the build",
                 .severity = DD_SEV_LOW,
                 .group = "history",
                 .rationale = "apt-get upgrade/dist-upgrade in an image makes builds "
                              "unreproducible and hides the base image's real state; rebuild on a "
                              "newer base instead.",
                 .remediation = "Rebuild FROM an updated base image; install only the packages you "
                                "need.",
                 .url = DOCKLE,
                 .alias = "DKL-DI-0003"},
        .check = check_upgrade,
        .needs = NEED_IMAGE_CONFIG,
    },
    {
        .rule = {.id = "DDI-APK-NO-CACHE",
                 .title = "apk add without --no-cache",
                 .severity = DD_SEV_LOW,
                 .group = "history",
                 .rationale = "apk keeps its index in /var/cache/apk unless told not to.",
                 .remediation = "Use apk add --no-cache.",
                 .url = DOCKLE,
                 .alias = "DKL-DI-0004"},
        .check = check_apk_cache,
        .needs = NEED_IMAGE_CONFIG,
    },
    {
        .rule = {.id = "DDI-LATEST-TAG",
                 .title = "Image referenced by the latest tag",
                 .severity = DD_SEV_INFO,
                 .group = "config",
                 .rationale = "latest moves: what was scanned is not what will run next time.",
                 .remediation = "Reference images by a version tag or digest.",
                 .url = DOCKLE,
                 .alias = "DKL-DI-0006"},
        .check = check_latest,
        .needs = NEED_IMAGE_CONFIG,
    },
    {
        .rule = {.id = "DDI-SETUID",
                 .title = "setuid/setgid file",
                 .severity = DD_SEV_LOW,
                 .group = "filesystem",
                 .rationale = "setuid and setgid binaries are how an unprivileged process in the "
                              "container becomes root; each one is attack surface.",
                 .remediation = "Remove the bit where not needed: RUN find / -xdev -perm /6000 "
                                "-type f -exec chmod a-s {} + (and run with --security-opt "
                                "no-new-privileges).",
                 .cis = "4.8",
                 .cwe = "CWE-250",
                 .url = DOCKLE,
                 .alias = "CIS-DI-0008",
                 .flags = DD_RULE_SCORED},
        .check = check_setuid,
        .needs = NEED_CONFIG,
    },
    {
        .rule = {.id = "DDI-WORLD-WRITABLE",
                 .title = "World-writable file or directory without the sticky bit",
                 .severity = DD_SEV_MEDIUM,
                 .group = "filesystem",
                 .rationale = "Any user in the container can modify a world-writable file (or "
                              "replace files in such a directory), for example a program root runs "
                              "later.",
                 .remediation = "chmod o-w the file, or set the sticky bit on shared directories "
                                "(chmod +t).",
                 .cwe = "CWE-732"},
        .check = check_world_writable,
        .needs = NEED_CONFIG,
    },
    {
        .rule = {.id = "DDI-SUDO",
                 .title = "sudo installed",
                 .severity = DD_SEV_MEDIUM,
                 .group = "filesystem",
                 .rationale = "sudo in a container is a privilege-escalation path with no use: the "
                              "container user is chosen at run time.",
                 .remediation = "Remove sudo; use USER and docker exec -u when root is really "
                                "needed.",
                 .cis = "4.3",
                 .url = DOCKLE,
                 .alias = "DKL-DI-0001"},
        .check = check_sudo,
        .needs = NEED_CONFIG,
    },
    {
        .rule = {.id = "DDI-SSHD",
                 .title = "SSH server installed",
                 .severity = DD_SEV_MEDIUM,
                 .group = "filesystem",
                 .rationale = "An SSH server in a container is a second way in, with its own keys "
                              "and passwords.",
                 .remediation = "Remove the SSH server; use docker exec.",
                 .cis = "4.3"},
        .check = check_sshd,
        .needs = NEED_CONFIG,
    },
    {
        .rule = {.id = "DDI-PKG-CACHE",
                 .title = "Package manager cache left in the image",
                 .severity = DD_SEV_LOW,
                 .group = "filesystem",
                 .rationale = "Downloaded packages and indexes make the image bigger and reveal "
                              "what was fetched.",
                 .remediation = "Clean up in the same RUN: rm -rf /var/lib/apt/lists/*; apk add "
                                "--no-cache; pip install --no-cache-dir; npm cache clean --force.",
                 .url = DOCKLE,
                 .alias = "DKL-DI-0005"},
        .check = check_pkg_cache,
        .needs = NEED_CONFIG,
    },
    {
        .rule = {.id = "DDI-NOT-DISTROLESS",
                 .title = "Shell and package manager present",
                 .severity = DD_SEV_INFO,
                 .group = "filesystem",
                 .rationale = "An attacker who gets code execution finds a shell and a way to "
                              "install tools; a distroless or scratch final stage has neither.",
                 .remediation = "Use a multi-stage build whose final stage is distroless or "
                                "scratch.",
                 .cis = "4.3"},
        .check = check_distroless,
        .needs = NEED_CONFIG,
    },
    {
        .rule = {.id = "DDI-EMPTY-PASSWORD",
                 .title = "Account with an empty password",
                 .severity = DD_SEV_HIGH,
                 .group = "filesystem",
                 .rationale = "An empty password field in /etc/shadow lets anyone become that user "
                              "with su or login.",
                 .remediation = "Lock the account: passwd -l USER (or put '*' or '!' in the "
                                "password field).",
                 .cwe = "CWE-258",
                 .url = DOCKLE,
                 .alias = "DKL-LI-0001"},
        .check = check_shadow,
        .needs = NEED_CONFIG,
    },
    {
        .rule = {.id = "DDI-DUPLICATE-ID",
                 .title = "UID or GID used twice",
                 .severity = DD_SEV_LOW,
                 .group = "filesystem",
                 .rationale = "Two accounts with one UID are one account for the kernel: files and "
                              "permissions mix.",
                 .remediation = "Give every account its own UID and every group its own GID.",
                 .url = DOCKLE,
                 .alias = "DKL-LI-0002"},
        .check = check_duplicate_ids,
        .needs = NEED_CONFIG,
    },
    {
        .rule = {.id = "DDI-UNNECESSARY-FILES",
                 .title = "Development files in the image",
                 .severity = DD_SEV_INFO,
                 .group = "filesystem",
                 .rationale = "VCS directories and editor files leak history and source, and only "
                              "add size.",
                 .remediation = "Add them to .dockerignore.",
                 .url = DOCKLE,
                 .alias = "DKL-LI-0003"},
        .check = check_unnecessary,
        .needs = NEED_CONFIG,
    },
};

const dd_rule_table dd_scan_table = DD_RULE_TABLE("scan", "Image checks", rows);

int dd_image_check(const dd_image *img, const dd_package_list *pkgs, unsigned what,
                   const char *target, dd_secret_scanner *scanner, dd_report *r, dd_error *e)
{
    scan_ctx c = {img, pkgs, target, r, json_object_get(img->config, "config"), scanner, NULL};
    int rc = -1;
    bool own = false;
    if ((what & DD_CHECK_SECRETS)) {
        if (!c.sc && dd_secret_scanner_new(&c.sc, e) < 0)
            return -1;
        own = !scanner;
        c.scr = dd_secret_scratch_new(c.sc);
        if (!c.scr) {
            dd_error_set(e, DD_ERR_RUN, 0, "cannot allocate secret-scanner scratch space");
            goto out;
        }
    }
    for (size_t i = 0; i < DD_ARRAY_LEN(rows); i++) {
        const scan_row *row = &rows[i];
        if ((row->needs & NEED_SECRETS) && !(what & DD_CHECK_SECRETS))
            continue;
        if (!(row->needs & NEED_SECRETS) && !(what & DD_CHECK_CONFIG))
            continue;
        if ((row->needs & NEED_IMAGE_CONFIG) && !img->config)
            continue; /* a plain directory has no configuration */
        size_t before = r->n;
        row->check(&c, &row->rule);
        if (r->n == before)
            dd_report_add(r, &row->rule, DD_STATUS_PASS, target, "%s: none", row->rule.title);
    }
    rc = 0;
out:
    if (c.scr)
        dd_secret_scratch_free(c.scr);
    if (c.sc && own)
        dd_secret_scanner_free(c.sc);
    return rc;
}
