/* words: counting the words of a response, as word limits count them. */
#include "words.h"

/* Walks the words of text; stops after `limit` words, returning the bytes they span. */
static size_t words_walk(const char *text, size_t limit, size_t *count)
{
	size_t words = 0, end = 0;
	int in_word = 0;
	for (const unsigned char *p = (const unsigned char *)text; *p; p++) {
		int ws = *p == ' ' || *p == '\t' || *p == '\r' || *p == '\n' || *p == '\f' || *p == '\v';
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

size_t co_word_count(const char *text)
{
	size_t n;
	words_walk(text, (size_t)-1, &n);
	return n;
}

size_t co_word_prefix(const char *text, size_t words)
{
	size_t n;
	return words_walk(text, words, &n);
}
