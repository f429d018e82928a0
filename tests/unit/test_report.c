/* The finding model and every reporter: what a user, a CI system and a code-scanning
 * dashboard see for the same findings. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/ignore.h"
#include "report/report.h"
#include "tap.h"

static const dd_rule r_priv = {.id = "CIS-5.4", .title = "Ensure that privileged containers "
                                                         "are not used",
                               .severity = DD_SEV_HIGH, .group = "5", .cis = "5.4",
                               .remediation = "Do not run containers with --privileged",
                               .flags = DD_RULE_SCORED};
static const dd_rule r_mem = {.id = "CIS-5.10", .title = "Ensure memory usage is limited",
                              .severity = DD_SEV_MEDIUM, .group = "5", .cis = "5.10",
                              .flags = DD_RULE_SCORED};
static const dd_rule r_manual = {.id = "CIS-1.1.1", .title = "Separate partition",
                                 .severity = DD_SEV_LOW, .group = "1.1", .cis = "1.1.1",
                                 .flags = DD_RULE_MANUAL};
static const dd_rule r_lint = {.id = "DDL001", .title = "Pin versions", .severity = DD_SEV_LOW,
                               .group = "dockerfile", .alias = "DL3008", .cwe = "CWE-1104"};
static const dd_section sections[] = {{"1", "Host Configuration"},
                                      {"1.1", "Linux Hosts Specific Configuration"},
                                      {"5", "Container Runtime Configuration"},
                                      {NULL, NULL}};

static char *render(const dd_report *r, dd_format fmt)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    dd_output_opts o;
    memset(&o, 0, sizeof o);
    o.format = fmt;
    switch (fmt) {
    case DD_FMT_JSON:
        dd_write_json(r, f);
        break;
    case DD_FMT_SARIF:
        dd_write_sarif(r, f, NULL);
        break;
    case DD_FMT_JUNIT:
        dd_write_junit(r, f);
        break;
    default:
        dd_write_text(r, f, false, &o);
    }
    fclose(f);
    return buf;
}

static void bench_like(dd_report *r)
{
    dd_report_init(r, "bench", "CIS Docker Benchmark 1.6.0");
    r->text_style = DD_TEXT_CHECKLIST;
    r->sections = sections;
    dd_report_add(r, &r_manual, DD_STATUS_MANUAL, "host", "check /var/lib/docker's partition");
    dd_report_add(r, &r_priv, DD_STATUS_FAIL, "web", "Privileged: %s", "true");
    dd_report_add(r, &r_priv, DD_STATUS_PASS, "db", "not privileged");
    dd_report_add(r, &r_mem, DD_STATUS_PASS, "web", "memory limited");
    dd_report_add(r, &r_mem, DD_STATUS_ERROR, "db", "inspect failed: HTTP 500");
}

int main(void)
{
    dd_report r;
    bench_like(&r);

    /* checklist text: section headers, one line per rule with the worst status, one bullet
     * per object, docker-bench's tags */
    char *text = render(&r, DD_FMT_TEXT);
    CHECK(strstr(text, "[INFO] 1 - Host Configuration\n") != NULL);
    CHECK(strstr(text, "[INFO] 1.1 - Linux Hosts Specific Configuration\n") != NULL);
    CHECK(strstr(text, "[NOTE] 1.1.1 - Separate partition\n") != NULL);
    CHECK(strstr(text, "[WARN] 5.4 - Ensure that privileged containers are not used\n") != NULL);
    CHECK(strstr(text, "[WARN]      * web: Privileged: true\n") != NULL);
    CHECK(strstr(text, "[ERROR] 5.10 - Ensure memory usage is limited\n") != NULL);
    CHECK(strstr(text, "[INFO] Checks: 3\n") != NULL);
    /* score: 5.4 fails (-1), 5.10 has no failure and one pass (+1), manual unscored */
    CHECK(strstr(text, "[INFO] Score: 0\n") != NULL);
    CHECK(strchr(text, '\033') == NULL); /* plain when colour is off */
    free(text);

    /* exit codes: errors win (3), then --fail-on */
    dd_output_opts o;
    memset(&o, 0, sizeof o);
    CHECK_INT(dd_report_exit_code(&r, &o), 3);
    r.items[4].status = DD_STATUS_PASS;
    CHECK_INT(dd_report_exit_code(&r, &o), 0);
    o.fail_on_set = true;
    o.fail_on = DD_SEV_HIGH;
    CHECK_INT(dd_report_exit_code(&r, &o), 1);
    o.fail_on = DD_SEV_CRITICAL;
    CHECK_INT(dd_report_exit_code(&r, &o), 0);
    r.items[4].status = DD_STATUS_ERROR;

    /* JSON: versioned schema, summary counts, references */
    char *js = render(&r, DD_FMT_JSON);
    json_error_t jerr;
    json_t *doc = json_loads(js, 0, &jerr);
    CHECK(doc != NULL);
    CHECK_INT(json_integer_value(json_object_get(doc, "schemaVersion")), 1);
    CHECK_STR(json_string_value(json_object_get(doc, "command")), "bench");
    json_t *sum = json_object_get(doc, "summary");
    CHECK_INT(json_integer_value(json_object_get(sum, "fail")), 1);
    CHECK_INT(json_integer_value(json_object_get(sum, "error")), 1);
    json_t *f1 = json_array_get(json_object_get(doc, "findings"), 1);
    CHECK_STR(json_string_value(json_object_get(f1, "ruleId")), "CIS-5.4");
    CHECK_STR(json_string_value(json_object_get(f1, "status")), "fail");
    CHECK_STR(json_string_value(json_object_get(f1, "target")), "web");
    CHECK_STR(json_string_value(json_object_get(json_object_get(f1, "references"), "cis")), "5.4");
    json_decref(doc);
    free(js);

    /* SARIF 2.1.0: pass and fail kinds, level only on failures, one result per object,
     * the container as a logical location, errors as notifications (never results) */
    char *sj = render(&r, DD_FMT_SARIF);
    doc = json_loads(sj, 0, &jerr);
    CHECK(doc != NULL);
    CHECK_STR(json_string_value(json_object_get(doc, "version")), "2.1.0");
    json_t *run = json_array_get(json_object_get(doc, "runs"), 0);
    json_t *results = json_object_get(run, "results");
    CHECK_INT(json_array_size(results), 4);
    json_t *fail = json_array_get(results, 1);
    CHECK_STR(json_string_value(json_object_get(fail, "ruleId")), "CIS-5.4");
    CHECK_STR(json_string_value(json_object_get(fail, "kind")), "fail");
    CHECK_STR(json_string_value(json_object_get(fail, "level")), "error");
    json_t *ll = json_array_get(
        json_object_get(json_array_get(json_object_get(fail, "locations"), 0), "logicalLocations"),
        0);
    CHECK_STR(json_string_value(json_object_get(ll, "name")), "web");
    json_t *pass = json_array_get(results, 2);
    CHECK_STR(json_string_value(json_object_get(pass, "kind")), "pass");
    CHECK_STR(json_string_value(json_object_get(pass, "level")), "none");
    CHECK_STR(json_string_value(json_object_get(json_array_get(results, 0), "kind")), "review");
    json_t *inv = json_array_get(json_object_get(run, "invocations"), 0);
    CHECK(json_is_false(json_object_get(inv, "executionSuccessful")));
    CHECK_INT(json_array_size(json_object_get(inv, "toolExecutionNotifications")), 1);
    json_t *rules = json_object_get(json_object_get(json_object_get(run, "tool"), "driver"), "rules");
    CHECK_INT(json_array_size(rules), 3);
    json_decref(doc);
    free(sj);

    /* JUnit: failures, errors and skipped (manual) counted; XML escaped */
    char *xml = render(&r, DD_FMT_JUNIT);
    /* the common JUnit schema has no `skipped` on testsuites: `disabled` counts them */
    CHECK(strstr(xml, "<testsuites name=\"drydock bench\" tests=\"5\" failures=\"1\" errors=\"1\" "
                      "disabled=\"1\">") != NULL);
    CHECK(strstr(xml, "<failure type=\"high\" message=\"Privileged: true\">") != NULL);
    CHECK(strstr(xml, "<skipped>check /var/lib/docker&apos;s partition</skipped>") != NULL);
    free(xml);
    dd_report_free(&r);

    /* list style with file locations (lint): SARIF gets a region */
    dd_report_init(&r, "lint", "Dockerfile lint");
    r.text_style = DD_TEXT_LIST;
    dd_finding *f = dd_report_add(&r, &r_lint, DD_STATUS_FAIL, "Dockerfile", "Pin versions in apt-get install");
    f->path = strdup("app/Dockerfile");
    f->line = 3;
    f->column = 5;
    dd_report_add_dynamic(&r, "CVE-2023-4911", "glibc: buffer overflow", DD_SEV_HIGH,
                          DD_STATUS_FAIL, "img", "libc6 2.36-9 (fixed in 2.36-9+deb12u3)");
    dd_report_sort(&r);
    text = render(&r, DD_FMT_TEXT);
    CHECK(strstr(text, "app/Dockerfile:3:5 DDL001 low: Pin versions in apt-get install\n") != NULL);
    CHECK(strstr(text, "img CVE-2023-4911 high: libc6 2.36-9 (fixed in 2.36-9+deb12u3)\n") != NULL);
    CHECK(strstr(text, "2 findings (critical: 0, high: 1, medium: 0, low: 1, info: 0)") != NULL);
    free(text);
    sj = render(&r, DD_FMT_SARIF);
    doc = json_loads(sj, 0, &jerr);
    run = json_array_get(json_object_get(doc, "runs"), 0);
    json_t *res0 = NULL;
    size_t i;
    json_t *it;
    json_array_foreach(json_object_get(run, "results"), i, it)
        if (strcmp(json_string_value(json_object_get(it, "ruleId")), "DDL001") == 0)
            res0 = it;
    json_t *phys = json_object_get(json_array_get(json_object_get(res0, "locations"), 0),
                                   "physicalLocation");
    CHECK_STR(json_string_value(json_object_get(json_object_get(phys, "artifactLocation"), "uri")),
              "app/Dockerfile");
    CHECK_INT(json_integer_value(json_object_get(json_object_get(phys, "region"), "startLine")), 3);
    CHECK_INT(json_integer_value(json_object_get(json_object_get(phys, "region"), "startColumn")),
              5);
    json_decref(doc);
    free(sj);
    dd_report_free(&r);

    /* SARIF as GitHub code scanning takes it: every result located (a CVE of an image at
     * the image, as a relative URI), every rule with help and security-severity, a
     * fingerprint that does not change between runs or when lines move, URIs encoded. */
    dd_report_init(&r, "scan", "Image scan");
    r.paths_in_target = true;
    f = dd_report_add_dynamic(&r, "CVE-2023-4911", "glibc: buffer overflow", DD_SEV_HIGH,
                              DD_STATUS_FAIL, "registry.example.com/app:1.0", "libc6 vulnerable");
    f->props = json_pack("{s:s, s:s, s:s}", "purl", "pkg:deb/debian/libc6@2.36-9", "package",
                         "libc6", "fixed", "2.36-9+deb12u3");
    f = dd_report_add(&r, &r_lint, DD_STATUS_FAIL, "img", "x");
    f->path = strdup("etc/shadow");
    sj = render(&r, DD_FMT_SARIF);
    doc = json_loads(sj, 0, &jerr);
    run = json_array_get(json_object_get(doc, "runs"), 0);
    json_t *cve = json_array_get(json_object_get(run, "results"), 0);
    phys = json_object_get(json_array_get(json_object_get(cve, "locations"), 0), "physicalLocation");
    CHECK_STR(json_string_value(json_object_get(json_object_get(phys, "artifactLocation"), "uri")),
              "registry.example.com/app%3A1.0");
    CHECK_INT(json_integer_value(json_object_get(json_object_get(phys, "region"), "startLine")), 1);
    const char *fp1 = json_string_value(
        json_object_get(json_object_get(cve, "partialFingerprints"), "drydock/v1"));
    CHECK(fp1 && strlen(fp1) == 32);
    json_t *cverule = json_array_get(
        json_object_get(json_object_get(json_object_get(run, "tool"), "driver"), "rules"), 0);
    CHECK(strstr(json_string_value(json_object_get(json_object_get(cverule, "help"), "text")),
                 "Upgrade libc6 to 2.36-9+deb12u3 or later") != NULL);
    CHECK_STR(json_string_value(
                  json_object_get(json_object_get(cverule, "properties"), "security-severity")),
              "8.0");
    CHECK(json_object_get(cverule, "name") == NULL); /* a name equal to the id is refused */
    /* the file inside the image is the message's, the image is the artifact */
    json_t *inimg = json_array_get(json_object_get(run, "results"), 1);
    CHECK(strstr(json_string_value(json_object_get(json_object_get(inimg, "message"), "text")),
                 "img: etc/shadow: x") != NULL);
    char *fp1copy = strdup(fp1);
    json_decref(doc);
    free(sj);
    /* the same finding on another line: the same fingerprint */
    r.items[0].line = 42;
    sj = render(&r, DD_FMT_SARIF);
    doc = json_loads(sj, 0, &jerr);
    cve = json_array_get(json_object_get(json_array_get(json_object_get(doc, "runs"), 0), "results"), 0);
    CHECK_STR(json_string_value(json_object_get(json_object_get(cve, "partialFingerprints"), "drydock/v1")),
              fp1copy);
    free(fp1copy);
    json_decref(doc);
    free(sj);
    dd_report_free(&r);

    /* a repository file whose name needs encoding */
    dd_report_init(&r, "lint", "Dockerfile lint");
    f = dd_report_add(&r, &r_lint, DD_STATUS_FAIL, "x", "y");
    f->path = strdup("dir with space/a#b/Dockerfile");
    f->line = 2;
    sj = render(&r, DD_FMT_SARIF);
    CHECK(strstr(sj, "\"uri\": \"dir%20with%20space/a%23b/Dockerfile\"") != NULL);
    free(sj);
    /* JUnit: invalid UTF-8 becomes U+FFFD, control characters never reach the XML */
    free(r.items[0].message);
    r.items[0].message = strdup("bad \xff\xfe byte \x01 and ok \xc3\xa9");
    xml = render(&r, DD_FMT_JUNIT);
    CHECK(strstr(xml, "bad \xef\xbf\xbd\xef\xbf\xbd byte ? and ok \xc3\xa9") != NULL);
    free(xml);
    dd_report_free(&r);

    /* --severity: a list keeps exactly those, one severity keeps it and above; errors stay */
    unsigned sev;
    CHECK(dd_severity_list_parse("HIGH,CRITICAL", &sev) == 0);
    CHECK(sev == ((1u << DD_SEV_HIGH) | (1u << DD_SEV_CRITICAL)));
    CHECK(dd_severity_list_parse("medium", &sev) == 0);
    CHECK(sev == ((1u << DD_SEV_MEDIUM) | (1u << DD_SEV_HIGH) | (1u << DD_SEV_CRITICAL)));
    CHECK(dd_severity_list_parse("high,bogus", &sev) < 0);
    bench_like(&r);
    CHECK(dd_severity_list_parse("LOW", &sev) == 0);
    CHECK(dd_severity_list_parse("LOW", &sev) == 0 && dd_severity_list_parse("low", &sev) == 0);
    dd_severity_list_parse("medium", &sev);
    size_t before = r.n;
    CHECK_INT(dd_report_filter_severity(&r, sev), 1); /* the manual low check */
    CHECK_INT(r.n, before - 1);
    dd_report_free(&r);

    /* One ignore file for every kind of finding: a rule on one object, a rule by its
     * peer's id, a CIS number; an expired entry hides nothing and says so. */
    bench_like(&r);
    f = dd_report_add(&r, &r_lint, DD_STATUS_FAIL, "img", "setuid");
    f->path = strdup("/usr/bin/su");
    f = dd_report_add(&r, &r_lint, DD_STATUS_FAIL, "img", "setuid");
    f->path = strdup("/usr/bin/passwd");
    dd_ignore_list il = {0};
    dd_error ie = {0};
    CHECK(dd_ignore_parse(&il,
                          "DDL001 /usr/bin/su  # su is needed\n"
                          "CIS-5.4 web exp:2000-01-01 # was accepted\n",
                          ".drydockignore", "2026-01-01", &ie) == 0);
    CHECK_INT(dd_ignore_apply(&il, &r), 1);
    bool su = false, passwd = false, web_expired = false;
    for (size_t k = 0; k < r.n; k++) {
        su |= r.items[k].path && !strcmp(r.items[k].path, "/usr/bin/su");
        passwd |= r.items[k].path && !strcmp(r.items[k].path, "/usr/bin/passwd");
        web_expired |= r.items[k].target && !strcmp(r.items[k].target, "web") &&
                       strstr(r.items[k].message, "expired on 2000-01-01: was accepted");
    }
    CHECK(!su && passwd && web_expired);
    dd_ignore_free(&il);
    CHECK(dd_ignore_parse(&il, "DL3008\n", "x", "2026-01-01", &ie) == 0); /* hadolint's id */
    CHECK_INT(dd_ignore_apply(&il, &r), 1);
    dd_ignore_free(&il);
    dd_report_free(&r);

    /* parsing of user-facing names */
    dd_severity s;
    CHECK(dd_severity_parse("HIGH", &s) == 0 && s == DD_SEV_HIGH);
    CHECK(dd_severity_parse("warning", &s) == 0 && s == DD_SEV_MEDIUM);
    CHECK(dd_severity_parse("bogus", &s) < 0);
    dd_format fm;
    CHECK(dd_format_parse("sarif", &fm) == 0 && fm == DD_FMT_SARIF);
    CHECK(dd_format_parse("xml", &fm) < 0);
    return dd_test_done();
}
