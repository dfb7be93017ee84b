/* Anonymised evaluator packs: each question's responses under neutral labels, with a separate key for the chair. */
#include "calloff/output.h"
#include "calloff/panel.h"
#include "base/diag.h"
#include "evaluating/evaluate.h"
#include "base/jsontext.h"
#include "base/num.h"
#include "base/outfile.h"
#include "base/strbuf.h"
#include "base/words.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_version.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
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
		co_strbuf_put(&b, "\n---\n\n## Response %02zu\n\n", k + 1);
		quote(&b, shown ? shown : "");
		free(shown);
		if (keep < strlen(text))
			co_strbuf_put(&b, "\n**[Not evaluated: the response continues for %zu more words beyond the limit of %ld.]**\n",
			              words - (size_t)qu->max_words, qu->max_words);
	}
	return co_strbuf_take(&b);
}

static char *key_json(const co_result *res, const size_t *label_of, size_t n, unsigned long seed)
{
	json_t *root = json_object(), *labels = json_array();
	json_object_set_new(root, "format", json_string("calloff-packs-key/1"));
	json_object_set_new(root, "competition", json_string(res->rules->id));
	json_object_set_new(root, "note", json_string("For the chair only: do not give this file to evaluators."));
	json_object_set_new(root, "seed", json_integer((json_int_t)seed));
	json_object_set_new(root, "generator", json_string("gsl_rng_mt19937"));
	json_object_set_new(root, "gsl", json_string(gsl_version));
	for (size_t k = 0; k < n; k++) {
		const co_bid *b = res->entries[label_of[k]].bid;
		char label[32];
		snprintf(label, sizeof(label), "Response %02zu", k + 1);
		json_t *o = json_object();
		json_object_set_new(o, "label", json_string(label));
		json_object_set_new(o, "bid", json_string(b->id));
		json_object_set_new(o, "supplier", json_string(b->supplier_id));
		json_object_set_new(o, "file", json_string(b->file));
		json_array_append_new(labels, o);
	}
	json_object_set_new(root, "labels", labels);
	char *text = co_json_text(root, 0);
	json_decref(root);
	return text;
}

/*
 * The canonical absolute path of p, symbolic links resolved, for a path that may not exist yet:
 * the longest part that exists goes through realpath(), the rest is appended name by name
 * ("." dropped, ".." going up), as co_output_mkdir() would create it. NULL when out of memory
 * or when a part cannot be resolved (errno says why).
 */
static char *canonical(const char *p)
{
	char *real = realpath(p, NULL);
	if (real || (errno != ENOENT && errno != ENOTDIR))
		return real;
	size_t len = strlen(p);
	while (len > 1 && p[len - 1] == '/')
		len--;
	size_t cut = len;
	while (cut > 0 && p[cut - 1] != '/')
		cut--;
	const char *last = p + cut;
	size_t lastlen = len - cut;
	char *parent = cut == 0 ? strdup(".") : cut == 1 ? strdup("/") : strndup(p, cut - 1);
	char *base = parent ? canonical(parent) : NULL, *out = NULL;
	free(parent);
	if (!base)
		return NULL;
	if (lastlen == 0 || (lastlen == 1 && last[0] == '.')) {
		out = base;
		base = NULL;
	} else if (lastlen == 2 && last[0] == '.' && last[1] == '.') {
		char *slash = strrchr(base, '/');
		if (slash == base)
			slash[1] = '\0';
		else
			*slash = '\0';
		out = base;
		base = NULL;
	} else {
		out = co_strdupf("%s%s%.*s", base, strcmp(base, "/") ? "/" : "", (int)lastlen, last);
	}
	free(base);
	return out;
}

/*
 * Where the key goes: its folder as given (created if missing) and its file name. The key must
 * name a file, and that file must be neither the packs' folder nor inside it or any folder under
 * it, after symbolic links and "..": the packs' folder is what evaluators are given. 0,
 * CO_EINVALID with a diagnostic, CO_EIO when a path cannot be resolved, or CO_ERROR.
 */
static int key_place(const char *dir, const char *key, char **kdir, const char **kname, co_diags *diags)
{
	const char *slash = strrchr(key, '/');
	*kname = slash ? slash + 1 : key;
	*kdir = slash ? (slash == key ? strdup("/") : strndup(key, (size_t)(slash - key))) : strdup(".");
	if (!*kdir)
		return CO_ERROR;
	if (!**kname || !strcmp(*kname, ".") || !strcmp(*kname, "..")) {
		co_diag_add(diags, key, 1, 1, "the chair's key must name a file");
		return CO_EINVALID;
	}
	char *cd = canonical(dir), *ck = NULL, *cf = NULL;
	int rc = 0;
	if (cd && (ck = canonical(*kdir)))
		cf = co_strdupf("%s%s%s", ck, strcmp(ck, "/") ? "/" : "", *kname);
	if (!cd || !ck) {
		rc = errno == ENOMEM ? CO_ERROR : CO_EIO;
		if (rc == CO_EIO)
			co_diag_add(diags, cd ? key : dir, 1, 1, "cannot resolve the path: %s", strerror(errno));
	} else if (!cf) {
		rc = CO_ERROR;
	} else {
		size_t n = strlen(cd);
		if (!strcmp(cd, "/") || (!strncmp(cf, cd, n) && (cf[n] == '\0' || cf[n] == '/'))) {
			co_diag_add(diags, key, 1, 1,
			            "the chair's key must be outside the packs' folder %s, which is given to evaluators", dir);
			rc = CO_EINVALID;
		}
	}
	free(cd);
	free(ck);
	free(cf);
	return rc;
}

/*
 * The packs' folder is handed to evaluators whole, so it may hold nothing but the packs: when it
 * exists already, every entry in it must be one of the QUESTION-ID.md files this run writes (a
 * rerun replaces them). Anything else, a key.json written there by an earlier version included,
 * is refused, naming the file. 0, CO_EINVALID, CO_EIO or CO_ERROR.
 */
static int dir_holds_only_packs(const co_rules *r, const char *dir, co_diags *diags)
{
	DIR *d = opendir(dir);
	if (!d) {
		if (errno == ENOENT)
			return 0;
		if (errno == ENOTDIR) {
			co_diag_add(diags, dir, 1, 1, "not a directory");
			return CO_EIO;
		}
		co_diag_add(diags, dir, 1, 1, "cannot read the folder: %s", strerror(errno));
		return errno == ENOMEM ? CO_ERROR : CO_EIO;
	}
	int rc = 0;
	struct dirent *e;
	errno = 0;
	while ((e = readdir(d))) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		int ours = 0;
		size_t len = strlen(e->d_name);
		for (size_t q = 0; q < r->nq && !ours; q++) {
			size_t ql = strlen(r->questions[q].id);
			ours = len == ql + 3 && !strncmp(e->d_name, r->questions[q].id, ql) && !strcmp(e->d_name + ql, ".md");
		}
		if (!ours) {
			co_diag_add(diags, dir, 1, 1,
			            "the packs' folder, which is given to evaluators, holds '%s': move it out, or choose a new folder",
			            e->d_name);
			rc = CO_EINVALID;
		}
		errno = 0;
	}
	if (!rc && errno) {
		co_diag_add(diags, dir, 1, 1, "cannot read the folder: %s", strerror(errno));
		rc = CO_EIO;
	}
	closedir(d);
	return rc;
}

int co_packs(const co_rules *r, const co_paths *bids, const co_packs_options *opts, co_diags *diags)
{
	co_result *res = NULL;
	size_t *idx = NULL, n = 0, nout = r->nq + 1, staged = 0, published = 0;
	redactor rd = {0};
	gsl_rng *rng = NULL;
	char *kdir = NULL, **text = NULL, **name = NULL, **tmp = NULL;
	const char *kname = NULL;
	int rc;
	if (!opts || !opts->dir || !*opts->dir || !opts->key || !*opts->key) {
		co_diag_add(diags, "packs", 1, 1, "the packs need a folder and a file for the chair's key");
		return CO_EINVALID;
	}
	if ((rc = key_place(opts->dir, opts->key, &kdir, &kname, diags)) || (rc = dir_holds_only_packs(r, opts->dir, diags)))
		goto out;
	if ((rc = co_eligible_bids(&res, r, bids, &idx, &n)))
		goto out;
	rc = CO_ERROR;
	text = calloc(nout, sizeof(char *));
	name = calloc(nout, sizeof(char *));
	tmp = calloc(nout, sizeof(char *));
	if (!text || !name || !tmp || collect_terms(res, &rd) || !(rng = gsl_rng_alloc(gsl_rng_mt19937)))
		goto out;
	gsl_rng_set(rng, opts->seed);
	if (n > 1)
		gsl_ran_shuffle(rng, idx, n, sizeof(size_t));
	/* 1. Every file in memory: the packs, then the key (the last entry, written to kdir). */
	for (size_t q = 0; q < r->nq; q++)
		if (!(text[q] = question_pack(res, q, idx, n, &rd)) || !(name[q] = co_strdupf("%s.md", r->questions[q].id)))
			goto out;
	if (!(text[r->nq] = key_json(res, idx, n, opts->seed)))
		goto out;
	/* 2. Every file staged beside its final name and flushed to disk, or nothing is published. */
	if ((rc = co_output_mkdir(opts->dir, diags)) || (rc = co_output_mkdir(kdir, diags)))
		goto out;
	for (staged = 0; staged < nout; staged++) {
		const char *d = staged < r->nq ? opts->dir : kdir, *f = staged < r->nq ? name[staged] : kname;
		if ((rc = co_output_stage_sync(d, f, text[staged], strlen(text[staged]), &tmp[staged], diags, 0)))
			goto out;
	}
	if ((rc = co_output_syncfs(opts->dir, diags)) || (rc = co_output_syncfs(kdir, diags)))
		goto out;
	/* 3. Renamed into place, packs first and the key last. */
	for (published = 0; published < nout; published++) {
		const char *d = published < r->nq ? opts->dir : kdir, *f = published < r->nq ? name[published] : kname;
		rc = co_output_publish(d, f, tmp[published], diags);
		free(tmp[published]);
		tmp[published] = NULL;
		if (rc)
			goto out;
	}
out:
	/* A failed rename leaves no mix of this run's packs with older ones: what it renamed is removed. */
	for (size_t i = 0; rc && i < published && i < r->nq; i++) {
		char *path = co_strdupf("%s/%s", opts->dir, name[i]);
		if (path)
			unlink(path);
		free(path);
	}
	for (size_t i = 0; tmp && i < nout; i++) {
		if (tmp[i])
			unlink(tmp[i]);
		free(tmp[i]);
	}
	for (size_t i = 0; text && i < nout; i++)
		free(text[i]);
	for (size_t i = 0; name && i < nout; i++)
		free(name[i]);
	free(text);
	free(name);
	free(tmp);
	free(kdir);
	gsl_rng_free(rng);
	free(rd.terms);
	free(idx);
	co_result_free(res);
	return rc;
}
