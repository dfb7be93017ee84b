/* Internal: reading untrusted XML safely and validating it against an embedded XSD. */
#ifndef CO_XMLDOC_H
#define CO_XMLDOC_H

#include <libxml/tree.h>
#include <libxml/xmlreader.h>
#include <stdio.h>
#include <libxml/xmlschemas.h>
#include "calloff/status.h"

#define CO_BID_MAX_BYTES (16L * 1024 * 1024)   /* largest bid file read */
#define CO_MARKS_MAX_BYTES (1024L * 1024 * 1024) /* largest marks file read (as a stream) */
#define CO_XML_TREE_MAX_BYTES (64L * 1024 * 1024) /* largest file re-read whole to locate a stream's errors */
#define CO_XML_MAX_ERRORS 50                   /* errors kept per document */

typedef enum { CO_SCHEMA_BID, CO_SCHEMA_MARKS, CO_SCHEMA_PANEL } co_schema_kind;

/* A compiled schema, shared read-only by every document of a run. */
typedef struct co_xschema co_xschema;

int co_xschema_load(co_xschema **out, co_schema_kind kind);
void co_xschema_free(co_xschema *schema);

/* A parsed, schema-valid document with its source bytes (for column lookups). */
typedef struct {
	const char *path;
	xmlDocPtr doc;
	char *buf;
	size_t len;
	size_t *lines;  /* offsets of each line's start, built on the first co_xdoc_where() */
	size_t nlines;
} co_xdoc;

/*
 * Read path (its bytes from read_from when not NULL; files over max_bytes are
 * refused before they are read), parse it
 * without network access, entity expansion or any DTD, then validate it.
 * On failure every error found (up to CO_XML_MAX_ERRORS) is appended to
 * errors as "FILE:LINE:COL: message" and a negative co_status is returned:
 * CO_EIO (unreadable), CO_ETOOBIG, CO_EINVALID (malformed or schema-invalid), or CO_ERROR
 * when libxml2 ran out of memory (XML_ERR_NO_MEMORY, or validation's internal error): a
 * document that could not be read for want of memory is never taken for an invalid one.
 * When the file is well formed but schema-invalid, *doc_out receives the
 * parsed tree anyway (the caller may read ids from it and must free it).
 */
int co_xdoc_load(co_xdoc *out, const char *path, const char *read_from, const co_xschema *schema, long max_bytes,
                 co_diags *errors, xmlDocPtr *doc_out);

void co_xdoc_free(co_xdoc *doc);

/*
 * A document read node by node (libxml2's xmlTextReader) and validated as it is read, so that
 * no tree of the whole file is ever held; the same parser options and refusals as co_xdoc_load.
 */
typedef struct {
	const char *path;         /* the name diagnostics give */
	const char *read_from;    /* the file read, when not path */
	FILE *f;
	long size;
	xmlTextReaderPtr reader;
	co_diags *found;          /* what the stream reported, until co_xstream_fail() */
	int count;
	int no_memory;            /* libxml2 reported running out of memory: co_xstream_fail() is CO_ERROR */
} co_xstream;

/* Open path for streaming (size checked against max_bytes first). 0, or a co_status with diags. */
int co_xstream_open(co_xstream *s, const char *path, const char *read_from, const co_xschema *schema,
                    long max_bytes, co_diags *diags);

/*
 * 1 when the stream has met an error (not well formed, not schema-valid) or is on a DOCTYPE,
 * which is refused as co_xdoc_load refuses it. Call it after each move of the reader.
 */
int co_xstream_failed(co_xstream *s);

/*
 * Refuse a DOCTYPE found at line before the stream reached it: the caller should not read on,
 * so that the parser never processes a DTD, as co_xdoc_load's parser stops at one.
 */
void co_xstream_refuse_doctype(co_xstream *s, int line);

/*
 * Report why a stream failed: the located diagnostics of co_xdoc_load() when the file is at
 * most CO_XML_TREE_MAX_BYTES (a stream knows an error's line but rarely its column), else
 * those the stream collected. Returns CO_EINVALID.
 */
int co_xstream_fail(co_xstream *s, const co_xschema *schema, co_diags *diags);

void co_xstream_close(co_xstream *s);

/* 1-based line and column of an element's start tag (attribute: of its name). */
void co_xdoc_where(co_xdoc *doc, const xmlNode *node, int *line, int *col);

/* A copy of an attribute's value (no namespace), which the caller frees; NULL when absent or out of memory. */
char *co_xml_attr(const xmlNode *node, const char *name);

/*
 * An attribute's value (no namespace) without a copy where the tree holds it in one piece:
 * borrowed, living as long as the node. Else a copy in *copy, which the caller frees (*copy is
 * NULL when nothing was copied). NULL when absent or out of memory.
 */
const char *co_xml_attr_ref(const xmlNode *node, const char *name, char **copy);

/* The element's text content with XML whitespace trimmed at both ends; caller frees. */
char *co_xml_text_trim(const xmlNode *node);

/* The element's text content exactly; caller frees. */
char *co_xml_text(const xmlNode *node);

/*
 * The element's text content exactly, borrowed from the tree (it lives as long as the node),
 * when the tree holds it in one piece: no children, or one text node. Else NULL: the content is
 * spread over several nodes (a comment between two texts), and co_xml_text() joins them.
 */
const char *co_xml_text_ref(const xmlNode *node);

/* 1 for the characters XML calls whitespace: space, tab, CR and LF. */
static inline int co_xml_space(int c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* 1 when node is an element called name (any namespace checked by the schema). */
int co_xml_is(const xmlNode *node, const char *name);

#endif
