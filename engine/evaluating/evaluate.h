/* Internal: the evaluation pipeline: the stages in order. */
#ifndef CO_EVALUATE_H
#define CO_EVALUATE_H

#include "evaluating/result.h"

/* Read the bids and run stages 1 and 2; *idx receives the eligible entries, by bid id. */
int co_eligible_bids(co_result **out, const co_rules *rules, const co_paths *bids, size_t **idx, size_t *n);

#endif
