/* libFuzzer target for scan --dockerfile: a Dockerfile and an image history (both
 * untrusted: the history comes from the image's configuration) matched step by step, and
 * findings of every kind placed. Input: the Dockerfile, a NUL byte, then one history
 * entry per line ('!' first: an empty_layer entry). Any bytes must place findings or add a
 * note, never crash, leak or loop. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/mem.h"
#include "image/dflocate.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *text = (const char *)data;
    const char *nul = memchr(text, '\0', size);
    size_t dflen = nul ? (size_t)(nul - text) : size;
    dd_error e = {0};
    dd_df_map *m = dd_df_map_parse("fuzz", text, dflen, &e);
    if (!m)
        return 0;
    json_t *hist = json_array();
    size_t nl = 0;
    for (const char *p = nul ? nul + 1 : text + size, *end = text + size; p < end;) {
        const char *eol = memchr(p, '\n', (size_t)(end - p));
        size_t len = eol ? (size_t)(eol - p) : (size_t)(end - p);
        bool empty = len && *p == '!';
        json_t *h = json_object();
        json_object_set_new(h, "created_by", json_stringn_nocheck(p + empty, len - empty));
        if (empty)
            json_object_set_new(h, "empty_layer", json_true());
        else
            nl++;
        json_array_append_new(hist, h);
        p += len + 1;
    }
    static char digests[4][16] = {"sha256:L0", "sha256:L1", "sha256:L2", "sha256:L3"};
    dd_image img = {.ref = "fuzz", .config = json_pack("{s:o}", "history", hist)};
    img.nlayers = nl;
    img.layers = dd_xcalloc(nl ? nl : 1, sizeof *img.layers);
    for (size_t i = 0; i < nl; i++)
        img.layers[i].digest = digests[i % 4];
    dd_report r;
    dd_report_init(&r, "scan", "fuzz");
    static const char *const props[] = {
        "{\"layer\": \"sha256:L1\"}",  "{\"layer_index\": 2}",
        "{\"history_step\": 3}",       "{\"history_step\": 0}",
        "{\"layer_index\": 99}",       "{\"instruction\": \"ENV\", \"key\": \"A\"}",
        "{\"instruction\": \"USER\"}", "null"};
    for (size_t i = 0; i < sizeof props / sizeof *props; i++) {
        dd_finding *f =
            dd_report_add_dynamic(&r, "X", "x", DD_SEV_LOW, DD_STATUS_FAIL, "fuzz", "x");
        f->props = json_loads(props[i], JSON_DECODE_ANY, NULL);
        if (json_is_null(f->props)) {
            json_decref(f->props);
            f->props = NULL;
        }
    }
    dd_df_map_apply(m, &img, &r, 0);
    dd_report_free(&r);
    free(img.layers);
    json_decref(img.config);
    dd_df_map_free(m);
    return 0;
}
