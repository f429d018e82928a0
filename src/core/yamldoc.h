/* One YAML document parsed from memory, its syntax error named FILE:LINE:COL, for the
 * configuration files (.drydock.yaml, .hadolint.yaml, the trust policy).
 * Ownership: on success the caller owns `doc` (yaml_document_delete). */
#pragma once
#include <stddef.h>
#include <yaml.h>

#include "core/error.h"

/* 0, or -1 with `e` of `kind` (what a bad file is to the caller: usage or input). */
int dd_yaml_load(yaml_document_t *doc, const char *data, size_t len, const char *path,
                 dd_error_kind kind, dd_error *e);
