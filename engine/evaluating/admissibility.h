/* Internal: stage 1, admissibility. */
#ifndef CO_ADMISSIBILITY_H
#define CO_ADMISSIBILITY_H

#include "evaluating/result.h"

/* Stage 1: admissibility. */
int co_stage_admissibility(co_result *res);

#endif
