/* The HTTP/JSON layer of the engine client against a fake daemon on a unix socket.
 * (The real daemon is exercised by the end-to-end tests; this pins down the protocol
 * handling: version negotiation, error bodies, invalid JSON, parallel requests, streams,
 * and the messages a user sees when the daemon is not there.) */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "core/mem.h"
#include "engine/engine.h"
#include "tap.h"

static char sock_path[108];
static int listen_fd = -1;
static int requests_seen;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static char last_path[512];
static size_t huge_bytes_sent;

static void respond(int fd, int code, const char *body)
{
    char head[256];
    int n = snprintf(head, sizeof head,
                     "HTTP/1.1 %d X\r\nContent-Type: application/json\r\nContent-Length: %zu\r\n"
                     "Connection: close\r\n\r\n",
                     code, strlen(body));
    if (write(fd, head, (size_t)n) < 0 || write(fd, body, strlen(body)) < 0)
        perror("write");
}

static void *serve_one(void *arg)
{
    int fd = (int)(intptr_t)arg;
    char req[4096];
    size_t got = 0;
    while (got < sizeof req - 1) {
        ssize_t n = read(fd, req + got, sizeof req - 1 - got);
        if (n <= 0)
            break;
        got += (size_t)n;
        req[got] = '\0';
        if (strstr(req, "\r\n\r\n"))
            break;
    }
    req[got] = '\0';
    char method[16] = "", path[512] = "";
    sscanf(req, "%15s %511s", method, path);
    pthread_mutex_lock(&lock);
    requests_seen++;
    snprintf(last_path, sizeof last_path, "%s", path);
    pthread_mutex_unlock(&lock);

    if (strncmp(path, "/v1.41/containers/huge", 22) == 0) {
        /* A hostile daemon: an inspect of 2 GB, sent until drydock hangs up. */
        const char *head = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                           "Content-Length: 2147483648\r\n\r\n[";
        static char spaces[65536];
        memset(spaces, ' ', sizeof spaces);
        size_t sent = 0;
        if (write(fd, head, strlen(head)) > 0)
            while (sent < (2u << 30) && write(fd, spaces, sizeof spaces) > 0)
                sent += sizeof spaces;
        pthread_mutex_lock(&lock);
        huge_bytes_sent += sent;
        pthread_mutex_unlock(&lock);
    } else if (strncmp(path, "/v1.41/containers/big", 21) == 0) {
        /* A valid answer under the per-answer bound; sixty of them are not. */
        size_t n = 3u << 20;
        char *body = malloc(n + 1);
        memset(body, ' ', n);
        memcpy(body, "{\"Id\":\"big\"", 11);
        body[n - 1] = '}';
        body[n] = '\0';
        respond(fd, 200, body);
        free(body);
    } else if (strncmp(path, "/v1.41/containers/slow", 22) == 0 ||
               strcmp(path, "/v1.41/stall") == 0) {
        /* Says nothing more until drydock gives up and closes. */
        if (strcmp(path, "/v1.41/stall") == 0) {
            const char *head = "HTTP/1.1 200 OK\r\nContent-Length: 1000000\r\n\r\nabc";
            if (write(fd, head, strlen(head)) < 0)
                perror("write");
        }
        char c;
        while (read(fd, &c, 1) > 0)
            ;
    } else if (strcmp(path, "/version") == 0)
        respond(fd, 200, "{\"ApiVersion\":\"1.41\",\"Version\":\"20.10.24\",\"MinAPIVersion\":\"1.12\"}");
    else if (strcmp(path, "/v1.41/info") == 0)
        respond(fd, 200, "{\"Name\":\"fake\",\"Containers\":3}");
    else if (strncmp(path, "/v1.41/containers/c", 19) == 0 && strstr(path, "/json")) {
        char body[128];
        snprintf(body, sizeof body, "{\"Id\":\"%.*s\"}", (int)(strstr(path, "/json") - path - 19),
                 path + 19);
        respond(fd, 200, body);
    } else if (strcmp(path, "/v1.41/containers/gone/json") == 0)
        respond(fd, 404, "{\"message\":\"No such container: gone\"}");
    else if (strcmp(path, "/v1.41/broken") == 0)
        respond(fd, 200, "{\"Name\": tru");
    else if (strcmp(path, "/v1.41/stream") == 0) {
        static char big[200000];
        memset(big, 'x', sizeof big - 1);
        respond(fd, 200, big);
    } else
        respond(fd, 404, "{\"message\":\"page not found\"}");
    close(fd);
    return NULL;
}

static void *server(void *arg)
{
    for (;;) {
        int fd = accept(listen_fd, NULL, NULL);
        if (fd < 0)
            return NULL;
        pthread_t t;
        pthread_create(&t, NULL, serve_one, (void *)(intptr_t)fd);
        pthread_detach(t);
    }
}

static int stream_sink(const void *data, size_t len, void *ud, dd_error *e)
{
    *(size_t *)ud += len;
    return 0;
}

static int stop_sink(const void *data, size_t len, void *ud, dd_error *e)
{
    return dd_error_set(e, DD_ERR_INPUT, 0, "sink refused");
}

int main(void)
{
    signal(SIGPIPE, SIG_IGN); /* the fake daemon writes to connections drydock closed */
    char dir[] = "/tmp/dd-engine-test.XXXXXX";
    if (!mkdtemp(dir))
        return 1;
    snprintf(sock_path, sizeof sock_path, "%s/docker.sock", dir);
    listen_fd = socket(AF_UNIX, SOCK_STREAM, 0);
    struct sockaddr_un sa = {.sun_family = AF_UNIX};
    snprintf(sa.sun_path, sizeof sa.sun_path, "%s", sock_path);
    if (bind(listen_fd, (struct sockaddr *)&sa, sizeof sa) < 0 || listen(listen_fd, 64) < 0) {
        perror("bind");
        return 1;
    }
    pthread_t srv;
    pthread_create(&srv, NULL, server, NULL);

    char host[160];
    snprintf(host, sizeof host, "unix://%s", sock_path);
    dd_engine_config cfg = {.host = host, .tls_verify = -1};
    dd_engine *eng = NULL;
    dd_error e = {0};
    CHECK(dd_engine_open(&eng, &cfg, &e) == 0);

    /* version negotiation: the daemon's 1.41 is lower than ours */
    CHECK(dd_engine_connect(eng, &e) == 0);
    CHECK_STR(dd_engine_api_version(eng), "1.41");

    json_t *j = NULL;
    long status = 0;
    CHECK(dd_engine_get_json(eng, "/info", &j, &status, &e) == 0);
    CHECK_INT(status, 200);
    CHECK_STR(json_string_value(json_object_get(j, "Name")), "fake");
    json_decref(j);

    /* the daemon's own message is carried in the error */
    j = NULL;
    CHECK(dd_engine_get_json(eng, "/containers/gone/json", &j, &status, &e) < 0);
    CHECK_INT(status, 404);
    CHECK(strstr(e.msg, "No such container: gone") != NULL);

    /* invalid JSON is an input error naming the path */
    dd_error_clear(&e);
    CHECK(dd_engine_get_json(eng, "/broken", &j, &status, &e) < 0);
    CHECK_INT(e.kind, DD_ERR_INPUT);
    CHECK(strstr(e.msg, "/broken") && strstr(e.msg, "invalid JSON"));

    /* many requests in parallel; one of them fails on its own */
    enum { N = 40 };
    const char *paths[N];
    json_t *outs[N];
    long sts[N];
    dd_error errs[N];
    for (int i = 0; i < N; i++)
        paths[i] = i == 7 ? "/containers/gone/json" : dd_xasprintf("/containers/c%d/json", i);
    size_t failed = dd_engine_get_json_many(eng, paths, N, outs, sts, errs);
    CHECK_INT(failed, 1);
    CHECK_INT(sts[7], 404);
    CHECK(outs[7] == NULL);
    char want[32];
    snprintf(want, sizeof want, "%d", 33);
    CHECK_STR(json_string_value(json_object_get(outs[33], "Id")), want);
    for (int i = 0; i < N; i++) {
        if (outs[i])
            json_decref(outs[i]);
        if (i != 7)
            free((void *)paths[i]);
    }

    /* streams deliver every byte; a sink can stop with its own error */
    size_t total = 0;
    CHECK(dd_engine_stream(eng, "/stream", stream_sink, &total, &e) == 0);
    CHECK_INT(total, 199999);
    dd_error_clear(&e);
    CHECK(dd_engine_stream(eng, "/stream", stop_sink, NULL, &e) < 0);
    CHECK_STR(e.msg, "sink refused");

    /* A 2 GB inspect is refused at the bound of an object's answer (4 MiB), not buffered:
     * the daemon could not send much more before drydock hung up. */
    dd_error_clear(&e);
    CHECK(dd_engine_get_json(eng, "/containers/huge/json", &j, &status, &e) < 0);
    CHECK(strstr(e.msg, "sent more than 4 MiB for one answer") != NULL);
    CHECK_INT(e.kind, DD_ERR_INPUT);

    /* Sixty valid 3 MiB answers (180 MiB) exceed the whole set's budget: what is kept stays
     * under DD_ENGINE_MAX_SET and the others fail, naming the bound. */
    enum { NB = 60 };
    const char *bpaths[NB];
    json_t *bouts[NB];
    long bsts[NB];
    dd_error berrs[NB];
    for (int i = 0; i < NB; i++)
        bpaths[i] = dd_xasprintf("/containers/big%d/json", i);
    size_t bfailed = dd_engine_get_json_many(eng, bpaths, NB, bouts, bsts, berrs);
    size_t kept = 0, over = 0;
    for (int i = 0; i < NB; i++) {
        if (bouts[i]) {
            kept++;
            json_decref(bouts[i]);
        } else if (strstr(berrs[i].msg, "for the answers of one round of requests together")) {
            over++;
        }
        free((void *)bpaths[i]);
    }
    CHECK(kept * (3u << 20) <= DD_ENGINE_MAX_SET);
    CHECK(kept >= 30);
    CHECK_INT(over, bfailed);
    CHECK(over > 0);

    /* A daemon that stops answering costs one timeout per connection, not one per
     * request: the requests not yet sent fail at once, and the server never sees them. */
    dd_engine_free(eng);
    dd_engine_config quick = {.host = host, .tls_verify = -1, .timeout_ms = 300, .stall_ms = 1000};
    CHECK(dd_engine_open(&eng, &quick, &e) == 0);
    CHECK(dd_engine_connect(eng, &e) == 0);
    enum { NS = 40 };
    const char *spaths[NS];
    json_t *souts[NS];
    long ssts[NS];
    dd_error serrs[NS];
    for (int i = 0; i < NS; i++)
        spaths[i] = dd_xasprintf("/containers/slow%d/json", i);
    pthread_mutex_lock(&lock);
    int seen_before = requests_seen;
    pthread_mutex_unlock(&lock);
    CHECK_INT(dd_engine_get_json_many(eng, spaths, NS, souts, ssts, serrs), NS);
    size_t timed_out = 0, not_asked = 0;
    for (int i = 0; i < NS; i++) {
        timed_out += strstr(serrs[i].msg, "did not answer in time") != NULL;
        not_asked += strstr(serrs[i].msg, "not asked") != NULL;
        free((void *)spaths[i]);
    }
    CHECK(timed_out >= 1 && timed_out <= 8);
    CHECK_INT(timed_out + not_asked, NS);
    pthread_mutex_lock(&lock);
    int asked = requests_seen - seen_before;
    pthread_mutex_unlock(&lock);
    CHECK(asked <= 16);

    /* A stream that stalls is given up (stall_ms), with the daemon named. */
    dd_error_clear(&e);
    total = 0;
    CHECK(dd_engine_stream(eng, "/stall", stream_sink, &total, &e) < 0);
    CHECK(strstr(e.msg, "did not answer in time") != NULL);

    /* escaping of path components */
    char *esc = dd_engine_escape("my image:latest/x");
    CHECK_STR(esc, "my%20image%3Alatest%2Fx");
    free(esc);
    dd_engine_free(eng);

    /* a socket that does not exist: the message a user needs */
    dd_engine_config missing = {.host = "unix:///nonexistent/docker.sock", .tls_verify = -1};
    CHECK(dd_engine_open(&eng, &missing, &e) == 0);
    dd_error_clear(&e);
    CHECK(dd_engine_connect(eng, &e) < 0);
    CHECK(strstr(e.msg, "cannot connect to the Docker daemon at unix:///nonexistent/docker.sock"));
    CHECK(strstr(e.hint, "daemon running") != NULL);
    dd_engine_free(eng);

    /* unsupported scheme and TLS without certificates are usage/run errors, not crashes */
    dd_engine_config bad = {.host = "ssh://host", .tls_verify = -1};
    CHECK(dd_engine_open(&eng, &bad, &e) < 0);
    CHECK_INT(e.kind, DD_ERR_USAGE);
    dd_engine_config tls = {.host = "tcp://127.0.0.1:1", .tls_verify = 1,
                            .cert_path = "/nonexistent"};
    CHECK(dd_engine_open(&eng, &tls, &e) < 0);
    CHECK(strstr(e.msg, "/nonexistent/ca.pem") != NULL);

    close(listen_fd);
    unlink(sock_path);
    rmdir(dir);
    return dd_test_done();
}
