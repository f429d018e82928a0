/* Prometheus text exposition, shared by the report writer (dd_write_prometheus: the
 * node-exporter textfile format) and watch's /metrics endpoint. */
#pragma once
#include "core/buf.h"

/* A label value, escaped as the exposition format wants (\\, \", \n). */
void dd_prom_label(dd_buf *b, const char *v);
