/* Marks files: the panel's evaluator marks and moderated marks, streamed, validated and checked. */
#include "reading/marks.h"
#include "base/diag.h"
#include "base/num.h"
#include "reading/xmldoc.h"
#include "reading/xmlscan.h"

#include <errno.h>
#include <fcntl.h>
#include <libxml/parser.h>
#include <stdarg.h>
#include <stdio.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

void co_marks_free(co_marks *m)
{
	if (!m)
		return;
	free(m->path);
	free(m->competition);
	for (size_t i = 0; i < m->nev; i++)
		free(m->evaluators[i]);
	free(m->evaluators);
	free(m->bids); /* each bid's block is in the arena */
	for (size_t i = 0; i < m->nheld; i++)
		free(m->held[i]);
	free(m->held);
	free(m->encoding);
	if (m->fd >= 0)
		close(m->fd);
	co_arena_free(&m->blocks);
	free(m);
}

/*
 * xs:integer text to long; *ok = 0 when it is not one. Any lexical form is read: a sign, any
 * number of leading zeros, and the whitespace the schema collapses (" 4 " and "0004" are 4). A
 * value beyond a long is given as LONG_MAX or LONG_MIN, which no scale holds (scales stop at
 * 1,000,000), so it is off the scale as it should be. Nothing is allocated, so a mark is never
 * misread for want of memory.
 */
static long parse_mark(const char *text, int *ok)
{
	while (co_xml_space(*text))
		text++;
	size_t len = strlen(text);
	while (len > 0 && co_xml_space(text[len - 1]))
		len--;
	int negative = len > 0 && text[0] == '-';
	const char *p = text + (len > 0 && (text[0] == '-' || text[0] == '+')), *end = text + len;
	*ok = 0;
	if (p == end)
		return 0;
	for (const char *q = p; q < end; q++)
		if (*q < '0' || *q > '9')
			return 0;
	while (p < end - 1 && *p == '0')
		p++;
	*ok = 1;
	if (end - p > 18) /* more than 18 significant digits: beyond any long */
		return negative ? LONG_MIN : LONG_MAX;
	long v = 0;
	for (; p < end; p++)
		v = v * 10 + (*p - '0');
	return negative ? -v : v;
}

/* One pass over a marks file: the stream, the scanner that places its elements, the checks' context. */
typedef struct {
	co_marks *m;
	const co_rules *r;
	co_xscan scan;
	co_diags *diags;
	int keep;
} reading;

/*
 * The place of the next element, which is called name: every element is placed in document
 * order, so the scanner stays in step with the stream. When it cannot (a file it cannot read
 * as bytes), the parser's line is the best there is.
 */
static void place(reading *rd, const xmlNode *node, const char *name, int *line, int *col)
{
	if (co_xscan_next(&rd->scan, name, line, col) != 0) {
		*line = node ? (int)xmlGetLineNo(node) : 1;
		*col = 1;
	}
}

/* A problem of the file's content: reported, counted, and reading goes on to find the others. */
static int __attribute__((format(printf, 4, 5))) add_error(reading *rd, int line, int col, const char *fmt, ...)
{
	char *msg = NULL;
	va_list ap;
	va_start(ap, fmt);
	int n = vasprintf(&msg, fmt, ap);
	va_end(ap);
	rd->m->errors++;
	int rc = n < 0 ? CO_ERROR : co_diag_add(rd->diags, rd->m->path, line, col, "%s", msg);
	free(msg);
	return rc;
}

/* A mark's value on the scale, or -1 (with the error reported) when it is not. */
static int on_scale(reading *rd, const xmlNode *n, int line, int col, const char *what, const char *ev,
                    const char *bid, const char *question, int32_t *value)
{
	char *copy = NULL;
	const char *v = co_xml_attr_ref(n, "value", &copy);
	int ok = 0;
	long value_l = v ? parse_mark(v, &ok) : 0;
	free(copy);
	if (ok && co_rules_on_scale(rd->r, value_l)) {
		*value = (int32_t)value_l; /* scales stop at 1,000,000 */
		return 0;
	}
	if (ev)
		add_error(rd, line, col, "%s by '%s' for bid '%s' question '%s' is off the scale", what, ev, bid, question);
	else
		add_error(rd, line, col, "%s for bid '%s' question '%s' is off the scale", what, bid, question);
	return -1;
}

static long find_evaluator(const co_marks *m, const char *id)
{
	for (size_t i = 0; id && i < m->nev; i++)
		if (strcmp(m->evaluators[i], id) == 0)
			return (long)i;
	return -1;
}

static size_t count_marks(const xmlNode *bid)
{
	size_t n = 0;
	for (const xmlNode *q = bid->children; q; q = q->next)
		for (const xmlNode *c = q->children; c; c = c->next)
			n += co_xml_is(c, "mark");
	return n;
}

/* FNV-1a, 32 bits: the check a rationale read back must pass (a changed file fails it). */
static uint32_t text_hash(const char *s, size_t n)
{
	uint32_t h = 2166136261u;
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 16777619u;
	return h;
}

/* The bounds of text[0..n) without its leading and trailing XML white space. */
static void trim(const char *text, size_t n, size_t *a, size_t *b)
{
	*a = 0;
	*b = n;
	while (*a < *b && co_xml_space(text[*a]))
		(*a)++;
	while (*b > *a && co_xml_space(text[*b - 1]))
		(*b)--;
}

/*
 * Keep a <mark> or <moderated> element's rationale: where its content is in the file (the
 * scanner has just placed the element) with the length and hash of its text as the parser gave
 * it. A text the scanner cannot place (a file it cannot read as bytes) is held instead.
 */
static int keep_rationale(reading *rd, const xmlNode *n, co_rationale_at *at)
{
	co_marks *m = rd->m;
	char *copy = NULL;
	const char *text = co_xml_text_ref(n);
	if (!text && !(text = copy = co_xml_text(n)))
		return CO_ERROR;
	size_t a, b;
	trim(text, strlen(text), &a, &b);
	at->hash = text_hash(text + a, b - a);
	long long off, len;
	int plain, rc = 0;
	if (co_xscan_content(&rd->scan, &off, &len, &plain) == 0 && off < (1LL << 31) && len < CO_RATIONALE_HELD) {
		at->off = (uint32_t)off;
		at->len = (uint32_t)len;
		at->plain = plain && !m->encoding;
		goto out;
	}
	rc = CO_ERROR;
	if (m->nheld == m->capheld) {
		size_t cap = m->capheld ? 2 * m->capheld : 16;
		char **p = cap < (1u << 31) ? realloc(m->held, cap * sizeof(char *)) : NULL;
		if (!p)
			goto out;
		m->held = p;
		m->capheld = cap;
	}
	if (!(m->held[m->nheld] = strndup(text + a, b - a)))
		goto out;
	at->off = (uint32_t)m->nheld++;
	at->len = CO_RATIONALE_HELD;
	at->plain = 0;
	rc = 0;
out:
	free(copy);
	return rc;
}

static int read_question(reading *rd, co_bidmarks *b, const xmlNode *qn)
{
	int line, col, rc = 0;
	place(rd, qn, "question", &line, &col);
	char *ref = co_xml_attr(qn, "ref");
	if (!ref)
		return CO_ERROR;
	long qi = co_rules_find_question(rd->r, ref);
	co_qmarks *q = qi >= 0 ? &b->qs[qi] : NULL;
	if (q && q->present) {
		rc = add_error(rd, line, col, "a second entry for question '%s' in bid '%s' (the first is at line %d)", ref,
		               b->bid, (int)q->line);
		q = NULL;
	} else if (q) {
		q->present = 1;
		q->first = b->nmarks;
		q->line = line;
		q->col = col;
	} else {
		rc = add_error(rd, line, col, "marks for unknown question '%s' (bid '%s')", ref, b->bid);
	}
	for (const xmlNode *c = qn->children; c && !rc; c = c->next) {
		int32_t value;
		if (co_xml_is(c, "mark")) {
			place(rd, c, "mark", &line, &col);
			char *copy = NULL;
			const char *ev = co_xml_attr_ref(c, "evaluator", &copy);
			if (!ev) {
				rc = CO_ERROR;
				break;
			}
			long e = find_evaluator(rd->m, ev);
			if (e == -1)
				rc = add_error(rd, line, col, "mark by undeclared evaluator '%s' (declare it with <evaluator id=\"%s\"/>)",
				               ev, ev);
			for (size_t k = 0; q && e >= 0 && k < q->n; k++)
				if (co_qmarks_marks(b, q)[k].evaluator == (uint32_t)e) {
					rc = add_error(rd, line, col, "a second mark by '%s' for bid '%s' question '%s'", ev, b->bid, ref);
					e = -2; /* the first stands */
				}
			if (on_scale(rd, c, line, col, "mark", ev, b->bid, ref, &value) == 0 && e >= 0 && q) {
				((co_mark *)b->qs - b->slots)[b->nmarks] = (co_mark){(uint32_t)e, value};
				int kept = rd->keep ? keep_rationale(rd, c, &b->why[b->nmarks]) : 0;
				rc = kept ? kept : rc;
				b->nmarks++;
				q->n++;
			}
			free(copy);
		} else if (co_xml_is(c, "moderated")) {
			place(rd, c, "moderated", &line, &col);
			if (on_scale(rd, c, line, col, "moderated mark", NULL, b->bid, ref, &value) == 0 && q) {
				q->has_moderated = 1;
				q->moderated = value;
				int kept = rd->keep ? keep_rationale(rd, c, &b->why[b->slots + (size_t)qi]) : 0;
				rc = kept ? kept : rc;
			}
		}
	}
	free(ref);
	return rc;
}

/* One <bid> entry, its subtree expanded by the stream; it goes into the next slot of m->bids. */
static int read_bid(reading *rd, const xmlNode *bn)
{
	co_marks *m = rd->m;
	size_t nq = rd->r->nq;
	int line, col;
	place(rd, bn, "bid", &line, &col);
	if (m->nb == CO_MARKS_MAX_BIDS) {
		co_diag_add(rd->diags, m->path, line, col, "more than %d <bid> entries in one marks file", CO_MARKS_MAX_BIDS);
		return CO_EINVALID;
	}
	if (m->nb == m->cap) {
		size_t cap = m->cap ? m->cap * 2 : 64;
		co_bidmarks *p = realloc(m->bids, cap * sizeof(*p));
		if (!p)
			return CO_ERROR;
		m->bids = p;
		m->cap = cap;
	}
	co_bidmarks *b = &m->bids[m->nb];
	memset(b, 0, sizeof(*b));
	b->line = line;
	b->col = col;
	m->nb++;
	size_t total = count_marks(bn);
	if (total > CO_MARKS_MAX_PER_BID) {
		co_diag_add(rd->diags, m->path, line, col, "more than %d marks in one <bid> entry", CO_MARKS_MAX_PER_BID);
		return CO_EINVALID;
	}
	char *ref = co_xml_attr(bn, "ref");
	if (!ref)
		return CO_ERROR;
	size_t len = strlen(ref) + 1;
	/* One block per bid: the marks, the questions, the id (co_qmarks_marks finds the marks from qs). */
	co_mark *marks = co_arena_alloc(&m->blocks, total * sizeof(co_mark) + nq * sizeof(co_qmarks) + len);
	if (!marks) {
		free(ref);
		return CO_ERROR;
	}
	b->slots = (uint32_t)total;
	b->qs = (co_qmarks *)(marks + total);
	b->bid = memcpy((char *)(b->qs + nq), ref, len);
	free(ref);
	if (rd->keep && !(b->why = co_arena_alloc(&m->blocks, (total + nq) * sizeof(co_rationale_at) + 1)))
		return CO_ERROR;
	int rc = 0;
	for (const xmlNode *qn = bn->children; qn && !rc; qn = qn->next)
		if (co_xml_is(qn, "question"))
			rc = read_question(rd, b, qn);
	return rc;
}

/* The root and the evaluators, met before any <bid>. */
static int read_top(reading *rd, xmlTextReaderPtr reader, int depth, const char *name)
{
	co_marks *m = rd->m;
	const xmlNode *n = xmlTextReaderCurrentNode(reader);
	int line, col;
	if (depth == 0) {
		if (m->line == 0) { /* the scanner could not place it before the stream began */
			m->line = (int)xmlGetLineNo(n);
			m->col = 1;
		}
		if (!(m->competition = co_xml_attr(n, "competition")))
			return CO_ERROR;
		const char *enc = (const char *)xmlTextReaderConstEncoding(reader);
		if (enc && strcasecmp(enc, "UTF-8") != 0 && !(m->encoding = strdup(enc)))
			return CO_ERROR;
		if (strcmp(m->competition, rd->r->id) != 0)
			add_error(rd, m->line, m->col, "marks are for competition '%s', but the rules are for '%s'",
			          m->competition, rd->r->id);
		return 0;
	}
	place(rd, n, name, &line, &col);
	if (depth == 1 && strcmp(name, "evaluator") == 0) {
		if (m->nev == CO_MARKS_MAX_EVALUATORS) /* the schema allows 100; a mark holds the index in 8 bits */
			return add_error(rd, line, col, "more than %d evaluators", CO_MARKS_MAX_EVALUATORS);
		char **p = realloc(m->evaluators, (m->nev + 1) * sizeof(char *));
		if (!p)
			return CO_ERROR;
		m->evaluators = p;
		char *id = co_xml_attr(n, "id");
		if (!id)
			return CO_ERROR;
		if (find_evaluator(m, id) >= 0) {
			int rc = add_error(rd, line, col, "evaluator '%s' is declared twice", id);
			free(id);
			return rc;
		}
		m->evaluators[m->nev++] = id;
	}
	return 0;
}

static int cmp_bidmarks(const void *a, const void *b)
{
	return strcmp(((const co_bidmarks *)a)->bid, ((const co_bidmarks *)b)->bid);
}

/* Sort the bids by id for lookups; an id with two entries is an error at the later one. */
static int sort_bids(reading *rd)
{
	co_marks *m = rd->m;
	qsort(m->bids, m->nb, sizeof(*m->bids), cmp_bidmarks);
	for (size_t i = 1; i < m->nb; i++) {
		const co_bidmarks *a = &m->bids[i - 1], *b = &m->bids[i];
		if (strcmp(a->bid, b->bid) != 0)
			continue;
		int later = b->line > a->line || (b->line == a->line && b->col > a->col);
		const co_bidmarks *first = later ? a : b, *second = later ? b : a;
		if (add_error(rd, second->line, second->col, "a second entry for bid '%s' (the first is at line %d)",
		              second->bid, first->line))
			return CO_ERROR;
	}
	return 0;
}

/*
 * The stream stops at its first error: co_xstream_fail() then reports every error of the file
 * with its place (from a whole-tree read when the file is small enough to hold).
 */
int co_marks_read(co_marks **out, const char *path, const char *read_from, const co_rules *r, int keep_rationales,
                  co_diags *diags)
{
	co_xschema *schema = NULL;
	co_xstream s = {0};
	reading rd = {.r = r, .diags = diags, .keep = keep_rationales};
	int rc;

	*out = NULL;
	rd.m = calloc(1, sizeof(*rd.m));
	rc = CO_ERROR;
	if (!rd.m)
		goto out;
	rd.m->fd = -1;
	if (!(rd.m->path = strdup(path)))
		goto out;
	rd.m->nq = r->nq;
	if ((rc = co_xschema_load(&schema, CO_SCHEMA_MARKS)) ||
	    (rc = co_xstream_open(&s, path, read_from, schema, CO_MARKS_MAX_BYTES, diags)))
		goto out;
	co_xscan_open(&rd.scan, read_from ? read_from : path);
	/* Kept rationales are read back from the file that was read, through a descriptor held open. */
	if (keep_rationales && (rd.m->fd = open(read_from ? read_from : path, O_RDONLY | O_CLOEXEC)) < 0) {
		co_diag_add(diags, path, 1, 1, "cannot be opened to read rationales back: %s", strerror(errno));
		rc = CO_EIO;
		goto out;
	}
	/* The root is placed before the parser starts, so that a DOCTYPE is refused unread. */
	co_xscan_next(&rd.scan, "marks", &rd.m->line, &rd.m->col);
	if (rd.scan.doctype_line) {
		co_xstream_refuse_doctype(&s, rd.scan.doctype_line);
		rc = co_xstream_fail(&s, schema, diags);
		goto out;
	}
	int step = xmlTextReaderRead(s.reader);
	while (step == 1 && !rc && !co_xstream_failed(&s)) {
		int depth = xmlTextReaderDepth(s.reader);
		const char *name = (const char *)xmlTextReaderConstLocalName(s.reader);
		if (xmlTextReaderNodeType(s.reader) != XML_READER_TYPE_ELEMENT || !name) {
			step = xmlTextReaderRead(s.reader);
		} else if (depth == 1 && strcmp(name, "bid") == 0) {
			xmlNodePtr bn = xmlTextReaderExpand(s.reader);
			if (!bn || co_xstream_failed(&s))
				break;
			rc = read_bid(&rd, bn);
			step = xmlTextReaderNext(s.reader);
		} else {
			rc = read_top(&rd, s.reader, depth, name);
			step = xmlTextReaderRead(s.reader);
		}
	}
	if (!rc && (step != 0 || co_xstream_failed(&s)))
		rc = co_xstream_fail(&s, schema, diags);
	if (!rc)
		rc = sort_bids(&rd);
out:
	co_xscan_close(&rd.scan);
	co_xstream_close(&s);
	co_xschema_free(schema);
	if (rc) {
		co_marks_free(rd.m);
		rd.m = NULL;
	}
	*out = rd.m;
	return rc;
}

const co_bidmarks *co_marks_bid(const co_marks *m, const char *bid)
{
	co_bidmarks key = {.bid = (char *)bid};
	if (!m || !bid)
		return NULL;
	return bsearch(&key, m->bids, m->nb, sizeof(*m->bids), cmp_bidmarks);
}

const co_qmarks *co_marks_question(const co_bidmarks *b, size_t q)
{
	return b && b->qs[q].present ? &b->qs[q] : NULL;
}

/* A rationale's content being decoded: the text so far, and the first failure. */
typedef struct {
	co_strbuf *buf;
	xmlParserCtxtPtr parser;
	int rc;
} decoding;

/* Text and white space alike: the text of the element, as xmlNodeGetContent() joins it. */
static void on_text(void *arg, const xmlChar *ch, int len)
{
	decoding *d = arg;
	if (d->rc)
		return;
	if (d->buf->len + (size_t)len > CO_RATIONALE_MAX_BYTES)
		d->rc = CO_EIO; /* longer than any text the schema allows: not what was read */
	else
		co_strbuf_add(d->buf, (const char *)ch, (size_t)len);
	if (!d->rc && d->buf->failed)
		d->rc = CO_ERROR;
	if (d->rc)
		xmlStopParser(d->parser);
}

/*
 * A CDATA section: no text. The marks reader (libxml2 2.9's xmlTextReader, a schema plugged in,
 * XML_PARSE_NOCDATA) gives an element no text for one, and a rationale read back must be the
 * text that was read. (Should a libxml2 keep it, the hash tells, and the read-back fails.)
 */
static void on_cdata(void *arg, const xmlChar *ch, int len)
{
	(void)arg;
	(void)ch;
	(void)len;
}

#if LIBXML_VERSION >= 21200
static void on_error(void *arg, const xmlError *e)
#else
static void on_error(void *arg, xmlErrorPtr e)
#endif
{
	(void)arg; /* the parser's state says it failed: nothing to report but that */
	(void)e;
}

static int eat_plain(void *arg, const char *bytes, size_t n)
{
	co_strbuf *buf = arg;
	if (buf->len + n > CO_RATIONALE_MAX_BYTES)
		return CO_EIO;
	co_strbuf_add(buf, bytes, n);
	return buf->failed ? CO_ERROR : 0;
}

static int eat_xml(void *arg, const char *bytes, size_t n)
{
	decoding *d = arg;
	xmlParseChunk(d->parser, bytes, (int)n, 0);
	return d->rc;
}

/*
 * The content at `at`, read back in pieces, each given to eat(). The byte before it must still
 * end the start tag ('>') and the two after it begin the end tag ("</"): CO_EIO otherwise, or
 * when the bytes cannot be read.
 */
static int read_content(const co_marks *m, const co_rationale_at *at, int (*eat)(void *, const char *, size_t),
                        void *arg)
{
	char piece[16384];
	long long from = (long long)at->off - 1, stop = (long long)at->off + at->len, end = stop + 2, pos = from;
	if (from < 0)
		return CO_EIO;
	while (pos < end) {
		size_t want = end - pos < (long long)sizeof(piece) ? (size_t)(end - pos) : sizeof(piece);
		ssize_t got = pread(m->fd, piece, want, (off_t)pos);
		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0)
			return CO_EIO;
		long long lo = pos == from ? 1 : 0, hi = stop - pos < got ? stop - pos : got;
		if (pos == from && piece[0] != '>')
			return CO_EIO;
		for (long long i = hi > 0 ? hi : 0; i < got; i++)
			if (piece[i] != "</"[pos + i - stop])
				return CO_EIO;
		int rc = hi > lo ? eat(arg, piece + lo, (size_t)(hi - lo)) : 0;
		if (rc)
			return rc;
		pos += got;
	}
	return 0;
}

/*
 * Content with references, markup or carriage returns, or in another encoding than UTF-8:
 * decoded by libxml2 itself (a push parser, the content in an element of its own, after the
 * file's own XML declaration), so the text is the one the marks reader was given.
 */
static int decode(const co_marks *m, const co_rationale_at *at, co_strbuf *buf)
{
	xmlSAXHandler sax;
	memset(&sax, 0, sizeof(sax));
	sax.initialized = XML_SAX2_MAGIC;
	sax.characters = sax.ignorableWhitespace = on_text;
	sax.cdataBlock = on_cdata;
	sax.serror = on_error;
	decoding d = {buf, NULL, 0};
	int options = XML_PARSE_NONET, rc = CO_ERROR; /* not NOCDATA: that would make CDATA text (see on_cdata) */
#if LIBXML_VERSION >= 21300
	options |= XML_PARSE_NO_XXE;
#endif
	char *head = m->encoding ? co_strdupf("<?xml version=\"1.0\" encoding=\"%s\"?><r>", m->encoding) : strdup("<r>");
	if (!head || !(d.parser = xmlCreatePushParserCtxt(&sax, &d, NULL, 0, NULL)))
		goto out;
	xmlCtxtUseOptions(d.parser, options);
	if ((rc = eat_xml(&d, head, strlen(head))) || (rc = read_content(m, at, eat_xml, &d)))
		goto out;
	xmlParseChunk(d.parser, "</r>", 4, 1);
	rc = d.rc                                  ? d.rc
	     : d.parser->errNo == XML_ERR_NO_MEMORY ? CO_ERROR
	     : !d.parser->wellFormed                ? CO_EIO
	                                            : 0;
out:
	if (d.parser)
		xmlFreeParserCtxt(d.parser);
	free(head);
	return rc;
}

/* A kept rationale, read back and checked against the length and hash of the text read. */
static int read_back(const co_marks *m, const co_rationale_at *at, co_strbuf *buf, const char **text)
{
	if (at->len == CO_RATIONALE_HELD) {
		if (at->off >= m->nheld)
			return CO_ERROR;
		*text = m->held[at->off];
		return 0;
	}
	if (at->len == 0) { /* an empty element, or nothing between its tags: nothing to read */
		if (at->hash != text_hash("", 0))
			return CO_ERROR;
		*text = "";
		return 0;
	}
	co_strbuf_reset(buf);
	if (buf->failed)
		return CO_ERROR;
	int rc = at->plain ? read_content(m, at, eat_plain, buf) : decode(m, at, buf);
	if (rc)
		return rc;
	size_t a, b;
	trim(buf->s ? buf->s : "", buf->len, &a, &b);
	if (!buf->s || text_hash(buf->s + a, b - a) != at->hash)
		return buf->s ? CO_EIO : CO_ERROR; /* the file no longer holds the text that was read */
	buf->s[b] = '\0';
	*text = buf->s + a;
	return 0;
}

int co_marks_rationale(const co_marks *m, const co_bidmarks *b, const co_qmarks *q, size_t k, co_strbuf *buf,
                       const char **text)
{
	*text = NULL;
	if (!m || !b || !q || !b->why || k >= q->n)
		return 0;
	return read_back(m, &b->why[q->first + k], buf, text);
}

int co_marks_moderated_rationale(const co_marks *m, const co_bidmarks *b, const co_qmarks *q, co_strbuf *buf,
                                 const char **text)
{
	*text = NULL;
	if (!m || !b || !q || !b->why || !q->has_moderated)
		return 0;
	return read_back(m, &b->why[b->slots + (size_t)(q - b->qs)], buf, text);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

int co_marks_check(const co_marks *m, const char *const *bid_ids, size_t nids, co_diags *diags)
{
	int errors = m->errors, lost = co_diags_failed(diags);
	for (size_t i = 0; i < m->nb; i++) {
		const co_bidmarks *b = &m->bids[i];
		if (!bsearch(&b->bid, bid_ids, nids, sizeof(char *), cmp_str)) {
			co_diag_add(diags, m->path, b->line, b->col, "marks for unknown bid '%s' (no bid file has this id)",
			            b->bid);
			errors++;
		}
	}
	return !lost && co_diags_failed(diags) ? CO_ERROR : errors ? CO_EINVALID : 0;
}
