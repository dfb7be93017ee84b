/* The Monte Carlo robustness analysis: dominance, symmetry, thread-independent output, Wilson bounds. */
#include <criterion/criterion.h>
#include <math.h>
#include <stdlib.h>
#include "helpers.h"

static json_t *sensitivity(const char *rules, const char *bids, const char *marks, unsigned long samples, int threads)
{
	co_rules *r = NULL;
	co_paths *p = NULL;
	co_result *res = NULL;
	char *text = NULL;
	const char *args[] = {bids};
	cr_assert_eq(co_rules_load(&r, rules, NULL), 0);
	cr_assert_eq(co_paths_expand(&p, args, 1, NULL), 0);
	cr_assert_eq(co_evaluate(&res, r, p, marks, NULL), 0);
	co_sensitivity_options o = {.samples = samples, .seed = 42, .threads = threads, .concentration = 100.0,
	                            .keep_moderated = 0, .progress = NULL};
	cr_assert_eq(co_result_sensitivity(&text, res, &o, 1), 0);
	json_t *doc = json_loads(text, 0, NULL);
	json_object_set_new(doc, "_text", json_string(text));
	free(text);
	co_result_free(res);
	co_paths_free(p);
	co_rules_free(r);
	return doc;
}

/* Four blocks of samples (the last one a single sample), each a unit of the progress. */
Test(smaa, the_sampling_reports_progress_from_0_to_the_block_count)
{
	co_rules *r = NULL;
	co_paths *p = NULL;
	co_result *res = NULL;
	char *with = NULL, *without = NULL;
	const char *args[] = {TOP_SRCDIR "/bids/lot7"};
	cr_assert_eq(co_rules_load(&r, TOP_SRCDIR "/rules/dorset-lot7-live-in-care.yaml", NULL), 0);
	cr_assert_eq(co_paths_expand(&p, args, 1, NULL), 0);
	cr_assert_eq(co_evaluate(&res, r, p, TOP_SRCDIR "/bids/marks/dorset-lot7-marks.xml", NULL), 0);
	t_progress seen = {0};
	co_progress progress = {.fn = t_progress_record, .ctx = &seen};
	co_sensitivity_options o = {.samples = 3 * 4096 + 1, .seed = 42, .threads = 2, .concentration = 100.0,
	                            .keep_moderated = 0, .progress = &progress};
	cr_assert_eq(co_result_sensitivity(&with, res, &o, 1), 0);
	const char *why = t_progress_broken(&seen, "sensitivity", 4);
	cr_assert(!why, "%s", why);
	o.progress = NULL;
	cr_assert_eq(co_result_sensitivity(&without, res, &o, 1), 0);
	cr_assert_str_eq(with, without, "progress never changes the result");
	free(with);
	free(without);
	co_result_free(res);
	co_paths_free(p);
	co_rules_free(r);
}

static json_t *bid(json_t *doc, const char *id)
{
	size_t i;
	json_t *b;
	json_array_foreach(json_object_get(doc, "bids"), i, b)
		if (strcmp(t_str(b, "bid"), id) == 0)
			return b;
	return NULL;
}

static double p_awarded(json_t *doc, const char *id)
{
	return json_real_value(json_object_get(json_object_get(bid(doc, id), "awarded"), "p"));
}

/* Three bids and three criteria; the marks are given per bid as "Q1;Q2;Q3" means. */
static json_t *three(const char *weights, const char *a, const char *b, const char *c, unsigned long samples, int threads)
{
	const char *d = t_dir();
	t_put_bid(d, "a.xml", "A", "GB-COH-1", "2026-11-01T12:00:00Z", "Q1,Q2,Q3", "", NULL, NULL);
	t_put_bid(d, "b.xml", "B", "GB-COH-2", "2026-11-01T12:00:00Z", "Q1,Q2,Q3", "", NULL, NULL);
	t_put_bid(d, "c.xml", "C", "GB-COH-3", "2026-11-01T12:00:00Z", "Q1,Q2,Q3", "", NULL, NULL);
	char spec[256], rules[512];
	snprintf(spec, sizeof(spec), "A:%s|B:%s|C:%s", a, b, c);
	char *m = t_marks("T-1", 1, spec);
	const char *mp = t_write(t_dir(), "m.xml", m);
	free(m);
	snprintf(rules, sizeof(rules),
	         RULES_HEAD "award: {mode: top_n, n: 1}\nweights: {quality: 100, price: 0}\nmoderation: {consensus: mean}\n"
	                    "questions:\n%s",
	         weights);
	return sensitivity(t_write(t_dir(), "r.yaml", rules), d, mp, samples, threads);
}

#define EQUAL "  - {id: Q1, weight: 33.3}\n  - {id: Q2, weight: 33.3}\n  - {id: Q3, weight: 33.4}\n"

Test(smaa, a_dominant_bid_wins_with_probability_one)
{
	json_t *doc = three(EQUAL, "Q1=5;Q2=5;Q3=5", "Q1=4;Q2=4;Q3=4", "Q1=1;Q2=2;Q3=3", 20000, 2);
	cr_assert_float_eq(p_awarded(doc, "A"), 1.0, 1e-12);
	cr_assert_float_eq(p_awarded(doc, "B"), 0.0, 1e-12);
	cr_assert_float_eq(json_real_value(json_object_get(json_object_get(doc, "same_award"), "p")), 1.0, 1e-12);
	cr_assert_eq(json_array_size(json_object_get(doc, "tipping_points")), 3, "Q1, Q2 and Q3, each checked below");
	size_t i;
	json_t *c;
	json_array_foreach(json_object_get(doc, "tipping_points"), i, c)
	{
		cr_assert(json_is_null(json_object_get(c, "up")));
		cr_assert(json_is_null(json_object_get(c, "down")));
	}
	json_decref(doc);
}

Test(smaa, unit_vectors_on_equal_criteria_each_win_a_third)
{
	unsigned long n = 60000;
	json_t *doc = three(EQUAL, "Q1=5;Q2=0;Q3=0", "Q1=0;Q2=5;Q3=0", "Q1=0;Q2=0;Q3=5", n, 2);
	double se = sqrt((1.0 / 3) * (2.0 / 3) / (double)n);
	const char *ids[] = {"A", "B", "C"};
	for (int i = 0; i < 3; i++) {
		double p = p_awarded(doc, ids[i]);
		cr_assert(fabs(p - 1.0 / 3) < 4 * se + 0.002, "%s wins with p = %f, expected 1/3 +- %f", ids[i], p, 4 * se);
	}
	json_decref(doc);
}

Test(smaa, the_same_seed_gives_the_same_output_whatever_the_threads)
{
	json_t *d1 = three(EQUAL, "Q1=5;Q2=1;Q3=2", "Q1=2;Q2=5;Q3=1", "Q1=3;Q2=2;Q3=5", 30000, 1);
	json_t *d2 = three(EQUAL, "Q1=5;Q2=1;Q3=2", "Q1=2;Q2=5;Q3=1", "Q1=3;Q2=2;Q3=5", 30000, 2);
	json_t *d3 = three(EQUAL, "Q1=5;Q2=1;Q3=2", "Q1=2;Q2=5;Q3=1", "Q1=3;Q2=2;Q3=5", 30000, 3);
	cr_assert_str_eq(t_str(d1, "_text"), t_str(d2, "_text"));
	cr_assert_str_eq(t_str(d1, "_text"), t_str(d3, "_text"));
	cr_assert(strstr(t_str(d1, "_text"), "\"seed\": 42"), "the seed is recorded");
	cr_assert(strstr(t_str(d1, "_text"), "\"gsl\": \""), "the GSL version is recorded");
	json_decref(d1);
	json_decref(d2);
	json_decref(d3);
}

Test(smaa, wilson_interval_of_a_certain_event)
{
	/* k = n = 100: the Wilson lower bound is (1 + z^2/2n - z sqrt(z^2/4n^2)) / (1 + z^2/n) = 0.963 (z = 1.96). */
	json_t *doc = three(EQUAL, "Q1=5;Q2=5;Q3=5", "Q1=1;Q2=1;Q3=1", "Q1=1;Q2=1;Q3=2", 100, 1);
	json_t *ci = json_object_get(json_object_get(bid(doc, "A"), "awarded"), "ci95");
	cr_assert_float_eq(json_real_value(json_array_get(ci, 0)), 0.962999, 0.0001);
	cr_assert_float_eq(json_real_value(json_array_get(ci, 1)), 1.0, 1e-9);
	json_decref(doc);
}

Test(smaa, a_capped_award_is_recomputed_with_the_cap)
{
	/* A is best on S1 and S2 but may take one: the optimal award gives A S2 and B S1 in every sample. */
	const char *d = t_dir();
	t_put_bid(d, "a.xml", "A", "GB-COH-1", "2026-11-01T12:00:00Z", "Q1", "", "S1,S2", NULL);
	t_put_bid(d, "b.xml", "B", "GB-COH-2", "2026-11-01T12:00:00Z", "Q1", "", "S1", NULL);
	t_put_bid(d, "c.xml", "C", "GB-COH-3", "2026-11-01T12:00:00Z", "Q1", "", "S2", NULL);
	char *m = t_marks("T-1", 1, "A:Q1=5|B:Q1=4|C:Q1=1");
	const char *mp = t_write(t_dir(), "m.xml", m);
	free(m);
	const char *rp = t_write(t_dir(), "r.yaml", RULES_HEAD "award: {mode: per_scheme, max_schemes_per_supplier: 1}\n"
	                                                      "weights: {quality: 100, price: 0}\nmoderation: {consensus: mean}\n"
	                                                      "questions:\n  - {id: Q1, weight: 100}\n"
	                                                      "schemes:\n  - {id: S1}\n  - {id: S2}\n");
	json_t *doc = sensitivity(rp, d, mp, 5000, 2);
	json_t *a = json_object_get(bid(doc, "A"), "wins_scheme"), *b = json_object_get(bid(doc, "B"), "wins_scheme");
	cr_assert_float_eq(json_real_value(json_object_get(json_object_get(a, "S2"), "p")), 1.0, 1e-12);
	cr_assert_float_eq(json_real_value(json_object_get(json_object_get(a, "S1"), "p")), 0.0, 1e-12,
	                   "without the cap A would win S1 too");
	cr_assert_float_eq(json_real_value(json_object_get(json_object_get(b, "S1"), "p")), 1.0, 1e-12);
	cr_assert_float_eq(json_real_value(json_object_get(json_object_get(doc, "same_award"), "p")), 1.0, 1e-12);
	json_decref(doc);
}
