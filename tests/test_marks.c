/* Marks files: every input error of FORMATS.md 3 is found, with its line and column. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include "helpers.h"
#include "reading/marks.h"

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
	cr_assert_str_eq(co_marks_moderated_rationale(b, q), "agreed");
	cr_assert_not_null(co_marks_rationale(b, q, 0), "rationales are kept when asked for");
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
	cr_assert_null(co_marks_rationale(b, co_marks_question(b, 0), 0));
	cr_assert_null(co_marks_moderated_rationale(b, co_marks_question(b, 0)));
	co_marks_free(m);
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
