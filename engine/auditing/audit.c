/* The audit record: inputs hashed and bundled, an evaluation published as a whole (replay.c reads a record back). */
#include "auditing/audit_internal.h"
#include "calloff/version.h"
#include "base/diag.h"
#include "base/jsontext.h"
#include "base/outfile.h"
#include "base/pathtext.h"
#include "base/readfile.h"
#include "base/sha256.h"
#include "reading/decisions.h"
#include "reading/receipts.h"
#include "reading/xmldoc.h"
#include "reading/yamltree.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <gmp.h>
#include <gsl/gsl_version.h>
#include <jansson.h>
#include <libxml/xmlversion.h>
#include <limits.h>
#include <openssl/crypto.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <yaml.h>

/*
 * Beside the output folder OUTDIR, in the folder that holds it: ".OUTDIR.calloff-staging-XXXXXX",
 * where a run builds the whole new evaluation (and where the old one goes when the two are
 * swapped), and ".OUTDIR.calloff-lock", the lock a run holds while it writes.
 */
#define STAGING_TAG ".calloff-staging-"
#define LOCK_TAG ".calloff-lock"
#define STAND_INS "over-limit" /* in the staging folder, never published: see stand_in() */

const char *const co_audit_role_names[CO_AUDIT_ROLES] = {"rules", "bid", "marks", "decisions", "receipts"};

/* The one home of each limit is its reader's header: a file the reader would refuse is never copied. */
long co_audit_role_limit(role r)
{
	switch (r) {
	case ROLE_RULES:
		return CO_YAML_MAX_BYTES;
	case ROLE_BID:
		return CO_BID_MAX_BYTES;
	case ROLE_MARKS:
		return CO_MARKS_MAX_BYTES;
	case ROLE_DECISIONS:
		return CO_DECISIONS_MAX_BYTES;
	case ROLE_RECEIPTS:
		return CO_RECEIPTS_MAX_BYTES;
	}
	return 0;
}

/*
 * Opened as the readers open it (co_open_regular: a FIFO or a device such as /dev/zero is
 * refused, never waited on) and its size checked against its reader's limit before a byte is
 * read. Any input but a bid (the rule, marks or decisions file, the receipt log) that fails is
 * the run's error, with its reader's message; a bid that fails is kept, to be rejected by the
 * evaluation: one that cannot be read is recorded without a digest, and one over the limit with
 * its size and digest; neither is copied.
 */
static int add_input(co_audit *a, role r, const char *path, const co_paths *ps, size_t at, co_diags *diags)
{
	int must_read = r != ROLE_BID, fd = -1;
	long long size = 0;
	input *p = realloc(a->in, (a->nin + 1) * sizeof(*p));
	if (!p)
		return CO_ERROR;
	a->in = p;
	input *x = &a->in[a->nin++];
	memset(x, 0, sizeof(*x));
	x->role = r;
	if (!(x->path = strdup(path)))
		return CO_ERROR;
	for (const char *s; ps && (s = co_paths_same_file(ps, at, x->nsame));) {
		char **m = realloc(x->same, (x->nsame + 1) * sizeof(*m));
		if (!m)
			return CO_ERROR;
		x->same = m;
		if (!(x->same[x->nsame] = strdup(s)))
			return CO_ERROR;
		x->nsame++;
	}
	int rc = co_open_regular(&fd, path, NULL, &size, must_read ? diags : NULL);
	if (rc)
		return must_read || rc == CO_ERROR ? rc : 0;
	long limit = co_audit_role_limit(r);
	if (size > limit) {
		if (must_read) {
			co_diag_add(diags, path, 1, 1, "file is %lld bytes, larger than the limit of %ld bytes", size, limit);
			close(fd);
			return CO_ETOOBIG;
		}
		x->over_limit = limit;
	}
	/* Hashed once, as it is copied into the bundle (co_audit_snapshot), unless a check needs it sooner. */
	close(fd);
	x->size = size;
	x->readable = 1;
	return 0;
}

/*
 * The digest of an input not yet hashed, read where it is, without copying it: for an input that
 * is not copied (a bid over its limit), or when the folder's old record must be compared first.
 * A bid that cannot be read is kept, to be rejected by the evaluation, recorded without a digest.
 */
static int hash_input(input *x, co_diags *diags)
{
	int must_read = x->role != ROLE_BID, fd = -1;
	long long size = 0;
	if (x->hashed || !x->readable)
		return 0;
	int rc = co_open_regular(&fd, x->path, NULL, &size, must_read ? diags : NULL);
	if (!rc) {
		rc = co_sha256_fd(fd, x->path, -1, NULL, -1, x->sha, &x->size, must_read ? diags : NULL);
		close(fd);
	}
	if (rc == 0) {
		x->hashed = 1;
		return 0;
	}
	if (must_read || rc == CO_ERROR)
		return rc;
	x->readable = 0;
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
	a->writing = 1;
	a->pfd = a->lockfd = -1;
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
	co_json_set(a->options, "decisions", o->decisions ? json_string(o->decisions) : json_null(), &failed);
	co_json_set(a->options, "receipts", o->receipts ? json_string(o->receipts) : json_null(), &failed);
	co_json_set(a->options, "output", json_string(o->output), &failed);
	co_json_set(a->options, "ocid_prefix", o->ocid_prefix ? json_string(o->ocid_prefix) : json_null(), &failed);
	co_json_set(a->options, "json", json_boolean(o->json), &failed);
	co_json_set(a->options, "force", json_boolean(o->force), &failed);
	co_json_set(a->options, "cwd", a->cwd ? json_string(a->cwd) : json_null(), &failed);
	if (failed)
		goto out;
	if ((rc = add_input(a, ROLE_RULES, o->rules, NULL, 0, diags)))
		goto out;
	for (size_t i = 0; i < co_paths_count(bids); i++)
		if ((rc = add_input(a, ROLE_BID, co_paths_at(bids, i), bids, i, diags)))
			goto out;
	/* After the bids, in this order: see the role's type (audit_internal.h). */
	if (o->marks && (rc = add_input(a, ROLE_MARKS, o->marks, NULL, 0, diags)))
		goto out;
	if (o->decisions && (rc = add_input(a, ROLE_DECISIONS, o->decisions, NULL, 0, diags)))
		goto out;
	if (o->receipts && (rc = add_input(a, ROLE_RECEIPTS, o->receipts, NULL, 0, diags)))
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

void co_audit_on_step(co_audit *a, void (*step)(void *arg), void *arg)
{
	a->step = step;
	a->step_arg = arg;
}

static void stepped(const co_audit *a)
{
	if (a->step)
		a->step(a->step_arg);
}

/*
 * Allocating nothing: the staging folder (the new evaluation not switched in, or the old one
 * after it was), the lock file, and the folders above the output folder that this run made,
 * when nothing was published into them. Files are removed before the lock is let go (at the
 * process's end or by co_audit_free), so no other run can see them half removed.
 */
void co_audit_abandon(const co_audit *a)
{
	if (!a || !a->writing || a->pfd < 0)
		return;
	if (a->staging_name[0])
		co_output_remove_tree(a->pfd, a->staging_name, NULL, NULL);
	if (a->lockfd >= 0)
		unlinkat(a->pfd, a->lock_name, 0);
	size_t n = 0;
	while (!a->published && a->made && a->made[n])
		n++;
	while (n > 0)
		rmdir(a->made[--n]); /* only succeeds while it is still empty */
}

static void release_lock(co_audit *a)
{
	if (a->lockfd < 0)
		return;
	unlinkat(a->pfd, a->lock_name, 0); /* while still held: see take_lock() */
	close(a->lockfd);
	a->lockfd = -1;
}

static void writer_free(co_audit *a);

void co_audit_free(co_audit *a)
{
	if (!a)
		return;
	if (a->writing) {
		co_audit_abandon(a);
		release_lock(a);
		if (a->pfd >= 0)
			close(a->pfd);
		for (size_t i = 0; a->made && a->made[i]; i++)
			free(a->made[i]);
		free(a->made);
	}
	for (size_t i = 0; i < a->nin; i++) {
		free(a->in[i].path);
		free(a->in[i].source);
		for (size_t k = 0; k < a->in[i].nsame; k++)
			free(a->in[i].same[k]);
		free(a->in[i].same);
	}
	for (size_t i = 0; i < a->nout; i++)
		free(a->out[i].name);
	writer_free(a);
	free(a->in);
	free(a->out);
	free(a->dir);
	free(a->cwd);
	free(a->staging);
	free(a->parent);
	free(a->base);
	json_decref(a->options);
	co_audit_reading_free(a->reading);
	free(a);
}

/* 1 for an input of the competition itself (rules, bids, marks), 0 for the officer's decisions and receipt log. */
static int of_competition(const char *name)
{
	return strcmp(name, co_audit_role_names[ROLE_DECISIONS]) != 0 && strcmp(name, co_audit_role_names[ROLE_RECEIPTS]) != 0;
}

/*
 * 1 when the recorded inputs of an existing audit.json are the same evaluation as ours: the same
 * rule file, bids and marks (path and digest, in order). The decisions file and the receipt log
 * may differ: evaluating a provisional award again with the officer's decisions (the same command
 * with --decisions) replaces it without --force, as the award it completes.
 */
static int same_inputs(const co_audit *a, const json_t *inputs)
{
	size_t k = 0;
	if (!json_is_array(inputs))
		return 0;
	for (size_t i = 0; i < a->nin; i++) {
		if (a->in[i].role == ROLE_DECISIONS || a->in[i].role == ROLE_RECEIPTS)
			continue;
		json_t *x = json_array_get(inputs, k++);
		const char *r = json_string_value(json_object_get(x, "role"));
		const char *p = json_string_value(json_object_get(x, "path"));
		const char *h = json_string_value(json_object_get(x, "sha256"));
		if (!r || !p || strcmp(r, co_audit_role_names[a->in[i].role]) != 0 || strcmp(p, a->in[i].path) != 0)
			return 0;
		if (a->in[i].readable ? !h || strcmp(h, a->in[i].sha) != 0 : h != NULL)
			return 0;
	}
	/* Whatever follows ours in the old record must be its decisions or receipt log. */
	for (; k < json_array_size(inputs); k++) {
		const char *r = json_string_value(json_object_get(json_array_get(inputs, k), "role"));
		if (!r || of_competition(r))
			return 0;
	}
	return 1;
}

int co_audit_load_record(json_t **out, const char *file, size_t flags, json_error_t *err, co_diags *diags)
{
	char *buf = NULL;
	size_t len = 0;
	*out = NULL;
	memset(err, 0, sizeof(*err));
	int rc = co_read_file(file, NULL, CO_AUDIT_MAX_BYTES, &buf, &len, diags);
	if (!rc)
		rc = co_json_load_sure(out, buf, len, flags, err);
	free(buf);
	return rc;
}

/*
 * Where the output folder is: the folder that holds it and its name there. A symbolic link to a
 * folder is followed, so that the folder it names is the one replaced (and the link stays); a
 * name ending in "." or ".." is resolved too. Nothing is created.
 */
static int locate(co_audit *a, co_diags *diags)
{
	char *p = strdup(a->dir);
	struct stat st;
	int rc = CO_EINVALID;
	if (!p)
		return CO_ERROR;
	size_t len = strlen(p);
	while (len > 1 && p[len - 1] == '/')
		p[--len] = '\0';
	const char *name = strrchr(p, '/') ? strrchr(p, '/') + 1 : p;
	int dots = strcmp(name, ".") == 0 || strcmp(name, "..") == 0;
	if (lstat(p, &st) == 0) {
		if (S_ISLNK(st.st_mode) || dots) {
			char *real = realpath(p, NULL);
			if (!real) {
				if ((rc = co_errno_status(errno)) == CO_EIO)
					co_diag_add(diags, a->dir, 1, 1, "cannot follow the path to the folder: %s", strerror(errno));
				goto out;
			}
			free(p);
			p = real;
			if (stat(p, &st) != 0) {
				co_diag_add(diags, a->dir, 1, 1, "cannot look at the folder: %s", strerror(errno));
				rc = CO_EIO;
				goto out;
			}
		}
		if (!S_ISDIR(st.st_mode)) {
			co_diag_add(diags, a->dir, 1, 1, "not a directory");
			rc = CO_EIO;
			goto out;
		}
		a->exists = 1;
	} else if (errno != ENOENT) {
		co_diag_add(diags, a->dir, 1, 1, "cannot look at the folder: %s", strerror(errno));
		rc = CO_EIO;
		goto out;
	} else if (dots || !*name) {
		co_diag_add(diags, a->dir, 1, 1, "no such folder: name the output folder itself");
		goto out;
	}
	if (strcmp(p, "/") == 0) {
		co_diag_add(diags, a->dir, 1, 1, "the root folder cannot be an output folder");
		goto out;
	}
	char *slash = strrchr(p, '/');
	a->parent = !slash ? strdup(".") : slash == p ? strdup("/") : strndup(p, (size_t)(slash - p));
	a->base = strdup(slash ? slash + 1 : p);
	if (!a->parent || !a->base) {
		rc = CO_ERROR;
		goto out;
	}
	if (strlen(a->base) + sizeof(STAGING_TAG) + 8 > NAME_MAX) {
		co_diag_add(diags, a->dir, 1, 1, "the folder's name is too long for a staging folder to be made beside it");
		goto out;
	}
	rc = 0;
out:
	free(p);
	return rc;
}

/*
 * Refuse what cannot be replaced in one step, before any work is done: a mount point (renaming
 * it fails), and a folder that holds the working directory (the run, and the shell it was
 * started from, would be left in the old, removed folder).
 */
static int replaceable(co_audit *a, co_diags *diags)
{
	struct stat ps, st;
	struct statx sx;
	int mount = 0;
	if (!a->exists)
		return 0;
	if (fstat(a->pfd, &ps) != 0 || fstatat(a->pfd, a->base, &st, AT_SYMLINK_NOFOLLOW) != 0) {
		co_diag_add(diags, a->dir, 1, 1, "cannot look at the folder: %s", strerror(errno));
		return CO_EIO;
	}
	mount = st.st_dev != ps.st_dev;
	if (statx(a->pfd, a->base, AT_SYMLINK_NOFOLLOW, 0, &sx) == 0 && (sx.stx_attributes_mask & STATX_ATTR_MOUNT_ROOT))
		mount |= (sx.stx_attributes & STATX_ATTR_MOUNT_ROOT) != 0;
	if (mount) {
		co_diag_add(diags, a->dir, 1, 1,
		            "the folder is a mount point, which cannot be replaced in one step; "
		            "give a folder inside it, or another folder");
		return CO_EINVALID;
	}
	char *full = co_strdupf("%s/%s", a->parent, a->base), *real = full ? realpath(full, NULL) : NULL;
	int e = errno, rc = 0;
	if (!real) {
		if ((rc = full ? co_errno_status(e) : CO_ERROR) == CO_EIO)
			co_diag_add(diags, a->dir, 1, 1, "cannot follow the path to the folder: %s", strerror(e));
	} else if (a->cwd && strncmp(a->cwd, real, strlen(real)) == 0 &&
	           (a->cwd[strlen(real)] == '\0' || a->cwd[strlen(real)] == '/' || strcmp(real, "/") == 0)) {
		co_diag_add(diags, a->dir, 1, 1,
		            "the folder holds the working directory; an evaluation replaces its folder as a whole, "
		            "so run calloff from outside it");
		rc = CO_EINVALID;
	}
	free(full);
	free(real);
	return rc;
}

/*
 * One run at a time writes an output folder: an exclusive flock on ".OUTDIR.calloff-lock" beside
 * it, never waited for (a second run fails at once, exit 2). The lock file is removed by the run
 * that holds it, before it lets go; so a run that locked a file which was then removed holds a
 * lock no other run can see, and tries again with the file now there.
 */
static int take_lock(co_audit *a, co_diags *diags)
{
	snprintf(a->lock_name, sizeof(a->lock_name), ".%s" LOCK_TAG, a->base);
	for (int tries = 0; tries < 100; tries++) {
		struct stat held, named;
		int fd = openat(a->pfd, a->lock_name, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0644);
		if (fd < 0) {
			co_diag_add(diags, a->dir, 1, 1, "cannot create the lock file %s/%s: %s", a->parent, a->lock_name,
			            strerror(errno));
			return CO_EIO;
		}
		if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
			int e = errno;
			close(fd);
			if (e == EWOULDBLOCK) {
				co_diag_add(diags, a->dir, 1, 1,
				            "another evaluation is writing this folder (it holds %s/%s); "
				            "run again when it has finished",
				            a->parent, a->lock_name);
				return CO_EINVALID;
			}
			co_diag_add(diags, a->dir, 1, 1, "cannot lock %s/%s: %s", a->parent, a->lock_name, strerror(e));
			return CO_EIO;
		}
		if (fstat(fd, &held) == 0 && fstatat(a->pfd, a->lock_name, &named, AT_SYMLINK_NOFOLLOW) == 0 &&
		    held.st_dev == named.st_dev && held.st_ino == named.st_ino) {
			a->lockfd = fd;
			return 0;
		}
		close(fd);
	}
	co_diag_add(diags, a->dir, 1, 1, "cannot lock %s/%s: it keeps being replaced", a->parent, a->lock_name);
	return CO_EIO;
}

/* 1 when name is a staging folder of the output folder base: ".BASE.calloff-staging-" and 6 letters or digits. */
static int staging_of(const char *name, const char *base)
{
	size_t bl = strlen(base), tl = strlen(STAGING_TAG);
	if (name[0] != '.' || strncmp(name + 1, base, bl) != 0 || strncmp(name + 1 + bl, STAGING_TAG, tl) != 0)
		return 0;
	const char *x = name + 1 + bl + tl;
	if (strlen(x) != 6)
		return 0;
	for (; *x; x++)
		if (!((*x >= 'a' && *x <= 'z') || (*x >= 'A' && *x <= 'Z') || (*x >= '0' && *x <= '9')))
			return 0;
	return 1;
}

/*
 * What a killed run left beside the output folder: its staging folders, holding a new evaluation
 * that was never switched in, or an old one that was not yet removed. Under the lock, so none of
 * them is in use. A leftover that cannot be removed is left: it is in no one's way.
 */
static int clean_leftovers(co_audit *a)
{
	int fd = openat(a->pfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	DIR *d = fd >= 0 ? fdopendir(fd) : NULL;
	if (!d) {
		int e = errno;
		if (fd >= 0)
			close(fd);
		return co_errno_status(e) == CO_ERROR ? CO_ERROR : 0;
	}
	struct dirent *e;
	while ((e = readdir(d)))
		if (staging_of(e->d_name, a->base))
			co_output_remove_tree(a->pfd, e->d_name, NULL, NULL);
	closedir(d);
	return 0;
}

/*
 * The first entry of the folder that is not part of the evaluation its audit.json (old) records:
 * audit.json, its outputs and inputs/<sha256> of its bundled inputs. *found receives it ("" and
 * 0 returned when there is none), or CO_ERROR, or CO_EIO when the folder cannot be listed.
 */
static int list_folder(const char *dir, const char *prefix, const json_t *allowed, int depth, char **found,
                       co_diags *diags)
{
	DIR *d = opendir(dir);
	int rc = 0;
	if (!d) {
		if ((rc = co_errno_status(errno)) == CO_EIO)
			co_diag_add(diags, dir, 1, 1, "cannot read directory: %s", strerror(errno));
		return rc;
	}
	struct dirent *e;
	while (!rc && !*found && (errno = 0, e = readdir(d))) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		char *rel = co_strdupf("%s%s", prefix, e->d_name), *full = co_strdupf("%s/%s", dir, e->d_name);
		struct stat st;
		if (!rel || !full) {
			rc = CO_ERROR;
		} else if (lstat(full, &st) != 0) {
			co_diag_add(diags, full, 1, 1, "cannot look at: %s", strerror(errno));
			rc = CO_EIO;
		} else if (S_ISREG(st.st_mode) && json_is_true(json_object_get(allowed, rel))) {
			/* a file the record names */
		} else if (depth == 0 && S_ISDIR(st.st_mode) && json_is_false(json_object_get(allowed, rel))) {
			char *sub = co_strdupf("%s/", e->d_name);
			rc = sub ? list_folder(full, sub, allowed, 1, found, diags) : CO_ERROR;
			free(sub);
		} else {
			*found = rel;
			rel = NULL;
		}
		free(rel);
		free(full);
	}
	if (!rc && !*found && errno) {
		co_diag_add(diags, dir, 1, 1, "cannot read directory: %s", strerror(errno));
		rc = CO_EIO;
	}
	closedir(d);
	return rc;
}

static int foreign_entry(const co_audit *a, const json_t *old, char **found, co_diags *diags)
{
	json_t *allowed = json_object(), *x;
	char *full = co_strdupf("%s/%s", a->parent, a->base);
	size_t i;
	int failed = !allowed || !full;
	*found = NULL;
	/* A file is true; a folder that may hold files is false. */
	co_json_set(allowed, "audit.json", json_true(), &failed);
	co_json_set(allowed, "inputs", json_false(), &failed);
	json_array_foreach(json_object_get(old, "outputs"), i, x)
	{
		const char *f = json_string_value(json_object_get(x, "file")), *slash = f ? strchr(f, '/') : NULL;
		if (!f)
			continue;
		co_json_set(allowed, f, json_true(), &failed);
		if (slash) {
			char *sub = strndup(f, (size_t)(slash - f));
			co_json_set(allowed, sub ? sub : "", json_false(), &failed);
			failed |= !sub;
			free(sub);
		}
	}
	json_array_foreach(json_object_get(old, "inputs"), i, x)
	{
		const char *h = json_string_value(json_object_get(x, "sha256"));
		char *k = h && co_sha256_valid(h) ? co_strdupf("inputs/%s", h) : NULL;
		if (h && co_sha256_valid(h) && !k)
			failed = 1;
		if (k)
			co_json_set(allowed, k, json_true(), &failed);
		free(k);
	}
	int rc = failed ? CO_ERROR : list_folder(full, "", allowed, 0, found, diags);
	json_decref(allowed);
	free(full);
	return rc;
}

/* 1 when the folder has no entry at all, 0 when it has one, or a negative co_status. */
static int empty_folder(const co_audit *a, co_diags *diags)
{
	int fd = openat(a->pfd, a->base, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	DIR *d = fd >= 0 ? fdopendir(fd) : NULL;
	if (!d) {
		int e = errno, rc = co_errno_status(e);
		if (fd >= 0)
			close(fd);
		if (rc == CO_EIO)
			co_diag_add(diags, a->dir, 1, 1, "cannot read directory: %s", strerror(e));
		return rc;
	}
	struct dirent *e;
	int empty = 1;
	while (empty && (e = readdir(d)))
		empty = strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0;
	closedir(d);
	return empty;
}

/*
 * What the folder holds decides whether it may be replaced: nothing (or no folder), or the same
 * evaluation and nothing else, always; another evaluation (an audit.json with other inputs, or a
 * result.json), or files beside an evaluation, only with --force; files and no evaluation never,
 * since replacing the folder removes everything in it.
 */
static int check_contents(co_audit *a, co_diags *diags)
{
	int force = json_is_true(json_object_get(a->options, "force"));
	char *audit = co_strdupf("%s/%s/audit.json", a->parent, a->base);
	char *result = co_strdupf("%s/%s/result.json", a->parent, a->base), *found = NULL;
	json_t *old = NULL;
	int rc = 0, empty;
	struct stat st;
	if (!audit || !result) {
		rc = CO_ERROR;
		goto out;
	}
	if (!a->exists)
		goto out;
	int has_audit = lstat(audit, &st) == 0, has_result = lstat(result, &st) == 0;
	if (!has_audit && !has_result) {
		if ((empty = empty_folder(a, diags)) < 0) {
			rc = empty;
		} else if (!empty) {
			co_diag_add(diags, a->dir, 1, 1,
			            "the folder holds files but no evaluation; an evaluation replaces its folder as a whole, "
			            "so choose a new or empty folder");
			rc = CO_EINVALID;
		}
		goto out;
	}
	if (force)
		goto out;
	if (has_audit) {
		json_error_t err;
		for (size_t i = 0; i < a->nin; i++) /* the digests, sooner than the copies would give them */
			if ((rc = hash_input(&a->in[i], diags)))
				goto out;
		if ((rc = co_audit_load_record(&old, audit, 0, &err, NULL)) == CO_ERROR)
			goto out;
		rc = 0;
		if (!old || !same_inputs(a, json_object_get(old, "inputs"))) {
			co_diag_add(diags, a->dir, 1, 1,
			            "the folder holds a different evaluation (its audit.json records other inputs); "
			            "choose another folder, or use --force to replace it");
			rc = CO_EINVALID;
		} else if (!(rc = foreign_entry(a, old, &found, diags)) && found) {
			co_diag_add(diags, a->dir, 1, 1,
			            "the folder holds %s, which is not part of its evaluation; an evaluation replaces its "
			            "folder as a whole, so move it out first, or use --force to replace it",
			            found);
			rc = CO_EINVALID;
		}
	} else {
		co_diag_add(diags, a->dir, 1, 1,
		            "the folder holds a result.json with no audit record; choose another folder, or use --force");
		rc = CO_EINVALID;
	}
out:
	json_decref(old);
	free(found);
	free(audit);
	free(result);
	return rc;
}

int co_audit_check_outdir(co_audit *a, co_diags *diags)
{
	int rc, lost = co_diags_failed(diags);
	if (a->checked)
		return 0;
	if (!a->writing || a->pfd >= 0) /* a record loaded for replay, or a check that failed */
		return CO_ERROR;
	if ((rc = locate(a, diags)) || (rc = co_output_mkdirs(a->parent, &a->made, diags)))
		goto out;
	if ((a->pfd = open(a->parent, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0) {
		if ((rc = co_errno_status(errno)) == CO_EIO)
			co_diag_add(diags, a->parent, 1, 1, "cannot open directory: %s", strerror(errno));
		goto out;
	}
	if ((rc = take_lock(a, diags)) || (rc = replaceable(a, diags)) || (rc = clean_leftovers(a)))
		goto out;
	rc = check_contents(a, diags);
	a->checked = !rc;
out:
	if (rc && rc != CO_ERROR && !lost && co_diags_failed(diags))
		rc = CO_ERROR;
	return rc;
}

/*
 * A file system that cannot swap two folders in one step (renameat2's RENAME_EXCHANGE) is found
 * now, on two empty folders of this run's, before any work is done, rather than at the end.
 */
static int probe_exchange(co_audit *a, co_diags *diags)
{
	char *probe = co_strdupf("%s/.%s" STAGING_TAG "XXXXXX", a->parent, a->base);
	if (!probe)
		return CO_ERROR;
	if (!mkdtemp(probe)) {
		co_diag_add(diags, a->dir, 1, 1, "cannot create a staging folder: %s", strerror(errno));
		free(probe);
		return CO_EIO;
	}
	const char *name = strrchr(probe, '/') + 1;
	int r = renameat2(a->pfd, a->staging_name, a->pfd, name, RENAME_EXCHANGE), e = errno;
	unlinkat(a->pfd, name, AT_REMOVEDIR); /* both are empty: staging_name still names an empty folder */
	free(probe);
	if (r != 0) {
		co_diag_add(diags, a->dir, 1, 1,
		            "this file system cannot swap two folders in one step (renameat2 RENAME_EXCHANGE: %s), "
		            "which replacing an evaluation needs; write to a new folder instead",
		            strerror(e));
		return CO_EIO;
	}
	return 0;
}

/*
 * A whole copy takes its digest as its name, unless a copy of the same bytes has it already (two
 * inputs with the same bytes share one copy). linkat fails with EEXIST in one step, on every file
 * system (renameat2's RENAME_NOREPLACE is not on all); the temporary name is removed by the caller.
 */
static int name_copy(int ifd, const char *tmp, const input *x, co_diags *diags)
{
	if (linkat(ifd, tmp, ifd, x->sha, 0) == 0 || errno == EEXIST)
		return 0;
	co_diag_add(diags, x->source, 1, 1, "cannot name the copy inputs/%s: %s", x->sha, strerror(errno));
	return CO_EIO;
}

/*
 * Copy one input into the bundle being staged, hashing it on the way (each input is read once):
 * into a temporary name, renamed to its digest when whole. Never more than the size found by
 * co_audit_begin is read: a file that grew, or shrank, since is an error. A bid that cannot be
 * read now is kept without a copy or a digest, to be rejected by the evaluation as unreadable.
 * An input already hashed (see hash_input) must still have that digest.
 */
static int copy_input(co_audit *a, input *x, size_t i, int ifd, co_diags *diags)
{
	char sha[CO_SHA256_HEX], tmp[64];
	long long size = 0, now = 0;
	int in = -1, out = -1, rc, must_read = x->role != ROLE_BID, unreadable = 0;
	snprintf(tmp, sizeof(tmp), ".copy-%zu", i);
	if (!(x->source = co_strdupf("%s/inputs/%s", a->staging, tmp)))
		return CO_ERROR;
	if ((rc = co_open_regular(&in, x->path, NULL, &now, must_read ? diags : NULL))) {
		free(x->source);
		x->source = NULL;
		if (must_read || rc == CO_ERROR)
			return rc;
		x->readable = 0; /* gone or unreadable since co_audit_begin: the evaluation says so */
		return 0;
	}
	if ((out = openat(ifd, tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644)) < 0) {
		co_diag_add(diags, x->source, 1, 1, "cannot create: %s", strerror(errno));
		rc = CO_EIO;
		goto out;
	}
	/* Never more than the size listed is read: a file that grew is found without copying the rest. */
	rc = co_sha256_copy(in, x->path, out, x->source, x->size, sha, &size, must_read ? NULL : &unreadable, diags);
	if (unreadable) { /* an unreadable bid: no copy, no digest */
		x->readable = 0;
		rc = 0;
		goto out;
	}
	if ((rc == 0 && (size != x->size || (x->hashed && strcmp(sha, x->sha) != 0))) || rc == CO_ETOOBIG) {
		co_diag_add(diags, x->path, 1, 1, "the file changed while the evaluation was being recorded");
		rc = CO_EINVALID;
	}
	if (rc)
		goto out;
	memcpy(x->sha, sha, sizeof(sha));
	x->hashed = 1;
	rc = 0;
out:
	if (in >= 0)
		close(in);
	if (out >= 0 && close(out) != 0 && rc == 0) {
		co_diag_add(diags, x->source, 1, 1, "cannot write: %s", strerror(errno));
		rc = CO_EIO;
	}
	if (out >= 0 && !rc && x->readable)
		rc = name_copy(ifd, tmp, x, diags);
	/* The temporary name never stays: a folder holding it would not be the evaluation's. */
	if (out >= 0 && unlinkat(ifd, tmp, 0) != 0 && errno != ENOENT && !rc) {
		co_diag_add(diags, x->source, 1, 1, "cannot remove: %s", strerror(errno));
		rc = CO_EIO;
	}
	free(x->source);
	x->source = NULL;
	if (rc == 0 && x->readable && !(x->source = co_strdupf("%s/inputs/%s", a->staging, x->sha)))
		rc = CO_ERROR;
	stepped(a);
	return rc;
}

/*
 * Where the evaluation reads bid i (of a record being written) from, made when it is needed
 * rather than kept for every bid: a run of 50,000 bids would keep 50,000 such paths.
 */
static char *bid_source(const co_audit *a, const input *x, size_t i)
{
	return x->staged == 2 ? co_strdupf("%s/" STAND_INS "/%zu", a->staging, i) : co_strdupf("%s/inputs/%s", a->staging, x->sha);
}

/* A bid's copy is found again by bid_source: its path is not kept. */
static int staged_bid(input *x, int how, int rc)
{
	if (x->role == ROLE_BID && rc == 0 && x->readable) {
		free(x->source);
		x->source = NULL;
		x->staged = how;
	}
	return rc;
}

/*
 * A bid over its limit is not copied, but it is not read from where it was either (it could have
 * changed since it was hashed): the evaluation reads a stand-in of the size recorded, holding no
 * data (a sparse file), which the reader refuses by its size alone, before reading a byte, with
 * the same words as the original. Stand-ins are removed before the evaluation is published.
 */
static int stand_in(co_audit *a, input *x, size_t i, int sfd, co_diags *diags)
{
	char name[64];
	snprintf(name, sizeof(name), STAND_INS "/%zu", i);
	if (!(x->source = co_strdupf("%s/%s", a->staging, name)))
		return CO_ERROR;
	int fd = (mkdirat(sfd, STAND_INS, 0777) == 0 || errno == EEXIST)
	             ? openat(sfd, name, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644)
	             : -1;
	if (fd < 0 || ftruncate(fd, (off_t)x->size) != 0) {
		co_diag_add(diags, x->source, 1, 1, "cannot create: %s", strerror(errno));
		if (fd >= 0)
			close(fd);
		return CO_EIO;
	}
	close(fd);
	return 0;
}

int co_audit_snapshot(co_audit *a, co_diags *diags)
{
	int rc, sfd = -1, ifd = -1;
	if (!a->writing || a->staging)
		return CO_ERROR;
	if ((rc = co_audit_check_outdir(a, diags)))
		return rc;
	char *tmpl = co_strdupf("%s/.%s" STAGING_TAG "XXXXXX", a->parent, a->base);
	if (!tmpl)
		return CO_ERROR;
	if (!mkdtemp(tmpl)) {
		co_diag_add(diags, a->dir, 1, 1, "cannot create a staging folder: %s", strerror(errno));
		free(tmpl);
		return CO_EIO;
	}
	a->staging = tmpl;
	snprintf(a->staging_name, sizeof(a->staging_name), "%s", strrchr(tmpl, '/') + 1);
	if (a->exists && (rc = probe_exchange(a, diags)))
		return rc;
	rc = CO_EIO;
	if ((sfd = openat(a->pfd, a->staging_name, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0 ||
	    mkdirat(sfd, "inputs", 0777) != 0 || (ifd = openat(sfd, "inputs", O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0) {
		co_diag_add(diags, a->staging, 1, 1, "cannot create directory: %s", strerror(errno));
		goto out;
	}
	rc = 0;
	for (size_t i = 0; i < a->nin && !rc; i++)
		if (a->in[i].readable)
			rc = a->in[i].over_limit
			         ? staged_bid(&a->in[i], 2,
			                      (rc = hash_input(&a->in[i], diags)) || !a->in[i].readable ? rc
			                                                                             : stand_in(a, &a->in[i], i, sfd, diags))
			         : staged_bid(&a->in[i], 1, copy_input(a, &a->in[i], i, ifd, diags));
out:
	if (ifd >= 0)
		close(ifd);
	if (sfd >= 0)
		close(sfd);
	return rc;
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

/*
 * The inputs after the bids are found from the end, never past the rule file: an entry of such a
 * role among the bids (a record that misplaces it) is not one, and replay says so.
 */
const input *co_audit_tail_input(const co_audit *a, role r)
{
	for (size_t i = a->nin; i-- > 1 && a->in[i].role >= ROLE_MARKS;)
		if (a->in[i].role == r)
			return &a->in[i];
	return NULL;
}

static const char *tail_source(const co_audit *a, role r)
{
	const input *x = co_audit_tail_input(a, r);
	return x ? (x->source ? x->source : x->path) : NULL;
}

static const char *tail_path(const co_audit *a, role r)
{
	const input *x = co_audit_tail_input(a, r);
	return x ? x->path : NULL;
}

const char *co_audit_marks_source(const co_audit *a)
{
	return tail_source(a, ROLE_MARKS);
}

const char *co_audit_marks_path(const co_audit *a)
{
	return tail_path(a, ROLE_MARKS);
}

const char *co_audit_decisions_source(const co_audit *a)
{
	return tail_source(a, ROLE_DECISIONS);
}

const char *co_audit_decisions_path(const co_audit *a)
{
	return tail_path(a, ROLE_DECISIONS);
}

const char *co_audit_receipts_source(const co_audit *a)
{
	return tail_source(a, ROLE_RECEIPTS);
}

const char *co_audit_receipts_path(const co_audit *a)
{
	return tail_path(a, ROLE_RECEIPTS);
}

int co_audit_bid_paths(const co_audit *a, co_paths **out)
{
	int rc = co_paths_new(out);
	for (size_t i = 0; i < a->nin && !rc; i++)
		if (a->in[i].role == ROLE_BID) {
			/* A bid that could not be read is read again where it was, to fail the same way. */
			const input *x = &a->in[i];
			char *made = x->source ? NULL : x->staged ? bid_source(a, x, i) : co_audit_resolve(a, x->path);
			rc = !x->source && !made ? CO_ERROR : co_paths_add(*out, x->path, x->source ? x->source : made);
			free(made);
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

/*
 * The outputs are written as they are rendered (co_audit_output_sink): each into its file in the
 * staging folder, hashed on the way, in the pieces the renderer gives. Nothing of an output is
 * kept but its name, size and digest.
 */
struct co_audit_writer {
	co_diags *diags;
	int sfd;            /* the staging folder */
	int fd;             /* the output being written, or -1 */
	co_sha256 *md;
	char *shown;        /* OUTDIR/NAME, for messages */
	char sub[NAME_MAX + 1]; /* the last sub-folder made (summaries/): each is made once */
	char *name;         /* the output being written */
	long long size;     /* its bytes so far */
	FILE *spill;        /* the record of each output written (see spill()), read back for audit.json */
	size_t written;     /* outputs written and recorded in the spill */
	int listing;        /* audit.json is being written: it is not one of the outputs it lists */
	int unspilled;      /* reading the list of outputs back failed (errno kept in spill_errno) */
	int spill_errno;
	char result_sha[CO_SHA256_HEX]; /* result.json's digest, "" until it is written */
};

static void writer_free(co_audit *a)
{
	struct co_audit_writer *w = a->writer;
	if (!w)
		return;
	if (w->fd >= 0)
		close(w->fd);
	if (w->sfd >= 0)
		close(w->sfd);
	co_sha256_free(w->md);
	if (w->spill)
		fclose(w->spill);
	free(w->shown);
	free(w->name);
	free(w);
	a->writer = NULL;
}

static int writer_begin_at(void *arg, const char *name)
{
	co_audit *a = arg;
	struct co_audit_writer *w = a->writer;
	const char *slash = strchr(name, '/');
	if (w->fd >= 0 || a->published)
		return CO_ERROR;
	free(w->shown);
	free(w->name);
	w->shown = w->name = NULL;
	w->size = 0;
	if (!(w->shown = co_strdupf("%s/%s", a->dir, name)) || !(w->name = strdup(name)))
		return CO_ERROR;
	if (slash) { /* a sub-folder (summaries/), made the first time it is named */
		size_t len = (size_t)(slash - name);
		if (len >= sizeof(w->sub))
			return CO_ERROR;
		if (strncmp(w->sub, name, len) != 0 || w->sub[len] != '\0') {
			char sub[NAME_MAX + 1];
			memcpy(sub, name, len);
			sub[len] = '\0';
			if (mkdirat(w->sfd, sub, 0777) != 0 && errno != EEXIST) {
				co_diag_add(w->diags, w->shown, 1, 1, "cannot create directory: %s", strerror(errno));
				return CO_EIO;
			}
			memcpy(w->sub, sub, len + 1);
		}
	}
	w->fd = openat(w->sfd, name, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0644);
	if (w->fd < 0) {
		co_diag_add(w->diags, w->shown, 1, 1, "cannot create: %s", strerror(errno));
		return CO_EIO;
	}
	return co_sha256_init(w->md);
}

static int writer_write_at(void *arg, const char *data, size_t len)
{
	co_audit *a = arg;
	struct co_audit_writer *w = a->writer;
	if (w->fd < 0 || co_sha256_update(w->md, data, len))
		return CO_ERROR;
	for (size_t off = 0; off < len;) {
		ssize_t n = write(w->fd, data + off, len - off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			co_diag_add(w->diags, w->shown, 1, 1, "cannot write: %s", strerror(n < 0 ? errno : ENOSPC));
			return CO_EIO;
		}
		off += (size_t)n;
	}
	w->size += (long long)len;
	return 0;
}

/*
 * Each output's name, size and digest go to a file of their own (unnamed, in the staging folder,
 * never published), not to memory: a run with 100,000 summaries would keep 100,000 records.
 * A record: the size, the digest's 64 hex digits, the name's length and the name.
 */
static int spill(struct co_audit_writer *w, const char *hex)
{
	size_t len = strlen(w->name);
	if (fwrite(&w->size, sizeof(w->size), 1, w->spill) != 1 || fwrite(hex, 64, 1, w->spill) != 1 ||
	    fwrite(&len, sizeof(len), 1, w->spill) != 1 || fwrite(w->name, 1, len, w->spill) != len) {
		co_diag_add(w->diags, w->shown, 1, 1, "cannot record the output: %s", strerror(errno));
		return CO_EIO;
	}
	w->written++;
	return 0;
}

/* The next record of the spill, into size, hex and name (room for NAME_MAX * 2): 0, or -1. */
static int unspill(FILE *f, long long *size, char hex[CO_SHA256_HEX], char *name, size_t room)
{
	size_t len = 0;
	if (fread(size, sizeof(*size), 1, f) != 1 || fread(hex, 64, 1, f) != 1 || fread(&len, sizeof(len), 1, f) != 1 ||
	    len >= room || fread(name, 1, len, f) != len)
		return -1;
	hex[64] = name[len] = '\0';
	return 0;
}

static int writer_end_at(void *arg)
{
	co_audit *a = arg;
	struct co_audit_writer *w = a->writer;
	char hex[CO_SHA256_HEX];
	if (w->fd < 0)
		return CO_ERROR;
	int closed = close(w->fd);
	w->fd = -1;
	if (closed != 0) {
		co_diag_add(w->diags, w->shown, 1, 1, "cannot write: %s", strerror(errno));
		return CO_EIO;
	}
	if (co_sha256_final(w->md, hex))
		return CO_ERROR;
	if (!w->listing) {
		int rc = spill(w, hex);
		if (rc)
			return rc;
		if (strcmp(w->name, "result.json") == 0)
			memcpy(w->result_sha, hex, sizeof(hex));
	}
	stepped(a);
	return 0;
}

/*
 * A failure while writing is for good: the outputs written so far are no longer all listed, so
 * the record must never be committed (a caller that went on, or tried again, gets CO_ERROR).
 */
static int broken(co_audit *a, int rc)
{
	if (rc)
		a->broken = 1;
	return rc;
}

static int writer_begin(void *arg, const char *name)
{
	co_audit *a = arg;
	return a->broken ? CO_ERROR : broken(a, writer_begin_at(arg, name));
}

static int writer_write(void *arg, const char *data, size_t len)
{
	co_audit *a = arg;
	return a->broken ? CO_ERROR : broken(a, writer_write_at(arg, data, len));
}

static int writer_end(void *arg)
{
	co_audit *a = arg;
	return a->broken ? CO_ERROR : broken(a, writer_end_at(arg));
}

int co_audit_output_sink(co_audit *a, co_diags *diags, co_output_sink *sink)
{
	struct co_audit_writer *w = NULL;
	if (!a->writing || !a->staging || a->published || a->writer || a->broken)
		return CO_ERROR;
	if (!(w = calloc(1, sizeof(*w))) || !(w->md = co_sha256_new())) {
		free(w);
		return CO_ERROR;
	}
	w->fd = -1;
	w->diags = diags;
	a->writer = w;
	if ((w->sfd = openat(a->pfd, a->staging_name, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0) {
		int e = errno;
		co_diag_add(diags, a->staging, 1, 1, "cannot open directory: %s", strerror(e));
		return co_errno_status(e);
	}
	int sp = openat(w->sfd, ".", O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
	if (sp < 0 && errno != ENOMEM) { /* a file system without unnamed files: one in the temporary folder */
		w->spill = tmpfile();
	} else if (sp >= 0 && !(w->spill = fdopen(sp, "w+"))) {
		close(sp);
	}
	if (!w->spill) {
		int e = errno;
		co_diag_add(diags, a->staging, 1, 1, "cannot create the list of outputs: %s", strerror(e));
		return e == ENOMEM ? CO_ERROR : CO_EIO;
	}
	/* The stand-ins for over-limit bids were read by the evaluation, which is over: they go before any output. */
	if (co_output_remove_tree(w->sfd, STAND_INS, NULL, NULL) != 0) {
		co_diag_add(diags, a->staging, 1, 1, "cannot remove " STAND_INS "/: %s", strerror(errno));
		return CO_EIO;
	}
	*sink = (co_output_sink){.begin = writer_begin, .write = writer_write, .end = writer_end, .arg = a};
	return 0;
}

/* audit.json's two long lists, an item at a time: the inputs (hole 0) and the outputs (hole 1). */
static int fill_record(void *arg, size_t hole, co_json_items *items)
{
	const co_audit *a = arg;
	for (size_t i = 0; hole == 0 && i < a->nin; i++) {
		const input *x = &a->in[i];
		json_t *o = json_object();
		int failed = 0;
		co_json_set(o, "role", json_string(co_audit_role_names[x->role]), &failed);
		co_pathtext_set(o, "path", x->path, &failed); /* a path that is not UTF-8 gets "path_bytes" too */
		co_json_set(o, "size", x->readable ? json_integer(x->size) : json_null(), &failed);
		co_json_set(o, "sha256", x->readable ? json_string(x->sha) : json_null(), &failed);
		if (x->readable && x->over_limit) { /* rejected by its size: recorded, never copied */
			json_t *why = json_string("larger than the limit for its role; recorded by size and digest, not copied");
			co_json_set(o, "not_bundled", why, &failed);
			co_json_set(o, "limit", json_integer(x->over_limit), &failed);
		}
		if (x->nsame) { /* the same file given under other names, read once under this one */
			json_t *same = json_array();
			for (size_t k = 0; same && k < x->nsame; k++)
				co_json_append(same, json_string(x->same[k]), &failed);
			co_json_set(o, "also_given_as", same, &failed);
		}
		co_json_item(items, o, failed);
	}
	if (hole == 1 && fseek(a->writer->spill, 0, SEEK_SET) != 0) {
		a->writer->unspilled = 1;
		a->writer->spill_errno = errno;
		return -1;
	}
	for (size_t i = 0; hole == 1 && i < a->writer->written; i++) {
		char hex[CO_SHA256_HEX], name[2 * NAME_MAX + 2];
		long long size;
		if (unspill(a->writer->spill, &size, hex, name, sizeof(name))) {
			a->writer->unspilled = 1;
			a->writer->spill_errno = ferror(a->writer->spill) ? errno : EIO;
			return -1;
		}
		json_t *o = json_object();
		int failed = 0;
		co_json_set(o, "file", json_string(name), &failed);
		co_json_set(o, "size", json_integer(size), &failed);
		co_json_set(o, "sha256", json_string(hex), &failed);
		co_json_item(items, o, failed);
	}
	return 0;
}

/*
 * audit.json into the staging folder, written as it is made (its inputs and outputs an item at a
 * time, co_json_stream), or not at all when any part of it could not be made: a record is whole
 * or not written.
 */
static int write_record(co_audit *a)
{
	json_t *root = json_object(), *eng = json_object(), *run = json_object();
	json_t *ins = json_array(), *outs = json_array();
	int failed = 0;
	co_json_set(root, "format", json_string("calloff-audit/1"), &failed);
	co_json_set(eng, "name", json_string("calloff"), &failed);
	co_json_set(eng, "version", json_string(co_version()), &failed);
	co_json_set(root, "engine", eng, &failed);
	co_json_set(root, "libraries", co_audit_versions(&failed), &failed);
	co_json_set(root, "options", json_incref(a->options), &failed);
	co_json_append(ins, co_json_hole(0), &failed);
	co_json_set(root, "inputs", ins, &failed);
	co_json_append(outs, co_json_hole(1), &failed);
	co_json_set(root, "outputs", outs, &failed);
	const char *result = a->writer->result_sha[0] ? a->writer->result_sha : NULL;
	co_json_set(root, "result_sha256", result ? json_string(result) : json_null(), &failed);
	struct timespec t1;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	double secs = (double)(t1.tv_sec - a->t0.tv_sec) + (double)(t1.tv_nsec - a->t0.tv_nsec) / 1e9;
	co_json_set(run, "started", json_string(a->started), &failed);
	co_json_set(run, "wall_seconds", json_real(secs), &failed);
	co_json_set(run, "note", json_string("the run's time is recorded here only and is part of no digest"), &failed);
	co_json_set(root, "run", run, &failed);
	int rc = 0;
	if (!failed) {
		/* audit.json is not among the outputs it lists: it is written through the same writer, then taken off. */
		co_strbuf b = {0};
		co_strbuf_stream(&b, writer_write, a);
		a->writer->listing = 1;
		if (!(rc = writer_begin(a, "audit.json"))) {
			co_json_stream(&b, root, 0, 2, fill_record, a);
			if (!(rc = co_strbuf_end(&b)))
				rc = writer_end(a);
		}
		co_strbuf_end(&b);
		if (a->writer->unspilled) { /* the list of outputs could not be read back: not out of memory */
			co_diag_add(a->writer->diags, a->staging, 1, 1, "cannot read back the list of outputs: %s",
			            strerror(a->writer->spill_errno));
			rc = CO_EIO;
		}
	}
	json_decref(root);
	return rc ? rc : failed ? CO_ERROR : 0;
}

/*
 * The whole new evaluation is built in the staging folder beside the output folder: the bundle
 * (by co_audit_snapshot), every output (through co_audit_output_sink, or given here), and
 * audit.json last. Everything that needs memory is done before the switch. The staging folder is
 * flushed to disk once (syncfs: every file and folder in it, not one fsync per file), then
 * switched in with one rename: renameat2's RENAME_EXCHANGE with the old folder, or
 * RENAME_NOREPLACE when there was none. So at any instant, even after a kill, the output folder
 * is the old evaluation or the new one, whole. The parent is flushed after the switch; the old
 * evaluation, now under the staging name, is removed last, allocating nothing (a run killed
 * before it is done leaves it to the next run's clean_leftovers).
 */
int co_audit_commit(co_audit *a, const co_output *outputs, size_t n, co_diags *diags)
{
	int rc = CO_ERROR, lost = co_diags_failed(diags);
	if (!a->writing || !a->staging || a->published || a->broken)
		return CO_ERROR;
	/* 1. Every output given here, written in full and hashed (otherwise already written through the sink). */
	co_output_sink sink;
	if (!a->writer && (rc = co_audit_output_sink(a, diags, &sink)))
		goto out;
	for (size_t i = 0; i < n; i++)
		if ((rc = writer_begin(a, outputs[i].name)) ||
		    (outputs[i].len && (rc = writer_write(a, outputs[i].data, outputs[i].len))) || (rc = writer_end(a)))
			goto out;
	if (a->writer->fd >= 0) { /* an output begun and not ended was not rendered whole */
		rc = CO_ERROR;
		goto out;
	}
	/* 2. The record that names them. */
	if ((rc = write_record(a)))
		goto out;
	/* 3. All of it on disk before the switch. */
	if (syncfs(a->writer->sfd) != 0) {
		co_diag_add(diags, a->staging, 1, 1, "cannot flush to disk: %s", strerror(errno));
		rc = CO_EIO;
		goto out;
	}
	stepped(a);
	/* 4. The switch: one rename. */
	int r = renameat2(a->pfd, a->staging_name, a->pfd, a->base, a->exists ? RENAME_EXCHANGE : RENAME_NOREPLACE);
	if (r != 0 && !a->exists && errno == EINVAL) /* a file system without RENAME_NOREPLACE; the lock is held */
		r = renameat(a->pfd, a->staging_name, a->pfd, a->base);
	if (r != 0) {
		int e = errno;
		co_diag_add(diags, a->dir, 1, 1, "cannot put the evaluation in place: %s%s", strerror(e),
		            e == ENOENT   ? " (the folder was moved or removed during the run)"
		            : e == EEXIST || e == ENOTEMPTY ? " (the folder was made by someone else during the run)"
		                                            : "");
		rc = CO_EIO;
		goto out;
	}
	a->published = 1;
	stepped(a);
	/* 5. The switch on disk too. */
	if (fsync(a->pfd) != 0) {
		co_diag_add(diags, a->parent, 1, 1, "the evaluation is in place, but cannot be flushed to disk: %s",
		            strerror(errno));
		rc = CO_EIO;
		goto out;
	}
	stepped(a);
	rc = 0;
out:
	if (a->published) {
		/* 6. The old evaluation, if any, now under the staging name; the folders made now hold the new one. */
		if (a->exists)
			co_output_remove_tree(a->pfd, a->staging_name, a->step, a->step_arg);
		a->staging_name[0] = '\0';
		for (size_t i = 0; a->made && a->made[i]; i++)
			free(a->made[i]);
		free(a->made);
		a->made = NULL;
		release_lock(a);
	}
	if (rc && rc != CO_ERROR && !lost && co_diags_failed(diags))
		rc = CO_ERROR;
	if (rc && !a->published)
		a->broken = 1;
	writer_free(a);
	return rc;
}
