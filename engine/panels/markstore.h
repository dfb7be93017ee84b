/* Internal: a marks file's every mark and rationale, held to be merged into and written back whole. */
#ifndef CO_MARKSTORE_H
#define CO_MARKSTORE_H

#include <stddef.h>
#include "panels/plan.h"
#include "panels/returned.h"

/* The evaluator index of a moderated mark: after every evaluator's. */
#define CO_MODERATED ((size_t)-2)
/* The "evaluator index" of the panel's feedback to the supplier (its text; value 0): after the moderated mark. */
#define CO_FEEDBACK ((size_t)-1)

/* One mark, an evaluator's or the moderated one, of one bid's question; or the panel's feedback on it. */
typedef struct {
	char *bid;
	size_t q;            /* the question's index in the rules */
	size_t ev;           /* index into co_markstore.evaluators, or CO_MODERATED, or CO_FEEDBACK */
	long value;
	char *text;          /* the rationale or reason, "" when none */
	size_t origin;       /* 0: the marks file; i: the i-th file merged */
	const co_returned *from; /* where it came from, for diagnostics (NULL: the marks file) */
	const co_rentry *en;
} co_markrec;

typedef struct {
	const co_rules *rules;
	char **evaluators;   /* in the order declared */
	size_t nev;
	co_markrec *recs;
	size_t n, cap;
} co_markstore;

/*
 * Load the marks file path into s (a missing file gives an empty store): checked as evaluate
 * checks it (schema, competition, evaluators, questions, scale), every rationale as evaluate
 * reads it. 0; CO_EINVALID (diags located); CO_EIO; or CO_ERROR.
 */
int co_markstore_load(co_markstore *s, const char *path, const co_rules *r, co_diags *diags);

/* co_markstore_load() of the bytes in the file read_from, diagnostics naming path. */
int co_markstore_load_from(co_markstore *s, const char *path, const char *read_from, const co_rules *r,
                           co_diags *diags);

/* Declare evaluator id when it is not yet (appended). Its index, or -1 when out of memory. */
long co_markstore_evaluator(co_markstore *s, const char *id);

/* Append a record (bid and text copied). NULL when out of memory. */
co_markrec *co_markstore_add(co_markstore *s, const char *bid, size_t q, size_t ev, long value, const char *text);

/* Sort the records by bid id, question, evaluator (declared order, then the moderated, then the feedback) and origin. */
void co_markstore_sort(co_markstore *s);

/* The record of (bid, question) of evaluator index ev (CO_MODERATED: the consensus; CO_FEEDBACK: the feedback) in a sorted store, or NULL. */
const co_markrec *co_markstore_find(const co_markstore *s, const char *bid, size_t q, size_t ev);

/* The evaluators' marks of one (bid, question) as co_seen_marks, for a sorted store: *out (the caller frees it). 0 or CO_ERROR. */
int co_markstore_seen(const co_markstore *s, const char *bid, size_t q, co_seen_mark **out, size_t *n);

/* The sorted store as a marks file (FORMATS.md section 3), one record per key (the first of each). 0 or CO_ERROR. */
int co_markstore_xml(co_strbuf *out, const co_markstore *s);

void co_markstore_free(co_markstore *s);

#endif
