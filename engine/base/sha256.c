/* SHA-256 of files and buffers through OpenSSL's EVP interface. */
#include "base/sha256.h"
#include "base/diag.h"

#include <errno.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static void to_hex(const unsigned char *md, char hex[CO_SHA256_HEX])
{
	static const char digits[] = "0123456789abcdef";
	for (int i = 0; i < 32; i++) {
		hex[2 * i] = digits[md[i] >> 4];
		hex[2 * i + 1] = digits[md[i] & 15];
	}
	hex[64] = '\0';
}

int co_sha256_mem(const void *data, size_t len, char hex[CO_SHA256_HEX])
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int n = 0;
	/* OpenSSL allocates a context here: a digest that was not made is never a garbage one. */
	if (!EVP_Digest(data, len, md, &n, EVP_sha256(), NULL) || n != 32)
		return CO_ERROR;
	to_hex(md, hex);
	return 0;
}

/*
 * Opening a file allocates (fopen): that failing with ENOMEM, or OpenSSL failing, is out of
 * memory (CO_ERROR, no diagnostic), never a file that cannot be read.
 */
int co_sha256_file(const char *path, const char *copy_to, char hex[CO_SHA256_HEX], long long *size,
                   co_diags *diags)
{
	unsigned char buf[1 << 16], md[EVP_MAX_MD_SIZE];
	unsigned int n = 0;
	int rc = CO_EIO;
	FILE *in = fopen(path, "rb"), *out = NULL;
	int in_errno = errno;
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	*size = 0;
	if (!ctx || !EVP_DigestInit_ex(ctx, EVP_sha256(), NULL)) {
		rc = CO_ERROR;
		goto out;
	}
	if (!in) {
		if ((rc = co_errno_status(in_errno)) == CO_EIO)
			co_diag_add(diags, path, 1, 1, "cannot open: %s", strerror(in_errno));
		goto out;
	}
	if (copy_to && !(out = fopen(copy_to, "wb"))) {
		if ((rc = co_errno_status(errno)) == CO_EIO)
			co_diag_add(diags, copy_to, 1, 1, "cannot create: %s", strerror(errno));
		goto out;
	}
	size_t got;
	while ((got = fread(buf, 1, sizeof(buf), in)) > 0) {
		if (!EVP_DigestUpdate(ctx, buf, got)) {
			rc = CO_ERROR;
			goto out;
		}
		*size += (long long)got;
		if (out && fwrite(buf, 1, got, out) != got) {
			co_diag_add(diags, copy_to, 1, 1, "cannot write: %s", strerror(errno));
			goto out;
		}
	}
	if (ferror(in)) {
		co_diag_add(diags, path, 1, 1, "read error: %s", strerror(errno));
		goto out;
	}
	if (out) { /* flushed to disk by the caller, all copies at once */
		int bad = fflush(out) != 0;
		bad |= fclose(out) != 0;
		out = NULL;
		if (bad) {
			co_diag_add(diags, copy_to, 1, 1, "cannot write: %s", strerror(errno));
			goto out;
		}
	}
	if (!EVP_DigestFinal_ex(ctx, md, &n) || n != 32) {
		rc = CO_ERROR;
		goto out;
	}
	to_hex(md, hex);
	rc = 0;
out:
	if (in)
		fclose(in);
	if (out)
		fclose(out);
	EVP_MD_CTX_free(ctx);
	return rc;
}

int co_sha256_fd(int fd, long long max, char hex[CO_SHA256_HEX], long long *size)
{
	unsigned char buf[1 << 16], md[EVP_MAX_MD_SIZE];
	unsigned int n = 0;
	int rc = CO_ERROR, err = 0;
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	*size = 0;
	if (!ctx || !EVP_DigestInit_ex(ctx, EVP_sha256(), NULL))
		goto out;
	for (;;) {
		ssize_t got = read(fd, buf, sizeof(buf));
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0) {
			err = errno;
			rc = CO_EIO;
			goto out;
		}
		if (got == 0)
			break;
		if ((long long)got > max - *size) { /* one byte over the limit is enough to know */
			rc = CO_ETOOBIG;
			goto out;
		}
		*size += got;
		if (!EVP_DigestUpdate(ctx, buf, (size_t)got))
			goto out;
	}
	if (!EVP_DigestFinal_ex(ctx, md, &n) || n != 32)
		goto out;
	to_hex(md, hex);
	rc = 0;
out:
	EVP_MD_CTX_free(ctx);
	if (rc == CO_EIO)
		errno = err; /* as read(2) left it, for the caller's message */
	return rc;
}

int co_sha256_valid(const char *s)
{
	if (!s || strlen(s) != 64)
		return 0;
	for (const char *p = s; *p; p++)
		if (!((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f')))
			return 0;
	return 1;
}
