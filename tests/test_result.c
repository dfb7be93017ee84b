/* The result: its one note store. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>
#include "helpers.h"
#include "evaluating/result.h"

/*
 * A reason's detail is kept whole at any length (short ones are formatted on the stack, long ones
 * not), and equal details share one copy, however many bids have them.
 */
Test(result, a_note_detail_of_any_length_is_kept_whole_and_once)
{
	co_result *res = co_result_alloc(NULL);
	co_entry e[2] = {{0}};
	char long_text[1001];
	memset(long_text, 'x', 1000);
	long_text[1000] = '\0';
	size_t lengths[] = {0, 1, 254, 255, 256, 1000};
	for (int b = 0; b < 2; b++)
		for (size_t k = 0; k < sizeof(lengths) / sizeof(*lengths); k++)
			cr_assert_eq(co_entry_note(res, &e[b], CO_REASON, "late", CO_ABOUT_BID, NULL, 0, "%.*s!", (int)lengths[k], long_text), 0);
	cr_assert_eq(co_entry_note(res, &e[0], CO_FLAG, "needs_moderation", CO_ABOUT_QUESTION, "Q1", 0, "%s", "x!"), 0);
	cr_assert_eq(e[0].nreasons, 6);
	cr_assert_eq(e[1].nreasons, 6);
	for (size_t k = 0; k < e[0].nreasons; k++) {
		cr_assert_eq(strlen(e[0].reasons[k].detail), lengths[k] + 1, "note %zu", k);
		cr_assert_eq(e[0].reasons[k].detail[lengths[k]], '!');
		cr_assert_str_eq(e[0].reasons[k].code, "late");
		cr_assert_eq(e[0].reasons[k].detail, e[1].reasons[k].detail, "note %zu is shared", k);
	}
	cr_assert_eq(e[0].flags[0].detail, e[0].reasons[1].detail, "a flag shares the reason's equal detail");
	cr_assert_str_eq(co_note_subject(&e[0].flags[0], CO_ABOUT_QUESTION), "Q1");
	cr_assert_eq(res->texts.n, 6, "six distinct details are kept");
	cr_assert_eq(res->failed, 0);
	for (int b = 0; b < 2; b++) {
		free(e[b].reasons);
		free(e[b].flags);
	}
	co_result_free(res);
}


/* A note is made whole in one call: its kind, code, subject and line are what the caller gave. */
Test(result, a_note_is_made_with_its_subject_and_line)
{
	co_result *res = co_result_alloc(NULL);
	co_entry e = {0};
	cr_assert_not_null(res);
	cr_assert_eq(co_entry_note(res, &e, CO_REASON, "price_above_max", CO_ABOUT_ITEM, "weekly", 41, "%s", "d"), 0);
	cr_assert_eq(co_entry_note(res, &e, CO_FLAG, "tie_for_scheme", CO_ABOUT_SCHEME, "S2", 0, "%s", "d"), 0);
	cr_assert_eq(co_entry_note(res, &e, CO_FLAG, "tie_at_boundary", CO_ABOUT_BID, "ignored", 7, "%s", "d"), 0);
	cr_assert_eq(e.nreasons, 1);
	cr_assert_eq(e.nflags, 2);
	cr_assert_str_eq(co_note_subject(&e.reasons[0], CO_ABOUT_ITEM), "weekly");
	cr_assert_null(co_note_subject(&e.reasons[0], CO_ABOUT_QUESTION));
	cr_assert_eq(e.reasons[0].line, 41);
	cr_assert_str_eq(co_note_subject(&e.flags[0], CO_ABOUT_SCHEME), "S2");
	cr_assert_eq(e.flags[0].line, 0);
	cr_assert_null(co_note_what(&e.flags[1]), "a note about the bid has no subject");
	cr_assert_eq(e.flags[1].line, 7);
	free(e.reasons);
	free(e.flags);
	co_result_free(res);
}
