/* Text for people: docker-bench-security's checklist for `bench`, a compiler-style
 * file:line list for `lint` and `scan`. Colour only when asked or on a terminal. Every
 * string that came from outside (ids and titles from feeds, targets, paths, messages
 * quoting a Dockerfile or an image) goes out through core/term.h, so none of them can
 * drive the terminal. */
#include <stdio.h>
#include <string.h>

#include "core/mem.h"
#include "core/term.h"
#include "report/report.h"

#define C_RESET   "\033[0m"
#define C_BOLD    "\033[1m"
#define C_RED     "\033[0;31m"
#define C_GREEN   "\033[0;32m"
#define C_YELLOW  "\033[0;33m"
#define C_BLUE    "\033[0;34m"
#define C_MAGENTA "\033[0;35m"
#define C_GREY    "\033[0;90m"

static const char *status_tag(dd_status s)
{
    switch (s) {
    case DD_STATUS_PASS:
        return "[PASS]";
    case DD_STATUS_FAIL:
        return "[WARN]";
    case DD_STATUS_INFO:
        return "[INFO]";
    case DD_STATUS_MANUAL:
        return "[NOTE]";
    case DD_STATUS_SKIPPED:
        return "[SKIP]";
    default:
        return "[ERROR]";
    }
}

static const char *status_color(dd_status s)
{
    switch (s) {
    case DD_STATUS_PASS:
        return C_GREEN;
    case DD_STATUS_FAIL:
        return C_RED;
    case DD_STATUS_INFO:
        return C_BLUE;
    case DD_STATUS_MANUAL:
        return C_YELLOW;
    case DD_STATUS_SKIPPED:
        return C_GREY;
    default:
        return C_MAGENTA;
    }
}

static const char *sev_color(dd_severity s)
{
    switch (s) {
    case DD_SEV_CRITICAL:
        return C_MAGENTA;
    case DD_SEV_HIGH:
        return C_RED;
    case DD_SEV_MEDIUM:
        return C_YELLOW;
    case DD_SEV_LOW:
        return C_BLUE;
    default:
        return C_GREY;
    }
}

/* Worse statuses win when one rule has several objects. */
static int status_weight(dd_status s)
{
    static const int w[] = {[DD_STATUS_PASS] = 0,   [DD_STATUS_SKIPPED] = 1, [DD_STATUS_INFO] = 2,
                            [DD_STATUS_MANUAL] = 3, [DD_STATUS_FAIL] = 5,    [DD_STATUS_ERROR] = 4};
    return w[s];
}

static void tag(FILE *out, bool color, dd_status s)
{
    if (color)
        fprintf(out, "%s%s%s", status_color(s), status_tag(s), C_RESET);
    else
        fputs(status_tag(s), out);
}

/* `a` is a section prefix of `b` component-wise: "5" of "5.1" but not of "51". */
static bool section_prefix(const char *a, const char *b)
{
    size_t n = strlen(a);
    return strncmp(a, b, n) == 0 && (b[n] == '\0' || b[n] == '.');
}

static void print_sections(const dd_report *r, FILE *out, bool color, const char *group,
                           bool *printed)
{
    if (!r->sections || !group)
        return;
    for (size_t i = 0; r->sections[i].id; i++) {
        if (printed[i] || !section_prefix(r->sections[i].id, group))
            continue;
        printed[i] = true;
        if (!strchr(r->sections[i].id, '.'))
            fputc('\n', out);
        if (color)
            fprintf(out, "%s[INFO]%s %s%s - %s%s\n", C_BLUE, C_RESET, C_BOLD, r->sections[i].id,
                    r->sections[i].title, C_RESET);
        else
            fprintf(out, "[INFO] %s - %s\n", r->sections[i].id, r->sections[i].title);
    }
}

static const char *display_id(const dd_finding *f)
{
    return f->rule && f->rule->cis ? f->rule->cis : dd_finding_id(f);
}

/* Notes (limits hit and the like) come after the findings: short, never lost in them. */
static void write_notes(const dd_report *r, FILE *out, bool color)
{
    for (size_t i = 0; i < r->notes.n; i++) {
        const dd_note *n = &r->notes.v[i];
        const char *what = n->limit ? "limit reached" : "note";
        if (color)
            fprintf(out, "%s%s%s: ", C_YELLOW, what, C_RESET);
        else
            fprintf(out, "%s: ", what);
        if (n->limit)
            fprintf(out, "%s: ", n->limit);
        dd_term_write(out, n->text, false);
        fputc('\n', out);
    }
}

/* Whether finding `g` gets its own line under its check (whose worst status is `worst`):
 * by default the objects that are not fine (so 12 passing containers add nothing), and
 * the reasons of a check skipped as a whole (a [SKIP] line alone would not say why), with
 * --show-passed every object, with -q only failures and errors. */
static bool object_line(const dd_finding *g, dd_status worst, const dd_output_opts *o)
{
    if (!g->message || (g->status == DD_STATUS_PASS && !g->target))
        return false;
    if (o->show_passed)
        return true;
    if (o->quiet)
        return g->status == DD_STATUS_FAIL || g->status == DD_STATUS_ERROR;
    if (g->status == DD_STATUS_SKIPPED)
        return worst == DD_STATUS_SKIPPED;
    return g->status != DD_STATUS_PASS;
}

/* One check's findings: [i, end). */
static size_t check_end(const dd_report *r, size_t i, dd_status *worst)
{
    const dd_finding *f = &r->items[i];
    size_t j = i;
    *worst = f->status;
    while (j < r->n && dd_finding_id(&r->items[j]) && dd_finding_id(f) &&
           strcmp(dd_finding_id(&r->items[j]), dd_finding_id(f)) == 0) {
        if (status_weight(r->items[j].status) > status_weight(*worst))
            *worst = r->items[j].status;
        j++;
    }
    return j;
}

/* A check that could not run at all: a single error, with its reason. */
static const char *sole_error(const dd_report *r, size_t i, size_t j)
{
    return j == i + 1 && r->items[i].status == DD_STATUS_ERROR ? r->items[i].message : NULL;
}

static const char *top_section(const dd_finding *f, char buf[16])
{
    const char *g = f->rule && f->rule->group ? f->rule->group : "";
    size_t n = strcspn(g, ".");
    snprintf(buf, 16, "%.*s", (int)(n < 15 ? n : 15), g);
    return buf;
}

static void write_checklist(const dd_report *r, FILE *out, bool color, const dd_output_opts *o)
{
    size_t nsec = 0;
    while (r->sections && r->sections[nsec].id)
        nsec++;
    bool *printed = dd_xcalloc(nsec + 1, sizeof *printed);
    bool *folded = dd_xcalloc(r->n + 1, sizeof *folded);
    if (r->headline) {
        tag(out, color, DD_STATUS_ERROR);
        fputc(' ', out);
        dd_term_write(out, r->headline, false);
        fputc('\n', out);
    }
    for (size_t i = 0; i < r->n;) {
        const dd_finding *f = &r->items[i];
        dd_status worst;
        size_t j = check_end(r, i, &worst);
        bool quiet_skip = o->quiet && worst != DD_STATUS_FAIL && worst != DD_STATUS_ERROR;
        if (quiet_skip || (!o->show_passed && worst == DD_STATUS_PASS && o->quiet)) {
            i = j;
            continue;
        }
        print_sections(r, out, color, f->rule ? f->rule->group : NULL, printed);
        /* Checks of one section that could not run for one reason (no daemon): one line,
         * not one error block each. */
        const char *why = sole_error(r, i, j);
        if (why && !o->show_passed) {
            if (folded[i]) {
                i = j;
                continue;
            }
            char s1[16], s2[16];
            size_t count = 0, last = i;
            dd_status w2;
            for (size_t k = i; k < r->n;) {
                size_t k2 = check_end(r, k, &w2);
                if (strcmp(top_section(&r->items[k], s1), top_section(f, s2)))
                    break;
                const char *why2 = sole_error(r, k, k2);
                if (why2 && !strcmp(why2, why)) {
                    folded[k] = true;
                    last = k;
                    count++;
                }
                k = k2;
            }
            if (count > 1) {
                tag(out, color, DD_STATUS_ERROR);
                fputc(' ', out);
                dd_term_write(out, display_id(f), false);
                fputs(" .. ", out);
                dd_term_write(out, display_id(&r->items[last]), false);
                fprintf(out, " - %zu checks: ", count);
                dd_term_write(out, why, false);
                fputc('\n', out);
                i = j;
                continue;
            }
        }
        tag(out, color, worst);
        fputc(' ', out);
        dd_term_write(out, display_id(f), false);
        fputs(" - ", out);
        dd_term_write(out, dd_finding_title(f), false);
        fputc('\n', out);
        for (size_t k = i; k < j; k++) {
            const dd_finding *g = &r->items[k];
            if (!object_line(g, worst, o))
                continue;
            tag(out, color, g->status);
            fputs("      * ", out);
            if (g->target && strcmp(g->target, "host") != 0) {
                dd_term_write(out, g->target, false);
                fputs(": ", out);
            }
            dd_term_write(out, g->message, false);
            fputc('\n', out);
        }
        i = j;
    }
    free(printed);
    free(folded);

    size_t c[6];
    dd_report_count(r, c);
    /* Checks are counted per rule as docker-bench does. */
    size_t checks = 0;
    for (size_t i = 0; i < r->n; i++)
        if (i == 0 || strcmp(dd_finding_id(&r->items[i]), dd_finding_id(&r->items[i - 1])) != 0)
            checks++;
    fprintf(out, "\n");
    if (color)
        fprintf(out, "%s[INFO]%s %sSummary%s\n", C_BLUE, C_RESET, C_BOLD, C_RESET);
    else
        fprintf(out, "[INFO] Summary\n");
    fprintf(out, "[INFO] Checks: %zu\n", checks);
    fprintf(out, "[INFO] Score: %d\n", dd_report_score(r));
    fprintf(out, "[INFO] Results: %zu pass, %zu warn, %zu info, %zu note, %zu skipped, %zu error\n",
            c[DD_STATUS_PASS], c[DD_STATUS_FAIL], c[DD_STATUS_INFO], c[DD_STATUS_MANUAL],
            c[DD_STATUS_SKIPPED], c[DD_STATUS_ERROR]);
    write_notes(r, out, color);
}

/* printf's %d. */
static void put_int(FILE *out, int v)
{
    char b[16];
    size_t i = sizeof b;
    unsigned u = v < 0 ? 0u - (unsigned)v : (unsigned)v;
    do
        b[--i] = (char)('0' + u % 10);
    while ((u /= 10));
    if (v < 0)
        b[--i] = '-';
    fwrite(b + i, 1, sizeof b - i, out);
}

static void write_list(const dd_report *r, FILE *out, bool color, const dd_output_opts *o)
{
    size_t by_sev[DD_SEV_CRITICAL + 1] = {0};
    size_t shown = 0, errors = 0;
    /* scan --dockerfile: each finding also says the Dockerfile line that made it. */
    const char *dockerfile = json_string_value(json_object_get(r->meta, "dockerfile"));
    for (size_t i = 0; i < r->n; i++) {
        const dd_finding *f = &r->items[i];
        if (!dd_finding_shown(f, o))
            continue;
        /* One line per finding, and lint can print hundreds of thousands: plain puts, not
         * fprintf. Same bytes as "%s:%d:%d %s %s: %s\n". */
        const char *where = f->path ? f->path : (f->target ? f->target : "");
        dd_term_write(out, where, false);
        if (f->line) {
            putc(':', out);
            put_int(out, f->line);
            if (f->column) {
                putc(':', out);
                put_int(out, f->column);
            }
        }
        putc(' ', out);
        /* A pass (--show-passed) is said as a pass, in green: never coloured as a finding
         * of its rule's severity. */
        const char *sev = f->status == DD_STATUS_ERROR  ? "error"
                          : f->status == DD_STATUS_PASS ? "pass"
                                                        : dd_severity_name(f->severity);
        const char *sc = f->status == DD_STATUS_ERROR  ? C_MAGENTA
                         : f->status == DD_STATUS_PASS ? C_GREEN
                                                       : sev_color(f->severity);
        if (color)
            fputs(C_BOLD, out);
        dd_term_write(out, dd_finding_id(f), false);
        if (color)
            fprintf(out, "%s %s%s%s", C_RESET, sc, sev, C_RESET);
        else {
            putc(' ', out);
            fputs(sev, out);
        }
        fputs(": ", out);
        dd_term_write(out, f->message ? f->message : dd_finding_title(f), false);
        json_int_t df_line =
            dockerfile ? json_integer_value(json_object_get(f->props, "dockerfile_line")) : 0;
        if (df_line > 0) {
            fputs(" (", out);
            dd_term_write(out, dockerfile, false);
            putc(':', out);
            put_int(out, (int)df_line);
            putc(')', out);
        }
        putc('\n', out);
        shown++;
        if (f->status == DD_STATUS_ERROR)
            errors++;
        else if (f->status == DD_STATUS_FAIL && f->severity <= DD_SEV_CRITICAL)
            by_sev[f->severity]++;
    }
    if (r->notes.n && shown)
        fputc('\n', out);
    write_notes(r, out, color);
    if (o->quiet)
        return;
    fprintf(out, "%s%zu finding%s", shown || r->notes.n ? "\n" : "", shown - errors,
            shown - errors == 1 ? "" : "s");
    fprintf(out, " (critical: %zu, high: %zu, medium: %zu, low: %zu, info: %zu)",
            by_sev[DD_SEV_CRITICAL], by_sev[DD_SEV_HIGH], by_sev[DD_SEV_MEDIUM], by_sev[DD_SEV_LOW],
            by_sev[DD_SEV_INFO] + by_sev[DD_SEV_UNKNOWN]);
    if (errors)
        fprintf(out, ", %zu error%s", errors, errors == 1 ? "" : "s");
    fputc('\n', out);
}

int dd_write_text(const dd_report *r, FILE *out, bool color, const dd_output_opts *o)
{
    if (r->text_style == DD_TEXT_CHECKLIST)
        write_checklist(r, out, color, o);
    else
        write_list(r, out, color, o);
    return ferror(out) ? -1 : 0;
}
