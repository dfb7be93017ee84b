/* Located diagnostics: an ordered, bounded list of "FILE:LINE:COL: message" lines. */
#include "base/diag.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct co_diags {
	char **lines;
	size_t n, cap;
	size_t dropped;
	int failed; /* a line could not be kept for want of memory */
};

co_diags *co_diags_new(void)
{
	return calloc(1, sizeof(co_diags));
}

void co_diags_free(co_diags *diags)
{
	if (!diags)
		return;
	for (size_t i = 0; i < diags->n; i++)
		free(diags->lines[i]);
	free(diags->lines);
	free(diags);
}

size_t co_diags_count(const co_diags *diags)
{
	return diags ? diags->n : 0;
}

const char *co_diags_at(const co_diags *diags, size_t i)
{
	return (diags && i < diags->n) ? diags->lines[i] : NULL;
}

static char *vstrdupf(const char *fmt, va_list ap)
{
	va_list ap2;
	va_copy(ap2, ap);
	int len = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	if (len < 0)
		return NULL;
	char *s = malloc((size_t)len + 1);
	if (s)
		vsnprintf(s, (size_t)len + 1, fmt, ap);
	return s;
}

char *co_strdupf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *s = vstrdupf(fmt, ap);
	va_end(ap);
	return s;
}

int co_errno_status(int err)
{
	return err == ENOMEM ? CO_ERROR : CO_EIO;
}

int co_diags_failed(const co_diags *diags)
{
	return diags ? diags->failed : 0;
}

/* Append a line the list takes over (freed when it cannot be kept). */
static int push(co_diags *diags, char *line)
{
	if (!line) {
		diags->failed = 1;
		return CO_ERROR;
	}
	if (diags->n == diags->cap) {
		size_t cap = diags->cap ? diags->cap * 2 : 8;
		char **p = realloc(diags->lines, cap * sizeof(*p));
		if (!p) {
			free(line);
			diags->failed = 1;
			return CO_ERROR;
		}
		diags->lines = p;
		diags->cap = cap;
	}
	diags->lines[diags->n++] = line;
	return 0;
}

/*
 * The list is capped so that a hostile file with millions of problems cannot
 * exhaust memory; the last line then says how many more there were.
 */
/* Append the line "PLACE: msg" (msg from fmt), or count it as dropped past CO_DIAGS_MAX. */
static int add_line(co_diags *diags, const char *file, const char *place, const char *fmt, va_list ap)
{
	if (!diags)
		return 0;
	if (diags->n >= CO_DIAGS_MAX) {
		/* The last line is replaced only once its successor is made: it is never lost. */
		char *last = co_strdupf("%s:1:1: ... and %zu more problems not shown", file ? file : "-",
		                        diags->dropped + 2);
		if (!last) {
			diags->failed = 1;
			return CO_ERROR;
		}
		diags->dropped++;
		free(diags->lines[CO_DIAGS_MAX - 1]);
		diags->lines[CO_DIAGS_MAX - 1] = last;
		return 0;
	}
	char *msg = vstrdupf(fmt, ap);
	char *full = msg && place ? co_strdupf("%s: %s", place, msg) : NULL;
	free(msg);
	return push(diags, full);
}

int co_diag_vadd(co_diags *diags, const char *file, int line, int col, const char *fmt, va_list ap)
{
	if (!diags)
		return 0;
	char *place = co_strdupf("%s:%d:%d", file ? file : "-", line < 1 ? 1 : line, col < 1 ? 1 : col);
	int rc = add_line(diags, file, place, fmt, ap);
	free(place);
	return rc;
}

int co_diag_add(co_diags *diags, const char *file, int line, int col, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int rc = co_diag_vadd(diags, file, line, col, fmt, ap);
	va_end(ap);
	return rc;
}

void co_cell_column(char out[8], int col)
{
	char rev[8];
	size_t n = 0;
	if (col < 1)
		col = 1;
	while (col > 0 && n < 7) {
		rev[n++] = (char)('A' + (col - 1) % 26);
		col = (col - 1) / 26;
	}
	for (size_t i = 0; i < n; i++)
		out[i] = rev[n - 1 - i];
	out[n] = '\0';
}

int co_diag_cell(co_diags *diags, const char *file, const char *sheet, int row, int col, const char *fmt, ...)
{
	if (!diags)
		return 0;
	char letters[8];
	co_cell_column(letters, col);
	char *place = co_strdupf("%s:%s:%s%d", file ? file : "-", sheet ? sheet : "-", letters, row < 1 ? 1 : row);
	va_list ap;
	va_start(ap, fmt);
	int rc = add_line(diags, file, place, fmt, ap);
	va_end(ap);
	free(place);
	return rc;
}

int co_diag_line(co_diags *diags, const char *line)
{
	if (!diags)
		return 0;
	if (diags->n >= CO_DIAGS_MAX) {
		diags->dropped++;
		return 0;
	}
	return push(diags, strdup(line));
}

int co_diags_append(co_diags *to, const co_diags *from)
{
	for (size_t i = 0; to && i < co_diags_count(from); i++) {
		if (to->n >= CO_DIAGS_MAX) {
			to->dropped += co_diags_count(from) - i - 1;
			return co_diag_add(to, "-", 1, 1, "-");
		}
		if (push(to, strdup(from->lines[i])))
			return CO_ERROR;
	}
	return 0;
}
