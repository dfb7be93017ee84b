/* Status codes and located diagnostics shared by every calloff function. */
#ifndef CALLOFF_STATUS_H
#define CALLOFF_STATUS_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/**
 * Return codes. Functions return 0 on success or a negative co_status.
 */
typedef enum {
	CO_OK = 0,
	CO_ERROR = -1,       /**< out of memory or a failed system call: never the input's fault */
	CO_EIO = -2,         /**< a file could not be read or written */
	CO_EINVALID = -3,    /**< invalid input: rule file, marks file, arguments */
	CO_EINCOMPLETE = -4, /**< marks are missing for a bid still in contention */
	CO_ETOOBIG = -5      /**< an input exceeds a documented size limit */
} co_status;

/**
 * An ordered list of diagnostics, each one line "FILE:LINE:COL: message"
 * (1-based line and column). Functions that can fail on bad input append
 * every problem they find here.
 */
typedef struct co_diags co_diags;

/**
 * Create an empty diagnostics list.
 * @return the list, or NULL when out of memory. Free it with co_diags_free().
 */
co_diags *co_diags_new(void);

/** Free a diagnostics list; NULL is accepted. */
void co_diags_free(co_diags *diags);

/**
 * @return 1 when a diagnostic could not be recorded for want of memory: the list is then
 * incomplete, and the work that reported it has failed with CO_ERROR, whatever else it found.
 */
int co_diags_failed(const co_diags *diags);

/** @return the number of diagnostics recorded. */
size_t co_diags_count(const co_diags *diags);

/**
 * @param i index, below co_diags_count()
 * @return the i-th diagnostic line, borrowed from the list.
 */
const char *co_diags_at(const co_diags *diags, size_t i);

#ifdef __cplusplus
}
#endif
#endif
