/* A growable text buffer with a size limit, held whole or streamed in pieces. */
#include "base/strbuf.h"
#include "calloff/status.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void co_strbuf_stream(co_strbuf *b, int (*flush)(void *arg, const char *data, size_t len), void *arg)
{
	b->flush = flush;
	b->flush_arg = arg;
}

/* Room for n more bytes and a terminating NUL; 0, or -1 with b failed. Capacity doubles. */
static int room(co_strbuf *b, size_t n)
{
	if (b->failed)
		return -1;
	if (n >= (size_t)CO_STRBUF_MAX - b->len) {
		b->failed = 1;
		return -1;
	}
	size_t need = b->len + n + 1;
	if (need <= b->cap)
		return 0;
	size_t cap = b->cap ? b->cap : 256;
	while (cap < need)
		cap *= 2;
	if (cap > (size_t)CO_STRBUF_MAX)
		cap = (size_t)CO_STRBUF_MAX;
	char *p = realloc(b->s, cap);
	if (!p) {
		b->failed = 1;
		return -1;
	}
	b->s = p;
	b->cap = cap;
	return 0;
}

/* A stream passes on what it holds once a piece is full. */
static void maybe_flush(co_strbuf *b)
{
	if (!b->flush || b->failed || b->len < CO_STRBUF_CHUNK)
		return;
	int rc = b->flush(b->flush_arg, b->s, b->len);
	if (rc) {
		b->failed = 1;
		b->flush_rc = rc;
		return;
	}
	co_strbuf_reset(b);
}

void co_strbuf_put(co_strbuf *b, const char *fmt, ...)
{
	va_list ap;
	if (b->failed)
		return;
	size_t avail = b->cap > b->len ? b->cap - b->len : 0;
	va_start(ap, fmt);
	int n = vsnprintf(avail ? b->s + b->len : NULL, avail, fmt, ap);
	va_end(ap);
	if (n < 0) {
		b->failed = 1;
		return;
	}
	if ((size_t)n >= avail) { /* it did not fit: make room and format again */
		if (room(b, (size_t)n))
			return;
		va_start(ap, fmt);
		vsnprintf(b->s + b->len, (size_t)n + 1, fmt, ap);
		va_end(ap);
	}
	b->len += (size_t)n;
	maybe_flush(b);
}

void co_strbuf_add(co_strbuf *b, const char *s, size_t n)
{
	if (b->failed || n == 0 || room(b, n))
		return;
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
	maybe_flush(b);
}

char *co_strbuf_need(co_strbuf *b, char *s)
{
	if (!s)
		b->failed = 1;
	return s;
}

void co_strbuf_reset(co_strbuf *b)
{
	b->len = 0;
	if (b->s)
		b->s[0] = '\0';
}

char *co_strbuf_take(co_strbuf *b)
{
	char *s = b->s;
	if (b->failed) {
		free(s);
		s = NULL;
	} else if (!s) {
		s = calloc(1, 1);
	}
	b->s = NULL;
	b->len = b->cap = 0;
	return s;
}

int co_strbuf_end(co_strbuf *b)
{
	int rc = 0;
	if (!b->failed && b->len && b->flush && (rc = b->flush(b->flush_arg, b->s, b->len)) != 0) {
		b->failed = 1;
		b->flush_rc = rc;
	}
	rc = b->flush_rc ? b->flush_rc : b->failed ? CO_ERROR : 0;
	free(b->s);
	b->s = NULL;
	b->len = b->cap = 0;
	return rc;
}
