/* Internal: running a library call that may crash when memory runs out in a child process, so that it cannot take the run down. */
#ifndef CO_CONTAIN_H
#define CO_CONTAIN_H

#include "calloff/status.h"

/*
 * Run fn(arg, diags) in a forked child and return its status: 0 or a negative co_status, with
 * the diagnostics it added copied into diags. A child that dies (a signal: a library's own
 * failure path that crashes when malloc fails) or cannot be started is CO_ERROR, the run's
 * failure, never the input's. fn must only write files and add diagnostics: nothing else it
 * changes reaches the caller. For single-threaded callers only (fork copies one thread).
 */
int co_contained(int (*fn)(void *arg, co_diags *diags), void *arg, co_diags *diags);

#endif
