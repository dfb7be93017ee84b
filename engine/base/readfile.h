/* Internal: reading a whole input file whose size is checked before it is read. */
#ifndef CO_READFILE_H
#define CO_READFILE_H

#include <stddef.h>
#include <stdio.h>
#include "calloff/status.h"

/*
 * Read a file into a NUL-terminated buffer the caller frees. The bytes come from
 * read_from (NULL: from path); path is the name diagnostics give. Never waits
 * on a FIFO (opened O_NONBLOCK); refuses anything but a regular file, and files
 * over max bytes before reading them
 * (CO_ETOOBIG); an empty file is CO_EINVALID. Each failure appends
 * "PATH:1:1: ..." to diags.
 */
int co_read_file(const char *path, const char *read_from, long max, char **buf, size_t *len, co_diags *diags);

/*
 * Open an input without ever waiting on it: with O_NONBLOCK (a FIFO would otherwise block the
 * open until a writer came), then fstat, refusing anything but a regular file ("not a regular
 * file": a FIFO, a device such as /dev/zero, a directory) before a byte is read; O_NONBLOCK is
 * then cleared. *fd receives the descriptor, which the caller closes, and *size the file's size,
 * for the caller to check against its limit before reading. The bytes come from read_from
 * (NULL: from path); diagnostics name path. Returns 0, CO_EIO with a diagnostic, or CO_ERROR
 * (the system out of memory, no diagnostic).
 */
int co_open_regular(int *fd, const char *path, const char *read_from, long long *size, co_diags *diags);

/*
 * The checks of co_read_file() without the reading: *out receives the file open for reading
 * (the caller closes it) and *size its size.
 */
int co_open_file(FILE **out, const char *path, const char *read_from, long max, long *size, co_diags *diags);

/*
 * co_read_file() of a file the caller opened (e.g. with openat and O_NOFOLLOW): the same checks
 * and reading; fd is closed in every case. path is the name diagnostics give.
 */
int co_read_fd(int fd, const char *path, long max, char **buf, size_t *len, co_diags *diags);

#endif
