/* `drydock verify`: an image's signatures against keys, or every running container
 * against the trust policy. */
#include <stdio.h>
#include <string.h>

#include "cmd/cmd.h"
#include "core/cleanup.h"
#include "core/mem.h"
#include "sign/trust.h"

const char cmd_verify_help[] =
    "Usage: drydock verify [OPTIONS] --key PUB [--key PUB2...] IMAGE\n"
    "       drydock verify [OPTIONS] --running [--policy FILE] [--key PUB...]\n\n"
    "Check Sigstore signatures (as cosign, skopeo and `drydock sign` store them) in the\n"
    "image's registry. IMAGE passes when every key given has a valid signature for the\n"
    "image's manifest digest and repository (DD-TRUST-SIGNED, one result per key). A\n"
    "missing signature, a signature by another key, a tampered payload or a signature for\n"
    "another digest or repository each fail, with exit code 1.\n\n"
    "--running checks every running container of the daemon against the trust policy:\n"
    "its image digest must come from a trusted registry (DD-TRUST-REGISTRY) and be signed\n"
    "by every key the policy requires for its repository, and by each --key\n"
    "(DD-TRUST-SIGNED). Results name the container, image and digest.\n\n"
    "Options:\n"
    "  -k, --key PUB         a public key (PEM); repeatable: each must have signed\n"
    "      --running         check the running containers instead of one image\n"
    "      --policy FILE     the trust policy (default: .drydock.yaml found "
    "upward)\n\n" DD_REGISTRY_HELP "\n" DD_ENGINE_HELP "\n" DD_OUTPUT_HELP "\n" DD_CONFIG_HELP("verify")
    "\nExamples:\n"
    "  drydock verify --key release.pub registry.example.com/team/app:2.0\n"
    "  drydock verify --running --format sarif -o trust.sarif\n";

enum { OPT_RUNNING = DD_OPT_FIRST_CMD, OPT_POLICY };

#define MAX_KEYS 32

static void image_report(const dd_verify_result *vr, dd_report *r)
{
    _cleanup_free_ char *target = dd_xasprintf("%s@%s", vr->reference, vr->digest);
    for (size_t i = 0; i < vr->nkeys; i++) {
        const dd_verify_key_result *k = &vr->keys[i];
        dd_finding *f = dd_report_add(r, dd_rule_trust_signed,
                                      k->status == DD_SIG_OK ? DD_STATUS_PASS : DD_STATUS_FAIL,
                                      target, "key %s: %s: %s", dd_sig_key_path(k->key),
                                      dd_sig_status_name(k->status), k->detail);
        f->props = json_pack("{s:s, s:s, s:s, s:s, s:I}", "image", vr->reference, "digest",
                             vr->digest, "key", dd_sig_key_path(k->key), "key_id",
                             dd_sig_key_id(k->key), "signatures", (json_int_t)vr->nsignatures);
    }
    json_object_set_new(r->meta, "target", json_string(vr->reference));
    json_object_set_new(r->meta, "manifest_digest", json_string(vr->digest));
    json_object_set_new(r->meta, "signatures", json_integer((json_int_t)vr->nsignatures));
}

const char cmd_verify_shortopts[] = "f:o:qhH:k:";
const struct option cmd_verify_opts[] = {
    DD_CONFIG_LONGOPT,
    DD_OUTPUT_LONGOPTS,
    DD_ENGINE_LONGOPTS,
    DD_REGISTRY_LONGOPTS,
    {"key", required_argument, NULL, 'k'},
    {"running", no_argument, NULL, OPT_RUNNING},
    {"policy", required_argument, NULL, OPT_POLICY},
    {NULL, 0, NULL, 0},
};

int cmd_verify(int argc, char **argv, dd_error *e)
{
    dd_output_opts out;
    dd_output_opts_init(&out);
    dd_engine_config ec = {.tls_verify = -1};
    dd_cli_registry reg;
    dd_cli_registry_init(&reg);
    const char *keypaths[MAX_KEYS];
    size_t nkeys = 0;
    bool running = false;
    const char *policy_path = NULL;
    int c, h;
    optind = 1;
    while ((c = getopt_long(argc, argv, cmd_verify_shortopts, cmd_verify_opts, NULL)) != -1) {
        if ((h = dd_cli_output_opt(c, optarg, &out, e)) != 0) {
            if (h < 0)
                return -1;
            continue;
        }
        if (dd_cli_engine_opt(c, optarg, &ec))
            continue;
        if ((h = dd_cli_registry_opt(c, optarg, &reg, e)) != 0) {
            if (h < 0)
                return -1;
            continue;
        }
        switch (c) {
        case 'k':
            if (nkeys == MAX_KEYS)
                return dd_error_set(e, DD_ERR_USAGE, 0, "at most %d --key options", MAX_KEYS);
            keypaths[nkeys++] = optarg;
            break;
        case OPT_RUNNING:
            running = true;
            break;
        case OPT_POLICY:
            policy_path = optarg;
            break;
        case DD_OPT_HELP:
            fputs(cmd_verify_help, stdout);
            return 0;
        default:
            return dd_cli_usage_error(e, "verify");
        }
    }
    if (running ? argc != optind : argc - optind != 1 || nkeys == 0) {
        dd_error_set(e, DD_ERR_USAGE, 0,
                     running ? "--running takes no image"
                             : "drydock verify needs --key PUB and one image");
        return dd_error_hint(e, "drydock verify --key cosign.pub HOST/REPO:TAG, or drydock "
                                "verify --running");
    }
    /* A pass is the answer here: list it. */
    out.show_passed = true;
    /* A failed verification is the answer "no", whatever --fail-on says. */
    if (!out.fail_on_set) {
        out.fail_on = DD_SEV_LOW;
        out.fail_on_set = true;
    }
    int ret = -1;
    dd_sig_key *keys[MAX_KEYS] = {0};
    dd_trust_policy policy = {0};
    dd_report r;
    dd_report_init(&r, "verify",
                   running ? "Trust policy of running containers" : "Image signature verification");
    r.text_style = DD_TEXT_LIST;
    for (size_t i = 0; i < nkeys; i++)
        if (dd_sig_key_load_public(&keys[i], keypaths[i], e) < 0)
            goto out;
    if (running) {
        if (dd_trust_policy_load(&policy, policy_path, e) < 0)
            goto out;
        if (!policy.present && nkeys == 0) {
            dd_error_set(e, DD_ERR_USAGE, 0, "no trust policy and no --key: nothing to check");
            dd_error_hint(e, "add a 'trust' section to .drydock.yaml, pass --policy FILE or "
                             "--key PUB");
            goto out;
        }
        dd_trust_ctx ctx;
        dd_trust_ctx_init(&ctx, &policy, &reg.opts, (const dd_sig_key *const *)keys, nkeys);
        int rc = dd_trust_check_running(&ctx, &ec, &r, e);
        dd_trust_ctx_free(&ctx);
        if (rc < 0)
            goto out;
        if (policy.path)
            json_object_set_new(r.meta, "policy", json_string(policy.path));
    } else {
        dd_verify_result vr;
        if (dd_verify_image(argv[optind], (const dd_sig_key *const *)keys, nkeys, &reg.opts, &vr,
                            e) < 0)
            goto out;
        image_report(&vr, &r);
        dd_verify_result_free(&vr);
    }
    dd_report_sort(&r);
    ret = dd_cli_finish(&r, &out, e);
out:
    for (size_t i = 0; i < nkeys; i++)
        dd_sig_key_free(keys[i]);
    dd_trust_policy_free(&policy);
    dd_report_free(&r);
    return ret;
}
