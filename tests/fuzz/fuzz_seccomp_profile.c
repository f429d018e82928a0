/* Untrusted input of `drydock profile compare` (and of anything that reads a seccomp
 * profile): the Docker/OCI seccomp JSON. Whatever parses is written back, re-read (the
 * writer's output must parse), and evaluated for this architecture. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "profile/seccomp.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    dd_seccomp p;
    dd_error e = {0};
    if (dd_seccomp_parse((const char *)data, size, "fuzz.json", &p, &e) < 0)
        return 0;
    json_t *j = dd_seccomp_to_json(&p);
    char *text = json_dumps(j, 0);
    dd_seccomp again;
    if (!text || dd_seccomp_parse(text, strlen(text), "again.json", &again, &e) < 0)
        abort(); /* what we write must read back */
    dd_seccomp_free(&again);
    free(text);
    json_decref(j);
    dd_names allowed = {0};
    dd_seccomp_env env = {.caps = ~0ULL, .kernel_major = 6, .kernel_minor = 1};
    if (dd_seccomp_allowed(&p, &env, &allowed, &e) == 0)
        dd_names_free(&allowed);
    dd_seccomp_free(&p);
    return 0;
}
