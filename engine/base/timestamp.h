/* Internal: RFC 3339 timestamps compared exactly. */
#ifndef CO_TIMESTAMP_H
#define CO_TIMESTAMP_H

#include <stdint.h>

/*
 * A timestamp to any precision: seconds, the fraction's first 18 digits, and whether a later
 * digit is not 0 (then the text it was parsed from decides, see co_time_cmp).
 */
typedef struct {
	int64_t sec;   /* seconds since 1970-01-01T00:00:00Z */
	int32_t nsec;  /* fraction digits 1 to 9: 0..999999999 */
	uint32_t frac; /* fraction digits 10 to 18, in units of 10^-18 s, with CO_TIME_MORE set when a later digit is not 0 */
} co_time;
_Static_assert(sizeof(co_time) == 16, "a timestamp is sixteen bytes (a bid record's size depends on it)");

#define CO_TIME_MORE 0x80000000u

/*
 * Parse "YYYY-MM-DDTHH:MM:SS[.fraction](Z|+HH:MM|-HH:MM)" (RFC 3339, as xs:dateTime with an
 * offset). The offset is required; the fraction may have any number of digits. Returns 0, or
 * -1 with *why set.
 */
int co_time_parse(co_time *out, const char *s, const char **why);

/*
 * <0, 0, >0 as a is earlier than, equal to, later than b, exactly: a and b are compared to
 * 10^-18 s, and when both have digits beyond that, their texts (those they were parsed from;
 * NULL when unknown, and then such times compare equal) decide.
 */
int co_time_cmp(const co_time *a, const char *atext, const co_time *b, const char *btext);

#endif
