/* SPDX licenseDeclared: an SPDX expression whatever the package recorded. Ids on the SPDX
 * list stay, other names become LicenseRefs declared once in hasExtractedLicensingInfos,
 * and a string that is no expression at all becomes one LicenseRef. CycloneDX: the same
 * LicenseRefs in an `expression`, anything else a licence `name`. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/report.h"
#include "tap.h"

/* The SPDX (or CycloneDX) document written for one package per licence (NULL: none). */
static json_t *sbom_of(const char *const *lic, size_t n, bool cdx)
{
    dd_report r;
    dd_report_init(&r, "scan", "t");
    r.components = json_array();
    for (size_t i = 0; i < n; i++) {
        json_t *c = json_pack("{s:s, s:s, s:s}", "type", "library", "name", "p", "version", "1");
        json_object_set_new(c, "licenses", lic[i] ? json_pack("[s]", lic[i]) : json_array());
        json_array_append_new(r.components, c);
    }
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    CHECK_INT(cdx ? dd_write_cyclonedx(&r, f) : dd_write_spdx(&r, f), 0);
    fclose(f);
    dd_report_free(&r);
    json_t *doc = json_loadb(buf, len, 0, NULL);
    free(buf);
    CHECK(doc != NULL);
    return doc;
}

static const char *declared(json_t *doc, size_t i)
{
    /* packages[0] is the image */
    return json_string_value(json_object_get(
        json_array_get(json_object_get(doc, "packages"), i + 1), "licenseDeclared"));
}

int main(void)
{
    static const char *const lic[] = {
        "GPL-2.0-or-later AND public-domain",        /* Debian: a name without an id */
        "GPL-3.0-or-later WITH Bison-exception-2.2", /* a known exception */
        "(GPL-1.0-or-later OR Artistic) AND MIT",    /* grouping kept */
        "MPL-2.0 AND MIT",                           /* apk */
        "GPLv2+ and BSD",                            /* old rpm: no expression */
        "BSD-3-clause",                              /* matched case-insensitively, written as listed */
        "GPL-2.0+",                                  /* '+' operator */
        "public-domain",                             /* declared once only */
        "LicenseRef-mine",                           /* declared under its own name */
        NULL,
    };
    json_t *doc = sbom_of(lic, sizeof lic / sizeof lic[0], false);
    CHECK_STR(declared(doc, 0), "GPL-2.0-or-later AND LicenseRef-public-domain");
    CHECK_STR(declared(doc, 1), "GPL-3.0-or-later WITH Bison-exception-2.2");
    CHECK_STR(declared(doc, 2), "(GPL-1.0-or-later OR LicenseRef-Artistic) AND MIT");
    CHECK_STR(declared(doc, 3), "MPL-2.0 AND MIT");
    CHECK_STR(declared(doc, 4), "LicenseRef-GPLv2--and-BSD");
    CHECK_STR(declared(doc, 5), "BSD-3-Clause");
    CHECK_STR(declared(doc, 6), "GPL-2.0+");
    CHECK_STR(declared(doc, 7), "LicenseRef-public-domain");
    CHECK_STR(declared(doc, 8), "LicenseRef-mine");
    CHECK_STR(declared(doc, 9), "NOASSERTION");
    json_t *x = json_object_get(doc, "hasExtractedLicensingInfos");
    CHECK_INT(json_array_size(x), 4);
    static const char *const ids[] = {"LicenseRef-public-domain", "LicenseRef-Artistic",
                                      "LicenseRef-GPLv2--and-BSD", "LicenseRef-mine"};
    static const char *const text[] = {"public-domain", "Artistic", "GPLv2+ and BSD",
                                       "LicenseRef-mine"};
    for (size_t i = 0; i < 4; i++) {
        json_t *e = json_array_get(x, i);
        CHECK_STR(json_string_value(json_object_get(e, "licenseId")), ids[i]);
        CHECK_STR(json_string_value(json_object_get(e, "extractedText")), text[i]);
    }
    json_decref(doc);

    doc = sbom_of(lic, sizeof lic / sizeof lic[0], true);
    static const char *const cdx[] = {
        "[{\"expression\":\"GPL-2.0-or-later AND LicenseRef-public-domain\"}]",
        "[{\"expression\":\"GPL-3.0-or-later WITH Bison-exception-2.2\"}]",
        "[{\"expression\":\"(GPL-1.0-or-later OR LicenseRef-Artistic) AND MIT\"}]",
        "[{\"expression\":\"MPL-2.0 AND MIT\"}]",
        "[{\"license\":{\"name\":\"GPLv2+ and BSD\"}}]",
        "[{\"license\":{\"name\":\"BSD-3-clause\"}}]",
        "[{\"license\":{\"name\":\"GPL-2.0+\"}}]",
        "[{\"license\":{\"name\":\"public-domain\"}}]",
        "[{\"license\":{\"name\":\"LicenseRef-mine\"}}]",
    };
    json_t *comps = json_object_get(doc, "components");
    for (size_t i = 0; i < sizeof cdx / sizeof cdx[0]; i++) {
        char *got = json_dumps(json_object_get(json_array_get(comps, i), "licenses"),
                               JSON_COMPACT | JSON_SORT_KEYS);
        CHECK_STR(got, cdx[i]);
        free(got);
    }
    CHECK(json_object_get(json_array_get(comps, 9), "licenses") == NULL);
    json_decref(doc);
    return dd_test_done();
}
