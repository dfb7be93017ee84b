/* Evaluating a competition: bids and marks in, scored ranking and award out. */
#ifndef CALLOFF_EVALUATE_H
#define CALLOFF_EVALUATE_H

#include <stdio.h>
#include "calloff/rules.h"
#include "calloff/inputs.h"
#include "calloff/decisions.h"

#ifdef __cplusplus
extern "C" {
#endif

/** The outcome of one evaluation. Opaque. */
typedef struct co_result co_result;

/**
 * Evaluate every bid against the rules and the panel's marks, and make the award.
 *
 * A bid file that cannot be read, is not well formed or is not valid against
 * the bid schema is not an error of the run: it is a rejected bid.
 *
 * @param out        receives the result; the caller frees it with co_result_free()
 * @param rules      validated rules; the result borrows them, so they must
 *                   outlive it
 * @param bids       the bid files (see co_paths_expand())
 * @param marks_path the marks file, or NULL when the rules have no questions
 * @param diags      receives the problems of the marks file, each located
 * @return 0; CO_EINVALID when the marks file is invalid (unknown bid, question or
 *         evaluator, mark off the scale, wrong competition), or a decision or receipt does not fit
 *         the evaluation (co_evaluate_with()); CO_EINCOMPLETE when a
 *         bid in contention lacks a usable mark; CO_EIO when it cannot be read
 */
int co_evaluate(co_result **out, const co_rules *rules, const co_paths *bids,
                const char *marks_path, co_diags *diags);

/**
 * Like co_evaluate(), reading the marks from @p marks_source (a copy) while
 * @p marks_path is the name diagnostics give; NULL reads @p marks_path.
 */
int co_evaluate_from(co_result **out, const co_rules *rules, const co_paths *bids, const char *marks_path,
                     const char *marks_source, co_diags *diags);

/**
 * Told how a long step of the library is going: reading the bid files ("reading bids"), the
 * sensitivity's sampling ("sensitivity"). The library never prints; a front end that wants a
 * progress bar draws it from these calls.
 *
 * A step calls it first with @p done 0 when it starts, then with done below @p total as the work
 * goes (done never decreases), and last exactly once with done equal to total, when the step
 * ends, also when it fails (the function's status says so). Only that last call has done equal
 * to total. A step with nothing to do (total 0), or that fails before it starts (out of memory),
 * makes no call. The calls of a step never overlap, but some may come from threads the library
 * started for the step.
 *
 * @param ctx   co_progress::ctx, as given
 * @param label what the step is doing; static storage
 * @param done  units done (bid files read, blocks of 4,096 samples drawn)
 * @param total units in the step, at least 1
 */
typedef void (*co_progress_fn)(void *ctx, const char *label, unsigned long done, unsigned long total);

/** Where a long step reports its progress (see co_progress_fn); it must outlive the call it is given to. */
typedef struct {
	co_progress_fn fn; /**< called as the step goes; NULL reports nothing */
	void *ctx;         /**< passed to fn as given; the library never reads it */
} co_progress;

/** Options of co_evaluate_with(). */
typedef struct {
	int threads;  /**< threads reading and validating the bid files, at least 1; the result is the
	                   same, byte for byte, whatever the number */
	const co_progress *progress; /**< told as the bid files are read ("reading bids"), or NULL */
	int keep_rationales; /**< keep the marks' rationales in the result (co_result_explain shows them);
	                          0 keeps only the numbers, as an evaluation of many bids needs */
	const co_decisions *decisions; /**< the officer's decisions (co_decisions_load()), or NULL; they must
	                                    outlive the result */
	const co_receipts *receipts;   /**< the portal's receipt log (co_receipts_load()), or NULL: then a bid's
	                                    own <submitted> decides lateness; it must outlive the result */
} co_evaluate_options;

/**
 * Like co_evaluate_from(), with options; NULL options read the bids on one thread with no
 * progress reports and keep the rationales.
 */
int co_evaluate_with(co_result **out, const co_rules *rules, const co_paths *bids, const char *marks_path,
                     const char *marks_source, const co_evaluate_options *options, co_diags *diags);

/**
 * @return 1 when the award needs a human decision: the evaluation is provisional because
 *         something is open (an unresolved tie at the top-n boundary or for a scheme, an
 *         abnormally low bid in the award with no investigation recorded); else 0, and the
 *         award is final.
 */
int co_result_needs_decision(const co_result *result);

/** @return 1 when nothing is open and the award is final (the opposite of co_result_needs_decision()). */
int co_result_final(const co_result *result);

/**
 * Render the result document (FORMATS.md section 5) as JSON text ending in a newline.
 * @param out receives a string the caller frees with free()
 * @return 0 or CO_ERROR
 */
int co_result_json(char **out, const co_result *result);

/**
 * Render the ranking table shown on the terminal.
 * @param out receives a string the caller frees with free()
 * @return 0 or CO_ERROR
 */
int co_result_table(char **out, const co_result *result);

/**
 * Write the ranking table of co_result_table() to @p out a line at a time, so that the table
 * of a large evaluation is never held whole in memory.
 * @return 0, CO_EIO when a line could not be written (the stream's error indicator is set;
 * what was written stays), or CO_ERROR when out of memory
 */
int co_result_table_write(const co_result *result, FILE *out);

/**
 * Explain how one bid's result was reached, stage by stage: each check with its
 * evidence; each question's evaluator marks, moderated mark and rationale, the
 * consensus rule and the points formula with the exact value; each price
 * item's L, X, p, f and points; the total, rank, and the key that separated the
 * bid from its neighbours. Every number is given exactly (as a fraction) and as
 * displayed in the result document.
 *
 * @param out     receives the text (or, with @p as_json, a calloff-explain/1
 *                JSON document); the caller frees it with free()
 * @param bid     a bid id, or the path of its file as given
 * @return 0, CO_EINVALID when no bid, or more than one, answers to @p bid
 */
int co_result_explain(char **out, const co_result *result, const char *bid, int as_json, co_diags *diags);

/**
 * Exact tipping points: for each question and scored price item, how far its
 * weight (its share of 100) must move, the other weights rescaled to keep the
 * sum 100, before the award changes, upwards and downwards; or "none within
 * [0, 100]". Computed in closed form as exact rationals (no sampling).
 * @param out receives the text, or with @p as_json a calloff-tipping/1 document; free() it
 * @return 0 or CO_ERROR
 */
int co_result_tipping_points(char **out, const co_result *result, int as_json);

/** Options of the Monte Carlo robustness analysis (co_result_sensitivity()). */
typedef struct {
	unsigned long samples;   /**< number of samples, at least 1 */
	unsigned long seed;      /**< the seed: the same seed gives the same output whatever the threads */
	int threads;             /**< worker threads, at least 1 */
	double concentration;    /**< the Dirichlet's concentration: larger keeps weights nearer the published ones */
	int keep_moderated;      /**< hold moderated marks fixed instead of resampling the panel for them */
	const co_progress *progress; /**< told as the blocks of samples are drawn ("sensitivity"), or NULL */
} co_sensitivity_options;

/**
 * How robust the award is: a Monte Carlo over weights (Dirichlet, centred on the
 * published weights) and over the panel (evaluators drawn with replacement),
 * recomputing the award each time; plus the exact tipping points. Floating point:
 * analytics only, never the award.
 * @param out receives a calloff-sensitivity/1 JSON document; free() it
 * @return 0, CO_EINVALID for bad options or when no bid is in contention (there is no award to
 *         test), or CO_ERROR (out of memory)
 */
int co_result_sensitivity(char **out, const co_result *result, const co_sensitivity_options *options, int as_json);

/** Free a result; NULL is accepted. */
void co_result_free(co_result *result);

#ifdef __cplusplus
}
#endif
#endif
