/* Internal: exact decimal numbers on GMP rationals (parsing, rounding, printing). */
#ifndef CO_NUM_H
#define CO_NUM_H

#include <gmp.h>

/* Most digits a decimal in any input may have (integer and fraction digits together). */
#define CO_NUM_MAX_DIGITS 18

/*
 * Parse a plain decimal "123", "123.4", "0.45" (optionally "-" first when
 * allow_negative) with at most max_places fraction digits (-1: any) and at most
 * CO_NUM_MAX_DIGITS digits. No exponent, sign "+", separators, spaces or
 * currency signs. Returns 0 and sets out, or -1 with *why naming the problem.
 */
int co_num_parse(mpq_t out, const char *s, int max_places, int allow_negative, const char **why);

/* out = q rounded half up (towards +infinity at exactly .5) to `decimals` places. */
void co_num_round(mpq_t out, const mpq_t q, int decimals);

/* q rounded half up to `decimals` places, printed with exactly that many places. Caller frees. */
char *co_num_format(const mpq_t q, int decimals);

/* Like co_num_format, then trailing zeros and a trailing point removed ("3.5", "4", "3.33"). */
char *co_num_format_trim(const mpq_t q, int decimals);

/* The exact value as a fraction "p/q" or an integer "p", for audit output. Caller frees. */
char *co_num_exact(const mpq_t q);

#endif
