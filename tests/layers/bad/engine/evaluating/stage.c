/* Fixture. */
#include "evaluating/stage.h"
