/* Rule files: the shipped examples load, and every validation rule of FORMATS.md 1 fires with its place. */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <stdio.h>
#include "helpers.h"
#include "reading/rules_internal.h"

#define VALID_TAIL                                               \
	"award: {mode: top_n, n: 2}\n"                               \
	"weights: {quality: 60, price: 40}\n"                        \
	"questions:\n"                                               \
	"  - {id: Q1, weight: 50}\n"                                 \
	"  - {id: Q2, weight: 50}\n"                                 \
	"prices:\n"                                                  \
	"  - {id: p1, max: 100, weight: 100}\n"

static co_rules *load(const char *text, co_diags *d, int *rc)
{
	co_rules *r = NULL;
	*rc = co_rules_load(&r, t_write(t_dir(), "rules.yaml", text), d);
	return r;
}

/* The rule file must be refused with a diagnostic at `where` (e.g. ":5:3:") containing `what`. */
static void refused(const char *text, const char *where, const char *what)
{
	co_diags *d = co_diags_new();
	int rc;
	co_rules *r = load(text, d, &rc);
	cr_assert_eq(rc, CO_EINVALID, "must be refused:\n%s", text);
	cr_assert_null(r);
	int found = 0;
	for (size_t i = 0; i < co_diags_count(d); i++) {
		const char *line = co_diags_at(d, i);
		if (strstr(line, where) && strstr(line, what))
			found = 1;
	}
	cr_assert(found, "expected '%s' at '%s' in:\n%s", what, where, t_diags_text(d));
	co_diags_free(d);
}

Test(rules, shipped_examples_are_valid)
{
	static const char *files[] = {"/rules/dorset-lot7-live-in-care.yaml", "/rules/dorset-lot8-extra-care.yaml"};
	for (int i = 0; i < 2; i++) {
		char path[512];
		snprintf(path, sizeof(path), "%s%s", TOP_SRCDIR, files[i]);
		co_rules *r = NULL;
		co_diags *d = co_diags_new();
		cr_assert_eq(co_rules_load(&r, path, d), 0, "%s", t_diags_text(d));
		cr_assert_eq(co_diags_count(d), 0);
		co_rules_free(r);
		co_diags_free(d);
	}
}

Test(rules, reads_every_field_of_a_valid_file)
{
	int rc;
	co_rules *r = load(RULES_HEAD VALID_TAIL "rounding: {decimals: 3, apply: each_score}\n"
	                                  "thresholds: {min_mark: 2, min_quality: 62.5}\n",
	                   NULL, &rc);
	cr_assert_eq(rc, 0);
	cr_assert_str_eq(r->id, "T-1");
	cr_assert_eq(r->n, 2);
	cr_assert_eq(r->nq, 2);
	cr_assert_eq(r->decimals, 3);
	cr_assert(r->each_score);
	cr_assert_eq(co_rules_max_mark(r), 5);
	cr_assert_eq(mpq_cmp_si(r->min_quality, 125, 2), 0, "62.5 is read exactly");
	cr_assert_eq(r->at_boundary, CO_BOUNDARY_ADMIT_ALL, "admit_all is the default");
	cr_assert_eq(r->consensus, CO_CONS_MODERATED, "moderated is the default consensus");
	co_rules_free(r);
}

Test(rules, weights_are_summed_as_exact_decimals)
{
	int rc;
	/* 33.3 + 33.3 + 33.4 is exactly 100; 33.33 x 3 is 99.99 and must be refused. */
	co_rules *r = load(RULES_HEAD "award: {mode: top_n, n: 1}\nweights: {quality: 100, price: 0}\n"
	                              "questions:\n  - {id: A, weight: 33.3}\n  - {id: B, weight: 33.3}\n"
	                              "  - {id: C, weight: 33.4}\n",
	                   NULL, &rc);
	cr_assert_eq(rc, 0);
	co_rules_free(r);
	refused(RULES_HEAD "award: {mode: top_n, n: 1}\nweights: {quality: 100, price: 0}\n"
	                   "questions:\n  - {id: A, weight: 33.33}\n  - {id: B, weight: 33.33}\n"
	                   "  - {id: C, weight: 33.33}\n",
	        ":7:3:", "question weights must sum to exactly 100, got 99.99");
	refused(RULES_HEAD "award: {mode: top_n, n: 1}\nweights: {quality: 60.1, price: 40}\n"
	                   "questions:\n  - {id: A, weight: 100}\nprices:\n  - {id: p, max: 5, weight: 100}\n",
	        ":5:10:", "weights quality + price must sum to exactly 100, got 100.1");
}

Test(rules, unknown_and_missing_keys)
{
	refused(RULES_HEAD VALID_TAIL "colour: blue\n", ":11:1:", "unknown key 'colour' in the rule file");
	refused(RULES_HEAD VALID_TAIL "thresholds: {min_mark: 2, max_mark: 4}\n", ":11:27:", "unknown key 'max_mark'");
	refused("calloff: 1\nscale: {marks: [0, 1]}\n" VALID_TAIL, ":1:1:", "missing required key 'competition'");
	refused("competition: {id: T-1, lot: {id: \"1\"}}\nscale: {marks: [0, 5]}\n" VALID_TAIL, ":1:1:",
	        "missing required key 'calloff'");
	refused("calloff: 2\ncompetition: {id: T-1, lot: {id: \"1\"}}\nscale: {marks: [0, 5]}\n" VALID_TAIL, ":1:10:",
	        "unsupported format version 2");
}

Test(rules, competition_id_must_be_an_id)
{
	refused("calloff: 1\ncompetition: {id: \"bad id!\", lot: {id: \"1\"}}\nscale: {marks: [0, 5]}\n" VALID_TAIL,
	        ":2:19:", "must match [A-Za-z0-9._-]{1,64}");
}

Test(rules, duplicate_ids)
{
	refused(RULES_HEAD "award: {mode: top_n, n: 1}\nweights: {quality: 100, price: 0}\n"
	                   "questions:\n  - {id: Q1, weight: 50}\n  - {id: Q1, weight: 50}\n",
	        ":8:10:", "duplicate question id 'Q1'");
	refused(RULES_HEAD VALID_TAIL "gates:\n  - {id: g}\n  - {id: g}\n", ":13:10:", "duplicate gate id 'g'");
}

Test(rules, scale_and_mark_floors)
{
	refused("calloff: 1\ncompetition: {id: T-1, lot: {id: \"1\"}}\nscale: {marks: [0, 2, 1]}\n" VALID_TAIL,
	        ":3:23:", "strictly ascending");
	refused(RULES_HEAD VALID_TAIL "thresholds: {min_mark: 7}\n", ":11:24:", "min_mark 7 is not on the scale");
	refused(RULES_HEAD "award: {mode: top_n, n: 1}\nweights: {quality: 100, price: 0}\n"
	                   "questions:\n  - {id: Q1, weight: 100, min_mark: 9}\n",
	        ":7:37:", "min_mark 9 of question is not on the scale");
}

Test(rules, award_settings)
{
	refused(RULES_HEAD "award: {mode: top_n, n: 0}\nweights: {quality: 100, price: 0}\n"
	                   "questions:\n  - {id: Q1, weight: 100}\n",
	        ":4:25:", "'n' must be between 1 and");
	refused(RULES_HEAD "award: {mode: per_scheme}\nweights: {quality: 100, price: 0}\n"
	                   "questions:\n  - {id: Q1, weight: 100}\n",
	        ":1:1:", "per_scheme needs at least one scheme");
	refused(RULES_HEAD "award: {mode: top_n, n: 1, tie_break: [quality, question:Q9]}\n"
	                   "weights: {quality: 100, price: 0}\nquestions:\n  - {id: Q1, weight: 100}\n",
	        ":4:49:", "tie_break 'question:Q9' names no question");
	refused(RULES_HEAD "award: {mode: top_n, n: 1, tie_break: [fastest]}\n"
	                   "weights: {quality: 100, price: 0}\nquestions:\n  - {id: Q1, weight: 100}\n",
	        ":4:40:", "unknown tie_break key 'fastest'");
	refused(RULES_HEAD "award: {mode: per_scheme, max_schemes_per_supplier: 0}\n"
	                   "weights: {quality: 100, price: 0}\nquestions:\n  - {id: Q1, weight: 100}\n"
	                   "schemes:\n  - {id: S1}\n",
	        ":4:53:", "'max_schemes_per_supplier' must be between 1 and");
	refused(RULES_HEAD "award: {mode: top_n, n: 2, max_schemes_per_supplier: 1}\n"
	                   "weights: {quality: 100, price: 0}\nquestions:\n  - {id: Q1, weight: 100}\n",
	        ":4:54:", "'max_schemes_per_supplier' applies only to award mode per_scheme");
	refused(RULES_HEAD "award: {mode: top_n, n: 1, at_boundary: toss_a_coin}\n"
	                   "weights: {quality: 100, price: 0}\nquestions:\n  - {id: Q1, weight: 100}\n",
	        ":4:41:", "must be one of admit_all | exclude_all | report");
}

Test(rules, price_rules)
{
	refused(RULES_HEAD "award: {mode: top_n, n: 1}\nweights: {quality: 60, price: 40}\n"
	                   "questions:\n  - {id: Q1, weight: 100}\nprices:\n  - {id: p, max: 10, weight: 100}\n"
	                   "price_scoring: fixed\n",
	        ":10:16:", "price_scoring fixed needs a price weight of 0");
	refused(RULES_HEAD "award: {mode: top_n, n: 1}\nweights: {quality: 60, price: 40}\n"
	                   "questions:\n  - {id: Q1, weight: 100}\nprices:\n  - {id: p, max: 10, weight: 70}\n"
	                   "  - {id: q, max: 10, weight: 20}\n  - {id: m, max: 0.45, scored: false}\n",
	        ":9:3:", "scored price item weights must sum to exactly 100, got 90");
	refused(RULES_HEAD "award: {mode: top_n, n: 1}\nweights: {quality: 60, price: 40}\n"
	                   "questions:\n  - {id: Q1, weight: 100}\nprices:\n  - {id: p, max: 0, weight: 100}\n",
	        ":9:18:", "max must be above 0");
	refused(RULES_HEAD "award: {mode: top_n, n: 1}\nweights: {quality: 60, price: 40}\n"
	                   "questions:\n  - {id: Q1, weight: 100}\nprices:\n  - {id: p, max: 1e3, weight: 100}\n",
	        ":9:18:", "must be a non-negative decimal");
}

Test(rules, the_receipt_tolerance_is_five_minutes_unless_the_rules_set_zero_to_a_day)
{
	int rc;
	co_rules *r = load(RULES_HEAD VALID_TAIL, NULL, &rc);
	cr_assert_eq(rc, 0);
	cr_assert_eq(r->receipt_tolerance, 300, "five minutes by default");
	co_rules_free(r);
	r = load(RULES_HEAD VALID_TAIL "receipts: {tolerance_seconds: 0}\n", NULL, &rc);
	cr_assert_eq(rc, 0);
	cr_assert_eq(r->receipt_tolerance, 0);
	co_rules_free(r);
	r = load(RULES_HEAD VALID_TAIL "receipts:\n  tolerance_seconds: 86400\n", NULL, &rc);
	cr_assert_eq(rc, 0);
	cr_assert_eq(r->receipt_tolerance, 86400);
	co_rules_free(r);
	r = load(RULES_HEAD VALID_TAIL "receipts: {}\n", NULL, &rc);
	cr_assert_eq(rc, 0);
	cr_assert_eq(r->receipt_tolerance, 300, "an empty section keeps the default");
	co_rules_free(r);
	refused(RULES_HEAD VALID_TAIL "receipts: {tolerance_seconds: 86401}\n", ":11:31:",
	        "'tolerance_seconds' must be between 0 and 86400, got 86401");
	refused(RULES_HEAD VALID_TAIL "receipts: {tolerance_seconds: -1}\n", ":11:31:", "must be between 0 and 86400");
	refused(RULES_HEAD VALID_TAIL "receipts: {tolerance_seconds: 2.5}\n", ":11:31:", "must be a whole number");
	refused(RULES_HEAD VALID_TAIL "receipts: {tolerance: 60}\n", ":11:12:", "unknown key 'tolerance' in receipts");
	refused(RULES_HEAD VALID_TAIL "receipts: 60\n", ":11:11:", "'receipts' must be a mapping");
}

Test(rules, every_problem_is_reported_in_one_run)
{
	co_diags *d = co_diags_new();
	int rc;
	co_rules *r = load(RULES_HEAD "award: {mode: top_n, n: 0}\nweights: {quality: 50, price: 40}\n"
	                              "questions:\n  - {id: Q1, weight: 50}\nextra: &a 1\n",
	                   d, &rc);
	cr_assert_eq(rc, CO_EINVALID);
	cr_assert_null(r);
	cr_assert(t_diag_has(d, "anchors are not allowed"), "%s", t_diags_text(d));
	cr_assert(t_diag_has(d, "unknown key 'extra'"), "%s", t_diags_text(d));
	cr_assert(t_diag_has(d, "'n' must be between"), "%s", t_diags_text(d));
	cr_assert(t_diag_has(d, "must sum to exactly 100, got 90"), "%s", t_diags_text(d));
	cr_assert(t_diag_has(d, "question weights must sum to exactly 100, got 50"), "%s", t_diags_text(d));
	co_diags_free(d);
}

Test(rules, an_ocid_prefix_is_ocds_and_six_lowercase_letters_or_digits_wherever_it_is_given)
{
	cr_assert_eq(co_ocid_prefix_valid("ocds-a1b2c3"), 1);
	cr_assert_eq(co_ocid_prefix_valid("ocds-000000"), 1);
	static const char *const bad[] = {"",           "ocds-",          "ocds-a1b2c",  "ocds-a1b2c3d", "ocds-A1B2C3",
	                                  "OCDS-a1b2c3", "ocds_a1b2c3",   "ocds-a1b2-3", "ocds-a1b2c\n",
	                                  "ocds-<b>x</b>", "ocds-\x1b[2Jx"};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		cr_assert_eq(co_ocid_prefix_valid(bad[i]), 0, "'%s' is refused", bad[i]);
	cr_assert_eq(co_ocid_prefix_valid(NULL), 0);
	/* The rule file's key follows the same rule, and says so. */
	refused(RULES_HEAD "publication: {ocid_prefix: \"ocds-<b>x</b>\"}\n" VALID_TAIL, ":4:",
	        "'ocid_prefix' must be " CO_OCID_PREFIX_RULE ", got 'ocds-<b>x</b>'");
	int rc;
	co_rules *r = load(RULES_HEAD "publication: {ocid_prefix: ocds-a1b2c3}\n" VALID_TAIL, NULL, &rc);
	cr_assert_eq(rc, 0);
	co_rules_free(r);
}

Test(rules, the_panel_names_its_evaluators_and_what_each_marks)
{
	int rc;
	co_rules *r = load(RULES_HEAD "panel: {evaluators: [E1, E2, E3], assign: {E3: [Q2]}}\n" VALID_TAIL, NULL, &rc);
	cr_assert_eq(rc, 0);
	size_t n = 0;
	const char *const *evs = co_rules_panel_evaluators(r, &n);
	cr_assert_eq(n, 3);
	cr_assert_str_eq(evs[2], "E3");
	cr_assert_eq(r->npanel_assign, 1);
	cr_assert_str_eq(r->panel_assign[0].evaluator, "E3");
	cr_assert(!r->panel_assign[0].questions[0] && r->panel_assign[0].questions[1]);
	co_rules_free(r);
	/* Without a panel section: none. */
	r = load(RULES_HEAD VALID_TAIL, NULL, &rc);
	cr_assert_null(co_rules_panel_evaluators(r, &n));
	cr_assert_eq(n, 0);
	co_rules_free(r);
	/* Every problem located: line 4 is the panel's. */
	refused(RULES_HEAD "panel: {evaluators: [E1, E1]}\n" VALID_TAIL, ":4:26:", "evaluator 'E1' is named twice");
	refused(RULES_HEAD "panel: {evaluators: [\"E 1\"]}\n" VALID_TAIL, ":4:", "an evaluator id must match");
	refused(RULES_HEAD "panel: {evaluators: [E1], assign: {E2: [Q1]}}\n" VALID_TAIL, ":4:36:",
	        "'E2' is not one of the panel's evaluators");
	refused(RULES_HEAD "panel: {assign: {E2: [Q1, Q9]}}\n" VALID_TAIL, ":4:27:", "no question 'Q9' in the rule file");
	refused(RULES_HEAD "panel: {assign: {E2: [Q1, Q1]}}\n" VALID_TAIL, ":4:27:", "question 'Q1' is named twice");
	refused(RULES_HEAD "panel: {evaluators: [E1], assign: {E1: [Q1]}}\n" VALID_TAIL, ":4:",
	        "no evaluator of the panel marks question 'Q2'");
	refused(RULES_HEAD "panel: {judges: [E1]}\n" VALID_TAIL, ":4:9:", "unknown key 'judges' in panel");
}

Test(rules, the_publication_gives_the_notice_date_the_decision_date_and_where_the_criteria_were_published)
{
	int rc;
	co_rules *r = load(RULES_HEAD "publication:\n  date: 2026-12-22T09:00:00Z\n  decided: 2026-12-18\n"
	                              "  criteria: \"Find a Tender notice 031245-2026, section 4\"\n" VALID_TAIL,
	                   NULL, &rc);
	cr_assert_eq(rc, 0);
	cr_assert_str_eq(co_rules_notice_date(r), "2026-12-22");
	cr_assert_str_eq(r->pub_decided, "2026-12-18");
	cr_assert_str_eq(r->pub_criteria, "Find a Tender notice 031245-2026, section 4");
	co_rules_free(r);
	/*
	 * Without decided, the decision is dated by the notice; with an offset, the date is the UK's:
	 * 23:30 at UTC-5 on 22 December is 04:30 GMT on the 23rd.
	 */
	r = load(RULES_HEAD "publication: {date: \"2026-12-22T23:30:00-05:00\"}\n" VALID_TAIL, NULL, &rc);
	cr_assert_eq(rc, 0);
	cr_assert_str_eq(co_rules_notice_date(r), "2026-12-23");
	cr_assert_str_eq(r->pub_decided, "2026-12-23");
	cr_assert_str_eq(r->pub_date_text, "2026-12-22T23:30:00-05:00"); /* the instant stays as written */
	cr_assert_null(r->pub_criteria);
	co_rules_free(r);
	/* Without a publication date nothing is dated. */
	r = load(RULES_HEAD VALID_TAIL, NULL, &rc);
	cr_assert_null(co_rules_notice_date(r));
	cr_assert_str_eq(r->pub_decided, "");
	cr_assert_null(r->pub_criteria);
	co_rules_free(r);
}

/* publication.date as written, and the notice date: the calendar date in London of that instant. */
typedef struct {
	char date[40];
	char uk[11];
} uk_day_case;

ParameterizedTestParameters(rules, the_notice_date_is_the_day_in_london_of_the_instant_published)
{
	static uk_day_case cases[] = {
		{"2027-06-30T23:30:00Z", "2027-07-01"},      /* the reviewer's case: 00:30 BST on Thursday 1 July */
		{"2027-06-30T22:59:59Z", "2027-06-30"},      /* 23:59:59 BST */
		{"2027-06-30T23:00:00Z", "2027-07-01"},      /* midnight BST */
		{"2027-07-01T00:30:00+01:00", "2027-07-01"}, /* the same instant as the first, written in BST */
		{"2027-01-15T23:30:00Z", "2027-01-15"},      /* winter: GMT is UTC */
		/* BST begins at 01:00 UTC on Sunday 28 March 2027: the evening before is still GMT. */
		{"2027-03-27T23:30:00Z", "2027-03-27"},
		{"2027-03-28T00:59:59Z", "2027-03-28"},
		{"2027-03-28T23:00:00Z", "2027-03-29"},      /* midnight BST, the first night of summer time */
		{"2027-03-28T22:59:59Z", "2027-03-28"},
		/* BST ends at 01:00 UTC on Sunday 31 October 2027. */
		{"2027-10-30T23:00:00Z", "2027-10-31"},      /* midnight BST on the last night of summer time */
		{"2027-10-30T22:59:59Z", "2027-10-30"},
		{"2027-10-31T00:59:59Z", "2027-10-31"},      /* 01:59:59 BST */
		{"2027-10-31T23:30:00Z", "2027-10-31"},      /* GMT again: 23:30 on the 31st */
		{"2027-10-31T23:59:59.999Z", "2027-10-31"},
		{"2027-11-01T00:00:00Z", "2027-11-01"},
		{"2026-12-31T23:30:00-01:00", "2027-01-01"}, /* across the year: 00:30 GMT on New Year's Day */
	};
	return cr_make_param_array(uk_day_case, cases, sizeof(cases) / sizeof(cases[0]));
}

ParameterizedTest(uk_day_case *c, rules, the_notice_date_is_the_day_in_london_of_the_instant_published)
{
	char text[1024];
	int rc;
	int len = snprintf(text, sizeof(text), RULES_HEAD "publication: {date: \"%s\"}\n" VALID_TAIL, c->date);
	cr_assert(len > 0 && (size_t)len < sizeof(text));
	co_rules *r = load(text, NULL, &rc);
	cr_assert_eq(rc, 0, "%s", c->date);
	cr_assert_str_eq(co_rules_notice_date(r), c->uk, "%s", c->date);
	cr_assert_str_eq(r->pub_decided, c->uk, "%s", c->date);
	cr_assert_str_eq(r->pub_date_text, c->date);
	co_rules_free(r);
}

Test(rules, every_publication_error_is_located)
{
	/* RULES_HEAD is three lines: publication: begins on line 4, its keys on line 5 when written in block style. */
	refused(RULES_HEAD "publication:\n  date: 2026-12-22T09:00:00Z\n  decided: 2026-12-23\n" VALID_TAIL, ":6:12:",
	        "'decided' (2026-12-23) must not be after the notice date, publication.date (2026-12-22)");
	refused(RULES_HEAD "publication:\n  decided: 2026-02-30\n" VALID_TAIL, ":5:12:", "'decided': no such date, got '2026-02-30'");
	refused(RULES_HEAD "publication:\n  decided: 18/12/2026\n" VALID_TAIL, ":5:12:",
	        "'decided': not a date of the form YYYY-MM-DD, got '18/12/2026'");
	refused(RULES_HEAD "publication:\n  date: 2150-01-05T09:00:00Z\n" VALID_TAIL, ":5:9:",
	        "'date': the calendar is known from 2011-01-01 to 2099-12-31 only, got '2150-01-05T09:00:00Z'");
	refused(RULES_HEAD "publication:\n  criteria: \"\"\n" VALID_TAIL, ":5:13:", "'criteria' must not be empty or blank");
	refused(RULES_HEAD "publication:\n  criteria: \"   \"\n" VALID_TAIL, ":5:13:", "'criteria' must not be empty or blank");
	refused(RULES_HEAD "publication:\n  criteria: \"\\t \\n\"\n" VALID_TAIL, ":5:13:",
	        "'criteria' must not be empty or blank");
	/* The decision is compared with the UK date: 23:30Z on 30 June 2027 is 1 July in London (BST). */
	refused(RULES_HEAD "publication:\n  date: 2027-06-30T23:30:00Z\n  decided: 2027-07-02\n" VALID_TAIL, ":6:12:",
	        "'decided' (2027-07-02) must not be after the notice date, publication.date (2027-07-01)");
	refused(RULES_HEAD "publication:\n  criteria: x\n  decision: 2026-12-18\n" VALID_TAIL, ":6:3:", "decision");
}

Test(rules, calendar_holidays_are_read_in_order_and_every_bad_one_is_located)
{
	int rc;
	co_rules *r = load(RULES_HEAD "calendar:\n  holidays:\n    - {date: 2026-12-29, name: \"Royal jubilee\"}\n"
	                              "    - {date: 2027-01-05, name: Extra day}\n" VALID_TAIL,
	                   NULL, &rc);
	cr_assert_eq(rc, 0);
	size_t n = 0;
	const co_extra_holiday *h = co_rules_holidays(r, &n);
	cr_assert_eq(n, 2);
	cr_assert_str_eq(h[0].date, "2026-12-29");
	cr_assert_str_eq(h[0].name, "Royal jubilee");
	cr_assert_str_eq(h[1].date, "2027-01-05");
	cr_assert_str_eq(h[1].name, "Extra day");
	co_rules_free(r);
	r = load(RULES_HEAD VALID_TAIL, NULL, &rc);
	cr_assert_null(co_rules_holidays(r, &n));
	cr_assert_eq(n, 0);
	co_rules_free(r);
	/* calendar: is line 4, holidays: line 5, the days from line 6; a date's value is at column 14. */
	refused(RULES_HEAD "calendar:\n  holidays:\n    - {date: 2026-12-29, name: A}\n    - {date: 2026-12-29, name: B}\n" VALID_TAIL,
	        ":7:14:", "duplicate holiday date '2026-12-29'");
	refused(RULES_HEAD "calendar:\n  holidays:\n    - {date: 2027-02-29, name: A}\n" VALID_TAIL, ":6:14:",
	        "'date': no such date, got '2027-02-29'");
	refused(RULES_HEAD "calendar:\n  holidays:\n    - {date: 2100-01-04, name: A}\n" VALID_TAIL, ":6:14:",
	        "'date': the calendar is known from 2011-01-01 to 2099-12-31 only, got '2100-01-04'");
	refused(RULES_HEAD "calendar:\n  holidays:\n    - {date: 2027-01-04}\n" VALID_TAIL, ":6:7:",
	        "missing required key 'name'");
	refused(RULES_HEAD "calendar:\n  holidays:\n    - {date: 2027-01-04, name: A, parts: all}\n" VALID_TAIL, ":6:",
	        "parts");
	refused(RULES_HEAD "calendar:\n  holidays:\n    - 2027-01-04\n" VALID_TAIL, ":6:7:", "each holiday must be a mapping");
	refused(RULES_HEAD "calendar: {days: []}\n" VALID_TAIL, ":4:", "days");
}

Test(rules, the_shipped_rules_date_their_contract_award_notices_after_their_deadlines)
{
	static const struct {
		char file[48], notice[11], decided[11];
	} shipped[] = {{"/rules/dorset-lot7-live-in-care.yaml", "2026-12-22", "2026-12-18"},
	               {"/rules/dorset-lot8-extra-care.yaml", "2027-03-24", "2027-03-19"},
	               {"/rules/dorset-lot8-extra-care-capped.yaml", "2027-03-24", "2027-03-19"}};
	for (size_t i = 0; i < sizeof(shipped) / sizeof(*shipped); i++) {
		char path[512];
		snprintf(path, sizeof(path), "%s%s", TOP_SRCDIR, shipped[i].file);
		co_rules *r = NULL;
		cr_assert_eq(co_rules_load(&r, path, NULL), 0, "%s", path);
		cr_assert_str_eq(co_rules_notice_date(r), shipped[i].notice);
		cr_assert_str_eq(r->pub_decided, shipped[i].decided);
		cr_assert(strncmp(r->deadline_text, shipped[i].decided, 10) < 0, "%s: decided after the deadline", path);
		cr_assert_not_null(r->pub_criteria);
		co_rules_free(r);
	}
}
