/* For the evaluation panel: a marks file to fill in, and anonymised evaluator packs. */
#ifndef CALLOFF_PANEL_H
#define CALLOFF_PANEL_H

#include "calloff/evaluate.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * A marks file to fill in: every bid that passes admissibility and compliance,
 * every question, one empty <mark> per evaluator, and the scale's labels as
 * comments. Bids in order of bid id.
 * @param evaluators evaluator ids (e.g. "E1", "E2", "E3")
 * @param out        receives the XML text; the caller frees it with free()
 * @return 0, CO_EINVALID when an evaluator id is not an id, or CO_ERROR
 */
int co_marksheet(char **out, const co_rules *rules, const co_paths *bids, const char *const *evaluators, size_t nev,
                 co_diags *diags);

/**
 * Anonymised evaluator packs in @p outdir: one Markdown file per question
 * (QUESTION-ID.md) holding every eligible bid's response under a neutral label
 * ("Response 07"), labels shuffled with @p seed. Supplier names, supplier ids
 * and bid ids are redacted from every response; words beyond a question's
 * limit are cut off and marked as not evaluated. The chair's key (label to bid
 * and file) is written separately, to key.json.
 * @return 0, CO_EIO when a file cannot be written, or CO_ERROR
 */
int co_packs(const co_rules *rules, const co_paths *bids, const char *outdir, unsigned long seed, co_diags *diags);

#ifdef __cplusplus
}
#endif
#endif
