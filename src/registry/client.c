/* The registry v2 HTTP layer: requests with the auth handshake, retries with back-off,
 * manifests and small blobs in memory (bounded, verified), uploads.
 *
 * Trust boundary: everything the registry sends is untrusted. Bodies are bounded before
 * they are kept, manifests fetched by digest and every blob are hashed and compared
 * with the digest that names them (image/digest.h), and credentials only go over TLS or
 * to a registry the user declared insecure. */
#include "registry/internal.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "core/buf.h"
#include "core/cleanup.h"
#include "core/mem.h"
#include "core/rootfile.h"

/* ------------------------------------------------------------------ setup ---- */

/* Debian's bundle of the system's roots (ca-certificates), which curl uses by default. */
#define DD_SYSTEM_CA_BUNDLE "/etc/ssl/certs/ca-certificates.crt"

static void share_lock(CURL *h, curl_lock_data d, curl_lock_access a, void *ud)
{
    (void)h;
    (void)a;
    dd_registry *r = ud;
    pthread_mutex_lock(&r->share_locks[(unsigned)d % DD_REG_SHARE_LOCKS]);
}

static void share_unlock(CURL *h, curl_lock_data d, void *ud)
{
    (void)h;
    dd_registry *r = ud;
    pthread_mutex_unlock(&r->share_locks[(unsigned)d % DD_REG_SHARE_LOCKS]);
}

bool dd_registry_opts_insecure(const dd_registry_opts *o, const char *host)
{
    for (size_t i = 0; o && i < o->ninsecure; i++)
        if (strcasecmp(o->insecure[i], host) == 0)
            return true;
    return false;
}

/* The registry's own CAs and client certificate, as dockerd reads certs.d/HOST/: every
 * *.crt is a CA added to the system's roots (not instead of them), a *.cert with the *.key
 * of the same name is the client certificate. Bounded: a CA file is kilobytes. */
static int load_certs_d(dd_registry *r, const dd_registry_opts *o, const char *host, dd_error *e)
{
    const char *certs = o && o->certs_dir ? o->certs_dir : getenv("DRYDOCK_CERTS_D");
    if (!certs || !*certs)
        certs = "/etc/docker/certs.d";
    _cleanup_free_ char *dir = dd_xasprintf("%s/%s", certs, host);
    struct dirent **ents = NULL;
    int n = scandir(dir, &ents, NULL, alphasort);
    if (n < 0)
        return 0; /* no directory for this registry: the system's roots */
    int rc = 0;
    dd_buf cas = {0};
    for (int i = 0; i < n; i++) {
        const char *name = ents[i]->d_name;
        size_t len = strlen(name);
        _cleanup_free_ char *path = dd_xasprintf("%s/%s", dir, name);
        if (rc == 0 && len > 4 && strcmp(name + len - 4, ".crt") == 0) {
            if (dd_buf_read_file(&cas, path, cas.len + (1u << 20)) < 0)
                rc = dd_error_sys(e, errno, "registry %s: cannot read the CA %s", host, path);
            dd_buf_append(&cas, "\n", 1);
        } else if (rc == 0 && !r->client_cert && len > 5 && strcmp(name + len - 5, ".cert") == 0) {
            _cleanup_free_ char *key = dd_xasprintf("%s/%.*s.key", dir, (int)(len - 5), name);
            if (access(key, R_OK) != 0) {
                rc = dd_error_set(e, DD_ERR_RUN, 0,
                                  "registry %s: client certificate %s has no key %s", host, path,
                                  key);
            } else {
                r->client_cert = steal_pointer(&path);
                r->client_key = steal_pointer(&key);
            }
        }
        free(ents[i]);
    }
    free(ents);
    if (rc == 0 && cas.len) {
        /* curl's CAINFO replaces the default bundle; dockerd adds to it. */
        if (dd_buf_read_file(&r->ca_pem, DD_SYSTEM_CA_BUNDLE, 16u << 20) < 0)
            dd_buf_free(&r->ca_pem); /* no system bundle: the registry's CAs alone */
        dd_buf_append(&r->ca_pem, "\n", 1);
        dd_buf_append(&r->ca_pem, cas.data, cas.len);
    }
    dd_buf_free(&cas);
    return rc;
}

int dd_registry_open(dd_registry **out, const char *host, const dd_registry_opts *o, dd_error *e)
{
    *out = NULL;
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once(&once, dd_reg_curl_global_init);
    dd_registry *r = dd_xcalloc(1, sizeof *r);
    r->host = dd_xstrdup(host);
    /* Docker Hub's API lives on another name than its references. */
    const char *api = strcmp(host, "docker.io") == 0 ? "registry-1.docker.io" : host;
    r->insecure = dd_registry_opts_insecure(o, host);
    r->base = dd_xasprintf("%s://%s", r->insecure ? "http" : "https", api);
    r->retries = o && o->retries > 0 ? o->retries : 4;
    pthread_mutex_init(&r->lock, NULL);
    for (size_t i = 0; i < DD_REG_SHARE_LOCKS; i++)
        pthread_mutex_init(&r->share_locks[i], NULL);
    r->share = curl_share_init();
    curl_share_setopt(r->share, CURLSHOPT_LOCKFUNC, share_lock);
    curl_share_setopt(r->share, CURLSHOPT_UNLOCKFUNC, share_unlock);
    curl_share_setopt(r->share, CURLSHOPT_USERDATA, r);
    curl_share_setopt(r->share, CURLSHOPT_SHARE, CURL_LOCK_DATA_CONNECT);
    curl_share_setopt(r->share, CURLSHOPT_SHARE, CURL_LOCK_DATA_DNS);
    curl_share_setopt(r->share, CURLSHOPT_SHARE, CURL_LOCK_DATA_SSL_SESSION);

    if (load_certs_d(r, o, host, e) < 0) {
        dd_registry_free(r);
        return -1;
    }
    if (o && o->username) {
        r->creds.username = dd_xstrdup(o->username);
        r->creds.password = dd_xstrdup(o->password ? o->password : "");
    } else if (dd_reg_creds_lookup(o ? o->docker_config : NULL, host, &r->creds, e) < 0) {
        dd_registry_free(r);
        return -1;
    }
    *out = r;
    return 0;
}

void dd_registry_free(dd_registry *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->ntokens; i++) {
        free(r->tokens[i].scope);
        if (r->tokens[i].token)
            explicit_bzero(r->tokens[i].token, strlen(r->tokens[i].token));
        free(r->tokens[i].token);
    }
    free(r->tokens);
    dd_auth_challenge_free(&r->challenge);
    dd_reg_creds_free(&r->creds);
    if (r->share)
        curl_share_cleanup(r->share);
    for (size_t i = 0; i < DD_REG_SHARE_LOCKS; i++)
        pthread_mutex_destroy(&r->share_locks[i]);
    pthread_mutex_destroy(&r->lock);
    free(r->host);
    free(r->base);
    dd_buf_free(&r->ca_pem);
    free(r->client_cert);
    free(r->client_key);
    free(r);
}

const char *dd_registry_host(const dd_registry *r)
{
    return r->host;
}

void dd_reg_curl_global_init(void)
{
    curl_global_init(CURL_GLOBAL_DEFAULT);
}

/* An easy handle with what every request to this registry shares. */
CURL *dd_reg_easy(dd_registry *r)
{
    CURL *h = curl_easy_init();
    if (!h)
        abort();
    curl_easy_setopt(h, CURLOPT_SHARE, r->share);
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(h, CURLOPT_USERAGENT, "drydock/" DD_VERSION);
    curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, 30L);
    /* A stalled transfer is broken, whatever its size. */
    curl_easy_setopt(h, CURLOPT_LOW_SPEED_LIMIT, 1L);
    curl_easy_setopt(h, CURLOPT_LOW_SPEED_TIME, 60L);
    curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(h, CURLOPT_REDIR_PROTOCOLS_STR, r->insecure ? "http,https" : "https");
    if (r->ca_pem.len) {
        struct curl_blob blob = {r->ca_pem.data, r->ca_pem.len, CURL_BLOB_NOCOPY};
        curl_easy_setopt(h, CURLOPT_CAINFO_BLOB, &blob);
    }
    if (r->client_cert) {
        curl_easy_setopt(h, CURLOPT_SSLCERT, r->client_cert);
        curl_easy_setopt(h, CURLOPT_SSLKEY, r->client_key);
    }
    if (r->insecure) {
        /* Asked for by name (--insecure-registry): an https registry with a self-signed
         * certificate is then accepted too, as dockerd does for insecure registries. */
        curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 0L);
        curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 0L);
    }
    return h;
}

/* ------------------------------------------------------------ responses ---- */

static size_t on_body(char *p, size_t size, size_t n, void *ud)
{
    dd_reg_req *q = ud;
    size_t len = size * n;
    if (q->body.len + len > q->max) {
        q->too_big = true;
        return 0;
    }
    dd_buf_append(&q->body, p, len);
    return len;
}

char *dd_reg_header_value(const char *p, size_t len, const char *name)
{
    size_t nl = strlen(name);
    if (len <= nl + 1 || strncasecmp(p, name, nl) != 0 || p[nl] != ':')
        return NULL;
    p += nl + 1;
    len -= nl + 1;
    while (len && (*p == ' ' || *p == '\t')) {
        p++;
        len--;
    }
    while (len && (p[len - 1] == '\r' || p[len - 1] == '\n' || p[len - 1] == ' '))
        len--;
    return len < 8192 ? dd_xstrndup(p, len) : NULL;
}

static void set_str(char **slot, char *v)
{
    if (!v)
        return;
    free(*slot);
    *slot = v;
}

size_t dd_reg_on_header(char *p, size_t size, size_t n, void *ud)
{
    dd_reg_req *q = ud;
    size_t len = size * n;
    if (len > 5 && strncmp(p, "HTTP/", 5) == 0) {
        /* A new response (after a redirect or 100-continue): forget the previous one's. */
        free(q->www_auth);
        free(q->location);
        free(q->ctype);
        free(q->docker_digest);
        q->www_auth = q->location = q->ctype = q->docker_digest = NULL;
        q->retry_after = 0;
        return len;
    }
    set_str(&q->www_auth, dd_reg_header_value(p, len, "WWW-Authenticate"));
    set_str(&q->location, dd_reg_header_value(p, len, "Location"));
    set_str(&q->ctype, dd_reg_header_value(p, len, "Content-Type"));
    set_str(&q->docker_digest, dd_reg_header_value(p, len, "Docker-Content-Digest"));
    char *ra = dd_reg_header_value(p, len, "Retry-After");
    if (ra) {
        long s = strtol(ra, NULL, 10);
        q->retry_after = s > 0 && s < 3600 ? s : 0;
        free(ra);
    }
    return len;
}

void dd_reg_req_reset_response(dd_reg_req *q)
{
    dd_buf_free(&q->body);
    free(q->www_auth);
    free(q->location);
    free(q->ctype);
    free(q->docker_digest);
    q->www_auth = q->location = q->ctype = q->docker_digest = NULL;
    q->too_big = false;
    q->status = 0;
    q->retry_after = 0;
}

void dd_reg_req_free(dd_reg_req *q)
{
    dd_reg_req_reset_response(q);
    free(q->url);
    q->url = NULL;
}

/* The registry's own words for an error: {"errors":[{"code","message"}]}. */
void dd_reg_error_body(const dd_buf *b, char *out, size_t cap)
{
    out[0] = '\0';
    if (!b->data || !b->len)
        return;
    json_error_t je;
    json_t *j = json_loadb(b->data, b->len, 0, &je);
    json_t *e0 = json_array_get(json_object_get(j, "errors"), 0);
    const char *code = json_string_value(json_object_get(e0, "code"));
    const char *msg = json_string_value(json_object_get(e0, "message"));
    if (code || msg)
        snprintf(out, cap, ": %s%s%.300s", code ? code : "", code && msg ? " " : "",
                 msg ? msg : "");
    if (j)
        json_decref(j);
}

/* ------------------------------------------------------------ auth ---- */

/* The token cached for a scope, or NULL. Called with r->lock held. */
static const char *token_for(dd_registry *r, const char *scope)
{
    for (size_t i = 0; i < r->ntokens; i++)
        if (strcmp(r->tokens[i].scope, scope) == 0)
            return r->tokens[i].token;
    return NULL;
}

static void token_store(dd_registry *r, const char *scope, const char *token)
{
    pthread_mutex_lock(&r->lock);
    for (size_t i = 0; i < r->ntokens; i++)
        if (strcmp(r->tokens[i].scope, scope) == 0) {
            free(r->tokens[i].token);
            r->tokens[i].token = dd_xstrdup(token);
            pthread_mutex_unlock(&r->lock);
            return;
        }
    r->tokens = dd_xgrow(r->tokens, &r->captokens, r->ntokens + 1, sizeof *r->tokens);
    r->tokens[r->ntokens].scope = dd_xstrdup(scope);
    r->tokens[r->ntokens].token = dd_xstrdup(token);
    r->ntokens++;
    pthread_mutex_unlock(&r->lock);
}

char *dd_reg_scope(const dd_reg_req *q)
{
    if (!q->repo)
        return dd_xstrdup("");
    return dd_xasprintf("repository:%s:%s", q->repo, q->push ? "pull,push" : "pull");
}

/* The Authorization header for a request, or NULL (anonymous until challenged). */
char *dd_reg_auth_header(dd_registry *r, const dd_reg_req *q)
{
    char *h = NULL;
    _cleanup_free_ char *scope = dd_reg_scope(q);
    pthread_mutex_lock(&r->lock);
    if (strcmp(r->challenge.scheme, "bearer") == 0) {
        const char *t = token_for(r, scope);
        if (t)
            h = dd_xasprintf("Authorization: Bearer %s", t);
    } else if (strcmp(r->challenge.scheme, "basic") == 0 && r->creds.username) {
        _cleanup_free_ char *up = dd_xasprintf("%s:%s", r->creds.username, r->creds.password);
        size_t n = strlen(up);
        char *b64 = dd_xmalloc(4 * ((n + 2) / 3) + 1);
        EVP_EncodeBlock((unsigned char *)b64, (const unsigned char *)up, (int)n);
        h = dd_xasprintf("Authorization: Basic %s", b64);
        explicit_bzero(up, n);
        explicit_bzero(b64, strlen(b64));
        free(b64);
    }
    pthread_mutex_unlock(&r->lock);
    return h;
}

static char *url_escape(CURL *h, const char *s)
{
    char *x = curl_easy_escape(h, s, 0);
    char *r = dd_xstrdup(x);
    curl_free(x);
    return r;
}

/* Fetch a token from the Bearer realm for `scope`. */
static int fetch_token(dd_registry *r, const dd_auth_challenge *c, const char *scope, dd_error *e)
{
    if (strncmp(c->realm, "http://", 7) == 0 && !r->insecure)
        return dd_error_set(e, DD_ERR_INPUT, 0,
                            "registry %s: token realm %s is plain HTTP; refusing to send "
                            "credentials there (list the registry with --insecure-registry "
                            "to allow it)",
                            r->host, c->realm);
    CURL *h = dd_reg_easy(r);
    dd_reg_req q = {.max = DD_REG_MAX_SMALL};
    dd_buf url = DD_BUF_INIT;
    dd_buf form = DD_BUF_INIT;
    _cleanup_free_ char *svc = c->service ? url_escape(h, c->service) : NULL;
    _cleanup_free_ char *sc = scope && *scope ? url_escape(h, scope) : NULL;
    int rc = -1;
    struct curl_slist *hdrs = NULL;
    _cleanup_json_ json_t *j = NULL;
    if (r->creds.identity_token) {
        /* OAuth2 refresh token: POST the form to the realm (docker's flow). */
        _cleanup_free_ char *rt = url_escape(h, r->creds.identity_token);
        dd_buf_puts(&url, c->realm);
        dd_buf_printf(&form, "grant_type=refresh_token&client_id=drydock&refresh_token=%s", rt);
        if (svc)
            dd_buf_printf(&form, "&service=%s", svc);
        if (sc)
            dd_buf_printf(&form, "&scope=%s", sc);
        curl_easy_setopt(h, CURLOPT_POSTFIELDS, form.data);
    } else {
        dd_buf_puts(&url, c->realm);
        char sep = strchr(c->realm, '?') ? '&' : '?';
        if (svc) {
            dd_buf_printf(&url, "%cservice=%s", sep, svc);
            sep = '&';
        }
        if (sc)
            dd_buf_printf(&url, "%cscope=%s", sep, sc);
        if (r->creds.username) {
            curl_easy_setopt(h, CURLOPT_HTTPAUTH, CURLAUTH_BASIC);
            curl_easy_setopt(h, CURLOPT_USERNAME, r->creds.username);
            curl_easy_setopt(h, CURLOPT_PASSWORD, r->creds.password);
        }
    }
    curl_easy_setopt(h, CURLOPT_URL, url.data);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, &q);
    curl_easy_setopt(h, CURLOPT_TIMEOUT, 60L);
    CURLcode cc = curl_easy_perform(h);
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &q.status);
    if (cc != CURLE_OK) {
        dd_error_set(e, DD_ERR_RUN, 0, "registry %s: token request to %s failed: %s", r->host,
                     c->realm, curl_easy_strerror(cc));
        goto out;
    }
    if (q.status == 401 || q.status == 403) {
        dd_error_set(e, DD_ERR_RUN, 0, "registry %s: the token service %s refused %s (HTTP %ld)",
                     r->host, c->realm,
                     r->creds.username || r->creds.identity_token ? "the credentials"
                                                                  : "anonymous access",
                     q.status);
        dd_error_hint(e, "log in with 'docker login %s' or pass --username with --password-stdin",
                      r->host);
        goto out;
    }
    if (q.status != 200) {
        dd_error_set(e, DD_ERR_RUN, 0, "registry %s: token request to %s: HTTP %ld", r->host,
                     c->realm, q.status);
        goto out;
    }
    json_error_t je;
    j = q.body.data ? json_loadb(q.body.data, q.body.len, 0, &je) : NULL;
    const char *tok = json_string_value(json_object_get(j, "token"));
    if (!tok || !*tok)
        tok = json_string_value(json_object_get(j, "access_token"));
    if (!tok || !*tok || strlen(tok) > 64 * 1024 || strpbrk(tok, "\r\n")) {
        dd_error_set(e, DD_ERR_INPUT, 0, "registry %s: the token service %s sent no usable token",
                     r->host, c->realm);
        goto out;
    }
    token_store(r, scope ? scope : "", tok);
    rc = 0;
out:
    if (q.body.data)
        explicit_bzero(q.body.data, q.body.len);
    dd_reg_req_free(&q);
    dd_buf_free(&url);
    if (form.data)
        explicit_bzero(form.data, form.len);
    dd_buf_free(&form);
    curl_slist_free_all(hdrs);
    curl_easy_cleanup(h);
    return rc;
}

/* Answer a 401: remember the challenge, get a token (Bearer) or use the credentials
 * (Basic). -1 when there is nothing more we can try. */
int dd_reg_authenticate(dd_registry *r, const dd_reg_req *q, dd_error *e)
{
    if (!q->www_auth)
        return dd_error_set(e, DD_ERR_RUN, 0,
                            "registry %s: HTTP 401 without a WWW-Authenticate challenge", r->host);
    dd_auth_challenge c;
    if (dd_auth_challenge_parse(q->www_auth, strlen(q->www_auth), &c, e) < 0)
        return dd_error_prefix(e, "registry %s", r->host);
    int rc = 0;
    if (strcmp(c.scheme, "basic") == 0) {
        if (!r->creds.username) {
            dd_error_set(e, DD_ERR_RUN, 0, "registry %s asks for a user name and password",
                         r->host);
            dd_error_hint(e,
                          "log in with 'docker login %s' or pass --username with --password-stdin",
                          r->host);
            rc = -1;
        } else if (!r->insecure && strncmp(r->base, "https://", 8) != 0) {
            rc = dd_error_set(e, DD_ERR_RUN, 0,
                              "registry %s: refusing to send a password "
                              "over plain HTTP",
                              r->host);
        }
    } else {
        _cleanup_free_ char *scope = dd_reg_scope(q);
        rc = fetch_token(r, &c, scope, e);
    }
    pthread_mutex_lock(&r->lock);
    dd_auth_challenge_free(&r->challenge);
    r->challenge = c;
    pthread_mutex_unlock(&r->lock);
    return rc;
}

/* ------------------------------------------------------------ requests ---- */

void dd_reg_backoff(int attempt, long retry_after)
{
    long ms = 250L << (attempt < 6 ? attempt : 6);
    if (retry_after > 0)
        ms = retry_after * 1000L;
    if (ms > 10000)
        ms = 10000;
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
        ;
}

static bool retryable_status(long s)
{
    return s == 429 || s == 500 || s == 502 || s == 503 || s == 504;
}

typedef struct upload_src {
    const char *data;
    size_t len, pos;
    int fd;
} upload_src;

static size_t on_upload(char *buf, size_t size, size_t n, void *ud)
{
    upload_src *u = ud;
    size_t want = size * n;
    if (u->fd >= 0) {
        ssize_t g = read(u->fd, buf, want);
        return g < 0 ? CURL_READFUNC_ABORT : (size_t)g;
    }
    size_t left = u->len - u->pos;
    size_t k = want < left ? want : left;
    memcpy(buf, u->data + u->pos, k);
    u->pos += k;
    return k;
}

static int seek_upload(void *ud, curl_off_t off, int origin)
{
    upload_src *u = ud;
    if (origin != SEEK_SET || off < 0)
        return CURL_SEEKFUNC_CANTSEEK;
    if (u->fd >= 0)
        return lseek(u->fd, (off_t)off, SEEK_SET) < 0 ? CURL_SEEKFUNC_FAIL : CURL_SEEKFUNC_OK;
    if ((size_t)off > u->len)
        return CURL_SEEKFUNC_FAIL;
    u->pos = (size_t)off;
    return CURL_SEEKFUNC_OK;
}

int dd_reg_perform(dd_registry *r, dd_reg_req *q, dd_error *e)
{
    bool authed = false;
    for (int attempt = 0;; attempt++) {
        dd_reg_req_reset_response(q);
        CURL *h = dd_reg_easy(r);
        struct curl_slist *hdrs = NULL;
        char *auth = dd_reg_auth_header(r, q);
        if (auth)
            hdrs = curl_slist_append(hdrs, auth);
        if (q->accept) {
            _cleanup_free_ char *a = dd_xasprintf("Accept: %s", q->accept);
            hdrs = curl_slist_append(hdrs, a);
        }
        if (q->content_type) {
            _cleanup_free_ char *ct = dd_xasprintf("Content-Type: %s", q->content_type);
            hdrs = curl_slist_append(hdrs, ct);
        }
        hdrs = curl_slist_append(hdrs, "Expect:");
        curl_easy_setopt(h, CURLOPT_URL, q->url);
        curl_easy_setopt(h, CURLOPT_HTTPHEADER, hdrs);
        curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, dd_reg_on_header);
        curl_easy_setopt(h, CURLOPT_HEADERDATA, q);
        curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body);
        curl_easy_setopt(h, CURLOPT_WRITEDATA, q);
        curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, q->follow ? 1L : 0L);
        curl_easy_setopt(h, CURLOPT_MAXREDIRS, 5L);
        upload_src up = {q->data, q->data_len, 0, q->fd};
        if (q->fd >= 0 && lseek(q->fd, 0, SEEK_SET) < 0) {
            curl_slist_free_all(hdrs);
            curl_easy_cleanup(h);
            free(auth);
            return dd_error_sys(e, errno, "cannot rewind the upload");
        }
        if (strcmp(q->method, "HEAD") == 0) {
            curl_easy_setopt(h, CURLOPT_NOBODY, 1L);
        } else if (strcmp(q->method, "PUT") == 0 || strcmp(q->method, "PATCH") == 0 ||
                   strcmp(q->method, "POST") == 0) {
            curl_easy_setopt(h, CURLOPT_UPLOAD, 1L);
            curl_easy_setopt(h, CURLOPT_READFUNCTION, on_upload);
            curl_easy_setopt(h, CURLOPT_READDATA, &up);
            curl_easy_setopt(h, CURLOPT_SEEKFUNCTION, seek_upload);
            curl_easy_setopt(h, CURLOPT_SEEKDATA, &up);
            curl_easy_setopt(h, CURLOPT_INFILESIZE_LARGE,
                             (curl_off_t)(q->fd >= 0 ? q->fd_size : q->data_len));
            curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, q->method);
        } else if (strcmp(q->method, "GET") != 0) {
            curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, q->method);
        }
        CURLcode cc = curl_easy_perform(h);
        curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &q->status);
        curl_slist_free_all(hdrs);
        curl_easy_cleanup(h);
        if (auth) {
            explicit_bzero(auth, strlen(auth));
            free(auth);
        }
        if (q->too_big)
            return dd_error_set(e, DD_ERR_INPUT, 0,
                                "registry %s: the answer to %s %s is larger than %zu bytes",
                                r->host, q->method, q->what, q->max);
        bool idempotent = strcmp(q->method, "POST") != 0 && strcmp(q->method, "PATCH") != 0;
        if (cc != CURLE_OK) {
            if (idempotent && attempt < r->retries && cc != CURLE_SSL_CACERT &&
                cc != CURLE_PEER_FAILED_VERIFICATION && cc != CURLE_UNSUPPORTED_PROTOCOL) {
                dd_reg_backoff(attempt, 0);
                continue;
            }
            dd_error_set(e, DD_ERR_RUN, 0, "registry %s: %s %s: %s", r->host, q->method, q->what,
                         curl_easy_strerror(cc));
            if (cc == CURLE_SSL_CONNECT_ERROR || cc == CURLE_PEER_FAILED_VERIFICATION ||
                cc == CURLE_SSL_CACERT)
                dd_error_hint(e,
                              "put the registry's CA in /etc/docker/certs.d/%s/ca.crt, or "
                              "pass --insecure-registry %s if it is plain HTTP",
                              r->host, r->host);
            else if (cc == CURLE_COULDNT_CONNECT)
                dd_error_hint(e, "is the registry running at %s?", r->base);
            return -1;
        }
        if (q->status == 401 && !authed) {
            authed = true;
            if (dd_reg_authenticate(r, q, e) < 0)
                return -1;
            attempt--; /* the handshake is not a failed attempt */
            continue;
        }
        if (retryable_status(q->status) && idempotent && attempt < r->retries) {
            dd_reg_backoff(attempt, q->retry_after);
            continue;
        }
        return 0;
    }
}

int dd_reg_status_error(dd_registry *r, const dd_reg_req *q, dd_error *e)
{
    char detail[400];
    dd_reg_error_body(&q->body, detail, sizeof detail);
    dd_error_set(e, DD_ERR_RUN, 0, "registry %s: %s %s: HTTP %ld%s", r->host, q->method, q->what,
                 q->status, detail);
    if (q->status == 401 || q->status == 403)
        dd_error_hint(
            e, "check the credentials (docker login %s, or --username with --password-stdin)",
            r->host);
    return -1;
}

char *dd_reg_url(dd_registry *r, const char *repo, const char *kind, const char *ref)
{
    return dd_xasprintf("%s/v2/%s/%s/%s", r->base, repo, kind, ref);
}

/* ------------------------------------------------------------ manifests ---- */

#define MANIFEST_ACCEPT                                                                            \
    DD_MT_OCI_INDEX ", " DD_MT_DOCKER_LIST ", " DD_MT_OCI_MANIFEST ", " DD_MT_DOCKER_MANIFEST

void dd_reg_manifest_free(dd_reg_manifest *m)
{
    free(m->body);
    free(m->media_type);
    memset(m, 0, sizeof *m);
}

int dd_registry_get_manifest(dd_registry *r, const char *repo, const char *ref,
                             dd_reg_manifest *out, long *status, dd_error *e)
{
    memset(out, 0, sizeof *out);
    _cleanup_free_ char *what = dd_xasprintf("manifest %s/%s:%s", r->host, repo, ref);
    dd_reg_req q = {.method = "GET",
                    .url = dd_reg_url(r, repo, "manifests", ref),
                    .repo = repo,
                    .accept = MANIFEST_ACCEPT,
                    .max = DD_REG_MAX_MANIFEST,
                    .what = what,
                    .fd = -1,
                    .follow = true};
    int rc = dd_reg_perform(r, &q, e);
    if (status)
        *status = q.status;
    if (rc < 0)
        goto out;
    if (q.status != 200) {
        rc = dd_reg_status_error(r, &q, e);
        if (q.status == 404)
            dd_error_hint(e, "no such image in the registry: check the repository and tag");
        goto out;
    }
    dd_digest_of(q.body.data ? q.body.data : "", q.body.len, out->digest);
    if (strchr(ref, ':') && dd_digest_check(q.body.data ? q.body.data : "", q.body.len, ref, e,
                                            "registry %s: %s", r->host, what) < 0) {
        rc = -1;
        goto out;
    }
    if (q.docker_digest && strncmp(ref, "sha256:", 7) != 0 &&
        strncmp(q.docker_digest, "sha256:", 7) == 0 && strcmp(q.docker_digest, out->digest) != 0) {
        /* The registry says one thing and sent another: trust only the bytes. */
        rc = dd_error_set(e, DD_ERR_INPUT, 0,
                          "%s: the registry names it %s but its bytes hash to %s", what,
                          q.docker_digest, out->digest);
        goto out;
    }
    out->len = q.body.len;
    out->body = q.body.data ? dd_buf_steal(&q.body) : dd_xstrdup("");
    if (q.ctype) {
        size_t n = strcspn(q.ctype, ";");
        out->media_type = dd_xstrndup(q.ctype, n);
    }
out:
    dd_reg_req_free(&q);
    return rc;
}

int dd_registry_put_manifest(dd_registry *r, const char *repo, const char *ref, const char *body,
                             size_t len, const char *media_type, char digest_out[DD_DIGEST_LEN],
                             dd_error *e)
{
    char dg[DD_DIGEST_LEN];
    dd_digest_of(body, len, dg);
    if (digest_out)
        memcpy(digest_out, dg, DD_DIGEST_LEN);
    _cleanup_free_ char *what = dd_xasprintf("manifest %s/%s:%s", r->host, repo, ref ? ref : dg);
    dd_reg_req q = {.method = "PUT",
                    .url = dd_reg_url(r, repo, "manifests", ref ? ref : dg),
                    .repo = repo,
                    .push = true,
                    .content_type = media_type,
                    .data = body,
                    .data_len = len,
                    .max = DD_REG_MAX_SMALL,
                    .what = what,
                    .fd = -1};
    int rc = dd_reg_perform(r, &q, e);
    if (rc == 0 && q.status != 201 && q.status != 200)
        rc = dd_reg_status_error(r, &q, e);
    dd_reg_req_free(&q);
    return rc;
}

/* ------------------------------------------------------------ blobs ---- */

/* A request for /v2/REPO/blobs/DIGEST (redirects followed: blobs may live elsewhere). */
static dd_reg_req blob_req(dd_registry *r, const char *method, const char *repo, const char *digest,
                           size_t max, const char *what)
{
    return (dd_reg_req){.method = method,
                        .url = dd_reg_url(r, repo, "blobs", digest),
                        .repo = repo,
                        .max = max,
                        .what = what,
                        .fd = -1,
                        .follow = true};
}

int dd_registry_get_blob(dd_registry *r, const char *repo, const char *digest, size_t max,
                         char **out, size_t *len, dd_error *e)
{
    *out = NULL;
    *len = 0;
    _cleanup_free_ char *what = dd_xasprintf("blob %s/%s@%s", r->host, repo, digest);
    dd_reg_req q = blob_req(r, "GET", repo, digest, max, what);
    int rc = dd_reg_perform(r, &q, e);
    if (rc == 0 && q.status != 200)
        rc = dd_reg_status_error(r, &q, e);
    if (rc == 0 && dd_digest_check(q.body.data ? q.body.data : "", q.body.len, digest, e,
                                   "registry %s: %s", r->host, what) < 0)
        rc = -1;
    if (rc == 0) {
        *len = q.body.len;
        *out = q.body.data ? dd_buf_steal(&q.body) : dd_xstrdup("");
    }
    dd_reg_req_free(&q);
    return rc;
}

int dd_registry_blob_exists(dd_registry *r, const char *repo, const char *digest, bool *exists,
                            dd_error *e)
{
    *exists = false;
    _cleanup_free_ char *what = dd_xasprintf("blob %s/%s@%s", r->host, repo, digest);
    dd_reg_req q = blob_req(r, "HEAD", repo, digest, DD_REG_MAX_SMALL, what);
    int rc = dd_reg_perform(r, &q, e);
    if (rc == 0) {
        if (q.status == 200)
            *exists = true;
        else if (q.status != 404)
            rc = dd_reg_status_error(r, &q, e);
    }
    dd_reg_req_free(&q);
    return rc;
}

/* POST an upload session, then PUT the bytes with ?digest=. */
static int put_blob(dd_registry *r, const char *repo, const char *digest, const void *data,
                    size_t len, int fd, uint64_t fsize, dd_error *e)
{
    bool exists;
    if (dd_registry_blob_exists(r, repo, digest, &exists, e) < 0)
        return -1;
    if (exists)
        return 0;
    _cleanup_free_ char *what = dd_xasprintf("blob upload %s/%s@%s", r->host, repo, digest);
    _cleanup_free_ char *start = dd_xasprintf("%s/v2/%s/blobs/uploads/", r->base, repo);
    dd_reg_req q = {.method = "POST",
                    .url = dd_xstrdup(start),
                    .repo = repo,
                    .push = true,
                    .max = DD_REG_MAX_SMALL,
                    .what = what,
                    .fd = -1,
                    .data = "",
                    .data_len = 0};
    int rc = dd_reg_perform(r, &q, e);
    if (rc == 0 && q.status != 202)
        rc = dd_reg_status_error(r, &q, e);
    if (rc == 0 && !q.location)
        rc = dd_error_set(e, DD_ERR_INPUT, 0, "registry %s: %s: no Location for the upload",
                          r->host, what);
    _cleanup_free_ char *put = NULL;
    if (rc == 0) {
        const char *loc = q.location;
        const char *sep = strchr(loc, '?') ? "&" : "?";
        if (strncmp(loc, "http://", 7) == 0 || strncmp(loc, "https://", 8) == 0) {
            /* An upload elsewhere than the registry itself would carry our token there. */
            size_t bl = strlen(r->base);
            if (strncmp(loc, r->base, bl) != 0 || (loc[bl] != '/' && loc[bl] != '\0'))
                rc = dd_error_set(e, DD_ERR_INPUT, 0,
                                  "registry %s: upload location %.200s is on another host", r->host,
                                  loc);
            else
                put = dd_xasprintf("%s%sdigest=%s", loc, sep, digest);
        } else if (loc[0] == '/') {
            put = dd_xasprintf("%s%s%sdigest=%s", r->base, loc, sep, digest);
        } else {
            rc = dd_error_set(e, DD_ERR_INPUT, 0, "registry %s: unusable upload location %.200s",
                              r->host, loc);
        }
    }
    dd_reg_req_free(&q);
    if (rc < 0)
        return -1;
    dd_reg_req p = {.method = "PUT",
                    .url = steal_pointer(&put),
                    .repo = repo,
                    .push = true,
                    .content_type = "application/octet-stream",
                    .data = data,
                    .data_len = len,
                    .fd = fd,
                    .fd_size = fsize,
                    .max = DD_REG_MAX_SMALL,
                    .what = what};
    rc = dd_reg_perform(r, &p, e);
    if (rc == 0 && p.status != 201)
        rc = dd_reg_status_error(r, &p, e);
    dd_reg_req_free(&p);
    return rc;
}

int dd_registry_put_blob(dd_registry *r, const char *repo, const char *digest, const void *data,
                         size_t len, dd_error *e)
{
    return put_blob(r, repo, digest, data, len, -1, 0, e);
}

int dd_registry_put_blob_file(dd_registry *r, const char *repo, const char *digest,
                              const char *path, dd_error *e)
{
    _cleanup_close_ int fd = dd_file_open(path); /* regular files only, never blocking */
    if (fd < 0)
        return dd_error_set(e, DD_ERR_RUN, errno, "cannot open %s: %s", path,
                            dd_file_strerror(errno));
    struct stat st;
    if (fstat(fd, &st) < 0)
        return dd_error_sys(e, errno, "%s", path);
    return put_blob(r, repo, digest, NULL, 0, fd, (uint64_t)st.st_size, e);
}
