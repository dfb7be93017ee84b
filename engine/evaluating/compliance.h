/* Internal: stage 2, compliance. */
#ifndef CO_COMPLIANCE_H
#define CO_COMPLIANCE_H

#include "evaluating/result.h"

/* Stage 2: compliance. */
int co_stage_compliance(co_result *res);

#endif
