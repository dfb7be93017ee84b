/* The working-day calendar: UK bank holidays computed from their rules and a table of one-off days, and s.123's working day. */
#include "base/workdays.h"

#include "calloff/calendar.h"
#include "calloff/status.h"

#include <stdio.h>
#include <string.h>

/* Howard Hinnant's days_from_civil and civil_from_days, on integers only. */
int co_day_from_date(int64_t *out, int y, int m, int d)
{
	static const int dm[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (m < 1 || m > 12 || d < 1)
		return -1;
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	if (d > dm[m - 1] + (m == 2 && leap))
		return -1;
	int64_t yy = y - (m <= 2);
	int64_t era = (yy >= 0 ? yy : yy - 399) / 400;
	int64_t yoe = yy - era * 400;
	int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	*out = era * 146097 + doe - 719468;
	return 0;
}

void co_date_from_day(int *y, int *m, int *d, int64_t day)
{
	int64_t z = day + 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

/* 1970-01-01 was a Thursday (3 counting from Monday 0). */
int co_weekday(int64_t day)
{
	int64_t w = (day + 3) % 7;
	return (int)(w < 0 ? w + 7 : w);
}

const char *co_weekday_name(int64_t day)
{
	static const char *const names[] = {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"};
	return names[co_weekday(day)];
}

void co_easter(int *month, int *day, int year)
{
	int a = year % 19, b = year / 100, c = year % 100, d = b / 4, e = b % 4;
	int f = (b + 8) / 25, g = (b - f + 1) / 3, h = (19 * a + b - d - g + 15) % 30;
	int i = c / 4, k = c % 4, l = (32 + 2 * e + 2 * i - h - k) % 7;
	int m = (a + 11 * h + 22 * l) / 451;
	*month = (h + l - 7 * m + 114) / 31;
	*day = (h + l - 7 * m + 114) % 31 + 1;
}

/*
 * One-off bank holidays and moved ones, appointed by royal proclamation under s.1(3) of the
 * Banking and Financial Dealings Act 1971 (each as gov.uk/bank-holidays lists it). A moved day
 * names the day it replaces (from_*), which is then no holiday. Add new proclamations here; as
 * of November 2026 none is known for 2024-2027.
 */
typedef struct {
	int y, m, d;
	unsigned parts;
	const char *name;
	int from_m, from_d; /* 0 for an extra day; else the day of the same year it replaces */
} one_off;

static const one_off one_offs[] = {
	{.y = 2011, .m = 4, .d = 29, .parts = CO_UK_ALL, .name = "Royal wedding"},
	{.y = 2012, .m = 6, .d = 4, .parts = CO_UK_ALL, .name = "Spring bank holiday", .from_m = 5, .from_d = 28},
	{.y = 2012, .m = 6, .d = 5, .parts = CO_UK_ALL, .name = "Queen's Diamond Jubilee"},
	{.y = 2020, .m = 5, .d = 8, .parts = CO_UK_ALL, .name = "Early May bank holiday (VE day)", .from_m = 5, .from_d = 4},
	{.y = 2022, .m = 6, .d = 2, .parts = CO_UK_ALL, .name = "Spring bank holiday", .from_m = 5, .from_d = 30},
	{.y = 2022, .m = 6, .d = 3, .parts = CO_UK_ALL, .name = "Platinum Jubilee bank holiday"},
	{.y = 2022, .m = 9, .d = 19, .parts = CO_UK_ALL, .name = "Bank Holiday for the State Funeral of Queen Elizabeth II"},
	{.y = 2023, .m = 5, .d = 8, .parts = CO_UK_ALL, .name = "Bank holiday for the coronation of King Charles III"},
};

/* A holiday list under construction for one part and year. */
typedef struct {
	co_holiday h[CO_HOLIDAYS_MAX];
	size_t n;
} hlist;

static int taken(const hlist *l, int64_t day)
{
	for (size_t i = 0; i < l->n; i++)
		if (l->h[i].day == day)
			return 1;
	return 0;
}

static void add(hlist *l, int64_t day, const char *name, int substitute)
{
	if (l->n < CO_HOLIDAYS_MAX)
		l->h[l->n++] = (co_holiday){.day = day, .name = name, .substitute = substitute};
}

static int64_t date(int y, int m, int d)
{
	int64_t day = 0;
	(void)co_day_from_date(&day, y, m, d); /* callers pass real dates */
	return day;
}

/* The first Monday of month m, or the last when last is 1. */
static int64_t monday(int y, int m, int last)
{
	if (!last) {
		int64_t d = date(y, m, 1);
		return d + (7 - co_weekday(d)) % 7;
	}
	int64_t d = date(y, m + 1, 1) - 1; /* m is May or August: never December */
	return d - co_weekday(d);
}

/*
 * The fixed-date holidays (New Year's Day, 2 January, St Patrick's Day, 12 July, St Andrew's Day,
 * Christmas Day, Boxing Day). One that falls on a weekday is kept on its day; one that falls on a
 * Saturday or Sunday is kept, in date order, on the first weekday after it that is not already a
 * holiday of the same part: Christmas on a Saturday gives Monday 27th, and Boxing Day then Tuesday
 * 28th. The 1971 Act's Schedule 1 names the Sunday substitutes; the Saturday ones are appointed by
 * proclamation each year, and gov.uk lists both.
 */
typedef struct {
	int m, d;
	const char *name, *sub_name;
} fixed;

static void add_fixed(hlist *l, int y, const fixed *f, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		int64_t day = date(y, f[i].m, f[i].d);
		if (co_weekday(day) < 5)
			add(l, day, f[i].name, 0);
	}
	for (size_t i = 0; i < n; i++) {
		int64_t day = date(y, f[i].m, f[i].d);
		if (co_weekday(day) < 5)
			continue;
		while (co_weekday(day) >= 5 || taken(l, day))
			day++;
		add(l, day, f[i].sub_name, 1);
	}
}

static void sort(hlist *l)
{
	for (size_t i = 1; i < l->n; i++)
		for (size_t j = i; j > 0 && l->h[j - 1].day > l->h[j].day; j--) {
			co_holiday t = l->h[j];
			l->h[j] = l->h[j - 1];
			l->h[j - 1] = t;
		}
}

int co_bank_holidays(co_holiday out[CO_HOLIDAYS_MAX], size_t *n, int year, unsigned part)
{
	static const fixed ew[] = {
		{1, 1, "New Year's Day", "New Year's Day (substitute)"},
		{12, 25, "Christmas Day", "Christmas Day (substitute)"},
		{12, 26, "Boxing Day", "Boxing Day (substitute)"},
	};
	static const fixed scot[] = {
		{1, 1, "New Year's Day", "New Year's Day (substitute)"},
		{1, 2, "2nd January", "2nd January (substitute)"},
		{11, 30, "St Andrew's Day", "St Andrew's Day (substitute)"},
		{12, 25, "Christmas Day", "Christmas Day (substitute)"},
		{12, 26, "Boxing Day", "Boxing Day (substitute)"},
	};
	static const fixed ni[] = {
		{1, 1, "New Year's Day", "New Year's Day (substitute)"},
		{3, 17, "St Patrick's Day", "St Patrick's Day (substitute)"},
		{7, 12, "Battle of the Boyne (Orangemen's Day)", "Battle of the Boyne (Orangemen's Day) (substitute)"},
		{12, 25, "Christmas Day", "Christmas Day (substitute)"},
		{12, 26, "Boxing Day", "Boxing Day (substitute)"},
	};
	hlist l = {.n = 0};
	int em, ed;
	if (year < CO_WORKDAYS_FIRST_YEAR || year > CO_WORKDAYS_LAST_YEAR ||
	    (part != CO_UK_EW && part != CO_UK_SCOT && part != CO_UK_NI))
		return -1;
	co_easter(&em, &ed, year);
	int64_t easter = date(year, em, ed);
	/* The movable days first, so that a fixed day's substitute never lands on one of them. */
	add(&l, easter - 2, "Good Friday", 0);
	if (part != CO_UK_SCOT)
		add(&l, easter + 1, "Easter Monday", 0);
	add(&l, monday(year, 5, 0), "Early May bank holiday", 0);
	add(&l, monday(year, 5, 1), "Spring bank holiday", 0);
	add(&l, monday(year, 8, part != CO_UK_SCOT), "Summer bank holiday", 0);
	/* Moved days: the day replaced is no holiday; the new day is added with the extra ones below. */
	for (size_t i = 0; i < sizeof(one_offs) / sizeof(*one_offs); i++) {
		const one_off *o = &one_offs[i];
		if (o->y != year || !(o->parts & part) || !o->from_m)
			continue;
		int64_t from = date(year, o->from_m, o->from_d);
		for (size_t k = 0; k < l.n; k++)
			if (l.h[k].day == from) {
				l.h[k] = l.h[--l.n];
				break;
			}
	}
	if (part == CO_UK_EW)
		add_fixed(&l, year, ew, sizeof(ew) / sizeof(*ew));
	else if (part == CO_UK_SCOT)
		add_fixed(&l, year, scot, sizeof(scot) / sizeof(*scot));
	else
		add_fixed(&l, year, ni, sizeof(ni) / sizeof(*ni));
	for (size_t i = 0; i < sizeof(one_offs) / sizeof(*one_offs); i++) {
		const one_off *o = &one_offs[i];
		if (o->y == year && (o->parts & part))
			add(&l, date(year, o->m, o->d), o->name, 0);
	}
	sort(&l);
	memcpy(out, l.h, l.n * sizeof(*l.h));
	*n = l.n;
	return 0;
}

/* Append text to why (size bytes), after "; " when why is not empty; what does not fit is cut. */
static void say(char *why, size_t size, const char *text)
{
	if (!why || !size)
		return;
	size_t len = strlen(why);
	if (len + 1 >= size)
		return;
	snprintf(why + len, size - len, "%s%s", len ? "; " : "", text);
}

/*
 * s.123 of the Procurement Act 2023: a working day is a day other than a Saturday or Sunday,
 * Christmas Day, Good Friday, or a bank holiday in any part of the United Kingdom. So a day is
 * not a working day when it is any of those, in England and Wales, Scotland or Northern Ireland.
 * Christmas Day and Good Friday are named for themselves (they are common-law holidays in
 * England, Wales and Northern Ireland, not bank holidays there).
 */
int co_is_working_day(int64_t day, char *why, size_t size)
{
	return co_is_working_day_with(day, NULL, 0, why, size);
}

int co_is_working_day_with(int64_t day, const co_extra_day *extra, size_t nextra, char *why, size_t size)
{
	static const struct {
		unsigned part;
		const char *name;
	} parts[] = {{CO_UK_EW, "England and Wales"}, {CO_UK_SCOT, "Scotland"}, {CO_UK_NI, "Northern Ireland"}};
	int y, m, d, working = 1;
	co_date_from_day(&y, &m, &d, day);
	if (y < CO_WORKDAYS_FIRST_YEAR || y > CO_WORKDAYS_LAST_YEAR)
		return -1;
	if (why && size)
		why[0] = '\0';
	int wd = co_weekday(day);
	if (wd >= 5) {
		say(why, size, wd == 5 ? "Saturday" : "Sunday");
		working = 0;
	}
	if (m == 12 && d == 25) {
		say(why, size, "Christmas Day");
		working = 0;
	}
	int em, ed;
	co_easter(&em, &ed, y);
	if (day == date(y, em, ed) - 2) {
		say(why, size, "Good Friday");
		working = 0;
	}
	/*
	 * Each bank holiday name once, with the parts that keep it on this day: "bank holiday in
	 * England and Wales, Scotland and Northern Ireland: Boxing Day". Christmas Day and Good Friday
	 * are said above.
	 */
	const char *names[3] = {NULL, NULL, NULL};
	for (size_t p = 0; p < 3; p++) {
		co_holiday h[CO_HOLIDAYS_MAX];
		size_t n = 0;
		(void)co_bank_holidays(h, &n, y, parts[p].part); /* y is in range */
		for (size_t i = 0; i < n; i++)
			if (h[i].day == day)
				names[p] = h[i].name;
	}
	for (size_t p = 0; p < 3; p++) {
		if (!names[p])
			continue;
		working = 0;
		if (strcmp(names[p], "Christmas Day") == 0 || strcmp(names[p], "Good Friday") == 0)
			continue;
		int seen = 0;
		for (size_t q = 0; q < p; q++)
			seen |= names[q] && strcmp(names[q], names[p]) == 0;
		if (seen)
			continue;
		char text[256] = "bank holiday in ";
		size_t count = 0, total = 0;
		for (size_t q = p; q < 3; q++)
			total += names[q] && strcmp(names[q], names[p]) == 0;
		for (size_t q = p; q < 3; q++) {
			if (!names[q] || strcmp(names[q], names[p]) != 0)
				continue;
			count++;
			size_t len = strlen(text);
			snprintf(text + len, sizeof(text) - len, "%s%s",
			         count == 1 ? "" : count == total ? " and " : ", ", parts[q].name);
		}
		size_t len = strlen(text);
		snprintf(text + len, sizeof(text) - len, ": %s", names[p]);
		say(why, size, text);
	}
	/* The rules' one-off days (calendar.holidays) are kept in every part, as every proclamation since 2011 was. */
	for (size_t i = 0; i < nextra; i++)
		if (extra[i].day == day) {
			char text[256];
			snprintf(text, sizeof(text), "bank holiday in England and Wales, Scotland and Northern Ireland: %s",
			         extra[i].name ? extra[i].name : "bank holiday");
			say(why, size, text);
			working = 0;
		}
	return working;
}

static void format_date(char out[11], int64_t day)
{
	int y, m, d;
	co_date_from_day(&y, &m, &d, day);
	snprintf(out, 11, "%04d-%02d-%02d", y, m, d);
}

int co_day_parse(int64_t *out, const char *text, const char **why)
{
	const char *dummy;
	int y = 0, m = 0, d = 0;
	if (!why)
		why = &dummy;
	*why = "not a date of the form YYYY-MM-DD";
	if (!text || strlen(text) != 10 || text[4] != '-' || text[7] != '-')
		return -1;
	for (int i = 0; i < 10; i++) {
		char c = text[i];
		if (i == 4 || i == 7)
			continue;
		if (c < '0' || c > '9')
			return -1;
		int v = c - '0';
		if (i < 4)
			y = y * 10 + v;
		else if (i < 7)
			m = m * 10 + v;
		else
			d = d * 10 + v;
	}
	if (co_day_from_date(out, y, m, d) != 0) {
		*why = "no such date";
		return -1;
	}
	return 0;
}

int co_calendar_date_valid(const char *date, const char **why)
{
	const char *dummy;
	int64_t day;
	int y, m, d;
	if (!why)
		why = &dummy;
	if (co_day_parse(&day, date, why) != 0)
		return 0;
	co_date_from_day(&y, &m, &d, day);
	if (y < CO_WORKDAYS_FIRST_YEAR || y > CO_WORKDAYS_LAST_YEAR) {
		*why = "the calendar is known from 2011-01-01 to 2099-12-31 only";
		return 0;
	}
	return 1;
}

int co_standstill(co_standstill_period *out, const char *notice_date, unsigned days, const char **why)
{
	return co_standstill_with(out, notice_date, days, NULL, 0, why);
}

/* 60 working days span under 90 days with under 40 days off: 16 added days still fit CO_STANDSTILL_MAX_SKIPPED. */
#define EXTRA_MAX CO_EXTRA_HOLIDAYS_MAX
_Static_assert(40 + CO_EXTRA_HOLIDAYS_MAX <= CO_STANDSTILL_MAX_SKIPPED, "the skipped days fit");

int co_standstill_with(co_standstill_period *out, const char *notice_date, unsigned days, const co_extra_holiday *extra,
                       size_t nextra, const char **why)
{
	const char *dummy;
	int64_t day;
	co_extra_day extras[EXTRA_MAX];
	if (!why)
		why = &dummy;
	if (co_day_parse(&day, notice_date, why) != 0)
		return CO_EINVALID;
	if (nextra > EXTRA_MAX) {
		*why = "too many added bank holidays (at most 16)";
		return CO_EINVALID;
	}
	for (size_t i = 0; i < nextra; i++) {
		if (!co_calendar_date_valid(extra[i].date, why))
			return CO_EINVALID;
		(void)co_day_parse(&extras[i].day, extra[i].date, NULL);
		extras[i].name = extra[i].name;
	}
	if (days < 1 || days > CO_STANDSTILL_MAX_DAYS) {
		*why = "the period must be from 1 to 60 working days";
		return CO_EINVALID;
	}
	memset(out, 0, sizeof(*out));
	format_date(out->notice, day);
	out->notice_weekday = co_weekday_name(day);
	out->working_days = days;
	unsigned counted = 0;
	const int64_t first = day;
	for (;; day++) {
		char reason[sizeof(out->skipped[0].reason)];
		int w = co_is_working_day_with(day, extras, nextra, reason, sizeof(reason));
		if (w < 0) {
			/* Past the first day, the date given is known: it is the period's end that is not. */
			*why = day == first ? "the calendar is known from 2011-01-01 to 2099-12-31 only"
			                    : "the standstill would end after 2099-12-31, the calendar's last known day";
			return CO_EINVALID;
		}
		if (w) {
			if (++counted == days)
				break;
			continue;
		}
		if (out->nskipped == CO_STANDSTILL_MAX_SKIPPED) /* 60 working days never skip so many */
			return CO_ERROR;
		co_skipped_day *s = &out->skipped[out->nskipped++];
		format_date(s->date, day);
		memcpy(s->reason, reason, sizeof(s->reason));
	}
	format_date(out->end, day);
	out->end_weekday = co_weekday_name(day);
	int y2, m2, d2;
	co_date_from_day(&y2, &m2, &d2, day + 1);
	if (y2 > CO_WORKDAYS_LAST_YEAR) {
		*why = "the standstill ends on 2099-12-31, so the contract could first be entered into after the calendar's "
		       "last known day";
		return CO_EINVALID;
	}
	format_date(out->contract_from, day + 1);
	out->contract_from_weekday = co_weekday_name(day + 1);
	return 0;
}

/* The last Sunday of a month of 31 days (March or October): BST begins or ends there at 01:00 UTC. */
static int64_t last_sunday(int y, int m)
{
	int64_t day = 0;
	(void)co_day_from_date(&day, y, m, 31);
	return day - (co_weekday(day) + 1) % 7; /* back to Sunday (weekday 6) */
}

/* Floor division, for instants before 1970 too. */
static int64_t floor_div(int64_t a, int64_t b)
{
	return a / b - (a % b != 0 && (a < 0) != (b < 0));
}

int co_uk_offset_at(int64_t utc_sec)
{
	int y, m, d;
	co_date_from_day(&y, &m, &d, floor_div(utc_sec, 86400));
	int64_t from = last_sunday(y, 3) * 86400 + 3600, to = last_sunday(y, 10) * 86400 + 3600;
	return utc_sec >= from && utc_sec < to ? 3600 : 0;
}

int64_t co_uk_day_of(int64_t utc_sec)
{
	return floor_div(utc_sec + co_uk_offset_at(utc_sec), 86400);
}

/*
 * 23:59:59 in the UK on day: in BST it is 22:59:59 UTC, so BST holds then exactly when it holds at
 * 22:59:59 UTC (the clocks change at 01:00 UTC, never near the end of a UK day).
 */
const char *co_uk_end_of_day_offset(int64_t day)
{
	return co_uk_offset_at(day * 86400 + 86399 - 3600) ? "+01:00" : "Z";
}
