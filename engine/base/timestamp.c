/* RFC 3339 timestamps: deadlines and submission times, compared to the nanosecond. */
#include "base/timestamp.h"

#include <string.h>

static int digits(const char *s, int n, int *out)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return 0;
}

/* Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil). */
static int64_t days_from_civil(int64_t y, int m, int d)
{
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;
	int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static int days_in_month(int y, int m)
{
	static const int dm[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return dm[m - 1];
}

int co_time_parse(co_time *out, const char *s, const char **why)
{
	int y, mo, d, h, mi, se, nsec = 0;
	const char *dummy;
	if (!why)
		why = &dummy;
	*why = "not an RFC 3339 timestamp (YYYY-MM-DDTHH:MM:SSZ or with an offset such as +01:00)";
	if (!s || strlen(s) < 20)
		return -1;
	if (digits(s, 4, &y) || s[4] != '-' || digits(s + 5, 2, &mo) || s[7] != '-' ||
	    digits(s + 8, 2, &d) || (s[10] != 'T' && s[10] != 't') || digits(s + 11, 2, &h) ||
	    s[13] != ':' || digits(s + 14, 2, &mi) || s[16] != ':' || digits(s + 17, 2, &se))
		return -1;
	const char *p = s + 19;
	uint32_t frac = 0;
	if (*p == '.') {
		p++;
		size_t n = 0;
		for (; *p >= '0' && *p <= '9'; p++, n++) {
			if (n < 9)
				nsec = nsec * 10 + (*p - '0');
			else if (n < 18)
				frac = frac * 10 + (uint32_t)(*p - '0');
			else if (*p != '0')
				frac |= CO_TIME_MORE;
		}
		if (n == 0)
			return -1;
		for (size_t k = n; k < 9; k++)
			nsec *= 10;
		for (size_t k = n < 9 ? 9 : n; k < 18; k++)
			frac = (frac & ~CO_TIME_MORE) * 10 | (frac & CO_TIME_MORE);
	}
	int off = 0;
	if (*p == 'Z' || *p == 'z') {
		p++;
	} else if (*p == '+' || *p == '-') {
		int oh, om;
		if (digits(p + 1, 2, &oh) || p[3] != ':' || digits(p + 4, 2, &om) || oh > 23 || om > 59)
			return -1;
		off = (oh * 60 + om) * 60 * (*p == '-' ? -1 : 1);
		p += 6;
	} else {
		*why = "a timestamp needs a time zone (Z or an offset such as +01:00)";
		return -1;
	}
	if (*p)
		return -1;
	if (mo < 1 || mo > 12 || d < 1 || d > days_in_month(y, mo) || h > 23 || mi > 59 || se > 60) {
		*why = "timestamp out of range";
		return -1;
	}
	out->sec = days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + se - off;
	out->nsec = nsec;
	out->frac = frac;
	return 0;
}

/* The fraction digits of a timestamp's text from the 19th on (after the ".", at a fixed place); "" when none. */
static const char *digits_beyond_18(const char *s)
{
	if (!s || strlen(s) < 20 || s[19] != '.')
		return "";
	const char *p = s + 20;
	for (int k = 0; k < 18; k++, p++)
		if (*p < '0' || *p > '9')
			return "";
	return p;
}

int co_time_cmp(const co_time *a, const char *atext, const co_time *b, const char *btext)
{
	if (a->sec != b->sec)
		return a->sec < b->sec ? -1 : 1;
	if (a->nsec != b->nsec)
		return a->nsec < b->nsec ? -1 : 1;
	uint32_t fa = a->frac & ~CO_TIME_MORE, fb = b->frac & ~CO_TIME_MORE;
	if (fa != fb)
		return fa < fb ? -1 : 1;
	int ma = (a->frac & CO_TIME_MORE) != 0, mb = (b->frac & CO_TIME_MORE) != 0;
	if (ma != mb)
		return ma - mb;
	if (!ma)
		return 0;
	/* Both go on past 10^-18 s: their digits from there on, a missing digit read as 0. */
	const char *p = digits_beyond_18(atext), *q = digits_beyond_18(btext);
	for (;;) {
		char x = *p >= '0' && *p <= '9' ? *p++ : '0', y = *q >= '0' && *q <= '9' ? *q++ : '0';
		if (x != y)
			return x < y ? -1 : 1;
		if (!(*p >= '0' && *p <= '9') && !(*q >= '0' && *q <= '9'))
			return 0;
	}
}
