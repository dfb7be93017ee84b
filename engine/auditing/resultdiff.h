/* Internal: what differs between a recorded result document and a fresh one, field by field, named by bid. */
#ifndef CO_RESULTDIFF_H
#define CO_RESULTDIFF_H

#include <jansson.h>
#include <stddef.h>
#include "calloff/status.h"

/*
 * Add to diags one line per field that differs between the recorded result document and the
 * fresh one, located at file: "bid B-L7-004: total 71.00 recorded, 72.50 now". Bids are matched
 * by file (each file is one bid), and named by their id; the elements of the other lists by
 * their id, item or bid. At most max lines, then one saying how many more fields differ.
 * @return the number of lines added (>= 0), or CO_ERROR (out of memory)
 */
int co_result_diff(co_diags *diags, const char *file, const json_t *recorded, const json_t *fresh, size_t max);

#endif
