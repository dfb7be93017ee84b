/* Word counting as word limits count: the words of FORMATS.md, and the prefix packs cut to. */
#include <criterion/criterion.h>
#include "base/words.h"

#include <string.h>

Test(words, word_count_follows_formats_definition)
{
	cr_assert_eq(co_word_count(""), 0);
	cr_assert_eq(co_word_count(" \t\r\n\f\v"), 0);
	cr_assert_eq(co_word_count("\xC2\xA0\xC2\xA0"), 0, "U+00A0 alone is no word");
	cr_assert_eq(co_word_count("one"), 1);
	cr_assert_eq(co_word_count("  one  two\tthree\nfour\xC2\xA0" "five\vsix\fseven "), 7);
	cr_assert_eq(co_word_count("e-mail, 24/7 care - really."), 5, "punctuation is part of a word");
	cr_assert_eq(co_word_count("caf\xC3\xA9 na\xC3\xAFve"), 2, "other non-ASCII letters are not spaces");
}

Test(words, word_prefix_agrees_with_the_word_count)
{
	const char *t = "  one\xC2\xA0two\tthree\n four  ";
	cr_assert_eq(co_word_prefix(t, 0), 0);
	cr_assert_eq(co_word_prefix(t, 1), 5);
	cr_assert_eq(co_word_prefix(t, 2), 10, "U+00A0 separates words");
	cr_assert_eq(co_word_prefix(t, 4), 22);
	cr_assert_eq(co_word_prefix(t, 9), 22, "past the end: the whole text");
	cr_assert_eq(co_word_count(t), 4);
}

/* The counting loop and the prefix walk are separate code: on strings of every mix they agree. */
Test(words, count_and_prefix_agree_on_random_texts)
{
	static const char alphabet[] = {'a', 'b', ' ', '\t', '\n', '\v', (char)0xC2, (char)0xA0, '.'};
	unsigned long x = 12345;
	for (int trial = 0; trial < 20000; trial++) {
		char t[24];
		size_t len = (size_t)(trial % 23);
		for (size_t i = 0; i < len; i++) {
			x = x * 6364136223846793005UL + 1442695040888963407UL;
			t[i] = alphabet[(x >> 33) % sizeof(alphabet)];
		}
		t[len] = '\0';
		size_t n = co_word_count(t);
		cr_assert_eq(co_word_prefix(t, n), co_word_prefix(t, (size_t)-1), "trial %d: %zu words", trial, n);
		if (n > 0)
			cr_assert_lt(co_word_prefix(t, n - 1), co_word_prefix(t, n), "trial %d: the last word is past %zu", trial, n - 1);
	}
}

/* The definition read plainly, one character at a time: the reference the fast count must equal. */
static size_t words_by_definition(const unsigned char *t, size_t len)
{
	size_t words = 0;
	int in_word = 0;
	for (size_t i = 0; i < len; i++) {
		int sep = t[i] == ' ' || (t[i] >= '\t' && t[i] <= '\r');
		if (t[i] == 0xC2 && i + 1 < len && t[i + 1] == 0xA0) {
			sep = 1;
			i++;
		}
		if (!sep && !in_word)
			words++;
		in_word = !sep;
	}
	return words;
}

/*
 * The count reads 16 bytes at a time where it can: on long texts of every mix, with the bytes
 * either side of each separator's range and U+00A0 split across every block boundary, it
 * agrees with the definition.
 */
Test(words, fast_count_agrees_with_the_definition_across_blocks)
{
	static const unsigned char alphabet[] = {'a', ' ', '\t', '\n', '\v', '\f', '\r', 0x08, 0x0E, 0x1F, 0x21,
	                                         0xC2, 0xA0, 0xC3, 0x80, 0xFF, 0x7F};
	unsigned long x = 987654321;
	for (int trial = 0; trial < 20000; trial++) {
		unsigned char t[200];
		size_t len = (size_t)(trial % 199);
		for (size_t i = 0; i < len; i++) {
			x = x * 6364136223846793005UL + 1442695040888963407UL;
			t[i] = alphabet[(x >> 33) % sizeof(alphabet)];
		}
		t[len] = '\0';
		cr_assert_eq(co_word_count((const char *)t), words_by_definition(t, len), "trial %d (length %zu)", trial, len);
	}
	/* A U+00A0 across each boundary of a long run of words. */
	for (size_t at = 0; at < 40; at++) {
		unsigned char t[64];
		memset(t, 'w', sizeof(t));
		t[at] = 0xC2;
		t[at + 1] = 0xA0;
		t[63] = '\0';
		cr_assert_eq(co_word_count((const char *)t), at == 0 || at + 2 >= 63 ? 1 : 2, "U+00A0 at %zu", at);
	}
}
