/* GNU error lines (GNU Coding Standards, "Formatting Error Messages"):
 *   FILE:LINE:COLUMN: SEVERITY: ID: MESSAGE
 * which Emacs, Vim's quickfix and most editors jump to. SEVERITY is error, warning or note
 * the way compilers say it; a finding without a line is FILE: SEVERITY: ... */
#include "report/report.h"

static const char *const levels[3] = {"error", "warning", "note"};

int dd_write_gnu(const dd_report *r, FILE *out)
{
    for (size_t i = 0; i < r->n; i++) {
        const dd_finding *f = &r->items[i];
        if (!dd_finding_is_issue(f))
            continue;
        fputs(dd_finding_where(r, f), out);
        if (f->line > 0)
            fprintf(out, ":%d", f->line);
        if (f->line > 0 && f->column > 0)
            fprintf(out, ":%d", f->column);
        fprintf(out, ": %s: %s: ", dd_finding_level(f, levels), dd_finding_id(f));
        /* one finding, one line: a message never breaks the format */
        for (const char *p = f->message ? f->message : dd_finding_title(f); p && *p; p++)
            fputc(*p == '\n' || *p == '\r' ? ' ' : *p, out);
        fputc('\n', out);
    }
    return ferror(out) ? -1 : 0;
}
