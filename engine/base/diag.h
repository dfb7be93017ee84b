/* Internal: appending located diagnostics. */
#ifndef CO_DIAG_H
#define CO_DIAG_H

#include "calloff/status.h"

#include <stdarg.h>

/* The most diagnostics one list keeps; past it one final line says how many were dropped. */
#define CO_DIAGS_MAX 1000

/*
 * Append "FILE:LINE:COL: message" to diags (which may be NULL). line and col
 * are 1-based; a value below 1 is printed as 1 so that every diagnostic has
 * the same shape. Returns 0, or CO_ERROR when out of memory.
 */
int co_diag_add(co_diags *diags, const char *file, int line, int col, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

/* co_diag_add() with a va_list. */
int co_diag_vadd(co_diags *diags, const char *file, int line, int col, const char *fmt, va_list ap)
	__attribute__((format(printf, 5, 0)));

/*
 * Append "FILE:SHEET:CELL: message" for a place in a workbook: row and col 1-based, the cell
 * written as a spreadsheet shows it ("G7", "AB12"). Returns 0, or CO_ERROR when out of memory.
 */
int co_diag_cell(co_diags *diags, const char *file, const char *sheet, int row, int col, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));

/* Write column col (1-based) as a spreadsheet's letters ("A", "Z", "AA") into out, which holds 8 bytes. */
void co_cell_column(char out[8], int col);

/* Append a copy of a whole line already in the "PLACE: message" form. 0, or CO_ERROR when out of memory. */
int co_diag_line(co_diags *diags, const char *line);

/* Append copies of every line of from to to (capped as co_diag_add caps). 0 or CO_ERROR. */
int co_diags_append(co_diags *to, const co_diags *from);

/*
 * The status of a system call that failed with errno err: CO_ERROR when it ran out of memory
 * (ENOMEM: opendir and fopen allocate), which is no fault of the file, else CO_EIO.
 */
int co_errno_status(int err);

/* printf into a freshly allocated string; NULL when out of memory. */
char *co_strdupf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
