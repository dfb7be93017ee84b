/* Internal: a CSV file fed to libcsv a byte at a time, so that every field and row is located. */
#ifndef CO_CSVFEED_H
#define CO_CSVFEED_H

#include <csv.h>
#include <stddef.h>
#include "calloff/status.h"

/* Where a CSV reader is: kept by co_csv_feed(), read (and in_field and nf reset) by the reader's callbacks. */
typedef struct {
	long line, col;   /* of the byte about to be fed */
	long fline, fcol; /* where the field being read started */
	long rline, rcol; /* where the row being read started (its first field) */
	int in_field;     /* a byte of the current field has been fed; the field callback sets it to 0 */
	size_t nf;        /* fields of the current row so far; the callbacks count them and the row callback sets 0 */
} co_csv_where;

/*
 * Feed bytes[from, len) to parser one byte at a time, keeping *w (lines end with LF, CR LF or
 * CR alone; a column is a UTF-8 character), with field and row called back with ctx as
 * csv_parse() does; stop early once *stop is non-zero; then finish the parser (csv_fini) unless
 * stopped. Returns 0; CO_EINVALID when the bytes are not CSV (a quote inside a field not
 * doubled, a quoted field not closed), with a diagnostic at the place; CO_ERROR when out of
 * memory, or when that diagnostic could not be kept.
 */
int co_csv_feed(struct csv_parser *parser, const char *path, const char *bytes, size_t from, size_t len,
                co_csv_where *w, const int *stop, void (*field)(void *, size_t, void *), void (*row)(int, void *),
                void *ctx, co_diags *diags);

#endif
