/* Ranking: total first, then the rule file's tie-break keys; rank = 1 + bids strictly ahead. */
#include "evaluating/ranking.h"
#include "evaluating/admissibility.h"
#include "evaluating/quality.h"
#include "evaluating/price.h"

#include <stdlib.h>
#include <string.h>

/* The sums of two bids' scored prices, compared (the tie-break key lowest_price). */
static int cmp_price_sums(const co_result *res, const co_entry *x, const co_entry *y)
{
	mpq_t sx, sy, p;
	mpq_inits(sx, sy, p, NULL);
	for (size_t i = 0; i < res->rules->np; i++)
		if (res->rules->prices[i].scored) {
			co_entry_price(x, i, p);
			mpq_add(sx, sx, p);
			co_entry_price(y, i, p);
			mpq_add(sy, sy, p);
		}
	int c = mpq_cmp(sx, sy);
	mpq_clears(sx, sy, p, NULL);
	return c;
}

/* Compare a and b on one key: -1 is the total, k >= 0 is tie_break[k]. Negative when a is ahead. */
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
		return cmp_price_sums(res, x, y);
	case CO_TB_SUBMITTED:
	{
		co_when wx = co_entry_when(res, a->entry), wy = co_entry_when(res, b->entry);
		return co_time_cmp(wx.at, wx.text, wy.at, wy.text);
	}
	case CO_TB_QUESTION: {
		mpq_t cx, cy;
		mpq_inits(cx, cy, NULL);
		co_entry_mark(res, x, t->question, cx);
		co_entry_mark(res, y, t->question, cy);
		int c = mpq_cmp(cy, cx);
		mpq_clears(cx, cy, NULL);
		return c;
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
