/* Internal: the e-tendering portal's receipt log (docs/formats-notes.md "Receipts"), read into located rows. */
#ifndef CO_RECEIPTS_H
#define CO_RECEIPTS_H

#include <stddef.h>
#include "calloff/decisions.h"
#include "base/timestamp.h"
#include "reading/decisions.h"

#define CO_RECEIPTS_MAX_BYTES (16L * 1024 * 1024) /* largest receipt log read (receipts.c checks it; the audit copies no larger) */

#define CO_RECEIPTS_MAX_ROWS 1000000 /* most receipts one log may hold, far above any lot's bids */

/* A place in the receipt log, 1-based. */
typedef struct {
	int line, col;
} co_rc_at;

/* One row of the log: when the portal received a bid file, named by its file, its bid id or both. */
typedef struct {
	char *file;          /* the bid file's path or base name as the log gives it, or NULL */
	char *bid;           /* the bid id (<bid id="...">), or NULL; at least one of file and bid is set */
	char *received_text; /* RFC 3339 with an offset, as written (trimmed) */
	co_time received;
	co_rc_at row;        /* the row's first field */
	co_rc_at file_at, bid_at, received_at; /* each field; the row's place when the row has none */
} co_receipt;

struct co_receipts {
	char *path;      /* the log's name, as diagnostics give it */
	co_receipt *r;   /* in file order */
	size_t n;
	size_t *by_file; /* the rows that name a file, sorted by it (each file is named once) */
	size_t nfile;
	size_t *by_bid;  /* the rows that name a bid and no file, sorted by bid id (each once) */
	size_t nbid;
};

/* The row naming this file (compared byte for byte), or NULL. */
const co_receipt *co_receipts_by_file(const co_receipts *log, const char *file);

/* The row naming this bid id and no file, or NULL. Rows that also name a file are found by it. */
const co_receipt *co_receipts_by_bid(const co_receipts *log, const char *bid);

/*
 * Read a receipt log from bytes already read (len of them, NUL-terminated), as co_receipts_load()
 * does after its size check; path is the name diagnostics give. Returns 0, CO_EINVALID with every
 * problem located, or CO_ERROR when out of memory.
 */
int co_receipts_parse(co_receipts **out, const char *path, const char *bytes, size_t len, co_diags *diags);

#endif
