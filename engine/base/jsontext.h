/* Internal: a JSON document as the text calloff writes (its one layout for every JSON output), and checked building. */
#ifndef CO_JSONTEXT_H
#define CO_JSONTEXT_H

#include "base/strbuf.h"

#include <jansson.h>

/*
 * doc as text: 2-space indent, keys in insertion order, extra_flags added (e.g.
 * JSON_REAL_PRECISION(10)), and a final newline. NULL when doc is NULL or out of memory;
 * the caller frees.
 */
char *co_json_text(const json_t *doc, size_t extra_flags);

/*
 * A document too large to hold as one tree, written into b (which may stream) byte for byte as
 * co_json_text would write the whole: tmpl is the document with each large array holding one
 * placeholder, co_json_hole(k), as its only item, for k = 0, 1, ... in the order they come in the
 * text (nholes of them); fill(arg, k, items) then gives that array's items one at a time with co_json_item, each
 * made, written and freed in turn. A failure (fill's nonzero return, a NULL item or template, a
 * placeholder not found) fails b.
 */
typedef struct co_json_items co_json_items;
json_t *co_json_hole(size_t k);
void co_json_stream(co_strbuf *b, const json_t *tmpl, size_t extra_flags, size_t nholes,
                    int (*fill)(void *arg, size_t hole, co_json_items *items), void *arg);
/* The next item of the array being filled; item is taken (NULL, or failed set: the text fails). */
void co_json_item(co_json_items *items, json_t *item, int failed);

/*
 * JSON text (len bytes at buf) parsed exactly as it is, never as something that running out of
 * memory made of it (jsontext.c says how): 0 and *out (the caller's); CO_EINVALID when the text
 * is not JSON, with *err set; or CO_ERROR (out of memory).
 */
int co_json_load_sure(json_t **out, const char *buf, size_t len, size_t flags, json_error_t *err);

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
