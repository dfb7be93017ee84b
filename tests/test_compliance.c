/* Stage 2, compliance: gates, responses, word limits, prices and schemes; every reason of the stage. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include "evaluating/result.h"
#include "helpers.h"

#define RULES(extra) RULES_HEAD                                                          \
	"award: {mode: top_n, n: 5}\nweights: {quality: 60, price: 40}\n"                    \
	"moderation: {consensus: mean}\n"                                                    \
	"gates:\n  - {id: cqc}\n  - {id: ins}\n"                                             \
	"questions:\n  - {id: Q1, weight: 50, max_words: 5}\n  - {id: Q2, weight: 50}\n"      \
	"prices:\n  - {id: p, max: 1150, weight: 100}\n  - {id: mile, max: 0.45, scored: false}\n" extra

static t_run run_one(const char *rules, const char *questions, const char *prices, const char *decls)
{
	const char *d = t_dir();
	t_put_bid(d, "b1.xml", "B1", "GB-COH-1", "2026-11-01T12:00:00Z", questions, prices, NULL, decls);
	char *m = t_marks("T-1", 1, "B1:Q1=3;Q2=3");
	t_run r = t_eval(rules, d, m);
	free(m);
	cr_assert_eq(r.rc, 0, "%s", t_diags_text(r.diags));
	return r;
}

static void has_reason(const json_t *b, const char *code, const char *key, const char *val)
{
	json_t *rs = json_object_get(b, "reasons"), *x;
	size_t i;
	json_array_foreach(rs, i, x)
	{
		if (strcmp(json_string_value(json_object_get(x, "code")), code) == 0 &&
		    (!key || strcmp(t_str(x, key), val) == 0))
			return;
	}
	cr_assert_fail("no reason %s (%s=%s) in %s", code, key ? key : "", val ? val : "", json_dumps(rs, 0));
}

/* The reason code of b about key=val (any when key is NULL), or NULL. */
static const json_t *reason_of(const json_t *b, const char *code, const char *key, const char *val)
{
	json_t *rs = json_object_get(b, "reasons"), *x;
	size_t i;
	json_array_foreach(rs, i, x)
	{
		if (strcmp(json_string_value(json_object_get(x, "code")), code) == 0 &&
		    (!key || strcmp(t_str(x, key), val) == 0))
			return x;
	}
	return NULL;
}

Test(compliance, a_compliant_bid_passes)
{
	t_run r = run_one(RULES(""), "Q1,Q2", "p=1000.00,mile=0.45", "cqc=true,ins=1");
	cr_assert_str_eq(t_str(t_bid_of(&r, "B1"), "status"), "awarded");
	t_run_free(&r);
}

Test(compliance, gates_pass_only_on_true_or_1)
{
	t_run r = run_one(RULES(""), "Q1,Q2", "p=1000.00,mile=0.45", "cqc=false");
	json_t *b = t_bid_of(&r, "B1");
	cr_assert_str_eq(t_str(b, "status"), "disqualified");
	has_reason(b, "gate_failed", "gate", "cqc");
	has_reason(b, "gate_failed", "gate", "ins"); /* no declaration at all */
	cr_assert_str_eq(t_str(b, "quality"), "", "quality is not computed for a disqualified bid");
	t_run_free(&r);
}

/* A failed gate's reason quotes the declaration's word as written, and its line. */
Test(compliance, a_failed_gate_quotes_the_word_and_line_of_its_declaration)
{
	const char *words[][2] = {{"0", "false"}, {"false", "0"}};
	for (size_t k = 0; k < 2; k++) {
		char decls[64];
		snprintf(decls, sizeof(decls), "cqc=%s,ins=%s", words[k][0], words[k][1]);
		t_run r = run_one(RULES(""), "Q1,Q2", "p=1000.00,mile=0.45", decls);
		char *xml = t_bid("B1", "GB-COH-1", "2026-11-01T12:00:00Z", "Q1,Q2", "p=1000.00,mile=0.45", NULL, decls);
		json_t *b = t_bid_of(&r, "B1");
		const char *gates[] = {"cqc", "ins"};
		for (size_t g = 0; g < 2; g++) {
			const json_t *x = reason_of(b, "gate_failed", "gate", gates[g]);
			cr_assert_not_null(x, "%s", decls);
			char attr[32], want[128];
			snprintf(attr, sizeof(attr), "gate=\"%s\"", gates[g]);
			const char *at = strstr(xml, attr);
			cr_assert_not_null(at);
			int line = 1;
			for (const char *c = xml; c < at; c++)
				line += *c == '\n';
			cr_assert_gt(line, 1);
			snprintf(want, sizeof(want), "gate '%s' declared '%s' (line %d)", gates[g], words[k][g], line);
			cr_assert_str_eq(t_str(x, "detail"), want);
		}
		free(xml);
		t_run_free(&r);
	}
}

Test(compliance, missing_and_blank_responses)
{
	t_run r = run_one(RULES(""), "Q1", "p=1000.00,mile=0.45", "cqc=true,ins=true");
	has_reason(t_bid_of(&r, "B1"), "missing_response", "question", "Q2");
	t_run_free(&r);
	const char *d = t_dir();
	t_write(d, "b1.xml", "<bid xmlns=\"urn:calloff:bid:1\" id=\"B1\" competition=\"T-1\">"
	                     "<supplier id=\"GB-COH-1\"><name>S</name></supplier><submitted>2026-11-01T12:00:00Z</submitted>"
	                     "<declarations><declaration gate=\"cqc\">true</declaration><declaration gate=\"ins\">true</declaration></declarations>"
	                     "<responses><response question=\"Q1\">ok</response><response question=\"Q2\"> \xC2\xA0\n</response></responses>"
	                     "<prices><price item=\"p\">1</price><price item=\"mile\">0.1</price></prices></bid>");
	r = t_eval(RULES(""), d, NULL);
	cr_assert_eq(r.rc, CO_EINVALID, "questions need marks");
	t_run_free(&r);
	char *m = t_marks("T-1", 1, "B1:Q1=3;Q2=3");
	r = t_eval(RULES(""), d, m);
	free(m);
	has_reason(t_bid_of(&r, "B1"), "missing_response", "question", "Q2");
	t_run_free(&r);
}

Test(compliance, word_limit_flags_or_disqualifies)
{
	/* "A clear answer." plus three words is 6 words, over the limit of 5. */
	t_run r = run_one(RULES(""), "Q1= one two three,Q2", "p=1000.00,mile=0.45", "cqc=true,ins=true");
	json_t *b = t_bid_of(&r, "B1");
	cr_assert_str_eq(t_str(b, "status"), "awarded", "word_limit defaults to flag");
	cr_assert_str_eq(t_flag(b, 0), "over_word_limit");
	t_run_free(&r);
	r = run_one(RULES("word_limit: disqualify\n"), "Q1= one two three,Q2", "p=1000.00,mile=0.45", "cqc=true,ins=true");
	b = t_bid_of(&r, "B1");
	cr_assert_str_eq(t_str(b, "status"), "disqualified");
	has_reason(b, "over_word_limit", "question", "Q1");
	cr_assert(strstr(json_string_value(json_object_get(json_array_get(json_object_get(b, "reasons"), 0), "detail")),
	                 "6 words, limit 5"));
	t_run_free(&r);
	/* Exactly at the limit is within it. */
	r = run_one(RULES("word_limit: disqualify\n"), "Q1= one two,Q2", "p=1000.00,mile=0.45", "cqc=true,ins=true");
	cr_assert_str_eq(t_str(t_bid_of(&r, "B1"), "status"), "awarded");
	t_run_free(&r);
}

Test(compliance, prices_are_judged_here)
{
	/* (A thousands separator is tested in thousands_separators_are_invalid: the helper splits on commas.) */
	static const char *invalid[] = {"£1080", "1 080.00", "-5", "0", "0.00", "1e3", "10.005", "NaN", "+10", ""};
	for (size_t i = 0; i < sizeof(invalid) / sizeof(*invalid); i++) {
		char prices[64];
		snprintf(prices, sizeof(prices), "p=%s,mile=0.45", invalid[i]);
		t_run r = run_one(RULES(""), "Q1,Q2", prices, "cqc=true,ins=true");
		json_t *b = t_bid_of(&r, "B1");
		has_reason(b, "invalid_price", "item", "p");
		cr_assert_str_eq(t_str(json_array_get(json_object_get(b, "prices"), 0), "value"), invalid[i],
		                 "the invalid text is shown as given");
		t_run_free(&r);
	}
	t_run r = run_one(RULES(""), "Q1,Q2", "p=1150.01", "cqc=true,ins=true");
	json_t *b = t_bid_of(&r, "B1");
	has_reason(b, "price_above_max", "item", "p");
	has_reason(b, "missing_price", "item", "mile");
	t_run_free(&r);
	r = run_one(RULES(""), "Q1,Q2", "p=1150,mile=0.46", "cqc=true,ins=true");
	has_reason(t_bid_of(&r, "B1"), "price_above_max", "item", "mile");
	cr_assert_str_eq(t_str(json_array_get(json_object_get(t_bid_of(&r, "B1"), "prices"), 0), "value"), "1150.00");
	t_run_free(&r);
}

#define FIXED RULES_HEAD                                                                 \
	"award: {mode: top_n, n: 5}\nweights: {quality: 100, price: 0}\n"                    \
	"moderation: {consensus: mean}\nquestions:\n  - {id: Q1, weight: 50}\n  - {id: Q2, weight: 50}\n" \
	"prices:\n  - {id: p, max: 24.50}\n  - {id: mile, max: 0.45, scored: false}\nprice_scoring: fixed\n"

Test(compliance, fixed_prices_must_equal_the_council_rate)
{
	t_run r = run_one(FIXED, "Q1,Q2", "p=24.5,mile=0.40", NULL);
	cr_assert_str_eq(t_str(t_bid_of(&r, "B1"), "status"), "awarded", "unscored items stay caps under fixed");
	t_run_free(&r);
	r = run_one(FIXED, "Q1,Q2", "p=23.90,mile=0.45", NULL);
	has_reason(t_bid_of(&r, "B1"), "price_not_fixed", "item", "p");
	t_run_free(&r);
	r = run_one(FIXED, "Q1,Q2", "p=25.00,mile=0.45", NULL);
	has_reason(t_bid_of(&r, "B1"), "price_above_max", "item", "p");
	has_reason(t_bid_of(&r, "B1"), "price_not_fixed", "item", "p");
	t_run_free(&r);
}

Test(compliance, every_reason_of_the_stage_is_given)
{
	t_run r = run_one(RULES("word_limit: disqualify\n"), "Q1= a b c d e f", "p=abc", "cqc=true");
	json_t *b = t_bid_of(&r, "B1");
	has_reason(b, "gate_failed", "gate", "ins");
	has_reason(b, "over_word_limit", "question", "Q1");
	has_reason(b, "missing_response", "question", "Q2");
	has_reason(b, "invalid_price", "item", "p");
	has_reason(b, "missing_price", "item", "mile");
	cr_assert_eq(json_array_size(json_object_get(b, "reasons")), 5);
	t_run_free(&r);
}

#define SCHEMES RULES_HEAD                                                               \
	"award: {mode: per_scheme}\nweights: {quality: 100, price: 0}\n"                     \
	"moderation: {consensus: mean}\nquestions:\n  - {id: Q1, weight: 100}\n"              \
	"schemes:\n  - {id: S1}\n  - {id: S2}\n"

Test(compliance, per_scheme_bids_must_name_a_known_scheme)
{
	const char *d = t_dir();
	t_put_bid(d, "b1.xml", "B1", "GB-COH-1", "2026-11-01T12:00:00Z", "Q1", "", "S9", NULL);
	t_put_bid(d, "b2.xml", "B2", "GB-COH-2", "2026-11-01T12:00:00Z", "Q1", "", NULL, NULL);
	t_put_bid(d, "b3.xml", "B3", "GB-COH-3", "2026-11-01T12:00:00Z", "Q1", "", "S9,S2", NULL);
	char *m = t_marks("T-1", 1, "B3:Q1=3");
	t_run r = t_eval(SCHEMES, d, m);
	free(m);
	cr_assert_eq(r.rc, 0, "%s", t_diags_text(r.diags));
	has_reason(t_bid_of(&r, "B1"), "no_scheme", NULL, NULL);
	has_reason(t_bid_of(&r, "B2"), "no_scheme", NULL, NULL);
	cr_assert_str_eq(t_str(reason_of(t_bid_of(&r, "B1"), "no_scheme", NULL, NULL), "detail"),
	                 "none of the schemes the bid names is a scheme of this competition");
	cr_assert_str_eq(t_str(reason_of(t_bid_of(&r, "B2"), "no_scheme", NULL, NULL), "detail"), "the bid names no scheme");
	cr_assert_str_eq(t_str(t_bid_of(&r, "B3"), "status"), "awarded", "one known scheme is enough");
	t_run_free(&r);
}

Test(compliance, thousands_separators_are_invalid)
{
	const char *d = t_dir();
	t_write(d, "b1.xml", "<bid xmlns=\"urn:calloff:bid:1\" id=\"B1\" competition=\"T-1\">"
	                     "<supplier id=\"GB-COH-1\"><name>S</name></supplier><submitted>2026-11-01T12:00:00Z</submitted>"
	                     "<declarations><declaration gate=\"cqc\">true</declaration><declaration gate=\"ins\">true</declaration></declarations>"
	                     "<responses><response question=\"Q1\">ok</response><response question=\"Q2\">ok</response></responses>"
	                     "<prices><price item=\"p\">1,080.00</price><price item=\"mile\">0.45</price></prices></bid>");
	char *m = t_marks("T-1", 1, "B1:Q1=3;Q2=3");
	t_run r = t_eval(RULES(""), d, m);
	free(m);
	cr_assert_eq(r.rc, 0, "%s", t_diags_text(r.diags));
	has_reason(t_bid_of(&r, "B1"), "invalid_price", "item", "p");
	t_run_free(&r);
}
