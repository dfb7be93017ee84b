/* Located diagnostics: every line FILE:LINE:COL: message, 1-based; the list bounded, saying how many it dropped. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "base/diag.h"

Test(diag, each_line_is_file_line_col_message)
{
	co_diags *d = co_diags_new();
	cr_assert_eq(co_diag_add(d, "rules.yaml", 3, 7, "unknown key '%s'", "wieght"), 0);
	cr_assert_eq(co_diag_add(d, "bids/a.xml", 120, 1, "%d%%", 50), 0);
	cr_assert_eq(co_diags_count(d), 2);
	cr_assert_str_eq(co_diags_at(d, 0), "rules.yaml:3:7: unknown key 'wieght'");
	cr_assert_str_eq(co_diags_at(d, 1), "bids/a.xml:120:1: 50%");
	cr_assert_null(co_diags_at(d, 2), "past the end");
	co_diags_free(d);
}

Test(diag, a_line_or_column_below_one_and_a_missing_file_keep_the_shape)
{
	co_diags *d = co_diags_new();
	co_diag_add(d, "m.xml", 0, 0, "zero");
	co_diag_add(d, "m.xml", -4, -9, "negative");
	co_diag_add(d, NULL, 2, 3, "no file");
	cr_assert_str_eq(co_diags_at(d, 0), "m.xml:1:1: zero");
	cr_assert_str_eq(co_diags_at(d, 1), "m.xml:1:1: negative");
	cr_assert_str_eq(co_diags_at(d, 2), "-:2:3: no file");
	co_diags_free(d);
}

Test(diag, no_list_is_accepted_everywhere)
{
	cr_assert_eq(co_diag_add(NULL, "f", 1, 1, "x"), 0, "a caller may pass no list");
	cr_assert_eq(co_diags_count(NULL), 0);
	cr_assert_null(co_diags_at(NULL, 0));
	co_diags_free(NULL);
	co_diags *d = co_diags_new();
	cr_assert_eq(co_diags_append(d, NULL), 0);
	cr_assert_eq(co_diags_count(d), 0);
	co_diags_free(d);
}

Test(diag, the_list_keeps_at_most_the_maximum_and_says_how_many_more)
{
	co_diags *d = co_diags_new();
	for (int i = 0; i < CO_DIAGS_MAX + 5; i++)
		cr_assert_eq(co_diag_add(d, "h.xml", i + 1, 1, "problem %d", i), 0);
	cr_assert_eq(co_diags_count(d), CO_DIAGS_MAX);
	cr_assert_str_eq(co_diags_at(d, 0), "h.xml:1:1: problem 0");
	char want[100];
	snprintf(want, sizeof(want), "h.xml:%d:1: problem %d", CO_DIAGS_MAX - 1, CO_DIAGS_MAX - 2);
	cr_assert_str_eq(co_diags_at(d, CO_DIAGS_MAX - 2), want, "every line up to the last is kept");
	/* 1,005 problems: 999 shown, and the last line counts the 6 others. */
	cr_assert_str_eq(co_diags_at(d, CO_DIAGS_MAX - 1), "h.xml:1:1: ... and 6 more problems not shown");
	co_diags_free(d);
}

Test(diag, append_copies_in_order_and_counts_what_a_full_list_drops)
{
	co_diags *from = co_diags_new(), *to = co_diags_new();
	co_diag_add(from, "a", 1, 1, "one");
	co_diag_add(from, "b", 2, 2, "two");
	co_diag_add(to, "z", 9, 9, "before");
	cr_assert_eq(co_diags_append(to, from), 0);
	cr_assert_eq(co_diags_count(to), 3);
	cr_assert_str_eq(co_diags_at(to, 0), "z:9:9: before");
	cr_assert_str_eq(co_diags_at(to, 1), "a:1:1: one");
	cr_assert_str_eq(co_diags_at(to, 2), "b:2:2: two");
	cr_assert_eq(co_diags_count(from), 2, "the source is left as it was");
	/* Into a list with room for one more: the second line does not fit, and the count includes both. */
	co_diags *full = co_diags_new();
	for (int i = 0; i < CO_DIAGS_MAX - 1; i++)
		co_diag_add(full, "f", 1, 1, "x");
	cr_assert_eq(co_diags_append(full, to), 0);
	cr_assert_eq(co_diags_count(full), CO_DIAGS_MAX);
	cr_assert_str_eq(co_diags_at(full, CO_DIAGS_MAX - 1), "-:1:1: ... and 3 more problems not shown",
	                 "the three lines of `to`: none shown, all counted");
	co_diags_free(from);
	co_diags_free(to);
	co_diags_free(full);
}

Test(diag, strdupf_formats_any_length_and_strdup0_accepts_null)
{
	char *big = malloc(20001);
	memset(big, 'x', 20000);
	big[20000] = '\0';
	char *s = co_strdupf("[%s|%d]", big, 42);
	cr_assert_eq(strlen(s), 20000 + 5);
	cr_assert_eq(strcmp(s + 20001, "|42]"), 0);
	free(s);
	free(big);
}
