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
    static char *trusted[] = {"docker.io"};
    static char *labels[] = {"org.opencontainers.image.source"};
    dd_lint_config cfg = {0};
    cfg.trusted = trusted;
    cfg.ntrusted = 1;
    cfg.labels = labels;
    cfg.nlabels = 1;
    dd_report r;
    dd_report_init(&r, "lint", "fuzz");
    dd_lint_buffer((const char *)data, size, "fuzz", &cfg, &r);
    dd_report_free(&r);
    return 0;
}
