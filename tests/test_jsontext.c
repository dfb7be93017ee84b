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

/* The items a test document's holes are filled with: hole k gets sizes[k] objects. */
typedef struct {
	size_t sizes[3];
	int fail_at_hole; /* -1: never */
} filling;

static json_t *item(size_t hole, size_t i)
{
	/* Nested values, an empty array and object, escapes, a bidirectional override, the placeholder's digits. */
	return json_pack("{s:i, s:s, s:{s:[i, s]}, s:[], s:{}, s:s, s:s}", "hole", (int)hole, "text",
	                 i % 2 ? "line\nbreak \"quoted\" \xe2\x80\xae" : "-7361523908115428000", "nested", "list",
	                 (int)i, "x", "empty_list", "empty_object", "id", "G000001", "tail", "\xc2\x9b");
}

static int fill(void *arg, size_t hole, co_json_items *items)
{
	const filling *f = arg;
	if ((int)hole == f->fail_at_hole)
		return -1;
	for (size_t i = 0; i < f->sizes[hole]; i++)
		co_json_item(items, item(hole, i), 0);
	return 0;
}

/* The document with its holes (template), or whole with the items in place. */
static json_t *doc(const filling *f, int whole)
{
	json_t *d = json_object();
	json_object_set_new(d, "format", json_string("test/1"));
	for (size_t h = 0; h < 3; h++) {
		json_t *a = json_array(), *in = json_object();
		if (whole)
			for (size_t i = 0; i < f->sizes[h]; i++)
				json_array_append_new(a, item(h, i));
		else
			json_array_append_new(a, co_json_hole(h));
		json_object_set_new(in, "items", a);
		json_object_set_new(in, "after", json_integer((json_int_t)h));
		char key[16];
		snprintf(key, sizeof(key), "part%zu", h);
		json_object_set_new(d, key, h == 1 ? in : json_pack("{s:o}", "deeper", in));
	}
	json_object_set_new(d, "last", json_real(0.1));
	return d;
}

Test(jsontext, a_streamed_document_is_byte_for_byte_the_whole_tree_written_at_once)
{
	static const size_t cases[][3] = {{3, 1, 2}, {0, 0, 0}, {0, 5, 0}, {1, 0, 40}};
	for (size_t c = 0; c < sizeof(cases) / sizeof(cases[0]); c++) {
		filling f = {.sizes = {cases[c][0], cases[c][1], cases[c][2]}, .fail_at_hole = -1};
		json_t *whole = doc(&f, 1), *tmpl = doc(&f, 0);
		char *expect = co_json_text(whole, JSON_REAL_PRECISION(10));
		co_strbuf b = {0};
		co_json_stream(&b, tmpl, JSON_REAL_PRECISION(10), 3, fill, &f);
		cr_assert_eq(b.failed, 0);
		cr_assert_str_eq(b.s, expect, "case %zu:\n%s\nexpected:\n%s", c, b.s, expect);
		if (cases[c][0] > 1 || cases[c][1] > 1 || cases[c][2] > 1)
			cr_assert(strstr(b.s, "\\u202e") && strstr(b.s, "\\u009b"), "terminal escapes in the items too");
		if (cases[c][0] == 0)
			cr_assert(strstr(expect, "\"items\": []"), "an empty array as jansson writes it");
		free(co_strbuf_take(&b));
		free(expect);
		json_decref(whole);
		json_decref(tmpl);
	}
}

Test(jsontext, a_stream_whose_items_or_holes_fail_is_a_failed_text)
{
	filling f = {.sizes = {2, 2, 2}, .fail_at_hole = 1};
	json_t *tmpl = doc(&f, 0);
	co_strbuf b = {0};
	co_json_stream(&b, tmpl, 0, 3, fill, &f);
	cr_assert_eq(b.failed, 1, "a fill that fails");
	free(co_strbuf_take(&b));
	f.fail_at_hole = -1;
	co_strbuf c = {0};
	co_json_stream(&c, tmpl, 0, 4, fill, &f);
	cr_assert_eq(c.failed, 1, "a fourth hole that the template does not have");
	free(co_strbuf_take(&c));
	json_decref(tmpl);
}

static int one_null_item(void *arg, size_t hole, co_json_items *items)
{
	(void)arg;
	(void)hole;
	co_json_item(items, json_integer(1), 0);
	co_json_item(items, NULL, 0); /* an item that could not be made */
	return 0;
}

Test(jsontext, an_item_that_could_not_be_made_fails_the_text)
{
	json_t *tmpl = json_pack("{s:[o]}", "a", co_json_hole(0));
	co_strbuf b = {0};
	co_json_stream(&b, tmpl, 0, 1, one_null_item, NULL);
	cr_assert_eq(b.failed, 1);
	free(co_strbuf_take(&b));
	json_decref(tmpl);
}
