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

/**
 * The panel's marking plan: the anonymised responses under their labels, what each evaluator
 * marks, and the digests that tie a returned file to them. Made by co_panel_prepare(), kept in
 * the panel folder's panel.json (the chair's file), read back by co_plan_read().
 */
typedef struct co_plan co_plan;

/** Options of co_panel_prepare(). */
typedef struct {
	const char *dir;                /**< the panel folder: created, or empty, or one this command made for the same competition */
	const char *const *evaluators;  /**< evaluator ids ("E1", ...), at least one */
	size_t nev;
	const char *const *assign;      /**< "E3=Q1,Q2": the questions E3 marks (an evaluator not named marks every question) */
	size_t nassign;
	unsigned long seed;             /**< shuffles the labels: the same seed gives the same files, byte for byte */
} co_panel_options;

/**
 * Prepare the panel's marking in opts->dir: panel.json (the plan, with the chair's key: label to
 * bid), and for each evaluator a folder EVALUATOR/ holding their marking form
 * (EVALUATOR-marking.html), workbook (EVALUATOR-marking.xlsx) and CSV (EVALUATOR-marking.csv),
 * each with only the responses and questions they mark, anonymised as co_packs() does. Nothing
 * is written unless everything can be.
 * @return 0; CO_EINVALID (an evaluator id that is not an id, a duplicate, an assignment naming
 *         an unknown evaluator or question, a folder holding other files: diags say which);
 *         CO_EIO; or CO_ERROR
 */
int co_panel_prepare(const co_rules *rules, const co_paths *bids, const co_panel_options *opts, co_diags *diags);

/**
 * Read the plan in dir/panel.json (dir may also name the file itself) and check it against the
 * rules: the same competition, questions and scale, every response's text matching its digest.
 * @param out receives the plan, which borrows rules; the caller frees it with co_plan_free()
 * @return 0; CO_EINVALID (diags located); CO_EIO; CO_ETOOBIG; or CO_ERROR
 */
int co_plan_read(co_plan **out, const char *dir, const co_rules *rules, co_diags *diags);

/** Free a plan (NULL is accepted). */
void co_plan_free(co_plan *plan);

/**
 * What is outstanding, from the files that came back (each a file, or a folder whose *.xml,
 * *.xlsx and *.csv files are read, in byte order of name) and the marks already merged into
 * marks (NULL: none): per evaluator, whether anything came back, and each (label, question)
 * whose mark or rationale is missing.
 * @param out receives the text (the caller frees it with free()); *complete is 1 when nothing is missing
 * @return 0; CO_EINVALID when a file is refused (as co_panel_merge() would: diags located); CO_EIO; or CO_ERROR
 */
int co_panel_outstanding(char **out, int *complete, const co_plan *plan, const char *const *files, size_t n,
                         const char *marks, co_diags *diags);

/**
 * Merge the files that came back (evaluators' marks, or the moderation) into the marks file
 * marks (FORMATS.md section 3), created if missing. Every file is checked against the plan
 * first; one refused file refuses the merge and leaves marks untouched. A mark or moderated
 * mark already recorded differently is refused unless replace is set. The file is replaced
 * atomically; merging the same files again gives the same bytes.
 * @param summary receives a line or two saying what was merged (the caller frees it with free())
 * @return 0; CO_EINVALID (diags located); CO_EIO; or CO_ERROR
 */
int co_panel_merge(char **summary, const co_plan *plan, const char *const *files, size_t n, const char *marks,
                   int replace, co_diags *diags);

/**
 * The moderation form for the marks recorded in marks: for each (label, question) with any
 * evaluator's mark, every mark and rationale side by side, disagreements (the rules'
 * flag_range) first, and the evaluators whose mark is not in yet. Written to out_html atomically.
 * @param summary receives a line or two: how many answers, disagreements, and answers still
 *                lacking an evaluator's mark (the caller frees it with free())
 * @return 0; CO_EINVALID (diags located); CO_EIO; or CO_ERROR
 */
int co_panel_moderation(char **summary, const co_plan *plan, const char *marks, const char *out_html,
                        co_diags *diags);

#ifdef __cplusplus
}
#endif
#endif
