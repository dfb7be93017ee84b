/*
 * Explain: the derivation of one bid's result, stage by stage, with every number exact. Every
 * verdict shown is the engine's own: a check failed when its stage gave the bid the reason for
 * it, and the evidence is what the stage recorded (the entry's answers, declarations, prices and
 * counts, the ranking stage 5 made); nothing is decided again here.
 */
#include "analytics/challenge.h"
#include "base/diag.h"
#include "evaluating/readbids.h"
#include "evaluating/admissibility.h"
#include "evaluating/quality.h"
#include "evaluating/price.h"
#include "evaluating/ranking.h"
#include "base/jsontext.h"
#include "base/num.h"
#include "base/strbuf.h"
#include "base/utf8.h"
#include "rendering/reports.h"

#include <jansson.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

/*
 * The document being built: the result it explains, whether anything could not be added (and
 * the status of a rationale that could not be read back), and the buffer rationales are read into.
 */
typedef struct {
	const co_result *res;
	int failed, rc;
	co_strbuf why;
} builder;

/* A mark's rationale as JSON: read back from the marks file, or null when not kept; NULL when it cannot be read. */
static json_t *rationale(builder *d, int rc, const char *why)
{
	if (rc) {
		d->rc = d->rc ? d->rc : rc;
		return NULL;
	}
	return why ? json_string(why) : json_null();
}

static void set(builder *d, json_t *o, const char *key, json_t *v)
{
	co_json_set(o, key, v, &d->failed);
}

static void append(builder *d, json_t *a, json_t *v)
{
	co_json_append(a, v, &d->failed);
}

/* 1 when q rounded half up to `decimals` places is q itself. */
static int exact_at(const mpq_t q, int decimals)
{
	mpq_t t;
	mpq_init(t);
	co_num_round(t, q, decimals);
	int same = mpq_equal(t, q);
	mpq_clear(t);
	return same;
}

/*
 * A number as a person reads it: itself when it is whole or a decimal that ends within 9 places
 * ("85", "7.5"); else the exact fraction with its decimal to 6 places beside it, so that a
 * fraction is never shown alone: "155/216 = 0.717593 (to 6 places)", or as a term inside a
 * formula "155/216 (0.717593)". The caller frees; NULL when out of memory.
 */
static char *words(const mpq_t q, int term)
{
	if (exact_at(q, 9))
		return co_num_format_trim(q, 9);
	char *s = NULL, *e = co_num_exact(q), *v = co_num_format(q, 6);
	if (e && v && asprintf(&s, term ? "%s (%s)" : "%s = %s (to 6 places)", e, v) < 0)
		s = NULL;
	free(e);
	free(v);
	return s;
}

/* A JSON string of words(q, term), passing on what it was made from; NULL when out of memory. */
static json_t *jwords(const mpq_t q, int term)
{
	char *w = words(q, term);
	json_t *j = w ? json_string(w) : NULL;
	free(w);
	return j;
}

/*
 * {"exact": "p/q", "value": "d.dd", "words": ..., "rounded": bool}: the exact rational, its
 * display at `decimals` places (as result.json shows it), the same for a person (words()), and
 * whether the display is rounded; NULL when out of memory.
 */
static json_t *jq(builder *d, const mpq_t q, int decimals)
{
	char *e = co_num_exact(q), *v = co_num_format(q, decimals);
	json_t *o = e && v ? json_object() : NULL;
	set(d, o, "exact", e ? json_string(e) : NULL);
	set(d, o, "value", v ? json_string(v) : NULL);
	set(d, o, "words", jwords(q, 0));
	set(d, o, "rounded", json_boolean(!exact_at(q, decimals)));
	free(e);
	free(v);
	return o;
}

/* jq of a stored rational. */
static json_t *jr(builder *d, const co_ratio *r, int decimals)
{
	mpq_t q;
	mpq_init(q);
	co_ratio_get(q, r);
	json_t *o = jq(d, q, decimals);
	mpq_clear(q);
	return o;
}

/*
 * A formatted string. A text that is not valid UTF-8 (a file path may not be) is shown as a
 * note saying so; NULL only when out of memory.
 */
static json_t *jfmt(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static json_t *jfmt(const char *fmt, ...)
{
	char *s = NULL;
	va_list ap;
	va_start(ap, fmt);
	int n = vasprintf(&s, fmt, ap);
	va_end(ap);
	if (n < 0)
		return NULL;
	json_t *j = co_utf8_valid(s) ? json_string(s) : json_string("(text not shown: not valid UTF-8)");
	free(s);
	return j;
}

/* The first note of the bid's reasons (or flags) with this code about this subject (NULL: any subject); NULL when none. */
static const co_note *find(const co_entry *e, co_note_kind kind, const char *code, co_note_about about,
                           const char *subject)
{
	const co_note *n = kind == CO_FLAG ? e->flags : e->reasons;
	size_t count = kind == CO_FLAG ? e->nflags : e->nreasons;
	for (size_t i = 0; i < count; i++)
		if ((!code || strcmp(n[i].code, code) == 0) && (!subject || (n[i].about == about && n[i].subject &&
		                                                              strcmp(n[i].subject, subject) == 0)))
			return &n[i];
	return NULL;
}

static json_t *check(builder *d, const char *name, int passed, json_t *evidence)
{
	json_t *o = json_object();
	set(d, o, "check", json_string(name));
	set(d, o, "passed", json_boolean(passed));
	set(d, o, "evidence", evidence);
	return o;
}

static json_t *stage(builder *d, const char *name, int reached, int passed)
{
	json_t *o = json_object();
	set(d, o, "stage", json_string(name));
	set(d, o, "result", json_string(!reached ? "not reached" : passed ? "passed" : "failed"));
	set(d, o, "checks", json_array());
	return o;
}

static void add_check(builder *d, json_t *st, json_t *c)
{
	append(d, json_object_get(st, "checks"), c);
}

/*
 * What decision dec did to this bid, in words: a tie decision awards it or leaves it out; any
 * other says what it did (co_decision_text). NULL when out of memory.
 */
static json_t *effect(builder *d, const co_decision *dec, const co_entry *e)
{
	if (dec->kind == CO_DEC_TIE && dec->scheme >= 0)
		return jfmt("%s scheme %s to this bid", co_decision_awards(dec, e) ? "awards" : "does not award",
		            d->res->rules->schemes[dec->scheme].id);
	if (dec->kind == CO_DEC_TIE)
		return jfmt("%s this bid (of the bids tied across the top-%ld boundary)",
		            co_decision_awards(dec, e) ? "awards" : "does not award", d->res->rules->n);
	char *t = co_decision_text(d->res, dec);
	json_t *j = t ? jfmt("%s", t) : NULL;
	free(t);
	return j;
}

/*
 * The decisions of this kind that touch the bid (the moderation sign-off: when the bid has a
 * question flagged for moderation), into the stage they belong to: who, when, why, and what each
 * did to the bid. Returns the first of them, or NULL.
 */
static const co_decision *stage_decisions(builder *d, json_t *st, const co_entry *e, co_decision_kind kind)
{
	const co_decisions *ds = d->res->decisions;
	const co_decision *first = NULL;
	json_t *a = NULL;
	for (size_t k = 0; ds && k < ds->n; k++) {
		const co_decision *dec = &ds->d[k];
		if (dec->kind != kind)
			continue;
		if (kind == CO_DEC_MODERATION ? !find(e, CO_FLAG, "needs_moderation", CO_ABOUT_BID, NULL)
		                              : !co_decision_touches(d->res, dec, e))
			continue;
		json_t *o = json_object();
		set(d, o, "id", jfmt("%s", dec->id));
		set(d, o, "kind", json_string(co_decision_kind_name(kind)));
		set(d, o, "by", jfmt("%s", dec->by));
		set(d, o, "at", jfmt("%s", dec->at_text));
		set(d, o, "reason", jfmt("%s", dec->reason));
		set(d, o, "effect", effect(d, dec, e));
		if (!a)
			a = json_array();
		append(d, a, o);
		first = first ? first : dec;
	}
	if (a)
		set(d, st, "decisions", a);
	return first;
}

/* "decision D2 (A. Officer, 2026-12-03T10:00:00Z): reason", as the stages' notes quote a decision. */
static json_t *quote(const co_decision *dec)
{
	return jfmt("decision %s (%s, %s): %s", dec->id, dec->by, dec->at_text, dec->reason);
}

/* The open item this bid is in (what is still to be decided about it), in words, into the stage; kinds: of that kind. */
static void stage_open(builder *d, json_t *st, const co_entry *e, int abnormally_low)
{
	const co_result *res = d->res;
	for (size_t k = 0; k < res->nopen; k++) {
		const co_open *o = &res->open[k];
		if ((o->kind == CO_OPEN_ABNORMALLY_LOW) != abnormally_low)
			continue;
		size_t n, *es = co_open_entries(res, o, &n);
		int in = 0;
		if (!es) {
			d->failed = 1;
			return;
		}
		for (size_t i = 0; i < n; i++)
			in |= &res->entries[es[i]] == e;
		free(es);
		if (!in)
			continue;
		char *t = co_open_text(res, o);
		set(d, st, "open", t ? jfmt("%s; the award is provisional until it is decided", t) : NULL);
		free(t);
		return;
	}
}

static json_t *admissibility(builder *d, const co_entry *e)
{
	const co_rules *r = d->res->rules;
	const co_bid *b = e->bid;
	json_t *st = stage(d, "admissibility", 1, e->status != CO_ST_REJECTED);
	const char *schema = "well-formed and valid against the bid schema";
	stage_decisions(d, st, e, CO_DEC_SUBMITTED);
	if (b->invalid) {
		add_check(d, st, check(d, schema, 0, json_string(b->invalid_detail)));
		return st;
	}
	add_check(d, st, check(d, schema, 1, json_string("yes")));
	/* The time that counts (a correction decision, the receipt log, or the bid's own), as stage 1 judged it. */
	co_when when = co_entry_when(d->res, (size_t)(e - d->res->entries));
	/* Stage 1 recorded how many files in contention carry the id, and rejected them all when more than one. */
	add_check(d, st, check(d, "bid id used by one file only", e->id_files <= 1,
	                       jfmt("bid id '%s' is used by %zu file(s)", b->id, (size_t)(e->id_files ? e->id_files : 1))));
	int duplicate = find(e, CO_REASON, "duplicate_submission", CO_ABOUT_BID, NULL) != NULL;
	if (duplicate && e->id_files <= 1)
		add_check(d, st, check(d, "latest submission of the supplier is unique", 0,
		                       jfmt("the supplier's latest two bids share the %s %s",
		                            when.source == CO_WHEN_DECLARED ? "timestamp" : "time of receipt", when.text)));
	if (e->id_files > 1)
		return st;
	add_check(d, st, check(d, "for this competition", !find(e, CO_REASON, "wrong_competition", CO_ABOUT_BID, NULL),
	                       jfmt("the bid says '%s'; this evaluation is '%s'", b->competition, r->id)));
	if (r->has_deadline)
		add_check(d, st, check(d, "submitted by the deadline", !find(e, CO_REASON, "late", CO_ABOUT_BID, NULL),
		                       when.source == CO_WHEN_DECLARED
		                           ? jfmt("submitted %s; deadline %s", b->submitted_text, r->deadline_text)
		                           : jfmt("received %s (%s, %s:%d:%d), the bid declares %s; deadline %s", when.text,
		                                  co_when_source_name(when.source), when.file, when.line, when.col,
		                                  b->submitted_text, r->deadline_text)));
	if (e->supplier_bids > 1 && !duplicate)
		add_check(d, st, check(d, "the supplier's latest bid", !find(e, CO_REASON, "superseded", CO_ABOUT_BID, NULL),
		                       jfmt("supplier %s sent %zu bids; the latest submitted counts", b->supplier_id,
		                            (size_t)e->supplier_bids)));
	return st;
}

static json_t *compliance(builder *d, const co_entry *e)
{
	const co_rules *r = d->res->rules;
	json_t *st = stage(d, "compliance", e->stage >= 2, e->stage >= 3);
	if (e->stage < 2)
		return st;
	char name[160];
	for (size_t g = 0; g < r->ngates; g++) {
		const co_gate_decl *dc = &co_entry_gates(r, e)[g];
		const char *id = r->gates[g].id;
		snprintf(name, sizeof(name), "gate %s", id);
		add_check(d, st, check(d, name, !find(e, CO_REASON, "gate_failed", CO_ABOUT_GATE, id),
		                       dc->value != CO_DECL_NONE ? jfmt("declared '%s' (line %d)", co_decl_word(dc), (int)dc->line)
		                                                 : jfmt("no declaration")));
	}
	for (size_t q = 0; q < r->nq; q++) {
		const co_question *qu = &r->questions[q];
		size_t words = co_entry_answers(r, e)[q].words;
		const co_note *over = find(e, CO_REASON, "over_word_limit", CO_ABOUT_QUESTION, qu->id);
		const co_note *flagged = find(e, CO_FLAG, "over_word_limit", CO_ABOUT_QUESTION, qu->id);
		snprintf(name, sizeof(name), "response %s", qu->id);
		json_t *ev = qu->max_words > 0 ? jfmt("%zu words; limit %ld%s", words, qu->max_words,
		                                      over ? " (disqualifies)" : flagged ? " (flag only)" : "")
		                               : jfmt("%zu words; no limit", words);
		add_check(d, st, check(d, name, !over && !find(e, CO_REASON, "missing_response", CO_ABOUT_QUESTION, qu->id), ev));
	}
	for (size_t i = 0; i < r->np; i++) {
		const co_price_item *it = &r->prices[i];
		const co_price_entry *pe = &e->ps[i];
		int ok = !find(e, CO_REASON, NULL, CO_ABOUT_ITEM, it->id);
		snprintf(name, sizeof(name), "price %s", it->id);
		if (pe->state == CO_PRICE_MISSING) {
			add_check(d, st, check(d, name, ok, jfmt("no price")));
		} else if (pe->state == CO_PRICE_INVALID) {
			add_check(d, st, check(d, name, ok, jfmt("'%s' is not a positive amount with at most 2 decimal places", pe->text)));
		} else {
			char *max = co_num_format(it->max, 2);
			int fixed = r->price_scoring == CO_PS_FIXED && it->scored;
			add_check(d, st, check(d, name, ok, max ? jfmt("%s against %s %s", pe->text, fixed ? "the fixed price" : "the maximum", max) : NULL));
			free(max);
		}
	}
	if (r->mode == CO_MODE_PER_SCHEME) {
		json_t *ids = json_array();
		for (size_t s = 0; s < r->ns; s++)
			if (co_entry_schemes(r, e)[s])
				append(d, ids, json_string(r->schemes[s].id));
		size_t n = json_array_size(ids);
		add_check(d, st, check(d, "bids for a scheme of the competition", !find(e, CO_REASON, "no_scheme", CO_ABOUT_BID, NULL),
		                       n ? jfmt("%zu scheme(s)", n) : jfmt("none")));
		set(d, st, "schemes", ids);
	}
	const co_decision *excl = stage_decisions(d, st, e, CO_DEC_EXCLUSION);
	const co_note *why = find(e, CO_REASON, "excluded", CO_ABOUT_DECISION, excl ? excl->id : NULL);
	if (excl)
		add_check(d, st, check(d, "not excluded by the contracting authority", !why,
		                       why ? jfmt("%s", why->detail) : quote(excl)));
	return st;
}

/* How the rules round each score, as a formula's last words: "" under display rounding. */
static const char *each_score(const co_rules *r)
{
	return r->each_score ? ", rounded half up (rounding.apply: each_score)" : "";
}

static int cmp_mark(const void *a, const void *b)
{
	int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;
	return (x > y) - (x < y);
}

/*
 * The consensus of the evaluators' n marks as a formula with the marks filled in, as stage 3's
 * rule reads (FORMATS 6.1): "(4 + 3 + 4) / 3" for the mean, "the middle of the marks in order:
 * 3, 4, 4" for the median. NULL when out of memory.
 */
static json_t *consensus_formula(const co_rules *r, const co_mark *marks, size_t n)
{
	int32_t v[256]; /* co_qmarks.n has 8 bits */
	co_strbuf b = {0};
	for (size_t i = 0; i < n && i < 256; i++)
		v[i] = marks[i].value;
	if (r->consensus == CO_CONS_MEAN) {
		for (size_t i = 0; i < n; i++)
			co_strbuf_put(&b, "%s%ld", i ? " + " : "(", (long)v[i]);
		co_strbuf_put(&b, ") / %zu", n);
	} else {
		qsort(v, n, sizeof(v[0]), cmp_mark);
		co_strbuf_put(&b, "%s", n % 2 ? "the middle of the marks in order: " : "the mean of the middle two of the marks in order: ");
		for (size_t i = 0; i < n; i++)
			co_strbuf_put(&b, "%s%ld", i ? ", " : "", (long)v[i]);
		if (n % 2 == 0)
			co_strbuf_put(&b, "; (%ld + %ld) / 2", (long)v[n / 2 - 1], (long)v[n / 2]);
	}
	char *t = co_strbuf_take(&b);
	json_t *j = t ? json_string(t) : NULL;
	free(t);
	return j;
}

static json_t *question(builder *d, const co_entry *e, size_t q)
{
	const co_result *res = d->res;
	const co_rules *r = res->rules;
	const co_question *qu = &r->questions[q];
	const co_qmarks *qm = co_marks_question(e->marks, q);
	json_t *o = json_object(), *evs = json_array();
	mpq_t mark, points;
	mpq_inits(mark, points, NULL);
	co_entry_mark(res, e, q, mark);
	co_question_points(r, q, mark, points);
	set(d, o, "id", json_string(qu->id));
	if (qu->title)
		set(d, o, "title", json_string(qu->title));
	set(d, o, "weight", jq(d, qu->weight, 2));
	for (size_t k = 0; qm && k < qm->n; k++) {
		json_t *m = json_object();
		const co_mark *mk = &co_qmarks_marks(e->marks, qm)[k];
		const char *why;
		int rc = co_marks_rationale(res->marks, e->marks, qm, k, &d->why, &why);
		set(d, m, "evaluator", json_string(res->marks->evaluators[mk->evaluator]));
		set(d, m, "mark", json_integer(mk->value));
		set(d, m, "rationale", rationale(d, rc, why));
		append(d, evs, m);
	}
	set(d, o, "evaluators", evs);
	if (qm && qm->has_moderated) {
		json_t *m = json_object();
		const char *why;
		int rc = co_marks_moderated_rationale(res->marks, e->marks, qm, &d->why, &why);
		set(d, m, "mark", json_integer(qm->moderated));
		set(d, m, "rationale", rationale(d, rc, why));
		set(d, o, "moderated", m);
	} else {
		set(d, o, "moderated", json_null());
	}
	const char *rule = qm && qm->has_moderated ? "the moderated mark" : co_consensus_name(r->consensus);
	set(d, o, "consensus_rule", json_string(rule));
	set(d, o, "consensus", jq(d, mark, r->decimals));
	if (qm && !qm->has_moderated && qm->n > 0 && r->consensus != CO_CONS_MODERATED)
		set(d, o, "consensus_formula", consensus_formula(r, co_qmarks_marks(e->marks, qm), qm->n));
	char *c = words(mark, 1), *wq = words(r->wq, 1), *w = words(qu->weight, 1);
	set(d, o, "formula", c && wq && w ? jfmt("Wq x (wq / 100) x (c / M) = %s x (%s / 100) x (%s / %ld)%s", wq, w, c,
	                                         co_rules_max_mark(r), each_score(r))
	                                  : NULL);
	set(d, o, "points", jq(d, points, r->decimals));
	long floor;
	if (co_question_floor(r, q, &floor))
		set(d, o, "min_mark", json_integer(floor));
	free(c);
	free(wq);
	free(w);
	mpq_clears(mark, points, NULL);
	return o;
}

/*
 * "the sum of the question points = 15 + 12 + 7.5": what, then the points of each part (the
 * objects of parts, each with its "points") as terms; what alone when there is one term (it is
 * the value), "what = 0" when there are none. NULL when out of memory.
 */
static json_t *sum_formula(builder *d, const json_t *parts, const char *what)
{
	co_strbuf b = {0};
	size_t i, terms = 0;
	json_t *p;
	mpq_t q;
	mpq_init(q);
	json_array_foreach(parts, i, p)
	{
		const char *x = json_string_value(json_object_get(json_object_get(p, "points"), "exact"));
		if (!x)
			continue;
		char *w = mpq_set_str(q, x, 10) == 0 ? words(q, 1) : NULL;
		co_strbuf_put(&b, "%s%s", terms++ ? " + " : "", co_strbuf_need(&b, w) ? w : "");
		free(w);
	}
	mpq_clear(q);
	char *t = co_strbuf_take(&b);
	json_t *j = !t ? NULL : terms == 1 ? json_string(what) : jfmt("%s = %s", what, terms ? t : "0");
	if (!j)
		d->failed = 1;
	free(t);
	return j;
}

static json_t *quality(builder *d, const co_entry *e)
{
	const co_result *res = d->res;
	const co_rules *r = res->rules;
	json_t *st = stage(d, "quality", e->stage >= 3, e->stage >= 4);
	if (e->stage < 3)
		return st;
	stage_decisions(d, st, e, CO_DEC_MODERATION);
	json_t *qs = json_array();
	for (size_t q = 0; q < r->nq; q++)
		append(d, qs, question(d, e, q));
	set(d, st, "questions", qs);
	set(d, st, "quality_points", jr(d, &e->qp, r->decimals));
	set(d, st, "quality_formula", sum_formula(d, qs, "the sum of the question points"));
	if (mpq_sgn(r->wq) > 0) {
		mpq_t pct, qp;
		mpq_inits(pct, qp, NULL);
		co_entry_quality_percent(res, e, pct);
		co_ratio_get(qp, &e->qp);
		set(d, st, "quality_percent", jq(d, pct, r->decimals));
		char *a = words(qp, 1), *w = words(r->wq, 1);
		set(d, st, "quality_percent_formula", a && w ? jfmt("100 x Qp / Wq = 100 x %s / %s", a, w) : NULL);
		free(a);
		free(w);
		if (r->has_min_quality) {
			char *m = co_num_format_trim(r->min_quality, 9), *p = co_num_format(pct, r->decimals);
			add_check(d, st, check(d, "quality at least min_quality", !find(e, CO_REASON, "below_min_quality", CO_ABOUT_BID, NULL),
			                       m && p ? jfmt("%s%% against %s%%", p, m) : NULL));
			free(m);
			free(p);
		}
		mpq_clears(pct, qp, NULL);
	}
	mpq_t c;
	mpq_init(c);
	for (size_t q = 0; q < r->nq; q++) {
		const co_question *qu = &r->questions[q];
		long floor;
		if (!co_question_floor(r, q, &floor))
			continue;
		co_entry_mark(res, e, q, c);
		char name[160], *m = co_num_format_trim(c, r->decimals);
		snprintf(name, sizeof(name), "%s at least its minimum mark", qu->id);
		add_check(d, st, check(d, name, !find(e, CO_REASON, "below_min_mark", CO_ABOUT_QUESTION, qu->id),
		                       m ? jfmt("consensus %s against %ld (%s)", m, floor,
		                                qu->has_min_mark ? "the question's own" : "thresholds.min_mark")
		                         : NULL));
		free(m);
	}
	mpq_clear(c);
	return st;
}

/*
 * The price factor as the scoring method's formula with the prices filled in, then its value:
 * "L / p = 775.00 / 1080.00 = 155/216 = 0.717593 (to 6 places)". f is the factor stage 4's
 * co_item_points gave; only the prices it came from are shown here. NULL when out of memory.
 */
static json_t *factor_formula(const co_rules *r, const co_price_item *it, const mpq_t lowest, const mpq_t price,
                              const mpq_t f)
{
	char *L = co_num_format(lowest, 2), *p = co_num_format(price, 2), *X = co_num_format(it->max, 2), *v = words(f, 0);
	mpq_t a, b;
	mpq_inits(a, b, NULL);
	mpq_sub(a, it->max, price);
	mpq_sub(b, it->max, lowest);
	char *top = co_num_format(a, 2), *bottom = co_num_format(b, 2);
	json_t *j = NULL;
	if (L && p && X && v && top && bottom) {
		if (r->price_scoring == CO_PS_LOWEST_RATIO)
			j = jfmt("L / p = %s / %s = %s", L, p, v);
		else if (mpq_equal(it->max, lowest))
			j = jfmt("1, as X = L = %s (linear_to_max gives f = 1 when the lowest price is the maximum)", X);
		else
			j = jfmt("(X - p) / (X - L) = (%s - %s) / (%s - %s) = %s / %s = %s", X, p, X, L, top, bottom, v);
	}
	mpq_clears(a, b, NULL);
	free(L);
	free(p);
	free(X);
	free(v);
	free(top);
	free(bottom);
	return j;
}

/* Price items for one set of candidates (the lot, or one scheme), with the scoring's own formula. */
static json_t *price_items(builder *d, const co_entry *e, const co_cand *cands, size_t n)
{
	const co_result *res = d->res;
	const co_rules *r = res->rules;
	json_t *items = json_array();
	mpq_t lowest, price, f, pts;
	mpq_inits(lowest, price, f, pts, NULL);
	for (size_t i = 0; i < r->np; i++) {
		const co_price_item *it = &r->prices[i];
		json_t *o = json_object();
		co_entry_price(e, i, price);
		set(d, o, "item", json_string(it->id));
		set(d, o, "p", jq(d, price, 2));
		set(d, o, "X", jq(d, it->max, 2));
		if (!it->scored || !co_prices_scored(r)) {
			set(d, o, "scored", json_false());
			append(d, items, o);
			continue;
		}
		co_lowest_price(res, cands, n, i, lowest);
		co_item_points(r, i, lowest, price, f, pts);
		set(d, o, "scored", json_true());
		set(d, o, "method", json_string(co_method_name(r->price_scoring)));
		set(d, o, "weight", jq(d, it->weight, 2));
		set(d, o, "L", jq(d, lowest, 2));
		set(d, o, "f", jq(d, f, 9));
		set(d, o, "f_formula", factor_formula(r, it, lowest, price, f));
		char *wp = words(r->wp, 1), *w = words(it->weight, 1), *fx = words(f, 1);
		set(d, o, "formula", wp && w && fx ? jfmt("Wp x (w / 100) x f = %s x (%s / 100) x %s%s", wp, w, fx, each_score(r))
		                                   : NULL);
		set(d, o, "points", jq(d, pts, r->decimals));
		free(wp);
		free(w);
		free(fx);
		append(d, items, o);
	}
	mpq_clears(lowest, price, f, pts, NULL);
	return items;
}

/* How the price points were reached, into o: the sum of the items' points, or why no item earns any. */
static void price_points_how(builder *d, json_t *o, const json_t *items)
{
	const co_rules *r = d->res->rules;
	if (co_prices_scored(r))
		set(d, o, "price_points_formula", sum_formula(d, items, "the sum of the item points"));
	else
		set(d, o, "price_points_note", json_string(r->price_scoring == CO_PS_FIXED
		                                               ? "no item earns price points, as the prices are fixed (price_scoring: fixed)"
		                                               : "no item earns price points, as the price weighting Wp is 0"));
}

/* "Qp + Pp = 60 + 620/27 (22.962963)": the total's formula with the bid's points filled in; NULL when out of memory. */
static json_t *total_formula(const co_entry *e, const mpq_t pp)
{
	mpq_t qp;
	mpq_init(qp);
	co_ratio_get(qp, &e->qp);
	char *a = words(qp, 1), *b = words(pp, 1);
	json_t *j = a && b ? jfmt("Qp + Pp = %s + %s", a, b) : NULL;
	free(a);
	free(b);
	mpq_clear(qp);
	return j;
}

/* The key that separates two bids, in words: "the total" or "tie-break key question:Q3". */
static json_t *key_name(const co_rules *r, int k)
{
	if (k == -1)
		return json_string("the total");
	char buf[160];
	return jfmt("tie-break key %s", co_tiebreak_name(r, (size_t)k, buf, sizeof(buf)));
}

/*
 * Candidate c's value on ranking key k (-1 the total, else tie_break[k]) for a person, as the
 * ranking compared it (co_rank_key_value), or the time that counts (co_entry_when). Scores are
 * shown to the rules' decimals, or exactly (words()) when precise. The caller frees; NULL when out
 * of memory.
 */
static char *key_value(const co_result *res, const co_cand *c, int k, int precise)
{
	const co_rules *r = res->rules;
	int places = r->decimals, trim = 0;
	mpq_t q;
	mpq_init(q);
	/* The value the ranking compared, from its one definition of each key; a time is shown as received. */
	if (co_rank_key_value(res, c, k, q)) {
		mpq_clear(q);
		return strdup(co_entry_when(res, c->entry).text);
	}
	if (k >= 0 && r->tie_break[k].kind == CO_TB_LOWEST_PRICE)
		places = 2; /* a sum of prices, in pounds and pence */
	else if (k >= 0 && r->tie_break[k].kind == CO_TB_QUESTION)
		trim = 1;
	char *s = precise ? words(q, 1) : trim ? co_num_format_trim(q, places) : co_num_format(q, places);
	mpq_clear(q);
	return s;
}

/* "the first tie-break key, question:Q1" (ordinals to the tenth, then by number) into buf. */
static const char *key_words(const co_rules *r, int k, char *buf, size_t n)
{
	static const char *const ordinal[] = {"first", "second", "third",   "fourth", "fifth",
	                                      "sixth", "seventh", "eighth", "ninth",  "tenth"};
	char tmp[160];
	const char *name = co_tiebreak_name(r, (size_t)k, tmp, sizeof(tmp));
	if (k < 10)
		snprintf(buf, n, "the %s tie-break key, %s", ordinal[k], name);
	else
		snprintf(buf, n, "tie-break key %d, %s", k + 1, name);
	return buf;
}

/*
 * Why up stands above down in a ranking (up comes first in it), in one plain sentence naming both:
 * the key stage 5 found first to differ (co_rank_first_difference) and both bids' values on it, or
 * that they are tied on every key and share a rank. NULL when out of memory.
 */
static json_t *standing(const co_result *res, const co_cand *up, const co_cand *down)
{
	const co_rules *r = res->rules;
	const char *a = res->entries[up->entry].bid->id, *b = res->entries[down->entry].bid->id;
	int k = co_rank_first_difference(res, up, down);
	char *total = key_value(res, up, -1, 0), *x = NULL, *y = NULL;
	json_t *j = NULL;
	co_strbuf s = {0};
	if (!total)
		goto out;
	if (k == -2) {
		j = jfmt("%s and %s share rank %ld: equal totals (%s) and equal on every tie-break key", a, b, up->rank, total);
		goto out;
	}
	x = key_value(res, up, k, 0);
	y = key_value(res, down, k, 0);
	if (x && y && strcmp(x, y) == 0) { /* equal when shown, apart exactly */
		free(x);
		free(y);
		x = key_value(res, up, k, 1);
		y = key_value(res, down, k, 1);
	}
	if (!x || !y)
		goto out;
	if (k == -1) {
		j = jfmt("%s is ranked above %s because its total %s is higher than %s", a, b, x, y);
		goto out;
	}
	char buf[200];
	co_strbuf_put(&s, "%s is ranked above %s: equal totals (%s)", a, b, total);
	for (int i = 0; i < k; i++) {
		char *v = key_value(res, up, i, 0);
		co_strbuf_put(&s, "; equal on %s (%s)", key_words(r, i, buf, sizeof(buf)), co_strbuf_need(&s, v) ? v : "");
		free(v);
	}
	co_tb_kind kind = r->tie_break[k].kind;
	co_strbuf_put(&s, "; %s, is %s for %s: %s against %s", key_words(r, k, buf, sizeof(buf)),
	              kind == CO_TB_LOWEST_PRICE ? "lower" : kind == CO_TB_SUBMITTED ? "earlier" : "higher", a, x, y);
	char *t = co_strbuf_take(&s);
	j = t ? jfmt("%s", t) : NULL;
	free(t);
out:
	co_strbuf_end(&s);
	free(total);
	free(x);
	free(y);
	return j;
}

/* How the bid at position i of a ranking stands against its neighbours. */
static json_t *neighbours(builder *d, const co_cand *c, size_t n, size_t i)
{
	const co_result *res = d->res;
	json_t *a = json_array();
	for (int dir = -1; dir <= 1; dir += 2) {
		if ((dir < 0 && i == 0) || (dir > 0 && i + 1 >= n))
			continue;
		const co_cand *o = &c[(long)i + dir];
		int k = co_rank_first_difference(res, &c[i], o);
		json_t *x = json_object();
		set(d, x, "bid", json_string(res->entries[o->entry].bid->id));
		set(d, x, "rank", json_integer(o->rank));
		set(d, x, "position", json_string(dir < 0 ? "above" : "below"));
		set(d, x, "separated_by", k == -2 ? json_null() : key_name(res->rules, k));
		set(d, x, "their_total", jr(d, &o->total, res->rules->decimals));
		set(d, x, "this_total", jr(d, &c[i].total, res->rules->decimals));
		if (k == -2)
			set(d, x, "note", json_string("tied on the total and every tie-break key"));
		set(d, x, "sentence", dir < 0 ? standing(res, o, &c[i]) : standing(res, &c[i], o));
		append(d, a, x);
	}
	return a;
}

/* 1 when entry idx is among the n entries. */
static int among(const size_t *entries, size_t n, size_t idx)
{
	for (size_t i = 0; i < n; i++)
		if (entries[i] == idx)
			return 1;
	return 0;
}

/* 1 when the award without the challenge check's bid b would differ for entry idx: awarded or not, tied or not, a scheme won or not. */
static int changes_for(const co_result *res, const co_challenge_bid *b, size_t idx)
{
	if (b->verdict != CO_CHALLENGE_CHANGES)
		return 0;
	if (res->rules->mode == CO_MODE_TOP_N)
		return among(b->awarded, b->nawarded, idx) != among(res->awarded, res->nawarded, idx) ||
		       among(b->tied, b->ntied, idx) != among(res->tied, res->ntied, idx);
	for (size_t s = 0; s < res->rules->ns; s++)
		if ((b->scheme_awarded[s] == (long)idx) != (res->schemes[s].awarded == (long)idx))
			return 1;
	return 0;
}

/*
 * The challenge check's word on this bid (engine/analytics/challenge.h), into the award stage:
 * whether it applies, and its sentence for each bid taken out whose absence would change this
 * bid's outcome, for this bid when it is itself one taken out, and for each it cannot decide.
 * Analytics only: the award shown above is the evaluation's.
 */
static void challenge(builder *d, json_t *aw, size_t idx)
{
	const co_result *res = d->res;
	const co_challenge *c = NULL;
	if (co_challenge_of(&c, res) != 0) {
		d->failed = 1;
		return;
	}
	json_t *o = json_object(), *a = json_array();
	set(d, o, "applies", json_boolean(c->applies));
	if (!c->applies)
		set(d, o, "reason", jfmt("%s", c->reason));
	for (size_t k = 0; c->applies && k < c->n; k++) {
		const co_challenge_bid *b = &c->bids[k];
		if (b->entry != idx && b->verdict != CO_CHALLENGE_UNDETERMINED && !changes_for(res, b, idx))
			continue;
		char *t = co_challenge_sentence(res, c, k);
		append(d, a, t ? jfmt("%s", t) : NULL);
		free(t);
	}
	if (c->applies && !json_array_size(a))
		set(d, o, "note", json_string(c->n ? "no bid that did not win and could change the award would change this bid's outcome if taken out"
		                                   : "no bid that did not win could change the award (none sets a lowest price, moves the abnormally-low median across another bid's price, or is tied at the award)"));
	set(d, o, "sentences", a);
	set(d, aw, "challenge", o);
}

/* The price and award stages: in a top-n lot from stage 5's ranking of the lot, else from each scheme's. */
static void price_and_award(builder *d, size_t idx, json_t *stages)
{
	const co_result *res = d->res;
	const co_rules *r = res->rules;
	const co_entry *e = &res->entries[idx];
	const co_note *rejected = find(e, CO_REASON, "abnormally_low_rejected", CO_ABOUT_BID, NULL);
	json_t *st = stage(d, "price", e->stage >= 4, e->stage >= 4 && !rejected),
	       *aw = stage(d, "award", e->stage >= 5, e->status == CO_ST_AWARDED);
	append(d, stages, json_incref(st));
	append(d, stages, json_incref(aw));
	/* A bid in a tie left to a person has not lost: its award is open until the decision. */
	for (size_t k = 0; k < d->res->ntied; k++)
		if (d->res->tied[k] == idx)
			set(d, aw, "result", json_string("open"));
	if (e->stage < 4)
		goto out;
	/* The investigation of an abnormally low price: accepted, or the tender rejected before any price was scored. */
	const co_decision *al = stage_decisions(d, st, e, CO_DEC_ABNORMALLY_LOW);
	if (al)
		add_check(d, st, check(d, "abnormally low price accepted on investigation", !rejected,
		                       rejected ? jfmt("%s", rejected->detail) : quote(al)));
	stage_open(d, st, e, 1);
	if (rejected)
		goto out; /* out of the lot before the prices were scored: no points, no total, no rank */
	if (e->stage >= 5) {
		stage_decisions(d, aw, e, CO_DEC_TIE);
		stage_open(d, aw, e, 0);
		challenge(d, aw, idx);
	}
	if (r->mode == CO_MODE_TOP_N) {
		const co_cand *c = res->ranking;
		size_t n = res->nranking;
		json_t *items = price_items(d, e, c, n);
		price_points_how(d, st, items);
		set(d, st, "items", items);
		mpq_t pp, total;
		mpq_inits(pp, total, NULL);
		co_entry_totals(res, e, pp, total);
		set(d, st, "price_points", jq(d, pp, r->decimals));
		set(d, aw, "total", jq(d, total, r->decimals));
		set(d, aw, "formula", total_formula(e, pp));
		mpq_clears(pp, total, NULL);
		set(d, aw, "rank", json_integer(e->rank));
		set(d, aw, "n", json_integer(r->n));
		set(d, aw, "awarded_count", json_integer((json_int_t)res->nawarded));
		for (size_t i = 0; i < n; i++)
			if (c[i].entry == idx)
				set(d, aw, "neighbours", neighbours(d, c, n, i));
		if (e->tie_boundary)
			set(d, aw, "boundary", json_string(co_boundary_name(r->at_boundary)));
		goto out;
	}
	json_t *schemes = json_array();
	for (size_t s = 0; s < r->ns; s++) {
		const co_scheme_result *sr = &res->schemes[s];
		for (size_t i = 0; i < sr->n; i++) {
			if (sr->ranking[i].entry != idx)
				continue;
			json_t *o = json_object();
			set(d, o, "scheme", json_string(r->schemes[s].id));
			json_t *items = price_items(d, e, sr->ranking, sr->n);
			price_points_how(d, o, items);
			set(d, o, "items", items);
			set(d, o, "price_points", jr(d, &sr->ranking[i].pp, r->decimals));
			set(d, o, "total", jr(d, &sr->ranking[i].total, r->decimals));
			mpq_t pp;
			mpq_init(pp);
			co_ratio_get(pp, &sr->ranking[i].pp);
			set(d, o, "formula", total_formula(e, pp));
			mpq_clear(pp);
			set(d, o, "rank", json_integer(sr->ranking[i].rank));
			set(d, o, "scheme_status", json_string(co_scheme_status_name(sr->status)));
			set(d, o, "awarded_to_this_bid", json_boolean(sr->awarded == (long)idx));
			if (sr->why)
				set(d, o, "cap_reason", json_string(sr->why));
			set(d, o, "neighbours", neighbours(d, sr->ranking, sr->n, i));
			append(d, schemes, o);
		}
	}
	set(d, st, "schemes", json_incref(schemes));
	set(d, aw, "schemes", schemes);
out:
	json_decref(st);
	json_decref(aw);
}

static json_t *notes_json(builder *d, const co_note *n, size_t count)
{
	json_t *a = json_array();
	for (size_t i = 0; i < count; i++) {
		json_t *o = json_object();
		set(d, o, "code", json_string(n[i].code));
		const char *what = co_note_what(&n[i]);
		if (what)
			set(d, o, "about", json_string(what));
		set(d, o, "detail", jfmt("%s", n[i].detail));
		append(d, a, o);
	}
	return a;
}

/*
 * One symbol's definition: {"symbol", "value" (when it has one for the whole lot: valued; a value
 * that could not be made fails the document), "meaning"}.
 */
static void symbol(builder *d, json_t *a, const char *name, int valued, json_t *value, const char *meaning)
{
	json_t *o = json_object();
	set(d, o, "symbol", json_string(name));
	if (valued)
		set(d, o, "value", value);
	set(d, o, "meaning", json_string(meaning));
	append(d, a, o);
}

/*
 * The symbols of the formulas this bid's explanation shows, each defined once: the quality ones
 * when it reached stage 3, the price ones when its prices were scored at stage 4 (Wp, w, L and f
 * only when prices earn points).
 */
static json_t *symbols(builder *d, const co_entry *e)
{
	const co_rules *r = d->res->rules;
	int priced = e->stage >= 4 && !find(e, CO_REASON, "abnormally_low_rejected", CO_ABOUT_BID, NULL);
	int scored = priced && co_prices_scored(r), scheme = r->mode == CO_MODE_PER_SCHEME;
	json_t *a = json_array();
	if (e->stage >= 3) {
		symbol(d, a, "Wq", 1, jwords(r->wq, 1), "the quality weighting, in % of the total");
		symbol(d, a, "wq", 0, NULL, "a question's weight, in % of the quality weighting");
		symbol(d, a, "c", 0, NULL,
		       r->consensus == CO_CONS_MODERATED ? "a question's consensus mark: the panel's moderated mark"
		       : r->consensus == CO_CONS_MEDIAN  ? "a question's consensus mark: the panel's moderated mark if "
		                                           "recorded, else the median of the evaluators' marks"
		                                         : "a question's consensus mark: the panel's moderated mark if "
		                                           "recorded, else the mean of the evaluators' marks");
		symbol(d, a, "M", 1, jfmt("%ld", co_rules_max_mark(r)), "the top of the scale");
		symbol(d, a, "Qp", 0, NULL, "the quality points: the sum of the question points");
	}
	if (priced) {
		if (scored)
			symbol(d, a, "Wp", 1, jwords(r->wp, 1), "the price weighting, in % of the total");
		if (scored)
			symbol(d, a, "w", 0, NULL, "a price item's weight, in % of the price weighting");
		symbol(d, a, "p", 0, NULL, "this bid's price for an item");
		symbol(d, a, "X", 0, NULL, "the maximum price of an item");
		if (scored)
			symbol(d, a, "L", 0, NULL,
			       scheme ? "the lowest price of an item among the bids scored on price for the scheme"
			              : "the lowest price of an item among the bids scored on price");
		if (scored)
			symbol(d, a, "f", 0, NULL,
			       r->price_scoring == CO_PS_LOWEST_RATIO
			           ? "the price factor of an item, from 0 to 1: L / p (lowest_ratio)"
			           : "the price factor of an item, from 0 to 1: (X - p) / (X - L), or 1 when X = L (linear_to_max)");
		symbol(d, a, "Pp", 0, NULL, "the price points: the sum of the item points");
		symbol(d, a, "T", 0, NULL, "the total: Qp + Pp");
	}
	return a;
}

/*
 * The explain document of entry idx, or NULL (a document is never shown with a part missing):
 * *rc is then CO_EIO when a rationale could not be read back, else CO_ERROR (out of memory).
 */
static json_t *explain_json(const co_result *res, size_t idx, int *rc)
{
	builder d = {.res = res, .failed = 0, .rc = 0, .why = {0}};
	const co_entry *e = &res->entries[idx];
	const co_bid *b = e->bid;
	json_t *o = json_object(), *stages = json_array();
	set(&d, o, "format", json_string("calloff-explain/1"));
	set(&d, o, "competition", json_string(res->rules->id));
	set(&d, o, "bid", b->id ? jfmt("%s", b->id) : json_null());
	set(&d, o, "supplier", b->supplier_id ? jfmt("%s", b->supplier_id) : json_null());
	set(&d, o, "supplier_name", b->supplier_name ? jfmt("%s", b->supplier_name) : json_null());
	set(&d, o, "file", jfmt("%s", b->file));
	set(&d, o, "status", json_string(co_status_name(e->status)));
	set(&d, o, "decimals", json_integer(res->rules->decimals));
	set(&d, o, "symbols", symbols(&d, e));
	set(&d, o, "numbers", jfmt("A fraction is exact; the decimal beside it is rounded half up to 6 places. "
	                           "result.json shows scores rounded half up to %d places.", res->rules->decimals));
	append(&d, stages, admissibility(&d, e));
	append(&d, stages, compliance(&d, e));
	append(&d, stages, quality(&d, e));
	price_and_award(&d, idx, stages);
	set(&d, o, "stages", json_incref(stages));
	set(&d, o, "reasons", notes_json(&d, e->reasons, e->nreasons));
	set(&d, o, "flags", notes_json(&d, e->flags, e->nflags));
	json_decref(stages);
	co_strbuf_end(&d.why);
	if (d.failed || d.rc) {
		*rc = d.rc ? d.rc : CO_ERROR;
		json_decref(o);
		return NULL;
	}
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

/* A number of the document as a person reads it (jq's "words"). */
static const char *num(const json_t *o, const char *k)
{
	return str(json_object_get(o, k), "words");
}

/* "; 22.96 in the result" when result.json shows the number rounded, else "". */
static const char *shown(const json_t *o, const char *k, char *buf, size_t n)
{
	const json_t *v = json_object_get(o, k);
	if (!json_is_true(json_object_get(v, "rounded")))
		return "";
	snprintf(buf, n, "; %s in the result", str(v, "value"));
	return buf;
}

/* "NAME = FORMULA = VALUE; SHOWN in the result", a formula of the document with its numbers, then its value. */
static void text_formula(co_strbuf *b, const char *indent, const char *name, const json_t *o, const char *formula,
                         const char *k)
{
	char buf[96];
	co_strbuf_put(b, "%s%s = %s = %s%s\n", indent, name, str(o, formula), num(o, k), shown(o, k, buf, sizeof(buf)));
}

static void text_items(co_strbuf *b, const json_t *o, const char *indent)
{
	size_t i;
	json_t *it;
	json_array_foreach(json_object_get(o, "items"), i, it)
	{
		if (!json_is_true(json_object_get(it, "scored"))) {
			co_strbuf_put(b, "%s%s: p = %s, X = %s (not scored)\n", indent, str(it, "item"), val(it, "p"), val(it, "X"));
			continue;
		}
		co_strbuf_put(b, "%s%s (%s, w = %s%%): p = %s, L = %s, X = %s\n", indent, str(it, "item"), str(it, "method"),
		    num(it, "weight"), val(it, "p"), val(it, "L"), val(it, "X"));
		co_strbuf_put(b, "%s  f = %s\n", indent, str(it, "f_formula"));
		co_strbuf_put(b, "%s  ", indent);
		text_formula(b, "", "points", it, "formula", "points");
	}
	if (json_object_get(o, "price_points_formula"))
		text_formula(b, indent, "Pp", o, "price_points_formula", "price_points");
	else
		co_strbuf_put(b, "%sPp = %s: %s\n", indent, num(o, "price_points"), str(o, "price_points_note"));
}

static void text_neighbours(co_strbuf *b, const json_t *ns, const char *indent)
{
	size_t i;
	json_t *x;
	json_array_foreach(ns, i, x)
		co_strbuf_put(b, "%s%s\n", indent, str(x, "sentence"));
}

/* The symbols section: each symbol the formulas use, defined once, and how numbers are shown. */
static void text_symbols(co_strbuf *b, const json_t *d)
{
	size_t i;
	json_t *s;
	const json_t *a = json_object_get(d, "symbols");
	if (!json_array_size(a))
		return;
	co_strbuf_put(b, "\nSymbols:\n");
	json_array_foreach(a, i, s)
	{
		const json_t *v = json_object_get(s, "value");
		if (json_is_string(v))
			co_strbuf_put(b, "   %s = %s, %s\n", str(s, "symbol"), json_string_value(v), str(s, "meaning"));
		else
			co_strbuf_put(b, "   %s = %s\n", str(s, "symbol"), str(s, "meaning"));
	}
	co_strbuf_put(b, "   %s\n", str(d, "numbers"));
}

static void text_questions(co_strbuf *b, const json_t *st)
{
	size_t k, m;
	json_t *q, *ev;
	json_array_foreach(json_object_get(st, "questions"), k, q)
	{
		co_strbuf_put(b, "   %s%s%s (weight wq = %s%%)\n", str(q, "id"), json_object_get(q, "title") ? " " : "",
		    json_object_get(q, "title") ? str(q, "title") : "", num(q, "weight"));
		json_array_foreach(json_object_get(q, "evaluators"), m, ev)
			co_strbuf_put(b, "     %s: %lld  %s\n", str(ev, "evaluator"), (long long)json_integer_value(json_object_get(ev, "mark")),
			    str(ev, "rationale"));
		json_t *mod = json_object_get(q, "moderated");
		if (json_is_object(mod))
			co_strbuf_put(b, "     moderated: %lld  %s\n", (long long)json_integer_value(json_object_get(mod, "mark")),
			    str(mod, "rationale"));
		if (json_object_get(q, "consensus_formula"))
			co_strbuf_put(b, "     consensus (%s): c = %s = %s\n", str(q, "consensus_rule"), str(q, "consensus_formula"),
			    num(q, "consensus"));
		else
			co_strbuf_put(b, "     consensus (%s): c = %s\n", str(q, "consensus_rule"), num(q, "consensus"));
		text_formula(b, "     ", "points", q, "formula", "points");
	}
	if (!json_object_get(st, "quality_points"))
		return;
	text_formula(b, "   ", "Qp", st, "quality_formula", "quality_points");
	if (json_object_get(st, "quality_percent")) {
		char buf[96];
		co_strbuf_put(b, "   quality %% = %s = %s%s\n", str(st, "quality_percent_formula"), num(st, "quality_percent"),
		    shown(st, "quality_percent", buf, sizeof(buf)));
	}
}

/* The challenge check's lines, where it applies (analytics: it never changes the award). */
static void text_challenge(co_strbuf *b, const json_t *ch)
{
	size_t i;
	json_t *x;
	if (!json_is_true(json_object_get(ch, "applies")))
		return;
	if (json_object_get(ch, "note"))
		co_strbuf_put(b, "   challenge check: %s\n", str(ch, "note"));
	json_array_foreach(json_object_get(ch, "sentences"), i, x)
		co_strbuf_put(b, "   challenge check: %s\n", json_string_value(x));
}

static char *explain_text(const json_t *d)
{
	co_strbuf b = {0};
	size_t i, k;
	json_t *st, *c;
	co_strbuf_put(&b, "Bid %s from %s (%s)\nFile: %s\nCompetition: %s\nOutcome: %s\n", str(d, "bid"), str(d, "supplier_name"),
	    str(d, "supplier"), str(d, "file"), str(d, "competition"), str(d, "status"));
	text_symbols(&b, d);
	json_array_foreach(json_object_get(d, "stages"), i, st)
	{
		co_strbuf_put(&b, "\n%zu. %s: %s\n", i + 1, str(st, "stage"), str(st, "result"));
		text_questions(&b, st);
		if (json_object_get(st, "items"))
			text_items(&b, st, "   ");
		if (json_object_get(st, "total")) {
			text_formula(&b, "   ", "T", st, "formula", "total");
			long long places = json_integer_value(json_object_get(st, "n")),
			          won = json_integer_value(json_object_get(st, "awarded_count"));
			co_strbuf_put(&b, "   rank %lld (%lld place%s; %lld bid%s awarded)\n",
			    (long long)json_integer_value(json_object_get(st, "rank")), places, places == 1 ? "" : "s", won,
			    won == 1 ? "" : "s");
			if (json_object_get(st, "boundary"))
				co_strbuf_put(&b, "   tied across the boundary; at_boundary: %s\n", str(st, "boundary"));
			text_neighbours(&b, json_object_get(st, "neighbours"), "   ");
		}
		json_t *sc;
		if (strcmp(str(st, "stage"), "price") == 0)
			json_array_foreach(json_object_get(st, "schemes"), k, sc)
			{
				co_strbuf_put(&b, "   scheme %s:\n", str(sc, "scheme"));
				text_items(&b, sc, "     ");
			}
		if (strcmp(str(st, "stage"), "award") == 0)
			json_array_foreach(json_object_get(st, "schemes"), k, sc)
			{
				co_strbuf_put(&b, "   scheme %s:\n", str(sc, "scheme"));
				text_formula(&b, "     ", "T", sc, "formula", "total");
				co_strbuf_put(&b, "     rank %lld; scheme %s%s\n", (long long)json_integer_value(json_object_get(sc, "rank")),
				    str(sc, "scheme_status"), json_is_true(json_object_get(sc, "awarded_to_this_bid")) ? ", awarded to this bid" : "");
				if (json_object_get(sc, "cap_reason"))
					co_strbuf_put(&b, "     moved by the cap: %s\n", str(sc, "cap_reason"));
				text_neighbours(&b, json_object_get(sc, "neighbours"), "     ");
			}
		json_array_foreach(json_object_get(st, "checks"), k, c)
			co_strbuf_put(&b, "   [%s] %s: %s\n", json_is_true(json_object_get(c, "passed")) ? "pass" : "FAIL", str(c, "check"),
			    str(c, "evidence"));
		json_array_foreach(json_object_get(st, "decisions"), k, c)
			co_strbuf_put(&b, "   decision %s (%s; %s, %s): %s\n     why: %s\n", str(c, "id"), str(c, "kind"), str(c, "by"),
			    str(c, "at"), str(c, "effect"), str(c, "reason"));
		if (json_object_get(st, "open"))
			co_strbuf_put(&b, "   OPEN: %s\n", str(st, "open"));
		text_challenge(&b, json_object_get(st, "challenge"));
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
	int rc = CO_ERROR;
	json_t *doc = explain_json(res, (size_t)found, &rc);
	if (!doc)
		return rc;
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
