/* Marks files: the panel's evaluator marks and moderated marks, streamed, validated and checked. */
#include "reading/marks.h"
#include "base/diag.h"
#include "base/num.h"
#include "reading/xmldoc.h"
#include "reading/xmlscan.h"

#include <errno.h>
#include <fcntl.h>
#include <libxml/parser.h>
#include <stdatomic.h>
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
	free(m->at);
	free(m->head);
	free(m->tail);
	for (size_t i = 0; m->qids && i < m->nq; i++)
		free(m->qids[i]);
	free(m->qids);
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
 * misread for want of memory. The text is text[0..len).
 */
static long parse_mark_n(const char *text, size_t len, int *ok)
{
	while (len > 0 && co_xml_space(*text)) {
		text++;
		len--;
	}
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

static long parse_mark(const char *text, int *ok)
{
	return parse_mark_n(text, strlen(text), ok);
}

/* One pass over a marks file: the stream, the scanner that places its elements, the checks' context. */
typedef struct {
	co_marks *m;
	const co_rules *r;
	co_xscan scan;
	co_diags *diags;
	int keep;
	/* With kept rationales: */
	char *root;             /* the root's start tag, its bytes in the file; NULL: bids' texts are held */
	size_t rootlen;
	const xmlNode **nodes;  /* the bid being read: the element of each slot's rationale (nslots) */
	size_t capnodes;
	int placed;             /* its element's start is placed, and its bytes are being hashed */
	long long start;        /* the offset of its '<' */
	long long end;          /* the end of its element, when its start tag is an empty-element tag */
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
 * A bid's rationales are numbered in slots: its i-th mark read (in file order) is slot i, the
 * moderated mark of its question q (in the rules' order) is slot slots + q, and the feedback of
 * its question q is slot slots + nq + q.
 */
static size_t nslots(const co_marks *m, const co_bidmarks *b)
{
	return (size_t)b->slots + 2 * m->nq;
}

static size_t feedback_slot(const co_marks *m, const co_bidmarks *b, size_t q)
{
	return (size_t)b->slots + m->nq + q;
}

/*
 * A bid entry is begun, its start tag just placed: make room for its place, and for its
 * rationales' elements while it is read; start hashing its bytes when its start can be placed.
 */
static int keep_begin(reading *rd, co_bidmarks *b)
{
	co_marks *m = rd->m;
	if (m->nb > m->capat) {
		size_t cap = m->capat ? m->capat * 2 : 64;
		co_bid_at *p = realloc(m->at, cap * sizeof(*p));
		if (!p)
			return CO_ERROR;
		m->at = p;
		m->capat = cap;
	}
	b->at = (uint32_t)(m->nb - 1); /* at most CO_MARKS_MAX_BIDS */
	m->at[b->at] = (co_bid_at){0};
	size_t n = nslots(m, b);
	if (n > rd->capnodes) {
		const xmlNode **p = realloc(rd->nodes, n * sizeof(*p));
		if (!p)
			return CO_ERROR;
		rd->nodes = p;
		rd->capnodes = n;
	}
	memset(rd->nodes, 0, n * sizeof(*rd->nodes));
	rd->placed = 0;
	rd->end = 0;
	if (!rd->root || rd->scan.lost || rd->scan.tag >= (1LL << 31))
		return 0;
	int empty;
	rd->start = rd->scan.tag;
	co_xscan_hash_begin(&rd->scan);
	rd->placed = co_xscan_start_tag(&rd->scan, &rd->end, &empty) == 0;
	if (!empty)
		rd->end = 0;
	return 0;
}

/*
 * The bid entry has been read: its element's place and its bytes' hash are kept, found by the
 * scanner as it moves past its end tag. An element the scanner could not place (a file it
 * cannot read as bytes) has its rationales' texts held instead, as the parser gave them.
 */
static int keep_end(reading *rd, const co_bidmarks *b)
{
	co_marks *m = rd->m;
	co_bid_at *at = &m->at[b->at];
	long long end = rd->end;
	if (rd->placed && (end || co_xscan_end_tag(&rd->scan, "bid", &end) == 0) && end - rd->start < UINT32_MAX) {
		at->off = (uint32_t)rd->start;
		at->len = (uint32_t)(end - rd->start);
		at->hash = co_xscan_hash_take(&rd->scan);
		return 0;
	}
	if (rd->placed)
		co_xscan_hash_take(&rd->scan);
	size_t n = nslots(m, b);
	if (m->nheld + n >= (1u << 31))
		return CO_ERROR;
	if (m->nheld + n > m->capheld) {
		size_t cap = m->capheld ? 2 * m->capheld : 16;
		while (cap < m->nheld + n)
			cap *= 2;
		char **p = realloc(m->held, cap * sizeof(char *));
		if (!p)
			return CO_ERROR;
		m->held = p;
		m->capheld = cap;
	}
	at->held = 1;
	at->off = (uint32_t)m->nheld;
	for (size_t i = 0; i < n; i++) {
		char *text = rd->nodes[i] ? co_xml_text_trim(rd->nodes[i]) : NULL;
		m->held[m->nheld++] = text; /* counted even when NULL, so that co_marks_free frees the others */
		if (rd->nodes[i] && !text)
			return CO_ERROR;
	}
	return 0;
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
				if (rd->keep)
					rd->nodes[b->nmarks] = c;
				b->nmarks++;
				q->n++;
			}
			free(copy);
		} else if (co_xml_is(c, "moderated")) {
			place(rd, c, "moderated", &line, &col);
			if (on_scale(rd, c, line, col, "moderated mark", NULL, b->bid, ref, &value) == 0 && q) {
				q->has_moderated = 1;
				q->moderated = value;
				if (rd->keep)
					rd->nodes[b->slots + (size_t)qi] = c;
			}
		} else if (co_xml_is(c, "feedback")) {
			place(rd, c, "feedback", &line, &col);
			if (q && rd->keep)
				rd->nodes[feedback_slot(rd->m, b, (size_t)qi)] = c;
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
	int rc = rd->keep ? keep_begin(rd, b) : 0;
	for (const xmlNode *qn = bn->children; qn && !rc; qn = qn->next)
		if (co_xml_is(qn, "question"))
			rc = read_question(rd, b, qn);
	return !rc && rd->keep ? keep_end(rd, b) : rc;
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

/* n bytes at off of the file into p; 0, or -1 when they cannot all be read. */
static int read_at(int fd, char *p, size_t n, long long off)
{
	while (n > 0) {
		ssize_t got = pread(fd, p, n, (off_t)off);
		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0)
			return -1;
		p += got;
		n -= (size_t)got;
		off += got;
	}
	return 0;
}

/*
 * Kept rationales: the read's number, the rules' question ids, and the root's start tag (the
 * scanner has just placed it) as its bytes in the file. A root tag that cannot be placed or read, or is
 * longer than CO_MARKS_MAX_ROOT_TAG, leaves rd->root NULL: every bid's texts are then held.
 */
static int keep_setup(reading *rd)
{
	static atomic_ulong reads;
	co_marks *m = rd->m;
	m->serial = atomic_fetch_add(&reads, 1) + 1;
	if (!(m->qids = calloc(m->nq + 1, sizeof(char *))))
		return CO_ERROR;
	for (size_t i = 0; i < m->nq; i++)
		if (rd->r->questions[i].id && !(m->qids[i] = strdup(rd->r->questions[i].id)))
			return CO_ERROR;
	long long off = rd->scan.tag, end;
	int empty;
	if (rd->scan.lost || co_xscan_start_tag(&rd->scan, &end, &empty) != 0 || empty ||
	    end - off > CO_MARKS_MAX_ROOT_TAG)
		return 0;
	if (!(rd->root = malloc((size_t)(end - off))))
		return CO_ERROR;
	rd->rootlen = (size_t)(end - off);
	if (read_at(m->fd, rd->root, rd->rootlen, off) != 0 || rd->root[0] != '<') {
		free(rd->root);
		rd->root = NULL;
	}
	return 0;
}

/*
 * What a bid's element read back is parsed between: the file's encoding declared, then its root
 * start tag (its namespaces), and after the element the root's end tag.
 */
static int keep_head(reading *rd)
{
	co_marks *m = rd->m;
	size_t name = 1;
	while (name < rd->rootlen && !strchr(" \t\r\n/>", rd->root[name]))
		name++;
	m->head = m->encoding ? co_strdupf("<?xml version=\"1.0\" encoding=\"%s\"?>%.*s", m->encoding, (int)rd->rootlen, rd->root)
	                      : co_strdupf("%.*s", (int)rd->rootlen, rd->root);
	m->tail = co_strdupf("</%.*s>", (int)(name - 1), rd->root + 1);
	return m->head && m->tail ? 0 : CO_ERROR;
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
	if (keep_rationales && (rc = keep_setup(&rd)))
		goto out;
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
	if (!rc && rd.root)
		rc = keep_head(&rd);
	if (!rc)
		rc = sort_bids(&rd);
out:
	free(rd.root);
	free(rd.nodes);
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

/*
 * The texts of one bid, read back, are kept in the caller's buffer between calls, so that a
 * bid's rationales asked for together cost one parse of its element: a header saying whose they
 * are, then slot i's place ({offset, length}, NONE when the element holds no such text), then
 * the questions' seen flags (while parsing), then the texts, each ending in '\0'. The memory is
 * the caller's, and one bid's: a buffer grown past CACHE_KEEP_BYTES for a big bid lets it go
 * before the next.
 */
typedef struct {
	unsigned long serial; /* co_marks.serial of the marks they are of (0: none) */
	uint32_t bid;         /* co_bidmarks.at of the bid */
	uint32_t n;           /* its slots */
} cache_head;

#define NONE UINT32_MAX
#define CACHE_KEEP_BYTES (1024L * 1024)

static size_t slots_at(void)
{
	return sizeof(cache_head);
}

static size_t seen_at(size_t n)
{
	return slots_at() + n * 2 * sizeof(uint32_t);
}

static void set_slot(co_strbuf *t, size_t i, uint32_t off, uint32_t len)
{
	uint32_t v[2] = {off, len};
	memcpy(t->s + slots_at() + i * sizeof(v), v, sizeof(v));
}

static void get_slot(const co_strbuf *t, size_t i, uint32_t *off, uint32_t *len)
{
	uint32_t v[2];
	memcpy(v, t->s + slots_at() + i * sizeof(v), sizeof(v));
	*off = v[0];
	*len = v[1];
}

/*
 * A bid's element being parsed back: which of its rationales each element is, found from what
 * the reader kept (each slot's element is the one the reader took it from, see on_start), and
 * the texts gathered into the buffer.
 */
typedef struct {
	const co_marks *m;
	const co_bidmarks *b;
	co_strbuf *t;
	xmlParserCtxtPtr parser;
	size_t seen;   /* where the questions' seen flags are in t */
	int depth;     /* of the element open last: the root is 1, the bid 2, a question 3, a mark 4 */
	long q;        /* the question entry open: its index in the rules, -1 when the reader took nothing from it */
	uint32_t next; /* its next mark read to find */
	long slot;     /* the slot whose text is being gathered, -1 when none */
	size_t from;   /* where that text begins in t */
	size_t most;   /* the most t may hold: the texts the element's bytes can give, decoded */
	int rc;
} walk;

static void stop(walk *w, int rc)
{
	w->rc = rc;
	xmlStopParser(w->parser);
}

/* The value of a start tag's attribute name (no namespace), v[0..*len); NULL when it has none. */
static const char *attr_of(const xmlChar **attrs, int n, const char *name, size_t *len)
{
	for (int i = 0; i < n; i++, attrs += 5)
		if (!attrs[2] && strcmp((const char *)attrs[0], name) == 0) {
			*len = (size_t)(attrs[4] - attrs[3]);
			return (const char *)attrs[3];
		}
	return NULL;
}

static int same(const char *v, size_t len, const char *s)
{
	return v && s && strlen(s) == len && memcmp(v, s, len) == 0;
}

/*
 * Which slot an element is. The reader took a question's marks from its first entry (the
 * question found by its ref, as co_rules_find_question finds it), and took the marks whose
 * evaluator was declared, not already marked in the entry, and on the scale. So the k-th mark it
 * took is the first <mark> after the (k-1)-th with the k-th's evaluator and value: an earlier
 * one would have been taken itself (its evaluator is declared and not yet marked, its value on
 * the scale). The moderated mark is the entry's <moderated> with the value taken (one, by the
 * schema).
 */
static void on_start(void *arg, const xmlChar *localname, const xmlChar *prefix, const xmlChar *uri,
                     int nb_namespaces, const xmlChar **namespaces, int nb_attributes, int nb_defaulted,
                     const xmlChar **attributes)
{
	walk *w = arg;
	const co_marks *m = w->m;
	const co_bidmarks *b = w->b;
	const char *name = (const char *)localname;
	size_t len = 0, evlen = 0;
	(void)prefix;
	(void)uri;
	(void)nb_namespaces;
	(void)namespaces;
	(void)nb_defaulted;
	w->depth++;
	if (w->rc)
		return;
	if (w->depth == 3 && strcmp(name, "question") == 0) {
		const char *ref = attr_of(attributes, nb_attributes, "ref", &len);
		char *seen = w->t->s + w->seen;
		w->q = -1;
		for (size_t i = 0; ref && i < m->nq; i++)
			if (same(ref, len, m->qids[i])) {
				if (!seen[i] && b->qs[i].present) {
					seen[i] = 1;
					w->q = (long)i;
					w->next = 0;
				}
				break;
			}
		return;
	}
	int mark = strcmp(name, "mark") == 0;
	if (w->depth == 4 && w->q >= 0 && strcmp(name, "feedback") == 0) {
		w->slot = (long)feedback_slot(m, b, (size_t)w->q); /* one, by the schema */
		w->from = w->t->len;
		return;
	}
	if (w->depth != 4 || w->q < 0 || (!mark && strcmp(name, "moderated") != 0))
		return;
	const co_qmarks *q = &b->qs[w->q];
	const char *v = attr_of(attributes, nb_attributes, "value", &len);
	int ok = 0;
	long value = v ? parse_mark_n(v, len, &ok) : 0;
	if (mark && w->next < q->n) {
		const co_mark *k = &co_qmarks_marks(b, q)[w->next];
		const char *ev = attr_of(attributes, nb_attributes, "evaluator", &evlen);
		if (ok && value == k->value && k->evaluator < m->nev && same(ev, evlen, m->evaluators[k->evaluator]))
			w->slot = (long)(q->first + w->next++);
	} else if (!mark && q->has_moderated && ok && value == q->moderated) {
		w->slot = (long)(b->slots + (size_t)w->q);
	}
	w->from = w->t->len;
}

/* A slot's element ends: its text, trimmed of XML white space, ends in '\0'. */
static void on_end(void *arg, const xmlChar *localname, const xmlChar *prefix, const xmlChar *uri)
{
	walk *w = arg;
	co_strbuf *t = w->t;
	size_t a, z;
	(void)localname;
	(void)prefix;
	(void)uri;
	if (w->depth-- != 4 || w->slot < 0 || w->rc)
		return;
	trim(t->s + w->from, t->len - w->from, &a, &z);
	t->len = w->from + z;
	co_strbuf_add(t, "", 1);
	if (t->failed) {
		stop(w, CO_ERROR);
		return;
	}
	set_slot(t, (size_t)w->slot, (uint32_t)(w->from + a), (uint32_t)(z - a));
	w->slot = -1;
}

/* Text and white space alike: the text of the element, as xmlNodeGetContent() joins it. */
static void on_text(void *arg, const xmlChar *ch, int len)
{
	walk *w = arg;
	co_strbuf *t = w->t;
	if (w->rc || w->slot < 0)
		return;
	if (t->len - w->from + (size_t)len > CO_RATIONALE_MAX_BYTES || t->len + (size_t)len > w->most) {
		stop(w, CO_EIO); /* longer than any text the schema allows, or than the bytes give: not what was read */
		return;
	}
	co_strbuf_add(t, (const char *)ch, (size_t)len);
	if (t->failed)
		stop(w, CO_ERROR);
}

/*
 * A CDATA section: no text. The marks reader (libxml2 2.9's xmlTextReader, a schema plugged in,
 * XML_PARSE_NOCDATA) gives an element no text for one, and a rationale read back is the text
 * the reader was given (the tests compare every one with the reader's).
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

/*
 * Make t hold bid b's texts: its element read back in pieces, each hashed and given to a push
 * parser after the file's encoding declaration and root start tag (m->head), so that every text
 * is decoded as the marks reader decoded it. CO_EIO when the bytes cannot be read or are not
 * those read (length, hash), CO_ERROR when out of memory; t then holds no bid's texts.
 */
static int fill(const co_marks *m, const co_bidmarks *b, co_strbuf *t)
{
	const co_bid_at *at = &m->at[b->at];
	size_t n = nslots(m, b);
	char piece[16384];
	xmlSAXHandler sax;
	cache_head head = {.serial = m->serial, .bid = b->at, .n = (uint32_t)n};
	walk w = {.m = m, .b = b, .t = t, .seen = seen_at(n), .q = -1, .slot = -1};
	int options = XML_PARSE_NONET, rc = CO_ERROR; /* not NOCDATA: that would make CDATA text (see on_cdata) */
#if LIBXML_VERSION >= 21300
	options |= XML_PARSE_NO_XXE;
#endif
	if (t->cap > CACHE_KEEP_BYTES && !t->failed) {
		free(t->s);
		t->s = NULL;
		t->len = t->cap = 0;
	}
	co_strbuf_reset(t);
	co_strbuf_add(t, (const char *)&(cache_head){0}, sizeof(head));
	for (size_t i = 0; i < n; i++)
		co_strbuf_add(t, (const char *)(uint32_t[2]){NONE, 0}, 2 * sizeof(uint32_t));
	for (size_t i = 0; i < m->nq; i++)
		co_strbuf_add(t, "", 1);
	if (t->failed)
		return CO_ERROR;
	w.most = t->len + 3 * (size_t)at->len + n; /* a byte decodes to three of UTF-8 at most; a '\0' each */
	memset(&sax, 0, sizeof(sax));
	sax.initialized = XML_SAX2_MAGIC;
	sax.startElementNs = on_start;
	sax.endElementNs = on_end;
	sax.characters = sax.ignorableWhitespace = on_text;
	sax.cdataBlock = on_cdata;
	sax.serror = on_error;
	if (!m->head || !m->tail || !(w.parser = xmlCreatePushParserCtxt(&sax, &w, NULL, 0, NULL)))
		goto out;
	xmlCtxtUseOptions(w.parser, options);
	xmlParseChunk(w.parser, m->head, (int)strlen(m->head), 0);
	uint32_t hash = CO_FNV1A_INIT;
	for (long long pos = at->off, end = pos + at->len; pos < end && !w.rc;) {
		size_t want = end - pos < (long long)sizeof(piece) ? (size_t)(end - pos) : sizeof(piece);
		ssize_t got = pread(m->fd, piece, want, (off_t)pos);
		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0) {
			rc = CO_EIO;
			goto out;
		}
		hash = co_fnv1a(hash, piece, (size_t)got);
		xmlParseChunk(w.parser, piece, (int)got, 0);
		pos += got;
	}
	xmlParseChunk(w.parser, m->tail, (int)strlen(m->tail), 1);
	rc = w.rc                                  ? w.rc
	     : hash != at->hash                     ? CO_EIO /* the file no longer holds the element that was read */
	     : w.parser->errNo == XML_ERR_NO_MEMORY ? CO_ERROR
	     : !w.parser->wellFormed                ? CO_EIO
	                                            : 0;
	if (!rc)
		memcpy(t->s, &head, sizeof(head));
out:
	if (w.parser)
		xmlFreeParserCtxt(w.parser);
	if (rc)
		co_strbuf_reset(t); /* no bid's texts */
	return rc;
}

/* buf holds the texts of bid b of m (fill). */
static int holds(const co_strbuf *buf, const co_marks *m, const co_bidmarks *b)
{
	cache_head head;
	if (buf->failed || !buf->s || buf->len < sizeof(head))
		return 0;
	memcpy(&head, buf->s, sizeof(head));
	return head.serial == m->serial && head.bid == b->at && head.n == nslots(m, b) && buf->len >= seen_at(head.n);
}

/*
 * Slot `slot` of bid b: held, or read back (the bid's texts kept in buf from one call to the next).
 * A rationale the reader took is always there; feedback (optional) may be absent: *text NULL.
 */
static int read_back(const co_marks *m, const co_bidmarks *b, size_t slot, int optional, co_strbuf *buf,
                     const char **text)
{
	if (b->at >= m->nb || slot >= nslots(m, b))
		return CO_ERROR;
	const co_bid_at *at = &m->at[b->at];
	if (at->held) {
		if ((size_t)at->off + slot >= m->nheld || (!optional && !m->held[at->off + slot]))
			return CO_ERROR;
		*text = m->held[at->off + slot];
		return 0;
	}
	int rc = holds(buf, m, b) ? 0 : fill(m, b, buf);
	if (rc)
		return rc;
	uint32_t off, len;
	get_slot(buf, slot, &off, &len);
	/* An element whose bytes are those read (fill checked their hash) without optional text: it has none. */
	if (off == NONE && optional)
		return 0;
	if (off == NONE || (size_t)off + len >= buf->len)
		return CO_EIO; /* the element has no such rationale: not the one that was read */
	*text = buf->s + off;
	return 0;
}

int co_marks_rationale(const co_marks *m, const co_bidmarks *b, const co_qmarks *q, size_t k, co_strbuf *buf,
                       const char **text)
{
	*text = NULL;
	if (!m || !b || !q || !m->at || k >= q->n)
		return 0;
	return read_back(m, b, q->first + k, 0, buf, text);
}

int co_marks_moderated_rationale(const co_marks *m, const co_bidmarks *b, const co_qmarks *q, co_strbuf *buf,
                                 const char **text)
{
	*text = NULL;
	if (!m || !b || !q || !m->at || !q->has_moderated)
		return 0;
	return read_back(m, b, b->slots + (size_t)(q - b->qs), 0, buf, text);
}

int co_marks_feedback(const co_marks *m, const co_bidmarks *bm, const co_qmarks *qm, co_strbuf *buf,
                      const char **out)
{
	*out = NULL;
	if (!m || !bm || !qm || !m->at)
		return 0;
	int rc = read_back(m, bm, feedback_slot(m, bm, (size_t)(qm - bm->qs)), 1, buf, out);
	if (!rc && *out && !**out)
		*out = NULL; /* only white space: no feedback */
	return rc;
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
