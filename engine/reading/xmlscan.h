/* Internal: the line and column of each start tag of an XML file, found in document order. */
#ifndef CO_XMLSCAN_H
#define CO_XMLSCAN_H

#include <stdio.h>

/*
 * A scanner reads a file's raw bytes a second time, beside a streaming parser that builds no
 * whole tree and so cannot say where an element starts. Each call to co_xscan_next() moves to
 * the next start tag: called once per element, in document order, it gives every element its
 * exact place. Comments, CDATA sections, processing instructions and the DOCTYPE are skipped
 * ('<' appears nowhere else in well-formed XML). It holds one buffer whatever the file's size.
 */
typedef struct {
	FILE *f;
	unsigned char buf[65536];
	size_t len, pos;  /* bytes held, and the next one to look at */
	long long base;   /* the file offset of buf[0] */
	long line, col;   /* of buf[pos], 1-based; col counts bytes */
	int lost;         /* a tag did not have the expected name, or the file could not be read */
	int doctype_line; /* the line of a "<!DOCTYPE" passed over, 0 when none was */
} co_xscan;

/* Start scanning path; 0, or -1 when it cannot be opened (the scanner is then lost). */
int co_xscan_open(co_xscan *s, const char *path);

void co_xscan_close(co_xscan *s);

/*
 * Move to the next start tag, which must be an element called name (any prefix). *line and *col
 * receive the place of its '<'. Returns 0, or -1 when the scanner is lost (*line and *col are
 * then 0): the tag had another name, or there was none.
 */
int co_xscan_next(co_xscan *s, const char *name, int *line, int *col);

/*
 * After co_xscan_next() placed an element that holds text only (no element), move over its start
 * tag and its content, up to its end tag. *off and *len receive the byte offset and the length in
 * bytes of the content (0 for an empty-element tag); *plain is 1 when the content is its text
 * byte for byte in an ASCII-based file (no reference, no markup, no carriage return). Returns 0,
 * or -1 when the scanner is lost (then or before).
 */
int co_xscan_content(co_xscan *s, long long *off, long long *len, int *plain);

#endif
