/* Input files: opened, size-checked against a limit, then read whole. */
#include "base/readfile.h"
#include "base/diag.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int co_open_regular(int *fd, const char *path, const char *read_from, long long *size, co_diags *diags)
{
	/* O_NONBLOCK: opening a FIFO would otherwise wait for a writer, before any check could be made. */
	int f = open(read_from ? read_from : path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	struct stat st;
	int flags;
	*fd = -1;
	*size = 0;
	if (f < 0) {
		int e = errno;
		if (co_errno_status(e) == CO_EIO)
			co_diag_add(diags, path, 1, 1, "cannot open: %s", strerror(e));
		return co_errno_status(e);
	}
	if (fstat(f, &st) != 0 || !S_ISREG(st.st_mode)) {
		co_diag_add(diags, path, 1, 1, "not a regular file");
		close(f);
		return CO_EIO;
	}
	/* A regular file never blocks, but the flag is cleared so that reads are as usual. */
	if ((flags = fcntl(f, F_GETFL)) < 0 || fcntl(f, F_SETFL, flags & ~O_NONBLOCK) != 0) {
		co_diag_add(diags, path, 1, 1, "cannot open: %s", strerror(errno));
		close(f);
		return CO_EIO;
	}
	*size = (long long)st.st_size;
	*fd = f;
	return 0;
}

/* The checks of co_read_file() on f, already open: *size receives its size; f is closed when they fail. */
static int checked(int f, const char *path, long max, long *size, co_diags *diags)
{
	struct stat st;
	int rc = 0;
	if (fstat(f, &st) != 0 || !S_ISREG(st.st_mode)) {
		co_diag_add(diags, path, 1, 1, "not a regular file");
		rc = CO_EIO;
	} else if (st.st_size > max) {
		co_diag_add(diags, path, 1, 1, "file is %lld bytes, larger than the limit of %ld bytes",
		            (long long)st.st_size, max);
		rc = CO_ETOOBIG;
	} else if (st.st_size == 0) {
		co_diag_add(diags, path, 1, 1, "empty file");
		rc = CO_EINVALID;
	}
	if (rc) {
		close(f);
		return rc;
	}
	*size = (long)st.st_size;
	return 0;
}

/* Opens the file as every input is (co_open_regular) and makes the checks of co_read_file(): *fd receives it open, *size its size. */
static int open_checked(int *fd, const char *path, const char *read_from, long max, long *size, co_diags *diags)
{
	long long sz;
	int f, rc = co_open_regular(&f, path, read_from, &sz, diags);
	*fd = -1;
	if (rc)
		return rc == CO_ERROR ? CO_ERROR : CO_EIO;
	if ((rc = checked(f, path, max, size, diags)) == 0)
		*fd = f;
	return rc;
}

int co_open_file(FILE **out, const char *path, const char *read_from, long max, long *size, co_diags *diags)
{
	int fd;
	*out = NULL;
	int rc = open_checked(&fd, path, read_from, max, size, diags);
	if (rc)
		return rc;
	if (!(*out = fdopen(fd, "rb"))) {
		close(fd);
		return CO_ERROR;
	}
	return 0;
}

/*
 * With the descriptor itself, not stdio: a bid file is read in one read(2) into its buffer, with
 * no stream buffer to allocate, and one more read(2) proves the end was reached. fd is closed.
 */
static int read_whole(int fd, const char *path, long size, char **buf, size_t *len, co_diags *diags)
{
	int rc = 0;
	*buf = malloc((size_t)size + 1);
	if (!*buf) {
		rc = CO_ERROR;
		goto out;
	}
	size_t got = 0;
	int failed = 0;
	while (got < (size_t)size) {
		ssize_t n = read(fd, *buf + got, (size_t)size - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			failed = 1;
			break;
		}
		got += (size_t)n;
	}
	char extra;
	ssize_t more;
	while (!failed && (more = read(fd, &extra, 1)) < 0 && errno == EINTR)
		;
	if (failed || more != 0) {
		co_diag_add(diags, path, 1, 1, "read error, or the file changed while it was read");
		free(*buf);
		*buf = NULL;
		rc = CO_EIO;
		goto out;
	}
	*len = got;
	(*buf)[got] = '\0';
out:
	close(fd);
	return rc;
}

int co_read_file(const char *path, const char *read_from, long max, char **buf, size_t *len, co_diags *diags)
{
	int fd;
	long size = 0;
	*buf = NULL;
	*len = 0;
	int rc = open_checked(&fd, path, read_from, max, &size, diags);
	if (rc)
		return rc;
	return read_whole(fd, path, size, buf, len, diags);
}

int co_read_fd(int fd, const char *path, long max, char **buf, size_t *len, co_diags *diags)
{
	long size = 0;
	*buf = NULL;
	*len = 0;
	int rc = checked(fd, path, max, &size, diags);
	if (rc)
		return rc;
	return read_whole(fd, path, size, buf, len, diags);
}
