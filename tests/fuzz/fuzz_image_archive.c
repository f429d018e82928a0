/* libFuzzer target: a whole docker-archive, as `drydock scan docker-archive:FILE` reads it:
 * the outer tar's index, manifest and config, blobs listed several times (read once), the
 * layers stacked as docker applies them (symlinked parents, whiteouts, opaque directories
 * in tar order), and the second reads of files a symlink moved. The bytes live in a memfd:
 * nothing touches the disk. Seeds: tests/e2e/hostile_gen.py --seeds. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include "image/image.h"
#include "secrets/secrets.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static dd_secret_scanner *scanner;
    if (!scanner) {
        dd_error e = {0};
        if (dd_secret_scanner_new(&scanner, &e) < 0)
            abort();
    }
    int fd = memfd_create("fuzz-archive", MFD_CLOEXEC);
    if (fd < 0)
        abort();
    size_t off = 0;
    while (off < size) {
        ssize_t w = write(fd, data + off, size - off);
        if (w <= 0)
            abort();
        off += (size_t)w;
    }
    char ref[64];
    snprintf(ref, sizeof ref, "docker-archive:/proc/self/fd/%d", fd);
    dd_image_opts o = {.flags = DD_IMG_SCAN_PACKAGES | DD_IMG_SCAN_SECRETS,
                       .max_layer_size = 64u << 20,
                       .max_image_size = 256u << 20,
                       .threads = 1,
                       .scanner = scanner};
    dd_image *img = NULL;
    dd_error e = {0};
    if (dd_image_open(&img, ref, &o, &e) == 0) {
        dd_package_list pk = {0};
        dd_image_packages(img, &pk);
        dd_package_list_free(&pk);
        FILE *null = fopen("/dev/null", "w");
        if (null) {
            dd_image_list(img, null);
            fclose(null);
        }
        dd_image_free(img);
    }
    close(fd);
    return 0;
}
