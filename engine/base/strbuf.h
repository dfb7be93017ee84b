/* Internal: a growable text buffer with a size limit, for rendering tables and documents. */
#ifndef CO_STRBUF_H
#define CO_STRBUF_H

#include <stddef.h>

#define CO_STRBUF_MAX (256L * 1024 * 1024) /* largest text held */
#define CO_STRBUF_CHUNK (64 * 1024)        /* a streamed text is passed on in pieces of about this size */

/*
 * A text, held whole, or streamed: with a flush function set (co_strbuf_stream), the text is
 * passed on whenever CO_STRBUF_CHUNK bytes are held, and by co_strbuf_end, and only that much is
 * ever in memory. The memory grows geometrically and printf formats into it directly.
 */
typedef struct {
	char *s;
	size_t len, cap;
	int failed; /* out of memory, over CO_STRBUF_MAX, or a flush failed: later appends do nothing */
	int flush_rc; /* the status a failed flush returned */
	int (*flush)(void *arg, const char *data, size_t len); /* 0 or a negative co_status */
	void *flush_arg;
} co_strbuf;

/* Make b a stream: its text goes to flush(arg, data, len) in pieces (see above). */
void co_strbuf_stream(co_strbuf *b, int (*flush)(void *arg, const char *data, size_t len), void *arg);

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

/*
 * End a streamed text: pass on what is held and free the memory.
 * @return 0, the status of a flush that failed, or CO_ERROR when the text could not be made
 */
int co_strbuf_end(co_strbuf *b);

#endif
