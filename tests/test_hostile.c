/*
 * Hostile and broken input: each case is refused with a located reason, reads nothing outside
 * its input, stays within 1 s and 100 MB (checked in the plain build), and never stops the
 * evaluation of the other bids.
 */
#include <criterion/criterion.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>
#include "reading/bid.h"
#include "helpers.h"

static co_xschema *schema;
static struct timespec t0;

static void setup(void)
{
	cr_assert_eq(co_xschema_load(&schema, CO_SCHEMA_BID), 0);
	clock_gettime(CLOCK_MONOTONIC, &t0);
}

/* The bounds of the issue: 1 s and 100 MB for each case (not meaningful under the sanitizers). */
static void teardown(void)
{
	co_xschema_free(schema);
#ifndef CO_SANITIZED
	struct timespec t1;
	struct rusage ru;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	getrusage(RUSAGE_SELF, &ru);
	double secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	cr_expect_lt(secs, 1.0, "within 1 s (took %.3f s)", secs);
	cr_expect_lt(ru.ru_maxrss, 100 * 1024, "within 100 MB (peak %ld KB)", ru.ru_maxrss);
#endif
}

TestSuite(hostile, .init = setup, .fini = teardown);

/* The bid in `path` must be rejected with a detail containing `what`, located in that file. */
static void rejected_file(const char *path, const char *what)
{
	co_bid *b = NULL;
	cr_assert_eq(co_bid_read(&b, path, NULL, schema, 1), 0);
	cr_assert(b->invalid, "refused: %s", path);
	cr_assert(strstr(b->invalid_detail, path), "the detail names the file: %s", b->invalid_detail);
	cr_assert(strstr(b->invalid_detail, what), "expected '%s' in: %s", what, b->invalid_detail);
	cr_assert_null(strstr(b->invalid_detail, "root:x:"), "no file's content is echoed");
	co_bid_free(b);
}

static void rejected(const char *text, const char *what)
{
	rejected_file(t_write(t_dir(), "hostile.xml", text), what);
}

static const char *big_file(const char *name, const char *head, size_t fill, char c, const char *tail)
{
	const char *p = t_write(t_dir(), name, head);
	FILE *f = fopen(p, "ab");
	char buf[65536];
	memset(buf, c, sizeof(buf));
	for (size_t n = 0; n < fill; n += sizeof(buf))
		fwrite(buf, 1, fill - n < sizeof(buf) ? fill - n : sizeof(buf), f);
	fputs(tail, f);
	fclose(f);
	return p;
}

Test(hostile, external_entities_are_never_read_or_fetched)
{
	rejected("<?xml version=\"1.0\"?>\n<!DOCTYPE bid [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n<bid>&x;</bid>\n",
	         "DOCTYPE is not allowed");
	rejected("<?xml version=\"1.0\"?>\n<!DOCTYPE bid [<!ENTITY x SYSTEM \"http://127.0.0.1:9/x\">]>\n<bid>&x;</bid>\n",
	         "DOCTYPE is not allowed");
	rejected("<?xml version=\"1.0\"?>\n<!DOCTYPE bid SYSTEM \"http://127.0.0.1:9/bid.dtd\">\n<bid/>\n",
	         "DOCTYPE is not allowed");
	rejected("<!DOCTYPE bid>\n<bid/>\n", "DOCTYPE is not allowed");
}

Test(hostile, entity_expansion_bombs_are_refused_before_any_expansion)
{
	rejected("<?xml version=\"1.0\"?>\n<!DOCTYPE l [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">"
	         "<!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\"><!ENTITY d \"&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;\">"
	         "<!ENTITY e \"&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;\"><!ENTITY f \"&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;\">]>\n<l>&f;&f;&f;</l>\n",
	         "DOCTYPE is not allowed");
	/* Quadratic blow-up: one large entity used many times. */
	const char *p = big_file("quad.xml", "<?xml version=\"1.0\"?>\n<!DOCTYPE q [<!ENTITY x \"", 100000, 'x', "\">]>\n<q>&x;&x;&x;</q>\n");
	rejected_file(p, "DOCTYPE is not allowed");
}

Test(hostile, nesting_100000_deep)
{
	size_t n = 100000;
	char *s = malloc(n * 7 + 64), *o = s;
	o += sprintf(o, "<bid xmlns=\"urn:calloff:bid:1\">");
	for (size_t i = 0; i < n; i++)
		o += sprintf(o, "<a>");
	for (size_t i = 0; i < n; i++)
		o += sprintf(o, "</a>");
	sprintf(o, "</bid>\n");
	rejected(s, "depth");
	free(s);
}

Test(hostile, a_50_megabyte_text_node_is_refused_before_it_is_read)
{
	const char *p = big_file("text.xml", "<bid xmlns=\"urn:calloff:bid:1\"><x>", 50u << 20, 'a', "</x></bid>\n");
	rejected_file(p, "larger than the limit of 16777216 bytes");
}

Test(hostile, a_10_megabyte_attribute)
{
	const char *p = big_file("attr.xml", "<bid xmlns=\"urn:calloff:bid:1\" id=\"", 10u << 20, 'a', "\"/>\n");
	rejected_file(p, "AttValue length too long");
}

Test(hostile, a_2_gigabyte_file_is_refused_before_it_is_read)
{
	const char *p = t_write(t_dir(), "huge.xml", "");
	int fd = open(p, O_WRONLY);
	cr_assert_eq(ftruncate(fd, 2L << 30), 0); /* sparse: nothing is written */
	close(fd);
	rejected_file(p, "2147483648 bytes, larger than the limit");
}

Test(hostile, broken_encodings_nul_bytes_truncation_and_empty_files)
{
	rejected("<bid xmlns=\"urn:calloff:bid:1\" id=\"\xC3\x28\"/>\n", "UTF-8");
	const char *p = t_write(t_dir(), "nul.xml", "");
	FILE *f = fopen(p, "wb");
	fwrite("<bid xmlns=\"urn:calloff:bid:1\">\0</bid>\n", 1, 39, f);
	fclose(f);
	rejected_file(p, "nul.xml:1:");
	rejected("<bid xmlns=\"urn:calloff:bid:1\" id=\"B\" competition=\"T-1\"><supplier id=\"GB-COH-1\"><na", "");
	rejected("", "empty file");
}

Test(hostile, utf16_with_a_bom_is_read_like_utf8)
{
	/* Decided: XML allows UTF-16 with a BOM; libxml2 converts it, so such a bid is read normally. */
	char *x = t_bid("U-1", "GB-COH-1", "2026-11-01T12:00:00Z", "Q1", "p=10.00", NULL, NULL);
	char *decl = strstr(x, "?>");
	size_t n = strlen(decl + 2);
	unsigned char *u = malloc(2 * (n + 64)), *o = u;
	*o++ = 0xFF;
	*o++ = 0xFE;
	const char *head = "<?xml version=\"1.0\" encoding=\"UTF-16\"?>";
	for (const char *s = head; *s; s++) {
		*o++ = (unsigned char)*s;
		*o++ = 0;
	}
	for (const char *s = decl + 2; *s; s++) {
		*o++ = (unsigned char)*s;
		*o++ = 0;
	}
	const char *p = t_write(t_dir(), "u16.xml", "");
	FILE *f = fopen(p, "wb");
	fwrite(u, 1, (size_t)(o - u), f);
	fclose(f);
	co_bid *b = NULL;
	cr_assert_eq(co_bid_read(&b, p, NULL, schema, 1), 0);
	cr_assert_not(b->invalid, "%s", b->invalid_detail);
	cr_assert_str_eq(b->id, "U-1");
	cr_assert_str_eq(b->body->prices[0].text, "10.00");
	co_bid_free(b);
	free(u);
	free(x);
}

Test(hostile, processing_instructions_are_ignored_and_xinclude_is_not_processed)
{
	char *x = t_bid("P-1", "GB-COH-1", "2026-11-01T12:00:00Z", "Q1", "", NULL, NULL);
	char *with_pi = malloc(strlen(x) + 64);
	char *decl_end = strstr(x, "?>") + 2;
	sprintf(with_pi, "%.*s\n<?xml-stylesheet href=\"http://127.0.0.1:9/x.xsl\"?>%s", (int)(decl_end - x), x, decl_end);
	co_bid *b = NULL;
	cr_assert_eq(co_bid_read(&b, t_write(t_dir(), "pi.xml", with_pi), NULL, schema, 1), 0);
	cr_assert_not(b->invalid, "a processing instruction is ignored: %s", b->invalid_detail);
	co_bid_free(b);
	rejected("<bid xmlns=\"urn:calloff:bid:1\" xmlns:xi=\"http://www.w3.org/2001/XInclude\" id=\"B\" competition=\"T\">"
	         "<xi:include href=\"/etc/passwd\"/></bid>\n",
	         "XInclude}include': This element is not expected");
	free(with_pi);
	free(x);
}

Test(hostile, ten_thousand_responses_to_one_question)
{
	/* Decided: at most one response per question, and at most 1000 responses (the XSD). */
	size_t n = 10000;
	char *s = malloc(n * 48 + 512), *o = s;
	o += sprintf(o, "<bid xmlns=\"urn:calloff:bid:1\" id=\"B\" competition=\"T-1\"><supplier id=\"GB-COH-1\"><name>S</name>"
	                "</supplier><submitted>2026-11-01T12:00:00Z</submitted><responses>\n");
	for (size_t i = 0; i < n; i++)
		o += sprintf(o, "<response question=\"Q1\">x</response>\n");
	sprintf(o, "</responses></bid>\n");
	rejected(s, "");
	free(s);
}

Test(hostile, every_other_bid_is_still_evaluated)
{
	const char *d = t_dir();
	t_put_bid(d, "good.xml", "B1", "GB-COH-1", "2026-11-01T12:00:00Z", "Q1", "", NULL, NULL);
	t_write(d, "xxe.xml", "<!DOCTYPE bid [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n<bid>&x;</bid>\n");
	t_write(d, "empty.xml", "");
	t_write(d, "junk.xml", "\x01\x02\x03 not xml");
	char *m = t_marks("T-1", 1, "B1:Q1=4");
	t_run r = t_eval(RULES_HEAD "award: {mode: top_n, n: 1}\nweights: {quality: 100, price: 0}\n"
	                            "moderation: {consensus: mean}\nquestions:\n  - {id: Q1, weight: 100}\n",
	                 d, m);
	free(m);
	cr_assert_eq(r.rc, 0, "%s", t_diags_text(r.diags));
	cr_assert_eq(json_array_size(json_object_get(r.doc, "bids")), 4, "every file is in the result");
	cr_assert_str_eq(t_str(t_bid_of(&r, "B1"), "status"), "awarded");
	cr_assert_null(strstr(r.text, "root:x:"));
	t_run_free(&r);
}

Test(hostile, a_marks_file_with_a_doctype_is_an_input_error_with_its_place)
{
	co_rules *rules = NULL;
	cr_assert_eq(co_rules_load(&rules, TOP_SRCDIR "/rules/dorset-lot7-live-in-care.yaml", NULL), 0);
	co_paths *p = NULL;
	const char *args[] = {TOP_SRCDIR "/bids/lot7"};
	cr_assert_eq(co_paths_expand(&p, args, 1, NULL), 0);
	const char *marks = t_write(t_dir(), "m.xml", "<?xml version=\"1.0\"?>\n<!DOCTYPE m [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n<marks>&x;</marks>\n");
	co_result *res = NULL;
	co_diags *d = co_diags_new();
	cr_assert_eq(co_evaluate(&res, rules, p, marks, d), CO_EINVALID);
	cr_assert(t_diag_has(d, "m.xml:2:1: a DOCTYPE is not allowed"), "%s", t_diags_text(d));
	co_diags_free(d);
	co_paths_free(p);
	co_rules_free(rules);
}

Test(hostile, a_100_megabyte_rule_file_is_refused_before_it_is_read)
{
	const char *p = t_write(t_dir(), "huge.yaml", "");
	int fd = open(p, O_WRONLY);
	cr_assert_eq(ftruncate(fd, 100L << 20), 0);
	close(fd);
	co_rules *r = NULL;
	co_diags *d = co_diags_new();
	cr_assert_eq(co_rules_load(&r, p, d), CO_ETOOBIG);
	cr_assert(t_diag_has(d, "huge.yaml:1:1: file is 104857600 bytes, larger than the limit of 4194304 bytes"),
	          "%s", t_diags_text(d));
	co_diags_free(d);
}

Test(hostile, numbers_beyond_the_bounds_are_refused_in_rules)
{
	co_rules *r = NULL;
	co_diags *d = co_diags_new();
	const char *p = t_write(t_dir(), "r.yaml",
	                        RULES_HEAD "award: {mode: top_n, n: 1}\n"
	                                   "weights: {quality: 1000000000000000000000000000000000000000, price: 0}\n"
	                                   "questions:\n  - {id: Q1, weight: 1e2}\n  - {id: Q2, weight: .inf}\n"
	                                   "  - {id: Q3, weight: -0}\n  - {id: Q4, weight: +5}\n");
	cr_assert_eq(co_rules_load(&r, p, d), CO_EINVALID);
	cr_assert(t_diag_has(d, ":5:20: 'quality' must be a non-negative decimal"), "%s", t_diags_text(d));
	cr_assert(t_diag_has(d, "too many digits"), "%s", t_diags_text(d));
	cr_assert(t_diag_has(d, "got '1e2'"), "%s", t_diags_text(d));
	cr_assert(t_diag_has(d, "got '.inf'"), "%s", t_diags_text(d));
	cr_assert(t_diag_has(d, "got '-0'"), "%s", t_diags_text(d));
	cr_assert(t_diag_has(d, "got '+5'"), "%s", t_diags_text(d));
	co_diags_free(d);
}

/*
 * The award path is exact rational arithmetic (GMP): no input that passes validation can
 * overflow it. The largest numbers validation lets through (18 digits) give exact results.
 */
Test(hostile, the_largest_valid_numbers_are_computed_exactly)
{
	const char *rules = RULES_HEAD "award: {mode: top_n, n: 2}\n"
	                               "weights: {quality: 0.0000000000000001, price: 99.9999999999999999}\n"
	                               "moderation: {consensus: mean}\nquestions:\n  - {id: Q1, weight: 100}\n"
	                               "prices:\n  - {id: p, max: 9999999999999999.99, weight: 100}\n"
	                               "rounding: {decimals: 9}\n";
	const char *d = t_dir();
	t_put_bid(d, "a.xml", "A", "GB-COH-1", "2026-11-01T12:00:00Z", "Q1", "p=9999999999999999.99", NULL, NULL);
	t_put_bid(d, "b.xml", "B", "GB-COH-2", "2026-11-01T12:00:00Z", "Q1", "p=0.01", NULL, NULL);
	char *m = t_marks("T-1", 1, "A:Q1=5|B:Q1=5");
	t_run r = t_eval(rules, d, m);
	free(m);
	cr_assert_eq(r.rc, 0, "%s", t_diags_text(r.diags));
	/* 18 digits each, the most allowed. B: Wp x 1 = 99.9999999999999999 -> 100.000000000 at 9 places. */
	cr_assert_str_eq(t_str(t_bid_of(&r, "B"), "price"), "100.000000000");
	cr_assert_str_eq(t_str(t_bid_of(&r, "A"), "price"), "0.000000000");
	cr_assert_str_eq(t_str(t_bid_of(&r, "A"), "quality"), "0.000000000");
	cr_assert_eq(json_integer_value(json_object_get(t_bid_of(&r, "B"), "rank")), 1);
	cr_assert_eq(json_integer_value(json_object_get(t_bid_of(&r, "A"), "rank")), 2,
	             "A is ranked below B: the 1e-16 quality and the tiny price points still compare exactly");
	t_run_free(&r);
}
