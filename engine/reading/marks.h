/* Internal: the panel's marks file (FORMATS.md section 3), read as a stream into compact records. */
#ifndef CO_MARKS_H
#define CO_MARKS_H

#include <stddef.h>
#include <stdint.h>
#include "calloff/status.h"
#include "reading/rules_internal.h"
#include "reading/xmldoc.h"
#include "base/arena.h"
#include "base/strbuf.h"

/* Most evaluators one marks file may declare (the schema's limit is lower). */
#define CO_MARKS_MAX_EVALUATORS 255
/* Most <bid> entries one marks file may hold. */
#define CO_MARKS_MAX_BIDS 1000000

/* One evaluator's mark: four bytes, as an evaluation may hold millions. */
typedef struct {
	unsigned evaluator : 8; /* index into co_marks.evaluators (the schema allows 100 of them) */
	int value : 24;         /* on the rules' scale, which is within 0..1000000 (checked as the file is read) */
} co_mark;
_Static_assert(sizeof(co_mark) == 4, "a mark is four bytes");

/* Most marks one <bid> entry may hold (the schema allows 1,000 questions of 100 marks). */
#define CO_MARKS_MAX_PER_BID ((1 << 22) - 1)

/*
 * One question's marks for one bid: sixteen bytes, as an evaluation may hold a million. Its
 * evaluators' marks are co_qmarks_marks(bid, q)[0..n-1].
 */
typedef struct {
	int32_t line, col;         /* of the <question> entry */
	int32_t moderated;
	uint32_t first : 22;       /* its first mark's index in the bid's marks */
	uint32_t n : 8;            /* marks with a declared evaluator, in file order (one per evaluator) */
	uint32_t present : 1;      /* the file has a <question> entry for it */
	uint32_t has_moderated : 1;
} co_qmarks;
_Static_assert(sizeof(co_qmarks) == 16, "a question's marks record is sixteen bytes");

/*
 * Where a kept rationale is: twelve bytes, as an evaluation may keep millions. The text is not
 * held but read back from the marks file when asked for (co_marks_rationale), and checked
 * against the length and hash of the text as it was read.
 */
typedef struct {
	uint32_t off : 31;  /* the byte offset of its content in the file; with len CO_RATIONALE_HELD, its index in co_marks.held */
	uint32_t plain : 1; /* the content's bytes are its text (a UTF-8 file; no reference, markup or carriage return) */
	uint32_t len;       /* the content's length in bytes (0: the text is empty) */
	uint32_t hash;      /* of the text as read: FNV-1a, 32 bits */
} co_rationale_at;
_Static_assert(sizeof(co_rationale_at) == 12, "a kept rationale costs twelve bytes (README)");
_Static_assert(CO_MARKS_MAX_BYTES < (1L << 31), "a marks file's offsets fit in 31 bits");

/* co_rationale_at.len of a text that could not be placed in the file's bytes, and so is held. */
#define CO_RATIONALE_HELD UINT32_MAX
/* Longest rationale read back, in bytes: the schema's 100,000 characters, in UTF-8, fit well within. */
#define CO_RATIONALE_MAX_BYTES (4L * 1024 * 1024)

typedef struct {
	char *bid;          /* in the block of qs, after them */
	co_qmarks *qs;      /* one per rules question, in the rules' order; the block holds slots marks before them */
	int32_t line, col;
	uint32_t nmarks;    /* the marks read, in the first of the slots */
	uint32_t slots;     /* the <mark> elements of the entry */
	co_rationale_at *why; /* NULL unless kept: mark i's rationale at i, then question q's moderated one at slots + q */
} co_bidmarks;
_Static_assert(sizeof(co_bidmarks) == 40, "a bid's marks record is forty bytes (README)");

typedef struct co_marks {
	char *path;
	char *competition;
	char **evaluators;
	size_t nev;
	co_bidmarks *bids; /* sorted by bid id */
	size_t nb, cap;
	size_t nq;         /* the rules' questions: each bid's qs has this many */
	co_arena blocks;   /* each bid's block of qs, marks and id */
	int line, col;     /* the root element */
	int errors;        /* problems found while reading, already in diags */
	int fd;            /* with kept rationales, the file read (open, to read them back); else -1 */
	char *encoding;    /* the file's declared encoding when it is not UTF-8, else NULL */
	char **held;       /* the texts of rationales that could not be placed in the file (co_rationale_at) */
	size_t nheld, capheld;
} co_marks;

/*
 * Read a marks file (bytes from read_from when not NULL) as a stream, validating it against the
 * schema and checking it against the rules as it goes: the competition, declared evaluators,
 * known questions, marks on the scale. A problem of the file's content goes to diags, located,
 * and is counted in (*out)->errors; co_marks_check() then fails. A file that is not well formed
 * or not schema-valid fails here (CO_EINVALID, diags located). With keep_rationales, the
 * rationales are kept too (else only the numbers: an evaluation of many bids must not hold them).
 */
int co_marks_read(co_marks **out, const char *path, const char *read_from, const co_rules *r, int keep_rationales,
                  co_diags *diags);

void co_marks_free(co_marks *marks);

/*
 * Check that every bid the marks are for was read (bid_ids sorted, unique). Returns 0, or
 * CO_EINVALID when this or co_marks_read() found a problem (every one is in diags).
 */
int co_marks_check(const co_marks *m, const char *const *bid_ids, size_t nids, co_diags *diags);

/* The marks for one bid (NULL when none), and for its question q in the rules' order (NULL when none). */
const co_bidmarks *co_marks_bid(const co_marks *m, const char *bid);
const co_qmarks *co_marks_question(const co_bidmarks *b, size_t q);

/* The evaluators' marks of question entry q of bid b (q->n of them), in file order. */
static inline const co_mark *co_qmarks_marks(const co_bidmarks *b, const co_qmarks *q)
{
	return (const co_mark *)b->qs - b->slots + q->first;
}

/*
 * The rationale of a question's k-th mark (co_marks_rationale), or of its moderated mark, read
 * back from the marks file into buf, a buffer the caller reuses from one call to the next and
 * frees (co_strbuf_end). *text receives the rationale, exactly as it was read (its references
 * resolved, its CDATA sections as text, trimmed of XML white space): it lives until the next
 * call with buf, or until m is freed. *text is NULL when the rationales were not kept (or q is
 * NULL or has no moderated mark). Returns 0; CO_EIO when the file cannot be read back or no
 * longer holds the text that was read (never a wrong or empty text); CO_ERROR when out of memory.
 */
int co_marks_rationale(const co_marks *m, const co_bidmarks *b, const co_qmarks *q, size_t k, co_strbuf *buf,
                       const char **text);
int co_marks_moderated_rationale(const co_marks *m, const co_bidmarks *b, const co_qmarks *q, co_strbuf *buf,
                                 const char **text);

#endif
