/* The metrics endpoint: non-blocking accept, one request per connection. */
#include "watch/metrics.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "core/mem.h"

#define DD_METRICS_CLIENTS 16
#define DD_METRICS_REQ_MAX 8192
#define DD_METRICS_IDLE_S  5

typedef struct client {
    int fd;
    char buf[DD_METRICS_REQ_MAX];
    size_t len;
    time_t since;
} client;

struct dd_metrics {
    int lfd, ep, port;
    client c[DD_METRICS_CLIENTS];
};

int dd_metrics_listen(dd_metrics **out, const char *addr, dd_error *e)
{
    *out = NULL;
    char host[256] = "127.0.0.1";
    const char *port = addr;
    const char *colon = strrchr(addr, ':');
    if (addr[0] == '[') {
        const char *rb = strchr(addr, ']');
        if (!rb || rb[1] != ':')
            return dd_error_set(e, DD_ERR_USAGE, 0, "--metrics: '%s' is not [ADDRESS]:PORT", addr);
        snprintf(host, sizeof host, "%.*s", (int)(rb - addr - 1), addr + 1);
        port = rb + 2;
    } else if (colon) {
        if (colon > addr)
            snprintf(host, sizeof host, "%.*s", (int)(colon - addr), addr);
        port = colon + 1;
    }
    char *end;
    long p = strtol(port, &end, 10);
    if (!*port || *end || p < 0 || p > 65535)
        return dd_error_set(e, DD_ERR_USAGE, 0, "--metrics: '%s' has no valid port", addr);
    struct sockaddr_storage ss = {0};
    socklen_t sl;
    struct sockaddr_in *in4 = (struct sockaddr_in *)&ss;
    struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)&ss;
    if (inet_pton(AF_INET, host, &in4->sin_addr) == 1) {
        in4->sin_family = AF_INET;
        in4->sin_port = htons((uint16_t)p);
        sl = sizeof *in4;
    } else if (inet_pton(AF_INET6, host, &in6->sin6_addr) == 1) {
        in6->sin6_family = AF_INET6;
        in6->sin6_port = htons((uint16_t)p);
        sl = sizeof *in6;
    } else {
        return dd_error_set(e, DD_ERR_USAGE, 0, "--metrics: '%s' is not an IP address", host);
    }
    int fd = socket(ss.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return dd_error_sys(e, errno, "--metrics: socket");
    int one = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (bind(fd, (struct sockaddr *)&ss, sl) != 0 || listen(fd, 16) != 0) {
        int err = errno;
        close(fd);
        return dd_error_sys(e, err, "--metrics: cannot listen on %s", addr);
    }
    dd_metrics *m = dd_xcalloc(1, sizeof *m);
    m->lfd = fd;
    struct sockaddr_storage got;
    socklen_t gl = sizeof got;
    getsockname(fd, (struct sockaddr *)&got, &gl);
    m->port = ntohs(got.ss_family == AF_INET ? ((struct sockaddr_in *)&got)->sin_port
                                             : ((struct sockaddr_in6 *)&got)->sin6_port);
    m->ep = epoll_create1(EPOLL_CLOEXEC);
    for (int i = 0; i < DD_METRICS_CLIENTS; i++)
        m->c[i].fd = -1;
    struct epoll_event ev = {.events = EPOLLIN, .data.fd = fd};
    epoll_ctl(m->ep, EPOLL_CTL_ADD, fd, &ev);
    *out = m;
    return 0;
}

int dd_metrics_fd(const dd_metrics *m)
{
    return m->ep;
}

int dd_metrics_port(const dd_metrics *m)
{
    return m->port;
}

static void drop(dd_metrics *m, client *c)
{
    epoll_ctl(m->ep, EPOLL_CTL_DEL, c->fd, NULL);
    close(c->fd);
    c->fd = -1;
    c->len = 0;
}

static void respond(int fd, const char *status, const char *type, const dd_buf *body)
{
    char head[256];
    int hl = snprintf(head, sizeof head,
                      "HTTP/1.1 %s\r\nContent-Type: %s\r\nContent-Length: %zu\r\n"
                      "Connection: close\r\n\r\n",
                      status, type, body->len);
    /* small answers to a local scraper: written with a send timeout, never blocking long */
    struct timeval tv = {1, 0};
    setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
    struct iovec {
        const void *b;
        size_t n;
    } parts[2] = {{head, (size_t)hl}, {body->data, body->len}};
    for (int i = 0; i < 2; i++) {
        const char *p = parts[i].b;
        size_t left = parts[i].n;
        time_t start = time(NULL);
        while (left) {
            ssize_t w = send(fd, p, left, MSG_NOSIGNAL);
            if (w < 0 && (errno == EAGAIN || errno == EINTR) && time(NULL) - start < 2)
                continue;
            if (w <= 0)
                return;
            p += w;
            left -= (size_t)w;
        }
    }
}

static void handle(dd_metrics *m, client *c, dd_metrics_render render, void *ud)
{
    ssize_t n = read(c->fd, c->buf + c->len, sizeof c->buf - 1 - c->len);
    if (n <= 0) {
        if (n < 0 && errno == EAGAIN)
            return;
        drop(m, c);
        return;
    }
    c->len += (size_t)n;
    c->buf[c->len] = 0;
    if (!strstr(c->buf, "\r\n\r\n") && !strstr(c->buf, "\n\n")) {
        if (c->len >= sizeof c->buf - 1)
            drop(m, c); /* no request is that long */
        return;
    }
    dd_buf body = DD_BUF_INIT;
    if (!strncmp(c->buf, "GET /metrics ", 13) || !strncmp(c->buf, "GET /metrics?", 13)) {
        render(&body, ud);
        respond(c->fd, "200 OK", "text/plain; version=0.0.4; charset=utf-8", &body);
    } else {
        dd_buf_puts(&body, "drydock watch serves GET /metrics\n");
        respond(c->fd, "404 Not Found", "text/plain", &body);
    }
    dd_buf_free(&body);
    drop(m, c);
}

void dd_metrics_service(dd_metrics *m, dd_metrics_render render, void *ud)
{
    struct epoll_event evs[DD_METRICS_CLIENTS + 1];
    int n = epoll_wait(m->ep, evs, DD_METRICS_CLIENTS + 1, 0);
    time_t now = time(NULL);
    for (int i = 0; i < n; i++) {
        if (evs[i].data.fd == m->lfd) {
            for (;;) {
                int cfd = accept4(m->lfd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
                if (cfd < 0)
                    break;
                client *slot = NULL;
                for (int k = 0; k < DD_METRICS_CLIENTS && !slot; k++)
                    if (m->c[k].fd < 0)
                        slot = &m->c[k];
                if (!slot) {
                    close(cfd); /* too many at once */
                    continue;
                }
                slot->fd = cfd;
                slot->len = 0;
                slot->since = now;
                struct epoll_event ev = {.events = EPOLLIN, .data.fd = cfd};
                epoll_ctl(m->ep, EPOLL_CTL_ADD, cfd, &ev);
            }
            continue;
        }
        for (int k = 0; k < DD_METRICS_CLIENTS; k++)
            if (m->c[k].fd == evs[i].data.fd)
                handle(m, &m->c[k], render, ud);
    }
    for (int k = 0; k < DD_METRICS_CLIENTS; k++)
        if (m->c[k].fd >= 0 && now - m->c[k].since > DD_METRICS_IDLE_S)
            drop(m, &m->c[k]);
}

void dd_metrics_close(dd_metrics *m)
{
    if (!m)
        return;
    for (int k = 0; k < DD_METRICS_CLIENTS; k++)
        if (m->c[k].fd >= 0)
            close(m->c[k].fd);
    close(m->lfd);
    close(m->ep);
    free(m);
}

void dd_metrics_label(dd_buf *b, const char *v)
{
    for (; *v; v++) {
        if (*v == '\\' || *v == '"')
            dd_buf_putc(b, '\\'), dd_buf_putc(b, *v);
        else if (*v == '\n')
            dd_buf_puts(b, "\\n");
        else
            dd_buf_putc(b, *v);
    }
}
