/* What replay says when result.json differs: the bid and the field, from the two documents as JSON. */
#include <criterion/criterion.h>
#include <string.h>
#include "helpers.h"
#include "auditing/resultdiff.h"

static json_t *doc(const char *text)
{
	json_error_t e;
	json_t *d = json_loads(text, 0, &e);
	cr_assert_not_null(d, "%s", e.text);
	return d;
}

/* The lines co_result_diff() gives for two documents, joined. */
static const char *lines(const char *recorded, const char *fresh, size_t max, int *n)
{
	co_diags *d = co_diags_new();
	json_t *r = doc(recorded), *f = doc(fresh);
	*n = co_result_diff(d, "out/result.json", r, f, max);
	static char text[8192];
	snprintf(text, sizeof(text), "%s", t_diags_text(d));
	json_decref(r);
	json_decref(f);
	co_diags_free(d);
	return text;
}

#define BIDS(a, b) "{\"format\": \"calloff-result/1\", \"bids\": [" a ", " b "], \"awarded\": [\"B-1\"]}"
#define BID(id, file, total, q1) \
	"{\"bid\": \"" id "\", \"file\": \"" file "\", \"total\": \"" total "\", " \
	"\"questions\": [{\"id\": \"Q1\", \"points\": \"" q1 "\"}, {\"id\": \"Q2\", \"points\": \"9.00\"}], \"reasons\": []}"

Test(resultdiff, a_changed_total_names_the_bid_and_the_field)
{
	int n;
	const char *t = lines(BIDS(BID("B-1", "a.xml", "80.00", "10.00"), BID("B-4", "d.xml", "71.00", "10.00")),
	                      BIDS(BID("B-1", "a.xml", "80.00", "10.00"), BID("B-4", "d.xml", "72.50", "10.00")), 50, &n);
	cr_assert_eq(n, 1, "%s", t);
	cr_assert_str_eq(t, "out/result.json:1:1: bid B-4: total 71.00 recorded, 72.50 now\n");
}

Test(resultdiff, bids_are_matched_by_file_whatever_their_order_and_questions_by_id)
{
	int n;
	const char *t = lines(BIDS(BID("B-1", "a.xml", "80.00", "10.00"), BID("B-4", "d.xml", "71.00", "10.00")),
	                      BIDS(BID("B-4", "d.xml", "71.00", "12.50"), BID("B-1", "a.xml", "80.00", "10.00")), 50, &n);
	cr_assert_eq(n, 1, "%s", t);
	cr_assert_str_eq(t, "out/result.json:1:1: bid B-4: questions Q1 points 10.00 recorded, 12.50 now\n");
}

Test(resultdiff, a_bid_on_one_side_only_is_said_so_and_one_with_no_id_is_named_by_its_file)
{
	int n;
	const char *t = lines(BIDS(BID("B-1", "a.xml", "80.00", "10.00"), BID("", "bad.xml", "71.00", "10.00")),
	                      BIDS(BID("B-1", "a.xml", "80.00", "10.00"), BID("B-9", "new.xml", "71.00", "10.00")), 50, &n);
	cr_assert_eq(n, 2, "%s", t);
	cr_assert(strstr(t, "bid in bad.xml: in the recorded result only"), "%s", t);
	cr_assert(strstr(t, "bid B-9: only in the fresh result"), "%s", t);
}

Test(resultdiff, a_list_of_plain_values_and_reasons_element_by_element)
{
	int n;
	const char *t = lines("{\"awarded\": [\"B-1\", \"B-2\"], \"bids\": [{\"file\": \"a.xml\", \"bid\": \"B-1\", \"reasons\": "
	                      "[{\"code\": \"late\", \"detail\": \"after the deadline\"}]}]}",
	                      "{\"awarded\": [\"B-1\"], \"bids\": [{\"file\": \"a.xml\", \"bid\": \"B-1\", \"reasons\": "
	                      "[{\"code\": \"invalid_bid\", \"detail\": \"after the deadline\"}]}]}",
	                      50, &n);
	cr_assert_eq(n, 2, "%s", t);
	cr_assert(strstr(t, "awarded: [\"B-1\",\"B-2\"] recorded, [\"B-1\"] now"), "%s", t);
	cr_assert(strstr(t, "bid B-1: reasons[0] code late recorded, invalid_bid now"), "%s", t);
}

Test(resultdiff, a_value_with_a_control_character_is_shown_escaped)
{
	int n;
	const char *t = lines("{\"competition\": {\"id\": \"X\"}}", "{\"competition\": {\"id\": \"X\\u001b[2J\"}}", 50, &n);
	cr_assert_eq(n, 1, "%s", t);
	cr_assert(strstr(t, "competition id: X recorded, \"X\\u001B[2J\" now"), "%s", t);
	cr_assert_null(strchr(t, '\x1b'), "no escape character reaches a terminal");
}

Test(resultdiff, at_most_max_lines_then_how_many_more)
{
	int n;
	const char *t = lines("{\"a\": 1, \"b\": 1, \"c\": 1, \"d\": 1}", "{\"a\": 2, \"b\": 2, \"c\": 2, \"d\": 2}", 2, &n);
	cr_assert_eq(n, 3, "%s", t);
	cr_assert(strstr(t, "result.json:1:1: a: 1 recorded, 2 now"), "%s", t);
	cr_assert(strstr(t, "and 2 more field(s) of the result differ"), "%s", t);
}
