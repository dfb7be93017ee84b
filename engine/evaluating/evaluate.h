/* Internal: the evaluation pipeline: the stages in order. */
#ifndef CO_EVALUATE_H
#define CO_EVALUATE_H

#include "evaluating/result.h"

/* How far an evaluation runs: through compliance (forms, packs, self-scoring), or to the award. */
typedef enum { CO_UNTIL_COMPLIANCE = 2, CO_UNTIL_AWARD = 5 } co_until;

/*
 * The one pipeline: read the bids (and, to the award, the marks) and run the stages in order up
 * to last, for evaluate, the marksheet, the packs and self-scoring alike; *out is then in
 * result-document order (res->order). Through compliance the bids' bodies are kept and no marks
 * are read; options NULL means one thread and no progress. Returns 0, or the first stage's
 * failure (*out NULL then).
 */
int co_evaluate_until(co_result **out, const co_rules *rules, const co_paths *bids, const char *marks_path,
                      const char *marks_source, const co_evaluate_options *options, co_until last, co_diags *diags);

/* Read the bids and run stages 1 and 2; *idx receives the eligible entries, by bid id. */
int co_eligible_bids(co_result **out, const co_rules *rules, const co_paths *bids, size_t **idx, size_t *n);

#endif
