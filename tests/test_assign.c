/* The capped per-scheme assignment against brute-force enumeration on many small random instances. */
#include <criterion/criterion.h>
#include <stdint.h>
#include <stdlib.h>
#include "evaluating/assign.h"

typedef struct {
	int S, U;
	long cap;
	size_t n;
	co_assign_edge e[64];
	mpq_t tot[64];
} instance;

static uint64_t rng_state;

static unsigned rnd(unsigned n)
{
	rng_state = rng_state * 6364136223846793005ULL + 1442695040888963407ULL;
	return (unsigned)((rng_state >> 33) % n);
}

/*
 * Totals are thirds between 0 and 4 so that exact ties on sums are common.
 * big 1: every total is multiplied by 2^50: the same order and ties, but costs
 *        too large for the solver's 64-bit path, so its GMP path is tested too.
 * big 2: 1/p is added, p one of three primes near 10^6 per supplier: large common
 *        denominators but small totals, so the certified path (rounded, then proved
 *        exact) runs, with exact ties still possible between suppliers sharing p.
 * big 3: 1/q is added, q a different 41-bit number per pairing: differences far
 *        below the rounding unit, so certification can fail and the exact path
 *        takes over.
 */
static void make(instance *in, uint64_t seed, int big)
{
	rng_state = seed;
	in->S = 1 + (int)rnd(5);
	in->U = 1 + (int)rnd(8);
	in->cap = 1 + (long)rnd(3);
	in->n = 0;
	int tb[64];
	for (int u = 0; u < in->U; u++)
		for (int s = 0; s < in->S; s++)
			if (rnd(100) < 55) {
				size_t k = in->n++;
				mpq_init(in->tot[k]);
				mpq_set_ui(in->tot[k], rnd(13), 3);
				mpq_canonicalize(in->tot[k]);
				if (big == 1)
					mpq_mul_2exp(in->tot[k], in->tot[k], 50);
				if (big >= 2) {
					static const unsigned long primes[] = {1000003, 1000033, 1000037};
					mpq_t e;
					mpq_init(e);
					if (big == 2)
						mpq_set_ui(e, 1, primes[u % 3]);
					else
						mpq_set_ui(e, 1, (1UL << 40) + rnd(1u << 30));
					mpq_canonicalize(e);
					mpq_add(in->tot[k], in->tot[k], e);
					mpq_clear(e);
				}
				in->e[k].scheme = (size_t)s;
				in->e[k].supplier = (size_t)u;
				in->e[k].total = in->tot[k];
				tb[k] = (int)rnd(2); /* a tie-break key: equal totals and keys share a rank */
			}
	/* Ranks within each scheme: 1 + the number strictly ahead on (total, key). */
	for (size_t a = 0; a < in->n; a++) {
		long r = 1;
		for (size_t b = 0; b < in->n; b++) {
			if (in->e[b].scheme != in->e[a].scheme)
				continue;
			int c = mpq_cmp(in->tot[b], in->tot[a]);
			if (c > 0 || (c == 0 && tb[b] > tb[a]))
				r++;
		}
		in->e[a].rank = r;
	}
}

static void clear(instance *in)
{
	for (size_t k = 0; k < in->n; k++)
		mpq_clear(in->tot[k]);
}

/* <0 when assignment a is better than b; 0 when equal on all three rules. */
static int compare(const instance *in, const long *a, const long *b)
{
	int ca = 0, cb = 0;
	mpq_t sa, sb;
	mpq_inits(sa, sb, NULL);
	for (int s = 0; s < in->S; s++) {
		if (a[s] >= 0) {
			ca++;
			mpq_add(sa, sa, in->tot[a[s]]);
		}
		if (b[s] >= 0) {
			cb++;
			mpq_add(sb, sb, in->tot[b[s]]);
		}
	}
	int c = cb - ca;
	if (!c)
		c = mpq_cmp(sb, sa);
	mpq_clears(sa, sb, NULL);
	for (int s = 0; !c && s < in->S; s++) {
		long ra = a[s] >= 0 ? in->e[a[s]].rank : 1000000, rb = b[s] >= 0 ? in->e[b[s]].rank : 1000000;
		c = (ra > rb) - (ra < rb);
	}
	return c;
}

static int within_cap(const instance *in, const long *a)
{
	int used[8] = {0};
	for (int s = 0; s < in->S; s++)
		if (a[s] >= 0 && ++used[in->e[a[s]].supplier] > in->cap)
			return 0;
	return 1;
}

typedef struct {
	long best[5];
	int have;
	int differs[5];
	long first[5];
} brute;

static void enumerate(const instance *in, long *cur, int s, brute *br)
{
	if (s == in->S) {
		if (!within_cap(in, cur))
			return;
		int c = br->have ? compare(in, cur, br->best) : -1;
		if (c < 0) {
			memcpy(br->best, cur, sizeof(br->best));
			memcpy(br->first, cur, sizeof(br->first));
			memset(br->differs, 0, sizeof(br->differs));
			br->have = 1;
		} else if (c == 0) {
			for (int k = 0; k < in->S; k++) {
				long x = cur[k] >= 0 ? (long)in->e[cur[k]].supplier : -1;
				long y = br->first[k] >= 0 ? (long)in->e[br->first[k]].supplier : -1;
				if (x != y)
					br->differs[k] = 1;
			}
		}
		return;
	}
	cur[s] = -1;
	enumerate(in, cur, s + 1, br);
	for (size_t k = 0; k < in->n; k++)
		if ((int)in->e[k].scheme == s) {
			cur[s] = (long)k;
			enumerate(in, cur, s + 1, br);
		}
}

static void against_brute_force(int big)
{
	int ties_seen = 0, cap_bound = 0;
	for (uint64_t seed = 1; seed <= 600; seed++) {
		instance in;
		make(&in, seed, big);
		long win[5], cur[5];
		unsigned char tied[5];
		cr_assert_eq(co_assign_solve((size_t)in.S, (size_t)in.U, in.cap, in.e, in.n, win, tied, NULL), 0);
		brute br = {.have = 0};
		enumerate(&in, cur, 0, &br);
		cr_assert(within_cap(&in, win), "seed %llu: the solver's award respects the cap", (unsigned long long)seed);
		cr_assert_eq(compare(&in, win, br.best), 0, "seed %llu: the solver's award is optimal on all three rules",
		             (unsigned long long)seed);
		for (int s = 0; s < in.S; s++) {
			cr_assert_eq(tied[s], br.differs[s], "seed %llu scheme %d: tie %d, brute force says %d",
			             (unsigned long long)seed, s, tied[s], br.differs[s]);
			ties_seen += tied[s];
			if (!tied[s] && br.best[s] >= 0 && in.e[br.best[s]].rank > 1)
				cap_bound++;
		}
		clear(&in);
	}
	cr_assert_gt(ties_seen, big == 3 ? -1 : big == 2 ? 5 : 20, "the instances exercise ties (%d)", ties_seen);
	cr_assert_gt(cap_bound, 20, "the instances exercise the cap moving awards off rank 1 (%d)", cap_bound);
}

Test(assign, matches_brute_force_on_random_instances)
{
	against_brute_force(0);
}

Test(assign, matches_brute_force_with_costs_beyond_64_bits)
{
	against_brute_force(1);
}

Test(assign, matches_brute_force_on_the_certified_path)
{
	against_brute_force(2);
}

Test(assign, matches_brute_force_when_certification_must_fall_back)
{
	against_brute_force(3);
}

/*
 * Greedy in scheme order is wrong here. Cap 1. Supplier A is rank 1 on both
 * schemes (S1: A 90, B 89; S2: A 80, C 10). Greedy gives S1 to A and S2 to C:
 * sum 100. Optimal gives S1 to B and S2 to A: sum 169.
 */
Test(assign, beats_greedy_in_file_order)
{
	mpq_t t[4];
	for (int i = 0; i < 4; i++)
		mpq_init(t[i]);
	mpq_set_ui(t[0], 90, 1);
	mpq_set_ui(t[1], 89, 1);
	mpq_set_ui(t[2], 80, 1);
	mpq_set_ui(t[3], 10, 1);
	co_assign_edge e[] = {{0, 0, 1, t[0]}, {0, 1, 2, t[1]}, {1, 0, 1, t[2]}, {1, 2, 2, t[3]}};
	long win[2];
	unsigned char tied[2];
	cr_assert_eq(co_assign_solve(2, 3, 1, e, 4, win, tied, NULL), 0);
	cr_assert_eq(e[win[0]].supplier, 1, "S1 goes to B (rank 2)");
	cr_assert_eq(e[win[1]].supplier, 0, "S2 goes to A");
	cr_assert_not(tied[0] || tied[1]);
	for (int i = 0; i < 4; i++)
		mpq_clear(t[i]);
}

/* Two schemes, cap 1, one supplier on both with the same total: rank order decides. */
Test(assign, ranks_break_equal_sums_in_scheme_order)
{
	mpq_t a, b;
	mpq_init(a);
	mpq_init(b);
	mpq_set_ui(a, 50, 1);
	mpq_set_ui(b, 40, 1);
	/* S1: A 50 (rank 1), B 40 (rank 2). S2: A 50 (rank 1), B 40 (rank 2). Both assignments sum to 90. */
	co_assign_edge e[] = {{0, 0, 1, a}, {0, 1, 2, b}, {1, 0, 1, a}, {1, 1, 2, b}};
	long win[2];
	unsigned char tied[2];
	cr_assert_eq(co_assign_solve(2, 2, 1, e, 4, win, tied, NULL), 0);
	cr_assert_eq(e[win[0]].supplier, 0, "ranks (1, 2) beat (2, 1): S1 goes to A");
	cr_assert_eq(e[win[1]].supplier, 1);
	cr_assert_not(tied[0] || tied[1]);
	mpq_clear(a);
	mpq_clear(b);
}

/* Two suppliers tied on every key on both schemes, cap 1: either way round is as good. */
Test(assign, interchangeable_winners_are_reported_as_ties)
{
	mpq_t a;
	mpq_init(a);
	mpq_set_ui(a, 70, 1);
	co_assign_edge e[] = {{0, 0, 1, a}, {0, 1, 1, a}, {1, 0, 1, a}, {1, 1, 1, a}};
	long win[2];
	unsigned char tied[2], alt[4];
	cr_assert_eq(co_assign_solve(2, 2, 1, e, 4, win, tied, alt), 0);
	cr_assert(win[0] >= 0 && win[1] >= 0);
	cr_assert(tied[0] && tied[1]);
	for (int k = 0; k < 4; k++)
		cr_assert(alt[k], "every pairing wins in one of the two assignments (%d)", k);
	mpq_clear(a);
}
