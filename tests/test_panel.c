/* The panel's agreement and leniency over an evaluation: the evaluators' own marks, of the bids that reached quality. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>
#include "helpers.h"

#define Q1_MEAN RULES_HEAD "award: {mode: top_n, n: 1}\nweights: {quality: 100, price: 0}\n" \
                           "moderation: {consensus: mean}\nquestions:\n  - {id: Q1, weight: 100}\n"

/* Moved from test_agreement.c, with its assertions. */
Test(panel, leniency_is_the_mean_difference_from_the_others)
{
	/* E1 gives one more than E2 on every bid; E3 marks nothing: no leniency, with a reason. */
	const char *d = t_dir();
	t_put_bid(d, "a.xml", "A", "GB-COH-1", "2026-11-01T12:00:00Z", "Q1", "", NULL, NULL);
	t_put_bid(d, "b.xml", "B", "GB-COH-2", "2026-11-01T12:00:00Z", "Q1", "", NULL, NULL);
	char *m = t_marks("T-1", 3, "A:Q1=4,3|B:Q1=3,2");
	t_run r = t_eval(RULES_HEAD "award: {mode: top_n, n: 1}\nweights: {quality: 100, price: 0}\n"
	                            "moderation: {consensus: mean}\nquestions:\n  - {id: Q1, weight: 100}\n",
	                 d, m);
	free(m);
	cr_assert_eq(r.rc, 0, "%s", t_diags_text(r.diags));
	json_t *evs = json_object_get(json_object_get(r.doc, "panel"), "evaluators");
	cr_assert_float_eq(json_real_value(json_object_get(json_array_get(evs, 0), "leniency")), 1.0, 1e-9);
	cr_assert_float_eq(json_real_value(json_object_get(json_array_get(evs, 1), "leniency")), -1.0, 1e-9);
	cr_assert_eq(json_integer_value(json_object_get(json_array_get(evs, 0), "marks")), 2);
	cr_assert(json_is_null(json_object_get(json_array_get(evs, 2), "leniency")));
	cr_assert_str_eq(t_str(json_array_get(evs, 2), "leniency_note"), "no mark shared with another evaluator");
	t_run_free(&r);
}

Test(panel, only_bids_that_reached_the_quality_stage_are_units)
{
	/*
	 * A, B and C are marked by E1 and E2 (2 pairable values each: 6). D is disqualified at compliance
	 * (no answer), so its marks, accepted and ignored, are no unit: with them there would be 8, and
	 * E1's leniency would move from 2/3 to (1 + 0 + 1 + 4) / 4 = 3/2.
	 */
	const char *d = t_dir();
	t_put_bid(d, "a.xml", "A", "GB-COH-1", "2026-11-01T12:00:00Z", "Q1", "", NULL, NULL);
	t_put_bid(d, "b.xml", "B", "GB-COH-2", "2026-11-01T12:00:00Z", "Q1", "", NULL, NULL);
	t_put_bid(d, "c.xml", "C", "GB-COH-3", "2026-11-01T12:00:00Z", "Q1", "", NULL, NULL);
	t_put_bid(d, "d.xml", "D", "GB-COH-4", "2026-11-01T12:00:00Z", "", "", NULL, NULL);
	char *m = t_marks("T-1", 2, "A:Q1=4,3|B:Q1=3,3|C:Q1=5,4|D:Q1=5,1");
	t_run r = t_eval(Q1_MEAN, d, m);
	free(m);
	cr_assert_eq(r.rc, 0, "%s", t_diags_text(r.diags));
	cr_assert_str_eq(t_str(t_bid_of(&r, "D"), "status"), "disqualified");
	json_t *panel = json_object_get(r.doc, "panel");
	json_t *q = json_array_get(json_object_get(panel, "questions"), 0);
	cr_assert_str_eq(t_str(q, "id"), "Q1");
	cr_assert_eq(json_integer_value(json_object_get(q, "pairable")), 6);
	json_t *evs = json_object_get(panel, "evaluators");
	cr_assert_eq(json_array_size(evs), 2);
	/* E1 - E2 on A, B, C: 1, 0, 1: a mean of 2/3, each evaluator against the mean of the others. */
	cr_assert_float_eq(json_real_value(json_object_get(json_array_get(evs, 0), "leniency")), 0.666667, 1e-9);
	cr_assert_float_eq(json_real_value(json_object_get(json_array_get(evs, 1), "leniency")), -0.666667, 1e-9);
	cr_assert_eq(json_integer_value(json_object_get(json_array_get(evs, 0), "marks")), 3, "D's mark is not counted");
	t_run_free(&r);
}

Test(panel, a_moderated_mark_is_not_an_evaluators_value)
{
	/* Each bid's moderated mark differs from both evaluators'; agreement reads only E1 and E2, who agree exactly. */
	const char *d = t_dir();
	t_put_bid(d, "a.xml", "A", "GB-COH-1", "2026-11-01T12:00:00Z", "Q1", "", NULL, NULL);
	t_put_bid(d, "b.xml", "B", "GB-COH-2", "2026-11-01T12:00:00Z", "Q1", "", NULL, NULL);
	t_put_bid(d, "c.xml", "C", "GB-COH-3", "2026-11-01T12:00:00Z", "Q1", "", NULL, NULL);
	char *m = t_marks("T-1", 2, "A:Q1=1,1/5|B:Q1=3,3/0|C:Q1=5,5/2");
	t_run r = t_eval(Q1_MEAN, d, m);
	free(m);
	cr_assert_eq(r.rc, 0, "%s", t_diags_text(r.diags));
	json_t *q = json_array_get(json_object_get(json_object_get(r.doc, "panel"), "questions"), 0);
	cr_assert_float_eq(json_real_value(json_object_get(q, "alpha_interval")), 1.0, 1e-9, "perfect agreement");
	cr_assert_float_eq(json_real_value(json_object_get(q, "alpha_ordinal")), 1.0, 1e-9);
	cr_assert_eq(json_integer_value(json_object_get(q, "pairable")), 6);
	cr_assert_str_eq(t_str(t_bid_of(&r, "A"), "quality"), "100.00", "while the score uses the moderated 5");
	t_run_free(&r);
}

Test(panel, no_questions_no_panel_section)
{
	const char *d = t_dir();
	t_put_bid(d, "a.xml", "A", "GB-COH-1", "2026-11-01T12:00:00Z", "", "p=10", NULL, NULL);
	t_run r = t_eval(RULES_HEAD "award: {mode: top_n, n: 1}\nweights: {quality: 0, price: 100}\n"
	                            "prices:\n  - {id: p, max: 100, weight: 100}\n",
	                 d, NULL);
	cr_assert_eq(r.rc, 0, "%s", t_diags_text(r.diags));
	cr_assert_null(json_object_get(r.doc, "panel"), "nothing to agree on");
	cr_assert_str_eq(t_str(t_bid_of(&r, "A"), "status"), "awarded");
	t_run_free(&r);
}
