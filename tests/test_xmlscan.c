/* The start-tag scanner: every element's place, in document order, whatever comes between. */
#include <criterion/criterion.h>
#include "helpers.h"
#include "reading/xmlscan.h"

static void expect(co_xscan *s, const char *name, int line, int col)
{
	int l, c;
	cr_assert_eq(co_xscan_next(s, name, &l, &c), 0, "<%s> expected at %d:%d", name, line, col);
	cr_assert_eq(l, line, "<%s>: line %d, expected %d", name, l, line);
	cr_assert_eq(c, col, "<%s>: column %d, expected %d", name, c, col);
}

Test(xmlscan, places_each_start_tag_past_comments_cdata_and_instructions)
{
	const char *p = t_write(t_dir(), "s.xml",
	                        "<?xml version=\"1.0\"?>\n"
	                        "<!-- <bid ref=\"not me\"> -->\n"
	                        "<m:marks xmlns:m=\"urn:x\" a=\"x>y\">\n"
	                        "  <?pi <bid?><bid ref=\"1\"><![CDATA[<question>]]><question\n"
	                        "     ref=\"Q1\"/></bid>\xC3\xA9<bid/>\n"
	                        "</m:marks>\n");
	co_xscan s;
	cr_assert_eq(co_xscan_open(&s, p), 0);
	expect(&s, "marks", 3, 1);
	expect(&s, "bid", 4, 14);
	expect(&s, "question", 4, 49);
	expect(&s, "bid", 5, 24); /* columns count bytes: the e-acute before it is two */
	int l, c;
	cr_assert_eq(co_xscan_next(&s, "bid", &l, &c), -1, "no more start tags");
	cr_assert_eq(l, 0);
	co_xscan_close(&s);
}

Test(xmlscan, a_tag_with_another_name_loses_the_scanner_for_good)
{
	const char *p = t_write(t_dir(), "s.xml", "<a><b/><c/></a>");
	co_xscan s;
	int l, c;
	cr_assert_eq(co_xscan_open(&s, p), 0);
	expect(&s, "a", 1, 1);
	cr_assert_eq(co_xscan_next(&s, "c", &l, &c), -1, "<b> comes first");
	cr_assert_eq(co_xscan_next(&s, "c", &l, &c), -1, "once lost, always lost");
	co_xscan_close(&s);
	cr_assert_eq(co_xscan_open(&s, "/nonexistent/s.xml"), -1);
	cr_assert_eq(co_xscan_next(&s, "a", &l, &c), -1);
	co_xscan_close(&s);
}

Test(xmlscan, places_tags_across_buffer_refills)
{
	/* 70,000 bytes of text push the second tag past the first 64 KiB buffer. */
	size_t n = 70000;
	char *x = malloc(n + 64);
	strcpy(x, "<a>\n");
	memset(x + 4, 'x', n);
	strcpy(x + 4 + n, "<b/></a>");
	const char *p = t_write(t_dir(), "s.xml", x);
	free(x);
	co_xscan s;
	cr_assert_eq(co_xscan_open(&s, p), 0);
	expect(&s, "a", 1, 1);
	expect(&s, "b", 2, (int)n + 1);
	co_xscan_close(&s);
}

Test(xmlscan, notes_the_line_of_a_doctype_passed_over)
{
	const char *p = t_write(t_dir(), "s.xml",
	                        "<?xml version=\"1.0\"?>\n<!-- <!DOCTYPE not this one> -->\n"
	                        "<!DOCTYPE m [<!ENTITY x \"a>b\">]>\n<m>&x;</m>\n");
	co_xscan s;
	cr_assert_eq(co_xscan_open(&s, p), 0);
	cr_assert_eq(s.doctype_line, 0);
	expect(&s, "m", 4, 1);
	cr_assert_eq(s.doctype_line, 3, "the DOCTYPE, not the one in a comment (line %d)", s.doctype_line);
	co_xscan_close(&s);
}
