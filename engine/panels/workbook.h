/* Internal: the marking workbook's layout, which its writer and its reader share. */
#ifndef CO_WORKBOOK_H
#define CO_WORKBOOK_H

#include <stddef.h>
#include "panels/plan.h"

/*
 * The sheet "Marks" of evaluator e's workbook, rows and columns counted from 1 as a spreadsheet
 * shows them:
 *
 *   A1 "Competition"   B1 the competition's id
 *   A2 "Evaluator"     B2 the evaluator's id
 *   A3 "Pack"          B3 the digest of the evaluator's pack
 *   A4 "Progress"      B4 a formula counting the marks and rationales given so far
 *   A5 the instruction line
 *   row 6              the table's headings
 *   row 7 and on       one row per item: the bids in the plan's order, each with the questions
 *                      assigned to e in the rules' order; the columns are
 *                      A label, B question id, C question title, D response text, E words,
 *                      F response digest, G mark, H rationale.
 *
 * Every cell is locked but the marks (G) and rationales (H) of the table's rows. Nothing is
 * below the table or right of column H. The sheets "Scale" and "Questions" that follow are
 * for reference only: the reader does not read them.
 */
#define CO_WB_SHEET "Marks"

enum {
	CO_WB_ROW_COMPETITION = 1,
	CO_WB_ROW_EVALUATOR,
	CO_WB_ROW_PACK,
	CO_WB_ROW_PROGRESS,
	CO_WB_ROW_INSTRUCTION,
	CO_WB_ROW_HEADINGS,
	CO_WB_ROW_FIRST /* the first item's row */
};

enum {
	CO_WB_COL_LABEL = 1,
	CO_WB_COL_QUESTION,
	CO_WB_COL_TITLE,
	CO_WB_COL_TEXT,
	CO_WB_COL_WORDS,
	CO_WB_COL_DIGEST,
	CO_WB_COL_MARK,
	CO_WB_COL_RATIONALE,
	CO_WB_COLS = CO_WB_COL_RATIONALE
};

/* The rows of a sheet (Excel's limit): the items of one evaluator must fit below the header. */
#define CO_WB_ROWS_MAX 1048576

/* The header's values are in column B, each labelled in column A beside it. */
#define CO_WB_COL_HEAD 2

/*
 * The most characters a cell holds (Excel's limit, counted in UTF-16 code units as Excel counts
 * them). A longer response is not written: a note in its place points to the marking form, and
 * the digest in column F stays the digest of the whole response.
 */
#define CO_WB_CELL_MAX 32767

/* What calloff writes in a cell of the sheet "Marks". */
typedef enum {
	CO_WB_EMPTY,   /* nothing: a value here is refused */
	CO_WB_TEXT,    /* a locked text that must read back as written */
	CO_WB_FIELD,   /* a locked text of the header returned as read (the caller checks it against the plan) */
	CO_WB_FORMULA, /* a locked formula (the progress count): its value is not read */
	CO_WB_INPUT    /* an unlocked mark or rationale, written empty */
} co_wb_kind;

typedef struct {
	co_wb_kind kind;
	const char *text; /* TEXT and FIELD: the cell's text; FORMULA: the formula, without "="; else NULL */
	char *owned;      /* text when it was made for this cell (co_wb_cell_free frees it); NULL when borrowed from the plan */
	int long_note;    /* the response column: text is the note standing for a response too long for a cell */
} co_wb_cell;

/* The (bid, question) of item i (from 0) of evaluator e: its row is CO_WB_ROW_FIRST + i. */
void co_wb_item(const co_plan *p, size_t e, size_t i, size_t *k, size_t *q);

/*
 * What calloff writes at row, col (from 1) of evaluator e's sheet "Marks" into *out, which the
 * caller frees with co_wb_cell_free. 0 or CO_ERROR (out of memory).
 */
int co_wb_cell_at(co_wb_cell *out, const co_plan *p, size_t e, int row, int col);
void co_wb_cell_free(co_wb_cell *c);

/* 1 when text fits one cell (CO_WB_CELL_MAX), as Excel and libxlsxwriter count it. */
int co_wb_fits(const char *text);

/* The file name of evaluator e's marking form, which a too-long response's note points to. */
#define CO_WB_FORM_SUFFIX "-marking.html"

#endif
