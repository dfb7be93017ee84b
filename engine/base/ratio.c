/* Exact rationals in sixteen bytes when numerator and denominator fit in 63 bits, else in GMP's own. */
#include "base/ratio.h"
#include "calloff/status.h"
#include "base/num.h"

#include <stdlib.h>

_Static_assert(sizeof(long) == sizeof(int64_t), "mpz_fits_slong_p tells whether a value fits int64_t");

void co_ratio_init(co_ratio *r)
{
	r->num = 0;
	r->den_less_1 = 0;
}

void co_ratio_clear(co_ratio *r)
{
	if (!co_ratio_is_small(r)) {
		mpq_clear(r->big);
		free(r->big);
	}
	co_ratio_init(r);
}

int co_ratio_set(co_ratio *r, const mpq_t v)
{
	if (mpz_fits_slong_p(mpq_numref(v)) && mpz_fits_slong_p(mpq_denref(v))) {
		co_ratio_clear(r);
		r->num = mpz_get_si(mpq_numref(v));
		r->den_less_1 = mpz_get_si(mpq_denref(v)) - 1;
		return 0;
	}
	if (!co_ratio_is_small(r)) {
		mpq_set(r->big, v);
		return 0;
	}
	mpq_ptr big = malloc(sizeof(*big));
	if (!big)
		return CO_ERROR;
	mpq_init(big);
	mpq_set(big, v);
	r->big = big;
	r->den_less_1 = -1;
	return 0;
}

void co_ratio_get(mpq_t out, const co_ratio *r)
{
	if (co_ratio_is_small(r)) {
		/* Already in lowest terms with a positive denominator, so no canonicalisation is needed. */
		mpz_set_si(mpq_numref(out), r->num);
		mpz_set_si(mpq_denref(out), r->den_less_1 + 1);
	} else {
		mpq_set(out, r->big);
	}
}

char *co_ratio_format(const co_ratio *r, int decimals)
{
	mpq_t q;
	mpq_init(q);
	co_ratio_get(q, r);
	char *s = co_num_format(q, decimals);
	mpq_clear(q);
	return s;
}

int co_ratio_cmp(const co_ratio *a, const co_ratio *b)
{
	if (co_ratio_is_small(a) && co_ratio_is_small(b)) {
		/* Each product is below 2^126 in magnitude, so __int128 holds it exactly. */
		__int128 x = (__int128)a->num * (b->den_less_1 + 1), y = (__int128)b->num * (a->den_less_1 + 1);
		return (x > y) - (x < y);
	}
	mpq_t x, y;
	mpq_inits(x, y, NULL);
	co_ratio_get(x, a);
	co_ratio_get(y, b);
	int c = mpq_cmp(x, y);
	mpq_clears(x, y, NULL);
	return c;
}
