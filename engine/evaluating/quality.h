/* Internal: stage 3, quality, and the rules of quality scoring. */
#ifndef CO_QUALITY_H
#define CO_QUALITY_H

#include "evaluating/result.h"
#include "base/diag.h"

/* Stage 3: quality. Missing marks go to diags; returns CO_EINCOMPLETE then. */
int co_stage_quality(co_result *res, co_diags *diags);
/*
 * Question q's consensus mark c of an entry that reached stage 3, worked out from its marks;
 * 1 when it has one, else 0 (and c is 0).
 */
int co_entry_mark(const co_result *res, const co_entry *e, size_t q, mpq_t c);
/* Question q's points from its consensus mark; 1 when it has them, else 0 (and 0 points). */
int co_entry_question_points(const co_result *res, const co_entry *e, size_t q, mpq_t points);
/*
 * 1 when n evaluators' marks ranging from lo to hi disagree: they span at least the rules'
 * flag_range (0: never). Without a moderated mark, such a question is flagged needs_moderation.
 */
int co_marks_disagree(const co_rules *r, long lo, long hi, size_t n);

/* An entry's quality points as a percentage of those available, 100 x Qp / Wq (Wq above 0). */
void co_entry_quality_percent(const co_result *res, const co_entry *e, mpq_t pct);
/* Quality points as a percentage of those available: 100 x qp / Wq (Wq above 0). pct may be qp. */
void co_quality_percent(const co_rules *r, const mpq_t qp, mpq_t pct);
/* 1 when the rules set min_quality and qp is below it, with the percentage in pct either way it is worked out. */
int co_below_min_quality(const co_rules *r, const mpq_t qp, mpq_t pct);
/* 1 when question q has a minimum mark (its own, else thresholds.min_mark), given in *floor. */
int co_question_floor(const co_rules *r, size_t q, long *floor);
/* 1 when question q has a minimum mark and mark c is below it (*floor receives the minimum). */
int co_below_floor(const co_rules *r, size_t q, const mpq_t c, long *floor);
/* The points question q makes available: Wq x (wq / 100), its points at the top of the scale. */
void co_question_available(const co_rules *r, size_t q, mpq_t out);
/* Question points = Wq x (wq / 100) x (c / M), rounded under each_score. */
void co_question_points(const co_rules *r, size_t q, const mpq_t c, mpq_t out);

#endif
