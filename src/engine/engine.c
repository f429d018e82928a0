#include "engine/engine.h"

#include <curl/curl.h>
#include <errno.h>
#include <stdint.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/buf.h"
#include "core/cleanup.h"
#include "core/mem.h"

struct dd_engine {
    char *host;      /* as given: unix:///path or tcp://h:p */
    char *sock_path; /* unix socket path, or NULL */
    char *base_url;  /* http://localhost or https://h:p */
    bool tls;
    char *ca, *cert, *key;
    long timeout_ms, stall_ms;
    char api[16];
    json_t *version;
};

static pthread_once_t curl_once = PTHREAD_ONCE_INIT;
static void curl_init_once(void)
{
    curl_global_init(CURL_GLOBAL_DEFAULT);
}

static bool env_true(const char *name)
{
    const char *v = getenv(name);
    return v && *v && strcmp(v, "0") != 0;
}

int dd_engine_open(dd_engine **out, const dd_engine_config *cfg, dd_error *e)
{
    pthread_once(&curl_once, curl_init_once);
    const char *host = cfg && cfg->host ? cfg->host : getenv("DOCKER_HOST");
    if (!host || !*host)
        host = "unix:///var/run/docker.sock";
    dd_engine *eng = dd_xcalloc(1, sizeof *eng);
    eng->host = dd_xstrdup(host);
    eng->timeout_ms = cfg && cfg->timeout_ms ? cfg->timeout_ms : 30000;
    eng->stall_ms = cfg && cfg->stall_ms ? cfg->stall_ms : 60000;
    if (strncmp(host, "unix://", 7) == 0) {
        eng->sock_path = dd_xstrdup(host + 7);
        eng->base_url = dd_xstrdup("http://localhost");
        if (!*eng->sock_path) {
            dd_engine_free(eng);
            return dd_error_set(e, DD_ERR_USAGE, 0, "invalid docker host '%s': empty socket path",
                                host);
        }
    } else if (strncmp(host, "tcp://", 6) == 0 || strncmp(host, "https://", 8) == 0 ||
               strncmp(host, "http://", 7) == 0) {
        const char *hp = strstr(host, "://") + 3;
        int tls = cfg ? cfg->tls_verify : -1;
        if (tls < 0)
            tls = env_true("DOCKER_TLS_VERIFY") || strncmp(host, "https://", 8) == 0;
        eng->tls = tls;
        /* docker defaults: 2375 plain, 2376 TLS */
        bool has_port = strchr(hp, ':') && strchr(hp, ']') < strrchr(hp, ':');
        eng->base_url = dd_xasprintf("%s://%s%s", tls ? "https" : "http", hp,
                                     has_port ? "" : (tls ? ":2376" : ":2375"));
        size_t n = strlen(eng->base_url);
        if (n && eng->base_url[n - 1] == '/')
            eng->base_url[n - 1] = '\0';
        if (tls) {
            const char *cp = cfg && cfg->cert_path ? cfg->cert_path : getenv("DOCKER_CERT_PATH");
            _cleanup_free_ char *def = NULL;
            if (!cp || !*cp) {
                const char *home = getenv("HOME");
                def = dd_xasprintf("%s/.docker", home ? home : "/root");
                cp = def;
            }
            eng->ca = dd_xasprintf("%s/ca.pem", cp);
            eng->cert = dd_xasprintf("%s/cert.pem", cp);
            eng->key = dd_xasprintf("%s/key.pem", cp);
            const char *files[] = {eng->ca, eng->cert, eng->key};
            for (size_t i = 0; i < 3; i++)
                if (access(files[i], R_OK) != 0) {
                    dd_error_sys(e, errno, "TLS is on for %s but %s cannot be read", host,
                                 files[i]);
                    dd_engine_free(eng);
                    return dd_error_hint(e, "set DOCKER_CERT_PATH to the folder holding "
                                            "ca.pem, cert.pem and key.pem");
                }
        }
    } else {
        dd_engine_free(eng);
        dd_error_set(e, DD_ERR_USAGE, 0, "unsupported docker host '%s'", host);
        return dd_error_hint(e, "use unix:///path/to/docker.sock or tcp://HOST:PORT");
    }
    snprintf(eng->api, sizeof eng->api, "%s", DD_ENGINE_MAX_API);
    *out = eng;
    return 0;
}

void dd_engine_free(dd_engine *eng)
{
    if (!eng)
        return;
    free(eng->host);
    free(eng->sock_path);
    free(eng->base_url);
    free(eng->ca);
    free(eng->cert);
    free(eng->key);
    if (eng->version)
        json_decref(eng->version);
    free(eng);
}

const char *dd_engine_host(const dd_engine *eng)
{
    return eng->host;
}
const char *dd_engine_api_version(const dd_engine *eng)
{
    return eng->api;
}
json_t *dd_engine_version_json(const dd_engine *eng)
{
    return eng->version;
}

char *dd_engine_escape(const char *s)
{
    dd_buf b = DD_BUF_INIT;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
            strchr("-._~", *p))
            dd_buf_putc(&b, (char)*p);
        else
            dd_buf_printf(&b, "%%%02X", *p);
    }
    return dd_buf_steal(&b);
}

/* ---- one request ---------------------------------------------------------------- */

typedef struct req {
    CURL *curl;
    dd_buf body;
    size_t limit;
    size_t *budget; /* bytes the whole set may still take, or NULL */
    bool too_big, over_budget;
    dd_engine_sink sink;
    void *sink_ud;
    dd_error *sink_err;
    bool sink_failed;
    char errbuf[CURL_ERROR_SIZE];
    struct curl_slist *headers;
} req;

static size_t on_data(char *ptr, size_t size, size_t nmemb, void *ud)
{
    req *r = ud;
    size_t n = size * nmemb;
    long code = 0;
    if (r->sink)
        curl_easy_getinfo(r->curl, CURLINFO_RESPONSE_CODE, &code);
    /* An error answer is small JSON with the daemon's message: kept, not streamed. */
    if (r->sink && code >= 200 && code < 300) {
        if (r->sink(ptr, n, r->sink_ud, r->sink_err) < 0) {
            r->sink_failed = true;
            return 0;
        }
        return n;
    }
    if (r->body.len + n > r->limit) {
        r->too_big = true;
        return 0;
    }
    if (r->budget) {
        if (n > *r->budget) {
            r->over_budget = true;
            return 0;
        }
        *r->budget -= n;
    }
    dd_buf_append(&r->body, ptr, n);
    return n;
}

/* Lists are the collection endpoints; every other answer is about one object. */
static size_t answer_limit(const char *path)
{
    static const char *const lists[] = {"/containers/json", "/images/json", "/networks", "/volumes",
                                        "/services",        "/tasks",       "/nodes",    "/secrets",
                                        "/configs",         "/plugins"};
    size_t n = strcspn(path, "?");
    for (size_t i = 0; i < DD_ARRAY_SIZE(lists); i++)
        if (strlen(lists[i]) == n && strncmp(path, lists[i], n) == 0)
            return DD_ENGINE_MAX_LIST;
    return DD_ENGINE_MAX_OBJECT;
}

static void req_setup(dd_engine *eng, req *r, const char *path, bool versioned, long timeout_ms)
{
    memset(r, 0, sizeof *r);
    r->limit = answer_limit(path);
    r->curl = curl_easy_init();
    if (!r->curl) {
        fputs("drydock: curl_easy_init failed\n", stderr);
        abort();
    }
    _cleanup_free_ char *url = versioned ? dd_xasprintf("%s/v%s%s", eng->base_url, eng->api, path)
                                         : dd_xasprintf("%s%s", eng->base_url, path);
    CURL *c = r->curl;
    curl_easy_setopt(c, CURLOPT_URL, url);
    if (eng->sock_path)
        curl_easy_setopt(c, CURLOPT_UNIX_SOCKET_PATH, eng->sock_path);
    if (eng->tls) {
        curl_easy_setopt(c, CURLOPT_CAINFO, eng->ca);
        curl_easy_setopt(c, CURLOPT_SSLCERT, eng->cert);
        curl_easy_setopt(c, CURLOPT_SSLKEY, eng->key);
        curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 1L);
        curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 2L);
    }
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_data);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, r);
    curl_easy_setopt(c, CURLOPT_ERRORBUFFER, r->errbuf);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, 10000L);
    curl_easy_setopt(c, CURLOPT_USERAGENT, "drydock/" DD_VERSION);
    /* The daemon is local or explicitly named: never route it through a proxy. */
    curl_easy_setopt(c, CURLOPT_NOPROXY, "*");
    if (timeout_ms > 0) {
        curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, timeout_ms);
    } else {
        /* streams: give up when the daemon trickles (less than 1 KiB/s for stall_ms) */
        curl_easy_setopt(c, CURLOPT_LOW_SPEED_LIMIT, 1024L);
        curl_easy_setopt(c, CURLOPT_LOW_SPEED_TIME, (eng->stall_ms + 999) / 1000);
    }
}

static void req_cleanup(req *r)
{
    if (r->curl)
        curl_easy_cleanup(r->curl);
    if (r->headers)
        curl_slist_free_all(r->headers);
    dd_buf_free(&r->body);
}

/* Turn a connection failure into the message and hint a user needs. */
static int connect_error(dd_engine *eng, CURLcode rc, const req *r, dd_error *e)
{
    if (eng->sock_path && (rc == CURLE_COULDNT_CONNECT || rc == CURLE_COULDNT_RESOLVE_HOST)) {
        struct stat st;
        if (stat(eng->sock_path, &st) != 0) {
            dd_error_set(e, DD_ERR_RUN, ENOENT,
                         "cannot connect to the Docker daemon at %s: the socket does not exist",
                         eng->host);
            return dd_error_hint(e, "is the docker daemon running? (systemctl start docker), "
                                    "or point -H/DOCKER_HOST at the right socket");
        }
        if (access(eng->sock_path, R_OK | W_OK) != 0 && errno == EACCES) {
            dd_error_set(e, DD_ERR_RUN, EACCES,
                         "permission denied while trying to connect to the Docker daemon "
                         "socket at %s",
                         eng->host);
            return dd_error_hint(e, "run as root, or add your user to the 'docker' group "
                                    "(usermod -aG docker $USER) and log in again; note that "
                                    "access to the socket is equivalent to root");
        }
        dd_error_set(e, DD_ERR_RUN, ECONNREFUSED,
                     "cannot connect to the Docker daemon at %s: %s (is the docker daemon "
                     "running?)",
                     eng->host, r->errbuf[0] ? r->errbuf : curl_easy_strerror(rc));
        return -1;
    }
    if (rc == CURLE_OPERATION_TIMEDOUT)
        return dd_error_set(e, DD_ERR_RUN, ETIMEDOUT, "the Docker daemon at %s did not answer in "
                                                     "time: %s",
                            eng->host, r->errbuf);
    if (r->too_big)
        return dd_error_set(e, DD_ERR_INPUT, EFBIG,
                            "the Docker daemon at %s sent more than %zu MiB for one answer, "
                            "more than such an answer can be",
                            eng->host, r->limit >> 20);
    if (r->over_budget)
        return dd_error_set(e, DD_ERR_INPUT, EFBIG,
                            "the Docker daemon at %s sent more than %u MiB for the answers of "
                            "one round of requests together",
                            eng->host, DD_ENGINE_MAX_SET >> 20);
    return dd_error_set(e, DD_ERR_RUN, 0, "request to the Docker daemon at %s failed: %s",
                        eng->host, r->errbuf[0] ? r->errbuf : curl_easy_strerror(rc));
}

/* Parse a finished request: status check, then JSON. */
static int req_finish(dd_engine *eng, req *r, CURLcode rc, const char *path, json_t **out,
                      long *status, dd_error *e)
{
    if (rc != CURLE_OK)
        return connect_error(eng, rc, r, e);
    long code = 0;
    curl_easy_getinfo(r->curl, CURLINFO_RESPONSE_CODE, &code);
    if (status)
        *status = code;
    json_error_t jerr;
    json_t *j = r->body.len ? json_loadb(r->body.data, r->body.len, JSON_DECODE_ANY, &jerr) : NULL;
    if (code < 200 || code > 299) {
        const char *msg = j ? json_string_value(json_object_get(j, "message")) : NULL;
        dd_error_set(e, code == 404 ? DD_ERR_RUN : DD_ERR_RUN, 0, "GET %s: HTTP %ld: %s", path,
                     code, msg ? msg : (r->body.len ? "(no message)" : "empty answer"));
        if (j)
            json_decref(j);
        return -1;
    }
    if (!out) {
        if (j)
            json_decref(j);
        return 0;
    }
    if (!j)
        return dd_error_set(e, DD_ERR_INPUT, 0,
                            "GET %s: the Docker daemon sent invalid JSON (line %d, column %d: %s)",
                            path, jerr.line, jerr.column, r->body.len ? jerr.text : "empty body");
    *out = j;
    return 0;
}

int dd_engine_get_json(dd_engine *eng, const char *path, json_t **out, long *status, dd_error *e)
{
    req r;
    req_setup(eng, &r, path, true, eng->timeout_ms);
    CURLcode rc = curl_easy_perform(r.curl);
    int ret = req_finish(eng, &r, rc, path, out, status, e);
    req_cleanup(&r);
    return ret;
}

int dd_engine_post_json(dd_engine *eng, const char *path, const json_t *body, json_t **out,
                        long *status, dd_error *e)
{
    req r;
    req_setup(eng, &r, path, true, eng->timeout_ms);
    _cleanup_free_ char *data = body ? json_dumps(body, JSON_COMPACT) : dd_xstrdup("");
    r.headers = curl_slist_append(NULL, "Content-Type: application/json");
    curl_easy_setopt(r.curl, CURLOPT_HTTPHEADER, r.headers);
    curl_easy_setopt(r.curl, CURLOPT_POSTFIELDS, data);
    CURLcode rc = curl_easy_perform(r.curl);
    long code = 0;
    curl_easy_getinfo(r.curl, CURLINFO_RESPONSE_CODE, &code);
    int ret;
    if (rc == CURLE_OK && code >= 200 && code < 300 && r.body.len == 0) {
        if (status)
            *status = code;
        if (out)
            *out = json_null();
        ret = 0;
    } else {
        ret = req_finish(eng, &r, rc, path, out, status, e);
    }
    req_cleanup(&r);
    return ret;
}

/* Each request in flight uses its own connection; the daemon serves them concurrently.
 * Eight at a time keeps the daemon busy without flooding it. */
#define DD_ENGINE_PARALLEL 8

size_t dd_engine_get_json_many(dd_engine *eng, const char *const *paths, size_t n, json_t **outs,
                               long *statuses, dd_error *errs)
{
    size_t failed = 0;
    if (n == 0)
        return 0;
    CURLM *multi = curl_multi_init();
    curl_multi_setopt(multi, CURLMOPT_MAX_TOTAL_CONNECTIONS, (long)DD_ENGINE_PARALLEL);
    req *reqs = dd_xcalloc(n, sizeof *reqs);
    size_t next = 0, running_n = 0;
    /* Text held for the set: answers parsed and kept by the caller, and those in flight.
     * A parsed answer takes a few times its text in memory, so this bounds both. */
    size_t budget = DD_ENGINE_MAX_SET;
    bool stalled = false;
    for (; next < n && next < DD_ENGINE_PARALLEL; next++, running_n++) {
        req_setup(eng, &reqs[next], paths[next], true, eng->timeout_ms);
        reqs[next].budget = &budget;
        curl_easy_setopt(reqs[next].curl, CURLOPT_PRIVATE, (void *)(uintptr_t)next);
        curl_multi_add_handle(multi, reqs[next].curl);
    }
    while (running_n > 0) {
        int still = 0;
        curl_multi_perform(multi, &still);
        CURLMsg *msg;
        int left;
        while ((msg = curl_multi_info_read(multi, &left))) {
            if (msg->msg != CURLMSG_DONE)
                continue;
            void *priv = NULL;
            curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, &priv);
            size_t i = (size_t)(uintptr_t)priv;
            CURLcode rc = msg->data.result;
            curl_multi_remove_handle(multi, reqs[i].curl);
            outs[i] = NULL;
            dd_error_clear(&errs[i]);
            statuses[i] = 0;
            if (req_finish(eng, &reqs[i], rc, paths[i], &outs[i], &statuses[i], &errs[i]) < 0) {
                failed++;
                budget += reqs[i].body.len; /* not kept */
            }
            if (rc == CURLE_OPERATION_TIMEDOUT)
                stalled = true;
            req_cleanup(&reqs[i]);
            running_n--;
            /* The daemon stopped answering: the rest would each wait out a timeout. */
            for (; stalled && next < n; next++, failed++) {
                outs[next] = NULL;
                statuses[next] = 0;
                dd_error_set(&errs[next], DD_ERR_RUN, ETIMEDOUT,
                             "GET %s: not asked: the Docker daemon at %s did not answer an "
                             "earlier request in time",
                             paths[next], eng->host);
            }
            if (next < n) {
                req_setup(eng, &reqs[next], paths[next], true, eng->timeout_ms);
                reqs[next].budget = &budget;
                curl_easy_setopt(reqs[next].curl, CURLOPT_PRIVATE, (void *)(uintptr_t)next);
                curl_multi_add_handle(multi, reqs[next].curl);
                next++;
                running_n++;
            }
        }
        if (running_n > 0)
            curl_multi_poll(multi, NULL, 0, 1000, NULL);
    }
    curl_multi_cleanup(multi);
    free(reqs);
    return failed;
}

int dd_engine_stream(dd_engine *eng, const char *path, dd_engine_sink cb, void *ud, dd_error *e)
{
    req r;
    req_setup(eng, &r, path, true, 0);
    r.sink = cb;
    r.sink_ud = ud;
    r.sink_err = e;
    /* An error answer is small JSON; route it to the body buffer instead of the sink. */
    curl_easy_setopt(r.curl, CURLOPT_FAILONERROR, 0L);
    CURLcode rc = curl_easy_perform(r.curl);
    int ret = 0;
    if (r.sink_failed) {
        ret = -1; /* the sink set the error */
    } else if (rc != CURLE_OK) {
        ret = connect_error(eng, rc, &r, e);
    } else {
        ret = req_finish(eng, &r, rc, path, NULL, NULL, e);
    }
    req_cleanup(&r);
    return ret;
}

/* "1.41" < "1.43": compare major.minor numerically. */
static int api_cmp(const char *a, const char *b)
{
    unsigned am = 0, an = 0, bm = 0, bn = 0;
    sscanf(a, "%u.%u", &am, &an);
    sscanf(b, "%u.%u", &bm, &bn);
    if (am != bm)
        return am < bm ? -1 : 1;
    return an < bn ? -1 : an > bn;
}

int dd_engine_connect(dd_engine *eng, dd_error *e)
{
    req r;
    req_setup(eng, &r, "/version", false, eng->timeout_ms);
    CURLcode rc = curl_easy_perform(r.curl);
    json_t *v = NULL;
    int ret = req_finish(eng, &r, rc, "/version", &v, NULL, e);
    req_cleanup(&r);
    if (ret < 0)
        return ret;
    const char *api = json_string_value(json_object_get(v, "ApiVersion"));
    if (!api) {
        json_decref(v);
        return dd_error_set(e, DD_ERR_INPUT, 0,
                            "%s answered /version without an ApiVersion: is it a Docker daemon?",
                            eng->host);
    }
    if (api_cmp(api, DD_ENGINE_MIN_API) < 0) {
        json_decref(v);
        return dd_error_set(e, DD_ERR_RUN, 0,
                            "the Docker daemon at %s speaks API %s; drydock needs %s or newer",
                            eng->host, api, DD_ENGINE_MIN_API);
    }
    snprintf(eng->api, sizeof eng->api, "%s",
             api_cmp(api, DD_ENGINE_MAX_API) < 0 ? api : DD_ENGINE_MAX_API);
    if (eng->version)
        json_decref(eng->version);
    eng->version = v;
    return 0;
}
