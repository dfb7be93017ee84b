/* The one text layout of every JSON output, and building a document that is whole or known to have failed. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>
#include "base/jsontext.h"

Test(jsontext, two_space_indent_keys_in_insertion_order_and_a_final_newline)
{
	json_t *doc = json_object();
	json_object_set_new(doc, "zebra", json_integer(1));
	json_object_set_new(doc, "apple", json_pack("[i, s]", 2, "x"));
	json_object_set_new(doc, "mid", json_pack("{s:n}", "k"));
	char *text = co_json_text(doc, 0);
	cr_assert_str_eq(text, "{\n  \"zebra\": 1,\n  \"apple\": [\n    2,\n    \"x\"\n  ],\n  \"mid\": {\n    \"k\": null\n  }\n}\n",
	                 "not sorted, as jansson would with JSON_SORT_KEYS:\n%s", text);
	free(text);
	json_decref(doc);
}

Test(jsontext, extra_flags_reach_the_writer)
{
	json_t *doc = json_pack("{s:f}", "x", 0.1 + 0.2);
	char *plain = co_json_text(doc, 0), *ten = co_json_text(doc, JSON_REAL_PRECISION(10));
	cr_assert_str_eq(plain, "{\n  \"x\": 0.30000000000000004\n}\n");
	cr_assert_str_eq(ten, "{\n  \"x\": 0.3\n}\n", "10 significant digits");
	free(plain);
	free(ten);
	json_decref(doc);
}

Test(jsontext, no_document_is_no_text)
{
	cr_assert_null(co_json_text(NULL, 0));
}

Test(jsontext, a_value_that_could_not_be_made_marks_the_document_failed)
{
	json_t *o = json_object(), *a = json_array();
	int failed = 0;
	co_json_set(o, "ok", json_string("fine"), &failed);
	co_json_append(a, json_integer(7), &failed);
	cr_assert_eq(failed, 0);
	cr_assert_str_eq(json_string_value(json_object_get(o, "ok")), "fine");
	cr_assert_eq(json_array_size(a), 1);
	co_json_set(o, "lost", NULL, &failed); /* as when json_string() ran out of memory */
	cr_assert_eq(failed, 1, "a key is never dropped silently");
	cr_assert_null(json_object_get(o, "lost"));
	failed = 0;
	co_json_append(a, NULL, &failed);
	cr_assert_eq(failed, 1);
	cr_assert_eq(json_array_size(a), 1);
	/* No container to add to: failed, and the value is released (ASan would see a leak otherwise). */
	failed = 0;
	co_json_set(NULL, "k", json_string("released"), &failed);
	cr_assert_eq(failed, 1);
	failed = 0;
	co_json_append(NULL, json_string("released"), &failed);
	cr_assert_eq(failed, 1);
	/* A key that is not UTF-8 cannot be added. */
	failed = 0;
	co_json_set(o, "bad\xFF", json_integer(1), &failed);
	cr_assert_eq(failed, 1);
	json_decref(o);
	json_decref(a);
}
