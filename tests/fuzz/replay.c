/* Without libFuzzer, a fuzz target replays files: every file under each directory (or
 * each file) named on the command line is fed to LLVMFuzzerTestOneInput once. This keeps
 * every seed and every crash ever found as a regression test in the normal build. */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/buf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int run_path(const char *path, int *count)
{
    struct stat st;
    if (stat(path, &st) != 0) {
        fprintf(stderr, "replay: %s: no such file or directory\n", path);
        return -1;
    }
    if (S_ISDIR(st.st_mode)) {
        DIR *d = opendir(path);
        if (!d)
            return -1;
        struct dirent *de;
        int rc = 0;
        while ((de = readdir(d))) {
            if (de->d_name[0] == '.')
                continue;
            char *p = NULL;
            if (asprintf(&p, "%s/%s", path, de->d_name) < 0)
                abort();
            rc |= run_path(p, count);
            free(p);
        }
        closedir(d);
        return rc;
    }
    dd_buf b = DD_BUF_INIT;
    if (dd_buf_read_file(&b, path, 64u << 20) < 0) {
        fprintf(stderr, "replay: cannot read %s\n", path);
        return -1;
    }
    /* Copy into an exact-size allocation so ASan sees reads past the end. */
    uint8_t *exact = malloc(b.len ? b.len : 1);
    memcpy(exact, b.data, b.len);
    LLVMFuzzerTestOneInput(exact, b.len);
    free(exact);
    dd_buf_free(&b);
    (*count)++;
    return 0;
}

int main(int argc, char **argv)
{
    int count = 0, rc = 0;
    for (int i = 1; i < argc; i++)
        rc |= run_path(argv[i], &count);
    /* The empty input is always worth one run. */
    LLVMFuzzerTestOneInput((const uint8_t *)"", 0);
    count++;
    printf("replayed %d inputs\n", count);
    return rc ? 1 : 0;
}
