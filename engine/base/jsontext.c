/* The text of every JSON output: one layout, ending in a newline. */
#include "base/jsontext.h"
#include "base/strbuf.h"
#include "base/termtext.h"
#include "calloff/status.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* The text as jansson writes it, with room kept for the final newline. */
typedef struct {
	char *s;
	size_t len, cap;
	int failed;
} sink;

static int put(const char *buf, size_t size, void *data)
{
	sink *k = data;
	if (k->failed)
		return -1;
	if (size > SIZE_MAX / 4 - k->len) {
		k->failed = 1;
		return -1;
	}
	if (k->len + size + 2 > k->cap) {
		size_t cap = k->cap ? k->cap : 4096;
		while (cap < k->len + size + 2)
			cap *= 2;
		char *p = realloc(k->s, cap);
		if (!p) {
			k->failed = 1;
			return -1;
		}
		k->s = p;
		k->cap = cap;
	}
	memcpy(k->s + k->len, buf, size);
	k->len += size;
	return 0;
}

/*
 * Through json_dump_callback, not json_dumps: jansson 2.14 ignores a failure to write an object's
 * key (dump.c, do_dump), so json_dumps out of memory can return a document with a key missing.
 * Here every write that fails is remembered, and such a text is never returned.
 */
char *co_json_text(const json_t *doc, size_t extra_flags)
{
	sink k = {0};
	if (!doc || json_dump_callback(doc, put, &k, JSON_INDENT(2) | JSON_PRESERVE_ORDER | extra_flags) != 0 ||
	    k.failed || !k.s) {
		free(k.s);
		return NULL;
	}
	k.s[k.len++] = '\n';
	k.s[k.len] = '\0';
	return k.s;
}

void co_json_set(json_t *o, const char *key, json_t *v, int *failed)
{
	/* jansson releases v itself when o is NULL or the key cannot be added. */
	if (!v || json_object_set_new(o, key, v) != 0)
		*failed = 1;
}

void co_json_append(json_t *a, json_t *v, int *failed)
{
	if (!v || json_array_append_new(a, v) != 0)
		*failed = 1;
}

int co_json_for_terminal(json_t *v)
{
	size_t i, skip;
	const char *key;
	json_t *x;
	char esc[CO_TEXT_ESCAPE_SIZE];
	if (json_is_object(v)) {
		json_object_foreach(v, key, x)
			if (co_json_for_terminal(x))
				return CO_ERROR;
	} else if (json_is_array(v)) {
		json_array_foreach(v, i, x)
			if (co_json_for_terminal(x))
				return CO_ERROR;
	} else if (json_is_string(v)) {
		const char *s = json_string_value(v);
		if (co_text_terminal_span(s, esc, &skip) == json_string_length(v))
			return 0;
		co_strbuf b = {0};
		co_strbuf_put_text(&b, s);
		char *t = co_strbuf_take(&b);
		int rc = t && json_string_set(v, t) == 0 ? 0 : CO_ERROR;
		free(t);
		return rc;
	}
	return 0;
}
