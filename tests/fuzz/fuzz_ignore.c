/* libFuzzer target: the ignore file (.drydockignore, .trivyignore, .dockleignore) on
 * arbitrary bytes, and its entries applied to a report (globs on objects and packages,
 * expiry). */
#include <jansson.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "report/ignore.h"
#include "report/report.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = malloc(size + 1);
    if (!text)
        return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    dd_ignore_list l = {0};
    dd_error e = {0};
    if (dd_ignore_parse(&l, text, ".drydockignore", "2026-06-01", &e) == 0 && l.n) {
        dd_report r;
        dd_report_init(&r, "scan", "fuzz");
        dd_finding *f = dd_report_add_dynamic(&r, "CVE-2023-4911", "t", DD_SEV_HIGH, DD_STATUS_FAIL,
                                              "img:1", "m");
        f->props = json_pack("{s:s, s:s, s:s}", "package", "libc6", "purl",
                             "pkg:deb/debian/libc6@2.36", "ecosystem", "Debian");
        f = dd_report_add_dynamic(&r, "DDI-SETUID", "t", DD_SEV_LOW, DD_STATUS_FAIL, "img:1", "m");
        f->path = strdup("/usr/bin/su");
        dd_ignore_apply(&l, &r);
        dd_report_free(&r);
    }
    dd_ignore_free(&l);
    free(text);
    return 0;
}
