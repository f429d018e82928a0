/* .gitignore semantics and the globs of --skip-dirs/--skip-files. */
#include <string.h>

#include "repo/gitignore.h"
#include "tap.h"

int main(void)
{
    CHECK(dd_glob_match("*.log", "a.log"));
    CHECK(!dd_glob_match("*.log", "d/a.log")); /* '*' stops at '/' */
    CHECK(dd_glob_match("**/a.log", "d/e/a.log"));
    CHECK(dd_glob_match("**/a.log", "a.log"));
    CHECK(dd_glob_match("d/**", "d/e/f"));
    CHECK(dd_glob_match("a/**/b", "a/b"));
    CHECK(dd_glob_match("a/**/b", "a/x/y/b"));
    CHECK(dd_glob_match("[a-c]?.txt", "bz.txt"));
    CHECK(!dd_glob_match("[!a-c]?.txt", "bz.txt"));
    CHECK(dd_glob_match("\\*x", "*x"));
    /* a hostile pattern stops (unmatched) instead of taking exponential time */
    CHECK(!dd_glob_match("*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b",
                         "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"));

    CHECK(dd_skip_match("testdata", "a/testdata"));
    CHECK(dd_skip_match("a/testdata/", "a/testdata"));
    CHECK(!dd_skip_match("a/testdata", "b/a/testdata"));
    CHECK(dd_skip_match("**/fixtures/**", "x/fixtures/y/z.json"));

    dd_gitignore ig = {0};
    const char *top = "# c\n*.log\n!keep.log\n/build/\nsecrets/\ndocs/*.md\n\\#x\n";
    dd_gitignore_add(&ig, "", 0, top, strlen(top));
    CHECK(dd_gitignore_match(&ig, "a.log", false));
    CHECK(dd_gitignore_match(&ig, "deep/a.log", false)); /* no '/': any depth */
    CHECK(!dd_gitignore_match(&ig, "keep.log", false));  /* re-included */
    CHECK(dd_gitignore_match(&ig, "build", true));
    CHECK(!dd_gitignore_match(&ig, "build", false));    /* dir-only */
    CHECK(!dd_gitignore_match(&ig, "src/build", true)); /* anchored */
    CHECK(dd_gitignore_match(&ig, "x/secrets", true));
    CHECK(dd_gitignore_match(&ig, "docs/a.md", false));
    CHECK(!dd_gitignore_match(&ig, "docs/sub/a.md", false));
    CHECK(dd_gitignore_match(&ig, "#x", false));
    /* a deeper file wins over a shallower one, and is relative to its directory */
    const char *sub = "!*.log\n/only-here\n";
    dd_gitignore_add(&ig, "sub", 1, sub, strlen(sub));
    CHECK(!dd_gitignore_match(&ig, "sub/a.log", false));
    CHECK(dd_gitignore_match(&ig, "sub/only-here", false));
    CHECK(!dd_gitignore_match(&ig, "only-here", false));
    dd_gitignore_pop(&ig, 1);
    CHECK(dd_gitignore_match(&ig, "sub/a.log", false));
    dd_gitignore_free(&ig);
    return dd_test_done();
}
