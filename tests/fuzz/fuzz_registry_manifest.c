/* libFuzzer target: a registry's manifest or index answer (Docker schema 2, manifest
 * list, OCI manifest and index) and, for an index, the platform choice. The first byte
 * picks the media type the registry claims. */
#include <stdint.h>
#include <stdlib.h>

#include "registry/registry.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    static const char *const types[] = {
        NULL,
        DD_MT_DOCKER_MANIFEST,
        DD_MT_DOCKER_LIST,
        DD_MT_OCI_MANIFEST,
        DD_MT_OCI_INDEX,
        "application/vnd.docker.distribution.manifest.v1+prettyjws",
    };
    const char *mt = types[data[0] % 6];
    dd_error e = {0};
    json_t *index = NULL;
    dd_reg_image_manifest m;
    int kind = dd_reg_parse_manifest((const char *)data + 1, size - 1, mt, &index, &m, &e);
    if (kind == 1) {
        dd_reg_pick_platform(index, "linux/arm64/v8", &e);
        dd_reg_pick_platform(index, NULL, &e);
        json_decref(index);
    } else if (kind == 2) {
        dd_reg_image_manifest_free(&m);
    }
    return 0;
}
