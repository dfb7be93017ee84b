/* Marks files: every input error of FORMATS.md 3 is found, with its line and column. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <unistd.h>
#include "helpers.h"
#include "reading/marks.h"
#include "reading/xmldoc.h"
#include <libxml/parser.h>

static co_rules *rules;

static void setup(void)
{
	const char *p = t_write(t_dir(), "rules.yaml",
	                        RULES_HEAD "award: {mode: top_n, n: 1}\nweights: {quality: 100, price: 0}\n"
	                                   "questions:\n  - {id: Q1, weight: 50}\n  - {id: Q2, weight: 50}\n");
	cr_assert_eq(co_rules_load(&rules, p, NULL), 0);
}

static void teardown(void)
{
	co_rules_free(rules);
}

TestSuite(marks, .init = setup, .fini = teardown);

static const char *ids[] = {"B1", "B2"};

static co_diags *check(const char *xml, int *rc)
{
	co_marks *m = NULL;
	co_diags *d = co_diags_new();
	*rc = co_marks_read(&m, t_write(t_dir(), "marks.xml", xml), NULL, rules, 1, d);
	if (*rc == 0)
		*rc = co_marks_check(m, ids, 2, d);
	co_marks_free(m);
	return d;
}

static void invalid(const char *xml, const char *where, const char *what)
{
	int rc;
	co_diags *d = check(xml, &rc);
	cr_assert_eq(rc, CO_EINVALID, "must be refused:\n%s", xml);
	int found = 0;
	for (size_t i = 0; i < co_diags_count(d); i++)
		if (strstr(co_diags_at(d, i), where) && strstr(co_diags_at(d, i), what))
			found = 1;
	cr_assert(found, "expected '%s' at '%s' in:\n%s", what, where, t_diags_text(d));
	co_diags_free(d);
}

Test(marks, reads_marks_and_moderation)
{
	co_marks *m = NULL;
	char *x = t_marks("T-1", 3, "B2:Q1=4,3,5/4;Q2=2,_,3|B1:Q1=1,1,1");
	cr_assert_eq(co_marks_read(&m, t_write(t_dir(), "m.xml", x), NULL, rules, 1, NULL), 0);
	free(x);
	cr_assert_eq(m->nev, 3);
	const co_bidmarks *b = co_marks_bid(m, "B2");
	cr_assert_not_null(b, "bids are found by id whatever their order in the file");
	const co_qmarks *q = co_marks_question(b, 0);
	cr_assert_eq(q->n, 3);
	cr_assert_eq(co_qmarks_marks(b, q)[2].value, 5);
	cr_assert_str_eq(m->evaluators[co_qmarks_marks(b, q)[2].evaluator], "E3");
	cr_assert(q->has_moderated);
	cr_assert_eq(q->moderated, 4);
	co_strbuf why = {0};
	const char *t = NULL;
	cr_assert_eq(co_marks_moderated_rationale(m, b, q, &why, &t), 0);
	cr_assert_str_eq(t, "agreed");
	cr_assert_eq(co_marks_rationale(m, b, q, 0, &why, &t), 0);
	cr_assert_str_eq(t, "note", "rationales are kept when asked for");
	const co_qmarks *q2 = co_marks_question(b, 1);
	cr_assert_eq(q2->n, 2, "a missing evaluator mark is allowed");
	cr_assert_str_eq(m->evaluators[co_qmarks_marks(b, q2)[1].evaluator], "E3", "the marks keep their evaluators");
	cr_assert_null(co_marks_question(co_marks_bid(m, "B1"), 1), "B1 has no entry for Q2");
	cr_assert_null(co_marks_bid(m, "B3"));
	co_marks_free(m);

	x = t_marks("T-1", 3, "B2:Q1=4,3,5/4");
	cr_assert_eq(co_marks_read(&m, t_write(t_dir(), "m.xml", x), NULL, rules, 0, NULL), 0);
	free(x);
	b = co_marks_bid(m, "B2");
	cr_assert_eq(co_marks_question(b, 0)->moderated, 4, "the numbers are read without the rationales");
	cr_assert_eq(co_marks_rationale(m, b, co_marks_question(b, 0), 0, &why, &t), 0);
	cr_assert_null(t, "not kept: no rationale");
	cr_assert_eq(co_marks_moderated_rationale(m, b, co_marks_question(b, 0), &why, &t), 0);
	cr_assert_null(t);
	co_marks_free(m);
	co_strbuf_end(&why);
}

Test(marks, a_valid_file_passes_the_checks)
{
	int rc;
	char *x = t_marks("T-1", 2, "B1:Q1=4,5;Q2=0,5|B2:Q1=3,3/3");
	co_diags *d = check(x, &rc);
	free(x);
	cr_assert_eq(rc, 0, "%s", t_diags_text(d));
	co_diags_free(d);
}

Test(marks, off_scale_marks_are_errors)
{
	/* Line 6 holds <question ref="Q1"><mark E1/><mark E2/>: E2's mark starts at column 66. */
	char *x = t_marks("T-1", 2, "B1:Q1=4,6");
	invalid(x, ":6:66:", "mark by 'E2' for bid 'B1' question 'Q1' is off the scale");
	free(x);
	x = t_marks("T-1", 2, "B1:Q1=4,-1");
	invalid(x, ":6:66:", "off the scale");
	free(x);
	x = t_marks("T-1", 2, "B1:Q1=4,4/9");
	invalid(x, ":6:", "moderated mark for bid 'B1' question 'Q1' is off the scale");
	free(x);
	x = t_marks("T-1", 2, "B1:Q1=4,99999999999999999999999");
	invalid(x, ":6:66:", "off the scale");
	free(x);
}

/*
 * Every way xs:integer may write a mark reads as its value: a sign, leading zeros, the spaces
 * an attribute's value may carry; ten digits and more are read too, and are off the scale.
 */
Test(marks, every_lexical_form_of_a_mark_reads_as_its_value)
{
	static const struct {
		char text[80];
		int value; /* -1: off the scale */
	} forms[] = {{"3", 3}, {"+3", 3}, {"003", 3}, {"-0", 0}, {"+0", 0}, {" 4 ", 4}, {"000000000005", 5},
	             {"\t+5\n", 5}, {"-1", -1}, {"6", -1}, {"1000000000", -1}, {"-000000000001", -1},
	             {"99999999999999999999999", -1},
	             /* Leading zeros of any number: still the mark (issue 18: 40 zeros were off the scale). */
	             {"00000000000000000000000000000000000000004", 4}, {"-0000000000000000000000000000000000000000", 0},
	             {"+000000000000000000000000000000000000000000000000000000000002", 2},
	             {"000000000000000000000000000000000000000010000000000000000000", -1}};
	for (size_t k = 0; k < sizeof(forms) / sizeof(*forms); k++) {
		char x[2048];
		snprintf(x, sizeof(x),
		         "<?xml version=\"1.0\"?>\n<marks xmlns=\"urn:calloff:marks:1\" competition=\"T-1\">\n"
		         "<evaluator id=\"E1\"/>\n<bid ref=\"B1\"><question ref=\"Q1\"><mark evaluator=\"E1\" value=\"%s\"/>"
		         "</question><question ref=\"Q2\"><mark evaluator=\"E1\" value=\"1\"/></question></bid>\n</marks>\n",
		         forms[k].text);
		co_marks *m = NULL;
		co_diags *d = co_diags_new();
		int rc = co_marks_read(&m, t_write(t_dir(), "forms.xml", x), NULL, rules, 0, d);
		if (forms[k].value < 0) {
			cr_assert(rc != 0 || m->errors > 0, "'%s' must be off the scale", forms[k].text);
			cr_assert(strstr(t_diags_text(d), "off the scale"), "'%s': %s", forms[k].text, t_diags_text(d));
		} else {
			cr_assert_eq(rc, 0, "'%s': %s", forms[k].text, t_diags_text(d));
			cr_assert_eq(m->errors, 0, "'%s': %s", forms[k].text, t_diags_text(d));
			const co_bidmarks *b = co_marks_bid(m, "B1");
			const co_qmarks *q = co_marks_question(b, 0);
			cr_assert_eq(q->n, 1);
			cr_assert_eq(co_qmarks_marks(b, q)[0].value, forms[k].value, "'%s' reads as %d", forms[k].text, (int)co_qmarks_marks(b, q)[0].value);
		}
		co_marks_free(m);
		co_diags_free(d);
	}
}

Test(marks, undeclared_evaluator_is_an_error_with_its_column)
{
	invalid("<marks xmlns=\"urn:calloff:marks:1\" competition=\"T-1\">\n<evaluator id=\"E1\"/>\n<bid ref=\"B1\">\n"
	        "  <question ref=\"Q1\"><mark evaluator=\"E1\" value=\"3\"/>  <mark evaluator=\"E7\" value=\"3\"/></question>\n"
	        "</bid>\n</marks>\n",
	        ":4:56:", "undeclared evaluator 'E7'");
}

Test(marks, unknown_bid_or_question_is_an_error)
{
	char *x = t_marks("T-1", 1, "B1:Q1=3|B9:Q1=3");
	invalid(x, ":7:3:", "unknown bid 'B9'");
	free(x);
	x = t_marks("T-1", 1, "B1:Q1=3;Q7=3");
	invalid(x, ":6:5:", "unknown question 'Q7'");
	free(x);
}

Test(marks, wrong_competition_is_an_error)
{
	char *x = t_marks("T-2", 1, "B1:Q1=3");
	invalid(x, ":2:1:", "marks are for competition 'T-2'");
	free(x);
}

Test(marks, structural_errors_come_from_the_schema_with_location)
{
	invalid("<marks xmlns=\"urn:calloff:marks:1\" competition=\"T-1\">\n<evaluator id=\"E1\"/>\n<bid ref=\"B1\">\n"
	        "<question ref=\"Q1\"><mark evaluator=\"E1\" value=\"three\"/></question>\n</bid>\n</marks>\n",
	        ":4:", "value");
	invalid("<marks xmlns=\"urn:calloff:marks:1\" competition=\"T-1\">\n<bid ref=\"B1\"/>\n</marks>\n", ":2:1:",
	        "evaluator");
}

Test(marks, errors_are_placed_exactly_on_a_one_line_file)
{
	/* Everything on line 1: the unknown question of the second bid is its second <question>. */
	const char *x = "<marks xmlns=\"urn:calloff:marks:1\" competition=\"T-1\"><evaluator id=\"E1\"/>"
	                "<!-- <question ref=\"Q1\"> in a comment is no element -->"
	                "<bid ref=\"B1\"><question ref=\"Q1\"><mark evaluator=\"E1\" value=\"3\"/></question></bid>"
	                "<bid ref=\"B2\"><question ref=\"Q9\"><mark evaluator=\"E1\" value=\"3\"/></question></bid></marks>";
	const char *q9 = strstr(x, "<question ref=\"Q9\"");
	char where[32];
	snprintf(where, sizeof(where), ":1:%d:", (int)(q9 - x) + 1);
	invalid(x, where, "unknown question 'Q9'");
}

/* Over the 64 MiB a whole-tree read allowed: read as a stream, the file is never held whole. */
Test(marks, a_file_over_64_mib_streams_in_bounded_memory)
{
	char path[4096];
	snprintf(path, sizeof(path), "%s/big.xml", t_dir());
	FILE *f = fopen(path, "w");
	cr_assert_not_null(f);
	char *why = malloc(90001);
	memset(why, 'w', 90000);
	why[90000] = '\0';
	for (size_t i = 0; i < 90000; i += 10)
		why[i] = ' ';
	fputs("<marks xmlns=\"urn:calloff:marks:1\" competition=\"T-1\"><evaluator id=\"E1\"/>\n", f);
	for (int b = 0; b < 800; b++)
		fprintf(f, "<bid ref=\"B%d\"><question ref=\"Q1\"><mark evaluator=\"E1\" value=\"%d\">%s</mark></question></bid>\n",
		        b, b % 6, why);
	fputs("</marks>\n", f);
	free(why);
	cr_assert(ftell(f) > 64L * 1024 * 1024, "the file is over 64 MiB");
	fclose(f);
	co_marks *m = NULL;
	co_diags *d = co_diags_new();
	cr_assert_eq(co_marks_read(&m, path, NULL, rules, 0, d), 0, "%s", t_diags_text(d));
	cr_assert_eq(m->nb, 800);
	const co_bidmarks *b = co_marks_bid(m, "B799");
	const co_qmarks *q = co_marks_question(b, 0);
	cr_assert_eq(co_qmarks_marks(b, q)[0].value, 799 % 6);
	co_marks_free(m);
	co_diags_free(d);
#ifndef CO_SANITIZED
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	cr_assert_lt(ru.ru_maxrss, 40 * 1024, "the peak stays far below the file's size (%ld KB)", ru.ru_maxrss);
#endif
}

/* The uniqueness the engine checks (cheaper than xs:unique on a stream): each one at the second entry. */
Test(marks, evaluators_bids_questions_and_marks_appear_once)
{
	invalid("<marks xmlns=\"urn:calloff:marks:1\" competition=\"T-1\">\n<evaluator id=\"E1\"/>\n<bid ref=\"B1\">\n"
	        "<question ref=\"Q1\"><mark evaluator=\"E1\" value=\"3\"/><mark evaluator=\"E1\" value=\"4\"/></question>\n"
	        "</bid>\n</marks>\n",
	        ":4:52:", "a second mark by 'E1' for bid 'B1' question 'Q1'");
	invalid("<marks xmlns=\"urn:calloff:marks:1\" competition=\"T-1\">\n<evaluator id=\"E1\"/> <evaluator id=\"E1\"/>\n"
	        "<bid ref=\"B1\"/>\n</marks>\n",
	        ":2:22:", "evaluator 'E1' is declared twice");
	invalid("<marks xmlns=\"urn:calloff:marks:1\" competition=\"T-1\">\n<evaluator id=\"E1\"/>\n<bid ref=\"B1\">\n"
	        "<question ref=\"Q1\"/>\n  <question ref=\"Q1\"/>\n</bid>\n</marks>\n",
	        ":5:3:", "a second entry for question 'Q1' in bid 'B1' (the first is at line 4)");
	char *x = t_marks("T-1", 1, "B2:Q1=3|B1:Q1=3|B2:Q2=4");
	invalid(x, ":10:3:", "a second entry for bid 'B2' (the first is at line 4)");
	free(x);
}

/* Found by fuzzing: a parse error while the schema is plugged into the stream crashed libxml2's reader relay. */
Test(marks, a_file_cut_inside_a_start_tag_is_refused_with_its_place)
{
	invalid("<ms xef=\"\n", ":2:1:", "AttValue");
	invalid("<marks xmlns=\"urn:calloff:marks:1\" competition=\"T-1\"><evaluator id=\"E1\"/><bid ref=\"B1", ":1:",
	        "expected");
}

Test(marks, the_top_of_the_widest_scale_and_the_hundredth_evaluator_are_held_exactly)
{
	/* A mark holds its evaluator in 8 bits and its value in 24: both limits with room to spare. */
	co_rules *wide = NULL;
	const char *p = t_write(t_dir(), "wide.yaml",
	                        "calloff: 1\ncompetition: {id: T-1, lot: {id: \"1\"}, deadline: 2026-12-01T12:00:00Z}\n"
	                        "scale: {marks: [0, 999999, 1000000]}\naward: {mode: top_n, n: 1}\n"
	                        "weights: {quality: 100, price: 0}\nquestions:\n  - {id: Q1, weight: 100}\n");
	cr_assert_eq(co_rules_load(&wide, p, NULL), 0);
	char spec[2048] = "B1:Q1=";
	for (int e = 1; e <= 100; e++)
		strcat(spec, e == 100 ? "1000000" : e % 2 ? "999999," : "0,");
	strcat(spec, "/1000000");
	char *x = t_marks("T-1", 100, spec);
	co_marks *m = NULL;
	co_diags *d = co_diags_new();
	cr_assert_eq(co_marks_read(&m, t_write(t_dir(), "m.xml", x), NULL, wide, 0, d), 0, "%s", t_diags_text(d));
	free(x);
	const co_bidmarks *b = co_marks_bid(m, "B1");
	const co_qmarks *q = co_marks_question(b, 0);
	cr_assert_eq(q->n, 100);
	cr_assert_eq(co_qmarks_marks(b, q)[99].value, 1000000);
	cr_assert_eq(co_qmarks_marks(b, q)[98].value, 999999);
	cr_assert_eq(co_qmarks_marks(b, q)[97].value, 0);
	cr_assert_str_eq(m->evaluators[co_qmarks_marks(b, q)[99].evaluator], "E100");
	cr_assert_eq(q->moderated, 1000000);
	co_marks_free(m);
	co_diags_free(d);
	co_rules_free(wide);
}

/* ---- rationales read back from the file (issue 19): the text the reader was given, or an error ---- */

/*
 * Every kept rationale of the marks file at path, read back, compared with what the reader used
 * to hold: co_xml_text_trim() of the element, each <bid> expanded from a stream read with the
 * marks reader's options and schema (as co_marks_read did when it kept the texts). Returns the
 * number of rationales compared.
 */
static size_t same_as_tree(const co_marks *m, const co_rules *r, const char *path)
{
	co_xschema *schema = NULL;
	cr_assert_eq(co_xschema_load(&schema, CO_SCHEMA_MARKS), 0);
	co_xstream s;
	cr_assert_eq(co_xstream_open(&s, path, NULL, schema, CO_MARKS_MAX_BYTES, NULL), 0, "%s opens", path);
	xmlTextReaderPtr reader = s.reader;
	co_strbuf why = {0};
	size_t n = 0;
	int step = xmlTextReaderRead(reader);
	while (step == 1) {
		const char *name = (const char *)xmlTextReaderConstLocalName(reader);
		if (xmlTextReaderNodeType(reader) != XML_READER_TYPE_ELEMENT || xmlTextReaderDepth(reader) != 1 ||
		    strcmp(name, "bid") != 0) {
			step = xmlTextReaderRead(reader);
			continue;
		}
		xmlNode *bn = xmlTextReaderExpand(reader);
		cr_assert_not_null(bn);
		char *ref = co_xml_attr(bn, "ref");
		const co_bidmarks *b = co_marks_bid(m, ref);
		cr_assert_not_null(b, "bid %s", ref);
		free(ref);
		for (xmlNode *qn = bn->children; qn; qn = qn->next) {
			if (!co_xml_is(qn, "question"))
				continue;
			char *qref = co_xml_attr(qn, "ref");
			const co_qmarks *q = co_marks_question(b, (size_t)co_rules_find_question(r, qref));
			free(qref);
			cr_assert_not_null(q);
			size_t k = 0;
			for (xmlNode *c = qn->children; c; c = c->next) {
				int mod = co_xml_is(c, "moderated");
				if (!mod && !co_xml_is(c, "mark"))
					continue;
				char *want = co_xml_text_trim(c);
				const char *got = NULL;
				int rc = mod ? co_marks_moderated_rationale(m, b, q, &why, &got) : co_marks_rationale(m, b, q, k++, &why, &got);
				cr_assert_eq(rc, 0, "%s: rationale %zu of bid %s reads back", path, n, b->bid);
				cr_assert_not_null(got);
				cr_assert_str_eq(got, want, "%s: bid %s: byte for byte", path, b->bid);
				free(want);
				n++;
			}
			/* The feedback: the element's text, trimmed; none (NULL) without one or with only white space. */
			const xmlNode *fb = NULL;
			for (xmlNode *c = qn->children; c; c = c->next)
				if (co_xml_is(c, "feedback"))
					fb = c;
			char *want = fb ? co_xml_text_trim(fb) : NULL;
			const char *got = "unset";
			cr_assert_eq(co_marks_feedback(m, b, q, &why, &got), 0, "%s: feedback of bid %s reads back", path, b->bid);
			if (want && *want)
				cr_assert_str_eq(got, want, "%s: bid %s: feedback byte for byte", path, b->bid);
			else
				cr_assert_null(got, "%s: bid %s: no feedback", path, b->bid);
			free(want);
		}
		step = xmlTextReaderNext(reader);
	}
	cr_assert_eq(step, 0, "%s streams to its end", path);
	co_strbuf_end(&why);
	co_xstream_close(&s);
	co_xschema_free(schema);
	return n;
}

static co_marks *read_kept(const char *path, const co_rules *r)
{
	co_marks *m = NULL;
	co_diags *d = co_diags_new();
	cr_assert_eq(co_marks_read(&m, path, NULL, r, 1, d), 0, "%s", t_diags_text(d));
	co_diags_free(d);
	return m;
}

/* Rationales that exercise every way XML writes text: each must come back as the parser gave it. */
static const char *const hand_made =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<m:marks xmlns:m=\"urn:calloff:marks:1\" competition=\"T-1\">\n<m:evaluator id=\"E1\"/><m:evaluator id='E2'/>\n"
    "<m:bid ref=\"B1\">\n"
    "  <m:question ref=\"Q1\"><m:mark evaluator=\"E1\" value=\"3\">Fish &amp; chips &#x2019;quoted&#8217; &lt;b&gt; caf\xc3\xa9</m:mark>"
    "<m:mark value='4' evaluator='E2'  >  <![CDATA[a <raw> & ]] section]]> then text <!-- a comment -->after<?pi data?>.  </m:mark>"
    "<m:moderated value=\"4\">\n  Line one\n  line two\r\n  line three\rend\t\n</m:moderated></m:question>\n"
    "  <m:question ref=\"Q2\"><m:mark evaluator=\"E1\" value=\"1\"/><m:mark evaluator=\"E2\" value=\"2\"></m:mark>"
    "<m:moderated value=\"2\">   </m:moderated></m:question>\n"
    "</m:bid>\n"
    "<m:bid ref=\"B2\"><m:question ref=\"Q1\"><m:mark evaluator=\"E1\" value=\"5\">&#65;&#x42;&#x43;&quot;&apos;</m:mark></m:question></m:bid>\n"
    "</m:marks>\n";

Test(marks, rationales_read_back_exactly_as_the_reader_decoded_them)
{
	const char *path = t_write(t_dir(), "hand.xml", hand_made);
	co_marks *m = read_kept(path, rules);
	cr_assert_eq(same_as_tree(m, rules, path), 7);
	/* The expected texts, written out: what a reader of the XML would say they are. */
	co_strbuf why = {0};
	const char *t;
	const co_bidmarks *b = co_marks_bid(m, "B1");
	const co_qmarks *q = co_marks_question(b, 0);
	cr_assert_eq(co_marks_rationale(m, b, q, 0, &why, &t), 0);
	cr_assert_str_eq(t, "Fish & chips \xe2\x80\x99quoted\xe2\x80\x99 <b> caf\xc3\xa9");
	cr_assert_eq(co_marks_rationale(m, b, q, 1, &why, &t), 0);
	/* libxml2 2.9.14's reader, as co_marks_read uses it, gives a CDATA section no text: nor does the read-back. */
	cr_assert_str_eq(t, "then text after.");
	cr_assert_eq(co_marks_moderated_rationale(m, b, q, &why, &t), 0);
	cr_assert_str_eq(t, "Line one\n  line two\n  line three\nend", "line ends as XML normalises them");
	q = co_marks_question(b, 1);
	cr_assert_eq(co_marks_rationale(m, b, q, 0, &why, &t), 0);
	cr_assert_str_eq(t, "");
	cr_assert_eq(co_marks_moderated_rationale(m, b, q, &why, &t), 0);
	cr_assert_str_eq(t, "");
	b = co_marks_bid(m, "B2");
	cr_assert_eq(co_marks_rationale(m, b, co_marks_question(b, 0), 0, &why, &t), 0);
	cr_assert_str_eq(t, "ABC\"'");
	co_strbuf_end(&why);
	co_marks_free(m);
}

/* Longer than the pieces the file is read back in, with a reference across each piece's edge. */
Test(marks, a_long_rationale_reads_back_across_the_pieces_it_is_read_in)
{
	size_t n = 70000;
	char *body = malloc(n + 1), *x = malloc(n + 1024);
	for (size_t i = 0; i < n; i++)
		body[i] = "abcdefghij klmnopqrstuvwxyz\n"[i % 28];
	body[n] = '\0';
	for (size_t at = 16380; at + 5 < n; at += 16384)
		memcpy(body + at, "&amp;", 5);
	for (int plain = 0; plain < 2; plain++) {
		snprintf(x, n + 1024,
		         "<marks xmlns=\"urn:calloff:marks:1\" competition=\"T-1\"><evaluator id=\"E1\"/>"
		         "<bid ref=\"B1\"><question ref=\"Q1\"><mark evaluator=\"E1\" value=\"2\">%s</mark></question></bid></marks>",
		         plain ? "the same text with no reference at all, then some more words" : body);
		const char *path = t_write(t_dir(), "long.xml", x);
		co_marks *m = read_kept(path, rules);
		cr_assert_eq(same_as_tree(m, rules, path), 1);
		co_marks_free(m);
	}
	free(body);
	free(x);
}

/* A generated competition: many bids, rationales of every kind, each read back as the reader was given it. */
Test(marks, every_rationale_of_a_generated_competition_reads_back)
{
	static const char *const parts[] = {"Good evidence", " &amp; ", "&#x2019;", "<![CDATA[<x> & y]]>", "\n  ",
	                                    "\r\n", "<!-- c -->", "caf\xc3\xa9", "&lt;", "   ", "", "Risk: staffing."};
	char path[4096];
	snprintf(path, sizeof(path), "%s/gen.xml", t_dir());
	FILE *f = fopen(path, "w");
	cr_assert_not_null(f);
	fputs("<marks xmlns=\"urn:calloff:marks:1\" competition=\"T-1\">"
	      "<evaluator id=\"E1\"/><evaluator id=\"E2\"/><evaluator id=\"E3\"/>\n", f);
	unsigned seed = 19;
	for (int b = 0; b < 500; b++) {
		fprintf(f, "<bid ref=\"B%d\">", b);
		for (int q = 1; q <= 2; q++) {
			fprintf(f, "<question ref=\"Q%d\">", q);
			for (int e = 0; e <= 3; e++) {
				seed = seed * 1103515245u + 12345u;
				if (e == 3 && seed % 2)
					break;
				fprintf(f, e == 3 ? "<moderated value=\"%u\">" : "<mark evaluator=\"E%d\" value=\"%u\">", e == 3 ? 3 : e + 1, seed % 6);
				for (unsigned k = 0, nk = (seed >> 8) % 6; k < nk; k++) {
					seed = seed * 1103515245u + 12345u;
					fputs(parts[(seed >> 16) % (sizeof(parts) / sizeof(*parts))], f);
				}
				fputs(e == 3 ? "</moderated>" : "</mark>", f);
			}
			fputs("</question>", f);
		}
		fputs("</bid>\n", f);
	}
	fputs("</marks>\n", f);
	fclose(f);
	co_marks *m = read_kept(path, rules);
	cr_assert_gt(same_as_tree(m, rules, path), 3000);
	co_marks_free(m);
}

/* The shipped examples: every rationale of both marks files, byte for byte. */
Test(marks, every_rationale_of_the_shipped_marks_reads_back)
{
	static const char *const pairs[][2] = {{"rules/dorset-lot7-live-in-care.yaml", "bids/marks/dorset-lot7-marks.xml"},
	                                       {"rules/dorset-lot8-extra-care.yaml", "bids/marks/dorset-lot8-marks.xml"}};
	for (size_t i = 0; i < 2; i++) {
		char rp[4096], mp[4096];
		snprintf(rp, sizeof(rp), "%s/%s", TOP_SRCDIR, pairs[i][0]);
		snprintf(mp, sizeof(mp), "%s/%s", TOP_SRCDIR, pairs[i][1]);
		co_rules *r = NULL;
		cr_assert_eq(co_rules_load(&r, rp, NULL), 0);
		co_marks *m = read_kept(mp, r);
		cr_assert_gt(same_as_tree(m, r, mp), 20, "%s: its rationales", mp);
		co_marks_free(m);
		co_rules_free(r);
	}
}

/* A file in another encoding: its rationale is decoded from it, as the reader decoded it. */
Test(marks, a_rationale_in_latin_1_reads_back_in_utf_8)
{
	const char *path = t_write(t_dir(), "latin.xml",
	                           "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n"
	                           "<marks xmlns=\"urn:calloff:marks:1\" competition=\"T-1\"><evaluator id=\"E1\"/>"
	                           "<bid ref=\"B1\"><question ref=\"Q1\"><mark evaluator=\"E1\" value=\"2\">caf\xe9 cr\xe8me</mark>"
	                           "</question></bid></marks>\n");
	co_marks *m = read_kept(path, rules);
	cr_assert_eq(same_as_tree(m, rules, path), 1);
	co_strbuf why = {0};
	const char *t;
	const co_bidmarks *b = co_marks_bid(m, "B1");
	cr_assert_eq(co_marks_rationale(m, b, co_marks_question(b, 0), 0, &why, &t), 0);
	cr_assert_str_eq(t, "caf\xc3\xa9 cr\xc3\xa8me");
	co_strbuf_end(&why);
	co_marks_free(m);
}

/* UTF-16: the scanner cannot place the texts in its bytes, so they are held, and still given exactly. */
Test(marks, a_utf_16_file_keeps_its_rationales_held)
{
	const char *x = "<?xml version=\"1.0\" encoding=\"UTF-16\"?>\n"
	                "<marks xmlns=\"urn:calloff:marks:1\" competition=\"T-1\"><evaluator id=\"E1\"/>"
	                "<bid ref=\"B1\"><question ref=\"Q1\"><mark evaluator=\"E1\" value=\"2\"> Tea &amp; cake </mark>"
	                "</question></bid></marks>\n";
	char path[4096];
	snprintf(path, sizeof(path), "%s/utf16.xml", t_dir());
	FILE *f = fopen(path, "wb");
	fputc(0xff, f);
	fputc(0xfe, f);
	for (const char *p = x; *p; p++) {
		fputc(*p, f);
		fputc(0, f);
	}
	fclose(f);
	co_marks *m = read_kept(path, rules);
	const co_bidmarks *b = co_marks_bid(m, "B1");
	cr_assert(m->at[b->at].held, "held, as it could not be placed");
	cr_assert_eq(m->nheld, 5, "the bid's slots: its mark, and a moderated one and a feedback for each of the two questions");
	cr_assert_eq(same_as_tree(m, rules, path), 1);
	co_marks_free(m);
}

/* ---- the panel's feedback to the supplier (issue 22): read back like a rationale, apart from the notes ---- */

static const char *const with_feedback =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<marks xmlns=\"urn:calloff:marks:1\" competition=\"T-1\"><evaluator id=\"E1\"/><evaluator id=\"E2\"/>\n"
    "<bid ref=\"B1\">\n"
    "  <question ref=\"Q1\"><mark evaluator=\"E1\" value=\"3\">E1's working note</mark>"
    "<mark evaluator=\"E2\" value=\"4\">E2's working note</mark>"
    "<moderated value=\"4\">Panel agreed 4</moderated>\n"
    "    <feedback>\n      Your matching process is clear &amp; person-led.\n      The replacement timescale was vague.\n    </feedback>"
    "</question>\n"
    "  <question ref=\"Q2\"><mark evaluator=\"E1\" value=\"2\">note</mark><moderated value=\"2\">agreed</moderated></question>\n"
    "</bid>\n"
    "<bid ref=\"B2\"><question ref=\"Q1\"><moderated value=\"5\">agreed</moderated><feedback> \n </feedback></question>"
    "<question ref=\"Q2\"><feedback>Only feedback, no mark yet.</feedback></question></bid>\n"
    "</marks>\n";

Test(marks, feedback_reads_back_apart_from_the_rationales)
{
	const char *path = t_write(t_dir(), "feedback.xml", with_feedback);
	co_marks *m = read_kept(path, rules);
	cr_assert_eq(same_as_tree(m, rules, path), 6, "the feedback is not one of the rationales");
	co_strbuf why = {0};
	const char *t = NULL;
	const co_bidmarks *b = co_marks_bid(m, "B1");
	const co_qmarks *q = co_marks_question(b, 0);
	cr_assert_eq(co_marks_feedback(m, b, q, &why, &t), 0);
	cr_assert_str_eq(t, "Your matching process is clear & person-led.\n      The replacement timescale was vague.");
	/* Asked for between the rationales, through the same buffer: each is still its own. */
	cr_assert_eq(co_marks_moderated_rationale(m, b, q, &why, &t), 0);
	cr_assert_str_eq(t, "Panel agreed 4");
	cr_assert_eq(co_marks_rationale(m, b, q, 1, &why, &t), 0);
	cr_assert_str_eq(t, "E2's working note");
	cr_assert_eq(co_marks_feedback(m, b, co_marks_question(b, 1), &why, &t), 0);
	cr_assert_null(t, "Q2 has no feedback");
	b = co_marks_bid(m, "B2");
	cr_assert_eq(co_marks_feedback(m, b, co_marks_question(b, 0), &why, &t), 0);
	cr_assert_null(t, "white space only is no feedback");
	cr_assert_eq(co_marks_feedback(m, b, co_marks_question(b, 1), &why, &t), 0);
	cr_assert_str_eq(t, "Only feedback, no mark yet.");
	cr_assert_eq(co_marks_feedback(m, b, NULL, &why, &t), 0);
	cr_assert_null(t, "no entry: no feedback");
	co_marks_free(m);
	/* Not kept: none, as for the rationales. */
	cr_assert_eq(co_marks_read(&m, path, NULL, rules, 0, NULL), 0);
	b = co_marks_bid(m, "B1");
	t = "unset";
	cr_assert_eq(co_marks_feedback(m, b, co_marks_question(b, 0), &why, &t), 0);
	cr_assert_null(t);
	co_marks_free(m);
	co_strbuf_end(&why);
}

/* A file without any feedback (the shipped marks before issue 22): every question has none. */
Test(marks, a_file_without_feedback_has_none_for_any_question)
{
	char *x = t_marks("T-1", 3, "B2:Q1=4,3,5/4;Q2=2,_,3|B1:Q1=1,1,1");
	const char *path = t_write(t_dir(), "m.xml", x);
	free(x);
	co_marks *m = read_kept(path, rules);
	co_strbuf why = {0};
	for (size_t i = 0; i < m->nb; i++)
		for (size_t q = 0; q < 2; q++) {
			const char *t = "unset";
			cr_assert_eq(co_marks_feedback(m, &m->bids[i], co_marks_question(&m->bids[i], q), &why, &t), 0);
			cr_assert_null(t, "bid %s question %zu", m->bids[i].bid, q);
		}
	co_strbuf_end(&why);
	co_marks_free(m);
}

/* Feedback out of its place (before the moderated mark), or twice, or over the length: the schema refuses it, located. */
Test(marks, misplaced_or_repeated_feedback_is_refused_with_its_place)
{
	invalid("<marks xmlns=\"urn:calloff:marks:1\" competition=\"T-1\"><evaluator id=\"E1\"/>\n<bid ref=\"B1\">"
	        "<question ref=\"Q1\">\n<feedback>x</feedback><moderated value=\"2\"/></question></bid></marks>\n",
	        ":3:", "moderated");
	invalid("<marks xmlns=\"urn:calloff:marks:1\" competition=\"T-1\"><evaluator id=\"E1\"/>\n<bid ref=\"B1\">"
	        "<question ref=\"Q1\">\n<feedback>x</feedback>\n<feedback>y</feedback></question></bid></marks>\n",
	        ":4:", "feedback");
	char *big = malloc(101000);
	int n = sprintf(big, "<marks xmlns=\"urn:calloff:marks:1\" competition=\"T-1\"><evaluator id=\"E1\"/>\n"
	                     "<bid ref=\"B1\"><question ref=\"Q1\">\n<feedback>");
	memset(big + n, 'x', 100001);
	strcpy(big + n + 100001, "</feedback></question></bid></marks>\n");
	invalid(big, ":3:", "feedback");
	free(big);
}

/* UTF-16: the feedback is held with the rationales, and given exactly. */
Test(marks, feedback_in_a_file_the_scanner_cannot_place_is_held)
{
	const char *x = "<?xml version=\"1.0\" encoding=\"UTF-16\"?>\n"
	                "<marks xmlns=\"urn:calloff:marks:1\" competition=\"T-1\"><evaluator id=\"E1\"/>"
	                "<bid ref=\"B1\"><question ref=\"Q1\"><mark evaluator=\"E1\" value=\"2\">note</mark>"
	                "<feedback> Tea &amp; cake </feedback></question></bid></marks>\n";
	char path[4096];
	snprintf(path, sizeof(path), "%s/utf16fb.xml", t_dir());
	FILE *f = fopen(path, "wb");
	fputc(0xff, f);
	fputc(0xfe, f);
	for (const char *p = x; *p; p++) {
		fputc(*p, f);
		fputc(0, f);
	}
	fclose(f);
	co_marks *m = read_kept(path, rules);
	const co_bidmarks *b = co_marks_bid(m, "B1");
	cr_assert(m->at[b->at].held);
	co_strbuf why = {0};
	const char *t = NULL;
	cr_assert_eq(co_marks_feedback(m, b, co_marks_question(b, 0), &why, &t), 0);
	cr_assert_str_eq(t, "Tea & cake");
	co_strbuf_end(&why);
	co_marks_free(m);
}

/* Overwrite the file at path with its text where `from` is replaced by `to` (the same length or not). */
static void edit(const char *path, const char *from, const char *to)
{
	FILE *f = fopen(path, "rb");
	cr_assert_not_null(f);
	char buf[8192];
	size_t n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = '\0';
	char *at = strstr(buf, from), out[8192 + 64];
	cr_assert_not_null(at, "%s is in the file", from);
	snprintf(out, sizeof(out), "%.*s%s%s", (int)(at - buf), buf, to, at + strlen(from));
	f = fopen(path, "wb"); /* the same file, rewritten in place (the descriptor held sees it) */
	fputs(out, f);
	fclose(f);
}

/* A rationale changed on disk after it was read: an error, never the changed (or an empty) text. */
Test(marks, a_rationale_changed_on_disk_is_an_error_not_a_wrong_text)
{
	static const struct {
		char from[40], to[40];
		int k; /* the rationale it changes: the k-th mark of B1 Q1, or its moderated one (2) */
	} edits[] = {
	    {"Fish &amp; chips", "Fish &amp; chipz", 0}, /* decoded by the parser, the same length */
	    {"Fish &amp; chips", "Fish &amp; ch", 0},    /* shorter: the end tag is no longer where it was */
	    {"Line one", "Line two", 2},                 /* plain bytes, the same length */
	    {"Line one", "Line one, and more", 2},       /* longer */
	    {"then text", "then t&lt;t", 1},             /* a reference where there was none */
	};
	for (size_t i = 0; i < sizeof(edits) / sizeof(*edits); i++) {
		const char *path = t_write(t_dir(), "changed.xml", hand_made);
		co_marks *m = read_kept(path, rules);
		edit(path, edits[i].from, edits[i].to);
		co_strbuf why = {0};
		const char *t = "unset";
		const co_bidmarks *b = co_marks_bid(m, "B1");
		const co_qmarks *q = co_marks_question(b, 0);
		int rc = edits[i].k == 2 ? co_marks_moderated_rationale(m, b, q, &why, &t)
		                         : co_marks_rationale(m, b, q, (size_t)edits[i].k, &why, &t);
		cr_assert_eq(rc, CO_EIO, "edit %zu (%s -> %s) is found", i, edits[i].from, edits[i].to);
		/* Another bid's rationale: where it was after an edit of the same length, and still read back. */
		const co_bidmarks *b2 = co_marks_bid(m, "B2");
		rc = co_marks_rationale(m, b2, co_marks_question(b2, 0), 0, &why, &t);
		if (strlen(edits[i].from) == strlen(edits[i].to)) {
			cr_assert_eq(rc, 0);
			cr_assert_str_eq(t, "ABC\"'");
		} else {
			cr_assert_eq(rc, CO_EIO, "moved: no longer where it was read");
		}
		co_strbuf_end(&why);
		co_marks_free(m);
	}
	/* The feedback changed on disk, or added where there was none: an error, never the changed text. */
	static const char fb_edits[][2][80] = {
	    {"clear &amp; person-led", "clear &amp; person-lex"},
	    {"<moderated value=\"2\">agreed</moderated></question>", "<moderated value=\"2\">agreed</moderated><feedback>new</feedback></question>"},
	};
	for (size_t i = 0; i < 2; i++) {
		const char *fpath = t_write(t_dir(), "fbchanged.xml", with_feedback);
		co_marks *fm = read_kept(fpath, rules);
		edit(fpath, fb_edits[i][0], fb_edits[i][1]);
		co_strbuf why = {0};
		const char *t = "unset";
		const co_bidmarks *b = co_marks_bid(fm, "B1");
		cr_assert_eq(co_marks_feedback(fm, b, co_marks_question(b, i), &why, &t), CO_EIO, "feedback edit %zu is found", i);
		cr_assert_null(t, "no text given");
		co_strbuf_end(&why);
		co_marks_free(fm);
	}
	/* Cut short: the bytes are no longer there at all. */
	const char *path = t_write(t_dir(), "cut.xml", hand_made);
	co_marks *m = read_kept(path, rules);
	cr_assert_eq(truncate(path, 100), 0);
	co_strbuf why = {0};
	const char *t;
	const co_bidmarks *b = co_marks_bid(m, "B2");
	cr_assert_eq(co_marks_rationale(m, b, co_marks_question(b, 0), 0, &why, &t), CO_EIO);
	co_strbuf_end(&why);
	co_marks_free(m);
}

/* ---- the per-bid layout: twelve bytes a bid, its element read back whole ---- */

/* One bid's place, however many marks it has: what the README's "twelve bytes a bid" rests on. */
Test(marks, kept_rationales_cost_one_place_per_bid_not_per_mark)
{
	const char *path = t_write(t_dir(), "hand.xml", hand_made);
	co_marks *m = read_kept(path, rules);
	cr_assert_eq(m->nb, 2);
	cr_assert_eq(m->nheld, 0, "nothing is held for a file the scanner reads");
	for (size_t i = 0; i < m->nb; i++) {
		const co_bid_at *at = &m->at[m->bids[i].at];
		cr_assert(!at->held);
		cr_assert_eq(hand_made[at->off], '<', "the place is the element's start tag");
		cr_assert(strncmp(hand_made + at->off + at->len - 8, "</m:bid>", 8) == 0, "and its length ends at its end tag");
	}
	co_marks_free(m);
	co_marks *plain = NULL;
	cr_assert_eq(co_marks_read(&plain, path, NULL, rules, 0, NULL), 0);
	cr_assert_null(plain->at, "not kept: no place at all");
	co_marks_free(plain);
}

/*
 * The reader leaves some marks out (an undeclared evaluator, a second mark by one evaluator, a
 * mark off the scale, a second entry for a question, an unknown question): the rationale of each
 * mark it took is still the text of the element it took it from.
 */
Test(marks, each_rationale_is_of_the_element_the_reader_took_its_mark_from)
{
	const char *x = "<marks xmlns=\"urn:calloff:marks:1\" competition=\"T-1\"><evaluator id=\"E1\"/><evaluator id=\"E2\"/>"
	                "<evaluator id=\"E3\"/><evaluator id=\"E1\"/>\n"
	                "<bid ref=\"B1\">"
	                "<question ref=\"Q7\"><mark evaluator=\"E1\" value=\"1\">unknown question</mark></question>"
	                "<question ref=\"Q1\">"
	                "<mark evaluator=\"E9\" value=\"3\">undeclared</mark>"
	                "<mark evaluator=\"E2\" value=\"9\">off the scale</mark>"
	                "<mark evaluator=\"E1\" value=\"2\">E1 taken</mark>"
	                "<mark evaluator=\"E1\" value=\"2\">E1 again</mark>"
	                "<mark evaluator=\"E2\" value=\" 003 \">E2 taken after its mark off the scale</mark>"
	                "<mark evaluator=\"E3\" value=\"-1\">E3 off the scale</mark>"
	                "<moderated value=\"3\">moderated</moderated></question>"
	                "<question ref=\"Q2\"><mark evaluator=\"E3\" value=\"4\">Q2 first entry</mark></question>"
	                "<question ref=\"Q1\"><mark evaluator=\"E3\" value=\"4\">second Q1 entry</mark>"
	                "<moderated value=\"1\">second moderated</moderated></question>"
	                "<question ref=\"Q2\"><mark evaluator=\"E1\" value=\"4\">second Q2 entry</mark></question>"
	                "</bid>\n</marks>\n";
	co_marks *m = NULL;
	co_diags *d = co_diags_new();
	cr_assert_eq(co_marks_read(&m, t_write(t_dir(), "errors.xml", x), NULL, rules, 1, d), 0, "%s", t_diags_text(d));
	cr_assert_gt(m->errors, 0, "the file has problems the check refuses");
	const co_bidmarks *b = co_marks_bid(m, "B1");
	const co_qmarks *q = co_marks_question(b, 0);
	cr_assert_eq(q->n, 2);
	co_strbuf why = {0};
	const char *t;
	cr_assert_eq(co_marks_rationale(m, b, q, 0, &why, &t), 0);
	cr_assert_str_eq(t, "E1 taken");
	cr_assert_eq(co_marks_rationale(m, b, q, 1, &why, &t), 0);
	cr_assert_str_eq(t, "E2 taken after its mark off the scale");
	cr_assert_eq(co_marks_moderated_rationale(m, b, q, &why, &t), 0);
	cr_assert_str_eq(t, "moderated", "the first entry's, as the reader kept its mark");
	q = co_marks_question(b, 1);
	cr_assert_eq(q->n, 1);
	cr_assert_eq(co_marks_rationale(m, b, q, 0, &why, &t), 0);
	cr_assert_str_eq(t, "Q2 first entry");
	co_strbuf_end(&why);
	co_marks_free(m);
	co_diags_free(d);
}

/* The rationales of every bid of a file, read with a fresh buffer each (no bid's texts kept). */
static char **all_fresh(const co_marks *m, size_t *n)
{
	char **all = NULL;
	*n = 0;
	for (size_t i = 0; i < m->nb; i++)
		for (size_t qi = 0; qi < m->nq; qi++) {
			const co_qmarks *q = co_marks_question(&m->bids[i], qi);
			for (size_t k = 0; q && k <= q->n; k++) {
				co_strbuf why = {0};
				const char *t = NULL;
				int rc = k < q->n ? co_marks_rationale(m, &m->bids[i], q, k, &why, &t)
				                  : co_marks_moderated_rationale(m, &m->bids[i], q, &why, &t);
				cr_assert_eq(rc, 0);
				all = realloc(all, (*n + 1) * sizeof(char *));
				all[(*n)++] = t ? strdup(t) : NULL;
				co_strbuf_end(&why);
			}
		}
	return all;
}

/*
 * One buffer, the rationales asked for in a shuffled order, bids alternating: each is the text a
 * fresh read gives, whichever bid the buffer held before.
 */
Test(marks, rationales_read_out_of_order_and_across_bids_through_one_buffer_are_right)
{
	char path[4096];
	snprintf(path, sizeof(path), "%s/order.xml", t_dir());
	FILE *f = fopen(path, "w");
	cr_assert_not_null(f);
	fputs("<marks xmlns=\"urn:calloff:marks:1\" competition=\"T-1\"><evaluator id=\"E1\"/><evaluator id=\"E2\"/>\n", f);
	for (int b = 0; b < 40; b++) {
		fprintf(f, "<bid ref=\"B%02d\">", b);
		for (int q = 2; q >= 1; q--) /* the file's order is not the rules' */
			fprintf(f, "<question ref=\"Q%d\"><mark evaluator=\"E2\" value=\"%d\">b%d q%d E2 &amp; more</mark>"
			           "<mark evaluator=\"E1\" value=\"%d\">b%d q%d E1</mark><moderated value=\"3\">b%d q%d agreed</moderated></question>",
			        q, b % 6, b, q, (b + 1) % 6, b, q, b, q);
		fputs("</bid>\n", f);
	}
	fputs("</marks>\n", f);
	fclose(f);
	co_marks *m = read_kept(path, rules);
	size_t n;
	char **want = all_fresh(m, &n);
	cr_assert_eq(n, 40 * 2 * 3);
	cr_assert_str_eq(want[0], "b0 q1 E2 & more", "the first mark of the file's entry for Q1");
	/* Every (bid, question, k) in a shuffled order, through one buffer. */
	size_t *order = malloc(n * sizeof(size_t));
	for (size_t i = 0; i < n; i++)
		order[i] = i;
	unsigned seed = 7;
	for (size_t i = n - 1; i > 0; i--) {
		seed = seed * 1103515245u + 12345u;
		size_t j = (seed >> 8) % (i + 1), tmp = order[i];
		order[i] = order[j];
		order[j] = tmp;
	}
	co_strbuf why = {0};
	for (size_t i = 0; i < 2 * n; i++) {
		/* First the shuffled order; then bids 3 and 4 alternating, one rationale of each in turn. */
		size_t at = i < n ? order[i] : (i - n) % 12 / 2 + ((i - n) % 2 ? 4 : 3) * 6;
		size_t bid = at / 6, qi = at % 6 / 3, k = at % 3;
		const co_bidmarks *b = &m->bids[bid];
		const co_qmarks *q = co_marks_question(b, qi);
		const char *t = NULL;
		int rc = k < 2 ? co_marks_rationale(m, b, q, k, &why, &t) : co_marks_moderated_rationale(m, b, q, &why, &t);
		cr_assert_eq(rc, 0);
		cr_assert_str_eq(t, want[at], "bid %s question %zu rationale %zu", b->bid, qi, k);
	}
	/* Texts of one bid stay as they were while its other rationales are read through the buffer. */
	const co_bidmarks *b = co_marks_bid(m, "B07");
	const char *first, *second;
	cr_assert_eq(co_marks_rationale(m, b, co_marks_question(b, 0), 0, &why, &first), 0);
	cr_assert_eq(co_marks_rationale(m, b, co_marks_question(b, 1), 1, &why, &second), 0);
	cr_assert_str_eq(first, "b7 q1 E2 & more");
	cr_assert_str_eq(second, "b7 q2 E1");
	co_strbuf_end(&why);
	for (size_t i = 0; i < n; i++)
		free(want[i]);
	free(want);
	free(order);
	co_marks_free(m);
}

/* A buffer holding one marks file's texts gives nothing of them for another read of marks. */
Test(marks, a_buffer_holding_one_reads_texts_is_not_taken_for_another_s)
{
	char *x1 = t_marks("T-1", 1, "B1:Q1=3"), *x2 = t_marks("T-1", 1, "B1:Q1=3/3");
	const char *p1 = t_write(t_dir(), "one.xml", x1);
	char p2[4096];
	snprintf(p2, sizeof(p2), "%s", t_write(t_dir(), "two.xml", x2));
	co_marks *m1 = read_kept(p1, rules), *m2 = read_kept(p2, rules);
	edit(p2, "agreed", "AGREED"); /* the same length: m2's bid is now not the bytes read */
	co_strbuf why = {0};
	const char *t;
	const co_bidmarks *b1 = co_marks_bid(m1, "B1"), *b2 = co_marks_bid(m2, "B1");
	cr_assert_eq(co_marks_rationale(m1, b1, co_marks_question(b1, 0), 0, &why, &t), 0);
	cr_assert_str_eq(t, "note");
	cr_assert_eq(b1->at, b2->at, "the same bid index in both");
	cr_assert_eq(co_marks_rationale(m2, b2, co_marks_question(b2, 0), 0, &why, &t), CO_EIO,
	             "m2's bid is read back from its own file, not taken from m1's in the buffer");
	co_strbuf_end(&why);
	co_marks_free(m1);
	co_marks_free(m2);
	free(x1);
	free(x2);
}

/*
 * An edit anywhere in a bid's element, even outside every rationale (a mark's value, the white
 * space between entries, a comment): all of that bid's rationales are CO_EIO, the other bid's
 * still read back (the edits keep the length).
 */
Test(marks, an_edit_anywhere_in_a_bids_element_fails_all_its_rationales)
{
	static const struct {
		char from[48], to[48];
	} edits[] = {
	    {"<m:mark value='4' evaluator='E2'  >", "<m:mark value='3' evaluator='E2'  >"}, /* a value, not a text */
	    {"<m:bid ref=\"B1\">\n  <m:q", "<m:bid ref=\"B1\">\n \t<m:q"},            /* white space between entries */
	    {"<!-- a comment -->", "<!-- a c0mment -->"},                                 /* a comment in a text */
	    {"line three\rend", "line three\nend"},                                       /* the same text once decoded */
	    {"</m:question>\n</m:bid>", "</m:question> </m:bid>"},                         /* just before its end tag */
	};
	for (size_t i = 0; i < sizeof(edits) / sizeof(*edits); i++) {
		const char *path = t_write(t_dir(), "anywhere.xml", hand_made);
		co_marks *m = read_kept(path, rules);
		co_strbuf why = {0};
		const char *t = "unset";
		const co_bidmarks *b = co_marks_bid(m, "B1"), *b2 = co_marks_bid(m, "B2");
		cr_assert_eq(co_marks_rationale(m, b, co_marks_question(b, 1), 0, &why, &t), 0, "read while unchanged");
		co_strbuf_end(&why);
		why = (co_strbuf){0};
		edit(path, edits[i].from, edits[i].to);
		for (size_t qi = 0; qi < 2; qi++) {
			const co_qmarks *q = co_marks_question(b, qi);
			for (size_t k = 0; k < q->n; k++) {
				t = "unset";
				cr_assert_eq(co_marks_rationale(m, b, q, k, &why, &t), CO_EIO, "edit %zu: question %zu mark %zu", i, qi, k);
				cr_assert_null(t, "no text with the error");
			}
			cr_assert_eq(co_marks_moderated_rationale(m, b, q, &why, &t), CO_EIO, "edit %zu: question %zu moderated", i, qi);
		}
		cr_assert_eq(co_marks_rationale(m, b2, co_marks_question(b2, 0), 0, &why, &t), 0, "edit %zu", i);
		cr_assert_str_eq(t, "ABC\"'");
		co_strbuf_end(&why);
		co_marks_free(m);
	}
}

/* An empty-element <bid/> between bids: placed as its own element, and the next bid's texts still read back. */
Test(marks, an_empty_bid_element_and_a_default_namespace_read_back)
{
	const char *x = "<?xml version=\"1.0\"?>\n<marks xmlns=\"urn:calloff:marks:1\" competition=\"T-1\">"
	                "<evaluator id=\"E1\"/><bid ref=\"B0\"/><bid ref=\"B1\"><question ref=\"Q2\">"
	                "<mark evaluator=\"E1\" value=\"1\">after an empty bid</mark></question></bid></marks>";
	const char *path = t_write(t_dir(), "empty.xml", x);
	co_marks *m = read_kept(path, rules);
	const co_bidmarks *b0 = co_marks_bid(m, "B0");
	cr_assert_eq(m->at[b0->at].len, strlen("<bid ref=\"B0\"/>"));
	cr_assert_eq(same_as_tree(m, rules, path), 1);
	co_marks_free(m);
}
