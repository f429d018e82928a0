/* The Falco rule language as drydock watch implements it: every operator, lists, macros,
 * append and override, exceptions, precedence, transformers, outputs, and the file:line:col
 * of every error. Events are synthetic (watch_events.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "watch/rules.h"
#include "watch_events.h"

static void operators(void)
{
    tev t;
    tev_init(&t);
    tev_open(&t, "/etc/shadow", O_RDONLY | O_CLOEXEC, 3);
    /* = == != */
    CHECK_INT(tev_cond(&t, NULL, "fd.name = /etc/shadow"), 1);
    CHECK_INT(tev_cond(&t, NULL, "fd.name == \"/etc/shadow\""), 1);
    CHECK_INT(tev_cond(&t, NULL, "fd.name != /etc/shadow"), 0);
    CHECK_INT(tev_cond(&t, NULL, "proc.name=cat"), 1);
    /* numbers */
    CHECK_INT(tev_cond(&t, NULL, "fd.num >= 0 and fd.num < 4 and fd.num > 2 and fd.num <= 3"), 1);
    CHECK_INT(tev_cond(&t, NULL, "fd.num > 3"), 0);
    CHECK_INT(tev_cond(&t, NULL, "user.uid = 0"), 1);
    CHECK_INT(tev_cond(&t, NULL, "evt.rawres in (0, 1, 3)"), 1);
    /* in, intersects, pmatch */
    CHECK_INT(tev_cond(&t, NULL, "proc.name in (bash, cat)"), 1);
    CHECK_INT(tev_cond(&t, NULL, "proc.name in (bash, sh)"), 0);
    CHECK_INT(tev_cond(&t, NULL, "proc.name intersects (cat, dog)"), 1);
    CHECK_INT(tev_cond(&t, NULL, "fd.name pmatch (/usr, /etc)"), 1);
    CHECK_INT(tev_cond(&t, NULL, "fd.name pmatch (/et, /usr)"), 0);
    CHECK_INT(tev_cond(&t, NULL, "fd.name pmatch (/etc/shadow)"), 1);
    /* strings */
    CHECK_INT(tev_cond(&t, NULL, "fd.name contains shad"), 1);
    CHECK_INT(tev_cond(&t, NULL, "fd.name icontains SHADOW"), 1);
    CHECK_INT(tev_cond(&t, NULL, "fd.name contains SHADOW"), 0);
    CHECK_INT(tev_cond(&t, NULL, "fd.name bcontains 736861646f77"), 1); /* "shadow" */
    CHECK_INT(tev_cond(&t, NULL, "fd.name startswith /etc/"), 1);
    CHECK_INT(tev_cond(&t, NULL, "fd.name bstartswith 2f657463"), 1); /* "/etc" */
    CHECK_INT(tev_cond(&t, NULL, "fd.name endswith dow"), 1);
    CHECK_INT(tev_cond(&t, NULL, "fd.name glob \"/etc/*ad*\""), 1);
    CHECK_INT(tev_cond(&t, NULL, "fd.name glob \"/ETC/*\""), 0);
    CHECK_INT(tev_cond(&t, NULL, "fd.name iglob \"/ETC/*\""), 1);
    CHECK_INT(tev_cond(&t, NULL, "fd.name regex \"/etc/(shadow|gshadow)\""), 1);
    CHECK_INT(tev_cond(&t, NULL, "fd.name regex \"shadow\""), 0); /* a full match */
    /* exists */
    CHECK_INT(tev_cond(&t, NULL, "proc.pname exists"), 1);
    CHECK_INT(tev_cond(&t, NULL, "fd.sip exists"), 0);
    /* directory, filename, raw name, flags */
    CHECK_INT(tev_cond(&t, NULL, "fd.directory = /etc and fd.filename = shadow"), 1);
    CHECK_INT(tev_cond(&t, NULL, "evt.arg.flags contains O_CLOEXEC and evt.is_open_read = true"),
              1);
    CHECK_INT(tev_cond(&t, NULL, "evt.is_open_write = true"), 0);
    CHECK_INT(tev_cond(&t, NULL, "fd.typechar = 'f' and fd.type = file"), 1);
    /* the result: SUCCESS or the errno's name */
    CHECK_INT(tev_cond(&t, NULL, "evt.res = SUCCESS and evt.failed = false"), 1);
    tev_open(&t, "/root/.ssh/id_rsa", O_RDONLY, -13);
    CHECK_INT(tev_cond(&t, NULL, "evt.res = EACCES and fd.num = -1 and evt.failed = true"), 1);
    /* relative paths resolve against the base directory, ".." lexically */
    tev_open(&t, "../etc/./passwd", O_RDONLY, 4);
    tev_str(&t, DD_STR_BASE0, "/tmp");
    CHECK_INT(tev_cond(&t, NULL, "fd.name = /etc/passwd and fd.nameraw = ../etc/./passwd"), 1);
    /* addresses */
    tev_syscall(&t, "connect", 0);
    t.fd.kind = DD_FD_SOCK;
    t.fd.family = 2; /* AF_INET */
    t.fd.l4proto = 6;
    t.fd.num = 3;
    memcpy(t.fd.laddr, "\x0a\x00\x00\x05", 4);
    t.fd.lport = 40000;
    t.sa.family = 2;
    t.sa.port = 6443;
    memcpy(t.sa.addr, "\x0a\x60\x00\x01", 4);
    CHECK_INT(tev_cond(&t, NULL, "fd.sip = 10.96.0.1 and fd.sport = 6443 and fd.l4proto = tcp"), 1);
    CHECK_INT(tev_cond(&t, NULL, "fd.snet = \"10.0.0.0/8\" and fd.cip = 10.0.0.5"), 1);
    CHECK_INT(tev_cond(&t, NULL, "fd.net != \"127.0.0.0/8\""), 1);
    CHECK_INT(tev_cond(&t, NULL, "fd.sip in (\"192.168.0.0/16\", 172.16.0.1)"), 0);
    CHECK_INT(tev_cond(&t, NULL, "fd.typechar = 4 and fd.is_server = false"), 1);
    tev_reset(&t);
    const char *name = NULL;
    dd_val v;
    dd_fieldref r;
    const char *why;
    CHECK_INT(dd_fieldref_parse("fd.name", 7, &r, &why), 0);
    CHECK(dd_field_get(&t.ev, &r, 0, &v) && v.t == DD_V_STR);
    name = v.t == DD_V_STR ? dd_warena_strndup(&t.arena, v.s, v.n) : NULL;
    CHECK_STR(name, "10.0.0.5:40000->10.96.0.1:6443");
    dd_fieldref_clear(&r);
    dd_warena_free(&t.arena);
}

static void lists_macros_precedence(void)
{
    tev t;
    tev_init(&t);
    tev_exec(&t);
    const char *pre = "- list: shells\n  items: [ash, bash, sh, '\"my shell\"']\n"
                      "- list: all\n  items: [shells, cat]\n"
                      "- macro: spawned\n  condition: evt.type in (execve, execveat)\n"
                      "- macro: is_cat\n  condition: proc.name = cat and later\n"
                      "- macro: later\n  condition: (proc.pname in (all))\n"
                      "- macro: never\n  condition: evt.num = 0\n";
    CHECK_INT(tev_cond(&t, pre, "spawned and proc.name in (all)"), 1);
    CHECK_INT(tev_cond(&t, pre, "spawned and proc.name in (shells)"), 0);
    CHECK_INT(tev_cond(&t, pre, "spawned and proc.pname in (shells)"), 1);
    CHECK_INT(tev_cond(&t, pre, "is_cat"), 1); /* a macro using one defined after it */
    /* quoted list item with a space */
    strcpy(t.proc.comm, "my shell");
    CHECK_INT(tev_cond(&t, pre, "proc.name in (shells)"), 1);
    strcpy(t.proc.comm, "cat");
    /* precedence: not > and > or */
    CHECK_INT(tev_cond(&t, pre, "never or spawned and proc.name = cat"), 1);
    CHECK_INT(tev_cond(&t, pre, "spawned or never and never"), 1);
    CHECK_INT(tev_cond(&t, pre, "(spawned or never) and never"), 0);
    CHECK_INT(tev_cond(&t, pre, "not never and spawned"), 1);
    CHECK_INT(tev_cond(&t, pre, "not (never or spawned)"), 0);
    CHECK_INT(tev_cond(&t, pre, "not not spawned"), 1);
    /* ancestors */
    CHECK_INT(tev_cond(&t, NULL, "proc.aname[1] = sh and proc.aname[2] = containerd-shim"), 1);
    CHECK_INT(tev_cond(&t, NULL, "proc.aname = containerd-shim"), 1);
    CHECK_INT(tev_cond(&t, NULL, "proc.aname in (nginx, sh)"), 1);
    CHECK_INT(tev_cond(&t, NULL, "proc.pcmdline = \"sh -c cat /etc/shadow\""), 1);
    CHECK_INT(tev_cond(&t, NULL, "proc.cmdline = \"cat /etc/shadow\" and proc.args = /etc/shadow"),
              1);
    CHECK_INT(tev_cond(&t, NULL, "proc.pexepath = /bin/dash and proc.exe = cat"), 1);
    /* evt.dir: drydock's events are entry and exit at once */
    CHECK_INT(tev_cond(&t, NULL, "evt.dir = < and evt.dir = >"), 1);
    CHECK_INT(tev_cond(&t, NULL, "evt.dir != <"), 0);
    /* transformers and val() */
    strcpy(t.proc.comm, "CaT");
    CHECK_INT(tev_cond(&t, NULL, "tolower(proc.name) = cat"), 1);
    CHECK_INT(tev_cond(&t, NULL, "toupper(proc.name) = CAT"), 1);
    CHECK_INT(tev_cond(&t, NULL, "len(proc.name) = 3"), 1);
    CHECK_INT(tev_cond(&t, NULL, "basename(proc.exepath) = cat"), 1);
    CHECK_INT(tev_cond(&t, NULL, "proc.exe = val(proc.args)"), 0);
    t.proc.args = "cat";
    CHECK_INT(tev_cond(&t, NULL, "proc.exe = val(proc.args)"), 1);
    /* container fields */
    CHECK_INT(tev_cond(&t, NULL, "container.id = 0123456789ab and container.name = web"), 1);
    CHECK_INT(
        tev_cond(&t, NULL, "container.image.repository = nginx and container.image.tag = \"1.25\""),
        1);
    CHECK_INT(tev_cond(&t, NULL, "container.privileged = false"), 1);
    t.ev.ctr = NULL;
    CHECK_INT(tev_cond(&t, NULL, "container.id = host"), 1);
    dd_warena_free(&t.arena);
}

static void overrides_exceptions(void)
{
    tev t;
    tev_init(&t);
    tev_open(&t, "/etc/shadow", O_RDONLY, 3);
    const char *base = "- list: bins\n  items: [cat]\n"
                       "- macro: m\n  condition: fd.name startswith /etc\n"
                       "- rule: R\n  desc: d\n  condition: m and proc.name in (bins)\n"
                       "  output: o\n  priority: WARNING\n";
    dd_error e = {0};
    char y[4096];
    /* a list append that removes the match: bins no longer has only cat → still cat */
    snprintf(y, sizeof y, "%s- list: bins\n  items: [dog]\n  append: true\n", base);
    dd_ruleset *rs = tev_rules(y, &e);
    CHECK(rs && dd_rule_matches(dd_ruleset_at(rs, 0), &t.ev));
    dd_ruleset_free(rs);
    /* list override: replace */
    snprintf(y, sizeof y, "%s- list: bins\n  items: [dog]\n  override:\n    items: replace\n",
             base);
    rs = tev_rules(y, &e);
    CHECK(rs && !dd_rule_matches(dd_ruleset_at(rs, 0), &t.ev));
    dd_ruleset_free(rs);
    /* macro append */
    snprintf(y, sizeof y,
             "%s- macro: m\n  condition: and fd.name endswith passwd\n  append: true\n", base);
    rs = tev_rules(y, &e);
    CHECK(rs && !dd_rule_matches(dd_ruleset_at(rs, 0), &t.ev));
    dd_ruleset_free(rs);
    /* rule append (old style) and override */
    snprintf(y, sizeof y, "%s- rule: R\n  condition: and user.uid != 0\n  append: true\n", base);
    rs = tev_rules(y, &e);
    CHECK(rs && !dd_rule_matches(dd_ruleset_at(rs, 0), &t.ev));
    dd_ruleset_free(rs);
    snprintf(y, sizeof y,
             "%s- rule: R\n  condition: proc.name = cat\n  priority: CRITICAL\n"
             "  override:\n    condition: replace\n    priority: replace\n",
             base);
    rs = tev_rules(y, &e);
    CHECK(rs && dd_rule_matches(dd_ruleset_at(rs, 0), &t.ev));
    CHECK(rs && dd_ruleset_at(rs, 0)->prio == DD_PRIO_CRITICAL);
    dd_ruleset_free(rs);
    /* enabled: false, and back */
    snprintf(y, sizeof y, "%s- rule: R\n  enabled: false\n", base);
    rs = tev_rules(y, &e);
    CHECK(rs && !dd_ruleset_at(rs, 0)->enabled && dd_ruleset_active(rs) == 0);
    CHECK(rs && dd_ruleset_eval(rs, &t.ev, NULL, NULL) == 0);
    dd_ruleset_free(rs);
    /* exceptions: one field with a list of values */
    snprintf(y, sizeof y,
             "%s- rule: R\n  exceptions:\n  - name: known\n    fields: proc.name\n"
             "    comps: in\n    values: [cat, dog]\n  append: true\n",
             base);
    rs = tev_rules(y, &e);
    CHECK(rs && !dd_rule_matches(dd_ruleset_at(rs, 0), &t.ev));
    dd_ruleset_free(rs);
    /* exceptions: tuples of fields, and values appended later */
    const char *exc = "- rule: X\n  desc: d\n  condition: fd.name startswith /etc\n  output: o\n"
                      "  priority: INFO\n  exceptions:\n  - name: pairs\n"
                      "    fields: [proc.name, fd.directory]\n    comps: [=, =]\n"
                      "    values:\n    - [vi, /etc]\n";
    rs = tev_rules(exc, &e);
    CHECK(rs && dd_rule_matches(dd_ruleset_at(rs, 0), &t.ev));
    dd_ruleset_free(rs);
    snprintf(y, sizeof y,
             "%s- rule: X\n  exceptions:\n  - name: pairs\n    values:\n    - [cat, /etc]\n"
             "  override:\n    exceptions: append\n",
             exc);
    rs = tev_rules(y, &e);
    CHECK(rs && !dd_rule_matches(dd_ruleset_at(rs, 0), &t.ev));
    dd_ruleset_free(rs);
    /* an exception value that is a list, with the in comparison */
    snprintf(y, sizeof y,
             "- list: l\n  items: [cat]\n- rule: X\n  desc: d\n  condition: proc.name exists\n"
             "  output: o\n  priority: INFO\n  exceptions:\n  - name: x\n"
             "    fields: [proc.name, fd.name]\n    comps: [in, startswith]\n"
             "    values:\n    - [[l], /etc/]\n");
    rs = tev_rules(y, &e);
    CHECK(rs && !dd_rule_matches(dd_ruleset_at(rs, 0), &t.ev));
    dd_ruleset_free(rs);
    dd_warena_free(&t.arena);
}

/* Errors name the file, line and column. */
static void expect_error(const char *yaml, const char *want)
{
    dd_error e = {0};
    dd_ruleset *rs = tev_rules(yaml, &e);
    CHECK(rs == NULL);
    if (!strstr(e.msg, want)) {
        fprintf(stderr, "  expected error containing \"%s\", got \"%s\"\n", want, e.msg);
        CHECK(!"error message");
    } else {
        CHECK(1);
    }
    dd_ruleset_free(rs);
}

static void errors(void)
{
    expect_error("- rule: r\n  desc: d\n  output: o\n  priority: INFO\n  condition: proc.name = \n",
                 "test.yaml:5:25: a value is missing after the operator");
    expect_error("- rule: r\n  desc: d\n  output: o\n  priority: INFO\n"
                 "  condition: proc.name = a and nosuch_macro\n",
                 "test.yaml:5:32: 'nosuch_macro' is not a defined macro");
    expect_error("- rule: r\n  desc: d\n  output: o\n  priority: INFO\n"
                 "  condition: >\n    proc.name = a and\n      (fd.num = x)\n",
                 "test.yaml:7:17: 'x' is not a number (field fd.num)");
    expect_error("- rule: r\n  desc: d\n  output: o\n  priority: INFO\n"
                 "  condition: proc.name = a and (fd.num = 1\n",
                 "test.yaml:5:32: '(' is not closed");
    expect_error("- rule: r\n  desc: d\n  output: o\n  priority: INFO\n"
                 "  condition: proc.name = \"unterminated\n",
                 "unterminated quoted string");
    expect_error("- rule: r\n  desc: d\n  output: o\n  priority: INFO\n"
                 "  condition: proc.name frobnicates a\n",
                 "test.yaml:5:24: unknown operator 'frobnicates'");
    expect_error("- rule: r\n  desc: d\n  output: o\n  priority: INFO\n"
                 "  condition: evt.type = opne\n",
                 "'opne' is not an event type");
    expect_error("- rule: r\n  desc: d\n  output: o\n  priority: LOUD\n  condition: evt.num=1\n",
                 "test.yaml:4:13: rule 'r': unknown priority 'LOUD'");
    expect_error("- rule: r\n  desc: d\n  priority: INFO\n  condition: evt.num=1\n",
                 "test.yaml:1:3: rule 'r' has no output");
    expect_error("- macro: a\n  condition: b\n- macro: b\n  condition: a\n"
                 "- rule: r\n  desc: d\n  output: o\n  priority: INFO\n  condition: a\n",
                 "uses itself");
    expect_error("- rule: r\n  desc: d\n  output: o\n  priority: INFO\n  condition: [a\n",
                 "test.yaml:6:1: YAML:");
    expect_error("- rule: r\n  append: true\n  condition: and evt.num=1\n",
                 "test.yaml:1:3: rule 'r' appends to or overrides a rule that is not defined");
    expect_error("- rule: r\n  desc: d\n  output: o\n  priority: INFO\n"
                 "  condition: fd.name regex \"(\"\n",
                 "invalid regex");
    expect_error("- frob: x\n", "test.yaml:1:3: unknown item 'frob'");
    /* in a macro: the macro's position */
    expect_error("- macro: m\n  condition: fd.num > abc\n"
                 "- rule: r\n  desc: d\n  output: o\n  priority: INFO\n  condition: m\n",
                 "test.yaml:2:23: 'abc' is not a number");
}

static void skips(void)
{
    /* unsupported fields skip the rule, with the field's position and the reason */
    dd_error e = {0};
    dd_ruleset *rs = tev_rules("- macro: k\n  condition: fd.sip.name = x\n"
                               "- rule: r\n  desc: d\n  output: o\n  priority: INFO\n"
                               "  condition: evt.type = connect and k\n"
                               "- rule: s\n  desc: d\n  output: o %evt.buffer\n  priority: INFO\n"
                               "  condition: evt.type = connect\n"
                               "- rule: t\n  desc: d\n  output: o\n  priority: INFO\n"
                               "  condition: evt.type = mprotect\n"
                               "- rule: u\n  desc: d\n  output: o\n  priority: INFO\n"
                               "  source: k8s_audit\n  condition: ka.verb = create\n"
                               "- rule: v\n  desc: d\n  output: o\n  priority: INFO\n"
                               "  condition: evt.type in (connect, sendmsg)\n",
                               &e);
    CHECK(rs != NULL);
    if (!rs) {
        fprintf(stderr, "  %s\n", e.msg);
        return;
    }
    CHECK_INT(dd_ruleset_count(rs), 5);
    CHECK_INT(dd_ruleset_active(rs), 1);
    CHECK(strstr(dd_ruleset_at(rs, 0)->skip, "test.yaml:2:14: field 'fd.sip.name' not supported") !=
          NULL);
    CHECK(strstr(dd_ruleset_at(rs, 0)->skip, "in macro 'k'") != NULL);
    CHECK(strstr(dd_ruleset_at(rs, 1)->skip, "output: field 'evt.buffer' not supported") != NULL);
    CHECK(strstr(dd_ruleset_at(rs, 2)->skip, "does not trace its event types (mprotect)") != NULL);
    CHECK(strstr(dd_ruleset_at(rs, 3)->skip, "source 'k8s_audit' is not supported") != NULL);
    CHECK(dd_ruleset_at(rs, 4)->skip == NULL);
    CHECK(strstr(dd_ruleset_at(rs, 4)->note, "sendmsg") != NULL);
    dd_ruleset_free(rs);
}

static void outputs_and_types(void)
{
    tev t;
    tev_init(&t);
    tev_open(&t, "/etc/shadow", O_RDONLY, 3);
    dd_error e = {0};
    dd_ruleset *rs = tev_rules("- rule: r\n  desc: d\n  priority: WARNING\n"
                               "  condition: evt.type = openat\n"
                               "  output: >-\n    100%% sure: file=%fd.name user=%user.name "
                               "uid=%user.uid sip=%fd.sip gp=%proc.aname[2] flags=%evt.arg.flags.\n"
                               "- rule: all\n  desc: d\n  priority: INFO\n  output: o\n"
                               "  condition: proc.name = cat\n",
                               &e);
    CHECK(rs != NULL);
    if (!rs)
        return;
    const dd_wrule *r = dd_ruleset_at(rs, 0);
    dd_buf text = DD_BUF_INIT;
    json_t *f = json_object();
    dd_rule_render(r, &t.ev, &text, f);
    CHECK_STR(text.data, "100% sure: file=/etc/shadow user=root uid=0 sip=<NA> gp=containerd-shim "
                         "flags=O_RDONLY.");
    CHECK_STR(json_string_value(json_object_get(f, "fd.name")), "/etc/shadow");
    CHECK(json_is_integer(json_object_get(f, "user.uid")));
    CHECK(json_is_null(json_object_get(f, "fd.sip")));
    json_decref(f);
    dd_buf_free(&text);
    /* the index: a rule with evt.type runs only on its type; one without runs on all */
    CHECK(!r->all_types);
    CHECK(dd_ruleset_at(rs, 1)->all_types);
    CHECK_INT(dd_ruleset_eval(rs, &t.ev, NULL, NULL), 2);
    tev_exec(&t);
    CHECK_INT(dd_ruleset_eval(rs, &t.ev, NULL, NULL), 1);
    CHECK(dd_ruleset_uses_type(rs, dd_evtype_by_name("openat")));
    CHECK(!dd_ruleset_uses_type(rs, dd_evtype_by_name("connect")));
    dd_ruleset_free(rs);
    dd_warena_free(&t.arena);
}

static void priorities(void)
{
    dd_prio p;
    CHECK_INT(dd_prio_parse("warning", &p), 0);
    CHECK_INT(p, DD_PRIO_WARNING);
    CHECK_INT(dd_prio_parse("INFO", &p), 0);
    CHECK_INT(p, DD_PRIO_INFORMATIONAL);
    CHECK_STR(dd_prio_name(DD_PRIO_CRITICAL), "Critical");
    CHECK_INT(dd_prio_severity(DD_PRIO_ERROR), DD_SEV_HIGH);
    CHECK_INT(dd_prio_severity(DD_PRIO_NOTICE), DD_SEV_LOW);
    CHECK_INT(dd_prio_parse("loud", &p), -1);
}

int main(void)
{
    operators();
    lists_macros_precedence();
    overrides_exceptions();
    errors();
    skips();
    outputs_and_types();
    priorities();
    return dd_test_done();
}
