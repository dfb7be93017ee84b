/* The panel's agreement (Krippendorff's alpha per question) and each evaluator's leniency, over an evaluation's marks. */
#include "evaluating/panel.h"

#include <stdlib.h>

static void row(const co_marks *m, const co_bidmarks *bm, const co_qmarks *qm, double *values, unsigned char *missing)
{
	const co_mark *marks = qm ? co_qmarks_marks(bm, qm) : NULL;
	for (size_t c = 0; c < m->nev; c++) {
		missing[c] = 1;
		for (size_t k = 0; qm && k < qm->n; k++)
			if (marks[k].evaluator == c) {
				values[c] = (double)marks[k].value;
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
			row(m, e->marks, co_marks_question(e->marks, q), values + u * E, missing + u * E);
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
		static const co_metric metrics[2] = {CO_METRIC_ORDINAL, CO_METRIC_INTERVAL};
		co_alpha alphas[2];
		if (co_krippendorff_metrics(values, missing, u, E, metrics, alphas, 2, &a->pairable)) {
			free(values);
			free(dev);
			free(missing);
			return CO_ERROR;
		}
		a->ordinal = alphas[0];
		a->interval = alphas[1];
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
