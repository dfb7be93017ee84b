/* Fixture: reading includes the public header evaluating implements (rule c). */
#include "calloff/evaluate.h"
#include "base/text.h"
