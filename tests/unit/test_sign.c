/* Signatures and keys: a signature cosign made (containers/image's public test vector:
 * key, payload, signature) verifies; a key pair written by `sign --generate-key` loads
 * back with its password and signs what its public key verifies; tampered payloads,
 * other keys, wrong passwords and non-strict payloads are refused; the trust policy. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/mem.h"
#include "sign/policy.h"
#include "sign/sign.h"
#include "tap.h"

/* cosign's key and a signature it produced for 192.168.64.2:5000/cosign-signed-single-
 * sample (containers/image signature/fixtures: cosign.pub, dir-img-cosign-valid). */
static const char cosign_pub[] =
    "-----BEGIN PUBLIC KEY-----\n"
    "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEFNLqFhf4fiN6o/glAuYnq2jYUeL0\n"
    "vRuLu/z39pmbVwS9ff5AYnlwaP9sxREajdLY9ynM6G1sy6AAmb7Z63TsLg==\n"
    "-----END PUBLIC KEY-----\n";
static const char cosign_payload_b64[] =
    "eyJjcml0aWNhbCI6eyJpZGVudGl0eSI6eyJkb2NrZXItcmVmZXJlbmNlIjoiMTkyLjE2OC42NC4yOjUwMDAvY29z"
    "aWduLXNpZ25lZC1zaW5nbGUtc2FtcGxlIn0sImltYWdlIjp7ImRvY2tlci1tYW5pZmVzdC1kaWdlc3QiOiJzaGEy"
    "NTY6NjM0YThmMzViNWYxNmRjZjRhYWEwODIyYWRjMGIxOTY0YmI3ODZmY2ExMmY2ODMxZGU4ZGRjNDVlNTk4NmEw"
    "MCJ9LCJ0eXBlIjoiY29zaWduIGNvbnRhaW5lciBpbWFnZSBzaWduYXR1cmUifSwib3B0aW9uYWwiOm51bGx9";
static const char cosign_sig[] = "MEYCIQDmtamqYPjMg81nqeBhptrPls44aA/r7PwLmspINJY4MwIhANKRpqe2"
                                 "E9UCBtGFdPoz/8jAbaQm4uP4h+IpwKTE6ClR";

static char tmpdir[] = "/tmp/dd-test-sign.XXXXXX";

static char *tmp_file(const char *name, const char *text)
{
    char *p = dd_xasprintf("%s/%s", tmpdir, name);
    FILE *f = fopen(p, "w");
    fputs(text, f);
    fclose(f);
    return p;
}

static void test_cosign_vector(void)
{
    char *path = tmp_file("cosign.pub", cosign_pub);
    dd_sig_key *k = NULL;
    dd_error e = {0};
    CHECK_INT(dd_sig_key_load_public(&k, path, &e), 0);
    unsigned char *payload = NULL;
    size_t plen = 0;
    CHECK_INT(dd_b64_decode(cosign_payload_b64, strlen(cosign_payload_b64), &payload, &plen), 0);
    CHECK_INT(dd_sig_verify(k, payload, plen, cosign_sig, &e), 0);
    dd_sig_payload p;
    CHECK_INT(dd_sig_payload_parse((char *)payload, plen, &p, &e), 0);
    CHECK_STR(p.reference, "192.168.64.2:5000/cosign-signed-single-sample");
    CHECK_STR(p.digest, "sha256:634a8f35b5f16dcf4aaa0822adc0b1964bb786fca12f6831de8ddc45e5986a00");
    dd_sig_payload_free(&p);
    /* One byte changed: the signature no longer verifies. */
    payload[20] ^= 1;
    CHECK_INT(dd_sig_verify(k, payload, plen, cosign_sig, &e), -1);
    CHECK_INT(dd_sig_verify(k, payload, plen, "not base64!", &e), -1);
    free(payload);
    dd_sig_key_free(k);
    unlink(path);
    free(path);
}

static void test_keys(void)
{
    char *prefix = dd_xasprintf("%s/release", tmpdir);
    dd_error e = {0};
    CHECK_INT(dd_sig_key_generate(prefix, "correct horse", &e), 0);
    CHECK_INT(dd_sig_key_generate(prefix, "again", &e), -1); /* never overwrites */
    char *kp = dd_xasprintf("%s.key", prefix), *pp = dd_xasprintf("%s.pub", prefix);
    dd_sig_key *priv = NULL, *pub = NULL;
    CHECK_INT(dd_sig_key_load_private(&priv, kp, "wrong", &e), -1);
    CHECK(strstr(e.msg, "wrong password") != NULL);
    CHECK_INT(dd_sig_key_load_private(&priv, kp, "correct horse", &e), 0);
    CHECK_INT(dd_sig_key_load_public(&pub, pp, &e), 0);
    CHECK_STR(dd_sig_key_id(priv), dd_sig_key_id(pub));
    size_t len;
    char *payload = dd_sig_payload_build(
        "127.0.0.1:5000/app:1",
        "sha256:634a8f35b5f16dcf4aaa0822adc0b1964bb786fca12f6831de8ddc45e5986a00", &len);
    char *sig = NULL;
    CHECK_INT(dd_sig_sign(priv, payload, len, &sig, &e), 0);
    CHECK_INT(dd_sig_verify(pub, payload, len, sig, &e), 0);
    dd_sig_payload p;
    CHECK_INT(dd_sig_payload_parse(payload, len, &p, &e), 0);
    CHECK_STR(p.reference, "127.0.0.1:5000/app:1");
    CHECK(p.timestamp > 0);
    dd_sig_payload_free(&p);
    /* Another key does not verify it. */
    char *cos = tmp_file("cosign.pub", cosign_pub);
    dd_sig_key *other = NULL;
    CHECK_INT(dd_sig_key_load_public(&other, cos, &e), 0);
    CHECK_INT(dd_sig_verify(other, payload, len, sig, &e), -1);
    dd_sig_key_free(other);
    /* A private key file is not a public one and the other way round. */
    CHECK_INT(dd_sig_key_load_public(&other, kp, &e), -1);
    CHECK_INT(dd_sig_key_load_private(&other, pp, "x", &e), -1);
    free(sig);
    free(payload);
    dd_sig_key_free(priv);
    dd_sig_key_free(pub);
    unlink(kp);
    unlink(pp);
    unlink(cos);
    free(cos);
    free(kp);
    free(pp);
    free(prefix);
}

static void test_payload_strict(void)
{
    static const char *const bad[] = {
        "{\"critical\":{\"identity\":{\"docker-reference\":\"a/b\"},\"image\":{\"docker-manifest-"
        "digest\":\"sha256:634a8f35b5f16dcf4aaa0822adc0b1964bb786fca12f6831de8ddc45e5986a00\"},"
        "\"type\":\"cosign container image signature\",\"extra\":1},\"optional\":null}",
        "{\"critical\":{\"identity\":{\"docker-reference\":\"a/b\"},\"image\":{\"docker-manifest-"
        "digest\":\"sha256:634a\"},\"type\":\"cosign container image "
        "signature\"},\"optional\":null}",
        "{\"critical\":{\"identity\":{\"docker-reference\":\"a/b\"},\"image\":{\"docker-manifest-"
        "digest\":\"sha256:634a8f35b5f16dcf4aaa0822adc0b1964bb786fca12f6831de8ddc45e5986a00\"},"
        "\"type\":\"atomic container signature\"},\"optional\":null}",
        "{\"critical\":{}}",
        "[]",
        "{\"critical\":{\"identity\":{\"docker-reference\":\"a/b\"},\"image\":{\"docker-manifest-"
        "digest\":\"sha256:634a8f35b5f16dcf4aaa0822adc0b1964bb786fca12f6831de8ddc45e5986a00\"},"
        "\"type\":\"cosign container image signature\"},\"optional\":{\"timestamp\":1.5}}",
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        dd_sig_payload p;
        dd_error e = {0};
        CHECK_INT(dd_sig_payload_parse(bad[i], strlen(bad[i]), &p, &e), -1);
        CHECK(strncmp(e.msg, "signature payload", 17) == 0);
    }
}

static void test_policy(void)
{
    char *pub = tmp_file("team.pub", cosign_pub);
    char *path =
        tmp_file(".drydock.yaml", "ignore: [DL3008]\n"
                                  "trust:\n"
                                  "  registries: [registry.example.com, \"*.corp.example\"]\n"
                                  "  insecure-registries: [127.0.0.1:5000]\n"
                                  "  repositories:\n"
                                  "    - name: registry.example.com/team/*\n"
                                  "      keys: [team.pub]\n"
                                  "  base-images: [registry.example.com/base/*]\n");
    dd_trust_policy p;
    dd_error e = {0};
    CHECK_INT(dd_trust_policy_load(&p, path, &e), 0);
    CHECK(p.present);
    CHECK_INT(p.nregistries, 2);
    CHECK(dd_trust_registry_match(p.registries, p.nregistries, "registry.example.com"));
    CHECK(dd_trust_registry_match(p.registries, p.nregistries, "eu.corp.example"));
    CHECK(!dd_trust_registry_match(p.registries, p.nregistries, "corp.example.evil.com"));
    CHECK(!dd_trust_registry_match(p.registries, p.nregistries, "docker.io"));
    const dd_trust_repo *r = dd_trust_repo_for(&p, "registry.example.com/team/app");
    CHECK(r && r->nkeys == 1 && strcmp(r->keys[0], pub) == 0);
    CHECK(dd_trust_repo_for(&p, "registry.example.com/other/app") == NULL);
    CHECK(dd_trust_base_allowed(&p, "registry.example.com/base/debian:12"));
    CHECK(!dd_trust_base_allowed(&p, "docker.io/library/debian:12"));
    dd_trust_policy_free(&p);
    unlink(path);
    free(path);
    path = tmp_file("bad.yaml", "trust:\n  registries: [a]\n  keyz: 1\n");
    CHECK_INT(dd_trust_policy_load(&p, path, &e), -1);
    CHECK(strstr(e.msg, "bad.yaml:3") && strstr(e.msg, "keyz"));
    dd_trust_policy_free(&p);
    unlink(path);
    free(path);
    unlink(pub);
    free(pub);
    CHECK(dd_trust_glob("a*b*c", "axxbyyc"));
    CHECK(!dd_trust_glob("a*b*c", "axxbyy"));
    CHECK(dd_trust_glob("*", ""));
}

int main(void)
{
    if (!mkdtemp(tmpdir))
        return 1;
    test_cosign_vector();
    test_keys();
    test_payload_strict();
    test_policy();
    rmdir(tmpdir);
    return dd_test_done();
}
