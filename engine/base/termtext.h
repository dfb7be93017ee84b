/* Internal: texts from inputs made safe for a terminal (the rule is co_text_terminal_span's, in calloff/text.h). */
#ifndef CO_TERMTEXT_H
#define CO_TERMTEXT_H

#include "calloff/text.h"
#include "base/strbuf.h"

#include <stddef.h>

/*
 * The character at p (not at the NUL): *len receives its length in bytes; returns NULL when it
 * is shown as it is, else its escape, written into escape.
 */
const char *co_text_char(const char *p, char escape[CO_TEXT_ESCAPE_SIZE], size_t *len);

/* Append s as a terminal shows it safely (NULL appends nothing). */
void co_strbuf_put_text(co_strbuf *b, const char *s);

#endif
