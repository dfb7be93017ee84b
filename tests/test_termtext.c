/* Texts from inputs shown on a terminal: every control, override and stray byte escaped, everything else as it is. */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <stdlib.h>
#include <string.h>
#include "base/jsontext.h"
#include "base/strbuf.h"
#include "base/termtext.h"

/* The text as co_strbuf_put_text shows it. */
static char *shown(const char *s)
{
	co_strbuf b = {0};
	co_strbuf_put_text(&b, s);
	char *t = co_strbuf_take(&b);
	cr_assert_not_null(t);
	return t;
}

typedef struct {
	char in[24], out[64];
} pair;

static const pair cases[] = {
	{"plain ASCII, a \\ too", "plain ASCII, a \\ too"},               /* a backslash is shown as itself */
	{"Caf\xc3\xa9 \xe2\x82\xac 5 \xe2\x80\xa6", "Caf\xc3\xa9 \xe2\x82\xac 5 \xe2\x80\xa6"}, /* é € … unchanged */
	{"\xf0\x9f\x98\x80 \xe4\xb8\xad", "\xf0\x9f\x98\x80 \xe4\xb8\xad"},                   /* U+1F600 and a CJK letter */
	{"a\x1b[2Jb", "a\\x1b[2Jb"},                                       /* ESC */
	{"\r\n\t\x01\x1f", "\\x0d\\x0a\\x09\\x01\\x1f"},                   /* every C0 control, tab and line breaks too */
	{"del\x7f", "del\\x7f"},                                           /* DEL */
	{"\xc2\x80\xc2\x9b\xc2\x9f\xc2\xa0", "\\u0080\\u009b\\u009f\xc2\xa0"}, /* C1 controls; U+00A0 is not one */
	{"\xe2\x80\xaa\xe2\x80\xae\xe2\x80\xa9", "\\u202a\\u202e\xe2\x80\xa9"}, /* embeddings and overrides; U+2029 is not one */
	{"\xe2\x81\xa6\xe2\x81\xa9\xe2\x81\xaa", "\\u2066\\u2069\xe2\x81\xaa"}, /* isolates; U+206A is not one */
	{"\xc0\x80\xed\xa0\x80", "\\xc0\\x80\\xed\\xa0\\x80"},             /* an overlong NUL, a surrogate */
	{"\xf5\x80 \xff", "\\xf5\\x80 \\xff"},                             /* bytes never in UTF-8 */
	{"x\xe2\x80", "x\\xe2\\x80"},                                      /* a character cut short by the end */
	{"\x80y", "\\x80y"},                                               /* a continuation byte alone */
	{"\xe2\x80\xe2\x80\xae", "\\xe2\\x80\\u202e"},                     /* resynchronised on the next character */
};

ParameterizedTestParameters(termtext, each_character_is_shown_safely)
{
	return cr_make_param_array(pair, cases, sizeof(cases) / sizeof(cases[0]));
}

ParameterizedTest(const pair *p, termtext, each_character_is_shown_safely)
{
	char *t = shown(p->in);
	cr_assert_str_eq(t, p->out);
	free(t);
}

Test(termtext, the_span_stops_at_the_first_character_to_escape_and_says_how_long_it_is)
{
	char esc[CO_TEXT_ESCAPE_SIZE];
	size_t skip = 99;
	cr_assert_eq(co_text_terminal_span("abc\xe2\x80\xae" "def", esc, &skip), 3);
	cr_assert_str_eq(esc, "\\u202e");
	cr_assert_eq(skip, 3);
	cr_assert_eq(co_text_terminal_span("\xc2\x9bx", esc, &skip), 0);
	cr_assert_str_eq(esc, "\\u009b");
	cr_assert_eq(skip, 2);
	cr_assert_eq(co_text_terminal_span("\xffx", esc, &skip), 0);
	cr_assert_eq(skip, 1);
	cr_assert_eq(co_text_terminal_span("all safe \xc3\xa9", esc, &skip), strlen("all safe \xc3\xa9"));
	cr_assert_eq(skip, 0);
	cr_assert_eq(co_text_terminal_span("", esc, &skip), 0);
	cr_assert_eq(skip, 0);
}

Test(termtext, every_escape_fits_its_buffer)
{
	/* The longest escapes, one of each kind, after every byte value alone. */
	char esc[CO_TEXT_ESCAPE_SIZE], in[2] = {0, 0};
	size_t skip, longest = 0;
	for (int c = 1; c < 256; c++) {
		in[0] = (char)c;
		if (co_text_terminal_span(in, esc, &skip) == 0) {
			cr_assert_eq(skip, 1);
			cr_assert_eq(strlen(esc), 4, "byte %#x: %s", c, esc);
		} else {
			cr_assert(c >= 0x20 && c < 0x7f, "byte %#x is shown as it is", c);
		}
	}
	for (unsigned cp = 0x80; cp <= 0x9f; cp++) {
		char s[3] = {(char)(0xc0 | cp >> 6), (char)(0x80 | (cp & 0x3f)), 0};
		cr_assert_eq(co_text_terminal_span(s, esc, &skip), 0);
		longest = strlen(esc) > longest ? strlen(esc) : longest;
	}
	cr_assert_leq(longest + 1, CO_TEXT_ESCAPE_SIZE);
}

Test(termtext, a_document_for_the_terminal_has_its_strings_escaped_and_nothing_else_changed)
{
	json_t *doc = json_pack("{s:s, s:[s, {s:s}], s:i}", "name", "Acme\r\nLtd\xe2\x80\xae", "list", "plain",
	                        "inner", "\x1b[2J", "n", 7);
	cr_assert_not_null(doc);
	json_t *plain = json_array_get(json_object_get(doc, "list"), 0);
	const char *before = json_string_value(plain);
	cr_assert_eq(co_json_for_terminal(doc), 0);
	cr_assert_str_eq(json_string_value(json_object_get(doc, "name")), "Acme\\x0d\\x0aLtd\\u202e");
	cr_assert_str_eq(json_string_value(json_object_get(json_array_get(json_object_get(doc, "list"), 1), "inner")),
	                 "\\x1b[2J");
	cr_assert_eq(json_string_value(plain), before, "a string with nothing to escape is left as it is");
	cr_assert_eq(json_integer_value(json_object_get(doc, "n")), 7);
	json_decref(doc);
}

Test(termtext, json_text_escapes_what_a_terminal_would_act_on_and_reads_back_the_same)
{
	const char *value = "Acme\x1b\r\n\x7f\xc2\x9b\xe2\x80\xae\xe2\x81\xa6 Caf\xc3\xa9 \\";
	json_t *doc = json_pack("{s:s}", "name", value);
	char *text = co_json_text(doc, 0);
	cr_assert_not_null(text);
	cr_assert_str_eq(text, "{\n  \"name\": \"Acme\\u001B\\r\\n\\u007f\\u009b\\u202e\\u2066 Caf\xc3\xa9 \\\\\"\n}\n");
	json_t *back = json_loads(text, 0, NULL);
	cr_assert_str_eq(json_string_value(json_object_get(back, "name")), value);
	json_decref(back);
	json_decref(doc);
	free(text);
}
