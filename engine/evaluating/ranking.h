/* Internal: ranking candidates: the total, then the tie-break keys. */
#ifndef CO_RANKING_H
#define CO_RANKING_H

#include "evaluating/result.h"

/*
 * The first key on which a and b differ: -1 the total, k >= 0 the rules'
 * tie_break[k], or -2 when they are tied on every key.
 */
int co_rank_first_difference(const co_result *res, const co_cand *a, const co_cand *b);
/*
 * Candidate c's value on ranking key `key` (-1 the total, k >= 0 the rules' tie_break[k]) into
 * out, exactly as the ranking compares it: the total, the quality points, the price points, the
 * sum of the scored items' prices (lowest_price), or the consensus mark on the key's question.
 * Returns 0; 1 for submitted, which is a time and no number (out is 0 then: read co_entry_when).
 * The documents that explain a ranking (summaries, explain) read key values here only.
 */
int co_rank_key_value(const co_result *res, const co_cand *c, int key, mpq_t out);
/* 1 when a lower value of key `key` ranks ahead (lowest_price); 0 when a higher one does (or a time: earlier). */
int co_rank_key_lower_first(const co_result *res, int key);
/* Sort candidates best first and give ranks (1 + number strictly ahead). */
void co_rank(const co_result *res, co_cand *cands, size_t n);
/* 0 when a and b are tied on the total and every tie-break key. */
int co_rank_cmp(const co_result *res, const co_cand *a, const co_cand *b);

#endif
