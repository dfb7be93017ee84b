/* Fixture: a generator using the public API, which it must not. */
#include "genio.h"
#include <calloff/calloff.h>
