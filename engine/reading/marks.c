/* Marks files: the panel's evaluator marks and moderated marks, streamed, validated and checked. */
#include "reading/marks.h"
#include "base/diag.h"
#include "base/num.h"
#include "reading/xmldoc.h"
#include "reading/xmlscan.h"

#include <stdarg.h>
#include <stdio.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

static void bid_clear(co_bidmarks *b, size_t nq)
{
	for (size_t i = 0; b->rationales && i < b->slots + nq; i++)
		free(b->rationales[i]);
	free(b->rationales); /* the block of qs is in the arena */
}

void co_marks_free(co_marks *m)
{
	if (!m)
		return;
	free(m->path);
	free(m->competition);
	for (size_t i = 0; i < m->nev; i++)
		free(m->evaluators[i]);
	free(m->evaluators);
	for (size_t i = 0; i < m->nb; i++)
		bid_clear(&m->bids[i], m->nq);
	free(m->bids);
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
				if (rd->keep && !(b->rationales[b->nmarks] = co_xml_text_trim(c)))
					rc = CO_ERROR;
				b->nmarks++;
				q->n++;
			}
			free(copy);
		} else if (co_xml_is(c, "moderated")) {
			place(rd, c, "moderated", &line, &col);
			if (on_scale(rd, c, line, col, "moderated mark", NULL, b->bid, ref, &value) == 0 && q) {
				q->has_moderated = 1;
				q->moderated = value;
				if (rd->keep && !(b->rationales[b->slots + (size_t)qi] = co_xml_text_trim(c)))
					rc = CO_ERROR;
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
	if (rd->keep && !(b->rationales = calloc(total + nq + 1, sizeof(char *))))
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
	if (!rd.m || !(rd.m->path = strdup(path)))
		goto out;
	rd.m->nq = r->nq;
	if ((rc = co_xschema_load(&schema, CO_SCHEMA_MARKS)) ||
	    (rc = co_xstream_open(&s, path, read_from, schema, CO_MARKS_MAX_BYTES, diags)))
		goto out;
	co_xscan_open(&rd.scan, read_from ? read_from : path);
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

const char *co_marks_rationale(const co_bidmarks *b, const co_qmarks *q, size_t k)
{
	return b && q && b->rationales ? b->rationales[q->first + k] : NULL;
}

const char *co_marks_moderated_rationale(const co_bidmarks *b, const co_qmarks *q)
{
	return b && q && b->rationales ? b->rationales[b->slots + (size_t)(q - b->qs)] : NULL;
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
