/* Writing output files atomically: a reader never sees a half-written file. */
#ifndef CALLOFF_OUTPUT_H
#define CALLOFF_OUTPUT_H

#include <stddef.h>
#include "calloff/status.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * Create directory @p dir and its parents where missing.
 * @return 0, or CO_EIO with a diagnostic naming the path
 */
int co_output_mkdir(const char *dir, co_diags *diags);

/**
 * Write @p len bytes to DIR/NAME atomically: the data goes to a temporary file
 * in the same directory, which is flushed to disk and then renamed over NAME.
 * On any failure the temporary file is removed and an existing NAME is left
 * as it was.
 *
 * @return 0, or CO_EIO with a diagnostic naming the path and the cause
 */
int co_output_write(const char *dir, const char *name, const char *data, size_t len, co_diags *diags);

/**
 * The first half of co_output_write(): write and flush the data to a new
 * temporary file in @p dir, so that several outputs can be published together.
 * @param tmp_out receives the temporary file's path; the caller frees it, and
 *                either publishes it with co_output_publish() or unlinks it
 * @return 0, or CO_EIO (nothing is left behind)
 */
int co_output_stage(const char *dir, const char *name, const char *data, size_t len, char **tmp_out,
                    co_diags *diags);

/**
 * The second half: rename the staged temporary file @p tmp over DIR/NAME.
 * @return 0, or CO_EIO (the temporary file is removed)
 */
int co_output_publish(const char *dir, const char *name, const char *tmp, co_diags *diags);

#ifdef __cplusplus
}
#endif
#endif
