/* The evaluation pipeline: read bids and marks, run the stages in order, order the result. */
#include "evaluating/evaluate.h"
#include "evaluating/readbids.h"
#include "evaluating/admissibility.h"
#include "evaluating/compliance.h"
#include "evaluating/quality.h"
#include "evaluating/price.h"
#include "evaluating/award.h"
#include "evaluating/panel.h"
#include "evaluating/decide.h"
#include "base/diag.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Reading the marks file, on its own thread while the bids are read (it needs none of them). */
typedef struct {
	co_result *res;
	const char *path, *source;
	int keep;
	co_diags *diags; /* only this reader adds to it until it is joined */
	int rc;
} marks_job;

static void *read_marks(void *arg)
{
	marks_job *j = arg;
	j->rc = co_marks_read(&j->res->marks, j->path, j->source, j->res->rules, j->keep, j->diags);
	return NULL;
}

/* Every bid the marks name must have been read. */
static int check_marks(co_result *res, co_diags *diags)
{
	const char **ids = malloc((res->n ? res->n : 1) * sizeof(char *));
	size_t nids = 0;
	if (!ids)
		return CO_ERROR;
	for (size_t i = 0; i < res->n; i++)
		if (res->entries[i].bid->id)
			ids[nids++] = res->entries[i].bid->id;
	qsort(ids, nids, sizeof(char *), cmp_str);
	int rc = co_marks_check(res->marks, ids, nids, diags);
	free(ids);
	return rc;
}

/*
 * Stage 0: the bids on options->threads threads and, when there is more than one, the marks
 * file on a thread of its own at the same time. Each writes only its own part of res.
 */
static int read_inputs(co_result *res, const co_paths *bids, const char *marks_path, const char *marks_source,
                       const co_evaluate_options *o, co_diags *diags)
{
	marks_job mj = {res, marks_path, marks_source, o->keep_rationales, diags, 0};
	pthread_t th;
	int started = marks_path && o->threads > 1 && pthread_create(&th, NULL, read_marks, &mj) == 0;
	int rc = co_result_read_bids(res, bids, o->threads, o->progress, 0);
	if (started)
		pthread_join(th, NULL);
	else if (!rc && marks_path)
		read_marks(&mj);
	if (rc)
		return rc;
	if (mj.rc)
		return mj.rc;
	return marks_path ? check_marks(res, diags) : 0;
}

/*
 * Result-document order: ranked and awarded bids by rank, then bid id; then
 * the rest by bid id, and bids with no readable id last, by file name.
 */
static int doc_order(const void *pa, const void *pb, void *ctx)
{
	const co_result *res = ctx;
	const co_entry *a = &res->entries[*(const size_t *)pa], *b = &res->entries[*(const size_t *)pb];
	int ra = a->status == CO_ST_RANKED || a->status == CO_ST_AWARDED;
	int rb = b->status == CO_ST_RANKED || b->status == CO_ST_AWARDED;
	if (ra != rb)
		return rb - ra;
	if (ra && a->rank != b->rank)
		return a->rank < b->rank ? -1 : 1;
	if (!a->bid->id != !b->bid->id)
		return a->bid->id ? -1 : 1;
	int c = a->bid->id ? strcmp(a->bid->id, b->bid->id) : 0;
	return c ? c : strcmp(a->bid->file, b->bid->file);
}

int co_evaluate(co_result **out, const co_rules *rules, const co_paths *bids, const char *marks_path,
                co_diags *diags)
{
	return co_evaluate_from(out, rules, bids, marks_path, NULL, diags);
}

int co_evaluate_from(co_result **out, const co_rules *rules, const co_paths *bids, const char *marks_path,
                     const char *marks_source, co_diags *diags)
{
	return co_evaluate_with(out, rules, bids, marks_path, marks_source, NULL, diags);
}

int co_evaluate_with(co_result **out, const co_rules *rules, const co_paths *bids, const char *marks_path,
                     const char *marks_source, const co_evaluate_options *options, co_diags *diags)
{
	return co_evaluate_until(out, rules, bids, marks_path, marks_source, options, CO_UNTIL_AWARD, diags);
}

int co_evaluate_until(co_result **out, const co_rules *rules, const co_paths *bids, const char *marks_path,
                      const char *marks_source, const co_evaluate_options *options, co_until last, co_diags *diags)
{
	co_evaluate_options plain = {.threads = 1, .progress = NULL, .keep_rationales = 1};
	if (!options)
		options = &plain;
	co_result *res = co_result_alloc(rules);
	int rc;
	*out = NULL;
	if (!res)
		return CO_ERROR;
	if (last == CO_UNTIL_COMPLIANCE) {
		/* Before the quality stage no marks are read, and the bodies are kept for the forms and packs. */
		if ((rc = co_result_read_bids(res, bids, options->threads, options->progress, 1)) ||
		    (rc = co_stage_admissibility(res, diags)) || (rc = co_stage_compliance(res)))
			goto out;
		goto order;
	}
	if (!marks_path && rules->nq > 0) {
		co_diag_add(diags, rules->path, 1, 1, "the rules have quality questions, so a marks file is needed");
		rc = CO_EINVALID;
		goto out;
	}
	res->decisions = options->decisions;
	res->receipts = options->receipts;
	if ((rc = read_inputs(res, bids, marks_path, marks_source, options, diags)) ||
	    (rc = co_decide_check_bids(res, diags)))
		goto out;
	if ((rc = co_stage_admissibility(res, diags)) || (rc = co_stage_compliance(res)) ||
	    (rc = co_decide_exclusions(res, diags)) || (rc = co_stage_quality(res, diags)) ||
	    (rc = co_stage_price(res, diags)) || (rc = co_stage_award(res, diags)) || (rc = co_decide_open(res, diags)) ||
	    (rc = co_panel_compute(res)))
		goto out;
	/* A decision that does not fit is an error of the input, reported with every other one first. */
	if (co_decide_refused(res)) {
		rc = CO_EINVALID;
		goto out;
	}
order:
	res->order = malloc((res->n ? res->n : 1) * sizeof(size_t));
	if (!res->order) {
		rc = CO_ERROR;
		goto out;
	}
	for (size_t i = 0; i < res->n; i++)
		res->order[i] = i;
	qsort_r(res->order, res->n, sizeof(size_t), doc_order, res);
out:
	if (rc) {
		co_result_free(res);
		return rc;
	}
	*out = res;
	return 0;
}

static int by_id(const void *a, const void *b, void *ctx)
{
	const co_result *res = ctx;
	const co_bid *x = res->entries[*(const size_t *)a].bid, *y = res->entries[*(const size_t *)b].bid;
	int c = strcmp(x->id, y->id);
	return c ? c : strcmp(x->file, y->file);
}

int co_eligible_bids(co_result **out, const co_rules *rules, const co_paths *bids, size_t **idx, size_t *n)
{
	co_result *res = NULL;
	*idx = NULL;
	*n = 0;
	int rc = co_evaluate_until(&res, rules, bids, NULL, NULL, NULL, CO_UNTIL_COMPLIANCE, NULL);
	if (rc)
		return rc;
	if (!(*idx = malloc((res->n + 1) * sizeof(size_t)))) {
		co_result_free(res);
		return CO_ERROR;
	}
	for (size_t i = 0; i < res->n; i++)
		if (co_entry_in(&res->entries[i]))
			(*idx)[(*n)++] = i;
	qsort_r(*idx, *n, sizeof(size_t), by_id, res);
	*out = res;
	return 0;
}

/*
 * The bytes of an entry's block that stages 4 and 5 read: its prices (whose has_points stage 4
 * writes), answers, gates and schemes, laid out as result.h's co_entry_* functions find them.
 */
static size_t block_size(const co_rules *r, const co_entry *e)
{
	return (size_t)((const unsigned char *)(co_entry_schemes(r, e) + r->ns) - (const unsigned char *)e->ps);
}

int co_evaluate_without(co_result **out, const co_result *res, size_t without, co_diags *diags)
{
	const co_rules *r = res->rules;
	co_result *again = co_result_alloc(r);
	size_t m = 0;
	int rc = CO_ERROR;
	*out = NULL;
	if (!again)
		return CO_ERROR;
	again->from = res;
	for (size_t i = 0; i < res->n; i++)
		m += i != without && res->entries[i].stage >= 4;
	again->entries = calloc(m ? m : 1, sizeof(co_entry));
	again->from_entry = malloc((m ? m : 1) * sizeof(size_t));
	if (!again->entries || !again->from_entry)
		goto out;
	if (res->times && !(again->times = calloc(m ? m : 1, sizeof(co_entry_times))))
		goto out;
	/* Every bid still in after stage 3, as stage 3 left it: the notes of stages 4 and 5 are made again. */
	for (size_t i = 0; i < res->n; i++) {
		const co_entry *e = &res->entries[i];
		if (i == without || e->stage < 4)
			continue;
		co_entry *c = &again->entries[again->n];
		size_t size = block_size(r, e);
		*c = (co_entry){.bid = e->bid, .marks = e->marks, .qp = e->qp, .id_files = e->id_files,
		                .supplier_bids = e->supplier_bids, .status = CO_ST_IN, .stage = 3,
		                .names_schemes = e->names_schemes};
		if (!(c->ps = co_arena_alloc(&again->blocks, size ? size : 1)))
			goto out;
		memcpy(c->ps, e->ps, size);
		for (size_t p = 0; p < r->np; p++)
			c->ps[p].has_points = 0;
		if (res->times)
			again->times[again->n] = res->times[i];
		again->from_entry[again->n++] = i;
	}
	/*
	 * The decisions: those stages 4 and 5 apply are taken again (an investigation, a tie); a
	 * decision about the bid left out is set aside, as it would name a bid not given.
	 */
	again->decisions = res->decisions;
	again->receipts = res->receipts;
	if (res->decisions) {
		const co_decisions *ds = res->decisions;
		const char *id = res->entries[without].bid->id;
		if (!(again->decided = malloc(ds->n ? ds->n : 1)))
			goto out;
		for (size_t k = 0; k < ds->n; k++) {
			const co_decision *d = &ds->d[k];
			int again_made = d->kind == CO_DEC_TIE || d->kind == CO_DEC_ABNORMALLY_LOW;
			again->decided[k] = again_made && !(d->bid && id && strcmp(d->bid, id) == 0) ? 0 : res->decided[k];
		}
	}
	if ((rc = co_stage_price(again, diags)) || (rc = co_stage_award(again, diags)) || (rc = co_decide_open(again, diags)))
		goto out;
	*out = again;
	return 0;
out:
	co_result_free(again);
	return rc;
}
