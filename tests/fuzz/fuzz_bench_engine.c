/* Untrusted daemon input of `drydock bench` sections 4-7: the /info, inspect, /top,
 * image inspect, image history and network answers the checks read. The input is one
 * JSON object {"info", "containers", "tops", "images", "image_inspects",
 * "image_histories", "networks"}, each handed over with only the top-level type
 * gather.c guarantees, so every check sees arbitrary members. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "bench/bench.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static json_t *typed(json_t *doc, const char *key, json_type type)
{
    json_t *v = json_object_get(doc, key);
    if (v && json_typeof(v) == type)
        return json_incref(v);
    return type == JSON_ARRAY ? json_array() : json_object();
}

/* Keep the members of an object (or elements of an array) of one type only. */
static json_t *filtered(json_t *src, json_type type)
{
    json_t *out = json_is_array(src) ? json_array() : json_object();
    size_t i;
    const char *k;
    json_t *v;
    if (json_is_array(src)) {
        json_array_foreach(src, i, v)
        {
            if (json_typeof(v) == type)
                json_array_append(out, v);
        }
    } else {
        json_object_foreach(src, k, v)
        {
            if (json_typeof(v) == type)
                json_object_set(out, k, v);
        }
    }
    json_decref(src);
    return out;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > (1u << 20))
        return 0;
    json_error_t err;
    json_t *doc = json_loadb((const char *)data, size, JSON_DECODE_ANY, &err);
    if (!doc)
        return 0;
    if (!json_is_object(doc)) {
        json_decref(doc);
        return 0;
    }
    static const char *const sections[] = {"4", "5", "6", "7"};
    dd_bench_opts o = {.checks = sections, .nchecks = 4, .include_stopped = true};
    dd_bench_facts f = {.opts = &o};
    dd_engine_config cfg = {.host = "unix:///nonexistent/docker.sock", .tls_verify = -1};
    dd_error e = {0};
    if (dd_engine_open(&f.engine, &cfg, &e) < 0) {
        json_decref(doc);
        return 0;
    }
    json_t *info = json_object_get(doc, "info");
    f.info = json_is_object(info) ? json_incref(info) : NULL;
    f.containers = filtered(typed(doc, "containers", JSON_ARRAY), JSON_OBJECT);
    f.tops = filtered(typed(doc, "tops", JSON_OBJECT), JSON_OBJECT);
    f.images = typed(doc, "images", JSON_ARRAY);
    f.image_inspects = filtered(typed(doc, "image_inspects", JSON_OBJECT), JSON_OBJECT);
    f.image_histories = filtered(typed(doc, "image_histories", JSON_OBJECT), JSON_ARRAY);
    json_t *nets = json_object_get(doc, "networks");
    f.networks = json_is_array(nets) ? json_incref(nets) : NULL;
    f.vanished = json_pack("[{s:s, s:s}]", "Id", "0123", "Name", "gone");
    f.inspect_errors = json_array();
    f.gather_errors = json_object();

    dd_report r;
    dd_report_init(&r, "bench", "CIS Docker Benchmark 1.6.0");
    r.sections = dd_bench_sections;
    dd_bench_run(&f, &r, &e);
    FILE *out = fopen("/dev/null", "w");
    if (out) {
        dd_write_json(&r, out);
        fclose(out);
    }
    dd_report_free(&r);
    dd_bench_facts_free(&f);
    json_decref(doc);
    return 0;
}
