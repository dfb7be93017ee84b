/* The result document (FORMATS.md section 5), written with jansson. */
#include "evaluating/quality.h"
#include "evaluating/price.h"
#include "analytics/challenge.h"
#include "base/jsontext.h"
#include "base/num.h"
#include "base/pathtext.h"
#include "rendering/reports.h"
#include "rendering/result_json.h"

#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* A string as valid UTF-8 (file paths need not be): each bad byte becomes U+FFFD. */
static json_t *jstr(const char *s)
{
	if (!s)
		return json_null();
	char *shown = co_pathtext_display(s);
	json_t *j = shown ? json_string(shown) : NULL;
	free(shown);
	return j;
}

static json_t *jnum(const mpq_t q, int decimals)
{
	char *s = co_num_format(q, decimals);
	json_t *j = s ? json_string(s) : NULL;
	free(s);
	return j;
}

static json_t *jratio(const co_ratio *r, int decimals)
{
	char *s = co_ratio_format(r, decimals);
	json_t *j = s ? json_string(s) : NULL;
	free(s);
	return j;
}

static json_t *jmark(const mpq_t q, int decimals)
{
	char *s = co_num_format_trim(q, decimals);
	json_t *j = s ? json_string(s) : NULL;
	free(s);
	return j;
}

/*
 * Every part is built with co_json_set and co_json_append: a value that could not be made (out
 * of memory) sets *failed instead of leaving its key out, and the document is then never written.
 */
static json_t *notes(const co_note *n, size_t count, int is_reason, int *failed)
{
	json_t *a = json_array();
	for (size_t i = 0; a && i < count; i++) {
		json_t *o = json_object();
		co_json_set(o, "code", json_string(n[i].code), failed);
		if (is_reason)
			co_json_set(o, "detail", jstr(n[i].detail), failed);
		if (n[i].subject)
			co_json_set(o, co_note_about_name(n[i].about), json_string(n[i].subject), failed);
		if (!is_reason)
			co_json_set(o, "detail", jstr(n[i].detail), failed);
		co_json_append(a, o, failed);
	}
	return a;
}

static json_t *bid_json(const co_result *res, const co_entry *e, int *failed)
{
	const co_rules *r = res->rules;
	int d = r->decimals, top_n = r->mode == CO_MODE_TOP_N;
	json_t *o = json_object();
	if (!o)
		return NULL;
	co_json_set(o, "bid", jstr(e->bid->id), failed);
	co_json_set(o, "supplier", jstr(e->bid->supplier_id), failed);
	co_json_set(o, "supplier_name", jstr(e->bid->supplier_name), failed);
	co_json_set(o, "file", jstr(e->bid->file), failed);
	co_json_set(o, "status", json_string(co_status_name(e->status)), failed);
	int ranked = e->status == CO_ST_RANKED || e->status == CO_ST_AWARDED;
	co_json_set(o, "rank", top_n && ranked ? json_integer(e->rank) : json_null(), failed);
	co_json_set(o, "quality", e->stage >= 3 ? jratio(&e->qp, d) : json_null(), failed);
	mpq_t pp, total;
	mpq_inits(pp, total, NULL);
	co_entry_totals(res, e, pp, total);
	co_json_set(o, "price", co_entry_priced(r, e) ? jnum(pp, d) : json_null(), failed);
	co_json_set(o, "total", co_entry_priced(r, e) ? jnum(total, d) : json_null(), failed);
	mpq_clears(pp, total, NULL);
	json_t *qs = json_array();
	mpq_t c, points;
	mpq_inits(c, points, NULL);
	for (size_t q = 0; qs && e->stage >= 3 && q < r->nq; q++) {
		json_t *qo = json_object();
		int has = co_entry_mark(res, e, q, c);
		if (has)
			co_question_points(r, q, c, points);
		co_json_set(qo, "id", json_string(r->questions[q].id), failed);
		co_json_set(qo, "mark", has ? jmark(c, d) : json_null(), failed);
		co_json_set(qo, "points", has ? jnum(points, d) : json_null(), failed);
		co_json_append(qs, qo, failed);
	}
	co_json_set(o, "questions", qs, failed);
	json_t *ps = json_array();
	for (size_t p = 0; ps && e->stage >= 2 && p < r->np; p++) {
		const co_price_entry *pe = &e->ps[p];
		json_t *po = json_object();
		co_entry_price(e, p, c);
		co_json_set(po, "item", json_string(r->prices[p].id), failed);
		co_json_set(po, "value", pe->state == CO_PRICE_OK        ? jnum(c, 2)
		                         : pe->state == CO_PRICE_INVALID ? jstr(pe->text)
		                                                         : json_null(), failed);
		co_json_set(po, "points", co_entry_item_points(res, e, p, points) ? jnum(points, d) : json_null(), failed);
		co_json_append(ps, po, failed);
	}
	mpq_clears(c, points, NULL);
	co_json_set(o, "prices", ps, failed);
	co_json_set(o, "reasons", notes(e->reasons, e->nreasons, 1, failed), failed);
	co_json_set(o, "flags", notes(e->flags, e->nflags, 0, failed), failed);
	if (!top_n) {
		json_t *aw = json_array();
		for (size_t s = 0; aw && s < r->ns; s++)
			if (res->schemes[s].awarded >= 0 && &res->entries[res->schemes[s].awarded] == e)
				co_json_append(aw, json_string(r->schemes[s].id), failed);
		co_json_set(o, "awarded_schemes", aw, failed);
	}
	return o;
}

static json_t *schemes_json(const co_result *res, int *failed)
{
	const co_rules *r = res->rules;
	json_t *a = json_array();
	for (size_t s = 0; a && s < r->ns; s++) {
		const co_scheme_result *sr = &res->schemes[s];
		json_t *o = json_object();
		co_json_set(o, "id", json_string(r->schemes[s].id), failed);
		co_json_set(o, "status", json_string(co_scheme_status_name(sr->status)), failed);
		co_json_set(o, "awarded", sr->awarded >= 0 ? jstr(res->entries[sr->awarded].bid->id) : json_null(), failed);
		if (r->max_schemes > 0) {
			long rank = 0;
			for (size_t k = 0; k < sr->n; k++)
				if ((long)sr->ranking[k].entry == sr->awarded)
					rank = sr->ranking[k].rank;
			co_json_set(o, "awarded_rank", rank ? json_integer(rank) : json_null(), failed);
			co_json_set(o, "moved_by_cap", json_boolean(sr->moved), failed);
			co_json_set(o, "cap_reason", sr->why ? jstr(sr->why) : json_null(), failed);
		}
		json_t *rk = json_array();
		for (size_t k = 0; rk && k < sr->n; k++) {
			json_t *c = json_object();
			co_json_set(c, "bid", jstr(res->entries[sr->ranking[k].entry].bid->id), failed);
			co_json_set(c, "rank", json_integer(sr->ranking[k].rank), failed);
			co_json_set(c, "price", jratio(&sr->ranking[k].pp, r->decimals), failed);
			co_json_set(c, "total", jratio(&sr->ranking[k].total, r->decimals), failed);
			co_json_append(rk, c, failed);
		}
		co_json_set(o, "ranking", rk, failed);
		co_json_append(a, o, failed);
	}
	return a;
}

/* What is still open (docs/formats-notes.md "Provisional until decided"), in res->open's order. */
static json_t *open_json(const co_result *res, int *failed)
{
	json_t *a = json_array();
	for (size_t k = 0; a && k < res->nopen; k++) {
		const co_open *op = &res->open[k];
		json_t *o = json_object(), *bids = json_array();
		size_t n, *es = co_open_entries(res, op, &n);
		if (!es)
			*failed = 1;
		co_json_set(o, "kind", json_string(op->kind == CO_OPEN_ABNORMALLY_LOW ? "abnormally_low" : "tie"), failed);
		if (op->kind == CO_OPEN_TIE)
			co_json_set(o, "places", json_integer((json_int_t)op->count), failed);
		if (op->kind == CO_OPEN_SCHEME_TIE)
			co_json_set(o, "scheme", json_string(res->rules->schemes[op->scheme].id), failed);
		if (op->kind == CO_OPEN_ABNORMALLY_LOW) {
			const co_entry *e = &res->entries[op->entry];
			json_t *items = json_array();
			for (uint32_t f = 0; items && f < e->nflags; f++)
				if (strcmp(e->flags[f].code, "abnormally_low") == 0 && e->flags[f].subject)
					co_json_append(items, json_string(e->flags[f].subject), failed);
			co_json_set(o, "bid", jstr(e->bid->id), failed);
			co_json_set(o, "items", items, failed);
			json_decref(bids);
		} else {
			for (size_t i = 0; es && bids && i < n; i++)
				co_json_append(bids, jstr(res->entries[es[i]].bid->id), failed);
			co_json_set(o, "bids", bids, failed);
		}
		free(es);
		co_json_append(a, o, failed);
	}
	return a;
}

/* The officer's decisions, in the file's order: who, when and why, and each kind's own keys. */
static json_t *decisions_json(const co_result *res, int *failed)
{
	static const char *const outcomes[] = {"accepted", "rejected"};
	const co_decisions *ds = res->decisions;
	json_t *a = json_array();
	for (size_t k = 0; a && ds && k < ds->n; k++) {
		const co_decision *d = &ds->d[k];
		json_t *o = json_object();
		co_json_set(o, "id", jstr(d->id), failed);
		co_json_set(o, "kind", json_string(co_decision_kind_name(d->kind)), failed);
		co_json_set(o, "by", jstr(d->by), failed);
		co_json_set(o, "at", jstr(d->at_text), failed);
		co_json_set(o, "reason", jstr(d->reason), failed);
		switch (d->kind) {
		case CO_DEC_TIE: {
			json_t *aw = json_array();
			if (d->scheme >= 0)
				co_json_set(o, "scheme", json_string(res->rules->schemes[d->scheme].id), failed);
			for (size_t i = 0; aw && i < d->naward; i++)
				co_json_append(aw, jstr(d->award[i]), failed);
			co_json_set(o, "award", aw, failed);
			break;
		}
		case CO_DEC_ABNORMALLY_LOW:
			co_json_set(o, "bid", jstr(d->bid), failed);
			co_json_set(o, "outcome", json_string(outcomes[d->rejected != 0]), failed);
			break;
		case CO_DEC_EXCLUSION:
			co_json_set(o, "bid", jstr(d->bid), failed);
			co_json_set(o, "ground", json_string(co_ground_name(d->ground)), failed);
			break;
		case CO_DEC_SUBMITTED:
			co_json_set(o, "bid", jstr(d->bid), failed);
			co_json_set(o, "received", jstr(d->received_text), failed);
			break;
		case CO_DEC_MODERATION:
			break;
		}
		co_json_append(a, o, failed);
	}
	return a;
}

/* An analytics number: rounded to 6 places (stable bytes), or null with the reason beside it. */
static void stat(json_t *o, const char *key, int defined, double v, const char *reason, const char *reason_key,
                 int *failed)
{
	if (defined) {
		double r = round(v * 1e6) / 1e6;
		co_json_set(o, key, json_real(r == 0.0 ? 0.0 : r), failed);
	} else {
		co_json_set(o, key, json_null(), failed);
		co_json_set(o, reason_key, json_string(reason), failed);
	}
}

static json_t *panel_json(const co_result *res, int *failed)
{
	const co_rules *r = res->rules;
	json_t *p = json_object(), *qs = json_array(), *evs = json_array();
	for (size_t q = 0; qs && q < r->nq; q++) {
		const co_question_agreement *a = &res->agreement[q];
		json_t *o = json_object();
		co_json_set(o, "id", json_string(r->questions[q].id), failed);
		stat(o, "alpha_ordinal", a->ordinal.defined, a->ordinal.value, a->ordinal.reason, "alpha_ordinal_note", failed);
		stat(o, "alpha_interval", a->interval.defined, a->interval.value, a->interval.reason, "alpha_interval_note",
		     failed);
		co_json_set(o, "pairable", json_integer((json_int_t)a->pairable), failed);
		co_json_append(qs, o, failed);
	}
	for (size_t c = 0; evs && c < res->marks->nev; c++) {
		const co_evaluator_leniency *l = &res->leniency[c];
		json_t *o = json_object();
		co_json_set(o, "id", json_string(res->marks->evaluators[c]), failed);
		stat(o, "leniency", l->defined, l->leniency, l->reason, "leniency_note", failed);
		co_json_set(o, "marks", json_integer((json_int_t)l->marks), failed);
		co_json_append(evs, o, failed);
	}
	co_json_set(p, "note", json_string("Analytics in floating point, rounded to 6 places; they never change the award."),
	            failed);
	co_json_set(p, "questions", qs, failed);
	co_json_set(p, "evaluators", evs, failed);
	return p;
}

/* The challenge check (analytics, after every key of FORMATS): NULL when it could not be made. */
static json_t *challenge_json(const co_result *res)
{
	const co_challenge *c;
	return co_challenge_of(&c, res) ? NULL : co_challenge_json(res, c);
}

/* The bids, one at a time, into the template's one hole. */
static int fill_bids(void *arg, size_t hole, co_json_items *items)
{
	const co_result *res = arg;
	(void)hole;
	for (size_t i = 0; i < res->n; i++) {
		int failed = 0;
		json_t *bid = bid_json(res, &res->entries[res->order[i]], &failed);
		co_json_item(items, bid, failed);
	}
	return 0;
}

/* The document with its bids left as one hole when streaming (bids_hole), else whole. */
static int build(json_t **out, const co_result *res, int bids_hole, int *failed)
{
	const co_rules *r = res->rules;
	json_t *root = json_object(), *comp = json_object(), *bids = json_array();
	json_t *awarded = json_array(), *tied = json_array();
	co_json_set(root, "format", json_string("calloff-result/1"), failed);
	co_json_set(comp, "id", json_string(r->id), failed);
	co_json_set(comp, "lot", json_string(r->lot_id), failed);
	co_json_set(comp, "mode", json_string(co_mode_name(r->mode)), failed);
	co_json_set(comp, "n", r->mode == CO_MODE_TOP_N ? json_integer(r->n) : json_null(), failed);
	co_json_set(root, "competition", comp, failed);
	co_json_set(root, "decimals", json_integer(r->decimals), failed);
	co_json_set(root, "final", json_boolean(co_result_final(res)), failed);
	co_json_set(root, "open", open_json(res, failed), failed);
	if (bids_hole)
		co_json_append(bids, co_json_hole(0), failed);
	for (size_t i = 0; !bids_hole && bids && !*failed && i < res->n; i++)
		co_json_append(bids, bid_json(res, &res->entries[res->order[i]], failed), failed);
	co_json_set(root, "bids", bids, failed);
	for (size_t i = 0; awarded && i < res->nawarded; i++)
		co_json_append(awarded, jstr(res->entries[res->awarded[i]].bid->id), failed);
	co_json_set(root, "awarded", awarded, failed);
	for (size_t i = 0; tied && i < res->ntied; i++)
		co_json_append(tied, jstr(res->entries[res->tied[i]].bid->id), failed);
	co_json_set(root, "tie_unresolved", tied, failed);
	if (r->mode == CO_MODE_PER_SCHEME)
		co_json_set(root, "schemes", schemes_json(res, failed), failed);
	if (res->agreement)
		co_json_set(root, "panel", panel_json(res, failed), failed);
	co_json_set(root, "decisions", decisions_json(res, failed), failed);
	co_json_set(root, "challenge", challenge_json(res), failed);
	*out = root;
	return *failed || !root ? CO_ERROR : 0;
}

int co_result_json_build(json_t **out, const co_result *res, int *failed)
{
	return build(out, res, 0, failed);
}

void co_result_json_to(co_strbuf *b, const co_result *res)
{
	json_t *root = NULL;
	int failed = 0;
	if (build(&root, res, 1, &failed) == 0)
		co_json_stream(b, root, JSON_REAL_PRECISION(10), 1, fill_bids, (void *)res);
	else
		b->failed = 1;
	json_decref(root);
}

int co_result_json(char **out, const co_result *res)
{
	co_strbuf b = {0};
	co_result_json_to(&b, res);
	*out = co_strbuf_take(&b);
	return *out ? 0 : CO_ERROR;
}
