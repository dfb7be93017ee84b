/*
 * The capped per-scheme award as a min-cost flow, solved exactly.
 *
 * Network: source -> supplier (capacity cap) -> scheme (capacity 1, cost -total)
 * -> sink (capacity 1). Totals are scaled by the least common multiple of their
 * denominators, so every cost is an exact integer. Successive shortest paths
 * with potentials end in a maximum flow of minimum cost: the most schemes
 * awarded, then the largest sum of totals. Every optimal flow differs from it by
 * cycles of zero reduced cost, so the lexicographic rank rule and the tie test
 * work on the graph of zero-reduced-cost residual arcs only.
 *
 * Costs are GMP integers; when they are small enough (SMALL_COST_BITS) the flow
 * is computed in 64-bit integers instead, which is exact too and much faster.
 * Arcs are stored per node, contiguously, for the sake of the cache.
 */
#include "evaluating/assign.h"
#include "calloff/status.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/*
 * Every potential and distance is a sum of at most nv arc costs; with costs of
 * at most 2^40 in magnitude and nv below 2^20 that stays under 2^61.
 */
#define SMALL_COST_BITS 40
#define SMALL_MAX_NODES (1 << 20)

typedef struct {
	int nv, na;
	int *start;         /* arcs out of v: start[v] .. start[v + 1] - 1 */
	int *from, *to, *rev, *cap;
	long *edge;         /* the input edge of a supplier <-> scheme arc, else -1 */
	unsigned char *fwd; /* 1 for the arc as added, 0 for its reverse */
	unsigned char *zero;/* zero reduced cost (fixed once the flow is optimal) */
	unsigned char *open;/* zero reduced cost and room left: the arcs of a zero-cost cycle */
	mpz_t *ecost;       /* per input edge: -total x lcm (the supplier -> scheme cost) */
	int64_t *c64;       /* per arc, in the 64-bit run */
	mpz_t *pot;
	int64_t *pot64;
	double *etotal;     /* per input edge: the total as a double (for the certified run) */
} graph;

typedef struct {
	int from, to, cap;
	long edge;
} arc_spec;

/* Lays out the arcs (each spec and its reverse) contiguously per node. */
static int build(graph *g, const arc_spec *spec, int nspec)
{
	int nv = g->nv;
	g->na = 2 * nspec;
	g->start = calloc((size_t)nv + 1, sizeof(int));
	int *fill = malloc((size_t)nv * sizeof(int));
	size_t na = (size_t)g->na + 1;
	g->from = malloc(na * sizeof(int));
	g->to = malloc(na * sizeof(int));
	g->rev = malloc(na * sizeof(int));
	g->cap = malloc(na * sizeof(int));
	g->edge = malloc(na * sizeof(long));
	g->fwd = malloc(na);
	g->zero = calloc(na, 1);
	g->open = calloc(na, 1);
	g->c64 = calloc(na, sizeof(int64_t));
	if (!g->start || !fill || !g->from || !g->to || !g->rev || !g->cap || !g->edge || !g->fwd || !g->zero ||
	    !g->open || !g->c64) {
		free(fill);
		return CO_ERROR;
	}
	for (int k = 0; k < nspec; k++) {
		g->start[spec[k].from + 1]++;
		g->start[spec[k].to + 1]++;
	}
	for (int v = 0; v < nv; v++)
		g->start[v + 1] += g->start[v];
	memcpy(fill, g->start, (size_t)nv * sizeof(int));
	for (int k = 0; k < nspec; k++) {
		int p = fill[spec[k].from]++, q = fill[spec[k].to]++;
		g->from[p] = g->to[q] = spec[k].from;
		g->to[p] = g->from[q] = spec[k].to;
		g->rev[p] = q;
		g->rev[q] = p;
		g->cap[p] = spec[k].cap;
		g->cap[q] = 0;
		g->edge[p] = g->edge[q] = spec[k].edge;
		g->fwd[p] = 1;
		g->fwd[q] = 0;
	}
	free(fill);
	return 0;
}

/* The arc's cost, into out. */
static void arc_cost(const graph *g, int i, mpz_t out)
{
	if (g->edge[i] < 0)
		mpz_set_ui(out, 0);
	else if (g->fwd[i])
		mpz_set(out, g->ecost[g->edge[i]]);
	else
		mpz_neg(out, g->ecost[g->edge[i]]);
}

static void push(graph *g, int i)
{
	int r = g->rev[i];
	g->cap[i]--;
	g->cap[r]++;
	g->open[i] = g->zero[i] && g->cap[i] > 0;
	g->open[r] = g->zero[r] && g->cap[r] > 0;
}

/* An indexed binary min-heap of nodes, keyed either by mpz or by 64-bit distances. */
typedef struct {
	int *h, *pos, n;
	mpz_t *key;
	int64_t *key64;
} heap;

static int less(const heap *p, int a, int b)
{
	return p->key64 ? p->key64[a] < p->key64[b] : mpz_cmp(p->key[a], p->key[b]) < 0;
}

static void heap_swap(heap *p, int i, int j)
{
	int t = p->h[i];
	p->h[i] = p->h[j];
	p->h[j] = t;
	p->pos[p->h[i]] = i;
	p->pos[p->h[j]] = j;
}

static void heap_up(heap *p, int i)
{
	while (i > 0 && less(p, p->h[i], p->h[(i - 1) / 2])) {
		heap_swap(p, i, (i - 1) / 2);
		i = (i - 1) / 2;
	}
}

static void heap_down(heap *p, int i)
{
	for (;;) {
		int l = 2 * i + 1, r = l + 1, m = i;
		if (l < p->n && less(p, p->h[l], p->h[m]))
			m = l;
		if (r < p->n && less(p, p->h[r], p->h[m]))
			m = r;
		if (m == i)
			return;
		heap_swap(p, i, m);
		i = m;
	}
}

static int heap_pop(heap *p)
{
	int u = p->h[0];
	heap_swap(p, 0, --p->n);
	p->pos[u] = -2;
	heap_down(p, 0);
	return u;
}

/* Put v in the heap, or move it up after its key decreased. */
static void heap_offer(heap *p, int v)
{
	if (p->pos[v] == -1) {
		p->h[p->n] = v;
		p->pos[v] = p->n++;
	}
	heap_up(p, p->pos[v]);
}

static void heap_reset(heap *p, int nv, int src)
{
	for (int v = 0; v < nv; v++)
		p->pos[v] = -1;
	p->n = 0;
	heap_offer(p, src);
}

/*
 * Shortest paths from src over residual arcs on reduced costs (all >= 0).
 * Returns 1 when sink is reached; parent[v] is the arc into v.
 */
static int dijkstra64(graph *g, int src, int sink, int64_t *dist, unsigned char *done, int *parent, heap *hp)
{
	memset(done, 0, (size_t)g->nv);
	dist[src] = 0;
	parent[src] = -1;
	heap_reset(hp, g->nv, src);
	while (hp->n > 0) {
		int u = heap_pop(hp);
		done[u] = 1;
		if (u == sink)
			break; /* the rest cannot be nearer than the sink */
		int64_t base = dist[u] + g->pot64[u];
		for (int i = g->start[u]; i < g->start[u + 1]; i++) {
			int w = g->to[i];
			if (g->cap[i] <= 0 || done[w])
				continue;
			int64_t d = base + g->c64[i] - g->pot64[w];
			if (hp->pos[w] == -1 || d < dist[w]) {
				dist[w] = d;
				parent[w] = i;
				heap_offer(hp, w);
			}
		}
	}
	return done[sink];
}

static int dijkstra_mpz(graph *g, int src, int sink, mpz_t *dist, unsigned char *done, int *parent, heap *hp)
{
	mpz_t d;
	mpz_init(d);
	memset(done, 0, (size_t)g->nv);
	mpz_set_ui(dist[src], 0);
	parent[src] = -1;
	heap_reset(hp, g->nv, src);
	while (hp->n > 0) {
		int u = heap_pop(hp);
		done[u] = 1;
		if (u == sink)
			break; /* the rest cannot be nearer than the sink */
		for (int i = g->start[u]; i < g->start[u + 1]; i++) {
			int w = g->to[i];
			if (g->cap[i] <= 0 || done[w])
				continue;
			arc_cost(g, i, d);
			mpz_add(d, d, g->pot[u]);
			mpz_sub(d, d, g->pot[w]);
			mpz_add(d, d, dist[u]);
			if (hp->pos[w] == -1 || mpz_cmp(d, dist[w]) < 0) {
				mpz_set(dist[w], d);
				parent[w] = i;
				heap_offer(hp, w);
			}
		}
	}
	mpz_clear(d);
	return done[sink];
}

/*
 * Successive shortest paths: one more scheme awarded per round, at least cost.
 * Each search stops once the sink is settled. The potentials keep every residual
 * reduced cost >= 0: a settled node moves by its distance, every other node by the
 * sink's (its distance, were it known, could be no smaller). Then
 * zero[] and open[] are set; the potentials never change again, so later steps
 * only move flow around cycles of open arcs.
 */
static int certified_flow(graph *g, int src, int sink, int *parent, unsigned char *done, heap *hp);

static int min_cost_flow(graph *g, int src, int sink, int *parent)
{
	int nv = g->nv, rc = CO_ERROR;
	unsigned char *done = malloc((size_t)nv);
	heap hp = {malloc((size_t)nv * sizeof(int)), malloc((size_t)nv * sizeof(int)), 0, NULL, NULL};
	int64_t *d64 = NULL;
	mpz_t *dist = NULL;
	mpz_t t;
	int small = nv < SMALL_MAX_NODES;
	mpz_init(t);
	for (int v = 0; small && v < nv; v++)
		small = mpz_sizeinbase(g->pot[v], 2) <= SMALL_COST_BITS;
	for (int i = 0; small && i < g->na; i++) {
		arc_cost(g, i, t);
		small = mpz_sizeinbase(t, 2) <= SMALL_COST_BITS;
	}
	if (!done || !hp.h || !hp.pos)
		goto out;
	if (small) {
		if (!(d64 = malloc((size_t)nv * sizeof(int64_t))))
			goto out;
		hp.key64 = d64;
		for (int i = 0; i < g->na; i++) {
			arc_cost(g, i, t);
			g->c64[i] = mpz_get_si(t);
		}
		for (int v = 0; v < nv; v++)
			g->pot64[v] = mpz_get_si(g->pot[v]);
		while (dijkstra64(g, src, sink, d64, done, parent, &hp)) {
			for (int v = 0; v < nv; v++)
				g->pot64[v] += done[v] ? d64[v] : d64[sink];
			for (int v = sink; v != src; v = g->from[parent[v]])
				push(g, parent[v]);
		}
		for (int i = 0; i < g->na; i++)
			g->zero[i] = g->c64[i] + g->pot64[g->from[i]] - g->pot64[g->to[i]] == 0;
	} else {
		int cert = nv < SMALL_MAX_NODES && g->etotal ? certified_flow(g, src, sink, parent, done, &hp) : 1;
		if (cert == CO_ERROR)
			goto out;
		if (cert == 0) {
			for (int i = 0; i < g->na; i++)
				g->open[i] = g->zero[i] && g->cap[i] > 0;
			rc = 0;
			goto out;
		}
		if (!(dist = malloc((size_t)nv * sizeof(mpz_t))))
			goto out;
		hp.key = dist;
		for (int v = 0; v < nv; v++)
			mpz_init(dist[v]);
		while (dijkstra_mpz(g, src, sink, dist, done, parent, &hp)) {
			for (int v = 0; v < nv; v++)
				mpz_add(g->pot[v], g->pot[v], done[v] ? dist[v] : dist[sink]);
			for (int v = sink; v != src; v = g->from[parent[v]])
				push(g, parent[v]);
		}
		for (int i = 0; i < g->na; i++) {
			arc_cost(g, i, t);
			mpz_add(t, t, g->pot[g->from[i]]);
			mpz_sub(t, t, g->pot[g->to[i]]);
			g->zero[i] = mpz_sgn(t) == 0;
		}
		for (int v = 0; v < nv; v++)
			mpz_clear(dist[v]);
	}
	for (int i = 0; i < g->na; i++)
		g->open[i] = g->zero[i] && g->cap[i] > 0;
	rc = 0;
out:
	mpz_clear(t);
	free(done);
	free(hp.h);
	free(hp.pos);
	free(d64);
	free(dist);
	return rc;
}

/*
 * The certified run, for costs too large for 64 bits. Costs are rounded to whole units of
 * 2^-K of a point (from the exact totals, an error below one unit) and the flow is computed in
 * 64 bits. A residual cycle has at most nv arcs, so its rounding error is below nv units: a cycle
 * through an arc whose rounded reduced cost exceeds nv is strictly positive in exact terms. So
 * negative cycles, and the zero-cost cycles that the rank rule and the tie test walk, can only use
 * the "near-tight" arcs. On those alone, an exact shortest-path pass (GMP) finds exact potentials:
 * if it meets no negative cycle, the flow is optimal exactly, and zero[] marks the arcs whose
 * exact reduced cost is 0. Otherwise the flow is undone and 1 is returned: solve exactly instead.
 */
static int certified_flow(graph *g, int src, int sink, int *parent, unsigned char *done, heap *hp)
{
	int nv = g->nv, rc = 1;
	double maxt = 0;
	for (int i = 0; i < g->na; i++)
		if (g->edge[i] >= 0 && fabs(g->etotal[g->edge[i]]) > maxt)
			maxt = fabs(g->etotal[g->edge[i]]);
	int K = 38 - (int)ceil(log2(maxt + 2.0));
	if (K < 16)
		return 1; /* totals too large to round usefully */
	int *cap0 = malloc((size_t)g->na * sizeof(int)), *count = calloc((size_t)nv, sizeof(int)), *queue = NULL;
	unsigned char *near = calloc((size_t)g->na, 1), *queued = calloc((size_t)nv, 1);
	int64_t *d64 = malloc((size_t)nv * sizeof(int64_t));
	mpz_t *dist = malloc((size_t)nv * sizeof(mpz_t));
	mpz_t t;
	mpz_init(t);
	if (!cap0 || !count || !near || !queued || !d64 || !dist || !(queue = malloc(((size_t)nv + 1) * sizeof(int)))) {
		rc = CO_ERROR;
		goto out;
	}
	for (int v = 0; v < nv; v++)
		mpz_init(dist[v]);
	memcpy(cap0, g->cap, (size_t)g->na * sizeof(int));
	double scale = ldexp(1.0, K);
	for (int i = 0; i < g->na; i++) {
		double c = g->edge[i] < 0 ? 0.0 : (g->fwd[i] ? -1.0 : 1.0) * g->etotal[g->edge[i]];
		g->c64[i] = (int64_t)llround(c * scale);
	}
	/* Initial potentials: shortest distances in the acyclic network, on the rounded costs. */
	for (int v = 0; v < nv; v++)
		g->pot64[v] = 0;
	for (int i = 0; i < g->na; i++)
		if (g->edge[i] >= 0 && g->fwd[i] && g->c64[i] < g->pot64[g->to[i]])
			g->pot64[g->to[i]] = g->c64[i];
	for (int i = 0; i < g->na; i++)
		if (g->fwd[i] && g->to[i] == sink && g->pot64[g->from[i]] < g->pot64[sink])
			g->pot64[sink] = g->pot64[g->from[i]];
	hp->key64 = d64;
	while (dijkstra64(g, src, sink, d64, done, parent, hp)) {
		for (int v = 0; v < nv; v++)
			g->pot64[v] += done[v] ? d64[v] : d64[sink];
		for (int v = sink; v != src; v = g->from[parent[v]])
			push(g, parent[v]);
	}
	for (int i = 0; i < g->na; i++)
		near[i] = g->c64[i] + g->pot64[g->from[i]] - g->pot64[g->to[i]] <= (int64_t)nv;
	/* Exact shortest distances over the near-tight residual arcs (from a root joined to every node). */
	int qh = 0, qt = 0, qn = 0;
	long budget = 64L * g->na + 1000;
	for (int v = 0; v < nv; v++) {
		queue[qt] = v;
		qt = (qt + 1) % (nv + 1);
		qn++;
		queued[v] = 1;
	}
	while (qn > 0) {
		int u = queue[qh];
		qh = (qh + 1) % (nv + 1);
		qn--;
		queued[u] = 0;
		for (int i = g->start[u]; i < g->start[u + 1]; i++) {
			if (!near[i] || g->cap[i] <= 0)
				continue;
			int w = g->to[i];
			arc_cost(g, i, t);
			mpz_add(t, t, dist[u]);
			if (mpz_cmp(t, dist[w]) >= 0)
				continue;
			mpz_set(dist[w], t);
			if (++count[w] >= nv || --budget < 0)
				goto undo; /* a negative cycle, or too much work: solve exactly instead */
			if (!queued[w]) {
				queue[qt] = w;
				qt = (qt + 1) % (nv + 1);
				qn++;
				queued[w] = 1;
			}
		}
	}
	for (int i = 0; i < g->na; i++) {
		g->zero[i] = 0;
		if (!near[i] && !near[g->rev[i]])
			continue;
		arc_cost(g, i, t);
		mpz_add(t, t, dist[g->from[i]]);
		mpz_sub(t, t, dist[g->to[i]]);
		g->zero[i] = mpz_sgn(t) == 0;
	}
	rc = 0;
	goto out;
undo:
	memcpy(g->cap, cap0, (size_t)g->na * sizeof(int));
	rc = 1;
out:
	for (int v = 0; dist && v < nv && rc != CO_ERROR; v++)
		mpz_clear(dist[v]);
	mpz_clear(t);
	free(cap0);
	free(count);
	free(near);
	free(queued);
	free(d64);
	free(dist);
	free(queue);
	hp->key64 = NULL;
	return rc;
}

/* Tarjan's strongly connected components, iteratively, over arcs allowed by ok[]. */
static int components(const graph *g, const unsigned char *ok, int *comp)
{
	int nv = g->nv, idx = 0, nc = 0, sp = 0, cs = 0, rc = CO_ERROR;
	int *index = malloc((size_t)nv * sizeof(int)), *low = malloc((size_t)nv * sizeof(int));
	int *stack = malloc((size_t)nv * sizeof(int)), *on = calloc((size_t)nv, sizeof(int));
	int *call = malloc((size_t)nv * sizeof(int)), *it = malloc((size_t)nv * sizeof(int));
	if (!index || !low || !stack || !on || !call || !it)
		goto out;
	for (int v = 0; v < nv; v++)
		index[v] = -1;
	for (int r = 0; r < nv; r++) {
		if (index[r] >= 0)
			continue;
		call[cs++] = r;
		index[r] = low[r] = idx++;
		stack[sp++] = r;
		on[r] = 1;
		it[r] = g->start[r];
		while (cs > 0) {
			int v = call[cs - 1];
			if (it[v] < g->start[v + 1]) {
				int i = it[v]++;
				if (!ok[i])
					continue;
				int w = g->to[i];
				if (index[w] < 0) {
					index[w] = low[w] = idx++;
					stack[sp++] = w;
					on[w] = 1;
					it[w] = g->start[w];
					call[cs++] = w;
				} else if (on[w] && index[w] < low[v]) {
					low[v] = index[w];
				}
				continue;
			}
			if (low[v] == index[v]) {
				int w;
				do {
					w = stack[--sp];
					on[w] = 0;
					comp[w] = nc;
				} while (w != v);
				nc++;
			}
			cs--;
			if (cs > 0 && low[v] < low[call[cs - 1]])
				low[call[cs - 1]] = low[v];
		}
	}
	rc = 0;
out:
	free(index);
	free(low);
	free(stack);
	free(on);
	free(call);
	free(it);
	return rc;
}

static int by_scheme_rank(const void *pa, const void *pb, void *ctx)
{
	const co_assign_edge *e = ctx;
	long a = *(const long *)pa, b = *(const long *)pb;
	if (e[a].scheme != e[b].scheme)
		return e[a].scheme < e[b].scheme ? -1 : 1;
	if (e[a].rank != e[b].rank)
		return e[a].rank < e[b].rank ? -1 : 1;
	return (a > b) - (a < b);
}

/*
 * Ranks, scheme by scheme: give s the best-ranked candidate that some optimal
 * flow agreeing on the schemes already fixed gives it. Such a flow is reached
 * by a zero-cost cycle b -> s -> ... -> b avoiding the fixed schemes, found by a
 * breadth-first search from s. cands lists the edges by scheme, then rank.
 */
static void best_ranks(graph *g, int U, int S, const long *cands, const long *first, const int *edge_arc,
                       int *parent, int *queue, unsigned char *fixed)
{
	int SINK = 1 + U + S;
	for (int s = 0; s < S; s++) {
		int sv = 1 + U + s, qh = 0, qt = 0;
		for (int v = 0; v < g->nv; v++)
			parent[v] = -2;
		parent[sv] = -1;
		queue[qt++] = sv;
		while (qh < qt) {
			int u = queue[qh++];
			for (int i = g->start[u]; i < g->start[u + 1]; i++) {
				if (!g->open[i])
					continue;
				int w = g->to[i];
				if (parent[w] != -2 || (w > U && w < SINK && fixed[w - 1 - U]))
					continue;
				parent[w] = i;
				queue[qt++] = w;
			}
		}
		for (long k = first[s]; k < first[s + 1]; k++) {
			int i = edge_arc[cands[k]];
			if (g->cap[i] == 0)
				break; /* the current winner is already the best achievable */
			if (parent[g->from[i]] != -2 && g->open[i]) {
				push(g, i);
				for (int v = g->from[i]; v != sv; v = g->from[parent[v]])
					push(g, parent[v]);
				break;
			}
		}
		fixed[s] = 1;
	}
}

int co_assign_solve(size_t nschemes, size_t nsuppliers, long cap, const co_assign_edge *edges, size_t nedges,
                    long *winner, unsigned char *tied, unsigned char *alt)
{
	int S = (int)nschemes, U = (int)nsuppliers;
	int SRC = 0, SINK = 1 + U + S, nspec = 0;
	graph g = {.nv = U + S + 2};
	size_t maxspec = nedges + (size_t)U + (size_t)S + 1;
	arc_spec *spec = malloc(maxspec * sizeof(*spec));
	int *edge_arc = malloc((nedges + 1) * sizeof(int)), *parent = malloc((size_t)g.nv * sizeof(int));
	int *comp = malloc((size_t)g.nv * sizeof(int));
	long *cands = malloc((nedges + 1) * sizeof(long)), *first = calloc((size_t)S + 2, sizeof(long));
	unsigned char *fixed = calloc((size_t)S + 1, 1), *ok = NULL;
	int rc = CO_ERROR, have_mpz = 0;
	mpz_t lcm;

	g.ecost = malloc((nedges + 1) * sizeof(mpz_t));
	g.pot = malloc((size_t)g.nv * sizeof(mpz_t));
	g.pot64 = malloc((size_t)g.nv * sizeof(int64_t));
	g.etotal = malloc((nedges + 1) * sizeof(double));
	for (size_t e = 0; g.etotal && e < nedges; e++)
		g.etotal[e] = mpq_get_d(edges[e].total);
	if (!spec || !edge_arc || !parent || !comp || !cands || !first || !fixed || !g.ecost || !g.pot || !g.pot64)
		goto out;
	mpz_init(lcm);
	for (size_t e = 0; e < nedges; e++)
		mpz_init(g.ecost[e]);
	for (int v = 0; v < g.nv; v++)
		mpz_init(g.pot[v]);
	have_mpz = 1;

	/* Exact integer costs: -total x lcm(denominators). */
	mpz_set_ui(lcm, 1);
	for (size_t e = 0; e < nedges; e++)
		mpz_lcm(lcm, lcm, mpq_denref(edges[e].total));
	for (size_t e = 0; e < nedges; e++) {
		mpz_divexact(g.ecost[e], lcm, mpq_denref(edges[e].total));
		mpz_mul(g.ecost[e], g.ecost[e], mpq_numref(edges[e].total));
		mpz_neg(g.ecost[e], g.ecost[e]);
	}
	for (int u = 0; u < U; u++)
		spec[nspec++] = (arc_spec){SRC, 1 + u, cap > S ? S : (int)cap, -1};
	for (size_t e = 0; e < nedges; e++)
		spec[nspec++] = (arc_spec){1 + (int)edges[e].supplier, 1 + U + (int)edges[e].scheme, 1, (long)e};
	for (int s = 0; s < S; s++)
		spec[nspec++] = (arc_spec){1 + U + s, SINK, 1, -1};
	if (build(&g, spec, nspec) || !(ok = calloc((size_t)g.na + 1, 1)))
		goto out;
	for (int i = 0; i < g.na; i++)
		if (g.fwd[i] && g.edge[i] >= 0)
			edge_arc[g.edge[i]] = i;

	/* Initial potentials: shortest distances in the acyclic network (costs may be negative). */
	for (size_t e = 0; e < nedges; e++) {
		int v = 1 + U + (int)edges[e].scheme;
		if (mpz_cmp(g.ecost[e], g.pot[v]) < 0)
			mpz_set(g.pot[v], g.ecost[e]);
	}
	for (int s = 0; s < S; s++)
		if (mpz_cmp(g.pot[1 + U + s], g.pot[SINK]) < 0)
			mpz_set(g.pot[SINK], g.pot[1 + U + s]);

	if (min_cost_flow(&g, SRC, SINK, parent))
		goto out;

	/* Candidates of each scheme, best rank first: cands[first[s] .. first[s + 1]). */
	for (size_t e = 0; e < nedges; e++) {
		cands[e] = (long)e;
		first[edges[e].scheme + 1]++;
	}
	for (int s = 0; s < S; s++)
		first[s + 1] += first[s];
	qsort_r(cands, nedges, sizeof(long), by_scheme_rank, (void *)edges);
	best_ranks(&g, U, S, cands, first, edge_arc, parent, comp, fixed);

	for (int s = 0; s < S; s++) {
		winner[s] = -1;
		tied[s] = 0;
	}
	for (size_t e = 0; e < nedges; e++)
		if (g.cap[edge_arc[e]] == 0)
			winner[edges[e].scheme] = (long)e;

	/*
	 * Ties: another optimal flow with the same winners' ranks exists iff a
	 * zero-cost cycle swaps some scheme's winner for an equal-ranked bid.
	 * Such cycles never touch the sink (every scheme keeps its status).
	 */
	for (int i = 0; i < g.na; i++) {
		if (g.from[i] == SINK || g.to[i] == SINK || !g.open[i])
			continue;
		if (g.edge[i] >= 0 && g.fwd[i]) { /* an unused supplier -> scheme arc */
			int s = (int)edges[g.edge[i]].scheme;
			if (winner[s] < 0 || edges[g.edge[i]].rank != edges[winner[s]].rank)
				continue;
		}
		ok[i] = 1;
	}
	if (components(&g, ok, comp))
		goto out;
	for (size_t e = 0; e < nedges; e++) {
		int i = edge_arc[e], s = (int)edges[e].scheme;
		if (alt)
			alt[e] = 0;
		if (ok[i] && comp[g.from[i]] == comp[g.to[i]]) {
			tied[s] = 1;
			if (alt)
				alt[e] = 1;
		}
	}
	for (int s = 0; alt && s < S; s++)
		if (tied[s])
			alt[winner[s]] = 1;
	rc = 0;
out:
	if (have_mpz) {
		for (size_t e = 0; e < nedges; e++)
			mpz_clear(g.ecost[e]);
		for (int v = 0; v < g.nv; v++)
			mpz_clear(g.pot[v]);
		mpz_clear(lcm);
	}
	free(g.start);
	free(g.from);
	free(g.to);
	free(g.rev);
	free(g.cap);
	free(g.edge);
	free(g.fwd);
	free(g.zero);
	free(g.open);
	free(g.c64);
	free(g.ecost);
	free(g.pot);
	free(g.pot64);
	free(g.etotal);
	free(spec);
	free(edge_arc);
	free(parent);
	free(comp);
	free(cands);
	free(first);
	free(fixed);
	free(ok);
	return rc;
}
