/* libFuzzer target: a Sigstore simple-signing payload (parsed strictly), and the trust
 * policy's glob. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sign/policy.h"
#include "sign/sign.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    dd_error e = {0};
    dd_sig_payload p;
    if (dd_sig_payload_parse((const char *)data, size, &p, &e) == 0)
        dd_sig_payload_free(&p);
    unsigned char *raw = NULL;
    size_t n = 0;
    if (dd_b64_decode((const char *)data, size, &raw, &n) == 0)
        free(raw);
    if (size > 1) {
        /* First half a pattern, second half a name. */
        size_t h = size / 2;
        char *pat = strndup((const char *)data, h), *s = strndup((const char *)data + h, size - h);
        dd_trust_glob(pat, s);
        free(pat);
        free(s);
    }
    return 0;
}
