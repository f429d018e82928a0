#include <string.h>

#include "bench/runtime.h"
#include "core/mem.h"

const char *dd_bench_ctr_name(const json_t *ctr)
{
    const char *n = json_string_value(json_object_get(ctr, "Name"));
    if (n && *n == '/')
        n++;
    if (n && *n)
        return n;
    const char *id = json_string_value(json_object_get(ctr, "Id"));
    return id ? id : "?";
}

const char *dd_bench_gather_error(const dd_bench_facts *f, const char *fact)
{
    if (!f->gather_errors)
        return NULL;
    return json_string_value(json_object_get(f->gather_errors, fact));
}

bool dd_bench_strv_has(const json_t *arr, const char *s, bool prefix)
{
    size_t i;
    const json_t *v;
    size_t n = strlen(s);
    json_array_foreach(arr, i, v)
    {
        const char *x = json_string_value(v);
        if (x && (prefix ? strncmp(x, s, n) == 0 : strcmp(x, s) == 0))
            return true;
    }
    return false;
}

const json_t *dd_bench_path(const json_t *o, const char *dotted)
{
    char key[128];
    const char *p = dotted;
    while (o && *p) {
        const char *dot = strchr(p, '.');
        size_t n = dot ? (size_t)(dot - p) : strlen(p);
        if (n >= sizeof key)
            return NULL;
        memcpy(key, p, n);
        key[n] = '\0';
        o = json_object_get(o, key);
        p += n + (dot ? 1 : 0);
    }
    return o;
}

bool dd_bench_swarm_active(const dd_bench_facts *f)
{
    const char *st = json_string_value(dd_bench_path(f->info, "Swarm.LocalNodeState"));
    return st && (strcmp(st, "active") == 0 || strcmp(st, "pending") == 0);
}

void dd_bench_each_container(const dd_bench_check *c, const dd_bench_facts *f, dd_report *r,
                             dd_ctr_eval ev)
{
    const char *why = dd_bench_gather_error(f, "containers");
    if (why || !f->containers) {
        dd_report_add(r, &c->rule, DD_STATUS_ERROR, "host", "could not list containers: %s",
                      why ? why : "no container list");
        return;
    }
    size_t i;
    const json_t *ctr;
    json_array_foreach(f->containers, i, ctr)
    {
        dd_buf msg = DD_BUF_INIT;
        dd_status st = ev(f, ctr, &msg);
        dd_report_add(r, &c->rule, st, dd_bench_ctr_name(ctr), "%s", msg.data ? msg.data : "");
        dd_buf_free(&msg);
    }
    json_array_foreach(f->inspect_errors, i, ctr)
    {
        dd_report_add(r, &c->rule, DD_STATUS_ERROR, json_string_value(json_object_get(ctr, "Name")),
                      "could not inspect the container: %s",
                      json_string_value(json_object_get(ctr, "error")));
    }
    if (json_array_size(f->containers) == 0 && json_array_size(f->inspect_errors) == 0 &&
        json_array_size(f->vanished) == 0)
        dd_report_add(r, &c->rule, DD_STATUS_INFO, "host", "no containers in scope%s",
                      f->opts && f->opts->include_stopped ? "" : " (none running)");
}
