/* Stage 1, admissibility: invalid, duplicate, wrong competition, late and superseded bids. */
#include "evaluating/admissibility.h"
#include "base/diag.h"

#include <stdlib.h>
#include <string.h>

/* Reject e for code, with detail (taken and freed; NULL when it could not be made: out of memory). */
static void reject(co_result *res, co_entry *e, const char *code, char *detail)
{
	if (!detail)
		res->failed = 1;
	else
		co_entry_note(res, e, CO_REASON, code, CO_ABOUT_BID, NULL, e->bid->invalid ? e->bid->invalid_line : e->bid->line,
		              "%s", detail);
	free(detail);
	e->status = CO_ST_REJECTED;
}

/* Indices of the bids still in contention. */
static size_t *still_in(const co_result *res, size_t *n)
{
	size_t *idx = malloc((res->n ? res->n : 1) * sizeof(size_t));
	*n = 0;
	if (!idx)
		return NULL;
	for (size_t i = 0; i < res->n; i++)
		if (co_entry_in(&res->entries[i]))
			idx[(*n)++] = i;
	return idx;
}

static int by_id(const void *a, const void *b, void *ctx)
{
	const co_entry *entries = ctx;
	const co_entry *x = &entries[*(const size_t *)a], *y = &entries[*(const size_t *)b];
	int c = strcmp(x->bid->id, y->bid->id);
	return c ? c : strcmp(x->bid->file, y->bid->file);
}

static int by_supplier(const void *a, const void *b, void *ctx)
{
	const co_entry *entries = ctx;
	const co_entry *x = &entries[*(const size_t *)a], *y = &entries[*(const size_t *)b];
	int c = strcmp(x->bid->supplier_id, y->bid->supplier_id);
	if (c)
		return c;
	c = co_time_cmp(&x->bid->submitted, x->bid->submitted_text, &y->bid->submitted, y->bid->submitted_text);
	return c ? c : strcmp(x->bid->file, y->bid->file);
}

static int duplicates(co_result *res)
{
	size_t n, *idx = still_in(res, &n);
	if (!idx)
		return CO_ERROR;
	qsort_r(idx, n, sizeof(size_t), by_id, res->entries);
	for (size_t a = 0; a < n;) {
		size_t b = a + 1;
		while (b < n && strcmp(res->entries[idx[b]].bid->id, res->entries[idx[a]].bid->id) == 0)
			b++;
		for (size_t k = a; k < b; k++)
			res->entries[idx[k]].id_files = (uint32_t)(b - a);
		if (b - a > 1)
			for (size_t k = a; k < b; k++)
				reject(res, &res->entries[idx[k]], "duplicate_submission",
				       co_strdupf("bid id '%s' is used by %zu files; none of them is evaluated",
				                  res->entries[idx[k]].bid->id, b - a));
		a = b;
	}
	free(idx);
	return 0;
}

static int superseded(co_result *res)
{
	size_t n, *idx = still_in(res, &n);
	if (!idx)
		return CO_ERROR;
	qsort_r(idx, n, sizeof(size_t), by_supplier, res->entries);
	for (size_t a = 0; a < n;) {
		size_t b = a + 1;
		const co_bid *first = res->entries[idx[a]].bid;
		while (b < n && strcmp(res->entries[idx[b]].bid->supplier_id, first->supplier_id) == 0)
			b++;
		for (size_t k = a; k < b; k++)
			res->entries[idx[k]].supplier_bids = (uint32_t)(b - a);
		if (b - a > 1) {
			const co_bid *latest = res->entries[idx[b - 1]].bid;
			const co_bid *second = res->entries[idx[b - 2]].bid;
			int shared = co_time_cmp(&latest->submitted, latest->submitted_text, &second->submitted,
			                         second->submitted_text) == 0;
			for (size_t k = a; k < b; k++) {
				co_entry *e = &res->entries[idx[k]];
				if (shared)
					reject(res, e, "duplicate_submission",
					       co_strdupf("supplier %s sent %zu bids and the latest two share the timestamp %s; "
					                  "none of them is evaluated",
					                  e->bid->supplier_id, b - a, latest->submitted_text));
				else if (k != b - 1)
					reject(res, e, "superseded",
					       co_strdupf("superseded by bid %s from the same supplier, submitted %s (this one %s)",
					                  latest->id, latest->submitted_text, e->bid->submitted_text));
			}
		}
		a = b;
	}
	free(idx);
	return 0;
}

int co_stage_admissibility(co_result *res)
{
	const co_rules *r = res->rules;
	for (size_t i = 0; i < res->n; i++) {
		co_entry *e = &res->entries[i];
		e->stage = 1;
		if (e->bid->invalid)
			reject(res, e, "invalid_bid", strdup(e->bid->invalid_detail));
	}
	if (duplicates(res))
		return CO_ERROR;
	for (size_t i = 0; i < res->n; i++) {
		co_entry *e = &res->entries[i];
		if (co_entry_in(e) && strcmp(e->bid->competition, r->id) != 0)
			reject(res, e, "wrong_competition",
			       co_strdupf("bid is for competition '%s', this evaluation is '%s'", e->bid->competition, r->id));
	}
	for (size_t i = 0; i < res->n; i++) {
		co_entry *e = &res->entries[i];
		if (co_entry_in(e) && r->has_deadline && co_time_cmp(&e->bid->submitted, e->bid->submitted_text, &r->deadline, r->deadline_text) > 0)
			reject(res, e, "late",
			       co_strdupf("submitted %s, after the deadline %s", e->bid->submitted_text, r->deadline_text));
	}
	int rc = superseded(res);
	return rc ? rc : res->failed ? CO_ERROR : 0;
}
