/* The growable text buffer: every byte kept across growth, pieces longer than any first size, the limit. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "base/strbuf.h"
#include "calloff/status.h"

Test(strbuf, many_appends_keep_every_byte_in_order)
{
	/* 20,000 pieces of 2 to 6 bytes: the buffer grows many times and must lose or move nothing. */
	co_strbuf b = {0};
	size_t expect_len = 0;
	for (int k = 0; k < 20000; k++) {
		co_strbuf_put(&b, "%d%c", k, 'a' + k % 26);
		char piece[32];
		expect_len += (size_t)snprintf(piece, sizeof(piece), "%d%c", k, 'a' + k % 26);
	}
	cr_assert_eq(b.failed, 0);
	cr_assert_eq(b.len, expect_len);
	cr_assert_eq(strlen(b.s), expect_len, "NUL-terminated exactly at len");
	/* Read the pieces back one by one. */
	const char *p = b.s;
	for (int k = 0; k < 20000; k++) {
		char piece[32];
		int n = snprintf(piece, sizeof(piece), "%d%c", k, 'a' + k % 26);
		cr_assert_eq(strncmp(p, piece, (size_t)n), 0, "piece %d is '%s', found '%.*s'", k, piece, n, p);
		p += n;
	}
	cr_assert_eq(*p, '\0');
	char *s = co_strbuf_take(&b);
	cr_assert_eq(strlen(s), expect_len);
	cr_assert_null(b.s, "take leaves the buffer empty");
	cr_assert_eq(b.len, 0);
	free(s);
}

Test(strbuf, one_piece_longer_than_any_first_size_is_kept_whole)
{
	size_t n = 3 * 1024 * 1024 + 7; /* 3 MB and a few bytes, in one formatted piece */
	char *big = malloc(n + 1);
	for (size_t i = 0; i < n; i++)
		big[i] = (char)('A' + i % 23);
	big[n] = '\0';
	co_strbuf b = {0};
	co_strbuf_put(&b, "<%s>", "x");
	co_strbuf_put(&b, "[%s|%zu]", big, n);
	cr_assert_eq(b.failed, 0);
	char tail[64];
	int tl = snprintf(tail, sizeof(tail), "|%zu]", n);
	cr_assert_eq(b.len, 3 + 1 + n + (size_t)tl);
	cr_assert_eq(memcmp(b.s, "<x>[", 4), 0);
	cr_assert_eq(memcmp(b.s + 4, big, n), 0, "the long piece byte for byte");
	cr_assert_str_eq(b.s + 4 + n, tail);
	free(co_strbuf_take(&b));
	free(big);
}

Test(strbuf, percent_signs_and_empty_pieces_are_text)
{
	co_strbuf b = {0};
	co_strbuf_put(&b, "%s", "100%");
	co_strbuf_put(&b, "%s", "");
	co_strbuf_put(&b, "%%d");
	cr_assert_eq(b.len, 6);
	cr_assert_str_eq(b.s, "100%%d");
	free(co_strbuf_take(&b));
}

Test(strbuf, take_of_an_untouched_buffer_is_an_empty_string)
{
	co_strbuf b = {0};
	char *s = co_strbuf_take(&b);
	cr_assert_not_null(s, "nothing put is an empty text, not a failure");
	cr_assert_str_eq(s, "");
	free(s);
}

Test(strbuf, reset_empties_the_text_and_later_puts_start_from_nothing)
{
	co_strbuf b = {0};
	co_strbuf_put(&b, "first line, quite long: %0100d\n", 7);
	co_strbuf_reset(&b);
	cr_assert_eq(b.len, 0);
	cr_assert_str_eq(b.s, "", "the memory is kept, empty");
	co_strbuf_put(&b, "second");
	cr_assert_eq(b.len, 6);
	cr_assert_str_eq(b.s, "second");
	free(co_strbuf_take(&b));
}

Test(strbuf, going_past_the_limit_fails_the_buffer_and_later_puts_do_nothing)
{
	/*
	 * The limit is CO_STRBUF_MAX (256 MB) for the text and its NUL. Rather than fill 256 MB, the
	 * length is set to one byte below it, so that a one-byte piece would pass it: the check comes
	 * before any memory is asked for or any byte copied.
	 */
	co_strbuf b = {0};
	co_strbuf_put(&b, "abc");
	cr_assert_eq(b.failed, 0);
	b.len = (size_t)CO_STRBUF_MAX - 1;
	co_strbuf_put(&b, "%s", "y"); /* MAX - 1 + 1 + NUL: one byte past */
	cr_assert_eq(b.failed, 1, "past CO_STRBUF_MAX the buffer fails");
	cr_assert_eq(b.len, (size_t)CO_STRBUF_MAX - 1, "nothing of the piece was added");
	cr_assert_eq(memcmp(b.s, "abc", 4), 0, "the text before is untouched");
	b.len = 3;
	co_strbuf_put(&b, "more");
	cr_assert_eq(b.len, 3, "a failed buffer takes nothing more, even far below the limit");
	co_strbuf_reset(&b);
	co_strbuf_put(&b, "again");
	cr_assert_eq(b.failed, 1, "reset does not clear a failure");
	cr_assert_null(co_strbuf_take(&b), "a failed buffer's text is NULL (and freed)");
}

/* A stream's pieces, gathered, and a flush that fails on demand. */
typedef struct {
	char *all;
	size_t len, calls, largest;
	int fail_on_call; /* 0: never */
} pieces;

static int gather(void *arg, const char *data, size_t len)
{
	pieces *p = arg;
	p->calls++;
	if (p->fail_on_call && (int)p->calls == p->fail_on_call)
		return CO_EIO;
	p->all = realloc(p->all, p->len + len + 1);
	memcpy(p->all + p->len, data, len);
	p->len += len;
	p->all[p->len] = '\0';
	if (len > p->largest)
		p->largest = len;
	return 0;
}

Test(strbuf, a_stream_passes_every_byte_on_in_pieces_and_never_holds_the_whole_text)
{
	co_strbuf b = {0}, whole = {0};
	pieces p = {0};
	co_strbuf_stream(&b, gather, &p);
	for (int k = 0; k < 100000; k++) {
		co_strbuf_put(&b, "row %d,%s\n", k, k % 7 ? "x" : "a longer cell of text");
		co_strbuf_put(&whole, "row %d,%s\n", k, k % 7 ? "x" : "a longer cell of text");
		cr_assert_lt(b.len, (size_t)CO_STRBUF_CHUNK + 64, "held at most a piece");
	}
	cr_assert_eq(co_strbuf_end(&b), 0);
	cr_assert_eq(b.s, NULL, "ended: the memory is freed");
	cr_assert_eq(p.len, whole.len);
	cr_assert_str_eq(p.all, whole.s);
	cr_assert_gt(p.calls, whole.len / (CO_STRBUF_CHUNK + 64), "in pieces: %zu calls for %zu bytes", p.calls, whole.len);
	cr_assert_lt(p.largest, (size_t)CO_STRBUF_CHUNK + 64);
	free(p.all);
	free(co_strbuf_take(&whole));
}

Test(strbuf, a_failed_flush_stops_the_stream_and_its_status_is_returned)
{
	co_strbuf b = {0};
	pieces p = {.fail_on_call = 2};
	co_strbuf_stream(&b, gather, &p);
	for (int k = 0; k < 50000; k++)
		co_strbuf_put(&b, "%d\n", k);
	cr_assert_eq(b.failed, 1);
	cr_assert_eq(p.calls, 2, "nothing is passed on after the failure");
	cr_assert_eq(co_strbuf_end(&b), CO_EIO, "the flush's own status, not out of memory");
	free(p.all);
}

Test(strbuf, a_formatted_piece_larger_than_the_room_left_is_whole)
{
	co_strbuf b = {0};
	char big[5000];
	memset(big, 'q', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	co_strbuf_put(&b, "a");
	co_strbuf_put(&b, "<%s>", big);
	cr_assert_eq(b.len, 1 + 2 + strlen(big));
	cr_assert_eq(b.s[b.len - 1], '>');
	cr_assert_geq(b.cap, b.len + 1);
	free(co_strbuf_take(&b));
}
