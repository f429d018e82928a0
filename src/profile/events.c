/* From sensor records to a recording (and, when verifying, to denials). */
#include "profile/events.h"

#include <errno.h>
#include <linux/prctl.h>
#include <linux/seccomp.h>
#include <seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>

#include "core/cleanup.h"
#include "core/mem.h"
#include "inside/caps.h"
#include "report/rule.h"

const struct dd_first_args *dd_rec_first_args(void)
{
    /* What the recording keeps of arguments (and the profile's filters test), and what
     * tells runc's filter installation apart: a new value is a new fact. */
    static const struct dd_first_args args[DD_NR_MAX] = {
        [SYS_clone] = {{DD_CLONE_NS_MASK, 0}}, [SYS_socket] = {{~0ULL, 0}},
        [SYS_personality] = {{~0ULL, 0}},      [SYS_prctl] = {{~0ULL, ~0ULL}},
        [SYS_seccomp] = {{~0ULL, 0}},
    };
    return args;
}

void dd_rec_state_init(dd_rec_state *s, const dd_seccomp *verify_profile, uint64_t caps)
{
    memset(s, 0, sizeof *s);
    s->profile = verify_profile;
    s->env.caps = caps;
}

static bool set_has(const uint64_t *set, unsigned nr)
{
    return set[(nr >> 6) % DD_NR_WORDS] & (1ULL << (nr & 63));
}

static void set_add(uint64_t *set, unsigned nr)
{
    set[(nr >> 6) % DD_NR_WORDS] |= 1ULL << (nr & 63);
}

static bool is_init(const struct dd_ev_hdr *h)
{
    return strncmp(h->task.comm, "runc:[2:INIT]", DD_EV_COMM) == 0;
}

/* A small set of tgids (open addressing; a pid is never 0). */
static bool tg_has(const dd_rec_state *s, uint32_t tgid)
{
    if (!s->capworkload)
        return false;
    for (size_t i = tgid % s->capworkload;; i = (i + 1) % s->capworkload) {
        if (s->workload[i] == tgid)
            return true;
        if (s->workload[i] == 0)
            return false;
    }
}

void dd_rec_state_adopt(dd_rec_state *s, uint32_t tgid)
{
    if (tgid == 0 || tg_has(s, tgid))
        return;
    if ((s->nworkload + 1) * 2 > s->capworkload) {
        size_t cap = s->capworkload ? s->capworkload * 2 : 256;
        uint32_t *old = s->workload;
        size_t oldcap = s->capworkload;
        s->workload = dd_xcalloc(cap, sizeof *s->workload);
        s->capworkload = cap;
        s->nworkload = 0;
        for (size_t i = 0; i < oldcap; i++)
            if (old[i])
                dd_rec_state_adopt(s, old[i]);
        free(old);
    }
    size_t i = tgid % s->capworkload;
    while (s->workload[i])
        i = (i + 1) % s->capworkload;
    s->workload[i] = tgid;
    s->nworkload++;
}

static bool is_workload(const dd_rec_state *s, const struct dd_ev_hdr *h)
{
    return tg_has(s, h->task.pid);
}

static bool filtered(const dd_rec_state *s, uint32_t tgid)
{
    for (size_t i = 0; i < s->nfiltered; i++)
        if (s->filtered[i] == tgid)
            return true;
    return false;
}

/* String `i` of a record whose fixed part is `fixed` bytes and whose lengths
 * are slen: bounded by the record's size (the strings come from traced
 * processes). */
static const char *rec_str(const void *rec, size_t size, size_t fixed, const __u16 *slen,
                           unsigned i, char *out, size_t outsz)
{
    size_t off = fixed;
    for (unsigned k = 0; k < i; k++)
        off += slen[k];
    size_t n = slen[i];
    if (n == 0 || off > size || n > size - off)
        return NULL;
    const char *s = (const char *)rec + off;
    size_t len = strnlen(s, n);
    if (len + 1 > outsz)
        len = outsz - 1;
    memcpy(out, s, len);
    out[len] = '\0';
    return out;
}

static void process_name(const struct dd_ev_hdr *h, char *out, size_t n)
{
    snprintf(out, n, "%.*s[%u]", DD_EV_COMM, h->task.comm, h->task.pid);
}

static int fact_cmp(const void *a, const void *b)
{
    return memcmp(a, b, sizeof(struct dd_first_key));
}

/* A denial from a fact the kernel counts (`fact`, may be NULL: this record is the
 * only count). */
static void deny(dd_rec_state *s, const char *kind, const char *what, const struct dd_ev_hdr *h,
                 int err, const struct dd_ev_raw_first *fact)
{
    /* The first occurrence is in the kernel's count too, when that count can be looked
     * up later (the fact is kept in the kernel's table, and here). */
    bool tracked = fact && fact->counted && s->nfacts < 4096;
    unsigned long here = tracked ? 0 : 1;
    char proc[48];
    process_name(h, proc, sizeof proc);
    /* One line per (kind, what, process name): a loop that retries counts up. */
    size_t i;
    for (i = 0; i < s->ndenials; i++) {
        dd_denial *d = &s->denials[i];
        size_t n = strnlen(h->task.comm, DD_EV_COMM);
        if (strcmp(d->kind, kind) == 0 && strcmp(d->what, what) == 0 && d->err == err &&
            strncmp(d->process, h->task.comm, n) == 0 && d->process[n] == '[') {
            d->count += here;
            break;
        }
    }
    if (i == s->ndenials) {
        if (s->ndenials >= 4096)
            return;
        s->denials = dd_xrealloc(s->denials, (s->ndenials + 1) * sizeof *s->denials);
        s->denials[s->ndenials++] =
            (dd_denial){dd_xstrdup(kind), dd_xstrdup(what), dd_xstrdup(proc), err, here};
    }
    if (!tracked)
        return;
    /* Kept sorted: dd_rec_on_count looks every kernel count up. */
    size_t at = 0;
    while (at < s->nfacts && fact_cmp(&s->facts[at].key, &fact->key) < 0)
        at++;
    if (at < s->nfacts && fact_cmp(&s->facts[at].key, &fact->key) == 0)
        return;
    s->facts = dd_xrealloc(s->facts, (s->nfacts + 1) * sizeof *s->facts);
    memmove(&s->facts[at + 1], &s->facts[at], (s->nfacts - at) * sizeof *s->facts);
    s->facts[at] = (struct dd_rec_fact){fact->key, i};
    s->nfacts++;
}

void dd_rec_on_count(const struct dd_first_key *key, uint64_t n, void *ud)
{
    dd_rec_state *s = ud;
    const struct dd_rec_fact *f =
        s->nfacts ? bsearch(key, s->facts, s->nfacts, sizeof *s->facts, fact_cmp) : NULL;
    if (f)
        s->denials[f->denial].count += n;
}

/* `fact`: the same record with its kernel key, when the sensor counts its repeats. */
static void on_raw(dd_rec_state *s, const struct dd_ev_raw *r, const struct dd_ev_raw_first *fact)
{
    const struct dd_ev_hdr *h = &r->h;
    unsigned nr = h->nr;
    if (!is_workload(s, h)) {
        /* runc's own setup is not the workload's; after runc:[2:INIT] installed the
         * filter, what it still calls must be allowed. */
        if (!is_init(h))
            return;
        if (filtered(s, h->task.pid)) {
            set_add(s->runtime, nr);
        } else if (r->ret >= 0 && ((nr == SYS_prctl && r->args[0] == PR_SET_SECCOMP &&
                                    r->args[1] == SECCOMP_MODE_FILTER) ||
                                   (nr == SYS_seccomp && r->args[0] == SECCOMP_SET_MODE_FILTER))) {
            if (s->nfiltered < DD_ARRAY_LEN(s->filtered))
                s->filtered[s->nfiltered++] = h->task.pid;
        }
        if (s->profile && filtered(s, h->task.pid) && r->ret < 0) {
            /* In verify mode a refusal here means the container could not start. */
            _cleanup_free_ char *name = seccomp_syscall_resolve_num_arch(SCMP_ARCH_NATIVE, (int)nr);
            int err = 0;
            if (name &&
                dd_seccomp_eval(s->profile, &s->env, name, (const uint64_t *)r->args, &err) !=
                    DD_SCMP_ALLOW &&
                r->ret == -err)
                deny(s, "syscall", name, h, err, fact);
        }
        return;
    }
    set_add(s->work, nr);
    if (nr == SYS_clone)
        s->clone_ns_flags |= r->args[0] & DD_CLONE_NS_MASK;
    else if (nr == SYS_socket && r->args[0] < 64)
        s->socket_families |= 1ULL << r->args[0];
    else if (nr == SYS_personality) {
        char v[24];
        snprintf(v, sizeof v, "0x%llx", (unsigned long long)(r->args[0] & 0xffffffffULL));
        if (!dd_names_has(&s->personalities, v))
            dd_names_add(&s->personalities, v);
    }
    char uid[16];
    snprintf(uid, sizeof uid, "%u", h->task.uid);
    if (s->uids.n < 64 && !dd_names_has(&s->uids, uid))
        dd_names_add(&s->uids, uid);

    if (r->ret >= 0 || !s->profile)
        return;
    /* A capability refused inside this call, and the call failed: the capability. */
    int cap = fact ? fact->key.cap : -1;
    if (cap >= 0 && cap < 64 && (r->ret == -EPERM || r->ret == -EACCES)) {
        char name[DD_CAP_NAME_MAX];
        deny(s, "capability", dd_cap_name((unsigned)cap, name), h, (int)-r->ret, fact);
        s->caps_refused |= 1ULL << cap;
        return;
    }
    _cleanup_free_ char *name = seccomp_syscall_resolve_num_arch(SCMP_ARCH_NATIVE, (int)nr);
    int err = 0;
    /* clone3's ENOSYS is by design: callers fall back to clone. */
    if (name && strcmp(name, "clone3") != 0 &&
        dd_seccomp_eval(s->profile, &s->env, name, (const uint64_t *)r->args, &err) !=
            DD_SCMP_ALLOW &&
        r->ret == -err)
        deny(s, "syscall", name, h, err, fact);
}

/* Capabilities granted. A refused one matters only if the call it was checked in fails
 * (many checks are questions, e.g. whether to account memory): the sensor names it in
 * that call's fact. */
static void on_cap(dd_rec_state *s, const struct dd_ev_cap *c)
{
    if (is_workload(s, &c->h) && c->ret == 0 && c->cap >= 0 && c->cap < 64)
        s->caps_used |= 1ULL << c->cap;
}

static void on_exec(dd_rec_state *s, const struct dd_ev_exec *x, size_t size)
{
    /* runc:[2:INIT] past its filter executing the workload: the handover. */
    if (filtered(s, x->h.task.pid))
        dd_rec_state_adopt(s, x->h.task.pid);
    if (!is_workload(s, &x->h))
        return;
    char path[1024];
    if (rec_str(x, size, sizeof *x, x->slen, DD_EXEC_EXEPATH, path, sizeof path) &&
        s->execs.n < 1024 && !dd_names_has(&s->execs, path))
        dd_names_add(&s->execs, path);
}

/* Path syscalls (records with their strings): writes refused by the read-only
 * root or by file permissions, named by path. */
static void on_syscall(dd_rec_state *s, const struct dd_ev_syscall *c, size_t size)
{
    if (!s->profile || !is_workload(s, &c->h) || (c->ret != -EROFS && c->ret != -EACCES))
        return;
    char arg[2048], base[2048], full[4200];
    const char *a = rec_str(c, size, sizeof *c, c->slen, DD_STR_ARG0, arg, sizeof arg);
    const char *b = rec_str(c, size, sizeof *c, c->slen, DD_STR_BASE0, base, sizeof base);
    if (!a)
        a = rec_str(c, size, sizeof *c, c->slen, DD_STR_FDPATH, arg, sizeof arg);
    if (!a)
        a = "?";
    if (a[0] != '/' && b)
        snprintf(full, sizeof full, "%s/%s", strcmp(b, "/") == 0 ? "" : b, a);
    else
        snprintf(full, sizeof full, "%s", a);
    deny(s, c->ret == -EROFS ? "write" : "permission", full, &c->h, (int)-c->ret, NULL);
}

int dd_rec_on_record(const struct dd_ev_hdr *rec, size_t size, void *ud, dd_error *e)
{
    dd_rec_state *s = ud;
    s->records++;
    switch (rec->type) {
    case DD_EV_RAW:
        if (size >= sizeof(struct dd_ev_raw))
            on_raw(s, (const struct dd_ev_raw *)rec,
                   size >= sizeof(struct dd_ev_raw_first) ? (const void *)rec : NULL);
        break;
    case DD_EV_CAP:
        if (size >= sizeof(struct dd_ev_cap))
            on_cap(s, (const struct dd_ev_cap *)rec);
        break;
    case DD_EV_EXEC:
        if (size >= sizeof(struct dd_ev_exec))
            on_exec(s, (const struct dd_ev_exec *)rec, size);
        break;
    case DD_EV_FORK:
        /* A process forked by the workload is the workload. */
        if (size >= sizeof(struct dd_ev_fork) && is_workload(s, rec))
            dd_rec_state_adopt(s, ((const struct dd_ev_fork *)rec)->child_pid);
        break;
    case DD_EV_SYSCALL:
        if (size >= sizeof(struct dd_ev_syscall))
            on_syscall(s, (const struct dd_ev_syscall *)rec, size);
        break;
    default:
        break;
    }
    return 0;
}

static void names_of(const uint64_t *set, dd_names *out)
{
    for (unsigned nr = 0; nr < DD_NR_MAX; nr++)
        if (set_has(set, nr)) {
            char *n = seccomp_syscall_resolve_num_arch(SCMP_ARCH_NATIVE, (int)nr);
            if (n)
                dd_names_add(out, n);
            free(n);
        }
    dd_names_sort_unique(out);
}

static void move_list(dd_names *to, dd_names *from)
{
    for (size_t i = 0; i < from->n; i++)
        dd_names_add(to, from->v[i]);
    dd_names_sort_unique(to);
    dd_names_free(from);
}

void dd_rec_state_finish(dd_rec_state *s, dd_recording *r, dd_profile_verdict *v)
{
    names_of(s->work, &r->syscalls);
    names_of(s->runtime, &r->runtime_syscalls);
    r->clone_ns_flags |= s->clone_ns_flags;
    r->socket_families |= s->socket_families;
    r->caps_used |= s->caps_used;
    r->caps_refused |= s->caps_refused;
    move_list(&r->personalities, &s->personalities);
    move_list(&r->execs, &s->execs);
    move_list(&r->uids, &s->uids);
    if (v) {
        v->denials = s->denials;
        v->ndenials = s->ndenials;
        s->denials = NULL;
        s->ndenials = 0;
        free(s->facts); /* they point into the denials */
        s->facts = NULL;
        s->nfacts = 0;
    }
}

void dd_rec_state_free(dd_rec_state *s)
{
    dd_names_free(&s->personalities);
    dd_names_free(&s->execs);
    dd_names_free(&s->uids);
    for (size_t i = 0; i < s->ndenials; i++) {
        free(s->denials[i].kind);
        free(s->denials[i].what);
        free(s->denials[i].process);
    }
    free(s->denials);
    free(s->facts);
    free(s->workload);
    memset(s, 0, sizeof *s);
}
