/* Internal: one bid file read into memory (FORMATS.md section 2). */
#ifndef CO_BID_H
#define CO_BID_H

#include <stddef.h>
#include <stdint.h>
#include "base/timestamp.h"
#include "reading/xmldoc.h"
#include "base/arena.h"

/* One keyed child of a bid: a scheme ref, declaration, response, price or self-mark. */
typedef struct {
	char *key;  /* scheme ref, gate, question or item id */
	char *text; /* the element's text (responses exactly; others trimmed) */
	int line;   /* 1-based line of the element */
	uint32_t words; /* responses: the words of text (co_word_count), counted as the bid is read;
	                   a bid is at most CO_BID_MAX_BYTES, so fewer than 2^32 */
} co_bid_field;

/* What a bid says, field by field: an evaluation takes it into its entry and then lets it go. */
typedef struct {
	co_bid_field *schemes, *decls, *responses, *prices, *self_marks;
	size_t nschemes, ndecls, nresponses, nprices, nself_marks;
} co_bid_body;

typedef struct co_bid {
	char *file;           /* path as given */
	char *invalid_detail; /* "file:line:col: message" when invalid */
	char *id, *competition, *supplier_id, *supplier_name; /* may be NULL when invalid */
	char *contact_address; /* the supplier's <address>, trimmed, its lines as written; NULL when absent */
	char *contact_email;   /* the supplier's <email>, trimmed; NULL when absent */
	char *submitted_text;
	const co_bid_body *body; /* never NULL: packed without it, an empty body shared by every bid */
	co_time submitted;
	int32_t line, col;    /* the root element */
	int32_t invalid_line; /* when invalid: the line of the first error */
	int32_t decls_line, responses_line, prices_line, schemes_line; /* the containers, 0 when absent */
	uint8_t packed;       /* one allocation (co_bid_pack): its strings and fields live inside it */
	uint8_t in_arena;     /* packed into an arena, which frees it: co_bid_free leaves it */
	uint8_t invalid;      /* not readable, not well formed or not schema-valid */
} co_bid;
_Static_assert(sizeof(co_bid) == 128, "the record kept per bid is 128 bytes (README)");

/*
 * Read and validate one bid (path as given; bytes from read_from when not NULL). A bad file is not a failure: the bid comes back
 * with invalid set and a located detail. Each response's words are counted; its text is kept only with keep_responses (else
 * NULL). Returns 0, or CO_ERROR when out of memory.
 */
int co_bid_read(co_bid **out, const char *path, const char *read_from, const co_xschema *schema, int keep_responses);

void co_bid_free(co_bid *bid);

/*
 * Gather a bid into one allocation, replacing *bid (which is freed): an evaluation holds every
 * bid to the end, and one block costs far less than a few dozen small strings. Without
 * keep_body, the body is left out (schemes, declarations, responses, prices and self-marks:
 * the bid's body is then an empty one, every count 0), which an evaluation has taken into its entry first
 * (co_entry_take_bid); the bid's identity, submission, containers' lines and any invalid detail
 * stay. With an arena, the block comes from it and lives as long as it does (co_bid_free then
 * leaves the bid alone: many small bids pack tighter there than among the reader's freed
 * blocks); NULL mallocs it. The supplier's contact stays with the identity. Returns 0, or CO_ERROR when out of memory (*bid is then unchanged).
 */
int co_bid_pack(co_bid **bid, int keep_body, co_arena *arena);

/* The field with this key, or NULL. */
const co_bid_field *co_bid_field_find(const co_bid_field *fields, size_t n, const char *key);

#endif
