#include "vuln/update.h"

#include <curl/curl.h>
#include <errno.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "core/buf.h"
#include "core/cleanup.h"
#include "core/mem.h"
#include "vuln/db.h"
#include "vuln/import.h"
#include "vuln/version.h"

#define OSV_ARCHIVES "https://osv-vulnerabilities.storage.googleapis.com/"

static const char *const distro_feeds[] = {
    "https://security-tracker.debian.org/tracker/data/json",
    "https://secdb.alpinelinux.org/v3.17/main.json",
    "https://secdb.alpinelinux.org/v3.17/community.json",
    "https://secdb.alpinelinux.org/v3.18/main.json",
    "https://secdb.alpinelinux.org/v3.18/community.json",
    "https://secdb.alpinelinux.org/v3.19/main.json",
    "https://secdb.alpinelinux.org/v3.19/community.json",
    "https://secdb.alpinelinux.org/v3.20/main.json",
    "https://secdb.alpinelinux.org/v3.20/community.json",
};

const char *const *dd_vuln_default_feeds(void)
{
    /* Built once; the strings live as long as the program (reachable, never freed). */
    static const char *list[DD_ARRAY_LEN(distro_feeds) + DD_ECO_COUNT_ + 1];
    if (list[0])
        return list;
    size_t n = 0;
    for (size_t i = 0; i < DD_ARRAY_LEN(distro_feeds); i++)
        list[n++] = distro_feeds[i];
    for (int k = 0; k < DD_ECO_COUNT_; k++) {
        const dd_eco_info *ei = dd_eco((dd_ecosystem)k);
        if (!(ei->flags & DD_ECOF_OSV_ARCHIVE))
            continue;
        dd_buf b = DD_BUF_INIT;
        dd_buf_puts(&b, OSV_ARCHIVES);
        for (const char *p = ei->osv; *p; p++) {
            if (*p == ' ')
                dd_buf_puts(&b, "%20"); /* "Red Hat" */
            else
                dd_buf_putc(&b, *p);
        }
        dd_buf_puts(&b, "/all.zip");
        list[n++] = dd_buf_steal(&b);
    }
    return list;
}

typedef struct {
    dd_buf body;
    char *etag, *last_modified;
    bool too_big;
    const char *url;
    const dd_update_opts *o;
} fetch_ctx;

static size_t on_body(char *p, size_t size, size_t n, void *ud)
{
    fetch_ctx *c = ud;
    size_t len = size * n;
    if (c->body.len + len > DD_FEED_MAX_INPUT) {
        c->too_big = true;
        return 0; /* aborts the transfer */
    }
    dd_buf_append(&c->body, p, len);
    return len;
}

static char *header_value(const char *p, size_t len, const char *name)
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
    return len && len < 512 ? dd_xstrndup(p, len) : NULL;
}

static size_t on_header(char *p, size_t size, size_t n, void *ud)
{
    fetch_ctx *c = ud;
    size_t len = size * n;
    /* A redirect starts a new header block: keep only the final response's validators. */
    if (len > 5 && strncmp(p, "HTTP/", 5) == 0) {
        free(c->etag);
        free(c->last_modified);
        c->etag = c->last_modified = NULL;
    }
    char *v;
    if ((v = header_value(p, len, "ETag"))) {
        free(c->etag);
        c->etag = v;
    } else if ((v = header_value(p, len, "Last-Modified"))) {
        free(c->last_modified);
        c->last_modified = v;
    }
    return len;
}

static int on_progress(void *ud, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ult,
                       curl_off_t uln)
{
    fetch_ctx *c = ud;
    if (c->o->progress)
        c->o->progress(c->url, (long long)dlnow, (long long)dltotal, c->o->progress_ud);
    return 0;
}

/* GET url; *status is the HTTP code (200, 304) or 0 for file://. */
static int fetch(const dd_update_opts *o, const char *url, const char *etag, const char *lm,
                 fetch_ctx *c, long *status, dd_error *e)
{
    CURL *h = curl_easy_init();
    if (!h)
        return dd_error_set(e, DD_ERR_RUN, 0, "cannot initialise libcurl");
    struct curl_slist *hdrs = NULL;
    if (etag) {
        _cleanup_free_ char *x = dd_xasprintf("If-None-Match: %s", etag);
        hdrs = curl_slist_append(hdrs, x);
    }
    if (lm) {
        _cleanup_free_ char *x = dd_xasprintf("If-Modified-Since: %s", lm);
        hdrs = curl_slist_append(hdrs, x);
    }
    char errbuf[CURL_ERROR_SIZE] = "";
    curl_easy_setopt(h, CURLOPT_URL, url);
    curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https,file");
    curl_easy_setopt(h, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 1L);
    curl_easy_setopt(h, CURLOPT_MAXREDIRS, 5L);
    curl_easy_setopt(h, CURLOPT_USERAGENT, "drydock/" DD_VERSION);
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, hdrs);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, c);
    curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(h, CURLOPT_HEADERDATA, c);
    curl_easy_setopt(h, CURLOPT_ERRORBUFFER, errbuf);
    curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, 30L);
    /* A stalled transfer (under 1 KB/s for a minute) is an interrupted one. */
    curl_easy_setopt(h, CURLOPT_LOW_SPEED_LIMIT, 1024L);
    curl_easy_setopt(h, CURLOPT_LOW_SPEED_TIME, 60L);
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    if (o->progress) {
        curl_easy_setopt(h, CURLOPT_NOPROGRESS, 0L);
        curl_easy_setopt(h, CURLOPT_XFERINFOFUNCTION, on_progress);
        curl_easy_setopt(h, CURLOPT_XFERINFODATA, c);
    }
    CURLcode rc = curl_easy_perform(h);
    *status = 0;
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, status);
    curl_easy_cleanup(h);
    curl_slist_free_all(hdrs);
    if (c->too_big)
        return dd_error_set(e, DD_ERR_INPUT, 0, "%s: larger than %u MB", url,
                            DD_FEED_MAX_INPUT >> 20);
    if (rc != CURLE_OK)
        return dd_error_set(e, DD_ERR_RUN, 0, "%s: download failed: %s", url,
                            errbuf[0] ? errbuf : curl_easy_strerror(rc));
    if (*status != 0 && *status != 200 && *status != 203 && *status != 304)
        return dd_error_set(e, DD_ERR_RUN, 0, "%s: HTTP status %ld", url, *status);
    return 0;
}

static bool is_remote(const char *s)
{
    return strncmp(s, "http://", 7) == 0 || strncmp(s, "https://", 8) == 0;
}

int dd_vuln_update(const dd_update_opts *o, dd_update_result *res, dd_error *e)
{
    const char *const *sources = o->sources && o->sources[0] ? o->sources : dd_vuln_default_feeds();
    curl_global_init(CURL_GLOBAL_DEFAULT);
    dd_vdb_txn t;
    if (dd_vdb_txn_begin(&t, o->db_path, e) < 0)
        return -1;
    int rc = 0;
    for (const char *const *s = sources; *s && rc == 0; s++) {
        const char *url = *s;
        res->v = dd_xgrow(res->v, &res->cap, res->n + 1, sizeof *res->v);
        dd_update_feed *f = &res->v[res->n++];
        memset(f, 0, sizeof *f);
        f->url = dd_xstrdup(url);
        f->state = "failed";
        struct timespec t0, t1;
        clock_gettime(CLOCK_MONOTONIC, &t0);
        if (!is_remote(url) && strncmp(url, "file://", 7) != 0) {
            /* A local path: the same as `drydock db import`. */
            dd_import_stats st = {0};
            rc = dd_import_path(&t, url, &st, e);
            f->source = st.source;
            f->bytes = (long long)st.bytes;
            f->advisories = st.advisories;
            f->affected = st.affected;
            f->skipped = dd_import_skipped_text(&st);
            f->state = "updated";
        } else if (o->offline && is_remote(url)) {
            f->state = "skipped (offline)";
        } else {
            _cleanup_free_ char *etag = NULL, *lm = NULL;
            dd_vdb_source_validators(t.db, url, &etag, &lm);
            fetch_ctx c = {DD_BUF_INIT, NULL, NULL, false, url, o};
            long status = 0;
            rc = fetch(o, url, etag, lm, &c, &status, e);
            if (rc == 0 && status == 304) {
                f->state = "not modified";
                rc = dd_vdb_source_touch_url(&t, url, e);
            } else if (rc == 0) {
                dd_import_stats st = {0};
                f->bytes = (long long)c.body.len;
                rc =
                    dd_import_blob(&t, url, (const unsigned char *)(c.body.data ? c.body.data : ""),
                                   c.body.len, NULL, url, c.etag, c.last_modified, &st, e);
                f->source = st.source;
                f->advisories = st.advisories;
                f->affected = st.affected;
                f->skipped = dd_import_skipped_text(&st);
                f->state = "updated";
            }
            dd_buf_free(&c.body);
            free(c.etag);
            free(c.last_modified);
        }
        clock_gettime(CLOCK_MONOTONIC, &t1);
        f->seconds = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    }
    if (rc < 0) {
        dd_vdb_txn_abort(&t);
        return dd_error_hint(e, "nothing was changed: the previous database is intact");
    }
    return dd_vdb_txn_commit(&t, e);
}

void dd_update_result_free(dd_update_result *r)
{
    for (size_t i = 0; i < r->n; i++) {
        free(r->v[i].url);
        free(r->v[i].source);
        free(r->v[i].skipped);
    }
    free(r->v);
    memset(r, 0, sizeof *r);
}
