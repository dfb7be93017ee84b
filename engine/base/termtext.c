/* Texts from inputs made safe for a terminal: controls, bidirectional overrides and bytes that are not UTF-8 shown escaped. */
#include "base/termtext.h"
#include "base/utf8.h"

#include <stdio.h>
#include <string.h>

const char *co_text_char(const char *p, char escape[CO_TEXT_ESCAPE_SIZE], size_t *len)
{
	const unsigned char *u = (const unsigned char *)p;
	size_t n = co_utf8_len(u);
	unsigned cp;
	if (n == 0) { /* not UTF-8: this byte alone, and the next is read afresh */
		*len = 1;
		snprintf(escape, CO_TEXT_ESCAPE_SIZE, "\\x%02x", u[0]);
		return escape;
	}
	*len = n;
	if (n == 1) {
		if (u[0] >= 0x20 && u[0] != 0x7F)
			return NULL;
		snprintf(escape, CO_TEXT_ESCAPE_SIZE, "\\x%02x", u[0]);
		return escape;
	}
	if (n == 2)
		cp = (u[0] & 0x1Fu) << 6 | (u[1] & 0x3Fu);
	else if (n == 3)
		cp = (u[0] & 0x0Fu) << 12 | (u[1] & 0x3Fu) << 6 | (u[2] & 0x3Fu);
	else
		return NULL; /* past U+FFFF: nothing there moves the cursor or reorders text */
	if (!(cp <= 0x9F || (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069)))
		return NULL;
	snprintf(escape, CO_TEXT_ESCAPE_SIZE, "\\u%04x", cp);
	return escape;
}

size_t co_text_terminal_span(const char *text, char escape[CO_TEXT_ESCAPE_SIZE], size_t *skip)
{
	size_t n = 0, len;
	*skip = 0;
	escape[0] = '\0';
	while (text[n]) {
		if (co_text_char(text + n, escape, &len)) {
			*skip = len;
			return n;
		}
		n += len;
	}
	return n;
}

void co_strbuf_put_text(co_strbuf *b, const char *s)
{
	char esc[CO_TEXT_ESCAPE_SIZE];
	size_t skip;
	while (s && *s) {
		size_t n = co_text_terminal_span(s, esc, &skip);
		co_strbuf_add(b, s, n);
		s += n;
		if (!*s)
			break;
		co_strbuf_add(b, esc, strlen(esc));
		s += skip;
	}
}
