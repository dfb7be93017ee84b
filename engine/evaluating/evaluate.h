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

/*
 * Stages 4 and 5 again, as they run when the file of entry @p without is not given, for a bid
 * still in after stage 3 whose supplier has no other bid (co_entry.supplier_bids 1), so that
 * stages 1 to 3 would give every other bid what they gave it: the price stage (the abnormally-low
 * median, the officer's investigations, the lowest prices) and the award over the bids that
 * reached stage 4, less that one. The officer's decisions are applied again where they fit; one
 * about the bid left out is set aside; one that no longer fits is refused (co_decide_refused of
 * *out, its message in diags). *out borrows the bids, marks and decisions of res, which must
 * outlive it; its from_entry maps its entries to those of res. Free it with co_result_free.
 * Returns 0, or CO_ERROR when out of memory (*out NULL then).
 */
int co_evaluate_without(co_result **out, const co_result *res, size_t without, co_diags *diags);

#endif
