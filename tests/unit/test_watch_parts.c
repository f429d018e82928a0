/* The pieces of drydock watch around the rules: the load preflight (a fake /sys without
 * BTF, a locked-down one), container ids in cgroup names, the daemon's inspect JSON, the
 * process table's bounds, user names, path normalisation, the webhook's retries and
 * bounded queue (against a fake HTTP server: a unit test of the HTTP layer), the metrics
 * endpoint and the text escaping. */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/term.h"
#include "tap.h"
#include "watch/containers.h"
#include "watch/fields.h"
#include "report/prometheus.h"
#include "watch/metrics.h"
#include "watch/proc.h"
#include "watch/sensor.h"
#include "watch/users.h"
#include "watch/watch.h"
#include "report/webhook.h"

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    if (f) {
        fputs(text, f);
        fclose(f);
    }
}

static void preflight(void)
{
    char root[] = "/tmp/dd-watch-sys.XXXXXX";
    if (!mkdtemp(root))
        return;
    char p[512];
    dd_error e = {0};
    /* no BTF */
    CHECK_INT(dd_sensor_preflight(root, &e), -1);
    CHECK(strstr(e.msg, "this kernel exposes no BTF type information") != NULL);
    CHECK(strstr(e.hint, "CONFIG_DEBUG_INFO_BTF=y") != NULL);
    /* BTF, and lockdown in confidentiality mode */
    snprintf(p, sizeof p, "%s/sys/kernel/btf", root);
    mkdir(root, 0700);
    snprintf(p, sizeof p, "mkdir -p %s/sys/kernel/btf %s/sys/kernel/security", root, root);
    CHECK_INT(system(p), 0);
    snprintf(p, sizeof p, "%s/sys/kernel/btf/vmlinux", root);
    write_file(p, "btf");
    snprintf(p, sizeof p, "%s/sys/kernel/security/lockdown", root);
    write_file(p, "none integrity [confidentiality]\n");
    dd_error_clear(&e);
    CHECK_INT(dd_sensor_preflight(root, &e), -1);
    CHECK(strstr(e.msg, "locked down in confidentiality mode") != NULL);
    write_file(p, "none [integrity] confidentiality\n");
    dd_error_clear(&e);
    CHECK_INT(dd_sensor_preflight(root, &e), 0);
    snprintf(p, sizeof p, "rm -rf %s", root);
    CHECK_INT(system(p), 0);
}

static void containers(void)
{
    char id[65];
    const char *hex = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
    CHECK(dd_cgroup_container_id(hex, id) && !strcmp(id, hex));
    char scope[100];
    snprintf(scope, sizeof scope, "docker-%s.scope", hex);
    CHECK(dd_cgroup_container_id(scope, id) && !strcmp(id, hex));
    CHECK(!dd_cgroup_container_id("docker", id));
    CHECK(!dd_cgroup_container_id("user.slice", id));
    char upper[65];
    strcpy(upper, hex);
    upper[10] = 'A';
    CHECK(!dd_cgroup_container_id(upper, id));

    json_error_t je;
    char js[2048];
    snprintf(js, sizeof js,
             "{\"Id\":\"%s\",\"Name\":\"/web\",\"Image\":\"sha256:aa\","
             "\"Config\":{\"Image\":\"registry:5000/team/app:1.2@sha256:bb\",\"User\":\"app\","
             "\"Labels\":{\"io.kubernetes.pod.namespace\":\"prod\"},"
             "\"Healthcheck\":{\"Test\":[\"CMD-SHELL\",\"curl -f localhost\"]}},"
             "\"HostConfig\":{\"Privileged\":true,\"PidMode\":\"host\",\"NetworkMode\":\"none\"},"
             "\"State\":{\"StartedAt\":\"2024-05-06T07:08:09.123456789Z\",\"Pid\":0},"
             "\"Mounts\":[{\"Source\":\"/etc\",\"Destination\":\"/host/etc\",\"Mode\":\"ro\","
             "\"RW\":false,\"Propagation\":\"rprivate\"}]}",
             hex);
    json_t *j = json_loads(js, 0, &je);
    dd_container *c = dd_container_from_inspect(j);
    json_decref(j);
    CHECK(c != NULL);
    if (c) {
        CHECK_STR(c->name, "web");
        CHECK_STR(c->image_repo, "registry:5000/team/app");
        CHECK_STR(c->image_tag, "1.2");
        CHECK_STR(c->image_digest, "sha256:bb");
        CHECK_STR(c->healthcheck, "/bin/sh -c curl -f localhost");
        CHECK_STR(c->k8s_ns, "prod");
        CHECK(c->privileged && c->host_pid && !c->host_network);
        CHECK_INT(c->start_real, 1714979289123456789LL);
        CHECK_INT(c->nmounts, 1);
        CHECK(c->nmounts == 1 && !strcmp(c->mounts[0].source, "/etc") && !c->mounts[0].rw);
    }
    /* the cache: a removed container stays a while, within its bound */
    dd_ctrcache *cc = dd_ctrcache_new(2);
    dd_ctrcache_put(cc, c);
    CHECK(dd_ctrcache_find(cc, "web") != NULL);
    CHECK(dd_ctrcache_find(cc, "0123456789ab") != NULL);
    dd_ctrcache_removed(cc, hex);
    CHECK(dd_ctrcache_get(cc, hex) != NULL);
    for (int i = 0; i < 3; i++) {
        dd_container *o = calloc(1, sizeof *o);
        snprintf(o->id, sizeof o->id, "%064d", i);
        dd_ctrcache_put(cc, o);
        dd_ctrcache_removed(cc, o->id);
    }
    CHECK(dd_ctrcache_get(cc, hex) == NULL); /* the oldest removed went */
    CHECK_INT(dd_ctrcache_size(cc), 2);
    dd_ctrcache_mark_foreign(cc, "f00");
    CHECK(dd_ctrcache_is_foreign(cc, "f00") && !dd_ctrcache_is_foreign(cc, "f01"));
    dd_ctrcache_free(cc);
    /* hostile JSON: wrong types are ignored, not trusted */
    j = json_loads("{\"Id\":5,\"Name\":[]}", 0, &je);
    CHECK(dd_container_from_inspect(j) == NULL);
    json_decref(j);
}

static void proctab(void)
{
    dd_proctab *t = dd_proctab_new(64);
    struct dd_ev_task task = {0};
    for (uint32_t pid = 1000; pid < 1200; pid++) {
        task.pid = task.tid = pid;
        task.ppid = pid - 1;
        task.start_ns = pid;
        snprintf(task.comm, sizeof task.comm, "p%u", pid);
        const dd_proc *p = dd_proctab_for_task(t, &task, 0);
        CHECK(p && p->pid == pid);
        if (pid % 2)
            dd_proctab_exit(t, pid);
    }
    CHECK(dd_proctab_size(t) <= 64); /* bounded */
    CHECK(dd_proctab_find(t, 1199) != NULL);
    /* a child inherits what its parent runs */
    struct dd_ev_exec x = {0};
    x.h.task.pid = 5000;
    x.h.task.ppid = 1;
    strcpy(x.h.task.comm, "bash");
    const char *strs[DD_EV_NSTR] = {"/bin/bash", "/usr/bin/bash", "bash\0-c\0echo hi\0", "/root",
                                    NULL,        "init"};
    uint32_t lens[DD_EV_NSTR] = {9, 13, 16, 5, 0, 4};
    const dd_proc *p = dd_proctab_exec(t, &x, strs, lens, 0);
    CHECK_STR(p->exe, "bash");
    CHECK_STR(p->args, "-c echo hi");
    CHECK_STR(p->exepath, "/usr/bin/bash");
    CHECK_STR(p->pcomm, "init");
    task.pid = 5001;
    task.ppid = 5000;
    task.start_ns = 1;
    strcpy(task.comm, "bash");
    p = dd_proctab_for_task(t, &task, 0);
    CHECK_STR(p->args, "-c echo hi");
    CHECK_STR(p->pcomm, "bash");
    /* a reused pid is a new process */
    task.start_ns = 2;
    strcpy(task.comm, "other");
    task.ppid = 4;
    p = dd_proctab_for_task(t, &task, 0);
    CHECK(p->exepath == NULL || strcmp(p->exepath, "/usr/bin/bash") != 0);
    dd_proctab_free(t);
}

static void users_and_paths(void)
{
    dd_users *u = dd_users_new("/nonexistent");
    dd_users_src s = {"abc",
                      "root:x:0:0:root:/root:/bin/sh\n# comment\nweb:x:33:33::/srv:/bin/false\n"
                      "broken line\n",
                      "root:x:0:\nweb:x:33:\n", 1};
    CHECK_STR(dd_users_name(u, &s, 33), "web");
    CHECK_STR(dd_users_home(u, &s, 33), "/srv");
    CHECK_STR(dd_users_shell(u, &s, 0), "/bin/sh");
    CHECK_STR(dd_users_group(u, &s, 33), "web");
    CHECK(dd_users_name(u, &s, 1000) == NULL);
    dd_users_free(u);

    dd_warena a = {0};
    CHECK_STR(dd_path_normalize(&a, NULL, "/a/./b/../c//d/"), "/a/c/d");
    CHECK_STR(dd_path_normalize(&a, "/srv/www", "../../../etc/passwd"), "/etc/passwd");
    CHECK_STR(dd_path_normalize(&a, "/", "x"), "/x");
    CHECK_STR(dd_path_normalize(&a, NULL, "rel/path"), "rel/path");
    dd_warena_free(&a);

    dd_buf b = DD_BUF_INIT;
    dd_term_append(&b, "a\x1b[31mb\nc\x7f", 10); /* an alert line */
    CHECK_STR(b.data, "a\\x1b[31mb\\x0ac\\x7f");
    dd_buf_free(&b);
}

/* A fake receiver: refuses the first `refuse` POSTs with 503, then accepts. */
typedef struct fake {
    int fd, port, refuse, got;
    char last[4096];
} fake;

static void *serve(void *ud)
{
    fake *f = ud;
    for (;;) {
        int c = accept(f->fd, NULL, NULL);
        if (c < 0)
            return NULL;
        char req[8192];
        size_t n = 0;
        for (;;) {
            ssize_t r = read(c, req + n, sizeof req - 1 - n);
            if (r <= 0)
                break;
            n += (size_t)r;
            req[n] = 0;
            char *body = strstr(req, "\r\n\r\n");
            const char *cl = strstr(req, "Content-Length: ");
            if (body && cl && (size_t)(req + n - (body + 4)) >= (size_t)atoi(cl + 16))
                break;
        }
        const char *status = f->refuse-- > 0 ? "503 Busy" : "200 OK";
        if (!strncmp(status, "200", 3)) {
            f->got++;
            char *body = strstr(req, "\r\n\r\n");
            snprintf(f->last, sizeof f->last, "%s", body ? body + 4 : "");
        }
        dprintf(c, "HTTP/1.1 %s\r\nContent-Length: 0\r\nConnection: close\r\n\r\n", status);
        close(c);
    }
}

static void webhook(void)
{
    fake f = {.refuse = 2};
    f.fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = {.sin_family = AF_INET};
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t al = sizeof a;
    bind(f.fd, (void *)&a, sizeof a);
    listen(f.fd, 8);
    getsockname(f.fd, (void *)&a, &al);
    f.port = ntohs(a.sin_port);
    pthread_t th;
    pthread_create(&th, NULL, serve, &f);
    char url[64];
    snprintf(url, sizeof url, "http://127.0.0.1:%d/", f.port);
    dd_webhook *w;
    dd_error e = {0};
    dd_webhook_opts o = {.url = url, .queue_max = 4, .tries = 4, .first_backoff_ms = 10};
    CHECK_INT(dd_webhook_start(&w, &o, &e), 0);
    dd_webhook_send(w, "{\"rule\":\"a\"}", 12);
    dd_webhook_stats st;
    dd_webhook_stop(w, 10000, &st);
    CHECK_INT(st.sent, 1);
    CHECK_INT(st.retries, 2);
    CHECK_INT(st.failed, 0);
    CHECK_STR(f.last, "{\"rule\":\"a\"}");
    /* a dead receiver: every try fails; the bounded queue drops the oldest */
    o.url = "http://127.0.0.1:1/";
    o.tries = 2;
    CHECK_INT(dd_webhook_start(&w, &o, &e), 0);
    for (int i = 0; i < 20; i++)
        dd_webhook_send(w, "{}", 2);
    dd_webhook_stop(w, 2000, &st);
    CHECK_INT(st.sent, 0);
    CHECK(st.dropped >= 15); /* 20 queued into 4 places, minus what was tried */
    CHECK_INT(st.sent + st.failed + st.dropped, 20);
    CHECK_INT(dd_webhook_start(&w, &(dd_webhook_opts){.url = "ftp://x"}, &e), -1);
    shutdown(f.fd, SHUT_RDWR);
    close(f.fd);
    pthread_join(th, NULL);
}

static void render(dd_buf *b, void *ud)
{
    dd_buf_puts(b, "drydock_watch_test{rule=\"");
    dd_prom_label(b, ud);
    dd_buf_puts(b, "\"} 1\n");
}

static void metrics(void)
{
    dd_metrics *m;
    dd_error e = {0};
    CHECK_INT(dd_metrics_listen(&m, "no-port", &e), -1);
    CHECK_INT(dd_metrics_listen(&m, "10.1.2.3.4:9", &e), -1);
    CHECK_INT(dd_metrics_listen(&m, "127.0.0.1:0", &e), 0);
    int port = dd_metrics_port(m);
    CHECK(port > 0);
    int c = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    CHECK_INT(connect(c, (void *)&a, sizeof a), 0);
    const char *req = "GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n";
    CHECK_INT(write(c, req, strlen(req)), (long)strlen(req));
    for (int i = 0; i < 50; i++) {
        dd_metrics_service(m, render, "a\"b\\c\nd");
        usleep(10000);
    }
    char resp[4096] = "";
    size_t n = 0;
    ssize_t r;
    while ((r = read(c, resp + n, sizeof resp - 1 - n)) > 0)
        n += (size_t)r;
    resp[n] = 0;
    close(c);
    CHECK(strstr(resp, "HTTP/1.1 200 OK") == resp);
    CHECK(strstr(resp, "drydock_watch_test{rule=\"a\\\"b\\\\c\\nd\"} 1") != NULL);
    dd_metrics_close(m);
}

int main(void)
{
    preflight();
    containers();
    proctab();
    users_and_paths();
    webhook();
    metrics();
    return dd_test_done();
}
