/* Panel agreement: Krippendorff's alpha against published values, alone and in a result's panel section. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include "evaluating/agreement.h"
#include "helpers.h"

#define N -1 /* a missing value */

/* Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", reliability data C:
 * 4 observers x 12 units, values 1-5, with gaps. Published: nominal 0.743, ordinal 0.815, interval 0.849. */
static const int data_c[4][12] = {{1, 2, 3, 3, 2, 1, 4, 1, 2, N, N, N},
                                  {1, 2, 3, 3, 2, 2, 4, 1, 2, 5, N, 3},
                                  {N, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, N},
                                  {1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, N}};

/* The example of Wikipedia's "Krippendorff's alpha": 3 coders x 15 units. Interval 0.810845, nominal 0.691358. */
static const int data_w[3][15] = {{N, N, N, N, N, 3, 4, 1, 2, 1, 1, 3, 3, N, 3},
                                  {1, N, 2, 1, 3, 3, 4, 3, N, N, N, N, N, N, N},
                                  {N, N, 2, 1, 3, 4, 4, N, 2, 1, 1, 3, 3, N, 4}};

static double alpha(const int *data, size_t coders, size_t units, co_metric m, size_t *pairable)
{
	double v[64];
	unsigned char miss[64];
	for (size_t u = 0; u < units; u++)
		for (size_t c = 0; c < coders; c++) {
			int x = data[c * units + u];
			miss[u * coders + c] = x == N;
			v[u * coders + c] = x;
		}
	co_alpha a = co_krippendorff(v, miss, units, coders, m, pairable);
	cr_assert(a.defined, "%s", a.reason ? a.reason : "");
	return a.value;
}

Test(agreement, krippendorff_reliability_data_c)
{
	size_t p;
	cr_assert_float_eq(alpha(&data_c[0][0], 4, 12, CO_METRIC_NOMINAL, &p), 0.743, 0.0005);
	cr_assert_float_eq(alpha(&data_c[0][0], 4, 12, CO_METRIC_ORDINAL, &p), 0.815, 0.0005);
	cr_assert_float_eq(alpha(&data_c[0][0], 4, 12, CO_METRIC_INTERVAL, &p), 0.849, 0.0005);
	cr_assert_eq(p, 40, "unit 12 has one value only and is not pairable");
}

Test(agreement, wikipedia_example)
{
	size_t p;
	cr_assert_float_eq(alpha(&data_w[0][0], 3, 15, CO_METRIC_INTERVAL, &p), 0.810845, 0.0000005);
	cr_assert_float_eq(alpha(&data_w[0][0], 3, 15, CO_METRIC_NOMINAL, &p), 0.691358, 0.0000005);
}

/* The difference of two values under the nominal or interval metric. */
static double delta(co_metric m, double a, double b)
{
	return m == CO_METRIC_NOMINAL ? (a != b) : (a - b) * (a - b);
}

/*
 * Nominal or interval alpha straight from its definition, pair by pair (Krippendorff 2011, section C):
 * 1 - (n - 1) * sum over units of sum over pairs in the unit of d^2 / (m - 1), over the sum of
 * d^2 over every pair of pairable values. No coincidence matrix: a check independent of it.
 */
static double alpha_by_pairs(co_metric metric, const double *v, const unsigned char *miss, size_t units, size_t coders)
{
	double within = 0, all = 0;
	size_t n = 0;
	double *pool = malloc(units * coders * sizeof(double));
	for (size_t u = 0; u < units; u++) {
		size_t m = 0;
		for (size_t c = 0; c < coders; c++)
			m += !miss[u * coders + c];
		if (m < 2)
			continue;
		for (size_t i = 0; i < coders; i++)
			for (size_t j = 0; j < coders; j++)
				if (i != j && !miss[u * coders + i] && !miss[u * coders + j])
					within += delta(metric, v[u * coders + i], v[u * coders + j]) / (double)(m - 1);
		for (size_t c = 0; c < coders; c++)
			if (!miss[u * coders + c])
				pool[n++] = v[u * coders + c];
	}
	for (size_t i = 0; i < n; i++)
		for (size_t j = 0; j < n; j++)
			all += delta(metric, pool[i], pool[j]);
	free(pool);
	return 1.0 - (double)(n - 1) * within / all;
}

/*
 * A panel of many bids on a wide scale (0..1000, so hundreds of distinct marks, some bids with
 * one mark): the metrics from one pass equal each computed alone, and nominal and interval equal
 * the pair-by-pair definition.
 */
Test(agreement, many_distinct_marks_agree_with_the_pairwise_definition)
{
	enum { UNITS = 400, CODERS = 3 };
	static double v[UNITS * CODERS];
	static unsigned char miss[UNITS * CODERS];
	unsigned long x = 2024;
	for (size_t u = 0; u < UNITS; u++) {
		x = x * 6364136223846793005UL + 1442695040888963407UL;
		double base = (double)((x >> 33) % 1001);
		for (size_t c = 0; c < CODERS; c++) {
			x = x * 6364136223846793005UL + 1442695040888963407UL;
			double mark = base + (double)((x >> 33) % 61) - 30.0;
			v[u * CODERS + c] = mark < 0 ? 0 : mark > 1000 ? 1000 : mark;
			miss[u * CODERS + c] = (x >> 40) % 11 == 0;
		}
	}
	static const co_metric all[3] = {CO_METRIC_ORDINAL, CO_METRIC_INTERVAL, CO_METRIC_NOMINAL};
	co_alpha a[3];
	size_t p, p1;
	cr_assert_eq(co_krippendorff_metrics(v, miss, UNITS, CODERS, all, a, 3, &p), 0);
	cr_assert(a[0].defined && a[1].defined && a[2].defined);
	co_alpha ord = co_krippendorff(v, miss, UNITS, CODERS, CO_METRIC_ORDINAL, &p1);
	cr_assert_eq(p, p1);
	cr_assert_eq(a[0].value, ord.value, "ordinal alone %.17g, together %.17g", ord.value, a[0].value);
	double expect = alpha_by_pairs(CO_METRIC_INTERVAL, v, miss, UNITS, CODERS);
	cr_assert_float_eq(a[1].value, expect, 1e-9, "interval %.12f, by pairs %.12f", a[1].value, expect);
	expect = alpha_by_pairs(CO_METRIC_NOMINAL, v, miss, UNITS, CODERS);
	cr_assert_float_eq(a[2].value, expect, 1e-9, "nominal %.12f, by pairs %.12f", a[2].value, expect);
	cr_assert_gt(a[1].value, 0.9, "marks within 30 of a common base on a 0..1000 scale agree closely");
}

Test(agreement, undefined_values_have_a_reason)
{
	double v[6] = {3, 3, 3, 3, 3, 3};
	unsigned char miss[6] = {0};
	size_t p;
	co_alpha a = co_krippendorff(v, miss, 3, 2, CO_METRIC_INTERVAL, &p);
	cr_assert_not(a.defined);
	cr_assert(strstr(a.reason, "every mark is the same"));
	a = co_krippendorff(v, miss, 6, 1, CO_METRIC_INTERVAL, &p);
	cr_assert_not(a.defined);
	cr_assert(strstr(a.reason, "fewer than two evaluators"));
	unsigned char one[6] = {0, 1, 0, 1, 0, 1};
	a = co_krippendorff(v, one, 3, 2, CO_METRIC_ORDINAL, &p);
	cr_assert_not(a.defined);
	cr_assert(strstr(a.reason, "fewer than two pairable marks"));
}

/* Data C as a real marks file: 12 bids, evaluators E1-E4, question Q1; the result's panel section. */
Test(agreement, the_result_document_carries_the_panel_section)
{
	const char *d = t_dir();
	char spec[1024] = "";
	for (int u = 0; u < 12; u++) {
		char id[8], sup[16], file[16], one[64];
		snprintf(id, sizeof(id), "B%02d", u + 1);
		snprintf(sup, sizeof(sup), "GB-COH-%d", u + 1);
		snprintf(file, sizeof(file), "b%02d.xml", u + 1);
		t_put_bid(d, file, id, sup, "2026-11-01T12:00:00Z", "Q1", "", NULL, NULL);
		snprintf(one, sizeof(one), "%s%s:Q1=", u ? "|" : "", id);
		strcat(spec, one);
		for (int c = 0; c < 4; c++) {
			char m[8];
			snprintf(m, sizeof(m), "%s%s", c ? "," : "", data_c[c][u] == N ? "_" : (char[2]){(char)('0' + data_c[c][u]), 0});
			strcat(spec, m);
		}
		if (u == 11)
			strcat(spec, "/3"); /* bid 12 has one evaluator's mark: the panel moderated it */
	}
	char *m = t_marks("T-1", 4, spec);
	t_run r = t_eval("calloff: 1\ncompetition: {id: T-1, lot: {id: \"1\"}}\nscale: {marks: [1, 2, 3, 4, 5]}\n"
	                 "award: {mode: top_n, n: 3}\nweights: {quality: 100, price: 0}\nmoderation: {consensus: mean}\n"
	                 "questions:\n  - {id: Q1, weight: 100}\n",
	                 d, m);
	free(m);
	cr_assert_eq(r.rc, 0, "%s", t_diags_text(r.diags));
	json_t *q = json_array_get(json_object_get(json_object_get(r.doc, "panel"), "questions"), 0);
	cr_assert_float_eq(json_real_value(json_object_get(q, "alpha_ordinal")), 0.815, 0.0005);
	cr_assert_float_eq(json_real_value(json_object_get(q, "alpha_interval")), 0.849, 0.0005);
	cr_assert_eq(json_integer_value(json_object_get(q, "pairable")), 40);
	cr_assert_null(strstr(r.text, "nan"), "never NaN in the JSON");
	t_run_free(&r);
}
