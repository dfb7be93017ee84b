/* The arena: records handed out from chunks, aligned, zeroed, and freed all at once. */
#include <criterion/criterion.h>
#include "base/arena.h"

#include <stdint.h>
#include <string.h>

Test(arena, records_are_aligned_zeroed_and_do_not_overlap)
{
	co_arena a = {0};
	unsigned char *prev = NULL;
	size_t prev_n = 0;
	int failed = 0;
	for (size_t k = 0; k < 5000; k++) {
		size_t n = 1 + (k * 37) % 300;
		if (k % 3 == 0)
			cr_assert_not_null(co_arena_strdup(&a, "odd", &failed), "an unaligned string between records");
		unsigned char *p = co_arena_alloc(&a, n);
		cr_assert_not_null(p);
		cr_assert_eq((uintptr_t)p % 8, 0, "record %zu is aligned for pointers and int64_t", k);
		for (size_t i = 0; i < n; i++)
			cr_assert_eq(p[i], 0, "record %zu is zeroed", k);
		memset(p, 0xAB, n);
		if (prev && prev < p && p < prev + prev_n)
			cr_assert_fail("record %zu overlaps the one before", k);
		prev = p;
		prev_n = n;
	}
	cr_assert_eq(failed, 0);
	co_arena_free(&a);
	cr_assert_null(a.head);
}

Test(arena, a_large_record_has_its_own_chunk_and_the_small_ones_go_on)
{
	co_arena a = {0};
	char *small = co_arena_alloc(&a, 16);
	char *big = co_arena_alloc(&a, 1 << 20);
	char *next = co_arena_alloc(&a, 16);
	cr_assert(small && big && next);
	memset(big, 1, 1 << 20);
	cr_assert_eq(next, small + 16, "the chunk being filled is still the one after a large record");
	co_arena_free(&a);
}

Test(arena, strdup_copies_and_take_moves_every_chunk)
{
	co_arena a = {0}, b = {0};
	int failed = 0;
	cr_assert_null(co_arena_strdup(&a, NULL, &failed));
	cr_assert_eq(failed, 0, "NULL is not a failure");
	char *s = co_arena_strdup(&b, "Provider 1 Care Ltd", &failed);
	cr_assert_str_eq(s, "Provider 1 Care Ltd");
	for (int k = 0; k < 2000; k++) /* several chunks in b */
		cr_assert_not_null(co_arena_alloc(&b, 100));
	char *in_a = co_arena_alloc(&a, 8);
	co_arena_take(&a, &b);
	cr_assert_null(b.head, "b is left empty");
	cr_assert_str_eq(s, "Provider 1 Care Ltd", "b's records live on in a");
	cr_assert_eq(co_arena_alloc(&a, 8), in_a + 8, "a goes on filling its own chunk");
	co_arena_free(&a); /* ASan: nothing leaks, nothing is freed twice */
	co_arena_free(&b);
}
