/* Internal: the panel's agreement and leniency over an evaluation (analytics). */
#ifndef CO_PANEL_H
#define CO_PANEL_H

#include "evaluating/result.h"

/* Panel agreement and leniency from the marks of the bids that reached stage 3 (analytics). */
int co_panel_compute(co_result *res);

#endif
