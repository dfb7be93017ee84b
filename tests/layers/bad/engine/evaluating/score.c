/* Fixture: score.c closes the cycle stage -> score -> stage. */
#include "evaluating/score.h"
#include "evaluating/stage.h"
