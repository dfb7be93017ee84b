/* The working-day calendar: UK bank holidays against the published dates, Easter, s.123's working day and the standstill's end. */
#include <criterion/criterion.h>
#include <string.h>

#include <calloff/calloff.h>
#include "base/workdays.h"

static int64_t day_of(const char *s)
{
	int y, m, d;
	int64_t day;
	cr_assert_eq(sscanf(s, "%d-%d-%d", &y, &m, &d), 3, "%s", s);
	cr_assert_eq(co_day_from_date(&day, y, m, d), 0, "%s", s);
	return day;
}

/*
 * The bank holidays published at https://www.gov.uk/bank-holidays (also served as
 * https://www.gov.uk/bank-holidays.json), typed in from its three lists, for 2024 to 2027. Each
 * list holds every bank holiday of the part in those years, substitute days included ("27
 * December 2027 Christmas Day (substitute day)"). Christmas Day and Good Friday are on every list.
 * Checked date by date against gov.uk's bank-holidays.json as mirrored in the public repository
 * dmossop/bank-holidays-data (commit 0b1a577), whose three divisions list exactly these days for
 * 2024 to 2027.
 */
static const char *const ew[] = {
	"2024-01-01", "2024-03-29", "2024-04-01", "2024-05-06", "2024-05-27", "2024-08-26", "2024-12-25", "2024-12-26",
	"2025-01-01", "2025-04-18", "2025-04-21", "2025-05-05", "2025-05-26", "2025-08-25", "2025-12-25", "2025-12-26",
	"2026-01-01", "2026-04-03", "2026-04-06", "2026-05-04", "2026-05-25", "2026-08-31", "2026-12-25", "2026-12-28",
	"2027-01-01", "2027-03-26", "2027-03-29", "2027-05-03", "2027-05-31", "2027-08-30", "2027-12-27", "2027-12-28",
	NULL};
static const char *const scot[] = {
	"2024-01-01", "2024-01-02", "2024-03-29", "2024-05-06", "2024-05-27", "2024-08-05", "2024-12-02", "2024-12-25", "2024-12-26",
	"2025-01-01", "2025-01-02", "2025-04-18", "2025-05-05", "2025-05-26", "2025-08-04", "2025-12-01", "2025-12-25", "2025-12-26",
	"2026-01-01", "2026-01-02", "2026-04-03", "2026-05-04", "2026-05-25", "2026-08-03", "2026-11-30", "2026-12-25", "2026-12-28",
	"2027-01-01", "2027-01-04", "2027-03-26", "2027-05-03", "2027-05-31", "2027-08-02", "2027-11-30", "2027-12-27", "2027-12-28",
	NULL};
static const char *const ni[] = {
	"2024-01-01", "2024-03-18", "2024-03-29", "2024-04-01", "2024-05-06", "2024-05-27", "2024-07-12", "2024-08-26", "2024-12-25", "2024-12-26",
	"2025-01-01", "2025-03-17", "2025-04-18", "2025-04-21", "2025-05-05", "2025-05-26", "2025-07-14", "2025-08-25", "2025-12-25", "2025-12-26",
	"2026-01-01", "2026-03-17", "2026-04-03", "2026-04-06", "2026-05-04", "2026-05-25", "2026-07-13", "2026-08-31", "2026-12-25", "2026-12-28",
	"2027-01-01", "2027-03-17", "2027-03-26", "2027-03-29", "2027-05-03", "2027-05-31", "2027-07-12", "2027-08-30", "2027-12-27", "2027-12-28",
	NULL};

static int listed(const char *const *list, int64_t day)
{
	for (size_t i = 0; list[i]; i++)
		if (day_of(list[i]) == day)
			return 1;
	return 0;
}

/* Both directions: every computed holiday of 2024-2027 is published, and every published one is computed. */
static void same_as_published(unsigned part, const char *const *list, const char *who)
{
	size_t total = 0;
	for (int y = 2024; y <= 2027; y++) {
		co_holiday h[CO_HOLIDAYS_MAX];
		size_t n = 0;
		cr_assert_eq(co_bank_holidays(h, &n, y, part), 0);
		total += n;
		for (size_t i = 0; i < n; i++) {
			int yy, m, d;
			co_date_from_day(&yy, &m, &d, h[i].day);
			cr_expect(listed(list, h[i].day), "%s: computed %04d-%02d-%02d (%s) is not published", who, yy, m, d,
			          h[i].name);
			cr_expect(co_weekday(h[i].day) < 5, "%s: %s falls on a weekend", who, h[i].name);
		}
	}
	size_t published = 0;
	for (; list[published]; published++) {
		int64_t day = day_of(list[published]);
		int y, m, d, found = 0;
		co_date_from_day(&y, &m, &d, day);
		co_holiday h[CO_HOLIDAYS_MAX];
		size_t n = 0;
		cr_assert_eq(co_bank_holidays(h, &n, y, part), 0);
		for (size_t i = 0; i < n; i++)
			found |= h[i].day == day;
		cr_expect(found, "%s: published %s is not computed", who, list[published]);
	}
	cr_expect_eq(total, published, "%s: %zu computed, %zu published", who, total, published);
}

Test(workdays, england_and_wales_2024_to_2027_are_the_published_dates)
{
	same_as_published(CO_UK_EW, ew, "England and Wales");
}

Test(workdays, scotland_2024_to_2027_are_the_published_dates)
{
	same_as_published(CO_UK_SCOT, scot, "Scotland");
}

Test(workdays, northern_ireland_2024_to_2027_are_the_published_dates)
{
	same_as_published(CO_UK_NI, ni, "Northern Ireland");
}

/* A working day under s.123 is one on none of the three lists, and neither a Saturday nor a Sunday. */
Test(workdays, every_day_of_2024_to_2027_is_a_working_day_exactly_when_no_list_has_it)
{
	int64_t first = day_of("2024-01-01"), last = day_of("2027-12-31");
	size_t working = 0;
	for (int64_t day = first; day <= last; day++) {
		int want = co_weekday(day) < 5 && !listed(ew, day) && !listed(scot, day) && !listed(ni, day);
		char why[320];
		int got = co_is_working_day(day, why, sizeof(why));
		int y, m, d;
		co_date_from_day(&y, &m, &d, day);
		cr_expect_eq(got, want, "%04d-%02d-%02d: %d, want %d (%s)", y, m, d, got, want, got ? "" : why);
		working += got == 1;
	}
	/* 1,045 weekdays in 2024-2027 less the 52 dates on any of the three lists (all weekdays). */
	cr_expect_eq(working, 993, "%zu working days", working);
}

/* Meeus, Astronomical Algorithms (2nd ed.), ch. 8: 1991 March 31, 1992 April 19, 1993 April 11, 1954 April 18,
 * 2000 April 23, 1818 March 22; and the Easter Sundays of 2024-2027 (two days after each Good Friday above). */
Test(workdays, easter_by_the_computus_matches_published_dates)
{
	static const struct {
		int y, m, d;
	} known[] = {{1991, 3, 31}, {1992, 4, 19}, {1993, 4, 11}, {1954, 4, 18}, {2000, 4, 23}, {1818, 3, 22},
	             {2024, 3, 31}, {2025, 4, 20}, {2026, 4, 5},  {2027, 3, 28}, {2038, 4, 25}, {2285, 3, 22}};
	for (size_t i = 0; i < sizeof(known) / sizeof(*known); i++) {
		int m, d;
		co_easter(&m, &d, known[i].y);
		cr_expect(m == known[i].m && d == known[i].d, "Easter %d: %d-%d, want %d-%d", known[i].y, m, d, known[i].m,
		          known[i].d);
	}
}

Test(workdays, days_round_trip_and_know_their_weekday)
{
	cr_assert_eq(day_of("1970-01-01"), 0);
	cr_assert_eq(day_of("2026-12-01"), 20788); /* 1796126400 s / 86400 (test_timestamp's instant) */
	cr_assert_str_eq(co_weekday_name(day_of("2027-12-25")), "Saturday");
	cr_assert_str_eq(co_weekday_name(day_of("2026-12-26")), "Saturday");
	for (int64_t day = day_of("2011-01-01"); day <= day_of("2099-12-31"); day++) {
		int y, m, d;
		int64_t back;
		co_date_from_day(&y, &m, &d, day);
		cr_assert_eq(co_day_from_date(&back, y, m, d), 0);
		cr_assert_eq(back, day);
	}
	int64_t x;
	cr_assert_eq(co_day_from_date(&x, 2026, 2, 29), -1);
	cr_assert_eq(co_day_from_date(&x, 2028, 2, 29), 0);
	cr_assert_eq(co_day_from_date(&x, 2026, 13, 1), -1);
}

/* gov.uk: "27 December 2027 Christmas Day (substitute day)", "28 December 2027 Boxing Day (substitute day)". */
Test(workdays, christmas_2027_on_a_saturday_is_kept_on_monday_and_boxing_day_on_tuesday)
{
	co_holiday h[CO_HOLIDAYS_MAX];
	size_t n = 0;
	cr_assert_eq(co_bank_holidays(h, &n, 2027, CO_UK_EW), 0);
	cr_assert_eq(h[n - 2].day, day_of("2027-12-27"));
	cr_assert_str_eq(h[n - 2].name, "Christmas Day (substitute)");
	cr_assert_eq(h[n - 2].substitute, 1);
	cr_assert_eq(h[n - 1].day, day_of("2027-12-28"));
	cr_assert_str_eq(h[n - 1].name, "Boxing Day (substitute)");
	char why[320];
	cr_assert_eq(co_is_working_day(day_of("2027-12-25"), why, sizeof(why)), 0);
	cr_assert_str_eq(why, "Saturday; Christmas Day");
}

Test(workdays, boxing_day_2026_on_a_saturday_is_kept_on_monday_28th)
{
	char why[320];
	cr_assert_eq(co_is_working_day(day_of("2026-12-28"), why, sizeof(why)), 0);
	cr_assert_str_eq(why, "bank holiday in England and Wales, Scotland and Northern Ireland: Boxing Day (substitute)");
}

Test(workdays, a_bank_holiday_of_one_part_alone_is_not_a_working_day)
{
	char why[320];
	cr_assert_eq(co_is_working_day(day_of("2024-12-02"), why, sizeof(why)), 0);
	cr_assert_str_eq(why, "bank holiday in Scotland: St Andrew's Day (substitute)");
	cr_assert_eq(co_is_working_day(day_of("2025-07-14"), why, sizeof(why)), 0);
	cr_assert_str_eq(why, "bank holiday in Northern Ireland: Battle of the Boyne (Orangemen's Day) (substitute)");
	cr_assert_eq(co_is_working_day(day_of("2026-08-03"), why, sizeof(why)), 0);
	cr_assert_str_eq(why, "bank holiday in Scotland: Summer bank holiday");
	cr_assert_eq(co_is_working_day(day_of("2026-08-31"), why, sizeof(why)), 0);
	cr_assert_str_eq(why, "bank holiday in England and Wales and Northern Ireland: Summer bank holiday");
	cr_assert_eq(co_is_working_day(day_of("2026-04-03"), why, sizeof(why)), 0);
	cr_assert_str_eq(why, "Good Friday");
	cr_assert_eq(co_is_working_day(day_of("2026-12-01"), why, sizeof(why)), 1);
}

/* gov.uk's lists of earlier years: the one-off and moved days of the shipped table. */
Test(workdays, one_off_and_moved_days_come_from_the_table)
{
	char why[320];
	cr_assert_eq(co_is_working_day(day_of("2022-09-19"), why, sizeof(why)), 0);
	cr_assert_eq(co_is_working_day(day_of("2023-05-08"), why, sizeof(why)), 0);
	cr_assert_eq(co_is_working_day(day_of("2020-05-08"), why, sizeof(why)), 0);
	cr_assert_eq(co_is_working_day(day_of("2020-05-04"), why, sizeof(why)), 1, "the early May holiday of 2020 moved to the 8th");
	cr_assert_eq(co_is_working_day(day_of("2022-05-30"), why, sizeof(why)), 1, "the spring holiday of 2022 moved to 2 June");
	cr_assert_eq(co_is_working_day(day_of("2022-06-02"), why, sizeof(why)), 0);
	cr_assert_eq(co_is_working_day(day_of("2022-06-03"), why, sizeof(why)), 0);
}

static co_standstill_period s;

static void standstill(const char *notice, unsigned days, const char *end, const char *from)
{
	const char *why = NULL;
	cr_assert_eq(co_standstill(&s, notice, days, &why), 0, "%s: %s", notice, why ? why : "");
	cr_assert_str_eq(s.end, end, "%s + %u working days", notice, days);
	cr_assert_str_eq(s.contract_from, from);
}

/*
 * Notice on Tuesday 22 December 2026: the 22nd, 23rd, 24th, 29th, 30th and 31st, then 5 and 6
 * January are the eight working days; the 25th, the weekend, the 28th (Boxing Day substitute), 1
 * January, the weekend and 4 January (Scotland's 2 January substitute) are not.
 */
Test(workdays, a_standstill_over_christmas_skips_every_part_s_holidays)
{
	standstill("2026-12-22", 8, "2027-01-06", "2027-01-07");
	cr_assert_eq(s.nskipped, 8);
	cr_assert_str_eq(s.skipped[0].date, "2026-12-25");
	cr_assert_str_eq(s.skipped[0].reason, "Christmas Day");
	cr_assert_str_eq(s.skipped[7].date, "2027-01-04");
	cr_assert_str_eq(s.skipped[7].reason, "bank holiday in Scotland: 2nd January (substitute)");
}

/*
 * Notice on Thursday 25 March 2027: the working days are 25, 30 and 31 March, 1, 2, 5, 6 and 7
 * April; Good Friday (26th), the weekend, Easter Monday (29th) and the next weekend are skipped.
 */
Test(workdays, a_standstill_over_easter_skips_good_friday_and_easter_monday)
{
	standstill("2027-03-25", 8, "2027-04-07", "2027-04-08");
	cr_assert_eq(s.nskipped, 6);
	cr_assert_str_eq(s.skipped[0].date, "2027-03-26");
	cr_assert_str_eq(s.skipped[0].reason, "Good Friday");
	cr_assert_str_eq(s.skipped[3].date, "2027-03-29");
	cr_assert_str_eq(s.skipped[3].reason, "bank holiday in England and Wales and Northern Ireland: Easter Monday");
}

Test(workdays, the_notice_day_counts_when_it_is_a_working_day)
{
	standstill("2026-06-01", 8, "2026-06-10", "2026-06-11"); /* Monday: 1-5 and 8-10 June */
	standstill("2026-06-01", 1, "2026-06-01", "2026-06-02");
	/* A notice on Saturday 30 May 2026: the standstill begins with it but counts from Monday. */
	standstill("2026-05-30", 8, "2026-06-10", "2026-06-11");
	cr_assert_str_eq(s.skipped[0].reason, "Saturday");
}

Test(workdays, bad_dates_are_refused_with_a_reason)
{
	const char *why = NULL;
	cr_assert_eq(co_standstill(&s, "2026-02-29", 8, &why), CO_EINVALID);
	cr_assert_str_eq(why, "no such date");
	cr_assert_eq(co_standstill(&s, "2026-2-28", 8, &why), CO_EINVALID);
	cr_assert_eq(co_standstill(&s, "2026-02-28x", 8, &why), CO_EINVALID);
	cr_assert_eq(co_standstill(&s, "1999-12-31", 8, &why), CO_EINVALID);
	cr_assert_str_eq(why, "the calendar is known from 2011-01-01 to 2099-12-31 only");
	/* A known notice date whose period runs out of the calendar: it is the end that is unknown. */
	cr_assert_eq(co_standstill(&s, "2099-12-31", 8, &why), CO_EINVALID);
	cr_assert_str_eq(why, "the standstill would end after 2099-12-31, the calendar's last known day");
	cr_assert_eq(co_standstill(&s, "2099-12-28", 8, &why), CO_EINVALID);
	cr_assert_str_eq(why, "the standstill would end after 2099-12-31, the calendar's last known day");
	cr_assert_eq(co_standstill(&s, "2026-06-01", 0, &why), CO_EINVALID);
	cr_assert_eq(co_standstill(&s, "2026-06-01", CO_STANDSTILL_MAX_DAYS + 1, &why), CO_EINVALID);
	cr_assert_eq(co_standstill(&s, "2026-12-01", CO_STANDSTILL_MAX_DAYS, &why), 0);
}

/*
 * A one-off day the rules add (calendar.holidays) is a day off in every part: the Christmas 2026
 * standstill above, with Tuesday 29 December 2026 proclaimed, skips it too and ends a day later,
 * on Thursday 7 January 2027. A day added on a weekend or on a day already off changes nothing.
 */
Test(workdays, a_one_off_holiday_from_the_rules_moves_the_standstill_end)
{
	const co_extra_holiday jubilee[] = {{.date = "2026-12-29", .name = "Royal jubilee"}};
	const char *why = NULL;
	cr_assert_eq(co_standstill_with(&s, "2026-12-22", 8, jubilee, 1, &why), 0);
	cr_assert_str_eq(s.end, "2027-01-07");
	cr_assert_str_eq(s.end_weekday, "Thursday");
	cr_assert_str_eq(s.contract_from, "2027-01-08");
	cr_assert_eq(s.nskipped, 9);
	cr_assert_str_eq(s.skipped[4].date, "2026-12-29");
	cr_assert_str_eq(s.skipped[4].reason, "bank holiday in England and Wales, Scotland and Northern Ireland: Royal jubilee");
	const co_extra_holiday idle[] = {{.date = "2026-12-26", .name = "Saturday"}, {.date = "2026-12-28", .name = "Again"}};
	cr_assert_eq(co_standstill_with(&s, "2026-12-22", 8, idle, 2, &why), 0);
	cr_assert_str_eq(s.end, "2027-01-06");
	/* Without added days, co_standstill_with is co_standstill. */
	cr_assert_eq(co_standstill_with(&s, "2026-12-22", 8, NULL, 0, &why), 0);
	cr_assert_str_eq(s.end, "2027-01-06");
}

Test(workdays, an_added_day_that_is_no_calendar_date_is_refused)
{
	const char *why = NULL;
	const co_extra_holiday bad[] = {{.date = "2026-13-01", .name = "x"}};
	cr_assert_eq(co_standstill_with(&s, "2026-12-22", 8, bad, 1, &why), CO_EINVALID);
	cr_assert_str_eq(why, "no such date");
	const co_extra_holiday late[] = {{.date = "2100-01-04", .name = "x"}};
	cr_assert_eq(co_standstill_with(&s, "2026-12-22", 8, late, 1, &why), CO_EINVALID);
	cr_assert_str_eq(why, "the calendar is known from 2011-01-01 to 2099-12-31 only");
	co_extra_holiday many[CO_EXTRA_HOLIDAYS_MAX + 1];
	for (size_t i = 0; i <= CO_EXTRA_HOLIDAYS_MAX; i++)
		many[i] = (co_extra_holiday){.date = "2030-01-07", .name = "x"};
	cr_assert_eq(co_standstill_with(&s, "2026-12-22", 8, many, CO_EXTRA_HOLIDAYS_MAX + 1, &why), CO_EINVALID);
	cr_assert_eq(co_calendar_date_valid("2011-01-01", NULL), 1);
	cr_assert_eq(co_calendar_date_valid("2010-12-31", &why), 0);
	cr_assert_eq(co_calendar_date_valid("2026-1-01", &why), 0);
	cr_assert_str_eq(why, "not a date of the form YYYY-MM-DD");
}

static int64_t at(const char *date, int h, int m, int sec)
{
	return day_of(date) * 86400 + h * 3600 + m * 60 + sec;
}

/*
 * British Summer Time as published (gov.uk/when-do-the-clocks-change): from 01:00 GMT on
 * 31 March 2024, 30 March 2025, 29 March 2026 and 28 March 2027 to 01:00 GMT (02:00 BST) on
 * 27 October 2024, 26 October 2025, 25 October 2026 and 31 October 2027.
 */
Test(workdays, british_summer_time_begins_and_ends_at_one_in_the_morning_utc_on_the_published_sundays)
{
	static const char *const begins[] = {"2024-03-31", "2025-03-30", "2026-03-29", "2027-03-28"};
	static const char *const ends[] = {"2024-10-27", "2025-10-26", "2026-10-25", "2027-10-31"};
	for (size_t i = 0; i < 4; i++) {
		cr_assert_eq(co_weekday(day_of(begins[i])), 6, "%s", begins[i]);
		cr_assert_eq(co_uk_offset_at(at(begins[i], 0, 59, 59)), 0, "%s", begins[i]);
		cr_assert_eq(co_uk_offset_at(at(begins[i], 1, 0, 0)), 3600, "%s", begins[i]);
		cr_assert_eq(co_uk_offset_at(at(begins[i], -24, 0, 0)), 0, "the day before %s", begins[i]);
		cr_assert_eq(co_uk_offset_at(at(begins[i], 24 * 7, 0, 0)), 3600, "the week after %s", begins[i]);
		cr_assert_eq(co_uk_offset_at(at(ends[i], 0, 59, 59)), 3600, "%s", ends[i]);
		cr_assert_eq(co_uk_offset_at(at(ends[i], 1, 0, 0)), 0, "%s", ends[i]);
		cr_assert_eq(co_uk_offset_at(at(ends[i], -24 * 7, 0, 0)), 3600, "the week before %s", ends[i]);
	}
}

Test(workdays, the_day_in_the_uk_of_an_instant_follows_bst)
{
	/* 23:30 UTC on 30 June 2027 is 00:30 BST on Thursday 1 July; in January it is still the 15th. */
	cr_assert_eq(co_uk_day_of(at("2027-06-30", 23, 30, 0)), day_of("2027-07-01"));
	cr_assert_eq(co_uk_day_of(at("2027-06-30", 22, 59, 59)), day_of("2027-06-30"));
	cr_assert_eq(co_uk_day_of(at("2027-01-15", 23, 30, 0)), day_of("2027-01-15"));
	/* The night BST begins (28 March 2027) and the night it ends (31 October 2027). */
	cr_assert_eq(co_uk_day_of(at("2027-03-27", 23, 30, 0)), day_of("2027-03-27"));
	cr_assert_eq(co_uk_day_of(at("2027-03-28", 23, 0, 0)), day_of("2027-03-29"));
	cr_assert_eq(co_uk_day_of(at("2027-10-30", 23, 0, 0)), day_of("2027-10-31"));
	cr_assert_eq(co_uk_day_of(at("2027-10-31", 23, 30, 0)), day_of("2027-10-31"));
	/* Before 1970 the day is floored, not truncated towards 1970. */
	cr_assert_eq(co_uk_day_of(-1), -1);
}

Test(workdays, a_uk_day_ends_at_midnight_bst_in_summer_and_gmt_in_winter)
{
	cr_assert_str_eq(co_uk_end_of_day_offset(day_of("2027-03-27")), "Z");
	cr_assert_str_eq(co_uk_end_of_day_offset(day_of("2027-03-28")), "+01:00"); /* the first day of BST */
	cr_assert_str_eq(co_uk_end_of_day_offset(day_of("2027-07-01")), "+01:00");
	cr_assert_str_eq(co_uk_end_of_day_offset(day_of("2027-10-30")), "+01:00");
	cr_assert_str_eq(co_uk_end_of_day_offset(day_of("2027-10-31")), "Z"); /* BST ended at 02:00 BST */
	cr_assert_str_eq(co_uk_end_of_day_offset(day_of("2027-12-31")), "Z");
}
