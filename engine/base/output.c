/* Output files: created in a temporary file, flushed, then renamed into place. */
#include "calloff/output.h"
#include "base/diag.h"
#include "base/outfile.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int co_output_mkdir(const char *dir, co_diags *diags)
{
	return co_output_mkdirs(dir, NULL, diags);
}

/* One folder of the path: 0 when it is there, 1 when this call made it, or CO_EIO. */
static int make_one(const char *p, co_diags *diags)
{
	if (mkdir(p, 0777) == 0)
		return 1;
	if (errno == EEXIST)
		return 0;
	co_diag_add(diags, p, 1, 1, "cannot create directory: %s", strerror(errno));
	return CO_EIO;
}

/* A copy of p appended to the NULL-terminated list *made: 0 or CO_ERROR. */
static int remember(char ***made, const char *p)
{
	size_t n = 0;
	while ((*made)[n])
		n++;
	char *copy = strdup(p), **m = copy ? realloc(*made, (n + 2) * sizeof(*m)) : NULL;
	if (!m) {
		free(copy);
		return CO_ERROR;
	}
	m[n] = copy;
	m[n + 1] = NULL;
	*made = m;
	return 0;
}

/*
 * Each folder made is remembered as soon as it is made; when remembering it runs out of memory,
 * it is removed again at once (it is still empty), so that *made always names every folder this
 * call left behind.
 */
int co_output_mkdirs(const char *dir, char ***made, co_diags *diags)
{
	char *p = strdup(dir);
	int rc = 0, r;
	if (!p)
		return CO_ERROR;
	if (made && !*made && !(*made = calloc(1, sizeof(char *)))) {
		free(p);
		return CO_ERROR;
	}
	for (char *s = p + 1;; s++) {
		if (*s && (*s != '/' || s[-1] == '/'))
			continue;
		char c = *s;
		*s = '\0';
		if ((r = make_one(p, diags)) < 0) {
			rc = r;
		} else if (r && made && remember(made, p)) {
			rmdir(p);
			rc = CO_ERROR;
		}
		*s = c;
		if (rc || !c)
			break;
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

int co_output_file_at(int dirfd, const char *shown, const char *name, const char *data, size_t len,
                      co_diags *diags)
{
	int fd = openat(dirfd, name, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0644);
	if (fd < 0) {
		co_diag_add(diags, shown, 1, 1, "cannot create: %s", strerror(errno));
		return CO_EIO;
	}
	for (size_t off = 0; off < len;) {
		ssize_t w = write(fd, data + off, len - off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			co_diag_add(diags, shown, 1, 1, "cannot write: %s", strerror(w < 0 ? errno : ENOSPC));
			close(fd);
			return CO_EIO;
		}
		off += (size_t)w;
	}
	if (close(fd) != 0) {
		co_diag_add(diags, shown, 1, 1, "cannot write: %s", strerror(errno));
		return CO_EIO;
	}
	return 0;
}

#define REMOVE_MAX_DEPTH 32 /* deepest folder co_output_remove_tree() goes into */

/*
 * The listing is read with getdents64 into a buffer on the stack (opendir would allocate),
 * and read again from the start until a pass finds it empty, since removing entries while
 * listing may hide some on some file systems.
 */
static int remove_at(int dirfd, const char *name, dev_t dev, int depth, void (*step)(void *), void *arg)
{
	if (unlinkat(dirfd, name, 0) == 0) {
		if (step)
			step(arg);
		return 0;
	}
	if (errno == ENOENT)
		return 0;
	if (errno != EISDIR && errno != EPERM)
		return -1;
	int fd = openat(dirfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	struct stat st;
	if (fd < 0)
		return errno == ENOENT ? 0 : -1;
	/* Never into another file system: a mount point under the folder stays, and so does the folder. */
	if (fstat(fd, &st) != 0 || st.st_dev != dev || depth >= REMOVE_MAX_DEPTH) {
		close(fd);
		return -1;
	}
	for (int pass = 0; pass < 4; pass++) {
		char buf[2048] __attribute__((aligned(8)));
		ssize_t n;
		int seen = 0;
		if (lseek(fd, 0, SEEK_SET) != 0)
			break;
		while ((n = getdents64(fd, buf, sizeof(buf))) > 0) {
			for (ssize_t off = 0; off < n;) {
				struct dirent64 *e = (struct dirent64 *)(void *)(buf + off);
				off += e->d_reclen;
				if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
					continue;
				seen = 1;
				remove_at(fd, e->d_name, dev, depth + 1, step, arg);
			}
		}
		if (n < 0 || !seen) /* a pass that found nothing: the folder is empty */
			break;
	}
	close(fd);
	if (unlinkat(dirfd, name, AT_REMOVEDIR) == 0) {
		if (step)
			step(arg);
		return 0;
	}
	return -1;
}

int co_output_remove_tree(int dirfd, const char *name, void (*step)(void *), void *arg)
{
	struct stat st;
	if (fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW) != 0)
		return errno == ENOENT ? 0 : -1;
	return remove_at(dirfd, name, st.st_dev, 0, step, arg);
}

int co_write_all(int fd, const void *data, size_t len)
{
	const char *p = data;
	while (len) {
		ssize_t w = write(fd, p, len);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			if (w == 0)
				errno = ENOSPC;
			return -1;
		}
		p += w;
		len -= (size_t)w;
	}
	return 0;
}
