/* A growable text buffer with a size limit. */
#include "base/strbuf.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void co_strbuf_put(co_strbuf *b, const char *fmt, ...)
{
	char *t = NULL;
	va_list ap;
	if (b->failed)
		return;
	va_start(ap, fmt);
	int n = vasprintf(&t, fmt, ap);
	va_end(ap);
	if (n < 0) {
		b->failed = 1;
		return;
	}
	char *p = b->len + (size_t)n + 1 > CO_STRBUF_MAX ? NULL : realloc(b->s, b->len + (size_t)n + 1);
	if (!p) {
		b->failed = 1;
		free(t);
		return;
	}
	memcpy(p + b->len, t, (size_t)n + 1);
	b->s = p;
	b->len += (size_t)n;
	free(t);
}

void co_strbuf_add(co_strbuf *b, const char *s, size_t n)
{
	if (b->failed || n == 0)
		return;
	char *p = n > CO_STRBUF_MAX - 1 - b->len ? NULL : realloc(b->s, b->len + n + 1);
	if (!p) {
		b->failed = 1;
		return;
	}
	memcpy(p + b->len, s, n);
	p[b->len + n] = '\0';
	b->s = p;
	b->len += n;
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
	b->len = 0;
	return s;
}
