/* Ranking: total first, then the rule file's tie-break keys; rank = 1 + bids strictly ahead. */
#include "evaluating/ranking.h"
#include "evaluating/admissibility.h"
#include "evaluating/quality.h"
#include "evaluating/price.h"

#include <stdlib.h>
#include <string.h>

int co_rank_key_value(const co_result *res, const co_cand *c, int key, mpq_t out)
{
	const co_rules *r = res->rules;
	const co_entry *e = &res->entries[c->entry];
	if (key < 0) {
		co_ratio_get(out, &c->total);
		return 0;
	}
	const co_tiebreak *t = &r->tie_break[key];
	switch (t->kind) {
	case CO_TB_QUALITY:
		co_ratio_get(out, &e->qp);
		return 0;
	case CO_TB_PRICE:
		co_ratio_get(out, &c->pp);
		return 0;
	case CO_TB_LOWEST_PRICE: {
		mpq_t p;
		mpq_init(p);
		mpq_set_ui(out, 0, 1);
		for (size_t i = 0; i < r->np; i++)
			if (r->prices[i].scored) {
				co_entry_price(e, i, p);
				mpq_add(out, out, p);
			}
		mpq_clear(p);
		return 0;
	}
	case CO_TB_QUESTION:
		co_entry_mark(res, e, t->question, out);
		return 0;
	case CO_TB_SUBMITTED:
		break;
	}
	mpq_set_ui(out, 0, 1);
	return 1;
}

int co_rank_key_lower_first(const co_result *res, int key)
{
	return key >= 0 && res->rules->tie_break[key].kind == CO_TB_LOWEST_PRICE;
}

/* Two candidates' values on a key that has one (co_rank_key_value), compared: negative when a is ahead. */
static int value_cmp(const co_result *res, const co_cand *a, const co_cand *b, int key)
{
	mpq_t va, vb;
	mpq_inits(va, vb, NULL);
	co_rank_key_value(res, a, key, va);
	co_rank_key_value(res, b, key, vb);
	int c = co_rank_key_lower_first(res, key) ? mpq_cmp(va, vb) : mpq_cmp(vb, va);
	mpq_clears(va, vb, NULL);
	return c;
}

/*
 * Compare a and b on one key: -1 is the total, k >= 0 is tie_break[k]. Negative when a is ahead.
 * The keys held as stored ratios (the total, quality and price points) are compared in place, as
 * ranking tens of thousands of bids compares them often; they are the values co_rank_key_value
 * gives. The others are compared through co_rank_key_value, their one definition.
 */
static int key_cmp(const co_result *res, const co_cand *a, const co_cand *b, int key)
{
	const co_entry *x = &res->entries[a->entry], *y = &res->entries[b->entry];
	if (key < 0)
		return co_ratio_cmp(&b->total, &a->total);
	const co_tiebreak *t = &res->rules->tie_break[key];
	switch (t->kind) {
	case CO_TB_QUALITY:
		return co_ratio_cmp(&y->qp, &x->qp);
	case CO_TB_PRICE:
		return co_ratio_cmp(&b->pp, &a->pp);
	case CO_TB_LOWEST_PRICE:
	case CO_TB_QUESTION:
		return value_cmp(res, a, b, key);
	case CO_TB_SUBMITTED:
	{
		co_when wx = co_entry_when(res, a->entry), wy = co_entry_when(res, b->entry);
		return co_time_cmp(wx.at, wx.text, wy.at, wy.text);
	}
	}
	return 0;
}

int co_rank_first_difference(const co_result *res, const co_cand *a, const co_cand *b)
{
	for (int k = -1; k < (int)res->rules->ntb; k++)
		if (key_cmp(res, a, b, k))
			return k;
	return -2;
}

/* Negative when a ranks ahead of b; 0 when they are tied on the total and every key. */
int co_rank_cmp(const co_result *res, const co_cand *a, const co_cand *b)
{
	int k = co_rank_first_difference(res, a, b);
	return k == -2 ? 0 : key_cmp(res, a, b, k);
}

static int order(const void *pa, const void *pb, void *ctx)
{
	const co_result *res = ctx;
	const co_cand *a = pa, *b = pb;
	int c = co_rank_cmp(res, a, b);
	if (c)
		return c;
	/* Fully tied bids share a rank; they are listed by bid id, then file. */
	const co_bid *x = res->entries[a->entry].bid, *y = res->entries[b->entry].bid;
	c = strcmp(x->id, y->id);
	return c ? c : strcmp(x->file, y->file);
}

void co_rank(const co_result *res, co_cand *cands, size_t n)
{
	qsort_r(cands, n, sizeof(*cands), order, (void *)res);
	for (size_t i = 0; i < n; i++)
		cands[i].rank = (i > 0 && co_rank_cmp(res, &cands[i - 1], &cands[i]) == 0) ? cands[i - 1].rank
		                                                                           : (long)i + 1;
}
