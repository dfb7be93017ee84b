/* Stage 4, price: price points relative to the lowest price, and abnormally low prices. */
#include "evaluation.h"
#include "diag.h"
#include "num.h"

#include <stdlib.h>

void co_item_points(const co_rules *r, size_t item, const mpq_t lowest, const mpq_t price, mpq_t f, mpq_t points)
{
	const co_price_item *it = &r->prices[item];
	mpq_t t;
	mpq_init(t);
	if (r->price_scoring == CO_PS_LOWEST_RATIO) {
		mpq_div(f, lowest, price); /* f = L / p */
	} else if (mpq_equal(it->max, lowest)) {
		mpq_set_ui(f, 1, 1); /* linear_to_max with X = L */
	} else {
		mpq_sub(f, it->max, price); /* f = (X - p) / (X - L) */
		mpq_sub(t, it->max, lowest);
		mpq_div(f, f, t);
	}
	/* item points = Wp x (w_i / 100) x f */
	mpq_mul(points, r->wp, it->weight);
	mpq_set_ui(t, 100, 1);
	mpq_div(points, points, t);
	mpq_mul(points, points, f);
	if (r->each_score)
		co_num_round(points, points, r->decimals);
	mpq_clear(t);
}

int co_prices_scored(const co_rules *r)
{
	return r->price_scoring != CO_PS_FIXED && mpq_sgn(r->wp) > 0;
}

void co_lowest_price(const co_result *res, const co_cand *cands, size_t n, size_t item, mpq_t lowest)
{
	mpq_set(lowest, res->entries[cands[0].entry].ps[item].value);
	for (size_t k = 1; k < n; k++)
		if (mpq_cmp(res->entries[cands[k].entry].ps[item].value, lowest) < 0)
			mpq_set(lowest, res->entries[cands[k].entry].ps[item].value);
}

void co_price_points(co_result *res, co_cand *cands, size_t n, int store_items)
{
	const co_rules *r = res->rules;
	int scored = co_prices_scored(r);
	mpq_t lowest, f, t;
	mpq_inits(lowest, f, t, NULL);
	for (size_t k = 0; k < n; k++)
		mpq_set_ui(cands[k].pp, 0, 1);
	for (size_t i = 0; scored && n > 0 && i < r->np; i++) {
		if (!r->prices[i].scored)
			continue;
		co_lowest_price(res, cands, n, i, lowest);
		for (size_t k = 0; k < n; k++) {
			co_price_entry *pe = &res->entries[cands[k].entry].ps[i];
			co_item_points(r, i, lowest, pe->value, f, t);
			mpq_add(cands[k].pp, cands[k].pp, t);
			if (store_items) {
				mpq_set(pe->points, t);
				pe->has_points = 1;
			}
		}
	}
	for (size_t k = 0; k < n; k++)
		mpq_add(cands[k].total, res->entries[cands[k].entry].qp, cands[k].pp);
	mpq_clears(lowest, f, t, NULL);
}

static int cmp_mpq(const void *a, const void *b)
{
	return mpq_cmp(*(const mpq_t *)a, *(const mpq_t *)b);
}

/*
 * p < (1 - pct / 100) x median of the item's prices over every bid still in
 * after stage 3 (the whole lot, also for per_scheme).
 */
static int abnormally_low(co_result *res)
{
	const co_rules *r = res->rules;
	size_t n = 0;
	for (size_t i = 0; i < res->n; i++)
		n += co_entry_in(&res->entries[i]);
	if (!r->has_abnormally_low || n == 0)
		return 0;
	mpq_t *v = malloc(n * sizeof(mpq_t));
	if (!v)
		return CO_ERROR;
	for (size_t k = 0; k < n; k++)
		mpq_init(v[k]);
	mpq_t median, bar, t;
	mpq_inits(median, bar, t, NULL);
	for (size_t i = 0; i < r->np; i++) {
		if (!r->prices[i].scored)
			continue;
		size_t k = 0;
		for (size_t e = 0; e < res->n; e++)
			if (co_entry_in(&res->entries[e]))
				mpq_set(v[k++], res->entries[e].ps[i].value);
		qsort(v, n, sizeof(mpq_t), cmp_mpq);
		if (n % 2)
			mpq_set(median, v[n / 2]);
		else {
			mpq_add(median, v[n / 2 - 1], v[n / 2]);
			mpq_set_ui(t, 2, 1);
			mpq_div(median, median, t);
		}
		mpq_set_ui(t, 100, 1);
		mpq_div(bar, r->below_median_percent, t);
		mpq_set_ui(t, 1, 1);
		mpq_sub(bar, t, bar);
		mpq_mul(bar, bar, median);
		for (size_t e = 0; e < res->n; e++) {
			co_entry *en = &res->entries[e];
			if (co_entry_in(en) && mpq_cmp(en->ps[i].value, bar) < 0) {
				char *m = co_num_format(median, 2), *b = co_num_format(bar, 2);
				char *pct = co_num_format_trim(r->below_median_percent, 9);
				co_entry_flag(en, "abnormally_low", NULL, r->prices[i].id,
				              "%s is more than %s%% below the median %s (threshold %s)", en->ps[i].text, pct, m, b);
				free(m);
				free(b);
				free(pct);
			}
		}
	}
	mpq_clears(median, bar, t, NULL);
	for (size_t k = 0; k < n; k++)
		mpq_clear(v[k]);
	free(v);
	return 0;
}

int co_stage_price(co_result *res)
{
	size_t n = 0;
	for (size_t i = 0; i < res->n; i++)
		if (co_entry_in(&res->entries[i])) {
			res->entries[i].stage = 4;
			n++;
		}
	if (abnormally_low(res))
		return CO_ERROR;
	if (res->rules->mode != CO_MODE_TOP_N)
		return 0;
	co_cand *c = calloc(n ? n : 1, sizeof(*c));
	if (!c)
		return CO_ERROR;
	size_t k = 0;
	for (size_t i = 0; i < res->n; i++)
		if (co_entry_in(&res->entries[i])) {
			c[k].entry = i;
			mpq_inits(c[k].pp, c[k].total, NULL);
			k++;
		}
	co_price_points(res, c, n, 1);
	for (k = 0; k < n; k++) {
		co_entry *e = &res->entries[c[k].entry];
		mpq_set(e->pp, c[k].pp);
		mpq_set(e->total, c[k].total);
		mpq_clears(c[k].pp, c[k].total, NULL);
	}
	free(c);
	return 0;
}
