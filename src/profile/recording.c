/* A recording as data: merging several, writing it into a profile file and reading it
 * back (bounded: a profile file is user input). */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/cleanup.h"
#include "core/mem.h"
#include "inside/caps.h"
#include "profile/profile.h"
#include "report/rule.h"

void dd_recording_init(dd_recording *r)
{
    memset(r, 0, sizeof *r);
    r->peak_pids = r->peak_mem = -1;
    r->peak_cpus = -1;
    r->exit_code = -1;
}

/* Every list member of a recording, for the loops that treat them alike. */
#define REC_LISTS(X)                                                                               \
    X(syscalls, "syscalls")                                                                        \
    X(runtime_syscalls, "runtimeSyscalls")                                                         \
    X(personalities, "personalities")                                                              \
    X(changes, "changes")                                                                          \
    X(ports, "ports")                                                                              \
    X(execs, "execs")                                                                              \
    X(uids, "uids")

void dd_recording_free(dd_recording *r)
{
    free(r->container);
    free(r->image);
#define FREE_LIST(f, key) dd_names_free(&r->f);
    REC_LISTS(FREE_LIST)
#undef FREE_LIST
    dd_recording_init(r);
}

static void union_into(dd_names *a, const dd_names *b)
{
    for (size_t i = 0; i < b->n; i++)
        dd_names_add(a, b->v[i]);
    dd_names_sort_unique(a);
}

void dd_recording_merge(dd_recording *into, const dd_recording *from)
{
#define MERGE_LIST(f, key) union_into(&into->f, &from->f);
    REC_LISTS(MERGE_LIST)
#undef MERGE_LIST
    into->clone_ns_flags |= from->clone_ns_flags;
    into->socket_families |= from->socket_families;
    into->caps_used |= from->caps_used;
    into->caps_refused |= from->caps_refused;
    if (from->peak_pids > into->peak_pids)
        into->peak_pids = from->peak_pids;
    if (from->peak_mem > into->peak_mem)
        into->peak_mem = from->peak_mem;
    if (from->peak_cpus > into->peak_cpus)
        into->peak_cpus = from->peak_cpus;
    into->seconds += from->seconds;
    into->lost += from->lost;
    if (from->exit_code > 0)
        into->exit_code = from->exit_code;
    if (!into->image && from->image)
        into->image = dd_xstrdup(from->image);
    if (!into->container && from->container)
        into->container = dd_xstrdup(from->container);
}

json_t *dd_recording_to_json(const dd_recording *r)
{
    json_t *o = json_object();
    if (r->container)
        json_object_set_new(o, "container", json_string(r->container));
    if (r->image)
        json_object_set_new(o, "image", json_string(r->image));
    json_object_set_new(o, "seconds", json_real(r->seconds));
#define LIST_JSON(f, key) json_object_set_new(o, key, dd_names_json(&r->f));
    REC_LISTS(LIST_JSON)
#undef LIST_JSON
    json_object_set_new(o, "cloneNamespaceFlags", json_integer((json_int_t)r->clone_ns_flags));
    json_t *fam = json_array();
    for (unsigned b = 0; b < 64; b++)
        if (r->socket_families & (1ULL << b))
            json_array_append_new(fam, json_integer(b));
    json_object_set_new(o, "socketFamilies", fam);
    json_object_set_new(o, "capabilitiesUsed", dd_cap_set_json(r->caps_used));
    json_object_set_new(o, "capabilitiesRefused", dd_cap_set_json(r->caps_refused));
    json_object_set_new(o, "peakPids", json_integer(r->peak_pids));
    json_object_set_new(o, "peakMemory", json_integer(r->peak_mem));
    json_object_set_new(o, "peakCpus", json_real(r->peak_cpus));
    json_object_set_new(o, "lostRecords", json_integer(r->lost));
    json_object_set_new(o, "exitCode", json_integer(r->exit_code));
    return o;
}

typedef struct rctx {
    const char *name;
    dd_error *e;
} rctx;

static int rbad(rctx *c, const char *member, const char *what)
{
    return dd_error_set(c->e, DD_ERR_INPUT, 0, "%s: recording.%s: %s", c->name, member, what);
}

static int read_list(rctx *c, const json_t *o, const char *key, dd_names *out)
{
    const json_t *a = json_object_get(o, key);
    if (!a)
        return 0;
    if (!json_is_array(a) || json_array_size(a) > DD_REC_MAX_LIST)
        return rbad(c, key, "must be an array of at most 65536 strings");
    size_t i;
    const json_t *s;
    json_array_foreach(a, i, s)
    {
        if (!json_is_string(s) || json_string_length(s) == 0 ||
            json_string_length(s) > DD_REC_MAX_STR ||
            strlen(json_string_value(s)) != json_string_length(s))
            return rbad(c, key, "entries must be non-empty strings of at most 4096 bytes");
        dd_names_add(out, json_string_value(s));
    }
    dd_names_sort_unique(out);
    return 0;
}

static int read_caps(rctx *c, const json_t *o, const char *key, uint64_t *out)
{
    const json_t *a = json_object_get(o, key);
    if (!a)
        return 0;
    if (!json_is_array(a) || json_array_size(a) > 64)
        return rbad(c, key, "must be an array of capability names");
    size_t i;
    const json_t *s;
    json_array_foreach(a, i, s)
    {
        int b = json_is_string(s) ? dd_cap_from_name(json_string_value(s)) : -1;
        if (b < 0)
            return rbad(c, key, "unknown capability");
        *out |= 1ULL << b;
    }
    return 0;
}

static int read_int(rctx *c, const json_t *o, const char *key, int64_t min, int64_t *out)
{
    const json_t *v = json_object_get(o, key);
    if (!v)
        return 0;
    if (!json_is_integer(v) || json_integer_value(v) < min)
        return rbad(c, key, "must be an integer");
    *out = json_integer_value(v);
    return 0;
}

int dd_recording_from_json(const json_t *j, const char *name, dd_recording *out, dd_error *e)
{
    dd_recording_init(out);
    rctx c = {name, e};
    if (!json_is_object(j))
        return dd_error_set(e, DD_ERR_INPUT, 0, "%s: recording: must be an object", name);
    const json_t *s;
    if ((s = json_object_get(j, "container")) && json_is_string(s))
        out->container = dd_xstrndup(json_string_value(s), 256);
    if ((s = json_object_get(j, "image")) && json_is_string(s))
        out->image = dd_xstrndup(json_string_value(s), 512);
    if ((s = json_object_get(j, "seconds")) && json_is_number(s) &&
        isfinite(json_number_value(s)) && json_number_value(s) >= 0)
        out->seconds = json_number_value(s);
#define READ_LIST(f, key)                                                                          \
    if (read_list(&c, j, key, &out->f) < 0)                                                        \
        goto fail;
    REC_LISTS(READ_LIST)
#undef READ_LIST
    int64_t flags = 0;
    if (read_int(&c, j, "cloneNamespaceFlags", 0, &flags) < 0)
        goto fail;
    out->clone_ns_flags = (uint64_t)flags;
    const json_t *fam = json_object_get(j, "socketFamilies");
    if (fam) {
        if (!json_is_array(fam) || json_array_size(fam) > 64) {
            rbad(&c, "socketFamilies", "must be an array of address families");
            goto fail;
        }
        size_t i;
        const json_t *f;
        json_array_foreach(fam, i, f)
        {
            if (!json_is_integer(f) || json_integer_value(f) < 0 || json_integer_value(f) > 63) {
                rbad(&c, "socketFamilies", "families are integers 0 to 63");
                goto fail;
            }
            out->socket_families |= 1ULL << json_integer_value(f);
        }
    }
    if (read_caps(&c, j, "capabilitiesUsed", &out->caps_used) < 0 ||
        read_caps(&c, j, "capabilitiesRefused", &out->caps_refused) < 0 ||
        read_int(&c, j, "peakPids", -1, &out->peak_pids) < 0 ||
        read_int(&c, j, "peakMemory", -1, &out->peak_mem) < 0 ||
        read_int(&c, j, "lostRecords", 0, &out->lost) < 0)
        goto fail;
    if ((s = json_object_get(j, "exitCode")) && json_is_integer(s) && json_integer_value(s) >= -1 &&
        json_integer_value(s) <= 255)
        out->exit_code = (int)json_integer_value(s);
    if ((s = json_object_get(j, "peakCpus")) && json_is_number(s) &&
        isfinite(json_number_value(s)) && json_number_value(s) <= 4096)
        out->peak_cpus = json_number_value(s);
    /* Every name in a recording is a syscall libseccomp must resolve, never arbitrary text
     * copied into a profile. */
    for (size_t i = 0; i < out->syscalls.n + out->runtime_syscalls.n; i++) {
        const char *n =
            i < out->syscalls.n ? out->syscalls.v[i] : out->runtime_syscalls.v[i - out->syscalls.n];
        if (strspn(n, "abcdefghijklmnopqrstuvwxyz0123456789_") != strlen(n)) {
            rbad(&c, "syscalls", "a syscall name has characters no syscall name has");
            goto fail;
        }
    }
    return 0;
fail:
    dd_recording_free(out);
    return -1;
}

int dd_profile_parse(const char *data, size_t len, const char *name, dd_recording *out, dd_error *e)
{
    if (len > DD_REC_MAX_BYTES)
        return dd_error_set(e, DD_ERR_INPUT, 0, "%s: larger than %u bytes", name, DD_REC_MAX_BYTES);
    json_error_t je;
    _cleanup_json_ json_t *root = json_loadb(data, len, 0, &je);
    if (!root)
        return dd_error_set(e, DD_ERR_INPUT, 0, "%s:%d:%d: %s", name, je.line, je.column, je.text);
    const json_t *rec = json_object_get(root, "recording");
    if (!json_is_object(root) || !rec)
        return dd_error_set(e, DD_ERR_INPUT, 0,
                            "%s: not a drydock profile (no \"recording\" member)", name);
    return dd_recording_from_json(rec, name, out, e);
}

int dd_profile_read_file(const char *path, dd_recording *out, dd_error *e)
{
    _cleanup_buf_ dd_buf b = DD_BUF_INIT;
    if (dd_buf_read_file(&b, path, DD_REC_MAX_BYTES) < 0)
        return dd_error_sys(e, errno, "cannot read profile %s", path);
    return dd_profile_parse(b.data ? b.data : "", b.len, path, out, e);
}
