/* For providers: a blank bid for a competition, and the self-score of a draft bid. */
#ifndef CALLOFF_PROVIDER_H
#define CALLOFF_PROVIDER_H

#include "calloff/rules.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * A blank bid for the competition: every gate, question and price item (and
 * scheme, for per-scheme lots), with comments giving each word limit, maximum
 * price and weight. Once filled in it is valid against bids/bid.xsd.
 * @param out receives the XML text; the caller frees it with free()
 * @return 0 or CO_ERROR
 */
int co_template(char **out, const co_rules *rules);

/** What `evaluate` would do with a draft. */
typedef enum {
	CO_DRAFT_COMPLIANT = 0,
	CO_DRAFT_WOULD_BE_REJECTED = 1,     /**< admissibility: invalid, wrong competition, late */
	CO_DRAFT_WOULD_BE_DISQUALIFIED = 2  /**< compliance: gates, responses, word limits, prices, schemes */
} co_draft_status;

/**
 * Self-score a draft bid: run the admissibility and compliance checks of
 * `evaluate` on it (each problem with the draft's line and the code `evaluate`
 * would give), and project its quality from its <self-assessment> marks with
 * the same formula as `evaluate`. Price points depend on the other bids and are
 * never projected; each price is shown against its maximum instead.
 *
 * @param out     receives the report (text, or with @p as_json a
 *                calloff-selfscore/1 document); the caller frees it with free()
 * @param draft   the draft bid file
 * @param status  receives the verdict
 * @return 0, CO_EIO when the draft cannot be read, or CO_ERROR
 */
int co_selfscore(char **out, const co_rules *rules, const char *draft, int as_json, co_draft_status *status,
                 co_diags *diags);

#ifdef __cplusplus
}
#endif
#endif
