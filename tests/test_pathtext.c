/* Paths as JSON text: the display form, the lossless escaped form, and reading both back. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>
#include "helpers.h"
#include "base/pathtext.h"

#define LATIN1 "Soci\xe9t\xe9.xml" /* "Société.xml" in ISO 8859-1 */

Test(pathtext, a_latin1_name_is_escaped_byte_for_byte)
{
	char *e = co_pathtext_escape("bids/" LATIN1);
	cr_assert_str_eq(e, "bids/Soci\\xe9t\\xe9.xml");
	free(e);
}

Test(pathtext, a_latin1_name_is_shown_with_replacement_characters)
{
	char *d = co_pathtext_display("bids/" LATIN1);
	cr_assert_str_eq(d, "bids/Soci\xEF\xBF\xBDt\xEF\xBF\xBD.xml");
	free(d);
}

Test(pathtext, valid_utf8_and_plain_ascii_are_left_as_they_are_except_a_backslash)
{
	char *e = co_pathtext_escape("bids/Soci\xC3\xA9t\xC3\xA9 \xF0\x9F\x99\x82.xml");
	cr_assert_str_eq(e, "bids/Soci\xC3\xA9t\xC3\xA9 \xF0\x9F\x99\x82.xml");
	free(e);
	e = co_pathtext_escape("a\\b");
	cr_assert_str_eq(e, "a\\\\b");
	free(e);
}

/* Overlong forms, surrogates, code points past U+10FFFF and cut sequences are not UTF-8 (RFC 3629 section 3). */
Test(pathtext, bytes_that_rfc_3629_forbids_are_escaped)
{
	const char *in[] = {"\xC0\x80", "\xED\xA0\x80", "\xF4\x90\x80\x80", "\xE2\x82", "\xFF"};
	const char *want[] = {"\\xc0\\x80", "\\xed\\xa0\\x80", "\\xf4\\x90\\x80\\x80", "\\xe2\\x82", "\\xff"};
	for (size_t i = 0; i < sizeof(in) / sizeof(*in); i++) {
		char *e = co_pathtext_escape(in[i]);
		cr_assert_str_eq(e, want[i]);
		cr_assert_not(co_utf8_valid(in[i]));
		free(e);
	}
}

/* Every string of two bytes, and of three from a spread of bytes, comes back from its escaped form. */
Test(pathtext, every_short_byte_string_round_trips_and_is_json_text)
{
	static const unsigned char spread[] = {0x01, 0x5c, 0x78, 0x7f, 0x80, 0xa9, 0xbf, 0xc2, 0xc3, 0xe0, 0xed, 0xef, 0xf0, 0xf4, 0xff};
	char s[4] = {0};
	for (int a = 1; a < 256; a++)
		for (int b = 0; b < 256; b++)
			for (size_t c = 0; c <= sizeof(spread); c++) {
				s[0] = (char)a;
				s[1] = (char)b;
				s[2] = c < sizeof(spread) && b ? (char)spread[c] : 0;
				char *e = co_pathtext_escape(s), *back = NULL, *shown = co_pathtext_display(s);
				cr_assert(co_utf8_valid(e) && co_utf8_valid(shown));
				json_t *j = json_string(e), *k = json_string(shown);
				cr_assert(j && k, "jansson takes both forms of %02x %02x", a, b);
				cr_assert_eq(co_pathtext_unescape(&back, e), 0, "%s", e);
				cr_assert_str_eq(back, s);
				json_decref(j);
				json_decref(k);
				free(e);
				free(back);
				free(shown);
				if (!b)
					break;
			}
}

Test(pathtext, only_the_escapes_it_writes_are_read_back)
{
	const char *bad[] = {"\\x00", "\\xzz", "\\xE9", "\\x4", "\\q", "trailing\\", "\\x41", "\\xc3\\xa9", "\\x5c"};
	for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
		char *out = (char *)1;
		cr_assert_eq(co_pathtext_unescape(&out, bad[i]), CO_EINVALID, "%s", bad[i]);
		cr_assert_null(out);
	}
}

Test(pathtext, a_valid_path_is_written_as_before_and_an_invalid_one_with_its_twin)
{
	json_t *o = json_object();
	int failed = 0;
	co_pathtext_set(o, "path", "bids/acme.xml", &failed);
	cr_assert_eq(failed, 0);
	cr_assert_eq(json_object_size(o), 1);
	cr_assert_str_eq(json_string_value(json_object_get(o, "path")), "bids/acme.xml");
	json_object_clear(o);
	co_pathtext_set(o, "path", "bids/" LATIN1, &failed);
	cr_assert_eq(failed, 0);
	cr_assert_str_eq(json_string_value(json_object_get(o, "path")), "bids/Soci\xEF\xBF\xBDt\xEF\xBF\xBD.xml");
	cr_assert_str_eq(json_string_value(json_object_get(o, "path_bytes")), "bids/Soci\\xe9t\\xe9.xml");
	char *back = NULL;
	cr_assert_eq(co_pathtext_get(&back, o, "path"), 0);
	cr_assert_str_eq(back, "bids/" LATIN1);
	free(back);
	json_decref(o);
}

Test(pathtext, a_twin_that_disagrees_with_its_display_form_is_refused)
{
	char *out = NULL;
	json_t *o = json_pack("{s:s, s:s}", "path", "bids/other.xml", "path_bytes", "bids/Soci\\xe9t\\xe9.xml");
	cr_assert_eq(co_pathtext_get(&out, o, "path"), CO_EINVALID, "another display form");
	json_decref(o);
	o = json_pack("{s:s, s:s}", "path", "bids/a.xml", "path_bytes", "bids/a.xml");
	cr_assert_eq(co_pathtext_get(&out, o, "path"), CO_EINVALID, "a twin for a path that needs none");
	json_decref(o);
	o = json_pack("{s:s, s:i}", "path", "bids/a.xml", "path_bytes", 3);
	cr_assert_eq(co_pathtext_get(&out, o, "path"), CO_EINVALID, "a twin that is not a string");
	json_decref(o);
	o = json_pack("{s:i}", "path", 3);
	cr_assert_eq(co_pathtext_get(&out, o, "path"), CO_EINVALID, "a path that is not a string");
	json_decref(o);
	cr_assert_null(out);
}
