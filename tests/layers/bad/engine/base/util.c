/* Fixture. */
#include "base/util.h"
