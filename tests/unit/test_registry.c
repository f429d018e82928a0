/* The registry client's pieces: references as docker parses them, the WWW-Authenticate
 * challenge, credentials from a docker config (auths and a credential helper), manifest
 * parsing and the platform choice; and the HTTP layer against a tiny fake server on
 * 127.0.0.1 (retry after 503, a blob transfer cut in the middle and resumed with Range,
 * a blob whose bytes do not match its digest). */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/mem.h"
#include "registry/registry.h"
#include "tap.h"

static void ref(const char *s, const char *host, const char *repo, const char *tag,
                const char *digest)
{
    dd_regref r;
    dd_error e = {0};
    int rc = dd_regref_parse(s, &r, &e);
    CHECK_INT(rc, 0);
    if (rc < 0) {
        fprintf(stderr, "  %s: %s\n", s, e.msg);
        return;
    }
    CHECK_STR(r.host, host);
    CHECK_STR(r.repo, repo);
    if (tag)
        CHECK_STR(r.tag, tag);
    else
        CHECK(r.tag == NULL);
    if (digest)
        CHECK_STR(r.digest, digest);
    else
        CHECK(r.digest == NULL);
    dd_regref_free(&r);
}

static void bad_ref(const char *s)
{
    dd_regref r;
    dd_error e = {0};
    CHECK_INT(dd_regref_parse(s, &r, &e), -1);
    CHECK(e.msg[0] != '\0');
}

static void test_refs(void)
{
    const char *d = "sha256:634a8f35b5f16dcf4aaa0822adc0b1964bb786fca12f6831de8ddc45e5986a00";
    ref("busybox", "docker.io", "library/busybox", NULL, NULL);
    ref("docker://busybox:1.36", "docker.io", "library/busybox", "1.36", NULL);
    ref("team/app:2", "docker.io", "team/app", "2", NULL);
    ref("127.0.0.1:5000/app", "127.0.0.1:5000", "app", NULL, NULL);
    ref("localhost/a/b:c", "localhost", "a/b", "c", NULL);
    ref("registry.example.com/x/"
        "y@sha256:634a8f35b5f16dcf4aaa0822adc0b1964bb786fca12f6831de8ddc45e5986a00",
        "registry.example.com", "x/y", NULL, d);
    ref("index.docker.io/library/debian:12", "docker.io", "library/debian", "12", NULL);
    bad_ref("");
    bad_ref("Upper/Case");
    bad_ref("app:bad tag");
    bad_ref("app@sha256:abc");
    bad_ref("a//b");
    dd_regref r;
    dd_error e = {0};
    dd_regref_parse("127.0.0.1:5000/team/"
                    "app@sha256:634a8f35b5f16dcf4aaa0822adc0b1964bb786fca12f6831de8ddc45e5986a00",
                    &r, &e);
    char *s = dd_regref_string(&r);
    CHECK_STR(s, "127.0.0.1:5000/team/"
                 "app@sha256:634a8f35b5f16dcf4aaa0822adc0b1964bb786fca12f6831de8ddc45e5986a00");
    free(s);
    s = dd_regref_repository(&r);
    CHECK_STR(s, "127.0.0.1:5000/team/app");
    free(s);
    dd_regref_free(&r);

    /* The split alone, as lint reads FROM lines: parts as written, even of a reference
     * the parse refuses; no host written means none. */
    dd_regref_parts p;
    dd_regref_split("Reg.io:5000/Team/App:Tag X@sha256:x", &p);
    CHECK(p.host && p.host_len == 11 && strncmp(p.host, "Reg.io:5000", 11) == 0);
    CHECK(p.name_len == 8 && strncmp(p.name, "Team/App", 8) == 0);
    CHECK(p.tag_len == 5 && strncmp(p.tag, "Tag X", 5) == 0);
    CHECK(p.digest_len == 8 && strncmp(p.digest, "sha256:x", 8) == 0);
    dd_regref_split("debian", &p);
    CHECK(!p.host && !p.tag && !p.digest && p.name_len == 6);
    dd_regref_split("my_reg.io/x", &p); /* '_' is no host character: a Hub repository */
    CHECK(!p.host && p.name_len == 11);
}

static void test_challenge(void)
{
    dd_auth_challenge c;
    dd_error e = {0};
    const char *v =
        "Bearer realm=\"https://auth.example.com/token\",service=\"registry.example.com\","
        "scope=\"repository:team/app:pull\"";
    CHECK_INT(dd_auth_challenge_parse(v, strlen(v), &c, &e), 0);
    CHECK_STR(c.scheme, "bearer");
    CHECK_STR(c.realm, "https://auth.example.com/token");
    CHECK_STR(c.service, "registry.example.com");
    CHECK_STR(c.scope, "repository:team/app:pull");
    dd_auth_challenge_free(&c);
    v = "Basic realm=\"Registry \\\"Realm\\\"\"";
    CHECK_INT(dd_auth_challenge_parse(v, strlen(v), &c, &e), 0);
    CHECK_STR(c.scheme, "basic");
    CHECK_STR(c.realm, "Registry \"Realm\"");
    dd_auth_challenge_free(&c);
    v = "bearer realm=https://a/t , error=insufficient_scope";
    CHECK_INT(dd_auth_challenge_parse(v, strlen(v), &c, &e), 0);
    CHECK_STR(c.realm, "https://a/t");
    CHECK_STR(c.error, "insufficient_scope");
    dd_auth_challenge_free(&c);
    static const char *const bad[] = {
        "Negotiate abc",
        "Bearer service=\"x\"",
        "Bearer realm=\"unterminated",
        "Bearer realm=\"file:///etc/passwd\"",
        "Bearer =x",
        "",
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        dd_error be = {0};
        CHECK_INT(dd_auth_challenge_parse(bad[i], strlen(bad[i]), &c, &be), -1);
        CHECK(be.msg[0] != '\0');
    }
}

static void write_file(const char *path, const char *text, mode_t mode)
{
    FILE *f = fopen(path, "w");
    fputs(text, f);
    fclose(f);
    chmod(path, mode);
}

static void test_creds(void)
{
    char dir[] = "/tmp/dd-test-creds.XXXXXX";
    if (!mkdtemp(dir)) {
        CHECK(0);
        return;
    }
    char *cfg = dd_xasprintf("%s/config.json", dir);
    /* "alice:s3cret" */
    write_file(cfg,
               "{\"auths\":{\"https://reg.example.com\":{\"auth\":\"YWxpY2U6czNjcmV0\"},"
               "\"https://index.docker.io/v1/\":{\"username\":\"bob\",\"password\":\"pw\"}},"
               "\"credHelpers\":{\"helped.example.com\":\"ddtest\"}}",
               0600);
    dd_reg_creds c;
    dd_error e = {0};
    CHECK_INT(dd_reg_creds_lookup(dir, "reg.example.com", &c, &e), 0);
    CHECK_STR(c.username, "alice");
    CHECK_STR(c.password, "s3cret");
    dd_reg_creds_free(&c);
    CHECK_INT(dd_reg_creds_lookup(dir, "docker.io", &c, &e), 0);
    CHECK_STR(c.username, "bob");
    dd_reg_creds_free(&c);
    CHECK_INT(dd_reg_creds_lookup(dir, "other.example.com", &c, &e), 0);
    CHECK(c.username == NULL);
    dd_reg_creds_free(&c);
    /* A credential helper on PATH answers for its registry. */
    char *helper = dd_xasprintf("%s/docker-credential-ddtest", dir);
    write_file(helper,
               "#!/bin/sh\nread server\n[ \"$server\" = helped.example.com ] || exit 1\n"
               "echo '{\"ServerURL\":\"helped.example.com\",\"Username\":\"carol\","
               "\"Secret\":\"from-helper\"}'\n",
               0755);
    const char *old = getenv("PATH");
    char *path = dd_xasprintf("%s:%s", dir, old ? old : "/usr/bin:/bin");
    setenv("PATH", path, 1);
    CHECK_INT(dd_reg_creds_lookup(dir, "helped.example.com", &c, &e), 0);
    CHECK_STR(c.username, "carol");
    CHECK_STR(c.password, "from-helper");
    dd_reg_creds_free(&c);
    setenv("PATH", old ? old : "/usr/bin:/bin", 1);
    write_file(cfg, "{not json", 0600);
    CHECK_INT(dd_reg_creds_lookup(dir, "reg.example.com", &c, &e), -1);
    CHECK(strstr(e.msg, "config.json") != NULL);
    unlink(cfg);
    unlink(helper);
    rmdir(dir);
    free(cfg);
    free(helper);
    free(path);
}

static void test_manifest(void)
{
    const char *idx =
        "{\"schemaVersion\":2,\"mediaType\":\"" DD_MT_OCI_INDEX "\",\"manifests\":["
        "{\"mediaType\":\"" DD_MT_OCI_MANIFEST "\",\"size\":10,\"digest\":\"sha256:"
        "1111111111111111111111111111111111111111111111111111111111111111\",\"platform\":"
        "{\"os\":\"linux\",\"architecture\":\"arm64\",\"variant\":\"v8\"}},"
        "{\"mediaType\":\"" DD_MT_OCI_MANIFEST "\",\"size\":10,\"digest\":\"sha256:"
        "2222222222222222222222222222222222222222222222222222222222222222\",\"platform\":"
        "{\"os\":\"linux\",\"architecture\":\"amd64\"}}]}";
    json_t *index = NULL;
    dd_reg_image_manifest m;
    dd_error e = {0};
    CHECK_INT(dd_reg_parse_manifest(idx, strlen(idx), DD_MT_OCI_INDEX, &index, &m, &e), 1);
    const char *d = dd_reg_pick_platform(index, "linux/amd64", &e);
    CHECK(d && strncmp(d, "sha256:2222", 11) == 0);
    d = dd_reg_pick_platform(index, "linux/arm64", &e);
    CHECK(d && strncmp(d, "sha256:1111", 11) == 0);
    d = dd_reg_pick_platform(index, "linux/s390x", &e);
    CHECK(d == NULL);
    CHECK(strstr(e.msg, "linux/arm64") && strstr(e.msg, "linux/amd64"));
    json_decref(index);
    const char *man =
        "{\"schemaVersion\":2,\"mediaType\":\"" DD_MT_DOCKER_MANIFEST "\","
        "\"config\":{\"mediaType\":\"application/vnd.docker.container.image.v1+json\","
        "\"size\":7,\"digest\":\"sha256:"
        "3333333333333333333333333333333333333333333333333333333333333333\"},"
        "\"layers\":[{\"mediaType\":\"application/vnd.docker.image.rootfs.diff.tar.gzip\","
        "\"size\":42,\"digest\":\"sha256:"
        "4444444444444444444444444444444444444444444444444444444444444444\"}]}";
    CHECK_INT(dd_reg_parse_manifest(man, strlen(man), NULL, &index, &m, &e), 2);
    CHECK_INT(m.nlayers, 1);
    CHECK_INT(m.layers[0].size, 42);
    CHECK_INT(m.config.size, 7);
    dd_reg_image_manifest_free(&m);
    const char *v1 = "{\"schemaVersion\":1}";
    CHECK_INT(dd_reg_parse_manifest(v1, strlen(v1),
                                    "application/vnd.docker.distribution.manifest.v1+prettyjws",
                                    &index, &m, &e),
              -1);
    CHECK(strstr(e.msg, "schema 1") != NULL);
    const char *negsize = "{\"schemaVersion\":2,\"config\":{\"size\":-1,\"digest\":\"sha256:"
                          "3333333333333333333333333333333333333333333333333333333333333333\"},"
                          "\"layers\":[]}";
    CHECK_INT(dd_reg_parse_manifest(negsize, strlen(negsize), NULL, &index, &m, &e), -1);
}

/* ---- a fake registry for the HTTP layer: one scripted answer per connection ---- */

typedef struct fake {
    int fd;
    int port;
    const char *blob;
    size_t blob_len;
    int conns;
    char ranges[8][64]; /* Range header of each blob request */
    int nranges;
} fake;

static void reply(int c, const char *status, const char *body, size_t len, const char *extra)
{
    char head[512];
    int n = snprintf(head, sizeof head,
                     "HTTP/1.1 %s\r\nContent-Length: %zu\r\nConnection: close\r\n%s\r\n", status,
                     len, extra ? extra : "");
    ssize_t w = write(c, head, (size_t)n);
    if (len)
        w = write(c, body, len);
    (void)w;
}

static void *fake_serve(void *ud)
{
    fake *f = ud;
    for (;;) {
        int c = accept(f->fd, NULL, NULL);
        if (c < 0)
            return NULL;
        char req[4096];
        ssize_t n = read(c, req, sizeof req - 1);
        req[n > 0 ? n : 0] = '\0';
        int k = f->conns++;
        if (strstr(req, "GET /quit")) {
            close(c);
            return NULL;
        }
        if (strstr(req, "/manifests/")) {
            if (k == 0) /* the first try gets a 503: the client must retry */
                reply(c, "503 Service Unavailable", "", 0, "Retry-After: 0\r\n");
            else
                reply(c, "200 OK", "{\"schemaVersion\":2,\"manifests\":[]}", 34,
                      "Content-Type: application/vnd.oci.image.index.v1+json\r\n");
        } else if (strstr(req, "/blobs/")) {
            const char *rg = strstr(req, "Range: bytes=");
            if (f->nranges < 8)
                snprintf(f->ranges[f->nranges++], 64, "%.20s", rg ? rg + 13 : "-");
            size_t from = rg ? (size_t)atol(rg + 13) : 0;
            if (!rg) {
                /* Promise the whole blob, send half, hang up. */
                char head[256];
                int hn =
                    snprintf(head, sizeof head,
                             "HTTP/1.1 200 OK\r\nContent-Length: %zu\r\nConnection: close\r\n\r\n",
                             f->blob_len);
                ssize_t w = write(c, head, (size_t)hn);
                w = write(c, f->blob, f->blob_len / 2);
                (void)w;
            } else {
                char extra[128];
                snprintf(extra, sizeof extra, "Content-Range: bytes %zu-%zu/%zu\r\n", from,
                         f->blob_len - 1, f->blob_len);
                reply(c, "206 Partial Content", f->blob + from, f->blob_len - from, extra);
            }
        } else {
            reply(c, "404 Not Found", "", 0, NULL);
        }
        close(c);
    }
}

static void test_http(void)
{
    fake f = {0};
    f.fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t al = sizeof a;
    if (bind(f.fd, (struct sockaddr *)&a, sizeof a) < 0 || listen(f.fd, 8) < 0 ||
        getsockname(f.fd, (struct sockaddr *)&a, &al) < 0) {
        CHECK(0);
        return;
    }
    f.port = ntohs(a.sin_port);
    static char blob[300000];
    for (size_t i = 0; i < sizeof blob; i++)
        blob[i] = (char)(i * 7 + 3);
    f.blob = blob;
    f.blob_len = sizeof blob;
    pthread_t th;
    pthread_create(&th, NULL, fake_serve, &f);
    char host[64];
    snprintf(host, sizeof host, "127.0.0.1:%d", f.port);
    const char *insecure[] = {host};
    dd_registry_opts o = {.insecure = insecure, .ninsecure = 1, .docker_config = "/nonexistent"};
    dd_registry *r = NULL;
    dd_error e = {0};
    CHECK_INT(dd_registry_open(&r, host, &o, &e), 0);
    dd_reg_manifest m;
    CHECK_INT(dd_registry_get_manifest(r, "app", "latest", &m, NULL, &e), 0);
    CHECK_STR(m.media_type, DD_MT_OCI_INDEX);
    dd_reg_manifest_free(&m);
    /* The blob: cut at half, resumed from there. */
    char want[DD_DIGEST_LEN];
    dd_digest_of(blob, sizeof blob, want);
    dd_reg_blob *b = dd_registry_blob_open(r, "app", want, sizeof blob, &e);
    size_t total = 0;
    long n;
    const void *p;
    bool same = true;
    while ((n = dd_reg_blob_read(b, &p, &e)) > 0) {
        same &= memcmp(p, blob + total, (size_t)n) == 0;
        total += (size_t)n;
    }
    CHECK_INT(n, 0);
    CHECK_INT(total, sizeof blob);
    CHECK(same);
    dd_reg_blob_close(b);
    CHECK(f.nranges >= 2);
    CHECK_STR(f.ranges[0], "-");
    CHECK(f.nranges >= 2 && atol(f.ranges[1]) == (long)(sizeof blob / 2));
    /* The same bytes under another digest: refused at the end, both digests named. */
    const char *other = "sha256:5555555555555555555555555555555555555555555555555555555555555555";
    b = dd_registry_blob_open(r, "app", other, 0, &e);
    while ((n = dd_reg_blob_read(b, &p, &e)) > 0)
        ;
    CHECK_INT(n, -1);
    CHECK(strstr(e.msg, "digest mismatch") && strstr(e.msg, other) && strstr(e.msg, want));
    dd_reg_blob_close(b);
    dd_registry_free(r);
    /* Stop the server. */
    int c = socket(AF_INET, SOCK_STREAM, 0);
    if (connect(c, (struct sockaddr *)&a, sizeof a) == 0) {
        ssize_t w = write(c, "GET /quit HTTP/1.1\r\n\r\n", 22);
        (void)w;
    }
    close(c);
    pthread_join(th, NULL);
    close(f.fd);
}

int main(void)
{
    test_refs();
    test_challenge();
    test_creds();
    test_manifest();
    test_http();
    return dd_test_done();
}
