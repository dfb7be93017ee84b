/* bench_assign: times the capped per-scheme assignment alone (not a unit test; run by tools/bench/cap.sh). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include "evaluating/assign.h"

static uint64_t state;

static unsigned rnd(unsigned n)
{
	state = state * 6364136223846793005ULL + 1442695040888963407ULL;
	return (unsigned)((state >> 33) % n);
}

static double now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static int by_scheme_total(const void *pa, const void *pb, void *ctx)
{
	const co_assign_edge *e = ctx;
	const co_assign_edge *a = &e[*(const long *)pa], *b = &e[*(const long *)pb];
	if (a->scheme != b->scheme)
		return a->scheme < b->scheme ? -1 : 1;
	return mpq_cmp(b->total, a->total);
}

/*
 * S schemes, U suppliers each bidding for `per` schemes. quality: totals are
 * 100 x (sum of six marks weighted 20/20/15/15/15/15) / 5 / 100 with means of
 * three marks (denominators of 3 and 5). priced: plus 40 x L / p with prices p
 * in pence, whose common denominator is huge (the GMP path).
 */
static double run(int S, int U, int per, long cap, int priced, int *awarded)
{
	size_t n = (size_t)U * (size_t)per;
	co_assign_edge *e = malloc(n * sizeof(*e));
	mpq_t *tot = malloc(n * sizeof(mpq_t));
	long *price = malloc((size_t)U * sizeof(long)), *win = malloc((size_t)S * sizeof(long));
	unsigned char *tied = malloc((size_t)S), *used = malloc((size_t)S);
	mpq_t q;
	mpq_init(q);
	state = 42;
	for (int u = 0; u < U; u++)
		price[u] = 2000 + (long)rnd(450); /* 20.00 to 24.49 */
	size_t k = 0;
	for (int u = 0; u < U; u++) {
		for (int s = 0; s < S; s++)
			used[s] = 0;
		unsigned sum = 0;
		for (int m = 0; m < 18; m++)
			sum += (1 + rnd(5)) * (m < 6 ? 20u : 15u);
		for (int j = 0; j < per; j++) {
			int s;
			do
				s = (int)rnd((unsigned)S);
			while (used[s]);
			used[s] = 1;
			mpq_init(tot[k]);
			mpq_set_ui(tot[k], sum, 15); /* a mean of three marks, over the top mark 5 */
			mpq_canonicalize(tot[k]);
			if (priced) {
				mpq_set_ui(q, 40UL * 2000UL, (unsigned long)price[u]);
				mpq_canonicalize(q);
				mpq_add(tot[k], tot[k], q);
			}
			e[k] = (co_assign_edge){(size_t)s, (size_t)u, 0, tot[k]};
			k++;
		}
	}
	/* Ranks within each scheme by total (ties share a rank): sort by scheme, then total. */
	long *order = malloc(n * sizeof(long));
	for (size_t a = 0; a < n; a++)
		order[a] = (long)a;
	qsort_r(order, n, sizeof(long), by_scheme_total, e);
	for (size_t a = 0, start = 0; a < n; a++) {
		const co_assign_edge *x = &e[order[a]], *y = a ? &e[order[a - 1]] : NULL;
		if (!y || y->scheme != x->scheme) {
			start = a;
			e[order[a]].rank = 1;
		} else {
			e[order[a]].rank = mpq_cmp(y->total, x->total) == 0 ? y->rank : (long)(a - start) + 1;
		}
	}
	free(order);
	double best = 1e9;
	for (int rep = 0; rep < 3; rep++) {
		double t0 = now();
		if (co_assign_solve((size_t)S, (size_t)U, cap, e, n, win, tied, NULL)) {
			fprintf(stderr, "bench_assign: out of memory\n");
			exit(1);
		}
		double t = now() - t0;
		if (t < best)
			best = t;
		if (t > 1.0)
			break; /* one run is enough to say it is slow */
	}
	*awarded = 0;
	for (int s = 0; s < S; s++)
		*awarded += win[s] >= 0;
	for (size_t a = 0; a < n; a++)
		mpq_clear(tot[a]);
	mpq_clear(q);
	free(e);
	free(tot);
	free(price);
	free(win);
	free(tied);
	free(used);
	return best;
}

int main(void)
{
	static const int pers[] = {3, 20, 200};
	printf("%-44s %9s %8s\n", "co_assign_solve, 200 schemes, 2000 suppliers", "seconds", "awarded");
	for (int priced = 0; priced < 2; priced++)
		for (int p = 0; p < 3; p++)
			for (long cap = 1; cap <= 2; cap++) {
				int awarded;
				double t = run(200, 2000, pers[p], cap, priced, &awarded);
				char label[128];
				snprintf(label, sizeof(label), "%s, %d schemes per bid, cap %ld", priced ? "priced (certified)" : "quality (64-bit)",
				         pers[p], cap);
				printf("%-44s %9.3f %8d\n", label, t, awarded);
			}
	return 0;
}
