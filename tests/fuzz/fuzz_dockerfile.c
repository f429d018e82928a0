/* libFuzzer target for the Dockerfile parser, the shell splitter and every lint rule:
 * any bytes must parse or fail with a position, and the rules must run over whatever
 * the parser accepts without a crash, a leak or a hang. */
#include <stdint.h>
#include <stdlib.h>

#include "dockerfile/dockerfile.h"
#include "dockerfile/lint.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* Every rule on, label formats and strict labels included, so all of them see the
     * input. */
    static char *trusted[] = {"docker.io", "*.example.com"};
    static dd_lint_label labels[] = {{"org.opencontainers.image.source", DD_LABEL_URL},
                                     {"created", DD_LABEL_RFC3339},
                                     {"license", DD_LABEL_SPDX},
                                     {"revision", DD_LABEL_HASH},
                                     {"version", DD_LABEL_SEMVER},
                                     {"maintainer", DD_LABEL_EMAIL},
                                     {"title", DD_LABEL_TEXT}};
    static dd_lint_override enable[] = {{"DL1001", DD_SEV_INFO, false}};
    dd_lint_config cfg;
    dd_lint_config_init(&cfg);
    cfg.trusted = trusted;
    cfg.ntrusted = 2;
    cfg.labels = labels;
    cfg.nlabels = DD_ARRAY_LEN(labels);
    cfg.strict_labels = true;
    cfg.sev = enable;
    cfg.nsev = 1;
    dd_report r;
    dd_report_init(&r, "lint", "fuzz");
    dd_lint_buffer((const char *)data, size, "fuzz", &cfg, &r);
    dd_report_free(&r);
    return 0;
}
