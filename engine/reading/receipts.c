/* The e-tendering portal's receipt log: a CSV of received times by bid file or bid id, read with libcsv, every field located. */
#include "reading/receipts.h"
#include "reading/rules_internal.h"
#include "base/csvfeed.h"
#include "base/diag.h"
#include "base/readfile.h"
#include "base/utf8.h"

#include <csv.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* The columns calloff reads, by the header's names (any case); a portal's other columns are ignored. */
static const char *const columns[] = {"file", "bid", "received"};
enum { C_FILE, C_BID, C_RECEIVED, NCOL };
_Static_assert(sizeof(columns) / sizeof(*columns) == NCOL, "one name per column");

#define CO_RECEIPT_FILE_MAX 4096 /* longest file name a row may give: a path, not a document */
#define CO_RECEIPT_TIME_MAX 64   /* longest received time: RFC 3339 with a long fraction */

/* The reading's state, given to libcsv's callbacks. */
typedef struct {
	co_receipts *log;
	co_diags *diags;
	size_t cap;           /* of log->r */
	co_csv_where where;   /* the byte about to be fed, the field and the row being read, fields so far */
	size_t width;         /* fields of the header */
	long pos[NCOL];       /* the header: the field position of each column, -1 when it has none */
	co_rc_at head_at[NCOL];
	char *cell[NCOL];     /* the current row's fields, by column (NULL when blank) */
	co_rc_at at[NCOL];
	int any;              /* the current row has a field that is not blank, named or not */
	size_t rows;          /* rows read, the header included */
	int semicolon;        /* a header field holds ';' */
	int failed;           /* the reading stops: out of memory, or a problem no later row can get past */
	int oom, invalid;     /* out of memory; a problem found */
} reading;

static void problem(reading *rd, co_rc_at at, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void problem(reading *rd, co_rc_at at, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	if (co_diag_vadd(rd->diags, rd->log->path, at.line, at.col, fmt, ap))
		rd->oom = rd->failed = 1;
	va_end(ap);
	rd->invalid = 1;
}

/* The field of len bytes at data, trimmed of spaces and tabs at both ends: *len is updated. */
static const char *trimmed(const void *data, size_t *len)
{
	const char *s = data ? data : "";
	size_t n = data ? *len : 0;
	while (n && (*s == ' ' || *s == '\t'))
		s++, n--;
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	*len = n;
	return s;
}

static void header_field(reading *rd, size_t i, const char *s, size_t len, co_rc_at at)
{
	for (size_t c = 0; c < NCOL; c++) {
		if (strlen(columns[c]) != len || strncasecmp(columns[c], s, len))
			continue;
		if (rd->pos[c] >= 0) {
			problem(rd, at, "column '%s' is named twice in the header (first at column %d)", columns[c],
			        rd->head_at[c].col);
			return;
		}
		rd->pos[c] = (long)i;
		rd->head_at[c] = at;
		return;
	}
	if (len && memchr(s, ';', len))
		rd->semicolon = 1;
}

static void field_end(void *data, size_t len, void *rdv)
{
	reading *rd = rdv;
	size_t i = rd->where.nf++;
	const co_csv_where *w = &rd->where;
	co_rc_at at = {(int)(w->in_field ? w->fline : w->line), (int)(w->in_field ? w->fcol : w->col)};
	rd->where.in_field = 0;
	if (rd->failed)
		return;
	const char *s = trimmed(data, &len);
	if (rd->rows == 0) {
		header_field(rd, i, s, len, at);
		return;
	}
	if (len)
		rd->any = 1;
	if (i >= rd->width) {
		if (len) /* an empty field past the header's is a trailing comma, as spreadsheets add */
			problem(rd, at, "a field beyond the header's %zu columns (a comma inside a field needs the field quoted)",
			        rd->width);
		return;
	}
	for (size_t c = 0; c < NCOL; c++) {
		if (rd->pos[c] != (long)i)
			continue;
		rd->at[c] = at;
		if (!len)
			return;
		if (!(rd->cell[c] = malloc(len + 1))) {
			rd->oom = rd->failed = 1;
			return;
		}
		memcpy(rd->cell[c], s, len);
		rd->cell[c][len] = '\0';
		return;
	}
}

/* The header read: the columns it must have. */
static void header_end(reading *rd, size_t nf)
{
	co_rc_at top = {1, 1};
	rd->width = nf;
	if (rd->pos[C_RECEIVED] < 0 && rd->semicolon)
		problem(rd, top, "the columns are separated by ';', not ',': export the log as comma-separated CSV");
	else if (rd->pos[C_RECEIVED] < 0)
		problem(rd, top, "the header has no column 'received' (the time the portal received the bid)");
	if (rd->pos[C_FILE] < 0 && rd->pos[C_BID] < 0 && !rd->semicolon)
		problem(rd, top, "the header has neither a column 'file' nor a column 'bid' (which bid each row is about)");
	if (rd->invalid)
		rd->failed = 1; /* without its columns no row can be read */
}

/* One data row: its values checked and kept. */
static void take_row(reading *rd)
{
	co_rc_at row = {(int)rd->where.rline, (int)rd->where.rcol};
	for (size_t c = 0; c < NCOL; c++)
		if (!rd->at[c].line)
			rd->at[c] = row;
	int ok = 1;
	const char *file = rd->cell[C_FILE], *bid = rd->cell[C_BID], *rec = rd->cell[C_RECEIVED];
	if (!file && !bid) {
		problem(rd, row, "the row names neither a bid file nor a bid id");
		ok = 0;
	}
	if (file && strlen(file) > CO_RECEIPT_FILE_MAX) {
		problem(rd, rd->at[C_FILE], "the file name is longer than %d bytes", CO_RECEIPT_FILE_MAX);
		ok = 0;
	}
	if (bid && !co_id_valid(bid)) {
		if (strlen(bid) <= 64)
			problem(rd, rd->at[C_BID], "'bid' must be a bid id, [A-Za-z0-9._-]{1,64}, got '%s'", bid);
		else
			problem(rd, rd->at[C_BID], "'bid' must be a bid id, [A-Za-z0-9._-]{1,64}: it is longer than 64 bytes");
		ok = 0;
	}
	co_time t = {0};
	const char *why = NULL;
	if (!rec) {
		problem(rd, rd->at[C_RECEIVED], "the row has no received time");
		ok = 0;
	} else if (strlen(rec) > CO_RECEIPT_TIME_MAX) {
		problem(rd, rd->at[C_RECEIVED], "'received' must be an RFC 3339 time such as 2026-12-01T11:59:00Z: it is "
		                                "longer than %d bytes", CO_RECEIPT_TIME_MAX);
		ok = 0;
	} else if (co_time_parse(&t, rec, &why) != 0) {
		problem(rd, rd->at[C_RECEIVED],
		        "'received' must be an RFC 3339 time with its offset, such as 2026-12-01T11:59:00Z, got '%s' (%s)", rec, why);
		ok = 0;
	}
	if (!ok)
		return;
	co_receipts *log = rd->log;
	if (log->n >= CO_RECEIPTS_MAX_ROWS) {
		problem(rd, row, "more than %d receipts", CO_RECEIPTS_MAX_ROWS);
		rd->failed = 1;
		return;
	}
	if (log->n == rd->cap) {
		size_t cap = rd->cap ? 2 * rd->cap : 64;
		co_receipt *p = realloc(log->r, cap * sizeof(*p));
		if (!p) {
			rd->oom = rd->failed = 1;
			return;
		}
		log->r = p;
		rd->cap = cap;
	}
	log->r[log->n++] = (co_receipt){.file = rd->cell[C_FILE], .bid = rd->cell[C_BID], .received_text = rd->cell[C_RECEIVED],
	                                .received = t, .row = row, .file_at = rd->at[C_FILE], .bid_at = rd->at[C_BID],
	                                .received_at = rd->at[C_RECEIVED]};
	rd->cell[C_FILE] = rd->cell[C_BID] = rd->cell[C_RECEIVED] = NULL;
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
	if (rd->rows++ == 0)
		header_end(rd, nf);
	else if (rd->any) /* else a blank row, as spreadsheets leave at the end */
		take_row(rd);
out:
	for (size_t c = 0; c < NCOL; c++) {
		free(rd->cell[c]);
		rd->cell[c] = NULL;
		rd->at[c] = (co_rc_at){0, 0};
	}
	rd->any = 0;
}

/* Sorting rows by one of their names, then by place in the file. */
typedef struct {
	const co_receipt *r;
	int bid; /* by bid rather than by file */
} by_ctx;

static int by_name(const void *a, const void *b, void *ctxv)
{
	const by_ctx *ctx = ctxv;
	size_t x = *(const size_t *)a, y = *(const size_t *)b;
	int c = ctx->bid ? strcmp(ctx->r[x].bid, ctx->r[y].bid) : strcmp(ctx->r[x].file, ctx->r[y].file);
	return c ? c : (x > y) - (x < y);
}

/*
 * The rows that name a file, and those that name a bid and no file, each sorted for the look-ups;
 * a name given by two rows is a problem at the second row, naming the first. Reported in the
 * file's order.
 */
static int index_rows(reading *rd)
{
	co_receipts *log = rd->log;
	size_t n = log->n;
	long *first_file = malloc((n ? n : 1) * sizeof(long)), *first_bid = malloc((n ? n : 1) * sizeof(long));
	log->by_file = malloc((n ? n : 1) * sizeof(size_t));
	log->by_bid = malloc((n ? n : 1) * sizeof(size_t));
	if (!first_file || !first_bid || !log->by_file || !log->by_bid) {
		free(first_file);
		free(first_bid);
		return CO_ERROR;
	}
	for (size_t i = 0; i < n; i++) {
		first_file[i] = first_bid[i] = -1;
		if (log->r[i].file)
			log->by_file[log->nfile++] = i;
		else
			log->by_bid[log->nbid++] = i;
	}
	qsort_r(log->by_file, log->nfile, sizeof(size_t), by_name, &(by_ctx){log->r, 0});
	qsort_r(log->by_bid, log->nbid, sizeof(size_t), by_name, &(by_ctx){log->r, 1});
	for (size_t k = 1; k < log->nfile; k++) {
		size_t a = log->by_file[k - 1], b = log->by_file[k];
		if (!strcmp(log->r[a].file, log->r[b].file))
			first_file[b] = first_file[a] >= 0 ? first_file[a] : (long)a;
	}
	for (size_t k = 1; k < log->nbid; k++) {
		size_t a = log->by_bid[k - 1], b = log->by_bid[k];
		if (!strcmp(log->r[a].bid, log->r[b].bid))
			first_bid[b] = first_bid[a] >= 0 ? first_bid[a] : (long)a;
	}
	/* A bid id named with no file clashes with any row naming it, with a file or not. */
	for (size_t i = 0; i < n; i++) {
		const co_receipt *r = &log->r[i];
		if (!r->file || !r->bid)
			continue;
		const co_receipt *other = co_receipts_by_bid(log, r->bid);
		if (other) {
			size_t j = (size_t)(other - log->r);
			if (j < i && first_bid[i] < 0)
				first_bid[i] = (long)j;
			else if (j > i && (first_bid[j] < 0 || first_bid[j] > (long)i))
				first_bid[j] = (long)i;
		}
	}
	for (size_t i = 0; i < n; i++) {
		const co_receipt *r = &log->r[i];
		if (first_file[i] >= 0)
			problem(rd, r->file_at, "a second receipt for the file '%s' (the first is at line %d)", r->file,
			        log->r[first_file[i]].row.line);
		if (first_bid[i] >= 0)
			problem(rd, r->bid_at, "a second receipt for the bid '%s' (the first is at line %d)", r->bid,
			        log->r[first_bid[i]].row.line);
	}
	free(first_file);
	free(first_bid);
	return rd->oom ? CO_ERROR : 0;
}

/* The first row in idx (sorted by name, then place) with this name, or NULL. */
static const co_receipt *find(const co_receipts *log, const size_t *idx, size_t n, int bid, const char *name)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const co_receipt *r = &log->r[idx[mid]];
		if (strcmp(bid ? r->bid : r->file, name) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	const co_receipt *r = lo < n ? &log->r[idx[lo]] : NULL;
	return r && !strcmp(bid ? r->bid : r->file, name) ? r : NULL;
}

const co_receipt *co_receipts_by_file(const co_receipts *log, const char *file)
{
	return log && file ? find(log, log->by_file, log->nfile, 0, file) : NULL;
}

const co_receipt *co_receipts_by_bid(const co_receipts *log, const char *bid)
{
	return log && bid ? find(log, log->by_bid, log->nbid, 1, bid) : NULL;
}

void co_receipts_free(co_receipts *log)
{
	if (!log)
		return;
	for (size_t i = 0; i < log->n; i++) {
		free(log->r[i].file);
		free(log->r[i].bid);
		free(log->r[i].received_text);
	}
	free(log->r);
	free(log->by_file);
	free(log->by_bid);
	free(log->path);
	free(log);
}

/* Every byte is UTF-8 (and none is NUL): else a problem at the first that is not, and CO_EINVALID. */
static int utf8_text(const char *path, const char *bytes, size_t from, size_t len, co_diags *diags)
{
	long line = 1, col = 1;
	for (size_t k = from; k < len;) {
		size_t n = bytes[k] ? co_utf8_len((const unsigned char *)bytes + k) : 0;
		if (!n)
			return co_diag_add(diags, path, (int)line, (int)col,
			                   "not UTF-8 text (a byte 0x%02x): export the log as UTF-8 CSV", (unsigned char)bytes[k])
			               ? CO_ERROR
			               : CO_EINVALID;
		int nl = bytes[k] == '\n' || (bytes[k] == '\r' && bytes[k + 1] != '\n');
		col = nl ? 1 : col + 1;
		line += nl;
		k += n;
	}
	return 0;
}

int co_receipts_parse(co_receipts **out, const char *path, const char *bytes, size_t len, co_diags *diags)
{
	struct csv_parser parser;
	reading rd = {.diags = diags, .where = {.line = 1, .col = 1}};
	int rc = CO_ERROR;
	*out = NULL;
	for (size_t c = 0; c < NCOL; c++)
		rd.pos[c] = -1;
	if (csv_init(&parser, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL))
		return CO_ERROR;
	if (!(rd.log = calloc(1, sizeof(*rd.log))) || !(rd.log->path = strdup(path)))
		goto out;
	size_t i = len >= 3 && !memcmp(bytes, "\xEF\xBB\xBF", 3) ? 3 : 0;
	if ((rc = utf8_text(path, bytes, i, len, diags)))
		goto out;
	if ((rc = co_csv_feed(&parser, path, bytes, i, len, &rd.where, &rd.failed, field_end, row_end, &rd, diags)))
		goto out;
	rc = CO_ERROR;
	if (rd.rows == 0 && !rd.oom)
		problem(&rd, (co_rc_at){1, 1}, "no header row");
	if (!rd.oom && !rd.failed && index_rows(&rd))
		goto out;
	/* Out of memory anywhere is the run's failure, not the log's, even when the log has problems too. */
	rc = rd.oom ? CO_ERROR : rd.invalid ? CO_EINVALID : 0;
out:
	for (size_t c = 0; c < NCOL; c++)
		free(rd.cell[c]);
	csv_free(&parser);
	if (rc)
		co_receipts_free(rd.log);
	else
		*out = rd.log;
	return rc;
}

int co_receipts_load(co_receipts **out, const char *path, const char *read_from, co_diags *diags)
{
	char *bytes = NULL;
	size_t len = 0;
	*out = NULL;
	int rc = co_read_file(path, read_from, CO_RECEIPTS_MAX_BYTES, &bytes, &len, diags);
	if (rc)
		return rc;
	rc = co_receipts_parse(out, path, bytes, len, diags);
	free(bytes);
	return rc;
}
