/* libFuzzer target: the layer walker (libarchive tar reader with any compression, path
 * cleaning, whiteouts, package and secret hooks), the view it builds, and the outer-tar
 * indexer used for docker-archive files, all on arbitrary bytes. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "image/image.h"
#include "image/walker.h"
#include "secrets/secrets.h"

static long mem_pread(void *ud, void *buf, size_t n, uint64_t off)
{
    const uint8_t **d = ud;
    const uint8_t *base = d[0];
    size_t len = (size_t)(d[1] - d[0]);
    if (off >= len)
        return 0;
    if (n > len - off)
        n = len - off;
    memcpy(buf, base + off, n);
    return (long)n;
}

static int visit(const dd_layer_entry *ent, int layer, void *ud)
{
    (void)ud;
    (void)layer;
    return ent->path[0] ? 0 : -1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static dd_secret_scanner *scanner;
    if (!scanner) {
        dd_error e = {0};
        if (dd_secret_scanner_new(&scanner, &e) < 0)
            abort();
    }
    dd_image_opts o = {.flags = DD_IMG_SCAN_PACKAGES | DD_IMG_SCAN_SECRETS,
                       .max_layer_size = 64u << 20, .scanner = scanner};
    dd_image *img = calloc(1, sizeof *img);
    img->ref = strdup("fuzz");
    img->layers = calloc(1, sizeof *img->layers);
    dd_error e = {0};
    if (dd_image_read_layer_mem(data, size, &img->layers[0], &o, &e) == 0) {
        img->layers[0].digest = strdup("sha256:fuzz");
        img->nlayers = 1;
        dd_image_assemble(img, &e);
        dd_image_walk(img, visit, NULL);
        dd_image_resolve(img, "etc/os-release", NULL);
        dd_image_created_layer(img, "usr/bin");
        dd_package_list pk = {0};
        dd_image_packages(img, &pk);
        dd_package_list_free(&pk);
    } else {
        dd_layer_free(&img->layers[0]);
    }
    dd_image_free(img);

    const uint8_t *bounds[2] = {data, data + size};
    dd_tar_member *m = NULL;
    size_t n = 0;
    if (dd_tar_index(mem_pread, bounds, size, &m, &n, &e) == 0)
        dd_tar_index_free(m, n);
    return 0;
}
