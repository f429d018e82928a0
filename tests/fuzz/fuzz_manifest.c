/* libFuzzer target: the Compose/Kubernetes linter on arbitrary bytes; the first byte
 * says which kind the rest is linted as, and a configuration with trusted registries and
 * a severity override is in force. */
#include <stddef.h>
#include <stdint.h>

#include "manifest/manifest.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    static char *trusted[] = {"registry.example.com", "*.example.org"};
    static dd_lint_override sev[] = {{"DDM-CPU-LIMIT", DD_SEV_HIGH, false}};
    dd_lint_config cfg = {.trusted = trusted, .ntrusted = 2, .sev = sev, .nsev = 1};
    dd_report r;
    dd_report_init(&r, "lint", "fuzz");
    dd_manifest_lint_buffer((const char *)data + 1, size - 1, "fuzz.yaml",
                            data[0] & 1 ? DD_MF_K8S : DD_MF_COMPOSE, &cfg, &r);
    dd_manifest_kind("fuzz.yaml", (const char *)data + 1, size - 1);
    dd_report_free(&r);
    return 0;
}
