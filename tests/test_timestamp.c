/* RFC 3339 timestamps: offsets, fractions, calendar checks and exact ordering. */
#include <criterion/criterion.h>
#include "base/timestamp.h"

static co_time t(const char *s)
{
	co_time v;
	const char *why = NULL;
	cr_assert_eq(co_time_parse(&v, s, &why), 0, "'%s' should parse (%s)", s, why ? why : "");
	return v;
}

Test(timestamp, unix_epoch_values_match_known_instants)
{
	cr_assert_eq(t("1970-01-01T00:00:00Z").sec, 0);
	/* 2000-03-01T00:00:00Z is 951868800 seconds after the epoch (date -u -d ... +%s). */
	cr_assert_eq(t("2000-03-01T00:00:00Z").sec, 951868800);
	cr_assert_eq(t("2026-12-01T12:00:00Z").sec, 1796126400);
}

Test(timestamp, offsets_name_the_same_instant)
{
	co_time a = t("2026-12-01T13:00:00+01:00"), b = t("2026-12-01T12:00:00Z"), c = t("2026-12-01T07:30:00-04:30");
	cr_assert_eq(co_time_cmp(&a, NULL, &b, NULL), 0);
	cr_assert_eq(co_time_cmp(&c, NULL, &b, NULL), 0);
}

Test(timestamp, fractions_order_exactly)
{
	co_time a = t("2026-12-01T12:00:00.000000001Z"), b = t("2026-12-01T12:00:00Z"), c = t("2026-12-01T12:00:00.5Z");
	cr_assert_gt(co_time_cmp(&a, NULL, &b, NULL), 0);
	cr_assert_lt(co_time_cmp(&a, NULL, &c, NULL), 0);
	cr_assert_eq(c.nsec, 500000000);
}

Test(timestamp, refuses_bad_timestamps)
{
	static const char *bad[] = {"2026-12-01T12:00:00", "2026-12-01 12:00:00Z", "2027-02-29T00:00:00Z",
	                            "2026-13-01T00:00:00Z", "2026-12-01T24:00:00Z", "2026-12-01T12:00:00.Z",
	                            "2026-12-01T12:00:00+1:00", "yesterday"};
	for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
		co_time v;
		cr_expect_neq(co_time_parse(&v, bad[i], NULL), 0, "'%s' must be refused", bad[i]);
	}
	t("2028-02-29T00:00:00Z"); /* a leap day is fine */
}

/*
 * RFC 3339 and xs:dateTime put no bound on the fraction's digits: a time given to a tenth of a
 * nanosecond past the deadline is after it, and digits past the 18th are compared from the text.
 */
Test(timestamp, fractions_of_any_length_are_read_and_ordered_exactly)
{
	const char *deadline = "2026-12-01T12:00:00Z", *late = "2026-12-01T12:00:00.0000000001Z";
	co_time d = t(deadline), l = t(late);
	cr_assert_eq(l.nsec, 0);
	cr_assert_eq(l.frac, 100000000u, "digits 10 to 18 in units of 10^-18 s");
	cr_assert_gt(co_time_cmp(&l, late, &d, deadline), 0, "a tenth of a nanosecond late is late");
	cr_assert_lt(co_time_cmp(&d, deadline, &l, late), 0);

	const char *x = "2026-12-01T12:00:00.1234567891234567891Z", *y = "2026-12-01T12:00:00.1234567891234567892Z";
	const char *z = "2026-12-01T12:00:00.12345678912345678910000Z";
	co_time a = t(x), b = t(y), c = t(z);
	cr_assert_eq(a.nsec, 123456789);
	cr_assert_eq(a.frac & ~CO_TIME_MORE, 123456789u);
	cr_assert(a.frac & CO_TIME_MORE, "a 19th digit that is not 0 is remembered");
	cr_assert_lt(co_time_cmp(&a, x, &b, y), 0, "the 19th digit decides");
	cr_assert_gt(co_time_cmp(&b, y, &a, x), 0);
	cr_assert_eq(co_time_cmp(&a, x, &c, z), 0, "trailing zeros change nothing");

	/* Trailing zeros past the 18th digit are no more than the same time. */
	co_time e = t("2026-12-01T12:00:00.500000000000000000000Z"), f = t("2026-12-01T12:00:00.5Z");
	cr_assert_eq(e.frac, 0u);
	cr_assert_eq(co_time_cmp(&e, NULL, &f, NULL), 0);
	/* With an offset, the fraction is the same instant's. */
	co_time g = t("2026-12-01T13:00:00.0000000001+01:00");
	cr_assert_eq(co_time_cmp(&g, NULL, &l, NULL), 0);
}
