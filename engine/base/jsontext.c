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

/* The placeholders: integers no document of calloff's holds, alone on their line. */
#define HOLE_BASE ((json_int_t)-7361523908115428000LL)

json_t *co_json_hole(size_t k)
{
	return json_integer(HOLE_BASE - (json_int_t)k);
}

struct co_json_items {
	co_strbuf *b;
	size_t flags, indent, count;
	sink item; /* one item's text, its memory kept from one to the next */
};

void co_json_item(co_json_items *it, json_t *item, int failed)
{
	co_strbuf *b = it->b;
	it->item.len = 0;
	if (!b->failed && (failed || !item || json_dump_callback(item, put, &it->item, it->flags) != 0 ||
	                   it->item.failed || !it->item.s || escape_for_terminals(&it->item) != 0))
		b->failed = 1;
	json_decref(item);
	if (b->failed)
		return;
	/* Written at the array's depth: a raw newline is never inside a JSON string, so each one is a line break. */
	co_strbuf_add(b, it->count ? ",\n" : "\n", it->count ? 2 : 1);
	it->count++;
	co_strbuf_put(b, "%*s", (int)it->indent, "");
	const char *t = it->item.s, *end = t + it->item.len;
	while (t < end) {
		const char *nl = memchr(t, '\n', (size_t)(end - t));
		size_t n = nl ? (size_t)(nl - t) + 1 : (size_t)(end - t);
		co_strbuf_add(b, t, n);
		if (nl)
			co_strbuf_put(b, "%*s", (int)it->indent, "");
		t += n;
	}
}

void co_json_stream(co_strbuf *b, const json_t *tmpl, size_t extra_flags, size_t nholes,
                    int (*fill)(void *arg, size_t hole, co_json_items *items), void *arg)
{
	char *text = co_strbuf_need(b, co_json_text(tmpl, extra_flags));
	co_json_items it = {.b = b, .flags = JSON_INDENT(2) | JSON_PRESERVE_ORDER | extra_flags};
	const char *at = text;
	for (size_t k = 0; text && !b->failed && k < nholes; k++) {
		char num[32];
		int nlen = snprintf(num, sizeof(num), "%" JSON_INTEGER_FORMAT, HOLE_BASE - (json_int_t)k);
		/* The placeholder's line: "\n", spaces, the number, "\n"; the array's "[" just before it. */
		const char *p = at, *line = NULL;
		while ((p = strstr(p, num)) != NULL) {
			const char *q = p;
			while (q > at && q[-1] == ' ')
				q--;
			if (q > at + 1 && q[-1] == '\n' && q[-2] == '[' && p[nlen] == '\n') {
				line = q - 1;
				break;
			}
			p += nlen;
		}
		if (!line) {
			b->failed = 1;
			break;
		}
		co_strbuf_add(b, at, (size_t)(line - at));
		it.indent = (size_t)(p - line - 1);
		it.count = 0;
		if (fill(arg, k, &it) != 0)
			b->failed = 1;
		/* After the items, the array's own line break and "]"; with none, "[]" as jansson writes it. */
		at = p + nlen;
		if (it.count == 0)
			at = strchr(at, ']');
	}
	if (text && !b->failed && at)
		co_strbuf_add(b, at, strlen(at));
	free(text);
	free(it.item.s);
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

/*
 * jansson 2.14's parser drops a byte of a token when it cannot grow its buffer (load.c,
 * lex_save), so out of memory it can return a different document, or report a syntax error that
 * is not in the text, instead of failing. So a text in calloff's own layout (every one it writes)
 * is written out again and must give the same bytes; one in another layout (edited by hand) is
 * parsed twice and the two must be equal; and a syntax error must be found again, at the same
 * place, by a second parse. Anything else is out of memory.
 */
int co_json_load_sure(json_t **out, const char *buf, size_t len, size_t flags, json_error_t *err)
{
	char *again = NULL;
	json_t *doc = NULL, *second = NULL;
	json_error_t e2;
	int rc = 0;
	*out = NULL;
	memset(err, 0, sizeof(*err));
	memset(&e2, 0, sizeof(e2));
	if (!(doc = json_loadb(buf, len, flags, err))) {
		/* Out of memory jansson fails with no message (or json_error_out_of_memory), or a wrong one. */
		rc = CO_ERROR;
		if (!err->text[0] || json_error_code(err) == json_error_out_of_memory)
			goto out;
		if (!(second = json_loadb(buf, len, flags, &e2)) && e2.line == err->line && e2.column == err->column &&
		    strcmp(e2.text, err->text) == 0)
			rc = CO_EINVALID;
		goto out;
	}
	if (!(again = co_json_text(doc, 0))) {
		rc = CO_ERROR;
		goto out;
	}
	if (strlen(again) != len || memcmp(again, buf, len) != 0) {
		second = json_loadb(buf, len, flags, &e2);
		if (!second || !json_equal(doc, second)) {
			rc = CO_ERROR;
			goto out;
		}
	}
	*out = doc;
	doc = NULL;
out:
	json_decref(doc);
	json_decref(second);
	free(again);
	return rc;
}
