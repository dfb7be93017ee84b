/* Returned files: the forms' XML and CSV read with every field's place, told apart by content, and checked against the plan in one place. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "helpers.h"
#include "panels/plan.h"
#include "panels/returned.h"
#include "base/readfile.h"
#include "reading/marks.h"

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

/* ---- the panel's feedback to the supplier (issue 22), from the moderation form's export to co_marks_feedback ---- */

/* The data-seen of the moderation form's item for (label, qid), copied into seen. */
static void seen_in_form(char seen[CO_DIGEST_TEXT], const char *html, const char *label, const char *qid)
{
	char key[256];
	snprintf(key, sizeof(key), "data-response=\"%s\" data-question=\"%s\"", label, qid);
	const char *at = strstr(html, key);
	cr_assert_not_null(at, "the form has an item for %s %s", label, qid);
	at = strstr(at, "data-seen=\"");
	cr_assert_not_null(at);
	at += strlen("data-seen=\"");
	size_t n = (size_t)(strchr(at, '"') - at);
	cr_assert_lt(n, (size_t)CO_DIGEST_TEXT);
	memcpy(seen, at, n);
	seen[n] = '\0';
}

/* Merge the files given into marks; the summary (the caller frees it), the status wanted. */
static char *merge(const char *const *files, size_t n, const char *marks, int replace, int want)
{
	char *summary = NULL;
	co_diags *d = co_diags_new();
	cr_assert_eq(co_panel_merge(&summary, plan7, files, n, marks, replace, d), want, "%s", t_diags_text(d));
	co_diags_free(d);
	return summary;
}

/* The feedback recorded in marks for (bid index k, question index q); NULL when none. The caller frees it. */
static char *feedback_of(const char *marks, size_t k, size_t q)
{
	co_marks *m = NULL;
	co_diags *d = co_diags_new();
	cr_assert_eq(co_marks_read(&m, marks, NULL, rules7, 1, d), 0, "%s", t_diags_text(d));
	co_strbuf buf = {0};
	const char *text = "unset";
	const co_bidmarks *bm = co_marks_bid(m, plan7->bids[k].bid);
	cr_assert_eq(co_marks_feedback(m, bm, co_marks_question(bm, q), &buf, &text), 0);
	char *copy = text ? strdup(text) : NULL;
	co_strbuf_end(&buf);
	co_marks_free(m);
	co_diags_free(d);
	return copy;
}

/*
 * End to end on Lot 7 (consensus by median): E1's marks merged; the moderation form made; its
 * export with a consensus and feedback for one answer and feedback alone for another merged; the
 * feedback read back from the marks file as the summaries read it (co_marks_feedback), exactly;
 * none where none was given; the next form filled in; a changed mark withdraws it with --replace.
 */
Test(returned, feedback_from_the_moderation_export_is_read_back_from_the_merged_marks)
{
	const char *dir = t_dir();
	const co_plan_bid *b0 = &plan7->bids[0], *b1 = &plan7->bids[1];
	char text[8192], marks[4096], html_path[4096];
	snprintf(marks, sizeof(marks), "%s/marks.xml", dir);
	snprintf(html_path, sizeof(html_path), "%s/moderation.html", dir);
	snprintf(text, sizeof(text),
	         "<evaluator-marks xmlns=\"urn:calloff:panel:1\" competition=\"DCF-L7-2026-01\" evaluator=\"E1\" pack=\"%s\">\n"
	         "<mark response=\"%s\" question=\"Q1\" digest=\"%s\" value=\"4\">E1: thorough</mark>\n"
	         "<mark response=\"%s\" question=\"Q3\" digest=\"%s\" value=\"2\">E1: thin</mark>\n"
	         "<mark response=\"%s\" question=\"Q1\" digest=\"%s\" value=\"3\">E1: fair</mark>\n"
	         "</evaluator-marks>\n",
	         plan7->evs[0].pack, b0->label, b0->responses[0].digest, b0->label, b0->responses[2].digest, b1->label,
	         b1->responses[0].digest);
	const char *e1[] = {t_write(dir, "E1-marks.xml", text)};
	free(merge(e1, 1, marks, 0, 0));

	char *summary = NULL;
	co_diags *d = co_diags_new();
	cr_assert_eq(co_panel_moderation(&summary, plan7, marks, html_path, d), 0, "%s", t_diags_text(d));
	free(summary);
	size_t len = 0;
	char *html = NULL;
	cr_assert_eq(co_read_file(html_path, NULL, 64L * 1024 * 1024, &html, &len, d), 0);
	char seen0[CO_DIGEST_TEXT], seen1[CO_DIGEST_TEXT], seen2[CO_DIGEST_TEXT];
	seen_in_form(seen0, html, b0->label, "Q1");
	seen_in_form(seen1, html, b1->label, "Q1");
	seen_in_form(seen2, html, b0->label, "Q3");
	size_t boxes = 0;
	for (const char *at = html; (at = strstr(at, "<textarea id=\"f-")); at++)
		boxes++;
	cr_assert_eq(boxes, 3, "a feedback box for each answer marked");
	free(html);

	/* The export, as the form's script writes it: the feedback after its entry, trimmed, escaped, a CR as a reference. */
	snprintf(text, sizeof(text),
	         "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	         "<moderation xmlns=\"urn:calloff:panel:1\" competition=\"DCF-L7-2026-01\" plan=\"%s\">\n"
	         "  <moderated response=\"%s\" question=\"Q1\" digest=\"%s\" seen=\"%s\" value=\"4\">Agreed 4</moderated>\n"
	         "  <feedback>A clear, person-led matching process &amp; a trial visit.&#13;\nSay when a replacement "
	         "carer starts.</feedback>\n"
	         "  <moderated response=\"%s\" question=\"Q3\" digest=\"%s\" seen=\"%s\" value=\"\"></moderated>\n"
	         "  <feedback>Working-time records &lt;weekly&gt; were not described.</feedback>\n"
	         "  <moderated response=\"%s\" question=\"Q1\" digest=\"%s\" seen=\"%s\" value=\"\"/>\n"
	         "  <feedback>  Fair.  </feedback>\n"
	         "</moderation>\n",
	         plan7->digest, b0->label, b0->responses[0].digest, seen0, b0->label, b0->responses[2].digest, seen2,
	         b1->label, b1->responses[0].digest, seen1);
	const char *mod[] = {t_write(dir, "moderation.xml", text)};
	summary = merge(mod, 1, marks, 0, 0);
	cr_assert(strstr(summary, "the moderation, 1 consensus marks recorded, 3 feedback texts to suppliers recorded"),
	          "%s", summary);
	cr_assert(strstr(summary, "4 marks in all, 3 feedback texts\n"), "%s", summary);
	free(summary);

	char *fb = feedback_of(marks, 0, 0);
	cr_assert_str_eq(fb, "A clear, person-led matching process & a trial visit.\r\nSay when a replacement carer starts.",
	                 "as typed, its carriage return kept");
	free(fb);
	fb = feedback_of(marks, 0, 2);
	cr_assert_str_eq(fb, "Working-time records <weekly> were not described.", "feedback without a consensus mark");
	free(fb);
	fb = feedback_of(marks, 1, 0);
	cr_assert_str_eq(fb, "Fair.", "trimmed");
	free(fb);

	/* The next moderation form holds it. */
	cr_assert_eq(co_panel_moderation(&summary, plan7, marks, html_path, d), 0, "%s", t_diags_text(d));
	free(summary);
	cr_assert_eq(co_read_file(html_path, NULL, 64L * 1024 * 1024, &html, &len, d), 0);
	cr_assert(strstr(html, "<textarea id=\"f-2\" class=\"feedback\" rows=\"3\" maxlength=\"100000\" aria-describedby=\"p-2\">\n"
	                       "Working-time records &lt;weekly&gt; were not described.</textarea>"),
	          "the feedback recorded is filled in, in its item");
	free(html);

	/* E2's marks come in later, under b0 Q1's consensus and feedback and b1 Q1's feedback alone: refused; with
	   --replace, both are withdrawn (to be moderated again), and b0 Q3's feedback stays. */
	snprintf(text, sizeof(text),
	         "<evaluator-marks xmlns=\"urn:calloff:panel:1\" competition=\"DCF-L7-2026-01\" evaluator=\"E2\" pack=\"%s\">\n"
	         "<mark response=\"%s\" question=\"Q1\" digest=\"%s\" value=\"5\">E2: strong</mark>\n"
	         "<mark response=\"%s\" question=\"Q1\" digest=\"%s\" value=\"3\">E2: fair</mark>\n"
	         "</evaluator-marks>\n",
	         plan7->evs[1].pack, b0->label, b0->responses[0].digest, b1->label, b1->responses[0].digest);
	const char *e2[] = {t_write(dir, "E2-marks.xml", text)};
	co_diags_free(d);
	d = co_diags_new();
	cr_assert_eq(co_panel_merge(&summary, plan7, e2, 1, marks, 0, d), CO_EINVALID);
	cr_assert(t_diag_has(d, "already has a consensus in"), "%s", t_diags_text(d));
	cr_assert(t_diag_has(d, "already has the panel's feedback in"), "%s", t_diags_text(d));
	summary = merge(e2, 1, marks, 1, 0);
	cr_assert(strstr(summary, "1 consensus mark withdrawn"), "%s", summary);
	cr_assert(strstr(summary, "2 feedback texts withdrawn"), "%s", summary);
	free(summary);
	cr_assert_null(feedback_of(marks, 0, 0), "withdrawn with the consensus");
	cr_assert_null(feedback_of(marks, 1, 0), "withdrawn alone");
	fb = feedback_of(marks, 0, 2);
	cr_assert_str_eq(fb, "Working-time records <weekly> were not described.", "the other answer's stays");
	free(fb);
	co_diags_free(d);
}
