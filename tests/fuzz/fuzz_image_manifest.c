/* libFuzzer target: the JSON documents of an image (docker-save manifest.json, image
 * configuration, OCI index/manifest). The first byte picks the parser. */
#include <stdint.h>
#include <stdlib.h>

#include "image/image.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    const char *text = (const char *)data + 1;
    size_t len = size - 1;
    dd_error e = {0};
    switch (data[0] % 3) {
    case 0: {
        char *cfg = NULL, **layers = NULL;
        size_t n = 0;
        json_t *tags = NULL;
        if (dd_image_parse_manifest(text, len, &cfg, &layers, &n, &tags, &e) == 0) {
            for (size_t i = 0; i < n; i++)
                free(layers[i]);
            free(layers);
            free(cfg);
            json_decref(tags);
        }
        break;
    }
    case 1: {
        json_t *j = json_loadb(text, len, 0, NULL);
        if (j) {
            dd_image_check_config(j, &e);
            json_decref(j);
        }
        break;
    }
    default: {
        json_t *j = NULL;
        if (dd_image_parse_oci(text, len, &j, &e) > 0)
            json_decref(j);
        break;
    }
    }
    return 0;
}
