/* Exact decimal arithmetic for the award path: GMP rationals never round unless asked. */
#include "base/num.h"

#include <stdlib.h>
#include <string.h>

int co_num_parse(mpq_t out, const char *s, int max_places, int allow_negative, const char **why)
{
	const char *p = s;
	int neg = 0, digits = 0, places = 0;
	const char *dummy;
	if (!why)
		why = &dummy;
	if (!s || !*s) {
		*why = "empty number";
		return -1;
	}
	if (*p == '-') {
		if (!allow_negative) {
			*why = "negative numbers are not allowed";
			return -1;
		}
		neg = 1;
		p++;
	}
	if (*p < '0' || *p > '9') {
		*why = "not a plain decimal (digits, optionally a point and more digits)";
		return -1;
	}
	char buf[2 * CO_NUM_MAX_DIGITS + 8];
	size_t b = 0;
	if (neg)
		buf[b++] = '-';
	for (; *p >= '0' && *p <= '9'; p++) {
		if (++digits > CO_NUM_MAX_DIGITS) {
			*why = "too many digits";
			return -1;
		}
		buf[b++] = *p;
	}
	if (*p == '.') {
		p++;
		if (*p < '0' || *p > '9') {
			*why = "a decimal point must be followed by digits";
			return -1;
		}
		for (; *p >= '0' && *p <= '9'; p++) {
			if (++digits > CO_NUM_MAX_DIGITS) {
				*why = "too many digits";
				return -1;
			}
			places++;
			buf[b++] = *p;
		}
	}
	if (*p) {
		*why = "not a plain decimal (digits, optionally a point and more digits)";
		return -1;
	}
	if (max_places >= 0 && places > max_places) {
		*why = max_places == 0 ? "must be a whole number" : "too many decimal places";
		return -1;
	}
	buf[b] = '\0';
	/* buf now holds the digits without the point: the value is buf / 10^places. */
	mpz_t num, den;
	mpz_init_set_str(num, buf, 10);
	mpz_init(den);
	mpz_ui_pow_ui(den, 10, (unsigned long)places);
	mpq_set_num(out, num);
	mpq_set_den(out, den);
	mpq_canonicalize(out);
	mpz_clear(num);
	mpz_clear(den);
	return 0;
}

/*
 * n = floor(q x 10^decimals + 1/2), the rounded value in units of 10^-decimals, in integers
 * alone: floor((2 x num x 10^d + den) / (2 x den)). scale receives 10^d.
 */
static void round_scaled(mpz_t n, mpz_t scale, const mpq_t q, int decimals)
{
	mpz_t den2;
	mpz_ui_pow_ui(scale, 10, (unsigned long)decimals);
	mpz_init(den2);
	mpz_mul(n, mpq_numref(q), scale);
	mpz_mul_2exp(n, n, 1);
	mpz_add(n, n, mpq_denref(q));
	mpz_mul_2exp(den2, mpq_denref(q), 1);
	mpz_fdiv_q(n, n, den2);
	mpz_clear(den2);
}

void co_num_round(mpq_t out, const mpq_t q, int decimals)
{
	mpz_t scale, n;
	mpz_inits(scale, n, NULL);
	round_scaled(n, scale, q, decimals);
	mpq_set_num(out, n);
	mpq_set_den(out, scale);
	mpq_canonicalize(out);
	mpz_clears(scale, n, NULL);
}

char *co_num_format(const mpq_t q, int decimals)
{
	mpz_t scale, n;
	mpz_inits(scale, n, NULL);
	round_scaled(n, scale, q, decimals);
	int neg = mpz_sgn(n) < 0;
	mpz_abs(n, n);
	char small[64];
	char *digits = mpz_sizeinbase(n, 10) + 2 <= sizeof(small) ? mpz_get_str(small, 10, n) : mpz_get_str(NULL, 10, n);
	size_t len = strlen(digits);
	size_t d = (size_t)decimals;
	/* Pad so there is at least one digit before the point. */
	size_t intlen = len > d ? len - d : 1;
	char *out = malloc(intlen + d + 3);
	if (out) {
		char *o = out;
		if (neg)
			*o++ = '-';
		if (len > d) {
			memcpy(o, digits, intlen);
			o += intlen;
		} else {
			*o++ = '0';
		}
		if (d > 0) {
			*o++ = '.';
			size_t zeros = len < d ? d - len : 0;
			memset(o, '0', zeros);
			o += zeros;
			size_t fr = len < d ? len : d;
			memcpy(o, digits + (len - fr), fr);
			o += fr;
		}
		*o = '\0';
	}
	if (digits != small)
		free(digits);
	mpz_clears(scale, n, NULL);
	return out;
}

char *co_num_format_trim(const mpq_t q, int decimals)
{
	char *s = co_num_format(q, decimals);
	if (!s || !strchr(s, '.'))
		return s;
	size_t len = strlen(s);
	while (len > 0 && s[len - 1] == '0')
		s[--len] = '\0';
	if (len > 0 && s[len - 1] == '.')
		s[--len] = '\0';
	if (strcmp(s, "-0") == 0)
		strcpy(s, "0");
	return s;
}

char *co_num_exact(const mpq_t q)
{
	return mpq_get_str(NULL, 10, q);
}
