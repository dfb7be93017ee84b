/*
 * Panel agreement: Krippendorff's alpha per question (bids are the units, evaluators the
 * coders, missing marks allowed) and each evaluator's leniency. Analytics only, in floating
 * point: nothing here changes a score or the award.
 */
#include "evaluating/agreement.h"
#include "calloff/status.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

/* A value's slot in an open-addressed table of 2^bits slots (marks are whole numbers: no -0.0, no NaN). */
static size_t slot_of(double v, unsigned bits)
{
	uint64_t k;
	memcpy(&k, &v, sizeof(k));
	k *= 0x9E3779B97F4A7C15u; /* Fibonacci hashing: the top bits are well mixed */
	return (size_t)(k >> (64 - bits));
}

/*
 * The coincidence matrix of one variable, which every metric's alpha is computed from: the
 * distinct pairable values (sorted), each value's count nc, and the coincidences o.
 */
typedef struct {
	double *vals, *o, *nc;
	size_t V;  /* distinct values */
	size_t nv; /* pairable values */
} coincidences;

static void coincidences_free(coincidences *c)
{
	free(c->vals);
	free(c->o);
	free(c->nc);
}

/*
 * The distinct values seen so far, in an open-addressed table that doubles when half full: a
 * panel's marks take few values, so it stays small however many bids there are.
 */
typedef struct {
	double *keys;
	size_t *pos; /* slot -> position in vals, SIZE_MAX when empty */
	unsigned bits;
} value_set;

static size_t value_find(const value_set *t, double v)
{
	size_t s = slot_of(v, t->bits), mask = ((size_t)1 << t->bits) - 1;
	while (t->pos[s] != SIZE_MAX && t->keys[s] != v)
		s = (s + 1) & mask;
	return s;
}

static int value_set_grow(value_set *t, const double *vals, size_t V)
{
	value_set g = {NULL, NULL, t->bits ? t->bits + 1 : 4};
	size_t nslots = (size_t)1 << g.bits;
	g.keys = malloc(nslots * sizeof(double));
	g.pos = malloc(nslots * sizeof(size_t));
	if (!g.keys || !g.pos) {
		free(g.keys);
		free(g.pos);
		return CO_ERROR;
	}
	for (size_t i = 0; i < nslots; i++)
		g.pos[i] = SIZE_MAX;
	for (size_t i = 0; i < V; i++) {
		size_t s = value_find(&g, vals[i]);
		g.keys[s] = vals[i];
		g.pos[s] = i;
	}
	free(t->keys);
	free(t->pos);
	*t = g;
	return 0;
}

/* The values of unit u into row when it has two or more (it is pairable); returns how many, else 0. */
static size_t unit_values(const double *values, const unsigned char *missing, size_t u, size_t coders, double *row)
{
	size_t m = 0;
	for (size_t k = 0; k < coders; k++)
		if (!missing[u * coders + k])
			row[m++] = values[u * coders + k];
	return m < 2 ? 0 : m;
}

/*
 * Builds c from the data, in two passes over it. The first finds the distinct values through a
 * hash table, so that a panel of many bids is not sorted mark by mark, and sorts only them; the
 * second adds each unit's pairs to the matrix. Returns 0 or CO_ERROR.
 */
static int coincidences_build(coincidences *c, const double *values, const unsigned char *missing, size_t units,
                              size_t coders)
{
	*c = (coincidences){0};
	value_set set = {0};
	size_t cap = 0, *idx = malloc((coders + 1) * sizeof(size_t)), *rank = NULL;
	double *row = malloc((coders + 1) * sizeof(double));
	int rc = CO_ERROR;
	if (!idx || !row || value_set_grow(&set, NULL, 0))
		goto out;
	for (size_t u = 0; u < units; u++) {
		size_t m = unit_values(values, missing, u, coders, row);
		c->nv += m;
		for (size_t k = 0; k < m; k++) {
			size_t s = value_find(&set, row[k]);
			if (set.pos[s] != SIZE_MAX)
				continue;
			if (c->V == cap) {
				size_t ncap = cap ? 2 * cap : 8;
				double *v = realloc(c->vals, ncap * sizeof(double));
				if (!v)
					goto out;
				c->vals = v;
				cap = ncap;
			}
			set.keys[s] = row[k];
			set.pos[s] = c->V;
			c->vals[c->V++] = row[k];
			if (2 * c->V >= ((size_t)1 << set.bits) && value_set_grow(&set, c->vals, c->V))
				goto out;
		}
	}
	if (c->nv < 2) {
		rc = 0;
		goto out;
	}
	/* Sort the distinct values, and renumber each value's position to its sorted one. */
	double *sorted = malloc(c->V * sizeof(double));
	rank = malloc(c->V * sizeof(size_t));
	if (!sorted || !rank) {
		free(sorted);
		goto out;
	}
	memcpy(sorted, c->vals, c->V * sizeof(double));
	qsort(sorted, c->V, sizeof(double), cmp_double);
	for (size_t i = 0; i < c->V; i++) {
		double *hit = bsearch(&c->vals[i], sorted, c->V, sizeof(double), cmp_double);
		rank[i] = (size_t)(hit - sorted);
	}
	free(c->vals);
	c->vals = sorted;
	size_t V = c->V;
	c->o = calloc(V * V, sizeof(double));
	c->nc = calloc(V, sizeof(double));
	if (!c->o || !c->nc)
		goto out;
	/* Coincidences: each ordered pair of values within a unit, weighted 1 / (m - 1). */
	for (size_t u = 0; u < units; u++) {
		size_t m = unit_values(values, missing, u, coders, row);
		for (size_t k = 0; k < m; k++)
			idx[k] = rank[set.pos[value_find(&set, row[k])]];
		for (size_t i = 0; i < m; i++)
			for (size_t j = 0; j < m; j++)
				if (i != j)
					c->o[idx[i] * V + idx[j]] += 1.0 / (double)(m - 1);
	}
	for (size_t a = 0; a < V; a++)
		for (size_t b = 0; b < V; b++)
			c->nc[a] += c->o[a * V + b];
	rc = 0;
out:
	free(set.keys);
	free(set.pos);
	free(rank);
	free(idx);
	free(row);
	if (rc)
		coincidences_free(c);
	return rc;
}

/* Alpha under one metric, from the coincidences (the difference functions of Krippendorff (2011)). */
static co_alpha coincidences_alpha(const coincidences *c, co_metric metric)
{
	co_alpha a = {0, 0.0, NULL};
	size_t V = c->V;
	const double *vals = c->vals, *o = c->o, *nc = c->nc;
	double n = (double)c->nv, Do = 0, De = 0;
	for (size_t i = 0; i < V; i++)
		for (size_t k = 0; k < V; k++) {
			double diff;
			if (metric == CO_METRIC_NOMINAL) {
				diff = i == k ? 0.0 : 1.0;
			} else if (metric == CO_METRIC_INTERVAL) {
				diff = (vals[i] - vals[k]) * (vals[i] - vals[k]);
			} else {
				size_t lo = i < k ? i : k, hi = i < k ? k : i;
				double s = 0;
				for (size_t g = lo; g <= hi; g++)
					s += nc[g];
				s -= (nc[i] + nc[k]) / 2.0;
				diff = s * s;
			}
			Do += o[i * V + k] * diff;
			De += nc[i] * nc[k] * diff;
		}
	Do /= n;
	De /= n * (n - 1);
	if (De == 0.0) {
		a.reason = "every mark is the same: agreement cannot be measured";
	} else {
		a.defined = 1;
		a.value = 1.0 - Do / De;
	}
	return a;
}

int co_krippendorff_metrics(const double *values, const unsigned char *missing, size_t units, size_t coders,
                            const co_metric *metrics, co_alpha *out, size_t nmetrics, size_t *pairable)
{
	*pairable = 0;
	for (size_t k = 0; k < nmetrics; k++)
		out[k] = (co_alpha){0, 0.0, "fewer than two evaluators"};
	if (coders < 2)
		return 0;
	coincidences c;
	if (coincidences_build(&c, values, missing, units, coders))
		return CO_ERROR;
	*pairable = c.nv;
	for (size_t k = 0; k < nmetrics; k++)
		out[k] = c.nv < 2 ? (co_alpha){0, 0.0, "fewer than two pairable marks (no bid marked by two evaluators)"}
		                  : coincidences_alpha(&c, metrics[k]);
	coincidences_free(&c);
	return 0;
}

co_alpha co_krippendorff(const double *values, const unsigned char *missing, size_t units, size_t coders,
                         co_metric metric, size_t *pairable)
{
	co_alpha a;
	if (co_krippendorff_metrics(values, missing, units, coders, &metric, &a, 1, pairable))
		a = (co_alpha){0, 0.0, "out of memory"};
	return a;
}

/* The evaluators' marks (not the moderated ones) of bid e on question q, as a row of values. */
