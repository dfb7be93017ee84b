/* XML written by hand: every special character escaped, and comments that stay comments whatever the text. */
#include <criterion/criterion.h>
#include <libxml/parser.h>
#include <stdlib.h>
#include <string.h>
#include "base/xmlout.h"

static char *escaped(const char *s)
{
	co_strbuf b = {0};
	co_xml_escape(&b, s);
	return co_strbuf_take(&b);
}

static char *comment(const char *indent, const char *s)
{
	co_strbuf b = {0};
	co_xml_comment(&b, indent, s);
	return co_strbuf_take(&b);
}

Test(xmlout, the_five_special_characters_are_escaped_and_nothing_else)
{
	char *s = escaped("a&b<c>d\"e'f");
	cr_assert_str_eq(s, "a&amp;b&lt;c&gt;d&quot;e&#39;f");
	free(s);
	s = escaped("&&<<\xC3\xA9t\xC3\xA9 plain");
	cr_assert_str_eq(s, "&amp;&amp;&lt;&lt;\xC3\xA9t\xC3\xA9 plain", "UTF-8 as it is");
	free(s);
	s = escaped("&amp;");
	cr_assert_str_eq(s, "&amp;amp;", "an entity in the text is text");
	free(s);
	s = escaped(NULL);
	cr_assert_str_eq(s, "");
	free(s);
}

Test(xmlout, escaped_text_reads_back_as_itself_in_an_attribute_and_an_element)
{
	const char *text = "<script>alert('x' & \"y\")</script>";
	char *e = escaped(text);
	char doc[512];
	snprintf(doc, sizeof(doc), "<r a=\"%s\" b='%s'>%s</r>", e, e, e);
	xmlDocPtr d = xmlReadMemory(doc, (int)strlen(doc), "x.xml", NULL, XML_PARSE_NONET | XML_PARSE_NOERROR);
	cr_assert_not_null(d, "well formed: %s", doc);
	xmlNodePtr r = xmlDocGetRootElement(d);
	xmlChar *a = xmlGetProp(r, BAD_CAST "a"), *b = xmlGetProp(r, BAD_CAST "b"), *c = xmlNodeGetContent(r);
	cr_assert_str_eq((char *)a, text);
	cr_assert_str_eq((char *)b, text, "safe in single quotes too");
	cr_assert_str_eq((char *)c, text);
	xmlFree(a);
	xmlFree(b);
	xmlFree(c);
	xmlFreeDoc(d);
	free(e);
}

Test(xmlout, a_comment_never_holds_a_double_dash_nor_ends_in_a_dash)
{
	char *s = comment("  ", "a--b");
	cr_assert_str_eq(s, "  <!-- a- -b -->\n");
	free(s);
	s = comment("", "ends-");
	cr_assert_str_eq(s, "<!-- ends-  -->\n");
	free(s);
	s = comment("", "-->");
	cr_assert_str_eq(s, "<!-- - -> -->\n", "a comment's end in the text cannot close it");
	free(s);
	s = comment("", NULL);
	cr_assert_str_eq(s, "<!--  -->\n");
	free(s);
}

Test(xmlout, every_mix_of_dashes_makes_a_well_formed_comment_with_the_text_kept)
{
	/* Every string of up to 8 characters over {'-', 'x', '>'}: parsed back, the comment is the text plus spaces. */
	const char alphabet[] = "-x>";
	size_t checked = 0;
	for (int len = 0; len <= 8; len++) {
		long total = 1;
		for (int i = 0; i < len; i++)
			total *= 3;
		for (long k = 0; k < total; k++) {
			char text[16];
			long v = k;
			for (int i = 0; i < len; i++, v /= 3)
				text[i] = alphabet[v % 3];
			text[len] = '\0';
			char *c = comment("", text);
			char doc[128];
			snprintf(doc, sizeof(doc), "<r>%s</r>", c);
			xmlDocPtr d = xmlReadMemory(doc, (int)strlen(doc), "c.xml", NULL, XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
			cr_assert_not_null(d, "'%s' makes %s", text, c);
			xmlNodePtr n = xmlDocGetRootElement(d)->children;
			cr_assert_eq(n->type, XML_COMMENT_NODE, "'%s': one comment", text);
			xmlNodePtr after = n->next; /* the comment's own newline, and nothing else */
			cr_assert(after && after->type == XML_TEXT_NODE && strcmp((const char *)after->content, "\n") == 0 && !after->next,
			          "'%s': nothing after the comment but its newline", text);
			/* The comment's content without spaces is the text (the text has none of its own). */
			char kept[64];
			size_t o = 0;
			for (const char *p = (const char *)n->content; *p; p++)
				if (*p != ' ')
					kept[o++] = *p;
			kept[o] = '\0';
			cr_assert_str_eq(kept, text, "'%s' is kept", text);
			xmlFreeDoc(d);
			free(c);
			checked++;
		}
	}
	cr_assert_eq(checked, (size_t)(1 + 3 + 9 + 27 + 81 + 243 + 729 + 2187 + 6561));
}
