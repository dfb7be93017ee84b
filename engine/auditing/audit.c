/* The audit record: inputs hashed and bundled, outputs published as a set (replay.c reads a record back). */
#include "auditing/audit_internal.h"
#include "calloff/version.h"
#include "base/diag.h"
#include "base/jsontext.h"
#include "base/outfile.h"
#include "base/pathtext.h"
#include "base/readfile.h"
#include "base/sha256.h"

#include <dirent.h>
#include <errno.h>
#include <gmp.h>
#include <gsl/gsl_version.h>
#include <jansson.h>
#include <libxml/xmlversion.h>
#include <openssl/crypto.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <yaml.h>

static const char *const role_names[] = {"rules", "bid", "marks"};

static int add_input(co_audit *a, role r, const char *path, co_diags *diags, int must_read)
{
	input *p = realloc(a->in, (a->nin + 1) * sizeof(*p));
	if (!p)
		return CO_ERROR;
	a->in = p;
	input *x = &a->in[a->nin++];
	memset(x, 0, sizeof(*x));
	x->role = r;
	if (!(x->path = strdup(path)))
		return CO_ERROR;
	int rc = co_sha256_file(path, NULL, x->sha, &x->size, must_read ? diags : NULL);
	if (rc == 0)
		x->readable = 1;
	else if (must_read || rc == CO_ERROR)
		return rc;
	/* An unreadable bid is kept: it is rejected by the evaluation, and recorded without a digest. */
	return 0;
}

/* Path relative to the recorded working directory, for re-reading originals later. */
char *co_audit_resolve(const co_audit *a, const char *path)
{
	if (path[0] == '/' || !a->cwd)
		return strdup(path);
	return co_strdupf("%s/%s", a->cwd, path);
}

int co_audit_begin(co_audit **out, const co_audit_options *o, const co_paths *bids, co_diags *diags)
{
	co_audit *a = calloc(1, sizeof(*a));
	int rc = CO_ERROR;
	*out = NULL;
	if (!a)
		return CO_ERROR;
	clock_gettime(CLOCK_MONOTONIC, &a->t0);
	time_t now = time(NULL);
	struct tm tm;
	gmtime_r(&now, &tm);
	strftime(a->started, sizeof(a->started), "%Y-%m-%dT%H:%M:%SZ", &tm);
	char cwd[4096];
	int failed = 0, lost = co_diags_failed(diags);
	/* No working directory (too long, or removed) is recorded as null; a failed copy is no such thing. */
	if (getcwd(cwd, sizeof(cwd)) && !(a->cwd = strdup(cwd)))
		goto out;
	a->dir = strdup(o->output);
	a->options = json_object();
	json_t *args = json_array();
	if (!a->dir || !a->options || !args) {
		json_decref(args);
		goto out;
	}
	co_json_set(a->options, "command", json_string("evaluate"), &failed);
	co_json_set(a->options, "rules", json_string(o->rules), &failed);
	for (size_t i = 0; i < o->nbid_args; i++)
		co_json_append(args, json_string(o->bid_args[i]), &failed);
	co_json_set(a->options, "bids", args, &failed);
	co_json_set(a->options, "marks", o->marks ? json_string(o->marks) : json_null(), &failed);
	co_json_set(a->options, "output", json_string(o->output), &failed);
	co_json_set(a->options, "ocid_prefix", o->ocid_prefix ? json_string(o->ocid_prefix) : json_null(), &failed);
	co_json_set(a->options, "json", json_boolean(o->json), &failed);
	co_json_set(a->options, "force", json_boolean(o->force), &failed);
	co_json_set(a->options, "cwd", a->cwd ? json_string(a->cwd) : json_null(), &failed);
	if (failed)
		goto out;
	if ((rc = add_input(a, ROLE_RULES, o->rules, diags, 1)))
		goto out;
	for (size_t i = 0; i < co_paths_count(bids); i++)
		if ((rc = add_input(a, ROLE_BID, co_paths_at(bids, i), diags, 0)))
			goto out;
	if (o->marks && (rc = add_input(a, ROLE_MARKS, o->marks, diags, 1)))
		goto out;
	rc = 0;
out:
	if (!lost && co_diags_failed(diags)) /* a problem that could not be reported */
		rc = CO_ERROR;
	if (rc) {
		co_audit_free(a);
		return rc;
	}
	*out = a;
	return 0;
}

/* Remove a folder holding only files (the staging folder). */
static void remove_flat(const char *dir)
{
	DIR *d = opendir(dir);
	if (!d)
		return;
	struct dirent *e;
	while ((e = readdir(d))) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		char *p = co_strdupf("%s/%s", dir, e->d_name);
		if (p)
			unlink(p);
		free(p);
	}
	closedir(d);
	rmdir(dir);
}

/* Only the copies made by co_audit_snapshot() are unlinked: their paths are known, so no listing is needed. */
void co_audit_abandon(const co_audit *a)
{
	if (!a || !a->staging)
		return;
	size_t len = strlen(a->staging);
	for (size_t i = 0; i < a->nin; i++) {
		const char *src = a->in[i].source;
		if (src && strncmp(src, a->staging, len) == 0 && src[len] == '/')
			unlink(src);
	}
	rmdir(a->staging);
	for (size_t i = 0; i < a->nstaged; i++)
		if (a->staged[i])
			unlink(a->staged[i]);
	for (size_t i = 0; a->made_subs && a->made_subs[i]; i++)
		rmdir(a->made_subs[i]);
	if (a->made_dir && a->dir)
		rmdir(a->dir);
}

/* The temporary files of a commit that did not finish, and the sub-folders it made for them. */
static void unstage(co_audit *a)
{
	for (size_t i = 0; i < a->nstaged; i++)
		if (a->staged[i]) {
			unlink(a->staged[i]);
			free(a->staged[i]);
		}
	free(a->staged);
	a->staged = NULL;
	a->nstaged = 0;
	for (size_t i = 0; a->made_subs && a->made_subs[i]; i++) {
		rmdir(a->made_subs[i]); /* only succeeds while it is still empty */
		free(a->made_subs[i]);
	}
	free(a->made_subs);
	a->made_subs = NULL;
}

void co_audit_free(co_audit *a)
{
	if (!a)
		return;
	unstage(a);
	if (a->staging)
		remove_flat(a->staging);
	if (a->made_dir && a->dir)
		rmdir(a->dir); /* only succeeds while the folder is still empty */
	for (size_t i = 0; i < a->nin; i++) {
		free(a->in[i].path);
		free(a->in[i].source);
	}
	for (size_t i = 0; i < a->nout; i++)
		free(a->out[i].name);
	free(a->in);
	free(a->out);
	free(a->dir);
	free(a->cwd);
	free(a->staging);
	json_decref(a->options);
	co_audit_reading_free(a->reading);
	free(a);
}

/* 1 when the recorded inputs of an existing audit.json are the same as ours. */
static int same_inputs(const co_audit *a, const json_t *inputs)
{
	if (!json_is_array(inputs) || json_array_size(inputs) != a->nin)
		return 0;
	for (size_t i = 0; i < a->nin; i++) {
		json_t *x = json_array_get(inputs, i);
		const char *r = json_string_value(json_object_get(x, "role"));
		const char *p = json_string_value(json_object_get(x, "path"));
		const char *h = json_string_value(json_object_get(x, "sha256"));
		if (!r || !p || strcmp(r, role_names[a->in[i].role]) != 0 || strcmp(p, a->in[i].path) != 0)
			return 0;
		if (a->in[i].readable ? !h || strcmp(h, a->in[i].sha) != 0 : h != NULL)
			return 0;
	}
	return 1;
}

/*
 * A record read back exactly as it is on disk. jansson 2.14's parser drops a byte of a token when
 * it cannot grow its buffer (load.c, lex_save), so out of memory it can return a different
 * document, or report a syntax error that is not in the file, instead of failing. So a record
 * in calloff's own layout (every one it writes) is written out again and must give the file's
 * bytes; one in another layout (edited by hand) is parsed twice and the two must be equal; and a
 * syntax error must be found again, at the same place, by a second parse. Anything else is out
 * of memory: CO_ERROR, never a record that says something else, nor "not valid JSON". A text that
 * is not JSON is CO_EINVALID with *err set. co_audit_load_record() reads the file first: one that
 * cannot be read is CO_EIO (diagnostics to diags, which may be NULL).
 */
int co_audit_parse_record(json_t **out, const char *buf, size_t len, size_t flags, json_error_t *err)
{
	char *again = NULL;
	json_t *doc = NULL, *second = NULL;
	json_error_t e2;
	int rc = 0;
	*out = NULL;
	memset(err, 0, sizeof(*err));
	memset(&e2, 0, sizeof(e2));
	if (!(doc = json_loadb(buf, len, flags, err))) {
		/* Out of memory jansson fails with no message (or json_error_out_of_memory), or a wrong one. */
		rc = CO_ERROR;
		if (!err->text[0] || json_error_code(err) == json_error_out_of_memory)
			goto out;
		if (!(second = json_loadb(buf, len, flags, &e2)) && e2.line == err->line && e2.column == err->column &&
		    strcmp(e2.text, err->text) == 0)
			rc = CO_EINVALID;
		goto out;
	}
	if (!(again = co_json_text(doc, 0))) {
		rc = CO_ERROR;
		goto out;
	}
	if (strlen(again) != len || memcmp(again, buf, len) != 0) {
		second = json_loadb(buf, len, flags, &e2);
		if (!second || !json_equal(doc, second)) {
			rc = CO_ERROR;
			goto out;
		}
	}
	*out = doc;
	doc = NULL;
out:
	json_decref(doc);
	json_decref(second);
	free(again);
	return rc;
}

int co_audit_load_record(json_t **out, const char *file, size_t flags, json_error_t *err, co_diags *diags)
{
	char *buf = NULL;
	size_t len = 0;
	*out = NULL;
	memset(err, 0, sizeof(*err));
	int rc = co_read_file(file, NULL, CO_AUDIT_MAX_BYTES, &buf, &len, diags);
	if (!rc)
		rc = co_audit_parse_record(out, buf, len, flags, err);
	free(buf);
	return rc;
}

int co_audit_check_outdir(const co_audit *a, co_diags *diags)
{
	int force = json_is_true(json_object_get(a->options, "force"));
	char *audit = co_strdupf("%s/audit.json", a->dir), *result = co_strdupf("%s/result.json", a->dir);
	int rc = 0;
	struct stat st;
	if (!audit || !result) {
		rc = CO_ERROR;
		goto out;
	}
	if (force)
		goto out;
	if (stat(audit, &st) == 0) {
		json_error_t err;
		json_t *old = NULL;
		if ((rc = co_audit_load_record(&old, audit, 0, &err, NULL)) == CO_ERROR)
			goto out;
		rc = 0;
		if (!old || !same_inputs(a, json_object_get(old, "inputs"))) {
			co_diag_add(diags, a->dir, 1, 1,
			            "the folder holds a different evaluation (its audit.json records other inputs); "
			            "choose another folder, or use --force to replace it");
			rc = CO_EINVALID;
		}
		json_decref(old);
	} else if (stat(result, &st) == 0) {
		co_diag_add(diags, a->dir, 1, 1,
		            "the folder holds a result.json with no audit record; choose another folder, or use --force");
		rc = CO_EINVALID;
	}
out:
	if (rc == CO_EINVALID && co_diags_failed(diags))
		rc = CO_ERROR;
	free(audit);
	free(result);
	return rc;
}

static int make_dir(const char *dir, co_diags *diags)
{
	if (mkdir(dir, 0777) != 0 && errno != EEXIST) {
		co_diag_add(diags, dir, 1, 1, "cannot create directory: %s", strerror(errno));
		return CO_EIO;
	}
	return 0;
}

int co_audit_snapshot(co_audit *a, co_diags *diags)
{
	struct stat st;
	int rc;
	if (stat(a->dir, &st) != 0)
		a->made_dir = 1;
	if ((rc = co_output_mkdir(a->dir, diags)))
		return rc;
	a->staging = co_strdupf("%s/.calloff-staging-XXXXXX", a->dir);
	if (!a->staging)
		return CO_ERROR;
	if (!mkdtemp(a->staging)) {
		co_diag_add(diags, a->dir, 1, 1, "cannot create a staging folder: %s", strerror(errno));
		free(a->staging);
		a->staging = NULL;
		return CO_EIO;
	}
	for (size_t i = 0; i < a->nin; i++) {
		input *x = &a->in[i];
		char sha[CO_SHA256_HEX];
		long long size;
		if (!x->readable)
			continue;
		char *copy = co_strdupf("%s/%s", a->staging, x->sha);
		if (!copy)
			return CO_ERROR;
		if (stat(copy, &st) != 0) { /* two inputs with the same bytes share one copy */
			if ((rc = co_sha256_file(x->path, copy, sha, &size, diags))) {
				free(copy);
				return rc;
			}
			if (strcmp(sha, x->sha) != 0) {
				co_diag_add(diags, x->path, 1, 1, "the file changed while the evaluation was being recorded");
				free(copy);
				return CO_EINVALID;
			}
		}
		x->source = copy;
	}
	return 0;
}

const char *co_audit_option(const co_audit *a, const char *name)
{
	return json_string_value(json_object_get(a->options, name));
}

const char *co_audit_rules_source(const co_audit *a)
{
	return a->in[0].source ? a->in[0].source : a->in[0].path;
}

const char *co_audit_rules_path(const co_audit *a)
{
	return a->in[0].path;
}

static const input *marks_input(const co_audit *a)
{
	return a->nin > 1 && a->in[a->nin - 1].role == ROLE_MARKS ? &a->in[a->nin - 1] : NULL;
}

const char *co_audit_marks_source(const co_audit *a)
{
	const input *m = marks_input(a);
	return m ? (m->source ? m->source : m->path) : NULL;
}

const char *co_audit_marks_path(const co_audit *a)
{
	const input *m = marks_input(a);
	return m ? m->path : NULL;
}

int co_audit_bid_paths(const co_audit *a, co_paths **out)
{
	int rc = co_paths_new(out);
	for (size_t i = 0; i < a->nin && !rc; i++)
		if (a->in[i].role == ROLE_BID) {
			/* A bid that could not be read is read again where it was, to fail the same way. */
			char *orig = a->in[i].source ? NULL : co_audit_resolve(a, a->in[i].path);
			rc = co_paths_add(*out, a->in[i].path, a->in[i].source ? a->in[i].source : orig);
			free(orig);
		}
	if (rc) {
		co_paths_free(*out);
		*out = NULL;
	}
	return rc;
}

json_t *co_audit_versions(int *failed)
{
	json_t *v = json_object();
	co_json_set(v, "libxml2", json_string(LIBXML_DOTTED_VERSION), failed);
	co_json_set(v, "libyaml", json_string(yaml_get_version_string()), failed);
	co_json_set(v, "gsl", json_string(gsl_version), failed);
	co_json_set(v, "jansson", json_string(jansson_version_str()), failed);
	co_json_set(v, "gmp", json_string(gmp_version), failed);
	co_json_set(v, "openssl", json_string(OpenSSL_version(OPENSSL_VERSION)), failed);
	return v;
}

/* The text of audit.json, or NULL when any part of it could not be made: a record is whole or not written. */
static char *audit_json(co_audit *a)
{
	json_t *root = json_object(), *eng = json_object(), *ins = json_array(), *outs = json_array(), *run = json_object();
	int failed = 0;
	co_json_set(root, "format", json_string("calloff-audit/1"), &failed);
	co_json_set(eng, "name", json_string("calloff"), &failed);
	co_json_set(eng, "version", json_string(co_version()), &failed);
	co_json_set(root, "engine", eng, &failed);
	co_json_set(root, "libraries", co_audit_versions(&failed), &failed);
	co_json_set(root, "options", json_incref(a->options), &failed);
	for (size_t i = 0; ins && i < a->nin; i++) {
		const input *x = &a->in[i];
		json_t *o = json_object();
		co_json_set(o, "role", json_string(role_names[x->role]), &failed);
		co_pathtext_set(o, "path", x->path, &failed); /* a path that is not UTF-8 gets "path_bytes" too */
		co_json_set(o, "size", x->readable ? json_integer(x->size) : json_null(), &failed);
		co_json_set(o, "sha256", x->readable ? json_string(x->sha) : json_null(), &failed);
		co_json_append(ins, o, &failed);
	}
	co_json_set(root, "inputs", ins, &failed);
	const char *result = NULL;
	for (size_t i = 0; outs && i < a->nout; i++) {
		json_t *o = json_object();
		co_json_set(o, "file", json_string(a->out[i].name), &failed);
		co_json_set(o, "size", json_integer(a->out[i].size), &failed);
		co_json_set(o, "sha256", json_string(a->out[i].sha), &failed);
		co_json_append(outs, o, &failed);
		if (strcmp(a->out[i].name, "result.json") == 0)
			result = a->out[i].sha;
	}
	co_json_set(root, "outputs", outs, &failed);
	co_json_set(root, "result_sha256", result ? json_string(result) : json_null(), &failed);
	struct timespec t1;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	double secs = (double)(t1.tv_sec - a->t0.tv_sec) + (double)(t1.tv_nsec - a->t0.tv_nsec) / 1e9;
	co_json_set(run, "started", json_string(a->started), &failed);
	co_json_set(run, "wall_seconds", json_real(secs), &failed);
	co_json_set(run, "note", json_string("the run's time is recorded here only and is part of no digest"), &failed);
	co_json_set(root, "run", run, &failed);
	char *text = failed ? NULL : co_json_text(root, 0);
	json_decref(root);
	return text;
}

/* Make the sub-folders the outputs go into (summaries/) that do not exist yet, remembering them. */
static int make_subs(co_audit *a, const co_output *outputs, size_t n, co_diags *diags)
{
	size_t k = 0;
	if (!(a->made_subs = calloc(n + 1, sizeof(char *))))
		return CO_ERROR;
	for (size_t i = 0; i < n; i++) {
		const char *slash = strchr(outputs[i].name, '/');
		struct stat st;
		if (!slash)
			continue;
		char *sub = co_strdupf("%s/%.*s", a->dir, (int)(slash - outputs[i].name), outputs[i].name);
		if (!sub)
			return CO_ERROR;
		if (stat(sub, &st) == 0) {
			free(sub);
			continue;
		}
		if (mkdir(sub, 0777) != 0) {
			co_diag_add(diags, sub, 1, 1, "cannot create directory: %s", strerror(errno));
			free(sub);
			return CO_EIO;
		}
		a->made_subs[k++] = sub;
	}
	return 0;
}

/*
 * Everything that needs memory is done before the first rename: the outputs and audit.json
 * staged and hashed, every final path made. From there on only renames remain, so running out
 * of memory can stop a commit only while the folder is still as it was.
 */
int co_audit_commit(co_audit *a, const co_output *outputs, size_t n, co_diags *diags)
{
	char **finals = calloc(n + 1, sizeof(char *)), **dests = calloc(a->nin + 1, sizeof(char *));
	char *inputs = co_strdupf("%s/inputs", a->dir), *text = NULL;
	int rc = CO_ERROR, lost = co_diags_failed(diags);
	unstage(a);
	free(a->out);
	a->out = calloc(n + 1, sizeof(*a->out));
	a->nout = 0;
	a->staged = calloc(n + 1, sizeof(char *));
	if (!finals || !dests || !inputs || !a->out || !a->staged)
		goto out;
	a->nstaged = n + 1;
	if ((rc = make_subs(a, outputs, n, diags)))
		goto out;
	/* 1. Every output written in full and hashed, or nothing changes. */
	for (size_t i = 0; i < n; i++) {
		if ((rc = co_output_stage_sync(a->dir, outputs[i].name, outputs[i].data, outputs[i].len, &a->staged[i], diags,
		                               0)))
			goto out;
		output_rec *r = &a->out[a->nout++];
		r->size = (long long)outputs[i].len;
		if (!(r->name = strdup(outputs[i].name)) || co_sha256_mem(outputs[i].data, outputs[i].len, r->sha) ||
		    !(finals[i] = co_strdupf("%s/%s", a->dir, outputs[i].name))) {
			rc = CO_ERROR;
			goto out;
		}
	}
	/* 2. The record that names them, staged too. */
	rc = CO_ERROR;
	if (!(text = audit_json(a)) || !(finals[n] = co_strdupf("%s/audit.json", a->dir)))
		goto out;
	if ((rc = co_output_stage_sync(a->dir, "audit.json", text, strlen(text), &a->staged[n], diags, 0)))
		goto out;
	rc = CO_ERROR;
	for (size_t i = 0; i < a->nin; i++)
		if (a->in[i].source && !(dests[i] = co_strdupf("%s/%s", inputs, a->in[i].sha)))
			goto out;
	/* Everything staged (outputs, the record and the copies of the inputs) reaches the disk before any rename. */
	if ((rc = co_output_syncfs(a->dir, diags)))
		goto out;
	if ((rc = make_dir(inputs, diags)))
		goto out;
	/* 3. The bundle: copies are moved (same folder, so renamed) into inputs/. */
	for (size_t i = 0; i < a->nin; i++) {
		input *x = &a->in[i];
		if (!x->source)
			continue;
		if (access(x->source, F_OK) == 0 && rename(x->source, dests[i]) != 0) {
			co_diag_add(diags, dests[i], 1, 1, "cannot move into the bundle: %s", strerror(errno));
			rc = CO_EIO;
			goto out;
		}
		free(x->source);
		x->source = dests[i];
		dests[i] = NULL;
	}
	/* 4. Outputs into place, then the record that names them. */
	for (size_t i = 0; i <= n; i++) {
		rc = co_output_publish_to(a->dir, finals[i], a->staged[i], diags);
		free(a->staged[i]);
		a->staged[i] = NULL;
		if (rc)
			goto out;
	}
	if (rmdir(a->staging) != 0) /* empty now, unless an input's copy could not be moved */
		remove_flat(a->staging);
	free(a->staging);
	a->staging = NULL;
	a->made_dir = 0;
	for (size_t i = 0; a->made_subs[i]; i++) /* they hold outputs now */
		free(a->made_subs[i]);
	free(a->made_subs);
	a->made_subs = NULL;
	rc = 0;
out:
	if (rc && rc != CO_ERROR && !lost && co_diags_failed(diags))
		rc = CO_ERROR;
	for (size_t i = 0; finals && i <= n; i++)
		free(finals[i]);
	for (size_t i = 0; dests && i < a->nin; i++)
		free(dests[i]);
	free(finals);
	free(dests);
	free(inputs);
	free(text);
	return rc;
}
