/* Internal: RFC 3339 timestamps compared exactly. */
#ifndef CO_TIMESTAMP_H
#define CO_TIMESTAMP_H

#include <stdint.h>

typedef struct {
	int64_t sec;  /* seconds since 1970-01-01T00:00:00Z */
	int32_t nsec; /* 0..999999999 */
} co_time;

/*
 * Parse "YYYY-MM-DDTHH:MM:SS[.fraction](Z|+HH:MM|-HH:MM)". The offset is
 * required; at most 9 fraction digits. Returns 0, or -1 with *why set.
 */
int co_time_parse(co_time *out, const char *s, const char **why);

/* <0, 0, >0 as a is earlier than, equal to, later than b. */
int co_time_cmp(const co_time *a, const co_time *b);

#endif
