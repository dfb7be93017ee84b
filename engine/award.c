/* Stage 5 and the award: top-n admission with a boundary policy, or one provider per scheme. */
#include "evaluation.h"
#include "diag.h"

#include <stdlib.h>
#include <string.h>

static co_cand *candidates(co_result *res, long scheme, size_t *n)
{
	co_cand *c = calloc(res->n ? res->n : 1, sizeof(*c));
	*n = 0;
	if (!c)
		return NULL;
	for (size_t i = 0; i < res->n; i++) {
		const co_entry *e = &res->entries[i];
		if (!co_entry_in(e) || (scheme >= 0 && !e->schemes[scheme]))
			continue;
		co_cand *k = &c[(*n)++];
		k->entry = i;
		mpq_init(k->pp);
		mpq_init(k->total);
		mpq_set(k->pp, e->pp);
		mpq_set(k->total, e->total);
	}
	return c;
}

static void free_cands(co_cand *c, size_t n)
{
	for (size_t i = 0; i < n; i++)
		mpq_clears(c[i].pp, c[i].total, NULL);
	free(c);
}

static int push(size_t **arr, size_t *n, size_t v)
{
	size_t *p = realloc(*arr, (*n + 1) * sizeof(size_t));
	if (!p)
		return CO_ERROR;
	p[(*n)++] = v;
	*arr = p;
	return 0;
}

static int award_top_n(co_result *res)
{
	const co_rules *r = res->rules;
	size_t n;
	co_cand *c = candidates(res, -1, &n);
	if (!c)
		return CO_ERROR;
	co_rank(res, c, n);
	for (size_t a = 0; a < n;) {
		size_t b = a + 1;
		while (b < n && c[b].rank == c[a].rank)
			b++;
		int straddles = c[a].rank <= r->n && (long)b > r->n;
		for (size_t k = a; k < b; k++) {
			co_entry *e = &res->entries[c[k].entry];
			e->rank = c[k].rank;
			int awarded = (long)b <= r->n;
			if (straddles) {
				e->tie_boundary = 1;
				awarded = r->at_boundary == CO_BOUNDARY_ADMIT_ALL;
				co_entry_flag(e, "tie_at_boundary", NULL, NULL,
				              "%zu bids tied at rank %ld across the top-%ld boundary; at_boundary is %s", b - a,
				              c[a].rank, r->n,
				              r->at_boundary == CO_BOUNDARY_ADMIT_ALL     ? "admit_all: all are awarded"
				              : r->at_boundary == CO_BOUNDARY_EXCLUDE_ALL ? "exclude_all: none is awarded"
				                                                          : "report: a person must decide");
				if (r->at_boundary == CO_BOUNDARY_REPORT && push(&res->tied, &res->ntied, c[k].entry))
					goto fail;
			}
			e->status = awarded ? CO_ST_AWARDED : CO_ST_RANKED;
			if (awarded && push(&res->awarded, &res->nawarded, c[k].entry))
				goto fail;
		}
		if (straddles && r->at_boundary == CO_BOUNDARY_REPORT)
			res->needs_decision = 1;
		a = b;
	}
	free_cands(c, n);
	return 0;
fail:
	free_cands(c, n);
	return CO_ERROR;
}

static int award_per_scheme(co_result *res)
{
	const co_rules *r = res->rules;
	res->schemes = calloc(r->ns, sizeof(*res->schemes));
	if (!res->schemes)
		return CO_ERROR;
	for (size_t s = 0; s < r->ns; s++) {
		co_scheme_result *sr = &res->schemes[s];
		size_t n;
		co_cand *c = candidates(res, (long)s, &n);
		if (!c)
			return CO_ERROR;
		co_price_points(res, c, n, 0);
		co_rank(res, c, n);
		sr->ranking = c;
		sr->n = n;
		sr->awarded = -1;
		size_t top = 0;
		while (top < n && c[top].rank == 1)
			top++;
		if (top == 0) {
			sr->status = CO_SCHEME_UNAWARDED;
		} else if (top == 1) {
			sr->status = CO_SCHEME_AWARDED;
			sr->awarded = (long)c[0].entry;
		} else {
			sr->status = CO_SCHEME_TIE;
			res->needs_decision = 1;
			for (size_t k = 0; k < top; k++) {
				int seen = 0;
				for (size_t j = 0; j < res->ntied; j++)
					seen |= res->tied[j] == c[k].entry;
				if (!seen && push(&res->tied, &res->ntied, c[k].entry))
					return CO_ERROR;
				co_entry_flag(&res->entries[c[k].entry], "tie_for_scheme", NULL, NULL,
				              "%zu bids tied for rank 1 on scheme %s; a person must decide", top, r->schemes[s].id);
				res->entries[c[k].entry].flags[res->entries[c[k].entry].nflags - 1].scheme = r->schemes[s].id;
			}
		}
	}
	for (size_t s = 0; s < r->ns; s++) {
		long w = res->schemes[s].awarded;
		if (w < 0)
			continue;
		co_entry *e = &res->entries[w];
		if (e->status != CO_ST_AWARDED) {
			e->status = CO_ST_AWARDED;
			if (push(&res->awarded, &res->nawarded, (size_t)w))
				return CO_ERROR;
		}
	}
	for (size_t i = 0; i < res->n; i++)
		if (co_entry_in(&res->entries[i]))
			res->entries[i].status = CO_ST_RANKED;
	return 0;
}

static int by_bid_id(const void *a, const void *b, void *ctx)
{
	const co_result *res = ctx;
	return strcmp(res->entries[*(const size_t *)a].bid->id, res->entries[*(const size_t *)b].bid->id);
}

int co_stage_award(co_result *res)
{
	const co_rules *r = res->rules;
	for (size_t i = 0; i < res->n; i++) {
		co_entry *e = &res->entries[i];
		if (!co_entry_in(e))
			continue;
		e->stage = 5;
		for (size_t p = 0; p < r->np; p++)
			if (r->prices[p].scored)
				mpq_add(e->lowest_sum, e->lowest_sum, e->ps[p].value);
	}
	int rc = r->mode == CO_MODE_TOP_N ? award_top_n(res) : award_per_scheme(res);
	if (!rc && res->ntied > 1)
		qsort_r(res->tied, res->ntied, sizeof(size_t), by_bid_id, res);
	return rc;
}
