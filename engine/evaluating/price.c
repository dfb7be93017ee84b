/* Stage 4, price: price points relative to the lowest price, and abnormally low prices. */
#include "evaluating/price.h"
#include "evaluating/decide.h"
#include "base/diag.h"
#include "base/num.h"

#include <stdlib.h>
#include <string.h>

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
	mpq_mul(points, it->share, f);
	if (r->each_score)
		co_num_round(points, points, r->decimals);
	mpq_clear(t);
}

int co_prices_scored(const co_rules *r)
{
	return r->price_scoring != CO_PS_FIXED && mpq_sgn(r->wp) > 0;
}

static void price_value(const co_price_entry *pe, mpq_t value)
{
	const char *why;
	if (pe->state != CO_PRICE_OK)
		mpq_set_ui(value, 0, 1);
	else if (!pe->big) {
		mpq_set_si(value, (long)pe->cents, 100);
		mpq_canonicalize(value);
	} else if (co_num_parse(value, pe->text, 2, 0, &why) != 0)
		mpq_set_ui(value, 0, 1); /* not reached: stage 2 parsed the same text */
}

void co_entry_price(const co_entry *e, size_t i, mpq_t value)
{
	price_value(&e->ps[i], value);
}

/* Compare two valid prices: in cents while both fit, else exactly from their text. */
static int price_cmp(const co_price_entry *a, const co_price_entry *b)
{
	if (!a->big && !b->big)
		return (a->cents > b->cents) - (a->cents < b->cents);
	mpq_t x, y;
	mpq_inits(x, y, NULL);
	price_value(a, x);
	price_value(b, y);
	int c = mpq_cmp(x, y);
	mpq_clears(x, y, NULL);
	return c;
}

void co_lowest_price(const co_result *res, const co_cand *cands, size_t n, size_t item, mpq_t lowest)
{
	const co_price_entry *best = &res->entries[cands[0].entry].ps[item];
	for (size_t k = 1; k < n; k++)
		if (price_cmp(&res->entries[cands[k].entry].ps[item], best) < 0)
			best = &res->entries[cands[k].entry].ps[item];
	price_value(best, lowest);
}

int co_entry_item_points(const co_result *res, const co_entry *e, size_t i, mpq_t points)
{
	if (!e->ps[i].has_points || !res->lowest) {
		mpq_set_ui(points, 0, 1);
		return 0;
	}
	mpq_t price, f;
	mpq_inits(price, f, NULL);
	co_entry_price(e, i, price);
	co_item_points(res->rules, i, res->lowest[i], price, f, points);
	mpq_clears(price, f, NULL);
	return 1;
}

void co_entry_totals(const co_result *res, const co_entry *e, mpq_t pp, mpq_t total)
{
	mpq_set_ui(pp, 0, 1);
	mpq_set_ui(total, 0, 1);
	if (res->rules->mode != CO_MODE_TOP_N || e->stage < 4)
		return;
	for (size_t i = 0; i < res->rules->np; i++)
		if (co_entry_item_points(res, e, i, total))
			mpq_add(pp, pp, total);
	co_ratio_get(total, &e->qp);
	mpq_add(total, total, pp);
}

int co_cand_totals(const co_result *res, co_cand *c)
{
	mpq_t pp, total;
	mpq_inits(pp, total, NULL);
	co_entry_totals(res, &res->entries[c->entry], pp, total);
	int rc = co_ratio_set(&c->pp, pp) || co_ratio_set(&c->total, total) ? CO_ERROR : 0;
	mpq_clears(pp, total, NULL);
	return rc;
}

int co_price_points(co_result *res, co_cand *cands, size_t n)
{
	const co_rules *r = res->rules;
	int scored = co_prices_scored(r), rc = 0;
	mpq_t lowest, price, f, t, *pp = calloc(n ? n : 1, sizeof(mpq_t));
	if (!pp)
		return CO_ERROR;
	mpq_inits(lowest, price, f, t, NULL);
	for (size_t k = 0; k < n; k++)
		mpq_init(pp[k]);
	for (size_t i = 0; scored && n > 0 && i < r->np; i++) {
		if (!r->prices[i].scored)
			continue;
		co_lowest_price(res, cands, n, i, lowest);
		for (size_t k = 0; k < n; k++) {
			co_entry_price(&res->entries[cands[k].entry], i, price);
			co_item_points(r, i, lowest, price, f, t);
			mpq_add(pp[k], pp[k], t);
		}
	}
	for (size_t k = 0; k < n; k++) {
		co_ratio_get(t, &res->entries[cands[k].entry].qp);
		mpq_add(t, t, pp[k]);
		if (co_ratio_set(&cands[k].pp, pp[k]) || co_ratio_set(&cands[k].total, t))
			rc = CO_ERROR;
		mpq_clear(pp[k]);
	}
	mpq_clears(lowest, price, f, t, NULL);
	free(pp);
	return rc;
}

static int cmp_price(const void *a, const void *b)
{
	return price_cmp(*(const co_price_entry *const *)a, *(const co_price_entry *const *)b);
}

void co_abnormally_low_bar(const co_rules *r, const mpq_t median, mpq_t bar)
{
	mpq_t t;
	mpq_init(t);
	mpq_set_ui(t, 100, 1);
	mpq_div(t, r->below_median_percent, t);
	mpq_set_ui(bar, 1, 1);
	mpq_sub(bar, bar, t);
	mpq_mul(bar, bar, median);
	mpq_clear(t);
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
	const co_price_entry **v = malloc(n * sizeof(*v));
	if (!v)
		return CO_ERROR;
	mpq_t median, bar, t, price;
	mpq_inits(median, bar, t, price, NULL);
	for (size_t i = 0; i < r->np; i++) {
		if (!r->prices[i].scored)
			continue;
		size_t k = 0;
		for (size_t e = 0; e < res->n; e++)
			if (co_entry_in(&res->entries[e]))
				v[k++] = &res->entries[e].ps[i];
		qsort(v, n, sizeof(*v), cmp_price);
		price_value(v[n / 2], median);
		if (n % 2 == 0) {
			price_value(v[n / 2 - 1], t);
			mpq_add(median, median, t);
			mpq_set_ui(t, 2, 1);
			mpq_div(median, median, t);
		}
		co_abnormally_low_bar(r, median, bar);
		for (size_t e = 0; e < res->n; e++) {
			co_entry *en = &res->entries[e];
			if (!co_entry_in(en))
				continue;
			co_entry_price(en, i, price);
			if (mpq_cmp(price, bar) < 0) {
				char *m = co_num_format(median, 2), *b = co_num_format(bar, 2);
				char *pct = co_num_format_trim(r->below_median_percent, 9);
				if (m && b && pct)
					co_entry_note(res, en, CO_FLAG, "abnormally_low", CO_ABOUT_ITEM, r->prices[i].id, 0,
					              "%s is more than %s%% below the median %s (threshold %s)", en->ps[i].text, pct, m, b);
				else
					res->failed = 1;
				free(m);
				free(b);
				free(pct);
			}
		}
	}
	mpq_clears(median, bar, t, price, NULL);
	free(v);
	return 0;
}

/* The abnormally_low flags of the bids still in, taken off to be raised again (a rejected bid keeps its own). */
static void drop_low_flags(co_result *res)
{
	for (size_t i = 0; i < res->n; i++) {
		co_entry *e = &res->entries[i];
		uint32_t kept = 0;
		if (!co_entry_in(e))
			continue;
		for (uint32_t f = 0; f < e->nflags; f++)
			if (strcmp(e->flags[f].code, "abnormally_low") != 0)
				e->flags[kept++] = e->flags[f];
		e->nflags = kept;
	}
}

int co_stage_price(co_result *res, co_diags *diags)
{
	size_t n = 0;
	for (size_t i = 0; i < res->n; i++)
		if (co_entry_in(&res->entries[i])) {
			res->entries[i].stage = 4;
			n++;
		}
	/*
	 * The officer's investigations: a rejected tender leaves the lot before any price is scored,
	 * and the flags of the others are raised again without it, as they would be had it not bid.
	 */
	for (size_t rejected = 1; rejected;) {
		if (abnormally_low(res) || res->failed)
			return CO_ERROR;
		int rc = co_decide_abnormally_low(res, 0, &rejected, diags);
		if (rc)
			return rc;
		if (rejected)
			drop_low_flags(res);
	}
	size_t none;
	int rc = co_decide_abnormally_low(res, 1, &none, diags);
	if (rc)
		return rc;
	n = 0;
	for (size_t i = 0; i < res->n; i++)
		n += co_entry_in(&res->entries[i]);
	if (res->rules->mode != CO_MODE_TOP_N)
		return 0;
	const co_rules *r = res->rules;
	if (!(res->lowest = calloc(r->np ? r->np : 1, sizeof(mpq_t))))
		return CO_ERROR;
	for (size_t p = 0; p < r->np; p++)
		mpq_init(res->lowest[p]);
	/*
	 * The lot's lowest price of each scored item stays in res; each entry's item points come from
	 * it when they are needed (co_entry_item_points), and the award ranks on them.
	 */
	for (size_t i = 0; co_prices_scored(r) && n > 0 && i < r->np; i++) {
		if (!r->prices[i].scored)
			continue;
		const co_price_entry *best = NULL;
		for (size_t k = 0; k < res->n; k++) {
			co_entry *e = &res->entries[k];
			if (!co_entry_in(e))
				continue;
			if (!best || price_cmp(&e->ps[i], best) < 0)
				best = &e->ps[i];
			e->ps[i].has_points = 1;
		}
		price_value(best, res->lowest[i]);
	}
	return 0;
}
