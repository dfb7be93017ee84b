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
	s->tag = 0;
	s->hashing = 0;
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

uint32_t co_fnv1a(uint32_t h, const void *p, size_t n)
{
	const unsigned char *b = p;
	for (size_t i = 0; i < n; i++)
		h = (h ^ b[i]) * 16777619u;
	return h;
}

/* Fold the bytes moved over since the last fold into the hash (before the buffer lets them go). */
static void fold(co_xscan *s)
{
	if (s->hashing && s->hashed < s->base + (long long)s->pos) {
		s->hash = co_fnv1a(s->hash, s->buf + (s->hashed - s->base), (size_t)(s->base + (long long)s->pos - s->hashed));
		s->hashed = s->base + (long long)s->pos;
	}
}

/* The byte at pos + ahead (refilling the buffer as needed), or -1 at the end of the file. */
static int peek(co_xscan *s, size_t ahead)
{
	if (s->pos + ahead >= s->len) {
		if (!s->f)
			return -1;
		fold(s);
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

/* Move over bytes up to the next '<' (or the end of the file), a buffer at a time. */
static void skip_text(co_xscan *s)
{
	while (peek(s, 0) >= 0) {
		const unsigned char *from = s->buf + s->pos, *end = s->buf + s->len;
		const unsigned char *lt = memchr(from, '<', (size_t)(end - from));
		const unsigned char *stop = lt ? lt : end, *p = from, *nl;
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
			skip_text(s);
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
			s->tag = s->base + (long long)s->pos;
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

int co_xscan_start_tag(co_xscan *s, long long *end, int *empty)
{
	int quote = 0, c;
	*end = 0;
	*empty = 0;
	/* A quoted attribute value may hold '>' and "/>" (never '<'). */
	for (;;) {
		if (s->lost || (c = peek(s, 0)) < 0 || c == '<')
			break;
		if (quote) {
			quote = c == quote ? 0 : quote;
		} else if (c == '"' || c == '\'') {
			quote = c;
		} else if (c == '/' && peek(s, 1) == '>') {
			advance(s);
			advance(s);
			*empty = 1;
			*end = s->base + (long long)s->pos;
			return 0;
		} else if (c == '>') {
			advance(s);
			*end = s->base + (long long)s->pos;
			return 0;
		}
		advance(s);
	}
	s->lost = 1;
	return -1;
}

int co_xscan_end_tag(co_xscan *s, const char *name, long long *end)
{
	*end = 0;
	while (!s->lost) {
		skip_text(s);
		if (peek(s, 0) < 0)
			break;
		int mine = 0;
		const char *stop = looking_at(s, "<!--") ? "-->" : looking_at(s, "<![CDATA[") ? "]]>" : looking_at(s, "<?") ? "?>" : NULL;
		if (!stop && looking_at(s, "</")) {
			advance(s); /* tag_is() reads the name after the '/' */
			mine = tag_is(s, name);
			stop = ">";
		}
		if (!stop)
			break; /* a start tag: not an element whose descendants were all placed */
		if (skip_past(s, stop))
			break;
		if (mine) {
			*end = s->base + (long long)s->pos;
			return 0;
		}
	}
	s->lost = 1;
	return -1;
}

void co_xscan_hash_begin(co_xscan *s)
{
	s->hashing = 1;
	s->hash = CO_FNV1A_INIT;
	s->hashed = s->tag;
}

uint32_t co_xscan_hash_take(co_xscan *s)
{
	fold(s);
	s->hashing = 0;
	return s->hash;
}
