/* Shell rules: pipefail (hadolint's DL4006) and the ShellCheck findings that matter in
 * RUN scripts, checked on drydock's own shell splitter rather than by running shellcheck:
 * a RUN is linted in microseconds, at its exact Dockerfile line, the same on every machine
 * whether or not shellcheck is installed (README, "ShellCheck-class findings"). Each
 * rule's alias is the ShellCheck code, so `# hadolint ignore=SC2164` silences it. */
#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "dockerfile/lint_int.h"

/* The SHELL in force at `in` (walking back through the stage and its parents). */
static const dd_df_instr *current_shell(const lint_ctx *c, const dd_df_instr *upto)
{
    const dd_df_instr *found = NULL;
    if (upto->stage < 0)
        return NULL;
    for (int st = upto->stage; st >= 0 && !found; st = c->df->stages[st].from_stage)
        FOR_STAGE(c, st, in) {
            if (st == upto->stage && in->pos.line >= upto->pos.line)
                break;
            if (in->kind == DD_DF_SHELL)
                found = in;
        }
    return found;
}

/* The RUN runs under /bin/sh (no SHELL, or a SHELL that is a POSIX-family shell). */
static bool posix_shell(const lint_ctx *c, const dd_df_instr *in, const dd_df_instr **sh)
{
    *sh = current_shell(c, in);
    return !*sh || ((*sh)->nwords && dd_sh_is_shell(base_name((*sh)->words[0].value)));
}

static bool shell_has_option(const dd_df_instr *sh, const char *opt, char letter)
{
    for (size_t i = 1; sh && i < sh->nwords; i++) {
        const char *v = sh->words[i].value;
        if (strstr(v, opt) ||
            (letter && v[0] == '-' && v[1] != '-' && strchr(v, letter) && !strchr(v, 'c')))
            return true;
    }
    return false;
}

/* Commands that cannot fail in a way worth stopping the build for. */
static bool cannot_fail(const dd_sh_cmd *k)
{
    static const char *const safe[] = {"echo", "printf", "yes", "true", ":", NULL};
    return in_list(dd_sh_name(k), safe);
}

/* A last command that checks all of its input and fails on an empty or truncated one:
 * `echo $SUM file | sha256sum -c -`, `curl ... | gpg --import`, `curl ... | tar xz`,
 * `locale -a | grep en_US`.
 * Whatever fails before it makes it fail too, pipefail or not. */
static bool checks_input(const dd_sh_cmd *k)
{
    static const char *const sums[] = {"sha1sum",   "sha224sum", "sha256sum",
                                       "sha384sum", "sha512sum", "md5sum",
                                       "b2sum",     "shasum",    NULL};
    static const char *const keys[] = {"gpg", "gpg2", "gpgv", "apt-key", NULL};
    static const char *const unpack[] = {"gunzip", "unxz",  "bunzip2", "unzstd", "zcat",
                                         "xzcat",  "bzcat", "zstdcat", NULL};
    static const char *const packers[] = {"gzip", "xz", "bzip2", "zstd", NULL};
    const char *n = dd_sh_name(k);
    if (in_list(n, sums))
        return has_short(k, 'c') || has_long(k, "--check");
    if (in_list(n, keys) || in_list(n, unpack))
        return true;
    if (in_list(n, packers))
        return has_short(k, 'd') || has_long(k, "--decompress");
    /* grep fails when nothing matches, so also on empty input (not -v, -c, -L) */
    if (streq(n, "grep") || streq(n, "egrep") || streq(n, "fgrep"))
        return !has_short(k, 'v') && !has_short(k, 'c') && !has_short(k, 'L') &&
               !has_long(k, "--invert-match") && !has_long(k, "--count");
    return streq(n, "tar") && (has_short(k, 'x') || has_long(k, "--extract") ||
                               (k->argc > 1 && k->argv[1][0] != '-' && strchr(k->argv[1], 'x')));
}

void r_pipefail(lint_ctx *c)
{
    FOR_INS(c, in) {
        if (in->kind != DD_DF_RUN || in->json)
            continue;
        const dd_df_instr *sh;
        if (!posix_shell(c, in, &sh))
            continue; /* pwsh, cmd: no POSIX pipes */
        /* `SHELL ["/bin/sh", "-o", "pipefail", "-c"]` is enough: a /bin/sh without pipefail
         * stops the build at that RUN, so a build that works has it. */
        if (shell_has_option(sh, "pipefail", 0))
            continue;
        bool set_pf = false;
        const dd_sh_cmd *start = NULL; /* first command of the current pipeline */
        FOR_CMD(in, k) {
            if (is_tool(k, "set") && has_arg(k, "pipefail"))
                set_pf = true;
            bool prev_pipe = k > in->cmds && k[-1].next == DD_SH_PIPE;
            if (!prev_pipe)
                start = k;
            if (k->next == DD_SH_PIPE || !prev_pipe || set_pf || k->depth || k->from_heredoc)
                continue;
            /* k ends a pipeline start..k: only the earlier commands can fail silently */
            const dd_sh_cmd *risky = NULL;
            for (const dd_sh_cmd *p = start; p < k && !risky; p++)
                if (!cannot_fail(p))
                    risky = p;
            if (risky && !checks_input(k)) {
                dd_lint_emit(c, in, risky->apos[0],
                             "a pipe without pipefail: a failing %s does "
                             "not fail the build; SHELL [\"/bin/bash\", \"-o\", \"pipefail\", "
                             "\"-c\"]",
                             dd_sh_name(risky));
                break;
            }
        }
    }
}

/* set -e (or a SHELL with -e, or a heredoc script that sets it) makes a failing cd stop. */
static bool errexit_before(const lint_ctx *c, const dd_df_instr *in, const dd_sh_cmd *k)
{
    const dd_df_instr *sh = current_shell(c, in);
    if (shell_has_option(sh, "errexit", 'e'))
        return true;
    for (const dd_sh_cmd *p = in->cmds; p < k; p++)
        if (is_tool(p, "set") && (has_short(p, 'e') || has_arg(p, "errexit")))
            return true;
    return false;
}

void r_sh_cd_fail(lint_ctx *c)
{
    if (!may_run(c, "cd"))
        return;
    FOR_INS(c, in) {
        if (in->kind != DD_DF_RUN)
            continue;
        FOR_CMD(in, k) {
            /* `cd x; make` or a newline after cd: make runs in the wrong directory when cd
             * fails; `cd x && make` and `cd x || exit` are fine. */
            bool more = k + 1 < in->cmds + in->ncmds && k[1].depth == k->depth;
            if (!is_tool(k, "cd") || k->next != DD_SH_SEQ || !more || errexit_before(c, in, k))
                continue;
            dd_lint_emit(c, in, k->apos[0],
                         "cd %s; ...: if cd fails the next commands run in "
                         "the wrong directory; use cd %s && ... (or || exit)",
                         k->argc > 1 ? k->argv[1] : "", k->argc > 1 ? k->argv[1] : "");
        }
    }
}

void r_sh_useless_cat(lint_ctx *c)
{
    if (!may_run(c, "cat"))
        return;
    FOR_INS(c, in) {
        if (in->kind != DD_DF_RUN)
            continue;
        FOR_CMD(in, k) {
            if (!is_tool(k, "cat") || k->argc != 2 || is_opt(k->argv[1]) ||
                streq(k->argv[1], "-") || k->next != DD_SH_PIPE || k + 1 >= in->cmds + in->ncmds)
                continue;
            dd_lint_emit(c, in, k->apos[0],
                         "cat %s | %s ...: redirect the file (< %s) instead "
                         "of starting cat",
                         k->argv[1], dd_sh_name(k + 1), k->argv[1]);
        }
    }
}

/* /bin/sh is dash on Debian, Ubuntu and the official images built on them; Alpine's and
 * BusyBox's ash knows bash's test syntax, and Fedora's, CentOS's and RHEL's /bin/sh is bash.
 * Unknown bases are not judged. */
static bool dash_shell(const lint_ctx *c, const dd_df_instr *in)
{
    static const char *const debian[] = {
        "debian", "ubuntu", "buildpack-deps",  "python", "node",     "golang",   "ruby",
        "php",    "perl",   "openjdk",         "rust",   "gcc",      "postgres", "redis",
        "nginx",  "httpd",  "haproxy",         "mongo",  "rabbitmq", "elixir",   "erlang",
        "julia",  "r-base", "eclipse-temurin", NULL};
    const dd_df_instr *sh;
    if (!posix_shell(c, in, &sh))
        return false;
    if (sh && !streq(base_name(sh->words[0].value), "sh") &&
        !streq(base_name(sh->words[0].value), "dash"))
        return false;
    int st = in->stage;
    while (st >= 0 && c->df->stages[st].from_stage >= 0)
        st = c->df->stages[st].from_stage;
    if (st < 0 || c->df->stages[st].image_unresolved)
        return false;
    imgref r;
    parse_image(c->df->stages[st].image, &r);
    return in_list(base_name(r.name), debian) && !strstr(r.tag, "alpine") &&
           !strstr(r.tag, "windows") && !strstr(r.tag, "nanoserver");
}

void r_sh_test_op(lint_ctx *c)
{
    if (!(may_run(c, "[") || may_run(c, "[[") || may_run(c, "test")))
        return;
    FOR_INS(c, in) {
        if (in->kind != DD_DF_RUN || in->json || !dash_shell(c, in))
            continue;
        FOR_CMD(in, k) {
            if (k->depth)
                continue; /* inside bash -c: bash's rules */
            const char *n = dd_sh_name(k);
            if (streq(n, "[["))
                dd_lint_emit(c, in, k->apos[0],
                             "[[ ... ]] is bash syntax: /bin/sh (dash) says "
                             "\"[[: not found\"; use [ ... ] or SHELL [\"/bin/bash\", \"-c\"]");
            else if ((streq(n, "[") || streq(n, "test")) && has_arg(k, "=="))
                dd_lint_emit(c, in, k->apos[0],
                             "%s ... == ... is bash syntax: dash's test "
                             "fails with \"unexpected operator\"; compare with =",
                             n);
        }
    }
}

/* Variables Docker defines for every build (BuildKit's automatic platform ARGs). */
static bool automatic_arg(const char *name)
{
    static const char *const auto_args[] = {"TARGETPLATFORM", "TARGETOS",      "TARGETARCH",
                                            "TARGETVARIANT",  "BUILDPLATFORM", "BUILDOS",
                                            "BUILDARCH",      "BUILDVARIANT",  NULL};
    return in_list(name, auto_args);
}

/* Is $name certainly non-empty in this RUN: an ENV or ARG with a value, an automatic
 * ARG, or assigned in the script itself (NAME=..., export NAME=..., for NAME in). */
static bool var_set(const lint_ctx *c, const dd_df_instr *in, const char *name)
{
    if (automatic_arg(name) || streq(name, "HOME") || streq(name, "PATH") ||
        var_scope(c, in, name) == DD_VAR_VALUE)
        return true;
    size_t n = strlen(name);
    const char *texts[2] = {in->args_raw, in->nheredocs ? in->heredocs[0].body : ""};
    for (int t = 0; t < 2; t++)
        for (const char *p = strstr(texts[t], name); p; p = strstr(p + 1, name)) {
            bool start = p == texts[t] || !(isalnum((unsigned char)p[-1]) || p[-1] == '_' ||
                                            p[-1] == '$' || p[-1] == '{');
            if (start && (p[n] == '=' || (p >= texts[t] + 4 && strncmp(p - 4, "for ", 4) == 0)))
                return true;
        }
    return false;
}

/* The variable a word starts with ($NAME or ${NAME}, not ${NAME:?...}); false if none. */
static bool leading_var(const char *w, char *name, size_t max, bool *guarded)
{
    if (w[0] != '$')
        return false;
    const char *p = w + 1 + (w[1] == '{');
    size_t n = 0;
    while ((isalnum((unsigned char)p[n]) || p[n] == '_') && n + 1 < max) {
        name[n] = p[n];
        n++;
    }
    name[n] = '\0';
    *guarded = w[1] == '{' && p[n] == ':' && (p[n + 1] == '?' || p[n + 1] == '-');
    return n > 0 && !isdigit((unsigned char)name[0]);
}

void r_sh_rm_root(lint_ctx *c)
{
    if (!may_run(c, "rm"))
        return;
    FOR_INS(c, in) {
        if (in->kind != DD_DF_RUN)
            continue;
        FOR_CMD(in, k) {
            if (!is_tool(k, "rm") ||
                !(has_short(k, 'r') || has_short(k, 'R') || has_long(k, "--recursive")))
                continue;
            for (int a = 1; a < k->argc; a++) {
                char name[128];
                bool guarded;
                const char *w = k->argv[a];
                if (!leading_var(w, name, sizeof name, &guarded) || guarded || !strchr(w, '/') ||
                    var_set(c, in, name))
                    continue;
                dd_lint_emit(c, in, k->apos[a],
                             "rm -r %s: when %s is empty this deletes from /; "
                             "write ${%s:?}",
                             w, name, name);
                break;
            }
        }
    }
}

void r_sh_unquoted(lint_ctx *c)
{
    if (!(may_run(c, "[") || may_run(c, "test")))
        return;
    FOR_INS(c, in) {
        if (in->kind != DD_DF_RUN)
            continue;
        FOR_CMD(in, k) {
            const char *n = dd_sh_name(k);
            if (!streq(n, "[") && !streq(n, "test"))
                continue;
            /* An unquoted $X that is empty leaves the test without an operand:
             * "[: =: unary operator expected", and the test is false for the wrong reason. */
            for (int a = 1; a < k->argc; a++) {
                char name[128];
                bool guarded;
                if (!k->aflags || !(k->aflags[a] & DD_SH_W_EXPANDS) ||
                    (k->aflags[a] & DD_SH_W_QUOTED) ||
                    !leading_var(k->argv[a], name, sizeof name, &guarded) || guarded ||
                    var_set(c, in, name))
                    continue;
                dd_lint_emit(c, in, k->apos[a],
                             "%s unquoted in %s: when %s is empty the test "
                             "breaks; write \"%s\"",
                             k->argv[a], n, name, k->argv[a]);
                break;
            }
        }
    }
}
