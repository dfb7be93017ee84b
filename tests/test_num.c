/* Exact decimals: parsing, half-up rounding and printing, where binary floats go wrong. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include "base/num.h"

static void parse_ok(mpq_t q, const char *s, int places)
{
	const char *why = NULL;
	cr_assert_eq(co_num_parse(q, s, places, 0, &why), 0, "'%s' should parse (%s)", s, why ? why : "");
}

static void expect_format(const char *num, int decimals, const char *want, int trim)
{
	mpq_t q;
	mpq_init(q);
	parse_ok(q, num, -1);
	char *got = trim ? co_num_format_trim(q, decimals) : co_num_format(q, decimals);
	cr_assert_str_eq(got, want, "%s to %d places", num, decimals);
	free(got);
	mpq_clear(q);
}

Test(num, tenths_add_exactly)
{
	mpq_t a, b, c;
	mpq_inits(a, b, c, NULL);
	parse_ok(a, "0.10", 2);
	parse_ok(b, "0.20", 2);
	parse_ok(c, "0.30", 2);
	mpq_add(a, a, b);
	cr_assert(mpq_equal(a, c), "0.10 + 0.20 must equal 0.30 exactly (it does not in binary floating point)");
	mpq_clears(a, b, c, NULL);
}

Test(num, rounds_half_up_where_binary_rounds_down)
{
	/* In binary, 2.675 is 2.67499999...; Python's round(2.675, 2) gives 2.67. */
	expect_format("2.675", 2, "2.68", 0);
	expect_format("1.005", 2, "1.01", 0);
	expect_format("0.125", 2, "0.13", 0);
	expect_format("2.5", 0, "3", 0);
	expect_format("2.4999", 0, "2", 0);
	expect_format("0", 2, "0.00", 0);
	expect_format("7", 3, "7.000", 0);
	expect_format("0.004", 2, "0.00", 0);
	expect_format("0.005", 2, "0.01", 0);
}

Test(num, thirds_print_rounded)
{
	mpq_t q;
	mpq_init(q);
	mpq_set_ui(q, 11, 3);
	char *s = co_num_format(q, 2), *t = co_num_format_trim(q, 2);
	cr_assert_str_eq(s, "3.67");
	cr_assert_str_eq(t, "3.67");
	free(s);
	free(t);
	mpq_set_ui(q, 10, 3);
	s = co_num_format_trim(q, 2);
	cr_assert_str_eq(s, "3.33");
	free(s);
	mpq_clear(q);
}

Test(num, trim_drops_trailing_zeros_and_point)
{
	expect_format("3.50", 2, "3.5", 1);
	expect_format("4", 2, "4", 1);
	expect_format("4.00", 2, "4", 1);
	expect_format("3.999", 2, "4", 1);
	expect_format("0.5", 0, "1", 1);
}

Test(num, refuses_what_is_not_a_plain_decimal)
{
	static const char *bad[] = {"", "1e3", "+5", "1,080", "\xC2\xA3" "5", " 5", "5 ", "NaN", "inf", "-0",
	                            "-5", ".5", "5.", "0x10", "1.2.3", "12345678901234567890"};
	mpq_t q;
	mpq_init(q);
	for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
		const char *why = NULL;
		cr_expect_neq(co_num_parse(q, bad[i], -1, 0, &why), 0, "'%s' must be refused", bad[i]);
		cr_expect_not_null(why, "a reason is given for '%s'", bad[i]);
	}
	mpq_clear(q);
}

Test(num, limits_decimal_places)
{
	mpq_t q;
	mpq_init(q);
	cr_assert_eq(co_num_parse(q, "10.50", 2, 0, NULL), 0);
	cr_assert_neq(co_num_parse(q, "10.505", 2, 0, NULL), 0);
	cr_assert_neq(co_num_parse(q, "10.5", 0, 0, NULL), 0);
	cr_assert_eq(co_num_parse(q, "-3", 0, 1, NULL), 0);
	cr_assert_eq(mpq_cmp_si(q, -3, 1), 0);
	mpq_clear(q);
}
