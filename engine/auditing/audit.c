/* The audit record: inputs hashed and bundled, outputs published as a set, and checks for replay. */
#include "calloff/audit.h"
#include "calloff/version.h"
#include "base/diag.h"
#include "base/jsontext.h"
#include "base/outfile.h"
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

#define CO_AUDIT_MAX_BYTES (256L * 1024 * 1024) /* largest audit.json read */

typedef enum { ROLE_RULES, ROLE_BID, ROLE_MARKS } role;
static const char *const role_names[] = {"rules", "bid", "marks"};

typedef struct {
	role role;
	char *path;    /* as given */
	char *source;  /* the copy to read (NULL before a snapshot or when the file could not be read) */
	int readable;
	long long size;
	char sha[CO_SHA256_HEX];
} input;

typedef struct {
	char *name;
	long long size;
	char sha[CO_SHA256_HEX];
} output_rec;

struct co_audit {
	char *dir;      /* the output folder */
	char *cwd;      /* the working directory the paths are relative to */
	char *staging;  /* the snapshot's staging folder, until committed */
	int made_dir;   /* the output folder was created by this run */
	json_t *options;
	input *in;
	size_t nin;
	output_rec *out;
	size_t nout;
	struct timespec t0;
	char started[32];
};

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
	co_diags *tmp = co_diags_new();
	int rc = co_sha256_file(path, NULL, x->sha, &x->size, must_read ? diags : tmp);
	co_diags_free(tmp);
	if (rc == 0)
		x->readable = 1;
	else if (must_read || rc == CO_ERROR)
		return rc;
	/* An unreadable bid is kept: it is rejected by the evaluation, and recorded without a digest. */
	return 0;
}

/* Path relative to the recorded working directory, for re-reading originals later. */
static char *resolve(const co_audit *a, const char *path)
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
	a->cwd = getcwd(cwd, sizeof(cwd)) ? strdup(cwd) : NULL;
	a->dir = strdup(o->output);
	a->options = json_object();
	json_t *args = json_array();
	if (!a->dir || !a->options || !args) {
		json_decref(args);
		goto out;
	}
	json_object_set_new(a->options, "command", json_string("evaluate"));
	json_object_set_new(a->options, "rules", json_string(o->rules));
	for (size_t i = 0; i < o->nbid_args; i++)
		json_array_append_new(args, json_string(o->bid_args[i]));
	json_object_set_new(a->options, "bids", args);
	json_object_set_new(a->options, "marks", o->marks ? json_string(o->marks) : json_null());
	json_object_set_new(a->options, "output", json_string(o->output));
	json_object_set_new(a->options, "ocid_prefix", o->ocid_prefix ? json_string(o->ocid_prefix) : json_null());
	json_object_set_new(a->options, "json", json_boolean(o->json));
	json_object_set_new(a->options, "force", json_boolean(o->force));
	json_object_set_new(a->options, "cwd", a->cwd ? json_string(a->cwd) : json_null());
	if ((rc = add_input(a, ROLE_RULES, o->rules, diags, 1)))
		goto out;
	for (size_t i = 0; i < co_paths_count(bids); i++)
		if ((rc = add_input(a, ROLE_BID, co_paths_at(bids, i), diags, 0)))
			goto out;
	if (o->marks && (rc = add_input(a, ROLE_MARKS, o->marks, diags, 1)))
		goto out;
	rc = 0;
out:
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

void co_audit_free(co_audit *a)
{
	if (!a)
		return;
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
		json_t *old = json_load_file(audit, 0, &err);
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
			char *orig = a->in[i].source ? NULL : resolve(a, a->in[i].path);
			rc = co_paths_add(*out, a->in[i].path, a->in[i].source ? a->in[i].source : orig);
			free(orig);
		}
	if (rc) {
		co_paths_free(*out);
		*out = NULL;
	}
	return rc;
}

static json_t *versions(void)
{
	json_t *v = json_object();
	json_object_set_new(v, "libxml2", json_string(LIBXML_DOTTED_VERSION));
	json_object_set_new(v, "libyaml", json_string(yaml_get_version_string()));
	json_object_set_new(v, "gsl", json_string(gsl_version));
	json_object_set_new(v, "jansson", json_string(jansson_version_str()));
	json_object_set_new(v, "gmp", json_string(gmp_version));
	json_object_set_new(v, "openssl", json_string(OpenSSL_version(OPENSSL_VERSION)));
	return v;
}

static char *audit_json(co_audit *a)
{
	json_t *root = json_object(), *eng = json_object(), *ins = json_array(), *outs = json_array(), *run = json_object();
	json_object_set_new(root, "format", json_string("calloff-audit/1"));
	json_object_set_new(eng, "name", json_string("calloff"));
	json_object_set_new(eng, "version", json_string(co_version()));
	json_object_set_new(root, "engine", eng);
	json_object_set_new(root, "libraries", versions());
	json_object_set(root, "options", a->options);
	for (size_t i = 0; i < a->nin; i++) {
		const input *x = &a->in[i];
		json_t *o = json_object();
		json_object_set_new(o, "role", json_string(role_names[x->role]));
		json_object_set_new(o, "path", json_string(x->path));
		json_object_set_new(o, "size", x->readable ? json_integer(x->size) : json_null());
		json_object_set_new(o, "sha256", x->readable ? json_string(x->sha) : json_null());
		json_array_append_new(ins, o);
	}
	json_object_set_new(root, "inputs", ins);
	const char *result = NULL;
	for (size_t i = 0; i < a->nout; i++) {
		json_t *o = json_object();
		json_object_set_new(o, "file", json_string(a->out[i].name));
		json_object_set_new(o, "size", json_integer(a->out[i].size));
		json_object_set_new(o, "sha256", json_string(a->out[i].sha));
		json_array_append_new(outs, o);
		if (strcmp(a->out[i].name, "result.json") == 0)
			result = a->out[i].sha;
	}
	json_object_set_new(root, "outputs", outs);
	json_object_set_new(root, "result_sha256", result ? json_string(result) : json_null());
	struct timespec t1;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	double secs = (double)(t1.tv_sec - a->t0.tv_sec) + (double)(t1.tv_nsec - a->t0.tv_nsec) / 1e9;
	json_object_set_new(run, "started", json_string(a->started));
	json_object_set_new(run, "wall_seconds", json_real(secs));
	json_object_set_new(run, "note", json_string("the run's time is recorded here only and is part of no digest"));
	json_object_set_new(root, "run", run);
	char *text = co_json_text(root, 0);
	json_decref(root);
	return text;
}

int co_audit_commit(co_audit *a, const co_output *outputs, size_t n, co_diags *diags)
{
	char **tmp = calloc(n + 1, sizeof(char *)), *inputs = co_strdupf("%s/inputs", a->dir), *text = NULL;
	int rc = CO_ERROR;
	if (!tmp || !inputs)
		goto out;
	free(a->out);
	a->out = calloc(n + 1, sizeof(*a->out));
	a->nout = 0;
	if (!a->out)
		goto out;
	/* 1. Every output written in full, or nothing changes. */
	for (size_t i = 0; i < n; i++) {
		if ((rc = co_output_stage_sync(a->dir, outputs[i].name, outputs[i].data, outputs[i].len, &tmp[i], diags, 0)))
			goto out;
		output_rec *r = &a->out[a->nout++];
		r->name = strdup(outputs[i].name);
		r->size = (long long)outputs[i].len;
		co_sha256_mem(outputs[i].data, outputs[i].len, r->sha);
	}
	/* Everything staged (outputs and the copies of the inputs) reaches the disk before any rename. */
	if ((rc = co_output_syncfs(a->dir, diags)))
		goto out;
	/* 2. The bundle: copies are moved (same folder, so renamed) into inputs/. */
	if ((rc = make_dir(inputs, diags)))
		goto out;
	for (size_t i = 0; i < a->nin; i++) {
		input *x = &a->in[i];
		if (!x->source)
			continue;
		char *dest = co_strdupf("%s/%s", inputs, x->sha);
		if (!dest) {
			rc = CO_ERROR;
			goto out;
		}
		if (access(x->source, F_OK) == 0 && rename(x->source, dest) != 0) {
			co_diag_add(diags, dest, 1, 1, "cannot move into the bundle: %s", strerror(errno));
			free(dest);
			rc = CO_EIO;
			goto out;
		}
		free(x->source);
		x->source = dest;
	}
	/* 3. Outputs into place, then the record that names them. */
	for (size_t i = 0; i < n; i++) {
		rc = co_output_publish(a->dir, outputs[i].name, tmp[i], diags);
		free(tmp[i]);
		tmp[i] = NULL;
		if (rc)
			goto out;
	}
	if (!(text = audit_json(a))) {
		rc = CO_ERROR;
		goto out;
	}
	if ((rc = co_output_write(a->dir, "audit.json", text, strlen(text), diags)))
		goto out;
	remove_flat(a->staging);
	free(a->staging);
	a->staging = NULL;
	a->made_dir = 0;
out:
	for (size_t i = 0; tmp && i < n; i++)
		if (tmp[i]) {
			unlink(tmp[i]);
			free(tmp[i]);
		}
	free(tmp);
	free(inputs);
	free(text);
	return rc;
}

/* A file an audit may name inside its folder: "name" or "folder/name", no hidden part, no "..". */
static int plain_name(const char *s)
{
	if (!s || !*s || strlen(s) >= 256 || *s == '.' || *s == '/')
		return 0;
	const char *slash = strchr(s, '/');
	if (!slash)
		return 1;
	return slash[1] && slash[1] != '.' && slash[1] != '/' && !strchr(slash + 1, '/');
}

int co_audit_load(co_audit **out, const char *path, co_diags *diags)
{
	struct stat st;
	co_audit *a = calloc(1, sizeof(*a));
	char *file = NULL;
	json_t *root = NULL;
	int rc = CO_EINVALID;
	*out = NULL;
	if (!a)
		return CO_ERROR;
	if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
		a->dir = strdup(path);
		file = co_strdupf("%s/audit.json", path);
	} else {
		file = strdup(path);
		const char *slash = strrchr(path, '/');
		a->dir = slash ? strndup(path, (size_t)(slash - path)) : strdup(".");
	}
	if (!a->dir || !file) {
		rc = CO_ERROR;
		goto out;
	}
	if (stat(file, &st) != 0) {
		co_diag_add(diags, file, 1, 1, "cannot read: %s", strerror(errno));
		rc = CO_EIO;
		goto out;
	}
	if (st.st_size > CO_AUDIT_MAX_BYTES) {
		co_diag_add(diags, file, 1, 1, "larger than the limit of %ld bytes", CO_AUDIT_MAX_BYTES);
		rc = CO_ETOOBIG;
		goto out;
	}
	json_error_t err;
	root = json_load_file(file, JSON_REJECT_DUPLICATES, &err);
	if (!root) {
		co_diag_add(diags, file, err.line, err.column, "not valid JSON: %s", err.text);
		goto out;
	}
	const char *fmt = json_string_value(json_object_get(root, "format"));
	if (!fmt || strcmp(fmt, "calloff-audit/1") != 0) {
		co_diag_add(diags, file, 1, 1, "not a calloff-audit/1 record");
		goto out;
	}
	a->options = json_incref(json_object_get(root, "options"));
	const char *cwd = json_string_value(json_object_get(a->options, "cwd"));
	a->cwd = cwd ? strdup(cwd) : NULL;
	json_t *ins = json_object_get(root, "inputs"), *outs = json_object_get(root, "outputs"), *x;
	size_t i;
	a->in = calloc(json_array_size(ins) + 1, sizeof(*a->in));
	a->out = calloc(json_array_size(outs) + 1, sizeof(*a->out));
	if (!a->in || !a->out) {
		rc = CO_ERROR;
		goto out;
	}
	json_array_foreach(ins, i, x)
	{
		const char *r = json_string_value(json_object_get(x, "role"));
		const char *p = json_string_value(json_object_get(x, "path"));
		json_t *h = json_object_get(x, "sha256");
		input *in = &a->in[a->nin];
		int k = r ? (!strcmp(r, "rules") ? 0 : !strcmp(r, "bid") ? 1 : !strcmp(r, "marks") ? 2 : -1) : -1;
		if (k < 0 || !p || (!json_is_null(h) && !co_sha256_valid(json_string_value(h))) ||
		    (i == 0) != (k == ROLE_RULES)) {
			co_diag_add(diags, file, 1, 1, "input %zu of the record is not valid", i + 1);
			goto out;
		}
		in->role = (role)k;
		in->path = strdup(p);
		in->readable = !json_is_null(h);
		in->size = json_integer_value(json_object_get(x, "size"));
		if (in->readable) {
			snprintf(in->sha, sizeof(in->sha), "%s", json_string_value(h));
			in->source = co_strdupf("%s/inputs/%s", a->dir, in->sha);
		}
		a->nin++;
	}
	json_array_foreach(outs, i, x)
	{
		const char *f = json_string_value(json_object_get(x, "file"));
		const char *h = json_string_value(json_object_get(x, "sha256"));
		if (!plain_name(f) || !co_sha256_valid(h)) {
			co_diag_add(diags, file, 1, 1, "output %zu of the record is not valid", i + 1);
			goto out;
		}
		a->out[a->nout].name = strdup(f);
		a->out[a->nout].size = json_integer_value(json_object_get(x, "size"));
		snprintf(a->out[a->nout].sha, sizeof(a->out[a->nout].sha), "%s", h);
		a->nout++;
	}
	if (a->nin == 0) {
		co_diag_add(diags, file, 1, 1, "the record lists no inputs");
		goto out;
	}
	rc = 0;
out:
	json_decref(root);
	free(file);
	if (rc) {
		co_audit_free(a);
		return rc;
	}
	*out = a;
	return 0;
}

int co_audit_verify_inputs(const co_audit *a, int originals, co_diags *differences, co_diags *notes)
{
	int n = 0;
	for (size_t i = 0; i < a->nin; i++) {
		const input *x = &a->in[i];
		char sha[CO_SHA256_HEX];
		long long size;
		co_diags *ignore = co_diags_new();
		if (x->readable) {
			if (co_sha256_file(x->source, NULL, sha, &size, ignore) != 0) {
				co_diag_add(differences, x->path, 1, 1, "the bundled copy (%s) is missing", x->source);
				n++;
			} else if (strcmp(sha, x->sha) != 0) {
				co_diag_add(differences, x->path, 1, 1, "the bundled copy (%s) was changed: SHA-256 %s, recorded %s",
				            x->source, sha, x->sha);
				n++;
			}
		}
		char *orig = originals ? resolve(a, x->path) : NULL;
		if (orig && co_sha256_file(orig, NULL, sha, &size, ignore) != 0) {
			if (x->readable)
				co_diag_add(notes, x->path, 1, 1, "the original is gone (moved or deleted); the bundled copy is used");
		} else if (orig && x->readable && strcmp(sha, x->sha) != 0) {
			co_diag_add(differences, x->path, 1, 1, "the original was changed since the evaluation: SHA-256 %s, recorded %s",
			            sha, x->sha);
			n++;
		} else if (orig && !x->readable) {
			co_diag_add(differences, x->path, 1, 1, "the original can now be read, but could not be at the evaluation");
			n++;
		}
		free(orig);
		co_diags_free(ignore);
	}
	return n;
}

int co_audit_compare_outputs(const co_audit *a, const co_output *outputs, size_t n, co_diags *differences)
{
	int diff = 0;
	for (size_t i = 0; i < a->nout; i++) {
		const output_rec *r = &a->out[i];
		const co_output *fresh = NULL;
		for (size_t k = 0; k < n; k++)
			if (strcmp(outputs[k].name, r->name) == 0)
				fresh = &outputs[k];
		char *path = co_strdupf("%s/%s", a->dir, r->name);
		if (!path)
			return CO_ERROR;
		if (!fresh) {
			co_diag_add(differences, path, 1, 1, "the record lists an output this engine does not produce");
			diff++;
			free(path);
			continue;
		}
		char sha[CO_SHA256_HEX];
		co_sha256_mem(fresh->data, fresh->len, sha);
		if (strcmp(sha, r->sha) != 0) {
			co_diag_add(differences, path, 1, 1, "a fresh evaluation gives different bytes: SHA-256 %s, recorded %s",
			            sha, r->sha);
			diff++;
		}
		/* The file on disk, byte for byte against the fresh output. */
		FILE *f = fopen(path, "rb");
		if (!f) {
			co_diag_add(differences, path, 1, 1, "the output file is missing");
			diff++;
		} else {
			size_t off = 0, line = 1, col = 1;
			int c, differs = 0;
			while ((c = getc(f)) != EOF) {
				if (off >= fresh->len || (unsigned char)fresh->data[off] != (unsigned char)c) {
					differs = 1;
					break;
				}
				if (c == '\n') {
					line++;
					col = 1;
				} else {
					col++;
				}
				off++;
			}
			if (!differs && off != fresh->len)
				differs = 1;
			if (differs) {
				co_diag_add(differences, path, (int)line, (int)col,
				            "the file differs from the recorded evaluation from here (it was edited)");
				diff++;
			}
			fclose(f);
		}
		free(path);
	}
	for (size_t k = 0; k < n; k++) {
		int known = 0;
		for (size_t i = 0; i < a->nout; i++)
			known |= strcmp(outputs[k].name, a->out[i].name) == 0;
		if (!known) {
			co_diag_add(differences, a->dir, 1, 1, "the record does not list %s, which this engine produces",
			            outputs[k].name);
			diff++;
		}
	}
	return diff;
}
