/* words: counting the words of a response, as word limits count them. */
#include "base/words.h"

#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

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

/* 1 when byte i of p (of len bytes) separates words: a separator, or either byte of U+00A0 (C2 A0). */
static unsigned sep_at(const unsigned char *p, size_t i, size_t len)
{
	if (separator[p[i]])
		return 1;
	if (p[i] == 0xC2)
		return i + 1 < len && p[i + 1] == 0xA0;
	return p[i] == 0xA0 && i > 0 && p[i - 1] == 0xC2;
}

/* The set bits of a 16-bit mask, without a library call on machines with no popcount instruction. */
static unsigned bits16(unsigned x)
{
	x = x - ((x >> 1) & 0x5555u);
	x = (x & 0x3333u) + ((x >> 2) & 0x3333u);
	x = (x + (x >> 4)) & 0x0F0Fu;
	return (x + (x >> 8)) & 0x1Fu;
}

/*
 * The same count as words_walk with no limit, in the loop an evaluation spends its time in (every
 * byte of every response). A word starts at each byte that is no separator after one that is. With
 * SSE2 (every x86-64), 16 bytes at a time: a bit mask of the separators, and the starts counted
 * from it; a U+00A0 is rare, so its two bytes are added to the mask only in a block that has one.
 */
size_t co_word_count(const char *text)
{
	const unsigned char *p = (const unsigned char *)text;
	size_t len = strlen(text), words = 0, i = 0;
	unsigned prev_sep = 1; /* the byte before i separates (or i is 0) */
#if defined(__SSE2__)
	const __m128i space = _mm_set1_epi8(' '), below = _mm_set1_epi8('\t' - 1), above = _mm_set1_epi8('\r' + 1);
	const __m128i c2 = _mm_set1_epi8((char)0xC2), a0 = _mm_set1_epi8((char)0xA0);
	unsigned prev_c2 = 0; /* the byte before i is C2 */
	for (; i + 16 <= len; i += 16) {
		__m128i v = _mm_loadu_si128((const __m128i *)(p + i));
		/* Tab to CR are 9..13; as signed bytes, every byte of 128 or more is below 9. */
		__m128i s = _mm_or_si128(_mm_cmpeq_epi8(v, space), _mm_and_si128(_mm_cmpgt_epi8(v, below), _mm_cmplt_epi8(v, above)));
		unsigned sep = (unsigned)_mm_movemask_epi8(s);
		unsigned is_c2 = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, c2));
		unsigned is_a0 = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, a0));
		if (is_c2 | is_a0) {
			unsigned after_c2 = (is_c2 << 1) | prev_c2;               /* bit k: byte k - 1 is C2 */
			unsigned before_a0 = (is_a0 >> 1) | (unsigned)(p[i + 16] == 0xA0) << 15; /* byte k + 1 is A0; p[len] is the NUL */
			sep |= (is_a0 & after_c2) | (is_c2 & before_a0);
		}
		unsigned starts = ~sep & ((sep << 1) | prev_sep) & 0xFFFFu;
		words += bits16(starts);
		prev_sep = sep >> 15 & 1;
		prev_c2 = is_c2 >> 15 & 1;
	}
#endif
	for (; i < len; i++) {
		unsigned sep = sep_at(p, i, len);
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
