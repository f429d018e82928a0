/* The trust policy: which registries and repositories images may come from, which keys
 * must have signed them, which base images Dockerfiles may start FROM. It is the `trust`
 * section of .drydock.yaml (or of the file given with --policy):
 *
 *   trust:
 *     registries: [registry.example.com, "*.corp.example"]   # trusted registries
 *     insecure-registries: [127.0.0.1:5000]                 # plain HTTP allowed
 *     repositories:                                         # required signers
 *       - name: "registry.example.com/team/(glob)"          # HOST/REPO, '*' globs
 *         keys: [keys/team.pub]                             # every key must have signed
 *     base-images: ["registry.example.com/base/(glob)"]     # allowed FROM images
 *
 * where (glob) stands for a '*' pattern. `drydock bench` (drydock's trust checks), `drydock verify
 * --running` and `drydock lint` (trusted registries, allowed base images) all read this one
 * section. Key paths are relative to the policy file.
 *
 * Ownership: dd_trust_policy owns its strings; dd_trust_policy_free() releases them. */
#pragma once
#include <stdbool.h>
#include <stddef.h>

#include "core/error.h"

struct yaml_document_s;
struct yaml_node_s;

typedef struct dd_trust_repo {
    char *pattern; /* "HOST/REPO" with '*' globs */
    char **keys;   /* absolute paths */
    size_t nkeys;
} dd_trust_repo;

typedef struct dd_trust_policy {
    char *path;   /* the file it came from, or NULL when none was found */
    bool present; /* the file has a trust section */
    char **registries;
    size_t nregistries;
    char **insecure;
    size_t ninsecure;
    dd_trust_repo *repos;
    size_t nrepos;
    char **base_images;
    size_t nbase;
} dd_trust_policy;

/* Read the trust section of `path`; with path NULL, .drydock.yaml found upward from the
 * current directory (none found: an empty policy, not an error). */
int dd_trust_policy_load(dd_trust_policy *p, const char *path, dd_error *e);
/* Read a trust section already parsed by libyaml (lint's configuration loader). */
int dd_trust_policy_from_yaml(dd_trust_policy *p, struct yaml_document_s *doc,
                              struct yaml_node_s *node, const char *path, dd_error *e);
void dd_trust_policy_free(dd_trust_policy *p);

/* Whether `host` matches one of `list` (exact, "*.suffix", Docker Hub's aliases). */
bool dd_trust_registry_match(char *const *list, size_t n, const char *host);
/* The first repository rule whose pattern matches "HOST/REPO", or NULL. */
const dd_trust_repo *dd_trust_repo_for(const dd_trust_policy *p, const char *repository);
/* Whether an image reference ("HOST/REPO:TAG", normalised) is an allowed base image;
 * true when the policy lists none. */
bool dd_trust_base_allowed(const dd_trust_policy *p, const char *image);
/* Simple glob: '*' matches any run of characters (also '/'). */
bool dd_trust_glob(const char *pattern, const char *s);
