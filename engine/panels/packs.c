/* Anonymised evaluator packs: each question's responses under neutral labels, redacted and shown as text; the chair's key kept apart. */
#include "calloff/output.h"
#include "calloff/panel.h"
#include "base/diag.h"
#include "evaluating/evaluate.h"
#include "base/jsontext.h"
#include "base/num.h"
#include "base/outfile.h"
#include "base/strbuf.h"
#include "base/utf8.h"
#include "base/words.h"
#include "panels/redact.h"

#include <dirent.h>
#include <errno.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_version.h>
#include <jansson.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <string.h>
#include <unistd.h>

#define REDACTED "\\[redacted\\]" /* "[redacted]" as Markdown text: so "[redacted]: URL" defines no link */

/*
 * What to write for text[i], a character taken from a bid, so that it reads as itself in any
 * Markdown viewer (NULL: the character itself): `&`, `<` and `>` as HTML entities (so no tag,
 * comment or autolink can start); `|`, `~` and a line's first `=` (tables, strike-through, a
 * heading underline) as numeric references, which every flavour shows as the character
 * (Python-Markdown would show a backslash before them); so too the `:` of "://" and the `.` of a
 * word "www." (GitHub's bare-URL links); the other characters that Markdown gives a meaning to
 * behind a backslash. "1." is a list only at the start of a line (lead: nothing but digits
 * before on the line).
 */
static const char *escaped(const char *text, size_t len, size_t i, int lead, int digits)
{
	static const char *const backslashed[] = {"\\\\", "\\`", "\\*", "\\_", "\\[", "\\]", "\\(",
	                                          "\\)", "\\{", "\\}", "\\#", "\\+", "\\-", "\\!"};
	static const char plain_ones[] = "\\`*_[](){}#+-!";
	_Static_assert(sizeof(plain_ones) - 1 == sizeof(backslashed) / sizeof(*backslashed), "one escape each");
	switch (text[i]) {
	case '&':
		return "&amp;";
	case '<':
		return "&lt;";
	case '>':
		return "&gt;";
	case '=':
		return lead ? "&#61;" : NULL;
	case '|':
		return "&#124;";
	case '~':
		return "&#126;";
	case ':':
		return i + 2 < len && text[i + 1] == '/' && text[i + 2] == '/' ? "&#58;" : NULL;
	case '.':
		if (lead && digits)
			return "\\.";
		return i >= 3 && co_same_ascii_case(text + i - 3, "www", 3) && !co_word_before(text, i - 3) ? "&#46;" : NULL;
	case '\0':
		return NULL;
	default: {
		const char *p = strchr(plain_ones, text[i]);
		return p ? backslashed[p - plain_ones] : NULL;
	}
	}
}

/*
 * Append a response as a Markdown block quote that renders as its text: the first keep bytes of
 * text (len in all), with every term replaced by REDACTED and every character escaped. Each line
 * break stays one (a hard break), blank lines are one paragraph break, and the white space that
 * starts a line is dropped (it could only start a code block). Matches are found in the whole
 * text, so a name that the word limit cuts is still a name, and one running past the cut is
 * redacted whole. Characters that need nothing are appended a run at a time.
 */
static void put_response(co_strbuf *b, const char *text, size_t len, size_t keep, const co_redactor *rd)
{
	size_t i = 0, run = 0, breaks = 0, sp;
	int started = 0, lead = 1, digits = 0;
	co_strbuf_put(b, "> ");
	while (i < keep) {
		char c = text[i];
		const char *esc = NULL;
		size_t m = 0;
		int plain = c != '\n' && c != '\r' && !(lead && !digits && co_space_at(text, len, i)) && !breaks &&
		            !(m = co_redaction_at(text, len, i, rd)) && !(esc = escaped(text, len, i, lead, digits));
		if (plain) {
			started = 1;
			lead = lead && c >= '0' && c <= '9';
			digits = digits || lead;
			i++;
			continue;
		}
		if (i > run)
			co_strbuf_put(b, "%.*s", (int)(i - run), text + run);
		if (c == '\n') {
			breaks += started;
			lead = 1;
			digits = 0;
			run = ++i;
			continue;
		}
		if (c == '\r' || (lead && !digits && (sp = co_space_at(text, len, i)))) {
			i += c == '\r' ? 1 : sp;
			run = i;
			continue;
		}
		if (breaks) {
			co_strbuf_put(b, breaks == 1 ? "  \n> " : "\n>\n> ");
			breaks = 0;
			run = i; /* the character at i is looked at again, now that the line has begun */
			continue;
		}
		started = 1;
		if (m) {
			co_strbuf_put(b, "%s", REDACTED);
			i += m;
			lead = 0;
		} else {
			co_strbuf_put(b, "%s", esc);
			lead = lead && c >= '0' && c <= '9';
			digits = digits || lead;
			i++;
		}
		run = i;
	}
	if (i > run && run < keep)
		co_strbuf_put(b, "%.*s", (int)(keep - run), text + run);
	co_strbuf_put(b, "\n");
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

static char *question_pack(const co_result *res, size_t q, const size_t *label_of, size_t n, const co_redactor *rd)
{
	const co_rules *r = res->rules;
	const co_question *qu = &r->questions[q];
	co_strbuf b = {0};
	char *w = co_num_format_trim(qu->weight, 9);
	if (!w)
		return NULL;
	co_strbuf_put(&b, "# %s%s%s\n\nCompetition %s. Weight %s%% of the quality score.", qu->id, qu->title ? ": " : "",
	              qu->title ? qu->title : "", r->id, w);
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
	co_strbuf_put(&b, "\nSupplier names and ids are redacted from the responses as %s. Responses are shown as plain text: "
	                  "any markup in them is shown as written, never rendered. Mark what is written.\n", REDACTED);
	for (size_t k = 0; k < n; k++) {
		const co_entry *e = &res->entries[label_of[k]];
		const co_bid_field *f = co_bid_field_find(e->bid->body->responses, e->bid->body->nresponses, qu->id);
		const char *text = f ? f->text : "";
		size_t words = f ? f->words : 0, keep = strlen(text);
		if (qu->max_words && words > (size_t)qu->max_words)
			keep = co_word_prefix(text, (size_t)qu->max_words);
		co_strbuf_put(&b, "\n---\n\n## Response %02zu\n\n", k + 1);
		put_response(&b, text, strlen(text), keep, rd);
		if (keep < strlen(text))
			co_strbuf_put(&b, "\n**[Not evaluated: the response continues for %zu more words beyond the limit of %ld.]**\n",
			              words - (size_t)qu->max_words, qu->max_words);
	}
	return co_strbuf_take(&b);
}

/* The chair's key: label to bid, supplier and file, with the seed. NULL when out of memory (nothing is left out). */
static char *key_json(const co_result *res, const size_t *label_of, size_t n, unsigned long seed)
{
	json_t *root = json_object(), *labels = json_array();
	int failed = !root;
	co_json_set(root, "format", json_string("calloff-packs-key/1"), &failed);
	co_json_set(root, "competition", json_string(res->rules->id), &failed);
	co_json_set(root, "note", json_string("For the chair only: do not give this file to evaluators."), &failed);
	co_json_set(root, "seed", json_integer((json_int_t)seed), &failed);
	co_json_set(root, "generator", json_string("gsl_rng_mt19937"), &failed);
	co_json_set(root, "gsl", json_string(gsl_version), &failed);
	for (size_t k = 0; k < n && labels; k++) {
		const co_bid *b = res->entries[label_of[k]].bid;
		char label[32];
		snprintf(label, sizeof(label), "Response %02zu", k + 1);
		json_t *o = json_object();
		co_json_set(o, "label", json_string(label), &failed);
		co_json_set(o, "bid", json_string(b->id), &failed);
		co_json_set(o, "supplier", json_string(b->supplier_id), &failed);
		co_json_set(o, "file", json_string(co_utf8_valid(b->file) ? b->file : "(path not shown: not valid UTF-8)"),
		            &failed);
		co_json_append(labels, o, &failed);
	}
	co_json_set(root, "labels", labels, &failed);
	char *text = failed ? NULL : co_json_text(root, 0);
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

/*
 * The shallowest folder of path (path itself included) that does not exist yet, which making
 * path creates; NULL when path exists (or out of memory: *failed is set then).
 */
static char *first_missing(const char *path, int *failed)
{
	struct stat st;
	if (stat(path, &st) == 0)
		return NULL;
	char *p = strdup(path), *missing = NULL;
	if (!p) {
		*failed = 1;
		return NULL;
	}
	/* Walk up while the parent is missing too. */
	for (;;) {
		char *slash = strrchr(p, '/');
		while (slash && slash > p && slash[1] == '\0') { /* a trailing slash */
			*slash = '\0';
			slash = strrchr(p, '/');
		}
		free(missing);
		if (!(missing = strdup(p))) {
			*failed = 1;
			break;
		}
		if (!slash || slash == p)
			break;
		*slash = '\0';
		if (stat(p, &st) == 0)
			break;
	}
	free(p);
	return missing;
}

/* Remove the empty folders from dir up to top, which this run made (nothing else is in them). */
static void remove_made(const char *dir, const char *top)
{
	char *p = strdup(dir);
	while (p && rmdir(p) == 0 && strcmp(p, top) != 0) {
		char *slash = strrchr(p, '/');
		if (!slash || slash == p)
			break;
		*slash = '\0';
	}
	free(p);
}

int co_packs(const co_rules *r, const co_paths *bids, const co_packs_options *opts, co_diags *diags)
{
	co_result *res = NULL;
	size_t *idx = NULL, n = 0, nout = r->nq + 1, staged = 0, published = 0;
	co_redactor rd = {0};
	gsl_rng *rng = NULL;
	char *kdir = NULL, **text = NULL, **name = NULL, **tmp = NULL, *made_dir = NULL, *made_kdir = NULL;
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
	if (!text || !name || !tmp || co_redactor_collect(res, idx, n, &rd) || !(rng = gsl_rng_alloc(gsl_rng_mt19937)))
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
	int oom = 0;
	made_dir = first_missing(opts->dir, &oom);
	made_kdir = oom ? NULL : first_missing(kdir, &oom);
	if (oom)
		goto out;
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
	/* A failed run leaves no folder it made: the packs' and the key's, with their new parents. */
	if (rc && made_kdir)
		remove_made(kdir, made_kdir);
	if (rc && made_dir)
		remove_made(opts->dir, made_dir);
	free(made_dir);
	free(made_kdir);
	for (size_t i = 0; text && i < nout; i++)
		free(text[i]);
	for (size_t i = 0; name && i < nout; i++)
		free(name[i]);
	free(text);
	free(name);
	free(tmp);
	free(kdir);
	gsl_rng_free(rng);
	co_redactor_free(&rd);
	free(idx);
	co_result_free(res);
	return rc;
}
