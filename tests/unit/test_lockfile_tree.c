/* The located tree: positions of keys and values in JSON, YAML and TOML, YAML merge keys
 * and alias bounds, TOML's out-of-order tables, and errors naming line and column. */
#include <string.h>

#include "lockfile/tree.h"
#include "tap.h"

static void json(void)
{
    const char *s =
        "{\n  \"a\": 1,\n  \"b\": {\"c\": \"x\\u00e9\\ud83d\\ude00\"},\n  \"d\": [true, null]\n}";
    dd_tree t;
    dd_error e = {0};
    CHECK_INT(dd_tree_parse_json(&t, "x.json", s, strlen(s), &e), 0);
    const dd_tnode *b = dd_t_get(t.root, "b");
    CHECK_INT(b->kline, 3);
    CHECK_INT(b->kcol, 3);
    CHECK_INT(b->col, 8);
    CHECK_STR(dd_t_gets(b, "c"), "x\xc3\xa9\xf0\x9f\x98\x80");
    CHECK(dd_t_true(&dd_t_get(t.root, "d")->kids[0]));
    CHECK(dd_t_null(&dd_t_get(t.root, "d")->kids[1]));
    CHECK_STR(dd_t_gets(t.root, "a"), "1");
    dd_tree_free(&t);

    const char *bad = "{\n  \"a\": 1,\n  \"b\" 2\n}";
    CHECK_INT(dd_tree_parse_json(&t, "x.json", bad, strlen(bad), &e), -1);
    CHECK_STR(e.msg, "x.json:3:7: invalid JSON: expected ':' after a member name");
    CHECK_INT(dd_tree_parse_json(&t, "x.json", "[1,", 3, &e), -1);
    CHECK(strstr(e.msg, "truncated") != NULL);
    /* nesting is bounded, not a stack overflow */
    char deep[4000];
    memset(deep, '[', sizeof deep);
    CHECK_INT(dd_tree_parse_json(&t, "d.json", deep, sizeof deep, &e), -1);
    CHECK(strstr(e.msg, "nested too deep") != NULL);
}

static void yaml(void)
{
    const char *s =
        "x: &base\n  a: 1\n  b: 2\nsvc:\n  <<: *base\n  b: 3\n---\nk: yes\nq: \"yes\"\n";
    dd_tree t;
    dd_error e = {0};
    CHECK_INT(dd_tree_parse_yaml(&t, "c.yaml", s, strlen(s), &e), 0);
    CHECK_INT(t.root->n, 2);
    const dd_tnode *svc = dd_t_get(&t.root->kids[0], "svc");
    CHECK_STR(dd_t_gets(svc, "b"), "3");     /* explicit keys win over the merge */
    CHECK_STR(dd_t_gets(svc, "a"), "1");     /* merged ... */
    CHECK_INT(dd_t_get(svc, "a")->kline, 2); /* ... at the line it is written on */
    CHECK(dd_t_true(dd_t_get(&t.root->kids[1], "k")));
    CHECK(!dd_t_true(dd_t_get(&t.root->kids[1], "q"))); /* quoted: a string */
    dd_tree_free(&t);

    const char *cyc = "a: &a [*a]\n";
    CHECK_INT(dd_tree_parse_yaml(&t, "c.yaml", cyc, strlen(cyc), &e), -1);
    const char *bomb =
        "a: &a [x,x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\n"
        "c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]\n"
        "e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e,*e]\n"
        "g: [*f,*f,*f,*f,*f,*f,*f,*f,*f,*f]\n";
    CHECK_INT(dd_tree_parse_yaml(&t, "b.yaml", bomb, strlen(bomb), &e), -1);
    CHECK(strstr(e.msg, "aliases expand to more than ten times the document") != NULL);
    CHECK_INT(dd_tree_parse_yaml(&t, "e.yaml", "a: [1\nb: 2\n", 11, &e), -1);
    CHECK(strncmp(e.msg, "e.yaml:2:", 9) == 0);
}

static void toml(void)
{
    const char *s = "version = 3\n\n[[package]]\nname = \"a\"\n\n[tool.poetry.dependencies]\n"
                    "python = \"^3.9\"\n\n[[package]]\nname = 'b'\ndeps = [\n  \"x\", # c\n]\n"
                    "src = { registry = \"r\", a.b = 1 }\ns = \"\"\"\nl1\nl2\"\"\"\n";
    dd_tree t;
    dd_error e = {0};
    CHECK_INT(dd_tree_parse_toml(&t, "c.lock", s, strlen(s), &e), 0);
    const dd_tnode *p = dd_t_get(t.root, "package");
    CHECK_INT(p->kind, DD_T_ARR);
    CHECK_INT(p->n, 2);
    CHECK_INT(p->kids[1].line, 9); /* the [[package]] header */
    CHECK_STR(dd_t_gets(&p->kids[1], "name"), "b");
    CHECK_STR(dd_t_gets(&p->kids[1], "s"), "l1\nl2");
    CHECK_STR(dd_t_gets(dd_t_get(dd_t_get(&p->kids[1], "src"), "a"), "b"), "1");
    CHECK_STR(
        dd_t_gets(dd_t_get(dd_t_get(dd_t_get(t.root, "tool"), "poetry"), "dependencies"), "python"),
        "^3.9");
    CHECK_INT(dd_t_get(t.root, "version")->kind, DD_T_NUM);
    dd_tree_free(&t);
    CHECK_INT(dd_tree_parse_toml(&t, "c.lock", "a = \"x\nb = 1\n", 12, &e), -1);
    CHECK_STR(e.msg, "c.lock:1:7: invalid TOML: newline in a single-line string");
    CHECK_INT(dd_tree_parse_toml(&t, "c.lock", "a = 1\na = 2\n", 12, &e), -1);
    CHECK(strstr(e.msg, "defined twice") != NULL);
}

int main(void)
{
    json();
    yaml();
    toml();
    return dd_test_done();
}
