/* Internal: an exact rational kept in sixteen bytes when it fits, for the numbers every bid holds. */
#ifndef CO_RATIO_H
#define CO_RATIO_H

#include <gmp.h>
#include <stdint.h>

/*
 * An exact rational. Scores are sums of fractions whose numerators and denominators are small
 * (marks, weights, prices in pence), so nearly every one is num/den with both within 63 bits,
 * held inline with no allocation. A value beyond that is kept whole in a GMP rational of its
 * own, which big points at. Either way the value is exact: a ratio is a way of storing an
 * mpq_t, never an approximation of one.
 *
 * The denominator is stored less one, so that a zeroed co_ratio (calloc, {0}) is 0, like
 * co_ratio_init's. co_ratio_clear frees a big value.
 */
typedef struct {
	union {
		int64_t num; /* inline: the numerator, in lowest terms with the denominator */
		mpq_ptr big; /* when den_less_1 is -1 */
	};
	int64_t den_less_1; /* inline: the denominator less one (0 to INT64_MAX - 1); -1 marks a big value */
} co_ratio;
_Static_assert(sizeof(co_ratio) == 16, "an exact number is kept in sixteen bytes");

/* Set r to 0. */
void co_ratio_init(co_ratio *r);

/* Free a big value; r is 0 again after. */
void co_ratio_clear(co_ratio *r);

/* r = v (canonical, as GMP keeps it). Returns 0, or CO_ERROR when a big value cannot be allocated (r is unchanged then). */
int co_ratio_set(co_ratio *r, const mpq_t v);

/* out = r. */
void co_ratio_get(mpq_t out, const co_ratio *r);

/* co_num_format of the value: rounded half up to `decimals` places. Caller frees; NULL when out of memory. */
char *co_ratio_format(const co_ratio *r, int decimals);

/* <0, 0, >0 as a is less than, equal to, greater than b; exact. */
int co_ratio_cmp(const co_ratio *a, const co_ratio *b);

/* 1 when the value is held inline (no allocation). */
static inline int co_ratio_is_small(const co_ratio *r)
{
	return r->den_less_1 >= 0;
}

#endif
