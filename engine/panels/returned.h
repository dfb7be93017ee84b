/* Internal: a file that came back from the panel (an evaluator's marks, or the moderation), read as written, with every field's place. */
#ifndef CO_RETURNED_H
#define CO_RETURNED_H

#include <stddef.h>
#include "calloff/status.h"
#include "panels/plan.h"

/* A returned file's fields, each with its own place (a workbook's cell, a CSV field, an XML element). */
enum {
	CO_RF_LABEL,     /* the response's label, "Response 03" */
	CO_RF_QUESTION,  /* the question's id */
	CO_RF_DIGEST,    /* the digest of the response the mark is for */
	CO_RF_VALUE,     /* the mark */
	CO_RF_RATIONALE, /* the evaluator's rationale, or the panel's reason */
	CO_RF_SEEN,      /* moderation: the digest of the evaluators' marks the moderator saw */
	CO_RF_FEEDBACK,  /* moderation: the panel's feedback to the supplier on the answer (optional) */
	CO_RF_N
};

/* The header's fields. */
enum {
	CO_RH_COMPETITION,
	CO_RH_EVALUATOR, /* the evaluator; the moderation: absent */
	CO_RH_PACK,      /* the evaluator's pack digest; the moderation: the plan's digest */
	CO_RH_N
};

/* Where a field is: a line and column, or (in a workbook) a row and column of the sheet. */
typedef struct {
	int line, col;
} co_rplace;

/* One entry: a mark and its rationale (or a moderated mark and its reason) for one (response, question). */
typedef struct {
	char *field[CO_RF_N]; /* as written, trimmed of spaces, tabs and line breaks at both ends; NULL when absent or empty */
	co_rplace at[CO_RF_N];
} co_rentry;

typedef enum { CO_RETURNED_MARKS, CO_RETURNED_MODERATION } co_rkind;

typedef struct {
	char *path;
	co_rkind kind;
	const char *sheet; /* a workbook: the sheet's name (places are cells); else NULL (places are line:col) */
	char *head[CO_RH_N];
	co_rplace head_at[CO_RH_N];
	co_rentry *e;
	size_t n, cap;
} co_returned;

/*
 * Read a returned file of any kind calloff accepts, chosen by its content: an evaluator's marks
 * or the moderation exported by the forms (XML), a marking workbook (XLSX, by its zip
 * signature), or CSV. Only the file's form is checked here (well-formed, the expected names,
 * a workbook's cells as calloff wrote them: evaluator e's workbook needs p to know them); what
 * the entries say is checked against the plan by the caller (co_returned_check). A problem goes
 * to diags, located. Returns 0; CO_EINVALID (diags say why); CO_EIO when the file cannot be
 * read; CO_ETOOBIG; or CO_ERROR.
 */
int co_returned_read(co_returned **out, const char *path, const co_plan *p, co_diags *diags);

/* The readers of each form (returned_xml.c, returned_csv.c, workbook_read.c), with the same contract. */
int co_returned_read_xml(co_returned **out, const char *path, co_diags *diags);
int co_returned_read_csv(co_returned **out, const char *path, const char *bytes, size_t len, co_diags *diags);
int co_workbook_read(co_returned **out, const char *path, const co_plan *p, co_diags *diags);

/* Add one entry (the fields NULL, the places 0) and return it; NULL when out of memory. */
co_rentry *co_returned_add(co_returned *r);

/* Report a problem at field f of entry en (or, en NULL, at header field f), as FILE:LINE:COL or FILE:SHEET:CELL. */
int co_returned_diag(co_diags *diags, const co_returned *r, const co_rentry *en, int f, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

void co_returned_free(co_returned *r);

/*
 * The files to read from the paths given: a file as it is, a folder's *.xml, *.xlsx and *.csv
 * files in byte order of name, leaving out hidden ones, Excel's lock files ("~$E1-marking.xlsx")
 * and the file skip (the marks file, when it is kept in the same folder; NULL: none). *out is
 * NULL-terminated; the caller frees it and its strings. 0; CO_EIO (a folder that cannot be
 * read); or CO_ERROR.
 */
int co_returned_files(char ***out, size_t *n, const char *const *given, size_t ngiven, const char *skip,
                      co_diags *diags);

/* Longest rationale or reason, in characters: the marks schema's (bids/marks.xsd) and the panel schema's limit. */
#define CO_RATIONALE_MAX_CHARS 100000

/* One entry of a returned file, checked against the plan. */
typedef struct {
	size_t k, q;           /* the response (index into the plan's bids) and the question */
	int has_value;
	long value;
	const char *text;      /* the rationale or reason ("" when none), borrowed from the entry */
	const char *seen;      /* moderation: the digest of the marks the moderator saw */
	const char *feedback;  /* moderation: the panel's feedback to the supplier, NULL when none; borrowed */
	const co_rentry *en;
} co_rmark;

/*
 * Check a returned file against the plan, every problem located: the competition; an
 * evaluator's marks: a known evaluator, their pack's digest, only questions assigned to them;
 * the moderation: the plan's digest, a reason for every consensus given, feedback a marks file can
 * carry; every entry: a known
 * label and question, the response's digest as the plan has it, a mark on the scale (or none),
 * a text XML can carry, no second entry for the same response and question. *out receives the
 * entries (the caller frees the array; it borrows from r), *ev the evaluator's index (-1 for
 * the moderation). 0; CO_EINVALID; or CO_ERROR.
 */
int co_returned_check(co_rmark **out, size_t *n, long *ev, const co_returned *r, const co_plan *p, co_diags *diags);

/* A returned file, read and checked. */
typedef struct {
	co_returned *r;
	co_rmark *ms;
	size_t n;
	long ev; /* the evaluator (-1: the moderation) */
} co_rfile;

/*
 * Read and check every file of the paths given (co_returned_files, skip left out): a refused file is
 * reported and the others still read; one file per evaluator, and one moderation. *out
 * receives the files (co_rfiles_free). 0; CO_EINVALID (diags located; nothing in *out); CO_EIO;
 * or CO_ERROR.
 */
int co_returned_gather(co_rfile **out, size_t *n, const char *const *paths, size_t npaths, const char *skip,
                       const co_plan *p, co_diags *diags);
void co_rfiles_free(co_rfile *f, size_t n);

/* The CSV template of evaluator e (returned_csv.c): the header and one row per item, mark and rationale empty. 0 or CO_ERROR. */
int co_csv_template(co_strbuf *out, const co_plan *p, size_t e);

/*
 * The marking workbook of evaluator e (engine/panels/workbook_write.c), written to path (a new
 * file, which the caller renames into place). Same plan, same bytes. 0; CO_EIO (diags say
 * why); or CO_ERROR.
 */
int co_workbook_write(const co_plan *p, size_t e, const char *path, co_diags *diags);

#endif
