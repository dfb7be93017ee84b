/* A file that came back from the panel: told apart by its content, read by its own reader, its problems located. */
#include "panels/returned.h"
#include "base/diag.h"
#include "base/readfile.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

/* Largest returned file read: a workbook of a large panel, or an evaluator's marks with long rationales. */
#define CO_RETURNED_MAX_BYTES (64L * 1024 * 1024)

co_rentry *co_returned_add(co_returned *r)
{
	if (r->n == r->cap) {
		size_t cap = r->cap ? 2 * r->cap : 64;
		co_rentry *e = realloc(r->e, cap * sizeof(*e));
		if (!e)
			return NULL;
		r->e = e;
		r->cap = cap;
	}
	co_rentry *en = &r->e[r->n++];
	memset(en, 0, sizeof(*en));
	return en;
}

int co_returned_diag(co_diags *diags, const co_returned *r, const co_rentry *en, int f, const char *fmt, ...)
{
	const co_rplace *at = en ? &en->at[f] : &r->head_at[f];
	va_list ap;
	va_start(ap, fmt);
	int len = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	char *text = len < 0 ? NULL : malloc((size_t)len + 1);
	if (!text)
		return CO_ERROR;
	va_start(ap, fmt);
	vsnprintf(text, (size_t)len + 1, fmt, ap);
	va_end(ap);
	int rc = r->sheet ? co_diag_cell(diags, r->path, r->sheet, at->line, at->col, "%s", text)
	                  : co_diag_add(diags, r->path, at->line, at->col, "%s", text);
	free(text);
	return rc;
}

void co_returned_free(co_returned *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->n; i++)
		for (int f = 0; f < CO_RF_N; f++)
			free(r->e[i].field[f]);
	for (int h = 0; h < CO_RH_N; h++)
		free(r->head[h]);
	free(r->e);
	free(r->path);
	free(r);
}

/* 1 when the bytes, after an optional UTF-8 byte-order mark and white space, start an XML document. */
static int looks_xml(const char *b, size_t len)
{
	size_t i = len >= 3 && !memcmp(b, "\xEF\xBB\xBF", 3) ? 3 : 0;
	while (i < len && strchr(" \t\r\n", b[i]) && b[i])
		i++;
	return i < len && b[i] == '<';
}

int co_returned_read(co_returned **out, const char *path, const co_plan *p, co_diags *diags)
{
	char *bytes = NULL;
	size_t len = 0;
	*out = NULL;
	int rc = co_read_file(path, NULL, CO_RETURNED_MAX_BYTES, &bytes, &len, diags);
	if (rc)
		return rc;
	if (len >= 4 && !memcmp(bytes, "PK\x03\x04", 4))
		rc = co_workbook_read(out, path, p, diags);
	else if (looks_xml(bytes, len))
		rc = co_returned_read_xml(out, path, diags);
	else
		rc = co_returned_read_csv(out, path, bytes, len, diags);
	free(bytes);
	return rc;
}
