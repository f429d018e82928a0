/* Sections 6 and 7 of the CIS Docker Benchmark 1.6.0: operations (sprawl) and swarm,
 * from /info, the image list and (in swarm mode) the network list. */
#include <string.h>

#include "bench/runtime.h"
#include "core/mem.h"

static bool need_info(const dd_bench_check *c, const dd_bench_facts *f, dd_report *r)
{
    if (f->info)
        return true;
    const char *why = dd_bench_gather_error(f, "info");
    dd_report_add(r, &c->rule, DD_STATUS_ERROR, "host", "could not read docker info: %s",
                  why ? why : "no answer");
    return false;
}

void dd_check_6_1(const dd_bench_check *c, const dd_bench_facts *f, dd_report *r)
{
    /* A failed container list leaves f->containers empty, not NULL: counting no image
     * as used would be a verdict from a fact never read. */
    const char *cerr = dd_bench_gather_error(f, "containers");
    if (!f->images || !f->containers || cerr) {
        bool ctrs = f->images != NULL;
        const char *why = dd_bench_gather_error(f, ctrs ? "containers" : "images");
        dd_report_add(r, &c->rule, DD_STATUS_ERROR, "host", "could not list %s: %s",
                      ctrs ? "containers" : "images", why ? why : "no answer");
        return;
    }
    json_t *used = json_object();
    size_t i, n_used = 0;
    const json_t *v;
    json_array_foreach(f->containers, i, v)
    {
        const char *img = json_string_value(json_object_get(v, "Image"));
        if (img)
            json_object_set_new(used, img, json_true());
    }
    json_array_foreach(f->images, i, v)
    {
        const char *id = json_string_value(json_object_get(v, "Id"));
        if (id && json_object_get(used, id))
            n_used++;
    }
    json_decref(used);
    size_t n = json_array_size(f->images);
    dd_report_add(r, &c->rule, DD_STATUS_INFO, "host",
                  "%zu images, %zu of them used by the containers in scope%s", n, n_used,
                  n_used < n / 2 ? "; consider removing unused ones (docker image prune)" : "");
}

void dd_check_6_2(const dd_bench_check *c, const dd_bench_facts *f, dd_report *r)
{
    if (!need_info(c, f, r))
        return;
    json_int_t total = json_integer_value(json_object_get(f->info, "Containers"));
    json_int_t running = json_integer_value(json_object_get(f->info, "ContainersRunning"));
    dd_report_add(r, &c->rule, DD_STATUS_INFO, "host", "%lld containers, %lld of them running%s",
                  (long long)total, (long long)running,
                  total - running > 25 ? "; consider 'docker container prune'" : "");
}

/* ---- swarm ------------------------------------------------------------------------ */

/* Swarm checks pass when swarm mode is off: nothing is exposed. Returns true when the
 * caller should go on evaluating. */
static bool swarm_on(const dd_bench_check *c, const dd_bench_facts *f, dd_report *r,
                     dd_status when_off)
{
    if (!need_info(c, f, r))
        return false;
    if (dd_bench_swarm_active(f))
        return true;
    dd_report_add(r, &c->rule, when_off, "host", "swarm mode is not enabled");
    return false;
}

static bool is_manager(const dd_bench_facts *f)
{
    return json_is_true(dd_bench_path(f->info, "Swarm.ControlAvailable"));
}

void dd_check_7_1(const dd_bench_check *c, const dd_bench_facts *f, dd_report *r)
{
    if (!swarm_on(c, f, r, DD_STATUS_PASS))
        return;
    json_int_t m = json_integer_value(dd_bench_path(f->info, "Swarm.Managers"));
    /* Raft needs a majority: an even count adds a node that can fail without adding
     * tolerance, and more than seven slows every write. */
    if (m % 2 == 0 || m > 7)
        dd_report_add(r, &c->rule, DD_STATUS_FAIL, "host",
                      "%lld manager nodes; use an odd number, at most 7", (long long)m);
    else
        dd_report_add(r, &c->rule, DD_STATUS_PASS, "host", "%lld manager node%s", (long long)m,
                      m == 1 ? "" : "s");
}

void dd_check_7_2(const dd_bench_check *c, const dd_bench_facts *f, dd_report *r)
{
    if (!swarm_on(c, f, r, DD_STATUS_PASS))
        return;
    /* The listen address is not in the API; the listening sockets tell. */
    const char *addr = json_string_value(dd_bench_path(f->info, "Swarm.NodeAddr"));
    dd_report_add(r, &c->rule, DD_STATUS_MANUAL, "host",
                  "node address %s: verify with 'ss -lnt' that port 2377 is not bound to "
                  "0.0.0.0 or [::]",
                  addr ? addr : "?");
}

void dd_check_7_3(const dd_bench_check *c, const dd_bench_facts *f, dd_report *r)
{
    if (!swarm_on(c, f, r, DD_STATUS_PASS))
        return;
    if (!f->networks) {
        const char *why = dd_bench_gather_error(f, "networks");
        dd_report_add(r, &c->rule, DD_STATUS_ERROR, "host", "could not list networks: %s",
                      why ? why : "no answer");
        return;
    }
    size_t i, n = 0;
    const json_t *net;
    json_array_foreach(f->networks, i, net)
    {
        const char *drv = json_string_value(json_object_get(net, "Driver"));
        const char *name = json_string_value(json_object_get(net, "Name"));
        if (!drv || strcmp(drv, "overlay") != 0)
            continue;
        n++;
        if (json_object_get(json_object_get(net, "Options"), "encrypted"))
            dd_report_add(r, &c->rule, DD_STATUS_PASS, name ? name : "?", "overlay encrypted");
        else
            dd_report_add(r, &c->rule, DD_STATUS_FAIL, name ? name : "?",
                          "overlay network is not encrypted (--opt encrypted)");
    }
    if (!n)
        dd_report_add(r, &c->rule, DD_STATUS_PASS, "host", "no overlay networks");
}

/* Manual swarm checks: nothing to do without swarm, guidance with it. */
void dd_check_7_4(const dd_bench_check *c, const dd_bench_facts *f, dd_report *r)
{
    if (!swarm_on(c, f, r, DD_STATUS_SKIPPED))
        return;
    dd_report_add(r, &c->rule, DD_STATUS_MANUAL, "host", "%s",
                  c->audit ? c->audit : c->rule.remediation);
}

void dd_check_7_5(const dd_bench_check *c, const dd_bench_facts *f, dd_report *r)
{
    if (!swarm_on(c, f, r, DD_STATUS_PASS))
        return;
    if (!is_manager(f)) {
        dd_report_add(r, &c->rule, DD_STATUS_SKIPPED, "host",
                      "this node is a swarm worker; run drydock on a manager");
        return;
    }
    if (json_is_true(dd_bench_path(f->info, "Swarm.Cluster.Spec.EncryptionConfig."
                                            "AutoLockManagers")))
        dd_report_add(r, &c->rule, DD_STATUS_PASS, "host", "swarm managers auto-lock");
    else
        dd_report_add(r, &c->rule, DD_STATUS_FAIL, "host",
                      "swarm auto-lock is off: the raft keys sit unencrypted on disk");
}

void dd_check_7_7(const dd_bench_check *c, const dd_bench_facts *f, dd_report *r)
{
    if (!swarm_on(c, f, r, DD_STATUS_SKIPPED))
        return;
    json_int_t ns =
        json_integer_value(dd_bench_path(f->info, "Swarm.Cluster.Spec.CAConfig.NodeCertExpiry"));
    if (ns > 0)
        dd_report_add(r, &c->rule, DD_STATUS_INFO, "host",
                      "node certificates expire after %lld hours; verify this fits your policy",
                      (long long)(ns / 3600000000000LL));
    else
        dd_report_add(r, &c->rule, DD_STATUS_MANUAL, "host", "%s",
                      c->audit ? c->audit : c->rule.remediation);
}
