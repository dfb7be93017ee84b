/* A CSV file fed to libcsv a byte at a time, every field and row located (the receipt log and the panel's returned CSV). */
#include "base/csvfeed.h"
#include "base/diag.h"

int co_csv_feed(struct csv_parser *parser, const char *path, const char *bytes, size_t from, size_t len,
                co_csv_where *w, const int *stop, void (*field)(void *, size_t, void *), void (*row)(int, void *),
                void *ctx, co_diags *diags)
{
	for (size_t i = from; i < len && !*stop; i++) {
		unsigned char ch = (unsigned char)bytes[i];
		if (!w->in_field && ch != '\r' && ch != '\n') {
			w->in_field = 1;
			w->fline = w->line;
			w->fcol = w->col;
			if (w->nf == 0) { /* a row's first field: where a field missing from the row is placed */
				w->rline = w->line;
				w->rcol = w->col;
			}
		}
		if (csv_parse(parser, bytes + i, 1, field, row, ctx) != 1) {
			if (csv_error(parser) == CSV_ENOMEM)
				return CO_ERROR;
			return co_diag_add(diags, path, (int)w->line, (int)w->col,
			                   "not CSV: %s (a quote inside a field must be doubled)", csv_strerror(csv_error(parser)))
			           ? CO_ERROR
			           : CO_EINVALID;
		}
		/* A line ends with LF, CR LF, or CR alone (Excel's "CSV (Macintosh)"). */
		if (ch == '\n' || (ch == '\r' && (i + 1 == len || bytes[i + 1] != '\n'))) {
			w->line++;
			w->col = 1;
		} else if ((ch & 0xC0) != 0x80) {
			w->col++;
		}
	}
	if (*stop || !csv_fini(parser, field, row, ctx))
		return 0;
	if (csv_error(parser) == CSV_ENOMEM)
		return CO_ERROR;
	return co_diag_add(diags, path, (int)(w->in_field ? w->fline : w->line), (int)(w->in_field ? w->fcol : w->col),
	                   "not CSV: %s (this quoted field is not closed)", csv_strerror(csv_error(parser)))
	           ? CO_ERROR
	           : CO_EINVALID;
}
