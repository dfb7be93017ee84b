/* Internal: stage 5, the award. */
#ifndef CO_AWARD_H
#define CO_AWARD_H

#include "evaluating/result.h"

/* Stages 5 and the award. */
int co_stage_award(co_result *res, co_diags *diags);

#endif
