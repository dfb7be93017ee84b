/* Fixture: stage and score include each other (rule b). */
#include "evaluating/score.h"
