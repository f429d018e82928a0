/* The webhook sender: a bounded FIFO and one thread with a reused curl handle. */
#include "watch/webhook.h"

#include <curl/curl.h>
#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/mem.h"

typedef struct item {
    char *body;
    size_t len;
} item;

struct dd_webhook {
    dd_webhook_opts o;
    char *url;
    item *q;
    size_t head, n;
    pthread_mutex_t lock;
    pthread_cond_t cond;
    pthread_t thread;
    bool stopping, started;
    struct timespec deadline; /* when stopping: give up sending after this */
    dd_webhook_stats st;
};

static size_t discard(char *p, size_t s, size_t n, void *ud)
{
    return s * n;
}

static bool past(const struct timespec *d)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return now.tv_sec > d->tv_sec || (now.tv_sec == d->tv_sec && now.tv_nsec >= d->tv_nsec);
}

/* One POST; true when the receiver took it. */
static bool post(CURL *c, const char *url, const item *it, long timeout_ms)
{
    struct curl_slist *h = curl_slist_append(NULL, "Content-Type: application/json");
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, it->body);
    curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, (long)it->len);
    curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, timeout_ms);
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, timeout_ms);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, discard);
    curl_easy_setopt(c, CURLOPT_USERAGENT, "drydock/" DD_VERSION);
    CURLcode rc = curl_easy_perform(c);
    long code = 0;
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
    curl_slist_free_all(h);
    return rc == CURLE_OK && code >= 200 && code < 300;
}

static void *run(void *ud)
{
    dd_webhook *w = ud;
    CURL *c = curl_easy_init();
    pthread_mutex_lock(&w->lock);
    for (;;) {
        while (!w->n && !w->stopping)
            pthread_cond_wait(&w->cond, &w->lock);
        if (!w->n || (w->stopping && past(&w->deadline)))
            break;
        item it = w->q[w->head];
        w->q[w->head].body = NULL;
        w->head = (w->head + 1) % w->o.queue_max;
        w->n--;
        pthread_mutex_unlock(&w->lock);
        bool ok = false;
        long backoff = w->o.first_backoff_ms;
        int tries = 0;
        while (c && tries < w->o.tries) {
            ok = post(c, w->url, &it, w->o.timeout_ms);
            tries++;
            if (ok || tries >= w->o.tries)
                break;
            pthread_mutex_lock(&w->lock);
            w->st.retries++;
            bool give_up = w->stopping && past(&w->deadline);
            if (!give_up) {
                struct timespec until;
                clock_gettime(CLOCK_REALTIME, &until);
                until.tv_sec += backoff / 1000;
                until.tv_nsec += (backoff % 1000) * 1000000L;
                if (until.tv_nsec >= 1000000000L) {
                    until.tv_sec++;
                    until.tv_nsec -= 1000000000L;
                }
                /* a stop wakes us: then only the deadline matters */
                pthread_cond_timedwait(&w->cond, &w->lock, &until);
                give_up = w->stopping && past(&w->deadline);
            }
            pthread_mutex_unlock(&w->lock);
            if (give_up)
                break;
            backoff *= 2;
        }
        free(it.body);
        pthread_mutex_lock(&w->lock);
        if (ok)
            w->st.sent++;
        else
            w->st.failed++;
    }
    /* what is left was not sent in time */
    w->st.dropped += w->n;
    while (w->n) {
        free(w->q[w->head].body);
        w->head = (w->head + 1) % w->o.queue_max;
        w->n--;
    }
    pthread_mutex_unlock(&w->lock);
    if (c)
        curl_easy_cleanup(c);
    return NULL;
}

int dd_webhook_start(dd_webhook **out, const dd_webhook_opts *o, dd_error *e)
{
    *out = NULL;
    if (strncmp(o->url, "http://", 7) && strncmp(o->url, "https://", 8))
        return dd_error_set(e, DD_ERR_USAGE, 0,
                            "--webhook takes an http:// or https:// URL, "
                            "not '%s'",
                            o->url);
    curl_global_init(CURL_GLOBAL_DEFAULT);
    dd_webhook *w = dd_xcalloc(1, sizeof *w);
    w->o = *o;
    if (!w->o.queue_max)
        w->o.queue_max = 10000;
    if (!w->o.tries)
        w->o.tries = 4;
    if (!w->o.timeout_ms)
        w->o.timeout_ms = 5000;
    if (!w->o.first_backoff_ms)
        w->o.first_backoff_ms = 200;
    w->url = dd_xstrdup(o->url);
    w->q = dd_xcalloc(w->o.queue_max, sizeof *w->q);
    pthread_mutex_init(&w->lock, NULL);
    pthread_condattr_t ca;
    pthread_condattr_init(&ca);
    pthread_cond_init(&w->cond, &ca);
    pthread_condattr_destroy(&ca);
    if (pthread_create(&w->thread, NULL, run, w) != 0) {
        int err = errno;
        free(w->q);
        free(w->url);
        free(w);
        return dd_error_sys(e, err, "cannot start the webhook thread");
    }
    w->started = true;
    *out = w;
    return 0;
}

void dd_webhook_send(dd_webhook *w, const char *json, size_t len)
{
    pthread_mutex_lock(&w->lock);
    if (w->n == w->o.queue_max) {
        /* full: the oldest goes (the newest alerts matter most) */
        free(w->q[w->head].body);
        w->head = (w->head + 1) % w->o.queue_max;
        w->n--;
        w->st.dropped++;
    }
    item *it = &w->q[(w->head + w->n) % w->o.queue_max];
    it->body = dd_xstrndup(json, len);
    it->len = len;
    w->n++;
    pthread_cond_signal(&w->cond);
    pthread_mutex_unlock(&w->lock);
}

void dd_webhook_stats_get(dd_webhook *w, dd_webhook_stats *st)
{
    pthread_mutex_lock(&w->lock);
    *st = w->st;
    st->queued = w->n;
    pthread_mutex_unlock(&w->lock);
}

void dd_webhook_stop(dd_webhook *w, long deadline_ms, dd_webhook_stats *final)
{
    if (!w)
        return;
    pthread_mutex_lock(&w->lock);
    w->stopping = true;
    clock_gettime(CLOCK_MONOTONIC, &w->deadline);
    w->deadline.tv_sec += deadline_ms / 1000;
    w->deadline.tv_nsec += (deadline_ms % 1000) * 1000000L;
    if (w->deadline.tv_nsec >= 1000000000L) {
        w->deadline.tv_sec++;
        w->deadline.tv_nsec -= 1000000000L;
    }
    pthread_cond_broadcast(&w->cond);
    pthread_mutex_unlock(&w->lock);
    if (w->started)
        pthread_join(w->thread, NULL);
    if (final) {
        *final = w->st;
        final->queued = 0;
    }
    free(w->q);
    free(w->url);
    pthread_mutex_destroy(&w->lock);
    pthread_cond_destroy(&w->cond);
    free(w);
}
