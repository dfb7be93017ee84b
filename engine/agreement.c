/*
 * Panel agreement: Krippendorff's alpha per question (bids are the units, evaluators the
 * coders, missing marks allowed) and each evaluator's leniency. Analytics only, in floating
 * point: nothing here changes a score or the award.
 */
#include "agreement.h"
#include "calloff/status.h"
#include "evaluation.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

co_alpha co_krippendorff(const double *values, const unsigned char *missing, size_t units, size_t coders,
                         co_metric metric, size_t *pairable)
{
	co_alpha a = {0, 0.0, NULL};
	*pairable = 0;
	if (coders < 2) {
		a.reason = "fewer than two evaluators";
		return a;
	}
	/* The distinct values, sorted: the rows and columns of the coincidence matrix. */
	double *vals = malloc((units * coders + 1) * sizeof(double));
	size_t nv = 0;
	for (size_t u = 0; u < units; u++) {
		size_t m = 0;
		for (size_t c = 0; c < coders; c++)
			m += !missing[u * coders + c];
		if (m < 2)
			continue;
		for (size_t c = 0; c < coders; c++)
			if (!missing[u * coders + c])
				vals[nv++] = values[u * coders + c];
	}
	*pairable = nv;
	if (nv < 2) {
		free(vals);
		a.reason = "fewer than two pairable marks (no bid marked by two evaluators)";
		return a;
	}
	qsort(vals, nv, sizeof(double), cmp_double);
	size_t k = 0;
	for (size_t i = 0; i < nv; i++)
		if (i == 0 || vals[i] != vals[k - 1])
			vals[k++] = vals[i];
	size_t V = k;
	double *o = calloc(V * V, sizeof(double)), *nc = calloc(V, sizeof(double)), *d = calloc(V * V, sizeof(double));
	size_t *idx = malloc(coders * sizeof(size_t));
	/* Coincidences: each ordered pair of values within a unit, weighted 1 / (m - 1). */
	for (size_t u = 0; u < units; u++) {
		size_t m = 0;
		for (size_t c = 0; c < coders; c++) {
			if (missing[u * coders + c])
				continue;
			double v = values[u * coders + c];
			double *hit = bsearch(&v, vals, V, sizeof(double), cmp_double);
			idx[m++] = (size_t)(hit - vals);
		}
		if (m < 2)
			continue;
		for (size_t i = 0; i < m; i++)
			for (size_t j = 0; j < m; j++)
				if (i != j)
					o[idx[i] * V + idx[j]] += 1.0 / (double)(m - 1);
	}
	for (size_t c = 0; c < V; c++)
		for (size_t kk = 0; kk < V; kk++)
			nc[c] += o[c * V + kk];
	/* The difference functions of Krippendorff (2011). */
	for (size_t c = 0; c < V; c++)
		for (size_t kk = 0; kk < V; kk++) {
			double diff;
			if (metric == CO_METRIC_NOMINAL) {
				diff = c == kk ? 0.0 : 1.0;
			} else if (metric == CO_METRIC_INTERVAL) {
				diff = (vals[c] - vals[kk]) * (vals[c] - vals[kk]);
			} else {
				size_t lo = c < kk ? c : kk, hi = c < kk ? kk : c;
				double s = 0;
				for (size_t g = lo; g <= hi; g++)
					s += nc[g];
				s -= (nc[c] + nc[kk]) / 2.0;
				diff = s * s;
			}
			d[c * V + kk] = diff;
		}
	double n = (double)nv, Do = 0, De = 0;
	for (size_t c = 0; c < V; c++)
		for (size_t kk = 0; kk < V; kk++) {
			Do += o[c * V + kk] * d[c * V + kk];
			De += nc[c] * nc[kk] * d[c * V + kk];
		}
	Do /= n;
	De /= n * (n - 1);
	if (De == 0.0) {
		a.reason = "every mark is the same: agreement cannot be measured";
	} else {
		a.defined = 1;
		a.value = 1.0 - Do / De;
	}
	free(vals);
	free(o);
	free(nc);
	free(d);
	free(idx);
	return a;
}

/* The evaluators' marks (not the moderated ones) of bid e on question q, as a row of values. */
static void row(const co_marks *m, const co_qmarks *qm, double *values, unsigned char *missing)
{
	for (size_t c = 0; c < m->nev; c++) {
		missing[c] = 1;
		for (size_t k = 0; qm && k < qm->n; k++)
			if (qm->marks[k].evaluator == c) {
				values[c] = (double)qm->marks[k].value;
				missing[c] = 0;
			}
	}
}

int co_panel_compute(co_result *res)
{
	const co_rules *r = res->rules;
	const co_marks *m = res->marks;
	if (!m || r->nq == 0)
		return 0;
	size_t units = 0, E = m->nev;
	for (size_t i = 0; i < res->n; i++)
		units += res->entries[i].stage >= 3;
	res->agreement = calloc(r->nq, sizeof(*res->agreement));
	res->leniency = calloc(E ? E : 1, sizeof(*res->leniency));
	double *values = malloc((units * E + 1) * sizeof(double)), *dev = calloc(E ? E : 1, sizeof(double));
	unsigned char *missing = malloc(units * E + 1);
	if (!res->agreement || !res->leniency || !values || !dev || !missing) {
		free(values);
		free(dev);
		free(missing);
		return CO_ERROR;
	}
	for (size_t q = 0; q < r->nq; q++) {
		size_t u = 0;
		for (size_t i = 0; i < res->n; i++) {
			const co_entry *e = &res->entries[i];
			if (e->stage < 3)
				continue;
			row(m, co_marks_question(e->marks, q), values + u * E, missing + u * E);
			/* Leniency: own mark against the mean of the others on the same bid and question. */
			for (size_t c = 0; c < E; c++) {
				if (missing[u * E + c])
					continue;
				double sum = 0;
				size_t others = 0;
				for (size_t o = 0; o < E; o++)
					if (o != c && !missing[u * E + o]) {
						sum += values[u * E + o];
						others++;
					}
				if (others) {
					dev[c] += values[u * E + c] - sum / (double)others;
					res->leniency[c].marks++;
				}
			}
			u++;
		}
		co_question_agreement *a = &res->agreement[q];
		a->ordinal = co_krippendorff(values, missing, u, E, CO_METRIC_ORDINAL, &a->pairable);
		a->interval = co_krippendorff(values, missing, u, E, CO_METRIC_INTERVAL, &a->pairable);
	}
	for (size_t c = 0; c < E; c++) {
		co_evaluator_leniency *l = &res->leniency[c];
		if (l->marks) {
			l->defined = 1;
			l->leniency = dev[c] / (double)l->marks;
		} else {
			l->reason = "no mark shared with another evaluator";
		}
	}
	free(values);
	free(dev);
	free(missing);
	return 0;
}
