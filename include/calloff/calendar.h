/* The working-day calendar of the Procurement Act 2023: the mandatory standstill period's end. */
#ifndef CALLOFF_CALENDAR_H
#define CALLOFF_CALENDAR_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/** The standstill's length in working days (Procurement Act 2023 s.51). */
#define CO_STANDSTILL_DAYS 8
/** The most working days co_standstill() counts. */
#define CO_STANDSTILL_MAX_DAYS 60
/** Room for the days skipped: 60 working days span under 90 days, of which under 40 are not working days. */
#define CO_STANDSTILL_MAX_SKIPPED 64

/** A day that is not a working day, and why (Saturday, Christmas Day, bank holiday in PART: NAME; ...). */
typedef struct {
	char date[11];    /**< YYYY-MM-DD */
	char reason[320]; /**< every reason, joined by "; " */
} co_skipped_day;

/** A standstill period counted from the notice date. Dates are YYYY-MM-DD; weekday names are static. */
typedef struct {
	char notice[11];
	const char *notice_weekday;
	unsigned working_days;    /**< the period's length */
	char end[11];             /**< the last day of the standstill (a working day) */
	const char *end_weekday;
	char contract_from[11];   /**< the first day the contract may be entered into: the day after end */
	const char *contract_from_weekday;
	size_t nskipped;          /**< the non-working days from the notice date to end, in order */
	co_skipped_day skipped[CO_STANDSTILL_MAX_SKIPPED];
} co_standstill_period;

/**
 * The standstill period of `days` working days "beginning with the day on which the contract award
 * notice is published" (s.51): the notice date counts as the first day when it is a working day.
 * A working day is as in s.123: not a Saturday, Sunday, Christmas Day, Good Friday or a bank
 * holiday in any part of the United Kingdom (England and Wales, Scotland, Northern Ireland).
 * @param out filled in on success (the caller's storage; nothing is allocated)
 * @param notice_date "YYYY-MM-DD", from 2011-01-01 to 2099-12-31 less the period
 * @param days from 1 to CO_STANDSTILL_MAX_DAYS (CO_STANDSTILL_DAYS for the Act's period)
 * @param why on CO_EINVALID, receives a static message saying what is wrong (may be NULL)
 * @return 0, or CO_EINVALID for a date that is not YYYY-MM-DD, not a real date, out of range,
 * a period that would end (or a contract_from) after 2099-12-31 (its own message: the end is
 * what is out of range, not the date given), or days out of range.
 */
int co_standstill(co_standstill_period *out, const char *notice_date, unsigned days, const char **why);

/** The most one-off bank holidays co_standstill_with() adds (a rule file's calendar.holidays). */
#define CO_EXTRA_HOLIDAYS_MAX 16

/** A one-off bank holiday proclaimed after this release (the rules' calendar.holidays), kept in every part of the UK. */
typedef struct {
	char date[11];    /**< YYYY-MM-DD */
	const char *name; /**< borrowed from whoever holds the list (the rules) */
} co_extra_holiday;

/**
 * co_standstill() with @p nextra one-off bank holidays added to the shipped calendar: each is not
 * a working day ("bank holiday in England and Wales, Scotland and Northern Ireland: NAME").
 * @param extra the added days (may be NULL when nextra is 0); a date that is not YYYY-MM-DD or
 * outside the calendar's years is CO_EINVALID
 * @return as co_standstill()
 */
int co_standstill_with(co_standstill_period *out, const char *notice_date, unsigned days, const co_extra_holiday *extra,
                       size_t nextra, const char **why);

/**
 * Whether @p date is a date the calendar knows: "YYYY-MM-DD", a real date, from 2011-01-01 to 2099-12-31.
 * @param why on 0, receives a static message saying what is wrong (may be NULL)
 * @return 1 when it is, 0 when it is not
 */
int co_calendar_date_valid(const char *date, const char **why);

#ifdef __cplusplus
}
#endif
#endif
