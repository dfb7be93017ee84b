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
 * JSON holds DEL, the C1 controls and the bidirectional overrides and isolates as they are; a
 * terminal showing the document would act on them. Each is written as its \uNNNN escape instead:
 * the same value for any JSON reader, and no raw control on the screen (jansson already escapes
 * the C0 controls). Ordinary text is left byte for byte as it is. k's text is valid UTF-8 (jansson
 * checks every string), so the only characters co_text_char escapes in it, besides the C0
 * controls that are the layout's own line breaks, are these. 0, or -1 when out of memory.
 */
static int escape_for_terminals(sink *k)
{
	char esc[CO_TEXT_ESCAPE_SIZE];
	size_t n, extra = 0;
	k->s[k->len] = '\0'; /* room is kept for it */
	for (size_t i = 0; i < k->len; i += n)
		if ((unsigned char)k->s[i] < 0x7F)
			n = 1;
		else if (co_text_char(k->s + i, esc, &n))
			extra += 6 - n;
	if (extra == 0)
		return 0;
	char *t = extra > SIZE_MAX / 4 - k->len ? NULL : malloc(k->len + extra + 2);
	if (!t)
		return -1;
	size_t o = 0;
	for (size_t i = 0; i < k->len; i += n) {
		const char *e = (unsigned char)k->s[i] < 0x7F ? (n = 1, NULL) : co_text_char(k->s + i, esc, &n);
		if (!e) {
			memcpy(t + o, k->s + i, n);
			o += n;
		} else if (n == 1) { /* DEL */
			memcpy(t + o, "\\u007f", 6);
			o += 6;
		} else { /* a C1 control or a bidirectional character: co_text_char's escape is JSON's */
			memcpy(t + o, e, 6);
			o += 6;
		}
	}
	free(k->s);
	k->s = t;
	k->len = o;
	k->cap = o + 2;
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
	    k.failed || !k.s || escape_for_terminals(&k) != 0) {
		free(k.s);
		return NULL;
	}
	k.s[k.len++] = '\n';
	k.s[k.len] = '\0';
	return k.s;
}

char *co_json_line(const json_t *v)
{
	sink k = {0};
	if (!v || json_dump_callback(v, put, &k, JSON_COMPACT | JSON_ENSURE_ASCII | JSON_ENCODE_ANY | JSON_PRESERVE_ORDER) != 0 ||
	    k.failed || !k.s) {
		free(k.s);
		return NULL;
	}
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
