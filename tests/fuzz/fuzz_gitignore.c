/* libFuzzer target: .gitignore patterns and the glob matcher on arbitrary bytes. The input
 * is a .gitignore; each of its lines is also used as a glob and as a path. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/mem.h"
#include "repo/gitignore.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    dd_gitignore ig = {0};
    dd_gitignore_add(&ig, "", 0, (const char *)data, size);
    dd_gitignore_add(&ig, "sub", 1, (const char *)data, size);
    static const char *const paths[] = {"a",      "sub/x.log", "sub/deep/er/file.txt",
                                        "build/", ".env",      "node_modules/a/b"};
    for (size_t i = 0; i < sizeof paths / sizeof paths[0]; i++) {
        dd_gitignore_match(&ig, paths[i], false);
        dd_gitignore_match(&ig, paths[i], true);
    }
    char *text = dd_xstrndup((const char *)data, size);
    char *save = NULL;
    size_t k = 0;
    for (char *line = strtok_r(text, "\n", &save); line && k < 64;
         line = strtok_r(NULL, "\n", &save), k++) {
        dd_glob_match(line, "sub/deep/er/file.txt");
        dd_skip_match(line, "a/b/c.txt");
        dd_gitignore_match(&ig, line, k & 1);
    }
    free(text);
    dd_gitignore_pop(&ig, 1);
    dd_gitignore_free(&ig);
    return 0;
}
