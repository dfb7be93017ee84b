/* Ranking: total first, then each tie-break key in turn; rank = 1 + bids strictly ahead. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>
#include "helpers.h"
#include "evaluating/ranking.h"

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

/* The lot of run(), evaluated through the rules file, bids and marks on disk, for the result itself. */
static void result_of(const char *tie_break, const char *bid_prices[3], co_rules **rules, co_result **res)
{
	const char *d = t_dir();
	char text[1024];
	snprintf(text, sizeof(text),
	         RULES_HEAD "award: {mode: top_n, n: 1, at_boundary: report, tie_break: [%s]}\n"
	                    "weights: {quality: 50, price: 50}\nmoderation: {consensus: mean}\n"
	                    "questions:\n  - {id: Q1, weight: 50}\n  - {id: Q2, weight: 50}\n"
	                    "prices:\n  - {id: p, max: 2000, weight: 100}\n  - {id: q, max: 1, scored: false}\n",
	         tie_break);
	char *rp = strdup(t_write(d, "rules.yaml", text));
	const char *bids[][3] = {{"A", "GB-COH-1", "2026-11-02T12:00:00Z"},
	                         {"B", "GB-COH-2", "2026-11-01T12:00:00Z"},
	                         {"C", "GB-COH-3", "2026-11-01T12:00:00Z"}};
	for (int i = 0; i < 3; i++) {
		char file[32];
		snprintf(file, sizeof(file), "bids/%s.xml", bids[i][0]);
		t_put_bid(d, file, bids[i][0], bids[i][1], bids[i][2], "Q1,Q2", bid_prices[i], NULL, NULL);
	}
	char *m = t_marks("T-1", 1, "A:Q1=5;Q2=5|B:Q1=5;Q2=3|C:Q1=3;Q2=3");
	char *mp = strdup(t_write(d, "marks.xml", m));
	char bdir[4096];
	snprintf(bdir, sizeof(bdir), "%s/bids", d);
	const char *args[] = {bdir};
	co_diags *diags = co_diags_new();
	cr_assert_eq(t_result(rules, res, rp, args, 1, mp, diags), 0, "%s", t_diags_text(diags));
	co_diags_free(diags);
	free(m);
	free(mp);
	free(rp);
}

/* The candidate of bid id in the lot's ranking. */
static const co_cand *cand(const co_result *res, const char *id)
{
	for (size_t k = 0; k < res->nranking; k++)
		if (strcmp(res->entries[res->ranking[k].entry].bid->id, id) == 0)
			return &res->ranking[k];
	cr_assert_fail("%s is not ranked", id);
	return NULL;
}

/* co_rank_key_value(res, id, key) == num/den. */
static void value_is(const co_result *res, const char *id, int key, long num, unsigned long den)
{
	mpq_t v, want;
	mpq_inits(v, want, NULL);
	cr_assert_eq(co_rank_key_value(res, cand(res, id), key, v), 0, "key %d has a number", key);
	mpq_set_si(want, num, den);
	mpq_canonicalize(want);
	cr_assert(mpq_equal(v, want), "bid %s key %d: %s, expected %ld/%lu", id, key, mpq_get_str(NULL, 10, v), num, den);
	mpq_clears(v, want, NULL);
}

/*
 * The value of every kind of key, as the ranking compares it (the lot of run(); q is unscored,
 * so the lowest_price sum leaves it out): the total A 90, B 90, C 80; quality points 50, 40, 30;
 * price points 50 x 1000/1250 = 40, 50, 50; scored prices 1250, 1000, 1000; Q2 marks 5, 3, 3.
 * submitted is a time, not a number.
 */
Test(ranking, key_values_of_each_kind_are_the_ones_the_ranking_compares)
{
	co_rules *rules;
	co_result *res;
	const char *prices[3] = {"p=1250,q=0.90", "p=1000,q=0.50", "p=1000,q=0.10"};
	result_of("quality, price, lowest_price, submitted, question:Q2", prices, &rules, &res);
	value_is(res, "A", -1, 90, 1);
	value_is(res, "C", -1, 80, 1);
	value_is(res, "A", 0, 50, 1);
	value_is(res, "B", 0, 40, 1);
	value_is(res, "A", 1, 40, 1);
	value_is(res, "B", 1, 50, 1);
	value_is(res, "A", 2, 1250, 1);
	value_is(res, "C", 2, 1000, 1);
	value_is(res, "A", 4, 5, 1);
	value_is(res, "B", 4, 3, 1);
	mpq_t v;
	mpq_init(v);
	cr_assert_eq(co_rank_key_value(res, cand(res, "A"), 3, v), 1, "submitted is a time");
	cr_assert_eq(mpq_sgn(v), 0);
	mpq_clear(v);
	for (int k = -1; k < 5; k++)
		cr_assert_eq(co_rank_key_lower_first(res, k), k == 2, "only lowest_price ranks the lower value first (key %d)", k);
	/* The ranking agrees: A ahead of B on quality, B ahead of C on the total. */
	cr_assert_eq(co_rank_first_difference(res, cand(res, "A"), cand(res, "B")), 0);
	cr_assert_eq(co_rank_first_difference(res, cand(res, "B"), cand(res, "C")), -1);
	co_result_free(res);
	co_rules_free(rules);
}

/* The lowest_price value is the exact sum of the scored prices only: 1000.10, never 1000.30 with the unscored q. */
Test(ranking, lowest_price_key_value_is_the_exact_sum_of_the_scored_prices_only)
{
	co_rules *rules;
	co_result *res;
	const char *prices[3] = {"p=1000.10,q=0.20", "p=1000.20,q=0.10", "p=1000.15,q=0.15"};
	result_of("lowest_price, price", prices, &rules, &res);
	value_is(res, "A", 0, 100010, 100);
	value_is(res, "B", 0, 100020, 100);
	value_is(res, "C", 0, 100015, 100);
	cr_assert_eq(co_rank_first_difference(res, cand(res, "A"), cand(res, "B")), -1, "the cheaper A has the higher total");
	cr_assert_lt(co_rank_cmp(res, cand(res, "A"), cand(res, "B")), 0);
	co_result_free(res);
	co_rules_free(rules);
}
