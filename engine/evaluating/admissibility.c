/* Stage 1, admissibility: invalid, duplicate, wrong competition, late and superseded bids. */
#include "evaluating/admissibility.h"
#include "base/diag.h"

#include <stdarg.h>
#include <stdio.h>
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

/* How entry i's time is told in a reason: "received T (receipt log)", "declared T"; "submitted T" when no log was given. */
static char *told(const co_result *res, size_t i)
{
	co_when w = co_entry_when(res, i);
	const char *t = w.text ? w.text : "(none)";
	switch (w.source) {
	case CO_WHEN_RECEIPT:
		return co_strdupf("received %s (receipt log)", t);
	case CO_WHEN_CORRECTED:
		return co_strdupf("received %s (correction decision %s)", t, w.decision);
	case CO_WHEN_DECLARED:
		break;
	}
	return co_strdupf("%s %s", res->receipts ? "declared" : "submitted", t);
}

static int when_cmp(const co_result *res, size_t a, size_t b)
{
	co_when x = co_entry_when(res, a), y = co_entry_when(res, b);
	return co_time_cmp(x.at, x.text, y.at, y.text);
}

static int by_supplier(const void *a, const void *b, void *ctx)
{
	const co_result *res = ctx;
	size_t i = *(const size_t *)a, j = *(const size_t *)b;
	const co_entry *x = &res->entries[i], *y = &res->entries[j];
	int c = strcmp(x->bid->supplier_id, y->bid->supplier_id);
	if (c)
		return c;
	c = when_cmp(res, i, j);
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

/* The reason of a supplier's bid that is not its latest: superseded, or duplicate_submission when the latest two share their time. */
static char *superseded_detail(const co_result *res, size_t k, size_t latest, size_t second, size_t nbids, int shared)
{
	const co_entry *e = &res->entries[k];
	const co_bid *l = res->entries[latest].bid;
	char *tl = told(res, latest), *t2 = shared ? told(res, second) : told(res, k), *out = NULL;
	if (!tl || !t2)
		goto out;
	if (!res->times && shared) /* as before receipts: the bid's own times */
		out = co_strdupf("supplier %s sent %zu bids and the latest two share the timestamp %s; none of them is evaluated",
		                 e->bid->supplier_id, nbids, l->submitted_text);
	else if (!res->times)
		out = co_strdupf("superseded by bid %s from the same supplier, submitted %s (this one %s)", l->id,
		                 l->submitted_text, e->bid->submitted_text);
	else if (shared)
		out = co_strdupf("supplier %s sent %zu bids and the latest two came in at the same time, bid %s %s and bid %s %s; "
		                 "none of them is evaluated",
		                 e->bid->supplier_id, nbids, res->entries[second].bid->id, t2, l->id, tl);
	else
		out = co_strdupf("superseded by bid %s from the same supplier, %s; this one %s", l->id, tl, t2);
out:
	free(tl);
	free(t2);
	return out;
}

static int superseded(co_result *res)
{
	size_t n, *idx = still_in(res, &n);
	if (!idx)
		return CO_ERROR;
	qsort_r(idx, n, sizeof(size_t), by_supplier, res);
	for (size_t a = 0; a < n;) {
		size_t b = a + 1;
		const co_bid *first = res->entries[idx[a]].bid;
		while (b < n && strcmp(res->entries[idx[b]].bid->supplier_id, first->supplier_id) == 0)
			b++;
		for (size_t k = a; k < b; k++)
			res->entries[idx[k]].supplier_bids = (uint32_t)(b - a);
		if (b - a > 1) {
			size_t latest = idx[b - 1], second = idx[b - 2];
			int shared = when_cmp(res, latest, second) == 0;
			for (size_t k = a; k < b; k++)
				if (shared || k != b - 1)
					reject(res, &res->entries[idx[k]], shared ? "duplicate_submission" : "superseded",
					       superseded_detail(res, idx[k], latest, second, b - a, shared));
		}
		a = b;
	}
	free(idx);
	return 0;
}

co_when co_entry_when(const co_result *res, size_t i)
{
	const co_bid *b = res->entries[i].bid;
	const co_entry_times *t = res->times ? &res->times[i] : NULL;
	if (t && t->corrected) {
		const co_decision *d = t->corrected;
		return (co_when){.at = &d->received, .text = d->received_text, .source = CO_WHEN_CORRECTED,
		                 .file = res->decisions->path, .line = d->where.line, .col = d->where.col, .decision = d->id};
	}
	if (t && t->receipt) {
		const co_receipt *r = t->receipt;
		return (co_when){.at = &r->received, .text = r->received_text, .source = CO_WHEN_RECEIPT,
		                 .file = res->receipts->path, .line = r->received_at.line, .col = r->received_at.col};
	}
	return (co_when){.at = b->submitted_text ? &b->submitted : NULL, .text = b->submitted_text,
	                 .source = CO_WHEN_DECLARED, .file = b->file};
}

const char *co_when_source_name(co_when_source s)
{
	static const char *const names[] = {"declared", "receipt log", "correction decision"};
	return (size_t)s < sizeof(names) / sizeof(*names) ? names[s] : "?";
}

int co_entry_mismatch(const co_result *res, size_t i, char apart[48])
{
	const co_bid *b = res->entries[i].bid;
	co_when w = co_entry_when(res, i);
	if (b->invalid || w.source == CO_WHEN_DECLARED || !b->submitted_text || !w.at)
		return 0;
	/* |d - r| > T exactly: d - T > r or r - T > d. Whole seconds leave the fraction's digits, and so the texts, as they are. */
	const co_time *d = &b->submitted, *r = w.at;
	const char *dt = b->submitted_text, *rt = w.text;
	long tol = res->rules->receipt_tolerance;
	co_time d_less = *d, r_less = *r;
	d_less.sec -= tol;
	r_less.sec -= tol;
	if (co_time_cmp(&d_less, dt, r, rt) <= 0 && co_time_cmp(&r_less, rt, d, dt) <= 0)
		return 0;
	if (co_time_cmp(d, dt, r, rt) < 0) {
		const co_time *x = d;
		d = r;
		r = x;
	}
	long long sec = d->sec - r->sec;
	long ns = (long)d->nsec - (long)r->nsec;
	if (ns < 0) {
		ns += 1000000000L;
		sec--;
	}
	int len = snprintf(apart, 48, ns ? "%lld.%09ld" : "%lld", sec, ns);
	while (ns && len > 0 && apart[len - 1] == '0')
		apart[--len] = '\0';
	return 1;
}

/* The base name of a path as given: what follows its last '/'. */
static const char *base_name(const char *path)
{
	const char *s = strrchr(path, '/');
	return s ? s + 1 : path;
}

/* A problem of the inputs, counted; CO_ERROR when out of memory. */
static int input_problem(int *bad, co_diags *diags, const char *file, int line, int col, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));
static int input_problem(int *bad, co_diags *diags, const char *file, int line, int col, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int rc = co_diag_vadd(diags, file, line, col, fmt, ap);
	va_end(ap);
	(*bad)++;
	return rc;
}

/*
 * Each bid file's receipt: the row naming its path as given or its base name, else the row naming
 * its bid id alone. A row naming two files, two rows naming one file, a row whose bid id is not
 * its file's, file and bid rows that disagree, and a row naming no bid file given are problems of
 * the log, each at its place. row_entry (one per row) receives the entry each row names, or -1.
 */
static int match_log(co_result *res, long *row_entry, co_diags *diags, int *bad)
{
	const co_receipts *log = res->receipts;
	const char *lp = log->path;
	unsigned char *told_twice = calloc(log->n ? log->n : 1, 1);
	if (!told_twice)
		return CO_ERROR;
	int rc = 0;
	for (size_t k = 0; k < log->n; k++)
		row_entry[k] = -1;
	for (size_t i = 0; i < res->n && !rc; i++) {
		const co_bid *b = res->entries[i].bid;
		const char *base = base_name(b->file);
		const co_receipt *p = co_receipts_by_file(log, b->file);
		const co_receipt *q = base != b->file ? co_receipts_by_file(log, base) : NULL;
		const co_receipt *named[2] = {p, q};
		for (int m = 0; m < 2 && !rc; m++) {
			if (!named[m])
				continue;
			size_t k = (size_t)(named[m] - log->r);
			if (row_entry[k] < 0 || row_entry[k] == (long)i)
				row_entry[k] = (long)i;
			else if (!told_twice[k]++)
				rc = input_problem(bad, diags, lp, named[m]->file_at.line, named[m]->file_at.col,
				                   "the file '%s' names two of the bid files given, %s and %s: give the file's path",
				                   named[m]->file, res->entries[row_entry[k]].bid->file, b->file);
		}
		if (p && q && !rc) {
			const co_receipt *later = p > q ? p : q, *earlier = p > q ? q : p;
			rc = input_problem(bad, diags, lp, later->file_at.line, later->file_at.col,
			                   "a second receipt for the bid file %s (line %d names it too, by its %s)", b->file,
			                   earlier->row.line, earlier == p ? "path" : "base name");
		}
		const co_receipt *f = p ? p : q;
		if (f && f->bid && b->id && strcmp(f->bid, b->id) && !rc)
			rc = input_problem(bad, diags, lp, f->bid_at.line, f->bid_at.col,
			                   "the row gives the bid id '%s' for the file %s, whose bid id is '%s'", f->bid, b->file, b->id);
		const co_receipt *r = co_receipts_by_bid(log, b->id);
		if (r) {
			row_entry[r - log->r] = (long)i;
			if (f && f != r && !rc)
				rc = input_problem(bad, diags, lp, r->received_at.line, r->received_at.col,
				                   "a second receipt for bid %s (received %s by this row, %s by line %d, which names "
				                   "its file %s)",
				                   b->id, r->received_text, f->received_text, f->row.line, b->file);
		}
		res->times[i].receipt = f ? f : r;
	}
	/*
	 * A file that is not a readable bid has no id to match a row by: a row by bid id that matches
	 * no file may be its receipt, and is not an error while there is such a file (every valid bid
	 * still needs its own receipt, so a mistyped id cannot stand in for one).
	 */
	int unreadable = 0;
	for (size_t i = 0; i < res->n; i++)
		unreadable |= res->entries[i].bid->invalid && !res->entries[i].bid->id;
	for (size_t k = 0; k < log->n && !rc; k++) {
		const co_receipt *x = &log->r[k];
		if (row_entry[k] >= 0 || (!x->file && unreadable))
			continue;
		if (x->file)
			rc = input_problem(bad, diags, lp, x->file_at.line, x->file_at.col,
			                   "no bid file given is '%s' (by its path or its base name)", x->file);
		else
			rc = input_problem(bad, diags, lp, x->bid_at.line, x->bid_at.col, "no bid file given has the bid id '%s'",
			                   x->bid);
	}
	free(told_twice);
	return rc;
}

/*
 * Stage 1's times, when a receipt log or decisions were given: each bid's receipt and correction
 * (res->times); with a log, every bid file that is a valid bid needs a receipt or a correction.
 * Returns 0, CO_EINVALID (each problem in diags) or CO_ERROR.
 */
static int find_times(co_result *res, co_diags *diags)
{
	if (!res->receipts && !res->decisions)
		return 0;
	if (!(res->times = calloc(res->n ? res->n : 1, sizeof(*res->times))))
		return CO_ERROR;
	int bad = 0, rc = 0;
	if (res->receipts) {
		long *row_entry = malloc((res->receipts->n ? res->receipts->n : 1) * sizeof(long));
		if (!row_entry)
			return CO_ERROR;
		rc = match_log(res, row_entry, diags, &bad);
		free(row_entry);
	}
	for (size_t i = 0; i < res->n && !rc; i++) {
		const co_bid *b = res->entries[i].bid;
		if (b->invalid)
			continue; /* rejected before any time matters: it needs no receipt */
		res->times[i].corrected = co_decision_about(res->decisions, CO_DEC_SUBMITTED, b->id);
		const char *base = base_name(b->file);
		if (res->receipts && !res->times[i].receipt && !res->times[i].corrected)
			rc = input_problem(&bad, diags, b->file, b->line, b->col,
			                   "bid %s has no receipt in the receipt log %s: no row names its file (%s%s%s) or its bid id; "
			                   "a time the portal did not record needs a submitted decision",
			                   b->id, res->receipts->path, b->file, base != b->file ? " or " : "", base != b->file ? base : "");
	}
	return rc ? rc : bad ? CO_EINVALID : 0;
}

int co_stage_admissibility(co_result *res, co_diags *diags)
{
	const co_rules *r = res->rules;
	int rc;
	for (size_t i = 0; i < res->n; i++) {
		co_entry *e = &res->entries[i];
		e->stage = 1;
		if (e->bid->invalid)
			reject(res, e, "invalid_bid", strdup(e->bid->invalid_detail));
	}
	if ((rc = find_times(res, diags)))
		return rc;
	for (size_t i = 0; i < res->n && res->times; i++) {
		char apart[48];
		if (!co_entry_mismatch(res, i, apart))
			continue;
		co_entry *e = &res->entries[i];
		char *t = told(res, i);
		if (!t)
			return CO_ERROR;
		co_entry_note(res, e, CO_FLAG, "submitted_mismatch", CO_ABOUT_BID, NULL, e->bid->line,
		              "declared %s, %s: %s seconds apart, more than the tolerance of %ld seconds", e->bid->submitted_text,
		              t, apart, r->receipt_tolerance);
		free(t);
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
		co_when w = co_entry_when(res, i);
		if (co_entry_in(e) && r->has_deadline && co_time_cmp(w.at, w.text, &r->deadline, r->deadline_text) > 0) {
			char *t = told(res, i);
			reject(res, e, "late", t ? co_strdupf("%s, after the deadline %s", t, r->deadline_text) : NULL);
			free(t);
		}
	}
	rc = superseded(res);
	return rc ? rc : res->failed ? CO_ERROR : 0;
}
