/* libFuzzer target: the registry's WWW-Authenticate challenge, and an image reference. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "registry/registry.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    dd_error e = {0};
    dd_auth_challenge c;
    if (dd_auth_challenge_parse((const char *)data, size, &c, &e) == 0)
        dd_auth_challenge_free(&c);
    char *s = malloc(size + 1);
    memcpy(s, data, size);
    s[size] = '\0';
    dd_regref r;
    if (dd_regref_parse(s, &r, &e) == 0) {
        free(dd_regref_string(&r));
        dd_regref_free(&r);
    }
    free(s);
    return 0;
}
