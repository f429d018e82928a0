/* Security rules (DDL1xx): what a Dockerfile does that weakens the image it builds or the
 * host that builds it. Secrets never reach the report unmasked. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/cleanup.h"
#include "core/mem.h"
#include "dockerfile/lint_int.h"
#include "secrets/secrets.h"

static bool is_root_user(const char *u)
{
    char name[128];
    snprintf(name, sizeof name, "%s", u);
    char *colon = strchr(name, ':');
    if (colon)
        *colon = '\0';
    return streq(name, "root") || streq(name, "0");
}

void r_root(lint_ctx *c)
{
    /* an export stage (FROM scratch + COPY) never runs: no user to blame */
    if (c->final < 0 || final_is_export(c))
        return;
    const dd_df_instr *last = NULL;
    for (int st = c->final; st >= 0 && !last; st = c->df->stages[st].from_stage)
        FOR_STAGE(c, st, in)
            if (in->kind == DD_DF_USER)
                last = in;
    if (last) {
        if (last->nwords && !last->words[0].unresolved && is_root_user(last->words[0].value))
            dd_lint_emit(c, last, last->words[0].pos, "the final stage runs as %s",
                         last->words[0].value);
        return;
    }
    /* The external base decides: unknown (FROM $ARG), made to run as non-root (it sets
     * its own USER), or Windows, where the user model is not root's. */
    static const char *const nonroot[] = {"nonroot",  "rootless", "unprivileged", "jenkins",
                                          "jupyter/", "bitnami/", "chainguard/",  NULL};
    const char *img = base_image(c, c->final);
    if (!img || windows_image(c, c->final))
        return;
    for (const char *const *n = nonroot; *n; n++)
        if (strstr(img, *n))
            return;
    const dd_df_instr *from = stage_from(c, c->final);
    dd_lint_emit(c, from, from->pos, "no USER in the final stage: the container runs as root");
}

void r_env_secret_name(lint_ctx *c)
{
    FOR_INS(c, in) {
        if (in->kind != DD_DF_ENV)
            continue;
        for (size_t j = 0; j < in->nkvs; j++) {
            const dd_df_kv *kv = &in->kvs[j];
            if (!dd_secret_name(kv->key) || !kv->raw_value || !*kv->raw_value)
                continue;
            _cleanup_free_ char *m = dd_df_mask(kv->raw_value);
            dd_lint_emit(c, in, kv->pos,
                         "ENV %s=%s: the value is stored in the image config "
                         "for anyone who pulls it",
                         kv->key, m);
        }
    }
}

static void check_secret_value(lint_ctx *c, const dd_df_instr *in, const char *what, const char *v,
                               dd_df_pos pos)
{
    const char *kind = dd_df_secret_kind(v);
    if (!kind)
        return;
    /* Mask from where the secret starts: show only its first 4 characters. */
    dd_lint_emit(c, in, pos, "%s holds a %s (value masked: %.4s****)", what, kind, v);
}

void r_secret_value(lint_ctx *c)
{
    FOR_INS(c, in) {
        const dd_df_instr *x = in;
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
                    _cleanup_free_ char *what =
                        dd_xasprintf("%s %s argument", x->keyword, dd_sh_name(k));
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

/* Key and certificate files that are public by nature: a PGP signing key (*.key next to a
 * *.pub or *.asc destination, "gpg", "keyring", "release"...), a CA or server certificate
 * (*.pem named cert, ca, chain), what sshd reads (authorized_keys, known_hosts). */
static bool public_name(const char *name)
{
    static const char *const hints[] = {
        "pub",   "gpg",  "pgp",   ".asc",   "sign", "keyring", "release",         "archive",
        "trust", "cert", "chain", "bundle", "ca.",  "ca-",     "authorized_keys", "known_hosts",
        NULL};
    char low[256];
    size_t n = 0;
    for (; name[n] && n + 1 < sizeof low; n++)
        low[n] = (char)tolower((unsigned char)name[n]);
    low[n] = '\0';
    const char *b = base_name(low);
    for (const char *const *h = hints; *h; h++)
        if (strstr(b, *h))
            return true;
    return streq(b, "config");
}

static bool credential_file(const char *src, const char *dest)
{
    static const char *const names[] = {
        "id_rsa",  "id_dsa",     "id_ecdsa",         "id_ed25519", ".env",       ".npmrc",
        ".pypirc", ".netrc",     ".git-credentials", ".htpasswd",  ".dockercfg", "credentials",
        ".pgpass", "kubeconfig", ".vault-token",     NULL};
    static const char *const exts[] = {".pem", ".key", ".p12", ".pfx", ".jks", ".keystore", NULL};
    static const char *const dirs[] = {".aws", ".ssh", ".docker", ".kube", ".gnupg", NULL};
    static const char *const dir_pats[] = {".aws/", ".ssh/", ".docker/", ".kube/", ".gnupg/", NULL};
    char buf[512];
    snprintf(buf, sizeof buf, "%s", src);
    size_t n = strlen(buf);
    while (n > 1 && buf[n - 1] == '/')
        buf[--n] = '\0';
    const char *b = base_name(buf);
    if (in_list(b, names) ||
        (strncmp(b, ".env.", 5) == 0 && !strstr(b, "example") && !strstr(b, "sample")))
        return true;
    if (public_name(b) || public_name(dest))
        return false;
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

void r_credential_copy(lint_ctx *c)
{
    FOR_INS(c, in) {
        if (in->kind != DD_DF_COPY && in->kind != DD_DF_ADD)
            continue;
        const char *dest = in->words[in->nwords - 1].value;
        FOR_SRC(in, w) {
            if (w->raw[0] == '<' || is_url(w->value) || !credential_file(w->value, dest))
                continue;
            dd_lint_emit(c, in, w->pos, "%s %s puts a credential file into the image", in->keyword,
                         w->value);
        }
    }
}

void r_add_url(lint_ctx *c)
{
    FOR_INS(c, in) {
        if (in->kind != DD_DF_ADD || flag_value(in, "checksum", NULL))
            continue;
        FOR_SRC(in, w)
            if (is_url(w->value) && !is_git(w->value))
                dd_lint_emit(c, in, w->pos,
                             "ADD %s downloads without verification; use "
                             "ADD --checksum=sha256:... or curl and check the hash",
                             w->value);
    }
}

static bool is_interpreter(const char *n)
{
    static const char *const sh[] = {"sh",     "bash",    "zsh",  "dash", "ash",  "ksh",
                                     "python", "python3", "perl", "ruby", "node", NULL};
    return in_list(n, sh);
}

void r_curl_pipe_sh(lint_ctx *c)
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
                    dd_lint_emit(c, in, k->apos[0],
                                 "%s piped to %s runs whatever the server "
                                 "sends",
                                 n, dn);
                    continue;
                }
            }
            if (is_interpreter(n))
                for (int a = 1; a < k->argc; a++)
                    if (strstr(k->argv[a], "$(curl") || strstr(k->argv[a], "$(wget") ||
                        strstr(k->argv[a], "<(curl") || strstr(k->argv[a], "<(wget") ||
                        strstr(k->argv[a], "`curl") || strstr(k->argv[a], "`wget")) {
                        dd_lint_emit(c, in, k->apos[0], "%s runs a downloaded script unverified",
                                     n);
                        break;
                    }
        }
    }
}

/* chmod mode checks; `mode` is an octal or symbolic mode. */
/* World-writable, but not a sticky directory (1777, +t): that is /tmp's model, where
 * nobody can replace another user's files, chosen on purpose for images that run as an
 * arbitrary user. */
static bool mode_world_writable(const char *m)
{
    if (all_digits(m)) {
        size_t n = strlen(m);
        char last = m[n - 1];
        bool sticky = n >= 4 && ((m[n - 4] - '0') & 1);
        return n >= 3 && !sticky && (last == '2' || last == '3' || last == '6' || last == '7');
    }
    if (strchr(m, 't'))
        return false;
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
    /* g+s alone is meant for directories (new files take the directory's group) */
    if (!all_digits(m) && streq(m, "g+s"))
        return false;
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
            if (i < 0 || !bad(k->argv[i]))
                continue;
            /* a scratch directory the same RUN deletes never reaches the image */
            bool kept = false;
            for (int a = i + 1; a < k->argc; a++)
                kept |= !is_opt(k->argv[a]) && !removed_later(in, k, k->argv[a]);
            if (kept)
                dd_lint_emit(c, in, k->apos[0], "chmod %s %s", k->argv[i], what);
        }
    }
}

void r_chmod_world(lint_ctx *c)
{
    chmod_rule(c, mode_world_writable, "makes files writable by every user");
}

void r_chmod_setuid(lint_ctx *c)
{
    chmod_rule(c, mode_setid, "sets the setuid/setgid bit");
}

void r_ssh(lint_ctx *c)
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
                    dd_lint_emit(c, in, in->words[i].pos,
                                 "EXPOSE %s opens SSH: use docker exec "
                                 "instead of an SSH server",
                                 v);
            }
            continue;
        }
        if (in->kind != DD_DF_RUN && in->kind != DD_DF_CMD && in->kind != DD_DF_ENTRYPOINT)
            continue;
        FOR_CMD(in, k) {
            const char *n = dd_sh_name(k);
            bool hit =
                streq(n, "sshd") || (streq(n, "service") && k->argc > 2 &&
                                     (streq(k->argv[1], "ssh") || streq(k->argv[1], "sshd")));
            if (!hit && in->kind == DD_DF_RUN &&
                (apt_install(k) || apk_add(k) || any_rpm_install(k)))
                for (int a = 1; a < k->argc; a++)
                    if (in_list(k->argv[a], pk) || strncmp(k->argv[a], "openssh-server=", 15) == 0)
                        hit = true;
            if (hit)
                dd_lint_emit(c, in, k->apos[0],
                             "an SSH server in the image: use docker exec "
                             "instead");
        }
    }
}

void r_digest(lint_ctx *c)
{
    FOR_INS(c, in) {
        const dd_df_stage *s = external_from(c, in);
        if (s && !strchr(s->image, '@'))
            dd_lint_emit(c, in, in->words[0].pos,
                         "FROM %s is not pinned by digest "
                         "(image@sha256:...)",
                         s->image);
    }
}

void r_docker_sock(lint_ctx *c)
{
    FOR_INS(c, in)
        if (strstr(in->args_raw, "docker.sock"))
            dd_lint_emit(c, in, in->pos,
                         "%s refers to the Docker socket: whoever reaches it "
                         "is root on the host",
                         in->keyword);
}

void r_distroless(lint_ctx *c)
{
    if (c->final < 0)
        return;
    const dd_df_instr *from = stage_from(c, c->final);
    const dd_df_stage *s = external_from(c, from);
    if (!s)
        return;
    if (!distro_image(s->image))
        return;
    bool entry = false;
    const dd_df_stage *st = &c->df->stages[c->final];
    for (size_t i = st->first; i <= st->last && i < c->df->n; i++) {
        const dd_df_instr *in = &c->df->ins[i];
        if (in->kind == DD_DF_RUN || in->kind == DD_DF_ONBUILD || in->kind == DD_DF_SHELL ||
            ((in->kind == DD_DF_CMD || in->kind == DD_DF_ENTRYPOINT ||
              in->kind == DD_DF_HEALTHCHECK) &&
             !in->json && in->nwords && strcasecmp(in->words[0].value, "NONE") != 0))
            return;
        if ((in->kind == DD_DF_CMD || in->kind == DD_DF_ENTRYPOINT) && in->json)
            entry = true;
    }
    if (entry)
        dd_lint_emit(c, from, from->words[0].pos,
                     "the final stage only copies files onto %s: "
                     "a distroless or scratch base would drop the shell and package manager",
                     s->image);
}

void r_arg_secret(lint_ctx *c)
{
    FOR_INS(c, in) {
        if (in->kind != DD_DF_ARG)
            continue;
        for (size_t j = 0; j < in->nkvs; j++)
            if (dd_secret_name(in->kvs[j].key))
                dd_lint_emit(c, in, in->kvs[j].pos,
                             "ARG %s: build arguments are visible in "
                             "docker history; use RUN --mount=type=secret,id=%s",
                             in->kvs[j].key, in->kvs[j].key);
    }
}

/* ---- downloads, hidden failures, persisted build settings ---------------------------- */

/* The file a curl or wget command writes (-o FILE, -O for the URL's name), or NULL. */
static const char *download_target(const dd_sh_cmd *k, char *buf, size_t max)
{
    bool curl = is_tool(k, "curl"), wget = is_tool(k, "wget");
    if (!curl && !wget)
        return NULL;
    const char *url = NULL, *out = NULL;
    bool remote_name = wget;
    for (int i = 1; i < k->argc; i++) {
        const char *a = k->argv[i];
        if (curl && (streq(a, "-o") || streq(a, "--output")) && i + 1 < k->argc)
            out = k->argv[++i];
        else if (curl && strncmp(a, "--output=", 9) == 0)
            out = a + 9;
        else if (wget && (streq(a, "-O") || streq(a, "--output-document")) && i + 1 < k->argc)
            out = k->argv[++i];
        else if (wget && strncmp(a, "--output-document=", 18) == 0)
            out = a + 18;
        else if (curl && a[0] == '-' && a[1] != '-' && strchr(a, 'O'))
            remote_name = true;
        else if (curl && a[0] == '-' && a[1] != '-' && a[strlen(a) - 1] == 'o' && i + 1 < k->argc)
            out = k->argv[++i]; /* -fsSLo FILE */
        else if (is_url(a))
            url = a;
    }
    if (out && !streq(out, "-") && !streq(out, "/dev/null"))
        return out;
    if (!out && remote_name && url) {
        snprintf(buf, max, "%s", base_name(url));
        char *q = strpbrk(buf, "?#");
        if (q)
            *q = '\0';
        return *buf ? buf : NULL;
    }
    return NULL;
}

/* Does the RUN check a checksum or signature anywhere, also inside $(...) (`[ "$(openssl
 * sha512 -r f)" = "$SUM" ]`)? Then what it downloads is taken as verified. */
static bool verifies(const dd_df_instr *in)
{
    static const char *const tools[] = {
        "sha256sum", "sha512sum", "sha384sum", "sha1sum", "sha224sum", "md5sum",   "b2sum",
        "shasum",    "gpg",       "gpgv",      "gpg2",    "cosign",    "minisign", "signify",
        "rpmkeys",   "openssl",   "cksum",     "sha256",  "sha512",    NULL};
    const char *texts[2] = {in->args_raw, in->nheredocs ? in->heredocs[0].body : ""};
    for (int t = 0; t < 2; t++)
        for (const char *const *tool = tools; *tool; tool++) {
            size_t n = strlen(*tool);
            for (const char *p = strstr(texts[t], *tool); p; p = strstr(p + 1, *tool)) {
                bool start = p == texts[t] || strchr(" \t\n;&|(`\"'/", p[-1]);
                bool end = !p[n] || strchr(" \t\n;&|)`\"'", p[n]);
                if (start && end)
                    return true;
            }
        }
    return false;
}

/* What runs or installs a file: sh FILE, ./FILE, tar x, dpkg -i, rpm -i, pip install... */
static bool uses_file(const dd_sh_cmd *k, const char *file)
{
    const char *leaf = base_name(file);
    const char *n = dd_sh_name(k);
    bool runs = dd_sh_is_shell(n) || streq(n, "python") || streq(n, "python3") ||
                streq(n, "perl") || streq(n, "ruby") || streq(n, "node") || streq(n, "source") ||
                streq(n, ".");
    bool installs =
        (streq(n, "tar") && (has_short(k, 'x') || has_long(k, "--extract") ||
                             (k->argc > 1 && k->argv[1][0] != '-' && strchr(k->argv[1], 'x')))) ||
        streq(n, "unzip") || (streq(n, "dpkg") && has_short(k, 'i')) ||
        (streq(n, "rpm") && (has_short(k, 'i') || has_short(k, 'U'))) || streq(n, "apk") ||
        pip_install_at(k) > 0 || streq(n, "install") || any_rpm_install(k) || apt_install(k);
    if (k->argc && streq(base_name(k->argv[0]), leaf) && strchr(k->argv[0], '/'))
        return true; /* ./installer.sh */
    if (!runs && !installs)
        return false;
    for (int i = 1; i < k->argc; i++)
        if (streq(base_name(k->argv[i]), leaf))
            return true;
    return false;
}

void r_unverified_download(lint_ctx *c)
{
    if (!(may_run(c, "curl") || may_run(c, "wget")))
        return;
    FOR_INS(c, in) {
        if (in->kind != DD_DF_RUN || verifies(in))
            continue;
        FOR_CMD(in, k) {
            char buf[256];
            const char *file = download_target(k, buf, sizeof buf);
            /* curl URL | tar x: the archive goes straight in */
            if (!file && (is_tool(k, "curl") || is_tool(k, "wget")) && k->next == DD_SH_PIPE &&
                k + 1 < in->cmds + in->ncmds && is_tool(k + 1, "tar")) {
                dd_lint_emit(c, in, k->apos[0],
                             "%s | tar unpacks a download nobody checked: "
                             "verify a sha256sum or signature first",
                             dd_sh_name(k));
                break;
            }
            if (!file)
                continue;
            const dd_sh_cmd *use = NULL;
            for (const dd_sh_cmd *u = k + 1; u < in->cmds + in->ncmds && !use; u++)
                if (uses_file(u, file))
                    use = u;
            if (use) {
                dd_lint_emit(c, in, k->apos[0],
                             "%s downloads %s and %s uses it without a "
                             "checksum or signature check (sha256sum -c, gpg --verify)",
                             dd_sh_name(k), file, dd_sh_name(use));
                break;
            }
        }
    }
}

void r_install_true(lint_ctx *c)
{
    FOR_INS(c, in) {
        if (in->kind != DD_DF_RUN)
            continue;
        FOR_CMD(in, k) {
            const dd_sh_cmd *n = k + 1;
            if (!pkg_install(k) || k->next != DD_SH_OR || n >= in->cmds + in->ncmds ||
                !(is_tool(n, "true") || is_tool(n, ":") ||
                  (is_tool(n, "exit") && n->argc > 1 && streq(n->argv[1], "0"))))
                continue;
            dd_lint_emit(c, in, k->apos[0],
                         "%s ... || %s: a failed install does not fail the "
                         "build, and the image ships without it",
                         dd_sh_name(k), n->argv[0]);
        }
    }
}

void r_env_frontend(lint_ctx *c)
{
    FOR_INS(c, in) {
        if (in->kind != DD_DF_ENV || !ships(c, in))
            continue;
        for (size_t j = 0; j < in->nkvs; j++)
            if (streq(in->kvs[j].key, "DEBIAN_FRONTEND"))
                dd_lint_emit(c, in, in->kvs[j].pos,
                             "ENV DEBIAN_FRONTEND=%s stays in the image "
                             "for everyone who runs it; use ARG DEBIAN_FRONTEND=%s (build only)",
                             in->kvs[j].value ? in->kvs[j].value : "",
                             in->kvs[j].value ? in->kvs[j].value : "");
    }
}
