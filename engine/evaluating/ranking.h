/* Internal: ranking candidates: the total, then the tie-break keys. */
#ifndef CO_RANKING_H
#define CO_RANKING_H

#include "evaluating/result.h"

/*
 * The first key on which a and b differ: -1 the total, k >= 0 the rules'
 * tie_break[k], or -2 when they are tied on every key.
 */
int co_rank_first_difference(const co_result *res, const co_cand *a, const co_cand *b);
/* Sort candidates best first and give ranks (1 + number strictly ahead). */
void co_rank(const co_result *res, co_cand *cands, size_t n);
/* 0 when a and b are tied on the total and every tie-break key. */
int co_rank_cmp(const co_result *res, const co_cand *a, const co_cand *b);

#endif
