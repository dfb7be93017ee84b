/* Internal: staging many output files and flushing them to disk at once. */
#ifndef CO_OUTFILE_H
#define CO_OUTFILE_H

#include "calloff/output.h"

#include <stddef.h>

/* Write all len bytes at data to fd, again after EINTR: 0, or -1 with errno set (ENOSPC when a write wrote nothing). */
int co_write_all(int fd, const void *data, size_t len);

/* co_output_stage(), flushing the file itself only when sync is set. */
int co_output_stage_sync(const char *dir, const char *name, const char *data, size_t len, char **tmp_out,
                         co_diags *diags, int sync);

/*
 * co_output_publish() to the final path final (DIR/NAME, made by the caller): it allocates nothing
 * unless it fails, so a set of outputs can be published after every allocation was made.
 */
int co_output_publish_to(const char *dir, const char *final, const char *tmp, co_diags *diags);

/* Flush everything written to dir's file system (one syncfs instead of one fsync per file). */
int co_output_syncfs(const char *dir, co_diags *diags);

/*
 * Create dir and its parents where missing, as co_output_mkdir(). When made is not NULL, each
 * folder this call created is appended to the NULL-terminated list *made (created when *made is
 * NULL; the caller frees the list and its strings), so that a run that fails can remove them.
 */
int co_output_mkdirs(const char *dir, char ***made, co_diags *diags);

/*
 * Write len bytes to the file name (created or truncated) in the folder dirfd, not flushed to
 * disk: the caller flushes a whole staged folder at once. Diagnostics name shown.
 * 0, or CO_EIO with a diagnostic.
 */
int co_output_file_at(int dirfd, const char *shown, const char *name, const char *data, size_t len,
                      co_diags *diags);

/*
 * Remove the entry name of the folder dirfd and, when it is a folder, everything under it,
 * allocating nothing (so that a process out of memory can still clean up). Symbolic links are
 * removed, never followed; another file system mounted under it is never entered (it stays, and
 * so do the folders above it). step, when not NULL, is called after each entry is removed.
 * Returns 0 when name is gone (or never was), -1 when some of it is left.
 */
int co_output_remove_tree(int dirfd, const char *name, void (*step)(void *), void *arg);

#endif
