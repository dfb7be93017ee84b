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
	cr_assert_eq(co_time_cmp(&a, &b), 0);
	cr_assert_eq(co_time_cmp(&c, &b), 0);
}

Test(timestamp, fractions_order_exactly)
{
	co_time a = t("2026-12-01T12:00:00.000000001Z"), b = t("2026-12-01T12:00:00Z"), c = t("2026-12-01T12:00:00.5Z");
	cr_assert_gt(co_time_cmp(&a, &b), 0);
	cr_assert_lt(co_time_cmp(&a, &c), 0);
	cr_assert_eq(c.nsec, 500000000);
}

Test(timestamp, refuses_bad_timestamps)
{
	static const char *bad[] = {"2026-12-01T12:00:00", "2026-12-01 12:00:00Z", "2027-02-29T00:00:00Z",
	                            "2026-13-01T00:00:00Z", "2026-12-01T24:00:00Z", "2026-12-01T12:00:00.Z",
	                            "2026-12-01T12:00:00.1234567891Z", "2026-12-01T12:00:00+1:00", "yesterday"};
	for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
		co_time v;
		cr_expect_neq(co_time_parse(&v, bad[i], NULL), 0, "'%s' must be refused", bad[i]);
	}
	t("2028-02-29T00:00:00Z"); /* a leap day is fine */
}
