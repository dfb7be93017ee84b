/* The blank bid: valid against bids/bid.xsd, every gate, question, item and scheme in it, and its comments true to the rules. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "reading/bid.h"
#include "reading/rules_internal.h"
#include "helpers.h"

#define L7 TOP_SRCDIR "/rules/dorset-lot7-live-in-care.yaml"
#define L8 TOP_SRCDIR "/rules/dorset-lot8-extra-care.yaml"
#define L8_CAPPED TOP_SRCDIR "/rules/dorset-lot8-extra-care-capped.yaml"

static co_rules *load_rules(const char *path)
{
	co_rules *r = NULL;
	co_diags *d = co_diags_new();
	cr_assert_eq(co_rules_load(&r, path, d), 0, "%s", t_diags_text(d));
	co_diags_free(d);
	return r;
}

static char *template_of(const co_rules *r)
{
	char *xml = NULL;
	cr_assert_eq(co_template(&xml, r), 0);
	cr_assert_not_null(xml);
	return xml;
}

/* Written to a file, the template is valid for xmllint against bids/bid.xsd, and for the engine's own reading. */
static void schema_valid(const char *xml)
{
	const char *d = t_dir();
	char path[600], cmd[2000];
	snprintf(path, sizeof(path), "%s", t_write(d, "draft.xml", xml));
	snprintf(cmd, sizeof(cmd), "xmllint --noout --nonet --schema '%s/bids/bid.xsd' '%s' >'%s/xmllint.out' 2>&1", TOP_SRCDIR,
	         path, d);
	int rc = system(cmd);
	char out[600];
	snprintf(out, sizeof(out), "%s/xmllint.out", d);
	FILE *f = fopen(out, "r");
	char said[2048] = "";
	if (f) {
		said[fread(said, 1, sizeof(said) - 1, f)] = '\0';
		fclose(f);
	}
	cr_assert_eq(rc, 0, "xmllint --schema bids/bid.xsd: %s\n%s", said, xml);
	cr_assert(strstr(said, "validates"), "xmllint says: %s", said);
	co_xschema *schema = NULL;
	co_bid *bid = NULL;
	cr_assert_eq(co_xschema_load(&schema, CO_SCHEMA_BID), 0);
	cr_assert_eq(co_bid_read(&bid, path, NULL, schema, 0), 0);
	cr_assert_eq(bid->invalid, 0, "the engine reads it as valid: %s", bid->invalid_detail ? bid->invalid_detail : "");
	co_bid_free(bid);
	co_xschema_free(schema);
}

/* The blank bid with its <submitted> placeholder replaced by a time, as the provider does before sending it (the caller frees). */
static char *sent(const char *xml, const char *when)
{
	const char *ph = "<submitted>YYYY-MM-DDThh:mm:ssZ</submitted>", *at = strstr(xml, ph);
	cr_assert_not_null(at, "the placeholder is there:\n%s", xml);
	char *out = malloc(strlen(xml) + 64);
	cr_assert_not_null(out);
	sprintf(out, "%.*s<submitted>%s</submitted>%s", (int)(at - xml), xml, when, at + strlen(ph));
	return out;
}

static size_t count(const char *s, const char *needle)
{
	size_t n = 0;
	for (const char *p = s; (p = strstr(p, needle)); p += strlen(needle))
		n++;
	return n;
}

Test(template, the_blank_bid_of_each_shipped_rule_file_is_valid_against_the_bid_schema_once_its_time_is_written)
{
	const char *rules[] = {L7, L8, L8_CAPPED};
	for (size_t i = 0; i < 3; i++) {
		co_rules *r = load_rules(rules[i]);
		char *xml = template_of(r), *filled = sent(xml, "2026-11-28T10:15:00Z");
		schema_valid(filled);
		free(filled);
		free(xml);
		co_rules_free(r);
	}
}

Test(template, the_submitted_time_is_left_for_the_provider_and_the_bid_is_not_valid_until_it_is_written)
{
	co_rules *r = load_rules(L7);
	char *xml = template_of(r);
	cr_assert_not(strstr(xml, "<submitted>2026-12-01T12:00:00Z</submitted>"), "the deadline is not pre-filled");
	cr_assert_eq(count(xml, "<submitted>"), 1);
	/* The comment says what to write, that the portal's receipt decides lateness, and the rules' tolerance. */
	cr_assert(strstr(xml, "<!-- When you send the bid: replace YYYY-MM-DDThh:mm:ssZ with the date and time, with a time zone "
	                      "(e.g. 2026-11-28T10:15:00Z); until then the bid is not valid. A bid received after "
	                      "2026-12-01T12:00:00Z is late. Where the authority has the e-tendering portal's receipt log, the "
	                      "time the portal received the bid decides it, not this one, and a time written here more than "
	                      "300 seconds from the portal's is flagged -->\n  <submitted>YYYY-MM-DDThh:mm:ssZ</submitted>\n"),
	          "%s", xml);
	/* As written, the engine reads it as invalid at the <submitted> line (7: the declaration, two comments, <bid>, <supplier>). */
	const char *path = t_write(t_dir(), "blank.xml", xml);
	co_xschema *schema = NULL;
	co_bid *bid = NULL;
	cr_assert_eq(co_xschema_load(&schema, CO_SCHEMA_BID), 0);
	cr_assert_eq(co_bid_read(&bid, path, NULL, schema, 0), 0);
	cr_assert(bid->invalid, "a placeholder is not a time");
	cr_assert_eq(bid->invalid_line, 7, "%s", bid->invalid_detail);
	cr_assert(strstr(bid->invalid_detail, "'YYYY-MM-DDThh:mm:ssZ' is not a valid value"), "%s", bid->invalid_detail);
	co_bid_free(bid);
	co_xschema_free(schema);
	free(xml);
	co_rules_free(r);
	/* The tolerance the rules set is the one told. */
	r = load_rules(t_write(t_dir(), "r.yaml", RULES_HEAD "award: {mode: top_n, n: 1}\nweights: {quality: 100, price: 0}\n"
	                                                    "questions:\n  - {id: Q1, weight: 100}\nreceipts: {tolerance_seconds: 60}\n"));
	xml = template_of(r);
	cr_assert(strstr(xml, "more than 60 seconds from the portal's is flagged"), "%s", xml);
	free(xml);
	co_rules_free(r);
}

/* Each element for an id of the rules, exactly once and in the rules' order. */
static void each_once_in_order(const char *xml, const char *fmt, const char *const *ids, size_t n)
{
	cr_assert_gt(n, 0);
	const char *prev = xml;
	for (size_t i = 0; i < n; i++) {
		char el[200];
		snprintf(el, sizeof(el), fmt, ids[i]);
		cr_assert_eq(count(xml, el), 1, "%s once", el);
		const char *at = strstr(xml, el);
		cr_assert(at > prev, "%s after the one before", el);
		prev = at;
	}
}

Test(template, every_gate_question_price_item_and_scheme_appears_once_in_the_rules_order)
{
	co_rules *r = load_rules(L7);
	char *xml = template_of(r);
	const char *gates[] = {"cqc", "insurance", "max_prices"};
	const char *questions[] = {"Q1", "Q2", "Q3", "Q4", "Q5", "Q6", "Q7", "Q8"};
	const char *items[] = {"weekly_single", "weekly_shared", "sleeping_night", "waking_night", "mileage"};
	each_once_in_order(xml, "<declaration gate=\"%s\">false</declaration>", gates, 3);
	each_once_in_order(xml, "<response question=\"%s\"></response>", questions, 8);
	each_once_in_order(xml, "<price item=\"%s\"></price>", items, 5);
	each_once_in_order(xml, "<mark question=\"%s\"></mark>", questions, 8);
	cr_assert_eq(count(xml, "<declaration "), 3, "nothing more");
	cr_assert_eq(count(xml, "<response "), 8);
	cr_assert_eq(count(xml, "<price "), 5);
	cr_assert_eq(count(xml, "<scheme "), 0, "a top-n lot has no schemes");
	cr_assert(strstr(xml, "competition=\"DCF-L7-2026-01\""));
	free(xml);
	co_rules_free(r);

	r = load_rules(L8);
	xml = template_of(r);
	const char *schemes[] = {"ECH-01", "ECH-02", "ECH-03", "ECH-04", "ECH-05"};
	const char *l8_items[] = {"hourly_rate", "night_cover", "mileage"};
	each_once_in_order(xml, "<scheme ref=\"%s\"/>", schemes, 5);
	each_once_in_order(xml, "<price item=\"%s\"></price>", l8_items, 3);
	cr_assert_eq(count(xml, "<response "), 6);
	cr_assert(strstr(xml, "<!-- Coneygar Court, Bridport -->"), "each scheme's name and town");
	free(xml);
	co_rules_free(r);
}

Test(template, comments_give_each_questions_weight_points_word_limit_and_floor)
{
	co_rules *r = load_rules(L7);
	char *xml = template_of(r);
	/* Lot 7: quality weight 100, Q1 weight 15: 100 x 15 / 100 = 15 points; its floor is the lot's min_mark 2. */
	cr_assert(strstr(xml, "<!-- Q1 Matching carers to people: weight 15% of the quality score (15.00 points); at most "
	                      "500 words; a consensus mark below 2 disqualifies. Describe how"),
	          "%s", xml);
	/* Q3 has its own min_mark 3, which comes first. */
	cr_assert(strstr(xml, "Q3 Breaks and working time: weight 15% of the quality score (15.00 points); at most 500 words; "
	                      "a consensus mark below 3 disqualifies."));
	cr_assert(strstr(xml, "Q4 Sleeping and waking night cover: weight 10% of the quality score (10.00 points); at most 400"));
	/* Price weight 0: every item is a cap; mileage is not scored at all. */
	cr_assert(strstr(xml, "<!-- weekly_single Live-in care for one person, per week: maximum 1150.00 GBP per week; not "
	                      "scored (price weight 0): a cap only."));
	cr_assert(strstr(xml, "<!-- mileage Mileage when driving the person, per mile: maximum 0.45 GBP per mile; not scored: a "
	                      "cap only."));
	cr_assert(strstr(xml, "Deadline 2026-12-01T12:00:00Z"));
	free(xml);
	co_rules_free(r);

	r = load_rules(L8);
	xml = template_of(r);
	cr_assert(strstr(xml, "hourly_rate Personal care and support, per hour (council rate): fixed at 24.50 GBP per hour; a "
	                      "fixed price: bid exactly 24.50."),
	          "a fixed price says what to bid");
	free(xml);
	co_rules_free(r);

	/* A priced lot: 60 x 70 / 100 = 42 points for Q1, which has no word limit and no floor; the item's share of price. */
	r = load_rules(t_write(t_dir(), "r.yaml", RULES_HEAD "award: {mode: top_n, n: 1}\nweights: {quality: 60, price: 40}\n"
	                                                    "questions:\n  - {id: Q1, weight: 70}\n  - {id: Q2, weight: 30, "
	                                                    "max_words: 250}\n"
	                                                    "prices:\n  - {id: p, unit: week, max: 1200, weight: 80}\n"
	                                                    "  - {id: q, max: 99.5, weight: 20}\n"));
	xml = template_of(r);
	cr_assert(strstr(xml, "<!-- Q1: weight 70% of the quality score (42.00 points). -->"), "%s", xml);
	cr_assert(strstr(xml, "<!-- Q2: weight 30% of the quality score (18.00 points); at most 250 words. -->"), "%s", xml);
	cr_assert(strstr(xml, "<!-- p: maximum 1200.00 GBP per week; weight 80% of the price score."), "%s", xml);
	cr_assert(strstr(xml, "<!-- q: maximum 99.50 GBP; weight 20% of the price score."), "%s", xml);
	char *filled = sent(xml, "2026-11-28T10:15:00Z");
	schema_valid(filled);
	free(filled);
	free(xml);
	co_rules_free(r);
}

Test(template, text_that_would_break_a_comment_or_the_markup_leaves_it_well_formed_and_valid)
{
	/* "--" may not appear in a comment, nor "-" end one; "<", "&" in the rules are text in a comment. */
	co_rules *r = load_rules(t_write(
		t_dir(), "r.yaml",
		RULES_HEAD "award: {mode: per_scheme}\nweights: {quality: 100, price: 0}\n"
		           "gates:\n  - {id: g--1, text: \"Insured -- fully --> always -\"}\n"
		           "questions:\n  - {id: Q-1, title: \"Risk -- and <b>safety</b> & more -\", text: \"Ends in a dash -\", "
		           "weight: 100}\n"
		           "prices:\n  - {id: p--x, text: \"a---b\", max: 10}\n"
		           "schemes:\n  - {id: S--1, name: \"Court <A> & B --\", town: \"-\"}\n"));
	char *xml = template_of(r), *filled = sent(xml, "2026-11-28T10:15:00+01:00");
	schema_valid(filled);
	free(filled);
	/* Every comment is closed where it ends: no "--" inside any comment. */
	size_t comments = 0;
	for (const char *p = xml; (p = strstr(p, "<!--")); comments++) {
		const char *end = strstr(p + 4, "-->");
		cr_assert_not_null(end);
		for (const char *q = p + 4; q < end; q++)
			cr_assert(!(q[0] == '-' && q[1] == '-'), "a comment holds \"--\": %.*s", (int)(end - p + 3), p);
		p = end + 3;
	}
	cr_assert_gt(comments, 5);
	cr_assert(strstr(xml, "<declaration gate=\"g--1\">false</declaration>"), "ids are kept as they are");
	cr_assert(strstr(xml, "<scheme ref=\"S--1\"/>"));
	cr_assert(strstr(xml, "Risk - - and <b>safety</b> & more -"), "the words stay, the dashes apart:\n%s", xml);
	free(xml);
	co_rules_free(r);
}

Test(template, selfscore_asks_for_the_time_first_then_finds_only_what_to_fill_in)
{
	/* As written: one problem, the placeholder, at its line; selfscore would have evaluate reject it. */
	co_rules *r = load_rules(L7);
	char *blank = template_of(r);
	const char *path = t_write(t_dir(), "draft.xml", blank);
	char *out = NULL;
	co_draft_status st = CO_DRAFT_COMPLIANT;
	cr_assert_eq(co_selfscore(&out, r, path, 1, &st, NULL), 0);
	cr_assert_eq(st, CO_DRAFT_WOULD_BE_REJECTED, "%s", out);
	json_t *doc = json_loads(out, 0, NULL);
	json_t *problems = json_object_get(doc, "problems");
	cr_assert_eq(json_array_size(problems), 1, "%s", out);
	cr_assert_str_eq(t_str(json_array_get(problems, 0), "code"), "invalid_bid");
	cr_assert_eq(json_integer_value(json_object_get(json_array_get(problems, 0), "line")), 7, "%s", out);
	json_decref(doc);
	free(out);
	/*
	 * With the time written, before the deadline: 3 gates declared false, 8 blank answers, 5 empty
	 * prices, the README's 16 problems, none of admissibility. An empty <price> is there but not a
	 * positive amount: invalid_price, as evaluate says.
	 */
	char *xml = sent(blank, "2026-11-28T10:15:00Z");
	free(blank);
	path = t_write(t_dir(), "draft.xml", xml);
	out = NULL;
	cr_assert_eq(co_selfscore(&out, r, path, 1, &st, NULL), 0);
	cr_assert_eq(st, CO_DRAFT_WOULD_BE_DISQUALIFIED, "disqualified, not rejected: %s", out);
	doc = json_loads(out, 0, NULL);
	problems = json_object_get(doc, "problems");
	cr_assert_eq(json_array_size(problems), 16, "%s", out);
	size_t gates = 0, answers = 0, prices = 0, i;
	json_t *p;
	json_array_foreach(problems, i, p)
	{
		const char *code = t_str(p, "code");
		gates += strcmp(code, "gate_failed") == 0;
		answers += strcmp(code, "missing_response") == 0;
		prices += strcmp(code, "invalid_price") == 0;
	}
	cr_assert_eq(gates, 3);
	cr_assert_eq(answers, 8);
	cr_assert_eq(prices, 5);
	/* The self-marks are left for the provider: none is taken for a 0 (no risk of a mark below a floor). */
	cr_assert_eq(json_array_size(json_object_get(doc, "risks")), 0, "%s", out);
	json_array_foreach(json_object_get(doc, "questions"), i, p)
	{
		cr_assert(json_is_null(json_object_get(p, "self_mark")), "%s is not self-marked: %s", t_str(p, "id"), out);
		cr_assert(json_is_array(json_object_get(p, "range")));
	}
	json_t *proj = json_object_get(doc, "projected");
	cr_assert(json_is_false(json_object_get(proj, "complete")));
	cr_assert_str_eq(t_str(proj, "quality_points"), "0.00");
	cr_assert_str_eq(t_str(proj, "max"), "100.00", "every point still possible");
	json_decref(doc);
	free(out);
	free(xml);
	co_rules_free(r);
}
