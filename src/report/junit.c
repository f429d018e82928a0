/* JUnit XML for CI systems: one testsuite per section (or per file for lint), one
 * testcase per finding. Failures are <failure>, could-not-run is <error>, manual and
 * not-applicable checks are <skipped> so a CI dashboard never counts them as passing. */
#include <stdio.h>
#include <string.h>

#include "core/term.h"
#include "report/report.h"

/* Any bytes made valid XML 1.0 text: markup characters as references, invalid UTF-8 as
 * U+FFFD (a file name in an image need not be UTF-8, an XML document must be), control
 * characters XML forbids even as references as '?'. */
void dd_xml_escape(FILE *out, const char *s)
{
    if (!s)
        return;
    for (const unsigned char *p = (const unsigned char *)s; *p;) {
        switch (*p) {
        case '<':
            fputs("&lt;", out);
            break;
        case '>':
            fputs("&gt;", out);
            break;
        case '&':
            fputs("&amp;", out);
            break;
        case '"':
            fputs("&quot;", out);
            break;
        case '\'':
            fputs("&apos;", out);
            break;
        case '\r':
        case 0x7f:
            /* Legal XML, but raw they move a terminal's cursor: a reference instead. */
            fprintf(out, "&#%d;", *p);
            break;
        default:
            if (*p < 0x20 && *p != '\n' && *p != '\t') {
                fputc('?', out);
            } else if (*p < 0x80) {
                fputc(*p, out);
            } else {
                size_t n = dd_utf8_len(p, strnlen((const char *)p, 4));
                /* U+FFFE and U+FFFF are not XML characters either */
                bool nonchar =
                    n == 3 && p[0] == 0xef && p[1] == 0xbf && (p[2] == 0xbe || p[2] == 0xbf);
                if (!n || nonchar) {
                    fputs("\xef\xbf\xbd", out);
                    p += n ? n : 1;
                    continue;
                }
                fwrite(p, 1, n, out);
                p += n;
                continue;
            }
        }
        p++;
    }
}

static const char *suite_of(const dd_report *r, const dd_finding *f)
{
    if (f->path)
        return f->path;
    if (f->rule && f->rule->group)
        return f->rule->group;
    return r->command;
}

int dd_write_junit(const dd_report *r, FILE *out)
{
    size_t c[6];
    dd_report_count(r, c);
    fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", out);
    /* The common JUnit schema (Jenkins' junit-4.xsd) has no `skipped` on testsuites:
     * `disabled` counts them there; each testsuite has its own `skipped`. */
    fprintf(out,
            "<testsuites name=\"drydock %s\" tests=\"%zu\" failures=\"%zu\" errors=\"%zu\" "
            "disabled=\"%zu\">\n",
            r->command, r->n, c[DD_STATUS_FAIL], c[DD_STATUS_ERROR],
            c[DD_STATUS_MANUAL] + c[DD_STATUS_SKIPPED]);
    for (size_t i = 0; i < r->n;) {
        const char *suite = suite_of(r, &r->items[i]);
        size_t j = i, fails = 0, errs = 0, skips = 0;
        while (j < r->n && strcmp(suite_of(r, &r->items[j]), suite) == 0) {
            dd_status s = r->items[j].status;
            fails += s == DD_STATUS_FAIL;
            errs += s == DD_STATUS_ERROR;
            skips += s == DD_STATUS_MANUAL || s == DD_STATUS_SKIPPED;
            j++;
        }
        fputs("  <testsuite name=\"", out);
        dd_xml_escape(out, suite);
        fprintf(out, "\" tests=\"%zu\" failures=\"%zu\" errors=\"%zu\" skipped=\"%zu\">\n", j - i,
                fails, errs, skips);
        for (size_t k = i; k < j; k++) {
            const dd_finding *f = &r->items[k];
            fputs("    <testcase classname=\"", out);
            dd_xml_escape(out, r->command);
            fputc('.', out);
            dd_xml_escape(out, suite);
            fputs("\" name=\"", out);
            dd_xml_escape(out, dd_finding_id(f));
            if (dd_finding_title(f)) {
                fputs(" ", out);
                dd_xml_escape(out, dd_finding_title(f));
            }
            if (f->target) {
                fputs(" [", out);
                dd_xml_escape(out, f->target);
                fputs("]", out);
            }
            if (f->line)
                fprintf(out, " (line %d)", f->line);
            fputs("\"", out);
            const char *msg = f->message ? f->message : "";
            switch (f->status) {
            case DD_STATUS_FAIL:
                fputs(">\n      <failure type=\"", out);
                fputs(dd_severity_name(f->severity), out);
                fputs("\" message=\"", out);
                dd_xml_escape(out, msg);
                fputs("\">", out);
                if (f->rule && f->rule->remediation)
                    dd_xml_escape(out, f->rule->remediation);
                fputs("</failure>\n    </testcase>\n", out);
                break;
            case DD_STATUS_ERROR:
                fputs(">\n      <error message=\"", out);
                dd_xml_escape(out, msg);
                fputs("\"/>\n    </testcase>\n", out);
                break;
            case DD_STATUS_MANUAL:
            case DD_STATUS_SKIPPED:
                /* <skipped> carries text, not attributes, in the common schema */
                fputs(">\n      <skipped>", out);
                dd_xml_escape(out, msg);
                fputs("</skipped>\n    </testcase>\n", out);
                break;
            default:
                if (*msg) {
                    fputs(">\n      <system-out>", out);
                    dd_xml_escape(out, msg);
                    fputs("</system-out>\n    </testcase>\n", out);
                } else {
                    fputs("/>\n", out);
                }
            }
        }
        fputs("  </testsuite>\n", out);
        i = j;
    }
    /* Notes (limits hit): a suite without test cases, so no dashboard counts them, whose
     * properties and output every JUnit viewer shows. */
    if (r->notes.n) {
        fputs("  <testsuite name=\"drydock notes\" tests=\"0\" failures=\"0\" errors=\"0\" "
              "skipped=\"0\">\n    <properties>\n",
              out);
        for (size_t i = 0; i < r->notes.n; i++) {
            fputs("      <property name=\"", out);
            fputs(r->notes.v[i].limit ? "limit" : "note", out);
            fputs("\" value=\"", out);
            dd_xml_escape(out, r->notes.v[i].text);
            fputs("\"/>\n", out);
        }
        fputs("    </properties>\n    <system-out>", out);
        for (size_t i = 0; i < r->notes.n; i++) {
            dd_xml_escape(out, r->notes.v[i].limit ? "limit reached: " : "note: ");
            if (r->notes.v[i].limit) {
                dd_xml_escape(out, r->notes.v[i].limit);
                fputs(": ", out);
            }
            dd_xml_escape(out, r->notes.v[i].text);
            fputc('\n', out);
        }
        fputs("</system-out>\n  </testsuite>\n", out);
    }
    fputs("</testsuites>\n", out);
    return ferror(out) ? -1 : 0;
}
