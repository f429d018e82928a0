/* A Prometheus endpoint: GET /metrics on the address given (127.0.0.1:PORT by default;
 * exposing it wider is the user's explicit choice). Served from the watch loop: the
 * listener and its clients sit in one epoll set that the loop polls, so rendering reads
 * the loop's counters without locks. Clients are bounded in number, request size and
 * time. Ownership: dd_metrics_listen() returns a server the caller closes. */
#pragma once
#include "core/buf.h"
#include "core/error.h"

typedef struct dd_metrics dd_metrics;
typedef void (*dd_metrics_render)(dd_buf *out, void *ud);

/* addr: "PORT", ":PORT", "HOST:PORT", "[V6]:PORT". */
int dd_metrics_listen(dd_metrics **out, const char *addr, dd_error *e);
/* An epoll fd that becomes readable when there is work for dd_metrics_service(). */
int dd_metrics_fd(const dd_metrics *m);
/* The port actually bound (PORT 0 picks one). */
int dd_metrics_port(const dd_metrics *m);
void dd_metrics_service(dd_metrics *m, dd_metrics_render render, void *ud);
void dd_metrics_close(dd_metrics *m);
/* Prometheus label value escaping (\\, \", \n). */
void dd_metrics_label(dd_buf *b, const char *v);
