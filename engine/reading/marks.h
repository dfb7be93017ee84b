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
 * Where a bid's kept rationales are: twelve bytes a bid, however many marks it has. The texts are
 * not held but read back from the bid's <bid> element in the marks file when asked for
 * (co_marks_rationale), the element's bytes checked against the length and hash of those read.
 */
typedef struct {
	uint32_t off : 31; /* the byte offset of the element's '<' in the file; held: its first text's index in co_marks.held */
	uint32_t held : 1; /* the element could not be placed in the file's bytes (a file the scanner cannot read): its texts are held */
	uint32_t len;      /* the element's length in bytes */
	uint32_t hash;     /* of its bytes: FNV-1a, 32 bits */
} co_bid_at;
_Static_assert(sizeof(co_bid_at) == 12, "kept rationales cost twelve bytes a bid");
_Static_assert(CO_MARKS_MAX_BYTES < (1L << 31), "a marks file's offsets fit in 31 bits");

/* Longest rationale read back, in bytes: the schema's 100,000 characters, in UTF-8, fit well within. */
#define CO_RATIONALE_MAX_BYTES (4L * 1024 * 1024)
/* Longest root start tag kept to read rationales back with (longer: the texts are held). */
#define CO_MARKS_MAX_ROOT_TAG (64 * 1024)

typedef struct {
	char *bid;          /* in the block of qs, after them */
	co_qmarks *qs;      /* one per rules question, in the rules' order; the block holds slots marks before them */
	int32_t line, col;
	uint32_t nmarks;    /* the marks read, in the first of the slots */
	uint32_t slots;     /* the <mark> elements of the entry */
	uint32_t at;        /* with kept rationales, its index in co_marks.at (the order the entries were read in) */
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
	/* Kept rationales only (else all NULL): */
	co_bid_at *at;     /* where each bid's entry is, in the order read (co_bidmarks.at) */
	size_t capat;
	char *head;        /* an XML declaration naming the file's encoding, then the root's start tag as in the file */
	char *tail;        /* the root's end tag: a bid's element read back is parsed between head and tail */
	char **qids;       /* the rules' question ids (nq), to find a question's entry in a bid's element */
	char **held;       /* held bids' texts: slot i of a bid at co_bid_at.off + i (NULL: no rationale or feedback) */
	size_t nheld, capheld;
	unsigned long serial; /* this read's number in the process: a buffer holding its bid's texts says whose */
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
 * frees (co_strbuf_end). *text receives the rationale, exactly as the marks reader decoded it (its
 * references resolved, line ends normalised, its CDATA sections giving no text, trimmed of XML
 * white space): it lives until the next call with buf, or until m is freed. *text is NULL when
 * the rationales were not kept (or q is NULL or has no moderated mark). Returns 0; CO_EIO when the
 * file cannot be read back or its bid's element is no longer the bytes that were read (never a
 * wrong or empty text); CO_ERROR when out of memory.
 *
 * A bid's element is parsed once for all its rationales: buf keeps the texts of the bid read back
 * last from one call to the next (one bid's), so asking for a bid's rationales through one buffer
 * costs one parse, and a new buffer reads the file again. The caller changes buf only through
 * these calls. Threads may share m, each with its own buf.
 */
int co_marks_rationale(const co_marks *m, const co_bidmarks *b, const co_qmarks *q, size_t k, co_strbuf *buf,
                       const char **text);
int co_marks_moderated_rationale(const co_marks *m, const co_bidmarks *b, const co_qmarks *q, co_strbuf *buf,
                                 const char **text);

/*
 * The panel's feedback to the supplier on question entry qm of bid bm (its <feedback>), kept apart
 * from the evaluators' rationales: read back as co_marks_moderated_rationale reads a rationale,
 * with the same buffer, lifetime and results. *out is NULL when the rationales were not kept, qm
 * is NULL, or the entry has no feedback (none, or only white space).
 */
int co_marks_feedback(const co_marks *m, const co_bidmarks *bm, const co_qmarks *qm, co_strbuf *buf,
                      const char **out);

#endif
