/* Internal: the result document as a jansson tree, before it becomes text. */
#ifndef CO_RESULT_JSON_H
#define CO_RESULT_JSON_H

#include "base/strbuf.h"
#include "calloff/evaluate.h"

#include <jansson.h>

/*
 * Build the result document into *out (the caller releases it with json_decref, also on failure).
 * Every part that could not be made sets *failed; the return is then CO_ERROR, and so it is
 * when *failed was already set: such a document must never be written, returned or hashed.
 * @return 0 or CO_ERROR
 */
int co_result_json_build(json_t **out, const co_result *res, int *failed);

/*
 * The result document's text into b (which may stream, co_strbuf_stream), byte for byte as
 * co_json_text of the whole tree would write it, one bid's part in memory at a time.
 */
void co_result_json_to(co_strbuf *b, const co_result *res);

#endif
