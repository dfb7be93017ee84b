/* The YAML layer: located nodes, and every construct the rule files refuse. */
#include <criterion/criterion.h>
#include "helpers.h"
#include "reading/yamltree.h"

static int load(const char *text, co_ynode **root, co_diags *d)
{
	const char *p = t_write(t_dir(), "r.yaml", text);
	return co_yaml_load(root, p, NULL, d);
}

Test(yamltree, keeps_line_and_column_of_each_node)
{
	co_ynode *root = NULL;
	co_diags *d = co_diags_new();
	cr_assert_eq(load("a: 1\nb:\n  - x\n  - {c: \"7\"}\n", &root, d), 0, "%s", t_diags_text(d));
	const co_ynode *b = co_ymap_get(root, "b");
	cr_assert_eq(b->type, CO_Y_SEQ);
	cr_assert_eq(b->items[1]->line, 4);
	cr_assert_eq(b->items[1]->col, 5);
	const co_ynode *c = co_ymap_get(b->items[1], "c");
	cr_assert_str_eq(c->value, "7");
	cr_assert(c->quoted);
	co_ynode_free(root);
	co_diags_free(d);
}

static void refused(const char *text, const char *where, const char *what)
{
	co_ynode *root = NULL;
	co_diags *d = co_diags_new();
	cr_assert_neq(load(text, &root, d), 0, "must be refused: %s", text);
	cr_assert(t_diag_has(d, where), "expected location %s in:\n%s", where, t_diags_text(d));
	cr_assert(t_diag_has(d, what), "expected '%s' in:\n%s", what, t_diags_text(d));
	co_ynode_free(root);
	co_diags_free(d);
}

Test(yamltree, refuses_aliases_anchors_and_tags)
{
	refused("a: &x 1\nb: *x\n", "r.yaml:1:4:", "anchors are not allowed");
	refused("a: &x 1\nb: *x\n", "r.yaml:2:4:", "aliases are not allowed");
	refused("a: !!str 1\n", "r.yaml:1:4:", "tags are not allowed");
	refused("a: !custom {x: 1}\n", "r.yaml:1:4:", "tags are not allowed");
}

Test(yamltree, refuses_an_alias_bomb_without_expanding_it)
{
	refused("a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
	        "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n",
	        "r.yaml:1:4:", "anchors are not allowed");
}

Test(yamltree, detects_duplicate_keys_that_libyaml_accepts)
{
	refused("a: 1\nb: 2\na: 3\n", "r.yaml:3:1:", "duplicate key 'a' (first at line 1)");
	refused("m: {x: 1, x: 2}\n", "r.yaml:1:11:", "duplicate key 'x'");
}

Test(yamltree, bounds_nesting_at_32_levels)
{
	char deep[200] = "a: ", ok[200] = "a: ";
	for (int i = 0; i < 33; i++)
		strcat(deep, "[");
	for (int i = 0; i < 33; i++)
		strcat(deep, "]");
	refused(deep, "r.yaml:1:", "nesting deeper than 32");
	for (int i = 0; i < 31; i++)
		strcat(ok, "[");
	for (int i = 0; i < 31; i++)
		strcat(ok, "]");
	co_ynode *root = NULL;
	cr_assert_eq(load(ok, &root, NULL), 0, "31 levels inside the top mapping are allowed");
	co_ynode_free(root);
}

Test(yamltree, reports_syntax_errors_with_their_place)
{
	refused("a: [1, 2\nb: 3\n", "r.yaml:2:", "YAML syntax error");
	refused("", "r.yaml:1:1:", "empty file");
	refused("# only a comment\n", "r.yaml:1:1:", "empty rule file");
	refused("a: 1\n---\nb: 2\n", "r.yaml:2:1:", "exactly one YAML document");
	refused("- 1\n- 2\n", "r.yaml:1:1:", "must be a mapping");
	refused("? [a]\n: 1\n", "r.yaml:1:3:", "keys must be plain scalars");
	refused("a: 1\nb: \"caf\xe9\"\n", "r.yaml:2:9:", "invalid trailing UTF-8 octet");
	refused("a: 1\nbb: 2\x01\n", "r.yaml:2:6:", "control characters are not allowed");
}
