/* The challenge check: would the award change without a bid that did not win? */
#include "analytics/challenge.h"
#include "evaluating/evaluate.h"
#include "evaluating/price.h"
#include "evaluating/decide.h"
#include "base/diag.h"
#include "base/num.h"
#include "base/strbuf.h"
#include "base/jsontext.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static void bid_free(co_challenge_bid *b)
{
	for (size_t i = 0; i < b->nlowest; i++)
		mpq_clears(b->lowest[i].price, b->lowest[i].lowest_without, NULL);
	free(b->lowest);
	for (size_t i = 0; i < b->nmedian; i++)
		mpq_clears(b->median[i].median, b->median[i].median_without, NULL);
	free(b->median);
	free(b->awarded);
	free(b->tied);
	free(b->scheme_awarded);
	free(b->scheme_status);
	free(b->why);
}

static void challenge_free(void *p)
{
	co_challenge *c = p;
	if (!c)
		return;
	for (size_t k = 0; k < c->n; k++)
		bid_free(&c->bids[k]);
	free(c->bids);
	free(c);
}

static int add_lowest(co_challenge_bid *b, size_t item, long scheme, const mpq_t price)
{
	co_challenge_lowest *p = realloc(b->lowest, (b->nlowest + 1) * sizeof(*p));
	if (!p)
		return CO_ERROR;
	b->lowest = p;
	co_challenge_lowest *l = &p[b->nlowest++];
	l->item = item;
	l->scheme = scheme;
	l->has_lowest_without = 0;
	mpq_inits(l->price, l->lowest_without, NULL);
	mpq_set(l->price, price);
	return 0;
}

/* The candidates that rank, in the lot (top_n) or in scheme s. */
static const co_cand *ranking_of(const co_result *res, long s, size_t *n)
{
	if (s < 0) {
		*n = res->nranking;
		return res->ranking;
	}
	*n = res->schemes[s].n;
	return res->schemes[s].ranking;
}

/*
 * The lowest price of each scored item among the ranked bids, once per ranking: top_n the lot's,
 * per_scheme each scheme's (schemes x items, scheme-major). These are stage 4's lowest prices,
 * worked out by the engine's own co_lowest_price over the candidates the award ranked.
 */
static mpq_t *lowest_prices(const co_result *res, size_t *count)
{
	const co_rules *r = res->rules;
	size_t nrank = r->mode == CO_MODE_TOP_N ? 1 : r->ns;
	mpq_t *low = malloc((nrank * r->np + 1) * sizeof(mpq_t));
	*count = 0;
	if (!low)
		return NULL;
	for (size_t s = 0; s < nrank; s++)
		for (size_t i = 0; i < r->np; i++) {
			size_t n;
			const co_cand *c = ranking_of(res, r->mode == CO_MODE_TOP_N ? -1 : (long)s, &n);
			mpq_init(low[*count]);
			if (n > 0 && r->prices[i].scored)
				co_lowest_price(res, c, n, i, low[*count]);
			(*count)++;
		}
	return low;
}

/* Every lowest price bid e sets, added to b: each scored item (of each scheme it is ranked in) whose lowest is its price. */
static int lowest_set(const co_result *res, size_t e, const mpq_t *low, co_challenge_bid *b)
{
	const co_rules *r = res->rules;
	const co_entry *en = &res->entries[e];
	size_t nrank = r->mode == CO_MODE_TOP_N ? 1 : r->ns;
	mpq_t price;
	int rc = 0;
	mpq_init(price);
	for (size_t s = 0; !rc && s < nrank; s++) {
		/* per_scheme: a bid still in at the award is in the ranking of every scheme it is for */
		if (r->mode != CO_MODE_TOP_N && !co_entry_schemes(r, en)[s])
			continue;
		for (size_t i = 0; !rc && i < r->np; i++) {
			if (!r->prices[i].scored)
				continue;
			co_entry_price(en, i, price);
			if (mpq_equal(low[s * r->np + i], price))
				rc = add_lowest(b, i, r->mode == CO_MODE_TOP_N ? -1 : (long)s, price);
		}
	}
	mpq_clear(price);
	return rc;
}

/*
 * The abnormally-low analysis. Stage 4 flags a price p of item i when p < (1 - pct/100) x the
 * median of the item's prices over the bids still in, and passes again without each tender an
 * officer's investigation rejected, until none is rejected. Removing one bid b moves each pass's
 * median to one of at most three values, according to where b's price sits in that pass's sorted
 * prices (below both middle places, between them, above both): so for each pass and item the
 * alternatives are worked out once, and a remaining price changes flag exactly when it lies
 * between the two bars. When no pass changes any flag among the remaining bids, the run without
 * b rejects the same tenders in the same passes and leaves every other bid as it was.
 */
typedef struct {
	size_t entry;
	mpq_t price;
} priced;

static int by_price(const void *a, const void *b)
{
	return mpq_cmp(((const priced *)a)->price, ((const priced *)b)->price);
}

/* The median of the h prices v with the one at place p left out (p = SIZE_MAX: none left out). */
static void median_of(mpq_t m, const priced *v, size_t n, size_t p)
{
	size_t h = p == SIZE_MAX ? n : n - 1;
	size_t hi = h / 2, lo = h % 2 ? hi : hi - 1;
	const mpq_t *a = &v[lo + (p != SIZE_MAX && lo >= p)].price, *b = &v[hi + (p != SIZE_MAX && hi >= p)].price;
	mpq_add(m, *a, *b);
	mpq_div_2exp(m, m, 1);
}

static int add_median(co_challenge_bid *b, size_t item, const mpq_t median, const mpq_t without)
{
	for (size_t k = 0; k < b->nmedian; k++)
		if (b->median[k].item == item)
			return 0; /* the first pass that changes a flag on the item is the one shown */
	co_challenge_median *m = realloc(b->median, (b->nmedian + 1) * sizeof(*m));
	if (!m)
		return CO_ERROR;
	b->median = m;
	m = &m[b->nmedian++];
	m->item = item;
	mpq_inits(m->median, m->median_without, NULL);
	mpq_set(m->median, median);
	mpq_set(m->median_without, without);
	return 0;
}

/*
 * One pass of stage 4 over the bids marked in (n of them, v room for n): sets flagged[e] for
 * the bids it flags on some item, and for each bid of bids[] (by entry: slot[e], SIZE_MAX for
 * none) whose removal would change another bid's flag, records the item in it.
 */
static int one_pass(const co_result *res, const unsigned char *in, size_t n, priced *v, unsigned char *flagged,
                    const size_t *slot, co_challenge_bid *bids)
{
	const co_rules *r = res->rules;
	mpq_t m, bar, m2, bar2, lo, hi;
	int rc = 0;
	mpq_inits(m, bar, m2, bar2, lo, hi, NULL);
	for (size_t i = 0; !rc && i < r->np; i++) {
		if (!r->prices[i].scored)
			continue;
		size_t k = 0;
		for (size_t e = 0; e < res->n; e++)
			if (in[e]) {
				v[k].entry = e;
				co_entry_price(&res->entries[e], i, v[k++].price);
			}
		qsort(v, n, sizeof(*v), by_price);
		median_of(m, v, n, SIZE_MAX);
		co_abnormally_low_bar(r, m, bar);
		for (k = 0; k < n && mpq_cmp(v[k].price, bar) < 0; k++)
			flagged[v[k].entry] = 1;
		if (n < 2)
			continue;
		/* The places p whose removal gives the same median: up to the lower middle one, up to the upper, the rest. */
		size_t h = n - 1, upper = h / 2, lower = h % 2 ? upper : upper - 1;
		size_t first[3] = {0, lower + 1, upper + 1}, last[3] = {lower, upper, n - 1};
		for (int c = 0; !rc && c < 3; c++) {
			if (first[c] > last[c])
				continue;
			median_of(m2, v, n, first[c]);
			co_abnormally_low_bar(r, m2, bar2);
			int cmp = mpq_cmp(bar, bar2);
			if (cmp == 0)
				continue;
			mpq_set(lo, cmp < 0 ? bar : bar2);
			mpq_set(hi, cmp < 0 ? bar2 : bar);
			/* The prices whose flag differs between the two bars: lo <= price < hi. */
			size_t between = 0;
			for (k = 0; k < n; k++)
				between += mpq_cmp(v[k].price, lo) >= 0 && mpq_cmp(v[k].price, hi) < 0;
			for (size_t p = first[c]; !rc && p <= last[c]; p++) {
				size_t own = mpq_cmp(v[p].price, lo) >= 0 && mpq_cmp(v[p].price, hi) < 0;
				if (between > own && slot[v[p].entry] != SIZE_MAX)
					rc = add_median(&bids[slot[v[p].entry]], i, m, m2);
			}
		}
	}
	mpq_clears(m, bar, m2, bar2, lo, hi, NULL);
	return rc;
}

/*
 * The passes of stage 4 as the result made them, for the analysis above: the bids in at stage 4,
 * then without the tenders rejected on investigation (those disqualified at stage 4) once each
 * is flagged. *agrees is 0 when this does not end where the engine's stage 4 ended (the same bids
 * left, the same bids flagged), and then every losing bid is run again.
 */
static int median_passes(const co_result *res, const size_t *slot, co_challenge_bid *bids, int *agrees)
{
	size_t n = 0, m = res->n ? res->n : 1;
	unsigned char *in = calloc(m, 1), *flagged = calloc(m, 1);
	priced *v = malloc(m * sizeof(*v));
	int rc = in && flagged && v ? 0 : CO_ERROR;
	*agrees = 0;
	for (size_t e = 0; v && e < res->n; e++)
		mpq_init(v[e].price);
	for (size_t e = 0; !rc && e < res->n; e++)
		n += in[e] = res->entries[e].stage >= 4;
	for (int rejected = 1; !rc && rejected && n > 0;) {
		memset(flagged, 0, m);
		if ((rc = one_pass(res, in, n, v, flagged, slot, bids)))
			break;
		rejected = 0;
		for (size_t e = 0; e < res->n; e++)
			if (in[e] && flagged[e] && res->entries[e].status == CO_ST_DISQUALIFIED) {
				in[e] = 0;
				n--;
				rejected = 1;
			}
	}
	if (!rc) {
		*agrees = 1;
		for (size_t e = 0; e < res->n; e++) {
			const co_entry *en = &res->entries[e];
			if (en->stage < 4)
				continue;
			int still = en->status != CO_ST_DISQUALIFIED;
			if (in[e] != still || (still && flagged[e] != co_entry_flagged(en, "abnormally_low")))
				*agrees = 0;
		}
	}
	for (size_t e = 0; v && e < res->n; e++)
		mpq_clear(v[e].price);
	free(v);
	free(in);
	free(flagged);
	return rc;
}

/*
 * 1 when entry e shares a rank with a place of the award: top_n, a rank within the first n
 * (a tie across the boundary); per_scheme, a scheme it is ranked in whose award is not made, or
 * whose awarded bid has its rank. Without such a bid the tie, and so the award, may differ.
 */
static int tied_at_award(const co_result *res, size_t e)
{
	const co_rules *r = res->rules;
	size_t nrank = r->mode == CO_MODE_TOP_N ? 1 : r->ns;
	for (size_t s = 0; s < nrank; s++) {
		size_t n;
		const co_cand *c = ranking_of(res, r->mode == CO_MODE_TOP_N ? -1 : (long)s, &n);
		long mine = -1, won = -1;
		for (size_t k = 0; k < n; k++) {
			if (c[k].entry == e)
				mine = c[k].rank;
			if (r->mode != CO_MODE_TOP_N && (long)c[k].entry == res->schemes[s].awarded)
				won = c[k].rank;
		}
		if (mine < 0)
			continue;
		if (r->mode == CO_MODE_TOP_N ? mine <= r->n
		                             : res->schemes[s].status != CO_SCHEME_AWARDED || mine <= won)
			return 1;
	}
	return 0;
}

/* The entry of res that entry k of the re-run is. */
static size_t origin(const co_result *again, size_t k)
{
	return again->from_entry[k];
}

static int copy_entries(size_t **out, const co_result *again, const size_t *from, size_t n)
{
	*out = malloc((n ? n : 1) * sizeof(size_t));
	if (!*out)
		return CO_ERROR;
	for (size_t k = 0; k < n; k++)
		(*out)[k] = origin(again, from[k]);
	return 0;
}

/* 1 when open item o of result x (its entry mapped by map, NULL for none) is among y's. */
static int open_in(const co_open *o, const co_result *x, const co_result *y, int x_is_again)
{
	for (size_t k = 0; k < y->nopen; k++) {
		const co_open *p = &y->open[k];
		long a = o->entry, b = p->entry;
		if (x_is_again && a >= 0)
			a = (long)origin(x, (size_t)a);
		else if (!x_is_again && b >= 0)
			b = (long)origin(y, (size_t)b);
		if (p->kind == o->kind && p->scheme == o->scheme && a == b && p->count == o->count)
			return 1;
	}
	return 0;
}

/* What the re-run leaves open that the result does not, or the other way, in words; "" when the same; NULL when out of memory. */
static char *open_differs(const co_result *res, const co_result *again)
{
	for (size_t k = 0; k < again->nopen; k++) {
		const co_open *o = &again->open[k];
		if (open_in(o, again, res, 1))
			continue;
		if (o->kind == CO_OPEN_ABNORMALLY_LOW)
			return co_strdupf("without it, %s would be awarded with an abnormally low price and no investigation "
			                  "recorded, so the award would be provisional",
			                  res->entries[origin(again, (size_t)o->entry)].bid->id);
		return co_strdupf("without it, the award would be provisional: a tie would be left to a person");
	}
	for (size_t k = 0; k < res->nopen; k++)
		if (!open_in(&res->open[k], res, again, 0))
			return co_strdupf("without it, the award would be the same but no longer provisional in the same way");
	return strdup("");
}

/* The award of the re-run, in the result's entries, and whether it is the result's own. */
static int compare(co_challenge_bid *b, const co_result *res, const co_result *again)
{
	const co_rules *r = res->rules;
	int same = 1;
	if (r->mode == CO_MODE_TOP_N) {
		if (copy_entries(&b->awarded, again, again->awarded, again->nawarded) ||
		    copy_entries(&b->tied, again, again->tied, again->ntied))
			return CO_ERROR;
		b->nawarded = again->nawarded;
		b->ntied = again->ntied;
		same = b->nawarded == res->nawarded && b->ntied == res->ntied;
		for (size_t k = 0; same && k < b->nawarded; k++)
			same = b->awarded[k] == res->awarded[k];
		for (size_t k = 0; same && k < b->ntied; k++)
			same = b->tied[k] == res->tied[k]; /* both by bid id */
	} else {
		b->scheme_awarded = malloc((r->ns ? r->ns : 1) * sizeof(long));
		b->scheme_status = malloc(r->ns ? r->ns : 1);
		if (!b->scheme_awarded || !b->scheme_status)
			return CO_ERROR;
		for (size_t s = 0; s < r->ns; s++) {
			const co_scheme_result *sr = &again->schemes[s];
			b->scheme_awarded[s] = sr->awarded >= 0 ? (long)origin(again, (size_t)sr->awarded) : -1;
			b->scheme_status[s] = (unsigned char)sr->status;
			same &= b->scheme_awarded[s] == res->schemes[s].awarded && sr->status == res->schemes[s].status;
		}
	}
	b->verdict = same ? CO_CHALLENGE_SAME : CO_CHALLENGE_CHANGES;
	/* The same award, but not final where the result's is (or final where it is not): the check cannot say. */
	if (same && !(b->why = open_differs(res, again)))
		return CO_ERROR;
	if (same && *b->why)
		b->verdict = CO_CHALLENGE_UNDETERMINED;
	else if (same) {
		free(b->why);
		b->why = NULL;
	}
	/* Where the bid set the lowest price, the lowest without it, from the re-run's stage 4. */
	for (size_t l = 0; l < b->nlowest; l++) {
		co_challenge_lowest *lw = &b->lowest[l];
		size_t n;
		const co_cand *c = ranking_of(again, lw->scheme, &n);
		if (n > 0) {
			co_lowest_price(again, c, n, lw->item, lw->lowest_without);
			lw->has_lowest_without = 1;
		}
	}
	return 0;
}

/* The check for one bid: stages 4 and 5 again without it. */
static int check_bid(co_challenge_bid *b, const co_result *res)
{
	const co_entry *e = &res->entries[b->entry];
	if (e->supplier_bids > 1) {
		/* Without its file, its supplier's latest other bid would count: stages 1 to 3 would differ. */
		b->verdict = CO_CHALLENGE_UNDETERMINED;
		b->why = co_strdupf("without it, another bid of supplier %s (superseded by it) would count again, "
		                    "and the check does not evaluate that bid",
		                    e->bid->supplier_id);
		return b->why ? 0 : CO_ERROR;
	}
	co_diags *diags = co_diags_new();
	co_result *again = NULL;
	int rc = diags ? co_evaluate_without(&again, res, b->entry, diags) : CO_ERROR;
	if (!rc && co_diags_failed(diags))
		rc = CO_ERROR;
	if (!rc && co_decide_refused(again)) {
		b->verdict = CO_CHALLENGE_UNDETERMINED;
		b->why = co_strdupf("without it, an officer's decision would no longer fit (%s)",
		                    co_diags_count(diags) ? co_diags_at(diags, 0) : "refused");
		rc = b->why ? 0 : CO_ERROR;
	} else if (!rc) {
		rc = compare(b, res, again);
	}
	co_result_free(again);
	co_diags_free(diags);
	return rc;
}

/* 1 when the check must evaluate again without b: it sets a lowest price, moves a flag, or is tied at the award. */
static int worth_checking(const co_challenge_bid *b)
{
	return b->nlowest > 0 || b->nmedian > 0 || b->tied_at_award;
}

/*
 * The check. A losing bid b (ranked, not awarded) is evaluated again without it when it sets a
 * lowest price, when removing it changes another bid's abnormally-low flag, or when it is tied
 * with an awarded place. Any other cannot change the award: without it, stage 4 flags and rejects
 * the same bids in the same passes (median_passes), no lowest price moves, so every other bid's
 * price points and total are the same; stage 5 ranks the others in the same order, and as b was
 * ranked strictly below every awarded place (and, per_scheme, below each scheme's winner, and
 * held no scheme to count against a cap), every place of the award goes to the same bid, with
 * the same bids flagged, so the same open items. A supplier's other bid superseded by b is the
 * one exception, and is undetermined (check_bid).
 * Re-runs cost one evaluation of every bid in at stage 4; past CO_CHALLENGE_MAX_WORK a bid is
 * undetermined, with the reason. Bids that set a lowest price are run first.
 */
static int make(co_challenge **out, const co_result *res)
{
	const co_rules *r = res->rules;
	co_challenge *c = calloc(1, sizeof(*c));
	*out = c;
	if (!c)
		return CO_ERROR;
	if (mpq_sgn(r->wp) == 0 || r->price_scoring == CO_PS_FIXED) {
		c->reason = r->price_scoring == CO_PS_FIXED ? "price_scoring is fixed, so no price earns points relative to another"
		                                            : "the price weight is 0, so no price earns points";
		return 0;
	}
	c->applies = 1;
	size_t nlow = 0, in4 = 0, *slot = NULL;
	mpq_t *low = lowest_prices(res, &nlow);
	int rc = low ? 0 : CO_ERROR, agrees = 1;
	if (!rc && (!(c->bids = calloc(res->n ? res->n : 1, sizeof(*c->bids))) ||
	            !(slot = malloc((res->n ? res->n : 1) * sizeof(size_t)))))
		rc = CO_ERROR;
	/* Every losing bid, in document order, with what makes it worth checking. */
	for (size_t e = 0; !rc && e < res->n; e++) {
		slot[e] = SIZE_MAX;
		in4 += res->entries[e].stage >= 4;
	}
	for (size_t i = 0; !rc && i < res->n; i++) {
		size_t e = res->order[i];
		if (res->entries[e].status != CO_ST_RANKED)
			continue;
		co_challenge_bid *b = &c->bids[c->n];
		b->entry = e;
		slot[e] = c->n++; /* counted before it is filled, so that a failure frees what it holds */
		b->tied_at_award = tied_at_award(res, e);
		rc = lowest_set(res, e, low, b);
	}
	if (!rc && r->has_abnormally_low)
		rc = median_passes(res, slot, c->bids, &agrees);
	free(slot); /* needed no more: given back before the re-runs */
	slot = NULL;
	/* Those that cannot change the award are left out (or all are kept when the passes did not agree). */
	size_t kept = 0;
	for (size_t k = 0; !rc && k < c->n; k++) {
		if (agrees && !worth_checking(&c->bids[k])) {
			bid_free(&c->bids[k]);
			continue;
		}
		c->bids[kept++] = c->bids[k];
	}
	if (!rc) {
		memset(c->bids + kept, 0, (c->n - kept) * sizeof(*c->bids));
		c->n = kept;
		/* Every ranked losing bid had a record while the few worth checking were picked: give the rest back before the re-runs. */
		co_challenge_bid *fewer = realloc(c->bids, (kept ? kept : 1) * sizeof(*c->bids));
		if (fewer)
			c->bids = fewer;
	}
	size_t work = 0, cost = in4 > 0 ? in4 - 1 : 0;
	for (int pass = 0; !rc && pass < 2; pass++)
		for (size_t k = 0; !rc && k < c->n; k++) {
			co_challenge_bid *b = &c->bids[k];
			if ((b->nlowest > 0) != (pass == 0))
				continue;
			if (work + cost > CO_CHALLENGE_MAX_WORK) {
				b->verdict = CO_CHALLENGE_UNDETERMINED;
				b->why = co_strdupf("the check evaluates at most %u bids again in all, and %zu re-runs of the %zu bids in "
				                    "at the price stage came first",
				                    CO_CHALLENGE_MAX_WORK, c->reruns, cost);
				rc = b->why ? 0 : CO_ERROR;
			} else {
				work += cost;
				c->reruns++;
				rc = check_bid(b, res);
			}
			c->changes += b->verdict == CO_CHALLENGE_CHANGES;
			c->undetermined += b->verdict == CO_CHALLENGE_UNDETERMINED;
		}
	for (size_t k = 0; k < nlow; k++)
		mpq_clear(low[k]);
	free(low);
	free(slot);
	return rc;
}

int co_challenge_of(const co_challenge **out, const co_result *res)
{
	co_result *r = (co_result *)res; /* the cache only: the evaluation itself is never changed */
	void *have = atomic_load(&r->challenge);
	*out = NULL;
	if (!have) {
		co_challenge *c = NULL;
		if (make(&c, res)) {
			challenge_free(c);
			return CO_ERROR;
		}
		void *none = NULL;
		if (atomic_compare_exchange_strong(&r->challenge, &none, c)) {
			r->challenge_free = challenge_free; /* read only by co_result_free, after every document */
			have = c;
		} else {
			challenge_free(c); /* another document made it first */
			have = none;
		}
	}
	*out = have;
	return 0;
}

/* "B-1, B-2 and B-3" */
static void id_list(co_strbuf *b, const co_result *res, const size_t *entries, size_t n)
{
	for (size_t k = 0; k < n; k++)
		co_strbuf_put(b, "%s%s", k == 0 ? "" : k + 1 == n ? " and " : ", ", res->entries[entries[k]].bid->id);
}

/* The entries of a not in b (entries of a result of n entries), in a's order; SIZE_MAX when out of memory. */
static size_t minus(size_t *out, const size_t *a, size_t na, const size_t *b, size_t nb, size_t n)
{
	unsigned char *in_b = calloc(n ? n : 1, 1);
	size_t k = 0;
	if (!in_b)
		return SIZE_MAX;
	for (size_t j = 0; j < nb; j++)
		in_b[b[j]] = 1;
	for (size_t i = 0; i < na; i++)
		if (!in_b[a[i]])
			out[k++] = a[i];
	free(in_b);
	return k;
}

/* What a scheme's award is, in words: "go to B-3", "be left unawarded", "be tied, for a person to decide". */
static void scheme_outcome(co_strbuf *b, const co_result *res, int status, long awarded)
{
	if (status == CO_SCHEME_AWARDED)
		co_strbuf_put(b, "go to %s", res->entries[awarded].bid->id);
	else if (status == CO_SCHEME_TIE)
		co_strbuf_put(b, "be tied, for a person to decide");
	else
		co_strbuf_put(b, "be left unawarded");
}

static void top_n_change(co_strbuf *sb, const co_result *res, const co_challenge_bid *b)
{
	size_t *in = malloc((b->nawarded + 1) * sizeof(size_t)), *out = malloc((res->nawarded + 1) * sizeof(size_t));
	if (!in || !out) {
		sb->failed = 1;
		goto done;
	}
	size_t nin = minus(in, b->awarded, b->nawarded, res->awarded, res->nawarded, res->n);
	size_t nout = minus(out, res->awarded, res->nawarded, b->awarded, b->nawarded, res->n);
	if (nin == SIZE_MAX || nout == SIZE_MAX) {
		sb->failed = 1;
		goto done;
	}
	if (nin && nout) {
		id_list(sb, res, in, nin);
		co_strbuf_put(sb, " would be awarded instead of ");
		id_list(sb, res, out, nout);
	} else if (nin) {
		id_list(sb, res, in, nin);
		co_strbuf_put(sb, " would be awarded as well");
	} else if (nout) {
		id_list(sb, res, out, nout);
		co_strbuf_put(sb, " would no longer be awarded");
	} else {
		/* The same bids in another order: the first place that differs. */
		size_t k = 0;
		while (k + 1 < b->nawarded && b->awarded[k] == res->awarded[k])
			k++;
		if (b->nawarded && b->awarded[k] != res->awarded[k])
			co_strbuf_put(sb, "the same bids would be awarded in another order: %s would be ranked above %s",
			              res->entries[b->awarded[k]].bid->id, res->entries[res->awarded[k]].bid->id);
	}
	int tie_differs = b->ntied != res->ntied;
	for (size_t k = 0; !tie_differs && k < b->ntied; k++)
		tie_differs = b->tied[k] != res->tied[k];
	if (tie_differs) {
		co_strbuf_put(sb, "%s", sb->len && sb->s[sb->len - 1] != ' ' ? "; " : "");
		if (b->ntied) {
			co_strbuf_put(sb, "the tie left to a person would be among ");
			id_list(sb, res, b->tied, b->ntied);
		} else
			co_strbuf_put(sb, "no tie would be left to a person");
	}
done:
	free(in);
	free(out);
}

static char *bid_sentence(const co_result *res, const co_challenge_bid *b)
{
	const co_rules *r = res->rules;
	co_strbuf sb = {0};
	int parts = (b->nlowest > 0) + (b->nmedian > 0) + b->tied_at_award, part = 0;
	co_strbuf_put(&sb, "Without %s", res->entries[b->entry].bid->id);
	if (parts)
		co_strbuf_put(&sb, ", which ");
	if (b->nlowest > 0) {
		co_strbuf_put(&sb, "sets the lowest ");
		for (size_t l = 0; l < b->nlowest; l++) {
			const co_challenge_lowest *lw = &b->lowest[l];
			char *p = co_strbuf_need(&sb, co_num_format(lw->price, 2));
			co_strbuf_put(&sb, "%s%s price", l == 0 ? "" : l + 1 == b->nlowest ? " and the lowest " : ", the lowest ",
			              r->prices[lw->item].id);
			if (lw->scheme >= 0)
				co_strbuf_put(&sb, " in %s", r->schemes[lw->scheme].id);
			co_strbuf_put(&sb, " (%s)", p ? p : "");
			free(p);
		}
		part++;
	}
	if (b->nmedian > 0) {
		co_strbuf_put(&sb, "%s", part == 0 ? "" : part + 1 == parts ? " and " : ", ");
		co_strbuf_put(&sb, "moves the abnormally-low median ");
		for (size_t l = 0; l < b->nmedian; l++) {
			const co_challenge_median *md = &b->median[l];
			char *m = co_strbuf_need(&sb, co_num_format(md->median, 2));
			char *w = co_strbuf_need(&sb, co_num_format(md->median_without, 2));
			co_strbuf_put(&sb, "%sof %s from %s to %s", l == 0 ? "" : l + 1 == b->nmedian ? " and " : ", ",
			              r->prices[md->item].id, m ? m : "", w ? w : "");
			free(m);
			free(w);
		}
		co_strbuf_put(&sb, ", which changes which bids are abnormally low");
		part++;
	}
	if (b->tied_at_award)
		co_strbuf_put(&sb, "%sis tied with a place of the award", part == 0 ? "" : " and ");
	co_strbuf_put(&sb, ", ");
	if (b->verdict == CO_CHALLENGE_UNDETERMINED)
		co_strbuf_put(&sb, "the check cannot say: %s.", b->why);
	else if (b->verdict == CO_CHALLENGE_SAME)
		co_strbuf_put(&sb, "the award would be the same.");
	else if (r->mode == CO_MODE_TOP_N) {
		top_n_change(&sb, res, b);
		co_strbuf_put(&sb, ".");
	} else {
		int first = 1;
		for (size_t s = 0; s < r->ns; s++) {
			const co_scheme_result *sr = &res->schemes[s];
			if (b->scheme_awarded[s] == sr->awarded && b->scheme_status[s] == sr->status)
				continue;
			co_strbuf_put(&sb, "%s%s would ", first ? "" : "; ", r->schemes[s].id);
			scheme_outcome(&sb, res, b->scheme_status[s], b->scheme_awarded[s]);
			co_strbuf_put(&sb, " instead of ");
			scheme_outcome(&sb, res, sr->status, sr->awarded);
			first = 0;
		}
		co_strbuf_put(&sb, ".");
	}
	return co_strbuf_take(&sb);
}

char *co_challenge_sentence(const co_result *res, const co_challenge *c, size_t k)
{
	return bid_sentence(res, &c->bids[k]);
}

const char *co_challenge_summary(const co_challenge *c)
{
	if (!c->applies || c->changes)
		return NULL;
	return c->n == 0 ? "No bid that did not win changes the award: none sets a lowest price, moves an abnormally-low "
	                   "flag or is tied with a place of the award."
	       : c->undetermined ? "No bid that did not win is found to change the award, but for some the check cannot say "
	                           "(below), so it does not show that none would."
	                         : "No bid that did not win changes the award.";
}

char *co_challenge_text(const co_result *res, const co_challenge *c)
{
	co_strbuf sb = {0};
	if (!c->applies)
		co_strbuf_put(&sb, "The check does not apply: %s.\n", c->reason);
	else if (c->changes == 0)
		co_strbuf_put(&sb, "%s\n", co_challenge_summary(c));
	for (size_t k = 0; c->applies && k < c->n; k++) {
		char *s = co_strbuf_need(&sb, co_challenge_sentence(res, c, k));
		co_strbuf_put(&sb, "%s\n", s ? s : "");
		free(s);
	}
	return co_strbuf_take(&sb);
}

static json_t *jstr(const char *s)
{
	return s ? json_string(s) : json_null();
}

static json_t *jnum(const mpq_t q)
{
	char *s = co_num_format(q, 2);
	json_t *v = s ? json_string(s) : NULL;
	free(s);
	return v;
}

static json_t *ids(const co_result *res, const size_t *entries, size_t n, int *failed)
{
	json_t *a = json_array();
	for (size_t k = 0; a && k < n; k++)
		co_json_append(a, jstr(res->entries[entries[k]].bid->id), failed);
	if (!a)
		*failed = 1;
	return a;
}

static const char *verdict_name(co_challenge_verdict v)
{
	return v == CO_CHALLENGE_SAME ? "no_change" : v == CO_CHALLENGE_CHANGES ? "changes" : "undetermined";
}

static json_t *bid_json(const co_result *res, const co_challenge_bid *b, int *failed)
{
	const co_rules *r = res->rules;
	json_t *o = json_object(), *lows = json_array();
	co_json_set(o, "bid", jstr(res->entries[b->entry].bid->id), failed);
	for (size_t l = 0; lows && l < b->nlowest; l++) {
		const co_challenge_lowest *lw = &b->lowest[l];
		json_t *lo = json_object();
		co_json_set(lo, "item", json_string(r->prices[lw->item].id), failed);
		if (lw->scheme >= 0)
			co_json_set(lo, "scheme", json_string(r->schemes[lw->scheme].id), failed);
		co_json_set(lo, "price", jnum(lw->price), failed);
		co_json_set(lo, "lowest_without", lw->has_lowest_without ? jnum(lw->lowest_without) : json_null(), failed);
		co_json_append(lows, lo, failed);
	}
	co_json_set(o, "sets_lowest", lows, failed);
	json_t *meds = json_array();
	for (size_t l = 0; meds && l < b->nmedian; l++) {
		const co_challenge_median *md = &b->median[l];
		json_t *mo = json_object();
		co_json_set(mo, "item", json_string(r->prices[md->item].id), failed);
		co_json_set(mo, "median", jnum(md->median), failed);
		co_json_set(mo, "median_without", jnum(md->median_without), failed);
		co_json_append(meds, mo, failed);
	}
	co_json_set(o, "moves_abnormally_low", meds, failed);
	co_json_set(o, "tied_at_award", json_boolean(b->tied_at_award), failed);
	co_json_set(o, "verdict", json_string(verdict_name(b->verdict)), failed);
	if (b->verdict == CO_CHALLENGE_UNDETERMINED) {
		co_json_set(o, "why", jstr(b->why), failed);
	} else if (b->verdict == CO_CHALLENGE_SAME) {
		/* the award without it is the document's own "awarded" and "tie_unresolved" (or "schemes") */
	} else if (r->mode == CO_MODE_TOP_N) {
		size_t *in = malloc((b->nawarded + 1) * sizeof(size_t)), *out = malloc((res->nawarded + 1) * sizeof(size_t));
		if (!in || !out)
			*failed = 1;
		else {
			size_t nin = minus(in, b->awarded, b->nawarded, res->awarded, res->nawarded, res->n);
			size_t nout = minus(out, res->awarded, res->nawarded, b->awarded, b->nawarded, res->n);
			if (nin == SIZE_MAX || nout == SIZE_MAX)
				*failed = 1;
			else {
				co_json_set(o, "awarded_instead", ids(res, in, nin, failed), failed);
				co_json_set(o, "instead_of", ids(res, out, nout, failed), failed);
			}
		}
		free(in);
		free(out);
		co_json_set(o, "awarded_without", ids(res, b->awarded, b->nawarded, failed), failed);
		co_json_set(o, "tie_unresolved_without", ids(res, b->tied, b->ntied, failed), failed);
	} else {
		json_t *ss = json_array();
		for (size_t s = 0; ss && s < r->ns; s++) {
			json_t *so = json_object();
			co_json_set(so, "id", json_string(r->schemes[s].id), failed);
			co_json_set(so, "status", json_string(co_scheme_status_name(b->scheme_status[s])), failed);
			co_json_set(so, "awarded",
			            b->scheme_awarded[s] >= 0 ? jstr(res->entries[b->scheme_awarded[s]].bid->id) : json_null(),
			            failed);
			co_json_append(ss, so, failed);
		}
		co_json_set(o, "schemes_without", ss, failed);
	}
	char *s = bid_sentence(res, b);
	co_json_set(o, "sentence", s ? json_string(s) : NULL, failed);
	free(s);
	return o;
}

json_t *co_challenge_json(const co_result *res, const co_challenge *c)
{
	int failed = 0;
	json_t *o = json_object(), *bids = json_array();
	co_json_set(o, "applies", json_boolean(c->applies), &failed);
	if (!c->applies)
		co_json_set(o, "reason", json_string(c->reason), &failed);
	co_json_set(o, "note",
	            json_string("Analytics: for each bid that did not win and could change the award (it sets a lowest "
	                        "price, or removing it moves an abnormally-low median so that another bid's flag changes, or "
	                        "it is tied with a place of the award), the award had its file not been given (stages 4 "
	                        "and 5 run again without it); no other losing bid can change the award. It never changes "
	                        "the award."),
	            &failed);
	for (size_t k = 0; bids && k < c->n; k++)
		co_json_append(bids, bid_json(res, &c->bids[k], &failed), &failed);
	co_json_set(o, "bids", bids, &failed);
	co_json_set(o, "changes", json_integer((json_int_t)c->changes), &failed);
	co_json_set(o, "undetermined", json_integer((json_int_t)c->undetermined), &failed);
	if (failed) {
		json_decref(o);
		return NULL;
	}
	return o;
}
