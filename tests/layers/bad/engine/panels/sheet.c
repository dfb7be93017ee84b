/* Fixture: an internal header without its folder. */
#include "sheet.h"
