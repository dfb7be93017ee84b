/* Showing a text that came from an input (a name, a path, a message quoting a file) on a terminal. */
#ifndef CALLOFF_TEXT_H
#define CALLOFF_TEXT_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Room for the longest escape co_text_terminal_span() gives ("\u202e"), with its NUL. */
#define CO_TEXT_ESCAPE_SIZE 8

/**
 * Split a text for a terminal, where a control character could move the cursor or rewrite what
 * is on the screen, a bidirectional override could reorder it, and a byte that is not UTF-8
 * could start either. Every text from an input that calloff shows on a terminal (the table,
 * the text forms of explain, selfscore and sensitivity, diagnostics, replay's lines) goes
 * through this one rule.
 *
 * Shown escaped: the C0 controls U+0001 to U+001F and DEL as \xNN (\x1b, \x0a); the C1
 * controls U+0080 to U+009F and the bidirectional embeddings, overrides and isolates U+202A to
 * U+202E and U+2066 to U+2069 as \uNNNN (\u009b, \u202e); each byte that is not part of valid
 * UTF-8 (RFC 3629) as \xNN. Everything else, a backslash included, is shown as it is, so the
 * text of an ordinary input is unchanged.
 *
 * Use: write the first n bytes as they are; if text[n] is not the end, write @p escape instead
 * of the @p skip bytes there and go on from text + n + skip.
 *
 * @param text   the text, NUL-terminated
 * @param escape receives how the character at text[n] is shown, NUL-terminated, when text[n]
 *               is not the end of the text
 * @param skip   receives that character's length in bytes (1 to 3), or 0 at the end
 * @return n, the length of the longest start of @p text shown as it is
 */
size_t co_text_terminal_span(const char *text, char escape[CO_TEXT_ESCAPE_SIZE], size_t *skip);

#ifdef __cplusplus
}
#endif
#endif
