/* Internal: how far the evaluation panel agreed (analytics: floating point, never the award). */
#ifndef CO_AGREEMENT_H
#define CO_AGREEMENT_H

#include <stddef.h>
#include "reading/marks.h"

typedef enum { CO_METRIC_NOMINAL, CO_METRIC_ORDINAL, CO_METRIC_INTERVAL } co_metric;

/* One reliability coefficient, or why it is undefined. */
typedef struct {
	int defined;
	double value;
	const char *reason; /* static text when undefined */
} co_alpha;

/*
 * Krippendorff's alpha for one variable. values[u * coders + c] is coder c's value for
 * unit u, or missing[u * coders + c] set. Units with fewer than two values are not
 * pairable and are left out; *pairable receives the number of values used.
 */
co_alpha co_krippendorff(const double *values, const unsigned char *missing, size_t units, size_t coders,
                         co_metric metric, size_t *pairable);

/*
 * Alpha under each of metrics[0..nmetrics) into out, from one pass over the data (the
 * coincidences are shared). Returns 0, or CO_ERROR when out of memory.
 */
int co_krippendorff_metrics(const double *values, const unsigned char *missing, size_t units, size_t coders,
                            const co_metric *metrics, co_alpha *out, size_t nmetrics, size_t *pairable);

/* Per question and evaluator, from the marks of the bids that reached the quality stage. */
typedef struct {
	co_alpha ordinal, interval;
	size_t pairable;
} co_question_agreement;

typedef struct {
	int defined;
	double leniency;    /* mean of (own mark - the others' mean) */
	size_t marks;       /* marks it was computed from */
	const char *reason;
} co_evaluator_leniency;

#endif
