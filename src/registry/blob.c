/* A registry blob as a pull stream: the reader (libarchive's read callback in the layer
 * walker) asks for the next bytes and gets them straight from the socket, so a layer of
 * any size costs one bounded buffer and is never written to disk.
 *
 * libcurl pushes data; to turn that into a pull without a thread per blob, the transfer
 * runs on a multi handle pumped from dd_reg_blob_read(), and the write callback pauses
 * the transfer while the reader still holds bytes. Every byte handed out is hashed; at
 * the end the digest must be the one that named the blob. A transfer that breaks is
 * resumed with a Range request from the first byte not yet handed out (a server that
 * answers 200 instead of 206 is read from the start and the known prefix dropped). */
#include "registry/internal.h"

#include <string.h>

#include "core/cleanup.h"
#include "core/mem.h"

/* How much the write callback keeps before pausing the transfer. */
#define BLOB_BUF     (256u << 10)
#define BLOB_ERR_MAX (64u << 10)

struct dd_reg_blob {
    dd_registry *r;
    dd_reg_req q; /* url, repo, what; headers of the current response */
    char want[DD_DIGEST_LEN];
    uint64_t size; /* from the descriptor; 0: unknown */
    uint64_t got;  /* bytes handed out (and hashed) */
    uint64_t skip; /* bytes to drop from the current response (200 to a Range request) */
    dd_digest dg;
    CURLM *m;
    CURL *h;
    struct curl_slist *hdrs;
    dd_buf buf; /* bytes waiting for the reader */
    dd_buf err; /* body of a non-2xx answer */
    bool paused, finished, checked, bad_status, authed, done;
    long status;
    CURLcode result;
    int attempt;
};

static size_t on_data(char *p, size_t size, size_t n, void *ud)
{
    dd_reg_blob *b = ud;
    size_t len = size * n;
    if (!b->checked) {
        b->checked = true;
        curl_easy_getinfo(b->h, CURLINFO_RESPONSE_CODE, &b->status);
        b->bad_status = b->status != 200 && b->status != 206;
        if (b->status == 200 && b->got > 0)
            b->skip = b->got; /* the Range was ignored: drop what we already have */
    }
    if (b->bad_status) {
        if (b->err.len < BLOB_ERR_MAX)
            dd_buf_append(&b->err, p, len);
        return len;
    }
    if (b->buf.len > 0 && b->buf.len + len > BLOB_BUF) {
        b->paused = true;
        return CURL_WRITEFUNC_PAUSE;
    }
    if (b->skip) {
        size_t d = b->skip < len ? (size_t)b->skip : len;
        b->skip -= d;
        p += d;
        len -= d;
    }
    dd_buf_append(&b->buf, p, len);
    return size * n;
}

static void stop_transfer(dd_reg_blob *b)
{
    if (b->h) {
        curl_multi_remove_handle(b->m, b->h);
        curl_easy_cleanup(b->h);
        b->h = NULL;
    }
    curl_slist_free_all(b->hdrs);
    b->hdrs = NULL;
}

static void start_transfer(dd_reg_blob *b)
{
    stop_transfer(b);
    dd_reg_req_reset_response(&b->q);
    dd_buf_free(&b->err);
    b->paused = b->finished = b->checked = b->bad_status = false;
    b->status = 0;
    b->skip = 0;
    b->result = CURLE_OK;
    b->h = dd_reg_easy(b->r);
    char *auth = dd_reg_auth_header(b->r, &b->q);
    if (auth) {
        b->hdrs = curl_slist_append(b->hdrs, auth);
        explicit_bzero(auth, strlen(auth));
        free(auth);
    }
    if (b->got > 0) {
        char range[64];
        snprintf(range, sizeof range, "Range: bytes=%llu-", (unsigned long long)b->got);
        b->hdrs = curl_slist_append(b->hdrs, range);
    }
    curl_easy_setopt(b->h, CURLOPT_URL, b->q.url);
    curl_easy_setopt(b->h, CURLOPT_HTTPHEADER, b->hdrs);
    curl_easy_setopt(b->h, CURLOPT_FOLLOWLOCATION, 1L);
    curl_easy_setopt(b->h, CURLOPT_MAXREDIRS, 5L);
    curl_easy_setopt(b->h, CURLOPT_HEADERFUNCTION, dd_reg_on_header);
    curl_easy_setopt(b->h, CURLOPT_HEADERDATA, &b->q);
    curl_easy_setopt(b->h, CURLOPT_WRITEFUNCTION, on_data);
    curl_easy_setopt(b->h, CURLOPT_WRITEDATA, b);
    curl_easy_setopt(b->h, CURLOPT_BUFFERSIZE, 128L * 1024);
    curl_multi_add_handle(b->m, b->h);
}

dd_reg_blob *dd_registry_blob_open(dd_registry *r, const char *repo, const char *digest,
                                   uint64_t size, dd_error *e)
{
    if (!dd_digest_checkable(digest))
        return dd_error_set(e, DD_ERR_INPUT, 0, "registry %s: blob %s@%s is not a digest", r->host,
                            repo, digest ? digest : "(none)"),
               NULL;
    dd_reg_blob *b = dd_xcalloc(1, sizeof *b);
    b->r = r;
    b->q.method = "GET";
    b->q.url = dd_reg_url(r, repo, "blobs", digest);
    b->q.repo = dd_xstrdup(repo);
    b->q.what = dd_xasprintf("blob %s/%s@%s", r->host, repo, digest);
    b->q.fd = -1;
    b->q.max = BLOB_ERR_MAX;
    snprintf(b->want, sizeof b->want, "%s", digest);
    b->size = size;
    dd_digest_init_for(&b->dg, digest);
    b->m = curl_multi_init();
    if (!b->m)
        abort();
    start_transfer(b);
    return b;
}

void dd_reg_blob_close(dd_reg_blob *b)
{
    if (!b)
        return;
    stop_transfer(b);
    curl_multi_cleanup(b->m);
    dd_digest_free(&b->dg);
    dd_buf_free(&b->buf);
    dd_buf_free(&b->err);
    free((char *)b->q.repo);
    free((char *)b->q.what);
    dd_reg_req_free(&b->q);
    free(b);
}

/* Run the transfer until there are bytes for the reader or it is over. */
static void pump(dd_reg_blob *b)
{
    if (b->paused) {
        b->paused = false;
        curl_easy_pause(b->h, CURLPAUSE_CONT);
    }
    while (b->buf.len == 0 && !b->finished) {
        int running = 0;
        curl_multi_perform(b->m, &running);
        CURLMsg *msg;
        int left;
        while ((msg = curl_multi_info_read(b->m, &left)))
            if (msg->msg == CURLMSG_DONE) {
                b->finished = true;
                b->result = msg->data.result;
                if (!b->checked)
                    curl_easy_getinfo(b->h, CURLINFO_RESPONSE_CODE, &b->status);
            }
        if (b->buf.len > 0 || b->finished || b->paused)
            break;
        curl_multi_poll(b->m, NULL, 0, 1000, NULL);
    }
}

long dd_reg_blob_read(dd_reg_blob *b, const void **out, dd_error *e)
{
    *out = NULL;
    if (b->done)
        return 0;
    dd_buf_reset(&b->buf);
    for (;;) {
        pump(b);
        if (b->buf.len > 0) {
            if (b->size && b->got + b->buf.len > b->size)
                return dd_error_set(e, DD_ERR_INPUT, 0,
                                    "%s: the registry sent more than the %llu bytes the "
                                    "manifest declares",
                                    b->q.what, (unsigned long long)b->size);
            dd_digest_update(&b->dg, b->buf.data, b->buf.len);
            b->got += b->buf.len;
            *out = b->buf.data;
            return (long)b->buf.len;
        }
        if (!b->finished)
            continue; /* paused with nothing kept cannot happen; keep pumping */
        long st = b->status;
        if (st == 401 && !b->authed) {
            b->authed = true;
            if (dd_reg_authenticate(b->r, &b->q, e) < 0)
                return -1;
            start_transfer(b);
            continue;
        }
        bool broken = b->result != CURLE_OK && !b->bad_status;
        bool retry_status = st == 429 || st == 500 || st == 502 || st == 503 || st == 504;
        if ((broken || retry_status) && b->attempt < b->r->retries) {
            dd_reg_backoff(b->attempt++, b->q.retry_after);
            start_transfer(b);
            continue;
        }
        if (b->bad_status) {
            char detail[400];
            dd_reg_error_body(&b->err, detail, sizeof detail);
            return dd_error_set(e, DD_ERR_RUN, 0, "registry %s: GET %s: HTTP %ld%s", b->r->host,
                                b->q.what, st, detail);
        }
        if (broken)
            return dd_error_set(e, DD_ERR_RUN, 0, "registry %s: GET %s: %s (after %d attempts)",
                                b->r->host, b->q.what, curl_easy_strerror(b->result),
                                b->attempt + 1);
        if (b->size && b->got != b->size)
            return dd_error_set(e, DD_ERR_INPUT, 0,
                                "%s: %llu bytes where the manifest declares %llu", b->q.what,
                                (unsigned long long)b->got, (unsigned long long)b->size);
        char got[DD_DIGEST_LEN];
        dd_digest_final(&b->dg, got);
        if (dd_digest_expect(got, b->want, e, "registry %s: %s", b->r->host, b->q.what) < 0)
            return -1;
        b->done = true;
        *out = NULL;
        return 0;
    }
}
