/* core/term: untrusted text escaped for a terminal, and the text and JUnit reports that
 * print findings quoting a Dockerfile or an image. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/progress.h"
#include "core/term.h"
#include "report/report.h"
#include "tap.h"

static void esc(const char *in, const char *want)
{
    char *s = dd_term_escape(in);
    CHECK_STR(s, want);
    free(s);
}

static const dd_rule rule = {.id = "T-1", .title = "a rule", .severity = DD_SEV_HIGH};

/* What one progress line shows on stderr. */
static char *progress(uint64_t done, uint64_t total)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&buf, &len), *saved = stderr;
    stderr = m;
    dd_progress_draw("img", done, total);
    stderr = saved;
    fclose(m);
    return buf;
}

int main(void)
{
    /* progress sizes in a unit that shows them: never "0/0 MiB" for a small image (each
     * call ends its bar, so none is skipped by the redraw throttle) */
    char *p = progress(300u << 10, 300u << 10);
    CHECK(strstr(p, "300/300 KiB") != NULL);
    free(p);
    p = progress(2048, 2048);
    CHECK(strstr(p, "2048/2048 B") != NULL);
    free(p);
    p = progress(50u << 20, 50u << 20);
    CHECK(strstr(p, "100% 50/50 MiB") != NULL);
    free(p);
    esc("plain text, tab\there", "plain text, tab\there");
    esc("\033[2J\033]0;title\a", "\\x1b[2J\\x1b]0;title\\x07");
    esc("two\nlines\r", "two\\x0alines\\x0d");
    esc("del\x7f", "del\\x7f");
    esc("caf\xc3\xa9 \xe2\x9c\x93 \xf0\x9f\x90\xb3", "caf\xc3\xa9 \xe2\x9c\x93 \xf0\x9f\x90\xb3");
    esc("csi \xc2\x9b"
        "31m",
        "csi \\xc2\\x9b31m"); /* C1 control U+009B */
    esc("raw \x9b"
        "31m",
        "raw \\x9b31m"); /* 8-bit CSI */
    esc("bad \xff\xfe", "bad \\xff\\xfe");
    esc("overlong \xc0\xaf", "overlong \\xc0\\xaf");
    esc("cut \xe2\x9c", "cut \\xe2\\x9c");
    esc(NULL, "");

    /* dd_term_append: counted bytes (watch's alert lines), a NUL and a cut sequence too. */
    dd_buf b = DD_BUF_INIT;
    dd_term_append(&b, "a\0b\xc3\xa9\xe2\x9c\x93", 7); /* the check mark cut after 2 bytes */
    CHECK_STR(b.data, "a\\x00b\xc3\xa9\\xe2\\x9c");
    dd_buf_free(&b);

    /* dd_term_write with lines keeps the newlines drydock laid out. */
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    dd_term_write(f, "a\nb\033c\n", true);
    fclose(f);
    CHECK_STR(buf, "a\nb\\x1bc\n");
    free(buf);

    /* The text report escapes paths and messages from the input. */
    dd_report r;
    dd_report_init(&r, "lint", "t");
    r.text_style = DD_TEXT_LIST;
    dd_finding *fd = dd_report_add(&r, &rule, DD_STATUS_FAIL, "x", "line: \033]0;pwned\a");
    fd->path = strdup("Dockerfile.\033[2J");
    fd->line = 3;
    dd_output_opts o = {.color = 0, .quiet = true};
    f = open_memstream(&buf, &len);
    CHECK_INT(dd_write_text(&r, f, false, &o), 0);
    fclose(f);
    CHECK_STR(buf, "Dockerfile.\\x1b[2J:3 T-1 high: line: \\x1b]0;pwned\\x07\n");
    free(buf);
    f = open_memstream(&buf, &len);
    CHECK_INT(dd_write_text(&r, f, true, &o), 0);
    fclose(f);
    CHECK(strstr(buf, "\033]") == NULL && strstr(buf, "\033[2J") == NULL);
    free(buf);
    /* JUnit: a carriage return is a character reference, not a raw byte. */
    free(r.items[0].message);
    r.items[0].message = strdup("over\rwrite");
    f = open_memstream(&buf, &len);
    CHECK_INT(dd_write_junit(&r, f), 0);
    fclose(f);
    CHECK(strstr(buf, "over&#13;write") != NULL && strchr(buf, '\r') == NULL);
    free(buf);
    dd_report_free(&r);
    return dd_test_done();
}
