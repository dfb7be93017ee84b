/* Reading XML safely: a valid document with its elements located, a refused one located, text read exactly or trimmed. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "reading/xmldoc.h"
#include "helpers.h"

/* Lines and columns are 1-based; column 3 of line 3 is the "<" of <supplier>. The name's text holds a newline. */
static const char *bid_text =
	"<?xml version=\"1.0\"?>\n"
	"<bid xmlns=\"urn:calloff:bid:1\" id=\"B-1\" competition=\"T-1\">\n"
	"  <supplier id=\"GB-COH-1\"><name>  Acme\tCare \n</name></supplier>\n"
	"  <submitted>2026-11-01T12:00:00Z</submitted>\n"
	"  <responses>\n"
	"    <response question=\"Q1\"> one <!-- a note -->two </response>\n"
	"    <response question=\"Q2\">\xC3\xA9t\xC3\xA9 <![CDATA[<b>]]></response>\n"
	"  </responses>\n"
	"</bid>\n";

typedef struct {
	co_xschema *schema;
	co_xdoc doc;
	char path[600];
} loaded;

static void load(loaded *l, const char *text)
{
	snprintf(l->path, sizeof(l->path), "%s", t_write(t_dir(), "x.xml", text));
	cr_assert_eq(co_xschema_load(&l->schema, CO_SCHEMA_BID), 0);
	co_diags *d = co_diags_new();
	cr_assert_eq(co_xdoc_load(&l->doc, l->path, NULL, l->schema, CO_BID_MAX_BYTES, d, NULL), 0, "%s", t_diags_text(d));
	co_diags_free(d);
}

static void unload(loaded *l)
{
	co_xdoc_free(&l->doc);
	co_xschema_free(l->schema);
}

/* The n-th element child of node (0-based). */
static xmlNode *child(xmlNode *node, int n)
{
	for (xmlNode *c = node->children; c; c = c->next)
		if (c->type == XML_ELEMENT_NODE && n-- == 0)
			return c;
	cr_assert_fail("no such child");
	return NULL;
}

Test(xmldoc, each_element_is_located_at_its_start_tag)
{
	loaded l;
	load(&l, bid_text);
	xmlNode *root = xmlDocGetRootElement(l.doc.doc);
	int line, col;
	co_xdoc_where(&l.doc, root, &line, &col);
	cr_assert_eq(line, 2);
	cr_assert_eq(col, 1);
	co_xdoc_where(&l.doc, child(root, 0), &line, &col);
	cr_assert_eq(line, 3, "<supplier>");
	cr_assert_eq(col, 3);
	xmlNode *name = child(child(root, 0), 0);
	co_xdoc_where(&l.doc, name, &line, &col);
	cr_assert_eq(line, 3, "<name>");
	cr_assert_eq(col, 27);
	xmlNode *q2 = child(child(root, 2), 1);
	co_xdoc_where(&l.doc, q2, &line, &col);
	cr_assert_eq(line, 8, "the second <response> (the name's text holds a newline): line %d", line);
	cr_assert_eq(col, 5, "col %d", col);
	cr_assert(co_xml_is(q2, "response"));
	cr_assert(!co_xml_is(q2, "responses"));
	cr_assert(!co_xml_is(q2->children, "response"), "a text node is no element");
	cr_assert(!co_xml_is(NULL, "response"));
	unload(&l);
}

Test(xmldoc, text_is_read_exactly_or_trimmed_of_xml_whitespace_only)
{
	loaded l;
	load(&l, bid_text);
	xmlNode *root = xmlDocGetRootElement(l.doc.doc);
	xmlNode *name = child(child(root, 0), 0);
	char *t = co_xml_text_trim(name);
	cr_assert_str_eq(t, "Acme\tCare", "space, tab and newline trimmed at both ends, kept inside");
	free(t);
	t = co_xml_text(name);
	cr_assert_str_eq(t, "  Acme\tCare \n");
	free(t);
	cr_assert_str_eq(co_xml_text_ref(name), "  Acme\tCare \n", "one text node: borrowed, no copy");
	/* A comment splits Q1's text in two: no borrowed text, but the copy joins it. */
	xmlNode *q1 = child(child(root, 2), 0), *q2 = child(child(root, 2), 1);
	cr_assert_null(co_xml_text_ref(q1));
	t = co_xml_text(q1);
	cr_assert_str_eq(t, " one two ");
	free(t);
	t = co_xml_text(q2);
	cr_assert_str_eq(t, "\xC3\xA9t\xC3\xA9 <b>", "CDATA is text");
	free(t);
	char *id = co_xml_attr(q2, "question");
	cr_assert_str_eq(id, "Q2");
	free(id);
	cr_assert_null(co_xml_attr(q2, "missing"));
	char *copy = NULL;
	cr_assert_str_eq(co_xml_attr_ref(root, "competition", &copy), "T-1");
	cr_assert_null(copy, "one piece: borrowed");
	unload(&l);
}

Test(xmldoc, a_malformed_file_is_refused_with_its_place)
{
	co_xschema *schema = NULL;
	cr_assert_eq(co_xschema_load(&schema, CO_SCHEMA_BID), 0);
	const char *path = t_write(t_dir(), "bad.xml", "<?xml version=\"1.0\"?>\n<bid>\n  <a></b>\n</bid>\n");
	co_diags *d = co_diags_new();
	co_xdoc doc;
	cr_assert_eq(co_xdoc_load(&doc, path, NULL, schema, CO_BID_MAX_BYTES, d, NULL), CO_EINVALID);
	cr_assert_geq(co_diags_count(d), 1);
	char want[640];
	snprintf(want, sizeof(want), "%s:3:", path);
	cr_assert_eq(strncmp(co_diags_at(d, 0), want, strlen(want)), 0, "the mismatched tag's line: %s", co_diags_at(d, 0));
	co_diags_free(d);
	co_xschema_free(schema);
}

Test(xmldoc, a_schema_invalid_file_is_refused_but_its_tree_is_given_when_asked)
{
	co_xschema *schema = NULL;
	cr_assert_eq(co_xschema_load(&schema, CO_SCHEMA_BID), 0);
	const char *path = t_write(t_dir(), "inv.xml",
	                           "<?xml version=\"1.0\"?>\n<bid xmlns=\"urn:calloff:bid:1\" id=\"B-9\" competition=\"T-1\">\n"
	                           "  <unexpected/>\n</bid>\n");
	co_diags *d = co_diags_new();
	co_xdoc doc;
	xmlDocPtr partial = NULL;
	cr_assert_eq(co_xdoc_load(&doc, path, NULL, schema, CO_BID_MAX_BYTES, d, &partial), CO_EINVALID);
	cr_assert_not_null(partial, "well formed: the tree is given, to read ids from");
	char *id = co_xml_attr(xmlDocGetRootElement(partial), "id");
	cr_assert_str_eq(id, "B-9");
	free(id);
	char want[640];
	snprintf(want, sizeof(want), "%s:3:3: ", path);
	cr_assert_eq(strncmp(co_diags_at(d, 0), want, strlen(want)), 0, "at the unexpected element: %s", co_diags_at(d, 0));
	xmlFreeDoc(partial);
	co_diags_free(d);
	co_xschema_free(schema);
}

Test(xmldoc, a_file_over_the_limit_is_refused_before_it_is_parsed)
{
	co_xschema *schema = NULL;
	cr_assert_eq(co_xschema_load(&schema, CO_SCHEMA_BID), 0);
	const char *path = t_write(t_dir(), "big.xml", bid_text);
	co_diags *d = co_diags_new();
	co_xdoc doc;
	cr_assert_eq(co_xdoc_load(&doc, path, NULL, schema, 100, d, NULL), CO_ETOOBIG);
	cr_assert(strstr(co_diags_at(d, 0), ":1:1: file is "), "%s", co_diags_at(d, 0));
	co_diags_free(d);
	co_xschema_free(schema);
}
