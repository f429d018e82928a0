/* Text from outside drydock on a terminal.
 *
 * A Dockerfile line, a file name inside an image, a daemon's error, a feed's title: any of
 * them can hold escape sequences that clear the screen, set the window title, or move
 * the cursor to forge a line of the report. Wherever such text is printed as text (the
 * text report, messages on stderr, the tables of harden, db and scan), it goes through
 * here: control characters (C0 but tab, DEL, the C1 range U+0080-U+009F) and bytes that
 * are not UTF-8 are shown as \xNN. Structured formats escape in their own syntax (JSON
 * \u001b, XML character references).
 *
 * Ownership: dd_term_escape() returns a string the caller frees; dd_term_append() writes
 * into the caller's buffer. */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "core/buf.h"

/* Write `s` to `out` escaped; with `lines`, '\n' passes (text drydock laid out in lines,
 * such as a file it generated); otherwise a newline is escaped too, so one value is one
 * line. NULL writes nothing. */
void dd_term_write(FILE *out, const char *s, bool lines);

/* `s` escaped as one line (NULL gives ""). Caller frees. */
char *dd_term_escape(const char *s);

/* The `n` bytes at `s` (a NUL among them too) escaped as one line, appended to `out`. */
void dd_term_append(dd_buf *out, const char *s, size_t n);
/* Length of the valid UTF-8 sequence at `s` (2-4 bytes, within `left`; overlong forms, surrogates,
 * code points above U+10FFFF and the C1 controls are not valid), or 0. */
size_t dd_utf8_len(const unsigned char *s, size_t left);
