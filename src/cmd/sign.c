/* `drydock sign`: sign an image in its registry (Sigstore format), or make a key pair. */
#include <stdio.h>
#include <string.h>

#include "cmd/cmd.h"
#include "core/cleanup.h"
#include "core/mem.h"
#include "core/term.h"
#include "sign/sign.h"

const char cmd_sign_help[] =
    "Usage: drydock sign [OPTIONS] --key KEY IMAGE\n"
    "       drydock sign --generate-key PREFIX\n\n"
    "Sign an image in its registry the way cosign and skopeo do (Sigstore simple signing,\n"
    "ECDSA P-256 over SHA-256): the signature names the image's manifest digest and\n"
    "repository and is stored in the same repository under the tag sha256-<hex>.sig,\n"
    "next to any signatures already there. IMAGE is HOST/REPO:TAG or HOST/REPO@DIGEST\n"
    "(docker:// may precede it). `drydock verify`, `cosign verify` and skopeo's\n"
    "sigstoreSigned policy accept the result.\n\n"
    "--generate-key PREFIX writes PREFIX.key (cosign's encrypted private key format:\n"
    "scrypt and NaCl secretbox, mode 0600) and PREFIX.pub (PEM public key); the keys work\n"
    "with cosign and with skopeo --sign-by-sigstore-private-key. The password comes from\n"
    "DRYDOCK_KEY_PASSWORD (or COSIGN_PASSWORD), else it is asked on the terminal.\n\n"
    "Options:\n"
    "  -k, --key KEY         the private key file (cosign format)\n"
    "      --generate-key PREFIX\n"
    "                        write a new key pair PREFIX.key and PREFIX.pub\n"
    "  -h, --help            this help\n\n" DD_REGISTRY_HELP "\n" DD_CONFIG_HELP("sign")
    "\nExamples:\n"
    "  drydock sign --generate-key release\n"
    "  drydock sign --key release.key registry.example.com/team/app:2.0\n";

enum { OPT_GENERATE = DD_OPT_FIRST_CMD };

const char cmd_sign_shortopts[] = "k:h";
const struct option cmd_sign_opts[] = {
    DD_CONFIG_LONGOPT,
    {"key", required_argument, NULL, 'k'},
    {"generate-key", required_argument, NULL, OPT_GENERATE},
    {"help", no_argument, NULL, DD_OPT_HELP},
    DD_REGISTRY_LONGOPTS,
    {NULL, 0, NULL, 0},
};

int cmd_sign(int argc, char **argv, dd_error *e)
{
    const char *key = NULL, *generate = NULL;
    dd_cli_registry reg;
    dd_cli_registry_init(&reg);
    int c, h;
    optind = 1;
    while ((c = getopt_long(argc, argv, cmd_sign_shortopts, cmd_sign_opts, NULL)) != -1) {
        if ((h = dd_cli_registry_opt(c, optarg, &reg, e)) != 0) {
            if (h < 0)
                return -1;
            continue;
        }
        switch (c) {
        case 'k':
            key = optarg;
            break;
        case OPT_GENERATE:
            generate = optarg;
            break;
        case DD_OPT_HELP:
            fputs(cmd_sign_help, stdout);
            return 0;
        case DD_OPT_CONFIG:
            break;
        default:
            return dd_cli_usage_error(e, "sign");
        }
    }
    if (generate) {
        if (optind != argc || key)
            return dd_error_set(e, DD_ERR_USAGE, 0, "--generate-key takes no image and no --key");
        char *pw = dd_sig_password(generate, true, e);
        if (!pw)
            return -1;
        int rc = dd_sig_key_generate(generate, pw, e);
        explicit_bzero(pw, strlen(pw));
        free(pw);
        if (rc < 0)
            return -1;
        /* The prefix and the image are the user's words, printed back: escaped. */
        _cleanup_free_ char *g = dd_term_escape(generate);
        printf("private key written to %s.key, public key to %s.pub\n", g, g);
        return 0;
    }
    if (!key || argc - optind != 1) {
        dd_error_set(e, DD_ERR_USAGE, 0, "drydock sign needs --key KEY and one image");
        return dd_error_hint(e, "drydock sign --key cosign.key HOST/REPO:TAG");
    }
    char *pw = dd_sig_password(key, false, e);
    if (!pw)
        return -1;
    dd_sig_key *k = NULL;
    int rc = dd_sig_key_load_private(&k, key, pw, e);
    explicit_bzero(pw, strlen(pw));
    free(pw);
    if (rc < 0)
        return -1;
    char digest[DD_DIGEST_LEN];
    rc = dd_sign_image(argv[optind], k, &reg.opts, digest, e);
    if (rc == 0) {
        _cleanup_free_ char *img = dd_term_escape(argv[optind]);
        _cleanup_free_ char *k2 = dd_term_escape(key);
        printf("signed %s (%s) with %s\n", img, digest, k2);
    }
    dd_sig_key_free(k);
    return rc < 0 ? -1 : 0;
}
