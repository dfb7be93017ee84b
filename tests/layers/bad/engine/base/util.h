/* Fixture: a base header that reaches up to evaluating (rule a). */
#include "evaluating/stage.h"
