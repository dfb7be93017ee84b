/* Internal: the optimal one-provider-per-scheme assignment under a per-supplier cap (FORMATS 6.3). */
#ifndef CO_ASSIGN_H
#define CO_ASSIGN_H

#include <gmp.h>
#include <stddef.h>

/* One eligible pairing: supplier u may be awarded scheme s, with the bid's rank and total there. */
typedef struct {
	size_t scheme;
	size_t supplier;
	long rank;   /* the bid's rank within the scheme's own ranking (1 = best) */
	mpq_srcptr total;
} co_assign_edge;

/*
 * Among all assignments giving each scheme at most one edge and each supplier
 * at most cap edges, choose the one that (1) awards the most schemes, (2) then
 * has the largest sum of totals, (3) then has the lexicographically smallest
 * winners' ranks read in scheme order (an unawarded scheme counting as worse
 * than any rank). Exact: totals are compared as rationals.
 *
 * winner[s] receives the index into edges of scheme s's award, or -1.
 * tied[s] is set to 1 when another assignment equal on (1), (2) and (3) gives
 * scheme s to a different supplier; a person must then decide that scheme.
 * alt (one per edge, may be NULL) marks the edges that win their tied scheme in
 * some such assignment (the proposed winner included).
 * Returns 0 or CO_ERROR (out of memory).
 */
int co_assign_solve(size_t nschemes, size_t nsuppliers, long cap, const co_assign_edge *edges, size_t nedges,
                    long *winner, unsigned char *tied, unsigned char *alt);

#endif
