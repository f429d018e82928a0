/* What actually runs, checked against the trust policy: for each running container, is
 * its image's registry digest from a trusted registry, and does it carry a valid
 * signature from every key its repository requires? One evaluation, used by
 * `drydock bench` (its trust rows) and `drydock verify --running`.
 *
 * The image a container runs is identified by its RepoDigests ("HOST/REPO@sha256:..."):
 * the manifest digest the daemon pulled, which is what signatures sign. An image with
 * none (built or loaded locally) comes from no registry at all, and fails both checks.
 *
 * Ownership: dd_trust_ctx owns its keys and cache (dd_trust_ctx_free). */
#pragma once
#include <jansson.h>

#include "registry/registry.h"
#include "engine/engine.h"
#include "report/report.h"
#include "sign/policy.h"
#include "sign/sign.h"

/* The two rules, rows of the bench trust table (bench/checks_trust.c). */
extern const dd_rule *const dd_rule_trust_registry; /* DD-TRUST-REGISTRY */
extern const dd_rule *const dd_rule_trust_signed;   /* DD-TRUST-SIGNED */

enum { DD_TRUST_REGISTRY = 1u << 0, DD_TRUST_SIGNED = 1u << 1 };

typedef struct dd_trust_ctx {
    const dd_trust_policy *policy;
    dd_registry_opts ro; /* insecure registries merged from the policy */
    const char **insecure;
    const dd_sig_key *const *extra; /* keys every image must be signed by (--key) */
    size_t nextra;
    json_t *cache; /* image id -> {"registry": [status, msg], "signed": [status, msg]} */
    json_t *keys;  /* path -> loaded (pointer as integer), for reuse across images */
} dd_trust_ctx;

void dd_trust_ctx_init(dd_trust_ctx *c, const dd_trust_policy *p, const dd_registry_opts *ro,
                       const dd_sig_key *const *extra, size_t nextra);
void dd_trust_ctx_free(dd_trust_ctx *c);

/* Report `rules` (DD_TRUST_*) for one container: `target` names it ("web"), `image` is
 * what it was started from, `inspect` the image's inspect (RepoDigests, Id). */
void dd_trust_check_container(dd_trust_ctx *c, const char *target, const char *image,
                              const json_t *inspect, unsigned rules, dd_report *r);

/* `drydock verify --running`: every running container of the daemon. */
int dd_trust_check_running(dd_trust_ctx *c, const struct dd_engine_config *ec, dd_report *r,
                           dd_error *e);
