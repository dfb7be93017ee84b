/* words: counting the words of a response, as word limits count them. */
#ifndef CO_WORDS_H
#define CO_WORDS_H

#include <stddef.h>

/* Number of words: maximal runs not of space, tab, CR, LF, FF, VT or U+00A0. */
size_t co_word_count(const char *text);

/* The length in bytes of text's first `words` words (up to the end of the last of them). */
size_t co_word_prefix(const char *text, size_t words);

#endif
