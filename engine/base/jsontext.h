/* Internal: a JSON document as the text calloff writes (its one layout for every JSON output), and checked building. */
#ifndef CO_JSONTEXT_H
#define CO_JSONTEXT_H

#include <jansson.h>

/*
 * doc as text: 2-space indent, keys in insertion order, extra_flags added (e.g.
 * JSON_REAL_PRECISION(10)), and a final newline. NULL when doc is NULL or out of memory;
 * the caller frees.
 */
char *co_json_text(const json_t *doc, size_t extra_flags);

/*
 * v as one line of ASCII for a message: compact, every non-ASCII or control character escaped
 * (\uXXXX), a scalar allowed, no final newline. NULL when out of memory; the caller frees.
 */
char *co_json_line(const json_t *v);

/*
 * Building a document that is whole or reported as failed. Each takes v (NULL when making it
 * ran out of memory) and sets *failed when v is NULL, o is NULL or jansson could not add it;
 * v is released then. A document built with them is written only when *failed is still 0.
 */
void co_json_set(json_t *o, const char *key, json_t *v, int *failed);
void co_json_append(json_t *a, json_t *v, int *failed);

/*
 * Every string in v (values, not keys) replaced by the form a terminal shows safely
 * (co_text_terminal_span): for a document about to be rendered as text for people. Strings with
 * nothing to escape are left as they are. 0, or CO_ERROR when out of memory (v is then partly
 * done and must not be shown).
 */
int co_json_for_terminal(json_t *v);

#endif
