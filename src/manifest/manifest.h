/* Linting how containers are run before anything runs: Compose files and Kubernetes
 * manifests (Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, Job, CronJob; any number
 * of documents per file). One rule table (dd_manifest_table, `drydock rules -c lint`),
 * each rule tied to the CIS Docker Benchmark 5.x check or the Pod Security Standards
 * control it implements, evaluated over Compose services and Kubernetes pods/containers
 * alike. Findings carry the line and column of the offending key (libyaml's marks), or of
 * the service/container when a setting is missing. Pragmas and configuration are
 * Dockerfile lint's: "# drydock ignore=ID[,ID]" on the line before (or at the end of the
 * line), and .drydock.yaml's ignore, severity and trusted-registries.
 *
 * Ownership: findings go to the caller's report; nothing is kept. */
#pragma once
#include <stdbool.h>
#include <stddef.h>

#include "dockerfile/lint.h"
#include "report/report.h"

enum { DD_MF_NONE = 0, DD_MF_COMPOSE, DD_MF_K8S };

/* A file the directory walk should look at: compose names, or *.yaml / *.yml. */
bool dd_manifest_candidate(const char *base);
/* What the file is: compose by name (compose.yaml, docker-compose.*.yml ...) or by a
 * top-level "services:" in a YAML file; Kubernetes when a document has apiVersion and
 * kind at its top; DD_MF_NONE for other YAML (and Helm templates, which are not YAML). */
int dd_manifest_kind(const char *path, const char *data, size_t len);
/* Lint one file of that kind. Returns false when it could not be parsed (that is a
 * finding of dd_manifest_parse_rule at the error's line). */
bool dd_manifest_lint_buffer(const char *data, size_t len, const char *path, int kind,
                             const dd_lint_config *cfg, dd_report *r);

extern const dd_rule *const dd_manifest_parse_rule;
