/* Internal: exact tipping points of the weights. */
#ifndef CO_TIPPING_H
#define CO_TIPPING_H

#include <jansson.h>
#include "evaluating/result.h"

/*
 * Exact tipping points: per question and scored price item, the weights (of 100) at which the award set
 * first changes, moving up and moving down (engine/analytics/tipping.c). *out receives a JSON array.
 */
int co_tipping_points(json_t **out, const co_result *res);

#endif
