/* Internal: staging many output files and flushing them to disk at once. */
#ifndef CO_OUTFILE_H
#define CO_OUTFILE_H

#include "calloff/output.h"

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

#endif
