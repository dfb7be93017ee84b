/* Internal: SHA-256 digests of files and buffers (OpenSSL's libcrypto), as lowercase hex. */
#ifndef CO_SHA256_H
#define CO_SHA256_H

#include <stddef.h>
#include "calloff/status.h"

#define CO_SHA256_HEX 65 /* 64 hex digits and a NUL */

/* The digest of len bytes at data: 0, or CO_ERROR when OpenSSL ran out of memory (hex untouched). */
int co_sha256_mem(const void *data, size_t len, char hex[CO_SHA256_HEX]);

/*
 * Stream the open file in through SHA-256, copying every byte to out when out is not -1. When
 * max is not negative, reading stops as soon as more than max bytes came: CO_ETOOBIG, with no
 * diagnostic (the caller says which limit). *size receives the byte count. Returns 0, CO_EIO
 * with a diagnostic naming in_name or out_name, CO_ETOOBIG, or CO_ERROR (out of memory).
 */
int co_sha256_fd(int in, const char *in_name, int out, const char *out_name, long long max,
                 char hex[CO_SHA256_HEX], long long *size, co_diags *diags);

/*
 * Stream the file at path through SHA-256; when copy_to is not NULL, also write
 * the bytes to that path (created or truncated), so a copy and its digest come
 * from one read. The file is opened as co_open_regular() opens it: anything but a regular file
 * is refused (CO_EIO, "not a regular file") before a byte is read. The copy is not flushed to disk: its writer does that. *size receives the byte count.
 * Returns 0, CO_EIO with a diagnostic naming the path, or CO_ERROR (out of memory, no diagnostic).
 */
/*
 * co_sha256_fd, for a file whose failure to be read is not an error of the caller's: with
 * unreadable not NULL, a read error sets *unreadable to 1 (CO_EIO, no diagnostic), so that it
 * is told apart from a failure to write the copy (CO_EIO with a diagnostic naming out_name).
 */
int co_sha256_copy(int in, const char *in_name, int out, const char *out_name, long long max,
                   char hex[CO_SHA256_HEX], long long *size, int *unreadable, co_diags *diags);

int co_sha256_file(const char *path, const char *copy_to, char hex[CO_SHA256_HEX], long long *size,
                   co_diags *diags);

/*
 * Stream the open file fd (from where it is) through SHA-256, reading at most max bytes: a file
 * with more is CO_ETOOBIG, not hashed. *size receives the byte count. Returns 0, CO_ETOOBIG,
 * CO_EIO (a read error; errno tells which) or CO_ERROR (out of memory). fd is not closed.
 */
int co_sha256_fd_max(int fd, long long max, char hex[CO_SHA256_HEX], long long *size);

/*
 * A digest made piece by piece, for bytes that are never whole in memory: co_sha256_new(), then
 * for each digest co_sha256_init(), co_sha256_update() for each piece in order, co_sha256_final();
 * the same context may then be initialised again. Freed with co_sha256_free(), which accepts NULL.
 * Every call that can fail returns 0 or CO_ERROR (OpenSSL ran out of memory; hex untouched).
 */
typedef struct co_sha256 co_sha256;

/* A new context, or NULL when out of memory. */
co_sha256 *co_sha256_new(void);

/* Begin (or begin again) a digest. */
int co_sha256_init(co_sha256 *s);

/* Add len bytes at data to the digest begun. */
int co_sha256_update(co_sha256 *s, const void *data, size_t len);

/* The digest of every byte added since co_sha256_init(), as hex; the context must be initialised again before reuse. */
int co_sha256_final(co_sha256 *s, char hex[CO_SHA256_HEX]);

void co_sha256_free(co_sha256 *s);

/* 1 when s is exactly 64 lowercase hex digits (safe to use as a file name). */
int co_sha256_valid(const char *s);

#endif
