/* Self-scoring drafts: evaluate's codes with the draft's lines, and projections equal to evaluate's quality points. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include "reading/bid.h"
#include "helpers.h"
#include "base/diag.h"
#include "base/num.h"
#include "reading/rules_internal.h"

static co_rules *load(const char *path)
{
	co_rules *r = NULL;
	cr_assert_eq(co_rules_load(&r, path, NULL), 0);
	return r;
}

static json_t *selfscore(const co_rules *r, const char *draft, co_draft_status *st)
{
	char *text = NULL;
	co_diags *d = co_diags_new();
	cr_assert_eq(co_selfscore(&text, r, draft, 1, st, d), 0, "%s", t_diags_text(d));
	json_t *doc = json_loads(text, 0, NULL);
	cr_assert_not_null(doc);
	free(text);
	co_diags_free(d);
	return doc;
}

/* The problem with this code (and subject), or NULL. */
static json_t *problem(json_t *doc, const char *code, const char *about)
{
	size_t i;
	json_t *p;
	json_array_foreach(json_object_get(doc, "problems"), i, p)
	{
		if (strcmp(t_str(p, "code"), code) != 0)
			continue;
		if (!about || !strcmp(t_str(p, "question"), about) || !strcmp(t_str(p, "item"), about) ||
		    !strcmp(t_str(p, "gate"), about))
			return p;
	}
	return NULL;
}

static long line_of(json_t *p)
{
	return (long)json_integer_value(json_object_get(p, "line"));
}

#define L7 TOP_SRCDIR "/rules/dorset-lot7-live-in-care.yaml"

Test(selfscore, every_compliance_problem_with_its_line)
{
	co_rules *r = load(L7);
	/* Line numbers below are those of this text. */
	const char *draft =
		"<?xml version=\"1.0\"?>\n"                                                                  /* 1 */
		"<bid xmlns=\"urn:calloff:bid:1\" id=\"D-1\" competition=\"DCF-L7-2026-01\">\n"               /* 2 */
		"  <supplier id=\"GB-COH-1\"><name>Draft Ltd</name></supplier>\n"                            /* 3 */
		"  <submitted>2026-11-30T09:00:00Z</submitted>\n"                                            /* 4 */
		"  <declarations>\n"                                                                         /* 5 */
		"    <declaration gate=\"cqc\">true</declaration>\n"                                         /* 6 */
		"    <declaration gate=\"insurance\">false</declaration>\n"                                  /* 7 */
		"  </declarations>\n"                                                                        /* 8 */
		"  <responses>\n"                                                                            /* 9 */
		"    <response question=\"Q1\">We match carers carefully.</response>\n"                      /* 10 */
		"    <response question=\"Q2\">   </response>\n"                                             /* 11 */
		"  </responses>\n"                                                                           /* 12 */
		"  <prices>\n"                                                                               /* 13 */
		"    <price item=\"weekly_single\">1,080</price>\n"                                          /* 14 */
		"    <price item=\"weekly_shared\">1500.00</price>\n"                                        /* 15 */
		"    <price item=\"sleeping_night\">90</price>\n"                                            /* 16 */
		"  </prices>\n"                                                                              /* 17 */
		"</bid>\n";
	const char *path = t_write(t_dir(), "draft.xml", draft);
	co_draft_status st;
	json_t *doc = selfscore(r, path, &st);
	cr_assert_eq(st, CO_DRAFT_WOULD_BE_DISQUALIFIED);
	cr_assert_str_eq(t_str(doc, "status"), "would_be_disqualified");
	cr_assert_eq(line_of(problem(doc, "gate_failed", "insurance")), 7);
	cr_assert_eq(line_of(problem(doc, "gate_failed", "max_prices")), 5, "a missing declaration: its container");
	cr_assert_eq(line_of(problem(doc, "missing_response", "Q2")), 11, "a blank response: its own line");
	cr_assert_eq(line_of(problem(doc, "missing_response", "Q3")), 9, "a missing response: <responses>");
	cr_assert_eq(line_of(problem(doc, "invalid_price", "weekly_single")), 14);
	cr_assert_eq(line_of(problem(doc, "price_above_max", "weekly_shared")), 15);
	cr_assert_eq(line_of(problem(doc, "missing_price", "waking_night")), 13);
	cr_assert_null(problem(doc, "gate_failed", "cqc"));
	cr_assert_not_null(json_object_get(doc, "note"), "price points are never guessed, and it says so");
	json_decref(doc);
	co_rules_free(r);
}

Test(selfscore, rejections_and_over_long_answers)
{
	co_rules *r = load(L7);
	co_draft_status st;
	const char *dir = t_dir();
	/* Late and for another competition: one reason, the first (wrong_competition). */
	t_write(dir, "late.xml", "<bid xmlns=\"urn:calloff:bid:1\" id=\"D\" competition=\"OTHER\">\n"
	                         "<supplier id=\"GB-COH-1\"><name>D</name></supplier><submitted>2027-01-01T00:00:00Z</submitted></bid>\n");
	char p[600];
	snprintf(p, sizeof(p), "%s/late.xml", dir);
	json_t *doc = selfscore(r, p, &st);
	cr_assert_eq(st, CO_DRAFT_WOULD_BE_REJECTED);
	cr_assert_eq(json_array_size(json_object_get(doc, "problems")), 1);
	cr_assert_not_null(problem(doc, "wrong_competition", NULL));
	cr_assert_eq(line_of(problem(doc, "wrong_competition", NULL)), 1);
	json_decref(doc);
	/* Not schema-valid: invalid_bid with the parser's line. */
	t_write(dir, "bad.xml", "<bid xmlns=\"urn:calloff:bid:1\" id=\"D\" competition=\"DCF-L7-2026-01\">\n\n<oops/></bid>\n");
	snprintf(p, sizeof(p), "%s/bad.xml", dir);
	doc = selfscore(r, p, &st);
	cr_assert_eq(st, CO_DRAFT_WOULD_BE_REJECTED);
	cr_assert_eq(line_of(problem(doc, "invalid_bid", NULL)), 3);
	json_decref(doc);
	/* The shipped over-long answer: over_word_limit (disqualify in Lot 7) with both numbers. */
	doc = selfscore(r, TOP_SRCDIR "/bids/lot7/blackmore-vale-homecare.xml", &st);
	json_t *o = problem(doc, "over_word_limit", "Q3");
	cr_assert_not_null(o);
	cr_assert(strstr(t_str(o, "detail"), "words, limit 500"), "%s", t_str(o, "detail"));
	json_decref(doc);
	co_rules_free(r);
}

/* Write a copy of bid file `src` with a <self-assessment> giving these marks. */
static const char *with_self_marks(const char *src, json_t *questions)
{
	FILE *f = fopen(src, "rb");
	static char text[1 << 20];
	size_t n = fread(text, 1, sizeof(text) - 1, f);
	fclose(f);
	text[n] = '\0';
	char *end = strstr(text, "</bid>");
	cr_assert_not_null(end);
	char marks[4096] = "<self-assessment>";
	size_t i;
	json_t *q;
	json_array_foreach(questions, i, q)
	{
		char one[128];
		snprintf(one, sizeof(one), "<mark question=\"%s\">%s</mark>", t_str(q, "id"), t_str(q, "mark"));
		strcat(marks, one);
	}
	strcat(marks, "</self-assessment>\n");
	static char out[(1 << 20) + 8192];
	snprintf(out, sizeof(out), "%.*s%s%s", (int)(end - text), text, marks, end);
	return t_write(t_dir(), "self.xml", out);
}

static void projection_equals_evaluate(const char *rules_path, const char *bids, const char *marks)
{
	co_rules *r = load(rules_path);
	const char *args[] = {bids};
	t_run run = t_eval_paths(rules_path, args, 1, marks);
	cr_assert_eq(run.rc, 0);
	size_t i, checked = 0;
	json_t *b;
	cr_assert_gt(json_array_size(json_object_get(run.doc, "bids")), 0);
	json_array_foreach(json_object_get(run.doc, "bids"), i, b)
	{
		if (!json_is_string(json_object_get(b, "quality")))
			continue;
		co_draft_status st;
		json_t *doc = selfscore(r, with_self_marks(t_str(b, "file"), json_object_get(b, "questions")), &st);
		json_t *p = json_object_get(doc, "projected");
		cr_assert(json_is_true(json_object_get(p, "complete")));
		cr_assert_str_eq(t_str(p, "quality_points"), t_str(b, "quality"), "bid %s", t_str(b, "bid"));
		size_t k;
		json_t *q;
		cr_assert_gt(json_array_size(json_object_get(b, "questions")), 0, "bid %s", t_str(b, "bid"));
		cr_assert_eq(json_array_size(json_object_get(doc, "questions")), json_array_size(json_object_get(b, "questions")),
		             "bid %s: a projection for every question", t_str(b, "bid"));
		json_array_foreach(json_object_get(b, "questions"), k, q)
			cr_assert_str_eq(t_str(json_array_get(json_object_get(doc, "questions"), k), "points"), t_str(q, "points"));
		json_decref(doc);
		checked++;
	}
	cr_assert_gt(checked, 4);
	t_run_free(&run);
	co_rules_free(r);
}

Test(selfscore, projection_equals_evaluate_on_lot7)
{
	projection_equals_evaluate(L7, TOP_SRCDIR "/bids/lot7", TOP_SRCDIR "/bids/marks/dorset-lot7-marks.xml");
}

Test(selfscore, projection_equals_evaluate_on_lot8)
{
	projection_equals_evaluate(TOP_SRCDIR "/rules/dorset-lot8-extra-care.yaml", TOP_SRCDIR "/bids/lot8",
	                           TOP_SRCDIR "/bids/marks/dorset-lot8-marks.xml");
}

Test(selfscore, what_one_more_mark_is_worth_and_missing_self_marks)
{
	co_rules *r = load(L7);
	char *tpl = NULL;
	cr_assert_eq(co_template(&tpl, r), 0);
	/* The time written as the provider must (the placeholder is not one), 20 characters for 20. */
	char *when = strstr(tpl, "<submitted>YYYY-MM-DDThh:mm:ssZ<");
	cr_assert_not_null(when);
	memcpy(when + strlen("<submitted>"), "2026-11-28T10:15:00Z", 20);
	/*
	 * Only Q1 (weight 15) self-marked 3: 9.00 of 15.00; one more mark is worth 3.00. Q2 to Q6 left
	 * empty as the template leaves them, Q7 and Q8 deleted: either is not self-marked.
	 */
	char *p = strstr(tpl, "<mark question=\"Q1\"></mark>");
	cr_assert_not_null(p);
	char *marked = co_strdupf("%.*s<mark question=\"Q1\">3</mark>%s", (int)(p - tpl), tpl,
	                          p + strlen("<mark question=\"Q1\"></mark>"));
	free(tpl);
	tpl = marked;
	for (const char *q = "78"; *q; q++) {
		char tag[64];
		snprintf(tag, sizeof(tag), "    <mark question=\"Q%c\"></mark>\n", *q);
		char *m = strstr(tpl, tag);
		cr_assert_not_null(m);
		memmove(m, m + strlen(tag), strlen(m + strlen(tag)) + 1);
	}
	cr_assert(strstr(tpl, "<mark question=\"Q2\"></mark>"), "Q2 is left empty");
	co_draft_status st;
	json_t *doc = selfscore(r, t_write(t_dir(), "d.xml", tpl), &st);
	cr_assert_eq(json_array_size(json_object_get(doc, "risks")), 0, "an empty self-mark is no risk, nor off the scale");
	for (size_t i = 1; i < 8; i++)
		cr_assert(json_is_null(json_object_get(json_array_get(json_object_get(doc, "questions"), i), "self_mark")),
		          "question %zu is not self-marked", i + 1);
	json_t *q1 = json_array_get(json_object_get(doc, "questions"), 0), *q2 = json_array_get(json_object_get(doc, "questions"), 1);
	cr_assert_str_eq(t_str(q1, "points"), "9.00");
	cr_assert_str_eq(t_str(q1, "available"), "15.00");
	cr_assert_str_eq(t_str(q1, "next_mark_worth"), "3.00");
	cr_assert_str_eq(t_str(q2, "points"), "");
	cr_assert_str_eq(json_string_value(json_array_get(json_object_get(q2, "range"), 1)), "15.00");
	json_t *proj = json_object_get(doc, "projected");
	cr_assert_not(json_is_true(json_object_get(proj, "complete")));
	cr_assert_str_eq(t_str(proj, "min"), "9.00");
	cr_assert_str_eq(t_str(proj, "max"), "94.00", "9 + the 85 points of the other questions");
	json_decref(doc);
	free(tpl);
	co_rules_free(r);
}

/* Fill the template as a provider would: ids, the time it is sent, declarations, answers, prices at the maximum, self-marks. */
static char *fill(const co_rules *r, const char *tpl)
{
	size_t cap = strlen(tpl) * 2 + 4096;
	char *out = malloc(cap), *o = out;
	for (const char *p = tpl; *p;) {
		if (!strncmp(p, "YOUR-BID-ID", 11)) {
			o += sprintf(o, "D-42");
			p += 11;
		} else if (!strncmp(p, ">YYYY-MM-DDThh:mm:ssZ<", 22)) {
			o += sprintf(o, ">2026-11-28T10:15:00Z<");
			p += 22;
		} else if (!strncmp(p, ">false<", 7)) {
			o += sprintf(o, ">true<");
			p += 7;
		} else if (!strncmp(p, "\"></response>", 13)) {
			o += sprintf(o, "\">Our answer, with evidence.</response>");
			p += 13;
		} else if (!strncmp(p, "<price item=\"", 13)) {
			const char *id = p + 13, *q = strchr(id, '"');
			long k = -1;
			for (size_t i = 0; i < r->np; i++)
				if (strlen(r->prices[i].id) == (size_t)(q - id) && !strncmp(r->prices[i].id, id, (size_t)(q - id)))
					k = (long)i;
			char *max = co_num_format(r->prices[k].max, 2);
			o += sprintf(o, "<price item=\"%.*s\">%s</price>", (int)(q - id), id, max);
			free(max);
			p = strstr(q, "</price>") + 8;
		} else if (!strncmp(p, "\"></mark>", 9)) {
			o += sprintf(o, "\">4</mark>");
			p += 9;
		} else {
			*o++ = *p++;
		}
	}
	*o = '\0';
	return out;
}

static void round_trip(const char *rules_path)
{
	co_rules *r = load(rules_path);
	char *tpl = NULL;
	cr_assert_eq(co_template(&tpl, r), 0);
	co_xschema *schema = NULL;
	cr_assert_eq(co_xschema_load(&schema, CO_SCHEMA_BID), 0);
	co_bid *b = NULL;
	cr_assert_eq(co_bid_read(&b, t_write(t_dir(), "tpl.xml", tpl), NULL, schema, 1), 0);
	cr_assert(b->invalid, "the blank template is not a valid bid until its <submitted> time is written");
	cr_assert(strstr(b->invalid_detail, "YYYY-MM-DDThh:mm:ssZ"), "%s", b->invalid_detail);
	co_bid_free(b);
	char *filled = fill(r, tpl);
	const char *path = t_write(t_dir(), "filled.xml", filled);
	cr_assert_eq(co_bid_read(&b, path, NULL, schema, 1), 0);
	cr_assert_not(b->invalid, "the filled template is valid: %s", b->invalid_detail);
	co_bid_free(b);
	co_draft_status st;
	json_t *doc = selfscore(r, path, &st);
	cr_assert_eq(st, CO_DRAFT_COMPLIANT, "%s", json_dumps(json_object_get(doc, "problems"), 0));
	cr_assert_str_eq(t_str(json_object_get(doc, "projected"), "quality_points"), "80.00", "4/5 of the quality weight 100");
	json_decref(doc);
	free(filled);
	free(tpl);
	co_xschema_free(schema);
	co_rules_free(r);
}

Test(selfscore, the_template_round_trips_to_a_compliant_bid)
{
	round_trip(L7);
	round_trip(TOP_SRCDIR "/rules/dorset-lot8-extra-care.yaml");
}

Test(selfscore, the_text_shows_the_draft_path_and_quoted_inputs_escaped)
{
	co_rules *r = load(TOP_SRCDIR "/rules/dorset-lot7-live-in-care.yaml");
	char *acme = t_read(TOP_SRCDIR "/bids/lot7/acme-live-in-care.xml"), *draft_text = NULL;
	const char *from = ">1095.00<", *at = strstr(acme, from);
	cr_assert_not_null(at);
	cr_assert_geq(asprintf(&draft_text, "%.*s>1\xc2\x9b" "095\x7f<%s", (int)(at - acme), acme, at + strlen(from)), 0);
	const char *draft = t_write(t_dir(), "draft\x1b]0;title\x07.xml", draft_text);
	char *text = NULL;
	co_draft_status st;
	co_diags *d = co_diags_new();
	cr_assert_eq(co_selfscore(&text, r, draft, 0, &st, d), 0, "%s", t_diags_text(d));
	cr_assert_eq(st, CO_DRAFT_WOULD_BE_DISQUALIFIED);
	cr_assert_null(t_raw_control(text), "%s", text);
	cr_assert(strstr(text, "draft\\x1b]0;title\\x07.xml"), "%s", text);
	cr_assert(strstr(text, "1\\u009b095\\x7f"), "the price as written, escaped: %s", text);
	free(text);
	free(draft_text);
	free(acme);
	co_diags_free(d);
	co_rules_free(r);
}
