/* The challenge check: would the award change without a bid that did not win but sets a lowest price? */
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
	size_t nlow = 0;
	mpq_t *low = lowest_prices(res, &nlow);
	int rc = low ? 0 : CO_ERROR;
	if (!rc && !(c->bids = calloc(res->n ? res->n : 1, sizeof(*c->bids))))
		rc = CO_ERROR;
	for (size_t i = 0; !rc && i < res->n; i++) {
		size_t e = res->order[i];
		if (res->entries[e].status != CO_ST_RANKED)
			continue;
		co_challenge_bid *b = &c->bids[c->n];
		b->entry = e;
		c->n++; /* counted before it is filled, so that a failure frees what it holds */
		if ((rc = lowest_set(res, e, low, b)))
			break;
		if (b->nlowest == 0) {
			c->n--;
			bid_free(b);
			memset(b, 0, sizeof(*b));
			continue;
		}
		if ((rc = check_bid(b, res)))
			break;
		c->changes += b->verdict == CO_CHALLENGE_CHANGES;
		c->undetermined += b->verdict == CO_CHALLENGE_UNDETERMINED;
	}
	for (size_t k = 0; k < nlow; k++)
		mpq_clear(low[k]);
	free(low);
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
	co_strbuf_put(&sb, "Without %s, which sets the lowest ", res->entries[b->entry].bid->id);
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
	return c->n == 0 ? "No bid that did not win changes the award: none sets a lowest price."
	       : c->undetermined ? "No bid that did not win changes the award as far as the check can tell; for some it cannot say."
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
	            json_string("Analytics: for each bid that did not win and sets a lowest price, the award had its file "
	                        "not been given (stages 4 and 5 run again without it); it never changes the award."),
	            &failed);
	for (size_t k = 0; bids && k < c->n; k++)
		co_json_append(bids, bid_json(res, &c->bids[k], &failed), &failed);
	co_json_set(o, "bids", bids, &failed);
	co_json_set(o, "changes", json_integer((json_int_t)c->changes), &failed);
	if (failed) {
		json_decref(o);
		return NULL;
	}
	return o;
}
