/* SHA-256 of files and buffers through OpenSSL's EVP interface. */
#include "base/sha256.h"
#include "base/diag.h"
#include "base/readfile.h"

#include <errno.h>
#include <fcntl.h>
#include <openssl/evp.h>
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
 * Read in blocks of 64 KiB, with no stdio stream (nothing allocated but OpenSSL's context).
 * At most max + 1 bytes are ever read, so a file that grew past max is found without reading
 * the rest of it.
 */
int co_sha256_fd(int in, const char *in_name, int out, const char *out_name, long long max,
                 char hex[CO_SHA256_HEX], long long *size, co_diags *diags)
{
	return co_sha256_copy(in, in_name, out, out_name, max, hex, size, NULL, diags);
}

int co_sha256_copy(int in, const char *in_name, int out, const char *out_name, long long max,
                   char hex[CO_SHA256_HEX], long long *size, int *unreadable, co_diags *diags)
{
	unsigned char buf[1 << 16], md[EVP_MAX_MD_SIZE];
	unsigned int n = 0;
	int rc = CO_EIO, err = 0;
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	*size = 0;
	if (!ctx || !EVP_DigestInit_ex(ctx, EVP_sha256(), NULL)) {
		rc = CO_ERROR;
		goto out;
	}
	for (;;) {
		size_t want = sizeof(buf);
		if (max >= 0 && (long long)want > max - *size + 1)
			want = (size_t)(max - *size + 1);
		ssize_t got = read(in, buf, want);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0) {
			err = errno;
			if (unreadable)
				*unreadable = 1;
			else
				co_diag_add(diags, in_name, 1, 1, "read error: %s", strerror(err));
			goto out;
		}
		if (got == 0)
			break;
		if (max >= 0 && *size + got > max) {
			rc = CO_ETOOBIG;
			goto out;
		}
		if (!EVP_DigestUpdate(ctx, buf, (size_t)got)) {
			rc = CO_ERROR;
			goto out;
		}
		*size += got;
		for (ssize_t off = 0; out >= 0 && off < got;) {
			ssize_t w = write(out, buf + off, (size_t)(got - off));
			if (w < 0 && errno == EINTR)
				continue;
			if (w <= 0) { /* flushed to disk by the caller, all copies at once */
				co_diag_add(diags, out_name, 1, 1, "cannot write: %s", strerror(w < 0 ? errno : ENOSPC));
				goto out;
			}
			off += w;
		}
	}
	if (!EVP_DigestFinal_ex(ctx, md, &n) || n != 32) {
		rc = CO_ERROR;
		goto out;
	}
	to_hex(md, hex);
	rc = 0;
out:
	EVP_MD_CTX_free(ctx);
	if (err)
		errno = err; /* as read(2) left it, for the caller's message */
	return rc;
}

int co_sha256_fd_max(int fd, long long max, char hex[CO_SHA256_HEX], long long *size)
{
	int unreadable = 0;
	return co_sha256_copy(fd, NULL, -1, NULL, max, hex, size, &unreadable, NULL);
}

/* Opened as every input is (co_open_regular): a FIFO or a device is refused, never waited on. */
int co_sha256_file(const char *path, const char *copy_to, char hex[CO_SHA256_HEX], long long *size,
                   co_diags *diags)
{
	int in = -1, out = -1;
	long long expect;
	*size = 0;
	int rc = co_open_regular(&in, path, NULL, &expect, diags);
	if (rc)
		return rc;
	if (copy_to && (out = open(copy_to, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644)) < 0) {
		if ((rc = co_errno_status(errno)) == CO_EIO)
			co_diag_add(diags, copy_to, 1, 1, "cannot create: %s", strerror(errno));
		goto out;
	}
	rc = co_sha256_fd(in, path, out, copy_to, -1, hex, size, diags);
	if (out >= 0) {
		int c = close(out);
		out = -1;
		if (!rc && c != 0) {
			co_diag_add(diags, copy_to, 1, 1, "cannot write: %s", strerror(errno));
			rc = CO_EIO;
		}
	}
out:
	if (out >= 0)
		close(out);
	close(in);
	return rc;
}

/* The context is OpenSSL's own, under our name: nothing else is allocated. */
co_sha256 *co_sha256_new(void)
{
	return (co_sha256 *)EVP_MD_CTX_new();
}

int co_sha256_init(co_sha256 *s)
{
	return EVP_DigestInit_ex((EVP_MD_CTX *)s, EVP_sha256(), NULL) ? 0 : CO_ERROR;
}

int co_sha256_update(co_sha256 *s, const void *data, size_t len)
{
	return EVP_DigestUpdate((EVP_MD_CTX *)s, data, len) ? 0 : CO_ERROR;
}

int co_sha256_final(co_sha256 *s, char hex[CO_SHA256_HEX])
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int n = 0;
	if (!EVP_DigestFinal_ex((EVP_MD_CTX *)s, md, &n) || n != 32)
		return CO_ERROR;
	to_hex(md, hex);
	return 0;
}

void co_sha256_free(co_sha256 *s)
{
	EVP_MD_CTX_free((EVP_MD_CTX *)s);
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
