/* xmlscan: locating start tags in raw XML bytes, for documents read as a stream. */
#include "reading/xmlscan.h"

#include <string.h>

int co_xscan_open(co_xscan *s, const char *path)
{
	s->len = s->pos = 0;
	s->base = 0;
	s->line = s->col = 1;
	s->lost = 0;
	s->doctype_line = 0;
	s->f = fopen(path, "rb");
	if (!s->f)
		s->lost = 1;
	return s->f ? 0 : -1;
}

void co_xscan_close(co_xscan *s)
{
	if (s->f)
		fclose(s->f);
	s->f = NULL;
}

/* The byte at pos + ahead (refilling the buffer as needed), or -1 at the end of the file. */
static int peek(co_xscan *s, size_t ahead)
{
	if (s->pos + ahead >= s->len) {
		if (!s->f)
			return -1;
		memmove(s->buf, s->buf + s->pos, s->len - s->pos);
		s->base += (long long)s->pos;
		s->len -= s->pos;
		s->pos = 0;
		s->len += fread(s->buf + s->len, 1, sizeof(s->buf) - s->len, s->f);
		if (ahead >= s->len)
			return -1;
	}
	return s->buf[s->pos + ahead];
}

static void advance(co_xscan *s)
{
	if (s->buf[s->pos++] == '\n') {
		s->line++;
		s->col = 1;
	} else {
		s->col++;
	}
}

/*
 * Move over bytes up to the next '<' (or the end of the file), a buffer at a time. With plain,
 * *plain is set to 0 when a reference or a carriage return is passed over.
 */
static void skip_text(co_xscan *s, int *plain)
{
	while (peek(s, 0) >= 0) {
		const unsigned char *from = s->buf + s->pos, *end = s->buf + s->len;
		const unsigned char *lt = memchr(from, '<', (size_t)(end - from));
		const unsigned char *stop = lt ? lt : end, *p = from, *nl;
		if (plain && (memchr(from, '&', (size_t)(stop - from)) || memchr(from, '\r', (size_t)(stop - from))))
			*plain = 0;
		while ((nl = memchr(p, '\n', (size_t)(stop - p)))) {
			s->line++;
			s->col = 1;
			p = nl + 1;
		}
		s->col += stop - p;
		s->pos = (size_t)(stop - s->buf);
		if (lt)
			return;
	}
}

/* Skip up to and past the terminator (e.g. "-->"); 0, or -1 at the end of the file. */
static int skip_past(co_xscan *s, const char *end)
{
	size_t n = strlen(end);
	for (;;) {
		size_t k = 0;
		while (k < n && peek(s, k) == (unsigned char)end[k])
			k++;
		if (k == n) {
			while (n--)
				advance(s);
			return 0;
		}
		if (peek(s, 0) < 0)
			return -1;
		advance(s);
	}
}

/* 1 when the bytes at pos are lit. */
static int looking_at(co_xscan *s, const char *lit)
{
	for (size_t k = 0; lit[k]; k++)
		if (peek(s, k) != (unsigned char)lit[k])
			return 0;
	return 1;
}

static int name_char(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
	       c == '.' || c == ':' || c >= 0x80;
}

/* Compare the tag name at pos + 1 with name, ignoring a prefix; 1 when it is name. */
static int tag_is(co_xscan *s, const char *name)
{
	char got[256];
	size_t n = 0;
	int c;
	while (n < sizeof(got) - 1 && (c = peek(s, 1 + n)) >= 0 && name_char(c))
		got[n++] = (char)c;
	got[n] = '\0';
	const char *local = strrchr(got, ':');
	return strcmp(local ? local + 1 : got, name) == 0;
}

int co_xscan_next(co_xscan *s, const char *name, int *line, int *col)
{
	*line = *col = 0;
	while (!s->lost) {
		int c = peek(s, 0);
		if (c < 0)
			break;
		if (c != '<') {
			skip_text(s, NULL);
			continue;
		}
		int r = 0;
		if (looking_at(s, "<!--"))
			r = skip_past(s, "-->");
		else if (looking_at(s, "<![CDATA["))
			r = skip_past(s, "]]>");
		else if (looking_at(s, "<?"))
			r = skip_past(s, "?>");
		else if (looking_at(s, "<!") || looking_at(s, "</")) {
			if (!s->doctype_line && looking_at(s, "<!DOCTYPE"))
				s->doctype_line = (int)s->line;
			r = skip_past(s, ">");
		} else if (tag_is(s, name)) {
			*line = (int)s->line;
			*col = (int)s->col;
			advance(s);
			return 0;
		} else {
			break;
		}
		if (r)
			break;
	}
	s->lost = 1;
	return -1;
}

int co_xscan_content(co_xscan *s, long long *off, long long *len, int *plain)
{
	int quote = 0, c;
	*off = *len = 0;
	*plain = 1;
	/* The rest of the start tag: a quoted attribute value may hold '>' and "/>" (never '<'). */
	for (;;) {
		if (s->lost || (c = peek(s, 0)) < 0 || c == '<')
			goto lost;
		if (quote) {
			quote = c == quote ? 0 : quote;
		} else if (c == '"' || c == '\'') {
			quote = c;
		} else if (c == '/' && peek(s, 1) == '>') {
			advance(s);
			advance(s);
			return 0;
		} else if (c == '>') {
			advance(s);
			break;
		}
		advance(s);
	}
	*off = s->base + (long long)s->pos;
	/* The content: text, references, CDATA sections, comments and PIs, up to the end tag. */
	for (;;) {
		skip_text(s, plain);
		if (peek(s, 0) < 0)
			goto lost;
		if (looking_at(s, "</"))
			break;
		*plain = 0;
		const char *end = looking_at(s, "<!--") ? "-->" : looking_at(s, "<![CDATA[") ? "]]>" : looking_at(s, "<?") ? "?>" : NULL;
		if (!end || skip_past(s, end))
			goto lost;
	}
	*len = s->base + (long long)s->pos - *off;
	return 0;
lost:
	s->lost = 1;
	return -1;
}
