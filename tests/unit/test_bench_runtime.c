/* Sections 4-7 over hand-written inspect objects: the cases docker-bench-security gets
 * wrong (user 0:0, IPv6 wildcard, restart always, cap-add of a default capability),
 * vanished containers, unreadable facts and the unreachable daemon. */
#include <stdlib.h>
#include <string.h>

#include "bench/bench.h"
#include "bench/daemon_config.h"
#include "bench/host.h"
#include "core/mem.h"
#include "tap.h"

static dd_engine *dummy_engine(void)
{
    dd_engine *eng = NULL;
    dd_error e = {0};
    dd_engine_config cfg = {.host = "unix:///nonexistent/docker.sock", .tls_verify = -1};
    if (dd_engine_open(&eng, &cfg, &e) < 0)
        return NULL;
    return eng;
}

static json_t *ctr(const char *name, const char *extra)
{
    json_error_t err;
    json_t *c = json_loads(extra, 0, &err);
    if (!c) {
        fprintf(stderr, "bad test JSON: %s\n", err.text);
        return json_object();
    }
    json_object_set_new(c, "Id", json_sprintf("%s0123456789", name));
    json_object_set_new(c, "Name", json_sprintf("/%s", name));
    return c;
}

typedef struct fx {
    dd_bench_opts o;
    dd_bench_facts f;
    dd_report r;
    const char *check[1];
} fx;

static void fx_init(fx *x, const char *check)
{
    memset(x, 0, sizeof *x);
    x->check[0] = check;
    x->o.checks = x->check;
    x->o.nchecks = 1;
    x->f.opts = &x->o;
    x->f.engine = dummy_engine();
    x->f.info =
        json_pack("{s:[s], s:{s:s}, s:i, s:i}", "SecurityOptions", "name=seccomp,profile=default",
                  "Swarm", "LocalNodeState", "inactive", "Containers", 3, "ContainersRunning", 2);
    x->f.containers = json_array();
    x->f.vanished = json_array();
    x->f.inspect_errors = json_array();
    x->f.tops = json_object();
    x->f.images = json_array();
    x->f.image_inspects = json_object();
    x->f.image_histories = json_object();
    x->f.gather_errors = json_object();
    dd_report_init(&x->r, "bench", "t");
}

static void fx_free(fx *x)
{
    dd_report_free(&x->r);
    dd_bench_facts_free(&x->f);
}

/* Status of the finding of rule `id` for `target`, or -1. */
static int status_of(const dd_report *r, const char *id, const char *target)
{
    for (size_t i = 0; i < r->n; i++)
        if (strcmp(dd_finding_id(&r->items[i]), id) == 0 && r->items[i].target &&
            strcmp(r->items[i].target, target) == 0)
            return (int)r->items[i].status;
    return -1;
}

static void run(fx *x)
{
    dd_error e = {0};
    CHECK_INT(dd_bench_run(&x->f, &x->r, &e), 0);
}

int main(void)
{
    fx x;

    /* 4.1: every spelling of root is root. */
    fx_init(&x, "4.1");
    const char *users[][2] = {{"empty", ""},
                              {"root", "root"},
                              {"zero", "0"},
                              {"zerozero", "0:0"},
                              {"rootgrp", "root:root"},
                              {"zero1000", "0:1000"},
                              {"nobody", "65534:65534"},
                              {"app", "app"},
                              {"gid0", "1000:0"}};
    for (size_t i = 0; i < sizeof users / sizeof users[0]; i++) {
        json_t *c = ctr(users[i][0], "{}");
        json_object_set_new(c, "Config", json_pack("{s:s}", "User", users[i][1]));
        json_array_append_new(x.f.containers, c);
    }
    run(&x);
    CHECK_INT(status_of(&x.r, "CIS-4.1", "empty"), DD_STATUS_FAIL);
    CHECK_INT(status_of(&x.r, "CIS-4.1", "root"), DD_STATUS_FAIL);
    CHECK_INT(status_of(&x.r, "CIS-4.1", "zero"), DD_STATUS_FAIL);
    CHECK_INT(status_of(&x.r, "CIS-4.1", "zerozero"), DD_STATUS_FAIL);
    CHECK_INT(status_of(&x.r, "CIS-4.1", "rootgrp"), DD_STATUS_FAIL);
    CHECK_INT(status_of(&x.r, "CIS-4.1", "zero1000"), DD_STATUS_FAIL);
    CHECK_INT(status_of(&x.r, "CIS-4.1", "nobody"), DD_STATUS_PASS);
    CHECK_INT(status_of(&x.r, "CIS-4.1", "app"), DD_STATUS_PASS);
    CHECK_INT(status_of(&x.r, "CIS-4.1", "gid0"), DD_STATUS_PASS);
    CHECK_INT(x.r.n, 9);
    fx_free(&x);

    /* 5.14: empty HostIp, 0.0.0.0 and :: all listen everywhere. */
    fx_init(&x, "5.14");
    json_array_append_new(x.f.containers,
                          ctr("v6", "{\"HostConfig\":{\"PortBindings\":{\"80/tcp\":[{\"HostIp\":"
                                    "\"::\",\"HostPort\":\"8080\"}]}}}"));
    json_array_append_new(x.f.containers,
                          ctr("any", "{\"HostConfig\":{\"PortBindings\":{\"80/tcp\":[{\"HostIp\":"
                                     "\"\",\"HostPort\":\"8080\"}]}}}"));
    json_array_append_new(x.f.containers,
                          ctr("lo", "{\"HostConfig\":{\"PortBindings\":{\"80/tcp\":[{\"HostIp\":"
                                    "\"127.0.0.1\",\"HostPort\":\"8080\"}]}},"
                                    "\"NetworkSettings\":{\"Ports\":{\"80/tcp\":[{\"HostIp\":"
                                    "\"127.0.0.1\",\"HostPort\":\"8080\"}]}}}"));
    run(&x);
    CHECK_INT(status_of(&x.r, "CIS-5.14", "v6"), DD_STATUS_FAIL);
    CHECK_INT(status_of(&x.r, "CIS-5.14", "any"), DD_STATUS_FAIL);
    CHECK_INT(status_of(&x.r, "CIS-5.14", "lo"), DD_STATUS_PASS);
    fx_free(&x);

    /* 5.14: the IPv6 wildcard in spellings the daemon keeps as given. */
    fx_init(&x, "5.14");
    const char *wild6[][2] = {
        {"v6long", "0:0:0:0:0:0:0:0"}, {"v6zero", "::0"}, {"v6brk", "[::]"}, {"v6lo", "::1"}};
    for (size_t i = 0; i < sizeof wild6 / sizeof wild6[0]; i++) {
        json_t *c = ctr(wild6[i][0], "{}");
        json_object_set_new(c, "HostConfig",
                            json_pack("{s:{s:[{s:s,s:s}]}}", "PortBindings", "80/tcp", "HostIp",
                                      wild6[i][1], "HostPort", "8080"));
        json_array_append_new(x.f.containers, c);
    }
    run(&x);
    CHECK_INT(status_of(&x.r, "CIS-5.14", "v6long"), DD_STATUS_FAIL);
    CHECK_INT(status_of(&x.r, "CIS-5.14", "v6zero"), DD_STATUS_FAIL);
    CHECK_INT(status_of(&x.r, "CIS-5.14", "v6brk"), DD_STATUS_FAIL);
    CHECK_INT(status_of(&x.r, "CIS-5.14", "v6lo"), DD_STATUS_PASS);
    fx_free(&x);

    /* 5.14 judges what the daemon bound: an empty HostIp in PortBindings is the daemon's
     * "ip" setting (here dockerd --ip=127.0.0.1), and a running container's
     * NetworkSettings.Ports says the address actually bound. */
    fx_init(&x, "5.14");
    x.f.daemon = dd_daemon_config_new();
    const char *args[] = {"dockerd", "--ip=127.0.0.1"};
    dd_daemon_config_set_args(x.f.daemon, 2, args, "test");
    json_array_append_new(x.f.containers,
                          ctr("dflt", "{\"HostConfig\":{\"PortBindings\":{\"80/tcp\":[{\"HostIp\":"
                                      "\"\",\"HostPort\":\"8080\"}]}}}"));
    json_array_append_new(
        x.f.containers,
        ctr("bound", "{\"State\":{\"Running\":true},\"HostConfig\":{\"PortBindings\":{\"80/"
                     "tcp\":[{\"HostIp\":\"\",\"HostPort\":\"8080\"}]}},\"NetworkSettings\":{"
                     "\"Ports\":{\"80/tcp\":[{\"HostIp\":\"127.0.0.1\",\"HostPort\":\"8080\"}],"
                     "\"81/tcp\":null}}}"));
    json_array_append_new(
        x.f.containers,
        ctr("boundall", "{\"State\":{\"Running\":true},\"HostConfig\":{\"PortBindings\":{\"80/"
                        "tcp\":[{\"HostIp\":\"127.0.0.1\",\"HostPort\":\"8080\"}]}},"
                        "\"NetworkSettings\":{\"Ports\":{\"80/tcp\":[{\"HostIp\":\"0.0.0.0\","
                        "\"HostPort\":\"8080\"}]}}}"));
    run(&x);
    CHECK_INT(status_of(&x.r, "CIS-5.14", "dflt"), DD_STATUS_PASS);
    CHECK_INT(status_of(&x.r, "CIS-5.14", "bound"), DD_STATUS_PASS);
    CHECK_INT(status_of(&x.r, "CIS-5.14", "boundall"), DD_STATUS_FAIL);
    fx_free(&x);

    /* 5.26: dockerd reads the value as a Go boolean: =1, :true, =True are on. */
    fx_init(&x, "5.26");
    const char *nnp[][2] = {{"bare", "no-new-privileges"},       {"one", "no-new-privileges=1"},
                            {"colon", "no-new-privileges:true"}, {"T", "no-new-privileges=True"},
                            {"zero", "no-new-privileges=0"},     {"off", "no-new-privileges:false"},
                            {"junk", "no-new-privileges=yes"}};
    for (size_t i = 0; i < sizeof nnp / sizeof nnp[0]; i++) {
        json_t *c = ctr(nnp[i][0], "{}");
        json_object_set_new(c, "HostConfig", json_pack("{s:[s]}", "SecurityOpt", nnp[i][1]));
        json_array_append_new(x.f.containers, c);
    }
    run(&x);
    CHECK_INT(status_of(&x.r, "CIS-5.26", "bare"), DD_STATUS_PASS);
    CHECK_INT(status_of(&x.r, "CIS-5.26", "one"), DD_STATUS_PASS);
    CHECK_INT(status_of(&x.r, "CIS-5.26", "colon"), DD_STATUS_PASS);
    CHECK_INT(status_of(&x.r, "CIS-5.26", "T"), DD_STATUS_PASS);
    CHECK_INT(status_of(&x.r, "CIS-5.26", "zero"), DD_STATUS_FAIL);
    CHECK_INT(status_of(&x.r, "CIS-5.26", "off"), DD_STATUS_FAIL);
    CHECK_INT(status_of(&x.r, "CIS-5.26", "junk"), DD_STATUS_FAIL);
    fx_free(&x);

    /* 5.32 and 5.6: a bind of a directory that holds the Docker socket gives the socket
     * away as surely as a bind of the socket: /var/run and /run (the default socket,
     * written /var/run/docker.sock, is /run/docker.sock inside the host), a link to
     * them, and the directory of the socket drydock talks to. */
    for (int k = 0; k < 2; k++) {
        fx_init(&x, k ? "5.6" : "5.32");
        dd_host_facts *h = dd_xcalloc(1, sizeof *h);
        h->root = dd_xstrdup("");
        h->rootfd = -1;
        h->ndocker_socks = 1;
        h->docker_socks = dd_xcalloc(1, sizeof *h->docker_socks);
        h->docker_socks[0].path = dd_xstrdup("/var/run/docker.sock");
        h->docker_socks[0].resolved = dd_xstrdup("/run/docker.sock");
        h->containerd_sock.path = dd_xstrdup("/run/containerd/containerd.sock");
        h->bind_sources = json_pack("{s:s}", "/srv/link", "/run");
        x.f.host = h;
        const char *binds[][2] = {{"varrun", "/var/run"},     {"run", "/run/"},
                                  {"link", "/srv/link"},      {"sock", "/var/run/docker.sock"},
                                  {"engine", "/nonexistent"}, {"cd", "/run/containerd"},
                                  {"srv", "/srv/data"},       {"runlike", "/running"}};
        for (size_t i = 0; i < sizeof binds / sizeof binds[0]; i++) {
            json_t *c = ctr(binds[i][0], "{}");
            json_object_set_new(c, "Mounts",
                                json_pack("[{s:s, s:s, s:s, s:b}]", "Type", "bind", "Source",
                                          binds[i][1], "Destination", "/h", "RW", 0));
            json_array_append_new(x.f.containers, c);
        }
        run(&x);
        const char *id = k ? "CIS-5.6" : "CIS-5.32";
        CHECK_INT(status_of(&x.r, id, "varrun"), DD_STATUS_FAIL);
        CHECK_INT(status_of(&x.r, id, "run"), DD_STATUS_FAIL);
        CHECK_INT(status_of(&x.r, id, "link"), DD_STATUS_FAIL);
        CHECK_INT(status_of(&x.r, id, "sock"), DD_STATUS_FAIL);
        CHECK_INT(status_of(&x.r, id, "engine"), DD_STATUS_FAIL);
        CHECK_INT(status_of(&x.r, id, "cd"), DD_STATUS_FAIL);
        CHECK_INT(status_of(&x.r, id, "srv"), DD_STATUS_PASS);
        CHECK_INT(status_of(&x.r, id, "runlike"), DD_STATUS_PASS);
        fx_free(&x);
    }

    /* 5.12: --cpu-shares 1024 is the default weight, no priority set. */
    fx_init(&x, "5.12");
    json_array_append_new(x.f.containers, ctr("sh1024", "{\"HostConfig\":{\"CpuShares\":1024}}"));
    json_array_append_new(x.f.containers, ctr("sh512", "{\"HostConfig\":{\"CpuShares\":512}}"));
    json_array_append_new(x.f.containers, ctr("sh0", "{\"HostConfig\":{\"CpuShares\":0}}"));
    run(&x);
    CHECK_INT(status_of(&x.r, "CIS-5.12", "sh1024"), DD_STATUS_FAIL);
    CHECK_INT(status_of(&x.r, "CIS-5.12", "sh512"), DD_STATUS_PASS);
    CHECK_INT(status_of(&x.r, "CIS-5.12", "sh0"), DD_STATUS_FAIL);
    fx_free(&x);

    /* 6.1: a container list that could not be read is an error, not "none used". */
    fx_init(&x, "6.1");
    json_array_append_new(x.f.images, json_pack("{s:s}", "Id", "sha256:abc"));
    json_object_set_new(x.f.gather_errors, "containers", json_string("HTTP 500"));
    run(&x);
    CHECK_INT(status_of(&x.r, "CIS-6.1", "host"), DD_STATUS_ERROR);
    CHECK_INT(x.r.n, 1);
    fx_free(&x);

    /* 5.15: always and unlimited on-failure restart forever. */
    fx_init(&x, "5.15");
    const char *pol[][3] = {{"always", "always", "0"},   {"unless", "unless-stopped", "0"},
                            {"onf0", "on-failure", "0"}, {"onf10", "on-failure", "10"},
                            {"onf5", "on-failure", "5"}, {"no", "no", "0"}};
    for (size_t i = 0; i < sizeof pol / sizeof pol[0]; i++) {
        json_t *c = ctr(pol[i][0], "{}");
        json_object_set_new(c, "HostConfig",
                            json_pack("{s:{s:s, s:i}}", "RestartPolicy", "Name", pol[i][1],
                                      "MaximumRetryCount", atoi(pol[i][2])));
        json_array_append_new(x.f.containers, c);
    }
    run(&x);
    CHECK_INT(status_of(&x.r, "CIS-5.15", "always"), DD_STATUS_FAIL);
    CHECK_INT(status_of(&x.r, "CIS-5.15", "unless"), DD_STATUS_FAIL);
    CHECK_INT(status_of(&x.r, "CIS-5.15", "onf0"), DD_STATUS_FAIL);
    CHECK_INT(status_of(&x.r, "CIS-5.15", "onf10"), DD_STATUS_FAIL);
    CHECK_INT(status_of(&x.r, "CIS-5.15", "onf5"), DD_STATUS_PASS);
    CHECK_INT(status_of(&x.r, "CIS-5.15", "no"), DD_STATUS_PASS);
    fx_free(&x);

    /* 5.4: adding back a default capability after dropping all is the recommendation. */
    fx_init(&x, "5.4");
    json_array_append_new(x.f.containers,
                          ctr("back", "{\"HostConfig\":{\"CapDrop\":[\"ALL\"],\"CapAdd\":"
                                      "[\"NET_BIND_SERVICE\"]}}"));
    json_array_append_new(x.f.containers,
                          ctr("admin", "{\"HostConfig\":{\"CapAdd\":[\"CAP_NET_ADMIN\"]}}"));
    json_array_append_new(x.f.containers, ctr("all", "{\"HostConfig\":{\"CapAdd\":[\"ALL\"]}}"));
    run(&x);
    CHECK_INT(status_of(&x.r, "CIS-5.4", "back"), DD_STATUS_PASS);
    CHECK_INT(status_of(&x.r, "CIS-5.4", "admin"), DD_STATUS_FAIL);
    CHECK_INT(status_of(&x.r, "CIS-5.4", "all"), DD_STATUS_FAIL);
    fx_free(&x);

    /* 5.7: sshd from the /top process list, any path or sshd: title. */
    fx_init(&x, "5.7");
    json_array_append_new(x.f.containers, ctr("ssh", "{\"State\":{\"Running\":true}}"));
    json_array_append_new(x.f.containers, ctr("ssh2", "{\"State\":{\"Running\":true}}"));
    json_array_append_new(x.f.containers, ctr("plain", "{\"State\":{\"Running\":true}}"));
    json_array_append_new(x.f.containers, ctr("lost", "{\"State\":{\"Running\":true}}"));
    json_array_append_new(x.f.containers, ctr("stopped", "{\"State\":{\"Running\":false}}"));
    json_object_set_new(x.f.tops, "ssh0123456789",
                        json_pack("{s:[s,s,s], s:[[s,s,s]]}", "Titles", "UID", "PID", "CMD",
                                  "Processes", "root", "1", "/usr/sbin/sshd -D"));
    json_object_set_new(x.f.tops, "ssh20123456789",
                        json_pack("{s:[s,s], s:[[s,s]]}", "Titles", "PID", "CMD", "Processes", "7",
                                  "sshd: /usr/sbin/sshd -D [listener]"));
    json_object_set_new(x.f.tops, "plain0123456789",
                        json_pack("{s:[s,s], s:[[s,s]]}", "Titles", "PID", "CMD", "Processes", "7",
                                  "/bin/sshd-helper --not-sshd"));
    json_object_set_new(x.f.gather_errors, "top:lost0123456789",
                        json_string("GET /containers/lost/top: HTTP 500: boom"));
    run(&x);
    CHECK_INT(status_of(&x.r, "CIS-5.7", "ssh"), DD_STATUS_FAIL);
    CHECK_INT(status_of(&x.r, "CIS-5.7", "ssh2"), DD_STATUS_FAIL);
    CHECK_INT(status_of(&x.r, "CIS-5.7", "plain"), DD_STATUS_PASS);
    CHECK_INT(status_of(&x.r, "CIS-5.7", "lost"), DD_STATUS_ERROR);
    CHECK_INT(status_of(&x.r, "CIS-5.7", "stopped"), DD_STATUS_PASS);
    fx_free(&x);

    /* 5.6: read-only /etc/localtime is fine, /etc itself or anything writable is not. */
    fx_init(&x, "5.6");
    json_array_append_new(x.f.containers,
                          ctr("tz", "{\"Mounts\":[{\"Type\":\"bind\",\"Source\":\"/etc/localtime\","
                                    "\"Destination\":\"/etc/localtime\",\"RW\":false}]}"));
    json_array_append_new(x.f.containers,
                          ctr("etc", "{\"Mounts\":[{\"Type\":\"bind\",\"Source\":\"/etc\","
                                     "\"Destination\":\"/h\",\"RW\":false}]}"));
    json_array_append_new(x.f.containers,
                          ctr("root", "{\"Mounts\":[{\"Type\":\"bind\",\"Source\":\"/\","
                                      "\"Destination\":\"/h\",\"RW\":true}]}"));
    json_array_append_new(x.f.containers,
                          ctr("data", "{\"Mounts\":[{\"Type\":\"bind\",\"Source\":\"/srv/etc\","
                                      "\"Destination\":\"/h\",\"RW\":true}]}"));
    run(&x);
    CHECK_INT(status_of(&x.r, "CIS-5.6", "tz"), DD_STATUS_PASS);
    CHECK_INT(status_of(&x.r, "CIS-5.6", "etc"), DD_STATUS_FAIL);
    CHECK_INT(status_of(&x.r, "CIS-5.6", "root"), DD_STATUS_FAIL);
    CHECK_INT(status_of(&x.r, "CIS-5.6", "data"), DD_STATUS_PASS);
    fx_free(&x);

    /* Vanished containers are skipped with a note on every per-container check; an
     * inspect that failed otherwise is an error, never a failure. */
    fx_init(&x, "5");
    json_array_append_new(x.f.vanished, json_pack("{s:s, s:s}", "Id", "abc", "Name", "gone"));
    json_array_append_new(x.f.inspect_errors, json_pack("{s:s, s:s, s:s}", "Id", "def", "Name",
                                                        "broken", "error", "HTTP 500"));
    run(&x);
    size_t skipped = 0, errors = 0, fails = 0;
    for (size_t i = 0; i < x.r.n; i++) {
        const dd_finding *g = &x.r.items[i];
        if (g->target && strcmp(g->target, "gone") == 0) {
            CHECK_INT(g->status, DD_STATUS_SKIPPED);
            CHECK_STR(g->message, "container disappeared during the run");
            skipped++;
        }
        if (g->target && strcmp(g->target, "broken") == 0) {
            CHECK_INT(g->status, DD_STATUS_ERROR);
            errors++;
        }
        fails += g->status == DD_STATUS_FAIL;
    }
    CHECK_INT(fails, 0);
    CHECK(skipped >= 25);
    /* 5.2 and 5.3 do not inspect containers here (no LSM), so "broken" has no error
     * there while "gone" is still noted. */
    CHECK_INT(skipped, errors + 2);
    /* 5.2 and 5.3 say the LSM is absent instead of failing. */
    CHECK_INT(status_of(&x.r, "CIS-5.2", "host"), DD_STATUS_SKIPPED);
    CHECK_INT(status_of(&x.r, "CIS-5.3", "host"), DD_STATUS_SKIPPED);
    /* Manual checks are never a pass. */
    CHECK_INT(status_of(&x.r, "CIS-5.23", "host"), DD_STATUS_MANUAL);
    fx_free(&x);

    /* No daemon: every check that needs it is an error naming why; 4.5 still runs. */
    fx_init(&x, "4");
    dd_engine_free(x.f.engine);
    x.f.engine = NULL;
    snprintf(x.f.engine_error.msg, sizeof x.f.engine_error.msg, "socket gone");
    run(&x);
    CHECK_INT(status_of(&x.r, "CIS-4.1", "host"), DD_STATUS_ERROR);
    CHECK_INT(status_of(&x.r, "CIS-4.6", "host"), DD_STATUS_ERROR);
    CHECK_INT(status_of(&x.r, "CIS-4.2", "host"), DD_STATUS_MANUAL);
    CHECK(status_of(&x.r, "CIS-4.5", "host") == DD_STATUS_PASS ||
          status_of(&x.r, "CIS-4.5", "host") == DD_STATUS_FAIL);
    for (size_t i = 0; i < x.r.n; i++)
        if (x.r.items[i].status == DD_STATUS_ERROR)
            CHECK_STR(x.r.items[i].message, "could not run: socket gone");
    fx_free(&x);

    /* An image list that could not be read is an error on 4.6, not a failure. */
    fx_init(&x, "4.6");
    json_decref(x.f.images);
    x.f.images = NULL;
    json_object_set_new(x.f.gather_errors, "images", json_string("HTTP 500"));
    run(&x);
    CHECK_INT(status_of(&x.r, "CIS-4.6", "host"), DD_STATUS_ERROR);
    fx_free(&x);

    return dd_test_done();
}
