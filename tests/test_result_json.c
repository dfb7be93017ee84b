/*
 * The result document (FORMATS.md section 5): keys in the contract's order, scores checked by hand
 * against the rules (points = Wq x (wq/100) x (c/M)), every bid file given exactly once.
 */
#include <criterion/criterion.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "helpers.h"

#define L7_RULES TOP_SRCDIR "/rules/dorset-lot7-live-in-care.yaml"
#define L7_BIDS TOP_SRCDIR "/bids/lot7"
#define L7_MARKS TOP_SRCDIR "/bids/marks/dorset-lot7-marks.xml"
#define L8_RULES TOP_SRCDIR "/rules/dorset-lot8-extra-care.yaml"
#define L8_BIDS TOP_SRCDIR "/bids/lot8"
#define L8_MARKS TOP_SRCDIR "/bids/marks/dorset-lot8-marks.xml"

static t_run lot(const char *rules, const char *bids, const char *marks)
{
	const char *args[] = {bids};
	t_run r = t_eval_paths(rules, args, 1, marks);
	cr_assert_eq(r.rc, 0, "%s", t_diags_text(r.diags));
	cr_assert_not_null(r.doc, "the document is JSON");
	return r;
}

/* The keys the contract names are all there, in the contract's order (the engine may add others between). */
static void in_order(const json_t *obj, const char *const *keys, size_t n, const char *what)
{
	cr_assert(json_is_object(obj), "%s is an object", what);
	cr_assert_gt(n, 0);
	size_t last = 0, pos = 0;
	const char *k;
	json_t *v;
	for (size_t i = 0; i < n; i++) {
		size_t at = 0;
		int found = 0;
		pos = 0;
		json_object_foreach((json_t *)obj, k, v)
		{
			pos++;
			if (strcmp(k, keys[i]) == 0) {
				at = pos;
				found = 1;
			}
		}
		cr_assert(found, "%s has '%s'", what, keys[i]);
		cr_assert_gt(at, last, "%s: '%s' comes after '%s'", what, keys[i], i ? keys[i - 1] : "the start");
		last = at;
	}
}

static const char *const TOP_KEYS[] = {"format", "competition", "decimals", "bids", "awarded"};
static const char *const COMP_KEYS[] = {"id", "lot", "mode", "n"};
static const char *const BID_KEYS[] = {"bid", "supplier", "supplier_name", "file", "status", "rank", "quality",
                                       "price", "total", "questions", "prices", "reasons", "flags"};
static const char *const QUESTION_KEYS[] = {"id", "mark", "points"};
static const char *const PRICE_KEYS[] = {"item", "value", "points"};
static const char *const REASON_KEYS[] = {"code", "detail"};
static const char *const SCHEME_KEYS[] = {"id", "status", "awarded", "ranking"};
static const char *const RANKING_KEYS[] = {"bid", "rank", "price", "total"};
#define N(a) (sizeof(a) / sizeof(*(a)))

static void every_key_in_order(const json_t *doc, int per_scheme)
{
	in_order(doc, TOP_KEYS, N(TOP_KEYS), "the document");
	cr_assert_str_eq(t_str(doc, "format"), "calloff-result/1");
	in_order(json_object_get(doc, "competition"), COMP_KEYS, N(COMP_KEYS), "competition");
	const json_t *bids = json_object_get(doc, "bids");
	size_t i, k, questions = 0, prices = 0, reasons = 0;
	json_t *b, *x;
	cr_assert_gt(json_array_size(bids), 5);
	json_array_foreach(bids, i, b)
	{
		in_order(b, BID_KEYS, N(BID_KEYS), "a bid");
		json_array_foreach(json_object_get(b, "questions"), k, x)
		{
			in_order(x, QUESTION_KEYS, N(QUESTION_KEYS), "a question");
			questions++;
		}
		json_array_foreach(json_object_get(b, "prices"), k, x)
		{
			in_order(x, PRICE_KEYS, N(PRICE_KEYS), "a price");
			prices++;
		}
		json_array_foreach(json_object_get(b, "reasons"), k, x)
		{
			in_order(x, REASON_KEYS, N(REASON_KEYS), "a reason");
			reasons++;
		}
	}
	cr_assert_gt(questions, 0, "questions were checked");
	cr_assert_gt(prices, 0, "prices were checked");
	cr_assert_gt(reasons, 0, "reasons were checked");
	cr_assert(json_is_array(json_object_get(doc, "tie_unresolved")));
	if (!per_scheme) {
		cr_assert_null(json_object_get(doc, "schemes"), "top_n: schemes is absent");
		return;
	}
	const json_t *schemes = json_object_get(doc, "schemes");
	cr_assert_gt(json_array_size(schemes), 0);
	size_t ranked = 0;
	json_array_foreach(schemes, i, x)
	{
		in_order(x, SCHEME_KEYS, N(SCHEME_KEYS), "a scheme");
		json_t *c;
		json_array_foreach(json_object_get(x, "ranking"), k, c)
		{
			in_order(c, RANKING_KEYS, N(RANKING_KEYS), "a scheme's ranking");
			ranked++;
		}
	}
	cr_assert_gt(ranked, 0, "scheme rankings were checked");
	/* schemes comes after awarded, as in the contract's example. */
	const char *const order[] = {"awarded", "schemes"};
	in_order(doc, order, 2, "the document");
}

Test(result_json, keys_are_in_the_contracts_order_top_n)
{
	t_run r = lot(L7_RULES, L7_BIDS, L7_MARKS);
	every_key_in_order(r.doc, 0);
	t_run_free(&r);
}

Test(result_json, keys_are_in_the_contracts_order_per_scheme)
{
	t_run r = lot(L8_RULES, L8_BIDS, L8_MARKS);
	every_key_in_order(r.doc, 1);
	t_run_free(&r);
}

/* A question's mark and points, by index. */
static void question(const json_t *bid, size_t q, const char *id, const char *mark, const char *points)
{
	const json_t *x = json_array_get(json_object_get(bid, "questions"), q);
	cr_assert_str_eq(t_str(x, "id"), id);
	cr_assert_str_eq(t_str(x, "mark"), mark, "%s %s mark", t_str(bid, "bid"), id);
	cr_assert_str_eq(t_str(x, "points"), points, "%s %s points", t_str(bid, "bid"), id);
}

Test(result_json, lot7_scores_are_the_rules_formula_worked_by_hand)
{
	/*
	 * Lot 7: Wq = 100, M = 5, weights Q1..Q8 = 15 15 15 10 10 10 10 15, consensus the median unless
	 * moderated. Points = 100 x (wq / 100) x (c / 5) = wq x c / 5.
	 * B-L7-001: Q1 moderated 5 (marks 5 3 4) -> 15; Q2 med(3 4 4) = 4 -> 12; Q3 med(4 4 5) = 4 -> 12;
	 * Q4 med(4 5 4) = 4 -> 8; Q5 med(4 3 4) = 4 -> 8; Q6 5 -> 10; Q7 4 -> 8; Q8 med(3 4 4) = 4 -> 12. Sum 85.
	 */
	t_run r = lot(L7_RULES, L7_BIDS, L7_MARKS);
	json_t *b = t_bid_of(&r, "B-L7-001");
	static const struct {
		char id[4], mark[4], points[8];
	} b001[] = {{"Q1", "5", "15.00"}, {"Q2", "4", "12.00"}, {"Q3", "4", "12.00"}, {"Q4", "4", "8.00"},
	            {"Q5", "4", "8.00"},  {"Q6", "5", "10.00"}, {"Q7", "4", "8.00"},  {"Q8", "4", "12.00"}};
	cr_assert_eq(json_array_size(json_object_get(b, "questions")), 8);
	for (size_t q = 0; q < 8; q++)
		question(b, q, b001[q].id, b001[q].mark, b001[q].points);
	cr_assert_str_eq(t_str(b, "quality"), "85.00");
	cr_assert_str_eq(t_str(b, "price"), "0.00", "price weight 0");
	cr_assert_str_eq(t_str(b, "total"), "85.00");
	cr_assert_str_eq(t_str(b, "status"), "awarded");
	cr_assert_eq(json_integer_value(json_object_get(b, "rank")), 1);
	cr_assert(json_is_null(json_object_get(json_array_get(json_object_get(b, "prices"), 0), "points")),
	          "no price points where price is not scored");
	/* B-L7-009: 3 3 3 3 3 med(2 3 4) = 3, 4, 3 -> 9 + 9 + 9 + 6 + 6 + 6 + 8 + 9 = 62; rank 7, not awarded. */
	b = t_bid_of(&r, "B-L7-009");
	question(b, 5, "Q6", "3", "6.00");
	question(b, 6, "Q7", "4", "8.00");
	cr_assert_str_eq(t_str(b, "total"), "62.00");
	cr_assert_str_eq(t_str(b, "status"), "ranked");
	cr_assert_eq(json_integer_value(json_object_get(b, "rank")), 7);
	cr_assert_str_eq(t_flag(b, 0), "needs_moderation", "Q6's marks span 2 = flag_range");
	/* B-L7-013: Q3 moderated 2 is below Q3's own floor 3: quality 12+12+6+8+8+8+8+12 = 74, and out at stage 3. */
	b = t_bid_of(&r, "B-L7-013");
	question(b, 2, "Q3", "2", "6.00");
	cr_assert_str_eq(t_str(b, "quality"), "74.00");
	cr_assert_str_eq(t_str(b, "status"), "disqualified");
	cr_assert(json_is_null(json_object_get(b, "rank")));
	cr_assert(json_is_null(json_object_get(b, "price")));
	cr_assert(json_is_null(json_object_get(b, "total")));
	cr_assert_str_eq(t_reason(b, 0), "below_min_mark");
	cr_assert_str_eq(t_str(json_array_get(json_object_get(b, "reasons"), 0), "question"), "Q3");
	/* B-L7-003 is late: out at stage 1, so nothing of later stages. */
	b = t_bid_of(&r, "B-L7-003");
	cr_assert(json_is_null(json_object_get(b, "quality")));
	cr_assert_eq(json_array_size(json_object_get(b, "questions")), 0);
	cr_assert_eq(json_array_size(json_object_get(b, "prices")), 0);
	cr_assert_eq(json_array_size(json_object_get(b, "reasons")), 1, "stage 1 gives one reason");
	cr_assert_str_eq(t_reason(b, 0), "late");
	/* The award: the top 5 by rank with both bids tied at 5th admitted; rank order, then bid id. */
	json_t *aw = json_object_get(r.doc, "awarded");
	static const char awarded[][10] = {"B-L7-001", "B-L7-002", "B-L7-014", "B-L7-008", "B-L7-010", "B-L7-011"};
	cr_assert_eq(json_array_size(aw), 6);
	for (size_t i = 0; i < 6; i++)
		cr_assert_str_eq(json_string_value(json_array_get(aw, i)), awarded[i]);
	t_run_free(&r);
}

/*
 * A priced lot, worked by hand. Wq = 70, Wp = 30, Q1 and Q2 weigh 50 each, M = 5, consensus the mean;
 * one item p (weight 100, lowest_ratio).
 * A: Q1 (4+4+5)/3 = 13/3, points 35 x 13/15 = 91/3 = 30.33; Q2 10/3, points 70/3 = 23.33;
 *    quality 161/3 = 53.67; p = 900, L = 800: 30 x 8/9 = 80/3 = 26.67; total 241/3 = 80.33
 *    (not 53.67 + 26.67 = 80.34: the total is exact, rounded once).
 * B: Q1 5, points 35.00; Q2 7/3 = 2.33, points 49/3 = 16.33; quality 154/3 = 51.33; p = 800: 30.00;
 *    total 244/3 = 81.33. B is ranked first.
 */
static t_run priced_lot(void)
{
	const char *d = t_dir();
	t_put_bid(d, "a.xml", "A", "GB-COH-1", "2026-11-01T12:00:00Z", "Q1,Q2", "p=900", NULL, NULL);
	t_put_bid(d, "b.xml", "B", "GB-COH-2", "2026-11-01T12:00:00Z", "Q1,Q2", "p=800.00", NULL, NULL);
	t_put_bid(d, "c.xml", "C", "GB-COH-3", "2026-12-02T09:00:00Z", "Q1,Q2", "p=700", NULL, NULL);
	t_put_bid(d, "d.xml", "D", "GB-COH-4", "2026-11-01T12:00:00Z", "Q1,Q2", "p=\xC2\xA3" "850", NULL, NULL);
	t_write(d, "x-broken.xml", "<bid");
	t_write(d, "m-broken.xml", "not xml at all");
	char *m = t_marks("T-1", 3, "A:Q1=4,4,5;Q2=3,3,4|B:Q1=5,5,5;Q2=2,2,3");
	t_run r = t_eval(RULES_HEAD "award: {mode: top_n, n: 1}\nweights: {quality: 70, price: 30}\n"
	                            "moderation: {consensus: mean}\n"
	                            "questions:\n  - {id: Q1, weight: 50}\n  - {id: Q2, weight: 50}\n"
	                            "prices:\n  - {id: p, max: 1000, weight: 100}\nprice_scoring: lowest_ratio\n",
	                 d, m);
	free(m);
	cr_assert_eq(r.rc, 0, "%s", t_diags_text(r.diags));
	return r;
}

Test(result_json, thirds_and_price_ratios_are_exact_and_rounded_half_up_once)
{
	t_run r = priced_lot();
	json_t *a = t_bid_of(&r, "A"), *b = t_bid_of(&r, "B");
	question(a, 0, "Q1", "4.33", "30.33");
	question(a, 1, "Q2", "3.33", "23.33");
	cr_assert_str_eq(t_str(a, "quality"), "53.67");
	cr_assert_str_eq(t_str(a, "price"), "26.67");
	cr_assert_str_eq(t_str(a, "total"), "80.33", "the exact total rounded, not the sum of rounded parts");
	json_t *pa = json_array_get(json_object_get(a, "prices"), 0);
	cr_assert_str_eq(t_str(pa, "item"), "p");
	cr_assert_str_eq(t_str(pa, "value"), "900.00", "a valid price with 2 places");
	cr_assert_str_eq(t_str(pa, "points"), "26.67");
	cr_assert_str_eq(t_str(a, "status"), "ranked");
	cr_assert_eq(json_integer_value(json_object_get(a, "rank")), 2);
	question(b, 0, "Q1", "5", "35.00");
	question(b, 1, "Q2", "2.33", "16.33");
	cr_assert_str_eq(t_str(b, "quality"), "51.33");
	cr_assert_str_eq(t_str(b, "price"), "30.00");
	cr_assert_str_eq(t_str(b, "total"), "81.33");
	cr_assert_str_eq(t_str(b, "status"), "awarded");
	cr_assert_eq(json_integer_value(json_object_get(b, "rank")), 1);
	/* D's price is shown as written and earns nothing. */
	json_t *pd = json_array_get(json_object_get(t_bid_of(&r, "D"), "prices"), 0);
	cr_assert_str_eq(t_str(pd, "value"), "\xC2\xA3" "850");
	cr_assert(json_is_null(json_object_get(pd, "points")));
	cr_assert_eq(json_integer_value(json_object_get(r.doc, "decimals")), 2);
	t_run_free(&r);
}

Test(result_json, bids_are_in_rank_order_then_by_bid_id_then_unreadable_by_file_name)
{
	t_run r = priced_lot();
	json_t *bids = json_object_get(r.doc, "bids");
	cr_assert_eq(json_array_size(bids), 6, "every file given, once");
	static const char bid[][4] = {"B", "A", "C", "D", "", ""};
	static const char status[][16] = {"awarded", "ranked", "rejected", "disqualified", "rejected", "rejected"};
	for (size_t i = 0; i < 6; i++) {
		json_t *b = json_array_get(bids, i);
		cr_assert_str_eq(t_str(b, "bid"), bid[i], "place %zu", i);
		cr_assert_str_eq(t_str(b, "status"), status[i], "place %zu", i);
	}
	const char *f4 = t_str(json_array_get(bids, 4), "file"), *f5 = t_str(json_array_get(bids, 5), "file");
	cr_assert(strstr(f4, "/m-broken.xml") && strstr(f5, "/x-broken.xml"), "no id: by file name (%s, %s)", f4, f5);
	cr_assert_str_eq(t_reason(json_array_get(bids, 4), 0), "invalid_bid");
	cr_assert_str_eq(t_reason(json_array_get(bids, 2), 0), "late");
	cr_assert_str_eq(t_reason(json_array_get(bids, 3), 0), "invalid_price");
	t_run_free(&r);
}

Test(result_json, every_bid_file_given_appears_exactly_once)
{
	t_run r = lot(L7_RULES, L7_BIDS, L7_MARKS);
	json_t *bids = json_object_get(r.doc, "bids");
	DIR *dir = opendir(L7_BIDS);
	cr_assert_not_null(dir);
	struct dirent *de;
	size_t files = 0;
	while ((de = readdir(dir))) {
		size_t len = strlen(de->d_name);
		if (len < 5 || strcmp(de->d_name + len - 4, ".xml") != 0)
			continue;
		char path[600];
		snprintf(path, sizeof(path), "%s/%s", L7_BIDS, de->d_name);
		size_t seen = 0, i;
		json_t *b;
		json_array_foreach(bids, i, b)
			seen += strcmp(t_str(b, "file"), path) == 0;
		cr_assert_eq(seen, 1, "%s appears %zu times", path, seen);
		files++;
	}
	closedir(dir);
	cr_assert_eq(files, 15);
	cr_assert_eq(json_array_size(bids), files, "and nothing else");
	t_run_free(&r);
}

Test(result_json, a_file_name_that_is_not_utf8_becomes_a_replacement_character)
{
	const char *d = t_dir();
	t_put_bid(d, "caf\xE9.xml", "B-1", "GB-COH-1", "2026-11-01T12:00:00Z", "", "p=10", NULL, NULL); /* Latin-1 e-acute */
	t_run r = t_eval(RULES_HEAD "award: {mode: top_n, n: 1}\nweights: {quality: 0, price: 100}\n"
	                            "prices:\n  - {id: p, max: 100, weight: 100}\n",
	                 d, NULL);
	cr_assert_eq(r.rc, 0, "%s", t_diags_text(r.diags));
	cr_assert_not_null(r.doc, "the document is valid UTF-8 JSON:\n%s", r.text);
	const char *file = t_str(json_array_get(json_object_get(r.doc, "bids"), 0), "file");
	cr_assert(strstr(file, "/caf\xEF\xBF\xBD.xml"), "U+FFFD for the bad byte: %s", file);
	cr_assert_str_eq(t_str(json_array_get(json_object_get(r.doc, "bids"), 0), "status"), "awarded");
	t_run_free(&r);
}

Test(result_json, per_scheme_bids_have_no_rank_price_or_total_and_schemes_keep_the_rules_order)
{
	/* Lot 8, moderated: B-L8-01 = 20x4/5 + 20x5/5 + 15x4/5 + 15x4/5 + 15x4/5 + 15x3/5 = 16+20+12+12+12+9 = 81. */
	t_run r = lot(L8_RULES, L8_BIDS, L8_MARKS);
	size_t i;
	json_t *b;
	cr_assert_eq(json_array_size(json_object_get(r.doc, "bids")), 7);
	json_array_foreach(json_object_get(r.doc, "bids"), i, b)
	{
		cr_assert(json_is_null(json_object_get(b, "rank")), "%s", t_str(b, "bid"));
		cr_assert(json_is_null(json_object_get(b, "price")), "%s", t_str(b, "bid"));
		cr_assert(json_is_null(json_object_get(b, "total")), "%s", t_str(b, "bid"));
	}
	cr_assert_str_eq(t_str(t_bid_of(&r, "B-L8-01"), "quality"), "81.00");
	cr_assert(json_is_null(json_object_get(json_object_get(r.doc, "competition"), "n")));
	json_t *schemes = json_object_get(r.doc, "schemes");
	static const char ids[][8] = {"ECH-01", "ECH-02", "ECH-03", "ECH-04", "ECH-05"};
	static const char winners[][8] = {"B-L8-01", "B-L8-01", "B-L8-02", "B-L8-03", ""};
	cr_assert_eq(json_array_size(schemes), 5);
	for (size_t s = 0; s < 5; s++) {
		json_t *x = json_array_get(schemes, s);
		cr_assert_str_eq(t_str(x, "id"), ids[s]);
		cr_assert_str_eq(t_str(x, "awarded"), winners[s], "%s", ids[s]);
		cr_assert_str_eq(t_str(x, "status"), s < 4 ? "awarded" : "unawarded");
	}
	/* ECH-01: B-L8-01 and B-L8-03 both total 81; the tie-break E2 (5 against 4) ranks B-L8-01 first. */
	json_t *ech01 = json_object_get(json_array_get(schemes, 0), "ranking");
	cr_assert_str_eq(t_str(json_array_get(ech01, 0), "total"), "81.00");
	cr_assert_str_eq(t_str(json_array_get(ech01, 1), "bid"), "B-L8-03");
	cr_assert_eq(json_integer_value(json_object_get(json_array_get(ech01, 1), "rank")), 2);
	cr_assert_eq(json_array_size(json_object_get(json_array_get(schemes, 4), "ranking")), 0);
	json_t *aw = json_object_get(r.doc, "awarded");
	cr_assert_eq(json_array_size(aw), 3, "each winner once, in scheme order");
	cr_assert_str_eq(json_string_value(json_array_get(aw, 0)), "B-L8-01");
	cr_assert_str_eq(json_string_value(json_array_get(aw, 1)), "B-L8-02");
	cr_assert_str_eq(json_string_value(json_array_get(aw, 2)), "B-L8-03");
	t_run_free(&r);
}

Test(result_json, the_text_ends_in_one_newline_and_is_the_same_bytes_each_time)
{
	t_run r1 = lot(L7_RULES, L7_BIDS, L7_MARKS), r2 = lot(L7_RULES, L7_BIDS, L7_MARKS);
	size_t n = strlen(r1.text);
	cr_assert_gt(n, 1000);
	cr_assert_eq(r1.text[n - 1], '\n');
	cr_assert_neq(r1.text[n - 2], '\n');
	cr_assert_str_eq(r1.text, r2.text);
	cr_assert_null(strstr(r1.text, "NaN"), "analytics are never NaN");
	t_run_free(&r1);
	t_run_free(&r2);
}

/* The lines of the document from the top-level key `from` up to the top-level key `to` (NULL: the end). */
static char *between(const char *text, const char *from, const char *to)
{
	char f[64], t[64];
	snprintf(f, sizeof(f), "\n  \"%s\":", from);
	snprintf(t, sizeof(t), "\n  \"%s\":", to ? to : "");
	const char *a = strstr(text, f), *b = to && a ? strstr(a + 1, t) : NULL;
	cr_assert_not_null(a, "%s in\n%s", from, text);
	b = b ? b + 1 : text + strlen(text);
	return strndup(a + 1, (size_t)(b - a - 1));
}

static t_run tie_example(const char *decisions)
{
	char *m = t_marks("T-1", 2, T_TIE_MARKS);
	t_run r = t_eval_dec(T_TIE_RULES, t_tie_lot(), m, decisions);
	free(m);
	cr_assert_eq(r.rc, 0, "%s", t_diags_text(r.diags));
	cr_assert_not_null(r.doc);
	return r;
}

Test(result_json, the_open_tie_makes_the_result_provisional_and_says_what_is_open)
{
	t_run r = tie_example(NULL);
	char *head = between(r.text, "final", "bids"), *tail = between(r.text, "decisions", "challenge");
	cr_assert_str_eq(head, "  \"final\": false,\n"
	                       "  \"open\": [\n"
	                       "    {\n"
	                       "      \"kind\": \"tie\",\n"
	                       "      \"places\": 1,\n"
	                       "      \"bids\": [\n"
	                       "        \"B\",\n"
	                       "        \"C\"\n"
	                       "      ]\n"
	                       "    }\n"
	                       "  ],\n");
	cr_assert_str_eq(tail, "  \"decisions\": [],\n", "always there, empty without a decisions file");
	const char *const order[] = {"decimals", "final", "open", "bids", "awarded", "tie_unresolved", "decisions", "challenge"};
	in_order(r.doc, order, N(order), "the document");
	free(head);
	free(tail);
	t_run_free(&r);
}

Test(result_json, the_tie_decided_is_final_and_the_decision_is_recorded_at_the_end)
{
	t_run r = tie_example(T_TIE_DECISION);
	char *head = between(r.text, "final", "bids"), *tail = between(r.text, "decisions", "challenge");
	cr_assert_str_eq(head, "  \"final\": true,\n"
	                       "  \"open\": [],\n");
	cr_assert_str_eq(tail, "  \"decisions\": [\n"
	                       "    {\n"
	                       "      \"id\": \"D1\",\n"
	                       "      \"kind\": \"tie\",\n"
	                       "      \"by\": \"A. Officer, Category Manager\",\n"
	                       "      \"at\": \"2026-12-03T10:00:00Z\",\n"
	                       "      \"reason\": \"Drawn by lot before two witnesses.\",\n"
	                       "      \"award\": [\n"
	                       "        \"C\"\n"
	                       "      ]\n"
	                       "    }\n"
	                       "  ],\n");
	cr_assert_str_eq(t_str(t_bid_of(&r, "C"), "status"), "awarded");
	free(head);
	free(tail);
	t_run_free(&r);
}

static t_run low_example(const char *decisions)
{
	char *m = t_marks("T-1", 2, T_LOW_MARKS);
	t_run r = t_eval_dec(T_LOW_RULES, t_low_lot(), m, decisions);
	free(m);
	cr_assert_eq(r.rc, 0, "%s", t_diags_text(r.diags));
	cr_assert_not_null(r.doc);
	return r;
}

Test(result_json, an_abnormally_low_bid_in_the_award_is_open_with_its_items)
{
	t_run r = low_example(NULL);
	cr_assert(json_is_false(json_object_get(r.doc, "final")));
	json_t *open = json_object_get(r.doc, "open");
	cr_assert_eq(json_array_size(open), 1);
	char *one = json_dumps(json_array_get(open, 0), JSON_COMPACT | JSON_PRESERVE_ORDER);
	cr_assert_str_eq(one, "{\"kind\":\"abnormally_low\",\"bid\":\"B\",\"items\":[\"P1\"]}");
	free(one);
	t_run_free(&r);
}

Test(result_json, an_investigation_recorded_is_final_and_keeps_its_outcome)
{
	t_run r = low_example(T_LOW_DECISION("accepted"));
	cr_assert(json_is_true(json_object_get(r.doc, "final")));
	cr_assert_eq(json_array_size(json_object_get(r.doc, "open")), 0);
	char *d = json_dumps(json_object_get(r.doc, "decisions"), JSON_COMPACT | JSON_PRESERVE_ORDER);
	cr_assert_str_eq(d, "[{\"id\":\"AL-1\",\"kind\":\"abnormally_low\",\"by\":\"A. Officer, Category Manager\","
	                    "\"at\":\"2026-12-03T10:00:00Z\",\"reason\":\"Explanation of the price requested under s.19; "
	                    "see file note 12.\",\"bid\":\"B\",\"outcome\":\"accepted\"}]");
	free(d);
	t_run_free(&r);
}

Test(result_json, a_rejected_tender_has_no_price_or_total_and_its_reason_names_the_decision)
{
	t_run r = low_example(T_LOW_DECISION("rejected"));
	json_t *b = t_bid_of(&r, "B");
	cr_assert_str_eq(t_str(b, "status"), "disqualified");
	cr_assert_str_eq(t_str(b, "quality"), "30.00", "it reached the quality stage");
	cr_assert(json_is_null(json_object_get(b, "price")), "disqualified at the price stage: no price points");
	cr_assert(json_is_null(json_object_get(b, "total")));
	cr_assert(json_is_null(json_object_get(b, "rank")));
	json_t *reason = json_array_get(json_object_get(b, "reasons"), 0);
	cr_assert_str_eq(t_str(reason, "code"), "abnormally_low_rejected");
	cr_assert_str_eq(t_str(reason, "decision"), "AL-1");
	cr_assert_str_eq(t_str(json_array_get(json_object_get(r.doc, "decisions"), 0), "outcome"), "rejected");
	cr_assert(json_is_true(json_object_get(r.doc, "final")), "the award moved to C, which is not abnormally low");
	t_run_free(&r);
}

Test(result_json, an_exclusion_records_its_bid_and_ground)
{
	t_run r = low_example(T_EXCLUSION);
	char *d = json_dumps(json_array_get(json_object_get(r.doc, "decisions"), 0), JSON_COMPACT | JSON_PRESERVE_ORDER);
	cr_assert_str_eq(d, "{\"id\":\"X1\",\"kind\":\"exclusion\",\"by\":\"A. Officer, Category Manager\","
	                    "\"at\":\"2026-12-03T10:00:00Z\",\"reason\":\"On the debarment list since 2026-11-20.\","
	                    "\"bid\":\"B\",\"ground\":\"debarred\"}");
	free(d);
	json_t *reason = json_array_get(json_object_get(t_bid_of(&r, "B"), "reasons"), 0);
	cr_assert_str_eq(t_str(reason, "code"), "excluded");
	cr_assert_str_eq(t_str(reason, "decision"), "X1");
	t_run_free(&r);
}

/* Per scheme: A and B tie for S1; C alone bids for S2. */
static t_run scheme_example(const char *decisions)
{
	const char *d = t_dir();
	t_put_bid(d, "a.xml", "A", "GB-COH-1", "2026-11-01T12:00:00Z", "Q1", "", "S1", NULL);
	t_put_bid(d, "b.xml", "B", "GB-COH-2", "2026-11-01T12:00:00Z", "Q1", "", "S1", NULL);
	t_put_bid(d, "c.xml", "C", "GB-COH-3", "2026-11-01T12:00:00Z", "Q1", "", "S2", NULL);
	char *m = t_marks("T-1", 2, "A:Q1=4,4|B:Q1=4,4|C:Q1=3,3");
	t_run r = t_eval_dec(RULES_HEAD "award: {mode: per_scheme, tie_break: [quality]}\nweights: {quality: 100, price: 0}\n"
	                                "moderation: {consensus: mean, flag_range: 5}\nquestions:\n  - {id: Q1, weight: 100}\n"
	                                "schemes:\n  - {id: S1}\n  - {id: S2}\n",
	                     d, m, decisions);
	free(m);
	cr_assert_eq(r.rc, 0, "%s", t_diags_text(r.diags));
	return r;
}

Test(result_json, a_scheme_tie_is_open_with_its_scheme_and_decided_names_it)
{
	t_run r = scheme_example(NULL);
	char *open = json_dumps(json_object_get(r.doc, "open"), JSON_COMPACT | JSON_PRESERVE_ORDER);
	cr_assert_str_eq(open, "[{\"kind\":\"tie\",\"scheme\":\"S1\",\"bids\":[\"A\",\"B\"]}]");
	free(open);
	t_run_free(&r);
	r = scheme_example(T_DEC_HEAD "  - id: D7\n    kind: tie\n    scheme: S1\n    award: B\n" T_DEC_WHO
	                              "    reason: \"The council's tie-break policy, clause 4.\"\n");
	cr_assert(json_is_true(json_object_get(r.doc, "final")));
	json_t *d = json_array_get(json_object_get(r.doc, "decisions"), 0);
	cr_assert_str_eq(t_str(d, "scheme"), "S1");
	char *aw = json_dumps(json_object_get(d, "award"), JSON_COMPACT);
	cr_assert_str_eq(aw, "[\"B\"]");
	free(aw);
	t_run_free(&r);
}

Test(result_json, the_challenge_check_comes_last_and_says_when_it_does_not_apply)
{
	t_run r = tie_example(NULL);
	char *tail = between(r.text, "challenge", NULL);
	cr_assert_str_eq(tail, "  \"challenge\": {\n"
	                       "    \"applies\": false,\n"
	                       "    \"reason\": \"the price weight is 0, so no price earns points\",\n"
	                       "    \"note\": \"Analytics: for each bid that did not win and could change the award (it "
	                       "sets a lowest price, or removing it moves an abnormally-low median so that another bid's "
	                       "flag changes, or it is tied with a place of the award), the award had its file not been "
	                       "given (stages 4 and 5 run again without it); no other losing bid can change the award. It "
	                       "never changes the award.\",\n"
	                       "    \"bids\": [],\n"
	                       "    \"changes\": 0,\n"
	                       "    \"undetermined\": 0\n"
	                       "  }\n"
	                       "}\n");
	free(tail);
	t_run_free(&r);
}

Test(result_json, the_challenge_check_of_a_priced_lot_names_no_bid_when_the_lowest_wins)
{
	/* B's 500.00 is the lowest and B is awarded: no bid that did not win sets a lowest price. */
	t_run r = low_example(T_LOW_DECISION("accepted"));
	json_t *c = json_object_get(r.doc, "challenge");
	cr_assert(json_is_true(json_object_get(c, "applies")));
	cr_assert_null(json_object_get(c, "reason"));
	cr_assert_eq(json_array_size(json_object_get(c, "bids")), 0);
	cr_assert_str_eq(json_string_value(json_array_get(json_object_get(r.doc, "awarded"), 0)), "B");
	t_run_free(&r);
}
