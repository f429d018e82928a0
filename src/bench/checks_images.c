/* Section 4 of the CIS Docker Benchmark 1.6.0: images and their build files, read from
 * container configs, image inspects and image histories gathered once. */
#include <stdlib.h>
#include <string.h>

#include "bench/runtime.h"
#include "core/cleanup.h"
#include "core/mem.h"

/* ---- 4.1 a non-root user --------------------------------------------------------- */

/* The user part of "user[:group]" is root when empty, "root", or numerically 0.
 * docker-bench-security compares the whole string with "0" and "root", so
 * `--user 0:0` and `--user root:root` pass there. */
static bool user_is_root(const char *u)
{
    size_t n = strcspn(u, ":");
    if (n == 0)
        return true;
    if (n == 4 && strncmp(u, "root", 4) == 0)
        return true;
    size_t i = 0;
    while (i < n && u[i] == '0')
        i++;
    return i == n;
}

DD_BENCH_PER_CONTAINER_CHECK(dd_check_4_1)
static dd_status dd_check_4_1_eval(const dd_bench_facts *f, const json_t *ctr, dd_buf *msg)
{
    (void)f;
    const char *u = json_string_value(dd_bench_path(ctr, "Config.User"));
    if (!u)
        u = "";
    if (user_is_root(u)) {
        dd_buf_printf(msg, "runs as root (user '%s')", *u ? u : "<unset>");
        return DD_STATUS_FAIL;
    }
    dd_buf_printf(msg, "runs as user %s", u);
    return DD_STATUS_PASS;
}

/* ---- 4.5 content trust ----------------------------------------------------------- */

void dd_check_4_5(const dd_bench_check *c, const dd_bench_facts *f, dd_report *r)
{
    (void)f;
    /* As the benchmark's audit does: the environment drydock runs in stands for the
     * operator's shell. */
    const char *v = getenv("DOCKER_CONTENT_TRUST");
    if (v && strcmp(v, "1") == 0)
        dd_report_add(r, &c->rule, DD_STATUS_PASS, "host", "DOCKER_CONTENT_TRUST=1");
    else
        dd_report_add(r, &c->rule, DD_STATUS_FAIL, "host",
                      "DOCKER_CONTENT_TRUST is %s in this environment", v ? v : "not set");
}

/* ---- per image ------------------------------------------------------------------- */

/* A readable name: the first tag, else the short id. Caller frees. */
static char *image_name(const json_t *img)
{
    const char *tag = json_string_value(json_array_get(json_object_get(img, "RepoTags"), 0));
    if (tag && strcmp(tag, "<none>:<none>") != 0)
        return dd_xstrdup(tag);
    const char *id = json_string_value(json_object_get(img, "Id"));
    if (!id)
        return dd_xstrdup("?");
    if (strncmp(id, "sha256:", 7) == 0)
        id += 7;
    return dd_xstrndup(id, 12);
}

/* Returns false (after adding an ERROR finding) when the image list is missing. */
static bool images_ok(const dd_bench_check *c, const dd_bench_facts *f, dd_report *r)
{
    if (f->images && json_is_array(f->images))
        return true;
    const char *why = dd_bench_gather_error(f, "images");
    dd_report_add(r, &c->rule, DD_STATUS_ERROR, "host", "could not list images: %s",
                  why ? why : "no answer");
    return false;
}

/* The per-image fact `which` ("inspect" or "history"), or NULL after an ERROR finding. */
static const json_t *image_fact(const dd_bench_check *c, const dd_bench_facts *f, dd_report *r,
                                const json_t *img, const char *name, bool history)
{
    const char *id = json_string_value(json_object_get(img, "Id"));
    const json_t *j =
        id ? json_object_get(history ? f->image_histories : f->image_inspects, id) : NULL;
    if (j)
        return j;
    _cleanup_free_ char *key = dd_xasprintf("%s:%s", history ? "history" : "image", id ? id : "");
    const char *why = dd_bench_gather_error(f, key);
    dd_report_add(r, &c->rule, DD_STATUS_ERROR, name, "could not read the image %s: %s",
                  history ? "history" : "configuration", why ? why : "no answer");
    return NULL;
}

void dd_check_4_6(const dd_bench_check *c, const dd_bench_facts *f, dd_report *r)
{
    if (!images_ok(c, f, r))
        return;
    size_t i;
    const json_t *img;
    json_array_foreach(f->images, i, img)
    {
        _cleanup_free_ char *name = image_name(img);
        const json_t *insp = image_fact(c, f, r, img, name, false);
        if (!insp)
            continue;
        const json_t *test = dd_bench_path(insp, "Config.Healthcheck.Test");
        const char *first = json_string_value(json_array_get(test, 0));
        if (!first || strcmp(first, "NONE") == 0)
            dd_report_add(r, &c->rule, DD_STATUS_FAIL, name, "no HEALTHCHECK instruction");
        else
            dd_report_add(r, &c->rule, DD_STATUS_PASS, name, "HEALTHCHECK set");
    }
    if (json_array_size(f->images) == 0)
        dd_report_add(r, &c->rule, DD_STATUS_INFO, "host", "no images");
}

/* "apt-get update" with no install in the same instruction caches a stale index in its
 * own layer. */
static bool lone_update(const char *cmd)
{
    static const char *const updates[] = {"apt-get update", "apt update",   "apk update",
                                          "yum update",     "dnf update",   "zypper refresh",
                                          "yum makecache",  "dnf makecache"};
    for (size_t i = 0; i < DD_ARRAY_LEN(updates); i++)
        if (strstr(cmd, updates[i]))
            return !strstr(cmd, "install") && !strstr(cmd, "upgrade") && !strstr(cmd, " add ");
    return false;
}

/* An ADD that is not the base image's own root filesystem (the oldest layer). */
static bool uses_add(const char *cmd, bool oldest)
{
    if (oldest)
        return false;
    return strstr(cmd, "#(nop) ADD ") != NULL || strncmp(cmd, "ADD ", 4) == 0;
}

static void history_check(const dd_bench_check *c, const dd_bench_facts *f, dd_report *r, bool add,
                          const char *what, const char *none)
{
    if (!images_ok(c, f, r))
        return;
    size_t i, found = 0;
    const json_t *img;
    json_array_foreach(f->images, i, img)
    {
        _cleanup_free_ char *name = image_name(img);
        const json_t *hist = image_fact(c, f, r, img, name, true);
        if (!hist)
            continue;
        size_t j, n = json_array_size(hist);
        const json_t *h;
        json_array_foreach(hist, j, h)
        {
            const char *cmd = json_string_value(json_object_get(h, "CreatedBy"));
            if (!cmd)
                continue;
            if (add ? uses_add(cmd, j + 1 == n) : lone_update(cmd)) {
                dd_report_add(r, &c->rule, DD_STATUS_INFO, name, "%s: %.200s", what, cmd);
                found++;
                break;
            }
        }
    }
    if (!found)
        dd_report_add(r, &c->rule, DD_STATUS_MANUAL, "host",
                      "%s in the history of %zu images; review the Dockerfiles too", none,
                      json_array_size(f->images));
}

void dd_check_4_7(const dd_bench_check *c, const dd_bench_facts *f, dd_report *r)
{
    history_check(c, f, r, false, "update instruction without install",
                  "no lone update instruction");
}

void dd_check_4_9(const dd_bench_check *c, const dd_bench_facts *f, dd_report *r)
{
    history_check(c, f, r, true, "ADD instruction", "no ADD instruction");
}
