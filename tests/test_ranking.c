/* Ranking: total first, then each tie-break key in turn; rank = 1 + bids strictly ahead. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include "helpers.h"

/*
 * Quality 50 / price 50, one question and one price item, lowest_ratio:
 *   A: mark 5, price 1250 -> Qp 50, Pp 50 x 1000/1250 = 40 -> T 90
 *   B: mark 4, price 1000 -> Qp 40, Pp 50                   -> T 90
 *   C: mark 3, price 1000 -> Qp 30, Pp 50                   -> T 80
 * A and B tie on the total; each key separates them differently.
 */
static t_run run(const char *tie_break)
{
	char rules[1024];
	snprintf(rules, sizeof(rules),
	         RULES_HEAD "award: {mode: top_n, n: 1, at_boundary: report, tie_break: [%s]}\n"
	                    "weights: {quality: 50, price: 50}\nmoderation: {consensus: mean}\n"
	                    "questions:\n  - {id: Q1, weight: 50}\n  - {id: Q2, weight: 50}\n"
	                    "prices:\n  - {id: p, max: 2000, weight: 100}\n",
	         tie_break);
	const char *d = t_dir();
	const char *bids[][4] = {{"A", "GB-COH-1", "2026-11-02T12:00:00Z", "p=1250"},
	                         {"B", "GB-COH-2", "2026-11-01T12:00:00Z", "p=1000"},
	                         {"C", "GB-COH-3", "2026-11-01T12:00:00Z", "p=1000"}};
	for (int i = 0; i < 3; i++) {
		char *x = t_bid(bids[i][0], bids[i][1], bids[i][2], "Q1,Q2", bids[i][3], NULL, NULL);
		char file[16];
		snprintf(file, sizeof(file), "%s.xml", bids[i][0]);
		t_write(d, file, x);
		free(x);
	}
	/* A: 5 and 5; B: 5 and 3 (Qp 40); C: 3 and 3 (Qp 30). */
	char *m = t_marks("T-1", 1, "A:Q1=5;Q2=5|B:Q1=5;Q2=3|C:Q1=3;Q2=3");
	t_run r = t_eval(rules, d, m);
	free(m);
	cr_assert_eq(r.rc, 0, "%s", t_diags_text(r.diags));
	return r;
}

static long rank(const t_run *r, const char *id)
{
	return (long)json_integer_value(json_object_get(t_bid_of(r, id), "rank"));
}

Test(ranking, totals_tie_without_keys_and_rank_skips)
{
	t_run r = run("");
	cr_assert_str_eq(t_str(t_bid_of(&r, "A"), "total"), "90.00");
	cr_assert_str_eq(t_str(t_bid_of(&r, "B"), "total"), "90.00");
	cr_assert_eq(rank(&r, "A"), 1);
	cr_assert_eq(rank(&r, "B"), 1);
	cr_assert_eq(rank(&r, "C"), 3, "rank = 1 + the number of bids strictly ahead");
	cr_assert(r.decide, "A and B straddle n = 1 under report");
	t_run_free(&r);
}

Test(ranking, quality_key_prefers_higher_quality_points)
{
	t_run r = run("quality");
	cr_assert_eq(rank(&r, "A"), 1);
	cr_assert_eq(rank(&r, "B"), 2);
	cr_assert_not(r.decide);
	t_run_free(&r);
}

Test(ranking, price_key_prefers_higher_price_points)
{
	t_run r = run("price");
	cr_assert_eq(rank(&r, "B"), 1);
	cr_assert_eq(rank(&r, "A"), 2);
	t_run_free(&r);
}

Test(ranking, lowest_price_key_prefers_the_lower_sum)
{
	t_run r = run("lowest_price");
	cr_assert_eq(rank(&r, "B"), 1);
	cr_assert_eq(rank(&r, "A"), 2);
	t_run_free(&r);
}

Test(ranking, submitted_key_prefers_the_earlier_bid)
{
	t_run r = run("submitted");
	cr_assert_eq(rank(&r, "B"), 1, "B was submitted a day before A");
	t_run_free(&r);
}

Test(ranking, question_key_prefers_the_higher_consensus_mark)
{
	t_run r = run("question:Q2");
	cr_assert_eq(rank(&r, "A"), 1, "A has 5 on Q2, B has 3");
	t_run_free(&r);
	r = run("question:Q1, submitted");
	cr_assert_eq(rank(&r, "B"), 1, "equal on Q1 (5 and 5), so submitted decides");
	t_run_free(&r);
}

Test(ranking, lowest_price_sums_are_exact)
{
	/* 0.10 + 0.20 and 0.15 + 0.15 are equal sums (not in binary floating point). */
	const char *rules = RULES_HEAD "award: {mode: top_n, n: 1, at_boundary: report, tie_break: [lowest_price]}\n"
	                               "weights: {quality: 100, price: 0}\nmoderation: {consensus: mean}\n"
	                               "questions:\n  - {id: Q1, weight: 100}\n"
	                               "prices:\n  - {id: a, max: 1}\n  - {id: b, max: 1}\n";
	const char *d = t_dir();
	t_put_bid(d, "a.xml", "A", "GB-COH-1", "2026-11-01T12:00:00Z", "Q1", "a=0.10,b=0.20", NULL, NULL);
	t_put_bid(d, "b.xml", "B", "GB-COH-2", "2026-11-01T12:00:00Z", "Q1", "a=0.15,b=0.15", NULL, NULL);
	char *m = t_marks("T-1", 1, "A:Q1=4|B:Q1=4");
	t_run r = t_eval(rules, d, m);
	free(m);
	cr_assert_eq(r.rc, 0, "%s", t_diags_text(r.diags));
	cr_assert_eq(rank(&r, "A"), 1);
	cr_assert_eq(rank(&r, "B"), 1);
	cr_assert(r.decide);
	t_run_free(&r);
}

/*
 * Totals beyond 64-bit fractions. Six items; A is lowest on items 1-3 and B on items 4-6, and
 * each loses points on the other three at prices of 100000.01, 100000.03 and 100000.07 (A) or
 * 100000.09 (B). Each total's denominator is the product of three coprime numbers near 10^7
 * (about 10^21, beyond 2^63), and the two differ by about 10^-7 points: equal to any number of
 * places shown, yet A is ahead (100000.07 costs less than 100000.09 on the same item weight).
 */
Test(ranking, totals_beyond_64_bit_fractions_are_ranked_exactly)
{
	const char *rules = RULES_HEAD "award: {mode: top_n, n: 1, at_boundary: report}\n"
	                               "weights: {quality: 50, price: 50}\nmoderation: {consensus: mean}\n"
	                               "questions:\n  - {id: Q1, weight: 100}\n"
	                               "prices:\n  - {id: p1, max: 200000, weight: 20}\n  - {id: p2, max: 200000, weight: 20}\n"
	                               "  - {id: p3, max: 200000, weight: 10}\n  - {id: p4, max: 200000, weight: 20}\n"
	                               "  - {id: p5, max: 200000, weight: 20}\n  - {id: p6, max: 200000, weight: 10}\n";
	const char *d = t_dir();
	t_put_bid(d, "a.xml", "A", "GB-COH-1", "2026-11-01T12:00:00Z", "Q1",
	          "p1=100000.00,p2=100000.00,p3=100000.00,p4=100000.01,p5=100000.03,p6=100000.07", NULL, NULL);
	t_put_bid(d, "b.xml", "B", "GB-COH-2", "2026-11-01T12:00:00Z", "Q1",
	          "p1=100000.01,p2=100000.03,p3=100000.09,p4=100000.00,p5=100000.00,p6=100000.00", NULL, NULL);
	char *m = t_marks("T-1", 1, "A:Q1=4|B:Q1=4");
	t_run r = t_eval(rules, d, m);
	free(m);
	cr_assert_eq(r.rc, 0, "%s", t_diags_text(r.diags));
	cr_assert_str_eq(t_str(t_bid_of(&r, "A"), "total"), t_str(t_bid_of(&r, "B"), "total"), "equal as shown");
	cr_assert_eq(rank(&r, "A"), 1);
	cr_assert_eq(rank(&r, "B"), 2, "and B behind, by about 10^-7 points");
	cr_assert_not(r.decide, "no tie: the exact totals differ");
	t_run_free(&r);
}
