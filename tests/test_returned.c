/* Returned files: the forms' XML and CSV read with every field's place, told apart by content, and checked against the plan in one place. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "helpers.h"
#include "panels/plan.h"
#include "panels/returned.h"

#define LOT7 TOP_SRCDIR "/rules/dorset-lot7-live-in-care.yaml"
#define LOT7_BIDS TOP_SRCDIR "/bids/lot7"

static co_rules *rules7;
static co_plan *plan7;

static void setup(void)
{
	const char *args[] = {LOT7_BIDS}, *evs[] = {"E1", "E2"}, *assign[] = {"E2=Q1,Q2"};
	co_paths *bids = NULL;
	cr_assert_eq(co_rules_load(&rules7, LOT7, NULL), 0);
	cr_assert_eq(co_paths_expand(&bids, args, 1, NULL), 0);
	co_panel_options o = {.evaluators = evs, .nev = 2, .assign = assign, .nassign = 1, .seed = 4};
	cr_assert_eq(co_plan_build(&plan7, rules7, bids, &o, NULL), 0);
	co_paths_free(bids);
}

static void teardown(void)
{
	co_plan_free(plan7);
	co_rules_free(rules7);
}

TestSuite(returned, .init = setup, .fini = teardown);

/* Read text written to a file called name; its status, *out and the diagnostics in d. */
static int read_text(co_returned **out, const char *name, const char *text, co_diags *d)
{
	return co_returned_read(out, t_write(t_dir(), name, text), plan7, d);
}

/* The CSV template of E2, with data row k's mark and rationale (written as CSV fields) set. */
static char *csv_with(size_t k, const char *mark, const char *rationale)
{
	co_strbuf b = {0};
	cr_assert_eq(co_csv_template(&b, plan7, 1), 0);
	char *t = co_strbuf_take(&b), *line = t;
	for (size_t i = 0; i < k; i++)
		line = strstr(line, "\r\n") + 2;
	char *end = strstr(line, "\r\n");
	cr_assert(end - line > 6 && !strncmp(end - 6, ",\"\",\"\"", 6));
	size_t len = strlen(t) + strlen(mark) + strlen(rationale) + 4;
	char *o = malloc(len);
	snprintf(o, len, "%.*s,%s,%s%s", (int)(end - 6 - t), t, mark, rationale, end);
	free(t);
	return o;
}

Test(returned, the_csv_template_reads_back_with_nothing_marked)
{
	co_strbuf b = {0};
	cr_assert_eq(co_csv_template(&b, plan7, 1), 0);
	char *t = co_strbuf_take(&b);
	cr_assert(!strncmp(t, "\xEF\xBB\xBF\"competition\",", 17), "a byte-order mark, so that Excel reads UTF-8");
	co_returned *r = NULL;
	co_diags *d = co_diags_new();
	cr_assert_eq(read_text(&r, "E2.csv", t, d), 0, "%s", t_diags_text(d));
	cr_assert_eq(r->kind, CO_RETURNED_MARKS);
	cr_assert_str_eq(r->head[CO_RH_EVALUATOR], "E2");
	cr_assert_str_eq(r->head[CO_RH_PACK], plan7->evs[1].pack);
	cr_assert_eq(r->n, plan7->nb * 2, "E2 marks Q1 and Q2 of every response");
	cr_assert_str_eq(r->e[3].field[CO_RF_LABEL], "Response 02");
	cr_assert_str_eq(r->e[3].field[CO_RF_QUESTION], "Q2");
	cr_assert_null(r->e[3].field[CO_RF_VALUE]);
	cr_assert_eq(r->e[3].at[CO_RF_LABEL].line, 5);
	co_rmark *ms = NULL;
	size_t n = 0;
	long ev = -2;
	cr_assert_eq(co_returned_check(&ms, &n, &ev, r, plan7, d), 0, "%s", t_diags_text(d));
	cr_assert_eq(ev, 1);
	cr_assert_eq(n, r->n);
	cr_assert(!ms[0].has_value);
	free(ms);
	co_returned_free(r);
	co_diags_free(d);
	free(t);
}

Test(returned, a_csv_rationale_keeps_every_character_and_its_lines)
{
	char *t = csv_with(2, "4", "\"R&R <b> \"\"quoted\"\", commas, \xF0\x9F\x98\x80\r\nline two\"");
	co_returned *r = NULL;
	co_diags *d = co_diags_new();
	cr_assert_eq(read_text(&r, "E2.csv", t, d), 0, "%s", t_diags_text(d));
	cr_assert_str_eq(r->e[1].field[CO_RF_VALUE], "4");
	cr_assert_str_eq(r->e[1].field[CO_RF_RATIONALE], "R&R <b> \"quoted\", commas, \xF0\x9F\x98\x80\nline two");
	co_returned_free(r);
	co_diags_free(d);
	free(t);
}

Test(returned, a_csv_without_a_byte_order_mark_and_columns_in_another_order)
{
	char text[2048];
	const co_plan_bid *b = &plan7->bids[0];
	snprintf(text, sizeof(text),
	         "mark,rationale,question,response,digest,pack,evaluator,competition\n"
	         "3,Fine.,Q1,%s,%s,%s,E2,DCF-L7-2026-01\n",
	         b->label, b->responses[0].digest, plan7->evs[1].pack);
	co_returned *r = NULL;
	co_diags *d = co_diags_new();
	cr_assert_eq(read_text(&r, "E2.csv", text, d), 0, "%s", t_diags_text(d));
	cr_assert_eq(r->n, 1);
	cr_assert_str_eq(r->e[0].field[CO_RF_VALUE], "3");
	cr_assert_str_eq(r->e[0].field[CO_RF_DIGEST], b->responses[0].digest);
	cr_assert_eq(r->e[0].at[CO_RF_QUESTION].line, 2);
	cr_assert_eq(r->e[0].at[CO_RF_QUESTION].col, 9, "the field's column");
	co_rmark *ms = NULL;
	size_t n = 0;
	long ev;
	cr_assert_eq(co_returned_check(&ms, &n, &ev, r, plan7, d), 0, "%s", t_diags_text(d));
	cr_assert(ms[0].has_value && ms[0].value == 3 && ms[0].k == 0 && ms[0].q == 0);
	free(ms);
	co_returned_free(r);
	co_diags_free(d);
}

Test(returned, csv_faults_are_located)
{
	struct {
		char text[160];
		char want[96];
	} cases[] = {
	    {"competition,evaluator\n", "bad.csv:1:1: the header has no column 'pack'"},
	    {"competition,evaluator,pack,response,question,digest,mark,rationale,extra\n", "bad.csv:1:"},
	    {"competition,evaluator,pack,response,question,digest,mark,rationale\n\"a,b\n", "bad.csv:2:1: not CSV"},
	    {"competition,evaluator,pack,response,question,digest,mark,rationale\na,b\"c\n", "bad.csv:2:4: not CSV"},
	    {"competition,evaluator,pack,response,question,digest,mark,rationale\nx,\xff\n", "bad.csv:2:3: not UTF-8"},
	    {"competition,evaluator,pack,response,question,digest,mark,rationale\n1,2,3,4,5,6,7,8,9\n",
	     "bad.csv:2:17: a field beyond"},
	    {"competition,competition\n", "bad.csv:1:13: column 'competition' is named twice"},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		co_returned *r = NULL;
		co_diags *d = co_diags_new();
		cr_assert_eq(read_text(&r, "bad.csv", cases[i].text, d), CO_EINVALID, "case %zu", i);
		cr_assert_null(r);
		cr_assert(t_diag_has(d, cases[i].want), "case %zu: %s", i, t_diags_text(d));
		co_diags_free(d);
	}
}

Test(returned, the_forms_xml_is_read_with_places)
{
	const co_plan_bid *b = &plan7->bids[1];
	char text[4096];
	snprintf(text, sizeof(text),
	         "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	         "<evaluator-marks xmlns=\"urn:calloff:panel:1\" competition=\"DCF-L7-2026-01\" evaluator=\"E1\" pack=\"%s\">\n"
	         "  <mark response=\"%s\" question=\"Q3\" digest=\"%s\" value=\"5\">  R&amp;R &lt;3\nnext &#13;line  </mark>\n"
	         "  <mark response=\"%s\" question=\"Q4\" digest=\"%s\" value=\"\"/>\n"
	         "</evaluator-marks>\n",
	         plan7->evs[0].pack, b->label, b->responses[2].digest, b->label, b->responses[3].digest);
	co_returned *r = NULL;
	co_diags *d = co_diags_new();
	cr_assert_eq(read_text(&r, "E1-marks.xml", text, d), 0, "%s", t_diags_text(d));
	cr_assert_eq(r->n, 2);
	cr_assert_str_eq(r->e[0].field[CO_RF_RATIONALE], "R&R <3\nnext \rline", "trimmed at both ends only");
	cr_assert_eq(r->e[0].at[CO_RF_VALUE].line, 3);
	cr_assert_eq(r->e[0].at[CO_RF_VALUE].col, 3);
	cr_assert_null(r->e[1].field[CO_RF_VALUE]);
	co_rmark *ms = NULL;
	size_t n = 0;
	long ev;
	cr_assert_eq(co_returned_check(&ms, &n, &ev, r, plan7, d), 0, "%s", t_diags_text(d));
	cr_assert_eq(ev, 0);
	cr_assert(ms[0].has_value && ms[0].value == 5);
	free(ms);
	co_returned_free(r);
	/* Not the schema: located by libxml2. */
	cr_assert_eq(read_text(&r, "bad.xml", "<evaluator-marks xmlns=\"urn:calloff:panel:1\" competition=\"C\"/>", d),
	             CO_EINVALID);
	cr_assert(t_diag_has(d, "bad.xml:1:"), "%s", t_diags_text(d));
	co_diags_free(d);
}

/* Check E1's marks, one entry per (response index, question index, value, digest override); the diagnostics. */
static co_diags *check_one(const char *label, const char *q, const char *digest, const char *value,
                           const char *evaluator, const char *pack, int want)
{
	char text[4096];
	snprintf(text, sizeof(text),
	         "<evaluator-marks xmlns=\"urn:calloff:panel:1\" competition=\"DCF-L7-2026-01\" evaluator=\"%s\" pack=\"%s\">\n"
	         "<mark response=\"%s\" question=\"%s\" digest=\"%s\" value=\"%s\">ok</mark>\n"
	         "</evaluator-marks>\n",
	         evaluator, pack, label, q, digest, value);
	co_returned *r = NULL;
	co_diags *d = co_diags_new();
	cr_assert_eq(read_text(&r, "one.xml", text, d), 0, "%s", t_diags_text(d));
	co_rmark *ms = NULL;
	size_t n = 0;
	long ev;
	cr_assert_eq(co_returned_check(&ms, &n, &ev, r, plan7, d), want, "%s", t_diags_text(d));
	free(ms);
	co_returned_free(r);
	return d;
}

Test(returned, the_check_refuses_what_does_not_match_the_plan)
{
	const co_plan_bid *b = &plan7->bids[0];
	const char *p1 = plan7->evs[0].pack, *p2 = plan7->evs[1].pack, *dg = b->responses[0].digest;
	struct {
		const char *label, *q, *digest, *value, *ev, *pack, *want;
	} cases[] = {
	    {b->label, "Q1", dg, "6", "E1", p1, "one.xml:2:1: mark 6 for Response 01 Q1 is off the scale"},
	    {b->label, "Q1", dg, "x", "E1", p1, "is not a whole number"},
	    {b->label, "Q1", dg, "4", "E3", p1, "one.xml:1:1: evaluator 'E3' is not on the panel"},
	    {b->label, "Q1", dg, "4", "E1", p2, "made from another pack than E1's"},
	    {b->label, "Q2", dg, "4", "E1", p1, "this is not the response the panel has"},
	    {"Response 42", "Q1", dg, "4", "E1", p1, "no response labelled 'Response 42'"},
	    {b->label, "Q9", dg, "4", "E1", p1, "no question 'Q9'"},
	    {b->label, "Q3", b->responses[2].digest, "4", "E2", p2, "question 'Q3' is not one E2 marks"},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		co_diags *d = check_one(cases[i].label, cases[i].q, cases[i].digest, cases[i].value, cases[i].ev,
		                        cases[i].pack, CO_EINVALID);
		cr_assert(t_diag_has(d, cases[i].want), "case %zu: %s", i, t_diags_text(d));
		co_diags_free(d);
	}
	/* A spreadsheet's "4.0" is the mark 4. */
	co_diags *d = check_one(b->label, "Q1", dg, "4.0", "E1", p1, 0);
	co_diags_free(d);
}
