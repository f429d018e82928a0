/* Reading, writing and evaluating Docker/OCI seccomp profiles. The reader takes files
 * users hand us (or that came with an image): every size is bounded and every error
 * names the member that is wrong. */
#include "profile/seccomp.h"

#include <errno.h>
#include <seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>

#include "core/buf.h"
#include "core/cleanup.h"
#include "core/mem.h"
#include "inside/caps.h"
#include "report/rule.h"

static const char *const action_names[] = {
    [DD_SCMP_KILL_PROCESS] = "SCMP_ACT_KILL_PROCESS",
    [DD_SCMP_KILL_THREAD] = "SCMP_ACT_KILL_THREAD",
    [DD_SCMP_TRAP] = "SCMP_ACT_TRAP",
    [DD_SCMP_ERRNO] = "SCMP_ACT_ERRNO",
    [DD_SCMP_NOTIFY] = "SCMP_ACT_NOTIFY",
    [DD_SCMP_TRACE] = "SCMP_ACT_TRACE",
    [DD_SCMP_LOG] = "SCMP_ACT_LOG",
    [DD_SCMP_ALLOW] = "SCMP_ACT_ALLOW",
};

static const char *const op_names[] = {
    [DD_SCMP_CMP_NE] = "SCMP_CMP_NE",
    [DD_SCMP_CMP_LT] = "SCMP_CMP_LT",
    [DD_SCMP_CMP_LE] = "SCMP_CMP_LE",
    [DD_SCMP_CMP_EQ] = "SCMP_CMP_EQ",
    [DD_SCMP_CMP_GE] = "SCMP_CMP_GE",
    [DD_SCMP_CMP_GT] = "SCMP_CMP_GT",
    [DD_SCMP_CMP_MASKED_EQ] = "SCMP_CMP_MASKED_EQ",
};

const char *dd_scmp_action_name(dd_scmp_action a)
{
    return (unsigned)a < DD_ARRAY_LEN(action_names) ? action_names[a] : "?";
}

void dd_names_add(dd_names *l, const char *s)
{
    l->v = dd_xrealloc(l->v, (l->n + 1) * sizeof *l->v);
    l->v[l->n++] = dd_xstrdup(s);
}

void dd_names_split(dd_names *l, const char *words)
{
    for (const char *p = words; p && *p;) {
        size_t n = strcspn(p, " ");
        if (n) {
            _cleanup_free_ char *w = dd_xstrndup(p, n);
            dd_names_add(l, w);
        }
        p += n;
        p += strspn(p, " ");
    }
}

void dd_names_free(dd_names *l)
{
    for (size_t i = 0; i < l->n; i++)
        free(l->v[i]);
    free(l->v);
    l->v = NULL;
    l->n = 0;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

void dd_names_sort_unique(dd_names *l)
{
    if (l->n < 2)
        return;
    qsort(l->v, l->n, sizeof *l->v, cmp_str);
    size_t w = 1;
    for (size_t i = 1; i < l->n; i++) {
        if (strcmp(l->v[i], l->v[w - 1]) == 0)
            free(l->v[i]);
        else
            l->v[w++] = l->v[i];
    }
    l->n = w;
}

bool dd_names_has(const dd_names *l, const char *s)
{
    for (size_t i = 0; i < l->n; i++)
        if (strcmp(l->v[i], s) == 0)
            return true;
    return false;
}

bool dd_names_bsearch(const dd_names *l, const char *s)
{
    return l->n && bsearch(&s, l->v, l->n, sizeof *l->v, cmp_str) != NULL;
}

static void filter_free(dd_scmp_filter *f)
{
    dd_names_free(&f->arches);
    dd_names_free(&f->caps);
    free(f->min_kernel);
}

void dd_seccomp_free(dd_seccomp *p)
{
    for (size_t i = 0; i < p->nrules; i++) {
        dd_scmp_rule *r = &p->rules[i];
        dd_names_free(&r->names);
        filter_free(&r->includes);
        filter_free(&r->excludes);
        free(r->comment);
    }
    free(p->rules);
    dd_names_free(&p->arches);
    memset(p, 0, sizeof *p);
}

/* ---- reader ---------------------------------------------------------------------- */

typedef struct ctx {
    const char *name;
    dd_error *e;
} ctx;

static int bad(ctx *c, const char *where, const char *what)
{
    return dd_error_set(c->e, DD_ERR_INPUT, 0, "%s: %s: %s", c->name, where, what);
}

static int parse_enum(ctx *c, const char *where, const json_t *v, const char *const *names,
                      size_t n, const char *alias, int alias_value, int *out)
{
    if (!json_is_string(v))
        return bad(c, where, "must be a string");
    const char *s = json_string_value(v);
    for (size_t i = 0; i < n; i++)
        if (names[i] && strcmp(names[i], s) == 0) {
            *out = (int)i;
            return 0;
        }
    if (alias && strcmp(alias, s) == 0) {
        *out = alias_value;
        return 0;
    }
    char msg[96];
    snprintf(msg, sizeof msg, "unknown value '%.64s'", s);
    return bad(c, where, msg);
}

static int parse_uint(ctx *c, const char *where, const json_t *v, uint64_t max, uint64_t *out)
{
    if (!json_is_integer(v) || json_integer_value(v) < 0 || (uint64_t)json_integer_value(v) > max)
        return bad(c, where, "must be a non-negative integer in range");
    *out = (uint64_t)json_integer_value(v);
    return 0;
}

/* An array of bounded strings (null is an empty list, as Go's encoding/json reads it). */
static int parse_strlist(ctx *c, const char *where, const json_t *v, size_t max, dd_names *out)
{
    if (!v || json_is_null(v))
        return 0;
    if (!json_is_array(v))
        return bad(c, where, "must be an array of strings");
    if (json_array_size(v) > max)
        return bad(c, where, "too many entries");
    size_t i;
    const json_t *s;
    json_array_foreach(v, i, s)
    {
        if (!json_is_string(s) || json_string_length(s) == 0 ||
            json_string_length(s) > DD_SECCOMP_MAX_NAME)
            return bad(c, where, "entries must be names of 1 to 64 characters");
        dd_names_add(out, json_string_value(s));
    }
    return 0;
}

static int parse_filter(ctx *c, const char *where, const json_t *v, dd_scmp_filter *f)
{
    if (!v || json_is_null(v))
        return 0;
    if (!json_is_object(v))
        return bad(c, where, "must be an object");
    char w[96];
    snprintf(w, sizeof w, "%s.arches", where);
    if (parse_strlist(c, w, json_object_get(v, "arches"), DD_SECCOMP_MAX_LIST, &f->arches) < 0)
        return -1;
    snprintf(w, sizeof w, "%s.caps", where);
    if (parse_strlist(c, w, json_object_get(v, "caps"), DD_SECCOMP_MAX_LIST, &f->caps) < 0)
        return -1;
    const json_t *k = json_object_get(v, "minKernel");
    if (k && !json_is_null(k)) {
        int ma, mi;
        if (!json_is_string(k) || json_string_length(k) > 16 ||
            sscanf(json_string_value(k), "%d.%d", &ma, &mi) != 2 || ma < 0 || mi < 0)
            return bad(c, where, "minKernel must be a version such as \"4.8\"");
        f->min_kernel = dd_xstrdup(json_string_value(k));
    }
    return 0;
}

static int parse_rule(ctx *c, size_t idx, const json_t *v, dd_scmp_rule *r)
{
    char w[64];
    snprintf(w, sizeof w, "syscalls[%zu]", idx);
    if (!json_is_object(v))
        return bad(c, w, "must be an object");
    const json_t *names = json_object_get(v, "names"), *name = json_object_get(v, "name");
    char wn[80];
    snprintf(wn, sizeof wn, "%s.names", w);
    if (parse_strlist(c, wn, names, DD_SECCOMP_MAX_NAMES, &r->names) < 0)
        return -1;
    if (name && !json_is_null(name)) {
        if (!json_is_string(name) || json_string_length(name) == 0 ||
            json_string_length(name) > DD_SECCOMP_MAX_NAME)
            return bad(c, w, "name must be a syscall name");
        dd_names_add(&r->names, json_string_value(name));
    }
    if (r->names.n == 0)
        return bad(c, w, "names a no system call");
    int a;
    snprintf(wn, sizeof wn, "%s.action", w);
    if (parse_enum(c, wn, json_object_get(v, "action"), action_names, DD_ARRAY_LEN(action_names),
                   "SCMP_ACT_KILL", DD_SCMP_KILL_THREAD, &a) < 0)
        return -1;
    r->action = (dd_scmp_action)a;
    r->errno_ret = -1;
    const json_t *er = json_object_get(v, "errnoRet");
    if (er && !json_is_null(er)) {
        uint64_t x = 0;
        snprintf(wn, sizeof wn, "%s.errnoRet", w);
        if (parse_uint(c, wn, er, 4095, &x) < 0)
            return -1;
        r->errno_ret = (int)x;
    }
    const json_t *args = json_object_get(v, "args");
    if (args && !json_is_null(args)) {
        snprintf(wn, sizeof wn, "%s.args", w);
        if (!json_is_array(args) || json_array_size(args) > 6)
            return bad(c, wn, "must be an array of at most 6 conditions");
        size_t i;
        const json_t *arg;
        json_array_foreach(args, i, arg)
        {
            char wa[96];
            snprintf(wa, sizeof wa, "%s.args[%zu]", w, i);
            dd_scmp_arg *x = &r->args[r->nargs++];
            uint64_t idx6 = 0;
            if (!json_is_object(arg))
                return bad(c, wa, "must be an object");
            if (parse_uint(c, wa, json_object_get(arg, "index"), 5, &idx6) < 0)
                return -1;
            x->index = (unsigned)idx6;
            if (parse_uint(c, wa, json_object_get(arg, "value"), INT64_MAX, &x->value) < 0)
                return -1;
            const json_t *v2 = json_object_get(arg, "valueTwo");
            if (v2 && parse_uint(c, wa, v2, INT64_MAX, &x->value_two) < 0)
                return -1;
            int op;
            char wo[112];
            snprintf(wo, sizeof wo, "%s.op", wa);
            if (parse_enum(c, wo, json_object_get(arg, "op"), op_names, DD_ARRAY_LEN(op_names),
                           NULL, 0, &op) < 0)
                return -1;
            x->op = (dd_scmp_op)op;
        }
    }
    snprintf(wn, sizeof wn, "%s.includes", w);
    if (parse_filter(c, wn, json_object_get(v, "includes"), &r->includes) < 0)
        return -1;
    snprintf(wn, sizeof wn, "%s.excludes", w);
    if (parse_filter(c, wn, json_object_get(v, "excludes"), &r->excludes) < 0)
        return -1;
    const json_t *cm = json_object_get(v, "comment");
    if (json_is_string(cm))
        r->comment = dd_xstrndup(json_string_value(cm), 256);
    return 0;
}

int dd_seccomp_parse(const char *data, size_t len, const char *name, dd_seccomp *out, dd_error *e)
{
    memset(out, 0, sizeof *out);
    ctx c = {name, e};
    if (len > DD_SECCOMP_MAX_BYTES)
        return dd_error_set(e, DD_ERR_INPUT, 0, "%s: larger than %u bytes", name,
                            DD_SECCOMP_MAX_BYTES);
    json_error_t je;
    _cleanup_json_ json_t *root = json_loadb(data, len, 0, &je);
    if (!root)
        return dd_error_set(e, DD_ERR_INPUT, 0, "%s:%d:%d: %s", name, je.line, je.column, je.text);
    if (!json_is_object(root))
        return bad(&c, "(top)", "a seccomp profile is a JSON object");
    int a;
    if (parse_enum(&c, "defaultAction", json_object_get(root, "defaultAction"), action_names,
                   DD_ARRAY_LEN(action_names), "SCMP_ACT_KILL", DD_SCMP_KILL_THREAD, &a) < 0)
        goto fail;
    out->default_action = (dd_scmp_action)a;
    out->default_errno = -1;
    const json_t *de = json_object_get(root, "defaultErrnoRet");
    if (de && !json_is_null(de)) {
        uint64_t x = 0;
        if (parse_uint(&c, "defaultErrnoRet", de, 4095, &x) < 0)
            goto fail;
        out->default_errno = (int)x;
    }
    if (parse_strlist(&c, "architectures", json_object_get(root, "architectures"),
                      DD_SECCOMP_MAX_LIST, &out->arches) < 0)
        goto fail;
    const json_t *am = json_object_get(root, "archMap");
    if (am && !json_is_null(am)) {
        if (!json_is_array(am) || json_array_size(am) > DD_SECCOMP_MAX_LIST) {
            bad(&c, "archMap", "must be an array of at most 64 entries");
            goto fail;
        }
        size_t i;
        const json_t *m;
        json_array_foreach(am, i, m)
        {
            char w[64];
            snprintf(w, sizeof w, "archMap[%zu]", i);
            const json_t *arch = json_is_object(m) ? json_object_get(m, "architecture") : NULL;
            if (!json_is_string(arch) || json_string_length(arch) > DD_SECCOMP_MAX_NAME) {
                bad(&c, w, "needs an architecture name");
                goto fail;
            }
            dd_names_add(&out->arches, json_string_value(arch));
            snprintf(w, sizeof w, "archMap[%zu].subArchitectures", i);
            if (parse_strlist(&c, w, json_object_get(m, "subArchitectures"), DD_SECCOMP_MAX_LIST,
                              &out->arches) < 0)
                goto fail;
            if (out->arches.n > DD_SECCOMP_MAX_LIST * 4) {
                bad(&c, w, "too many architectures");
                goto fail;
            }
        }
    }
    const json_t *sc = json_object_get(root, "syscalls");
    if (sc && !json_is_null(sc)) {
        if (!json_is_array(sc) || json_array_size(sc) > DD_SECCOMP_MAX_RULES) {
            bad(&c, "syscalls", "must be an array of at most 4096 rules");
            goto fail;
        }
        out->rules = dd_xcalloc(json_array_size(sc) + 1, sizeof *out->rules);
        size_t i;
        const json_t *r;
        json_array_foreach(sc, i, r)
        {
            out->nrules = i + 1;
            if (parse_rule(&c, i, r, &out->rules[i]) < 0)
                goto fail;
        }
    }
    return 0;
fail:
    dd_seccomp_free(out);
    return -1;
}

int dd_seccomp_read_file(const char *path, dd_seccomp *out, dd_error *e)
{
    _cleanup_buf_ dd_buf b = DD_BUF_INIT;
    if (dd_buf_read_file(&b, path, DD_SECCOMP_MAX_BYTES) < 0)
        return dd_error_sys(e, errno, "cannot read seccomp profile %s", path);
    return dd_seccomp_parse(b.data ? b.data : "", b.len, path, out, e);
}

/* ---- writer ---------------------------------------------------------------------- */

json_t *dd_names_json(const dd_names *l)
{
    json_t *a = json_array();
    for (size_t i = 0; i < l->n; i++)
        json_array_append_new(a, json_string(l->v[i]));
    return a;
}

static json_t *filter_json(const dd_scmp_filter *f)
{
    if (!f->arches.n && !f->caps.n && !f->min_kernel)
        return NULL;
    json_t *o = json_object();
    if (f->arches.n)
        json_object_set_new(o, "arches", dd_names_json(&f->arches));
    if (f->caps.n)
        json_object_set_new(o, "caps", dd_names_json(&f->caps));
    if (f->min_kernel)
        json_object_set_new(o, "minKernel", json_string(f->min_kernel));
    return o;
}

json_t *dd_seccomp_to_json(const dd_seccomp *p)
{
    json_t *o = json_object();
    json_object_set_new(o, "defaultAction", json_string(dd_scmp_action_name(p->default_action)));
    if (p->default_errno >= 0)
        json_object_set_new(o, "defaultErrnoRet", json_integer(p->default_errno));
    if (p->arches.n) {
        /* The first architecture with the rest as its sub-architectures. */
        json_t *sub = json_array();
        for (size_t i = 1; i < p->arches.n; i++)
            json_array_append_new(sub, json_string(p->arches.v[i]));
        json_object_set_new(
            o, "archMap",
            json_pack("[{s:s, s:o}]", "architecture", p->arches.v[0], "subArchitectures", sub));
    }
    json_t *rules = json_array();
    for (size_t i = 0; i < p->nrules; i++) {
        const dd_scmp_rule *r = &p->rules[i];
        json_t *j = json_pack("{s:o, s:s}", "names", dd_names_json(&r->names), "action",
                              dd_scmp_action_name(r->action));
        if (r->errno_ret >= 0)
            json_object_set_new(j, "errnoRet", json_integer(r->errno_ret));
        if (r->nargs) {
            json_t *args = json_array();
            for (size_t k = 0; k < r->nargs; k++)
                json_array_append_new(args, json_pack("{s:I, s:I, s:I, s:s}", "index",
                                                      (json_int_t)r->args[k].index, "value",
                                                      (json_int_t)r->args[k].value, "valueTwo",
                                                      (json_int_t)r->args[k].value_two, "op",
                                                      op_names[r->args[k].op]));
            json_object_set_new(j, "args", args);
        }
        json_t *inc = filter_json(&r->includes), *exc = filter_json(&r->excludes);
        if (inc)
            json_object_set_new(j, "includes", inc);
        if (exc)
            json_object_set_new(j, "excludes", exc);
        if (r->comment)
            json_object_set_new(j, "comment", json_string(r->comment));
        json_array_append_new(rules, j);
    }
    json_object_set_new(o, "syscalls", rules);
    return o;
}

/* ---- evaluation ------------------------------------------------------------------ */

static const struct {
    uint32_t scmp;
    const char *go, *name;
} arches[] = {
    {SCMP_ARCH_X86_64, "amd64", "SCMP_ARCH_X86_64"},
    {SCMP_ARCH_AARCH64, "arm64", "SCMP_ARCH_AARCH64"},
    {SCMP_ARCH_PPC64LE, "ppc64le", "SCMP_ARCH_PPC64LE"},
    {SCMP_ARCH_S390X, "s390x", "SCMP_ARCH_S390X"},
    {SCMP_ARCH_RISCV64, "riscv64", "SCMP_ARCH_RISCV64"},
};

const char *dd_seccomp_native_arch(const char **go)
{
    uint32_t native = seccomp_arch_native();
    for (size_t i = 0; i < DD_ARRAY_LEN(arches); i++)
        if (arches[i].scmp == native) {
            if (go)
                *go = arches[i].go;
            return arches[i].name;
        }
    if (go)
        *go = "unknown";
    return "SCMP_ARCH_NATIVE";
}

static bool kernel_ok(const char *min, int ma, int mi)
{
    int a = 0, b = 0;
    if (!min || sscanf(min, "%d.%d", &a, &b) != 2)
        return true;
    return ma > a || (ma == a && mi >= b);
}

/* Docker's rule selection (moby profiles/seccomp): includes need every capability and one
 * of the architectures; excludes drop the rule on any. */
static bool applies(const dd_scmp_rule *r, const char *arch, uint64_t caps, int ma, int mi)
{
    if (r->includes.arches.n && !dd_names_has(&r->includes.arches, arch))
        return false;
    if (r->excludes.arches.n && dd_names_has(&r->excludes.arches, arch))
        return false;
    for (size_t i = 0; i < r->includes.caps.n; i++) {
        int b = dd_cap_from_name(r->includes.caps.v[i]);
        if (b < 0 || !(caps & (1ULL << b)))
            return false;
    }
    for (size_t i = 0; i < r->excludes.caps.n; i++) {
        int b = dd_cap_from_name(r->excludes.caps.v[i]);
        if (b >= 0 && (caps & (1ULL << b)))
            return false;
    }
    return kernel_ok(r->includes.min_kernel, ma, mi) &&
           (!r->excludes.min_kernel || !kernel_ok(r->excludes.min_kernel, ma, mi));
}

static bool lets_through(dd_scmp_action a)
{
    return a == DD_SCMP_ALLOW || a == DD_SCMP_LOG;
}

int dd_seccomp_allowed(const dd_seccomp *p, const dd_seccomp_env *env, dd_names *out, dd_error *e)
{
    const char *arch = env->arch;
    if (!arch)
        dd_seccomp_native_arch(&arch);
    int ma = env->kernel_major, mi = env->kernel_minor;
    if (ma == 0) {
        struct utsname u;
        if (uname(&u) < 0 || sscanf(u.release, "%d.%d", &ma, &mi) != 2)
            return dd_error_sys(e, errno, "cannot tell the kernel version");
    }
    memset(out, 0, sizeof *out);
    if (lets_through(p->default_action)) {
        /* Everything libseccomp knows, less what an unconditional rule refuses. */
        for (int nr = 0; nr < 1024; nr++) {
            _cleanup_free_ char *n = seccomp_syscall_resolve_num_arch(SCMP_ARCH_NATIVE, nr);
            if (n)
                dd_names_add(out, n);
        }
        dd_names_sort_unique(out);
        dd_names refused = {0};
        for (size_t i = 0; i < p->nrules; i++) {
            const dd_scmp_rule *r = &p->rules[i];
            if (!lets_through(r->action) && r->nargs == 0 && applies(r, arch, env->caps, ma, mi))
                for (size_t k = 0; k < r->names.n; k++)
                    dd_names_add(&refused, r->names.v[k]);
        }
        dd_names_sort_unique(&refused);
        size_t w = 0;
        for (size_t i = 0; i < out->n; i++) {
            if (dd_names_bsearch(&refused, out->v[i]))
                free(out->v[i]);
            else
                out->v[w++] = out->v[i];
        }
        out->n = w;
        dd_names_free(&refused);
        return 0;
    }
    for (size_t i = 0; i < p->nrules; i++) {
        const dd_scmp_rule *r = &p->rules[i];
        if (!lets_through(r->action) || !applies(r, arch, env->caps, ma, mi))
            continue;
        for (size_t k = 0; k < r->names.n; k++)
            if (seccomp_syscall_resolve_name_arch(SCMP_ARCH_NATIVE, r->names.v[k]) >= 0)
                dd_names_add(out, r->names.v[k]);
    }
    dd_names_sort_unique(out);
    return 0;
}

json_t *dd_seccomp_compare_docker(const dd_seccomp *p, uint64_t caps, dd_error *e)
{
    dd_seccomp dflt;
    dd_seccomp_docker_default(&dflt);
    dd_names a = {0}, d = {0};
    dd_seccomp_env env = {.caps = caps};
    json_t *out = NULL;
    if (dd_seccomp_allowed(p, &env, &a, e) == 0 && dd_seccomp_allowed(&dflt, &env, &d, e) == 0) {
        json_t *only_p = json_array(), *only_d = json_array();
        for (size_t i = 0; i < a.n; i++)
            if (!dd_names_bsearch(&d, a.v[i]))
                json_array_append_new(only_p, json_string(a.v[i]));
        for (size_t i = 0; i < d.n; i++)
            if (!dd_names_bsearch(&a, d.v[i]))
                json_array_append_new(only_d, json_string(d.v[i]));
        out = json_pack("{s:I, s:I, s:o, s:o}", "allowed", (json_int_t)a.n, "dockerDefault",
                        (json_int_t)d.n, "onlyInProfile", only_p, "onlyInDockerDefault", only_d);
    }
    dd_names_free(&a);
    dd_names_free(&d);
    dd_seccomp_free(&dflt);
    return out;
}

static bool arg_matches(const dd_scmp_arg *a, const uint64_t args[6])
{
    uint64_t v = args[a->index % 6];
    switch (a->op) {
    case DD_SCMP_CMP_NE:
        return v != a->value;
    case DD_SCMP_CMP_LT:
        return v < a->value;
    case DD_SCMP_CMP_LE:
        return v <= a->value;
    case DD_SCMP_CMP_EQ:
        return v == a->value;
    case DD_SCMP_CMP_GE:
        return v >= a->value;
    case DD_SCMP_CMP_GT:
        return v > a->value;
    case DD_SCMP_CMP_MASKED_EQ:
        return (v & a->value) == a->value_two;
    }
    return false;
}

dd_scmp_action dd_seccomp_eval(const dd_seccomp *p, const dd_seccomp_env *env, const char *name,
                               const uint64_t args[6], int *err)
{
    const char *arch = env->arch;
    if (!arch)
        dd_seccomp_native_arch(&arch);
    int ma = env->kernel_major ? env->kernel_major : 99, mi = env->kernel_minor;
    bool matched = false;
    dd_scmp_action best = DD_SCMP_ALLOW;
    int best_err = -1;
    for (size_t i = 0; i < p->nrules; i++) {
        const dd_scmp_rule *r = &p->rules[i];
        if (!dd_names_has(&r->names, name) || !applies(r, arch, env->caps, ma, mi))
            continue;
        bool all = true;
        for (size_t k = 0; k < r->nargs && all; k++)
            all = arg_matches(&r->args[k], args);
        if (!all)
            continue;
        /* Lower enum values are the more restrictive actions (KILL_PROCESS first). */
        if (!matched || r->action < best) {
            best = r->action;
            best_err = r->errno_ret;
        }
        matched = true;
    }
    if (!matched) {
        best = p->default_action;
        best_err = p->default_errno;
    }
    if (err)
        *err = best == DD_SCMP_ERRNO ? (best_err >= 0 ? best_err : 1) : 0;
    return best;
}
