/* Maven ComparableVersion ordering (maven-artifact 3.8 semantics).
 *
 * A version is parsed into nested lists: '.' separates items of the current list, '-'
 * and every digit/letter transition start a sub-list; numbers become integers, the rest
 * qualifiers. Trailing "null" items (0, "", ga, final, release, empty lists) are removed
 * from every list. Ordering: integer > list > qualifier; qualifiers rank alpha < beta <
 * milestone < rc = cr < snapshot < "" = ga = final = release < sp < anything else
 * (alphabetically); "a1"/"b1"/"m1" are alpha-1/beta-1/milestone-1.
 *
 * The tree lives in a fixed array on the stack (no allocation); a version with more
 * than MAX_NODES items is compared on its first MAX_NODES items. */
#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "vuln/version.h"

#define MAX_NODES 192

enum { N_INT, N_STR, N_LIST };

typedef struct {
    int type;
    const char *p; /* INT: digits without leading zeros; STR: qualifier text */
    size_t n;
    int first, next; /* children / sibling links, -1 = none */
} node;

typedef struct {
    node v[MAX_NODES];
    int n;
    int full;
} tree;

static int new_node(tree *t, int type, const char *p, size_t n)
{
    if (t->n >= MAX_NODES) {
        t->full = 1;
        return -1;
    }
    node *x = &t->v[t->n];
    x->type = type;
    x->p = p;
    x->n = n;
    x->first = x->next = -1;
    return t->n++;
}

static void append(tree *t, int list, int child)
{
    if (list < 0 || child < 0)
        return;
    int *link = &t->v[list].first;
    while (*link >= 0)
        link = &t->v[*link].next;
    *link = child;
}

static bool list_empty(const tree *t, int list)
{
    return t->v[list].first < 0;
}

/* A qualifier's rank (0..6) after aliases; 7 for unknown ones. */
static int qual_rank(const char *p, size_t n, bool followed_by_digit)
{
    static const char *const q[] = {"alpha", "beta", "milestone", "rc", "snapshot", "", "sp"};
    if (followed_by_digit && n == 1) {
        switch (tolower((unsigned char)*p)) {
        case 'a':
            return 0;
        case 'b':
            return 1;
        case 'm':
            return 2;
        default:
            break;
        }
    }
    if ((n == 2 && strncasecmp(p, "ga", 2) == 0) || (n == 5 && strncasecmp(p, "final", 5) == 0) ||
        (n == 7 && strncasecmp(p, "release", 7) == 0))
        return 5;
    if (n == 2 && strncasecmp(p, "cr", 2) == 0)
        return 3;
    for (int i = 0; i < 7; i++)
        if (strlen(q[i]) == n && strncasecmp(p, q[i], n) == 0)
            return i;
    return 7;
}

/* STR nodes keep their rank in ->first's place? No: rank is stored separately. */
typedef struct {
    tree t;
    signed char rank[MAX_NODES];
} version;

static int add_item(version *v, int list, bool digit, const char *p, size_t n, bool followed_by_digit)
{
    int id;
    if (digit) {
        while (n > 1 && *p == '0') {
            p++;
            n--;
        }
        if (n == 1 && *p == '0')
            n = 0; /* zero: a null item */
        id = new_node(&v->t, N_INT, p, n);
    } else {
        id = new_node(&v->t, N_STR, p, n);
        if (id >= 0)
            v->rank[id] = (signed char)qual_rank(p, n, followed_by_digit);
    }
    append(&v->t, list, id);
    return id;
}

static int sub_list(version *v, int list, int *stack, int *sp)
{
    int id = new_node(&v->t, N_LIST, NULL, 0);
    if (id < 0)
        return list;
    append(&v->t, list, id);
    stack[(*sp)++] = id;
    return id;
}

static bool is_null(const version *v, int id)
{
    const node *x = &v->t.v[id];
    switch (x->type) {
    case N_INT:
        return x->n == 0;
    case N_STR:
        return v->rank[id] == 5;
    default:
        return x->first < 0;
    }
}

static void normalize(version *v, int list)
{
    int kids[MAX_NODES], k = 0;
    for (int c = v->t.v[list].first; c >= 0; c = v->t.v[c].next)
        kids[k++] = c;
    int keep = k;
    bool removed[MAX_NODES] = {false};
    for (int i = k - 1; i >= 0; i--) {
        if (is_null(v, kids[i])) {
            removed[i] = true;
        } else if (v->t.v[kids[i]].type != N_LIST) {
            break;
        }
    }
    int prev = -1;
    v->t.v[list].first = -1;
    for (int i = 0; i < keep; i++) {
        if (removed[i])
            continue;
        v->t.v[kids[i]].next = -1;
        if (prev < 0)
            v->t.v[list].first = kids[i];
        else
            v->t.v[prev].next = kids[i];
        prev = kids[i];
    }
}

static void parse(const char *s, version *v)
{
    v->t.n = 0;
    v->t.full = 0;
    int root = new_node(&v->t, N_LIST, NULL, 0);
    int stack[MAX_NODES], sp = 0;
    stack[sp++] = root;
    int list = root;
    bool digit = false;
    size_t start = 0, len = strlen(s);
    for (size_t i = 0; i < len && !v->t.full; i++) {
        char c = s[i];
        if (c == '.' || c == '-') {
            if (i == start)
                add_item(v, list, true, "0", 1, false);
            else
                add_item(v, list, digit, s + start, i - start, false);
            start = i + 1;
            if (c == '-')
                list = sub_list(v, list, stack, &sp);
        } else if (isdigit((unsigned char)c)) {
            if (!digit && i > start) {
                /* 1.0.0.X1 < 1.0.0-X2: a qualifier before a number opens a sub-list */
                if (!list_empty(&v->t, list))
                    list = sub_list(v, list, stack, &sp);
                add_item(v, list, false, s + start, i - start, true);
                start = i;
                list = sub_list(v, list, stack, &sp);
            }
            digit = true;
        } else {
            if (digit && i > start) {
                add_item(v, list, true, s + start, i - start, false);
                start = i;
                list = sub_list(v, list, stack, &sp);
            }
            digit = false;
        }
    }
    if (len > start && !v->t.full) {
        if (!digit && !list_empty(&v->t, list))
            list = sub_list(v, list, stack, &sp);
        add_item(v, list, digit, s + start, len - start, false);
    }
    while (sp > 0)
        normalize(v, stack[--sp]);
}

static int cmp_item(const version *a, int x, const version *b, int y);

/* Compare item x of a with "nothing". */
static int cmp_null(const version *a, int x)
{
    const node *n = &a->t.v[x];
    switch (n->type) {
    case N_INT:
        return n->n == 0 ? 0 : 1;
    case N_STR:
        return a->rank[x] < 5 ? -1 : a->rank[x] > 5 ? 1 : 0;
    default:
        for (int c = n->first; c >= 0; c = a->t.v[c].next) {
            int r = cmp_null(a, c);
            if (r)
                return r;
        }
        return 0;
    }
}

static int cmp_str(const version *a, int x, const version *b, int y)
{
    int ra = a->rank[x], rb = b->rank[y];
    if (ra != rb)
        return ra < rb ? -1 : 1;
    if (ra != 7)
        return 0;
    const node *p = &a->t.v[x], *q = &b->t.v[y];
    size_t m = p->n < q->n ? p->n : q->n;
    int c = strncasecmp(p->p, q->p, m);
    if (!c && p->n != q->n)
        c = p->n < q->n ? -1 : 1;
    return (c > 0) - (c < 0);
}

static int cmp_item(const version *a, int x, const version *b, int y)
{
    const node *p = &a->t.v[x], *q = &b->t.v[y];
    switch (p->type) {
    case N_INT:
        if (q->type != N_INT)
            return 1;
        return dd_vercmp_digits(p->p, p->n, q->p, q->n);
    case N_STR:
        if (q->type == N_STR)
            return cmp_str(a, x, b, y);
        return -1;
    default:
        if (q->type == N_INT)
            return -1;
        if (q->type == N_STR)
            return 1;
        int l = p->first, r = q->first;
        while (l >= 0 || r >= 0) {
            int c;
            if (l < 0)
                c = -cmp_null(b, r);
            else if (r < 0)
                c = cmp_null(a, l);
            else
                c = cmp_item(a, l, b, r);
            if (c)
                return c;
            if (l >= 0)
                l = a->t.v[l].next;
            if (r >= 0)
                r = b->t.v[r].next;
        }
        return 0;
    }
}

int dd_vercmp_maven(const char *a, const char *b)
{
    /* Two trees of MAX_NODES nodes: about 10 KB of stack. */
    version x, y;
    parse(a, &x);
    parse(b, &y);
    return cmp_item(&x, 0, &y, 0);
}
