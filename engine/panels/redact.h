/* Internal: redacting the names and ids of the bids in the panel's packs from their responses. */
#ifndef CO_REDACT_H
#define CO_REDACT_H

#include <stddef.h>
#include "calloff/evaluate.h"
#include "base/strbuf.h"

/*
 * What redaction looks for: ASCII lower case, white space inside as one space, sorted by
 * strcmp() and unique, so that the terms starting with two given characters are adjacent.
 */
typedef struct {
	char **terms;
	size_t n, cap, max; /* max: TERMS_PER_BID for each bid in the packs */
} co_redactor;

/*
 * The terms to redact: for each bid res->entries[idx[0..n-1]] (and no other: a late or rejected
 * bid's supplier wrote no response here, and redacting its name would tell the panel that it
 * bid), the company name's forms, the supplier id, the company number in it, and the bid id
 * (3 characters or more, and not only common words). 0 or CO_ERROR.
 */
int co_redactor_collect(const co_result *res, const size_t *idx, size_t n, co_redactor *rd);
void co_redactor_free(co_redactor *rd);

/* The bytes of the term that starts at text[i] on a word boundary (len bytes in all), or 0. */
size_t co_redaction_at(const char *text, size_t len, size_t i, const co_redactor *rd);

/* Bytes of the white space character at s[i] (ASCII, or U+00A0), else 0. */
size_t co_space_at(const char *s, size_t len, size_t i);

/* 1 when the character before text[i] belongs to a word. */
int co_word_before(const char *text, size_t i);

/* 1 when a and b's first n bytes are the same, ignoring ASCII case only. */
int co_same_ascii_case(const char *a, const char *b, size_t n);

/*
 * The first keep bytes of text (len in all) as plain text with every term replaced by
 * "[redacted]": nothing escaped. Matches are found in the whole text, so a name that keep cuts
 * is still a name. NULL when out of memory; the caller frees it.
 */
char *co_redacted_text(const co_redactor *rd, const char *text, size_t len, size_t keep);

#endif
