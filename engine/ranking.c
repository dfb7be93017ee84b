/* Ranking: total first, then the rule file's tie-break keys; rank = 1 + bids strictly ahead. */
#include "evaluation.h"

#include <stdlib.h>
#include <string.h>

/* Negative when a ranks ahead of b; 0 when they are tied on the total and every key. */
int co_rank_cmp(const co_result *res, const co_cand *a, const co_cand *b)
{
	const co_rules *r = res->rules;
	const co_entry *x = &res->entries[a->entry], *y = &res->entries[b->entry];
	int c = mpq_cmp(b->total, a->total);
	if (c)
		return c;
	for (size_t k = 0; k < r->ntb; k++) {
		const co_tiebreak *t = &r->tie_break[k];
		switch (t->kind) {
		case CO_TB_QUALITY:
			c = mpq_cmp(y->qp, x->qp);
			break;
		case CO_TB_PRICE:
			c = mpq_cmp(b->pp, a->pp);
			break;
		case CO_TB_LOWEST_PRICE:
			c = mpq_cmp(x->lowest_sum, y->lowest_sum);
			break;
		case CO_TB_SUBMITTED:
			c = co_time_cmp(&x->bid->submitted, &y->bid->submitted);
			break;
		case CO_TB_QUESTION:
			c = mpq_cmp(y->qs[t->question].mark, x->qs[t->question].mark);
			break;
		}
		if (c)
			return c;
	}
	return 0;
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
