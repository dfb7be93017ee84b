/* Marks as CSV (RFC 4180, UTF-8 with or without a byte-order mark): the template each evaluator is given, and a returned file read with libcsv. */
#include "panels/returned.h"
#include "base/csvfeed.h"
#include "base/diag.h"
#include "base/utf8.h"

#include <csv.h>
#include <stdlib.h>
#include <string.h>

/* The columns, by the header's names; a file may order them as it likes. */
static const char *const columns[] = {"competition", "evaluator", "pack", "response", "question", "digest", "mark",
                                      "rationale"};
#define NCOL (sizeof(columns) / sizeof(*columns))
enum { C_COMPETITION, C_EVALUATOR, C_PACK, C_RESPONSE, C_QUESTION, C_DIGEST, C_MARK, C_RATIONALE };
_Static_assert(NCOL == 8, "one name per column");

/* Most rows one returned CSV may hold: far above any panel's (bids times questions). */
#define CO_CSV_MAX_ROWS 1000000

/* Append one CSV field, quoted (every field is: a text never starts a formula or loses a space). */
static void put_field(co_strbuf *b, const char *s, int last)
{
	co_strbuf_put(b, "\"");
	for (const char *p = s; *p; p++)
		co_strbuf_put(b, *p == '"' ? "\"\"" : "%c", *p);
	co_strbuf_put(b, last ? "\"\r\n" : "\",");
}

int co_csv_template(co_strbuf *out, const co_plan *p, size_t e)
{
	const co_plan_evaluator *ev = &p->evs[e];
	co_strbuf_put(out, "\xEF\xBB\xBF");
	for (size_t c = 0; c < NCOL; c++)
		put_field(out, columns[c], c + 1 == NCOL);
	for (size_t k = 0; k < p->nb; k++)
		for (size_t q = 0; q < p->rules->nq; q++) {
			if (!ev->assigned[q])
				continue;
			const char *row[NCOL] = {p->competition, ev->id, ev->pack, p->bids[k].label,
			                         p->rules->questions[q].id, p->bids[k].responses[q].digest, "", ""};
			for (size_t c = 0; c < NCOL; c++)
				put_field(out, row[c], c + 1 == NCOL);
		}
	return out->failed ? CO_ERROR : 0;
}

/* The reading's state, given to libcsv's callbacks. */
typedef struct {
	co_returned *r;
	co_diags *diags;
	co_csv_where where;       /* the byte about to be fed, the field and the row being read, fields so far */
	char *cell[NCOL];         /* the current row's fields, by column */
	co_rplace at[NCOL];
	int order[NCOL];          /* the header: the column of each field position (-1: none yet) */
	size_t rows;              /* rows read, the header included */
	int failed, invalid;
	int differs[CO_RH_N];     /* a row's header field differed from the first row's (reported once) */
} reading;

static void field_end(void *data, size_t len, void *rdv)
{
	reading *rd = rdv;
	size_t i = rd->where.nf++;
	const co_csv_where *w = &rd->where;
	long line = w->in_field ? w->fline : w->line, col = w->in_field ? w->fcol : w->col;
	rd->where.in_field = 0;
	if (rd->failed)
		return;
	if (rd->rows == 0) { /* the header */
		if (i >= NCOL) {
			co_diag_add(rd->diags, rd->r->path, (int)line, (int)col,
			            "the header has more than the %zu columns calloff reads", NCOL);
			rd->invalid = 1;
			return;
		}
		size_t c = 0;
		while (c < NCOL && (strlen(columns[c]) != len || strncmp(columns[c], data ? data : "", len)))
			c++;
		if (c == NCOL && data && memchr(data, ';', len)) {
			co_diag_add(rd->diags, rd->r->path, (int)line, (int)col,
			            "the columns are separated by ';', not ',': save the file as \"CSV UTF-8 (comma delimited)\"");
			rd->invalid = rd->failed = 1; /* one line says it: every row would be wrong the same way */
			return;
		}
		if (c == NCOL) {
			co_diag_add(rd->diags, rd->r->path, (int)line, (int)col,
			            "unknown column '%.*s' in the header (the columns are competition, evaluator, pack, response, "
			            "question, digest, mark, rationale)",
			            (int)(len > 64 ? 64 : len), data ? (const char *)data : "");
			rd->invalid = 1;
			return;
		}
		for (size_t j = 0; j < i; j++)
			if (rd->order[j] == (int)c) {
				co_diag_add(rd->diags, rd->r->path, (int)line, (int)col, "column '%s' is named twice in the header",
				            columns[c]);
				rd->invalid = 1;
				return;
			}
		rd->order[i] = (int)c;
		rd->at[c] = (co_rplace){(int)line, (int)col};
		return;
	}
	if (i >= NCOL || rd->order[i] < 0) {
		co_diag_add(rd->diags, rd->r->path, (int)line, (int)col, "a field beyond the header's %zu columns", NCOL);
		rd->invalid = 1;
		return;
	}
	int c = rd->order[i];
	const char *s = data ? data : "";
	/* Trimmed of spaces, tabs and line breaks at both ends; a line break inside is one LF. */
	while (len && strchr(" \t\r\n", *s) && *s)
		s++, len--;
	while (len && strchr(" \t\r\n", s[len - 1]) && s[len - 1])
		len--;
	rd->at[c] = (co_rplace){(int)line, (int)col};
	if (!len)
		return;
	char *v = malloc(len + 1), *o = v;
	if (!v) {
		rd->failed = 1;
		return;
	}
	for (size_t k = 0; k < len; k++) {
		if (s[k] == '\r') {
			*o++ = '\n';
			if (k + 1 < len && s[k + 1] == '\n')
				k++;
		} else {
			*o++ = s[k];
		}
	}
	*o = '\0';
	rd->cell[c] = v;
}

/* Header fields are taken from the first row; every later row must say the same. */
static void take_head(reading *rd, int h, int c)
{
	co_returned *r = rd->r;
	if (!rd->cell[c])
		return;
	if (!r->head[h] && !r->head_at[h].line) {
		r->head[h] = rd->cell[c];
		r->head_at[h] = rd->at[c];
		rd->cell[c] = NULL;
		return;
	}
	if ((!r->head[h] || strcmp(r->head[h], rd->cell[c])) && !rd->differs[h]++) {
		co_diag_add(rd->diags, r->path, rd->at[c].line, rd->at[c].col,
		            "%s '%s' differs from the first row's ('%s', line %d): one file holds one evaluator's marks for one "
		            "competition",
		            columns[c], rd->cell[c], r->head[h] ? r->head[h] : "", r->head_at[h].line);
	}
	if (rd->differs[h])
		rd->invalid = 1;
}

static void row_end(int term, void *rdv)
{
	(void)term;
	reading *rd = rdv;
	size_t nf = rd->where.nf;
	rd->where.nf = 0;
	rd->where.in_field = 0;
	if (rd->failed)
		goto out;
	if (rd->rows++ == 0) {
		for (size_t c = 0; c < NCOL; c++) {
			size_t j = 0;
			while (j < nf && j < NCOL && rd->order[j] != (int)c)
				j++;
			if (j == nf || j == NCOL) {
				co_diag_add(rd->diags, rd->r->path, 1, 1, "the header has no column '%s'", columns[c]);
				rd->invalid = 1;
			}
		}
		goto out;
	}
	int empty = 1;
	for (size_t c = 0; c < NCOL; c++)
		empty = empty && !rd->cell[c];
	if (empty)
		goto out; /* a blank row, as spreadsheets leave at the end */
	if (rd->rows > CO_CSV_MAX_ROWS) {
		co_diag_add(rd->diags, rd->r->path, (int)rd->where.line, 1, "more than %d rows", CO_CSV_MAX_ROWS);
		rd->invalid = rd->failed = 1;
		goto out;
	}
	for (size_t c = 0; c < NCOL; c++)
		if (!rd->at[c].line)
			rd->at[c] = (co_rplace){(int)rd->where.rline, (int)rd->where.rcol};
	take_head(rd, CO_RH_COMPETITION, C_COMPETITION);
	take_head(rd, CO_RH_EVALUATOR, C_EVALUATOR);
	take_head(rd, CO_RH_PACK, C_PACK);
	co_rentry *en = co_returned_add(rd->r);
	if (!en) {
		rd->failed = 1;
		goto out;
	}
	static const int field_of[NCOL] = {-1, -1, -1, CO_RF_LABEL, CO_RF_QUESTION, CO_RF_DIGEST, CO_RF_VALUE, CO_RF_RATIONALE};
	for (size_t c = 0; c < NCOL; c++) {
		if (field_of[c] < 0)
			continue;
		en->field[field_of[c]] = rd->cell[c];
		en->at[field_of[c]] = rd->at[c];
		rd->cell[c] = NULL;
	}
out:
	for (size_t c = 0; c < NCOL; c++) {
		free(rd->cell[c]);
		rd->cell[c] = NULL;
		rd->at[c] = (co_rplace){0, 0};
	}
}

int co_returned_read_csv(co_returned **out, const char *path, const char *bytes, size_t len, co_diags *diags)
{
	struct csv_parser parser;
	reading rd = {.diags = diags, .where = {.line = 1, .col = 1}};
	int rc = CO_ERROR;
	*out = NULL;
	for (size_t c = 0; c < NCOL; c++)
		rd.order[c] = -1;
	if (csv_init(&parser, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL))
		return CO_ERROR;
	if (!(rd.r = calloc(1, sizeof(*rd.r))) || !(rd.r->path = strdup(path)))
		goto out;
	rd.r->kind = CO_RETURNED_MARKS;
	size_t i = len >= 3 && !memcmp(bytes, "\xEF\xBB\xBF", 3) ? 3 : 0;
	long bline = 1, bcol = 1;
	for (size_t k = i; k < len;) {
		size_t n = bytes[k] ? co_utf8_len((const unsigned char *)bytes + k) : 0;
		if (!n) {
			co_diag_add(diags, path, (int)bline, (int)bcol, "not UTF-8 text (a byte 0x%02x): save the file as \"CSV UTF-8 (comma delimited)\"",
			            (unsigned char)bytes[k]);
			rc = CO_EINVALID;
			goto out;
		}
		int nl = bytes[k] == '\n' || (bytes[k] == '\r' && bytes[k + 1] != '\n');
		bcol = nl ? 1 : bcol + 1;
		bline += nl;
		k += n;
	}
	if ((rc = co_csv_feed(&parser, path, bytes, i, len, &rd.where, &rd.failed, field_end, row_end, &rd, diags)))
		goto out;
	rc = CO_ERROR;
	if (rd.failed && !rd.invalid) /* stopped without a problem of the file: out of memory */
		goto out;
	if (rd.rows == 0 && !rd.invalid) {
		co_diag_add(diags, path, 1, 1, "no header row");
		rd.invalid = 1;
	}
	rc = rd.invalid ? CO_EINVALID : 0;
out:
	for (size_t c = 0; c < NCOL; c++)
		free(rd.cell[c]);
	csv_free(&parser);
	if (rc)
		co_returned_free(rd.r);
	else
		*out = rd.r;
	return rc;
}
