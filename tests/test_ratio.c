/* Ratios: exact rationals stored inline when they fit, and in GMP's own when they do not. */
#include <criterion/criterion.h>
#include "base/ratio.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* The values the tests run on, as "p/q" for mpq_set_str: small ones, and each side of 63 bits. */
static const char *const values[] = {
	"0", "1", "-1", "355/113", "-7/3", "1/3", "2/3", "1189/20",
	"9223372036854775807",            /* INT64_MAX: inline */
	"-9223372036854775807",           /* inline */
	"9223372036854775806",            /* just below it */
	"9223372036854775808",            /* 2^63: one past, big */
	"-9223372036854775809",           /* big */
	"1/9223372036854775807",          /* the largest inline denominator */
	"1/9223372036854775806",
	"1/9223372036854775808",          /* big */
	"9223372036854775807/9223372036854775806",
	"9223372036854775806/9223372036854775807",
	"-9223372036854775807/9223372036854775806",
	"170141183460469231731687303715884105727/3", /* 2^127 - 1, far beyond */
	"68719476736/68719476737",
};
#define NV (sizeof(values) / sizeof(values[0]))

static void value(mpq_t q, size_t i)
{
	cr_assert_eq(mpq_set_str(q, values[i], 10), 0, "%s parses", values[i]);
	mpq_canonicalize(q);
}

Test(ratio, a_zeroed_ratio_is_zero_and_needs_no_clear)
{
	co_ratio z;
	memset(&z, 0, sizeof(z));
	co_ratio i;
	co_ratio_init(&i);
	mpq_t q;
	mpq_init(q);
	mpq_set_ui(q, 5, 7);
	co_ratio_get(q, &z);
	cr_assert_eq(mpq_sgn(q), 0, "calloc'd memory holds 0");
	cr_assert(co_ratio_is_small(&z));
	cr_assert_eq(co_ratio_cmp(&z, &i), 0);
	mpq_clear(q);
}

Test(ratio, every_value_comes_back_exactly_and_only_beyond_63_bits_is_big)
{
	mpq_t in, out;
	mpq_inits(in, out, NULL);
	for (size_t i = 0; i < NV; i++) {
		value(in, i);
		co_ratio r;
		co_ratio_init(&r);
		cr_assert_eq(co_ratio_set(&r, in), 0);
		co_ratio_get(out, &r);
		cr_assert(mpq_equal(in, out), "%s comes back as it went in", values[i]);
		int fits = mpz_sizeinbase(mpq_numref(in), 2) <= 63 && mpz_sizeinbase(mpq_denref(in), 2) <= 63;
		cr_assert_eq(co_ratio_is_small(&r), fits, "%s is %s", values[i], fits ? "inline" : "big");
		co_ratio_clear(&r);
		co_ratio_get(out, &r);
		cr_assert_eq(mpq_sgn(out), 0, "a cleared ratio is 0");
	}
	mpq_clears(in, out, NULL);
}

/* A ratio set again and again, between big and inline values, holds the last and leaks nothing (ASan). */
Test(ratio, setting_again_replaces_the_value_between_big_and_inline)
{
	mpq_t in, out;
	mpq_inits(in, out, NULL);
	co_ratio r = {0};
	for (size_t k = 0; k < 3 * NV; k++) {
		size_t i = (k * 7) % NV;
		value(in, i);
		cr_assert_eq(co_ratio_set(&r, in), 0);
		co_ratio_get(out, &r);
		cr_assert(mpq_equal(in, out), "after %zu sets, %s", k, values[i]);
	}
	co_ratio_clear(&r);
	mpq_clears(in, out, NULL);
}

/* Every pair compares as GMP compares the rationals themselves, inline, big or mixed. */
Test(ratio, comparison_agrees_with_gmp_on_every_pair)
{
	mpq_t a, b;
	mpq_inits(a, b, NULL);
	for (size_t i = 0; i < NV; i++)
		for (size_t j = 0; j < NV; j++) {
			value(a, i);
			value(b, j);
			co_ratio x = {0}, y = {0};
			cr_assert_eq(co_ratio_set(&x, a), 0);
			cr_assert_eq(co_ratio_set(&y, b), 0);
			int want = mpq_cmp(a, b), got = co_ratio_cmp(&x, &y);
			cr_assert_eq((got > 0) - (got < 0), (want > 0) - (want < 0), "%s against %s", values[i], values[j]);
			co_ratio_clear(&x);
			co_ratio_clear(&y);
		}
	mpq_clears(a, b, NULL);
}

/* Near the edge, cross-multiplying in 64 bits would overflow; the comparison must not. */
Test(ratio, neighbours_at_the_edge_of_63_bits_are_told_apart)
{
	mpq_t a, b;
	mpq_inits(a, b, NULL);
	mpq_set_str(a, "9223372036854775807/9223372036854775806", 10);
	mpq_set_str(b, "9223372036854775806/9223372036854775805", 10);
	co_ratio x = {0}, y = {0};
	co_ratio_set(&x, a);
	co_ratio_set(&y, b);
	cr_assert(co_ratio_is_small(&x) && co_ratio_is_small(&y));
	cr_assert_lt(co_ratio_cmp(&x, &y), 0, "(n+1)/n falls as n grows");
	cr_assert_gt(co_ratio_cmp(&y, &x), 0);
	mpq_clears(a, b, NULL);
}

Test(ratio, formatting_rounds_half_up_as_the_display_does)
{
	static const struct {
		const char *v;
		int d;
		const char *want;
	} cases[] = {{"2/3", 2, "0.67"}, {"1/8", 2, "0.13"}, {"1189/20", 2, "59.45"}, {"355/113", 4, "3.1416"},
	             {"9223372036854775808/3", 0, "3074457345618258603"}};
	mpq_t q;
	mpq_init(q);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		mpq_set_str(q, cases[i].v, 10);
		mpq_canonicalize(q);
		co_ratio r = {0};
		co_ratio_set(&r, q);
		char *s = co_ratio_format(&r, cases[i].d);
		cr_assert_str_eq(s, cases[i].want, "%s to %d places", cases[i].v, cases[i].d);
		free(s);
		co_ratio_clear(&r);
	}
	mpq_clear(q);
}
