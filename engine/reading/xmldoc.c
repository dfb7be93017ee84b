/* Untrusted XML in: size cap, no DTD, no network, schema validation, located errors. */
#include "reading/xmldoc.h"
#include "base/diag.h"
#include "base/readfile.h"

#include <libxml/globals.h>
#include <libxml/parser.h>
#include <libxml/threads.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlschemastypes.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

extern const unsigned char co_bid_xsd[];
extern const unsigned long co_bid_xsd_len;
extern const unsigned char co_marks_xsd[];
extern const unsigned long co_marks_xsd_len;
extern const unsigned char co_panel_xsd[];
extern const unsigned long co_panel_xsd_len;

struct co_xschema {
	xmlSchemaPtr schema;
};

/* Collects libxml2's structured errors as located diagnostics. */
typedef struct {
	const char *path;
	const char *buf;
	size_t len;
	co_diags *errors;
	int count;
	int doctype;
	int no_memory; /* libxml2 ran out of memory: the document was not judged */
} collector;

static void noop_error(void *ctx, xmlErrorPtr e)
{
	(void)ctx;
	(void)e;
}

static void init_schema_types(void)
{
	xmlSchemaInitTypes();
}

/*
 * libxml2 2.9 gives each thread but the main one its own global state, allocated with malloc on
 * the thread's first call, and dereferences it unchecked: out of memory there, it crashes. So
 * every entry point that a worker thread may call makes it first, where a failure is CO_ERROR.
 */
static int thread_ready(void)
{
	return xmlIsMainThread() || xmlGetGlobalState() ? 0 : CO_ERROR;
}

/*
 * libxml2 2.9 builds its built-in schema types on first use with no lock, and an evaluation
 * compiles the bid and marks schemas on two threads at once: both would build them, and one
 * set would leak or worse. So the first compile builds them, once, whatever the thread.
 */
static pthread_once_t schema_types_once = PTHREAD_ONCE_INIT;

int co_xschema_load(co_xschema **out, co_schema_kind kind)
{
	*out = NULL;
	if (thread_ready())
		return CO_ERROR;
	pthread_once(&schema_types_once, init_schema_types);
	const unsigned char *xsd = kind == CO_SCHEMA_BID ? co_bid_xsd : kind == CO_SCHEMA_MARKS ? co_marks_xsd : co_panel_xsd;
	unsigned long len = kind == CO_SCHEMA_BID     ? co_bid_xsd_len
	                    : kind == CO_SCHEMA_MARKS ? co_marks_xsd_len
	                                              : co_panel_xsd_len;
	co_xschema *s = calloc(1, sizeof(*s));
	if (!s)
		return CO_ERROR;
	xmlSchemaParserCtxtPtr pc = xmlSchemaNewMemParserCtxt((const char *)xsd, (int)len);
	if (!pc) {
		free(s);
		return CO_ERROR;
	}
	xmlSchemaSetParserStructuredErrors(pc, noop_error, NULL);
	s->schema = xmlSchemaParse(pc);
	xmlSchemaFreeParserCtxt(pc);
	if (!s->schema) {
		free(s);
		return CO_ERROR;
	}
	*out = s;
	return 0;
}

void co_xschema_free(co_xschema *s)
{
	if (!s)
		return;
	xmlSchemaFree(s->schema);
	free(s);
}

/* Where each line starts, when a document has an index of them (else NULL: scan). */
typedef struct {
	const size_t *starts;
	size_t n;
} line_index;

/* Start of 1-based line `line` in buf, or NULL. */
static const char *line_start(const char *buf, size_t len, int line, const line_index *ix)
{
	if (ix && ix->starts)
		return line >= 1 && (size_t)line <= ix->n ? buf + ix->starts[line - 1] : NULL;
	const char *p = buf, *end = buf + len;
	for (int l = 1; l < line; l++) {
		p = memchr(p, '\n', (size_t)(end - p));
		if (!p)
			return NULL;
		p++;
	}
	return p;
}

static int name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
	       c == '_' || c == '.' || c == ':' || (unsigned char)c >= 0x80;
}

/*
 * Column (1-based, in bytes) of the nth (0-based) occurrence of needle on the
 * given line, where needle is not followed by another name character; or 0.
 */
static int find_on_line(const char *buf, size_t len, int line, const char *needle, int nth, const line_index *ix)
{
	const char *ls = line_start(buf, len, line, ix);
	if (!ls)
		return 0;
	const char *end = buf + len;
	const char *le = memchr(ls, '\n', (size_t)(end - ls));
	if (!le)
		le = end;
	size_t nl = strlen(needle);
	for (const char *p = ls; p + nl <= le; p++)
		if (memcmp(p, needle, nl) == 0 && (p + nl == le || !name_char(p[nl])) && nth-- == 0)
			return (int)(p - ls) + 1;
	return 0;
}

/*
 * How many earlier siblings of el share its name and start on the same line. Siblings come in
 * document order, so the walk stops at the first one on an earlier line: without that stop,
 * locating each of n sibling elements (the <bid>s of a marks file) would cost O(n^2).
 */
static int same_line_index(const xmlNode *el, int line)
{
	int k = 0;
	for (const xmlNode *s = el->prev; s; s = s->prev) {
		if (s->type != XML_ELEMENT_NODE)
			continue;
		int sl = (int)xmlGetLineNo(s);
		if (sl >= 0 && sl < line)
			break;
		if (sl == line && strcmp((const char *)s->name, (const char *)el->name) == 0)
			k++;
	}
	return k;
}

static void where(const char *buf, size_t len, const xmlNode *node, int *line, int *col, const line_index *ix)
{
	const xmlNode *el = node;
	const char *attr = NULL;
	if (node && node->type == XML_ATTRIBUTE_NODE) {
		attr = (const char *)node->name;
		el = node->parent;
	}
	while (el && el->type != XML_ELEMENT_NODE)
		el = el->parent;
	*line = el ? (int)xmlGetLineNo(el) : 1;
	*col = 0;
	if (!el || *line < 1) {
		*line = 1;
		*col = 1;
		return;
	}
	char needle[256];
	int nth = same_line_index(el, *line);
	if (el->ns && el->ns->prefix)
		snprintf(needle, sizeof(needle), "<%s:%s", (const char *)el->ns->prefix, (const char *)el->name);
	else
		snprintf(needle, sizeof(needle), "<%s", (const char *)el->name);
	*col = find_on_line(buf, len, *line, needle, nth, ix);
	if (attr && *col) {
		/* The attribute's name, searched from its element's start tag. */
		char an[256];
		snprintf(an, sizeof(an), " %s", attr);
		const char *ls = line_start(buf, len, *line, ix) + *col - 1;
		const char *gt = memchr(ls, '>', (size_t)(buf + len - ls));
		const char *hit = gt ? memmem(ls, (size_t)(gt - ls), an, strlen(an)) : NULL;
		if (hit)
			*col += (int)(hit - ls) + 1;
	}
	if (!*col)
		*col = 1;
}

/* The line index is built once per document, so each lookup costs a line, not the file. */
void co_xdoc_where(co_xdoc *doc, const xmlNode *node, int *line, int *col)
{
	if (!doc->lines) {
		const char *end = doc->buf + doc->len;
		size_t n = 1;
		for (const char *p = doc->buf; (p = memchr(p, '\n', (size_t)(end - p))); p++)
			n++;
		doc->lines = malloc(n * sizeof(size_t));
		if (doc->lines) {
			doc->lines[0] = 0;
			doc->nlines = 1;
			for (const char *p = doc->buf; (p = memchr(p, '\n', (size_t)(end - p))); p++)
				doc->lines[doc->nlines++] = (size_t)(p - doc->buf) + 1;
		}
	}
	line_index ix = {doc->lines, doc->nlines};
	where(doc->buf, doc->len, node, line, col, &ix);
}

/* libxml2's message as one located diagnostic line. */
static void add_error(co_diags *diags, const char *path, int line, int col, const xmlError *e)
{
	char msg[512];
	snprintf(msg, sizeof(msg), "%s", e->message ? e->message : "XML error");
	size_t ml = strlen(msg);
	while (ml > 0 && (msg[ml - 1] == '\n' || msg[ml - 1] == ' '))
		msg[--ml] = '\0';
	for (char *p = msg; *p; p++) /* a diagnostic is one line */
		if (*p == '\n' || *p == '\r')
			*p = ' ';
	co_diag_add(diags, path, line, col, "%s", msg);
}

static void collect(void *data, xmlErrorPtr e)
{
	collector *c = data;
	if (e && e->code == XML_ERR_NO_MEMORY)
		c->no_memory = 1;
	if (!e || e->level == XML_ERR_WARNING)
		return;
	if (c->count++ >= CO_XML_MAX_ERRORS)
		return;
	int line = e->line, col = e->int2;
	if (e->domain == XML_FROM_SCHEMASV && e->node)
		where(c->buf, c->len, (const xmlNode *)e->node, &line, &col, NULL);
	add_error(c->errors, c->path, line, col, e);
}

/* A DOCTYPE is refused outright: no DTD, no entity of any kind, is ever processed. */
static void refuse_doctype(void *ctx, const xmlChar *name, const xmlChar *ext, const xmlChar *sys)
{
	xmlParserCtxtPtr ctxt = ctx;
	collector *c = ctxt->_private;
	(void)name;
	(void)ext;
	(void)sys;
	if (!c->doctype) {
		c->doctype = 1;
		c->count++;
		co_diag_add(c->errors, c->path, ctxt->input ? ctxt->input->line : 1, 1,
		            "a DOCTYPE is not allowed (DTDs and entities are refused)");
	}
	xmlStopParser(ctxt);
}

int co_xdoc_load(co_xdoc *out, const char *path, const char *read_from, const co_xschema *schema, long max_bytes,
                 co_diags *errors, xmlDocPtr *doc_out)
{
	collector c = {.path = path, .errors = errors};
	xmlParserCtxtPtr ctxt = NULL;
	xmlSchemaValidCtxtPtr vc = NULL;
	xmlDocPtr doc = NULL;
	char *buf = NULL;
	size_t len = 0;
	int rc;
	int options = XML_PARSE_NONET | XML_PARSE_BIG_LINES | XML_PARSE_NOCDATA;
#if LIBXML_VERSION >= 21300
	options |= XML_PARSE_NO_XXE;
#endif

	memset(out, 0, sizeof(*out));
	if (doc_out)
		*doc_out = NULL;
	if (thread_ready())
		return CO_ERROR;
	rc = co_read_file(path, read_from, max_bytes, &buf, &len, errors);
	if (rc)
		goto out;
	c.buf = buf;
	c.len = len;
	ctxt = xmlNewParserCtxt();
	if (!ctxt) {
		rc = CO_ERROR;
		goto out;
	}
	ctxt->_private = &c;
	ctxt->sax->internalSubset = refuse_doctype;
	ctxt->sax->externalSubset = refuse_doctype;
	xmlSetStructuredErrorFunc(&c, collect);
	doc = xmlCtxtReadMemory(ctxt, buf, (int)len, path, NULL, options);
	/* Out of memory is the run's failure, never a malformed bid. */
	if (c.no_memory || ctxt->errNo == XML_ERR_NO_MEMORY) {
		rc = CO_ERROR;
		goto out;
	}
	int wellformed = doc && ctxt->wellFormed && !c.doctype && c.count == 0;
	if (!wellformed) {
		if (c.count == 0)
			co_diag_add(errors, path, 1, 1, "not a well-formed XML document");
		rc = CO_EINVALID;
		goto out;
	}
	vc = xmlSchemaNewValidCtxt(schema->schema);
	if (!vc) {
		rc = CO_ERROR;
		goto out;
	}
	xmlSchemaSetValidStructuredErrors(vc, collect, &c);
	int v = xmlSchemaValidateDoc(vc, doc);
	if (v < 0 || c.no_memory) { /* an internal error (out of memory), never a schema-invalid bid */
		rc = CO_ERROR;
		goto out;
	}
	if (v != 0) {
		if (c.count == 0)
			co_diag_add(errors, path, 1, 1, "document is not valid against the schema");
		rc = CO_EINVALID;
		if (doc_out) {
			*doc_out = doc;
			doc = NULL;
		}
		goto out;
	}
	out->path = path;
	out->doc = doc;
	out->buf = buf;
	out->len = len;
	doc = NULL;
	buf = NULL;
	rc = 0;
out:
	xmlSetStructuredErrorFunc(NULL, NULL);
	if (vc)
		xmlSchemaFreeValidCtxt(vc);
	if (ctxt)
		xmlFreeParserCtxt(ctxt);
	if (doc)
		xmlFreeDoc(doc);
	free(buf);
	return rc;
}

/* Stream errors keep libxml2's line and column: co_xstream_fail() replaces them with exact ones. */
static void collect_stream(void *data, xmlErrorPtr e)
{
	co_xstream *s = data;
	if (e && e->code == XML_ERR_NO_MEMORY)
		s->no_memory = 1;
	if (!e || e->level == XML_ERR_WARNING)
		return;
	if (s->count++ >= CO_XML_MAX_ERRORS)
		return;
	add_error(s->found, s->path, e->line, e->int2, e);
}

int co_xstream_open(co_xstream *s, const char *path, const char *read_from, const co_xschema *schema,
                    long max_bytes, co_diags *diags)
{
	int options = XML_PARSE_NONET | XML_PARSE_BIG_LINES | XML_PARSE_NOCDATA;
#if LIBXML_VERSION >= 21300
	options |= XML_PARSE_NO_XXE;
#endif
	memset(s, 0, sizeof(*s));
	s->path = path;
	s->read_from = read_from;
	if (thread_ready())
		return CO_ERROR;
	int rc = co_open_file(&s->f, path, read_from, max_bytes, &s->size, diags);
	if (rc)
		return rc;
	s->found = co_diags_new();
	s->reader = s->found ? xmlReaderForFd(fileno(s->f), path, NULL, options) : NULL;
	if (!s->reader || xmlTextReaderSetSchema(s->reader, schema->schema) != 0) {
		co_xstream_close(s);
		return CO_ERROR;
	}
	/*
	 * The thread's handler, not xmlTextReaderSetStructuredErrorHandler(): with a schema plugged
	 * in, libxml2 2.9 hands the reader's handler the plug's data for parser errors, and crashes.
	 */
	xmlSetStructuredErrorFunc(s, collect_stream);
	return 0;
}

void co_xstream_refuse_doctype(co_xstream *s, int line)
{
	s->count++;
	co_diag_add(s->found, s->path, line, 1, "a DOCTYPE is not allowed (DTDs and entities are refused)");
}

int co_xstream_failed(co_xstream *s)
{
	if (s->count == 0 && xmlTextReaderNodeType(s->reader) == XML_READER_TYPE_DOCUMENT_TYPE)
		co_xstream_refuse_doctype(s, 1); /* a backstop: co_xscan finds it first in any ASCII-based file */
	return s->count > 0 || xmlTextReaderIsValid(s->reader) == 0;
}

int co_xstream_fail(co_xstream *s, const co_xschema *schema, co_diags *diags)
{
	size_t before = co_diags_count(diags);
	int lost = co_diags_failed(diags);
	xmlSetStructuredErrorFunc(NULL, NULL);
	if (s->no_memory)
		return CO_ERROR; /* the stream stopped for want of memory, not at an error of the file */
	if (s->size <= CO_XML_TREE_MAX_BYTES) {
		co_xdoc d;
		int rc = co_xdoc_load(&d, s->path, s->read_from, schema, CO_XML_TREE_MAX_BYTES, diags, NULL);
		if (rc == CO_ERROR)
			return CO_ERROR;
		if (rc == 0)
			co_xdoc_free(&d);
	}
	if (co_diags_count(diags) == before) {
		co_diags_append(diags, s->found);
		if (co_diags_count(diags) == before)
			co_diag_add(diags, s->path, 1, 1, "not a well-formed and schema-valid XML document");
	}
	return !lost && co_diags_failed(diags) ? CO_ERROR : CO_EINVALID;
}

void co_xstream_close(co_xstream *s)
{
	xmlSetStructuredErrorFunc(NULL, NULL);
	if (s->reader)
		xmlFreeTextReader(s->reader);
	if (s->f)
		fclose(s->f);
	co_diags_free(s->found);
	memset(s, 0, sizeof(*s));
}

void co_xdoc_free(co_xdoc *d)
{
	if (!d)
		return;
	if (d->doc)
		xmlFreeDoc(d->doc);
	free(d->buf);
	free(d->lines);
	memset(d, 0, sizeof(*d));
}

/* The text libxml2 holds for a node list when it is one text node (nearly always), else NULL. */
static const char *single_text(const xmlNode *children)
{
	if (children && !children->next && children->type == XML_TEXT_NODE && children->content)
		return (const char *)children->content;
	return NULL;
}

const char *co_xml_attr_ref(const xmlNode *node, const char *name, char **copy)
{
	*copy = NULL;
	for (const xmlAttr *a = node->properties; a; a = a->next) {
		if (a->ns || strcmp((const char *)a->name, name) != 0)
			continue;
		const char *t = single_text(a->children);
		if (t || !a->children)
			return t ? t : "";
		break;
	}
	xmlChar *v = xmlGetNoNsProp(node, (const xmlChar *)name);
	if (!v)
		return NULL;
	*copy = strdup((const char *)v);
	xmlFree(v);
	return *copy;
}

/* One copy of an attribute's value, taken straight from its text node when it has one. */
char *co_xml_attr(const xmlNode *node, const char *name)
{
	char *copy;
	const char *v = co_xml_attr_ref(node, name, &copy);
	return copy ? copy : v ? strdup(v) : NULL;
}

const char *co_xml_text_ref(const xmlNode *node)
{
	if (!node->children)
		return "";
	return single_text(node->children);
}

char *co_xml_text(const xmlNode *node)
{
	const char *t = co_xml_text_ref(node);
	if (t)
		return strdup(t);
	xmlChar *v = xmlNodeGetContent(node);
	char *s = strdup(v ? (const char *)v : "");
	xmlFree(v);
	return s;
}

char *co_xml_text_trim(const xmlNode *node)
{
	char *s = co_xml_text(node);
	if (!s)
		return NULL;
	size_t a = 0, b = strlen(s);
	while (a < b && co_xml_space(s[a]))
		a++;
	while (b > a && co_xml_space(s[b - 1]))
		b--;
	memmove(s, s + a, b - a);
	s[b - a] = '\0';
	return s;
}

int co_xml_is(const xmlNode *node, const char *name)
{
	return node && node->type == XML_ELEMENT_NODE && strcmp((const char *)node->name, name) == 0;
}
