/* The reading side of the audit record: an audit.json loaded, its bundle and outputs checked for replay and explain. */
#include "auditing/audit_internal.h"
#include "base/diag.h"
#include "base/sha256.h"

#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

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
	int rc = CO_EINVALID, lost = co_diags_failed(diags);
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
	if ((rc = co_audit_load_record(&root, file, JSON_REJECT_DUPLICATES, &err, diags))) {
		if (rc == CO_EINVALID)
			co_diag_add(diags, file, err.line, err.column, "not valid JSON: %s", err.text);
		goto out;
	}
	rc = CO_EINVALID;
	const char *fmt = json_string_value(json_object_get(root, "format"));
	if (!fmt || strcmp(fmt, "calloff-audit/1") != 0) {
		co_diag_add(diags, file, 1, 1, "not a calloff-audit/1 record");
		goto out;
	}
	a->options = json_incref(json_object_get(root, "options"));
	const char *cwd = json_string_value(json_object_get(a->options, "cwd"));
	json_t *ins = json_object_get(root, "inputs"), *outs = json_object_get(root, "outputs"), *x;
	size_t i;
	a->cwd = cwd ? strdup(cwd) : NULL;
	a->in = calloc(json_array_size(ins) + 1, sizeof(*a->in));
	a->out = calloc(json_array_size(outs) + 1, sizeof(*a->out));
	if ((cwd && !a->cwd) || !a->in || !a->out) {
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
		a->nin++;
		if (in->readable) {
			snprintf(in->sha, sizeof(in->sha), "%s", json_string_value(h));
			in->source = co_strdupf("%s/inputs/%s", a->dir, in->sha);
		}
		/* Without its copy's path an input would be read from its original instead. */
		if (!in->path || (in->readable && !in->source)) {
			rc = CO_ERROR;
			goto out;
		}
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
		if (!a->out[a->nout++].name) {
			rc = CO_ERROR;
			goto out;
		}
	}
	if (a->nin == 0) {
		co_diag_add(diags, file, 1, 1, "the record lists no inputs");
		goto out;
	}
	rc = 0;
out:
	if (!lost && co_diags_failed(diags)) /* a problem that could not be reported */
		rc = CO_ERROR;
	json_decref(root);
	free(file);
	if (rc) {
		co_audit_free(a);
		return rc;
	}
	*out = a;
	return 0;
}

/*
 * Every check is made or the whole fails: a copy that could not be hashed for want of memory is
 * CO_ERROR, never "missing", and a difference or note that could not be recorded is CO_ERROR,
 * never a count without its reason.
 */
int co_audit_verify_inputs(const co_audit *a, int originals, co_diags *differences, co_diags *notes)
{
	int n = 0, rc = 0, lost = co_diags_failed(differences) || co_diags_failed(notes);
	for (size_t i = 0; i < a->nin && !rc; i++) {
		const input *x = &a->in[i];
		char sha[CO_SHA256_HEX];
		long long size;
		if (x->readable) {
			if ((rc = co_sha256_file(x->source, NULL, sha, &size, NULL)) == CO_ERROR)
				break;
			if (rc != 0) {
				co_diag_add(differences, x->path, 1, 1, "the bundled copy (%s) is missing", x->source);
				n++;
			} else if (strcmp(sha, x->sha) != 0) {
				co_diag_add(differences, x->path, 1, 1, "the bundled copy (%s) was changed: SHA-256 %s, recorded %s",
				            x->source, sha, x->sha);
				n++;
			}
			rc = 0;
		}
		if (!originals)
			continue;
		char *orig = co_audit_resolve(a, x->path);
		int orc = orig ? co_sha256_file(orig, NULL, sha, &size, NULL) : CO_ERROR;
		free(orig);
		if (orc == CO_ERROR) {
			rc = CO_ERROR;
		} else if (orc != 0) {
			if (x->readable)
				co_diag_add(notes, x->path, 1, 1, "the original is gone (moved or deleted); the bundled copy is used");
		} else if (x->readable && strcmp(sha, x->sha) != 0) {
			co_diag_add(differences, x->path, 1, 1, "the original was changed since the evaluation: SHA-256 %s, recorded %s",
			            sha, x->sha);
			n++;
		} else if (!x->readable) {
			co_diag_add(differences, x->path, 1, 1, "the original can now be read, but could not be at the evaluation");
			n++;
		}
	}
	if (!rc && !lost && (co_diags_failed(differences) || co_diags_failed(notes)))
		rc = CO_ERROR;
	return rc ? rc : n;
}

int co_audit_compare_outputs(const co_audit *a, const co_output *outputs, size_t n, co_diags *differences)
{
	int diff = 0, lost = co_diags_failed(differences);
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
		if (co_sha256_mem(fresh->data, fresh->len, sha)) {
			free(path);
			return CO_ERROR;
		}
		if (strcmp(sha, r->sha) != 0) {
			co_diag_add(differences, path, 1, 1, "a fresh evaluation gives different bytes: SHA-256 %s, recorded %s",
			            sha, r->sha);
			diff++;
		}
		/* The file on disk, byte for byte against the fresh output. */
		FILE *f = fopen(path, "rb");
		if (!f && co_errno_status(errno) == CO_ERROR) {
			free(path);
			return CO_ERROR;
		} else if (!f) {
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
	/* A difference that could not be recorded: the count alone would not say what differs. */
	return !lost && co_diags_failed(differences) ? CO_ERROR : diff;
}
