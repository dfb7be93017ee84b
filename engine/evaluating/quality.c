/* Stage 3, quality: consensus marks, question points, mark floors and the quality threshold. */
#include "evaluating/quality.h"
#include "base/diag.h"
#include "base/num.h"
#include "base/strbuf.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static int cmp_i32(const void *a, const void *b)
{
	int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;
	return (x > y) - (x < y);
}

/*
 * The consensus mark of one question; 0 when usable, -1 when there is none. It is worked out
 * again wherever a mark is shown rather than stored with each bid: a few integer operations,
 * against the memory of a rational per question of every bid.
 */
static int consensus(const co_rules *r, const co_bidmarks *bm, const co_qmarks *qm, mpq_t c)
{
	if (qm && qm->has_moderated) {
		mpq_set_si(c, qm->moderated, 1);
		return 0;
	}
	size_t n = qm ? qm->n : 0;
	if (r->consensus == CO_CONS_MODERATED || n == 0)
		return -1;
	if (r->consensus == CO_CONS_MEDIAN) {
		int32_t v[255]; /* a question has at most 255 marks (co_qmarks.n has 8 bits), so they always fit */
		const co_mark *marks = co_qmarks_marks(bm, qm);
		for (size_t i = 0; i < n; i++)
			v[i] = marks[i].value;
		if (n <= 16) /* a panel's few marks: sorted in place, without qsort's set-up */
			for (size_t i = 1; i < n; i++)
				for (size_t k = i; k > 0 && v[k - 1] > v[k]; k--) {
					int32_t t = v[k];
					v[k] = v[k - 1];
					v[k - 1] = t;
				}
		else
			qsort(v, n, sizeof(int32_t), cmp_i32);
		if (n % 2)
			mpq_set_si(c, v[n / 2], 1);
		else {
			mpq_set_si(c, (long)v[n / 2 - 1] + v[n / 2], 2);
			mpq_canonicalize(c);
		}
		return 0;
	}
	int64_t sum = 0; /* at most 255 marks (co_qmarks.n) of 24 bits each */
	const co_mark *marks = co_qmarks_marks(bm, qm);
	for (size_t i = 0; i < qm->n; i++)
		sum += marks[i].value;
	mpq_set_si(c, (long)sum, qm->n);
	mpq_canonicalize(c);
	return 0;
}

int co_entry_mark(const co_result *res, const co_entry *e, size_t q, mpq_t c)
{
	if (e->stage >= 3 && consensus(res->rules, e->marks, co_marks_question(e->marks, q), c) == 0)
		return 1;
	mpq_set_ui(c, 0, 1);
	return 0;
}

int co_entry_question_points(const co_result *res, const co_entry *e, size_t q, mpq_t points)
{
	mpq_t c;
	mpq_init(c);
	int has = co_entry_mark(res, e, q, c);
	if (has)
		co_question_points(res->rules, q, c, points);
	else
		mpq_set_ui(points, 0, 1);
	mpq_clear(c);
	return has;
}

/*
 * An evaluator declared in the marks file who gave no mark for a question the others marked.
 * Under median or mean the consensus is then the others' alone, which is flagged, never left
 * silent; under moderated, or once a moderated mark is recorded, the panel's consensus stands.
 */
static void flag_missing(co_result *res, co_entry *e, const co_rules *r, const co_question *qu,
                         const co_bidmarks *bm, const co_qmarks *qm)
{
	const co_marks *m = res->marks;
	if (!m || !qm || qm->has_moderated || r->consensus == CO_CONS_MODERATED || qm->n == 0 || qm->n >= m->nev)
		return;
	const co_mark *marks = co_qmarks_marks(bm, qm);
	co_strbuf who = {0};
	size_t missing = 0;
	for (size_t ev = 0; ev < m->nev; ev++) {
		size_t k = 0;
		while (k < qm->n && marks[k].evaluator != ev)
			k++;
		if (k == qm->n)
			co_strbuf_put(&who, "%s%s", missing++ ? ", " : "", m->evaluators[ev]);
	}
	if (who.failed || (missing && co_entry_note(res, e, CO_FLAG, "missing_evaluator_mark", CO_ABOUT_QUESTION, qu->id, 0,
	                                            "%s gave no mark for %s: the %s is of the other %u mark%s", who.s,
	                                            qu->id, co_consensus_name(r->consensus), (unsigned)qm->n,
	                                            qm->n == 1 ? "" : "s")))
		res->failed = 1;
	co_strbuf_end(&who);
}

int co_marks_disagree(const co_rules *r, long lo, long hi, size_t n)
{
	return r->flag_range > 0 && n >= 2 && hi - lo >= r->flag_range;
}

static void flag_spread(co_result *res, co_entry *e, const co_rules *r, const co_question *qu, const co_bidmarks *bm,
                        const co_qmarks *qm)
{
	if (!r->flag_range || !qm || qm->has_moderated || qm->n < 2)
		return;
	const co_mark *marks = co_qmarks_marks(bm, qm);
	long lo = marks[0].value, hi = lo;
	for (size_t i = 1; i < qm->n; i++) {
		if (marks[i].value < lo)
			lo = marks[i].value;
		if (marks[i].value > hi)
			hi = marks[i].value;
	}
	if (co_marks_disagree(r, lo, hi, qm->n))
		co_entry_note(res, e, CO_FLAG, "needs_moderation", CO_ABOUT_QUESTION, qu->id, 0,
		              "evaluator marks range from %ld to %ld (flag range %ld) and no moderated mark is recorded", lo,
		              hi, r->flag_range);
}

void co_quality_percent(const co_rules *r, const mpq_t qp, mpq_t pct)
{
	mpz_mul_ui(mpq_numref(pct), mpq_numref(qp), 100);
	mpz_set(mpq_denref(pct), mpq_denref(qp));
	mpq_canonicalize(pct);
	mpq_div(pct, pct, r->wq);
}

void co_entry_quality_percent(const co_result *res, const co_entry *e, mpq_t pct)
{
	co_ratio_get(pct, &e->qp);
	co_quality_percent(res->rules, pct, pct);
}

int co_below_min_quality(const co_rules *r, const mpq_t qp, mpq_t pct)
{
	if (!r->has_min_quality || mpq_sgn(r->wq) <= 0)
		return 0;
	co_quality_percent(r, qp, pct);
	return mpq_cmp(pct, r->min_quality) < 0;
}

int co_question_floor(const co_rules *r, size_t q, long *floor)
{
	const co_question *qu = &r->questions[q];
	*floor = qu->has_min_mark ? qu->min_mark : r->min_mark;
	return qu->has_min_mark || r->has_min_mark;
}

int co_below_floor(const co_rules *r, size_t q, const mpq_t c, long *floor)
{
	return co_question_floor(r, q, floor) && mpq_cmp_si(c, *floor, 1) < 0;
}

void co_question_available(const co_rules *r, size_t q, mpq_t out)
{
	mpq_set_ui(out, 100, 1);
	mpq_div(out, r->questions[q].weight, out);
	mpq_mul(out, out, r->wq);
}

void co_question_points(const co_rules *r, size_t q, const mpq_t c, mpq_t out)
{
	mpq_mul(out, r->questions[q].per_mark, c);
	if (r->each_score)
		co_num_round(out, out, r->decimals);
}

static void thresholds(co_result *res, co_entry *e)
{
	const co_rules *r = res->rules;
	mpq_t c;
	mpq_init(c);
	long floor;
	for (size_t q = 0; q < r->nq; q++) {
		if (co_entry_mark(res, e, q, c) && co_below_floor(r, q, c, &floor)) {
			char *m = co_num_format_trim(c, r->decimals);
			if (m)
				co_entry_note(res, e, CO_REASON, "below_min_mark", CO_ABOUT_QUESTION, r->questions[q].id, 0,
				              "consensus mark %s is below the minimum %ld", m, floor);
			else
				res->failed = 1;
			free(m);
		}
	}
	co_ratio_get(c, &e->qp);
	mpq_t pct;
	mpq_init(pct);
	if (co_below_min_quality(r, c, pct)) {
		char *p = co_num_format(pct, r->decimals);
		char *m = co_num_format_trim(r->min_quality, 9);
		if (p && m)
			co_entry_note(res, e, CO_REASON, "below_min_quality", CO_ABOUT_BID, NULL, 0,
			              "quality is %s%% of the points available, below the minimum %s%%", p, m);
		else
			res->failed = 1;
		free(p);
		free(m);
	}
	mpq_clears(c, pct, NULL);
}

int co_stage_quality(co_result *res, co_diags *diags)
{
	const co_rules *r = res->rules;
	int missing = 0;
	mpq_t c, points, qp;
	mpq_inits(c, points, qp, NULL);
	for (size_t i = 0; i < res->n; i++) {
		co_entry *e = &res->entries[i];
		if (!co_entry_in(e))
			continue;
		e->stage = 3;
		mpq_set_ui(qp, 0, 1);
		const co_bidmarks *bm = co_marks_bid(res->marks, e->bid->id);
		e->marks = bm;
		for (size_t q = 0; q < r->nq; q++) {
			const co_question *qu = &r->questions[q];
			const co_qmarks *qm = co_marks_question(bm, q);
			if (consensus(r, bm, qm, c) != 0) {
				const char *mpath = res->marks ? res->marks->path : r->path;
				int line = bm ? bm->line : res->marks ? res->marks->line : 1;
				int col = bm ? bm->col : res->marks ? res->marks->col : 1;
				if (qm) {
					line = qm->line;
					col = qm->col;
				}
				co_diag_add(diags, mpath, line, col, "marks incomplete: no usable mark for bid '%s' question '%s'%s",
				            e->bid->id, qu->id,
				            r->consensus == CO_CONS_MODERATED ? " (consensus is moderated: a <moderated> mark is needed)"
				                                              : "");
				missing++;
				continue;
			}
			co_question_points(r, q, c, points);
			mpq_add(qp, qp, points);
			flag_spread(res, e, r, qu, bm, qm);
			flag_missing(res, e, r, qu, bm, qm);
		}
		if (co_ratio_set(&e->qp, qp))
			res->failed = 1;
	}
	mpq_clears(c, points, qp, NULL);
	if (res->failed)
		return CO_ERROR;
	if (missing)
		return CO_EINCOMPLETE;
	for (size_t i = 0; i < res->n; i++) {
		co_entry *e = &res->entries[i];
		if (!co_entry_in(e))
			continue;
		size_t before = e->nreasons;
		thresholds(res, e);
		if (e->nreasons > before)
			e->status = CO_ST_DISQUALIFIED;
	}
	return res->failed ? CO_ERROR : 0;
}
