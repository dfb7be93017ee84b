/* The award: top-n with each boundary policy, and one provider per scheme. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include "helpers.h"

/* Quality only, one question; the consensus mark sets each bid's total (mark x 20). */
static t_run top_n(const char *award, const char *marks_spec, int n)
{
	char rules[512];
	snprintf(rules, sizeof(rules),
	         RULES_HEAD "award: %s\nweights: {quality: 100, price: 0}\nmoderation: {consensus: mean}\n"
	                    "questions:\n  - {id: Q1, weight: 100}\n",
	         award);
	const char *d = t_dir();
	for (int i = 0; i < n; i++) {
		char id[16], sup[32], file[32];
		snprintf(id, sizeof(id), "%c", 'A' + i);
		snprintf(sup, sizeof(sup), "GB-COH-%d", i + 1);
		snprintf(file, sizeof(file), "%c.xml", 'a' + i);
		t_put_bid(d, file, id, sup, "2026-11-01T12:00:00Z", "Q1", "", NULL, NULL);
	}
	char *m = t_marks("T-1", 2, marks_spec);
	t_run r = t_eval(rules, d, m);
	free(m);
	cr_assert_eq(r.rc, 0, "%s", t_diags_text(r.diags));
	return r;
}

/* The ids in a top-level array of the result ("awarded", "tie_unresolved"), comma-separated. */
static const char *ids(const t_run *r, const char *key)
{
	static char buf[256];
	size_t i;
	json_t *v;
	buf[0] = '\0';
	json_array_foreach(json_object_get(r->doc, key), i, v)
	{
		strcat(buf, i ? "," : "");
		strcat(buf, json_string_value(v));
	}
	return buf;
}

#define awarded(r) ids(r, "awarded")
#define tied(r) ids(r, "tie_unresolved")

/* A 90, B 80, C 80, D 70 (marks 4.5, 4, 4, 3.5 as means of two), n = 2: B and C straddle. */
#define STRADDLE "A:Q1=5,4|B:Q1=4,4|C:Q1=3,5|D:Q1=4,3"

Test(award, admit_all_awards_every_bid_tied_at_the_boundary)
{
	t_run r = top_n("{mode: top_n, n: 2, at_boundary: admit_all}", STRADDLE, 4);
	cr_assert_str_eq(awarded(&r), "A,B,C");
	cr_assert_str_eq(tied(&r), "");
	cr_assert_not(r.decide);
	cr_assert_str_eq(t_flag(t_bid_of(&r, "B"), 0), "tie_at_boundary");
	cr_assert_str_eq(t_str(t_bid_of(&r, "D"), "status"), "ranked");
	cr_assert_eq(json_integer_value(json_object_get(t_bid_of(&r, "D"), "rank")), 4);
	t_run_free(&r);
}

Test(award, exclude_all_awards_none_of_them)
{
	t_run r = top_n("{mode: top_n, n: 2, at_boundary: exclude_all}", STRADDLE, 4);
	cr_assert_str_eq(awarded(&r), "A");
	cr_assert_str_eq(t_str(t_bid_of(&r, "B"), "status"), "ranked");
	cr_assert_str_eq(t_str(t_bid_of(&r, "C"), "status"), "ranked");
	cr_assert_not(r.decide);
	t_run_free(&r);
}

Test(award, report_awards_none_and_asks_for_a_decision)
{
	t_run r = top_n("{mode: top_n, n: 2, at_boundary: report}", STRADDLE, 4);
	cr_assert_str_eq(awarded(&r), "A");
	cr_assert_str_eq(tied(&r), "B,C");
	cr_assert(r.decide);
	t_run_free(&r);
}

Test(award, a_tie_inside_the_top_n_is_no_boundary_tie)
{
	t_run r = top_n("{mode: top_n, n: 3, at_boundary: report}", STRADDLE, 4);
	cr_assert_str_eq(awarded(&r), "A,B,C");
	cr_assert_not(r.decide);
	cr_assert_str_eq(t_flag(t_bid_of(&r, "B"), 0), "");
	t_run_free(&r);
}

Test(award, awarded_lists_bids_in_rank_order_and_bids_follow_it)
{
	t_run r = top_n("{mode: top_n, n: 2}", "A:Q1=1|B:Q1=5|C:Q1=3", 3);
	cr_assert_str_eq(awarded(&r), "B,C");
	json_t *bids = json_object_get(r.doc, "bids");
	cr_assert_str_eq(t_str(json_array_get(bids, 0), "bid"), "B");
	cr_assert_str_eq(t_str(json_array_get(bids, 2), "bid"), "A");
	t_run_free(&r);
}

/*
 * Three schemes. Quality 50 / price 50, lowest_ratio, so price points are
 * relative within each scheme:
 *   S1: A (mark 5, 100.00) and B (mark 4, 200.00)  -> A 50 + 50 = 100; B 40 + 25 = 65
 *   S2: B and C, both mark 4 and 200.00           -> 40 + 50 = 90 each: tied
 *   S3: nobody
 */
static t_run schemes(const char *tie_break)
{
	char rules[1024];
	snprintf(rules, sizeof(rules),
	         RULES_HEAD "award: {mode: per_scheme, tie_break: [%s]}\nweights: {quality: 50, price: 50}\n"
	                    "moderation: {consensus: mean}\nquestions:\n  - {id: Q1, weight: 100}\n"
	                    "prices:\n  - {id: p, max: 500, weight: 100}\n"
	                    "schemes:\n  - {id: S1}\n  - {id: S2}\n  - {id: S3}\n",
	         tie_break);
	const char *d = t_dir();
	t_put_bid(d, "a.xml", "A", "GB-COH-1", "2026-11-01T12:00:00Z", "Q1", "p=100.00", "S1", NULL);
	t_put_bid(d, "b.xml", "B", "GB-COH-2", "2026-11-01T12:00:00Z", "Q1", "p=200.00", "S1,S2", NULL);
	t_put_bid(d, "c.xml", "C", "GB-COH-3", "2026-11-02T12:00:00Z", "Q1", "p=200.00", "S2", NULL);
	char *m = t_marks("T-1", 1, "A:Q1=5|B:Q1=4|C:Q1=4");
	t_run r = t_eval(rules, d, m);
	free(m);
	cr_assert_eq(r.rc, 0, "%s", t_diags_text(r.diags));
	return r;
}

static json_t *scheme(const t_run *r, size_t i)
{
	return json_array_get(json_object_get(r->doc, "schemes"), i);
}

Test(award, per_scheme_ranks_each_scheme_on_its_own)
{
	t_run r = schemes("");
	json_t *s1 = scheme(&r, 0), *s2 = scheme(&r, 1), *s3 = scheme(&r, 2);
	cr_assert_str_eq(t_str(s1, "status"), "awarded");
	cr_assert_str_eq(t_str(s1, "awarded"), "A");
	json_t *b_in_s1 = json_array_get(json_object_get(s1, "ranking"), 1);
	cr_assert_str_eq(t_str(b_in_s1, "bid"), "B");
	cr_assert_str_eq(t_str(b_in_s1, "price"), "25.00", "B's price points are relative to A in S1");
	cr_assert_str_eq(t_str(b_in_s1, "total"), "65.00");
	cr_assert_str_eq(t_str(s2, "status"), "tie_unresolved");
	cr_assert_str_eq(t_str(s2, "awarded"), "");
	cr_assert_str_eq(t_str(json_array_get(json_object_get(s2, "ranking"), 0), "price"), "50.00",
	                 "in S2, B is the lowest price");
	cr_assert_str_eq(t_str(s3, "status"), "unawarded");
	cr_assert_eq(json_array_size(json_object_get(s3, "ranking")), 0);
	cr_assert(r.decide);
	cr_assert_str_eq(tied(&r), "B,C");
	cr_assert_str_eq(awarded(&r), "A");
	json_t *a = t_bid_of(&r, "A");
	cr_assert_str_eq(t_str(a, "status"), "awarded");
	cr_assert_str_eq(t_str(a, "rank"), "", "per_scheme bids have no lot-wide rank");
	cr_assert_str_eq(t_str(a, "total"), "");
	cr_assert_str_eq(t_str(a, "quality"), "50.00");
	cr_assert_str_eq(t_str(t_bid_of(&r, "B"), "status"), "ranked");
	t_run_free(&r);
}

Test(award, per_scheme_tie_broken_by_a_key)
{
	t_run r = schemes("submitted");
	cr_assert_str_eq(t_str(scheme(&r, 1), "status"), "awarded");
	cr_assert_str_eq(t_str(scheme(&r, 1), "awarded"), "B", "B was submitted first");
	cr_assert_not(r.decide);
	cr_assert_str_eq(awarded(&r), "A,B");
	t_run_free(&r);
}

/* Quality-only per-scheme lot with a cap; mark m gives a total of 20 x m. */
static t_run capped(long cap, const char *const bids[][2], size_t n, const char *marks)
{
	char rules[1024];
	snprintf(rules, sizeof(rules),
	         RULES_HEAD "award: {mode: per_scheme, max_schemes_per_supplier: %ld}\n"
	                    "weights: {quality: 100, price: 0}\nmoderation: {consensus: mean}\n"
	                    "questions:\n  - {id: Q1, weight: 100}\nschemes:\n  - {id: S1}\n  - {id: S2}\n  - {id: S3}\n",
	         cap);
	const char *d = t_dir();
	for (size_t i = 0; i < n; i++) {
		char sup[32], file[32];
		snprintf(sup, sizeof(sup), "GB-COH-%zu", i + 1);
		snprintf(file, sizeof(file), "%s.xml", bids[i][0]);
		t_put_bid(d, file, bids[i][0], sup, "2026-11-01T12:00:00Z", "Q1", "", bids[i][1], NULL);
	}
	char *m = t_marks("T-1", 1, marks);
	t_run r = t_eval(rules, d, m);
	free(m);
	cr_assert_eq(r.rc, 0, "%s", t_diags_text(r.diags));
	return r;
}

Test(award, cap_beats_greedy_in_scheme_order)
{
	/* A is rank 1 on S1 and S2. Greedy gives A S1 and C S2 (100 + 20); optimal is B S1, A S2 (80 + 100). */
	static const char *const bids[][2] = {{"A", "S1,S2"}, {"B", "S1"}, {"C", "S2"}};
	t_run r = capped(1, bids, 3, "A:Q1=5|B:Q1=4|C:Q1=1");
	cr_assert_str_eq(t_str(scheme(&r, 0), "awarded"), "B");
	cr_assert_str_eq(t_str(scheme(&r, 1), "awarded"), "A");
	cr_assert(json_is_true(json_object_get(scheme(&r, 0), "moved_by_cap")));
	cr_assert_eq(json_integer_value(json_object_get(scheme(&r, 0), "awarded_rank")), 2);
	cr_assert(json_is_false(json_object_get(scheme(&r, 1), "moved_by_cap")));
	cr_assert_str_eq(t_str(scheme(&r, 2), "status"), "unawarded");
	cr_assert(json_is_false(json_object_get(scheme(&r, 2), "moved_by_cap")), "no bid at all: not the cap's doing");
	t_run_free(&r);
}

Test(award, cap_ties_are_left_to_a_person)
{
	/* A and B tie on every key on S1 and S2, cap 1: either way round is equally good. */
	static const char *const bids[][2] = {{"A", "S1,S2"}, {"B", "S1,S2"}, {"C", "S3"}};
	t_run r = capped(1, bids, 3, "A:Q1=4|B:Q1=4|C:Q1=2");
	cr_assert(r.decide);
	cr_assert_str_eq(t_str(scheme(&r, 0), "status"), "tie_unresolved");
	cr_assert_str_eq(t_str(scheme(&r, 1), "status"), "tie_unresolved");
	cr_assert_str_eq(t_str(scheme(&r, 2), "awarded"), "C", "an untied scheme is still awarded");
	cr_assert_str_eq(tied(&r), "A,B");
	cr_assert_str_eq(t_flag(t_bid_of(&r, "A"), 0), "tie_for_scheme");
	const json_t *flag = json_array_get(json_object_get(t_bid_of(&r, "A"), "flags"), 0);
	cr_assert_str_eq(t_str(flag, "scheme"), "S1", "the flag names the scheme it is about");
	cr_assert_null(json_object_get(flag, "question"), "and nothing else");
	t_run_free(&r);
}

Test(award, a_cap_that_does_not_bind_changes_nothing)
{
	static const char *const bids[][2] = {{"A", "S1,S2,S3"}, {"B", "S1,S2"}};
	t_run r = capped(3, bids, 2, "A:Q1=5|B:Q1=4");
	for (size_t s = 0; s < 3; s++) {
		cr_assert_str_eq(t_str(scheme(&r, s), "awarded"), "A");
		cr_assert(json_is_false(json_object_get(scheme(&r, s), "moved_by_cap")));
	}
	t_run_free(&r);
}
