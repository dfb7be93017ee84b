/* Internal: a growable text buffer with a size limit, for rendering tables and explanations. */
#ifndef CO_STRBUF_H
#define CO_STRBUF_H

#include <stddef.h>

#define CO_STRBUF_MAX (256L * 1024 * 1024) /* largest text rendered */

typedef struct {
	char *s;
	size_t len;
	int failed; /* out of memory, or over CO_STRBUF_MAX: later appends do nothing */
} co_strbuf;

/* Append printf-formatted text. */
void co_strbuf_put(co_strbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Append the n bytes at s as they are. */
void co_strbuf_add(co_strbuf *b, const char *s, size_t n);

/*
 * s, passed through. When s is NULL (a part of the text that could not be made for want of
 * memory) b fails too, so a text is never finished with a part missing.
 */
char *co_strbuf_need(co_strbuf *b, char *s);

/* Empty the text, keeping its memory for what is put next (a failed buffer stays failed). */
void co_strbuf_reset(co_strbuf *b);

/* The text (the caller frees it), or NULL when the buffer failed (it is then freed). */
char *co_strbuf_take(co_strbuf *b);

#endif
