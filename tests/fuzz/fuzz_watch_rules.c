/* Untrusted input of `drydock watch --rules`: Falco rule files (YAML, conditions, lists,
 * macros, exceptions, outputs). The whole input is one file: it is loaded, compiled, and
 * every rule that compiled is evaluated and rendered on a few synthetic events. */
#include <fcntl.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../unit/watch_events.h"
#include "watch/rules.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void eval_all(dd_ruleset *rs, tev *t)
{
    for (size_t i = 0; i < dd_ruleset_count(rs); i++) {
        const dd_wrule *r = dd_ruleset_at(rs, i);
        tev_reset(t);
        if (dd_rule_matches(r, &t->ev) || i % 2 == 0) {
            dd_buf text = DD_BUF_INIT;
            json_t *f = json_object();
            dd_rule_render(r, &t->ev, &text, f);
            json_decref(f);
            dd_buf_free(&text);
        }
    }
    tev_reset(t);
    dd_ruleset_eval(rs, &t->ev, NULL, NULL);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > (1u << 20))
        return 0;
    dd_ruleset *rs = dd_ruleset_new();
    dd_error e = {0};
    if (dd_ruleset_load_buffer(rs, "fuzz.yaml", (const char *)data, size, &e) == 0 &&
        dd_ruleset_compile(rs, &e) == 0) {
        tev t;
        tev_init(&t);
        tev_open(&t, "../etc/./shadow", O_RDWR | O_CREAT | O_TRUNC, 3);
        tev_str(&t, DD_STR_BASE0, "/root");
        eval_all(rs, &t);
        tev_exec(&t);
        eval_all(rs, &t);
        tev_container(&t);
        eval_all(rs, &t);
        tev_syscall(&t, "connect", 0);
        t.fd.kind = DD_FD_SOCK;
        t.fd.family = 2;
        t.sa.family = 2;
        t.sa.port = 443;
        eval_all(rs, &t);
        dd_warena_free(&t.arena);
    }
    dd_ruleset_free(rs);
    return 0;
}
