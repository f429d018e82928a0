/* What the rule files share with each other and with the lint driver; not a public API.
 * The rules are split by subject (rules_build.c, rules_pkg.c, rules_labels.c,
 * rules_shell.c, rules_security.c); the table that lists them all is rules.c. */
#pragma once
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "core/buf.h"
#include "dockerfile/lint.h"

typedef struct lint_ctx lint_ctx;
typedef struct dd_lint_rule dd_lint_rule;
typedef void (*dd_lint_check)(lint_ctx *c);

/* A row of the lint table: dd_rule first, as report/rule.h requires. */
struct dd_lint_rule {
    dd_rule rule;
    dd_lint_check check; /* NULL for the parse-error row */
    const void *arg;     /* what a check shared by several rows is about (an rpm_tool) */
};

/* yum, dnf/microdnf and zypper share three checks (-y, clean, pinned), one row per tool. */
typedef struct rpm_tool rpm_tool;
extern const rpm_tool dd_yum_tool, dd_dnf_tool, dd_zypper_tool;

struct lint_ctx {
    const dd_dockerfile *df;
    const char *path;
    const dd_lint_config *cfg;
    dd_report *r;
    const dd_lint_rule *rule; /* the rule being run */
    int final;                /* index of the final stage, -1 when there is none */
    bool *ships;              /* per stage: does it end up in the final image */
    /* The instructions as the build runs them: an ONBUILD trigger stands for the
     * instruction it becomes in a child image (hadolint's `onbuild` rules do the same). */
    const dd_df_instr **view;
    uint64_t tools; /* a bit per command name run anywhere in the file (tool_bit) */
};

/* One bit of a 64-bit set for a command name: a rule about yum can skip a file in which no
 * command hashes to yum's bit (most files), without looking at a single command. */
static inline uint64_t tool_bit(const char *name)
{
    uint32_t h = 2166136261u;
    for (; *name; name++)
        h = (h ^ (unsigned char)*name) * 16777619u;
    return (uint64_t)1 << (h & 63);
}
static inline bool may_run(const lint_ctx *c, const char *name)
{
    return (c->tools & tool_bit(name)) != 0;
}
static inline bool may_run_any(const lint_ctx *c, const char *const *names)
{
    for (; *names; names++)
        if (may_run(c, *names))
            return true;
    return false;
}

/* Report a finding of c->rule at `pos` of instruction `in` (pragmas on `in`, its stage and
 * the file, and the config decide whether it is kept and at which severity). `in` may be
 * NULL. */
void dd_lint_emit(lint_ctx *c, const dd_df_instr *in, dd_df_pos pos, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

extern const dd_rule_table dd_lint_table;

/* ---- iterating -------------------------------------------------------------------- */

/* Every instruction as it runs (ONBUILD triggers in place of their ONBUILD). */
#define FOR_INS(c, in)                                                                             \
    for (const dd_df_instr *const *in##_p = (c)->view,                                             \
                                  *const *in##_e = in##_p ? in##_p + (c)->df->n : in##_p, *in;     \
         in##_p < in##_e && ((in = *in##_p), true); in##_p++)
/* The simple commands of a RUN (or shell-form CMD/ENTRYPOINT/HEALTHCHECK). */
#define FOR_CMD(in, cmd)                                                                           \
    for (const dd_sh_cmd *cmd = (in)->cmds; (in)->ncmds && cmd < (in)->cmds + (in)->ncmds; cmd++)
/* Sources of COPY/ADD: every word but the last. */
#define FOR_SRC(in, w)                                                                             \
    for (const dd_df_word *w = (in)->words;                                                        \
         (in)->nwords >= 2 && w < (in)->words + (in)->nwords - 1; w++)
/* The instructions of stage `st` in order. */
#define FOR_STAGE(c, st, in)                                                                       \
    for (const dd_df_instr *in = &(c)->df->ins[(c)->df->stages[st].first];                         \
         in <= &(c)->df->ins[(c)->df->stages[st].last]; in++)

/* ---- helpers over words and commands (rules_util.c) ------------------------------- */

/* The rules compare command names and words millions of times over a corpus; most
 * differ in the first byte, so look at it before calling strcmp. */
static inline bool streq(const char *a, const char *b)
{
    return a[0] == b[0] && strcmp(a, b) == 0;
}
bool is_opt(const char *a);
bool has_short(const dd_sh_cmd *c, char letter);     /* -y, or a bundle -qy; never --long */
bool has_long(const dd_sh_cmd *c, const char *name); /* --name or --name=... */
bool has_arg(const dd_sh_cmd *c, const char *s);
bool in_list(const char *s, const char *const *list);
bool all_digits(const char *s);
/* Index of the first non-option argument at or after `from`, skipping the value of an
 * option listed in `valopts` (given as a separate word); -1 when there is none. */
int subcmd_at(const dd_sh_cmd *c, const char *const *valopts, int from);
const char *subcmd(const dd_sh_cmd *c, const char *const *valopts); /* "" when none */
/* The package words after the subcommand (options and their values skipped, $VARs too).
 * Returns how many were stored in out (at most max). */
int packages(const dd_sh_cmd *c, const char *const *valopts, const char **out, int max);
/* The same after the word at index `at` (pip's "install" after `python -m pip`). */
int packages_after(const dd_sh_cmd *c, int at, const char *const *valopts, const char **out,
                   int max);
bool is_tool(const dd_sh_cmd *k, const char *name);
/* RUN --mount=type=cache|tmpfs whose target covers `path` (a substring of the target). */
bool cache_mount(const dd_df_instr *in, const char *path);
/* Does stage of `in` end up in the final image (an ONBUILD trigger always does: it runs in
 * whatever image is built from this one; so does anything before the first FROM). */
bool ships(const lint_ctx *c, const dd_df_instr *in);
const char *flag_value(const dd_df_instr *in, const char *name, dd_df_pos *pos);
/* The value of key=`key` inside a comma-separated flag value (--mount=type=cache,...). */
bool mount_opt(const char *mount, const char *key, char *out, size_t outsz);
void join_words(dd_buf *b, const char **w, int n);
const char *base_name(const char *path);
bool is_url(const char *s);
bool is_git(const char *s); /* a git URL ADD fetches as a repository */
bool is_archive(const char *s);

/* An image reference as written, split by dd_regref_split (registry/registry.h) into
 * fixed buffers: lint reads every FROM, valid or not, without allocating. */
typedef struct imgref {
    char reg[256];
    char name[256];
    char tag[128];
    bool has_tag, has_digest;
} imgref;
void parse_image(const char *ref, imgref *r);
/* A full distribution or language image (debian, alpine, python...): shell, package
 * manager and all, as opposed to a minimal or single-purpose one. */
bool distro_image(const char *image);
/* An external image of a FROM (not scratch, not an earlier stage, fully resolved). */
const dd_df_stage *external_from(const lint_ctx *c, const dd_df_instr *in);
const dd_df_instr *stage_from(const lint_ctx *c, int st);
/* The external image stage `st` is built on (following FROM <stage>), or NULL when it is
 * unresolved (FROM $BASE): then what the base sets (USER, HEALTHCHECK) is unknown. */
const char *base_image(const lint_ctx *c, int st);
/* A Windows base (servercore, nanoserver): no /etc/passwd, no root, no POSIX shell. */
bool windows_image(const lint_ctx *c, int st);
/* Was an ENV `key` (or an instruction of `kind`) set before `upto` in its stage or the
 * stages it is built from? */
bool stage_env_set(const lint_ctx *c, const dd_df_instr *upto, const char *key);
bool stage_has(const lint_ctx *c, const dd_df_instr *upto, dd_df_kind kind);
/* Does a command after `after` in the same RUN delete `path` (or a directory above it)?
 * Then it is scratch space that never reaches the image. */
bool removed_later(const dd_df_instr *in, const dd_sh_cmd *after, const char *path);
/* What a RUN at `in` knows about $name: nothing, declared (an ARG without a value, an empty
 * ENV), or set to a value (ENV of this stage or its parents; ARG of this stage, with its
 * own or the global default). An ARG of another stage is not in scope. */
enum { DD_VAR_NONE, DD_VAR_DECLARED, DD_VAR_VALUE };
int var_scope(const lint_ctx *c, const dd_df_instr *in, const char *name);
/* The final stage only collects files for `docker build --output` (FROM scratch and only
 * COPY/ADD/ARG/LABEL): nothing runs in it, so USER and HEALTHCHECK make no sense. */
bool final_is_export(const lint_ctx *c);

/* Package installs shared between rules (rules_pkg.c). */
bool apt_install(const dd_sh_cmd *k);
bool apk_add(const dd_sh_cmd *k);
bool any_rpm_install(const dd_sh_cmd *k);
int pip_install_at(const dd_sh_cmd *k);
bool npm_install(const dd_sh_cmd *k);
/* Any package-manager install (apt, apk, rpm family, pip, npm, gem, go get/install...). */
bool pkg_install(const dd_sh_cmd *k);

/* ---- the rule functions, by file ------------------------------------------------- */

#define DD_LINT_RULES(X)                                                                           \
    X(r_workdir_abs)                                                                               \
    X(r_pointless_cmd) X(r_cd) X(r_sudo) X(r_untagged) X(r_latest) X(r_apt_pin) X(r_apt_lists) X(  \
        r_port) X(r_multi_healthcheck) X(r_pip_pin) X(r_apt_yes) X(r_apt_recommends) X(r_npm_pin)  \
        X(r_apk_pin) X(r_apk_cache) X(r_add_local) X(r_copy_dest_slash) X(r_copy_from_unknown) X(  \
            r_copy_from_self) X(r_dup_stage) X(r_json_cmd) X(r_registry) X(r_apt) X(r_gem_pin)     \
            X(r_platform) X(r_rpm_yes) X(r_rpm_clean) X(r_rpm_pin) X(r_zypper_dup) \
                X(      \
                    r_pip_cache) X(r_onbuild) X(r_env_self) X(r_copy_relative) X(r_useradd)        \
                    X(r_wget_progress) X(r_label_key) X(r_label_required) X(r_healthcheck_missing) \
                        X(r_consecutive_run) X(r_yarn_cache) X(r_before_from) X(r_maintainer) X(   \
                            r_wget_curl) X(r_multi_cmd) X(r_multi_entrypoint) X(r_ln_sh)           \
                            X(r_pipefail) X(r_pragma_used) X(r_add_archive) X(r_label_superfluous) \
                                X(r_label_empty) X(r_label_url) X(r_label_rfc3339) X(r_label_spdx) \
                                    X(r_label_hash) X(r_label_semver) X(r_label_email) X(r_go_pin) \
                                        X(r_stage_reserved) X(r_platform_target) X(r_user_name)    \
                                            X(r_copy_root) X(r_sh_cd_fail) X(r_sh_useless_cat) X(  \
                                                r_sh_test_op) X(r_sh_unquoted) X(r_sh_rm_root)     \
                                                X(r_root) X(r_env_secret_name) X(r_secret_value)   \
                                                    X(r_credential_copy) X(r_add_url)              \
                                                        X(r_curl_pipe_sh) X(r_chmod_world) X(      \
                                                            r_chmod_setuid) X(r_ssh) X(r_upgrade)  \
                                                            X(r_digest) X(r_docker_sock)           \
                                                                X(r_distroless) X(r_arg_secret)    \
                                                                    X(r_unverified_download)       \
                                                                        X(r_install_true)          \
                                                                            X(r_env_frontend)
#define DD_LINT_DECLARE(fn) void fn(lint_ctx *c);
DD_LINT_RULES(DD_LINT_DECLARE)
#undef DD_LINT_DECLARE
