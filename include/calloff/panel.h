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

/** Options of co_packs(). */
typedef struct {
	const char *dir;    /**< the evaluators' folder: it receives QUESTION-ID.md files and must hold nothing else */
	const char *key;    /**< the chair's key file: must be outside dir (its folder is created if missing) */
	unsigned long seed; /**< shuffles the labels: the same seed gives the same files, byte for byte */
} co_packs_options;

/**
 * Anonymised evaluator packs in opts->dir: one Markdown file per question
 * (QUESTION-ID.md) holding every eligible bid's response under a neutral label
 * ("Response 07"), labels shuffled with opts->seed. The names and ids of the
 * bids in the packs are redacted from every response (docs/formats-notes.md
 * gives the rule), and everything taken from a bid is escaped so that it reads
 * as text, never as Markdown or HTML; words beyond a question's limit are cut
 * off and marked as not evaluated. The chair's key (label to bid and file) is
 * written to opts->key, which must be outside opts->dir.
 *
 * Nothing is written unless everything can be: every file is staged and
 * flushed first, then renamed into place.
 * @return 0; CO_EINVALID when the key would be inside the folder or the
 *         folder holds anything but this competition's packs (a diagnostic
 *         names it); CO_EIO when a file cannot be written or a path cannot be
 *         resolved; or CO_ERROR
 */
int co_packs(const co_rules *rules, const co_paths *bids, const co_packs_options *opts, co_diags *diags);

#ifdef __cplusplus
}
#endif
#endif
