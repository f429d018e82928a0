/* Checkstyle XML: <checkstyle><file name=...><error line column severity message source/>,
 * the format Jenkins (warnings-ng), reviewdog and many CI dashboards read. One <file> per
 * file (or target), findings in report order; severities as Checkstyle names them. */
#include <string.h>

#include "report/report.h"

static const char *const levels[3] = {"error", "warning", "info"};

int dd_write_checkstyle(const dd_report *r, FILE *out)
{
    fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<checkstyle version=\"4.3\">\n", out);
    const char *open = NULL;
    for (size_t i = 0; i < r->n; i++) {
        const dd_finding *f = &r->items[i];
        if (!dd_finding_is_issue(f))
            continue;
        const char *where = dd_finding_where(r, f);
        if (!open || strcmp(open, where) != 0) {
            if (open)
                fputs("  </file>\n", out);
            fputs("  <file name=\"", out);
            dd_xml_escape(out, where);
            fputs("\">\n", out);
            open = where;
        }
        fprintf(out, "    <error line=\"%d\" column=\"%d\" severity=\"%s\" message=\"",
                f->line > 0 ? f->line : 1, f->column > 0 ? f->column : 1, dd_finding_level(f, levels));
        dd_xml_escape(out, f->message ? f->message : dd_finding_title(f));
        fputs("\" source=\"drydock.", out);
        dd_xml_escape(out, dd_finding_id(f));
        fputs("\"/>\n", out);
    }
    if (open)
        fputs("  </file>\n", out);
    fputs("</checkstyle>\n", out);
    return ferror(out) ? -1 : 0;
}
