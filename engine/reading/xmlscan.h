/* Internal: the line and column of each start tag of an XML file, found in document order. */
#ifndef CO_XMLSCAN_H
#define CO_XMLSCAN_H

#include <stdint.h>
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
	long long tag;    /* the file offset of the '<' of the start tag placed last */
	int hashing;      /* the bytes moved over are being hashed (co_xscan_hash_begin) */
	uint32_t hash;    /* of the bytes from where hashing began up to hashed */
	long long hashed; /* the file offset of the first byte not yet in hash */
} co_xscan;

/* FNV-1a, 32 bits, of n bytes at p, going on from h (CO_FNV1A_INIT for none yet). */
#define CO_FNV1A_INIT 2166136261u
uint32_t co_fnv1a(uint32_t h, const void *p, size_t n);

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
 * After co_xscan_next() placed an element, move over the rest of its start tag. *end receives the
 * file offset just past its '>', and *empty is 1 for an empty-element tag ("/>"). Returns 0, or -1
 * when the scanner is lost (then or before).
 */
int co_xscan_start_tag(co_xscan *s, long long *end, int *empty);

/*
 * Move past the next end tag called name (any prefix), over text, comments, CDATA sections, PIs
 * and other end tags: the end of an element whose every descendant co_xscan_next() has placed.
 * *end receives the file offset just past its '>'. Returns 0, or -1 when the scanner is lost
 * (a start tag came first, or the file ended).
 */
int co_xscan_end_tag(co_xscan *s, const char *name, long long *end);

/*
 * Hash the bytes from the '<' of the start tag placed last up to where co_xscan_hash_take() is
 * called: the raw bytes of an element, as the scanner moves over them.
 */
void co_xscan_hash_begin(co_xscan *s);

/* Stop hashing: the hash of the bytes from where it began up to the scanner's place. */
uint32_t co_xscan_hash_take(co_xscan *s);

#endif
