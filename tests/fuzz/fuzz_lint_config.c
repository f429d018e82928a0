/* libFuzzer target for the lint configuration reader (.drydock.yaml, .hadolint.yaml): a
 * configuration arrives with the repository being linted, so any bytes must load or fail
 * with a message naming the file and line, without a crash, a leak or a hang. Both
 * dialects are exercised: the input is written under both names. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dockerfile/lint.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void load(const char *dir, const char *name, const uint8_t *data, size_t size)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "we");
    if (!f)
        return;
    fwrite(data, 1, size, f);
    fclose(f);
    dd_lint_config c;
    dd_lint_config_init(&c);
    dd_error e = {0};
    if (dd_lint_config_load(&c, path, &e) < 0 && !e.msg[0])
        abort(); /* a failure always says why */
    dd_lint_config_free(&c);
    unlink(path);
}

static char dir[] = "/tmp/dd-fuzz-lintcfg.XXXXXX";

static void remove_dir(void)
{
    rmdir(dir); /* every file in it was unlinked after its load */
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static bool made;
    if (!made && !mkdtemp(dir))
        return 0;
    if (!made)
        atexit(remove_dir);
    made = true;
    load(dir, ".drydock.yaml", data, size);
    load(dir, ".hadolint.yaml", data, size);
    return 0;
}
