/* Self-scoring a draft bid: evaluate's own checks and quality formula, run on one bid before it is sent. */
#include "calloff/provider.h"
#include "base/diag.h"
#include "evaluating/evaluate.h"
#include "evaluating/quality.h"
#include "base/jsontext.h"
#include "base/num.h"
#include "base/strbuf.h"
#include "base/utf8.h"

#include <errno.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* Adding to a document that is whole or failed: each records in *failed what could not be added. */
#define set(o, k, v) co_json_set((o), (k), (v), failed)
#define add(a, v) co_json_append((a), (v), failed)

/* A number as shown; NULL when out of memory. */
static json_t *jnum(const mpq_t q, int d)
{
	char *s = co_num_format(q, d);
	json_t *j = s ? json_string(s) : NULL;
	free(s);
	return j;
}

static json_t *note_json(const co_note *n, int *failed)
{
	json_t *o = json_object();
	set(o, "code", json_string(n->code));
	if (n->subject && n->about != CO_ABOUT_SCHEME) /* a self-score makes no award, so names no scheme */
		set(o, co_note_about_name(n->about), json_string(n->subject));
	set(o, "line", n->line ? json_integer(n->line) : json_null());
	set(o, "detail", json_string(co_utf8_valid(n->detail) ? n->detail : "(detail not shown: not valid UTF-8)"));
	return o;
}

static json_t *risk(int *failed, const char *code, const char *question, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static json_t *risk(int *failed, const char *code, const char *question, const char *fmt, ...)
{
	char *s = NULL;
	va_list ap;
	va_start(ap, fmt);
	int n = vasprintf(&s, fmt, ap);
	va_end(ap);
	json_t *o = json_object();
	set(o, "code", json_string(code));
	if (question)
		set(o, "question", json_string(question));
	set(o, "detail", n >= 0 ? json_string(s) : NULL);
	free(n >= 0 ? s : NULL);
	return o;
}

/* A self-mark's value when it is a whole number on the scale; else 0 is returned. */
static int self_mark(const co_rules *r, const co_bid_field *f, long *out)
{
	char *end;
	errno = 0;
	long v = strtol(f->text, &end, 10);
	if (errno || end == f->text || *end || !co_rules_on_scale(r, v))
		return 0;
	*out = v;
	return 1;
}

/* The projection from the self-assessment, with the same question points as evaluate. */
static void project(const co_rules *r, const co_entry *e, json_t *doc, json_t *risks, int *failed)
{
	int d = r->decimals;
	json_t *qs = json_array();
	mpq_t c, pts, top, next, lo, sum, min, max, t;
	mpq_inits(c, pts, top, next, lo, sum, min, max, t, NULL);
	int complete = 1;
	for (size_t q = 0; q < r->nq; q++) {
		const co_question *qu = &r->questions[q];
		const co_bid_field *f = co_bid_field_find(e->bid->body->self_marks, e->bid->body->nself_marks, qu->id);
		if (f && !*f->text)
			f = NULL; /* left empty, as the template leaves it: not self-marked */
		const co_bid_field *resp = co_bid_field_find(e->bid->body->responses, e->bid->body->nresponses, qu->id);
		json_t *o = json_object();
		long m;
		set(o, "id", json_string(qu->id));
		if (qu->title)
			set(o, "title", json_string(qu->title));
		mpq_set_si(c, co_rules_max_mark(r), 1);
		co_question_points(r, q, c, top);
		mpq_set_si(c, r->marks[0], 1);
		co_question_points(r, q, c, lo);
		set(o, "available", jnum(top, d));
		if (f && !self_mark(r, f, &m)) {
			add(risks, risk(failed, "self_mark_off_scale", qu->id,
			                                  "self-mark '%s' (line %d) is not a mark on the scale; it is ignored",
			                                  f->text, f->line));
			f = NULL;
		}
		if (f) {
			mpq_set_si(c, m, 1);
			co_question_points(r, q, c, pts);
			mpq_add(sum, sum, pts);
			mpq_add(min, min, pts);
			mpq_add(max, max, pts);
			set(o, "self_mark", json_integer(m));
			set(o, "points", jnum(pts, d));
			/* What the next mark up the scale would add. */
			size_t k = 0;
			while (k < r->nmarks && r->marks[k] != m)
				k++;
			if (k + 1 < r->nmarks) {
				mpq_set_si(c, r->marks[k + 1], 1);
				co_question_points(r, q, c, next);
				mpq_sub(t, next, pts);
				set(o, "next_mark_worth", jnum(t, d));
			} else {
				set(o, "next_mark_worth", json_null());
			}
			long floor;
			mpq_set_si(c, m, 1);
			if (co_below_floor(r, q, c, &floor))
				add(risks, risk(failed, "below_min_mark", qu->id,
				                                  "self-mark %ld is below the minimum mark %ld: a consensus mark this low disqualifies",
				                                  m, floor));
		} else {
			complete = 0;
			mpq_add(min, min, lo);
			mpq_add(max, max, top);
			set(o, "self_mark", json_null());
			set(o, "points", json_null());
			set(o, "range", json_pack("[o, o]", jnum(lo, d), jnum(top, d)));
		}
		set(o, "words", json_integer((json_int_t)(resp ? resp->words : 0)));
		set(o, "max_words", qu->max_words ? json_integer(qu->max_words) : json_null());
		add(qs, o);
	}
	json_t *p = json_object();
	set(p, "quality_points", jnum(sum, d));
	set(p, "complete", json_boolean(complete));
	set(p, "min", jnum(min, d));
	set(p, "max", jnum(max, d));
	if (mpq_sgn(r->wq) > 0) {
		co_quality_percent(r, sum, t);
		set(p, "quality_percent", jnum(t, d));
		if (r->has_min_quality) {
			char *mq = co_num_format_trim(r->min_quality, 9);
			set(p, "min_quality", json_string(mq));
			/* With every question self-marked the projection is exact; otherwise the best case decides. */
			if (co_below_min_quality(r, complete ? sum : max, t)) {
				char *pc = co_num_format(t, d);
				add(risks, risk(failed, "below_min_quality", NULL, "%s quality %s%% is below the minimum %s%%",
				                                  complete ? "projected" : "even the best possible", pc, mq));
				free(pc);
			}
			free(mq);
		}
	}
	set(doc, "projected", p);
	set(doc, "questions", qs);
	mpq_clears(c, pts, top, next, lo, sum, min, max, t, NULL);
}

static json_t *prices(const co_rules *r, const co_entry *e, int *failed)
{
	json_t *a = json_array();
	for (size_t i = 0; i < r->np; i++) {
		const co_price_item *it = &r->prices[i];
		const co_bid_field *f = co_bid_field_find(e->bid->body->prices, e->bid->body->nprices, it->id);
		json_t *o = json_object();
		set(o, "item", json_string(it->id));
		set(o, "value", f ? json_string(f->text) : json_null());
		set(o, "max", jnum(it->max, 2));
		set(o, "fixed", json_boolean(r->price_scoring == CO_PS_FIXED && it->scored));
		add(a, o);
	}
	return a;
}

static const char *sv(const json_t *o, const char *k)
{
	const char *s = json_string_value(json_object_get(o, k));
	return s ? s : "-";
}

static char *as_text(const json_t *doc)
{
	static const char *const verdicts[] = {"compliant", "would be REJECTED", "would be DISQUALIFIED"};
	co_strbuf b = {0};
	size_t i;
	json_t *x;
	const char *status = sv(doc, "status");
	int v = !strcmp(status, "compliant") ? 0 : !strcmp(status, "would_be_rejected") ? 1 : 2;
	co_strbuf_put(&b, "Self-score of %s for competition %s\nStatus: %s\n", sv(doc, "draft"), sv(doc, "competition"),
	              verdicts[v]);
	if (json_array_size(json_object_get(doc, "problems"))) {
		co_strbuf_put(&b, "\nProblems (each with the code evaluate would give):\n");
		json_array_foreach(json_object_get(doc, "problems"), i, x)
		{
			const char *about = json_object_get(x, "question") ? sv(x, "question")
			                    : json_object_get(x, "item")   ? sv(x, "item")
			                    : json_object_get(x, "gate")   ? sv(x, "gate")
			                                                   : NULL;
			co_strbuf_put(&b, "  %s:%lld: %s%s%s%s: %s\n", sv(doc, "draft"),
			              (long long)json_integer_value(json_object_get(x, "line")), sv(x, "code"), about ? " (" : "",
			              about ? about : "", about ? ")" : "", sv(x, "detail"));
		}
	}
	if (json_array_size(json_object_get(doc, "risks"))) {
		co_strbuf_put(&b, "\nRisks:\n");
		json_array_foreach(json_object_get(doc, "risks"), i, x)
			co_strbuf_put(&b, "  %s%s%s: %s\n", sv(x, "code"), json_object_get(x, "question") ? " " : "",
			              json_object_get(x, "question") ? sv(x, "question") : "", sv(x, "detail"));
	}
	json_t *qs = json_object_get(doc, "questions");
	if (json_array_size(qs)) {
		co_strbuf_put(&b, "\nQuality, projected from your self-assessment (the formula evaluate uses):\n");
		json_array_foreach(qs, i, x)
		{
			co_strbuf_put(&b, "  %s %s\n", sv(x, "id"), sv(x, "title"));
			if (json_is_integer(json_object_get(x, "self_mark"))) {
				co_strbuf_put(&b, "      self-mark %lld: %s of %s points", (long long)json_integer_value(json_object_get(x, "self_mark")),
				              sv(x, "points"), sv(x, "available"));
				if (json_is_string(json_object_get(x, "next_mark_worth")))
					co_strbuf_put(&b, "; one more mark is worth %s", sv(x, "next_mark_worth"));
				co_strbuf_put(&b, "\n");
			} else {
				json_t *rg = json_object_get(x, "range");
				co_strbuf_put(&b, "      no self-mark: %s to %s points possible\n", json_string_value(json_array_get(rg, 0)),
				              json_string_value(json_array_get(rg, 1)));
			}
			if (json_is_integer(json_object_get(x, "max_words")))
				co_strbuf_put(&b, "      %lld words of %lld allowed\n", (long long)json_integer_value(json_object_get(x, "words")),
				              (long long)json_integer_value(json_object_get(x, "max_words")));
		}
		json_t *p = json_object_get(doc, "projected");
		co_strbuf_put(&b, "  Projected quality: %s points", sv(p, "quality_points"));
		if (json_object_get(p, "quality_percent"))
			co_strbuf_put(&b, " (%s%%)", sv(p, "quality_percent"));
		if (!json_is_true(json_object_get(p, "complete")))
			co_strbuf_put(&b, " from the questions self-marked; %s to %s possible in all", sv(p, "min"), sv(p, "max"));
		if (json_object_get(p, "min_quality"))
			co_strbuf_put(&b, "; minimum %s%%", sv(p, "min_quality"));
		co_strbuf_put(&b, "\n");
	}
	json_t *ps = json_object_get(doc, "prices");
	if (json_array_size(ps)) {
		co_strbuf_put(&b, "\nPrices (price points depend on the other bids, so they are not projected):\n");
		json_array_foreach(ps, i, x)
			co_strbuf_put(&b, "  %s: %s against %s %s\n", sv(x, "item"), json_is_string(json_object_get(x, "value")) ? sv(x, "value") : "(none)",
			              json_is_true(json_object_get(x, "fixed")) ? "the fixed price" : "the maximum", sv(x, "max"));
	}
	return co_strbuf_take(&b);
}

int co_selfscore(char **out, const co_rules *rules, const char *draft, int as_json, co_draft_status *status,
                 co_diags *diags)
{
	co_paths *paths = NULL;
	co_result *res = NULL;
	json_t *doc = json_object(), *problems = json_array(), *risks = json_array();
	int rc = CO_ERROR, whole = 0, *failed = &whole;
	struct stat st;
	*out = NULL;
	if (!doc || !problems || !risks)
		goto out;
	if (stat(draft, &st) != 0) {
		co_diag_add(diags, draft, 1, 1, "cannot read: %s", strerror(errno));
		rc = CO_EIO;
		goto out;
	}
	if (co_paths_new(&paths) || co_paths_add(paths, draft, NULL) ||
	    co_evaluate_until(&res, rules, paths, NULL, NULL, NULL, CO_UNTIL_COMPLIANCE, diags))
		goto out;
	const co_entry *e = &res->entries[0];
	*status = e->status == CO_ST_REJECTED       ? CO_DRAFT_WOULD_BE_REJECTED
	          : e->status == CO_ST_DISQUALIFIED ? CO_DRAFT_WOULD_BE_DISQUALIFIED
	                                            : CO_DRAFT_COMPLIANT;
	static const char *const names[] = {"compliant", "would_be_rejected", "would_be_disqualified"};
	set(doc, "format", json_string("calloff-selfscore/1"));
	set(doc, "competition", json_string(rules->id));
	set(doc, "draft", json_string(co_utf8_valid(draft) ? draft : "(draft)"));
	set(doc, "status", json_string(names[*status]));
	for (size_t i = 0; i < e->nreasons; i++)
		add(problems, note_json(&e->reasons[i], failed));
	for (size_t i = 0; i < e->nflags; i++)
		add(risks, note_json(&e->flags[i], failed));
	set(doc, "problems", problems);
	problems = NULL;
	if (!e->bid->invalid)
		project(rules, e, doc, risks, failed);
	set(doc, "risks", risks);
	risks = NULL;
	if (!e->bid->invalid)
		set(doc, "prices", prices(rules, e, failed));
	set(doc, "note", json_string("Price points depend on the other bids, so they are never projected."));
	if (whole) /* a document with a part missing is never shown */
		goto out;
	if (as_json) {
		*out = co_json_text(doc, 0);
	} else if (co_json_for_terminal(doc) == 0) { /* the text is for a terminal: what came from an input is shown safely */
		*out = as_text(doc);
	}
	rc = *out ? 0 : CO_ERROR;
out:
	json_decref(doc);
	json_decref(problems);
	json_decref(risks);
	co_paths_free(paths);
	co_result_free(res);
	return rc;
}

#undef set
#undef add
