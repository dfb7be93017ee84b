/* Stage 5 and the award: top-n admission with a boundary policy, or one provider per scheme. */
#include "evaluating/award.h"
#include "evaluating/price.h"
#include "evaluating/ranking.h"
#include "evaluating/assign.h"
#include "evaluating/decide.h"
#include "base/diag.h"
#include "base/strbuf.h"

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
		if (!co_entry_in(e) || (scheme >= 0 && !co_entry_schemes(res->rules, e)[scheme]))
			continue;
		co_cand *k = &c[(*n)++];
		co_cand_init(k, i);
		if (co_cand_totals(res, k)) {
			co_cands_free(c, *n);
			return NULL;
		}
	}
	return c;
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

static int award_top_n(co_result *res, co_diags *diags)
{
	const co_rules *r = res->rules;
	size_t n;
	int rc = CO_ERROR;
	unsigned char *chosen = NULL;
	co_cand *c = candidates(res, -1, &n);
	if (!c)
		return CO_ERROR;
	co_rank(res, c, n);
	for (size_t a = 0; a < n;) {
		size_t b = a + 1;
		while (b < n && c[b].rank == c[a].rank)
			b++;
		int straddles = c[a].rank <= r->n && (long)b > r->n, decided = 0;
		const co_decision *d = NULL;
		/* Under report, the officer's decision (if any) awards as many of the tied as there are places left. */
		if (straddles && r->at_boundary == CO_BOUNDARY_REPORT) {
			if (!(chosen = calloc(b - a, 1)))
				goto fail;
			if ((decided = co_decide_top_tie(res, &c[a], b - a, (size_t)r->n - a, chosen, diags)) < 0) {
				rc = decided;
				goto fail;
			}
			d = decided ? co_decide_tie_for(res, -1) : NULL;
		}
		for (size_t k = a; k < b; k++) {
			co_entry *e = &res->entries[c[k].entry];
			e->rank = c[k].rank;
			int awarded = (long)b <= r->n;
			if (straddles) {
				e->tie_boundary = 1;
				awarded = decided ? chosen[k - a] : r->at_boundary == CO_BOUNDARY_ADMIT_ALL;
				if (d)
					co_entry_note(res, e, CO_FLAG, "tie_at_boundary", CO_ABOUT_BID, NULL, 0,
					              "%zu bids tied at rank %ld across the top-%ld boundary; at_boundary is report: "
					              "decision %s (%s, %s) %s this bid: %s",
					              b - a, c[a].rank, r->n, d->id, d->by, d->at_text, awarded ? "awards" : "does not award",
					              d->reason);
				else
					co_entry_note(res, e, CO_FLAG, "tie_at_boundary", CO_ABOUT_BID, NULL, 0,
					              "%zu bids tied at rank %ld across the top-%ld boundary; at_boundary is %s", b - a,
					              c[a].rank, r->n,
					              r->at_boundary == CO_BOUNDARY_ADMIT_ALL     ? "admit_all: all are awarded"
					              : r->at_boundary == CO_BOUNDARY_EXCLUDE_ALL ? "exclude_all: none is awarded"
					                                                          : "report: a person must decide");
				if (r->at_boundary == CO_BOUNDARY_REPORT && !decided && push(&res->tied, &res->ntied, c[k].entry))
					goto fail;
			}
			e->status = awarded ? CO_ST_AWARDED : CO_ST_RANKED;
			if (awarded && push(&res->awarded, &res->nawarded, c[k].entry))
				goto fail;
		}
		free(chosen);
		chosen = NULL;
		a = b;
	}
	/* The ranking is the result's: explain and the reports show it as the award made it. */
	res->ranking = c;
	res->nranking = n;
	return 0;
fail:
	free(chosen);
	co_cands_free(c, n);
	return rc;
}

/*
 * Tie on rank 1 of a scheme: the tied bids are flagged. With the officer's decision for the
 * scheme, the bid it names is awarded; without, no bid is, and the tied bids are listed.
 */
static int scheme_tie(co_result *res, size_t s, const size_t *bids, size_t n, co_diags *diags)
{
	const co_rules *r = res->rules;
	size_t chosen = 0;
	int decided = co_decide_scheme_tie(res, s, bids, n, &chosen, diags);
	const co_decision *d = decided > 0 ? co_decide_tie_for(res, (long)s) : NULL;
	if (decided < 0)
		return decided;
	res->schemes[s].status = d ? CO_SCHEME_AWARDED : CO_SCHEME_TIE;
	res->schemes[s].awarded = d ? (long)chosen : -1;
	for (size_t k = 0; k < n; k++) {
		int seen = 0;
		for (size_t j = 0; j < res->ntied; j++)
			seen |= res->tied[j] == bids[k];
		if (!d && !seen && push(&res->tied, &res->ntied, bids[k]))
			return CO_ERROR;
		co_entry *e = &res->entries[bids[k]];
		if (d ? co_entry_note(res, e, CO_FLAG, "tie_for_scheme", CO_ABOUT_SCHEME, r->schemes[s].id, 0,
		                      "%zu bids could equally be awarded scheme %s; decision %s (%s, %s) %s this bid: %s", n,
		                      r->schemes[s].id, d->id, d->by, d->at_text,
		                      bids[k] == chosen ? "awards it to" : "does not award it to", d->reason)
		      : co_entry_note(res, e, CO_FLAG, "tie_for_scheme", CO_ABOUT_SCHEME, r->schemes[s].id, 0,
		                      "%zu bids could equally be awarded scheme %s; a person must decide", n, r->schemes[s].id))
			return CO_ERROR;
	}
	return 0;
}

/* Without a cap each scheme goes to its rank 1; a tie for rank 1 is left to a person. */
static int uncapped(co_result *res, co_diags *diags)
{
	for (size_t s = 0; s < res->rules->ns; s++) {
		co_scheme_result *sr = &res->schemes[s];
		size_t top = 0;
		while (top < sr->n && sr->ranking[top].rank == 1)
			top++;
		if (top == 0) {
			sr->status = CO_SCHEME_UNAWARDED;
		} else if (top == 1) {
			sr->status = CO_SCHEME_AWARDED;
			sr->awarded = (long)sr->ranking[0].entry;
		} else {
			size_t *bids = malloc(top * sizeof(size_t));
			if (!bids)
				return CO_ERROR;
			for (size_t k = 0; k < top; k++)
				bids[k] = sr->ranking[k].entry;
			int rc = scheme_tie(res, s, bids, top, diags);
			free(bids);
			if (rc)
				return rc;
		}
	}
	return 0;
}

static int cmp_supplier(const void *a, const void *b, void *ctx)
{
	const co_result *res = ctx;
	return strcmp(res->entries[*(const size_t *)a].bid->supplier_id, res->entries[*(const size_t *)b].bid->supplier_id);
}

char *co_award_schemes_of(const co_result *res, const char *supplier_id, size_t *count)
{
	const co_rules *r = res->rules;
	co_strbuf b = {0};
	*count = 0;
	co_strbuf_put(&b, "%s", "");
	for (size_t t = 0; t < r->ns; t++) {
		long w = res->schemes[t].awarded;
		if (w >= 0 && strcmp(res->entries[w].bid->supplier_id, supplier_id) == 0)
			co_strbuf_put(&b, "%s%s", (*count)++ ? ", " : "", r->schemes[t].id);
	}
	return co_strbuf_take(&b);
}

int co_award_passed_over(const co_result *res, size_t s, size_t idx, char **list, size_t *count)
{
	const co_rules *r = res->rules;
	const co_scheme_result *sr = &res->schemes[s];
	*list = NULL;
	*count = 0;
	if (r->mode != CO_MODE_PER_SCHEME || r->max_schemes <= 0 || !sr->moved || sr->awarded == (long)idx)
		return 0;
	const co_cand *own = NULL, *win = NULL;
	for (size_t k = 0; k < sr->n; k++) {
		if (sr->ranking[k].entry == idx)
			own = &sr->ranking[k];
		if ((long)sr->ranking[k].entry == sr->awarded)
			win = &sr->ranking[k];
	}
	if (!own || (win && own->rank > win->rank))
		return 0;
	if (!(*list = co_award_schemes_of(res, res->entries[idx].bid->supplier_id, count)))
		return CO_ERROR;
	if ((long)*count >= r->max_schemes)
		return 1;
	free(*list);
	*list = NULL;
	*count = 0;
	return 0;
}

/* Why a capped scheme did not go to its rank 1: each rank-1 bid's supplier is at the cap. */
static char *moved_reason(const co_result *res, size_t s)
{
	const co_rules *r = res->rules;
	const co_scheme_result *sr = &res->schemes[s];
	char *why = co_strdupf("max_schemes_per_supplier is %ld;", r->max_schemes);
	for (size_t k = 0; why && k < sr->n && sr->ranking[k].rank == 1; k++) {
		const co_bid *b = res->entries[sr->ranking[k].entry].bid;
		size_t held;
		char *list = co_award_schemes_of(res, b->supplier_id, &held);
		/* A list that could not be made fails the reason (NULL), rather than leaving it out. */
		char *w = list ? co_strdupf("%s rank 1 %s (%s) is awarded %s;", why, b->id, b->supplier_id, list) : NULL;
		free(list);
		free(why);
		why = w;
	}
	char *w = why ? co_strdupf("%s the award that gives the most schemes, then the largest sum of awarded totals, "
	                           "then the best ranks in scheme order, gives this scheme %s",
	                           why, sr->awarded >= 0 ? "to a lower-ranked bid" : "to no bid")
	              : NULL;
	free(why);
	return w;
}

/* The candidate of entry i in scheme s's ranking (it is there: the scheme awarded it). */
static const co_cand *cand_of(const co_scheme_result *sr, long entry)
{
	for (size_t k = 0; k < sr->n; k++)
		if ((long)sr->ranking[k].entry == entry)
			return &sr->ranking[k];
	return NULL;
}

/*
 * With a cap, the officer's decisions on tied schemes, each among the bids some best award
 * gives the scheme, must still make together an award the rules allow: no supplier above the
 * cap, and as good as the best on every count (schemes awarded, sum of totals, ranks in scheme
 * order, over the schemes not still tied, so that the decisions may come one at a time).
 * Otherwise the first such decision is refused (co_decide_refuse), its error located: choices
 * that each were open can still exclude each other.
 */
static int decided_still_best(co_result *res, const long *winner, const co_assign_edge *edges, const size_t *sup_of,
                              size_t nsup, co_diags *diags)
{
	const co_rules *r = res->rules;
	const co_decision *first = NULL;
	for (size_t s = 0; s < r->ns && !first; s++)
		first = co_decide_tie_for(res, (long)s);
	if (!first)
		return 0;
	size_t *held = calloc(nsup ? nsup : 1, sizeof(size_t));
	mpq_t best, got;
	int worse = 0, over = -1;
	if (!held)
		return CO_ERROR;
	mpq_inits(best, got, NULL);
	for (size_t s = 0; s < r->ns; s++) {
		const co_scheme_result *sr = &res->schemes[s];
		/* A scheme still tied is left out of both sides: the decisions may come one at a time. */
		if (sr->status == CO_SCHEME_TIE)
			continue;
		if (winner[s] >= 0)
			mpq_add(best, best, edges[winner[s]].total);
		if (sr->awarded < 0 || sr->status != CO_SCHEME_AWARDED)
			continue;
		const co_cand *c = cand_of(sr, sr->awarded);
		mpq_t t;
		mpq_init(t);
		co_ratio_get(t, &c->total);
		mpq_add(got, got, t);
		mpq_clear(t);
		if (winner[s] >= 0 && c->rank != edges[winner[s]].rank)
			worse = 1;
		if (++held[sup_of[sr->awarded]] > (size_t)r->max_schemes && over < 0)
			over = (int)s;
	}
	worse |= mpq_cmp(got, best) != 0;
	mpq_clears(best, got, NULL);
	free(held);
	if (over >= 0 && !worse) {
		const co_bid *b = res->entries[res->schemes[over].awarded].bid;
		const co_decision *at = co_decide_tie_for(res, over); /* the decision that went over, when it is one */
		if (at)
			first = at;
		co_diag_add(diags, res->decisions->path, first->where.line, first->where.col,
		            "the decisions on the tied schemes together give supplier %s more than %ld schemes "
		            "(max_schemes_per_supplier): choose another bid for one of them",
		            b->supplier_id, r->max_schemes);
		co_decide_refuse(res, first);
	}
	if (worse) {
		co_diag_add(diags, res->decisions->path, first->where.line, first->where.col,
		            "the decisions on the tied schemes together give a worse award than the best the rules allow "
		            "(fewer schemes, a smaller sum of totals or lower ranks): choose among the bids again");
		co_decide_refuse(res, first);
	}
	return co_diags_failed(diags) ? CO_ERROR : 0;
}

/* With a cap, the optimal assignment over all schemes at once (FORMATS 6.3; see assign.c). */
static int capped(co_result *res, co_diags *diags)
{
	const co_rules *r = res->rules;
	size_t nin = 0, nedges = 0, nsup = 0;
	int rc = CO_ERROR;
	for (size_t i = 0; i < res->n; i++)
		nin += co_entry_in(&res->entries[i]);
	for (size_t s = 0; s < r->ns; s++)
		nedges += res->schemes[s].n;
	size_t *in = malloc((nin + 1) * sizeof(size_t)), *sup_of = calloc(res->n + 1, sizeof(size_t));
	co_assign_edge *edges = malloc((nedges + 1) * sizeof(*edges));
	mpq_t *totals = malloc((nedges + 1) * sizeof(mpq_t));
	long *winner = malloc((r->ns + 1) * sizeof(long));
	unsigned char *tied = malloc(r->ns + 1), *alt = malloc(nedges + 1);
	size_t *bids = malloc((nedges + 1) * sizeof(size_t));
	size_t ntotals = 0; /* initialised */
	if (!in || !sup_of || !edges || !totals || !winner || !tied || !alt || !bids)
		goto out;
	/* Suppliers numbered in order of their ids, so the result never depends on file order. */
	size_t k = 0;
	for (size_t i = 0; i < res->n; i++)
		if (co_entry_in(&res->entries[i]))
			in[k++] = i;
	qsort_r(in, nin, sizeof(size_t), cmp_supplier, res);
	for (k = 0; k < nin; k++) {
		if (k > 0 && cmp_supplier(&in[k - 1], &in[k], res) != 0)
			nsup++;
		sup_of[in[k]] = nsup;
	}
	nsup = nin ? nsup + 1 : 0;
	size_t e = 0;
	for (size_t s = 0; s < r->ns; s++)
		for (k = 0; k < res->schemes[s].n; k++) {
			const co_cand *c = &res->schemes[s].ranking[k];
			mpq_init(totals[e]);
			ntotals = e + 1;
			co_ratio_get(totals[e], &c->total);
			edges[e] = (co_assign_edge){s, sup_of[c->entry], c->rank, totals[e]};
			e++;
		}
	if (co_assign_solve(r->ns, nsup, r->max_schemes, edges, nedges, winner, tied, alt))
		goto out;
	for (size_t s = 0; s < r->ns; s++) {
		co_scheme_result *sr = &res->schemes[s];
		if (winner[s] < 0) {
			sr->status = CO_SCHEME_UNAWARDED;
			continue;
		}
		sr->status = CO_SCHEME_AWARDED;
		sr->awarded = (long)res->schemes[s].ranking[0].entry;
		for (k = 0; k < sr->n; k++)
			if (sup_of[sr->ranking[k].entry] == edges[winner[s]].supplier)
				sr->awarded = (long)sr->ranking[k].entry;
	}
	e = 0;
	for (size_t s = 0; s < r->ns; s++) {
		size_t n = 0;
		for (k = 0; k < res->schemes[s].n; k++, e++)
			if (tied[s] && alt[e])
				bids[n++] = res->schemes[s].ranking[k].entry;
		if (tied[s] && (rc = scheme_tie(res, s, bids, n, diags)))
			goto out;
	}
	if ((rc = decided_still_best(res, winner, edges, sup_of, nsup, diags)))
		goto out;
	rc = CO_ERROR;
	/* Reasons name what each supplier holds, so they come after the whole award and its ties. */
	for (size_t s = 0; s < r->ns; s++) {
		co_scheme_result *sr = &res->schemes[s];
		int off_rank_1 = sr->status == CO_SCHEME_AWARDED ? edges[winner[s]].rank > 1
		                                                 : sr->status == CO_SCHEME_UNAWARDED && sr->n > 0;
		if (off_rank_1) {
			sr->moved = 1;
			if (!(sr->why = moved_reason(res, s)))
				goto out;
		}
	}
	rc = 0;
out:
	for (size_t i = 0; i < ntotals; i++)
		mpq_clear(totals[i]);
	free(totals);
	free(in);
	free(sup_of);
	free(edges);
	free(winner);
	free(tied);
	free(alt);
	free(bids);
	return rc;
}

static int award_per_scheme(co_result *res, co_diags *diags)
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
		sr->ranking = c;
		sr->n = n;
		sr->awarded = -1;
		if (co_price_points(res, c, n))
			return CO_ERROR;
		co_rank(res, c, n);
	}
	int rc = r->max_schemes > 0 ? capped(res, diags) : uncapped(res, diags);
	if (rc)
		return rc;
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

int co_stage_award(co_result *res, co_diags *diags)
{
	const co_rules *r = res->rules;
	for (size_t i = 0; i < res->n; i++) {
		co_entry *e = &res->entries[i];
		if (!co_entry_in(e))
			continue;
		e->stage = 5;
	}
	int rc = r->mode == CO_MODE_TOP_N ? award_top_n(res, diags) : award_per_scheme(res, diags);
	if (!rc && res->ntied > 1)
		qsort_r(res->tied, res->ntied, sizeof(size_t), by_bid_id, res);
	return rc ? rc : res->failed ? CO_ERROR : 0;
}
