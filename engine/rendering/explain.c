/* Explain: the derivation of one bid's result, stage by stage, with every number exact. */
#include "base/diag.h"
#include "evaluating/evaluation.h"
#include "base/jsontext.h"
#include "base/num.h"
#include "base/strbuf.h"

#include <jansson.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

/* {"exact": "p/q", "value": "d.dd"}: the exact rational and its display. */
static json_t *jq(const mpq_t q, int decimals)
{
	char *e = co_num_exact(q), *v = co_num_format(q, decimals);
	json_t *o = json_object();
	json_object_set_new(o, "exact", json_string(e ? e : ""));
	json_object_set_new(o, "value", json_string(v ? v : ""));
	free(e);
	free(v);
	return o;
}

/* jq of a stored rational. */
static json_t *jr(const co_ratio *r, int decimals)
{
	mpq_t q;
	mpq_init(q);
	co_ratio_get(q, r);
	json_t *o = jq(q, decimals);
	mpq_clear(q);
	return o;
}

static json_t *jfmt(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static json_t *jfmt(const char *fmt, ...)
{
	char *s = NULL;
	va_list ap;
	va_start(ap, fmt);
	int n = vasprintf(&s, fmt, ap);
	va_end(ap);
	json_t *j = n >= 0 ? json_string(s) : json_null();
	free(n >= 0 ? s : NULL);
	return j ? j : json_string("(text not shown: not valid UTF-8)");
}

static json_t *check(const char *name, int passed, json_t *evidence)
{
	json_t *o = json_object();
	json_object_set_new(o, "check", json_string(name));
	json_object_set_new(o, "passed", json_boolean(passed));
	json_object_set_new(o, "evidence", evidence);
	return o;
}

static json_t *stage(const char *name, int reached, int passed)
{
	json_t *o = json_object();
	json_object_set_new(o, "stage", json_string(name));
	json_object_set_new(o, "result", json_string(!reached ? "not reached" : passed ? "passed" : "failed"));
	json_object_set_new(o, "checks", json_array());
	return o;
}

static void add_check(json_t *st, json_t *c)
{
	json_array_append_new(json_object_get(st, "checks"), c);
}

static int has_reason(const co_entry *e, const char *code)
{
	for (size_t i = 0; i < e->nreasons; i++)
		if (strcmp(e->reasons[i].code, code) == 0)
			return 1;
	return 0;
}

static json_t *admissibility(const co_result *res, const co_entry *e)
{
	const co_rules *r = res->rules;
	json_t *st = stage("admissibility", 1, e->status != CO_ST_REJECTED);
	if (e->bid->invalid) {
		add_check(st, check("well-formed and valid against the bid schema", 0, json_string(e->bid->invalid_detail)));
		return st;
	}
	add_check(st, check("well-formed and valid against the bid schema", 1, json_string("yes")));
	size_t same_id = 0, same_supplier = 0;
	for (size_t i = 0; i < res->n; i++) {
		const co_bid *b = res->entries[i].bid;
		same_id += b->id && strcmp(b->id, e->bid->id) == 0;
		same_supplier += b->supplier_id && !b->invalid && strcmp(b->supplier_id, e->bid->supplier_id) == 0;
	}
	add_check(st, check("bid id used by one file only", same_id == 1,
	                    jfmt("bid id '%s' is used by %zu file(s)", e->bid->id, same_id)));
	if (has_reason(e, "duplicate_submission") && same_id == 1)
		add_check(st, check("latest submission of the supplier is unique", 0,
		                    jfmt("the supplier's latest two bids share the timestamp %s", e->bid->submitted_text)));
	if (same_id > 1)
		return st;
	add_check(st, check("for this competition", strcmp(e->bid->competition, r->id) == 0,
	                    jfmt("the bid says '%s'; this evaluation is '%s'", e->bid->competition, r->id)));
	if (r->has_deadline)
		add_check(st, check("submitted by the deadline", !has_reason(e, "late"),
		                    jfmt("submitted %s; deadline %s", e->bid->submitted_text, r->deadline_text)));
	if (same_supplier > 1 && !has_reason(e, "duplicate_submission"))
		add_check(st, check("the supplier's latest bid", !has_reason(e, "superseded"),
		                    jfmt("supplier %s sent %zu bids; the latest submitted counts", e->bid->supplier_id,
		                         same_supplier)));
	return st;
}

static json_t *compliance(const co_result *res, const co_entry *e)
{
	const co_rules *r = res->rules;
	json_t *st = stage("compliance", e->stage >= 2, e->stage >= 3);
	if (e->stage < 2)
		return st;
	for (size_t g = 0; g < r->ngates; g++) {
		const co_gate_decl *d = &co_entry_gates(r, e)[g];
		int ok = d->value == CO_DECL_TRUE || d->value == CO_DECL_ONE;
		char name[128];
		snprintf(name, sizeof(name), "gate %s", r->gates[g].id);
		add_check(st, check(name, ok,
		                    d->value != CO_DECL_NONE ? jfmt("declared '%s' (line %d)", co_decl_word(d), (int)d->line)
		                                             : jfmt("no declaration")));
	}
	for (size_t q = 0; q < r->nq; q++) {
		const co_question *qu = &r->questions[q];
		size_t words = co_entry_answers(r, e)[q].words;
		int over = qu->max_words > 0 && words > (size_t)qu->max_words;
		char name[128];
		snprintf(name, sizeof(name), "response %s", qu->id);
		json_t *ev = qu->max_words > 0 ? jfmt("%zu words; limit %ld%s", words, qu->max_words,
		                                      over ? (r->word_limit_disqualify ? " (disqualifies)" : " (flag only)") : "")
		                               : jfmt("%zu words; no limit", words);
		add_check(st, check(name, words > 0 && !(over && r->word_limit_disqualify), ev));
	}
	for (size_t i = 0; i < r->np; i++) {
		const co_price_item *it = &r->prices[i];
		const co_price_entry *pe = &e->ps[i];
		char name[128], *max = co_num_format(it->max, 2);
		snprintf(name, sizeof(name), "price %s", it->id);
		if (pe->state == CO_PRICE_MISSING) {
			add_check(st, check(name, 0, jfmt("no price")));
		} else if (pe->state == CO_PRICE_INVALID) {
			add_check(st, check(name, 0, jfmt("'%s' is not a positive amount with at most 2 decimal places", pe->text)));
		} else {
			int fixed = r->price_scoring == CO_PS_FIXED && it->scored;
			mpq_t v;
			mpq_init(v);
			co_entry_price(e, i, v);
			int ok = mpq_cmp(v, it->max) <= 0 && (!fixed || mpq_equal(v, it->max));
			mpq_clear(v);
			add_check(st, check(name, ok, jfmt("%s against %s %s", pe->text, fixed ? "the fixed price" : "the maximum", max)));
		}
		free(max);
	}
	if (r->mode == CO_MODE_PER_SCHEME) {
		json_t *ids = json_array();
		for (size_t s = 0; s < r->ns; s++)
			if (co_entry_schemes(r, e)[s])
				json_array_append_new(ids, json_string(r->schemes[s].id));
		add_check(st, check("bids for a scheme of the competition", json_array_size(ids) > 0,
		                    json_array_size(ids) ? jfmt("%zu scheme(s)", json_array_size(ids)) : jfmt("none")));
		json_object_set_new(st, "schemes", ids);
	}
	return st;
}

static const char *consensus_name(co_consensus c)
{
	return c == CO_CONS_MEDIAN ? "median" : c == CO_CONS_MEAN ? "mean" : "moderated";
}

static json_t *question(const co_result *res, const co_entry *e, size_t q)
{
	const co_rules *r = res->rules;
	const co_question *qu = &r->questions[q];
	const co_qmarks *qm = co_marks_question(e->marks, q);
	json_t *o = json_object(), *evs = json_array();
	mpq_t mark, points;
	mpq_inits(mark, points, NULL);
	co_entry_mark(res, e, q, mark);
	co_question_points(r, q, mark, points);
	json_object_set_new(o, "id", json_string(qu->id));
	if (qu->title)
		json_object_set_new(o, "title", json_string(qu->title));
	json_object_set_new(o, "weight", jq(qu->weight, 2));
	for (size_t k = 0; qm && k < qm->n; k++) {
		json_t *m = json_object();
		const char *why = co_marks_rationale(e->marks, qm, k);
		json_object_set_new(m, "evaluator", json_string(res->marks->evaluators[co_qmarks_marks(e->marks, qm)[k].evaluator]));
		json_object_set_new(m, "mark", json_integer(co_qmarks_marks(e->marks, qm)[k].value));
		json_object_set_new(m, "rationale", why ? json_string(why) : json_null());
		json_array_append_new(evs, m);
	}
	json_object_set_new(o, "evaluators", evs);
	if (qm && qm->has_moderated) {
		json_t *m = json_object();
		json_object_set_new(m, "mark", json_integer(qm->moderated));
		const char *why = co_marks_moderated_rationale(e->marks, qm);
		json_object_set_new(m, "rationale", why ? json_string(why) : json_null());
		json_object_set_new(o, "moderated", m);
	} else {
		json_object_set_new(o, "moderated", json_null());
	}
	const char *rule = qm && qm->has_moderated ? "the moderated mark" : consensus_name(r->consensus);
	json_object_set_new(o, "consensus_rule", json_string(rule));
	json_object_set_new(o, "consensus", jq(mark, r->decimals));
	char *c = co_num_exact(mark), *wq = co_num_exact(r->wq), *w = co_num_exact(qu->weight);
	json_object_set_new(o, "formula", jfmt("Wq x (wq / 100) x (c / M) = %s x (%s / 100) x (%s / %ld)%s", wq, w, c,
	                                       co_rules_max_mark(r), r->each_score ? ", rounded (each_score)" : ""));
	json_object_set_new(o, "points", jq(points, r->decimals));
	int has = qu->has_min_mark || r->has_min_mark;
	if (has)
		json_object_set_new(o, "min_mark", json_integer(qu->has_min_mark ? qu->min_mark : r->min_mark));
	free(c);
	free(wq);
	free(w);
	mpq_clears(mark, points, NULL);
	return o;
}

static json_t *quality(const co_result *res, const co_entry *e)
{
	const co_rules *r = res->rules;
	json_t *st = stage("quality", e->stage >= 3, e->stage >= 4);
	if (e->stage < 3)
		return st;
	json_t *qs = json_array();
	for (size_t q = 0; q < r->nq; q++)
		json_array_append_new(qs, question(res, e, q));
	json_object_set_new(st, "questions", qs);
	json_object_set_new(st, "quality_points", jr(&e->qp, r->decimals));
	if (mpq_sgn(r->wq) > 0) {
		mpq_t pct;
		mpq_init(pct);
		co_entry_quality_percent(res, e, pct);
		json_object_set_new(st, "quality_percent", jq(pct, r->decimals));
		if (r->has_min_quality) {
			char *m = co_num_format_trim(r->min_quality, 9), *p = co_num_format(pct, r->decimals);
			add_check(st, check("quality at least min_quality", mpq_cmp(pct, r->min_quality) >= 0,
			                    jfmt("%s%% against %s%%", p, m)));
			free(m);
			free(p);
		}
		mpq_clear(pct);
	}
	mpq_t c;
	mpq_init(c);
	for (size_t q = 0; q < r->nq; q++) {
		const co_question *qu = &r->questions[q];
		if (!qu->has_min_mark && !r->has_min_mark)
			continue;
		long floor = qu->has_min_mark ? qu->min_mark : r->min_mark;
		co_entry_mark(res, e, q, c);
		char name[128], *m = co_num_format_trim(c, r->decimals);
		snprintf(name, sizeof(name), "%s at least its minimum mark", qu->id);
		add_check(st, check(name, mpq_cmp_si(c, floor, 1) >= 0,
		                    jfmt("consensus %s against %ld (%s)", m, floor, qu->has_min_mark ? "the question's own" : "thresholds.min_mark")));
		free(m);
	}
	mpq_clear(c);
	return st;
}

/* Price items for one set of candidates (the lot, or one scheme), recomputed with the scoring's own formula. */
static json_t *price_items(const co_result *res, const co_entry *e, const co_cand *cands, size_t n)
{
	const co_rules *r = res->rules;
	static const char *const methods[] = {"lowest_ratio", "linear_to_max", "fixed"};
	json_t *items = json_array();
	mpq_t lowest, price, f, pts;
	mpq_inits(lowest, price, f, pts, NULL);
	for (size_t i = 0; i < r->np; i++) {
		const co_price_item *it = &r->prices[i];
		json_t *o = json_object();
		co_entry_price(e, i, price);
		json_object_set_new(o, "item", json_string(it->id));
		json_object_set_new(o, "p", jq(price, 2));
		json_object_set_new(o, "X", jq(it->max, 2));
		if (!it->scored || !co_prices_scored(r)) {
			json_object_set_new(o, "scored", json_false());
			json_array_append_new(items, o);
			continue;
		}
		co_lowest_price(res, cands, n, i, lowest);
		co_item_points(r, i, lowest, price, f, pts);
		json_object_set_new(o, "scored", json_true());
		json_object_set_new(o, "method", json_string(methods[r->price_scoring]));
		json_object_set_new(o, "weight", jq(it->weight, 2));
		json_object_set_new(o, "L", jq(lowest, 2));
		json_object_set_new(o, "f", jq(f, 9));
		char *wp = co_num_exact(r->wp), *w = co_num_exact(it->weight), *fx = co_num_exact(f);
		json_object_set_new(o, "formula", jfmt("Wp x (w / 100) x f = %s x (%s / 100) x %s%s", wp, w, fx,
		                                       r->each_score ? ", rounded (each_score)" : ""));
		json_object_set_new(o, "points", jq(pts, r->decimals));
		free(wp);
		free(w);
		free(fx);
		json_array_append_new(items, o);
	}
	mpq_clears(lowest, price, f, pts, NULL);
	return items;
}

static const char *key_name(const co_rules *r, int k, char *buf, size_t n)
{
	if (k == -1)
		return "the total";
	const co_tiebreak *t = &r->tie_break[k];
	static const char *const names[] = {"tie-break key quality", "tie-break key price", "tie-break key lowest_price",
	                                    "tie-break key submitted"};
	if (t->kind == CO_TB_QUESTION) {
		snprintf(buf, n, "tie-break key question:%s", r->questions[t->question].id);
		return buf;
	}
	return names[t->kind];
}

/* How the bid at position i of a ranking stands against its neighbours. */
static json_t *neighbours(const co_result *res, const co_cand *c, size_t n, size_t i)
{
	json_t *a = json_array();
	for (int d = -1; d <= 1; d += 2) {
		if ((d < 0 && i == 0) || (d > 0 && i + 1 >= n))
			continue;
		const co_cand *o = &c[(long)i + d];
		int k = co_rank_first_difference(res, &c[i], o);
		char buf[128];
		json_t *x = json_object();
		json_object_set_new(x, "bid", json_string(res->entries[o->entry].bid->id));
		json_object_set_new(x, "rank", json_integer(o->rank));
		json_object_set_new(x, "position", json_string(d < 0 ? "above" : "below"));
		json_object_set_new(x, "separated_by", k == -2 ? json_null() : json_string(key_name(res->rules, k, buf, sizeof(buf))));
		json_object_set_new(x, "their_total", jr(&o->total, res->rules->decimals));
		json_object_set_new(x, "this_total", jr(&c[i].total, res->rules->decimals));
		if (k == -2)
			json_object_set_new(x, "note", json_string("tied on the total and every tie-break key"));
		json_array_append_new(a, x);
	}
	return a;
}

static json_t *price_and_award(const co_result *res, size_t idx, json_t *stages)
{
	const co_rules *r = res->rules;
	const co_entry *e = &res->entries[idx];
	json_t *st = stage("price", e->stage >= 4, e->stage >= 4), *aw = stage("award", e->stage >= 5, e->status == CO_ST_AWARDED);
	json_array_append_new(stages, st);
	json_array_append_new(stages, aw);
	if (e->stage < 4)
		return NULL;
	if (r->mode == CO_MODE_TOP_N) {
		size_t n = 0;
		co_cand *c = calloc(res->n + 1, sizeof(*c));
		if (!c)
			return NULL;
		for (size_t i = 0; i < res->n; i++)
			if (res->entries[i].status == CO_ST_RANKED || res->entries[i].status == CO_ST_AWARDED) {
				co_cand_init(&c[n], i);
				if (co_cand_totals(res, &c[n++])) {
					co_cands_free(c, n);
					return NULL;
				}
			}
		co_rank(res, c, n);
		json_object_set_new(st, "items", price_items(res, e, c, n));
		mpq_t pp, total;
		mpq_inits(pp, total, NULL);
		co_entry_totals(res, e, pp, total);
		json_object_set_new(st, "price_points", jq(pp, r->decimals));
		json_object_set_new(aw, "total", jq(total, r->decimals));
		mpq_clears(pp, total, NULL);
		json_object_set_new(aw, "formula", json_string("T = Qp + Pp"));
		json_object_set_new(aw, "rank", json_integer(e->rank));
		json_object_set_new(aw, "n", json_integer(r->n));
		for (size_t i = 0; i < n; i++)
			if (c[i].entry == idx)
				json_object_set_new(aw, "neighbours", neighbours(res, c, n, i));
		if (e->tie_boundary)
			json_object_set_new(aw, "boundary", json_string(r->at_boundary == CO_BOUNDARY_ADMIT_ALL ? "admit_all"
			                                                : r->at_boundary == CO_BOUNDARY_EXCLUDE_ALL ? "exclude_all"
			                                                                                           : "report"));
		co_cands_free(c, n);
		return NULL;
	}
	json_t *schemes = json_array();
	static const char *const st_names[] = {"awarded", "unawarded", "tie_unresolved"};
	for (size_t s = 0; s < r->ns; s++) {
		const co_scheme_result *sr = &res->schemes[s];
		for (size_t i = 0; i < sr->n; i++) {
			if (sr->ranking[i].entry != idx)
				continue;
			json_t *o = json_object();
			json_object_set_new(o, "scheme", json_string(r->schemes[s].id));
			json_object_set_new(o, "items", price_items(res, e, sr->ranking, sr->n));
			json_object_set_new(o, "price_points", jr(&sr->ranking[i].pp, r->decimals));
			json_object_set_new(o, "total", jr(&sr->ranking[i].total, r->decimals));
			json_object_set_new(o, "rank", json_integer(sr->ranking[i].rank));
			json_object_set_new(o, "scheme_status", json_string(st_names[sr->status]));
			json_object_set_new(o, "awarded_to_this_bid", json_boolean(sr->awarded == (long)idx));
			if (sr->why)
				json_object_set_new(o, "cap_reason", json_string(sr->why));
			json_object_set_new(o, "neighbours", neighbours(res, sr->ranking, sr->n, i));
			json_array_append_new(schemes, o);
		}
	}
	json_object_set_new(st, "schemes", json_incref(schemes));
	json_object_set_new(aw, "schemes", schemes);
	return NULL;
}

static json_t *notes_json(const co_note *n, size_t count)
{
	json_t *a = json_array();
	for (size_t i = 0; i < count; i++) {
		json_t *o = json_object();
		json_object_set_new(o, "code", json_string(n[i].code));
		const char *what = co_note_what(&n[i]);
		if (what)
			json_object_set_new(o, "about", json_string(what));
		json_object_set_new(o, "detail", jfmt("%s", n[i].detail));
		json_array_append_new(a, o);
	}
	return a;
}

static json_t *explain_json(const co_result *res, size_t idx)
{
	static const char *const status[] = {"in", "ranked", "awarded", "disqualified", "rejected"};
	const co_entry *e = &res->entries[idx];
	json_t *o = json_object(), *stages = json_array();
	json_object_set_new(o, "format", json_string("calloff-explain/1"));
	json_object_set_new(o, "competition", json_string(res->rules->id));
	json_object_set_new(o, "bid", e->bid->id ? jfmt("%s", e->bid->id) : json_null());
	json_object_set_new(o, "supplier", e->bid->supplier_id ? jfmt("%s", e->bid->supplier_id) : json_null());
	json_object_set_new(o, "supplier_name", e->bid->supplier_name ? jfmt("%s", e->bid->supplier_name) : json_null());
	json_object_set_new(o, "file", jfmt("%s", e->bid->file));
	json_object_set_new(o, "status", json_string(status[e->status]));
	json_object_set_new(o, "decimals", json_integer(res->rules->decimals));
	json_array_append_new(stages, admissibility(res, e));
	json_array_append_new(stages, compliance(res, e));
	json_array_append_new(stages, quality(res, e));
	price_and_award(res, idx, stages);
	json_object_set_new(o, "stages", stages);
	json_object_set_new(o, "reasons", notes_json(e->reasons, e->nreasons));
	json_object_set_new(o, "flags", notes_json(e->flags, e->nflags));
	return o;
}

/* ---- the text form, rendered from the document above ---- */

static const char *str(const json_t *o, const char *k)
{
	const char *s = json_string_value(json_object_get(o, k));
	return s ? s : "-";
}

static const char *val(const json_t *o, const char *k)
{
	return str(json_object_get(o, k), "value");
}

static const char *exact(const json_t *o, const char *k)
{
	return str(json_object_get(o, k), "exact");
}

static void text_items(co_strbuf *b, const json_t *items, const char *indent)
{
	size_t i;
	json_t *it;
	json_array_foreach(items, i, it)
	{
		if (!json_is_true(json_object_get(it, "scored"))) {
			co_strbuf_put(b, "%s%s: p = %s, X = %s (not scored)\n", indent, str(it, "item"), val(it, "p"), val(it, "X"));
			continue;
		}
		co_strbuf_put(b, "%s%s (%s): p = %s, L = %s, X = %s, f = %s (%s)\n", indent, str(it, "item"), str(it, "method"),
		    val(it, "p"), val(it, "L"), val(it, "X"), exact(it, "f"), val(it, "f"));
		co_strbuf_put(b, "%s  points = %s = %s (%s)\n", indent, str(it, "formula"), exact(it, "points"), val(it, "points"));
	}
}

static void text_neighbours(co_strbuf *b, const json_t *ns, const char *indent)
{
	size_t i;
	json_t *x;
	json_array_foreach(ns, i, x)
	{
		const char *by = json_string_value(json_object_get(x, "separated_by"));
		co_strbuf_put(b, "%s%s %s (rank %lld, total %s): %s%s\n", indent, str(x, "position"), str(x, "bid"),
		    (long long)json_integer_value(json_object_get(x, "rank")), val(x, "their_total"),
		    by ? "separated by " : "", by ? by : str(x, "note"));
	}
}

static char *explain_text(const json_t *d)
{
	co_strbuf b = {0};
	size_t i, k;
	json_t *st, *c;
	co_strbuf_put(&b, "Bid %s from %s (%s)\nFile: %s\nCompetition: %s\nOutcome: %s\n", str(d, "bid"), str(d, "supplier_name"),
	    str(d, "supplier"), str(d, "file"), str(d, "competition"), str(d, "status"));
	json_array_foreach(json_object_get(d, "stages"), i, st)
	{
		co_strbuf_put(&b, "\n%zu. %s: %s\n", i + 1, str(st, "stage"), str(st, "result"));
		json_t *qs = json_object_get(st, "questions"), *q;
		json_array_foreach(qs, k, q)
		{
			size_t m;
			json_t *ev;
			co_strbuf_put(&b, "   %s%s%s (weight %s%%)\n", str(q, "id"), json_object_get(q, "title") ? " " : "",
			    json_object_get(q, "title") ? str(q, "title") : "", val(q, "weight"));
			json_array_foreach(json_object_get(q, "evaluators"), m, ev)
				co_strbuf_put(&b, "     %s: %lld  %s\n", str(ev, "evaluator"), (long long)json_integer_value(json_object_get(ev, "mark")),
				    str(ev, "rationale"));
			json_t *mod = json_object_get(q, "moderated");
			if (json_is_object(mod))
				co_strbuf_put(&b, "     moderated: %lld  %s\n", (long long)json_integer_value(json_object_get(mod, "mark")),
				    str(mod, "rationale"));
			co_strbuf_put(&b, "     consensus (%s): c = %s (%s)\n", str(q, "consensus_rule"), exact(q, "consensus"), val(q, "consensus"));
			co_strbuf_put(&b, "     points = %s = %s (%s)\n", str(q, "formula"), exact(q, "points"), val(q, "points"));
		}
		if (json_object_get(st, "quality_points"))
			co_strbuf_put(&b, "   Quality points Qp = %s (%s)%s%s%s\n", exact(st, "quality_points"), val(st, "quality_points"),
			    json_object_get(st, "quality_percent") ? ", quality " : "",
			    json_object_get(st, "quality_percent") ? val(st, "quality_percent") : "",
			    json_object_get(st, "quality_percent") ? "%" : "");
		if (json_object_get(st, "items")) {
			text_items(&b, json_object_get(st, "items"), "   ");
			co_strbuf_put(&b, "   Price points Pp = %s (%s)\n", exact(st, "price_points"), val(st, "price_points"));
		}
		if (json_object_get(st, "total")) {
			co_strbuf_put(&b, "   T = Qp + Pp = %s (%s); rank %lld (top %lld awarded)\n", exact(st, "total"), val(st, "total"),
			    (long long)json_integer_value(json_object_get(st, "rank")),
			    (long long)json_integer_value(json_object_get(st, "n")));
			if (json_object_get(st, "boundary"))
				co_strbuf_put(&b, "   tied across the boundary; at_boundary: %s\n", str(st, "boundary"));
			text_neighbours(&b, json_object_get(st, "neighbours"), "   ");
		}
		json_t *sc;
		if (strcmp(str(st, "stage"), "price") == 0)
			json_array_foreach(json_object_get(st, "schemes"), k, sc)
			{
				co_strbuf_put(&b, "   scheme %s:\n", str(sc, "scheme"));
				text_items(&b, json_object_get(sc, "items"), "     ");
				co_strbuf_put(&b, "     Pp = %s (%s)\n", exact(sc, "price_points"), val(sc, "price_points"));
			}
		if (strcmp(str(st, "stage"), "award") == 0)
			json_array_foreach(json_object_get(st, "schemes"), k, sc)
			{
				co_strbuf_put(&b, "   scheme %s: T = %s (%s), rank %lld; scheme %s%s\n", str(sc, "scheme"), exact(sc, "total"),
				    val(sc, "total"), (long long)json_integer_value(json_object_get(sc, "rank")), str(sc, "scheme_status"),
				    json_is_true(json_object_get(sc, "awarded_to_this_bid")) ? ", awarded to this bid" : "");
				if (json_object_get(sc, "cap_reason"))
					co_strbuf_put(&b, "     moved by the cap: %s\n", str(sc, "cap_reason"));
				text_neighbours(&b, json_object_get(sc, "neighbours"), "     ");
			}
		json_array_foreach(json_object_get(st, "checks"), k, c)
			co_strbuf_put(&b, "   [%s] %s: %s\n", json_is_true(json_object_get(c, "passed")) ? "pass" : "FAIL", str(c, "check"),
			    str(c, "evidence"));
	}
	const char *lists[] = {"reasons", "flags"};
	for (int l = 0; l < 2; l++) {
		json_t *a = json_object_get(d, lists[l]);
		if (!json_array_size(a))
			continue;
		co_strbuf_put(&b, "\n%s:\n", l ? "Flags" : "Reasons");
		json_array_foreach(a, k, c)
			co_strbuf_put(&b, "   %s%s%s: %s\n", str(c, "code"), json_object_get(c, "about") ? " " : "",
			    json_object_get(c, "about") ? str(c, "about") : "", str(c, "detail"));
	}
	return co_strbuf_take(&b);
}

int co_result_explain(char **out, const co_result *res, const char *bid, int as_json, co_diags *diags)
{
	long found = -1;
	size_t matches = 0;
	*out = NULL;
	for (size_t i = 0; i < res->n; i++) {
		const co_bid *b = res->entries[i].bid;
		if (strcmp(b->file, bid) == 0) {
			found = (long)i;
			matches = 1;
			break;
		}
		if (b->id && strcmp(b->id, bid) == 0) {
			found = (long)i;
			matches++;
		}
	}
	if (matches == 0) {
		co_diag_add(diags, bid, 1, 1, "no bid has this id or file path in the evaluation");
		return CO_EINVALID;
	}
	if (matches > 1) {
		co_diag_add(diags, bid, 1, 1, "%zu bid files use this id; give the file path instead", matches);
		return CO_EINVALID;
	}
	json_t *doc = explain_json(res, (size_t)found);
	if (!doc)
		return CO_ERROR;
	char *text = NULL;
	if (as_json) {
		text = co_json_text(doc, 0);
	} else if (co_json_for_terminal(doc) == 0) { /* the text is for a terminal: what came from an input is shown safely */
		text = explain_text(doc);
	}
	json_decref(doc);
	if (!text)
		return CO_ERROR;
	*out = text;
	return 0;
}
