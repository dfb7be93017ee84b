/* Internal: a JSON document as the text calloff writes (its one layout for every JSON output). */
#ifndef CO_JSONTEXT_H
#define CO_JSONTEXT_H

#include <jansson.h>

/*
 * doc as text: 2-space indent, keys in insertion order, extra_flags added (e.g.
 * JSON_REAL_PRECISION(10)), and a final newline. NULL when doc is NULL or out of memory;
 * the caller frees.
 */
char *co_json_text(const json_t *doc, size_t extra_flags);

#endif
