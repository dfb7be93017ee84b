/* The officer's decisions and the e-tendering portal's receipt log: what the engine cannot decide or see. */
#ifndef CALLOFF_DECISIONS_H
#define CALLOFF_DECISIONS_H

#include <stddef.h>
#include "calloff/status.h"
#include "calloff/rules.h"

#ifdef __cplusplus
extern "C" {
#endif

/** A decisions file (docs/formats-notes.md "Decisions"), read and checked against the rules. Opaque. */
typedef struct co_decisions co_decisions;

/**
 * Read a decisions file: every problem of its own (an unknown key or kind, a missing who, when or
 * why, a duplicate id or decision, a scheme the rules do not have, another competition) is a
 * diagnostic FILE:LINE:COL. Whether a decision fits the evaluation (a bid that exists, a tie
 * that is open) is checked by co_evaluate_with(), which reports it at the decision's place too.
 *
 * @param out       receives the decisions; the caller frees them with co_decisions_free(); they
 *                  must outlive any result evaluated with them
 * @param rules     the validated rules of the competition
 * @param path      the file's name, as diagnostics give it
 * @param read_from where its bytes are read (a copy, such as an audit bundle's), or NULL for @p path
 * @return 0, CO_EINVALID (diagnostics say where), CO_EIO, CO_ETOOBIG or CO_ERROR
 */
int co_decisions_load(co_decisions **out, const co_rules *rules, const char *path, const char *read_from,
                      co_diags *diags);

/** @return the number of decisions in the file. */
size_t co_decisions_count(const co_decisions *decisions);

/** Free decisions; NULL is accepted. */
void co_decisions_free(co_decisions *decisions);

/** The portal's receipt log (docs/formats-notes.md "Receipts"), read and checked. Opaque. */
typedef struct co_receipts co_receipts;

/**
 * Read a receipt log (CSV): each bid's receipt time, by file name or bid id. Every problem is a
 * diagnostic FILE:LINE:COL. Which bid has no receipt is checked by co_evaluate_with().
 *
 * @param out       receives the log; free it with co_receipts_free(); it must outlive any result
 *                  evaluated with it
 * @param path      the file's name, as diagnostics give it
 * @param read_from where its bytes are read, or NULL for @p path
 * @return 0, CO_EINVALID, CO_EIO, CO_ETOOBIG or CO_ERROR
 */
int co_receipts_load(co_receipts **out, const char *path, const char *read_from, co_diags *diags);

/** Free a receipt log; NULL is accepted. */
void co_receipts_free(co_receipts *receipts);

#ifdef __cplusplus
}
#endif
#endif
