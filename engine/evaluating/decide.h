/*
 * Internal: the officer's decisions applied where the stages need them, and what is left open.
 * A decision that does not fit the evaluation is refused: its error is reported at its place in
 * the decisions file, it is ignored from then on, and the evaluation goes on to its end so that
 * every refusal is reported in one run; then it fails with CO_EINVALID (co_decide_refused).
 * The functions below return 0, or CO_ERROR when out of memory (a diagnostic lost included).
 */
#ifndef CO_DECIDE_H
#define CO_DECIDE_H

#include "evaluating/result.h"

/* After the bids are read: every bid a decision names (its bid, or a bid it awards) is the id of a bid file given. */
int co_decide_check_bids(co_result *res, co_diags *diags);

/*
 * The end of stage 2: each exclusion decision disqualifies its bid (`excluded`, quoting the
 * decision). A bid already rejected at stage 1 cannot be excluded: refused.
 */
int co_decide_exclusions(co_result *res, co_diags *diags);

/*
 * Stage 4, once the abnormally_low flags are raised and before any price is scored: each
 * investigation not yet applied, of a bid now flagged, is applied; a rejected bid is disqualified
 * (`abnormally_low_rejected`, quoting the decision) and counted in *rejected, so that stage 4
 * raises the flags again without it (the median moves) and calls again, until no bid is rejected:
 * the flags, the lowest prices, the points and the award are then those of the evaluation without
 * it. With @p last (that final call), an investigation never applied (its bid never flagged) is
 * refused.
 */
int co_decide_abnormally_low(co_result *res, int last, size_t *rejected, co_diags *diags);

/*
 * Stage 5, a top_n tie straddling the boundary under at_boundary: report, among @p n candidates
 * from @p group with @p places places left: with a tie decision, chosen[k] is set to 1 for each
 * bid it awards and 1 is returned; 0 when no decision resolves it, or when it is refused (it names
 * a bid not in the tie, or not as many bids as there are places); CO_ERROR.
 */
int co_decide_top_tie(co_result *res, const co_cand *group, size_t n, size_t places, unsigned char *chosen,
                      co_diags *diags);

/*
 * Stage 5, a scheme tied for its award among @p n bids (entries): with a decision for the
 * scheme, *chosen is the entry it awards and 1 is returned; 0 without, or when it is refused
 * (it names a bid not among them); CO_ERROR.
 */
int co_decide_scheme_tie(co_result *res, size_t scheme, const size_t *bids, size_t n, size_t *chosen,
                         co_diags *diags);

/* The decision taken on the tie of @p scheme (-1: the top-n boundary), or NULL. */
const co_decision *co_decide_tie_for(const co_result *res, long scheme);

/* After the award: a tie decision with no open tie to decide is refused; then res->open lists what is still open (result.h). */
int co_decide_open(co_result *res, co_diags *diags);

/* Refuse decision d: a stage found it does not fit (and reported where). */
void co_decide_refuse(co_result *res, const co_decision *d);

/* 1 when a decision was refused: the evaluation is then CO_EINVALID, once every refusal is reported. */
int co_decide_refused(const co_result *res);

#endif
