/* Tipping points: the closed form against a brute scan of the weight, on a lot with prices and on Lot 7. */
#include <criterion/criterion.h>
#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include "evaluating/quality.h"
#include "evaluating/price.h"
#include "analytics/tipping.h"
#include "helpers.h"

typedef struct {
	co_rules *rules;
	co_result *res;
} eval;

static eval evaluate(const char *rules_path, const char *bids, const char *marks)
{
	eval e = {0};
	co_paths *p = NULL;
	const char *args[] = {bids};
	cr_assert_eq(co_rules_load(&e.rules, rules_path, NULL), 0);
	cr_assert_eq(co_paths_expand(&p, args, 1, NULL), 0);
	co_diags *d = co_diags_new();
	cr_assert_eq(co_evaluate(&e.res, e.rules, p, marks, d), 0, "%s", t_diags_text(d));
	co_diags_free(d);
	co_paths_free(p);
	return e;
}

/*
 * The brute scan: move criterion j's weight to x in steps of 0.01, rescale the others so the
 * weights sum to 100, recompute every ranked bid's total from its scores, and compare the top n
 * with the published award. Returns the first x (going `dir`) where they differ, or -1.
 */
static double price_of(const co_entry *e, size_t p)
{
	mpq_t v;
	mpq_init(v);
	co_entry_price(e, p, v);
	double d = mpq_get_d(v);
	mpq_clear(v);
	return d;
}

static double scan(const co_result *res, size_t j, int dir)
{
	const co_rules *r = res->rules;
	size_t nc = r->nq + r->np, nb = 0;
	double g[32], s[64][32];
	int awarded[64];
	for (size_t q = 0; q < r->nq; q++)
		g[q] = mpq_get_d(r->wq) * mpq_get_d(r->questions[q].weight) / 100.0;
	for (size_t p = 0; p < r->np; p++)
		g[r->nq + p] = mpq_get_d(r->wp) * mpq_get_d(r->prices[p].weight) / 100.0;
	for (size_t i = 0; i < res->n; i++) {
		const co_entry *e = &res->entries[i];
		if (e->status != CO_ST_RANKED && e->status != CO_ST_AWARDED)
			continue;
		for (size_t q = 0; q < r->nq; q++) {
			mpq_t c;
			mpq_init(c);
			co_entry_mark(res, e, q, c);
			s[nb][q] = mpq_get_d(c) / (double)co_rules_max_mark(r);
			mpq_clear(c);
		}
		for (size_t p = 0; p < r->np; p++) { /* lowest_ratio: f = L / p, L over the ranked bids */
			double lowest = 1e300;
			for (size_t k = 0; k < res->n; k++)
				if (res->entries[k].status == CO_ST_RANKED || res->entries[k].status == CO_ST_AWARDED)
					lowest = fmin(lowest, price_of(&res->entries[k], p));
			s[nb][r->nq + p] = lowest / price_of(e, p);
		}
		awarded[nb++] = e->status == CO_ST_AWARDED;
	}
	for (long step = 1; step <= 10000; step++) {
		double x = g[j] + dir * 0.01 * (double)step;
		if (x < 0 || x > 100)
			break;
		double t[64];
		for (size_t b = 0; b < nb; b++) {
			t[b] = 0;
			for (size_t k = 0; k < nc; k++)
				t[b] += (k == j ? x : g[k] * (100 - x) / (100 - g[j])) * s[b][k];
		}
		/*
		 * The top n, by the rules' boundary policy: under admit_all a bid is in when fewer than n
		 * bids are strictly ahead; otherwise a group tied across n is out. (Totals within 1e-9 are ties.)
		 */
		for (size_t b = 0; b < nb; b++) {
			size_t ahead = 0, level = 0;
			for (size_t o = 0; o < nb; o++) {
				ahead += t[o] > t[b] + 1e-9;
				level += o != b && fabs(t[o] - t[b]) <= 1e-9;
			}
			int in = r->at_boundary == CO_BOUNDARY_ADMIT_ALL ? ahead < (size_t)r->n : ahead + level + 1 <= (size_t)r->n;
			if (in != awarded[b])
				return x;
		}
	}
	return -1;
}

/* ncriteria: the questions and scored price items, each compared with the scan. */
static void agree(const char *rules_path, const char *bids, const char *marks, size_t ncriteria)
{
	eval e = evaluate(rules_path, bids, marks);
	json_t *tp = NULL;
	cr_assert_eq(co_tipping_points(&tp, e.res), 0);
	cr_assert_eq(json_array_size(tp), ncriteria, "one entry per question and scored price item");
	size_t i;
	json_t *c;
	int checked = 0;
	json_array_foreach(tp, i, c)
	{
		for (int dir = -1; dir <= 1; dir += 2) {
			json_t *p = json_object_get(c, dir > 0 ? "up" : "down");
			double brute = scan(e.res, i, dir);
			if (json_is_null(p)) {
				cr_assert_eq(brute, -1, "%s %s: no tipping point, but the scan finds one at %f", t_str(c, "criterion"),
				             dir > 0 ? "up" : "down", brute);
				continue;
			}
			double x = atof(t_str(p, "weight"));
			cr_assert(fabs(brute - x) <= 0.0101, "%s %s: closed form %f, scan %f", t_str(c, "criterion"),
			          dir > 0 ? "up" : "down", x, brute);
			checked++;
		}
	}
	cr_assert_gt(checked, 0, "some tipping point is found");
	json_decref(tp);
	co_result_free(e.res);
	co_rules_free(e.rules);
}

Test(tipping, closed_form_matches_a_brute_scan_with_prices)
{
	const char *d = t_dir();
	const char *prices[] = {"p=900", "p=1000", "p=1100", "p=950", "p=1150", "p=1050"};
	char spec[256] = "";
	const char *marks[] = {"4;Q2=3", "3;Q2=5", "5;Q2=5", "2;Q2=4", "5;Q2=4", "3;Q2=3"};
	for (int i = 0; i < 6; i++) {
		char id[8], sup[16], file[16], one[48];
		snprintf(id, sizeof(id), "B%d", i + 1);
		snprintf(sup, sizeof(sup), "GB-COH-%d", i + 1);
		snprintf(file, sizeof(file), "b%d.xml", i + 1);
		t_put_bid(d, file, id, sup, "2026-11-01T12:00:00Z", "Q1,Q2", prices[i], NULL, NULL);
		snprintf(one, sizeof(one), "%s%s:Q1=%s", i ? "|" : "", id, marks[i]);
		strcat(spec, one);
	}
	char *m = t_marks("T-1", 1, spec);
	const char *mp = t_write(t_dir(), "m.xml", m);
	free(m);
	const char *rp = t_write(t_dir(), "r.yaml", RULES_HEAD "award: {mode: top_n, n: 3}\nweights: {quality: 60, price: 40}\n"
	                                                      "moderation: {consensus: mean}\n"
	                                                      "questions:\n  - {id: Q1, weight: 70}\n  - {id: Q2, weight: 30}\n"
	                                                      "prices:\n  - {id: p, max: 1200, weight: 100}\n");
	agree(rp, d, mp, 3);
}

Test(tipping, closed_form_matches_a_brute_scan_on_lot7)
{
	/* Two bids tied at 5th are both admitted: separating them changes the award at once (change 0). */
	agree(TOP_SRCDIR "/rules/dorset-lot7-live-in-care.yaml", TOP_SRCDIR "/bids/lot7",
	      TOP_SRCDIR "/bids/marks/dorset-lot7-marks.xml", 8);
}

Test(tipping, a_dominant_bid_has_no_tipping_point)
{
	/* A is better on every criterion; n = 1: no weighting can change the award. */
	const char *d = t_dir();
	t_put_bid(d, "a.xml", "A", "GB-COH-1", "2026-11-01T12:00:00Z", "Q1,Q2", "p=900", NULL, NULL);
	t_put_bid(d, "b.xml", "B", "GB-COH-2", "2026-11-01T12:00:00Z", "Q1,Q2", "p=1000", NULL, NULL);
	char *m = t_marks("T-1", 1, "A:Q1=5;Q2=4|B:Q1=3;Q2=2");
	const char *mp = t_write(t_dir(), "m.xml", m);
	free(m);
	const char *rp = t_write(t_dir(), "r.yaml", RULES_HEAD "award: {mode: top_n, n: 1}\nweights: {quality: 60, price: 40}\n"
	                                                      "moderation: {consensus: mean}\n"
	                                                      "questions:\n  - {id: Q1, weight: 50}\n  - {id: Q2, weight: 50}\n"
	                                                      "prices:\n  - {id: p, max: 1200, weight: 100}\n");
	eval e = evaluate(rp, d, mp);
	json_t *tp = NULL;
	cr_assert_eq(co_tipping_points(&tp, e.res), 0);
	cr_assert_eq(json_array_size(tp), 3, "Q1, Q2 and p, each checked below");
	size_t i;
	json_t *c;
	json_array_foreach(tp, i, c)
	{
		cr_assert(json_is_null(json_object_get(c, "up")), "%s up", t_str(c, "criterion"));
		cr_assert(json_is_null(json_object_get(c, "down")), "%s down", t_str(c, "criterion"));
	}
	json_decref(tp);
	co_result_free(e.res);
	co_rules_free(e.rules);
}
