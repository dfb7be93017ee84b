/* The panel's marking plan: built from the eligible bids, its digests, and its file (panel.json), written and read back. */
#include "panels/plan.h"
#include "panels/redact.h"
#include "base/diag.h"
#include "base/jsontext.h"
#include "base/readfile.h"
#include "base/sha256.h"
#include "base/utf8.h"
#include "base/words.h"
#include "evaluating/evaluate.h"

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_version.h>
#include <jansson.h>
#include <sys/stat.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

long co_plan_evaluator_at(const co_plan *p, const char *id)
{
	for (size_t e = 0; id && e < p->nev; e++)
		if (!strcmp(p->evs[e].id, id))
			return (long)e;
	return -1;
}

long co_plan_label_at(const co_plan *p, const char *label)
{
	for (size_t k = 0; label && k < p->nb; k++)
		if (!strcmp(p->bids[k].label, label))
			return (long)k;
	return -1;
}

long co_plan_question_at(const co_plan *p, const char *qid)
{
	for (size_t q = 0; qid && q < p->rules->nq; q++)
		if (!strcmp(p->rules->questions[q].id, qid))
			return (long)q;
	return -1;
}

size_t co_plan_items(const co_plan *p, size_t e)
{
	size_t nq = 0;
	for (size_t q = 0; q < p->rules->nq; q++)
		nq += p->evs[e].assigned[q] != 0;
	return nq * p->nb;
}

int co_plan_on_scale(const co_plan *p, long value)
{
	for (size_t m = 0; m < p->rules->nmarks; m++)
		if (p->rules->marks[m] == value)
			return 1;
	return 0;
}

/* Append a digest's text, "sha256:" and the hex of what s holds, to out. 0 or CO_ERROR. */
static int digest_text(char out[CO_DIGEST_TEXT], co_sha256 *s)
{
	char hex[CO_SHA256_HEX];
	if (co_sha256_final(s, hex))
		return CO_ERROR;
	snprintf(out, CO_DIGEST_TEXT, "sha256:%s", hex);
	return 0;
}

/* Add text and its terminating NUL to the digest. */
static int add_text(co_sha256 *s, const char *text)
{
	return co_sha256_update(s, text, strlen(text) + 1);
}

int co_plan_marks_digest(char out[CO_DIGEST_TEXT], const co_seen_mark *marks, size_t n)
{
	co_sha256 *s = co_sha256_new();
	int rc = !s || co_sha256_init(s) ? CO_ERROR : 0;
	for (size_t i = 0; !rc && i < n; i++) {
		char value[32];
		snprintf(value, sizeof(value), "%ld", marks[i].value);
		rc = add_text(s, marks[i].evaluator) || add_text(s, value) ||
		     add_text(s, marks[i].rationale ? marks[i].rationale : "") ? CO_ERROR : 0;
	}
	if (!rc)
		rc = digest_text(out, s);
	co_sha256_free(s);
	return rc;
}

void co_plan_free(co_plan *p)
{
	if (!p)
		return;
	for (size_t k = 0; p->bids && k < p->nb; k++) {
		co_plan_bid *b = &p->bids[k];
		for (size_t q = 0; b->responses && q < p->rules->nq; q++)
			free(b->responses[q].text);
		free(b->responses);
		free(b->bid);
		free(b->supplier);
		free(b->file);
	}
	for (size_t e = 0; p->evs && e < p->nev; e++) {
		free(p->evs[e].id);
		free(p->evs[e].assigned);
	}
	free(p->bids);
	free(p->evs);
	free(p->competition);
	free(p);
}

/* The digests of each evaluator's pack and of the whole plan, from what the plan holds. 0 or CO_ERROR. */
static int plan_digests(co_plan *p)
{
	const co_rules *r = p->rules;
	co_sha256 *s = co_sha256_new();
	int rc = s ? 0 : CO_ERROR;
	for (size_t e = 0; !rc && e < p->nev; e++) {
		rc = co_sha256_init(s) || add_text(s, "calloff-pack/1") || add_text(s, p->competition) ||
		     add_text(s, p->evs[e].id) ? CO_ERROR : 0;
		for (size_t m = 0; !rc && m < r->nmarks; m++) {
			char mark[32];
			snprintf(mark, sizeof(mark), "%ld", r->marks[m]);
			rc = add_text(s, mark) ? CO_ERROR : 0;
		}
		for (size_t k = 0; !rc && k < p->nb; k++)
			for (size_t q = 0; !rc && q < r->nq; q++)
				if (p->evs[e].assigned[q])
					rc = add_text(s, p->bids[k].label) || add_text(s, r->questions[q].id) ||
					     add_text(s, p->bids[k].responses[q].digest) ? CO_ERROR : 0;
		if (!rc)
			rc = digest_text(p->evs[e].pack, s);
	}
	if (!rc)
		rc = co_sha256_init(s) || add_text(s, "calloff-plan/1") || add_text(s, p->competition) ? CO_ERROR : 0;
	for (size_t e = 0; !rc && e < p->nev; e++)
		rc = add_text(s, p->evs[e].id) || add_text(s, p->evs[e].pack) ? CO_ERROR : 0;
	/* The key too: which bid is behind each label, so that no one can move a mark to another bid. */
	for (size_t k = 0; !rc && k < p->nb; k++)
		rc = add_text(s, p->bids[k].label) || add_text(s, p->bids[k].bid) ? CO_ERROR : 0;
	if (!rc)
		rc = digest_text(p->digest, s);
	co_sha256_free(s);
	return rc;
}

/* A response's digest, of its text as the panel sees it. 0 or CO_ERROR. */
static int response_digest(co_plan_response *pr)
{
	char hex[CO_SHA256_HEX];
	if (co_sha256_mem(pr->text, strlen(pr->text), hex))
		return CO_ERROR;
	snprintf(pr->digest, sizeof(pr->digest), "sha256:%s", hex);
	return 0;
}

/* An empty plan for the rules: competition copied, nothing else. NULL when out of memory. */
static co_plan *plan_new(const co_rules *r)
{
	co_plan *p = calloc(1, sizeof(*p));
	if (!p)
		return NULL;
	p->rules = r;
	if (!(p->competition = strdup(r->id))) {
		free(p);
		return NULL;
	}
	return p;
}

/* Add evaluator id (assigned every question) to p. 0 or CO_ERROR. */
static int add_evaluator(co_plan *p, const char *id)
{
	co_plan_evaluator *evs = realloc(p->evs, (p->nev + 1) * sizeof(*evs));
	if (!evs)
		return CO_ERROR;
	p->evs = evs;
	co_plan_evaluator *ev = &evs[p->nev];
	memset(ev, 0, sizeof(*ev));
	ev->id = strdup(id);
	ev->assigned = malloc(p->rules->nq ? p->rules->nq : 1);
	if (!ev->id || !ev->assigned) {
		free(ev->id);
		free(ev->assigned);
		return CO_ERROR;
	}
	memset(ev->assigned, 1, p->rules->nq);
	p->nev++;
	return 0;
}

/*
 * Apply one assignment "E3=Q1,Q2": E3 marks those questions only. Each evaluator may be named
 * once. 0, CO_EINVALID (diags say why) or CO_ERROR.
 */
static int assign(co_plan *p, const char *a, unsigned char *named, co_diags *diags)
{
	const char *eq = strchr(a, '=');
	if (!eq || eq == a || !eq[1])
		return co_diag_add(diags, "--assign", 1, 1, "'%s' is not EVALUATOR=QUESTION,QUESTION...", a) ? CO_ERROR
		                                                                                             : CO_EINVALID;
	char *ev = strndup(a, (size_t)(eq - a));
	if (!ev)
		return CO_ERROR;
	long e = co_plan_evaluator_at(p, ev);
	int rc = 0;
	if (e < 0)
		rc = co_diag_add(diags, "--assign", 1, 1, "'%s': no evaluator '%s' in --evaluators", a, ev) ? CO_ERROR
		                                                                                           : CO_EINVALID;
	else if (named[e])
		rc = co_diag_add(diags, "--assign", 1, 1, "'%s': evaluator '%s' is assigned twice", a, ev) ? CO_ERROR
		                                                                                          : CO_EINVALID;
	free(ev);
	if (rc)
		return rc;
	named[e] = 1;
	memset(p->evs[e].assigned, 0, p->rules->nq);
	for (const char *s = eq + 1; *s;) {
		const char *comma = strchr(s, ',');
		size_t len = comma ? (size_t)(comma - s) : strlen(s);
		char *qid = strndup(s, len);
		if (!qid)
			return CO_ERROR;
		long q = co_plan_question_at(p, qid);
		if (q < 0)
			rc = co_diag_add(diags, "--assign", 1, 1, "'%s': no question '%s' in the rules", a, qid) ? CO_ERROR
			                                                                                        : CO_EINVALID;
		else if (p->evs[e].assigned[q])
			rc = co_diag_add(diags, "--assign", 1, 1, "'%s': question '%s' is named twice", a, qid) ? CO_ERROR
			                                                                                       : CO_EINVALID;
		else
			p->evs[e].assigned[q] = 1;
		free(qid);
		if (rc)
			return rc;
		s += len + (comma != NULL);
	}
	return 0;
}

/* Every question must be marked by someone: a question no evaluator marks could never be scored. */
static int everything_marked(const co_plan *p, co_diags *diags)
{
	int rc = 0;
	for (size_t q = 0; q < p->rules->nq && !rc; q++) {
		size_t by = 0;
		for (size_t e = 0; e < p->nev; e++)
			by += p->evs[e].assigned[q] != 0;
		if (!by)
			rc = co_diag_add(diags, "--assign", 1, 1, "no evaluator marks question '%s'", p->rules->questions[q].id)
			         ? CO_ERROR
			         : CO_EINVALID;
	}
	return rc;
}

int co_plan_build(co_plan **out, const co_rules *r, const co_paths *bids, const co_panel_options *opts,
                  co_diags *diags)
{
	co_result *res = NULL;
	size_t *idx = NULL, n = 0;
	co_redactor rd = {0};
	gsl_rng *rng = NULL;
	unsigned char *named = NULL;
	co_plan *p = NULL;
	int rc = CO_EINVALID;
	*out = NULL;
	/* The evaluators named on the command line, else the rules' panel.evaluators. */
	const char *const *evs = opts->nev ? opts->evaluators : (const char *const *)r->panel_evaluators;
	size_t nev = opts->nev ? opts->nev : r->npanel_evaluators;
	if (!nev) {
		co_diag_add(diags, "--evaluators", 1, 1,
		            "the panel needs at least one evaluator (--evaluators, or panel.evaluators in the rule file)");
		goto out;
	}
	rc = CO_ERROR;
	if (!(p = plan_new(r)))
		goto out;
	p->seed = opts->seed;
	for (size_t e = 0; e < nev; e++) {
		const char *id = evs[e];
		rc = CO_EINVALID;
		if (!co_id_valid(id)) {
			co_diag_add(diags, "--evaluators", 1, 1, "'%s' is not an evaluator id ([A-Za-z0-9._-]{1,64})", id);
			goto out;
		}
		if (co_plan_evaluator_at(p, id) >= 0) {
			co_diag_add(diags, "--evaluators", 1, 1, "evaluator '%s' is named twice", id);
			goto out;
		}
		rc = CO_ERROR;
		if (add_evaluator(p, id))
			goto out;
	}
	if (!(named = calloc(p->nev, 1)))
		goto out;
	/* The rules' panel.assign for the evaluators on this panel; an --assign replaces it for its evaluator. */
	for (size_t a = 0; a < r->npanel_assign; a++) {
		long e = co_plan_evaluator_at(p, r->panel_assign[a].evaluator);
		if (e >= 0)
			memcpy(p->evs[e].assigned, r->panel_assign[a].questions, r->nq);
	}
	for (size_t a = 0; a < opts->nassign; a++)
		if ((rc = assign(p, opts->assign[a], named, diags)))
			goto out;
	if ((rc = everything_marked(p, diags)) || (rc = co_eligible_bids(&res, r, bids, &idx, &n)))
		goto out;
	if (!n) {
		co_diag_add(diags, "panel", 1, 1, "no bid passed admissibility and compliance: there is nothing to mark");
		rc = CO_EINVALID;
		goto out;
	}
	rc = CO_ERROR;
	if (co_redactor_collect(res, idx, n, &rd) || !(rng = gsl_rng_alloc(gsl_rng_mt19937)))
		goto out;
	/* The same shuffle as co_packs(): the same seed gives the same labels. */
	gsl_rng_set(rng, opts->seed);
	if (n > 1)
		gsl_ran_shuffle(rng, idx, n, sizeof(size_t));
	if (!(p->bids = calloc(n, sizeof(*p->bids))))
		goto out;
	p->nb = n;
	for (size_t k = 0; k < n; k++) {
		const co_bid *b = res->entries[idx[k]].bid;
		co_plan_bid *pb = &p->bids[k];
		snprintf(pb->label, sizeof(pb->label), "Response %02zu", k + 1);
		pb->bid = strdup(b->id);
		pb->supplier = strdup(b->supplier_id ? b->supplier_id : "");
		pb->file = strdup(co_utf8_valid(b->file) ? b->file : "(path not shown: not valid UTF-8)");
		pb->responses = calloc(r->nq ? r->nq : 1, sizeof(*pb->responses));
		if (!pb->bid || !pb->supplier || !pb->file || !pb->responses)
			goto out;
		for (size_t q = 0; q < r->nq; q++) {
			const co_question *qu = &r->questions[q];
			const co_bid_field *f = co_bid_field_find(b->body->responses, b->body->nresponses, qu->id);
			const char *text = f ? f->text : "";
			size_t words = f ? f->words : 0, len = strlen(text), keep = len;
			if (qu->max_words && words > (size_t)qu->max_words)
				keep = co_word_prefix(text, (size_t)qu->max_words);
			co_plan_response *pr = &pb->responses[q];
			pr->words = words;
			pr->cut_words = keep < len ? words - (size_t)qu->max_words : 0;
			if (!(pr->text = co_redacted_text(&rd, text, len, keep)) || response_digest(pr))
				goto out;
		}
	}
	rc = plan_digests(p);
out:
	if (rc) {
		co_plan_free(p);
		p = NULL;
	}
	*out = p;
	free(named);
	gsl_rng_free(rng);
	co_redactor_free(&rd);
	free(idx);
	co_result_free(res);
	return rc;
}

char *co_plan_json(const co_plan *p)
{
	const co_rules *r = p->rules;
	json_t *root = json_object(), *scale = json_array(), *qs = json_array(), *evs = json_array(),
	       *resp = json_array();
	int failed = !root;
	co_json_set(root, "format", json_string("calloff-panel/1"), &failed);
	co_json_set(root, "competition", json_string(p->competition), &failed);
	co_json_set(root, "note",
	            json_string("For the chair only: it names the bid behind each label. Do not give it to evaluators."),
	            &failed);
	co_json_set(root, "seed", json_integer((json_int_t)p->seed), &failed);
	co_json_set(root, "generator", json_string("gsl_rng_mt19937"), &failed);
	co_json_set(root, "gsl", json_string(gsl_version), &failed);
	co_json_set(root, "digest", json_string(p->digest), &failed);
	for (size_t m = 0; m < r->nmarks && scale; m++)
		co_json_append(scale, json_integer(r->marks[m]), &failed);
	co_json_set(root, "scale", scale, &failed);
	for (size_t q = 0; q < r->nq && qs; q++)
		co_json_append(qs, json_string(r->questions[q].id), &failed);
	co_json_set(root, "questions", qs, &failed);
	for (size_t e = 0; e < p->nev && evs; e++) {
		json_t *o = json_object(), *mine = json_array();
		co_json_set(o, "id", json_string(p->evs[e].id), &failed);
		for (size_t q = 0; q < r->nq && mine; q++)
			if (p->evs[e].assigned[q])
				co_json_append(mine, json_string(r->questions[q].id), &failed);
		co_json_set(o, "questions", mine, &failed);
		co_json_set(o, "pack", json_string(p->evs[e].pack), &failed);
		co_json_append(evs, o, &failed);
	}
	co_json_set(root, "evaluators", evs, &failed);
	for (size_t k = 0; k < p->nb && resp; k++) {
		const co_plan_bid *b = &p->bids[k];
		json_t *o = json_object(), *answers = json_array();
		co_json_set(o, "label", json_string(b->label), &failed);
		co_json_set(o, "bid", json_string(b->bid), &failed);
		co_json_set(o, "supplier", json_string(b->supplier), &failed);
		co_json_set(o, "file", json_string(b->file), &failed);
		for (size_t q = 0; q < r->nq && answers; q++) {
			const co_plan_response *pr = &b->responses[q];
			json_t *a = json_object();
			co_json_set(a, "question", json_string(r->questions[q].id), &failed);
			co_json_set(a, "words", json_integer((json_int_t)pr->words), &failed);
			co_json_set(a, "cut_words", json_integer((json_int_t)pr->cut_words), &failed);
			co_json_set(a, "digest", json_string(pr->digest), &failed);
			co_json_set(a, "text", json_string(pr->text), &failed);
			co_json_append(answers, a, &failed);
		}
		co_json_set(o, "answers", answers, &failed);
		co_json_append(resp, o, &failed);
	}
	co_json_set(root, "responses", resp, &failed);
	char *text = failed ? NULL : co_json_text(root, 0);
	json_decref(root);
	return text;
}

/* Largest panel.json read. */
#define CO_PLAN_MAX_BYTES (256L * 1024 * 1024)

/* A string member, or NULL when absent or not a string. */
static const char *member_text(const json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

/* Report that path is not a panel plan as made by calloff, saying what is wrong. Returns CO_EINVALID or CO_ERROR. */
static int not_a_plan(co_diags *diags, const char *path, const char *what)
{
	return co_diag_add(diags, path, 1, 1, "not the panel's plan as `calloff panel prepare` wrote it: %s", what)
	           ? CO_ERROR
	           : CO_EINVALID;
}

/* Fill p's bids from the "responses" array. 0, CO_EINVALID or CO_ERROR. */
static int read_responses(co_plan *p, const json_t *resp, const char *path, co_diags *diags)
{
	const co_rules *r = p->rules;
	if (!json_is_array(resp) || json_array_size(resp) == 0)
		return not_a_plan(diags, path, "no responses");
	p->nb = json_array_size(resp);
	if (!(p->bids = calloc(p->nb, sizeof(*p->bids))))
		return CO_ERROR;
	for (size_t k = 0; k < p->nb; k++) {
		const json_t *o = json_array_get(resp, k), *answers = json_object_get(o, "answers");
		co_plan_bid *b = &p->bids[k];
		const char *label = member_text(o, "label"), *bid = member_text(o, "bid"),
		           *supplier = member_text(o, "supplier"), *file = member_text(o, "file");
		char want[CO_LABEL_MAX];
		snprintf(want, sizeof(want), "Response %02zu", k + 1);
		if (!label || strcmp(label, want) || !bid || !supplier || !file || !json_is_array(answers) ||
		    json_array_size(answers) != r->nq)
			return not_a_plan(diags, path, "a response's label, bid or answers are not as written");
		snprintf(b->label, sizeof(b->label), "%s", label);
		b->bid = strdup(bid);
		b->supplier = strdup(supplier);
		b->file = strdup(file);
		b->responses = calloc(r->nq ? r->nq : 1, sizeof(*b->responses));
		if (!b->bid || !b->supplier || !b->file || !b->responses)
			return CO_ERROR;
		for (size_t q = 0; q < r->nq; q++) {
			const json_t *a = json_array_get(answers, q);
			const char *qid = member_text(a, "question"), *text = member_text(a, "text"),
			           *digest = member_text(a, "digest");
			json_t *words = json_object_get(a, "words"), *cut = json_object_get(a, "cut_words");
			if (!qid || strcmp(qid, r->questions[q].id) || !text || !digest || !json_is_integer(words) ||
			    !json_is_integer(cut) || json_integer_value(words) < 0 || json_integer_value(cut) < 0)
				return not_a_plan(diags, path, "an answer's question, text or counts are not as written");
			co_plan_response *pr = &b->responses[q];
			pr->words = (size_t)json_integer_value(words);
			pr->cut_words = (size_t)json_integer_value(cut);
			if (!(pr->text = strdup(text)) || response_digest(pr))
				return CO_ERROR;
			if (strcmp(pr->digest, digest))
				return co_diag_add(diags, path, 1, 1,
				                   "%s's answer to %s has been changed since `calloff panel prepare` wrote it (its "
				                   "text no longer matches its digest)",
				                   b->label, qid)
				           ? CO_ERROR
				           : CO_EINVALID;
		}
	}
	return 0;
}

/* Fill p's evaluators from the "evaluators" array. 0, CO_EINVALID or CO_ERROR. */
static int read_evaluators(co_plan *p, const json_t *evs, const char *path, co_diags *diags)
{
	if (!json_is_array(evs) || json_array_size(evs) == 0)
		return not_a_plan(diags, path, "no evaluators");
	for (size_t e = 0; e < json_array_size(evs); e++) {
		const json_t *o = json_array_get(evs, e), *qs = json_object_get(o, "questions");
		const char *id = member_text(o, "id");
		if (!id || !co_id_valid(id) || co_plan_evaluator_at(p, id) >= 0 || !json_is_array(qs) || !member_text(o, "pack"))
			return not_a_plan(diags, path, "an evaluator's id, questions or pack are not as written");
		if (add_evaluator(p, id))
			return CO_ERROR;
		memset(p->evs[e].assigned, 0, p->rules->nq);
		for (size_t i = 0; i < json_array_size(qs); i++) {
			long q = co_plan_question_at(p, json_string_value(json_array_get(qs, i)));
			if (q < 0)
				return not_a_plan(diags, path, "an evaluator's questions are not the rules' questions");
			p->evs[e].assigned[q] = 1;
		}
	}
	return 0;
}

int co_plan_read(co_plan **out, const char *dir, const co_rules *r, co_diags *diags)
{
	co_plan *p = NULL;
	json_t *root = NULL;
	char *path = NULL, *bytes = NULL;
	size_t len = 0;
	struct stat st;
	int rc = CO_ERROR;
	*out = NULL;
	if (stat(dir, &st) == 0 && S_ISDIR(st.st_mode))
		path = co_strdupf("%s/panel.json", dir);
	else
		path = strdup(dir);
	if (!path)
		goto out;
	if ((rc = co_read_file(path, NULL, CO_PLAN_MAX_BYTES, &bytes, &len, diags)))
		goto out;
	json_error_t err;
	/* Read as it is, never as what running out of memory made of it (co_json_load_sure). */
	if ((rc = co_json_load_sure(&root, bytes, len, JSON_REJECT_DUPLICATES, &err))) {
		if (rc == CO_EINVALID && co_diag_add(diags, path, err.line, err.column, "not JSON: %s", err.text))
			rc = CO_ERROR;
		goto out;
	}
	const char *format = member_text(root, "format"), *comp = member_text(root, "competition");
	if (!format || strcmp(format, "calloff-panel/1")) {
		rc = not_a_plan(diags, path, "its format is not calloff-panel/1");
		goto out;
	}
	if (!comp || strcmp(comp, r->id)) {
		rc = co_diag_add(diags, path, 1, 1, "the panel is for competition '%s', but the rules are for '%s'",
		                 comp ? comp : "", r->id)
		         ? CO_ERROR
		         : CO_EINVALID;
		goto out;
	}
	const json_t *scale = json_object_get(root, "scale"), *qs = json_object_get(root, "questions");
	int same = json_is_array(scale) && json_array_size(scale) == r->nmarks && json_is_array(qs) &&
	           json_array_size(qs) == r->nq;
	for (size_t m = 0; same && m < r->nmarks; m++)
		same = json_is_integer(json_array_get(scale, m)) && json_integer_value(json_array_get(scale, m)) == r->marks[m];
	for (size_t q = 0; same && q < r->nq; q++)
		same = json_string_value(json_array_get(qs, q)) &&
		       !strcmp(json_string_value(json_array_get(qs, q)), r->questions[q].id);
	if (!same) {
		rc = co_diag_add(diags, path, 1, 1,
		                 "the panel was prepared with other questions or another scale than the rules now have: "
		                 "prepare the panel again")
		         ? CO_ERROR
		         : CO_EINVALID;
		goto out;
	}
	json_t *seed = json_object_get(root, "seed");
	rc = CO_ERROR;
	if (!(p = plan_new(r)))
		goto out;
	p->seed = json_is_integer(seed) ? (unsigned long)json_integer_value(seed) : 0;
	if ((rc = read_evaluators(p, json_object_get(root, "evaluators"), path, diags)) ||
	    (rc = read_responses(p, json_object_get(root, "responses"), path, diags)) || (rc = plan_digests(p)))
		goto out;
	for (size_t e = 0; e < p->nev; e++) {
		const char *pack = member_text(json_array_get(json_object_get(root, "evaluators"), e), "pack");
		if (strcmp(pack, p->evs[e].pack)) {
			rc = not_a_plan(diags, path, "an evaluator's pack digest does not match what the plan holds");
			goto out;
		}
	}
	const char *digest = member_text(root, "digest");
	if (!digest || strcmp(digest, p->digest)) {
		rc = not_a_plan(diags, path, "its digest does not match what it holds");
		goto out;
	}
	rc = 0;
out:
	if (rc) {
		co_plan_free(p);
		p = NULL;
	}
	*out = p;
	json_decref(root);
	free(bytes);
	free(path);
	return rc;
}
