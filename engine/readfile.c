/* Input files: opened, size-checked against a limit, then read whole. */
#include "readfile.h"
#include "diag.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int co_open_file(FILE **out, const char *path, const char *read_from, long max, long *size, co_diags *diags)
{
	FILE *f = fopen(read_from ? read_from : path, "rb");
	struct stat st;
	int rc = 0;
	*out = NULL;
	if (!f) {
		co_diag_add(diags, path, 1, 1, "cannot open: %s", strerror(errno));
		return CO_EIO;
	}
	if (fstat(fileno(f), &st) != 0 || !S_ISREG(st.st_mode)) {
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
		fclose(f);
		return rc;
	}
	*size = (long)st.st_size;
	*out = f;
	return 0;
}

int co_read_file(const char *path, const char *read_from, long max, char **buf, size_t *len, co_diags *diags)
{
	FILE *f;
	long size = 0;
	*buf = NULL;
	*len = 0;
	int rc = co_open_file(&f, path, read_from, max, &size, diags);
	if (rc)
		return rc;
	*buf = malloc((size_t)size + 1);
	if (!*buf) {
		rc = CO_ERROR;
		goto out;
	}
	*len = fread(*buf, 1, (size_t)size, f);
	if (ferror(f) || getc(f) != EOF || *len != (size_t)size) {
		co_diag_add(diags, path, 1, 1, "read error, or the file changed while it was read");
		free(*buf);
		*buf = NULL;
		rc = CO_EIO;
		goto out;
	}
	(*buf)[*len] = '\0';
out:
	fclose(f);
	return rc;
}
