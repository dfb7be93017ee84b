/* Internal: the panel's marks file (FORMATS.md section 3). */
#ifndef CO_MARKS_H
#define CO_MARKS_H

#include <stddef.h>
#include "calloff/status.h"
#include "rules_internal.h"

typedef struct {
	char *evaluator;
	long value;
	int value_ok;     /* 0 when the value does not fit a long (never on a scale) */
	char *rationale;
	int line, col;
} co_mark;

typedef struct {
	char *question;
	co_mark *marks;
	size_t n;
	int has_moderated;
	long moderated;
	int moderated_ok;
	char *moderated_rationale;
	int line, col, mod_line, mod_col;
} co_qmarks;

typedef struct {
	char *bid;
	co_qmarks *qs;
	size_t nq;
	int line, col;
} co_bidmarks;

typedef struct co_marks {
	char *path;
	char *competition;
	char **evaluators;
	size_t nev;
	co_bidmarks *bids; /* sorted by bid id */
	size_t nb;
	int line, col;     /* the root element */
} co_marks;

/* Read and schema-validate a marks file (bytes from read_from when not NULL). Errors go to diags, located. */
int co_marks_read(co_marks **out, const char *path, const char *read_from, co_diags *diags);

void co_marks_free(co_marks *marks);

/*
 * Check marks against the rules and the bid ids that were read (sorted,
 * unique): competition, declared evaluators, known bids and questions, marks
 * on the scale. Returns 0 or CO_EINVALID with every problem in diags.
 */
int co_marks_check(const co_marks *m, const co_rules *r, const char *const *bid_ids, size_t nids,
                   co_diags *diags);

/* The marks for one bid (NULL when none), and for one of its questions. */
const co_bidmarks *co_marks_bid(const co_marks *m, const char *bid);
const co_qmarks *co_marks_question(const co_bidmarks *b, const char *question);

#endif
