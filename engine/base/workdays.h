/* Internal: the UK's bank holidays by jurisdiction and the working days of the Procurement Act 2023 (s.123), on whole days. */
#ifndef CO_WORKDAYS_H
#define CO_WORKDAYS_H

#include <stddef.h>
#include <stdint.h>

/* The parts of the United Kingdom whose bank holidays differ (a bit set). */
enum {
	CO_UK_EW = 1,   /* England and Wales */
	CO_UK_SCOT = 2, /* Scotland */
	CO_UK_NI = 4,   /* Northern Ireland */
	CO_UK_ALL = 7
};

/* The years whose holidays are known: the one-off table starts in 2011; rules may change after 2099. */
#define CO_WORKDAYS_FIRST_YEAR 2011
#define CO_WORKDAYS_LAST_YEAR 2099

/* At most this many bank holidays in one year in one part (Northern Ireland has ten; one-offs add a few). */
#define CO_HOLIDAYS_MAX 16

/* One bank holiday: the day it is kept (days since 1970-01-01), its name, and whether it is a substitute. */
typedef struct {
	int64_t day;
	const char *name; /* static */
	int substitute;   /* 1 when the day stands in for a holiday that fell on a Saturday or Sunday */
} co_holiday;

/* Days since 1970-01-01 of a proleptic Gregorian date; 0, or -1 when there is no such date. */
int co_day_from_date(int64_t *out, int y, int m, int d);

/* The date of a day since 1970-01-01. */
void co_date_from_day(int *y, int *m, int *d, int64_t day);

/* 0 Monday ... 6 Sunday. */
int co_weekday(int64_t day);

/* "Monday" ... "Sunday". */
const char *co_weekday_name(int64_t day);

/* Easter Sunday of a Gregorian year (the Anonymous Gregorian algorithm, Meeus). */
void co_easter(int *month, int *day, int year);

/*
 * The bank holidays of year in one part (CO_UK_EW, CO_UK_SCOT or CO_UK_NI), in date order:
 * 0 with *n set, or -1 when the year is outside CO_WORKDAYS_FIRST_YEAR..LAST_YEAR or part is not one part.
 */
int co_bank_holidays(co_holiday out[CO_HOLIDAYS_MAX], size_t *n, int year, unsigned part);

/*
 * Whether day is a working day under the Procurement Act 2023 s.123: 1 when it is, 0 when it is
 * not (then why, when not NULL, receives every reason, such as "Saturday" or "bank holiday in
 * Scotland: St Andrew's Day (substitute)", joined by "; ", cut to size), -1 outside the years known.
 */
int co_is_working_day(int64_t day, char *why, size_t size);

/* One added one-off holiday, as a day since 1970-01-01. */
typedef struct {
	int64_t day;
	const char *name;
} co_extra_day;

/* co_is_working_day() with n one-off holidays added, kept in every part. */
int co_is_working_day_with(int64_t day, const co_extra_day *extra, size_t n, char *why, size_t size);

/* Days since 1970-01-01 of a "YYYY-MM-DD" text: 0, or -1 (why receives a static message) when it is not one. */
int co_day_parse(int64_t *out, const char *text, const char **why);

/*
 * British Summer Time (the Summer Time Act 1972 as amended, following the EU's rule): clocks in the
 * UK are one hour ahead of UTC from 01:00 UTC on the last Sunday of March to 01:00 UTC on the last
 * Sunday of October, and on UTC (GMT) otherwise. These are the one home of that rule.
 */

/* The UK's offset from UTC, in seconds (0 or 3600), at an instant given in seconds since 1970-01-01T00:00:00Z. */
int co_uk_offset_at(int64_t utc_sec);

/* The calendar date in the UK (days since 1970-01-01) of an instant in seconds since 1970-01-01T00:00:00Z. */
int64_t co_uk_day_of(int64_t utc_sec);

/* The UK's offset at 23:59:59 on a day in the UK, as RFC 3339 writes it: "+01:00" in BST, else "Z". */
const char *co_uk_end_of_day_offset(int64_t day);

#endif
