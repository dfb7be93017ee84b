/* Fixture. */
#include "base/text.h"
