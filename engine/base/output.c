/* Output files: created in a temporary file, flushed, then renamed into place. */
#include "calloff/output.h"
#include "base/diag.h"
#include "base/outfile.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int co_output_mkdir(const char *dir, co_diags *diags)
{
	char *p = strdup(dir);
	int rc = 0;
	if (!p)
		return CO_ERROR;
	for (char *s = p + 1; *s && !rc; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		if (mkdir(p, 0777) != 0 && errno != EEXIST) {
			co_diag_add(diags, p, 1, 1, "cannot create directory: %s", strerror(errno));
			rc = CO_EIO;
		}
		*s = '/';
	}
	if (!rc && mkdir(p, 0777) != 0 && errno != EEXIST) {
		co_diag_add(diags, p, 1, 1, "cannot create directory: %s", strerror(errno));
		rc = CO_EIO;
	}
	struct stat st;
	if (!rc && (stat(p, &st) != 0 || !S_ISDIR(st.st_mode))) {
		co_diag_add(diags, p, 1, 1, "not a directory");
		rc = CO_EIO;
	}
	free(p);
	return rc;
}

/* With sync 0 the caller flushes everything at once with co_output_syncfs() before publishing. */
int co_output_stage_sync(const char *dir, const char *name, const char *data, size_t len, char **tmp_out,
                         co_diags *diags, int sync)
{
	/* A name may have one sub-folder ("summaries/x.md"): the temporary file goes beside the final one. */
	const char *slash = strrchr(name, '/');
	char *final = co_strdupf("%s/%s", dir, name);
	char *sub = slash ? co_strdupf("%s/%.*s", dir, (int)(slash - name), name) : NULL;
	char *tmp = slash ? co_strdupf("%s/.%s.XXXXXX", sub ? sub : "", slash + 1) : co_strdupf("%s/.%s.XXXXXX", dir, name);
	int fd = -1, rc = CO_EIO, created = 0;
	*tmp_out = NULL;
	if (!final || !tmp || (slash && !sub)) {
		rc = CO_ERROR;
		goto out;
	}
	if (sub && (rc = co_output_mkdir(sub, diags)))
		goto out;
	rc = CO_EIO;
	fd = mkstemp(tmp);
	if (fd < 0) {
		co_diag_add(diags, final, 1, 1, "cannot create: %s", strerror(errno));
		goto out;
	}
	created = 1;
	for (size_t off = 0; off < len;) {
		ssize_t w = write(fd, data + off, len - off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			co_diag_add(diags, final, 1, 1, "cannot write: %s", strerror(w < 0 ? errno : ENOSPC));
			goto out;
		}
		off += (size_t)w;
	}
	if ((sync && fsync(fd) != 0) || fchmod(fd, 0644) != 0) {
		co_diag_add(diags, final, 1, 1, "cannot flush: %s", strerror(errno));
		goto out;
	}
	int c = close(fd);
	fd = -1;
	if (c != 0) {
		co_diag_add(diags, final, 1, 1, "cannot close: %s", strerror(errno));
		goto out;
	}
	*tmp_out = tmp;
	tmp = NULL;
	rc = 0;
out:
	if (fd >= 0)
		close(fd);
	if (rc && created)
		unlink(tmp);
	free(final);
	free(sub);
	free(tmp);
	return rc;
}

int co_output_stage(const char *dir, const char *name, const char *data, size_t len, char **tmp_out,
                    co_diags *diags)
{
	return co_output_stage_sync(dir, name, data, len, tmp_out, diags, 1);
}

int co_output_syncfs(const char *dir, co_diags *diags)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY);
	int rc = fd >= 0 && syncfs(fd) == 0 ? 0 : CO_EIO;
	if (rc)
		co_diag_add(diags, dir, 1, 1, "cannot flush to disk: %s", strerror(errno));
	if (fd >= 0)
		close(fd);
	return rc;
}

int co_output_publish(const char *dir, const char *name, const char *tmp, co_diags *diags)
{
	char *final = co_strdupf("%s/%s", dir, name);
	if (!final) {
		unlink(tmp);
		return CO_ERROR;
	}
	int rc = co_output_publish_to(dir, final, tmp, diags);
	free(final);
	return rc;
}

int co_output_publish_to(const char *dir, const char *final, const char *tmp, co_diags *diags)
{
	int rc = 0;
	if (rename(tmp, final) != 0) {
		co_diag_add(diags, final, 1, 1, "cannot rename into place: %s", strerror(errno));
		unlink(tmp);
		rc = CO_EIO;
	} else {
		int dfd = open(dir, O_RDONLY | O_DIRECTORY);
		if (dfd >= 0) {
			fsync(dfd);
			close(dfd);
		}
	}
	return rc;
}

int co_output_write(const char *dir, const char *name, const char *data, size_t len, co_diags *diags)
{
	char *tmp = NULL;
	int rc = co_output_stage(dir, name, data, len, &tmp, diags);
	if (!rc)
		rc = co_output_publish(dir, name, tmp, diags);
	free(tmp);
	return rc;
}
