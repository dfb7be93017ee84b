/* Internal: stage 1, admissibility, and the one home of the time that counts for a bid. */
#ifndef CO_ADMISSIBILITY_H
#define CO_ADMISSIBILITY_H

#include "evaluating/result.h"

/*
 * Stage 1: admissibility (FORMATS.md 6.1), with the receipt log and the officer's submitted
 * decisions when res->receipts or res->decisions are set: each bid's receipt is found (a
 * problem of the log, or a bid with no receipt, is a diagnostic in diags), submitted_mismatch
 * flagged, then lateness and supersession judged on co_entry_when(). Returns 0, CO_EINVALID
 * (diagnostics say where) or CO_ERROR.
 */
int co_stage_admissibility(co_result *res, co_diags *diags);

/* Where the time that counts for a bid comes from. */
typedef enum {
	CO_WHEN_DECLARED = 0, /* the bid's own <submitted>: no receipt log was given and no decision corrects it */
	CO_WHEN_RECEIPT,      /* the portal's receipt log (evaluate --receipts) */
	CO_WHEN_CORRECTED     /* the officer's `submitted` decision, which overrides the receipt log */
} co_when_source;

/* The time that counts for a bid, and where it comes from (co_entry_when). */
typedef struct {
	const co_time *at;     /* the time; NULL only for an invalid bid, which has none (its time never matters) */
	const char *text;      /* the same as written where it comes from (RFC 3339 with its offset); NULL with at */
	co_when_source source;
	const char *file;      /* the file it comes from: the bid file, the receipt log or the decisions file */
	int line, col;         /* its place there: the receipt's received field, the decision's entry; 0, 0 for the
	                          bid's own <submitted> (the bid file's line of it is not kept) */
	const char *decision;  /* CO_WHEN_CORRECTED: the decision's id; else NULL */
} co_when;

/*
 * The time that counts for entry i, in this order: the officer's `submitted` decision about its bid
 * id if there is one, else its row of the receipt log if a log was given, else the bid's own
 * <submitted>. Lateness, supersession (and duplicate_submission for equal latest times) and the
 * tie-break key `submitted` use it, and nothing else does; a document that shows when a bid came
 * in (explain) shows it, with co_when_source_name(). Valid once stage 1 has run; every pointer is
 * borrowed from the result, its bids, log and decisions, and lives as long as they do.
 */
co_when co_entry_when(const co_result *res, size_t i);

/* How a source is named in reasons and documents: "declared", "receipt log", "correction decision". */
const char *co_when_source_name(co_when_source s);

/*
 * 1 when entry i's declared <submitted> differs from the time that counts by more than the
 * rules' receipts.tolerance_seconds (compared exactly; 0 when the declared time is the one that
 * counts, or the bid is invalid); apart then receives the difference in seconds as a decimal
 * ("120", "90.25", at most 9 decimal places, cut beyond). Stage 1 flags submitted_mismatch when it is 1.
 */
int co_entry_mismatch(const co_result *res, size_t i, char apart[48]);

#endif
