/*
 * Tipping points, exactly and without sampling. For each question and scored price item, its
 * global weight g (its share of 100) is moved to x and the other weights are scaled so the sum
 * stays 100. Every total is then linear in x:
 *     T_b(x) = x s_b + (100 - x) R_b / (100 - g),   R_b = T_b - g s_b,
 * where s_b is the bid's score on the criterion (c / M for a question, f for a price item).
 * The award set changes first where a bid outside it draws level with a bid inside it; each such
 * pair crosses at most once, at x* = -alpha / beta, computed as an exact rational.
 * The eligible bids are held fixed (thresholds are not re-applied), and points are unrounded.
 */
#include "base/diag.h"
#include "analytics/tipping.h"
#include "evaluating/quality.h"
#include "evaluating/price.h"
#include "base/jsontext.h"
#include "base/num.h"
#include "base/strbuf.h"
#include "base/termtext.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
	const char *id;
	int is_price;
	size_t index;
	mpq_t g; /* global weight, percent of 100 */
} criterion;

/* s: the score of entry e on criterion c (within a scheme for per-scheme price items). */
static void score(const co_result *res, const criterion *c, const co_entry *e, const co_cand *cands, size_t n, mpq_t s)
{
	const co_rules *r = res->rules;
	if (!c->is_price) {
		mpq_t m;
		mpq_init(m);
		co_entry_mark(res, e, c->index, m);
		mpq_set_si(s, co_rules_max_mark(r), 1);
		mpq_div(s, m, s);
		mpq_clear(m);
		return;
	}
	mpq_t lowest, price, pts;
	mpq_inits(lowest, price, pts, NULL);
	co_lowest_price(res, cands, n, c->index, lowest);
	co_entry_price(e, c->index, price);
	co_item_points(r, c->index, lowest, price, s, pts); /* s receives f */
	mpq_clears(lowest, price, pts, NULL);
}

/* T_b at the published weights, from the scores (unrounded). */
static void total(const co_result *res, const criterion *cs, size_t nc, const co_entry *e, const co_cand *cands,
                  size_t n, mpq_t t)
{
	mpq_t s, h;
	mpq_inits(s, h, NULL);
	mpq_set_ui(t, 0, 1);
	for (size_t k = 0; k < nc; k++) {
		score(res, &cs[k], e, cands, n, s);
		mpq_mul(h, cs[k].g, s);
		mpq_add(t, t, h);
	}
	mpq_clears(s, h, NULL);
}

/* s, the bid's score on criterion c, and R = T - g s, the rest of its total at the published weights. */
static void score_and_rest(const co_result *res, const criterion *cs, size_t nc, size_t c, const co_entry *e,
                           const co_cand *cands, size_t n, mpq_t s, mpq_t rest)
{
	mpq_t t;
	mpq_init(t);
	score(res, &cs[c], e, cands, n, s);
	total(res, cs, nc, e, cands, n, rest);
	mpq_mul(t, cs[c].g, s);
	mpq_sub(rest, rest, t);
	mpq_clear(t);
}

typedef struct {
	int up_found, down_found;
	mpq_t up, down; /* the weights at which the award changes */
} tipping;

/*
 * One ranking (the lot, or a scheme): `in` are the awarded candidates, the rest are not.
 * Narrows the tipping points of criterion c.
 */
static void crossings(const co_result *res, const criterion *cs, size_t nc, size_t c, const co_cand *cands, size_t n,
                      const unsigned char *in, tipping *tp)
{
	mpq_t si, sk, ri, rk, d, alpha, beta, x, rest;
	mpq_inits(si, sk, ri, rk, d, alpha, beta, x, rest, NULL);
	mpq_set_ui(rest, 100, 1);
	mpq_sub(rest, rest, cs[c].g); /* 100 - g */
	/*
	 * Bids tied across the top-n boundary (admitted or excluded together): any change of weight
	 * that separates them changes the award at once, in both directions.
	 */
	for (size_t a = 0; a < n; a++)
		for (size_t b = a + 1; b < n; b++) {
			const co_entry *ea = &res->entries[cands[a].entry], *eb = &res->entries[cands[b].entry];
			if (!ea->tie_boundary || !eb->tie_boundary || ea->rank != eb->rank)
				continue;
			score_and_rest(res, cs, nc, c, ea, cands, n, si, ri);
			score_and_rest(res, cs, nc, c, eb, cands, n, sk, rk);
			mpq_sub(d, ri, rk);
			mpq_div(d, d, rest);
			mpq_sub(beta, si, sk);
			mpq_sub(beta, beta, d);
			if (mpq_sgn(beta) == 0)
				continue;
			mpq_set(tp->up, cs[c].g);
			mpq_set(tp->down, cs[c].g);
			tp->up_found = tp->down_found = 1;
		}
	for (size_t a = 0; a < n; a++) {
		if (!in[a])
			continue;
		score_and_rest(res, cs, nc, c, &res->entries[cands[a].entry], cands, n, si, ri);
		for (size_t b = 0; b < n; b++) {
			if (in[b])
				continue;
			score_and_rest(res, cs, nc, c, &res->entries[cands[b].entry], cands, n, sk, rk);
			/* D(x) = alpha + beta x with alpha = 100 (Ri - Rk) / (100 - g), beta = (si - sk) - (Ri - Rk) / (100 - g). */
			mpq_sub(d, ri, rk);
			mpq_div(d, d, rest);
			mpq_set_ui(alpha, 100, 1);
			mpq_mul(alpha, alpha, d);
			mpq_sub(beta, si, sk);
			mpq_sub(beta, beta, d);
			if (mpq_sgn(beta) == 0)
				continue; /* parallel: they never cross */
			mpq_neg(x, alpha);
			mpq_div(x, x, beta); /* where D = 0 */
			int cmp = mpq_cmp(x, cs[c].g);
			if (cmp == 0) /* tied now (decided by a tie-break key): any move that lowers D changes the award */
				cmp = mpq_sgn(beta) < 0 ? 1 : -1;
			if (cmp > 0 && mpq_cmp_ui(x, 100, 1) <= 0 && (!tp->up_found || mpq_cmp(x, tp->up) < 0)) {
				mpq_set(tp->up, x);
				tp->up_found = 1;
			} else if (cmp < 0 && mpq_sgn(x) >= 0 && (!tp->down_found || mpq_cmp(x, tp->down) > 0)) {
				mpq_set(tp->down, x);
				tp->down_found = 1;
			}
		}
	}
	mpq_clears(si, sk, ri, rk, d, alpha, beta, x, rest, NULL);
}

/* The criteria and their global weights. */
static criterion *criteria(const co_rules *r, size_t *n)
{
	criterion *cs = calloc(r->nq + r->np + 1, sizeof(*cs));
	*n = 0;
	for (size_t q = 0; cs && q < r->nq; q++) {
		criterion *c = &cs[(*n)++];
		c->id = r->questions[q].id;
		c->is_price = 0;
		c->index = q;
		mpq_init(c->g);
		co_question_available(r, q, c->g);
	}
	for (size_t p = 0; cs && co_prices_scored(r) && p < r->np; p++) {
		if (!r->prices[p].scored)
			continue;
		criterion *c = &cs[(*n)++];
		c->id = r->prices[p].id;
		c->is_price = 1;
		c->index = p;
		mpq_init(c->g);
		mpq_set(c->g, r->prices[p].share); /* the points of f = 1: Wp x (w / 100) */
	}
	return cs;
}

/* null when not found; NULL when out of memory (json_pack refuses a NULL string). */
static json_t *point(int found, const mpq_t x, const mpq_t g)
{
	if (!found)
		return json_null();
	mpq_t d;
	mpq_init(d);
	mpq_sub(d, x, g);
	char *w = co_num_format(x, 4), *c = co_num_format(d, 4), *e = co_num_exact(x);
	json_t *o = w && c && e ? json_pack("{s:s, s:s, s:s}", "weight", w, "change", c, "exact", e) : NULL;
	free(w);
	free(c);
	free(e);
	mpq_clear(d);
	return o;
}

/*
 * Out of memory is CO_ERROR, never a criterion shown with no tipping point because the bids to
 * compare could not be listed, nor a document with a key missing.
 */
int co_tipping_points(json_t **out, const co_result *res)
{
	const co_rules *r = res->rules;
	size_t nc = 0;
	criterion *cs = criteria(r, &nc);
	json_t *arr = json_array();
	int failed = !cs || !arr;
	*out = NULL;
	for (size_t c = 0; !failed && c < nc; c++) {
		tipping tp = {0};
		mpq_inits(tp.up, tp.down, NULL);
		json_t *o = json_object();
		co_json_set(o, "criterion", json_string(cs[c].id), &failed);
		co_json_set(o, "kind", json_string(cs[c].is_price ? "price" : "question"), &failed);
		char *g = co_num_format(cs[c].g, 4);
		co_json_set(o, "weight", g ? json_string(g) : NULL, &failed);
		free(g);
		if (mpq_cmp_ui(cs[c].g, 100, 1) == 0) {
			co_json_set(o, "note", json_string("the only criterion: there is no other weight to move"), &failed);
		} else if (r->mode == CO_MODE_TOP_N) {
			size_t n = 0;
			co_cand *cands = calloc(res->n + 1, sizeof(*cands));
			unsigned char *in = calloc(res->n + 1, 1);
			if (!cands || !in)
				failed = 1;
			for (size_t i = 0; !failed && i < res->n; i++) {
				const co_entry *e = &res->entries[i];
				if (e->status != CO_ST_RANKED && e->status != CO_ST_AWARDED)
					continue;
				cands[n].entry = i;
				in[n++] = e->status == CO_ST_AWARDED;
			}
			if (!failed)
				crossings(res, cs, nc, c, cands, n, in, &tp);
			free(cands);
			free(in);
		} else if (r->max_schemes) {
			co_json_set(o, "note", json_string("not computed for a capped per-scheme award (an optimisation, not a ranking)"),
			            &failed);
		} else {
			for (size_t s = 0; !failed && s < r->ns; s++) {
				const co_scheme_result *sr = &res->schemes[s];
				unsigned char *in = calloc(sr->n + 1, 1);
				if (!in)
					failed = 1;
				for (size_t k = 0; in && k < sr->n; k++)
					in[k] = (long)sr->ranking[k].entry == sr->awarded;
				if (in && sr->awarded >= 0)
					crossings(res, cs, nc, c, sr->ranking, sr->n, in, &tp);
				free(in);
			}
		}
		co_json_set(o, "up", point(tp.up_found, tp.up, cs[c].g), &failed);
		co_json_set(o, "down", point(tp.down_found, tp.down, cs[c].g), &failed);
		if (!tp.up_found || !tp.down_found)
			co_json_set(o, "none",
			            json_string("no change of this weight within [0, 100] alters the award, in the direction shown as null"),
			            &failed);
		co_json_append(arr, o, &failed);
		mpq_clears(tp.up, tp.down, NULL);
	}
	for (size_t c = 0; c < nc; c++)
		mpq_clear(cs[c].g);
	free(cs);
	if (failed) {
		json_decref(arr);
		return CO_ERROR;
	}
	*out = arr;
	return 0;
}

int co_result_tipping_points(char **out, const co_result *res, int as_json)
{
	json_t *arr = NULL;
	*out = NULL;
	if (co_tipping_points(&arr, res))
		return CO_ERROR;
	if (as_json) {
		json_t *doc = json_pack("{s:s, s:s, s:s, s:o}", /* NULL, when out of memory, fails co_json_text */ "format", "calloff-tipping/1", "competition", res->rules->id,
		                        "note", "Exact (no sampling): each weight moved alone, the others rescaled to sum to 100; "
		                                "eligibility and thresholds held fixed; unrounded points.",
		                        "criteria", arr);
		*out = co_json_text(doc, 0);
		json_decref(doc);
		return *out ? 0 : CO_ERROR;
	}
	co_strbuf b = {0};
	if (co_json_for_terminal(arr)) { /* the text is for a terminal: ids shown safely */
		json_decref(arr);
		return CO_ERROR;
	}
	co_strbuf_put(&b, "Tipping points for ");
	co_strbuf_put_text(&b, res->rules->id);
	co_strbuf_put(&b, " (exact, no sampling)\n"
	                  "How far each weight (its share of 100) must move, the others rescaled to keep the sum 100,\n"
	                  "before the award changes. Eligibility and thresholds are held fixed.\n\n"
	                  "%-16s %8s   %-28s %-28s\n", "criterion", "weight", "up: weight (change)", "down: weight (change)");
	size_t i;
	json_t *c;
	json_array_foreach(arr, i, c)
	{
		char up[64], down[64];
		json_t *u = json_object_get(c, "up"), *d = json_object_get(c, "down");
		if (json_is_object(u))
			snprintf(up, sizeof(up), "%s (%s%s)", json_string_value(json_object_get(u, "weight")),
			         json_string_value(json_object_get(u, "change"))[0] == '-' ? "" : "+",
			         json_string_value(json_object_get(u, "change")));
		else
			snprintf(up, sizeof(up), "none within [0, 100]");
		if (json_is_object(d))
			snprintf(down, sizeof(down), "%s (%s)", json_string_value(json_object_get(d, "weight")),
			         json_string_value(json_object_get(d, "change")));
		else
			snprintf(down, sizeof(down), "none within [0, 100]");
		co_strbuf_put(&b, "%-16s %8s   %-28s %-28s%s%s\n", json_string_value(json_object_get(c, "criterion")),
		              json_string_value(json_object_get(c, "weight")), up, down, json_object_get(c, "note") ? "  " : "",
		              json_object_get(c, "note") ? json_string_value(json_object_get(c, "note")) : "");
	}
	json_decref(arr);
	*out = co_strbuf_take(&b);
	return *out ? 0 : CO_ERROR;
}
