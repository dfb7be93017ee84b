/* The result document (FORMATS.md section 5), written with jansson. */
#include "evaluating/quality.h"
#include "evaluating/price.h"
#include "base/jsontext.h"
#include "base/num.h"

#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Length of the valid UTF-8 sequence at p (1 to 4), or 0 when the bytes there are not one. */
static size_t utf8_len(const unsigned char *p)
{
	if (p[0] < 0x80)
		return 1;
	if (p[0] >= 0xC2 && p[0] <= 0xDF)
		return (p[1] & 0xC0) == 0x80 ? 2 : 0;
	if (p[0] >= 0xE0 && p[0] <= 0xEF) {
		unsigned lo = p[0] == 0xE0 ? 0xA0 : 0x80, hi = p[0] == 0xED ? 0x9F : 0xBF;
		return p[1] >= lo && p[1] <= hi && (p[2] & 0xC0) == 0x80 ? 3 : 0;
	}
	if (p[0] >= 0xF0 && p[0] <= 0xF4) {
		unsigned lo = p[0] == 0xF0 ? 0x90 : 0x80, hi = p[0] == 0xF4 ? 0x8F : 0xBF;
		return p[1] >= lo && p[1] <= hi && (p[2] & 0xC0) == 0x80 && (p[3] & 0xC0) == 0x80 ? 4 : 0;
	}
	return 0;
}

/* A string as valid UTF-8 (file paths need not be): each bad byte becomes U+FFFD. */
static json_t *jstr(const char *s)
{
	if (!s)
		return json_null();
	size_t len = strlen(s);
	char *out = malloc(len * 3 + 1), *o = out;
	if (!out)
		return NULL;
	for (const unsigned char *p = (const unsigned char *)s; *p;) {
		size_t n = utf8_len(p);
		if (n) {
			memcpy(o, p, n);
			o += n;
			p += n;
		} else {
			memcpy(o, "\xEF\xBF\xBD", 3);
			o += 3;
			p++;
		}
	}
	*o = '\0';
	json_t *j = json_string(out);
	free(out);
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

static json_t *notes(const co_note *n, size_t count, int is_reason)
{
	json_t *a = json_array();
	for (size_t i = 0; i < count; i++) {
		json_t *o = json_object();
		json_object_set_new(o, "code", json_string(n[i].code));
		if (is_reason)
			json_object_set_new(o, "detail", jstr(n[i].detail));
		if (n[i].subject)
			json_object_set_new(o, co_note_about_name(n[i].about), json_string(n[i].subject));
		if (!is_reason)
			json_object_set_new(o, "detail", jstr(n[i].detail));
		json_array_append_new(a, o);
	}
	return a;
}

static json_t *bid_json(const co_result *res, const co_entry *e)
{
	const co_rules *r = res->rules;
	int d = r->decimals, top_n = r->mode == CO_MODE_TOP_N;
	json_t *o = json_object();
	json_object_set_new(o, "bid", jstr(e->bid->id));
	json_object_set_new(o, "supplier", jstr(e->bid->supplier_id));
	json_object_set_new(o, "supplier_name", jstr(e->bid->supplier_name));
	json_object_set_new(o, "file", jstr(e->bid->file));
	json_object_set_new(o, "status", json_string(co_status_name(e->status)));
	int ranked = e->status == CO_ST_RANKED || e->status == CO_ST_AWARDED;
	json_object_set_new(o, "rank", top_n && ranked ? json_integer(e->rank) : json_null());
	json_object_set_new(o, "quality", e->stage >= 3 ? jratio(&e->qp, d) : json_null());
	mpq_t pp, total;
	mpq_inits(pp, total, NULL);
	co_entry_totals(res, e, pp, total);
	json_object_set_new(o, "price", top_n && e->stage >= 4 ? jnum(pp, d) : json_null());
	json_object_set_new(o, "total", top_n && e->stage >= 4 ? jnum(total, d) : json_null());
	mpq_clears(pp, total, NULL);
	json_t *qs = json_array();
	mpq_t c, points;
	mpq_inits(c, points, NULL);
	for (size_t q = 0; e->stage >= 3 && q < r->nq; q++) {
		json_t *qo = json_object();
		int has = co_entry_mark(res, e, q, c);
		if (has)
			co_question_points(r, q, c, points);
		json_object_set_new(qo, "id", json_string(r->questions[q].id));
		json_object_set_new(qo, "mark", has ? jmark(c, d) : json_null());
		json_object_set_new(qo, "points", has ? jnum(points, d) : json_null());
		json_array_append_new(qs, qo);
	}
	json_object_set_new(o, "questions", qs);
	json_t *ps = json_array();
	for (size_t p = 0; e->stage >= 2 && p < r->np; p++) {
		const co_price_entry *pe = &e->ps[p];
		json_t *po = json_object();
		co_entry_price(e, p, c);
		json_object_set_new(po, "item", json_string(r->prices[p].id));
		json_object_set_new(po, "value", pe->state == CO_PRICE_OK        ? jnum(c, 2)
		                                 : pe->state == CO_PRICE_INVALID ? jstr(pe->text)
		                                                                 : json_null());
		json_object_set_new(po, "points", co_entry_item_points(res, e, p, points) ? jnum(points, d) : json_null());
		json_array_append_new(ps, po);
	}
	mpq_clears(c, points, NULL);
	json_object_set_new(o, "prices", ps);
	json_object_set_new(o, "reasons", notes(e->reasons, e->nreasons, 1));
	json_object_set_new(o, "flags", notes(e->flags, e->nflags, 0));
	if (!top_n) {
		json_t *aw = json_array();
		for (size_t s = 0; s < r->ns; s++)
			if (res->schemes[s].awarded >= 0 && &res->entries[res->schemes[s].awarded] == e)
				json_array_append_new(aw, json_string(r->schemes[s].id));
		json_object_set_new(o, "awarded_schemes", aw);
	}
	return o;
}

static json_t *schemes_json(const co_result *res)
{
	const co_rules *r = res->rules;
	json_t *a = json_array();
	for (size_t s = 0; s < r->ns; s++) {
		const co_scheme_result *sr = &res->schemes[s];
		json_t *o = json_object();
		json_object_set_new(o, "id", json_string(r->schemes[s].id));
		json_object_set_new(o, "status", json_string(co_scheme_status_name(sr->status)));
		json_object_set_new(o, "awarded", sr->awarded >= 0 ? jstr(res->entries[sr->awarded].bid->id) : json_null());
		if (r->max_schemes > 0) {
			long rank = 0;
			for (size_t k = 0; k < sr->n; k++)
				if ((long)sr->ranking[k].entry == sr->awarded)
					rank = sr->ranking[k].rank;
			json_object_set_new(o, "awarded_rank", rank ? json_integer(rank) : json_null());
			json_object_set_new(o, "moved_by_cap", json_boolean(sr->moved));
			json_object_set_new(o, "cap_reason", sr->why ? jstr(sr->why) : json_null());
		}
		json_t *rk = json_array();
		for (size_t k = 0; k < sr->n; k++) {
			json_t *c = json_object();
			json_object_set_new(c, "bid", jstr(res->entries[sr->ranking[k].entry].bid->id));
			json_object_set_new(c, "rank", json_integer(sr->ranking[k].rank));
			json_object_set_new(c, "price", jratio(&sr->ranking[k].pp, r->decimals));
			json_object_set_new(c, "total", jratio(&sr->ranking[k].total, r->decimals));
			json_array_append_new(rk, c);
		}
		json_object_set_new(o, "ranking", rk);
		json_array_append_new(a, o);
	}
	return a;
}

/* An analytics number: rounded to 6 places (stable bytes), or null with the reason beside it. */
static void stat(json_t *o, const char *key, int defined, double v, const char *reason, const char *reason_key)
{
	if (defined) {
		double r = round(v * 1e6) / 1e6;
		json_object_set_new(o, key, json_real(r == 0.0 ? 0.0 : r));
	} else {
		json_object_set_new(o, key, json_null());
		json_object_set_new(o, reason_key, json_string(reason));
	}
}

static json_t *panel_json(const co_result *res)
{
	const co_rules *r = res->rules;
	json_t *p = json_object(), *qs = json_array(), *evs = json_array();
	for (size_t q = 0; q < r->nq; q++) {
		const co_question_agreement *a = &res->agreement[q];
		json_t *o = json_object();
		json_object_set_new(o, "id", json_string(r->questions[q].id));
		stat(o, "alpha_ordinal", a->ordinal.defined, a->ordinal.value, a->ordinal.reason, "alpha_ordinal_note");
		stat(o, "alpha_interval", a->interval.defined, a->interval.value, a->interval.reason, "alpha_interval_note");
		json_object_set_new(o, "pairable", json_integer((json_int_t)a->pairable));
		json_array_append_new(qs, o);
	}
	for (size_t c = 0; c < res->marks->nev; c++) {
		const co_evaluator_leniency *l = &res->leniency[c];
		json_t *o = json_object();
		json_object_set_new(o, "id", json_string(res->marks->evaluators[c]));
		stat(o, "leniency", l->defined, l->leniency, l->reason, "leniency_note");
		json_object_set_new(o, "marks", json_integer((json_int_t)l->marks));
		json_array_append_new(evs, o);
	}
	json_object_set_new(p, "note", json_string("Analytics in floating point, rounded to 6 places; they never change the award."));
	json_object_set_new(p, "questions", qs);
	json_object_set_new(p, "evaluators", evs);
	return p;
}

int co_result_json(char **out, const co_result *res)
{
	const co_rules *r = res->rules;
	json_t *root = json_object(), *comp = json_object(), *bids = json_array();
	json_t *awarded = json_array(), *tied = json_array();
	*out = NULL;
	if (!root || !comp || !bids || !awarded || !tied) {
		json_decref(root);
		json_decref(comp);
		json_decref(bids);
		json_decref(awarded);
		json_decref(tied);
		return CO_ERROR;
	}
	json_object_set_new(root, "format", json_string("calloff-result/1"));
	json_object_set_new(comp, "id", json_string(r->id));
	json_object_set_new(comp, "lot", json_string(r->lot_id));
	json_object_set_new(comp, "mode", json_string(co_mode_name(r->mode)));
	json_object_set_new(comp, "n", r->mode == CO_MODE_TOP_N ? json_integer(r->n) : json_null());
	json_object_set_new(root, "competition", comp);
	json_object_set_new(root, "decimals", json_integer(r->decimals));
	for (size_t i = 0; i < res->n; i++)
		json_array_append_new(bids, bid_json(res, &res->entries[res->order[i]]));
	json_object_set_new(root, "bids", bids);
	for (size_t i = 0; i < res->nawarded; i++)
		json_array_append_new(awarded, jstr(res->entries[res->awarded[i]].bid->id));
	json_object_set_new(root, "awarded", awarded);
	for (size_t i = 0; i < res->ntied; i++)
		json_array_append_new(tied, jstr(res->entries[res->tied[i]].bid->id));
	json_object_set_new(root, "tie_unresolved", tied);
	if (r->mode == CO_MODE_PER_SCHEME)
		json_object_set_new(root, "schemes", schemes_json(res));
	if (res->agreement)
		json_object_set_new(root, "panel", panel_json(res));
	*out = co_json_text(root, JSON_REAL_PRECISION(10));
	json_decref(root);
	return *out ? 0 : CO_ERROR;
}
