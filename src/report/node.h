/* Who produced a report or an alert, so that results gathered from a fleet say which node
 * they are about: the node's name and labels.
 *
 * In a container gethostname() names the container, not the node, so the orchestrator
 * passes the node in: DRYDOCK_NODE_NAME (Swarm: "{{.Node.Hostname}}"; Kubernetes: the
 * downward API's spec.nodeName) and DRYDOCK_NODE_LABELS ("key=value,key=value": Swarm
 * templates such as "{{.Node.ID}}", or whatever a manifest states). Without them: the
 * name the caller knows (bench: the daemon's /info Name, which is the host's), else the
 * host name. Docker's engine labels (/info Labels, what Swarm constraints call
 * engine.labels) are node labels too; a label set in DRYDOCK_NODE_LABELS wins.
 *
 * Ownership: the json_t returned belongs to the caller. */
#pragma once
#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "report/report.h"

#define DD_NODE_LABELS_MAX 64 /* labels taken from each source; more are left out */

/* {"hostname": NAME, "labels": {KEY: VALUE...}} (labels only when there are some): the
 * keys of Falco's alerts, which watch writes too.
 * `fallback` may be NULL; `engine_labels` is /info's Labels array ("k=v" strings) or NULL. */
json_t *dd_node_json(const char *fallback, const json_t *engine_labels);
/* The node's name into buf (DRYDOCK_NODE_NAME, else fallback, else the host name). */
void dd_node_name(char *buf, size_t size, const char *fallback);
/* The node of a report: its meta's `host` and `engineLabels` (bench sets them) as above. */
json_t *dd_report_node(const dd_report *r);

/* True when drydock runs as a containerised service: DRYDOCK_IN_CONTAINER=1, which drydock's
 * image sets (and a Kubernetes manifest or another image may). Not guessed from
 * /.dockerenv or cgroups: CI runners and build machines are containers too, and a
 * developer piping `drydock lint` there expects text. The name is no option's: every
 * DRYDOCK_<OPTION> variable sets that option (core/cliconf.h), and DRYDOCK_CONTAINER would
 * be bench's and watch's --container. */
bool dd_in_container(void);
/* The format of a report whose --format was not given: JSON lines when drydock runs in a
 * container and `out` is not a terminal (a log shipper reads it: docker logs, Fluent Bit,
 * Vector, Promtail), else text. */
dd_format dd_default_format(FILE *out);
