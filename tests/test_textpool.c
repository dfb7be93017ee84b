/* The text pool: one copy of each distinct text, found again after the table grows. */
#include <criterion/criterion.h>
#include "base/textpool.h"

#include <stdio.h>
#include <string.h>

Test(textpool, equal_texts_share_one_copy_and_different_ones_do_not)
{
	co_textpool p = {0};
	char buf[64];
	const char *first[3000];
	for (int k = 0; k < 3000; k++) { /* the table grows several times */
		snprintf(buf, sizeof(buf), "evaluator marks range from %d to %d", k % 50, k);
		first[k] = co_textpool_intern(&p, buf);
		cr_assert_str_eq(first[k], buf);
		cr_assert_neq(first[k], buf, "a copy, not the caller's buffer");
	}
	cr_assert_eq(p.n, 3000);
	for (int k = 0; k < 3000; k++) {
		snprintf(buf, sizeof(buf), "evaluator marks range from %d to %d", k % 50, k);
		cr_assert_eq(co_textpool_intern(&p, buf), first[k], "text %d is found again", k);
	}
	cr_assert_eq(p.n, 3000, "no second copy");
	const char *empty = co_textpool_intern(&p, "");
	cr_assert_str_eq(empty, "");
	cr_assert_eq(co_textpool_intern(&p, ""), empty);
	cr_assert_eq(p.n, 3001);
	co_textpool_free(&p);
	cr_assert_eq(p.n, 0);
	cr_assert_null(p.slots);
}
