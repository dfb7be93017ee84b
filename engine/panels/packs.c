/* Anonymised evaluator packs: each question's responses under neutral labels, with a separate key for the chair. */
#include "calloff/output.h"
#include "calloff/panel.h"
#include "base/diag.h"
#include "evaluating/evaluation.h"
#include "base/jsontext.h"
#include "base/outfile.h"
#include "base/num.h"
#include "base/strbuf.h"
#include "base/words.h"

#include <ctype.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_version.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#define REDACTED "[redacted]"

typedef struct {
	const char **terms;
	size_t n;
} redactor;

/* Every supplier name, supplier id and bid id of the competition (three characters or more). */
static int collect_terms(const co_result *res, redactor *rd)
{
	rd->terms = malloc((3 * res->n + 1) * sizeof(char *));
	rd->n = 0;
	if (!rd->terms)
		return CO_ERROR;
	for (size_t i = 0; i < res->n; i++) {
		const co_bid *b = res->entries[i].bid;
		const char *t[] = {b->supplier_name, b->supplier_id, b->id};
		for (int k = 0; k < 3; k++)
			if (t[k] && strlen(t[k]) >= 3)
				rd->terms[rd->n++] = t[k];
	}
	return 0;
}

/* Append text with every term replaced (ASCII case-insensitively, longest first) by REDACTED. */
static void redact(co_strbuf *b, const char *text, size_t len, const redactor *rd)
{
	size_t i = 0, run = 0;
	while (i < len) {
		size_t best = 0;
		for (size_t k = 0; k < rd->n; k++) {
			size_t tl = strlen(rd->terms[k]);
			if (tl > best && tl <= len - i && strncasecmp(text + i, rd->terms[k], tl) == 0)
				best = tl;
		}
		if (best) {
			co_strbuf_put(b, "%.*s%s", (int)(i - run), text + run, REDACTED);
			i += best;
			run = i;
		} else {
			i++;
		}
	}
	co_strbuf_put(b, "%.*s", (int)(len - run), text + run);
}

/* Append s as a Markdown block quote, line by line. */
static void quote(co_strbuf *b, const char *s)
{
	const char *p = s;
	while (*p == '\n' || *p == '\r' || *p == ' ' || *p == '\t')
		p++;
	co_strbuf_put(b, "> ");
	for (; *p; p++) {
		if (*p == '\r')
			continue;
		if (*p == '\n')
			co_strbuf_put(b, "\n> ");
		else
			co_strbuf_put(b, "%c", *p);
	}
	co_strbuf_put(b, "\n");
}

static char *question_pack(const co_result *res, size_t q, const size_t *label_of, size_t n, const redactor *rd)
{
	const co_rules *r = res->rules;
	const co_question *qu = &r->questions[q];
	co_strbuf b = {0};
	char *w = co_num_format_trim(qu->weight, 9);
	if (!w) /* never a pack with its weight left blank */
		b.failed = 1;
	co_strbuf_put(&b, "# %s%s%s\n\nCompetition %s. Weight %s%% of the quality score.", qu->id, qu->title ? ": " : "",
	              qu->title ? qu->title : "", r->id, w ? w : "");
	free(w);
	if (qu->max_words)
		co_strbuf_put(&b, " Word limit %ld: words beyond it are cut off and not evaluated.", qu->max_words);
	co_strbuf_put(&b, "\n\n");
	if (qu->text) {
		co_strbuf_put(&b, "Question:\n\n");
		quote(&b, qu->text);
		co_strbuf_put(&b, "\n");
	}
	co_strbuf_put(&b, "Scale:\n\n");
	for (size_t m = 0; m < r->nmarks; m++)
		co_strbuf_put(&b, "- %ld: %s\n", r->marks[m], r->labels[m] ? r->labels[m] : "");
	co_strbuf_put(&b, "\nSupplier names and ids are redacted from the responses as %s. Mark what is written.\n", REDACTED);
	for (size_t k = 0; k < n; k++) {
		const co_entry *e = &res->entries[label_of[k]];
		const co_bid_field *f = co_bid_field_find(e->bid->body->responses, e->bid->body->nresponses, qu->id);
		const char *text = f ? f->text : "";
		size_t words = f ? f->words : 0, keep = strlen(text);
		if (qu->max_words && words > (size_t)qu->max_words)
			keep = co_word_prefix(text, (size_t)qu->max_words);
		co_strbuf body = {0};
		redact(&body, text, keep, rd);
		char *shown = co_strbuf_take(&body);
		if (!shown) /* never a response shown empty */
			b.failed = 1;
		co_strbuf_put(&b, "\n---\n\n## Response %02zu\n\n", k + 1);
		quote(&b, shown ? shown : "");
		free(shown);
		if (keep < strlen(text))
			co_strbuf_put(&b, "\n**[Not evaluated: the response continues for %zu more words beyond the limit of %ld.]**\n",
			              words - (size_t)qu->max_words, qu->max_words);
	}
	return co_strbuf_take(&b);
}

/* The chair's key, or NULL when any part of it could not be made: a key is whole or not written. */
static char *key_json(const co_result *res, const size_t *label_of, size_t n, unsigned long seed)
{
	json_t *root = json_object(), *labels = json_array();
	int failed = 0;
	co_json_set(root, "format", json_string("calloff-packs-key/1"), &failed);
	co_json_set(root, "competition", json_string(res->rules->id), &failed);
	co_json_set(root, "note", json_string("For the chair only: do not give this file to evaluators."), &failed);
	co_json_set(root, "seed", json_integer((json_int_t)seed), &failed);
	co_json_set(root, "generator", json_string("gsl_rng_mt19937"), &failed);
	co_json_set(root, "gsl", json_string(gsl_version), &failed);
	for (size_t k = 0; labels && k < n; k++) {
		const co_bid *b = res->entries[label_of[k]].bid;
		char label[32];
		snprintf(label, sizeof(label), "Response %02zu", k + 1);
		json_t *o = json_object();
		co_json_set(o, "label", json_string(label), &failed);
		co_json_set(o, "bid", json_string(b->id), &failed);
		co_json_set(o, "supplier", json_string(b->supplier_id), &failed);
		co_json_set(o, "file", json_string(b->file), &failed);
		co_json_append(labels, o, &failed);
	}
	co_json_set(root, "labels", labels, &failed);
	char *text = failed ? NULL : co_json_text(root, 0);
	json_decref(root);
	return text;
}

/*
 * Every pack and the key are made in memory, then written to temporary files, and only when all
 * are written are they renamed into place: a run that fails (out of memory, a full disk) leaves
 * the folder as it was, and removes it again when it made it.
 */
int co_packs(const co_rules *r, const co_paths *bids, const char *outdir, unsigned long seed, co_diags *diags)
{
	co_result *res = NULL;
	size_t *idx = NULL, n = 0, nf = r->nq + 1;
	redactor rd = {0};
	gsl_rng *rng = NULL;
	char **names = NULL, **texts = NULL, **tmps = NULL, **finals = NULL;
	struct stat st;
	int made = 0;
	int rc = co_eligible_bids(&res, r, bids, &idx, &n);
	if (rc)
		return rc;
	rc = CO_ERROR;
	names = calloc(nf, sizeof(char *));
	texts = calloc(nf, sizeof(char *));
	tmps = calloc(nf, sizeof(char *));
	finals = calloc(nf, sizeof(char *));
	if (!names || !texts || !tmps || !finals || collect_terms(res, &rd) || !(rng = gsl_rng_alloc(gsl_rng_mt19937)))
		goto out;
	gsl_rng_set(rng, seed);
	if (n > 1)
		gsl_ran_shuffle(rng, idx, n, sizeof(size_t));
	for (size_t q = 0; q < r->nq; q++)
		if (!(texts[q] = question_pack(res, q, idx, n, &rd)) || !(names[q] = co_strdupf("%s.md", r->questions[q].id)))
			goto out;
	if (!(texts[r->nq] = key_json(res, idx, n, seed)) || !(names[r->nq] = strdup("key.json")))
		goto out;
	for (size_t k = 0; k < nf; k++)
		if (!(finals[k] = co_strdupf("%s/%s", outdir, names[k])))
			goto out;
	made = stat(outdir, &st) != 0;
	if ((rc = co_output_mkdir(outdir, diags)))
		goto out;
	for (size_t k = 0; k < nf; k++)
		if ((rc = co_output_stage(outdir, names[k], texts[k], strlen(texts[k]), &tmps[k], diags)))
			goto out;
	for (size_t k = 0; k < nf; k++) {
		rc = co_output_publish_to(outdir, finals[k], tmps[k], diags);
		free(tmps[k]);
		tmps[k] = NULL;
		if (rc)
			goto out;
	}
	made = 0;
out:
	for (size_t k = 0; k < nf; k++) {
		if (tmps && tmps[k])
			unlink(tmps[k]);
		free(tmps ? tmps[k] : NULL);
		free(names ? names[k] : NULL);
		free(texts ? texts[k] : NULL);
		free(finals ? finals[k] : NULL);
	}
	if (made)
		rmdir(outdir); /* only while it is still empty */
	free(tmps);
	free(names);
	free(texts);
	free(finals);
	gsl_rng_free(rng);
	free(rd.terms);
	free(idx);
	co_result_free(res);
	return rc;
}
