/* words: counting the words of a response, as word limits count them. */
#include "words.h"

/* 1 for the bytes that separate words on their own: space, tab, CR, LF, FF, VT. */
static const unsigned char separator[256] = {[' '] = 1, ['\t'] = 1, ['\r'] = 1, ['\n'] = 1, ['\f'] = 1, ['\v'] = 1};

/* Walks the words of text; stops after `limit` words, returning the bytes they span. */
static size_t words_walk(const char *text, size_t limit, size_t *count)
{
	size_t words = 0, end = 0;
	int in_word = 0;
	for (const unsigned char *p = (const unsigned char *)text; *p; p++) {
		int ws = separator[*p];
		if (*p == 0xC2 && p[1] == 0xA0) { /* U+00A0 NO-BREAK SPACE in UTF-8 */
			ws = 1;
			p++;
		}
		if (ws) {
			in_word = 0;
		} else {
			if (!in_word) {
				if (words == limit)
					break;
				in_word = 1;
				words++;
			}
			end = (size_t)(p - (const unsigned char *)text) + 1;
		}
	}
	*count = words;
	return end;
}

/*
 * The same count as words_walk with no limit, in the loop an evaluation spends its time in
 * (every byte of every response): a table lookup and no branch but the rare U+00A0.
 */
size_t co_word_count(const char *text)
{
	size_t words = 0;
	unsigned prev_sep = 1;
	for (const unsigned char *p = (const unsigned char *)text; *p; p++) {
		unsigned sep = separator[*p];
		if (*p == 0xC2 && p[1] == 0xA0) { /* U+00A0 NO-BREAK SPACE in UTF-8 */
			sep = 1;
			p++;
		}
		words += prev_sep & !sep;
		prev_sep = sep;
	}
	return words;
}

size_t co_word_prefix(const char *text, size_t words)
{
	size_t n;
	return words_walk(text, words, &n);
}
