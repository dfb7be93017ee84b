/* Fixture: a tool using an engine header. */
#include "evaluating/stage.h"
#include <calloff/calloff.h>
