/* Stage 3, quality: consensus marks, exact points, floors and thresholds, rounding modes, flags. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include "helpers.h"

static void bids(const char *dir, int n)
{
	for (int i = 1; i <= n; i++) {
		char id[16], sup[32], file[32];
		snprintf(id, sizeof(id), "B%d", i);
		snprintf(sup, sizeof(sup), "GB-COH-%d", i);
		snprintf(file, sizeof(file), "b%d.xml", i);
		t_put_bid(dir, file, id, sup, "2026-11-01T12:00:00Z", "Q1,Q2", "", NULL, NULL);
	}
}

static t_run run(const char *rules, int nbids, int nev, const char *marks)
{
	const char *d = t_dir();
	bids(d, nbids);
	char *m = t_marks("T-1", nev, marks);
	t_run r = t_eval(rules, d, m);
	free(m);
	return r;
}

static const char *qfield(const t_run *r, const char *bid, int q, const char *key)
{
	return t_str(json_array_get(json_object_get(t_bid_of(r, bid), "questions"), (size_t)q), key);
}

#define TWO_Q(cons, extra) RULES_HEAD                                                       \
	"award: {mode: top_n, n: 5}\nweights: {quality: 100, price: 0}\n"                       \
	"moderation: {consensus: " cons "}\n"                                                   \
	"questions:\n  - {id: Q1, weight: 50}\n  - {id: Q2, weight: 50}\n" extra

Test(quality, mean_of_three_gives_exact_thirds)
{
	/* Q1: (4 + 4 + 3) / 3 = 11/3; points = 100 x 0.5 x (11/3) / 5 = 110/3 = 36.666... */
	t_run r = run(TWO_Q("mean", ""), 1, 3, "B1:Q1=4,4,3;Q2=5,5,5");
	cr_assert_eq(r.rc, 0, "%s", t_diags_text(r.diags));
	cr_assert_str_eq(qfield(&r, "B1", 0, "mark"), "3.67");
	cr_assert_str_eq(qfield(&r, "B1", 0, "points"), "36.67");
	cr_assert_str_eq(qfield(&r, "B1", 1, "mark"), "5");
	cr_assert_str_eq(t_str(t_bid_of(&r, "B1"), "quality"), "86.67", "110/3 + 50 = 260/3");
	t_run_free(&r);
}

Test(quality, ties_reached_by_different_marks_are_exact_ties)
{
	/*
	 * B1: Q1 (5,4,4) = 13/3, Q2 3      -> 130/3 + 30 = 220/3
	 * B2: Q1 4,       Q2 (4,3,3) = 10/3 -> 40 + 100/3 = 220/3
	 * In binary floating point these are 73.33333333333333 and 73.33333333333334.
	 */
	t_run r = run(TWO_Q("mean", ""), 2, 3, "B1:Q1=5,4,4;Q2=3,3,3|B2:Q1=4,4,4;Q2=4,3,3");
	cr_assert_eq(r.rc, 0, "%s", t_diags_text(r.diags));
	json_t *b1 = t_bid_of(&r, "B1"), *b2 = t_bid_of(&r, "B2");
	cr_assert_eq(json_integer_value(json_object_get(b1, "rank")), 1);
	cr_assert_eq(json_integer_value(json_object_get(b2, "rank")), 1, "an exact tie shares the rank");
	cr_assert_str_eq(t_str(b1, "total"), "73.33");
	t_run_free(&r);
}

Test(quality, median_of_an_even_count_is_the_mean_of_the_middle_two)
{
	t_run r = run(TWO_Q("median", ""), 1, 4, "B1:Q1=2,5,3,4;Q2=1,5,2");
	cr_assert_eq(r.rc, 0, "%s", t_diags_text(r.diags));
	cr_assert_str_eq(qfield(&r, "B1", 0, "mark"), "3.5");
	cr_assert_str_eq(qfield(&r, "B1", 0, "points"), "35.00");
	cr_assert_str_eq(qfield(&r, "B1", 1, "mark"), "2", "median of 1, 5, 2");
	t_run_free(&r);
}

Test(quality, a_moderated_mark_overrides_the_evaluators)
{
	t_run r = run(TWO_Q("mean", ""), 1, 3, "B1:Q1=1,1,1/4;Q2=2,2,2");
	cr_assert_eq(r.rc, 0, "%s", t_diags_text(r.diags));
	cr_assert_str_eq(qfield(&r, "B1", 0, "mark"), "4");
	t_run_free(&r);
}

Test(quality, moderated_consensus_without_a_moderated_mark_is_incomplete)
{
	t_run r = run(TWO_Q("moderated", ""), 2, 2, "B1:Q1=3,3/3;Q2=4,4|B2:Q1=3,3/3");
	cr_assert_eq(r.rc, CO_EINCOMPLETE);
	cr_assert_null(r.doc, "no result is produced");
	cr_assert(t_diag_has(r.diags, "no usable mark for bid 'B1' question 'Q2'"), "%s", t_diags_text(r.diags));
	cr_assert(t_diag_has(r.diags, "no usable mark for bid 'B2' question 'Q2'"), "%s", t_diags_text(r.diags));
	cr_assert(t_diag_has(r.diags, "marks.xml:7:5:"), "B1/Q2 located at its <question>:\n%s", t_diags_text(r.diags));
	cr_assert(t_diag_has(r.diags, "marks.xml:9:3:"), "B2 located at its <bid>:\n%s", t_diags_text(r.diags));
	t_run_free(&r);
}

Test(quality, no_marks_at_all_for_a_bid_is_incomplete)
{
	t_run r = run(TWO_Q("mean", ""), 2, 1, "B1:Q1=3;Q2=3");
	cr_assert_eq(r.rc, CO_EINCOMPLETE);
	cr_assert(t_diag_has(r.diags, "bid 'B2' question 'Q1'"), "%s", t_diags_text(r.diags));
	cr_assert(t_diag_has(r.diags, "bid 'B2' question 'Q2'"), "%s", t_diags_text(r.diags));
	t_run_free(&r);
}

Test(quality, question_floor_comes_before_the_global_floor)
{
	const char *rules = RULES_HEAD "award: {mode: top_n, n: 5}\nweights: {quality: 100, price: 0}\n"
	                               "moderation: {consensus: mean}\nthresholds: {min_mark: 2}\n"
	                               "questions:\n  - {id: Q1, weight: 50, min_mark: 3}\n  - {id: Q2, weight: 50}\n";
	/* B1: Q1 = 2.5 < 3 (own floor); Q2 = 2 meets the global floor. B2: Q2 = 1 < 2. B3 passes. */
	t_run r = run(rules, 3, 2, "B1:Q1=2,3;Q2=2,2|B2:Q1=3,3;Q2=1,1|B3:Q1=3,3;Q2=2,2");
	cr_assert_eq(r.rc, 0, "%s", t_diags_text(r.diags));
	json_t *b1 = t_bid_of(&r, "B1"), *b2 = t_bid_of(&r, "B2");
	cr_assert_str_eq(t_str(b1, "status"), "disqualified");
	cr_assert_str_eq(t_reason(b1, 0), "below_min_mark");
	cr_assert_str_eq(t_str(json_array_get(json_object_get(b1, "reasons"), 0), "question"), "Q1");
	cr_assert_eq(json_array_size(json_object_get(b1, "reasons")), 1);
	cr_assert_str_eq(t_str(b1, "quality"), "45.00", "quality is given for a bid that reached stage 3");
	cr_assert_str_eq(t_str(b1, "total"), "", "but no total");
	cr_assert_str_eq(t_str(json_array_get(json_object_get(b2, "reasons"), 0), "question"), "Q2");
	cr_assert_str_eq(t_str(t_bid_of(&r, "B3"), "status"), "awarded");
	t_run_free(&r);
}

Test(quality, min_quality_is_compared_exactly)
{
	const char *rules = RULES_HEAD "award: {mode: top_n, n: 5}\nweights: {quality: 60, price: 40}\n"
	                               "moderation: {consensus: mean}\nthresholds: {min_quality: 60}\n"
	                               "questions:\n  - {id: Q1, weight: 100}\n"
	                               "prices:\n  - {id: p, max: 100, weight: 100}\n";
	const char *d = t_dir();
	for (int i = 1; i <= 2; i++) {
		char id[16], sup[32], file[32];
		snprintf(id, sizeof(id), "B%d", i);
		snprintf(sup, sizeof(sup), "GB-COH-%d", i);
		snprintf(file, sizeof(file), "b%d.xml", i);
		t_put_bid(d, file, id, sup, "2026-11-01T12:00:00Z", "Q1", "p=50", NULL, NULL);
	}
	/* B1: c = 3, Qp = 36 = exactly 60% of 60. B2: c = 8/3, Qp = 32 = 53.33%. */
	char *m = t_marks("T-1", 3, "B1:Q1=3,3,3|B2:Q1=3,3,2");
	t_run r = t_eval(rules, d, m);
	free(m);
	cr_assert_eq(r.rc, 0, "%s", t_diags_text(r.diags));
	cr_assert_str_eq(t_str(t_bid_of(&r, "B1"), "status"), "awarded", "exactly the minimum is not below it");
	cr_assert_str_eq(t_reason(t_bid_of(&r, "B2"), 0), "below_min_quality");
	t_run_free(&r);
}

#define THIRDS(apply) "calloff: 1\ncompetition: {id: T-1, lot: {id: \"1\"}}\nscale: {marks: [0, 1, 2, 3]}\n"  \
	"award: {mode: top_n, n: 5}\nweights: {quality: 100, price: 0}\nmoderation: {consensus: mean}\n"       \
	"questions:\n  - {id: Q1, weight: 50}\n  - {id: Q2, weight: 50}\n"                                      \
	"thresholds: {min_quality: 33.34}\nrounding: {decimals: 2, apply: " apply "}\n"

Test(quality, rounding_each_score_rounds_points_before_summing)
{
	/* Each question: 100 x 0.5 x 1/3 = 16.666...; displayed 16.67. */
	t_run r = run(THIRDS("display"), 1, 1, "B1:Q1=1;Q2=1");
	cr_assert_eq(r.rc, 0, "%s", t_diags_text(r.diags));
	json_t *b = t_bid_of(&r, "B1");
	cr_assert_str_eq(qfield(&r, "B1", 0, "points"), "16.67");
	cr_assert_str_eq(t_str(b, "quality"), "33.33", "display: the exact 33.333... is summed, then rounded");
	cr_assert_str_eq(t_reason(b, 0), "below_min_quality", "the exact 33.333...% is below 33.34%");
	t_run_free(&r);
	r = run(THIRDS("each_score"), 1, 1, "B1:Q1=1;Q2=1");
	cr_assert_eq(r.rc, 0, "%s", t_diags_text(r.diags));
	b = t_bid_of(&r, "B1");
	cr_assert_str_eq(t_str(b, "quality"), "33.34", "each_score: 16.67 + 16.67");
	cr_assert_str_eq(t_str(b, "status"), "awarded", "thresholds use the rounded points");
	t_run_free(&r);
}

Test(quality, wide_disagreement_without_moderation_is_flagged)
{
	t_run r = run(TWO_Q("median", "moderation: {consensus: median, flag_range: 2}\n"), 1, 3, "B1:Q1=2,3,4;Q2=2,3,3");
	cr_assert_eq(r.rc, CO_EINVALID, "moderation given twice is a duplicate key");
	t_run_free(&r);
	const char *rules = RULES_HEAD "award: {mode: top_n, n: 5}\nweights: {quality: 100, price: 0}\n"
	                               "moderation: {consensus: median, flag_range: 2}\n"
	                               "questions:\n  - {id: Q1, weight: 50}\n  - {id: Q2, weight: 50}\n";
	r = run(rules, 2, 3, "B1:Q1=2,3,4;Q2=2,3,3|B2:Q1=2,3,4/3;Q2=5,3,4");
	cr_assert_eq(r.rc, 0, "%s", t_diags_text(r.diags));
	json_t *b1 = t_bid_of(&r, "B1"), *b2 = t_bid_of(&r, "B2");
	cr_assert_str_eq(t_flag(b1, 0), "needs_moderation");
	cr_assert_str_eq(t_str(json_array_get(json_object_get(b1, "flags"), 0), "question"), "Q1");
	cr_assert_eq(json_array_size(json_object_get(b1, "flags")), 1, "a range of 1 is not flagged");
	cr_assert_str_eq(t_flag(b2, 0), "needs_moderation", "Q2 spans 3 to 5");
	cr_assert_str_eq(t_str(json_array_get(json_object_get(b2, "flags"), 0), "question"), "Q2",
	                 "Q1 was moderated, so it is not flagged");
	t_run_free(&r);
}

Test(quality, bids_out_before_stage_3_need_no_marks)
{
	const char *d = t_dir();
	bids(d, 1);
	char *x = t_bid("B2", "GB-COH-2", "2026-11-01T12:00:00Z", "Q1", "", NULL, NULL); /* no Q2: disqualified */
	t_write(d, "b2.xml", x);
	free(x);
	char *m = t_marks("T-1", 1, "B1:Q1=3;Q2=3");
	t_run r = t_eval(TWO_Q("mean", ""), d, m);
	free(m);
	cr_assert_eq(r.rc, 0, "%s", t_diags_text(r.diags));
	cr_assert_str_eq(t_reason(t_bid_of(&r, "B2"), 0), "missing_response");
	t_run_free(&r);
}

Test(quality, an_evaluators_missing_mark_is_flagged_under_median_and_mean_never_under_moderated)
{
	static const char *const consensus[] = {"median", "mean"};
	for (size_t i = 0; i < 2; i++) {
		char rules[512];
		snprintf(rules, sizeof(rules),
		         RULES_HEAD "award: {mode: top_n, n: 5}\nweights: {quality: 100, price: 0}\n"
		                    "moderation: {consensus: %s}\n"
		                    "questions:\n  - {id: Q1, weight: 50}\n  - {id: Q2, weight: 50}\n",
		         consensus[i]);
		/* B1: E3 gave no mark for Q1. B2: the same, but the panel moderated it. */
		t_run r = run(rules, 2, 3, "B1:Q1=2,4;Q2=3,3,3|B2:Q1=2,4/4;Q2=3,3,3");
		cr_assert_eq(r.rc, 0, "%s", t_diags_text(r.diags));
		json_t *b1 = t_bid_of(&r, "B1"), *b2 = t_bid_of(&r, "B2");
		json_t *flags = json_object_get(b1, "flags");
		cr_assert_eq(json_array_size(flags), 1);
		cr_assert_str_eq(t_flag(b1, 0), "missing_evaluator_mark");
		cr_assert_str_eq(t_str(json_array_get(flags, 0), "question"), "Q1");
		char want[128];
		snprintf(want, sizeof(want), "E3 gave no mark for Q1: the %s is of the other 2 marks", consensus[i]);
		cr_assert_str_eq(t_str(json_array_get(flags, 0), "detail"), want);
		cr_assert_str_eq(qfield(&r, "B1", 0, "mark"), "3", "the consensus of 2 and 4, either way");
		cr_assert_eq(json_array_size(json_object_get(b2, "flags")), 0, "a moderated mark stands");
		t_run_free(&r);
	}
	/* Under moderated, the panel's consensus stands: nothing to flag. */
	const char *rules = RULES_HEAD "award: {mode: top_n, n: 5}\nweights: {quality: 100, price: 0}\n"
	                               "moderation: {consensus: moderated}\n"
	                               "questions:\n  - {id: Q1, weight: 50}\n  - {id: Q2, weight: 50}\n";
	t_run r = run(rules, 1, 3, "B1:Q1=2,4/3;Q2=3,3,3/3");
	cr_assert_eq(r.rc, 0, "%s", t_diags_text(r.diags));
	cr_assert_eq(json_array_size(json_object_get(t_bid_of(&r, "B1"), "flags")), 0);
	t_run_free(&r);
}
