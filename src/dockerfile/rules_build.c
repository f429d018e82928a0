/* Build-hygiene rules about instructions and stages (hadolint's DL3000-DL4005 family that
 * is not about package managers or labels). */
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

static bool windows_abs(const char *v)
{
    return isalpha((unsigned char)v[0]) && v[1] == ':';
}

void r_workdir_abs(lint_ctx *c)
{
    FOR_INS(c, in) {
        if (in->kind != DD_DF_WORKDIR || !in->nwords || in->words[0].unresolved)
            continue;
        const char *v = in->words[0].value;
        if (v[0] != '/' && !windows_abs(v) && v[0] != '$')
            dd_lint_emit(c, in, in->words[0].pos,
                         "WORKDIR %s is relative: it depends on the "
                         "working directory the base image left",
                         v);
    }
}

void r_pointless_cmd(lint_ctx *c)
{
    static const char *const bad[] = {"ssh", "vim",  "shutdown", "service",  "ps",   "free",
                                      "top", "kill", "mount",    "ifconfig", "nano", NULL};
    FOR_INS(c, in) {
        if (in->kind != DD_DF_RUN)
            continue;
        FOR_CMD(in, k)
            /* kill of a job this RUN started in the background ($!) is housekeeping */
            if (in_list(dd_sh_name(k), bad) &&
                !(is_tool(k, "kill") && k->argc > 1 && k->argv[k->argc - 1][0] == '$'))
                dd_lint_emit(c, in, k->apos[0], "'%s' makes no sense in a build step",
                             dd_sh_name(k));
    }
}

void r_cd(lint_ctx *c)
{
    if (!may_run(c, "cd"))
        return;
    static const char *const back[] = {"/", "..", "-", "~", "$HOME", "${HOME}", NULL};
    FOR_INS(c, in) {
        if (in->kind != DD_DF_RUN)
            continue;
        FOR_CMD(in, k) {
            /* Not a WORKDIR in disguise: going back (cd /, cd ..), a cd inside ( ... ) that
             * ends with the subshell, a temporary directory, or a directory this RUN
             * deletes again (WORKDIR would keep it in the image). */
            if (!is_tool(k, "cd") || k->argc < 2 || k->subshell || in_list(k->argv[1], back) ||
                strstr(k->argv[1], "$(") || strstr(k->argv[1], "mktemp") ||
                removed_later(in, k, k->argv[1]))
                continue;
            dd_lint_emit(c, in, k->apos[0], "cd %s: use WORKDIR to change directory", k->argv[1]);
        }
    }
}

void r_sudo(lint_ctx *c)
{
    if (!may_run(c, "sudo"))
        return;
    FOR_INS(c, in) {
        if (in->kind != DD_DF_RUN)
            continue;
        FOR_CMD(in, k)
            if (is_tool(k, "sudo"))
                dd_lint_emit(c, in, k->apos[0], "sudo in a build step");
    }
}

/* The tag of each external base image: missing (DL3006) or `latest` (DL3007). */
static void base_tag(lint_ctx *c, bool latest)
{
    FOR_INS(c, in) {
        const dd_df_stage *s = external_from(c, in);
        imgref r;
        if (!s || (parse_image(s->image, &r), r.has_digest))
            continue;
        if (!latest && !r.has_tag)
            dd_lint_emit(c, in, in->words[0].pos, "FROM %s has no tag: the build changes "
                         "whenever the image's latest does", s->image);
        else if (latest && r.has_tag && streq(r.tag, "latest"))
            dd_lint_emit(c, in, in->words[0].pos, "FROM %s uses the latest tag", s->image);
    }
}

void r_untagged(lint_ctx *c)
{
    base_tag(c, false);
}

void r_latest(lint_ctx *c)
{
    base_tag(c, true);
}

static bool port_ok(const char *p)
{
    char *end;
    long v = strtol(p, &end, 10);
    return end != p && v >= 0 && v <= 65535 && (*end == '\0' || *end == '-');
}

void r_port(lint_ctx *c)
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
        int seen = 0;
        FOR_STAGE(c, s, in) {
            if (in->kind != kind)
                continue;
            if (seen++)
                dd_lint_emit(c, in, in->pos,
                             "another %s in the same stage: only the last one "
                             "counts",
                             what);
        }
    }
}

void r_multi_healthcheck(lint_ctx *c)
{
    per_stage_dups(c, DD_DF_HEALTHCHECK, "HEALTHCHECK");
}

void r_multi_cmd(lint_ctx *c)
{
    per_stage_dups(c, DD_DF_CMD, "CMD");
}

void r_multi_entrypoint(lint_ctx *c)
{
    per_stage_dups(c, DD_DF_ENTRYPOINT, "ENTRYPOINT");
}

void r_add_local(lint_ctx *c)
{
    FOR_INS(c, in) {
        if (in->kind != DD_DF_ADD)
            continue;
        FOR_SRC(in, w) {
            if (is_url(w->value) || is_git(w->value) || is_archive(w->value) || w->unresolved)
                continue;
            dd_lint_emit(c, in, w->pos,
                         "ADD %s: use COPY for local files (ADD also fetches "
                         "URLs and unpacks archives)",
                         w->value);
            break;
        }
    }
}

void r_copy_dest_slash(lint_ctx *c)
{
    FOR_INS(c, in) {
        if (in->kind != DD_DF_COPY || in->nwords < 3)
            continue;
        const dd_df_word *d = &in->words[in->nwords - 1];
        size_t n = strlen(d->value);
        if (!d->unresolved && n && d->value[n - 1] != '/')
            dd_lint_emit(c, in, d->pos,
                         "COPY with %zu sources needs a destination directory "
                         "ending in /, not %s",
                         in->nwords - 1, d->value);
    }
}

/* The stage a --from names (by AS name or index), among the stages before `in`; -1. */
static int stage_named(const lint_ctx *c, const dd_df_instr *in, const char *f, bool *later)
{
    *later = false;
    int upto = in->stage; /* stages 0..upto exist when `in` runs */
    if (all_digits(f))
        return atol(f) <= upto && atol(f) >= 0 ? atoi(f) : -1;
    for (size_t s = 0; s < c->df->nstages; s++)
        if (c->df->stages[s].name && strcasecmp(c->df->stages[s].name, f) == 0) {
            if ((int)s <= upto)
                return (int)s;
            *later = true;
        }
    return -1;
}

void r_copy_from_unknown(lint_ctx *c)
{
    FOR_INS(c, in) {
        if (in->kind != DD_DF_COPY)
            continue;
        dd_df_pos pos;
        const char *f = flag_value(in, "from", &pos);
        bool later;
        if (!f || !*f || strchr(f, '$') || stage_named(c, in, f, &later) >= 0)
            continue;
        if (all_digits(f))
            dd_lint_emit(c, in, pos, "COPY --from=%s: there is no stage %s before this one", f, f);
        else if (!strpbrk(f, ":/@.")) /* else an image reference, checked by DDL023 */
            dd_lint_emit(c, in, pos, "COPY --from=%s: no stage named %s %s", f, f,
                         later ? "is defined before this one" : "exists (an image needs a tag)");
    }
}

void r_copy_from_self(lint_ctx *c)
{
    FOR_INS(c, in) {
        if (in->kind != DD_DF_COPY || in->stage < 0)
            continue;
        dd_df_pos pos;
        const char *f = flag_value(in, "from", &pos);
        if (!f || !*f)
            continue;
        const dd_df_stage *st = &c->df->stages[in->stage];
        if ((st->name && strcasecmp(st->name, f) == 0) || (all_digits(f) && atol(f) == in->stage))
            dd_lint_emit(c, in, pos, "COPY --from=%s refers to the stage it is in", f);
    }
}

void r_dup_stage(lint_ctx *c)
{
    for (size_t s = 0; s < c->df->nstages; s++) {
        const dd_df_stage *st = &c->df->stages[s];
        if (!st->name)
            continue;
        for (size_t t = 0; t < s; t++)
            if (c->df->stages[t].name && streq(c->df->stages[t].name, st->name)) {
                const dd_df_instr *in = stage_from(c, (int)s);
                dd_lint_emit(c, in, in->words[2].pos,
                             "stage name %s is already used by "
                             "stage %zu",
                             st->name, t);
                break;
            }
    }
}

void r_stage_reserved(lint_ctx *c)
{
    for (size_t s = 0; s < c->df->nstages; s++) {
        const dd_df_stage *st = &c->df->stages[s];
        if (st->name && (streq(st->name, "scratch") || streq(st->name, "context"))) {
            const dd_df_instr *in = stage_from(c, (int)s);
            dd_lint_emit(c, in, in->words[2].pos,
                         "stage name %s is a reserved word: FROM %s "
                         "and --from=%s would not mean this stage",
                         st->name, st->name, st->name);
        }
    }
}

void r_json_cmd(lint_ctx *c)
{
    FOR_INS(c, in) {
        if ((in->kind != DD_DF_CMD && in->kind != DD_DF_ENTRYPOINT) || in->json || !in->args_raw[0])
            continue;
        if (in->bad_json)
            dd_lint_emit(c, in, in->words ? in->words[0].pos : in->pos,
                         "%s %s is not a valid "
                         "JSON array of strings, so Docker runs it as a shell command (a "
                         "quote or comma is missing)",
                         in->keyword, in->args_raw);
        else
            dd_lint_emit(c, in, in->pos,
                         "%s in shell form: the process runs under /bin/sh -c "
                         "and does not receive signals; use %s [\"...\"]",
                         in->keyword, in->keyword);
    }
}

/* hadolint's matchRegistry: "*" anything, "*.x" a suffix, "x*" a prefix; docker.io also
 * as index.docker.io and hub.docker.com. */
static bool trusted(const lint_ctx *c, const char *reg)
{
    bool hub = !strcasecmp(reg, "docker.io") || !strcasecmp(reg, "index.docker.io");
    for (size_t i = 0; i < c->cfg->ntrusted; i++) {
        const char *t = c->cfg->trusted[i];
        size_t n = strlen(reg), m = strlen(t);
        if (streq(t, "*") || strcasecmp(t, reg) == 0)
            return true;
        if (t[0] == '*' && n >= m - 1 && strcasecmp(reg + n - (m - 1), t + 1) == 0)
            return true;
        if (m && t[m - 1] == '*' && strncasecmp(reg, t, m - 1) == 0)
            return true;
        if (hub && (!strcasecmp(t, "docker.io") || !strcasecmp(t, "index.docker.io") ||
                    !strcasecmp(t, "hub.docker.com")))
            return true;
    }
    return false;
}

static void check_registry(lint_ctx *c, const dd_df_instr *in, dd_df_pos pos, const char *img,
                           const char *how)
{
    imgref r;
    parse_image(img, &r);
    if (!trusted(c, r.reg))
        dd_lint_emit(c, in, pos, "%s %s comes from %s, which is not a trusted registry", how, img,
                     r.reg);
}

/* A --from=X naming an image rather than a stage. */
static bool from_image(const lint_ctx *c, const dd_df_instr *in, const char *f)
{
    bool later;
    return *f && !strchr(f, '$') && stage_named(c, in, f, &later) < 0 && !all_digits(f) &&
           strcasecmp(f, "scratch") != 0;
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

void r_registry(lint_ctx *c)
{
    if (!c->cfg->ntrusted && !c->cfg->nbase)
        return;
    FOR_INS(c, in) {
        const dd_df_stage *s = external_from(c, in);
        dd_df_pos pos;
        const char *f;
        if (s && c->cfg->nbase && !base_allowed(c, s->image)) {
            dd_lint_emit(c, in, in->words[0].pos,
                         "FROM %s is not one of the allowed base images (trust.base-images)",
                         s->image);
        } else if (!c->cfg->ntrusted) {
            continue;
        } else if (s) {
            check_registry(c, in, in->words[0].pos, s->image, "FROM");
        } else if (in->kind == DD_DF_COPY && (f = flag_value(in, "from", &pos)) &&
                   from_image(c, in, f)) {
            check_registry(c, in, pos, f, "COPY --from");
        } else if (in->kind == DD_DF_RUN) {
            for (size_t i = 0; i < in->nflags; i++) {
                char from[512];
                if (streq(in->flags[i].name, "mount") && in->flags[i].value &&
                    mount_opt(in->flags[i].value, "from", from, sizeof from) &&
                    from_image(c, in, from))
                    check_registry(c, in, in->flags[i].pos, from, "RUN --mount from");
            }
        }
    }
}

void r_platform(lint_ctx *c)
{
    FOR_INS(c, in) {
        if (in->kind != DD_DF_FROM)
            continue;
        dd_df_pos pos;
        const char *p = flag_value(in, "platform", &pos);
        if (p && !strchr(p, '$'))
            dd_lint_emit(c, in, pos,
                         "FROM --platform=%s: a fixed platform breaks multi-platform "
                         "builds; use $BUILDPLATFORM or $TARGETPLATFORM",
                         p);
    }
}

void r_platform_target(lint_ctx *c)
{
    FOR_INS(c, in) {
        if (in->kind != DD_DF_FROM)
            continue;
        dd_df_pos pos;
        const char *p = flag_value(in, "platform", &pos);
        if (p && (streq(p, "$TARGETPLATFORM") || streq(p, "${TARGETPLATFORM}")))
            dd_lint_emit(c, in, pos, "FROM --platform=%s is what FROM does anyway", p);
    }
}

void r_onbuild(lint_ctx *c)
{
    for (size_t i = 0; i < c->df->n; i++) {
        const dd_df_instr *in = &c->df->ins[i];
        if (in->kind == DD_DF_ONBUILD && in->sub &&
            (in->sub->kind == DD_DF_ONBUILD || in->sub->kind == DD_DF_FROM ||
             in->sub->kind == DD_DF_MAINTAINER))
            dd_lint_emit(c, in, in->sub->pos, "ONBUILD %s is not allowed", in->sub->keyword);
    }
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

/* An ARG `key` declared before `in` in its stage (or globally, before the first FROM). */
static bool arg_declared(const lint_ctx *c, const dd_df_instr *in, const char *key)
{
    for (size_t i = 0; i < c->df->n && c->df->ins[i].pos.line < in->pos.line; i++) {
        const dd_df_instr *a = &c->df->ins[i];
        if (a->kind == DD_DF_ARG && (a->stage < 0 || a->stage == in->stage))
            for (size_t j = 0; j < a->nkvs; j++)
                if (streq(a->kvs[j].key, key))
                    return true;
    }
    return false;
}

void r_env_self(lint_ctx *c)
{
    FOR_INS(c, in) {
        if (in->kind != DD_DF_ENV || in->nkvs < 2)
            continue;
        /* All values of one ENV are expanded before any is set: a reference to another
         * key of the same ENV sees its old value (empty when there was none). */
        for (size_t j = 0; j < in->nkvs; j++) {
            if (!in->kvs[j].raw_value)
                continue;
            for (size_t i = 0; i < in->nkvs; i++) {
                const char *k = in->kvs[i].key;
                if (i == j || !refs_var(in->kvs[j].raw_value, k) || stage_env_set(c, in, k) ||
                    arg_declared(c, in, k))
                    continue;
                dd_lint_emit(c, in, in->kvs[j].pos,
                             "%s refers to %s, which this same ENV "
                             "defines: it is not set yet here",
                             in->kvs[j].key, k);
                break;
            }
        }
    }
}

/* Built on scratch: with no WORKDIR the directory is /, not whatever a base image left. */
static bool on_scratch(const lint_ctx *c, int st)
{
    while (st >= 0 && c->df->stages[st].from_stage >= 0)
        st = c->df->stages[st].from_stage;
    return st >= 0 && strcasecmp(c->df->stages[st].image, "scratch") == 0;
}

void r_copy_relative(lint_ctx *c)
{
    FOR_INS(c, in) {
        if ((in->kind != DD_DF_COPY && in->kind != DD_DF_ADD) || in->nwords < 2)
            continue;
        const dd_df_word *d = &in->words[in->nwords - 1];
        const char *v = d->value;
        if (d->unresolved || v[0] == '/' || v[0] == '$' || windows_abs(v))
            continue;
        if (!stage_has(c, in, DD_DF_WORKDIR) && !on_scratch(c, in->stage))
            dd_lint_emit(c, in, d->pos, "%s to the relative path %s with no WORKDIR set",
                         in->keyword, v);
    }
}

/* Is what --from=`f` names a full system: a stage that RUNs something or is built on a
 * distribution image, or such an image itself? Images made to be copied whole
 * (tonistiigi/xx, a `FROM scratch` bundle of binaries) are not. */
static bool full_system(const lint_ctx *c, const dd_df_instr *in, const char *f)
{
    bool later;
    int st = stage_named(c, in, f, &later);
    if (st < 0) /* an image, or a stage name that matches nothing (then judge as a stage) */
        return later || !strpbrk(f, "/:@.") || distro_image(f);
    for (; st >= 0; st = c->df->stages[st].from_stage) {
        FOR_STAGE(c, st, x)
            if (x->kind == DD_DF_RUN)
                return true;
        if (c->df->stages[st].from_stage < 0)
            return distro_image(c->df->stages[st].image);
    }
    return false;
}

void r_copy_root(lint_ctx *c)
{
    FOR_INS(c, in) {
        if (in->kind != DD_DF_COPY || !flag_value(in, "from", NULL) || in->nwords < 2 ||
            !streq(in->words[in->nwords - 1].value, "/") ||
            !full_system(c, in, flag_value(in, "from", NULL)))
            continue;
        FOR_SRC(in, w)
            if (streq(w->value, "/")) {
                dd_lint_emit(c, in, w->pos,
                             "COPY --from=%s / / copies a whole filesystem "
                             "over this one",
                             flag_value(in, "from", NULL));
                break;
            }
    }
}

void r_useradd(lint_ctx *c)
{
    if (!may_run(c, "useradd"))
        return;
    FOR_INS(c, in) {
        if (in->kind != DD_DF_RUN)
            continue;
        FOR_CMD(in, k) {
            if (!is_tool(k, "useradd") || has_short(k, 'l') || has_long(k, "--no-log-init"))
                continue;
            for (int i = 1; i + 1 < k->argc; i++)
                if ((streq(k->argv[i], "-u") || streq(k->argv[i], "--uid")) &&
                    strlen(k->argv[i + 1]) > 5 && all_digits(k->argv[i + 1]))
                    dd_lint_emit(c, in, k->apos[0],
                                 "useradd -u %s without -l: the lastlog and "
                                 "faillog files grow to gigabytes",
                                 k->argv[i + 1]);
        }
    }
}

void r_user_name(lint_ctx *c)
{
    FOR_INS(c, in) {
        if (in->kind != DD_DF_USER || !in->nwords || windows_image(c, in->stage))
            continue;
        const dd_df_word *w = &in->words[0];
        char uid[128];
        snprintf(uid, sizeof uid, "%s", w->raw);
        char *colon = strchr(uid, ':');
        if (colon)
            *colon = '\0';
        /* A variable is the build's business (hadolint accepts an ARG too). */
        /* root is UID 0 everywhere (and DDL100's business) */
        if (all_digits(uid) || strchr(uid, '$') || streq(uid, "root"))
            continue;
        dd_lint_emit(c, in, w->pos,
                     "USER %s: a name needs the image's /etc/passwd to mean "
                     "anything; a numeric UID is what Kubernetes' runAsNonRoot can verify",
                     uid);
    }
}

void r_wget_progress(lint_ctx *c)
{
    if (!may_run(c, "wget"))
        return;
    FOR_INS(c, in) {
        if (in->kind != DD_DF_RUN)
            continue;
        FOR_CMD(in, k)
            /* -o/-a send the progress to a log file, -q/-nv turn it off */
            if (is_tool(k, "wget") && !has_long(k, "--progress") && !has_short(k, 'q') &&
                !has_long(k, "--quiet") && !has_arg(k, "-nv") && !has_long(k, "--no-verbose") &&
                !has_short(k, 'o') && !has_long(k, "--output-file") && !has_short(k, 'a') &&
                !has_long(k, "--append-output"))
                dd_lint_emit(c, in, k->apos[0],
                             "wget without --progress=dot:giga (or -q) fills "
                             "the build log");
    }
}

void r_healthcheck_missing(lint_ctx *c)
{
    /* an export stage never runs; an unresolved base may bring its own HEALTHCHECK */
    if (c->final < 0 || final_is_export(c) || !base_image(c, c->final))
        return;
    for (int st = c->final; st >= 0; st = c->df->stages[st].from_stage)
        FOR_STAGE(c, st, in)
            if (in->kind == DD_DF_HEALTHCHECK)
                return;
    const dd_df_instr *from = stage_from(c, c->final);
    dd_lint_emit(c, from, from->pos,
                 "the final stage has no HEALTHCHECK: a hung service "
                 "looks healthy");
}

static bool same_flags(const dd_df_instr *a, const dd_df_instr *b)
{
    if (a->nflags != b->nflags)
        return false;
    for (size_t i = 0; i < a->nflags; i++)
        if (!streq(a->flags[i].name, b->flags[i].name) ||
            strcmp(a->flags[i].value ? a->flags[i].value : "",
                   b->flags[i].value ? b->flags[i].value : ""))
            return false;
    return true;
}

/* hadolint's DL3059: two RUNs in a row that each run one command. A RUN that already
 * chains commands was most likely split on purpose (cache boundaries). */
static bool single_command(const dd_df_instr *in)
{
    size_t top = 0;
    FOR_CMD(in, k)
        top += k->depth == 0;
    return top <= 1 && !in->nheredocs;
}

void r_consecutive_run(lint_ctx *c)
{
    for (size_t i = 1; i < c->df->n; i++) {
        const dd_df_instr *a = &c->df->ins[i - 1], *b = &c->df->ins[i];
        if (a->kind == DD_DF_RUN && b->kind == DD_DF_RUN && same_flags(a, b) && single_command(a) &&
            single_command(b))
            dd_lint_emit(c, b, b->pos,
                         "RUN right after RUN (line %d): each one is a layer; "
                         "join them with &&",
                         a->pos.line);
    }
}

void r_before_from(lint_ctx *c)
{
    for (size_t i = 0; i < c->df->n; i++) {
        const dd_df_instr *in = &c->df->ins[i];
        if (in->stage < 0 && in->kind != DD_DF_ARG && in->kind != DD_DF_FROM)
            dd_lint_emit(c, in, in->pos, "%s before the first FROM", in->keyword);
    }
}

void r_maintainer(lint_ctx *c)
{
    FOR_INS(c, in)
        if (in->kind == DD_DF_MAINTAINER)
            dd_lint_emit(c, in, in->pos,
                         "MAINTAINER is deprecated: use LABEL "
                         "org.opencontainers.image.authors=...");
}

void r_wget_curl(lint_ctx *c)
{
    if (!(may_run(c, "wget") && may_run(c, "curl")))
        return;
    for (size_t s = 0; s < c->df->nstages; s++) {
        const char *first = NULL;
        FOR_STAGE(c, s, in0) {
            const dd_df_instr *in = in0->sub ? in0->sub : in0;
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

void r_ln_sh(lint_ctx *c)
{
    if (!may_run(c, "ln"))
        return;
    FOR_INS(c, in) {
        if (in->kind != DD_DF_RUN)
            continue;
        FOR_CMD(in, k)
            if (is_tool(k, "ln") && k->argc > 2 &&
                (streq(k->argv[k->argc - 1], "/bin/sh") ||
                 streq(k->argv[k->argc - 1], "/usr/bin/sh")))
                dd_lint_emit(c, in, k->apos[0],
                             "replacing /bin/sh with ln: use the SHELL "
                             "instruction");
    }
}

void r_pragma_used(lint_ctx *c)
{
    for (size_t i = 0; i < c->df->npragmas; i++)
        dd_lint_emit(c, NULL, c->df->pragmas[i].pos,
                     "a %s ignore pragma hides findings from "
                     "everyone who reads the report",
                     c->df->pragmas[i].scope);
}

/* The last path element, for Linux and Windows paths, quotes dropped. */
static void leaf(const char *raw, char *out, size_t outsz)
{
    const char *b = raw;
    for (const char *p = raw; *p; p++)
        if (*p == '/' || *p == '\\')
            b = p + 1;
    size_t n = 0;
    for (; *b && n + 1 < outsz; b++)
        if (*b != '"' && *b != '\'')
            out[n++] = *b;
    out[n] = '\0';
}

static bool tar_archive(const char *name)
{
    static const char *const ext[] = {".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tbz2",
                                      ".tbz", ".tar.xz", ".txz", NULL};
    size_t n = strlen(name);
    for (const char *const *e = ext; *e; e++)
        if (n > strlen(*e) && strcasecmp(name + n - strlen(*e), *e) == 0)
            return true;
    return false;
}

static bool tar_extracts(const dd_sh_cmd *k)
{
    return is_tool(k, "tar") &&
           (has_short(k, 'x') || has_long(k, "--extract") || has_long(k, "--get") ||
            (k->argc > 1 && k->argv[1][0] != '-' && strchr(k->argv[1], 'x')));
}

/* The line of a RUN after `cp` in its stage whose tar extracts `name`, or 0. */
static int extracted_later(const lint_ctx *c, const dd_df_instr *cp, const char *name)
{
    for (const dd_df_instr *run = cp + 1; run < c->df->ins + c->df->n && run->stage == cp->stage;
         run++) {
        const dd_df_instr *x = run->sub ? run->sub : run;
        if (x->kind != DD_DF_RUN)
            continue;
        FOR_CMD(x, k) {
            if (!tar_extracts(k))
                continue;
            for (int a = 1; a < k->argc; a++) {
                char got[256];
                leaf(k->argv[a], got, sizeof got);
                if (streq(got, name))
                    return run->pos.line;
            }
        }
    }
    return 0;
}

/* hadolint's DL3010: a local tar archive COPYed and then unpacked by a later RUN; ADD does
 * both without keeping the archive in a layer. Only tar archives: ADD does not unpack a
 * zip or a lone .gz, so recommending it for unzip or gunzip would be wrong. */
void r_add_archive(lint_ctx *c)
{
    for (size_t i = 0; i < c->df->n; i++) {
        const dd_df_instr *cp = &c->df->ins[i];
        if (cp->kind != DD_DF_COPY || flag_value(cp, "from", NULL) || cp->nwords < 2)
            continue;
        char dest[256];
        leaf(cp->words[cp->nwords - 1].raw, dest, sizeof dest);
        FOR_SRC(cp, w) {
            char name[256];
            leaf(w->raw, name, sizeof name);
            if (!tar_archive(name))
                continue;
            /* copied under a new archive name: that is the name the RUN uses */
            int line = extracted_later(c, cp, tar_archive(dest) ? dest : name);
            if (line)
                dd_lint_emit(c, cp, w->pos,
                             "COPY %s then unpacking it at line %d: ADD unpacks "
                             "a local tar archive without keeping it in a layer",
                             w->value, line);
        }
    }
}
