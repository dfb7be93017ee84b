/* Internal: the officer's decisions applied where the stages need them, and what is left open. */
#ifndef CO_DECIDE_H
#define CO_DECIDE_H

#include "evaluating/result.h"

/*
 * After the bids are read: every bid a decision names (its bid, or a bid it awards) is the id
 * of a bid file given. Returns 0, CO_EINVALID with a diagnostic at the name, or CO_ERROR.
 */
int co_decide_check_bids(co_result *res, co_diags *diags);

/*
 * The end of stage 2: each exclusion decision disqualifies its bid (`excluded`, quoting the
 * decision). A bid already rejected at stage 1 cannot be excluded: CO_EINVALID, located.
 */
int co_decide_exclusions(co_result *res, co_diags *diags);

/*
 * Stage 4, once the abnormally_low flags are raised and before any price is scored: each
 * investigation must be of a flagged bid (else CO_EINVALID, located); a rejected bid is
 * disqualified (`abnormally_low_rejected`, quoting the decision), so that the lowest prices,
 * the points and the award are made without it, as if it had fallen out at the price stage.
 */
int co_decide_abnormally_low(co_result *res, co_diags *diags);

/*
 * Stage 5, a top_n tie straddling the boundary under at_boundary: report, among @p n candidates
 * from @p group with @p places places left: with a tie decision, chosen[k] is set to 1 for each
 * bid it awards and 1 is returned; 0 when no decision resolves it; CO_EINVALID (located) when
 * the decision names a bid not in the tie or not as many bids as there are places.
 */
int co_decide_top_tie(co_result *res, const co_cand *group, size_t n, size_t places, unsigned char *chosen,
                      co_diags *diags);

/*
 * Stage 5, a scheme tied for its award among @p n bids (entries): with a decision for the
 * scheme, *chosen is the entry it awards and 1 is returned; 0 without; CO_EINVALID when it
 * names a bid not among them.
 */
int co_decide_scheme_tie(co_result *res, size_t scheme, const size_t *bids, size_t n, size_t *chosen,
                         co_diags *diags);

/* The decision taken on the tie of @p scheme (-1: the top-n boundary), or NULL. */
const co_decision *co_decide_tie_for(const co_result *res, long scheme);

/*
 * After the award: a tie decision with no open tie to decide is CO_EINVALID (located); then
 * res->open lists what is still open (result.h). Returns 0, CO_EINVALID or CO_ERROR.
 */
int co_decide_open(co_result *res, co_diags *diags);

#endif
