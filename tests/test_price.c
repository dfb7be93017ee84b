/* Stage 4, price: the three methods with worked numbers, and abnormally low prices. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>
#include "helpers.h"

/* Bids B1..Bn with one price each for item p (and q when given), marks all 3 on Q1. */
static t_run run(const char *rules, const char *const *prices, int n)
{
	const char *d = t_dir();
	char spec[1024] = "";
	for (int i = 0; i < n; i++) {
		char id[16], sup[32], file[32];
		snprintf(id, sizeof(id), "B%d", i + 1);
		snprintf(sup, sizeof(sup), "GB-COH-%d", i + 1);
		snprintf(file, sizeof(file), "b%d.xml", i + 1);
		t_put_bid(d, file, id, sup, "2026-11-01T12:00:00Z", "Q1", prices[i], NULL, NULL);
		strcat(spec, i ? "|" : "");
		strcat(spec, id);
		strcat(spec, ":Q1=3");
	}
	char *m = t_marks("T-1", 1, spec);
	t_run r = t_eval(rules, d, m);
	free(m);
	cr_assert_eq(r.rc, 0, "%s", t_diags_text(r.diags));
	return r;
}

#define PRICE_RULES(method, extra) RULES_HEAD                                                \
	"award: {mode: top_n, n: 5}\nweights: {quality: 60, price: 40}\n"                        \
	"moderation: {consensus: mean}\nquestions:\n  - {id: Q1, weight: 100}\n"                 \
	"prices:\n  - {id: p, max: 1150, weight: 100}\nprice_scoring: " method "\n" extra

static const char *pts(const t_run *r, const char *bid)
{
	return t_str(t_bid_of(r, bid), "price");
}

Test(price, lowest_ratio_worked_example)
{
	/* Lowest 800.00, bid 1000.00, price weight 40: 40 x 800/1000 = 32.00. */
	static const char *p[] = {"p=800.00", "p=1000.00"};
	t_run r = run(PRICE_RULES("lowest_ratio", ""), p, 2);
	cr_assert_str_eq(pts(&r, "B1"), "40.00");
	cr_assert_str_eq(pts(&r, "B2"), "32.00");
	cr_assert_str_eq(t_str(json_array_get(json_object_get(t_bid_of(&r, "B2"), "prices"), 0), "points"), "32.00");
	cr_assert_str_eq(t_str(t_bid_of(&r, "B2"), "total"), "68.00", "quality 36 + price 32");
	t_run_free(&r);
}

Test(price, linear_to_max_worked_example)
{
	/* Max 1150, lowest 950, bid 1000: f = (1150 - 1000) / (1150 - 950) = 0.75 -> 30.00. */
	static const char *p[] = {"p=950", "p=1000", "p=1150"};
	t_run r = run(PRICE_RULES("linear_to_max", ""), p, 3);
	cr_assert_str_eq(pts(&r, "B1"), "40.00");
	cr_assert_str_eq(pts(&r, "B2"), "30.00");
	cr_assert_str_eq(pts(&r, "B3"), "0.00", "a bid at the maximum scores nothing");
	t_run_free(&r);
}

Test(price, linear_to_max_when_the_lowest_is_the_maximum)
{
	static const char *p[] = {"p=1150", "p=1150"};
	t_run r = run(PRICE_RULES("linear_to_max", ""), p, 2);
	cr_assert_str_eq(pts(&r, "B1"), "40.00", "f = 1 when X = L");
	cr_assert_str_eq(pts(&r, "B2"), "40.00");
	t_run_free(&r);
}

Test(price, item_weights_share_the_price_weighting)
{
	/* Items a (80%) and b (20%) at 0.10/0.20 and 0.20/0.10: B1 = 32 + 4 = 36, B2 = 16 + 8 = 24. */
	const char *rules = RULES_HEAD "award: {mode: top_n, n: 5}\nweights: {quality: 60, price: 40}\n"
	                               "moderation: {consensus: mean}\nquestions:\n  - {id: Q1, weight: 100}\n"
	                               "prices:\n  - {id: a, max: 1, weight: 80}\n  - {id: b, max: 1, weight: 20}\n";
	static const char *p[] = {"a=0.10,b=0.20", "a=0.20,b=0.10"};
	t_run r = run(rules, p, 2);
	cr_assert_str_eq(pts(&r, "B1"), "36.00");
	cr_assert_str_eq(pts(&r, "B2"), "24.00");
	t_run_free(&r);
}

Test(price, fixed_prices_score_nothing)
{
	const char *rules = RULES_HEAD "award: {mode: top_n, n: 5}\nweights: {quality: 100, price: 0}\n"
	                               "moderation: {consensus: mean}\nquestions:\n  - {id: Q1, weight: 100}\n"
	                               "prices:\n  - {id: p, max: 24.50}\nprice_scoring: fixed\n";
	static const char *p[] = {"p=24.50"};
	t_run r = run(rules, p, 1);
	cr_assert_str_eq(pts(&r, "B1"), "0.00");
	cr_assert_str_eq(t_str(json_array_get(json_object_get(t_bid_of(&r, "B1"), "prices"), 0), "points"), "");
	cr_assert_str_eq(t_str(t_bid_of(&r, "B1"), "total"), "60.00");
	t_run_free(&r);
}

Test(price, abnormally_low_is_measured_against_the_median)
{
	/* Median 1000; 25% below is 750: 740 is flagged, 750 is not. */
	static const char *p[] = {"p=1000", "p=1000", "p=740", "p=750", "p=1100"};
	t_run r = run(PRICE_RULES("lowest_ratio", "abnormally_low: {below_median_percent: 25}\n"), p, 5);
	cr_assert_str_eq(t_flag(t_bid_of(&r, "B3"), 0), "abnormally_low");
	cr_assert_str_eq(t_str(json_array_get(json_object_get(t_bid_of(&r, "B3"), "flags"), 0), "item"), "p");
	cr_assert_str_eq(t_flag(t_bid_of(&r, "B4"), 0), "", "exactly at the threshold is not below it");
	cr_assert_str_eq(t_str(t_bid_of(&r, "B3"), "status"), "awarded", "a flag never excludes");
	t_run_free(&r);
}

Test(price, abnormally_low_median_of_an_even_count)
{
	/* Median (900 + 1000) / 2 = 950; threshold 712.50: 712 is flagged, 713 is not. */
	static const char *p[] = {"p=1000", "p=900", "p=712", "p=1100", "p=713", "p=1150"};
	t_run r = run(PRICE_RULES("lowest_ratio", "abnormally_low: {below_median_percent: 25}\n"), p, 6);
	cr_assert_str_eq(t_flag(t_bid_of(&r, "B3"), 0), "abnormally_low");
	cr_assert_str_eq(t_flag(t_bid_of(&r, "B5"), 0), "");
	t_run_free(&r);
}

Test(price, disqualified_bids_do_not_set_the_lowest_price)
{
	/* B1 is above the maximum and out, so the lowest valid price is B2's. */
	static const char *p[] = {"p=1200", "p=1000", "p=1100"};
	t_run r = run(PRICE_RULES("lowest_ratio", ""), p, 3);
	cr_assert_str_eq(t_reason(t_bid_of(&r, "B1"), 0), "price_above_max");
	cr_assert_str_eq(pts(&r, "B2"), "40.00");
	cr_assert_str_eq(pts(&r, "B3"), "36.36", "40 x 1000/1100 = 36.3636...");
	t_run_free(&r);
}

Test(price, prices_too_large_for_64_bit_cents_stay_exact)
{
	/*
	 * 100 x 99999999999999999 is beyond int64_t, so these prices are held as their text. The
	 * two large ones differ by one unit: B3 scores more than B1, though both round to 20.00.
	 * Median 99999999999999998, so 25% below is 74999999999999998.50 and B2 is flagged.
	 */
	static const char *p[] = {"p=99999999999999999", "p=50000000000000000.5", "p=99999999999999998"};
	t_run r = run(RULES_HEAD "award: {mode: top_n, n: 5}\nweights: {quality: 60, price: 40}\n"
	                         "moderation: {consensus: mean}\nquestions:\n  - {id: Q1, weight: 100}\n"
	                         "prices:\n  - {id: p, max: 999999999999999999, weight: 100}\nprice_scoring: lowest_ratio\n"
	                         "abnormally_low: {below_median_percent: 25}\n",
	              p, 3);
	cr_assert_str_eq(t_str(json_array_get(json_object_get(t_bid_of(&r, "B1"), "prices"), 0), "value"),
	                 "99999999999999999.00");
	cr_assert_str_eq(pts(&r, "B2"), "40.00");
	cr_assert_str_eq(pts(&r, "B1"), "20.00");
	cr_assert_eq(json_integer_value(json_object_get(t_bid_of(&r, "B3"), "rank")), 2);
	cr_assert_eq(json_integer_value(json_object_get(t_bid_of(&r, "B1"), "rank")), 3, "one unit dearer ranks lower");
	cr_assert_str_eq(t_flag(t_bid_of(&r, "B2"), 0), "abnormally_low");
	const char *detail = t_str(json_array_get(json_object_get(t_bid_of(&r, "B2"), "flags"), 0), "detail");
	cr_assert(strstr(detail, "median 99999999999999998.00 (threshold 74999999999999998.50)"), "%s", detail);
	t_run_free(&r);
}
