/* drydock's own trust checks for what runs (issue: supply-chain trust): every running
 * container's image must come from a registry the trust policy names and carry a valid
 * signature from each key the policy requires for its repository. The evaluation is
 * sign/trust.c's, shared with `drydock verify --running`; these rows only make it part
 * of the benchmark. Without a trust section in the policy both checks say so (INFO),
 * never pass. */
#include "bench/runtime.h"
#include "sign/trust.h"

static void trust_check(const dd_bench_check *c, const dd_bench_facts *f, dd_report *r,
                        unsigned which)
{
    const dd_trust_policy *p = f->opts ? f->opts->policy : NULL;
    if (!p || !p->present) {
        dd_report_add(r, &c->rule, DD_STATUS_INFO, "host",
                      "no trust policy: add a 'trust' section to .drydock.yaml (or pass "
                      "--policy FILE) to check what runs");
        return;
    }
    if (!f->containers) {
        const char *why = dd_bench_gather_error(f, "containers");
        dd_report_add(r, &c->rule, DD_STATUS_ERROR, "host", "could not list containers: %s",
                      why ? why : "?");
        return;
    }
    dd_trust_ctx ctx;
    dd_trust_ctx_init(&ctx, p, f->opts->registry, NULL, 0);
    size_t i;
    const json_t *ctr;
    json_array_foreach(f->containers, i, ctr)
    {
        const char *iid = json_string_value(json_object_get(ctr, "Image"));
        const char *image = json_string_value(dd_bench_path(ctr, "Config.Image"));
        const json_t *insp = iid ? json_object_get(f->image_inspects, iid) : NULL;
        const char *name = dd_bench_ctr_name(ctr);
        if (!insp) {
            dd_report_add(r, &c->rule, DD_STATUS_ERROR, name,
                          "the image %s of this container could not be inspected",
                          image ? image : "?");
            continue;
        }
        dd_trust_check_container(&ctx, name, image ? image : iid, insp, which, r);
    }
    if (json_array_size(f->containers) == 0)
        dd_report_add(r, &c->rule, DD_STATUS_INFO, "host", "no containers");
    dd_trust_ctx_free(&ctx);
}

static DD_BENCH_FN(check_trust_registry)
{
    trust_check(c, f, r, DD_TRUST_REGISTRY);
}

static DD_BENCH_FN(check_trust_signed)
{
    trust_check(c, f, r, DD_TRUST_SIGNED);
}

static const dd_bench_check rows[] = {
    {
        .rule = {.id = "DD-TRUST-REGISTRY",
                 .title = "Ensure running images come from a trusted registry",
                 .severity = DD_SEV_HIGH,
                 .group = "4",
                 .rationale = "An image pulled from a registry you do not control, or built on the "
                              "host where nobody reviewed it, can run anything; the trust policy "
                              "names the registries images may come from (CIS 4.2: trusted images "
                              "only).",
                 .remediation = "Push images to a registry listed under trust.registries in "
                                ".drydock.yaml and run them from there by digest, or add the "
                                "registry to the policy.",
                 .cwe = "CWE-829",
                 .url = "https://docs.docker.com/engine/security/trust/"},
        .fn = check_trust_registry,
        .needs = DD_BENCH_NEEDS_DAEMON | DD_BENCH_PER_CONTAINER,
    },
    {
        .rule = {.id = "DD-TRUST-SIGNED",
                 .title = "Ensure running images are signed by the keys the policy requires",
                 .severity = DD_SEV_HIGH,
                 .group = "4",
                 .rationale = "A signature by a key you hold ties the exact image digest that runs "
                              "to the pipeline that built it; without it a compromised registry or "
                              "a re-tagged image goes unnoticed (CIS 4.5 content trust, with "
                              "Sigstore signatures as cosign and skopeo write them).",
                 .remediation = "Sign the image with 'drydock sign IMAGE --key KEY' (or cosign, or "
                                "skopeo --sign-by-sigstore-private-key) and list the public key "
                                "under trust.repositories in .drydock.yaml.",
                 .cwe = "CWE-347",
                 .url = "https://docs.sigstore.dev/cosign/signing/signing_with_containers/"},
        .fn = check_trust_signed,
        .needs = DD_BENCH_NEEDS_DAEMON | DD_BENCH_PER_CONTAINER,
    },
};

const dd_rule_table dd_bench_trust_table = DD_RULE_TABLE("bench", "drydock trust policy", rows);

const dd_rule *const dd_rule_trust_registry = &rows[0].rule;
const dd_rule *const dd_rule_trust_signed = &rows[1].rule;
